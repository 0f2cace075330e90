//! The promotions of `#/pricing`: a discount on the chosen product or category (judged on its
//! own orders), several 满减 tiers and a coupon (on every order of the shop), buy-X-get-Y on the
//! chosen product, a member price for an RFM segment — each with its orders, units, GMV, gross
//! profit and margin against no promotion — and up to four saved promotions side by side.
//! Every number comes from [`promo::evaluate`] and the helpers of [`pricing`]; the page only
//! shows them.
//!
//! Figures carry `data-testid` and `data-value`: `promo-gmv`, `promo-gross-profit`,
//! `promo-breakeven-lift`, `promo-predicted-lift`, `promo-share-above-threshold` (the first
//! tier), `promo-tier-share-above` (each tier), the target's baseline (`promo-target-*`),
//! each promotion's table (`promo-<kind>-table`) and the comparison (`promo-compare`).

use std::rc::Rc;

use yew::prelude::*;

use super::form::typed_in_range;

use super::figure::Figure;
use super::pricing::{PricingLevers, PricingState, SavedPromotion, MAX_SAVED};
use super::pricing_charts as draw;
use crate::engine::report::customers::SegmentRow;
use crate::engine::sim::pricing::elasticity::{Estimate, Target, Verdict};
use crate::engine::sim::pricing::promo::{self, Outcome, Promotion, TargetBaseline, Tier};
use crate::engine::sim::pricing::{self, PricingModel, ProductInfo};
use crate::engine::tables::LocalText;
use crate::i18n::{self, report::segment_name, Lang, Msg};

/// At most this many 满减 tiers.
pub const MAX_TIERS: usize = 4;

/// What the promotions need of the page.
pub struct PromoContext<'a> {
    /// The dataset's name.
    pub dataset: &'a LocalText,
    /// The pricing model.
    pub model: &'a PricingModel,
    /// The levers.
    pub levers: &'a PricingLevers,
    /// Sets the levers.
    pub set: Callback<PricingLevers>,
    /// The page's state (saved promotions).
    pub state: &'a PricingState,
    /// Changes the page's state.
    pub on_change: Callback<PricingState>,
    /// The chosen target.
    pub target: Option<&'a Target>,
    /// Its estimate.
    pub estimate: Option<&'a Estimate>,
    /// Its product (SKUs only).
    pub product: Option<&'a ProductInfo>,
    /// Its own baseline: `None` while the worker draws it up, `Some(None)` when there is none.
    pub target_baseline: Option<Option<Rc<TargetBaseline>>>,
    /// The dataset's currency.
    pub currency: &'a str,
    /// Interface language.
    pub lang: Lang,
    /// Redraw key of the charts.
    pub version: u64,
}

/// The gross margin of the chosen target's own promotions: from its unit cost (typed, else the
/// inventory's) at its average price over the baseline, 1 − cost / price, when there is one,
/// so that the discount and buy-X-get-Y judge the product at the margin its cost gives, as the
/// price what-if does; else the margin typed (which the shop-wide promotions use).
fn target_margin(cx: &PromoContext, target: &TargetBaseline) -> f64 {
    target_margin_source(cx, target).0
}

/// [`target_margin`], with the average price it comes from when it comes from a unit cost.
fn target_margin_source(cx: &PromoContext, target: &TargetBaseline) -> (f64, Option<f64>) {
    let cost = cx.levers.unit_cost.or(cx.product.and_then(|p| p.unit_cost));
    match (cost, target.unit_price()) {
        (Some(c), Some(p)) if p > 0.0 && c.is_finite() => {
            ((1.0 - c / p).clamp(-0.99, 0.99), Some(p))
        }
        _ => (cx.levers.margin, None),
    }
}

/// A change of the levers by a typed value.
type Apply = Rc<dyn Fn(&mut PricingLevers, f64)>;

/// A number input that applies a typed, finite, non-negative value to the levers; its label
/// is for screen readers only when `hide_label` (inside a table with headers).
#[allow(clippy::too_many_arguments)]
fn lever_input(
    testid: String,
    label: String,
    hide_label: bool,
    shown: f64,
    range: (f64, f64),
    cx: &PromoContext,
    apply: Apply,
) -> Html {
    let (levers, set, lang) = (cx.levers.clone(), cx.set.clone(), cx.lang);
    let shown = format!("{}", (shown * 100.0).round() / 100.0);
    let max = range.1.is_finite().then(|| range.1.to_string());
    html! {
        <label>
            <span class={classes!(hide_label.then_some("visually-hidden"))}>{label}{" "}</span>
            <input type="number" data-testid={testid} value={shown.clone()} step="any" min={range.0.to_string()} max={max} class="narrow"
                onchange={move |e: Event| {
                    // Out of range: the value in use is shown again, and the bubble says why.
                    let typed = typed_in_range(&e, range, &shown, lang);
                    if let Some(v) = typed {
                        let mut next = levers.clone();
                        apply(&mut next, v);
                        set.emit(next);
                    }
                }} />
        </label>
    }
}

