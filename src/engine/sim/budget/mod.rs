//! The budget allocation simulator (预算分配): response curves fitted to the shop's spend and
//! revenue ([`fit`]) or assumed from what the user types, the best split of a budget
//! ([`optimize`]), and a plan for the coming periods ([`plan`]).
//!
//! The three layers of every simulation (domain.md): [`model`] estimates the parameters with
//! their fit and uncertainty (the heavy part, in the worker); [`Levers`] are the user's choices,
//! with defaults from the data; [`scenario`] computes the outcome against the current split —
//! fast enough to run at every move of a slider.

pub mod curve;
pub mod data;
pub mod fit;
pub mod optimize;
pub mod plan;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use self::curve::ResponseCurve;
use self::data::{BudgetData, RevenueSource};
use self::fit::{Baseline, ChannelFit, ChannelInfo, CurveSource, Fit, FitOptions};
use self::optimize::{Allocation, Binding, Bounds, ChannelInput, Objective};
use self::plan::PlanPeriod;
use crate::engine::tables::Dataset;

/// How far a channel's response already flattens, when the user guesses (no data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Saturation {
    /// Far from saturated: more spend still brings almost as much.
    Low,
    /// Half-way.
    Medium,
    /// Close to saturated: more spend brings little.
    High,
}

/// A channel the user describes when there is no marketing data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssumedChannel {
    /// The channel.
    pub channel: String,
    /// Its spend per period.
    pub spend: f64,
    /// The revenue it brings per period.
    pub revenue: f64,
    /// How saturated it is.
    pub saturation: Saturation,
}

/// An assumed curve through the user's point: θ = 0.3 (a typical carry-over), α = 1 (no
/// threshold), half-saturation κ at 3×, 1× or ⅓× the current steady adstock for low, medium
/// and high saturation, and β so that the curve brings `revenue` at `spend`.
pub fn assumed_curve(spend: f64, revenue: f64, saturation: Saturation) -> ResponseCurve {
    let mut curve = ResponseCurve {
        theta: 0.3,
        alpha: 1.0,
        kappa: 1.0,
        beta: 0.0,
    };
    let x = curve.steady_adstock(spend.max(0.0));
    curve.kappa = match saturation {
        Saturation::Low => 3.0,
        Saturation::Medium => 1.0,
        Saturation::High => 1.0 / 3.0,
    } * x.max(1e-9);
    let at_current = curve::hill(x, curve.alpha, curve.kappa);
    curve.beta = if at_current > 0.0 {
        revenue.max(0.0) / at_current
    } else {
        0.0
    };
    curve
}

/// Where the model comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ModelSource {
    /// Fitted to the marketing table.
    Fitted {
        /// Where the revenue series comes from.
        revenue_source: RevenueSource,
        /// Periods fitted.
        periods: usize,
        /// First and last period's first day.
        range: (NaiveDate, NaiveDate),
        /// Negative or missing spend values taken as 0.
        negative_spend: u64,
    },
    /// Typed by the user: every number is an assumption.
    Assumed,
}

/// A channel's observed points, for its curve chart: spend per period and the revenue the
/// model leaves to this channel (revenue − baseline − the other channels), or, for a curve
/// fitted to the platform's attribution, the revenue the platform attributed (times the
/// check's factor when the curve carries it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Observed {
    /// (spend, revenue attributed) of each period with spend.
    pub points: Vec<(f64, f64)>,
}

/// The model the page plans with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetModel {
    /// Where it comes from.
    pub source: ModelSource,
    /// The curves, the baseline and the fit's quality.
    pub fit: Fit,
    /// Each channel's observed points (empty when assumed).
    pub observed: Vec<Observed>,
    /// Days in a period.
    pub period_days: u32,
    /// First day of the first period after the data (where a plan starts).
    pub next_period: NaiveDate,
    /// Index of that period on the baseline's time axis.
    pub next_index: usize,
}

/// Fits the model to a dataset's marketing table; `None` without one.
pub fn model(dataset: &Dataset, options: &FitOptions) -> Option<BudgetModel> {
    let data = data::budget_data(dataset)?;
    Some(model_of(&data, options))
}

