//! Seeded Monte Carlo of one SKU under a replenishment policy, in daily steps.
//!
//! One day `t`, in this order:
//! 1. orders due on day `t` arrive (an order placed at the end of day `u` with lead time `L`
//!    arrives at the start of day `u + L + 1`: it is exposed to exactly `L` days of demand,
//!    as the reorder-point formula assumes; a lead time of 0 arrives before the next day);
//! 2. the day's demand is served from stock; what stock cannot serve is lost or back-ordered;
//! 3. at the end of the day the policy reviews the **inventory position** = net stock (on hand
//!    minus back-orders) + every order in transit, and orders. Counting the orders in transit
//!    is what keeps a simulator from ordering again every day of a long lead time (a known bug
//!    of simple simulators; `../shared/docs/domain.md`).
//!
//! Randomness is fixed per replication in [`Draws`] — each replication's daily demand, drawn up
//! front, and the lead time of its 1st, 2nd, … order, the k-th draw of the replication's own
//! lead-time stream — so that policies compared on the same draws differ only by the policy
//! (common random numbers), which makes the policy search both faster and less noisy. Every
//! draw comes from [`crate::engine::random::Rand::fast`] (Xoshiro256++): the same seed gives
//! the same numbers natively and in wasm.
//!
//! Definitions, per replication, over the days after the warm-up:
//! - fill rate: units served from stock on the day they were demanded / units demanded (1
//!   without demand); back-ordered units served later do not count as filled;
//! - cycle service level: share of replenishment cycles (from one receipt to the next, ended
//!   by a receipt after the warm-up) without any unit short; with no cycle ended, 1 when no
//!   unit was short and 0 otherwise;
//! - stock-out days: days with any unit short;
//! - average on-hand: mean over days of (on-hand after receipts + on-hand at the end of the
//!   day) / 2, back-orders counting as 0 on hand;
//! - turnover: units served per year / average on-hand (0 when nothing is on hand); days of
//!   inventory: average on-hand / units served per day (the window's length when stock sat
//!   there unsold, 0 when there was none);
//! - costs per year (the window's totals × 365 / its days): holding = average on-hand × unit
//!   cost × holding rate; ordering = orders × order cost; shortage = units short × shortage
//!   cost per unit.

use serde::{Deserialize, Serialize};

use super::demand::SkuDemand;
use super::formulas::{normal_cdf, DAYS_PER_YEAR};
use crate::engine::random::Rand;

/// The simulator's generator (see [`Rand::fast`]).
type FastRand = Rand<rand_xoshiro::Xoshiro256PlusPlus>;

/// Where the simulated daily demand comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DemandModel {
    /// Days resampled with replacement from the SKU's own daily history (bootstrap): keeps its
    /// real shape — zero days, spikes — without assuming a distribution.
    #[default]
    Bootstrap,
    /// Normal with the history's mean and standard deviation, truncated at 0 (negative draws
    /// are drawn again; the mean is then slightly above μ when σ is large against μ).
    Normal,
    /// Poisson with the history's mean: for slow movers that sell a unit now and then.
    Poisson,
}

/// What happens to demand that stock cannot serve.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shortage {
    /// The customer buys elsewhere: the sale is lost (typical of online retail).
    #[default]
    LostSales,
    /// The customer waits: net stock goes negative and the next receipt serves them first.
    Backorders,
}

/// A replenishment policy.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Policy {
    /// (s, Q), fixed quantity (定量订货): reviewed daily; when the inventory position is at or
    /// below `s`, order the smallest multiple of `q` that lifts it above `s`.
    ReorderQuantity {
        /// Reorder point s.
        s: f64,
        /// Order quantity Q (> 0).
        q: f64,
    },
    /// (s, S), min-max: reviewed daily; at or below `s`, order up to `big_s`.
    MinMax {
        /// Reorder point s.
        s: f64,
        /// Order-up-to level S.
        big_s: f64,
    },
    /// (R, S), periodic review (定期订货): every `review_days` days (from day 0), order up to
    /// `big_s`.
    PeriodicReview {
        /// Review period R in days (at least 1).
        review_days: u32,
        /// Order-up-to level S.
        big_s: f64,
    },
}

impl Policy {
    /// The inventory position the policy starts from when no initial on-hand is given: s + Q
    /// for (s, Q), S otherwise (never below 0).
    pub fn natural_start(&self) -> f64 {
        match *self {
            Policy::ReorderQuantity { s, q } => (s + q).max(0.0),
            Policy::MinMax { big_s, .. } | Policy::PeriodicReview { big_s, .. } => big_s.max(0.0),
        }
    }
}

