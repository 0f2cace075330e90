//! Splitting a budget across channels by their response curves: maximize revenue (or gross
//! profit) for a total budget, or spend least for a target revenue, or spend most while the
//! return stays at a target ROAS; with per-channel bounds and locked channels. Also the
//! marginal return of each channel, which bounds bind and what relaxing each would gain, and the
//! frontier "total budget → best revenue".
//!
//! The curves are the steady-state responses of [`ResponseCurve::steady`]: spend per period,
//! once adstock has settled. With θ the decay, κ the half-saturation and c = κ(1 − θ), a
//! channel's revenue is r(s) = β / (1 + (c/s)^α): concave for α ≤ 1, S-shaped for α > 1
//! (convex below the inflection s_p = c((α−1)/(α+1))^(1/α), concave above).
//!
//! # Method: branch and bound on concave envelopes
//!
//! The problem is separable with one coupling constraint (Σ spend = budget, or revenue ≥
//! target, or revenue ≥ ROAS × spend), but S-shaped curves make it non-concave, so equalizing
//! marginals alone can land on a poor point (a channel left in its convex start, or pushed into
//! it). The optimizer is the branch and bound of sigmoidal programming (Udell & Boyd, 2013):
//!
//! 1. **Relaxation.** On an interval [a, b] each curve is replaced by its concave envelope r̂:
//!    the chord from (a, r(a)) to the tangent point t where r'(t) = (r(t) − r(a))/(t − a),
//!    then the curve itself (a concave curve is its own envelope). The relaxed problem is
//!    concave and solved exactly by its Lagrangian: for a multiplier λ each channel's best
//!    response argmax r̂(s) − λs is `a` when λ is above the chord's slope m, else the point of
//!    the concave part where r'(s) = λ (Newton in ln((c/s)^α), monotone from one side), clamped
//!    to b. The total of the best responses falls with λ and jumps down by t − a where λ
//!    crosses a chord slope m. The λ that meets the constraint is found by a binary search over
//!    those jumps, then safeguarded Newton on ln λ between them; when the constraint falls
//!    inside a jump, the channels at the jump share the remainder along their chords (the
//!    "channel at the jump takes the remainder"). The relaxed optimum bounds the true one from
//!    above, and only channels left inside a chord differ from their true curve: at most one
//!    unless several chords have exactly the same slope.
//! 2. **Feasible points.** The relaxed point evaluated on the true curves (with the budget
//!    objective), or the side of the jump that meets the constraint (target revenue, target
//!    ROAS: those points lie on the true curves), gives a feasible allocation.
//! 3. **Branching.** While the bound exceeds the best feasible value by more than a relative
//!    1e-9, the channel with the largest envelope gap is split at its relaxed spend; each half
//!    has a tighter envelope. Best-first, at most [`MAX_NODES`] nodes.
//! 4. **Polish.** The best point's unconstrained channels are moved to the exact solution of
//!    "equal marginal returns and the constraint met" on their own branch of the curve (Newton
//!    on λ), kept only if not worse; then the constraint is met to rounding (the budget is
//!    spent exactly).
//!
//! **Guarantee.** When the search ends within the node cap (always so far: a few nodes, seldom
//! a few dozen), the allocation's objective is within a relative 1e-9 of the global optimum of
//! the true (non-concave) curves, not only a local one, and the polish makes the first-order
//! conditions exact: unconstrained channels have the same marginal return λ, channels at their
//! lower bound have a marginal ≤ λ and at their upper bound ≥ λ. At a global optimum at most one
//! unconstrained channel can sit in the convex start of its curve (two could trade spend
//! profitably), and the branching finds it if it is there. Without a budget, the profit
//! objective is separable and solved exactly channel by channel.
//!
//! # Objectives
//! - `MaxRevenue` / `MaxProfit` with a budget: the budget is spent exactly when Σ min ≤ budget
//!   ≤ Σ max (locked channels count at their current spend); otherwise every channel sits at
//!   the nearer bound and `infeasible` is set. Profit at a fixed budget is margin × revenue −
//!   budget, so its best split is the best revenue split (for any margin).
//! - `MaxProfit` without a budget: each channel at its best margin × r(s) − s, where
//!   margin × r'(s) = 1 or at a bound; a margin ≤ 0 leaves every channel at its minimum.
//! - `TargetRevenue`: the least total spend whose best split brings the revenue; out of reach →
//!   every channel at its maximum, `infeasible`. A target below the revenue at the minimums →
//!   the minimums.
//! - `TargetRoas`: the most revenue with revenue ≥ ROAS × spend (so, the revenue being
//!   increasing in the budget, the largest budget whose best split meets the ROAS). When no
//!   allocation meets it, the closest one (the most revenue − ROAS × spend) with `infeasible`;
//!   also `infeasible` when the best is to spend nothing at all. A target ≤ 0 sets no limit:
//!   every channel at its maximum.
//!
//! # Inputs read sanely
//! Negative or non-finite minimums are 0; a negative maximum is 0, a missing (NaN) or infinite
//! one means no upper bound; **a minimum above the maximum swaps the two** (the user dragged one
//! past the other: the channel may take anything between them). A locked channel sits at its
//! current spend (negative or non-finite: 0) whatever its bounds. A curve with a non-finite
//! parameter or β, κ or α ≤ 0 brings nothing: such a channel gets its minimum (more only if the
//! budget cannot go anywhere else). A channel without an upper bound never needs more than the
//! budget, the target revenue or the ROAS allows; with no limit at all (a target ROAS ≤ 0) its
//! "maximum" is the spend at which its revenue is within 1e-9 of its ceiling β. A NaN budget or
//! target leaves every channel at its minimum, `infeasible`.
use std::cmp::Ordering;
use std::collections::BinaryHeap;

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
    let chans: Vec<Chan> = channels.iter().map(Chan::new).collect();
    match *objective {
        Objective::MaxRevenue { budget } => by_budget(&chans, budget),
        Objective::MaxProfit {
            budget: Some(budget),
            ..
        } => by_budget(&chans, budget),
        Objective::MaxProfit {
            budget: None,
            margin,
        } => by_profit(&chans, margin),
        Objective::TargetRevenue { revenue } => by_revenue(&chans, revenue),
        Objective::TargetRoas { roas } => by_roas(&chans, roas),
    }
}

/// The gain from relaxing each channel's binding bound (a lower bound lowered, an upper bound
/// raised, by `step` × its current spend, or by `step` of the budget when it is 0 — the total
/// spend of `allocation` for objectives without a budget), with the rest of the objective
/// unchanged; `None` for channels whose bounds do not bind (free or locked channels).
///
/// The gain is measured in the objective's own terms: revenue for `MaxRevenue` and
/// `TargetRoas`, gross profit (margin × revenue − spend) for `MaxProfit`, spend saved for
/// `TargetRevenue` (whose revenue is fixed). Gains below the optimizer's tolerance read as 0;
/// when `allocation` is infeasible (a budget below the minimums), relaxing can cost.
pub fn relaxation_gains(
    channels: &[ChannelInput],
    objective: &Objective,
    allocation: &Allocation,
    step: f64,
) -> Vec<Option<f64>> {
    let n = allocation.spend.len().min(channels.len());
    let budget = relaxation_budget(objective, allocation);
    let measure = |a: &Allocation| -> f64 {
        match *objective {
            Objective::MaxRevenue { .. } | Objective::TargetRoas { .. } => a.total_revenue,
            Objective::MaxProfit { margin, .. } => margin * a.total_revenue - a.total_spend,
            Objective::TargetRevenue { .. } => -a.total_spend,
        }
    };
    let before = measure(allocation);
    (0..n)
        .map(|i| {
            let side = allocation.binding.get(i).copied()?;
            if !matches!(side, Binding::Min | Binding::Max) {
                return None;
            }
            let delta = relaxation_step(channels[i].current, budget, step);
            if delta <= 0.0 {
                return Some(0.0);
            }
            let mut relaxed = channels.to_vec();
            let (lo, hi) = Chan::new(&channels[i]).bounds_read();
            relaxed[i].bounds = match side {
                Binding::Min => Bounds {
                    min: (lo - delta).max(0.0),
                    max: hi,
                },
                _ => Bounds {
                    min: lo,
                    max: hi + delta,
                },
            };
            let gain = measure(&optimize(&relaxed, objective)) - before;
            let noise = 1e-8 * before.abs().max(allocation.total_spend.abs());
            Some(if gain.abs() <= noise { 0.0 } else { gain })
        })
        .collect()
}

