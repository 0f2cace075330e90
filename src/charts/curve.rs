//! A numeric x–y chart of curves over money: a channel's response curve (revenue per period
//! against spend per period) with its bootstrap band, the observed points, the extrapolated
//! part dashed and today's and the best spend marked; or the frontier of total budget against
//! the best revenue.

use plotters::coord::Shift;
use plotters::element::{DashedPathElement, Polygon};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{
    dims, shade, tick_labels, to_px, AxisFormat, Kit, Mark, ValueScale, LABEL_SIZE, MARGIN,
};
use super::{palette, DrawResult};

/// One curve of a [`CurveChart`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurveLine<'a> {
    /// Its name, for the legend (drawn only when more than one line has a name).
    pub name: &'a str,
    /// Its (x, y) points, in order of x; a point that is not finite breaks the line.
    pub points: &'a [(f64, f64)],
    /// The x beyond which the line is drawn dashed (extrapolation beyond the spend the data
    /// has seen); `None` for a line solid throughout.
    pub dashed_from: Option<f64>,
    /// Its colour: an index into [`palette::SERIES`] (0 blue, 1 orange, …; larger indices
    /// cycle).
    pub color: usize,
}

/// A marked point of a [`CurveChart`] ("today", "best"): a dark dot with a thin guide down to
/// the x axis, and its label placed where it covers neither another label nor, if it can, a
/// line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurveMarker<'a> {
    /// Its x.
    pub x: f64,
    /// Its y.
    pub y: f64,
    /// Its label (already formatted: "今天 ¥12,000"); empty for a dot alone.
    pub label: &'a str,
}

/// Curves over a numeric x axis (money), with an optional uncertainty band behind the first
/// line, observed points and labelled markers. Both axes start at 0 (or below, for negative
/// values) and end at a round value above the largest one.
pub struct CurveChart<'a> {
    /// Chart title; empty for none.
    pub title: &'a str,
    /// The lines (up to about four), drawn in order.
    pub lines: &'a [CurveLine<'a>],
    /// An uncertainty band as (x, low, high) in order of x (e.g. the 5th and 95th percentile
    /// of the bootstrap curves), filled light in the first line's colour behind the lines.
    pub band: Option<&'a [(f64, f64, f64)]>,
    /// Observed points, drawn as small hollow grey circles; empty for none.
    pub scatter: &'a [(f64, f64)],
    /// With `Some`, the axes leave out observed points far from the rest (beyond Tukey's
    /// fences, see [`fences`]: on y either way, on x beyond the upper fence) unless the curves
    /// or markers reach them, so that a few wild periods do not flatten the curve into an
    /// axis; such points are drawn as small triangles at the edge they pass, and this gives
    /// the note saying how many (from their count). With `None` every point is within the
    /// axes.
    pub off_scale: Option<&'a dyn Fn(usize) -> String>,
    /// Marked points, drawn over everything.
    pub markers: &'a [CurveMarker<'a>],
    /// Title of the x axis ("spend per week"), under its labels; empty for none.
    pub x_title: &'a str,
    /// Title of the y axis ("revenue per week"), above its labels; empty for none.
    pub y_title: &'a str,
    /// Formats an x value for the x axis' labels.
    pub format_x: &'a dyn AxisFormat,
    /// Formats a y value for the y axis' labels.
    pub format_y: &'a dyn AxisFormat,
    /// Text shown when there is nothing to draw (no finite point in lines, band, scatter or
    /// markers).
    pub empty_text: &'a str,
    /// Whether the x axis starts at 0 (money); `false` spans the values only (a service level
    /// between 70 % and 100 % would otherwise be squeezed into the right third).
    pub x_from_zero: bool,
    /// Device pixel ratio.
    pub scale: f64,
}

