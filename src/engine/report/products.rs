//! Products (商品): ranking by revenue and units with share and growth, categories, the Pareto
//! curve with ABC classes, the ABC-XYZ matrix, slow movers and the most returned products.
//!
//! Definitions (`../shared/docs/domain.md`): revenue is the GMV of valid lines; ABC ranks SKUs
//! by revenue in the period, A = the SKUs that make the first 80 % of revenue, B = the next
//! 15 %, C = the last 5 %; XYZ is the coefficient of variation (standard deviation / mean) of a
//! SKU's weekly units over the period's weeks, X < 0.5 ≤ Y < 1.0 ≤ Z.
//!
//! Precisely, as [`products`] computes them:
//! - ABC: the SKUs with revenue in the period are ranked by revenue, largest first, ties by
//!   SKU text. A SKU is A while the cumulative share of the SKUs ranked *before* it is below
//!   80 %, B while it is below 95 %, else C. So the SKU that crosses 80 % is still A, and with
//!   revenues 50, 30, 15, 5 the classes are A, A, B, C. (Shares are compared with a tolerance
//!   of 1e-9, so that a share of exactly 80 % on paper stays 80 % after floating-point sums.)
//! - XYZ: units per Monday–Sunday week, the first and last week clipped to the period, over
//!   every week the period touches, those without units included; CV = population standard
//!   deviation / mean. A period touching fewer than 4 weeks gets no XYZ at all.
//! - Growth: [`crate::engine::kpi::growth`] of revenue against the comparison period, when the
//!   orders cover all of it (as for the sales section's comparisons); else none.
//! - Returns: return lines ([`crate::engine::tables::LineRef::is_return`]) placed in the period;
//!   returns value = Σ |value|, returned units = Σ |quantity|, rate = returns value / GMV.
//! - Slow movers: SKUs whose last valid sale on or before the end of the period is more than
//!   `slow_mover_days` days before that end.
//! - Charges ([`is_charge`]): SKUs whose name (the first seen, as the catalogue keeps it) says
//!   they are postage, fees, commissions, discounts or adjustments are set apart before all of
//!   the above, and summed in [`Products::charges`]. They stay in GMV and the return rate
//!   (domain.md defines those over every line); shares in this section are of the goods'
//!   revenue.

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::engine::kpi::{growth, Period};
use crate::engine::tables::{Dataset, LocalText, OrderTable, Product};

/// ABC class by revenue: A while the revenue share of the SKUs ranked before a SKU is below
/// 80 %, B while below 95 %, else C (the SKU that crosses 80 % is A; see the module doc).
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
    /// Product name (the first seen) in both languages (the demo store's; an import's is the
    /// same text twice), or empty.
    pub name: LocalText,
    /// Category, or empty.
    pub category: LocalText,
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
    pub category: LocalText,
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
    pub name: LocalText,
    /// Its last sale up to the end of the period.
    pub last_sale: NaiveDate,
    /// Days from the last sale to the end of the period.
    pub days_since: u32,
    /// Units of its valid lines in the 90 days ending on its last sale (that day included), for
    /// context.
    pub units_before: f64,
}

/// A product with returns in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReturnedProduct {
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: LocalText,
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
    /// The top products by revenue (at most 20), ties by SKU.
    pub top_by_revenue: Vec<ProductRow>,
    /// The top products by units (at most 20), ties by SKU.
    pub top_by_units: Vec<ProductRow>,
    /// Share of revenue of the first product (`report-top1-share`).
    pub top1_share: Option<f64>,
    /// Categories (the catalogue's English name; empty for SKUs without one) with revenue in
    /// the period, largest first, ties by name.
    pub categories: Vec<CategoryRow>,
    /// The Pareto curve, at most 101 points from (0, 0) to (1, 1).
    pub pareto: Vec<ParetoPoint>,
    /// The ABC classes A, B and C; empty without sales.
    pub abc: Vec<AbcClass>,
    /// The ABC-XYZ matrix: nine cells, A-X first; empty when the period has fewer than 4 weeks.
    pub abc_xyz: Vec<AbcXyzCell>,
    /// Slow movers: SKUs whose last valid sale on or before the end of the period is more than
    /// `slow_mover_days` days before that end; the longest idle first, ties by SKU (at most 20).
    pub slow_movers: Vec<SlowMover>,
    /// Products with return lines in the period, largest returns value first, ties by SKU (at
    /// most 10).
    pub top_returned: Vec<ReturnedProduct>,
    /// Postage, fees and adjustments, set apart from the products above.
    pub charges: Charges,
}

