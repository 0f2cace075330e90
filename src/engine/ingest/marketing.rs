//! The marketing table builder: spend by period × channel, from a long table (one row per
//! period and channel) or a wide marketing-mix sheet (one spend column per channel, reshaped to
//! long here), with the shop's revenue by period when the sheet has it.

use chrono::NaiveDate;

use super::records::Row;
use super::schema::{Field, Mapping, WideChannel};
use super::values::{self, DateCell, DateOrder};
use super::{count, widen, Cells, Finished, ImportedTable, PendingDates, SkipReason, Skips};
use crate::engine::tables::{MarketingRow, PeriodRevenue};

/// One source row's values, with its date kept until the column's order is decided.
struct Read {
    line: u64,
    date: DateCell,
    /// Channel rows (date filled in when resolved).
    rows: Vec<MarketingRow>,
    revenue: Option<f64>,
}

/// Builds the marketing table row by row.
pub(super) struct MarketingBuilder {
    pub(super) cells: Cells,
    wide: Vec<WideChannel>,
    read: Vec<Read>,
    dates: PendingDates,
}

impl MarketingBuilder {
    pub(super) fn new(mapping: &Mapping, cells: Cells) -> Self {
        Self {
            cells,
            wide: mapping.wide.clone(),
            read: Vec::new(),
            dates: PendingDates::default(),
        }
    }

    pub(super) fn push(&mut self, row: Row<'_>, skips: &mut Skips) {
        let line = row.line;
        let (raw_date, date_col) = self.cells.text(&row, Field::Date);
        let date = values::read_date(raw_date);
        match date {
            DateCell::Invalid => {
                skips.skip_cell(SkipReason::BadDate, date_col, &row);
                return;
            }
            DateCell::Missing => {
                skips.skip(SkipReason::MissingRequired, date_col, line);
                return;
            }
            _ => self.dates.note(&date),
        }
        let placeholder = NaiveDate::MIN;
        let mut rows = Vec::new();
        if self.wide.is_empty() {
            let (channel, channel_col) = self.cells.text(&row, Field::Channel);
            if values::is_missing(channel) {
                skips.skip(SkipReason::MissingRequired, channel_col, line);
                return;
            }
            let Some(spend) = self.cells.required_number(&row, Field::Spend, skips) else {
                return;
            };
            let Some([impressions, clicks, attributed_revenue, attributed_orders]) =
                self.cells.optional_numbers(
                    &row,
                    [
                        Field::Impressions,
                        Field::Clicks,
                        Field::AttributedRevenue,
                        Field::AttributedOrders,
                    ],
                    skips,
                )
            else {
                return;
            };
            rows.push(MarketingRow {
                date: placeholder,
                channel: channel.to_owned(),
                spend,
                impressions: impressions.map(count),
                clicks: clicks.map(count),
                attributed_revenue,
                attributed_orders,
            });
        } else {
            for w in &self.wide {
                let number = |column: Option<usize>| {
                    let raw = column.and_then(|c| row.text(c)).unwrap_or("").trim();
                    self.cells.parse_number(raw, column).map_err(|_| column)
                };
                let values = (
                    number(Some(w.spend)),
                    number(w.impressions),
                    number(w.clicks),
                    number(w.attributed_revenue),
                );
                let (spend, impressions, clicks, attributed_revenue) = match values {
                    (Ok(s), Ok(i), Ok(c), Ok(r)) => (s, i, c, r),
                    (Err(column), _, _, _)
                    | (_, Err(column), _, _)
                    | (_, _, Err(column), _)
                    | (_, _, _, Err(column)) => {
                        skips.skip_cell(SkipReason::BadNumber, column, &row);
                        return;
                    }
                };
                // A blank spend cell is no activity that period, not zero spend: no row.
                if let Some(spend) = spend {
                    rows.push(MarketingRow {
                        date: placeholder,
                        channel: w.channel.clone(),
                        spend,
                        impressions: impressions.map(count),
                        clicks: clicks.map(count),
                        attributed_revenue,
                        attributed_orders: None,
                    });
                }
            }
        }
        let Ok(revenue) = self.cells.optional_number(&row, Field::Revenue, skips) else {
            return;
        };
        if rows.is_empty() && revenue.is_none() {
            // A wide row with every spend cell blank and no revenue says nothing: counted as
            // missing its required values, not silently kept as an empty row.
            skips.skip(
                SkipReason::MissingRequired,
                self.wide.first().map(|w| w.spend),
                line,
            );
            return;
        }
        self.read.push(Read {
            line,
            date,
            rows,
            revenue,
        });
    }

    pub(super) fn finish(self, chosen: Option<DateOrder>, skips: &mut Skips) -> Finished {
        let date_order = self.dates.decide(chosen);
        let date_col = self.cells.column(Field::Date);
        let mut date_range = None;
        let mut rows = Vec::new();
        let mut revenue = Vec::new();
        for read in self.read {
            let Some(day) = read.date.resolve(date_order).map(|d| d.date()) else {
                skips.skip_with(
                    SkipReason::BadDate,
                    date_col,
                    read.line,
                    read.date.as_read(),
                );
                continue;
            };
            widen(&mut date_range, day);
            rows.extend(
                read.rows
                    .into_iter()
                    .map(|r| MarketingRow { date: day, ..r }),
            );
            if let Some(r) = read.revenue {
                revenue.push(PeriodRevenue {
                    date: day,
                    revenue: r,
                });
            }
        }
        Finished {
            table_rows: rows.len() as u64,
            table: ImportedTable::Marketing { rows, revenue },
            date_order,
            evidence: self.dates.evidence,
            date_range,
        }
    }
}
