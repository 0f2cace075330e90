//! Price elasticity of demand per SKU and per category, from the orders' own prices and units.
//!
//! **Data.** One pass over the order lines sums, per SKU id and Monday-to-Sunday week, the
//! revenue and units of the valid lines (domain.md: not cancelled, quantity and unit price
//! above 0); the weekly average price is revenue / units. Other lines are excluded and counted by
//! reason ([`Excluded`]). Distinct prices are counted on the lines' unit prices rounded to the
//! cent. A series runs from the first to the last week with sales.
//!
//! **Weeks without sales.** ln 0 is undefined, and least squares on ln q over the weeks with
//! sales only is biased toward 0 for slow sellers (the log of small counts, and the missing
//! zeros): on the demo store it put Electronics (ε ≈ −2.5) at −1.5. So the model is fitted by
//! Poisson pseudo-maximum likelihood (PPML), which keeps the zeros: E[q] = exp(a + ε·ln p + …),
//! the same constant-elasticity log-log model (Santos Silva & Tenreyro, "The Log of Gravity",
//! *Review of Economics and Statistics* 88(4), 2006). A week without sales has no price of its
//! own; it takes the price of the week with sales before or after its gap — the one the product
//! sold at more often within 8 weeks (its regular price rather than a temporary discount),
//! else the nearer. The scatter shows the weeks with sales only.
//!
//! **Controls.**
//! - With five or more SKUs that sold in at least `min_weeks` weeks, the store's **week
//!   effects** γ_t, shared by every SKU: E[q_it] = exp(a_i + γ_t + ε_i·ln p_it), two-way fixed
//!   effects (Wooldridge, *Econometric Analysis of Cross Section and Panel Data*, 2nd ed.,
//!   ch. 10 and 18). γ absorbs trend, seasonality, marketing and calendar events of the whole
//!   shop — which a smooth trend and Fourier terms cannot: a Singles' Day week lifts demand two-
//!   to sixfold in the very weeks prices are cut. Fitted by block coordinate ascent of the
//!   Poisson likelihood: a Newton step for each SKU's (a_i, ε_i), then γ_t in closed form,
//!   Σγ = 0; at most 6 rounds, or until no γ_t moves by 1e-4; then Newton's method on γ
//!   with each SKU's (a_i, ε_i) at its optimum given γ, through the weeks' Schur complement,
//!   until no γ_t moves by 1e-3 (see `joint_newton`: the rounds alone converge slowly, and
//!   left a big seller's ε 0.2 off; on exact data the ε come back
//!   to within 0.01 — `tests/pricing_elasticity.rs`). Then each SKU's (a, ε) by PPML with γ as
//!   an offset, Newton with step halving.
//! - Otherwise each series gets its own controls: a linear trend and two yearly Fourier pairs
//!   (cos/sin 2πk·t/52.18) when it spans a year and sold in 16 weeks or more, a trend alone from
//!   10 weeks with sales, none below.
//! - Per category (the catalogue's English name): with week effects, one ε for the category
//!   with each SKU's own intercept (a uniform relative price change of the category — what a
//!   category-wide what-if means; a category's average price would mix its SKUs' price levels
//!   into the estimate), the intercepts concentrated out; otherwise the category's own weekly
//!   series (average price, units) with the controls above.
//!
//! **Uncertainty.** A heteroskedasticity-robust (sandwich) standard error, A⁻¹BA⁻¹ with
//! A = Σ μ·zzᵀ and B = Σ (q − μ)²·zzᵀ, times n/(n − k) — units vary more than Poisson (several
//! units per line, demand shocks); a 95 % interval ε ± t_{0.975, n−k}·SE (Student t,
//! [`super::stats::student_t_quantile`]); γ is taken as known (with many SKUs it is estimated far
//! more precisely than any one ε). R² is the squared correlation of units and fitted means.
//!
//! **Verdict** ([`Verdict`]), the first that applies: no sales; fewer than `min_weeks` weeks
//! with sales; prices barely varied (fewer than 3 distinct prices, or a standard deviation of the
//! weekly ln price below 0.02, i.e. about 2 %); uncertain when there is no estimate (sales that
//! separate perfectly by price have no finite PPML estimate, Santos Silva & Tenreyro 2010);
//! volume pricing when more than half of the variance of the lines' ln price lies within weeks
//! and, within weeks, larger orders paid less (correlation of ln price and ln quantity at most
//! −0.2 and significant: quantity tiers or wholesale buyers, which make the weekly average
//! price follow who bought rather than what the price was, see [`Verdict::VolumePricing`]); an
//! implausible sign when the interval lies above 0 (prices probably followed demand, the classic
//! endogeneity bias); uncertain when the interval reaches 0 or is wider than ±`max_half_width`
//! (0.5); else Ok.
//!
//! Postage, fees and adjustments ([`crate::engine::report::products::is_charge`]) are not goods
//! with a demand curve: their lines are left out (counted in [`Excluded::charges`]).

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::stats::{solve, student_t_quantile};
use crate::engine::kpi::Period;
use crate::engine::report::products::charge_skus;
use crate::engine::tables::{Dataset, LineStatus, OrderTable};

/// Settings of the estimation, with the defaults the module doc states.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// Only lines placed in this period (all lines when `None`).
    pub period: Option<Period>,
    /// Weeks with sales a series needs for an estimate worth showing (8).
    pub min_weeks: usize,
    /// Distinct prices (to the cent) a series needs (3).
    pub min_distinct_prices: usize,
    /// Standard deviation of the weekly ln price below which prices "barely varied" (0.02).
    pub min_log_price_sd: f64,
    /// Half-width of the 95 % interval above which an estimate is too uncertain (0.5).
    pub max_half_width: f64,
    /// Weeks at the end of the data that define the current price and weekly units (8).
    pub current_weeks: usize,
    /// Share of the lines' ln-price variance that lies within weeks from which prices count as
    /// set by the order, not by the week (0.5; see [`Verdict::VolumePricing`]).
    pub max_within_week_share: f64,
    /// Correlation of ln price and ln quantity within weeks at or below which larger orders
    /// paid less (−0.2; see [`Verdict::VolumePricing`]).
    pub volume_correlation: f64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            period: None,
            min_weeks: 8,
            min_distinct_prices: 3,
            min_log_price_sd: 0.02,
            max_half_width: 0.5,
            current_weeks: 8,
            max_within_week_share: 0.5,
            volume_correlation: -0.2,
        }
    }
}

/// Five SKUs with enough weeks are needed to estimate the store's week effects.
const MIN_PANEL_SKUS: usize = 5;
/// Beyond this many weeks (about 11 years) each series gets its own controls.
const MAX_PANEL_WEEKS: usize = 600;
/// Weeks in a year, for the Fourier terms.
const WEEKS_PER_YEAR: f64 = 52.1775;

/// How much to trust an estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Usable.
    Ok,
    /// No valid sales.
    NoSales,
    /// Fewer weeks with sales than `min_weeks`.
    TooFewWeeks,
    /// Fewer than `min_distinct_prices` prices or almost no spread of ln price.
    PricesBarelyVaried,
    /// Prices differed mostly between the orders of the same week, and the larger orders paid
    /// less: quantity tiers, wholesale against retail buyers. The weekly average price then
    /// moves with who bought that week, and a week of large orders has both a low average price
    /// and many units, which reads as strong elasticity where there may be none (UCI Online
    /// Retail: about half its products, among them its 85123A, priced 2.55 for wholesale
    /// quantities and 2.95 otherwise in the same weeks).
    VolumePricing,
    /// ε significantly positive: probably prices that followed demand.
    ImplausibleSign,
    /// The interval reaches 0 or is wider than ±`max_half_width`.
    Uncertain,
}

/// The controls an estimate used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Controls {
    /// The store's week effects (two-way fixed effects).
    WeekEffects,
    /// Linear trend and two yearly Fourier pairs.
    TrendAndSeason,
    /// Linear trend.
    Trend,
    /// None: too few weeks.
    NoControls,
}

/// Lines left out, by reason (each line counted once, in this order).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Excluded {
    /// Cancelled lines.
    pub cancelled: u64,
    /// Quantity ≤ 0 (returns and zero lines).
    pub non_positive_quantity: u64,
    /// Unit price ≤ 0 (free items, adjustments).
    pub non_positive_price: u64,
    /// Lines of SKUs that are postage, fees or adjustments, not goods with a price to set
    /// ([`crate::engine::report::products::is_charge`]; counted first).
    pub charges: u64,
}

/// What an estimate is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    /// One SKU.
    Sku(String),
    /// A category of the catalogue (English name).
    Category(String),
}

impl Target {
    /// The SKU, or the category's English name.
    pub fn key(&self) -> &str {
        match self {
            Target::Sku(s) | Target::Category(s) => s,
        }
    }
}

/// One elasticity estimate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The SKU or category.
    pub target: Target,
    /// ε (NaN when it could not be estimated).
    pub elasticity: f64,
    /// Its standard error.
    pub std_error: f64,
    /// The 95 % interval.
    pub interval: (f64, f64),
    /// Residual degrees of freedom.
    pub df: usize,
    /// R² of the regression.
    pub r_squared: f64,
    /// Intercept of the fitted line in the scatter's coordinates (ln q adjusted = a + ε ln p).
    pub intercept: f64,
    /// Controls used.
    pub controls: Controls,
    /// Weeks with sales (SKU-weeks for a pooled category).
    pub weeks_with_sales: usize,
    /// Weeks without sales between a series' first and last week with sales; in the
    /// regression with units 0 and the last price seen, not in the scatter (ln 0).
    pub weeks_without_sales: usize,
    /// Distinct unit prices, rounded to the cent.
    pub distinct_prices: usize,
    /// Lowest and highest weekly average price.
    pub price_range: (f64, f64),
    /// Standard deviation of the weekly ln price (within SKUs for a pooled category).
    pub log_price_sd: f64,
    /// Average price over the last `current_weeks` weeks of the data (else over all).
    pub current_price: f64,
    /// Units per week over the same weeks.
    pub current_weekly_units: f64,
    /// Valid revenue.
    pub revenue: f64,
    /// Valid units.
    pub units: f64,
    /// Share of the variance of the lines' ln price that lies within weeks (NaN when prices
    /// never varied); see [`Verdict::VolumePricing`].
    pub within_week_price_share: f64,
    /// Correlation of ln price and ln quantity between the lines of the same week (NaN
    /// without variation of both within weeks).
    pub within_week_correlation: f64,
    /// How far to trust it.
    pub verdict: Verdict,
}

