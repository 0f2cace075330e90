//! Fitting the response curves: revenue per period = baseline (trend + yearly seasonality +
//! retail events) + Σ over channels of β·Hill(adstock(spend)), so that channels are not credited
//! with the season. Fit quality on held-out periods, and parameter uncertainty by bootstrap.
//!
//! # The model
//!
//! revenue_t = b₀ + b₁·t + Σ_k (a_k·sin + c_k·cos)(2πkt / periods per year) + Σ_e γ_e·event_e(t)
//!             + Σ_c β_c·Hill(adstock_c(spend_c)_t; α_c, κ_c),
//!
//! with geometric adstock of decay θ_c ([`adstock`](super::curve::adstock)) and Hill saturation
//! ([`hill`](super::curve::hill)); b₀ ≥ 0 and β_c ≥ 0 (as Robyn's defaults).
//!
//! - **Seasonality**: 2 yearly harmonics with at least 1.5 years of data, 1 with at least 0.9
//!   years, none below (a yearly wave cannot be told from the trend and the channels then).
//! - **Retail events** (weekly or daily data with at least half a year): the calendar of
//!   [`RetailEvent`] — Singles' Day and its pre-sale, 618 and its pre-sale, Double 12, Black
//!   Friday to Cyber Monday, and the Spring Festival — as regressors with one free lift each
//!   (the share of the event's days that fall in the period), like the holidays Robyn takes
//!   from prophet. They are needed: shops (and the demo store) raise spend in event weeks, when
//!   revenue jumps anyway, and a baseline without them credits the channels with the event (on
//!   the demo store, dropping them takes R² from 0.96 to 0.88 and inflates every channel).
//!   With each event seen once or twice, its lift absorbs those periods: the channels are then
//!   identified from the ordinary weeks. The lifts are part of [`Fit::fitted`]; [`Baseline`]
//!   carries only the trend and the season.
//! - **Daily data** also gets the weekday pattern (six effect-coded columns, so the baseline's
//!   intercept is the mean over the week).
//! - **Carry-over before the data**: the adstock starts from the steady state of the first
//!   periods' mean spend rather than from 0 ([`initial_adstock`]).
//!
//! # How it is fitted
//!
//! For fixed shapes (θ, α, κ) of the channels the model is linear in the baseline's coefficients
//! and the β: variable projection. The linear part is solved exactly by least squares on the
//! normal equations (a Cholesky factorisation with a tiny ridge; a column that depends on the
//! others gets no weight), with b₀, β ≥ 0 by an active set (a channel whose β would be negative
//! drops out, and comes back when its gradient says so). The shapes are searched within bounds
//! — θ in [0, 0.9], α in [0.5, 3], κ from 0.2× to 5× the channel's mean steady adstock (κ is
//! searched as the log of that ratio, which makes the steady-state curve independent of θ):
//!
//! 1. a coarse grid, one channel at a time with the others held (5 θ × 4 α × 5 κ), one sweep;
//! 2. weak priors, weighed with the residual variance of that sweep (a MAP fit): θ ~ 0.3 ± 0.3,
//!    α ~ 1 ± 0.75, κ ~ the mean steady adstock × e^(±0.7). Without them, noise sends α to its
//!    bounds and trades a channel's level against the intercept (on the demo store, five of
//!    six channels ran to α = 3 and one took half of the revenue); with them, where the data
//!    say little the curve stays near the app's "medium" assumed curve, and where they say
//!    much the data win (at 0.5 % noise the priors weigh next to nothing). The price: curves
//!    that are truly S-shaped (α > 1) come out a little closer to α = 1, which raises their
//!    level at the spend seen when only the slope is well determined;
//! 3. a second grid sweep with the priors;
//! 4. Levenberg–Marquardt on the projected problem (Kaufman's variable-projection Jacobian,
//!    analytic derivatives of adstock and Hill, the damping driven by the ratio of the actual
//!    to the predicted gain), which converges in a few iterations where a coordinate search
//!    would need hundreds of evaluations: that keeps the bootstrap cheap.
//!
//! # What the data says about a channel
//!
//! - Never spent → [`ChannelInfo::NeverActive`]: a zero curve (β = 0), not in the model.
//! - Spend that barely varied (coefficient of variation of the non-zero spend below 0.05, or
//!   fewer than 6 periods with spend) → [`ChannelInfo::ConstantSpend`]: the shape is not
//!   identified, so it is assumed — θ = 0.3, α = 1 and κ at the steady adstock of the channel's
//!   mean spend when active (half-saturated where it ran, as the "medium" guess of an assumed
//!   curve) — and only the level β is fitted, from the weeks on against the weeks off. When
//!   the spend ran at one level in every period, not even the level can be told from the
//!   baseline: β = 0 and its effect stays in the baseline (the page should say so and keep the
//!   channel at its current spend rather than let the optimizer cut it).
//!
//! # Quality and uncertainty
//!
//! - **Holdout**: the model is fitted (grid, priors and refinement) on the first
//!   (1 − holdout) share of the periods and predicts the rest: MAPE and R² there. Then it is
//!   fitted on all periods for the curves.
//! - **Bootstrap**: a moving-block bootstrap of the periods (blocks of about n^⅓ periods drawn
//!   with replacement, circularly), as weights on the periods, so the adstock still runs over
//!   the real sequence of spend. Each resample is refitted by Levenberg–Marquardt started from
//!   the full fit's shapes with the same priors (a local refit: the band shows the uncertainty
//!   around this fit, not other far-away optima). A draw can drop a channel (β = 0).
//!
//! What MMM data can and cannot say: over the range of spend a shop has run, the data fix a
//! channel's marginal return (the slope) far better than its level (the revenue it brings at
//! all, which depends on how the curve runs down to zero spend, where the data rarely go).
//! Weeks with no spend (flighting) and wide swings of spend are what pins the level; without
//! them the bootstrap band is wide, and the page should show it.
//!
//! # Platform attribution
//!
//! Ad platforms report the revenue they attribute to each channel (直通车/千川 成交金额, Meta's
//! purchase conversion value): a series per channel, where the shop's revenue is one series for
//! all. Where the marketing table carries it for a channel whose spend varied (at least
//! 13 periods, not all 0) and [`FitOptions::use_attribution`] is on
//! (the default), that channel's curve is fitted to it: attributed_t = β·Hill(adstock(spend)_t),
//! with no baseline, by the same search as the model above, weighted by 1 / fitted² (the
//! platforms' error is proportional to what they attribute) after a first unweighted fit —
//! one step of iteratively reweighted least squares. A curve that explains less than half of
//! the attribution's variance (R² < 0.5: a platform reporting a flat figure, or revenue in the
//! weeks its channel was off) is not used; the channel is fitted to the revenue and says why.
//! The attributed channels leave the model of the revenue, and their summed contribution
//! enters it as one column with a factor m ≥ 0: [`AttributionCheck`] says how much of what
//! the platforms claim the revenue bears out, with a band from the bootstrap (each draw with
//! its own attribution curves; it refits locally and does not see the revenue model's own
//! misfit, so it is narrower than the truth: on the demo store it missed 1 in two of eight
//! realisations).
//!
//! Why: the revenue alone rarely fixes a channel's curve. On the demo store (weekly revenue
//! from ~480 order lines that scatters 6 % around its expectation; channels that bring 2–10 %
//! of it), curves fitted to the revenue were off by −31 % to +422 % at the spend seen; fitted
//! to the attribution (8 % proportional error per week and channel), by −3 % to +7 %
//! (`tests/budget_fit.rs`). The price: platforms tend to claim more than their channel brings
//! (last-click, view-through, brand search that would have come anyway); the curves follow the
//! claims, not m (one factor for all channels, and a noisy one: the demo's m reads 0.81–1.12
//! over eight realisations whose platforms claim exactly what they bring). So when every
//! fitted channel is attributed, m is shown, not applied: the split at a fixed budget does not
//! change with a common factor, while the expected revenue and ROAS do, and the page says so
//! when the band is well away from 1. When channels fitted to the revenue stand beside
//! attributed ones, the attributed curves are scaled by m ([`AttributionCheck::applied`]):
//! the two kinds must be on one scale for the split between them (platforms over-claiming a
//! planted 1.5× on two of four channels: the split is then 0.0 % short of the optimum, where
//! the unscaled curves starved a revenue-fitted channel and fell 2.7 % short). The modelled
//! share of revenue is m × the attributed contribution in both cases. An attribution curve has
//! no baseline of its own: a platform whose figures rise in season (higher conversion at 11.11)
//! credits its channel with the season, which only m sees (dividing the attribution by the
//! revenue baseline's relative season before the fit would be the next step). The
//! Robyn-style alternative, calibrating the model with lift tests, needs experiments few shops
//! run; Meridian and PyMC-Marketing take such results as priors.
//!
//! Everything is deterministic for a seed: randomness only from [`Rand`], transcendental
//! functions from `libm`, sums in a fixed order, so the wasm build gives the same bits as
//! native tests.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::curve::ResponseCurve;
use super::data::BudgetData;
use crate::engine::random::Rand;

/// How the fit runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitOptions {
    /// Share of the last periods held out to measure the fit (MAPE, R²) out of sample.
    pub holdout: f64,
    /// Bootstrap resamples for the uncertainty band.
    pub bootstrap: usize,
    /// Seed of the resampling.
    pub seed: u64,
    /// Fit a channel's curve to the revenue its ad platform attributed to it, where the
    /// marketing table has that column (see the module's "Platform attribution").
    #[serde(default = "yes")]
    pub use_attribution: bool,
}

fn yes() -> bool {
    true
}

impl Default for FitOptions {
    fn default() -> Self {
        Self {
            holdout: 0.15,
            bootstrap: 40,
            seed: 7,
            use_attribution: true,
        }
    }
}

/// What a channel's curve was fitted to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CurveSource {
    /// The shop's revenue, against the baseline and the other channels (the marketing-mix
    /// model).
    #[default]
    Revenue,
    /// The revenue the channel's ad platform attributed to it, period by period.
    Attribution,
}

/// How far the shop's revenue bears out the platforms' attribution: the one factor `m` by
/// which the attributed channels' curves, summed, enter the marketing-mix model of the
/// revenue (1 = the revenue confirms the platforms; 0.7 = it supports 70 % of what they
/// claim).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttributionCheck {
    /// The factor `m` in the fit on all periods.
    pub factor: f64,
    /// Its 5th and 95th percentile over the bootstrap resamples (each with its own attribution
    /// curves).
    pub band: (f64, f64),
    /// Whether the attributed channels' curves are scaled by it: when channels fitted to the
    /// revenue stand beside them, so that all curves are on the revenue's scale.
    #[serde(default)]
    pub applied: bool,
}

