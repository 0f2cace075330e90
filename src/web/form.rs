//! Reading the page's form controls: the value of the input or select an event came from,
//! whether a checkbox is checked, and a typed number. Shared by the simulator pages.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The value of the `<input>` or `<select>` that `e` came from.
pub fn value_of(e: &Event) -> Option<String> {
    let target = e.target()?;
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(input.value());
    }
    target
        .dyn_ref::<web_sys::HtmlSelectElement>()
        .map(web_sys::HtmlSelectElement::value)
}

/// Whether the checkbox `e` came from is checked.
pub fn checked_of(e: &Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// A typed number: thousands separators (`,`) ignored; `None` unless finite.
pub fn number(v: &str) -> Option<f64> {
    v.trim()
        .replace(',', "")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}
