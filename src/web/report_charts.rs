//! The review's charts: each function turns a section of the [`Report`] into a drawing for
//! [`super::figure::Figure`], with labels in the page's language, and suggests the canvas
//! height. The drawing code itself is in [`crate::charts`]; nothing here computes a business
//! number — values are passed through, labels translated and formatted.

use std::rc::Rc;

use chrono::Datelike;

use super::chart::DrawFn;
use super::CompactAxis;
use crate::charts::{
    self, BarChart, HeatMap, Histogram, HistogramMarker, ParetoChart, ParetoZone, StackSeries,
    StackedBars, TrendChart,
};
use crate::engine::kpi::YearMonth;
use crate::engine::report::products::{Abc, Xyz};
use crate::engine::report::sales::Granularity;
use crate::engine::report::Report;
use crate::i18n::report::segment_name;
use crate::i18n::{self, Lang, Msg};

/// A drawing and the canvas height (CSS pixels) it wants.
#[derive(Clone)]
pub struct Drawing {
    /// The drawing.
    pub draw: DrawFn,
    /// Height of the canvas in CSS pixels.
    pub height: f64,
}

/// The default chart height, as in the stylesheet.
const HEIGHT: f64 = 360.0;

fn logged(result: charts::DrawResult) {
    if let Err(e) = result {
        gloo::console::error!(format!("chart: {e}"));
    }
}

fn empty(lang: Lang) -> &'static str {
    Msg::ChartEmpty.text(lang)
}

/// A point of the trend's x axis.
fn step_axis_label(start: chrono::NaiveDate, granularity: Granularity, lang: Lang) -> String {
    match (granularity, lang) {
        (Granularity::Month, _) => i18n::format_month_short(YearMonth::of(start), lang),
        (_, Lang::Zh) => format!("{}月{}日", start.month(), start.day()),
        (_, Lang::En) => format!(
            "{} {}",
            start.day(),
            &i18n::format_month_short(YearMonth::of(start), lang)[..3]
        ),
    }
}

/// The GMV trend with last year's line and the peaks.
pub fn trend(report: &Report, currency: &str, lang: Lang) -> Option<Drawing> {
    let t = &report.sales.trend;
    let labels: Vec<String> = t
        .points
        .iter()
        .map(|p| step_axis_label(p.start, t.granularity, lang))
        .collect();
    let values: Vec<f64> = t.points.iter().map(|p| p.gmv).collect();
    let ago: Vec<Option<f64>> = t.points.iter().map(|p| p.gmv_year_ago).collect();
    let peaks = t.peaks.clone();
    // A peak's label in the axis' compact units ("¥151万" / "¥1.51M"), like the bars' labels;
    // the exact figure is in the table and the written conclusion.
    let peak_label = money_fmt(currency, lang);
    Some(Drawing {
        height: HEIGHT,
        draw: Rc::new(move |area, scale| {
            logged(charts::draw_trend_chart(
                area,
                &TrendChart {
                    title: "",
                    labels: &labels,
                    values: &values,
                    comparison: Some(&ago),
                    series_names: (
                        Msg::SeriesThisPeriod.text(lang),
                        Msg::SeriesYearAgo.text(lang),
                    ),
                    peaks: &peaks,
                    format_y: &CompactAxis(lang),
                    format_value: &|v| peak_label(v),
                    empty_text: empty(lang),
                    scale,
                },
            ))
        }),
    })
}

fn weekdays(lang: Lang) -> Vec<String> {
    let names = match lang {
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        Lang::Zh => ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
    };
    names.iter().map(|s| (*s).to_owned()).collect()
}

/// GMV by weekday × hour.
pub fn weekday_hour(report: &Report, lang: Lang) -> Option<Drawing> {
    let grid = report.sales.weekday_hour.as_ref()?;
    let values: Vec<Vec<Option<f64>>> = grid
        .iter()
        .map(|row| row.iter().map(|v| Some(*v)).collect())
        .collect();
    let rows = weekdays(lang);
    let columns: Vec<String> = (0..24).map(|h| h.to_string()).collect();
    Some(Drawing {
        height: 300.0,
        draw: Rc::new(move |area, scale| {
            logged(charts::draw_heat_map(
                area,
                &HeatMap {
                    title: "",
                    row_labels: &rows,
                    column_labels: &columns,
                    values: &values,
                    domain: None,
                    format_cell: None,
                    format_legend: &|v| i18n::format_compact(v, lang),
                    empty_text: empty(lang),
                    scale,
                },
            ))
        }),
    })
}