/// The budget a relaxation step of a channel without spend today is a share of: the
/// objective's budget, or the total spend of `allocation` for objectives without one.
pub fn relaxation_budget(objective: &Objective, allocation: &Allocation) -> f64 {
    match *objective {
        Objective::MaxRevenue { budget }
        | Objective::MaxProfit {
            budget: Some(budget),
            ..
        } => budget,
        _ => allocation.total_spend,
    }
}

/// How far [`relaxation_gains`] moves a channel's binding bound: `step` × its current spend,
/// or `step` × `budget` when it spends nothing today.
pub fn relaxation_step(current: f64, budget: f64, step: f64) -> f64 {
    let current = finite_or(current, 0.0).max(0.0);
    let base = if current > 0.0 {
        current
    } else {
        finite_or(budget, 0.0).abs()
    };
    finite_or(step, 0.0).abs() * base
}

/// The frontier: the best revenue for each total budget (bounds and locks applied). Budgets
/// below the least the bounds allow (Σ minimums, locked channels at their current spend) are
/// left out: no split spends them, and the revenue of a larger spend drawn at a smaller budget
/// would mislead.
pub fn frontier(channels: &[ChannelInput], budgets: &[f64]) -> Vec<(f64, f64)> {
    budgets
        .iter()
        .filter_map(|b| {
            let best = optimize(channels, &Objective::MaxRevenue { budget: *b });
            let overspent = best.total_spend > b * (1.0 + 1e-9) + 1e-9;
            (!overspent).then_some((*b, best.total_revenue))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tolerances.

/// Relative optimality gap at which the branch and bound stops.
const REL_GAP: f64 = 1e-9;
/// The most nodes the branch and bound explores (each a relaxation of all channels).
const MAX_NODES: usize = 4000;
/// Relative tolerance on the constraint (budget, revenue or ROAS) when solving for λ: a few
/// roundings of a sum of spends, so that even a channel whose best spend is tiny (a concave
/// curve with α just below 1) keeps it.
const REL_COUPLING: f64 = 16.0 * f64::EPSILON;
/// A channel with no upper bound and no other limit is "at its maximum" within this share of
/// its ceiling β.
const SATURATION: f64 = 1e-9;

fn finite_or(x: f64, default: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        default
    }
}

/// σ(w) = 1 / (1 + e^−w), without overflow.
fn sigmoid(w: f64) -> f64 {
    if w >= 0.0 {
        1.0 / (1.0 + libm::exp(-w))
    } else {
        let e = libm::exp(w);
        e / (1.0 + e)
    }
}

/// ln(1 + e^w), without overflow.
fn softplus(w: f64) -> f64 {
    w.max(0.0) + libm::log1p(libm::exp(-w.abs()))
}

// ---------------------------------------------------------------------------------------------
// One channel's curve in spend units.

/// r(s) = β / (1 + (c/s)^α) with c = κ(1 − θ): the steady response in spend per period.
#[derive(Clone, Copy, Debug)]
struct Resp {
    beta: f64,
    alpha: f64,
    c: f64,
    /// The inflection (0 for a concave curve).
    sp: f64,
    /// False for a curve that brings nothing (invalid parameters).
    valid: bool,
}

const FLAT: Resp = Resp {
    beta: 0.0,
    alpha: 1.0,
    c: 1.0,
    sp: 0.0,
    valid: false,
};

/// A best response: spend, d spend / dλ, and the (envelope) revenue there.
#[derive(Clone, Copy, Debug)]
struct Pt {
    s: f64,
    ds: f64,
    h: f64,
}

const PT0: Pt = Pt {
    s: 0.0,
    ds: 0.0,
    h: 0.0,
};

impl Resp {
    fn new(curve: &ResponseCurve) -> Resp {
        let ResponseCurve {
            theta,
            alpha,
            kappa,
            beta,
        } = *curve;
        let finite = theta.is_finite() && alpha.is_finite() && kappa.is_finite();
        if !(finite && beta.is_finite() && alpha > 0.0 && kappa > 0.0 && beta > 0.0) {
            return FLAT;
        }
        let c = kappa * (1.0 - theta.clamp(0.0, 0.999));
        if !(c > 0.0 && c.is_finite()) {
            return FLAT;
        }
        let sp = if alpha > 1.0 {
            c * libm::pow((alpha - 1.0) / (alpha + 1.0), 1.0 / alpha)
        } else {
            0.0
        };
        Resp {
            beta,
            alpha,
            c,
            sp,
            valid: true,
        }
    }

    /// r(s), r'(s), r''(s).
    fn eval(&self, s: f64) -> (f64, f64, f64) {
        if !self.valid {
            return (0.0, 0.0, 0.0);
        }
        if s <= 0.0 || s.is_nan() {
            let d1 = if self.alpha < 1.0 {
                f64::INFINITY
            } else if self.alpha == 1.0 {
                self.beta / self.c
            } else {
                0.0
            };
            return (0.0, d1, 0.0);
        }
        let v = libm::pow(self.c / s, self.alpha);
        // q = 1/(1+v) = r/β and p = v/(1+v) = 1 − q, each without overflow.
        let (q, p) = if v > 1.0 {
            let iv = 1.0 / v;
            (iv / (1.0 + iv), 1.0 / (1.0 + iv))
        } else {
            (1.0 / (1.0 + v), v / (1.0 + v))
        };
        let g = self.beta * self.alpha * q * p;
        let d1 = g / s;
        let d2 = g * ((self.alpha - 1.0) * p - (self.alpha + 1.0) * q) / (s * s);
        (self.beta * q, d1, d2)
    }

    fn value(&self, s: f64) -> f64 {
        self.eval(s).0
    }

    fn marginal(&self, s: f64) -> f64 {
        self.eval(s).1
    }

    /// w = ln (c/s)^α, decreasing in s (+∞ at s = 0, −∞ at s = ∞).
    fn w_of(&self, s: f64) -> f64 {
        self.alpha * libm::log(self.c / s)
    }

    /// The spend bringing revenue y (0 ≤ y < β).
    fn inverse(&self, y: f64) -> f64 {
        if !self.valid || y <= 0.0 {
            0.0
        } else if y >= self.beta {
            f64::INFINITY
        } else {
            self.c * libm::pow(y / (self.beta - y), 1.0 / self.alpha)
        }
    }

    /// The most the channel can bring on [lo, hi].
    fn sup(&self, hi: f64) -> f64 {
        if hi.is_finite() {
            self.value(hi)
        } else if self.valid {
            self.beta
        } else {
            0.0
        }
    }

    /// ln r'(s) = ln(βα/c) + F(w) with F(w) = (1 + 1/α)w − 2 ln(1 + e^w); F is concave, rises
    /// on the concave branch (w above... the inflection's w_p) and falls on the convex one.
    fn log_gap(&self, lambda: f64) -> f64 {
        libm::log(lambda) + libm::log(self.c) - libm::log(self.beta) - libm::log(self.alpha)
    }

    /// The spend in [lo, hi] of the concave branch (lo ≥ inflection) where r' = λ, given
    /// r'(hi) < λ < r'(lo). Newton on F(w) = K from the left, where F is concave and rising:
    /// the iterates rise monotonically to the root.
    fn solve_concave(&self, lambda: f64, lo: f64, hi: f64) -> Pt {
        let a = self.alpha;
        let g = 1.0 + 1.0 / a;
        let k = self.log_gap(lambda);
        let w_min = self.w_of(hi);
        let w_max = self.w_of(lo);
        let mut w = (k / g).max(w_min);
        for _ in 0..100 {
            let f = g * w - 2.0 * softplus(w) - k;
            let fp = g - 2.0 * sigmoid(w);
            if f >= 0.0 || fp <= 0.0 || f.is_nan() || fp.is_nan() {
                break;
            }
            let step = -f / fp;
            let next = (w + step).min(w_max);
            if !next.is_finite() {
                break;
            }
            let small = step <= 4.0 * f64::EPSILON * (1.0 + w.abs());
            w = next;
            if small || w >= w_max {
                break;
            }
        }
        self.point(lambda, w, lo, hi)
    }

    /// The spend in [lo, hi] of the convex branch (hi ≤ inflection) where r' = λ, given
    /// r'(lo) < λ < r'(hi). Newton on F(w) = K from the right, where F is concave and falling.
    fn solve_convex(&self, lambda: f64, lo: f64, hi: f64) -> Pt {
        let a = self.alpha;
        let g = 1.0 + 1.0 / a;
        let k = self.log_gap(lambda);
        let w_min = self.w_of(hi);
        let w_max = self.w_of(lo);
        // F(w) < (1/α − 1)w, so this start lies right of the root (α > 1 here).
        let mut w = if a > 1.0 {
            (k / (1.0 / a - 1.0)).min(w_max)
        } else {
            w_max
        };
        for _ in 0..100 {
            let f = g * w - 2.0 * softplus(w) - k;
            let fp = g - 2.0 * sigmoid(w);
            if f >= 0.0 || fp >= 0.0 || f.is_nan() || fp.is_nan() {
                break;
            }
            let step = -f / fp;
            let next = (w + step).max(w_min);
            if !next.is_finite() {
                break;
            }
            let small = -step <= 4.0 * f64::EPSILON * (1.0 + w.abs());
            w = next;
            if small || w <= w_min {
                break;
            }
        }
        self.point(lambda, w, lo, hi)
    }

    /// The point at w, clamped to [lo, hi], with ds/dλ = −s / (λ α F'(w)).
    fn point(&self, lambda: f64, w: f64, lo: f64, hi: f64) -> Pt {
        let a = self.alpha;
        let raw = self.c * libm::exp(-w / a);
        if !raw.is_finite() || raw.is_nan() {
            let s = if raw.is_nan() { lo } else { hi };
            return Pt {
                s,
                ds: 0.0,
                h: self.value(s),
            };
        }
        let s = raw.clamp(lo, hi);
        let fp = 1.0 + 1.0 / a - 2.0 * sigmoid(w);
        let ds = -s / (lambda * a * fp);
        let h = if s == raw {
            self.beta * sigmoid(-w)
        } else {
            self.value(s)
        };
        Pt {
            s,
            ds: if ds.is_finite() { ds } else { 0.0 },
            h,
        }
    }
}

/// The tangent point t in (lo, hi) of the line from (a, r(a)): r(t) − r(a) = r'(t)(t − a).
/// ψ(t) = r(t) − r(a) − r'(t)(t − a) rises on the concave branch, < 0 at lo, > 0 at hi.
fn tangent(r: &Resp, a: f64, ra: f64, lo: f64, hi: f64) -> f64 {
    let (mut l, mut h) = (lo, hi);
    let mut t = hi;
    for _ in 0..200 {
        let (rt, dt, d2) = r.eval(t);
        let psi = rt - ra - dt * (t - a);
        if psi > 0.0 {
            h = t;
        } else if psi < 0.0 {
            l = t;
        } else {
            return t;
        }
        let slope = -d2 * (t - a);
        let newton = t - psi / slope;
        let next = if slope > 0.0 && newton > l && newton < h {
            newton
        } else {
            0.5 * (l + h)
        };
        if h - l <= 1e-15 * h || (next - t).abs() <= 1e-16 * t {
            return next;
        }
        t = next;
    }
    t
}

// ---------------------------------------------------------------------------------------------
// Concave envelopes.

/// The concave envelope of a curve on [a, b]: a chord of slope m from a to t (when `linear`),
/// then the curve itself from t to b.
#[derive(Clone, Copy, Debug)]
struct Hull {
    a: f64,
    b: f64,
    t: f64,
    m: f64,
    ra: f64,
    rt: f64,
    rb: f64,
    /// r'(t): the marginal where the concave part starts.
    dt: f64,
    db: f64,
    linear: bool,
}

impl Hull {
    fn new(r: &Resp, a: f64, b: f64) -> Hull {
        if !r.valid {
            // Flat: a chord of slope 0 over the whole interval.
            return Hull {
                a,
                b,
                t: b,
                m: 0.0,
                ra: 0.0,
                rt: 0.0,
                rb: 0.0,
                dt: 0.0,
                db: 0.0,
                linear: b > a,
            };
        }
        let (ra, da, _) = r.eval(a);
        if b <= a {
            return Hull {
                a,
                b: a,
                t: a,
                m: da,
                ra,
                rt: ra,
                rb: ra,
                dt: da,
                db: da,
                linear: false,
            };
        }
        let (rb, db, _) = r.eval(b);
        if a >= r.sp {
            return Hull {
                a,
                b,
                t: a,
                m: da,
                ra,
                rt: ra,
                rb,
                dt: da,
                db,
                linear: false,
            };
        }
        let chord = (rb - ra) / (b - a);
        if b <= r.sp || db >= chord {
            return Hull {
                a,
                b,
                t: b,
                m: chord,
                ra,
                rt: rb,
                rb,
                dt: db,
                db,
                linear: true,
            };
        }
        let t = tangent(r, a, ra, r.sp, b);
        let (rt, dt, _) = r.eval(t);
        let m = if t > a { (rt - ra) / (t - a) } else { dt };
        Hull {
            a,
            b,
            t,
            m,
            ra,
            rt,
            rb,
            dt,
            db,
            linear: t > a,
        }
    }

    /// argmax r̂(s) − λs on [a, b]. At λ = m the chord's whole [a, t] is optimal: `left`
    /// takes t (the limit from smaller λ), otherwise a.
    fn respond(&self, r: &Resp, lambda: f64, left: bool) -> Pt {
        if self.linear && (lambda > self.m || (!left && lambda >= self.m)) {
            return Pt {
                s: self.a,
                ds: 0.0,
                h: self.ra,
            };
        }
        let lo = self.t;
        if lo >= self.b || lambda >= self.dt {
            return Pt {
                s: lo,
                ds: 0.0,
                h: self.rt,
            };
        }
        if lambda <= self.db {
            return Pt {
                s: self.b,
                ds: 0.0,
                h: self.rb,
            };
        }
        r.solve_concave(lambda, lo, self.b)
    }
}

// ---------------------------------------------------------------------------------------------
// The coupling constraint, written ψ(λ) ≤ 0 … ≥ 0 with ψ non-increasing in λ.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Σ spend = target; maximize revenue.
    Budget,
    /// Σ revenue ≥ target; minimize spend.
    Revenue,
    /// revenue ≥ ρ × spend (fixed channels included); maximize revenue.
    Roas,
}

#[derive(Clone, Copy, Debug)]
struct Coupling {
    kind: Kind,
    /// Budget: spend of the free channels; Revenue: revenue they must bring.
    target: f64,
    rho: f64,
    fixed_r: f64,
    fixed_s: f64,
    /// Tolerance on ψ.
    tol: f64,
}

impl Coupling {
    fn psi(&self, h: f64, s: f64) -> f64 {
        match self.kind {
            Kind::Budget => s - self.target,
            Kind::Revenue => h - self.target,
            Kind::Roas => self.rho * (self.fixed_s + s) - (self.fixed_r + h),
        }
    }

    /// dψ/dλ from Σ ds/dλ (along the curves, dh = λ ds).
    fn dpsi(&self, lambda: f64, ds: f64) -> f64 {
        match self.kind {
            Kind::Budget => ds,
            Kind::Revenue => lambda * ds,
            Kind::Roas => (self.rho - lambda) * ds,
        }
    }

    /// The largest λ worth looking at: a marginal above ρ would lower the ROAS-constrained
    /// revenue's ... it is where revenue − ρ spend is largest.
    fn top(&self) -> f64 {
        match self.kind {
            Kind::Roas => self.rho,
            _ => f64::INFINITY,
        }
    }

    /// The value to maximize, from revenue and spend.
    fn score(&self, h: f64, s: f64) -> f64 {
        match self.kind {
            Kind::Revenue => -s,
            _ => h,
        }
    }
}

fn sweep(
    resps: &[Resp],
    hulls: &[Hull],
    lambda: f64,
    left: bool,
    pts: &mut [Pt],
) -> (f64, f64, f64) {
    let (mut h, mut s, mut ds) = (0.0, 0.0, 0.0);
    for ((r, hull), p) in resps.iter().zip(hulls).zip(pts.iter_mut()) {
        *p = hull.respond(r, lambda, left);
        h += p.h;
        s += p.s;
        ds += p.ds;
    }
    (h, s, ds)
}

/// Spreads `target − Σ s` over the channels, in proportion to `weight` (or to their room when
/// no weight applies), within [lo, hi].
fn spread(s: &mut [f64], lo: &[f64], hi: &[f64], weight: &[f64], target: f64) {
    let n = s.len();
    for _ in 0..4 {
        let e = target - s.iter().sum::<f64>();
        if e == 0.0 || !e.is_finite() {
            return;
        }
        let room: Vec<f64> = (0..n)
            .map(|i| {
                if e > 0.0 {
                    (hi[i] - s[i]).max(0.0)
                } else {
                    (s[i] - lo[i]).max(0.0)
                }
            })
            .collect();
        let weight_of = |i: usize| weight.get(i).copied().unwrap_or(0.0).abs();
        let by_weight: f64 = (0..n).filter(|&i| room[i] > 0.0).map(weight_of).sum();
        let by_room: f64 = room.iter().filter(|r| r.is_finite()).sum();
        let shares: Vec<f64> = if by_weight > 0.0 && by_weight.is_finite() {
            (0..n)
                .map(|i| {
                    if room[i] > 0.0 {
                        weight_of(i) / by_weight
                    } else {
                        0.0
                    }
                })
                .collect()
        } else if by_room > 0.0 {
            room.iter()
                .map(|r| if r.is_finite() { r / by_room } else { 0.0 })
                .collect()
        } else {
            // Only unbounded rooms (or none): the first channel with room takes it all.
            match room.iter().position(|r| *r > 0.0) {
                Some(i) => {
                    s[i] += e;
                    continue;
                }
                None => return,
            }
        };
        for i in 0..n {
            if shares[i] > 0.0 {
                let d = (e * shares[i]).clamp(-room[i], room[i]);
                s[i] = (s[i] + d).clamp(lo[i], hi[i]);
            }
        }
    }
}

/// A solved relaxation: its bound on the score, a feasible point, and where to branch.
struct Relaxed {
    bound: f64,
    cand: Vec<f64>,
    cand_score: f64,
    split: Option<(usize, f64)>,
}

/// A relaxation solved at a point every channel reaches on its true curve.
fn exact(resps: &[Resp], hulls: &[Hull], cp: &Coupling, pts: &[Pt]) -> Relaxed {
    let mut s: Vec<f64> = pts.iter().map(|p| p.s).collect();
    if cp.kind == Kind::Budget {
        let lo: Vec<f64> = hulls.iter().map(|h| h.a).collect();
        let hi: Vec<f64> = hulls.iter().map(|h| h.b).collect();
        let w: Vec<f64> = pts.iter().map(|p| p.ds).collect();
        spread(&mut s, &lo, &hi, &w, cp.target);
    }
    let h: f64 = resps.iter().zip(&s).map(|(r, x)| r.value(*x)).sum();
    let score = cp.score(h, s.iter().sum());
    let envelope = cp.score(pts.iter().map(|p| p.h).sum(), pts.iter().map(|p| p.s).sum());
    Relaxed {
        bound: envelope.max(score),
        cand: s,
        cand_score: score,
        split: None,
    }
}

/// The relaxation of a node: the concave problem on the envelopes, solved for λ.
fn relax(resps: &[Resp], hulls: &[Hull], cp: &Coupling) -> Option<Relaxed> {
    let n = hulls.len();
    let mut right = vec![PT0; n];
    let top = cp.top();
    let mut guess = 0.0;
    match cp.kind {
        Kind::Budget | Kind::Revenue => {
            let (h_inf, s_inf, _) = sweep(resps, hulls, f64::INFINITY, false, &mut right);
            let psi = cp.psi(h_inf, s_inf);
            let slack = if cp.kind == Kind::Budget { cp.tol } else { 0.0 };
            if cp.kind == Kind::Budget && psi > cp.tol {
                return None;
            }
            if psi >= -slack {
                return Some(exact(resps, hulls, cp, &right));
            }
            let (h0, s0, _) = sweep(resps, hulls, 0.0, true, &mut right);
            let psi = cp.psi(h0, s0);
            if psi < -cp.tol {
                return None;
            }
            if psi <= cp.tol {
                return Some(exact(resps, hulls, cp, &right));
            }
            let slope = (h0 - h_inf) / (s0 - s_inf);
            if slope > 0.0 && slope.is_finite() {
                guess = libm::log(slope);
            }
        }
        Kind::Roas => {
            let (h, s, _) = sweep(resps, hulls, top, false, &mut right);
            if cp.psi(h, s) > cp.tol {
                return None;
            }
            let (h, s, _) = sweep(resps, hulls, 0.0, false, &mut right);
            if cp.psi(h, s) <= 0.0 {
                return Some(exact(resps, hulls, cp, &right));
            }
        }
    }
    let mut jumps: Vec<f64> = hulls
        .iter()
        .filter(|h| h.linear && h.b > h.a)
        .map(|h| h.m)
        .filter(|m| *m >= 0.0 && *m < top && !(cp.kind == Kind::Roas && *m <= 0.0))
        .collect();
    jumps.sort_by(f64::total_cmp);
    jumps.dedup();
    // The smallest jump whose right side meets the constraint (ψ non-increasing in λ).
    let (mut lo_j, mut hi_j) = (0usize, jumps.len());
    while lo_j < hi_j {
        let mid = (lo_j + hi_j) / 2;
        let (h, s, _) = sweep(resps, hulls, jumps[mid], false, &mut right);
        if cp.psi(h, s) <= 0.0 {
            hi_j = mid;
        } else {
            lo_j = mid + 1;
        }
    }
    let j = lo_j;
    let (lam_lo, lam_hi) = if j < jumps.len() {
        let lam = jumps[j];
        let (hr, sr, _) = sweep(resps, hulls, lam, false, &mut right);
        let mut left = vec![PT0; n];
        let (hl, sl, _) = sweep(resps, hulls, lam, true, &mut left);
        let (psi_r, psi_l) = (cp.psi(hr, sr), cp.psi(hl, sl));
        if psi_l >= 0.0 {
            return Some(at_jump(resps, hulls, cp, &right, &left, psi_r, psi_l));
        }
        (if j > 0 { jumps[j - 1] } else { 0.0 }, lam)
    } else {
        (jumps.last().copied().unwrap_or(0.0), top)
    };
    segment(resps, hulls, cp, lam_lo, lam_hi, guess, &mut right);
    Some(exact(resps, hulls, cp, &right))
}

/// The constraint falls inside the jump at λ = m: the channels whose chord has slope m move
/// along it together by the share w that meets the constraint.
fn at_jump(
    resps: &[Resp],
    hulls: &[Hull],
    cp: &Coupling,
    right: &[Pt],
    left: &[Pt],
    psi_r: f64,
    psi_l: f64,
) -> Relaxed {
    let w = if psi_l > psi_r {
        (-psi_r / (psi_l - psi_r)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    // The envelope is linear along the jump, so any split of the move among the channels at
    // the jump is as good: they take it one after the other (in input order), which leaves at
    // most one of them inside its chord. Identical channels then do not all sit halfway.
    let total: f64 = right.iter().zip(left).map(|(r, l)| l.s - r.s).sum();
    let mut rest = w * total;
    let mut s: Vec<f64> = Vec::with_capacity(right.len());
    let mut h: Vec<f64> = Vec::with_capacity(right.len());
    for (r, l) in right.iter().zip(left) {
        let span = l.s - r.s;
        if span > 0.0 && rest > 0.0 {
            let f = (rest / span).min(1.0);
            rest -= span * f;
            if f >= 1.0 {
                s.push(l.s);
                h.push(l.h);
            } else {
                s.push(r.s + f * span);
                h.push(r.h + f * (l.h - r.h));
            }
        } else {
            s.push(r.s);
            h.push(r.h);
        }
    }
    let bound = cp.score(h.iter().sum(), s.iter().sum());
    let mut split = None;
    let mut widest = 0.0;
    if w > 0.0 && w < 1.0 {
        for i in 0..s.len() {
            if left[i].s > right[i].s && s[i] > right[i].s && s[i] < left[i].s {
                let gap = h[i] - resps[i].value(s[i]);
                if split.is_none() || gap > widest {
                    widest = gap;
                    split = Some((i, s[i]));
                }
            }
        }
    }
    let (cand, cand_score) = match cp.kind {
        Kind::Budget => {
            let mut lo: Vec<f64> = hulls.iter().map(|h| h.a).collect();
            let mut hi: Vec<f64> = hulls.iter().map(|h| h.b).collect();
            let wt: Vec<f64> = right
                .iter()
                .zip(left)
                .map(|(r, l)| l.s - r.s + r.ds.abs())
                .collect();
            spread(&mut s, &lo, &hi, &wt, cp.target);
            let value = |x: &[f64]| -> f64 { resps.iter().zip(x).map(|(r, v)| r.value(*v)).sum() };
            let mut best = (value(&s), s.clone());
            // The channel inside its chord rounded off (to a) or on (to t), the difference
            // spread over the others by their slopes: cheap feasible points on the true curves.
            if let Some((i, _)) = split {
                let marginal: Vec<f64> = right.iter().map(|p| p.ds.abs()).collect();
                for end in [right[i].s, left[i].s] {
                    let mut x = s.clone();
                    x[i] = end;
                    let (li, hi_i) = (lo[i], hi[i]);
                    lo[i] = end;
                    hi[i] = end;
                    spread(&mut x, &lo, &hi, &marginal, cp.target);
                    lo[i] = li;
                    hi[i] = hi_i;
                    let v = value(&x);
                    let missed = (x.iter().sum::<f64>() - cp.target).abs();
                    if v > best.0 && missed <= cp.tol {
                        best = (v, x);
                    }
                }
            }
            let score = cp.score(best.0, 0.0);
            (best.1, score)
        }
        // The channel left inside its chord goes to the end of the chord that keeps the
        // constraint: up to t for a revenue target, down to a for a ROAS target. Every channel
        // is then on its true curve.
        Kind::Revenue => {
            let mut c = s;
            if let Some((i, _)) = split {
                c[i] = left[i].s;
            }
            let score = -c.iter().sum::<f64>();
            (c, score)
        }
        Kind::Roas => {
            let mut c = s;
            if let Some((i, _)) = split {
                c[i] = right[i].s;
            }
            let score = resps.iter().zip(&c).map(|(r, x)| r.value(*x)).sum();
            (c, score)
        }
    };
    Relaxed {
        bound: bound.max(cand_score),
        cand,
        cand_score,
        split,
    }
}

/// Solves ψ(λ) = 0 for λ in (lam_lo, lam_hi), where no chord jumps, ψ(lam_lo+) > 0 and
/// ψ(lam_hi−) < 0: safeguarded Newton on ln λ. Leaves the best responses at the root in `pts`.
fn segment(
    resps: &[Resp],
    hulls: &[Hull],
    cp: &Coupling,
    lam_lo: f64,
    lam_hi: f64,
    guess: f64,
    pts: &mut [Pt],
) -> f64 {
    const Y_MAX: f64 = 700.0;
    let mut y_lo = if lam_lo > 0.0 {
        libm::log(lam_lo)
    } else {
        f64::NEG_INFINITY
    };
    let mut y_hi = if lam_hi.is_finite() {
        libm::log(lam_hi)
    } else {
        f64::INFINITY
    };
    let mut y = match (y_lo.is_finite(), y_hi.is_finite()) {
        (true, true) => 0.5 * (y_lo + y_hi),
        (true, false) => y_lo + 1.0,
        (false, true) => y_hi - 1.0,
        (false, false) => guess,
    };
    let mut expand = 1.0;
    let mut ref_width = f64::INFINITY;
    let mut stalls = 0;
    for _ in 0..300 {
        y = y.clamp(-Y_MAX, Y_MAX);
        let lam = libm::exp(y);
        let (h, s, ds) = sweep(resps, hulls, lam, false, pts);
        let psi = cp.psi(h, s);
        if psi.abs() <= cp.tol || psi.is_nan() {
            return lam;
        }
        if psi > 0.0 {
            y_lo = y;
        } else {
            y_hi = y;
        }
        let slope = lam * cp.dpsi(lam, ds);
        let newton = if slope < 0.0 && slope.is_finite() {
            y - psi / slope
        } else {
            f64::NAN
        };
        let next = if y_lo.is_finite() && y_hi.is_finite() {
            let width = y_hi - y_lo;
            if width <= 4.0 * f64::EPSILON * (1.0 + y.abs()) {
                return lam;
            }
            if width <= 0.5 * ref_width {
                ref_width = width;
                stalls = 0;
            } else {
                stalls += 1;
            }
            if newton > y_lo && newton < y_hi && stalls < 3 {
                newton
            } else {
                ref_width = width;
                stalls = 0;
                0.5 * (y_lo + y_hi)
            }
        } else if psi > 0.0 {
            if y >= Y_MAX {
                return lam;
            }
            let step = if newton > y {
                (newton - y).min(expand)
            } else {
                expand
            };
            expand *= 2.0;
            y + step
        } else {
            if y <= -Y_MAX {
                return lam;
            }
            let step = if newton < y {
                (y - newton).min(expand)
            } else {
                expand
            };
            expand *= 2.0;
            y - step
        };
        y = next;
    }
    let lam = libm::exp(y.clamp(-Y_MAX, Y_MAX));
    sweep(resps, hulls, lam, false, pts);
    lam
}

// ---------------------------------------------------------------------------------------------
// Branch and bound.

struct Node {
    bound: f64,
    seq: u64,
    hulls: Vec<Hull>,
    split: (usize, f64),
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Node {}

impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Node {
    /// The highest bound first; among equal bounds, the earlier node.
    fn cmp(&self, other: &Self) -> Ordering {
        self.bound
            .total_cmp(&other.bound)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// The best feasible point of the free channels and its score, or `None` when no point meets
/// the constraint.
fn branch_and_bound(resps: &[Resp], lo: &[f64], hi: &[f64], cp: &Coupling) -> Option<Vec<f64>> {
    let hulls: Vec<Hull> = resps
        .iter()
        .zip(lo.iter().zip(hi))
        .map(|(r, (a, b))| Hull::new(r, *a, *b))
        .collect();
    // Channels with the same curve and bounds share a group (the index of the first of them).
    let twin: Vec<usize> = (0..resps.len())
        .map(|i| {
            let same = |j: usize| {
                let (p, q) = (&resps[i], &resps[j]);
                p.valid == q.valid
                    && p.beta == q.beta
                    && p.alpha == q.alpha
                    && p.c == q.c
                    && lo[i] == lo[j]
                    && hi[i] == hi[j]
            };
            (0..i).find(|&j| same(j)).unwrap_or(i)
        })
        .collect();
    let root = relax(resps, &hulls, cp)?;
    let hulls_of_root = hulls.clone();
    let tol = REL_GAP * root.bound.abs().max(root.cand_score.abs()) + f64::MIN_POSITIVE;
    // The root's point is feasible by construction; should rounding say otherwise, it is only
    // a fallback.
    let mut best_score = if feasible(resps, &root.cand, cp) {
        root.cand_score
    } else {
        f64::NEG_INFINITY
    };
    let mut best = root.cand;
    let mut heap = BinaryHeap::new();
    let mut seq = 0u64;
    if let Some(split) = root.split {
        if root.bound > best_score + tol {
            heap.push(Node {
                bound: root.bound,
                seq,
                hulls,
                split,
            });
        }
    }
    let mut nodes = 1usize;
    // Dives from the root: the channel inside its chord pinned off or on, re-solved, and so on
    // down the more promising side until no channel is inside a chord. Good points early make
    // the best-first search prune sooner (and keep the answer good should it hit the cap).
    if let Some((f, _)) = root.split {
        for first_up in [false, true] {
            let mut path = hulls_of_root.clone();
            let mut pin = Some((f, first_up));
            for _ in 0..path.len() {
                let Some((g, up)) = pin else { break };
                let h = path[g];
                let (a, b) = if up { (h.t.min(h.b), h.b) } else { (h.a, h.a) };
                path[g] = Hull::new(&resps[g], a, b);
                nodes += 1;
                let Some(sol) = relax(resps, &path, cp) else {
                    break;
                };
                if sol.cand_score > best_score && feasible(resps, &sol.cand, cp) {
                    best_score = sol.cand_score;
                    best = sol.cand.clone();
                }
                pin = match sol.split {
                    None => None,
                    Some((k, _)) => {
                        // The side whose re-solve bounds higher, judged by pinning k alone.
                        let hk = path[k];
                        let bound_of = |lo: f64, hi: f64| {
                            let mut trial = path.clone();
                            trial[k] = Hull::new(&resps[k], lo, hi);
                            relax(resps, &trial, cp).map_or(f64::NEG_INFINITY, |r| r.bound)
                        };
                        nodes += 2;
                        let up_bound = bound_of(hk.t.min(hk.b), hk.b);
                        let down_bound = bound_of(hk.a, hk.a);
                        Some((k, up_bound > down_bound))
                    }
                };
            }
        }
    }
    while let Some(node) = heap.pop() {
        if node.bound <= best_score + tol || nodes >= MAX_NODES {
            break;
        }
        let (k, z) = node.split;
        let (a, b) = (node.hulls[k].a, node.hulls[k].b);
        let z = if z > a && z < b {
            z
        } else {
            0.5 * (a + node.hulls[k].t.min(b))
        };
        'child: for (ca, cb) in [(a, z), (z, b)] {
            let mut child = node.hulls.clone();
            child[k] = Hull::new(&resps[k], ca, cb);
            // Identical channels are ordered (an earlier one spends at least as much), so a
            // bound on one carries over to its twins: below z, the later ones too; above z,
            // the earlier ones too.
            for j in (0..child.len()).filter(|&j| j != k && twin[j] == twin[k]) {
                let h = child[j];
                let (ja, jb) = if j > k && ca == a {
                    (h.a, h.b.min(z))
                } else if j < k && cb == b {
                    (h.a.max(z), h.b)
                } else {
                    continue;
                };
                if ja > jb {
                    continue 'child;
                }
                if (ja, jb) != (h.a, h.b) {
                    child[j] = Hull::new(&resps[j], ja, jb);
                }
            }
            nodes += 1;
            let Some(sol) = relax(resps, &child, cp) else {
                continue;
            };
            if sol.cand_score > best_score && feasible(resps, &sol.cand, cp) {
                best_score = sol.cand_score;
                best = sol.cand;
            }
            if let Some(split) = sol.split {
                if sol.bound > best_score + tol {
                    seq += 1;
                    heap.push(Node {
                        bound: sol.bound,
                        seq,
                        hulls: child,
                        split,
                    });
                }
            }
        }
    }
    Some(best)
}

/// Whether a point of the free channels meets the constraint (up to what [`finish`] mends).
fn feasible(resps: &[Resp], s: &[f64], cp: &Coupling) -> bool {
    let total: f64 = s.iter().sum();
    let slack = 1e3 * cp.tol;
    match cp.kind {
        Kind::Budget => (total - cp.target).abs() <= slack,
        Kind::Revenue => {
            resps.iter().zip(s).map(|(r, x)| r.value(*x)).sum::<f64>() >= cp.target - slack
        }
        Kind::Roas => {
            let h: f64 = resps.iter().zip(s).map(|(r, x)| r.value(*x)).sum();
            cp.fixed_r + h >= cp.rho * (cp.fixed_s + total) - slack
        }
    }
}

/// The score of a point of the free channels.
fn score_of(resps: &[Resp], s: &[f64], cp: &Coupling) -> f64 {
    let h: f64 = resps.iter().zip(s).map(|(r, x)| r.value(*x)).sum();
    cp.score(h, s.iter().sum())
}

/// Moves the unconstrained channels to the exact "equal marginal and constraint met" point on
/// their own branch of the curve; kept only when not worse.
fn polish(resps: &[Resp], lo: &[f64], hi: &[f64], s: &mut [f64], cp: &Coupling) {
    let n = s.len();
    let inside = |i: usize| {
        let eps = 1e-10 * s[i].abs().max(lo[i].abs()).max(f64::MIN_POSITIVE);
        resps[i].valid && s[i] > lo[i] + eps && s[i] < hi[i] - eps
    };
    let free: Vec<usize> = (0..n).filter(|&i| inside(i)).collect();
    if free.len() < 2 {
        return;
    }
    let mut marg: Vec<f64> = free.iter().map(|&i| resps[i].marginal(s[i])).collect();
    let (mn, mx) = marg
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(a, b), m| (a.min(*m), b.max(*m)));
    if mn.is_nan() || mn <= 0.0 || !mx.is_finite() || mx <= mn * (1.0 + 1e-11) {
        return;
    }
    marg.sort_by(f64::total_cmp);
    let mut y = libm::log(marg[marg.len() / 2]);
    let concave: Vec<bool> = free.iter().map(|&i| s[i] >= resps[i].sp).collect();
    let mut trial = s.to_vec();
    let respond = |i: usize, concave: bool, lam: f64| -> Pt {
        let r = &resps[i];
        if concave {
            let start = lo[i].max(r.sp);
            let (d0, d1) = (r.marginal(start), r.marginal(hi[i]));
            if lam >= d0 {
                Pt {
                    s: start,
                    ds: 0.0,
                    h: 0.0,
                }
            } else if lam <= d1 {
                Pt {
                    s: hi[i],
                    ds: 0.0,
                    h: 0.0,
                }
            } else {
                r.solve_concave(lam, start, hi[i])
            }
        } else {
            let end = hi[i].min(r.sp);
            let (d0, d1) = (r.marginal(lo[i]), r.marginal(end));
            if lam <= d0 {
                Pt {
                    s: lo[i],
                    ds: 0.0,
                    h: 0.0,
                }
            } else if lam >= d1 {
                Pt {
                    s: end,
                    ds: 0.0,
                    h: 0.0,
                }
            } else {
                r.solve_convex(lam, lo[i], end)
            }
        }
    };
    let mut converged = false;
    let mut ds_all = vec![0.0; n];
    for _ in 0..60 {
        let lam = libm::exp(y);
        let mut dsum = 0.0;
        for (&i, &cv) in free.iter().zip(&concave) {
            let p = respond(i, cv, lam);
            trial[i] = p.s;
            ds_all[i] = p.ds;
            dsum += p.ds;
        }
        let h: f64 = resps.iter().zip(&trial).map(|(r, x)| r.value(*x)).sum();
        let psi = cp.psi(h, trial.iter().sum());
        if psi.abs() <= cp.tol {
            converged = true;
            break;
        }
        let slope = lam * cp.dpsi(lam, dsum);
        if !(slope != 0.0 && slope.is_finite()) {
            break;
        }
        let step = (-psi / slope).clamp(-1.0, 1.0);
        if !step.is_finite() || step.abs() <= 1e-16 {
            break;
        }
        y = (y + step).clamp(-700.0, 700.0);
    }
    if !converged {
        return;
    }
    if cp.kind == Kind::Budget {
        spread(&mut trial, lo, hi, &ds_all, cp.target);
    }
    let before = score_of(resps, s, cp);
    let after = score_of(resps, &trial, cp);
    if after >= before - 1e-12 * before.abs() {
        s.copy_from_slice(&trial);
    }
}

/// Meets the constraint to rounding: the budget spent exactly, the revenue or ROAS reached.
fn finish(resps: &[Resp], lo: &[f64], hi: &[f64], s: &mut [f64], cp: &Coupling) {
    let n = s.len();
    match cp.kind {
        Kind::Budget => {
            let w: Vec<f64> = (0..n)
                .map(|i| {
                    if s[i] > lo[i] && s[i] < hi[i] {
                        1.0
                    } else {
                        0.0
                    }
                })
                .collect();
            spread(s, lo, hi, &w, cp.target);
        }
        Kind::Revenue => {
            for _ in 0..6 {
                let h: f64 = resps.iter().zip(s.iter()).map(|(r, x)| r.value(*x)).sum();
                // A hair above the target, so that the revenue reported (summed in another
                // order, through `ResponseCurve::steady`) is not below it by a rounding.
                let deficit = cp.target * (1.0 + 1e-13) - h;
                if deficit <= 0.0 {
                    return;
                }
                // The channel with room and the best marginal takes the rest.
                let pick = (0..n)
                    .filter(|&i| s[i] < hi[i])
                    .map(|i| (i, resps[i].marginal(s[i])))
                    .filter(|(_, d)| *d > 0.0)
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
                let Some((i, d)) = pick else { return };
                let step = (deficit / d) * (1.0 + 1e-9) + 1e-15 * s[i];
                s[i] = (s[i] + step).min(hi[i]);
            }
        }
        Kind::Roas => {
            for _ in 0..6 {
                let h: f64 = resps.iter().zip(s.iter()).map(|(r, x)| r.value(*x)).sum();
                let total: f64 = s.iter().sum();
                let excess = cp.rho * (cp.fixed_s + total) * (1.0 + 1e-13) - (cp.fixed_r + h);
                if excess <= 0.0 {
                    return;
                }
                let pick = (0..n)
                    .filter(|&i| s[i] > lo[i])
                    .map(|i| (i, resps[i].marginal(s[i])))
                    .filter(|(_, d)| *d < cp.rho)
                    .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                let Some((i, d)) = pick else { return };
                let step = (excess / (cp.rho - d)) * (1.0 + 1e-9) + 1e-15 * s[i];
                s[i] = (s[i] - step).max(lo[i]);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The objectives.

/// A channel read sanely.
struct Chan {
    resp: Resp,
    curve: ResponseCurve,
    lo: f64,
    /// May be +∞ (no upper bound).
    hi: f64,
    /// Locked at this spend.
    locked: Option<f64>,
}

impl Chan {
    fn new(c: &ChannelInput) -> Chan {
        let (lo, hi) = read_bounds(&c.bounds);
        Chan {
            resp: Resp::new(&c.curve),
            curve: c.curve,
            lo,
            hi,
            locked: c.locked.then(|| finite_or(c.current, 0.0).max(0.0)),
        }
    }

    fn bounds_read(&self) -> (f64, f64) {
        (self.lo, self.hi)
    }

    /// Spend fixed by a lock or by equal bounds.
    fn fixed(&self) -> Option<f64> {
        self.locked.or(if self.lo >= self.hi {
            Some(self.lo)
        } else {
            None
        })
    }
}

/// Bounds as the module doc says: minimum ≥ 0 and finite, maximum ≥ 0 or +∞, swapped when
/// crossed.
fn read_bounds(b: &Bounds) -> (f64, f64) {
    let lo = finite_or(b.min, 0.0).max(0.0);
    let hi = if b.max.is_nan() {
        f64::INFINITY
    } else {
        b.max.max(0.0)
    };
    if lo > hi {
        (hi, lo)
    } else {
        (lo, hi)
    }
}

/// The free channels (not locked, bounds apart) and the fixed spend and revenue of the others.
struct Split {
    free: Vec<usize>,
    resps: Vec<Resp>,
    lo: Vec<f64>,
    hi: Vec<f64>,
    fixed_s: f64,
    fixed_r: f64,
}

fn split(chans: &[Chan]) -> Split {
    let mut out = Split {
        free: Vec::new(),
        resps: Vec::new(),
        lo: Vec::new(),
        hi: Vec::new(),
        fixed_s: 0.0,
        fixed_r: 0.0,
    };
    for (i, c) in chans.iter().enumerate() {
        match c.fixed() {
            Some(s) => {
                out.fixed_s += s;
                out.fixed_r += c.resp.value(s);
            }
            None => {
                out.free.push(i);
                out.resps.push(c.resp);
                out.lo.push(c.lo);
                out.hi.push(c.hi);
            }
        }
    }
    out
}

/// Every channel at its fixed spend, and the free ones at `free_spend`.
fn spends(chans: &[Chan], sp: &Split, free_spend: &[f64]) -> Vec<f64> {
    let mut out: Vec<f64> = chans.iter().map(|c| c.fixed().unwrap_or(c.lo)).collect();
    for (&i, s) in sp.free.iter().zip(free_spend) {
        out[i] = *s;
    }
    out
}

/// The maximum a channel reaches "at its maximum": its bound, or where it saturates.
fn saturated(r: &Resp, lo: f64, hi: f64) -> f64 {
    if hi.is_finite() {
        hi
    } else if r.valid {
        r.inverse(r.beta * (1.0 - SATURATION)).max(lo)
    } else {
        lo
    }
}

fn at_bounds(chans: &[Chan], upper: bool, infeasible: bool) -> Allocation {
    let sp = split(chans);
    let free: Vec<f64> = (0..sp.free.len())
        .map(|k| {
            if upper {
                saturated(&sp.resps[k], sp.lo[k], sp.hi[k])
            } else {
                sp.lo[k]
            }
        })
        .collect();
    assemble(chans, spends(chans, &sp, &free), infeasible, None)
}

fn coupling(kind: Kind, target: f64, rho: f64, sp: &Split, scale: f64) -> Coupling {
    Coupling {
        kind,
        target,
        rho,
        fixed_r: sp.fixed_r,
        fixed_s: sp.fixed_s,
        tol: REL_COUPLING * scale.abs().max(f64::MIN_POSITIVE),
    }
}

/// Branch and bound, polish, finish.
fn solve(sp: &Split, hi: &[f64], cp: &Coupling) -> Option<Vec<f64>> {
    let mut s = branch_and_bound(&sp.resps, &sp.lo, hi, cp)?;
    polish(&sp.resps, &sp.lo, hi, &mut s, cp);
    finish(&sp.resps, &sp.lo, hi, &mut s, cp);
    Some(s)
}

fn by_budget(chans: &[Chan], budget: f64) -> Allocation {
    if budget.is_nan() {
        return at_bounds(chans, false, true);
    }
    let sp = split(chans);
    let free_lo: f64 = sp.lo.iter().sum();
    let free_hi: f64 = sp.hi.iter().sum();
    let bp = budget - sp.fixed_s;
    let eps = 1e-12 * budget.abs().max(sp.fixed_s + free_lo);
    if bp < free_lo - eps {
        return at_bounds(chans, false, true);
    }
    if bp > free_hi + eps || budget == f64::INFINITY {
        let mut out = at_bounds(chans, true, true);
        if !free_hi.is_finite() {
            // +∞ budget: unbounded channels stay at their minimum rather than at infinity.
            let lows = at_bounds(chans, false, true);
            for (&i, (lo, hi)) in sp.free.iter().zip(sp.lo.iter().zip(&sp.hi)) {
                if !hi.is_finite() {
                    out.spend[i] = *lo;
                }
            }
            out = assemble(chans, out.spend, true, None);
            let _ = lows;
        }
        return out;
    }
    if bp <= free_lo {
        return at_bounds(chans, false, false);
    }
    if bp >= free_hi {
        return at_bounds(chans, true, false);
    }
    let room = bp - free_lo;
    let hi: Vec<f64> = sp
        .lo
        .iter()
        .zip(&sp.hi)
        .map(|(l, h)| h.min(l + room))
        .collect();
    let cp = coupling(Kind::Budget, bp, 0.0, &sp, bp);
    match solve(&sp, &hi, &cp) {
        Some(s) => assemble(chans, spends(chans, &sp, &s), false, None),
        None => {
            // Not expected: a feasible budget always has a relaxation. Fill by room.
            let mut s = sp.lo.clone();
            spread(&mut s, &sp.lo, &hi, &[], bp);
            assemble(chans, spends(chans, &sp, &s), false, None)
        }
    }
}

fn by_profit(chans: &[Chan], margin: f64) -> Allocation {
    let sp = split(chans);
    if !(margin > 0.0 && margin.is_finite()) {
        return at_bounds(chans, false, false);
    }
    let s: Vec<f64> = (0..sp.free.len())
        .map(|k| profit_best(&sp.resps[k], sp.lo[k], sp.hi[k], margin))
        .collect();
    assemble(chans, spends(chans, &sp, &s), false, Some(1.0 / margin))
}

/// argmax margin × r(s) − s on [lo, hi] (hi may be +∞): the best of the bounds, the
/// inflection and the concave branch's stationary point (on the convex start the maximum is
/// at an end, on the concave part at the stationary point or an end). Ties keep the lower spend.
fn profit_best(r: &Resp, lo: f64, hi: f64, margin: f64) -> f64 {
    let score = |s: f64| margin * r.value(s) - s;
    let mut best = lo;
    let mut best_score = score(lo);
    let mut consider = |s: f64| {
        if s.is_finite() && s >= lo && s <= hi {
            let v = score(s);
            if v > best_score {
                best = s;
                best_score = v;
            }
        }
    };
    if r.valid {
        let lambda = 1.0 / margin;
        let start = lo.max(r.sp);
        if start < hi {
            consider(start);
            let d1 = if hi.is_finite() { r.marginal(hi) } else { 0.0 };
            if r.marginal(start) > lambda && d1 < lambda {
                consider(r.solve_concave(lambda, start, hi).s);
            }
        }
    }
    if hi.is_finite() {
        consider(hi);
    }
    best
}

fn by_revenue(chans: &[Chan], target: f64) -> Allocation {
    if target.is_nan() {
        return at_bounds(chans, false, true);
    }
    let sp = split(chans);
    let low: f64 = sp.fixed_r
        + sp.resps
            .iter()
            .zip(&sp.lo)
            .map(|(r, l)| r.value(*l))
            .sum::<f64>();
    if target <= low {
        return at_bounds(chans, false, false);
    }
    let need = target - sp.fixed_r;
    // No channel needs more than brings `need` on its own.
    let hi: Vec<f64> = (0..sp.free.len())
        .map(|k| {
            let r = &sp.resps[k];
            if !r.valid {
                return sp.lo[k];
            }
            let cap = r.inverse(need.min(r.beta * (1.0 - SATURATION)));
            sp.hi[k].min(cap).max(sp.lo[k])
        })
        .collect();
    let top: f64 = sp.fixed_r
        + sp.resps
            .iter()
            .zip(&hi)
            .map(|(r, h)| r.value(*h))
            .sum::<f64>();
    if target > top {
        let free = hi.clone();
        return assemble(chans, spends(chans, &sp, &free), true, None);
    }
    let cp = coupling(Kind::Revenue, need, 0.0, &sp, target);
    match solve(&sp, &hi, &cp) {
        Some(s) => assemble(chans, spends(chans, &sp, &s), false, None),
        None => assemble(chans, spends(chans, &sp, &hi), true, None),
    }
}

fn by_roas(chans: &[Chan], rho: f64) -> Allocation {
    if !(rho > 0.0 && rho.is_finite()) {
        if rho.is_nan() {
            return at_bounds(chans, false, true);
        }
        return at_bounds(chans, rho <= 0.0, false);
    }
    let sp = split(chans);
    let sup: f64 = sp.fixed_r
        + sp.resps
            .iter()
            .zip(&sp.hi)
            .map(|(r, h)| r.sup(*h))
            .sum::<f64>();
    let free_lo: f64 = sp.lo.iter().sum();
    let room = sup / rho - sp.fixed_s - free_lo;
    let closest = || {
        let s: Vec<f64> = (0..sp.free.len())
            .map(|k| profit_best(&sp.resps[k], sp.lo[k], sp.hi[k], 1.0 / rho))
            .collect();
        assemble(chans, spends(chans, &sp, &s), true, None)
    };
    if room < 0.0 || !room.is_finite() {
        return closest();
    }
    let hi: Vec<f64> = sp
        .lo
        .iter()
        .zip(&sp.hi)
        .map(|(l, h)| h.min(l + room))
        .collect();
    let cp = coupling(Kind::Roas, 0.0, rho, &sp, sup);
    match solve(&sp, &hi, &cp) {
        Some(s) => {
            let out = assemble(chans, spends(chans, &sp, &s), false, None);
            if out.total_spend <= 0.0 {
                let mut out = out;
                out.infeasible = true;
                return out;
            }
            out
        }
        None => closest(),
    }
}

/// The allocation with revenue, marginals and bindings. `lambda` is the common marginal when
/// known (else the median marginal of the free channels).
fn assemble(chans: &[Chan], spend: Vec<f64>, infeasible: bool, lambda: Option<f64>) -> Allocation {
    let revenue: Vec<f64> = chans
        .iter()
        .zip(&spend)
        .map(|(c, s)| {
            if c.resp.valid {
                c.curve.steady(*s)
            } else {
                0.0
            }
        })
        .collect();
    let marginal: Vec<f64> = chans
        .iter()
        .zip(&spend)
        .map(|(c, s)| {
            if c.resp.valid {
                c.curve.marginal(*s)
            } else {
                0.0
            }
        })
        .collect();
    // Relative to the spend and the bound themselves (not to a huge maximum).
    let near = |x: f64, bound: f64| (x - bound).abs() <= 1e-9 * x.abs().max(bound.abs());
    let mut binding: Vec<Binding> = chans
        .iter()
        .zip(&spend)
        .map(|(c, s)| {
            if c.locked.is_some() {
                return Binding::Locked;
            }
            if c.lo >= c.hi {
                // Decided below by the marginal.
                Binding::Min
            } else if near(*s, c.lo) {
                Binding::Min
            } else if c.hi.is_finite() && near(*s, c.hi) {
                Binding::Max
            } else {
                Binding::Free
            }
        })
        .collect();
    let lambda = lambda.or_else(|| {
        let mut m: Vec<f64> = binding
            .iter()
            .zip(&marginal)
            .filter(|(b, _)| **b == Binding::Free)
            .map(|(_, m)| *m)
            .collect();
        m.sort_by(f64::total_cmp);
        m.get(m.len() / 2).copied()
    });
    for ((b, c), m) in binding.iter_mut().zip(chans).zip(&marginal) {
        if c.locked.is_none() && c.lo >= c.hi {
            *b = match lambda {
                Some(l) if *m > l => Binding::Max,
                _ => Binding::Min,
            };
        }
    }
    let total_spend: f64 = spend.iter().sum();
    let total_revenue: f64 = revenue.iter().sum();
    Allocation {
        roas: (total_spend > 0.0).then(|| total_revenue / total_spend),
        spend,
        revenue,
        marginal,
        binding,
        total_spend,
        total_revenue,
        infeasible,
    }
}
