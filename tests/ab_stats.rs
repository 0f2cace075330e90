//! The A/B test statistics (`engine::sim::ab`): every reference value below was computed
//! independently of the engine, with Python 3's standard library (`statistics.NormalDist`,
//! `math.lgamma`, `math.erfc`, and `decimal` for 40-digit sums), by the one-liner quoted next
//! to it; the Bayesian numbers are also checked against a seeded Monte Carlo of Beta draws, and
//! the sequential plan against a seeded Monte Carlo of the conversions' random walk.

use shoplab::engine::random::Rand;
use shoplab::engine::sim::ab::{
    plan, prob_beta_greater, read, read_daily_csv, sequential_power, AbError, Arm, CsvProblem,
    Effect, Plan, PlanInput, ReadInput, Reading, Verdict, EXACT_BETA_TERMS,
};

fn close(actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "{actual} is not within {tol} of {expected}"
    );
}

fn plan_input(baseline: f64, effect: Effect, alpha: f64, power: f64) -> PlanInput {
    PlanInput {
        baseline,
        effect,
        alpha,
        power,
        daily_visitors: 0.0,
        share_in_test: 1.0,
    }
}

fn arm(visitors: u64, conversions: u64) -> Arm {
    Arm {
        visitors,
        conversions,
    }
}

fn read_input(a: Arm, b: Arm) -> ReadInput {
    ReadInput {
        a,
        b,
        alpha: 0.05,
        expected_share_b: 0.5,
        planned_per_arm: None,
        sequential_n: None,
    }
}

fn reading(a: Arm, b: Arm) -> Reading {
    read(&read_input(a, b)).expect("valid arms")
}

/// Every number of a reading is free of NaN.
fn no_nan(r: &Reading) {
    let fields = [
        r.rate_a,
        r.rate_b,
        r.diff,
        r.diff_low,
        r.diff_high,
        r.lift,
        r.lift_low,
        r.lift_high,
        r.z,
        r.p_value,
        r.prob_b_beats_a,
        r.expected_loss_b,
        r.expected_loss_a,
        r.srm_chi2,
        r.srm_p_value,
    ];
    assert!(fields.iter().all(|x| !x.is_nan()), "NaN in {r:?}");
    assert!(r.p_value.is_finite() && (0.0..=1.0).contains(&r.p_value));
    assert!((0.0..=1.0).contains(&r.prob_b_beats_a));
    assert!(r.lift_low <= r.lift && r.lift <= r.lift_high, "{r:?}");
    assert!(r.diff_low <= r.diff && r.diff <= r.diff_high, "{r:?}");
}

// ------------------------------------------------------------------------------------------
// Planning

#[test]
fn sample_sizes_match_fleiss_levin_paik() {
    // python3 -c 'from statistics import NormalDist as N; from math import sqrt, ceil; z=N().inv_cdf; p1=0.10; p2=p1*(1+0.20); m=(p1+p2)/2; print(ceil((z(1-0.05/2)*sqrt(2*m*(1-m))+z(0.8)*sqrt(p1*(1-p1)+p2*(1-p2)))**2/(p2-p1)**2))'
    // → 3841 (the textbook 10 % → 12 % example)
    let p = plan(&plan_input(0.10, Effect::Relative(0.20), 0.05, 0.8)).expect("valid plan");
    assert_eq!(p.per_arm, 3841);
    assert_eq!(p.total, 7682);
    close(p.target_rate, 0.12, 1e-15);
    assert_eq!(p.days, None);

    // python3 -c 'from statistics import NormalDist as N; from math import sqrt, ceil; z=N().inv_cdf; p1=0.03; p2=p1+0.005; m=(p1+p2)/2; print(ceil((z(1-0.05/2)*sqrt(2*m*(1-m))+z(0.9)*sqrt(p1*(1-p1)+p2*(1-p2)))**2/(p2-p1)**2))'
    // → 26430
    let p = plan(&plan_input(0.03, Effect::Absolute(0.005), 0.05, 0.9)).expect("valid plan");
    assert_eq!(p.per_arm, 26430);
    assert_eq!(p.total, 52860);
    close(p.target_rate, 0.035, 1e-15);

    // python3 -c 'from statistics import NormalDist as N; from math import sqrt, ceil; z=N().inv_cdf; p1=0.5; p2=p1*(1+0.10); m=(p1+p2)/2; print(ceil((z(1-0.01/2)*sqrt(2*m*(1-m))+z(0.8)*sqrt(p1*(1-p1)+p2*(1-p2)))**2/(p2-p1)**2))'
    // → 2329
    let p = plan(&plan_input(0.5, Effect::Relative(0.10), 0.01, 0.8)).expect("valid plan");
    assert_eq!(p.per_arm, 2329);
}

#[test]
fn a_decrease_needs_the_sample_of_its_size() {
    // The formula is symmetric in p1 and p2: detecting 12 % → 10 % needs what 10 % → 12 % does.
    let down = plan(&plan_input(0.12, Effect::Absolute(-0.02), 0.05, 0.8)).expect("valid plan");
    let up = plan(&plan_input(0.10, Effect::Absolute(0.02), 0.05, 0.8)).expect("valid plan");
    assert_eq!(down.per_arm, up.per_arm);
    assert_eq!(down.sequential_n, up.sequential_n);
}