/// A text built in each language.
fn both(text: impl Fn(Lang) -> String) -> LocalText {
    LocalText {
        en: text(Lang::En),
        zh: text(Lang::Zh),
    }
}

/// `text` in `lang`.
fn in_lang(text: &LocalText, lang: Lang) -> &str {
    match lang {
        Lang::En => &text.en,
        Lang::Zh => &text.zh,
    }
}

/// "(default)" after an assumption still at its default; nothing once the user changed it.
fn default_mark(is_default: bool, mark: Msg, lang: Lang) -> &'static str {
    if is_default {
        mark.text(lang)
    } else {
        ""
    }
}

/// A percentage lever (shown × 100, stored 0–`max`).
fn percent_input(
    testid: &str,
    label: Msg,
    share: f64,
    max: f64,
    cx: &PromoContext,
    apply: fn(&mut PricingLevers, f64),
) -> Html {
    lever_input(
        testid.to_owned(),
        label.text(cx.lang).to_owned(),
        false,
        share * 100.0,
        (0.0, max * 100.0),
        cx,
        Rc::new(move |l, v| apply(l, (v / 100.0).min(max))),
    )
}

/// A plain number lever, accepted within `range`.
fn plain_input(
    testid: &str,
    label: Msg,
    shown: f64,
    range: (f64, f64),
    cx: &PromoContext,
    apply: fn(&mut PricingLevers, f64),
) -> Html {
    lever_input(
        testid.to_owned(),
        label.text(cx.lang).to_owned(),
        false,
        shown,
        range,
        cx,
        Rc::new(apply),
    )
}

/// The outcome against no promotion: orders, units, GMV, gross profit, margin and cost.
/// `units` is false when the promotion does not count units (member prices): they show "–".
fn outcome_table(kind: &str, o: &Outcome, units: bool, cx: &PromoContext) -> Html {
    let lang = cx.lang;
    let money = |v: f64| i18n::format_money(v, cx.currency);
    let count = |v: f64| i18n::format_number(v, 1);
    let percent = |v: f64| i18n::format_percent(v);
    let points = |v: f64| i18n::format_points(v, lang);
    let row = |label: Msg,
               key: &str,
               without: f64,
               with: f64,
               fmt: &dyn Fn(f64) -> String,
               diff: &dyn Fn(f64) -> String| {
        html! {
            <tr data-testid={format!("promo-{kind}-{key}")}>
                <th scope="row">{label.text(lang)}</th>
                <td data-value={without.to_string()}>{fmt(without)}</td>
                <td data-value={with.to_string()}>{fmt(with)}</td>
                <td data-value={(with - without).to_string()}>{diff(with - without)}</td>
            </tr>
        }
    };
    let units_row = if units {
        row(
            Msg::RowUnits,
            "units",
            o.baseline.units,
            o.promoted.units,
            &count,
            &count,
        )
    } else {
        html! {
            <tr data-testid={format!("promo-{kind}-units")}>
                <th scope="row">{Msg::RowUnits.text(lang)}</th>
                <td data-value="">{"–"}</td><td data-value="">{"–"}</td><td data-value="">{"–"}</td>
            </tr>
        }
    };
    // Orders more than tripled: a constant elasticity taken this far from the prices the data
    // saw (a deep discount, a large |ε|) is a guess, and the page says so beside the numbers.
    let far = o.baseline.orders > 0.0 && o.promoted.orders > FAR_LIFT * o.baseline.orders;
    html! {
        <>
        if far {
            <p class="notice warn" data-testid={format!("promo-{kind}-far")}>{Msg::PromoFarFromData.text(lang)
                .replace("{x}", &i18n::format_number(o.promoted.orders / o.baseline.orders, 1))}</p>
        }
        <div class="table-wrap">
        <table class="data-table" data-testid={format!("promo-{kind}-table")}>
            <thead><tr>
                <th scope="col"></th>
                <th scope="col">{Msg::ColWithout.text(lang)}</th>
                <th scope="col">{Msg::ColWith.text(lang)}</th>
                <th scope="col">{Msg::ColDifference.text(lang)}</th>
            </tr></thead>
            <tbody>
                {row(Msg::RowOrders, "orders", o.baseline.orders, o.promoted.orders, &count, &count)}
                {units_row}
                {row(Msg::RowGmv, "gmv", o.baseline.gmv, o.promoted.gmv, &money, &money)}
                {row(Msg::RowGrossProfit, "gross-profit", o.baseline.gross_profit, o.promoted.gross_profit, &money, &money)}
                {row(Msg::RowMargin, "margin", o.baseline.margin, o.promoted.margin, &percent, &points)}
                {row(Msg::RowPromoCost, "cost", 0.0, o.cost, &money, &money)}
            </tbody>
        </table>
        </div>
        </>
    }
}

