//! The budget split by channel: today's and the best spend as two thin bars per row, and the
//! row's bounds as a range with a draggable handle at each end.
//!
//! The geometry lives in [`allocation_layout`], which the drawing itself uses, so a page that
//! hit-tests and drags the handles ([`hit_handle`], [`AllocationLayout::value_at`]) works on
//! the very pixels that were drawn.

use plotters::coord::Shift;
use plotters::element::Polygon;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{
    bar, dims, to_px, Kit, Mark, ValueScale, LABEL_SIZE, MARGIN, SMALL_SIZE, TITLE_SIZE,
};
use super::kit::{legend_rows, tick_labels, AxisFormat};
use super::{palette, DrawResult};

/// The tallest a row gets, in CSS pixels.
const MAX_ROW: f64 = 64.0;
/// The row height [`AllocationChart::preferred_height`] plans for, in CSS pixels.
const PREFERRED_ROW: f64 = 56.0;

/// One row per channel, top to bottom in the given order: a grey bar for today's spend, a blue
/// bar for the best spend (each with its value at its end; in rows too thin for two lines of
/// text, the best spend's only), and under them the channel's
/// bounds as a range line from `min` to `max` with a handle at each end; a locked channel shows
/// a lock and `locked_text` instead of the range.
pub struct AllocationChart<'a> {
    /// Chart title; empty for none.
    pub title: &'a str,
    /// One label per channel; cut with "…" to fit.
    pub labels: &'a [String],
    /// Today's spend per channel (a value that is not finite: no bar, no label).
    pub today: &'a [f64],
    /// The best spend per channel.
    pub best: &'a [f64],
    /// Each channel's bounds (min, max); an end that is not finite has no handle.
    pub bounds: &'a [(f64, f64)],
    /// Whether each channel is locked (missing entries: not locked).
    pub locked: &'a [bool],
    /// Legend text of today's and of the best spend.
    pub series_names: (&'a str, &'a str),
    /// Text beside a locked row's lock ("已锁定"); empty for the lock alone.
    pub locked_text: &'a str,
    /// The axis maximum, fixed so the scale does not jump while a handle is dragged (rounded
    /// up to a round tick; extended only if a value or an unlocked bound goes beyond it).
    /// `None`: from the values and the unlocked rows' bounds.
    pub x_max: Option<f64>,
    /// Formats a spend for the labels at the bars' ends and on the axis.
    pub format_value: &'a dyn AxisFormat,
    /// Text shown when there is no channel.
    pub empty_text: &'a str,
    /// Device pixel ratio.
    pub scale: f64,
}

impl AllocationChart<'_> {
    /// A height in CSS pixels at which every channel gets a comfortable row (56 px), for
    /// sizing the canvas.
    pub fn preferred_height(&self) -> f64 {
        let rows = row_count(self).max(2) as f64;
        (header_bottom(&Kit::new(1.0), self.title, 1)
            + rows * PREFERRED_ROW
            + axis_room(&Kit::new(1.0)))
        .ceil()
    }
}

/// Which end of a row's bounds a handle sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HandleEnd {
    /// The lowest spend.
    Min,
    /// The highest spend.
    Max,
}

/// One row of an [`AllocationLayout`], in device pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct AllocationRow {
    /// Top of the row.
    pub top: f64,
    /// Bottom of the row.
    pub bottom: f64,
    /// Vertical centre of the row.
    pub y: f64,
    /// Top and bottom of today's bar.
    pub today_bar: (f64, f64),
    /// Top and bottom of the best spend's bar.
    pub best_bar: (f64, f64),
    /// The y of the range line and of the handles' centres.
    pub track_y: f64,
    /// Centre of the min handle; `None` when locked or the min is not finite.
    pub min_handle: Option<(f64, f64)>,
    /// Centre of the max handle; `None` when locked or the max is not finite.
    pub max_handle: Option<(f64, f64)>,
    /// Whether the row is locked (no handles).
    pub locked: bool,
}

