//! KPI definitions (../shared/docs/domain.md, "Metrics: one definition each") checked against
//! references computed independently: by hand on a small table with cancelled lines, negative
//! quantities, zero prices and missing customer ids, and by a separate straightforward
//! implementation on the demo store.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime};
use shoplab::engine::demo;
use shoplab::engine::kpi::{self, growth, last_full_month, Period, YearMonth};
use shoplab::engine::tables::{Dataset, LineStatus, OrderLine, OrderTable};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn line(
    order: &'static str,
    when: &str,
    customer: Option<&'static str>,
    qty: f64,
    price: f64,
    status: LineStatus,
) -> OrderLine<'static> {
    OrderLine {
        order_id: order,
        placed_at: at(when),
        customer_id: customer,
        sku: "S1",
        quantity: qty,
        unit_price: price,
        status,
        channel: None,
        region: None,
    }
}

fn march_2024() -> Vec<OrderLine<'static>> {
    use LineStatus::*;
    vec![
        line("A1", "2024-03-01 10:00", Some("c1"), 2.0, 10.0, Paid), // valid, 20
        line("A1", "2024-03-01 10:00", Some("c1"), 1.0, 5.5, Paid),  // valid, 5.5
        line("A2", "2024-03-05 12:00", Some("c2"), 3.0, 10.0, Refunded), // valid 30, returns 30
        line("A3", "2024-03-07 09:00", Some("c1"), 1.0, 100.0, Cancelled), // not valid, returns 100
        line("A4", "2024-03-10 18:00", None, 4.0, 10.0, Paid),       // valid 40, guest
        line("R1", "2024-03-12 08:00", Some("c2"), -1.0, 10.0, Paid), // not valid, returns 10
        line("A5", "2024-03-15 11:00", Some("c1"), 2.0, 0.0, Paid),  // price 0: not valid
        line("A6", "2024-03-20 20:00", Some("c1"), 1.0, 10.0, Paid), // valid, 10
        line("A7", "2024-03-31 23:59", Some("c3"), 1.0, 7.25, Paid), // valid, 7.25
        line("B1", "2024-04-01 00:00", Some("c3"), 1.0, 10.0, Paid), // April
        line("Z1", "2024-02-29 23:59", Some("c2"), 5.0, 10.0, Paid), // February
    ]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

#[test]
fn hand_computed_month() {
    let k = kpi::kpis(
        &OrderTable::from_lines(&march_2024()),
        YearMonth {
            year: 2024,
            month: 3,
        }
        .period(),
    );
    let gmv = 20.0 + 5.5 + 30.0 + 40.0 + 10.0 + 7.25;
    let returns = 30.0 + 100.0 + 10.0;
    assert!(close(k.gmv, gmv), "gmv {}", k.gmv);
    assert!(close(k.returns_value, returns));
    assert!(close(k.net_sales, gmv - returns));
    assert_eq!(k.orders, 5); // A1 A2 A4 A6 A7
    assert!(close(k.units, 2.0 + 1.0 + 3.0 + 4.0 + 1.0 + 1.0));
    assert_eq!(k.buyers, 3); // c1 c2 c3
    assert_eq!(k.lines_without_customer, 1);
    assert!(close(k.aov.unwrap(), gmv / 5.0));
    assert!(close(k.spend_per_buyer.unwrap(), (gmv - 40.0) / 3.0));
    assert!(close(k.repurchase_rate.unwrap(), 1.0 / 3.0)); // only c1 has two valid orders
    assert!(close(k.return_rate.unwrap(), returns / gmv));
}

#[test]
fn empty_period_has_no_ratios() {
    let k = kpi::kpis(
        &OrderTable::from_lines(&march_2024()),
        YearMonth {
            year: 2023,
            month: 1,
        }
        .period(),
    );
    assert_eq!(k.orders, 0);
    assert_eq!(
        (k.aov, k.spend_per_buyer, k.repurchase_rate, k.return_rate),
        (None, None, None, None)
    );
}

