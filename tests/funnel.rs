//! The funnel engine: the demo store's planted rates recovered from its traffic table, the
//! bottleneck against the planted parameters, the what-if and the edge cases by hand.

use shoplab::engine::demo;
use shoplab::engine::sim::funnel::{
    bottlenecks, kept_rate, model, typed, weekly_rates, what_if, Benchmark, Step, TypedError,
    WhatIf, STEPS,
};
use shoplab::engine::tables::{Dataset, TrafficRow};

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs()
}

#[test]
fn demo_store_planted_rates_are_recovered() {
    let store = demo::generate(demo::DEFAULT_SEED);
    let m = model(&store.dataset).expect("the demo has traffic");
    assert_eq!(m.present, [true; STEPS]);
    assert!(m.by_channel.len() == 5 && m.by_device.len() == 3);
    // Expected rates of a channel from the planted cells: visitors split by visitor share, each
    // step a binomial of the one before, so a channel's step-i rate is
    // Σ share·Π_{j≤i} r_j / Σ share·Π_{j<i} r_j over its devices.
    for g in &m.by_channel {
        let cells: Vec<_> = store
            .params
            .funnel
            .iter()
            .filter(|f| f.channel == g.key)
            .collect();
        for i in 1..=4 {
            let reach = |upto: usize| -> f64 {
                cells
                    .iter()
                    .map(|f| f.visitor_share * f.step_rates[..upto].iter().product::<f64>())
                    .sum()
            };
            let planted = reach(i) / reach(i - 1);
            let got = g.step_rate(i).expect("counts");
            // Two years of traffic: a channel has ~10⁴–10⁵ of each step, so the binomial
            // noise of a rate is 1–2 %; 4 % is about three standard errors at the last step of
            // the smallest channel.
            assert!(
                close(got, planted, 0.04),
                "{} step {i}: {got} vs planted {planted}",
                g.key
            );
        }
    }
    // The shop's visitor → product view rate, weighted by the planted shares.
    let planted_view: f64 = store
        .params
        .funnel
        .iter()
        .map(|f| f.visitor_share * f.step_rates[0])
        .sum::<f64>()
        / store
            .params
            .funnel
            .iter()
            .map(|f| f.visitor_share)
            .sum::<f64>();
    assert!(close(
        m.total.step_rate(1).expect("rate"),
        planted_view,
        0.02
    ));
    // AOV = traffic revenue / paid orders.
    assert!(m.aov > 0.0);
    assert!(close(
        m.aov,
        m.total.revenue / m.total.counts[4] as f64,
        1e-12
    ));
}

#[test]
fn the_bottleneck_is_the_step_furthest_below_the_best_channel() {
    let store = demo::generate(demo::DEFAULT_SEED);
    let m = model(&store.dataset).expect("traffic");
    let ranking = bottlenecks(&m);
    assert_eq!(ranking.len(), 4);
    // From the planted parameters alone: per step, the best channel's expected rate over the
    // shop's expected rate; the largest ratio is the bottleneck.
    let funnel = &store.params.funnel;
    let reach = |cells: &[&demo::FunnelParams], upto: usize| -> f64 {
        cells
            .iter()
            .map(|f| f.visitor_share * f.step_rates[..upto].iter().product::<f64>())
            .sum()
    };
    let all: Vec<&demo::FunnelParams> = funnel.iter().collect();
    let mut ratios = Vec::new();
    for i in 1..=3 {
        let shop = reach(&all, i) / reach(&all, i - 1);
        let best = m
            .by_channel
            .iter()
            .map(|g| {
                let cells: Vec<&demo::FunnelParams> =
                    funnel.iter().filter(|f| f.channel == g.key).collect();
                reach(&cells, i) / reach(&cells, i - 1)
            })
            .fold(0.0, f64::max);
        ratios.push((i, best / shop));
    }
    let planted = ratios
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("steps")
        .0;
    assert_eq!(ranking[0].step, planted, "{ratios:?}");
    assert_eq!(
        ranking[0].step, 2,
        "add to cart, planted 0.07–0.22 by channel"
    );
    assert!(matches!(&ranking[0].best_source, Benchmark::Channel(c) if c == "direct"));
    // Gains: revenue × (best / rate − 1) and the win-back lever r + 0.1(1 − r).
    let top = &ranking[0];
    let revenue = m.total.revenue;
    assert!(close(
        top.gain_at_best,
        revenue * (top.best_rate / top.rate - 1.0),
        1e-9
    ));
    let r = top.rate;
    assert!(close(
        top.gain_win_back,
        revenue * 0.1 * (1.0 - r) / r,
        1e-9
    ));
    // Ranked by the gain at the best rate.
    assert!(ranking
        .windows(2)
        .all(|w| w[0].gain_at_best >= w[1].gain_at_best));
}

#[test]
fn what_if_by_hand() {
    let m = typed([10_000, 6_000, 900, 500, 400], 100.0).expect("a valid funnel");
    // Today: 400 orders × 100 = 40,000; margin 40 %: 16,000.
    let levers = WhatIf {
        traffic: 1.1,
        rates: vec![None, None, None, Some(0.9)],
        aov: Some(120.0),
        gross_margin: 0.4,
    };
    let (base, scenario) = what_if(&m, &levers);
    assert_eq!(base.orders, 400.0);
    assert_eq!(base.revenue, 40_000.0);
    assert_eq!(base.gross_profit, 16_000.0);
    // 11,000 visitors × 0.6 × 0.15 × (500/900) × 0.9 = 495 orders × 120 = 59,400.
    assert!(close(scenario.orders, 495.0, 1e-12));
    assert!(close(scenario.revenue, 59_400.0, 1e-12));
    assert!(close(scenario.gross_profit, 23_760.0, 1e-12));
    assert_eq!(scenario.counts.len(), 5);
    assert!(close(scenario.counts[1], 6_600.0, 1e-12));
    // A rate above 1 is clamped; NaN keeps today's.
    let (_, capped) = what_if(
        &m,
        &WhatIf {
            traffic: 1.0,
            rates: vec![Some(2.0), Some(f64::NAN), None, None],
            aov: None,
            gross_margin: 0.4,
        },
    );
    assert!(close(capped.counts[1], 10_000.0, 1e-12));
    assert!(close(capped.counts[2], 10_000.0 * 0.15, 1e-12));
}

