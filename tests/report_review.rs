//! The operations review's sales, traffic, marketing, geography and written conclusions: the
//! real UCI Online Retail file for 2011 against a plain computation written here with the `csv`
//! crate, the demo store's planted facts (its 11-11 peak, its regions' shares, its channels'
//! planted returns), and small hand-made datasets with answers worked out by hand.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use shoplab::engine::ingest::{import, ImportOptions, ImportedTable};
use shoplab::engine::kpi::{Period, YearMonth};
use shoplab::engine::report::sales::Granularity;
use shoplab::engine::report::summary::Sentence;
use shoplab::engine::report::{self, Comparison, PeriodChoice, Report, ReportRequest};
use shoplab::engine::tables::{
    Dataset, LineStatus, MarketingRow, OrderLine, OrderTable, TrafficRow,
};
use shoplab::engine::{demo, kpi};
use shoplab::i18n::report::sentence_text;
use shoplab::i18n::{format_money, format_percent, Lang};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn request(period: PeriodChoice, comparison: Comparison) -> ReportRequest {
    ReportRequest {
        period,
        comparison,
        slow_mover_days: 30,
        granularity: None,
        gross_margin: None,
    }
}

/// The demo store's review of one month, against the month before.
fn demo_month(store: &demo::DemoStore, year: i32, month: u32) -> Report {
    report::report(
        &store.dataset,
        &request(
            PeriodChoice::Month(YearMonth { year, month }),
            Comparison::PreviousPeriod,
        ),
    )
    .unwrap()
}

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

fn online_retail() -> &'static (Vec<u8>, Dataset) {
    static DATA: std::sync::OnceLock<(Vec<u8>, Dataset)> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        let bytes = online_retail_bytes();
        let imported = import("online_retail.csv", &bytes, &ImportOptions::default()).unwrap();
        let ImportedTable::Orders { orders, products } = imported.table else {
            panic!("orders")
        };
        let dataset = Dataset {
            orders,
            products,
            ..Dataset::default()
        };
        (bytes, dataset)
    })
}

/// One valid line of the UCI file, read plainly: invoice not starting with C, quantity > 0,
/// price > 0 (domain.md's valid lines), ISO dates.
struct Plain {
    invoice: String,
    at: NaiveDateTime,
    value: f64,
    quantity: f64,
    customer: Option<String>,
}

fn plain_valid_lines(bytes: &[u8]) -> Vec<Plain> {
    let mut reader = csv::Reader::from_reader(bytes);
    let mut out = Vec::new();
    for record in reader.records() {
        let r = record.unwrap();
        let invoice = r[0].to_owned();
        let quantity: f64 = r[3].parse().unwrap();
        let price: f64 = r[5].parse().unwrap();
        if invoice.starts_with('C') || quantity <= 0.0 || price <= 0.0 {
            continue;
        }
        let at = NaiveDateTime::parse_from_str(&r[4], "%Y-%m-%d %H:%M:%S").unwrap();
        let customer = r[6].trim().trim_end_matches(".0").to_owned();
        out.push(Plain {
            invoice,
            at,
            value: quantity * price,
            quantity,
            customer: (!customer.is_empty()).then_some(customer),
        });
    }
    out
}

