//! Customers (客户): new and returning buyers, repurchase, the interval between orders, RFM
//! segments, monthly cohorts and historical LTV.
//!
//! Definitions (`../shared/docs/domain.md`): only valid lines with a customer id count. A buyer
//! is *new* in a period when their first valid order ever (in the data) falls in it, else
//! *returning*. RFM, as of the period's last day (or the data's, if earlier), over the buyers
//! with an order in the RFM window: the 12 months up to that day, or the period
//! when it is longer, never before the data's first day. R = days since their last order, F =
//! distinct orders in the window, M = GMV in the window, each scored 1–5 by quintile (R
//! reversed: recent = 5), then mapped to named segments. A year's window, as CRM tools
//! segment a customer base: scored over a month's buyers alone, "Lost" would be a buyer of 25
//! days ago, and "New" anyone with one order that month.
//! Cohorts: buyers grouped by the month of their first order; the share of a cohort that
//! orders again in month +1, +2, …
//!
//! The unit of a buyer's activity is an *order*: a distinct order id among their valid lines,
//! dated by its first (earliest) valid line; a buyer's first order is taken over all the data,
//! not only the period. Buyers, orders in the period (F) and the repurchase rate count an order
//! in the period when one of its valid lines is, exactly as [`crate::engine::kpi::kpis`] does,
//! so the figures here equal the KPIs'.
//!
//! Months (`by_month`, `cohorts`) are the 12 calendar months ending with the period's last
//! month — or the month of the data's last day, when the data ends before that month (a month
//! without data would read as 0 % retention) — and starting no earlier than the data's first
//! month. Nothing after the period's last day is read, so a period ending mid-month sees its
//! last month up to that day.
//!
//! Quintile scores, and ties at quintile edges: among the `n` buyers scored, a value's score is
//! 1 + ⌊5 × (number of buyers with a strictly smaller value) / n⌋, at most 5. Equal values
//! always get the same score — a tie straddling a quintile edge goes down with its lowest
//! member rather than being split arbitrarily — so with many one-order buyers F's score 1 can
//! hold more than a fifth of them, and the next score starts above the second quintile. R is
//! scored on −R (fewer days = higher score). M is compared in hundredths (GMV rounded to the
//! cent), so sums that differ only by floating-point rounding tie.
//!
//! RFM segment rules, taken in this order (the first that matches; "R ≤ 2, F ≥ 3 or M ≥ 4"
//! reads R ≤ 2 and (F ≥ 3 or M ≥ 4)):
//!
//! | segment | 中文 | rule |
//! |---|---|---|
//! | Champions | 重要价值客户 | R ≥ 4, F ≥ 4, M ≥ 4 |
//! | Loyal | 重要保持客户 | F ≥ 4, M ≥ 3 |
//! | Potential | 重要发展客户 | R ≥ 4, M ≥ 3 |
//! | New | 新客户 | R ≥ 4, F = 1 |
//! | At risk | 重要挽留客户 | R ≤ 2, F ≥ 3 or M ≥ 4 |
//! | Lost | 流失客户 | R = 1, F ≤ 2 |
//! | Hibernating | 一般维持客户 | everyone else |

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::engine::kpi::{Period, YearMonth};
use crate::engine::tables::OrderTable;

/// New and returning buyers in one month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewReturning {
    /// The month.
    pub month: YearMonth,
    /// Buyers whose first order ever is in this month.
    pub new_buyers: u64,
    /// Buyers who ordered this month and had ordered before.
    pub returning_buyers: u64,
    /// GMV of the new buyers' lines this month.
    pub new_revenue: f64,
    /// GMV of the returning buyers' lines this month.
    pub returning_revenue: f64,
}

/// A named RFM segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Segment {
    /// 重要价值客户.
    Champions,
    /// 重要保持客户.
    Loyal,
    /// 重要发展客户.
    Potential,
    /// 新客户.
    New,
    /// 重要挽留客户.
    AtRisk,
    /// 一般维持客户.
    Hibernating,
    /// 流失客户.
    Lost,
}

impl Segment {
    /// Every segment, in the order of the rule table.
    pub const ALL: [Segment; 7] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::Potential,
        Segment::New,
        Segment::AtRisk,
        Segment::Lost,
        Segment::Hibernating,
    ];
}