#[test]
fn edge_cases() {
    // Conversions above visitors: a clear error naming the step.
    assert_eq!(
        typed([1_000, 1_200, 10, 5, 5], 50.0),
        Err(TypedError::AboveThePrevious {
            step: Step::ProductViews,
            count: 1_200,
            previous: 1_000
        })
    );
    assert_eq!(typed([0, 0, 0, 0, 0], 50.0), Err(TypedError::NoVisitors));
    // A step with a 100 % rate: winning back its losses gains nothing; no NaN anywhere.
    let full = typed([100, 100, 50, 50, 50], 10.0).expect("valid");
    let ranking = bottlenecks(&full);
    let view = ranking.iter().find(|l| l.step == 1).expect("views");
    assert_eq!(
        (view.rate, view.gain_win_back, view.gain_relative),
        (1.0, 0.0, 0.0)
    );
    assert!(ranking
        .iter()
        .all(|l| l.gain_at_best.is_finite() && l.gain_win_back.is_finite()));
    // Zero visitors in a step: the next rate is undefined, not NaN.
    let zero = typed([100, 0, 0, 0, 0], 10.0).expect("valid");
    assert_eq!(kept_rate(&zero, &zero.total.counts, 2), None);
    let (_, s) = what_if(
        &zero,
        &WhatIf {
            traffic: 2.0,
            rates: vec![],
            aov: None,
            gross_margin: 0.3,
        },
    );
    assert_eq!(s.revenue, 0.0);

    // A traffic table without a checkout column, one row with more orders than carts, and a
    // row with no visitors at all.
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2025, 3, d);
    let row = |d: u32, visitors: u64, cart: u64, orders: u64| TrafficRow {
        date: day(d),
        channel: "search".into(),
        device: String::new(),
        sku: String::new(),
        visitors,
        page_views: None,
        product_views: None,
        add_to_cart: Some(cart),
        checkout: None,
        orders: Some(orders),
        paying_buyers: None,
        units: None,
        revenue: Some(orders as f64 * 80.0),
    };
    let dataset = Dataset {
        traffic: vec![row(3, 500, 40, 10), row(4, 400, 5, 9), row(5, 0, 0, 0)],
        ..Dataset::default()
    };
    let m = model(&dataset).expect("traffic");
    assert_eq!(m.present, [true, false, true, false, true]);
    assert_eq!(m.total.counts, [900, 0, 45, 0, 19]);
    assert_eq!(m.inconsistent_rows, 1);
    assert_eq!(
        m.first_inconsistent,
        Some((day(4), "search".into(), String::new(), Step::Paid))
    );
    assert_eq!(m.aov, 80.0);
    assert!(m.by_device.is_empty(), "no device column: no breakdown");
    // The kept steps' rates: cart / visitors, orders / cart.
    assert!(close(
        kept_rate(&m, &m.total.counts, 1).expect("rate"),
        45.0 / 900.0,
        1e-12
    ));
    assert!(close(
        kept_rate(&m, &m.total.counts, 2).expect("rate"),
        19.0 / 45.0,
        1e-12
    ));
    let weeks = weekly_rates(&m);
    assert_eq!(weeks.len(), 1, "3–5 March 2025 is one week");
    assert_eq!(weeks[0].1.len(), 2);
    // No traffic: no funnel.
    assert!(model(&Dataset::default()).is_none());
}

/// The weekly trend, checked against the traffic rows summed by hand: every week starts on a
/// Monday, the weeks add up to the whole table, and one week's cart → checkout rate is its
/// rows' checkouts over their carts.
#[test]
fn weekly_rates_are_the_weeks_of_the_traffic_rows() {
    use chrono::{Datelike, Duration, Weekday};
    let store = demo::generate(demo::DEFAULT_SEED);
    let m = model(&store.dataset).expect("traffic");
    let weeks = weekly_rates(&m);
    assert!(weeks.iter().all(|(d, _)| d.weekday() == Weekday::Mon));
    assert!(weeks.windows(2).all(|w| w[0].0 < w[1].0));
    let dates = || store.dataset.traffic.iter().filter_map(|r| r.date);
    let (first, last) = (dates().min().expect("dates"), dates().max().expect("dates"));
    let expected_weeks = (last - first).num_days() / 7 + 1;
    assert!(
        (weeks.len() as i64 - expected_weeks).abs() <= 1,
        "{} weeks for {first}..{last}",
        weeks.len()
    );
    let (monday, rates) = &weeks[10];
    let rows = store.dataset.traffic.iter().filter(|r| {
        r.date
            .is_some_and(|d| d >= *monday && d < *monday + Duration::days(7))
    });
    let (carts, checkouts) = rows.fold((0u64, 0u64), |(a, c), r| {
        (a + r.add_to_cart.unwrap_or(0), c + r.checkout.unwrap_or(0))
    });
    let rate = rates[2].expect("a rate");
    assert!(
        close(rate, checkouts as f64 / carts as f64, 1e-12),
        "{rate}"
    );
}
