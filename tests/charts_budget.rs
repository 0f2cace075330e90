#![cfg(not(target_arch = "wasm32"))]
//! The budget simulator's charts drawn into plotters' SVG backend, checked on the SVG text:
//! the response curve with its bootstrap band, observed points, extrapolation dashed and
//! labelled markers whose labels do not overlap; the frontier; the allocation rows with two
//! bars each, the bounds' handles only on unlocked rows, at the places `allocation_layout`
//! gives (which `hit_handle` finds); Chinese labels; placeholders; odd data and tiny canvases.
//!
//! With `SHOPLAB_CHART_PREVIEW=<dir>` every drawing is also written to `<dir>/<name>.svg`, its
//! font sizes scaled to what a canvas draws (plotters' SVG backend writes 1/1.24 of the size
//! the canvas backend uses), for a look at the result, e.g. converted with `rsvg-convert`.

use plotters::coord::Shift;
use plotters::prelude::*;
use shoplab::charts::{
    allocation_layout, draw_allocation_chart, draw_curve_chart, hit_handle, palette,
    AllocationChart, CurveChart, CurveLine, CurveMarker, HandleEnd,
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

/// Every rectangle but the white background.
fn marks(svg: &str) -> Vec<Rect> {
    tags(svg, "rect")
        .into_iter()
        .filter(|t| attr(t, "fill") != Some("#FFFFFF"))
        .map(|t| Rect {
            x: num(t, "x"),
            y: num(t, "y"),
            w: num(t, "width"),
            h: num(t, "height"),
        })
        .collect()
}

#[derive(Debug, Clone)]
struct Label {
    x: f64,
    y: f64,
    text: String,
    anchor: String,
    size: f64,
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
                anchor: attr(tag, "text-anchor").unwrap_or("").to_owned(),
                size: num(tag, "font-size") * 1.24,
            }
        })
        .collect()
}

fn text<'a>(labels: &'a [Label], content: &str) -> Option<&'a Label> {
    labels.iter().find(|l| l.text == content)
}

/// A generous box `[x0, y0, x1, y1]` around a label drawn with a vertically centred anchor:
/// CJK characters one em wide, others 0.62 em, 1.2 em tall.
fn text_box(l: &Label) -> [f64; 4] {
    let em = l.size;
    let width: f64 = l
        .text
        .chars()
        .map(|c| if c as u32 >= 0x2E80 { 1.0 } else { 0.62 })
        .sum::<f64>()
        * em;
    let x0 = match l.anchor.as_str() {
        "end" => l.x - width,
        "middle" => l.x - width / 2.0,
        _ => l.x,
    };
    [x0, l.y - 0.6 * em, x0 + width, l.y + 0.6 * em]
}

fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

fn parse_points(tag: &str) -> Vec<(f64, f64)> {
    attr(tag, "points")
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect()
}

/// The points of every polyline stroked with `color`.
fn polylines(svg: &str, color: RGBColor) -> Vec<Vec<(f64, f64)>> {
    tags(svg, "polyline")
        .into_iter()
        .filter(|t| attr(t, "stroke") == Some(&hex(color)))
        .map(parse_points)
        .collect()
}

/// The points of every polygon filled with `color`.
fn polygons(svg: &str, color: RGBColor) -> Vec<Vec<(f64, f64)>> {
    tags(svg, "polygon")
        .into_iter()
        .filter(|t| attr(t, "fill") == Some(&hex(color)))
        .map(parse_points)
        .collect()
}

/// The centres of the circles filled with `color`.
fn filled_circles(svg: &str, color: RGBColor) -> Vec<(f64, f64)> {
    tags(svg, "circle")
        .into_iter()
        .filter(|t| attr(t, "fill") == Some(&hex(color)))
        .map(|t| (num(t, "cx"), num(t, "cy")))
        .collect()
}

/// The centres of the hollow circles stroked with `color`.
fn hollow_circles(svg: &str, color: RGBColor) -> Vec<(f64, f64)> {
    tags(svg, "circle")
        .into_iter()
        .filter(|t| attr(t, "fill") == Some("none") && attr(t, "stroke") == Some(&hex(color)))
        .map(|t| (num(t, "cx"), num(t, "cy")))
        .collect()
}

/// The centre of the bounding box of `points`.
fn centre(points: &[(f64, f64)]) -> (f64, f64) {
    let (x0, x1) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
    let (y0, y1) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.1), b.max(p.1))
        });
    ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// "¥12,345".
fn yuan(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}¥{out}", if v < 0.0 { "-" } else { "" })
}

/// "1.2万" above ten thousand.
fn compact(v: f64) -> String {
    if v.abs() >= 10_000.0 {
        format!("{:.1}万", v / 10_000.0)
    } else {
        format!("{v:.0}")
    }
}

/// The value of a label written by [`compact`].
fn from_compact(label: &str) -> Option<f64> {
    match label.strip_suffix('万') {
        Some(n) => Some(n.parse::<f64>().ok()? * 10_000.0),
        None => label.parse().ok(),
    }
}

// ---------------------------------------------------------------------------------------------
// Response curves

/// Revenue per period at a constant spend per period: adstock θ, then Hill saturation.
fn response(spend: f64, beta: f64, kappa: f64) -> f64 {
    let (theta, alpha) = (0.4, 1.6);
    let x = spend.max(0.0) / (1.0 - theta);
    if x <= 0.0 {
        return 0.0;
    }
    beta / (1.0 + (kappa / x).powf(alpha))
}

struct ChannelData {
    curve: Vec<(f64, f64)>,
    band: Vec<(f64, f64, f64)>,
    observed: Vec<(f64, f64)>,
}

/// A channel's curve from 0 to 40,000 per week, its band (wider beyond the 24,000 seen) and
/// twenty noisy observations between 8,000 and 24,000.
fn channel() -> ChannelData {
    let spends: Vec<f64> = (0..=40).map(|k| k as f64 * 1_000.0).collect();
    let curve: Vec<(f64, f64)> = spends
        .iter()
        .map(|&s| (s, response(s, 120_000.0, 30_000.0)))
        .collect();
    let band = spends
        .iter()
        .map(|&s| {
            let width = if s <= 24_000.0 {
                0.1
            } else {
                0.1 + (s - 24_000.0) / 40_000.0
            };
            let lo = response(s, 120_000.0 * (1.0 - width), 30_000.0 * (1.0 + width / 2.0));
            let hi = response(s, 120_000.0 * (1.0 + width), 30_000.0 * (1.0 - width / 2.0));
            (s, lo, hi)
        })
        .collect();
    let observed = (0..20)
        .map(|k| {
            let s = 8_000.0 + 16_000.0 * ((k * 7) % 20) as f64 / 19.0;
            let noise = (((k * 37) % 11) as f64 - 5.0) / 5.0 * 4_000.0;
            (s, response(s, 120_000.0, 30_000.0) + noise)
        })
        .collect();
    ChannelData {
        curve,
        band,
        observed,
    }
}