/// Fits the model to spend and revenue series.
pub fn model_of(data: &BudgetData, options: &FitOptions) -> BudgetModel {
    let fit = fit::fit(data, options);
    let n = data.revenue.len();
    // What the model of the revenue gives each channel: an attributed curve enters it times the
    // check's factor, unless its curve already carries it (then the platform's points do).
    let (unapplied, applied) = match &fit.attribution_check {
        Some(c) if c.applied => (1.0, c.factor.max(0.0)),
        Some(c) => (c.factor.max(0.0), 1.0),
        None => (1.0, 1.0),
    };
    let contributions: Vec<Vec<f64>> = fit
        .channels
        .iter()
        .zip(&data.channels)
        .map(|(f, series)| {
            let path = f.curve.path(&series.spend, 0.0);
            if f.source == CurveSource::Attribution {
                path.into_iter().map(|v| v * unapplied).collect()
            } else {
                path
            }
        })
        .collect();
    let observed = data
        .channels
        .iter()
        .enumerate()
        .map(|(c, series)| Observed {
            points: if fit.channels[c].source == CurveSource::Attribution {
                // What the curve was fitted to: the platform's figure.
                (0..n)
                    .filter(|t| series.spend[*t] > 0.0)
                    .filter_map(|t| {
                        Some((
                            series.spend[t],
                            series.attributed.get(t).copied()?? * applied,
                        ))
                    })
                    .collect()
            } else {
                (0..n)
                    .filter(|t| series.spend[*t] > 0.0)
                    .map(|t| {
                        let others: f64 = contributions
                            .iter()
                            .enumerate()
                            .filter(|(k, _)| *k != c)
                            .map(|(_, path)| path[t])
                            .sum();
                        let left = data.revenue[t] - fit.baseline.at(t as f64) - others;
                        (series.spend[t], left)
                    })
                    .collect()
            },
        })
        .collect();
    let last = data.periods.last().copied().unwrap_or_default();
    BudgetModel {
        source: ModelSource::Fitted {
            revenue_source: data.revenue_source,
            periods: n,
            range: (data.periods.first().copied().unwrap_or_default(), last),
            negative_spend: data.negative_spend,
        },
        fit,
        observed,
        period_days: data.period_days,
        next_period: last + chrono::Duration::days(i64::from(data.period_days)),
        next_index: n,
    }
}

/// A model from channels the user describes: assumed curves, no baseline.
pub fn assumed_model(channels: &[AssumedChannel], start: NaiveDate) -> BudgetModel {
    let fits = channels
        .iter()
        .map(|c| {
            let curve = assumed_curve(c.spend, c.revenue, c.saturation);
            ChannelFit {
                channel: c.channel.clone(),
                curve,
                info: ChannelInfo::Fitted,
                spend_range: (c.spend.max(0.0), c.spend.max(0.0)),
                current_spend: c.spend.max(0.0),
                last_adstock: curve.steady_adstock(c.spend),
                contribution_share: 0.0,
                bootstrap: Vec::new(),
                source: CurveSource::Revenue,
                attribution_r_squared: None,
            }
        })
        .collect();
    BudgetModel {
        source: ModelSource::Assumed,
        fit: Fit {
            channels: fits,
            baseline: Baseline {
                intercept: 0.0,
                trend: 0.0,
                season: Vec::new(),
                periods_per_year: 52.18,
            },
            r_squared: 0.0,
            holdout_mape: None,
            holdout_r_squared: None,
            holdout_periods: 0,
            fitted: Vec::new(),
            attribution_check: None,
            attribution_available: false,
        },
        observed: vec![Observed::default(); channels.len()],
        period_days: 7,
        next_period: start,
        next_index: 0,
    }
}

/// What the user optimizes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Goal {
    /// The most revenue for the budget.
    MaxRevenue,
    /// The most gross profit (margin × revenue − spend) spending at most the budget.
    MaxProfit,
    /// The least spend for a revenue target.
    TargetRevenue,
    /// The most revenue at a ROAS target.
    TargetRoas,
}