/// 2011 in the UCI file: KPIs, the monthly trend with no year-ago line before December, and
/// GMV by weekday × hour, against sums written here.
#[test]
fn online_retail_2011_sales_against_a_plain_computation() {
    let (bytes, dataset) = online_retail();
    let lines: Vec<Plain> = plain_valid_lines(bytes)
        .into_iter()
        .filter(|l| l.at.year() == 2011)
        .collect();
    let r = report::report(
        dataset,
        &request(PeriodChoice::Year(2011), Comparison::YearEarlier),
    )
    .unwrap();
    let gmv: f64 = lines.iter().map(|l| l.value).sum();
    let units: f64 = lines.iter().map(|l| l.quantity).sum();
    let orders: HashSet<&str> = lines.iter().map(|l| l.invoice.as_str()).collect();
    let buyers: HashSet<&str> = lines.iter().filter_map(|l| l.customer.as_deref()).collect();
    let k = &r.sales.current;
    assert!((k.gmv - gmv).abs() < 1e-6 * gmv, "{} vs {gmv}", k.gmv);
    assert_eq!(k.units, units);
    assert_eq!(k.orders, orders.len() as u64);
    assert_eq!(k.buyers, buyers.len() as u64);
    // The data starts in December 2010: a year earlier is not covered, so no YoY.
    assert!(r.sales.year_earlier.is_none());
    assert!(!r.covers(r.period), "the data ends on 9 December 2011");

    // Monthly trend: twelve points; December 2011's year-ago point is in December 2010.
    assert_eq!(r.sales.trend.granularity, Granularity::Month);
    assert_eq!(r.sales.trend.points.len(), 12);
    let mut by_month: HashMap<u32, f64> = HashMap::new();
    for l in &lines {
        *by_month.entry(l.at.month()).or_default() += l.value;
    }
    for p in &r.sales.trend.points {
        let expected = by_month.get(&p.start.month()).copied().unwrap_or(0.0);
        assert!(
            (p.gmv - expected).abs() < 1e-6 * expected.max(1.0),
            "{}",
            p.start
        );
    }
    // The data ends on 9 December 2011: the year is reviewed to date, so December's point is
    // 1–9 December and its year-ago point 1–9 December 2010.
    let december_2010: f64 = plain_valid_lines(bytes)
        .iter()
        .filter(|l| l.at.year() == 2010 && l.at.month() == 12 && l.at.day() <= 9)
        .map(|l| l.value)
        .sum();
    let december = r.sales.trend.points.last().unwrap();
    assert!((december.gmv_year_ago.unwrap() - december_2010).abs() < 1e-6 * december_2010);
    assert!(
        r.sales.trend.points[0].gmv_year_ago.is_none(),
        "January 2010 is not in the data"
    );
    // November 2011 is the peak month of the file.
    let peak = r.sales.trend.peaks.iter().max_by(|a, b| {
        r.sales.trend.points[**a]
            .gmv
            .total_cmp(&r.sales.trend.points[**b].gmv)
    });
    assert_eq!(r.sales.trend.points[*peak.unwrap()].start, day(2011, 11, 1));

    // Weekday × hour: every cell against the plain sums; the UCI shop never sells on Saturday.
    let grid = r.sales.weekday_hour.as_ref().unwrap();
    let mut plain = vec![vec![0.0; 24]; 7];
    for l in &lines {
        plain[l.at.weekday().num_days_from_monday() as usize][l.at.hour() as usize] += l.value;
    }
    for d in 0..7 {
        for h in 0..24 {
            assert!((grid[d][h] - plain[d][h]).abs() < 1e-6 * plain[d][h].max(1.0));
        }
    }
    assert_eq!(
        grid[5].iter().sum::<f64>(),
        0.0,
        "no Saturday trading in the UCI file"
    );
    // The regions: the United Kingdom first, its share from the plain sums.
    let uk: f64 = {
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        reader
            .records()
            .map(|r| r.unwrap())
            .filter(|r| {
                let (q, p): (f64, f64) = (r[3].parse().unwrap(), r[5].parse().unwrap());
                !r[0].starts_with('C')
                    && q > 0.0
                    && p > 0.0
                    && r[4].starts_with("2011")
                    && &r[7] == "United Kingdom"
            })
            .map(|r| r[3].parse::<f64>().unwrap() * r[5].parse::<f64>().unwrap())
            .sum()
    };
    let first = &r.channels.regions[0];
    assert_eq!(first.region, "United Kingdom");
    assert!((first.revenue - uk).abs() < 1e-6 * uk);
    assert!((first.share - uk / gmv).abs() < 1e-9);
    assert!(r.channels.traffic.is_none() && r.channels.marketing.is_none());
}

