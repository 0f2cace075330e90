//! Price what-if and promotions, against values worked by hand (the arithmetic is in each
//! test's comments) and the closed forms of domain.md ("Pricing and promotion").

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use shoplab::engine::kpi::Period;
use shoplab::engine::sim::pricing::elasticity::Target;
use shoplab::engine::sim::pricing::promo::{
    breakeven_lift, compare, evaluate, predicted_lift, Baseline, Promotion, TargetBaseline, Tier,
};
use shoplab::engine::sim::pricing::whatif::{
    optimal_price, what_if, Cost, Demand, Levers, Optimum,
};
use shoplab::engine::tables::{LineStatus, LocalText, OrderLine, OrderTable, Product};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

macro_rules! assert_close {
    ($a:expr, $b:expr) => {
        assert!(close($a, $b), "{} = {} ≠ {}", stringify!($a), $a, $b)
    };
}

/// p* = c·ε/(1 + ε) (domain.md): c = 10, ε = −2 → 20; ε = −3 → 15; ε = −1.5 → 30; c = 4,
/// ε = −5 → 5; none for ε ≥ −1.
#[test]
fn optimal_price_closed_form() {
    assert_close!(optimal_price(10.0, -2.0).unwrap(), 20.0);
    assert_close!(optimal_price(10.0, -3.0).unwrap(), 15.0);
    assert_close!(optimal_price(10.0, -1.5).unwrap(), 30.0);
    assert_close!(optimal_price(4.0, -5.0).unwrap(), 5.0);
    assert!(optimal_price(10.0, -1.0).is_none());
    assert!(optimal_price(10.0, -0.5).is_none());
}

/// Break-even lift d/(m − d): d = 0.2, m = 0.4 → 100 % (domain.md); d = 0.1, m = 0.5 → 25 %;
/// d = 0.3, m = 0.6 → 100 %; none when d ≥ m. Predicted lift (1 − d)^ε − 1: 0.8^−2 − 1 = 0.5625.
#[test]
fn breakeven_and_predicted_lift() {
    assert_close!(breakeven_lift(0.2, 0.4).unwrap(), 1.0);
    assert_close!(breakeven_lift(0.1, 0.5).unwrap(), 0.25);
    assert_close!(breakeven_lift(0.3, 0.6).unwrap(), 1.0);
    assert!(breakeven_lift(0.4, 0.4).is_none());
    assert!(breakeven_lift(0.5, 0.4).is_none());
    assert_close!(predicted_lift(0.2, -2.0), 0.5625);
    assert_close!(predicted_lift(0.2, 0.0), 0.0);
}

/// p₀ = 10, q₀ = 100/week, ε = −2, observed 8–12, unit cost 6 (margin 40 %): p* = 12, inside;
/// revenue falls with price (ε < −1) so its in-range maximum is at 8; a 10 % cut sells
/// 100·0.9^−2 = 123.457 units, revenue 1,111.11, profit 3 × 123.457 = 370.37 vs 400 now.
#[test]
fn price_what_if_by_hand() {
    let demand = Demand {
        price: 10.0,
        weekly_units: 100.0,
        elasticity: -2.0,
        observed: (8.0, 12.0),
    };
    let levers = Levers {
        cost: Cost::Margin(0.4),
        change: -0.1,
        ..Levers::default()
    };
    let w = what_if(&demand, &levers);
    assert_close!(w.unit_cost, 6.0);
    assert_eq!(
        w.optimum,
        Optimum::Finite {
            price: 12.0,
            outside_observed: false
        }
    );
    assert_close!(w.profit_max_in_range.price, 12.0);
    assert_close!(w.revenue_max_in_range.price, 8.0);
    assert_close!(w.current.profit, 400.0);
    assert_close!(w.changed.units, 100.0 / 0.81);
    assert_close!(w.changed.revenue, 1000.0 / 0.9);
    assert_close!(w.changed.profit, 300.0 / 0.81);
    assert_close!(w.delta.profit, 300.0 / 0.81 - 400.0);
    assert_eq!(w.curve.len(), 101);
    assert_close!(w.curve[0].price, 6.0);
    assert_close!(w.curve[100].price, 15.0);
    // The prices seen, beyond which the chart draws the curves dashed.
    assert_eq!(w.observed, (8.0, 12.0));

    // Unit cost 9: p* = 18, outside the observed range; the in-range best is 12.
    let w = what_if(
        &demand,
        &Levers {
            cost: Cost::Unit(9.0),
            ..Levers::default()
        },
    );
    assert_eq!(
        w.optimum,
        Optimum::Finite {
            price: 18.0,
            outside_observed: true
        }
    );
    assert_close!(w.profit_max_in_range.price, 12.0);

    // ε = −0.5: revenue rises with price, no finite optimum.
    let inelastic = Demand {
        elasticity: -0.5,
        ..demand
    };
    let w = what_if(&inelastic, &Levers::default());
    assert_eq!(w.optimum, Optimum::RisesWithPrice);
    assert_close!(w.revenue_max_in_range.price, 12.0);
    assert_close!(w.profit_max_in_range.price, 12.0);
}