/// Where everything of an [`AllocationChart`] goes on a canvas of a given size, in device
/// pixels: what the drawing uses, and what a page hit-tests and drags with.
#[derive(Clone, Debug, PartialEq)]
pub struct AllocationLayout {
    /// The x of the axis' left end (the value [`lo`](Self::lo)).
    pub left: f64,
    /// The x of the axis' right end (the value [`hi`](Self::hi)).
    pub right: f64,
    /// The value at `left` (0, or below for negative values).
    pub lo: f64,
    /// The value at `right`.
    pub hi: f64,
    /// Top of the first row.
    pub top: f64,
    /// Bottom of the last row (the axis' labels are below it).
    pub bottom: f64,
    /// One per channel, top to bottom.
    pub rows: Vec<AllocationRow>,
    /// Half the width of a handle.
    pub handle_half_width: f64,
    /// Half the height of a handle.
    pub handle_half_height: f64,
    ticks: Vec<f64>,
    tick_labels: Vec<String>,
    labels: Vec<String>,
    label_size: f64,
    value_size: f64,
    today: Vec<Option<(f64, String)>>,
    best: Vec<Option<(f64, String)>>,
    ranges: Vec<Option<(f64, f64)>>,
}

impl AllocationLayout {
    /// The value at pixel `x`, clamped to the axis (`lo` to `hi`); `lo` for a pixel that is
    /// not a number.
    pub fn value_at(&self, x: f64) -> f64 {
        let span = self.right - self.left;
        if !x.is_finite() || span.is_nan() || span <= 0.0 {
            return self.lo;
        }
        let t = ((x - self.left) / span).clamp(0.0, 1.0);
        (self.lo + t * (self.hi - self.lo)).clamp(self.lo, self.hi)
    }

    /// The pixel of value `v`, clamped to the axis (`left` to `right`); `left` for a value
    /// that is not a number.
    pub fn x_of(&self, v: f64) -> f64 {
        let span = self.hi - self.lo;
        if !v.is_finite() || span.is_nan() || span <= 0.0 {
            return self.left;
        }
        let t = ((v - self.lo) / span).clamp(0.0, 1.0);
        self.left + t * (self.right - self.left)
    }

    /// The centre of a handle, if row `row` has it.
    pub fn handle(&self, row: usize, end: HandleEnd) -> Option<(f64, f64)> {
        let r = self.rows.get(row)?;
        match end {
            HandleEnd::Min => r.min_handle,
            HandleEnd::Max => r.max_handle,
        }
    }
}

/// The handle under the pointer at (`x`, `y`) device pixels, allowing `tolerance` pixels
/// around each handle: its row and end, the nearest when several are in reach. When a row's
/// two handles sit on each other, the pointer's side picks the end (right of their centre:
/// `Max`, left: `Min`). Locked rows have no handles.
pub fn hit_handle(
    layout: &AllocationLayout,
    x: f64,
    y: f64,
    tolerance: f64,
) -> Option<(usize, HandleEnd)> {
    if !x.is_finite() || !y.is_finite() {
        return None;
    }
    let tolerance = if tolerance.is_finite() {
        tolerance.max(0.0)
    } else {
        0.0
    };
    let mut found: Option<(f64, usize, HandleEnd)> = None;
    for (i, row) in layout.rows.iter().enumerate() {
        for (end, handle) in [
            (HandleEnd::Min, row.min_handle),
            (HandleEnd::Max, row.max_handle),
        ] {
            let Some((hx, hy)) = handle else { continue };
            let (dx, dy) = ((x - hx).abs(), (y - hy).abs());
            if dx > layout.handle_half_width + tolerance
                || dy > layout.handle_half_height + tolerance
            {
                continue;
            }
            let d = dx.hypot(dy);
            found = match found {
                Some((bd, bi, _)) if bi == i && (d - bd).abs() < 1e-9 => {
                    let side = if x >= hx {
                        HandleEnd::Max
                    } else {
                        HandleEnd::Min
                    };
                    Some((d, i, side))
                }
                Some((bd, _, _)) if bd <= d => found,
                _ => Some((d, i, end)),
            };
        }
    }
    found.map(|(_, i, end)| (i, end))
}

