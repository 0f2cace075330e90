//! Sales (销售): the KPIs of the period against the period before (环比) and a year earlier
//! (同比), the trend by day, week or month with last year's line and the peaks marked, and GMV
//! by weekday × hour when the orders have times.

use chrono::{Datelike, Duration, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

use crate::engine::kpi::{kpis, Kpis, Period, YearMonth};
use crate::engine::tables::OrderTable;

/// The step of a trend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Granularity {
    /// One point per day.
    Day,
    /// One point per week, Monday to Sunday.
    Week,
    /// One point per calendar month.
    Month,
}

impl Granularity {
    /// The step that suits a period: days up to about two months, weeks up to about half a
    /// year, months beyond.
    pub fn for_period(period: Period) -> Self {
        match (period.to - period.from).num_days() + 1 {
            ..=62 => Granularity::Day,
            63..=190 => Granularity::Week,
            _ => Granularity::Month,
        }
    }

    /// The first day of the step that contains `day`.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => day,
            Granularity::Week => {
                day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
            }
            Granularity::Month => YearMonth::of(day).first_day(),
        }
    }

    /// The first day of the step after the one starting `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => start + Duration::days(1),
            Granularity::Week => start + Duration::days(7),
            Granularity::Month => YearMonth::of(start).plus(1).first_day(),
        }
    }

    /// The same step a year earlier: the same date, the week 52 weeks earlier (same weekdays),
    /// the same month.
    pub fn year_earlier(self, start: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => start
                .with_year(start.year() - 1)
                .unwrap_or(start - Duration::days(365)),
            Granularity::Week => start - Duration::days(364),
            Granularity::Month => YearMonth::of(start).plus(-12).first_day(),
        }
    }
}

/// One point of the trend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// First day of the step (clipped to the period).
    pub start: NaiveDate,
    /// GMV of the step.
    pub gmv: f64,
    /// Orders of the step.
    pub orders: u64,
    /// GMV of the same step a year earlier; `None` where the data does not reach.
    pub gmv_year_ago: Option<f64>,
}

/// The sales trend of the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// The step.
    pub granularity: Granularity,
    /// The points, oldest first.
    pub points: Vec<TrendPoint>,
    /// Indices of the peaks: the (at most three) highest points that are higher than both
    /// neighbours and at least 1.5 × the median point.
    pub peaks: Vec<usize>,
}

/// The sales section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sales {
    /// KPIs of the period.
    pub current: Kpis,
    /// KPIs of the period before; `None` when the data does not cover all of it.
    pub previous: Option<Kpis>,
    /// KPIs of the same period a year earlier; `None` when the data does not cover all of it.
    pub year_earlier: Option<Kpis>,
    /// The trend.
    pub trend: Trend,
    /// GMV by weekday (Monday first) × hour of day, 7 rows of 24; `None` when the orders have
    /// no times (every time is midnight).
    pub weekday_hour: Option<Vec<Vec<f64>>>,
}

/// Builds the sales section.
pub fn sales(
    orders: &OrderTable,
    period: Period,
    previous: Period,
    year_earlier: Period,
    granularity: Granularity,
) -> Sales {
    let range = orders.date_range();
    let covered = |p: Period| range.is_some_and(|(lo, hi)| lo <= p.from && p.to <= hi);
    Sales {
        current: kpis(orders, period),
        previous: covered(previous).then(|| kpis(orders, previous)),
        year_earlier: covered(year_earlier).then(|| kpis(orders, year_earlier)),
        trend: trend(orders, period, granularity, range),
        weekday_hour: weekday_hour(orders, period),
    }
}

