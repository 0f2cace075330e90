//! Recognising a table from its header: which kind it is, which column holds which field, and
//! the evidence for it.
//!
//! Headers are compared after [`normalize`]: lower case, without spaces, punctuation or
//! separators, so `Customer ID`, `CustomerID`, `customer_id` and `Lineitem SKU` / `Lineitem sku`
//! all match. Each field lists the names real exports use (domain.md, "Exports seen in the
//! wild"), English and Chinese.

use serde::{Deserialize, Serialize};

/// The four tables of the domain brief.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TableKind {
    /// 订单明细: one order line per row.
    Orders,
    /// 流量: one day (× channel × device) per row.
    Traffic,
    /// 推广花费: one period × channel per row.
    Marketing,
    /// 库存: one SKU per row.
    Inventory,
}

/// A field Shoplab reads from an orders table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OrderField {
    /// Order id (required).
    OrderId,
    /// Date and time of the order (required).
    PlacedAt,
    /// Units (required).
    Quantity,
    /// Price per unit (this or the line total is required).
    UnitPrice,
    /// Line total: quantity × price.
    LineTotal,
    /// Customer id or e-mail.
    CustomerId,
    /// Stock-keeping unit.
    Sku,
    /// Product name.
    ProductName,
    /// Product category.
    Category,
    /// Order or payment status (paid / cancelled / refunded).
    Status,
    /// When the order was cancelled (Shopify): non-empty means cancelled.
    CancelledAt,
    /// Amount refunded on the order (Shopify).
    RefundedAmount,
    /// Traffic channel or source.
    Channel,
    /// Country or region.
    Region,
}

impl OrderField {
    /// Every field, in the order the mapping editor lists them.
    pub const ALL: [OrderField; 14] = [
        OrderField::OrderId,
        OrderField::PlacedAt,
        OrderField::Quantity,
        OrderField::UnitPrice,
        OrderField::LineTotal,
        OrderField::CustomerId,
        OrderField::Sku,
        OrderField::ProductName,
        OrderField::Category,
        OrderField::Status,
        OrderField::CancelledAt,
        OrderField::RefundedAmount,
        OrderField::Channel,
        OrderField::Region,
    ];

    /// Normalised header names that mean this field, most specific first.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            OrderField::OrderId => &[
                "invoiceno",
                "invoice",
                "orderid",
                "ordernumber",
                "orderno",
                "name",
                "订单号",
                "订单编号",
                "订单id",
                "主订单编号",
                "子订单编号",
                "amazonorderid",
            ],
            OrderField::PlacedAt => &[
                "invoicedate",
                "orderdate",
                "createdat",
                "paidat",
                "purchasedate",
                "date",
                "订单创建时间",
                "下单时间",
                "创建时间",
                "付款时间",
                "支付时间",
                "订单付款时间",
                "日期",
            ],
            OrderField::Quantity => &[
                "quantity",
                "lineitemquantity",
                "qty",
                "units",
                "quantitypurchased",
                "数量",
                "购买数量",
                "商品数量",
                "宝贝数量",
                "件数",
            ],
            OrderField::UnitPrice => &[
                "unitprice",
                "lineitemprice",
                "price",
                "itemprice",
                "单价",
                "商品单价",
                "商品价格",
                "价格",
            ],
            OrderField::LineTotal => &[
                "sales",
                "revenue",
                "gmv",
                "销售额",
                "linetotal",
                "lineamount",
                "amount",
                "total",
                "商品总价",
                "实付金额",
                "支付金额",
                "买家实付金额",
                "金额",
            ],
            OrderField::CustomerId => &[
                "customerid",
                "customer",
                "email",
                "buyeremail",
                "买家id",
                "买家会员名",
                "买家昵称",
                "会员id",
                "客户id",
                "用户id",
            ],
            OrderField::Sku => &[
                "stockcode",
                "lineitemsku",
                "sku",
                "asin",
                "productid",
                "商品编码",
                "商品id",
                "sku编码",
                "商家编码",
                "货号",
            ],
            OrderField::ProductName => &[
                "description",
                "lineitemname",
                "productname",
                "title",
                "商品名称",
                "宝贝标题",
                "商品标题",
            ],
            OrderField::Category => &[
                "category",
                "subcategory",
                "producttype",
                "类目",
                "商品类目",
                "品类",
            ],
            OrderField::Status => &[
                "financialstatus",
                "status",
                "orderstatus",
                "订单状态",
                "交易状态",
                "退款状态",
            ],
            OrderField::CancelledAt => &["cancelledat", "canceledat", "取消时间"],
            OrderField::RefundedAmount => &["refundedamount", "退款金额"],
            OrderField::Channel => &[
                "channel",
                "source",
                "referringsite",
                "渠道",
                "来源",
                "流量来源",
            ],
            OrderField::Region => &[
                "country",
                "region",
                "province",
                "shippingprovince",
                "state",
                "收货省份",
                "省份",
                "地区",
            ],
        }
    }
}