/// Every estimate of a dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ElasticityModel {
    /// The Monday of week 0 of `week_effects`.
    pub first_week: NaiveDate,
    /// The store's week effects γ_t (ln units), mean 0; empty when not used.
    pub week_effects: Vec<f64>,
    /// Per SKU with valid sales, largest revenue first (ties by SKU).
    pub skus: Vec<Estimate>,
    /// Per category, largest revenue first.
    pub categories: Vec<Estimate>,
    /// Lines used.
    pub lines_used: u64,
    /// Lines left out.
    pub excluded: Excluded,
    /// The options used.
    pub options: Options,
}

impl ElasticityModel {
    /// The estimate of `target`.
    pub fn get(&self, target: &Target) -> Option<&Estimate> {
        match target {
            Target::Sku(_) => self.skus.iter().find(|e| &e.target == target),
            Target::Category(_) => self.categories.iter().find(|e| &e.target == target),
        }
    }
}

/// One point of the scatter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScatterPoint {
    /// Monday of the week.
    pub week: NaiveDate,
    /// ln average price (for a pooled category: within-SKU deviation + the category's mean).
    pub ln_price: f64,
    /// ln units as sold.
    pub ln_units: f64,
    /// ln units net of the controls (the y of the fitted line).
    pub ln_units_adjusted: f64,
}

/// The scatter of one target with its fitted line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scatter {
    /// One point per week with sales (per SKU-week for a pooled category).
    pub points: Vec<ScatterPoint>,
    /// The fitted line's two ends (ln p, ln q adjusted), over the points' price range.
    pub line: [(f64, f64); 2],
}

/// Week number: weeks since 0001-01-01 (a Monday), so weeks run Monday to Sunday.
fn week_of(day: NaiveDate) -> i32 {
    (day.num_days_from_ce() - 1).div_euclid(7)
}

fn monday_of(week: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(week * 7 + 1).unwrap_or_default()
}

#[derive(Clone, Copy, Debug)]
struct Cell {
    week: i32,
    revenue: f64,
    units: f64,
    /// The lines' ln price and ln quantity, for the volume-pricing check.
    mix: LineMix,
}

/// Sums over order lines of x = ln unit price and y = ln quantity: enough for the variances
/// and covariance of x and y about the lines' own mean (one SKU-week, or a whole series).
#[derive(Clone, Copy, Debug, Default)]
struct LineMix {
    n: f64,
    x: f64,
    y: f64,
    xx: f64,
    yy: f64,
    xy: f64,
}

impl LineMix {
    fn add(&mut self, x: f64, y: f64) {
        self.n += 1.0;
        self.x += x;
        self.y += y;
        self.xx += x * x;
        self.yy += y * y;
        self.xy += x * y;
    }

    fn merge(&mut self, o: &LineMix) {
        self.n += o.n;
        self.x += o.x;
        self.y += o.y;
        self.xx += o.xx;
        self.yy += o.yy;
        self.xy += o.xy;
    }

    /// Sums of squares and cross-products about the mean, (Sxx, Syy, Sxy); rounding can make
    /// a sum of squares a hair below 0, which is 0.
    fn centred(&self) -> (f64, f64, f64) {
        if self.n <= 0.0 {
            return (0.0, 0.0, 0.0);
        }
        (
            (self.xx - self.x * self.x / self.n).max(0.0),
            (self.yy - self.y * self.y / self.n).max(0.0),
            self.xy - self.x * self.y / self.n,
        )
    }
}

/// ln q for a line's quantity: from a table for the small whole numbers most lines have
/// (a logarithm per line cost more than the rest of the pass).
struct LnQuantity([f64; 257]);

impl LnQuantity {
    fn new() -> Self {
        let mut t = [0.0; 257];
        for (k, v) in t.iter_mut().enumerate().skip(1) {
            *v = libm::log(k as f64);
        }
        Self(t)
    }

    fn of(&self, q: f64) -> f64 {
        if q.fract() == 0.0 && (1.0..=256.0).contains(&q) {
            self.0[q as usize]
        } else {
            libm::log(q)
        }
    }
}

/// The sums of one pass.
struct Collected {
    /// Weekly cells by SKU id, sorted by week.
    cells: Vec<Vec<Cell>>,
    /// Distinct prices in cents by SKU id, sorted.
    cents: Vec<Vec<i64>>,
    first_week: i32,
    last_week: i32,
    lines_used: u64,
    excluded: Excluded,
}

/// One pass over the lines (of `period`, if any), for the SKU ids `keep` allows. The lines of
/// the others count as `charges` in [`Excluded`]: in [`elasticities`], `keep` is the goods, so
/// that count is the charges' lines; in [`scatter`] it is every SKU but the target's, and the
/// count is not used.
fn collect(orders: &OrderTable, period: Option<Period>, keep: Option<&[bool]>) -> Collected {
    let n = orders.skus.len();
    let mut cells: Vec<Vec<Cell>> = vec![Vec::new(); n];
    let mut cents: Vec<Vec<i64>> = vec![Vec::new(); n];
    let mut last_cent = vec![i64::MIN; n];
    // ln of each SKU's last unit price: lines of a SKU mostly repeat the price before.
    let mut last_ln_price = vec![(f64::NAN, 0.0); n];
    let ln_quantity = LnQuantity::new();
    let mut excluded = Excluded::default();
    let (mut first_week, mut last_week) = (i32::MAX, i32::MIN);
    let mut lines_used = 0u64;
    let mut unsorted = false;
    // Lines come mostly by date: the week of the previous line's day is reused.
    let (mut last_day, mut week) = (NaiveDate::MIN, week_of(NaiveDate::MIN));
    let mut visit = |line: crate::engine::tables::LineRef| {
        let s = line.sku as usize;
        if keep.is_some_and(|k| !k.get(s).copied().unwrap_or(false)) {
            excluded.charges += 1;
            return;
        }
        if !line.is_valid() {
            if line.status == LineStatus::Cancelled {
                excluded.cancelled += 1;
            } else if line.quantity.is_nan() || line.quantity <= 0.0 {
                excluded.non_positive_quantity += 1;
            } else {
                excluded.non_positive_price += 1;
            }
            return;
        }
        let (Some(v), Some(c), Some(last), Some(ln_price)) = (
            cells.get_mut(s),
            cents.get_mut(s),
            last_cent.get_mut(s),
            last_ln_price.get_mut(s),
        ) else {
            return;
        };
        lines_used += 1;
        let day = line.placed_at.date();
        if day != last_day {
            last_day = day;
            week = week_of(day);
        }
        first_week = first_week.min(week);
        last_week = last_week.max(week);
        let value = line.value();
        if ln_price.0 != line.unit_price {
            *ln_price = (line.unit_price, libm::log(line.unit_price));
        }
        let (x, y) = (ln_price.1, ln_quantity.of(line.quantity));
        match v.last_mut() {
            Some(cell) if cell.week == week => {
                cell.revenue += value;
                cell.units += line.quantity;
                cell.mix.add(x, y);
            }
            other => {
                if other.is_some_and(|c| c.week > week) {
                    unsorted = true;
                }
                let mut mix = LineMix::default();
                mix.add(x, y);
                v.push(Cell {
                    week,
                    revenue: value,
                    units: line.quantity,
                    mix,
                });
            }
        }
        // Rounding is exact IEEE arithmetic, not a transcendental function: `f64::round` is
        // the same on every platform.
        let cent = (line.unit_price * 100.0).round() as i64;
        if cent != *last {
            *last = cent;
            if let Err(at) = c.binary_search(&cent) {
                c.insert(at, cent);
            }
        }
    };
    match period {
        Some(p) => orders.iter_period(p).for_each(&mut visit),
        None => orders.iter().for_each(&mut visit),
    }
    if unsorted {
        for v in &mut cells {
            if v.windows(2).any(|w| w[0].week >= w[1].week) {
                v.sort_by_key(|c| c.week);
                let mut merged: Vec<Cell> = Vec::with_capacity(v.len());
                for c in v.iter() {
                    match merged.last_mut() {
                        Some(m) if m.week == c.week => {
                            m.revenue += c.revenue;
                            m.units += c.units;
                            m.mix.merge(&c.mix);
                        }
                        _ => merged.push(*c),
                    }
                }
                *v = merged;
            }
        }
    }
    Collected {
        cells,
        cents,
        first_week,
        last_week,
        lines_used,
        excluded,
    }
}

/// A weekly series: every week from the first to the last week with sales, ln price and units
/// (0 allowed). A week without sales has no price of its own; it takes the price of the week
/// with sales before or after its gap — the one the product sold at more often within
/// `GAP_WINDOW` weeks (its regular price rather than a temporary discount), else the nearer.
struct Series {
    weeks: Vec<i32>,
    x: Vec<f64>,
    q: Vec<f64>,
}