#[test]
fn response_curve_draws_band_points_dashed_extrapolation_and_markers() {
    let data = channel();
    let today = (15_000.0, response(15_000.0, 120_000.0, 30_000.0));
    let best = (21_000.0, response(21_000.0, 120_000.0, 30_000.0));
    let today_label = format!("今天 {}", yuan(today.0));
    let best_label = format!("最佳 {}", yuan(best.0));
    let lines = [CurveLine {
        name: "抖音",
        points: &data.curve,
        dashed_from: Some(24_000.0),
        color: 0,
    }];
    let markers = [
        CurveMarker {
            x: today.0,
            y: today.1,
            label: &today_label,
        },
        CurveMarker {
            x: best.0,
            y: best.1,
            label: &best_label,
        },
    ];
    let svg = render("budget_curve", (640, 360), |area| {
        let chart = CurveChart {
            title: "抖音：每周花费 → 每周收入",
            lines: &lines,
            band: Some(&data.band),
            scatter: &data.observed,
            off_scale: None,
            markers: &markers,
            x_title: "每周花费",
            y_title: "每周收入",
            format_x: &compact,
            format_y: &compact,
            empty_text: "暂无数据",
            x_from_zero: true,
            scale: 1.0,
        };
        draw_curve_chart(area, &chart).unwrap();
    });
    let labels = texts(&svg);
    for t in [
        "抖音：每周花费 → 每周收入",
        "每周花费",
        "每周收入",
        today_label.as_str(),
        best_label.as_str(),
        "2.0万",
    ] {
        assert!(text(&labels, t).is_some(), "{t} missing");
    }
    // One named line: no legend.
    assert!(text(&labels, "抖音").is_none());
    assert!(marks(&svg).is_empty(), "a line chart draws no rectangle");

    // The band: one polygon through its upper and its lower edge.
    let band = tags(&svg, "polygon")
        .into_iter()
        .map(parse_points)
        .find(|p| p.len() == 2 * data.band.len())
        .expect("band polygon");
    assert!(band
        .windows(2)
        .take(data.band.len() - 1)
        .all(|w| w[0].0 <= w[1].0));

    // The line: solid from 0 to 24,000, dashed beyond.
    let pieces = polylines(&svg, palette::PRIMARY);
    let solid = pieces.iter().max_by_key(|p| p.len()).unwrap();
    assert_eq!(
        solid.len(),
        25,
        "the points up to 24,000, where the dashes start"
    );
    let (x0, x_cut) = (solid[0].0, solid.last().unwrap().0);
    let dashes: Vec<&Vec<(f64, f64)>> = pieces.iter().filter(|p| p.len() < 25).collect();
    assert!(dashes.len() > 5, "{}", dashes.len());
    assert!(dashes.iter().copied().flatten().all(|p| p.0 >= x_cut - 1.0));
    let x_end = dashes
        .iter()
        .copied()
        .flatten()
        .map(|p| p.0)
        .fold(0.0, f64::max);
    let ratio = (x_cut - x0) / (x_end - x0);
    assert!((ratio - 24_000.0 / 40_000.0).abs() < 0.02, "{ratio}");
    // Revenue rises: higher on the page (smaller y) to the right.
    assert!(solid.windows(2).all(|w| w[1].1 <= w[0].1));

    // Observed points are hollow grey circles; markers dark dots.
    assert_eq!(hollow_circles(&svg, palette::COMPARISON).len(), 20);
    let dots = filled_circles(&svg, palette::TEXT);
    assert_eq!(dots.len(), 2);
    assert!(dots[0].0 < dots[1].0 && dots[1].1 < dots[0].1);
    let today_x = x0 + (x_end - x0) * 15_000.0 / 40_000.0;
    assert!((dots[0].0 - today_x).abs() <= 1.5, "{dots:?} vs {today_x}");

    // Marker labels overlap neither each other nor the dots, and sit near their dots.
    let a = text_box(text(&labels, &today_label).unwrap());
    let b = text_box(text(&labels, &best_label).unwrap());
    assert!(!overlaps(&a, &b), "{a:?} {b:?}");
    for (label, dot) in [(a, dots[0]), (b, dots[1])] {
        for d in &dots {
            assert!(
                !overlaps(&label, &[d.0 - 4.0, d.1 - 4.0, d.0 + 4.0, d.1 + 4.0]),
                "{label:?} covers {d:?}"
            );
        }
        let cx = (label[0] + label[2]) / 2.0;
        let cy = (label[1] + label[3]) / 2.0;
        assert!(
            (cx - dot.0).abs() < 120.0 && (cy - dot.1).abs() < 60.0,
            "{label:?} far from {dot:?}"
        );
    }
}

#[test]
fn marker_labels_on_nearly_the_same_point_do_not_overlap() {
    let data = channel();
    let at = |s: f64| (s, response(s, 120_000.0, 30_000.0));
    let names: Vec<String> = ["今天", "最佳", "上限", "Target"]
        .iter()
        .zip([15_000.0, 15_400.0, 15_800.0, 16_200.0])
        .map(|(n, s)| format!("{n} {}", yuan(s)))
        .collect();
    let markers: Vec<CurveMarker> = names
        .iter()
        .zip([15_000.0, 15_400.0, 15_800.0, 16_200.0])
        .map(|(label, s)| CurveMarker {
            x: at(s).0,
            y: at(s).1,
            label,
        })
        .collect();
    let lines = [CurveLine {
        name: "",
        points: &data.curve,
        dashed_from: None,
        color: 0,
    }];
    for (w, h, scale) in [(640, 360, 1.0), (720, 560, 2.0)] {
        let svg = render(&format!("budget_curve_crowded_{w}"), (w, h), |area| {
            let chart = CurveChart {
                title: "",
                lines: &lines,
                band: None,
                scatter: &[],
                off_scale: None,
                markers: &markers,
                x_title: "",
                y_title: "",
                format_x: &compact,
                format_y: &compact,
                empty_text: "",
                x_from_zero: true,
                scale,
            };
            draw_curve_chart(area, &chart).unwrap();
        });
        let labels = texts(&svg);
        let boxes: Vec<[f64; 4]> = names
            .iter()
            .map(|n| text_box(text(&labels, n).unwrap_or_else(|| panic!("{n} missing"))))
            .collect();
        for i in 0..boxes.len() {
            for j in i + 1..boxes.len() {
                assert!(
                    !overlaps(&boxes[i], &boxes[j]),
                    "{} {:?} and {} {:?}",
                    names[i],
                    boxes[i],
                    names[j],
                    boxes[j]
                );
            }
            let b = boxes[i];
            assert!(b[0] >= 0.0 && b[2] <= w as f64, "{b:?}");
        }
        // Without a dashed start, the whole line is one polyline.
        assert_eq!(polylines(&svg, palette::PRIMARY).len(), 1);
    }
}