/// The demo store's planted calendar: Singles' Day (11-11) is the peak day of November.
#[test]
fn the_demo_stores_singles_day_is_the_peak_of_november() {
    let store = demo::generate(demo::DEFAULT_SEED);
    for year in [2024, 2025] {
        let r = demo_month(&store, year, 11);
        assert_eq!(r.sales.trend.granularity, Granularity::Day);
        let points = &r.sales.trend.points;
        let top = r
            .sales
            .trend
            .peaks
            .iter()
            .max_by(|a, b| points[**a].gmv.total_cmp(&points[**b].gmv))
            .unwrap();
        assert_eq!(points[*top].start, day(year, 11, 11), "{year}");
        // And the written conclusions say so, with the computed figures.
        let peak = r
            .summary
            .iter()
            .find(|s| matches!(s, Sentence::Peak { .. }))
            .unwrap();
        let text = sentence_text(peak, Lang::En, "CNY");
        assert!(text.contains("11 Nov"), "{text}");
        assert!(
            text.contains(&format_money(points[*top].gmv, "CNY")),
            "{text}"
        );
    }
}

/// The demo store names its products in both languages: the review carries both, and its
/// Chinese conclusion names the top product by its Chinese name (the store's catalogue is the
/// reference), the English one by its English name.
#[test]
fn the_demo_stores_names_reach_the_review_in_both_languages() {
    let store = demo::generate(demo::DEFAULT_SEED);
    let r = demo_month(&store, 2025, 10);
    let top = &r.products.top_by_revenue[0];
    let catalogue = store
        .dataset
        .products
        .iter()
        .find(|p| p.sku == top.sku)
        .unwrap();
    assert_ne!(catalogue.name.en, catalogue.name.zh);
    assert_eq!(top.name, catalogue.name);
    assert_eq!(top.category, catalogue.category);
    let sentence = r
        .summary
        .iter()
        .find(|s| matches!(s, Sentence::TopProduct { .. }))
        .unwrap();
    let zh = sentence_text(sentence, Lang::Zh, "CNY");
    let en = sentence_text(sentence, Lang::En, "CNY");
    assert!(zh.contains(&catalogue.name.zh), "{zh}");
    assert!(!zh.contains(&catalogue.name.en), "{zh}");
    assert!(en.contains(&catalogue.name.en), "{en}");
}

/// The demo's planted regional shares (src/engine/demo.rs REGIONS: Guangdong 17 %, the
/// largest) and planted channel returns (sms_email plants the highest ROAS, kol_seeding the
/// lowest) show up in a year's review.
#[test]
fn the_demo_stores_planted_regions_and_channel_returns() {
    let store = demo::generate(demo::DEFAULT_SEED);
    let r = report::report(
        &store.dataset,
        &request(PeriodChoice::Year(2025), Comparison::YearEarlier),
    )
    .unwrap();
    let first = &r.channels.regions[0];
    assert_eq!(first.region, "Guangdong");
    assert!((first.share - 0.17).abs() < 0.02, "{}", first.share);
    let m = r.channels.marketing.as_ref().unwrap();
    let best = m
        .channels
        .iter()
        .max_by(|a, b| a.roas.unwrap().total_cmp(&b.roas.unwrap()))
        .unwrap();
    let worst = m
        .channels
        .iter()
        .min_by(|a, b| a.roas.unwrap().total_cmp(&b.roas.unwrap()))
        .unwrap();
    assert_eq!(best.channel, "sms_email");
    assert_eq!(worst.channel, "kol_seeding");
    // ROAS and ROI by their definitions, from the table's own sums.
    let spend: f64 = store
        .dataset
        .marketing
        .iter()
        .filter(|row| row.date.year() == 2025)
        .map(|row| row.spend)
        .sum();
    let revenue: f64 = store
        .dataset
        .marketing
        .iter()
        .filter(|row| row.date.year() == 2025)
        .filter_map(|row| row.attributed_revenue)
        .sum();
    assert!((m.spend - spend).abs() < 1e-6 * spend);
    assert!((m.roas.unwrap() - revenue / spend).abs() < 1e-9);
    assert!(!m.margin_assumed, "the demo's inventory has unit costs");
    assert!((m.roi.unwrap() - (revenue * m.gross_margin - spend) / spend).abs() < 1e-9);
    // Conversion from the traffic table: paid orders / visitors.
    let t = r.channels.traffic.as_ref().unwrap();
    let rows: Vec<&TrafficRow> = store
        .dataset
        .traffic
        .iter()
        .filter(|row| row.date.is_some_and(|d| d.year() == 2025))
        .collect();
    let visitors: u64 = rows.iter().map(|row| row.visitors).sum();
    let orders: u64 = rows.iter().filter_map(|row| row.orders).sum();
    assert_eq!(t.visitors, visitors);
    assert!((t.conversion_rate.unwrap() - orders as f64 / visitors as f64).abs() < 1e-12);
}

