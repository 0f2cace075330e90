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
//! Formulas and sources are in each module's documentation.

pub mod elasticity;
pub mod promo;
pub mod stats;
pub mod whatif;

use self::elasticity::Estimate;
use self::whatif::Demand;

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
