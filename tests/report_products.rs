//! The operations review's products section (`engine::report::products`): small hand-made
//! tables whose answers are worked out by hand (ABC at exactly 80 % and the SKU that crosses it,
//! ties, weekly-demand CVs, clipped weeks, returns, slow movers, categories, growth), the real
//! UCI Online Retail file for 2011 against a deliberately plain computation written here with
//! the `csv` crate, and the demo store's planted demand levels.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use shoplab::engine::ingest::{import, ImportOptions, ImportedTable};
use shoplab::engine::kpi::Period;
use shoplab::engine::report::products::{is_charge, products, Abc, CategoryRow, Products, Xyz};
use shoplab::engine::tables::{Dataset, LineStatus, LocalText, OrderLine, OrderTable, Product};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn period(from: NaiveDate, to: NaiveDate) -> Period {
    Period { from, to }
}

/// A line of one unit or more at noon.
struct L {
    sku: &'static str,
    day: NaiveDate,
    quantity: f64,
    price: f64,
    status: LineStatus,
}

fn sale(sku: &'static str, day: NaiveDate, quantity: f64, price: f64) -> L {
    L {
        sku,
        day,
        quantity,
        price,
        status: LineStatus::Paid,
    }
}

fn with_status(status: LineStatus, l: L) -> L {
    L { status, ..l }
}