/// A horizontal bar chart of labelled values, with an optional second series.
fn bars(
    labels: Vec<String>,
    values: Vec<f64>,
    second: Option<Vec<Option<f64>>>,
    names: (Msg, Msg),
    format: Rc<dyn Fn(f64) -> String>,
    lang: Lang,
) -> Drawing {
    let height = BarChart {
        title: "",
        labels: &labels,
        values: &values,
        second: second.as_deref(),
        series_names: (names.0.text(lang), names.1.text(lang)),
        format_value: &|v| format(v),
        empty_text: empty(lang),
        scale: 1.0,
    }
    .preferred_height()
    .max(160.0);
    Drawing {
        height,
        draw: Rc::new(move |area, scale| {
            logged(charts::draw_bar_chart(
                area,
                &BarChart {
                    title: "",
                    labels: &labels,
                    values: &values,
                    second: second.as_deref(),
                    series_names: (names.0.text(lang), names.1.text(lang)),
                    format_value: &|v| format(v),
                    empty_text: empty(lang),
                    scale,
                },
            ))
        }),
    }
}

fn money_fmt(currency: &str, lang: Lang) -> Rc<dyn Fn(f64) -> String> {
    let currency = i18n::currency_symbol(currency);
    Rc::new(move |v| format!("{currency}{}", i18n::format_compact(v, lang)))
}

/// The top products by revenue.
pub fn top_products(report: &Report, currency: &str, lang: Lang) -> Option<Drawing> {
    let rows = &report.products.top_by_revenue;
    let labels = rows
        .iter()
        .map(|p| {
            if p.name.en.is_empty() {
                p.sku.clone()
            } else {
                i18n::local(&p.name, lang).to_owned()
            }
        })
        .collect();
    let values = rows.iter().map(|p| p.revenue).collect();
    Some(bars(
        labels,
        values,
        None,
        (Msg::ColRevenue, Msg::ColRevenue),
        money_fmt(currency, lang),
        lang,
    ))
}

/// Revenue by category.
pub fn categories(report: &Report, currency: &str, lang: Lang) -> Option<Drawing> {
    let rows = &report.products.categories;
    let labels = rows
        .iter()
        .map(|c| {
            if c.category.en.is_empty() {
                Msg::Uncategorised.text(lang).to_owned()
            } else {
                i18n::local(&c.category, lang).to_owned()
            }
        })
        .collect();
    let values = rows.iter().map(|c| c.revenue).collect();
    Some(bars(
        labels,
        values,
        None,
        (Msg::ColRevenue, Msg::ColRevenue),
        money_fmt(currency, lang),
        lang,
    ))
}

/// The Pareto curve with the ABC zones.
pub fn pareto(report: &Report, lang: Lang) -> Option<Drawing> {
    let p = &report.products;
    let cumulative: Vec<(f64, f64)> = p
        .pareto
        .iter()
        .map(|q| (q.sku_share, q.revenue_share))
        .collect();
    // Bars: the share of one product of each step of the curve, so they fall with the ranks.
    let values = p.pareto_bars();
    let mut cut = 0.0;
    let zones: Vec<(f64, String)> = [Abc::A, Abc::B, Abc::C]
        .iter()
        .filter_map(|class| {
            let c = p.abc.iter().find(|c| c.class == *class)?;
            cut += c.sku_share;
            let name = match class {
                Abc::A => "A",
                Abc::B => "B",
                Abc::C => "C",
            };
            Some((
                cut.min(1.0),
                format!("{name} · {}", i18n::format_percent(c.revenue_share)),
            ))
        })
        .collect();
    Some(Drawing {
        height: HEIGHT,
        draw: Rc::new(move |area, scale| {
            let zones: Vec<ParetoZone> = zones
                .iter()
                .map(|(to, label)| ParetoZone { to: *to, label })
                .collect();
            logged(charts::draw_pareto_chart(
                area,
                &ParetoChart {
                    title: "",
                    values: &values,
                    cumulative: &cumulative,
                    zones: &zones,
                    series_names: (
                        Msg::SeriesRevenueShare.text(lang),
                        Msg::SeriesCumulative.text(lang),
                    ),
                    x_title: Msg::AxisProductsByRank.text(lang),
                    format_value: &i18n::format_percent,
                    format_share: &|v| format!("{}%", i18n::format_number(v * 100.0, 0)),
                    empty_text: empty(lang),
                    scale,
                },
            ))
        }),
    })
}