#[test]
fn days_from_traffic_and_none_without() {
    let mut input = plan_input(0.10, Effect::Relative(0.20), 0.05, 0.8);
    input.daily_visitors = 1000.0;
    input.share_in_test = 0.5;
    // ceil(7682 / (1000 × 0.5)) = ceil(15.364) = 16.
    assert_eq!(plan(&input).expect("valid plan").days, Some(16));
    input.share_in_test = 1.0;
    // ceil(7682 / 1000) = 8.
    assert_eq!(plan(&input).expect("valid plan").days, Some(8));
    input.daily_visitors = 0.0;
    assert_eq!(plan(&input).expect("valid plan").days, None);
}

#[test]
fn bad_plan_inputs_are_named() {
    let ok = plan_input(0.10, Effect::Relative(0.20), 0.05, 0.8);
    let bad = |f: &dyn Fn(&mut PlanInput)| {
        let mut input = ok.clone();
        f(&mut input);
        match plan(&input) {
            Err(AbError::BadInput { field }) => field,
            other => panic!("expected BadInput, got {other:?}"),
        }
    };
    assert_eq!(bad(&|i| i.baseline = 0.0), "baseline");
    assert_eq!(bad(&|i| i.baseline = 1.0), "baseline");
    assert_eq!(bad(&|i| i.baseline = f64::NAN), "baseline");
    assert_eq!(bad(&|i| i.alpha = 0.0), "alpha");
    assert_eq!(bad(&|i| i.alpha = f64::NAN), "alpha");
    assert_eq!(bad(&|i| i.power = 1.0), "power");
    assert_eq!(bad(&|i| i.effect = Effect::Relative(0.0)), "effect");
    assert_eq!(bad(&|i| i.effect = Effect::Relative(f64::NAN)), "effect");
    assert_eq!(bad(&|i| i.effect = Effect::Relative(9.0)), "effect"); // 0.1 × 10 = 1
    assert_eq!(bad(&|i| i.effect = Effect::Absolute(-0.1)), "effect"); // target 0
    assert_eq!(
        bad(&|i| i.effect = Effect::Absolute(f64::INFINITY)),
        "effect"
    );
    assert_eq!(bad(&|i| i.daily_visitors = -1.0), "daily_visitors");
    assert_eq!(bad(&|i| i.daily_visitors = f64::NAN), "daily_visitors");
    assert_eq!(bad(&|i| i.share_in_test = 0.0), "share_in_test");
    assert_eq!(bad(&|i| i.share_in_test = 1.5), "share_in_test");
}

#[test]
fn a_vanishing_effect_saturates_instead_of_panicking() {
    let p = plan(&plan_input(0.5, Effect::Relative(1e-15), 0.05, 0.8)).expect("valid plan");
    assert!(p.per_arm > 1_000_000_000_000_000, "{p:?}");
    assert!(p.total >= p.per_arm);
    assert!(p.sequential_n > 1_000_000_000_000_000, "{p:?}");
    assert!(p.sequential_boundary.is_finite());
}

// ------------------------------------------------------------------------------------------
// Evan Miller's sequential test

/// The plan of the sequential test, drift and N.
fn sequential_plan(baseline: f64, effect: Effect, power: f64) -> (Plan, f64) {
    let p = plan(&plan_input(baseline, effect, 0.05, power)).expect("valid plan");
    let q = p.target_rate / (baseline + p.target_rate);
    (p, q)
}

#[test]
fn sequential_n_matches_an_independent_scan() {
    // The smallest N whose Brownian-approximation power reaches the target, by a linear scan:
    // python3 -c 'from statistics import NormalDist as N; from math import sqrt, exp; F=N().cdf; p1=0.10; p2=p1*1.2; mu=2*p2/(p1+p2)-1; s2=1-mu*mu; pw=lambda n: F((mu*n-2*sqrt(n))/sqrt(s2*n))+exp(4*mu*sqrt(n)/s2)*F((-mu*n-2*sqrt(n))/sqrt(s2*n)); print(next(n for n in range(1,10**7) if pw(n)>=0.8))'
    // → 828
    let (p, _) = sequential_plan(0.10, Effect::Relative(0.20), 0.8);
    assert_eq!(p.sequential_n, 828);
    close(p.sequential_boundary, 2.0 * 828f64.sqrt(), 1e-12);

    // python3 -c 'from statistics import NormalDist as N; from math import sqrt, exp; F=N().cdf; p1=0.03; p2=p1+0.005; mu=2*p2/(p1+p2)-1; s2=1-mu*mu; pw=lambda n: F((mu*n-2*sqrt(n))/sqrt(s2*n))+exp(4*mu*sqrt(n)/s2)*F((-mu*n-2*sqrt(n))/sqrt(s2*n)); print(next(n for n in range(1,10**7) if pw(n)>=0.9))'
    // → 1587
    let (p, _) = sequential_plan(0.03, Effect::Absolute(0.005), 0.9);
    assert_eq!(p.sequential_n, 1587);
}

#[test]
fn sequential_false_positive_rate_of_the_brownian_motion() {
    // With no drift the power is the rule's false-positive rate 2·Φ(−2):
    // python3 -c 'from statistics import NormalDist as N; print(2*N().cdf(-2))' → 0.04550026389635842
    for n in [1, 100, 10_000, 1_000_000] {
        close(sequential_power(n, 0.0), 0.04550026389635842, 1e-14);
    }
    // A huge N with a large drift: the second term's factors would overflow and underflow
    // separately; the power is 1, finite.
    close(sequential_power(1 << 60, 0.9), 1.0, 1e-12);
    assert!(sequential_power(10, 1.0).is_nan());
    assert_eq!(sequential_power(0, 0.5), 0.0);
}