/// The simulation's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimSettings {
    /// Days simulated per replication, warm-up included.
    pub days: u32,
    /// First days left out of the statistics (the path shows them).
    pub warmup_days: u32,
    /// Replications.
    pub replications: u32,
    /// Seed of the draws.
    pub seed: u64,
    /// Demand model.
    pub demand: DemandModel,
    /// Lost sales or back-orders.
    pub shortage: Shortage,
    /// Stock on hand on day 0 (negative: back-orders, which lost-sales mode drops); `None`
    /// starts at the policy's [`Policy::natural_start`]. Nothing is in transit on day 0.
    pub initial_on_hand: Option<f64>,
}

impl Default for SimSettings {
    /// One year, 200 replications, bootstrap demand, lost sales, from the policy's own level.
    fn default() -> Self {
        Self {
            days: 365,
            warmup_days: 0,
            replications: 200,
            seed: 1,
            demand: DemandModel::Bootstrap,
            shortage: Shortage::LostSales,
            initial_on_hand: None,
        }
    }
}

/// Most simulated days (replications × days) drawn for one simulation: 20 million, 240 MB of
/// draws, about a hundred times the default.
pub const MAX_DRAWS: usize = 20_000_000;

/// The random numbers of a simulation, drawn once: reused across policies.
#[derive(Clone, Debug, PartialEq)]
pub struct Draws {
    /// Days per replication.
    pub days: usize,
    /// Daily demand, replication-major (`replications × days`).
    pub demand: Vec<f64>,
    /// The law of the lead times.
    lead: LeadTimes,
    /// Seed of the lead-time streams: replication r's k-th order takes the k-th draw of the
    /// stream seeded `lead_seed + r`, whatever the policy (a policy places a few dozen orders
    /// a year, so drawing them as they are placed is cheaper than a table of one per day).
    lead_seed: u64,
}

impl Draws {
    /// Replications drawn.
    pub fn replications(&self) -> usize {
        self.demand.len().checked_div(self.days).unwrap_or(0)
    }
}

/// Draws the demand and lead times of `settings.replications` replications of one SKU.
///
/// Lead times: round(L + σ_L·Z) with Z standard normal, at least 1 day when L ≥ 1 (an order
/// cannot arrive before it is placed), L rounded when σ_L is 0; drawn by inversion of that
/// law's table (see `LeadTimes`), as orders are placed, from one stream per replication.
///
/// At most [`MAX_DRAWS`] days are drawn in all: beyond it the replications are cut (a
/// mistyped "1,000,000 replications" must not take the page's memory).
pub fn draws(sku: &SkuDemand, settings: &SimSettings) -> Draws {
    let days = (settings.days as usize).min(MAX_DRAWS);
    let reps = (settings.replications as usize).min(MAX_DRAWS / days.max(1));
    let mut rng = Rand::fast(settings.seed);
    let mut demand = Vec::with_capacity(reps * days);
    let history = &sku.daily;
    let (mu, sigma) = (sku.mean.max(0.0), sku.sd.max(0.0));
    let l = if sku.lead_time_days.is_finite() {
        sku.lead_time_days.max(0.0)
    } else {
        0.0
    };
    let sd_l = if sku.lead_time_sd_days.is_finite() {
        sku.lead_time_sd_days.max(0.0)
    } else {
        0.0
    };
    let lead_law = LeadTimes::new(l, sd_l);
    for _ in 0..reps {
        for _ in 0..days {
            let d = match settings.demand {
                DemandModel::Bootstrap => {
                    if history.is_empty() {
                        0.0
                    } else {
                        let i = rng.below(history.len().min(u32::MAX as usize) as u32) as usize;
                        history.get(i).copied().unwrap_or(0.0).max(0.0)
                    }
                }
                DemandModel::Normal => truncated_normal(&mut rng, mu, sigma),
                DemandModel::Poisson => f64::from(rng.poisson(mu)),
            };
            demand.push(d);
        }
    }
    let lead_seed = rng.next_seed();
    Draws {
        days,
        demand,
        lead: lead_law,
        lead_seed,
    }
}

/// The law of a lead time round(L + σ_L·Z), at least 1 day when L ≥ 1, as a table of whole
/// days and cumulative probabilities: P(round(L + σ_L·Z) ≤ k) = Φ((k + ½ − L)/σ_L). A draw is
/// one uniform and a short search, not a normal draw (which costs a logarithm and a cosine):
/// the same distribution, a fraction of the time, and lead times are a third of all draws.
#[derive(Clone, Debug, PartialEq)]
struct LeadTimes {
    /// Smallest day of the table.
    first: u32,
    /// Cumulative probability of each day from `first` (the last is 1).
    cdf: Vec<f64>,
}