/// Orders multiplied by more than this read as a guess far from the data (see
/// [`outcome_table`]).
const FAR_LIFT: f64 = 3.0;

/// "Save this promotion": stores `outcome` under the name typed, else `name` (the oldest goes
/// beyond four).
fn save_button(kind: &str, names: LocalText, outcome: &Outcome, cx: &PromoContext) -> Html {
    let name_ref = NodeRef::default();
    let (state, on_change, outcome) = (cx.state.clone(), cx.on_change.clone(), outcome.clone());
    let dataset = cx.dataset.clone();
    let name = in_lang(&names, cx.lang).to_owned();
    let onclick = {
        let (name, name_ref) = (name.clone(), name_ref.clone());
        Callback::from(move |_: MouseEvent| {
            let typed = name_ref
                .cast::<web_sys::HtmlInputElement>()
                .map(|i| i.value().trim().to_owned())
                .unwrap_or_default();
            let mut next = state.clone();
            if next.saved.len() >= MAX_SAVED {
                next.saved.remove(0);
            }
            next.saved.push(SavedPromotion {
                // A typed name is the user's, in one language; the generated one is kept in
                // both, so that it follows the language toggle.
                names: typed.is_empty().then(|| names.clone()),
                name: if typed.is_empty() {
                    name.clone()
                } else {
                    typed
                },
                outcome: Rc::new(outcome.clone()),
                dataset: Some(dataset.clone()),
            });
            on_change.emit(next);
        })
    };
    html! {
        <p class="no-print promo-save">
            <input type="text" ref={name_ref} placeholder={name} data-testid={format!("promo-{kind}-name")}
                aria-label={Msg::PromoName.text(cx.lang)} />{" "}
            <button type="button" class="button" {onclick} data-testid={format!("promo-{kind}-save")}>
                {Msg::PromoSave.text(cx.lang)}
            </button>
        </p>
    }
}

/// Money in a saved promotion's name: no decimals when whole (¥250, not ¥250.00).
fn short_money(v: f64, currency: &str) -> String {
    let decimals = if v.fract() == 0.0 { 0 } else { 2 };
    format!(
        "{}{}",
        i18n::currency_symbol(currency),
        i18n::format_number(v, decimals)
    )
}

/// The target's name: "SKU · name" for a product, the category's name.
fn target_name(cx: &PromoContext) -> String {
    target_name_in(cx, cx.lang)
}

/// [`target_name`] in `lang` (a saved promotion keeps its name in both languages).
fn target_name_in(cx: &PromoContext, lang: Lang) -> String {
    match (cx.target, cx.product) {
        (Some(Target::Sku(sku)), Some(p)) => {
            let name = match lang {
                Lang::En => &p.name.en,
                Lang::Zh => &p.name.zh,
            };
            if name == sku || name.trim().is_empty() {
                sku.clone()
            } else {
                format!("{sku} · {name}")
            }
        }
        (Some(target), _) => target.key().to_owned(),
        (None, _) => "–".into(),
    }
}

