//! The pricing page's charts and tables: the ln price–ln units scatter with its fitted line,
//! revenue and gross profit against price, the basket values with every 满减 threshold,
//! and the saved promotions' GMV and gross profit side by side. The
//! drawing code is in [`crate::charts`]; nothing here computes a business number.

use std::rc::Rc;

use super::axis_money;
use super::figure::{Cell, Table};
use super::pricing::SavedPromotion;
use super::report_charts::Drawing;
use super::CompactAxis;
use crate::charts::{
    self, BarChart, CurveChart, CurveLine, CurveMarker, Histogram, HistogramMarker, ScatterChart,
};
use crate::engine::sim::pricing::elasticity::Scatter;
use crate::engine::sim::pricing::promo::{Histogram as BasketHistogram, Outcome};
use crate::engine::sim::pricing::whatif::{CurvePoint, WhatIf};
use crate::i18n::{self, Lang, Msg};

fn logged(result: charts::DrawResult) {
    if let Err(e) = result {
        gloo::console::error!(format!("chart: {e}"));
    }
}

/// The weeks' ln price against ln units net of the week effects, with the fitted line.
pub fn scatter(scatter: &Scatter, lang: Lang) -> Drawing {
    let points: Vec<(f64, f64)> = scatter
        .points
        .iter()
        .map(|p| (p.ln_price, p.ln_units_adjusted))
        .collect();
    let line = scatter.line;
    Drawing {
        height: 300.0,
        draw: Rc::new(move |area, scale| {
            let format = |v: f64| i18n::format_number(v, 2);
            logged(charts::draw_scatter_chart(
                area,
                &ScatterChart {
                    title: "",
                    points: &points,
                    line: Some(line),
                    line_name: Msg::FittedLine.text(lang),
                    x_title: Msg::AxisLnPrice.text(lang),
                    y_title: Msg::AxisLnUnits.text(lang),
                    format_x: &format,
                    format_y: &format,
                    empty_text: Msg::ChartEmpty.text(lang),
                    scale,
                },
            ))
        }),
    }
}

/// The numbers behind the scatter: one row per week with sales.
pub fn scatter_table(scatter: &Scatter, lang: Lang) -> Table {
    let n = |v: f64| Cell::number(v, i18n::format_number(v, 3));
    Table {
        header: vec![
            Msg::ColWeekOf.text(lang).into(),
            Msg::ColLnPrice.text(lang).into(),
            Msg::ColLnUnits.text(lang).into(),
            Msg::ColLnUnitsAdjusted.text(lang).into(),
        ],
        rows: scatter
            .points
            .iter()
            .map(|p| {
                vec![
                    Cell::text(i18n::format_date(p.week, lang)),
                    n(p.ln_price),
                    n(p.ln_units),
                    n(p.ln_units_adjusted),
                ]
            })
            .collect(),
    }
}