#[test]
fn several_named_lines_get_a_legend_and_their_colours() {
    let data = channel();
    let other: Vec<(f64, f64)> = data
        .curve
        .iter()
        .map(|&(s, _)| (s, response(s, 80_000.0, 12_000.0)))
        .collect();
    let lines = [
        CurveLine {
            name: "抖音",
            points: &data.curve,
            dashed_from: Some(24_000.0),
            color: 0,
        },
        CurveLine {
            name: "小红书",
            points: &other,
            dashed_from: None,
            color: 1,
        },
    ];
    let svg = render("budget_curve_two", (640, 360), |area| {
        let chart = CurveChart {
            title: "各渠道响应曲线",
            lines: &lines,
            band: None,
            scatter: &[],
            off_scale: None,
            markers: &[],
            x_title: "每周花费",
            y_title: "每周收入",
            format_x: &compact,
            format_y: &compact,
            empty_text: "暂无数据",
            x_from_zero: true,
            scale: 1.0,
        };
        draw_curve_chart(area, &chart).unwrap();
    });
    let labels = texts(&svg);
    assert!(text(&labels, "抖音").is_some() && text(&labels, "小红书").is_some());
    // The orange line in one piece (plus its legend mark).
    let orange = polylines(&svg, palette::SECONDARY);
    assert_eq!(orange.len(), 2);
    assert!(orange.iter().any(|p| p.len() == other.len()));
    // No band was given: no polygon but the legend's nothing (legend lines are paths).
    assert!(tags(&svg, "polygon").is_empty());
}

#[test]
fn frontier_marks_today_and_the_chosen_budget() {
    let today_total = 60_000.0;
    let frontier: Vec<(f64, f64)> = (1..=16)
        .map(|k| {
            let b = today_total * 0.125 * k as f64;
            (b, response(b, 400_000.0, 90_000.0))
        })
        .collect();
    let today = (
        today_total,
        response(today_total, 400_000.0, 90_000.0) * 0.93,
    );
    let chosen = (75_000.0, response(75_000.0, 400_000.0, 90_000.0));
    let lines = [CurveLine {
        name: "最佳收入",
        points: &frontier,
        dashed_from: None,
        color: 0,
    }];
    let markers = [
        CurveMarker {
            x: today.0,
            y: today.1,
            label: "今天的分配",
        },
        CurveMarker {
            x: chosen.0,
            y: chosen.1,
            label: "所选预算 ¥75,000",
        },
    ];
    let svg = render("budget_frontier", (640, 320), |area| {
        let chart = CurveChart {
            title: "总预算 → 最佳收入",
            lines: &lines,
            band: None,
            scatter: &[],
            off_scale: None,
            markers: &markers,
            x_title: "每周总预算",
            y_title: "每周收入",
            format_x: &compact,
            format_y: &compact,
            empty_text: "暂无数据",
            x_from_zero: true,
            scale: 1.0,
        };
        draw_curve_chart(area, &chart).unwrap();
    });
    let labels = texts(&svg);
    for t in ["总预算 → 最佳收入", "今天的分配", "所选预算 ¥75,000"] {
        assert!(text(&labels, t).is_some(), "{t} missing");
    }
    assert_eq!(filled_circles(&svg, palette::TEXT).len(), 2);
    let line = polylines(&svg, palette::PRIMARY);
    assert_eq!(line.len(), 1);
    assert_eq!(line[0].len(), 16);
    let a = text_box(text(&labels, "今天的分配").unwrap());
    let b = text_box(text(&labels, "所选预算 ¥75,000").unwrap());
    assert!(!overlaps(&a, &b));
}

/// The distance from a point to a box `[x0, y0, x1, y1]` (0 inside it), computed here apart
/// from the chart's own.
fn distance_to_box(p: (f64, f64), b: &[f64; 4]) -> f64 {
    let dx = if p.0 < b[0] {
        b[0] - p.0
    } else if p.0 > b[2] {
        p.0 - b[2]
    } else {
        0.0
    };
    let dy = if p.1 < b[1] {
        b[1] - p.1
    } else if p.1 > b[3] {
        p.1 - b[3]
    } else {
        0.0
    };
    (dx * dx + dy * dy).sqrt()
}

/// Today's split a little under the best revenue at the same budget (the budget page's
/// usual case): each label is nearer its own dot than the other one, so "today's split"
/// cannot be read as naming the best point above it.
#[test]
fn labels_of_close_markers_sit_by_their_own_dot() {
    let frontier: Vec<(f64, f64)> = (1..=16)
        .map(|k| {
            let b = 1_250.0 * k as f64;
            (b, response(b, 120_000.0, 20_000.0))
        })
        .collect();
    let budget = 10_000.0;
    let best = response(budget, 120_000.0, 20_000.0);
    for (w, h, gap) in [(1150, 300, 0.94), (640, 320, 0.97), (360, 260, 0.95)] {
        let markers = [
            CurveMarker {
                x: budget,
                y: best * gap,
                label: "today's split",
            },
            CurveMarker {
                x: budget,
                y: best,
                label: "best",
            },
        ];
        let lines = [CurveLine {
            name: "Best revenue",
            points: &frontier,
            dashed_from: None,
            color: 0,
        }];
        let svg = render(&format!("budget_frontier_close_{w}"), (w, h), |area| {
            let chart = CurveChart {
                title: "",
                lines: &lines,
                band: None,
                scatter: &[],
                off_scale: None,
                markers: &markers,
                x_title: "Budget per period",
                y_title: "Best revenue per period",
                format_x: &compact,
                format_y: &compact,
                empty_text: "",
                x_from_zero: true,
                scale: 1.0,
            };
            draw_curve_chart(area, &chart).unwrap();
        });
        let labels = texts(&svg);
        let dots = filled_circles(&svg, palette::TEXT);
        assert_eq!(dots.len(), 2);
        // The dots in the order given: today's lower on the page (larger y).
        assert!(dots[0].1 > dots[1].1, "{dots:?}");
        for (k, name) in ["today's split", "best"].iter().enumerate() {
            let b = text_box(text(&labels, name).unwrap_or_else(|| panic!("{name} missing")));
            let own = distance_to_box(dots[k], &b);
            let other = distance_to_box(dots[1 - k], &b);
            assert!(
                own < other,
                "{w}: {name} {b:?} is {own:.1} px from its dot {:?} and {other:.1} from {:?}",
                dots[k],
                dots[1 - k]
            );
        }
    }
}