/// Order lines that are not goods: postage, carriage, fees, commissions, discounts, manual
/// adjustments, bad debt and samples (in the UCI Online Retail file the SKUs POST, DOT, C2, M,
/// D, S, BANK CHARGES, AMAZONFEE, CRUK and B). A ranking that puts "DOTCOM POSTAGE" among the
/// best sellers and "AMAZON FEE" first among returns says nothing about the goods, so the
/// products section sets them apart and says how much they were.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Charges {
    /// The SKUs set apart that have valid or return lines in the period, in SKU order.
    pub skus: Vec<String>,
    /// GMV of their valid lines in the period.
    pub revenue: f64,
    /// Value of their return lines in the period.
    pub returns_value: f64,
}

/// Which SKU ids of the orders table are charges: [`is_charge`] of the catalogue's name in
/// either language (a SKU's first product, as the import keeps the first name seen).
pub fn charge_skus(dataset: &Dataset) -> Vec<bool> {
    let catalogue = Catalogue::new(&dataset.orders, &dataset.products);
    (0..dataset.orders.skus.len())
        .map(|s| catalogue.is_charge(s))
        .collect()
}

/// Whether a product name says the line is a charge rather than goods ([`Charges`]), in any
/// case with spaces trimmed: the whole name is one of postage, carriage, shipping, delivery,
/// manual, discount, sample(s), adjustment, 运费, 邮费, 折扣, 优惠, 调整; or its last word is
/// postage, fee(s), charge(s), commission or debt ("DOTCOM POSTAGE", "AMAZON FEE", "Bank
/// Charges", "CRUK Commission", "Adjust bad debt"); or it contains 运费, 邮费, 手续费, 佣金 or
/// 补差价; or it is a delivery service: carriage, shipping or delivery after words that only
/// say which ("Next Day Carriage", "EXPRESS SHIPPING", "International delivery"). A product
/// that only carries such a word elsewhere in its name ("POSTAGE STAMP ALBUM", "CARRIAGE
/// CLOCK", "DOLLS CARRIAGE", "COFFEE MUG") is goods.
pub fn is_charge(name: &str) -> bool {
    const WHOLE: [&str; 14] = [
        "POSTAGE",
        "CARRIAGE",
        "SHIPPING",
        "DELIVERY",
        "MANUAL",
        "DISCOUNT",
        "SAMPLE",
        "SAMPLES",
        "ADJUSTMENT",
        "运费",
        "邮费",
        "折扣",
        "优惠",
        "调整",
    ];
    const LAST_WORD: [&str; 7] = [
        "POSTAGE",
        "FEE",
        "FEES",
        "CHARGE",
        "CHARGES",
        "COMMISSION",
        "DEBT",
    ];
    const CHINESE: [&str; 5] = ["运费", "邮费", "手续费", "佣金", "补差价"];
    const SHIPPING: [&str; 3] = ["CARRIAGE", "SHIPPING", "DELIVERY"];
    const SERVICE: [&str; 10] = [
        "NEXT",
        "DAY",
        "EXPRESS",
        "STANDARD",
        "PRIORITY",
        "INTERNATIONAL",
        "DOMESTIC",
        "FREE",
        "UK",
        "EU",
    ];
    let name = name.trim().to_uppercase();
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let shipping_service = match words.split_last() {
        Some((last, before)) => {
            SHIPPING.contains(last)
                && !before.is_empty()
                && before.iter().all(|w| SERVICE.contains(w))
        }
        None => false,
    };
    !name.is_empty()
        && (WHOLE.contains(&name.as_str())
            || words.last().is_some_and(|w| LAST_WORD.contains(w))
            || shipping_service
            || CHINESE.iter().any(|p| name.contains(p)))
}