/// Runs Evan Miller's rule on `walks` simulated tests of N conversions, each from B with
/// probability q; returns the share where B was declared the winner.
fn sequential_monte_carlo(n: u64, q: f64, walks: u32, seed: u64) -> f64 {
    let mut rand = Rand::new(seed);
    let boundary = 2.0 * (n as f64).sqrt();
    let mut wins = 0u32;
    for _ in 0..walks {
        let (mut t, mut c) = (0i64, 0i64);
        while ((t + c) as u64) < n {
            if rand.uniform() < q {
                t += 1;
            } else {
                c += 1;
            }
            if (t - c) as f64 >= boundary {
                wins += 1;
                break;
            }
        }
    }
    f64::from(wins) / f64::from(walks)
}

#[test]
fn sequential_plan_reaches_its_power_in_a_monte_carlo() {
    // 20 000 seeded walks: standard error √(0.8·0.2/20 000) ≈ 0.003 on the power and
    // √(0.05·0.95/20 000) ≈ 0.0015 on the false-positive rate.
    for (baseline, effect, power, seed) in [
        (0.10, Effect::Relative(0.20), 0.8, 11),
        (0.03, Effect::Absolute(0.005), 0.9, 12),
    ] {
        let (p, q) = sequential_plan(baseline, effect, power);
        let hit = sequential_monte_carlo(p.sequential_n, q, 20_000, seed);
        assert!(
            hit >= power - 0.02,
            "power {hit} for N = {}",
            p.sequential_n
        );
        let false_positive = sequential_monte_carlo(p.sequential_n, 0.5, 20_000, seed + 100);
        assert!(
            false_positive <= 0.06,
            "false positives {false_positive} for N = {}",
            p.sequential_n
        );
    }
}

#[test]
fn sequential_verdicts_at_their_exact_boundaries() {
    let verdict = |control: u64, treatment: u64, n: u64| {
        let mut input = read_input(arm(10_000, control), arm(10_000, treatment));
        input.sequential_n = Some(n);
        read(&input).expect("valid").verdict
    };
    // N = 100: boundary 2√100 = 20.
    assert_eq!(verdict(20, 40, 100), Verdict::SequentialBWins);
    assert_eq!(verdict(20, 39, 100), Verdict::SequentialContinue);
    assert_eq!(verdict(45, 55, 100), Verdict::SequentialNoWinner);
    assert_eq!(verdict(60, 40, 100), Verdict::SequentialNoWinner);
    assert_eq!(verdict(0, 0, 100), Verdict::SequentialContinue);
    // N = 101: boundary 20.0998…, so a lead of 20 is not enough, 21 is.
    assert_eq!(verdict(10, 30, 101), Verdict::SequentialContinue);
    assert_eq!(verdict(10, 31, 101), Verdict::SequentialBWins);
    // Sequential verdicts ignore the fixed-horizon rules (few conversions here).
    assert_eq!(verdict(0, 4, 4), Verdict::SequentialBWins);
}

// ------------------------------------------------------------------------------------------
// Reading: frequentist numbers

#[test]
fn z_test_and_intervals_match_python() {
    // python3 -c 'from statistics import NormalDist as N; from math import sqrt, erfc, log, expm1; ca,na,cb,nb=200,10000,250,10000; ra,rb=ca/na,cb/nb; p=(ca+cb)/(na+nb); z=(rb-ra)/sqrt(p*(1-p)*(1/na+1/nb)); q=N().inv_cdf(0.975); se=sqrt(ra*(1-ra)/na+rb*(1-rb)/nb); sl=sqrt(1/ca-1/na+1/cb-1/nb); print(z, erfc(abs(z)/sqrt(2)), rb-ra-q*se, rb-ra+q*se, rb/ra-1, expm1(log(rb/ra)-q*sl), expm1(log(rb/ra)+q*sl))'
    // → 2.3839951328405053 0.01712582887219502 0.0008899129980008448 0.009110087001999157 0.25 0.040064397676184235 0.5023108218020861
    let r = reading(arm(10_000, 200), arm(10_000, 250));
    close(r.rate_a, 0.02, 1e-15);
    close(r.rate_b, 0.025, 1e-15);
    close(r.diff, 0.005, 1e-15);
    close(r.z, 2.3839951328405053, 1e-12);
    close(r.p_value, 0.01712582887219502, 1e-12);
    close(r.diff_low, 0.0008899129980008448, 1e-12);
    close(r.diff_high, 0.009110087001999157, 1e-12);
    close(r.lift, 0.25, 1e-12);
    close(r.lift_low, 0.040064397676184235, 1e-12);
    close(r.lift_high, 0.5023108218020861, 1e-12);
    assert_eq!(r.verdict, Verdict::BWins);

    // python3 -c 'from statistics import NormalDist as N; from math import sqrt, erfc, log, expm1; ca,na,cb,nb=1000,50000,1100,50000; ra,rb=ca/na,cb/nb; p=(ca+cb)/(na+nb); z=(rb-ra)/sqrt(p*(1-p)*(1/na+1/nb)); q=N().inv_cdf(0.975); se=sqrt(ra*(1-ra)/na+rb*(1-rb)/nb); sl=sqrt(1/ca-1/na+1/cb-1/nb); print(z, erfc(abs(z)/sqrt(2)), rb-ra-q*se, rb-ra+q*se, rb/ra-1, expm1(log(rb/ra)-q*sl), expm1(log(rb/ra)+q*sl))'
    // → 2.2054590923138937 0.02742189534210664 0.00022266817464121325 0.003777331825358783 0.09999999999999987 0.01063120201292977 0.19727156413731947
    let r = reading(arm(50_000, 1000), arm(50_000, 1100));
    close(r.z, 2.2054590923138937, 1e-12);
    close(r.p_value, 0.02742189534210664, 1e-12);
    close(r.diff_low, 0.00022266817464121325, 1e-12);
    close(r.diff_high, 0.003777331825358783, 1e-12);
    close(r.lift, 0.09999999999999987, 1e-12);
    close(r.lift_low, 0.01063120201292977, 1e-12);
    close(r.lift_high, 0.19727156413731947, 1e-12);
    assert_eq!(r.verdict, Verdict::BWins);

    // The same test the other way round: A wins, the z and the difference change sign.
    let r = reading(arm(50_000, 1100), arm(50_000, 1000));
    close(r.z, -2.2054590923138937, 1e-12);
    close(r.p_value, 0.02742189534210664, 1e-12);
    assert_eq!(r.verdict, Verdict::AWins);
    // At α = 0.01 the same counts are no difference.
    let mut input = read_input(arm(50_000, 1000), arm(50_000, 1100));
    input.alpha = 0.01;
    assert_eq!(read(&input).expect("valid").verdict, Verdict::NoDifference);
}

