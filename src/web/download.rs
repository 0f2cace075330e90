//! Saving a file the app made (CSV, PNG) to the user's disk: a Blob, an object URL and a
//! clicked `<a download>`. Nothing leaves the machine.

use wasm_bindgen::{JsCast, JsValue};

/// Offers `bytes` as a download named `file_name`.
pub fn download(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)
}

/// Offers a URL the page made (a `data:` URL of a canvas) as a download named `file_name`.
pub fn download_url(file_name: &str, url: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(url);
    anchor.set_download(file_name);
    anchor.click();
    Ok(())
}

/// The loaded dataset's name, given by the app to every figure (for downloaded files' names).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DatasetName(pub String);

/// The start of a downloaded file's name: what it is, the dataset it comes from and today's
/// date (`budget-plan_online-retail_2026-11-25`), so files from several datasets and days can
/// sit in one folder without confusion. Characters a file system may refuse become `-`.
pub fn file_stem(dataset: &str, what: &str) -> String {
    let date = js_sys::Date::new_0();
    let today = format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    );
    let clean = |s: &str| -> String {
        let mut out = String::new();
        for c in s.trim().chars() {
            if c.is_alphanumeric() || c == '.' || c == '_' {
                out.extend(c.to_lowercase());
            } else if !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_matches('-').to_owned()
    };
    let dataset = clean(dataset);
    if dataset.is_empty() {
        format!("{}_{today}", clean(what))
    } else {
        format!("{}_{dataset}_{today}", clean(what))
    }
}
