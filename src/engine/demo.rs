//! The demo store (示例店铺): a seeded, coherent two-year shop with all four tables.
//!
//! The generator plants known parameters — price elasticities, media response curves
//! (Hill saturation with geometric adstock), funnel rates, demand levels — and returns them in
//! [`DemoParams`] next to the data, so that tests can check that the estimators of later pages
//! recover them. Same seed → byte-identical data, natively and in wasm (see [`super::random`]).
//!
//! How the tables hang together:
//! 1. Expected daily revenue = baseline (trend × yearly × weekday × events) + the media
//!    contribution of the week, Σ_c Hill(adstock_c(spend)), spread over the week's days. The
//!    weekly spend is planned so that the curves can be read back from the data: flights off
//!    air, wide swings and heavy-up test weeks, and only part of it following the event
//!    calendar (see `DARK_RUN`).
//! 2. Expected order lines of SKU i on day d = that revenue / mean line value × popularity_i ×
//!    (price_i,d / base price_i)^ε_i, drawn Poisson; prices follow list-price changes and event
//!    discounts, so elasticity can be estimated from the orders. Three hero products (爆款,
//!    [`HERO_SKUS`]) carry [`HERO_SHARE`] of the lines each and ran a price test: four-week arms
//!    at 0.7×, 1× and 1.3× their list price ([`PRICE_TEST_ARMS`]), enough price variation and
//!    volume for their elasticity to be known to about ±0.08 (one standard error); the other
//!    SKUs' list prices drift in small steps, as a shop's do, which tells their elasticity only
//!    roughly.
//! 3. The day's lines are shuffled into orders of 1–4 lines, stamped with an hour, and assigned to
//!    3,000 customers (heavy-tailed purchase propensity, churn) or to guests.
//! 4. Traffic per channel × device follows the planted funnel rates. Each order is assigned to
//!    a cell in proportion to the cell's planted expected orders (visitor share × Π step
//!    rates), so traffic orders and revenue equal the order table; the funnel above each cell's
//!    paid orders is then built up from Poisson drop-out counts at every step, so each step's
//!    rate (sum of a step over the sum of the step before) estimates its planted rate.
//! 5. The inventory sheet is set from the last eight weeks of demand and a planted days-of-cover.
//!    Each SKU also carries the shop's current policy, a small shop's rule of thumb rather than
//!    an optimum (no extra random draws): with `daily` the mean units per day of those eight
//!    weeks, reorder point = round(daily × (lead time + 7 days)), a week's safety margin over the
//!    lead time (at least one unit: reorder when the last one sells), and order quantity = max(MOQ, round(daily × 30)), a month of demand; no
//!    maximum stock (order-up-to level) is planted.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::random::Rand;
use super::tables::{
    Dataset, InventoryRow, LineStatus, LocalText, MarketingRow, OrderLine, OrderTable, Product,
    TrafficRow,
};

/// Mixed into the seed for the traffic's last draws, which have a stream of their own.
const TRAFFIC_STREAM: u64 = 0x0074_7261_6666_6963;

/// The seed of the demo store the app opens with.
pub const DEFAULT_SEED: u64 = 11_11;

/// A category of the demo catalogue and its planted economics.
struct CategorySpec {
    en: &'static str,
    zh: &'static str,
    products: [(&'static str, &'static str); 5],
    /// Price of the classic variant of the first product, in CNY.
    base_price: f64,
    /// Mean price elasticity of the category's SKUs.
    elasticity: f64,
    /// Gross margin at the base price.
    margin: f64,
    /// Mean replenishment lead time in days.
    lead_time_days: f64,
    /// Share of demand.
    popularity: f64,
}

