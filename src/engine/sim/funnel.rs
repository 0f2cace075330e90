//! The conversion funnel (转化漏斗) from the traffic table: visitors → product views → add to
//! cart → checkout → paid orders, in total, by day, by channel, by device and by month; the
//! bottleneck ranking and the what-if (`../shared/docs/domain.md`, "Funnel and A/B tests").
//!
//! Definitions (one per metric, as in the domain brief):
//! - step rate of step i: count_i / count_{i−1} (the share of the previous step's visitors who
//!   reach it); overall rate of step i: count_i / visitors; drop-off: count_{i−1} − count_i;
//! - the funnel's revenue is the paid orders × AOV, AOV = the traffic table's revenue / its paid
//!   orders (the orders table's, over the same days, when the traffic table has no revenue), so
//!   revenue = visitors × Π step rates × AOV and a step's rate enters revenue multiplicatively.
//!
//! Because of that product, raising any step's rate by the same *relative* amount raises revenue
//! by the same amount: a ranking by "+10 % on the rate" would tie every step. The ranking here
//! uses two comparable levers instead: winning back 10 % of the visitors each step loses
//! (r → r + 0.1·(1 − r)), which favours the leakiest step, and reaching the best rate the shop
//! itself shows for that step in one of its channels or months (proof it can be done). The
//! bottleneck is the step with the largest revenue gain at its own best rate — the step whose
//! rate is furthest below what the shop already achieves somewhere (GA4's funnel exploration
//! shows the same breakdowns; the benchmark rule is this product's).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::engine::tables::{Dataset, TrafficRow};

/// Steps of the funnel, in order.
pub const STEPS: usize = 5;

/// The funnel's steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Visitors (访客).
    Visitors,
    /// Visitors who viewed a product (商品浏览).
    ProductViews,
    /// Visitors who added to cart (加购).
    AddToCart,
    /// Visitors who reached checkout (下单).
    Checkout,
    /// Paid orders (支付).
    Paid,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; STEPS] = [
        Step::Visitors,
        Step::ProductViews,
        Step::AddToCart,
        Step::Checkout,
        Step::Paid,
    ];
}

/// Counts of the five steps (0 for a step the data does not have).
pub type Counts = [u64; STEPS];

/// One group of a breakdown (a channel, a device, a month, a day).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The group's name (channel, device, `2024-03`, or the day's date).
    pub key: String,
    /// Its step counts.
    pub counts: Counts,
    /// Its revenue (0 without a revenue column).
    pub revenue: f64,
    /// Days with data in it.
    pub days: u32,
}

impl Group {
    /// The rate of step `i` (≥ 1) from step i − 1; `None` when step i − 1 has nobody.
    pub fn step_rate(&self, i: usize) -> Option<f64> {
        step_rate(&self.counts, i)
    }
}

/// The rate of step `i` (≥ 1) of `counts`; `None` when the step before has nobody.
pub fn step_rate(counts: &Counts, i: usize) -> Option<f64> {
    let (Some(&before), Some(&now)) = (counts.get(i.wrapping_sub(1)), counts.get(i)) else {
        return None;
    };
    (before > 0).then(|| now as f64 / before as f64)
}