/// One channel's levers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelLevers {
    /// Lowest spend per period.
    pub min: f64,
    /// Highest spend per period.
    pub max: f64,
    /// Kept at its current spend.
    pub locked: bool,
}

/// Bounds as multiples of current spend by default: wide enough (½× to 2×) that the best split
/// can differ from the current one — narrow defaults are the top complaint about other tools.
pub const DEFAULT_BOUNDS: (f64, f64) = (0.5, 2.0);

/// How far a binding bound is relaxed to say what relaxing it would gain: a tenth of the
/// channel's spend today.
pub const RELAX_STEP: f64 = 0.1;

/// The user's levers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Levers {
    /// The goal.
    pub goal: Goal,
    /// Total spend per period (for the budget goals).
    pub budget: f64,
    /// Gross margin (for profit and ROI).
    pub margin: f64,
    /// The revenue per period or the ROAS to reach (for the target goals).
    pub target: f64,
    /// Per channel, in the model's order.
    pub channels: Vec<ChannelLevers>,
    /// Periods to plan ahead.
    pub horizon: u32,
}

impl Levers {
    /// Defaults from the model: today's total spend, bounds of ½× to 2× today's spend (for a
    /// channel off air lately, 0 to half its largest week seen), a margin of 40 % unless given,
    /// 13 periods ahead. Not up to the largest week seen: a flighted channel's one burst (Robyn's
    /// OOH: 50× its usual week) would stretch the chart and invite extrapolation.
    pub fn default_for(model: &BudgetModel, margin: Option<f64>) -> Self {
        let channels: Vec<ChannelLevers> = model
            .fit
            .channels
            .iter()
            .map(|c| ChannelLevers {
                min: c.current_spend * DEFAULT_BOUNDS.0,
                max: if c.current_spend > 0.0 {
                    c.current_spend * DEFAULT_BOUNDS.1
                } else {
                    // Off air lately: up to half the largest week seen, so it can come back.
                    0.5 * c.spend_range.1
                },
                locked: false,
            })
            .collect();
        let budget: f64 = model.fit.channels.iter().map(|c| c.current_spend).sum();
        Self {
            goal: Goal::MaxRevenue,
            budget,
            margin: margin.unwrap_or(0.4),
            target: 0.0,
            channels,
            horizon: 13,
        }
    }

    /// Sets every unlocked channel's bounds to multiples of its current spend (`model`'s
    /// `current_spend`): `low`× to `high`× (swapped if crossed; negatives taken as 0).
    pub fn set_multiples(&mut self, model: &BudgetModel, low: f64, high: f64) {
        let (low, high) = (
            low.max(0.0).min(high.max(0.0)),
            high.max(0.0).max(low.max(0.0)),
        );
        for (lever, fit) in self.channels.iter_mut().zip(&model.fit.channels) {
            if !lever.locked {
                lever.min = fit.current_spend * low;
                lever.max = fit.current_spend * high;
            }
        }
    }
}

/// A bound as the user types it: money (`1200`, `1,200`, `¥1,200`), or a multiple of the
/// channel's current spend (`1.5x`, `1.5×`, `1.5倍`). `None` when it is neither, or negative.
pub fn bound_from_text(text: &str, current_spend: f64) -> Option<f64> {
    let t = text.trim();
    let (number, multiple) = match t
        .strip_suffix(['x', 'X', '×'])
        .or_else(|| t.strip_suffix('倍'))
    {
        Some(n) => (n, true),
        None => (t, false),
    };
    let cleaned: String = number
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '¥' | '￥' | '$' | '€' | '£'))
        .collect();
    let v = cleaned
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)?;
    Some(if multiple { v * current_spend } else { v })
}

