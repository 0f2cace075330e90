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

/// Replications of each grid point in the catalogue search the worker runs for the page: the
/// default 200 takes about 0.6 s natively for the demo store and a few times that in wasm, so
/// the page's catalogue uses 50 (percentiles are not shown there, only means, whose standard
/// error grows by a factor of two — well under a point of fill rate for the demo's SKUs).
pub const PAGE_CATALOGUE_REPLICATIONS: u32 = 50;

/// What the inventory page needs of a dataset, computed once per dataset by the worker: every
/// SKU's demand (largest revenue first) and the catalogue's cheapest policies and warnings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InventoryModel {
    /// Every SKU's demand and inputs, largest revenue first.
    pub skus: Vec<demand::SkuDemand>,
    /// The catalogue search, rows in the order of `skus`.
    pub catalogue: search::Catalogue,
    /// The search's settings.
    pub settings: search::SearchSettings,
}

/// The inventory model of `dataset` with the default inputs; `None` without demand.
pub fn model(dataset: &Dataset) -> Option<InventoryModel> {
    let mut skus = demand::demand(dataset, &demand::Defaults::default());
    if skus.is_empty() {
        return None;
    }
    skus.sort_by(|a, b| {
        b.revenue
            .total_cmp(&a.revenue)
            .then_with(|| a.sku.cmp(&b.sku))
    });
    let mut settings = search::SearchSettings::default();
    settings.sim.replications = PAGE_CATALOGUE_REPLICATIONS;
    let catalogue = search::catalogue(&skus, &settings);
    Some(InventoryModel {
        skus,
        catalogue,
        settings,
    })
}
