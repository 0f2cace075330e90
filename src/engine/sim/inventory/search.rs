//! The cheapest policy per SKU that meets a target fill rate in simulation, and the catalogue
//! table with stock-out and overstock warnings from current on-hand.
//!
//! The grid is small and centred on the formulas ([`super::formulas`]): for (s, Q),
//! s = d·L + k·σ_LT for k in [`SAFETY_FACTORS`] and Q = m × EOQ for m in [`QUANTITY_FACTORS`]
//! (at least the MOQ and 1 unit); for (R, S), S = d·(R + L) + k·σ_{R+L} with σ_{R+L} the
//! demand deviation over review period plus lead time. Every grid point is simulated on the
//! same draws (common random numbers), so the comparison between points is not blurred by
//! sampling noise. The chosen point is the one with the lowest mean annual cost among those
//! whose mean fill rate reaches the target; when none does, the one with the highest fill rate.
//!
//! Size: run exhaustively, 18 grid points × 200 replications × 365 days is 1.3 million
//! simulated days per SKU (about 3–4 ns each natively). The staged screening of [`search_sku`]
//! runs about a quarter of that: on the 1,000 busiest SKUs of the UCI Online Retail file,
//! 1.3 ms per SKU natively against 4.6 ms exhaustive, with 2.6 grid points per SKU run on every
//! replication, and the same policy chosen for 995 of the 1,000
//! (`cargo run --profile importer --example bench_inventory -- FILE`). The EOQ's cost curve is
//! flat near its minimum (1.5 × EOQ costs 8 % more than EOQ in the EOQ model, 2 × EOQ 25 %),
//! so the grid stops at 1.5 × EOQ.

use serde::{Deserialize, Serialize};

use super::demand::SkuDemand;
use super::formulas::{formulas, lead_time_demand_sd};
use super::simulate::{draws, run, Costs, Policy, SimSettings};
use crate::engine::report::products::{Abc, Xyz};

/// Safety factors k of the grid (s or S = mean demand over the exposure + k·σ).
pub const SAFETY_FACTORS: [f64; 6] = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0];
/// Multiples of the EOQ tried as order quantities.
pub const QUANTITY_FACTORS: [f64; 3] = [0.5, 1.0, 1.5];
/// Default days of cover above which a SKU is overstocked.
pub const DEFAULT_OVERSTOCK_DAYS: f64 = 90.0;

/// Which family of policies the search tries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyKind {
    /// (s, Q), continuous (daily) review.
    #[default]
    ReorderQuantity,
    /// (R, S) with the given review period in days.
    PeriodicReview {
        /// Review period R.
        review_days: u32,
    },
}

/// The search's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchSettings {
    /// Target fill rate (0–1) the policy must reach in simulation (mean over replications).
    pub target_fill_rate: f64,
    /// Policy family.
    pub kind: PolicyKind,
    /// Simulation settings (seed, demand model, replications, …); each SKU's seed is this seed
    /// mixed with its SKU text, so a SKU's result does not depend on the others.
    pub sim: SimSettings,
    /// Days of cover above which a SKU is listed as overstocked.
    pub overstock_days: f64,
    /// Screen the grid on a first share of the replications (see [`search_sku`]); `false`
    /// runs every point on every replication (the reference the screening is tested against).
    pub screen: bool,
}

impl Default for SearchSettings {
    fn default() -> Self {
        Self {
            target_fill_rate: 0.95,
            kind: PolicyKind::ReorderQuantity,
            sim: SimSettings::default(),
            overstock_days: DEFAULT_OVERSTOCK_DAYS,
            screen: true,
        }
    }
}

/// One grid point's simulated means.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The policy.
    pub policy: Policy,
    /// Mean fill rate over replications.
    pub fill_rate: f64,
    /// Mean cycle service level.
    pub cycle_service_level: f64,
    /// Mean annual total cost.
    pub total_cost: f64,
    /// Mean average on-hand.
    pub avg_on_hand: f64,
    /// Replications the means are over (fewer than the settings' for a point dropped by the
    /// screening).
    pub replications: u32,
}

/// The search's answer for one SKU.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkuPolicy {
    /// The SKU.
    pub sku: String,
    /// The chosen grid point; `None` when the SKU has no demand (nothing to stock).
    pub best: Option<Candidate>,
    /// Whether the chosen point reaches the target fill rate.
    pub meets_target: bool,
    /// Every grid point, in grid order.
    pub candidates: Vec<Candidate>,
    /// The SKU's current policy (from the inventory table) on the same draws, if it has one.
    pub current: Option<Candidate>,
}