impl Series {
    fn of(cells: &[Cell]) -> Self {
        let sold: Vec<&Cell> = cells
            .iter()
            .filter(|c| c.units > 0.0 && c.revenue > 0.0)
            .collect();
        let (Some(first), Some(last)) = (sold.first(), sold.last()) else {
            return Series {
                weeks: Vec::new(),
                x: Vec::new(),
                q: Vec::new(),
            };
        };
        let span = (last.week - first.week + 1) as usize;
        let mut s = Series {
            weeks: Vec::with_capacity(span),
            x: Vec::with_capacity(span),
            q: Vec::with_capacity(span),
        };
        let cents = |c: &Cell| libm::round(c.revenue / c.units * 100.0) as i64;
        for (k, pair) in sold.windows(2).enumerate() {
            let (a, b) = (pair[0], pair[1]);
            s.weeks.push(a.week);
            s.x.push(libm::log(a.revenue / a.units));
            s.q.push(a.units);
            if b.week == a.week + 1 {
                continue;
            }
            // Weeks without sales in between take the neighbouring price (before or after
            // the gap) that the product sold at more often within GAP_WINDOW weeks of the
            // gap: its regular price, not a temporary discount; ties go to the nearer side.
            let (pa, pb) = (cents(a), cents(b));
            let (from, to) = (a.week - GAP_WINDOW, b.week + GAP_WINDOW);
            let count = |p: i64| {
                sold[k.saturating_sub(GAP_WINDOW as usize)..]
                    .iter()
                    .skip_while(|c| c.week < from)
                    .take_while(|c| c.week <= to)
                    .filter(|c| cents(c) == p)
                    .count()
            };
            let (na, nb) = if pa == pb {
                (1, 1)
            } else {
                (count(pa), count(pb))
            };
            for week in a.week + 1..b.week {
                let use_a = na > nb || (na == nb && week - a.week <= b.week - week);
                let c = if use_a { a } else { b };
                s.weeks.push(week);
                s.x.push(libm::log(c.revenue / c.units));
                s.q.push(0.0);
            }
        }
        s.weeks.push(last.week);
        s.x.push(libm::log(last.revenue / last.units));
        s.q.push(last.units);
        s
    }

    fn with_sales(&self) -> usize {
        self.q.iter().filter(|q| **q > 0.0).count()
    }
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// Standard deviation of ln price over the weeks with sales.
fn sd_sold(s: &Series) -> f64 {
    let xs: Vec<f64> =
        s.x.iter()
            .zip(&s.q)
            .filter(|(_, q)| **q > 0.0)
            .map(|(x, _)| *x)
            .collect();
    if xs.len() < 2 {
        return 0.0;
    }
    let m = mean(&xs);
    libm::sqrt(xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (xs.len() - 1) as f64)
}

/// γ of a week, 0 outside the effects.
fn gamma_at(gamma: Option<&[f64]>, first_week: i32, week: i32) -> f64 {
    gamma
        .and_then(|g| {
            usize::try_from(week - first_week)
                .ok()
                .and_then(|i| g.get(i))
        })
        .copied()
        .unwrap_or(0.0)
}

/// exp, capped so that a wild iterate cannot overflow. Computed as 2^(v·log₂e) with libm's
/// table-driven `exp2`, which is 1.6× faster than its `exp` (rational approximation with a
/// division) natively and on WebAssembly alike; the rounding of v·log₂e costs a relative error
/// of about |v|·1.1e-16 (under 2e-15 for the |v| ≤ 20 the fits see), far below what the
/// Newton steps resolve (1e-7). Exponentials are most of the time of the PPML fits.
fn exp(v: f64) -> f64 {
    libm::exp2(v.clamp(-700.0, 700.0) * std::f64::consts::LOG2_E)
}

/// A fitted slope and what the scatter needs.
struct SlopeFit {
    elasticity: f64,
    std_error: f64,
    df: usize,
    r_squared: f64,
    /// The line in the scatter's coordinates: ln q adjusted = intercept + ε ln p.
    intercept: f64,
    controls: Controls,
    /// ln q net of the controls, per week with sales, in the series' order.
    adjusted: Vec<f64>,
}

/// Squared correlation of units and fitted means (the R² Santos Silva & Tenreyro report).
fn r2(q: &[f64], mu: &[f64]) -> f64 {
    let (mq, mm) = (mean(q), mean(mu));
    let (mut sqm, mut sqq, mut smm) = (0.0, 0.0, 0.0);
    for (a, b) in q.iter().zip(mu) {
        sqm += (a - mq) * (b - mm);
        sqq += (a - mq) * (a - mq);
        smm += (b - mm) * (b - mm);
    }
    if sqq > 0.0 && smm > 0.0 {
        sqm * sqm / (sqq * smm)
    } else {
        0.0
    }
}

/// The Poisson log-likelihood's gradient and negative Hessian in (a, ε), summed over the
/// observations: g = Σ (q − μ)·(1, x), H = Σ μ·(1, x)(1, x)ᵀ. Both Newton iterations (each
/// series' own fit, [`ppml2`], and the week effects' rounds, [`newton_round`]) sum them.
#[derive(Clone, Copy, Default)]
struct NewtonSums {
    g0: f64,
    g1: f64,
    h00: f64,
    h01: f64,
    h11: f64,
}

impl NewtonSums {
    /// Adds one observation: x = ln price, q = units, μ = its fitted mean.
    fn add(&mut self, x: f64, q: f64, mu: f64) {
        self.g0 += q - mu;
        self.g1 += (q - mu) * x;
        self.h00 += mu;
        self.h01 += mu * x;
        self.h11 += mu * x * x;
    }

    /// det H.
    fn det(&self) -> f64 {
        self.h00 * self.h11 - self.h01 * self.h01
    }