/// What the data says about one channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChannelInfo {
    /// Enough varied spend to fit a curve.
    Fitted,
    /// The channel never spent: no curve.
    NeverActive,
    /// The spend barely varied: the curve's shape is not identified (only its level at that
    /// spend); the page says so.
    ConstantSpend,
}

/// One channel's fit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelFit {
    /// The channel.
    pub channel: String,
    /// The fitted curve.
    pub curve: ResponseCurve,
    /// What the data says about it.
    pub info: ChannelInfo,
    /// Lowest and highest spend per period seen (periods with spend).
    pub spend_range: (f64, f64),
    /// The current spend per period: the mean of the last 13 periods (or fewer).
    pub current_spend: f64,
    /// Adstock at the end of the data, carried into a forward plan.
    pub last_adstock: f64,
    /// Its revenue contribution over the data / the revenue.
    pub contribution_share: f64,
    /// Curves fitted to bootstrap resamples, for the uncertainty band.
    pub bootstrap: Vec<ResponseCurve>,
    /// What the curve was fitted to.
    #[serde(default)]
    pub source: CurveSource,
    /// R² of a curve fitted to the platform's attributed revenue, where the channel has one
    /// (below 0.5 it is not used: the attribution does not follow the spend).
    #[serde(default)]
    pub attribution_r_squared: Option<f64>,
}

/// The baseline: what revenue would be without marketing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// Level at period 0.
    pub intercept: f64,
    /// Change per period.
    pub trend: f64,
    /// Yearly seasonality: (sine, cosine) coefficient of each harmonic.
    pub season: Vec<(f64, f64)>,
    /// Periods per year (52.18 for weekly data).
    pub periods_per_year: f64,
}

impl Baseline {
    /// The baseline at period `t` (0 = the first period of the data; later periods extrapolate).
    pub fn at(&self, t: f64) -> f64 {
        let mut v = self.intercept + self.trend * t;
        for (k, (a, b)) in self.season.iter().enumerate() {
            let w = 2.0 * std::f64::consts::PI * (k + 1) as f64 * t / self.periods_per_year;
            v += a * libm::sin(w) + b * libm::cos(w);
        }
        v
    }
}

/// The fit of all channels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fit {
    /// The channels, in the data's order.
    pub channels: Vec<ChannelFit>,
    /// The baseline.
    pub baseline: Baseline,
    /// R² of the model over all periods.
    pub r_squared: f64,
    /// Mean absolute percentage error on the held-out periods (fitted without them).
    pub holdout_mape: Option<f64>,
    /// R² on the held-out periods.
    pub holdout_r_squared: Option<f64>,
    /// How many periods were held out.
    pub holdout_periods: usize,
    /// The model's revenue per period.
    pub fitted: Vec<f64>,
    /// With channels fitted to their platforms' attribution: how far the revenue bears it out.
    #[serde(default)]
    pub attribution_check: Option<AttributionCheck>,
    /// Whether any channel has a platform attribution to fit to (whether or not it was used).
    #[serde(default)]
    pub attribution_available: bool,
}

/// Bounds of the adstock decay θ.
const THETA_RANGE: (f64, f64) = (0.0, 0.9);
/// Bounds of the Hill shape α.
const ALPHA_RANGE: (f64, f64) = (0.5, 3.0);
/// Bounds of κ as a multiple of the channel's mean steady adstock (searched as its logarithm).
const KAPPA_RATIO_RANGE: (f64, f64) = (0.2, 5.0);
/// Fewer periods with spend than this: the shape is not identified.
const MIN_ACTIVE_PERIODS: usize = 6;
/// A coefficient of variation of the non-zero spend below this: the shape is not identified.
const MIN_SPEND_CV: f64 = 0.05;
/// Periods whose mean spend is the "current" spend.
const CURRENT_PERIODS: usize = 13;
/// Periods whose mean spend sets the adstock carried into the first period.
const START_PERIODS: usize = 6;
/// The shape assumed for a channel whose spend barely varied (as an assumed "medium" curve).
const ASSUMED_THETA: f64 = 0.3;
const ASSUMED_ALPHA: f64 = 1.0;
/// A fixed-shape channel whose column varies less than this (the share of its sum of squares
/// the baseline does not explain: about the square of its coefficient of variation) has a level
/// that cannot be told from the baseline's.
const UNIDENTIFIED: f64 = 1e-3;
/// The coarse grid, per channel.
const GRID_THETA: [f64; 5] = [0.0, 0.2, 0.4, 0.6, 0.8];
const GRID_ALPHA: [f64; 4] = [0.7, 1.2, 1.9, 2.8];
const GRID_RATIO: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];
/// Weak priors on the searched shapes, (mean, spread) of θ, α and ρ = ln(κ / mean steady
/// adstock): a MAP fit, weighed with the residual variance after the first grid sweep, so
/// that where the data say little the curve stays near a "medium" curve (the app's assumed
/// curve: θ = 0.3, α = 1, half-saturated at the mean spend) instead of running to a bound,
/// and where they say much the data win.
const PRIOR: [(f64, f64); 3] = [(0.3, 0.3), (1.0, 0.75), (0.0, 0.7)];
/// Levenberg–Marquardt iterations of a full fit and of a bootstrap refit.
const LM_ITERATIONS: usize = 60;
const LM_BOOTSTRAP_ITERATIONS: usize = 12;
/// A refinement stops when a step gains less than this share of the objective.
const LM_TOLERANCE: f64 = 1e-7;
const LM_BOOTSTRAP_TOLERANCE: f64 = 1e-5;
/// At most this many bootstrap resamples, whatever the options say.
const MAX_BOOTSTRAP: usize = 1_000;
/// Fewest fitted periods for a holdout to be taken out of the data.
const MIN_TRAINING_PERIODS: usize = 20;

/// A retail calendar event the baseline carries as a regressor: its lift is estimated, so that
/// channels whose spend rises in event periods are not credited with the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetailEvent {
    /// Singles' Day (双11), 11-11.
    SinglesDay,
    /// Its pre-sale, 1–10 November.
    SinglesDayPresale,
    /// The 618 mid-year sale, 06-18.
    MidYear,
    /// Its pre-sale, 1–17 June.
    MidYearPresale,
    /// Double 12 (双12), 12-12.
    DoubleTwelve,
    /// Black Friday to Cyber Monday (the day after the fourth Thursday of November, and the
    /// three days after).
    BlackFriday,
    /// The Spring Festival (春节): from a week before to a week after the new year, when
    /// logistics pause.
    SpringFestival,
}

/// First day of the Chinese new year, 2010–2035.
const SPRING_FESTIVAL: [(i32, u32, u32); 26] = [
    (2010, 2, 14),
    (2011, 2, 3),
    (2012, 1, 23),
    (2013, 2, 10),
    (2014, 1, 31),
    (2015, 2, 19),
    (2016, 2, 8),
    (2017, 1, 28),
    (2018, 2, 16),
    (2019, 2, 5),
    (2020, 1, 25),
    (2021, 2, 12),
    (2022, 2, 1),
    (2023, 1, 22),
    (2024, 2, 10),
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
    (2030, 2, 3),
    (2031, 1, 23),
    (2032, 2, 11),
    (2033, 1, 31),
    (2034, 2, 19),
    (2035, 2, 8),
];

impl RetailEvent {
    /// Every event of the calendar.
    pub const ALL: [RetailEvent; 7] = [
        RetailEvent::SinglesDay,
        RetailEvent::SinglesDayPresale,
        RetailEvent::MidYear,
        RetailEvent::MidYearPresale,
        RetailEvent::DoubleTwelve,
        RetailEvent::BlackFriday,
        RetailEvent::SpringFestival,
    ];

    /// The event's days in `year`: first day and number of days.
    pub fn window(self, year: i32) -> Option<(NaiveDate, u32)> {
        let day = |m, d| NaiveDate::from_ymd_opt(year, m, d);
        match self {
            RetailEvent::SinglesDay => day(11, 11).map(|d| (d, 1)),
            RetailEvent::SinglesDayPresale => day(11, 1).map(|d| (d, 10)),
            RetailEvent::MidYear => day(6, 18).map(|d| (d, 1)),
            RetailEvent::MidYearPresale => day(6, 1).map(|d| (d, 17)),
            RetailEvent::DoubleTwelve => day(12, 12).map(|d| (d, 1)),
            RetailEvent::BlackFriday => {
                // The day after Thanksgiving, the fourth Thursday (not the fourth Friday,
                // which is a week early when November starts on a Friday).
                NaiveDate::from_weekday_of_month_opt(year, 11, Weekday::Thu, 4)
                    .and_then(|d| d.succ_opt())
                    .map(|d| (d, 4))
            }
            RetailEvent::SpringFestival => SPRING_FESTIVAL
                .iter()
                .find(|(y, _, _)| *y == year)
                .and_then(|(_, m, d)| day(*m, *d))
                .and_then(|d| d.checked_sub_days(chrono::Days::new(7)))
                .map(|d| (d, 15)),
        }
    }

    /// The share of the event's days that fall in the `days` days from `start` (summed over the
    /// years it touches).
    pub fn share(self, start: NaiveDate, days: u32) -> f64 {
        let after = |d: NaiveDate, n: u32| d.checked_add_days(chrono::Days::new(u64::from(n)));
        let Some(end) = after(start, days) else {
            return 0.0;
        };
        let mut share = 0.0;
        for year in start.year() - 1..=end.year() {
            if let Some((first, len)) = self.window(year) {
                let last = after(first, len).unwrap_or(NaiveDate::MAX);
                let overlap = (end.min(last) - start.max(first)).num_days();
                if overlap > 0 {
                    share += overlap as f64 / f64::from(len);
                }
            }
        }
        share
    }
}

/// The adstock carried into the first period — x₋₁, the `x0` of
/// [`adstock`](super::curve::adstock) and [`ResponseCurve::path`] — as the fit assumes it: the
/// steady adstock of the mean spend of the first 6 periods, s̄ / (1 − θ) (spend before the
/// data is unknown; it was most likely like the first periods').
pub fn initial_adstock(spend: &[f64], theta: f64) -> f64 {
    let first = &spend[..spend.len().min(START_PERIODS)];
    if first.is_empty() {
        return 0.0;
    }
    let mean = first.iter().map(|s| s.max(0.0)).sum::<f64>() / first.len() as f64;
    mean / (1.0 - theta.clamp(0.0, 0.999))
}

/// A channel's shape as searched: θ, α and ρ = ln(κ / mean steady adstock).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Shape {
    theta: f64,
    alpha: f64,
    rho: f64,
}

impl Shape {
    fn get(&self, k: usize) -> f64 {
        match k {
            0 => self.theta,
            1 => self.alpha,
            _ => self.rho,
        }
    }

