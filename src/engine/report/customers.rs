//! Customers (客户): new and returning buyers, repurchase, the interval between orders, RFM
//! segments, monthly cohorts and historical LTV.
//!
//! Definitions (`../shared/docs/domain.md`): only valid lines with a customer id count. A buyer
//! is *new* in a period when their first valid order ever (in the data) falls in it, else
//! *returning*. RFM, as of the period's last day (or the data's, if earlier), over the buyers
//! with an order in the period: R = days since their last order, F = distinct orders, M = GMV,
//! each scored 1–5 by quintile (R reversed: recent = 5), then mapped to named segments.
//! Cohorts: buyers grouped by the month of their first order; the share of a cohort that
//! orders again in month +1, +2, …
//!
//! RFM segment rules, taken in this order (the first that matches):
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

use chrono::NaiveDate;
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
    /// The day recency is counted to.
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
    /// Monthly cohorts of the 12 months ending with the period's last month.
    pub cohorts: Vec<Cohort>,
    /// Valid lines in the period without a customer id, left out of every customer figure.
    pub lines_without_customer: u64,
    /// The data is aggregated (no order lines): customer figures are not computed.
    pub needs_order_lines: bool,
}

/// Builds the customers section.
pub fn customers(orders: &OrderTable, period: Period) -> Customers {
    let _ = orders;
    Customers {
        buyers: 0,
        new_buyers: 0,
        returning_buyers: 0,
        new_revenue: 0.0,
        returning_revenue: 0.0,
        by_month: Vec::new(),
        repurchase_rate: None,
        intervals: Vec::new(),
        median_interval_days: None,
        rfm: Rfm {
            as_of: period.to,
            buyers: 0,
            segments: Vec::new(),
        },
        cohorts: Vec::new(),
        lines_without_customer: 0,
        needs_order_lines: orders.aggregated,
    }
}
