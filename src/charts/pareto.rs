//! The Pareto chart: values by rank as bars, the cumulative share as a line on a right
//! 0–100 % axis, and the ABC zones shaded behind them.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{bar, dims, finite, shade, to_px, Kit, Mark, ValueScale, LABEL_SIZE, MARGIN};
use super::kit::{tick_labels, AxisFormat};
use super::{palette, DrawResult};

/// A zone of the Pareto chart: it runs from the previous zone's end (0 for the first) to
/// `to`, a share of the x axis (0–1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParetoZone<'a> {
    /// Where the zone ends, as a share of the items (0–1): the cut position.
    pub to: f64,
    /// Its name ("A", "A 类 · 80% 收入", …), written at the top of the zone and cut to fit.
    pub label: &'a str,
}

/// Items ranked by value: their values as bars (already sampled to at most about a hundred),
/// the cumulative share as a line on a right 0–100 % axis, and zones shaded behind them.
pub struct ParetoChart<'a> {
    /// Chart title; empty for none.
    pub title: &'a str,
    /// Bar heights by rank, largest first; bar `i` of `n` spans the x shares `i / n` to
    /// `(i + 1) / n`. Empty for the line alone (no left axis then).
    pub values: &'a [f64],
    /// The cumulative curve as (share of items, cumulative share of the total) points, both
    /// 0–1, in order, e.g. from (0, 0) to (1, 1).
    pub cumulative: &'a [(f64, f64)],
    /// The zones, left to right; none for no shading.
    pub zones: &'a [ParetoZone<'a>],
    /// Legend text of the bars and of the line.
    pub series_names: (&'a str, &'a str),
    /// Title of the x axis ("share of SKUs, by revenue rank"); empty for none.
    pub x_title: &'a str,
    /// Formats a bar value for the left axis.
    pub format_value: &'a dyn AxisFormat,
    /// Formats a share (0–1) for the right and the x axis ("80%").
    pub format_share: &'a dyn Fn(f64) -> String,
    /// Text shown when there is neither a bar nor a point.
    pub empty_text: &'a str,
    /// Device pixel ratio.
    pub scale: f64,
}

