//! `#/inventory`: the inventory simulator (库存). The worker computes every SKU's demand and
//! the catalogue's cheapest policies once per dataset ([`InventoryModel`]); the page holds the
//! user's levers and, for the chosen SKU, computes the formulas ([`formulas::formulas`]) and a
//! seeded simulation of the policy ([`simulate::simulate`], [`PAGE_REPLICATIONS`]
//! replications: a few milliseconds) at every change.
//!
//! Figures carry `data-testid` and `data-value`: `inv-eoq`, `inv-safety-stock`,
//! `inv-reorder-point`, `inv-fill-rate`, `inv-cycle-service-level`, `inv-avg-on-hand`,
//! `inv-total-cost` (p50, with `data-p5` and `data-p95`), `inv-skus-at-risk`; the inputs used
//! by the formulas are `inv-daily-demand` (data-value) and the `inv-lead-time` input.

use serde::{Deserialize, Serialize};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::kpi_card::stat;

use super::form::{number, value_of};

use super::figure::{Cell, Figure, Table};
use super::report_charts::Drawing;
use crate::charts::{self, CurveChart, CurveLine, CurveMarker};
use crate::engine::report::products::{Abc, Xyz};
use crate::engine::sim::inventory::demand::SkuDemand;
use crate::engine::sim::inventory::formulas::{self, Formulas};
use crate::engine::sim::inventory::search::{
    self, CatalogueRow, FrontierPoint, PolicyKind, SearchSettings,
};
use crate::engine::sim::inventory::simulate::{
    self, Band, DemandModel, PathDay, Policy, Shortage, SimResult, SimSettings,
};
use crate::engine::sim::inventory::{InventoryModel, InventorySettings};
use crate::engine::DatasetView;
use crate::i18n::{self, Lang, Msg};

/// Replications of the chosen SKU's simulation on the page: enough for the percentile band,
/// few enough to rerun on every change.
pub const PAGE_REPLICATIONS: u32 = 100;

/// The review period of the (R, S) policy until the user types one, in days.
pub const REVIEW_DAYS: u32 = 7;

/// How long the chosen SKU's inputs must stay unchanged before its catalogue row is searched
/// again, in milliseconds.
pub const ROW_SEARCH_DELAY_MS: u32 = 150;

/// The most rows the picker and the catalogue table list.
pub const PICKER_ROWS: usize = 200;

/// The policy family simulated for the chosen SKU.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyChoice {
    /// (s, Q) with s = reorder point, Q = EOQ.
    #[default]
    ReorderQuantity,
    /// (s, S) with s = reorder point, S = s + EOQ.
    MinMax,
    /// (R, S), R = the levers' review period, S covering R + L at the target service level.
    PeriodicReview,
}

/// The user's levers on the inventory page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InventoryLevers {
    /// The chosen SKU; `None` for the largest.
    pub sku: Option<String>,
    /// Target cycle service level, 0.5–0.999.
    pub target_csl: f64,
    /// Lead time typed by the user (else the SKU's).
    pub lead_time: Option<f64>,
    /// Lead-time standard deviation typed by the user.
    pub lead_time_sd: Option<f64>,
    /// Cost per order typed by the user.
    pub order_cost: Option<f64>,
    /// Unit cost typed by the user.
    pub unit_cost: Option<f64>,
    /// Holding rate per year typed by the user (0–1).
    pub holding_rate: Option<f64>,
    /// Policy simulated.
    pub policy: PolicyChoice,
    /// Review period R of the (R, S) policies, for the chosen SKU and the catalogue.
    pub review_days: u32,
    /// The catalogue's ABC filter.
    pub class: Option<Abc>,
    /// The catalogue's XYZ filter.
    pub xyz: Option<Xyz>,
    /// The catalogue's order.
    pub sort: SortKey,
    /// Largest first.
    pub descending: bool,
    /// The worker's inputs: defaults, target fill rate, policy family, demand model, shortage.
    pub settings: InventorySettings,
}

/// What the catalogue table is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    /// Revenue (the model's order).
    #[default]
    Revenue,
    /// Mean daily demand.
    MeanDaily,
    /// Simulated fill rate of the chosen policy.
    FillRate,
    /// Annual cost of the chosen policy.
    AnnualCost,
    /// Cash tied up under the chosen policy.
    CashTiedUp,
    /// Days of cover from current on-hand (SKUs without demand last).
    DaysOfCover,
}

impl SortKey {
    const ALL: [SortKey; 6] = [
        SortKey::Revenue,
        SortKey::MeanDaily,
        SortKey::FillRate,
        SortKey::AnnualCost,
        SortKey::CashTiedUp,
        SortKey::DaysOfCover,
    ];

    fn code(self) -> &'static str {
        match self {
            SortKey::Revenue => "revenue",
            SortKey::MeanDaily => "mean",
            SortKey::FillRate => "fill",
            SortKey::AnnualCost => "cost",
            SortKey::CashTiedUp => "cash",
            SortKey::DaysOfCover => "cover",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            SortKey::Revenue => Msg::InvColRevenue.text(lang),
            SortKey::MeanDaily => Msg::InvColMean.text(lang),
            SortKey::FillRate => Msg::InvColFillRate.text(lang),
            SortKey::AnnualCost => Msg::InvColCost.text(lang),
            SortKey::CashTiedUp => Msg::InvCashTiedUp.text(lang),
            SortKey::DaysOfCover => Msg::InvColCover.text(lang),
        }
    }

    /// The sort value of a row (`revenue` is the row's revenue, which the row does not keep).
    fn value(self, row: &CatalogueRow, revenue: f64) -> f64 {
        match self {
            SortKey::Revenue => revenue,
            SortKey::MeanDaily => row.mean_daily,
            SortKey::FillRate => row.fill_rate,
            SortKey::AnnualCost => row.annual_cost,
            SortKey::CashTiedUp => row.cash_tied_up,
            SortKey::DaysOfCover => row.days_of_cover.unwrap_or(f64::NAN),
        }
    }
}

