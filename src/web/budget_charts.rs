//! The budget page's charts and tables: each channel's response curve with its uncertainty band
//! and observed points, the split with draggable bounds, the frontier, and the plan's table.
//! The drawing code is in [`crate::charts`]; nothing here computes a business number.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::axis_money;
use super::figure::{Cell, Table};
use super::report_charts::Drawing;
use crate::charts::{
    self, allocation_layout, hit_handle, AllocationChart, CurveChart, CurveLine, CurveMarker,
    HandleEnd,
};
use crate::engine::sim::budget::fit::ChannelInfo;
use crate::engine::sim::budget::{BudgetModel, ChannelOutcome, Levers, Scenario};
use crate::i18n::{self, Lang, Msg};

fn logged(result: charts::DrawResult) {
    if let Err(e) = result {
        gloo::console::error!(format!("chart: {e}"));
    }
}

/// A channel's response curve, its band, its observed points, today's and the best spend.
pub fn curve(
    model: &BudgetModel,
    channel: usize,
    outcome: &ChannelOutcome,
    currency: &str,
    lang: Lang,
) -> Option<Drawing> {
    let fit = model.fit.channels.get(channel)?;
    if fit.info == ChannelInfo::NeverActive {
        return None;
    }
    let seen = fit.spend_range.1;
    let scatter = model
        .observed
        .get(channel)
        .map(|o| o.points.clone())
        .unwrap_or_default();
    // How far the curve goes: 1.6× the larger of the spend the periods usually saw (up to
    // the upper Tukey fence of the observed spends: a single wild week does not stretch the
    // axis, it is drawn as a triangle on its edge), today's and the best. With too few
    // periods for quartiles, the most seen.
    let usual =
        charts::fences(scatter.iter().map(|p| p.0)).map_or(seen, |(_, upper)| seen.min(upper));
    let top = (usual.max(outcome.spend).max(fit.current_spend) * 1.6).max(1.0);
    let xs: Vec<f64> = (0..=60).map(|k| top * f64::from(k) / 60.0).collect();
    let line: Vec<(f64, f64)> = xs.iter().map(|x| (*x, fit.curve.steady(*x))).collect();
    let band: Option<Vec<(f64, f64, f64)>> = (fit.bootstrap.len() >= 10).then(|| {
        xs.iter()
            .filter_map(|x| match band_at(fit, *x) {
                (Some(lo), Some(hi)) => Some((*x, lo, hi)),
                _ => None,
            })
            .collect()
    });
    let markers = [
        (
            fit.current_spend,
            fit.curve.steady(fit.current_spend),
            Msg::MarkerToday.text(lang),
        ),
        (
            outcome.spend,
            fit.curve.steady(outcome.spend),
            Msg::MarkerBest.text(lang),
        ),
    ];
    let dashed_from = (seen > 0.0).then_some(seen);
    let currency = currency.to_owned();
    Some(Drawing {
        height: 260.0,
        draw: Rc::new(move |area, scale| {
            let lines = [CurveLine {
                name: Msg::ColRevenuePerPeriod.text(lang),
                points: &line,
                dashed_from,
                color: 0,
            }];
            let markers: Vec<CurveMarker> = markers
                .iter()
                .map(|(x, y, label)| CurveMarker {
                    x: *x,
                    y: *y,
                    label,
                })
                .collect();
            let money = axis_money(&currency, lang);
            let off_scale = |n: usize| match n {
                1 => Msg::OffScaleOne.text(lang).to_owned(),
                _ => Msg::OffScale.text(lang).replace("{n}", &n.to_string()),
            };
            logged(charts::draw_curve_chart(
                area,
                &CurveChart {
                    title: "",
                    lines: &lines,
                    band: band.as_deref(),
                    scatter: &scatter,
                    off_scale: Some(&off_scale),
                    markers: &markers,
                    x_title: Msg::ColSpendPerPeriod.text(lang),
                    y_title: Msg::ColRevenuePerPeriod.text(lang),
                    format_x: &money,
                    format_y: &money,
                    empty_text: Msg::ChartEmpty.text(lang),
                    x_from_zero: true,
                    scale,
                },
            ))
        }),
    })
}

