//! The classic closed forms: EOQ, safety stock with lead-time variability, reorder point, the
//! expected fill rate from the standard normal loss function, and the newsvendor quantity —
//! with the standard normal functions they need.
//!
//! Sources: Harris (1913) and any operations text for EOQ (e.g. Snyder & Shen, *Fundamentals
//! of Supply Chain Theory*, 2nd ed., ch. 3, whose numbers stockpyl's documentation uses);
//! Silver, Pyke & Thomas, *Inventory and Production Management in Supply Chains*, 4th ed.,
//! ch. 6, for the safety stock with random lead time, σ_LT = √(L·σ_d² + d²·σ_L²), and the fill
//! rate 1 − σ_LT·G(z)/Q with G(z) = φ(z) − z·(1 − Φ(z)); Arrow, Harris & Marschak (1951) for
//! the newsvendor critical fractile p/(p + h).

use serde::{Deserialize, Serialize};

use super::demand::SkuDemand;

/// Days in the year the annual figures use.
pub const DAYS_PER_YEAR: f64 = 365.0;

/// z is kept within ±`Z_LIMIT`: probabilities are clamped to Φ(±8.2) so that 0 and 1 give a
/// finite, if extreme, quantile rather than an infinity that would poison every sum after it.
const Z_LIMIT: f64 = 8.2;

/// Standard normal density φ(z) = exp(−z²/2) / √(2π).
pub fn normal_pdf(z: f64) -> f64 {
    libm::exp(-0.5 * z * z) / (2.0 * std::f64::consts::PI).sqrt()
}

/// Standard normal distribution function Φ(z) = erfc(−z/√2) / 2 (`libm::erfc`, a port of
/// musl's, accurate to about 1 ulp; the complement form keeps full precision in the lower
/// tail).
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// Inverse of Φ: Peter J. Acklam's rational approximation ("An algorithm for computing the
/// inverse normal cumulative distribution function", 2003; relative error below 1.15e-9),
/// refined by one step of Halley's method on Φ(x) − p (as Acklam recommends), which brings it
/// to about machine precision. `p` is clamped to [Φ(−8.2), Φ(8.2)].
pub fn normal_inverse_cdf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.024_25;
    if p.is_nan() {
        return 0.0;
    }
    let p = p.clamp(normal_cdf(-Z_LIMIT), normal_cdf(Z_LIMIT));
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let x = if p < P_LOW {
        tail((-2.0 * libm::log(p)).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * libm::log(1.0 - p)).sqrt())
    };
    // Halley's step: e = Φ(x) − p, u = e·√(2π)·exp(x²/2), x ← x − u / (1 + x·u/2).
    let e = normal_cdf(x) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * libm::exp(0.5 * x * x);
    let refined = x - u / (1.0 + 0.5 * x * u);
    if refined.is_finite() {
        refined.clamp(-Z_LIMIT, Z_LIMIT)
    } else {
        x
    }
}

/// Standard normal loss function G(z) = E[(Z − z)⁺] = φ(z) − z·(1 − Φ(z)): the expected units
/// short per unit of σ when the stock covers z standard deviations.
pub fn normal_loss(z: f64) -> f64 {
    (normal_pdf(z) - z * normal_cdf(-z)).max(0.0)
}

/// The economic order quantity and its annual cost.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Eoq {
    /// Q* = √(2·D·K / h).
    pub quantity: f64,
    /// Annual ordering + holding cost at Q*: √(2·D·K·h).
    pub annual_cost: f64,
}

/// EOQ for annual demand `d` (units per year), order cost `k` per order and holding cost `h`
/// per unit per year: Q* = √(2DK/h), annual cost √(2DKh) (Harris, 1913). Zero quantity and
/// cost when there is no demand; with no holding cost the quantity is unbounded, so it is 0
/// ("no economic lot": the caller orders what it needs) and so is the cost.
pub fn eoq(d: f64, k: f64, h: f64) -> Eoq {
    if !(d > 0.0 && k >= 0.0 && h > 0.0) {
        return Eoq {
            quantity: 0.0,
            annual_cost: 0.0,
        };
    }
    Eoq {
        quantity: (2.0 * d * k / h).sqrt(),
        annual_cost: (2.0 * d * k * h).sqrt(),
    }
}

/// Standard deviation of demand over a random lead time: √(L·σ_d² + d²·σ_L²) for daily demand
/// of mean `d` and standard deviation `sd`, and lead time of mean `l` and standard deviation
/// `sd_l` (days), demand independent across days and of the lead time (Silver, Pyke & Thomas,
/// eq. 6.7 form). Negative inputs count as 0.
pub fn lead_time_demand_sd(d: f64, sd: f64, l: f64, sd_l: f64) -> f64 {
    let (d, sd, l, sd_l) = (d.max(0.0), sd.max(0.0), l.max(0.0), sd_l.max(0.0));
    (l * sd * sd + d * d * sd_l * sd_l).sqrt()
}