/// One channel's outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelOutcome {
    /// The channel.
    pub channel: String,
    /// Spend per period today.
    pub current_spend: f64,
    /// Spend per period in the best split.
    pub spend: f64,
    /// Revenue per period today (steady state).
    pub current_revenue: f64,
    /// Revenue per period in the best split.
    pub revenue: f64,
    /// Marginal ROAS at the best split.
    pub marginal_roas: f64,
    /// The next step of spend per period the page prices ("the next ¥1,000 here earns …"):
    /// see [`next_step`].
    pub next_step: f64,
    /// What that step would bring there (revenue per period).
    pub next_gain: f64,
    /// Why its spend is where it is.
    pub binding: Binding,
    /// Revenue gained by relaxing its binding bound by `relax_step`.
    pub relax_gain: Option<f64>,
    /// How far the bound is relaxed for `relax_gain`: 10 % of today's spend (of the budget
    /// for a channel that spends nothing today).
    pub relax_step: f64,
    /// Its bounds.
    pub bounds: (f64, f64),
    /// The best split goes beyond the spend the data has seen: the curve is extrapolated.
    pub extrapolated: bool,
    /// What the data says about the channel.
    pub info: ChannelInfo,
}

/// The outcome of the levers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Today's split.
    pub current: Allocation,
    /// The best split for the goal.
    pub best: Allocation,
    /// The best split's revenue against today's at the same total spend: (best − today) /
    /// today (`budget-uplift`).
    pub uplift: Option<f64>,
    /// The 5th and 95th percentile of the best split's revenue under the bootstrap curves.
    pub revenue_band: Option<(f64, f64)>,
    /// The same band as a ROAS: revenue band / the best split's total spend.
    pub roas_band: Option<(f64, f64)>,
    /// By channel.
    pub channels: Vec<ChannelOutcome>,
    /// Total budget → best revenue, from ¼× to 2× today's total.
    pub frontier: Vec<(f64, f64)>,
    /// The plan for the coming periods with the best split.
    pub plan: Vec<PlanPeriod>,
    /// The same periods with today's split, for comparison.
    pub plan_current: Vec<PlanPeriod>,
}

fn inputs(model: &BudgetModel, levers: &Levers) -> Vec<ChannelInput> {
    model
        .fit
        .channels
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let l = levers.channels.get(i).cloned().unwrap_or(ChannelLevers {
                min: 0.0,
                max: c.current_spend * DEFAULT_BOUNDS.1,
                locked: false,
            });
            ChannelInput {
                channel: c.channel.clone(),
                curve: c.curve,
                current: c.current_spend,
                bounds: Bounds {
                    min: l.min.max(0.0),
                    max: l.max.max(0.0),
                },
                locked: l.locked,
            }
        })
        .collect()
}