/// The numbers behind a channel's curve: spend, revenue per period, and the band.
pub fn curve_table(model: &BudgetModel, channel: usize, currency: &str, lang: Lang) -> Table {
    let money = |v: f64| i18n::format_money(v, currency);
    let Some(fit) = model.fit.channels.get(channel) else {
        return Table::default();
    };
    let top = (fit.spend_range.1.max(fit.current_spend) * 2.0).max(1.0);
    Table {
        header: vec![
            Msg::ColSpendPerPeriod.text(lang).into(),
            Msg::ColRevenuePerPeriod.text(lang).into(),
            Msg::ColBandLow.text(lang).into(),
            Msg::ColBandHigh.text(lang).into(),
        ],
        rows: (0..=10)
            .map(|k| {
                let s = top * f64::from(k) / 10.0;
                let (lo, hi) = band_at(fit, s);
                vec![
                    Cell::number(s, money(s)),
                    Cell::number(fit.curve.steady(s), money(fit.curve.steady(s))),
                    Cell::maybe(lo, money),
                    Cell::maybe(hi, money),
                ]
            })
            .collect(),
    }
}

/// The 5th and 95th percentile of the bootstrap curves at a spend.
fn band_at(
    fit: &crate::engine::sim::budget::fit::ChannelFit,
    spend: f64,
) -> (Option<f64>, Option<f64>) {
    if fit.bootstrap.len() < 10 {
        return (None, None);
    }
    let mut v: Vec<f64> = fit.bootstrap.iter().map(|c| c.steady(spend)).collect();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (Some(at(0.05)), Some(at(0.95)))
}

/// Total budget → best revenue, with today's and the chosen budget marked.
pub fn frontier(
    scenario: &Scenario,
    _levers: &Levers,
    currency: &str,
    lang: Lang,
) -> Option<Drawing> {
    let mut points: Vec<(f64, f64)> = vec![(0.0, 0.0)];
    points.extend(scenario.frontier.iter().copied());
    let today = (scenario.current.total_spend, scenario.current.total_revenue);
    let chosen = (scenario.best.total_spend, scenario.best.total_revenue);
    let currency = currency.to_owned();
    Some(Drawing {
        height: 300.0,
        draw: Rc::new(move |area, scale| {
            let lines = [CurveLine {
                name: Msg::ColBestRevenue.text(lang),
                points: &points,
                dashed_from: None,
                color: 0,
            }];
            let markers = [
                CurveMarker {
                    x: today.0,
                    y: today.1,
                    label: Msg::MarkerTodaySplit.text(lang),
                },
                CurveMarker {
                    x: chosen.0,
                    y: chosen.1,
                    label: Msg::MarkerBest.text(lang),
                },
            ];
            let money = axis_money(&currency, lang);
            logged(charts::draw_curve_chart(
                area,
                &CurveChart {
                    title: "",
                    lines: &lines,
                    band: None,
                    scatter: &[],
                    off_scale: None,
                    markers: &markers,
                    x_title: Msg::ColBudget.text(lang),
                    y_title: Msg::ColBestRevenue.text(lang),
                    format_x: &money,
                    format_y: &money,
                    empty_text: Msg::ChartEmpty.text(lang),
                    x_from_zero: true,
                    scale,
                },
            ))
        }),
    })
}