/// The funnel of a traffic table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunnelModel {
    /// Which steps the table has (visitors always; a step is kept when every row with visitors
    /// gives it, so rates are not diluted by rows without it).
    pub present: [bool; STEPS],
    /// The whole table's counts.
    pub total: Group,
    /// Average order value: revenue / paid orders (0 without either).
    pub aov: f64,
    /// Where the revenue comes from.
    pub revenue_source: RevenueSource,
    /// First and last day with traffic.
    pub range: Option<(NaiveDate, NaiveDate)>,
    /// Per day, oldest first.
    pub by_day: Vec<Group>,
    /// Per channel, most visitors first (empty when the table is not split by channel).
    pub by_channel: Vec<Group>,
    /// Per device, most visitors first (empty when not split by device).
    pub by_device: Vec<Group>,
    /// Per calendar month, oldest first.
    pub by_month: Vec<Group>,
    /// Per Monday-based week (its Monday), oldest first: the trend chart's counts, summed
    /// where the model is built (the import worker) so the page only divides.
    pub by_week: Vec<(NaiveDate, Counts)>,
    /// Rows where a step counts more than the step before (e.g. more paid orders than checkouts,
    /// which happens when an export counts orders and visitors differently); they are kept, and
    /// the page says how many there are and the first one.
    pub inconsistent_rows: u64,
    /// The first such row: its date (if any), channel and device, and the step.
    pub first_inconsistent: Option<(Option<NaiveDate>, String, String, Step)>,
    /// Rows without a date (an Amazon by-ASIN report): in the totals, not in the days.
    pub undated_rows: u64,
}

/// Where the funnel's revenue comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RevenueSource {
    /// The traffic table's revenue column.
    Traffic,
    /// The orders table's valid lines over the traffic's days.
    Orders,
    /// Neither: the user types the AOV.
    None,
}

fn paid(row: &TrafficRow) -> Option<u64> {
    row.orders.or(row.paying_buyers)
}

fn counts_of(row: &TrafficRow) -> [Option<u64>; STEPS] {
    [
        Some(row.visitors),
        row.product_views,
        row.add_to_cart,
        row.checkout,
        paid(row),
    ]
}

