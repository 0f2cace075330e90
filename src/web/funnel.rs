//! `#/funnel`: the conversion funnel and A/B tests (转化漏斗). The worker builds the funnel of the
//! traffic table once per dataset ([`FunnelModel`]); the page holds the levers and computes the
//! breakdowns, the bottleneck ranking ([`funnel::bottlenecks`]), the what-if
//! ([`funnel::what_if`]) and the A/B planner and reader ([`ab::plan`], [`ab::read`]) at every
//! change — microseconds each. Without a traffic table the user types the step counts.
//!
//! Figures carry `data-testid` and `data-value`: `funnel-overall-rate`, `funnel-bottleneck-step`
//! (index into visitors, product views, add to cart, checkout, paid), `funnel-whatif-revenue`,
//! `ab-sample-size-per-arm`, `ab-days-needed`, `ab-p-value`, `ab-lift`, `ab-prob-b-beats-a`,
//! `ab-srm-p-value`; the verdict is `ab-verdict` with `data-verdict`.

use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use yew::prelude::*;

use super::kpi_card::stat;

use super::figure::{Cell, Figure, Table};
use super::form::{checked_of, number, value_of};
use super::report_charts::Drawing;
use crate::charts::{self, BarChart, CurveChart, CurveLine};
use crate::engine::ingest::schema::TableKind;
use crate::engine::kpi::YearMonth;
use crate::engine::sim::ab::{
    self, AbError, Arm, CsvProblem, Effect, PlanInput, ReadInput, Verdict,
};
use crate::engine::sim::funnel::{
    self, Benchmark, FunnelModel, Group, RevenueSource, Step, TypedError, WhatIf, STEPS,
};
use crate::engine::DatasetView;
use crate::i18n::{self, Lang, Msg};

/// How the breakdown table groups the traffic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BreakdownBy {
    /// By traffic channel.
    #[default]
    Channel,
    /// By device.
    Device,
    /// By calendar month.
    Month,
    /// By day.
    Day,
}

/// The A/B planner's inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanLevers {
    /// Baseline rate; `None`: the funnel's visitor → paid rate.
    pub baseline: Option<f64>,
    /// Minimum detectable effect.
    pub effect: Effect,
    /// Significance, two-sided.
    pub alpha: f64,
    /// Power.
    pub power: f64,
    /// Share of traffic in the test.
    pub share: f64,
    /// Evan Miller's sequential rule chosen.
    pub sequential: bool,
}

impl Default for PlanLevers {
    fn default() -> Self {
        Self {
            baseline: None,
            effect: Effect::Relative(0.10),
            alpha: 0.05,
            power: 0.80,
            share: 1.0,
            sequential: false,
        }
    }
}

/// The user's levers on the funnel page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FunnelLevers {
    /// Step counts typed when there is no traffic table.
    pub typed: [u64; STEPS],
    /// AOV typed when the data has none (or for typed counts).
    pub typed_aov: f64,
    /// The breakdown.
    pub by: BreakdownBy,
    /// What-if: visitors as a multiple of today's.
    pub traffic: f64,
    /// What-if: each kept step's rate (after visitors); `None` keeps today's.
    pub rates: Vec<Option<f64>>,
    /// What-if: AOV; `None` keeps today's.
    pub aov: Option<f64>,
    /// Gross margin.
    pub margin: f64,
    /// The planner.
    pub plan: PlanLevers,
    /// The reader's arms.
    pub arms: (Arm, Arm),
    /// The name of the CSV the arms came from, if any.
    pub arms_file: Option<String>,
    /// Whether the reading is checked against the plan above (peeking, sequential rule).
    pub use_plan: bool,
}

impl Default for FunnelLevers {
    fn default() -> Self {
        Self {
            typed: [10_000, 6_000, 900, 500, 400],
            typed_aov: 100.0,
            by: BreakdownBy::default(),
            traffic: 1.0,
            rates: Vec::new(),
            aov: None,
            margin: 0.4,
            plan: PlanLevers::default(),
            arms: (
                Arm {
                    visitors: 10_000,
                    conversions: 200,
                },
                Arm {
                    visitors: 10_000,
                    conversions: 245,
                },
            ),
            arms_file: None,
            use_plan: true,
        }
    }
}

/// The page's state, kept by the app across pages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FunnelState {
    /// The levers, and the dataset version they were set for.
    pub levers: Option<(u64, FunnelLevers)>,
}

impl FunnelState {
    /// The levers for dataset `version`: the user's, or the defaults for a new dataset.
    pub fn levers(&self, version: u64) -> FunnelLevers {
        self.levers
            .as_ref()
            .filter(|(v, _)| *v == version)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    }
}

/// Properties of [`FunnelPage`].
#[derive(Properties, PartialEq)]
pub struct FunnelProps {
    /// The loaded dataset's view.
    pub view: Rc<DatasetView>,
    /// Interface language.
    pub lang: Lang,
    /// The model: `None` while it is built, `Some(None)` without traffic.
    pub model: Option<Option<Rc<FunnelModel>>>,
    /// The page's state.
    pub state: FunnelState,
    /// The page changed its state.
    pub on_change: Callback<FunnelState>,
    /// The dataset version (levers are reset for a new dataset).
    pub version: u64,
}

/// A step's name.
pub fn step_name(step: Step, lang: Lang) -> &'static str {
    match step {
        Step::Visitors => Msg::FunnelStepVisitors.text(lang),
        Step::ProductViews => Msg::FunnelStepViews.text(lang),
        Step::AddToCart => Msg::FunnelStepCart.text(lang),
        Step::Checkout => Msg::FunnelStepCheckout.text(lang),
        Step::Paid => Msg::FunnelStepPaid.text(lang),
    }
}

/// A month key of the funnel ("2024-03") as the page writes months ("Mar 2024", "2024年3月");
/// the key itself when it is not one.
fn month_name(key: &str, lang: Lang) -> String {
    key.split_once('-')
        .and_then(|(y, m)| {
            let (year, month) = (y.parse().ok()?, m.parse().ok()?);
            (1..=12)
                .contains(&month)
                .then_some(YearMonth { year, month })
        })
        .map(|month| i18n::format_month(month, lang))
        .unwrap_or_else(|| key.to_owned())
}

fn pct(v: f64) -> String {
    if v.is_finite() {
        i18n::format_percent(v)
    } else {
        "–".into()
    }
}