/// Builds the products section of `period`, with growth against `comparison`.
///
/// One pass over the order lines sums, per SKU id (a vector indexed by the orders table's SKU
/// interner: no hashing and no string per line), the period's valid revenue and units, its
/// weekly units (for the SKUs that sell in the period, when the period has 4 weeks or more),
/// the comparison period's valid revenue, the period's return lines, and the last valid sale
/// up to the end of the period. A second pass, only when there are slow movers, sums their
/// units in the 90 days ending on their last sale. The rest sorts per-SKU aggregates.
pub fn products(
    dataset: &Dataset,
    period: Period,
    comparison: Period,
    slow_mover_days: u32,
) -> Products {
    let orders: &OrderTable = &dataset.orders;
    let weeks = Weeks::of(period);
    let mut sums = Sums::collect(orders, period, comparison, &weeks);
    let catalogue = Catalogue::new(orders, &dataset.products);
    let charges = sums.set_apart(orders, |s| catalogue.is_charge(s));
    let skus = &sums.skus;
    let sku_text = |s: u32| orders.skus.get(s);

    let Ranking {
        ranked,
        cumulative,
        abc,
    } = Ranking::of(orders, &sums);

    // XYZ: the coefficient of variation of the weekly units of each SKU with sales (one
    // value per SKU id).
    let xyz: Vec<Option<Xyz>> = sums
        .weekly_cv()
        .into_iter()
        .map(|cv| cv.map(Xyz::of_cv))
        .collect();

    let row = |s: u32| -> ProductRow {
        let i = s as usize;
        let sku = &skus[i];
        ProductRow {
            sku: sku_text(s).to_owned(),
            name: catalogue.name(i).clone(),
            category: catalogue.category_of(i).clone(),
            revenue: sku.revenue,
            units: sku.units,
            revenue_share: ratio(sku.revenue, sums.total_revenue).unwrap_or(0.0),
            units_share: ratio(sku.units, sums.total_units).unwrap_or(0.0),
            revenue_growth: growth(sku.revenue, sums.compared.then_some(sku.comparison_revenue)),
            abc: abc[i],
            xyz: xyz[i],
        }
    };
    let top_by_revenue: Vec<ProductRow> = ranked.iter().take(TOP).map(|&s| row(s)).collect();
    let by_units = top(ranked.clone(), TOP, |&a, &b| {
        skus[b as usize]
            .units
            .total_cmp(&skus[a as usize].units)
            .then_with(|| sku_text(a).cmp(sku_text(b)))
    });
    let top_by_units: Vec<ProductRow> = by_units.into_iter().map(row).collect();

    Products {
        skus_sold: ranked.len() as u64,
        top1_share: top_by_revenue.first().map(|r| r.revenue_share),
        categories: categories(&sums, &catalogue),
        pareto: pareto(&cumulative),
        abc: abc_classes(&ranked, &abc, skus),
        abc_xyz: if weeks.count >= MIN_XYZ_WEEKS {
            abc_xyz(&ranked, &abc, &xyz, skus)
        } else {
            Vec::new()
        },
        slow_movers: slow_movers(orders, &sums, &catalogue, period, slow_mover_days),
        top_returned: top_returned(orders, &sums, &catalogue),
        top_by_revenue,
        top_by_units,
        charges,
    }
}

/// Each SKU's ABC and XYZ class in `period`, indexed by the orders table's SKU id: `None` for
/// SKUs without revenue in the period and for charges ([`charge_skus`]), and an XYZ of `None`
/// when the period touches fewer than 4 weeks. The same definitions as [`products`], computed
/// by the same code (the inventory simulator classes its SKUs with it).
pub fn classes(dataset: &Dataset, period: Period) -> Vec<Option<(Abc, Option<Xyz>)>> {
    let orders = &dataset.orders;
    let weeks = Weeks::of(period);
    // No comparison period: an empty one (its first day after its last).
    let comparison = Period {
        from: NaiveDate::MAX,
        to: NaiveDate::MIN,
    };
    let mut sums = Sums::collect(orders, period, comparison, &weeks);
    let charge = charge_skus(dataset);
    sums.set_apart(orders, |s| charge.get(s).copied().unwrap_or(false));
    let ranking = Ranking::of(orders, &sums);
    let xyz = sums.weekly_cv();
    sums.skus
        .iter()
        .zip(ranking.abc)
        .zip(xyz)
        .map(|((sku, abc), cv)| (sku.revenue > 0.0).then(|| (abc, cv.map(Xyz::of_cv))))
        .collect()
}

/// The SKUs with revenue ranked, with their ABC classes.
struct Ranking {
    /// SKU ids with revenue: revenue descending, ties by SKU text.
    ranked: Vec<u32>,
    /// Cumulative revenue before each ranked SKU, then the total (`ranked.len() + 1` values).
    cumulative: Vec<f64>,
    /// ABC class by SKU id (C for SKUs without revenue).
    abc: Vec<Abc>,
}

