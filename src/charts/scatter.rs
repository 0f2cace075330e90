//! A scatter of numeric points with an optional fitted straight line: the weeks of a product
//! in ln price–ln quantity, with the constant-elasticity line the engine fitted. Unlike the
//! curve chart, neither axis is stretched to 0 (logarithms can sit far from it, or below).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{dims, tick_labels, to_px, AxisFormat, Kit, ValueScale, LABEL_SIZE, MARGIN};
use super::{palette, DrawResult};

/// Points with a fitted line.
pub struct ScatterChart<'a> {
    /// Chart title; empty for none.
    pub title: &'a str,
    /// The points (x, y); points that are not finite are left out.
    pub points: &'a [(f64, f64)],
    /// The fitted line's two ends, drawn over the points; `None` for none.
    pub line: Option<[(f64, f64); 2]>,
    /// The line's name, for the legend; empty for no legend.
    pub line_name: &'a str,
    /// Title of the x axis, under its labels; empty for none.
    pub x_title: &'a str,
    /// Title of the y axis, above its labels; empty for none.
    pub y_title: &'a str,
    /// Formats an x value for the x axis' labels.
    pub format_x: &'a dyn AxisFormat,
    /// Formats a y value for the y axis' labels.
    pub format_y: &'a dyn AxisFormat,
    /// Text shown when there is no finite point.
    pub empty_text: &'a str,
    /// Device pixel ratio.
    pub scale: f64,
}

fn finite_point(&(x, y): &(f64, f64)) -> Option<(f64, f64)> {
    (x.is_finite() && y.is_finite()).then_some((x, y))
}

/// Draws a [`ScatterChart`] on `area`: one hollow circle per point, the line on top.
pub fn draw_scatter_chart<DB>(area: &DrawingArea<DB, Shift>, chart: &ScatterChart) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let kit = Kit::new(chart.scale);
    area.fill(&WHITE)?;
    let (w, h) = dims(area);
    let points: Vec<(f64, f64)> = chart.points.iter().filter_map(finite_point).collect();
    let line: Option<[(f64, f64); 2]> = chart
        .line
        .and_then(|[a, b]| Some([finite_point(&a)?, finite_point(&b)?]));
    if points.is_empty() {
        let top = kit.header(area, chart.title, &[])?;
        return kit.placeholder(area, top, chart.empty_text);
    }
    let all = points.iter().chain(line.iter().flatten());
    let (x_lo, x_hi, y_lo, y_hi) = all.fold(
        (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ),
        |(a, b, c, d), &(x, y)| (a.min(x), b.max(x), c.min(y), d.max(y)),
    );
    let legend = if chart.line_name.is_empty() || line.is_none() {
        Vec::new()
    } else {
        vec![(super::kit::Mark::Line(palette::SECONDARY), chart.line_name)]
    };
    let top = kit.header(area, chart.title, &legend)?;
    let margin = kit.len(MARGIN);
    let y_title_room = if chart.y_title.is_empty() {
        0.0
    } else {
        let title = kit.fit(chart.y_title, LABEL_SIZE, w - 2.0 * margin);
        kit.text(
            area,
            &title,
            (margin, top + kit.line(LABEL_SIZE) / 2.0),
            LABEL_SIZE,
            palette::MUTED,
            HPos::Left,
            VPos::Center,
        )?;
        kit.line(LABEL_SIZE) + kit.len(2.0)
    };
    let plot_top = top + y_title_room + kit.line(LABEL_SIZE) / 2.0;
    let x_title_room = if chart.x_title.is_empty() {
        0.0
    } else {
        kit.line(LABEL_SIZE)
    };
    let plot_bottom = (h - margin - kit.line(LABEL_SIZE) - kit.len(4.0) - x_title_room)
        .max(plot_top + kit.len(1.0));
    let max_ticks = ((plot_bottom - plot_top) / kit.len(40.0))
        .floor()
        .clamp(2.0, 6.0) as usize;
    let y_scale = ValueScale::spanning(y_lo, y_hi, max_ticks);
    let y_labels: Vec<String> = tick_labels(chart.format_y, &y_scale.ticks);
    let left = margin + kit.widest(&y_labels, LABEL_SIZE) + kit.len(8.0);
    let right = (w - margin - kit.len(16.0)).max(left + kit.len(1.0));
    let x_ticks = (((right - left) / kit.len(70.0)).floor() as usize).clamp(2, 8);
    let x_scale = ValueScale::spanning(x_lo, x_hi, x_ticks);
    let x_labels: Vec<String> = tick_labels(chart.format_x, &x_scale.ticks);
    let x = |v: f64| x_scale.map(v, left, right);
    let y = |v: f64| y_scale.map(v, plot_bottom, plot_top);

    kit.y_axis(
        area,
        &y_scale,
        &y_labels,
        (left, right),
        (plot_bottom, plot_top),
        true,
        false,
    )?;
    let mut last_right = f64::NEG_INFINITY;
    for (i, (t, label)) in x_scale.ticks.iter().zip(&x_labels).enumerate() {
        let tx = x(*t);
        let color = if i == 0 { palette::AXIS } else { palette::GRID };
        area.draw(&PathElement::new(
            vec![to_px((tx, plot_top)), to_px((tx, plot_bottom))],
            color.stroke_width(kit.stroke(1.0)),
        ))?;
        let half = kit.text_width(label, LABEL_SIZE) / 2.0;
        if tx - half < last_right + kit.len(4.0) {
            continue;
        }
        last_right = tx + half;
        kit.text(
            area,
            label,
            (tx, plot_bottom + kit.len(6.0)),
            LABEL_SIZE,
            palette::TEXT,
            HPos::Center,
            VPos::Top,
        )?;
    }
    if !chart.x_title.is_empty() {
        let title = kit.fit(chart.x_title, LABEL_SIZE, w - 2.0 * margin);
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
    for &(px, py) in &points {
        area.draw(&Circle::new(
            to_px((x(px), y(py))),
            kit.px(3.5),
            palette::PRIMARY.stroke_width(kit.stroke(1.2)),
        ))?;
    }
    if let Some([a, b]) = line {
        area.draw(&PathElement::new(
            vec![to_px((x(a.0), y(a.1))), to_px((x(b.0), y(b.1)))],
            palette::SECONDARY.stroke_width(kit.stroke(2.5)),
        ))?;
    }
    area.present()?;
    Ok(())
}
