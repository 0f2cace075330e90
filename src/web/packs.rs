//! The data page's "your work" panel: course packs (open one, open an example, export the
//! current work as one) and "forget everything", with what it cleared.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::app::{Exercise, Forgotten};
use super::data::format_bytes;
use crate::engine::pack::{self, PackError};
use crate::i18n::{Lang, Msg};

/// The packs shipped with the app (`static/packs/`, built from the demo store by
/// `cargo run --example make_packs`), compiled in so they open offline: file name, button.
pub const EXAMPLES: [(&str, &[u8], Msg); 2] = [
    (
        "singles-day-budget.shoplab",
        include_bytes!("../../static/packs/singles-day-budget.shoplab"),
        Msg::ExampleBudget,
    ),
    (
        "fix-the-checkout.shoplab",
        include_bytes!("../../static/packs/fix-the-checkout.shoplab"),
        Msg::ExampleCheckout,
    ),
];

/// Whether a file dropped or picked on the data page is a course pack rather than data.
pub fn is_pack(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(&format!(".{}", pack::EXTENSION))
        || lower.ends_with(&format!(".{}.json", pack::EXTENSION))
        || lower.ends_with(&format!(".{}.gz", pack::EXTENSION))
}

/// A pack error in the user's language.
pub fn pack_error_text(error: &PackError, lang: Lang) -> String {
    match error {
        PackError::Empty => Msg::PackErrEmpty.text(lang).to_owned(),
        PackError::NotAPack => Msg::PackErrNotAPack.text(lang).to_owned(),
        PackError::Truncated => Msg::PackErrTruncated.text(lang).to_owned(),
        PackError::Newer { version } => Msg::PackErrNewer
            .text(lang)
            .replace("{v}", &version.to_string())
            .replace("{have}", &pack::VERSION.to_string()),
        PackError::UnknownVersion { version } => Msg::PackErrUnknown
            .text(lang)
            .replace("{v}", &version.to_string()),
        PackError::TooLarge => Msg::PackErrTooLarge.text(lang).to_owned(),
        PackError::Unavailable => Msg::PackErrUnavailable.text(lang).to_owned(),
        PackError::Unreadable { message } => Msg::PackErrUnreadable
            .text(lang)
            .replace("{reason}", message),
        PackError::Damaged {
            detail,
            line: Some(line),
            column: Some(column),
        } => Msg::PackErrDamagedAt
            .text(lang)
            .replace("{line}", &line.to_string())
            .replace("{column}", &column.to_string())
            .replace("{detail}", detail),
        PackError::Damaged { detail, .. } => {
            Msg::PackErrDamaged.text(lang).replace("{detail}", detail)
        }
    }
}

/// Why the work kept in this browser could not be restored.
pub fn restore_error_text(error: &PackError, lang: Lang) -> String {
    match error {
        PackError::Newer { version } => Msg::RestoreNewer
            .text(lang)
            .replace("{v}", &version.to_string()),
        other => Msg::RestoreFailed
            .text(lang)
            .replace("{error}", &other.to_string()),
    }
}

/// What "forget everything" cleared, as one sentence.
pub fn forgotten_text(f: &Forgotten, lang: Lang) -> String {
    if let Some(reason) = &f.error {
        return Msg::ForgetFailed.text(lang).replace("{reason}", reason);
    }
    let mut parts: Vec<String> = Vec::new();
    if f.workspace_bytes > 0 {
        parts.push(
            Msg::ForgottenWorkspace
                .text(lang)
                .replace("{files}", &f.files.to_string())
                .replace("{size}", &format_bytes(f.workspace_bytes)),
        );
    }
    if f.local.settings {
        parts.push(Msg::ForgottenSettings.text(lang).to_owned());
    }
    if f.local.mappings > 0 {
        parts.push(
            Msg::ForgottenMappings
                .text(lang)
                .replace("{n}", &f.local.mappings.to_string()),
        );
    }
    if f.local.language {
        parts.push(Msg::ForgottenLanguage.text(lang).to_owned());
    }
    let what = if parts.is_empty() {
        Msg::ForgottenNothing.text(lang).to_owned()
    } else {
        parts.join(match lang {
            Lang::En => "; ",
            Lang::Zh => "；",
        })
    };
    Msg::Forgotten.text(lang).replace("{what}", &what)
}