/// Weekly revenue and gross profit against price, with today's, the tried and the most
/// profitable price marked.
pub fn what_if(w: &WhatIf, currency: &str, lang: Lang) -> Drawing {
    // Each curve dashed below the lowest price seen and above the highest (extrapolation, as
    // on the budget page): the line from the last point at or below the lowest price on, solid
    // up to the highest price and dashed after it; and the part below, dashed. They share one
    // segment, where the solid line covers the dashed one.
    let (lo, hi) = w.observed;
    let split_at = w.curve.partition_point(|p| p.price <= lo).saturating_sub(1);
    let series = |value: fn(&CurvePoint) -> f64| {
        let points: Vec<(f64, f64)> = w.curve.iter().map(|p| (p.price, value(p))).collect();
        let below = points[..(split_at + 2).min(points.len())].to_vec();
        let rest = points[split_at.min(points.len())..].to_vec();
        (below, rest)
    };
    let (revenue_below, revenue) = series(|p| p.revenue);
    let (profit_below, profit) = series(|p| p.profit);
    let below_from = w.curve.first().map(|p| p.price);
    let money = |v: f64| i18n::format_money(v, currency);
    let markers: Vec<(f64, f64, String)> = vec![
        (
            w.current.price,
            w.current.profit,
            format!("{} {}", Msg::MarkerToday.text(lang), money(w.current.price)),
        ),
        (
            w.profit_max_in_range.price,
            w.profit_max_in_range.profit,
            format!(
                "{} {}",
                Msg::MarkerMostProfit.text(lang),
                money(w.profit_max_in_range.price)
            ),
        ),
        (
            w.changed.price,
            w.changed.profit,
            format!(
                "{} {}",
                Msg::MarkerPriceTried.text(lang),
                money(w.changed.price)
            ),
        ),
    ];
    let currency = currency.to_owned();
    Drawing {
        height: 300.0,
        draw: Rc::new(move |area, scale| {
            let lines = [
                CurveLine {
                    name: Msg::RowRevenueWeek.text(lang),
                    points: &revenue,
                    dashed_from: Some(hi),
                    color: 0,
                },
                CurveLine {
                    name: Msg::RowProfitWeek.text(lang),
                    points: &profit,
                    dashed_from: Some(hi),
                    color: 1,
                },
                CurveLine {
                    name: "",
                    points: &revenue_below,
                    dashed_from: below_from,
                    color: 0,
                },
                CurveLine {
                    name: "",
                    points: &profit_below,
                    dashed_from: below_from,
                    color: 1,
                },
            ];
            let markers: Vec<CurveMarker> = markers
                .iter()
                .map(|(x, y, label)| CurveMarker {
                    x: *x,
                    y: *y,
                    label,
                })
                .collect();
            let money = axis_money(&currency, lang);
            logged(charts::draw_curve_chart(
                area,
                &CurveChart {
                    title: "",
                    lines: &lines,
                    band: None,
                    scatter: &[],
                    off_scale: None,
                    markers: &markers,
                    x_title: Msg::RowPrice.text(lang),
                    y_title: Msg::RowRevenueWeek.text(lang),
                    format_x: &money,
                    format_y: &money,
                    empty_text: Msg::ChartEmpty.text(lang),
                    x_from_zero: true,
                    scale,
                },
            ))
        }),
    }
}

/// The numbers behind the what-if curves: every fifth point.
pub fn what_if_table(w: &WhatIf, currency: &str, lang: Lang) -> Table {
    let money = |v: f64| Cell::number(v, i18n::format_money(v, currency));
    Table {
        header: vec![
            Msg::RowPrice.text(lang).into(),
            Msg::RowUnitsWeek.text(lang).into(),
            Msg::RowRevenueWeek.text(lang).into(),
            Msg::RowProfitWeek.text(lang).into(),
        ],
        rows: w
            .curve
            .iter()
            .step_by(5)
            .map(|p| {
                vec![
                    money(p.price),
                    Cell::number(p.units, i18n::format_number(p.units, 1)),
                    money(p.revenue),
                    money(p.profit),
                ]
            })
            .collect(),
    }
}

/// The position of `value` on the histogram's bins (0 = left edge of the first bin).
fn bin_position(h: &BasketHistogram, value: f64) -> Option<f64> {
    let (first, second) = (*h.edges.first()?, *h.edges.get(1)?);
    let width = second - first;
    (width > 0.0).then(|| (value - first) / width)
}

/// The basket values in bins, with every tier's threshold drawn.
pub fn baskets(h: &BasketHistogram, thresholds: &[f64], currency: &str, lang: Lang) -> Drawing {
    let axis = axis_money(currency, lang);
    let last = h.counts.len().saturating_sub(1);
    let edges: Vec<f64> = h.edges.iter().take(h.counts.len()).copied().collect();
    let labels: Vec<String> = charts::tick_labels(&axis, &edges)
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            if i == last {
                format!("{label}+")
            } else {
                label
            }
        })
        .collect();
    let counts: Vec<f64> = h.counts.iter().map(|c| *c as f64).collect();
    let markers: Vec<(f64, String)> = thresholds
        .iter()
        .filter_map(|t| {
            let label = Msg::MarkerThreshold
                .text(lang)
                .replace("{v}", &i18n::format_money(*t, currency));
            bin_position(h, *t).map(|p| (p, label))
        })
        .collect();
    Drawing {
        height: 280.0,
        draw: Rc::new(move |area, scale| {
            let markers: Vec<HistogramMarker> = markers
                .iter()
                .map(|(position, label)| HistogramMarker {
                    position: *position,
                    label,
                })
                .collect();
            logged(charts::draw_histogram(
                area,
                &Histogram {
                    title: "",
                    labels: &labels,
                    labels_at_edges: true,
                    counts: &counts,
                    markers: &markers,
                    x_title: Msg::AxisBasketValue.text(lang),
                    format_y: &CompactAxis(lang),
                    empty_text: Msg::ChartEmpty.text(lang),
                    scale,
                },
            ))
        }),
    }
}

