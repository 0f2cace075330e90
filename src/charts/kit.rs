//! Layout pieces shared by the charts: sizes scaled by the device pixel ratio, text width
//! estimates and truncation, the title and legend rows, value scales with round ticks, thinned
//! category labels and the empty-data placeholder.
//!
//! Everything here is presentation: positions, tick steps and label thinning. No business
//! number is computed.

use plotters::coord::Shift;
use plotters::element::{DashedPathElement, Polygon};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{palette, DrawResult, FONT_FAMILY};

/// How the ticks of one axis are written: each tick may depend on the whole axis (Chinese
/// axes write every tick in the unit of the largest, "0.5万, 1万", see
/// [`crate::i18n::format_compact_on_axis`]). Any `Fn(f64) -> String` is one that writes each
/// tick on its own.
pub trait AxisFormat {
    /// The label of `value` on an axis whose largest absolute tick is `axis_max`.
    fn label(&self, value: f64, axis_max: f64) -> String;
}

impl<F: Fn(f64) -> String + ?Sized> AxisFormat for F {
    fn label(&self, value: f64, _axis_max: f64) -> String {
        self(value)
    }
}

/// The labels of an axis's ticks.
pub fn tick_labels(format: &dyn AxisFormat, ticks: &[f64]) -> Vec<String> {
    let axis_max = ticks
        .iter()
        .filter(|t| t.is_finite())
        .fold(0.0_f64, |m, t| m.max(t.abs()));
    ticks.iter().map(|t| format.label(*t, axis_max)).collect()
}

/// How many rows a [`Kit::legend_layout`] takes.
pub fn legend_rows(placed: &[(f64, usize, String)]) -> usize {
    placed.last().map_or(0, |(_, row, _)| row + 1)
}

/// Title text size, in CSS pixels.
pub const TITLE_SIZE: f64 = 15.0;
/// Axis, legend and value label size, in CSS pixels.
pub const LABEL_SIZE: f64 = 12.0;
/// Size of small text (cell text, crowded value labels), in CSS pixels.
pub const SMALL_SIZE: f64 = 11.0;
/// Outer margin, in CSS pixels.
pub const MARGIN: f64 = 12.0;

/// Sizes and text for one drawing at one device pixel ratio.
#[derive(Clone, Copy, Debug)]
pub struct Kit {
    scale: f64,
}

impl Kit {
    /// A kit for `scale` (the device pixel ratio); a scale that is not a positive number
    /// is taken as 1.
    pub fn new(scale: f64) -> Kit {
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        Kit { scale }
    }

    /// `css` CSS pixels in device pixels.
    pub fn len(&self, css: f64) -> f64 {
        css * self.scale
    }

    /// `css` CSS pixels in whole device pixels.
    pub fn px(&self, css: f64) -> i32 {
        (css * self.scale).round() as i32
    }

    /// A stroke width of `css` CSS pixels, at least one device pixel.
    pub fn stroke(&self, css: f64) -> u32 {
        self.px(css).max(1) as u32
    }

