//! A/B test statistics for conversion rates: planning a test (visitors per arm, days, the
//! sequential alternative), reading one (frequentist, Bayesian, sample-ratio check and a
//! verdict that refuses to speak too early), and the daily counts a shop exports.
//!
//! Every formula, with its source (pA, pB the arms' conversion rates, nA, nB their visitors,
//! cA, cB their conversions, z_q = Φ⁻¹(q)):
//! - sample size per arm for a two-sided test at level α with power 1 − β (Fleiss, Levin & Paik,
//!   *Statistical Methods for Rates and Proportions*, 3rd ed., eq. 4.14, without the continuity
//!   correction): n = (z_{1−α/2}·√(2·p̄(1−p̄)) + z_{1−β}·√(p1(1−p1) + p2(1−p2)))² / (p2 − p1)²,
//!   p̄ = (p1 + p2)/2, rounded up;
//! - the difference pB − pA with its Wald interval, unpooled standard error
//!   √(pA(1−pA)/nA + pB(1−pB)/nB) (Agresti, *Categorical Data Analysis*, 3rd ed., ch. 3, the
//!   difference of proportions);
//! - the two-proportion z-test with the pooled rate p = (cA + cB)/(nA + nB):
//!   z = (pB − pA) / √(p(1−p)(1/nA + 1/nB)), p-value 2·Φ(−|z|) (z² is Pearson's χ² of the 2×2
//!   table without continuity correction; Fleiss, Levin & Paik, same book);
//! - the relative lift pB/pA − 1 with the delta-method interval on ln(pB/pA), whose variance is
//!   (1−pA)/(nA·pA) + (1−pB)/(nB·pB) = 1/cA − 1/nA + 1/cB − 1/nB (Agresti, ch. 3, the
//!   relative risk), exponentiated back;
//! - the Bayesian probability that B is better, with uniform priors, so posteriors
//!   Beta(1 + c, 1 + n − c), exactly (Evan Miller, "Formulas for Bayesian A/B Testing", 2014;
//!   see [`prob_beta_greater`]), and each arm's expected loss (Chris Stucchio, "Bayesian A/B
//!   Testing at VWO", 2015);
//! - the sample-ratio mismatch check: Pearson's χ² of the visitor split against the planned one,
//!   1 degree of freedom, p = erfc(√(χ²/2)) because χ² with 1 df is the square of a standard
//!   normal (Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled
//!   Experiments: A Taxonomy and Rules of Thumb for Practitioners", KDD 2019); suspect below
//!   p = 0.001 ([`SRM_P_THRESHOLD`]);
//! - Evan Miller's simple sequential test ("Simple Sequential A/B Testing", 2015,
//!   evanmiller.org/sequential-ab-testing.html): see [`Plan::sequential_n`].
//!
//! Φ and Φ⁻¹ are the inventory simulator's (`libm::erfc` and Acklam's approximation refined by
//! Halley's step), ln Γ is `libm::lgamma`: every number is bit-identical natively and in wasm.
//! No function panics, whatever the input: bad inputs are [`AbError`]s, and the edge cases
//! (rates of 0 % or 100 %, u64::MAX visitors) give finite numbers or a documented infinity.

use serde::{Deserialize, Serialize};

use super::inventory::formulas::{normal_cdf, normal_inverse_cdf, normal_pdf};

/// Fewer conversions or non-conversions than this in an arm and the normal approximation the
/// z-test and the intervals rest on is not trusted: the usual rule n·p ≥ 10 and n·(1−p) ≥ 10.
pub const MIN_EVENTS: u64 = 10;

/// Sample-ratio mismatch is flagged below this p-value: a correctly randomised split fails it
/// by chance once in a thousand tests, so a flag is worth investigating before any other number
/// is believed (the strict end of the 0.01–0.001 range practitioners use, in the spirit of
/// Fabijan et al., KDD 2019, on Microsoft's ExP).
pub const SRM_P_THRESHOLD: f64 = 0.001;

/// [`prob_beta_greater`] sums Evan Miller's closed form when it needs at most this many terms,
/// and uses a normal approximation of the two Betas above (each term costs a few nanoseconds
/// natively, so this bounds one call to a few milliseconds; beyond it every shape parameter
/// exceeds a million, where a Beta's skewness is below 0.002 and the approximation's error in
/// the probability below 10⁻⁴).
pub const EXACT_BETA_TERMS: u64 = 1_000_000;

/// The minimum detectable effect, relative (0.10 = +10 % of the baseline) or absolute (0.01 = +1 point).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// The target rate is baseline × (1 + effect).
    Relative(f64),
    /// The target rate is baseline + effect.
    Absolute(f64),
}

/// What a test is planned from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanInput {
    /// Baseline conversion rate, 0 < p < 1.
    pub baseline: f64,
    /// The smallest effect worth detecting; it may be negative (a decrease), not zero.
    pub effect: Effect,
    /// Two-sided significance level, e.g. 0.05.
    pub alpha: f64,
    /// Probability of detecting the effect when it is real, e.g. 0.8.
    pub power: f64,
    /// The shop's visitors per day (0: unknown, and [`Plan::days`] is `None`).
    pub daily_visitors: f64,
    /// Share of traffic in the test, 0 < s ≤ 1, split evenly between A and B.
    pub share_in_test: f64,
}

