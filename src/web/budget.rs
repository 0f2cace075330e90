//! `#/budget`: the budget allocation simulator (预算分配). The worker fits the response curves
//! once per dataset ([`BudgetModel`]); the page holds the user's levers and asks the engine for
//! the best split at every change ([`budget::scenario`] is fast enough to run while a bound is
//! dragged). Without a marketing table the user types the channels, and every number is marked
//! as assumed.
//!
//! Figures carry `data-testid` and `data-value`: `budget-total`, `budget-expected-revenue`,
//! `budget-expected-roas`, `budget-uplift`, and `budget-alloc-<channel>` per channel.

use serde::{Deserialize, Serialize};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::form::{self, checked_of, number, value_of};

use super::budget_charts as draw;
use super::chart::ChartCanvas;
use super::figure::{Cell, Figure, Table};
use crate::engine::sim::budget::data::RevenueSource;
use crate::engine::sim::budget::fit::{ChannelInfo, CurveSource};
use crate::engine::sim::budget::optimize::Binding;
use crate::engine::sim::budget::{
    self, AssumedChannel, BudgetModel, Goal, Levers, ModelSource, Saturation, Scenario,
};
use crate::engine::DatasetView;
use crate::i18n::{self, Lang, Msg};

/// A saved allocation, for comparing side by side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedScenario {
    /// Its name.
    pub name: String,
    /// The levers.
    pub levers: Levers,
    /// Its outcome.
    pub scenario: Rc<Scenario>,
}

/// The range of the attribution check's factor the page takes as borne out: a notice when the
/// whole 90 % band lies below or above it (the factor is one noisy number for all channels: on
/// the demo store, whose platforms claim exactly what their channels bring, it reads 0.81–1.12
/// over eight realisations).
const ATTRIBUTION_BORNE_OUT: (f64, f64) = (0.8, 1.25);

/// At most this many saved scenarios.
pub const MAX_SAVED: usize = 4;

/// The page's state, kept by the app across pages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BudgetState {
    /// The levers, and the dataset version they were set for.
    pub levers: Option<(u64, Levers)>,
    /// Saved scenarios.
    pub saved: Vec<SavedScenario>,
    /// Channels typed by the user (no marketing table).
    pub assumed: Vec<AssumedChannel>,
    /// Fit every channel to the shop's revenue, ignoring the platforms' attributed revenue.
    pub revenue_only: bool,
}

/// Properties of [`BudgetPage`].
#[derive(Properties, PartialEq)]
pub struct BudgetProps {
    /// The loaded dataset's view.
    pub view: Rc<DatasetView>,
    /// Interface language.
    pub lang: Lang,
    /// The fitted model: `None` while it is fitted, `Some(None)` without a marketing table.
    pub model: Option<Option<Rc<BudgetModel>>>,
    /// The page's state.
    pub state: BudgetState,
    /// The page changed its state.
    pub on_change: Callback<BudgetState>,
    /// The dataset version (levers are reset for a new dataset).
    pub version: u64,
}

/// A stable test id for a channel: lower case, other characters as `-`.
pub fn channel_slug(channel: &str) -> String {
    let slug: String = channel
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                '-'
            }
        })
        .collect();
    slug.trim_matches('-').to_owned()
}

