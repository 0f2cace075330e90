//! Charts drawn with plotters from plain data, generic over the `DrawingBackend`.
//!
//! Architecture invariant: charts compute no business number; they draw what they are given,
//! with labels already translated. The browser passes a canvas backend, native tests an SVG
//! backend whose output they inspect. `scale` is the device pixel ratio: every size in pixels
//! is multiplied by it, so a canvas whose backing store is `devicePixelRatio` times its CSS
//! size draws crisp lines and text of the intended size.
//!
//! One module per chart kind, each a plain-data struct of borrowed slices and a `draw_*`
//! function: [`TrendChart`] (a time series against last year, with peaks), [`BarChart`]
//! (horizontal bars, one or two series), [`ParetoChart`] (bars by rank, the cumulative share
//! and the ABC zones), [`HeatMap`] (a grid of values on a light-to-dark blue scale),
//! [`Histogram`] (bins with a marker line), [`StackedBars`] (vertical stacks by period) and
//! [`ScatterChart`] (points with a fitted line, axes not stretched to 0).
//! Each draws a placeholder text given by the caller when it has no data, and none panics on
//! its data: when slices' lengths disagree the missing entries count as absent (no label, no
//! mark), numbers that are not finite are left out, and indices out of range are ignored.
//!
//! In these drawings every rectangle is a data mark (a bar, a stack segment, a heat-map cell)
//! or the white background: legend swatches, zone shading and colour ramps are polygons, which
//! lets tests count the marks in the SVG output.

use plotters::coord::Shift;

pub use kit::{tick_labels, AxisFormat};
use plotters::element::DashedPathElement;
use plotters::prelude::*;

mod allocation;
mod bars;
mod curve;
mod heatmap;
mod histogram;
mod kit;
mod pareto;
mod scatter;
mod stacked;
mod trend;

pub use allocation::{
    allocation_layout, draw_allocation_chart, hit_handle, AllocationChart, AllocationLayout,
    AllocationRow, HandleEnd,
};
pub use bars::{draw_bar_chart, BarChart};
pub use curve::{draw_curve_chart, fences, CurveChart, CurveLine, CurveMarker};
pub use heatmap::{draw_heat_map, HeatMap};
pub use histogram::{draw_histogram, Histogram, HistogramMarker};
pub use pareto::{draw_pareto_chart, ParetoChart, ParetoZone};
pub use scatter::{draw_scatter_chart, ScatterChart};
pub use stacked::{draw_stacked_bars, StackSeries, StackedBars};
pub use trend::{draw_trend_chart, TrendChart};

/// Colours shared by all charts (chosen for contrast on white, and distinguishable by
/// colour-blind readers: blue vs grey-dashed is not a red/green pair).
pub mod palette {
    use plotters::style::RGBColor;
    /// The main series.
    pub const PRIMARY: RGBColor = RGBColor(37, 99, 235);
    /// The comparison series (last year), also today's bars with their value written on them
    /// in white (4.7:1, WCAG AA).
    pub const COMPARISON: RGBColor = RGBColor(115, 115, 115);
    /// Axis and label text.
    pub const TEXT: RGBColor = RGBColor(40, 40, 40);
    /// Grid lines.
    pub const GRID: RGBColor = RGBColor(228, 228, 231);
    /// The zero line, zone boundaries and marker lines' light parts.
    pub const AXIS: RGBColor = RGBColor(161, 161, 170);
    /// Secondary text: placeholders, zone names (4.8:1 on white).
    pub const MUTED: RGBColor = RGBColor(107, 114, 128);
    /// A second series beside the main one: orange, told apart from blue with every kind of
    /// colour blindness.
    pub const SECONDARY: RGBColor = RGBColor(230, 159, 0);
    /// Bars under a line of the main colour (the Pareto chart's bars).
    pub const PRIMARY_LIGHT: RGBColor = RGBColor(147, 197, 253);
    /// Series colours in order, for stacks: blue, orange, sky blue, green, reddish purple,
    /// vermilion (after Okabe and Ito's colour-blind-safe set).
    pub const SERIES: [RGBColor; 6] = [
        PRIMARY,
        SECONDARY,
        RGBColor(86, 180, 233),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(213, 94, 0),
    ];
    /// The shading of the Pareto chart's zones, A first (further zones cycle).
    pub const ZONES: [RGBColor; 3] = [
        RGBColor(219, 234, 254),
        RGBColor(239, 246, 255),
        RGBColor(248, 250, 252),
    ];

    /// The stops of the heat maps' sequential scale, light to dark blue (ColorBrewer's
    /// "Blues" without its near-white first step, so the smallest value still shows against
    /// an empty, white cell). Luminance falls monotonically, so the order reads without hue.
    const HEAT: [(u8, u8, u8); 8] = [
        (222, 235, 247),
        (198, 219, 239),
        (158, 202, 225),
        (107, 174, 214),
        (66, 146, 198),
        (33, 113, 181),
        (8, 81, 156),
        (8, 48, 107),
    ];

