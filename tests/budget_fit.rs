//! The budget simulator's curve fit (`engine::sim::budget::fit`): recovery of planted response
//! curves (the demo store, and a synthetic shop built here from known curves), fit quality and
//! bootstrap bands on Robyn's simulated weekly sample, the edge cases (a channel never active,
//! constant spend, one period, zero or missing revenue), determinism, and speed.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate};
use shoplab::engine::demo::{self, DemoStore};
use shoplab::engine::ingest::{import, ImportOptions, ImportedTable};
use shoplab::engine::random::Rand;
use shoplab::engine::sim::budget::curve::ResponseCurve;
use shoplab::engine::sim::budget::data::{budget_data, BudgetData, ChannelSeries, RevenueSource};
use shoplab::engine::sim::budget::fit::{fit, ChannelInfo, CurveSource, Fit, FitOptions};
use shoplab::engine::sim::budget::optimize::{optimize, Bounds, ChannelInput, Objective};
use shoplab::engine::sim::budget::DEFAULT_BOUNDS;
use shoplab::engine::tables::Dataset;

const ROBYN: &str = "../shared/data/marketing-mix/robyn_simulated_weekly.csv";

fn robyn() -> BudgetData {
    let bytes = std::fs::read(ROBYN).expect("the Robyn sample is in ../shared/data");
    let imported = import(
        "robyn_simulated_weekly.csv",
        &bytes,
        &ImportOptions::default(),
    )
    .expect("the Robyn sample imports");
    let ImportedTable::Marketing { rows, revenue } = imported.table else {
        panic!("the Robyn sample is a marketing table");
    };
    budget_data(&Dataset {
        marketing: rows,
        period_revenue: revenue,
        ..Default::default()
    })
    .expect("spend and revenue by week")
}

/// The demo store, its weekly series and the fit with the default options (computed once).
fn demo_fit() -> &'static (DemoStore, BudgetData, Fit) {
    static FIT: OnceLock<(DemoStore, BudgetData, Fit)> = OnceLock::new();
    FIT.get_or_init(|| {
        let store = demo::generate(demo::DEFAULT_SEED);
        let data = budget_data(&store.dataset).expect("the demo store has marketing and orders");
        let fit = fit(&data, &FitOptions::default());
        (store, data, fit)
    })
}

/// The `q` quantile of a channel's non-zero spend.
fn spend_quantile(spend: &[f64], q: f64) -> f64 {
    let mut s: Vec<f64> = spend.iter().copied().filter(|v| *v > 0.0).collect();
    s.sort_by(f64::total_cmp);
    s[((s.len() - 1) as f64 * q).round() as usize]
}

/// Every number of the fit is finite.
fn assert_finite(f: &Fit) {
    let curve_ok = |c: &ResponseCurve| {
        [c.theta, c.alpha, c.kappa, c.beta]
            .iter()
            .all(|v| v.is_finite())
            && c.beta >= 0.0
            && (0.0..1.0).contains(&c.theta)
    };
    for c in &f.channels {
        assert!(curve_ok(&c.curve), "{}: {:?}", c.channel, c.curve);
        assert!(c.bootstrap.iter().all(curve_ok), "{}", c.channel);
        for v in [
            c.spend_range.0,
            c.spend_range.1,
            c.current_spend,
            c.last_adstock,
            c.contribution_share,
        ] {
            assert!(v.is_finite(), "{}: {c:?}", c.channel);
        }
    }
    let b = &f.baseline;
    assert!(b.intercept.is_finite() && b.trend.is_finite() && b.periods_per_year.is_finite());
    assert!(b.season.iter().all(|(s, c)| s.is_finite() && c.is_finite()));
    assert!(f.r_squared.is_finite());
    assert!(f.holdout_mape.is_none_or(f64::is_finite));
    assert!(f.holdout_r_squared.is_none_or(f64::is_finite));
    assert!(f.fitted.iter().all(|v| v.is_finite()));
    // Every channel has the same number of bootstrap curves (the band needs them all).
    let draws = f.channels.first().map_or(0, |c| c.bootstrap.len());
    assert!(f.channels.iter().all(|c| c.bootstrap.len() == draws));
}

/// How far the split the fitted curves choose falls short of the best split under the planted
/// curves, both evaluated under the planted ones: at today's total budget (the sum of the
/// channels' current spend), with the page's default bounds (½× to 2× the current spend) for
/// both optimizations. The reference is the optimizer run on the planted parameters, which
/// `tests/budget_optimize.rs` checks against a grid and the KKT conditions.
fn split_shortfall(fit: &Fit, planted: &[ResponseCurve]) -> f64 {
    let inputs = |curves: &mut dyn Iterator<Item = ResponseCurve>| -> Vec<ChannelInput> {
        fit.channels
            .iter()
            .zip(curves)
            .map(|(c, curve)| ChannelInput {
                channel: c.channel.clone(),
                curve,
                current: c.current_spend,
                bounds: Bounds {
                    min: c.current_spend * DEFAULT_BOUNDS.0,
                    max: c.current_spend * DEFAULT_BOUNDS.1,
                },
                locked: false,
            })
            .collect()
    };
    let planted_inputs = inputs(&mut planted.iter().copied());
    let fitted_inputs = inputs(&mut fit.channels.iter().map(|c| c.curve));
    let budget: f64 = fit.channels.iter().map(|c| c.current_spend).sum();
    let objective = Objective::MaxRevenue { budget };
    let best = optimize(&planted_inputs, &objective);
    let chosen = optimize(&fitted_inputs, &objective);
    let chosen_revenue: f64 = planted_inputs
        .iter()
        .zip(&chosen.spend)
        .map(|(c, s)| c.curve.steady(*s))
        .sum();
    let gap = 1.0 - chosen_revenue / best.total_revenue;
    println!(
        "budget {budget:.0}/period: the fitted curves' split {:.0?} brings {chosen_revenue:.0} under the planted curves; their best split {:.0?} brings {:.0}: {:.2} % short",
        chosen.spend,
        best.spend,
        best.total_revenue,
        gap * 100.0
    );
    gap
}