/// The plan of a test: its sample, duration and the sequential alternative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Baseline + effect: the rate B must reach for the effect to be there.
    pub target_rate: f64,
    /// Visitors per arm (Fleiss, Levin & Paik eq. 4.14, see the module doc), rounded up;
    /// saturates at u64::MAX for an effect too small to ever detect.
    pub per_arm: u64,
    /// 2 × per_arm (saturating).
    pub total: u64,
    /// ceil(total / (daily_visitors × share_in_test)); `None` when daily_visitors is 0.
    pub days: Option<u64>,
    /// Evan Miller's simple sequential test: the number N of conversions (both arms together)
    /// to plan for. The rule: stop and declare B the winner as soon as T − C ≥ 2√N (T and C the
    /// conversions in B and A); stop with no winner once T + C ≥ N. With an even split each
    /// conversion comes from B with probability q = pB/(pA + pB), so T − C is a ±1 random walk
    /// with drift μ = 2q − 1 and step variance σ² = 1 − μ²; with the Brownian approximation
    /// the power is P(reach a = 2√N within N steps) = Φ((μN − a)/(σ√N)) +
    /// exp(2μa/σ²)·Φ((−μN − a)/(σ√N)) (the law of the running maximum of Brownian motion with
    /// drift, e.g. Borodin & Salminen, *Handbook of Brownian Motion — Facts and Formulae*), and N is the
    /// smallest one whose power reaches the plan's ([`sequential_power`]). The rule's
    /// significance is not the plan's α: it is fixed by the boundary 2√N at about 5 %, one-sided
    /// (2·Φ(−2) ≈ 4.6 % for the Brownian motion, a little less for the discrete walk). A
    /// planned decrease is planned as its mirror (|μ|), for the rule with A and B swapped.
    pub sequential_n: u64,
    /// The boundary 2·√N the lead T − C must reach for B to win.
    pub sequential_boundary: f64,
}

/// One arm's counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arm {
    /// Visitors assigned to the arm.
    pub visitors: u64,
    /// Visitors who converted, at most `visitors`.
    pub conversions: u64,
}

/// What a running or finished test is read from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadInput {
    /// The control.
    pub a: Arm,
    /// The variant.
    pub b: Arm,
    /// Two-sided significance level of the z-test and the intervals are at 1 − α.
    pub alpha: f64,
    /// Planned share of visitors in B (0.5 for an even split), for the sample-ratio check.
    pub expected_share_b: f64,
    /// The plan's visitors per arm, for the peeking warning.
    pub planned_per_arm: Option<u64>,
    /// Some(N) when the user chose Evan Miller's sequential rule at planning time; the verdict
    /// is then the rule's alone (it counts conversions only, and assumes an even split).
    pub sequential_n: Option<u64>,
}

/// What the numbers allow one to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Fixed horizon, planned sample reached (or no plan), p < α and B converts better.
    BWins,
    /// Fixed horizon, planned sample reached (or no plan), p < α and A converts better.
    AWins,
    /// Fixed horizon, planned sample reached (or no plan), p ≥ α.
    NoDifference,
    /// An arm has fewer than [`MIN_EVENTS`] conversions or non-conversions: the normal
    /// approximation does not hold, no verdict is printed.
    Underpowered,
    /// A plan exists and an arm has not reached its visitors yet: reading the p-value now and
    /// stopping when it dips below α inflates false positives (Evan Miller, "How Not To Run an
    /// A/B Test", 2010), so no verdict is printed.
    Peeking,
    /// Sequential rule: T − C ≥ 2√N, B wins.
    SequentialBWins,
    /// Sequential rule: T + C ≥ N without B winning; stop, no winner.
    SequentialNoWinner,
    /// Sequential rule: neither boundary reached, keep the test running.
    SequentialContinue,
}

/// A test read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// cA / nA.
    pub rate_a: f64,
    /// cB / nB.
    pub rate_b: f64,
    /// rate_b − rate_a.
    pub diff: f64,
    /// Lower end of the (1 − α) Wald interval of the difference, unpooled standard error; it
    /// collapses to the point when both arms are at 0 % or 100 % (the verdict is then
    /// `Underpowered` anyway).
    pub diff_low: f64,
    /// Upper end of that interval.
    pub diff_high: f64,
    /// rate_b / rate_a − 1; +∞ when A has no conversion and B has some, 0 when neither has any.
    pub lift: f64,
    /// Lower end of the (1 − α) delta-method interval of the lift. An arm with 0 conversions or
    /// with all its visitors converted enters the interval's variance with 0.5 added to its
    /// conversions and its non-conversions (1/(c + ½) − 1/(n + 1), the Haldane–Anscombe ½
    /// correction for empty cells, Haldane 1956, Anscombe 1956), and an arm with 0 conversions enters its centre at
    /// (c + ½)/(n + 1); the interval is then widened to contain the point lift, so it is
    /// [−1, …] when B has none and [… , +∞] when A has none. Never NaN.
    pub lift_low: f64,
    /// Upper end of that interval.
    pub lift_high: f64,
    /// The two-proportion z statistic, pooled standard error; 0 when the pooled rate is 0 or 1
    /// (both arms identical at 0 % or 100 %).
    pub z: f64,
    /// Two-sided p-value 2·Φ(−|z|).
    pub p_value: f64,
    /// P(pB > pA) under Beta(1 + c, 1 + n − c) posteriors, exact ([`prob_beta_greater`]).
    pub prob_b_beats_a: f64,
    /// E[max(pA − pB, 0)]: the conversion rate lost on average by choosing B.
    pub expected_loss_b: f64,
    /// E[max(pB − pA, 0)]: the rate lost on average by choosing A.
    pub expected_loss_a: f64,
    /// Pearson's χ² of the visitor split against `expected_share_b`, 1 df.
    pub srm_chi2: f64,
    /// Its p-value erfc(√(χ²/2)).
    pub srm_p_value: f64,
    /// srm_p_value < [`SRM_P_THRESHOLD`]: the split is suspect and every other number with it.
    pub srm_suspect: bool,
    /// Whether both arms reached the plan's visitors per arm; `None` without a plan.
    pub planned_reached: Option<bool>,
    /// What may be concluded.
    pub verdict: Verdict,
}