    /// The heat-map colour of `t` in 0–1 (clamped; not a number reads as 0).
    pub fn heat(t: f64) -> RGBColor {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let pos = t * (HEAT.len() - 1) as f64;
        let i = (pos.floor() as usize).min(HEAT.len() - 2);
        let f = pos - i as f64;
        let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
        let (a, b) = (HEAT[i], HEAT[i + 1]);
        RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// The WCAG relative luminance of `c`, 0 (black) to 1 (white).
    pub fn luminance(c: RGBColor) -> f64 {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    }

    /// The WCAG contrast ratio of two colours, 1 to 21.
    pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// The text colour with more contrast on `background`: [`TEXT`] or white, or black on
    /// the mid tones where neither reaches WCAG AA's 4.5:1 (white or black always does).
    pub fn text_on(background: RGBColor) -> RGBColor {
        let white = RGBColor(255, 255, 255);
        let dark = if contrast(TEXT, background) >= 4.5 {
            TEXT
        } else {
            RGBColor(0, 0, 0)
        };
        if contrast(white, background) > contrast(dark, background) {
            white
        } else {
            dark
        }
    }
}

/// The font family for chart text: system sans-serif fonts with common CJK fallbacks, so
/// Chinese labels render on Windows, macOS and Linux.
pub const FONT_FAMILY: &str =
    "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";

/// A line chart of monthly values against the same months a year earlier.
pub struct MonthlyComparison<'a> {
    /// Chart title.
    pub title: &'a str,
    /// One label per month, oldest first.
    pub labels: &'a [String],
    /// The months' values.
    pub values: &'a [f64],
    /// The same months a year earlier; `None` where the data does not reach.
    pub year_ago: &'a [Option<f64>],
    /// Legend text of the two series.
    pub series_names: (&'a str, &'a str),
    /// Formats a value for the y axis.
    pub format_y: &'a dyn AxisFormat,
    /// Device pixel ratio.
    pub scale: f64,
}