/// The discount on the chosen target, judged on its own orders with its own ε.
fn discount(cx: &PromoContext, target: &TargetBaseline) -> Html {
    let lang = cx.lang;
    let levers = cx.levers;
    let money = |v: f64| i18n::format_money(v, cx.currency);
    let trusted = cx
        .estimate
        .filter(|e| e.verdict == Verdict::Ok && e.elasticity.is_finite());
    let elasticity = trusted.map_or(0.0, |e| e.elasticity);
    let o = promo::evaluate(
        &target.baseline,
        target_margin(cx, target),
        &Promotion::Discount {
            rate: levers.discount,
            days: levers.days,
            elasticity,
        },
    );
    let name = target_name(cx);
    let b = &target.baseline;
    let scope = Msg::DiscountScope
        .text(lang)
        .replace("{target}", &name)
        .replace("{n}", &i18n::format_number(b.orders, 0))
        .replace("{u}", &i18n::format_number(b.units, 0))
        .replace("{g}", &money(b.gmv))
        .replace("{d}", &i18n::format_number(b.days, 0));
    let margin_note = match target_margin_source(cx, target) {
        (m, Some(price)) => Msg::TargetMarginFromCost
            .text(lang)
            .replace("{m}", &i18n::format_percent(m))
            .replace("{p}", &money(price)),
        (m, None) => Msg::TargetMarginTyped
            .text(lang)
            .replace("{m}", &i18n::format_percent(m)),
    };
    let without = |v: f64| Msg::PromoWithout.text(lang).replace("{v}", &money(v));
    let save_name = both(|lang| {
        Msg::SavedDiscount
            .text(lang)
            .replace("{d}", &i18n::format_percent(levers.discount))
            .replace("{target}", &target_name_in(cx, lang))
    });
    html! {
        <>
            <h4>{Msg::DiscountTitle.text(lang)}{" · "}{Msg::DiscountOn.text(lang).replace("{target}", &name)}</h4>
            <p class="muted" data-testid="promo-target-baseline">
                {scope}{" "}
                <span data-testid="promo-target-margin" data-value={target_margin(cx, target).to_string()}>{margin_note}</span>
                <span hidden=true data-testid="promo-target-orders" data-value={b.orders.to_string()}></span>
                <span hidden=true data-testid="promo-target-units" data-value={b.units.to_string()}></span>
                <span hidden=true data-testid="promo-target-gmv" data-value={b.gmv.to_string()}></span>
                <span hidden=true data-testid="promo-target-days" data-value={b.days.to_string()}></span>
                <span hidden=true data-testid="promo-discount-elasticity" data-value={elasticity.to_string()}></span>
            </p>
            if trusted.is_none() {
                <p class="notice warn" data-testid="promo-discount-no-lift">{Msg::DiscountNoLift.text(lang)}</p>
            }
            <div class="levers">
                {percent_input("promo-discount", Msg::DiscountRate, levers.discount, 0.95, cx, |l, v| l.discount = v)}
                {plain_input("promo-days", Msg::PromoDays, levers.days, (1.0, 366.0), cx, |l, v| l.days = v.clamp(1.0, 366.0))}
            </div>
            <dl class="stats headlines">
                <div class="stat headline" data-testid="promo-gmv" data-value={o.promoted.gmv.to_string()}>
                    <dt>{Msg::PromoGmv.text(lang)}</dt>
                    <dd>{money(o.promoted.gmv)}<br/><span class="muted small" data-testid="promo-base-gmv" data-value={o.baseline.gmv.to_string()}>{without(o.baseline.gmv)}</span></dd>
                </div>
                <div class="stat headline" data-testid="promo-gross-profit" data-value={o.promoted.gross_profit.to_string()}>
                    <dt>{Msg::PromoGrossProfit.text(lang)}</dt>
                    <dd>{money(o.promoted.gross_profit)}<br/><span class="muted small">{without(o.baseline.gross_profit)}</span></dd>
                </div>
                <div class="stat headline" data-testid="promo-breakeven-lift" data-value={o.breakeven_lift.map(|v| v.to_string()).unwrap_or_default()}>
                    <dt>{Msg::BreakevenLift.text(lang)}</dt>
                    <dd>{o.breakeven_lift.map_or_else(|| Msg::BreakevenNone.text(lang).to_owned(), i18n::format_change)}</dd>
                </div>
                <div class="stat headline" data-testid="promo-predicted-lift" data-value={trusted.and(o.predicted_lift).map(|v| v.to_string()).unwrap_or_default()}>
                    <dt>{Msg::PredictedLift.text(lang).replace("{target}", &name)}</dt>
                    <dd>{trusted.and(o.predicted_lift).map_or_else(|| Msg::PredictedLiftNone.text(lang).to_owned(), i18n::format_change)}</dd>
                </div>
            </dl>
            {outcome_table("discount", &o, true, cx)}
            {save_button("discount", save_name, &o, cx)}
        </>
    }
}

