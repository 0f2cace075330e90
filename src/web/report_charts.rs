//! The review's charts: each function turns a section of the [`Report`] into a drawing for
//! [`super::figure::Figure`], with labels in the page's language. The drawing code itself is
//! in [`crate::charts`]; nothing here computes a business number.

use crate::engine::report::Report;
use crate::i18n::Lang;

use super::chart::DrawFn;

/// The GMV trend with last year's line and the peaks.
pub fn trend(_report: &Report, _currency: &str, _lang: Lang) -> Option<DrawFn> {
    None
}

/// GMV by weekday × hour.
pub fn weekday_hour(_report: &Report, _lang: Lang) -> Option<DrawFn> {
    None
}

/// The top products by revenue.
pub fn top_products(_report: &Report, _currency: &str, _lang: Lang) -> Option<DrawFn> {
    None
}

/// Revenue by category.
pub fn categories(_report: &Report, _currency: &str, _lang: Lang) -> Option<DrawFn> {
    None
}

/// The Pareto curve with the ABC zones.
pub fn pareto(_report: &Report, _lang: Lang) -> Option<DrawFn> {
    None
}

/// The ABC-XYZ matrix.
pub fn abc_xyz(_report: &Report, _lang: Lang) -> Option<DrawFn> {
    None
}

/// New and returning buyers by month.
pub fn new_returning(_report: &Report, _lang: Lang) -> Option<DrawFn> {
    None
}

/// The histogram of days between orders.
pub fn intervals(_report: &Report, _lang: Lang) -> Option<DrawFn> {
    None
}

/// The RFM segments.
pub fn rfm(_report: &Report, _lang: Lang) -> Option<DrawFn> {
    None
}

/// The cohort retention triangle.
pub fn cohorts(_report: &Report, _lang: Lang) -> Option<DrawFn> {
    None
}

/// GMV per buyer by cohort.
pub fn ltv(_report: &Report, _currency: &str, _lang: Lang) -> Option<DrawFn> {
    None
}

/// Visitors by traffic channel.
pub fn traffic_channels(_report: &Report, _lang: Lang) -> Option<DrawFn> {
    None
}

/// Share of spend vs share of revenue by marketing channel.
pub fn marketing_channels(_report: &Report, _lang: Lang) -> Option<DrawFn> {
    None
}

/// Revenue by region.
pub fn regions(_report: &Report, _currency: &str, _lang: Lang) -> Option<DrawFn> {
    None
}