/// The recovery test, on the demo store:
/// 1. **Curves**: each fitted curve's steady-state response is within 10 % of the planted one
///    over the spend range seen, read as the 10th, 50th and 90th percentile of the channel's
///    non-zero weekly spend.
/// 2. **Optimizer**: the split the optimizer finds with the fitted curves, at today's total
///    budget (the sum of the channels' current spend) and the page's default bounds (½× to 2×
///    the current spend, up to at least the highest spend seen), brings within 2 % of the media
///    revenue that the best split under the planted curves brings, both evaluated under the
///    planted curves (the reference is the optimizer run on the planted parameters, which
///    `tests/budget_optimize.rs` checks against a grid and the KKT conditions).
///
/// The demo's marketing sheet carries each platform's attributed revenue (the planted
/// contribution with an 8 % proportional error, as `demo.rs` draws it), so every curve is
/// fitted to it (the default). That attribution is unbiased by construction, so this checks
/// the attribution fit (adstock, Hill, the weighting) rather than how a shop's platforms
/// over-claim: `attributed_curves_are_recovered_and_the_revenue_checks_the_claims` and
/// `mixed_sources_are_put_on_the_revenue_scale` plant a 1.5× over-claim. Measured at seed 1111: errors from −3 % to +7 % (kol_seeding at
/// p10, the foot of its S-curve), the split 0.0 % short; over seeds 1–7 the worst channel was
/// off by 3–6 %.
///
/// From the shop's revenue alone (the marketing-mix model, `use_attribution: false`) the
/// demo's data do not determine the curves this closely: errors from −31 % to +422 % and a
/// split 3.7 % short. The weekly revenue comes from ~480 order lines a week and scatters 6 %
/// around its expectation while a channel brings 2–10 % of it: even with every shape given,
/// a channel's level would have a standard error of 11–62 %. That is what a shop's total
/// revenue can say, and why the page prefers the platforms' figures where the sheet has them
/// and checks them against the revenue (`attribution_check`).
#[test]
fn demo_store_recovers_the_planted_curves_within_ten_percent() {
    let (store, data, fit) = demo_fit();
    assert!(fit
        .channels
        .iter()
        .all(|c| c.source == CurveSource::Attribution));
    let mut worst: f64 = 0.0;
    let mut planted_curves = Vec::new();
    for (fitted, series) in fit.channels.iter().zip(&data.channels) {
        let p = store
            .params
            .channels
            .iter()
            .find(|p| p.channel == series.channel)
            .expect("a planted channel");
        let planted = ResponseCurve {
            theta: p.theta,
            alpha: p.alpha,
            kappa: p.kappa,
            beta: p.beta,
        };
        let errors: Vec<f64> = [0.1, 0.5, 0.9]
            .iter()
            .map(|q| {
                let s = spend_quantile(&series.spend, *q);
                fitted.curve.steady(s) / planted.steady(s) - 1.0
            })
            .collect();
        println!(
            "{:12} θ {:.2}/{:.2} α {:.2}/{:.2} κ {:.0}/{:.0} β {:.0}/{:.0}: error at p10/p50/p90 {:+.0}% {:+.0}% {:+.0}%",
            series.channel,
            fitted.curve.theta,
            p.theta,
            fitted.curve.alpha,
            p.alpha,
            fitted.curve.kappa,
            p.kappa,
            fitted.curve.beta,
            p.beta,
            errors[0] * 100.0,
            errors[1] * 100.0,
            errors[2] * 100.0
        );
        worst = errors.iter().fold(worst, |w, e| w.max(e.abs()));
        planted_curves.push(planted);
    }
    println!(
        "attribution check: {:?}; R² {:.3}",
        fit.attribution_check, fit.r_squared
    );
    let gap = split_shortfall(fit, &planted_curves);
    assert!(worst <= 0.10, "worst error {:.0} %", worst * 100.0);
    assert!(
        gap <= 0.02,
        "the fitted split is {:.1} % short",
        gap * 100.0
    );
}