    fn set(&mut self, k: usize, v: f64) {
        let (lo, hi) = bounds(k);
        let v = v.clamp(lo, hi);
        match k {
            0 => self.theta = v,
            1 => self.alpha = v,
            _ => self.rho = v,
        }
    }
}

/// Bounds of shape parameter `k` (θ, α, ρ).
fn bounds(k: usize) -> (f64, f64) {
    match k {
        0 => THETA_RANGE,
        1 => ALPHA_RANGE,
        _ => (
            libm::log(KAPPA_RATIO_RANGE.0),
            libm::log(KAPPA_RATIO_RANGE.1),
        ),
    }
}

/// A channel in the model.
struct Channel {
    /// Index in the data's channels.
    index: usize,
    /// Spend per period (clean: finite, ≥ 0).
    spend: Vec<f64>,
    /// ln of the mean spend per period: κ = e^ρ · mean / (1 − θ).
    ln_mean: f64,
    /// Mean spend of the first periods (the carry-over into the data).
    start: f64,
    /// The assumed shape of a channel whose spend barely varied; `None` when searched.
    fixed: Option<Shape>,
}

impl Channel {
    fn ln_kappa(&self, s: Shape) -> f64 {
        s.rho + self.ln_mean - libm::log(1.0 - s.theta)
    }

    fn curve(&self, s: Shape, beta: f64) -> ResponseCurve {
        ResponseCurve {
            theta: s.theta,
            alpha: s.alpha,
            kappa: libm::exp(self.ln_kappa(s)),
            beta,
        }
    }

    /// Adstock of the spend into `x`; returns the adstock after the last period.
    fn adstock(&self, theta: f64, x: &mut [f64]) -> f64 {
        let mut prev = self.start / (1.0 - theta);
        for (xt, s) in x.iter_mut().zip(&self.spend) {
            prev = s + theta * prev;
            *xt = prev;
        }
        prev
    }

    /// The channel's column Hill(adstock) into `h`, with `lnx` as scratch.
    fn column(&self, s: Shape, h: &mut [f64], lnx: &mut [f64]) {
        self.adstock(s.theta, lnx);
        for v in lnx.iter_mut() {
            *v = if *v > 0.0 {
                libm::log(*v)
            } else {
                f64::NEG_INFINITY
            };
        }
        hill_column(self.ln_kappa(s), s.alpha, lnx, h);
    }

    /// The derivatives of the column by θ, α and ρ, given the column `h` and ln adstock `lnx`
    /// at `s`.
    fn derivatives(&self, s: Shape, h: &[f64], lnx: &[f64], d: [&mut [f64]; 3]) {
        let [dt, da, dr] = d;
        let ln_kappa = self.ln_kappa(s);
        let one_minus = 1.0 - s.theta;
        let mut x = self.start / one_minus;
        let mut dx = self.start / (one_minus * one_minus);
        for t in 0..h.len() {
            dx = x + s.theta * dx;
            x = self.spend[t] + s.theta * x;
            if x > 0.0 && lnx[t] > f64::NEG_INFINITY {
                let gap = ln_kappa - lnx[t];
                let slope = -h[t] * (1.0 - h[t]);
                dt[t] = slope * s.alpha * (1.0 / one_minus - dx / x);
                da[t] = slope * gap;
                dr[t] = slope * s.alpha;
            } else {
                dt[t] = 0.0;
                da[t] = 0.0;
                dr[t] = 0.0;
            }
        }
    }
}

/// 1 / (1 + e^z), without overflow.
fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + libm::exp(z.clamp(-700.0, 700.0)))
}

/// Hill(x) = 1 / (1 + (κ/x)^α) from ln x (−∞ for x = 0).
fn hill_column(ln_kappa: f64, alpha: f64, lnx: &[f64], h: &mut [f64]) {
    for (ht, l) in h.iter_mut().zip(lnx) {
        *ht = if *l == f64::NEG_INFINITY {
            0.0
        } else {
            logistic(alpha * (ln_kappa - l))
        };
    }
}

/// The baseline's columns for the first `n_fit` periods of data (which decide how many
/// harmonics and whether the events and the weekday are fitted), over all `n` periods.
#[derive(Clone)]
struct Design {
    n: usize,
    /// Columns, each `n` long: intercept, trend, harmonics (sine, cosine), events, weekdays.
    base: Vec<f64>,
    p0: usize,
    trend: bool,
    harmonics: usize,
    per_year: f64,
    /// The last column is the attributed channels' summed contribution.
    extra: bool,
}

impl Design {
    /// No baseline at all (a channel's own attributed revenue has none).
    fn empty(n: usize) -> Self {
        Self {
            n,
            base: Vec::new(),
            p0: 0,
            trend: false,
            harmonics: 0,
            per_year: 52.18,
            extra: false,
        }
    }

    /// The baseline's columns, then `extra` (each `n` long) as free columns after them.
    fn new(
        dates: &[NaiveDate],
        period_days: u32,
        n: usize,
        n_fit: usize,
        extra: Option<&[f64]>,
    ) -> Self {
        let per_year = 365.25 / f64::from(period_days.max(1));
        let years = n_fit as f64 / per_year;
        let trend = n_fit >= 8;
        let harmonics = if per_year < 2.0 {
            0
        } else if years >= 1.5 {
            2
        } else if years >= 0.9 {
            1
        } else {
            0
        };
        let mut base = vec![1.0; n];
        if trend {
            let scale = (n.max(2) - 1) as f64;
            base.extend((0..n).map(|t| t as f64 / scale));
        }
        for k in 1..=harmonics {
            let w = 2.0 * std::f64::consts::PI * k as f64 / per_year;
            base.extend((0..n).map(|t| libm::sin(w * t as f64)));
            base.extend((0..n).map(|t| libm::cos(w * t as f64)));
        }
        let dated = dates.len() == n;
        if dated && period_days <= 7 && n_fit as f64 * f64::from(period_days) >= 182.0 {
            for e in RetailEvent::ALL {
                let col: Vec<f64> = dates.iter().map(|d| e.share(*d, period_days)).collect();
                if col[..n_fit].iter().any(|v| *v > 0.0) {
                    base.extend(col);
                }
            }
        }
        if dated && period_days == 1 && n_fit >= 28 {
            for k in 0..6 {
                base.extend(
                    dates
                        .iter()
                        .map(|d| match d.weekday().num_days_from_monday() {
                            w if w == k => 1.0,
                            6 => -1.0,
                            _ => 0.0,
                        }),
                );
            }
        }
        let extra = extra.filter(|c| c.len() == n && n > 0);
        if let Some(col) = extra {
            base.extend_from_slice(col);
        }
        let p0 = base.len() / n.max(1);
        Self {
            n,
            base,
            p0,
            trend,
            harmonics,
            per_year,
            extra: extra.is_some(),
        }
    }

    /// The same design with another attribution column (`self` must have one).
    fn with_extra(&self, col: &[f64]) -> Self {
        let mut d = self.clone();
        if d.extra && col.len() == d.n {
            let from = (d.p0 - 1) * d.n;
            d.base[from..from + d.n].copy_from_slice(col);
        }
        d
    }

    /// The first column whose coefficient is kept ≥ 0 besides the intercept: the channels, and
    /// the attribution column before them (revenue cannot fall with what the platforms claim).
    fn non_negative_from(&self) -> usize {
        if self.extra {
            self.p0 - 1
        } else {
            self.p0
        }
    }

    fn col(&self, j: usize) -> &[f64] {
        &self.base[j * self.n..(j + 1) * self.n]
    }
}

/// Symmetric positive semi-definite k×k `a` (row-major) → its Cholesky factor in place, with a
/// tiny ridge; a column that depends on the earlier ones gets a huge pivot, so its coefficient
/// comes out 0.
fn cholesky(a: &mut [f64], k: usize) {
    let max_diag = (0..k).map(|i| a[i * k + i]).fold(0.0, f64::max);
    let floor = 1e-13 * max_diag.max(1e-300);
    for j in 0..k {
        let orig = a[j * k + j];
        let mut d = orig * (1.0 + 1e-10) + floor;
        for m in 0..j {
            d -= a[j * k + m] * a[j * k + m];
        }
        let positive = d.is_finite() && d > 1e-11 * orig.max(floor);
        let dependent = !positive;
        let l = if dependent { 1e150 } else { d.sqrt() };
        a[j * k + j] = l;
        for i in j + 1..k {
            let mut v = a[i * k + j];
            for m in 0..j {
                v -= a[i * k + m] * a[j * k + m];
            }
            a[i * k + j] = if dependent { 0.0 } else { v / l };
        }
    }
}

/// Solves L·z = b (forward) in place.
fn forward(l: &[f64], k: usize, z: &mut [f64]) {
    for i in 0..k {
        let mut v = z[i];
        for m in 0..i {
            v -= l[i * k + m] * z[m];
        }
        z[i] = v / l[i * k + i];
    }
}

/// Solves Lᵀ·z = b (backward) in place.
fn backward(l: &[f64], k: usize, z: &mut [f64]) {
    for i in (0..k).rev() {
        let mut v = z[i];
        for m in i + 1..k {
            v -= l[m * k + i] * z[m];
        }
        z[i] = v / l[i * k + i];
    }
}

/// Scratch of the linear solves, allocated once per fit.
#[derive(Default)]
struct Scratch {
    idx: Vec<usize>,
    a: Vec<f64>,
    z: Vec<f64>,
    passive: Vec<bool>,
}

/// Least squares on the normal equations, β ≥ 0 for the columns from `p0` on: minimizes
/// yy − 2·bᵀr + bᵀGb over the columns in `include`. Writes the coefficients (0 outside the
/// final passive set, which stays in `s.passive`) and returns the sum of squared residuals.
fn nnls(
    gram: &[f64],
    rhs: &[f64],
    yy: f64,
    p0: usize,
    include: &[bool],
    coef: &mut [f64],
    s: &mut Scratch,
) -> f64 {
    let p = rhs.len();
    s.passive.clear();
    s.passive.extend_from_slice(include);
    let mut additions = 0;
    loop {
        solve_passive(gram, rhs, &s.passive, coef, &mut s.idx, &mut s.a, &mut s.z);
        // The most negative β leaves; then a channel left out comes back if it would help.
        let worst = (0..p)
            .filter(|j| (*j == 0 || *j >= p0) && s.passive[*j] && coef[*j] < 0.0)
            .min_by(|a, b| {
                let ka = coef[*a] * gram[a * p + a].sqrt();
                let kb = coef[*b] * gram[b * p + b].sqrt();
                ka.total_cmp(&kb)
            });
        if let Some(j) = worst {
            s.passive[j] = false;
            continue;
        }
        if additions >= p {
            break;
        }
        let mut best: Option<(usize, f64)> = None;
        for j in (0..p).filter(|j| *j == 0 || *j >= p0) {
            if include[j] && !s.passive[j] {
                let mut grad = rhs[j];
                for (m, c) in coef.iter().enumerate() {
                    grad -= gram[j * p + m] * c;
                }
                let scaled = grad / (gram[j * p + j] * yy).sqrt().max(1e-300);
                if scaled > 1e-9 && best.is_none_or(|(_, g)| scaled > g) {
                    best = Some((j, scaled));
                }
            }
        }
        match best {
            Some((j, _)) => {
                s.passive[j] = true;
                additions += 1;
            }
            None => break,
        }
    }
    sse_of(gram, rhs, yy, coef)
}

