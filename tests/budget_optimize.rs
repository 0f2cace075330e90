#![cfg(not(target_arch = "wasm32"))]
//! The budget optimizer (`engine::sim::budget::optimize`) on hand-built response curves:
//! optimality against a brute-force grid for 3 channels (S-shaped and concave, with bounds and a
//! lock), the first-order (KKT) conditions for 10 seeded random channels, each objective
//! (revenue, profit with and without a budget, target revenue, target ROAS) against an
//! independent check, edge cases (zero budget, a budget above every bound, a dead curve,
//! crossed bounds, everything locked, garbage input), the gains from relaxing a binding bound,
//! and the time of one 10-channel optimization (printed, not asserted).

use shoplab::engine::random::Rand;
use shoplab::engine::sim::budget::curve::ResponseCurve;
use shoplab::engine::sim::budget::optimize::{
    frontier, optimize, relaxation_budget, relaxation_gains, relaxation_step, Allocation, Binding,
    Bounds, ChannelInput, Objective,
};

fn curve(theta: f64, alpha: f64, kappa: f64, beta: f64) -> ResponseCurve {
    ResponseCurve {
        theta,
        alpha,
        kappa,
        beta,
    }
}

fn channel(name: &str, curve: ResponseCurve, current: f64, min: f64, max: f64) -> ChannelInput {
    ChannelInput {
        channel: name.to_string(),
        curve,
        current,
        bounds: Bounds { min, max },
        locked: false,
    }
}

/// Three channels: two S-shaped (α = 2.5) with different scales, one concave (α = 0.8).
fn three() -> Vec<ChannelInput> {
    vec![
        channel(
            "search",
            curve(0.3, 2.5, 2_000.0, 30_000.0),
            1_000.0,
            0.0,
            1e9,
        ),
        channel(
            "social",
            curve(0.5, 0.8, 1_500.0, 9_000.0),
            1_000.0,
            0.0,
            1e9,
        ),
        channel(
            "video",
            curve(0.1, 2.5, 6_000.0, 60_000.0),
            1_000.0,
            0.0,
            1e9,
        ),
    ]
}

fn revenue_of(channels: &[ChannelInput], spend: &[f64]) -> f64 {
    channels
        .iter()
        .zip(spend)
        .map(|(c, s)| c.curve.steady(*s))
        .sum()
}

/// The best revenue on a grid: every free channel but the last on multiples of `step` within
/// its bounds, the last takes the rest of the budget (if within its bounds). Locked channels
/// sit at their current spend. At most 3 free channels.
fn grid_best(channels: &[ChannelInput], budget: f64, step: f64) -> (f64, Vec<f64>) {
    let locked: f64 = channels
        .iter()
        .filter(|c| c.locked)
        .map(|c| c.current)
        .sum();
    let free: Vec<usize> = (0..channels.len())
        .filter(|&i| !channels[i].locked)
        .collect();
    assert!((1..=3).contains(&free.len()));
    let rest = budget - locked;
    let mut best = (f64::NEG_INFINITY, Vec::new());
    let axis = |i: usize| -> Vec<f64> {
        let b = channels[i].bounds;
        let hi = b.max.min(rest);
        let mut v = Vec::new();
        let mut k = (b.min / step).ceil();
        while k * step <= hi {
            v.push(k * step);
            k += 1.0;
        }
        v.push(b.min);
        v.push(hi);
        v
    };
    let mut consider = |spend_free: &[f64]| {
        let last = free[free.len() - 1];
        let mut spend: Vec<f64> = channels.iter().map(|c| c.current).collect();
        for (k, &i) in free.iter().enumerate().take(free.len() - 1) {
            spend[i] = spend_free[k];
        }
        let used: f64 = spend_free.iter().sum();
        let b = channels[last].bounds;
        let s_last = (rest - used).clamp(b.min, b.max);
        spend[last] = s_last;
        // When the last channel hits a bound, the channel before it takes the difference (so
        // that points with two channels at their bounds are on the grid).
        let excess = rest - used - s_last;
        if excess != 0.0 {
            let Some(&prev) = free.iter().rev().nth(1) else {
                return;
            };
            let pb = channels[prev].bounds;
            spend[prev] += excess;
            if spend[prev] < pb.min - 1e-9 || spend[prev] > pb.max + 1e-9 {
                return;
            }
        }
        let r = revenue_of(channels, &spend);
        if r > best.0 {
            best = (r, spend);
        }
    };
    match free.len() {
        1 => consider(&[]),
        2 => {
            for a in axis(free[0]) {
                consider(&[a]);
            }
        }
        _ => {
            let (xa, xb) = (axis(free[0]), axis(free[1]));
            for a in &xa {
                for b in &xb {
                    if a + b <= rest + 1e-9 {
                        consider(&[*a, *b]);
                    }
                }
            }
        }
    }
    best
}