/// A channel's curve (dashed beyond ¥24,000) with `band` and the `observed` points, in
/// Chinese, at 640 × 360.
fn draw_channel(
    name: &str,
    data: &ChannelData,
    band: Option<&[(f64, f64, f64)]>,
    observed: &[(f64, f64)],
    off_scale: Option<&dyn Fn(usize) -> String>,
) -> String {
    let lines = [CurveLine {
        name: "抖音",
        points: &data.curve,
        dashed_from: Some(24_000.0),
        color: 0,
    }];
    render(name, (640, 360), |area| {
        let chart = CurveChart {
            title: "",
            lines: &lines,
            band,
            scatter: observed,
            off_scale,
            markers: &[],
            x_title: "每周花费",
            y_title: "每周收入",
            format_x: &compact,
            format_y: &compact,
            empty_text: "",
            x_from_zero: true,
            scale: 1.0,
        };
        draw_curve_chart(area, &chart).unwrap();
    })
}

/// Three wild periods (weeks a sale left to this channel's residual) far from the other 20
/// points: with `off_scale` the y axis keeps to the curve and the ordinary points, the three
/// are triangles on the edge they pass (two above, one below) and the note says 3; without
/// it every point is a circle within the axes, which then reach the wild values.
#[test]
fn points_far_off_are_drawn_on_the_edge_with_a_note() {
    let data = channel();
    let mut observed = data.observed.clone();
    observed.extend([
        (10_000.0, 900_000.0),
        (16_000.0, 1_100_000.0),
        (20_000.0, -700_000.0),
    ]);
    let note = |n: usize| format!("{n} 期超出刻度");
    let draw = |name: &str, off_scale: Option<&dyn Fn(usize) -> String>| {
        draw_channel(name, &data, Some(&data.band), &observed, off_scale)
    };
    // The y axis' labels: the texts right-aligned left of the plot, in 万.
    let y_ticks = |svg: &str| -> Vec<f64> {
        texts(svg)
            .iter()
            .filter(|l| l.anchor == "end" && l.x < 100.0)
            .filter_map(|l| from_compact(&l.text))
            .collect()
    };

    let clipped = draw("budget_curve_off_scale", Some(&note));
    let ticks = y_ticks(&clipped);
    let top = ticks.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let bottom = ticks.iter().copied().fold(f64::INFINITY, f64::min);
    let highest_curve = data.band.iter().map(|b| b.2).fold(0.0, f64::max);
    assert!(
        top >= highest_curve && top < 300_000.0,
        "top tick {top} (band up to {highest_curve})"
    );
    assert!(bottom >= -100_000.0, "bottom tick {bottom}");
    assert_eq!(hollow_circles(&clipped, palette::COMPARISON).len(), 20);
    let triangles: Vec<Vec<(f64, f64)>> = polygons(&clipped, palette::COMPARISON)
        .into_iter()
        .filter(|p| p.len() == 3)
        .collect();
    // Three on the edges, one beside the note.
    assert_eq!(triangles.len(), 4, "{triangles:?}");
    let labels = texts(&clipped);
    let note_label = text(&labels, "3 期超出刻度").expect("the note");
    let title = text(&labels, "每周收入").expect("the y title");
    assert!(!overlaps(&text_box(note_label), &text_box(title)));
    // Pointing up: the tip (the lowest y of the three corners) is one corner alone on top.
    let up = |t: &Vec<(f64, f64)>| {
        let ys: Vec<f64> = t.iter().map(|p| p.1).collect();
        let min = ys.iter().copied().fold(f64::INFINITY, f64::min);
        ys.iter().filter(|y| (**y - min).abs() < 0.5).count() == 1
    };
    let by_edge: Vec<&Vec<(f64, f64)>> = triangles
        .iter()
        .filter(|t| centre(t).1 > note_label.y + 5.0)
        .collect();
    assert_eq!(by_edge.len(), 3, "{triangles:?}");
    assert_eq!(by_edge.iter().filter(|t| up(t)).count(), 2);

    let all = draw("", None);
    assert_eq!(hollow_circles(&all, palette::COMPARISON).len(), 23);
    assert!(polygons(&all, palette::COMPARISON).is_empty());
    let top_all = y_ticks(&all).into_iter().fold(f64::NEG_INFINITY, f64::max);
    assert!(top_all >= 1_100_000.0, "top tick {top_all}");
    assert!(!texts(&all).iter().any(|l| l.text.contains("超出刻度")));
}

/// One wild spend week (¥400,000 where the others spend ¥8,000–24,000) and a curve drawn to
/// ¥40,000: with `off_scale` the x axis keeps to the curve and the ordinary weeks, and that
/// week is a triangle pointing right on the plot's right edge, counted in the note; without
/// it the x axis runs past ¥400,000 and squeezes the rest into its first tenth.
#[test]
fn a_wild_spend_is_drawn_on_the_right_edge() {
    let data = channel();
    let mut observed = data.observed.clone();
    observed.push((400_000.0, 150_000.0));
    let note = |n: usize| format!("{n} 期超出刻度");
    let draw = |name: &str, off_scale: Option<&dyn Fn(usize) -> String>| {
        draw_channel(name, &data, None, &observed, off_scale)
    };
    // The x axis' labels: centred under the plot.
    let x_ticks = |svg: &str| -> Vec<f64> {
        texts(svg)
            .iter()
            .filter(|l| l.anchor == "middle" && l.y > 300.0)
            .filter_map(|l| from_compact(&l.text))
            .collect()
    };
    let clipped = draw("budget_curve_wild_spend", Some(&note));
    let right_end = x_ticks(&clipped).into_iter().fold(0.0, f64::max);
    assert!(
        (40_000.0..100_000.0).contains(&right_end),
        "x axis to {right_end}"
    );
    assert_eq!(hollow_circles(&clipped, palette::COMPARISON).len(), 20);
    assert!(text(&texts(&clipped), "1 期超出刻度").is_some());
    // Pointing right: the two corners of the base share the smallest x, the tip is right of it.
    let right = |t: &Vec<(f64, f64)>| {
        let xs: Vec<f64> = t.iter().map(|p| p.0).collect();
        let min = xs.iter().copied().fold(f64::INFINITY, f64::min);
        xs.iter().filter(|x| (**x - min).abs() < 0.5).count() == 2
    };
    let triangles: Vec<Vec<(f64, f64)>> = polygons(&clipped, palette::COMPARISON)
        .into_iter()
        .filter(|p| p.len() == 3)
        .collect();
    assert_eq!(
        triangles.iter().filter(|t| right(t)).count(),
        1,
        "{triangles:?}"
    );

    let all = draw("", None);
    assert!(x_ticks(&all).into_iter().fold(0.0, f64::max) >= 400_000.0);
    assert_eq!(hollow_circles(&all, palette::COMPARISON).len(), 21);
}