/// The budget page.
#[function_component(BudgetPage)]
pub fn budget_page(props: &BudgetProps) -> Html {
    let lang = props.lang;
    let currency = props.view.currency.clone();
    let money = {
        let currency = currency.clone();
        move |v: f64| i18n::format_money(v, &currency)
    };
    // The model: fitted, or built from the typed channels.
    let start = props
        .view
        .periods
        .as_ref()
        .map(|p| p.last_day + chrono::Duration::days(1))
        .unwrap_or_default();
    let model: Option<Rc<BudgetModel>> = match &props.model {
        None => {
            return html! {
                <section class="page" aria-busy="true">
                    <h2>{Msg::BudgetTitle.text(lang)}</h2>
                    <p class="loading" data-testid="budget-loading">{Msg::BudgetFitting.text(lang)}</p>
                </section>
            }
        }
        Some(Some(m)) => Some(m.clone()),
        Some(None) if props.state.assumed.is_empty() => None,
        Some(None) => Some(Rc::new(budget::assumed_model(&props.state.assumed, start))),
    };
    let assumed_form = assumed_form(&props.state, &props.on_change, lang);
    let Some(model) = model else {
        return html! {
            <section class="page budget" aria-labelledby="budget-title">
                <h2 id="budget-title">{Msg::BudgetTitle.text(lang)}</h2>
                <p class="lead">{Msg::BudgetLead.text(lang)}</p>
                <p class="notice warn" data-testid="budget-no-data">{Msg::BudgetNoData.text(lang)}</p>
                {assumed_form}
            </section>
        };
    };
    let assumed = model.source == ModelSource::Assumed;
    // The levers: the user's, if set for this dataset and these channels, else the defaults.
    let levers = props
        .state
        .levers
        .as_ref()
        .filter(|(v, l)| *v == props.version && l.channels.len() == model.fit.channels.len())
        .map(|(_, l)| l.clone())
        .unwrap_or_else(|| Levers::default_for(&model, None));
    let now = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    };
    let computed = {
        let model = model.clone();
        // The typed channels and the choice to fit to the revenue only are part of the key:
        // they change the model.
        use_memo(
            (
                props.version,
                levers.clone(),
                props.state.assumed.clone(),
                assumed,
                props.state.revenue_only,
            ),
            move |(_, levers, _, _, _)| {
                // The time the engine takes, shown to the benchmark as `data-compute-ms`.
                let start = now();
                let scenario = Rc::new(budget::scenario(&model, levers));
                (scenario, now() - start)
            },
        )
    };
    let (scenario, compute_ms) = (computed.0.clone(), computed.1);
    let set_levers = {
        let (state, on_change, version) =
            (props.state.clone(), props.on_change.clone(), props.version);
        Callback::from(move |levers: Levers| {
            on_change.emit(BudgetState {
                levers: Some((version, levers)),
                ..state.clone()
            })
        })
    };

    let source = match &model.source {
        ModelSource::Fitted {
            revenue_source,
            periods,
            range,
            negative_spend,
        } => {
            let revenue = match revenue_source {
                RevenueSource::Sheet => Msg::RevenueFromSheet.text(lang),
                RevenueSource::Orders => Msg::RevenueFromOrders.text(lang),
            };
            html! {
                <p class="lead" data-testid="budget-source">
                    {Msg::BudgetFittedTo.text(lang)
                        .replace("{n}", &periods.to_string())
                        .replace("{from}", &i18n::format_date(range.0, lang))
                        .replace("{to}", &i18n::format_date(range.1, lang))}
                    {" "}{revenue}
                    if *negative_spend > 0 {
                        {" "}{Msg::NegativeSpend.text(lang).replace("{n}", &negative_spend.to_string())}
                    }
                    // What "per period" means, from the data's step (periods a year).
                    {match model.fit.baseline.periods_per_year {
                        y if (40.0..=60.0).contains(&y) => format!(" {}", Msg::PeriodIsWeek.text(lang)),
                        y if (10.0..=14.0).contains(&y) => format!(" {}", Msg::PeriodIsMonth.text(lang)),
                        y if (300.0..=380.0).contains(&y) => format!(" {}", Msg::PeriodIsDay.text(lang)),
                        _ => String::new(),
                    }}
                </p>
            }
        }
        ModelSource::Assumed => html! {
            <p class="notice warn" data-testid="budget-source">{Msg::BudgetAssumed.text(lang)}</p>
        },
    };
    let fit = &model.fit;
    // The platforms' attribution: the choice to leave it out, shown wherever it is in the data,
    // and how much of it the revenue bears out.
    let revenue_only = props.state.revenue_only;
    let attribution_toggle = (!assumed && fit.attribution_available).then(|| {
            let (state, on_change) = (props.state.clone(), props.on_change.clone());
            let on_toggle = Callback::from(move |e: Event| {
                on_change.emit(BudgetState {
                    revenue_only: checked_of(&e),
                    ..state.clone()
                })
            });
            html! {
                <div class="attribution-choice">
                    <label>
                        <input type="checkbox" data-testid="budget-revenue-only" checked={revenue_only} onchange={on_toggle} />
                        {" "}{Msg::RevenueOnly.text(lang)}
                    </label>
                    <p class="kpi-help">{Msg::RevenueOnlyHelp.text(lang)}</p>
                </div>
            }
        });
    let check = fit.attribution_check.as_ref().filter(|_| !assumed);
    let check_stat = check.map(|c| {
        html! {
            <div class="stat headline" data-testid="budget-attribution-check" data-value={c.factor.to_string()}
                data-low={c.band.0.to_string()} data-high={c.band.1.to_string()}>
                <dt>{Msg::AttributionCheck.text(lang)}</dt>
                <dd>{i18n::format_percent(c.factor)}
                    <small>{" "}{Msg::AttributionCheckBand.text(lang)
                        .replace("{lo}", &i18n::format_percent(c.band.0))
                        .replace("{hi}", &i18n::format_percent(c.band.1))}</small>
                    if c.applied {
                        <small data-testid="budget-attribution-applied">{Msg::AttributionApplied.text(lang)}</small>
                    }
                </dd>
            </div>
        }
    });
    // Far from 1 even at the band's near end: say what it means for the figures below.
    let check_notice = check.filter(|c| !c.applied).and_then(|c| {
        let text = if c.band.1 < ATTRIBUTION_BORNE_OUT.0 {
            Msg::AttributionOverClaimed
        } else if c.band.0 > ATTRIBUTION_BORNE_OUT.1 {
            Msg::AttributionUnderClaimed
        } else {
            return None;
        };
        Some(html! {
            <p class="notice warn" data-testid="budget-attribution-notice">
                {text.text(lang).replace("{m}", &i18n::format_percent(c.factor))}
            </p>
        })
    });
    let quality = (!assumed).then(|| {
        html! {
            <>
            <dl class="stats headlines">
                <div class="stat headline" data-testid="budget-r2" data-value={fit.r_squared.to_string()}>
                    <dt>{Msg::FitR2.text(lang)}</dt><dd>{i18n::format_number(fit.r_squared, 3)}</dd>
                </div>
                <div class="stat headline" data-testid="budget-mape" data-value={fit.holdout_mape.map(|v| v.to_string()).unwrap_or_default()}>
                    <dt>{Msg::FitMape.text(lang).replace("{n}", &fit.holdout_periods.to_string())}</dt>
                    <dd>{fit.holdout_mape.map_or("–".into(), i18n::format_percent)}</dd>
                </div>
                {check_stat}
            </dl>
            {check_notice}
            {attribution_toggle}
            </>
        }
    });

    // The fitted channels.
    let fit_table = Table {
        header: vec![
            Msg::ColChannel.text(lang).into(),
            Msg::ColCarryOver.text(lang).into(),
            Msg::ColShape.text(lang).into(),
            Msg::ColHalfSaturation.text(lang).into(),
            Msg::ColMaxPerPeriod.text(lang).into(),
            Msg::ColSpendSeen.text(lang).into(),
            Msg::ColCurrentSpend.text(lang).into(),
            Msg::ColContribution.text(lang).into(),
            Msg::ColFitNote.text(lang).into(),
        ],
        rows: fit
            .channels
            .iter()
            .map(|c| {
                vec![
                    Cell::text(i18n::data_label(&c.channel, lang)),
                    Cell::number(c.curve.theta, i18n::format_number(c.curve.theta, 2)),
                    Cell::number(c.curve.alpha, i18n::format_number(c.curve.alpha, 2)),
                    Cell::number(c.curve.kappa, money(c.curve.kappa)),
                    Cell::number(c.curve.beta, money(c.curve.beta)),
                    Cell::text(format!(
                        "{} – {}",
                        money(c.spend_range.0),
                        money(c.spend_range.1)
                    )),
                    Cell::number(c.current_spend, money(c.current_spend)),
                    Cell::number(
                        c.contribution_share,
                        i18n::format_percent(c.contribution_share),
                    ),
                    Cell::text(match c.info {
                        ChannelInfo::Fitted if assumed => Msg::InfoAssumed.text(lang).to_owned(),
                        ChannelInfo::Fitted if c.source == CurveSource::Attribution => {
                            Msg::InfoFittedAttribution.text(lang).replace(
                                "{r}",
                                &i18n::format_number(c.attribution_r_squared.unwrap_or(0.0), 2),
                            )
                        }
                        ChannelInfo::Fitted => match c.attribution_r_squared {
                            Some(r) => Msg::InfoAttributionUnexplained
                                .text(lang)
                                .replace("{r}", &i18n::format_number(r, 2)),
                            None => Msg::InfoFitted.text(lang).to_owned(),
                        },
                        ChannelInfo::NeverActive => Msg::InfoNeverActive.text(lang).to_owned(),
                        ChannelInfo::ConstantSpend => Msg::InfoConstant.text(lang).to_owned(),
                    }),
                ]
            })
            .collect(),
    };
    let file_stem = "budget".to_owned();
    let version = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (props.version, lang).hash(&mut h);
        for c in &scenario.channels {
            c.spend.to_bits().hash(&mut h);
            c.bounds.0.to_bits().hash(&mut h);
            c.bounds.1.to_bits().hash(&mut h);
        }
        h.finish()
    };
    let curves = fit.channels.iter().enumerate().map(|(i, c)| {
        let outcome = &scenario.channels[i];
        html! {
            <Figure testid={format!("budget-curve-{}", channel_slug(&c.channel))} title={i18n::data_label(&c.channel, lang).to_owned()}
                alt={Msg::ChartCurveAlt.text(lang).replace("{channel}", i18n::data_label(&c.channel, lang))}
                drawing={draw::curve(&model, i, outcome, &currency, lang)} version={version}
                table={Rc::new(draw::curve_table(&model, i, &currency, lang))} file_stem={file_stem.clone()} {lang} />
        }
    });

    // The levers.
    let goal_select = {
        let (levers, set) = (levers.clone(), set_levers.clone());
        let goal = levers.goal;
        // A target goal starts from today's split: its revenue, or its ROAS (a target of 0
        // put every channel at its lower bound, or spent every upper bound).
        let today = (
            scenario.current.total_revenue,
            scenario.current.roas.unwrap_or(0.0),
        );
        html! {
            <label>{Msg::BudgetGoal.text(lang)}{" "}
                <select data-testid="budget-goal" onchange={move |e: Event| {
                    let goal = match value_of(&e).as_deref() {
                        Some("profit") => Goal::MaxProfit,
                        Some("revenue-target") => Goal::TargetRevenue,
                        Some("roas-target") => Goal::TargetRoas,
                        _ => Goal::MaxRevenue,
                    };
                    let target = match goal {
                        _ if goal == levers.goal => levers.target,
                        Goal::TargetRevenue => (today.0 * 100.0).round() / 100.0,
                        Goal::TargetRoas => (today.1 * 100.0).round() / 100.0,
                        _ => levers.target,
                    };
                    set.emit(Levers { goal, target, ..levers.clone() });
                }}>
                    <option value="revenue" selected={goal == Goal::MaxRevenue}>{Msg::GoalMaxRevenue.text(lang)}</option>
                    <option value="profit" selected={goal == Goal::MaxProfit}>{Msg::GoalMaxProfit.text(lang)}</option>
                    <option value="revenue-target" selected={goal == Goal::TargetRevenue}>{Msg::GoalTargetRevenue.text(lang)}</option>
                    <option value="roas-target" selected={goal == Goal::TargetRoas}>{Msg::GoalTargetRoas.text(lang)}</option>
                </select>
            </label>
        }
    };
    let number_input = |testid: &'static str,
                        label: String,
                        value: f64,
                        range: (f64, f64),
                        set_value: fn(&mut Levers, f64)| {
        let (levers, set) = (levers.clone(), set_levers.clone());
        let shown = format!("{}", (value * 100.0).round() / 100.0);
        let max = range.1.is_finite().then(|| range.1.to_string());
        html! {
            <label>{label}{" "}
                <input type="number" data-testid={testid} value={shown.clone()} step="any" min={range.0.to_string()} max={max}
                    onchange={move |e: Event| {
                        if let Some(v) = form::typed_in_range(&e, range, &shown, lang) {
                            let mut next = levers.clone();
                            set_value(&mut next, v);
                            set.emit(next);
                        }
                    }} />
            </label>
        }
    };
    let budget_input = number_input(
        "budget-budget",
        Msg::BudgetPerPeriod.text(lang).to_owned(),
        levers.budget,
        (0.0, f64::INFINITY),
        |l, v| l.budget = v,
    );
    let margin_input = number_input(
        "budget-margin",
        Msg::BudgetMargin.text(lang).to_owned(),
        levers.margin * 100.0,
        (0.0, 100.0),
        |l, v| l.margin = (v / 100.0).min(1.0),
    );
    let target_input = match levers.goal {
        Goal::TargetRevenue => Some(number_input(
            "budget-target",
            Msg::TargetRevenue.text(lang).to_owned(),
            levers.target,
            (0.0, f64::INFINITY),
            |l, v| l.target = v,
        )),
        Goal::TargetRoas => Some(number_input(
            "budget-target",
            Msg::TargetRoasLabel.text(lang).to_owned(),
            levers.target,
            (0.0, f64::INFINITY),
            |l, v| l.target = v,
        )),
        _ => None,
    };
    let horizon_input = number_input(
        "budget-horizon",
        Msg::PlanHorizon.text(lang).to_owned(),
        f64::from(levers.horizon),
        (1.0, 104.0),
        |l, v| l.horizon = v.round().clamp(1.0, 104.0) as u32,
    );
    let reset = {
        let (set, model) = (set_levers.clone(), model.clone());
        Callback::from(move |_: MouseEvent| set.emit(Levers::default_for(&model, None)))
    };

    // Outcome.
    let best = &scenario.best;
    // Gross profit = margin × revenue − spend (per period).
    let profit = levers.margin * best.total_revenue - best.total_spend;
    let band = scenario.revenue_band;
    let kpis = html! {
        <dl class="stats headlines budget-kpis">
            <div class="stat headline" data-testid="budget-total" data-value={best.total_spend.to_string()}>
                <dt>{Msg::BudgetTotal.text(lang)}</dt><dd>{money(best.total_spend)}</dd>
            </div>
            <div class="stat headline" data-testid="budget-expected-revenue" data-value={best.total_revenue.to_string()}>
                <dt>{Msg::BudgetExpectedRevenue.text(lang)}</dt>
                <dd>{money(best.total_revenue)}
                    if let Some((lo, hi)) = band {
                        <br/><span class="muted small" data-testid="budget-revenue-band">{Msg::Band90.text(lang).replace("{lo}", &i18n::format_money_whole(lo, &currency)).replace("{hi}", &i18n::format_money_whole(hi, &currency))}</span>
                    }
                </dd>
            </div>
            <div class="stat headline" data-testid="budget-expected-roas" data-value={best.roas.map(|v| v.to_string()).unwrap_or_default()}>
                <dt>{Msg::BudgetExpectedRoas.text(lang)}</dt>
                <dd>{best.roas.map_or("–".into(), |v| i18n::format_number(v, 2))}
                    if let Some((lo, hi)) = scenario.roas_band {
                        <br/><span class="muted small" data-testid="budget-roas-band">{Msg::Band90.text(lang).replace("{lo}", &i18n::format_number(lo, 2)).replace("{hi}", &i18n::format_number(hi, 2))}</span>
                    }
                </dd>
            </div>
            if levers.goal == Goal::MaxProfit {
                <div class="stat headline" data-testid="budget-expected-profit" data-value={profit.to_string()}>
                    <dt>{Msg::BudgetExpectedProfit.text(lang)}</dt><dd>{money(profit)}</dd>
                </div>
            }
            <div class="stat headline" data-testid="budget-uplift" data-value={scenario.uplift.map(|v| v.to_string()).unwrap_or_default()}>
                <dt>{Msg::BudgetUplift.text(lang)}</dt><dd>{scenario.uplift.map_or("–".into(), i18n::format_change)}</dd>
            </div>
        </dl>
    };
    let infeasible = best.infeasible.then(|| html! {
        <p class="notice warn" data-testid="budget-infeasible">{Msg::BudgetInfeasible.text(lang)}</p>
    });
    // A lopsided band (the curves' refits on resampled weeks run higher far more easily than
    // lower: saturating curves are skewed) puts the estimate near one end: say so, so that
    // the band is not read as a biased estimate.
    let lopsided = scenario.revenue_band.and_then(|(lo, hi)| {
        let at = (hi > lo).then(|| (best.total_revenue - lo) / (hi - lo))?;
        if at < 0.2 {
            Some(Msg::BandLopsidedLow)
        } else if at > 0.8 {
            Some(Msg::BandLopsidedHigh)
        } else {
            None
        }
    });
    let lopsided = lopsided.map(|m| {
        html! {
            <p class="muted small" data-testid="budget-band-lopsided">{m.text(lang)}</p>
        }
    });
    // The most gross profit may leave part of the budget unspent: say why.
    let profit_note = (levers.goal == Goal::MaxProfit
        && levers.margin > 0.0
        && best.total_spend < levers.budget * (1.0 - 1e-6))
        .then(|| html! {
            <p class="notice" data-testid="budget-profit-below-budget">{Msg::ProfitBelowBudget.text(lang)
                .replace("{spend}", &money(best.total_spend))
                .replace("{budget}", &money(levers.budget))
                .replace("{roas}", &i18n::format_number(1.0 / levers.margin, 2))
                .replace("{margin}", &i18n::format_percent(levers.margin))}</p>
        });

    // Per channel: bounds and lock, and the outcome.
    let times_today = |bound: f64, current: f64| -> Html {
        if current > 0.0 {
            html! { <><br/><span class="muted small">{Msg::TimesToday.text(lang).replace("{x}", &i18n::format_number(bound / current, 2))}</span></> }
        } else {
            Html::default()
        }
    };
    // Every unlocked channel's bounds as multiples of today's spend at once.
    let multiples_form = {
        let (levers, set, model) = (levers.clone(), set_levers.clone(), model.clone());
        let onsubmit = Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(form) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let input = |name: &str| {
                form.query_selector(&format!("input[name={name}]"))
                    .ok()
                    .flatten()
                    .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
            };
            let (Some(low_box), Some(high_box)) = (input("low"), input("high")) else {
                return;
            };
            let read = |i: &web_sys::HtmlInputElement| number(&i.value()).filter(|v| *v >= 0.0);
            low_box.set_custom_validity("");
            high_box.set_custom_validity("");
            // Say what is wrong where it is, instead of swapping the two or ignoring them.
            let refuse = |i: &web_sys::HtmlInputElement, why: &str| {
                i.set_custom_validity(why);
                i.report_validity();
            };
            match (read(&low_box), read(&high_box)) {
                (None, _) => refuse(&low_box, Msg::MultipleInvalid.text(lang)),
                (_, None) => refuse(&high_box, Msg::MultipleInvalid.text(lang)),
                (Some(low), Some(high)) if low > high => {
                    refuse(&high_box, Msg::MultiplesReversed.text(lang))
                }
                (Some(low), Some(high)) => {
                    let mut next = levers.clone();
                    next.set_multiples(&model, low, high);
                    set.emit(next);
                }
            }
        });
        html! {
            <form class="levers multiples" {onsubmit} data-testid="budget-multiples">
                <span>{Msg::BoundsAsMultiples.text(lang)}</span>
                <label>{Msg::BoundMin.text(lang)}{" "}<input type="number" name="low" class="narrow" step="any" min="0"
                    value={budget::DEFAULT_BOUNDS.0.to_string()} data-testid="budget-multiple-low" />{"×"}</label>
                <label>{Msg::BoundMax.text(lang)}{" "}<input type="number" name="high" class="narrow" step="any" min="0"
                    value={budget::DEFAULT_BOUNDS.1.to_string()} data-testid="budget-multiple-high" />{"×"}</label>
                <button type="submit" class="button" data-testid="budget-multiples-apply">{Msg::ApplyToAll.text(lang)}</button>
            </form>
        }
    };
    let bound_rows = scenario.channels.iter().enumerate().map(|(i, c)| {
        let current = c.current_spend;
        let set_bound = |which: u8| {
            let (levers, set) = (levers.clone(), set_levers.clone());
            let money = money.clone();
            Callback::from(move |e: Event| {
                let mut next = levers.clone();
                let Some(l) = next.channels.get_mut(i) else { return };
                if which == 2 {
                    l.locked = checked_of(&e);
                    set.emit(next);
                    return;
                }
                let typed = value_of(&e).and_then(|t| budget::bound_from_text(&t, current));
                // A lower bound above the upper one (or the reverse) has no split: the value
                // in use is shown again and the bubble says which bound limits it.
                let (shown, limit) = if which == 0 {
                    (l.min, typed.filter(|v| *v > l.max).map(|_| Msg::BoundAboveMax.text(lang).replace("{max}", &money(l.max))))
                } else {
                    (l.max, typed.filter(|v| *v < l.min).map(|_| Msg::BoundBelowMin.text(lang).replace("{min}", &money(l.min))))
                };
                let why = match (typed, limit) {
                    (None, _) => Some(Msg::BoundInvalid.text(lang).to_owned()),
                    (Some(_), limit) => limit,
                };
                if let Some(why) = why {
                    form::reject(&e, &format!("{}", shown.round()), &why);
                    return;
                }
                if let Some(v) = typed {
                    form::accept(&e);
                    if which == 0 {
                        l.min = v;
                    } else {
                        l.max = v;
                    }
                }
                set.emit(next);
            })
        };
        let slug = channel_slug(&c.channel);
        let l = &levers.channels[i];
        let binding = match c.binding {
            Binding::Free => Msg::BindingFree.text(lang).to_owned(),
            Binding::Min => Msg::BindingMin.text(lang).to_owned(),
            Binding::Max => Msg::BindingMax.text(lang).to_owned(),
            Binding::Locked => Msg::BindingLocked.text(lang).to_owned(),
        };
        // The gain in the goal's own terms (revenue, gross profit, or spend saved for a
        // revenue target). None when relaxing gains nothing: with a budget below the lower
        // bounds' sum (the page says it cannot be met) lowering a bound only loses revenue.
        let gain = c.relax_gain.filter(|g| *g > 0.0).map(|g| {
            let of_today = c.current_spend > 0.0;
            let text = match (levers.goal, of_today) {
                (Goal::MaxProfit, true) => Msg::RelaxProfit,
                (Goal::MaxProfit, false) => Msg::RelaxProfitOfBudget,
                (Goal::TargetRevenue, true) => Msg::RelaxSaving,
                (Goal::TargetRevenue, false) => Msg::RelaxSavingOfBudget,
                (_, true) => Msg::RelaxGain,
                (_, false) => Msg::RelaxGainOfBudget,
            };
            text.text(lang)
                .replace("{step}", &money(c.relax_step))
                .replace("{gain}", &money(g))
        });
        html! {
            <tr>
                <th scope="row"><span id={format!("budget-channel-{slug}")} data-channel={c.channel.clone()}>{i18n::data_label(&c.channel, lang)}</span>
                    if c.info != ChannelInfo::Fitted {
                        <br/><span class="muted small">{match c.info {
                            ChannelInfo::NeverActive => Msg::InfoNeverActive.text(lang),
                            _ => Msg::InfoConstant.text(lang),
                        }}</span>
                    }
                </th>
                // Named by the channel and the column ("tv Highest"): the keyboard's way to set
                // the bounds dragged on the chart above.
                <td><input type="text" inputmode="decimal" class="narrow" data-testid={format!("budget-min-{slug}")}
                    value={format!("{}", l.min.round())} onchange={set_bound(0)}
                    aria-labelledby={format!("budget-channel-{slug} budget-col-min")}
                    title={Msg::BoundHint.text(lang)} />
                    {times_today(l.min, current)}</td>
                <td><input type="text" inputmode="decimal" class="narrow" data-testid={format!("budget-max-{slug}")}
                    value={format!("{}", l.max.round())} onchange={set_bound(1)}
                    aria-labelledby={format!("budget-channel-{slug} budget-col-max")}
                    title={Msg::BoundHint.text(lang)} />
                    {times_today(l.max, current)}</td>
                <td><input type="checkbox" data-testid={format!("budget-lock-{slug}")} checked={l.locked}
                    onchange={set_bound(2)} aria-labelledby={format!("budget-channel-{slug} budget-col-lock")} /></td>
                <td data-value={c.current_spend.to_string()}>{money(c.current_spend)}</td>
                <td data-testid={format!("budget-alloc-{slug}")} data-value={c.spend.to_string()}>
                    <strong>{money(c.spend)}</strong>
                    if c.extrapolated {
                        <br/><span class="muted small" data-testid="budget-extrapolated">{Msg::Extrapolated.text(lang)}</span>
                    }
                </td>
                <td data-value={c.revenue.to_string()}>{money(c.revenue)}</td>
                <td data-value={c.marginal_roas.to_string()}>{i18n::format_number(c.marginal_roas, 2)}
                    <br/><span class="muted small">{Msg::NextThousand.text(lang).replace("{amount}", &money(c.next_step)).replace("{gain}", &money(c.next_gain))}</span>
                </td>
                <td>{binding}{for gain.map(|g| html! { <><br/><span class="muted small">{g}</span></> })}</td>
            </tr>
        }
    });
    let allocation_table = html! {
        <table class="data-table budget-channels" data-testid="budget-channels">
            <caption class="visually-hidden">{Msg::BudgetSplit.text(lang)}</caption>
            <thead><tr>
                <th scope="col">{Msg::ColChannel.text(lang)}</th>
                <th scope="col" id="budget-col-min">{Msg::BoundMin.text(lang)}</th>
                <th scope="col" id="budget-col-max">{Msg::BoundMax.text(lang)}</th>
                <th scope="col" id="budget-col-lock">{Msg::BoundLock.text(lang)}</th>
                <th scope="col">{Msg::ColCurrentSpend.text(lang)}</th>
                <th scope="col">{Msg::ColBestSpend.text(lang)}</th>
                <th scope="col">{Msg::ColRevenuePerPeriod.text(lang)}</th>
                <th scope="col">{Msg::ColMarginalRoas.text(lang)}</th>
                <th scope="col">{Msg::ColWhy.text(lang)}</th>
            </tr></thead>
            <tbody>{for bound_rows}</tbody>
        </table>
    };

    let frontier_table = Table {
        header: vec![
            Msg::ColBudget.text(lang).into(),
            Msg::ColBestRevenue.text(lang).into(),
            "ROAS".into(),
        ],
        rows: scenario
            .frontier
            .iter()
            .map(|(b, r)| {
                vec![
                    Cell::number(*b, money(*b)),
                    Cell::number(*r, money(*r)),
                    Cell::maybe((*b > 0.0).then(|| r / b), |v| i18n::format_number(v, 2)),
                ]
            })
            .collect(),
    };
    let plan_table = draw::plan_table(&model, &scenario, &currency, lang);
    let plan_total: f64 = scenario.plan.iter().map(|p| p.revenue).sum();
    let plan_current: f64 = scenario.plan_current.iter().map(|p| p.revenue).sum();

    // Scenarios.
    let saved = scenarios(
        &props.state,
        &props.on_change,
        &levers,
        &scenario,
        &model,
        &currency,
        lang,
    );

    html! {
        <section class="page budget" aria-labelledby="budget-title" data-compute-ms={compute_ms.to_string()}>
            <h2 id="budget-title">{Msg::BudgetTitle.text(lang)}</h2>
            <p class="lead">{Msg::BudgetLead.text(lang)}</p>
            {super::demo_table_notice(&props.view, crate::engine::ingest::schema::TableKind::Marketing, lang)}
            {source}
            {quality}
            if assumed {
                {assumed_form}
            }
            <Figure testid="budget-fit" title={Msg::BudgetFitTable.text(lang).to_owned()} alt={Msg::BudgetFitTable.text(lang).to_owned()}
                version={version} table_first=true table={Rc::new(fit_table)} file_stem={file_stem.clone()} {lang} />
            <div class="curves">{for curves}</div>

            <section class="report-section" aria-labelledby="levers-title">
                <h3 id="levers-title">{Msg::BudgetLevers.text(lang)}</h3>
                <form class="levers" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    // A target goal finds its own budget: no budget to type.
                    {goal_select}
                    if target_input.is_none() { {budget_input} }
                    {margin_input}{for target_input}{horizon_input}
                    <button type="button" class="button" onclick={reset} data-testid="budget-reset">{Msg::BudgetReset.text(lang)}</button>
                </form>
                {kpis}
                {for infeasible}
                {for lopsided}
                {for profit_note}
                <p class="muted small" id="budget-drag-help">{Msg::BudgetDragHelp.text(lang)}</p>
                <AllocationFigure model={model.clone()} scenario={scenario.clone()} levers={levers.clone()}
                    on_levers={set_levers.clone()} {lang} currency={currency.clone()} {version} />
                {multiples_form}
                <div class="table-wrap">{allocation_table}</div>
                <Figure testid="budget-frontier" title={Msg::ChartFrontier.text(lang).to_owned()} alt={Msg::ChartFrontierAlt.text(lang).to_owned()}
                    drawing={draw::frontier(&scenario, &levers, &currency, lang)} version={version}
                    table={Rc::new(frontier_table)} file_stem={file_stem.clone()} {lang} />
            </section>

            <section class="report-section" aria-labelledby="plan-title">
                <h3 id="plan-title">{Msg::PlanTitle.text(lang).replace("{n}", &levers.horizon.to_string())}</h3>
                <dl class="stats headlines">
                    <div class="stat headline" data-testid="budget-plan-revenue" data-value={plan_total.to_string()}>
                        <dt>{Msg::PlanRevenue.text(lang)}</dt><dd>{money(plan_total)}</dd>
                    </div>
                    <div class="stat headline" data-testid="budget-plan-current" data-value={plan_current.to_string()}>
                        <dt>{Msg::PlanRevenueToday.text(lang)}</dt><dd>{money(plan_current)}</dd>
                    </div>
                </dl>
                <Figure testid="budget-plan" title={Msg::PlanTable.text(lang).to_owned()} alt={Msg::PlanTable.text(lang).to_owned()}
                    version={version} table_first=true table={Rc::new(plan_table)} file_stem={file_stem.clone()} {lang} />
            </section>

            {saved}
        </section>
    }
}