/// The funnel of `dataset`'s traffic table (the shop-level rows: per-product rows are left to
/// the products report); `None` without traffic.
pub fn model(dataset: &Dataset) -> Option<FunnelModel> {
    let rows: Vec<&TrafficRow> = dataset
        .traffic
        .iter()
        .filter(|r| r.sku.is_empty())
        .collect();
    let rows = if rows.is_empty() {
        // A per-product report only: its rows are the shop's traffic split by product.
        dataset.traffic.iter().collect()
    } else {
        rows
    };
    if rows.iter().all(|r| r.visitors == 0) {
        return None;
    }
    let mut present = [true; STEPS];
    for r in rows.iter().filter(|r| r.visitors > 0) {
        for (p, c) in present.iter_mut().zip(counts_of(r)) {
            *p &= c.is_some();
        }
    }
    let has_revenue = rows.iter().any(|r| r.revenue.is_some());

    let mut total = Group {
        key: String::new(),
        counts: [0; STEPS],
        revenue: 0.0,
        days: 0,
    };
    let mut days: BTreeMap<NaiveDate, Group> = BTreeMap::new();
    let mut channels: BTreeMap<&str, Group> = BTreeMap::new();
    let mut devices: BTreeMap<&str, Group> = BTreeMap::new();
    let mut months: BTreeMap<(i32, u32), Group> = BTreeMap::new();
    let mut inconsistent_rows = 0;
    let mut first_inconsistent = None;
    let mut undated_rows = 0;
    let blank = |key: String| Group {
        key,
        counts: [0; STEPS],
        revenue: 0.0,
        days: 0,
    };
    let add = |g: &mut Group, c: &Counts, revenue: f64| {
        for (a, b) in g.counts.iter_mut().zip(c) {
            *a = a.saturating_add(*b);
        }
        g.revenue += revenue;
    };
    for r in &rows {
        let raw = counts_of(r);
        let mut c = [0u64; STEPS];
        for (i, v) in raw.iter().enumerate() {
            if present[i] {
                c[i] = v.unwrap_or(0);
            }
        }
        // A step above the one before it (among the steps kept).
        let kept: Vec<usize> = (0..STEPS).filter(|&i| present[i]).collect();
        if let Some(w) = kept.windows(2).find(|w| c[w[1]] > c[w[0]]) {
            inconsistent_rows += 1;
            if first_inconsistent.is_none() {
                first_inconsistent =
                    Some((r.date, r.channel.clone(), r.device.clone(), Step::ALL[w[1]]));
            }
        }
        let revenue = r.revenue.filter(|v| v.is_finite()).unwrap_or(0.0);
        add(&mut total, &c, revenue);
        add(
            channels
                .entry(r.channel.as_str())
                .or_insert_with(|| blank(r.channel.clone())),
            &c,
            revenue,
        );
        add(
            devices
                .entry(r.device.as_str())
                .or_insert_with(|| blank(r.device.clone())),
            &c,
            revenue,
        );
        match r.date {
            Some(d) => {
                add(
                    days.entry(d).or_insert_with(|| blank(d.to_string())),
                    &c,
                    revenue,
                );
                add(
                    months
                        .entry((d.year(), d.month()))
                        .or_insert_with(|| blank(format!("{:04}-{:02}", d.year(), d.month()))),
                    &c,
                    revenue,
                );
            }
            None => undated_rows += 1,
        }
    }
    for g in days.values_mut() {
        g.days = 1;
    }
    for ((y, m), g) in months.iter_mut() {
        g.days = days
            .keys()
            .filter(|d| d.year() == *y && d.month() == *m)
            .count() as u32;
    }
    let mut weeks: BTreeMap<NaiveDate, Counts> = BTreeMap::new();
    for (day, g) in &days {
        let monday = *day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()));
        let w = weeks.entry(monday).or_insert([0; STEPS]);
        for (a, b) in w.iter_mut().zip(&g.counts) {
            *a = a.saturating_add(*b);
        }
    }
    let range = days
        .keys()
        .next()
        .copied()
        .zip(days.keys().next_back().copied());
    total.days = days.len() as u32;

    // Revenue: the traffic's, else the orders' valid lines over the traffic's days.
    let (revenue_source, revenue) = if has_revenue {
        (RevenueSource::Traffic, total.revenue)
    } else if let Some((from, to)) = range {
        let r: f64 = dataset
            .orders
            .iter()
            .filter(|l| l.is_valid())
            .filter(|l| {
                let d = l.placed_at.date();
                d >= from && d <= to
            })
            .map(|l| l.value())
            .sum();
        if r > 0.0 {
            (RevenueSource::Orders, r)
        } else {
            (RevenueSource::None, 0.0)
        }
    } else {
        (RevenueSource::None, 0.0)
    };
    total.revenue = revenue;
    let paid_total = total.counts[STEPS - 1];
    let aov = if present[STEPS - 1] && paid_total > 0 && revenue > 0.0 {
        revenue / paid_total as f64
    } else {
        0.0
    };

    let by_visitors = |map: BTreeMap<&str, Group>| {
        let mut v: Vec<Group> = map.into_values().collect();
        v.sort_by(|a, b| b.counts[0].cmp(&a.counts[0]).then(a.key.cmp(&b.key)));
        // A single unnamed group is no breakdown.
        if v.len() == 1 && v[0].key.is_empty() {
            v.clear();
        }
        v
    };
    Some(FunnelModel {
        present,
        total,
        aov,
        revenue_source,
        range,
        by_day: days.into_values().collect(),
        by_channel: by_visitors(channels),
        by_device: by_visitors(devices),
        by_month: months.into_values().collect(),
        by_week: weeks.into_iter().collect(),
        inconsistent_rows,
        first_inconsistent,
        undated_rows,
    })
}

/// A funnel typed by the user (no traffic table), checked: every step present, each at most
/// the step before. The error names the first step above its predecessor (1-based index).
pub fn typed(counts: Counts, aov: f64) -> Result<FunnelModel, TypedError> {
    if counts[0] == 0 {
        return Err(TypedError::NoVisitors);
    }
    if let Some(i) = (1..STEPS).find(|&i| counts[i] > counts[i - 1]) {
        return Err(TypedError::AboveThePrevious {
            step: Step::ALL[i],
            count: counts[i],
            previous: counts[i - 1],
        });
    }
    let aov = if aov.is_finite() { aov.max(0.0) } else { 0.0 };
    Ok(FunnelModel {
        present: [true; STEPS],
        total: Group {
            key: String::new(),
            counts,
            revenue: counts[STEPS - 1] as f64 * aov,
            days: 0,
        },
        aov,
        revenue_source: RevenueSource::None,
        range: None,
        by_day: Vec::new(),
        by_channel: Vec::new(),
        by_device: Vec::new(),
        by_month: Vec::new(),
        by_week: Vec::new(),
        inconsistent_rows: 0,
        first_inconsistent: None,
        undated_rows: 0,
    })
}