/// Why a plan, a reading or a CSV could not be computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AbError {
    /// An arm with 0 visitors.
    NoVisitors {
        /// 'A' or 'B'.
        arm: char,
    },
    /// An arm with more conversions than visitors.
    ConversionsAboveVisitors {
        /// 'A' or 'B'.
        arm: char,
        /// Its conversions.
        conversions: u64,
        /// Its visitors.
        visitors: u64,
    },
    /// A parameter that is NaN or out of its range (rate outside (0, 1), α or power outside
    /// (0, 1), a zero effect, a target rate ≥ 1 or ≤ 0, …).
    BadInput {
        /// The field's name in [`PlanInput`] or [`ReadInput`].
        field: &'static str,
    },
    /// A problem in the daily-counts CSV.
    Csv {
        /// 1-based line of the file.
        line: u64,
        /// 1-based column, when the problem is one cell's.
        column: Option<u64>,
        /// What is wrong (the page words it in the user's language).
        problem: CsvProblem,
    },
}

/// What is wrong in a daily-counts CSV.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CsvProblem {
    /// The header matches neither layout.
    HeaderNotRecognised,
    /// A cell is not a whole number of visitors or conversions (empty included).
    NotAWholeNumber {
        /// The cell as written.
        cell: String,
    },
    /// A count too large for 64 bits.
    TooLarge {
        /// The cell as written.
        cell: String,
    },
    /// The CSV reader could not read the record (its own words).
    Unreadable {
        /// The reader's message.
        detail: String,
    },
    /// The row is shorter than the header.
    MissingCell,
    /// More conversions than visitors in a row.
    ConversionsAboveVisitors {
        /// The arm.
        arm: char,
        /// Its conversions.
        conversions: u64,
        /// Its visitors.
        visitors: u64,
    },
    /// An arm's sum overflows 64 bits.
    SumOverflow {
        /// The arm.
        arm: char,
    },
    /// A long layout's arm is neither A nor B.
    UnknownArm {
        /// The label as written.
        label: String,
    },
    /// Nothing in the file.
    Empty,
    /// A header and no data row.
    NoDataRow,
}

/// Whether `x` lies strictly between 0 and 1 (false for NaN).
fn in_unit(x: f64) -> bool {
    x > 0.0 && x < 1.0
}

/// Plans a fixed-horizon test and its sequential alternative (formulas in the module doc and
/// on [`Plan`]).
pub fn plan(input: &PlanInput) -> Result<Plan, AbError> {
    let p1 = input.baseline;
    if !in_unit(p1) {
        return Err(AbError::BadInput { field: "baseline" });
    }
    if !in_unit(input.alpha) {
        return Err(AbError::BadInput { field: "alpha" });
    }
    if !in_unit(input.power) {
        return Err(AbError::BadInput { field: "power" });
    }
    if !(input.daily_visitors >= 0.0 && input.daily_visitors.is_finite()) {
        return Err(AbError::BadInput {
            field: "daily_visitors",
        });
    }
    if !(input.share_in_test > 0.0 && input.share_in_test <= 1.0) {
        return Err(AbError::BadInput {
            field: "share_in_test",
        });
    }
    let p2 = match input.effect {
        Effect::Relative(r) => p1 * (1.0 + r),
        Effect::Absolute(d) => p1 + d,
    };
    if !in_unit(p2) || p2 == p1 {
        return Err(AbError::BadInput { field: "effect" });
    }

    let z_alpha = normal_inverse_cdf(1.0 - input.alpha / 2.0);
    let z_beta = normal_inverse_cdf(input.power);
    let mean = (p1 + p2) / 2.0;
    let root = z_alpha * (2.0 * mean * (1.0 - mean)).sqrt()
        + z_beta * (p1 * (1.0 - p1) + p2 * (1.0 - p2)).sqrt();
    let delta = p2 - p1;
    // `as` saturates: an effect of a few ulps asks for more visitors than u64 holds.
    let per_arm = (root * root / (delta * delta)).ceil() as u64;
    let total = per_arm.saturating_mul(2);
    let days = (input.daily_visitors > 0.0)
        .then(|| (total as f64 / (input.daily_visitors * input.share_in_test)).ceil() as u64);

    let drift = (2.0 * p2 / (p1 + p2) - 1.0).abs();
    let sequential_n = sequential_n(drift, input.power);
    Ok(Plan {
        target_rate: p2,
        per_arm,
        total,
        days,
        sequential_n,
        sequential_boundary: 2.0 * (sequential_n as f64).sqrt(),
    })
}