#[test]
fn sample_ratio_mismatch_matches_python() {
    // python3 -c 'from math import sqrt, erfc; a,b=50000,51000; e=(a+b)/2; c=(a-e)**2/e+(b-e)**2/e; print(c, erfc(sqrt(c/2)))'
    // → 9.900990099009901 0.0016518987323573646
    let r = reading(arm(50_000, 1000), arm(51_000, 1000));
    close(r.srm_chi2, 9.900990099009901, 1e-12);
    close(r.srm_p_value, 0.0016518987323573646, 1e-14);
    assert!(!r.srm_suspect, "p = 0.00165 is above the 0.001 threshold");

    // python3 -c 'from math import sqrt, erfc; a,b=5000,5100; e=(a+b)/2; c=(a-e)**2/e+(b-e)**2/e; print(c, erfc(sqrt(c/2)))'
    // → 0.9900990099009901 0.3197181768128704
    let r = reading(arm(5000, 100), arm(5100, 100));
    close(r.srm_chi2, 0.9900990099009901, 1e-13);
    close(r.srm_p_value, 0.3197181768128704, 1e-13);
    assert!(!r.srm_suspect);

    // python3 -c 'from math import sqrt, erfc; a,b=50000,52000; e=(a+b)/2; c=(a-e)**2/e+(b-e)**2/e; print(c, erfc(sqrt(c/2)))'
    // → 39.21568627450981 3.794791883144958e-10
    let r = reading(arm(50_000, 1000), arm(52_000, 1000));
    close(r.srm_chi2, 39.21568627450981, 1e-10);
    close(r.srm_p_value, 3.794791883144958e-10, 1e-20);
    assert!(r.srm_suspect);

    // An uneven plan, 20 % in B:
    // python3 -c 'from math import sqrt, erfc; a,b,s=8000,2100,0.2; t=a+b; ea,eb=t*(1-s),t*s; c=(a-ea)**2/ea+(b-eb)**2/eb; print(c, erfc(sqrt(c/2)))'
    // → 3.9603960396039604 0.04658274252301549
    let mut input = read_input(arm(8000, 200), arm(2100, 50));
    input.expected_share_b = 0.2;
    let r = read(&input).expect("valid");
    close(r.srm_chi2, 3.9603960396039604, 1e-12);
    close(r.srm_p_value, 0.04658274252301549, 1e-13);
}

// ------------------------------------------------------------------------------------------
// Reading: Bayesian numbers

/// Evan Miller's sum written per term with `math.lgamma`, as the Python references run it:
/// python3 -c 'from math import lgamma, exp, log; lB=lambda x,y: lgamma(x)+lgamma(y)-lgamma(x+y); P=lambda a,b,c,d: sum(exp(lB(c+i,b+d)-log(b+i)-lB(1+i,b)-lB(c,d)) for i in range(int(a))); …'
#[test]
fn prob_beta_greater_matches_millers_sum_in_python() {
    // python3 -c 'from math import lgamma, exp, log; lB=lambda x,y: lgamma(x)+lgamma(y)-lgamma(x+y); P=lambda a,b,c,d: sum(exp(lB(c+i,b+d)-log(b+i)-lB(1+i,b)-lB(c,d)) for i in range(int(a))); print(P(3,1000,5,2), P(7,2,1,3), P(40,60,45,55))'
    // → 1.4650139962363895e-11 0.975757575757575 0.23613294888211592
    // (The engine picks a different one of its four forms for each: the sum over i < d = 2,
    // over i < c = 1, and over i < a = 40.)
    close(
        prob_beta_greater(3.0, 1000.0, 5.0, 2.0),
        1.4650139962363895e-11,
        1e-22,
    );
    close(
        prob_beta_greater(7.0, 2.0, 1.0, 3.0),
        0.975757575757575,
        1e-13,
    );
    close(
        prob_beta_greater(40.0, 60.0, 45.0, 55.0),
        0.23613294888211592,
        1e-13,
    );
    // The complement: P(X > Y) + P(Y > X) = 1.
    close(
        prob_beta_greater(40.0, 60.0, 45.0, 55.0) + prob_beta_greater(45.0, 55.0, 40.0, 60.0),
        1.0,
        1e-13,
    );
    // Invalid parameters give NaN, not a panic.
    assert!(prob_beta_greater(0.0, 1.0, 1.0, 1.0).is_nan());
    assert!(prob_beta_greater(1.0, f64::NAN, 1.0, 1.0).is_nan());
    // No whole parameter: the normal approximation, still a probability.
    let p = prob_beta_greater(40.5, 60.5, 45.5, 55.5);
    assert!((0.2..0.27).contains(&p), "{p}");
}

