//! Promotions against no promotion, from the period's own orders.
//!
//! The baseline ([`Baseline`]) is the period's valid lines (domain.md): orders, units, GMV and
//! every order's basket value (Σ quantity × unit price of its valid lines), scaled to the
//! promotion's days. Gross profit = GMV − cost of goods, cost of goods = (1 − m) × the goods'
//! value at regular prices, m the gross margin (a lever: the page passes the channels report's
//! margin from unit costs, or the user's). GMV under a promotion is what customers pay, after
//! the promotion's discount. A promotion on one product or category (a discount, buy-X-get-Y)
//! is judged on that target's own lines ([`TargetBaseline`]: the orders containing it, its
//! units and GMV), not on the whole shop's orders.
//!
//! - Percentage discount d for N days: units lift L = (1 − d)^ε − 1 (constant elasticity), orders
//!   and units × (1 + L), GMV × (1 − d)(1 + L), gross profit = baseline GMV × (1 + L)(m − d).
//!   Break-even lift d/(m − d) (gross profit unchanged: (1 + L)(m − d) = m); none when d ≥ m.
//!   domain.md: a 20 % discount at 40 % margin needs +100 % units.
//! - Spend-X-save-Y (满减), tiers (Tᵢ, Sᵢ): an order already at or above a tier gets the highest
//!   saving it reaches (pure margin cost); an order within reach of the next tier up — basket in
//!   [max(T(1 − band), the tier below), T) — tops up to exactly T with probability `take_up`
//!   (else keeps what it had);
//!   the added goods add GMV and gross profit at margin m, and units at the period's average
//!   price per unit (GMV / units). Order count unchanged.
//! - Coupon (face F, minimum spend M, redemption r): a one-tier threshold whose uses are scaled
//!   by r: orders at or above M redeem with probability r; orders within reach top up and redeem
//!   with probability r × take_up.
//! - Buy X get Y free: eligible orders (a share e of orders); a share a of them already buy X
//!   and get Y units free (cost Y·c each, no GMV); of the others, a share t add X − 1 paid units
//!   (they had 1) to get Y free.
//! - Member price: members of a segment (buyers B, revenue R in the period, as the RFM report
//!   gives them) get discount d; a share u take it up, and their units change by (1 − d)^ε − 1.
//!
//! These are the textbook calculators (break-even lift, threshold share) made to use the
//! shop's own baskets and elasticity; the assumptions are stated on each outcome's fields.

use serde::{Deserialize, Serialize};

use super::elasticity::Target;
use crate::engine::kpi::Period;
use crate::engine::tables::{OrderTable, Product};

/// The period's orders, for promotions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// Days of the period.
    pub days: f64,
    /// Orders (distinct order ids with valid lines).
    pub orders: f64,
    /// Units.
    pub units: f64,
    /// GMV.
    pub gmv: f64,
    /// Every order's basket value, ascending.
    pub baskets: Vec<f64>,
    /// Prefix sums of `baskets` (length + 1), for sums over ranges.
    pub prefix: Vec<f64>,
}

impl Baseline {
    /// The baseline of `period`'s valid lines.
    pub fn of(orders: &OrderTable, period: Period) -> Self {
        let mut value = vec![0.0f64; orders.order_ids.len()];
        let mut seen = vec![false; orders.order_ids.len()];
        let (mut units, mut gmv) = (0.0, 0.0);
        for line in orders.iter_period(period).filter(|l| l.is_valid()) {
            if let (Some(v), Some(s)) = (
                value.get_mut(line.order as usize),
                seen.get_mut(line.order as usize),
            ) {
                *v += line.value();
                *s = true;
                units += line.quantity;
                gmv += line.value();
            }
        }
        let baskets: Vec<f64> = value
            .into_iter()
            .zip(seen)
            .filter(|(_, s)| *s)
            .map(|(v, _)| v)
            .collect();
        let days = ((period.to - period.from).num_days() + 1).max(0) as f64;
        Self::from_baskets(days, baskets, units, gmv)
    }

    /// A baseline from basket values (hand-made tests, typed data).
    pub fn from_baskets(days: f64, mut baskets: Vec<f64>, units: f64, gmv: f64) -> Self {
        baskets.retain(|b| b.is_finite());
        baskets.sort_by(f64::total_cmp);
        let mut prefix = Vec::with_capacity(baskets.len() + 1);
        prefix.push(0.0);
        let mut run = 0.0;
        for b in &baskets {
            run += b;
            prefix.push(run);
        }
        Self {
            days,
            orders: baskets.len() as f64,
            units,
            gmv,
            baskets,
            prefix,
        }
    }

