#![cfg(not(target_arch = "wasm32"))]
//! The pricing page's scatter drawn into plotters' SVG backend, checked on the SVG text: one
//! circle per finite point, the fitted line, the placeholder without points, and axes that are
//! not stretched to 0.

use plotters::prelude::*;
use shoplab::charts::{draw_scatter_chart, ScatterChart};

fn render(points: &[(f64, f64)], line: Option<[(f64, f64); 2]>) -> String {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (640, 320)).into_drawing_area();
        let format = |v: f64| format!("{v:.1}");
        draw_scatter_chart(
            &area,
            &ScatterChart {
                title: "",
                points,
                line,
                line_name: "fitted",
                x_title: "ln price",
                y_title: "ln units",
                format_x: &format,
                format_y: &format,
                empty_text: "nothing to draw",
                scale: 1.0,
            },
        )
        .expect("drawn");
    }
    svg
}

#[test]
fn every_finite_point_is_a_circle_and_the_line_is_drawn() {
    let points: Vec<(f64, f64)> = (0..37)
        .map(|i| {
            let x = 1.0 + f64::from(i) * 0.01;
            (x, 5.0 - 1.5 * x + if i % 2 == 0 { 0.1 } else { -0.1 })
        })
        .chain([(f64::NAN, 1.0), (1.2, f64::INFINITY)])
        .collect();
    let svg = render(&points, Some([(1.0, 3.5), (1.36, 2.96)]));
    assert_eq!(svg.matches("<circle").count(), 37, "{svg}");
    assert!(svg.contains("fitted"), "the line's legend");
    assert!(svg.contains("ln price") && svg.contains("ln units"));
    // ln price from 1.0 to 1.36: the axis starts near 1, not at 0.
    assert!(!svg.contains(">0.0<"), "the x axis is not stretched to 0");
}

#[test]
fn without_points_the_placeholder_is_drawn() {
    let svg = render(&[(f64::NAN, f64::NAN)], None);
    assert_eq!(svg.matches("<circle").count(), 0);
    assert!(svg.contains("nothing to draw"));
}

#[test]
fn a_single_point_and_a_line_without_length_do_not_fail() {
    let svg = render(&[(2.0, 3.0)], Some([(2.0, 3.0), (2.0, 3.0)]));
    assert_eq!(svg.matches("<circle").count(), 1);
}