/// A tiny shop worked out by hand: two channels, a known margin from unit costs, CAC from new
/// buyers, conversion from the orders table when traffic has no orders.
#[test]
fn channels_on_a_hand_made_shop() {
    let at = |d: u32| day(2024, 3, d).and_hms_opt(12, 0, 0).unwrap();
    let line = |order: &'static str,
                d: u32,
                customer: &'static str,
                sku: &'static str,
                qty: f64,
                price: f64| OrderLine {
        order_id: order,
        placed_at: at(d),
        customer_id: Some(customer),
        sku,
        quantity: qty,
        unit_price: price,
        status: LineStatus::Paid,
        channel: None,
        region: None,
    };
    // March: three buyers, all new; GMV 100 + 50 + 50 = 200; unit cost of A is 6 (price 10),
    // of B unknown: the margin covers A's lines only: (100 − 60) / 100 = 40 %.
    let orders = OrderTable::from_lines(&[
        line("1", 1, "x", "A", 10.0, 10.0),
        line("2", 5, "y", "B", 1.0, 50.0),
        line("3", 9, "z", "B", 1.0, 50.0),
    ]);
    let marketing = vec![
        MarketingRow {
            date: day(2024, 3, 4),
            channel: "search".into(),
            spend: 30.0,
            impressions: None,
            clicks: None,
            attributed_revenue: Some(120.0),
            attributed_orders: None,
        },
        MarketingRow {
            date: day(2024, 3, 4),
            channel: "feed".into(),
            spend: 10.0,
            impressions: None,
            clicks: None,
            attributed_revenue: Some(20.0),
            attributed_orders: None,
        },
    ];
    let traffic = vec![TrafficRow {
        date: Some(day(2024, 3, 2)),
        channel: String::new(),
        device: String::new(),
        sku: String::new(),
        visitors: 300,
        page_views: None,
        product_views: None,
        add_to_cart: None,
        checkout: None,
        orders: None,
        paying_buyers: None,
        units: None,
        revenue: None,
    }];
    let inventory = vec![shoplab::engine::tables::InventoryRow {
        sku: "A".into(),
        name: String::new(),
        category: String::new(),
        on_hand: 5.0,
        unit_cost: Some(6.0),
        price: Some(10.0),
        lead_time_days: None,
        lead_time_sd_days: None,
        order_cost: None,
        holding_cost_rate: None,
        moq: None,
        reorder_point: None,
        order_quantity: None,
        max_stock: None,
    }];
    let dataset = Dataset {
        orders: Arc::new(orders),
        marketing,
        traffic,
        inventory,
        ..Dataset::default()
    };
    let march = PeriodChoice::Month(YearMonth {
        year: 2024,
        month: 3,
    });
    let r = report::report(&dataset, &request(march, Comparison::PreviousPeriod)).unwrap();
    let (margin, covered) = r.channels.gross_margin.unwrap();
    assert!((margin - 0.4).abs() < 1e-12 && (covered - 0.5).abs() < 1e-12);
    let m = r.channels.marketing.as_ref().unwrap();
    assert_eq!(m.spend, 40.0);
    assert!((m.roas.unwrap() - 140.0 / 40.0).abs() < 1e-12);
    assert!((m.roi.unwrap() - (140.0 * 0.4 - 40.0) / 40.0).abs() < 1e-12);
    assert_eq!(m.channels[0].channel, "search");
    assert!((m.channels[0].spend_share - 0.75).abs() < 1e-12);
    assert!((m.channels[0].revenue_share.unwrap() - 120.0 / 140.0).abs() < 1e-12);
    // A margin the user sets replaces the computed one.
    let mut with_margin = request(march, Comparison::PreviousPeriod);
    with_margin.gross_margin = Some(0.5);
    let r2 = report::report(&dataset, &with_margin).unwrap();
    assert!(
        (r2.channels.marketing.as_ref().unwrap().roi.unwrap() - (140.0 * 0.5 - 40.0) / 40.0).abs()
            < 1e-12
    );
    // The orders carry no channel: no CAC by channel, the total CAC uses all 3 new buyers.
    assert!(m.channels.iter().all(|c| c.cac.is_none()));
    assert!((m.cac.unwrap() - 40.0 / 3.0).abs() < 1e-12);
    // Traffic without orders: conversion uses the orders table's 3 orders.
    let t = r.channels.traffic.as_ref().unwrap();
    assert!(t.orders_from_order_lines);
    assert!((t.conversion_rate.unwrap() - 3.0 / 300.0).abs() < 1e-12);
    // February (the period before) is compared only when a table reaches back to its first
    // day: spend from 20 February and visitors from 15 February are only part of it.
    let february = |d: u32, spend: f64, visitors: u64| {
        let mut data = dataset.clone();
        data.marketing.push(MarketingRow {
            date: day(2024, 2, d),
            spend,
            ..data.marketing[0].clone()
        });
        data.traffic.push(TrafficRow {
            date: Some(day(2024, 2, d)),
            visitors,
            ..data.traffic[0].clone()
        });
        report::report(&data, &request(march, Comparison::PreviousPeriod)).unwrap()
    };
    let part = february(20, 15.0, 100);
    let search = |r: &report::Report| r.channels.marketing.as_ref().unwrap().channels[0].clone();
    assert_eq!(search(&part).spend_growth, None);
    assert_eq!(
        part.channels.traffic.as_ref().unwrap().visitors_comparison,
        None
    );
    // A weekly table whose first row is the first Monday of February (the 5th) covers it: its
    // rows stand for weeks. Four weeks of 10 in February and four in March: no change.
    let mut weekly = dataset.clone();
    weekly.marketing = (0..8)
        .map(|w| MarketingRow {
            date: day(2024, 2, 5) + chrono::Duration::days(7 * w),
            spend: 10.0,
            ..dataset.marketing[0].clone()
        })
        .collect();
    let r_weekly = report::report(&weekly, &request(march, Comparison::PreviousPeriod)).unwrap();
    assert_eq!(search(&r_weekly).spend_growth, Some(0.0));
    let whole = february(1, 15.0, 100);
    assert!((search(&whole).spend_growth.unwrap() - (30.0 / 15.0 - 1.0)).abs() < 1e-12);
    assert_eq!(
        whole.channels.traffic.as_ref().unwrap().visitors_comparison,
        Some(100)
    );
    // The KPIs are the kpi module's, for the same period.
    assert_eq!(
        r.sales.current,
        kpi::kpis(
            &dataset.orders,
            Period {
                from: day(2024, 3, 1),
                to: day(2024, 3, 31)
            }
        )
    );
}