    /// Newton's step H⁻¹g, given `det` = det H ≠ 0.
    fn step(&self, det: f64) -> (f64, f64) {
        (
            (self.h11 * self.g0 - self.h01 * self.g1) / det,
            (self.h00 * self.g1 - self.h01 * self.g0) / det,
        )
    }
}

/// Poisson pseudo-maximum likelihood of q on [1, x] with the offset `off` (Newton's method:
/// the Poisson log-likelihood is concave). Returns (a, ε), or `None` when x does not vary or
/// the SKU never sold.
fn ppml2(x: &[f64], q: &[f64], off: &[f64], start: (f64, f64)) -> Option<(f64, f64)> {
    let (mut a, mut b) = start;
    let ll = |a: f64, b: f64| -> f64 {
        x.iter()
            .zip(q)
            .zip(off)
            .map(|((x, q), o)| {
                let eta = a + b * x + o;
                q * eta - exp(eta)
            })
            .sum()
    };
    for _ in 0..25 {
        let mut sums = NewtonSums::default();
        for ((x, q), o) in x.iter().zip(q).zip(off) {
            sums.add(*x, *q, exp(a + b * x + o));
        }
        let det = sums.det();
        if det.is_nan() || det <= 1e-12 * sums.h00 * sums.h11 {
            return None;
        }
        let (mut da, mut db) = sums.step(det);
        // Step halving keeps the (concave) log-likelihood from falling; small steps near the
        // optimum are Newton's own.
        let big = da.abs() > 0.25 || db.abs() > 0.05;
        let before = if big { ll(a, b) } else { 0.0 };
        for _ in 0..if big { 10 } else { 0 } {
            if ll(a + da, b + db) >= before - 1e-12 * before.abs() {
                break;
            }
            da *= 0.5;
            db *= 0.5;
        }
        a += da;
        b += db;
        if b.abs() > MAX_ELASTICITY {
            // No finite estimate: sales separate perfectly by price.
            return None;
        }
        if da.abs() < 1e-7 && db.abs() < 1e-7 {
            break;
        }
    }
    (a.is_finite() && b.is_finite()).then_some((a, b))
}

/// The fit of one series with the offset `off` (week effects): (a, ε) by PPML, a sandwich
/// (heteroskedasticity-robust) standard error, which allows for more spread than Poisson
/// (several units per line, demand shocks).
fn fit_with_offset(s: &Series, off: &[f64], start: (f64, f64)) -> Option<SlopeFit> {
    let n = s.x.len();
    if n < 3 || s.with_sales() < 2 {
        return None;
    }
    let (a, b) = ppml2(&s.x, &s.q, off, start)?;
    let mu: Vec<f64> =
        s.x.iter()
            .zip(off)
            .map(|(x, o)| exp(a + b * x + o))
            .collect();
    // A = Σ μ z zᵀ, B = Σ (q − μ)² z zᵀ with z = (1, x); V = A⁻¹ B A⁻¹, entry (ε, ε).
    let (mut a00, mut a01, mut a11, mut b00, mut b01, mut b11) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for ((x, q), m) in s.x.iter().zip(&s.q).zip(&mu) {
        let e2 = (q - m) * (q - m);
        a00 += m;
        a01 += m * x;
        a11 += m * x * x;
        b00 += e2;
        b01 += e2 * x;
        b11 += e2 * x * x;
    }
    let det = a00 * a11 - a01 * a01;
    // Row ε of A⁻¹: (−a01, a00)/det.
    let (r0, r1) = (-a01 / det, a00 / det);
    let var = (r0 * r0 * b00 + 2.0 * r0 * r1 * b01 + r1 * r1 * b11) * n as f64 / (n - 2) as f64;
    let adjusted =
        s.q.iter()
            .zip(off)
            .filter(|(q, _)| **q > 0.0)
            .map(|(q, o)| libm::log(*q) - o)
            .collect();
    Some(SlopeFit {
        elasticity: b,
        std_error: libm::sqrt(var.max(0.0)),
        df: n - 2,
        r_squared: r2(&s.q, &mu),
        intercept: a,
        controls: Controls::WeekEffects,
        adjusted,
    })
}

/// PPML with k regressors by Newton's method (the design row-major, n × k).
fn ppml(design: &[f64], q: &[f64], k: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let n = q.len();
    let mean_q = mean(q);
    if mean_q <= 0.0 || n <= k {
        return None;
    }
    let mut beta = vec![0.0; k];
    beta[0] = libm::log(mean_q);
    let mut mu = vec![0.0; n];
    for _ in 0..60 {
        let mut h = vec![0.0; k * k];
        let mut g = vec![0.0; k];
        for (i, row) in design.chunks_exact(k).enumerate() {
            let m = exp(row.iter().zip(&beta).map(|(a, b)| a * b).sum());
            mu[i] = m;
            for r in 0..k {
                g[r] += (q[i] - m) * row[r];
                for c in 0..k {
                    h[r * k + c] += m * row[r] * row[c];
                }
            }
        }
        let step = solve(h, g)?;
        let mut biggest: f64 = 0.0;
        for (b, d) in beta.iter_mut().zip(&step) {
            *b += d.clamp(-2.0, 2.0);
            biggest = biggest.max(d.abs());
        }
        if biggest < 1e-10 {
            break;
        }
    }
    for (i, row) in design.chunks_exact(k).enumerate() {
        mu[i] = exp(row.iter().zip(&beta).map(|(a, b)| a * b).sum());
    }
    beta.iter().all(|b| b.is_finite()).then_some((beta, mu))
}

/// A series with its own controls (no week effects): trend and yearly Fourier terms as the
/// module doc says, falling back to fewer controls when the design is singular.
fn own_controls(s: &Series) -> Option<SlopeFit> {
    let n = s.x.len();
    if n < 3 || s.with_sales() < 2 {
        return None;
    }
    let first = s.weeks.first().copied()?;
    let span = n;
    let mut choices = Vec::new();
    if span >= 52 && s.with_sales() >= 16 {
        choices.push(Controls::TrendAndSeason);
    }
    if s.with_sales() >= 10 {
        choices.push(Controls::Trend);
    }
    choices.push(Controls::NoControls);
    for controls in choices {
        let extra: Vec<Vec<f64>> = s
            .weeks
            .iter()
            .map(|&w| {
                let mut v = Vec::new();
                if controls != Controls::NoControls {
                    v.push(f64::from(w - first) / 52.0);
                }
                if controls == Controls::TrendAndSeason {
                    for k in 1..=2 {
                        let a = 2.0 * std::f64::consts::PI * f64::from(k) * f64::from(w)
                            / WEEKS_PER_YEAR;
                        v.push(libm::cos(a));
                        v.push(libm::sin(a));
                    }
                }
                v
            })
            .collect();
        let k = 2 + extra.first().map_or(0, Vec::len);
        if n <= k {
            continue;
        }
        let mut design = Vec::with_capacity(n * k);
        for (x, e) in s.x.iter().zip(&extra) {
            design.push(1.0);
            design.push(*x);
            design.extend_from_slice(e);
        }
        let Some((beta, mu)) = ppml(&design, &s.q, k) else {
            continue;
        };
        // Sandwich variance: A⁻¹ B A⁻¹, entry (1, 1).
        let mut a = vec![0.0; k * k];
        let mut b = vec![0.0; k * k];
        for (i, row) in design.chunks_exact(k).enumerate() {
            let e2 = (s.q[i] - mu[i]) * (s.q[i] - mu[i]);
            for r in 0..k {
                for c in 0..k {
                    a[r * k + c] += mu[i] * row[r] * row[c];
                    b[r * k + c] += e2 * row[r] * row[c];
                }
            }
        }
        let mut unit = vec![0.0; k];
        unit[1] = 1.0;
        let Some(a_inv_col) = solve(a, unit) else {
            continue;
        };
        let mut var = 0.0;
        for r in 0..k {
            for c in 0..k {
                var += a_inv_col[r] * b[r * k + c] * a_inv_col[c];
            }
        }
        var *= n as f64 / (n - k) as f64;
        let means: Vec<f64> = (0..k - 2)
            .map(|j| extra.iter().map(|e| e[j]).sum::<f64>() / n as f64)
            .collect();
        let adjusted =
            s.q.iter()
                .zip(&extra)
                .filter(|(q, _)| **q > 0.0)
                .map(|(q, e)| {
                    libm::log(*q)
                        - e.iter()
                            .zip(&means)
                            .zip(&beta[2..])
                            .map(|((v, m), b)| (v - m) * b)
                            .sum::<f64>()
                })
                .collect();
        let intercept = beta[0]
            + means
                .iter()
                .zip(&beta[2..])
                .map(|(m, b)| m * b)
                .sum::<f64>();
        return Some(SlopeFit {
            elasticity: beta[1],
            std_error: libm::sqrt(var.max(0.0)),
            df: n - k,
            r_squared: r2(&s.q, &mu),
            intercept,
            controls,
            adjusted,
        });
    }
    None
}

/// Week effects γ_t and each panel SKU's (a_i, ε_i).
type Panel = (Vec<f64>, Vec<(f64, f64)>);

/// The store's week effects γ (see the module doc), with each panel SKU's (a, ε), or `None`
/// when they cannot be estimated. Block coordinate ascent of the Poisson likelihood: a Newton
/// step for each SKU's (a, ε) given γ, then γ_t = ln(Σ_i q_it / Σ_i exp(a_i + ε_i x_it)) in
/// closed form, until no γ_t moves by `TOLERANCE` (at most `WARM_ROUNDS` rounds), then
/// [`joint_newton`] to convergence.
fn week_effects(series: &[&Series], first_week: i32, weeks: usize) -> Option<Panel> {
    if series.len() < MIN_PANEL_SKUS || weeks == 0 || weeks > MAX_PANEL_WEEKS {
        return None;
    }
    let mut gamma = vec![0.0; weeks];
    let mut params: Vec<(f64, f64)> = series
        .iter()
        .map(|s| (libm::log(mean(&s.q).max(1e-9)), 0.0))
        .collect();
    let index: Vec<Vec<usize>> = series
        .iter()
        .map(|s| {
            s.weeks
                .iter()
                .map(|w| usize::try_from(w - first_week).unwrap_or(0).min(weeks - 1))
                .collect()
        })
        .collect();
    let (mut num, mut den) = (vec![0.0; weeks], vec![0.0; weeks]);
    // exp(a_i + ε_i x_it) per observation, from the previous round's update of γ (the one
    // exponential per observation and round: μ_it = that × exp(γ_t) × exp(shift), where the
    // shift re-centres γ). `None` before the first round.
    let mut level: Vec<Vec<f64>> = series.iter().map(|s| vec![0.0; s.x.len()]).collect();
    let mut have_level = false;
    let mut shift = 0.0;
    let mut exp_gamma = vec![1.0; weeks];
    for _ in 0..WARM_ROUNDS {
        let mut moved: f64 = 0.0;
        num.iter_mut().for_each(|v| *v = 0.0);
        den.iter_mut().for_each(|v| *v = 0.0);
        for (t, e) in exp_gamma.iter_mut().enumerate() {
            *e = exp(gamma[t]);
        }
        let exp_shift = exp(shift);
        for (((s, idx), p), level) in series
            .iter()
            .zip(&index)
            .zip(params.iter_mut())
            .zip(level.iter_mut())
        {
            newton_round(
                s,
                idx,
                p,
                level,
                Round {
                    have_level,
                    exp_shift,
                    exp_gamma: &exp_gamma,
                    gamma: &gamma,
                },
                (&mut num, &mut den),
            );
        }
        have_level = true;
        for t in 0..weeks {
            if den[t] > 0.0 && num[t] > 0.0 {
                let g = libm::log(num[t] / den[t]);
                moved = moved.max((g - gamma[t]).abs());
                gamma[t] = g;
            } else if den[t] > 0.0 {
                // No panel SKU sold that week (a shop closed over Christmas): demand ≈ 0.
                gamma[t] = NO_DEMAND;
            } else {
                gamma[t] = 0.0;
            }
        }
        shift = centre(&mut gamma, &mut params, |t| den[t] > 0.0 && num[t] > 0.0);
        if moved < TOLERANCE {
            break;
        }
    }
    joint_newton(series, &index, &mut gamma, &mut params);
    gamma
        .iter()
        .all(|g| g.is_finite())
        .then_some((gamma, params))
}

/// Newton's method on the week effects γ, each SKU's (a_i, ε_i) kept at its optimum given γ
/// (the profile likelihood), from the coordinate rounds' point until γ settles.
///
/// Why: block coordinate ascent converges only linearly, and slowly when a SKU's prices move
/// with its own volume over the weeks: every round γ_t takes up part of a big seller's price
/// response and its ε gives back a little. With three hero products in a price test (a quarter
/// of the demo store's lines), 12 rounds left their ε 0.2 off (3 standard errors) and the
/// other SKUs' intervals covered their planted ε for 86 of 120; 300 rounds still had not met a
/// 1e-4 tolerance.
///
/// The Poisson log-likelihood ℓ = Σ q·η − e^η, η_it = a_i + ε_i·x_it + γ_t, is concave, and
/// its negative Hessian has the arrow shape of two-way fixed effects: a 2 × 2 block A_i per
/// SKU, a diagonal D over the weeks (D_t = Σ_i μ_it) and a coupling C_i (column t: μ_it·(1,
/// x_it)). Eliminating the SKUs' blocks leaves the weeks' system (the Schur complement)
/// (D − Σ_i C_iᵀA_i⁻¹C_i)·δγ = g_γ − Σ_i C_iᵀA_i⁻¹g_i, of the size of the number of weeks
/// (Golub & Van Loan, *Matrix Computations*, 4th ed., §3.2, block elimination). With every
/// (a_i, ε_i) at its optimum given γ (g_i = 0, [`fit_given_gamma`]), that matrix is exactly the
/// negative Hessian of the profile ℓ*(γ) = max_θ ℓ(θ, γ) and g_γ its gradient, so the step is
/// Newton's on the profile, which is concave too; it converges quadratically (three or four
/// steps on the demo store and on Online Retail). A step after which ℓ* fell is halved.
///
/// Cost per step: the SKUs' own Newton steps (one or two each), Σ_i n_i² for the rank-2 updates
/// ([`schur_update`]), and one dense solve of at most `MAX_PANEL_WEEKS` unknowns. One week (the
/// one with most units) keeps its γ, as the intercepts carry the level; a week in which no
/// panel SKU sold gets `NO_DEMAND`. Natively on Online Retail the whole estimation takes about
/// 58 ms (the rounds alone, unconverged, took 47).
fn joint_newton(
    series: &[&Series],
    index: &[Vec<usize>],
    gamma: &mut [f64],
    params: &mut [(f64, f64)],
) {
    let weeks = gamma.len();
    let mut sold = vec![0.0; weeks];
    for (s, idx) in series.iter().zip(index) {
        for (q, &t) in s.q.iter().zip(idx) {
            sold[t] += q;
        }
    }
    let Some(pivot) = (0..weeks)
        .filter(|&t| sold[t] > 0.0)
        .max_by(|&a, &b| sold[a].total_cmp(&sold[b]))
    else {
        return;
    };
    // The unknowns of the weeks' system: the weeks with sales but the pivot. A week with
    // observations but no sales at all has no finite γ (demand ≈ 0).
    let mut observed = vec![false; weeks];
    index.iter().flatten().for_each(|&t| observed[t] = true);
    let mut slot = vec![usize::MAX; weeks];
    let mut free = 0;
    for t in 0..weeks {
        if sold[t] > 0.0 && t != pivot {
            slot[t] = free;
            free += 1;
        } else if sold[t] == 0.0 && observed[t] {
            gamma[t] = NO_DEMAND;
        }
    }
    let mut mu: Vec<Vec<f64>> = series
        .iter()
        .map(|s| Vec::with_capacity(s.x.len()))
        .collect();
    // The last point whose profile did not fall: ℓ*, γ and the SKUs' (a, ε).
    let mut best: Option<(f64, Panel)> = None;
    let mut delta_gamma = vec![0.0; weeks];
    let mut step = 1.0;
    for _ in 0..NEWTON_ITERATIONS {
        // The profile: each SKU's (a, ε) at its optimum given γ.
        let mut ll = 0.0;
        for (((s, idx), p), mu) in series
            .iter()
            .zip(index)
            .zip(params.iter_mut())
            .zip(mu.iter_mut())
        {
            ll += fit_given_gamma(s, idx, gamma, p, mu);
        }
        if let Some((best_ll, (best_gamma, best_params))) = &best {
            if !ll.is_finite() || ll < best_ll - 1e-12 * best_ll.abs() {
                // The last step on γ overshot: go back and take half of it.
                step /= 2.0;
                if step < 1e-3 {
                    gamma.copy_from_slice(best_gamma);
                    params.copy_from_slice(best_params);
                    break;
                }
                for ((g, b), d) in gamma.iter_mut().zip(best_gamma).zip(&delta_gamma) {
                    *g = b + step * d;
                }
                params.copy_from_slice(best_params);
                continue;
            }
        }
        best = Some((ll, (gamma.to_vec(), params.to_vec())));
        // Newton's step on the profile: its Hessian is the weeks' Schur complement.
        let mut schur = vec![0.0; free * free];
        let mut rhs = vec![0.0; free];
        for (((s, idx), (_, b)), mu) in series.iter().zip(index).zip(params.iter()).zip(&mu) {
            let mut sums = NewtonSums::default();
            for (((x, q), &t), &mean) in s.x.iter().zip(&s.q).zip(idx).zip(mu) {
                sums.add(*x, *q, mean);
                if slot[t] != usize::MAX {
                    schur[slot[t] * free + slot[t]] += mean;
                    rhs[slot[t]] += q - mean;
                }
            }
            let m = inverse_of(&sums, *b, true);
            schur_update(
                &mut schur,
                &mut rhs,
                free,
                &slot,
                idx,
                &s.x,
                mu,
                m,
                (sums.g0, sums.g1),
            );
        }
        let Some(step_gamma) = solve(schur, rhs) else {
            break;
        };
        for t in 0..weeks {
            delta_gamma[t] = if slot[t] == usize::MAX {
                0.0
            } else {
                step_gamma[slot[t]]
            };
        }
        step = 1.0;
        for (g, d) in gamma.iter_mut().zip(&delta_gamma) {
            *g += d;
        }
        // Newton converges quadratically: after a step this small, γ is within about its
        // square of the optimum, and the SKUs' own fits (`ppml2`) start from here.
        if delta_gamma.iter().all(|d| d.abs() < NEWTON_TOLERANCE) {
            break;
        }
    }
    centre(gamma, params, |t| sold[t] > 0.0);
}

/// Shifts γ to sum to 0 over the weeks with sales (`with_sales`), the SKUs' intercepts taking
/// up the level, so every μ stays as it was. Returns the shift.
fn centre(gamma: &mut [f64], params: &mut [(f64, f64)], with_sales: impl Fn(usize) -> bool) -> f64 {
    let (total, active) = (0..gamma.len())
        .filter(|&t| with_sales(t))
        .fold((0.0, 0usize), |(sum, n), t| (sum + gamma[t], n + 1));
    let shift = total / active.max(1) as f64;
    for (t, g) in gamma.iter_mut().enumerate() {
        if with_sales(t) {
            *g -= shift;
        }
    }
    for p in params.iter_mut() {
        p.0 += shift;
    }
    shift
}

/// A_i⁻¹ as (m00, m01, m11), or the intercept's alone when ε cannot move (A_i singular, or ε
/// at ±`MAX_ELASTICITY`) or, with `hold_vague`, has a Poisson variance above
/// [`FREEZE_VARIANCE`].
fn inverse_of(sums: &NewtonSums, epsilon: f64, hold_vague: bool) -> [f64; 3] {
    let det = sums.det();
    let m11 = if det > 1e-9 * sums.h00 * sums.h11 {
        sums.h00 / det
    } else {
        f64::INFINITY
    };
    let limit = if hold_vague {
        FREEZE_VARIANCE
    } else {
        f64::MAX
    };
    if epsilon.abs() < MAX_ELASTICITY && m11 <= limit {
        [sums.h11 / det, -sums.h01 / det, m11]
    } else if sums.h00 > 0.0 {
        [1.0 / sums.h00, 0.0, 0.0]
    } else {
        [0.0; 3]
    }
}

/// One SKU's (a, ε) at the optimum of its Poisson log-likelihood given γ, by Newton's method
/// from `p` (its value at the last γ, so one to three steps), with a trust region and step
/// halving on big steps (small ones near the optimum are Newton's own, as in [`ppml2`]).
/// Leaves μ at the returned point in `mu` and returns the SKU's log-likelihood there.
#[inline(never)]
fn fit_given_gamma(
    s: &Series,
    idx: &[usize],
    gamma: &[f64],
    p: &mut (f64, f64),
    mu: &mut Vec<f64>,
) -> f64 {
    let ll = |a: f64, b: f64| -> f64 {
        s.x.iter()
            .zip(&s.q)
            .zip(idx)
            .map(|((x, q), &t)| {
                let eta = a + b * x + gamma[t];
                q * eta - exp(eta)
            })
            .sum()
    };
    let (mut a, mut b) = *p;
    let mut current = 0.0;
    for round in 0..=INNER_STEPS {
        mu.clear();
        let mut sums = NewtonSums::default();
        current = 0.0;
        for ((x, q), &t) in s.x.iter().zip(&s.q).zip(idx) {
            let eta = a + b * x + gamma[t];
            let m = exp(eta);
            mu.push(m);
            sums.add(*x, *q, m);
            current += q * eta - m;
        }
        if round == INNER_STEPS {
            break;
        }
        let [m00, m01, m11] = inverse_of(&sums, b, false);
        let (mut da, mut db) = (m00 * sums.g0 + m01 * sums.g1, m01 * sums.g0 + m11 * sums.g1);
        if da.abs() < 1e-7 && db.abs() < 1e-7 {
            break;
        }
        // A trust region (|Δa| ≤ 5, |Δε| ≤ 1, the direction kept): far from the optimum, or
        // along a nearly flat direction, a full step would leave the range where exp is exact.
        let shrink = (5.0 / da.abs()).min(1.0 / db.abs()).min(1.0);
        da *= shrink;
        db *= shrink;
        if da.abs() > 0.25 || db.abs() > 0.05 {
            let mut halvings = 0;
            // (NaN counts as a fall.)
            while ll(a + da, b + db)
                .partial_cmp(&(current - 1e-12 * current.abs()))
                .is_none_or(|o| o == std::cmp::Ordering::Less)
            {
                da *= 0.5;
                db *= 0.5;
                halvings += 1;
                if halvings == 20 {
                    *p = (a, b);
                    return current;
                }
            }
        }
        a += da;
        b = (b + db).clamp(-MAX_ELASTICITY, MAX_ELASTICITY);
    }
    *p = (a, b);
    current
}

/// One SKU's share of [`joint_newton`]'s weeks' system: −C_iᵀA_i⁻¹C_i into `schur` and
/// −C_iᵀA_i⁻¹g_i into `rhs`, where C_i's column for the week of observation j is
/// μ_j·(1, x_j) and `m` is A_i⁻¹ as (m00, m01, m11). A rank-2 update over the SKU's weeks:
/// with u_j = μ_j and v_j = μ_j·x_j, entry (j, l) is u_j·(m00·u_l + m01·v_l) + v_j·(m01·u_l +
/// m11·v_l).
#[allow(clippy::too_many_arguments)]
fn schur_update(
    schur: &mut [f64],
    rhs: &mut [f64],
    free: usize,
    slot: &[usize],
    idx: &[usize],
    x: &[f64],
    mu: &[f64],
    [m00, m01, m11]: [f64; 3],
    (g0, g1): (f64, f64),
) {
    let (h0, h1) = (m00 * g0 + m01 * g1, m01 * g0 + m11 * g1);
    for (j, (&tj, (&uj, &xj))) in idx.iter().zip(mu.iter().zip(x)).enumerate() {
        let kj = slot[tj];
        if kj == usize::MAX {
            continue;
        }
        let vj = uj * xj;
        rhs[kj] -= uj * h0 + vj * h1;
        let (w1, w2) = (m00 * uj + m01 * vj, m01 * uj + m11 * vj);
        schur[kj * free + kj] -= uj * w1 + vj * w2;
        // The pairs (j, l), l > j, once each, into both triangles.
        for (&tl, (&ul, &xl)) in idx.iter().zip(mu.iter().zip(x)).skip(j + 1) {
            let kl = slot[tl];
            if kl != usize::MAX {
                let v = ul * (w1 + xl * w2);
                schur[kj * free + kl] -= v;
                schur[kl * free + kj] -= v;
            }
        }
    }
}

/// What one round of [`week_effects`] knows of the week effects.
#[derive(Clone, Copy)]
struct Round<'a> {
    have_level: bool,
    exp_shift: f64,
    exp_gamma: &'a [f64],
    gamma: &'a [f64],
}