/// A price what-if with a large elasticity (ε = −4.89, a doormat in the Online Retail file):
/// weekly revenue at 3.5 is about four times the most seen between 4.64 and 11.24. The y
/// axis keeps to the prices seen (the dashed guess widens it by at most half their span) and
/// the dashed part leaves through the plot's top edge instead of flattening the rest.
#[test]
fn extrapolation_far_off_is_clipped_at_the_plot_edge() {
    let (elasticity, today, weekly) = (-4.89_f64, 8.41_f64, 36.0_f64);
    let cost = today * 0.6;
    let units = |p: f64| weekly * (p / today).powf(elasticity);
    let (seen_lo, seen_hi) = (4.64, 11.24);
    let prices: Vec<f64> = (0..=100).map(|k| 3.5 + 10.5 * k as f64 / 100.0).collect();
    let split = prices.partition_point(|p| *p <= seen_lo);
    // (The part below the lowest price seen, and the rest from it on.)
    let curve = |f: &dyn Fn(f64) -> f64| {
        let points: Vec<(f64, f64)> = prices.iter().map(|p| (*p, f(*p))).collect();
        let below = points[..split + 1].to_vec();
        (below, points[split - 1..].to_vec())
    };
    let (revenue_below, revenue) = curve(&|p| p * units(p));
    let (profit_below, profit) = curve(&|p| (p - cost) * units(p));
    let lines = [
        CurveLine {
            name: "Revenue per week",
            points: &revenue,
            dashed_from: Some(seen_hi),
            color: 0,
        },
        CurveLine {
            name: "Gross profit per week",
            points: &profit,
            dashed_from: Some(seen_hi),
            color: 1,
        },
        CurveLine {
            name: "",
            points: &revenue_below,
            dashed_from: Some(prices[0]),
            color: 0,
        },
        CurveLine {
            name: "",
            points: &profit_below,
            dashed_from: Some(prices[0]),
            color: 1,
        },
    ];
    let svg = render("pricing_what_if_clipped", (900, 300), |area| {
        let chart = CurveChart {
            title: "",
            lines: &lines,
            band: None,
            scatter: &[],
            off_scale: None,
            markers: &[],
            x_title: "Price",
            y_title: "Revenue per week",
            format_x: &compact,
            format_y: &compact,
            empty_text: "",
            x_from_zero: true,
            scale: 1.0,
        };
        draw_curve_chart(area, &chart).unwrap();
    });
    let seen: Vec<f64> = revenue
        .iter()
        .chain(&profit)
        .filter(|(p, _)| (seen_lo..=seen_hi).contains(p))
        .map(|(_, v)| *v)
        .collect();
    let (lo, hi) = seen
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    let below_top = revenue_below[0].1;
    assert!(
        below_top > 3.0 * hi,
        "the guess at 3.5 ({below_top}) must dwarf {hi}"
    );
    // The y axis' labels (right-aligned left of the plot) and their pixel rows.
    let ticks: Vec<(f64, f64)> = texts(&svg)
        .iter()
        .filter(|l| l.anchor == "end" && l.x < 100.0)
        .filter_map(|l| Some((from_compact(&l.text)?, l.y)))
        .collect();
    let (top_value, top_row) =
        ticks.iter().copied().fold(
            (f64::NEG_INFINITY, 0.0),
            |a, t| if t.0 > a.0 { t } else { a },
        );
    let reach = hi + (hi - lo) / 2.0;
    assert!(
        top_value >= hi && top_value < 2.0 * reach,
        "top tick {top_value}, seen up to {hi}"
    );
    // Every line point inside the plot; the blue guess reaches its top edge. (The legend's
    // marks, above the plot, are two-point polylines in the same colours: left out.)
    let curve_lines = |color| -> Vec<Vec<(f64, f64)>> {
        polylines(&svg, color)
            .into_iter()
            .filter(|l| l.iter().any(|p| p.1 > top_row + 10.0))
            .collect()
    };
    let blue = curve_lines(palette::PRIMARY);
    let orange = curve_lines(palette::SECONDARY);
    assert!(blue.len() > 2 && orange.len() > 2);
    let all: Vec<(f64, f64)> = blue.iter().chain(&orange).flatten().copied().collect();
    assert!(all.iter().all(|p| p.1 >= top_row - 1.0), "{top_row}");
    let highest = blue
        .iter()
        .flatten()
        .map(|p| p.1)
        .fold(f64::INFINITY, f64::min);
    // (Within one dash and gap, 10 px: a dashed line's last dash can stop short of its end.)
    assert!(
        highest >= top_row - 1.0 && highest <= top_row + 10.5,
        "{highest} vs {top_row}"
    );
}

#[test]
fn curve_without_data_shows_the_placeholder() {
    let nan = [(f64::NAN, 1.0), (2.0, f64::INFINITY)];
    let lines = [CurveLine {
        name: "a",
        points: &nan,
        dashed_from: Some(1.0),
        color: 0,
    }];
    let svg = render("budget_curve_empty", (480, 300), |area| {
        let chart = CurveChart {
            title: "响应曲线",
            lines: &lines,
            band: Some(&[]),
            scatter: &[],
            off_scale: None,
            markers: &[],
            x_title: "x",
            y_title: "y",
            format_x: &compact,
            format_y: &compact,
            empty_text: "该渠道没有花费数据",
            x_from_zero: true,
            scale: 1.0,
        };
        draw_curve_chart(area, &chart).unwrap();
    });
    let labels = texts(&svg);
    assert!(text(&labels, "该渠道没有花费数据").is_some());
    assert!(text(&labels, "响应曲线").is_some());
    assert!(polylines(&svg, palette::PRIMARY).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Allocation

struct Split {
    labels: Vec<String>,
    today: Vec<f64>,
    best: Vec<f64>,
    bounds: Vec<(f64, f64)>,
    locked: Vec<bool>,
}

fn split() -> Split {
    let labels = strings(&["抖音", "淘宝直通车", "小红书", "Google Ads", "微信朋友圈"]);
    let today = vec![15_000.0, 22_000.0, 6_000.0, 9_500.0, 4_000.0];
    let best = vec![21_000.0, 14_500.0, 11_000.0, 6_200.0, 4_000.0];
    let bounds = today.iter().map(|t| (t * 0.5, t * 2.0)).collect();
    let locked = vec![false, false, false, false, true];
    Split {
        labels,
        today,
        best,
        bounds,
        locked,
    }
}

fn allocation<'a>(s: &'a Split, x_max: Option<f64>, scale: f64) -> AllocationChart<'a> {
    AllocationChart {
        title: "每周预算分配",
        labels: &s.labels,
        today: &s.today,
        best: &s.best,
        bounds: &s.bounds,
        locked: &s.locked,
        series_names: ("今天", "最佳"),
        locked_text: "已锁定",
        x_max,
        format_value: &yuan,
        empty_text: "暂无渠道",
        scale,
    }
}