    /// Number of baskets below `v`.
    fn below(&self, v: f64) -> usize {
        self.baskets.partition_point(|b| *b < v)
    }

    /// (count, sum) of baskets in [lo, hi).
    fn range(&self, lo: f64, hi: f64) -> (f64, f64) {
        let (i, j) = (self.below(lo), self.below(hi));
        if j <= i {
            return (0.0, 0.0);
        }
        ((j - i) as f64, self.prefix[j] - self.prefix[i])
    }

    /// A histogram of basket values: at most `bins` equal bins from 0 to `top` (the 99th
    /// percentile, or 1.2 × the largest threshold given, whichever is larger), the last bin
    /// holding everything above. The bins' width is a round amount (1, 2, 2.5 or 5 × 10ⁿ at or
    /// above `top / bins`), so their edges read as prices do: ¥0, ¥50, ¥100, not ¥88, ¥176.
    pub fn histogram(&self, bins: usize, thresholds: &[f64]) -> Histogram {
        let bins = bins.max(1);
        let p99 = self
            .baskets
            .get(
                ((self.baskets.len() as f64 * 0.99) as usize)
                    .min(self.baskets.len().saturating_sub(1)),
            )
            .copied()
            .unwrap_or(0.0);
        let top = thresholds.iter().fold(p99, |m, t| m.max(t * 1.2)).max(1e-9);
        let width = round_width(top / bins as f64);
        // Enough round bins to reach `top` (fewer than asked when the width was rounded up).
        let bins = ((top / width - 1e-9).ceil() as usize).clamp(1, bins);
        let mut counts = vec![0u64; bins];
        for b in &self.baskets {
            let i = ((b / width) as usize).min(bins - 1);
            counts[i] += 1;
        }
        Histogram {
            edges: (0..=bins).map(|i| i as f64 * width).collect(),
            counts,
        }
    }
}

/// The smallest of 1, 2, 2.5 and 5 × 10ⁿ at or above `raw` (a positive width).
fn round_width(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let magnitude = libm::pow(10.0, libm::floor(libm::log10(raw)));
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|w| *w >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude)
}

/// The baseline of one SKU or category: only its own lines, so that a promotion on it is
/// judged on what it sells, not on the whole shop.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetBaseline {
    /// The target's lines over the period: its orders (distinct orders containing it), units,
    /// GMV, and per order the value of its lines as the "basket".
    pub baseline: Baseline,
    /// Units of the target per order that holds it, ascending (for buy-X-get-Y).
    pub units_per_order: Vec<f64>,
    /// Orders of the whole shop over the same period (for the share of orders holding it).
    pub shop_orders: f64,
}

impl TargetBaseline {
    /// The baseline of `target`'s valid lines over `period`. A category is the catalogue's
    /// English category name, as in [`super::elasticity`].
    pub fn of(orders: &OrderTable, period: Period, target: &Target, products: &[Product]) -> Self {
        // The first catalogue row of a SKU gives its category, as in the elasticities.
        let mut category: std::collections::HashMap<&str, &str> = Default::default();
        for p in products.iter().filter(|p| !p.category.en.is_empty()) {
            category
                .entry(p.sku.as_str())
                .or_insert(p.category.en.as_str());
        }
        let keep: Vec<bool> = (0..orders.skus.len() as u32)
            .map(|id| {
                let sku = orders.skus.get(id);
                match target {
                    Target::Sku(s) => sku == s.as_str(),
                    Target::Category(c) => category.get(sku) == Some(&c.as_str()),
                }
            })
            .collect();
        let n = orders.order_ids.len();
        let (mut value, mut units_of) = (vec![0.0f64; n], vec![0.0f64; n]);
        let (mut seen, mut shop_seen) = (vec![false; n], vec![false; n]);
        let (mut units, mut gmv) = (0.0, 0.0);
        for line in orders.iter_period(period).filter(|l| l.is_valid()) {
            let o = line.order as usize;
            if let Some(s) = shop_seen.get_mut(o) {
                *s = true;
            }
            if !keep.get(line.sku as usize).copied().unwrap_or(false) {
                continue;
            }
            if let (Some(v), Some(u), Some(s)) =
                (value.get_mut(o), units_of.get_mut(o), seen.get_mut(o))
            {
                *v += line.value();
                *u += line.quantity;
                *s = true;
                units += line.quantity;
                gmv += line.value();
            }
        }
        let baskets: Vec<f64> = value
            .iter()
            .zip(&seen)
            .filter(|(_, s)| **s)
            .map(|(v, _)| *v)
            .collect();
        let mut units_per_order: Vec<f64> = units_of
            .iter()
            .zip(&seen)
            .filter(|(_, s)| **s)
            .map(|(u, _)| *u)
            .collect();
        units_per_order.sort_by(f64::total_cmp);
        let days = ((period.to - period.from).num_days() + 1).max(0) as f64;
        Self {
            baseline: Baseline::from_baskets(days, baskets, units, gmv),
            units_per_order,
            shop_orders: shop_seen.iter().filter(|s| **s).count() as f64,
        }
    }