fn dataset(lines: &[L], catalogue: &[(&str, &str, &str)]) -> Dataset {
    let order_lines: Vec<OrderLine<'_>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| OrderLine {
            order_id: Box::leak(format!("O{i}").into_boxed_str()),
            placed_at: NaiveDateTime::new(l.day, NaiveTime::from_hms_opt(12, 0, 0).unwrap()),
            customer_id: Some("c"),
            sku: l.sku,
            quantity: l.quantity,
            unit_price: l.price,
            status: l.status,
            channel: None,
            region: None,
        })
        .collect();
    Dataset {
        orders: Arc::new(OrderTable::from_lines(&order_lines)),
        products: catalogue
            .iter()
            .map(|(sku, name, category)| Product {
                sku: (*sku).to_owned(),
                name: LocalText::new(name, name),
                category: LocalText::new(category, category),
            })
            .collect(),
        ..Dataset::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn classes(p: &Products) -> Vec<(String, Abc)> {
    p.top_by_revenue
        .iter()
        .map(|r| (r.sku.clone(), r.abc))
        .collect()
}

/// March 2024, compared with February.
fn march() -> (Period, Period) {
    (
        period(day(2024, 3, 1), day(2024, 3, 31)),
        period(day(2024, 2, 1), day(2024, 2, 29)),
    )
}

/// Revenues 50, 30, 15, 5: the first two make exactly 80 % (A), the third starts at exactly
/// 80 % (B) and the fourth at exactly 95 % (C). The Pareto curve has every SKU.
#[test]
fn abc_boundary_at_exactly_80_and_95_percent() {
    let d = day(2024, 3, 5);
    let data = dataset(
        &[
            sale("D", d, 1.0, 5.0),
            sale("C", d, 3.0, 5.0),
            sale("B", d, 3.0, 10.0),
            sale("A", d, 5.0, 10.0),
        ],
        &[],
    );
    let (p, c) = march();
    let r = products(&data, p, c, 30);
    assert_eq!(r.skus_sold, 4);
    assert_eq!(
        classes(&r),
        vec![
            ("A".into(), Abc::A),
            ("B".into(), Abc::A),
            ("C".into(), Abc::B),
            ("D".into(), Abc::C)
        ]
    );
    let abc: Vec<(Abc, u64, f64, f64)> = r
        .abc
        .iter()
        .map(|c| (c.class, c.skus, c.sku_share, c.revenue_share))
        .collect();
    assert_eq!(abc.len(), 3);
    for (got, want) in abc.iter().zip([
        (Abc::A, 2, 0.5, 0.8),
        (Abc::B, 1, 0.25, 0.15),
        (Abc::C, 1, 0.25, 0.05),
    ]) {
        assert_eq!((got.0, got.1), (want.0, want.1));
        assert!(close(got.2, want.2) && close(got.3, want.3), "{got:?}");
    }
    let pareto: Vec<(f64, f64)> = r
        .pareto
        .iter()
        .map(|q| (q.sku_share, q.revenue_share))
        .collect();
    let want = [
        (0.0, 0.0),
        (0.25, 0.5),
        (0.5, 0.8),
        (0.75, 0.95),
        (1.0, 1.0),
    ];
    assert_eq!(pareto.len(), want.len());
    for (g, w) in pareto.iter().zip(want) {
        assert!(close(g.0, w.0) && close(g.1, w.1), "{pareto:?}");
    }
    assert_eq!(r.top1_share, Some(0.5));
    // One month has 5 calendar weeks (Fri 1 March to Sun 31 March): XYZ is computed.
    assert_eq!(r.abc_xyz.len(), 9);
}

/// Revenues 60, 30, 6, 4: the second SKU starts at 60 % and crosses 80 %: still A. The third
/// starts at 90 %: B; the fourth at 96 %: C.
#[test]
fn the_sku_that_crosses_80_percent_is_a() {
    let d = day(2024, 3, 5);
    let data = dataset(
        &[
            sale("P", d, 6.0, 10.0),
            sale("Q", d, 3.0, 10.0),
            sale("R", d, 6.0, 1.0),
            sale("S", d, 4.0, 1.0),
        ],
        &[],
    );
    let (p, c) = march();
    let r = products(&data, p, c, 30);
    assert_eq!(
        classes(&r),
        vec![
            ("P".into(), Abc::A),
            ("Q".into(), Abc::A),
            ("R".into(), Abc::B),
            ("S".into(), Abc::C)
        ]
    );
    let counts: Vec<u64> = r.abc.iter().map(|c| c.skus).collect();
    assert_eq!(counts, vec![2, 1, 1]);
    assert!(close(r.abc[0].revenue_share, 0.9));
}

/// Equal revenue is ranked by SKU text, whatever the order of the lines; equal units likewise.
#[test]
fn ties_are_ranked_by_sku() {
    let d = day(2024, 3, 5);
    let data = dataset(
        &[
            sale("SKU-9", d, 1.0, 10.0),
            sale("SKU-3", d, 2.0, 5.0),
            sale("SKU-1", d, 10.0, 1.0),
            sale("SKU-0", d, 1.0, 1.0),
        ],
        &[],
    );
    let (p, c) = march();
    let r = products(&data, p, c, 30);
    let by_revenue: Vec<&str> = r.top_by_revenue.iter().map(|r| r.sku.as_str()).collect();
    assert_eq!(by_revenue, ["SKU-1", "SKU-3", "SKU-9", "SKU-0"]);
    let by_units: Vec<&str> = r.top_by_units.iter().map(|r| r.sku.as_str()).collect();
    assert_eq!(by_units, ["SKU-1", "SKU-3", "SKU-0", "SKU-9"]);
    // Revenue shares 10/31 each for the first three; units shares 10/14, 2/14, 1/14, 1/14.
    assert!(close(r.top_by_revenue[0].revenue_share, 10.0 / 31.0));
    assert!(close(r.top_by_units[0].units_share, 10.0 / 14.0));
    assert!(close(r.top_by_units[3].units_share, 1.0 / 14.0));
    // Cumulative before: 0, 10/31, 20/31 (64.5 %) → A, A, A; 30/31 (96.8 %) → C.
    let abc: Vec<Abc> = r.top_by_revenue.iter().map(|r| r.abc).collect();
    assert_eq!(abc, [Abc::A, Abc::A, Abc::A, Abc::C]);
}

/// Four full Monday–Sunday weeks (1–28 January 2024, 1 January being a Monday), price 1:
/// weekly units [10,10,10,10] → CV 0 → X; [11,29,11,29] → mean 20, population σ 9, CV 0.45
/// → X (the sample σ would give 0.52, Y); [5,15,5,15] → mean 10, σ 5, CV 0.5 → Y (the boundary
/// belongs to Y); [0,20,0,20] → CV 1 → Z; [40,0,0,0] → σ √300, CV 1.73 → Z.
#[test]
fn xyz_from_weekly_units_with_known_cvs() {
    let week = |w: u32| day(2024, 1, 1 + 7 * w + 2); // the Wednesday of week w
    let mut lines = Vec::new();
    for (sku, units) in [
        ("X", [10.0, 10.0, 10.0, 10.0]),
        ("X2", [11.0, 29.0, 11.0, 29.0]),
        ("Y", [5.0, 15.0, 5.0, 15.0]),
        ("Z", [0.0, 20.0, 0.0, 20.0]),
        ("Z2", [40.0, 0.0, 0.0, 0.0]),
    ] {
        for (w, u) in units.iter().enumerate() {
            if *u > 0.0 {
                // Two lines a week, on the week's Monday and Sunday: the week boundaries hold.
                lines.push(sale(
                    sku,
                    week(w as u32) - chrono::Duration::days(2),
                    u / 2.0,
                    1.0,
                ));
                lines.push(sale(
                    sku,
                    week(w as u32) + chrono::Duration::days(4),
                    u / 2.0,
                    1.0,
                ));
            }
        }
    }
    let data = dataset(&lines, &[]);
    let p = period(day(2024, 1, 1), day(2024, 1, 28));
    let c = period(day(2023, 12, 4), day(2023, 12, 31));
    let r = products(&data, p, c, 30);
    let xyz: HashMap<&str, Option<Xyz>> = r
        .top_by_revenue
        .iter()
        .map(|r| (r.sku.as_str(), r.xyz))
        .collect();
    assert_eq!(xyz["X"], Some(Xyz::X));
    assert_eq!(xyz["X2"], Some(Xyz::X));
    assert_eq!(xyz["Y"], Some(Xyz::Y));
    assert_eq!(xyz["Z"], Some(Xyz::Z));
    assert_eq!(xyz["Z2"], Some(Xyz::Z));
    // Revenue X2 80, the others 40 each (total 240), ranked X2, X, Y, Z, Z2: cumulative before
    // 0, 33, 50, 67 % → A; 83 % → B.
    let cells: Vec<(Abc, Xyz, u64, f64)> = r
        .abc_xyz
        .iter()
        .map(|c| (c.abc, c.xyz, c.skus, c.revenue))
        .collect();
    assert_eq!(
        cells,
        vec![
            (Abc::A, Xyz::X, 2, 120.0),
            (Abc::A, Xyz::Y, 1, 40.0),
            (Abc::A, Xyz::Z, 1, 40.0),
            (Abc::B, Xyz::X, 0, 0.0),
            (Abc::B, Xyz::Y, 0, 0.0),
            (Abc::B, Xyz::Z, 1, 40.0),
            (Abc::C, Xyz::X, 0, 0.0),
            (Abc::C, Xyz::Y, 0, 0.0),
            (Abc::C, Xyz::Z, 0, 0.0),
        ]
    );

    // Three weeks: no XYZ at all.
    let short = products(&data, period(day(2024, 1, 1), day(2024, 1, 21)), c, 30);
    assert!(short.abc_xyz.is_empty());
    assert!(short.top_by_revenue.iter().all(|r| r.xyz.is_none()));
    assert_eq!(short.skus_sold, 5);
}

/// Weeks are clipped to the period and weeks without units count: Wednesday 3 January to
/// Tuesday 30 January 2024 touches five weeks; 10 units on each Wednesday of the first four
/// and none in the last (29–30 January) → [10,10,10,10,0], mean 8, σ 4, CV 0.5 → Y. Sales
/// outside the period (1–2 January, 31 January) do not count.
#[test]
fn weeks_are_clipped_and_empty_weeks_count() {
    let mut lines = vec![
        sale("W", day(2024, 1, 1), 100.0, 1.0),
        sale("W", day(2024, 1, 2), 100.0, 1.0),
        sale("W", day(2024, 1, 31), 100.0, 1.0),
    ];
    for d in [3, 10, 17, 24] {
        lines.push(sale("W", day(2024, 1, d), 10.0, 1.0));
    }
    let data = dataset(&lines, &[]);
    let p = period(day(2024, 1, 3), day(2024, 1, 30));
    let r = products(&data, p, p, 30);
    assert_eq!(r.top_by_revenue[0].units, 40.0);
    assert_eq!(r.top_by_revenue[0].xyz, Some(Xyz::Y));
    // Sunday 7 to Monday 29 January: 23 days touching five calendar weeks; steady sales
    // (10 on every Wednesday, 5 on the Sunday and the Monday) → [5,10,10,10,5]: mean 8,
    // σ √6 = 2.45, CV 0.31 → X.
    let mut steady = vec![
        sale("S", day(2024, 1, 7), 5.0, 1.0),
        sale("S", day(2024, 1, 29), 5.0, 1.0),
    ];
    for d in [10, 17, 24] {
        steady.push(sale("S", day(2024, 1, d), 10.0, 1.0));
    }
    let data = dataset(&steady, &[]);
    let p = period(day(2024, 1, 7), day(2024, 1, 29));
    let r = products(&data, p, p, 30);
    assert_eq!(r.top_by_revenue[0].xyz, Some(Xyz::X));
    assert_eq!(r.abc_xyz[0].skus, 1);
}

/// Returns in March: R sold 2 × 50 and 1 × 20 later refunded (GMV 120); a return line of −1 × 50,
/// a cancelled line of 3 × 10 and the refunded 20 make returns value 100 and 5 returned units,
/// a return rate of 100 / 120. N has only a return (no GMV: no rate). A return in February is
/// outside the period. Returns do not change revenue or units.
#[test]
fn returns_by_sku() {
    let d = day(2024, 3, 10);
    let data = dataset(
        &[
            sale("R", d, 2.0, 50.0),
            sale("R", d, -1.0, 50.0),
            with_status(LineStatus::Cancelled, sale("R", d, 3.0, 10.0)),
            with_status(LineStatus::Refunded, sale("R", d, 1.0, 20.0)),
            sale("R", day(2024, 2, 10), -100.0, 50.0),
            sale("N", d, -2.0, 4.0),
            sale("M", d, 10.0, 10.0),
        ],
        &[("R", "Red mug", "Cups")],
    );
    let (p, c) = march();
    let r = products(&data, p, c, 30);
    let returned: Vec<(&str, &str, f64, f64, Option<f64>)> = r
        .top_returned
        .iter()
        .map(|x| {
            (
                x.sku.as_str(),
                x.name.en.as_str(),
                x.returns_value,
                x.returned_units,
                x.return_rate,
            )
        })
        .collect();
    assert_eq!(
        returned,
        vec![
            ("R", "Red mug", 100.0, 5.0, Some(100.0 / 120.0)),
            ("N", "", 8.0, 2.0, None)
        ]
    );
    let rr = r.top_by_revenue.iter().find(|x| x.sku == "R").unwrap();
    assert_eq!((rr.revenue, rr.units), (120.0, 3.0));
    assert_eq!(r.skus_sold, 2, "N has no valid line");
}

/// End of period 31 March 2024, 30 days: S1 last sold 15 February (45 days; its 90-day window
/// starts 18 November 2023: 1 + 2 units, the 100 of 17 November are outside); S0 also 45 days
/// (ranked before S1 by SKU); S3 29 February (31 days); S2 1 March (30 days: not slow); S4 sold
/// 1 January and again after the period (90 days); S5 only after the period (not listed); S6's
/// last valid sale is 31 January (60 days), a cancelled line on 30 March does not count.
#[test]
fn slow_movers() {
    let data = dataset(
        &[
            sale("S1", day(2023, 11, 17), 100.0, 1.0),
            sale("S1", day(2023, 11, 18), 1.0, 1.0),
            sale("S1", day(2024, 2, 15), 2.0, 1.0),
            sale("S0", day(2024, 2, 15), 7.0, 1.0),
            sale("S3", day(2024, 2, 29), 3.0, 1.0),
            sale("S2", day(2024, 3, 1), 1.0, 1.0),
            sale("S4", day(2024, 1, 1), 4.0, 1.0),
            sale("S4", day(2024, 4, 5), 4.0, 1.0),
            sale("S5", day(2024, 4, 5), 4.0, 1.0),
            sale("S6", day(2024, 1, 31), 6.0, 1.0),
            with_status(
                LineStatus::Cancelled,
                sale("S6", day(2024, 3, 30), 6.0, 1.0),
            ),
        ],
        &[("S4", "Old plate", "Plates")],
    );
    let (p, c) = march();
    let r = products(&data, p, c, 30);
    let slow: Vec<(&str, &str, NaiveDate, u32, f64)> = r
        .slow_movers
        .iter()
        .map(|s| {
            (
                s.sku.as_str(),
                s.name.en.as_str(),
                s.last_sale,
                s.days_since,
                s.units_before,
            )
        })
        .collect();
    assert_eq!(
        slow,
        vec![
            ("S4", "Old plate", day(2024, 1, 1), 90, 4.0),
            ("S6", "", day(2024, 1, 31), 60, 6.0),
            ("S0", "", day(2024, 2, 15), 45, 7.0),
            ("S1", "", day(2024, 2, 15), 45, 3.0),
            ("S3", "", day(2024, 2, 29), 31, 3.0),
        ]
    );
    // With a 60-day threshold only S4 is left.
    let r = products(&data, p, c, 60);
    assert_eq!(r.slow_movers.len(), 1);
    assert_eq!(r.slow_movers[0].sku, "S4");
}

/// Categories by the catalogue's English name (an unknown SKU falls in the empty category),
/// with growth against February, and the rows' names, categories and growth. The data reach
/// back to January (a cancelled line), so February is covered; without that line they start on
/// 10 February and nothing has a growth.
#[test]
fn categories_names_and_growth() {
    let (m, f) = (day(2024, 3, 10), day(2024, 2, 10));
    let january = with_status(
        LineStatus::Cancelled,
        sale("OLD-1", day(2024, 1, 31), 1.0, 10.0),
    );
    let data = dataset(
        &[
            january,
            sale("CUP-1", m, 10.0, 15.0), // 150, Feb 100: +50 %
            sale("CUP-1", f, 10.0, 10.0),
            sale("CUP-2", m, 5.0, 10.0),  // 50, none in February
            sale("PLT-1", m, 2.0, 100.0), // 200, Feb 400: −50 %
            sale("PLT-1", f, 4.0, 100.0),
            sale("PLT-2", f, 1.0, 100.0), // only February: counts in Plates' growth, not SKUs
            sale("XX-9", m, 1.0, 100.0),  // not in the catalogue
        ],
        &[
            ("CUP-1", "Blue cup", "Cups"),
            ("CUP-2", "Green cup", "Cups"),
            ("PLT-1", "Plate", "Plates"),
            ("PLT-2", "Side plate", "Plates"),
        ],
    );
    let (p, c) = march();
    let r = products(&data, p, c, 30);
    let category = |name: &str, revenue, units, revenue_share, revenue_growth, skus| CategoryRow {
        category: LocalText::new(name, name),
        revenue,
        units,
        revenue_share,
        revenue_growth,
        skus,
    };
    assert_eq!(
        r.categories,
        vec![
            category("Cups", 200.0, 15.0, 0.4, Some(1.0), 2),
            category("Plates", 200.0, 2.0, 0.4, Some(-0.6), 1),
            category("", 100.0, 1.0, 0.2, None, 1),
        ]
    );
    let rows: HashMap<&str, (&str, &str, Option<f64>)> = r
        .top_by_revenue
        .iter()
        .map(|x| {
            (
                x.sku.as_str(),
                (x.name.en.as_str(), x.category.en.as_str(), x.revenue_growth),
            )
        })
        .collect();
    assert_eq!(rows["CUP-1"], ("Blue cup", "Cups", Some(0.5)));
    assert_eq!(rows["CUP-2"], ("Green cup", "Cups", None));
    assert_eq!(rows["PLT-1"], ("Plate", "Plates", Some(-0.5)));
    assert_eq!(rows["XX-9"], ("", "", None));
    assert!(!rows.contains_key("PLT-2"));
    assert_eq!(r.skus_sold, 4);
    // PLT-2 sold on 10 February: 50 days before the end, a slow mover.
    assert_eq!(r.slow_movers[0].sku, "PLT-2");

    // From 10 February only: February is not covered, no growth anywhere.
    let orders = &data.orders;
    let later = Dataset {
        orders: Arc::new({
            let mut t = OrderTable::default();
            for line in orders.lines().filter(|l| l.sku != "OLD-1") {
                t.push(&line);
            }
            t
        }),
        products: data.products.clone(),
        ..Dataset::default()
    };
    let r = products(&later, p, c, 30);
    assert_eq!(r.categories.len(), 3);
    assert!(r.categories.iter().all(|c| c.revenue_growth.is_none()));
    assert!(r.top_by_revenue.iter().all(|x| x.revenue_growth.is_none()));
}

/// No lines, or none in the period: nothing to rank, no share, no curve, no classes.
#[test]
fn empty_period() {
    let empty = products(&Dataset::default(), march().0, march().1, 30);
    assert_eq!(empty.skus_sold, 0);
    assert_eq!(empty.top1_share, None);
    assert!(empty.top_by_revenue.is_empty() && empty.pareto.is_empty() && empty.abc.is_empty());
    assert!(empty.categories.is_empty() && empty.slow_movers.is_empty());
    assert!(empty.top_returned.is_empty());
    assert!(empty.abc_xyz.iter().all(|c| c.skus == 0));
    let later = dataset(&[sale("A", day(2024, 5, 1), 1.0, 1.0)], &[]);
    let r = products(&later, march().0, march().1, 30);
    assert_eq!((r.skus_sold, r.slow_movers.len()), (0, 0));
}

/// 250 SKUs: at most 20 rows per ranking, the Pareto curve sampled to 101 points from (0, 0)
/// to (1, 1), increasing; SKU i (revenue i) at rank 250 − i.
#[test]
fn limits_and_pareto_sampling() {
    let names: Vec<&'static str> = (1..=250)
        .map(|i| &*Box::leak(format!("P{i:03}").into_boxed_str()))
        .collect();
    let lines: Vec<L> = names
        .iter()
        .enumerate()
        .map(|(i, s)| sale(s, day(2024, 3, 3), (i + 1) as f64, 1.0))
        .collect();
    let data = dataset(&lines, &[]);
    let (p, c) = march();
    let r = products(&data, p, c, 30);
    assert_eq!(r.skus_sold, 250);
    assert_eq!((r.top_by_revenue.len(), r.top_by_units.len()), (20, 20));
    assert_eq!(r.top_by_revenue[0].sku, "P250");
    assert_eq!(r.pareto.len(), 101);
    let (first, last) = (&r.pareto[0], &r.pareto[100]);
    assert_eq!((first.sku_share, first.revenue_share), (0.0, 0.0));
    assert_eq!((last.sku_share, last.revenue_share), (1.0, 1.0));
    assert!(r
        .pareto
        .windows(2)
        .all(|w| w[0].sku_share < w[1].sku_share && w[0].revenue_share < w[1].revenue_share));
    // The midpoint: the first 125 SKUs (250 down to 126) make Σ 126..=250 / Σ 1..=250.
    let half = (126..=250).sum::<u32>() as f64 / (1..=250).sum::<u32>() as f64;
    assert!(close(r.pareto[50].sku_share, 0.5) && close(r.pareto[50].revenue_share, half));
    // The bars: 100 steps of two or three SKUs each; a bar is the mean share of its SKUs,
    // found here from the ranks each step spans (revenue 250 − rank), so the bars fall with
    // the ranks though the steps' widths alternate.
    let bars = r.pareto_bars();
    assert_eq!(bars.len(), 100);
    let total = (1..=250).sum::<u32>() as f64;
    for (k, w) in r.pareto.windows(2).enumerate() {
        let (from, to) = (
            (w[0].sku_share * 250.0).round() as u32,
            (w[1].sku_share * 250.0).round() as u32,
        );
        assert!((2..=3).contains(&(to - from)), "step {k}: {from}..{to}");
        let mean = (from..to).map(|rank| (250 - rank) as f64).sum::<f64>() / f64::from(to - from);
        assert!(
            close(bars[k], mean / total),
            "bar {k}: {} vs {}",
            bars[k],
            mean / total
        );
    }
    assert!(bars.windows(2).all(|b| b[1] < b[0]));
    // ABC counts against the rule applied by hand to revenues 250, 249, …
    let total = (1..=250).sum::<u32>() as f64;
    let (mut before, mut counts) = (0.0, [0u64; 3]);
    for rev in (1..=250).rev() {
        let share = before / total;
        counts[if share < 0.8 {
            0
        } else if share < 0.95 {
            1
        } else {
            2
        }] += 1;
        before += rev as f64;
    }
    let got: Vec<u64> = r.abc.iter().map(|c| c.skus).collect();
    assert_eq!(got, counts.to_vec());
}

// --- The UCI Online Retail file ------------------------------------------------------------

fn online_retail_bytes() -> Vec<u8> {
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

/// Charges by name: postage, fees, adjustments in English and Chinese; goods that carry one
/// of the words in a longer name are not charges.
#[test]
fn charges_by_name() {
    for name in [
        "POSTAGE",
        "DOTCOM POSTAGE",
        " carriage ",
        "Manual",
        "Discount",
        "SAMPLES",
        "Bank Charges",
        "AMAZON FEE",
        "CRUK Commission",
        "Adjust bad debt",
        "Shipping fee",
        "Delivery charge",
        "运费",
        "顺丰运费补差",
        "支付手续费",
        "邮费",
        "调整",
        "Next Day Carriage",
        "EXPRESS SHIPPING",
        "International delivery",
    ] {
        assert!(is_charge(name), "{name}");
    }
    for name in [
        "",
        "BLACK BAROQUE CARRIAGE CLOCK",
        "FRENCH CARRIAGE LANTERN",
        "COFFEE MUG",
        "MANUAL COFFEE GRINDER",
        "DISCOUNT CODE GIFT BOX",
        "POSTAGE STAMP ALBUM",
        "COMMISSIONED PRINT",
        "USB CHARGER",
        "羊毛围巾",
        "WHITE HANGING HEART T-LIGHT HOLDER",
        "DOLLS CARRIAGE",
        "TOY DELIVERY TRUCK",
        "FREE SHIPPING BAG",
    ] {
        assert!(!is_charge(name), "{name}");
    }
}

/// The UCI file's SKUs that are charges, not goods, listed here by code from the file's
/// descriptions: AMAZON FEE, Adjust bad debt, Bank Charges, CARRIAGE, CRUK Commission,
/// Discount, DOTCOM POSTAGE, Manual (M and m), Next Day Carriage (23444), PACKING CHARGE
/// (23574), POSTAGE, SAMPLES. (23444 and 23574 first appear on a line without a description.)
const UCI_CHARGES: [&str; 13] = [
    "23444",
    "23574",
    "AMAZONFEE",
    "B",
    "BANK CHARGES",
    "C2",
    "CRUK",
    "D",
    "DOT",
    "M",
    "POST",
    "S",
    "m",
];

/// 2011 against 2010 in the UCI file, against sums written here over the CSV with the `csv`
/// crate: valid line = invoice not starting with C, quantity > 0, price > 0; return line =
/// invoice starting with C or quantity < 0; the year from the ISO date's first four characters;
/// the charges of [`UCI_CHARGES`] apart from the products.
#[test]
fn online_retail_2011_against_a_plain_computation() {
    let bytes = online_retail_bytes();

    #[derive(Default)]
    struct Sku {
        revenue: f64,
        units: f64,
        revenue_2010: f64,
        revenue_november: f64,
        revenue_october: f64,
        returns: f64,
        returned_units: f64,
        last_sale: Option<NaiveDate>,
        /// Its descriptions in the order first seen, with their lines (of its first 16 lines
        /// with one).
        names: Vec<(String, u32)>,
    }
    let mut skus: HashMap<String, Sku> = HashMap::new();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    for record in reader.records() {
        let r = record.unwrap();
        let (invoice, code, name, date) = (&r[0], r[1].trim(), r[2].trim(), &r[4]);
        let quantity: f64 = r[3].parse().unwrap();
        let price: f64 = r[5].parse().unwrap();
        let s = skus.entry(code.to_owned()).or_default();
        // The first 16 lines with a description vote for the SKU's name.
        if !name.is_empty() && s.names.iter().map(|(_, n)| n).sum::<u32>() < 16 {
            match s.names.iter_mut().find(|(n, _)| n == name) {
                Some((_, lines)) => *lines += 1,
                None => s.names.push((name.to_owned(), 1)),
            }
        }
        let valid = !invoice.starts_with('C') && quantity > 0.0 && price > 0.0;
        let returned = invoice.starts_with('C') || quantity < 0.0;
        if valid && date.starts_with("2011") {
            s.revenue += quantity * price;
            s.units += quantity;
        }
        if valid && date.starts_with("2010") {
            s.revenue_2010 += quantity * price;
        }
        if valid && date.starts_with("2011-11") {
            s.revenue_november += quantity * price;
        }
        if valid && date.starts_with("2011-10") {
            s.revenue_october += quantity * price;
        }
        if valid {
            let d = NaiveDate::parse_from_str(&date[..10], "%Y-%m-%d").unwrap();
            s.last_sale = s.last_sale.max(Some(d));
        }
        if returned && date.starts_with("2011") {
            s.returns += (quantity * price).abs();
            s.returned_units += quantity.abs();
        }
    }

    let imported = import("online_retail.csv", &bytes, &ImportOptions::default()).unwrap();
    let ImportedTable::Orders {
        orders,
        products: catalogue,
    } = imported.table
    else {
        panic!("orders")
    };
    let data = Dataset {
        orders,
        products: catalogue,
        ..Dataset::default()
    };
    let year = period(day(2011, 1, 1), day(2011, 12, 31));
    let r = products(&data, year, period(day(2010, 1, 1), day(2010, 12, 31)), 30);

    // The charges, set apart.
    let charges: Vec<(&str, &Sku)> = UCI_CHARGES
        .iter()
        .filter_map(|code| skus.get_key_value(*code))
        .filter(|(_, s)| s.revenue != 0.0 || s.returns != 0.0)
        .map(|(k, s)| (k.as_str(), s))
        .collect();
    let codes: Vec<&str> = charges.iter().map(|(k, _)| *k).collect();
    assert_eq!(r.charges.skus, codes);
    assert!(
        codes.contains(&"DOT") && codes.contains(&"AMAZONFEE"),
        "{codes:?}"
    );
    let charge_revenue: f64 = charges.iter().map(|(_, s)| s.revenue).sum();
    let charge_returns: f64 = charges.iter().map(|(_, s)| s.returns).sum();
    assert!(close(r.charges.revenue, charge_revenue));
    assert!(close(r.charges.returns_value, charge_returns));
    skus.retain(|code, _| !UCI_CHARGES.contains(&code.as_str()));

    // SKUs sold and the ranking.
    let mut sold: Vec<(&str, &Sku)> = skus
        .iter()
        .filter(|(_, s)| s.revenue > 0.0)
        .map(|(k, s)| (k.as_str(), s))
        .collect();
    sold.sort_by(|a, b| b.1.revenue.total_cmp(&a.1.revenue).then(a.0.cmp(b.0)));
    assert_eq!(r.skus_sold as usize, sold.len());
    assert!(sold.len() > 3_000, "{}", sold.len());
    let total: f64 = sold.iter().map(|(_, s)| s.revenue).sum();
    assert_eq!(r.top_by_revenue.len(), 20);
    for (got, (sku, s)) in r.top_by_revenue.iter().zip(&sold) {
        assert_eq!(got.sku, *sku);
        assert!(
            close(got.revenue, s.revenue),
            "{sku}: {} vs {}",
            got.revenue,
            s.revenue
        );
        assert!(close(got.units, s.units));
        assert!((got.revenue_share - s.revenue / total).abs() < 1e-9);
        // The name most of its first 16 named lines give, the first seen on a tie.
        let most = s
            .names
            .iter()
            .fold(None::<&(String, u32)>, |best, n| match best {
                Some(b) if b.1 >= n.1 => Some(b),
                _ => Some(n),
            })
            .map(|(n, _)| n.as_str());
        assert_eq!(Some(got.name.en.as_str()), most);
        // The file starts on 1 December 2010: 2010 is not covered, so no growth.
        assert_eq!(got.revenue_growth, None, "{sku}");
    }
    assert!((r.top1_share.unwrap() - sold[0].1.revenue / total).abs() < 1e-12);
    let mut by_units = sold.clone();
    by_units.sort_by(|a, b| b.1.units.total_cmp(&a.1.units).then(a.0.cmp(b.0)));
    let want: Vec<&str> = by_units.iter().take(20).map(|(k, _)| *k).collect();
    let got: Vec<&str> = r.top_by_units.iter().map(|x| x.sku.as_str()).collect();
    assert_eq!(got, want);

    // ABC counts: the rule applied plainly.
    let (mut before, mut counts) = (0.0, [0u64; 3]);
    for (_, s) in &sold {
        let share = before / total;
        counts[if share < 0.8 {
            0
        } else if share < 0.95 {
            1
        } else {
            2
        }] += 1;
        before += s.revenue;
    }
    let got: Vec<u64> = r.abc.iter().map(|c| c.skus).collect();
    assert_eq!(got, counts.to_vec());
    // The UCI catalogue has no categories: one empty category with all the revenue.
    assert_eq!(r.categories.len(), 1);
    assert_eq!(r.categories[0].category.en, "");
    assert!((r.categories[0].revenue_share - 1.0).abs() < 1e-12);
    // A year of weeks: XYZ for every SKU sold.
    assert_eq!(r.abc_xyz.iter().map(|c| c.skus).sum::<u64>(), r.skus_sold);

    // The most returned product.
    let mut returned: Vec<(&str, &Sku)> = skus
        .iter()
        .filter(|(_, s)| s.returns > 0.0)
        .map(|(k, s)| (k.as_str(), s))
        .collect();
    returned.sort_by(|a, b| b.1.returns.total_cmp(&a.1.returns).then(a.0.cmp(b.0)));
    let (top_sku, top) = returned[0];
    let got = &r.top_returned[0];
    assert_eq!(got.sku, top_sku);
    assert!(close(got.returns_value, top.returns));
    assert!(close(got.returned_units, top.returned_units));
    assert_eq!(got.return_rate.is_some(), top.revenue > 0.0);
    let want: Vec<&str> = returned.iter().take(10).map(|(k, _)| *k).collect();
    let got: Vec<&str> = r.top_returned.iter().map(|x| x.sku.as_str()).collect();
    assert_eq!(got, want);

    // November against October 2011, both covered: each top product's growth.
    let november = products(
        &data,
        period(day(2011, 11, 1), day(2011, 11, 30)),
        period(day(2011, 10, 1), day(2011, 10, 31)),
        30,
    );
    assert_eq!(november.top_by_revenue.len(), 20);
    for got in &november.top_by_revenue {
        let s = &skus[&got.sku];
        assert!(close(got.revenue, s.revenue_november), "{}", got.sku);
        match got.revenue_growth {
            Some(g) => assert!((g - (s.revenue_november / s.revenue_october - 1.0)).abs() < 1e-9),
            None => assert_eq!(s.revenue_october, 0.0, "{}", got.sku),
        }
    }
    assert!(november
        .top_by_revenue
        .iter()
        .any(|r| r.revenue_growth.is_some()));

    // Slow movers: last valid sale more than 30 days before 31 December 2011 (the data ends
    // on 9 December, so every SKU last sold before 1 December qualifies).
    let end = day(2011, 12, 31);
    let mut slow: Vec<(&str, i64)> = skus
        .iter()
        .filter_map(|(k, s)| Some((k.as_str(), (end - s.last_sale?).num_days())))
        .filter(|(_, idle)| *idle > 30)
        .collect();
    slow.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let want: Vec<(&str, u32)> = slow.iter().take(20).map(|(k, d)| (*k, *d as u32)).collect();
    let got: Vec<(&str, u32)> = r
        .slow_movers
        .iter()
        .map(|s| (s.sku.as_str(), s.days_since))
        .collect();
    assert_eq!(got, want);
}

// --- The demo store --------------------------------------------------------------------------

/// The demo store plants each SKU's demand level: its order lines ∝ popularity, sold at about
/// its base price, with a mean quantity per line, so its expected revenue is ∝ popularity ×
/// base price × mean quantity (the list-price walk and elasticity move it a little). Over the
/// store's last year: every category's revenue share is within 2.5 points of its planted share
/// and has its 15 planted SKUs; the five SKUs planted largest are in the top 20 and class A;
/// and the return rate of the most returned product is the planted one: cancelled orders
/// (2.5 % of orders, not in GMV) and refunded lines (3 % of the rest, in GMV and in returns)
/// give returns / GMV ≈ 0.025 / 0.975 + 0.03.
#[test]
fn demo_store_planted_demand_levels() {
    let store = shoplab::engine::demo::generate(shoplab::engine::demo::DEFAULT_SEED);
    let params = &store.params;
    let year = period(day(2024, 12, 1), day(2025, 11, 30));
    let before = period(day(2023, 12, 1), day(2024, 11, 30));
    let r = products(&store.dataset, year, before, 30);
    // The demo sells goods only: nothing is set apart as a charge.
    assert_eq!(r.charges.skus, Vec::<String>::new());
    assert_eq!(r.skus_sold as usize, params.skus.len());

    let planted =
        |s: &shoplab::engine::demo::SkuParams| s.popularity * s.base_price * s.mean_quantity;
    let total: f64 = params.skus.iter().map(planted).sum();
    let category_of: HashMap<&str, &str> = store
        .dataset
        .products
        .iter()
        .map(|p| (p.sku.as_str(), p.category.en.as_str()))
        .collect();
    let mut planted_share: HashMap<&str, f64> = HashMap::new();
    for s in &params.skus {
        *planted_share
            .entry(category_of[s.sku.as_str()])
            .or_default() += planted(s) / total;
    }
    assert_eq!(r.categories.len(), planted_share.len());
    for c in &r.categories {
        let want = planted_share[c.category.en.as_str()];
        assert!(
            (c.revenue_share - want).abs() < 0.025,
            "{}: {} vs planted {want}",
            c.category.en,
            c.revenue_share
        );
        assert_eq!(c.skus, 15, "{}", c.category.en);
    }

    let mut ranked: Vec<&shoplab::engine::demo::SkuParams> = params.skus.iter().collect();
    ranked.sort_by(|a, b| planted(b).total_cmp(&planted(a)));
    for s in ranked.iter().take(5) {
        let row = r.top_by_revenue.iter().find(|x| x.sku == s.sku);
        assert_eq!(row.map(|x| x.abc), Some(Abc::A), "{}", s.sku);
    }

    let c = params.customers.cancel_share;
    let expected_rate = c / (1.0 - c) + params.customers.refund_share;
    // One SKU's rate is a small sample (a few hundred lines) and the list's first is picked
    // for its returns, so the rate is read over the ten most returned together: Σ returns /
    // Σ revenue, each revenue recovered from its row as returns / rate.
    let returns: f64 = r.top_returned.iter().map(|x| x.returns_value).sum();
    let revenue: f64 = r
        .top_returned
        .iter()
        .map(|x| x.returns_value / x.return_rate.unwrap())
        .sum();
    let rate = returns / revenue;
    assert_eq!(r.top_returned.len(), 10);
    assert!(
        (rate - expected_rate).abs() < 0.01,
        "top returned together: {rate} vs {expected_rate}"
    );
}