impl Ranking {
    fn of(orders: &OrderTable, sums: &Sums) -> Self {
        let skus = &sums.skus;
        let sku_text = |s: u32| orders.skus.get(s);
        let mut ranked: Vec<u32> = (0..skus.len() as u32)
            .filter(|&s| skus[s as usize].revenue > 0.0)
            .collect();
        ranked.sort_unstable_by(|&a, &b| {
            skus[b as usize]
                .revenue
                .total_cmp(&skus[a as usize].revenue)
                .then_with(|| sku_text(a).cmp(sku_text(b)))
        });

        // ABC: each ranked SKU's class from the cumulative revenue before it.
        let mut cumulative = Vec::with_capacity(ranked.len() + 1);
        cumulative.push(0.0);
        let mut running = 0.0;
        for &s in &ranked {
            running += skus[s as usize].revenue;
            cumulative.push(running);
        }
        let mut abc = vec![Abc::C; skus.len()];
        for (&s, before) in ranked.iter().zip(&cumulative) {
            abc[s as usize] = Abc::of_cumulative_share(before / running);
        }
        Self {
            ranked,
            cumulative,
            abc,
        }
    }
}

/// Rows of the rankings.
const TOP: usize = 20;
/// Rows of the slow movers.
const TOP_SLOW: usize = 20;
/// Rows of the most returned products.
const TOP_RETURNED: usize = 10;
/// Points of the Pareto curve at most.
const PARETO_POINTS: usize = 101;
/// Weeks a period needs for XYZ.
const MIN_XYZ_WEEKS: usize = 4;
/// The window of a slow mover's `units_before`, in days, its last sale included.
const UNITS_BEFORE_DAYS: i32 = 90;
/// Cumulative revenue share below which a SKU is A.
const A_LIMIT: f64 = 0.80;
/// Cumulative revenue share below which a SKU is B.
const B_LIMIT: f64 = 0.95;
/// Shares are compared with the limits with this tolerance, so that a share that is exactly
/// 80 % on paper but 0.799999… after summing money in floating point counts as 80 %.
const SHARE_TOLERANCE: f64 = 1e-9;

impl Abc {
    /// The class of a SKU whose higher-ranked SKUs make `before` of the revenue (0–1): A while
    /// that is below 80 %, B while below 95 %, else C (see [`Abc`]).
    fn of_cumulative_share(before: f64) -> Self {
        if before < A_LIMIT - SHARE_TOLERANCE {
            Abc::A
        } else if before < B_LIMIT - SHARE_TOLERANCE {
            Abc::B
        } else {
            Abc::C
        }
    }
}

impl Xyz {
    /// The class of a coefficient of variation: X below 0.5, Y below 1.0, else Z.
    fn of_cv(cv: f64) -> Self {
        if cv < 0.5 {
            Xyz::X
        } else if cv < 1.0 {
            Xyz::Y
        } else {
            Xyz::Z
        }
    }
}

/// `numerator / denominator`, or `None` when the denominator is zero.
fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

/// The first `k` of `items` in the order of `compare`, sorted: a selection, then a sort of `k`.
fn top<T, F>(mut items: Vec<T>, k: usize, mut compare: F) -> Vec<T>
where
    F: FnMut(&T, &T) -> std::cmp::Ordering,
{
    if k == 0 {
        return Vec::new();
    }
    if items.len() > k {
        items.select_nth_unstable_by(k - 1, &mut compare);
        items.truncate(k);
    }
    items.sort_unstable_by(compare);
    items
}

/// Days since the common era: dates as integers, cheap to compare and subtract.
fn day_number(day: NaiveDate) -> i32 {
    day.num_days_from_ce()
}

/// The Monday-to-Sunday weeks of a period, the first and last clipped to it.
struct Weeks {
    /// Day number of the Monday of the week holding the period's first day.
    monday: i32,
    /// Number of weeks (0 for an empty period).
    count: usize,
}

impl Weeks {
    fn of(period: Period) -> Self {
        let monday = day_number(period.from) - period.from.weekday().num_days_from_monday() as i32;
        let count = if period.from <= period.to {
            ((day_number(period.to) - monday) / 7 + 1) as usize
        } else {
            0
        };
        Self { monday, count }
    }
}