    /// Share of the shop's orders that hold the target (0 without orders).
    pub fn order_share(&self) -> f64 {
        if self.shop_orders > 0.0 {
            self.baseline.orders / self.shop_orders
        } else {
            0.0
        }
    }

    /// Share of the target's orders with at least `units` of it (0 without orders).
    pub fn share_with_at_least(&self, units: f64) -> f64 {
        let n = self.units_per_order.len();
        if n == 0 {
            return 0.0;
        }
        let below = self.units_per_order.partition_point(|u| *u < units);
        (n - below) as f64 / n as f64
    }

    /// Average price paid per unit (GMV / units); `None` without units.
    pub fn unit_price(&self) -> Option<f64> {
        (self.baseline.units > 0.0).then(|| self.baseline.gmv / self.baseline.units)
    }
}

/// Basket values in bins (the last bin open to the right).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Bin edges, `counts.len() + 1` of them.
    pub edges: Vec<f64>,
    /// Orders per bin.
    pub counts: Vec<u64>,
}

/// One tier of a threshold promotion.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tier {
    /// Spend X.
    pub threshold: f64,
    /// Save Y.
    pub saving: f64,
}

/// Default band below a threshold counted as within reach: 20 % of it.
pub const DEFAULT_REACH: f64 = 0.2;
/// Default share of orders within reach that top up: 30 % (an assumption the user edits).
pub const DEFAULT_TAKE_UP: f64 = 0.3;
/// Default coupon redemption rate: 20 % of the coupons handed out (an assumption).
pub const DEFAULT_REDEMPTION: f64 = 0.2;
/// Default share of buy-X-get-Y orders below X that top up to X: 10 % (an assumption).
pub const DEFAULT_BUY_GET_TAKE_UP: f64 = 0.1;
/// Default share of a segment that takes a member price up: 50 % (an assumption).
pub const DEFAULT_MEMBER_UPTAKE: f64 = 0.5;

/// A promotion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Promotion {
    /// Percentage discount `rate` for `days` days, on everything the baseline holds (pass a
    /// [`TargetBaseline`]'s for a discount on one product or category).
    Discount {
        /// d, 0–1.
        rate: f64,
        /// Days.
        days: f64,
        /// ε for the predicted lift.
        elasticity: f64,
    },
    /// Spend-X-save-Y tiers.
    Threshold {
        /// Tiers (any order; sorted inside).
        tiers: Vec<Tier>,
        /// Band below a threshold within reach, relative (0.2).
        reach: f64,
        /// Share of orders within reach that top up (0.3).
        take_up: f64,
        /// Days.
        days: f64,
    },
    /// A coupon.
    Coupon {
        /// Face value F.
        face: f64,
        /// Minimum spend M.
        min_spend: f64,
        /// Redemption rate r.
        redemption: f64,
        /// Band within reach, relative.
        reach: f64,
        /// Share within reach that top up.
        take_up: f64,
        /// Days.
        days: f64,
    },
    /// Buy X get Y free.
    BuyGet {
        /// X.
        buy: f64,
        /// Y.
        get: f64,
        /// Unit price of the product.
        unit_price: f64,
        /// Unit cost of the product.
        unit_cost: f64,
        /// Share of orders that hold the product.
        eligible_share: f64,
        /// Share of eligible orders already buying X or more.
        already_share: f64,
        /// Share of the other eligible orders that top up to X.
        take_up: f64,
        /// Days.
        days: f64,
    },
    /// Member price for a customer segment over the period.
    MemberPrice {
        /// Discount d.
        rate: f64,
        /// The segment's buyers (RFM report).
        buyers: f64,
        /// The segment's GMV in the period.
        revenue: f64,
        /// The segment's orders in the period.
        orders: f64,
        /// Share of the segment that takes the member price up.
        uptake: f64,
        /// ε for the members' lift.
        elasticity: f64,
    },
}

/// Totals of a scenario.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Orders.
    pub orders: f64,
    /// Units: for thresholds and coupons the goods added to reach them count at the period's
    /// average price per unit; for member prices 0 (the segment's units are not known).
    pub units: f64,
    /// GMV paid.
    pub gmv: f64,
    /// Gross profit.
    pub gross_profit: f64,
    /// Gross profit / GMV.
    pub margin: f64,
}