    /// The text style of `size` CSS pixels.
    pub fn style(
        &self,
        size: f64,
        color: RGBColor,
        bold: bool,
        h: HPos,
        v: VPos,
    ) -> TextStyle<'static> {
        let font_style = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        (FONT_FAMILY, size * self.scale, font_style)
            .into_font()
            .color(&color)
            .pos(Pos::new(h, v))
    }

    /// An estimate of the width in device pixels of `text` at `size` CSS pixels.
    ///
    /// Without plotters' `ttf` feature no backend can measure text the same way (the SVG
    /// backend guesses from the byte length, which makes Chinese three times too wide), so the
    /// charts estimate widths themselves, per character class, erring on the wide side.
    pub fn text_width(&self, text: &str, size: f64) -> f64 {
        text.chars().map(char_em).sum::<f64>() * size * self.scale
    }

    /// Line height of text of `size` CSS pixels, in device pixels.
    pub fn line(&self, size: f64) -> f64 {
        size * 1.3 * self.scale
    }

    /// `text`, cut and ended with "…" so that it fits in `max` device pixels at `size` CSS
    /// pixels; empty when not even "…" fits.
    pub fn fit(&self, text: &str, size: f64, max: f64) -> String {
        if self.text_width(text, size) <= max {
            return text.to_owned();
        }
        let em = size * self.scale;
        let mut room = max / em - char_em('…');
        if room < 0.0 {
            return String::new();
        }
        let mut out = String::new();
        for c in text.chars() {
            room -= char_em(c);
            if room < 0.0 {
                break;
            }
            out.push(c);
        }
        let mut out = out.trim_end().to_owned();
        out.push('…');
        out
    }

    /// Draws `text` at `pos` (device pixels), anchored by `h` and `v`.
    #[allow(clippy::too_many_arguments)]
    pub fn text<DB>(
        &self,
        area: &DrawingArea<DB, Shift>,
        text: &str,
        pos: (f64, f64),
        size: f64,
        color: RGBColor,
        h: HPos,
        v: VPos,
    ) -> DrawResult
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
    {
        if text.is_empty() {
            return Ok(());
        }
        let style = self.style(size, color, false, h, v);
        area.draw(&Text::new(text, to_px(pos), style))?;
        Ok(())
    }

    /// Draws the title row (when `title` is not empty) and the legend's rows (when `legend`
    /// has items; they wrap), and returns the y coordinate below them.
    pub fn header<DB>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
        legend: &[(Mark, &str)],
    ) -> Result<f64, Box<dyn std::error::Error>>
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
    {
        let (w, _) = dims(area);
        let margin = self.len(MARGIN);
        let mut y = margin;
        if !title.is_empty() {
            let title = self.fit(title, TITLE_SIZE, w - 2.0 * margin);
            let style = self.style(TITLE_SIZE, palette::TEXT, true, HPos::Left, VPos::Top);
            area.draw(&Text::new(title, to_px((margin, y)), style))?;
            y += self.line(TITLE_SIZE) + self.len(4.0);
        }
        if !legend.is_empty() {
            let swatch = self.len(18.0);
            let gap = self.len(6.0);
            let row = self.legend_row();
            let placed = self.legend_layout(w, legend);
            for ((mark, _), (x, r, name)) in legend.iter().zip(&placed) {
                let mid = y + *r as f64 * row + self.line(LABEL_SIZE) / 2.0;
                self.mark(area, *mark, (*x, mid), swatch)?;
                self.text(
                    area,
                    name,
                    (x + swatch + gap, mid),
                    LABEL_SIZE,
                    palette::TEXT,
                    HPos::Left,
                    VPos::Center,
                )?;
            }
            y += legend_rows(&placed) as f64 * row;
        }
        Ok(y + self.len(6.0))
    }

    /// The height of one legend row, in device pixels.
    pub fn legend_row(&self) -> f64 {
        self.line(LABEL_SIZE) + self.len(4.0)
    }

    /// Where each legend item goes on a drawing `w` wide: its left x, its row and its name.
    /// Items flow left to right and wrap onto another row when the next does not fit (on a
    /// phone four names cut to "Pro… Add… Che… Pai…" said nothing); a name is cut only when
    /// it is wider than a whole row.
    pub fn legend_layout(&self, w: f64, legend: &[(Mark, &str)]) -> Vec<(f64, usize, String)> {
        let margin = self.len(MARGIN);
        let swatch = self.len(18.0);
        let gap = self.len(6.0);
        let spacing = self.len(16.0);
        let right = w - margin;
        let mut x = margin;
        let mut row = 0;
        legend
            .iter()
            .map(|(_, name)| {
                let name = self.fit(name, LABEL_SIZE, right - margin - swatch - gap);
                let width = swatch + gap + self.text_width(&name, LABEL_SIZE);
                if x > margin && x + width > right {
                    x = margin;
                    row += 1;
                }
                let at = x;
                x += width + spacing;
                (at, row, name)
            })
            .collect()
    }

    /// Draws a legend mark `width` wide with its left end at `(x, mid)`. Swatches are
    /// polygons, never rectangles: in every chart a `<rect>` is a data mark (or the
    /// background).
    fn mark<DB>(
        &self,
        area: &DrawingArea<DB, Shift>,
        mark: Mark,
        (x, mid): (f64, f64),
        width: f64,
    ) -> DrawResult
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
    {
        match mark {
            Mark::Swatch(color) => {
                let half = self.len(5.0);
                let (x0, x1) = (x + width / 2.0 - half, x + width / 2.0 + half);
                area.draw(&Polygon::new(
                    vec![
                        to_px((x0, mid - half)),
                        to_px((x1, mid - half)),
                        to_px((x1, mid + half)),
                        to_px((x0, mid + half)),
                    ],
                    color.filled(),
                ))?;
            }
            Mark::Line(color) => {
                area.draw(&PathElement::new(
                    vec![to_px((x, mid)), to_px((x + width, mid))],
                    color.stroke_width(self.stroke(2.5)),
                ))?;
            }
            Mark::Dashed(color) => {
                area.draw(&DashedPathElement::new(
                    vec![to_px((x, mid)), to_px((x + width, mid))],
                    self.px(5.0),
                    self.px(3.0),
                    color.stroke_width(self.stroke(2.0)),
                ))?;
            }
        }
        Ok(())
    }

    /// Draws `text` in the middle of the space below `top`, for a chart without data.
    pub fn placeholder<DB>(&self, area: &DrawingArea<DB, Shift>, top: f64, text: &str) -> DrawResult
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
    {
        let (w, h) = dims(area);
        let text = self.fit(text, LABEL_SIZE + 1.0, w - 2.0 * self.len(MARGIN));
        self.text(
            area,
            &text,
            (w / 2.0, (top + h) / 2.0),
            LABEL_SIZE + 1.0,
            palette::MUTED,
            HPos::Center,
            VPos::Center,
        )
    }

    /// Draws the horizontal grid lines of `scale` across `[left, right]` and their labels
    /// right-aligned left of `left` (or, with `right_side`, left-aligned right of `right`).
    #[allow(clippy::too_many_arguments)]
    pub fn y_axis<DB>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: &ValueScale,
        labels: &[String],
        (left, right): (f64, f64),
        (bottom, top): (f64, f64),
        grid: bool,
        right_side: bool,
    ) -> DrawResult
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
    {
        for (tick, label) in scale.ticks.iter().zip(labels) {
            let y = scale.map(*tick, bottom, top);
            if grid {
                let color = if *tick == 0.0 {
                    palette::AXIS
                } else {
                    palette::GRID
                };
                area.draw(&PathElement::new(
                    vec![to_px((left, y)), to_px((right, y))],
                    color.stroke_width(self.stroke(1.0)),
                ))?;
            }
            let (x, h) = if right_side {
                (right + self.len(6.0), HPos::Left)
            } else {
                (left - self.len(6.0), HPos::Right)
            };
            self.text(
                area,
                label,
                (x, y),
                LABEL_SIZE,
                palette::TEXT,
                h,
                VPos::Center,
            )?;
        }
        Ok(())
    }

    /// The widest of `labels` at the label size, in device pixels.
    pub fn widest(&self, labels: &[String], size: f64) -> f64 {
        labels
            .iter()
            .map(|l| self.text_width(l, size))
            .fold(0.0, f64::max)
    }

    /// Draws category labels centred on `centre(i)` along `y` (top of the text), every
    /// `step`-th one when they do not all fit in their `band`-wide slots; each label is cut to
    /// the room it has and kept inside the drawing.
    #[allow(clippy::too_many_arguments)]
    pub fn x_labels<DB>(
        &self,
        area: &DrawingArea<DB, Shift>,
        labels: &[String],
        count: usize,
        centre: &dyn Fn(usize) -> f64,
        band: f64,
        y: f64,
        size: f64,
    ) -> DrawResult
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
    {
        let (w, _) = dims(area);
        let count = count.min(labels.len());
        let gap = self.len(6.0);
        let step = label_step(self.widest(&labels[..count], size) + gap, band);
        let room = (band * step as f64 - gap).max(band);
        let edge = self.len(4.0);
        let mut last_right = f64::NEG_INFINITY;
        for i in (0..count).step_by(step) {
            let text = self.fit(&labels[i], size, room);
            let half = self.text_width(&text, size) / 2.0;
            let x = centre(i).clamp(edge + half, (w - edge - half).max(edge + half));
            // A label pushed back from the edge onto its neighbour is left out.
            if x - half < last_right + gap / 2.0 {
                continue;
            }
            last_right = x + half;
            self.text(
                area,
                &text,
                (x, y),
                size,
                palette::TEXT,
                HPos::Center,
                VPos::Top,
            )?;
        }
        Ok(())
    }
}