#[test]
fn allocation_draws_two_bars_per_row_and_handles_only_on_unlocked_rows() {
    let s = split();
    let (w, h) = (640, 380);
    let chart = allocation(&s, None, 1.0);
    let svg = render("budget_allocation", (w, h), |area| {
        draw_allocation_chart(area, &chart).unwrap();
    });
    let labels = texts(&svg);
    for t in [
        "每周预算分配",
        "今天",
        "最佳",
        "抖音",
        "淘宝直通车",
        "Google Ads",
        "微信朋友圈",
        "已锁定",
        "¥21,000",
        "¥22,000",
    ] {
        assert!(text(&labels, t).is_some(), "{t} missing");
    }
    assert_eq!(labels.iter().filter(|l| l.text == "已锁定").count(), 1);

    // Two bars per row: today's grey above the best's blue, lengths in proportion.
    let grey = rects(&svg, palette::COMPARISON);
    let blue = rects(&svg, palette::PRIMARY);
    assert_eq!((grey.len(), blue.len()), (5, 5));
    assert_eq!(marks(&svg).len(), 10, "only bars are rectangles");
    for i in 0..5 {
        assert!(grey[i].y < blue[i].y && blue[i].y < grey[i].y + 2.0 * grey[i].h);
        assert!((grey[i].x - blue[i].x).abs() < 1.0);
        if i > 0 {
            assert!(grey[i].y > blue[i - 1].y);
        }
    }
    let ratio = blue[0].w / grey[0].w;
    assert!((ratio - 21_000.0 / 15_000.0).abs() < 0.02, "{ratio}");

    // Handles: eight-sided blue polygons, two per unlocked row, none on the locked one.
    let layout = allocation_layout(&chart, w as f64, h as f64);
    let handles: Vec<(f64, f64)> = polygons(&svg, palette::PRIMARY)
        .iter()
        .filter(|p| p.len() == 8)
        .map(|p| centre(p))
        .collect();
    assert_eq!(handles.len(), 8, "{handles:?}");
    let locked_row = &layout.rows[4];
    assert!(locked_row.locked && locked_row.min_handle.is_none());
    assert!(handles
        .iter()
        .all(|h| h.1 < locked_row.top || h.1 > locked_row.bottom));
    // The lock: a small grey square on the locked row.
    let lock = polygons(&svg, palette::MUTED);
    assert_eq!(lock.len(), 1);
    let c = centre(&lock[0]);
    assert!(c.1 > locked_row.top && c.1 < locked_row.bottom);

    // The layout's handles are where the SVG draws them.
    for (i, row) in layout.rows.iter().enumerate().take(4) {
        for (end, bound) in [
            (row.min_handle, s.bounds[i].0),
            (row.max_handle, s.bounds[i].1),
        ] {
            let (hx, hy) = end.expect("handle");
            assert!((hx - layout.x_of(bound)).abs() < 1e-9);
            assert!(
                handles
                    .iter()
                    .any(|d| (d.0 - hx).abs() <= 1.0 && (d.1 - hy).abs() <= 1.0),
                "no handle drawn at {hx},{hy}: {handles:?}"
            );
        }
        // And bars end at the layout's x of their value.
        assert!((grey[i].x + grey[i].w - layout.x_of(s.today[i])).abs() <= 1.0);
        assert!((blue[i].x + blue[i].w - layout.x_of(s.best[i])).abs() <= 1.0);
        assert!((grey[i].y - row.today_bar.0).abs() <= 1.0);
        assert!((blue[i].y - row.best_bar.0).abs() <= 1.0);
    }
    // Value labels sit right of their bars' ends.
    let v = text(&labels, "¥21,000").unwrap();
    assert!(v.x >= blue[0].x + blue[0].w && v.x - (blue[0].x + blue[0].w) < 10.0);
}

#[test]
fn allocation_layout_round_trips_and_hit_tests_the_handles() {
    let s = split();
    let chart = allocation(&s, Some(50_000.0), 2.0);
    let layout = allocation_layout(&chart, 1280.0, 760.0);
    assert_eq!(layout.lo, 0.0);
    assert!(layout.hi >= 50_000.0);
    assert!(layout.left < layout.right);
    for v in [0.0, 1.0, 4_000.0, 12_345.6, 33_000.0, 50_000.0, layout.hi] {
        let back = layout.value_at(layout.x_of(v));
        assert!((back - v).abs() <= 1e-9 * layout.hi, "{v} → {back}");
    }
    assert_eq!(layout.x_of(layout.lo), layout.left);
    assert_eq!(layout.x_of(layout.hi), layout.right);
    // Beyond the axis, values and pixels are clamped; non-numbers give the left end.
    assert_eq!(layout.value_at(layout.right + 500.0), layout.hi);
    assert_eq!(layout.value_at(-10.0), layout.lo);
    assert_eq!(layout.value_at(f64::NAN), layout.lo);
    assert_eq!(layout.x_of(f64::NAN), layout.left);

    // Every handle is found at its centre and just within the tolerance, with its end.
    let tol = 8.0;
    for (i, row) in layout.rows.iter().enumerate() {
        for (end, handle) in [
            (HandleEnd::Min, row.min_handle),
            (HandleEnd::Max, row.max_handle),
        ] {
            let Some((hx, hy)) = handle else {
                assert!(row.locked);
                continue;
            };
            assert_eq!(layout.handle(i, end), Some((hx, hy)));
            assert_eq!(hit_handle(&layout, hx, hy, tol), Some((i, end)));
            let reach_x = layout.handle_half_width + tol - 0.5;
            let reach_y = layout.handle_half_height + tol - 0.5;
            assert_eq!(hit_handle(&layout, hx, hy + reach_y, tol), Some((i, end)));
            let outward = if end == HandleEnd::Min { -1.0 } else { 1.0 };
            assert_eq!(
                hit_handle(&layout, hx + outward * reach_x, hy, tol),
                Some((i, end))
            );
            // Beyond the tolerance: nothing.
            assert_eq!(
                hit_handle(&layout, hx + outward * (reach_x + 1.0), hy, tol),
                None
            );
        }
    }
    // Nothing on the bars, the labels, the locked row or outside the canvas.
    let row = &layout.rows[0];
    assert_eq!(
        hit_handle(&layout, layout.x_of(10_000.0), row.today_bar.0, tol),
        None
    );
    assert_eq!(hit_handle(&layout, 10.0, row.track_y, tol), None);
    let locked = &layout.rows[4];
    assert_eq!(
        hit_handle(&layout, layout.x_of(s.bounds[4].0), locked.track_y, tol),
        None
    );
    assert_eq!(hit_handle(&layout, f64::NAN, row.track_y, tol), None);
    assert_eq!(
        hit_handle(&layout, -100.0, -100.0, 1e9),
        Some((0, HandleEnd::Min))
    );
}