/// The grid of policies around the formulas for `sku` (empty without demand), rounded to whole
/// units and without duplicates, in grid order (safety factor, then quantity).
pub fn grid(sku: &SkuDemand, kind: PolicyKind) -> Vec<Policy> {
    if sku.mean <= 0.0 || !sku.mean.is_finite() {
        return Vec::new();
    }
    let f = formulas(sku, 0.95);
    let mut out: Vec<Policy> = Vec::new();
    for k in SAFETY_FACTORS {
        match kind {
            PolicyKind::ReorderQuantity => {
                let s = libm::round(f.lead_time_demand + k * f.sigma_lt);
                for m in QUANTITY_FACTORS {
                    let base = if f.eoq.quantity > 0.0 {
                        f.eoq.quantity
                    } else {
                        // No holding cost: no economic lot; a month of demand.
                        f.daily_demand * 30.0
                    };
                    let q = libm::ceil(m * base).max(sku.moq).max(1.0);
                    out.push(Policy::ReorderQuantity { s, q });
                }
            }
            PolicyKind::PeriodicReview { review_days } => {
                let r = review_days.max(1);
                let exposure = f.lead_time + f64::from(r);
                let sigma =
                    lead_time_demand_sd(f.daily_demand, f.daily_sd, exposure, f.lead_time_sd);
                let big_s = libm::round(f.daily_demand * exposure + k * sigma);
                out.push(Policy::PeriodicReview {
                    review_days: r,
                    big_s,
                });
            }
        }
    }
    let mut unique: Vec<Policy> = Vec::with_capacity(out.len());
    for p in out {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    unique
}

/// A SKU's seed: `seed` mixed with the SKU text (FNV-1a, 64 bits), stable whatever the order
/// of the catalogue.
pub fn sku_seed(seed: u64, sku: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in sku.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The simulation settings the search uses for `sku`: `settings.sim` with the SKU's seed.
pub fn sku_settings(sku: &SkuDemand, settings: &SearchSettings) -> SimSettings {
    SimSettings {
        seed: sku_seed(settings.sim.seed, &sku.sku),
        ..settings.sim.clone()
    }
}

/// Screening: the first 1/`SCREEN_SHARE` of the replications (at least [`SCREEN_MIN`]) are run
/// for every grid point; only the points that may still be the answer run the rest.
pub const SCREEN_SHARE: u32 = 16;
/// Fewest replications of the screening stage (24). With 16, slow sellers' costs (rare
/// stock-outs, heavy-tailed) gave standard errors too small to trust: on the demo store, after
/// its hero products took a quarter of the demand, the screened search dropped the best point
/// of 4 of the first 60 SKUs, one pick 3.2 % dearer. With 24: 2 of 60, within 0.2 %, and 119 of
/// 120 picks as the exhaustive search's over the whole demo (`bench_inventory`), for about 10 %
/// more time.
pub const SCREEN_MIN: u32 = 24;
/// Standard errors of margin in the screening rule: a point is dropped only when it is more
/// than this many standard errors from being the answer (2.5: a one-sided miss probability of
/// about 0.6 % per comparison under normality). Measured on the 1,000 busiest UCI SKUs: the
/// same pick as the exhaustive search for 995 of them at 2.5 (998 at 3.0), 10 % faster.
pub const SCREEN_Z: f64 = 2.5;

/// Running sums of one grid point's replications.
#[derive(Clone, Copy, Default)]
struct Sums {
    n: f64,
    fill: f64,
    cost: f64,
    csl: f64,
    on_hand: f64,
}

impl Sums {
    fn add(&mut self, rep: &super::simulate::Replication) {
        self.n += 1.0;
        self.fill += rep.fill_rate;
        self.cost += rep.total_cost;
        self.csl += rep.cycle_service_level;
        self.on_hand += rep.avg_on_hand;
    }

    fn candidate(&self, policy: Policy) -> Candidate {
        let n = self.n.max(1.0);
        Candidate {
            policy,
            fill_rate: self.fill / n,
            cycle_service_level: self.csl / n,
            total_cost: self.cost / n,
            avg_on_hand: self.on_hand / n,
            replications: self.n as u32,
        }
    }
}

/// Mean and standard error of the mean of `xs` (standard error 0 for fewer than two).
fn mean_se(xs: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = xs.clone().count() as f64;
    if n == 0.0 {
        return (0.0, 0.0);
    }
    let mean = xs.clone().sum::<f64>() / n;
    if n < 2.0 {
        return (mean, 0.0);
    }
    let var = xs.map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Which of the `alive` points go on to the next stage (indices into `screened`, each point's
/// (fill rate, annual cost) per replication run so far), by the rule of [`search_sku`].
fn survivors(screened: &[Vec<(f64, f64)>], alive: &[usize], target: f64) -> Vec<usize> {
    let fill = |i: usize| mean_se(screened[i].iter().map(|x| x.0));
    let possible: Vec<usize> = alive
        .iter()
        .copied()
        .filter(|&i| {
            let (m, se) = fill(i);
            m + SCREEN_Z * se >= target
        })
        .collect();
    if possible.is_empty() {
        // Nothing can reach the target: the points that may have the highest fill rate,
        // compared pairwise with the highest.
        let Some(top) = alive
            .iter()
            .copied()
            .max_by(|&a, &b| fill(a).0.total_cmp(&fill(b).0))
        else {
            return Vec::new();
        };
        return alive
            .iter()
            .copied()
            .filter(|&i| {
                let diff = screened[i]
                    .iter()
                    .zip(&screened[top])
                    .map(|(a, b)| a.0 - b.0);
                let (m, se) = mean_se(diff);
                m + SCREEN_Z * se >= 0.0
            })
            .collect();
    }
    // The cheapest point that surely reaches the target, if any …
    let sure = possible
        .iter()
        .copied()
        .filter(|&i| {
            let (m, se) = fill(i);
            m - SCREEN_Z * se >= target
        })
        .min_by(|&a, &b| {
            let cost = |i: usize| mean_se(screened[i].iter().map(|x| x.1)).0;
            cost(a).total_cmp(&cost(b))
        });
    let Some(sure) = sure else {
        return possible;
    };
    // … and every possible point that is not surely dearer than it (paired differences: the
    // common random numbers make them much more precise than either mean).
    possible
        .into_iter()
        .filter(|&i| {
            let diff = screened[i]
                .iter()
                .zip(&screened[sure])
                .map(|(a, b)| a.1 - b.1);
            let (m, se) = mean_se(diff);
            m - SCREEN_Z * se <= 0.0
        })
        .collect()
}

/// Simulates the grid of `sku` on common draws and picks the cheapest point whose mean fill
/// rate reaches the target (ties: the first in grid order); when none does, the one with the
/// highest fill rate. The SKU's current policy, when the inventory table gives one, is run on
/// the same draws.
///
/// With `settings.screen` the grid is screened in stages (a sequential elimination in the
/// spirit of Kim & Nelson's procedures for selecting the best simulated system, *ACM TOMACS*
/// 11(3), 2001, in a simpler form): every point runs the first
/// n₁ = max(n / [`SCREEN_SHARE`], [`SCREEN_MIN`]) replications, the survivors 2n₁, 4n₁, … and
/// finally all n. After each stage a point is dropped when its fill rate is more than
/// [`SCREEN_Z`] standard errors below the target, or when the paired difference of its cost
/// with the cheapest point that surely reaches the target is more than `SCREEN_Z` standard
/// errors above 0 (common random numbers make paired differences far more precise than either
/// mean). The choice is made among the points that ran all n replications; dropped points
/// keep their means so far (the frontier chart uses them). Replications are the same draws for
/// every point, so a survivor's result is exactly what the exhaustive search gives
/// (`tests/inventory.rs` checks the two pick the same policy for ≥ 95 % of the demo's SKUs).
pub fn search_sku(sku: &SkuDemand, settings: &SearchSettings) -> SkuPolicy {
    let policies = grid(sku, settings.kind);
    if policies.is_empty() {
        return SkuPolicy {
            sku: sku.sku.clone(),
            best: None,
            meets_target: true,
            candidates: Vec::new(),
            current: None,
        };
    }
    let sim = sku_settings(sku, settings);
    let d = draws(sku, &sim);
    let costs = Costs::of(sku);
    let reps = d.replications();
    let mut scratch = Vec::new();
    let mut sums = vec![Sums::default(); policies.len()];
    let mut extend = |sums: &mut Sums,
                      policy: Policy,
                      from: usize,
                      to: usize,
                      mut keep: Option<&mut Vec<(f64, f64)>>| {
        for r in from..to {
            let rep = run(&costs, policy, &sim, &d, r, &mut scratch, None);
            sums.add(&rep);
            if let Some(k) = keep.as_deref_mut() {
                k.push((rep.fill_rate, rep.total_cost));
            }
        }
    };
    // Stages: n/16, n/8, n/4, n/2, n replications (each at least SCREEN_MIN), or n at once.
    let mut stages: Vec<usize> = Vec::new();
    if settings.screen {
        let mut n = (reps as u32 / SCREEN_SHARE).max(SCREEN_MIN) as usize;
        while n < reps {
            stages.push(n);
            n *= 2;
        }
    }
    stages.push(reps);
    let mut screened = vec![Vec::with_capacity(reps); policies.len()];
    let mut alive: Vec<usize> = (0..policies.len()).collect();
    let mut done = 0;
    for (k, &upto) in stages.iter().enumerate() {
        let last = k + 1 == stages.len();
        for &i in &alive {
            extend(
                &mut sums[i],
                policies[i],
                done,
                upto,
                (!last).then_some(&mut screened[i]),
            );
        }
        done = upto;
        if !last {
            alive = survivors(&screened, &alive, settings.target_fill_rate);
        }
    }
    let full = alive;
    let candidates: Vec<Candidate> = sums
        .iter()
        .zip(&policies)
        .map(|(s, &p)| s.candidate(p))
        .collect();
    let current = sku.current_policy.map(|p| {
        let mut s = Sums::default();
        extend(&mut s, p, 0, reps, None);
        s.candidate(p)
    });
    let finalists = || full.iter().filter_map(|&i| candidates.get(i));
    let feasible = finalists()
        .filter(|c| c.fill_rate >= settings.target_fill_rate)
        .min_by(|a, b| a.total_cost.total_cmp(&b.total_cost));
    let (best, meets_target) = match feasible {
        Some(c) => (Some(c.clone()), true),
        None => (
            finalists()
                .max_by(|a, b| {
                    a.fill_rate
                        .total_cmp(&b.fill_rate)
                        .then(b.total_cost.total_cmp(&a.total_cost))
                })
                .cloned(),
            false,
        ),
    };
    SkuPolicy {
        sku: sku.sku.clone(),
        best,
        meets_target,
        candidates,
        current,
    }
}

/// One SKU of the catalogue table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogueRow {
    /// SKU.
    pub sku: String,
    /// Name, or empty.
    pub name: String,
    /// Name in Chinese (see [`SkuDemand::name_zh`]).
    pub name_zh: String,
    /// ABC class.
    pub abc: Option<Abc>,
    /// XYZ class.
    pub xyz: Option<Xyz>,
    /// Mean daily demand.
    pub mean_daily: f64,
    /// Standard deviation of daily demand.
    pub sd_daily: f64,
    /// Units on hand now.
    pub on_hand: f64,
    /// Unit cost.
    pub unit_cost: f64,
    /// Mean lead time (days).
    pub lead_time_days: f64,
    /// The cheapest policy found; `None` without demand.
    pub policy: Option<Policy>,
    /// Whether it reaches the target fill rate.
    pub meets_target: bool,
    /// Its simulated mean fill rate (1 without demand).
    pub fill_rate: f64,
    /// Its simulated mean cycle service level.
    pub cycle_service_level: f64,
    /// Its mean annual cost (holding + ordering + shortage).
    pub annual_cost: f64,
    /// Cash tied up in stock under it: mean average on-hand × unit cost.
    pub cash_tied_up: f64,
    /// Whether the inventory table gives its stock on hand. Without a row (a file of orders
    /// with no stock list beside it) the simulation starts from 0, but the SKU is neither at
    /// risk nor overstocked: its stock is unknown, not nil.
    pub stock_known: bool,
    /// Days of cover from current on-hand: on-hand / mean daily demand; `None` without demand
    /// or without a stock count.
    pub days_of_cover: Option<f64>,
    /// Current on-hand runs out within the lead time (cover < lead time, or nothing on hand
    /// with demand): an order placed today would arrive too late. Only for a known stock.
    pub stock_out_risk: bool,
    /// More than the overstock threshold of cover (or stock without any demand). Only for a
    /// known stock.
    pub overstock: bool,
    /// Every grid point's simulated outcome, in grid order (for the frontier chart).
    pub outcomes: Vec<Outcome>,
    /// The current policy (from the inventory table) and its outcome, if the table gives one.
    pub current: Option<(Policy, Outcome)>,
}

/// A policy's simulated means, as the catalogue keeps them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Mean fill rate.
    pub fill_rate: f64,
    /// Mean annual cost.
    pub annual_cost: f64,
    /// Mean average on-hand × unit cost.
    pub cash_tied_up: f64,
}

impl Outcome {
    fn of(c: &Candidate, unit_cost: f64) -> Self {
        Self {
            fill_rate: c.fill_rate,
            annual_cost: c.total_cost,
            cash_tied_up: c.avg_on_hand * unit_cost,
        }
    }
}

/// One point of the catalogue's cash-versus-service frontier.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrontierPoint {
    /// The target fill rate every SKU's policy was chosen for.
    pub target: f64,
    /// The demand-weighted mean fill rate reached.
    pub fill_rate: f64,
    /// Σ cash tied up.
    pub cash_tied_up: f64,
    /// Σ annual cost.
    pub annual_cost: f64,
}

/// Target fill rates of the frontier chart.
pub const FRONTIER_TARGETS: [f64; 12] = [
    0.70, 0.80, 0.85, 0.90, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 0.995,
];

/// The demand-weighted fill rate, Σ cash and Σ cost of `rows` when each row's outcome is
/// `pick(row)` (a row without demand: fill rate 1, no cash, no cost). `None` when a row with
/// demand has no outcome picked.
fn totals(
    rows: &[&CatalogueRow],
    pick: impl Fn(&CatalogueRow) -> Option<Outcome>,
) -> Option<(f64, f64, f64)> {
    let (mut demand, mut filled, mut cash, mut cost) = (0.0, 0.0, 0.0, 0.0);
    for r in rows {
        if r.outcomes.is_empty() {
            continue;
        }
        let o = pick(r)?;
        demand += r.mean_daily;
        filled += r.mean_daily * o.fill_rate;
        cash += o.cash_tied_up;
        cost += o.annual_cost;
    }
    let fill = if demand > 0.0 { filled / demand } else { 1.0 };
    Some((fill, cash, cost))
}

/// The cash-versus-service exchange curve of `rows` (Silver, Pyke & Thomas, ch. 7, "exchange
/// curves"): for each target of `targets`, every row takes the grid point with the least cash
/// tied up whose mean fill rate reaches it, or its highest fill rate when none does. Reading:
/// the least stock investment that buys each service level. The cost-optimal choice of the
/// search (which also counts ordering and shortage costs) lies on or above it. The screened-out
/// points' means are over the screening replications only.
pub fn frontier(rows: &[&CatalogueRow], targets: &[f64]) -> Vec<FrontierPoint> {
    targets
        .iter()
        .filter_map(|&target| {
            let (fill_rate, cash_tied_up, annual_cost) = totals(rows, |r| {
                let feasible = r
                    .outcomes
                    .iter()
                    .filter(|o| o.fill_rate >= target)
                    .min_by(|a, b| a.cash_tied_up.total_cmp(&b.cash_tied_up));
                feasible
                    .or_else(|| {
                        r.outcomes.iter().max_by(|a, b| {
                            a.fill_rate
                                .total_cmp(&b.fill_rate)
                                .then(b.cash_tied_up.total_cmp(&a.cash_tied_up))
                        })
                    })
                    .copied()
            })?;
            Some(FrontierPoint {
                target,
                fill_rate,
                cash_tied_up,
                annual_cost,
            })
        })
        .collect()
}

/// The current policies' point (demand-weighted fill rate, Σ cash, Σ annual cost) over
/// `rows`, when every row with demand has a current policy; `None` otherwise (a point over
/// part of the catalogue would not be comparable with the frontier).
pub fn current_point(rows: &[&CatalogueRow]) -> Option<(f64, f64, f64)> {
    if !rows.iter().any(|r| r.current.is_some()) {
        return None;
    }
    totals(rows, |r| r.current.map(|(_, o)| o))
}

/// The chosen policies' point (demand-weighted fill rate, Σ cash, Σ annual cost) over `rows`.
pub fn chosen_point(rows: &[&CatalogueRow]) -> (f64, f64, f64) {
    totals(rows, |r| {
        Some(Outcome {
            fill_rate: r.fill_rate,
            annual_cost: r.annual_cost,
            cash_tied_up: r.cash_tied_up,
        })
    })
    .unwrap_or((1.0, 0.0, 0.0))
}

/// The catalogue: a row per SKU, the warnings and the totals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    /// One row per SKU, in the input's order.
    pub rows: Vec<CatalogueRow>,
    /// SKUs that will stock out within their lead time, shortest cover first (ties by SKU).
    pub at_risk: Vec<String>,
    /// SKUs with more than the threshold's days of cover, longest first (no demand first),
    /// ties by SKU.
    pub overstocked: Vec<String>,
    /// Σ cash tied up under the chosen policies.
    pub cash_tied_up: f64,
    /// Demand-weighted mean fill rate of the chosen policies.
    pub fill_rate: f64,
}