/// The current price is an average paid, shown to the cent: typing back the shown price is no
/// change; a cent more is one.
#[test]
fn the_shown_current_price_is_no_change() {
    let demand = Demand {
        price: 54.8912,
        weekly_units: 100.0,
        elasticity: -2.0,
        observed: (50.0, 60.0),
    };
    assert_eq!(demand.change_to(54.89), 0.0);
    let typed = what_if(
        &demand,
        &Levers {
            change: demand.change_to(54.89),
            ..Levers::default()
        },
    );
    assert_eq!(typed.delta.revenue, 0.0);
    assert_close!(demand.change_to(54.9), 54.9 / 54.8912 - 1.0);
    assert_close!(demand.change_to(49.40208), -0.1);
    // Nothing to change from without a current price, or to a price that is not a number.
    let none = Demand {
        price: 0.0,
        ..demand.clone()
    };
    assert_eq!(none.change_to(10.0), 0.0);
    assert_eq!(demand.change_to(f64::NAN), 0.0);
}

/// Ten orders over 10 days, baskets 50 … 400 (Σ 1,800), 200 units, margin 40 %.
fn baskets() -> Baseline {
    Baseline::from_baskets(
        10.0,
        vec![
            300.0, 50.0, 80.0, 90.0, 100.0, 150.0, 180.0, 200.0, 250.0, 400.0,
        ],
        200.0,
        1800.0,
    )
}

/// 满减 100−10 and 200−30, reach 20 %, take-up 50 %:
/// - tier 100: at or above 7/10; within reach [80, 100): 80, 90 → 2/10; best tier for 100,
///   150, 180 → 3 × 10 = 30; toppers 2 × 0.5 = 1 → +10; added goods 1 × 100 − 0.5 × 170 = 15.
/// - tier 200: at or above 200, 250, 300, 400 → 4/10; within reach [160, 200): 180 → 1/10;
///   4 × 30 = 120; toppers 0.5 give up 10 for 30 → +10; added 0.5 × 200 − 0.5 × 180 = 10.
///
/// Cost 170, GMV 1,800 + 25 − 170 = 1,655, gross profit 720 + 10 − 170 = 560, AOV 165.5.
/// The 25 of added goods are units at the average price per unit, 1,800 / 200 = 9: 25 / 9.
#[test]
fn threshold_tiers_by_hand() {
    let base = baskets();
    let promo = Promotion::Threshold {
        tiers: vec![
            Tier {
                threshold: 200.0,
                saving: 30.0,
            },
            Tier {
                threshold: 100.0,
                saving: 10.0,
            },
        ],
        reach: 0.2,
        take_up: 0.5,
        days: 10.0,
    };
    let o = evaluate(&base, 0.4, &promo);
    assert_eq!(o.tiers.len(), 2);
    assert_close!(o.tiers[0].share_above, 0.7);
    assert_close!(o.tiers[0].share_within_reach, 0.2);
    assert_close!(o.tiers[0].cost, 40.0);
    assert_close!(o.tiers[1].share_above, 0.4);
    assert_close!(o.tiers[1].share_within_reach, 0.1);
    assert_close!(o.tiers[1].cost, 130.0);
    assert_close!(o.cost, 170.0);
    assert_close!(o.baseline.gmv, 1800.0);
    assert_close!(o.baseline.gross_profit, 720.0);
    assert_close!(o.promoted.gmv, 1655.0);
    assert_close!(o.promoted.gross_profit, 560.0);
    assert_close!(o.promoted.margin, 560.0 / 1655.0);
    assert_close!(o.promoted.orders, 10.0);
    assert_close!(o.promoted.units, 200.0 + 25.0 / 9.0);
    assert_close!(o.aov_lift, 165.5 - 180.0);

    // A threshold above every basket: nobody qualifies or is within reach, nothing changes.
    let o = evaluate(
        &base,
        0.4,
        &Promotion::Threshold {
            tiers: vec![Tier {
                threshold: 1000.0,
                saving: 50.0,
            }],
            reach: 0.2,
            take_up: 0.5,
            days: 10.0,
        },
    );
    assert_close!(o.tiers[0].share_above, 0.0);
    assert_close!(o.tiers[0].share_within_reach, 0.0);
    assert_close!(o.cost, 0.0);
    assert_close!(o.promoted.gmv, 1800.0);
    assert_close!(o.promoted.gross_profit, 720.0);
}