const CATEGORIES: [CategorySpec; 8] = [
    CategorySpec {
        en: "Apparel",
        zh: "服饰",
        products: [
            ("Cotton T-shirt", "纯棉T恤"),
            ("Hoodie", "连帽卫衣"),
            ("Wool scarf", "羊毛围巾"),
            ("Jeans", "牛仔裤"),
            ("Down vest", "羽绒背心"),
        ],
        base_price: 89.0,
        elasticity: -1.8,
        margin: 0.55,
        lead_time_days: 21.0,
        popularity: 1.4,
    },
    CategorySpec {
        en: "Shoes",
        zh: "鞋靴",
        products: [
            ("Running shoes", "跑步鞋"),
            ("Canvas sneakers", "帆布鞋"),
            ("Chelsea boots", "切尔西靴"),
            ("House slippers", "居家拖鞋"),
            ("Sports socks, 3 pairs", "运动袜(3双装)"),
        ],
        base_price: 159.0,
        elasticity: -1.6,
        margin: 0.5,
        lead_time_days: 28.0,
        popularity: 0.9,
    },
    CategorySpec {
        en: "Beauty",
        zh: "美妆护肤",
        products: [
            ("Moisturizing cream", "保湿面霜"),
            ("Face serum", "精华液"),
            ("Sunscreen", "防晒霜"),
            ("Lipstick", "口红"),
            ("Facial cleanser", "洁面乳"),
        ],
        base_price: 129.0,
        elasticity: -1.3,
        margin: 0.65,
        lead_time_days: 14.0,
        popularity: 1.3,
    },
    CategorySpec {
        en: "Home",
        zh: "家居",
        products: [
            ("Scented candle", "香薰蜡烛"),
            ("Ceramic mug", "陶瓷马克杯"),
            ("Cotton towel", "纯棉毛巾"),
            ("Storage box", "收纳盒"),
            ("Throw pillow", "抱枕"),
        ],
        base_price: 59.0,
        elasticity: -2.0,
        margin: 0.5,
        lead_time_days: 18.0,
        popularity: 1.0,
    },
    CategorySpec {
        en: "Electronics",
        zh: "数码配件",
        products: [
            ("Bluetooth earbuds", "蓝牙耳机"),
            ("Power bank", "充电宝"),
            ("Charging cable", "数据线"),
            ("Phone case", "手机壳"),
            ("Fitness band", "智能手环"),
        ],
        base_price: 199.0,
        elasticity: -2.4,
        margin: 0.3,
        lead_time_days: 30.0,
        popularity: 0.8,
    },
    CategorySpec {
        en: "Snacks & drinks",
        zh: "零食饮品",
        products: [
            ("Daily nuts", "每日坚果"),
            ("Drip coffee", "挂耳咖啡"),
            ("Fruit tea", "花果茶"),
            ("Dark chocolate", "黑巧克力"),
            ("Beef jerky", "牛肉干"),
        ],
        base_price: 39.0,
        elasticity: -1.1,
        margin: 0.4,
        lead_time_days: 10.0,
        popularity: 1.5,
    },
    CategorySpec {
        en: "Mother & baby",
        zh: "母婴",
        products: [
            ("Diapers", "纸尿裤"),
            ("Baby wipes", "婴儿湿巾"),
            ("Kids' water bottle", "儿童水杯"),
            ("Plush toy", "安抚玩具"),
            ("Baby lotion", "婴儿润肤乳"),
        ],
        base_price: 79.0,
        elasticity: -0.9,
        margin: 0.35,
        lead_time_days: 12.0,
        popularity: 0.9,
    },
    CategorySpec {
        en: "Sports & outdoors",
        zh: "运动户外",
        products: [
            ("Yoga mat", "瑜伽垫"),
            ("Sports bottle", "运动水壶"),
            ("Quick-dry tee", "速干T恤"),
            ("Hiking backpack", "登山背包"),
            ("Jump rope", "跳绳"),
        ],
        base_price: 99.0,
        elasticity: -1.9,
        margin: 0.45,
        lead_time_days: 25.0,
        popularity: 0.7,
    },
];

/// The three variants of every product: English, Chinese, price multiplier.
const VARIANTS: [(&str, &str, f64); 3] = [
    ("Classic", "经典款", 1.0),
    ("Plus", "升级款", 1.35),
    ("Gift set", "礼盒装", 1.8),
];

/// A marketing channel's planted economics: share of the total budget, adstock decay θ, Hill
/// shape α, half-saturation as a multiple of the steady adstock of the mean weekly spend, ROAS
/// at mean spend, and the share of weeks the channel is off air (its flights).
const MEDIA: [(&str, f64, f64, f64, f64, f64, f64); 6] = [
    ("search_ads", 0.30, 0.10, 1.2, 1.1, 3.2, 0.15),
    ("feed_ads", 0.24, 0.35, 1.6, 1.3, 2.4, 0.2),
    ("live_stream", 0.20, 0.20, 2.0, 0.9, 3.0, 0.2),
    ("kol_seeding", 0.13, 0.60, 1.3, 1.5, 2.0, 0.25),
    ("affiliate", 0.09, 0.10, 1.1, 1.2, 3.5, 0.2),
    ("sms_email", 0.04, 0.00, 1.0, 0.8, 5.0, 0.15),
];

/// How the demo shop plans its media, so that the response curves can be read from its data
/// (as a course demo should allow, and as a shop that wants to know its curves would plan):
/// - **Flights**: each channel goes off air for runs of weeks (on average [`DARK_RUN`] weeks),
///   drawn on their own per channel, for the share of weeks given in [`MEDIA`]. Weeks with
///   no spend are what pins a channel's level (the revenue it brings at all).
/// - **Wide swings**: on air, a week's spend is log-normal with spread [`SPEND_SPREAD`], and
///   [`TEST_SHARE`] of the weeks are planned heavy-up tests at [`TEST_MULTIPLIER`]× spend.
/// - **Events**: spend follows only [`EVENT_COUPLING`] of the event calendar's lift (a week
///   with 11-11 gets up to 1.5×, not 2×), so that the event lifts and the channels can be told
///   apart.
///
/// The spend is normalised so that its expected weekly mean is the channel's planned mean
/// spend, from which κ and β are derived.
const DARK_RUN: f64 = 2.0;
/// Log-normal spread of a week's spend on air.
const SPEND_SPREAD: f64 = 0.7;
/// Share of on-air weeks that are heavy-up tests, and their spend multiplier.
const TEST_SHARE: f64 = 0.06;
const TEST_MULTIPLIER: f64 = 2.5;
/// Share of the event calendar's lift (capped at 2×) that spend follows.
const EVENT_COUPLING: f64 = 0.5;