#[test]
fn large_counts_use_the_normal_approximation_within_its_error() {
    // 2 000 000 vs 2 003 000 conversions out of 100 000 000: above EXACT_BETA_TERMS terms.
    // python3 -c 'from math import lgamma, exp, log; lB=lambda x,y: lgamma(x)+lgamma(y)-lgamma(x+y); P=lambda a,b,c,d: sum(exp(lB(c+i,b+d)-log(b+i)-lB(1+i,b)-lB(c,d)) for i in range(int(a))); print(P(1+2003000,1+97997000,1+2000000,1+98000000))'
    // → 0.9350719885792224 (each lgamma near 10⁹ is good to about 10⁻⁶ here)
    const { assert!(2_000_000 > EXACT_BETA_TERMS) };
    let r = reading(arm(100_000_000, 2_000_000), arm(100_000_000, 2_003_000));
    close(r.prob_b_beats_a, 0.9350719885792224, 2e-4);
    no_nan(&r);
    // Losses: E[max(pA − pB, 0)] − E[max(pB − pA, 0)] = E[pA − pB] exactly.
    close(
        r.expected_loss_b - r.expected_loss_a,
        2_000_001.0 / 100_000_002.0 - 2_003_001.0 / 100_000_002.0,
        1e-12,
    );
}

/// Monte Carlo of P(pB > pA), E[max(pA − pB, 0)] and E[max(pB − pA, 0)] with Beta(1 + c,
/// 1 + n − c) posteriors drawn as X/(X + Y), X ~ Gamma(α), Y ~ Gamma(β); each with its
/// standard error.
fn bayes_monte_carlo(a: Arm, b: Arm, draws: u32, seed: u64) -> [(f64, f64); 3] {
    let mut rand = Rand::new(seed);
    let mut beta = |conversions: u64, visitors: u64| {
        let x = rand.gamma(1.0 + conversions as f64, 1.0);
        let y = rand.gamma(1.0 + (visitors - conversions) as f64, 1.0);
        x / (x + y)
    };
    let mut sums = [[0.0f64; 2]; 3];
    for _ in 0..draws {
        let pa = beta(a.conversions, a.visitors);
        let pb = beta(b.conversions, b.visitors);
        let values = [
            if pb > pa { 1.0 } else { 0.0 },
            (pa - pb).max(0.0),
            (pb - pa).max(0.0),
        ];
        for (sum, v) in sums.iter_mut().zip(values) {
            sum[0] += v;
            sum[1] += v * v;
        }
    }
    let n = f64::from(draws);
    sums.map(|[s, s2]| {
        let mean = s / n;
        let var = (s2 / n - mean * mean).max(0.0);
        (mean, (var / n).sqrt())
    })
}

/// One case of the Bayesian references: the arms, then (P(B > A), E[max(pA − pB, 0)],
/// E[max(pB − pA, 0)]) from each Python computation, with the tolerances they allow.
struct BayesCase {
    a: Arm,
    b: Arm,
    /// Miller's sum per term with float `math.lgamma`, the formula as published: its
    /// accuracy is that of lgamma's large values, so the tolerance is loose.
    published: [f64; 3],
    published_tol: [f64; 3],
    /// The same sum in 40-digit `decimal` arithmetic, first term B(c, b+d)/B(c, d) =
    /// Π_{k<c} (d+k)/(b+d+k) exactly and each next one by the exact ratio of Beta functions.
    precise: [f64; 3],
    precise_tol: [f64; 3],
    seed: u64,
}