/// Lower-cases a header and drops spaces, punctuation and separators (ASCII and full-width).
pub fn normalize(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which column holds each field of an orders table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderMapping {
    /// `(field, column index)` pairs, at most one per field and per column.
    pub columns: Vec<(OrderField, usize)>,
}

impl OrderMapping {
    /// The column of a field, if mapped.
    pub fn get(&self, field: OrderField) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }

    /// Whether the table is aggregated orders — one row per day × SKU with units and revenue,
    /// no order id — as a warehouse query produces for histories too large for one machine.
    pub fn is_aggregated(&self) -> bool {
        self.get(OrderField::OrderId).is_none() && self.get(OrderField::Sku).is_some()
    }

    /// The required fields this mapping lacks: order id, date, quantity, and a unit price or
    /// line total.
    pub fn missing_required(&self) -> Vec<OrderField> {
        let mut missing: Vec<OrderField> = [
            OrderField::OrderId,
            OrderField::PlacedAt,
            OrderField::Quantity,
        ]
        .into_iter()
        .filter(|f| self.get(*f).is_none() && !(*f == OrderField::OrderId && self.is_aggregated()))
        .collect();
        if self.get(OrderField::UnitPrice).is_none() && self.get(OrderField::LineTotal).is_none() {
            missing.push(OrderField::UnitPrice);
        }
        missing
    }
}

/// Maps order fields to columns by header name: for each field, the first of its names that
/// some still-unused column carries; fields are taken in [`OrderField::ALL`] order.
pub fn map_orders(headers: &[String]) -> OrderMapping {
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let mut used = vec![false; headers.len()];
    let mut mapping = OrderMapping::default();
    for field in OrderField::ALL {
        let found = field.names().iter().find_map(|name| {
            normalized
                .iter()
                .enumerate()
                .position(|(i, h)| !used[i] && h == name)
        });
        if let Some(column) = found {
            used[column] = true;
            mapping.columns.push((field, column));
        }
    }
    mapping
}

/// Field names that mark each table kind, for scoring a header row.
fn kind_markers(kind: TableKind) -> &'static [&'static str] {
    match kind {
        TableKind::Orders => &[],
        TableKind::Traffic => &[
            "visitors",
            "sessions",
            "sessionstotal",
            "pageviews",
            "pageviewstotal",
            "访客数",
            "商品访客数",
            "浏览量",
            "商品浏览量",
            "加购人数",
            "支付买家数",
            "支付转化率",
            "unitsessionpercentage",
        ],
        TableKind::Marketing => &[
            "spend",
            "cost",
            "impressions",
            "clicks",
            "花费",
            "消耗",
            "展现量",
            "点击量",
        ],
        TableKind::Inventory => &[
            "onhand",
            "stock",
            "inventory",
            "quantityonhand",
            "available",
            "库存",
            "可用库存",
            "库存数量",
            "leadtime",
            "交货期",
        ],
    }
}

