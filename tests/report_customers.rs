//! The customers section of the report (`engine::report::customers`): RFM scores and segments
//! and monthly cohorts on small tables worked out by hand, the real UCI Online Retail year 2011
//! against an independent plain computation over the CSV, and the demo store's planted repeat
//! purchases as the report shows them.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{HashMap, HashSet};
use std::io::Read;

use chrono::{NaiveDate, NaiveDateTime};
use shoplab::engine::ingest::{ImportOptions, ImportedTable};
use shoplab::engine::kpi::{self, Period, YearMonth};
use shoplab::engine::report::customers::{customers, Customers, Segment};
use shoplab::engine::tables::{LineStatus, OrderLine, OrderTable};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(date: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(&format!("{date} 10:00:00"), "%Y-%m-%d %H:%M:%S").unwrap()
}

fn month(year: i32, month: u32) -> YearMonth {
    YearMonth { year, month }
}

/// A paid line of one unit.
fn line<'a>(order: &'a str, date: &str, customer: Option<&'a str>, price: f64) -> OrderLine<'a> {
    OrderLine {
        order_id: order,
        placed_at: at(date),
        customer_id: customer,
        sku: "SKU",
        quantity: 1.0,
        unit_price: price,
        status: LineStatus::Paid,
        channel: None,
        region: None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The customers section's buyers and repurchase rate are the KPIs' (kpi.rs).
fn assert_matches_kpis(c: &Customers, orders: &OrderTable, period: Period) {
    let k = kpi::kpis(orders, period);
    assert_eq!(c.buyers, k.buyers);
    assert_eq!(c.repurchase_rate, k.repurchase_rate);
    assert_eq!(c.lines_without_customer, k.lines_without_customer);
}

/// Ten buyers in Q1 2024, data ending 2024-03-20, built so that every segment has a buyer and
/// each of R, F and M has a tie across a quintile edge.
///
/// With n = 10 the score is 1 + ⌊5 × smaller / 10⌋ = 1 + ⌊smaller / 2⌋, `smaller` being the
/// number of buyers with a strictly smaller value (for R: a strictly larger recency).
///
/// | buyer | orders in Q1 (date: GMV) | F | M | last order | R days |
/// |---|---|---|---|---|---|
/// | B1 | 01-10, 01-25, 02-10, 02-25, 03-10: 30 each; 03-20: 50 (two lines, 30 + 20) | 6 | 200 | 03-20 | 0 |
/// | B2 | 01-05, 01-20, 02-05, 02-20: 15 each; 03-05: 20 | 5 | 80 | 03-05 | 15 |
/// | B3 | 01-02, 01-08, 01-14, 01-20: 2.5 each | 4 | 10 | 01-20 | 60 |
/// | B4 | 01-15, 02-01, 02-15, 03-05: 12.5 each | 4 | 50 | 03-05 | 15 |
/// | B5 | 01-15, 02-15, 03-15: 30 each | 3 | 90 | 03-15 | 5 |
/// | B6 | 03-20: 20 | 1 | 20 | 03-20 | 0 |
/// | B7 | 03-15: 50 | 1 | 50 | 03-15 | 5 |
/// | B8 | 01-20: 50 (and a cancelled line on 03-19, which does not count) | 1 | 50 | 01-20 | 60 |
/// | B9 | 01-10: 100, 01-20: 200 | 2 | 300 | 01-20 | 60 |
/// | B10 | 2023-10-01: 40 (before the period), 01-30: 30, 02-09: 30 | 2 | 60 | 02-09 | 40 |
///
/// R (sorted by recency, largest first): 60, 60, 60 (B3, B8, B9: smaller 0 → 1, a tie across
/// the edge between the 1st and 2nd quintile), 40 (B10: 3 → 2), 15, 15 (B2, B4: 4 → 3),
/// 5, 5 (B5, B7: 6 → 4), 0, 0 (B1, B6: 8 → 5).
/// F sorted: 1, 1, 1 (B6, B7, B8: 0 → 1, across the 1st/2nd edge), 2, 2 (B9, B10: 3 → 2,
/// across the 2nd/3rd edge), 3 (B5: 5 → 3), 4, 4 (B3, B4: 6 → 4), 5 (B2: 8 → 5), 6 (B1: 9 → 5).
/// M sorted: 10 (B3 → 1), 20 (B6: 1 → 1), 50, 50, 50 (B4, B7, B8: 2 → 2, across the 3rd/4th
/// edge at position 4), 60 (B10: 5 → 3), 80 (B2: 6 → 4), 90 (B5: 7 → 4), 200 (B1: 8 → 5),
/// 300 (B9: 9 → 5).
///
/// Segments (first matching rule): B1 (5,5,5) Champions; B2 (3,5,4) Loyal; B5 (4,3,4)
/// Potential; B6 (5,1,1) and B7 (4,1,2) New; B3 (1,4,1: R ≤ 2, F ≥ 3) and B9 (1,2,5: R ≤ 2,
/// M ≥ 4) At risk; B8 (1,1,2) Lost; B4 (3,4,2) and B10 (2,2,3) Hibernating.
fn rfm_table() -> OrderTable {
    let mut lines = Vec::new();
    let mut n = 0;
    let ids: Vec<String> = (0..64).map(|i| format!("O{i:03}")).collect();
    let mut order = |customer: &'static str, date: &'static str, price: f64| {
        n += 1;
        line(&ids[n], date, Some(customer), price)
    };
    for d in ["01-10", "01-25", "02-10", "02-25", "03-10"] {
        lines.push(order("B1", leak(format!("2024-{d}")), 30.0));
    }
    for d in ["01-05", "01-20", "02-05", "02-20"] {
        lines.push(order("B2", leak(format!("2024-{d}")), 15.0));
    }
    lines.push(order("B2", "2024-03-05", 20.0));
    for d in ["01-02", "01-08", "01-14", "01-20"] {
        lines.push(order("B3", leak(format!("2024-{d}")), 2.5));
    }
    for d in ["01-15", "02-01", "02-15", "03-05"] {
        lines.push(order("B4", leak(format!("2024-{d}")), 12.5));
    }
    for d in ["01-15", "02-15", "03-15"] {
        lines.push(order("B5", leak(format!("2024-{d}")), 30.0));
    }
    lines.push(order("B6", "2024-03-20", 20.0));
    lines.push(order("B7", "2024-03-15", 50.0));
    lines.push(order("B8", "2024-01-20", 50.0));
    lines.push(order("B9", "2024-01-10", 100.0));
    lines.push(order("B9", "2024-01-20", 200.0));
    // More than a year before the data's last day: outside the RFM window (the review's Q1
    // and the year to 2024-03-20), so B10 is scored on its two Q1 orders.
    lines.push(order("B10", "2022-10-01", 40.0));
    lines.push(order("B10", "2024-01-30", 30.0));
    lines.push(order("B10", "2024-02-09", 30.0));
    // B1's last order has two lines: one order.
    lines.push(line("B1-LAST", "2024-03-20", Some("B1"), 30.0));
    lines.push(line("B1-LAST", "2024-03-20", Some("B1"), 20.0));
    // Lines that are not valid: a cancelled order of B8, a return line of B6.
    lines.push(OrderLine {
        status: LineStatus::Cancelled,
        ..line("B8-CANCELLED", "2024-03-19", Some("B8"), 99.0)
    });
    lines.push(OrderLine {
        quantity: -1.0,
        ..line("B6-RETURN", "2024-03-20", Some("B6"), 20.0)
    });
    // A guest order: in GMV, not in any customer figure.
    lines.push(line("GUEST", "2024-02-01", None, 500.0));
    OrderTable::from_lines(&lines)
}

/// A `&'static str` for the table builder (tests only).
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[test]
fn rfm_scores_ties_at_quintile_edges_and_every_segment() {
    let orders = rfm_table();
    let q1 = Period {
        from: day(2024, 1, 1),
        to: day(2024, 3, 31),
    };
    let c = customers(&orders, q1);
    assert_matches_kpis(&c, &orders, q1);
    assert!(!c.needs_order_lines);
    assert_eq!(c.buyers, 10);
    // Everyone but B10 (first order 2022-10-01) ordered for the first time in Q1.
    assert_eq!((c.new_buyers, c.returning_buyers), (9, 1));
    assert!(close(c.new_revenue, 910.0 - 60.0), "{}", c.new_revenue);
    assert!(close(c.returning_revenue, 60.0));
    // F ≥ 2: B1, B2, B3, B4, B5, B9, B10.
    assert_eq!(c.repurchase_rate, Some(0.7));
    assert_eq!(c.lines_without_customer, 1);

    // The data ends on 2024-03-20, before the period: recency is counted to that day, over
    // the 12 months to it (2023-03-21 to 2024-03-20).
    assert_eq!(c.rfm.as_of, day(2024, 3, 20));
    assert_eq!(c.rfm.from, day(2023, 3, 21));
    assert_eq!(c.rfm.buyers, 10);
    let segments: Vec<Segment> = c.rfm.segments.iter().map(|s| s.segment).collect();
    assert_eq!(segments, Segment::ALL.to_vec());
    let row = |s: Segment| c.rfm.segments.iter().find(|r| r.segment == s).unwrap();
    let counts: Vec<(Segment, u64)> = c
        .rfm
        .segments
        .iter()
        .map(|r| (r.segment, r.buyers))
        .collect();
    assert_eq!(
        counts,
        vec![
            (Segment::Champions, 1),
            (Segment::Loyal, 1),
            (Segment::Potential, 1),
            (Segment::New, 2),
            (Segment::AtRisk, 2),
            (Segment::Lost, 1),
            (Segment::Hibernating, 2),
        ]
    );
    // Σ M over the ten buyers = 200 + 80 + 10 + 50 + 90 + 20 + 50 + 50 + 300 + 60 = 910.
    let champions = row(Segment::Champions);
    assert!(close(champions.revenue, 200.0));
    assert!(close(champions.revenue_share, 200.0 / 910.0));
    assert!(close(champions.buyer_share, 0.1));
    assert!(close(champions.mean_frequency, 6.0));
    assert!(close(champions.mean_recency_days, 0.0));
    // At risk: B3 (R 60, F 4, M 10) and B9 (R 60, F 2, M 300).
    let at_risk = row(Segment::AtRisk);
    assert!(close(at_risk.revenue, 310.0));
    assert!(close(at_risk.revenue_share, 310.0 / 910.0));
    assert!(close(at_risk.mean_recency_days, 60.0));
    assert!(close(at_risk.mean_frequency, 3.0));
    assert!(close(at_risk.mean_monetary, 155.0));
    // New: B6 (R 0, M 20) and B7 (R 5, M 50).
    let new = row(Segment::New);
    assert!(close(new.mean_recency_days, 2.5));
    assert!(close(new.mean_monetary, 35.0));
    // Hibernating: B4 (R 15, F 4, M 50) and B10 (R 40, F 2, M 60).
    let hibernating = row(Segment::Hibernating);
    assert!(close(hibernating.mean_recency_days, 27.5));
    assert!(close(hibernating.mean_frequency, 3.0));
    assert!(close(hibernating.revenue, 110.0));
    let lost = row(Segment::Lost);
    assert!(close(lost.mean_recency_days, 60.0));
    assert!(close(lost.revenue, 50.0));
    let shares: f64 = c.rfm.segments.iter().map(|s| s.revenue_share).sum();
    assert!(close(shares, 1.0));

    // Intervals whose later order is in Q1 (2024 is a leap year):
    // B1 15, 16, 15, 14, 10; B2 15, 16, 15, 14; B3 6, 6, 6; B4 17, 14, 19; B5 31, 29; B9 10;
    // B10 486 (2022-10-01 → 2024-01-30), 10. Twenty values; sorted, the 10th and 11th are 15
    // and 15.
    let total: u64 = c.intervals.iter().map(|b| b.count).sum();
    assert_eq!(total, 20);
    let bins: Vec<(u32, u32, u64)> = c
        .intervals
        .iter()
        .map(|b| (b.from_days, b.to_days, b.count))
        .collect();
    assert_eq!(bins.len(), 14, "0–6 … 84–90 and 91+");
    assert_eq!(bins[0], (0, 6, 3));
    assert_eq!(bins[1], (7, 13, 3));
    assert_eq!(bins[2], (14, 20, 11));
    assert_eq!(bins[3], (21, 27, 0));
    assert_eq!(bins[4], (28, 34, 2));
    assert_eq!(bins[12], (84, 90, 0));
    assert_eq!(bins[13], (91, u32::MAX, 1));
    assert_eq!(c.median_interval_days, Some(15.0));
}

/// Quintile scores when every buyer has the same values: all tie at the bottom, so everyone
/// scores 1 on F and M and — R reversed — 1 on R too: R = 1, F = 1 is Lost. A's order has two
/// lines, 0.1 + 0.2 = 0.30000000000000004 in floating point: compared to the cent, it still
/// ties with the others' 0.3 (else A alone would score M = 5 and be At risk).
#[test]
fn equal_buyers_all_share_one_score() {
    let mut lines: Vec<OrderLine> = ["B", "C", "D", "E", "F", "G"]
        .iter()
        .map(|c| line(leak(format!("O-{c}")), "2024-05-01", Some(c), 0.3))
        .collect();
    lines.push(line("O-A", "2024-05-01", Some("A"), 0.1));
    lines.push(line("O-A", "2024-05-01", Some("A"), 0.2));
    let orders = OrderTable::from_lines(&lines);
    let may = month(2024, 5).period();
    let c = customers(&orders, may);
    assert_eq!(c.rfm.as_of, day(2024, 5, 1));
    let lost = c
        .rfm
        .segments
        .iter()
        .find(|s| s.segment == Segment::Lost)
        .unwrap();
    assert_eq!(lost.buyers, 7);
    assert_eq!(c.median_interval_days, None);
    assert_eq!(c.repurchase_rate, Some(0.0));
}

/// Customers C1–C8 from 2024-01-15, the period April 2024, one line after it (2024-05-03).
/// Every order is one line of 10. Months shown: the 12 ending April 2024, from the data's
/// first month: January to April.
///
/// | buyer | orders | first month |
/// |---|---|---|
/// | C1 | 01-15, 02-10, 04-05 | Jan |
/// | C2 | 01-20, 01-25, 02-20, 03-01 | Jan |
/// | C3 | 01-31 (and a cancelled line in March) | Jan |
/// | C4 | 02-05, 03-05, 04-20 | Feb |
/// | C5 | 02-28, 04-01 | Feb |
/// | C6 | 03-10, 04-10, 04-10 (two orders the same day) | Mar |
/// | C7 | 04-02, 04-30 | Apr |
/// | C8 | 04-15, 05-03 (after the period) | Apr |
///
/// The cohort triangle (share of the cohort ordering in month +1, +2, +3):
/// Jan (C1, C2, C3): Feb C1, C2 → 2/3; Mar C2 → 1/3; Apr C1 → 1/3.
/// Feb (C4, C5): Mar C4 → 1/2; Apr C4, C5 → 1.
/// Mar (C6): Apr → 1.
/// Apr (C7, C8): nothing yet.
/// Revenue per buyer up to April: Jan (30 + 40 + 10) / 3; Feb (30 + 20) / 2; Mar 30 / 1;
/// Apr (20 + 10) / 2 = 15 (C8's May order is after the period).
fn cohort_table() -> OrderTable {
    let plan: [(&str, &[&str]); 8] = [
        ("C1", &["01-15", "02-10", "04-05"]),
        ("C2", &["01-20", "01-25", "02-20", "03-01"]),
        ("C3", &["01-31"]),
        ("C4", &["02-05", "03-05", "04-20"]),
        ("C5", &["02-28", "04-01"]),
        ("C6", &["03-10", "04-10", "04-10"]),
        ("C7", &["04-02", "04-30"]),
        ("C8", &["04-15", "05-03"]),
    ];
    let mut lines = Vec::new();
    for (customer, dates) in plan {
        for (i, d) in dates.iter().enumerate() {
            lines.push(line(
                leak(format!("{customer}-{i}")),
                leak(format!("2024-{d}")),
                Some(customer),
                10.0,
            ));
        }
    }
    lines.push(OrderLine {
        status: LineStatus::Cancelled,
        ..line("C3-X", "2024-03-15", Some("C3"), 10.0)
    });
    lines.push(line("GUEST", "2024-04-11", None, 10.0));
    OrderTable::from_lines(&lines)
}

#[test]
fn cohort_triangle_and_new_and_returning_by_month() {
    let orders = cohort_table();
    let april = month(2024, 4).period();
    let c = customers(&orders, april);
    assert_matches_kpis(&c, &orders, april);

    let cohorts: Vec<(YearMonth, u64, usize)> = c
        .cohorts
        .iter()
        .map(|k| (k.month, k.buyers, k.retention.len()))
        .collect();
    assert_eq!(
        cohorts,
        vec![
            (month(2024, 1), 3, 3),
            (month(2024, 2), 2, 2),
            (month(2024, 3), 1, 1),
            (month(2024, 4), 2, 0),
        ]
    );
    let retention = |i: usize| c.cohorts[i].retention.clone();
    let expect = |got: Vec<f64>, want: &[f64]| {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert!(close(*g, *w), "{got:?} vs {want:?}");
        }
    };
    expect(retention(0), &[2.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]);
    expect(retention(1), &[0.5, 1.0]);
    expect(retention(2), &[1.0]);
    expect(retention(3), &[]);
    let ltv: Vec<f64> = c.cohorts.iter().map(|k| k.revenue_per_buyer).collect();
    expect(ltv, &[80.0 / 3.0, 25.0, 30.0, 15.0]);

    // New and returning by month:
    // Jan: new C1, C2, C3 (10 + 20 + 10); Feb: new C4, C5 (20), returning C1, C2 (20);
    // Mar: new C6 (10), returning C2, C4 (20; C3's cancelled line does not count);
    // Apr: new C7, C8 (20 + 10), returning C1, C4, C5, C6 (10 + 10 + 10 + 20).
    let by_month: Vec<(YearMonth, u64, u64, f64, f64)> = c
        .by_month
        .iter()
        .map(|m| {
            (
                m.month,
                m.new_buyers,
                m.returning_buyers,
                m.new_revenue,
                m.returning_revenue,
            )
        })
        .collect();
    assert_eq!(
        by_month,
        vec![
            (month(2024, 1), 3, 0, 40.0, 0.0),
            (month(2024, 2), 2, 2, 20.0, 20.0),
            (month(2024, 3), 1, 2, 10.0, 20.0),
            (month(2024, 4), 2, 4, 30.0, 50.0),
        ]
    );
    // Each month's new + returning buyers are that month's buyers.
    for m in &c.by_month {
        let k = kpi::kpis(&orders, m.month.period());
        assert_eq!(m.new_buyers + m.returning_buyers, k.buyers, "{:?}", m.month);
    }

    // April: buyers C1, C4, C5, C6, C7, C8; new C7, C8; two orders in April: C6, C7.
    assert_eq!((c.buyers, c.new_buyers, c.returning_buyers), (6, 2, 4));
    assert!(close(c.new_revenue, 30.0) && close(c.returning_revenue, 50.0));
    assert_eq!(c.repurchase_rate, Some(2.0 / 6.0));
    assert_eq!(c.lines_without_customer, 1);
    // The data runs to 2024-05-03, past the period: RFM is as of the period's last day.
    assert_eq!(c.rfm.as_of, day(2024, 4, 30));

    // Intervals ending in April: C1 02-10 → 04-05 = 55; C4 03-05 → 04-20 = 46;
    // C5 02-28 → 04-01 = 33 (2024-02-29 exists); C6 03-10 → 04-10 = 31 and 04-10 → 04-10 = 0;
    // C7 04-02 → 04-30 = 28; C8's 04-15 → 05-03 ends after the period. Sorted 0, 28, 31, 33,
    // 46, 55: the median is (31 + 33) / 2 = 32.
    assert_eq!(c.median_interval_days, Some(32.0));
    let counts: Vec<u64> = c.intervals.iter().map(|b| b.count).collect();
    assert_eq!(counts, vec![1, 0, 0, 0, 3, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
}

/// The result does not depend on the order of the lines (a customer's first month can be
/// found late, when the file is not in date order).
#[test]
fn lines_in_any_order_give_the_same_figures() {
    let orders = cohort_table();
    let lines: Vec<OrderLine> = (0..orders.len()).map(|i| orders.line(i).unwrap()).collect();
    let reversed: Vec<OrderLine> = lines.iter().rev().cloned().collect();
    let mut rotated = lines.clone();
    rotated.rotate_left(7);
    for period in [month(2024, 4).period(), month(2024, 3).period()] {
        let c = customers(&orders, period);
        assert_eq!(customers(&OrderTable::from_lines(&reversed), period), c);
        assert_eq!(customers(&OrderTable::from_lines(&rotated), period), c);
    }
}

/// A period that starts the data: every buyer is new; fewer than 12 months.
#[test]
fn first_month_of_data_and_an_empty_table() {
    let orders = cohort_table();
    let jan = month(2024, 1).period();
    let c = customers(&orders, jan);
    assert_eq!((c.buyers, c.new_buyers, c.returning_buyers), (3, 3, 0));
    assert_eq!(c.by_month.len(), 1);
    assert_eq!(c.cohorts.len(), 1);
    assert!(c.cohorts[0].retention.is_empty());
    // C2's 01-20 → 01-25.
    assert_eq!(c.median_interval_days, Some(5.0));

    let empty = customers(&OrderTable::default(), jan);
    assert_eq!(empty.buyers, 0);
    assert_eq!(empty.repurchase_rate, None);
    assert!(empty.by_month.is_empty() && empty.cohorts.is_empty());
    assert_eq!(empty.rfm.buyers, 0);
    assert!(!empty.needs_order_lines);
}

/// An order id with lines of two customers counts as an order of each, as in the KPIs.
#[test]
fn an_order_id_shared_by_two_customers_counts_for_both() {
    let orders = OrderTable::from_lines(&[
        line("X", "2024-06-01", Some("A"), 10.0),
        line("X", "2024-06-02", Some("B"), 10.0),
        line("Y", "2024-06-03", Some("B"), 10.0),
        line("Z", "2024-06-04", Some("A"), 10.0),
        line("Z", "2024-06-05", Some("A"), 10.0),
    ]);
    let june = month(2024, 6).period();
    let c = customers(&orders, june);
    assert_matches_kpis(&c, &orders, june);
    assert_eq!(c.repurchase_rate, Some(1.0));
    // A: X 06-01 → Z 06-04 (Z is dated by its first line) = 3; B: X 06-02 → Y 06-03 = 1.
    assert_eq!(c.median_interval_days, Some(2.0));
}

#[test]
fn aggregated_data_has_no_customer_figures() {
    let mut orders = OrderTable::new(true);
    orders.push(&line("2024-06-01/SKU", "2024-06-01", None, 10.0));
    let june = month(2024, 6).period();
    let c = customers(&orders, june);
    assert!(c.needs_order_lines);
    assert_eq!((c.buyers, c.new_buyers, c.returning_buyers), (0, 0, 0));
    assert_eq!(c.repurchase_rate, None);
    assert_eq!(c.median_interval_days, None);
    assert!(c.by_month.is_empty() && c.cohorts.is_empty() && c.intervals.is_empty());
    assert!(c.rfm.segments.is_empty());
}

// --- The real UCI Online Retail file ------------------------------------------------------

fn online_retail() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/online-retail/online_retail.csv.gz"
    );
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

/// The year 2011 of the UCI file (data 2010-12-01 to 2011-12-09) against a plain computation
/// over the CSV with the csv crate and std maps, written from the definitions: a valid line's
/// invoice does not start with C, quantity > 0, price > 0; customer lines have a CustomerID
/// (written `17850.0`); an order of a buyer is an invoice, dated by its earliest valid line.
#[test]
fn online_retail_2011_matches_an_independent_computation() {
    let bytes = online_retail();
    // customer → invoice → earliest date of its valid lines.
    let mut invoices: HashMap<String, HashMap<String, NaiveDate>> = HashMap::new();
    // customer → months (yyyy-mm) with a valid line.
    let mut months: HashMap<String, HashSet<String>> = HashMap::new();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    for record in reader.records() {
        let r = record.unwrap();
        let (invoice, quantity, date, price, customer) = (
            &r[0],
            r[3].parse::<f64>().unwrap(),
            &r[4],
            r[5].parse::<f64>().unwrap(),
            r[6].trim_end_matches(".0"),
        );
        if invoice.starts_with('C') || quantity <= 0.0 || price <= 0.0 || customer.is_empty() {
            continue;
        }
        let date = NaiveDate::parse_from_str(&date[..10], "%Y-%m-%d").unwrap();
        let first = invoices
            .entry(customer.to_owned())
            .or_default()
            .entry(invoice.to_owned())
            .or_insert(date);
        *first = (*first).min(date);
        months
            .entry(customer.to_owned())
            .or_default()
            .insert(r[4][..7].to_owned());
    }
    let in_2011 = |d: &NaiveDate| d.format("%Y").to_string() == "2011";
    // RFM's window: the 12 months to the data's last day, 2011-12-09, start on 2010-12-10,
    // before the year: its buyers are those with an order from that day on.
    let in_rfm_window = |d: &NaiveDate| *d >= day(2010, 12, 10);
    let (mut buyers, mut new, mut repeat) = (0u64, 0u64, 0u64);
    let (mut rfm_buyers, mut rfm_orders) = (0u64, 0usize);
    let mut intervals: Vec<i64> = Vec::new();
    let (mut january, mut january_in_february) = (0u64, 0u64);
    for (customer, orders) in &invoices {
        let mut dates: Vec<NaiveDate> = orders.values().copied().collect();
        dates.sort();
        let orders_2011 = dates.iter().filter(|d| in_2011(d)).count();
        let in_window = dates.iter().filter(|d| in_rfm_window(d)).count();
        rfm_buyers += u64::from(in_window > 0);
        rfm_orders += in_window;
        if orders_2011 > 0 {
            buyers += 1;
            if in_2011(&dates[0]) {
                new += 1;
            }
            if orders_2011 >= 2 {
                repeat += 1;
            }
        }
        for pair in dates.windows(2) {
            if in_2011(&pair[1]) {
                intervals.push((pair[1] - pair[0]).num_days());
            }
        }
        if dates[0].format("%Y-%m").to_string() == "2011-01" {
            january += 1;
            if months[customer].contains("2011-02") {
                january_in_february += 1;
            }
        }
    }
    intervals.sort();
    let n = intervals.len();
    let median = if n % 2 == 1 {
        intervals[n / 2] as f64
    } else {
        (intervals[n / 2 - 1] + intervals[n / 2]) as f64 / 2.0
    };

    let imported =
        shoplab::engine::ingest::import("online_retail.csv", &bytes, &ImportOptions::default())
            .unwrap();
    let ImportedTable::Orders { orders, .. } = imported.table else {
        panic!("not an orders table");
    };
    let year = Period {
        from: day(2011, 1, 1),
        to: day(2011, 12, 31),
    };
    let c = customers(&orders, year);
    assert_matches_kpis(&c, &orders, year);
    assert_eq!(c.buyers, buyers);
    assert_eq!(c.new_buyers, new);
    assert_eq!(c.returning_buyers, buyers - new);
    assert_eq!(c.repurchase_rate, Some(repeat as f64 / buyers as f64));
    assert_eq!(c.median_interval_days, Some(median));
    let binned: u64 = c.intervals.iter().map(|b| b.count).sum();
    assert_eq!(binned as usize, n);
    let jan = c
        .cohorts
        .iter()
        .find(|k| k.month == month(2011, 1))
        .unwrap();
    assert_eq!(jan.buyers, january);
    assert!(close(
        jan.retention[0],
        january_in_february as f64 / january as f64
    ));
    // Every month's new + returning buyers are its buyers, and their revenue its GMV of
    // lines with a customer (the KPIs' spend per buyer × buyers).
    for m in &c.by_month {
        let k = kpi::kpis(&orders, m.month.period());
        assert_eq!(m.new_buyers + m.returning_buyers, k.buyers, "{:?}", m.month);
        let with_customer = k.spend_per_buyer.unwrap() * k.buyers as f64;
        let revenue = m.new_revenue + m.returning_revenue;
        assert!((revenue - with_customer).abs() < 1e-6 * with_customer);
    }
    let k = kpi::kpis(&orders, year);
    let with_customer = k.spend_per_buyer.unwrap() * k.buyers as f64;
    assert!((c.new_revenue + c.returning_revenue - with_customer).abs() < 1e-6 * with_customer);
    // The data runs to 2011-12-09: RFM is as of that day, over the buyers of the 12 months to
    // it, with their orders there.
    assert_eq!(c.rfm.as_of, day(2011, 12, 9));
    assert_eq!(c.rfm.from, day(2010, 12, 10));
    assert_eq!(c.rfm.buyers, rfm_buyers);
    let scored_orders: f64 = c
        .rfm
        .segments
        .iter()
        .map(|s| s.mean_frequency * s.buyers as f64)
        .sum();
    assert!(
        close(scored_orders, rfm_orders as f64),
        "{scored_orders} vs {rfm_orders}"
    );
    assert!(
        rfm_buyers > buyers,
        "December 2010's buyers who did not return in 2011"
    );
    // Months: 2011-01 … 2011-12; the data starts 2010-12-01, so all twelve are there.
    assert_eq!(c.by_month.len(), 12);
    assert_eq!(c.cohorts.len(), 12);
    assert_eq!(c.cohorts[11].retention.len(), 0);
    eprintln!(
        "UCI 2011: {buyers} buyers, {new} new, repurchase {:.4}, median interval {median}, \
         2011-01 cohort {january}, month+1 {:.4}",
        repeat as f64 / buyers as f64,
        january_in_february as f64 / january as f64
    );
}

// --- The demo store -----------------------------------------------------------------------

/// The demo store plants its customers' repeat purchases (`demo::CustomerParams`): a base of
/// 3,000 customers (1,200 of them before the data starts), 8 % of orders placed as guests, a
/// Gamma(shape 2) purchase propensity — heavy-tailed — and a mean lifetime of 1,000 days.
#[test]
fn demo_store_shows_its_planted_repeat_purchases() {
    let store = shoplab::engine::demo::generate(shoplab::engine::demo::DEFAULT_SEED);
    let planted = &store.params.customers;
    let orders = &store.dataset.orders;
    let (first, last) = store.dataset.date_range().unwrap();
    let all = Period {
        from: first,
        to: last,
    };
    let c = customers(orders, all);
    assert_matches_kpis(&c, orders, all);

    // Guests: each order is a guest's with probability 0.08, independently of its lines, so
    // ≈ 8 % of the valid lines lack a customer (over ~50,000 lines, a standard error of a few
    // tenths of a percent even with lines clustered in orders).
    let valid = orders.iter().filter(|l| l.is_valid()).count() as f64;
    let guest_share = c.lines_without_customer as f64 / valid;
    assert!(
        (guest_share - planted.guest_share).abs() < 0.015,
        "guest lines {guest_share}"
    );

    // The base: at most the planted 3,000 ids, a few early ones never ordering in the window;
    // over the whole data every buyer is new.
    assert!(
        (0.9 * planted.customers as f64..=planted.customers as f64).contains(&(c.buyers as f64)),
        "{} buyers",
        c.buyers
    );
    assert_eq!((c.new_buyers, c.returning_buyers), (c.buyers, 0));

    // Repurchase over the whole data = 1 − the share of one-order buyers, counted here with
    // plain maps; tests/demo_store.rs bounds that share to 5–40 % (a mix of one-time buyers
    // and a loyal tail).
    let mut orders_of: HashMap<&str, HashSet<&str>> = HashMap::new();
    for i in 0..orders.len() {
        let l = orders.get(i).unwrap();
        if l.is_valid() {
            if let Some(customer) = orders.line(i).unwrap().customer_id {
                orders_of
                    .entry(customer)
                    .or_default()
                    .insert(orders.line(i).unwrap().order_id);
            }
        }
    }
    let one_timers = orders_of.values().filter(|o| o.len() == 1).count() as f64;
    let repurchase = c.repurchase_rate.unwrap();
    assert!((repurchase - (1.0 - one_timers / orders_of.len() as f64)).abs() < 1e-12);
    assert!((0.6..0.95).contains(&repurchase), "repurchase {repurchase}");

    // Intervals. A customer with propensity g orders as a Poisson process of rate λg, so their
    // intervals are exponential with mean 1/(λg), and they contribute intervals in proportion
    // to g. Pooling over g ~ Gamma(k) weights the density by g: the rates of the pooled
    // intervals are Gamma(k + 1), and an exponential mixed over a Gamma(k + 1) rate is Lomax:
    // P(T ≤ t) = 1 − (1 + λt)^−(k + 1). With k = 2 (planted) and λ fixed by the median m,
    // (1 + λm)³ = 2. The model leaves out churn, arrivals, seasonality and whole days, so
    // the histogram is held to it within 2.5 points of the cumulative share at every bin edge
    // (observed: within about 1.5). A homogeneous base (every customer alike: exponential
    // intervals) misses by up to 6 points, and its tail beyond 90 days is half the one seen.
    let k = planted.propensity_shape + 1.0;
    let median = c.median_interval_days.unwrap();
    let lambda = (2f64.powf(1.0 / k) - 1.0) / median;
    let total: u64 = c.intervals.iter().map(|b| b.count).sum();
    assert!(total > 20_000, "{total} intervals");
    let mut below = 0;
    for bin in &c.intervals[..c.intervals.len() - 1] {
        below += bin.count;
        let t = f64::from(bin.to_days) + 1.0;
        let observed = below as f64 / total as f64;
        let lomax = 1.0 - (1.0 + lambda * t).powf(-k);
        assert!(
            (observed - lomax).abs() < 0.025,
            "P(T < {t}) = {observed}, Lomax {lomax}"
        );
    }
    let tail = c.intervals.last().unwrap().count as f64 / total as f64;
    let exponential_tail = 0.5f64.powf(91.0 / median);
    assert!(tail > 1.6 * exponential_tail, "91+ days: {tail}");

    // Churn is slow (mean lifetime 1,000 days): a cohort's month-by-month retention hardly
    // falls. Over the 8 months between months +1…+3 and +9…+11, survival e^(−243/1000) ≈ 0.78,
    // offset by the planted demand growth of 25 % a year (× 1.16), predicts a ratio of about
    // 0.91; cohorts of ~100 buyers leave a standard error of about 0.06 on it.
    let (mut early, mut early_n, mut late, mut late_n) = (0.0, 0.0, 0.0, 0.0);
    for cohort in &c.cohorts {
        let n = cohort.buyers as f64;
        for (j, r) in cohort.retention.iter().enumerate() {
            if j < 3 {
                early += r * n;
                early_n += n;
            } else if j >= 8 {
                late += r * n;
                late_n += n;
            }
        }
    }
    let ratio = (late / late_n) / (early / early_n);
    assert!(
        (0.75..1.1).contains(&ratio),
        "late / early retention {ratio}"
    );
    // The data ends 2025-11-30: the months shown end there, not in December.
    let year = customers(
        orders,
        Period {
            from: day(2025, 1, 1),
            to: day(2025, 12, 31),
        },
    );
    assert_eq!(year.by_month.last().unwrap().month, month(2025, 11));
    assert_eq!(year.rfm.as_of, day(2025, 11, 30));
    // A year into the data, the established base outnumbers the newcomers.
    assert!(year.returning_buyers > year.new_buyers);
}

/// A month's review scores its customer base over the year to its end, not the month's buyers
/// alone: C, who last ordered in January, is in the March review's RFM (and far from its most
/// recent), D, whose only order is more than a year old, is not; A's frequency counts its
/// January and February orders. The KPIs' buyers stay the month's.
#[test]
fn a_months_rfm_looks_back_a_year() {
    let lines = vec![
        line("A1", "2024-01-05", Some("A"), 10.0),
        line("A2", "2024-02-05", Some("A"), 10.0),
        line("A3", "2024-03-05", Some("A"), 10.0),
        line("B1", "2024-03-25", Some("B"), 40.0),
        line("C1", "2024-01-10", Some("C"), 25.0),
        line("D1", "2023-03-30", Some("D"), 99.0),
        line("E1", "2024-03-31", Some("E"), 5.0),
    ];
    let orders = OrderTable::from_lines(&lines);
    let march = month(2024, 3).period();
    let c = customers(&orders, march);
    assert_matches_kpis(&c, &orders, march);
    assert_eq!(c.buyers, 3, "A, B and E ordered in March");
    // The 12 months to 2024-03-31: from 2023-04-01; D's 2023-03-30 is before.
    assert_eq!(
        (c.rfm.from, c.rfm.as_of),
        (day(2023, 4, 1), day(2024, 3, 31))
    );
    assert_eq!(c.rfm.buyers, 4, "A, B, C and E");
    let scored = |f: fn(&shoplab::engine::report::customers::SegmentRow) -> f64| -> f64 {
        c.rfm.segments.iter().map(|s| f(s) * s.buyers as f64).sum()
    };
    // Orders: A 3, B 1, C 1, E 1; GMV 30 + 40 + 25 + 5; days since the last order: A 26,
    // B 6, C 81, E 0.
    assert!(close(scored(|s| s.mean_frequency), 6.0));
    assert!(close(scored(|s| s.mean_monetary), 100.0));
    assert!(close(scored(|s| s.mean_recency_days), 113.0));
}