/// Several 满减 tiers on every order of the shop.
fn thresholds(cx: &PromoContext, file_stem: &str) -> Html {
    let lang = cx.lang;
    let levers = cx.levers;
    let base = &cx.model.baseline;
    let money = |v: f64| i18n::format_money(v, cx.currency);
    let tiers: Vec<Tier> = levers
        .tiers
        .clone()
        .unwrap_or_else(|| vec![pricing::default_tier(base)]);
    let o = promo::evaluate(
        base,
        levers.margin,
        &Promotion::Threshold {
            tiers: tiers.clone(),
            reach: levers.reach,
            take_up: levers.take_up,
            days: levers.days,
        },
    );
    let first = o.tiers.first();
    let share_above = first.map_or(0.0, |t| t.share_above);
    let share_reach = first.map_or(0.0, |t| t.share_within_reach);
    let thresholds: Vec<f64> = tiers.iter().map(|t| t.threshold).collect();
    let histogram = base.histogram(30, &thresholds);
    let lowest = o.tiers.first().map_or(0.0, |t| t.tier.threshold);
    let tier_rows = tiers.iter().enumerate().map(|(i, t)| {
        let edit = |saving: bool| -> Apply {
            let tiers = tiers.clone();
            Rc::new(move |l: &mut PricingLevers, v: f64| {
                let mut next = tiers.clone();
                if let Some(t) = next.get_mut(i) {
                    if saving {
                        t.saving = v
                    } else {
                        t.threshold = v
                    }
                }
                l.tiers = Some(next);
            })
        };
        // The tier's facts (the engine sorts tiers by threshold).
        let facts = o.tiers.iter().find(|f| f.tier == *t);
        let remove = {
            let (levers, set, tiers) = (levers.clone(), cx.set.clone(), tiers.clone());
            Callback::from(move |_: MouseEvent| {
                let mut next = tiers.clone();
                if next.len() > 1 && i < next.len() {
                    next.remove(i);
                }
                set.emit(PricingLevers {
                    tiers: Some(next),
                    ..levers.clone()
                });
            })
        };
        let (above, reach, cost) = facts.map_or((0.0, 0.0, 0.0), |f| {
            (f.share_above, f.share_within_reach, f.cost)
        });
        let (threshold_id, saving_id) = if i == 0 {
            ("promo-threshold".to_owned(), "promo-saving".to_owned())
        } else {
            (
                format!("promo-threshold-{}", i + 1),
                format!("promo-saving-{}", i + 1),
            )
        };
        html! {
            <tr data-testid="promo-tier">
                // A saving above its threshold would pay the buyer to order.
                <td>{lever_input(threshold_id, Msg::ThresholdSpend.text(lang).to_owned(), true, t.threshold, (t.saving, f64::INFINITY), cx, edit(false))}</td>
                <td>{lever_input(saving_id, Msg::ThresholdSave.text(lang).to_owned(), true, t.saving, (0.0, t.threshold), cx, edit(true))}</td>
                <td data-testid="promo-tier-share-above" data-value={above.to_string()}>{i18n::format_percent(above)}</td>
                <td data-testid="promo-tier-share-reach" data-value={reach.to_string()}>{i18n::format_percent(reach)}</td>
                <td data-testid="promo-tier-cost" data-value={cost.to_string()}>{money(cost)}</td>
                <td>if tiers.len() > 1 {
                    <button type="button" class="link" onclick={remove} data-testid="promo-tier-remove">{Msg::RemoveFile.text(lang)}</button>
                }</td>
            </tr>
        }
    });
    let add = {
        let (levers, set, tiers) = (levers.clone(), cx.set.clone(), tiers.clone());
        let next_tier = pricing::next_tier(&tiers, base);
        Callback::from(move |_: MouseEvent| {
            let mut next = tiers.clone();
            if next.len() < MAX_TIERS {
                next.push(next_tier);
            }
            set.emit(PricingLevers {
                tiers: Some(next),
                ..levers.clone()
            });
        })
    };
    let save_name = both(|lang| {
        let described: Vec<String> = tiers
            .iter()
            .map(|t| {
                Msg::TierShort
                    .text(lang)
                    .replace("{x}", &short_money(t.threshold, cx.currency))
                    .replace("{y}", &short_money(t.saving, cx.currency))
            })
            .collect();
        Msg::SavedThreshold.text(lang).replace(
            "{tiers}",
            &described.join(if lang == Lang::Zh { "、" } else { ", " }),
        )
    });
    html! {
        <>
            <h4>{Msg::ThresholdTitle.text(lang)}{" · "}{Msg::WholeShop.text(lang)}</h4>
            <div class="levers">
                {percent_input("promo-reach", Msg::ReachLabel, levers.reach, 1.0, cx, |l, v| l.reach = v)}
                {percent_input("promo-take-up", Msg::TakeUpLabel, levers.take_up, 1.0, cx, |l, v| l.take_up = v)}
            </div>
            <p class="muted small" data-testid="promo-threshold-assumptions">
                {Msg::ThresholdAssumptions.text(lang)
                    .replace("{reach}", &i18n::format_percent(levers.reach))
                    .replace("{take}", &i18n::format_percent(levers.take_up))
                    .replace("{default}", default_mark(levers.reach == promo::DEFAULT_REACH && levers.take_up == promo::DEFAULT_TAKE_UP, Msg::DefaultsMark, lang))}
            </p>
            <div class="table-wrap">
            <table class="data-table" data-testid="promo-tiers">
                <thead><tr>
                    <th scope="col">{Msg::ThresholdSpend.text(lang)}</th>
                    <th scope="col">{Msg::ThresholdSave.text(lang)}</th>
                    <th scope="col">{Msg::ShareAbove.text(lang)}</th>
                    <th scope="col">{Msg::ShareWithinReach.text(lang)}</th>
                    <th scope="col">{Msg::PromoCost.text(lang)}</th>
                    <th scope="col"></th>
                </tr></thead>
                <tbody>{for tier_rows}</tbody>
            </table>
            </div>
            if tiers.len() < MAX_TIERS {
                <p class="no-print"><button type="button" class="button" onclick={add} data-testid="promo-tier-add">{Msg::TierAdd.text(lang)}</button></p>
            }
            <dl class="stats headlines">
                <div class="stat headline" data-testid="promo-share-above-threshold" data-value={share_above.to_string()} data-threshold={lowest.to_string()}>
                    <dt>{Msg::ShareAboveLowest.text(lang)}</dt><dd>{i18n::format_percent(share_above)}</dd>
                </div>
                <div class="stat headline" data-testid="promo-share-within-reach" data-value={share_reach.to_string()}>
                    <dt>{Msg::ShareWithinReach.text(lang)}</dt><dd>{i18n::format_percent(share_reach)}</dd>
                </div>
                <div class="stat headline" data-testid="promo-aov-lift" data-value={o.aov_lift.to_string()}>
                    <dt>{Msg::AovChange.text(lang)}</dt><dd>{money(o.aov_lift)}</dd>
                </div>
            </dl>
            {outcome_table("threshold", &o, true, cx)}
            {save_button("threshold", save_name, &o, cx)}
            <Figure testid="promo-baskets" title={Msg::ChartBaskets.text(lang).to_owned()}
                alt={Msg::ChartBasketsAlt.text(lang).to_owned()}
                drawing={draw::baskets(&histogram, &thresholds, cx.currency, lang)} version={cx.version}
                table={Rc::new(draw::baskets_table(&histogram, cx.currency, lang))} file_stem={file_stem.to_owned()} lang={lang} />
        </>
    }
}