/// ln Φ(z), also far in the lower tail where Φ(z) underflows: below z = −30 by the asymptotic
/// series Φ(z) = φ(z)/|z|·(1 − 1/z² + 3/z⁴ − 15/z⁶ + 105/z⁸ − …) (Abramowitz & Stegun 26.2.12),
/// whose next term is below 10⁻¹¹ there.
fn ln_normal_cdf(z: f64) -> f64 {
    if z > -30.0 {
        return libm::log(normal_cdf(z));
    }
    let w = 1.0 / (z * z);
    let series = 1.0 - w * (1.0 - 3.0 * w * (1.0 - 5.0 * w * (1.0 - 7.0 * w)));
    -0.5 * z * z - libm::log(-z) - 0.5 * libm::log(2.0 * std::f64::consts::PI) + libm::log(series)
}

/// Power of Evan Miller's sequential rule after `n` conversions when T − C drifts by `drift`
/// per conversion (μ = 2q − 1, q = pB/(pA + pB) with an even split): the probability that a
/// Brownian motion with drift μ and variance σ² = 1 − μ² per step reaches a = 2√n within n
/// steps, Φ((μn − a)/(σ√n)) + exp(2μa/σ²)·Φ((−μn − a)/(σ√n)) (see [`Plan::sequential_n`]).
/// The second term is computed as exp(2μa/σ² + ln Φ(·)) so neither factor overflows.
/// With drift 0 it is the rule's false-positive rate, 2·Φ(−2) ≈ 0.0455. NaN for |μ| ≥ 1; 0
/// for n = 0.
pub fn sequential_power(n: u64, drift: f64) -> f64 {
    if drift.is_nan() || drift.abs() >= 1.0 {
        return f64::NAN;
    }
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    let sigma2 = 1.0 - drift * drift;
    let spread = (sigma2 * n).sqrt();
    let a = 2.0 * n.sqrt();
    let reached = normal_cdf((drift * n - a) / spread);
    let reflected = libm::exp(2.0 * drift * a / sigma2 + ln_normal_cdf((-drift * n - a) / spread));
    (reached + reflected).min(1.0)
}

/// The smallest N whose [`sequential_power`] reaches `power`: doubling, then bisection (the
/// power grows with N for a positive drift: the walk's lead grows like μN, the boundary like
/// 2√N). u64::MAX when even 2⁶² conversions would not do (a vanishing drift).
fn sequential_n(drift: f64, power: f64) -> u64 {
    let reaches = |n: u64| sequential_power(n, drift) >= power;
    let mut high: u64 = 1;
    while !reaches(high) {
        if high >= 1 << 62 {
            return u64::MAX;
        }
        high *= 2;
    }
    // Invariant: the power at `low` falls short (or low = 0), the power at `high` reaches.
    let mut low = high / 2;
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if reaches(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    high
}

/// Checks an arm's counts.
fn check_arm(arm: Arm, name: char) -> Result<(), AbError> {
    if arm.visitors == 0 {
        return Err(AbError::NoVisitors { arm: name });
    }
    if arm.conversions > arm.visitors {
        return Err(AbError::ConversionsAboveVisitors {
            arm: name,
            conversions: arm.conversions,
            visitors: arm.visitors,
        });
    }
    Ok(())
}

/// Reads a test: rates, difference and lift with their intervals, z-test, Bayesian
/// probability and expected losses, sample-ratio check and the verdict (formulas in the module
/// doc; the verdict's rules on [`Verdict`]).
pub fn read(input: &ReadInput) -> Result<Reading, AbError> {
    let (a, b) = (input.a, input.b);
    check_arm(a, 'A')?;
    check_arm(b, 'B')?;
    if !in_unit(input.alpha) {
        return Err(AbError::BadInput { field: "alpha" });
    }
    if !in_unit(input.expected_share_b) {
        return Err(AbError::BadInput {
            field: "expected_share_b",
        });
    }
    if input.sequential_n == Some(0) {
        return Err(AbError::BadInput {
            field: "sequential_n",
        });
    }

    let (na, ca) = (a.visitors as f64, a.conversions as f64);
    let (nb, cb) = (b.visitors as f64, b.conversions as f64);
    let (rate_a, rate_b) = (ca / na, cb / nb);
    let z_crit = normal_inverse_cdf(1.0 - input.alpha / 2.0);

    // Difference, Wald interval with the unpooled standard error.
    let diff = rate_b - rate_a;
    let se_diff = (rate_a * (1.0 - rate_a) / na + rate_b * (1.0 - rate_b) / nb).sqrt();

    // z-test with the pooled rate; a pooled rate of 0 or 1 means both arms are identical.
    let pooled = (ca + cb) / (na + nb);
    let se_pooled = (pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb)).sqrt();
    let z = if se_pooled > 0.0 {
        diff / se_pooled
    } else {
        0.0
    };
    let p_value = libm::erfc(z.abs() / std::f64::consts::SQRT_2);

    let (lift, lift_low, lift_high) = lift_interval(a, b, z_crit);

    // Bayesian, uniform priors.
    let (alpha_a, beta_a) = (1.0 + ca, 1.0 + (a.visitors - a.conversions) as f64);
    let (alpha_b, beta_b) = (1.0 + cb, 1.0 + (b.visitors - b.conversions) as f64);
    let prob_b_beats_a = prob_beta_greater(alpha_b, beta_b, alpha_a, beta_a);
    let expected_loss_b = expected_loss(alpha_a, beta_a, alpha_b, beta_b);
    let expected_loss_a = expected_loss(alpha_b, beta_b, alpha_a, beta_a);

    // Sample-ratio mismatch.
    let total = na + nb;
    let (expected_a, expected_b) = (
        total * (1.0 - input.expected_share_b),
        total * input.expected_share_b,
    );
    let srm_chi2 = (na - expected_a).powi(2) / expected_a + (nb - expected_b).powi(2) / expected_b;
    let srm_p_value = libm::erfc((srm_chi2 / 2.0).sqrt());

    let planned_reached = input
        .planned_per_arm
        .map(|n| a.visitors >= n && b.visitors >= n);
    let verdict = match input.sequential_n {
        Some(n) => sequential_verdict(a.conversions, b.conversions, n),
        None => {
            let few = |arm: Arm| {
                arm.conversions < MIN_EVENTS || arm.visitors - arm.conversions < MIN_EVENTS
            };
            if few(a) || few(b) {
                Verdict::Underpowered
            } else if planned_reached == Some(false) {
                Verdict::Peeking
            } else if p_value < input.alpha {
                if diff > 0.0 {
                    Verdict::BWins
                } else {
                    Verdict::AWins
                }
            } else {
                Verdict::NoDifference
            }
        }
    };

    Ok(Reading {
        rate_a,
        rate_b,
        diff,
        diff_low: diff - z_crit * se_diff,
        diff_high: diff + z_crit * se_diff,
        lift,
        lift_low,
        lift_high,
        z,
        p_value,
        prob_b_beats_a,
        expected_loss_b,
        expected_loss_a,
        srm_chi2,
        srm_p_value,
        srm_suspect: srm_p_value < SRM_P_THRESHOLD,
        planned_reached,
        verdict,
    })
}

