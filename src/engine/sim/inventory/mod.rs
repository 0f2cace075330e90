//! The inventory simulator (库存): each SKU's daily demand from the orders ([`demand`]), the
//! classic formulas ([`formulas`]), a seeded Monte Carlo of real replenishment policies
//! ([`simulate`]) and the cheapest policy per SKU with the catalogue's warnings ([`search`]).
//!
//! Formulas (d = mean daily demand, σ_d its standard deviation, L and σ_L the lead time's mean
//! and standard deviation in days, D = 365·d, K = cost per order, h = holding cost per unit per
//! year = unit cost × holding rate):
//! - EOQ: Q* = √(2DK/h), annual ordering + holding cost √(2DKh) (Harris, 1913);
//! - demand over the lead time: mean d·L, σ_LT = √(L·σ_d² + d²·σ_L²) (Silver, Pyke & Thomas,
//!   *Inventory and Production Management in Supply Chains*, 4th ed., ch. 6);
//! - safety stock z·σ_LT with z = Φ⁻¹(target cycle service level); reorder point d·L + SS;
//! - expected fill rate with backorders 1 − σ_LT·G(z)/Q, G(z) = φ(z) − z·(1 − Φ(z)) the
//!   standard normal loss function (same source);
//! - newsvendor S* = μ + σ·Φ⁻¹(p/(p + h)) (Arrow, Harris & Marschak, 1951).
//!
//! Φ comes from `libm::erfc`, Φ⁻¹ from Acklam's rational approximation with one Halley
//! refinement step: pure Rust, bit-identical natively and in wasm (no `statrs`, whose special
//! functions call the platform's `f64::exp`/`ln`).
//!
//! The simulation (days, seeds, definitions of every output) is documented in [`simulate`];
//! the policy grid and the choice rule in [`search`]. Anchors: stockpyl (EOQ, newsvendor,
//! (r, Q), (s, S)), inventorize (`sim_min_Q`, `periodic_policy`, CSL and fill-rate metrics).

pub mod demand;
pub mod formulas;
pub mod search;
pub mod simulate;

use serde::{Deserialize, Serialize};

use crate::engine::tables::Dataset;

/// The inputs of the inventory model the user can change: the defaults for what the inventory
/// table does not give, and the catalogue search's settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InventorySettings {
    /// Defaults for lead time, order cost, holding rate, … where the table has none.
    pub defaults: demand::Defaults,
    /// Target fill rate, policy family, demand model, shortage mode, replications, …
    pub search: search::SearchSettings,
}

/// What the inventory page needs of a dataset, computed by the worker for a dataset and the
/// user's [`InventorySettings`]: every SKU's demand (largest revenue first) and the catalogue's
/// cheapest policies and warnings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InventoryModel {
    /// Every SKU's demand and inputs, largest revenue first.
    pub skus: Vec<demand::SkuDemand>,
    /// The catalogue search, rows in the order of `skus`.
    pub catalogue: search::Catalogue,
    /// The settings it was computed with.
    pub settings: InventorySettings,
}

/// Every SKU's demand with `defaults`, largest revenue first (ties by SKU).
pub fn skus(dataset: &Dataset, defaults: &demand::Defaults) -> Vec<demand::SkuDemand> {
    let mut skus = demand::demand(dataset, defaults);
    skus.sort_by(|a, b| {
        b.revenue
            .total_cmp(&a.revenue)
            .then_with(|| a.sku.cmp(&b.sku))
    });
    skus
}

/// The inventory model of `dataset` under `settings`; `None` without demand.
pub fn model(dataset: &Dataset, settings: &InventorySettings) -> Option<InventoryModel> {
    model_with_progress(dataset, settings, &mut |_, _| {})
}

/// [`model`], calling `progress(done, total)` as the catalogue search goes through the SKUs.
pub fn model_with_progress(
    dataset: &Dataset,
    settings: &InventorySettings,
    progress: &mut dyn FnMut(usize, usize),
) -> Option<InventoryModel> {
    let skus = skus(dataset, &settings.defaults);
    if skus.is_empty() {
        return None;
    }
    let catalogue = search::catalogue_with_progress(&skus, &settings.search, progress);
    Some(InventoryModel {
        skus,
        catalogue,
        settings: settings.clone(),
    })
}

/// A fingerprint of the simulator's results on `dataset`: SHA-256 of the exact bits of the
/// catalogue search (default settings, 24 replications) for the first `skus` SKUs by revenue,
/// and of one 24-replication simulation of each policy family on the first SKU. The browser
/// test compares the wasm value with the native one: the same seed must give the same numbers
/// on both (the draws, the simulation and every floating-point operation on the way).
pub fn fingerprint(dataset: &Dataset, skus: usize) -> String {
    use sha2::{Digest, Sha256};
    let mut settings = InventorySettings::default();
    settings.search.sim.replications = 24;
    let all = self::skus(dataset, &settings.defaults);
    let chosen = &all[..skus.min(all.len())];
    let catalogue = search::catalogue(chosen, &settings.search);
    let mut hasher = Sha256::new();
    let mut bits = |x: f64| hasher.update(x.to_bits().to_le_bytes());
    for row in &catalogue.rows {
        bits(row.fill_rate);
        bits(row.annual_cost);
        bits(row.cash_tied_up);
        for o in &row.outcomes {
            bits(o.fill_rate);
            bits(o.annual_cost);
            bits(o.cash_tied_up);
        }
    }
    if let Some(first) = chosen.first() {
        let sim = simulate::SimSettings {
            replications: 24,
            ..simulate::SimSettings::default()
        };
        let f = formulas::formulas(first, 0.95);
        for policy in [
            simulate::Policy::ReorderQuantity {
                s: f.reorder_point,
                q: f.order_quantity.max(1.0),
            },
            simulate::Policy::MinMax {
                s: f.reorder_point,
                big_s: f.reorder_point + f.order_quantity.max(1.0),
            },
            simulate::Policy::PeriodicReview {
                review_days: 7,
                big_s: f.reorder_point + f.daily_demand * 7.0,
            },
        ] {
            for model in [
                simulate::DemandModel::Bootstrap,
                simulate::DemandModel::Normal,
                simulate::DemandModel::Poisson,
            ] {
                let r = simulate::simulate(
                    first,
                    policy,
                    &simulate::SimSettings {
                        demand: model,
                        ..sim.clone()
                    },
                );
                for rep in &r.replications {
                    bits(rep.fill_rate);
                    bits(rep.total_cost);
                    bits(rep.avg_on_hand);
                    bits(rep.cycle_service_level);
                }
            }
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