/// yy − 2·bᵀr + bᵀGb, at least 0.
fn sse_of(gram: &[f64], rhs: &[f64], yy: f64, coef: &[f64]) -> f64 {
    let p = rhs.len();
    let mut sse = yy;
    for i in 0..p {
        if coef[i] == 0.0 {
            continue;
        }
        let mut gi = 0.0;
        for j in 0..p {
            gi += gram[i * p + j] * coef[j];
        }
        sse += coef[i] * (gi - 2.0 * rhs[i]);
    }
    sse.max(0.0)
}

/// Unconstrained least squares over the columns in `passive`; 0 elsewhere.
fn solve_passive(
    gram: &[f64],
    rhs: &[f64],
    passive: &[bool],
    coef: &mut [f64],
    idx: &mut Vec<usize>,
    a: &mut Vec<f64>,
    z: &mut Vec<f64>,
) {
    let p = rhs.len();
    idx.clear();
    idx.extend((0..p).filter(|i| passive[*i]));
    let k = idx.len();
    a.clear();
    for &i in idx.iter() {
        for &j in idx.iter() {
            a.push(gram[i * p + j]);
        }
    }
    z.clear();
    z.extend(idx.iter().map(|&i| rhs[i]));
    cholesky(a, k);
    forward(a, k, z);
    backward(a, k, z);
    coef.iter_mut().for_each(|c| *c = 0.0);
    for (m, &i) in idx.iter().enumerate() {
        coef[i] = if z[m].is_finite() { z[m] } else { 0.0 };
    }
}

/// Buffers of the Levenberg–Marquardt refinement, kept between iterations and fits.
#[derive(Default)]
struct LmScratch {
    /// (channel, parameter) of each column of the Jacobian.
    params: Vec<(usize, usize)>,
    jac: Vec<f64>,
    resid: Vec<f64>,
    g: Vec<f64>,
    h: Vec<f64>,
    /// XᵀWJ, then L⁻¹XᵀWJ.
    xwj: Vec<f64>,
    lg: Vec<f64>,
    z: Vec<f64>,
    passive: Vec<usize>,
    /// The damped matrix, factorised.
    m: Vec<f64>,
    step: Vec<f64>,
    frozen: Vec<bool>,
    shapes: Vec<Shape>,
}

impl LmScratch {
    /// The step (H + λ·diag H)·δ = g; a parameter at a bound that the step would push
    /// outward is held there (its row dropped) and the step solved again.
    fn damped_step(&mut self, lambda: f64, shapes: &[Shape]) {
        let q = self.params.len();
        self.frozen.clear();
        self.frozen.resize(q, false);
        self.m.resize(q * q, 0.0);
        self.step.resize(q, 0.0);
        for _ in 0..2 {
            self.m.copy_from_slice(&self.h[..q * q]);
            for a in 0..q {
                self.m[a * q + a] = self.h[a * q + a].max(0.0) * (1.0 + lambda) + 1e-12;
                self.step[a] = self.g[a];
            }
            for a in 0..q {
                if self.frozen[a] {
                    for b in 0..q {
                        self.m[a * q + b] = 0.0;
                        self.m[b * q + a] = 0.0;
                    }
                    self.m[a * q + a] = 1.0;
                    self.step[a] = 0.0;
                }
            }
            cholesky(&mut self.m, q);
            forward(&self.m, q, &mut self.step);
            backward(&self.m, q, &mut self.step);
            let mut more = false;
            for a in 0..q {
                let (c, k) = self.params[a];
                let (lo, hi) = bounds(k);
                let v = shapes[c].get(k);
                if !self.step[a].is_finite() {
                    self.step[a] = 0.0;
                }
                if !self.frozen[a]
                    && ((v <= lo + 1e-12 && self.step[a] < 0.0)
                        || (v >= hi - 1e-12 && self.step[a] > 0.0))
                {
                    self.frozen[a] = true;
                    more = true;
                }
            }
            if !more {
                break;
            }
        }
    }
}

/// The channels' shapes, columns and the normal equations they give.
#[derive(Clone)]
struct State {
    shapes: Vec<Shape>,
    /// Channel columns, each n long.
    h: Vec<f64>,
    /// ln adstock of each channel column (−∞ where 0), each n long.
    lnx: Vec<f64>,
    /// Normal equations of all columns (baseline, then channels), p × p.
    gram: Vec<f64>,
    rhs: Vec<f64>,
    coef: Vec<f64>,
    sse: f64,
}

/// One weighted fit: the design, the channels, the weights of the periods.
struct Engine<'a> {
    design: &'a Design,
    channels: &'a [Channel],
    y: &'a [f64],
    w: Vec<f64>,
    yy: f64,
    n: usize,
    p0: usize,
    p: usize,
    /// Columns in the model (a fixed-shape channel that the baseline explains drops out).
    include: Vec<bool>,
    cur: State,
    cand: State,
    scratch: Scratch,
    /// Scratch columns, each n long.
    col: Vec<f64>,
    lnx: Vec<f64>,
    wh: Vec<f64>,
    pw: Vec<f64>,
    /// The noise variance the shape priors are weighed with (0: no priors).
    prior: f64,
    lm: LmScratch,
}

impl<'a> Engine<'a> {
    fn new(
        design: &'a Design,
        channels: &'a [Channel],
        y: &'a [f64],
        w: Vec<f64>,
        shapes: &[Shape],
    ) -> Self {
        let n = design.n;
        let p0 = design.p0;
        let cc = channels.len();
        let p = p0 + cc;
        let yy = y.iter().zip(&w).map(|(y, w)| w * y * y).sum();
        let mut gram = vec![0.0; p * p];
        let mut rhs = vec![0.0; p];
        let mut wh = vec![0.0; n];
        for i in 0..p0 {
            let ci = design.col(i);
            weighted(&mut wh, &w, ci);
            rhs[i] = dot(&wh, y);
            for j in 0..=i {
                let v = dot(&wh, design.col(j));
                gram[i * p + j] = v;
                gram[j * p + i] = v;
            }
        }
        let state = State {
            shapes: shapes.to_vec(),
            h: vec![0.0; cc * n],
            lnx: vec![0.0; cc * n],
            gram,
            rhs,
            coef: vec![0.0; p],
            sse: yy,
        };
        let mut engine = Self {
            design,
            channels,
            y,
            w,
            yy,
            n,
            p0,
            p,
            include: vec![true; p],
            cur: state.clone(),
            cand: state,
            scratch: Scratch::default(),
            col: vec![0.0; n],
            lnx: vec![0.0; n],
            wh,
            pw: vec![0.0; n],
            prior: 0.0,
            lm: LmScratch::default(),
        };
        for (c, shape) in shapes.iter().enumerate() {
            engine.channel_into_cur(c, *shape);
        }
        engine.drop_unidentified();
        engine.solve_cur();
        engine
    }

    /// Recomputes channel `c` of the current state with `shape`.
    fn channel_into_cur(&mut self, c: usize, shape: Shape) {
        self.channels[c].column(shape, &mut self.col, &mut self.lnx);
        Self::store_column(
            &mut self.cur,
            c,
            shape,
            &self.col,
            &self.lnx,
            &self.w,
            self.design,
            self.y,
            &mut self.wh,
            self.p0,
        );
    }

    /// Stores column `col` as channel `c` of `st` with its normal equations.
    #[allow(clippy::too_many_arguments)]
    fn store_column(
        st: &mut State,
        c: usize,
        shape: Shape,
        col: &[f64],
        lnx: &[f64],
        w: &[f64],
        design: &Design,
        y: &[f64],
        wh: &mut [f64],
        p0: usize,
    ) {
        let n = col.len();
        let p = st.rhs.len();
        st.shapes[c] = shape;
        st.h[c * n..(c + 1) * n].copy_from_slice(col);
        st.lnx[c * n..(c + 1) * n].copy_from_slice(lnx);
        weighted(wh, w, col);
        let row = p0 + c;
        st.rhs[row] = dot(wh, y);
        for j in 0..p0 {
            let v = dot(wh, design.col(j));
            st.gram[row * p + j] = v;
            st.gram[j * p + row] = v;
        }
        for k in 0..p - p0 {
            let v = dot(wh, &st.h[k * n..(k + 1) * n]);
            st.gram[row * p + p0 + k] = v;
            st.gram[(p0 + k) * p + row] = v;
        }
    }

    /// Fixed-shape channels whose column the baseline explains (spend that never changed):
    /// their level cannot be told from the baseline's, so they leave the model.
    fn drop_unidentified(&mut self) {
        let (p, p0) = (self.p, self.p0);
        for (c, ch) in self.channels.iter().enumerate() {
            let row = p0 + c;
            let own = self.cur.gram[row * p + row];
            if ch.fixed.is_none() {
                continue;
            }
            if own.is_nan() || own <= 0.0 {
                self.include[row] = false;
                continue;
            }
            // Residual sum of squares of the column regressed on the baseline.
            let s = &mut self.scratch;
            s.a.clear();
            for i in 0..p0 {
                s.a.extend_from_slice(&self.cur.gram[i * p..i * p + p0]);
            }
            s.z.clear();
            s.z.extend((0..p0).map(|i| self.cur.gram[row * p + i]));
            let b: Vec<f64> = s.z.clone();
            cholesky(&mut s.a, p0);
            forward(&s.a, p0, &mut s.z);
            backward(&s.a, p0, &mut s.z);
            let explained: f64 = s.z.iter().zip(&b).map(|(a, b)| a * b).sum();
            if own - explained <= UNIDENTIFIED * own {
                self.include[row] = false;
            }
        }
    }

    fn solve_cur(&mut self) {
        self.cur.sse = nnls(
            &self.cur.gram,
            &self.cur.rhs,
            self.yy,
            self.design.non_negative_from(),
            &self.include,
            &mut self.cur.coef,
            &mut self.scratch,
        );
    }