/// The ABC-XYZ matrix.
pub fn abc_xyz(report: &Report, lang: Lang) -> Option<Drawing> {
    let cells = &report.products.abc_xyz;
    if cells.is_empty() {
        return None;
    }
    let values: Vec<Vec<Option<f64>>> = [Abc::A, Abc::B, Abc::C]
        .iter()
        .map(|a| {
            [Xyz::X, Xyz::Y, Xyz::Z]
                .iter()
                .map(|x| {
                    cells
                        .iter()
                        .find(|c| c.abc == *a && c.xyz == *x)
                        .map(|c| c.skus as f64)
                })
                .collect()
        })
        .collect();
    let rows: Vec<String> = ["A", "B", "C"].iter().map(|s| (*s).to_owned()).collect();
    let columns: Vec<String> = [Msg::XyzX, Msg::XyzY, Msg::XyzZ]
        .iter()
        .map(|m| m.text(lang).to_owned())
        .collect();
    Some(Drawing {
        height: 280.0,
        draw: Rc::new(move |area, scale| {
            logged(charts::draw_heat_map(
                area,
                &HeatMap {
                    title: "",
                    row_labels: &rows,
                    column_labels: &columns,
                    values: &values,
                    domain: None,
                    format_cell: Some(&|v| i18n::format_number(v, 0)),
                    format_legend: &|v| i18n::format_number(v, 0),
                    empty_text: empty(lang),
                    scale,
                },
            ))
        }),
    })
}

/// New and returning buyers by month.
pub fn new_returning(report: &Report, lang: Lang) -> Option<Drawing> {
    let m = &report.customers.by_month;
    let labels: Vec<String> = m
        .iter()
        .map(|r| i18n::format_month_short(r.month, lang))
        .collect();
    let new: Vec<f64> = m.iter().map(|r| r.new_buyers as f64).collect();
    let returning: Vec<f64> = m.iter().map(|r| r.returning_buyers as f64).collect();
    Some(Drawing {
        height: HEIGHT,
        draw: Rc::new(move |area, scale| {
            let series = [
                StackSeries {
                    name: Msg::ReturningBuyers.text(lang),
                    values: &returning,
                },
                StackSeries {
                    name: Msg::NewBuyers.text(lang),
                    values: &new,
                },
            ];
            logged(charts::draw_stacked_bars(
                area,
                &StackedBars {
                    title: "",
                    labels: &labels,
                    series: &series,
                    format_y: &CompactAxis(lang),
                    empty_text: empty(lang),
                    scale,
                },
            ))
        }),
    })
}

/// The histogram of days between orders, with the median.
pub fn intervals(report: &Report, lang: Lang) -> Option<Drawing> {
    let c = &report.customers;
    let labels: Vec<String> = c
        .intervals
        .iter()
        .map(|b| {
            if b.to_days == u32::MAX {
                format!("{}+", b.from_days)
            } else {
                format!("{}–{}", b.from_days, b.to_days)
            }
        })
        .collect();
    let counts: Vec<f64> = c.intervals.iter().map(|b| b.count as f64).collect();
    let width = c.intervals.first().map_or(7.0, |b| {
        f64::from(b.to_days.saturating_sub(b.from_days) + 1)
    });
    let median = c.median_interval_days.map(|d| {
        (
            d / width,
            Msg::MedianDays
                .text(lang)
                .replace("{n}", &i18n::format_number(d, 1)),
        )
    });
    Some(Drawing {
        height: HEIGHT,
        draw: Rc::new(move |area, scale| {
            logged(charts::draw_histogram(
                area,
                &Histogram {
                    title: "",
                    labels: &labels,
                    labels_at_edges: false,
                    counts: &counts,
                    markers: &median
                        .as_ref()
                        .map(|(position, label)| HistogramMarker {
                            position: *position,
                            label,
                        })
                        .into_iter()
                        .collect::<Vec<_>>(),
                    x_title: Msg::ColDaysBetween.text(lang),
                    format_y: &CompactAxis(lang),
                    empty_text: empty(lang),
                    scale,
                },
            ))
        }),
    })
}