fn round_to(v: f64, decimals: i32) -> String {
    let f = 10f64.powi(decimals);
    format!("{}", (v * f).round() / f)
}

/// A p-value with four decimals, every time (1 reads "1.0000" beside "0.0310"), and the
/// smallest as "< 0.0001".
fn format_p(p: f64) -> String {
    if p < 0.0001 {
        "< 0.0001".to_owned()
    } else {
        i18n::format_number(p, 4)
    }
}

/// The text of an A/B input error.
fn ab_error_text(e: &AbError, file: &str, lang: Lang) -> String {
    match e {
        AbError::NoVisitors { arm } => Msg::AbErrorNoVisitors
            .text(lang)
            .replace("{arm}", &arm.to_string()),
        AbError::ConversionsAboveVisitors {
            arm,
            conversions,
            visitors,
        } => Msg::AbErrorAbove
            .text(lang)
            .replace("{arm}", &arm.to_string())
            .replace(
                "{conversions}",
                &i18n::format_number(*conversions as f64, 0),
            )
            .replace("{visitors}", &i18n::format_number(*visitors as f64, 0)),
        // The field as the page names it, and what it accepts.
        AbError::BadInput { field } => {
            let (label, range) = match *field {
                "baseline" => (Msg::AbBaseline, Msg::AbRangeOpenUnit),
                "alpha" => (Msg::AbAlpha, Msg::AbRangeOpenUnit),
                "power" => (Msg::AbPower, Msg::AbRangeOpenUnit),
                "share_in_test" => (Msg::AbShare, Msg::AbRangeShare),
                "effect" => (Msg::AbMde, Msg::AbRangeEffect),
                _ => (Msg::AbExpectedSplit, Msg::AbRangeOpenUnit),
            };
            Msg::AbErrorInput
                .text(lang)
                .replace("{field}", label.text(lang))
                .replace("{range}", range.text(lang))
        }
        AbError::Csv {
            line,
            column,
            problem,
        } => Msg::AbErrorCsv
            .text(lang)
            .replace("{file}", file)
            .replace("{line}", &line.to_string())
            .replace(
                "{column}",
                &column
                    .map(|c| Msg::AbCsvColumn.text(lang).replace("{n}", &c.to_string()))
                    .unwrap_or_default(),
            )
            .replace("{message}", &csv_problem_text(problem, lang)),
    }
}

/// A daily-counts CSV problem, in the page's language.
fn csv_problem_text(problem: &CsvProblem, lang: Lang) -> String {
    match problem {
        CsvProblem::HeaderNotRecognised => Msg::AbCsvHeader.text(lang).to_owned(),
        CsvProblem::NotAWholeNumber { cell } => {
            Msg::AbCsvNotANumber.text(lang).replace("{cell}", cell)
        }
        CsvProblem::TooLarge { cell } => Msg::AbCsvTooLarge.text(lang).replace("{cell}", cell),
        CsvProblem::Unreadable { detail } => {
            Msg::AbCsvUnreadable.text(lang).replace("{detail}", detail)
        }
        CsvProblem::MissingCell => Msg::AbCsvMissingCell.text(lang).to_owned(),
        CsvProblem::ConversionsAboveVisitors {
            arm,
            conversions,
            visitors,
        } => Msg::AbErrorAbove
            .text(lang)
            .replace("{arm}", &arm.to_string())
            .replace(
                "{conversions}",
                &i18n::format_number(*conversions as f64, 0),
            )
            .replace("{visitors}", &i18n::format_number(*visitors as f64, 0)),
        CsvProblem::SumOverflow { arm } => Msg::AbCsvOverflow
            .text(lang)
            .replace("{arm}", &arm.to_string()),
        CsvProblem::UnknownArm { label } => {
            Msg::AbCsvUnknownArm.text(lang).replace("{label}", label)
        }
        CsvProblem::Empty => Msg::AbCsvEmpty.text(lang).to_owned(),
        CsvProblem::NoDataRow => Msg::AbCsvNoRows.text(lang).to_owned(),
    }
}

/// The steps table: count, rate from the step before, share of visitors, drop-off.
fn steps_table(model: &FunnelModel, lang: Lang) -> Table {
    let kept = funnel::kept_steps(model);
    let c = &model.total.counts;
    let visitors = c[0].max(1) as f64;
    Table {
        header: vec![
            Msg::FunnelColStep.text(lang).into(),
            Msg::FunnelColCount.text(lang).into(),
            Msg::FunnelColStepRate.text(lang).into(),
            Msg::FunnelColOverall.text(lang).into(),
            Msg::FunnelColDropOff.text(lang).into(),
        ],
        rows: kept
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let count = c[i] as f64;
                let before = (k > 0).then(|| c[kept[k - 1]] as f64);
                vec![
                    Cell::text(step_name(Step::ALL[i], lang)),
                    Cell::number(count, i18n::format_number(count, 0)),
                    Cell::maybe(funnel::kept_rate(model, c, k), pct),
                    Cell::number(count / visitors, pct(count / visitors)),
                    Cell::maybe(before.map(|b| b - count), |v| i18n::format_number(v, 0)),
                ]
            })
            .collect(),
    }
}

/// The breakdown table: each group's visitors, rates of each kept step and overall rate.
fn breakdown_table(model: &FunnelModel, groups: &[Group], lang: Lang) -> Table {
    let kept = funnel::kept_steps(model);
    let mut header: Vec<String> = vec![
        Msg::FunnelColGroup.text(lang).into(),
        Msg::FunnelStepVisitors.text(lang).into(),
    ];
    for &i in kept.iter().skip(1) {
        header.push(step_name(Step::ALL[i], lang).into());
    }
    header.push(Msg::FunnelOverallRate.text(lang).into());
    Table {
        header,
        rows: groups
            .iter()
            .map(|g| {
                let mut row = vec![
                    Cell::text(if g.key.is_empty() {
                        "–"
                    } else {
                        i18n::data_label(&g.key, lang)
                    }),
                    Cell::number(
                        g.counts[0] as f64,
                        i18n::format_number(g.counts[0] as f64, 0),
                    ),
                ];
                for k in 1..kept.len() {
                    row.push(Cell::maybe(funnel::kept_rate(model, &g.counts, k), pct));
                }
                let last = kept.last().copied().unwrap_or(0);
                let overall = (g.counts[0] > 0).then(|| g.counts[last] as f64 / g.counts[0] as f64);
                row.push(Cell::maybe(overall, pct));
                row
            })
            .collect(),
    }
}

