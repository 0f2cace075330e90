//! The pricing and promotion simulator (定价与促销): price elasticity estimated from the shop's
//! own orders, the price what-if it implies, and promotions judged against the shop's own
//! baskets (`../shared/docs/domain.md`, "Pricing and promotion").
//!
//! The three layers of every simulation (domain.md):
//! 1. **Model from data** — [`elasticity::elasticities`]: per SKU and per category, the
//!    constant-elasticity demand ln E[q] = a + ε·ln p + week effects, estimated by Poisson
//!    pseudo-maximum likelihood on weekly units and average prices (Santos Silva & Tenreyro,
//!    "The Log of Gravity", *Review of Economics and Statistics* 88(4), 2006: unlike least
//!    squares on ln q it keeps weeks without sales and is not biased by the log of small
//!    counts), with the store's week effects as controls (two-way fixed effects), a 95 %
//!    interval, the prices seen and a [`elasticity::Verdict`]; [`elasticity::scatter`] gives
//!    the ln p–ln q points and fitted line of one SKU or category. [`promo::Baseline::of`]:
//!    the period's orders and basket values.
//! 2. **Levers with defaults** — [`whatif::Levers`] (cost or margin, range, price change) and
//!    each [`promo::Promotion`]'s rates, days, reach band ([`promo::DEFAULT_REACH`] = 20 %) and
//!    take-up ([`promo::DEFAULT_TAKE_UP`] = 30 %).
//! 3. **Scenario** — [`whatif::what_if`]: curves of units, revenue and gross profit against
//!    price through the current point, the best prices within the observed range and the
//!    closed form p* = c·ε/(1 + ε) (ε < −1); [`promo::evaluate`] / [`promo::compare`]: orders,
//!    units, GMV, gross profit and margin with and without each promotion, the break-even lift
//!    d/(m − d) and the predicted lift (1 − d)^ε − 1. Both are closed forms over precomputed
//!    data (a binary search per threshold), fast enough for every move of a slider.
//!
//! Formulas and sources are in each module's documentation. [`model`] gathers what the
//! `#/pricing` page needs of a dataset (the elasticities, product names and unit costs, the
//! promotions' baseline) — the heavy part, computed once per dataset by the worker.

pub mod elasticity;
pub mod promo;
pub mod stats;
pub mod whatif;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use self::elasticity::{elasticities, ElasticityModel, Estimate, Options};
use self::promo::Baseline;
use self::whatif::Demand;
use crate::engine::kpi::Period;
use crate::engine::report::customers::{customers, SegmentRow};
use crate::engine::tables::{Dataset, LocalText};

impl Demand {
    /// The demand of an estimate: its current price and weekly units, its ε and price range.
    pub fn of(estimate: &Estimate) -> Self {
        Self {
            price: estimate.current_price,
            weekly_units: estimate.current_weekly_units,
            elasticity: estimate.elasticity,
            observed: estimate.price_range,
        }
    }
}

/// One product of the elasticity model, as the pricing page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductInfo {
    /// Its SKU.
    pub sku: String,
    /// Its name from the catalogue (the SKU when the catalogue has none).
    pub name: LocalText,
    /// Its unit cost from the inventory table, when known.
    pub unit_cost: Option<f64>,
}

/// What the pricing page needs of a dataset, computed once per dataset by the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PricingModel {
    /// The elasticities per SKU and per category.
    pub elasticity: ElasticityModel,
    /// Names and unit costs of `elasticity.skus`, in the same order.
    pub products: Vec<ProductInfo>,
    /// Names of `elasticity.categories` in both languages, in the same order (a category is
    /// estimated under its English name).
    pub category_names: Vec<LocalText>,
    /// The baseline for promotions: the last 365 days of orders (or all, if fewer).
    pub baseline: Baseline,
    /// The days `baseline` covers.
    pub baseline_period: Period,
    /// The RFM segments over `baseline_period` (the report's customers section), for member
    /// prices; empty for aggregated rows.
    pub segments: Vec<SegmentRow>,
}

impl PricingModel {
    /// The baseline's average order value (GMV / orders); `None` without orders.
    pub fn baseline_aov(&self) -> Option<f64> {
        (self.baseline.orders > 0.0).then(|| self.baseline.gmv / self.baseline.orders)
    }
}

/// Days of orders the promotions' baseline covers (at most).
pub const BASELINE_DAYS: i64 = 365;

