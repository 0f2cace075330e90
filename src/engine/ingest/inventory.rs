//! The inventory table builder: one row per SKU from an ERP or platform stock list.

use super::records::Row;
use super::schema::Field;
use super::values::{DateOrder, DateOrderEvidence};
use super::{Cells, Finished, ImportedTable, SkipReason, Skips};
use crate::engine::tables::InventoryRow;

/// Builds the inventory table row by row.
pub(super) struct InventoryBuilder {
    pub(super) cells: Cells,
    rows: Vec<InventoryRow>,
}

impl InventoryBuilder {
    pub(super) fn new(cells: Cells) -> Self {
        Self {
            cells,
            rows: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, row: Row<'_>, skips: &mut Skips) {
        let (sku, sku_col) = self.cells.text(&row, Field::Sku);
        if sku.is_empty() {
            skips.skip(SkipReason::MissingRequired, sku_col, row.line);
            return;
        }
        let Some(on_hand) = self.cells.required_number(&row, Field::OnHand, skips) else {
            return;
        };
        let Some(
            [unit_cost, price, lead_time_days, lead_time_sd_days, order_cost, holding_cost_rate, moq, reorder_point, order_quantity, max_stock],
        ) = self.cells.optional_numbers(
            &row,
            [
                Field::UnitCost,
                Field::Price,
                Field::LeadTime,
                Field::LeadTimeSd,
                Field::OrderCost,
                Field::HoldingRate,
                Field::Moq,
                Field::ReorderPoint,
                Field::OrderQuantity,
                Field::MaxStock,
            ],
            skips,
        )
        else {
            return;
        };
        let text = |field: Field| self.cells.text(&row, field).0.to_owned();
        self.rows.push(InventoryRow {
            sku: sku.to_owned(),
            name: text(Field::ProductName),
            category: text(Field::Category),
            on_hand,
            unit_cost,
            price,
            lead_time_days,
            lead_time_sd_days,
            order_cost,
            // A rate written `25%` parses as 0.25; one written `25` means 25%.
            holding_cost_rate: holding_cost_rate.map(|r| if r > 1.0 { r / 100.0 } else { r }),
            moq,
            reorder_point,
            order_quantity,
            max_stock,
        });
    }

    pub(super) fn finish(self, _skips: &mut Skips) -> Finished {
        Finished {
            table_rows: self.rows.len() as u64,
            table: ImportedTable::Inventory(self.rows),
            date_order: DateOrder::default(),
            evidence: DateOrderEvidence::default(),
            date_range: None,
        }
    }
}
