//! A heat map: rows × columns of values on a sequential light-to-dark blue scale.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{
    bar, dims, finite, label_step, shade, Kit, LABEL_SIZE, MARGIN, SMALL_SIZE, TITLE_SIZE,
};
use super::{palette, DrawResult};

/// A grid of values coloured from light blue (the low end) to dark blue (the high end):
/// weekday × hour, the cohort retention triangle, the ABC-XYZ matrix. A colour ramp with
/// the formatted ends of the scale is drawn at the top right.
pub struct HeatMap<'a> {
    /// Chart title; empty for none.
    pub title: &'a str,
    /// One label per row, top to bottom; cut with "…" to fit.
    pub row_labels: &'a [String],
    /// One label per column, left to right; shown thinned when they do not all fit.
    pub column_labels: &'a [String],
    /// The values by row (one row per entry, top to bottom) then column; `None` leaves the
    /// cell empty (white), as does a row shorter than the others.
    pub values: &'a [Vec<Option<f64>>],
    /// The values at the light and the dark end of the scale (values beyond are clamped);
    /// `None` for 0 (or the smallest value when below 0) to the largest value.
    pub domain: Option<(f64, f64)>,
    /// Formats a cell's value for its text; `None` for no text. The texts are drawn only when
    /// every one of them fits in its cell (the 7 × 24 grid of a narrow screen has no room).
    pub format_cell: Option<&'a dyn Fn(f64) -> String>,
    /// Formats the values at the ends of the colour ramp.
    pub format_legend: &'a dyn Fn(f64) -> String,
    /// Text shown when no cell has a value.
    pub empty_text: &'a str,
    /// Device pixel ratio.
    pub scale: f64,
}