/// How often to show a label `width` wide on slots `band` wide so that they do not overlap:
/// every label (1), every second (2), …
pub fn label_step(width: f64, band: f64) -> usize {
    if !band.is_finite() || band <= 0.0 || !width.is_finite() {
        return 1;
    }
    ((width / band).ceil() as usize).max(1)
}

/// A legend mark.
#[derive(Clone, Copy, Debug)]
pub enum Mark {
    /// A filled square (bars, cells).
    Swatch(RGBColor),
    /// A solid line.
    Line(RGBColor),
    /// A dashed line.
    Dashed(RGBColor),
}

/// A linear value scale with round ticks.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueScale {
    /// Value at the bottom (or left) end.
    pub lo: f64,
    /// Value at the top (or right) end.
    pub hi: f64,
    /// Tick values, from `lo` to `hi`.
    pub ticks: Vec<f64>,
}

impl ValueScale {
    /// A scale from the round tick at or below `min(lo, 0)` to the round tick at or above
    /// `max(hi, 0)`, with at most about `max_ticks` intervals of 1, 2 or 5 × 10ⁿ.
    pub fn nice(lo: f64, hi: f64, max_ticks: usize) -> ValueScale {
        let lo = if lo.is_finite() { lo.min(0.0) } else { 0.0 };
        let hi = if hi.is_finite() { hi.max(0.0) } else { 0.0 };
        let hi = if hi > lo { hi } else { lo + 1.0 };
        let step = nice_step((hi - lo) / max_ticks.max(1) as f64);
        let first = (lo / step).floor();
        let last = (hi / step).ceil();
        let ticks: Vec<f64> = (0..=((last - first) as usize))
            .map(|i| clean((first + i as f64) * step, step))
            .collect();
        ValueScale {
            lo: first * step,
            hi: last * step,
            ticks,
        }
    }