/// The hero products (爆款) that ran a price test: the classic variant of the first product of
/// Apparel, Beauty and Snacks & drinks (SKU-101, SKU-301, SKU-601).
pub const HERO_SKUS: [&str; 3] = ["SKU-101", "SKU-301", "SKU-601"];
/// Share of the order lines at base prices that each hero product takes (a shop's best sellers
/// take a large share: three SKUs of 120 take about a quarter of the lines).
const HERO_SHARE: f64 = 0.085;
/// The price test's arms, as multiples of the list price, each held for [`PRICE_TEST_WEEKS`]
/// weeks, the next arm drawn among the other two. The variance of ln price over the arms is
/// about 0.064: with ~3,000 lines a hero's elasticity has a standard error near 0.08 (the
/// information bound 1/√(lines × var ln p), times the over-dispersion of units per line).
const PRICE_TEST_ARMS: [f64; 3] = [0.7, 1.0, 1.3];
/// Weeks each arm of the price test runs.
const PRICE_TEST_WEEKS: usize = 4;

/// Traffic channels: name, share of visitors, and the planted step rates visitor → product
/// view → add to cart → checkout → paid.
const TRAFFIC_CHANNELS: [(&str, f64, [f64; 4]); 5] = [
    ("search", 0.32, [0.62, 0.14, 0.55, 0.82]),
    ("recommend", 0.28, [0.48, 0.09, 0.50, 0.78]),
    ("live", 0.14, [0.70, 0.16, 0.60, 0.85]),
    ("paid_ads", 0.16, [0.40, 0.07, 0.45, 0.75]),
    ("direct", 0.10, [0.75, 0.22, 0.65, 0.88]),
];

/// Devices: name, share of visitors, multiplier of the view → cart rate.
const DEVICES: [(&str, f64, f64); 3] = [
    ("app", 0.62, 1.12),
    ("mobile_web", 0.28, 0.85),
    ("pc", 0.10, 0.95),
];

/// Regions (provinces) and their share of orders.
const REGIONS: [(&str, f64); 10] = [
    ("Guangdong", 0.17),
    ("Zhejiang", 0.13),
    ("Jiangsu", 0.12),
    ("Shanghai", 0.09),
    ("Beijing", 0.08),
    ("Shandong", 0.08),
    ("Sichuan", 0.07),
    ("Hubei", 0.06),
    ("Fujian", 0.06),
    ("Henan", 0.14),
];

/// Relative order volume by hour of day (China: late-morning, afternoon and evening peaks).
const HOURS: [f64; 24] = [
    1.2, 0.6, 0.3, 0.2, 0.15, 0.2, 0.4, 0.8, 1.2, 1.6, 1.9, 1.8, 1.5, 1.6, 1.8, 1.7, 1.5, 1.4, 1.5,
    1.9, 2.4, 2.8, 2.6, 1.8,
];

/// Shares of orders with 1, 2, 3 and 4 lines.
const LINES_PER_ORDER: [f64; 4] = [0.5, 0.28, 0.14, 0.08];

/// Calendar and demand-level parameters of the demo store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeasonParams {
    /// First day of data (a Monday, so marketing weeks are whole).
    pub first_day: NaiveDate,
    /// Last day of data (a Sunday, the last day of a month).
    pub last_day: NaiveDate,
    /// Target number of order lines the demand level is calibrated to.
    pub target_lines: f64,
    /// Yearly growth of the baseline (e.g. 0.25 = +25% a year).
    pub yearly_growth: f64,
    /// Amplitude of the yearly cycle, peaking in mid-December.
    pub yearly_amplitude: f64,
    /// Demand multiplier by weekday, Monday first.
    pub weekday: [f64; 7],
    /// Demand multiplier on Singles' Day (11-11).
    pub singles_day_peak: f64,
    /// Demand multiplier on Black Friday (the day after the fourth Thursday of November).
    pub black_friday_peak: f64,
    /// Demand multiplier on the 618 mid-year sale (06-18).
    pub mid_year_peak: f64,
    /// Baseline revenue per day at the first day, in CNY.
    pub baseline_daily_revenue: f64,
}

/// Planted parameters of one SKU.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkuParams {
    /// Stock-keeping unit.
    pub sku: String,
    /// Category index into the catalogue (0–7).
    pub category: usize,
    /// Base list price in CNY.
    pub base_price: f64,
    /// Unit cost in CNY.
    pub unit_cost: f64,
    /// Price elasticity of demand ε: order lines ∝ (price / base price)^ε.
    pub elasticity: f64,
    /// Share of all order lines at base prices.
    pub popularity: f64,
    /// Mean quantity per order line.
    pub mean_quantity: f64,
    /// Planted days of cover at the end of the data (sets on-hand).
    pub days_of_cover: f64,
    /// A hero product (爆款) whose price was tested at 0.7×, 1× and 1.3× ([`HERO_SKUS`]).
    pub price_test: bool,
}