/// Evan Miller's rule, in integers so the boundary is exact: B wins when T > C and
/// (T − C)² ≥ 4N (T − C ≥ 2√N); no winner when T + C ≥ N; otherwise continue.
fn sequential_verdict(control: u64, treatment: u64, n: u64) -> Verdict {
    let lead = u128::from(treatment.saturating_sub(control));
    if lead > 0 && lead * lead >= 4 * u128::from(n) {
        Verdict::SequentialBWins
    } else if u128::from(treatment) + u128::from(control) >= u128::from(n) {
        Verdict::SequentialNoWinner
    } else {
        Verdict::SequentialContinue
    }
}

/// The lift pB/pA − 1 and its delta-method interval exp(ln(pB/pA) ± z·se) − 1, with
/// se² = Σ (1/c − 1/n) over the arms, and the corrections documented on [`Reading::lift_low`].
fn lift_interval(a: Arm, b: Arm, z_crit: f64) -> (f64, f64, f64) {
    let variance = |arm: Arm| {
        let (c, n) = (arm.conversions as f64, arm.visitors as f64);
        if arm.conversions == 0 || arm.conversions == arm.visitors {
            1.0 / (c + 0.5) - 1.0 / (n + 1.0)
        } else {
            // c ≤ n, so 1/c ≥ 1/n in floating point too; max(0) only guards the rounding.
            (1.0 / c - 1.0 / n).max(0.0)
        }
    };
    let centre_rate = |arm: Arm| {
        if arm.conversions == 0 {
            0.5 / (arm.visitors as f64 + 1.0)
        } else {
            arm.conversions as f64 / arm.visitors as f64
        }
    };
    let se = (variance(a) + variance(b)).sqrt();
    let centre = libm::log(centre_rate(b) / centre_rate(a));
    let low = libm::expm1(centre - z_crit * se);
    let high = libm::expm1(centre + z_crit * se);
    let (rate_a, rate_b) = (
        a.conversions as f64 / a.visitors as f64,
        b.conversions as f64 / b.visitors as f64,
    );
    let lift = if a.conversions > 0 {
        rate_b / rate_a - 1.0
    } else if b.conversions > 0 {
        f64::INFINITY
    } else {
        0.0
    };
    (lift, low.min(lift), high.max(lift))
}

/// P(X > Y) for X ~ Beta(a, b), Y ~ Beta(c, d), exact when one of the four shape parameters is
/// a whole number of at most [`EXACT_BETA_TERMS`].
///
/// Evan Miller ("Formulas for Bayesian A/B Testing", 2014) gives, for a whole a,
/// P(X > Y) = Σ_{i=0}^{a−1} B(c+i, b+d) / ((b+i)·B(1+i, b)·B(c, d)). By symmetry the same sum
/// serves three more ways: 1 − (the sum for P(Y > X), over i < c), and, since 1 − X ~
/// Beta(b, a), P(Beta(d, c) > Beta(b, a)) (over i < d) and 1 − P(Beta(b, a) > Beta(d, c))
/// (over i < b). The shortest is used: min(a, b, c, d) terms, so an A/B test needs as many
/// terms as its smallest count of conversions or non-conversions.
///
/// The terms are summed in log space: the first, ln B(c, b+d) − ln B(c, d), from ln Γ
/// (`libm::lgamma`, or Stirling's series for large arguments, where a difference of two
/// `lgamma` values would lose half its digits: see `ln_gamma_step`); each next one from the exact ratio of consecutive terms,
/// t_{i+1}/t_i = (c+i)(b+i) / ((b+c+d+i)(1+i)) (from B(x+1, y) = B(x, y)·x/(x+y)), carried
/// relative to the first term with a separate logarithmic scale, raised whenever a term passes
/// 10¹⁵⁰, so that no term overflows and none underflows while it matters: the ratio crosses 1
/// once (at i = (bc − b − c − d)/(d + 1)), so the terms rise to one mode and then fall, and a
/// term lost to underflow after the mode is below 10⁻³⁰⁰ of the sum. One multiplication and one
/// division per term instead of three ln Γ.
///
/// Above that many terms, or when no parameter is whole, a normal approximation of the two
/// Betas: P ≈ Φ((m_X − m_Y)/√(v_X + v_Y)), m = a/(a+b), v = ab/((a+b)²(a+b+1)).
/// NaN when a parameter is not a positive finite number or their sum overflows. The result is
/// within [0, 1].
pub fn prob_beta_greater(a: f64, b: f64, c: f64, d: f64) -> f64 {
    if ![a, b, c, d].iter().all(|v| *v > 0.0) || !(a + b + c + d).is_finite() {
        return f64::NAN;
    }
    let p = match shortest_form(a, b, c, d) {
        Some(Form {
            terms,
            complement,
            b,
            c,
            d,
        }) => {
            let sum = miller_sum(terms, b, c, d);
            if complement {
                1.0 - sum
            } else {
                sum
            }
        }
        None => {
            let (mx, vx) = beta_moments(a, b);
            let (my, vy) = beta_moments(c, d);
            normal_cdf((mx - my) / (vx + vy).sqrt())
        }
    };
    p.clamp(0.0, 1.0)
}