/// Draws a [`CurveChart`] on `area`.
pub fn draw_curve_chart<DB>(area: &DrawingArea<DB, Shift>, chart: &CurveChart) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let kit = Kit::new(chart.scale);
    area.fill(&WHITE)?;
    let (w, h) = dims(area);

    let point = |&(x, y): &(f64, f64)| Some((usable(x)?, usable(y)?));
    let band: Vec<(f64, f64, f64)> = {
        let mut b: Vec<(f64, f64, f64)> = chart
            .band
            .unwrap_or(&[])
            .iter()
            .filter_map(|&(x, lo, hi)| Some((usable(x)?, usable(lo)?, usable(hi)?)))
            .collect();
        b.sort_by(|a, b| a.0.total_cmp(&b.0));
        b
    };
    let scatter: Vec<(f64, f64)> = chart.scatter.iter().filter_map(point).collect();
    let markers: Vec<(f64, f64, &str)> = chart
        .markers
        .iter()
        .filter_map(|m| Some((usable(m.x)?, usable(m.y)?, m.label)))
        .collect();
    let line_points = chart
        .lines
        .iter()
        .flat_map(|l| l.points.iter().filter_map(point));
    // The observed points the x axis makes room for: all, or those up to the upper fence.
    let x_fence = chart
        .off_scale
        .and_then(|_| fences(scatter.iter().map(|p| p.0)))
        .map_or(f64::INFINITY, |f| f.1);
    let xs = line_points
        .clone()
        .map(|p| p.0)
        .chain(band.iter().map(|b| b.0))
        .chain(scatter.iter().map(|p| p.0).filter(|x| *x <= x_fence))
        .chain(markers.iter().map(|m| m.0));
    // The observed points the y axis makes room for: all, or those within the fences.
    let fences = chart
        .off_scale
        .and_then(|_| fences(scatter.iter().map(|p| p.1)))
        .unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
    // The y axis is set by the lines' solid parts (and the rest below); a dashed part
    // (extrapolation) widens it by at most half the span they give, and what it leaves is
    // clipped at the plot's edge: with a large price elasticity the guess at low prices
    // climbs tenfold and would otherwise flatten everything the data saw.
    // A point is solid up to the dashes' start, unless the line has nothing before it (a line
    // dashed from its first point is all guess).
    let solid_until = |l: &CurveLine| -> Option<f64> {
        let from = l.dashed_from.and_then(usable)?;
        let solid = l.points.iter().filter_map(point).any(|p| p.0 < from);
        Some(if solid { from } else { f64::NEG_INFINITY })
    };
    let solid_points = chart.lines.iter().flat_map(|l| {
        let until = solid_until(l);
        l.points
            .iter()
            .filter_map(point)
            .filter(move |p| until.is_none_or(|d| p.0 <= d))
    });
    let dashed_points = chart.lines.iter().flat_map(|l| {
        let until = solid_until(l);
        l.points
            .iter()
            .filter_map(point)
            .filter(move |p| until.is_some_and(|d| p.0 > d))
    });
    let ys = solid_points
        .map(|p| p.1)
        .chain(band.iter().flat_map(|b| [b.1, b.2]))
        .chain(
            scatter
                .iter()
                .map(|p| p.1)
                .filter(|v| (fences.0..=fences.1).contains(v)),
        )
        .chain(markers.iter().map(|m| m.1));
    let range = |values: &mut dyn Iterator<Item = f64>| {
        values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        })
    };
    let (x_lo, x_hi) = range(&mut xs.clone());
    let (y_lo, y_hi) = {
        let (lo, hi) = range(&mut ys.clone());
        if hi < lo {
            // Nothing but dashed parts: they set the axis.
            range(&mut dashed_points.map(|p| p.1))
        } else {
            let reach = if hi > lo {
                (hi - lo) / 2.0
            } else {
                hi.abs().max(1.0)
            };
            let (min, max) = (lo - reach, hi + reach);
            let dashed = range(&mut dashed_points.map(|p| p.1));
            (lo.min(dashed.0.max(min)), hi.max(dashed.1.min(max)))
        }
    };
    if x_hi < x_lo {
        let top = kit.header(area, chart.title, &[])?;
        return kit.placeholder(area, top, chart.empty_text);
    }

    let named: Vec<&CurveLine> = chart
        .lines
        .iter()
        .filter(|l| !l.name.is_empty() && l.points.iter().any(|p| point(p).is_some()))
        .collect();
    let legend: Vec<(Mark, &str)> = if named.len() > 1 {
        named
            .iter()
            .map(|l| (Mark::Line(series_color(l.color)), l.name))
            .collect()
    } else {
        Vec::new()
    };
    let top = kit.header(area, chart.title, &legend)?;
    let margin = kit.len(MARGIN);
    // The y axis' title sits above its labels, left-aligned.
    // (Its line also holds the note on points off the scale, drawn with them below.)
    let y_title_room = if chart.y_title.is_empty() && chart.off_scale.is_none() {
        0.0
    } else {
        kit.line(LABEL_SIZE) + kit.len(2.0)
    };
    // Room above the top grid line for half its label.
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
    let (y_scale, y_labels) = ValueScale::nice_labelled(y_lo, y_hi, max_ticks, chart.format_y);
    let left = margin + kit.widest(&y_labels, LABEL_SIZE) + kit.len(8.0);
    // The x axis: as many round ticks as their labels leave room for.
    let gap = kit.len(16.0);
    let room = (w - margin - kit.len(24.0) - left).max(kit.len(1.0));
    // The axis ends where the data ends, not at the next round tick: a weekly trend ending in
    // November drew months of empty plot up to a round number of days.
    let ending_at_data = |mut s: ValueScale| {
        if x_hi.is_finite() && x_hi > s.lo && s.hi > x_hi {
            s.hi = x_hi;
            s.ticks.retain(|t| *t <= x_hi);
        }
        s
    };
    let (x_scale, x_labels) = (1..=8)
        .rev()
        .map(|k| {
            let s = ending_at_data(if chart.x_from_zero {
                ValueScale::nice(x_lo, x_hi, k)
            } else {
                ValueScale::spanning(x_lo, x_hi, k)
            });
            let labels: Vec<String> = tick_labels(chart.format_x, &s.ticks);
            (s, labels)
        })
        .find(|(s, labels)| {
            // The axis spans (hi − lo) / step intervals: fewer ticks than that when it ends
            // with the data between two round ticks.
            let intervals = match s.ticks.as_slice() {
                [a, b, ..] if b > a && s.hi > s.lo => ((s.hi - s.lo) / (b - a)).max(1.0),
                _ => s.ticks.len().saturating_sub(1).max(1) as f64,
            };
            room / intervals >= kit.widest(labels, LABEL_SIZE) + gap
        })
        .unwrap_or_else(|| {
            let s = ending_at_data(if chart.x_from_zero {
                ValueScale::nice(x_lo, x_hi, 1)
            } else {
                ValueScale::spanning(x_lo, x_hi, 1)
            });
            let labels = tick_labels(chart.format_x, &s.ticks);
            (s, labels)
        });
    let last_half = x_labels
        .last()
        .map(|l| kit.text_width(l, LABEL_SIZE) / 2.0)
        .unwrap_or(0.0);
    let right = (w - margin - last_half.max(kit.len(8.0))).max(left + kit.len(1.0));
    let x = |v: f64| x_scale.map(v, left, right);
    let y = |v: f64| y_scale.map(v, plot_bottom, plot_top);
    let at = |(vx, vy): (f64, f64)| (x(vx), y(vy));

    // Grid, axes and their titles.
    kit.y_axis(
        area,
        &y_scale,
        &y_labels,
        (left, right),
        (plot_bottom, plot_top),
        true,
        false,
    )?;
    let edge = kit.len(4.0);
    let mut last_right = f64::NEG_INFINITY;
    for (t, label) in x_scale.ticks.iter().zip(&x_labels) {
        let tx = x(*t);
        if *t == 0.0 || x_scale.ticks.first() == Some(t) {
            area.draw(&PathElement::new(
                vec![to_px((tx, plot_top)), to_px((tx, plot_bottom))],
                palette::AXIS.stroke_width(kit.stroke(1.0)),
            ))?;
        } else {
            area.draw(&PathElement::new(
                vec![to_px((tx, plot_top)), to_px((tx, plot_bottom))],
                palette::GRID.stroke_width(kit.stroke(1.0)),
            ))?;
        }
        let half = kit.text_width(label, LABEL_SIZE) / 2.0;
        let cx = tx.clamp(edge + half, (w - edge - half).max(edge + half));
        if cx - half < last_right + kit.len(4.0) {
            continue;
        }
        last_right = cx + half;
        kit.text(
            area,
            label,
            (cx, plot_bottom + kit.len(6.0)),
            LABEL_SIZE,
            palette::TEXT,
            HPos::Center,
            VPos::Top,
        )?;
    }
    if !chart.x_title.is_empty() {
        let title = kit.fit(chart.x_title, LABEL_SIZE, w - 2.0 * margin);
        let half = kit.text_width(&title, LABEL_SIZE) / 2.0;
        let cx =
            ((left + right) / 2.0).clamp(margin + half, (w - margin - half).max(margin + half));
        kit.text(
            area,
            &title,
            (cx, plot_bottom + kit.len(6.0) + kit.line(LABEL_SIZE)),
            LABEL_SIZE,
            palette::MUTED,
            HPos::Center,
            VPos::Top,
        )?;
    }

    // The band, behind everything else.
    if band.len() > 1 {
        let first = chart.lines.first().map(|l| l.color).unwrap_or(0);
        let fill = tint(series_color(first), 0.2);
        let outline: Vec<(i32, i32)> = band
            .iter()
            .map(|&(bx, lo, hi)| to_px(at((bx, lo.max(hi)))))
            .chain(
                band.iter()
                    .rev()
                    .map(|&(bx, lo, hi)| to_px(at((bx, lo.min(hi))))),
            )
            .collect();
        area.draw(&Polygon::new(outline, fill.filled()))?;
    } else if let [(bx, lo, hi)] = band[..] {
        let half = kit.len(3.0);
        let first = chart.lines.first().map(|l| l.color).unwrap_or(0);
        let fill = tint(series_color(first), 0.2);
        shade(area, (x(bx) - half, y(hi)), (x(bx) + half, y(lo)), fill)?;
    }

    // Every line as pixel segments, solid or dashed, for drawing and for placing labels.
    let mut pieces: Vec<Piece> = Vec::new();
    for line in chart.lines {
        let color = series_color(line.color);
        let from = line.dashed_from.and_then(usable);
        for run in runs(line.points) {
            for (points, dashed) in split(&run, from) {
                let px: Vec<(f64, f64)> = points.into_iter().map(at).collect();
                for inside in clip_polyline(&px, [left, plot_top, right, plot_bottom]) {
                    pieces.push((inside, dashed, color));
                }
            }
        }
    }

    // Markers' guides down to the x axis.
    for &(mx, my, _) in &markers {
        area.draw(&DashedPathElement::new(
            vec![to_px(at((mx, my))), to_px((x(mx), plot_bottom))],
            kit.px(3.0),
            kit.px(3.0),
            palette::AXIS.stroke_width(kit.stroke(1.0)),
        ))?;
    }

    // Observed points: within the axes as circles, beyond them as triangles on the edge they
    // pass, pointing the way they are off (right, for a spend beyond the x axis).
    let (y_min, y_max) = (y_scale.lo.min(y_scale.hi), y_scale.lo.max(y_scale.hi));
    let x_max = x_scale.lo.max(x_scale.hi);
    let mut off = 0;
    for &p in &scatter {
        if p.0 > x_max {
            off += 1;
            let cy = y(p.1.clamp(y_min, y_max));
            area.draw(&Polygon::new(
                off_scale_triangle_right((right, cy), kit.len(4.0)),
                palette::COMPARISON.filled(),
            ))?;
        } else if (y_min..=y_max).contains(&p.1) {
            area.draw(&Circle::new(
                to_px(at(p)),
                kit.px(3.0),
                palette::COMPARISON.stroke_width(kit.stroke(1.2)),
            ))?;
        } else {
            off += 1;
            let above = p.1 > y_max;
            let edge = if above { plot_top } else { plot_bottom };
            let towards = if above { -1.0 } else { 1.0 };
            area.draw(&Polygon::new(
                off_scale_triangle((x(p.0), edge), towards, kit.len(4.0)),
                palette::COMPARISON.filled(),
            ))?;
        }
    }
    // The y axis' title, and the note on the points off the scale right-aligned on its line,
    // followed by a triangle like theirs.
    let cy = top + kit.line(LABEL_SIZE) / 2.0;
    let note = match chart.off_scale {
        Some(note) if off > 0 => kit.fit(&note(off), LABEL_SIZE, (w - 2.0 * margin) / 2.0),
        _ => String::new(),
    };
    let note_room = if note.is_empty() {
        0.0
    } else {
        kit.text_width(&note, LABEL_SIZE) + kit.len(20.0)
    };
    if !chart.y_title.is_empty() {
        let title = kit.fit(chart.y_title, LABEL_SIZE, w - 2.0 * margin - note_room);
        kit.text(
            area,
            &title,
            (margin, cy),
            LABEL_SIZE,
            palette::MUTED,
            HPos::Left,
            VPos::Center,
        )?;
    }
    if !note.is_empty() {
        // The triangle at the right end, the text before it: the text's width is only
        // estimated, so nothing is placed after it.
        let size = kit.len(4.0);
        let tip_x = w - margin - size * 0.8;
        area.draw(&Polygon::new(
            off_scale_triangle((tip_x, cy - size / 2.0), -1.0, size),
            palette::COMPARISON.filled(),
        ))?;
        kit.text(
            area,
            &note,
            (tip_x - size * 0.8 - kit.len(4.0), cy),
            LABEL_SIZE,
            palette::MUTED,
            HPos::Right,
            VPos::Center,
        )?;
    }

    // The lines.
    for (points, dashed, color) in &pieces {
        let px: Vec<(i32, i32)> = points.iter().map(|p| to_px(*p)).collect();
        if let [only] = px[..] {
            area.draw(&Circle::new(only, kit.px(2.5), color.filled()))?;
        } else if *dashed {
            area.draw(&DashedPathElement::new(
                px,
                kit.px(6.0),
                kit.px(4.0),
                color.stroke_width(kit.stroke(2.5)),
            ))?;
        } else {
            area.draw(&PathElement::new(px, color.stroke_width(kit.stroke(2.5))))?;
        }
    }

    // Markers: a dot with a white ring, then the labels where they fit.
    for &(mx, my, _) in &markers {
        let c = to_px(at((mx, my)));
        area.draw(&Circle::new(c, kit.px(6.5), WHITE.filled()))?;
        area.draw(&Circle::new(c, kit.px(4.5), palette::TEXT.filled()))?;
    }
    let segments: Vec<Segment> = pieces
        .iter()
        .flat_map(|(p, _, _)| p.windows(2).map(|s| (s[0], s[1])))
        .collect();
    let dots: Vec<(f64, f64)> = markers.iter().map(|&(mx, my, _)| at((mx, my))).collect();
    let scatter_px: Vec<(f64, f64)> = scatter
        .iter()
        .map(|&p| at((p.0, p.1.clamp(y_min, y_max))))
        .collect();
    // Labels stay in the plot (clear of the axes' labels) and inside the drawing.
    let bounds = [
        left,
        plot_top - kit.line(LABEL_SIZE) / 2.0,
        w - margin,
        plot_bottom,
    ];
    let mut placed: Vec<[f64; 4]> = Vec::new();
    for (k, &(_, _, label)) in markers.iter().enumerate() {
        let label = kit.fit(label, LABEL_SIZE, bounds[2] - bounds[0]);
        if label.is_empty() {
            continue;
        }
        let size = (kit.text_width(&label, LABEL_SIZE), kit.line(LABEL_SIZE));
        let spot = place_label(
            dots[k],
            size,
            kit.len(8.0),
            bounds,
            &placed,
            &dots,
            &segments,
            &scatter_px,
        );
        let Some((b, far)) = spot else { continue };
        placed.push(b);
        if far {
            // A leader from the dot to the nearest point of the label's box.
            let near = (dots[k].0.clamp(b[0], b[2]), dots[k].1.clamp(b[1], b[3]));
            area.draw(&PathElement::new(
                vec![to_px(dots[k]), to_px(near)],
                palette::AXIS.stroke_width(kit.stroke(1.0)),
            ))?;
        }
        let pad = kit.len(2.0);
        area.draw(&Polygon::new(
            vec![
                to_px((b[0] - pad, b[1])),
                to_px((b[2] + pad, b[1])),
                to_px((b[2] + pad, b[3])),
                to_px((b[0] - pad, b[3])),
            ],
            WHITE.mix(0.85).filled(),
        ))?;
        kit.text(
            area,
            &label,
            (b[0], (b[1] + b[3]) / 2.0),
            LABEL_SIZE,
            palette::TEXT,
            HPos::Left,
            VPos::Center,
        )?;
    }
    area.present()?;
    Ok(())
}

