//! The demo store: deterministic, the sizes issue #2 asks for, and coherent with the parameters
//! it plants. Every reference below is recomputed here from the data or from the planted
//! parameters with the formulas written out, not by calling the generator's own helpers.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate, Weekday};
use shoplab::engine::demo::{self, DemoStore};
use shoplab::engine::export::fingerprint;
use shoplab::engine::tables::LineStatus;

fn store() -> &'static DemoStore {
    static STORE: std::sync::OnceLock<DemoStore> = std::sync::OnceLock::new();
    STORE.get_or_init(|| demo::generate(demo::DEFAULT_SEED))
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn same_seed_same_bytes_other_seed_other_data() {
    let a = fingerprint(&store().dataset).unwrap();
    assert_eq!(
        a,
        fingerprint(&demo::generate(demo::DEFAULT_SEED).dataset).unwrap()
    );
    assert_ne!(a, fingerprint(&demo::generate(7).dataset).unwrap());
}

#[test]
fn sizes_follow_the_issue() {
    let d = &store().dataset;
    assert!(
        (45_000..=56_000).contains(&d.orders.len()),
        "order lines {}",
        d.orders.len()
    );
    let customers: BTreeSet<_> = d.orders.lines().filter_map(|l| l.customer_id).collect();
    assert!(
        (2_800..=3_000).contains(&customers.len()),
        "customers {}",
        customers.len()
    );
    assert_eq!(d.products.len(), 120);
    let categories: BTreeSet<_> = d.products.iter().map(|p| &p.category.en).collect();
    assert_eq!(categories.len(), 8);
    for p in &d.products {
        assert!(
            !p.name.en.is_empty() && has_cjk(&p.name.zh) && has_cjk(&p.category.zh),
            "{p:?}"
        );
    }
    let (first, last) = d.date_range().unwrap();
    assert!(
        (last - first).num_days() >= 2 * 365,
        "two years: {first}..{last}"
    );
    assert_eq!(d.inventory.len(), 120);
    let channels: BTreeSet<_> = d.marketing.iter().map(|m| &m.channel).collect();
    assert!(channels.len() >= 5);
}

#[test]
fn customers_repeat_realistically() {
    let mut orders_per_customer: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for l in store().dataset.orders.lines() {
        if let Some(c) = l.customer_id {
            orders_per_customer.entry(c).or_default().insert(l.order_id);
        }
    }
    let counts: Vec<usize> = orders_per_customer.values().map(|o| o.len()).collect();
    let one_timers = counts.iter().filter(|c| **c == 1).count() as f64 / counts.len() as f64;
    let heavy = counts.iter().filter(|c| **c >= 20).count() as f64 / counts.len() as f64;
    // A mix of one-time buyers and a loyal heavy tail, not everyone alike.
    assert!(
        (0.05..0.4).contains(&one_timers),
        "one-time buyers {one_timers}"
    );
    assert!((0.02..0.3).contains(&heavy), "heavy buyers {heavy}");
}

#[test]
fn every_sku_changes_price_over_time() {
    let mut prices: HashMap<&str, BTreeSet<u64>> = HashMap::new();
    for l in store().dataset.orders.lines() {
        prices
            .entry(l.sku)
            .or_default()
            .insert(l.unit_price.to_bits());
    }
    assert_eq!(prices.len(), 120);
    for (sku, p) in prices {
        assert!(p.len() >= 3, "{sku} has {} distinct prices", p.len());
    }
}

fn daily_gmv() -> BTreeMap<NaiveDate, f64> {
    let mut gmv = BTreeMap::new();
    for l in store()
        .dataset
        .orders
        .lines()
        .filter(|l| l.status != LineStatus::Cancelled)
    {
        *gmv.entry(l.placed_at.date()).or_insert(0.0) += l.quantity * l.unit_price;
    }
    gmv
}