/// One of the four ways to write P(Beta(a, b) > Beta(c, d)) as Miller's sum
/// Σ_{i < terms} B(c+i, b+d)/((b+i)·B(1+i, b)·B(c, d)), possibly as 1 − the sum.
struct Form {
    terms: u64,
    complement: bool,
    b: f64,
    c: f64,
    d: f64,
}

/// The form with the fewest terms, if one has at most [`EXACT_BETA_TERMS`].
fn shortest_form(a: f64, b: f64, c: f64, d: f64) -> Option<Form> {
    let whole = |x: f64| x.fract() == 0.0 && x <= EXACT_BETA_TERMS as f64;
    [
        (a, false, b, c, d), // P(Beta(a, b) > Beta(c, d))
        (c, true, d, a, b),  // 1 − P(Beta(c, d) > Beta(a, b))
        (d, false, c, b, a), // P(Beta(d, c) > Beta(b, a))
        (b, true, a, d, c),  // 1 − P(Beta(b, a) > Beta(d, c))
    ]
    .into_iter()
    .filter(|form| whole(form.0))
    .min_by(|x, y| x.0.total_cmp(&y.0))
    .map(|(terms, complement, b, c, d)| Form {
        terms: terms as u64,
        complement,
        b,
        c,
        d,
    })
}

/// ln Γ(x + h) − ln Γ(x), accurate where the two logarithms are large and close.
///
/// For x ≥ 10 by Stirling's series ln Γ(y) = (y − ½)·ln y − y + ½·ln 2π + S(y),
/// S(y) = 1/(12y) − 1/(360y³) + 1/(1260y⁵) − 1/(1680y⁷) (Abramowitz & Stegun 6.1.41; the next
/// term is below 10⁻¹² for y ≥ 10), rearranged so that nothing of the size of ln Γ itself is
/// subtracted: (x − ½)·ln(1 + h/x) + h·ln(x + h) − h + S(x + h) − S(x). Below 10 by
/// `libm::lgamma`, whose values there are small. The difference of two ln Γ near 10⁸ (a
/// posterior's shape at a few million visitors) loses eight digits; this keeps them.
fn ln_gamma_step(x: f64, h: f64) -> f64 {
    if x < 10.0 {
        return libm::lgamma(x + h) - libm::lgamma(x);
    }
    let series = |y: f64| {
        let w = 1.0 / (y * y);
        (1.0 / 12.0 - w * (1.0 / 360.0 - w * (1.0 / 1260.0 - w / 1680.0))) / y
    };
    (x - 0.5) * libm::log1p(h / x) + h * libm::log(x + h) - h + (series(x + h) - series(x))
}

/// Miller's sum Σ_{i=0}^{terms−1} B(c+i, b+d) / ((b+i)·B(1+i, b)·B(c, d)) = P(Beta(terms, b) >
/// Beta(c, d)), by the recurrence described on [`prob_beta_greater`].
fn miller_sum(terms: u64, b: f64, c: f64, d: f64) -> f64 {
    // The first term (i = 0): B(1, b) = 1/b cancels the 1/b, leaving B(c, b+d)/B(c, d), whose
    // logarithm is [ln Γ(c+d) − ln Γ(d)] − [ln Γ(b+c+d) − ln Γ(b+d)].
    let ln_first = ln_gamma_step(d, c) - ln_gamma_step(b + d, c);
    // The sum is `sum`·exp(`ln_scale`); `term` is the current term on the same scale.
    const RESCALE: f64 = 1e150;
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut ln_scale = ln_first;
    let total = b + c + d;
    for i in 1..terms {
        let k = (i - 1) as f64;
        term *= (c + k) * (b + k) / ((total + k) * (1.0 + k));
        sum += term;
        if term > RESCALE {
            term /= RESCALE;
            sum /= RESCALE;
            ln_scale += libm::log(RESCALE);
        }
    }
    // sum ≥ 1 on its scale (the first term), so its logarithm is finite.
    libm::exp(ln_scale + libm::log(sum))
}