/// The numbers behind the basket histogram.
pub fn baskets_table(h: &BasketHistogram, currency: &str, lang: Lang) -> Table {
    let money = |v: f64| Cell::number(v, i18n::format_money(v, currency));
    Table {
        header: vec![
            Msg::ColBasketFrom.text(lang).into(),
            Msg::ColBasketTo.text(lang).into(),
            Msg::ColOrderCount.text(lang).into(),
        ],
        rows: h
            .counts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let from = h.edges.get(i).copied().unwrap_or(f64::NAN);
                let to = if i + 1 == h.counts.len() {
                    Cell::text("+")
                } else {
                    money(h.edges.get(i + 1).copied().unwrap_or(f64::NAN))
                };
                vec![
                    money(from),
                    to,
                    Cell::number(*c as f64, i18n::format_number(*c as f64, 0)),
                ]
            })
            .collect(),
    }
}

/// The saved promotions' changes of GMV and gross profit against no promotion, as bars, one
/// category per promotion. Changes, not levels: a product's discount (judged on its own
/// orders) and a shop-wide threshold differ in level by the size of what they apply to.
pub fn compare(saved: &[SavedPromotion], currency: &str, lang: Lang) -> Drawing {
    let labels: Vec<String> = saved.iter().map(|s| s.name_in(lang).to_owned()).collect();
    let gmv: Vec<f64> = saved.iter().map(|s| gmv_change(&s.outcome)).collect();
    let profit: Vec<Option<f64>> = saved
        .iter()
        .map(|s| Some(profit_change(&s.outcome)))
        .collect();
    let money = axis_money(currency, lang);
    let height = BarChart {
        title: "",
        labels: &labels,
        values: &gmv,
        second: Some(&profit),
        series_names: (
            Msg::RowGmvChange.text(lang),
            Msg::RowProfitChange.text(lang),
        ),
        format_value: &|v| money.one(v),
        empty_text: Msg::ChartEmpty.text(lang),
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
                    values: &gmv,
                    second: Some(&profit),
                    series_names: (
                        Msg::RowGmvChange.text(lang),
                        Msg::RowProfitChange.text(lang),
                    ),
                    format_value: &|v| money.one(v),
                    empty_text: Msg::ChartEmpty.text(lang),
                    scale,
                },
            ))
        }),
    }
}

/// The numbers behind the comparison chart.
pub fn compare_table(saved: &[SavedPromotion], currency: &str, lang: Lang) -> Table {
    let money = |v: f64| Cell::number(v, i18n::format_money(v, currency));
    Table {
        header: vec![
            Msg::PromoCompareTitle.text(lang).into(),
            Msg::RowGmvChange.text(lang).into(),
            Msg::RowProfitChange.text(lang).into(),
        ],
        rows: saved
            .iter()
            .map(|s| {
                vec![
                    Cell::text(s.name_in(lang).to_owned()),
                    money(gmv_change(&s.outcome)),
                    money(profit_change(&s.outcome)),
                ]
            })
            .collect(),
    }
}

/// GMV with the promotion − without.
fn gmv_change(o: &Outcome) -> f64 {
    o.promoted.gmv - o.baseline.gmv
}

/// Gross profit with the promotion − without.
fn profit_change(o: &Outcome) -> f64 {
    o.promoted.gross_profit - o.baseline.gross_profit
}