/// What the demo store's data do support, with the platforms' attribution (the default) and
/// from the revenue alone: a good fit of revenue in and out of sample, every channel fitted
/// with its bootstrap band, media shares that add up to less than the revenue. The planted
/// response at each channel's median spend is printed against the fitted one and the band (not
/// asserted for the revenue alone: with this much noise, whether a band covers it depends on
/// the draw of the orders; a different demo realisation moved the fitted level of one channel
/// from 1.5× to 2.4× the planted one). With the attribution, the revenue check reads within
/// the range the page takes as borne out (0.8–1.25; the demo's platforms claim what their
/// channels bring, before the 2.5 % of cancelled lines, so about 0.975 is the truth). Its band
/// is not asserted to hold it: the bootstrap refits locally and does not see the revenue
/// model's own misfit (a multiplicative baseline fitted as an additive one), and over seeds
/// 1–7 the band missed 1 twice (0.64–0.97, 0.74–0.96).
#[test]
fn demo_store_fit_is_sound_with_bands() {
    let (store, data, attributed) = demo_fit();
    let check = attributed
        .attribution_check
        .as_ref()
        .expect("the demo is fitted to its attribution");
    println!("revenue check {check:?}");
    assert!((0.8..=1.25).contains(&check.factor), "{check:?}");
    assert!(check.band.0 <= check.factor && check.factor <= check.band.1);
    assert!(!check.applied, "every channel is fitted to its attribution");
    let revenue_only = fit(
        data,
        &FitOptions {
            use_attribution: false,
            ..FitOptions::default()
        },
    );
    assert!(revenue_only.attribution_check.is_none());
    for fit in [attributed, &revenue_only] {
        demo_fit_is_sound(store, data, fit);
    }
}

fn demo_fit_is_sound(store: &DemoStore, data: &BudgetData, fit: &Fit) {
    assert_finite(fit);
    println!(
        "demo store: R² {:.3}, holdout MAPE {:.1} % and R² {:.3} over {} weeks",
        fit.r_squared,
        fit.holdout_mape.unwrap_or(f64::NAN) * 100.0,
        fit.holdout_r_squared.unwrap_or(f64::NAN),
        fit.holdout_periods
    );
    assert_eq!(fit.channels.len(), 6);
    assert!(fit.r_squared > 0.9, "R² {}", fit.r_squared);
    let mape = fit.holdout_mape.expect("a holdout");
    assert!(mape < 0.10, "holdout MAPE {mape}");
    assert_eq!(fit.holdout_periods, 16);
    let shares: f64 = fit.channels.iter().map(|c| c.contribution_share).sum();
    assert!((0.05..0.9).contains(&shares), "media share {shares}");
    for (fitted, series) in fit.channels.iter().zip(&data.channels) {
        assert_eq!(fitted.info, ChannelInfo::Fitted, "{}", series.channel);
        assert_eq!(fitted.bootstrap.len(), 40);
        let p = store
            .params
            .channels
            .iter()
            .find(|p| p.channel == series.channel)
            .expect("a planted channel");
        let planted = ResponseCurve {
            theta: p.theta,
            alpha: p.alpha,
            kappa: p.kappa,
            beta: p.beta,
        };
        let s = spend_quantile(&series.spend, 0.5);
        let band = fitted
            .bootstrap
            .iter()
            .map(|c| c.steady(s))
            .fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        let truth = planted.steady(s);
        println!(
            "{:12} at median spend {s:.0}: planted {truth:.0}, fitted {:.0}, band {:.0}–{:.0}",
            series.channel,
            fitted.curve.steady(s),
            band.0,
            band.1
        );
        assert!(band.0 <= band.1 && band.1 > 0.0, "{}", series.channel);
        let recent = &series.spend[series.spend.len() - 13..];
        assert!((fitted.current_spend - recent.iter().sum::<f64>() / 13.0).abs() < 1e-9);
    }
}

/// A synthetic shop from known curves: three channels with decays 0.1–0.5 and S-shaped or
/// concave curves, spend flighted (a quarter of the weeks dark) and varied, on a baseline of
/// trend, yearly season and a Singles' Day lift, with 0.5 % noise; 30 weeks of spend before
/// the data warm the adstock up.
fn synthetic(seed: u64, weeks: usize) -> (BudgetData, Vec<ResponseCurve>) {
    let mut rng = Rand::new(seed);
    let first = NaiveDate::from_ymd_opt(2021, 1, 4).expect("a date");
    let periods: Vec<NaiveDate> = (0..weeks)
        .map(|w| first + Duration::days(7 * w as i64))
        .collect();
    // name, θ, α, κ as a multiple of the mean steady adstock, mean spend, ROAS at the mean
    let specs = [
        ("search", 0.1, 1.2, 1.1, 3000.0, 3.0),
        ("feed", 0.4, 1.6, 1.3, 2500.0, 2.4),
        ("video", 0.5, 1.5, 0.9, 2000.0, 2.0),
        ("email", 0.0, 1.0, 0.8, 500.0, 5.0),
    ];
    let burn = 30;
    let mut channels = Vec::new();
    let mut curves = Vec::new();
    let mut media = vec![0.0; weeks];
    for (name, theta, alpha, ratio, mean, roas) in specs {
        let mut curve = ResponseCurve {
            theta,
            alpha,
            kappa: ratio * mean / (1.0 - theta),
            beta: 1.0,
        };
        curve.beta = roas * mean / curve.steady(mean);
        let spend: Vec<f64> = (0..weeks + burn)
            .map(|_| {
                if rng.chance(0.25) {
                    0.0
                } else {
                    libm::round(mean * rng.lognormal(0.7))
                }
            })
            .collect();
        for (t, v) in curve.path(&spend, 0.0).into_iter().enumerate().skip(burn) {
            media[t - burn] += v;
        }
        channels.push(ChannelSeries {
            channel: name.into(),
            spend: spend[burn..].to_vec(),
            attributed: Vec::new(),
        });
        curves.push(curve);
    }
    let revenue = (0..weeks)
        .map(|t| {
            let w = 2.0 * std::f64::consts::PI * t as f64 / (365.25 / 7.0);
            let d = periods[t];
            let singles = NaiveDate::from_ymd_opt(d.year(), 11, 11).expect("a date");
            let lift = if d <= singles && singles < d + Duration::days(7) {
                25_000.0
            } else {
                0.0
            };
            let base = 40_000.0 + 60.0 * t as f64 + 5_000.0 * libm::sin(w) + 3_000.0 * libm::cos(w)
                - 1_000.0 * libm::sin(2.0 * w)
                + lift;
            (base + media[t]) * (1.0 + 0.005 * rng.normal())
        })
        .collect();
    let data = BudgetData {
        periods,
        period_days: 7,
        revenue,
        revenue_source: RevenueSource::Sheet,
        channels,
        negative_spend: 0,
    };
    (data, curves)
}

