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