/// Days of cover `on_hand / mean`; `None` without demand.
pub fn days_of_cover(on_hand: f64, mean: f64) -> Option<f64> {
    (mean > 0.0 && mean.is_finite()).then(|| on_hand / mean)
}

/// The search over every SKU, with the warnings.
pub fn catalogue(skus: &[SkuDemand], settings: &SearchSettings) -> Catalogue {
    catalogue_with_progress(skus, settings, &mut |_, _| {})
}

/// [`catalogue`], calling `progress(done, total)` after each SKU (the worker forwards it to
/// the page's progress bar).
pub fn catalogue_with_progress(
    skus: &[SkuDemand],
    settings: &SearchSettings,
    progress: &mut dyn FnMut(usize, usize),
) -> Catalogue {
    let total = skus.len();
    let rows: Vec<CatalogueRow> = skus
        .iter()
        .enumerate()
        .map(|(i, sku)| {
            let r = row(sku, &search_sku(sku, settings), settings);
            progress(i + 1, total);
            r
        })
        .collect();
    let mut at_risk: Vec<&CatalogueRow> = rows.iter().filter(|r| r.stock_out_risk).collect();
    at_risk.sort_by(|a, b| {
        a.days_of_cover
            .unwrap_or(f64::INFINITY)
            .total_cmp(&b.days_of_cover.unwrap_or(f64::INFINITY))
            .then_with(|| a.sku.cmp(&b.sku))
    });
    let mut overstocked: Vec<&CatalogueRow> = rows.iter().filter(|r| r.overstock).collect();
    overstocked.sort_by(|a, b| {
        b.days_of_cover
            .unwrap_or(f64::INFINITY)
            .total_cmp(&a.days_of_cover.unwrap_or(f64::INFINITY))
            .then_with(|| a.sku.cmp(&b.sku))
    });
    let demand: f64 = rows.iter().map(|r| r.mean_daily).sum();
    Catalogue {
        at_risk: at_risk.iter().map(|r| r.sku.clone()).collect(),
        overstocked: overstocked.iter().map(|r| r.sku.clone()).collect(),
        cash_tied_up: rows.iter().map(|r| r.cash_tied_up).sum(),
        fill_rate: if demand > 0.0 {
            rows.iter().map(|r| r.fill_rate * r.mean_daily).sum::<f64>() / demand
        } else {
            1.0
        },
        rows,
    }
}