/// No sale.
const NO_DAY: i32 = i32::MIN;

/// One SKU's sums (kept together: one cache line per SKU touched by a line).
#[derive(Clone, Copy)]
struct SkuSums {
    /// Valid revenue in the period.
    revenue: f64,
    /// Valid units in the period.
    units: f64,
    /// Valid revenue in the comparison period.
    comparison_revenue: f64,
    /// Σ |value| of return lines in the period.
    returns_value: f64,
    /// Σ |quantity| of return lines in the period.
    returned_units: f64,
    /// Day number of the last valid sale up to the end of the period, or `NO_DAY`.
    last_sale: i32,
}

impl SkuSums {
    /// A SKU without lines.
    const NONE: SkuSums = SkuSums {
        revenue: 0.0,
        units: 0.0,
        comparison_revenue: 0.0,
        returns_value: 0.0,
        returned_units: 0.0,
        last_sale: NO_DAY,
    };
}

/// The sums of one pass over the lines.
struct Sums {
    /// By SKU id.
    skus: Vec<SkuSums>,
    /// Weekly units: one row per week of the period, indexed by SKU id; a week without units
    /// keeps an empty row, so a wide custom period over a short history costs little. Week-major
    /// because lines come mostly in time order: the lines of one week add into one row of a
    /// few tens of KB, which stays in cache. Empty when XYZ is not computed.
    weekly: Vec<Vec<f64>>,
    /// Whether the orders cover the whole comparison period: growth is only computed then, as
    /// the sales section's comparisons are (a comparison with the part of a period the data
    /// reaches would show every product growing).
    compared: bool,
    /// GMV of the period's valid lines.
    total_revenue: f64,
    /// Units of the period's valid lines.
    total_units: f64,
}

impl Sums {
    fn collect(orders: &OrderTable, period: Period, comparison: Period, weeks: &Weeks) -> Self {
        let track_weeks = weeks.count >= MIN_XYZ_WEEKS;
        let n = orders.skus.len();
        let mut sums = Sums {
            skus: vec![SkuSums::NONE; n],
            weekly: if track_weeks {
                vec![Vec::new(); weeks.count]
            } else {
                Vec::new()
            },
            compared: orders
                .date_range()
                .is_some_and(|(lo, hi)| lo <= comparison.from && comparison.to <= hi),
            total_revenue: 0.0,
            total_units: 0.0,
        };
        let (from, to) = (day_number(period.from), day_number(period.to));
        let (comparison_from, comparison_to) =
            (day_number(comparison.from), day_number(comparison.to));

        // Lines come mostly in time order: a date's day number is computed once per run.
        let mut last_date = NaiveDate::MIN;
        let mut d = day_number(last_date);
        for line in orders.iter() {
            let s = line.sku as usize;
            let Some(sku) = sums.skus.get_mut(s) else {
                continue;
            };
            let date = line.placed_at.date();
            if date != last_date {
                last_date = date;
                d = day_number(date);
            }
            let in_period = from <= d && d <= to;
            if line.is_valid() {
                let value = line.value();
                if in_period {
                    sku.revenue += value;
                    sku.units += line.quantity;
                    sums.total_revenue += value;
                    sums.total_units += line.quantity;
                    if let Some(week) = sums.weekly.get_mut(((d - weeks.monday) / 7) as usize) {
                        if week.is_empty() {
                            *week = vec![0.0; n];
                        }
                        if let Some(units) = week.get_mut(s) {
                            *units += line.quantity;
                        }
                    }
                }
                if comparison_from <= d && d <= comparison_to {
                    sku.comparison_revenue += value;
                }
                if d <= to && d > sku.last_sale {
                    sku.last_sale = d;
                }
            }
            if in_period && line.is_return() {
                sku.returns_value += line.value().abs();
                sku.returned_units += line.quantity.abs();
            }
        }
        sums
    }