/// The layout of `chart` on a canvas `width` × `height` device pixels.
pub fn allocation_layout(chart: &AllocationChart, width: f64, height: f64) -> AllocationLayout {
    let kit = Kit::new(chart.scale);
    let w = if width.is_finite() {
        width.max(0.0)
    } else {
        0.0
    };
    let h = if height.is_finite() {
        height.max(0.0)
    } else {
        0.0
    };
    let margin = kit.len(MARGIN);
    let n = row_count(chart);
    let legend_rows = if n > 0 {
        legend_rows(&kit.legend_layout(w, &legend(chart)))
    } else {
        0
    };
    let top = header_bottom(&kit, chart.title, legend_rows);
    let room = (h - axis_room(&kit) - top).max(0.0);
    let row = if n > 0 {
        (room / n as f64).min(kit.len(MAX_ROW))
    } else {
        0.0
    };
    let bottom = top + row * n as f64;

    let locked: Vec<bool> = (0..n)
        .map(|i| chart.locked.get(i).copied().unwrap_or(false))
        .collect();
    let today: Vec<Option<f64>> = (0..n)
        .map(|i| chart.today.get(i).copied().and_then(usable))
        .collect();
    let best: Vec<Option<f64>> = (0..n)
        .map(|i| chart.best.get(i).copied().and_then(usable))
        .collect();
    let bounds: Vec<(Option<f64>, Option<f64>)> = (0..n)
        .map(|i| match chart.bounds.get(i) {
            Some(&(lo, hi)) if !locked[i] => (usable(lo), usable(hi)),
            _ => (None, None),
        })
        .collect();
    let all = today
        .iter()
        .chain(&best)
        .flatten()
        .copied()
        .chain(bounds.iter().flat_map(|(a, b)| [*a, *b]).flatten());
    let data_lo = all.clone().fold(0.0_f64, f64::min);
    let data_hi = all.fold(0.0_f64, f64::max);
    let target_hi = match chart.x_max.and_then(usable) {
        Some(m) if m > 0.0 => m.max(data_hi),
        _ => data_hi,
    };

    // Sizes follow the row height.
    let per_css = row / kit.len(1.0);
    let thickness = row * 0.22;
    let label_size = (per_css * 0.26).clamp(8.0, LABEL_SIZE);
    let value_size = (thickness / kit.len(1.0) * 0.9).clamp(7.0, SMALL_SIZE);

    let labels: Vec<String> = (0..n)
        .map(|i| {
            let label = chart.labels.get(i).map(String::as_str).unwrap_or("");
            kit.fit(label, label_size, w * 0.3)
        })
        .collect();
    let format = |v: Option<f64>| v.map(|v| (v, chart.format_value.label(v, 0.0)));
    let today: Vec<Option<(f64, String)>> = today.into_iter().map(format).collect();
    let best: Vec<Option<(f64, String)>> = best.into_iter().map(format).collect();
    // Room right of the axis for the label of a bar reaching its end. It depends on the axis'
    // maximum only, not on the values, so that with a fixed `x_max` nothing moves while a
    // handle is dragged; a label that does not fit there goes inside its bar.
    let value_room =
        kit.text_width(&chart.format_value.label(target_hi, 0.0), value_size) + kit.len(6.0);
    let left = margin + kit.widest(&labels, label_size) + kit.len(10.0);
    let provisional = (w - margin - value_room - left).max(kit.len(1.0));
    let gap = kit.len(14.0);
    let scale_of = |k: usize| {
        let s = ValueScale::nice(data_lo, target_hi, k);
        let labels = tick_labels(chart.format_value, &s.ticks);
        (s, labels)
    };
    let (scale, tick_labels) = (2..=6)
        .rev()
        .map(scale_of)
        .find(|(s, labels)| {
            let intervals = s.ticks.len().saturating_sub(1).max(1) as f64;
            provisional / intervals >= kit.widest(labels, LABEL_SIZE) + gap
        })
        .unwrap_or_else(|| scale_of(1));
    let last_half = tick_labels
        .last()
        .map(|l| kit.text_width(l, LABEL_SIZE) / 2.0)
        .unwrap_or(0.0);
    let right = (w - margin - value_room.max(last_half)).max(left + kit.len(10.0));

    let mut layout = AllocationLayout {
        left,
        right,
        lo: scale.lo,
        hi: scale.hi,
        top,
        bottom,
        rows: Vec::with_capacity(n),
        handle_half_width: kit.len(4.0),
        handle_half_height: (row * 0.13).min(kit.len(9.0)),
        ticks: scale.ticks.clone(),
        tick_labels,
        labels,
        label_size,
        value_size,
        today,
        best,
        ranges: Vec::with_capacity(n),
    };
    for (i, (min, max)) in bounds.iter().enumerate() {
        let row_top = top + i as f64 * row;
        let today_top = row_top + row * 0.08;
        let best_top = today_top + thickness + row * 0.04;
        let track_y = row_top + row * 0.76;
        let handle = |v: Option<f64>| v.map(|v| (layout.x_of(v), track_y));
        let (min_handle, max_handle) = (handle(*min), handle(*max));
        layout.ranges.push(match (min, max) {
            (Some(a), Some(b)) => Some((*a, *b)),
            _ => None,
        });
        layout.rows.push(AllocationRow {
            top: row_top,
            bottom: row_top + row,
            y: row_top + row / 2.0,
            today_bar: (today_top, today_top + thickness),
            best_bar: (best_top, best_top + thickness),
            track_y,
            min_handle,
            max_handle,
            locked: locked[i],
        });
    }
    layout
}