/// How well a header row fits each kind: the number of recognised columns.
pub fn score(headers: &[String]) -> Vec<(TableKind, usize)> {
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let orders = map_orders(headers);
    let required_found = 4 - orders.missing_required().len();
    let mut scores = vec![(
        TableKind::Orders,
        if required_found == 4 {
            orders.columns.len()
        } else {
            required_found
        },
    )];
    for kind in [
        TableKind::Traffic,
        TableKind::Marketing,
        TableKind::Inventory,
    ] {
        let markers = kind_markers(kind);
        let mut hits = normalized
            .iter()
            .filter(|h| {
                markers.contains(&h.as_str())
                    || markers.iter().any(|m| h.ends_with(m) && m.len() > 3)
            })
            .count();
        if kind == TableKind::Marketing {
            // Marketing-mix sheets: one spend column per channel, `tv_S`, `search_spend`.
            hits += headers
                .iter()
                .filter(|h| {
                    h.ends_with("_S") || h.to_lowercase().ends_with("_spend") || h.ends_with("花费")
                })
                .count();
        }
        scores.push((kind, hits * 2));
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(line: &str) -> Vec<String> {
        line.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn all_lists_fields_in_declaration_order() {
        // The import indexes a per-field array by `field as usize`.
        for (i, field) in OrderField::ALL.iter().enumerate() {
            assert_eq!(*field as usize, i);
        }
    }

    #[test]
    fn normalisation_tolerates_case_spacing_and_punctuation() {
        assert_eq!(normalize("Customer ID"), "customerid");
        assert_eq!(normalize(" customer_id "), "customerid");
        assert_eq!(normalize("Lineitem SKU"), "lineitemsku");
        assert_eq!(normalize("Sessions - Total"), "sessionstotal");
        assert_eq!(normalize("支付金额（元）"), "支付金额元");
        assert_eq!(normalize("\u{feff}InvoiceNo"), "invoiceno");
    }

    #[test]
    fn uci_both_variants() {
        for line in [
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
            "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country",
        ] {
            let m = map_orders(&headers(line));
            assert!(m.missing_required().is_empty(), "{line}");
            assert_eq!(m.get(OrderField::OrderId), Some(0));
            assert_eq!(m.get(OrderField::PlacedAt), Some(4));
            assert_eq!(m.get(OrderField::UnitPrice), Some(5));
            assert_eq!(m.get(OrderField::CustomerId), Some(6));
            assert_eq!(m.get(OrderField::Region), Some(7));
            assert_eq!(m.get(OrderField::ProductName), Some(2));
        }
    }

    #[test]
    fn shopify_prefers_line_item_columns() {
        let line = "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem SKU,Cancelled at,Refunded Amount";
        let m = map_orders(&headers(line));
        assert!(m.missing_required().is_empty());
        assert_eq!(m.get(OrderField::OrderId), Some(0));
        assert_eq!(m.get(OrderField::CustomerId), Some(1));
        assert_eq!(m.get(OrderField::Status), Some(2));
        assert_eq!(
            m.get(OrderField::PlacedAt),
            Some(8),
            "created at, not paid at"
        );
        assert_eq!(m.get(OrderField::Quantity), Some(9));
        assert_eq!(m.get(OrderField::UnitPrice), Some(11));
        assert_eq!(m.get(OrderField::Sku), Some(13));
        assert_eq!(m.get(OrderField::CancelledAt), Some(14));
        assert_eq!(m.get(OrderField::RefundedAmount), Some(15));
    }

    #[test]
    fn superstore_uses_sales_as_line_total() {
        let line = "Row ID,Order ID,Order Date,Ship Date,Ship Mode,Customer ID,Customer Name,Segment,Country,City,State,Postal Code,Region,Product ID,Category,Sub-Category,Product Name,Sales,Quantity,Discount,Profit";
        let m = map_orders(&headers(line));
        assert!(m.missing_required().is_empty());
        assert_eq!(m.get(OrderField::OrderId), Some(1));
        assert_eq!(m.get(OrderField::PlacedAt), Some(2));
        assert_eq!(m.get(OrderField::LineTotal), Some(17));
        assert_eq!(m.get(OrderField::UnitPrice), None);
        assert_eq!(m.get(OrderField::Sku), Some(13));
        assert_eq!(m.get(OrderField::Category), Some(14));
    }

    #[test]
    fn chinese_order_export() {
        let line = "订单编号,买家会员名,订单创建时间,商品标题,商品编码,购买数量,商品单价,订单状态,收货省份";
        let m = map_orders(&headers(line));
        assert!(m.missing_required().is_empty());
        assert_eq!(m.get(OrderField::CustomerId), Some(1));
        assert_eq!(m.get(OrderField::Status), Some(7));
        assert_eq!(m.get(OrderField::Region), Some(8));
    }

    #[test]
    fn aggregated_orders_need_no_order_id() {
        let m = map_orders(&headers("date,sku,units,revenue"));
        assert!(m.is_aggregated());
        assert!(m.missing_required().is_empty());
        let m = map_orders(&headers("date,units,revenue"));
        assert!(!m.is_aggregated());
        assert_eq!(m.missing_required(), vec![OrderField::OrderId]);
    }

    #[test]
    fn kinds_are_told_apart() {
        let best = |line: &str| {
            score(&headers(line))
                .into_iter()
                .max_by_key(|(_, s)| *s)
                .unwrap()
                .0
        };
        assert_eq!(
            best(
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"
            ),
            TableKind::Orders
        );
        assert_eq!(
            best("日期,商品访客数,商品浏览量,加购人数,支付买家数,支付金额"),
            TableKind::Traffic
        );
        assert_eq!(
            best("Date,Ordered Product Sales,Units Ordered,Sessions - Total,Page Views - Total"),
            TableKind::Traffic
        );
        assert_eq!(best("DATE,revenue,tv_S,ooh_S,print_S,facebook_I,search_clicks_P,search_S,competitor_sales_B,facebook_S,events,newsletter"), TableKind::Marketing);
        assert_eq!(
            best("SKU,On hand,Unit cost,Lead time"),
            TableKind::Inventory
        );
    }
}