    fn solve_cand(&mut self) {
        self.cand.sse = nnls(
            &self.cand.gram,
            &self.cand.rhs,
            self.yy,
            self.design.non_negative_from(),
            &self.include,
            &mut self.cand.coef,
            &mut self.scratch,
        );
    }

    /// One sweep of the coarse grid: each searched channel in turn takes the best of the grid's
    /// shapes (5 θ × 4 α × 5 κ), the others held.
    fn grid(&mut self) {
        for c in 0..self.channels.len() {
            if self.channels[c].fixed.is_none() && self.include[self.p0 + c] {
                let best = self.grid_channel(c);
                self.channel_into_cur(c, best);
                self.solve_cur();
            }
        }
    }

    /// The best grid shape for channel `c`, the others held.
    fn grid_channel(&mut self, c: usize) -> Shape {
        let (n, p, p0) = (self.n, self.p, self.p0);
        let row = p0 + c;
        let ch = &self.channels[c];
        let mut best = (
            self.cur.sse + self.penalty(self.cur.shapes[c]),
            self.cur.shapes[c],
        );
        self.cand.clone_from(&self.cur);
        for theta in GRID_THETA {
            ch.adstock(theta, &mut self.lnx);
            for v in self.lnx.iter_mut() {
                *v = if *v > 0.0 {
                    libm::log(*v)
                } else {
                    f64::NEG_INFINITY
                };
            }
            for alpha in GRID_ALPHA {
                // x^−α once; each κ then costs a multiplication per period.
                for (e, l) in self.pw.iter_mut().zip(&self.lnx) {
                    *e = libm::exp((-alpha * l).clamp(-700.0, 700.0));
                }
                for ratio in GRID_RATIO {
                    let shape = Shape {
                        theta,
                        alpha,
                        rho: libm::log(ratio),
                    };
                    let k = libm::exp((alpha * ch.ln_kappa(shape)).clamp(-700.0, 700.0));
                    for ((h, e), l) in self.col.iter_mut().zip(&self.pw).zip(&self.lnx) {
                        *h = if *l == f64::NEG_INFINITY {
                            0.0
                        } else {
                            1.0 / (1.0 + k * e)
                        };
                    }
                    // The candidate's row of the normal equations; the rest is the current.
                    weighted(&mut self.wh, &self.w, &self.col);
                    self.cand.rhs[row] = dot(&self.wh, self.y);
                    for j in 0..p {
                        let v = if j < p0 {
                            dot(&self.wh, self.design.col(j))
                        } else if j == row {
                            dot(&self.wh, &self.col)
                        } else {
                            dot(&self.wh, &self.cur.h[(j - p0) * n..(j - p0 + 1) * n])
                        };
                        self.cand.gram[row * p + j] = v;
                        self.cand.gram[j * p + row] = v;
                    }
                    self.solve_cand();
                    let objective = self.cand.sse + self.penalty(shape);
                    if objective < best.0 {
                        best = (objective, shape);
                    }
                }
            }
        }
        best.1
    }

    /// Levenberg–Marquardt on the shapes of the searched channels, the linear part projected
    /// out (Kaufman's approximation of the variable-projection Jacobian): at most `iterations`
    /// steps, until a step gains less than `tolerance` of the objective.
    fn refine(&mut self, iterations: usize, tolerance: f64) {
        let (n, p0) = (self.n, self.p0);
        let cc = self.channels.len();
        let mut lm = std::mem::take(&mut self.lm);
        let mut lambda = 1e-3;
        for _ in 0..iterations {
            // The parameters: θ, α, ρ of each searched channel still in the model.
            lm.params.clear();
            for c in 0..cc {
                if self.channels[c].fixed.is_none() && self.cur.coef[p0 + c] > 0.0 {
                    lm.params.extend((0..3).map(|k| (c, k)));
                }
            }
            let q = lm.params.len();
            if q == 0 || self.cur.sse <= 0.0 {
                break;
            }
            lm.resid.resize(n, 0.0);
            self.residuals(&mut lm.resid);
            // The Jacobian of the model by the shapes, β held: β·∂Hill/∂(θ, α, ρ).
            lm.jac.clear();
            lm.jac.resize(q * n, 0.0);
            for m in (0..q).step_by(3) {
                let c = lm.params[m].0;
                let beta = self.cur.coef[p0 + c];
                let (dt, rest) = lm.jac[m * n..(m + 3) * n].split_at_mut(n);
                let (da, dr) = rest.split_at_mut(n);
                self.channels[c].derivatives(
                    self.cur.shapes[c],
                    &self.cur.h[c * n..(c + 1) * n],
                    &self.cur.lnx[c * n..(c + 1) * n],
                    [dt, da, dr],
                );
                lm.jac[m * n..(m + 3) * n]
                    .iter_mut()
                    .for_each(|v| *v *= beta);
            }
            self.projected_normal_equations(&mut lm);
            // The priors: pseudo-residuals √σ²·(φ − μ)/s.
            if self.prior > 0.0 {
                for (a, &(c, k)) in lm.params.iter().enumerate() {
                    let (mu, sd) = PRIOR[k];
                    let weight = self.prior / (sd * sd);
                    lm.h[a * q + a] += weight;
                    lm.g[a] -= weight * (self.cur.shapes[c].get(k) - mu);
                }
            }
            let before = self.objective(&self.cur);
            // Damped steps until one lowers the objective.
            let mut accepted = None;
            while lambda < 1e10 {
                lm.damped_step(lambda, &self.cur.shapes);
                lm.shapes.clone_from(&self.cur.shapes);
                for (a, &(c, k)) in lm.params.iter().enumerate() {
                    let v = lm.shapes[c].get(k) + lm.step[a];
                    lm.shapes[c].set(k, v);
                    // The step as taken, after the bounds.
                    lm.step[a] = lm.shapes[c].get(k) - self.cur.shapes[c].get(k);
                }
                if lm.step.iter().all(|d| d.abs() < 1e-10) {
                    break;
                }
                self.cand.clone_from(&self.cur);
                for c in 0..cc {
                    if lm.shapes[c] != self.cur.shapes[c] {
                        self.channels[c].column(lm.shapes[c], &mut self.col, &mut self.lnx);
                        Self::store_column(
                            &mut self.cand,
                            c,
                            lm.shapes[c],
                            &self.col,
                            &self.lnx,
                            &self.w,
                            self.design,
                            self.y,
                            &mut self.wh,
                            p0,
                        );
                    }
                }
                self.solve_cand();
                let after = self.objective(&self.cand);
                if after < before {
                    // Gain ratio: the actual decrease against the quadratic model's,
                    // 2·gᵀδ − δᵀHδ; a poor model (a zig-zag) keeps the damping up.
                    let mut predicted = 0.0;
                    for a in 0..q {
                        let mut hd = 0.0;
                        for b in 0..q {
                            hd += lm.h[a * q + b] * lm.step[b];
                        }
                        predicted += lm.step[a] * (2.0 * lm.g[a] - hd);
                    }
                    let ratio = (before - after) / predicted.max(1e-300);
                    if ratio > 0.75 {
                        lambda = (lambda / 3.0).max(1e-9);
                    } else if ratio < 0.25 {
                        lambda *= 2.0;
                    }
                    std::mem::swap(&mut self.cur, &mut self.cand);
                    accepted = Some((before - after) / before.max(1e-300));
                    break;
                }
                lambda *= 4.0;
            }
            match accepted {
                Some(gain) if gain >= tolerance => {}
                _ => break,
            }
        }
        self.lm = lm;
    }

    /// y − model, per period (scaled).
    fn residuals(&self, out: &mut [f64]) {
        self.predict(out);
        for (r, y) in out.iter_mut().zip(self.y) {
            *r = y - *r;
        }
    }

    /// The gradient g = JᵀW·r and the Gauss–Newton matrix of the projected problem,
    /// H = JᵀWJ − (XᵀWJ)ᵀ(XᵀWX)⁻¹(XᵀWJ) over the columns X in the model (Kaufman).
    fn projected_normal_equations(&mut self, lm: &mut LmScratch) {
        let (n, p, p0) = (self.n, self.p, self.p0);
        let q = lm.params.len();
        lm.g.clear();
        lm.g.resize(q, 0.0);
        lm.h.clear();
        lm.h.resize(q * q, 0.0);
        lm.xwj.clear();
        lm.passive.clear();
        lm.passive
            .extend((0..p).filter(|j| self.cur.coef[*j] != 0.0));
        let k = lm.passive.len();
        lm.xwj.resize(k * q, 0.0);
        for a in 0..q {
            let ja = &lm.jac[a * n..(a + 1) * n];
            weighted(&mut self.wh, &self.w, ja);
            lm.g[a] = dot(&self.wh, &lm.resid);
            for b in 0..=a {
                let v = dot(&self.wh, &lm.jac[b * n..(b + 1) * n]);
                lm.h[a * q + b] = v;
                lm.h[b * q + a] = v;
            }
            for (m, &j) in lm.passive.iter().enumerate() {
                let col = if j < p0 {
                    self.design.col(j)
                } else {
                    &self.cur.h[(j - p0) * n..(j - p0 + 1) * n]
                };
                lm.xwj[m * q + a] = dot(&self.wh, col);
            }
        }
        if k == 0 {
            return;
        }
        lm.lg.clear();
        for &i in &lm.passive {
            for &j in &lm.passive {
                lm.lg.push(self.cur.gram[i * p + j]);
            }
        }
        cholesky(&mut lm.lg, k);
        // Z = L⁻¹·XᵀWJ, column by column; then H −= ZᵀZ.
        for a in 0..q {
            lm.z.clear();
            lm.z.extend((0..k).map(|m| lm.xwj[m * q + a]));
            forward(&lm.lg, k, &mut lm.z);
            for m in 0..k {
                lm.xwj[m * q + a] = lm.z[m];
            }
        }
        for a in 0..q {
            for b in 0..=a {
                let mut v = 0.0;
                for m in 0..k {
                    v += lm.xwj[m * q + a] * lm.xwj[m * q + b];
                }
                lm.h[a * q + b] -= v;
                if a != b {
                    lm.h[b * q + a] -= v;
                }
            }
        }
    }

    /// The penalty of the shape priors on a searched channel's shape, in units of the sum of
    /// squares: σ²·Σ ((φ − μ) / s)².
    fn penalty(&self, shape: Shape) -> f64 {
        if self.prior <= 0.0 {
            return 0.0;
        }
        (0..3)
            .map(|k| {
                let (mu, sd) = PRIOR[k];
                let z = (shape.get(k) - mu) / sd;
                z * z
            })
            .sum::<f64>()
            * self.prior
    }

    /// Sum of squares plus the priors' penalty.
    fn objective(&self, st: &State) -> f64 {
        let mut v = st.sse;
        for (c, ch) in self.channels.iter().enumerate() {
            if ch.fixed.is_none() && self.include[self.p0 + c] {
                v += self.penalty(st.shapes[c]);
            }
        }
        v
    }