/// Draws an [`AllocationChart`] on `area`, at the places [`allocation_layout`] gives for the
/// area's size.
pub fn draw_allocation_chart<DB>(
    area: &DrawingArea<DB, Shift>,
    chart: &AllocationChart,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let kit = Kit::new(chart.scale);
    area.fill(&WHITE)?;
    let (w, h) = dims(area);
    let layout = allocation_layout(chart, w, h);
    if layout.rows.is_empty() {
        let top = kit.header(area, chart.title, &[])?;
        return kit.placeholder(area, top, chart.empty_text);
    }
    kit.header(area, chart.title, &legend(chart))?;
    let l = &layout;

    // Vertical grid lines and the axis' labels under the rows.
    let edge = kit.len(4.0);
    let mut last_right = f64::NEG_INFINITY;
    for (t, label) in l.ticks.iter().zip(&l.tick_labels) {
        let x = l.x_of(*t);
        let color = if *t == 0.0 {
            palette::AXIS
        } else {
            palette::GRID
        };
        area.draw(&PathElement::new(
            vec![to_px((x, l.top)), to_px((x, l.bottom))],
            color.stroke_width(kit.stroke(1.0)),
        ))?;
        let half = kit.text_width(label, LABEL_SIZE) / 2.0;
        let cx = x.clamp(edge + half, (w - edge - half).max(edge + half));
        if cx - half < last_right + kit.len(4.0) {
            continue;
        }
        last_right = cx + half;
        kit.text(
            area,
            label,
            (cx, l.bottom + kit.len(6.0)),
            LABEL_SIZE,
            palette::TEXT,
            HPos::Center,
            VPos::Top,
        )?;
    }

    let zero = l.x_of(0.0);
    for (i, row) in l.rows.iter().enumerate() {
        let bars_mid = (row.today_bar.0 + row.best_bar.1) / 2.0;
        kit.text(
            area,
            &l.labels[i],
            (l.left - kit.len(10.0), bars_mid),
            l.label_size,
            palette::TEXT,
            HPos::Right,
            VPos::Center,
        )?;
        // Rows too thin for two lines of value labels keep only the best spend's.
        let both_labels = row.best_bar.0 - row.today_bar.0 >= kit.len(l.value_size) * 0.85;
        for (value, (y0, y1), color, labelled) in [
            (&l.today[i], row.today_bar, palette::COMPARISON, both_labels),
            (&l.best[i], row.best_bar, palette::PRIMARY, true),
        ] {
            let Some((v, text)) = value else { continue };
            let end = l.x_of(*v);
            // A value too small to see still gets a sliver.
            let end = if *v != 0.0 && (end - zero).abs() < kit.len(1.0) {
                zero + kit.len(1.0).copysign(*v)
            } else {
                end
            };
            if *v != 0.0 && y1 > y0 {
                bar(area, (zero, y0), (end, y1), color)?;
            }
            if !labelled {
                continue;
            }
            let width = kit.text_width(text, l.value_size);
            let pad = kit.len(4.0);
            let outside = end + pad + width <= w - kit.len(MARGIN) / 2.0;
            let inside = end - pad - width >= zero;
            let (tx, anchor, text_color) = if *v < 0.0 {
                (end - pad, HPos::Right, palette::TEXT)
            } else if outside || !inside {
                (end + pad, HPos::Left, palette::TEXT)
            } else {
                (end - pad, HPos::Right, palette::text_on(color))
            };
            kit.text(
                area,
                text,
                (tx, (y0 + y1) / 2.0),
                l.value_size,
                text_color,
                anchor,
                VPos::Center,
            )?;
        }

        if row.locked {
            draw_lock(area, &kit, l, row, chart.locked_text)?;
            continue;
        }
        // The range: a faint track across the axis, the bounds in blue, a handle at each end.
        area.draw(&PathElement::new(
            vec![to_px((l.left, row.track_y)), to_px((l.right, row.track_y))],
            palette::GRID.stroke_width(kit.stroke(2.0)),
        ))?;
        if let Some((a, b)) = l.ranges[i] {
            area.draw(&PathElement::new(
                vec![
                    to_px((l.x_of(a), row.track_y)),
                    to_px((l.x_of(b), row.track_y)),
                ],
                palette::SERIES[2].stroke_width(kit.stroke(3.0)),
            ))?;
        }
        for centre in [row.min_handle, row.max_handle].into_iter().flatten() {
            draw_handle(area, &kit, l, centre)?;
        }
    }
    area.present()?;
    Ok(())
}