/// The form for typing channels when there is no marketing table.
fn assumed_form(state: &BudgetState, on_change: &Callback<BudgetState>, lang: Lang) -> Html {
    let rows = state.assumed.iter().enumerate().map(|(i, c)| {
        let edit = |which: u8| {
            let (state, on_change) = (state.clone(), on_change.clone());
            Callback::from(move |e: Event| {
                let mut next = state.clone();
                let Some(c) = next.assumed.get_mut(i) else { return };
                let v = value_of(&e).unwrap_or_default();
                match which {
                    0 => c.channel = v,
                    1 => c.spend = number(&v).unwrap_or(c.spend).max(0.0),
                    2 => c.revenue = number(&v).unwrap_or(c.revenue).max(0.0),
                    _ => {
                        c.saturation = match v.as_str() {
                            "low" => Saturation::Low,
                            "high" => Saturation::High,
                            _ => Saturation::Medium,
                        }
                    }
                }
                next.levers = None;
                on_change.emit(next);
            })
        };
        let remove = {
            let (state, on_change) = (state.clone(), on_change.clone());
            Callback::from(move |_: MouseEvent| {
                let mut next = state.clone();
                next.assumed.remove(i);
                next.levers = None;
                on_change.emit(next);
            })
        };
        html! {
            <tr>
                <td><input type="text" value={c.channel.clone()} onchange={edit(0)} data-testid="assumed-channel" aria-label={Msg::ColChannel.text(lang)} /></td>
                <td><input type="number" min="0" step="any" value={c.spend.to_string()} onchange={edit(1)} data-testid="assumed-spend" aria-label={Msg::ColCurrentSpend.text(lang)} /></td>
                <td><input type="number" min="0" step="any" value={c.revenue.to_string()} onchange={edit(2)} data-testid="assumed-revenue" aria-label={Msg::ColRevenuePerPeriod.text(lang)} /></td>
                <td><select onchange={edit(3)} data-testid="assumed-saturation" aria-label={Msg::ColSaturation.text(lang)}>
                    <option value="low" selected={c.saturation == Saturation::Low}>{Msg::SaturationLow.text(lang)}</option>
                    <option value="medium" selected={c.saturation == Saturation::Medium}>{Msg::SaturationMedium.text(lang)}</option>
                    <option value="high" selected={c.saturation == Saturation::High}>{Msg::SaturationHigh.text(lang)}</option>
                </select></td>
                <td><button type="button" class="link" onclick={remove}>{Msg::RemoveFile.text(lang)}</button></td>
            </tr>
        }
    });
    let add = {
        let (state, on_change) = (state.clone(), on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = state.clone();
            let n = next.assumed.len() + 1;
            next.assumed.push(AssumedChannel {
                channel: format!("channel {n}"),
                spend: 1_000.0,
                revenue: 3_000.0,
                saturation: Saturation::Medium,
            });
            next.levers = None;
            on_change.emit(next);
        })
    };
    html! {
        <section class="card assumed" aria-labelledby="assumed-title">
            <h3 id="assumed-title">{Msg::AssumedTitle.text(lang)}</h3>
            <p class="muted small">{Msg::AssumedHelp.text(lang)}</p>
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{Msg::ColChannel.text(lang)}</th>
                    <th scope="col">{Msg::ColCurrentSpend.text(lang)}</th>
                    <th scope="col">{Msg::ColRevenuePerPeriod.text(lang)}</th>
                    <th scope="col">{Msg::ColSaturation.text(lang)}</th>
                    <th scope="col"></th>
                </tr></thead>
                <tbody>{for rows}</tbody>
            </table>
            <button type="button" class="button" onclick={add} data-testid="assumed-add">{Msg::AssumedAdd.text(lang)}</button>
        </section>
    }
}