// The two Python computations, for aA, bA, aB, bB = 1 + cA, 1 + nA − cA, 1 + cB, 1 + nB − cB:
// python3 -c 'from math import lgamma, exp, log; lB=lambda x,y: lgamma(x)+lgamma(y)-lgamma(x+y); P=lambda a,b,c,d: sum(exp(lB(c+i,b+d)-log(b+i)-lB(1+i,b)-lB(c,d)) for i in range(int(a))); aA,bA,aB,bB=1+200,1+9800,1+250,1+9750; mA,mB=aA/(aA+bA),aB/(aB+bB); print(P(aB,bB,aA,bA), mA*P(aA+1,bA,aB,bB)-mB*P(aA,bA,aB+1,bB), mB*P(aB+1,bB,aA,bA)-mA*P(aB,bB,aA+1,bA))'
// python3 -c 'from itertools import accumulate; from functools import reduce; from decimal import Decimal as D, getcontext; getcontext().prec=40; P=lambda a,b,c,d: sum(accumulate((D((c+i-1)*(b+i-1))/D((b+c+d+i-1)*i) for i in range(1,a)), lambda t,r: t*r, initial=reduce(lambda t,k: t*D(d+k)/D(b+d+k), range(c), D(1)))); aA,bA,aB,bB=1+200,1+9800,1+250,1+9750; mA,mB=D(aA)/(aA+bA),D(aB)/(aB+bB); print(P(aB,bB,aA,bA), mA*P(aA+1,bA,aB,bB)-mB*P(aA,bA,aB+1,bB), mB*P(aB+1,bB,aA,bA)-mA*P(aB,bB,aA+1,bA))'
// and the same with aA,bA,aB,bB=1+1000,1+49000,1+1020,1+48980 and =1+100000,1+4900000,1+100500,1+4899500.
fn bayes_cases() -> [BayesCase; 3] {
    [
        BayesCase {
            a: arm(10_000, 200),
            b: arm(10_000, 250),
            // → 0.9914227750959315 6.0155783596025085e-06 0.0050050157781284695
            published: [
                0.9914227750959315,
                6.0155783596025085e-06,
                0.0050050157781284695,
            ],
            published_tol: [1e-10, 1e-11, 1e-11],
            // → 0.99142277510588192019… 0.0000060155783586110835821… 0.0050050157783186190819…
            precise: [
                0.991422775105882,
                6.0155783586110836e-6,
                0.0050050157783186194,
            ],
            precise_tol: [1e-13, 1e-15, 1e-15],
            seed: 1,
        },
        BayesCase {
            a: arm(50_000, 1000),
            b: arm(50_000, 1020),
            // → 0.673440916561514 0.0001903473096379997 0.0005903313097005425
            published: [
                0.673440916561514,
                0.0001903473096379997,
                0.0005903313097005425,
            ],
            published_tol: [1e-9, 1e-11, 1e-11],
            // → 0.67344091659656664236… 0.00019034730978741116861… 0.00059033131042738556964…
            precise: [
                0.6734409165965667,
                0.00019034730978741116,
                0.0005903313104273855,
            ],
            precise_tol: [1e-12, 1e-13, 1e-13],
            seed: 2,
        },
        BayesCase {
            // 100 001 terms in the engine's sum; each float lgamma near 10⁸ carries an absolute
            // error near 10⁻⁸, so the published form is good to about 10⁻⁷ in P and 10⁻⁴
            // relative in the small losses here.
            a: arm(5_000_000, 100_000),
            b: arm(5_000_000, 100_500),
            // → 0.8703404285238651 5.75399169170385e-06 0.00010575385632292586
            published: [
                0.8703404285238651,
                5.75399169170385e-06,
                0.00010575385632292586,
            ],
            published_tol: [1e-7, 1e-9, 1e-8],
            // → 0.87034044795661714937… 0.0000057540039126262491575… 0.00010575396391264224915…
            precise: [
                0.8703404479566171,
                5.754003912626249e-6,
                0.00010575396391264225,
            ],
            precise_tol: [1e-10, 1e-12, 1e-12],
            seed: 3,
        },
    ]
}

#[test]
fn bayesian_numbers_match_python_and_a_monte_carlo() {
    for case in bayes_cases() {
        let r = reading(case.a, case.b);
        let got = [r.prob_b_beats_a, r.expected_loss_b, r.expected_loss_a];
        for (i, g) in got.iter().enumerate() {
            close(*g, case.published[i], case.published_tol[i]);
            close(*g, case.precise[i], case.precise_tol[i]);
        }
        // E[max(pB − pA, 0)] − E[max(pA − pB, 0)] = E[pB − pA], exactly.
        let mean = |arm: Arm| (1.0 + arm.conversions as f64) / (2.0 + arm.visitors as f64);
        close(
            r.expected_loss_a - r.expected_loss_b,
            mean(case.b) - mean(case.a),
            1e-14,
        );
        // 200 000 seeded draws; within 4 Monte Carlo standard errors.
        let mc = bayes_monte_carlo(case.a, case.b, 200_000, case.seed);
        for (g, (mean, se)) in got.iter().zip(mc) {
            close(*g, mean, 4.0 * se);
        }
    }
}

// ------------------------------------------------------------------------------------------
// Reading: verdicts and edge cases

#[test]
fn arms_without_visitors_or_with_too_many_conversions_are_errors() {
    let err = |a: Arm, b: Arm| read(&read_input(a, b)).expect_err("invalid arms");
    assert_eq!(err(arm(0, 0), arm(10, 1)), AbError::NoVisitors { arm: 'A' });
    assert_eq!(err(arm(10, 1), arm(0, 0)), AbError::NoVisitors { arm: 'B' });
    assert_eq!(
        err(arm(10, 1), arm(10, 11)),
        AbError::ConversionsAboveVisitors {
            arm: 'B',
            conversions: 11,
            visitors: 10
        }
    );
    assert_eq!(
        err(arm(10, 12), arm(10, 1)),
        AbError::ConversionsAboveVisitors {
            arm: 'A',
            conversions: 12,
            visitors: 10
        }
    );
    let bad = |f: &dyn Fn(&mut ReadInput)| {
        let mut input = read_input(arm(100, 10), arm(100, 12));
        f(&mut input);
        read(&input).expect_err("invalid input")
    };
    assert_eq!(
        bad(&|i| i.alpha = 1.0),
        AbError::BadInput { field: "alpha" }
    );
    assert_eq!(
        bad(&|i| i.expected_share_b = 0.0),
        AbError::BadInput {
            field: "expected_share_b"
        }
    );
    assert_eq!(
        bad(&|i| i.sequential_n = Some(0)),
        AbError::BadInput {
            field: "sequential_n"
        }
    );
}

