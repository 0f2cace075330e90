//! Horizontal bars by category: rankings, categories, regions, segments; one or two series.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{bar, dims, finite, to_px, Kit, Mark, LABEL_SIZE, MARGIN, SMALL_SIZE, TITLE_SIZE};
use super::{palette, DrawResult};

/// Horizontal bars, one row per category, top to bottom in the given order, with each value
/// written at its bar's end. A second series (e.g. share of revenue beside share of spend) is
/// drawn as a second, orange bar under the first in each row.
pub struct BarChart<'a> {
    /// Chart title; empty for none.
    pub title: &'a str,
    /// One label per category (product names, regions, …); cut with "…" to fit.
    pub labels: &'a [String],
    /// The main series, one value per category.
    pub values: &'a [f64],
    /// The second series, one value per category (`None`: no bar, no label); `None` for a
    /// single series.
    pub second: Option<&'a [Option<f64>]>,
    /// Legend text of the two series; the legend is drawn only with a second series.
    pub series_names: (&'a str, &'a str),
    /// Formats a value for the label at the end of its bar.
    pub format_value: &'a dyn Fn(f64) -> String,
    /// Text shown when there is no category.
    pub empty_text: &'a str,
    /// Device pixel ratio.
    pub scale: f64,
}

impl BarChart<'_> {
    /// A height in CSS pixels at which every category gets a comfortable row (28 px, 40 px with
    /// two series), for sizing the canvas.
    pub fn preferred_height(&self) -> f64 {
        let rows = self.values.len().max(3) as f64;
        let row = if self.second.is_some() { 40.0 } else { 28.0 };
        let header = if self.title.is_empty() {
            0.0
        } else {
            TITLE_SIZE * 1.3 + 4.0
        } + if self.second.is_some() {
            LABEL_SIZE * 1.3 + 4.0
        } else {
            0.0
        };
        (2.0 * MARGIN + 6.0 + header + rows * row).ceil()
    }
}

/// Draws a [`BarChart`] on `area`.
pub fn draw_bar_chart<DB>(area: &DrawingArea<DB, Shift>, chart: &BarChart) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let kit = Kit::new(chart.scale);
    area.fill(&WHITE)?;
    let (w, h) = dims(area);
    let n = chart.values.len();
    if n == 0 {
        let top = kit.header(area, chart.title, &[])?;
        return kit.placeholder(area, top, chart.empty_text);
    }
    let second: Option<Vec<Option<f64>>> = chart.second.map(|s| {
        (0..n)
            .map(|i| s.get(i).copied().flatten().and_then(finite))
            .collect()
    });
    let legend = if second.is_some() {
        vec![
            (Mark::Swatch(palette::PRIMARY), chart.series_names.0),
            (Mark::Swatch(palette::SECONDARY), chart.series_names.1),
        ]
    } else {
        Vec::new()
    };
    let top = kit.header(area, chart.title, &legend)?;
    let bottom = h - kit.len(MARGIN);
    let max_row = kit.len(if second.is_some() { 52.0 } else { 40.0 });
    let row = ((bottom - top) / n as f64).min(max_row).max(1.0);

    let label_size = (row / kit.len(1.0) * 0.72).clamp(8.0, LABEL_SIZE);
    let value_size = if second.is_some() {
        (row / kit.len(1.0) * 0.36).clamp(8.0, SMALL_SIZE)
    } else {
        label_size
    };

    // Every pair of a value and its label; `None` where there is no bar.
    let main: Vec<Option<f64>> = chart.values.iter().map(|v| finite(*v)).collect();
    let series: Vec<(&[Option<f64>], RGBColor)> = match &second {
        Some(s) => vec![(&main[..], palette::PRIMARY), (&s[..], palette::SECONDARY)],
        None => vec![(&main[..], palette::PRIMARY)],
    };
    let all = series.iter().flat_map(|(s, _)| s.iter().flatten().copied());
    let lo = all.clone().fold(0.0_f64, f64::min);
    let hi = all.clone().fold(0.0_f64, f64::max);
    let value_labels: Vec<Vec<Option<String>>> = series
        .iter()
        .map(|(s, _)| s.iter().map(|v| v.map(chart.format_value)).collect())
        .collect();
    let value_room = value_labels
        .iter()
        .flatten()
        .flatten()
        .map(|t| kit.text_width(t, value_size))
        .fold(0.0, f64::max)
        + kit.len(6.0);

    let labels: Vec<String> = (0..n)
        .map(|i| {
            let label = chart.labels.get(i).map(String::as_str).unwrap_or("");
            kit.fit(label, label_size, w * 0.38)
        })
        .collect();
    // A tenth more than the estimate: wide fonts (DejaVu Sans, the Linux fallback) run up to
    // 8 % over `Kit::text_width`, and a long label right-aligned against the bars was cut at
    // the drawing's left edge.
    let label_room = kit.widest(&labels, label_size) * 1.1;
    let left =
        kit.len(MARGIN) + label_room + kit.len(8.0) + if lo < 0.0 { value_room } else { 0.0 };
    let right =
        (w - kit.len(MARGIN) - if hi > 0.0 { value_room } else { 0.0 }).max(left + kit.len(10.0));
    let x = |v: f64| {
        if hi > lo {
            left + (v - lo) / (hi - lo) * (right - left)
        } else {
            left
        }
    };
    let zero = x(0.0);

    let thickness = if series.len() == 2 {
        row * 0.36
    } else {
        row * 0.62
    };
    let gap = if series.len() == 2 {
        kit.len(2.0).min(row * 0.05)
    } else {
        0.0
    };
    let pair = thickness * series.len() as f64 + gap * (series.len() - 1) as f64;
    for i in 0..n {
        let row_top = top + i as f64 * row;
        let mid = row_top + row / 2.0;
        kit.text(
            area,
            &labels[i],
            (
                left - kit.len(8.0) - if lo < 0.0 { value_room } else { 0.0 },
                mid,
            ),
            label_size,
            palette::TEXT,
            HPos::Right,
            VPos::Center,
        )?;
        for (k, (values, color)) in series.iter().enumerate() {
            let Some(v) = values[i] else { continue };
            let y0 = mid - pair / 2.0 + k as f64 * (thickness + gap);
            let end = x(v);
            // A value too small to see still gets a sliver.
            let end = if v != 0.0 && (end - zero).abs() < kit.len(1.0) {
                zero + kit.len(1.0).copysign(v)
            } else {
                end
            };
            if v != 0.0 {
                bar(area, (zero, y0), (end, y0 + thickness), *color)?;
            }
            if let Some(text) = &value_labels[k][i] {
                let (tx, anchor) = if v < 0.0 {
                    (end - kit.len(4.0), HPos::Right)
                } else {
                    (end + kit.len(4.0), HPos::Left)
                };
                kit.text(
                    area,
                    text,
                    (tx, y0 + thickness / 2.0),
                    value_size,
                    palette::TEXT,
                    anchor,
                    VPos::Center,
                )?;
            }
        }
    }
    // The zero line.
    area.draw(&PathElement::new(
        vec![to_px((zero, top)), to_px((zero, top + n as f64 * row))],
        palette::AXIS.stroke_width(kit.stroke(1.0)),
    ))?;
    area.present()?;
    Ok(())
}