/// A handle: a short upright bar with cut corners (a polygon, as only data marks are
/// rectangles) and a white grip line.
fn draw_handle<DB>(
    area: &DrawingArea<DB, Shift>,
    kit: &Kit,
    l: &AllocationLayout,
    (x, y): (f64, f64),
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let (hw, hh) = (l.handle_half_width, l.handle_half_height);
    if hh <= 0.0 {
        return Ok(());
    }
    let c = (hw * 0.5).min(hh);
    area.draw(&Polygon::new(
        vec![
            to_px((x - hw + c, y - hh)),
            to_px((x + hw - c, y - hh)),
            to_px((x + hw, y - hh + c)),
            to_px((x + hw, y + hh - c)),
            to_px((x + hw - c, y + hh)),
            to_px((x - hw + c, y + hh)),
            to_px((x - hw, y + hh - c)),
            to_px((x - hw, y - hh + c)),
        ],
        palette::PRIMARY.filled(),
    ))?;
    if hh > kit.len(4.0) {
        area.draw(&PathElement::new(
            vec![
                to_px((x, y - hh + kit.len(3.0))),
                to_px((x, y + hh - kit.len(3.0))),
            ],
            WHITE.stroke_width(kit.stroke(1.0)),
        ))?;
    }
    Ok(())
}

/// A locked row's marker on its track: a small padlock (a filled square body under a shackle)
/// and `text`.
fn draw_lock<DB>(
    area: &DrawingArea<DB, Shift>,
    kit: &Kit,
    l: &AllocationLayout,
    row: &AllocationRow,
    text: &str,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let size = (l.handle_half_height * 1.6)
        .min(kit.len(10.0))
        .max(kit.len(4.0));
    let x0 = l.left + kit.len(2.0);
    let body_top = row.track_y - size * 0.25;
    let body_bottom = row.track_y + size * 0.55;
    area.draw(&Polygon::new(
        vec![
            to_px((x0, body_top)),
            to_px((x0 + size, body_top)),
            to_px((x0 + size, body_bottom)),
            to_px((x0, body_bottom)),
        ],
        palette::MUTED.filled(),
    ))?;
    let (s0, s1) = (x0 + size * 0.22, x0 + size * 0.78);
    let arch = row.track_y - size * 0.7;
    area.draw(&PathElement::new(
        vec![
            to_px((s0, body_top)),
            to_px((s0, arch + size * 0.15)),
            to_px(((s0 + s1) / 2.0, arch)),
            to_px((s1, arch + size * 0.15)),
            to_px((s1, body_top)),
        ],
        palette::MUTED.stroke_width(kit.stroke(1.5)),
    ))?;
    let room = (l.right - x0 - size - kit.len(6.0)).max(0.0);
    let text = kit.fit(text, l.value_size, room);
    kit.text(
        area,
        &text,
        (
            x0 + size + kit.len(6.0),
            (body_top + body_bottom) / 2.0 - size * 0.1,
        ),
        l.value_size,
        palette::MUTED,
        HPos::Left,
        VPos::Center,
    )
}

/// The number of rows: the longest of the per-channel slices.
fn row_count(chart: &AllocationChart) -> usize {
    chart
        .labels
        .len()
        .max(chart.today.len())
        .max(chart.best.len())
        .max(chart.bounds.len())
}

/// Where the rows start: below the title and the `legend_rows` legend rows the kit's header
/// draws.
fn header_bottom(kit: &Kit, title: &str, legend_rows: usize) -> f64 {
    let mut y = kit.len(MARGIN);
    if !title.is_empty() {
        y += kit.line(TITLE_SIZE) + kit.len(4.0);
    }
    y + legend_rows as f64 * kit.legend_row() + kit.len(6.0)
}

/// The chart's legend: today's split and the best.
fn legend<'a>(chart: &AllocationChart<'a>) -> [(Mark, &'a str); 2] {
    [
        (Mark::Swatch(palette::COMPARISON), chart.series_names.0),
        (Mark::Swatch(palette::PRIMARY), chart.series_names.1),
    ]
}

/// The room under the rows for the axis' labels and the margin.
fn axis_room(kit: &Kit) -> f64 {
    kit.len(6.0) + kit.line(LABEL_SIZE) + kit.len(MARGIN)
}

/// `v` if it is a number the chart can scale: finite and below 10³⁰⁰ in size (so that sums
/// and spans of two values stay finite), else `None`.
fn usable(v: f64) -> Option<f64> {
    (v.is_finite() && v.abs() < 1e300).then_some(v)
}
