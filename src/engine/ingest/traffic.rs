//! The traffic table builder: one row per day (× channel × device × product), from a shop's
//! analytics export (生意参谋, Amazon business reports, GA-style exports).

use chrono::NaiveDate;

use super::records::Row;
use super::schema::Field;
use super::values::{self, DateCell, DateOrder};
use super::{count, widen, Cells, Finished, ImportedTable, PendingDates, SkipReason, Skips};
use crate::engine::tables::TrafficRow;

/// A row read, with its date kept until the column's day/month order is decided.
struct Read {
    line: u64,
    date: DateCell,
    row: TrafficRow,
}

/// Builds the traffic table row by row.
pub(super) struct TrafficBuilder {
    pub(super) cells: Cells,
    rows: Vec<Read>,
    dates: PendingDates,
}

impl TrafficBuilder {
    pub(super) fn new(cells: Cells) -> Self {
        Self {
            cells,
            rows: Vec::new(),
            dates: PendingDates::default(),
        }
    }

    pub(super) fn push(&mut self, row: Row<'_>, skips: &mut Skips) {
        let line = row.line;
        let has_date = self.cells.column(Field::Date).is_some();
        let (raw_date, date_col) = self.cells.text(&row, Field::Date);
        let date = values::read_date(raw_date);
        match date {
            DateCell::Invalid => {
                skips.skip_cell(SkipReason::BadDate, date_col, &row);
                return;
            }
            DateCell::Missing if has_date => {
                skips.skip(SkipReason::MissingRequired, date_col, line);
                return;
            }
            _ => self.dates.note(&date),
        }
        let Some(visitors) = self.cells.required_number(&row, Field::Visitors, skips) else {
            return;
        };
        let Some(
            [page_views, product_views, add_to_cart, checkout, orders, paying_buyers, units, revenue],
        ) = self.cells.optional_numbers(
            &row,
            [
                Field::PageViews,
                Field::ProductViews,
                Field::AddToCart,
                Field::Checkout,
                Field::Orders,
                Field::PayingBuyers,
                Field::Units,
                Field::Revenue,
            ],
            skips,
        )
        else {
            return;
        };
        let text = |field: Field| self.cells.text(&row, field).0.to_owned();
        let (channel, device, sku) = (text(Field::Channel), text(Field::Device), text(Field::Sku));
        self.rows.push(Read {
            line,
            date,
            row: TrafficRow {
                date: None,
                channel,
                device,
                sku,
                visitors: count(visitors),
                page_views: page_views.map(count),
                product_views: product_views.map(count),
                add_to_cart: add_to_cart.map(count),
                checkout: checkout.map(count),
                orders: orders.map(count),
                paying_buyers: paying_buyers.map(count),
                units: units.map(count),
                revenue,
            },
        });
    }

    pub(super) fn finish(self, chosen: Option<DateOrder>, skips: &mut Skips) -> Finished {
        let date_order = self.dates.decide(chosen);
        let date_col = self.cells.column(Field::Date);
        let mut date_range: Option<(NaiveDate, NaiveDate)> = None;
        let mut rows = Vec::with_capacity(self.rows.len());
        for mut read in self.rows {
            if read.date != DateCell::Missing {
                match read.date.resolve(date_order) {
                    Some(d) => {
                        widen(&mut date_range, d.date());
                        read.row.date = Some(d.date());
                    }
                    None => {
                        skips.skip_with(
                            SkipReason::BadDate,
                            date_col,
                            read.line,
                            read.date.as_read(),
                        );
                        continue;
                    }
                }
            }
            rows.push(read.row);
        }
        Finished {
            table_rows: rows.len() as u64,
            table: ImportedTable::Traffic(rows),
            date_order,
            evidence: self.dates.evidence,
            date_range,
        }
    }
}