/// CAC by channel: a buyer's first order names the channel (written differently than in the
/// marketing table); a returning buyer's order does not count.
#[test]
fn cac_by_channel_from_the_first_orders_channel() {
    let at = |m: u32, d: u32| day(2024, m, d).and_hms_opt(9, 0, 0).unwrap();
    let line = |order: &'static str, t, customer: &'static str, channel: &'static str| OrderLine {
        order_id: order,
        placed_at: t,
        customer_id: Some(customer),
        sku: "A",
        quantity: 1.0,
        unit_price: 10.0,
        status: LineStatus::Paid,
        channel: Some(channel),
        region: None,
    };
    // x: first order in February (not new in March); y, z: new via Search Ads; w: new via feed.
    let orders = OrderTable::from_lines(&[
        line("1", at(2, 10), "x", "Search Ads"),
        line("2", at(3, 2), "x", "search ads"),
        line("3", at(3, 3), "y", "Search Ads"),
        line("4", at(3, 4), "z", "SEARCH-ADS"),
        line("5", at(3, 5), "w", "feed"),
        line("6", at(3, 6), "y", "feed"),
    ]);
    let row = |channel: &str, spend: f64| MarketingRow {
        date: day(2024, 3, 4),
        channel: channel.into(),
        spend,
        impressions: None,
        clicks: None,
        attributed_revenue: None,
        attributed_orders: None,
    };
    let dataset = Dataset {
        orders: Arc::new(orders),
        marketing: vec![row("search_ads", 50.0), row("Feed", 30.0), row("tv", 20.0)],
        ..Dataset::default()
    };
    let march = PeriodChoice::Month(YearMonth {
        year: 2024,
        month: 3,
    });
    let r = report::report(&dataset, &request(march, Comparison::PreviousPeriod)).unwrap();
    let m = r.channels.marketing.as_ref().unwrap();
    let by = |name: &str| m.channels.iter().find(|c| c.channel == name).unwrap();
    assert_eq!(
        (by("search_ads").new_buyers, by("search_ads").cac),
        (Some(2), Some(25.0))
    );
    assert_eq!(
        (by("Feed").new_buyers, by("Feed").cac),
        (Some(1), Some(30.0))
    );
    assert_eq!((by("tv").new_buyers, by("tv").cac), (None, None));
    assert_eq!(m.new_buyers, 3);
    assert!((m.cac.unwrap() - 100.0 / 3.0).abs() < 1e-12);
}