/// A line's piece in pixels: its points, whether it is dashed, its colour.
type Piece = (Vec<(f64, f64)>, bool, RGBColor);

/// A straight piece of a line in pixels, from one point to another.
type Segment = ((f64, f64), (f64, f64));

/// The pixel corners of a triangle `size` high with its tip at `tip`, pointing up
/// (`towards` −1) or down (+1).
fn off_scale_triangle(tip: (f64, f64), towards: f64, size: f64) -> Vec<(i32, i32)> {
    let base = tip.1 - towards * size;
    vec![
        to_px(tip),
        to_px((tip.0 - size * 0.8, base)),
        to_px((tip.0 + size * 0.8, base)),
    ]
}

/// The pixel corners of a triangle `size` wide with its tip at `tip`, pointing right.
fn off_scale_triangle_right(tip: (f64, f64), size: f64) -> Vec<(i32, i32)> {
    vec![
        to_px(tip),
        to_px((tip.0 - size, tip.1 - size * 0.8)),
        to_px((tip.0 - size, tip.1 + size * 0.8)),
    ]
}

/// Tukey's fences on some values (the observed points' y, or their x): the first and third
/// quartile widened by 1.5 interquartile ranges (J. W. Tukey, *Exploratory Data Analysis*,
/// 1977, the box plot's "outside" values). `None` with fewer than 8 values, where quartiles
/// say little.
pub fn fences(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let mut ys: Vec<f64> = values.collect();
    if ys.len() < 8 {
        return None;
    }
    ys.sort_by(f64::total_cmp);
    // Quartiles by linear interpolation between order statistics (Hyndman & Fan type 7, the
    // default of R and of spreadsheets' QUARTILE).
    let q = |p: f64| {
        let h = (ys.len() - 1) as f64 * p;
        let (i, f) = (h.floor() as usize, h - h.floor());
        let next = ys.get(i + 1).copied().unwrap_or(ys[i]);
        ys[i] + (next - ys[i]) * f
    };
    let (q1, q3) = (q(0.25), q(0.75));
    let iqr = q3 - q1;
    Some((q1 - 1.5 * iqr, q3 + 1.5 * iqr))
}