/// Coupon 20 off 200, redemption 50 %, reach 20 %, take-up 50 %: 4 orders at or above redeem
/// half the time → 40; the 180 basket tops up with probability 0.25 → cost 5, added
/// 0.25 × (200 − 180) = 5. GMV 1,800 + 5 − 45 = 1,760; profit 720 + 2 − 45 = 677.
#[test]
fn coupon_by_hand() {
    let o = evaluate(
        &baskets(),
        0.4,
        &Promotion::Coupon {
            face: 20.0,
            min_spend: 200.0,
            redemption: 0.5,
            reach: 0.2,
            take_up: 0.5,
            days: 10.0,
        },
    );
    assert_close!(o.cost, 45.0);
    assert_close!(o.promoted.gmv, 1760.0);
    assert_close!(o.promoted.gross_profit, 677.0);
}

/// Base 100 orders, 200 units, GMV 10,000 over 10 days, margin 40 %.
fn shop() -> Baseline {
    Baseline {
        days: 10.0,
        orders: 100.0,
        units: 200.0,
        gmv: 10_000.0,
        baskets: Vec::new(),
        prefix: vec![0.0],
    }
}

/// 20 % off for 5 days at ε = −2: half the period (GMV 5,000, profit 2,000, 50 orders); lift
/// 0.5625 → 78.125 orders, 156.25 units, GMV 5,000 × 0.8 × 1.5625 = 6,250, profit
/// 5,000 × 1.5625 × (0.4 − 0.2) = 1,562.5; break-even lift 100 %.
#[test]
fn discount_by_hand() {
    let o = evaluate(
        &shop(),
        0.4,
        &Promotion::Discount {
            rate: 0.2,
            days: 5.0,
            elasticity: -2.0,
        },
    );
    assert_close!(o.baseline.gmv, 5000.0);
    assert_close!(o.baseline.gross_profit, 2000.0);
    assert_close!(o.promoted.orders, 78.125);
    assert_close!(o.promoted.units, 156.25);
    assert_close!(o.promoted.gmv, 6250.0);
    assert_close!(o.promoted.gross_profit, 1562.5);
    assert_close!(o.breakeven_lift.unwrap(), 1.0);
    assert_close!(o.predicted_lift.unwrap(), 0.5625);
}