/// One RFM segment's buyers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentRow {
    /// The segment.
    pub segment: Segment,
    /// Buyers in it.
    pub buyers: u64,
    /// Share of the buyers scored.
    pub buyer_share: f64,
    /// Their GMV in the period.
    pub revenue: f64,
    /// Share of the scored buyers' GMV.
    pub revenue_share: f64,
    /// Mean recency in days.
    pub mean_recency_days: f64,
    /// Mean number of orders.
    pub mean_frequency: f64,
    /// Mean GMV per buyer.
    pub mean_monetary: f64,
}

/// The RFM analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rfm {
    /// The first day of the window whose orders are scored (see the module's doc).
    pub from: NaiveDate,
    /// The day recency is counted to, the window's last day.
    pub as_of: NaiveDate,
    /// Buyers scored.
    pub buyers: u64,
    /// The segments, in [`Segment::ALL`] order (segments without buyers included, with 0).
    pub segments: Vec<SegmentRow>,
}

/// One cohort: the buyers whose first order is in `month`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    /// The month of the first order.
    pub month: YearMonth,
    /// Buyers in the cohort.
    pub buyers: u64,
    /// Share of the cohort with an order in month +1, +2, … up to the period's last month.
    pub retention: Vec<f64>,
    /// Cumulative GMV per buyer of the cohort, from its month to the period's last month
    /// (historical LTV by revenue).
    pub revenue_per_buyer: f64,
}

/// One bin of the histogram of days between a buyer's consecutive orders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntervalBin {
    /// First day of the bin.
    pub from_days: u32,
    /// Last day of the bin, included.
    pub to_days: u32,
    /// Intervals in it.
    pub count: u64,
}

/// Width of an interval bin in days.
const INTERVAL_BIN_DAYS: u32 = 7;
/// Number of interval bins: 0–6, 7–13, …, 84–90, then the open bin 91+ (`to_days` =
/// `u32::MAX`).
const INTERVAL_BINS: usize = 14;

/// The customers section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Customers {
    /// Buyers in the period.
    pub buyers: u64,
    /// New buyers in the period (`report-new-buyers`).
    pub new_buyers: u64,
    /// Returning buyers in the period.
    pub returning_buyers: u64,
    /// GMV of new buyers in the period.
    pub new_revenue: f64,
    /// GMV of returning buyers in the period.
    pub returning_revenue: f64,
    /// New and returning buyers by month, for the 12 months ending with the period's last month
    /// (fewer when the data is shorter).
    pub by_month: Vec<NewReturning>,
    /// Buyers with 2 or more orders in the period / buyers.
    pub repurchase_rate: Option<f64>,
    /// Days between consecutive orders of a buyer, where the later order is in the period.
    pub intervals: Vec<IntervalBin>,
    /// The median of those intervals.
    pub median_interval_days: Option<f64>,
    /// RFM.
    pub rfm: Rfm,
    /// Monthly cohorts of the same months as `by_month`.
    pub cohorts: Vec<Cohort>,
    /// Valid lines in the period without a customer id, left out of every customer figure.
    pub lines_without_customer: u64,
    /// The data is aggregated (no order lines): customer figures are not computed.
    pub needs_order_lines: bool,
}

/// No customer yet: the marker of an order not seen.
const NONE: u32 = u32::MAX;
/// An order with a valid line in the period.
const IN_PERIOD: u8 = 1;
/// An order with a valid line in the RFM window.
const IN_RFM: u8 = 2;
/// The calendar months of the RFM window, when the period is shorter: a year.
pub const RFM_WINDOW_MONTHS: u32 = 12;
/// A customer's first month is before the months shown (month `k` shown is `k + 1`).
const BEFORE: u8 = 0;
/// A customer not seen yet.
const UNSEEN: u8 = u8::MAX;

