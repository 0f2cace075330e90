//! A histogram: counts by bin, with labelled marker lines (the median; each 满减 threshold).

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{bar, dims, finite, to_px, AxisFormat, Kit, ValueScale, LABEL_SIZE, MARGIN};
use super::{palette, DrawResult};

/// A vertical line across a histogram, with its label at the top.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistogramMarker<'a> {
    /// Where the line is, in bins: 0 is the left edge of the first bin, 1 the edge between the
    /// first and the second, `n` the right edge of the last (a median of 23.5 days on bins of
    /// 7 days is at 23.5 / 7).
    pub position: f64,
    /// Its label ("median 23.5 days").
    pub label: &'a str,
}

/// Counts by bin as adjacent bars, with marker lines.
pub struct Histogram<'a> {
    /// Chart title; empty for none.
    pub title: &'a str,
    /// One label per bin ("0–6", "7–13", …, "91+"), shown thinned when they do not all fit.
    pub labels: &'a [String],
    /// Whether each label names its bin's lower edge ("¥250" for ¥250–300) and is drawn under
    /// that edge, with a tick, rather than under the bin's middle: a threshold line on an edge
    /// then sits on its value's label, not half a bin away from it.
    pub labels_at_edges: bool,
    /// The count of each bin.
    pub counts: &'a [f64],
    /// Marker lines, e.g. at the median or at each threshold; their labels stack above the
    /// plot, one row each, in this order.
    pub markers: &'a [HistogramMarker<'a>],
    /// Title of the x axis ("days between orders"); empty for none.
    pub x_title: &'a str,
    /// Formats a count for the y axis.
    pub format_y: &'a dyn AxisFormat,
    /// Text shown when no bin has a count above 0.
    pub empty_text: &'a str,
    /// Device pixel ratio.
    pub scale: f64,
}

/// Draws a [`Histogram`] on `area`.
pub fn draw_histogram<DB>(area: &DrawingArea<DB, Shift>, chart: &Histogram) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let kit = Kit::new(chart.scale);
    area.fill(&WHITE)?;
    let (w, h) = dims(area);
    let n = chart.counts.len();
    let max = chart
        .counts
        .iter()
        .copied()
        .filter_map(finite)
        .fold(0.0_f64, f64::max);
    if max <= 0.0 {
        let top = kit.header(area, chart.title, &[])?;
        return kit.placeholder(area, top, chart.empty_text);
    }
    let top = kit.header(area, chart.title, &[])?;
    let markers: Vec<&HistogramMarker> = chart
        .markers
        .iter()
        .filter(|m| m.position.is_finite() && (0.0..=n as f64).contains(&m.position))
        .collect();
    // The markers' labels sit above the plot, one row each.
    let plot_top = top
        + if markers.is_empty() {
            // Room above the top grid line for half its label.
            kit.line(LABEL_SIZE) / 2.0
        } else {
            markers.len() as f64 * kit.line(LABEL_SIZE) + kit.len(4.0)
        };
    let x_title_room = if chart.x_title.is_empty() {
        0.0
    } else {
        kit.line(LABEL_SIZE)
    };
    let plot_bottom = h - kit.len(MARGIN) - kit.line(LABEL_SIZE) - kit.len(4.0) - x_title_room;
    let max_ticks = ((plot_bottom - plot_top) / kit.len(40.0))
        .floor()
        .clamp(2.0, 6.0) as usize;
    let (scale, tick_labels) = ValueScale::nice_labelled(0.0, max, max_ticks, chart.format_y);
    let left = kit.len(MARGIN) + kit.widest(&tick_labels, LABEL_SIZE) + kit.len(8.0);
    let right = w - kit.len(MARGIN);
    let band = (right - left) / n as f64;
    let y = |v: f64| scale.map(v, plot_bottom, plot_top);

    kit.y_axis(
        area,
        &scale,
        &tick_labels,
        (left, right),
        (plot_bottom, plot_top),
        true,
        false,
    )?;
    let offset = if chart.labels_at_edges { 0.0 } else { 0.5 };
    if chart.labels_at_edges {
        for i in 0..=n {
            let x = left + i as f64 * band;
            area.draw(&PathElement::new(
                vec![
                    to_px((x, plot_bottom)),
                    to_px((x, plot_bottom + kit.len(4.0))),
                ],
                palette::AXIS.stroke_width(kit.stroke(1.0)),
            ))?;
        }
    }
    kit.x_labels(
        area,
        chart.labels,
        n,
        &|i| left + (i as f64 + offset) * band,
        band,
        plot_bottom + kit.len(6.0),
        LABEL_SIZE,
    )?;
    if !chart.x_title.is_empty() {
        let title = kit.fit(chart.x_title, LABEL_SIZE, right - left);
        kit.text(
            area,
            &title,
            (
                (left + right) / 2.0,
                plot_bottom + kit.len(6.0) + kit.line(LABEL_SIZE),
            ),
            LABEL_SIZE,
            palette::MUTED,
            HPos::Center,
            VPos::Top,
        )?;
    }

    let gap = if band >= kit.len(6.0) {
        kit.len(1.5)
    } else {
        0.0
    };
    for (i, v) in chart.counts.iter().enumerate() {
        let Some(v) = finite(*v) else { continue };
        if v <= 0.0 {
            continue;
        }
        let x0 = left + i as f64 * band;
        bar(
            area,
            (x0 + gap / 2.0, y(v)),
            (x0 + band - gap / 2.0, plot_bottom),
            palette::PRIMARY,
        )?;
    }

    for (row, m) in markers.iter().enumerate() {
        let x = left + m.position * band;
        area.draw(&DashedPathElement::new(
            vec![to_px((x, plot_top - kit.len(2.0))), to_px((x, plot_bottom))],
            kit.px(5.0),
            kit.px(3.0),
            palette::TEXT.stroke_width(kit.stroke(1.5)),
        ))?;
        let width = kit.text_width(m.label, LABEL_SIZE);
        let label = kit.fit(m.label, LABEL_SIZE, w - 2.0 * kit.len(MARGIN));
        let mid = top + (row as f64 + 0.5) * kit.line(LABEL_SIZE) - kit.len(2.0);
        let (tx, anchor) = if x + kit.len(4.0) + width <= w - kit.len(MARGIN) {
            (x + kit.len(4.0), HPos::Left)
        } else if x - kit.len(4.0) - width >= kit.len(MARGIN) {
            (x - kit.len(4.0), HPos::Right)
        } else {
            (w / 2.0, HPos::Center)
        };
        kit.text(
            area,
            &label,
            (tx, mid),
            LABEL_SIZE,
            palette::TEXT,
            anchor,
            VPos::Center,
        )?;
    }
    area.present()?;
    Ok(())
}
