//! A time series with an optional comparison series (last year) and marked peaks.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{dims, finite, to_px, AxisFormat, Kit, Mark, ValueScale, LABEL_SIZE, MARGIN};
use super::{palette, DrawResult};

/// A time series (up to a few hundred points: days of a year) against an optional comparison
/// series, with peaks marked by a dot and their value.
pub struct TrendChart<'a> {
    /// Chart title; empty for none.
    pub title: &'a str,
    /// One label per point, oldest first (dates, weeks, months). Shown thinned when they do not
    /// all fit.
    pub labels: &'a [String],
    /// The points' values, oldest first.
    pub values: &'a [f64],
    /// The comparison series (last year) per point, drawn dashed grey; `None` where it has no
    /// value. `None` for no comparison at all.
    pub comparison: Option<&'a [Option<f64>]>,
    /// Legend text of the main and of the comparison series.
    pub series_names: (&'a str, &'a str),
    /// Indices into `values` of the points to mark with a dot and their value above.
    pub peaks: &'a [usize],
    /// Formats a value for the y axis.
    pub format_y: &'a dyn AxisFormat,
    /// Formats a peak's value for its label.
    pub format_value: &'a dyn Fn(f64) -> String,
    /// Text shown when there is no point with a value (in either series).
    pub empty_text: &'a str,
    /// Device pixel ratio.
    pub scale: f64,
}