/// Save the current levers as a named scenario, and compare up to four side by side.
fn scenarios(
    state: &BudgetState,
    on_change: &Callback<BudgetState>,
    levers: &Levers,
    scenario: &Rc<Scenario>,
    model: &BudgetModel,
    currency: &str,
    lang: Lang,
) -> Html {
    let name_ref = NodeRef::default();
    let save = {
        let (state, on_change, levers, scenario, name_ref) = (
            state.clone(),
            on_change.clone(),
            levers.clone(),
            scenario.clone(),
            name_ref.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let typed = name_ref
                .cast::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let mut next = state.clone();
            let name = if typed.trim().is_empty() {
                format!("#{}", next.saved.len() + 1)
            } else {
                typed.trim().to_owned()
            };
            if next.saved.len() >= MAX_SAVED {
                next.saved.remove(0);
            }
            next.saved.push(SavedScenario {
                name,
                levers: levers.clone(),
                scenario: scenario.clone(),
            });
            on_change.emit(next);
        })
    };
    let money = |v: f64| i18n::format_money(v, currency);
    let remove = |i: usize| {
        let (state, on_change) = (state.clone(), on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = state.clone();
            if i < next.saved.len() {
                next.saved.remove(i);
            }
            on_change.emit(next);
        })
    };
    let load = |i: usize| {
        let (state, on_change) = (state.clone(), on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = state.clone();
            if let Some(s) = next.saved.get(i) {
                let version = next.levers.as_ref().map_or(0, |(v, _)| *v);
                next.levers = Some((version, s.levers.clone()));
            }
            on_change.emit(next);
        })
    };
    let saved = &state.saved;
    html! {
        <section class="report-section" aria-labelledby="scenarios-title">
            <h3 id="scenarios-title">{Msg::ScenariosTitle.text(lang)}</h3>
            <p class="no-print">
                <input type="text" ref={name_ref} placeholder={Msg::ScenarioName.text(lang)} data-testid="budget-scenario-name"
                    aria-label={Msg::ScenarioName.text(lang)} />{" "}
                <button type="button" class="button" onclick={save} data-testid="budget-save">{Msg::ScenarioSave.text(lang)}</button>
                <span class="muted small">{" "}{Msg::ScenarioMax.text(lang).replace("{n}", &MAX_SAVED.to_string())}</span>
            </p>
            if !saved.is_empty() {
                <div class="table-wrap">
                <table class="data-table" data-testid="budget-scenarios">
                    <thead><tr>
                        <th scope="col"></th>
                        {for saved.iter().enumerate().map(|(i, s)| html! {
                            <th scope="col">{&s.name}<br/>
                                <button type="button" class="link no-print" onclick={load(i)}>{Msg::ScenarioLoad.text(lang)}</button>
                                <button type="button" class="link no-print" onclick={remove(i)}>{Msg::RemoveFile.text(lang)}</button>
                            </th>
                        })}
                    </tr></thead>
                    <tbody>
                        <tr><th scope="row">{Msg::BudgetTotal.text(lang)}</th>
                            {for saved.iter().map(|s| html! { <td data-value={s.scenario.best.total_spend.to_string()}>{money(s.scenario.best.total_spend)}</td> })}</tr>
                        <tr><th scope="row">{Msg::BudgetExpectedRevenue.text(lang)}</th>
                            {for saved.iter().map(|s| html! { <td data-value={s.scenario.best.total_revenue.to_string()}>{money(s.scenario.best.total_revenue)}</td> })}</tr>
                        <tr><th scope="row">{Msg::BudgetExpectedRoas.text(lang)}</th>
                            {for saved.iter().map(|s| html! { <td>{s.scenario.best.roas.map_or("–".into(), |v| i18n::format_number(v, 2))}</td> })}</tr>
                        {for model.fit.channels.iter().enumerate().map(|(c, ch)| html! {
                            <tr><th scope="row">{i18n::data_label(&ch.channel, lang)}</th>
                                {for saved.iter().map(|s| {
                                    let v = s.scenario.best.spend.get(c).copied().unwrap_or(0.0);
                                    html! { <td data-value={v.to_string()}>{money(v)}</td> }
                                })}
                            </tr>
                        })}
                    </tbody>
                </table>
                </div>
            }
        </section>
    }
}

