//! The elasticity estimator: exact and noisy hand-made demand with known ε, Student t
//! quantiles against a published table, edge cases, and recovery of the demo store's planted
//! elasticities (`engine::demo`, the seed the app opens with).

use std::sync::Arc;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use shoplab::engine::demo::{generate, DEFAULT_SEED, HERO_SKUS};
use shoplab::engine::random::Rand;
use shoplab::engine::sim::pricing::elasticity::{
    elasticities, scatter, Controls, Options, Target, Verdict,
};
use shoplab::engine::sim::pricing::stats::student_t_quantile;
use shoplab::engine::tables::{Dataset, LineStatus, LocalText, OrderLine, OrderTable, Product};

fn day(n: i64) -> NaiveDateTime {
    // 2024-01-01 is a Monday.
    (NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(n))
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

/// One line per (SKU, week) with the given price and quantity, on the week's Wednesday.
fn table(rows: &[(&str, i64, f64, f64)]) -> OrderTable {
    let mut t = OrderTable::default();
    for (i, (sku, week, price, qty)) in rows.iter().enumerate() {
        let id = format!("o{i}");
        t.push(&OrderLine {
            order_id: &id,
            placed_at: day(week * 7 + 2),
            customer_id: None,
            sku,
            quantity: *qty,
            unit_price: *price,
            status: LineStatus::Paid,
            channel: None,
            region: None,
        });
    }
    t
}

fn dataset(orders: OrderTable) -> Dataset {
    Dataset {
        orders: Arc::new(orders),
        ..Dataset::default()
    }
}

const PRICES: [f64; 5] = [8.0, 9.0, 10.0, 11.0, 12.0];

/// Upper critical values t_{0.975, ν} from the NIST/SEMATECH e-Handbook of Statistical Methods,
/// §1.3.6.7.2 (table of the t distribution), to its three decimals.
#[test]
fn student_t_quantiles_match_the_published_table() {
    for (df, t) in [
        (1.0, 12.706),
        (2.0, 4.303),
        (5.0, 2.571),
        (10.0, 2.228),
        (30.0, 2.042),
        (100.0, 1.984),
    ] {
        let q = student_t_quantile(0.975, df).unwrap();
        assert!((q - t).abs() < 6e-4, "df {df}: {q} vs {t}");
    }
    assert!(student_t_quantile(0.975, 0.0).is_none());
}

/// q = 1000·p^−1.5 exactly, one SKU, 30 weeks: ε = −1.5 to rounding.
#[test]
fn exact_constant_elasticity_is_recovered() {
    let rows: Vec<(&str, i64, f64, f64)> = (0..30)
        .map(|w| {
            let p = PRICES[(w * 3 % 5) as usize];
            ("A", w, p, 1000.0 * p.powf(-1.5))
        })
        .collect();
    let m = elasticities(&dataset(table(&rows)), &Options::default());
    let e = m.get(&Target::Sku("A".into())).unwrap();
    assert!((e.elasticity + 1.5).abs() < 1e-6, "{}", e.elasticity);
    assert_eq!(e.controls, Controls::Trend);
    assert_eq!(e.verdict, Verdict::Ok);
    assert_eq!(e.distinct_prices, 5);
    assert_eq!(e.price_range, (8.0, 12.0));
    assert_eq!(e.weeks_with_sales, 30);
    assert!(e.r_squared > 0.999_999);
}

/// Postage is not goods: a SKU named "POSTAGE" with varying prices gets no estimate, its lines
/// are counted as charges, and the product beside it is estimated as before.
#[test]
fn postage_gets_no_elasticity() {
    let mut rows: Vec<(&str, i64, f64, f64)> = (0..30)
        .map(|w| {
            let p = PRICES[(w * 3 % 5) as usize];
            ("A", w, p, 1000.0 * p.powf(-1.5))
        })
        .collect();
    rows.extend((0..30).map(|w| ("POST", w, PRICES[(w % 5) as usize], 20.0)));
    let mut data = dataset(table(&rows));
    data.products = vec![
        Product {
            sku: "A".into(),
            name: LocalText::new("Mug", "马克杯"),
            category: LocalText::default(),
        },
        Product {
            sku: "POST".into(),
            name: LocalText::new("POSTAGE", "POSTAGE"),
            category: LocalText::default(),
        },
    ];
    let m = elasticities(&data, &Options::default());
    assert!(m.get(&Target::Sku("POST".into())).is_none());
    assert_eq!(m.excluded.charges, 30);
    assert_eq!(m.lines_used, 30);
    let e = m.get(&Target::Sku("A".into())).unwrap();
    assert!((e.elasticity + 1.5).abs() < 1e-6, "{}", e.elasticity);
}

/// Six SKUs with ε from −0.8 to −2.8, exact demand times a shared week effect (a promotion
/// season): the week effects absorb it and every ε comes back.
#[test]
fn exact_panel_with_week_effects_is_recovered() {
    let eps = [-0.8, -1.2, -1.6, -2.0, -2.4, -2.8];
    let names = ["A", "B", "C", "D", "E", "F"];
    let mut rows = Vec::new();
    for (i, (e, name)) in eps.iter().zip(names).enumerate() {
        for w in 0..40i64 {
            let p = PRICES[((w + i as i64) * 2 % 5) as usize] * (1.0 + i as f64);
            let season = if w % 10 < 2 { 3.0 } else { 1.0 };
            rows.push((name, w, p, 500.0 * season * (p / (1.0 + i as f64)).powf(*e)));
        }
    }
    let m = elasticities(&dataset(table(&rows)), &Options::default());
    assert_eq!(m.week_effects.len(), 40);
    for (e, name) in eps.iter().zip(names) {
        let est = m.get(&Target::Sku(name.into())).unwrap();
        assert_eq!(est.controls, Controls::WeekEffects);
        assert!(
            (est.elasticity - e).abs() < 0.01,
            "{name}: {} vs {e}",
            est.elasticity
        );
    }
}

/// Exact demand with shared week effects, where one big seller (about 60 % of the units) ran a
/// price test in four-week arms at 0.7×, 1× and 1.3× while eight small SKUs' prices drifted a
/// little: the week effects must not take up the big seller's price response. Block
/// coordinate ascent alone (12 rounds) left such a seller's ε 0.2 off on the demo store; the
/// estimate has to be exact here.
#[test]
fn big_seller_in_a_price_test_does_not_leak_into_the_week_effects() {
    let arms = [
        1.0, 0.7, 1.3, 1.0, 1.3, 0.7, 1.0, 0.7, 1.3, 1.3, 0.7, 1.0, 1.3,
    ];
    let season = |w: i64| 1.0 + 0.5 * (w as f64 / 8.0).sin() + if w % 13 == 6 { 2.0 } else { 0.0 };
    let mut rows = Vec::new();
    let mut planted = vec![("HERO", -2.2)];
    for w in 0..52i64 {
        let p = 50.0 * arms[(w / 4) as usize];
        rows.push(("HERO", w, p, 4000.0 * season(w) * (p / 50.0f64).powf(-2.2)));
    }
    let names = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8"];
    for (i, name) in names.iter().enumerate() {
        let e = -0.8 - 0.25 * i as f64;
        planted.push((name, e));
        for w in 0..52i64 {
            let p = 20.0 * (1.0 + 0.04 * (((w + 3 * i as i64) / 6) % 3) as f64);
            rows.push((name, w, p, 300.0 * season(w) * (p / 20.0f64).powf(e)));
        }
    }
    let m = elasticities(&dataset(table(&rows)), &Options::default());
    for (name, e) in planted {
        let est = m.get(&Target::Sku(name.into())).unwrap();
        assert_eq!(est.controls, Controls::WeekEffects);
        assert!(
            (est.elasticity - e).abs() < 1e-3,
            "{name}: {} vs {e}",
            est.elasticity
        );
    }
}

/// Poisson demand around 200·(p/10)^−1.5, two years, seeded: ε within ±0.2 and inside the
/// interval.
#[test]
fn noisy_constant_elasticity_is_recovered() {
    let mut rng = Rand::new(7);
    let rows: Vec<(&str, i64, f64, f64)> = (0..104)
        .filter_map(|w| {
            let p = PRICES[rng.below(5) as usize];
            let q = rng.poisson(200.0 * (p / 10.0).powf(-1.5)) as f64;
            (q > 0.0).then_some(("A", w, p, q))
        })
        .collect();
    let m = elasticities(&dataset(table(&rows)), &Options::default());
    let e = m.get(&Target::Sku("A".into())).unwrap();
    assert_eq!(e.controls, Controls::TrendAndSeason);
    assert!((e.elasticity + 1.5).abs() < 0.2, "{}", e.elasticity);
    assert!(
        e.interval.0 < -1.5 && -1.5 < e.interval.1,
        "{:?}",
        e.interval
    );
    assert_eq!(e.verdict, Verdict::Ok);
}

#[test]
fn edge_cases_give_a_verdict_not_a_panic() {
    // Empty table.
    let m = elasticities(&dataset(OrderTable::default()), &Options::default());
    assert!(m.skus.is_empty() && m.categories.is_empty() && m.week_effects.is_empty());

    let mut rows: Vec<(&str, i64, f64, f64)> = Vec::new();
    // One price only, 20 weeks.
    rows.extend((0..20).map(|w| ("ONE", w, 10.0, 5.0 + (w % 3) as f64)));
    // Sold once.
    rows.push(("ONCE", 3, 10.0, 1.0));
    // Returns, zero and negative prices and quantities: excluded and counted.
    rows.push(("ONE", 4, 10.0, -2.0));
    rows.push(("ONE", 5, 10.0, 0.0));
    rows.push(("ONE", 6, 0.0, 3.0));
    rows.push(("ONE", 7, -1.0, 3.0));
    // Only bad lines.
    rows.push(("BAD", 2, -5.0, 1.0));
    let mut t = table(&rows);
    t.push(&OrderLine {
        order_id: "c1",
        placed_at: day(10),
        customer_id: None,
        sku: "ONE",
        quantity: 4.0,
        unit_price: 10.0,
        status: LineStatus::Cancelled,
        channel: None,
        region: None,
    });
    let m = elasticities(&dataset(t), &Options::default());
    assert_eq!(m.excluded.non_positive_quantity, 2);
    assert_eq!(m.excluded.non_positive_price, 3);
    assert_eq!(m.excluded.cancelled, 1);
    assert_eq!(m.lines_used, 21);
    let one = m.get(&Target::Sku("ONE".into())).unwrap();
    assert_eq!(one.verdict, Verdict::PricesBarelyVaried);
    assert_eq!(one.distinct_prices, 1);
    let once = m.get(&Target::Sku("ONCE".into())).unwrap();
    assert_eq!(once.verdict, Verdict::TooFewWeeks);
    assert!(once.elasticity.is_nan());
    assert!(m.get(&Target::Sku("BAD".into())).is_none());
}

/// A price set when demand is high (the classic endogeneity): flagged, not trusted.
#[test]
fn demand_driven_prices_are_flagged() {
    let mut rng = Rand::new(3);
    let rows: Vec<(&str, i64, f64, f64)> = (0..60)
        .map(|w| {
            let high = rng.chance(0.5);
            let p = if high { 12.0 } else { 9.0 } + rng.below(3) as f64 * 0.5;
            let q = rng.poisson(if high { 300.0 } else { 100.0 }) as f64;
            ("HOT", w, p, q)
        })
        .collect();
    let m = elasticities(&dataset(table(&rows)), &Options::default());
    let e = m.get(&Target::Sku("HOT".into())).unwrap();
    assert!(e.elasticity > 0.0);
    assert_eq!(e.verdict, Verdict::ImplausibleSign);
}

/// Recovery on the demo store (seed 1111, the one the app opens with): the issue's "within
/// ±0.2 of the planted ones for products whose price varied, and flagged for those whose
/// price did not" (the second half: `demo_sku_with_a_constant_price_is_flagged`).
///
/// Whether ±0.2 can be met depends on the data, not the estimator: the information bound on ε
/// is SE ≈ 1/√(lines × var ln p). The demo's three hero products (`HERO_SKUS`, 爆款) ran a
/// price test at 0.7×, 1× and 1.3× (var ln p ≈ 0.064) over ~3,000 lines each: SE ≈ 0.07–0.09, and
/// each must be rated Ok and within ±0.2 of its planted ε. The other 117 SKUs' list prices
/// drift in small steps (ln-price spread ≈ 0.1) over a few hundred lines each, which bounds
/// their SE at 0.3–1.0, and most are rated "uncertain" (flagged, with no number to act on).
/// Every SKU rated Ok, the estimates the page presents as trustworthy, must lie within ±0.2
/// (and within 3 standard errors), and the 95 % intervals hold the planted ε for ≥ 90 % of all
/// SKUs. Per category the pooled estimate lies within 3 SE of its SKUs' planted ε,
/// averaged with the weights the pooled slope gives them (units × variance of ln price), and
/// within ±0.2 for the three categories whose hero's test pins it (SE ≈ 0.05).
#[test]
fn demo_store_elasticities_are_recovered() {
    assert_eq!(DEFAULT_SEED, 1111);
    let store = generate(DEFAULT_SEED);
    let m = elasticities(&store.dataset, &Options::default());
    assert_eq!(m.week_effects.len(), 105);
    let (mut covered, mut heroes, mut rated_ok, mut worst_ok) = (0, 0, 0, 0.0f64);
    for p in &store.params.skus {
        let e = m.get(&Target::Sku(p.sku.clone())).unwrap();
        assert!(
            e.distinct_prices >= 3,
            "{}: the demo varies every price",
            p.sku
        );
        if e.interval.0 <= p.elasticity && p.elasticity <= e.interval.1 {
            covered += 1;
        }
        let err = (e.elasticity - p.elasticity).abs();
        if p.price_test {
            heroes += 1;
            eprintln!(
                "hero {}: {:.3} ± {:.3} vs planted {:.3}",
                p.sku, e.elasticity, e.std_error, p.elasticity
            );
            // Rated trustworthy, hence (below) within ±0.2.
            assert_eq!(e.verdict, Verdict::Ok, "{}", p.sku);
        }
        if e.verdict == Verdict::Ok {
            worst_ok = worst_ok.max(err);
            rated_ok += 1;
            // What the page presents as trustworthy is within the issue's ±0.2.
            assert!(
                err <= 0.2,
                "{}: {} vs {}",
                p.sku,
                e.elasticity,
                p.elasticity
            );
            assert!(
                err <= 3.0 * e.std_error,
                "{}: {} vs {}",
                p.sku,
                e.elasticity,
                p.elasticity
            );
        }
    }
    assert_eq!(heroes, HERO_SKUS.len());
    let skus = store.params.skus.len();
    assert!(covered * 100 >= skus * 90, "coverage {covered}/{skus}");
    eprintln!(
        "coverage {covered}/{skus}; {rated_ok} SKUs rated Ok, worst |error| among them {worst_ok:.2}"
    );
    for e in &m.categories {
        let Target::Category(name) = &e.target else {
            unreachable!()
        };
        // The pooled slope weighs each SKU by its information, units × var(ln p) (data facts,
        // not estimates): the reference is the planted ε weighted the same way.
        let (mut num, mut den, mut has_hero) = (0.0, 0.0, false);
        for p in &store.params.skus {
            let in_category = store
                .dataset
                .products
                .iter()
                .any(|q| q.sku == p.sku && &q.category.en == name);
            if in_category {
                let s = m.get(&Target::Sku(p.sku.clone())).unwrap();
                let w = s.units * s.log_price_sd * s.log_price_sd;
                num += w * p.elasticity;
                den += w;
                has_hero |= p.price_test;
            }
        }
        let mean = num / den;
        let err = (e.elasticity - mean).abs();
        eprintln!(
            "{name}: {:.2} ± {:.2} vs planted (weighted) {mean:.2}",
            e.elasticity, e.std_error
        );
        assert_eq!(e.verdict, Verdict::Ok, "{name}");
        assert!(
            err <= 3.0 * e.std_error,
            "{name}: {} vs {mean}",
            e.elasticity
        );
        if has_hero {
            assert!(err <= 0.2, "{name}: {} vs {mean}", e.elasticity);
        }
    }
}

/// A SKU whose price never changed is flagged even in the demo store: the demo's lines with
/// SKU-101's price replaced by its base price.
#[test]
fn demo_sku_with_a_constant_price_is_flagged() {
    let store = generate(DEFAULT_SEED);
    let base = store.params.skus[0].base_price;
    let sku = store.params.skus[0].sku.clone();
    let mut t = OrderTable::default();
    for line in store.dataset.orders.lines() {
        let mut l = line.clone();
        if l.sku == sku {
            l.unit_price = base;
        }
        t.push(&l);
    }
    let ds = Dataset {
        orders: Arc::new(t),
        products: store.dataset.products.clone(),
        ..Dataset::default()
    };
    let m = elasticities(&ds, &Options::default());
    let e = m.get(&Target::Sku(sku)).unwrap();
    assert_eq!(e.verdict, Verdict::PricesBarelyVaried);
    assert_eq!(e.distinct_prices, 1);
}

#[test]
fn scatter_points_and_line_follow_the_estimate() {
    let store = generate(DEFAULT_SEED);
    let m = elasticities(&store.dataset, &Options::default());
    let e = &m.skus[0];
    let s = scatter(&store.dataset, &m, &e.target).unwrap();
    assert_eq!(s.points.len(), e.weeks_with_sales);
    let slope = (s.line[1].1 - s.line[0].1) / (s.line[1].0 - s.line[0].0);
    assert!((slope - e.elasticity).abs() < 1e-9);
    let c = &m.categories[0];
    let s = scatter(&store.dataset, &m, &c.target).unwrap();
    assert_eq!(s.points.len(), c.weeks_with_sales);
    assert!(scatter(&store.dataset, &m, &Target::Sku("nope".into())).is_none());
    // Categories from a catalogue.
    let _ = (
        LocalText::new("a", "b"),
        Product {
            sku: String::new(),
            name: LocalText::new("", ""),
            category: LocalText::new("", ""),
        },
    );
}

/// A file without product names gives products with empty names: the pricing model names
/// them by their SKU (the page would otherwise show "BAG-04 ·  · few weeks"); a named one keeps
/// its name.
#[test]
fn products_without_a_name_are_named_by_their_sku() {
    let rows: Vec<(&str, i64, f64, f64)> = (0..20)
        .flat_map(|w| [("BAG-04", w, 10.0, 3.0), ("CUP-01", w, 5.0, 2.0)])
        .collect();
    let mut data = dataset(table(&rows));
    data.products = vec![
        Product {
            sku: "BAG-04".into(),
            name: LocalText::new("", ""),
            category: LocalText::default(),
        },
        Product {
            sku: "CUP-01".into(),
            name: LocalText::new("Cup", "杯子"),
            category: LocalText::default(),
        },
    ];
    let m = shoplab::engine::sim::pricing::model(&data).expect("orders");
    let name = |sku: &str| {
        m.products
            .iter()
            .find(|p| p.sku == sku)
            .map(|p| p.name.clone())
            .expect("listed")
    };
    assert_eq!(name("BAG-04"), LocalText::new("BAG-04", "BAG-04"));
    assert_eq!(name("CUP-01"), LocalText::new("Cup", "杯子"));
}

/// Volume pricing (`Verdict::VolumePricing`): a product whose price list never changed over
/// the two years, 2.95 a unit, 2.55 from 24 units and 2.32 from 100 (UCI's 85123A has the
/// first two), and whose demand has nothing to do with price: each week a Poisson number of
/// retail orders (1–3 units), of wholesale orders (24–48 units) and of 100-unit orders. A week with more wholesale orders has
/// a lower average price and more units, so the weekly slope comes out strongly negative; the
/// verdict says why it is not an elasticity. The within-week share of the variance of ln price
/// and the within-week correlation of ln price and ln quantity are computed here line by line,
/// independently (each week's lines about their own mean). A second product with the same
/// orders but one price per week, changed over time with a planted ε = −1.5, keeps its Ok.
#[test]
fn volume_pricing_is_flagged_and_time_varying_prices_are_not() {
    let mut rng = Rand::new(11);
    let mut lines: Vec<(&str, i64, f64, f64)> = Vec::new();
    for w in 0..104 {
        for _ in 0..rng.poisson(6.0) {
            lines.push(("TIERED", w, 2.95, (1 + rng.below(3)) as f64));
        }
        for _ in 0..rng.poisson(1.5) {
            lines.push(("TIERED", w, 2.55, (24 + 12 * rng.below(3)) as f64));
        }
        for _ in 0..rng.poisson(0.3) {
            lines.push(("TIERED", w, 2.32, 100.0));
        }
        // One price a week, from five, with demand ∝ p^−1.5 (orders of 1–3 units).
        let p = PRICES[rng.below(5) as usize];
        for _ in 0..rng.poisson(30.0 * (p / 10.0).powf(-1.5)) {
            lines.push(("WEEKLY", w, p, (1 + rng.below(3)) as f64));
        }
    }
    // Several lines in a week: each on its own day of the week would change nothing; `table`
    // puts them all on the Wednesday.
    let m = elasticities(&dataset(table(&lines)), &Options::default());

    let e = m.get(&Target::Sku("TIERED".into())).unwrap();
    assert!(
        e.elasticity < -1.0,
        "the weekly slope looks elastic: {}",
        e.elasticity
    );
    assert_eq!(e.verdict, Verdict::VolumePricing);
    // Line by line: the within-week sums of squares and products of ln p and ln q, and the
    // total sum of squares of ln p about the product's mean.
    let tiered: Vec<(i64, f64, f64)> = lines
        .iter()
        .filter(|l| l.0 == "TIERED")
        .map(|l| (l.1, l.2.ln(), l.3.ln()))
        .collect();
    let mean_x = tiered.iter().map(|l| l.1).sum::<f64>() / tiered.len() as f64;
    let total_xx: f64 = tiered.iter().map(|l| (l.1 - mean_x).powi(2)).sum();
    let (mut xx, mut yy, mut xy) = (0.0, 0.0, 0.0);
    for w in 0..104 {
        let week: Vec<&(i64, f64, f64)> = tiered.iter().filter(|l| l.0 == w).collect();
        if week.is_empty() {
            continue;
        }
        let n = week.len() as f64;
        let mx = week.iter().map(|l| l.1).sum::<f64>() / n;
        let my = week.iter().map(|l| l.2).sum::<f64>() / n;
        for l in week {
            xx += (l.1 - mx).powi(2);
            yy += (l.2 - my).powi(2);
            xy += (l.1 - mx) * (l.2 - my);
        }
    }
    let (share, r) = (xx / total_xx, xy / (xx * yy).sqrt());
    assert!(share > 0.8 && r < -0.9, "share {share}, r {r}");
    assert!(
        (e.within_week_price_share - share).abs() < 1e-9,
        "{} vs {share}",
        e.within_week_price_share
    );
    assert!(
        (e.within_week_correlation - r).abs() < 1e-9,
        "{} vs {r}",
        e.within_week_correlation
    );

    let w = m.get(&Target::Sku("WEEKLY".into())).unwrap();
    assert_eq!(w.verdict, Verdict::Ok, "{w:?}");
    assert!((w.elasticity + 1.5).abs() < 0.2, "{}", w.elasticity);
    // One price a week: no variation of ln price within weeks at all.
    assert!(
        w.within_week_price_share.abs() < 1e-9,
        "{}",
        w.within_week_price_share
    );
}

/// The demo store plants one price per SKU and day, and quantities per line that do not depend
/// on it: no SKU of the demo is judged to have volume pricing.
#[test]
fn demo_store_has_no_volume_pricing() {
    let store = generate(DEFAULT_SEED);
    let m = elasticities(&store.dataset, &Options::default());
    for e in m.skus.iter().chain(&m.categories) {
        assert_ne!(e.verdict, Verdict::VolumePricing, "{:?}", e.target);
    }
}