/// The rows of the catalogue the filters keep, in the chosen order (NaN values last in either
/// direction, ties in revenue order), `edited` in place of the model's row of the same SKU.
pub fn listed_rows<'a>(
    model: &'a InventoryModel,
    levers: &InventoryLevers,
    edited: Option<&'a CatalogueRow>,
) -> Vec<&'a CatalogueRow> {
    let mut rows: Vec<(usize, &CatalogueRow)> = model
        .catalogue
        .rows
        .iter()
        .map(|r| match edited {
            Some(e) if e.sku == r.sku => e,
            _ => r,
        })
        .enumerate()
        .filter(|(_, r)| levers.class.is_none() || r.abc == levers.class)
        .filter(|(_, r)| levers.xyz.is_none() || r.xyz == levers.xyz)
        .collect();
    let revenue = |i: usize| model.skus.get(i).map_or(0.0, |s| s.revenue);
    let key = levers.sort;
    rows.sort_by(|(ia, a), (ib, b)| {
        let (va, vb) = (key.value(a, revenue(*ia)), key.value(b, revenue(*ib)));
        let order = match (va.is_nan(), vb.is_nan()) {
            (true, true) => std::cmp::Ordering::Equal,
            (true, false) => std::cmp::Ordering::Greater,
            (false, true) => std::cmp::Ordering::Less,
            _ if levers.descending => vb.total_cmp(&va),
            _ => va.total_cmp(&vb),
        };
        order.then(ia.cmp(ib))
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

impl Default for InventoryLevers {
    fn default() -> Self {
        Self {
            sku: None,
            target_csl: 0.95,
            lead_time: None,
            lead_time_sd: None,
            order_cost: None,
            unit_cost: None,
            holding_rate: None,
            policy: PolicyChoice::default(),
            review_days: REVIEW_DAYS,
            class: None,
            xyz: None,
            sort: SortKey::default(),
            descending: true,
            settings: InventorySettings::default(),
        }
    }
}

/// The page's state, kept by the app across pages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InventoryState {
    /// The levers, and the dataset version they were set for.
    pub levers: Option<(u64, InventoryLevers)>,
}

impl InventoryState {
    /// The levers for dataset `version`: the user's, or the defaults for a new dataset.
    pub fn levers(&self, version: u64) -> InventoryLevers {
        self.levers
            .as_ref()
            .filter(|(v, _)| *v == version)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    }
}

/// Whether the user typed any of the chosen SKU's inputs.
pub fn sku_edited(levers: &InventoryLevers) -> bool {
    levers.lead_time.is_some()
        || levers.lead_time_sd.is_some()
        || levers.order_cost.is_some()
        || levers.unit_cost.is_some()
        || levers.holding_rate.is_some()
}

/// The chosen SKU with the user's inputs applied.
pub fn edited_sku(model: &InventoryModel, levers: &InventoryLevers) -> Option<SkuDemand> {
    let base = levers
        .sku
        .as_ref()
        .and_then(|s| model.skus.iter().find(|k| &k.sku == s))
        .or(model.skus.first())?;
    let mut sku = base.clone();
    if let Some(v) = levers.lead_time {
        sku.lead_time_days = v;
    }
    if let Some(v) = levers.lead_time_sd {
        sku.lead_time_sd_days = v;
    }
    if let Some(v) = levers.order_cost {
        sku.order_cost = v;
    }
    if let Some(v) = levers.unit_cost {
        sku.unit_cost = v;
    }
    if let Some(v) = levers.holding_rate {
        sku.holding_cost_rate = v;
    }
    Some(sku)
}

/// The policy simulated for a SKU, from its formulas (R for (R, S): `review_days`).
pub fn policy_of(choice: PolicyChoice, review_days: u32, sku: &SkuDemand, f: &Formulas) -> Policy {
    let review_days = review_days.max(1);
    let q = f.order_quantity.max(1.0);
    match choice {
        PolicyChoice::ReorderQuantity => Policy::ReorderQuantity {
            s: f.reorder_point,
            q,
        },
        PolicyChoice::MinMax => Policy::MinMax {
            s: f.reorder_point,
            big_s: f.reorder_point + q,
        },
        PolicyChoice::PeriodicReview => {
            let horizon = sku.lead_time_days + f64::from(review_days);
            let sigma =
                formulas::lead_time_demand_sd(sku.mean, sku.sd, horizon, sku.lead_time_sd_days);
            Policy::PeriodicReview {
                review_days,
                big_s: sku.mean * horizon + f.z * sigma,
            }
        }
    }
}

/// The chosen SKU's simulation (seeded by the SKU), with the catalogue's demand model and
/// shortage mode.
pub fn run(sku: &SkuDemand, policy: Policy, catalogue: &SimSettings) -> SimResult {
    let settings = SimSettings {
        replications: PAGE_REPLICATIONS,
        seed: search::sku_seed(catalogue.seed, &sku.sku),
        ..catalogue.clone()
    };
    simulate::simulate(sku, policy, &settings)
}

/// Properties of [`InventoryPage`].
#[derive(Properties, PartialEq)]
pub struct InventoryProps {
    /// The loaded dataset's view.
    pub view: Rc<DatasetView>,
    /// Interface language.
    pub lang: Lang,
    /// The model: `None` while it is computed, `Some(None)` without demand.
    pub model: Option<Option<Rc<InventoryModel>>>,
    /// The page's state.
    pub state: InventoryState,
    /// The page changed its state.
    pub on_change: Callback<InventoryState>,
    /// The dataset version (levers are reset for a new dataset).
    pub version: u64,
    /// How far the worker's catalogue search has got (SKUs done, total), while it runs.
    pub progress: Option<(u32, u32)>,
    /// The worker's latest answer to `on_search_row`: the SKU and settings searched, its row.
    pub searched_row: Option<(SkuDemand, SearchSettings, Rc<CatalogueRow>)>,
    /// Asks the worker for one SKU's row with the inputs the user typed.
    pub on_search_row: Callback<(SkuDemand, SearchSettings)>,
}

fn num(v: f64, decimals: usize) -> String {
    if v.is_finite() {
        i18n::format_number(v, decimals)
    } else {
        "–".into()
    }
}

fn round2(v: f64) -> String {
    format!("{}", (v * 100.0).round() / 100.0)
}

fn class_text(row: &CatalogueRow) -> String {
    let abc = row.abc.map_or("–".to_owned(), |a| format!("{a:?}"));
    let xyz = row.xyz.map_or(String::new(), |x| format!("{x:?}"));
    format!("{abc}{xyz}")
}

fn policy_text(policy: Option<Policy>) -> String {
    match policy {
        Some(Policy::ReorderQuantity { s, q }) => format!("(s={}, Q={})", num(s, 0), num(q, 0)),
        Some(Policy::MinMax { s, big_s }) => format!("(s={}, S={})", num(s, 0), num(big_s, 0)),
        Some(Policy::PeriodicReview { review_days, big_s }) => {
            format!("(R={review_days}, S={})", num(big_s, 0))
        }
        None => "–".into(),
    }
}

/// A simulated metric: p50 with its p5–p95 band.
fn band_stat(testid: &'static str, label: &str, band: &Band, fmt: &dyn Fn(f64) -> String) -> Html {
    html! {
        <div class="stat headline" data-testid={testid} data-value={band.p50.to_string()}
            data-p5={band.p5.to_string()} data-p95={band.p95.to_string()}>
            <dt>{label.to_owned()}</dt>
            <dd>{fmt(band.p50)}</dd>
            <dd class="muted small">{format!("{} – {}", fmt(band.p5), fmt(band.p95))}</dd>
        </div>
    }
}

/// The sample path: on hand and on order per day, stock-out days marked.
fn path_drawing(path: &[PathDay], lang: Lang) -> Drawing {
    let on_hand: Vec<(f64, f64)> = path
        .iter()
        .enumerate()
        .map(|(i, d)| (i as f64, d.on_hand))
        .collect();
    let on_order: Vec<(f64, f64)> = path
        .iter()
        .enumerate()
        .map(|(i, d)| (i as f64, d.on_order))
        .collect();
    let ordered: Vec<(f64, f64)> = path
        .iter()
        .enumerate()
        .map(|(i, d)| (i as f64, d.ordered))
        .collect();
    // Stock-out days as a band along the axis, one day wide each (consecutive days join), in
    // the legend: a dot per day piled up into an unreadable row on a SKU out most days.
    let last_day = path.len().saturating_sub(1) as f64;
    let outs: Vec<(f64, f64)> = path
        .iter()
        .enumerate()
        .filter(|(_, d)| d.short > 0.0)
        .flat_map(|(i, _)| {
            let x = i as f64;
            [
                ((x - 0.5).max(0.0), 0.0),
                ((x + 0.5).min(last_day), 0.0),
                (f64::NAN, f64::NAN),
            ]
        })
        .collect();
    Drawing {
        height: 300.0,
        draw: Rc::new(move |area, scale| {
            let lines = [
                CurveLine {
                    name: Msg::InvOnHand.text(lang),
                    points: &on_hand,
                    dashed_from: None,
                    color: 0,
                },
                CurveLine {
                    name: Msg::InvOnOrder.text(lang),
                    points: &on_order,
                    dashed_from: None,
                    color: 1,
                },
                CurveLine {
                    name: Msg::InvOrdered.text(lang),
                    points: &ordered,
                    dashed_from: None,
                    color: 2,
                },
                CurveLine {
                    name: Msg::InvStockoutDay.text(lang),
                    points: &outs,
                    dashed_from: None,
                    // Vermillion (Okabe–Ito), apart from the three lines' blues.
                    color: 5,
                },
            ];
            let units = super::CompactAxis(lang);
            let days = |v: f64| format!("{v:.0}");
            if let Err(e) = charts::draw_curve_chart(
                area,
                &CurveChart {
                    title: "",
                    lines: &lines,
                    band: None,
                    scatter: &[],
                    off_scale: None,
                    markers: &[],
                    x_title: Msg::InvDay.text(lang),
                    y_title: Msg::InvOnHand.text(lang),
                    format_x: &days,
                    format_y: &units,
                    empty_text: Msg::ChartEmpty.text(lang),
                    x_from_zero: true,
                    scale,
                },
            ) {
                gloo::console::error!(format!("chart: {e}"));
            }
        }),
    }
}

/// The numbers behind the sample path.
fn path_table(path: &[PathDay], lang: Lang) -> Table {
    let n = |v: f64| Cell::number(v, num(v, 0));
    Table {
        header: vec![
            Msg::InvDay.text(lang).into(),
            Msg::InvOnHand.text(lang).into(),
            Msg::InvOnOrder.text(lang).into(),
            Msg::InvOrdered.text(lang).into(),
            Msg::InvShort.text(lang).into(),
        ],
        rows: path
            .iter()
            .enumerate()
            .map(|(i, d)| {
                vec![
                    n(i as f64),
                    n(d.on_hand),
                    n(d.on_order),
                    n(d.ordered),
                    n(d.short),
                ]
            })
            .collect(),
    }
}

/// Every simulated metric's band over the replications: mean, 5th percentile, median, 95th.
fn bands_table(r: &SimResult, money: &dyn Fn(f64) -> String, lang: Lang) -> Table {
    let s = &r.summary;
    let pct = |v: f64| i18n::format_percent(v);
    let days = |v: f64| num(v, 1);
    type Format<'a> = &'a dyn Fn(f64) -> String;
    let rows: [(&str, &Band, Format); 11] = [
        (Msg::InvSimFillRate.text(lang), &s.fill_rate, &pct),
        (
            Msg::InvCycleServiceLevel.text(lang),
            &s.cycle_service_level,
            &pct,
        ),
        (Msg::InvStockoutDays.text(lang), &s.stockout_days, &days),
        (Msg::InvAvgOnHand.text(lang), &s.avg_on_hand, &days),
        (Msg::InvTurnover.text(lang), &s.turnover, &days),
        (
            Msg::InvDaysOfInventory.text(lang),
            &s.days_of_inventory,
            &days,
        ),
        (Msg::InvOrdersPlaced.text(lang), &s.orders, &days),
        (Msg::InvHoldingCost.text(lang), &s.holding_cost, money),
        (Msg::InvOrderingCost.text(lang), &s.ordering_cost, money),
        (Msg::InvShortageCost.text(lang), &s.shortage_cost, money),
        (Msg::InvTotalCost.text(lang), &s.total_cost, money),
    ];
    Table {
        header: vec![
            Msg::InvColMetric.text(lang).into(),
            Msg::InvColMeanValue.text(lang).into(),
            "p5".into(),
            Msg::InvColMedian.text(lang).into(),
            "p95".into(),
        ],
        rows: rows
            .iter()
            .map(|(name, b, f)| {
                vec![
                    Cell::text(*name),
                    Cell::number(b.mean, f(b.mean)),
                    Cell::number(b.p5, f(b.p5)),
                    Cell::number(b.p50, f(b.p50)),
                    Cell::number(b.p95, f(b.p95)),
                ]
            })
            .collect(),
    }
}

/// The catalogue table: the listed rows, at most [`PICKER_ROWS`]; the current policy's column
/// only when some row has one; `edited` is the SKU whose row follows the user's inputs.
fn catalogue_table(
    rows: &[&CatalogueRow],
    edited: Option<&str>,
    currency: &str,
    lang: Lang,
) -> Table {
    let money = |v: f64| Cell::number(v, i18n::format_money(v, currency));
    let any_current = rows.iter().any(|r| r.current.is_some());
    let mut header: Vec<String> = vec![
        Msg::InvColSku.text(lang).into(),
        Msg::InvColClass.text(lang).into(),
        Msg::InvColMean.text(lang).into(),
        Msg::InvPolicy.text(lang).into(),
        Msg::InvColFillRate.text(lang).into(),
        Msg::InvColCost.text(lang).into(),
        Msg::InvCashTiedUp.text(lang).into(),
        Msg::InvColCover.text(lang).into(),
        Msg::InvColFlags.text(lang).into(),
    ];
    if any_current {
        header.push(Msg::InvColCurrent.text(lang).into());
    }
    Table {
        header,
        rows: rows
            .iter()
            .take(PICKER_ROWS)
            .map(|r| {
                let mut flags = Vec::new();
                if r.stock_out_risk {
                    flags.push(Msg::InvAtRisk.text(lang));
                }
                if r.overstock {
                    flags.push(Msg::InvOverstock.text(lang));
                }
                if !r.stock_known {
                    flags.push(Msg::InvNoStockCount.text(lang));
                }
                if edited == Some(r.sku.as_str()) {
                    flags.push(Msg::InvEdited.text(lang));
                }
                let name = if lang == Lang::Zh {
                    &r.name_zh
                } else {
                    &r.name
                };
                let label = if name.is_empty() || *name == r.sku {
                    r.sku.clone()
                } else {
                    format!("{} · {name}", r.sku)
                };
                let mut cells = vec![
                    Cell::text(label),
                    Cell::text(class_text(r)),
                    Cell::number(r.mean_daily, num(r.mean_daily, 2)),
                    Cell::text(policy_text(r.policy)),
                    Cell::number(r.fill_rate, i18n::format_percent(r.fill_rate)),
                    money(r.annual_cost),
                    money(r.cash_tied_up),
                    Cell::maybe(r.days_of_cover, |v| num(v, 0)),
                    Cell::text(flags.join(", ")),
                ];
                if any_current {
                    cells.push(Cell::text(match r.current {
                        Some((p, o)) => format!(
                            "{} · {}",
                            policy_text(Some(p)),
                            i18n::format_percent(o.fill_rate)
                        ),
                        None => "–".into(),
                    }));
                }
                cells
            })
            .collect(),
    }
}

/// The cash-versus-service chart: the frontier (x: fill rate in %, y: cash tied up), the
/// chosen target's point and the current policies' point.
fn frontier_drawing(
    frontier: &[FrontierPoint],
    chosen: (f64, f64, f64),
    current: Option<(f64, f64, f64)>,
    target: f64,
    currency: &str,
    lang: Lang,
) -> Drawing {
    let points: Vec<(f64, f64)> = frontier
        .iter()
        .map(|p| (p.fill_rate * 100.0, p.cash_tied_up))
        .collect();
    let symbol = i18n::currency_symbol(currency);
    let cost = |v: f64| format!("{symbol}{}", i18n::format_compact(v, lang));
    // The axis is cash in stock; each marker says its cash and its yearly cost.
    let chosen_label = Msg::InvChosenMarker
        .text(lang)
        .replace("{target}", &i18n::format_percent(target))
        .replace("{cash}", &cost(chosen.1))
        .replace("{cost}", &cost(chosen.2));
    let current_label = current
        .map(|c| {
            Msg::InvCurrentMarker
                .text(lang)
                .replace("{cash}", &cost(c.1))
                .replace("{cost}", &cost(c.2))
        })
        .unwrap_or_default();
    let currency = currency.to_owned();
    Drawing {
        height: 300.0,
        draw: Rc::new(move |area, scale| {
            let lines = [CurveLine {
                name: Msg::InvFrontierLine.text(lang),
                points: &points,
                dashed_from: None,
                color: 0,
            }];
            let mut markers = vec![CurveMarker {
                x: chosen.0 * 100.0,
                y: chosen.1,
                label: &chosen_label,
            }];
            if let Some((fill, cash, _)) = current {
                markers.push(CurveMarker {
                    x: fill * 100.0,
                    y: cash,
                    label: &current_label,
                });
            }
            let money = super::axis_money(&currency, lang);
            let pct = |v: f64| format!("{}%", i18n::format_number(v, 1));
            if let Err(e) = charts::draw_curve_chart(
                area,
                &CurveChart {
                    title: "",
                    lines: &lines,
                    band: None,
                    scatter: &[],
                    off_scale: None,
                    markers: &markers,
                    x_title: Msg::InvColFillRate.text(lang),
                    y_title: Msg::InvCashTiedUp.text(lang),
                    format_x: &pct,
                    format_y: &money,
                    empty_text: Msg::ChartEmpty.text(lang),
                    x_from_zero: false,
                    scale,
                },
            ) {
                gloo::console::error!(format!("chart: {e}"));
            }
        }),
    }
}

/// The numbers behind the frontier chart, then the marked points: the cheapest policies for
/// the chosen target and the current policies.
fn frontier_table(
    frontier: &[FrontierPoint],
    chosen: (f64, f64, f64),
    current: Option<(f64, f64, f64)>,
    currency: &str,
    lang: Lang,
) -> Table {
    let money = |v: f64| Cell::number(v, i18n::format_money(v, currency));
    let pct = |v: f64| Cell::number(v, i18n::format_percent(v));
    let mut rows: Vec<Vec<Cell>> = frontier
        .iter()
        .map(|p| {
            vec![
                pct(p.target),
                pct(p.fill_rate),
                money(p.cash_tied_up),
                money(p.annual_cost),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::text(Msg::InvColChosen.text(lang)),
        pct(chosen.0),
        money(chosen.1),
        money(chosen.2),
    ]);
    if let Some((fill, cash, cost)) = current {
        rows.push(vec![
            Cell::text(Msg::InvColCurrent.text(lang)),
            pct(fill),
            money(cash),
            money(cost),
        ]);
    }
    Table {
        header: vec![
            Msg::InvColTarget.text(lang).into(),
            Msg::InvColFillRate.text(lang).into(),
            Msg::InvCashTiedUp.text(lang).into(),
            Msg::InvColCost.text(lang).into(),
        ],
        rows,
    }
}

/// The picker's options: SKUs whose code or name contains `search`, largest revenue first, at
/// most [`PICKER_ROWS`], plus the chosen one. Also returns how many matched.
fn picker_options(model: &InventoryModel, chosen: &str, search: &str, lang: Lang) -> (Html, usize) {
    let needle = search.trim().to_lowercase();
    let matching: Vec<&SkuDemand> = model
        .skus
        .iter()
        .filter(|s| {
            needle.is_empty()
                || s.sku.to_lowercase().contains(&needle)
                || s.name.to_lowercase().contains(&needle)
                || s.name_zh.to_lowercase().contains(&needle)
        })
        .collect();
    let matched = matching.len();
    let mut rows: Vec<&SkuDemand> = matching.into_iter().take(PICKER_ROWS).collect();
    if let Some(c) = model.skus.iter().find(|s| s.sku == chosen) {
        if !rows.iter().any(|r| r.sku == chosen) {
            rows.insert(0, c);
        }
    }
    let options = rows.into_iter().map(|s| {
        let name = if lang == Lang::Zh {
            &s.name_zh
        } else {
            &s.name
        };
        let text = if name.is_empty() || *name == s.sku {
            s.sku.clone()
        } else {
            format!("{} · {name}", s.sku)
        };
        html! { <option value={s.sku.clone()} selected={s.sku == chosen}>{text}</option> }
    });
    (html! { <>{for options}</> }, matched)
}

/// The inventory page.
#[function_component(InventoryPage)]
pub fn inventory_page(props: &InventoryProps) -> Html {
    let lang = props.lang;
    let currency = props.view.currency.clone();
    let levers = props.state.levers(props.version);
    let search = use_state(String::new);
    let sku = match &props.model {
        Some(Some(m)) => edited_sku(m, &levers),
        _ => None,
    };
    let chosen = sku.as_ref().map(|s| s.sku.clone()).unwrap_or_default();
    let options = {
        let model = props.model.clone();
        use_memo(
            (
                props.version,
                chosen.clone(),
                model.is_some(),
                (*search).clone(),
                lang,
            ),
            move |(_, chosen, _, search, lang)| match &model {
                Some(Some(m)) => picker_options(m, chosen, search, *lang),
                _ => (Html::default(), 0),
            },
        )
    };
    let formulas = sku
        .as_ref()
        .map(|s| formulas::formulas(s, levers.target_csl));
    // Memo keys: the levers and which model they apply to (a new model arrives with the same
    // levers when the worker has caught up with new settings).
    let model_id = match &props.model {
        Some(Some(m)) => Rc::as_ptr(m) as usize,
        _ => 0,
    };
    // What the chosen SKU's simulation and catalogue row depend on (not the table's filters).
    let sku_key = format!(
        "{:?}",
        (
            &levers.sku,
            levers.target_csl,
            (levers.lead_time, levers.lead_time_sd, levers.order_cost),
            (levers.unit_cost, levers.holding_rate),
            (levers.policy, levers.review_days),
            &levers.settings,
        )
    );
    let sim = {
        let key = (props.version, model_id, sku_key.clone());
        let (sku, formulas, levers) = (sku.clone(), formulas.clone(), levers.clone());
        use_memo(key, move |_| {
            let (sku, f) = (sku.as_ref()?, formulas.as_ref()?);
            let policy = policy_of(levers.policy, levers.review_days, sku, f);
            Some(run(sku, policy, &levers.settings.search.sim))
        })
    };
    // The chosen SKU's catalogue row again, when the user typed its inputs: the catalogue
    // follows the edits (one SKU's search: a few milliseconds).
    // It is searched by the worker (a few milliseconds there, none on this thread) once the
    // inputs have settled for [`ROW_SEARCH_DELAY_MS`] (a slider sends dozens of values while it
    // is dragged), and shown when its answer matches the current inputs.
    {
        let key = format!("{}|{model_id}|{sku_key}", props.version);
        let (sku, levers, ask) = (sku.clone(), levers.clone(), props.on_search_row.clone());
        use_effect_with(key, move |_| {
            let pending = sku.filter(|_| sku_edited(&levers)).map(|sku| {
                gloo::timers::callback::Timeout::new(ROW_SEARCH_DELAY_MS, move || {
                    ask.emit((sku, levers.settings.search.clone()));
                })
            });
            // A newer edit drops the pending request.
            move || drop(pending)
        });
    }
    let edited_row: Option<Rc<CatalogueRow>> = props
        .searched_row
        .as_ref()
        .filter(|(s, settings, _)| {
            sku_edited(&levers) && sku.as_ref() == Some(s) && *settings == levers.settings.search
        })
        .map(|(_, _, row)| row.clone());
    let progress_bar = |progress: Option<(u32, u32)>| match progress {
        Some((done, total)) => html! {
            <div class="inv-progress" role="status" data-testid="inv-progress"
                data-value={done.to_string()} data-total={total.to_string()}>
                <progress max={total.max(1).to_string()} value={done.to_string()}></progress>
                {" "}
                <span class="muted small">{Msg::InvProgress.text(lang)
                    .replace("{done}", &i18n::format_number(f64::from(done), 0))
                    .replace("{total}", &i18n::format_number(f64::from(total), 0))}</span>
            </div>
        },
        None => Html::default(),
    };
    let model = match &props.model {
        None => {
            return html! {
                <section class="page" aria-busy="true">
                    <h2>{Msg::InventoryTitle.text(lang)}</h2>
                    <p class="loading" data-testid="inv-loading">{Msg::InventoryComputing.text(lang)}</p>
                    {progress_bar(props.progress)}
                </section>
            }
        }
        Some(None) => {
            return html! {
                <section class="page inventory" aria-labelledby="inventory-title">
                    <h2 id="inventory-title">{Msg::InventoryTitle.text(lang)}</h2>
                    <p class="lead">{Msg::InventoryLead.text(lang)}</p>
                    <p class="notice warn" data-testid="inv-no-data">{Msg::InventoryNoData.text(lang)}</p>
                </section>
            }
        }
        Some(Some(m)) => m.clone(),
    };
    let (Some(sku), Some(f)) = (sku, formulas) else {
        return Html::default();
    };
    let money = {
        let currency = currency.clone();
        move |v: f64| {
            if v.is_finite() {
                i18n::format_money(v, &currency)
            } else {
                "–".into()
            }
        }
    };
    let set = {
        let (on_change, version) = (props.on_change.clone(), props.version);
        Callback::from(move |levers: InventoryLevers| {
            on_change.emit(InventoryState {
                levers: Some((version, levers)),
            })
        })
    };
    let file_stem = "inventory".to_owned();
    // Each figure redraws only when what it shows changes: the path with the chosen SKU's
    // inputs, the exchange curve and the table with the listed rows.
    let figure_version = |what: &str| {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (props.version, model_id, lang, what).hash(&mut h);
        h.finish()
    };
    let path_version = figure_version(&sku_key);
    let catalogue_version = figure_version(&format!(
        "{:?}",
        (
            levers.class,
            levers.xyz,
            levers.sort,
            levers.descending,
            &levers.settings,
            edited_row.as_ref(),
        )
    ));

    // The picker.
    let picker = {
        let (levers, set) = (levers.clone(), set.clone());
        let onchange = Callback::from(move |e: Event| {
            if let Some(sku) = value_of(&e) {
                set.emit(InventoryLevers {
                    sku: Some(sku),
                    lead_time: None,
                    lead_time_sd: None,
                    order_cost: None,
                    unit_cost: None,
                    holding_rate: None,
                    ..levers.clone()
                });
            }
        });
        let oninput = {
            let search = search.clone();
            Callback::from(move |e: InputEvent| {
                if let Some(input) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                {
                    search.set(input.value());
                }
            })
        };
        let (list, matched) = (&options.0, options.1);
        html! {
            <div class="pricing-picker">
                <label>{Msg::PricingSearch.text(lang)}{" "}
                    <input type="search" data-testid="inv-search" value={(*search).clone()} {oninput}
                        placeholder={Msg::PricingSearchHint.text(lang)} />
                </label>{" "}
                <label>{Msg::InvPick.text(lang)}{" "}
                    <select data-testid="inv-product" {onchange}>{list.clone()}</select>
                </label>
                <p class="muted small" data-testid="inv-matched" data-value={matched.to_string()}>
                    {Msg::PricingShowing.text(lang)
                        .replace("{shown}", &i18n::format_number(matched.min(PICKER_ROWS) as f64, 0))
                        .replace("{matched}", &i18n::format_number(matched as f64, 0))
                        .replace("{total}", &i18n::format_number(model.skus.len() as f64, 0))}
                </p>
            </div>
        }
    };

    // The inputs.
    let number_input = |testid: &'static str,
                        label: &'static str,
                        shown: String,
                        apply: fn(&mut InventoryLevers, Option<f64>)| {
        let (levers, set) = (levers.clone(), set.clone());
        html! {
            <label>{label}{" "}
                <input type="number" data-testid={testid} value={shown} step="any" min="0" class="narrow"
                    onchange={move |e: Event| {
                        let typed = value_of(&e).as_deref().and_then(number).map(|v| v.max(0.0));
                        let mut next = levers.clone();
                        apply(&mut next, typed);
                        set.emit(next);
                    }} />
            </label>
        }
    };
    // Range sliders for the two levers a trainee moves most: the what-if follows each move.
    let slider = |testid: &'static str,
                  label: &'static str,
                  (min, max, step): (f64, f64, f64),
                  value: f64,
                  apply: fn(&mut InventoryLevers, f64)| {
        let (levers, set) = (levers.clone(), set.clone());
        // Beside its number box, which names it on screen: the slider's name is for screen
        // readers only (the same words shown twice read as two different settings).
        html! {
            <label class="slider"><span class="visually-hidden">{label}</span>
                <input type="range" data-testid={testid} min={min.to_string()} max={max.to_string()}
                    step={step.to_string()} value={value.to_string()}
                    oninput={move |e: InputEvent| {
                        let v = e
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                            .and_then(|i| number(&i.value()));
                        if let Some(v) = v {
                            let mut next = levers.clone();
                            apply(&mut next, v);
                            set.emit(next);
                        }
                    }} />
            </label>
        }
    };
    let inputs = html! {
        <div class="levers">
            <span class="lever-pair">
                {number_input("inv-target-csl", Msg::InvTargetCsl.text(lang), round2(levers.target_csl * 100.0),
                    |l, v| if let Some(v) = v { l.target_csl = (v / 100.0).clamp(0.5, 0.999) })}
                {slider("inv-target-csl-slider", Msg::InvTargetCsl.text(lang), (50.0, 99.9, 0.1),
                    levers.target_csl * 100.0, |l, v| l.target_csl = (v / 100.0).clamp(0.5, 0.999))}
            </span>
            <span class="lever-pair">
                {number_input("inv-lead-time", Msg::InvLeadTime.text(lang), round2(sku.lead_time_days),
                    |l, v| l.lead_time = v)}
                {slider("inv-lead-time-slider", Msg::InvLeadTime.text(lang), (0.0, (sku.lead_time_days * 3.0).max(30.0).round(), 1.0),
                    sku.lead_time_days, |l, v| l.lead_time = Some(v.max(0.0)))}
            </span>
            {number_input("inv-lead-time-sd", Msg::InvLeadTimeSd.text(lang), round2(sku.lead_time_sd_days),
                |l, v| l.lead_time_sd = v)}
            {number_input("inv-order-cost", Msg::InvOrderCost.text(lang), round2(sku.order_cost),
                |l, v| l.order_cost = v)}
            {number_input("inv-unit-cost", Msg::InvUnitCost.text(lang), round2(sku.unit_cost),
                |l, v| l.unit_cost = v.filter(|c| *c > 0.0))}
            {number_input("inv-holding-rate", Msg::InvHoldingRate.text(lang), round2(sku.holding_cost_rate * 100.0),
                |l, v| l.holding_rate = v.map(|r| r / 100.0))}
        </div>
    };
    let assumed = sku.assumed;
    let any_assumed = assumed.on_hand
        || assumed.unit_cost
        || assumed.lead_time
        || assumed.lead_time_sd
        || assumed.order_cost
        || assumed.holding_cost_rate;

    // The formulas with their inputs substituted.
    let lines = [
        format!(
            "D = 365 × d = 365 × {} = {};  h = {} × {}% = {}",
            num(f.daily_demand, 3),
            num(f.annual_demand, 1),
            num(sku.unit_cost, 2),
            num(sku.holding_cost_rate * 100.0, 1),
            num(f.holding_cost, 3)
        ),
        if f.holding_cost > 0.0 {
            format!(
                "EOQ = √(2DK / h) = √(2 × {} × {} / {}) = {}",
                num(f.annual_demand, 1),
                num(f.order_cost, 2),
                num(f.holding_cost, 3),
                num(f.eoq.quantity, 1)
            )
        } else {
            format!("EOQ = √(2DK / h): h = 0, {}", Msg::InvNoEoq.text(lang))
        },
        // The quantity ordered: the EOQ rounded up, at least the MOQ (a year's demand
        // without a holding cost).
        if f.holding_cost > 0.0 {
            format!(
                "Q = max(⌈EOQ⌉, MOQ) = max({}, {}) = {}",
                num(f.eoq.quantity.ceil(), 0),
                num(sku.moq, 0),
                num(f.order_quantity, 0)
            )
        } else {
            format!(
                "Q = max(⌈D⌉, MOQ) = max({}, {}) = {}",
                num(f.annual_demand.ceil(), 0),
                num(sku.moq, 0),
                num(f.order_quantity, 0)
            )
        },
        format!(
            "σ_LT = √(L·σ_d² + d²·σ_L²) = √({} × {}² + {}² × {}²) = {}",
            num(f.lead_time, 2),
            num(f.daily_sd, 3),
            num(f.daily_demand, 3),
            num(f.lead_time_sd, 2),
            num(f.sigma_lt, 2)
        ),
        format!(
            "SS = z·σ_LT = Φ⁻¹({}) × {} = {} × {} = {}",
            num(f.target_csl, 3),
            num(f.sigma_lt, 2),
            num(f.z, 3),
            num(f.sigma_lt, 2),
            num(f.safety_stock, 2)
        ),
        format!(
            "ROP = d·L + SS = {} × {} + {} = {}",
            num(f.daily_demand, 3),
            num(f.lead_time, 2),
            num(f.safety_stock, 2),
            num(f.reorder_point, 2)
        ),
        format!(
            "{} = 1 − σ_LT·G(z) / Q = 1 − {} × G({}) / {} = {}",
            Msg::InvFillRateSymbol.text(lang),
            num(f.sigma_lt, 2),
            num(f.z, 3),
            num(f.order_quantity, 1),
            i18n::format_percent(f.fill_rate)
        ),
    ];
    let formulas_html = html! {
        <section aria-labelledby="inv-formulas-title">
            <h3 id="inv-formulas-title">{Msg::InvFormulasTitle.text(lang)}</h3>
            {inputs}
            if any_assumed { <p class="muted small">{Msg::InvAssumed.text(lang)}</p> }
            <dl class="stats headlines">
                <div class="stat headline" data-testid="inv-daily-demand" data-value={f.daily_demand.to_string()}
                    data-sd={f.daily_sd.to_string()}>
                    <dt>{Msg::InvDailyDemand.text(lang)}</dt>
                    <dd>{format!("{} ± {}", num(f.daily_demand, 2), num(f.daily_sd, 2))}</dd>
                </div>
                if f.holding_cost > 0.0 {
                    {stat("inv-eoq", Msg::InvEoq.text(lang), f.eoq.quantity, num(f.eoq.quantity, 0))}
                } else {
                    // No holding cost: the EOQ has no bound (data-value "Infinity", as
                    // JavaScript's Number reads it).
                    <div class="stat headline" data-testid="inv-eoq" data-value="Infinity">
                        <dt>{Msg::InvEoq.text(lang)}</dt><dd>{Msg::InvEoqUnbounded.text(lang)}</dd>
                    </div>
                }
                {stat("inv-safety-stock", Msg::InvSafetyStock.text(lang), f.safety_stock, num(f.safety_stock, 1))}
                {stat("inv-reorder-point", Msg::InvReorderPoint.text(lang), f.reorder_point, num(f.reorder_point, 1))}
                {stat("inv-fill-rate", Msg::InvFillRate.text(lang), f.fill_rate, i18n::format_percent(f.fill_rate))}
            </dl>
            <pre class="formulas" data-testid="inv-formulas">{lines.join("\n")}</pre>
        </section>
    };

    // The simulation.
    let policy_select = {
        let p = levers.policy;
        let (levers, set) = (levers.clone(), set.clone());
        let onchange = Callback::from(move |e: Event| {
            let policy = match value_of(&e).as_deref() {
                Some("ss") => PolicyChoice::MinMax,
                Some("rs") => PolicyChoice::PeriodicReview,
                _ => PolicyChoice::ReorderQuantity,
            };
            set.emit(InventoryLevers {
                policy,
                ..levers.clone()
            });
        });
        html! {
            <label>{Msg::InvPolicy.text(lang)}{" "}
                <select data-testid="inv-policy" {onchange}>
                    <option value="sq" selected={p == PolicyChoice::ReorderQuantity}>{Msg::InvPolicySq.text(lang)}</option>
                    <option value="ss" selected={p == PolicyChoice::MinMax}>{Msg::InvPolicySs.text(lang)}</option>
                    <option value="rs" selected={p == PolicyChoice::PeriodicReview}>{Msg::InvPolicyRs.text(lang)}</option>
                </select>
            </label>
        }
    };
    // A select bound to the levers (the worker's settings recompute the catalogue; the
    // table's filters and order only re-list it).
    let select = |testid: &'static str,
                  label: &'static str,
                  options: Vec<(&'static str, String, bool)>,
                  apply: fn(&mut InventoryLevers, &str)| {
        let (levers, set) = (levers.clone(), set.clone());
        let onchange = Callback::from(move |e: Event| {
            if let Some(v) = value_of(&e) {
                let mut next = levers.clone();
                apply(&mut next, &v);
                set.emit(next);
            }
        });
        let options = options.into_iter().map(|(value, text, selected)| {
            html! { <option {value} {selected}>{text}</option> }
        });
        html! {
            <label>{label}{" "}<select data-testid={testid} {onchange}>{for options}</select></label>
        }
    };
    let sim_settings = &levers.settings.search.sim;
    let shortage_select = select(
        "inv-shortage",
        Msg::InvShortage.text(lang),
        vec![
            (
                "lost",
                Msg::InvLostSales.text(lang).to_owned(),
                sim_settings.shortage == Shortage::LostSales,
            ),
            (
                "back",
                Msg::InvBackorders.text(lang).to_owned(),
                sim_settings.shortage == Shortage::Backorders,
            ),
        ],
        |l, v| {
            l.settings.search.sim.shortage = if v == "back" {
                Shortage::Backorders
            } else {
                Shortage::LostSales
            }
        },
    );
    let demand_select = select(
        "inv-demand-model",
        Msg::InvDemandModel.text(lang),
        vec![
            (
                "bootstrap",
                Msg::InvDemandBootstrap.text(lang).to_owned(),
                sim_settings.demand == DemandModel::Bootstrap,
            ),
            (
                "normal",
                Msg::InvDemandNormal.text(lang).to_owned(),
                sim_settings.demand == DemandModel::Normal,
            ),
            (
                "poisson",
                Msg::InvDemandPoisson.text(lang).to_owned(),
                sim_settings.demand == DemandModel::Poisson,
            ),
        ],
        |l, v| {
            l.settings.search.sim.demand = match v {
                "normal" => DemandModel::Normal,
                "poisson" => DemandModel::Poisson,
                _ => DemandModel::Bootstrap,
            }
        },
    );
    let review_input = number_input(
        "inv-review-days",
        Msg::InvReviewDays.text(lang),
        levers.review_days.to_string(),
        |l, v| {
            if let Some(v) = v {
                // Whole days, 1 to a year; the catalogue's (R, S) family follows.
                l.review_days = v.round().clamp(1.0, 365.0) as u32;
                if let PolicyKind::PeriodicReview { .. } = l.settings.search.kind {
                    l.settings.search.kind = PolicyKind::PeriodicReview {
                        review_days: l.review_days,
                    };
                }
            }
        },
    );
    let sim_html = match sim.as_ref() {
        None => Html::default(),
        Some(r) => {
            let pct = |v: f64| i18n::format_percent(v);
            let units = |v: f64| num(v, 1);
            let m = |v: f64| money(v);
            html! {
                <>
                    <p class="muted small">{policy_text(Some(r.policy))}{" · "}{Msg::InvSimNote.text(lang)}</p>
                    <dl class="stats headlines">
                        {band_stat("inv-sim-fill-rate", Msg::InvSimFillRate.text(lang), &r.summary.fill_rate, &pct)}
                        {band_stat("inv-cycle-service-level", Msg::InvCycleServiceLevel.text(lang), &r.summary.cycle_service_level, &pct)}
                        {band_stat("inv-avg-on-hand", Msg::InvAvgOnHand.text(lang), &r.summary.avg_on_hand, &units)}
                        {band_stat("inv-total-cost", Msg::InvTotalCost.text(lang), &r.summary.total_cost, &m)}
                    </dl>
                    // Below the target the formulas aimed at: say why, not leave two numbers
                    // that contradict each other.
                    if r.summary.cycle_service_level.mean < levers.target_csl - 0.01 {
                        <p class="notice" data-testid="inv-sim-short-of-target"
                            data-value={r.summary.cycle_service_level.mean.to_string()}>
                            {Msg::InvSimShortOfTarget.text(lang)
                                .replace("{sim}", &pct(r.summary.cycle_service_level.mean))
                                .replace("{target}", &pct(levers.target_csl))}
                        </p>
                    }
                    <Figure testid="inv-sim-bands" title={Msg::InvSimBandsTitle.text(lang).to_owned()}
                        alt={Msg::InvSimBandsTitle.text(lang).to_owned()} version={path_version}
                        table={Rc::new(bands_table(r, &m, lang))} file_stem={file_stem.clone()} {lang}
                        table_first=true />
                    <Figure testid="inv-path" title={Msg::ChartInvPath.text(lang).to_owned()}
                        alt={Msg::ChartInvPathAlt.text(lang).to_owned()}
                        drawing={path_drawing(&r.path, lang)} version={path_version}
                        table={Rc::new(path_table(&r.path, lang))} file_stem={file_stem.clone()} {lang} />
                </>
            }
        }
    };

    // The catalogue: the search's settings, the frontier, the table.
    let search_settings = &levers.settings.search;
    let defaults = &levers.settings.defaults;
    let family_select = select(
        "inv-family",
        Msg::InvFamily.text(lang),
        vec![
            (
                "sq",
                Msg::InvFamilySq.text(lang).to_owned(),
                search_settings.kind == PolicyKind::ReorderQuantity,
            ),
            (
                "rs",
                Msg::InvFamilyRs.text(lang).to_owned(),
                search_settings.kind != PolicyKind::ReorderQuantity,
            ),
        ],
        |l, v| {
            l.settings.search.kind = if v == "rs" {
                PolicyKind::PeriodicReview {
                    review_days: l.review_days,
                }
            } else {
                PolicyKind::ReorderQuantity
            }
        },
    );
    let settings_html = html! {
        <details class="inv-settings" open=true>
            <summary>{Msg::InvCatalogueSettings.text(lang)}</summary>
            <div class="levers">
                {number_input("inv-target-fill", Msg::InvTargetFill.text(lang),
                    round2(search_settings.target_fill_rate * 100.0),
                    |l, v| if let Some(v) = v { l.settings.search.target_fill_rate = (v / 100.0).clamp(0.5, 0.999) })}
                {family_select}
                {number_input("inv-overstock-days", Msg::InvOverstockDays.text(lang),
                    round2(search_settings.overstock_days),
                    |l, v| if let Some(v) = v { l.settings.search.overstock_days = v.max(1.0) })}
            </div>
            <p class="muted small">{Msg::InvDefaultsNote.text(lang)}</p>
            <div class="levers">
                {number_input("inv-default-lead-time", Msg::InvLeadTime.text(lang),
                    round2(defaults.lead_time_days),
                    |l, v| if let Some(v) = v { l.settings.defaults.lead_time_days = v })}
                {number_input("inv-default-lead-spread", Msg::InvLeadTimeSpread.text(lang),
                    round2(defaults.lead_time_sd_share * 100.0),
                    |l, v| if let Some(v) = v { l.settings.defaults.lead_time_sd_share = v / 100.0 })}
                {number_input("inv-default-order-cost", Msg::InvOrderCost.text(lang),
                    round2(defaults.order_cost),
                    |l, v| if let Some(v) = v { l.settings.defaults.order_cost = v })}
                {number_input("inv-default-holding-rate", Msg::InvHoldingRate.text(lang),
                    round2(defaults.holding_cost_rate * 100.0),
                    |l, v| if let Some(v) = v { l.settings.defaults.holding_cost_rate = v / 100.0 })}
            </div>
            <p class="muted small">{Msg::InvSearchNote.text(lang)}</p>
        </details>
    };
    let all = Msg::InvAllClasses.text(lang).to_owned();
    let class_select = select(
        "inv-class",
        Msg::InvClassFilter.text(lang),
        vec![
            ("", all.clone(), levers.class.is_none()),
            ("A", "A".into(), levers.class == Some(Abc::A)),
            ("B", "B".into(), levers.class == Some(Abc::B)),
            ("C", "C".into(), levers.class == Some(Abc::C)),
        ],
        |l, v| {
            l.class = match v {
                "A" => Some(Abc::A),
                "B" => Some(Abc::B),
                "C" => Some(Abc::C),
                _ => None,
            }
        },
    );
    let xyz_select = select(
        "inv-xyz",
        Msg::InvXyzFilter.text(lang),
        vec![
            ("", all, levers.xyz.is_none()),
            ("X", "X".into(), levers.xyz == Some(Xyz::X)),
            ("Y", "Y".into(), levers.xyz == Some(Xyz::Y)),
            ("Z", "Z".into(), levers.xyz == Some(Xyz::Z)),
        ],
        |l, v| {
            l.xyz = match v {
                "X" => Some(Xyz::X),
                "Y" => Some(Xyz::Y),
                "Z" => Some(Xyz::Z),
                _ => None,
            }
        },
    );
    let sort_select = select(
        "inv-sort",
        Msg::InvSortBy.text(lang),
        SortKey::ALL
            .iter()
            .map(|k| (k.code(), k.label(lang).to_owned(), levers.sort == *k))
            .collect(),
        |l, v| {
            if let Some(k) = SortKey::ALL.iter().find(|k| k.code() == v) {
                l.sort = *k;
            }
        },
    );
    let direction_select = select(
        "inv-sort-direction",
        Msg::InvSortOrder.text(lang),
        vec![
            (
                "desc",
                Msg::InvSortDesc.text(lang).to_owned(),
                levers.descending,
            ),
            (
                "asc",
                Msg::InvSortAsc.text(lang).to_owned(),
                !levers.descending,
            ),
        ],
        |l, v| l.descending = v != "asc",
    );
    // The model's rows, the chosen SKU's replaced by its search with the user's inputs.
    let rows = listed_rows(&model, &levers, edited_row.as_deref());
    let at_risk = rows.iter().filter(|r| r.stock_out_risk).count();
    let stock_unknown = rows.iter().filter(|r| !r.stock_known).count();
    let chosen = search::chosen_point(&rows);
    let (chosen_fill, cash, yearly_cost) = chosen;
    let current = search::current_point(&rows);
    let with_current = rows
        .iter()
        .filter(|r| !r.outcomes.is_empty() && r.current.is_some())
        .count();
    let with_demand = rows.iter().filter(|r| !r.outcomes.is_empty()).count();
    let frontier = search::frontier(&rows, &search::FRONTIER_TARGETS);
    let current_html = match current {
        Some((fill, cash, cost)) => html! {
            <>
                {stat("inv-current-fill-rate", Msg::InvCurrentFill.text(lang), fill, i18n::format_percent(fill))}
                {stat("inv-current-cash", Msg::InvCurrentCash.text(lang), cash, money(cash))}
                {stat("inv-current-yearly-cost", Msg::InvCurrentYearlyCost.text(lang), cost, money(cost))}
            </>
        },
        None => Html::default(),
    };
    let current_note = if current.is_some() {
        Html::default()
    } else if with_current > 0 {
        html! { <p class="muted small" data-testid="inv-current-partial">{Msg::InvCurrentPartial.text(lang)
        .replace("{n}", &i18n::format_number(with_current as f64, 0))
        .replace("{m}", &i18n::format_number(with_demand as f64, 0))}</p> }
    } else {
        html! { <p class="muted small" data-testid="inv-current-none">{Msg::InvCurrentNone.text(lang)}</p> }
    };
    // The cheapest policies against today's, in words: they can hold more stock than today's
    // and still cost less a year (fewer stock-outs), which the two points alone do not say.
    let versus_current = current.map(|(fill, current_cash, current_cost)| {
        let (more_cash, more_cost) = (cash - current_cash, yearly_cost - current_cost);
        // Under half a unit of money is no difference (it would read "¥0 more").
        let cash_part = match more_cash {
            d if d.abs() < 0.5 => Msg::InvVsCashSame,
            d if d > 0.0 => Msg::InvVsCashMore,
            _ => Msg::InvVsCashLess,
        };
        let cost_part = match more_cost {
            d if d.abs() < 0.5 => Msg::InvVsCostSame,
            d if d < 0.0 => Msg::InvVsCostLess,
            _ => Msg::InvVsCostMore,
        };
        let fill_part = if i18n::format_percent(chosen_fill) == i18n::format_percent(fill) {
            Msg::InvVsFillSame
        } else {
            Msg::InvVsFill
        };
        let text = format!(
            "{}{}{}{}",
            Msg::InvVsLead.text(lang),
            cash_part.text(lang).replace("{x}", &money(more_cash.abs())),
            cost_part.text(lang).replace("{y}", &money(more_cost.abs())),
            fill_part
                .text(lang)
                .replace("{f}", &i18n::format_percent(chosen_fill))
                .replace("{g}", &i18n::format_percent(fill)),
        );
        html! {
            <p class="small" data-testid="inv-versus-current" data-value={more_cash.to_string()}
                data-cost={more_cost.to_string()}>{text}</p>
        }
    });
    let edited_sku_code = edited_row.as_ref().map(|r| r.sku.clone());
    let pending = model.settings != levers.settings;
    let catalogue_html = html! {
        <section class="inv-catalogue-section" aria-labelledby="inv-catalogue-title" aria-busy={pending.to_string()}>
            <h3 id="inv-catalogue-title">{Msg::InvCatalogueTitle.text(lang)}</h3>
            {settings_html}
            {progress_bar(props.progress.or(pending.then_some((0, model.skus.len() as u32))))}
            <div class="levers">{class_select}{" "}{xyz_select}{" "}{sort_select}{" "}{direction_select}</div>
            <p class="muted small">{Msg::InvClassesOver.text(lang)}</p>
            <dl class="stats headlines">
                {stat("inv-skus-at-risk", Msg::InvSkusAtRisk.text(lang), at_risk as f64, num(at_risk as f64, 0))}
                {stat("inv-cash-tied-up", Msg::InvCashTiedUp.text(lang), cash, money(cash))}
                {stat("inv-catalogue-fill-rate", Msg::InvColFillRate.text(lang), chosen_fill, i18n::format_percent(chosen_fill))}
                {stat("inv-yearly-cost", Msg::InvYearlyCost.text(lang), yearly_cost, money(yearly_cost))}
                {current_html}
            </dl>
            {versus_current}
            if stock_unknown > 0 {
                <p class="muted small" data-testid="inv-stock-unknown" data-value={stock_unknown.to_string()}>
                    {Msg::InvStockUnknownNote.text(lang).replace("{n}", &i18n::format_number(stock_unknown as f64, 0))}
                </p>
            }
            <Figure testid="inv-frontier" title={Msg::ChartInvFrontier.text(lang).to_owned()}
                alt={Msg::ChartInvFrontierAlt.text(lang).to_owned()} version={catalogue_version}
                drawing={frontier_drawing(&frontier, chosen, current,
                    search_settings.target_fill_rate, &currency, lang)}
                table={Rc::new(frontier_table(&frontier, chosen, current, &currency, lang))}
                file_stem={file_stem.clone()} {lang} />
            <p class="muted small">{Msg::InvFrontierNote.text(lang)}</p>
            {current_note}
            <p class="muted small">{Msg::InvCatalogueNote.text(lang)}</p>
            <Figure testid="inv-catalogue" title={Msg::InvCatalogueTitle.text(lang).to_owned()}
                alt={Msg::InvCatalogueTitle.text(lang).to_owned()} version={catalogue_version}
                table={Rc::new(catalogue_table(&rows, edited_sku_code.as_deref(), &currency, lang))}
                file_stem={file_stem.clone()} {lang} table_first=true />
        </section>
    };

    html! {
        <section class="page inventory" aria-labelledby="inventory-title" data-testid="inventory">
            <h2 id="inventory-title">{Msg::InventoryTitle.text(lang)}</h2>
            <p class="lead">{Msg::InventoryLead.text(lang)}</p>
            if super::demo_beside_imported_orders(&props.view, crate::engine::ingest::schema::TableKind::Inventory) {
                <p class="notice warn" data-testid="inv-demo-left-out">{Msg::InvDemoStockLeftOut.text(lang)}</p>
            }
            <div class="levers">{picker}</div>
            {formulas_html}
            <section aria-labelledby="inv-sim-title">
                <h3 id="inv-sim-title">{Msg::InvSimTitle.text(lang)}</h3>
                <div class="levers">{policy_select}{" "}{review_input}{" "}{demand_select}{" "}{shortage_select}</div>
                {sim_html}
            </section>
            {catalogue_html}
        </section>
    }
}