/// Why typed step counts are refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TypedError {
    /// No visitors: there is no funnel.
    NoVisitors,
    /// A step counts more than the step before: conversions above visitors.
    AboveThePrevious {
        /// The step.
        step: Step,
        /// Its count.
        count: u64,
        /// The step before's count.
        previous: u64,
    },
}

/// The indices of the steps `model` has, in order (visitors first).
pub fn kept_steps(model: &FunnelModel) -> Vec<usize> {
    (0..STEPS).filter(|&i| model.present[i]).collect()
}

/// The rate of a kept step from the kept step before it, for a group's counts.
pub fn kept_rate(model: &FunnelModel, counts: &Counts, k: usize) -> Option<f64> {
    let kept = kept_steps(model);
    let (Some(&i), Some(&before)) = (kept.get(k), kept.get(k.wrapping_sub(1))) else {
        return None;
    };
    let prev = counts[before];
    (prev > 0).then(|| counts[i] as f64 / prev as f64)
}

/// Where a step's best rate comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Benchmark {
    /// A channel's rate.
    Channel(String),
    /// A month's rate.
    Month(String),
    /// None better than the shop's own.
    None,
}

/// One step's levers in the bottleneck ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepLever {
    /// The step's index in [`Step::ALL`].
    pub step: usize,
    /// Its rate from the kept step before.
    pub rate: f64,
    /// Revenue gained by raising its rate by [`RELATIVE_UPLIFT`] (r → min(1.1·r, 1)): the same
    /// for every step whose rate stays below 1, which is why it does not rank them.
    pub gain_relative: f64,
    /// Revenue gained by winning back 10 % of the visitors it loses: r → r + 0.1·(1 − r).
    pub gain_win_back: f64,
    /// The best rate among the channels and full months with enough traffic.
    pub best_rate: f64,
    /// Where the best rate comes from.
    pub best_source: Benchmark,
    /// Revenue gained if the step reached its best rate: revenue × (best / rate − 1).
    pub gain_at_best: f64,
}

/// Smallest share of the shop's visitors a channel needs to serve as a benchmark (a channel
/// with a handful of visitors would show lucky rates).
pub const BENCHMARK_MIN_SHARE: f64 = 0.02;
/// Fewest days a month needs to serve as a benchmark.
pub const BENCHMARK_MIN_DAYS: u32 = 20;
/// The share of each step's lost visitors won back in the ranking's first lever.
pub const WIN_BACK: f64 = 0.10;
/// The relative uplift of a rate shown beside the ranking (+10 %).
pub const RELATIVE_UPLIFT: f64 = 0.10;

