//! The operations review (运营复盘): every figure of the year-end review a course teaches, for
//! one period against a comparison period.
//!
//! [`report`] builds a [`Report`] from a [`Dataset`] and a [`ReportRequest`]; each section
//! lives in its own module: [`sales`] (KPIs, trend, weekday × hour), [`products`] (ranking,
//! categories, Pareto and ABC-XYZ, slow movers, returns), [`customers`] (new and returning,
//! repurchase, intervals, RFM, cohorts, LTV), [`channels`] (traffic, conversion, marketing
//! return, geography) and [`summary`] (the written conclusions, every number a computed one).
//! Each metric keeps the one definition of `../shared/docs/domain.md`; KPIs come from
//! [`crate::engine::kpi`].

pub mod channels;
pub mod customers;
pub mod products;
pub mod sales;
pub mod summary;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::kpi::{Period, YearMonth};
use super::tables::Dataset;

/// How the report's period is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodChoice {
    /// A calendar month.
    Month(YearMonth),
    /// A calendar quarter (1–4) of a year.
    Quarter {
        /// The year.
        year: i32,
        /// The quarter, 1–4.
        quarter: u32,
    },
    /// A calendar year.
    Year(i32),
    /// Any range of days.
    Custom(Period),
}

impl PeriodChoice {
    /// The days it covers.
    pub fn period(self) -> Period {
        match self {
            PeriodChoice::Month(m) => m.period(),
            PeriodChoice::Quarter { year, quarter } => {
                let first = YearMonth {
                    year,
                    month: (quarter.clamp(1, 4) - 1) * 3 + 1,
                };
                Period {
                    from: first.first_day(),
                    to: first.plus(2).last_day(),
                }
            }
            PeriodChoice::Year(year) => Period {
                from: YearMonth { year, month: 1 }.first_day(),
                to: YearMonth { year, month: 12 }.last_day(),
            },
            PeriodChoice::Custom(p) => p,
        }
    }

    /// The period just before, of the same kind: the previous month, quarter or year, or for a
    /// custom range the same number of days ending the day before (环比).
    pub fn previous(self) -> Period {
        match self {
            PeriodChoice::Month(m) => m.plus(-1).period(),
            PeriodChoice::Quarter { year, quarter } => if quarter <= 1 {
                PeriodChoice::Quarter {
                    year: year - 1,
                    quarter: 4,
                }
            } else {
                PeriodChoice::Quarter {
                    year,
                    quarter: quarter - 1,
                }
            }
            .period(),
            PeriodChoice::Year(year) => PeriodChoice::Year(year - 1).period(),
            PeriodChoice::Custom(p) => {
                let days = (p.to - p.from).num_days() + 1;
                Period {
                    from: p.from - chrono::Duration::days(days),
                    to: p.from - chrono::Duration::days(1),
                }
            }
        }
    }

    /// The same period a year earlier (同比); 29 February maps to 28 February.
    pub fn year_earlier(self) -> Period {
        let back = |d: NaiveDate| {
            d.with_year(d.year() - 1)
                .or_else(|| NaiveDate::from_ymd_opt(d.year() - 1, d.month(), 28))
                .unwrap_or(d)
        };
        match self {
            PeriodChoice::Month(m) => m.plus(-12).period(),
            PeriodChoice::Quarter { year, quarter } => PeriodChoice::Quarter {
                year: year - 1,
                quarter,
            }
            .period(),
            PeriodChoice::Year(year) => PeriodChoice::Year(year - 1).period(),
            PeriodChoice::Custom(p) => Period {
                from: back(p.from),
                to: back(p.to),
            },
        }
    }
}

/// What the period is compared with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparison {
    /// The period just before (环比).
    #[default]
    PreviousPeriod,
    /// The same period a year earlier (同比).
    YearEarlier,
}

/// What the page asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportRequest {
    /// The period under review.
    pub period: PeriodChoice,
    /// What growth is measured against in rankings, categories and channels (the sales KPIs
    /// show both).
    pub comparison: Comparison,
    /// A product is a slow mover when it sold before but not in this many days up to the end
    /// of the period.
    pub slow_mover_days: u32,
    /// The trend's step; `None` chooses one that suits the period.
    pub granularity: Option<sales::Granularity>,
    /// The gross margin for ROI, when the user sets one; else computed from the inventory
    /// table's unit costs, else assumed ([`channels::ASSUMED_GROSS_MARGIN`]).
    pub gross_margin: Option<f64>,
}

impl ReportRequest {
    /// The default request for a dataset: its last full month against the month before.
    pub fn default_for(dataset: &Dataset) -> Option<Self> {
        let (first, last) = dataset.date_range()?;
        Some(Self::last_full_month(first, last))
    }

    /// The last full month of data from `first_day` to `last_day` (see
    /// [`super::kpi::last_full_month`]), against the month before.
    pub fn last_full_month(first_day: NaiveDate, last_day: NaiveDate) -> Self {
        Self {
            period: PeriodChoice::Month(super::kpi::last_full_month(first_day, last_day)),
            comparison: Comparison::PreviousPeriod,
            slow_mover_days: 30,
            granularity: None,
            gross_margin: None,
        }
    }
}

/// The periods a dataset offers, for the period selector: its months, quarters and years
/// (newest first), and its first and last day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodOptions {
    /// First day with data.
    pub first_day: NaiveDate,
    /// Last day with data.
    pub last_day: NaiveDate,
    /// Every month with data, newest first.
    pub months: Vec<YearMonth>,
    /// Every quarter with data, newest first, as (year, quarter).
    pub quarters: Vec<(i32, u32)>,
    /// Every year with data, newest first.
    pub years: Vec<i32>,
}

