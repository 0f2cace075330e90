//! The written conclusions (自动复盘结论): findings drawn from the report's numbers, each tied to
//! the figure it comes from. The engine states each finding with its numbers; `i18n` writes it
//! as a sentence in either language, so no number in the text is anything but a computed one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::customers::Segment;
use super::sales::Granularity;
use super::{Comparison, Report};
use crate::engine::kpi::growth;
use crate::engine::tables::LocalText;

/// At most this many sentences.
pub const MAX_SENTENCES: usize = 8;

/// One finding, with the numbers its sentence states.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Sentence {
    /// GMV of the period and its change against the comparison period.
    Gmv {
        /// GMV.
        gmv: f64,
        /// Relative change; `None` when the comparison period has no data.
        change: Option<f64>,
        /// Which comparison.
        comparison: Comparison,
    },
    /// What moved GMV: GMV = orders × AOV, so the larger of the two changes drove it.
    Drivers {
        /// Relative change of orders.
        orders_change: f64,
        /// Relative change of AOV.
        aov_change: f64,
    },
    /// The highest point of the trend.
    Peak {
        /// First day of the step.
        start: NaiveDate,
        /// Its step.
        granularity: Granularity,
        /// Its GMV.
        gmv: f64,
        /// Its GMV over the median step's.
        times_median: f64,
    },
    /// The best seller, and how concentrated revenue is.
    TopProduct {
        /// Its name (or SKU), in both languages.
        name: LocalText,
        /// Its share of GMV.
        share: f64,
        /// A-class SKUs.
        a_skus: u64,
        /// Their share of GMV (about 80 %, by the ABC rule).
        a_share: f64,
        /// SKUs sold.
        skus: u64,
    },
    /// The categories that grew and fell most.
    Categories {
        /// The category that grew most, and its growth.
        rising: Option<(LocalText, f64)>,
        /// The category that fell most, and its change.
        falling: Option<(LocalText, f64)>,
    },
    /// New buyers and repurchase.
    Customers {
        /// New buyers.
        new_buyers: u64,
        /// Their share of buyers.
        new_share: f64,
        /// Their share of the buyers' GMV.
        new_revenue_share: f64,
        /// The repurchase rate.
        repurchase_rate: Option<f64>,
    },
    /// Valuable buyers who have not ordered lately.
    AtRisk {
        /// Buyers in the at-risk segment.
        buyers: u64,
        /// Their share of the scored buyers' GMV.
        revenue_share: f64,
    },
    /// Returns.
    Returns {
        /// Return rate.
        return_rate: f64,
        /// The most returned product and its returns value.
        product: Option<(LocalText, f64)>,
    },
    /// Marketing return by channel.
    Marketing {
        /// Overall ROAS.
        roas: f64,
        /// The channel with the highest ROAS, and it.
        best: (String, f64),
        /// The channel with the lowest ROAS, and it.
        worst: (String, f64),
    },
    /// Conversion.
    Conversion {
        /// Conversion rate of the period.
        rate: f64,
        /// That of the comparison period.
        before: Option<f64>,
    },
}

impl Sentence {
    /// The `data-testid` of the figure the sentence comes from.
    pub fn figure(&self) -> &'static str {
        match self {
            Sentence::Gmv { .. } => "report-gmv",
            Sentence::Drivers { .. } => "report-orders",
            Sentence::Peak { .. } => "report-trend",
            Sentence::TopProduct { .. } => "report-top1-share",
            Sentence::Categories { .. } => "report-categories",
            Sentence::Customers { .. } => "report-new-buyers",
            Sentence::AtRisk { .. } => "report-rfm",
            Sentence::Returns { .. } => "report-return-rate",
            Sentence::Marketing { .. } => "report-roas",
            Sentence::Conversion { .. } => "report-conversion-rate",
        }
    }
}

/// A product's name, or its SKU when it has none.
fn name_or_sku(name: &LocalText, sku: &str) -> LocalText {
    if name.en.is_empty() {
        LocalText::new(sku, sku)
    } else {
        name.clone()
    }
}