impl LeadTimes {
    /// Days beyond L ± `SPAN`·σ_L are folded into the table's ends (probability < 1e-15).
    const SPAN: f64 = 8.0;

    fn new(l: f64, sd_l: f64) -> Self {
        let min_lead = if l >= 1.0 { 1.0 } else { 0.0 };
        let clamp = |x: f64| x.max(min_lead).min(f64::from(u32::MAX / 2));
        if sd_l <= 0.0 {
            return Self {
                first: clamp(libm::round(l)) as u32,
                cdf: vec![1.0],
            };
        }
        let lo = clamp(libm::round(l - Self::SPAN * sd_l)) as u32;
        let hi = clamp(libm::round(l + Self::SPAN * sd_l)).max(f64::from(lo)) as u32;
        // Keep the table small for absurd spreads: at most 4,096 days.
        let hi = hi.min(lo.saturating_add(4_095));
        let cdf = (lo..=hi)
            .map(|k| {
                if k == hi {
                    1.0
                } else {
                    normal_cdf((f64::from(k) + 0.5 - l) / sd_l)
                }
            })
            .collect();
        Self { first: lo, cdf }
    }

    fn draw(&self, rng: &mut FastRand) -> u32 {
        if self.cdf.len() == 1 {
            return self.first;
        }
        let u = rng.uniform();
        let i = self
            .cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1);
        self.first + i as u32
    }
}

/// A normal draw truncated at 0 by rejection (at most 64 tries, then 0: with μ ≥ 0 a try is
/// accepted with probability ≥ ½, so the fallback is practically never used).
fn truncated_normal(rng: &mut FastRand, mu: f64, sigma: f64) -> f64 {
    if sigma <= 0.0 {
        return mu;
    }
    for _ in 0..64 {
        let x = mu + sigma * rng.normal();
        if x >= 0.0 {
            return x;
        }
    }
    0.0
}

/// The outcome of one replication (see the module doc for definitions).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Replication {
    /// Fill rate.
    pub fill_rate: f64,
    /// Cycle service level.
    pub cycle_service_level: f64,
    /// Days with a stock-out.
    pub stockout_days: f64,
    /// Average units on hand.
    pub avg_on_hand: f64,
    /// Turns per year.
    pub turnover: f64,
    /// Days of inventory.
    pub days_of_inventory: f64,
    /// Holding cost per year.
    pub holding_cost: f64,
    /// Ordering cost per year.
    pub ordering_cost: f64,
    /// Shortage cost per year.
    pub shortage_cost: f64,
    /// Holding + ordering + shortage per year.
    pub total_cost: f64,
    /// Orders placed in the window.
    pub orders: f64,
    /// Units demanded in the window.
    pub units_demanded: f64,
    /// Units short in the window.
    pub units_short: f64,
}

/// Mean and percentiles of a metric over replications (percentiles by linear interpolation
/// between order statistics, Hyndman & Fan's type 7, the default of R and NumPy).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// Mean.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Band {
    /// The band of `values` (all zeros when empty).
    pub fn of(values: &[f64]) -> Self {
        if values.is_empty() {
            return Self::default();
        }
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Self {
            mean: values.iter().sum::<f64>() / values.len() as f64,
            p5: percentile(&sorted, 0.05),
            p50: percentile(&sorted, 0.50),
            p95: percentile(&sorted, 0.95),
        }
    }
}

/// Type-7 percentile of sorted values: position p·(n − 1), interpolated.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let Some(&last) = sorted.last() else {
        return 0.0;
    };
    let pos = p * (sorted.len() - 1) as f64;
    let i = libm::floor(pos) as usize;
    let frac = pos - i as f64;
    match (sorted.get(i), sorted.get(i + 1)) {
        (Some(a), Some(b)) => a + frac * (b - a),
        (Some(a), None) => *a,
        _ => last,
    }
}

/// The bands of every metric over the replications.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Fill rate.
    pub fill_rate: Band,
    /// Cycle service level.
    pub cycle_service_level: Band,
    /// Stock-out days.
    pub stockout_days: Band,
    /// Average on-hand.
    pub avg_on_hand: Band,
    /// Turnover.
    pub turnover: Band,
    /// Days of inventory.
    pub days_of_inventory: Band,
    /// Holding cost per year.
    pub holding_cost: Band,
    /// Ordering cost per year.
    pub ordering_cost: Band,
    /// Shortage cost per year.
    pub shortage_cost: Band,
    /// Total cost per year.
    pub total_cost: Band,
    /// Orders placed.
    pub orders: Band,
}