/// The RFM segments: share of buyers and share of revenue.
pub fn rfm(report: &Report, lang: Lang) -> Option<Drawing> {
    let segments = &report.customers.rfm.segments;
    let labels = segments
        .iter()
        .map(|s| segment_name(s.segment, lang).to_owned())
        .collect();
    let values = segments.iter().map(|s| s.buyer_share).collect();
    let second = Some(segments.iter().map(|s| Some(s.revenue_share)).collect());
    Some(bars(
        labels,
        values,
        second,
        (Msg::ColBuyerShare, Msg::ColRevenueShare),
        Rc::new(i18n::format_percent),
        lang,
    ))
}

/// The cohort retention triangle.
pub fn cohorts(report: &Report, lang: Lang) -> Option<Drawing> {
    let cohorts = &report.customers.cohorts;
    let longest = cohorts.iter().map(|c| c.retention.len()).max().unwrap_or(0);
    let rows: Vec<String> = cohorts
        .iter()
        .map(|c| i18n::format_month_short(c.month, lang))
        .collect();
    let columns: Vec<String> = (1..=longest).map(|k| format!("+{k}")).collect();
    let values: Vec<Vec<Option<f64>>> = cohorts
        .iter()
        .map(|c| (0..longest).map(|i| c.retention.get(i).copied()).collect())
        .collect();
    Some(Drawing {
        height: HEIGHT + 40.0,
        draw: Rc::new(move |area, scale| {
            logged(charts::draw_heat_map(
                area,
                &HeatMap {
                    title: "",
                    row_labels: &rows,
                    column_labels: &columns,
                    values: &values,
                    domain: None,
                    format_cell: Some(&|v| format!("{}%", i18n::format_number(v * 100.0, 0))),
                    format_legend: &|v| format!("{}%", i18n::format_number(v * 100.0, 0)),
                    empty_text: empty(lang),
                    scale,
                },
            ))
        }),
    })
}

/// GMV per buyer by cohort.
pub fn ltv(report: &Report, currency: &str, lang: Lang) -> Option<Drawing> {
    let cohorts = &report.customers.cohorts;
    let labels = cohorts
        .iter()
        .map(|c| i18n::format_month(c.month, lang))
        .collect();
    let values = cohorts.iter().map(|c| c.revenue_per_buyer).collect();
    Some(bars(
        labels,
        values,
        None,
        (Msg::ColRevenuePerBuyer, Msg::ColRevenuePerBuyer),
        money_fmt(currency, lang),
        lang,
    ))
}

/// Visitors by traffic channel, with the conversion rate beside.
pub fn traffic_channels(report: &Report, lang: Lang) -> Option<Drawing> {
    let t = report.channels.traffic.as_ref()?;
    let labels = t
        .by_channel
        .iter()
        .map(|c| {
            if c.channel.is_empty() {
                Msg::AllChannels.text(lang).to_owned()
            } else {
                i18n::data_label(&c.channel, lang).to_owned()
            }
        })
        .collect();
    let values = t.by_channel.iter().map(|c| c.visitor_share).collect();
    Some(bars(
        labels,
        values,
        None,
        (Msg::ColVisitorShare, Msg::ColVisitorShare),
        Rc::new(i18n::format_percent),
        lang,
    ))
}

/// Share of spend vs share of revenue by marketing channel.
pub fn marketing_channels(report: &Report, lang: Lang) -> Option<Drawing> {
    let m = report.channels.marketing.as_ref()?;
    let labels = m
        .channels
        .iter()
        .map(|c| i18n::data_label(&c.channel, lang).to_owned())
        .collect();
    let values = m.channels.iter().map(|c| c.spend_share).collect();
    let second = Some(m.channels.iter().map(|c| c.revenue_share).collect());
    Some(bars(
        labels,
        values,
        second,
        (Msg::ColSpendShare, Msg::ColRevenueShare),
        Rc::new(i18n::format_percent),
        lang,
    ))
}

/// Revenue by region.
pub fn regions(report: &Report, currency: &str, lang: Lang) -> Option<Drawing> {
    let rows = &report.channels.regions;
    if rows.is_empty() {
        return None;
    }
    let labels = rows
        .iter()
        .map(|r| {
            if r.region.is_empty() {
                Msg::OtherRegions.text(lang).to_owned()
            } else {
                i18n::data_label(&r.region, lang).to_owned()
            }
        })
        .collect();
    let values = rows.iter().map(|r| r.revenue).collect();
    Some(bars(
        labels,
        values,
        None,
        (Msg::ColRevenue, Msg::ColRevenue),
        money_fmt(currency, lang),
        lang,
    ))
}