/// One SKU's share of a round of [`week_effects`]: a Newton step on (a, ε) and its sums for γ.
///
/// A function of its own, not inlined, because the browser compiles WebAssembly in two tiers:
/// a quick baseline first, then optimized code for the functions that run hot, used from their
/// next call on. Inlined in the rounds' loop it would run a whole cold model unoptimized (about
/// three times slower); called once per SKU and round, it is optimized after a few SKUs.
#[inline(never)]
fn newton_round(
    s: &Series,
    idx: &[usize],
    p: &mut (f64, f64),
    level: &mut [f64],
    round: Round<'_>,
    (num, den): (&mut [f64], &mut [f64]),
) {
    let Round {
        have_level,
        exp_shift,
        exp_gamma,
        gamma,
    } = round;
    // One Newton step (a full solve is wasted while γ still moves).
    let (a, b) = *p;
    let mut sums = NewtonSums::default();
    for (((x, q), &i), l) in s.x.iter().zip(&s.q).zip(idx).zip(level.iter()) {
        let mu = if have_level {
            l * exp_shift * exp_gamma[i]
        } else {
            exp(a + b * x + gamma[i])
        };
        sums.add(*x, *q, mu);
    }
    let det = sums.det();
    let (da, db) = if det > 1e-9 * sums.h00 * sums.h11 {
        let (da, db) = sums.step(det);
        (da, db.clamp(-1.0, 1.0))
    } else if sums.h00 > 0.0 {
        (sums.g0 / sums.h00, 0.0)
    } else {
        (0.0, 0.0)
    };
    // ε is kept within ±MAX_ELASTICITY: a SKU whose sales separate perfectly by price
    // has no finite estimate (Santos Silva & Tenreyro 2010) and would drift forever;
    // such a SKU does not hold up the week effects (its own fit says so).
    // Steps are clamped rather than searched: rounds are many and cheap, and the final
    // fit of each SKU (`ppml2`) searches its steps.
    let nb = (b + db).clamp(-MAX_ELASTICITY, MAX_ELASTICITY);
    let da = da.clamp(-5.0, 5.0);
    *p = (a + da, nb);
    let (a, b) = *p;
    for (((x, q), &i), l) in s.x.iter().zip(&s.q).zip(idx).zip(level.iter_mut()) {
        *l = exp(a + b * x);
        num[i] += q;
        den[i] += *l;
    }
}