    /// [`ValueScale::nice`] with the most intervals, up to `max_ticks`, whose labels under
    /// `format` all differ, and those labels. A label format coarser than the step would
    /// otherwise print the same number twice: a month of zeros on a 0–1 axis of whole numbers
    /// read "0, 0, 0, 1, 1, 1".
    pub fn nice_labelled(
        lo: f64,
        hi: f64,
        max_ticks: usize,
        format: &dyn AxisFormat,
    ) -> (ValueScale, Vec<String>) {
        let labelled = |k: usize| {
            let s = ValueScale::nice(lo, hi, k);
            let labels = tick_labels(format, &s.ticks);
            (s, labels)
        };
        (1..=max_ticks.max(1))
            .rev()
            .map(labelled)
            .find(|(_, labels)| labels.windows(2).all(|w| w[0] != w[1]))
            .unwrap_or_else(|| labelled(1))
    }

    /// A scale from the round tick at or below `lo` to the round tick at or above `hi`, not
    /// stretched to 0 (for logarithms and other values far from 0); a little room is added
    /// when `lo` and `hi` are equal.
    pub fn spanning(lo: f64, hi: f64, max_ticks: usize) -> ValueScale {
        let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
            (true, true) if hi > lo => (lo, hi),
            (true, _) => (lo - 0.5, lo + 0.5),
            (false, true) => (hi - 0.5, hi + 0.5),
            _ => (0.0, 1.0),
        };
        let step = nice_step((hi - lo) / max_ticks.max(1) as f64);
        let first = (lo / step).floor();
        let last = (hi / step).ceil().max(first + 1.0);
        let ticks: Vec<f64> = (0..=((last - first) as usize))
            .map(|i| clean((first + i as f64) * step, step))
            .collect();
        ValueScale {
            lo: first * step,
            hi: last * step,
            ticks,
        }
    }

    /// A scale from 0 to `k × step` for the smallest round `step` with `k × step ≥ hi`, so
    /// its grid lines meet those of another scale with `k` intervals.
    pub fn with_intervals(hi: f64, k: usize) -> ValueScale {
        let k = k.max(1);
        let hi = if hi.is_finite() && hi > 0.0 { hi } else { 1.0 };
        let mut step = nice_step(hi / k as f64);
        if step * (k as f64) < hi {
            step = nice_step(step * 1.0001);
        }
        ValueScale {
            lo: 0.0,
            hi: step * k as f64,
            ticks: (0..=k).map(|i| clean(i as f64 * step, step)).collect(),
        }
    }

    /// The pixel of `v` between `at_lo` (the pixel of `lo`) and `at_hi`.
    pub fn map(&self, v: f64, at_lo: f64, at_hi: f64) -> f64 {
        let span = self.hi - self.lo;
        if !span.is_finite() || span <= 0.0 || !v.is_finite() {
            return at_lo;
        }
        at_lo + (v - self.lo) / span * (at_hi - at_lo)
    }
}