#[test]
fn tiny_samples_are_underpowered() {
    let r = reading(arm(20, 3), arm(20, 5));
    assert_eq!(r.verdict, Verdict::Underpowered);
    no_nan(&r);
    // 10 conversions and 10 non-conversions in each arm is enough.
    assert_ne!(
        reading(arm(20, 10), arm(20, 10)).verdict,
        Verdict::Underpowered
    );
    assert_eq!(
        reading(arm(20, 10), arm(19, 10)).verdict,
        Verdict::Underpowered
    );
}

#[test]
fn reading_before_the_planned_sample_is_peeking() {
    let mut input = read_input(arm(2000, 40), arm(2000, 70));
    input.planned_per_arm = Some(3841);
    let r = read(&input).expect("valid");
    assert_eq!(r.verdict, Verdict::Peeking);
    assert_eq!(r.planned_reached, Some(false));
    // The numbers are still there (the page may show them greyed), only the verdict is held.
    assert!(r.p_value < 0.05);

    let mut input = read_input(arm(3841, 77), arm(3900, 120));
    input.planned_per_arm = Some(3841);
    let r = read(&input).expect("valid");
    assert_eq!(r.planned_reached, Some(true));
    assert_eq!(r.verdict, Verdict::BWins);
    assert_eq!(reading(arm(3841, 77), arm(3900, 120)).planned_reached, None);
}

#[test]
fn full_and_empty_rates_give_no_nan() {
    // 100 % in A: every number finite, A's lift variance with the ½ correction.
    let r = reading(arm(50, 50), arm(50, 40));
    no_nan(&r);
    assert!(r.lift_low.is_finite() && r.lift_high.is_finite());
    close(r.lift, -0.2, 1e-15);
    assert_eq!(r.verdict, Verdict::Underpowered);
    assert!(r.p_value < 0.01);

    // Both at 100 %: pooled rate 1, z = 0, p = 1.
    let r = reading(arm(30, 30), arm(30, 30));
    no_nan(&r);
    assert_eq!(r.z, 0.0);
    assert_eq!(r.p_value, 1.0);
    assert_eq!(r.lift, 0.0);
    close(r.prob_b_beats_a, 0.5, 1e-12);

    // No conversion in A: the lift is +∞, its interval [finite, +∞].
    let r = reading(arm(100, 0), arm(100, 5));
    no_nan(&r);
    assert_eq!(r.lift, f64::INFINITY);
    assert_eq!(r.lift_high, f64::INFINITY);
    assert!(r.lift_low.is_finite() && r.lift_low > -1.0);

    // No conversion in B: the lift is −1, its interval [−1, finite].
    let r = reading(arm(100, 5), arm(100, 0));
    no_nan(&r);
    assert_eq!(r.lift, -1.0);
    assert_eq!(r.lift_low, -1.0);
    assert!(r.lift_high.is_finite());

    // No conversion anywhere.
    let r = reading(arm(100, 0), arm(100, 0));
    no_nan(&r);
    assert_eq!(r.lift, 0.0);
    assert_eq!(r.p_value, 1.0);
    close(r.prob_b_beats_a, 0.5, 1e-12);
}

#[test]
fn extreme_counts_do_not_panic() {
    let cases = [
        (arm(u64::MAX, u64::MAX / 50), arm(u64::MAX, u64::MAX / 49)),
        (arm(u64::MAX, u64::MAX), arm(u64::MAX, 0)),
        (arm(u64::MAX, 1), arm(1, 1)),
        (arm(1, 0), arm(u64::MAX, u64::MAX - 1)),
    ];
    for (a, b) in cases {
        let r = reading(a, b);
        no_nan(&r);
        for n in [1, u64::MAX] {
            let mut input = read_input(a, b);
            input.sequential_n = Some(n);
            input.planned_per_arm = Some(n);
            no_nan(&read(&input).expect("valid"));
        }
    }
}

// ------------------------------------------------------------------------------------------
// The daily-counts CSV

#[test]
fn wide_and_long_csv_layouts_sum_the_days() {
    let wide = "date,visitors_a,conversions_a,visitors_b,conversions_b\n\
                2025-01-01,1000,20,1010,25\n\
                2025-01-02,1100,22,1090,30\n";
    let (a, b) = read_daily_csv(wide).expect("wide CSV");
    assert_eq!(a, arm(2100, 42));
    assert_eq!(b, arm(2100, 55));

    // Long, columns in another order, arm names in any case, a blank line, a BOM, CRLF.
    let long = "\u{feff}Date,Visitors,Arm,Conversions\r\n\
                2025-01-01,1000,a,20\r\n\
                \r\n\
                2025-01-01,1010,B,25\r\n\
                2025-01-02,1100,A,22\r\n\
                2025-01-02,1090,b,30\r\n";
    assert_eq!(read_daily_csv(long).expect("long CSV"), (a, b));

    // Thousands separators in a quoted cell, a spreadsheet's ".0", an extra column.
    let messy = "date,visitors_a,conversions_a,visitors_b,conversions_b,note\n\
                 2025-01-01,\"1,000\",20.0,1010,25,x\n\
                 2025-01-02,1100,22,\"1,090\",30,\n";
    assert_eq!(read_daily_csv(messy).expect("messy CSV"), (a, b));

    // Tab-separated.
    let tabs = "date\tvisitors_a\tconversions_a\tvisitors_b\tconversions_b\n\
                2025-01-01\t2100\t42\t2100\t55\n";
    assert_eq!(read_daily_csv(tabs).expect("tab CSV"), (a, b));

    // The summed counts read like typed ones.
    let r = read(&read_input(a, b)).expect("valid");
    close(r.rate_a, 0.02, 1e-15);
}