/// The plan: one row per period.
pub fn plan_table(model: &BudgetModel, scenario: &Scenario, currency: &str, lang: Lang) -> Table {
    let money = |v: f64| i18n::format_money(v, currency);
    let mut header = vec![Msg::ColPeriodStart.text(lang).to_owned()];
    for c in &model.fit.channels {
        header.push(format!(
            "{} · {}",
            i18n::data_label(&c.channel, lang),
            Msg::ColSpend.text(lang)
        ));
    }
    header.extend([
        Msg::ColBaseline.text(lang).to_owned(),
        Msg::ColMediaRevenue.text(lang).to_owned(),
        Msg::ColPlanRevenue.text(lang).to_owned(),
        Msg::ColPlanRevenueToday.text(lang).to_owned(),
    ]);
    Table {
        header,
        rows: scenario
            .plan
            .iter()
            .zip(&scenario.plan_current)
            .map(|(p, today)| {
                // ISO dates: a narrow column cannot break them ("2025年12 / 月1日" did).
                let mut row = vec![Cell::text(p.start.format("%Y-%m-%d").to_string())];
                row.extend(p.spend.iter().map(|s| Cell::number(*s, money(*s))));
                let media: f64 = p.media.iter().sum();
                row.extend([
                    Cell::number(p.baseline, money(p.baseline)),
                    Cell::number(media, money(media)),
                    Cell::number(p.revenue, money(p.revenue)),
                    Cell::number(today.revenue, money(today.revenue)),
                ]);
                row
            })
            .collect(),
    }
}

/// The allocation chart's data, owned, so the drawing and the hit-testing build the same
/// chart.
#[derive(Clone)]
pub struct AllocationData {
    /// The channels as the data names them (the handles' ids for automation).
    channels: Vec<String>,
    /// The channels as the chart shows them ([`i18n::data_label`]).
    labels: Vec<String>,
    today: Vec<f64>,
    best: Vec<f64>,
    bounds: Vec<(f64, f64)>,
    locked: Vec<bool>,
    x_max: f64,
    currency: String,
    lang: Lang,
}

impl AllocationData {
    /// The chart's data for a scenario and the levers.
    pub fn new(scenario: &Scenario, levers: &Levers, currency: &str, lang: Lang) -> Self {
        let bounds: Vec<(f64, f64)> = scenario.channels.iter().map(|c| c.bounds).collect();
        // A fixed axis: twice the largest of today's spends and of the default upper bounds,
        // so the scale does not move while a bound is dragged.
        let x_max = scenario
            .channels
            .iter()
            .map(|c| c.current_spend * 2.5)
            .chain(scenario.channels.iter().map(|c| c.spend))
            .fold(1.0_f64, f64::max);
        Self {
            channels: scenario
                .channels
                .iter()
                .map(|c| c.channel.clone())
                .collect(),
            labels: scenario
                .channels
                .iter()
                .map(|c| i18n::data_label(&c.channel, lang).to_owned())
                .collect(),
            today: scenario.channels.iter().map(|c| c.current_spend).collect(),
            best: scenario.channels.iter().map(|c| c.spend).collect(),
            bounds,
            locked: levers.channels.iter().map(|l| l.locked).collect(),
            x_max,
            currency: currency.to_owned(),
            lang,
        }
    }

    fn with<R>(&self, scale: f64, f: impl FnOnce(&AllocationChart) -> R) -> R {
        let money = axis_money(&self.currency, self.lang);
        f(&AllocationChart {
            title: "",
            labels: &self.labels,
            today: &self.today,
            best: &self.best,
            bounds: &self.bounds,
            locked: &self.locked,
            series_names: (
                Msg::SeriesToday.text(self.lang),
                Msg::SeriesBest.text(self.lang),
            ),
            locked_text: Msg::BindingLocked.text(self.lang),
            x_max: Some(self.x_max),
            format_value: &money,
            empty_text: Msg::ChartEmpty.text(self.lang),
            scale,
        })
    }
}

/// Today's and the best split, with the bounds as handles.
pub fn allocation(data: &AllocationData) -> Option<Drawing> {
    let data = data.clone();
    let height = data.with(1.0, |c| c.preferred_height());
    Some(Drawing {
        height,
        draw: Rc::new(move |area, scale| {
            data.with(scale, |chart| {
                logged(charts::draw_allocation_chart(area, chart))
            })
        }),
    })
}

/// Which handle is being dragged: the row and whether it is the upper bound.
pub type DragState = Rc<RefCell<Option<(usize, HandleEnd)>>>;