/// Draws a [`TrendChart`] on `area`.
pub fn draw_trend_chart<DB>(area: &DrawingArea<DB, Shift>, chart: &TrendChart) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let kit = Kit::new(chart.scale);
    area.fill(&WHITE)?;
    let (w, h) = dims(area);
    let n = chart.values.len();
    let comparison: &[Option<f64>] = chart.comparison.unwrap_or(&[]);
    let comparison = &comparison[..comparison.len().min(n)];
    let main_values = chart.values.iter().copied().filter_map(finite);
    let comparison_values = comparison.iter().flatten().copied().filter_map(finite);
    let (lo, hi) = main_values
        .clone()
        .chain(comparison_values.clone())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if hi < lo {
        let top = kit.header(area, chart.title, &[])?;
        return kit.placeholder(area, top, chart.empty_text);
    }

    let mut legend = vec![(Mark::Line(palette::PRIMARY), chart.series_names.0)];
    if comparison_values.clone().next().is_some() {
        legend.push((Mark::Dashed(palette::COMPARISON), chart.series_names.1));
    }
    let top = kit.header(area, chart.title, &legend)?;
    let peaks: Vec<(usize, f64)> = {
        let mut p: Vec<(usize, f64)> = chart
            .peaks
            .iter()
            .filter_map(|&i| Some((i, finite(*chart.values.get(i)?)?)))
            .collect();
        p.sort_by_key(|(i, _)| *i);
        p.dedup_by_key(|(i, _)| *i);
        p
    };
    // Room above the top grid line for the peaks' labels, or for half the grid line's label.
    let headroom = if peaks.is_empty() {
        kit.line(LABEL_SIZE) / 2.0
    } else {
        kit.line(LABEL_SIZE) + kit.len(6.0)
    };
    let plot_top = top + headroom;
    let plot_bottom = h - kit.len(MARGIN) - kit.line(LABEL_SIZE) - kit.len(4.0);
    let max_ticks = ((plot_bottom - plot_top) / kit.len(40.0))
        .floor()
        .clamp(2.0, 6.0) as usize;
    let (scale, tick_labels) = ValueScale::nice_labelled(lo, hi, max_ticks, chart.format_y);
    let left = kit.len(MARGIN) + kit.widest(&tick_labels, LABEL_SIZE) + kit.len(8.0);
    let right = w - kit.len(MARGIN + 8.0);
    let band = (right - left) / n as f64;
    let x = |i: usize| left + (i as f64 + 0.5) * band;
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
    kit.x_labels(
        area,
        chart.labels,
        n,
        &x,
        band,
        plot_bottom + kit.len(6.0),
        LABEL_SIZE,
    )?;

    // The comparison, dashed, in runs between its gaps.
    let dashed = palette::COMPARISON.stroke_width(kit.stroke(2.0));
    for run in runs(comparison.iter().map(|v| v.and_then(finite))) {
        let points: Vec<(i32, i32)> = run.iter().map(|&(i, v)| to_px((x(i), y(v)))).collect();
        if let [only] = points[..] {
            area.draw(&Circle::new(
                only,
                kit.px(2.0),
                palette::COMPARISON.filled(),
            ))?;
        } else {
            area.draw(&DashedPathElement::new(
                points,
                kit.px(6.0),
                kit.px(4.0),
                dashed,
            ))?;
        }
    }

    // The main series: one polyline per run of finite values.
    let width = if n > 60 { 2.0 } else { 2.5 };
    let main = palette::PRIMARY.stroke_width(kit.stroke(width));
    for run in runs(chart.values.iter().map(|v| finite(*v))) {
        let points: Vec<(i32, i32)> = run.iter().map(|&(i, v)| to_px((x(i), y(v)))).collect();
        if let [only] = points[..] {
            area.draw(&Circle::new(only, kit.px(3.0), palette::PRIMARY.filled()))?;
        } else {
            area.draw(&PathElement::new(points.clone(), main))?;
            // Few points (months, weeks) get a hollow marker each.
            if band >= kit.len(18.0) {
                for p in points {
                    area.draw(&Circle::new(p, kit.px(3.0), WHITE.filled()))?;
                    area.draw(&Circle::new(
                        p,
                        kit.px(3.0),
                        palette::PRIMARY.stroke_width(kit.stroke(2.0)),
                    ))?;
                }
            }
        }
    }

    // Peaks: a dot, and the value above it (below when that would cover a higher peak's label).
    for &(i, v) in &peaks {
        let centre = to_px((x(i), y(v)));
        area.draw(&Circle::new(centre, kit.px(6.0), WHITE.filled()))?;
        area.draw(&Circle::new(centre, kit.px(4.0), palette::PRIMARY.filled()))?;
    }
    let mut by_height = peaks.clone();
    by_height.sort_by(|a, b| b.1.total_cmp(&a.1));
    let line = kit.line(LABEL_SIZE);
    let mut placed: Vec<[f64; 4]> = Vec::new();
    for (i, v) in by_height {
        let text = (chart.format_value)(v);
        let half = kit.text_width(&text, LABEL_SIZE) / 2.0;
        let edge = kit.len(4.0);
        let cx = x(i).clamp(edge + half, (w - edge - half).max(edge + half));
        let above = y(v) - kit.len(8.0) - line / 2.0;
        let below = y(v) + kit.len(10.0) + line / 2.0;
        let boxed = |cy: f64| [cx - half, cy - line / 2.0, cx + half, cy + line / 2.0];
        let free = |b: &[f64; 4]| !placed.iter().any(|p| overlaps(p, b));
        let spot = [above, below].into_iter().find(|&cy| {
            let b = boxed(cy);
            b[1] >= top - kit.len(2.0) && b[3] <= plot_bottom && free(&b)
        });
        if let Some(cy) = spot {
            placed.push(boxed(cy));
            kit.text(
                area,
                &text,
                (cx, cy),
                LABEL_SIZE,
                palette::TEXT,
                HPos::Center,
                VPos::Center,
            )?;
        }
    }
    area.present()?;
    Ok(())
}

/// The runs of consecutive `Some` values, with their indices.
fn runs(values: impl Iterator<Item = Option<f64>>) -> Vec<Vec<(usize, f64)>> {
    let mut out: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.enumerate() {
        match v {
            Some(v) => current.push((i, v)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether two boxes `[x0, y0, x1, y1]` overlap.
fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}