/// Properties of [`AllocationFigure`].
#[derive(Properties, PartialEq)]
struct AllocationProps {
    model: Rc<BudgetModel>,
    scenario: Rc<Scenario>,
    levers: Levers,
    on_levers: Callback<Levers>,
    lang: Lang,
    currency: String,
    version: u64,
}

/// Today's and the best split per channel, with each channel's bounds as handles that can be
/// dragged on the chart.
#[function_component(AllocationFigure)]
fn allocation_figure(props: &AllocationProps) -> Html {
    let data =
        draw::AllocationData::new(&props.scenario, &props.levers, &props.currency, props.lang);
    let drawing = draw::allocation(&data);
    let drag: draw::DragState = use_mut_ref(|| None);
    let handlers = draw::allocation_drag(&data, &props.levers, &props.on_levers, &drag);
    // The handles' positions, for automation: after every render, since the scale moves with
    // the budget and the bounds.
    let figure_ref = use_node_ref();
    {
        let (figure_ref, data) = (figure_ref.clone(), data.clone());
        use_effect(move || {
            let canvas = figure_ref
                .cast::<web_sys::Element>()
                .and_then(|f| f.query_selector("canvas").ok().flatten())
                .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
            if let Some(canvas) = canvas {
                if let Some(json) = draw::handles_json(&data, &canvas) {
                    let _ = canvas.set_attribute("data-handles", &json);
                }
            }
        });
    }
    html! {
        <figure class="chart-card" data-testid="budget-allocation" ref={figure_ref}
            onpointerdown={handlers.0} onpointermove={handlers.1}
            onpointerup={handlers.2.clone()} onpointerleave={handlers.2}>
            <figcaption><h4>{Msg::BudgetSplit.text(props.lang)}</h4></figcaption>
            if let Some(drawing) = drawing {
                <ChartCanvas testid="budget-allocation-chart" alt={Msg::BudgetSplitAlt.text(props.lang)}
                    described_by="budget-drag-help"
                    version={props.version} draw={drawing.draw} height={drawing.height} />
            }
        </figure>
    }
}