fn assert_spends_budget(a: &Allocation, budget: f64) {
    assert!(!a.infeasible, "{a:?}");
    let total: f64 = a.spend.iter().sum();
    assert!(
        (total - budget).abs() <= 1e-9 * budget.max(1.0),
        "spent {total} of {budget}"
    );
    assert!((a.total_spend - total).abs() <= 1e-9 * budget.max(1.0));
}

fn assert_within_bounds(channels: &[ChannelInput], a: &Allocation) {
    for (c, s) in channels.iter().zip(&a.spend) {
        if c.locked {
            assert_eq!(*s, c.current, "{}", c.channel);
        } else {
            let tol = 1e-9 * c.bounds.max.abs().max(1.0);
            assert!(
                *s >= c.bounds.min - tol && *s <= c.bounds.max + tol,
                "{} spends {s} outside {:?}",
                c.channel,
                c.bounds
            );
        }
    }
}

fn assert_matches_grid(channels: &[ChannelInput], budget: f64, step: f64) -> Allocation {
    let a = optimize(channels, &Objective::MaxRevenue { budget });
    assert_spends_budget(&a, budget);
    assert_within_bounds(channels, &a);
    let (grid, grid_spend) = grid_best(channels, budget, step);
    let exact = revenue_of(channels, &a.spend);
    assert!((exact - a.total_revenue).abs() <= 1e-9 * exact);
    assert!(
        a.total_revenue >= grid - 1e-9 * grid,
        "budget {budget}: optimizer {} at {:?}, grid {grid} at {grid_spend:?}",
        a.total_revenue,
        a.spend
    );
    // The grid is fine enough to land near the optimum, so the two agree closely.
    assert!(
        a.total_revenue <= grid * (1.0 + 1e-4),
        "budget {budget}: optimizer {} vs grid {grid}",
        a.total_revenue
    );
    a
}

/// λ: the median marginal of the free channels.
fn common_marginal(a: &Allocation) -> Option<f64> {
    let mut m: Vec<f64> = a
        .binding
        .iter()
        .zip(&a.marginal)
        .filter(|(b, _)| **b == Binding::Free)
        .map(|(_, m)| *m)
        .collect();
    m.sort_by(f64::total_cmp);
    m.get(m.len() / 2).copied()
}