/// Safety stock for a target cycle service level `csl` (probability of no stock-out in a
/// replenishment cycle): z·σ_LT with z = Φ⁻¹(csl).
pub fn safety_stock(csl: f64, sigma_lt: f64) -> f64 {
    normal_inverse_cdf(csl) * sigma_lt
}

/// Reorder point d·L + SS.
pub fn reorder_point(d: f64, l: f64, safety_stock: f64) -> f64 {
    d * l + safety_stock
}

/// Expected fill rate (share of demand served from stock) of a reorder-point policy with
/// order quantity `q`, with backorders: 1 − σ_LT·G(z)/Q, clamped to [0, 1]; 1 when σ_LT is 0
/// and 0 when Q is 0 but σ_LT is not.
pub fn fill_rate(sigma_lt: f64, z: f64, q: f64) -> f64 {
    let short = sigma_lt * normal_loss(z);
    if short <= 0.0 {
        1.0
    } else if q <= 0.0 {
        0.0
    } else {
        (1.0 - short / q).clamp(0.0, 1.0)
    }
}

/// The newsvendor's order-up-to level for normal demand N(`mean`, `sd`²), holding (overage)
/// cost `h` and shortage (underage) cost `p` per unit: S* = μ + σ·Φ⁻¹(p/(p + h)). The mean
/// when both costs are 0.
pub fn newsvendor(mean: f64, sd: f64, h: f64, p: f64) -> f64 {
    if h + p <= 0.0 {
        return mean;
    }
    mean + sd.max(0.0) * normal_inverse_cdf(p / (p + h))
}

/// One SKU's formulas with their inputs, for a target cycle service level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Formulas {
    /// Target cycle service level.
    pub target_csl: f64,
    /// Mean daily demand d.
    pub daily_demand: f64,
    /// Standard deviation of daily demand σ_d.
    pub daily_sd: f64,
    /// Annual demand D = d × 365.
    pub annual_demand: f64,
    /// Order cost K.
    pub order_cost: f64,
    /// Holding cost per unit per year h.
    pub holding_cost: f64,
    /// Mean lead time L (days).
    pub lead_time: f64,
    /// Lead-time standard deviation σ_L (days).
    pub lead_time_sd: f64,
    /// EOQ and its annual cost.
    pub eoq: Eoq,
    /// Order quantity used below: the EOQ rounded up to a whole unit, at least the MOQ and 1.
    pub order_quantity: f64,
    /// z = Φ⁻¹(target).
    pub z: f64,
    /// Mean demand over the lead time d·L.
    pub lead_time_demand: f64,
    /// σ_LT = √(L·σ_d² + d²·σ_L²).
    pub sigma_lt: f64,
    /// Safety stock z·σ_LT.
    pub safety_stock: f64,
    /// Reorder point d·L + SS.
    pub reorder_point: f64,
    /// Expected fill rate 1 − σ_LT·G(z)/Q.
    pub fill_rate: f64,
}

/// The formulas for one SKU at a target cycle service level (clamped to [0.5, 0.9999]: below
/// one half the "safety" stock would be negative).
pub fn formulas(sku: &SkuDemand, target_csl: f64) -> Formulas {
    let target_csl = if target_csl.is_nan() {
        0.95
    } else {
        target_csl.clamp(0.5, 0.9999)
    };
    let d = sku.mean.max(0.0);
    let annual_demand = d * DAYS_PER_YEAR;
    let holding_cost = sku.holding_cost();
    let e = eoq(annual_demand, sku.order_cost, holding_cost);
    // Q = max(⌈EOQ⌉, MOQ). Without a holding cost there is no economic lot (the EOQ grows
    // without bound): a year's demand at a time, not the one unit a zero EOQ would give.
    let order_quantity = if d <= 0.0 {
        0.0
    } else if holding_cost > 0.0 {
        libm::ceil(e.quantity).max(sku.moq).max(1.0)
    } else {
        libm::ceil(annual_demand).max(sku.moq).max(1.0)
    };
    let z = normal_inverse_cdf(target_csl);
    let sigma_lt = lead_time_demand_sd(d, sku.sd, sku.lead_time_days, sku.lead_time_sd_days);
    let ss = z * sigma_lt;
    Formulas {
        target_csl,
        daily_demand: d,
        daily_sd: sku.sd,
        annual_demand,
        order_cost: sku.order_cost,
        holding_cost,
        lead_time: sku.lead_time_days,
        lead_time_sd: sku.lead_time_sd_days,
        eoq: e,
        order_quantity,
        z,
        lead_time_demand: d * sku.lead_time_days,
        sigma_lt,
        safety_stock: ss,
        reorder_point: reorder_point(d, sku.lead_time_days, ss),
        fill_rate: if d > 0.0 {
            fill_rate(sigma_lt, z, order_quantity)
        } else {
            1.0
        },
    }
}