/// The written conclusions state computed numbers only: each number in a sentence is one of
/// the report's, formatted.
#[test]
fn conclusions_state_the_reports_numbers() {
    let store = demo::generate(demo::DEFAULT_SEED);
    let r: Report = report::report(
        &store.dataset,
        &request(
            PeriodChoice::Month(YearMonth {
                year: 2025,
                month: 11,
            }),
            Comparison::YearEarlier,
        ),
    )
    .unwrap();
    assert!(
        r.summary.len() >= 5 && r.summary.len() <= 8,
        "{}",
        r.summary.len()
    );
    for s in &r.summary {
        for lang in [Lang::En, Lang::Zh] {
            let text = sentence_text(s, lang, "CNY");
            assert!(!text.is_empty());
            match s {
                Sentence::Gmv { gmv, change, .. } => {
                    assert_eq!(*gmv, r.sales.current.gmv);
                    assert!(
                        text.contains(&format_money(r.sales.current.gmv, "CNY")),
                        "{text}"
                    );
                    let before = r.sales.year_earlier.as_ref().unwrap().gmv;
                    let expected = (r.sales.current.gmv - before) / before;
                    assert!((change.unwrap() - expected).abs() < 1e-12);
                    assert!(text.contains(&format_percent(expected.abs())), "{text}");
                }
                Sentence::Returns { return_rate, .. } => {
                    assert_eq!(Some(*return_rate), r.sales.current.return_rate);
                    assert!(text.contains(&format_percent(*return_rate)), "{text}");
                }
                Sentence::Conversion { rate, .. } => {
                    assert_eq!(
                        Some(*rate),
                        r.channels.traffic.as_ref().unwrap().conversion_rate
                    );
                    assert!(text.contains(&format_percent(*rate)), "{text}");
                }
                _ => {}
            }
        }
    }
    assert_eq!(r.summary[0].figure(), "report-gmv");
}

/// Recomputing a whole review of the UCI year: printed for the record (the benchmark measures
/// it properly, in release and in the browser).
#[test]
fn a_review_recomputes() {
    let (_, dataset) = online_retail();
    let t = std::time::Instant::now();
    let r = report::report(
        dataset,
        &request(PeriodChoice::Year(2011), Comparison::PreviousPeriod),
    );
    assert!(r.is_some());
    eprintln!("review of the UCI year (debug build): {:?}", t.elapsed());
}