/// Weekly rates of each kept step as lines (x: days since the first week).
fn trend_drawing(model: &FunnelModel, lang: Lang) -> (Drawing, Table) {
    let weeks = funnel::weekly_rates(model);
    let kept = funnel::kept_steps(model);
    let first = weeks.first().map(|w| w.0);
    let x = |d: chrono::NaiveDate| first.map_or(0.0, |f| (d - f).num_days() as f64);
    let lines: Vec<(String, Vec<(f64, f64)>)> = (1..kept.len())
        .map(|k| {
            (
                step_name(Step::ALL[kept[k]], lang).to_owned(),
                weeks
                    .iter()
                    .map(|(d, rates)| {
                        (
                            x(*d),
                            rates
                                .get(k - 1)
                                .copied()
                                .flatten()
                                .map_or(f64::NAN, |r| r * 100.0),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    let mut header: Vec<String> = vec![Msg::FunnelWeek.text(lang).into()];
    header.extend(lines.iter().map(|(n, _)| n.clone()));
    let table = Table {
        header,
        rows: weeks
            .iter()
            .map(|(d, rates)| {
                let mut row = vec![Cell::text(d.to_string())];
                row.extend(rates.iter().map(|r| Cell::maybe(*r, pct)));
                row
            })
            .collect(),
    };
    let drawing = Drawing {
        height: 320.0,
        draw: Rc::new(move |area, scale| {
            let curve_lines: Vec<CurveLine> = lines
                .iter()
                .enumerate()
                .map(|(i, (name, points))| CurveLine {
                    name,
                    points,
                    dashed_from: None,
                    color: i,
                })
                .collect();
            let date = |v: f64| {
                first.map_or_else(String::new, |f| {
                    (f + chrono::Duration::days(v.round() as i64))
                        .format("%Y-%m")
                        .to_string()
                })
            };
            let rate = |v: f64| format!("{}%", i18n::format_number(v, 0));
            if let Err(e) = charts::draw_curve_chart(
                area,
                &CurveChart {
                    title: "",
                    lines: &curve_lines,
                    band: None,
                    scatter: &[],
                    off_scale: None,
                    markers: &[],
                    x_title: Msg::FunnelWeek.text(lang),
                    y_title: Msg::FunnelRate.text(lang),
                    format_x: &date,
                    format_y: &rate,
                    empty_text: Msg::ChartEmpty.text(lang),
                    x_from_zero: true,
                    scale,
                },
            ) {
                gloo::console::error!(format!("chart: {e}"));
            }
        }),
    };
    (drawing, table)
}

/// The before/after funnel as paired bars, and its table.
fn whatif_drawing(
    model: &FunnelModel,
    base: &funnel::Outcome,
    scenario: &funnel::Outcome,
    lang: Lang,
) -> (Drawing, Table) {
    let kept = funnel::kept_steps(model);
    let labels: Vec<String> = kept
        .iter()
        .map(|&i| step_name(Step::ALL[i], lang).to_owned())
        .collect();
    let before = base.counts.clone();
    let after: Vec<Option<f64>> = scenario.counts.iter().map(|v| Some(*v)).collect();
    let table = Table {
        header: vec![
            Msg::FunnelColStep.text(lang).into(),
            Msg::FunnelToday.text(lang).into(),
            Msg::FunnelScenario.text(lang).into(),
        ],
        rows: labels
            .iter()
            .zip(before.iter().zip(&scenario.counts))
            .map(|(l, (b, a))| {
                vec![
                    Cell::text(l.clone()),
                    Cell::number(*b, i18n::format_number(*b, 0)),
                    Cell::number(*a, i18n::format_number(*a, 0)),
                ]
            })
            .collect(),
    };
    let height = BarChart {
        title: "",
        labels: &labels,
        values: &before,
        second: Some(&after),
        series_names: ("", ""),
        format_value: &|_| String::new(),
        empty_text: "",
        scale: 1.0,
    }
    .preferred_height();
    let drawing = Drawing {
        height,
        draw: Rc::new(move |area, scale| {
            let compact = |v: f64| i18n::format_compact(v, lang);
            if let Err(e) = charts::draw_bar_chart(
                area,
                &BarChart {
                    title: "",
                    labels: &labels,
                    values: &before,
                    second: Some(&after),
                    series_names: (Msg::FunnelToday.text(lang), Msg::FunnelScenario.text(lang)),
                    format_value: &compact,
                    empty_text: Msg::ChartEmpty.text(lang),
                    scale,
                },
            ) {
                gloo::console::error!(format!("chart: {e}"));
            }
        }),
    };
    (drawing, table)
}

/// The funnel page.
#[function_component(FunnelPage)]
pub fn funnel_page(props: &FunnelProps) -> Html {
    let lang = props.lang;
    let currency = props.view.currency.clone();
    let levers = props.state.levers(props.version);
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let csv_error = use_state(|| None::<String>);
    let set = {
        let (on_change, version) = (props.on_change.clone(), props.version);
        Callback::from(move |levers: FunnelLevers| {
            on_change.emit(FunnelState {
                levers: Some((version, levers)),
            })
        })
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

    let (model, typed_error): (Option<Rc<FunnelModel>>, Option<TypedError>) = match &props.model {
        None => {
            return html! {
                <section class="page" aria-busy="true">
                    <h2>{Msg::FunnelTitle.text(lang)}</h2>
                    <p class="loading" data-testid="funnel-loading">{Msg::FunnelComputing.text(lang)}</p>
                </section>
            }
        }
        Some(Some(m)) => (Some(m.clone()), None),
        Some(None) => match funnel::typed(levers.typed, levers.typed_aov) {
            Ok(m) => (Some(Rc::new(m)), None),
            Err(e) => (None, Some(e)),
        },
    };
    let from_data = matches!(&props.model, Some(Some(_)));

    // A number input bound to the levers.
    let number_input = |testid: &'static str,
                        label: &'static str,
                        shown: String,
                        apply: fn(&mut FunnelLevers, f64)| {
        let (levers, set) = (levers.clone(), set.clone());
        html! {
            <label>{label}{" "}
                <input type="number" data-testid={testid} value={shown} step="any" min="0" class="narrow"
                    onchange={move |e: Event| {
                        if let Some(v) = value_of(&e).as_deref().and_then(number) {
                            let mut next = levers.clone();
                            apply(&mut next, v.max(0.0));
                            set.emit(next);
                        }
                    }} />
            </label>
        }
    };

    // Typed step counts (no traffic table).
    let typed_html = if from_data {
        Html::default()
    } else {
        let inputs = (0..STEPS).map(|i| {
            let (levers, set) = (levers.clone(), set.clone());
            html! {
                <label>{step_name(Step::ALL[i], lang)}{" "}
                    <input type="number" min="0" step="1" class="narrow" data-testid={format!("funnel-typed-{i}")}
                        value={levers.typed[i].to_string()}
                        onchange={move |e: Event| {
                            if let Some(v) = value_of(&e).as_deref().and_then(number) {
                                let mut next = levers.clone();
                                next.typed[i] = v.max(0.0).round() as u64;
                                set.emit(next);
                            }
                        }} />
                </label>
            }
        });
        let error = typed_error.map(|e| match e {
            TypedError::NoVisitors => Msg::AbErrorNoVisitors
                .text(lang)
                .replace("{arm}", step_name(Step::Visitors, lang)),
            TypedError::AboveThePrevious {
                step,
                count,
                previous,
            } => Msg::AbErrorAbove
                .text(lang)
                .replace("{arm}", step_name(step, lang))
                .replace("{conversions}", &i18n::format_number(count as f64, 0))
                .replace("{visitors}", &i18n::format_number(previous as f64, 0)),
        });
        html! {
            <section aria-labelledby="funnel-typed-title">
                <p class="notice warn" data-testid="funnel-no-traffic">{Msg::FunnelNoTraffic.text(lang)}</p>
                <h3 id="funnel-typed-title">{Msg::FunnelTyped.text(lang)}</h3>
                <div class="levers">
                    {for inputs}
                    {number_input("funnel-typed-aov", Msg::FunnelAov.text(lang), round_to(levers.typed_aov, 2), |l, v| l.typed_aov = v)}
                </div>
                if let Some(e) = error { <p class="notice error" role="alert" data-testid="funnel-typed-error">{e}</p> }
            </section>
        }
    };

    let funnel_html = match model.as_ref() {
        None => Html::default(),
        Some(m) => funnel_sections(
            m,
            &levers,
            &set,
            lang,
            (&money, &currency),
            props.version,
            from_data,
        ),
    };

    // The A/B planner.
    let overall = model.as_ref().map_or(0.0, |m| {
        let kept = funnel::kept_steps(m);
        let last = kept.last().copied().unwrap_or(0);
        let v = m.total.counts[0];
        if v > 0 {
            m.total.counts[last] as f64 / v as f64
        } else {
            0.0
        }
    });
    let daily_visitors = model.as_ref().map_or(0.0, |m| {
        if m.total.days > 0 {
            m.total.counts[0] as f64 / f64::from(m.total.days)
        } else {
            0.0
        }
    });
    let p = &levers.plan;
    let baseline = p.baseline.unwrap_or(overall);
    let plan = ab::plan(&PlanInput {
        baseline,
        effect: p.effect,
        alpha: p.alpha,
        power: p.power,
        daily_visitors,
        share_in_test: p.share,
    });
    let (effect_kind, effect_value) = match p.effect {
        Effect::Relative(v) => ("rel", v * 100.0),
        Effect::Absolute(v) => ("abs", v * 100.0),
    };
    let effect_select = {
        let (levers, set) = (levers.clone(), set.clone());
        let onchange = Callback::from(move |e: Event| {
            let mut next = levers.clone();
            let v = match next.plan.effect {
                Effect::Relative(v) | Effect::Absolute(v) => v,
            };
            next.plan.effect = if value_of(&e).as_deref() == Some("abs") {
                Effect::Absolute(v.min(0.05))
            } else {
                Effect::Relative(v.max(0.01))
            };
            set.emit(next);
        });
        html! {
            <select data-testid="ab-effect-kind" aria-label={Msg::AbMde.text(lang)} {onchange}>
                <option value="rel" selected={effect_kind == "rel"}>{Msg::AbRelative.text(lang)}</option>
                <option value="abs" selected={effect_kind == "abs"}>{Msg::AbAbsolute.text(lang)}</option>
            </select>
        }
    };
    let sequential_box = {
        let (levers, set) = (levers.clone(), set.clone());
        html! {
            <label>
                <input type="checkbox" data-testid="ab-sequential" checked={p.sequential}
                    onchange={move |e: Event| {
                        let mut next = levers.clone();
                        next.plan.sequential = checked_of(&e);
                        set.emit(next);
                    }} />
                {" "}{Msg::AbSequential.text(lang)}
            </label>
        }
    };
    let plan_result = match &plan {
        Ok(plan) => {
            let days = plan.days.map_or(f64::NAN, |d| d as f64);
            html! {
                <>
                    <dl class="stats headlines">
                        {stat("ab-sample-size-per-arm", Msg::AbSampleSize.text(lang), plan.per_arm as f64,
                            i18n::format_number(plan.per_arm as f64, 0))}
                        {stat("ab-days-needed", Msg::AbDaysNeeded.text(lang), days,
                            plan.days.map_or_else(|| Msg::AbDaysUnknown.text(lang).to_owned(),
                                |d| i18n::format_number(d as f64, 0)))}
                    </dl>
                    if p.sequential {
                        <p class="small" data-testid="ab-sequential-rule" data-value={plan.sequential_n.to_string()}>
                            {Msg::AbSequentialRule.text(lang)
                                // Counts are whole: the difference to reach is the boundary rounded up.
                                .replace("{boundary}", &i18n::format_number(plan.sequential_boundary.ceil(), 0))
                                .replace("{n}", &i18n::format_number(plan.sequential_n as f64, 0))}
                        </p>
                    }
                </>
            }
        }
        Err(e) => {
            html! { <p class="notice error" role="alert" data-testid="ab-plan-error">{ab_error_text(e, "", lang)}</p> }
        }
    };
    let plan_html = html! {
        <section aria-labelledby="ab-plan-title">
            <h3 id="ab-plan-title">{Msg::AbPlanTitle.text(lang)}</h3>
            <div class="levers">
                {number_input("ab-baseline", Msg::AbBaseline.text(lang), round_to(baseline * 100.0, 3),
                    |l, v| l.plan.baseline = Some(v / 100.0))}
                <label>{Msg::AbMde.text(lang)}{" "}
                    <input type="number" data-testid="ab-mde" class="narrow" step="any" min="0"
                        value={round_to(effect_value, 3)}
                        onchange={{
                            let (levers, set) = (levers.clone(), set.clone());
                            move |e: Event| {
                                if let Some(v) = value_of(&e).as_deref().and_then(number) {
                                    let mut next = levers.clone();
                                    next.plan.effect = match next.plan.effect {
                                        Effect::Relative(_) => Effect::Relative(v / 100.0),
                                        Effect::Absolute(_) => Effect::Absolute(v / 100.0),
                                    };
                                    set.emit(next);
                                }
                            }
                        }} />
                </label>
                {effect_select}
                {number_input("ab-alpha", Msg::AbAlpha.text(lang), round_to(p.alpha * 100.0, 3),
                    |l, v| l.plan.alpha = v / 100.0)}
                {number_input("ab-power", Msg::AbPower.text(lang), round_to(p.power * 100.0, 3),
                    |l, v| l.plan.power = v / 100.0)}
                {number_input("ab-share", Msg::AbShare.text(lang), round_to(p.share * 100.0, 3),
                    |l, v| l.plan.share = (v / 100.0).min(1.0))}
                {sequential_box}
            </div>
            {plan_result}
        </section>
    };

    // The A/B reader.
    let (a, b) = levers.arms;
    let planned = plan.as_ref().ok().filter(|_| levers.use_plan);
    let reading = ab::read(&ReadInput {
        a,
        b,
        alpha: p.alpha,
        expected_share_b: 0.5,
        planned_per_arm: planned.map(|p| p.per_arm),
        sequential_n: planned.filter(|_| p.sequential).map(|p| p.sequential_n),
    });
    // Each arm's input is named by its row and column headers ("A (control) Visitors").
    let arm_input = |testid: &'static str, value: u64, apply: fn(&mut FunnelLevers, u64)| {
        let (levers, set) = (levers.clone(), set.clone());
        let (column, arm) = testid
            .trim_start_matches("ab-")
            .split_once('-')
            .unwrap_or_default();
        html! {
            <input type="number" min="0" step="1" class="narrow" data-testid={testid} value={value.to_string()}
                aria-labelledby={format!("ab-arm-{arm} ab-col-{column}")}
                onchange={move |e: Event| {
                    if let Some(v) = value_of(&e).as_deref().and_then(number) {
                        let mut next = levers.clone();
                        apply(&mut next, v.max(0.0).round() as u64);
                        next.arms_file = None;
                        set.emit(next);
                    }
                }} />
        }
    };
    let on_csv = {
        let (levers, set, reader, csv_error) = (
            levers.clone(),
            set.clone(),
            reader.clone(),
            csv_error.clone(),
        );
        Callback::from(move |e: Event| {
            let Some(file) = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
            else {
                return;
            };
            let file = gloo::file::File::from(file);
            let name = file.name();
            let (levers, set, csv_error) = (levers.clone(), set.clone(), csv_error.clone());
            let handle: Rc<RefCell<_>> = reader.clone();
            *handle.borrow_mut() =
                Some(gloo::file::callbacks::read_as_text(
                    &file,
                    move |text| match text.map_err(|e| e.to_string()) {
                        Ok(text) => match ab::read_daily_csv(&text) {
                            Ok(arms) => {
                                csv_error.set(None);
                                let mut next = levers.clone();
                                next.arms = arms;
                                next.arms_file = Some(name.clone());
                                set.emit(next);
                            }
                            Err(e) => csv_error.set(Some(ab_error_text(&e, &name, lang))),
                        },
                        Err(e) => csv_error.set(Some(format!("{name}: {e}"))),
                    },
                ));
        })
    };
    let use_plan_box = {
        let (levers, set) = (levers.clone(), set.clone());
        html! {
            <label>
                <input type="checkbox" data-testid="ab-use-plan" checked={levers.use_plan}
                    onchange={move |e: Event| {
                        let mut next = levers.clone();
                        next.use_plan = checked_of(&e);
                        set.emit(next);
                    }} />
                {" "}{Msg::AbUsePlan.text(lang)}
            </label>
        }
    };
    let reading_html = match &reading {
        Ok(r) => {
            let (verdict_code, verdict_text) = match r.verdict {
                Verdict::BWins => ("b-wins", Msg::AbVerdictBWins.text(lang).to_owned()),
                Verdict::AWins => ("a-wins", Msg::AbVerdictAWins.text(lang).to_owned()),
                Verdict::NoDifference => (
                    "no-difference",
                    Msg::AbVerdictNoDifference.text(lang).to_owned(),
                ),
                Verdict::Underpowered => (
                    "underpowered",
                    Msg::AbVerdictUnderpowered.text(lang).to_owned(),
                ),
                Verdict::Peeking => (
                    "peeking",
                    Msg::AbVerdictPeeking.text(lang).replace(
                        "{n}",
                        &planned
                            .map_or_else(String::new, |p| i18n::format_number(p.per_arm as f64, 0)),
                    ),
                ),
                Verdict::SequentialBWins => (
                    "sequential-b-wins",
                    Msg::AbVerdictSeqB.text(lang).to_owned(),
                ),
                Verdict::SequentialNoWinner => (
                    "sequential-no-winner",
                    Msg::AbVerdictSeqNone.text(lang).to_owned(),
                ),
                Verdict::SequentialContinue => (
                    "sequential-continue",
                    Msg::AbVerdictSeqContinue.text(lang).to_owned(),
                ),
            };
            let quiet = matches!(r.verdict, Verdict::Underpowered | Verdict::Peeking);
            html! {
                <>
                    <p class={classes!("verdict", quiet.then_some("notice"))} data-testid="ab-verdict"
                        data-verdict={verdict_code}>{verdict_text}</p>
                    if r.srm_suspect {
                        <p class="notice error" role="alert" data-testid="ab-srm-warning">{Msg::AbSrmSuspect.text(lang)}</p>
                    }
                    <dl class="stats headlines">
                        <div class="stat headline" data-testid="ab-lift" data-value={r.lift.to_string()}
                            data-low={r.lift_low.to_string()} data-high={r.lift_high.to_string()}>
                            <dt>{Msg::AbLift.text(lang)}</dt>
                            <dd>{pct(r.lift)}</dd>
                            <dd class="muted small">{format!("{} – {}", pct(r.lift_low), pct(r.lift_high))}</dd>
                        </div>
                        {stat("ab-p-value", Msg::AbPValue.text(lang), r.p_value, format_p(r.p_value))}
                        {stat("ab-prob-b-beats-a", Msg::AbProbBBeatsA.text(lang), r.prob_b_beats_a, pct(r.prob_b_beats_a))}
                        {stat("ab-expected-loss", Msg::AbExpectedLoss.text(lang), r.expected_loss_b,
                            format!("{}{}", round_to(r.expected_loss_b * 100.0, 3), Msg::PercentagePoints.text(lang)))}
                        {stat("ab-srm-p-value", Msg::AbSrm.text(lang), r.srm_p_value, format_p(r.srm_p_value))}
                    </dl>
                </>
            }
        }
        Err(e) => {
            html! { <p class="notice error" role="alert" data-testid="ab-read-error">{ab_error_text(e, "", lang)}</p> }
        }
    };
    let read_html = html! {
        <section aria-labelledby="ab-read-title">
            <h3 id="ab-read-title">{Msg::AbReadTitle.text(lang)}</h3>
            <table class="data-table ab-arms">
                <thead><tr><th></th><th scope="col" id="ab-col-visitors">{Msg::AbVisitors.text(lang)}</th><th scope="col" id="ab-col-conversions">{Msg::AbConversions.text(lang)}</th></tr></thead>
                <tbody>
                    <tr><th scope="row" id="ab-arm-a">{Msg::AbArmA.text(lang)}</th>
                        <td>{arm_input("ab-visitors-a", a.visitors, |l, v| l.arms.0.visitors = v)}</td>
                        <td>{arm_input("ab-conversions-a", a.conversions, |l, v| l.arms.0.conversions = v)}</td></tr>
                    <tr><th scope="row" id="ab-arm-b">{Msg::AbArmB.text(lang)}</th>
                        <td>{arm_input("ab-visitors-b", b.visitors, |l, v| l.arms.1.visitors = v)}</td>
                        <td>{arm_input("ab-conversions-b", b.conversions, |l, v| l.arms.1.conversions = v)}</td></tr>
                </tbody>
            </table>
            <p class="small">
                <label>{Msg::AbCsv.text(lang)}{" "}
                    <input type="file" accept=".csv,text/csv" data-testid="ab-csv" onchange={on_csv} />
                </label>
                <br /><span class="muted">{Msg::AbCsvHint.text(lang)}</span>
                if let Some(f) = &levers.arms_file { <br /><span class="muted" data-testid="ab-csv-file">{f.clone()}</span> }
            </p>
            if let Some(e) = (*csv_error).clone() { <p class="notice error" role="alert" data-testid="ab-csv-error">{e}</p> }
            <p class="small">{use_plan_box}</p>
            {reading_html}
        </section>
    };

    html! {
        <section class="page funnel" aria-labelledby="funnel-title" data-testid="funnel">
            <h2 id="funnel-title">{Msg::FunnelTitle.text(lang)}</h2>
            <p class="lead">{Msg::FunnelLead.text(lang)}</p>
            {super::demo_table_notice(&props.view, TableKind::Traffic, lang)}
            if super::demo_beside_imported_orders(&props.view, TableKind::Traffic) {
                <p class="notice warn" data-testid="funnel-demo-revenue">{Msg::FunnelDemoRevenue.text(lang)}</p>
            }
            {typed_html}
            {funnel_html}
            {plan_html}
            {read_html}
        </section>
    }
}

/// What a what-if slider does to the levers with its value.
type SliderApply = Rc<dyn Fn(&mut FunnelLevers, f64)>;

/// The funnel, its breakdowns and trend, the bottleneck and the what-if.
fn funnel_sections(
    m: &FunnelModel,
    levers: &FunnelLevers,
    set: &Callback<FunnelLevers>,
    lang: Lang,
    (money, currency): (&dyn Fn(f64) -> String, &str),
    dataset_version: u64,
    from_data: bool,
) -> Html {
    // Estimated gains in whole money: their cents mean nothing.
    let estimate = |v: f64| {
        if v.is_finite() {
            i18n::format_money_whole(v, currency)
        } else {
            "–".to_owned()
        }
    };
    let kept = funnel::kept_steps(m);
    let last = kept.last().copied().unwrap_or(0);
    let visitors = m.total.counts[0];
    let overall = if visitors > 0 {
        m.total.counts[last] as f64 / visitors as f64
    } else {
        0.0
    };
    // What the charts are drawn from, as hashes (the figures redraw when these change). The
    // what-if chart depends on the data, the language and the what-if levers only: not on the
    // breakdown chosen or the A/B inputs.
    let data_version = {
        let mut h = DefaultHasher::new();
        (dataset_version, lang, from_data).hash(&mut h);
        for v in levers.typed {
            v.hash(&mut h);
        }
        levers.typed_aov.to_bits().hash(&mut h);
        h.finish()
    };
    let version = {
        let mut h = DefaultHasher::new();
        data_version.hash(&mut h);
        levers.traffic.to_bits().hash(&mut h);
        levers.margin.to_bits().hash(&mut h);
        levers.aov.map(f64::to_bits).hash(&mut h);
        for r in &levers.rates {
            r.map(f64::to_bits).hash(&mut h);
        }
        h.finish()
    };
    // The AOV: the data's, or the typed one when the data has none.
    // (A copy of the model only then: it holds every day's counts.)
    let with_typed_aov;
    let m = if m.aov <= 0.0 {
        let mut copy = m.clone();
        copy.aov = levers.typed_aov;
        copy.total.revenue = copy.total.counts[last] as f64 * copy.aov;
        with_typed_aov = copy;
        &with_typed_aov
    } else {
        m
    };

    let notes = {
        let mut notes: Vec<Html> = Vec::new();
        if let Some((from, to)) = m.range {
            notes.push(html! { <p class="muted small" data-testid="funnel-period">{Msg::FunnelPeriod.text(lang)
                .replace("{from}", &i18n::format_date(from, lang)).replace("{to}", &i18n::format_date(to, lang))
                .replace("{days}", &m.total.days.to_string())}</p> });
        }
        let missing: Vec<&str> = (1..STEPS)
            .filter(|&i| !m.present[i])
            .map(|i| step_name(Step::ALL[i], lang))
            .collect();
        if from_data && !missing.is_empty() {
            notes.push(html! { <p class="muted small" data-testid="funnel-missing-steps">{Msg::FunnelMissingSteps.text(lang)
                .replace("{steps}", &missing.join(", "))}</p> });
        }
        if from_data && m.revenue_source == RevenueSource::Orders {
            notes.push(
                html! { <p class="muted small">{Msg::FunnelRevenueFromOrders.text(lang)}</p> },
            );
        }
        if from_data && m.revenue_source == RevenueSource::None {
            notes.push(html! { <p class="notice warn">{Msg::FunnelNoRevenue.text(lang)}</p> });
        }
        if let Some((date, channel, device, step)) = &m.first_inconsistent {
            let place = [
                date.map(|d| d.to_string()).unwrap_or_default(),
                channel.clone(),
                device.clone(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
            notes.push(html! { <p class="notice warn" data-testid="funnel-inconsistent" data-value={m.inconsistent_rows.to_string()}>
                {Msg::FunnelInconsistent.text(lang)
                    .replace("{n}", &i18n::format_number(m.inconsistent_rows as f64, 0))
                    .replace("{where}", &place)
                    .replace("{step}", step_name(*step, lang))}</p> });
        }
        notes
    };

    // The breakdown.
    let by_select = {
        let (levers, set) = (levers.clone(), set.clone());
        let by = levers.by;
        let onchange = Callback::from(move |e: Event| {
            let mut next = levers.clone();
            next.by = match value_of(&e).as_deref() {
                Some("device") => BreakdownBy::Device,
                Some("month") => BreakdownBy::Month,
                Some("day") => BreakdownBy::Day,
                _ => BreakdownBy::Channel,
            };
            set.emit(next);
        });
        html! {
            <label>{Msg::FunnelBreakdown.text(lang)}{" "}
                <select data-testid="funnel-breakdown-by" {onchange}>
                    <option value="channel" selected={by == BreakdownBy::Channel}>{Msg::FunnelByChannel.text(lang)}</option>
                    <option value="device" selected={by == BreakdownBy::Device}>{Msg::FunnelByDevice.text(lang)}</option>
                    <option value="month" selected={by == BreakdownBy::Month}>{Msg::FunnelByMonth.text(lang)}</option>
                    <option value="day" selected={by == BreakdownBy::Day}>{Msg::FunnelByDay.text(lang)}</option>
                </select>
            </label>
        }
    };
    let (groups, by_name) = match levers.by {
        BreakdownBy::Channel => (&m.by_channel, Msg::FunnelByChannel.text(lang)),
        BreakdownBy::Device => (&m.by_device, Msg::FunnelByDevice.text(lang)),
        BreakdownBy::Month => (&m.by_month, Msg::FunnelByMonth.text(lang)),
        BreakdownBy::Day => (&m.by_day, Msg::FunnelByDay.text(lang)),
    };
    let breakdown_title = Msg::FunnelBreakdownTitle
        .text(lang)
        .replace("{by}", by_name);
    let breakdown_html = if from_data {
        html! {
            <>
                <div class="levers">{by_select}</div>
                <Figure testid="funnel-breakdown" title={breakdown_title.clone()} alt={breakdown_title}
                    version={data_version ^ levers.by as u64} table={Rc::new(breakdown_table(m, groups, lang))}
                    file_stem={"funnel".to_owned()} {lang} table_first=true />
            </>
        }
    } else {
        Html::default()
    };
    let trend_html = if m.by_day.len() >= 14 {
        let (drawing, table) = trend_drawing(m, lang);
        html! {
            <Figure testid="funnel-trend" title={Msg::ChartFunnelTrend.text(lang).to_owned()}
                alt={Msg::ChartFunnelTrendAlt.text(lang).to_owned()} drawing={drawing} version={data_version}
                table={Rc::new(table)} file_stem={"funnel".to_owned()} {lang} eager=true />
        }
    } else {
        Html::default()
    };

    // The bottleneck.
    let ranking = funnel::bottlenecks(m);
    let bottleneck_html = match ranking.first() {
        None => Html::default(),
        Some(top) => {
            let table = Table {
                header: vec![
                    Msg::FunnelColStep.text(lang).into(),
                    Msg::FunnelColStepRate.text(lang).into(),
                    Msg::FunnelColRelative.text(lang).into(),
                    Msg::FunnelColWinBack.text(lang).into(),
                    Msg::FunnelColBest.text(lang).into(),
                    Msg::FunnelColBestGain.text(lang).into(),
                ],
                rows: ranking
                    .iter()
                    .map(|l| {
                        let best = match &l.best_source {
                            Benchmark::Channel(c) => Msg::FunnelBestChannel
                                .text(lang)
                                .replace("{name}", i18n::data_label(c, lang)),
                            Benchmark::Month(key) => Msg::FunnelBestMonth
                                .text(lang)
                                .replace("{name}", &month_name(key, lang)),
                            Benchmark::None => Msg::FunnelBestNone.text(lang).to_owned(),
                        }
                        .replace("{rate}", &pct(l.best_rate));
                        vec![
                            Cell::text(step_name(Step::ALL[l.step], lang)),
                            Cell::number(l.rate, pct(l.rate)),
                            Cell::number(l.gain_relative, estimate(l.gain_relative)),
                            Cell::number(l.gain_win_back, estimate(l.gain_win_back)),
                            Cell::number(l.best_rate, best),
                            Cell::number(l.gain_at_best, estimate(l.gain_at_best)),
                        ]
                    })
                    .collect(),
            };
            html! {
                <section aria-labelledby="funnel-bottleneck-title">
                    <h3 id="funnel-bottleneck-title">{Msg::FunnelBottleneckTitle.text(lang)}</h3>
                    <dl class="stats headlines">
                        {stat("funnel-bottleneck-step", Msg::FunnelBottleneck.text(lang), top.step as f64,
                            step_name(Step::ALL[top.step], lang).to_owned())}
                    </dl>
                    <p class="muted small">{Msg::FunnelBottleneckNote.text(lang)}</p>
                    <Figure testid="funnel-bottlenecks" title={Msg::FunnelBottleneckTitle.text(lang).to_owned()}
                        alt={Msg::FunnelBottleneckTitle.text(lang).to_owned()} version={data_version}
                        table={Rc::new(table)} file_stem={"funnel".to_owned()} {lang} table_first=true />
                </section>
            }
        }
    };

    // The what-if: sliders.
    let (base, scenario) = funnel::what_if(
        m,
        &WhatIf {
            traffic: levers.traffic,
            rates: levers.rates.clone(),
            aov: levers.aov,
            gross_margin: levers.margin,
        },
    );
    let slider = |testid: String,
                  label: String,
                  value: f64,
                  (min, max, step): (f64, f64, f64),
                  shown: String,
                  apply: SliderApply| {
        let (levers, set) = (levers.clone(), set.clone());
        html! {
            <label class="slider">{label}{" "}
                <input type="range" data-testid={testid} min={min.to_string()} max={max.to_string()}
                    step={step.to_string()} value={value.to_string()} aria-valuetext={shown.clone()}
                    oninput={move |e: InputEvent| {
                        let v = e.target()
                            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
                            .and_then(|i| number(&i.value()));
                        if let Some(v) = v {
                            let mut next = levers.clone();
                            apply(&mut next, v);
                            set.emit(next);
                        }
                    }} />
                {" "}<output>{shown}</output>
            </label>
        }
    };
    let rate_sliders = (1..kept.len()).map(|k| {
        let today = funnel::kept_rate(m, &m.total.counts, k).unwrap_or(0.0);
        let now = levers.rates.get(k - 1).copied().flatten().unwrap_or(today);
        slider(
            format!("funnel-rate-{}", kept[k]),
            step_name(Step::ALL[kept[k]], lang).to_owned(),
            now * 100.0,
            (0.0, 100.0, 0.1),
            pct(now),
            Rc::new(move |l: &mut FunnelLevers, v: f64| {
                if l.rates.len() < k {
                    l.rates.resize(k, None);
                }
                l.rates[k - 1] = Some(v / 100.0);
            }),
        )
    });
    let aov_now = levers.aov.unwrap_or(m.aov);
    let reset = {
        let (levers, set) = (levers.clone(), set.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = levers.clone();
            next.rates.clear();
            next.traffic = 1.0;
            next.aov = None;
            set.emit(next);
        })
    };
    let delta = |after: f64, before: f64| {
        let d = after - before;
        let sign = if d >= 0.0 { "+" } else { "" };
        Msg::FunnelVsToday
            .text(lang)
            .replace("{delta}", &format!("{sign}{}", money(d)))
    };
    let (whatif_drawing, whatif_table) = whatif_drawing(m, &base, &scenario, lang);
    let whatif_html = html! {
        <section aria-labelledby="funnel-whatif-title">
            <h3 id="funnel-whatif-title">{Msg::FunnelWhatIfTitle.text(lang)}</h3>
            <div class="levers sliders">
                {slider("funnel-traffic".into(), Msg::FunnelTraffic.text(lang).to_owned(), levers.traffic * 100.0,
                    (50.0, 200.0, 1.0), pct(levers.traffic), Rc::new(|l: &mut FunnelLevers, v: f64| l.traffic = v / 100.0))}
                {for rate_sliders}
                {slider("funnel-aov".into(), Msg::FunnelAov.text(lang).to_owned(), aov_now,
                    (0.0, (m.aov * 3.0).max(1.0), (m.aov / 100.0).max(0.01)), money(aov_now),
                    Rc::new(|l: &mut FunnelLevers, v: f64| l.aov = Some(v)))}
                <label>{Msg::FunnelMargin.text(lang)}{" "}
                    <input type="number" data-testid="funnel-margin" class="narrow" min="0" max="100" step="any"
                        value={round_to(levers.margin * 100.0, 2)}
                        onchange={{
                            let (levers, set) = (levers.clone(), set.clone());
                            move |e: Event| {
                                if let Some(v) = value_of(&e).as_deref().and_then(number) {
                                    let mut next = levers.clone();
                                    next.margin = (v / 100.0).clamp(0.0, 1.0);
                                    set.emit(next);
                                }
                            }
                        }} />
                </label>
                <button class="link" data-testid="funnel-reset" onclick={reset}>{Msg::FunnelReset.text(lang)}</button>
            </div>
            <dl class="stats headlines">
                <div class="stat headline" data-testid="funnel-whatif-revenue" data-value={scenario.revenue.to_string()}
                    data-baseline={base.revenue.to_string()}>
                    <dt>{Msg::FunnelWhatIfRevenue.text(lang)}</dt><dd>{money(scenario.revenue)}</dd>
                    <dd class="muted small">{delta(scenario.revenue, base.revenue)}</dd>
                </div>
                {stat("funnel-whatif-orders", Msg::FunnelWhatIfOrders.text(lang), scenario.orders, i18n::format_number(scenario.orders, 0))}
                <div class="stat headline" data-testid="funnel-whatif-profit" data-value={scenario.gross_profit.to_string()}>
                    <dt>{Msg::FunnelWhatIfProfit.text(lang)}</dt><dd>{money(scenario.gross_profit)}</dd>
                    <dd class="muted small">{delta(scenario.gross_profit, base.gross_profit)}</dd>
                </div>
            </dl>
            <Figure testid="funnel-whatif" title={Msg::ChartFunnelWhatIf.text(lang).to_owned()}
                alt={Msg::ChartFunnelWhatIfAlt.text(lang).to_owned()} drawing={whatif_drawing} version={version}
                table={Rc::new(whatif_table)} file_stem={"funnel".to_owned()} {lang} />
        </section>
    };

    html! {
        <>
            <section aria-labelledby="funnel-steps-title">
                <h3 id="funnel-steps-title">{Msg::FunnelStepsTitle.text(lang)}</h3>
                {for notes}
                <dl class="stats headlines">
                    {stat("funnel-overall-rate", Msg::FunnelOverallRate.text(lang), overall, pct(overall))}
                    {stat("funnel-visitors", Msg::FunnelStepVisitors.text(lang), visitors as f64, i18n::format_number(visitors as f64, 0))}
                    {stat("funnel-aov", Msg::FunnelAov.text(lang), m.aov, money(m.aov))}
                    {stat("funnel-revenue", Msg::FunnelRevenue.text(lang), m.total.revenue, money(m.total.revenue))}
                </dl>
                <Figure testid="funnel-steps" title={Msg::FunnelStepsTitle.text(lang).to_owned()}
                    alt={Msg::FunnelStepsTitle.text(lang).to_owned()} version={data_version}
                    table={Rc::new(steps_table(m, lang))} file_stem={"funnel".to_owned()} {lang} table_first=true />
                {breakdown_html}
                {trend_html}
            </section>
            {bottleneck_html}
            {whatif_html}
        </>
    }
}
