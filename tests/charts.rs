#![cfg(not(target_arch = "wasm32"))]
//! The review page's charts drawn into plotters' SVG backend, checked on the SVG text: the
//! labels (Chinese included) are there, one mark is drawn per value (every `<rect>` but the
//! white background is a data mark), empty data draws the caller's placeholder, long labels
//! are cut, heat-map colours follow the values and peak labels sit on their points.
//!
//! With `SHOPLAB_CHART_PREVIEW=<dir>` every drawing is also written to `<dir>/<name>.svg`, its
//! font sizes scaled to what a canvas draws (plotters' SVG backend writes 1/1.24 of the size
//! the canvas backend uses), for a look at the result, e.g. converted with `rsvg-convert`.

use plotters::coord::Shift;
use plotters::prelude::*;
use shoplab::charts::{
    draw_bar_chart, draw_heat_map, draw_histogram, draw_pareto_chart, draw_stacked_bars,
    draw_trend_chart, palette, BarChart, HeatMap, Histogram, HistogramMarker, ParetoChart,
    ParetoZone, StackSeries, StackedBars, TrendChart,
};

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Draws with `draw` on a `w` × `h` SVG and returns its text (and writes the preview).
fn render(name: &str, (w, h): (u32, u32), draw: impl FnOnce(&Area)) -> String {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        draw(&area);
    }
    if let Some(dir) = std::env::var_os("SHOPLAB_CHART_PREVIEW").filter(|_| !name.is_empty()) {
        let path = std::path::Path::new(&dir).join(format!("{name}.svg"));
        std::fs::write(path, canvas_font_sizes(&svg)).expect("write preview");
    }
    svg
}