/// Properties of [`PacksPanel`].
#[derive(Properties, PartialEq)]
pub struct PacksProps {
    /// Interface language.
    pub lang: Lang,
    /// A pack is being opened.
    pub busy: bool,
    /// The last pack that could not be opened.
    pub error: Option<PackError>,
    /// What "forget everything" cleared, after it ran.
    pub forgotten: Option<Forgotten>,
    /// The exercise loaded, whose title and instructions start the export's fields.
    pub exercise: Option<Exercise>,
    /// Open a pack file.
    pub on_open: Callback<web_sys::File>,
    /// Open a shipped example (index into [`EXAMPLES`]).
    pub on_example: Callback<usize>,
    /// Export the work as a pack: title, instructions.
    pub on_export: Callback<(String, String)>,
    /// Forget everything.
    pub on_forget: Callback<()>,
}

/// The panel.
#[function_component(PacksPanel)]
pub fn packs_panel(props: &PacksProps) -> Html {
    let lang = props.lang;
    let confirming = use_state(|| false);
    let title = use_state(|| {
        props
            .exercise
            .as_ref()
            .map(|e| e.title.clone())
            .unwrap_or_default()
    });
    let instructions = use_state(|| {
        props
            .exercise
            .as_ref()
            .map(|e| e.instructions.clone())
            .unwrap_or_default()
    });
    let on_pick = {
        let on_open = props.on_open.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                on_open.emit(file);
            }
            input.set_value("");
        })
    };
    let on_title = {
        let title = title.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                title.set(input.value());
            }
        })
    };
    let on_instructions = {
        let instructions = instructions.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                instructions.set(area.value());
            }
        })
    };
    let on_export = {
        let (on_export, title, instructions) =
            (props.on_export.clone(), title.clone(), instructions.clone());
        Callback::from(move |_: MouseEvent| {
            on_export.emit(((*title).clone(), (*instructions).clone()))
        })
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let forget = {
        let (confirming, on_forget) = (confirming.clone(), props.on_forget.clone());
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            on_forget.emit(())
        })
    };
    html! {
        <section class="card packs" aria-labelledby="packs-title" data-testid="packs">
            <h3 id="packs-title">{Msg::PacksTitle.text(lang)}</h3>
            <p class="muted">{Msg::PacksLead.text(lang)}</p>
            <p>
                <label class="button">
                    {Msg::PackOpen.text(lang)}
                    <input type="file" class="visually-hidden" data-testid="pack-input"
                        accept=".shoplab,.json,.gz" onchange={on_pick} />
                </label>
            </p>
            <p>
                <span class="muted">{Msg::PackExamples.text(lang)}</span>{" "}
                { for EXAMPLES.iter().enumerate().map(|(i, (name, _, label))| {
                    let on_example = props.on_example.clone();
                    html! {
                        <button class="link" data-testid={format!("pack-example-{}", name.trim_end_matches(".shoplab"))}
                            onclick={Callback::from(move |_: MouseEvent| on_example.emit(i))}>
                            {label.text(lang)}
                        </button>
                    }
                }) }
            </p>
            if props.busy {
                <p role="status" data-testid="pack-busy">{Msg::PackOpening.text(lang)}</p>
            }
            if let Some(error) = &props.error {
                <p class="notice error" role="alert" data-testid="pack-error">{pack_error_text(error, lang)}</p>
            }
            <div class="pack-export">
                <label>{Msg::PackTitleLabel.text(lang)}
                    <input type="text" data-testid="pack-title" value={(*title).clone()} oninput={on_title} />
                </label>
                <label>{Msg::PackInstructionsLabel.text(lang)}
                    <textarea rows="3" data-testid="pack-instructions" value={(*instructions).clone()} oninput={on_instructions} />
                </label>
                <button data-testid="pack-export" onclick={on_export}>{Msg::PackExport.text(lang)}</button>
            </div>
            <h3>{Msg::SavedTitle.text(lang)}</h3>
            <p class="muted">{Msg::SavedLead.text(lang)}</p>
            if *confirming {
                <p role="alert">{Msg::ForgetSure.text(lang)}</p>
                <p>
                    <button class="danger" data-testid="forget-confirm" onclick={forget}>{Msg::ForgetYes.text(lang)}</button>{" "}
                    <button class="link" onclick={cancel}>{Msg::Cancel.text(lang)}</button>
                </p>
            } else {
                <p><button data-testid="forget" onclick={ask}>{Msg::Forget.text(lang)}</button></p>
            }
            if let Some(forgotten) = &props.forgotten {
                <p class="notice" role="status" data-testid="forgotten"
                    data-value={forgotten.workspace_bytes.to_string()}>{forgotten_text(forgotten, lang)}</p>
            }
        </section>
    }
}