/// A catalogue row from a SKU and its search result.
pub fn row(sku: &SkuDemand, found: &SkuPolicy, settings: &SearchSettings) -> CatalogueRow {
    let stock_known = !sku.assumed.on_hand;
    let cover = days_of_cover(sku.on_hand, sku.mean).filter(|_| stock_known);
    let best = found.best.as_ref();
    CatalogueRow {
        sku: sku.sku.clone(),
        name: sku.name.clone(),
        name_zh: sku.name_zh.clone(),
        abc: sku.abc,
        xyz: sku.xyz,
        mean_daily: sku.mean,
        sd_daily: sku.sd,
        on_hand: sku.on_hand,
        unit_cost: sku.unit_cost,
        lead_time_days: sku.lead_time_days,
        policy: best.map(|c| c.policy),
        meets_target: found.meets_target,
        fill_rate: best.map_or(1.0, |c| c.fill_rate),
        cycle_service_level: best.map_or(1.0, |c| c.cycle_service_level),
        annual_cost: best.map_or(0.0, |c| c.total_cost),
        cash_tied_up: best.map_or(0.0, |c| c.avg_on_hand * sku.unit_cost),
        stock_known,
        days_of_cover: cover,
        stock_out_risk: cover.is_some_and(|c| c < sku.lead_time_days || sku.on_hand <= 0.0),
        overstock: stock_known
            && match cover {
                Some(c) => c > settings.overstock_days,
                None => sku.on_hand > 0.0,
            },
        outcomes: found
            .candidates
            .iter()
            .map(|c| Outcome::of(c, sku.unit_cost))
            .collect(),
        current: found
            .current
            .as_ref()
            .map(|c| (c.policy, Outcome::of(c, sku.unit_cost))),
    }
}
