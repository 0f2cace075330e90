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