/// With data that carry the information, the fit recovers the planted curves: θ within 0.1,
/// the steady response within 10 % at the median and the 90th percentile of spend and within
/// 25 % at the 10th (the foot of an S-curve, where the response is small and adstock rarely
/// goes, is the least determined).
#[test]
fn synthetic_shop_curves_are_recovered() {
    let (data, curves) = synthetic(3, 208);
    let fit = fit(
        &data,
        &FitOptions {
            bootstrap: 10,
            ..FitOptions::default()
        },
    );
    assert_finite(&fit);
    assert!(fit.r_squared > 0.95, "R² {}", fit.r_squared);
    let mape = fit.holdout_mape.expect("a holdout");
    assert!(mape < 0.02, "holdout MAPE {mape}");
    assert!(fit.holdout_r_squared.expect("a holdout") > 0.9);
    for ((fitted, planted), series) in fit.channels.iter().zip(&curves).zip(&data.channels) {
        assert_eq!(fitted.info, ChannelInfo::Fitted);
        assert!(
            (fitted.curve.theta - planted.theta).abs() <= 0.1,
            "{}: θ {} vs {}",
            series.channel,
            fitted.curve.theta,
            planted.theta
        );
        for (q, tolerance) in [(0.1, 0.25), (0.5, 0.1), (0.9, 0.1)] {
            let s = spend_quantile(&series.spend, q);
            let error = fitted.curve.steady(s) / planted.steady(s) - 1.0;
            assert!(
                error.abs() <= tolerance,
                "{} at p{}: {:+.1} %",
                series.channel,
                q * 100.0,
                error * 100.0
            );
        }
    }
    // The baseline's trend and season come back too (the lift of 11-11 is in the fitted values).
    assert!(
        (fit.baseline.trend - 60.0).abs() < 15.0,
        "{:?}",
        fit.baseline
    );
    assert_eq!(fit.baseline.season.len(), 2);
    assert!((fit.baseline.season[0].0 - 5_000.0).abs() < 1_000.0);
    assert!((fit.baseline.season[0].1 - 3_000.0).abs() < 1_000.0);
}

/// Platform attribution built from the synthetic shop's planted curves: each channel's
/// contribution per week (the adstock warmed up from the steady state of its first weeks, as
/// the fit assumes) times `bias`, with a proportional error of `error` (log-normal spread).
fn attribute(data: &mut BudgetData, curves: &[ResponseCurve], bias: f64, error: f64, seed: u64) {
    let mut rng = Rand::new(seed);
    for (series, curve) in data.channels.iter_mut().zip(curves) {
        let first = &series.spend[..6];
        let start = first.iter().sum::<f64>() / 6.0;
        series.attributed = curve
            .path(&series.spend, start / (1.0 - curve.theta))
            .into_iter()
            .map(|v| Some(libm::round(v * bias * rng.lognormal(error) * 100.0) / 100.0))
            .collect();
    }
}

/// With each platform's attributed revenue per week, every curve is fitted to it (the source
/// says so) and recovered within 10 % from the 10th to the 90th percentile of spend, under a
/// 10 % proportional error of the platforms. The platforms here claim 1.5× what the channels
/// bring: the curves follow the claims (1.5× the planted ones), and the revenue check reads the
/// planted 1/1.5 = 0.67 within 0.07, inside its band.
#[test]
fn attributed_curves_are_recovered_and_the_revenue_checks_the_claims() {
    let (mut data, curves) = synthetic(3, 208);
    let bias = 1.5;
    attribute(&mut data, &curves, bias, 0.1, 21);
    let fit = fit(
        &data,
        &FitOptions {
            bootstrap: 20,
            ..FitOptions::default()
        },
    );
    assert_finite(&fit);
    for ((fitted, planted), series) in fit.channels.iter().zip(&curves).zip(&data.channels) {
        assert_eq!(
            fitted.source,
            CurveSource::Attribution,
            "{}",
            series.channel
        );
        for q in [0.1, 0.5, 0.9] {
            let s = spend_quantile(&series.spend, q);
            let error = fitted.curve.steady(s) / (bias * planted.steady(s)) - 1.0;
            assert!(
                error.abs() <= 0.1,
                "{} at p{}: {:+.1} %",
                series.channel,
                q * 100.0,
                error * 100.0
            );
        }
        // The band is around the fitted curve.
        let s = spend_quantile(&series.spend, 0.5);
        let (lo, hi) = fitted
            .bootstrap
            .iter()
            .map(|c| c.steady(s))
            .fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        assert!(lo < fitted.curve.steady(s) * 1.02 && hi > fitted.curve.steady(s) * 0.98);
    }
    let check = fit.attribution_check.expect("a check of the attribution");
    println!("revenue check {check:?}, R² {:.3}", fit.r_squared);
    assert!((check.factor - 1.0 / bias).abs() < 0.07, "{check:?}");
    assert!(
        check.band.0 <= 1.0 / bias && 1.0 / bias <= check.band.1,
        "{check:?}"
    );
    // The model of the revenue still fits (the check's factor scales the attributed channels).
    assert!(fit.r_squared > 0.95, "R² {}", fit.r_squared);
    assert!(fit.holdout_mape.expect("a holdout") < 0.02);
}

