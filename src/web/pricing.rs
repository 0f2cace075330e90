//! `#/pricing`: the pricing and promotion simulator (定价与促销). The worker estimates the
//! elasticities once per dataset and gathers the promotions' baseline ([`PricingModel`]), and
//! draws up the scatter of the chosen product on request; the page holds the user's levers and
//! asks the engine for the price what-if ([`whatif::what_if`]) and the promotions
//! ([`promo::evaluate`]) at every change — closed forms, fast enough for every keystroke.
//!
//! Figures carry `data-testid` and `data-value`: `pricing-elasticity`,
//! `pricing-elasticity-low`, `pricing-elasticity-high`, `pricing-optimal-price`, `promo-gmv`,
//! `promo-gross-profit`, `promo-breakeven-lift`, `promo-share-above-threshold`.

use serde::{Deserialize, Serialize};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::kpi_card::stat;

use super::form::{number, value_of};

use super::figure::Figure;
use super::pricing_charts as draw;
use super::pricing_promos::{self, PromoContext};
use crate::engine::sim::pricing::elasticity::{Estimate, Options, Scatter, Target, Verdict};
use crate::engine::sim::pricing::promo::{self, Outcome, TargetBaseline, Tier};
use crate::engine::sim::pricing::whatif::{self, Cost, Demand, Optimum};
use crate::engine::sim::pricing::PricingModel;
use crate::engine::tables::LocalText;
use crate::engine::DatasetView;
use crate::i18n::{self, Lang, Msg};

/// The user's levers on the pricing page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PricingLevers {
    /// The chosen SKU or category; `None` for the default (the first trustworthy SKU).
    pub target: Option<Target>,
    /// A unit cost typed by the user (else the inventory's, else from `margin`).
    pub unit_cost: Option<f64>,
    /// Gross margin at today's price, 0–1 (the what-if without a unit cost, and promotions).
    pub margin: f64,
    /// The price to try; `None` for today's.
    pub price: Option<f64>,
    /// The discount, 0–0.95.
    pub discount: f64,
    /// The promotions' days.
    pub days: f64,
    /// The 满减 tiers; `None` for one, [`pricing::default_tier`].
    pub tiers: Option<Vec<Tier>>,
    /// The band below a threshold counted as within reach (满减 and coupon), 0–1.
    pub reach: f64,
    /// The share of orders within reach that top up (满减 and coupon), 0–1.
    pub take_up: f64,
    /// The coupon's face value; `None` for the default tier's saving.
    pub coupon_face: Option<f64>,
    /// The coupon's minimum spend; `None` for the default tier's threshold.
    pub coupon_min: Option<f64>,
    /// The coupon's redemption rate, 0–1.
    pub redemption: f64,
    /// Buy X …
    pub buy: f64,
    /// … get Y free.
    pub get: f64,
    /// Share of the target's orders below X that top up to X, 0–1.
    pub buy_take_up: f64,
    /// The member price's segment (index into the model's segments).
    pub segment: usize,
    /// The member price's discount, 0–0.95.
    pub member_rate: f64,
    /// Share of the segment taking the member price up, 0–1.
    pub member_uptake: f64,
    /// The members' price sensitivity |ε| (0: they buy no more at the lower price).
    pub member_elasticity: f64,
}

impl Default for PricingLevers {
    fn default() -> Self {
        Self {
            target: None,
            unit_cost: None,
            margin: 0.4,
            price: None,
            discount: 0.2,
            days: 7.0,
            tiers: None,
            reach: promo::DEFAULT_REACH,
            take_up: promo::DEFAULT_TAKE_UP,
            coupon_face: None,
            coupon_min: None,
            redemption: promo::DEFAULT_REDEMPTION,
            buy: 2.0,
            get: 1.0,
            buy_take_up: promo::DEFAULT_BUY_GET_TAKE_UP,
            segment: 0,
            member_rate: 0.1,
            member_uptake: promo::DEFAULT_MEMBER_UPTAKE,
            member_elasticity: 0.0,
        }
    }
}