/// The smallest of 1, 2, 5 × 10ⁿ at or above `raw`.
fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let f = raw / magnitude;
    let nice = if f <= 1.0 + 1e-9 {
        1.0
    } else if f <= 2.0 + 1e-9 {
        2.0
    } else if f <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// `v` with the float noise of `k × step` removed (0.30000000000000004 → 0.3).
fn clean(v: f64, step: f64) -> f64 {
    let digits = (-step.log10().floor()).clamp(0.0, 12.0) as i32 + 1;
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

/// Width of `c` in ems: wide for CJK and full-width forms, narrow for thin Latin letters.
fn char_em(c: char) -> f64 {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD);
    if wide {
        return 1.0;
    }
    match c {
        '…' => 1.0,
        ' ' => 0.3,
        'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'I' => 0.3,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.38,
        'm' | 'w' => 0.85,
        'M' | 'W' | '%' => 0.92,
        '0'..='9' | '$' | '¥' | '€' | '£' | '+' | '=' | '<' | '>' | '–' => 0.58,
        'A'..='Z' => 0.68,
        'a'..='z' => 0.55,
        _ if c.is_ascii() => 0.6,
        // Other scripts (accents, Cyrillic, …): about a Latin capital.
        _ => 0.7,
    }
}

/// Width and height of `area` in device pixels.
pub fn dims<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> (f64, f64) {
    let (w, h) = area.dim_in_pixel();
    (f64::from(w), f64::from(h))
}

/// A point in whole device pixels.
pub fn to_px((x, y): (f64, f64)) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

/// A data mark: the rectangle between two corners, in device pixels.
pub fn bar<DB>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (f64, f64),
    (x1, y1): (f64, f64),
    color: RGBColor,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let (left, right) = (x0.min(x1), x0.max(x1));
    let (top, bottom) = (y0.min(y1), y0.max(y1));
    area.draw(&Rectangle::new(
        [to_px((left, top)), to_px((right, bottom))],
        color.filled(),
    ))?;
    Ok(())
}

/// A filled decoration (zone shading, colour ramp step) between two corners; a polygon, so
/// that rectangles stay data marks.
pub fn shade<DB>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (f64, f64),
    (x1, y1): (f64, f64),
    color: RGBColor,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    area.draw(&Polygon::new(
        vec![
            to_px((x0, y0)),
            to_px((x1, y0)),
            to_px((x1, y1)),
            to_px((x0, y1)),
        ],
        color.filled(),
    ))?;
    Ok(())
}

/// Finite `v`, else `None`.
pub fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let s = ValueScale::nice(0.0, 87_300.0, 5);
        assert_eq!(
            s.ticks,
            vec![0.0, 20_000.0, 40_000.0, 60_000.0, 80_000.0, 100_000.0]
        );
        assert_eq!((s.lo, s.hi), (0.0, 100_000.0));
        let s = ValueScale::nice(-0.12, 0.31, 5);
        assert_eq!(s.ticks, vec![-0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.4]);
        let s = ValueScale::nice(0.0, 0.0, 5);
        assert_eq!((s.lo, s.hi), (0.0, 1.0));
        let s = ValueScale::with_intervals(930.0, 5);
        assert_eq!(s.ticks, vec![0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]);
        let s = ValueScale::with_intervals(1000.0, 5);
        assert_eq!(s.hi, 1000.0);
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        let kit = Kit::new(1.0);
        assert_eq!(kit.fit("abc", 12.0, 100.0), "abc");
        let cut = kit.fit("北京市朝阳区望京街道", 12.0, 60.0);
        assert!(
            cut.ends_with('…') && kit.text_width(&cut, 12.0) <= 60.0,
            "{cut}"
        );
        assert_eq!(kit.fit("abc", 12.0, 2.0), "");
        assert_eq!(label_step(50.0, 20.0), 3);
        assert_eq!(label_step(10.0, 20.0), 1);
    }
}