/// Planted response curve of one marketing channel:
/// revenue = β·x^α / (x^α + κ^α) with adstock x_t = spend_t + θ·x_{t−1}.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelParams {
    /// Channel name as in the marketing table.
    pub channel: String,
    /// Planned mean weekly spend in CNY: the expected spend per week, weeks off air included.
    /// κ is `MEDIA`'s multiple of its steady adstock, and β makes the ROAS at this spend the
    /// planted one.
    pub mean_weekly_spend: f64,
    /// Geometric adstock decay θ.
    pub theta: f64,
    /// Hill shape α.
    pub alpha: f64,
    /// Half-saturation point κ (adstocked spend at half the maximum).
    pub kappa: f64,
    /// Maximum weekly revenue contribution β.
    pub beta: f64,
}

/// Planted funnel of one traffic channel × device cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunnelParams {
    /// Traffic channel.
    pub channel: String,
    /// Device.
    pub device: String,
    /// Share of visitors.
    pub visitor_share: f64,
    /// Step rates: visitor → view, view → cart, cart → checkout, checkout → paid.
    pub step_rates: [f64; 4],
}

/// Customer behaviour parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerParams {
    /// Customers in the base: 1,200 who bought before the data starts, and new ones until the
    /// base reaches this number. A few of the early ones churn before ordering in the window,
    /// so slightly fewer distinct ids appear in the orders.
    pub customers: u32,
    /// Share of orders placed as guests (no customer id).
    pub guest_share: f64,
    /// Gamma shape of the purchase propensity (lower = more unequal).
    pub propensity_shape: f64,
    /// Mean active lifetime in days before a customer stops buying.
    pub mean_lifetime_days: f64,
    /// Share of orders cancelled.
    pub cancel_share: f64,
    /// Share of paid lines refunded.
    pub refund_share: f64,
}

/// Every parameter the demo store was generated from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemoParams {
    /// The seed.
    pub seed: u64,
    /// Calendar and demand level.
    pub season: SeasonParams,
    /// Per SKU.
    pub skus: Vec<SkuParams>,
    /// Per marketing channel.
    pub channels: Vec<ChannelParams>,
    /// Per traffic channel × device.
    pub funnel: Vec<FunnelParams>,
    /// Customers.
    pub customers: CustomerParams,
}

/// The demo store: data and the parameters it was generated from.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoStore {
    /// The four tables.
    pub dataset: Dataset,
    /// The planted parameters.
    pub params: DemoParams,
}

/// Hill saturation β·x^α / (x^α + κ^α) (the response curve of Meta's Robyn and Google's
/// Meridian).
pub fn hill_response(x: f64, alpha: f64, kappa: f64, beta: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let xa = libm::pow(x, alpha);
    beta * xa / (xa + libm::pow(kappa, alpha))
}

/// Black Friday of `year`: the day after Thanksgiving, the fourth Thursday of November (not
/// the fourth Friday, which is a week early when November starts on a Friday, as in 2024).
pub fn black_friday(year: i32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, 11, Weekday::Thu, 4)
        .and_then(|d| d.succ_opt())
        .unwrap_or_default()
}

impl SeasonParams {
    /// Multiplier of the calendar events on `day`: Singles' Day and its pre-sale, Black Friday
    /// to Cyber Monday, and 618.
    pub fn event_factor(&self, day: NaiveDate) -> f64 {
        let (m, d) = (day.month(), day.day());
        let bf = black_friday(day.year());
        let since_bf = (day - bf).num_days();
        match (m, d) {
            (11, 11) => self.singles_day_peak,
            (11, 10) | (11, 12) => 1.0 + (self.singles_day_peak - 1.0) * 0.2,
            (11, 1..=9) => 1.25,
            (6, 18) => self.mid_year_peak,
            (6, 15..=17) => 1.3,
            _ if since_bf == 0 => self.black_friday_peak,
            _ if since_bf == 3 => 1.0 + (self.black_friday_peak - 1.0) * 0.5,
            _ if (1..=2).contains(&since_bf) => 1.0 + (self.black_friday_peak - 1.0) * 0.3,
            _ => 1.0,
        }
    }

    /// Baseline multiplier of `day` without events: growth trend × yearly cycle × weekday.
    pub fn base_factor(&self, day: NaiveDate) -> f64 {
        let t = (day - self.first_day).num_days() as f64;
        let trend = libm::pow(1.0 + self.yearly_growth, t / 365.0);
        let phase = 2.0 * std::f64::consts::PI * (day.ordinal0() as f64 - 349.0) / 365.0;
        let yearly = 1.0 + self.yearly_amplitude * libm::cos(phase);
        trend * yearly * self.weekday[day.weekday().num_days_from_monday() as usize]
    }
}

/// Discount off list price on `day` for a SKU that joins the event's promotion.
fn event_discount(day: NaiveDate) -> f64 {
    let since_bf = (day - black_friday(day.year())).num_days();
    match (day.month(), day.day()) {
        (11, 1..=11) => 0.2,
        (6, 15..=18) => 0.15,
        _ if (0..=3).contains(&since_bf) => 0.15,
        _ => 0.0,
    }
}

/// Rounds a price to ¥0.1, as shops price (59.9, 129.0).
fn round_price(p: f64) -> f64 {
    libm::round(p * 10.0) / 10.0
}