/// Attribution only where it is usable: a channel without it, one with it in a few weeks only,
/// and one whose platform reports 0 every week are fitted to the revenue; the option off fits
/// every channel to the revenue (and there is no check). Missing weeks (None) are skipped.
#[test]
fn attribution_is_used_only_where_it_says_something() {
    let (mut data, curves) = synthetic(4, 156);
    attribute(&mut data, &curves, 1.0, 0.1, 5);
    data.channels[1].attributed = Vec::new();
    for v in data.channels[2].attributed.iter_mut().skip(10) {
        *v = None;
    }
    data.channels[3]
        .attributed
        .iter_mut()
        .for_each(|v| *v = Some(0.0));
    // Gaps in the first channel's attribution.
    for t in (0..156).step_by(7) {
        data.channels[0].attributed[t] = None;
    }
    let f = fit(&data, &FitOptions::default());
    assert_finite(&f);
    let sources: Vec<CurveSource> = f.channels.iter().map(|c| c.source).collect();
    assert_eq!(
        sources,
        [
            CurveSource::Attribution,
            CurveSource::Revenue,
            CurveSource::Revenue,
            CurveSource::Revenue
        ]
    );
    let s = spend_quantile(&data.channels[0].spend, 0.5);
    let error = f.channels[0].curve.steady(s) / curves[0].steady(s) - 1.0;
    assert!(error.abs() < 0.1, "{error}");
    assert!(f.attribution_check.is_some());

    let off = fit(
        &data,
        &FitOptions {
            use_attribution: false,
            ..FitOptions::default()
        },
    );
    assert!(off
        .channels
        .iter()
        .all(|c| c.source == CurveSource::Revenue));
    assert!(off.attribution_check.is_none());
    // Without attribution the fit is the marketing-mix model alone, as if the column were absent
    // (but the page knows there is one to choose).
    let mut bare = data.clone();
    bare.channels.iter_mut().for_each(|c| c.attributed.clear());
    let bare_fit = fit(&bare, &FitOptions::default());
    assert!(off.attribution_available && !bare_fit.attribution_available);
    assert_eq!(
        Fit {
            attribution_available: false,
            ..off.clone()
        },
        bare_fit
    );
}

/// Attribution that does not follow the spend is fitted, found wanting (R² under 0.5) and left
/// out: a platform that reports the same figure every week, and one whose revenue falls in the
/// weeks its channel is off air. Those channels are fitted to the revenue, and say why.
#[test]
fn attribution_that_does_not_follow_the_spend_is_not_used() {
    let (mut data, curves) = synthetic(6, 156);
    attribute(&mut data, &curves, 1.0, 0.1, 9);
    data.channels[1].attributed = vec![Some(1_000.0); 156];
    let off_weeks: Vec<Option<f64>> = data.channels[2]
        .spend
        .iter()
        .map(|s| Some(if *s > 0.0 { 0.0 } else { 2_000.0 }))
        .collect();
    data.channels[2].attributed = off_weeks;
    // Values that are not numbers or negative count as missing.
    data.channels[3].attributed[5] = Some(f64::NAN);
    data.channels[3].attributed[6] = Some(-3.0);
    let f = fit(&data, &FitOptions::default());
    assert_finite(&f);
    for c in [1, 2] {
        let r2 = f.channels[c]
            .attribution_r_squared
            .expect("fitted to its attribution");
        assert!(r2 < 0.5, "{}: R² {r2}", f.channels[c].channel);
        assert_eq!(f.channels[c].source, CurveSource::Revenue);
    }
    for c in [0, 3] {
        assert_eq!(f.channels[c].source, CurveSource::Attribution);
        assert!(f.channels[c].attribution_r_squared.is_some_and(|r| r > 0.9));
    }
    // Channels fitted to the revenue beside attributed ones: the check's factor is applied.
    let check = f.attribution_check.expect("a check");
    assert!(check.applied && check.factor >= 0.0, "{check:?}");
}