/// The user's orders beside the demo store's traffic and marketing (the demo loaded, one
/// orders file imported, dates inside the demo's): the review leaves the demo's tables out
/// and says so, instead of setting another shop's visitors and spend against the user's
/// orders (a conversion rate and CAC of two shops). With the demo's own orders, the same
/// month has both.
#[test]
fn the_demo_stores_traffic_and_spend_stay_out_of_a_review_of_imported_orders() {
    use shoplab::engine::workspace::{Request, Response, Workspace};
    let mut ws = Workspace::default();
    ws.handle(Request::LoadDemo {
        seed: demo::DEFAULT_SEED,
    });
    let march = request(
        PeriodChoice::Month(YearMonth {
            year: 2025,
            month: 3,
        }),
        Comparison::PreviousPeriod,
    );
    let demo_review = report::report(ws.dataset(), &march).unwrap();
    assert!(demo_review.channels.traffic.is_some());
    assert!(demo_review.channels.marketing.is_some());
    assert!(!demo_review.channels.demo_left_out.any());

    let orders = "Order ID,Order Date,Quantity,Unit Price,Customer ID\n\
        A1,2025-03-03,2,50,c1\nA2,2025-03-10,1,80,c2\nA3,2025-02-12,1,40,c1\n";
    let answer = ws.handle(Request::Import {
        id: 1,
        file_name: "my-orders.csv".to_owned(),
        bytes: orders.as_bytes().to_vec(),
        options: ImportOptions::default(),
    });
    assert!(matches!(answer, Response::Imported { .. }), "{answer:?}");
    let mine = report::report(ws.dataset(), &march).unwrap();
    assert_eq!(mine.channels.traffic, None);
    assert_eq!(mine.channels.marketing, None);
    assert!(mine.channels.demo_left_out.traffic && mine.channels.demo_left_out.marketing);
    // The demo's unit costs are for its SKUs: no margin computed for the user's.
    assert_eq!(mine.channels.gross_margin, None);
}

/// A change that reads 0.0 % at one decimal is said as none: "Orders held steady" / "订单数持平",
/// not "Orders rose 0.0%"; a real change keeps its direction and size.
#[test]
fn an_unchanged_figure_reads_as_unchanged() {
    let drivers = Sentence::Drivers {
        orders_change: 0.0,
        aov_change: -0.031,
    };
    let en = sentence_text(&drivers, Lang::En, "CNY");
    let zh = sentence_text(&drivers, Lang::Zh, "CNY");
    assert!(
        en.starts_with("Orders held steady and average order value fell 3.1%"),
        "{en}"
    );
    assert!(zh.starts_with("订单数持平，平均订单价值下降3.1%"), "{zh}");
    let gmv = Sentence::Gmv {
        gmv: 1_000.0,
        change: Some(0.0002),
        comparison: Comparison::PreviousPeriod,
    };
    assert_eq!(
        sentence_text(&gmv, Lang::En, "CNY"),
        "GMV was ¥1,000.00, level with the period before."
    );
    assert_eq!(
        sentence_text(&gmv, Lang::Zh, "CNY"),
        "成交额为¥1,000.00，较上期持平。"
    );
}

