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

/// A column Shoplab reads, in any of the four tables. Fields that mean the same thing in
/// several tables (date, channel, SKU) are one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    /// Order id (required for order lines).
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
    /// Stock-keeping unit (or platform product id, ASIN).
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
    /// Traffic or marketing channel, or order source.
    Channel,
    /// Country or region.
    Region,
    /// Calendar day (traffic) or first day of the period (marketing).
    Date,
    /// Device (PC, mobile, app).
    Device,
    /// Visitors or sessions (访客数).
    Visitors,
    /// Page views (浏览量).
    PageViews,
    /// Visitors who viewed a product page (商品访客数).
    ProductViews,
    /// Visitors who added to cart (加购人数).
    AddToCart,
    /// Visitors who placed an order, paid or not (下单买家数).
    Checkout,
    /// Orders (订单数).
    Orders,
    /// Paying buyers (支付买家数).
    PayingBuyers,
    /// Units sold (支付件数).
    Units,
    /// Revenue (支付金额; in a marketing-mix sheet, the shop's revenue of the period).
    Revenue,
    /// Marketing spend (花费).
    Spend,
    /// Impressions (展现量).
    Impressions,
    /// Clicks (点击量).
    Clicks,
    /// Revenue the ad platform attributes to the channel.
    AttributedRevenue,
    /// Orders the ad platform attributes to the channel.
    AttributedOrders,
    /// Units on hand (库存).
    OnHand,
    /// Unit cost (成本价).
    UnitCost,
    /// Selling price.
    Price,
    /// Replenishment lead time in days (交货期).
    LeadTime,
    /// Standard deviation of the lead time in days.
    LeadTimeSd,
    /// Fixed cost of placing one purchase order.
    OrderCost,
    /// Yearly holding cost as a share of unit cost.
    HoldingRate,
    /// Minimum order quantity (起订量).
    Moq,
    /// The shop's current reorder point s: order when stock falls to it (再订货点).
    ReorderPoint,
    /// The shop's current fixed order quantity Q (每次订货量).
    OrderQuantity,
    /// The shop's current order-up-to level S, or maximum stock (最高库存).
    MaxStock,
}

/// Number of [`Field`] variants (the last one is [`Field::MaxStock`]).
pub const FIELD_COUNT: usize = Field::MaxStock as usize + 1;

impl TableKind {
    /// Every kind, in the order recognition prefers them on a tie.
    pub const ALL: [TableKind; 4] = [
        TableKind::Orders,
        TableKind::Traffic,
        TableKind::Marketing,
        TableKind::Inventory,
    ];

    /// The fields of this kind's table, in the order the mapping editor lists them.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            TableKind::Orders => &[
                OrderId,
                PlacedAt,
                Quantity,
                UnitPrice,
                LineTotal,
                CustomerId,
                Sku,
                ProductName,
                Category,
                Status,
                CancelledAt,
                RefundedAmount,
                Channel,
                Region,
            ],
            TableKind::Traffic => &[
                Date,
                Visitors,
                PageViews,
                ProductViews,
                AddToCart,
                Checkout,
                Orders,
                PayingBuyers,
                Units,
                Revenue,
                Channel,
                Device,
                Sku,
                ProductName,
            ],
            TableKind::Marketing => &[
                Date,
                Channel,
                Spend,
                Impressions,
                Clicks,
                AttributedRevenue,
                AttributedOrders,
                Revenue,
            ],
            TableKind::Inventory => &[
                Sku,
                OnHand,
                ProductName,
                Category,
                UnitCost,
                Price,
                LeadTime,
                LeadTimeSd,
                OrderCost,
                HoldingRate,
                Moq,
                ReorderPoint,
                OrderQuantity,
                MaxStock,
            ],
        }
    }
}