/// Platforms that over-claim by a planted 1.5× on two of four channels, the other two fitted to
/// the revenue: the attributed curves are scaled by the check's factor onto the revenue's scale,
/// so they land within 15 % of the planted curves (not 50 % over), and the split the fitted
/// curves choose at today's budget brings within 2 % of the planted optimum.
#[test]
fn mixed_sources_are_put_on_the_revenue_scale() {
    let (mut data, curves) = synthetic(3, 208);
    attribute(&mut data, &curves, 1.5, 0.1, 21);
    data.channels[2].attributed.clear();
    data.channels[3].attributed.clear();
    let f = fit(&data, &FitOptions::default());
    assert_finite(&f);
    let check = f.attribution_check.clone().expect("a check");
    println!("{check:?}");
    assert!(check.applied);
    for ((fitted, planted), series) in f.channels.iter().zip(&curves).zip(&data.channels).take(2) {
        assert_eq!(fitted.source, CurveSource::Attribution);
        let s = spend_quantile(&series.spend, 0.5);
        let error = fitted.curve.steady(s) / planted.steady(s) - 1.0;
        assert!(error.abs() < 0.15, "{}: {error}", fitted.channel);
    }
    let gap = split_shortfall(&f, &curves);
    assert!(gap < 0.02, "{gap}");
}

/// A synthetic shop with a channel that never spent, one that always spent the same, one that
/// ran a few weeks only, and one flighted at a single spend level.
#[test]
fn inactive_and_constant_channels_are_flagged_not_fitted() {
    let (mut data, _) = synthetic(5, 104);
    let n = data.revenue.len();
    let on_off: Vec<f64> = (0..n)
        .map(|t| if t % 3 == 0 { 0.0 } else { 800.0 })
        .collect();
    // The flighted channel brings revenue when on, so its level can be told from the baseline.
    let flight = ResponseCurve {
        theta: 0.3,
        alpha: 1.0,
        kappa: 800.0,
        beta: 4_000.0,
    };
    for (r, v) in data.revenue.iter_mut().zip(flight.path(&on_off, 0.0)) {
        *r += v;
    }
    let extra = [
        ("never", vec![0.0; n]),
        ("constant", vec![1_000.0; n]),
        (
            "few_weeks",
            (0..n)
                .map(|t| {
                    if (50..54).contains(&t) {
                        500.0 + t as f64
                    } else {
                        0.0
                    }
                })
                .collect(),
        ),
        ("flighted", on_off),
    ];
    for (name, spend) in extra {
        data.channels.push(ChannelSeries {
            channel: name.into(),
            spend,
            attributed: Vec::new(),
        });
    }
    let fit = fit(&data, &FitOptions::default());
    assert_finite(&fit);
    let by = |name: &str| {
        fit.channels
            .iter()
            .find(|c| c.channel == name)
            .expect("the channel is in the fit")
    };
    let never = by("never");
    assert_eq!(never.info, ChannelInfo::NeverActive);
    assert_eq!(never.curve.beta, 0.0);
    assert_eq!(never.spend_range, (0.0, 0.0));
    assert_eq!((never.current_spend, never.last_adstock), (0.0, 0.0));
    assert_eq!(never.contribution_share, 0.0);
    assert_eq!(never.bootstrap.len(), 40);
    assert!(never.bootstrap.iter().all(|c| c.beta == 0.0));

    // Always the same spend: the assumed shape, and no level apart from the baseline's.
    let constant = by("constant");
    assert_eq!(constant.info, ChannelInfo::ConstantSpend);
    assert_eq!((constant.curve.theta, constant.curve.alpha), (0.3, 1.0));
    assert!((constant.curve.kappa - 1_000.0 / 0.7).abs() < 1e-6);
    assert_eq!(constant.curve.beta, 0.0);
    assert_eq!(constant.spend_range, (1_000.0, 1_000.0));
    assert!((constant.current_spend - 1_000.0).abs() < 1e-9);

    let few = by("few_weeks");
    assert_eq!(few.info, ChannelInfo::ConstantSpend);
    assert_eq!(few.spend_range, (550.0, 553.0));
    assert_eq!(few.current_spend, 0.0);

    // One spend level, on and off: the shape is assumed, the level is fitted.
    let flighted = by("flighted");
    assert_eq!(flighted.info, ChannelInfo::ConstantSpend);
    assert_eq!((flighted.curve.theta, flighted.curve.alpha), (0.3, 1.0));
    let (fitted, planted) = (flighted.curve.steady(800.0), flight.steady(800.0));
    assert!(
        (fitted / planted - 1.0).abs() < 0.25,
        "flighted level {fitted} vs {planted}"
    );
    assert_eq!(flighted.bootstrap.len(), 40);

    // The varied channels are still fitted.
    for name in ["search", "feed", "video", "email"] {
        assert_eq!(by(name).info, ChannelInfo::Fitted);
    }
}

fn weekly(revenue: Vec<f64>, channels: Vec<(&str, Vec<f64>)>) -> BudgetData {
    let first = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
    BudgetData {
        periods: (0..revenue.len())
            .map(|w| first + Duration::days(7 * w as i64))
            .collect(),
        period_days: 7,
        revenue,
        revenue_source: RevenueSource::Sheet,
        channels: channels
            .into_iter()
            .map(|(c, spend)| ChannelSeries {
                channel: c.into(),
                spend,
                attributed: Vec::new(),
            })
            .collect(),
        negative_spend: 0,
    }
}

