//! The media response curve: geometric adstock, then Hill saturation (the curve of Meta's
//! Robyn and Google's Meridian).
//!
//! Adstock carries spend over into later periods: x_t = s_t + θ·x_{t−1}, with decay θ in [0, 1).
//! Hill saturation turns adstocked spend into revenue: β·x^α / (x^α + κ^α), where β is the most
//! the channel can bring in a period, κ the adstocked spend that brings half of it, and α the
//! shape (S-shaped for α > 1, concave for α ≤ 1). At a constant spend s per period the adstock
//! settles at s / (1 − θ), which gives the steady-state response used to plan a split.

use serde::{Deserialize, Serialize};

/// Geometric adstock of a spend series, starting from `x0` carried over from before:
/// x_t = s_t + θ·x_{t−1}.
pub fn adstock(spend: &[f64], theta: f64, x0: f64) -> Vec<f64> {
    let mut x = x0;
    spend
        .iter()
        .map(|s| {
            x = s.max(0.0) + theta * x;
            x
        })
        .collect()
}

/// Hill saturation x^α / (x^α + κ^α), 0 for x ≤ 0. `libm` keeps the bits identical natively
/// and in wasm.
pub fn hill(x: f64, alpha: f64, kappa: f64) -> f64 {
    if x <= 0.0 || kappa <= 0.0 {
        return if x > 0.0 { 1.0 } else { 0.0 };
    }
    // x^α / (x^α + κ^α) = 1 / (1 + (κ/x)^α), which does not overflow for large x.
    1.0 / (1.0 + libm::pow(kappa / x, alpha))
}

/// d/dx of [`hill`].
pub fn hill_derivative(x: f64, alpha: f64, kappa: f64) -> f64 {
    if x <= 0.0 || kappa <= 0.0 {
        // The slope at 0 is 0 for α > 1, infinite for α < 1, 1/κ for α = 1.
        return if alpha == 1.0 && kappa > 0.0 {
            1.0 / kappa
        } else if alpha < 1.0 {
            f64::INFINITY
        } else {
            0.0
        };
    }
    let r = libm::pow(kappa / x, alpha);
    alpha * r / (x * (1.0 + r) * (1.0 + r))
}

/// One channel's fitted (or assumed) response: revenue contribution per period =
/// β·Hill(adstock(spend)).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseCurve {
    /// Adstock decay θ, in [0, 1).
    pub theta: f64,
    /// Hill shape α.
    pub alpha: f64,
    /// Half-saturation κ, in adstocked spend.
    pub kappa: f64,
    /// The most the channel brings in one period.
    pub beta: f64,
}

impl ResponseCurve {
    /// The adstock a constant spend per period settles at: s / (1 − θ).
    pub fn steady_adstock(&self, spend: f64) -> f64 {
        spend.max(0.0) / (1.0 - self.theta.clamp(0.0, 0.999))
    }

    /// Revenue per period at a constant spend per period, once adstock has settled.
    pub fn steady(&self, spend: f64) -> f64 {
        self.beta * hill(self.steady_adstock(spend), self.alpha, self.kappa)
    }

    /// The marginal return of spend at a constant spend: d steady / d spend (the next ¥1's
    /// revenue, per period).
    pub fn marginal(&self, spend: f64) -> f64 {
        let k = 1.0 / (1.0 - self.theta.clamp(0.0, 0.999));
        self.beta * k * hill_derivative(self.steady_adstock(spend), self.alpha, self.kappa)
    }

    /// Revenue of each period of a spend path, with adstock `x0` carried over from before.
    pub fn path(&self, spend: &[f64], x0: f64) -> Vec<f64> {
        adstock(spend, self.theta, x0)
            .into_iter()
            .map(|x| self.beta * hill(x, self.alpha, self.kappa))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adstock_carries_spend_over() {
        assert_eq!(
            adstock(&[100.0, 0.0, 0.0], 0.5, 0.0),
            vec![100.0, 50.0, 25.0]
        );
        assert_eq!(adstock(&[0.0], 0.5, 40.0), vec![20.0]);
    }

    #[test]
    fn hill_is_half_at_kappa_and_its_derivative_matches_a_difference_quotient() {
        assert!((hill(200.0, 2.0, 200.0) - 0.5).abs() < 1e-12);
        for (x, alpha, kappa) in [(50.0, 2.0, 100.0), (300.0, 0.7, 100.0), (1e6, 3.0, 10.0)] {
            let h = 1e-4 * x;
            let numeric = (hill(x + h, alpha, kappa) - hill(x - h, alpha, kappa)) / (2.0 * h);
            let exact = hill_derivative(x, alpha, kappa);
            assert!(
                (numeric - exact).abs() <= 1e-6 * exact.abs().max(1e-12),
                "{x} {alpha} {kappa}"
            );
        }
    }

    #[test]
    fn steady_state_is_where_a_constant_spend_path_settles() {
        let c = ResponseCurve {
            theta: 0.6,
            alpha: 1.8,
            kappa: 900.0,
            beta: 5_000.0,
        };
        let path = c.path(&[300.0; 80], 0.0);
        assert!((path[79] - c.steady(300.0)).abs() < 1e-6);
        let h = 0.01;
        let numeric = (c.steady(300.0 + h) - c.steady(300.0 - h)) / (2.0 * h);
        assert!((numeric - c.marginal(300.0)).abs() < 1e-6);
    }
}