/// The bottleneck ranking of `model`'s steps (after visitors), largest gain at the best rate
/// first (ties: earlier step first), with `revenue` the funnel's revenue.
pub fn bottlenecks(model: &FunnelModel) -> Vec<StepLever> {
    let revenue = model.total.revenue;
    let kept = kept_steps(model);
    let visitors = model.total.counts[0].max(1) as f64;
    let mut out: Vec<StepLever> = (1..kept.len())
        .filter_map(|k| {
            let rate = kept_rate(model, &model.total.counts, k)?;
            let mut best_rate = rate;
            let mut best_source = Benchmark::None;
            for g in &model.by_channel {
                if (g.counts[0] as f64) < BENCHMARK_MIN_SHARE * visitors {
                    continue;
                }
                if let Some(r) = kept_rate(model, &g.counts, k).filter(|r| *r > best_rate) {
                    best_rate = r;
                    best_source = Benchmark::Channel(g.key.clone());
                }
            }
            for g in model
                .by_month
                .iter()
                .filter(|g| g.days >= BENCHMARK_MIN_DAYS)
            {
                if let Some(r) = kept_rate(model, &g.counts, k).filter(|r| *r > best_rate) {
                    best_rate = r;
                    best_source = Benchmark::Month(g.key.clone());
                }
            }
            let gain = |to: f64| {
                if rate > 0.0 {
                    revenue * (to / rate - 1.0)
                } else {
                    0.0
                }
            };
            Some(StepLever {
                step: kept[k],
                rate,
                gain_relative: gain((rate * (1.0 + RELATIVE_UPLIFT)).min(1.0)),
                gain_win_back: gain(rate + WIN_BACK * (1.0 - rate)),
                best_rate,
                best_source,
                gain_at_best: gain(best_rate),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.gain_at_best
            .total_cmp(&a.gain_at_best)
            .then(a.step.cmp(&b.step))
    });
    out
}

/// The what-if's levers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    /// Visitors as a multiple of today's (1 = unchanged).
    pub traffic: f64,
    /// Each kept step's rate (index into [`kept_steps`] minus one); `None` keeps today's.
    pub rates: Vec<Option<f64>>,
    /// Average order value; `None` keeps today's.
    pub aov: Option<f64>,
    /// Gross margin, a share of revenue.
    pub gross_margin: f64,
}

/// One side of the what-if.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Count of each kept step.
    pub counts: Vec<f64>,
    /// Paid orders (the last kept step).
    pub orders: f64,
    /// Revenue = orders × AOV.
    pub revenue: f64,
    /// Gross profit = revenue × margin.
    pub gross_profit: f64,
}

/// Baseline and scenario of a what-if: visitors × traffic, each kept step's rate (today's or
/// the lever's, clamped to 0–1), orders × AOV, × margin.
pub fn what_if(model: &FunnelModel, levers: &WhatIf) -> (Outcome, Outcome) {
    let kept = kept_steps(model);
    let margin = if levers.gross_margin.is_finite() {
        levers.gross_margin.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let run = |traffic: f64, rates: &dyn Fn(usize) -> f64, aov: f64| {
        let mut counts = vec![model.total.counts[0] as f64 * traffic];
        for k in 1..kept.len() {
            let prev = counts[k - 1];
            counts.push(prev * rates(k));
        }
        let orders = *counts.last().unwrap_or(&0.0);
        let revenue = orders * aov;
        Outcome {
            counts,
            orders,
            revenue,
            gross_profit: revenue * margin,
        }
    };
    let today = |k: usize| kept_rate(model, &model.total.counts, k).unwrap_or(0.0);
    let base = run(1.0, &today, model.aov);
    let lever = |k: usize| {
        levers
            .rates
            .get(k - 1)
            .copied()
            .flatten()
            .filter(|r| r.is_finite())
            .map_or_else(|| today(k), |r| r.clamp(0.0, 1.0))
    };
    let traffic = if levers.traffic.is_finite() {
        levers.traffic.max(0.0)
    } else {
        1.0
    };
    let aov = levers
        .aov
        .filter(|a| a.is_finite())
        .map_or(model.aov, |a| a.max(0.0));
    let scenario = run(traffic, &lever, aov);
    (base, scenario)
}

/// Weekly rates of each kept step (from the step before), Monday-based weeks, oldest first:
/// (the week's first day, one rate per kept step after visitors; `None` when the step before
/// had nobody that week). Weekly, not daily: a day's rates jump with small counts.
pub fn weekly_rates(model: &FunnelModel) -> Vec<(NaiveDate, Vec<Option<f64>>)> {
    let kept = kept_steps(model).len();
    model
        .by_week
        .iter()
        .map(|(monday, c)| (*monday, (1..kept).map(|k| kept_rate(model, c, k)).collect()))
        .collect()
}