#[test]
fn degenerate_inputs_give_finite_fits_without_panics() {
    let options = FitOptions::default();

    // A single period.
    let one = fit(
        &weekly(vec![5_000.0], vec![("a", vec![100.0]), ("b", vec![0.0])]),
        &options,
    );
    assert_finite(&one);
    assert_eq!(one.channels[0].info, ChannelInfo::ConstantSpend);
    assert_eq!(one.channels[1].info, ChannelInfo::NeverActive);
    assert_eq!(one.holdout_periods, 0);
    assert_eq!(one.holdout_mape, None);
    assert!((one.fitted[0] - 5_000.0).abs() < 1e-6);
    assert_eq!(one.channels[0].current_spend, 100.0);

    // All-zero revenue: nothing to credit.
    let spend: Vec<f64> = (0..60).map(|t| 100.0 + (t % 7) as f64 * 30.0).collect();
    let zero = fit(&weekly(vec![0.0; 60], vec![("a", spend.clone())]), &options);
    assert_finite(&zero);
    assert_eq!(zero.channels[0].info, ChannelInfo::Fitted);
    assert_eq!(zero.channels[0].curve.beta, 0.0);
    assert!(zero.channels[0].bootstrap.iter().all(|c| c.beta == 0.0));
    assert_eq!(zero.holdout_mape, None);
    assert_eq!(zero.r_squared, 0.0);

    // No periods, no channels, both.
    let empty = fit(&weekly(Vec::new(), vec![("a", Vec::new())]), &options);
    assert_finite(&empty);
    assert_eq!(empty.channels[0].info, ChannelInfo::NeverActive);
    assert!(empty.fitted.is_empty());
    assert_finite(&fit(&weekly(vec![1.0, 2.0, 3.0], Vec::new()), &options));
    assert_finite(&fit(&weekly(Vec::new(), Vec::new()), &options));

    // Missing revenue, missing and negative spend, spend shorter or longer than the revenue.
    let (data, _) = synthetic(9, 80);
    let mut messy = data.clone();
    messy.revenue[3] = f64::NAN;
    messy.revenue[40] = f64::INFINITY;
    messy.channels[0].spend[5] = f64::NAN;
    messy.channels[1].spend[6] = -50.0;
    messy.channels[2].spend.truncate(50);
    messy.channels[3].spend.extend([1.0; 10]);
    let f = fit(&messy, &options);
    assert_finite(&f);
    assert_eq!(f.fitted.len(), 80);

    // Revenue all missing.
    let mut missing = data.clone();
    missing.revenue.iter_mut().for_each(|r| *r = f64::NAN);
    let f = fit(&missing, &options);
    assert_finite(&f);
    assert!(f.channels.iter().all(|c| c.curve.beta == 0.0));

    // Odd options: no bootstrap, a holdout out of range or not a number.
    for (holdout, bootstrap) in [(0.0, 0), (f64::NAN, 3), (-1.0, 2), (7.0, 1)] {
        let f = fit(
            &data,
            &FitOptions {
                holdout,
                bootstrap,
                seed: 1,
                use_attribution: true,
            },
        );
        assert_finite(&f);
        assert!(f.channels.iter().all(|c| c.bootstrap.len() == bootstrap));
        assert!(f.holdout_periods <= 40);
    }

    // Dates at the end of the calendar.
    let mut late = data.clone();
    late.periods = vec![NaiveDate::MAX; 80];
    assert_finite(&fit(&late, &options));

    // Daily and monthly periods.
    let mut daily = data.clone();
    daily.period_days = 1;
    daily.periods = (0..80)
        .map(|d| NaiveDate::from_ymd_opt(2024, 10, 1).expect("a date") + Duration::days(d))
        .collect();
    assert_finite(&fit(&daily, &options));
    let mut monthly = data;
    monthly.period_days = 30;
    monthly.periods.clear();
    assert_finite(&fit(&monthly, &options));
}

