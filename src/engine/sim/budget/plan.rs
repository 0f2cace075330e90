//! The forward plan: the coming periods under a split of the budget, from the fitted curves,
//! the adstock carried over from the last periods of the data, and the baseline (trend and
//! season) extrapolated.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fit::{Baseline, ChannelFit};

/// One period of the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanPeriod {
    /// First day of the period.
    pub start: NaiveDate,
    /// Spend by channel.
    pub spend: Vec<f64>,
    /// Revenue each channel brings (with carry-over from earlier spend).
    pub media: Vec<f64>,
    /// The baseline: revenue without marketing.
    pub baseline: f64,
    /// Baseline + media.
    pub revenue: f64,
}

/// The plan for `periods` periods after the data, spending `spend[c]` per period on channel `c`
/// (the channels of `fits`, in order). `first` is the first day of the first planned period
/// and `t0` its index counted from the data's first period (the baseline's time axis).
pub fn forward_plan(
    fits: &[ChannelFit],
    baseline: &Baseline,
    spend: &[f64],
    first: NaiveDate,
    period_days: u32,
    t0: usize,
    periods: usize,
) -> Vec<PlanPeriod> {
    let paths: Vec<Vec<f64>> = fits
        .iter()
        .enumerate()
        .map(|(c, f)| {
            let s = spend.get(c).copied().unwrap_or(0.0).max(0.0);
            f.curve.path(&vec![s; periods], f.last_adstock)
        })
        .collect();
    (0..periods)
        .map(|i| {
            let media: Vec<f64> = paths.iter().map(|p| p[i]).collect();
            let base = baseline.at((t0 + i) as f64).max(0.0);
            PlanPeriod {
                start: first + chrono::Duration::days((i as i64) * i64::from(period_days)),
                spend: (0..fits.len())
                    .map(|c| spend.get(c).copied().unwrap_or(0.0).max(0.0))
                    .collect(),
                revenue: base + media.iter().sum::<f64>(),
                media,
                baseline: base,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sim::budget::curve::ResponseCurve;
    use crate::engine::sim::budget::fit::ChannelInfo;

    fn channel(theta: f64, last_adstock: f64) -> ChannelFit {
        ChannelFit {
            channel: "c".into(),
            curve: ResponseCurve {
                theta,
                alpha: 1.0,
                kappa: 100.0,
                beta: 1_000.0,
            },
            info: ChannelInfo::Fitted,
            spend_range: (0.0, 200.0),
            current_spend: 100.0,
            last_adstock,
            contribution_share: 0.1,
            bootstrap: Vec::new(),
            source: Default::default(),
            attribution_r_squared: None,
        }
    }

    #[test]
    fn carry_over_fades_into_the_new_spend() {
        let baseline = Baseline {
            intercept: 500.0,
            trend: 10.0,
            season: Vec::new(),
            periods_per_year: 52.0,
        };
        let first = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        // Spending nothing: the media revenue is the carried adstock decaying by θ each period.
        let plan = forward_plan(&[channel(0.5, 400.0)], &baseline, &[0.0], first, 7, 100, 3);
        let expected = |x: f64| 1_000.0 * x / (x + 100.0);
        assert!((plan[0].media[0] - expected(200.0)).abs() < 1e-9);
        assert!((plan[1].media[0] - expected(100.0)).abs() < 1e-9);
        assert_eq!(plan[2].start, NaiveDate::from_ymd_opt(2024, 1, 15).unwrap());
        assert!(
            (plan[1].baseline - 1_510.0).abs() < 1e-9,
            "baseline at t = 101"
        );
        // A constant spend converges to the steady state.
        let plan = forward_plan(&[channel(0.5, 0.0)], &baseline, &[50.0], first, 7, 0, 60);
        let steady = channel(0.5, 0.0).curve.steady(50.0);
        assert!((plan[59].media[0] - steady).abs() < 1e-6);
        assert!((plan[59].revenue - plan[59].baseline - steady).abs() < 1e-6);
    }
}