    /// The whole search: a grid sweep without priors, whose residual variance weighs the
    /// priors, a second sweep and the refinement with them.
    fn search(&mut self) {
        self.grid();
        self.prior = self.residual_variance();
        self.grid();
        self.refine(LM_ITERATIONS, LM_TOLERANCE);
    }

    /// The residual variance of the current state (degrees of freedom: the linear coefficients
    /// and three per searched channel): the noise the priors are weighed against.
    fn residual_variance(&self) -> f64 {
        let weight: f64 = self.w.iter().sum();
        let searched = self.channels.iter().filter(|c| c.fixed.is_none()).count();
        let dof = (weight - (self.p + 3 * searched) as f64).max(1.0);
        self.cur.sse / dof
    }

    /// The model's value of each period (scaled).
    fn predict(&self, out: &mut [f64]) {
        let n = self.n;
        out.iter_mut().for_each(|v| *v = 0.0);
        for j in 0..self.p0 {
            let b = self.cur.coef[j];
            for (o, x) in out.iter_mut().zip(self.design.col(j)) {
                *o += b * x;
            }
        }
        for c in 0..self.channels.len() {
            let b = self.cur.coef[self.p0 + c];
            for (o, x) in out.iter_mut().zip(&self.cur.h[c * n..(c + 1) * n]) {
                *o += b * x;
            }
        }
    }

    /// The baseline's trend and seasonality, in money (the event lifts stay in the fitted
    /// values: [`Baseline`] has no place for them).
    fn baseline(&self, scale: f64) -> Baseline {
        let d = self.design;
        let coef = |j: usize| self.cur.coef.get(j).copied().unwrap_or(0.0) * scale;
        let first_harmonic = if d.trend { 2 } else { 1 };
        Baseline {
            intercept: if d.p0 > 0 { coef(0) } else { 0.0 },
            trend: if d.trend {
                coef(1) / (d.n.max(2) - 1) as f64
            } else {
                0.0
            },
            season: (0..d.harmonics)
                .map(|k| {
                    (
                        coef(first_harmonic + 2 * k),
                        coef(first_harmonic + 2 * k + 1),
                    )
                })
                .collect(),
            periods_per_year: d.per_year,
        }
    }

    /// The coefficient of the attributed channels' column: how much of their attributed
    /// contribution the revenue bears out.
    fn attribution_factor(&self) -> Option<f64> {
        (self.design.extra && self.p0 > 0).then(|| self.cur.coef[self.p0 - 1])
    }

    /// Channel `c`'s fitted curve, in money (`scale` = the revenue's scale).
    fn curve(&self, c: usize, scale: f64) -> ResponseCurve {
        self.channels[c].curve(self.cur.shapes[c], self.cur.coef[self.p0 + c] * scale)
    }
}

/// out = w ∘ x.
fn weighted(out: &mut [f64], w: &[f64], x: &[f64]) {
    for ((o, w), x) in out.iter_mut().zip(w).zip(x) {
        *o = w * x;
    }
}

/// Σ aᵢ·bᵢ, with four running sums (in a fixed order: the same bits everywhere).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut s = [0.0; 4];
    for (x, y) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
        s[0] += x[0] * y[0];
        s[1] += x[1] * y[1];
        s[2] += x[2] * y[2];
        s[3] += x[3] * y[3];
    }
    for k in n - n % 4..n {
        s[0] += a[k] * b[k];
    }
    (s[0] + s[1]) + (s[2] + s[3])
}

/// What the spend says about a channel.
fn classify(spend: &[f64]) -> ChannelInfo {
    let active: Vec<f64> = spend.iter().copied().filter(|s| *s > 0.0).collect();
    if active.is_empty() {
        return ChannelInfo::NeverActive;
    }
    let mean = active.iter().sum::<f64>() / active.len() as f64;
    let var = active.iter().map(|s| (s - mean) * (s - mean)).sum::<f64>() / active.len() as f64;
    if active.len() < MIN_ACTIVE_PERIODS || var.sqrt() < MIN_SPEND_CV * mean {
        ChannelInfo::ConstantSpend
    } else {
        ChannelInfo::Fitted
    }
}

/// The revenue series as fitted: scaled to a mean absolute value of about 1 (so the normal
/// equations are well scaled), missing values at weight 0.
struct Revenue {
    y: Vec<f64>,
    valid: Vec<bool>,
    scale: f64,
    /// Weight of each period in the least squares (1, or 0 where missing; relative weights
    /// for the attribution's proportional errors).
    w: Vec<f64>,
}

impl Revenue {
    fn new(revenue: &[f64]) -> Self {
        let valid: Vec<bool> = revenue.iter().map(|r| r.is_finite()).collect();
        let count = valid.iter().filter(|v| **v).count();
        let mean_abs = revenue
            .iter()
            .filter(|r| r.is_finite())
            .map(|r| r.abs())
            .sum::<f64>()
            / count.max(1) as f64;
        let scale = if mean_abs > 0.0 && mean_abs.is_finite() {
            mean_abs
        } else {
            1.0
        };
        let y = revenue
            .iter()
            .map(|r| if r.is_finite() { r / scale } else { 0.0 })
            .collect();
        let w = valid.iter().map(|v| if *v { 1.0 } else { 0.0 }).collect();
        Self { y, valid, scale, w }
    }

    fn weight(&self, t: usize) -> f64 {
        self.w[t]
    }

    fn any(&self) -> bool {
        self.valid.iter().any(|v| *v)
    }
}

/// The channels that enter the model (all but the never active), with their starting shapes.
fn model_channels(spend: &[Vec<f64>], info: &[ChannelInfo]) -> (Vec<Channel>, Vec<Shape>) {
    let channels: Vec<Channel> = spend
        .iter()
        .enumerate()
        .filter(|(c, _)| info[*c] != ChannelInfo::NeverActive)
        .map(|(c, s)| {
            let n = s.len();
            let mean = s.iter().sum::<f64>() / n.max(1) as f64;
            let first = &s[..n.min(START_PERIODS)];
            let start = first.iter().sum::<f64>() / first.len().max(1) as f64;
            // Spend that barely varied: the assumed shape, half-saturated at the mean spend
            // when active.
            let fixed = (info[c] == ChannelInfo::ConstantSpend).then(|| {
                let active: Vec<f64> = s.iter().copied().filter(|v| *v > 0.0).collect();
                let active_mean = active.iter().sum::<f64>() / active.len().max(1) as f64;
                Shape {
                    theta: ASSUMED_THETA,
                    alpha: ASSUMED_ALPHA,
                    rho: libm::log(active_mean / mean),
                }
            });
            Channel {
                index: c,
                spend: s.clone(),
                ln_mean: libm::log(mean),
                start,
                fixed,
            }
        })
        .collect();
    let start = channels
        .iter()
        .map(|c| {
            c.fixed.unwrap_or(Shape {
                theta: PRIOR[0].0,
                alpha: PRIOR[1].0,
                rho: PRIOR[2].0,
            })
        })
        .collect();
    (channels, start)
}

/// Fits the first `n − held` periods and measures the prediction of the last `held`: MAPE
/// (over periods with non-zero revenue) and R².
fn holdout_quality(
    data: &BudgetData,
    revenue: &Revenue,
    channels: &[Channel],
    start: &[Shape],
    held: usize,
    extra: Option<&[f64]>,
) -> (Option<f64>, Option<f64>) {
    let n = revenue.y.len();
    let n_train = n - held;
    let design = Design::new(&data.periods, data.period_days.max(1), n, n_train, extra);
    let w = (0..n)
        .map(|t| if t < n_train { revenue.weight(t) } else { 0.0 })
        .collect();
    let mut engine = Engine::new(&design, channels, &revenue.y, w, start);
    engine.search();
    let mut pred = vec![0.0; n];
    engine.predict(&mut pred);
    let test: Vec<(f64, f64)> = (n_train..n)
        .filter(|t| revenue.valid[*t])
        .map(|t| (revenue.y[t], pred[t]))
        .collect();
    let ape: Vec<f64> = test
        .iter()
        .filter(|(a, _)| *a != 0.0)
        .map(|(a, f)| ((a - f) / a).abs())
        .collect();
    let mape = (!ape.is_empty()).then(|| ape.iter().sum::<f64>() / ape.len() as f64);
    (
        mape.filter(|v| v.is_finite()),
        r_squared(&test).filter(|v| v.is_finite()),
    )
}

/// The bootstrap: `draws` moving-block resamples of the periods (blocks of about n^⅓
/// periods, drawn circularly with replacement) as weights; each refitted from the full fit's
/// shapes, with draw d's attribution column `columns[d]` where given. Curves per model channel.
fn bootstrap(
    full: &Engine,
    revenue: &Revenue,
    draws: usize,
    seed: u64,
    columns: &[Vec<f64>],
) -> Resamples {
    let n = full.n;
    let mut curves = vec![Vec::with_capacity(draws); full.channels.len()];
    let mut factors = Vec::new();
    if draws == 0 || n == 0 {
        return Resamples { curves, factors };
    }
    let block = (libm::round(libm::cbrt(n as f64)) as usize).clamp(1, n);
    let blocks = n.div_ceil(block);
    let mut rng = Rand::new(seed);
    let mut w = vec![0.0; n];
    for d in 0..draws {
        w.iter_mut().for_each(|v| *v = 0.0);
        for _ in 0..blocks {
            let first = rng.below(u32::try_from(n).unwrap_or(u32::MAX)) as usize;
            for i in 0..block {
                let t = (first + i) % n;
                w[t] += revenue.weight(t);
            }
        }
        // The attribution column of this draw's attribution curves (their uncertainty is
        // part of the check's).
        let own;
        let design = match columns.get(d) {
            Some(col) => {
                own = full.design.with_extra(col);
                &own
            }
            None => full.design,
        };
        let mut engine = Engine::new(
            design,
            full.channels,
            &revenue.y,
            w.clone(),
            &full.cur.shapes,
        );
        engine.prior = full.prior;
        engine.refine(LM_BOOTSTRAP_ITERATIONS, LM_BOOTSTRAP_TOLERANCE);
        for (c, list) in curves.iter_mut().enumerate() {
            list.push(engine.curve(c, revenue.scale));
        }
        if let Some(m) = engine.attribution_factor() {
            factors.push(m);
        }
    }
    Resamples { curves, factors }
}

/// The bootstrap's refits.
struct Resamples {
    /// Curves per model channel, one per draw.
    curves: Vec<Vec<ResponseCurve>>,
    /// The attribution factor of each draw (empty without attributed channels).
    factors: Vec<f64>,
}