/// A promotion saved for comparing side by side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedPromotion {
    /// Its name (what it is and on what), as typed or as generated in the language of the day.
    pub name: String,
    /// The generated name in both languages, when the user typed none (`None` for a typed
    /// name, and in settings saved before it was recorded).
    #[serde(default)]
    pub names: Option<LocalText>,
    /// The dataset it was evaluated on, so that a promotion kept across a change of data
    /// says it was judged on other orders (`None` in settings saved before it was recorded).
    #[serde(default)]
    pub dataset: Option<LocalText>,
    /// Its outcome as evaluated when saved.
    pub outcome: Rc<Outcome>,
}

impl SavedPromotion {
    /// Its name in `lang`: the generated one follows the language, a typed one stays.
    pub fn name_in(&self, lang: Lang) -> &str {
        match (&self.names, lang) {
            (Some(n), Lang::En) => &n.en,
            (Some(n), Lang::Zh) => &n.zh,
            (None, _) => &self.name,
        }
    }
}

/// At most this many saved promotions.
pub const MAX_SAVED: usize = 4;

/// The page's state, kept by the app across pages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PricingState {
    /// The levers, and the dataset version they were set for.
    pub levers: Option<(u64, PricingLevers)>,
    /// Saved promotions (up to [`MAX_SAVED`]).
    pub saved: Vec<SavedPromotion>,
}

impl PricingState {
    /// The levers for dataset `version`: the user's, or the defaults for a new dataset.
    pub fn levers(&self, version: u64) -> PricingLevers {
        self.levers
            .as_ref()
            .filter(|(v, _)| *v == version)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    }
}

/// The target shown: the chosen one if the model has it, else the first SKU whose estimate is
/// trustworthy (SKUs come largest revenue first), else the first SKU or category.
pub fn chosen_target(model: &PricingModel, levers: &PricingLevers) -> Option<Target> {
    let e = &model.elasticity;
    levers
        .target
        .clone()
        .filter(|t| e.get(t).is_some())
        .or_else(|| {
            e.skus
                .iter()
                .find(|s| s.verdict == Verdict::Ok)
                .or(e.skus.first())
                .or(e.categories.first())
                .map(|s| s.target.clone())
        })
}

/// Properties of [`PricingPage`].
#[derive(Properties, PartialEq)]
pub struct PricingProps {
    /// The loaded dataset's view.
    pub view: Rc<DatasetView>,
    /// Interface language.
    pub lang: Lang,
    /// The model: `None` while it is estimated, `Some(None)` without order lines.
    pub model: Option<Option<Rc<PricingModel>>>,
    /// The scatter of the chosen target, once the worker has drawn it up (`Some(None)`: none).
    pub scatter: Option<Option<Rc<Scatter>>>,
    /// The chosen target's own baseline, once the worker has drawn it up (`Some(None)`: none).
    pub target_baseline: Option<Option<Rc<TargetBaseline>>>,
    /// The page's state.
    pub state: PricingState,
    /// The page changed its state.
    pub on_change: Callback<PricingState>,
    /// The dataset version (levers are reset for a new dataset).
    pub version: u64,
}

/// The value of a target in the picker.
fn target_key(target: &Target) -> String {
    match target {
        Target::Sku(s) => format!("sku:{s}"),
        Target::Category(c) => format!("cat:{c}"),
    }
}

fn target_of_key(key: &str) -> Option<Target> {
    if let Some(s) = key.strip_prefix("sku:") {
        Some(Target::Sku(s.to_owned()))
    } else {
        key.strip_prefix("cat:")
            .map(|c| Target::Category(c.to_owned()))
    }
}

/// The verdict as a sentence.
pub fn verdict_sentence(verdict: Verdict, lang: Lang) -> &'static str {
    match verdict {
        Verdict::Ok => Msg::VerdictOk.text(lang),
        Verdict::NoSales => Msg::VerdictNoSales.text(lang),
        Verdict::TooFewWeeks => Msg::VerdictTooFewWeeks.text(lang),
        Verdict::PricesBarelyVaried => Msg::VerdictBarelyVaried.text(lang),
        Verdict::ImplausibleSign => Msg::VerdictImplausible.text(lang),
        Verdict::Uncertain => Msg::VerdictUncertain.text(lang),
        Verdict::VolumePricing => Msg::VerdictVolumePricing.text(lang),
    }
}