#[test]
fn a_fixed_axis_keeps_everything_in_place_while_the_values_change() {
    let s = split();
    let mut other = split();
    other.best = vec![30_000.0, 1_000.0, 999.0, 20_000.0, 4_000.0];
    other.bounds[0] = (3_000.0, 48_000.0);
    let a = allocation_layout(&allocation(&s, Some(50_000.0), 1.0), 640.0, 380.0);
    let b = allocation_layout(&allocation(&other, Some(50_000.0), 1.0), 640.0, 380.0);
    assert_eq!(
        (a.left, a.right, a.lo, a.hi, a.top, a.bottom),
        (b.left, b.right, b.lo, b.hi, b.top, b.bottom)
    );
    assert_eq!(a.rows[1].min_handle, b.rows[1].min_handle);
    // Without a fixed maximum the axis follows the data.
    let c = allocation_layout(&allocation(&other, None, 1.0), 640.0, 380.0);
    assert!(c.hi >= 48_000.0 && c.hi <= 50_000.0);
    // A bound beyond the fixed maximum widens the axis rather than leaving the canvas.
    other.bounds[1] = (0.0, 90_000.0);
    let d = allocation_layout(&allocation(&other, Some(50_000.0), 1.0), 640.0, 380.0);
    assert!(d.hi >= 90_000.0);
    assert!(d.rows[1].max_handle.unwrap().0 <= d.right);
}

#[test]
fn handles_on_top_of_each_other_pick_the_side_of_the_pointer() {
    let s = Split {
        labels: strings(&["搜索"]),
        today: vec![10_000.0],
        best: vec![10_000.0],
        bounds: vec![(10_000.0, 10_000.0)],
        locked: vec![],
    };
    let chart = allocation(&s, Some(20_000.0), 1.0);
    let layout = allocation_layout(&chart, 500.0, 200.0);
    let (hx, hy) = layout.rows[0].max_handle.unwrap();
    assert_eq!(layout.rows[0].min_handle, Some((hx, hy)));
    assert_eq!(
        hit_handle(&layout, hx + 2.0, hy, 6.0),
        Some((0, HandleEnd::Max))
    );
    assert_eq!(
        hit_handle(&layout, hx - 2.0, hy, 6.0),
        Some((0, HandleEnd::Min))
    );
}

#[test]
fn allocation_without_channels_shows_the_placeholder() {
    let chart = AllocationChart {
        title: "每周预算分配",
        labels: &[],
        today: &[],
        best: &[],
        bounds: &[],
        locked: &[true],
        series_names: ("今天", "最佳"),
        locked_text: "已锁定",
        x_max: Some(1_000.0),
        format_value: &yuan,
        empty_text: "没有可分配的渠道",
        scale: 1.0,
    };
    let svg = render("budget_allocation_empty", (480, 240), |area| {
        draw_allocation_chart(area, &chart).unwrap();
    });
    let labels = texts(&svg);
    assert!(text(&labels, "没有可分配的渠道").is_some());
    assert!(marks(&svg).is_empty());
    assert!(allocation_layout(&chart, 480.0, 240.0).rows.is_empty());
    assert!(chart.preferred_height() > 100.0);
}

// ---------------------------------------------------------------------------------------------
// Robustness and small screens

#[test]
fn odd_data_never_panics() {
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    let odd_points = [
        (nan, 1.0),
        (1.0, 2.0),
        (inf, 3.0),
        (2.0, -5.0),
        (1e308, 1e308),
    ];
    let odd_band = [(1.0, 5.0, 1.0), (nan, 1.0, 2.0), (0.0, -inf, 3.0)];
    let long = "一个非常非常长的渠道名称，远远超过画布能显示的宽度 with Latin text too";
    let labels = strings(&[long, "", "x"]);
    for scale in [0.0, -1.0, nan, 1.0, 3.0] {
        for (w, h) in [(1, 1), (40, 30), (320, 200)] {
            let _ = render("", (w, h), |area| {
                let lines = [
                    CurveLine {
                        name: long,
                        points: &odd_points,
                        dashed_from: Some(nan),
                        color: 99,
                    },
                    CurveLine {
                        name: "b",
                        points: &odd_points[1..2],
                        dashed_from: Some(0.5),
                        color: 1,
                    },
                    CurveLine {
                        name: "c",
                        points: &[],
                        dashed_from: Some(-inf),
                        color: 2,
                    },
                ];
                draw_curve_chart(
                    area,
                    &CurveChart {
                        title: long,
                        lines: &lines,
                        band: Some(&odd_band),
                        scatter: &odd_points,
                        off_scale: None,
                        markers: &[
                            CurveMarker {
                                x: 1.0,
                                y: 2.0,
                                label: long,
                            },
                            CurveMarker {
                                x: 1.0,
                                y: 2.0,
                                label: long,
                            },
                            CurveMarker {
                                x: nan,
                                y: 0.0,
                                label: "",
                            },
                        ],
                        x_title: long,
                        y_title: long,
                        format_x: &compact,
                        format_y: &compact,
                        empty_text: long,
                        x_from_zero: false,
                        scale,
                    },
                )
                .unwrap();
                let chart = AllocationChart {
                    title: long,
                    labels: &labels,
                    today: &[nan, -3.0, 1e-12, 5.0],
                    best: &[inf],
                    bounds: &[(nan, 2.0), (5.0, 1.0), (-inf, inf), (1e308, 1e308)],
                    locked: &[false, true],
                    series_names: (long, ""),
                    locked_text: long,
                    x_max: Some(nan),
                    format_value: &yuan,
                    empty_text: long,
                    scale,
                };
                draw_allocation_chart(area, &chart).unwrap();
                let layout = allocation_layout(&chart, w as f64, h as f64);
                let _ = hit_handle(&layout, 1.0, 1.0, nan);
                let _ = layout.value_at(inf);
                let _ = allocation_layout(&chart, nan, -inf);
            });
        }
    }
}

