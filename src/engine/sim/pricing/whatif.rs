//! Price what-if: constant-elasticity demand through the current point.
//!
//! Demand q(p) = q₀·(p/p₀)^ε passes through the current price p₀ and weekly units q₀ (from
//! [`super::elasticity::Estimate`] or typed). Revenue R(p) = p·q(p) ∝ p^(1+ε); gross profit
//! π(p) = (p − c)·q(p) with unit cost c (given, or c = p₀·(1 − m) from a margin m at the current
//! price). dπ/dp = q·[(1 + ε) − ε·c/p], so for ε < −1 profit peaks at the Lerner / Amoroso–
//! Robinson price p* = c·ε/(1 + ε) (Tirole, *The Theory of Industrial Organization*, §1.1;
//! domain.md "Pricing and promotion"); for ε ≥ −1 revenue and profit rise with price without
//! bound — no finite optimum, the model only holds near the prices seen. Revenue is monotone in
//! p (falling for ε < −1, rising for ε > −1), so its maximum over a range is at an end. Within
//! the observed range [lo, hi] the profit maximum is p* clamped to it (π is single-peaked).

use serde::{Deserialize, Serialize};

/// The demand the what-if uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Demand {
    /// Current price p₀.
    pub price: f64,
    /// Current units per week q₀.
    pub weekly_units: f64,
    /// Elasticity ε.
    pub elasticity: f64,
    /// Lowest and highest price observed (the range the model rests on).
    pub observed: (f64, f64),
}

/// Where the cost comes from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Cost {
    /// Unit cost c.
    Unit(f64),
    /// Gross margin m at the current price: c = p₀·(1 − m).
    Margin(f64),
}

/// The user's levers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Levers {
    /// The cost.
    pub cost: Cost,
    /// The curves' price range; `None` for the observed range widened by 25 % each way.
    pub range: Option<(f64, f64)>,
    /// Points on each curve (at least 2).
    pub points: usize,
    /// The price change to evaluate, relative (−0.1 = 10 % cheaper).
    pub change: f64,
}

impl Default for Levers {
    fn default() -> Self {
        Self {
            cost: Cost::Margin(0.4),
            range: None,
            points: 101,
            change: 0.0,
        }
    }
}

/// One point of the curves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Price.
    pub price: f64,
    /// Units per week.
    pub units: f64,
    /// Revenue per week.
    pub revenue: f64,
    /// Gross profit per week.
    pub profit: f64,
}

/// The unconstrained profit-maximizing price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Optimum {
    /// p* = c·ε/(1 + ε), for ε < −1.
    Finite {
        /// p*.
        price: f64,
        /// Whether p* lies outside the observed range (an extrapolation).
        outside_observed: bool,
    },
    /// ε ≥ −1: revenue and profit rise with price, no finite optimum.
    RisesWithPrice,
}

/// The outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    /// Unit cost used.
    pub unit_cost: f64,
    /// Now: at the current price.
    pub current: CurvePoint,
    /// The curves over the range.
    pub curve: Vec<CurvePoint>,
    /// The revenue-maximizing price within the observed range.
    pub revenue_max_in_range: CurvePoint,
    /// The profit-maximizing price within the observed range.
    pub profit_max_in_range: CurvePoint,
    /// The unconstrained optimum.
    pub optimum: Optimum,
    /// At the changed price.
    pub changed: CurvePoint,
    /// Changed − current, units, revenue and profit (absolute).
    pub delta: CurvePoint,
    /// The lowest and highest weekly price seen (today's price twice when unknown): the curves
    /// beyond it are extrapolation.
    pub observed: (f64, f64),
}

/// The unconstrained profit-maximizing price c·ε/(1 + ε) for ε < −1, else `None`.
pub fn optimal_price(unit_cost: f64, elasticity: f64) -> Option<f64> {
    (elasticity < -1.0).then(|| unit_cost * elasticity / (1.0 + elasticity))
}

impl Demand {
    /// The relative change ([`Levers::change`]) that a price typed or dragged to on the page
    /// means. The current price is the average price paid (¥54.8912…) and the page shows it to
    /// the cent (¥54.89): a price within half a cent of it is the current price, so typing back
    /// what the page shows reads as no change, not as a 0.002 % cut with its own small change
    /// of revenue. 0 without a current price.
    pub fn change_to(&self, price: f64) -> f64 {
        if !(self.price > 0.0 && price.is_finite()) || (price - self.price).abs() < 0.005 {
            0.0
        } else {
            price / self.price - 1.0
        }
    }

    /// Units per week at `price`.
    pub fn units(&self, price: f64) -> f64 {
        if price <= 0.0 || self.price <= 0.0 {
            return 0.0;
        }
        self.weekly_units * libm::pow(price / self.price, self.elasticity)
    }

    /// The point of the curves at `price`.
    pub fn at(&self, price: f64, unit_cost: f64) -> CurvePoint {
        let units = self.units(price);
        CurvePoint {
            price,
            units,
            revenue: price * units,
            profit: (price - unit_cost) * units,
        }
    }
}

/// The what-if of `demand` under `levers`.
pub fn what_if(demand: &Demand, levers: &Levers) -> WhatIf {
    let unit_cost = match levers.cost {
        Cost::Unit(c) => c.max(0.0),
        Cost::Margin(m) => (demand.price * (1.0 - m)).max(0.0),
    };
    let (lo, hi) = {
        let (a, b) = demand.observed;
        if a.is_finite() && b.is_finite() && 0.0 < a && a <= b {
            (a, b)
        } else {
            (demand.price, demand.price)
        }
    };
    let (from, to) = levers.range.unwrap_or((lo * 0.75, hi * 1.25));
    let n = levers.points.max(2);
    let curve = (0..n)
        .map(|i| {
            let p = from + (to - from) * i as f64 / (n - 1) as f64;
            demand.at(p, unit_cost)
        })
        .collect();
    let eps = demand.elasticity;
    let revenue_max = if eps < -1.0 { lo } else { hi };
    let optimum = match optimal_price(unit_cost, eps) {
        Some(p) => Optimum::Finite {
            price: p,
            outside_observed: p < lo || p > hi,
        },
        None => Optimum::RisesWithPrice,
    };
    let profit_max = match optimum {
        Optimum::Finite { price, .. } => price.clamp(lo, hi),
        Optimum::RisesWithPrice => hi,
    };
    let current = demand.at(demand.price, unit_cost);
    let changed = demand.at(demand.price * (1.0 + levers.change), unit_cost);
    WhatIf {
        observed: (lo, hi),
        unit_cost,
        delta: CurvePoint {
            price: changed.price - current.price,
            units: changed.units - current.units,
            revenue: changed.revenue - current.revenue,
            profit: changed.profit - current.profit,
        },
        current,
        curve,
        revenue_max_in_range: demand.at(revenue_max, unit_cost),
        profit_max_in_range: demand.at(profit_max, unit_cost),
        optimum,
        changed,
    }
}