/// A quarter the data ends inside (the demo store's data ends on 30 November, inside the
/// fourth quarter) is compared to date: with the first 61 days of the quarter before and with
/// 1 October – 30 November a year earlier, not with whole quarters. Against the whole fourth
/// quarter of the year before (with its December) the demo's planted growth (+25 % a year)
/// read as a fall of about a fifth.
#[test]
fn a_quarter_under_way_is_compared_with_the_same_days() {
    let store = demo::generate(demo::DEFAULT_SEED);
    let (_, end) = store.dataset.date_range().unwrap();
    assert_eq!(
        (end.month(), end.day()),
        (11, 30),
        "the demo's data ends on 30 November"
    );
    let year = end.year();
    let r = report::report(
        &store.dataset,
        &request(
            PeriodChoice::Quarter { year, quarter: 4 },
            Comparison::YearEarlier,
        ),
    )
    .unwrap();
    assert_eq!(
        r.year_earlier,
        Period {
            from: day(year - 1, 10, 1),
            to: day(year - 1, 11, 30)
        }
    );
    // 1 October + 60 days is 30 November; 1 July + 60 days is 30 August.
    assert_eq!(
        r.previous,
        Period {
            from: day(year, 7, 1),
            to: day(year, 8, 30)
        }
    );
    // The year-earlier GMV is that of those days, summed here over the valid lines.
    let orders = &store.dataset.orders;
    let gmv_ago: f64 = orders
        .iter()
        .filter(|l| r.year_earlier.contains(l.placed_at.date()) && l.is_valid())
        .map(|l| l.value())
        .sum();
    let ago = r
        .sales
        .year_earlier
        .as_ref()
        .expect("a year earlier is in the data");
    assert!(
        (ago.gmv - gmv_ago).abs() < 1e-6 * gmv_ago,
        "{} vs {gmv_ago}",
        ago.gmv
    );
    // The planted growth shows as growth.
    let change = r.sales.current.gmv / ago.gmv - 1.0;
    let planted = store.params.season.yearly_growth;
    assert!(
        change > planted / 2.0,
        "year on year {change:+.3} with {planted} planted"
    );
    // A month the data covers to its end keeps whole comparisons.
    let october = report::report(
        &store.dataset,
        &request(
            PeriodChoice::Month(YearMonth { year, month: 10 }),
            Comparison::PreviousPeriod,
        ),
    )
    .unwrap();
    assert_eq!(october.previous, YearMonth { year, month: 9 }.period());
}

/// To date across a leap year and for a custom range: the year 2025 reviewed with data ending
/// on 11 November is compared with 1 January – 11 November 2024 (the same calendar days, so
/// 2024's 11-11 is in; counting 314 days from 1 January 2024, a leap year, would stop on the
/// 10th); a custom November with data ending on the 15th is compared with the 15 days before
/// 1 November.
#[test]
fn to_date_comparisons_keep_calendar_days_and_custom_ranges() {
    let at = |y: i32, m: u32, d: u32| day(y, m, d).and_hms_opt(12, 0, 0).unwrap();
    let line = |order: &'static str, t: NaiveDateTime, price: f64| OrderLine {
        order_id: order,
        placed_at: t,
        customer_id: Some("c"),
        sku: "A",
        quantity: 1.0,
        unit_price: price,
        status: LineStatus::Paid,
        channel: None,
        region: None,
    };
    let orders = OrderTable::from_lines(&[
        // The data starts before 2024, so a year earlier is covered.
        line("0", at(2023, 12, 31), 1.0),
        line("1", at(2024, 1, 5), 10.0),
        line("2", at(2024, 11, 11), 500.0),
        line("3", at(2025, 1, 5), 10.0),
        line("4", at(2025, 11, 11), 600.0),
    ]);
    let dataset = Dataset {
        orders: Arc::new(orders),
        ..Dataset::default()
    };
    let r = report::report(
        &dataset,
        &request(PeriodChoice::Year(2025), Comparison::YearEarlier),
    )
    .unwrap();
    assert_eq!(
        r.year_earlier,
        Period {
            from: day(2024, 1, 1),
            to: day(2024, 11, 11)
        }
    );
    // 2024's 11-11 line (500) is in the comparison: GMV 610 against 510.
    let ago = r.sales.year_earlier.as_ref().expect("2024 is in the data");
    assert!((ago.gmv - 510.0).abs() < 1e-9, "{}", ago.gmv);
    assert!((r.sales.current.gmv - 610.0).abs() < 1e-9);

    let custom = report::report(
        &dataset,
        &request(
            PeriodChoice::Custom(Period {
                from: day(2025, 11, 1),
                to: day(2025, 11, 30),
            }),
            Comparison::PreviousPeriod,
        ),
    )
    .unwrap();
    // Reviewed 1–11 November (the data ends on the 11th): the 11 days before.
    assert_eq!(
        custom.previous,
        Period {
            from: day(2025, 10, 21),
            to: day(2025, 10, 31)
        }
    );
}