/// The curve of a channel that is not in the model: β = 0.
const ZERO_CURVE: ResponseCurve = ResponseCurve {
    theta: 0.0,
    alpha: 1.0,
    kappa: 1.0,
    beta: 0.0,
};

/// The fewest periods with an attributed revenue for a channel's curve to be fitted to it.
const MIN_ATTRIBUTED_PERIODS: usize = 13;

/// The least R² of a curve fitted to a platform's attribution for it to be used: below it the
/// attributed revenue does not follow the channel's spend (a platform reporting a flat figure,
/// or revenue in weeks the channel was off), and the channel is fitted to the revenue.
const MIN_ATTRIBUTION_R2: f64 = 0.5;

/// The floor of a period's fitted attribution, as a share of the mean, in the weights of the
/// attribution fit (1 / fitted²).
const ATTRIBUTION_WEIGHT_FLOOR: f64 = 0.2;

/// A channel fitted to its platform's attributed revenue.
struct Attributed {
    curve: ResponseCurve,
    bootstrap: Vec<ResponseCurve>,
    /// β·Hill(adstock) per period, in money.
    contribution: Vec<f64>,
    /// R² of the curve against the attributed revenue (the periods fitted).
    r_squared: f64,
}

impl Attributed {
    /// Draw `d`'s contribution per period, in money (the carry-over into the data as the fit's).
    fn draw_contribution(&self, channel: &Channel, d: usize) -> Vec<f64> {
        let Some(c) = self.bootstrap.get(d) else {
            return self.contribution.clone();
        };
        c.path(&channel.spend, channel.start / (1.0 - c.theta))
    }
}

/// Fits `channel`'s curve to its attributed revenue over the first `n_fit` periods, with
/// `draws` bootstrap resamples: the same search as the marketing-mix model (grid, weak priors
/// weighed with the residual variance, Levenberg–Marquardt), without a baseline.
fn fit_attributed(
    channel: &Channel,
    attributed: &[Option<f64>],
    n_fit: usize,
    draws: usize,
    seed: u64,
) -> Attributed {
    let n = channel.spend.len();
    let values: Vec<f64> = (0..n)
        .map(|t| {
            attributed
                .get(t)
                .copied()
                .flatten()
                .filter(|v| t < n_fit && v.is_finite() && *v >= 0.0)
                .unwrap_or(f64::NAN)
        })
        .collect();
    let mut target = Revenue::new(&values);
    let design = Design::empty(n);
    let w = (0..n).map(|t| target.weight(t)).collect();
    let start = [Shape {
        theta: PRIOR[0].0,
        alpha: PRIOR[1].0,
        rho: PRIOR[2].0,
    }];
    let mut engine = Engine::new(&design, std::slice::from_ref(channel), &target.y, w, &start);
    engine.search();
    // The platform's error is proportional to what it attributes: weigh each period by
    // 1 / fitted², relative to the mean (floored at a fifth of the mean, so that weeks where
    // the channel brings next to nothing do not take over), and fit again from the shape found.
    let mut pred = vec![0.0; n];
    engine.predict(&mut pred);
    let fitted: Vec<f64> = (0..n)
        .filter(|t| target.valid[*t])
        .map(|t| pred[t])
        .collect();
    let mean = fitted.iter().sum::<f64>() / fitted.len().max(1) as f64;
    if mean > 0.0 && mean.is_finite() {
        for (t, w) in target.w.iter_mut().enumerate() {
            if target.valid[t] {
                let f = pred[t].max(ATTRIBUTION_WEIGHT_FLOOR * mean) / mean;
                *w = 1.0 / (f * f);
            }
        }
        let shapes = engine.cur.shapes.clone();
        engine = Engine::new(
            &design,
            std::slice::from_ref(channel),
            &target.y,
            target.w.clone(),
            &shapes,
        );
        engine.search();
        engine.predict(&mut pred);
    }
    let pairs: Vec<(f64, f64)> = (0..n)
        .filter(|t| target.valid[*t])
        .map(|t| (target.y[t], pred[t]))
        .collect();
    let mut resamples = bootstrap(&engine, &target, draws, seed, &[]);
    let beta = engine.cur.coef[0] * target.scale;
    Attributed {
        curve: engine.curve(0, target.scale),
        bootstrap: resamples.curves.pop().unwrap_or_default(),
        contribution: engine.cur.h[..n].iter().map(|h| beta * h).collect(),
        r_squared: r_squared(&pairs).filter(|v| v.is_finite()).unwrap_or(0.0),
    }
}

/// Whether channel `c` has an attribution to fit to: spend that varied, and an attributed
/// revenue (finite, ≥ 0) in at least [`MIN_ATTRIBUTED_PERIODS`] of the `n` periods, not all 0.
fn has_attribution(data: &BudgetData, info: &[ChannelInfo], c: usize, n: usize) -> bool {
    let Some(series) = data.channels.get(c) else {
        return false;
    };
    let values = || {
        series
            .attributed
            .iter()
            .take(n)
            .flatten()
            .filter(|v| v.is_finite() && **v >= 0.0)
    };
    info[c] == ChannelInfo::Fitted
        && values().count() >= MIN_ATTRIBUTED_PERIODS
        && values().any(|v| *v > 0.0)
}

/// Fits the response curves and the baseline to the data.
pub fn fit(data: &BudgetData, options: &FitOptions) -> Fit {
    let n = data.revenue.len();
    let spend: Vec<Vec<f64>> = data
        .channels
        .iter()
        .map(|c| {
            (0..n)
                .map(|t| {
                    c.spend
                        .get(t)
                        .copied()
                        .filter(|s| s.is_finite() && *s > 0.0)
                        .unwrap_or(0.0)
                })
                .collect()
        })
        .collect();
    let info: Vec<ChannelInfo> = spend.iter().map(|s| classify(s)).collect();
    let revenue = Revenue::new(&data.revenue);
    let draws = if revenue.any() {
        options.bootstrap.min(MAX_BOOTSTRAP)
    } else {
        0
    };
    let attributable: Vec<bool> = (0..data.channels.len())
        .map(|c| has_attribution(data, &info, c, n))
        .collect();
    let attribution_available = attributable.contains(&true);
    let (all, all_start) = model_channels(&spend, &info);

    // Channels with a usable attribution are fitted to it (on all periods, with the bootstrap)
    // and leave the marketing-mix model; their summed contribution enters it as one column
    // with a factor ≥ 0 (the check). An attribution the curve does not explain is not used.
    let mut attribution_r_squared = vec![None; data.channels.len()];
    let mut attributed_channels = Vec::new();
    let mut attributed = Vec::new();
    let mut modelled = Vec::new();
    for (k, (channel, start)) in all.into_iter().zip(all_start).enumerate() {
        if options.use_attribution && attributable[channel.index] {
            let a = fit_attributed(
                &channel,
                &data.channels[channel.index].attributed,
                n,
                draws,
                options.seed.wrapping_add(k as u64 + 1),
            );
            attribution_r_squared[channel.index] = Some(a.r_squared);
            if a.r_squared >= MIN_ATTRIBUTION_R2 {
                attributed_channels.push(channel);
                attributed.push(a);
                continue;
            }
        }
        modelled.push((channel, start));
    }
    let (channels, start): (Vec<Channel>, Vec<Shape>) = modelled.into_iter().unzip();
    // Σ of the attributed contributions per period, in the revenue's scale.
    let column = |contributions: &[Vec<f64>]| -> Option<Vec<f64>> {
        (!contributions.is_empty()).then(|| {
            (0..n)
                .map(|t| contributions.iter().map(|c| c[t]).sum::<f64>() / revenue.scale)
                .collect()
        })
    };

    // Held-out periods: fitted without them (the attribution too), predicted.
    let share = if options.holdout.is_finite() {
        options.holdout.clamp(0.0, 0.5)
    } else {
        0.0
    };
    let mut held = libm::round(n as f64 * share) as usize;
    if n.saturating_sub(held) < MIN_TRAINING_PERIODS || !revenue.any() {
        held = 0;
    }
    let (holdout_mape, holdout_r_squared) = if held > 0 {
        let training: Vec<Vec<f64>> = attributed_channels
            .iter()
            .enumerate()
            .map(|(k, c)| {
                fit_attributed(
                    c,
                    &data.channels[c.index].attributed,
                    n - held,
                    0,
                    options.seed.wrapping_add(k as u64 + 1),
                )
                .contribution
            })
            .collect();
        let col = column(&training);
        holdout_quality(data, &revenue, &channels, &start, held, col.as_deref())
    } else {
        (None, None)
    };

    // The fit on all periods, then the bootstrap around it (each draw with its own
    // attribution curves).
    let full_column = column(
        &attributed
            .iter()
            .map(|a| a.contribution.clone())
            .collect::<Vec<_>>(),
    );
    let draw_columns: Vec<Vec<f64>> = if attributed.is_empty() {
        Vec::new()
    } else {
        (0..draws)
            .filter_map(|d| {
                column(
                    &attributed
                        .iter()
                        .zip(&attributed_channels)
                        .map(|(a, c)| a.draw_contribution(c, d))
                        .collect::<Vec<_>>(),
                )
            })
            .collect()
    };
    let design = Design::new(
        &data.periods,
        data.period_days.max(1),
        n,
        n,
        full_column.as_deref(),
    );
    let w = (0..n).map(|t| revenue.weight(t)).collect();
    let mut engine = Engine::new(&design, &channels, &revenue.y, w, &start);
    if revenue.any() {
        engine.search();
    }
    let Resamples {
        curves: mut boot,
        factors: draw_factors,
    } = bootstrap(&engine, &revenue, draws, options.seed, &draw_columns);
    let mut pred = vec![0.0; n];
    engine.predict(&mut pred);
    let pairs: Vec<(f64, f64)> = (0..n)
        .filter(|t| revenue.valid[*t])
        .map(|t| (revenue.y[t], pred[t]))
        .collect();
    let total: f64 = pairs.iter().map(|(a, _)| a).sum();

    // The check; with channels fitted to the revenue beside the attributed ones, the attributed
    // curves are scaled by it so that all curves are on the revenue's scale (the split between
    // the two kinds depends on it).
    let factor = engine.attribution_factor().filter(|_| revenue.any());
    let applied =
        factor.is_some() && (0..channels.len()).any(|m| engine.cur.coef[design.p0 + m] > 0.0);
    let attribution_check = factor.map(|factor| {
        let mut sorted = draw_factors.clone();
        sorted.sort_by(f64::total_cmp);
        let at = |q: f64| {
            sorted
                .get(libm::round(q * (sorted.len().max(1) - 1) as f64) as usize)
                .copied()
                .unwrap_or(factor)
        };
        AttributionCheck {
            factor,
            band: (at(0.05), at(0.95)),
            applied,
        }
    });
    let m = factor.unwrap_or(1.0);

    // Per channel, in the data's order.
    let mut in_model = vec![None; data.channels.len()];
    for (k, c) in channels.iter().enumerate() {
        in_model[c.index] = Some(k);
    }
    let mut from_attribution = vec![None; data.channels.len()];
    for (k, c) in attributed_channels.iter().enumerate() {
        from_attribution[c.index] = Some(k);
    }
    let mut adstock = vec![0.0; n];
    let fits = data
        .channels
        .iter()
        .enumerate()
        .map(|(c, series)| {
            let s = &spend[c];
            let spend_range = s
                .iter()
                .filter(|v| **v > 0.0)
                .fold(None, |r: Option<(f64, f64)>, v| {
                    Some(r.map_or((*v, *v), |(lo, hi)| (lo.min(*v), hi.max(*v))))
                })
                .unwrap_or((0.0, 0.0));
            let recent = &s[n.saturating_sub(CURRENT_PERIODS)..];
            let current_spend = recent.iter().sum::<f64>() / recent.len().max(1) as f64;
            let (curve, last_adstock, contribution, bootstrap, source) =
                match (in_model[c], from_attribution[c]) {
                    (Some(k), _) => {
                        let curve = engine.curve(k, revenue.scale);
                        let last = channels[k].adstock(curve.theta, &mut adstock);
                        let beta = engine.cur.coef[design.p0 + k];
                        let contribution: f64 = (0..n)
                            .filter(|t| revenue.valid[*t])
                            .map(|t| beta * engine.cur.h[k * n + t])
                            .sum();
                        (
                            curve,
                            last,
                            contribution,
                            std::mem::take(&mut boot[k]),
                            CurveSource::Revenue,
                        )
                    }
                    (None, Some(k)) => {
                        let a = &mut attributed[k];
                        let last = attributed_channels[k].adstock(a.curve.theta, &mut adstock);
                        // The share of revenue the model of the revenue gives them: m × Σ.
                        let contribution: f64 = (0..n)
                            .filter(|t| revenue.valid[*t])
                            .map(|t| m.max(0.0) * a.contribution[t] / revenue.scale)
                            .sum();
                        let mut curve = a.curve;
                        let mut bootstrap = std::mem::take(&mut a.bootstrap);
                        if applied {
                            curve.beta *= m;
                            for (d, b) in bootstrap.iter_mut().enumerate() {
                                b.beta *= draw_factors.get(d).copied().unwrap_or(m);
                            }
                        }
                        (
                            curve,
                            last,
                            contribution,
                            bootstrap,
                            CurveSource::Attribution,
                        )
                    }
                    (None, None) => (
                        ZERO_CURVE,
                        0.0,
                        0.0,
                        vec![ZERO_CURVE; draws],
                        CurveSource::Revenue,
                    ),
                };
            ChannelFit {
                channel: series.channel.clone(),
                curve,
                info: info[c],
                spend_range,
                current_spend,
                last_adstock,
                contribution_share: if total > 0.0 {
                    contribution / total
                } else {
                    0.0
                },
                bootstrap,
                source,
                attribution_r_squared: attribution_r_squared[c],
            }
        })
        .collect();

    Fit {
        channels: fits,
        baseline: engine.baseline(revenue.scale),
        r_squared: r_squared(&pairs).filter(|v| v.is_finite()).unwrap_or(0.0),
        holdout_mape,
        holdout_r_squared,
        holdout_periods: held,
        fitted: pred.iter().map(|v| v * revenue.scale).collect(),
        attribution_check,
        attribution_available,
    }
}

