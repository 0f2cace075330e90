//! Products (商品): ranking by revenue and units with share and growth, categories, the Pareto
//! curve with ABC classes, the ABC-XYZ matrix, slow movers and the most returned products.
//!
//! Definitions (`../shared/docs/domain.md`): revenue is the GMV of valid lines; ABC ranks SKUs
//! by revenue in the period, A = the SKUs that make the first 80 % of revenue, B = the next
//! 15 %, C = the last 5 %; XYZ is the coefficient of variation (standard deviation / mean) of a
//! SKU's weekly units over the period's weeks, X < 0.5 ≤ Y < 1.0 ≤ Z.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::engine::kpi::Period;
use crate::engine::tables::Dataset;

/// ABC class by revenue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Abc {
    /// The SKUs that make the first 80 % of revenue.
    A,
    /// The next 15 %.
    B,
    /// The last 5 %.
    C,
}

/// XYZ class by the variation of weekly demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Xyz {
    /// Coefficient of variation below 0.5: steady.
    X,
    /// From 0.5 to below 1.0: variable.
    Y,
    /// 1.0 or more: erratic.
    Z,
}

/// One product in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductRow {
    /// SKU.
    pub sku: String,
    /// Product name (the first seen), or empty.
    pub name: String,
    /// Category, or empty.
    pub category: String,
    /// GMV of its valid lines in the period.
    pub revenue: f64,
    /// Units of its valid lines in the period.
    pub units: f64,
    /// Share of the period's GMV.
    pub revenue_share: f64,
    /// Share of the period's units.
    pub units_share: f64,
    /// Revenue growth against the comparison period; `None` when it had no revenue there.
    pub revenue_growth: Option<f64>,
    /// ABC class.
    pub abc: Abc,
    /// XYZ class; `None` when the period has fewer than 4 weeks.
    pub xyz: Option<Xyz>,
}

/// One category in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryRow {
    /// Category (empty for products without one).
    pub category: String,
    /// GMV.
    pub revenue: f64,
    /// Units.
    pub units: f64,
    /// Share of the period's GMV.
    pub revenue_share: f64,
    /// Revenue growth against the comparison period.
    pub revenue_growth: Option<f64>,
    /// SKUs with sales in the period.
    pub skus: u64,
}

/// One class of the ABC analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AbcClass {
    /// The class.
    pub class: Abc,
    /// SKUs in it.
    pub skus: u64,
    /// Share of the SKUs with sales.
    pub sku_share: f64,
    /// Share of revenue.
    pub revenue_share: f64,
}

/// One cell of the ABC-XYZ matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AbcXyzCell {
    /// ABC class.
    pub abc: Abc,
    /// XYZ class.
    pub xyz: Xyz,
    /// SKUs in the cell.
    pub skus: u64,
    /// Their revenue.
    pub revenue: f64,
}

/// A product that sold before but not lately.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlowMover {
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Its last sale up to the end of the period.
    pub last_sale: NaiveDate,
    /// Days from the last sale to the end of the period.
    pub days_since: u32,
    /// Units sold in the 90 days before its last sale, for context.
    pub units_before: f64,
}

/// A product with returns in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReturnedProduct {
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Value of its return lines (退款额) in the period.
    pub returns_value: f64,
    /// Units returned.
    pub returned_units: f64,
    /// Returns value / its GMV in the period; `None` without GMV.
    pub return_rate: Option<f64>,
}

/// One point of the Pareto curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParetoPoint {
    /// Share of SKUs (by rank) up to this point, 0–1.
    pub sku_share: f64,
    /// Cumulative share of revenue, 0–1.
    pub revenue_share: f64,
}

/// The products section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Products {
    /// SKUs with sales in the period.
    pub skus_sold: u64,
    /// The top products by revenue (at most 20).
    pub top_by_revenue: Vec<ProductRow>,
    /// The top products by units (at most 20).
    pub top_by_units: Vec<ProductRow>,
    /// Share of revenue of the first product (`report-top1-share`).
    pub top1_share: Option<f64>,
    /// Categories by revenue, largest first.
    pub categories: Vec<CategoryRow>,
    /// The Pareto curve, at most 101 points from (0, 0) to (1, 1).
    pub pareto: Vec<ParetoPoint>,
    /// The ABC classes, A first.
    pub abc: Vec<AbcClass>,
    /// The ABC-XYZ matrix: nine cells, A-X first; empty when the period has fewer than 4 weeks.
    pub abc_xyz: Vec<AbcXyzCell>,
    /// Slow movers: sold before, no sale in the last `slow_mover_days` of the period; the
    /// longest-idle first (at most 20).
    pub slow_movers: Vec<SlowMover>,
    /// Products with returns in the period, largest returns value first (at most 10).
    pub top_returned: Vec<ReturnedProduct>,
}

/// Builds the products section.
pub fn products(
    dataset: &Dataset,
    period: Period,
    comparison: Period,
    slow_mover_days: u32,
) -> Products {
    let _ = (dataset, period, comparison, slow_mover_days);
    Products {
        skus_sold: 0,
        top_by_revenue: Vec::new(),
        top_by_units: Vec::new(),
        top1_share: None,
        categories: Vec::new(),
        pareto: Vec::new(),
        abc: Vec::new(),
        abc_xyz: Vec::new(),
        slow_movers: Vec::new(),
        top_returned: Vec::new(),
    }
}