/// Buy 2 get 1 (price 50, cost 20): eligible 20 % of 100 orders = 20; 25 % already buy 2 → 5;
/// of the 15 others 40 % top up → 6 buy one more (GMV +300); 11 free units cost 220. Profit
/// 4,000 + 6 × 30 − 220 = 3,960, units 200 + 6 + 11 = 217. Buy 1 get 1 with everyone eligible
/// already qualifying: 20 free units, profit 4,000 − 400.
#[test]
fn buy_get_by_hand() {
    let o = evaluate(
        &shop(),
        0.4,
        &Promotion::BuyGet {
            buy: 2.0,
            get: 1.0,
            unit_price: 50.0,
            unit_cost: 20.0,
            eligible_share: 0.2,
            already_share: 0.25,
            take_up: 0.4,
            days: 10.0,
        },
    );
    assert_close!(o.promoted.gmv, 10_300.0);
    assert_close!(o.cost, 220.0);
    assert_close!(o.promoted.gross_profit, 3960.0);
    assert_close!(o.promoted.units, 217.0);
    let o = evaluate(
        &shop(),
        0.4,
        &Promotion::BuyGet {
            buy: 1.0,
            get: 1.0,
            unit_price: 50.0,
            unit_cost: 20.0,
            eligible_share: 0.2,
            already_share: 1.0,
            take_up: 0.4,
            days: 10.0,
        },
    );
    assert_close!(o.promoted.gross_profit, 3600.0);
    assert_close!(o.promoted.gmv, 10_000.0);
}

/// Member price 10 % off for a segment with GMV 5,000 and 50 orders, uptake 60 %, ε = −2:
/// lift 0.9^−2 − 1; members' GMV 3,000 × 0.9 × 0.9^−2 = 3,333.33; GMV 5,333.33; profit
/// 2,000 × 0.4 + 3,000 × 0.9^−2 × 0.3 = 1,911.11.
#[test]
fn member_price_by_hand() {
    let o = evaluate(
        &shop(),
        0.4,
        &Promotion::MemberPrice {
            rate: 0.1,
            buyers: 40.0,
            revenue: 5000.0,
            orders: 50.0,
            uptake: 0.6,
            elasticity: -2.0,
        },
    );
    let lift = 1.0 / 0.81;
    assert_close!(o.promoted.gmv, 2000.0 + 3000.0 * 0.9 * lift);
    assert_close!(o.promoted.gross_profit, 800.0 + 3000.0 * lift * 0.3);
    assert_close!(o.baseline.gross_profit, 2000.0);
}

#[test]
fn histogram_and_baseline_from_orders() {
    let h = baskets().histogram(4, &[100.0, 200.0]);
    assert_eq!(h.edges, vec![0.0, 100.0, 200.0, 300.0, 400.0]);
    assert_eq!(h.counts, vec![3, 3, 2, 2]);
    // Round widths: a top that does not divide into round bins gets a round width and fewer
    // bins (1.2 × 730 = 876 over 30 bins is 29.2 → 50 wide, 18 bins to cover 876).
    let h = baskets().histogram(30, &[730.0]);
    assert_eq!(h.edges.len(), 19);
    for (i, e) in h.edges.iter().enumerate() {
        assert!((e - 50.0 * i as f64).abs() < 1e-9, "{:?}", h.edges);
    }
    assert_eq!(h.counts.iter().sum::<u64>(), 10);

    let at = |d: u32| -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 3, d)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    };
    let mut t = OrderTable::default();
    for (order, day, qty, price, status) in [
        ("A", 1, 2.0, 30.0, LineStatus::Paid),
        ("A", 1, 1.0, 40.0, LineStatus::Paid),
        ("B", 2, 1.0, 120.0, LineStatus::Paid),
        ("B", 2, -1.0, 120.0, LineStatus::Paid),
        ("C", 3, 1.0, 500.0, LineStatus::Cancelled),
        ("D", 9, 1.0, 70.0, LineStatus::Paid),
    ] {
        t.push(&OrderLine {
            order_id: order,
            placed_at: at(day),
            customer_id: None,
            sku: "S",
            quantity: qty,
            unit_price: price,
            status,
            channel: None,
            region: None,
        });
    }
    let t = Arc::new(t);
    let period = Period {
        from: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2024, 3, 5).unwrap(),
    };
    let b = Baseline::of(&t, period);
    assert_eq!(b.baskets, vec![100.0, 120.0]);
    assert_close!(b.days, 5.0);
    assert_close!(b.gmv, 220.0);
    assert_close!(b.units, 4.0);
    assert_eq!(compare(&b, 0.4, &[]).len(), 0);
}