/// Generates the demo store for `seed`.
pub fn generate(seed: u64) -> DemoStore {
    let mut rng = Rand::new(seed);
    let first_day = NaiveDate::from_ymd_opt(2023, 11, 27).unwrap_or_default();
    let last_day = NaiveDate::from_ymd_opt(2025, 11, 30).unwrap_or_default();
    let days: Vec<NaiveDate> = first_day
        .iter_days()
        .take_while(|d| *d <= last_day)
        .collect();
    let weeks = days.len().div_ceil(7);
    let mut season = SeasonParams {
        first_day,
        last_day,
        target_lines: 50_000.0,
        yearly_growth: 0.25,
        yearly_amplitude: 0.15,
        weekday: [0.94, 0.92, 0.95, 0.98, 1.04, 1.10, 1.07],
        singles_day_peak: 6.0,
        black_friday_peak: 2.5,
        mid_year_peak: 2.5,
        baseline_daily_revenue: 0.0,
    };

    // Catalogue and per-SKU parameters.
    let mut products = Vec::with_capacity(120);
    let mut skus = Vec::with_capacity(120);
    for (c, cat) in CATEGORIES.iter().enumerate() {
        for (p, (en, zh)) in cat.products.iter().enumerate() {
            let product_price = cat.base_price * rng.between(0.6, 1.6);
            for (v, (ven, vzh, vmul)) in VARIANTS.iter().enumerate() {
                let sku = format!("SKU-{}{:02}", c + 1, p * 3 + v + 1);
                let base_price = round_price(product_price * vmul) - 0.1;
                let margin = (cat.margin + 0.06 * rng.normal()).clamp(0.15, 0.8);
                products.push(Product {
                    sku: sku.clone(),
                    name: LocalText {
                        en: format!("{en} ({ven})"),
                        zh: format!("{zh}（{vzh}）"),
                    },
                    category: LocalText::new(cat.en, cat.zh),
                });
                skus.push(SkuParams {
                    sku,
                    category: c,
                    base_price,
                    unit_cost: libm::round(base_price * (1.0 - margin) * 100.0) / 100.0,
                    elasticity: (cat.elasticity + 0.25 * rng.normal()).clamp(-3.5, -0.5),
                    popularity: cat.popularity * rng.gamma(2.0, 0.5) / libm::pow(*vmul, 1.5),
                    mean_quantity: if c == 5 { 1.8 } else { 1.25 },
                    days_of_cover: libm::exp(3.6 + 0.7 * rng.normal()).clamp(3.0, 300.0),
                    price_test: false,
                });
            }
        }
    }
    for s in &mut skus {
        s.price_test = HERO_SKUS.contains(&s.sku.as_str());
    }
    // The heroes take HERO_SHARE each; the others share the rest in their drawn proportions.
    let heroes = skus.iter().filter(|s| s.price_test).count() as f64;
    let others_pop: f64 = skus
        .iter()
        .filter(|s| !s.price_test)
        .map(|s| s.popularity)
        .sum();
    for s in &mut skus {
        s.popularity = if s.price_test {
            // Demand at the test's prices averages Σ arm^ε / 3 times the demand at the base
            // price (1.2× at ε = −2): the share at base prices is set so that the hero's
            // expected lines stay HERO_SHARE of the shop's.
            let lift = PRICE_TEST_ARMS
                .iter()
                .map(|arm| libm::pow(*arm, s.elasticity))
                .sum::<f64>()
                / PRICE_TEST_ARMS.len() as f64;
            HERO_SHARE / lift
        } else {
            s.popularity / others_pop * (1.0 - heroes * HERO_SHARE)
        };
    }
    let mean_line_value: f64 = skus
        .iter()
        .map(|s| s.popularity * s.base_price * s.mean_quantity)
        .sum();

    // Calendar weights: baseline and event multipliers per day.
    let day_weight: Vec<f64> = days
        .iter()
        .map(|d| season.base_factor(*d) * season.event_factor(*d))
        .collect();
    let target_revenue = season.target_lines * mean_line_value;

    // Media: weekly spend per channel, adstock, contribution.
    let total_weekly_spend = 0.12 * target_revenue / weeks as f64;
    // How much of the event calendar's lift each week's spend follows, and its mean over the
    // weeks (to keep the expected spend at the planned mean).
    let event_boost: Vec<f64> = (0..weeks)
        .map(|w| {
            let week_start = first_day + Duration::days(7 * w as i64);
            let lift = (0..7)
                .map(|i| season.event_factor(week_start + Duration::days(i)))
                .fold(1.0, f64::max)
                .min(2.0);
            1.0 + EVENT_COUPLING * (lift - 1.0)
        })
        .collect();
    let mean_boost = event_boost.iter().sum::<f64>() / weeks as f64;
    let mut channels = Vec::new();
    let mut contributions = vec![0.0; weeks];
    let mut marketing = Vec::new();
    for (name, share, theta, alpha, kappa_mult, roas, dark_share) in MEDIA {
        let mean_spend = total_weekly_spend * share;
        let steady_adstock = mean_spend / (1.0 - theta);
        let kappa = kappa_mult * steady_adstock;
        let beta = roas * mean_spend / hill_response(steady_adstock, alpha, kappa, 1.0);
        // Spend on air in an ordinary week, such that the expected spend is the mean: the
        // log-normal's mean is e^(σ²/2).
        let on_air_spend = mean_spend
            / ((1.0 - dark_share)
                * libm::exp(SPEND_SPREAD * SPEND_SPREAD / 2.0)
                * (1.0 + TEST_SHARE * (TEST_MULTIPLIER - 1.0))
                * mean_boost);
        // Flights as a two-state chain: off air for DARK_RUN weeks on average, and the
        // share of weeks off air `dark_share`.
        let resume = 1.0 / DARK_RUN;
        let pause = dark_share * resume / (1.0 - dark_share);
        let mut on_air = !rng.chance(dark_share);
        // The shop spent like this before the data: the adstock starts at the steady state
        // of the mean spend.
        let mut adstock = steady_adstock;
        for (w, week_total) in contributions.iter_mut().enumerate() {
            let week_start = first_day + Duration::days(7 * w as i64);
            if w > 0 {
                on_air = if on_air {
                    !rng.chance(pause)
                } else {
                    rng.chance(resume)
                };
            }
            let test = if rng.chance(TEST_SHARE) {
                TEST_MULTIPLIER
            } else {
                1.0
            };
            let swing = rng.lognormal(SPEND_SPREAD);
            let spend = if on_air {
                libm::round(on_air_spend * event_boost[w] * test * swing)
            } else {
                0.0
            };
            adstock = spend + theta * adstock;
            let contribution = hill_response(adstock, alpha, kappa, beta);
            *week_total += contribution;
            let cpm = rng.between(18.0, 40.0);
            let impressions = (spend / cpm * 1000.0) as u64;
            let click_through = rng.between(0.008, 0.03);
            let clicks = rng.binomial(impressions, click_through);
            marketing.push(MarketingRow {
                date: week_start,
                channel: name.to_owned(),
                spend,
                impressions: Some(impressions),
                clicks: Some(clicks),
                attributed_revenue: Some(
                    libm::round(contribution * rng.lognormal(0.08) * 100.0) / 100.0,
                ),
                attributed_orders: None,
            });
        }
        channels.push(ChannelParams {
            channel: name.to_owned(),
            mean_weekly_spend: mean_spend,
            theta,
            alpha,
            kappa,
            beta,
        });
    }
    let media_total: f64 = contributions.iter().sum();
    season.baseline_daily_revenue =
        (target_revenue - media_total).max(0.0) / day_weight.iter().sum::<f64>();

    // Expected revenue per day = baseline + the week's media contribution spread by weight.
    let expected_revenue: Vec<f64> = days
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let w = i / 7;
            let week_weight: f64 = day_weight[w * 7..(w * 7 + 7).min(days.len())].iter().sum();
            season.baseline_daily_revenue * day_weight[i]
                + contributions[w] * day_weight[i] / week_weight
        })
        .collect();

    // List prices: a random walk of changes every 6–14 weeks, per SKU; the heroes' price test.
    let list_price: Vec<Vec<f64>> = skus
        .iter()
        .map(|s| {
            let mut prices = Vec::with_capacity(weeks);
            // No list price below cost + 5 % (a drift down could otherwise cross the cost of
            // a low-margin SKU).
            let floor = (1.05 * s.unit_cost / s.base_price).max(0.75);
            if s.price_test {
                let mut arm = rng.below(PRICE_TEST_ARMS.len() as u32) as usize;
                for w in 0..weeks {
                    if w > 0 && w % PRICE_TEST_WEEKS == 0 {
                        arm = (arm + 1 + rng.below(PRICE_TEST_ARMS.len() as u32 - 1) as usize)
                            % PRICE_TEST_ARMS.len();
                    }
                    prices.push(round_price(s.base_price * PRICE_TEST_ARMS[arm].max(floor)));
                }
                return prices;
            }
            let mut multiplier = 1.0;
            let mut next_change = 2 + rng.below(12) as usize;
            for w in 0..weeks {
                if w == next_change {
                    multiplier = (multiplier * rng.lognormal(0.1)).clamp(floor, 1.3f64.max(floor));
                    next_change = w + 6 + rng.below(9) as usize;
                }
                prices.push(round_price(s.base_price * multiplier));
            }
            prices
        })
        .collect();
    let joins_promotions: Vec<bool> = skus.iter().map(|_| rng.chance(0.7)).collect();

    let mut customers = CustomerBase::new(3_000, 2.0, 1000.0);
    // The shop had customers before the export starts, as real shops do.
    customers.seed_existing(&mut rng, 1_200);
    let customer_params = CustomerParams {
        customers: customers.target,
        guest_share: 0.08,
        propensity_shape: customers.shape,
        mean_lifetime_days: customers.mean_lifetime,
        cancel_share: 0.025,
        refund_share: 0.03,
    };
    // Orders still to be placed by customers, so the base reaches its target by the end.
    let expected_orders_total = season.target_lines / 1.8 * (1.0 - customer_params.guest_share);
    let mut orders_placed = 0.0;

    let funnel: Vec<FunnelParams> = TRAFFIC_CHANNELS
        .iter()
        .flat_map(|(ch, ch_share, rates)| {
            DEVICES
                .iter()
                .map(move |(dev, dev_share, cart_mult)| FunnelParams {
                    channel: (*ch).to_owned(),
                    device: (*dev).to_owned(),
                    visitor_share: ch_share * dev_share,
                    step_rates: [
                        rates[0],
                        (rates[1] * cart_mult).min(1.0),
                        rates[2],
                        rates[3],
                    ],
                })
        })
        .collect();
    let cell_conversion: Vec<f64> = funnel
        .iter()
        .map(|f| f.step_rates.iter().product::<f64>())
        .collect();
    let mean_conversion: f64 = funnel
        .iter()
        .zip(&cell_conversion)
        .map(|(f, c)| f.visitor_share * c)
        .sum();

    // Each order goes to a cell in proportion to the cell's planted expected orders.
    let order_weights: Vec<f64> = funnel
        .iter()
        .zip(&cell_conversion)
        .map(|(f, c)| f.visitor_share * c)
        .collect();
    let mut traffic_rng = Rand::new(seed ^ TRAFFIC_STREAM);

    let mut orders = OrderTable::default();
    let mut traffic = Vec::with_capacity(days.len() * funnel.len());
    let mut recent_units = vec![0.0; skus.len()];
    for (i, day) in days.iter().enumerate() {
        let w = i / 7;
        let discount = event_discount(*day);
        // Lines of the day, per SKU.
        let mut day_lines: Vec<(usize, f64)> = Vec::new();
        for (s, sku) in skus.iter().enumerate() {
            let price = if joins_promotions[s] && discount > 0.0 {
                round_price(list_price[s][w] * (1.0 - discount))
            } else {
                list_price[s][w]
            };
            let lambda = expected_revenue[i] / mean_line_value
                * sku.popularity
                * libm::pow(price / sku.base_price, sku.elasticity);
            for _ in 0..rng.poisson(lambda) {
                day_lines.push((s, price));
            }
        }
        rng.shuffle(&mut day_lines);

        // Group lines into orders and stamp each with a time.
        let mut day_orders: Vec<(NaiveTime, Vec<(usize, f64)>)> = Vec::new();
        let mut rest = day_lines.as_slice();
        while !rest.is_empty() {
            let n = (rng.weighted(&LINES_PER_ORDER) + 1).min(rest.len());
            let (lines, tail) = rest.split_at(n);
            rest = tail;
            let hour = if day.month() == 11 && day.day() == 11 && rng.chance(0.25) {
                0
            } else {
                rng.weighted(&HOURS) as u32
            };
            let time =
                NaiveTime::from_hms_opt(hour, rng.below(60), rng.below(60)).unwrap_or_default();
            day_orders.push((time, lines.to_vec()));
        }
        day_orders.sort_by_key(|(t, _)| *t);

        // Traffic for the day: visitors forward through the planted funnel down to checkout.
        let expected_orders = expected_revenue[i] / mean_line_value / 1.8;
        let mut cells: Vec<[u64; 5]> = funnel
            .iter()
            .map(|f| {
                let visitors =
                    rng.poisson(expected_orders * f.visitor_share / mean_conversion) as u64;
                let views = rng.binomial(visitors, f.step_rates[0]);
                let cart = rng.binomial(views, f.step_rates[1]);
                let checkout = rng.binomial(cart, f.step_rates[2]);
                [visitors, views, cart, checkout, 0]
            })
            .collect();
        let mut cell_revenue = vec![0.0; funnel.len()];

        for (n, (time, lines)) in day_orders.into_iter().enumerate() {
            let order_id = format!("{}{:04}", day.format("%Y%m%d"), n + 1);
            let cancelled = rng.chance(customer_params.cancel_share);
            let customer_id = if rng.chance(customer_params.guest_share) {
                None
            } else {
                let remaining = (expected_orders_total - orders_placed).max(1.0);
                orders_placed += 1.0;
                Some(customers.pick(&mut rng, i as u32, remaining))
            };
            let cell = rng.weighted(&order_weights);
            let region = REGIONS[rng.weighted(&REGIONS.map(|r| r.1))].0;
            let mut order_value = 0.0;
            for (s, price) in lines {
                let quantity = 1.0 + rng.poisson(skus[s].mean_quantity - 1.0) as f64;
                let status = if cancelled {
                    LineStatus::Cancelled
                } else if rng.chance(customer_params.refund_share) {
                    LineStatus::Refunded
                } else {
                    LineStatus::Paid
                };
                if !cancelled {
                    order_value += quantity * price;
                }
                if days.len() - i <= 56 {
                    recent_units[s] += quantity;
                }
                orders.push(&OrderLine {
                    order_id: &order_id,
                    placed_at: NaiveDateTime::new(*day, time),
                    customer_id: customer_id.as_deref(),
                    sku: &skus[s].sku,
                    quantity,
                    unit_price: price,
                    status,
                    channel: Some(&funnel[cell].channel),
                    region: Some(region),
                });
            }
            if !cancelled {
                cells[cell][4] += 1;
                cell_revenue[cell] += order_value;
            }
        }
        for (c, f) in funnel.iter().enumerate() {
            let [visitors_drawn, views_drawn, cart_drawn, checkout_drawn, paid] = cells[c];
            // The funnel is built up from the cell's real paid orders. Each step's drop-outs
            // are independent Poisson counts (thinning a Poisson count keeps it Poisson): the
            // ones drawn forward above for the first three steps, and checkouts not paid drawn
            // here from their own stream, so that nothing else the demo draws moves.
            let unpaid = traffic_rng.binomial(checkout_drawn, 1.0 - f.step_rates[3]);
            let checkout = paid + unpaid;
            let cart = checkout + (cart_drawn - checkout_drawn);
            let views = cart + (views_drawn - cart_drawn);
            let visitors = views + (visitors_drawn - views_drawn);
            traffic.push(TrafficRow {
                date: Some(*day),
                channel: f.channel.clone(),
                device: f.device.clone(),
                sku: String::new(),
                visitors,
                page_views: None,
                product_views: Some(views),
                add_to_cart: Some(cart),
                checkout: Some(checkout),
                orders: Some(paid),
                paying_buyers: None,
                units: None,
                revenue: Some(libm::round(cell_revenue[c] * 100.0) / 100.0),
            });
        }
    }

    let inventory = skus
        .iter()
        .enumerate()
        .map(|(s, p)| {
            let daily = recent_units[s] / 56.0;
            // Drawn in the order they always were (lead time, its spread, order cost, MOQ), so
            // the stream and every other planted value stay the same.
            let lead_time_days =
                libm::round(CATEGORIES[p.category].lead_time_days * rng.between(0.7, 1.3));
            let lead_time_sd_days =
                libm::round(CATEGORIES[p.category].lead_time_days * rng.between(0.1, 0.35) * 10.0)
                    / 10.0;
            let order_cost = libm::round(rng.between(150.0, 500.0));
            let moq = f64::from([10u32, 20, 50, 100][rng.below(4) as usize]);
            InventoryRow {
                sku: p.sku.clone(),
                name: products[s].name.en.clone(),
                category: products[s].category.en.clone(),
                on_hand: libm::round(daily * p.days_of_cover),
                unit_cost: Some(p.unit_cost),
                price: Some(list_price[s][weeks - 1]),
                lead_time_days: Some(lead_time_days),
                lead_time_sd_days: Some(lead_time_sd_days),
                order_cost: Some(order_cost),
                holding_cost_rate: Some(0.25),
                moq: Some(moq),
                // A small shop's rule of thumb, not an optimum: reorder at the lead time's demand
                // plus a week's margin, and order a month of demand (at least the MOQ).
                reorder_point: Some(libm::round(daily * (lead_time_days + 7.0)).max(1.0)),
                order_quantity: Some(moq.max(libm::round(daily * 30.0))),
                max_stock: None,
            }
        })
        .collect();

    DemoStore {
        dataset: Dataset {
            name: LocalText::new("Demo store", "示例店铺"),
            currency: "CNY".to_owned(),
            products,
            orders: std::sync::Arc::new(orders),
            traffic,
            marketing,
            period_revenue: Vec::new(),
            inventory,
            sources: std::array::from_fn(|_| crate::engine::tables::TableSource::Demo),
        },
        params: DemoParams {
            seed,
            season,
            skus,
            channels,
            funnel,
            customers: customer_params,
        },
    }
}