impl Field {
    /// Normalised header names that mean this field in a table of `kind`, most specific first.
    pub fn names(self, kind: TableKind) -> &'static [&'static str] {
        use Field::*;
        match (self, kind) {
            (OrderId, _) => &[
                "invoiceno",
                "invoice",
                "orderid",
                "ordernumber",
                "orderno",
                "order",
                "name",
                "订单号",
                "订单编号",
                "订单id",
                "主订单编号",
                "子订单编号",
                "amazonorderid",
            ],
            (PlacedAt, _) => &[
                "invoicedate",
                "orderdate",
                "createdat",
                "paidat",
                "purchasedate",
                "date",
                "datetime",
                "订单创建时间",
                "下单时间",
                "创建时间",
                "付款时间",
                "支付时间",
                "订单付款时间",
                "日期",
            ],
            (Quantity, _) => &[
                "quantity",
                "lineitemquantity",
                "qty",
                "units",
                "quantitypurchased",
                "itemssold",
                "数量",
                "购买数量",
                "商品数量",
                "宝贝数量",
                "件数",
                "销量",
            ],
            (UnitPrice, _) => &[
                "unitprice",
                "lineitemprice",
                "price",
                "itemprice",
                "itemcost",
                "单价",
                "商品单价",
                "商品价格",
                "价格",
            ],
            (LineTotal, _) => &[
                "sales",
                "netsales",
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
            (CustomerId, _) => &[
                "customerid",
                "customer",
                "email",
                "buyeremail",
                "customeremail",
                "billingemail",
                "买家id",
                "买家会员名",
                "买家昵称",
                "会员id",
                "客户id",
                "用户id",
            ],
            (Sku, TableKind::Traffic) => &[
                "childasin",
                "asin",
                "parentasin",
                "sku",
                "productid",
                "商品id",
                "商品编码",
                "宝贝id",
            ],
            (Sku, _) => &[
                "stockcode",
                "lineitemsku",
                "sku",
                "asin",
                "productid",
                "itemid",
                "商品编码",
                "商品id",
                "sku编码",
                "商家编码",
                "货号",
                "商品货号",
            ],
            // A stock list's `Name` is the product's; in an orders export it is Shopify's order
            // number (`OrderId`), so only inventory reads it as the product name.
            (ProductName, TableKind::Inventory) => &[
                "description",
                "productname",
                "title",
                "itemname",
                "name",
                "商品名称",
                "宝贝标题",
                "商品标题",
                "商品",
            ],
            (ProductName, _) => &[
                "description",
                "lineitemname",
                "productname",
                "title",
                "itemname",
                "商品名称",
                "宝贝标题",
                "商品标题",
                "商品",
            ],
            (Category, _) => &[
                "category",
                "subcategory",
                "producttype",
                "类目",
                "商品类目",
                "品类",
                "分类",
            ],
            (Status, _) => &[
                "financialstatus",
                "status",
                "orderstatus",
                "订单状态",
                "交易状态",
                "退款状态",
            ],
            (CancelledAt, _) => &["cancelledat", "canceledat", "取消时间"],
            (RefundedAmount, _) => &["refundedamount", "退款金额"],
            (Channel, TableKind::Marketing) => &[
                "channel",
                "mediachannel",
                "media",
                "campaign",
                "source",
                "渠道",
                "推广渠道",
                "推广工具",
                "计划名称",
            ],
            (Channel, _) => &[
                "channel",
                "source",
                "referringsite",
                "trafficsource",
                "渠道",
                "来源",
                "流量来源",
                "来源名称",
            ],
            (Region, _) => &[
                "country",
                "region",
                "province",
                "shippingprovince",
                "state",
                "收货省份",
                "省份",
                "地区",
            ],
            (Date, _) => &[
                "date",
                "day",
                "week",
                "weekstart",
                "period",
                "日期",
                "统计日期",
                "时间",
                "周",
            ],
            (Device, _) => &["device", "devicecategory", "终端", "设备", "终端类型"],
            (Visitors, _) => &[
                "visitors",
                "sessions",
                "sessionstotal",
                "users",
                "uniquevisitors",
                "访客数",
                "商品访客数",
                "店铺访客数",
                "uv",
            ],
            (PageViews, _) => &[
                "pageviews",
                "pageviewstotal",
                "views",
                "浏览量",
                "商品浏览量",
                "pv",
            ],
            (ProductViews, _) => &[
                "productviews",
                "productdetailviews",
                "itemviews",
                "viewedproduct",
                "商品详情页访客数",
                "详情页访客数",
                "商品浏览人数",
            ],
            (AddToCart, _) => &[
                "addtocart",
                "addtocarts",
                "addedtocart",
                "cartadds",
                "加购人数",
                "加购件数",
                "加购数",
            ],
            (Checkout, _) => &[
                "checkout",
                "checkouts",
                "reachedcheckout",
                "begincheckout",
                "下单买家数",
                "下单人数",
            ],
            (Orders, _) => &[
                "orders",
                "totalorderitems",
                "transactions",
                "purchases",
                "支付订单数",
                "订单数",
                "成交订单数",
            ],
            (PayingBuyers, _) => &[
                "payingbuyers",
                "buyers",
                "customers",
                "支付买家数",
                "成交人数",
                "买家数",
            ],
            (Units, _) => &[
                "unitsordered",
                "units",
                "unitssold",
                "quantity",
                "支付件数",
                "成交件数",
                "销量",
            ],
            (Revenue, _) => &[
                "revenue",
                "orderedproductsales",
                "sales",
                "gmv",
                "支付金额",
                "成交金额",
                "销售额",
            ],
            (Spend, _) => &[
                "spend",
                "cost",
                "amountspent",
                "adspend",
                "花费",
                "消耗",
                "推广花费",
                "消费",
            ],
            (Impressions, _) => &["impressions", "impr", "展现量", "曝光量", "展示量"],
            (Clicks, _) => &["clicks", "点击量", "点击数"],
            (AttributedRevenue, _) => &[
                "attributedrevenue",
                "conversionvalue",
                "purchasevalue",
                "adsales",
                "sales",
                "成交金额",
                "总成交金额",
                "引导成交金额",
                "revenue",
                "gmv",
            ],
            (AttributedOrders, _) => &[
                "attributedorders",
                "conversions",
                "purchases",
                "adorders",
                "成交笔数",
                "总成交笔数",
                "引导成交笔数",
            ],
            (OnHand, _) => &[
                "onhand",
                "quantityonhand",
                "stock",
                "stockonhand",
                "inventory",
                "available",
                "instock",
                "库存",
                "可用库存",
                "库存数量",
                "库存数",
                "可用数",
                "现有库存",
                "实际库存",
            ],
            (UnitCost, _) => &[
                "unitcost",
                "cost",
                "costprice",
                "cogs",
                "成本",
                "成本价",
                "进货价",
                "采购价",
            ],
            (Price, _) => &[
                "price",
                "listprice",
                "sellingprice",
                "saleprice",
                "售价",
                "价格",
                "零售价",
                "一口价",
            ],
            (LeadTime, _) => &[
                "leadtime",
                "leadtimedays",
                "leadtimed",
                "交货期",
                "采购周期",
                "到货天数",
                "补货周期",
            ],
            (LeadTimeSd, _) => &[
                "leadtimesd",
                "leadtimestd",
                "leadtimesddays",
                "leadtimestddev",
                "leadtimespread",
                "交货期标准差",
                "交货期波动",
            ],
            (OrderCost, _) => &[
                "ordercost",
                "orderingcost",
                "setupcost",
                "订货成本",
                "下单成本",
            ],
            (HoldingRate, _) => &[
                "holdingrate",
                "holdingcostrate",
                "carryingcostrate",
                "holdingcost",
                "持有成本率",
                "库存持有成本率",
            ],
            (Moq, _) => &[
                "moq",
                "minimumorderquantity",
                "minorderqty",
                "起订量",
                "最小起订量",
            ],
            // The shop's current policy. No bare `min` / `max`: they are too vague to claim.
            (ReorderPoint, _) => &[
                "reorderpoint",
                "reorderlevel",
                "rop",
                "minstock",
                "minimumstock",
                "minlevel",
                "再订货点",
                "订货点",
                "补货点",
                "最低库存",
                "库存下限",
            ],
            (OrderQuantity, _) => &[
                "orderquantity",
                "reorderquantity",
                "reorderqty",
                "orderqty",
                "replenishmentquantity",
                "每次订货量",
                "订货量",
                "补货量",
                "采购批量",
            ],
            (MaxStock, _) => &[
                "maxstock",
                "maximumstock",
                "maxlevel",
                "orderupto",
                "orderuptolevel",
                "最高库存",
                "库存上限",
                "目标库存",
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

/// The header signature: a short hash of the normalised header row, under which a confirmed
/// mapping is remembered (two exports of the same report share it).
pub fn signature(headers: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for h in headers {
        hasher.update(normalize(h).as_bytes());
        hasher.update([0x1f]);
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One channel of a wide marketing-mix table: the columns that hold its spend and, when present,
/// its impressions and clicks (Robyn's `tv_S`, `facebook_I`, `search_clicks_P`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WideChannel {
    /// The channel's name, from the column header (`tv_S` → `tv`).
    pub channel: String,
    /// Column of the spend.
    pub spend: usize,
    /// Column of the impressions.
    pub impressions: Option<usize>,
    /// Column of the clicks.
    pub clicks: Option<usize>,
    /// Column of the revenue the channel's platform attributes to it (`直通车成交金额`,
    /// `search_revenue`).
    #[serde(default)]
    pub attributed_revenue: Option<usize>,
}

/// Which column holds each field, for one kind of table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// The kind of table.
    pub kind: TableKind,
    /// `(field, column index)` pairs, at most one per field and per column.
    pub columns: Vec<(Field, usize)>,
    /// For a wide marketing-mix table: one entry per channel (reshaped to one row per period ×
    /// channel on import). Empty for every other table.
    pub wide: Vec<WideChannel>,
}

impl Mapping {
    /// An empty mapping for a kind.
    pub fn new(kind: TableKind) -> Self {
        Self {
            kind,
            columns: Vec::new(),
            wide: Vec::new(),
        }
    }

    /// The column of a field, if mapped.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }

    /// Maps `field` to `column` (or unmaps it with `None`), keeping one field per column.
    pub fn set(&mut self, field: Field, column: Option<usize>) {
        self.columns
            .retain(|(f, c)| *f != field && Some(*c) != column);
        if let Some(column) = column {
            self.columns.push((field, column));
        }
    }

    /// Whether the table is aggregated orders — one row per day × SKU with units and revenue,
    /// no order id — as a warehouse query produces for histories too large for one machine.
    pub fn is_aggregated(&self) -> bool {
        self.kind == TableKind::Orders
            && self.get(Field::OrderId).is_none()
            && self.get(Field::Sku).is_some()
    }

    /// Whether this is a wide marketing-mix table (one spend column per channel).
    pub fn is_wide(&self) -> bool {
        self.kind == TableKind::Marketing && !self.wide.is_empty()
    }

    /// The required fields this mapping lacks. Orders: order id (not for day × SKU aggregates),
    /// date, quantity, and a unit price or line total. Traffic: visitors, and a date unless the
    /// report is per product (Amazon's by-ASIN report has none). Marketing: date, and channel
    /// and spend unless the table is wide. Inventory: SKU and on hand.
    pub fn missing_required(&self) -> Vec<Field> {
        let need = |f: Field| self.get(f).is_none();
        let mut missing = Vec::new();
        match self.kind {
            TableKind::Orders => {
                if need(Field::OrderId) && !self.is_aggregated() {
                    missing.push(Field::OrderId);
                }
                missing.extend(
                    [Field::PlacedAt, Field::Quantity]
                        .into_iter()
                        .filter(|f| need(*f)),
                );
                if need(Field::UnitPrice) && need(Field::LineTotal) {
                    missing.push(Field::UnitPrice);
                }
            }
            TableKind::Traffic => {
                if need(Field::Date) && need(Field::Sku) {
                    missing.push(Field::Date);
                }
                if need(Field::Visitors) {
                    missing.push(Field::Visitors);
                }
            }
            TableKind::Marketing => {
                if need(Field::Date) {
                    missing.push(Field::Date);
                }
                if !self.is_wide() {
                    missing.extend(
                        [Field::Channel, Field::Spend]
                            .into_iter()
                            .filter(|f| need(*f)),
                    );
                }
            }
            TableKind::Inventory => {
                missing.extend([Field::Sku, Field::OnHand].into_iter().filter(|f| need(*f)));
            }
        }
        missing
    }

    /// Every column the mapping reads, for the editor's "not used" list.
    pub fn used_columns(&self) -> Vec<usize> {
        let mut used: Vec<usize> = self.columns.iter().map(|(_, c)| *c).collect();
        for w in &self.wide {
            used.push(w.spend);
            used.extend(w.impressions);
            used.extend(w.clicks);
            used.extend(w.attributed_revenue);
        }
        used.sort_unstable();
        used.dedup();
        used
    }
}

/// Maps the fields of `kind` to columns by header name: for each field, the first of its names
/// that some still-unused column carries; fields are taken in [`TableKind::fields`] order.
pub fn map_columns(kind: TableKind, headers: &[String]) -> Mapping {
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let unitless: Vec<Option<String>> = headers.iter().map(|h| without_unit(h)).collect();
    let mut used = vec![false; headers.len()];
    let mut mapping = Mapping::new(kind);
    if kind == TableKind::Marketing {
        mapping.wide = wide_channels(headers);
        for w in &mapping.wide {
            for c in [Some(w.spend), w.impressions, w.clicks, w.attributed_revenue]
                .into_iter()
                .flatten()
            {
                used[c] = true;
            }
        }
    }
    for field in kind.fields() {
        // A wide table's spend, impressions and clicks are per channel, and its revenue is the
        // shop's; a long table's revenue is what the platform attributes to the row's channel.
        let skip = if kind != TableKind::Marketing {
            false
        } else if mapping.is_wide() {
            matches!(
                field,
                Field::Spend
                    | Field::Channel
                    | Field::Impressions
                    | Field::Clicks
                    | Field::AttributedRevenue
                    | Field::AttributedOrders
            )
        } else {
            *field == Field::Revenue
        };
        if skip {
            continue;
        }
        let found = field.names(kind).iter().find_map(|name| {
            normalized
                .iter()
                .zip(&unitless)
                .enumerate()
                .position(|(i, (h, u))| !used[i] && (h == name || u.as_deref() == Some(*name)))
        });
        if let Some(column) = found {
            used[column] = true;
            mapping.columns.push((*field, column));
        }
    }
    mapping
}

/// The units a header may name in brackets at its end without changing what its values are:
/// currencies and counts, as Chinese platforms write them (`支付金额(元)`, `支付件数（件）`,
/// `Sales (USD)`). Scaled units (`万元`) are [`SCALED_UNITS`].
const HEADER_UNITS: &[&str] = &[
    "元",
    "人民币",
    "rmb",
    "cny",
    "usd",
    "eur",
    "gbp",
    "jpy",
    "hkd",
    "件",
    "个",
    "人",
    "次",
    "笔",
    "单",
    // Per-unit prices: 元/件, 元/个 (the slash is dropped by `normalize`).
    "元件",
    "元个",
];

/// Units in brackets that scale a column's values, with their factor: `支付金额(万元)` holds
/// ten-thousands of yuan. The importer multiplies the column's numbers by the factor
/// ([`header_scale`]), so such a header matches its field as the unscaled one does.
const SCALED_UNITS: &[(&str, f64)] = &[
    ("万元", 1e4),
    ("万", 1e4),
    ("万件", 1e4),
    ("万人", 1e4),
    ("万次", 1e4),
    ("亿元", 1e8),
    ("亿", 1e8),
    ("千元", 1e3),
];

/// Splits a bracketed unit off the end of a header: the header before it, and the unit
/// normalised (`支付金额（元）`, `支付金额[元]`, `支付金额【元】` → `支付金额`, `元`).
fn split_unit(header: &str) -> Option<(&str, String)> {
    let h = header.trim();
    // Round, full-width, square and 【】 brackets, each closed by its own kind.
    let (inner, open) = [(')', '('), ('）', '（'), (']', '['), ('】', '【')]
        .iter()
        .find_map(|(close, open)| h.strip_suffix(*close).map(|inner| (inner, *open)))?;
    let open = inner.rfind(open)?;
    let rest = inner[..open].trim_end();
    (!normalize(rest).is_empty()).then(|| (rest, normalize(&inner[open..])))
}

/// A header without a bracketed unit at its end (`支付金额(元)` or `支付金额(万元)` →
/// `支付金额`); `None` when it ends with no unit Shoplab knows. Symbols (`(¥)`, `(%)`) need no
/// help: [`normalize`] drops them.
fn strip_unit(header: &str) -> Option<&str> {
    let (rest, unit) = split_unit(header)?;
    (HEADER_UNITS.contains(&unit.as_str()) || SCALED_UNITS.iter().any(|(u, _)| *u == unit))
        .then_some(rest)
}

/// The factor a header's unit puts on its column's values: 10,000 for `(万元)`, 1 for none.
pub fn header_scale(header: &str) -> f64 {
    split_unit(header)
        .and_then(|(_, unit)| SCALED_UNITS.iter().find(|(u, _)| *u == unit))
        .map_or(1.0, |(_, factor)| *factor)
}

/// [`strip_unit`], normalised: the key a header with a unit is matched by.
fn without_unit(header: &str) -> Option<String> {
    strip_unit(header).map(normalize)
}

/// Maps the columns of an orders table (see [`map_columns`]).
pub fn map_orders(headers: &[String]) -> Mapping {
    map_columns(TableKind::Orders, headers)
}

/// The spend column's suffixes in wide marketing-mix tables, and the channel name before them:
/// `tv_S`, `search_spend`, `facebook cost`, `抖音花费`.
fn spend_channel(header: &str) -> Option<String> {
    spend_channel_name(header).filter(|c| !SHOP_TOTALS.contains(&normalize(c).as_str()))
}

/// Names that make a "channel" of the whole shop (`total_spend`, `全店花费`, `总花费`): a sum
/// of the channels, not one of them.
const SHOP_TOTALS: &[&str] = &[
    "total", "all", "overall", "sum", "shop", "store", "全店", "总", "合计", "汇总", "店铺",
];

/// The channel a spend header names, before totals are ruled out.
fn spend_channel_name(header: &str) -> Option<String> {
    let h = strip_unit(header).unwrap_or(header).trim();
    let lower = h.to_lowercase();
    for suffix in ["_s", "_spend", " spend", "-spend"] {
        if lower.len() > suffix.len()
            && lower.ends_with(suffix)
            && (suffix != "_s" || h.ends_with("_S"))
        {
            return Some(h[..h.len() - suffix.len()].trim().to_owned());
        }
    }
    for suffix in ["花费", "消耗", "投放金额"] {
        if let Some(channel) = h.strip_suffix(suffix) {
            let channel = channel.trim_end_matches(['_', '-', ' ']).trim();
            if !channel.is_empty() {
                return Some(channel.to_owned());
            }
        }
    }
    None
}

/// The channels of a wide marketing-mix table, with their impressions (`_I`, `_impressions`,
/// `展现量`) and clicks (`_P` / `_clicks_P`, `_clicks`, `点击量`) columns when present.
pub fn wide_channels(headers: &[String]) -> Vec<WideChannel> {
    let spend_columns: Vec<usize> = (0..headers.len())
        .filter(|i| spend_channel(&headers[*i]).is_some())
        .collect();
    if spend_columns.len() < 2 {
        // One spend column is a long table's spend, not a wide table.
        return Vec::new();
    }
    spend_columns
        .into_iter()
        .map(|c| wide_channel(headers, c))
        .collect()
}

/// The channel whose spend is in `column` of a wide table: named after the header (`tv_S` →
/// `tv`), with the impressions, clicks and attributed-revenue columns that carry the same name
/// (`直通车成交金额` is what 直通车's platform attributes to it).
pub fn wide_channel(headers: &[String], column: usize) -> WideChannel {
    let header = headers.get(column).map_or("", String::as_str);
    let channel = spend_channel(header).unwrap_or_else(|| header.trim().to_owned());
    let mut wide = WideChannel {
        channel,
        spend: column,
        impressions: None,
        clicks: None,
        attributed_revenue: None,
    };
    let key = normalize(&wide.channel);
    if key.is_empty() {
        return wide;
    }
    for (i, h) in headers.iter().enumerate() {
        if i == column {
            continue;
        }
        // Without its unit: `抖音展现量(次)` is 抖音's impressions.
        let n = without_unit(h).unwrap_or_else(|| normalize(h));
        let Some(rest) = n.strip_prefix(key.as_str()) else {
            continue;
        };
        if matches!(rest, "i" | "impressions" | "impr" | "展现量" | "曝光量") {
            wide.impressions = Some(i);
        } else if matches!(rest, "p" | "clicksp" | "clicks" | "点击量") {
            wide.clicks = Some(i);
        } else if matches!(
            rest,
            "revenue"
                | "sales"
                | "gmv"
                | "conversionvalue"
                | "purchasevalue"
                | "attributedrevenue"
                | "成交金额"
                | "引导成交金额"
                | "总成交金额"
                | "成交额"
                | "销售额"
        ) {
            wide.attributed_revenue = Some(i);
        }
    }
    wide
}

/// How well a header row fits one kind of table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindScore {
    /// The kind.
    pub kind: TableKind,
    /// Columns recognised for it (a wide marketing table counts each channel's columns).
    pub recognised: usize,
    /// Whether every required field was found.
    pub complete: bool,
}

impl KindScore {
    /// The ranking key: complete mappings first, then the most recognised columns.
    fn rank(&self) -> (bool, usize) {
        (self.complete, self.recognised)
    }
}

/// Scores a header row for every kind, best first (ties keep [`TableKind::ALL`] order).
pub fn score(headers: &[String]) -> Vec<KindScore> {
    let mut scores: Vec<KindScore> = TableKind::ALL
        .iter()
        .map(|kind| {
            let m = map_columns(*kind, headers);
            KindScore {
                kind: *kind,
                recognised: m.used_columns().len(),
                complete: m.missing_required().is_empty(),
            }
        })
        .collect();
    scores.sort_by_key(|s| std::cmp::Reverse(s.rank()));
    scores
}

/// The best kind for a header row and its mapping, if any column is recognised.
pub fn recognise(headers: &[String]) -> Option<(Mapping, Vec<KindScore>)> {
    let scores = score(headers);
    let best = scores.first()?;
    if best.recognised == 0 {
        return None;
    }
    Some((map_columns(best.kind, headers), scores))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(line: &str) -> Vec<String> {
        line.split(',').map(str::to_owned).collect()
    }

    fn best(line: &str) -> TableKind {
        score(&headers(line))[0].kind
    }

    #[test]
    fn field_count_covers_every_kind() {
        // The import indexes a per-field array by `field as usize`.
        for kind in TableKind::ALL {
            for f in kind.fields() {
                assert!((*f as usize) < FIELD_COUNT);
                assert!(!f.names(kind).is_empty(), "{f:?}");
                for name in f.names(kind) {
                    assert_eq!(normalize(name), *name, "names are normalised: {name}");
                }
            }
        }
    }

    #[test]
    fn normalisation_tolerates_case_spacing_and_punctuation() {
        assert_eq!(normalize("Customer ID"), "customerid");
        assert_eq!(normalize(" customer_id "), "customerid");
        assert_eq!(normalize("Lineitem SKU"), "lineitemsku");
        assert_eq!(normalize("Sessions - Total"), "sessionstotal");
        assert_eq!(normalize("支付金额（元）"), "支付金额元");
        assert_eq!(without_unit("支付金额（元）").as_deref(), Some("支付金额"));
        assert_eq!(without_unit("支付金额(元)").as_deref(), Some("支付金额"));
        assert_eq!(without_unit("Sales (USD)").as_deref(), Some("sales"));
        assert_eq!(without_unit("支付件数 (件)").as_deref(), Some("支付件数"));
        assert_eq!(without_unit("支付金额(万元)").as_deref(), Some("支付金额"));
        assert_eq!(header_scale("支付金额(万元)"), 1e4);
        assert_eq!(header_scale("支付金额（亿元）"), 1e8);
        assert_eq!(header_scale("支付金额(元)"), 1.0);
        assert_eq!(header_scale("支付金额"), 1.0);
        assert_eq!(
            without_unit("支付金额(十元)"),
            None,
            "an unknown unit is kept"
        );
        assert_eq!(without_unit("(Child) ASIN"), None);
        assert_eq!(without_unit("(元)"), None);
        assert_eq!(without_unit("支付金额"), None);
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
            assert_eq!(m.get(Field::OrderId), Some(0));
            assert_eq!(m.get(Field::PlacedAt), Some(4));
            assert_eq!(m.get(Field::UnitPrice), Some(5));
            assert_eq!(m.get(Field::CustomerId), Some(6));
            assert_eq!(m.get(Field::Region), Some(7));
            assert_eq!(m.get(Field::ProductName), Some(2));
            assert_eq!(best(line), TableKind::Orders);
        }
    }

    #[test]
    fn shopify_prefers_line_item_columns() {
        let line = "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem SKU,Cancelled at,Refunded Amount";
        let m = map_orders(&headers(line));
        assert!(m.missing_required().is_empty());
        assert_eq!(m.get(Field::OrderId), Some(0));
        assert_eq!(m.get(Field::CustomerId), Some(1));
        assert_eq!(m.get(Field::Status), Some(2));
        assert_eq!(m.get(Field::PlacedAt), Some(8), "created at, not paid at");
        assert_eq!(m.get(Field::Quantity), Some(9));
        assert_eq!(m.get(Field::UnitPrice), Some(11));
        assert_eq!(m.get(Field::Sku), Some(13));
        assert_eq!(m.get(Field::CancelledAt), Some(14));
        assert_eq!(m.get(Field::RefundedAmount), Some(15));
        assert_eq!(best(line), TableKind::Orders);
    }

    #[test]
    fn superstore_uses_sales_as_line_total() {
        let line = "Row ID,Order ID,Order Date,Ship Date,Ship Mode,Customer ID,Customer Name,Segment,Country,City,State,Postal Code,Region,Product ID,Category,Sub-Category,Product Name,Sales,Quantity,Discount,Profit";
        let m = map_orders(&headers(line));
        assert!(m.missing_required().is_empty());
        assert_eq!(m.get(Field::OrderId), Some(1));
        assert_eq!(m.get(Field::PlacedAt), Some(2));
        assert_eq!(m.get(Field::LineTotal), Some(17));
        assert_eq!(m.get(Field::UnitPrice), None);
        assert_eq!(m.get(Field::Sku), Some(13));
        assert_eq!(m.get(Field::Category), Some(14));
        assert_eq!(best(line), TableKind::Orders);
    }

    #[test]
    fn chinese_order_export() {
        let line = "订单编号,买家会员名,订单创建时间,商品标题,商品编码,购买数量,商品单价,订单状态,收货省份";
        let m = map_orders(&headers(line));
        assert!(m.missing_required().is_empty());
        assert_eq!(m.get(Field::CustomerId), Some(1));
        assert_eq!(m.get(Field::Status), Some(7));
        assert_eq!(m.get(Field::Region), Some(8));
        assert_eq!(best(line), TableKind::Orders);
    }

    #[test]
    fn woocommerce_exports() {
        // WooCommerce's order export (one row per line item) and its Analytics orders report.
        let line = "Order Number,Order Status,Order Date,Billing Email,Item Name,SKU,Quantity,Item Cost,Order Total";
        let m = map_orders(&headers(line));
        assert!(m.missing_required().is_empty());
        assert_eq!(m.get(Field::OrderId), Some(0));
        assert_eq!(m.get(Field::CustomerId), Some(3));
        assert_eq!(m.get(Field::UnitPrice), Some(7));
        let analytics = "Date,Order #,Status,Customer,Customer type,Product(s),Items sold,Coupon(s),Net Sales,Attribution";
        let m = map_orders(&headers(analytics));
        assert!(m.missing_required().is_empty(), "{m:?}");
        assert_eq!(m.get(Field::OrderId), Some(1));
        assert_eq!(m.get(Field::Quantity), Some(6));
        assert_eq!(m.get(Field::LineTotal), Some(8));
        assert_eq!(best(analytics), TableKind::Orders);
    }

    #[test]
    fn aggregated_orders_need_no_order_id() {
        let m = map_orders(&headers("date,sku,units,revenue"));
        assert!(m.is_aggregated());
        assert!(m.missing_required().is_empty());
        let m = map_orders(&headers("date,units,revenue"));
        assert!(!m.is_aggregated());
        assert_eq!(m.missing_required(), vec![Field::OrderId]);
    }

    #[test]
    fn amazon_business_reports_are_traffic() {
        let by_date = "Date,Ordered Product Sales,Ordered Product Sales - B2B,Units Ordered,Units Ordered - B2B,Total Order Items,Total Order Items - B2B,Page Views - Total,Sessions - Total,Unit Session Percentage";
        assert_eq!(best(by_date), TableKind::Traffic);
        let m = map_columns(TableKind::Traffic, &headers(by_date));
        assert_eq!(m.get(Field::Date), Some(0));
        assert_eq!(m.get(Field::Revenue), Some(1));
        assert_eq!(m.get(Field::Units), Some(3));
        assert_eq!(m.get(Field::Orders), Some(5));
        assert_eq!(m.get(Field::PageViews), Some(7));
        assert_eq!(m.get(Field::Visitors), Some(8));
        let by_asin = "(Parent) ASIN,(Child) ASIN,Title,Sessions - Total,Page Views - Total,Units Ordered,Ordered Product Sales,Total Order Items";
        assert_eq!(best(by_asin), TableKind::Traffic);
        let m = map_columns(TableKind::Traffic, &headers(by_asin));
        assert_eq!(m.get(Field::Sku), Some(1), "the child ASIN is the product");
        assert_eq!(m.get(Field::Date), None);
        assert!(
            m.missing_required().is_empty(),
            "a by-ASIN report has no date"
        );
    }

    #[test]
    fn chinese_platform_reports_are_traffic() {
        for line in [
            "日期,商品ID,商品名称,商品访客数,商品浏览量,加购人数,下单买家数,支付买家数,支付件数,支付金额,支付转化率",
            "统计日期,访客数,浏览量,支付买家数,支付金额,客单价,支付转化率",
        ] {
            assert_eq!(best(line), TableKind::Traffic, "{line}");
        }
        let m = map_columns(
            TableKind::Traffic,
            &headers("日期,商品ID,商品访客数,加购人数,下单买家数,支付买家数,支付件数,支付金额"),
        );
        assert_eq!(m.get(Field::Visitors), Some(2));
        assert_eq!(m.get(Field::AddToCart), Some(3));
        assert_eq!(m.get(Field::Checkout), Some(4));
        assert_eq!(m.get(Field::PayingBuyers), Some(5));
        assert_eq!(m.get(Field::Units), Some(6));
        assert_eq!(m.get(Field::Revenue), Some(7));
    }

    #[test]
    fn robyn_wide_marketing_mix_is_reshaped() {
        let line = "DATE,revenue,tv_S,ooh_S,print_S,facebook_I,search_clicks_P,search_S,competitor_sales_B,facebook_S,events,newsletter";
        assert_eq!(best(line), TableKind::Marketing);
        let m = map_columns(TableKind::Marketing, &headers(line));
        assert!(m.is_wide());
        assert!(m.missing_required().is_empty());
        let channels: Vec<&str> = m.wide.iter().map(|w| w.channel.as_str()).collect();
        assert_eq!(channels, ["tv", "ooh", "print", "search", "facebook"]);
        let facebook = &m.wide[4];
        assert_eq!((facebook.spend, facebook.impressions), (9, Some(5)));
        assert_eq!(m.wide[3].clicks, Some(6));
        assert_eq!(m.get(Field::Date), Some(0));
        assert_eq!(m.get(Field::Revenue), Some(1));
        // competitor_sales_B, events and newsletter are left for the user.
        assert_eq!(m.used_columns(), vec![0, 1, 2, 3, 4, 5, 6, 7, 9]);
    }

    #[test]
    fn long_marketing_and_inventory() {
        let m = map_columns(
            TableKind::Marketing,
            &headers("Week,Channel,Spend,Impressions,Clicks,Revenue"),
        );
        assert!(!m.is_wide());
        assert!(m.missing_required().is_empty());
        assert_eq!(
            m.get(Field::AttributedRevenue),
            Some(5),
            "per-channel revenue"
        );
        assert_eq!(
            best("日期,推广渠道,花费,展现量,点击量,成交金额"),
            TableKind::Marketing
        );
        assert_eq!(
            best("SKU,On hand,Unit cost,Lead time"),
            TableKind::Inventory
        );
        assert_eq!(
            best("商家编码,商品名称,可用库存,成本价,交货期"),
            TableKind::Inventory
        );
    }

    #[test]
    fn current_policy_names_are_claimed_by_no_other_field() {
        let policy = [Field::ReorderPoint, Field::OrderQuantity, Field::MaxStock];
        for f in policy {
            for name in f.names(TableKind::Inventory) {
                for kind in TableKind::ALL {
                    for other in kind.fields().iter().filter(|o| **o != f) {
                        assert!(
                            !other.names(kind).contains(name),
                            "{name} is {f:?} and {other:?} ({kind:?})"
                        );
                    }
                }
            }
        }
        let line = "SKU,On hand,Reorder point,Order quantity,Max stock";
        assert_eq!(best(line), TableKind::Inventory);
        let m = map_columns(TableKind::Inventory, &headers(line));
        assert_eq!(m.get(Field::ReorderPoint), Some(2));
        assert_eq!(m.get(Field::OrderQuantity), Some(3));
        assert_eq!(m.get(Field::MaxStock), Some(4));
    }

    #[test]
    fn signatures_ignore_spelling_but_not_columns() {
        assert_eq!(
            signature(&headers("Order ID,Order Date")),
            signature(&headers("order_id, order date"))
        );
        assert_ne!(
            signature(&headers("Order ID,Order Date")),
            signature(&headers("Order Date,Order ID"))
        );
    }

    #[test]
    fn set_keeps_one_field_per_column() {
        let mut m = map_orders(&headers("a,b,c"));
        m.set(Field::OrderId, Some(0));
        m.set(Field::PlacedAt, Some(0));
        assert_eq!(m.get(Field::OrderId), None);
        assert_eq!(m.get(Field::PlacedAt), Some(0));
        m.set(Field::PlacedAt, None);
        assert!(m.columns.is_empty());
    }
}