#[test]
fn seasonality_peaks_on_singles_day_and_black_friday() {
    let gmv = daily_gmv();
    let mut values: Vec<f64> = gmv.values().copied().collect();
    values.sort_by(f64::total_cmp);
    let median = values[values.len() / 2];
    for year in [2024, 2025] {
        let singles = gmv[&NaiveDate::from_ymd_opt(year, 11, 11).unwrap()];
        assert!(
            singles > 3.0 * median,
            "{year}-11-11: {singles} vs median {median}"
        );
        // Black Friday: the day after Thanksgiving, the fourth Thursday of November.
        let thanksgiving = NaiveDate::from_weekday_of_month_opt(year, 11, Weekday::Thu, 4).unwrap();
        let bf = thanksgiving.succ_opt().unwrap();
        assert!(gmv[&bf] > 1.5 * median, "{bf}: {} vs {median}", gmv[&bf]);
    }
    // Weekly cycle: Saturdays sell more than Tuesdays (planted 1.10 vs 0.92).
    let mean_on = |wd: Weekday| {
        let v: Vec<f64> = gmv
            .iter()
            .filter(|(d, _)| d.weekday() == wd && d.month() != 11)
            .map(|(_, g)| *g)
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let ratio = mean_on(Weekday::Sat) / mean_on(Weekday::Tue);
    assert!((1.08..1.35).contains(&ratio), "Saturday/Tuesday {ratio}");
    // Yearly growth (planted +25%): the second year sells more than the first.
    let year = |y: i32| {
        gmv.iter()
            .filter(|(d, _)| {
                let start = NaiveDate::from_ymd_opt(y, 12, 1).unwrap();
                **d >= start && **d < start.with_year(y + 1).unwrap()
            })
            .map(|(_, g)| g)
            .sum::<f64>()
    };
    let growth = year(2024) / year(2023) - 1.0;
    assert!(
        (0.12..0.4).contains(&growth),
        "year-on-year growth {growth}"
    );
}

#[test]
fn traffic_agrees_with_the_orders_and_the_planted_funnel() {
    let d = &store().dataset;
    let mut paid_orders: BTreeMap<NaiveDate, BTreeSet<&str>> = BTreeMap::new();
    let mut paid_revenue: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    for l in d
        .orders
        .lines()
        .filter(|l| l.status != LineStatus::Cancelled)
    {
        paid_orders
            .entry(l.placed_at.date())
            .or_default()
            .insert(l.order_id);
        *paid_revenue.entry(l.placed_at.date()).or_insert(0.0) += l.quantity * l.unit_price;
    }
    let mut traffic_orders: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    let mut traffic_revenue: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    for t in &d.traffic {
        // The demo has every step of the funnel, every day.
        let (Some(date), Some(views), Some(cart), Some(checkout), Some(paid), Some(revenue)) = (
            t.date,
            t.product_views,
            t.add_to_cart,
            t.checkout,
            t.orders,
            t.revenue,
        ) else {
            panic!("incomplete traffic row {t:?}")
        };
        assert!(t.visitors >= views && views >= cart);
        assert!(cart >= checkout && checkout >= paid, "{t:?}");
        *traffic_orders.entry(date).or_insert(0) += paid;
        *traffic_revenue.entry(date).or_insert(0.0) += revenue;
    }
    for (day, ids) in &paid_orders {
        assert_eq!(traffic_orders[day], ids.len() as u64, "{day}");
        assert!(
            (traffic_revenue[day] - paid_revenue[day]).abs() < 0.01 * 15.0,
            "{day}"
        );
    }
    // Overall conversion equals the planted Σ share × Π step rates, within sampling noise.
    let planted: f64 = store()
        .params
        .funnel
        .iter()
        .map(|f| f.visitor_share * f.step_rates.iter().product::<f64>())
        .sum::<f64>()
        / store()
            .params
            .funnel
            .iter()
            .map(|f| f.visitor_share)
            .sum::<f64>();
    let visitors: u64 = d.traffic.iter().map(|t| t.visitors).sum();
    let orders: u64 = d.traffic.iter().filter_map(|t| t.orders).sum();
    let observed = orders as f64 / visitors as f64;
    assert!(
        (observed / planted - 1.0).abs() < 0.1,
        "conversion {observed} vs planted {planted}"
    );
    // And a single step: view → cart of one cell, against its planted rate.
    let cell = &store().params.funnel[0];
    let (views, carts) = d
        .traffic
        .iter()
        .filter(|t| t.channel == cell.channel && t.device == cell.device)
        .fold((0u64, 0u64), |(v, c), t| {
            (
                v + t.product_views.unwrap_or(0),
                c + t.add_to_cart.unwrap_or(0),
            )
        });
    let rate = carts as f64 / views as f64;
    assert!(
        (rate / cell.step_rates[1] - 1.0).abs() < 0.08,
        "view→cart {rate} vs {}",
        cell.step_rates[1]
    );
}

#[test]
fn marketing_follows_the_planted_hill_adstock_curves() {
    let d = &store().dataset;
    for c in &store().params.channels {
        let rows: Vec<_> = d
            .marketing
            .iter()
            .filter(|m| m.channel == c.channel)
            .collect();
        assert!(rows.len() >= 104, "{}: {} weeks", c.channel, rows.len());
        // Geometric adstock x_t = s_t + θ·x_{t−1}, then Hill β·x^α/(x^α+κ^α) (domain.md).
        let mut x = 0.0;
        let mut ratios = Vec::new();
        for (week, row) in rows.iter().enumerate() {
            x = row.spend + c.theta * x;
            let expected = c.beta * x.powf(c.alpha) / (x.powf(c.alpha) + c.kappa.powf(c.alpha));
            if week >= 12 && expected > 1.0 {
                ratios.push(row.attributed_revenue.unwrap_or(0.0) / expected);
            }
        }
        ratios.sort_by(f64::total_cmp);
        let median = ratios[ratios.len() / 2];
        assert!(
            (median - 1.0).abs() < 0.05,
            "{}: attributed/curve median {median}",
            c.channel
        );
        // Spend varies enough to fit a curve: the 90th percentile is at least twice the 10th.
        let mut spend: Vec<f64> = rows.iter().map(|r| r.spend).filter(|s| *s > 0.0).collect();
        spend.sort_by(f64::total_cmp);
        assert!(
            spend[spend.len() * 9 / 10] > 2.0 * spend[spend.len() / 10],
            "{}",
            c.channel
        );
    }
}

/// Elasticity can be estimated from the orders: a within-SKU log-log regression of each SKU's
/// weekly share of units on its price, over weeks without event discounts, recovers the planted
/// mean elasticity.
#[test]
fn planted_elasticity_is_recoverable_from_the_orders() {
    let d = &store().dataset;
    let params = &store().params;
    let week_of = |day: NaiveDate| (day - params.season.first_day).num_days() / 7;
    let mut units: HashMap<(&str, i64), (f64, f64)> = HashMap::new(); // (units, revenue)
    let mut total: HashMap<i64, f64> = HashMap::new();
    let mut event_weeks = BTreeSet::new();
    for l in d
        .orders
        .lines()
        .filter(|l| l.status != LineStatus::Cancelled)
    {
        let w = week_of(l.placed_at.date());
        let (m, day) = (l.placed_at.month(), l.placed_at.day());
        if m == 11 || (m == 6 && (14..=19).contains(&day)) {
            event_weeks.insert(w);
        }
        let e = units.entry((l.sku, w)).or_insert((0.0, 0.0));
        e.0 += l.quantity;
        e.1 += l.quantity * l.unit_price;
        *total.entry(w).or_insert(0.0) += l.quantity;
    }
    // The 40 best sellers have enough weekly volume for logs to be meaningful.
    let mut by_popularity: Vec<_> = params.skus.iter().collect();
    by_popularity.sort_by(|a, b| b.popularity.total_cmp(&a.popularity));
    let (mut sxy, mut sxx, mut planted) = (0.0, 0.0, Vec::new());
    for sku in by_popularity.iter().take(40) {
        let points: Vec<(f64, f64)> = units
            .iter()
            .filter(|((s, w), _)| *s == sku.sku && !event_weeks.contains(w))
            .map(|((_, w), (u, r))| ((r / u).ln(), (u / total[w]).ln()))
            .collect();
        let n = points.len() as f64;
        let (mx, my) = points
            .iter()
            .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
        let (xy, xx) = points.iter().fold((0.0, 0.0), |(a, b), (x, y)| {
            (a + (x - mx) * (y - my), b + (x - mx).powi(2))
        });
        sxy += xy;
        sxx += xx;
        planted.push((sku.elasticity, xx));
    }
    let estimate = sxy / sxx;
    // The pooled slope weights each SKU by its price variation.
    let weighted: f64 = planted.iter().map(|(e, w)| e * w).sum::<f64>()
        / planted.iter().map(|(_, w)| w).sum::<f64>();
    eprintln!("elasticity: estimated {estimate:.3}, planted {weighted:.3}");
    assert!(
        (estimate - weighted).abs() < 0.35,
        "estimated {estimate} vs planted {weighted}"
    );
}

#[test]
fn inventory_sheet_is_complete_and_consistent() {
    let d = &store().dataset;
    for row in &d.inventory {
        let (Some(cost), Some(price), Some(lead), Some(spread), Some(moq)) = (
            row.unit_cost,
            row.price,
            row.lead_time_days,
            row.lead_time_sd_days,
            row.moq,
        ) else {
            panic!("incomplete inventory row {row:?}")
        };
        assert!(cost > 0.0 && cost < price, "{row:?}");
        assert!(lead > 0.0 && spread > 0.0 && moq > 0.0);
        assert!(row.on_hand >= 0.0);
        assert!(d
            .products
            .iter()
            .any(|p| p.sku == row.sku && p.name.en == row.name));
    }
    assert!(d.inventory.iter().any(|r| r.on_hand > 0.0));
}

/// Every SKU carries the shop's current policy, a rule of thumb over the last eight weeks of
/// demand (all order lines, whatever their status): reorder at round(daily × (lead time + 7))
/// but at least 1,
/// order max(MOQ, round(daily × 30)); no maximum stock.
#[test]
fn inventory_sheet_carries_the_current_policy() {
    let store = store();
    let d = &store.dataset;
    let from = store.params.season.last_day - chrono::Duration::days(55);
    let mut recent: HashMap<&str, f64> = HashMap::new();
    for l in d.orders.lines().filter(|l| l.placed_at.date() >= from) {
        *recent.entry(l.sku).or_default() += l.quantity;
    }
    for row in &d.inventory {
        let (Some(reorder_point), Some(order_quantity), Some(moq), Some(lead)) = (
            row.reorder_point,
            row.order_quantity,
            row.moq,
            row.lead_time_days,
        ) else {
            panic!("no current policy in {row:?}")
        };
        assert!(reorder_point > 0.0 && order_quantity > 0.0, "{row:?}");
        assert!(order_quantity >= moq, "{row:?}");
        assert_eq!(row.max_stock, None);
        let daily = recent.get(row.sku.as_str()).copied().unwrap_or(0.0) / 56.0;
        assert_eq!(
            reorder_point,
            (daily * (lead + 7.0)).round().max(1.0),
            "{row:?}"
        );
        assert_eq!(order_quantity, moq.max((daily * 30.0).round()), "{row:?}");
    }
}