/// The verdict in a word or two, for the picker.
fn verdict_short(verdict: Verdict, lang: Lang) -> &'static str {
    match verdict {
        Verdict::Ok => Msg::VerdictOkShort.text(lang),
        Verdict::NoSales => Msg::VerdictNoSalesShort.text(lang),
        Verdict::TooFewWeeks => Msg::VerdictTooFewWeeksShort.text(lang),
        Verdict::PricesBarelyVaried => Msg::VerdictBarelyVariedShort.text(lang),
        Verdict::ImplausibleSign => Msg::VerdictImplausibleShort.text(lang),
        Verdict::Uncertain => Msg::VerdictUncertainShort.text(lang),
        Verdict::VolumePricing => Msg::VerdictVolumePricingShort.text(lang),
    }
}

/// A number with two decimals, "–" when not finite.
fn num2(v: f64) -> String {
    if v.is_finite() {
        i18n::format_number(v, 2)
    } else {
        "–".into()
    }
}

/// The most products the picker lists at once: a long drop-down is unusable and costs a
/// quarter of a second to build for the 3,922 StockCodes of Online Retail; the search narrows it.
pub const PICKER_ROWS: usize = 200;

/// The product picker's options (built once per dataset, language, choice and search): the
/// products whose SKU or name contains `search` (any case), largest revenue first, at most
/// [`PICKER_ROWS`], plus the chosen one; then the categories. Also returns how many matched.
fn picker_options(
    model: &PricingModel,
    chosen: &Option<Target>,
    search: &str,
    lang: Lang,
) -> (Html, usize) {
    let needle = search.trim().to_lowercase();
    let matching: Vec<usize> = model
        .elasticity
        .skus
        .iter()
        .zip(&model.products)
        .enumerate()
        .filter(|(_, (_, p))| {
            needle.is_empty()
                || p.sku.to_lowercase().contains(&needle)
                || p.name.en.to_lowercase().contains(&needle)
                || p.name.zh.to_lowercase().contains(&needle)
        })
        .map(|(i, _)| i)
        .collect();
    let matched = matching.len();
    let chosen_row = model
        .elasticity
        .skus
        .iter()
        .position(|e| chosen.as_ref() == Some(&e.target));
    let mut rows: Vec<usize> = matching.into_iter().take(PICKER_ROWS).collect();
    if let Some(c) = chosen_row.filter(|c| !rows.contains(c)) {
        rows.insert(0, c);
    }
    let skus = rows
        .into_iter()
        .filter_map(|i| Some((model.elasticity.skus.get(i)?, model.products.get(i)?)))
        .map(|(e, p)| {
            let name = match lang {
                Lang::En => &p.name.en,
                Lang::Zh => &p.name.zh,
            };
            let text = if name == &p.sku || name.trim().is_empty() {
                format!("{} · {}", p.sku, verdict_short(e.verdict, lang))
            } else {
                format!("{} · {} · {}", p.sku, name, verdict_short(e.verdict, lang))
            };
            html! {
                <option value={target_key(&e.target)} selected={chosen.as_ref() == Some(&e.target)}
                    data-verdict={format!("{:?}", e.verdict)}>{text}</option>
            }
        });
    let categories = model
        .elasticity
        .categories
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let name = model.category_names.get(i).map_or_else(
                || e.target.key().to_owned(),
                |names| i18n::local(names, lang).to_owned(),
            );
            html! {
                <option value={target_key(&e.target)} selected={chosen.as_ref() == Some(&e.target)}
                    data-verdict={format!("{:?}", e.verdict)}>
                    {format!("{name} · {}", verdict_short(e.verdict, lang))}
                </option>
            }
        });
    let html = html! {
        <>
            <optgroup label={Msg::PricingProducts.text(lang)}>{for skus}</optgroup>
            if !model.elasticity.categories.is_empty() {
                <optgroup label={Msg::PricingCategories.text(lang)}>{for categories}</optgroup>
            }
        </>
    };
    (html, matched)
}

