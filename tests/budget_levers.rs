//! The budget simulator's levers as a user sets them: bounds typed in money or as multiples of
//! today's spend, and the bounds of every channel set at once as multiples.

use chrono::NaiveDate;
use shoplab::engine::sim::budget::{
    assumed_model, bound_from_text, AssumedChannel, Levers, Saturation,
};

fn model() -> shoplab::engine::sim::budget::BudgetModel {
    let channel = |name: &str, spend: f64| AssumedChannel {
        channel: name.into(),
        spend,
        revenue: spend * 3.0,
        saturation: Saturation::Medium,
    };
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).expect("a date");
    assumed_model(&[channel("tv", 1_000.0), channel("search", 400.0)], start)
}

#[test]
fn bounds_are_typed_in_money_or_as_multiples() {
    assert_eq!(bound_from_text("1200", 800.0), Some(1_200.0));
    assert_eq!(bound_from_text(" 1,200.5 ", 800.0), Some(1_200.5));
    assert_eq!(bound_from_text("¥3,000", 800.0), Some(3_000.0));
    assert_eq!(bound_from_text("1.5x", 800.0), Some(1_200.0));
    assert_eq!(bound_from_text("2×", 800.0), Some(1_600.0));
    assert_eq!(bound_from_text("0.5倍", 800.0), Some(400.0));
    assert_eq!(bound_from_text("3X", 100.0), Some(300.0));
    assert_eq!(bound_from_text("0", 800.0), Some(0.0));
    for bad in ["", "x", "abc", "-5", "-1x", "1.5y", "NaN", "inf"] {
        assert_eq!(bound_from_text(bad, 800.0), None, "{bad:?}");
    }
}

#[test]
fn multiples_set_every_unlocked_channel() {
    let model = model();
    let mut levers = Levers::default_for(&model, None);
    // Defaults: ½× to 2× today.
    assert_eq!(levers.channels[0].min, 500.0);
    assert_eq!(levers.channels[0].max, 2_000.0);
    levers.channels[1].locked = true;
    let search_before = levers.channels[1].clone();
    levers.set_multiples(&model, 0.8, 3.0);
    assert_eq!(levers.channels[0].min, 800.0);
    assert_eq!(levers.channels[0].max, 3_000.0);
    assert_eq!(
        levers.channels[1], search_before,
        "a locked channel keeps its bounds"
    );
    // Crossed or negative multiples.
    levers.set_multiples(&model, 4.0, -1.0);
    assert_eq!(levers.channels[0].min, 0.0);
    assert_eq!(levers.channels[0].max, 4_000.0);
}

/// The step priced beside each channel's marginal ROAS: ¥1,000 where that is at most a tenth
/// of the channel's spend, else the largest 1-2-5 step within that tenth.
#[test]
fn the_next_step_is_small_enough_to_match_the_marginal_roas() {
    use shoplab::engine::sim::budget::{next_step, scenario};
    assert_eq!(next_step(50_000.0, 1.0), 1_000.0);
    assert_eq!(next_step(10_000.0, 1.0), 1_000.0);
    assert_eq!(next_step(3_000.0, 1.0), 200.0);
    assert_eq!(next_step(800.0, 1.0), 50.0);
    assert_eq!(
        next_step(0.0, 2_000.0),
        200.0,
        "no spend in the best split: today's"
    );
    assert_eq!(next_step(0.0, 0.0), 1_000.0);
    assert_eq!(next_step(f64::NAN, 40.0), 2.0);

    // Channels of ¥1,000 and ¥400 a period: a ¥1,000 step would price the curves' saturation.
    // What the step brings, per unit, is the marginal ROAS printed beside it, within 5 %.
    let model = model();
    let s = scenario(&model, &Levers::default_for(&model, None));
    for c in &s.channels {
        assert!(c.next_step < 1_000.0, "{}: step {}", c.channel, c.next_step);
        let per_unit = c.next_gain / c.next_step;
        assert!(
            (per_unit - c.marginal_roas).abs() <= 0.05 * c.marginal_roas,
            "{}: {per_unit} against a marginal ROAS of {}",
            c.channel,
            c.marginal_roas
        );
    }
}

/// "Most gross profit within the budget" spends at most the budget: where the next unit of
/// spend brings less than 1 ÷ margin of revenue on every channel it stops short (each free
/// channel then has a marginal ROAS of 1 ÷ margin: the first-order condition of
/// margin × r(s) − s), and no split of the whole budget earns more gross profit; where the
/// budget is tight it spends all of it, like the most revenue.
#[test]
fn the_most_gross_profit_spends_at_most_the_budget() {
    use shoplab::engine::sim::budget::optimize::Binding;
    use shoplab::engine::sim::budget::{scenario, Goal};
    let model = model();
    let profit = |s: &shoplab::engine::sim::budget::Scenario, margin: f64| {
        margin * s.best.total_revenue - s.best.total_spend
    };
    // A thin margin: 1 ÷ 0.25 = 4, above the marginal ROAS at today's spend (ROAS 3).
    let mut thin = Levers::default_for(&model, Some(0.25));
    thin.goal = Goal::MaxProfit;
    let s = scenario(&model, &thin);
    assert!(
        s.best.total_spend < thin.budget * 0.999,
        "{} of {}",
        s.best.total_spend,
        thin.budget
    );
    for c in s.channels.iter().filter(|c| c.binding == Binding::Free) {
        assert!(
            (c.marginal_roas - 4.0).abs() <= 0.04,
            "{}: {}",
            c.channel,
            c.marginal_roas
        );
    }
    let mut whole = thin.clone();
    whole.goal = Goal::MaxRevenue;
    let spent = scenario(&model, &whole);
    assert!((spent.best.total_spend - thin.budget).abs() < 1e-6 * thin.budget);
    assert!(profit(&s, 0.25) > profit(&spent, 0.25));

    // A fat margin and half today's budget: every unit pays, so all of it is spent, on the
    // best-revenue split.
    let mut fat = Levers::default_for(&model, Some(0.9));
    fat.goal = Goal::MaxProfit;
    fat.budget *= 0.5;
    fat.set_multiples(&model, 0.0, 2.0);
    let s = scenario(&model, &fat);
    assert!((s.best.total_spend - fat.budget).abs() < 1e-6 * fat.budget);
    let mut revenue = fat.clone();
    revenue.goal = Goal::MaxRevenue;
    let r = scenario(&model, &revenue);
    assert!((s.best.total_revenue - r.best.total_revenue).abs() < 1e-6 * r.best.total_revenue);
}