#[test]
fn chinese_headers_are_recognised() {
    let long = "日期,组别,访客数,转化数\n\
                2025-01-01,A组,1000,20\n\
                2025-01-01,B组,1010,25\n";
    assert_eq!(
        read_daily_csv(long).expect("组别"),
        (arm(1000, 20), arm(1010, 25))
    );
    let long = "日期,分组,访客数,转化数\n2025-01-01,a,1000,20\n2025-01-01,b,1010,25\n";
    assert_eq!(
        read_daily_csv(long).expect("分组"),
        (arm(1000, 20), arm(1010, 25))
    );
    let wide = "日期,A组访客数,A组转化数,B组访客数,B组转化数\n2025-01-01,1000,20,1010,25\n";
    assert_eq!(
        read_daily_csv(wide).expect("wide Chinese"),
        (arm(1000, 20), arm(1010, 25))
    );
    let wide = "日期,访客数A,转化数A,访客数B,转化数B\n2025-01-01,1000,20,1010,25\n";
    assert_eq!(
        read_daily_csv(wide).expect("wide Chinese, arm last"),
        (arm(1000, 20), arm(1010, 25))
    );
}

/// The line and column of a CSV error.
fn csv_error(text: &str) -> (u64, Option<u64>, CsvProblem) {
    match read_daily_csv(text) {
        Err(AbError::Csv {
            line,
            column,
            problem,
        }) => (line, column, problem),
        other => panic!("expected a CSV error, got {other:?}"),
    }
}

#[test]
fn csv_errors_name_the_line_and_column() {
    let header = "date,visitors_a,conversions_a,visitors_b,conversions_b\n";
    // A bad number on line 3, column 4.
    let (line, column, message) = csv_error(&format!(
        "{header}2025-01-01,1000,20,1010,25\n2025-01-02,1100,22,1O90,30\n"
    ));
    assert_eq!((line, column), (3, Some(4)));
    assert_eq!(
        message,
        CsvProblem::NotAWholeNumber {
            cell: "1O90".into()
        }
    );
    // Negative, fractional, empty.
    for cell in ["-5", "12.5", "", "\"1,00\"", "1e3"] {
        let (line, column, _) = csv_error(&format!("{header}2025-01-01,1000,20,{cell},25\n"));
        assert_eq!((line, column), (2, Some(4)), "{cell:?}");
    }
    // Conversions above visitors in a row: its line, and the conversions' column.
    let (line, column, message) = csv_error(&format!(
        "{header}2025-01-01,1000,20,1010,25\n2025-01-02,100,101,1090,30\n"
    ));
    assert_eq!((line, column), (3, Some(3)));
    assert_eq!(
        message,
        CsvProblem::ConversionsAboveVisitors {
            arm: 'A',
            conversions: 101,
            visitors: 100
        }
    );
    let (line, _, message) =
        csv_error("date,arm,visitors,conversions\n2025-01-01,A,10,1\n\n2025-01-01,B,10,11\n");
    assert_eq!(line, 4, "the blank line counts");
    assert!(
        matches!(
            message,
            CsvProblem::ConversionsAboveVisitors { arm: 'B', .. }
        ),
        "{message:?}"
    );
    // An unknown arm; blank lines and a whitespace-only line before it still count.
    let (line, column, _) = csv_error("date,arm,visitors,conversions\n2025-01-01,C,10,1\n");
    assert_eq!((line, column), (2, Some(2)));
    let (line, column, _) =
        csv_error("\n\ndate,arm,visitors,conversions\r\n \r\n\r\n2025-01-01,C,10,1\n");
    assert_eq!((line, column), (6, Some(2)));
    // A short row.
    let (line, column, _) = csv_error(&format!("{header}2025-01-01,1000,20\n"));
    assert_eq!((line, column), (2, Some(4)));
    // An unrecognised header, an empty file, a header without rows, an overflowing sum.
    assert_eq!(
        csv_error("day,clicks,sales\n1,2,3\n"),
        (1, None, CsvProblem::HeaderNotRecognised)
    );
    assert_eq!(csv_error(""), (1, None, CsvProblem::Empty));
    assert_eq!(csv_error(header), (2, None, CsvProblem::NoDataRow));
    let (line, column, _) = csv_error(&format!(
        "{header}1,18446744073709551615,0,1,0\n2,1,0,1,0\n"
    ));
    assert_eq!((line, column), (3, None));
    let (line, column, _) = csv_error(&format!("{header}1,18446744073709551616,0,1,0\n"));
    assert_eq!((line, column), (2, Some(2)));
}