/// A coupon on every order of the shop.
fn coupon(cx: &PromoContext) -> Html {
    let lang = cx.lang;
    let levers = cx.levers;
    let tier = pricing::default_tier(&cx.model.baseline);
    let face = levers.coupon_face.unwrap_or(tier.saving);
    let min_spend = levers.coupon_min.unwrap_or(tier.threshold);
    let o = promo::evaluate(
        &cx.model.baseline,
        levers.margin,
        &Promotion::Coupon {
            face,
            min_spend,
            redemption: levers.redemption,
            reach: levers.reach,
            take_up: levers.take_up,
            days: levers.days,
        },
    );
    let save_name = both(|lang| {
        Msg::SavedCoupon
            .text(lang)
            .replace("{f}", &short_money(face, cx.currency))
            .replace("{m}", &short_money(min_spend, cx.currency))
    });
    html! {
        <>
            <h4>{Msg::CouponTitle.text(lang)}{" · "}{Msg::WholeShop.text(lang)}</h4>
            <div class="levers">
                // A coupon worth more than its minimum spend would pay the buyer to order.
                {plain_input("promo-coupon-face", Msg::CouponFace, face, (0.0, if min_spend > 0.0 { min_spend } else { f64::INFINITY }), cx, |l, v| l.coupon_face = Some(v))}
                {plain_input("promo-coupon-min", Msg::CouponMin, min_spend, (if min_spend > 0.0 { face } else { 0.0 }, f64::INFINITY), cx, |l, v| l.coupon_min = Some(v))}
                {percent_input("promo-coupon-redemption", Msg::CouponRedemption, levers.redemption, 1.0, cx, |l, v| l.redemption = v)}
            </div>
            <p class="muted small">{Msg::CouponAssumptions.text(lang)
                .replace("{r}", &i18n::format_percent(levers.redemption))
                .replace("{default}", default_mark(levers.redemption == promo::DEFAULT_REDEMPTION, Msg::DefaultMark, lang))}</p>
            {outcome_table("coupon", &o, true, cx)}
            {save_button("coupon", save_name, &o, cx)}
        </>
    }
}

/// Buy X get Y free on the chosen target, judged on its own orders.
fn buy_get(cx: &PromoContext, target: &TargetBaseline) -> Html {
    let lang = cx.lang;
    let levers = cx.levers;
    let name = target_name(cx);
    let unit_cost = levers.unit_cost.or(cx.product.and_then(|p| p.unit_cost));
    let promotion = pricing::buy_get(
        target,
        levers.buy,
        levers.get,
        unit_cost,
        target_margin(cx, target),
        levers.buy_take_up,
        levers.days,
    );
    let already = target.share_with_at_least(levers.buy);
    let body = match &promotion {
        None => html! { <p class="notice warn">{Msg::BuyGetNoSales.text(lang)}</p> },
        Some(p) => {
            let o = promo::evaluate(&target.baseline, target_margin(cx, target), p);
            let save_name = both(|lang| {
                Msg::SavedBuyGet
                    .text(lang)
                    .replace("{x}", &i18n::format_number(levers.buy, 0))
                    .replace("{y}", &i18n::format_number(levers.get, 0))
                    .replace("{target}", &target_name_in(cx, lang))
            });
            html! {
                <>
                    <p class="muted small" data-testid="promo-buyget-already" data-value={already.to_string()}>
                        {Msg::BuyGetAlready.text(lang)
                            .replace("{s}", &i18n::format_percent(already))
                            .replace("{x}", &i18n::format_number(levers.buy, 0))}
                    </p>
                    {outcome_table("buyget", &o, true, cx)}
                    {save_button("buyget", save_name, &o, cx)}
                </>
            }
        }
    };
    html! {
        <>
            <h4>{Msg::BuyGetTitle.text(lang)}{" · "}{Msg::DiscountOn.text(lang).replace("{target}", &name)}</h4>
            <div class="levers">
                {plain_input("promo-buy", Msg::BuyLabel, levers.buy, (1.0, f64::INFINITY), cx, |l, v| l.buy = v.round().max(1.0))}
                {plain_input("promo-get", Msg::GetLabel, levers.get, (0.0, f64::INFINITY), cx, |l, v| l.get = v.round())}
                {percent_input("promo-buyget-take-up", Msg::BuyGetTakeUp, levers.buy_take_up, 1.0, cx, |l, v| l.buy_take_up = v)}
            </div>
            <p class="muted small">{Msg::BuyGetAssumptions.text(lang)
                .replace("{t}", &i18n::format_percent(levers.buy_take_up))
                .replace("{default}", default_mark(levers.buy_take_up == promo::DEFAULT_BUY_GET_TAKE_UP, Msg::DefaultMark, lang))}</p>
            {body}
        </>
    }
}