/// Mean and variance of Beta(a, b).
fn beta_moments(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    (a / s, a * b / (s * s * (s + 1.0)))
}

/// E[max(X − Y, 0)] for X ~ Beta(a, b), Y ~ Beta(c, d): the expected loss of choosing Y's arm
/// (Stucchio, 2015): m_X·P(Beta(a+1, b) > Beta(c, d)) − m_Y·P(Beta(a, b) > Beta(c+1, d)),
/// since E[X·1{X > Y}] = m_X·P(Beta(a+1, b) > Y) (X's density times x/m_X is Beta(a+1, b)'s).
/// Where [`prob_beta_greater`] would approximate, the same normal approximation gives the
/// closed form E[max(D, 0)] = m·Φ(m/s) + s·φ(m/s) for D ~ N(m, s²), rather than a difference of
/// two approximations. Never below 0.
fn expected_loss(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let (mx, vx) = beta_moments(a, b);
    let (my, vy) = beta_moments(c, d);
    let loss =
        if shortest_form(a + 1.0, b, c, d).is_some() && shortest_form(a, b, c + 1.0, d).is_some() {
            mx * prob_beta_greater(a + 1.0, b, c, d) - my * prob_beta_greater(a, b, c + 1.0, d)
        } else {
            let (m, s) = (mx - my, (vx + vy).sqrt());
            m * normal_cdf(m / s) + s * normal_pdf(m / s)
        };
    loss.max(0.0)
}

// ---------------------------------------------------------------------------------------------
// The daily-counts CSV.

/// Header names, normalised (lower case, without spaces and punctuation), of each column the
/// reader needs; the date column (date, 日期, …) is not read.
const ARM_NAMES: [&str; 8] = [
    "arm",
    "group",
    "variant",
    "variation",
    "bucket",
    "组别",
    "分组",
    "组",
];
const VISITOR_NAMES: [&str; 9] = [
    "visitors",
    "visitor",
    "users",
    "sessions",
    "visits",
    "访客数",
    "访客",
    "访问人数",
    "用户数",
];
const CONVERSION_NAMES: [&str; 9] = [
    "conversions",
    "conversion",
    "converted",
    "orders",
    "purchases",
    "转化数",
    "转化",
    "转化人数",
    "订单数",
];

/// A header normalised for matching: lower case, without whitespace and punctuation.
fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The arm and metric a wide header names (`visitors_a`, `A组访客数`, `转化数B`, …): the
/// normalised header with an arm mark (`a`, `b`, `a组`, `b组`) stripped at its start or end.
fn wide_column(header: &str) -> Option<(char, bool)> {
    let metric = |name: &str| {
        if VISITOR_NAMES.contains(&name) {
            Some(true)
        } else if CONVERSION_NAMES.contains(&name) {
            Some(false)
        } else {
            None
        }
    };
    for (arm, marks) in [('A', ["a组", "a"]), ('B', ["b组", "b"])] {
        for mark in marks {
            let rest = header
                .strip_prefix(mark)
                .or_else(|| header.strip_suffix(mark));
            if let Some(is_visitors) = rest.and_then(metric) {
                return Some((arm, is_visitors));
            }
        }
    }
    None
}

/// Where the counts are, by 0-based column.
enum Layout {
    /// One row per day: visitors and conversions of A, then of B.
    Wide {
        visitors: [usize; 2],
        conversions: [usize; 2],
    },
    /// One row per day and arm.
    Long {
        arm: usize,
        visitors: usize,
        conversions: usize,
    },
}

/// Recognises the layout from the header row (first match of each name wins).
fn recognise_layout(header: &csv::StringRecord, line: u64) -> Result<Layout, AbError> {
    let names: Vec<String> = header.iter().map(normalise).collect();
    let find = |list: &[&str]| names.iter().position(|n| list.contains(&n.as_str()));
    let mut visitors = [None, None];
    let mut conversions = [None, None];
    for (i, name) in names.iter().enumerate() {
        if let Some((arm, is_visitors)) = wide_column(name) {
            let slot = if is_visitors {
                &mut visitors
            } else {
                &mut conversions
            };
            let slot = &mut slot[usize::from(arm == 'B')];
            slot.get_or_insert(i);
        }
    }
    if let ([Some(va), Some(vb)], [Some(ca), Some(cb)]) = (visitors, conversions) {
        return Ok(Layout::Wide {
            visitors: [va, vb],
            conversions: [ca, cb],
        });
    }
    if let (Some(arm), Some(visitors), Some(conversions)) = (
        find(&ARM_NAMES),
        find(&VISITOR_NAMES),
        find(&CONVERSION_NAMES),
    ) {
        return Ok(Layout::Long {
            arm,
            visitors,
            conversions,
        });
    }
    Err(AbError::Csv {
        line,
        column: None,
        problem: CsvProblem::HeaderNotRecognised,
    })
}

/// A whole, non-negative count: digits, optionally grouped by thousands with commas
/// (`12,345`, as a quoted cell), optionally followed by a zero fraction (`120.0`, as
/// spreadsheets write whole numbers).
fn parse_count(cell: &str) -> Result<u64, CsvProblem> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Err(CsvProblem::NotAWholeNumber {
            cell: String::new(),
        });
    }
    let (whole, fraction) = cell.split_once('.').unwrap_or((cell, ""));
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped_well = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !grouped_well
        || !groups.iter().all(|g| digits_only(g))
        || !fraction.bytes().all(|b| b == b'0')
        || whole.is_empty()
    {
        return Err(CsvProblem::NotAWholeNumber {
            cell: cell.to_owned(),
        });
    }
    groups
        .concat()
        .parse::<u64>()
        .map_err(|_| CsvProblem::TooLarge {
            cell: cell.to_owned(),
        })
}