/// The colour of series `index` (cycling).
fn series_color(index: usize) -> RGBColor {
    palette::SERIES[index % palette::SERIES.len()]
}

/// `color` mixed with white: `share` of the colour, the rest white (an opaque light tint).
fn tint(color: RGBColor, share: f64) -> RGBColor {
    let mix = |c: u8| (255.0 - (255.0 - f64::from(c)) * share).round() as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

/// The runs of consecutive finite points.
fn runs(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for &(px, py) in points {
        if usable(px).is_some() && usable(py).is_some() {
            current.push((px, py));
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `run` cut where it crosses x = `from` into pieces, each with whether it lies beyond
/// `from` (dashed). Without `from` the run is one solid piece.
fn split(run: &[(f64, f64)], from: Option<f64>) -> Vec<(Vec<(f64, f64)>, bool)> {
    let Some(d) = from else {
        return vec![(run.to_vec(), false)];
    };
    let beyond = |p: &(f64, f64)| p.0 > d;
    let mut out: Vec<(Vec<(f64, f64)>, bool)> = Vec::new();
    let Some(first) = run.first() else {
        return out;
    };
    let mut current = vec![*first];
    let mut dashed = beyond(first);
    for pair in run.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if beyond(&b) != dashed {
            // The crossing point ends this piece and starts the next.
            let t = if b.0 != a.0 {
                ((d - a.0) / (b.0 - a.0)).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let m = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            if current.last() != Some(&m) {
                current.push(m);
            }
            // A piece that is only the crossing point (a line dashed from its first point)
            // is no piece: it would be drawn as a dot.
            if current.len() > 1 {
                out.push((std::mem::take(&mut current), dashed));
            } else {
                current.clear();
            }
            current.push(m);
            dashed = !dashed;
        }
        if current.last() != Some(&b) {
            current.push(b);
        }
    }
    out.push((current, dashed));
    out
}

/// Where to put a label `size` (width, height) for the dot at `dot`: the box `[x0, y0, x1,
/// y1]` and whether it is away from the dot (needing a leader). The box stays inside `bounds`
/// and covers no other label and no dot; among such places the one crossing the fewest line
/// segments and observed points wins, nearer places first.
///
/// A label must also be nearer its own dot than any other dot, so that it cannot be read as
/// another's: "today's split" a few pixels under "best" would otherwise take the first place
/// tried, above-left of its dot, which is beside the other one. When no place meets that (dots
/// almost on top of each other), the rule gives way rather than the label.
#[allow(clippy::too_many_arguments)]
fn place_label(
    dot: (f64, f64),
    size: (f64, f64),
    gap: f64,
    bounds: [f64; 4],
    placed: &[[f64; 4]],
    dots: &[(f64, f64)],
    segments: &[Segment],
    scatter: &[(f64, f64)],
) -> Option<([f64; 4], bool)> {
    let near = |b: &[f64; 4]| {
        let own = box_distance(dot, b);
        dots.iter()
            .filter(|d| (d.0 - dot.0).hypot(d.1 - dot.1) > 1.0)
            .all(|d| box_distance(*d, b) > own)
    };
    place_label_where(
        dot, size, gap, bounds, placed, dots, segments, scatter, &near,
    )
    .or_else(|| {
        place_label_where(
            dot,
            size,
            gap,
            bounds,
            placed,
            dots,
            segments,
            scatter,
            &|_| true,
        )
    })
}

/// The distance from a point to a box `[x0, y0, x1, y1]` (0 inside it).
fn box_distance((px, py): (f64, f64), b: &[f64; 4]) -> f64 {
    let dx = (b[0] - px).max(px - b[2]).max(0.0);
    let dy = (b[1] - py).max(py - b[3]).max(0.0);
    dx.hypot(dy)
}

/// [`place_label`] among the places `allowed` accepts.
#[allow(clippy::too_many_arguments)]
fn place_label_where(
    dot: (f64, f64),
    (tw, th): (f64, f64),
    gap: f64,
    bounds: [f64; 4],
    placed: &[[f64; 4]],
    dots: &[(f64, f64)],
    segments: &[Segment],
    scatter: &[(f64, f64)],
    allowed: &dyn Fn(&[f64; 4]) -> bool,
) -> Option<([f64; 4], bool)> {
    let (cx, cy) = dot;
    let dot_r = gap * 0.8;
    let mut best: Option<([f64; 4], bool, usize)> = None;
    for step in 0..4 {
        let far = step as f64 * th;
        // (left edge, top edge) of each candidate, in order of preference.
        let candidates = [
            (cx - gap - tw, cy - gap - th - far),
            (cx + gap, cy + gap + far),
            (cx + gap, cy - gap - th - far),
            (cx - gap - tw, cy + gap + far),
            (cx - tw / 2.0, cy - gap - th - far),
            (cx - tw / 2.0, cy + gap + far),
            (cx - gap - tw - far, cy - th / 2.0),
            (cx + gap + far, cy - th / 2.0),
        ];
        for (x0, y0) in candidates {
            let b = [x0, y0, x0 + tw, y0 + th];
            let inside =
                b[0] >= bounds[0] && b[1] >= bounds[1] && b[2] <= bounds[2] && b[3] <= bounds[3];
            if !inside || placed.iter().any(|p| overlaps(p, &b)) || !allowed(&b) {
                continue;
            }
            let covers_dot = dots
                .iter()
                .any(|&(dx, dy)| overlaps(&b, &[dx - dot_r, dy - dot_r, dx + dot_r, dy + dot_r]));
            if covers_dot {
                continue;
            }
            let crossings = segments
                .iter()
                .filter(|(p, q)| segment_meets_box(*p, *q, &b))
                .count()
                + scatter
                    .iter()
                    .filter(|&&(sx, sy)| sx >= b[0] && sx <= b[2] && sy >= b[1] && sy <= b[3])
                    .count();
            if best.is_none_or(|(_, _, c)| crossings < c) {
                best = Some((b, step > 0, crossings));
                if crossings == 0 {
                    return Some((b, step > 0));
                }
            }
        }
    }
    best.map(|(b, far, _)| (b, far))
}

/// Whether two boxes `[x0, y0, x1, y1]` overlap.
fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// The parts of a polyline inside the box `b` `[x0, y0, x1, y1]`, each cut where it crosses
/// the box's edge (every segment clipped by Liang–Barsky, consecutive pieces joined). A single
/// point is kept when inside.
fn clip_polyline(points: &[(f64, f64)], b: [f64; 4]) -> Vec<Vec<(f64, f64)>> {
    let inside = |p: &(f64, f64)| p.0 >= b[0] && p.0 <= b[2] && p.1 >= b[1] && p.1 <= b[3];
    if let [only] = points {
        return if inside(only) {
            vec![vec![*only]]
        } else {
            Vec::new()
        };
    }
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        match clip_segment(pair[0], pair[1], &b) {
            Some((p, q)) => {
                if current.last() != Some(&p) {
                    if !current.is_empty() {
                        out.push(std::mem::take(&mut current));
                    }
                    current.push(p);
                }
                current.push(q);
            }
            None => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The part of the segment from `p` to `q` inside the box `b`, if any (Liang–Barsky: Y.-D.
/// Liang and B. A. Barsky, "A new concept and method for line clipping", ACM Transactions on
/// Graphics 3(1), 1984).
fn clip_segment(p: (f64, f64), q: (f64, f64), b: &[f64; 4]) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let mut t0 = 0.0_f64;
    let mut t1 = 1.0_f64;
    for (pk, qk) in [
        (-dx, p.0 - b[0]),
        (dx, b[2] - p.0),
        (-dy, p.1 - b[1]),
        (dy, b[3] - p.1),
    ] {
        if pk == 0.0 {
            if qk < 0.0 {
                return None;
            }
        } else {
            let r = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    let at = |t: f64| {
        if t == 0.0 {
            p
        } else if t == 1.0 {
            q
        } else {
            (p.0 + dx * t, p.1 + dy * t)
        }
    };
    Some((at(t0), at(t1)))
}

/// Whether the segment from `p` to `q` passes through the box `b`.
fn segment_meets_box(p: (f64, f64), q: (f64, f64), b: &[f64; 4]) -> bool {
    clip_segment(p, q, b).is_some()
}

/// `v` if it is a number the chart can scale: finite and below 10³⁰⁰ in size (so that sums
/// and spans of two values stay finite), else `None`.
fn usable(v: f64) -> Option<f64> {
    (v.is_finite() && v.abs() < 1e300).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_cuts_at_the_dashed_start() {
        let run = [(0.0, 0.0), (10.0, 10.0), (20.0, 30.0)];
        let pieces = split(&run, Some(15.0));
        assert_eq!(pieces.len(), 2);
        assert_eq!(
            pieces[0],
            (vec![(0.0, 0.0), (10.0, 10.0), (15.0, 20.0)], false)
        );
        assert_eq!(pieces[1], (vec![(15.0, 20.0), (20.0, 30.0)], true));
        // Beyond the last point: all solid; before the first: all dashed.
        assert_eq!(split(&run, Some(99.0)).len(), 1);
        assert!(split(&run, Some(-1.0))[0].1);
        assert!(split(&[], Some(1.0)).is_empty());
        // Dashed from its first point: one dashed piece, no solid dot before it.
        assert_eq!(split(&run, Some(0.0)), vec![(run.to_vec(), true)]);
    }

    #[test]
    fn polylines_are_clipped_to_the_box() {
        let b = [0.0, 0.0, 10.0, 10.0];
        // In, out through the top (y < 0), back in: two pieces cut on the edge.
        let pieces = clip_polyline(&[(1.0, 5.0), (3.0, -5.0), (5.0, 5.0), (7.0, 5.0)], b);
        assert_eq!(
            pieces,
            vec![
                vec![(1.0, 5.0), (2.0, 0.0)],
                vec![(4.0, 0.0), (5.0, 5.0), (7.0, 5.0)]
            ]
        );
        // Wholly inside: unchanged; wholly outside: nothing.
        let inside = [(1.0, 1.0), (2.0, 2.0), (9.0, 3.0)];
        assert_eq!(clip_polyline(&inside, b), vec![inside.to_vec()]);
        assert!(clip_polyline(&[(-5.0, -5.0), (-1.0, 20.0)], b).is_empty());
        assert_eq!(clip_polyline(&[(3.0, 3.0)], b), vec![vec![(3.0, 3.0)]]);
        assert!(clip_polyline(&[(30.0, 3.0)], b).is_empty());
    }

    #[test]
    fn segments_meet_boxes() {
        let b = [0.0, 0.0, 10.0, 10.0];
        assert!(segment_meets_box((-5.0, 5.0), (15.0, 5.0), &b));
        assert!(segment_meets_box((2.0, 2.0), (3.0, 3.0), &b));
        assert!(!segment_meets_box((-5.0, -5.0), (-1.0, 20.0), &b));
        assert!(!segment_meets_box((11.0, 0.0), (20.0, 10.0), &b));
    }
}