/// A member price for an RFM segment (the report's segments over the same period).
fn member(cx: &PromoContext) -> Html {
    let lang = cx.lang;
    let levers = cx.levers;
    let segments: &[SegmentRow] = &cx.model.segments;
    // A segment without buyers has nothing to price: it is not offered, and the one chosen
    // (the first, by default) falls to the first segment with buyers.
    let chosen = segments
        .get(levers.segment)
        .filter(|s| s.buyers > 0)
        .or_else(|| segments.iter().find(|s| s.buyers > 0));
    let picker = {
        let (levers, set) = (levers.clone(), cx.set.clone());
        let onchange = Callback::from(move |e: Event| {
            let picked = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| s.value().parse::<usize>().ok());
            if let Some(i) = picked {
                set.emit(PricingLevers {
                    segment: i,
                    ..levers.clone()
                });
            }
        });
        html! {
            <label>{Msg::MemberSegment.text(lang)}{" "}
                <select data-testid="promo-member-segment" {onchange}>
                    {for segments.iter().enumerate().filter(|(_, s)| s.buyers > 0).map(|(i, s)| html! {
                        <option value={i.to_string()} selected={Some(s) == chosen}>
                            {format!("{} · {}", segment_name(s.segment, lang),
                                Msg::MemberBuyers.text(lang).replace("{n}", &i18n::format_number(s.buyers as f64, 0)))}
                        </option>
                    })}
                </select>
            </label>
        }
    };
    let body = match chosen {
        None => html! { <p class="notice warn">{Msg::MemberNoSegments.text(lang)}</p> },
        Some(segment) => {
            let promotion = pricing::member_price(
                segment,
                cx.model.baseline.days,
                levers.days,
                levers.member_rate,
                levers.member_uptake,
                -levers.member_elasticity,
            );
            let o = promo::evaluate(&cx.model.baseline, levers.margin, &promotion);
            let save_name = both(|lang| {
                Msg::SavedMember
                    .text(lang)
                    .replace("{d}", &i18n::format_percent(levers.member_rate))
                    .replace("{s}", segment_name(segment.segment, lang))
            });
            html! {
                <>
                    {outcome_table("member", &o, false, cx)}
                    {save_button("member", save_name, &o, cx)}
                </>
            }
        }
    };
    html! {
        <>
            <h4>{Msg::MemberTitle.text(lang)}</h4>
            <div class="levers">
                {picker}
                {percent_input("promo-member-rate", Msg::MemberRate, levers.member_rate, 0.95, cx, |l, v| l.member_rate = v)}
                {percent_input("promo-member-uptake", Msg::MemberUptake, levers.member_uptake, 1.0, cx, |l, v| l.member_uptake = v)}
                {plain_input("promo-member-elasticity", Msg::MemberElasticity, levers.member_elasticity, (0.0, f64::INFINITY), cx, |l, v| l.member_elasticity = v)}
            </div>
            <p class="muted small">{Msg::MemberAssumptions.text(lang)
                .replace("{u}", &i18n::format_percent(levers.member_uptake))
                .replace("{default}", default_mark(levers.member_uptake == promo::DEFAULT_MEMBER_UPTAKE, Msg::DefaultMark, lang))}</p>
            {body}
        </>
    }
}