/// The pricing page.
#[function_component(PricingPage)]
pub fn pricing_page(props: &PricingProps) -> Html {
    let lang = props.lang;
    let currency = props.view.currency.clone();
    let levers = props.state.levers(props.version);
    let chosen = match &props.model {
        Some(Some(m)) => chosen_target(m, &levers),
        _ => None,
    };
    let search = use_state(String::new);
    let options = {
        let model = props.model.clone();
        use_memo(
            (
                props.version,
                lang,
                chosen.clone(),
                model.is_some(),
                (*search).clone(),
            ),
            move |(_, lang, chosen, _, search)| match &model {
                Some(Some(m)) => picker_options(m, chosen, search, *lang),
                _ => (Html::default(), 0),
            },
        )
    };
    let model = match &props.model {
        None => {
            return html! {
                <section class="page" aria-busy="true">
                    <h2>{Msg::PricingTitle.text(lang)}</h2>
                    <p class="loading" data-testid="pricing-loading">{Msg::PricingEstimating.text(lang)}</p>
                </section>
            }
        }
        Some(None) => {
            return html! {
                <section class="page pricing" aria-labelledby="pricing-title">
                    <h2 id="pricing-title">{Msg::PricingTitle.text(lang)}</h2>
                    <p class="lead">{Msg::PricingLead.text(lang)}</p>
                    <p class="notice warn" data-testid="pricing-no-data">{Msg::PricingNoData.text(lang)}</p>
                </section>
            }
        }
        Some(Some(m)) => m.clone(),
    };
    let money = {
        let currency = currency.clone();
        move |v: f64| {
            if v.is_finite() {
                i18n::format_money(v, &currency)
            } else {
                "–".into()
            }
        }
    };
    let set = {
        let (on_change, version, saved) = (
            props.on_change.clone(),
            props.version,
            props.state.saved.clone(),
        );
        Callback::from(move |levers: PricingLevers| {
            on_change.emit(PricingState {
                levers: Some((version, levers)),
                saved: saved.clone(),
            })
        })
    };
    let estimate: Option<&Estimate> = chosen.as_ref().and_then(|t| model.elasticity.get(t));
    let product = chosen.as_ref().and_then(|t| {
        model
            .elasticity
            .skus
            .iter()
            .position(|e| &e.target == t)
            .and_then(|i| model.products.get(i))
    });
    let file_stem = "pricing".to_owned();
    let version = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (props.version, lang, &chosen).hash(&mut h);
        // Every lever (f64 has no Hash; its printed form changes with it).
        format!("{levers:?}").hash(&mut h);
        props.scatter.is_some().hash(&mut h);
        h.finish()
    };

    // The picker.
    let picker = {
        let (levers, set) = (levers.clone(), set.clone());
        let onchange = Callback::from(move |e: Event| {
            if let Some(target) = value_of(&e).as_deref().and_then(target_of_key) {
                set.emit(PricingLevers {
                    target: Some(target),
                    unit_cost: None,
                    price: None,
                    ..levers.clone()
                });
            }
        });
        let oninput = {
            let search = search.clone();
            Callback::from(move |e: InputEvent| {
                if let Some(input) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                {
                    search.set(input.value());
                }
            })
        };
        let (list, matched) = (&options.0, options.1);
        let total = model.elasticity.skus.len();
        let charges = model.elasticity.excluded.charges;
        html! {
            <div class="pricing-picker">
                <label>{Msg::PricingSearch.text(lang)}{" "}
                    <input type="search" data-testid="pricing-search" value={(*search).clone()} {oninput}
                        placeholder={Msg::PricingSearchHint.text(lang)} />
                </label>{" "}
                <label>{Msg::PricingPick.text(lang)}{" "}
                    <select data-testid="pricing-product" {onchange}>{list.clone()}</select>
                </label>
                <p class="muted small" data-testid="pricing-matched" data-value={matched.to_string()}>
                    {if matched <= PICKER_ROWS && matched == total {
                        Msg::PricingShowingAll
                    } else if matched <= PICKER_ROWS {
                        Msg::PricingShowingMatched
                    } else {
                        Msg::PricingShowing
                    }.text(lang)
                        .replace("{shown}", &i18n::format_number(matched.min(PICKER_ROWS) as f64, 0))
                        .replace("{matched}", &i18n::format_number(matched as f64, 0))
                        .replace("{total}", &i18n::format_number(total as f64, 0))}
                </p>
                if charges > 0 {
                    <p class="muted small" data-testid="pricing-charges" data-value={charges.to_string()}>
                        {Msg::PricingChargesLeftOut.text(lang)
                            .replace("{n}", &i18n::format_number(charges as f64, 0))}
                    </p>
                }
            </div>
        }
    };

    // The estimate.
    let facts = estimate.map(|e| {
        let (lo, hi) = e.interval;
        // Under volume pricing the slope is not a demand response: no sentence reads it as one.
        let meaning = (e.elasticity.is_finite() && e.verdict != Verdict::VolumePricing).then(|| {
            Msg::PricingMeaning
                .text(lang)
                .replace("{e}", &i18n::format_number(e.elasticity, 2))
        });
        let warn = if e.verdict == Verdict::Ok { "notice" } else { "notice warn" };
        html! {
            <>
                <dl class="stats headlines">
                    {stat("pricing-elasticity", Msg::PricingElasticity.text(lang), e.elasticity, num2(e.elasticity))}
                    {stat("pricing-elasticity-low", Msg::PricingIntervalLow.text(lang), lo, num2(lo))}
                    {stat("pricing-elasticity-high", Msg::PricingIntervalHigh.text(lang), hi, num2(hi))}
                    {stat("pricing-distinct-prices", Msg::PricingDistinctPrices.text(lang), e.distinct_prices as f64, e.distinct_prices.to_string())}
                    <div class="stat headline" data-testid="pricing-price-range" data-value={format!("{},{}", e.price_range.0, e.price_range.1)}>
                        <dt>{Msg::PricingPriceRange.text(lang)}</dt>
                        <dd>{format!("{} – {}", money(e.price_range.0), money(e.price_range.1))}</dd>
                    </div>
                    {stat("pricing-weeks", match e.target {
                        Target::Sku(_) => Msg::PricingWeeks.text(lang),
                        Target::Category(_) => Msg::PricingProductWeeks.text(lang),
                    }, e.weeks_with_sales as f64, e.weeks_with_sales.to_string())}
                </dl>
                <p class={warn} data-testid="pricing-verdict" data-value={format!("{:?}", e.verdict)}>
                    {verdict_sentence(e.verdict, lang)}
                    if let Some(m) = meaning { {if lang == Lang::En { " " } else { "" }}{m} }
                </p>
                if e.verdict == Verdict::VolumePricing {
                    <p class="muted small" data-testid="pricing-within-week"
                        data-share={e.within_week_price_share.to_string()}
                        data-value={e.within_week_correlation.to_string()}>
                        {Msg::PricingWithinWeek.text(lang)
                            .replace("{share}", &i18n::format_percent(e.within_week_price_share))
                            .replace("{r}", &i18n::format_number(e.within_week_correlation, 2))}
                    </p>
                }
            </>
        }
    });

    // The scatter.
    let scatter = match &props.scatter {
        Some(Some(s)) => html! {
            <Figure testid="pricing-scatter" title={Msg::ChartPriceScatter.text(lang).to_owned()}
                alt={Msg::ChartPriceScatterAlt.text(lang).to_owned()}
                drawing={draw::scatter(s, lang)} version={version}
                table={Rc::new(draw::scatter_table(s, lang))} file_stem={file_stem.clone()} {lang} />
        },
        Some(None) => Html::default(),
        None => html! { <p class="loading">{Msg::Loading.text(lang)}</p> },
    };

    // The price what-if.
    let what_if = estimate.filter(|e| e.elasticity.is_finite()).map(|e| {
        let demand = Demand::of(e);
        let cost = levers
            .unit_cost
            .or(product.and_then(|p| p.unit_cost))
            .map(Cost::Unit)
            .unwrap_or(Cost::Margin(levers.margin));
        let change = levers.price.map_or(0.0, |p| demand.change_to(p));
        let w = whatif::what_if(
            &demand,
            &whatif::Levers {
                cost,
                change,
                ..whatif::Levers::default()
            },
        );
        (e.verdict, w, cost)
    });
    let number_input = |testid: &'static str,
                        label: &'static str,
                        shown: String,
                        placeholder: String,
                        apply: fn(&mut PricingLevers, Option<f64>)| {
        let (levers, set) = (levers.clone(), set.clone());
        html! {
            <label>{label}{" "}
                <input type="number" data-testid={testid} value={shown} {placeholder} step="any" min="0" class="narrow"
                    onchange={move |e: Event| {
                        let typed = value_of(&e).as_deref().and_then(number).map(|v| v.max(0.0));
                        let mut next = levers.clone();
                        apply(&mut next, typed);
                        set.emit(next);
                    }} />
            </label>
        }
    };
    let round2 = |v: f64| format!("{}", (v * 100.0).round() / 100.0);
    // The tried price, dragged over the curves' range (the prices seen, widened a quarter each
    // way): the table, the headline and the chart's "price tried" marker follow as it moves.
    let price_slider = |w: &whatif::WhatIf| {
        let (Some(lo), Some(hi)) = (w.curve.first(), w.curve.last()) else {
            return Html::default();
        };
        let (lo, hi) = (lo.price, hi.price);
        if !(hi > lo && lo > 0.0) {
            return Html::default();
        }
        let (levers, set) = (levers.clone(), set.clone());
        let step = (hi - lo) / 200.0;
        html! {
            <label class="slider">{Msg::PriceSlider.text(lang)}{" "}
                <input type="range" data-testid="pricing-price-slider" min={lo.to_string()}
                    max={hi.to_string()} step={step.to_string()}
                    value={w.changed.price.clamp(lo, hi).to_string()}
                    aria-valuetext={money(w.changed.price)}
                    oninput={move |e: InputEvent| {
                        let v = e.target()
                            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
                            .and_then(|i| number(&i.value()));
                        if let Some(v) = v.filter(|v| *v > 0.0) {
                            let mut next = levers.clone();
                            next.price = Some(v);
                            set.emit(next);
                        }
                    }} />
                {" "}<output>{money(w.changed.price)}</output>
            </label>
        }
    };
    let what_if_html = match &what_if {
        None => html! { <p class="notice warn">{Msg::WhatIfNoEstimate.text(lang)}</p> },
        Some((verdict, w, cost)) => {
            let inventory_cost =
                levers.unit_cost.is_none() && product.and_then(|p| p.unit_cost).is_some();
            let inputs = html! {
                <div class="levers">
                    // Left empty, the unit cost box shows the inventory table's, which applies.
                    {number_input("pricing-unit-cost", Msg::UnitCostLabel.text(lang),
                        levers.unit_cost.map(round2).unwrap_or_default(),
                        product.and_then(|p| p.unit_cost).map(round2).unwrap_or_default(),
                        |l, v| l.unit_cost = v.filter(|c| *c > 0.0))}
                    {number_input("pricing-margin", Msg::MarginLabel.text(lang),
                        round2(levers.margin * 100.0),
                        String::new(),
                        |l, v| if let Some(v) = v { l.margin = (v / 100.0).min(0.99) })}
                    {number_input("pricing-price", Msg::PriceToTry.text(lang),
                        round2(w.changed.price),
                        String::new(),
                        |l, v| l.price = v.filter(|p| *p > 0.0))}
                    {price_slider(w)}
                </div>
            };
            let optimum = match w.optimum {
                Optimum::Finite {
                    price,
                    outside_observed,
                } => html! {
                    <span data-testid="pricing-closed-form" data-value={price.to_string()}>
                        {Msg::ClosedForm.text(lang).replace("{p}", &money(price))}
                        if outside_observed { {Msg::ClosedFormOutside.text(lang)} }
                    </span>
                },
                Optimum::RisesWithPrice => html! {
                    <span data-testid="pricing-closed-form" data-value="">
                        {Msg::ClosedForm.text(lang).replace("{p}", Msg::RisesWithPrice.text(lang))}
                    </span>
                },
            };
            let row = |label: Msg, now: f64, at: f64, delta: f64, fmt: &dyn Fn(f64) -> String| {
                html! {
                    <tr>
                        <th scope="row">{label.text(lang)}</th>
                        <td data-value={now.to_string()}>{fmt(now)}</td>
                        <td data-value={at.to_string()}>{fmt(at)}</td>
                        <td data-value={delta.to_string()}>{fmt(delta)}</td>
                    </tr>
                }
            };
            let units = |v: f64| i18n::format_number(v, 1);
            html! {
                <>
                    if *verdict != Verdict::Ok {
                        <p class="notice warn" data-testid="pricing-whatif-untrusted">{Msg::WhatIfUntrusted.text(lang)}</p>
                    }
                    {inputs}
                    if inventory_cost {
                        <p class="muted small">{Msg::UnitCostFromInventory.text(lang)
                            .replace("{c}", &money(w.unit_cost))}</p>
                    }
                    if w.current.price > 0.0 && matches!(cost, Cost::Unit(_)) {
                        <p class="muted small" data-testid="pricing-margin-from-cost"
                            data-value={(1.0 - w.unit_cost / w.current.price).to_string()}>
                            {Msg::MarginFromCost.text(lang)
                                .replace("{c}", &money(w.unit_cost))
                                .replace("{m}", &i18n::format_percent(1.0 - w.unit_cost / w.current.price))}
                        </p>
                    }
                    <dl class="stats headlines">
                        {stat("pricing-current-price", Msg::MarkerToday.text(lang), w.current.price, money(w.current.price))}
                        {stat("pricing-optimal-price", Msg::OptimalPrice.text(lang), w.profit_max_in_range.price, money(w.profit_max_in_range.price))}
                        {stat("pricing-revenue-max-price", Msg::RevenueMaxPrice.text(lang), w.revenue_max_in_range.price, money(w.revenue_max_in_range.price))}
                    </dl>
                    <p class="muted">{optimum}</p>
                    <div class="table-wrap">
                    <table class="data-table" data-testid="pricing-whatif-table">
                        <thead><tr>
                            <th scope="col"></th>
                            <th scope="col">{Msg::ColNow.text(lang)}</th>
                            <th scope="col">{Msg::ColAtPrice.text(lang)}</th>
                            <th scope="col">{Msg::ColDifference.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {row(Msg::RowPrice, w.current.price, w.changed.price, w.delta.price, &money)}
                            {row(Msg::RowUnitsWeek, w.current.units, w.changed.units, w.delta.units, &units)}
                            {row(Msg::RowRevenueWeek, w.current.revenue, w.changed.revenue, w.delta.revenue, &money)}
                            {row(Msg::RowProfitWeek, w.current.profit, w.changed.profit, w.delta.profit, &money)}
                        </tbody>
                    </table>
                    </div>
                    <p class="muted small">{Msg::WhatIfBasis.text(lang)
                        .replace("{n}", &Options::default().current_weeks.to_string())
                        .replace("{range}", &i18n::format_date_range(model.baseline_period.from, model.baseline_period.to, lang))}</p>
                    <Figure testid="pricing-whatif" title={Msg::ChartWhatIf.text(lang).to_owned()}
                        alt={Msg::ChartWhatIfAlt.text(lang).to_owned()}
                        drawing={draw::what_if(w, &currency, lang)} version={version}
                        table={Rc::new(draw::what_if_table(w, &currency, lang))} file_stem={file_stem.clone()} {lang} />
                </>
            }
        }
    };

    // Promotions.
    let promotions = pricing_promos::promotions(
        &PromoContext {
            dataset: &props.view.name,
            model: &model,
            levers: &levers,
            set: set.clone(),
            state: &props.state,
            on_change: props.on_change.clone(),
            target: chosen.as_ref(),
            estimate,
            product,
            target_baseline: props.target_baseline.clone(),
            currency: &currency,
            lang,
            version,
        },
        &file_stem,
    );

    html! {
        <section class="page pricing" aria-labelledby="pricing-title" data-testid="pricing">
            <h2 id="pricing-title">{Msg::PricingTitle.text(lang)}</h2>
            <p class="lead">{Msg::PricingLead.text(lang)}</p>
            <div class="levers">{picker}</div>
            {for facts}
            {scatter}
            <section aria-labelledby="whatif-title">
                <h3 id="whatif-title">{Msg::WhatIfTitle.text(lang)}</h3>
                {what_if_html}
            </section>
            {promotions}
        </section>
    }
}