/// Draws a [`ParetoChart`] on `area`.
pub fn draw_pareto_chart<DB>(area: &DrawingArea<DB, Shift>, chart: &ParetoChart) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let kit = Kit::new(chart.scale);
    area.fill(&WHITE)?;
    let (w, h) = dims(area);
    let curve: Vec<(f64, f64)> = chart
        .cumulative
        .iter()
        .filter_map(|&(x, y)| Some((finite(x)?, finite(y)?)))
        .collect();
    let n = chart.values.len();
    if n == 0 && curve.is_empty() {
        let top = kit.header(area, chart.title, &[])?;
        return kit.placeholder(area, top, chart.empty_text);
    }
    let mut legend = Vec::new();
    if n > 0 {
        legend.push((Mark::Swatch(palette::PRIMARY_LIGHT), chart.series_names.0));
    }
    if !curve.is_empty() {
        legend.push((Mark::Line(palette::PRIMARY), chart.series_names.1));
    }
    let top = kit.header(area, chart.title, &legend)?;
    // Zone names sit in a band above the plot.
    let zone_band = if chart.zones.is_empty() {
        0.0
    } else {
        kit.line(LABEL_SIZE) + kit.len(2.0)
    };
    let plot_top = top + zone_band + kit.len(4.0);
    let x_title_room = if chart.x_title.is_empty() {
        0.0
    } else {
        kit.line(LABEL_SIZE)
    };
    let plot_bottom = h - kit.len(MARGIN) - kit.line(LABEL_SIZE) - kit.len(4.0) - x_title_room;

    // Five intervals on both axes, so the grid lines serve both.
    let intervals = 5;
    let share_scale = ValueScale {
        lo: 0.0,
        hi: 1.0,
        ticks: (0..=intervals)
            .map(|i| i as f64 / intervals as f64)
            .collect(),
    };
    let share_labels: Vec<String> = share_scale
        .ticks
        .iter()
        .map(|t| (chart.format_share)(*t))
        .collect();
    let max = chart
        .values
        .iter()
        .copied()
        .filter_map(finite)
        .fold(0.0_f64, f64::max);
    let value_scale = ValueScale::with_intervals(max, intervals);
    let value_labels: Vec<String> = if n > 0 {
        tick_labels(chart.format_value, &value_scale.ticks)
    } else {
        Vec::new()
    };
    let left = kit.len(MARGIN)
        + if n > 0 {
            kit.widest(&value_labels, LABEL_SIZE) + kit.len(8.0)
        } else {
            kit.len(8.0)
        };
    let right = w - kit.len(MARGIN) - kit.widest(&share_labels, LABEL_SIZE) - kit.len(8.0);
    let x = |share: f64| left + share * (right - left);

    // Zones behind everything, their names above the plot.
    let mut from = 0.0_f64;
    for (k, zone) in chart.zones.iter().enumerate() {
        let Some(to) = finite(zone.to) else { continue };
        let to = to.clamp(from, 1.0);
        let (x0, x1) = (x(from), x(to));
        let color = palette::ZONES[k % palette::ZONES.len()];
        if x1 > x0 {
            shade(area, (x0, plot_top), (x1, plot_bottom), color)?;
        }
        let name = kit.fit(zone.label, LABEL_SIZE, x1 - x0 - kit.len(4.0));
        kit.text(
            area,
            &name,
            ((x0 + x1) / 2.0, top + zone_band / 2.0),
            LABEL_SIZE,
            palette::MUTED,
            HPos::Center,
            VPos::Center,
        )?;
        from = to;
    }

    // Grid and axes.
    kit.y_axis(
        area,
        &share_scale,
        &share_labels,
        (left, right),
        (plot_bottom, plot_top),
        true,
        true,
    )?;
    if n > 0 {
        kit.y_axis(
            area,
            &value_scale,
            &value_labels,
            (left, right),
            (plot_bottom, plot_top),
            false,
            false,
        )?;
    }
    for (t, label) in share_scale.ticks.iter().zip(&share_labels) {
        kit.text(
            area,
            label,
            (x(*t), plot_bottom + kit.len(6.0)),
            LABEL_SIZE,
            palette::TEXT,
            HPos::Center,
            VPos::Top,
        )?;
    }
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

    // Bars.
    let width = (right - left) / n.max(1) as f64;
    let gap = if width >= kit.len(4.0) {
        kit.len(1.0)
    } else {
        0.0
    };
    for (i, v) in chart.values.iter().enumerate() {
        let Some(v) = finite(*v) else { continue };
        if v <= 0.0 {
            continue;
        }
        let x0 = left + i as f64 * width;
        let y = value_scale.map(v, plot_bottom, plot_top);
        bar(
            area,
            (x0 + gap / 2.0, y),
            (x0 + width - gap / 2.0, plot_bottom),
            palette::PRIMARY_LIGHT,
        )?;
    }

    // Zone boundaries, over the bars.
    let mut from = 0.0_f64;
    for zone in chart.zones {
        let Some(to) = finite(zone.to) else { continue };
        let to = to.clamp(from, 1.0);
        if to > 0.0 && to < 1.0 {
            area.draw(&DashedPathElement::new(
                vec![to_px((x(to), plot_top)), to_px((x(to), plot_bottom))],
                kit.px(4.0),
                kit.px(3.0),
                palette::AXIS.stroke_width(kit.stroke(1.0)),
            ))?;
        }
        from = to;
    }

    // The cumulative line.
    if let [only] = curve[..] {
        let p = to_px((x(only.0), share_scale.map(only.1, plot_bottom, plot_top)));
        area.draw(&Circle::new(p, kit.px(3.0), palette::PRIMARY.filled()))?;
    } else if curve.len() > 1 {
        let points: Vec<(i32, i32)> = curve
            .iter()
            .map(|&(sx, sy)| to_px((x(sx), share_scale.map(sy, plot_bottom, plot_top))))
            .collect();
        area.draw(&PathElement::new(
            points,
            palette::PRIMARY.stroke_width(kit.stroke(2.5)),
        ))?;
    }
    area.present()?;
    Ok(())
}