/// The trend of the period by `granularity`, with the same steps a year earlier.
pub fn trend(
    orders: &OrderTable,
    period: Period,
    granularity: Granularity,
    data_range: Option<(NaiveDate, NaiveDate)>,
) -> Trend {
    let mut starts = Vec::new();
    let mut start = granularity.start_of(period.from);
    while start <= period.to {
        starts.push(start.max(period.from));
        start = granularity.next(start);
    }
    let index = |day: NaiveDate| starts.partition_point(|s| *s <= day).checked_sub(1);
    let ago_from = granularity.year_earlier(granularity.start_of(period.from));
    let ago_to = period
        .to
        .with_year(period.to.year() - 1)
        .unwrap_or(period.to - Duration::days(365));
    let ago_index = |day: NaiveDate| -> Option<usize> {
        if day < ago_from || day > ago_to {
            return None;
        }
        // The step this day falls in, a year later.
        let later = match granularity {
            Granularity::Day => day.with_year(day.year() + 1)?,
            Granularity::Week => day + Duration::days(364),
            Granularity::Month => day
                .with_year(day.year() + 1)
                .unwrap_or(day + Duration::days(365)),
        };
        index(later.max(period.from))
    };
    let mut gmv = vec![0.0; starts.len()];
    let mut gmv_ago = vec![0.0; starts.len()];
    let mut order_count = vec![0u64; starts.len()];
    // Each order is counted once, in the step of its (first) line: distinct order ids.
    let mut counted = vec![false; orders.order_ids.len()];
    // The period's lines, then those of the same steps a year earlier.
    let ago = Period {
        from: ago_from,
        to: ago_to,
    };
    let lines = orders.iter_period(period).chain(
        orders
            .iter_period(ago)
            .filter(|l| !period.contains(l.placed_at.date())),
    );
    for line in lines.filter(|l| l.is_valid()) {
        let day = line.placed_at.date();
        if period.contains(day) {
            if let Some(i) = index(day) {
                gmv[i] += line.value();
                if let Some(seen) = counted.get_mut(line.order as usize) {
                    if !*seen {
                        *seen = true;
                        order_count[i] += 1;
                    }
                }
            }
        } else if let Some(i) = ago_index(day) {
            gmv_ago[i] += line.value();
        }
    }
    let reaches =
        |start: NaiveDate| data_range.is_some_and(|(lo, _)| lo <= granularity.year_earlier(start));
    let points: Vec<TrendPoint> = starts
        .iter()
        .enumerate()
        .map(|(i, start)| TrendPoint {
            start: *start,
            gmv: gmv[i],
            orders: order_count[i],
            gmv_year_ago: reaches(granularity.start_of(*start)).then_some(gmv_ago[i]),
        })
        .collect();
    let peaks = peaks(&points.iter().map(|p| p.gmv).collect::<Vec<_>>());
    Trend {
        granularity,
        points,
        peaks,
    }
}

/// The (at most three) highest local maxima that stand at least 1.5 × above the median.
pub fn peaks(values: &[f64]) -> Vec<usize> {
    if values.len() < 3 {
        return Vec::new();
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let mut candidates: Vec<usize> = (0..values.len())
        .filter(|&i| {
            let left = i.checked_sub(1).map_or(f64::NEG_INFINITY, |j| values[j]);
            let right = values.get(i + 1).copied().unwrap_or(f64::NEG_INFINITY);
            values[i] > left && values[i] >= right && values[i] >= 1.5 * median && values[i] > 0.0
        })
        .collect();
    candidates.sort_by(|a, b| values[*b].total_cmp(&values[*a]));
    candidates.truncate(3);
    candidates.sort_unstable();
    candidates
}

/// GMV by weekday × hour; `None` when no line in the period has a time other than midnight.
pub fn weekday_hour(orders: &OrderTable, period: Period) -> Option<Vec<Vec<f64>>> {
    let mut grid = vec![vec![0.0; 24]; 7];
    let mut timed = false;
    for line in orders.iter_period(period).filter(|l| l.is_valid()) {
        let t = line.placed_at;
        timed |= t.time() != chrono::NaiveTime::MIN;
        grid[t.weekday().num_days_from_monday() as usize][t.hour() as usize] += line.value();
    }
    timed.then_some(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peaks_are_local_maxima_well_above_the_median() {
        let v = [1.0, 1.0, 5.0, 1.0, 1.0, 1.2, 1.0, 9.0, 1.0, 3.0, 1.0, 4.0];
        assert_eq!(peaks(&v), vec![2, 7, 11]);
        assert!(
            peaks(&[1.0, 1.0, 1.0, 1.0]).is_empty(),
            "a flat line has no peak"
        );
    }

    #[test]
    fn granularity_steps() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(Granularity::Week.start_of(d(2024, 11, 14)), d(2024, 11, 11));
        assert_eq!(
            Granularity::Week.year_earlier(d(2024, 11, 11)).weekday(),
            chrono::Weekday::Mon
        );
        assert_eq!(Granularity::Month.next(d(2024, 12, 1)), d(2025, 1, 1));
        assert_eq!(
            Granularity::for_period(Period {
                from: d(2024, 1, 1),
                to: d(2024, 12, 31)
            }),
            Granularity::Month
        );
    }
}