/// `svg` with every `font-size` multiplied by 1.24, as the canvas backend draws it.
fn canvas_font_sizes(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(at) = rest.find("font-size=\"") {
        let start = at + "font-size=\"".len();
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('"').expect("closing quote");
        let size: f64 = rest[start..end].parse().expect("font size");
        out.push_str(&format!("{:.2}", size * 1.24));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The value of attribute `name` in the tag text `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = if tag.starts_with(&key[1..]) {
        key.len() - 1
    } else {
        tag.find(&key)? + key.len()
    };
    tag[start..].split('"').next()
}

fn num(tag: &str, name: &str) -> f64 {
    attr(tag, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// The opening tags `<name …>` of the SVG.
fn tags<'a>(svg: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    svg.split(&open)
        .skip(1)
        .map(|t| &t[..t.find('>').unwrap_or(t.len())])
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// The rectangles filled with `color`.
fn rects(svg: &str, color: RGBColor) -> Vec<Rect> {
    tags(svg, "rect")
        .into_iter()
        .filter(|t| attr(t, "fill") == Some(&hex(color)))
        .map(|t| Rect {
            x: num(t, "x"),
            y: num(t, "y"),
            w: num(t, "width"),
            h: num(t, "height"),
        })
        .collect()
}

/// Every rectangle but the white background, with its fill.
fn marks(svg: &str) -> Vec<(Rect, String)> {
    tags(svg, "rect")
        .into_iter()
        .filter(|t| attr(t, "fill") != Some("#FFFFFF"))
        .map(|t| {
            let r = Rect {
                x: num(t, "x"),
                y: num(t, "y"),
                w: num(t, "width"),
                h: num(t, "height"),
            };
            (r, attr(t, "fill").unwrap_or("").to_owned())
        })
        .collect()
}

#[derive(Debug, Clone)]
struct Label {
    x: f64,
    y: f64,
    text: String,
    fill: String,
}

/// The texts drawn, unescaped.
fn texts(svg: &str) -> Vec<Label> {
    svg.split("<text ")
        .skip(1)
        .map(|t| {
            let (tag, rest) = t.split_once('>').unwrap_or((t, ""));
            let content = rest.split("</text>").next().unwrap_or("").trim();
            Label {
                x: num(tag, "x"),
                y: num(tag, "y"),
                text: content
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
                fill: attr(tag, "fill").unwrap_or("").to_owned(),
            }
        })
        .collect()
}

fn text<'a>(labels: &'a [Label], content: &str) -> Option<&'a Label> {
    labels.iter().find(|l| l.text == content)
}

/// The points of every polyline stroked with `color`.
fn polylines(svg: &str, color: RGBColor) -> Vec<Vec<(f64, f64)>> {
    tags(svg, "polyline")
        .into_iter()
        .filter(|t| attr(t, "stroke") == Some(&hex(color)))
        .map(|t| {
            attr(t, "points")
                .unwrap_or("")
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect()
        })
        .collect()
}

/// The centres of the circles filled with `color`.
fn circles(svg: &str, color: RGBColor) -> Vec<(f64, f64)> {
    tags(svg, "circle")
        .into_iter()
        .filter(|t| attr(t, "fill") == Some(&hex(color)))
        .map(|t| (num(t, "cx"), num(t, "cy")))
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn compact(v: f64) -> String {
    if v.abs() >= 10_000.0 {
        format!("{:.1}万", v / 10_000.0)
    } else {
        format!("{v:.0}")
    }
}

fn percent(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

// ---------------------------------------------------------------------------------------------
// Trend

/// A year of days: a weekly wave, a slow rise, three planted spikes.
fn year_of_days() -> (Vec<String>, Vec<f64>, Vec<Option<f64>>) {
    let labels = (0..366)
        .map(|d| format!("{}月{}日", d / 31 + 1, d % 31 + 1))
        .collect();
    let values: Vec<f64> = (0..366)
        .map(|d| {
            let wave = 1.0 + 0.25 * ((d as f64) * std::f64::consts::TAU / 7.0).sin();
            let spike = match d {
                40 => 2.2,
                200 => 2.6,
                318 => 3.4,
                _ => 1.0,
            };
            (20_000.0 + 40.0 * d as f64) * wave * spike
        })
        .collect();
    let last_year = (0..366)
        .map(|d| (d >= 30).then_some(16_000.0 + 35.0 * d as f64))
        .collect();
    (labels, values, last_year)
}

#[test]
fn trend_draws_every_point_the_comparison_dashed_and_labels_the_peaks() {
    let (labels, values, last_year) = year_of_days();
    let peaks = [40, 200, 318];
    let svg = render("trend", (900, 360), |area| {
        let chart = TrendChart {
            title: "每日成交额",
            labels: &labels,
            values: &values,
            comparison: Some(&last_year),
            series_names: ("今年", "去年同期"),
            peaks: &peaks,
            format_y: &compact,
            format_value: &compact,
            empty_text: "暂无数据",
            scale: 1.0,
        };
        draw_trend_chart(area, &chart).unwrap();
    });
    let labels_drawn = texts(&svg);
    for t in ["每日成交额", "今年", "去年同期", "1月1日"] {
        assert!(text(&labels_drawn, t).is_some(), "{t} missing");
    }
    // The main series is one polyline through every point, left to right.
    let main = polylines(&svg, palette::PRIMARY);
    let longest = main.iter().max_by_key(|p| p.len()).unwrap();
    assert_eq!(longest.len(), 366);
    assert!(longest.windows(2).all(|w| w[0].0 <= w[1].0));
    // Last year is drawn dashed: many short grey pieces (plus the legend's).
    assert!(polylines(&svg, palette::COMPARISON).len() > 20);
    // One dot per peak, each with its value right above it.
    let dots = circles(&svg, palette::PRIMARY);
    assert_eq!(dots.len(), 3, "{dots:?}");
    for (&i, dot) in peaks.iter().zip(&dots) {
        assert!((dot.0 - longest[i].0).abs() <= 1.0, "dot of {i} at {dot:?}");
        let label = text(&labels_drawn, &compact(values[i])).expect("peak label");
        assert!((label.x - dot.0).abs() <= 1.0, "{label:?} vs {dot:?}");
        assert!(
            label.y < dot.1 && dot.1 - label.y < 30.0,
            "{label:?} vs {dot:?}"
        );
    }
    // The highest peak is the highest dot.
    assert!(dots[2].1 < dots[1].1 && dots[1].1 < dots[0].1);
    // 366 day labels do not fit: a thinned set, spaced apart.
    let day_labels: Vec<&Label> = labels_drawn
        .iter()
        .filter(|l| l.text.contains('月') && l.text.contains('日') && l.text != "每日成交额")
        .collect();
    assert!(
        day_labels.len() > 4 && day_labels.len() < 20,
        "{}",
        day_labels.len()
    );
    assert!(day_labels.windows(2).all(|w| w[1].x - w[0].x >= 50.0));
}

#[test]
fn monthly_trend_marks_each_point_and_its_peak() {
    let labels: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let values = [
        82_000.0, 64_000.0, 91_000.0, 88_000.0, 97_000.0, 160_000.0, 93_000.0, 90_000.0, 99_000.0,
        104_000.0, 251_000.0, 120_000.0,
    ];
    let last_year: Vec<Option<f64>> = values.iter().map(|v| Some(v * 0.8)).collect();
    let svg = render("trend_monthly", (640, 320), |area| {
        let chart = TrendChart {
            title: "月度成交额",
            labels: &labels,
            values: &values,
            comparison: Some(&last_year),
            series_names: ("今年", "去年同期"),
            peaks: &[5, 10],
            format_y: &compact,
            format_value: &compact,
            empty_text: "暂无数据",
            scale: 1.0,
        };
        draw_trend_chart(area, &chart).unwrap();
    });
    let hollow = tags(&svg, "circle")
        .into_iter()
        .filter(|t| {
            attr(t, "fill") == Some("none") && attr(t, "stroke") == Some(&hex(palette::PRIMARY))
        })
        .count();
    assert_eq!(hollow, 12);
    assert_eq!(circles(&svg, palette::PRIMARY).len(), 2);
    let labels_drawn = texts(&svg);
    for t in ["1月", "6月", "12月", "16.0万", "25.1万"] {
        assert!(text(&labels_drawn, t).is_some(), "{t} missing");
    }
}

#[test]
fn trend_breaks_the_line_at_missing_values_and_skips_bad_peaks() {
    let labels = strings(&["1月", "2月", "3月", "4月", "5月"]);
    let values = [10.0, 30.0, f64::NAN, 25.0, 40.0];
    let svg = render("trend_gap", (480, 300), |area| {
        let chart = TrendChart {
            title: "",
            labels: &labels[..3],
            values: &values,
            comparison: None,
            series_names: ("GMV", "Last year"),
            // 2 is not a number, 9 is out of range, 1 is given twice.
            peaks: &[1, 2, 9, 1],
            format_y: &compact,
            format_value: &compact,
            empty_text: "No data",
            scale: 2.0,
        };
        draw_trend_chart(area, &chart).unwrap();
    });
    let runs: Vec<usize> = polylines(&svg, palette::PRIMARY)
        .iter()
        .map(Vec::len)
        .collect();
    // Two runs (plus the legend's two-point line).
    assert_eq!(runs.iter().filter(|&&n| n == 2).count(), 3, "{runs:?}");
    assert_eq!(circles(&svg, palette::PRIMARY).len(), 1);
    assert!(polylines(&svg, palette::COMPARISON).is_empty());
    assert!(!svg.contains("Last year"));
    // Fonts are drawn at twice the size.
    let labels = texts(&svg);
    assert!(text(&labels, "30").is_some());
}

#[test]
fn trend_without_points_shows_the_placeholder() {
    let svg = render("trend_empty", (480, 300), |area| {
        let chart = TrendChart {
            title: "每日成交额",
            labels: &[],
            values: &[],
            comparison: Some(&[]),
            series_names: ("今年", "去年同期"),
            peaks: &[0, 3],
            format_y: &compact,
            format_value: &compact,
            empty_text: "所选期间没有订单",
            scale: 1.0,
        };
        draw_trend_chart(area, &chart).unwrap();
    });
    let labels = texts(&svg);
    assert!(text(&labels, "所选期间没有订单").is_some());
    assert!(text(&labels, "每日成交额").is_some());
    assert!(polylines(&svg, palette::PRIMARY).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Bars

const LONG_CN: &str = "【官方旗舰店】超长名称的无线蓝牙降噪耳机 Pro Max 2025 新款限量版礼盒装";
const LONG_EN: &str =
    "Organic Cold-Pressed Extra Virgin Olive Oil, Family Size Bottle with Pourer (2 × 1 L)";

#[test]
fn bars_draw_one_bar_per_category_with_values_and_cut_long_names() {
    let labels = strings(&[LONG_CN, "保温杯", LONG_EN, "Desk lamp", "数据线"]);
    let values = [98_000.0, 61_500.0, 40_200.0, 12_000.0, 800.0];
    let svg = render("bars", (640, 260), |area| {
        let chart = BarChart {
            title: "销售额前五的商品",
            labels: &labels,
            values: &values,
            second: None,
            series_names: ("销售额", ""),
            format_value: &|v| format!("¥{v:.0}"),
            empty_text: "暂无数据",
            scale: 1.0,
        };
        draw_bar_chart(area, &chart).unwrap();
    });
    let bars = rects(&svg, palette::PRIMARY);
    assert_eq!(bars.len(), 5);
    assert_eq!(marks(&svg).len(), 5, "only bars are rectangles");
    // Top to bottom in order, longest for the largest value, all from the same baseline.
    assert!(bars.windows(2).all(|w| w[0].y < w[1].y && w[0].w > w[1].w));
    assert!(bars.iter().all(|b| (b.x - bars[0].x).abs() < 1.0));
    let ratio = bars[1].w / bars[0].w;
    assert!((ratio - 61_500.0 / 98_000.0).abs() < 0.02, "{ratio}");
    let labels_drawn = texts(&svg);
    for t in [
        "销售额前五的商品",
        "保温杯",
        "Desk lamp",
        "数据线",
        "¥98000",
        "¥800",
    ] {
        assert!(text(&labels_drawn, t).is_some(), "{t} missing");
    }
    // Long names are cut with an ellipsis, keeping their start, and end left of the bars.
    for long in [LONG_CN, LONG_EN] {
        let most: String = long.chars().take(long.chars().count() - 2).collect();
        assert!(!svg.contains(&most), "{long} not cut");
        let head: String = long.chars().take(4).collect();
        let cut = labels_drawn
            .iter()
            .find(|l| l.text.starts_with(&head))
            .expect("cut label");
        assert!(cut.text.ends_with('…'), "{cut:?}");
        assert!(cut.x < bars[0].x, "{cut:?}");
    }
    // The value labels sit right of their bar ends.
    let v = text(&labels_drawn, "¥98000").unwrap();
    assert!(v.x >= bars[0].x + bars[0].w);
}

#[test]
fn bars_draw_a_second_series_beside_the_first() {
    let labels = strings(&["抖音", "淘宝直通车", "小红书", "Google Ads"]);
    let spend = [0.42, 0.31, 0.17, 0.10];
    let revenue = [Some(0.35), Some(0.40), None, Some(0.25)];
    let svg = render("bars_two", (640, 300), |area| {
        let chart = BarChart {
            title: "花费占比与收入占比",
            labels: &labels,
            values: &spend,
            second: Some(&revenue),
            series_names: ("花费占比", "收入占比"),
            format_value: &percent,
            empty_text: "暂无数据",
            scale: 1.0,
        };
        draw_bar_chart(area, &chart).unwrap();
    });
    let first = rects(&svg, palette::PRIMARY);
    let second = rects(&svg, palette::SECONDARY);
    assert_eq!(first.len(), 4);
    assert_eq!(second.len(), 3, "no bar where the value is missing");
    assert_eq!(marks(&svg).len(), 7);
    // Each second bar right under its first.
    assert!(second[0].y > first[0].y && second[0].y < first[1].y);
    let labels_drawn = texts(&svg);
    for t in [
        "花费占比",
        "收入占比",
        "淘宝直通车",
        "Google Ads",
        "42%",
        "40%",
    ] {
        assert!(text(&labels_drawn, t).is_some(), "{t} missing");
    }
}

#[test]
fn bars_without_categories_show_the_placeholder_and_size_themselves() {
    let chart = BarChart {
        title: "Top products",
        labels: &[],
        values: &[],
        second: None,
        series_names: ("Revenue", ""),
        format_value: &compact,
        empty_text: "No sales in this period",
        scale: 1.0,
    };
    let svg = render("bars_empty", (480, 200), |area| {
        draw_bar_chart(area, &chart).unwrap();
    });
    assert!(text(&texts(&svg), "No sales in this period").is_some());
    assert!(marks(&svg).is_empty());
    let values = [1.0; 20];
    let twenty = BarChart {
        values: &values,
        ..chart
    };
    assert!(twenty.preferred_height() >= 20.0 * 28.0);
}

// ---------------------------------------------------------------------------------------------
// Pareto

fn pareto_data() -> (Vec<f64>, Vec<(f64, f64)>) {
    // Values falling off like a power law, and their running share sampled at 0 %, 1 %, …
    let values: Vec<f64> = (0..101)
        .map(|i| 50_000.0 / (1.0 + i as f64).powf(0.9))
        .collect();
    let total: f64 = values.iter().sum();
    let mut running = 0.0;
    let mut curve = vec![(0.0, 0.0)];
    for (i, v) in values.iter().enumerate() {
        running += v;
        curve.push(((i + 1) as f64 / 101.0, running / total));
    }
    (values, curve)
}

#[test]
fn pareto_draws_bars_the_cumulative_line_and_the_zones() {
    let (values, curve) = pareto_data();
    let zones = [
        ParetoZone {
            to: 0.2,
            label: "A 类",
        },
        ParetoZone {
            to: 0.5,
            label: "B 类",
        },
        ParetoZone {
            to: 1.0,
            label: "C 类",
        },
    ];
    let svg = render("pareto", (720, 360), |area| {
        let chart = ParetoChart {
            title: "商品销售额帕累托图",
            values: &values,
            cumulative: &curve,
            zones: &zones,
            series_names: ("销售额", "累计占比"),
            x_title: "SKU 占比（按销售额排名）",
            format_value: &compact,
            format_share: &percent,
            empty_text: "暂无数据",
            scale: 1.0,
        };
        draw_pareto_chart(area, &chart).unwrap();
    });
    let bars = rects(&svg, palette::PRIMARY_LIGHT);
    assert_eq!(bars.len(), 101);
    assert_eq!(marks(&svg).len(), 101);
    assert!(bars.windows(2).all(|w| w[0].x < w[1].x && w[0].h >= w[1].h));
    let line = polylines(&svg, palette::PRIMARY);
    let line = line.iter().max_by_key(|p| p.len()).unwrap();
    assert_eq!(line.len(), curve.len());
    // The line starts at the bottom left and ends at the top right, at 100 %.
    let labels = texts(&svg);
    let top = text(&labels, "100%").expect("100% on the right axis");
    assert!((line.last().unwrap().1 - top.y).abs() <= 1.0);
    assert!(line[0].1 > line.last().unwrap().1);
    let a = text(&labels, "A 类").expect("zone A");
    let b = text(&labels, "B 类").expect("zone B");
    let c = text(&labels, "C 类").expect("zone C");
    assert!(a.x < b.x && b.x < c.x);
    // Zone A covers the first fifth of the bars.
    assert!(a.x < bars[20].x && a.x > bars[0].x);
    for t in [
        "商品销售额帕累托图",
        "销售额",
        "累计占比",
        "0%",
        "SKU 占比（按销售额排名）",
    ] {
        assert!(text(&labels, t).is_some(), "{t} missing");
    }
}

#[test]
fn pareto_without_data_shows_the_placeholder() {
    let svg = render("pareto_empty", (480, 300), |area| {
        let chart = ParetoChart {
            title: "Pareto",
            values: &[],
            cumulative: &[],
            zones: &[ParetoZone {
                to: 0.3,
                label: "A",
            }],
            series_names: ("Revenue", "Cumulative share"),
            x_title: "",
            format_value: &compact,
            format_share: &percent,
            empty_text: "No product sold",
            scale: 1.0,
        };
        draw_pareto_chart(area, &chart).unwrap();
    });
    assert!(text(&texts(&svg), "No product sold").is_some());
    assert!(marks(&svg).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Heat map

fn weekdays() -> Vec<String> {
    strings(&["周一", "周二", "周三", "周四", "周五", "周六", "周日"])
}

#[test]
fn heat_map_of_weekday_by_hour_darkens_with_the_value() {
    let values: Vec<Vec<Option<f64>>> = (0..7)
        .map(|d| {
            (0..24)
                .map(|h| {
                    let evening = if (19..23).contains(&h) { 3.0 } else { 1.0 };
                    let weekend = [1.0, 1.0, 1.0, 1.05, 1.2, 1.4, 1.5][d];
                    Some(10_000.0 * evening * weekend + 100.0 * h as f64)
                })
                .collect()
        })
        .collect();
    let hours: Vec<String> = (0..24).map(|h| h.to_string()).collect();
    let svg = render("heat_weekday_hour", (720, 300), |area| {
        let chart = HeatMap {
            title: "成交额：星期 × 小时",
            row_labels: &weekdays(),
            column_labels: &hours,
            values: &values,
            domain: None,
            format_cell: Some(&compact),
            format_legend: &compact,
            empty_text: "订单没有时间",
            scale: 1.0,
        };
        draw_heat_map(area, &chart).unwrap();
    });
    let cells = marks(&svg);
    assert_eq!(cells.len(), 7 * 24);
    // The darkest cell is the largest value: Sunday 22:00.
    let darkest = cells
        .iter()
        .min_by(|a, b| luminance(&a.1).total_cmp(&luminance(&b.1)))
        .unwrap();
    let column = cells.iter().filter(|c| c.0.x < darkest.0.x - 1.0).count() / 7;
    let row = cells.iter().filter(|c| c.0.y < darkest.0.y - 1.0).count() / 24;
    assert_eq!((row, column), (6, 22));
    // Colour order follows value order along Monday.
    let monday: Vec<&(Rect, String)> = cells.iter().take(24).collect();
    assert!(luminance(&monday[20].1) < luminance(&monday[10].1));
    assert!(luminance(&monday[10].1) <= luminance(&monday[0].1));
    let labels = texts(&svg);
    for t in ["成交额：星期 × 小时", "周一", "周日", "0", "23"] {
        assert!(text(&labels, t).is_some(), "{t} missing");
    }
    // 24 columns leave no room for the cell texts ("1.0万"), which are then left out everywhere.
    assert!(text(&labels, "1.0万").is_none());
    // The colour ramp's ends: 0 and the largest value.
    assert!(text(&labels, &compact(values[6][22].unwrap())).is_some());
}

#[test]
fn cohort_triangle_leaves_missing_cells_empty_and_writes_white_on_dark() {
    let months: Vec<String> = (1..=12).map(|m| format!("2024年{m}月")).collect();
    let offsets: Vec<String> = (0..12).map(|k| format!("+{k}")).collect();
    let values: Vec<Vec<Option<f64>>> = (0..12)
        .map(|c| {
            (0..12)
                .map(|k| (k < 12 - c).then(|| if k == 0 { 1.0 } else { 0.32 / k as f64 }))
                .collect()
        })
        .collect();
    let svg = render("heat_cohorts", (720, 420), |area| {
        let chart = HeatMap {
            title: "新客留存（按首购月份）",
            row_labels: &months,
            column_labels: &offsets,
            values: &values,
            domain: Some((0.0, 1.0)),
            format_cell: Some(&percent),
            format_legend: &percent,
            empty_text: "暂无数据",
            scale: 1.0,
        };
        draw_heat_map(area, &chart).unwrap();
    });
    let cells = marks(&svg);
    assert_eq!(
        cells.len(),
        12 * 13 / 2,
        "one cell per value, none for None"
    );
    // The last cohort has a single cell; nothing right of it in its row.
    let last_row_y = cells.iter().map(|c| c.0.y).fold(f64::MIN, f64::max);
    assert_eq!(cells.iter().filter(|c| c.0.y == last_row_y).count(), 1);
    // Cell texts fit here; white on the dark 100 % cells, dark on the light ones.
    let labels = texts(&svg);
    let full: Vec<&Label> = labels.iter().filter(|l| l.text == "100%").collect();
    assert!(full.len() >= 12, "{}", full.len());
    assert!(full.iter().any(|l| l.fill == "#FFFFFF"));
    let light = text(&labels, "3%").expect("a light cell's text");
    assert_eq!(light.fill, hex(palette::TEXT));
    for t in [
        "新客留存（按首购月份）",
        "2024年1月",
        "2024年12月",
        "+0",
        "+11",
        "0%",
    ] {
        assert!(text(&labels, t).is_some(), "{t} missing");
    }
}

#[test]
fn abc_xyz_matrix_writes_counts_in_big_cells() {
    let rows = strings(&["A", "B", "C"]);
    let cols = strings(&["X 稳定", "Y 波动", "Z 不规则"]);
    let values = vec![
        vec![Some(12.0), Some(5.0), Some(1.0)],
        vec![Some(20.0), Some(9.0), Some(4.0)],
        vec![Some(31.0), Some(40.0), Some(0.0)],
    ];
    let svg = render("heat_abc_xyz", (480, 320), |area| {
        let chart = HeatMap {
            title: "ABC-XYZ 矩阵（SKU 数）",
            row_labels: &rows,
            column_labels: &cols,
            values: &values,
            domain: None,
            format_cell: Some(&|v| format!("{v:.0}")),
            format_legend: &|v| format!("{v:.0}"),
            empty_text: "暂无数据",
            scale: 1.0,
        };
        draw_heat_map(area, &chart).unwrap();
    });
    let cells = marks(&svg);
    assert_eq!(cells.len(), 9);
    let labels = texts(&svg);
    for t in ["12", "40", "0", "X 稳定", "Z 不规则", "A", "C"] {
        assert!(text(&labels, t).is_some(), "{t} missing");
    }
    // A zero is still a (lightest) cell, told apart from an empty one.
    let lightest = cells
        .iter()
        .max_by(|a, b| luminance(&a.1).total_cmp(&luminance(&b.1)))
        .unwrap();
    assert_eq!(lightest.1, hex(palette::heat(0.0)));
    // The largest value's text is white (the other "40" is the ramp's end, in the text colour).
    assert!(labels.iter().any(|l| l.text == "40" && l.fill == "#FFFFFF"));
    assert_eq!(text(&labels, "1").unwrap().fill, hex(palette::TEXT));
}

#[test]
fn heat_map_without_values_shows_the_placeholder() {
    let svg = render("heat_empty", (480, 300), |area| {
        let chart = HeatMap {
            title: "Retention",
            row_labels: &strings(&["Jan"]),
            column_labels: &strings(&["+1"]),
            values: &[vec![None, Some(f64::NAN)]],
            domain: None,
            format_cell: None,
            format_legend: &percent,
            empty_text: "No returning buyer yet",
            scale: 1.5,
        };
        draw_heat_map(area, &chart).unwrap();
    });
    assert!(text(&texts(&svg), "No returning buyer yet").is_some());
    assert!(marks(&svg).is_empty());
}

/// Relative luminance of a `#RRGGBB` colour.
fn luminance(hex: &str) -> f64 {
    let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    palette::luminance(RGBColor(c(1), c(3), c(5)))
}

// ---------------------------------------------------------------------------------------------
// Histogram

#[test]
fn histogram_draws_the_bins_and_the_median_line() {
    let labels: Vec<String> = (0..13)
        .map(|b| format!("{}–{}", b * 7, b * 7 + 6))
        .chain(["91+".to_string()])
        .collect();
    let counts = [
        310.0, 420.0, 380.0, 290.0, 200.0, 150.0, 0.0, 90.0, 70.0, 50.0, 40.0, 30.0, 20.0, 60.0,
    ];
    let median = 23.5 / 7.0;
    let svg = render("histogram", (640, 300), |area| {
        let chart = Histogram {
            title: "两次购买间隔天数",
            labels: &labels,
            labels_at_edges: false,
            counts: &counts,
            markers: &[HistogramMarker {
                position: median,
                label: "中位数 23.5 天",
            }],
            x_title: "间隔天数",
            format_y: &compact,
            empty_text: "暂无回购",
            scale: 1.0,
        };
        draw_histogram(area, &chart).unwrap();
    });
    let bars = rects(&svg, palette::PRIMARY);
    assert_eq!(bars.len(), 13, "a bar per bin above 0");
    assert_eq!(marks(&svg).len(), 13);
    // Bars rise with the count.
    assert!(bars[1].h > bars[2].h && bars[2].h > bars[0].h);
    // The marker line is vertical, inside the fourth bin (21–27 days).
    let line = polylines(&svg, palette::TEXT);
    let x = line.first().expect("marker line")[0].0;
    assert!(line.iter().flatten().all(|p| (p.0 - x).abs() < 1.0));
    assert!(x > bars[3].x && x < bars[3].x + bars[3].w);
    let labels_drawn = texts(&svg);
    for t in [
        "两次购买间隔天数",
        "中位数 23.5 天",
        "间隔天数",
        "0–6",
        "91+",
    ] {
        assert!(text(&labels_drawn, t).is_some(), "{t} missing");
    }
}

/// Every 满减 tier gets its line, at its threshold's bin, and its label on a row of its own.
#[test]
fn histogram_draws_one_line_and_label_per_marker() {
    let labels: Vec<String> = (0..10).map(|b| format!("{}", b * 50)).collect();
    let counts = [5.0, 40.0, 90.0, 120.0, 80.0, 50.0, 30.0, 20.0, 10.0, 5.0];
    let markers = [
        HistogramMarker {
            position: 199.0 / 50.0,
            label: "满 ¥199",
        },
        HistogramMarker {
            position: 299.0 / 50.0,
            label: "满 ¥299",
        },
        HistogramMarker {
            position: 399.0 / 50.0,
            label: "满 ¥399",
        },
    ];
    let svg = render("histogram_tiers", (640, 300), |area| {
        let chart = Histogram {
            title: "",
            labels: &labels,
            labels_at_edges: false,
            counts: &counts,
            markers: &markers,
            x_title: "客单价",
            format_y: &compact,
            empty_text: "",
            scale: 1.0,
        };
        draw_histogram(area, &chart).unwrap();
    });
    let bars = rects(&svg, palette::PRIMARY);
    assert_eq!(bars.len(), 10);
    // The dashed lines' segments, by x: three vertical lines.
    let mut xs: Vec<f64> = polylines(&svg, palette::TEXT)
        .iter()
        .map(|l| l[0].0)
        .collect();
    xs.dedup();
    assert_eq!(xs.len(), 3, "{xs:?}");
    // Each line inside its threshold's bin (199 in the 150–199 bin, …), left to right.
    for (x, bin) in xs.iter().zip([3, 5, 7]) {
        assert!(
            *x > bars[bin].x && *x <= bars[bin].x + bars[bin].w + 1.0,
            "{x} vs bin {bin}"
        );
    }
    let drawn = texts(&svg);
    let ys: Vec<f64> = ["满 ¥199", "满 ¥299", "满 ¥399"]
        .iter()
        .map(|t| text(&drawn, t).unwrap_or_else(|| panic!("{t} missing")).y)
        .collect();
    assert!(ys[0] < ys[1] && ys[1] < ys[2], "one row per label: {ys:?}");
    // All labels above the bars.
    let top = bars.iter().map(|b| b.y).fold(f64::MAX, f64::min);
    assert!(ys.iter().all(|y| *y < top));
}

/// Basket values in bins of 50 labelled by their lower edge: each label is drawn under its
/// bin's left edge, so the ¥250 threshold's line (on the edge between the 200 and the 250 bin)
/// stands on the "250" label, not half a bin right of "200" as with centred labels.
#[test]
fn histogram_labels_at_edges_stand_under_the_edges() {
    let labels: Vec<String> = (0..10).map(|b| format!("{}", b * 50)).collect();
    let counts = [5.0, 40.0, 90.0, 120.0, 80.0, 50.0, 30.0, 20.0, 10.0, 5.0];
    let markers = [HistogramMarker {
        position: 250.0 / 50.0,
        label: "threshold 250",
    }];
    let draw = |at_edges: bool| {
        render(
            if at_edges { "histogram_edges" } else { "" },
            (900, 300),
            |area| {
                let chart = Histogram {
                    title: "",
                    labels: &labels,
                    labels_at_edges: at_edges,
                    counts: &counts,
                    markers: &markers,
                    x_title: "Basket value",
                    format_y: &compact,
                    empty_text: "",
                    scale: 1.0,
                };
                draw_histogram(area, &chart).unwrap();
            },
        )
    };
    for at_edges in [true, false] {
        let svg = draw(at_edges);
        let bars = rects(&svg, palette::PRIMARY);
        assert_eq!(bars.len(), 10);
        // The x axis' labels: below the bars (the y axis has a "0" too).
        let bottom = bars.iter().map(|b| b.y + b.h).fold(0.0, f64::max);
        let drawn: Vec<Label> = texts(&svg).into_iter().filter(|l| l.y > bottom).collect();
        for (k, bar) in bars.iter().enumerate() {
            let label = text(&drawn, &labels[k]).unwrap_or_else(|| panic!("{k} missing"));
            let want = if at_edges { bar.x } else { bar.x + bar.w / 2.0 };
            assert!(
                (label.x - want).abs() <= 1.5,
                "{at_edges}: {} at {} vs {want}",
                labels[k],
                label.x
            );
        }
        let line_x = polylines(&svg, palette::TEXT)
            .iter()
            .flatten()
            .map(|p| p.0)
            .next()
            .expect("the threshold line");
        let under = text(&drawn, "250").expect("250").x;
        assert_eq!(
            (line_x - under).abs() <= 1.5,
            at_edges,
            "{line_x} vs {under}"
        );
    }
}

#[test]
fn histogram_of_nothing_shows_the_placeholder() {
    let svg = render("histogram_empty", (480, 300), |area| {
        let chart = Histogram {
            title: "Days between orders",
            labels: &strings(&["0–6", "7–13"]),
            labels_at_edges: false,
            counts: &[0.0, 0.0],
            markers: &[HistogramMarker {
                position: f64::NAN,
                label: "median",
            }],
            x_title: "",
            format_y: &compact,
            empty_text: "No buyer ordered twice",
            scale: 1.0,
        };
        draw_histogram(area, &chart).unwrap();
    });
    assert!(text(&texts(&svg), "No buyer ordered twice").is_some());
    assert!(marks(&svg).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Stacked bars

#[test]
fn stacked_bars_put_each_series_on_the_previous_one() {
    let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let new: Vec<f64> = (0..12).map(|m| 800.0 + 40.0 * m as f64).collect();
    let returning: Vec<f64> = (0..12).map(|m| 300.0 + 90.0 * m as f64).collect();
    let series = [
        StackSeries {
            name: "新买家",
            values: &new,
        },
        StackSeries {
            name: "回头客",
            values: &returning,
        },
    ];
    let svg = render("stacked", (720, 320), |area| {
        let chart = StackedBars {
            title: "每月新老买家",
            labels: &months,
            series: &series,
            format_y: &compact,
            empty_text: "暂无数据",
            scale: 1.0,
        };
        draw_stacked_bars(area, &chart).unwrap();
    });
    let bottom = rects(&svg, palette::SERIES[0]);
    let top = rects(&svg, palette::SERIES[1]);
    assert_eq!((bottom.len(), top.len()), (12, 12));
    assert_eq!(marks(&svg).len(), 24);
    for (b, t) in bottom.iter().zip(&top) {
        assert_eq!(b.x, t.x);
        // The second segment ends (a one-pixel seam) above the first.
        assert!((t.y + t.h - b.y).abs() <= 2.0, "{b:?} {t:?}");
    }
    // Taller stacks later in the year.
    assert!(top[11].y < top[0].y);
    let labels = texts(&svg);
    for t in ["每月新老买家", "新买家", "回头客", "1月", "12月"] {
        assert!(text(&labels, t).is_some(), "{t} missing");
    }
}

#[test]
fn stacked_bars_without_periods_show_the_placeholder() {
    let svg = render("stacked_empty", (480, 300), |area| {
        let chart = StackedBars {
            title: "New and returning buyers",
            labels: &[],
            series: &[StackSeries {
                name: "New",
                values: &[],
            }],
            format_y: &compact,
            empty_text: "No buyers in this period",
            scale: 1.0,
        };
        draw_stacked_bars(area, &chart).unwrap();
    });
    assert!(text(&texts(&svg), "No buyers in this period").is_some());
    assert!(marks(&svg).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Robustness

#[test]
fn odd_data_never_panics() {
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    let one = strings(&["x"]);
    for scale in [0.0, -1.0, nan, 1.0, 3.0] {
        for (w, h) in [(1, 1), (40, 30), (320, 200)] {
            let _ = render("", (w, h), |area| {
                let values = [nan, inf, -5.0, 0.0];
                draw_trend_chart(
                    area,
                    &TrendChart {
                        title: LONG_CN,
                        labels: &one,
                        values: &values,
                        comparison: Some(&[Some(inf), None]),
                        series_names: (LONG_EN, LONG_CN),
                        peaks: &[usize::MAX, 0, 2],
                        format_y: &compact,
                        format_value: &compact,
                        empty_text: "-",
                        scale,
                    },
                )
                .unwrap();
                draw_bar_chart(
                    area,
                    &BarChart {
                        title: "",
                        labels: &one,
                        values: &[-3.0, nan, 0.0, 1e-12],
                        second: Some(&[None, Some(-inf), Some(2.0)]),
                        series_names: ("", ""),
                        format_value: &compact,
                        empty_text: "-",
                        scale,
                    },
                )
                .unwrap();
                draw_pareto_chart(
                    area,
                    &ParetoChart {
                        title: "",
                        values: &[nan, -1.0, 0.0],
                        cumulative: &[(nan, 0.5), (0.5, inf), (2.0, -1.0)],
                        zones: &[
                            ParetoZone { to: 0.9, label: "" },
                            ParetoZone {
                                to: 0.1,
                                label: LONG_EN,
                            },
                            ParetoZone {
                                to: nan,
                                label: "x",
                            },
                        ],
                        series_names: ("", ""),
                        x_title: LONG_CN,
                        format_value: &compact,
                        format_share: &percent,
                        empty_text: "-",
                        scale,
                    },
                )
                .unwrap();
                draw_heat_map(
                    area,
                    &HeatMap {
                        title: LONG_EN,
                        row_labels: &[],
                        column_labels: &one,
                        values: &[vec![], vec![Some(-inf), Some(3.0)], vec![Some(3.0)]],
                        domain: Some((5.0, 5.0)),
                        format_cell: Some(&compact),
                        format_legend: &compact,
                        empty_text: "-",
                        scale,
                    },
                )
                .unwrap();
                draw_histogram(
                    area,
                    &Histogram {
                        title: "",
                        labels: &[],
                        labels_at_edges: false,
                        counts: &[nan, 3.0, -2.0],
                        markers: &[HistogramMarker {
                            position: 99.0,
                            label: LONG_CN,
                        }],
                        x_title: "",
                        format_y: &compact,
                        empty_text: "-",
                        scale,
                    },
                )
                .unwrap();
                draw_stacked_bars(
                    area,
                    &StackedBars {
                        title: "",
                        labels: &one,
                        series: &[
                            StackSeries {
                                name: "a",
                                values: &[nan, -1.0, 2.0],
                            },
                            StackSeries {
                                name: "b",
                                values: &[],
                            },
                        ],
                        format_y: &compact,
                        empty_text: "-",
                        scale,
                    },
                )
                .unwrap();
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A phone: 360 CSS pixels wide at a device pixel ratio of 2

#[test]
fn narrow_screens_at_twice_the_pixels_keep_text_inside() {
    let (w, h) = (720, 560);
    let inside = |svg: &str| {
        for l in texts(svg) {
            assert!(l.x >= 0.0 && l.x <= w as f64, "{l:?}");
            assert!(l.y >= 0.0 && l.y <= h as f64, "{l:?}");
        }
        // Text is drawn at twice its CSS size.
        assert!(svg.contains(&format!("font-size=\"{}\"", 24.0 / 1.24)));
    };
    let (labels, values, last_year) = year_of_days();
    let svg = render("phone_trend", (w, h), |area| {
        let chart = TrendChart {
            title: "每日成交额与去年同期对比（含峰值）",
            labels: &labels,
            values: &values,
            comparison: Some(&last_year),
            series_names: ("今年", "去年同期"),
            peaks: &[40, 200, 318],
            format_y: &compact,
            format_value: &compact,
            empty_text: "暂无数据",
            scale: 2.0,
        };
        draw_trend_chart(area, &chart).unwrap();
    });
    inside(&svg);

    let names = strings(&[
        LONG_CN,
        "保温杯 500ml",
        LONG_EN,
        "Desk lamp",
        "数据线 Type-C 1m",
    ]);
    let svg = render("phone_bars", (w, h), |area| {
        let chart = BarChart {
            title: "销售额前五的商品",
            labels: &names,
            values: &[98_000.0, 61_500.0, 40_200.0, 12_000.0, 800.0],
            second: Some(&[
                Some(91_000.0),
                Some(70_000.0),
                None,
                Some(9_000.0),
                Some(1_200.0),
            ]),
            series_names: ("本期", "上期"),
            format_value: &compact,
            empty_text: "暂无数据",
            scale: 2.0,
        };
        draw_bar_chart(area, &chart).unwrap();
    });
    inside(&svg);

    let (values, curve) = pareto_data();
    let svg = render("phone_pareto", (w, h), |area| {
        let chart = ParetoChart {
            title: "商品销售额帕累托图",
            values: &values,
            cumulative: &curve,
            zones: &[
                ParetoZone {
                    to: 0.2,
                    label: "A 类 · 80% 收入",
                },
                ParetoZone {
                    to: 0.5,
                    label: "B 类 · 15% 收入",
                },
                ParetoZone {
                    to: 1.0,
                    label: "C 类 · 5% 收入",
                },
            ],
            series_names: ("销售额", "累计占比"),
            x_title: "SKU 占比（按销售额排名）",
            format_value: &compact,
            format_share: &percent,
            empty_text: "暂无数据",
            scale: 2.0,
        };
        draw_pareto_chart(area, &chart).unwrap();
    });
    inside(&svg);

    let grid: Vec<Vec<Option<f64>>> = (0..7)
        .map(|d| {
            (0..24)
                .map(|h| Some(((d * 24 + h) % 17) as f64 * 900.0))
                .collect()
        })
        .collect();
    let hours: Vec<String> = (0..24).map(|h| h.to_string()).collect();
    let svg = render("phone_heat", (w, h), |area| {
        let chart = HeatMap {
            title: "成交额：星期 × 小时",
            row_labels: &weekdays(),
            column_labels: &hours,
            values: &grid,
            domain: None,
            format_cell: Some(&compact),
            format_legend: &compact,
            empty_text: "暂无数据",
            scale: 2.0,
        };
        draw_heat_map(area, &chart).unwrap();
    });
    inside(&svg);
    // 24 hour labels on 14 CSS pixels each: thinned.
    let hour_labels = texts(&svg)
        .iter()
        .filter(|l| l.text.parse::<u32>().is_ok())
        .count();
    assert!((6..24).contains(&hour_labels), "{hour_labels}");

    let bins: Vec<String> = (0..13)
        .map(|b| format!("{}–{}", b * 7, b * 7 + 6))
        .chain(["91+".to_string()])
        .collect();
    let svg = render("phone_histogram", (w, h), |area| {
        let chart = Histogram {
            title: "两次购买间隔天数",
            labels: &bins,
            labels_at_edges: false,
            counts: &[
                310.0, 420.0, 380.0, 290.0, 200.0, 150.0, 120.0, 90.0, 70.0, 50.0, 40.0, 30.0,
                20.0, 60.0,
            ],
            markers: &[HistogramMarker {
                position: 12.9,
                label: "中位数 90.3 天",
            }],
            x_title: "间隔天数",
            format_y: &compact,
            empty_text: "暂无回购",
            scale: 2.0,
        };
        draw_histogram(area, &chart).unwrap();
    });
    inside(&svg);

    let months: Vec<String> = (1..=12).map(|m| format!("2025年{m}月")).collect();
    let new = [900.0; 12];
    let returning = [400.0; 12];
    let svg = render("phone_stacked", (w, h), |area| {
        let chart = StackedBars {
            title: "每月新老买家",
            labels: &months,
            series: &[
                StackSeries {
                    name: "新买家",
                    values: &new,
                },
                StackSeries {
                    name: "回头客",
                    values: &returning,
                },
            ],
            format_y: &compact,
            empty_text: "暂无数据",
            scale: 2.0,
        };
        draw_stacked_bars(area, &chart).unwrap();
    });
    inside(&svg);
}

/// Every month zero (a shop whose orders are all in another year), on an axis of whole
/// numbers: each y label is a different number (it read "0, 0, 0, 1, 1, 1" when the step was
/// finer than the labels' format).
#[test]
fn an_all_zero_trend_has_no_repeated_axis_labels() {
    let labels: Vec<String> = (1..=6).map(|m| format!("{m}月")).collect();
    let values = [0.0; 6];
    let whole = |v: f64| format!("{v:.0}");
    let svg = render("trend_zero", (640, 320), |area| {
        let chart = TrendChart {
            title: "",
            labels: &labels,
            values: &values,
            comparison: None,
            series_names: ("今年", "去年同期"),
            peaks: &[],
            format_y: &whole,
            format_value: &whole,
            empty_text: "暂无数据",
            scale: 1.0,
        };
        draw_trend_chart(area, &chart).unwrap();
    });
    let axis: Vec<String> = texts(&svg)
        .into_iter()
        .map(|l| l.text)
        .filter(|t| t.parse::<f64>().is_ok())
        .collect();
    assert!(axis.len() >= 2, "{axis:?}");
    let mut distinct = axis.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), axis.len(), "{axis:?}");
}

/// A Chinese axis that reaches 1万 writes every tick in 万 ("0.5万", not "5,000" next to
/// "1万"): the chart hands each tick formatter the axis's largest tick.
#[test]
fn chinese_axis_ticks_share_the_unit_of_the_largest() {
    struct ZhAxis;
    impl shoplab::charts::AxisFormat for ZhAxis {
        fn label(&self, value: f64, axis_max: f64) -> String {
            shoplab::i18n::format_compact_on_axis(value, axis_max, shoplab::i18n::Lang::Zh)
        }
    }
    let labels: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let values: Vec<f64> = (1..=12).map(|m| 1_200.0 * m as f64).collect();
    let svg = render("zh-axis", (700, 320), |area| {
        let chart = TrendChart {
            title: "",
            labels: &labels,
            values: &values,
            comparison: None,
            series_names: ("今年", "去年同期"),
            peaks: &[],
            format_y: &ZhAxis,
            format_value: &compact,
            empty_text: "暂无数据",
            scale: 1.0,
        };
        draw_trend_chart(area, &chart).unwrap();
    });
    // The y axis's labels: the texts left of the plot that are numbers.
    let ticks: Vec<String> = texts(&svg)
        .into_iter()
        .filter(|l| l.x < 80.0)
        .map(|l| l.text)
        .filter(|t| t.chars().next().is_some_and(|c| c.is_ascii_digit()) && !t.ends_with('月'))
        .collect();
    assert!(ticks.len() >= 3, "{ticks:?}");
    assert!(ticks.iter().any(|t| t == "1万"), "{ticks:?}");
    for t in &ticks {
        assert!(t == "0" || t.ends_with('万'), "{t} among {ticks:?}");
    }
}