/// A product's own baseline: orders A (2 × P at 10 + 1 × Q at 50), B (1 × P at 12), C (Q
/// only), D (3 × P at 10, cancelled), E (1 × P at 9, after the period). P: orders A and B,
/// units 3, GMV 20 + 12 = 32, baskets [12, 20], units per order [1, 2]; the shop has 3 valid
/// orders in the period, so P is in 2/3 of them. Category "Cups" = P and R (R not sold) → the
/// same; category "Plates" = Q: orders A and C, GMV 50 + 40 = 90. A 20 % discount on P at
/// ε = −2 over the 5 days: lift 0.8^−2 − 1 = 0.5625, GMV 32 × 0.8 × 1.5625 = 40.
#[test]
fn a_target_baseline_holds_only_its_lines() {
    let at = |d: u32| -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 3, d)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    };
    let mut t = OrderTable::default();
    for (order, day, sku, qty, price, status) in [
        ("A", 1, "P", 2.0, 10.0, LineStatus::Paid),
        ("A", 1, "Q", 1.0, 50.0, LineStatus::Paid),
        ("B", 2, "P", 1.0, 12.0, LineStatus::Paid),
        ("C", 3, "Q", 2.0, 20.0, LineStatus::Paid),
        ("D", 3, "P", 3.0, 10.0, LineStatus::Cancelled),
        ("E", 9, "P", 1.0, 9.0, LineStatus::Paid),
    ] {
        t.push(&OrderLine {
            order_id: order,
            placed_at: at(day),
            customer_id: None,
            sku,
            quantity: qty,
            unit_price: price,
            status,
            channel: None,
            region: None,
        });
    }
    let period = Period {
        from: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2024, 3, 5).unwrap(),
    };
    let product = |sku: &str, cat: &str| Product {
        sku: sku.into(),
        name: LocalText::new(sku, sku),
        category: LocalText::new(cat, cat),
    };
    let products = [
        product("P", "Cups"),
        product("Q", "Plates"),
        product("R", "Cups"),
    ];
    let p = TargetBaseline::of(&t, period, &Target::Sku("P".into()), &products);
    assert_eq!(p.baseline.baskets, vec![12.0, 20.0]);
    assert_close!(p.baseline.orders, 2.0);
    assert_close!(p.baseline.units, 3.0);
    assert_close!(p.baseline.gmv, 32.0);
    assert_close!(p.baseline.days, 5.0);
    assert_eq!(p.units_per_order, vec![1.0, 2.0]);
    assert_close!(p.shop_orders, 3.0);
    assert_close!(p.order_share(), 2.0 / 3.0);
    assert_close!(p.share_with_at_least(2.0), 0.5);
    assert_close!(p.unit_price().unwrap(), 32.0 / 3.0);
    let cups = TargetBaseline::of(&t, period, &Target::Category("Cups".into()), &products);
    assert_eq!(cups.baseline, p.baseline);
    let plates = TargetBaseline::of(&t, period, &Target::Category("Plates".into()), &products);
    assert_close!(plates.baseline.gmv, 90.0);
    assert_close!(plates.baseline.orders, 2.0);
    let none = TargetBaseline::of(&t, period, &Target::Sku("Z".into()), &products);
    assert_close!(none.baseline.orders, 0.0);
    assert_close!(none.share_with_at_least(1.0), 0.0);
    assert!(none.unit_price().is_none());

    let o = evaluate(
        &p.baseline,
        0.4,
        &Promotion::Discount {
            rate: 0.2,
            days: 5.0,
            elasticity: -2.0,
        },
    );
    assert_close!(o.baseline.gmv, 32.0);
    assert_close!(o.promoted.gmv, 40.0);
    assert_close!(o.promoted.orders, 2.0 * 1.5625);
}