/// The growing base of customers: each has a heavy-tailed purchase propensity (Gamma) and an
/// exponential lifetime after which it stops buying.
struct CustomerBase {
    target: u32,
    shape: f64,
    mean_lifetime: f64,
    /// Cumulative propensity of customers 0..n, for O(log n) weighted picks.
    cumulative: Vec<f64>,
    /// Day index after which each customer buys no more.
    active_until: Vec<u32>,
}

impl CustomerBase {
    /// Adds `n` customers who bought before the data starts, each with the rest of its lifetime.
    fn seed_existing(&mut self, rng: &mut Rand, n: u32) {
        for _ in 0..n.min(self.target) {
            self.add(rng, 0);
        }
    }

    /// Adds a customer whose lifetime starts on day `day`.
    fn add(&mut self, rng: &mut Rand, day: u32) {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        self.cumulative.push(total + rng.gamma(self.shape, 1.0));
        self.active_until
            .push(day + rng.exponential(self.mean_lifetime) as u32);
    }

    fn new(target: u32, shape: f64, mean_lifetime: f64) -> Self {
        Self {
            target,
            shape,
            mean_lifetime,
            cumulative: Vec::new(),
            active_until: Vec::new(),
        }
    }

    /// The customer of the next order on day `day`; `remaining_orders` is how many orders with
    /// a customer are still expected, so that new customers arrive until the target is reached.
    fn pick(&mut self, rng: &mut Rand, day: u32, remaining_orders: f64) -> String {
        let existing = self.cumulative.len() as u32;
        let left = self.target - existing;
        let p_new = if left == 0 {
            0.0
        } else {
            (left as f64 / remaining_orders).max(1.0 / (1.0 + existing as f64 / 15.0))
        };
        let index = if rng.chance(p_new) {
            self.add(rng, day);
            existing
        } else {
            let total = self.cumulative.last().copied().unwrap_or(0.0);
            let mut chosen = 0;
            for _ in 0..12 {
                let target = rng.uniform() * total;
                chosen = self.cumulative.partition_point(|c| *c <= target) as u32;
                chosen = chosen.min(existing.saturating_sub(1));
                if self.active_until[chosen as usize] >= day {
                    break;
                }
            }
            chosen
        };
        format!("C{:05}", 10_001 + index)
    }
}