    /// Takes the SKUs for which `is_charge(sku id)` holds out of every sum (their revenue,
    /// units, returns, weekly units and last sale become nothing, and the totals drop them),
    /// and returns what they were.
    fn set_apart(&mut self, orders: &OrderTable, is_charge: impl Fn(usize) -> bool) -> Charges {
        let mut charges = Charges::default();
        for (s, sku) in self.skus.iter_mut().enumerate() {
            if !is_charge(s) {
                continue;
            }
            if sku.revenue != 0.0 || sku.returns_value != 0.0 {
                charges.skus.push(orders.skus.get(s as u32).to_owned());
            }
            charges.revenue += sku.revenue;
            charges.returns_value += sku.returns_value;
            self.total_revenue -= sku.revenue;
            self.total_units -= sku.units;
            *sku = SkuSums::NONE;
            for week in &mut self.weekly {
                if let Some(units) = week.get_mut(s) {
                    *units = 0.0;
                }
            }
        }
        charges.skus.sort_unstable();
        charges
    }

    /// Each SKU's coefficient of variation of weekly units: population standard deviation /
    /// mean over all the period's weeks, those without units included; `None` for SKUs without
    /// units and for every SKU when weekly units were not tracked. Two sweeps over the weeks in
    /// memory order (sums, then squared deviations), not one strided walk per SKU; an empty
    /// row is a week of zeros, whose squared deviation is the mean's square.
    fn weekly_cv(&self) -> Vec<Option<f64>> {
        let n = self.skus.len();
        if self.weekly.is_empty() {
            return vec![None; n];
        }
        let weeks = self.weekly.len() as f64;
        let rows = || self.weekly.iter().filter(|w| !w.is_empty());
        let empty_weeks = (self.weekly.len() - rows().count()) as f64;
        let mut mean = vec![0.0; n];
        for week in rows() {
            for (m, units) in mean.iter_mut().zip(week) {
                *m += units;
            }
        }
        for m in &mut mean {
            *m /= weeks;
        }
        let mut squares: Vec<f64> = mean.iter().map(|m| empty_weeks * m * m).collect();
        for week in rows() {
            for ((q, units), m) in squares.iter_mut().zip(week).zip(&mean) {
                *q += (units - m) * (units - m);
            }
        }
        mean.iter()
            .zip(squares)
            .map(|(&m, q)| (m > 0.0).then(|| (q / weeks).sqrt() / m))
            .collect()
    }
}

/// No name or no category.
static NONE: LocalText = LocalText {
    en: String::new(),
    zh: String::new(),
};

/// Names and categories by SKU id, looked up once per SKU, not per line.
struct Catalogue<'a> {
    /// Name of each SKU (empty when unknown).
    names: Vec<&'a LocalText>,
    /// Category of each SKU, as an index into `categories`.
    category: Vec<usize>,
    /// Distinct categories, told apart by their English text (the empty one for SKUs without
    /// a category).
    categories: Vec<&'a LocalText>,
}

impl<'a> Catalogue<'a> {
    fn new(orders: &OrderTable, products: &'a [Product]) -> Self {
        // The first product of a SKU wins, as the import keeps the first name seen.
        let mut by_sku: FxHashMap<&str, &Product> = FxHashMap::default();
        for p in products {
            by_sku.entry(p.sku.as_str()).or_insert(p);
        }
        let mut index: FxHashMap<&'a str, usize> = FxHashMap::default();
        let mut categories: Vec<&'a LocalText> = Vec::new();
        let n = orders.skus.len();
        let (mut names, mut category) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for s in 0..n as u32 {
            let product = by_sku.get(orders.skus.get(s)).copied();
            names.push(product.map_or(&NONE, |p| &p.name));
            let text = product.map_or(&NONE, |p| &p.category);
            category.push(*index.entry(text.en.as_str()).or_insert_with(|| {
                categories.push(text);
                categories.len() - 1
            }));
        }
        Self {
            names,
            category,
            categories,
        }
    }

    fn name(&self, sku: usize) -> &'a LocalText {
        self.names.get(sku).copied().unwrap_or(&NONE)
    }

    /// Whether the SKU's name, in either language, says it is a charge ([`is_charge`]).
    fn is_charge(&self, sku: usize) -> bool {
        let name = self.name(sku);
        is_charge(&name.en) || is_charge(&name.zh)
    }

    fn category_of(&self, sku: usize) -> &'a LocalText {
        self.category
            .get(sku)
            .and_then(|&c| self.categories.get(c))
            .copied()
            .unwrap_or(&NONE)
    }
}