/// The findings of a report, most important first (at most [`MAX_SENTENCES`]).
pub fn sentences(report: &Report) -> Vec<Sentence> {
    let mut out = Vec::new();
    let sales = &report.sales;
    let current = &sales.current;
    let comparison = match report.request.comparison {
        Comparison::PreviousPeriod => sales.previous.as_ref(),
        Comparison::YearEarlier => sales.year_earlier.as_ref(),
    };
    if current.gmv > 0.0 {
        out.push(Sentence::Gmv {
            gmv: current.gmv,
            change: growth(current.gmv, comparison.map(|k| k.gmv)),
            comparison: report.request.comparison,
        });
    }
    if let Some(before) = comparison.filter(|_| !current.needs_order_lines) {
        if let (Some(orders_change), Some(aov_change)) = (
            growth(current.orders as f64, Some(before.orders as f64)),
            current.aov.and_then(|a| growth(a, before.aov)),
        ) {
            out.push(Sentence::Drivers {
                orders_change,
                aov_change,
            });
        }
    }
    let points = &sales.trend.points;
    if let Some(&i) = sales
        .trend
        .peaks
        .iter()
        .max_by(|a, b| points[**a].gmv.total_cmp(&points[**b].gmv))
    {
        let mut values: Vec<f64> = points.iter().map(|p| p.gmv).collect();
        values.sort_by(f64::total_cmp);
        let median = values[values.len() / 2];
        if median > 0.0 {
            out.push(Sentence::Peak {
                start: points[i].start,
                granularity: sales.trend.granularity,
                gmv: points[i].gmv,
                times_median: points[i].gmv / median,
            });
        }
    }
    let products = &report.products;
    if let (Some(top), Some(share)) = (products.top_by_revenue.first(), products.top1_share) {
        let (a_skus, a_share) = products
            .abc
            .iter()
            .find(|c| c.class == super::products::Abc::A)
            .map_or((0, 0.0), |c| (c.skus, c.revenue_share));
        out.push(Sentence::TopProduct {
            name: name_or_sku(&top.name, &top.sku),
            share,
            a_skus,
            a_share,
            skus: products.skus_sold,
        });
    }
    let named: Vec<_> = products
        .categories
        .iter()
        .filter(|c| !c.category.en.is_empty() && c.revenue_share >= 0.02)
        .filter_map(|c| c.revenue_growth.map(|g| (c.category.clone(), g)))
        .collect();
    if named.len() >= 2 {
        let rising = named
            .iter()
            .filter(|c| c.1 > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .cloned();
        let falling = named
            .iter()
            .filter(|c| c.1 < 0.0)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .cloned();
        if rising.is_some() || falling.is_some() {
            out.push(Sentence::Categories { rising, falling });
        }
    }
    let customers = &report.customers;
    if customers.buyers > 0 {
        let buyers_revenue = customers.new_revenue + customers.returning_revenue;
        out.push(Sentence::Customers {
            new_buyers: customers.new_buyers,
            new_share: customers.new_buyers as f64 / customers.buyers as f64,
            new_revenue_share: if buyers_revenue > 0.0 {
                customers.new_revenue / buyers_revenue
            } else {
                0.0
            },
            repurchase_rate: customers.repurchase_rate,
        });
    }
    if let Some(at_risk) = customers
        .rfm
        .segments
        .iter()
        .find(|s| s.segment == Segment::AtRisk && s.buyers > 0)
    {
        out.push(Sentence::AtRisk {
            buyers: at_risk.buyers,
            revenue_share: at_risk.revenue_share,
        });
    }
    if let Some(rate) = current.return_rate.filter(|r| *r > 0.0) {
        out.push(Sentence::Returns {
            return_rate: rate,
            product: products
                .top_returned
                .first()
                .map(|p| (name_or_sku(&p.name, &p.sku), p.returns_value)),
        });
    }
    if let Some(m) = &report.channels.marketing {
        let with_roas: Vec<(String, f64)> = m
            .channels
            .iter()
            .filter_map(|c| c.roas.map(|r| (c.channel.clone(), r)))
            .collect();
        let best = with_roas.iter().max_by(|a, b| a.1.total_cmp(&b.1));
        let worst = with_roas.iter().min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some(roas), Some(best), Some(worst)) = (m.roas, best, worst) {
            if with_roas.len() >= 2 {
                out.push(Sentence::Marketing {
                    roas,
                    best: best.clone(),
                    worst: worst.clone(),
                });
            }
        }
    }
    if let Some(rate) = report
        .channels
        .traffic
        .as_ref()
        .and_then(|t| t.conversion_rate.map(|r| (r, t.conversion_rate_comparison)))
    {
        out.push(Sentence::Conversion {
            rate: rate.0,
            before: rate.1,
        });
    }
    out.truncate(MAX_SENTENCES);
    out
}
