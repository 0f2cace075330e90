//! Reading the page's form controls: the value of the input or select an event came from,
//! whether a checkbox is checked, and a typed number. Shared by the simulator pages.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{self, Lang, Msg};

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

/// A number typed into the `<input>` `e` came from, if it lies in `lo..=hi`. Otherwise (not a
/// number, or out of range) the input shows `shown` again — the value the page still uses, so
/// that what is on screen is what the figures are computed from — the browser's validation
/// bubble says what it accepts, and `None` is returned. An accepted number clears the
/// message.
pub fn typed_in_range(e: &Event, (lo, hi): (f64, f64), shown: &str, lang: Lang) -> Option<f64> {
    let input = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let typed = number(&input.value()).filter(|v| (lo..=hi).contains(v));
    if typed.is_some() {
        accept(e);
        return typed;
    }
    let show = |v: f64| {
        let text = i18n::format_number(v, 2);
        match text.contains('.') {
            true => text.trim_end_matches('0').trim_end_matches('.').to_owned(),
            false => text,
        }
    };
    let why = if hi.is_finite() {
        Msg::InputRange
            .text(lang)
            .replace("{lo}", &show(lo))
            .replace("{hi}", &show(hi))
    } else {
        Msg::InputAtLeast.text(lang).replace("{lo}", &show(lo))
    };
    reject(e, shown, &why);
    None
}

/// Puts `shown` (the value in use) back into the `<input>` `e` came from and says `why` the
/// entry was not used, in the browser's validation bubble: a rejected entry must not stay on
/// screen beside figures computed from another value.
pub fn reject(e: &Event, shown: &str, why: &str) {
    if let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_value(shown);
        input.set_custom_validity(why);
        input.report_validity();
    }
}

/// Clears what [`reject`] said, once an entry of the `<input>` `e` came from is used.
pub fn accept(e: &Event) {
    if let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_custom_validity("");
    }
}