impl PeriodOptions {
    /// The periods of a dataset; `None` without order lines.
    pub fn of(dataset: &Dataset) -> Option<Self> {
        let (first_day, last_day) = dataset.date_range()?;
        let (first, last) = (YearMonth::of(first_day), YearMonth::of(last_day));
        let mut months = Vec::new();
        let mut m = last;
        while m >= first {
            months.push(m);
            m = m.plus(-1);
        }
        let mut quarters: Vec<(i32, u32)> = months
            .iter()
            .map(|m| (m.year, (m.month - 1) / 3 + 1))
            .collect();
        quarters.dedup();
        let mut years: Vec<i32> = months.iter().map(|m| m.year).collect();
        years.dedup();
        Some(Self {
            first_day,
            last_day,
            months,
            quarters,
            years,
        })
    }
}

/// The whole review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// What was asked.
    pub request: ReportRequest,
    /// The period under review.
    pub period: Period,
    /// The period just before (环比).
    pub previous: Period,
    /// The same period a year earlier (同比).
    pub year_earlier: Period,
    /// The comparison period chosen in the request.
    pub comparison: Period,
    /// First and last day with data: a period the data only partly covers is flagged.
    pub data_range: (NaiveDate, NaiveDate),
    /// Sales.
    pub sales: sales::Sales,
    /// Products.
    pub products: products::Products,
    /// Customers.
    pub customers: customers::Customers,
    /// Traffic, marketing and geography.
    pub channels: channels::Channels,
    /// The written conclusions.
    pub summary: Vec<summary::Sentence>,
}

impl Report {
    /// Whether the data covers the whole period.
    pub fn covers(&self, period: Period) -> bool {
        self.data_range.0 <= period.from && period.to <= self.data_range.1
    }
}

/// A period the orders end inside (the quarter or year under way) is reviewed to date: the
/// period up to the orders' last day, compared with the same calendar days a year earlier
/// (29 February maps to 28 February) and with the period before cut to as many days from its
/// start (a custom range: the same number of days ending the day before, as always). So
/// October–November of this quarter is compared with 1 October – 30 November a year earlier
/// and with the first 61 days of the last quarter, not with whole quarters (which made a
/// quarter under way look 20 % down). Every section (spend and visitors too) reads the same
/// days. A period the orders cover to its end is kept whole. Returns the days reviewed and
/// the two comparison periods.
fn to_date(choice: PeriodChoice, data_end: NaiveDate) -> (Period, Period, Period) {
    let period = choice.period();
    if !(period.from <= data_end && data_end < period.to) {
        return (period, choice.previous(), choice.year_earlier());
    }
    let within = Period {
        from: period.from,
        to: data_end,
    };
    let previous = match choice {
        PeriodChoice::Custom(_) => PeriodChoice::Custom(within).previous(),
        _ => {
            let p = choice.previous();
            Period {
                from: p.from,
                to: p.to.min(p.from + (data_end - period.from)),
            }
        }
    };
    // The same calendar days a year earlier: the year-earlier period of the days reviewed.
    let year_earlier = PeriodChoice::Custom(within).year_earlier();
    (within, previous, year_earlier)
}

/// Builds the review of `dataset` for `request`; `None` when the dataset has no order lines.
pub fn report(dataset: &Dataset, request: &ReportRequest) -> Option<Report> {
    let data_range = dataset.date_range()?;
    let period = request.period.period();
    let (within, previous, year_earlier) = to_date(request.period, data_range.1);
    let comparison = match request.comparison {
        Comparison::PreviousPeriod => previous,
        Comparison::YearEarlier => year_earlier,
    };
    let granularity = request
        .granularity
        .unwrap_or_else(|| sales::Granularity::for_period(period));
    let sales = sales::sales(&dataset.orders, within, previous, year_earlier, granularity);
    let products = products::products(dataset, within, comparison, request.slow_mover_days);
    let customers = customers::customers(&dataset.orders, within);
    let channels = channels::channels(
        dataset,
        within,
        comparison,
        &customers,
        request.gross_margin,
    );
    let mut report = Report {
        request: request.clone(),
        period,
        previous,
        year_earlier,
        comparison,
        data_range,
        sales,
        products,
        customers,
        channels,
        summary: Vec::new(),
    };
    report.summary = summary::sentences(&report);
    Some(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_and_their_comparisons() {
        let q1 = PeriodChoice::Quarter {
            year: 2024,
            quarter: 1,
        };
        assert_eq!(
            q1.period(),
            Period {
                from: day(2024, 1, 1),
                to: day(2024, 3, 31)
            }
        );
        assert_eq!(q1.previous().from, day(2023, 10, 1));
        assert_eq!(q1.year_earlier().to, day(2023, 3, 31));
        let year = PeriodChoice::Year(2011);
        assert_eq!(year.period().to, day(2011, 12, 31));
        assert_eq!(year.previous().from, day(2010, 1, 1));
        let custom = PeriodChoice::Custom(Period {
            from: day(2024, 2, 28),
            to: day(2024, 3, 1),
        });
        assert_eq!(
            custom.previous(),
            Period {
                from: day(2024, 2, 25),
                to: day(2024, 2, 27)
            }
        );
        let leap = PeriodChoice::Custom(Period {
            from: day(2024, 2, 29),
            to: day(2024, 2, 29),
        });
        assert_eq!(leap.year_earlier().from, day(2023, 2, 28));
        let march = PeriodChoice::Month(YearMonth {
            year: 2024,
            month: 3,
        });
        assert_eq!(march.previous().to, day(2024, 2, 29));
        assert_eq!(march.year_earlier().from, day(2023, 3, 1));
    }
}