/// Categories with revenue in the period, largest first (ties by name).
fn categories(sums: &Sums, catalogue: &Catalogue<'_>) -> Vec<CategoryRow> {
    struct Acc {
        revenue: f64,
        units: f64,
        comparison: f64,
        skus: u64,
    }
    let mut acc: Vec<Acc> = catalogue
        .categories
        .iter()
        .map(|_| Acc {
            revenue: 0.0,
            units: 0.0,
            comparison: 0.0,
            skus: 0,
        })
        .collect();
    for (sku, &c) in sums.skus.iter().zip(&catalogue.category) {
        if let Some(a) = acc.get_mut(c) {
            a.revenue += sku.revenue;
            a.units += sku.units;
            a.comparison += sku.comparison_revenue;
            a.skus += u64::from(sku.revenue > 0.0);
        }
    }
    let mut rows: Vec<CategoryRow> = acc
        .iter()
        .zip(&catalogue.categories)
        .filter(|(a, _)| a.revenue > 0.0)
        .map(|(a, name)| CategoryRow {
            category: (*name).clone(),
            revenue: a.revenue,
            units: a.units,
            revenue_share: ratio(a.revenue, sums.total_revenue).unwrap_or(0.0),
            revenue_growth: growth(a.revenue, sums.compared.then_some(a.comparison)),
            skus: a.skus,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.revenue
            .total_cmp(&a.revenue)
            .then_with(|| a.category.en.cmp(&b.category.en))
    });
    rows
}

impl Products {
    /// The Pareto chart's bars: for each step of [`Products::pareto`], the share of revenue of
    /// one product of the step on average (the step's added share / the SKUs it spans). With
    /// at most 100 SKUs a step is one SKU and a bar its share; beyond, a step spans one or two
    /// SKUs more or less, and a bar of the step's added share would jump wherever the rounding
    /// put one more SKU in it, drawing best-sellers that do not exist.
    pub fn pareto_bars(&self) -> Vec<f64> {
        let skus = self.skus_sold as f64;
        self.pareto
            .windows(2)
            .map(|w| {
                let spanned = ((w[1].sku_share - w[0].sku_share) * skus).round();
                let added = (w[1].revenue_share - w[0].revenue_share).max(0.0);
                if spanned >= 1.0 {
                    added / spanned
                } else {
                    added
                }
            })
            .collect()
    }
}

/// The Pareto curve from the cumulative revenue of the ranked SKUs (`cumulative[k]` = revenue
/// of the first `k`): every rank when there are at most 100 SKUs, else 101 ranks evenly
/// spaced (rounded to the nearest). Empty without revenue.
fn pareto(cumulative: &[f64]) -> Vec<ParetoPoint> {
    let n = cumulative.len().saturating_sub(1);
    let total = cumulative.last().copied().unwrap_or(0.0);
    if n == 0 || total <= 0.0 {
        return Vec::new();
    }
    let point = |k: usize| ParetoPoint {
        sku_share: k as f64 / n as f64,
        revenue_share: if k == n { 1.0 } else { cumulative[k] / total },
    };
    let steps = PARETO_POINTS - 1;
    if n <= steps {
        (0..=n).map(point).collect()
    } else {
        (0..=steps)
            .map(|i| point((i * n + steps / 2) / steps))
            .collect()
    }
}

/// The three classes, A first; empty without sales.
fn abc_classes(ranked: &[u32], abc: &[Abc], skus: &[SkuSums]) -> Vec<AbcClass> {
    if ranked.is_empty() {
        return Vec::new();
    }
    let mut count = [0u64; 3];
    let mut revenue = [0.0; 3];
    let mut total = 0.0;
    for &s in ranked {
        let c = abc[s as usize] as usize;
        count[c] += 1;
        revenue[c] += skus[s as usize].revenue;
        total += skus[s as usize].revenue;
    }
    [Abc::A, Abc::B, Abc::C]
        .into_iter()
        .map(|class| AbcClass {
            class,
            skus: count[class as usize],
            sku_share: count[class as usize] as f64 / ranked.len() as f64,
            revenue_share: ratio(revenue[class as usize], total).unwrap_or(0.0),
        })
        .collect()
}