/// The canvas under a pointer event, its device pixel ratio, and the pointer in device pixels.
fn pointer(e: &PointerEvent) -> Option<(web_sys::HtmlCanvasElement, f64, f64, f64)> {
    // The event's target, not its current target: Yew delegates events to the app's root, so
    // the current target is the root, whose first canvas is another chart.
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let canvas = match target.dyn_into::<web_sys::HtmlCanvasElement>() {
        Ok(canvas) => canvas,
        Err(other) => other
            .closest("[data-testid=budget-allocation]")
            .ok()??
            .query_selector("canvas")
            .ok()??
            .dyn_into::<web_sys::HtmlCanvasElement>()
            .ok()?,
    };
    let rect = canvas.get_bounding_client_rect();
    let ratio = f64::from(canvas.width()) / rect.width().max(1.0);
    let x = (f64::from(e.client_x()) - rect.left()) * ratio;
    let y = (f64::from(e.client_y()) - rect.top()) * ratio;
    Some((canvas, ratio, x, y))
}

/// Pointer handlers that drag the bounds on the allocation chart: down, move, up.
pub fn allocation_drag(
    data: &AllocationData,
    levers: &Levers,
    on_levers: &Callback<Levers>,
    drag: &DragState,
) -> (
    Callback<PointerEvent>,
    Callback<PointerEvent>,
    Callback<PointerEvent>,
) {
    let down = {
        let (data, drag) = (data.clone(), drag.clone());
        Callback::from(move |e: PointerEvent| {
            let Some((canvas, ratio, x, y)) = pointer(&e) else {
                return;
            };
            let layout = data.with(ratio, |c| {
                allocation_layout(c, f64::from(canvas.width()), f64::from(canvas.height()))
            });
            if let Some(hit) = hit_handle(&layout, x, y, 6.0 * ratio) {
                *drag.borrow_mut() = Some(hit);
                let _ = canvas.set_pointer_capture(e.pointer_id());
                e.prevent_default();
            }
        })
    };
    let moved = {
        let (data, drag, levers, on_levers) = (
            data.clone(),
            drag.clone(),
            levers.clone(),
            on_levers.clone(),
        );
        Callback::from(move |e: PointerEvent| {
            let Some((row, end)) = *drag.borrow() else {
                return;
            };
            let Some((canvas, ratio, x, _)) = pointer(&e) else {
                return;
            };
            let layout = data.with(ratio, |c| {
                allocation_layout(c, f64::from(canvas.width()), f64::from(canvas.height()))
            });
            let value = layout.value_at(x).max(0.0);
            let mut next = levers.clone();
            let Some(l) = next.channels.get_mut(row) else {
                return;
            };
            match end {
                HandleEnd::Min => l.min = value.min(l.max),
                HandleEnd::Max => l.max = value.max(l.min),
            }
            on_levers.emit(next);
        })
    };
    let up = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| {
            drag.borrow_mut().take();
        })
    };
    (down, moved, up)
}

/// The handles' positions in CSS pixels from the canvas's top left, as JSON, for automation:
/// `[{"channel": …, "min": [x, y], "max": [x, y]}, …]`.
pub fn handles_json(data: &AllocationData, canvas: &web_sys::HtmlCanvasElement) -> Option<String> {
    let rect = canvas.get_bounding_client_rect();
    if canvas.width() == 0 || rect.width() < 1.0 {
        return None;
    }
    let ratio = f64::from(canvas.width()) / rect.width();
    let layout = data.with(ratio, |c| {
        allocation_layout(c, f64::from(canvas.width()), f64::from(canvas.height()))
    });
    let rows: Vec<serde_json::Value> = data
        .channels
        .iter()
        .enumerate()
        .map(|(i, channel)| {
            let at = |end| {
                layout
                    .handle(i, end)
                    .map(|(x, y)| serde_json::json!([x / ratio, y / ratio]))
            };
            serde_json::json!({ "channel": channel, "min": at(HandleEnd::Min), "max": at(HandleEnd::Max) })
        })
        .collect();
    serde_json::to_string(&rows).ok()
}