impl Totals {
    fn new(orders: f64, units: f64, gmv: f64, gross_profit: f64) -> Self {
        Self {
            orders,
            units,
            gmv,
            gross_profit,
            margin: if gmv != 0.0 { gross_profit / gmv } else { 0.0 },
        }
    }
}

/// One tier's facts against the baskets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TierOutcome {
    /// The tier.
    pub tier: Tier,
    /// Share of orders at or above the threshold.
    pub share_above: f64,
    /// Share of orders within reach (in [T(1 − reach), T)).
    pub share_within_reach: f64,
    /// Expected savings paid on this tier (orders qualifying for it as their best tier).
    pub cost: f64,
}

/// A promotion against no promotion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Without the promotion, over its days.
    pub baseline: Totals,
    /// With it.
    pub promoted: Totals,
    /// Discount given (savings, coupons, price cuts, free goods at cost for buy-get).
    pub cost: f64,
    /// Break-even volume lift (discounts): d/(m − d); `None` when d ≥ m (no lift suffices).
    pub breakeven_lift: Option<f64>,
    /// Units lift the elasticity predicts.
    pub predicted_lift: Option<f64>,
    /// AOV with − without.
    pub aov_lift: f64,
    /// Per tier (thresholds and coupons).
    pub tiers: Vec<TierOutcome>,
}

/// Break-even volume lift of a discount d at margin m: d/(m − d); `None` when d ≥ m.
pub fn breakeven_lift(rate: f64, margin: f64) -> Option<f64> {
    (rate < margin).then(|| rate / (margin - rate))
}

/// Units lift of a price cut d at elasticity ε: (1 − d)^ε − 1.
pub fn predicted_lift(rate: f64, elasticity: f64) -> f64 {
    libm::pow(1.0 - rate, elasticity) - 1.0
}

/// The outcome of `promotion` against `base` at gross margin `margin`.
pub fn evaluate(base: &Baseline, margin: f64, promotion: &Promotion) -> Outcome {
    let scale = |days: f64| {
        if base.days > 0.0 {
            days / base.days
        } else {
            0.0
        }
    };
    let totals = |k: f64| {
        Totals::new(
            base.orders * k,
            base.units * k,
            base.gmv * k,
            base.gmv * k * margin,
        )
    };
    let aov = |t: &Totals| {
        if t.orders > 0.0 {
            t.gmv / t.orders
        } else {
            0.0
        }
    };
    match promotion {
        Promotion::Discount {
            rate,
            days,
            elasticity,
        } => {
            let k = scale(*days);
            let b = totals(k);
            let lift = predicted_lift(*rate, *elasticity);
            let gmv = b.gmv * (1.0 - rate) * (1.0 + lift);
            let p = Totals::new(
                b.orders * (1.0 + lift),
                b.units * (1.0 + lift),
                gmv,
                b.gmv * (1.0 + lift) * (margin - rate),
            );
            Outcome {
                cost: b.gmv * (1.0 + lift) * rate,
                breakeven_lift: breakeven_lift(*rate, margin),
                predicted_lift: Some(lift),
                aov_lift: aov(&p) - aov(&b),
                tiers: Vec::new(),
                baseline: b,
                promoted: p,
            }
        }
        Promotion::Threshold {
            tiers,
            reach,
            take_up,
            days,
        } => threshold(base, margin, tiers, *reach, *take_up, 1.0, scale(*days)),
        Promotion::Coupon {
            face,
            min_spend,
            redemption,
            reach,
            take_up,
            days,
        } => threshold(
            base,
            margin,
            &[Tier {
                threshold: *min_spend,
                saving: *face,
            }],
            *reach,
            *take_up,
            *redemption,
            scale(*days),
        ),
        Promotion::BuyGet {
            buy,
            get,
            unit_price,
            unit_cost,
            eligible_share,
            already_share,
            take_up,
            days,
        } => {
            let k = scale(*days);
            let b = totals(k);
            let eligible = b.orders * eligible_share;
            let already = eligible * already_share;
            let toppers = (eligible - already) * take_up;
            let extra_paid = toppers * (buy - 1.0).max(0.0);
            let free = (already + toppers) * get;
            let gmv = b.gmv + extra_paid * unit_price;
            let cost = free * unit_cost;
            let gp = b.gross_profit + extra_paid * (unit_price - unit_cost) - cost;
            let p = Totals::new(b.orders, b.units + extra_paid + free, gmv, gp);
            Outcome {
                cost,
                breakeven_lift: None,
                predicted_lift: None,
                aov_lift: aov(&p) - aov(&b),
                tiers: Vec::new(),
                baseline: b,
                promoted: p,
            }
        }
        Promotion::MemberPrice {
            rate,
            buyers: _,
            revenue,
            orders,
            uptake,
            elasticity,
        } => {
            // The segment over the period: its GMV and orders at margin m.
            let b = Totals::new(*orders, 0.0, *revenue, revenue * margin);
            let lift = predicted_lift(*rate, *elasticity);
            let members = revenue * uptake;
            let rest = revenue - members;
            let member_gmv = members * (1.0 - rate) * (1.0 + lift);
            let gmv = rest + member_gmv;
            let gp = rest * margin + members * (1.0 + lift) * (margin - rate);
            let p = Totals::new(
                orders * (1.0 - uptake + uptake * (1.0 + lift)),
                0.0,
                gmv,
                gp,
            );
            Outcome {
                cost: members * (1.0 + lift) * rate,
                breakeven_lift: breakeven_lift(*rate, margin),
                predicted_lift: Some(lift),
                aov_lift: aov(&p) - aov(&b),
                tiers: Vec::new(),
                baseline: b,
                promoted: p,
            }
        }
    }
}

