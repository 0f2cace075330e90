//! The budget simulator's inputs: spend per period and channel, and the shop's revenue in the
//! same periods, assembled from the marketing table (long, or a wide sheet reshaped on import)
//! and either the sheet's own revenue column or the orders' GMV.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::engine::kpi::Period;
use crate::engine::tables::Dataset;

/// Where the revenue series comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RevenueSource {
    /// The marketing sheet's own revenue column (a marketing-mix sheet).
    Sheet,
    /// The GMV of the orders in each period.
    Orders,
}

/// One channel's spend, one value per period (0 where the table has no row).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelSeries {
    /// The channel.
    pub channel: String,
    /// Spend per period.
    pub spend: Vec<f64>,
    /// The revenue the ad platform attributed to the channel per period (the marketing table's
    /// attributed-revenue column: 成交金额, conversion value), `None` where no row of the
    /// period carried it. Empty in data saved before it was read.
    #[serde(default)]
    pub attributed: Vec<Option<f64>>,
}

/// Spend and revenue by period: what the response curves are fitted to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetData {
    /// First day of each period, oldest first.
    pub periods: Vec<NaiveDate>,
    /// Days in a period (7 for weekly data).
    pub period_days: u32,
    /// The shop's revenue per period.
    pub revenue: Vec<f64>,
    /// Where it comes from.
    pub revenue_source: RevenueSource,
    /// Spend per channel, in the marketing table's order of first appearance.
    pub channels: Vec<ChannelSeries>,
    /// Negative or missing spend values met (counted, then taken as 0).
    pub negative_spend: u64,
}

/// Builds the series from a dataset; `None` without marketing rows or without any revenue for
/// their periods.
pub fn budget_data(dataset: &Dataset) -> Option<BudgetData> {
    let mut dates: Vec<NaiveDate> = dataset.marketing.iter().map(|r| r.date).collect();
    dates.sort_unstable();
    dates.dedup();
    if dates.is_empty() {
        return None;
    }
    // The period is the most common gap between consecutive dates (7 for weekly sheets).
    let mut gaps: FxHashMap<i64, usize> = FxHashMap::default();
    for w in dates.windows(2) {
        *gaps.entry((w[1] - w[0]).num_days()).or_default() += 1;
    }
    let period_days = gaps
        .into_iter()
        .max_by_key(|(gap, n)| (*n, -gap))
        .map_or(7, |(gap, _)| gap.clamp(1, 31)) as u32;
    // A regular grid from the first to the last date, so a week without spend is a zero.
    let first = dates[0];
    let last = *dates.last().unwrap_or(&first);
    let count = ((last - first).num_days() / i64::from(period_days)) as usize + 1;
    let periods: Vec<NaiveDate> = (0..count)
        .map(|i| first + chrono::Duration::days(i as i64 * i64::from(period_days)))
        .collect();
    let index = |d: NaiveDate| -> Option<usize> {
        let days = (d - first).num_days();
        (days >= 0)
            .then(|| (days / i64::from(period_days)) as usize)
            .filter(|i| *i < count)
    };
    let mut channels: Vec<ChannelSeries> = Vec::new();
    let mut channel_index: FxHashMap<&str, usize> = FxHashMap::default();
    let mut negative_spend = 0;
    for row in &dataset.marketing {
        let Some(i) = index(row.date) else { continue };
        let c = *channel_index
            .entry(row.channel.as_str())
            .or_insert_with(|| {
                channels.push(ChannelSeries {
                    channel: row.channel.clone(),
                    spend: vec![0.0; count],
                    attributed: vec![None; count],
                });
                channels.len() - 1
            });
        if row.spend.is_finite() && row.spend >= 0.0 {
            channels[c].spend[i] += row.spend;
        } else {
            negative_spend += 1;
        }
        if let Some(r) = row
            .attributed_revenue
            .filter(|r| r.is_finite() && *r >= 0.0)
        {
            *channels[c].attributed[i].get_or_insert(0.0) += r;
        }
    }
    // Revenue: the sheet's, when it covers the periods; else the orders' GMV.
    let mut sheet = vec![None::<f64>; count];
    for r in &dataset.period_revenue {
        if let Some(i) = index(r.date) {
            *sheet[i].get_or_insert(0.0) += r.revenue;
        }
    }
    let (revenue, revenue_source) = if sheet.iter().all(Option::is_some) {
        (sheet.into_iter().flatten().collect(), RevenueSource::Sheet)
    } else {
        let mut gmv = vec![0.0; count];
        let span = Period {
            from: first,
            to: first + chrono::Duration::days(count as i64 * i64::from(period_days) - 1),
        };
        let mut any = false;
        for line in dataset.orders.iter_period(span).filter(|l| l.is_valid()) {
            if let Some(i) = index(line.placed_at.date()) {
                gmv[i] += line.value();
                any = true;
            }
        }
        if !any {
            return None;
        }
        (gmv, RevenueSource::Orders)
    };
    let mut data = BudgetData {
        periods,
        period_days,
        revenue,
        revenue_source,
        channels,
        negative_spend,
    };
    if data.revenue_source == RevenueSource::Orders {
        // Only the periods the orders cover whole: a period before or after them would read as
        // a week of spend without revenue (the demo's two years of spend against one imported
        // month of orders gave channels 250 % of the revenue).
        let (from, to) = dataset.orders.date_range()?;
        let days = i64::from(period_days);
        let covered: Vec<usize> = (0..count)
            .filter(|i| {
                let start = data.periods[*i];
                start >= from && start + chrono::Duration::days(days - 1) <= to
            })
            .collect();
        let (lo, hi) = (*covered.first()?, *covered.last()?);
        if hi + 1 - lo < MIN_COVERED_PERIODS {
            return None;
        }
        data.periods = data.periods[lo..=hi].to_vec();
        data.revenue = data.revenue[lo..=hi].to_vec();
        for c in &mut data.channels {
            c.spend = c.spend[lo..=hi].to_vec();
            c.attributed = c.attributed[lo..=hi].to_vec();
        }
    }
    Some(data)
}

/// The fewest periods of spend the orders must cover for a fit against their revenue: a
/// quarter of weeks.
pub const MIN_COVERED_PERIODS: usize = 13;