#[test]
fn last_full_month_follows_the_domain_brief() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    // domain.md's example: data ending 2011-12-09 → November 2011.
    assert_eq!(
        last_full_month(d(2010, 12, 1), d(2011, 12, 9)),
        YearMonth {
            year: 2011,
            month: 11
        }
    );
    assert_eq!(
        last_full_month(d(2023, 11, 27), d(2025, 11, 30)),
        YearMonth {
            year: 2025,
            month: 11
        }
    );
    assert_eq!(
        last_full_month(d(2024, 2, 1), d(2024, 2, 29)),
        YearMonth {
            year: 2024,
            month: 2
        }
    );
    assert_eq!(
        last_full_month(d(2023, 12, 1), d(2024, 1, 30)),
        YearMonth {
            year: 2023,
            month: 12
        }
    );
    // No full month: the last month, partly covered, not an empty month before the data.
    let march = YearMonth {
        year: 2024,
        month: 3,
    };
    assert_eq!(last_full_month(d(2024, 3, 1), d(2024, 3, 10)), march);
    // A month before that the data cover only in part is not full either.
    assert_eq!(last_full_month(d(2024, 2, 20), d(2024, 3, 10)), march);
    assert_eq!(
        last_full_month(d(2024, 2, 1), d(2024, 3, 10)),
        YearMonth {
            year: 2024,
            month: 2
        }
    );
}

#[test]
fn growth_is_relative_to_the_other_period() {
    assert!(close(growth(110.0, Some(100.0)).unwrap(), 0.1));
    assert!(close(growth(50.0, Some(200.0)).unwrap(), -0.75));
    assert_eq!(growth(5.0, Some(0.0)), None);
    assert_eq!(growth(5.0, None), None);
}

#[test]
fn overview_leaves_out_comparisons_the_data_does_not_cover() {
    let mut orders = march_2024();
    orders.retain(|l| l.placed_at.date() >= NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
    let dataset = Dataset {
        orders: OrderTable::from_lines(&orders).into(),
        ..Dataset::default()
    };
    let o = kpi::overview(&dataset).unwrap();
    // Data ends 2024-04-01, so the last full month is March; February is not covered.
    assert_eq!(
        o.month,
        YearMonth {
            year: 2024,
            month: 3
        }
    );
    assert!(o.previous_month.is_none() && o.year_ago.is_none());
    assert_eq!(o.monthly.len(), 1);
    assert_eq!(o.monthly[0].gmv_year_ago, None);
    assert!(kpi::overview(&Dataset::default()).is_none());
}

/// A second, deliberately plain implementation of the month's figures (B-tree maps, no shared
/// helpers), compared with the engine on every month of the demo store.
#[test]
fn engine_matches_a_plain_reimplementation_on_the_demo_store() {
    let store = demo::generate(demo::DEFAULT_SEED);
    let orders = &store.dataset.orders;
    let first = YearMonth::of(orders.line(0).unwrap().placed_at.date());
    for i in 0..25 {
        let month = first.plus(i);
        let (from, to) = (month.first_day(), month.last_day());
        let mut gmv = 0.0;
        let mut returns = 0.0;
        let mut ids = BTreeSet::new();
        let mut per_buyer: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for l in orders
            .lines()
            .filter(|l| l.placed_at.date() >= from && l.placed_at.date() <= to)
        {
            let value = l.quantity * l.unit_price;
            if matches!(l.status, LineStatus::Cancelled | LineStatus::Refunded) || l.quantity < 0.0
            {
                returns += value.abs();
            }
            if l.status == LineStatus::Cancelled || l.quantity <= 0.0 || l.unit_price <= 0.0 {
                continue;
            }
            gmv += value;
            ids.insert(l.order_id);
            if let Some(c) = l.customer_id {
                per_buyer.entry(c).or_default().insert(l.order_id);
            }
        }
        let k = kpi::kpis(orders, Period { from, to });
        assert!(
            close(k.gmv, gmv) && close(k.returns_value, returns),
            "{month:?}"
        );
        assert_eq!(k.orders as usize, ids.len());
        assert_eq!(k.buyers as usize, per_buyer.len());
        let repeat = per_buyer.values().filter(|o| o.len() > 1).count() as f64;
        assert!(close(
            k.repurchase_rate.unwrap(),
            repeat / per_buyer.len() as f64
        ));
    }
}