/// The nine cells A-X, A-Y, A-Z, B-X, …, C-Z.
fn abc_xyz(ranked: &[u32], abc: &[Abc], xyz: &[Option<Xyz>], skus: &[SkuSums]) -> Vec<AbcXyzCell> {
    let mut cells: Vec<AbcXyzCell> = [Abc::A, Abc::B, Abc::C]
        .into_iter()
        .flat_map(|a| {
            [Xyz::X, Xyz::Y, Xyz::Z]
                .into_iter()
                .map(move |x| AbcXyzCell {
                    abc: a,
                    xyz: x,
                    skus: 0,
                    revenue: 0.0,
                })
        })
        .collect();
    for &s in ranked {
        let s = s as usize;
        if let Some(x) = xyz[s] {
            if let Some(cell) = cells.get_mut(abc[s] as usize * 3 + x as usize) {
                cell.skus += 1;
                cell.revenue += skus[s].revenue;
            }
        }
    }
    cells
}

/// SKUs whose last valid sale up to the end of the period is more than `days` days before it,
/// the longest idle first (ties by SKU), at most 20, with their units in the 90 days ending on
/// that sale (a second pass over the lines, for those SKUs only).
fn slow_movers(
    orders: &OrderTable,
    sums: &Sums,
    catalogue: &Catalogue<'_>,
    period: Period,
    days: u32,
) -> Vec<SlowMover> {
    let end = day_number(period.to);
    let idle: Vec<(u32, u32)> = sums
        .skus
        .iter()
        .enumerate()
        .filter(|(_, sku)| sku.last_sale != NO_DAY)
        .map(|(s, sku)| (s as u32, (end - sku.last_sale) as u32))
        .filter(|&(_, idle)| idle > days)
        .collect();
    let slow = top(idle, TOP_SLOW, |a, b| {
        b.1.cmp(&a.1)
            .then_with(|| orders.skus.get(a.0).cmp(orders.skus.get(b.0)))
    });
    if slow.is_empty() {
        return Vec::new();
    }
    // Each listed SKU's slot (a byte per SKU, so the lookup per line stays in cache) and the
    // slot's window of days and units.
    const NO_SLOT: u8 = u8::MAX;
    let mut slot_of = vec![NO_SLOT; sums.skus.len()];
    let mut windows: Vec<(i32, i32, f64)> = Vec::with_capacity(slow.len());
    for (i, &(s, _)) in slow.iter().enumerate() {
        let last = sums.skus[s as usize].last_sale;
        slot_of[s as usize] = i as u8;
        windows.push((last - (UNITS_BEFORE_DAYS - 1), last, 0.0));
    }
    for line in orders.iter() {
        let slot = slot_of.get(line.sku as usize).copied().unwrap_or(NO_SLOT);
        if slot == NO_SLOT || !line.is_valid() {
            continue;
        }
        if let Some((start, last, units)) = windows.get_mut(slot as usize) {
            let d = day_number(line.placed_at.date());
            if *start <= d && d <= *last {
                *units += line.quantity;
            }
        }
    }
    let units = windows.into_iter().map(|(_, _, units)| units);
    slow.iter()
        .zip(units)
        .filter_map(|(&(s, idle), units_before)| {
            Some(SlowMover {
                sku: orders.skus.get(s).to_owned(),
                name: catalogue.name(s as usize).clone(),
                last_sale: NaiveDate::from_num_days_from_ce_opt(sums.skus[s as usize].last_sale)?,
                days_since: idle,
                units_before,
            })
        })
        .collect()
}

/// SKUs with return lines in the period, largest returns value first (ties by SKU), at most 10.
fn top_returned(
    orders: &OrderTable,
    sums: &Sums,
    catalogue: &Catalogue<'_>,
) -> Vec<ReturnedProduct> {
    let skus = &sums.skus;
    let returned: Vec<u32> = (0..skus.len() as u32)
        .filter(|&s| {
            let sku = &skus[s as usize];
            sku.returns_value > 0.0 || sku.returned_units > 0.0
        })
        .collect();
    top(returned, TOP_RETURNED, |&a, &b| {
        skus[b as usize]
            .returns_value
            .total_cmp(&skus[a as usize].returns_value)
            .then_with(|| orders.skus.get(a).cmp(orders.skus.get(b)))
    })
    .into_iter()
    .map(|s| {
        let sku = &skus[s as usize];
        ReturnedProduct {
            sku: orders.skus.get(s).to_owned(),
            name: catalogue.name(s as usize).clone(),
            returns_value: sku.returns_value,
            returned_units: sku.returned_units,
            return_rate: ratio(sku.returns_value, sku.revenue),
        }
    })
    .collect()
}