impl Summary {
    /// The bands of `reps`.
    pub fn of(reps: &[Replication]) -> Self {
        let band = |f: fn(&Replication) -> f64| Band::of(&reps.iter().map(f).collect::<Vec<_>>());
        Self {
            fill_rate: band(|r| r.fill_rate),
            cycle_service_level: band(|r| r.cycle_service_level),
            stockout_days: band(|r| r.stockout_days),
            avg_on_hand: band(|r| r.avg_on_hand),
            turnover: band(|r| r.turnover),
            days_of_inventory: band(|r| r.days_of_inventory),
            holding_cost: band(|r| r.holding_cost),
            ordering_cost: band(|r| r.ordering_cost),
            shortage_cost: band(|r| r.shortage_cost),
            total_cost: band(|r| r.total_cost),
            orders: band(|r| r.orders),
        }
    }
}

/// One day of the sample path.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathDay {
    /// Net stock at the end of the day (negative: back-orders).
    pub on_hand: f64,
    /// Units in transit at the end of the day (the day's order included).
    pub on_order: f64,
    /// Units ordered at the end of the day (0 when no order).
    pub ordered: f64,
    /// Units short that day.
    pub short: f64,
    /// Units demanded that day.
    pub demand: f64,
}

/// A simulation's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimResult {
    /// The policy simulated.
    pub policy: Policy,
    /// Each replication.
    pub replications: Vec<Replication>,
    /// Bands over replications.
    pub summary: Summary,
    /// The first replication's days.
    pub path: Vec<PathDay>,
}

/// Simulates `policy` for one SKU: draws, runs every replication, summarises, keeps the first
/// replication's path.
pub fn simulate(sku: &SkuDemand, policy: Policy, settings: &SimSettings) -> SimResult {
    let d = draws(sku, settings);
    simulate_draws(sku, policy, settings, &d)
}

/// [`simulate`] on given draws (drawn by [`draws`] with the same `days`).
pub fn simulate_draws(
    sku: &SkuDemand,
    policy: Policy,
    settings: &SimSettings,
    draws: &Draws,
) -> SimResult {
    let costs = Costs::of(sku);
    let mut path = Vec::with_capacity(draws.days);
    let mut scratch = Vec::new();
    let replications: Vec<Replication> = (0..draws.replications())
        .map(|r| {
            run(
                &costs,
                policy,
                settings,
                draws,
                r,
                &mut scratch,
                (r == 0).then_some(&mut path),
            )
        })
        .collect();
    SimResult {
        policy,
        summary: Summary::of(&replications),
        replications,
        path,
    }
}

/// The per-unit costs and the minimum order of one SKU.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Costs {
    /// Holding cost per unit per year.
    pub holding: f64,
    /// Cost per order.
    pub order: f64,
    /// Cost per unit short.
    pub shortage: f64,
    /// Minimum order quantity.
    pub moq: f64,
}

impl Costs {
    pub(crate) fn of(sku: &SkuDemand) -> Self {
        let clean = |x: f64| if x.is_finite() { x.max(0.0) } else { 0.0 };
        Self {
            holding: clean(sku.holding_cost()),
            order: clean(sku.order_cost),
            shortage: clean(sku.shortage_cost),
            moq: clean(sku.moq),
        }
    }
}

/// Runs replication `r` of `draws`, with the path when asked. `arrivals` is scratch space
/// (reused across calls).
pub(crate) fn run(
    costs: &Costs,
    policy: Policy,
    settings: &SimSettings,
    draws: &Draws,
    r: usize,
    arrivals: &mut Vec<f64>,
    path: Option<&mut Vec<PathDay>>,
) -> Replication {
    let start = policy.natural_start();
    // One loop per policy, the decision inlined: the search runs this ~10⁸ times.
    match policy {
        Policy::ReorderQuantity { s, q } => run_with(
            costs,
            start,
            settings,
            draws,
            r,
            arrivals,
            path,
            |_, position| {
                if position <= s && q > 0.0 {
                    (libm::floor((s - position) / q) + 1.0) * q
                } else {
                    0.0
                }
            },
        ),
        Policy::MinMax { s, big_s } => run_with(
            costs,
            start,
            settings,
            draws,
            r,
            arrivals,
            path,
            |_, position| {
                if position <= s {
                    big_s - position
                } else {
                    0.0
                }
            },
        ),
        Policy::PeriodicReview { review_days, big_s } => {
            let every = review_days.max(1) as usize;
            run_with(
                costs,
                start,
                settings,
                draws,
                r,
                arrivals,
                path,
                |t, position| {
                    if t % every == 0 {
                        big_s - position
                    } else {
                        0.0
                    }
                },
            )
        }
    }
}