/// Weeks on each side of a gap in which the neighbouring prices are counted.
const GAP_WINDOW: i32 = 8;

/// Largest |ε| an iterate may take.
const MAX_ELASTICITY: f64 = 10.0;
/// γ of a week in which no panel SKU sold.
const NO_DEMAND: f64 = -30.0;
/// [`week_effects`] stops when no γ_t moves by more than this (ln units: 0.01 %).
const TOLERANCE: f64 = 1e-4;

/// Rounds of block coordinate ascent in [`week_effects`] at most, before [`joint_newton`]: a
/// start near the optimum (the profile Newton converges from anywhere, in one or two more
/// steps, which cost more than these rounds).
const WARM_ROUNDS: usize = 6;
/// Iterations of [`joint_newton`] at most, halvings included (it converges quadratically: 3–4
/// on the demo store and on Online Retail).
const NEWTON_ITERATIONS: usize = 30;
/// Newton steps at most for one SKU's (a, ε) given γ in [`joint_newton`].
const INNER_STEPS: usize = 12;
/// A SKU whose ε has a Poisson variance (A_i⁻¹'s ε entry) above this counts in the curvature of
/// [`joint_newton`]'s weeks' system as if its ε were fixed: its prices barely moved or its
/// sales nearly separate by price, and its near-singular block would make the step on γ huge
/// (on Online Retail the full steps failed and were cut to 1/64). Dropping a SKU's ε coupling
/// only adds curvature (a_only ≼ A_i⁻¹), so the step stays an ascent direction, a shorter one.
const FREEZE_VARIANCE: f64 = 1.0;
/// [`joint_newton`] stops after a step that moved no γ_t by more than this: Newton's error
/// after it is of the order of its square.
const NEWTON_TOLERANCE: f64 = 1e-3;

/// A category's common ε with its SKUs' own intercepts and the week effects: the intercepts
/// concentrated out (exp a_i = Σ_t q_it / Σ_t exp(γ_t + ε x_it)), Newton on ε, and a sandwich
/// standard error of the concentrated score.
fn pooled(parts: &[(&Series, Vec<f64>)]) -> Option<SlopeFit> {
    let parts: Vec<&(&Series, Vec<f64>)> = parts
        .iter()
        .filter(|(s, _)| s.q.iter().any(|q| *q > 0.0))
        .collect();
    let n: usize = parts.iter().map(|(s, _)| s.x.len()).sum();
    if parts.is_empty() || n < parts.len() + 2 {
        return None;
    }
    let intercepts = |b: f64| -> Vec<f64> {
        parts
            .iter()
            .map(|(s, off)| {
                let sq: f64 = s.q.iter().sum();
                let se: f64 = s.x.iter().zip(off).map(|(x, o)| exp(o + b * x)).sum();
                libm::log(sq / se)
            })
            .collect()
    };
    let mut b = 0.0;
    for _ in 0..60 {
        let a = intercepts(b);
        let (mut g, mut h) = (0.0, 0.0);
        for ((s, off), ai) in parts.iter().zip(&a) {
            let (mut sm, mut smx, mut smxx) = (0.0, 0.0, 0.0);
            for ((x, q), o) in s.x.iter().zip(&s.q).zip(off) {
                let mu = exp(ai + b * x + o);
                g += (q - mu) * x;
                sm += mu;
                smx += mu * x;
                smxx += mu * x * x;
            }
            if sm > 0.0 {
                h += smxx - smx * smx / sm;
            }
        }
        if h.is_nan() || h <= 1e-12 {
            return None;
        }
        let d = (g / h).clamp(-2.0, 2.0);
        b += d;
        if d.abs() < 1e-10 {
            break;
        }
    }
    let a = intercepts(b);
    let (mut info, mut meat) = (0.0, 0.0);
    let (mut qs, mut mus) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut adjusted = Vec::new();
    let mut centre = 0.0;
    for ((s, off), ai) in parts.iter().zip(&a) {
        let mu: Vec<f64> =
            s.x.iter()
                .zip(off)
                .map(|(x, o)| exp(ai + b * x + o))
                .collect();
        let sm: f64 = mu.iter().sum();
        let xbar = if sm > 0.0 {
            mu.iter().zip(&s.x).map(|(m, x)| m * x).sum::<f64>() / sm
        } else {
            0.0
        };
        for ((x, q), m) in s.x.iter().zip(&s.q).zip(&mu) {
            let d = x - xbar;
            info += m * d * d;
            meat += (q - m) * (q - m) * d * d;
        }
        qs.extend_from_slice(&s.q);
        mus.extend_from_slice(&mu);
        centre += ai;
    }
    let centre = centre / a.len() as f64;
    for ((s, off), ai) in parts.iter().zip(&a) {
        for (q, o) in s.q.iter().zip(off) {
            if *q > 0.0 {
                adjusted.push(libm::log(*q) - o - ai + centre);
            }
        }
    }
    let df = n - parts.len() - 1;
    let var = meat / (info * info) * n as f64 / df as f64;
    Some(SlopeFit {
        elasticity: b,
        std_error: libm::sqrt(var.max(0.0)),
        df,
        r_squared: r2(&qs, &mus),
        intercept: centre,
        controls: Controls::WeekEffects,
        adjusted,
    })
}

/// Facts about a series other than the fit.
struct Facts {
    weeks_with_sales: usize,
    weeks_without_sales: usize,
    distinct_prices: usize,
    price_range: (f64, f64),
    log_price_sd: f64,
    current_price: f64,
    current_weekly_units: f64,
    revenue: f64,
    units: f64,
    within_week_price_share: f64,
    within_week_correlation: f64,
    /// Degrees of freedom of that correlation: lines less weeks, less one.
    within_week_df: f64,
}

