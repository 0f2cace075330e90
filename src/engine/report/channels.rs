//! Traffic, marketing and geography (流量、推广、地域): visitors and conversion, spend and
//! return by channel, revenue by region.

use serde::{Deserialize, Serialize};

use super::customers::Customers;
use crate::engine::kpi::Period;
use crate::engine::tables::Dataset;

/// The channels section.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Channels {}

/// Builds the channels section.
pub fn channels(
    dataset: &Dataset,
    period: Period,
    comparison: Period,
    customers: &Customers,
) -> Channels {
    let _ = (dataset, period, comparison, customers);
    Channels {}
}