/// Draws a [`HeatMap`] on `area`.
pub fn draw_heat_map<DB>(area: &DrawingArea<DB, Shift>, chart: &HeatMap) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let kit = Kit::new(chart.scale);
    area.fill(&WHITE)?;
    let (w, h) = dims(area);
    let rows = chart.values.len();
    let cols = chart
        .values
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(chart.column_labels.len());
    let all = chart
        .values
        .iter()
        .flatten()
        .flatten()
        .copied()
        .filter_map(finite);
    let (min, max) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if max < min {
        let top = kit.header(area, chart.title, &[])?;
        return kit.placeholder(area, top, chart.empty_text);
    }
    let (lo, hi) = match chart.domain {
        Some((a, b)) if a.is_finite() && b.is_finite() => (a, b),
        _ => (min.min(0.0), max),
    };
    let t = |v: f64| {
        if hi > lo {
            (v - lo) / (hi - lo)
        } else if v > lo {
            1.0
        } else {
            0.0
        }
    };

    // The title, with the colour ramp at its right (or on a row of its own).
    let margin = kit.len(MARGIN);
    let (lo_text, hi_text) = ((chart.format_legend)(lo), (chart.format_legend)(hi));
    let ramp = kit.len(96.0);
    let ramp_h = kit.len(10.0);
    let pad = kit.len(6.0);
    let ramp_total = kit.text_width(&lo_text, LABEL_SIZE)
        + kit.text_width(&hi_text, LABEL_SIZE)
        + ramp
        + 2.0 * pad;
    let title_room = w - 2.0 * margin - ramp_total - kit.len(16.0);
    let ramp_row = kit.line(LABEL_SIZE) + kit.len(8.0);
    let (ramp_mid, top) = if chart.title.is_empty() {
        (margin + kit.line(LABEL_SIZE) / 2.0, margin + ramp_row)
    } else if title_room >= kit.len(TITLE_SIZE * 6.0) {
        let title = kit.fit(chart.title, TITLE_SIZE, title_room);
        let below_title = kit.header(area, &title, &[])?;
        (margin + kit.line(TITLE_SIZE) / 2.0, below_title)
    } else {
        let below_title = kit.header(area, chart.title, &[])?;
        let mid = below_title - kit.len(6.0) + kit.line(LABEL_SIZE) / 2.0;
        (mid, below_title + ramp_row)
    };
    let mut rx = w - margin - ramp_total;
    kit.text(
        area,
        &lo_text,
        (rx, ramp_mid),
        LABEL_SIZE,
        palette::TEXT,
        HPos::Left,
        VPos::Center,
    )?;
    rx += kit.text_width(&lo_text, LABEL_SIZE) + pad;
    let steps = 24;
    for s in 0..steps {
        let x0 = rx + ramp * s as f64 / steps as f64;
        let x1 = rx + ramp * (s + 1) as f64 / steps as f64;
        let color = palette::heat((s as f64 + 0.5) / steps as f64);
        shade(
            area,
            (x0, ramp_mid - ramp_h / 2.0),
            (x1, ramp_mid + ramp_h / 2.0),
            color,
        )?;
    }
    kit.text(
        area,
        &hi_text,
        (rx + ramp + pad, ramp_mid),
        LABEL_SIZE,
        palette::TEXT,
        HPos::Left,
        VPos::Center,
    )?;

    // The grid.
    let row_labels: Vec<String> = (0..rows)
        .map(|r| {
            let label = chart.row_labels.get(r).map(String::as_str).unwrap_or("");
            kit.fit(label, LABEL_SIZE, w * 0.3)
        })
        .collect();
    let left = margin + kit.widest(&row_labels, LABEL_SIZE) + kit.len(8.0);
    let right = w - margin;
    let grid_top = top + kit.line(LABEL_SIZE) + kit.len(4.0);
    let bottom = h - margin;
    let cell_w = (right - left) / cols.max(1) as f64;
    let cell_h = ((bottom - grid_top) / rows.max(1) as f64).min(kit.len(72.0));
    kit.x_labels(
        area,
        chart.column_labels,
        cols,
        &|c| left + (c as f64 + 0.5) * cell_w,
        cell_w,
        top,
        LABEL_SIZE,
    )?;
    let row_step = label_step(kit.line(LABEL_SIZE), cell_h);
    for (r, label) in row_labels.iter().enumerate().step_by(row_step) {
        kit.text(
            area,
            label,
            (left - kit.len(8.0), grid_top + (r as f64 + 0.5) * cell_h),
            LABEL_SIZE,
            palette::TEXT,
            HPos::Right,
            VPos::Center,
        )?;
    }

    let gap = if cell_w > kit.len(6.0) && cell_h > kit.len(6.0) {
        kit.len(1.5)
    } else {
        0.0
    };
    let text_size = if cell_h >= kit.len(40.0) && cell_w >= kit.len(60.0) {
        LABEL_SIZE + 1.0
    } else {
        SMALL_SIZE
    };
    let texts: Vec<Vec<Option<String>>> = chart
        .values
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| {
                    let v = v.and_then(finite)?;
                    chart.format_cell.map(|f| f(v))
                })
                .collect()
        })
        .collect();
    let fits = texts.iter().flatten().flatten().all(|text| {
        kit.text_width(text, text_size) <= cell_w - gap - kit.len(4.0)
            && kit.line(text_size) <= cell_h - gap
    });
    for (r, row) in chart.values.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let Some(v) = v.and_then(finite) else {
                continue;
            };
            let color = palette::heat(t(v));
            let (x0, y0) = (left + c as f64 * cell_w, grid_top + r as f64 * cell_h);
            bar(
                area,
                (x0 + gap / 2.0, y0 + gap / 2.0),
                (x0 + cell_w - gap / 2.0, y0 + cell_h - gap / 2.0),
                color,
            )?;
            if fits {
                if let Some(Some(text)) = texts.get(r).and_then(|t| t.get(c)) {
                    kit.text(
                        area,
                        text,
                        (x0 + cell_w / 2.0, y0 + cell_h / 2.0),
                        text_size,
                        palette::text_on(color),
                        HPos::Center,
                        VPos::Center,
                    )?;
                }
            }
        }
    }
    area.present()?;
    Ok(())
}