/// Threshold tiers (also a coupon, with `uses` = its redemption rate) over `k` × the period.
fn threshold(
    base: &Baseline,
    margin: f64,
    tiers: &[Tier],
    reach: f64,
    take_up: f64,
    uses: f64,
    k: f64,
) -> Outcome {
    let mut tiers: Vec<Tier> = tiers
        .iter()
        .copied()
        .filter(|t| t.threshold.is_finite() && t.saving.is_finite())
        .collect();
    tiers.sort_by(|a, b| a.threshold.total_cmp(&b.threshold));
    let n = base.orders;
    let share = |c: f64| if n > 0.0 { c / n } else { 0.0 };
    let reach = reach.clamp(0.0, 1.0);
    let mut cost = 0.0;
    let mut added = 0.0;
    let mut outcomes = Vec::with_capacity(tiers.len());
    for (i, t) in tiers.iter().enumerate() {
        let next = tiers.get(i + 1).map_or(f64::INFINITY, |n| n.threshold);
        let below = tiers.get(i.wrapping_sub(1)).copied();
        // Orders whose best tier is this one already.
        let (qualify, _) = base.range(t.threshold, next);
        // Orders within reach of this tier: in [T(1 − reach), T), and at or above the tier
        // below (an order is within reach of the next tier up only). Those at the tier below
        // give up its saving when they top up.
        let lo = match below {
            Some(b) => (t.threshold * (1.0 - reach)).max(b.threshold),
            None => t.threshold * (1.0 - reach),
        };
        let (near, near_sum) = base.range(lo, t.threshold);
        let toppers = near * take_up * uses;
        let saving_now = qualify * t.saving * uses;
        let step_cost = toppers * (t.saving - below.map_or(0.0, |b| b.saving));
        cost += saving_now + step_cost;
        added += toppers * t.threshold - near_sum * take_up * uses;
        let (above, _) = base.range(t.threshold, f64::INFINITY);
        outcomes.push(TierOutcome {
            tier: *t,
            share_above: share(above),
            share_within_reach: share(near),
            cost: (saving_now + step_cost) * k,
        });
    }
    let b = Totals::new(
        base.orders * k,
        base.units * k,
        base.gmv * k,
        base.gmv * k * margin,
    );
    let gmv = (base.gmv + added - cost) * k;
    let gp = (base.gmv * margin + added * margin - cost) * k;
    // The goods added to reach a threshold, as units at the average price per unit.
    let added_units = if base.gmv > 0.0 {
        added * base.units / base.gmv
    } else {
        0.0
    };
    let p = Totals::new(b.orders, b.units + added_units * k, gmv, gp);
    let aov = |t: &Totals| {
        if t.orders > 0.0 {
            t.gmv / t.orders
        } else {
            0.0
        }
    };
    Outcome {
        cost: cost * k,
        breakeven_lift: None,
        predicted_lift: None,
        aov_lift: aov(&p) - aov(&b),
        tiers: outcomes,
        baseline: b,
        promoted: p,
    }
}

/// Up to four promotions side by side.
pub fn compare(base: &Baseline, margin: f64, promotions: &[Promotion]) -> Vec<Outcome> {
    promotions
        .iter()
        .take(4)
        .map(|p| evaluate(base, margin, p))
        .collect()
}