/// The pricing model of `dataset`; `None` without order lines.
pub fn model(dataset: &Dataset) -> Option<PricingModel> {
    let (first, last) = dataset.date_range()?;
    let from = (last - chrono::Duration::days(BASELINE_DAYS - 1)).max(first);
    let baseline_period = Period { from, to: last };
    let baseline = Baseline::of(&dataset.orders, baseline_period);
    crate::engine::timeline::mark("pricing:elasticities:start");
    let elasticity = elasticities(dataset, &Options::default());
    crate::engine::timeline::mark("pricing:elasticities:end");
    // A file without product names gives empty ones: the SKU then stands for the name.
    let names: HashMap<&str, &LocalText> = dataset
        .products
        .iter()
        .filter(|p| !p.name.en.trim().is_empty() && !p.name.zh.trim().is_empty())
        .map(|p| (p.sku.as_str(), &p.name))
        .collect();
    let costs: HashMap<&str, f64> = dataset
        .inventory
        .iter()
        .filter_map(|r| Some((r.sku.as_str(), r.unit_cost.filter(|c| c.is_finite())?)))
        .collect();
    let products = elasticity
        .skus
        .iter()
        .map(|e| {
            let sku = e.target.key();
            ProductInfo {
                sku: sku.to_owned(),
                name: names
                    .get(sku)
                    .map(|n| (*n).clone())
                    .unwrap_or_else(|| LocalText::new(sku, sku)),
                unit_cost: costs.get(sku).copied(),
            }
        })
        .collect();
    let category_names = elasticity
        .categories
        .iter()
        .map(|e| {
            let en = e.target.key();
            dataset
                .products
                .iter()
                .find(|p| p.category.en == en)
                .map(|p| p.category.clone())
                .unwrap_or_else(|| LocalText::new(en, en))
        })
        .collect();
    let segments = customers(&dataset.orders, baseline_period).rfm.segments;
    Some(PricingModel {
        elasticity,
        products,
        category_names,
        baseline,
        baseline_period,
        segments,
    })
}

/// A starting 满减 tier for the page: the median basket rounded up to a round number (two
/// significant digits) as the threshold, and a tenth of it as the saving; 100 / 10 without
/// baskets.
pub fn default_tier(baseline: &Baseline) -> promo::Tier {
    let median = baseline
        .baskets
        .get(baseline.baskets.len() / 2)
        .copied()
        .filter(|m| m.is_finite() && *m > 0.0)
        .unwrap_or(100.0);
    let magnitude = 10f64.powf(median.log10().floor() - 1.0);
    let threshold = (median / magnitude).ceil() * magnitude;
    promo::Tier {
        threshold,
        saving: threshold / 10.0,
    }
}

/// The tier a page adds after `tiers`: twice the highest threshold and twice its saving (the
/// same rate, a larger step); [`default_tier`] when there is none.
pub fn next_tier(tiers: &[promo::Tier], baseline: &Baseline) -> promo::Tier {
    tiers
        .iter()
        .max_by(|a, b| a.threshold.total_cmp(&b.threshold))
        .map_or_else(
            || default_tier(baseline),
            |t| promo::Tier {
                threshold: t.threshold * 2.0,
                saving: t.saving * 2.0,
            },
        )
}

/// Buy `buy` get `get` free on the target, judged on its own orders: every order of the
/// target holds it, a share already buys `buy` or more (from its units per order), its price
/// is the average paid, its unit cost the given one or price × (1 − margin). `None` when the
/// target sold no units. Evaluate it against `target.baseline`.
pub fn buy_get(
    target: &promo::TargetBaseline,
    buy: f64,
    get: f64,
    unit_cost: Option<f64>,
    margin: f64,
    take_up: f64,
    days: f64,
) -> Option<promo::Promotion> {
    let price = target.unit_price()?;
    Some(promo::Promotion::BuyGet {
        buy,
        get,
        unit_price: price,
        unit_cost: unit_cost.unwrap_or(price * (1.0 - margin)),
        eligible_share: 1.0,
        already_share: target.share_with_at_least(buy),
        take_up,
        days,
    })
}

/// A member price for an RFM segment over `days`: the segment's GMV and orders in the model's
/// period (orders = buyers × mean frequency), scaled to `days` out of `period_days`.
pub fn member_price(
    segment: &SegmentRow,
    period_days: f64,
    days: f64,
    rate: f64,
    uptake: f64,
    elasticity: f64,
) -> promo::Promotion {
    let k = if period_days > 0.0 {
        days / period_days
    } else {
        0.0
    };
    promo::Promotion::MemberPrice {
        rate,
        buyers: segment.buyers as f64,
        revenue: segment.revenue * k,
        orders: segment.buyers as f64 * segment.mean_frequency * k,
        uptake,
        elasticity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_tier_rounds_the_median_basket_up() {
        let base = Baseline::from_baskets(30.0, vec![12.0, 143.2, 400.0], 3.0, 555.2);
        let tier = default_tier(&base);
        assert_eq!(tier.threshold, 150.0);
        assert!((tier.saving - 15.0).abs() < 1e-9);
        let empty = Baseline::from_baskets(30.0, Vec::new(), 0.0, 0.0);
        assert_eq!(default_tier(&empty).threshold, 100.0);
        assert_eq!(next_tier(&[], &base), tier);
        let next = next_tier(&[tier], &base);
        assert_eq!((next.threshold, next.saving), (300.0, 30.0));
    }
}