fn assert_kkt(channels: &[ChannelInput], a: &Allocation, budget: f64) {
    assert_spends_budget(a, budget);
    assert_within_bounds(channels, a);
    let Some(lambda) = common_marginal(a) else {
        return;
    };
    for (i, (b, m)) in a.binding.iter().zip(&a.marginal).enumerate() {
        match b {
            Binding::Free => assert!(
                (m - lambda).abs() <= 0.01 * lambda,
                "channel {i}: marginal {m} vs λ {lambda} ({a:?})"
            ),
            // A concave curve (α < 1) has an infinite slope at 0; with α just below 1 its best
            // spend can be below the smallest positive double, so 0 is exact there.
            Binding::Min if a.spend[i] == 0.0 && channels[i].curve.alpha < 1.0 => {}
            Binding::Min => assert!(
                *m <= lambda * (1.0 + 1e-6),
                "channel {i} at min: {m} > {lambda}"
            ),
            Binding::Max => assert!(
                *m >= lambda * (1.0 - 1e-6),
                "channel {i} at max: {m} < {lambda}"
            ),
            Binding::Locked => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Optimality against a grid.

#[test]
fn three_channels_match_a_brute_force_grid() {
    let ch = three();
    // Small budgets leave the big S-curve off, large ones switch it on: the jump is where
    // equalizing marginals alone goes wrong.
    for budget in [
        500.0, 1_500.0, 3_000.0, 5_000.0, 8_000.0, 12_000.0, 20_000.0, 40_000.0,
    ] {
        let a = assert_matches_grid(&ch, budget, budget / 1500.0);
        assert_kkt(&ch, &a, budget);
    }
}

#[test]
fn three_channels_with_bounds_and_a_lock_match_the_grid() {
    let mut ch = three();
    ch[0].bounds = Bounds {
        min: 500.0,
        max: 3_000.0,
    };
    ch[2].bounds = Bounds {
        min: 0.0,
        max: 9_000.0,
    };
    for budget in [1_000.0, 4_000.0, 9_000.0, 14_000.0] {
        let a = assert_matches_grid(&ch, budget, budget / 1500.0);
        assert_kkt(&ch, &a, budget);
    }
    // Binding upper bound: search's max.
    let a = optimize(&ch, &Objective::MaxRevenue { budget: 14_000.0 });
    assert_eq!(a.binding[0], Binding::Max, "{a:?}");

    // A fourth, locked channel: fixed at its current spend, the rest re-split.
    let mut four = ch.clone();
    four.push(ChannelInput {
        locked: true,
        ..channel("tv", curve(0.6, 1.5, 3_000.0, 20_000.0), 2_500.0, 0.0, 1e9)
    });
    for budget in [3_000.0, 8_000.0, 16_000.0] {
        let a = assert_matches_grid(&four, budget, budget / 1500.0);
        assert_eq!(a.spend[3], 2_500.0);
        assert_eq!(a.binding[3], Binding::Locked);
        assert_kkt(&four, &a, budget);
    }
}

#[test]
fn two_identical_s_curves_fund_one_rather_than_split() {
    // Equal marginals would split the budget evenly, deep in both convex starts.
    let c = curve(0.0, 3.0, 1_000.0, 10_000.0);
    let ch = vec![
        channel("a", c, 0.0, 0.0, 1e9),
        channel("b", c, 0.0, 0.0, 1e9),
    ];
    for budget in [600.0, 1_000.0, 1_600.0, 2_400.0, 4_000.0] {
        assert_matches_grid(&ch, budget, budget / 20_000.0);
    }
    let a = optimize(&ch, &Objective::MaxRevenue { budget: 1_000.0 });
    let split = 2.0 * c.steady(500.0);
    assert!(a.total_revenue > split, "{a:?}");
}

// ---------------------------------------------------------------------------------------------
// 2. KKT for 10 random channels.

fn random_channels(seed: u64, n: usize) -> Vec<ChannelInput> {
    let mut rng = Rand::new(seed);
    (0..n)
        .map(|i| {
            let alpha = if rng.chance(0.5) {
                rng.between(1.2, 3.5)
            } else {
                rng.between(0.5, 1.0)
            };
            let kappa = rng.between(500.0, 8_000.0);
            let c = curve(
                rng.between(0.0, 0.7),
                alpha,
                kappa,
                rng.between(3_000.0, 40_000.0),
            );
            let current = rng.between(200.0, 4_000.0);
            let (min, max) = match rng.below(3) {
                0 => (0.0, 1e9),
                1 => (0.5 * current, 2.0 * current),
                _ => (0.0, 3.0 * current),
            };
            channel(&format!("c{i}"), c, current, min, max)
        })
        .collect()
}

#[test]
fn ten_random_channels_meet_the_kkt_conditions() {
    for seed in 1..=12u64 {
        let ch = random_channels(seed, 10);
        let current: f64 = ch.iter().map(|c| c.current).sum();
        for factor in [0.3, 0.8, 1.0, 1.7, 3.0] {
            let budget = current * factor;
            let a = optimize(&ch, &Objective::MaxRevenue { budget });
            assert_kkt(&ch, &a, budget);
            // No channel can take spend from another profitably: every single transfer of a
            // small amount between two channels loses revenue.
            let base = a.total_revenue;
            for i in 0..10 {
                for j in 0..10 {
                    let d = 1e-3 * budget;
                    let mut s = a.spend.clone();
                    if i == j || s[i] + d > ch[i].bounds.max || s[j] - d < ch[j].bounds.min {
                        continue;
                    }
                    s[i] += d;
                    s[j] -= d;
                    assert!(
                        revenue_of(&ch, &s) <= base + 1e-9 * base,
                        "seed {seed} factor {factor}: moving {d} from {j} to {i} gains"
                    );
                }
            }
        }
    }
}

#[test]
fn ten_channels_marginal_roas_is_reported_per_channel() {
    let ch = random_channels(99, 10);
    let a = optimize(&ch, &Objective::MaxRevenue { budget: 15_000.0 });
    for (c, (s, m)) in ch.iter().zip(a.spend.iter().zip(&a.marginal)) {
        assert_eq!(*m, c.curve.marginal(*s));
    }
    assert_eq!(a.binding.len(), 10);
    assert_eq!(a.roas, Some(a.total_revenue / a.total_spend));
}

// ---------------------------------------------------------------------------------------------
// 3. Each objective.

#[test]
fn max_profit_with_a_budget_is_the_best_revenue_split() {
    let ch = random_channels(5, 10);
    let budget = 12_000.0;
    let r = optimize(&ch, &Objective::MaxRevenue { budget });
    let p = optimize(
        &ch,
        &Objective::MaxProfit {
            budget: Some(budget),
            margin: 0.4,
        },
    );
    assert_eq!(r, p);
}

#[test]
fn max_profit_without_a_budget_sets_margin_times_marginal_to_one() {
    let margin = 0.45;
    for seed in [3u64, 4, 8] {
        let ch = random_channels(seed, 10);
        let a = optimize(
            &ch,
            &Objective::MaxProfit {
                budget: None,
                margin,
            },
        );
        assert!(!a.infeasible);
        assert_within_bounds(&ch, &a);
        for (i, (c, (s, m))) in ch.iter().zip(a.spend.iter().zip(&a.marginal)).enumerate() {
            match a.binding[i] {
                Binding::Free => {
                    assert!(
                        (margin * m - 1.0).abs() < 1e-6,
                        "{i}: margin × marginal {}",
                        margin * m
                    )
                }
                Binding::Min => assert!(margin * m <= 1.0 + 1e-9, "{i}"),
                Binding::Max => assert!(margin * m >= 1.0 - 1e-9, "{i}"),
                Binding::Locked => unreachable!(),
            }
            // Each channel's profit is the best on a fine grid of its range.
            let profit = |x: f64| margin * c.curve.steady(x) - x;
            let hi = c.bounds.max.min(60_000.0);
            let mut x = c.bounds.min;
            while x <= hi {
                assert!(
                    profit(x) <= profit(*s) + 1e-9 * profit(*s).abs().max(1.0),
                    "{i} at {x}"
                );
                x += (hi - c.bounds.min) / 20_000.0;
            }
        }
    }
}

/// The least budget whose best split brings `target`, by bisection over MaxRevenue.
fn least_budget_for(ch: &[ChannelInput], target: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 1.0);
    while optimize(ch, &Objective::MaxRevenue { budget: hi }).total_revenue < target {
        hi *= 2.0;
    }
    for _ in 0..80 {
        let mid = 0.5 * (lo + hi);
        if optimize(ch, &Objective::MaxRevenue { budget: mid }).total_revenue >= target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

#[test]
fn target_revenue_is_reached_at_the_least_spend() {
    let ch = random_channels(11, 10);
    let full = optimize(&ch, &Objective::MaxRevenue { budget: 20_000.0 }).total_revenue;
    for share in [0.2, 0.5, 0.9, 1.0] {
        let target = full * share;
        let a = optimize(&ch, &Objective::TargetRevenue { revenue: target });
        assert!(!a.infeasible);
        assert!(a.total_revenue >= target, "{} < {target}", a.total_revenue);
        assert!(a.total_revenue <= target * (1.0 + 1e-9));
        assert_within_bounds(&ch, &a);
        let least = least_budget_for(&ch, target);
        assert!(
            (a.total_spend - least).abs() <= 1e-6 * least,
            "target {target}: spends {} but {least} is enough",
            a.total_spend
        );
        assert_kkt(&ch, &a, a.total_spend);
    }
    // Out of reach: every channel at its maximum.
    let bounded: Vec<ChannelInput> = ch
        .iter()
        .map(|c| ChannelInput {
            bounds: Bounds {
                min: 0.0,
                max: 2.0 * c.current,
            },
            ..c.clone()
        })
        .collect();
    let a = optimize(&bounded, &Objective::TargetRevenue { revenue: 1e12 });
    assert!(a.infeasible);
    for (c, s) in bounded.iter().zip(&a.spend) {
        assert_eq!(*s, c.bounds.max);
    }
    // Below the revenue at the minimums: the minimums.
    let a = optimize(&bounded, &Objective::TargetRevenue { revenue: 0.0 });
    assert!(!a.infeasible);
    assert_eq!(a.total_spend, 0.0);
}

#[test]
fn target_roas_spends_the_most_that_keeps_the_roas() {
    for seed in [2u64, 6, 7] {
        let ch = random_channels(seed, 10);
        let at = |b: f64| optimize(&ch, &Objective::MaxRevenue { budget: b });
        let best_roas = (1..=60)
            .map(|k| {
                let a = at(500.0 * k as f64);
                a.total_revenue / a.total_spend
            })
            .fold(0.0, f64::max);
        for share in [0.3, 0.6, 0.9] {
            let target = best_roas * share;
            let a = optimize(&ch, &Objective::TargetRoas { roas: target });
            assert!(!a.infeasible, "{a:?}");
            assert_within_bounds(&ch, &a);
            let roas = a.total_revenue / a.total_spend;
            assert!(roas >= target, "roas {roas} < {target}");
            assert_eq!(a.roas, Some(roas));
            // No larger budget meets the target.
            let b = a.total_spend;
            for up in [1e-4, 1e-3, 1e-2, 0.05, 0.2, 0.5, 1.0, 3.0, 10.0] {
                let bigger = at(b * (1.0 + up));
                if bigger.infeasible {
                    break;
                }
                assert!(
                    bigger.total_revenue / bigger.total_spend < target,
                    "seed {seed}: budget {} (+{up}) still has ROAS ≥ {target}",
                    b * (1.0 + up)
                );
            }
            // And its split is the best for its budget.
            let same = at(b);
            assert!(a.total_revenue >= same.total_revenue * (1.0 - 1e-9));
        }
        // Out of reach: the closest (most revenue − ROAS × spend), flagged.
        let a = optimize(
            &ch,
            &Objective::TargetRoas {
                roas: best_roas * 5.0,
            },
        );
        assert!(a.infeasible);
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Edge cases.

#[test]
fn zero_budget_spends_nothing() {
    let ch = three();
    let a = optimize(&ch, &Objective::MaxRevenue { budget: 0.0 });
    assert!(!a.infeasible);
    assert_eq!(a.spend, vec![0.0; 3]);
    assert_eq!(a.total_revenue, 0.0);
    assert_eq!(a.roas, None);
    assert_eq!(a.binding, vec![Binding::Min; 3]);
}

#[test]
fn a_budget_above_every_upper_bound_puts_every_channel_at_its_max() {
    let mut ch = three();
    for (c, max) in ch.iter_mut().zip([1_000.0, 2_000.0, 3_000.0]) {
        c.bounds.max = max;
    }
    let a = optimize(&ch, &Objective::MaxRevenue { budget: 50_000.0 });
    assert!(a.infeasible);
    assert_eq!(a.spend, vec![1_000.0, 2_000.0, 3_000.0]);
    assert_eq!(a.binding, vec![Binding::Max; 3]);
    // Below the sum of the minimums: every channel at its min.
    for (c, min) in ch.iter_mut().zip([500.0, 500.0, 500.0]) {
        c.bounds.min = min;
    }
    let a = optimize(&ch, &Objective::MaxRevenue { budget: 1_000.0 });
    assert!(a.infeasible);
    assert_eq!(a.spend, vec![500.0; 3]);
    // Exactly the sum of the maximums: feasible, every channel at its max.
    let a = optimize(&ch, &Objective::MaxRevenue { budget: 6_000.0 });
    assert!(!a.infeasible);
    assert_eq!(a.spend, vec![1_000.0, 2_000.0, 3_000.0]);
}

#[test]
fn a_channel_with_a_zero_curve_gets_its_minimum() {
    let mut ch = three();
    ch.push(channel(
        "dead",
        curve(0.2, 2.0, 1_000.0, 0.0),
        800.0,
        0.0,
        1e9,
    ));
    ch.push(channel(
        "dead-min",
        curve(0.2, 2.0, 1_000.0, 0.0),
        800.0,
        300.0,
        1e9,
    ));
    ch.push(channel(
        "nan",
        curve(f64::NAN, 2.0, f64::NAN, 5e4),
        800.0,
        0.0,
        1e9,
    ));
    for budget in [1_000.0, 10_000.0] {
        let a = optimize(&ch, &Objective::MaxRevenue { budget });
        assert_spends_budget(&a, budget);
        assert_eq!(&a.spend[3..], &[0.0, 300.0, 0.0]);
        assert_eq!(&a.revenue[3..], &[0.0, 0.0, 0.0]);
        assert!(a.total_revenue.is_finite());
    }
    // Only when nothing else can take the money does a dead channel get more.
    for c in ch.iter_mut().take(3) {
        c.bounds.max = 1_000.0;
    }
    let a = optimize(&ch, &Objective::MaxRevenue { budget: 5_000.0 });
    assert_spends_budget(&a, 5_000.0);
    assert_eq!(&a.spend[..3], &[1_000.0; 3]);
}

#[test]
fn crossed_bounds_are_swapped() {
    let mut ch = three();
    ch[1].bounds = Bounds {
        min: 4_000.0,
        max: 2_500.0,
    };
    let a = optimize(&ch, &Objective::MaxRevenue { budget: 6_000.0 });
    assert_spends_budget(&a, 6_000.0);
    assert!(a.spend[1] >= 2_500.0 && a.spend[1] <= 4_000.0, "{a:?}");
    let swapped = {
        let mut s = ch.clone();
        s[1].bounds = Bounds {
            min: 2_500.0,
            max: 4_000.0,
        };
        optimize(&s, &Objective::MaxRevenue { budget: 6_000.0 })
    };
    assert_eq!(a, swapped);
}

#[test]
fn all_channels_locked() {
    let mut ch = three();
    for (c, cur) in ch.iter_mut().zip([700.0, 1_100.0, 2_000.0]) {
        c.locked = true;
        c.current = cur;
    }
    let a = optimize(&ch, &Objective::MaxRevenue { budget: 3_800.0 });
    assert!(!a.infeasible);
    assert_eq!(a.spend, vec![700.0, 1_100.0, 2_000.0]);
    assert_eq!(a.binding, vec![Binding::Locked; 3]);
    let a = optimize(&ch, &Objective::MaxRevenue { budget: 5_000.0 });
    assert!(a.infeasible);
    assert_eq!(a.spend, vec![700.0, 1_100.0, 2_000.0]);
    let gains = relaxation_gains(&ch, &Objective::MaxRevenue { budget: 3_800.0 }, &a, 0.1);
    assert_eq!(gains, vec![None; 3]);
}

#[test]
fn empty_and_garbage_inputs_do_not_panic() {
    let objectives = |budget: f64| {
        vec![
            Objective::MaxRevenue { budget },
            Objective::MaxProfit {
                budget: Some(budget),
                margin: 0.3,
            },
            Objective::MaxProfit {
                budget: None,
                margin: budget / 1e4,
            },
            Objective::TargetRevenue {
                revenue: budget * 2.0,
            },
            Objective::TargetRoas { roas: budget / 5e3 },
        ]
    };
    let a = optimize(&[], &Objective::MaxRevenue { budget: 100.0 });
    assert!(a.infeasible && a.spend.is_empty() && a.roas.is_none());
    assert!(!optimize(&[], &Objective::MaxRevenue { budget: 0.0 }).infeasible);
    let specials = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -1.0,
        0.0,
        1e-300,
        1e300,
    ];
    let mut rng = Rand::new(42);
    let pick = |rng: &mut Rand, normal: f64| {
        if rng.chance(0.3) {
            specials[rng.below(specials.len() as u32) as usize]
        } else {
            normal * rng.between(0.1, 3.0)
        }
    };
    for round in 0..300 {
        let n = rng.below(6) as usize;
        let ch: Vec<ChannelInput> = (0..n)
            .map(|i| ChannelInput {
                channel: format!("g{i}"),
                curve: curve(
                    pick(&mut rng, 0.3),
                    pick(&mut rng, 1.5),
                    pick(&mut rng, 1e3),
                    pick(&mut rng, 1e4),
                ),
                current: pick(&mut rng, 1e3),
                bounds: Bounds {
                    min: pick(&mut rng, 200.0),
                    max: pick(&mut rng, 3e3),
                },
                locked: rng.chance(0.2),
            })
            .collect();
        let budget = pick(&mut rng, 5e3);
        for obj in objectives(budget) {
            let a = optimize(&ch, &obj);
            assert_eq!(a.spend.len(), n, "round {round}");
            for s in &a.spend {
                assert!(*s >= 0.0, "round {round}: {obj:?} {ch:?} → {a:?}");
            }
            let again = optimize(&ch, &obj);
            assert_eq!(format!("{a:?}"), format!("{again:?}"), "deterministic");
            let _ = relaxation_gains(&ch, &obj, &a, 0.1);
        }
    }
}

#[test]
fn target_roas_and_revenue_edge_cases() {
    let mut ch = three();
    // No ROAS limit: everything at its max …
    let a = optimize(&ch, &Objective::TargetRoas { roas: 0.0 });
    assert!(!a.infeasible);
    assert_eq!(a.spend, vec![1e9; 3]);
    // … or, without an upper bound, where its curve saturates.
    for c in ch.iter_mut() {
        c.bounds.max = f64::INFINITY;
    }
    let a = optimize(&ch, &Objective::TargetRoas { roas: -1.0 });
    assert!(!a.infeasible);
    for (c, r) in ch.iter().zip(&a.revenue) {
        assert!(
            (*r - c.curve.beta * (1.0 - 1e-9)).abs() <= 1e-9 * c.curve.beta,
            "{a:?}"
        );
    }
    // Unbounded channels and a reachable target revenue: finite spends.
    let a = optimize(&ch, &Objective::TargetRevenue { revenue: 50_000.0 });
    assert!(!a.infeasible);
    assert!(a.total_revenue >= 50_000.0);
    assert!(a.spend.iter().all(|s| s.is_finite()));
    // Above the sum of the ceilings: out of reach.
    let a = optimize(&ch, &Objective::TargetRevenue { revenue: 200_000.0 });
    assert!(a.infeasible);
}

// ---------------------------------------------------------------------------------------------
// 5. Relaxation gains, frontier.

#[test]
fn relaxing_a_binding_max_on_a_high_return_channel_gains() {
    let ch = vec![
        // High return, capped low.
        channel(
            "search",
            curve(0.2, 0.9, 4_000.0, 50_000.0),
            1_000.0,
            0.0,
            1_000.0,
        ),
        channel(
            "social",
            curve(0.4, 1.8, 2_000.0, 12_000.0),
            1_000.0,
            0.0,
            1e9,
        ),
        channel(
            "display",
            curve(0.1, 0.7, 3_000.0, 8_000.0),
            1_000.0,
            0.0,
            1e9,
        ),
        // Forced floor on a poor channel.
        channel(
            "print",
            curve(0.0, 1.2, 20_000.0, 3_000.0),
            1_000.0,
            1_000.0,
            1e9,
        ),
    ];
    let objective = Objective::MaxRevenue { budget: 6_000.0 };
    let a = optimize(&ch, &objective);
    assert_eq!(a.binding[0], Binding::Max, "{a:?}");
    assert_eq!(a.binding[3], Binding::Min, "{a:?}");
    let gains = relaxation_gains(&ch, &objective, &a, 0.2);
    assert_eq!(gains.len(), 4);
    let search = gains[0].unwrap_or(0.0);
    assert!(search > 0.0, "{gains:?}");
    // Exactly the revenue of the re-optimized split with max 1,200: the bound moved by the
    // step the page names, a fifth of today's 1,000 (of the budget when nothing is spent).
    assert_eq!(ch[0].current, 1_000.0);
    assert_eq!(relaxation_step(ch[0].current, 6_000.0, 0.2), 200.0);
    assert_eq!(relaxation_step(0.0, 6_000.0, 0.2), 1_200.0);
    assert_eq!(relaxation_budget(&objective, &a), 6_000.0);
    let mut relaxed = ch.clone();
    relaxed[0].bounds.max = 1_200.0;
    let b = optimize(&relaxed, &objective);
    assert!((search - (b.total_revenue - a.total_revenue)).abs() < 1e-6);
    assert!(gains[3].unwrap_or(0.0) > 0.0, "{gains:?}");
    for (g, bind) in gains.iter().zip(&a.binding) {
        assert_eq!(g.is_none(), *bind == Binding::Free);
    }
    // The profit objective measures profit.
    let profit = Objective::MaxProfit {
        budget: Some(6_000.0),
        margin: 0.5,
    };
    let p = relaxation_gains(&ch, &profit, &optimize(&ch, &profit), 0.2);
    assert!((p[0].unwrap_or(0.0) - 0.5 * search).abs() < 1e-6);
}

#[test]
fn the_frontier_rises_with_the_budget() {
    let ch = random_channels(21, 10);
    let budgets: Vec<f64> = (0..=40).map(|k| 1_000.0 * k as f64).collect();
    let f = frontier(&ch, &budgets);
    // Budgets below the sum of the minimums cannot be spent and are left out.
    let least: f64 = ch
        .iter()
        .map(|c| if c.locked { c.current } else { c.bounds.min })
        .sum();
    assert!(least > 0.0, "the random channels include some minimums");
    let feasible: Vec<f64> = budgets.iter().copied().filter(|b| *b >= least).collect();
    assert_eq!(f.iter().map(|p| p.0).collect::<Vec<_>>(), feasible);
    for w in f.windows(2) {
        assert!(w[1].1 >= w[0].1 * (1.0 - 1e-9), "{w:?}");
    }
}