/// The saved promotions side by side: one table and one bar chart.
fn comparison(cx: &PromoContext, file_stem: &str) -> Html {
    let lang = cx.lang;
    let saved = &cx.state.saved;
    let money = |v: f64| i18n::format_money(v, cx.currency);
    let remove = |i: usize| {
        let (state, on_change) = (cx.state.clone(), cx.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = state.clone();
            if i < next.saved.len() {
                next.saved.remove(i);
            }
            on_change.emit(next);
        })
    };
    let row = |label: Msg, key: &str, get: fn(&Outcome) -> f64, fmt: &dyn Fn(f64) -> String| {
        html! {
            <tr data-testid={format!("promo-compare-{key}")}>
                <th scope="row">{label.text(lang)}</th>
                {for saved.iter().map(|s| {
                    let v = get(&s.outcome);
                    // A promotion that does not count units (member prices) has none before
                    // or after: "–", as on its own card, not 0.
                    let uncounted = key == "units"
                        && s.outcome.baseline.units == 0.0
                        && s.outcome.promoted.units == 0.0;
                    if uncounted {
                        html! { <td data-value="">{"–"}</td> }
                    } else {
                        html! { <td data-value={v.to_string()}>{fmt(v)}</td> }
                    }
                })}
            </tr>
        }
    };
    let count = |v: f64| i18n::format_number(v, 1);
    let percent = |v: f64| i18n::format_percent(v);
    let mut key = cx.version;
    for s in saved {
        key = key
            .wrapping_mul(31)
            .wrapping_add(s.outcome.promoted.gmv.to_bits());
    }
    html! {
        <section aria-labelledby="promo-compare-title">
            <h3 id="promo-compare-title">{Msg::PromoCompareTitle.text(lang)}</h3>
            <p class="muted small">{Msg::PromoCompareLead.text(lang).replace("{n}", &MAX_SAVED.to_string())}</p>
            if saved.is_empty() {
                <p class="muted" data-testid="promo-compare-empty">{Msg::PromoCompareEmpty.text(lang)}</p>
            } else {
                <div class="table-wrap">
                <table class="data-table" data-testid="promo-compare" data-value={saved.len().to_string()}>
                    <thead><tr>
                        <th scope="col"></th>
                        {for saved.iter().enumerate().map(|(i, s)| html! {
                            <th scope="col" data-testid="promo-compare-name">{s.name_in(lang)}<br/>
                                if let Some(d) = s.dataset.as_ref().filter(|d| *d != cx.dataset) {
                                    <span class="other-data small" data-testid="promo-compare-other-data">
                                        {Msg::SavedOnOtherData.text(lang).replace("{d}", if lang == Lang::Zh { &d.zh } else { &d.en })}
                                    </span><br/>
                                }
                                <button type="button" class="link no-print" onclick={remove(i)}>{Msg::RemoveFile.text(lang)}</button>
                            </th>
                        })}
                    </tr></thead>
                    <tbody>
                        {row(Msg::RowOrders, "orders", |o| o.promoted.orders, &count)}
                        {row(Msg::RowUnits, "units", |o| o.promoted.units, &count)}
                        {row(Msg::RowGmv, "gmv", |o| o.promoted.gmv, &money)}
                        {row(Msg::RowGrossProfit, "gross-profit", |o| o.promoted.gross_profit, &money)}
                        {row(Msg::RowMargin, "margin", |o| o.promoted.margin, &percent)}
                        {row(Msg::RowPromoCost, "cost", |o| o.cost, &money)}
                        {row(Msg::RowGmvChange, "gmv-change", |o| o.promoted.gmv - o.baseline.gmv, &money)}
                        {row(Msg::RowProfitChange, "gross-profit-change", |o| o.promoted.gross_profit - o.baseline.gross_profit, &money)}
                    </tbody>
                </table>
                </div>
                <Figure testid="promo-compare-chart-card" title={Msg::ChartCompare.text(lang).to_owned()}
                    alt={Msg::ChartCompareAlt.text(lang).to_owned()}
                    drawing={draw::compare(saved, cx.currency, lang)} version={key}
                    table={Rc::new(draw::compare_table(saved, cx.currency, lang))} file_stem={file_stem.to_owned()} lang={lang} />
            }
        </section>
    }
}

/// The promotions section of the page.
pub fn promotions(cx: &PromoContext, file_stem: &str) -> Html {
    let lang = cx.lang;
    let model = cx.model;
    let money = |v: f64| i18n::format_money(v, cx.currency);
    let baseline_text = Msg::PromoBaseline
        .text(lang)
        .replace(
            "{from}",
            &i18n::format_date(model.baseline_period.from, lang),
        )
        .replace("{to}", &i18n::format_date(model.baseline_period.to, lang))
        .replace("{n}", &i18n::format_number(model.baseline.orders, 0))
        .replace("{aov}", &model.baseline_aov().map_or("–".into(), money));
    let (discount_html, buy_get_html) = match &cx.target_baseline {
        None => (
            html! { <p class="loading">{Msg::Loading.text(lang)}</p> },
            Html::default(),
        ),
        Some(None) => (
            html! { <p class="notice warn">{Msg::TargetNoBaseline.text(lang)}</p> },
            Html::default(),
        ),
        Some(Some(t)) => (discount(cx, t), buy_get(cx, t)),
    };
    html! {
        <>
            <section aria-labelledby="promo-title">
                <h3 id="promo-title">{Msg::PromoTitle.text(lang)}</h3>
                <p class="muted">{baseline_text}</p>
                {discount_html}
                {thresholds(cx, file_stem)}
                {coupon(cx)}
                {buy_get_html}
                {member(cx)}
            </section>
            {comparison(cx, file_stem)}
        </>
    }
}