/// Error of a drawing backend, boxed so callers need not name the backend type.
pub type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// Draws a [`MonthlyComparison`] on `area`.
pub fn draw_monthly_comparison<DB>(
    area: &DrawingArea<DB, Shift>,
    chart: &MonthlyComparison,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let px = |v: f64| (v * chart.scale).round() as i32;
    let font = |size: f64| {
        (FONT_FAMILY, size * chart.scale)
            .into_font()
            .color(&palette::TEXT)
    };
    area.fill(&WHITE)?;
    let n = chart.values.len();
    let max = chart
        .values
        .iter()
        .copied()
        .chain(chart.year_ago.iter().flatten().copied())
        .fold(0.0_f64, f64::max);
    let y_max = if max > 0.0 { max * 1.12 } else { 1.0 };
    let mut ctx = ChartBuilder::on(area)
        .caption(chart.title, font(16.0))
        .margin(px(12.0))
        .x_label_area_size(px(34.0))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(-0.5..(n as f64 - 0.5).max(0.5), 0.0..y_max)?;
    let labels = chart.labels;
    // Every `step`-th month is labelled, so that the labels fit side by side (on a phone 24
    // months' labels ran into one strip).
    let plot_width = f64::from(area.dim_in_pixel().0) - px(12.0 * 2.0 + 64.0) as f64;
    let kit = kit::Kit::new(chart.scale);
    let widest = labels
        .iter()
        .map(|l| kit.text_width(l, 12.0))
        .fold(0.0_f64, f64::max)
        + kit.len(10.0);
    let step = ((n as f64 * widest) / plot_width.max(1.0)).ceil().max(1.0) as usize;
    ctx.configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .disable_x_mesh()
        .x_labels(n.max(1))
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) % step == 0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_labels(6)
        .y_label_formatter(&|y| chart.format_y.label(*y, y_max))
        .label_style(font(12.0))
        .axis_style(palette::GRID)
        .draw()?;

    let previous: Vec<(f64, f64)> = chart
        .year_ago
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
        .collect();
    let dashed = ShapeStyle::from(&palette::COMPARISON).stroke_width(px(2.0) as u32);
    ctx.draw_series(DashedLineSeries::new(
        previous.iter().copied(),
        px(6.0) as u32,
        px(4.0) as u32,
        dashed,
    ))?
    .label(chart.series_names.1)
    .legend(move |(x, y)| {
        DashedPathElement::new(
            vec![(x, y), (x + px(18.0), y)],
            px(5.0) as u32,
            px(3.0) as u32,
            dashed,
        )
    });

    let main = ShapeStyle::from(&palette::PRIMARY).stroke_width(px(3.0) as u32);
    let current: Vec<(f64, f64)> = chart
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64, *v))
        .collect();
    ctx.draw_series(LineSeries::new(current.iter().copied(), main))?
        .label(chart.series_names.0)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + px(18.0), y)], main));
    ctx.draw_series(
        current
            .iter()
            .map(|(x, y)| Circle::new((*x, *y), px(3.5), main.filled())),
    )?;

    ctx.configure_series_labels()
        // Below the lines (the axis starts at 0 and the months' values are well above it):
        // at the upper left the box covered the first months' points.
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.85))
        .border_style(palette::GRID)
        .label_font(font(12.0))
        .legend_area_size(px(30.0))
        .margin(px(8.0))
        .draw()?;
    area.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The y pixel of each point of the main series, read from the SVG's circles.
    fn circle_centres(svg: &str) -> Vec<(f64, f64)> {
        svg.split("<circle")
            .skip(1)
            .filter_map(|c| {
                let attr = |name: &str| -> Option<f64> {
                    let start = c.find(&format!("{name}=\""))? + name.len() + 2;
                    c[start..].split('"').next()?.parse().ok()
                };
                Some((attr("cx")?, attr("cy")?))
            })
            .collect()
    }

    #[test]
    fn monthly_chart_draws_points_in_value_order_with_chinese_labels() {
        let labels: Vec<String> = ["1月", "2月", "3月"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let values = [100.0, 300.0, 200.0];
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (640, 360)).into_drawing_area();
            let chart = MonthlyComparison {
                title: "月度成交额",
                labels: &labels,
                values: &values,
                year_ago: &[Some(50.0), None, Some(80.0)],
                series_names: ("近12个月", "去年同期"),
                format_y: &|v| format!("{v:.0}"),
                scale: 1.0,
            };
            draw_monthly_comparison(&area, &chart).unwrap();
        }
        for text in ["月度成交额", "1月", "3月", "近12个月", "去年同期"] {
            assert!(svg.contains(text), "{text} missing");
        }
        let points = circle_centres(&svg);
        assert_eq!(points.len(), 3);
        // Higher values sit higher (smaller y); months run left to right.
        assert!(
            points[1].1 < points[2].1 && points[2].1 < points[0].1,
            "{points:?}"
        );
        assert!(points[0].0 < points[1].0 && points[1].0 < points[2].0);
    }

    /// On a phone-wide chart the 24 months' labels are thinned so that they fit side by side
    /// (they ran into one strip); on a wide one every month is labelled.
    #[test]
    fn monthly_labels_are_thinned_to_fit() {
        let labels: Vec<String> = (0..24)
            .map(|i| format!("{} {}", ["Jan", "Feb", "Mar", "Apr"][i % 4], 2024 + i / 12))
            .collect();
        let values: Vec<f64> = (0..24).map(|i| 100.0 + i as f64).collect();
        let year_ago = vec![None; 24];
        let drawn = |width: u32| {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, (width, 300)).into_drawing_area();
                let chart = MonthlyComparison {
                    title: "",
                    labels: &labels,
                    values: &values,
                    year_ago: &year_ago,
                    series_names: ("a", "b"),
                    format_y: &|v: f64| format!("{v:.0}"),
                    scale: 1.0,
                };
                draw_monthly_comparison(&area, &chart).unwrap();
            }
            // Month labels are the texts with a year in them.
            svg.split("<text")
                .filter(|t| t.contains(" 2024") || t.contains(" 2025"))
                .count()
        };
        let narrow = drawn(360);
        // About 64 px a label: at most (360 − 88) / 64 of them fit.
        assert!((2..=5).contains(&narrow), "{narrow} labels on 360 px");
        assert_eq!(drawn(2400), 24);
    }

    /// Text on the charts' white panel, and value labels on bars and heat-map cells, are
    /// readable at WCAG AA (4.5:1), whatever the page's colour scheme: the panel stays white.
    #[test]
    fn chart_text_meets_wcag_aa_contrast() {
        let white = RGBColor(255, 255, 255);
        for text in [palette::TEXT, palette::MUTED] {
            assert!(palette::contrast(text, white) >= 4.5);
        }
        let mut backgrounds = vec![palette::PRIMARY, palette::COMPARISON];
        backgrounds.extend((0..=1000).map(|i| palette::heat(f64::from(i) / 1000.0)));
        for background in backgrounds {
            let text = palette::text_on(background);
            let ratio = palette::contrast(text, background);
            assert!(ratio >= 4.5, "{text:?} on {background:?}: {ratio:.2}:1");
        }
    }

    #[test]
    fn empty_chart_does_not_fail() {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (300, 200)).into_drawing_area();
        let chart = MonthlyComparison {
            title: "",
            labels: &[],
            values: &[],
            year_ago: &[],
            series_names: ("a", "b"),
            format_y: &|v: f64| v.to_string(),
            scale: 2.0,
        };
        assert!(draw_monthly_comparison(&area, &chart).is_ok());
    }
}