/// The volume-pricing facts of a SKU's or a category's lines: the share of the variance of
/// ln price within weeks, Σ_weeks Sxx(week) / Σ_SKUs Sxx(SKU) (each SKU about its own mean,
/// so a category's price levels do not count), and the correlation of ln price and ln
/// quantity within weeks, r = ΣSxy / √(ΣSxx · ΣSyy) over the SKU-weeks (the within, or
/// fixed-effects, correlation: Wooldridge, *Econometric Analysis of Cross Section and Panel
/// Data*, 2nd ed., 10.5), with its degrees of freedom.
fn line_mix(parts: &[&[Cell]]) -> (f64, f64, f64) {
    let (mut total_xx, mut xx, mut yy, mut xy, mut df) = (0.0, 0.0, 0.0, 0.0, -1.0);
    for part in parts {
        let mut all = LineMix::default();
        for c in part.iter() {
            let (cxx, cyy, cxy) = c.mix.centred();
            xx += cxx;
            yy += cyy;
            xy += cxy;
            df += c.mix.n - 1.0;
            all.merge(&c.mix);
        }
        total_xx += all.centred().0;
    }
    // Below this, ln price or ln quantity did not vary (a 0.1 % price difference on one line).
    const TINY: f64 = 1e-12;
    let share = if total_xx > TINY {
        (xx / total_xx).clamp(0.0, 1.0)
    } else {
        f64::NAN
    };
    let r = if xx > TINY && yy > TINY {
        (xy / libm::sqrt(xx * yy)).clamp(-1.0, 1.0)
    } else {
        f64::NAN
    };
    (share, r, df.max(0.0))
}

fn facts(
    series: &[&Series],
    cells: &[&[Cell]],
    distinct_prices: usize,
    log_price_sd: f64,
    o: &Options,
    last_week: i32,
) -> Facts {
    let (mut revenue, mut units) = (0.0, 0.0);
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let (mut recent_revenue, mut recent_units) = (0.0, 0.0);
    let recent_from = last_week - o.current_weeks.max(1) as i32 + 1;
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    for part in cells {
        for c in part.iter().filter(|c| c.units > 0.0 && c.revenue > 0.0) {
            revenue += c.revenue;
            units += c.units;
            let p = c.revenue / c.units;
            lo = lo.min(p);
            hi = hi.max(p);
            first = first.min(c.week);
            last = last.max(c.week);
            if c.week >= recent_from {
                recent_revenue += c.revenue;
                recent_units += c.units;
            }
        }
    }
    let span = if first <= last {
        (last - first + 1) as usize
    } else {
        0
    };
    let (current_price, current_weekly_units) = if recent_units > 0.0 {
        (
            recent_revenue / recent_units,
            recent_units / o.current_weeks.max(1) as f64,
        )
    } else if units > 0.0 {
        (revenue / units, units / span.max(1) as f64)
    } else {
        (0.0, 0.0)
    };
    let (within_week_price_share, within_week_correlation, within_week_df) = line_mix(cells);
    Facts {
        weeks_with_sales: series.iter().map(|s| s.with_sales()).sum(),
        weeks_without_sales: series.iter().map(|s| s.x.len() - s.with_sales()).sum(),
        distinct_prices,
        price_range: if lo <= hi { (lo, hi) } else { (0.0, 0.0) },
        log_price_sd,
        current_price,
        current_weekly_units,
        revenue,
        units,
        within_week_price_share,
        within_week_correlation,
        within_week_df,
    }
}

/// Whether a series' prices were set by the order rather than by the week, and larger orders
/// paid less ([`Verdict::VolumePricing`]): more than `max_within_week_share` of the variance
/// of the lines' ln price lies within weeks, and the within-week correlation of ln price and
/// ln quantity is at or below `volume_correlation` and significant, t = r·√(df / (1 − r²))
/// at or below −2 (about 5 %, two-sided, at these df).
fn volume_pricing(f: &Facts, o: &Options) -> bool {
    let r = f.within_week_correlation;
    if !(f.within_week_price_share > o.max_within_week_share && r <= o.volume_correlation) {
        return false;
    }
    let t = r * libm::sqrt(f.within_week_df / (1.0 - r * r).max(1e-12));
    t <= -2.0
}

fn verdict(f: &Facts, fit: Option<&SlopeFit>, interval: (f64, f64), o: &Options) -> Verdict {
    if f.units <= 0.0 {
        return Verdict::NoSales;
    }
    if f.weeks_with_sales < o.min_weeks {
        return Verdict::TooFewWeeks;
    }
    if f.distinct_prices < o.min_distinct_prices || f.log_price_sd < o.min_log_price_sd {
        return Verdict::PricesBarelyVaried;
    }
    if fit.is_none() || !interval.0.is_finite() {
        return Verdict::Uncertain;
    }
    if volume_pricing(f, o) {
        return Verdict::VolumePricing;
    }
    if interval.0 > 0.0 {
        return Verdict::ImplausibleSign;
    }
    if interval.1 >= 0.0 || (interval.1 - interval.0) / 2.0 > o.max_half_width {
        return Verdict::Uncertain;
    }
    Verdict::Ok
}

/// t_{0.975, df}, remembered per df (thousands of SKUs share a few dozen df).
#[derive(Default)]
struct TQuantiles(FxHashMap<usize, Option<f64>>);

impl TQuantiles {
    fn get(&mut self, df: usize) -> Option<f64> {
        *self
            .0
            .entry(df)
            .or_insert_with(|| student_t_quantile(0.975, df as f64))
    }
}

fn estimate(
    target: Target,
    f: Facts,
    fit: Option<SlopeFit>,
    o: &Options,
    t: &mut TQuantiles,
) -> Estimate {
    let interval = fit
        .as_ref()
        .and_then(|fit| {
            let t = t.get(fit.df)?;
            Some((
                fit.elasticity - t * fit.std_error,
                fit.elasticity + t * fit.std_error,
            ))
        })
        .unwrap_or((f64::NAN, f64::NAN));
    let verdict = verdict(&f, fit.as_ref(), interval, o);
    Estimate {
        target,
        elasticity: fit.as_ref().map_or(f64::NAN, |f| f.elasticity),
        std_error: fit.as_ref().map_or(f64::NAN, |f| f.std_error),
        interval,
        df: fit.as_ref().map_or(0, |f| f.df),
        r_squared: fit.as_ref().map_or(f64::NAN, |f| f.r_squared),
        intercept: fit.as_ref().map_or(f64::NAN, |f| f.intercept),
        controls: fit.as_ref().map_or(Controls::NoControls, |f| f.controls),
        weeks_with_sales: f.weeks_with_sales,
        weeks_without_sales: f.weeks_without_sales,
        distinct_prices: f.distinct_prices,
        price_range: f.price_range,
        log_price_sd: f.log_price_sd,
        current_price: f.current_price,
        current_weekly_units: f.current_weekly_units,
        revenue: f.revenue,
        units: f.units,
        within_week_price_share: f.within_week_price_share,
        within_week_correlation: f.within_week_correlation,
        verdict,
    }
}

/// Category index of each SKU id (from the catalogue's English names), and the names.
fn categories_of(dataset: &Dataset) -> (Vec<Option<u32>>, Vec<String>) {
    let orders = &dataset.orders;
    let mut names: Vec<String> = Vec::new();
    let mut by_name: FxHashMap<&str, u32> = FxHashMap::default();
    let mut by_sku: FxHashMap<&str, u32> = FxHashMap::default();
    for p in &dataset.products {
        let cat = p.category.en.as_str();
        if cat.is_empty() {
            continue;
        }
        let id = *by_name.entry(cat).or_insert_with(|| {
            names.push(cat.to_owned());
            (names.len() - 1) as u32
        });
        by_sku.entry(p.sku.as_str()).or_insert(id);
    }
    let of = (0..orders.skus.len() as u32)
        .map(|s| by_sku.get(orders.skus.get(s)).copied())
        .collect();
    (of, names)
}

/// The week effects of a collection, if the data allow them, with each panel SKU's (a, ε) as a
/// start for its own fit (by SKU id).
type Effects = (Vec<f64>, Vec<Option<(f64, f64)>>);

fn gamma_of(series: &[Series], c: &Collected, o: &Options) -> Option<Effects> {
    let weeks = if c.first_week <= c.last_week {
        (c.last_week - c.first_week + 1) as usize
    } else {
        0
    };
    let ids: Vec<usize> = (0..series.len())
        .filter(|&i| series[i].with_sales() >= o.min_weeks.max(3))
        .collect();
    let panel: Vec<&Series> = ids.iter().map(|&i| &series[i]).collect();
    let (gamma, params) = week_effects(&panel, c.first_week, weeks)?;
    let mut starts = vec![None; series.len()];
    for (i, p) in ids.into_iter().zip(params) {
        starts[i] = Some(p);
    }
    Some((gamma, starts))
}

fn offsets(s: &Series, gamma: Option<&[f64]>, first_week: i32) -> Vec<f64> {
    s.weeks
        .iter()
        .map(|w| gamma_at(gamma, first_week, *w))
        .collect()
}

fn sku_fit(
    s: &Series,
    gamma: Option<&[f64]>,
    first_week: i32,
    start: Option<(f64, f64)>,
) -> Option<SlopeFit> {
    match gamma {
        Some(_) => {
            let off = offsets(s, gamma, first_week);
            let start = start.unwrap_or_else(|| {
                let sold: f64 = s.q.iter().sum();
                let base: f64 = off.iter().map(|o| exp(*o)).sum();
                (libm::log(sold.max(1e-9) / base.max(1e-300)), 0.0)
            });
            // In the scatter's coordinates the intercept is a: ln q − γ_t = a + ε ln p.
            fit_with_offset(s, &off, start)
        }
        None => own_controls(s),
    }
}

