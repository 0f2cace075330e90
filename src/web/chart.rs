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
    /// Text alternative for screen readers (the canvas is `role="img"` with this label).
    pub alt: AttrValue,
    /// The id of an element that says more about the chart (`aria-describedby`), such as how
    /// to do from the keyboard what the chart does with a pointer.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    /// Changes whenever the chart must be redrawn (data or language).
    pub version: u64,
    /// The drawing.
    pub draw: DrawFn,
    /// Height in CSS pixels, when not the stylesheet's.
    #[prop_or_default]
    pub height: Option<f64>,
    /// Draw only while on screen (or near it), and when the page is printed: a long page of
    /// charts then redraws only what is seen after a change, and the rest when scrolled to.
    #[prop_or_default]
    pub lazy: bool,
}

impl PartialEq for ChartCanvasProps {
    fn eq(&self, other: &Self) -> bool {
        self.testid == other.testid
            && self.alt == other.alt
            && self.described_by == other.described_by
            && self.version == other.version
            && self.height == other.height
            && self.lazy == other.lazy
    }
}

/// Sizes the canvas for the screen and draws on it; false when it has no size to draw at (in a
/// hidden part of the page).
fn redraw(canvas: &HtmlCanvasElement, draw: &DrawFn) -> bool {
    let scale = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| *r > 0.0)
        .unwrap_or(1.0);
    let rect = canvas.get_bounding_client_rect();
    if rect.width() < 1.0 || rect.height() < 1.0 {
        return false;
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
    match CanvasBackend::with_canvas_object(canvas.clone()) {
        Some(backend) => {
            draw(&backend.into_drawing_area(), scale);
            canvas.set_attribute("data-drawn", "true").ok();
            true
        }
        None => false,
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
    // The latest drawing, whether the canvas is near the screen, and whether what it shows is
    // out of date (lazy charts only).
    let latest = use_mut_ref(|| props.draw.clone());
    *latest.borrow_mut() = props.draw.clone();
    let visible = use_mut_ref(|| !props.lazy);
    let stale = use_mut_ref(|| false);
    {
        let (canvas_ref, latest, visible, stale) = (
            canvas_ref.clone(),
            latest.clone(),
            visible.clone(),
            stale.clone(),
        );
        use_effect_with(props.lazy, move |lazy| {
            let watch = lazy.then(|| watch_visibility(&canvas_ref, &latest, &visible, &stale));
            move || drop(watch)
        });
    }
    // What the canvas shows: the (version, resize) it was last drawn for (`None` when a lazy
    // chart was drawn while off screen, from the latest drawing); and the latest key rendered.
    let shown = use_mut_ref(|| None::<(u64, u32)>);
    let key = (props.version, *resized);
    let latest_key = use_mut_ref(|| key);
    *latest_key.borrow_mut() = key;
    // An eager chart is also drawn at the next animation frame, which comes before the browser
    // paints what this render put in the page: the chart then appears with the page's numbers.
    // The effect below alone would draw it a frame later whenever Yew's scheduler yields to the
    // browser between rendering and effects (it does after 16 ms of work), leaving the canvas
    // blank in between. Whichever comes first draws; the other sees it done.
    if !props.lazy && *shown.borrow() != Some(key) {
        let (canvas_ref, draw, shown, latest_key) = (
            canvas_ref.clone(),
            props.draw.clone(),
            shown.clone(),
            latest_key.clone(),
        );
        let on_frame = wasm_bindgen::closure::Closure::once_into_js(move || {
            // A later render may have come back to what is shown: draw only the latest.
            if *shown.borrow() == Some(key) || *latest_key.borrow() != key {
                return;
            }
            if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                if redraw(&canvas, &draw) {
                    *shown.borrow_mut() = Some(key);
                }
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(on_frame.unchecked_ref());
        }
    }
    {
        let canvas_ref = canvas_ref.clone();
        let draw = props.draw.clone();
        use_effect_with(key, move |key| {
            if let Some(canvas) = canvas_ref
                .get()
                .and_then(|n| n.dyn_into::<HtmlCanvasElement>().ok())
            {
                if *visible.borrow() {
                    if *shown.borrow() != Some(*key) && redraw(&canvas, &draw) {
                        *shown.borrow_mut() = Some(*key);
                    }
                    *stale.borrow_mut() = false;
                } else {
                    *stale.borrow_mut() = true;
                    // Drawn later from the latest drawing, whatever it is then: not `key`.
                    *shown.borrow_mut() = None;
                    canvas.remove_attribute("data-drawn").ok();
                }
            }
        });
    }
    html! {
        <canvas ref={canvas_ref} class="chart" role="img" aria-label={props.alt.clone()}
            aria-describedby={props.described_by.clone()}
            data-testid={props.testid.clone()}
            style={props.height.map(|h| format!("height: {}px", h.round()))} />
    }
}

/// What keeps a lazy chart's visibility up to date; dropping it stops watching.
struct Watch {
    observer: web_sys::IntersectionObserver,
    _on_change: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
    _print: Option<EventListener>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Watches whether the canvas is within 300 CSS pixels of the screen, and draws it when it
/// comes near while out of date, or when the page is about to be printed.
fn watch_visibility(
    canvas_ref: &NodeRef,
    latest: &Rc<std::cell::RefCell<DrawFn>>,
    visible: &Rc<std::cell::RefCell<bool>>,
    stale: &Rc<std::cell::RefCell<bool>>,
) -> Option<Watch> {
    let canvas = canvas_ref.cast::<HtmlCanvasElement>()?;
    let draw_if_stale = {
        let (canvas, latest, stale) = (canvas.clone(), latest.clone(), stale.clone());
        move || {
            if *stale.borrow() {
                redraw(&canvas, &latest.borrow());
                *stale.borrow_mut() = false;
            }
        }
    };
    let on_change = {
        let (visible, draw_if_stale) = (visible.clone(), draw_if_stale.clone());
        wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |entries: js_sys::Array| {
                let near = entries.iter().any(|e| {
                    e.dyn_into::<web_sys::IntersectionObserverEntry>()
                        .is_ok_and(|e| e.is_intersecting())
                });
                *visible.borrow_mut() = near;
                if near {
                    draw_if_stale();
                }
            },
        )
    };
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("300px 0px");
    let observer = web_sys::IntersectionObserver::new_with_options(
        on_change.as_ref().unchecked_ref(),
        &options,
    )
    .ok()?;
    observer.observe(&canvas);
    let print =
        web_sys::window().map(|w| EventListener::new(&w, "beforeprint", move |_| draw_if_stale()));
    Some(Watch {
        observer,
        _on_change: on_change,
        _print: print,
    })
}
