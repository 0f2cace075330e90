//! A canvas that draws one chart with plotters-canvas, crisp on HiDPI screens and redrawn on
//! resize. The drawing itself lives in [`crate::charts`]; this component only sizes the canvas's
//! backing store to `devicePixelRatio` × its CSS size and hands it over.

use std::rc::Rc;

use gloo::events::EventListener;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Draws on a prepared canvas area; receives the device pixel ratio as scale.
pub type DrawFn =
    Rc<dyn Fn(&plotters::drawing::DrawingArea<CanvasBackend, plotters::coord::Shift>, f64)>;

/// Properties of [`ChartCanvas`].
#[derive(Properties, Clone)]
pub struct ChartCanvasProps {
    /// `data-testid` of the canvas.
    pub testid: AttrValue,
    /// Text alternative for screen readers.
    pub alt: AttrValue,
    /// Changes whenever the chart must be redrawn (data or language).
    pub version: u64,
    /// The drawing.
    pub draw: DrawFn,
    /// Height in CSS pixels, when not the stylesheet's.
    #[prop_or_default]
    pub height: Option<f64>,
}

impl PartialEq for ChartCanvasProps {
    fn eq(&self, other: &Self) -> bool {
        self.testid == other.testid
            && self.alt == other.alt
            && self.version == other.version
            && self.height == other.height
    }
}

/// Sizes the canvas for the screen and draws on it.
fn redraw(canvas: &HtmlCanvasElement, draw: &DrawFn) {
    let scale = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| *r > 0.0)
        .unwrap_or(1.0);
    let rect = canvas.get_bounding_client_rect();
    if rect.width() < 1.0 || rect.height() < 1.0 {
        return;
    }
    // Resize the backing store only when it changes: setting it invalidates the page's layout,
    // and the next chart's measurement would then lay the page out again.
    let (width, height) = (
        (rect.width() * scale).round() as u32,
        (rect.height() * scale).round() as u32,
    );
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
    if let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) {
        draw(&backend.into_drawing_area(), scale);
        canvas.set_attribute("data-drawn", "true").ok();
    }
}

/// A chart on a canvas.
#[function_component(ChartCanvas)]
pub fn chart_canvas(props: &ChartCanvasProps) -> Html {
    let canvas_ref = use_node_ref();
    let resized = use_state(|| 0u32);
    {
        let resized = resized.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "resize", move |_| resized.set(*resized + 1))
            });
            move || drop(listener)
        });
    }
    {
        let canvas_ref = canvas_ref.clone();
        let draw = props.draw.clone();
        use_effect_with((props.version, *resized), move |_| {
            if let Some(canvas) = canvas_ref
                .get()
                .and_then(|n| n.dyn_into::<HtmlCanvasElement>().ok())
            {
                redraw(&canvas, &draw);
            }
        });
    }
    html! {
        <canvas ref={canvas_ref} class="chart" role="img" aria-label={props.alt.clone()}
            data-testid={props.testid.clone()}
            style={props.height.map(|h| format!("height: {}px", h.round()))} />
    }
}
