//! KPI cards: a figure with its change against the period before (环比) and a year earlier
//! (同比), and its definition. Shared by the overview (`kpi-<key>`) and the review
//! (`report-<key>`); each card carries `data-testid` and `data-value` (the raw number).

use yew::prelude::*;

use crate::engine::kpi::{growth, Kpis};
use crate::i18n::{self, Lang, Msg};

/// How a KPI is written and compared.
#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    /// Money, with the currency symbol.
    Money,
    /// A count.
    Count,
    /// A rate: compared in percentage points, not relative growth.
    Rate,
}

/// One KPI card: which figure, how it is written, and where its value comes from.
pub struct KpiSpec {
    /// The figure's name in test ids: `kpi-<key>` on the overview, `report-<key>` on the review.
    pub key: &'static str,
    /// Shown on the overview (the review shows every one).
    pub on_overview: bool,
    /// Computed from order lines only: not available for aggregated data.
    order_level: bool,
    label: Msg,
    help: Msg,
    kind: Kind,
    value: fn(&Kpis) -> Option<f64>,
}

/// Every KPI card, in the order they are shown.
pub const KPIS: [KpiSpec; 9] = [
    KpiSpec {
        key: "gmv",
        on_overview: true,
        order_level: false,
        label: Msg::KpiGmv,
        help: Msg::KpiGmvHelp,
        kind: Kind::Money,
        value: |k| Some(k.gmv),
    },
    KpiSpec {
        key: "net-sales",
        on_overview: false,
        order_level: false,
        label: Msg::KpiNetSales,
        help: Msg::KpiNetSalesHelp,
        kind: Kind::Money,
        value: |k| Some(k.net_sales),
    },
    KpiSpec {
        key: "orders",
        on_overview: true,
        order_level: true,
        label: Msg::KpiOrders,
        help: Msg::KpiOrdersHelp,
        kind: Kind::Count,
        value: |k| Some(k.orders as f64),
    },
    KpiSpec {
        key: "units",
        on_overview: false,
        order_level: false,
        label: Msg::KpiUnits,
        help: Msg::KpiUnitsHelp,
        kind: Kind::Count,
        value: |k| Some(k.units),
    },
    KpiSpec {
        key: "buyers",
        on_overview: true,
        order_level: true,
        label: Msg::KpiBuyers,
        help: Msg::KpiBuyersHelp,
        kind: Kind::Count,
        value: |k| Some(k.buyers as f64),
    },
    KpiSpec {
        key: "aov",
        on_overview: true,
        order_level: true,
        label: Msg::KpiAov,
        help: Msg::KpiAovHelp,
        kind: Kind::Money,
        value: |k| k.aov,
    },
    KpiSpec {
        key: "spend-per-buyer",
        on_overview: true,
        order_level: true,
        label: Msg::KpiSpendPerBuyer,
        help: Msg::KpiSpendPerBuyerHelp,
        kind: Kind::Money,
        value: |k| k.spend_per_buyer,
    },
    KpiSpec {
        key: "repurchase-rate",
        on_overview: true,
        order_level: true,
        label: Msg::KpiRepurchaseRate,
        help: Msg::KpiRepurchaseRateHelp,
        kind: Kind::Rate,
        value: |k| k.repurchase_rate,
    },
    KpiSpec {
        key: "return-rate",
        on_overview: true,
        order_level: false,
        label: Msg::KpiReturnRate,
        help: Msg::KpiReturnRateHelp,
        kind: Kind::Rate,
        value: |k| k.return_rate,
    },
];

/// A value written for its kind.
pub fn format_value(kind: Kind, value: f64, currency: &str) -> String {
    match kind {
        Kind::Money => i18n::format_money(value, currency),
        Kind::Count => i18n::format_number(value, 0),
        Kind::Rate => i18n::format_percent(value),
    }
}

/// One comparison line of a card: "▲ +5.2% 环比".
fn comparison(
    spec: &KpiSpec,
    prefix: &str,
    current: Option<f64>,
    other: Option<&Kpis>,
    label: Msg,
    suffix: &str,
    lang: Lang,
) -> Html {
    let other_value = other.and_then(|k| (spec.value)(k));
    let change = match (spec.kind, current, other_value) {
        (Kind::Rate, Some(c), Some(o)) => Some((c - o, i18n::format_points(c - o, lang))),
        (_, Some(c), o) => growth(c, o).map(|g| (g, i18n::format_change(g))),
        _ => None,
    };
    let testid = format!("{prefix}-{}-{suffix}", spec.key);
    match change {
        Some((raw, text)) => {
            // A change that rounds to zero reads as unchanged, without an arrow up or down
            // ("▲ +0.0%" said a rise that the number denies).
            let shown_zero = text.chars().filter(char::is_ascii_digit).all(|c| c == '0');
            let text = if shown_zero {
                text.trim_start_matches(['+', '−', '-']).to_owned()
            } else {
                text
            };
            let arrow = if shown_zero {
                "•"
            } else if raw > 0.0 {
                "▲"
            } else {
                "▼"
            };
            html! {
                <li data-testid={testid} data-value={raw.to_string()}>
                    <span class="arrow" aria-hidden="true">{arrow}</span>{" "}
                    <span class="change">{text}</span>{" "}<span class="muted">{label.text(lang)}</span>
                </li>
            }
        }
        None => html! {
            <li data-testid={testid} class="muted">{format!("{} · {}", label.text(lang), Msg::NoComparison.text(lang))}</li>
        },
    }
}

/// One KPI card: `data-testid="<prefix>-<key>"` with the raw value, and its two comparisons:
/// with `previous`, labelled `previous_label` (the month before on the overview, the period
/// before of the same length on the review), and with a year earlier.
#[allow(clippy::too_many_arguments)]
pub fn kpi_card(
    spec: &KpiSpec,
    prefix: &str,
    current: &Kpis,
    previous: Option<&Kpis>,
    previous_label: Msg,
    year_ago: Option<&Kpis>,
    currency: &str,
    lang: Lang,
) -> Html {
    let testid = format!("{prefix}-{}", spec.key);
    if spec.order_level && current.needs_order_lines {
        return html! {
            <article class="kpi" data-testid={testid} data-value="" title={spec.help.text(lang)}>
                <h3 class="kpi-label">{spec.label.text(lang)}</h3>
                <p class="kpi-value muted">{"–"}</p>
                <p class="kpi-help" data-testid="needs-order-lines">{Msg::NeedsOrderLines.text(lang)}</p>
            </article>
        };
    }
    let value = (spec.value)(current);
    let shown = value.map_or("–".to_owned(), |v| format_value(spec.kind, v, currency));
    let raw = value.map(|v| v.to_string()).unwrap_or_default();
    html! {
        <article class="kpi" data-testid={testid} data-value={raw} title={spec.help.text(lang)}>
            <h3 class="kpi-label">{spec.label.text(lang)}</h3>
            <p class="kpi-value">{shown}</p>
            <ul class="kpi-changes">
                {comparison(spec, prefix, value, previous, previous_label, "mom", lang)}
                {comparison(spec, prefix, value, year_ago, Msg::Yoy, "yoy", lang)}
            </ul>
            <p class="kpi-help">{spec.help.text(lang)}</p>
        </article>
    }
}

/// A headline figure with its raw number (`data-testid`, `data-value`) and no comparison: the
/// simulator pages' results.
pub fn stat(testid: &'static str, label: &str, value: f64, shown: String) -> Html {
    html! {
        <div class="stat headline" data-testid={testid} data-value={value.to_string()}>
            <dt>{label.to_owned()}</dt><dd>{shown}</dd>
        </div>
    }
}