/// R² of (actual, predicted) pairs; `None` for fewer than 2 or no variation.
fn r_squared(pairs: &[(f64, f64)]) -> Option<f64> {
    if pairs.len() < 2 {
        return None;
    }
    let mean = pairs.iter().map(|(a, _)| a).sum::<f64>() / pairs.len() as f64;
    let sst: f64 = pairs.iter().map(|(a, _)| (a - mean) * (a - mean)).sum();
    let sse: f64 = pairs.iter().map(|(a, f)| (a - f) * (a - f)).sum();
    (sst > 0.0).then(|| 1.0 - sse / sst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_difference_quotients() {
        let spend: Vec<f64> = (0..40)
            .map(|t| 100.0 + 80.0 * libm::sin(t as f64 * 0.7) + if t % 5 == 0 { 0.0 } else { 30.0 })
            .collect();
        let ch = Channel {
            index: 0,
            spend: spend.clone(),
            ln_mean: libm::log(110.0),
            start: 90.0,
            fixed: None,
        };
        let s = Shape {
            theta: 0.4,
            alpha: 1.7,
            rho: 0.2,
        };
        let n = spend.len();
        let (mut h, mut lnx, mut d0, mut d1, mut d2) = (
            vec![0.0; n],
            vec![0.0; n],
            vec![0.0; n],
            vec![0.0; n],
            vec![0.0; n],
        );
        ch.column(s, &mut h, &mut lnx);
        ch.derivatives(s, &h, &lnx, [&mut d0, &mut d1, &mut d2]);
        for (k, d) in [d0, d1, d2].iter().enumerate() {
            let eps = 1e-6;
            let (mut hp, mut hm, mut l) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
            let mut sp = s;
            sp.set(k, s.get(k) + eps);
            let mut sm = s;
            sm.set(k, s.get(k) - eps);
            ch.column(sp, &mut hp, &mut l);
            ch.column(sm, &mut hm, &mut l);
            for t in 0..n {
                let num = (hp[t] - hm[t]) / (2.0 * eps);
                assert!((num - d[t]).abs() < 1e-6, "k {k} t {t}: {num} vs {}", d[t]);
            }
        }
    }

    #[test]
    fn the_column_is_the_curve_of_the_adstocked_spend() {
        let spend = vec![0.0, 120.0, 80.0, 0.0, 200.0, 150.0, 90.0];
        let ch = Channel {
            index: 0,
            spend: spend.clone(),
            ln_mean: libm::log(90.0),
            start: 550.0 / 6.0,
            fixed: None,
        };
        let s = Shape {
            theta: 0.5,
            alpha: 1.4,
            rho: -0.3,
        };
        let (mut h, mut lnx) = (vec![0.0; 7], vec![0.0; 7]);
        ch.column(s, &mut h, &mut lnx);
        let curve = ch.curve(s, 1.0);
        let x0 = initial_adstock(&spend, s.theta);
        assert!((x0 - (spend[..6].iter().sum::<f64>() / 6.0) / 0.5).abs() < 1e-12);
        for (a, b) in h.iter().zip(curve.path(&spend, x0)) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
        // κ is searched relative to the steady adstock of the mean spend.
        assert!((curve.kappa - libm::exp(-0.3) * 90.0 / 0.5).abs() < 1e-9);
    }

    #[test]
    fn event_shares_split_a_window_over_the_periods_it_touches() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // Black Friday 2024 is 29 November: Friday to Sunday in one Monday week, Cyber Monday
        // in the next.
        assert_eq!(RetailEvent::BlackFriday.share(day(2024, 11, 25), 7), 0.75);
        assert_eq!(RetailEvent::BlackFriday.share(day(2024, 12, 2), 7), 0.25);
        assert_eq!(RetailEvent::SinglesDay.share(day(2024, 11, 11), 7), 1.0);
        assert_eq!(RetailEvent::SinglesDay.share(day(2024, 11, 4), 7), 0.0);
        assert_eq!(
            RetailEvent::SinglesDayPresale.share(day(2024, 11, 4), 7),
            0.7
        );
        // Across a year's end, and in daily and monthly periods.
        assert_eq!(
            RetailEvent::SpringFestival.share(day(2025, 1, 22), 1),
            1.0 / 15.0
        );
        assert_eq!(
            RetailEvent::SpringFestival.share(day(2025, 1, 1), 31),
            10.0 / 15.0
        );
        assert_eq!(RetailEvent::DoubleTwelve.share(day(2024, 12, 30), 7), 0.0);
        assert_eq!(RetailEvent::SpringFestival.share(day(2050, 1, 20), 30), 0.0);
        let total: f64 = (0..60)
            .map(|w| {
                RetailEvent::MidYearPresale
                    .share(day(2025, 4, 7) + chrono::Duration::days(7 * w), 7)
            })
            .sum();
        assert!((total - 1.0).abs() < 1e-12);
    }

    #[test]
    fn least_squares_keeps_betas_and_the_intercept_non_negative() {
        // Columns: intercept, trend, then two channels; y = 1 + 2·c1 − 1·c2 exactly.
        let n = 30;
        let cols: Vec<Vec<f64>> = vec![
            vec![1.0; n],
            (0..n).map(|t| t as f64 / 29.0).collect(),
            (0..n).map(|t| ((t * 7) % 5) as f64).collect(),
            (0..n).map(|t| ((t * 3) % 4) as f64).collect(),
        ];
        let y: Vec<f64> = (0..n)
            .map(|t| 1.0 + 2.0 * cols[2][t] - cols[3][t])
            .collect();
        let p = cols.len();
        let mut gram = vec![0.0; p * p];
        for i in 0..p {
            for j in 0..p {
                gram[i * p + j] = dot(&cols[i], &cols[j]);
            }
        }
        let rhs: Vec<f64> = cols.iter().map(|c| dot(c, &y)).collect();
        let mut coef = vec![0.0; p];
        let sse = nnls(
            &gram,
            &rhs,
            dot(&y, &y),
            2,
            &[true; 4],
            &mut coef,
            &mut Scratch::default(),
        );
        assert_eq!(coef[3], 0.0, "{coef:?}");
        assert!(coef[2] > 0.0 && coef[0] >= 0.0);
        // It is the least squares fit without the dropped column.
        let mut free = vec![0.0; p];
        let sse_free = nnls(
            &gram,
            &rhs,
            dot(&y, &y),
            2,
            &[true, true, true, false],
            &mut free,
            &mut Scratch::default(),
        );
        assert!((sse - sse_free).abs() < 1e-9 && (coef[2] - free[2]).abs() < 1e-9);
        // A column that repeats another gets no weight of its own and no NaN.
        let mut twice = gram.clone();
        for i in 0..p {
            twice[i * p + 3] = gram[i * p + 2];
            twice[3 * p + i] = gram[2 * p + i];
        }
        let mut rhs2 = rhs.clone();
        rhs2[3] = rhs[2];
        let mut c2 = vec![0.0; p];
        let sse2 = nnls(
            &twice,
            &rhs2,
            dot(&y, &y),
            2,
            &[true; 4],
            &mut c2,
            &mut Scratch::default(),
        );
        assert!(sse2.is_finite() && c2.iter().all(|c| c.is_finite()));
    }
}