/// Builds the customers section.
///
/// One pass over the lines (after a scan of their dates for the data's range), then work per
/// customer only: vectors indexed by customer id and order id, no hashing per line (an order
/// id shared by two customers, which real exports do not have, goes to a small map so that
/// the counts still equal the KPIs'). Lines after the period's last day change nothing here
/// and are skipped.
pub fn customers(orders: &OrderTable, period: Period) -> Customers {
    let Some((data_first, data_last)) = orders.date_range().filter(|_| !orders.aggregated) else {
        return Customers {
            buyers: 0,
            new_buyers: 0,
            returning_buyers: 0,
            new_revenue: 0.0,
            returning_revenue: 0.0,
            by_month: Vec::new(),
            repurchase_rate: None,
            intervals: if orders.aggregated {
                Vec::new()
            } else {
                interval_bins(&[])
            },
            median_interval_days: None,
            rfm: Rfm {
                from: period.from,
                as_of: period.to,
                buyers: 0,
                segments: if orders.aggregated {
                    Vec::new()
                } else {
                    rfm((period.from, period.to), &[]).segments
                },
            },
            cohorts: Vec::new(),
            lines_without_customer: 0,
            needs_order_lines: orders.aggregated,
        };
    };
    let from = day_number(period.from);
    let to = day_number(period.to);
    let as_of = period.to.min(data_last);
    let as_of_day = day_number(as_of);
    // The RFM window: the 12 months to `as_of` (from the day after the same day a year
    // before), or the period when longer, from the data's start.
    let rfm_first = as_of
        .checked_sub_months(chrono::Months::new(RFM_WINDOW_MONTHS))
        .and_then(|d| d.succ_opt())
        .unwrap_or(data_first)
        .min(period.from)
        .max(data_first);
    let rfm_from = day_number(rfm_first);
    let n_customers = orders.customer_ids.len();

    // The months shown: up to 12, ending with the period's last month, or the data's when
    // the data ends earlier in the period (a month without data would read as 0 % retention).
    let last_month = YearMonth::of(period.from).max(YearMonth::of(as_of));
    let first_month = last_month.plus(-11).max(YearMonth::of(data_first));
    let months: Vec<YearMonth> = (0..12)
        .map(|i| last_month.plus(i - 11))
        .filter(|m| *m >= first_month)
        .collect();
    let month_starts: Vec<i32> = months.iter().map(|m| day_number(m.first_day())).collect();
    let window_start = month_starts.first().copied().unwrap_or(i32::MAX);
    // The month of a day up to the period's last day, as an index into `months`.
    let month_of = |day: i32| -> Option<usize> {
        (window_start <= day && day <= to).then(|| month_starts.partition_point(|s| *s <= day) - 1)
    };

    // Per customer: first day, and its month so far as 1 + its index in `months` (`BEFORE`
    // for a month before them) with the revenue of that month; GMV in the period and up to
    // its end; the months with a valid line, one bit each. Per month, returning buyers' GMV.
    let mut first_day = vec![i32::MAX; n_customers];
    let mut first_month_of = vec![UNSEEN; n_customers];
    let mut first_month_revenue = vec![0.0f64; n_customers];
    let mut monetary = vec![0.0f64; n_customers];
    let mut rfm_monetary = vec![0.0f64; n_customers];
    let mut revenue_to_end = vec![0.0f64; n_customers];
    let mut active_months = vec![0u16; n_customers];
    let mut month_returning_revenue = vec![0.0f64; months.len()];
    // Per order: its customer (`NONE` while unseen), its day, whether a valid line is in the
    // period and whether one is in the RFM window (`IN_PERIOD`, `IN_RFM` bits). An order id
    // seen with a second customer is that customer's order too, kept in `shared_orders`.
    let mut order_customer = vec![NONE; orders.order_ids.len()];
    let mut order_day = vec![i32::MAX; orders.order_ids.len()];
    let mut order_in = vec![0u8; orders.order_ids.len()];
    let mut shared_orders: FxHashMap<(u32, u32), (i32, u8)> = FxHashMap::default();
    let mut lines_without_customer = 0u64;
    let mut day_numbers = DayNumbers::default();
    for line in orders.iter() {
        if !line.is_valid() {
            continue;
        }
        let day = day_numbers.of(line.placed_at.date());
        if day > to {
            continue;
        }
        let in_period = from <= day;
        let in_rfm = rfm_from <= day;
        let Some(customer) = line.customer else {
            lines_without_customer += u64::from(in_period);
            continue;
        };
        let c = customer as usize;
        let value = line.value();
        let month = month_of(day);
        let month_key = month.map_or(BEFORE, |k| k as u8 + 1);
        if let (Some(first), Some(first_month), Some(first_revenue)) = (
            first_day.get_mut(c),
            first_month_of.get_mut(c),
            first_month_revenue.get_mut(c),
        ) {
            *first = (*first).min(day);
            // A line after the customer's first month so far is a returning buyer's; a line
            // before it makes that month's lines returning ones (for data not in date order).
            if *first_month == UNSEEN {
                *first_month = month_key;
                *first_revenue = value;
            } else if month_key > *first_month {
                if let Some(r) = month_returning_revenue.get_mut(usize::from(month_key) - 1) {
                    *r += value;
                }
            } else if month_key == *first_month {
                *first_revenue += value;
            } else {
                if let Some(r) = usize::from(*first_month)
                    .checked_sub(1)
                    .and_then(|k| month_returning_revenue.get_mut(k))
                {
                    *r += *first_revenue;
                }
                *first_month = month_key;
                *first_revenue = value;
            }
        }
        if in_period {
            if let Some(m) = monetary.get_mut(c) {
                *m += value;
            }
        }
        if in_rfm {
            if let Some(m) = rfm_monetary.get_mut(c) {
                *m += value;
            }
        }
        if let Some(r) = revenue_to_end.get_mut(c) {
            *r += value;
        }
        if let (Some(k), Some(mask)) = (month, active_months.get_mut(c)) {
            *mask |= 1 << k;
        }
        let o = line.order as usize;
        let (Some(owner), Some(o_day), Some(o_in)) = (
            order_customer.get_mut(o),
            order_day.get_mut(o),
            order_in.get_mut(o),
        ) else {
            continue;
        };
        let flags = (u8::from(in_period) * IN_PERIOD) | (u8::from(in_rfm) * IN_RFM);
        if *owner == NONE || *owner == customer {
            *owner = customer;
            *o_day = (*o_day).min(day);
            *o_in |= flags;
        } else {
            let pair = shared_orders
                .entry((customer, line.order))
                .or_insert((day, 0));
            pair.0 = pair.0.min(day);
            pair.1 |= flags;
        }
    }

    // Each customer's order days, grouped by customer (counting sort), and orders in the period.
    let mut frequency = vec![0u32; n_customers];
    let mut rfm_frequency = vec![0u32; n_customers];
    let mut starts = vec![0u32; n_customers + 1];
    let pairs = order_customer
        .iter()
        .zip(&order_day)
        .zip(&order_in)
        .map(|((c, d), i)| (*c, *d, *i))
        .filter(|(c, _, _)| *c != NONE)
        .chain(shared_orders.iter().map(|((c, _), (d, i))| (*c, *d, *i)));
    for (c, _, flags) in pairs.clone() {
        if let Some(s) = starts.get_mut(c as usize + 1) {
            *s += 1;
        }
        if let Some(f) = rfm_frequency.get_mut(c as usize) {
            *f += u32::from(flags & IN_RFM != 0);
        }
        if let Some(f) = frequency.get_mut(c as usize) {
            *f += u32::from(flags & IN_PERIOD != 0);
        }
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut days = vec![0i32; starts.last().copied().unwrap_or(0) as usize];
    let mut next = starts.clone();
    for (c, day, _) in pairs {
        if let Some(slot) = next.get_mut(c as usize) {
            if let Some(d) = days.get_mut(*slot as usize) {
                *d = day;
            }
            *slot += 1;
        }
    }

    // Per customer: new or returning, intervals, RFM inputs, months and cohorts.
    let mut buyers = 0u64;
    let mut new_buyers = 0u64;
    let mut repeat_buyers = 0u64;
    let mut new_revenue = 0.0;
    let mut returning_revenue = 0.0;
    let mut intervals: Vec<u32> = Vec::new();
    let mut scored: Vec<(i32, u32, f64)> = Vec::new();
    let mut month_new = vec![0u64; months.len()];
    let mut month_returning = vec![0u64; months.len()];
    let mut month_new_revenue = vec![0.0f64; months.len()];
    let mut cohort_revenue = vec![0.0f64; months.len()];
    // Cohort k's buyers active in month j, at k × months + j.
    let mut retained = vec![0u64; months.len() * months.len()];
    for c in 0..n_customers {
        let (Some(start), Some(end)) = (starts.get(c), starts.get(c + 1)) else {
            continue;
        };
        let Some(own) = days.get_mut(*start as usize..*end as usize) else {
            continue;
        };
        own.sort_unstable();
        for pair in own.windows(2) {
            if from <= pair[1] && pair[1] <= to {
                intervals.push((pair[1] - pair[0]).unsigned_abs());
            }
        }
        let first = first_day.get(c).copied().unwrap_or(i32::MAX);
        let mask = active_months.get(c).copied().unwrap_or(0);
        let cohort = first_month_of
            .get(c)
            .filter(|k| **k != BEFORE && **k != UNSEEN)
            .map(|k| usize::from(*k) - 1);
        if let Some(k) = cohort {
            if let Some(n) = month_new.get_mut(k) {
                *n += 1;
            }
            if let Some(r) = month_new_revenue.get_mut(k) {
                *r += first_month_revenue.get(c).copied().unwrap_or(0.0);
            }
            if let Some(r) = cohort_revenue.get_mut(k) {
                *r += revenue_to_end.get(c).copied().unwrap_or(0.0);
            }
            for j in k + 1..months.len() {
                if mask & (1 << j) != 0 {
                    if let Some(n) = retained.get_mut(k * months.len() + j) {
                        *n += 1;
                    }
                }
            }
        }
        for (k, start) in month_starts.iter().enumerate() {
            if mask & (1 << k) != 0 && first < *start {
                if let Some(n) = month_returning.get_mut(k) {
                    *n += 1;
                }
            }
        }
        let rfm_f = rfm_frequency.get(c).copied().unwrap_or(0);
        if rfm_f > 0 {
            let last = own.partition_point(|d| *d <= as_of_day);
            let recency = last
                .checked_sub(1)
                .and_then(|i| own.get(i))
                .map_or(0, |d| as_of_day - d);
            let m = rfm_monetary.get(c).copied().unwrap_or(0.0);
            scored.push((recency, rfm_f, m));
        }
        let f = frequency.get(c).copied().unwrap_or(0);
        if f == 0 {
            continue;
        }
        buyers += 1;
        let m = monetary.get(c).copied().unwrap_or(0.0);
        if first >= from {
            new_buyers += 1;
            new_revenue += m;
        } else {
            returning_revenue += m;
        }
        repeat_buyers += u64::from(f >= 2);
    }

    let by_month = months
        .iter()
        .enumerate()
        .map(|(k, month)| NewReturning {
            month: *month,
            new_buyers: month_new[k],
            returning_buyers: month_returning[k],
            new_revenue: month_new_revenue[k],
            returning_revenue: month_returning_revenue[k],
        })
        .collect();
    let cohorts = months
        .iter()
        .enumerate()
        .map(|(k, month)| {
            let size = month_new[k] as f64;
            Cohort {
                month: *month,
                buyers: month_new[k],
                retention: (k + 1..months.len())
                    .map(|j| share(retained[k * months.len() + j] as f64, size))
                    .collect(),
                revenue_per_buyer: share(cohort_revenue[k], size),
            }
        })
        .collect();

    Customers {
        buyers,
        new_buyers,
        returning_buyers: buyers - new_buyers,
        new_revenue,
        returning_revenue,
        by_month,
        repurchase_rate: (buyers > 0).then(|| repeat_buyers as f64 / buyers as f64),
        intervals: interval_bins(&intervals),
        median_interval_days: median(&mut intervals),
        rfm: rfm((rfm_first.min(as_of), as_of), &scored),
        cohorts,
        lines_without_customer,
        needs_order_lines: false,
    }
}

/// A day as a number (days since 1 January of year 1), for cheap arithmetic.
fn day_number(day: NaiveDate) -> i32 {
    day.num_days_from_ce()
}

/// Day numbers of the lines' dates, remembering the last one: the lines of an order, and most
/// lines of a day, come one after another.
#[derive(Default)]
struct DayNumbers {
    last: Option<(NaiveDate, i32)>,
}

impl DayNumbers {
    fn of(&mut self, date: NaiveDate) -> i32 {
        match self.last {
            Some((d, n)) if d == date => n,
            _ => {
                let n = day_number(date);
                self.last = Some((date, n));
                n
            }
        }
    }
}

/// `part / whole`, or 0 when `whole` is zero.
fn share(part: f64, whole: f64) -> f64 {
    if whole == 0.0 {
        0.0
    } else {
        part / whole
    }
}

/// The histogram of intervals: 7-day bins and the open bin 91+.
fn interval_bins(intervals: &[u32]) -> Vec<IntervalBin> {
    let mut counts = [0u64; INTERVAL_BINS];
    for d in intervals {
        let bin = ((d / INTERVAL_BIN_DAYS) as usize).min(INTERVAL_BINS - 1);
        counts[bin] += 1;
    }
    counts
        .iter()
        .enumerate()
        .map(|(i, count)| {
            let from_days = i as u32 * INTERVAL_BIN_DAYS;
            IntervalBin {
                from_days,
                to_days: if i + 1 == INTERVAL_BINS {
                    u32::MAX
                } else {
                    from_days + INTERVAL_BIN_DAYS - 1
                },
                count: *count,
            }
        })
        .collect()
}

/// The median (the mean of the two middle values for an even count); `None` when empty.
fn median(values: &mut [u32]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    let upper = *values.get(n / 2)?;
    if n % 2 == 1 {
        Some(f64::from(upper))
    } else {
        let lower = *values.get(n / 2 - 1)?;
        Some((f64::from(lower) + f64::from(upper)) / 2.0)
    }
}

/// Quintile scores of `keys` (see the module doc): 1 + ⌊5 × (keys strictly smaller) / n⌋.
fn quintile_scores<T: Copy>(keys: &[T], cmp: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<u8> {
    let mut sorted = keys.to_vec();
    sorted.sort_unstable_by(&cmp);
    let n = sorted.len();
    keys.iter()
        .map(|k| {
            let smaller = sorted.partition_point(|s| cmp(s, k).is_lt());
            (1 + 5 * smaller / n).min(5) as u8
        })
        .collect()
}

/// The segment of R, F and M scores: the module doc's table, first match.
fn segment(r: u8, f: u8, m: u8) -> Segment {
    if r >= 4 && f >= 4 && m >= 4 {
        Segment::Champions
    } else if f >= 4 && m >= 3 {
        Segment::Loyal
    } else if r >= 4 && m >= 3 {
        Segment::Potential
    } else if r >= 4 && f == 1 {
        Segment::New
    } else if r <= 2 && (f >= 3 || m >= 4) {
        Segment::AtRisk
    } else if r == 1 && f <= 2 {
        Segment::Lost
    } else {
        Segment::Hibernating
    }
}

/// Scores buyers given as (recency days, orders, GMV) over the window `(from, as_of)` and sums
/// them by segment.
fn rfm((from, as_of): (NaiveDate, NaiveDate), buyers: &[(i32, u32, f64)]) -> Rfm {
    let r = quintile_scores(&buyers.iter().map(|b| -b.0).collect::<Vec<_>>(), Ord::cmp);
    let f = quintile_scores(&buyers.iter().map(|b| b.1).collect::<Vec<_>>(), Ord::cmp);
    let m = quintile_scores(
        &buyers
            .iter()
            .map(|b| (b.2 * 100.0).round())
            .collect::<Vec<_>>(),
        f64::total_cmp,
    );
    // (buyers, Σ R, Σ F, Σ M) per segment, in `Segment::ALL` order.
    let mut sums = [(0u64, 0.0f64, 0.0f64, 0.0f64); Segment::ALL.len()];
    for (i, (recency, frequency, monetary)) in buyers.iter().enumerate() {
        let s = segment(r[i], f[i], m[i]);
        if let Some(sum) = Segment::ALL
            .iter()
            .position(|x| *x == s)
            .and_then(|p| sums.get_mut(p))
        {
            sum.0 += 1;
            sum.1 += f64::from(*recency);
            sum.2 += f64::from(*frequency);
            sum.3 += monetary;
        }
    }
    let n = buyers.len() as f64;
    let total: f64 = sums.iter().map(|s| s.3).sum();
    let segments = Segment::ALL
        .iter()
        .zip(sums)
        .map(|(segment, (count, r, f, m))| {
            let count_f = count as f64;
            SegmentRow {
                segment: *segment,
                buyers: count,
                buyer_share: share(count_f, n),
                revenue: m,
                revenue_share: share(m, total),
                mean_recency_days: share(r, count_f),
                mean_frequency: share(f, count_f),
                mean_monetary: share(m, count_f),
            }
        })
        .collect();
    Rfm {
        from,
        as_of,
        buyers: buyers.len() as u64,
        segments,
    }
}