#[test]
fn narrow_screens_at_twice_the_pixels_keep_text_inside() {
    let (w, h) = (720, 560);
    let inside = |svg: &str| {
        for l in texts(svg) {
            let b = text_box(&l);
            assert!(b[0] >= 0.0 && b[2] <= w as f64 + 4.0, "{l:?}");
            assert!(l.y >= 0.0 && l.y <= h as f64, "{l:?}");
        }
    };
    let data = channel();
    let lines = [CurveLine {
        name: "抖音",
        points: &data.curve,
        dashed_from: Some(24_000.0),
        color: 0,
    }];
    let markers = [
        CurveMarker {
            x: 15_000.0,
            y: response(15_000.0, 120_000.0, 30_000.0),
            label: "今天 ¥15,000",
        },
        CurveMarker {
            x: 40_000.0,
            y: response(40_000.0, 120_000.0, 30_000.0),
            label: "最佳 ¥40,000（超出数据范围）",
        },
    ];
    let svg = render("phone_budget_curve", (w, h), |area| {
        let chart = CurveChart {
            title: "抖音：每周花费 → 每周收入",
            lines: &lines,
            band: Some(&data.band),
            scatter: &data.observed,
            off_scale: None,
            markers: &markers,
            x_title: "每周花费",
            y_title: "每周收入",
            format_x: &yuan,
            format_y: &compact,
            empty_text: "暂无数据",
            x_from_zero: true,
            scale: 2.0,
        };
        draw_curve_chart(area, &chart).unwrap();
    });
    inside(&svg);
    let labels = texts(&svg);
    assert!(text(&labels, "最佳 ¥40,000（超出数据范围）").is_some());

    let s = split();
    let svg = render("phone_budget_allocation", (w, h), |area| {
        draw_allocation_chart(area, &allocation(&s, Some(50_000.0), 2.0)).unwrap();
    });
    inside(&svg);
    assert!(svg.contains(&format!("font-size=\"{}\"", 24.0 / 1.24)));

    // Five channels squeezed into 200 pixels: still two bars and the handles on every row.
    let chart = allocation(&s, None, 1.0);
    let svg = render("budget_allocation_cramped", (480, 200), |area| {
        draw_allocation_chart(area, &chart).unwrap();
    });
    assert_eq!(marks(&svg).len(), 10);
    let layout = allocation_layout(&chart, 480.0, 200.0);
    assert!(layout.bottom <= 200.0);
    assert!(layout
        .rows
        .windows(2)
        .all(|r| r[0].bottom <= r[1].top + 1e-9));
    let handles = polygons(&svg, palette::PRIMARY)
        .iter()
        .filter(|p| p.len() == 8)
        .count();
    assert_eq!(handles, 8);
}

/// The inventory page's exchange curve: fill rates between 95.8 % and 99.7 % on an x axis that
/// spans them (`x_from_zero: false`) instead of squeezing them into the right twentieth of an
/// axis from 0.
#[test]
fn an_axis_not_from_zero_spans_the_values() {
    let points = [(95.8, 388_000.0), (97.4, 408_000.0), (99.7, 480_000.0)];
    let lines = [CurveLine {
        name: "",
        points: &points,
        dashed_from: None,
        color: 0,
    }];
    let pct = |v: f64| format!("{v}%");
    let draw = |from_zero: bool| {
        let svg = render(
            if from_zero {
                "curve_from_zero"
            } else {
                "curve_spanning"
            },
            (640, 360),
            |area| {
                let chart = CurveChart {
                    title: "",
                    lines: &lines,
                    band: None,
                    scatter: &[],
                    off_scale: None,
                    markers: &[],
                    x_title: "fill rate",
                    y_title: "cash",
                    format_x: &pct,
                    format_y: &compact,
                    empty_text: "none",
                    x_from_zero: from_zero,
                    scale: 1.0,
                };
                draw_curve_chart(area, &chart).unwrap();
            },
        );
        let line = polylines(&svg, palette::PRIMARY)
            .into_iter()
            .max_by_key(|p| p.len())
            .expect("the line");
        let labels: Vec<String> = texts(&svg).into_iter().map(|l| l.text).collect();
        (line, labels)
    };
    let (spanning, labels) = draw(false);
    let (squeezed, zero_labels) = draw(true);
    // From zero, "0%" is an x label and the line is short; spanning, neither.
    assert!(zero_labels.iter().any(|t| t == "0%"));
    assert!(!labels.iter().any(|t| t == "0%"), "{labels:?}");
    let width = |p: &Vec<(f64, f64)>| p.last().unwrap().0 - p[0].0;
    assert!(
        width(&spanning) > 5.0 * width(&squeezed),
        "{} vs {}",
        width(&spanning),
        width(&squeezed)
    );
}

/// `lines` alone on a curve chart of `size` (no title, band, points or markers; whole-number
/// ticks), as SVG.
fn plain_lines(lines: &[CurveLine], size: (u32, u32)) -> String {
    render("", size, |area| {
        let chart = CurveChart {
            title: "",
            lines,
            band: None,
            scatter: &[],
            off_scale: None,
            markers: &[],
            x_title: "",
            y_title: "",
            format_x: &|v: f64| format!("{v:.0}"),
            format_y: &|v: f64| format!("{v:.0}"),
            empty_text: "",
            x_from_zero: true,
            scale: 1.0,
        };
        draw_curve_chart(area, &chart).unwrap();
    })
}

/// A curve chart's x axis ends where its data ends, not at the next round tick: the funnel's
/// weekly trend, 728 days long, drew its axis to 800 days (three months past the data).
#[test]
fn the_x_axis_ends_with_the_data() {
    let points: Vec<(f64, f64)> = (0..=104).map(|w| (7.0 * w as f64, 10.0)).collect();
    let lines = [CurveLine {
        name: "rate",
        points: &points,
        dashed_from: None,
        color: 0,
    }];
    let svg = plain_lines(&lines, (640, 300));
    // No tick beyond the last day, and the line reaches the plot's right end: the horizontal
    // grid line (the widest drawn line) ends where the data line does.
    let ticks: Vec<f64> = texts(&svg)
        .iter()
        .filter_map(|l| l.text.parse::<f64>().ok())
        .collect();
    assert!(ticks.iter().all(|t| *t <= 728.0), "{ticks:?}");
    let line = polylines(&svg, palette::PRIMARY)
        .into_iter()
        .max_by_key(|p| p.len())
        .expect("the line");
    let line_end = line.iter().map(|p| p.0).fold(f64::MIN, f64::max);
    let grid_end = tags(&svg, "polyline")
        .into_iter()
        .chain(tags(&svg, "line"))
        .flat_map(parse_points)
        .map(|p| p.0)
        .fold(f64::MIN, f64::max);
    assert!(
        (grid_end - line_end).abs() < 1.5,
        "grid to {grid_end}, data to {line_end}"
    );
}

/// On a narrow chart a legend that does not fit one row wraps onto another instead of cutting
/// every name ("Pro… Add… Che… Pai…" on a phone): each name is drawn whole, and the rows
/// stack.
#[test]
fn a_legend_wraps_instead_of_cutting_names() {
    let names = ["Product views", "Add to cart", "Checkout", "Paid orders"];
    let points: Vec<Vec<(f64, f64)>> = (0..4)
        .map(|k| {
            (0..10)
                .map(|i| (i as f64, 10.0 * k as f64 + i as f64))
                .collect()
        })
        .collect();
    let lines: Vec<CurveLine> = names
        .iter()
        .zip(&points)
        .enumerate()
        .map(|(k, (name, points))| CurveLine {
            name,
            points,
            dashed_from: None,
            color: k,
        })
        .collect();
    let svg = plain_lines(&lines, (330, 300));
    let labels = texts(&svg);
    let rows: Vec<f64> = names
        .iter()
        .map(|n| text(&labels, n).unwrap_or_else(|| panic!("{n} is cut")).y)
        .collect();
    assert!(labels.iter().all(|l| !l.text.contains('…')));
    assert!(
        rows.iter().any(|y| (*y - rows[0]).abs() > 5.0),
        "one row at 330 px: {rows:?}"
    );
}