/// Estimates the elasticity of every SKU with valid sales and of every category.
pub fn elasticities(dataset: &Dataset, options: &Options) -> ElasticityModel {
    let orders = &dataset.orders;
    // Postage, fees and adjustments have no demand curve: only goods are estimated.
    let goods: Vec<bool> = charge_skus(dataset).into_iter().map(|c| !c).collect();
    let c = collect(orders, options.period, Some(&goods));
    let series: Vec<Series> = c.cells.iter().map(|v| Series::of(v)).collect();
    let (gamma, starts) = match gamma_of(&series, &c, options) {
        Some((g, s)) => (Some(g), s),
        None => (None, Vec::new()),
    };
    let g = gamma.as_deref();
    let mut quantiles = TQuantiles::default();
    let mut skus = Vec::new();
    for (id, s) in series.iter().enumerate() {
        if s.x.is_empty() {
            continue;
        }
        let fit = sku_fit(s, g, c.first_week, starts.get(id).copied().flatten());
        let facts = facts(
            &[s],
            &[&c.cells[id]],
            c.cents[id].len(),
            sd_sold(s),
            options,
            c.last_week,
        );
        skus.push((
            id,
            estimate(
                Target::Sku(orders.skus.get(id as u32).to_owned()),
                facts,
                fit,
                options,
                &mut quantiles,
            ),
        ));
    }
    skus.sort_by(|(a, ea), (b, eb)| {
        eb.revenue
            .total_cmp(&ea.revenue)
            .then_with(|| orders.skus.get(*a as u32).cmp(orders.skus.get(*b as u32)))
    });

    let (category_of, names) = categories_of(dataset);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for (id, cat) in category_of.iter().enumerate() {
        if let (Some(cat), Some(s)) = (cat, series.get(id)) {
            if !s.x.is_empty() {
                if let Some(m) = members.get_mut(*cat as usize) {
                    m.push(id);
                }
            }
        }
    }
    let mut categories = Vec::new();
    for (cat, ids) in members.iter().enumerate() {
        if ids.is_empty() {
            continue;
        }
        let (fit, within_sd, used) = category_fit(&c, &series, g, ids);
        let mut cents: Vec<i64> = ids
            .iter()
            .flat_map(|&i| c.cents[i].iter().copied())
            .collect();
        cents.sort_unstable();
        cents.dedup();
        let parts: Vec<&[Cell]> = ids.iter().map(|&i| c.cells[i].as_slice()).collect();
        let used: Vec<&Series> = used.iter().collect();
        let mut fa = facts(&used, &parts, cents.len(), within_sd, options, c.last_week);
        // The price range of a category is that of its weekly average price.
        let (lo, hi) = aggregate(&parts)
            .iter()
            .filter(|c| c.units > 0.0)
            .map(|c| c.revenue / c.units)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
                (l.min(p), h.max(p))
            });
        if lo <= hi {
            fa.price_range = (lo, hi);
        }
        categories.push(estimate(
            Target::Category(names[cat].clone()),
            fa,
            fit,
            options,
            &mut quantiles,
        ));
    }
    categories.sort_by(|a, b| b.revenue.total_cmp(&a.revenue));

    ElasticityModel {
        first_week: monday_of(if c.first_week <= c.last_week {
            c.first_week
        } else {
            0
        }),
        week_effects: gamma.unwrap_or_default(),
        skus: skus.into_iter().map(|(_, e)| e).collect(),
        categories,
        lines_used: c.lines_used,
        excluded: c.excluded,
        options: options.clone(),
    }
}

/// Weekly sums over several SKUs' cells.
fn aggregate(parts: &[&[Cell]]) -> Vec<Cell> {
    let mut all: Vec<Cell> = parts.iter().flat_map(|p| p.iter().copied()).collect();
    all.sort_by_key(|c| c.week);
    let mut out: Vec<Cell> = Vec::new();
    for c in all {
        match out.last_mut() {
            Some(m) if m.week == c.week => {
                m.revenue += c.revenue;
                m.units += c.units;
                m.mix.merge(&c.mix);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A category's fit, the spread of ln price it rests on and the series it used: pooled over
/// its SKUs with week effects, else the category's weekly series with its own controls.
fn category_fit(
    c: &Collected,
    series: &[Series],
    gamma: Option<&[f64]>,
    ids: &[usize],
) -> (Option<SlopeFit>, f64, Vec<Series>) {
    match gamma {
        Some(_) => {
            let parts: Vec<(&Series, Vec<f64>)> = ids
                .iter()
                .map(|&i| (&series[i], offsets(&series[i], gamma, c.first_week)))
                .collect();
            // Within-SKU spread of ln price over the weeks with sales.
            let (mut ss, mut n, mut groups) = (0.0, 0usize, 0usize);
            for (s, _) in &parts {
                let xs: Vec<f64> =
                    s.x.iter()
                        .zip(&s.q)
                        .filter(|(_, q)| **q > 0.0)
                        .map(|(x, _)| *x)
                        .collect();
                if xs.is_empty() {
                    continue;
                }
                let m = mean(&xs);
                ss += xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>();
                n += xs.len();
                groups += 1;
            }
            let within = if n > groups {
                libm::sqrt(ss / (n - groups) as f64)
            } else {
                0.0
            };
            let fit = pooled(&parts);
            let used = ids
                .iter()
                .map(|&i| Series {
                    weeks: series[i].weeks.clone(),
                    x: series[i].x.clone(),
                    q: series[i].q.clone(),
                })
                .collect();
            (fit, within, used)
        }
        None => {
            let parts: Vec<&[Cell]> = ids.iter().map(|&i| c.cells[i].as_slice()).collect();
            let s = Series::of(&aggregate(&parts));
            let fit = own_controls(&s);
            let sd = sd_sold(&s);
            (fit, sd, vec![s])
        }
    }
}

/// The scatter of ln price against ln units of one SKU or category, with its fitted line, as
/// [`elasticities`] estimated it (`model` gives the week effects and the options). Weeks
/// without sales have no point (ln 0).
pub fn scatter(dataset: &Dataset, model: &ElasticityModel, target: &Target) -> Option<Scatter> {
    let orders = &dataset.orders;
    let o = &model.options;
    let ids: Vec<usize> = match target {
        Target::Sku(sku) => (0..orders.skus.len())
            .filter(|&i| orders.skus.get(i as u32) == sku.as_str())
            .collect(),
        Target::Category(name) => {
            let (of, names) = categories_of(dataset);
            let cat = names.iter().position(|n| n == name)? as u32;
            (0..of.len()).filter(|&i| of[i] == Some(cat)).collect()
        }
    };
    if ids.is_empty() {
        return None;
    }
    let mut keep = vec![false; orders.skus.len()];
    let charge = charge_skus(dataset);
    for &i in &ids {
        keep[i] = !charge.get(i).copied().unwrap_or(false);
    }
    let c = collect(orders, o.period, Some(&keep));
    let gamma = (!model.week_effects.is_empty()).then_some(model.week_effects.as_slice());
    let first_week = week_of(model.first_week);
    let mut points = Vec::new();
    let fit = match (target, gamma) {
        (Target::Sku(_), _) => {
            let s = Series::of(&c.cells[ids[0]]);
            let fit = sku_fit(&s, gamma, first_week, None)?;
            push_points(&mut points, &s, &fit.adjusted, None);
            fit
        }
        (Target::Category(_), Some(_)) => {
            let series: Vec<Series> = ids.iter().map(|&i| Series::of(&c.cells[i])).collect();
            let parts: Vec<(&Series, Vec<f64>)> = series
                .iter()
                .map(|s| (s, offsets(s, gamma, first_week)))
                .collect();
            let fit = pooled(&parts)?;
            // Each SKU's ln price as a deviation from its own mean, about the mean of all:
            // the SKU intercepts are absorbed, as in the pooled fit.
            let means: Vec<f64> = series
                .iter()
                .filter(|s| s.q.iter().any(|q| *q > 0.0))
                .map(|s| mean(&s.x))
                .collect();
            let centre = mean(&means);
            let mut adjusted = fit.adjusted.as_slice();
            for s in series.iter().filter(|s| s.q.iter().any(|q| *q > 0.0)) {
                let k = s.with_sales();
                let (mine, rest) = adjusted.split_at(k.min(adjusted.len()));
                // Shift so that a SKU at its mean price sits on the line at the centre.
                let shift = fit.elasticity * (mean(&s.x) - centre);
                let mine: Vec<f64> = mine.iter().map(|v| v - shift).collect();
                push_points(&mut points, s, &mine, Some(centre - mean(&s.x)));
                adjusted = rest;
            }
            fit
        }
        (Target::Category(_), None) => {
            let parts: Vec<&[Cell]> = ids.iter().map(|&i| c.cells[i].as_slice()).collect();
            let s = Series::of(&aggregate(&parts));
            let fit = own_controls(&s)?;
            push_points(&mut points, &s, &fit.adjusted, None);
            fit
        }
    };
    let (lo, hi) = points
        .iter()
        .map(|p| p.ln_price)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
            (l.min(x), h.max(x))
        });
    if lo > hi {
        return None;
    }
    let at = |x: f64| (x, fit.intercept + fit.elasticity * x);
    Some(Scatter {
        points,
        line: [at(lo), at(hi)],
    })
}

/// The points of a series' weeks with sales; `shift` moves ln price (pooled categories).
fn push_points(out: &mut Vec<ScatterPoint>, s: &Series, adjusted: &[f64], shift: Option<f64>) {
    let sold = s
        .weeks
        .iter()
        .zip(&s.x)
        .zip(&s.q)
        .filter(|(_, q)| **q > 0.0);
    for (((w, x), q), a) in sold.zip(adjusted) {
        out.push(ScatterPoint {
            week: monday_of(*w),
            ln_price: x + shift.unwrap_or(0.0),
            ln_units: libm::log(*q),
            ln_units_adjusted: *a,
        });
    }
}