/// The 1-based line a record starts on. The `csv` crate's position is where the reader began
/// looking for the record, before the blank lines it skips, so those are counted here.
fn record_line(text: &str, position: &csv::Position) -> u64 {
    let start = usize::try_from(position.byte()).unwrap_or(usize::MAX);
    let skipped = text
        .as_bytes()
        .get(start..)
        .unwrap_or(&[])
        .iter()
        .take_while(|b| matches!(b, b'\n' | b'\r'))
        .filter(|b| **b == b'\n')
        .count();
    position.line() + skipped as u64
}

/// Reads a CSV of daily counts per arm, either wide `date,visitors_a,conversions_a,visitors_b,
/// conversions_b` or long `date,arm,visitors,conversions` (arm A/B, case-insensitive, also
/// `A组`/`B组`, control/treatment and 对照组/实验组), and sums the days into the two arms. Headers
/// are matched without regard to case, spaces and punctuation, in English or Chinese (日期,
/// 组别/分组, 访客数, 转化数; wide: `A组访客数`, `转化数B`, …); other columns are ignored, and
/// the date is not read (the counts are summed whatever the days). A byte-order mark is
/// skipped; the delimiter is a comma, or a tab or semicolon when the header has one of those and
/// no comma; blank rows are skipped. Every error names its 1-based line, and the column when it
/// is one cell's: a cell that is not a whole number, an unknown arm, conversions above visitors
/// in a row, a sum that overflows, no header, no data row.
pub fn read_daily_csv(text: &str) -> Result<(Arm, Arm), AbError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first_line.contains(',') {
        b','
    } else if first_line.contains('\t') {
        b'\t'
    } else if first_line.contains(';') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut layout_found: Option<Layout> = None;
    let mut sums = [Arm {
        visitors: 0,
        conversions: 0,
    }; 2];
    let mut rows = 0u64;
    let mut last_line = 0u64;
    loop {
        let more = reader.read_record(&mut record).map_err(|e| AbError::Csv {
            line: e.position().map_or(last_line + 1, |p| p.line()),
            column: None,
            problem: CsvProblem::Unreadable {
                detail: e.to_string(),
            },
        })?;
        if !more {
            break;
        }
        let line = record
            .position()
            .map_or(last_line + 1, |p| record_line(text, p));
        last_line = line;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let Some(layout) = &layout_found else {
            layout_found = Some(recognise_layout(&record, line)?);
            continue;
        };
        let cell = |column: usize| -> Result<u64, AbError> {
            let text = record.get(column).ok_or_else(|| AbError::Csv {
                line,
                column: Some(column as u64 + 1),
                problem: CsvProblem::MissingCell,
            })?;
            parse_count(text).map_err(|problem| AbError::Csv {
                line,
                column: Some(column as u64 + 1),
                problem,
            })
        };
        let mut add = |arm: usize, visitors: u64, conversions: u64, column: usize| {
            let name = if arm == 0 { 'A' } else { 'B' };
            if conversions > visitors {
                return Err(AbError::Csv {
                    line,
                    column: Some(column as u64 + 1),
                    problem: CsvProblem::ConversionsAboveVisitors {
                        arm: name,
                        conversions,
                        visitors,
                    },
                });
            }
            let sum = &mut sums[arm];
            match (
                sum.visitors.checked_add(visitors),
                sum.conversions.checked_add(conversions),
            ) {
                (Some(v), Some(c)) => {
                    *sum = Arm {
                        visitors: v,
                        conversions: c,
                    };
                    Ok(())
                }
                _ => Err(AbError::Csv {
                    line,
                    column: None,
                    problem: CsvProblem::SumOverflow { arm: name },
                }),
            }
        };
        match layout {
            Layout::Wide {
                visitors,
                conversions,
            } => {
                for arm in 0..2 {
                    let v = cell(visitors[arm])?;
                    let c = cell(conversions[arm])?;
                    add(arm, v, c, conversions[arm])?;
                }
            }
            Layout::Long {
                arm,
                visitors,
                conversions,
            } => {
                let label = record.get(*arm).unwrap_or("");
                let which = match normalise(label).as_str() {
                    "a" | "a组" | "control" | "对照组" | "对照" => 0,
                    "b" | "b组" | "treatment" | "variant" | "实验组" | "实验" => 1,
                    _ => {
                        return Err(AbError::Csv {
                            line,
                            column: Some(*arm as u64 + 1),
                            problem: CsvProblem::UnknownArm {
                                label: label.trim().to_owned(),
                            },
                        })
                    }
                };
                let v = cell(*visitors)?;
                let c = cell(*conversions)?;
                add(which, v, c, *conversions)?;
            }
        }
        rows += 1;
    }
    if layout_found.is_none() {
        return Err(AbError::Csv {
            line: 1,
            column: None,
            problem: CsvProblem::Empty,
        });
    }
    if rows == 0 {
        return Err(AbError::Csv {
            line: last_line + 1,
            column: None,
            problem: CsvProblem::NoDataRow,
        });
    }
    Ok((sums[0], sums[1]))
}