/// A replication's running state.
#[derive(Clone, Copy, Default)]
struct State {
    net: f64,
    on_order: f64,
    cycles: u32,
    short_cycles: u32,
    cycle_short: bool,
    demanded: f64,
    served: f64,
    short: f64,
    on_hand: f64,
    stockout_days: u32,
    orders: u32,
}

/// The daily loop of replication `r`, with the policy's order quantity
/// `decide(day, inventory position)`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn run_with<F: Fn(usize, f64) -> f64>(
    costs: &Costs,
    natural_start: f64,
    settings: &SimSettings,
    draws: &Draws,
    r: usize,
    arrivals: &mut Vec<f64>,
    mut path: Option<&mut Vec<PathDay>>,
    decide: F,
) -> Replication {
    let days = draws.days;
    let demand = draws.demand.get(r * days..(r + 1) * days).unwrap_or(&[]);
    let mut leads = Rand::fast(draws.lead_seed.wrapping_add(r as u64));
    let days = demand.len();
    let warmup = if (settings.warmup_days as usize) < days {
        settings.warmup_days as usize
    } else {
        0
    };
    arrivals.clear();
    arrivals.resize(days + 1, 0.0);
    let backorders = settings.shortage == Shortage::Backorders;
    let mut initial = settings
        .initial_on_hand
        .filter(|x| x.is_finite())
        .unwrap_or(natural_start);
    if !backorders {
        initial = initial.max(0.0);
    }
    let mut state = State {
        net: initial,
        ..State::default()
    };
    for (t, &d) in demand.iter().enumerate() {
        let measured = t >= warmup;
        let arriving = arrivals[t];
        if arriving > 0.0 {
            state.net += arriving;
            state.on_order -= arriving;
            if measured {
                state.cycles += 1;
                state.short_cycles += u32::from(state.cycle_short);
            }
            state.cycle_short = false;
        }
        let start = state.net.max(0.0);
        let served = d.min(start);
        let short = d - served;
        state.net -= if backorders { d } else { served };
        if short > 0.0 {
            state.cycle_short = true;
        }
        if measured {
            state.demanded += d;
            state.served += served;
            state.short += short;
            state.on_hand += 0.5 * (start + state.net.max(0.0));
            state.stockout_days += u32::from(short > 0.0);
        }
        // Review: the inventory position counts the orders in transit.
        let mut qty = decide(t, state.net + state.on_order);
        if qty > 0.0 {
            qty = qty.max(costs.moq);
            let lead = draws.lead.draw(&mut leads) as usize;
            if let Some(a) = arrivals.get_mut(t.saturating_add(lead).saturating_add(1)) {
                *a += qty;
            }
            state.on_order += qty;
            if measured {
                state.orders += 1;
            }
        } else {
            qty = 0.0;
        }
        if let Some(p) = path.as_deref_mut() {
            p.push(PathDay {
                on_hand: state.net,
                on_order: state.on_order,
                ordered: qty,
                short,
                demand: d,
            });
        }
    }
    replication(&state, costs, (days - warmup).max(1) as f64)
}

/// A replication's outcome over a window of `window` days.
fn replication(state: &State, costs: &Costs, window: f64) -> Replication {
    let per_year = DAYS_PER_YEAR / window;
    let avg_on_hand = state.on_hand / window;
    let daily_served = state.served / window;
    let ordering_cost = f64::from(state.orders) * costs.order * per_year;
    let holding_cost = avg_on_hand * costs.holding;
    let shortage_cost = state.short * costs.shortage * per_year;
    Replication {
        fill_rate: if state.demanded > 0.0 {
            state.served / state.demanded
        } else {
            1.0
        },
        cycle_service_level: if state.cycles > 0 {
            1.0 - f64::from(state.short_cycles) / f64::from(state.cycles)
        } else if state.short > 0.0 {
            0.0
        } else {
            1.0
        },
        stockout_days: f64::from(state.stockout_days),
        avg_on_hand,
        turnover: if avg_on_hand > 0.0 {
            daily_served * DAYS_PER_YEAR / avg_on_hand
        } else {
            0.0
        },
        days_of_inventory: if daily_served > 0.0 {
            avg_on_hand / daily_served
        } else if avg_on_hand > 0.0 {
            window
        } else {
            0.0
        },
        holding_cost,
        ordering_cost,
        shortage_cost,
        total_cost: holding_cost + ordering_cost + shortage_cost,
        orders: f64::from(state.orders),
        units_demanded: state.demanded,
        units_short: state.short,
    }
}