/// The best split for the levers, against today's, with its plan.
pub fn scenario(model: &BudgetModel, levers: &Levers) -> Scenario {
    let channels = inputs(model, levers);
    let today: f64 = channels.iter().map(|c| c.current).sum();
    // The profit goal's optimization without a budget, kept when it is the answer.
    let mut within_budget = None;
    let objective = match levers.goal {
        Goal::MaxRevenue => Objective::MaxRevenue {
            budget: levers.budget,
        },
        // The most gross profit within the budget: at a fixed spend the best split is the
        // best-revenue one, so the question is how much of the budget to spend. The spend
        // that maximizes profit with no budget, when the budget covers it (beyond it every
        // channel's marginal ROAS is below 1 ÷ margin: more spend loses gross profit); else
        // the whole budget (the profit is concave in spend: its best under a budget below the
        // free optimum spends all of it).
        Goal::MaxProfit => {
            let free = Objective::MaxProfit {
                budget: None,
                margin: levers.margin,
            };
            let unbounded = optimize::optimize(&channels, &free);
            if unbounded.total_spend <= levers.budget * (1.0 + 1e-9) {
                within_budget = Some(unbounded);
                free
            } else {
                Objective::MaxProfit {
                    budget: Some(levers.budget),
                    margin: levers.margin,
                }
            }
        }
        Goal::TargetRevenue => Objective::TargetRevenue {
            revenue: levers.target,
        },
        Goal::TargetRoas => Objective::TargetRoas {
            roas: levers.target,
        },
    };
    let best = within_budget.unwrap_or_else(|| optimize::optimize(&channels, &objective));
    // Today's split, evaluated with the same curves (locks and bounds do not apply to it).
    let free: Vec<ChannelInput> = channels
        .iter()
        .map(|c| ChannelInput {
            locked: true,
            ..c.clone()
        })
        .collect();
    let current = optimize::optimize(&free, &Objective::MaxRevenue { budget: today });
    let same_budget = optimize::optimize(&channels, &Objective::MaxRevenue { budget: today });
    let uplift = (current.total_revenue > 0.0)
        .then(|| (same_budget.total_revenue - current.total_revenue) / current.total_revenue);
    let gains = optimize::relaxation_gains(&channels, &objective, &best, RELAX_STEP);
    let gains_budget = optimize::relaxation_budget(&objective, &best);
    let outcomes = model
        .fit
        .channels
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let spend = best.spend.get(i).copied().unwrap_or(0.0);
            let step = next_step(spend, c.current_spend);
            ChannelOutcome {
                channel: c.channel.clone(),
                current_spend: c.current_spend,
                spend,
                current_revenue: c.curve.steady(c.current_spend),
                revenue: best.revenue.get(i).copied().unwrap_or(0.0),
                marginal_roas: best.marginal.get(i).copied().unwrap_or(0.0),
                next_step: step,
                next_gain: c.curve.steady(spend + step) - c.curve.steady(spend),
                binding: best.binding.get(i).copied().unwrap_or(Binding::Free),
                relax_gain: gains.get(i).copied().flatten(),
                relax_step: optimize::relaxation_step(
                    channels[i].current,
                    gains_budget,
                    RELAX_STEP,
                ),
                bounds: (channels[i].bounds.min, channels[i].bounds.max),
                extrapolated: spend > c.spend_range.1 * 1.0001 && c.spend_range.1 > 0.0,
                info: c.info,
            }
        })
        .collect();
    // Uncertainty: the best split's revenue under each bootstrap draw of the curves.
    let draws = model
        .fit
        .channels
        .iter()
        .map(|c| c.bootstrap.len())
        .min()
        .unwrap_or(0);
    let revenue_band = (draws >= 10).then(|| {
        let mut totals: Vec<f64> = (0..draws)
            .map(|b| {
                model
                    .fit
                    .channels
                    .iter()
                    .enumerate()
                    .map(|(i, c)| c.bootstrap[b].steady(best.spend.get(i).copied().unwrap_or(0.0)))
                    .sum()
            })
            .collect();
        totals.sort_by(f64::total_cmp);
        let at = |q: f64| totals[((totals.len() - 1) as f64 * q).round() as usize];
        (at(0.05), at(0.95))
    });
    let roas_band = revenue_band
        .filter(|_| best.total_spend > 0.0)
        .map(|(lo, hi)| (lo / best.total_spend, hi / best.total_spend));
    let budgets: Vec<f64> = (1..=16).map(|k| today * 0.125 * f64::from(k)).collect();
    let frontier = optimize::frontier(&channels, &budgets);
    let horizon = levers.horizon.clamp(1, 104) as usize;
    let plan_of = |spend: &[f64]| {
        plan::forward_plan(
            &model.fit.channels,
            &model.fit.baseline,
            spend,
            model.next_period,
            model.period_days,
            model.next_index,
            horizon,
        )
    };
    Scenario {
        plan: plan_of(&best.spend),
        plan_current: plan_of(&current.spend),
        current,
        best,
        uplift,
        revenue_band,
        roas_band,
        channels: outcomes,
        frontier,
    }
}

/// The step of spend the page prices beside a channel's marginal ROAS: ¥1,000 (the course's
/// "the next ¥1,000 here earns …"), or, where that is more than a tenth of the channel's spend
/// (its best spend, else today's), the largest round step (1, 2 or 5 × 10ⁿ) within that
/// tenth. A step far beyond a small channel's spend would price the curve's saturation, not
/// its margin, and disagree with the marginal ROAS printed beside it.
pub fn next_step(spend: f64, current: f64) -> f64 {
    const STEP: f64 = 1_000.0;
    let base = [spend, current]
        .into_iter()
        .find(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(0.0);
    let tenth = base / 10.0;
    if tenth >= STEP || tenth <= 0.0 {
        return STEP;
    }
    let magnitude = 10f64.powf(tenth.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s <= tenth)
        .unwrap_or(magnitude)
        .max(0.01)
}