/// Robyn's simulated weekly sample (208 weeks, five paid channels): a sane fit without the
/// sheet's context columns (competitor sales, newsletter, events), and bootstrap bands around
/// the curves.
#[test]
fn robyn_sample_fits_five_channels_with_bands() {
    let data = robyn();
    assert_eq!(data.revenue.len(), 208);
    let fit = fit(&data, &FitOptions::default());
    assert_finite(&fit);
    let mape = fit.holdout_mape.expect("a holdout");
    println!(
        "Robyn: R² {:.3}, holdout MAPE {:.1} % and R² {:.3} over {} weeks",
        fit.r_squared,
        mape * 100.0,
        fit.holdout_r_squared.unwrap_or(f64::NAN),
        fit.holdout_periods
    );
    assert!(fit.r_squared > 0.5, "R² {}", fit.r_squared);
    assert!(mape < 0.3, "holdout MAPE {mape}");
    assert_eq!(fit.holdout_periods, 31);
    assert_eq!(fit.channels.len(), 5);
    let shares: f64 = fit.channels.iter().map(|c| c.contribution_share).sum();
    assert!((0.0..1.0).contains(&shares), "media share {shares}");
    for (c, series) in fit.channels.iter().zip(&data.channels) {
        assert_eq!(c.info, ChannelInfo::Fitted, "{}", c.channel);
        assert_eq!(c.bootstrap.len(), 40);
        assert!(c.curve.beta > 0.0, "{}", c.channel);
        let mean = series.spend.iter().sum::<f64>() / series.spend.len() as f64;
        let point = c.curve.steady(mean);
        let mut draws: Vec<f64> = c.bootstrap.iter().map(|b| b.steady(mean)).collect();
        draws.sort_by(f64::total_cmp);
        println!(
            "{:9} θ {:.2} α {:.2} κ {:.0} β {:.0}; share {:.1} %; at mean spend {mean:.0}: {point:.0}, bootstrap 5–95 % {:.0}–{:.0}",
            c.channel,
            c.curve.theta,
            c.curve.alpha,
            c.curve.kappa,
            c.curve.beta,
            c.contribution_share * 100.0,
            draws[2],
            draws[37]
        );
        assert!(
            draws[0] < point && point < draws[39],
            "{}: {point} outside {:?}",
            c.channel,
            (draws[0], draws[39])
        );
        let active: Vec<f64> = series.spend.iter().copied().filter(|v| *v > 0.0).collect();
        assert_eq!(
            c.spend_range,
            (
                active.iter().copied().fold(f64::INFINITY, f64::min),
                active.iter().copied().fold(0.0, f64::max)
            )
        );
        // The adstock after the last week, by the curve's own recursion from the first
        // weeks' steady state.
        assert!(c.last_adstock >= series.spend[207]);
    }
}

#[test]
fn same_seed_same_fit_and_the_seed_moves_only_the_bootstrap() {
    let (data, _) = synthetic(11, 104);
    let options = FitOptions {
        bootstrap: 8,
        ..FitOptions::default()
    };
    let a = fit(&data, &options);
    assert_eq!(a, fit(&data, &options));
    let b = fit(
        &data,
        &FitOptions {
            seed: 8,
            ..options.clone()
        },
    );
    assert_ne!(a.channels[0].bootstrap, b.channels[0].bootstrap);
    for (x, y) in a.channels.iter().zip(&b.channels) {
        assert_eq!(x.curve, y.curve);
    }
    assert_eq!(a.fitted, b.fitted);
}

/// The benchmark, natively: 5 channels × 208 weeks with the holdout and 40 bootstrap
/// refits (the browser goal is 300 ms; wasm runs about 1.5–3× slower than native).
#[test]
fn fit_speed_on_the_robyn_sample() {
    let data = robyn();
    let options = FitOptions::default();
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let start = std::time::Instant::now();
            std::hint::black_box(fit(&data, &options));
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "fit of 5 × 208 with holdout and 40 bootstrap refits: median {:.1} ms (min {:.1})",
        times[2], times[0]
    );
    if !cfg!(debug_assertions) {
        // A guard against a slowdown by an order of magnitude, not a benchmark.
        assert!(times[2] < 1_000.0, "{times:?}");
    }
}

/// Revenue from the orders is only compared with the weeks of spend the orders cover whole:
/// the demo's two years of weekly spend against orders kept for 20 weeks in the middle give
/// those weeks only (their spend and GMV as computed here from the lines); against one month
/// of orders (an imported month beside the demo's marketing sheet) there is nothing to fit.
#[test]
fn spend_is_only_fitted_against_weeks_the_orders_cover() {
    let store = demo::generate(demo::DEFAULT_SEED);
    let all = budget_data(&store.dataset).expect("the demo store has marketing and orders");
    let with_orders_between = |from: NaiveDate, to: NaiveDate| {
        let mut dataset: Dataset = store.dataset.clone();
        let mut orders = (*dataset.orders).clone();
        let keep: Vec<bool> = orders
            .lines()
            .map(|l| (from..=to).contains(&l.placed_at.date()))
            .collect();
        orders.retain(&keep);
        dataset.orders = std::sync::Arc::new(orders);
        dataset
    };
    // 20 whole weeks from the 30th week of spend, plus a few days either side.
    let start = all.periods[30];
    let (from, to) = (
        start - Duration::days(3),
        start + Duration::days(20 * 7 + 2),
    );
    let dataset = with_orders_between(from, to);
    let data = budget_data(&dataset).expect("20 weeks are enough");
    assert_eq!(data.periods, all.periods[30..50].to_vec());
    assert_eq!(data.revenue_source, RevenueSource::Orders);
    for (k, week) in data.periods.iter().enumerate() {
        let gmv: f64 = dataset
            .orders
            .lines()
            // Valid lines, domain.md: not cancelled, quantity and price above 0.
            .filter(|l| {
                l.status != shoplab::engine::tables::LineStatus::Cancelled
                    && l.quantity > 0.0
                    && l.unit_price > 0.0
            })
            .filter(|l| (*week..*week + Duration::days(7)).contains(&l.placed_at.date()))
            .map(|l| l.quantity * l.unit_price)
            .sum();
        assert!(
            (data.revenue[k] - gmv).abs() <= 1e-6 * gmv.max(1.0),
            "week {week}"
        );
        for (c, series) in data.channels.iter().zip(&all.channels) {
            assert_eq!(
                c.spend[k],
                series.spend[30 + k],
                "{} week {week}",
                c.channel
            );
        }
    }
    let month = with_orders_between(start, start + Duration::days(29));
    assert!(budget_data(&month).is_none());
}
