//! Vertical stacked bars by period, with a legend.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::kit::{bar, dims, finite, AxisFormat, Kit, Mark, ValueScale, LABEL_SIZE, MARGIN};
use super::{palette, DrawResult};

/// One series of a [`StackedBars`] chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StackSeries<'a> {
    /// Legend text.
    pub name: &'a str,
    /// One value per period; values at or below 0 (and missing ones) add nothing.
    pub values: &'a [f64],
}

/// Per period, one bar with the series stacked bottom to top in the given order (new buyers,
/// then returning buyers by month); colours follow [`palette::SERIES`].
pub struct StackedBars<'a> {
    /// Chart title; empty for none.
    pub title: &'a str,
    /// One label per period, oldest first; shown thinned when they do not all fit.
    pub labels: &'a [String],
    /// The series, bottom of the stack first.
    pub series: &'a [StackSeries<'a>],
    /// Formats a value for the y axis.
    pub format_y: &'a dyn AxisFormat,
    /// Text shown when there is no period.
    pub empty_text: &'a str,
    /// Device pixel ratio.
    pub scale: f64,
}

/// Draws a [`StackedBars`] chart on `area`.
pub fn draw_stacked_bars<DB>(area: &DrawingArea<DB, Shift>, chart: &StackedBars) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let kit = Kit::new(chart.scale);
    area.fill(&WHITE)?;
    let (w, h) = dims(area);
    let n = chart
        .series
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(0)
        .max(chart.labels.len());
    let value = |s: &StackSeries, i: usize| {
        s.values
            .get(i)
            .copied()
            .and_then(finite)
            .filter(|v| *v > 0.0)
    };
    if n == 0 || chart.series.is_empty() {
        let top = kit.header(area, chart.title, &[])?;
        return kit.placeholder(area, top, chart.empty_text);
    }
    let color = |k: usize| palette::SERIES[k % palette::SERIES.len()];
    let legend: Vec<(Mark, &str)> = chart
        .series
        .iter()
        .enumerate()
        .map(|(k, s)| (Mark::Swatch(color(k)), s.name))
        .collect();
    // Room above the top grid line for half its label.
    let top = kit.header(area, chart.title, &legend)? + kit.line(LABEL_SIZE) / 2.0;
    let plot_bottom = h - kit.len(MARGIN) - kit.line(LABEL_SIZE) - kit.len(4.0);
    // The height of the highest stack, for the axis (drawing, not a figure shown).
    let highest = (0..n)
        .map(|i| chart.series.iter().filter_map(|s| value(s, i)).sum::<f64>())
        .fold(0.0_f64, f64::max);
    let max_ticks = ((plot_bottom - top) / kit.len(40.0))
        .floor()
        .clamp(2.0, 6.0) as usize;
    let (scale, tick_labels) = ValueScale::nice_labelled(0.0, highest, max_ticks, chart.format_y);
    let left = kit.len(MARGIN) + kit.widest(&tick_labels, LABEL_SIZE) + kit.len(8.0);
    let right = w - kit.len(MARGIN);
    let band = (right - left) / n as f64;
    let y = |v: f64| scale.map(v, plot_bottom, top);
    let centre = |i: usize| left + (i as f64 + 0.5) * band;

    kit.y_axis(
        area,
        &scale,
        &tick_labels,
        (left, right),
        (plot_bottom, top),
        true,
        false,
    )?;
    kit.x_labels(
        area,
        chart.labels,
        n,
        &centre,
        band,
        plot_bottom + kit.len(6.0),
        LABEL_SIZE,
    )?;

    let width = (band * 0.64).min(kit.len(56.0));
    // A thin white line between segments, when they are tall enough to spare it.
    let seam = kit.len(1.0);
    for i in 0..n {
        let (x0, x1) = (centre(i) - width / 2.0, centre(i) + width / 2.0);
        let mut base = 0.0;
        for (k, s) in chart.series.iter().enumerate() {
            let Some(v) = value(s, i) else { continue };
            let (bottom, top) = (y(base), y(base + v));
            let bottom = if base > 0.0 && bottom - top > 3.0 * seam {
                bottom - seam
            } else {
                bottom
            };
            bar(area, (x0, top), (x1, bottom), color(k))?;
            base += v;
        }
    }
    area.present()?;
    Ok(())
}
