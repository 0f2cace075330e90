//! Every string a user sees, in 简体中文 and English, and numbers and dates formatted for each.
//!
//! The catalogue is one macro invocation: each key must be given an `en` and a `zh` text, or
//! the crate does not compile. `tests` below also check that no text is empty and that Chinese
//! texts are written in Chinese. Pure Rust, so the formatting is tested on the host.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::engine::kpi::YearMonth;

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// English.
    En,
    /// 简体中文.
    Zh,
}

impl Lang {
    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Parses a stored or browser language tag: anything starting with `zh` is Chinese,
    /// anything starting with `en` English.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Lang::Zh)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The other language, for the toggle.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }
}

macro_rules! catalogue {
    ($($key:ident { en: $en:literal, zh: $zh:literal $(,)? })*) => {
        /// A message of the interface. Every variant has a text in both languages.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Msg { $($key),* }

        impl Msg {
            /// Every message, for tests.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            /// The message's text in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::En) => $en, (Msg::$key, Lang::Zh) => $zh,)*
                }
            }
        }
    };
}

catalogue! {
    AppName { en: "Shoplab", zh: "Shoplab 电商运营实验室" }
    Tagline {
        en: "E-commerce operations lab · runs in your browser, your data never leaves this computer",
        zh: "在浏览器中运行 · 数据不会离开这台电脑",
    }
    NavOverview { en: "Overview", zh: "概览" }
    NavLabel { en: "Pages", zh: "页面导航" }
    SwitchLanguage { en: "简体中文", zh: "English" }
    SwitchLanguageLabel { en: "Switch the interface to Chinese", zh: "将界面切换为英文" }
    Dataset { en: "Dataset:", zh: "数据集：" }
    DatasetNone { en: "none loaded", zh: "未加载" }
    Loading { en: "Preparing the demo store…", zh: "正在生成示例店铺……" }
    // Keeping, sharing and forgetting the work (issue 9).
    SavedTitle { en: "Your work in this browser", zh: "本浏览器中的工作" }
    SavedLead {
        en: "Imported data and every page's settings are kept in this browser (IndexedDB and local storage) and come back when you reload. Nothing is sent anywhere.",
        zh: "导入的数据和各页面的设置保存在本浏览器中（IndexedDB 与本地存储），刷新页面后自动恢复。数据不会发送到任何地方。",
    }
    Forget { en: "Forget everything", zh: "忘记本浏览器中的一切" }
    ForgetSure {
        en: "This removes the imported data, every page's settings, the remembered column mappings and the language choice from this browser.",
        zh: "这将从本浏览器中删除导入的数据、各页面的设置、已记住的列映射和语言选择。",
    }
    ForgetYes { en: "Yes, forget everything", zh: "确认全部忘记" }
    Forgotten { en: "Forgotten: {what}. Nothing of your work is left in this browser.", zh: "已清除：{what}。本浏览器中不再保留您的任何工作。" }
    ForgottenWorkspace { en: "the saved data ({files} imported files, {size})", zh: "已保存的数据（{files} 个导入文件，{size}）" }
    ForgottenSettings { en: "the pages' settings", zh: "各页面的设置" }
    ForgottenMappings { en: "{n} remembered column mappings", zh: "{n} 个已记住的列映射" }
    ForgottenLanguage { en: "the language choice", zh: "语言选择" }
    ForgottenNothing { en: "nothing was stored", zh: "原本没有保存任何内容" }
    ForgetFailed {
        en: "The browser did not delete the saved data ({reason}). Clear this site's data in the browser's settings.",
        zh: "浏览器未能删除已保存的数据（{reason}）。请在浏览器设置中清除本网站的数据。",
    }
    StorageProblem {
        en: "This browser could not keep your work ({reason}). Shoplab keeps working, but a reload will lose it: export a course pack on the data page to keep it.",
        zh: "浏览器无法保存您的工作（{reason}）。Shoplab 仍可正常使用，但刷新后将丢失：可在数据页导出课程包来保存。",
    }
    RestoreFailed {
        en: "The work kept in this browser could not be read back (it is damaged: {error}); the demo store is loaded instead.",
        zh: "无法读取本浏览器中保存的工作（数据已损坏：{error}），已改为加载示例店铺。",
    }
    RestoreNewer {
        en: "The work kept in this browser was saved by a newer Shoplab (version {v}). It is left untouched and the demo store is loaded: open Shoplab's newest version to get it back.",
        zh: "本浏览器中保存的工作来自更新版本的 Shoplab（版本 {v}）。它将保持不变，当前已加载示例店铺：请打开最新版本的 Shoplab 以恢复。",
    }
    PackErrUnavailable {
        en: "Course packs are read in the background worker, which did not start in this browser. Reload the page and try again.",
        zh: "课程包需要在后台线程中读取，但它在本浏览器中未能启动。请刷新页面后重试。",
    }
    PackErrUnreadable {
        en: "The browser could not read the pack file ({reason}). Check that it is still there and try again.",
        zh: "浏览器无法读取课程包文件（{reason}）。请确认文件仍然存在后重试。",
    }
    MappingRestored {
        en: "This file comes from the work kept in this browser or from a course pack: to change how its columns are read, add the file again.",
        zh: "该文件来自本浏览器保存的工作或课程包：如需修改列的读取方式，请重新添加该文件。",
    }
    PacksTitle { en: "Course packs", zh: "课程包" }
    PacksLead {
        en: "A course pack is one file with the data, every page's settings, a title and instructions. An instructor exports one; trainees open it here, or drop it on this page like a data file.",
        zh: "课程包是一个文件，包含数据、各页面的设置、标题和练习说明。讲师导出课程包，学员在此打开，或像数据文件一样拖放到本页。",
    }
    PackOpen { en: "Open a course pack…", zh: "打开课程包……" }
    ExampleBudget { en: "Plan the Singles' Day budget", zh: "规划双十一预算" }
    ExampleCheckout { en: "Fix the checkout step", zh: "修复结账环节" }
    PackExamples { en: "Example packs, built from the demo store:", zh: "示例课程包（基于示例店铺）：" }
    PackTitleLabel { en: "Title", zh: "标题" }
    PackInstructionsLabel { en: "Instructions for the class", zh: "给学员的练习说明" }
    PackExport { en: "Export course pack", zh: "导出课程包" }
    PackOpening { en: "Opening the course pack…", zh: "正在打开课程包……" }
    PackErrEmpty { en: "The pack file is empty.", zh: "课程包文件为空。" }
    PackErrNotAPack {
        en: "This file is not a Shoplab course pack. Data files (CSV, Excel) are imported with the file picker above.",
        zh: "该文件不是 Shoplab 课程包。数据文件（CSV、Excel）请用上方的文件选择器导入。",
    }
    PackErrTruncated {
        en: "The pack ends too early: it was probably cut off while downloading or copying. Ask for the file again.",
        zh: "课程包不完整：可能在下载或复制时被截断。请重新获取该文件。",
    }
    PackErrNewer {
        en: "This pack was made by a newer Shoplab (format version {v}; this one reads version {have}). Open it in the newer Shoplab, or ask for a pack saved by this one.",
        zh: "该课程包由更新版本的 Shoplab 制作（格式版本 {v}；当前版本只能读取版本 {have}）。请用新版 Shoplab 打开，或请对方用当前版本重新导出。",
    }
    PackErrUnknown {
        en: "This pack has a format version ({v}) that Shoplab does not know. Ask for the file again.",
        zh: "该课程包的格式版本（{v}）无法识别。请重新获取该文件。",
    }
    PackErrTooLarge {
        en: "The pack is larger than 1 GB once unpacked, too large for a browser tab.",
        zh: "课程包解压后超过 1 GB，浏览器标签页无法打开。",
    }
    PackErrDamaged {
        en: "The pack is damaged ({detail}). Ask for the file again.",
        zh: "课程包已损坏（{detail}）。请重新获取该文件。",
    }
    PackErrDamagedAt {
        en: "The pack is damaged at line {line}, column {column} ({detail}). Ask for the file again.",
        zh: "课程包在第 {line} 行第 {column} 列处损坏（{detail}）。请重新获取该文件。",
    }
    ExerciseLabel { en: "Exercise", zh: "练习" }
    ExerciseStart { en: "Start on the {page} page", zh: "前往「{page}」页面开始" }
    ShareButton { en: "Share link to these settings", zh: "生成本页设置的分享链接" }
    ShareLead {
        en: "The link carries this page's settings, not the data: opened on the same dataset or on the demo store, it shows the same what-if.",
        zh: "链接只包含本页的设置，不含数据：在相同的数据集或示例店铺上打开即可复现同样的模拟。",
    }
    ShareLabel { en: "Share link", zh: "分享链接" }
    ShareBroken {
        en: "The link's settings could not be read (it may have been cut short); the page shows its usual settings.",
        zh: "无法读取链接中的设置（链接可能不完整），页面显示常规设置。",
    }
    NoOrders {
        en: "This dataset has no order lines, so there is nothing to summarise yet.",
        zh: "该数据集没有订单明细，暂时无法生成概览。",
    }
    OverviewTitle { en: "Overview", zh: "经营概览" }
    OverviewLead {
        en: "Key figures of the last full month, {month}, against the month before and the same month a year earlier.",
        zh: "最近一个完整月份（{month}）的核心指标，与上月（环比）和去年同月（同比）对比。",
    }
    KpiGmv { en: "GMV", zh: "成交额 (GMV)" }
    KpiGmvHelp {
        en: "Sum of quantity × unit price over valid order lines (not cancelled, quantity and price above zero).",
        zh: "有效订单行（未取消、数量与单价大于零）的数量 × 单价之和。",
    }
    KpiNetSales { en: "Net sales", zh: "净销售额" }
    KpiNetSalesHelp { en: "GMV − returns value.", zh: "成交额 − 退款额。" }
    KpiUnits { en: "Units", zh: "销量（件）" }
    KpiUnitsHelp { en: "Sum of quantity over valid order lines.", zh: "有效订单行的数量之和。" }
    KpiOrders { en: "Orders", zh: "订单数" }
    KpiOrdersHelp { en: "Distinct order ids among valid lines.", zh: "有效订单行中不同订单号的个数。" }
    KpiBuyers { en: "Buyers", zh: "买家数" }
    KpiBuyersHelp {
        en: "Distinct customer ids among valid lines; lines without a customer id are left out.",
        zh: "有效订单行中不同客户ID的个数；无客户ID的订单行不计入。",
    }
    KpiAov { en: "Average order value", zh: "平均订单价值 (AOV)" }
    KpiAovHelp { en: "GMV / orders.", zh: "成交额 ÷ 订单数。" }
    KpiSpendPerBuyer { en: "Spend per buyer (客单价)", zh: "客单价" }
    KpiSpendPerBuyerHelp {
        en: "GMV of lines with a customer id / buyers: the meaning Chinese platforms give 客单价. Compare with AOV, which divides by orders.",
        zh: "有客户ID的订单行成交额 ÷ 买家数（生意参谋口径）。与按订单计算的平均订单价值不同。",
    }
    KpiRepurchaseRate { en: "Repurchase rate", zh: "复购率" }
    KpiRepurchaseRateHelp {
        en: "Buyers with two or more distinct orders in the period / buyers.",
        zh: "本期下单两次及以上的买家 ÷ 买家数。",
    }
    KpiReturnRate { en: "Return rate", zh: "退货率" }
    KpiReturnRateHelp {
        en: "Value of cancelled, refunded and negative-quantity lines / GMV.",
        zh: "取消、退款及负数量订单行的金额 ÷ 成交额。",
    }
    Mom { en: "vs previous month", zh: "环比" }
    VsPeriodBefore { en: "vs the period before", zh: "环比" }
    ReturnsAboveSales { en: "over 100% (includes returns of earlier sales)", zh: "超过100%（含此前售出商品的退货）" }
    Yoy { en: "vs a year earlier", zh: "同比" }
    NoComparison { en: "no data to compare", zh: "无对比数据" }
    PercentagePoints { en: " pp", zh: "个百分点" }
    GuestLines {
        en: "{n} valid order lines without a customer id are left out of the buyer figures.",
        zh: "{n} 条无客户ID的有效订单行未计入买家相关指标。",
    }
    ChartMonthlyGmv { en: "Monthly GMV, last 12 months", zh: "近12个月月度成交额" }
    SeriesThisYear { en: "Last 12 months", zh: "近12个月" }
    SeriesYearAgo { en: "A year earlier", zh: "去年同期" }
    ChartAlt {
        en: "Line chart of monthly GMV for the last 12 months, with the same months a year earlier as a second line. The data table below gives every value.",
        zh: "折线图：近12个月每月成交额，另一条线为去年同期。下方数据表列出全部数值。",
    }
    ShowTable { en: "Show data table", zh: "显示数据表" }
    TableEmpty { en: "Nothing to list.", zh: "没有可列出的内容。" }
    SlowMoversNone { en: "Every product sold in the last {n} days of the period.", zh: "所有商品在本期最后 {n} 天内都有销售。" }
    ReturnedNone { en: "No product was returned in this period.", zh: "本期没有商品退货。" }
    DownloadCsv { en: "Download CSV", zh: "下载CSV" }
    BudgetTitle { en: "Budget allocation", zh: "预算分配" }
    MarkerToday { en: "today", zh: "当前" }
    MarkerBest { en: "best", zh: "最优" }
    MarkerTodaySplit { en: "today's split", zh: "当前分配" }
    OffScale { en: "{n} periods off the scale", zh: "另有 {n} 期超出坐标范围" }
    OffScaleOne { en: "1 period off the scale", zh: "另有 1 期超出坐标范围" }
    SeriesToday { en: "Today", zh: "当前" }
    SeriesBest { en: "Best", zh: "最优" }
    BudgetLead {
        en: "Each marketing channel's response curve (carry-over and saturation) is fitted to your spend and revenue, against a baseline of trend and season so channels are not credited with the season; where your marketing table has the revenue each ad platform attributes to its channel, to that. Then the budget is split where the next unit of spend earns most.",
        zh: "根据你的花费和销售额为每个推广渠道拟合响应曲线（含滞后效应和饱和效应），并扣除趋势和季节基线，避免把季节的功劳算给渠道；推广表带有各广告平台的归因成交时，按归因成交拟合。再把预算分配到下一元花费回报最高的地方。",
    }
    BudgetFitting { en: "Fitting the response curves…", zh: "正在拟合响应曲线……" }
    FunnelDemoRevenue {
        en: "So are the funnel's paid orders, revenue and average order value, over the demo's own dates: they are not your orders' figures.",
        zh: "因此漏斗中的支付订单、收入和平均订单价值也来自演示店铺，且是其自身日期范围内的数据，并非你的订单数据。",
    }
    DemoTableNotice {
        en: "The orders are yours, but the {table} data on this page is the demo store's: your files have none. Import a {table} export on the Data page to use your own.",
        zh: "订单是你导入的，但本页的{table}数据来自演示店铺：你的文件中没有这类数据。请在“数据”页导入{table}报表，以使用你自己的数据。",
    }
    BudgetNoData {
        en: "No marketing spend is loaded for the orders' dates (at least 13 of its periods, weeks in a weekly sheet, must fall within the orders). Import a marketing export for the same weeks as the orders, or one with its own revenue column, on the Data page; or describe your channels below: every number will be an assumption.",
        zh: "没有与订单日期对应的推广花费数据（推广表至少要有 13 期，周表即 13 周，落在订单日期之内）。请在“数据”页导入与订单同期、或自带销售额列的推广数据；也可在下方填写各渠道情况：此时所有数字均为假设。",
    }
    BudgetAssumed {
        en: "Assumed: the curves below come from the spend, revenue and saturation you typed, not from data. Every figure on this page is an assumption.",
        zh: "假设模式：以下曲线来自你填写的花费、销售额和饱和程度，而非数据。本页所有数字均为假设。",
    }
    PeriodIsWeek { en: "A period here is a week: every “per period” figure below is per week.", zh: "这里的一期为一周：下文所有“每期”数字均为每周数字。" }
    PeriodIsMonth { en: "A period here is a month: every “per period” figure below is per month.", zh: "这里的一期为一个月：下文所有“每期”数字均为每月数字。" }
    PeriodIsDay { en: "A period here is a day: every “per period” figure below is per day.", zh: "这里的一期为一天：下文所有“每期”数字均为每天数字。" }
    BudgetFittedTo {
        en: "Fitted to {n} periods of spend, {from} – {to}.",
        zh: "基于 {n} 期花费数据拟合（{from} – {to}）。",
    }
    RevenueFromSheet { en: "Revenue from the sheet's own revenue column.", zh: "销售额取自表中的销售额列。" }
    RevenueFromOrders { en: "Revenue from the orders' GMV in each period.", zh: "销售额取自各期订单的成交额。" }
    NegativeSpend { en: "{n} negative or missing spend values were taken as 0.", zh: "{n} 个负数或缺失的花费按 0 处理。" }
    FitR2 { en: "Fit (R²)", zh: "拟合优度（R²）" }
    FitMape { en: "Error on the last {n} periods, held out (MAPE)", zh: "留出最后 {n} 期的预测误差（MAPE）" }
    BudgetFitTable { en: "Fitted channels", zh: "各渠道拟合结果" }
    ColCarryOver { en: "Carry-over θ", zh: "滞后系数 θ" }
    ColShape { en: "Shape α", zh: "形状 α" }
    ColHalfSaturation { en: "Half-saturation κ", zh: "半饱和点 κ" }
    ColMaxPerPeriod { en: "Most per period β", zh: "每期上限 β" }
    ColSpendSeen { en: "Spend seen per period", zh: "历史每期花费范围" }
    ColCurrentSpend { en: "Spend per period today", zh: "当前每期花费" }
    ColContribution { en: "Modelled share of revenue", zh: "模型估计的销售额贡献占比" }
    ColFitNote { en: "Note", zh: "说明" }
    InfoFitted { en: "fitted to the revenue", zh: "按店铺销售额拟合" }
    InfoFittedAttribution { en: "fitted to the platform's attributed revenue (R² {r})", zh: "按平台归因成交拟合（R² {r}）" }
    InfoAttributionUnexplained {
        en: "fitted to the revenue: the platform's attributed revenue does not follow the spend (R² {r})",
        zh: "按店铺销售额拟合：平台归因成交与花费走势不符（R² {r}）",
    }
    AttributionApplied {
        en: "Applied to the attributed channels' curves, to put them on the same scale as the channels fitted to the revenue.",
        zh: "已按此比例调整按归因拟合的渠道曲线，使其与按销售额拟合的渠道处于同一口径。",
    }
    RevenueOnly {
        en: "Fit every channel to the shop's revenue only, not to the revenue the ad platforms attribute to it",
        zh: "所有渠道只按店铺销售额拟合，不用广告平台的归因成交",
    }
    RevenueOnlyHelp {
        en: "Where the marketing table has the platforms' attributed revenue (成交金额, conversion value), each channel's curve is fitted to it: one series per channel says far more than the shop's total. Platforms tend to claim more than they bring (last click, view-through, searches for your brand that would have come anyway): the check above says how much of their claims the shop's revenue bears out.",
        zh: "推广表带有平台归因成交（成交金额、转化金额）时，各渠道曲线按它拟合：每个渠道各有一条序列，比店铺总销售额能说明的多得多。平台往往多报（末次点击、浏览归因、本来就会来的品牌词搜索）：上方的核对说明店铺销售额能印证其中多少。",
    }
    AttributionCheck { en: "Platforms' attribution borne out by the revenue", zh: "店铺销售额印证的平台归因比例" }
    AttributionCheckBand { en: "90% band {lo} – {hi}", zh: "90%区间 {lo} – {hi}" }
    AttributionOverClaimed {
        en: "The shop's revenue bears out only about {m} of the revenue the platforms attribute to their channels. The curves follow the platforms, so the expected revenue and ROAS below are likely too high; the split still holds if every platform over-claims alike. To fit every channel to the revenue instead, tick the box below.",
        zh: "店铺销售额只能印证平台归因成交的约 {m}。曲线按平台数字拟合，因此下文的预期销售额和 ROAS 可能偏高；若各平台多报的程度相近，分配方案依然成立。如需改为全部按店铺销售额拟合，请勾选下方选项。",
    }
    AttributionUnderClaimed {
        en: "The shop's revenue moves with the attributed channels by more than the platforms claim (about {m} of their figures): they may miss orders outside their attribution window. The expected revenue and ROAS below are likely too low.",
        zh: "店铺销售额随这些渠道的变化幅度大于平台归因（约为平台数字的 {m}）：平台可能漏计了归因窗口之外的订单。下文的预期销售额和 ROAS 可能偏低。",
    }
    InfoAssumed { en: "assumed", zh: "假设" }
    InfoNeverActive { en: "never active: no curve", zh: "从未投放：无法拟合" }
    InfoConstant {
        en: "spend barely varied: the shape is not known, only the level at today's spend",
        zh: "花费几乎不变：无法确定曲线形状，只知道当前花费下的水平",
    }
    ChartCurveAlt {
        en: "Response curve of {channel}: revenue per period against spend per period, with a 90% band, the observed periods, today's and the best spend; dashed beyond the spend seen.",
        zh: "{channel}的响应曲线：每期销售额随每期花费变化，含90%区间、历史观测点、当前与最优花费；超出历史范围部分为虚线。",
    }
    ColSpendPerPeriod { en: "Spend per period", zh: "每期花费" }
    ColRevenuePerPeriod { en: "Revenue per period", zh: "每期带来销售额" }
    ColBandLow { en: "Low (5%)", zh: "下限（5%）" }
    ColBandHigh { en: "High (95%)", zh: "上限（95%）" }
    BudgetLevers { en: "Your levers", zh: "调整参数" }
    BudgetGoal { en: "Goal", zh: "目标" }
    GoalMaxRevenue { en: "most revenue for the budget", zh: "预算内销售额最大" }
    GoalMaxProfit { en: "most gross profit within the budget", zh: "预算内毛利最大" }
    BandLopsidedLow {
        en: "The 90% band is lopsided: refitted on resampled weeks, the curves come out higher far more often than lower, so the estimate sits near its lower end. Plan on the estimate; read the upper end as the optimistic case.",
        zh: "90%区间并不对称：用重抽样的周数据重新拟合时，曲线偏高的情形远多于偏低，因此估计值接近区间下端。请以估计值做计划，把区间上端视为乐观情形。",
    }
    BandLopsidedHigh {
        en: "The 90% band is lopsided: refitted on resampled weeks, the curves come out lower far more often than higher, so the estimate sits near its upper end. Read the lower end as the cautious case.",
        zh: "90%区间并不对称：用重抽样的周数据重新拟合时，曲线偏低的情形远多于偏高，因此估计值接近区间上端。请把区间下端视为保守情形。",
    }
    BudgetExpectedProfit { en: "Gross profit per period", zh: "每期毛利" }
    ProfitBelowBudget {
        en: "The most gross profit spends {spend} of the {budget} budget: beyond it every channel's marginal ROAS is below {roas} (1 ÷ the {margin} gross margin), so more spend would lose gross profit.",
        zh: "毛利最大时只花费 {spend}（预算 {budget}）：超过这一花费，各渠道的边际ROAS都低于 {roas}（1 ÷ 毛利率 {margin}），继续投入会减少毛利。",
    }
    GoalTargetRevenue { en: "least spend for a revenue target", zh: "达到销售额目标的最少花费" }
    GoalTargetRoas { en: "most revenue at a ROAS target", zh: "满足ROAS目标时销售额最大" }
    BudgetPerPeriod { en: "Budget per period", zh: "每期预算" }
    BudgetMargin { en: "Gross margin (%)", zh: "毛利率（%）" }
    TargetRevenue { en: "Revenue per period to reach", zh: "每期销售额目标" }
    TargetRoasLabel { en: "Lowest ROAS accepted", zh: "最低ROAS" }
    PlanHorizon { en: "Periods to plan", zh: "规划期数" }
    BudgetReset { en: "Back to the defaults", zh: "恢复默认" }
    BudgetTotal { en: "Spend per period", zh: "每期总花费" }
    BudgetExpectedRevenue { en: "Revenue per period from marketing", zh: "推广带来的每期销售额" }
    BudgetExpectedRoas { en: "Modelled ROAS (revenue from marketing ÷ spend)", zh: "模型投入产出比（推广带来的销售额 ÷ 花费）" }
    BudgetUplift { en: "Gain of the best split over today's, at today's budget", zh: "按当前预算，最优分配较当前分配的提升" }
    Band90 { en: "90% band {lo} – {hi}", zh: "90%区间 {lo} – {hi}" }
    BudgetInfeasible {
        en: "The goal cannot be met within the bounds: the split shown is the closest. Widen the bounds or change the goal.",
        zh: "在当前上下限内无法达成目标：下面显示的是最接近的分配。请放宽上下限或调整目标。",
    }
    BudgetDragHelp {
        en: "Drag a bound's handle on the chart, or type it in the table; lock a channel to keep its spend.",
        zh: "可在图上拖动上下限的手柄，或在表中直接填写；锁定的渠道保持当前花费。",
    }
    BudgetSplit { en: "Today's and the best split", zh: "当前分配与最优分配" }
    BudgetSplitAlt {
        en: "Per channel, a grey bar for today's spend and a blue bar for the best, with the bounds as a line with handles.",
        zh: "每个渠道：灰色条为当前花费，蓝色条为最优花费，横线和手柄为上下限。",
    }
    BoundMin { en: "Lowest", zh: "下限" }
    BoundMax { en: "Highest", zh: "上限" }
    BoundLock { en: "Lock", zh: "锁定" }
    BoundHint { en: "An amount, or a multiple of today's spend such as 1.5x", zh: "填金额，或当前花费的倍数，如 1.5倍" }
    TimesToday { en: "{x}× today", zh: "当前的 {x} 倍" }
    BoundsAsMultiples { en: "Bounds as multiples of today's spend:", zh: "按当前花费的倍数设上下限：" }
    ApplyToAll { en: "Apply to every unlocked channel", zh: "应用到所有未锁定渠道" }
    ColBestSpend { en: "Best spend", zh: "最优花费" }
    ColMarginalRoas { en: "Marginal ROAS", zh: "边际ROAS" }
    ColWhy { en: "Why here", zh: "原因" }
    NextThousand { en: "the next {amount} here earns {gain}", zh: "再投 {amount} 可多带来 {gain}" }
    Extrapolated { en: "beyond the spend seen: extrapolated", zh: "超出历史花费范围：为外推结果" }
    BindingFree { en: "equal marginal return", zh: "边际回报相等" }
    BindingMin { en: "held at its lowest", zh: "已到下限" }
    BindingMax { en: "held at its highest", zh: "已到上限" }
    BindingLocked { en: "locked", zh: "已锁定" }
    RelaxGain { en: "moving this bound by {step} (a tenth of today's spend) would add {gain}", zh: "将此限制放宽 {step}（当前花费的十分之一）可多带来 {gain}" }
    RelaxGainOfBudget { en: "moving this bound by {step} (a tenth of the budget) would add {gain}", zh: "将此限制放宽 {step}（预算的十分之一）可多带来 {gain}" }
    RelaxProfit { en: "moving this bound by {step} (a tenth of today's spend) would add {gain} of gross profit", zh: "将此限制放宽 {step}（当前花费的十分之一）可多带来毛利 {gain}" }
    RelaxProfitOfBudget { en: "moving this bound by {step} (a tenth of the budget) would add {gain} of gross profit", zh: "将此限制放宽 {step}（预算的十分之一）可多带来毛利 {gain}" }
    RelaxSaving { en: "moving this bound by {step} (a tenth of today's spend) would reach the target for {gain} less", zh: "将此限制放宽 {step}（当前花费的十分之一）可少花 {gain} 达成目标" }
    RelaxSavingOfBudget { en: "moving this bound by {step} (a tenth of the spend) would reach the target for {gain} less", zh: "将此限制放宽 {step}（花费的十分之一）可少花 {gain} 达成目标" }
    ChartFrontier { en: "Best revenue for each budget", zh: "不同预算下的最优销售额" }
    ChartFrontierAlt {
        en: "Line of the best revenue per period against the total budget per period, with today's and the chosen budget marked.",
        zh: "折线图：每期总预算对应的最优每期销售额，并标出当前预算和所选预算。",
    }
    ColBudget { en: "Budget per period", zh: "每期预算" }
    ColBestRevenue { en: "Best revenue per period", zh: "最优每期销售额" }
    PlanTitle { en: "Plan for the next {n} periods", zh: "未来 {n} 期投放计划" }
    PlanRevenue { en: "Revenue over the plan, best split", zh: "计划期内销售额（最优分配）" }
    PlanRevenueToday { en: "… with today's split", zh: "……按当前分配" }
    PlanTable { en: "The plan, period by period", zh: "逐期计划" }
    ColBaseline { en: "Baseline", zh: "基线" }
    ColMediaRevenue { en: "From marketing", zh: "推广带来" }
    ColPlanRevenue { en: "Revenue (best split)", zh: "销售额（最优分配）" }
    ColPlanRevenueToday { en: "Revenue (today's split)", zh: "销售额（当前分配）" }
    ScenariosTitle { en: "Scenarios", zh: "方案对比" }
    ScenarioName { en: "Name this scenario", zh: "方案名称" }
    ScenarioSave { en: "Save scenario", zh: "保存方案" }
    ScenarioMax { en: "Up to {n}; the oldest makes room.", zh: "最多 {n} 个，超出时替换最早的。" }
    ScenarioLoad { en: "Use", zh: "应用" }
    AssumedTitle { en: "Your channels (assumed)", zh: "渠道情况（假设）" }
    AssumedHelp {
        en: "Type each channel's spend per period, the revenue it brings per period, and how saturated you think it is.",
        zh: "填写每个渠道的每期花费、每期带来的销售额，以及你判断的饱和程度。",
    }
    AssumedAdd { en: "Add a channel", zh: "添加渠道" }
    ColSaturation { en: "Saturation", zh: "饱和程度" }
    SaturationLow { en: "low: more spend still pays", zh: "低：加投仍有效" }
    SaturationMedium { en: "medium", zh: "中" }
    SaturationHigh { en: "high: more spend brings little", zh: "高：加投作用很小" }

    ReportTitle { en: "Operations review", zh: "运营复盘" }
    ReportPeriod { en: "Period", zh: "周期" }
    PeriodMonth { en: "Month", zh: "月" }
    PeriodQuarter { en: "Quarter", zh: "季度" }
    PeriodYear { en: "Year", zh: "年" }
    PeriodCustom { en: "Custom range", zh: "自定义" }
    PeriodFrom { en: "From", zh: "开始" }
    PeriodTo { en: "to", zh: "结束" }
    ReportCompareWith { en: "Compare with", zh: "对比" }
    ComparePrevious { en: "the period before", zh: "上期（环比）" }
    CompareYearEarlier { en: "the same period last year (YoY)", zh: "去年同期（同比）" }
    ReportComparedWith { en: "compared with {period}", zh: "对比期：{period}" }
    PrintReport { en: "Print / save as PDF", zh: "打印 / 另存为PDF" }
    ReportComputing { en: "Computing the review…", zh: "正在生成复盘……" }
    ReportNoData {
        en: "The data ({from} – {to}) has nothing in this period: choose a period within it.",
        zh: "数据（{from} – {to}）在本周期内没有记录，请选择数据范围内的周期。",
    }
    ReportPartial {
        en: "The data covers only {from} – {to} of this period: figures describe that part.",
        zh: "数据仅覆盖本周期的 {from} – {to}，各项指标只反映这一部分。",
    }
    ReportToDate {
        en: "The data ends on {to}, inside this period: figures describe {from} – {to}, compared with the same days of the comparison period.",
        zh: "数据截至 {to}，本周期尚未结束：各项指标反映 {from} – {to}，并与对比周期的相同日期比较。",
    }
    ReportSummary { en: "Conclusions", zh: "自动复盘结论" }
    ReportNoSummary { en: "Not enough data in this period for conclusions.", zh: "本周期数据不足，无法生成结论。" }
    SectionSales { en: "Sales", zh: "销售" }
    SectionProducts { en: "Products", zh: "商品" }
    SectionCustomers { en: "Customers", zh: "客户" }
    SectionChannels { en: "Traffic and marketing", zh: "流量与推广" }
    SectionGeography { en: "Geography", zh: "地域" }
    TrendStep { en: "Trend by", zh: "趋势粒度" }
    StepDay { en: "day", zh: "日" }
    StepWeek { en: "week", zh: "周" }
    StepMonth { en: "month", zh: "月" }
    ChartEmpty { en: "No data in this period", zh: "本周期无数据" }
    SeriesThisPeriod { en: "This period", zh: "本期" }
    SeriesRevenueShare { en: "Share of revenue", zh: "成交额占比" }
    SeriesCumulative { en: "Cumulative share", zh: "累计占比" }
    AxisProductsByRank { en: "Products, by rank of revenue", zh: "按成交额排名的商品" }
    XyzX { en: "X steady", zh: "X 稳定" }
    XyzY { en: "Y variable", zh: "Y 波动" }
    XyzZ { en: "Z erratic", zh: "Z 不规则" }
    MedianDays { en: "median {n} days", zh: "中位数 {n} 天" }
    ChartTrend { en: "GMV trend, with the same time last year", zh: "成交额趋势（含去年同期）" }
    ChartTrendAlt {
        en: "Line chart of GMV over the period, with last year's line and the peaks marked. The data table gives every value.",
        zh: "折线图：本周期成交额走势，另一条线为去年同期，并标出峰值。数据表列出全部数值。",
    }
    ChartWeekdayHour { en: "GMV by weekday and hour", zh: "成交额：星期 × 小时" }
    ChartWeekdayHourAlt {
        en: "Heat map of GMV by weekday (rows) and hour of day (columns); darker is more. The data table gives every value.",
        zh: "热力图：按星期（行）和小时（列）的成交额，颜色越深越高。数据表列出全部数值。",
    }
    ColPeriodStart { en: "Period", zh: "时间" }
    ColPeak { en: "Peak", zh: "峰值" }
    ColWeekday { en: "Weekday", zh: "星期" }
    Top1Share { en: "Top product's share of the goods' GMV", zh: "第一名商品占商品成交额的比例" }
    SkusSold { en: "Products sold", zh: "动销商品数" }
    ChargesSetApart { en: "Postage, fees and adjustments ({codes}) are left out of this section: {gmv} of GMV, {returns} of returns. They still count in GMV and the return rate; shares here are of the goods' GMV.", zh: "本部分的商品分析不含运费、手续费和调整项（{codes}）：成交额{gmv}，退款额{returns}。它们仍计入成交额和退货率；这里的占比均按商品成交额计算。" }
    ASkus { en: "Class A products (share of the goods' GMV)", zh: "A类商品数（占商品成交额）" }
    ChartTopProducts { en: "Top products by revenue", zh: "商品成交额排行" }
    ChartTopProductsAlt {
        en: "Bar chart of the products with the most revenue. The data table gives revenue, share, units, growth and classes.",
        zh: "条形图：成交额最高的商品。数据表列出成交额、占比、销量、增长和分类。",
    }
    ChartTopUnits { en: "Top products by units", zh: "商品销量排行" }
    ChartCategories { en: "Categories", zh: "品类结构" }
    ChartCategoriesAlt {
        en: "Bar chart of revenue by category. The data table gives revenue, share, units and growth.",
        zh: "条形图：各品类成交额。数据表列出成交额、占比、销量和增长。",
    }
    ChartPareto { en: "Pareto curve and ABC classes", zh: "帕累托曲线与ABC分类" }
    ChartParetoAlt {
        en: "Bars of revenue by product rank and the cumulative share of revenue, with the A, B and C zones. The table gives each class.",
        zh: "按商品排名的成交额柱状图与累计占比曲线，并标出A、B、C区。数据表列出各类统计。",
    }
    ChartAbcXyz { en: "ABC-XYZ matrix", zh: "ABC-XYZ矩阵" }
    ChartAbcXyzAlt {
        en: "A 3 × 3 grid: revenue class (A, B, C) by the variation of weekly demand (X steady, Y variable, Z erratic), with the number of products in each cell.",
        zh: "3×3矩阵：成交额分类（A、B、C）与周需求波动（X稳定、Y波动、Z不规则），每格为商品数。",
    }
    ChartSlowMovers { en: "Slow movers: no sale in the last {n} days", zh: "滞销商品：近 {n} 天无销售" }
    SlowMoverDays { en: "No sale in", zh: "无销售天数" }
    ChartTopReturned { en: "Most returned products", zh: "退款最多的商品" }
    ColRank { en: "Rank", zh: "排名" }
    ColProduct { en: "Product", zh: "商品" }
    ColRevenue { en: "Revenue", zh: "成交额" }
    ColRevenueShare { en: "Share of revenue", zh: "成交额占比" }
    ColUnits { en: "Units", zh: "销量" }
    ColCategory { en: "Category", zh: "品类" }
    ColSkus { en: "Products", zh: "商品数" }
    ColSkuShare { en: "Share of products", zh: "商品数占比" }
    ColClass { en: "Class", zh: "分类" }
    ColLastSale { en: "Last sale", zh: "最后销售日" }
    ColDaysSince { en: "Days since", zh: "已停售天数" }
    ColUnitsBefore { en: "Units in the 90 days before", zh: "此前90天销量" }
    ColReturnsValue { en: "Returns value", zh: "退款额" }
    ColReturnedUnits { en: "Units returned", zh: "退货件数" }
    Uncategorised { en: "(no category)", zh: "（无品类）" }
    NewBuyers { en: "New buyers", zh: "新客数" }
    ReturningBuyers { en: "Returning buyers", zh: "老客数" }
    NewRevenue { en: "New buyers' GMV", zh: "新客成交额" }
    ReturningRevenue { en: "Returning buyers' GMV", zh: "老客成交额" }
    MedianInterval { en: "Median days between orders", zh: "复购间隔中位数" }
    DaysN { en: "{n} days", zh: "{n} 天" }
    RfmChampions { en: "Champions (RFM)", zh: "重要价值客户（RFM）" }
    RfmAtRisk { en: "At risk (RFM)", zh: "重要挽留客户（RFM）" }
    ChartNewReturning { en: "New and returning buyers by month", zh: "每月新客与老客" }
    ChartNewReturningAlt {
        en: "Stacked bars of new and returning buyers per month. The data table also gives their GMV.",
        zh: "堆叠柱状图：每月新客与老客人数。数据表还列出其成交额。",
    }
    ChartIntervals { en: "Days between a buyer's orders", zh: "复购间隔分布" }
    ChartIntervalsAlt {
        en: "Histogram of the days between a buyer's consecutive orders, in weeks, with the median marked.",
        zh: "直方图：同一买家相邻两次下单的间隔天数（按周分组），并标出中位数。",
    }
    ChartRfm { en: "RFM segments", zh: "RFM客户分层" }
    ChartRfmAlt {
        en: "Bar chart of buyers and revenue share by RFM segment; the table gives each segment's means and the suggested action.",
        zh: "条形图：各RFM分层的人数与成交额占比；数据表列出各层均值和建议动作。",
    }
    RfmWindow {
        en: "Scored: the {n} buyers with an order in {range}, the 12 months to the period's end (or the period, when longer).",
        zh: "评分对象：{range}期间有订单的 {n} 位买家，即截至本期末的 12 个月（本期更长时取本期）。",
    }
    RfmHelp {
        en: "R = days since the last order, F = orders, M = GMV in those months; each scored 1–5 by quintile (recent = 5). Champions: R, F, M ≥ 4; Loyal: F ≥ 4, M ≥ 3; Potential: R ≥ 4, M ≥ 3; New: R ≥ 4, F = 1 (the fewest orders, usually a first order); At risk: R ≤ 2 with F ≥ 3 or M ≥ 4; Lost: R = 1, F ≤ 2; Hibernating: the rest. The New segment is not the period's new buyers above (their first order ever falls in the period): it is the recent buyers with one order in those 12 months.",
        zh: "R=距最近一次下单天数，F=这段时间的订单数，M=这段时间的成交额；各按五分位打1–5分（越近越高）。重要价值：R、F、M≥4；重要保持：F≥4且M≥3；重要发展：R≥4且M≥3；新客户：R≥4且F=1（订单数最少，通常为首单）；重要挽留：R≤2且F≥3或M≥4；流失：R=1且F≤2；其余为一般维持。“新客户”分层不同于上方的本期新客数（首次下单发生在本期的买家），而是这 12 个月里只下过一单的近期买家。",
    }
    RfmShortPeriod {
        en: "The data holds only {n} days of orders up to the period's end, so these segments rank the buyers of those days against each other: “Lost” here means the least recent of them, and “New” the fewest orders so far, not necessarily a first order ever. Segments describe a customer base once the data covers about a year.",
        zh: "截至本期末，数据只包含 {n} 天的订单，因此这些分层只在这些天内的买家之间相互比较：这里的“流失”只是其中最久未下单的一批，“新客户”指目前下单最少的一批，并不一定是首次购买。数据覆盖约一年后，分层才能描述整体客户。",
    }
    ColSegment { en: "Segment", zh: "分层" }
    ColBuyers { en: "Buyers", zh: "人数" }
    ColBuyerShare { en: "Share of buyers", zh: "人数占比" }
    ColRecency { en: "Mean recency (days)", zh: "平均R（天）" }
    ColFrequency { en: "Mean orders", zh: "平均F（单）" }
    ColMonetary { en: "Mean GMV", zh: "平均M" }
    ColAction { en: "Suggested action", zh: "建议动作" }
    ChartCohorts { en: "Monthly cohorts: share ordering again", zh: "月度同期群复购率" }
    ChartCohortsAlt {
        en: "Triangle heat map: buyers grouped by the month of their first order (rows), and the share of each group ordering again 1, 2, … months later (columns).",
        zh: "三角热力图：按首单月份分组的买家（行），以及各组在之后第1、2……个月再次下单的比例（列）。",
    }
    ColCohort { en: "First order in", zh: "首单月份" }
    ChartLtv { en: "Historical value per buyer by cohort", zh: "各同期群人均累计成交额（历史LTV）" }
    ChartLtvAlt {
        en: "Bars of the GMV per buyer of each monthly cohort, from its first month to the end of the period.",
        zh: "柱状图：各月同期群从首单月到本期末的人均累计成交额。",
    }
    ColRevenuePerBuyer { en: "GMV per buyer", zh: "人均成交额" }
    ColDaysBetween { en: "Days between orders", zh: "间隔天数" }
    ColIntervals { en: "Intervals", zh: "次数" }
    Visitors { en: "Visitors", zh: "访客数" }
    ConversionRate { en: "Conversion rate", zh: "转化率" }
    ConversionFromOrders {
        en: "The traffic table has no orders column: conversion uses the orders table's orders.",
        zh: "流量表中没有订单数列：转化率使用订单明细中的订单数计算。",
    }
    ChartTrafficChannels { en: "Traffic by channel", zh: "各渠道流量" }
    ColChannel { en: "Channel", zh: "渠道" }
    ColVisitors { en: "Visitors", zh: "访客数" }
    ColVisitorShare { en: "Share of visitors", zh: "访客占比" }
    ColConversion { en: "Conversion", zh: "转化率" }
    AllChannels { en: "(all channels)", zh: "（全部渠道）" }
    Spend { en: "Marketing spend", zh: "推广花费" }
    Roas { en: "ROAS (attributed revenue ÷ spend)", zh: "投入产出比（ROAS，引导成交额 ÷ 花费）" }
    Roi { en: "ROI", zh: "投资回报率（ROI）" }
    Cac { en: "Cost per new buyer (CAC)", zh: "获客成本（CAC）" }
    MarginAssumed {
        en: "ROI assumes a gross margin of {m}: the data has no unit costs.",
        zh: "ROI 按假设毛利率 {m} 计算：数据中没有成本价。",
    }
    MarginFromCosts {
        en: "ROI uses a gross margin of {m}, from the inventory table's unit costs.",
        zh: "ROI 使用库存表成本价算出的毛利率 {m}。",
    }
    RoasRoiHelp {
        en: "ROAS = attributed revenue / spend (what Chinese platforms call ROI); ROI = (attributed revenue × gross margin − spend) / spend.",
        zh: "ROAS = 引导成交额 ÷ 花费（平台常称“ROI”）；ROI =（引导成交额 × 毛利率 − 花费）÷ 花费。",
    }
    CacByChannelNeeds {
        en: "CAC by channel needs orders whose channel column names the marketing channels; the total CAC above uses every new buyer.",
        zh: "分渠道获客成本需要订单的渠道列与推广渠道同名；上方的总获客成本按全部新客计算。",
    }
    ChartMarketingChannels { en: "Share of spend and of revenue by channel", zh: "各渠道花费占比与成交占比" }
    ChartMarketingChannelsAlt {
        en: "Paired bars per marketing channel: its share of spend and its share of attributed revenue. The table gives spend, revenue, ROAS and ROI.",
        zh: "每个推广渠道两根条：花费占比与引导成交额占比。数据表列出花费、成交额、ROAS与ROI。",
    }
    ColSpend { en: "Spend", zh: "花费" }
    ColSpendShare { en: "Share of spend", zh: "花费占比" }
    ColAttributedRevenue { en: "Attributed revenue", zh: "引导成交额" }
    ColAttributedShare { en: "Share of attributed revenue", zh: "引导成交额占比" }
    ColSpendGrowth { en: "Spend growth", zh: "花费增长" }
    ReportDemoLeftOut {
        en: "Your orders come from your files, so this review leaves out the demo store's {tables} tables: they are another shop's numbers. Add your own exports on the Data page to see visitors, conversion and the return on spend here.",
        zh: "订单来自你导入的文件，因此本复盘不使用示例店铺的{tables}表（那是另一家店铺的数据）。在“数据”页导入你自己的报表后，即可在此查看访客、转化率与投入回报。",
    }
    NoTrafficOrMarketing {
        en: "Load a traffic or marketing export on the Data page to see visitors, conversion and the return on spend.",
        zh: "在“数据”页导入流量或推广数据，即可查看访客、转化率与投入回报。",
    }
    SectionGeographyNote { en: "Revenue by country or region.", zh: "按国家/地区的成交额。" }
    ChartRegions { en: "Revenue by region", zh: "各地区成交额" }
    ChartRegionsAlt {
        en: "Bar chart of revenue by country or region. The data table gives revenue, share and orders.",
        zh: "条形图：各国家/地区成交额。数据表列出成交额、占比和订单数。",
    }
    ColRegion { en: "Region", zh: "地区" }
    OtherRegions { en: "(other regions)", zh: "（其他地区）" }

    DownloadPng { en: "Download PNG", zh: "下载PNG图片" }
    HideTable { en: "Hide data table", zh: "隐藏数据表" }
    ColMonth { en: "Month", zh: "月份" }
    ColGmv { en: "GMV", zh: "成交额" }
    ColGmvYearAgo { en: "GMV a year earlier", zh: "去年同期成交额" }
    ColGrowth { en: "Year-on-year", zh: "同比" }
    ColGrowthPrevious { en: "vs previous period", zh: "环比" }
    ErrorTitle { en: "Something went wrong", zh: "出错了" }
    ErrorPanic {
        en: "Shoplab hit an internal error and stopped. Your language choice is kept: reload to continue. The browser console has the details.",
        zh: "Shoplab 遇到内部错误已停止运行。语言设置会保留，请重新加载页面继续。详细信息见浏览器控制台。",
    }
    ErrorReload { en: "Reload", zh: "重新加载" }
    WorkerFailed {
        en: "The background worker did not start, so the figures were computed on this page instead. Everything still works; large files may make the page slower.",
        zh: "后台计算线程未能启动，已改为在当前页面计算。功能不受影响，但处理大文件时页面可能变慢。",
    }
    Dismiss { en: "Dismiss", zh: "关闭" }
    NavData { en: "Data", zh: "数据" }
    NavReport { en: "Review", zh: "运营复盘" }
    NavBudget { en: "Budget", zh: "预算分配" }
    NavPricing { en: "Pricing", zh: "定价与促销" }
    NavInventory { en: "Inventory", zh: "库存" }
    NavFunnel { en: "Funnel & A/B", zh: "漏斗与A/B测试" }
    FunnelTitle { en: "Conversion funnel and A/B tests", zh: "转化漏斗与A/B测试" }
    FunnelLead { en: "Your traffic export as a funnel — visitors, product views, add to cart, checkout, paid — by channel, device and week; which step costs the most revenue; what a better step would earn; and how to size and read an A/B test.", zh: "把流量报表变成漏斗：访客、商品浏览、加购、下单、支付，可按渠道、设备和周查看；哪一步损失的收入最多；改进某一步能多赚多少；以及如何规划和解读A/B测试。" }
    FunnelComputing { en: "Building the funnel…", zh: "正在构建漏斗…" }
    FunnelNoTraffic { en: "No traffic table is loaded: type your own step counts below (they are labelled as assumed), or add a traffic export on the data page.", zh: "尚未载入流量表：可在下方输入各步骤人数（标为假设值），或在数据页添加流量报表。" }
    FunnelTyped { en: "Assumed step counts", zh: "假设的各步骤人数" }
    FunnelStepVisitors { en: "Visitors", zh: "访客" }
    FunnelStepViews { en: "Product views", zh: "商品浏览" }
    FunnelStepCart { en: "Add to cart", zh: "加购" }
    FunnelStepCheckout { en: "Checkout", zh: "下单" }
    FunnelStepPaid { en: "Paid orders", zh: "支付订单" }
    FunnelOverallRate { en: "Visitor → paid conversion", zh: "访客→支付转化率" }
    FunnelAov { en: "Average order value", zh: "平均订单价值" }
    FunnelRevenue { en: "Revenue", zh: "收入" }
    FunnelPeriod { en: "{from} to {to}, {days} days", zh: "{from} 至 {to}，共 {days} 天" }
    FunnelRevenueFromOrders { en: "The traffic table has no revenue: revenue and AOV come from the orders of the same days.", zh: "流量表没有收入列：收入与平均订单价值取自同期订单。" }
    FunnelNoRevenue { en: "No revenue in the data: type an average order value for the what-if.", zh: "数据中没有收入：请为假设分析输入平均订单价值。" }
    FunnelInconsistent { en: "{n} rows count more at a step than at the step before (first: {where}, {step}); they are kept as they are.", zh: "有 {n} 行某一步的人数多于上一步（第一行：{where}，{step}）；这些行按原样保留。" }
    FunnelMissingSteps { en: "Steps the traffic table does not give for every row are left out: {steps}.", zh: "流量表并非每行都有的步骤已略去：{steps}。" }
    FunnelStepsTitle { en: "The funnel", zh: "漏斗" }
    FunnelColStep { en: "Step", zh: "步骤" }
    FunnelColCount { en: "Count", zh: "人数" }
    FunnelColStepRate { en: "Rate from the step before", zh: "上一步转化率" }
    FunnelColOverall { en: "Share of visitors", zh: "占访客比例" }
    FunnelColDropOff { en: "Lost at this step", zh: "本步流失" }
    FunnelBreakdown { en: "Break down by", zh: "细分维度" }
    FunnelByChannel { en: "channel", zh: "渠道" }
    FunnelByDevice { en: "device", zh: "设备" }
    FunnelByMonth { en: "month", zh: "月份" }
    FunnelByDay { en: "day", zh: "日期" }
    FunnelBreakdownTitle { en: "Step rates by {by}", zh: "按{by}的各步转化率" }
    FunnelColGroup { en: "Group", zh: "分组" }
    ChartFunnelTrend { en: "Each step's rate, week by week", zh: "各步转化率（按周）" }
    ChartFunnelTrendAlt { en: "The weekly rate of each step from the step before.", zh: "每周各步骤相对上一步的转化率。" }
    FunnelWeek { en: "Week", zh: "周" }
    FunnelRate { en: "Rate", zh: "转化率" }
    FunnelBottleneckTitle { en: "Where the revenue leaks", zh: "收入流失在哪一步" }
    FunnelBottleneck { en: "Bottleneck", zh: "瓶颈步骤" }
    FunnelBottleneckNote { en: "Raising every step by the same percentage earns the same (revenue is the product of the rates), so each step is judged by two reachable goals: winning back 10% of the visitors it loses, and reaching the best rate your own shop shows for it in a channel or a full month.", zh: "每一步提升相同的百分比，收入增量都一样（收入是各步转化率的乘积），因此用两个可实现的目标来衡量每一步：挽回本步流失访客的10%，以及达到店铺自身某个渠道或某个完整月份在这一步的最佳转化率。" }
    FunnelColRelative { en: "Gain at rate +10%", zh: "转化率 +10% 的增收" }
    FunnelColWinBack { en: "Gain from winning back 10% of losses", zh: "挽回10%流失的增收" }
    FunnelColBest { en: "Best rate seen", zh: "店内最佳转化率" }
    FunnelColBestGain { en: "Gain at the best rate", zh: "达到最佳时增收" }
    FunnelBestChannel { en: "{rate} (channel {name})", zh: "{rate}（{name}渠道）" }
    FunnelBestMonth { en: "{rate} ({name})", zh: "{rate}（{name}整月）" }
    FunnelBestNone { en: "{rate} (already the best)", zh: "{rate}（已是最佳）" }
    FunnelWhatIfTitle { en: "What if", zh: "假设分析" }
    FunnelTraffic { en: "Traffic", zh: "流量" }
    FunnelMargin { en: "Gross margin (%)", zh: "毛利率（%）" }
    FunnelWhatIfRevenue { en: "Revenue with these changes", zh: "调整后的收入" }
    FunnelWhatIfOrders { en: "Paid orders", zh: "支付订单" }
    FunnelWhatIfProfit { en: "Gross profit", zh: "毛利" }
    FunnelVsToday { en: "{delta} vs today", zh: "较现在 {delta}" }
    FunnelReset { en: "Back to today's rates", zh: "恢复当前转化率" }
    ChartFunnelWhatIf { en: "Today's funnel and the what-if", zh: "当前漏斗与假设漏斗" }
    ChartFunnelWhatIfAlt { en: "Count of each step today and with the what-if's changes.", zh: "各步骤当前人数与调整后人数。" }
    FunnelToday { en: "Today", zh: "当前" }
    FunnelScenario { en: "What-if", zh: "假设" }
    AbPlanTitle { en: "Plan an A/B test", zh: "规划A/B测试" }
    AbBaseline { en: "Baseline conversion (%)", zh: "基线转化率（%）" }
    AbMde { en: "Smallest lift worth detecting", zh: "最小可检测提升" }
    AbRelative { en: "relative (%)", zh: "相对值（%）" }
    AbAbsolute { en: "absolute (points)", zh: "绝对值（百分点）" }
    AbAlpha { en: "Significance α (%)", zh: "显著性水平 α（%）" }
    AbPower { en: "Power (%)", zh: "统计功效（%）" }
    AbShare { en: "Share of traffic in the test (%)", zh: "参与测试的流量占比（%）" }
    AbSequential { en: "Use Evan Miller's sequential rule (may stop early)", zh: "使用 Evan Miller 序贯检验规则（可提前结束）" }
    AbSampleSize { en: "Visitors per arm", zh: "每组所需访客" }
    AbDaysNeeded { en: "Days at your traffic", zh: "按你的流量所需天数" }
    AbDaysUnknown { en: "unknown without traffic", zh: "无流量数据，无法估计" }
    AbSequentialRule { en: "Sequential rule: stop and declare B the winner when B's conversions exceed A's by {boundary} or more; stop with no winner when both together reach {n}.", zh: "序贯规则：当B组转化数比A组多 {boundary} 或以上时停止并判定B胜出；当两组转化数合计达到 {n} 时停止，无胜者。" }
    AbReadTitle { en: "Read an A/B test", zh: "解读A/B测试" }
    AbUsePlan { en: "This test was planned above (warn before its sample size is reached; apply the sequential rule if chosen)", zh: "本测试按上方规划进行（未达到样本量时给出提醒；若选择了序贯规则则按其判断）" }
    AbVisitors { en: "Visitors", zh: "访客" }
    AbConversions { en: "Conversions", zh: "转化" }
    AbArmA { en: "A (control)", zh: "A（对照组）" }
    AbArmB { en: "B (variant)", zh: "B（实验组）" }
    AbCsv { en: "…or a CSV of daily counts per arm", zh: "……或上传每组每日计数的CSV" }
    AbCsvHint { en: "Columns date, visitors_a, conversions_a, visitors_b, conversions_b — or date, arm, visitors, conversions.", zh: "列：date, visitors_a, conversions_a, visitors_b, conversions_b；或 date, arm, visitors, conversions。" }
    AbLift { en: "Lift of B over A", zh: "B相对A的提升" }
    AbPValue { en: "p-value (two-proportion z-test)", zh: "p值（双比例z检验）" }
    AbProbBBeatsA { en: "Probability that B beats A", zh: "B优于A的概率" }
    AbExpectedLoss { en: "Expected loss if you choose B", zh: "选择B的预期损失" }
    AbSrm { en: "Sample-ratio check (p-value)", zh: "样本比例检查（p值）" }
    AbSrmSuspect { en: "The split of visitors is not what was planned (p < 0.001): the assignment is probably broken; do not trust this test's result until it is fixed.", zh: "访客分配比例与计划不符（p < 0.001）：分组可能有问题，修复前不要相信本次测试结果。" }
    AbVerdictBWins { en: "B is better than A at the chosen significance.", zh: "在所选显著性水平下，B优于A。" }
    AbVerdictAWins { en: "B is worse than A at the chosen significance.", zh: "在所选显著性水平下，B劣于A。" }
    AbVerdictNoDifference { en: "No significant difference: the data cannot tell A and B apart.", zh: "差异不显著：数据无法区分A和B。" }
    AbVerdictUnderpowered { en: "Too little data for a verdict: each arm needs at least 10 conversions and 10 non-conversions. Keep the test running.", zh: "数据太少，无法下结论：每组至少需要10个转化和10个未转化。请继续测试。" }
    AbVerdictPeeking { en: "The planned sample ({n} per arm) is not reached yet: looking now and stopping on a good result inflates false wins. Keep the test running.", zh: "尚未达到计划样本量（每组 {n}）：现在查看并在结果好时停止会增加误判。请继续测试。" }
    AbVerdictSeqB { en: "Sequential rule: B wins — you may stop the test.", zh: "序贯规则：B胜出，可以停止测试。" }
    AbVerdictSeqNone { en: "Sequential rule: no winner — stop the test.", zh: "序贯规则：无胜者，停止测试。" }
    AbVerdictSeqContinue { en: "Sequential rule: no decision yet — keep the test running.", zh: "序贯规则：尚无结论，请继续测试。" }
    AbErrorNoVisitors { en: "Arm {arm} has no visitors.", zh: "{arm} 组没有访客。" }
    AbErrorAbove { en: "Arm {arm} has more conversions ({conversions}) than visitors ({visitors}): check the numbers.", zh: "{arm} 组的转化数（{conversions}）多于访客数（{visitors}），请检查数据。" }
    AbErrorInput { en: "“{field}” must be {range}.", zh: "“{field}”须{range}。" }
    AbRangeOpenUnit { en: "between 0 and 100, not either end", zh: "介于 0 与 100 之间（不含两端）" }
    AbRangeShare { en: "above 0 and at most 100", zh: "大于 0 且不超过 100" }
    AbRangeEffect {
        en: "such that the rate it aims for lies between 0 % and 100 % and differs from the baseline",
        zh: "使目标转化率介于 0% 与 100% 之间，且不等于基线转化率",
    }
    AbExpectedSplit { en: "Planned share of traffic to B", zh: "计划分给 B 组的流量占比" }
    AbErrorCsv { en: "{file}, line {line}{column}: {message}", zh: "{file}，第 {line} 行{column}：{message}" }
    AbCsvColumn { en: ", column {n}", zh: "第 {n} 列" }
    AbCsvHeader { en: "the header is not recognised; use date, visitors_a, conversions_a, visitors_b, conversions_b — or date, arm, visitors, conversions (日期, 组别, 访客数, 转化数).", zh: "无法识别表头；请使用 date, visitors_a, conversions_a, visitors_b, conversions_b，或 date, arm, visitors, conversions（日期、组别、访客数、转化数）。" }
    AbCsvNotANumber { en: "“{cell}” is not a whole number of visitors or conversions; fix the cell and load the file again.", zh: "“{cell}”不是访客数或转化数的整数；请修改该单元格后重新载入文件。" }
    AbCsvTooLarge { en: "“{cell}” is too large.", zh: "“{cell}”数值过大。" }
    AbCsvUnreadable { en: "the file cannot be read as CSV ({detail}); save it as UTF-8 CSV and try again.", zh: "无法按CSV读取该文件（{detail}）；请另存为UTF-8编码的CSV后重试。" }
    AbCsvMissingCell { en: "the row is shorter than the header; fill the missing cells.", zh: "该行比表头短；请补全缺失的单元格。" }
    AbCsvOverflow { en: "arm {arm}'s total is too large to add up.", zh: "{arm} 组的合计数值过大，无法相加。" }
    AbCsvUnknownArm { en: "unknown arm “{label}”; use A or B.", zh: "未知分组“{label}”；请使用 A 或 B。" }
    AbCsvEmpty { en: "the file is empty.", zh: "文件为空。" }
    AbCsvNoRows { en: "there is no data row below the header.", zh: "表头下没有数据行。" }
    InventoryTitle { en: "Inventory", zh: "库存" }
    InventoryLead {
        en: "Each product's daily demand comes from your own orders. See the classic formulas with your numbers in them, a repeatable simulation (fixed random seed) of the policy against that demand, and the cheapest policy for every SKU with the ones about to run out.",
        zh: "每个商品的日需求来自你自己的订单。查看代入你的数据后的经典公式、用该需求对补货策略进行的可复现模拟（固定随机种子），以及每个商品最省钱的策略和即将缺货的商品。",
    }
    InventoryComputing { en: "Simulating every SKU's replenishment…", zh: "正在模拟每个商品的补货…" }
    InventoryNoData { en: "No order lines with products: there is no demand to plan stock for.", zh: "没有带商品的订单明细，无法根据需求规划库存。" }
    InvPick { en: "Product", zh: "商品" }
    InvAssumed { en: "Inputs the inventory table does not give are defaults; edit them here.", zh: "库存表未提供的输入使用默认值，可在此修改。" }
    InvFormulasTitle { en: "The formulas, with this product's numbers", zh: "代入本商品数据的公式" }
    InvTargetCsl { en: "Target cycle service level (%)", zh: "目标周期服务水平（%）" }
    InvLeadTime { en: "Lead time (days)", zh: "提前期（天）" }
    InvLeadTimeSd { en: "Lead time s.d. (days)", zh: "提前期标准差（天）" }
    InvOrderCost { en: "Cost per order", zh: "每次订货成本" }
    InvUnitCost { en: "Unit cost", zh: "单位成本" }
    InvHoldingRate { en: "Holding cost (% of unit cost per year)", zh: "持有成本（单位成本的年百分比）" }
    InvDailyDemand { en: "Daily demand (mean ± s.d.)", zh: "日需求（均值 ± 标准差）" }
    InvEoq { en: "Economic order quantity", zh: "经济订货批量" }
    InvSafetyStock { en: "Safety stock", zh: "安全库存" }
    InvReorderPoint { en: "Reorder point", zh: "再订货点" }
    InvFillRate { en: "Expected fill rate", zh: "预期满足率" }
    InvSimTitle { en: "Simulated reality", zh: "模拟结果" }
    InvPolicy { en: "Policy", zh: "策略" }
    InvPolicySq { en: "(s, Q) fixed quantity", zh: "(s, Q) 定量订货" }
    InvPolicySs { en: "(s, S) min–max", zh: "(s, S) 最小–最大" }
    InvPolicyRs { en: "(R, S) periodic review", zh: "(R, S) 定期订货" }
    InvReviewDays { en: "Review period R (days)", zh: "盘点周期 R（天）" }
    InvShortage { en: "When out of stock", zh: "缺货时" }
    InvLostSales { en: "Sales are lost", zh: "销售流失" }
    InvBackorders { en: "Customers wait (backorders)", zh: "顾客等待（延期交货）" }
    InvSimShortOfTarget {
        en: "The simulated cycle service level (mean {sim}) falls short of the {target} the formulas aimed at: they assume normally distributed daily demand, and this product's own days are lumpier. A higher target here, or the catalogue below (which searches the simulation itself for each product's cheapest policy at its fill-rate target), closes the gap.",
        zh: "模拟得到的周期服务水平（均值 {sim}）低于公式所设定的 {target}：公式假设每日需求服从正态分布，而该商品的实际每日需求波动更大、更不均匀。可在此提高目标，或参考下方的全部商品策略表（它直接在模拟中为每个商品寻找达到满足率目标的最低成本策略）。",
    }
    InvSimNote { en: "One year, 100 replications, lead times drawn at random; median with the 5th–95th percentile.", zh: "模拟一年、100次重复，提前期随机抽取；显示中位数及第5–95百分位。" }
    InvDemandModel { en: "Demand drawn from", zh: "需求抽样方式" }
    InvDemandBootstrap { en: "the product's own days (resampled)", zh: "本商品的历史日销量（重抽样）" }
    InvDemandNormal { en: "a normal distribution fitted to them", zh: "拟合的正态分布" }
    InvDemandPoisson { en: "a Poisson distribution (slow movers)", zh: "泊松分布（适合慢销品）" }
    InvCycleServiceLevel { en: "Cycle service level", zh: "周期服务水平" }
    InvAvgOnHand { en: "Average on hand (units)", zh: "平均在库量（件）" }
    InvTotalCost { en: "Total cost per year", zh: "年总成本" }
    InvSimFillRate { en: "Simulated fill rate", zh: "模拟满足率" }
    ChartInvPath { en: "One simulated year: on hand and on order", zh: "模拟的一年：在库与在途" }
    ChartInvPathAlt { en: "Units on hand and on order each day of one simulated year, with stock-out days marked.", zh: "模拟一年中每天的在库与在途数量，并标出缺货日。" }
    InvDay { en: "Day", zh: "天" }
    InvOnHand { en: "On hand", zh: "在库" }
    InvOnOrder { en: "On order", zh: "在途" }
    InvShort { en: "Units short", zh: "缺货件数" }
    InvOrdered { en: "Ordered", zh: "下单量" }
    InvSimBandsTitle { en: "Every simulated figure over the replications", zh: "各模拟指标在多次重复中的分布" }
    InvColMetric { en: "Figure", zh: "指标" }
    InvColMedian { en: "Median", zh: "中位数" }
    InvColMeanValue { en: "Mean", zh: "均值" }
    InvStockoutDays { en: "Stock-out days per year", zh: "每年缺货天数" }
    InvStockoutDay { en: "Days out of stock", zh: "缺货日" }
    InvTurnover { en: "Turns per year", zh: "年周转次数" }
    InvDaysOfInventory { en: "Days of inventory", zh: "库存天数" }
    InvOrdersPlaced { en: "Orders placed per year", zh: "每年下单次数" }
    InvHoldingCost { en: "Holding cost per year", zh: "年持有成本" }
    InvOrderingCost { en: "Ordering cost per year", zh: "年订货成本" }
    InvShortageCost { en: "Shortage cost per year", zh: "年缺货成本" }
    InvCatalogueTitle { en: "Every SKU: the cheapest policy for the target fill rate", zh: "全部商品：达到目标满足率的最低成本策略" }
    InvCatalogueSettings { en: "Settings of the search", zh: "搜索设置" }
    InvTargetFill { en: "Target fill rate (%)", zh: "目标满足率（%）" }
    InvFamily { en: "Policies searched", zh: "搜索的策略" }
    InvFamilySq { en: "(s, Q): reorder point and order quantity", zh: "(s, Q)：再订货点与订货批量" }
    InvFillRateSymbol { en: "fill rate", zh: "满足率" }
    InvFamilyRs { en: "(R, S): order up to S every R days", zh: "(R, S)：每 R 天补货至 S" }
    InvOverstockDays { en: "Overstock above (days of cover)", zh: "积压阈值（可售天数）" }
    InvDefaultsNote { en: "For SKUs the inventory table does not cover:", zh: "库存表未覆盖的商品使用：" }
    InvLeadTimeSpread { en: "Lead time s.d. (% of lead time)", zh: "提前期标准差（占提前期的%）" }
    InvSearchNote { en: "Each SKU: a grid of policies around the formulas, one simulated year × 200 replications on common random numbers; points clearly out of the running are dropped early.", zh: "每个商品：围绕公式取一组候选策略，以共同随机数模拟一年 × 200 次；明显不可能胜出的候选会被提前淘汰。" }
    InvProgress { en: "Searching the cheapest policies: {done} of {total} SKUs…", zh: "正在搜索最低成本策略：{done} / {total} 个商品…" }
    InvClassFilter { en: "ABC class", zh: "ABC分类" }
    InvXyzFilter { en: "XYZ class", zh: "XYZ分类" }
    InvClassesOver {
        en: "ABC and XYZ classes here are over all the orders; the review's are over the period it shows, so a product's class can differ between the two.",
        zh: "此处的ABC与XYZ分类基于全部订单；复盘中的分类基于所选期间，因此同一商品的分类可能不同。",
    }
    InvSortBy { en: "Sort by", zh: "排序依据" }
    InvSortOrder { en: "Order", zh: "顺序" }
    InvSortDesc { en: "largest first", zh: "从大到小" }
    InvSortAsc { en: "smallest first", zh: "从小到大" }
    InvColRevenue { en: "Revenue", zh: "销售额" }
    InvColCurrent { en: "Current policy", zh: "现行策略" }
    InvEdited { en: "your inputs", zh: "按你的输入" }
    ChartInvFrontier { en: "Cash tied up in stock against service level", zh: "库存占用资金与服务水平" }
    ChartInvFrontierAlt { en: "For each target fill rate, the least cash the listed SKUs must tie up in stock to reach it, against the fill rate reached; the cheapest policies for the chosen target and the current policies are marked.", zh: "对每个目标满足率，所列商品达到该目标至少需要占用的库存资金与实际满足率的关系；标出所选目标下成本最低的策略与现行策略。" }
    InvFrontierLine { en: "Least stock for each fill rate", zh: "各满足率所需的最少库存" }
    InvChosenMarker { en: "cheapest for {target}: {cash} in stock, {cost} a year", zh: "目标{target}下成本最低：库存资金{cash}，每年成本{cost}" }
    InvCurrentMarker { en: "current: {cash} in stock, {cost} a year", zh: "现行策略：库存资金{cash}，每年成本{cost}" }
    InvFrontierNote { en: "The line is the least stock that reaches each fill rate. The cheapest policies also weigh ordering and stock-out costs, so they can hold more stock than the line.", zh: "曲线是达到各满足率所需的最少库存。成本最低的策略还计入订货成本和缺货成本，因此占用的库存可能高于曲线。" }
    InvColChosen { en: "Cheapest for the target", zh: "目标下成本最低" }
    InvColTarget { en: "Target fill rate", zh: "目标满足率" }
    InvCurrentFill { en: "Current policies: fill rate", zh: "现行策略：满足率" }
    InvCurrentCash { en: "Current policies: cash tied up", zh: "现行策略：占用资金" }
    InvCurrentYearlyCost { en: "Current policies: cost per year", zh: "现行策略：年成本" }
    InvVsLead { en: "Against today's policies, the cheapest ones for the target ", zh: "与现行策略相比，达到目标的最省策略" }
    InvVsCashMore { en: "tie up {x} more in stock", zh: "多占用资金 {x}" }
    InvVsCashLess { en: "free up {x} tied up in stock", zh: "少占用资金 {x}" }
    InvVsCashSame { en: "tie up as much cash in stock", zh: "占用资金相同" }
    InvVsCostLess { en: " and cost {y} less a year", zh: "，每年少花 {y}" }
    InvVsCostMore { en: " and cost {y} more a year", zh: "，每年多花 {y}" }
    InvVsCostSame { en: " and cost as much a year", zh: "，年成本相同" }
    InvVsFill { en: ", for a fill rate of {f} instead of today's {g}.", zh: "，满足率由现在的 {g} 变为 {f}。" }
    InvVsFillSame { en: ", for the same fill rate of {f}.", zh: "，满足率同为 {f}。" }
    InvYearlyCost { en: "Cost per year (holding, ordering, stock-outs)", zh: "年成本（持有、订货、缺货）" }
    InvCurrentPartial { en: "The inventory table gives a current policy (reorder point with order quantity or maximum stock) for {n} of {m} listed SKUs; the current point needs all of them.", zh: "库存表为所列 {m} 个商品中的 {n} 个提供了现行策略（再订货点及订货批量或最高库存）；需全部提供才能标出现行策略点。" }
    InvCurrentNone { en: "Add a reorder point and an order quantity (or a maximum stock) to the inventory table to see your current policies on this chart.", zh: "在库存表中加入再订货点和每次订货量（或最高库存），即可在图中看到现行策略。" }
    InvAllClasses { en: "All", zh: "全部" }
    InvSkusAtRisk { en: "SKUs that run out within their lead time", zh: "提前期内将缺货的商品数" }
    InvCashTiedUp { en: "Cash tied up in stock", zh: "库存占用资金" }
    InvColSku { en: "SKU", zh: "货号" }
    InvColClass { en: "Class", zh: "分类" }
    InvColMean { en: "Mean daily demand", zh: "日均需求" }
    InvColFillRate { en: "Fill rate", zh: "满足率" }
    InvColCost { en: "Cost per year", zh: "年成本" }
    InvColCover { en: "Days of cover", zh: "可售天数" }
    InvColFlags { en: "Warning", zh: "预警" }
    InvAtRisk { en: "stock-out risk", zh: "缺货风险" }
    InvOverstock { en: "overstock", zh: "积压" }
    InvNoStockCount { en: "no stock count", zh: "无库存数" }
    InvDemoStockLeftOut {
        en: "Your orders come from your files, so this page leaves out the demo store's inventory table (another shop's stock). Stock on hand is unknown until you import your own stock list on the Data page; lead time, order cost and holding cost are the defaults under “Settings of the search”.",
        zh: "订单来自你导入的文件，因此本页不使用示例店铺的库存表（那是另一家店铺的库存）。在“数据”页导入你自己的库存表之前，现有库存未知；提前期、订货成本和持有成本使用“搜索设置”中的默认值。",
    }
    InvStockUnknownNote {
        en: "{n} of the listed SKUs have no stock on hand in the inventory table: they are not counted as at risk or overstocked, and their simulations start from empty shelves.",
        zh: "所列商品中有 {n} 个在库存表中没有现有库存数：不计入缺货风险或积压，其模拟从零库存开始。",
    }
    InvCatalogueNote { en: "At most 200 rows of the selection are listed.", zh: "所选范围最多列出200行。" }
    PricingTitle { en: "Pricing and promotions", zh: "定价与促销" }
    PricingLead {
        en: "Price elasticity is estimated from your own orders — weekly units against weekly average price per product and category, with the whole shop's week effects as controls — with a 95% interval and a verdict on how far to trust it. Try a price, then judge a discount or a spend-X-save-Y offer against your real baskets.",
        zh: "价格弹性根据你自己的订单估计：按商品和品类统计每周销量与每周均价，并以全店的周效应作为控制变量，给出 95% 置信区间和可信度判断。先试算一个价格，再用真实的订单金额分布评估折扣或满减活动。",
    }
    PricingEstimating { en: "Estimating price elasticities…", zh: "正在估计价格弹性……" }
    PricingNoData {
        en: "The pricing simulator needs order lines with prices and quantities. Load the demo store or import an orders file on the Data page.",
        zh: "定价模拟需要含价格和数量的订单明细。请在“数据”页载入示例店铺或导入订单文件。",
    }
    PricingPick { en: "Product or category", zh: "商品或品类" }
    PricingSearch { en: "Find a product", zh: "查找商品" }
    PricingSearchHint { en: "SKU or part of the name", zh: "货号或名称中的字" }
    PricingChargesLeftOut { en: "Postage, fees and adjustments have no price to set: their {n} lines are left out.", zh: "运费、手续费和调整项没有可定的价格：其 {n} 行未计入。" }
    PricingShowing { en: "Listing {shown} of the {matched} products found (of {total}), by revenue; search to narrow.", zh: "按销售额列出找到的 {matched} 个商品中的前 {shown} 个（共 {total} 个）；可搜索缩小范围。" }
    PricingShowingAll { en: "All {total} products, by revenue; search to narrow.", zh: "全部 {total} 个商品，按销售额排列；可搜索缩小范围。" }
    PricingShowingMatched { en: "The {matched} products found (of {total}), by revenue.", zh: "找到 {matched} 个商品（共 {total} 个），按销售额排列。" }
    PricingProducts { en: "Products, largest revenue first", zh: "商品（按销售额从高到低）" }
    PricingCategories { en: "Categories", zh: "品类" }
    PricingElasticity { en: "Price elasticity ε", zh: "价格弹性 ε" }
    PricingIntervalLow { en: "95% interval, low end", zh: "95% 置信区间下限" }
    PricingIntervalHigh { en: "95% interval, high end", zh: "95% 置信区间上限" }
    PricingDistinctPrices { en: "Distinct prices", zh: "不同价格个数" }
    PricingPriceRange { en: "Weekly average price, lowest – highest", zh: "周均价（最低 – 最高）" }
    PricingWeeks { en: "Weeks with sales", zh: "有销量的周数" }
    PricingProductWeeks { en: "Product-weeks with sales (its products' weeks, added up)", zh: "有销量的商品周数（各商品的周数之和）" }
    PricingMeaning {
        en: "A 1% higher price changes the units sold by about {e}%.",
        zh: "价格每提高 1%，销量约变化 {e}%。",
    }
    VerdictOk { en: "Trustworthy: the interval is narrow and below 0.", zh: "可信：置信区间较窄且小于 0。" }
    VerdictNoSales { en: "No valid sales: nothing to estimate.", zh: "没有有效销售：无法估计。" }
    VerdictTooFewWeeks { en: "Too few weeks with sales: no trustworthy elasticity.", zh: "有销量的周数太少：弹性不可信。" }
    VerdictBarelyVaried { en: "Prices barely varied: no trustworthy elasticity.", zh: "价格几乎没有变化：弹性不可信。" }
    VerdictImplausible {
        en: "Implausible sign: probably demand-driven price changes (prices rose when demand did).",
        zh: "符号不合理：价格很可能是随需求调整的（需求旺时涨价）。",
    }
    VerdictUncertain { en: "Too uncertain: the interval is wide or reaches 0.", zh: "不确定性太大：置信区间过宽或包含 0。" }
    VerdictVolumePricing {
        en: "Volume pricing: prices differed mostly between orders of the same week, and larger orders paid less (quantity tiers, wholesale buyers). The weekly average price followed who bought, not a price change, so this slope is not how demand answers a price change.",
        zh: "批量定价：价格差异主要出现在同一周的不同订单之间，且大单单价更低（阶梯价、批发客户）。周均价随买家结构变化，而不是调价所致，因此这条斜率并不反映需求对调价的反应。",
    }
    PricingWithinWeek {
        en: "Share of the price variation within weeks: {share}; correlation of price and quantity within weeks: {r}",
        zh: "同周内的价格差异占比：{share}；同周内价格与购买数量的相关系数：{r}",
    }
    VerdictOkShort { en: "trustworthy", zh: "可信" }
    VerdictNoSalesShort { en: "no sales", zh: "无销售" }
    VerdictTooFewWeeksShort { en: "few weeks", zh: "周数太少" }
    VerdictBarelyVariedShort { en: "price barely varied", zh: "价格几乎未变" }
    VerdictImplausibleShort { en: "implausible sign", zh: "符号不合理" }
    VerdictUncertainShort { en: "uncertain", zh: "不确定" }
    VerdictVolumePricingShort { en: "volume pricing", zh: "批量定价" }
    ChartPriceScatter { en: "ln price and ln units, week by week", zh: "每周的 ln 价格与 ln 销量" }
    ChartPriceScatterAlt {
        en: "Scatter of the weeks with sales: ln of the week's average price against ln of its units net of the shop's week effects, with the fitted line whose slope is the elasticity.",
        zh: "有销量各周的散点图：横轴为当周均价的对数，纵轴为剔除全店周效应后的销量对数，拟合直线的斜率即价格弹性。",
    }
    AxisLnPrice { en: "ln price", zh: "ln 价格" }
    AxisLnUnits { en: "ln units, net of the week effects", zh: "ln 销量（已剔除周效应）" }
    FittedLine { en: "fitted line", zh: "拟合直线" }
    ColWeekOf { en: "Week of", zh: "周（起始日）" }
    ColLnPrice { en: "ln price", zh: "ln 价格" }
    ColLnUnits { en: "ln units", zh: "ln 销量" }
    ColLnUnitsAdjusted { en: "ln units, net of the week effects", zh: "ln 销量（已剔除周效应）" }
    WhatIfTitle { en: "Price what-if", zh: "价格试算" }
    WhatIfUntrusted {
        en: "This elasticity is not trustworthy; the what-if below only illustrates the arithmetic.",
        zh: "该弹性不可信，以下试算仅用于演示计算方法。",
    }
    WhatIfNoEstimate { en: "No elasticity could be estimated, so there is no what-if.", zh: "无法估计弹性，因此无法试算。" }
    UnitCostLabel { en: "Unit cost (empty: from the margin)", zh: "单位成本（留空则按毛利率推算）" }
    MarginLabel { en: "Gross margin where no unit cost is known (%)", zh: "无单位成本时采用的毛利率（%）" }
    PriceToTry { en: "Price to try", zh: "试算价格" }
    PriceSlider { en: "Drag the price", zh: "拖动调整价格" }
    SavedOnOtherData { en: "judged on other data: {d}", zh: "按另一份数据测算：{d}" }
    UnitCostFromInventory { en: "Unit cost {c}, from the inventory table.", zh: "单位成本 {c}，取自库存表。" }
    MarginFromCost {
        en: "At a unit cost of {c}, this product's gross margin at today's price is {m}; the margin typed is used where there is no unit cost (shop-wide promotions).",
        zh: "按单位成本 {c}，该商品在当前价格下的毛利率为 {m}；填写的毛利率用于没有单位成本的场合（全店促销）。",
    }
    OptimalPrice { en: "Most profitable price within the prices seen", zh: "已观察价格范围内利润最高的价格" }
    RevenueMaxPrice { en: "Highest-revenue price within the prices seen", zh: "已观察价格范围内销售额最高的价格" }
    ClosedForm { en: "Unconstrained optimum c·ε/(1+ε): {p}", zh: "无约束最优价 c·ε/(1+ε)：{p}" }
    ClosedFormOutside { en: " (outside the prices seen: an extrapolation)", zh: "（超出已观察到的价格范围，属于外推）" }
    RisesWithPrice {
        en: "none: with ε ≥ −1 revenue and profit rise with price, and the model only holds near the prices seen",
        zh: "不存在：ε ≥ −1 时销售额和毛利随价格上升，而模型只在已观察价格附近成立",
    }
    ColNow { en: "Now", zh: "当前" }
    ColAtPrice { en: "At the price tried", zh: "试算价格下" }
    ColDifference { en: "Difference", zh: "差额" }
    RowPrice { en: "Price", zh: "价格" }
    RowUnitsWeek { en: "Units per week", zh: "每周销量" }
    WhatIfBasis {
        en: "“Now” is the average over the last {n} weeks of the data, so it can differ from the promotions below, which are judged on {range}.",
        zh: "“当前”取数据最后 {n} 周的平均值，因此可能与下方促销的基准（{range}）不同。",
    }
    RowRevenueWeek { en: "Revenue per week", zh: "每周销售额" }
    RowProfitWeek { en: "Gross profit per week", zh: "每周毛利" }
    ChartWhatIf { en: "Revenue and gross profit per week against price", zh: "每周销售额和毛利随价格的变化" }
    ChartWhatIfAlt {
        en: "Lines of weekly revenue and gross profit against price under the estimated elasticity, with today's price, the price tried and the most profitable price marked.",
        zh: "按估计的弹性，每周销售额和毛利随价格变化的折线，并标出当前价格、试算价格和利润最高的价格。",
    }
    MarkerPriceTried { en: "tried", zh: "试算" }
    MarkerMostProfit { en: "most profit", zh: "利润最高" }
    PromoTitle { en: "Promotions", zh: "促销活动" }
    PromoBaseline {
        en: "Judged against your orders from {from} to {to}: {n} orders, average order value {aov}. Margin: the gross margin above.",
        zh: "基于 {from} 至 {to} 的订单评估：共 {n} 笔，平均订单价值 {aov}。毛利率取上方填写的值。",
    }
    DiscountTitle { en: "Percentage discount for a few days", zh: "限时折扣" }
    DiscountRate { en: "Discount (%)", zh: "折扣力度（%）" }
    PromoDays { en: "Days", zh: "活动天数" }
    PromoGmv { en: "GMV during the promotion", zh: "活动期成交额" }
    PromoGrossProfit { en: "Gross profit during the promotion", zh: "活动期毛利" }
    PromoWithout { en: "without the promotion: {v}", zh: "不做活动：{v}" }
    BreakevenLift { en: "Units lift needed to break even", zh: "保本所需销量提升" }
    BreakevenNone { en: "none: the discount eats the whole margin", zh: "无法保本：折扣已超过毛利率" }
    PredictedLift { en: "Units lift predicted by the elasticity of {target}", zh: "按{target}自身弹性预测的销量提升" }
    PredictedLiftNone { en: "none: the chosen elasticity is not trustworthy", zh: "无：所选弹性不可信" }
    DiscountOn { en: "on {target} only", zh: "仅限{target}" }
    TargetMarginFromCost {
        en: "Its gross margin, {m}, comes from its unit cost at its average price of {p}.",
        zh: "其毛利率 {m} 由单位成本和平均售价 {p} 算出。",
    }
    TargetMarginTyped { en: "Its gross margin is the one typed above, {m}.", zh: "其毛利率取上方填写的 {m}。" }
    DiscountScope {
        en: "Judged on {target} only, not the whole shop: its own {n} orders (orders containing it), {u} units and GMV {g} over the same {d} days.",
        zh: "仅按{target}评估，而非全店：同一 {d} 天内包含它的订单 {n} 笔、销量 {u} 件、成交额 {g}。",
    }
    DiscountNoLift {
        en: "Its elasticity is not trustworthy, so no volume lift is assumed (0 %): the discount only costs margin here.",
        zh: "该弹性不可信，因此不假设销量提升（0%）：此处折扣只会让出毛利。",
    }
    TargetNoBaseline { en: "The chosen product has no sales in the period.", zh: "所选商品在该期间内没有销售。" }
    ColWithout { en: "Without", zh: "不做活动" }
    ColWith { en: "With the promotion", zh: "做活动" }
    RowOrders { en: "Orders", zh: "订单数" }
    RowUnits { en: "Units", zh: "销量（件）" }
    RowGmv { en: "GMV", zh: "成交额" }
    RowGrossProfit { en: "Gross profit", zh: "毛利" }
    RowMargin { en: "Gross margin", zh: "毛利率" }
    RowPromoCost { en: "Cost of the promotion", zh: "活动成本（让利）" }
    RowGmvChange { en: "GMV vs no promotion", zh: "成交额较不做活动的变化" }
    RowProfitChange { en: "Gross profit vs no promotion", zh: "毛利较不做活动的变化" }
    PromoSave { en: "Save this promotion", zh: "保存此活动方案" }
    PromoName { en: "Name of the saved promotion (optional)", zh: "保存的方案名称（可选）" }
    SavedDiscount { en: "{d} off {target}", zh: "{target}限时降价 {d}" }
    WholeShop { en: "on every order of the shop", zh: "全店订单" }
    ReachLabel { en: "Within reach: up to this far below a threshold (%)", zh: "视为接近门槛：低于门槛不超过（%）" }
    TakeUpLabel { en: "Orders within reach that top up (%)", zh: "接近门槛的订单中凑单的比例（%）" }
    PromoFarFromData {
        en: "Orders ×{x}: this takes the price elasticity far beyond the prices the data saw, where a constant elasticity overstates demand. Treat these figures as a guess, not a forecast.",
        zh: "订单数 ×{x}：这已远超出数据中出现过的价格范围，在此范围外按固定弹性推算会高估需求。请把这些数字当作粗略猜测，而非预测。",
    }
    DefaultMark { en: " (default)", zh: "（默认值）" }
    DefaultsMark { en: " (defaults)", zh: "（默认值）" }
    ThresholdAssumptions {
        en: "Assumptions you can change: orders up to {reach} below a threshold are within reach, and {take} of them add items to reach it{default}; the items added count as units at the period's average price per unit. Orders already above pay less for the same goods.",
        zh: "可修改的假设：低于门槛 {reach} 以内的订单视为接近门槛，其中 {take} 会凑单达到门槛{default}；凑单加购的商品按本期平均件单价折算件数。已达门槛的订单买同样的东西却少付钱。",
    }
    TierShort { en: "{y} off {x}", zh: "满{x}减{y}" }
    SavedThreshold { en: "Spend-and-save {tiers}", zh: "满减：{tiers}" }
    TierAdd { en: "Add a tier", zh: "添加一档" }
    ShareAboveLowest { en: "Orders already at or above the lowest threshold (pure margin cost)", zh: "已达到最低门槛的订单占比（纯让利）" }
    CouponTitle { en: "Coupon", zh: "优惠券" }
    CouponFace { en: "Face value", zh: "面额" }
    CouponMin { en: "Minimum spend", zh: "使用门槛" }
    CouponRedemption { en: "Redemption rate (%)", zh: "核销率（%）" }
    CouponAssumptions {
        en: "Assumption you can change: {r} of the coupons are redeemed{default}; orders within reach of the minimum spend top up as for spend-and-save.",
        zh: "可修改的假设：{r} 的优惠券会被使用{default}；接近使用门槛的订单按满减的凑单比例凑单。",
    }
    SavedCoupon { en: "Coupon {f} off {m}", zh: "满{m}减{f}优惠券" }
    BuyGetTitle { en: "Buy X, get Y free (买赠)", zh: "买赠" }
    BuyLabel { en: "Buy", zh: "买" }
    GetLabel { en: "Get free", zh: "赠" }
    BuyGetTakeUp { en: "Orders below X that top up to X (%)", zh: "未达到 X 件的订单中补足到 X 件的比例（%）" }
    BuyGetAssumptions {
        en: "Judged on the chosen product's own orders at its average price paid and unit cost (or the margin above). Assumption you can change: {t} of its orders below X add units to get the gift{default}.",
        zh: "按所选商品自身的订单、平均成交价和单位成本（或上方的毛利率）评估。可修改的假设：未达到 X 件的订单中有 {t} 会补足件数以获得赠品{default}。",
    }
    BuyGetAlready { en: "{s} of its orders already hold {x} units or more: they get the gift for nothing extra.", zh: "已有 {s} 的订单购买了 {x} 件及以上：他们不多买也能拿到赠品。" }
    BuyGetNoSales { en: "The chosen product sold no units in the period.", zh: "所选商品在该期间内没有销量。" }
    SavedBuyGet { en: "Buy {x} get {y} on {target}", zh: "{target}买{x}赠{y}" }
    MemberTitle { en: "Member price for a customer segment (RFM)", zh: "会员价（按RFM客户分层）" }
    MemberSegment { en: "Segment", zh: "客户分层" }
    MemberBuyers { en: "{n} buyers", zh: "{n} 位买家" }
    MemberRate { en: "Member discount (%)", zh: "会员折扣（%）" }
    MemberUptake { en: "Members who use it (%)", zh: "使用会员价的比例（%）" }
    MemberElasticity { en: "Members' price sensitivity |ε|", zh: "会员价格敏感度 |ε|" }
    MemberAssumptions {
        en: "The segment's buyers, orders and GMV come from the RFM analysis over the same days as above, scaled to the promotion's days. Assumptions you can change: {u} of them use the member price{default}, and with |ε| = 0 they buy no more at the lower price.",
        zh: "分层的买家、订单和成交额取自同一时段的RFM分析，并按活动天数折算。可修改的假设：{u} 的会员会使用会员价{default}；|ε| = 0 表示降价后他们不会多买。",
    }
    MemberNoSegments { en: "No RFM segments: the orders have no customer ids.", zh: "没有RFM分层：订单中没有客户ID。" }
    SavedMember { en: "Member price {d} off for {s}", zh: "{s}会员价 {d} 折扣" }
    PromoCompareTitle { en: "Compare promotions", zh: "活动方案对比" }
    PromoCompareLead {
        en: "Save up to {n} promotions with their buttons above to compare them here; the oldest makes way. A discount or buy-X-get-Y is judged on its product's own orders, the others on the whole shop: compare their changes against no promotion.",
        zh: "用上方各活动的按钮最多保存 {n} 个方案进行对比，超出时替换最早的方案。折扣和买赠只按所选商品自身的订单评估，其余按全店订单评估：请比较它们相对不做活动的变化。",
    }
    PromoCompareEmpty { en: "No promotion saved yet.", zh: "尚未保存任何活动方案。" }
    ChartCompare { en: "What each saved promotion changes: GMV and gross profit against none", zh: "各已保存方案带来的变化：成交额与毛利（相对不做活动）" }
    ChartCompareAlt {
        en: "Bars of the change in expected GMV and gross profit of each saved promotion against no promotion; bars left of zero are losses.",
        zh: "条形图：各已保存方案相对不做活动的预期成交额和毛利变化；零线左侧为减少。",
    }
    ThresholdTitle { en: "Spend X, save Y (满减)", zh: "满减" }
    ThresholdSpend { en: "Spend at least", zh: "满" }
    ThresholdSave { en: "Save", zh: "减" }
    ShareAbove { en: "Orders already at or above the threshold (pure margin cost)", zh: "已达到门槛的订单占比（纯让利）" }
    ShareWithinReach { en: "Orders within reach (in the band below)", zh: "接近门槛的订单占比（门槛下方区间内）" }
    PromoCost { en: "Savings given", zh: "让利金额" }
    AovChange { en: "Change of average order value", zh: "平均订单价值变化" }
    ChartBaskets { en: "Basket values, with the threshold", zh: "订单金额分布与满减门槛" }
    ChartBasketsAlt {
        en: "Histogram of the orders' basket values with a line at the threshold.",
        zh: "订单金额的直方图，竖线标出满减门槛。",
    }
    ColBasketFrom { en: "Basket value from", zh: "订单金额自" }
    ColBasketTo { en: "to", zh: "至" }
    ColOrderCount { en: "Orders", zh: "订单数" }
    AxisBasketValue { en: "Basket value", zh: "订单金额" }
    MarkerThreshold { en: "threshold {v}", zh: "门槛 {v}" }
    DataTitle { en: "Your data", zh: "数据导入" }
    DataLead {
        en: "Add your shop's exports — orders, traffic (生意参谋, Amazon business reports), marketing spend (long or one column per channel) and inventory: CSV or TSV in any common encoding, or Excel workbooks (.xlsx, .xls). Files are read in this browser and never uploaded. A file replaces the demo store's table of its kind on every page; several files of one kind are combined.",
        zh: "导入店铺的导出文件——订单明细、流量（生意参谋、亚马逊业务报告）、推广花费（长表或每个渠道一列的宽表）和库存：任意常见编码的CSV/TSV，或Excel工作簿（.xlsx、.xls）。文件只在本浏览器中读取，不会上传。导入的表会在所有页面替换示例店铺中同类的表；同类的多个文件会合并使用。",
    }
    ChooseFiles { en: "Choose files…", zh: "选择文件……" }
    DropHere { en: "or drop files here", zh: "或将文件拖放到这里" }
    LoadDemo { en: "Start over with the demo store", zh: "清空并改用示例店铺" }
    ClearData { en: "Remove all data", zh: "清除全部数据" }
    StatusIdle { en: "No import running.", zh: "当前没有导入任务。" }
    StatusReading { en: "Reading {file}…", zh: "正在读取 {file}……" }
    StatusDone { en: "Imported {file}.", zh: "已导入 {file}。" }
    StatusError { en: "Could not import {file}.", zh: "无法导入 {file}。" }
    CardTable { en: "Table", zh: "表类型" }
    CardEncoding { en: "Encoding", zh: "编码" }
    CardFormat { en: "Format", zh: "格式" }
    CardDelimiter { en: "Delimiter", zh: "分隔符" }
    CardHeaderLine { en: "Header row", zh: "表头所在行" }
    CardRowsRead { en: "Rows read", zh: "读取行数" }
    CardRowsUsed { en: "Rows used", zh: "可用行数" }
    CardRowsSkipped { en: "Rows skipped", zh: "跳过行数" }
    CardDateRange { en: "Date range", zh: "日期范围" }
    CardDateOrder { en: "Dates read as", zh: "日期格式" }
    CardMapping { en: "Column mapping", zh: "列映射" }
    CardField { en: "Field", zh: "字段" }
    CardColumn { en: "Column in the file", zh: "文件中的列" }
    CardSkipped { en: "Skipped rows", zh: "跳过的行" }
    CardReason { en: "Reason", zh: "原因" }
    CardCount { en: "Rows", zh: "行数" }
    CardFirstLines { en: "First lines", zh: "前几处行号" }
    CardExamples { en: "What the file has", zh: "文件中的值" }
    NotFound { en: "(not found)", zh: "（未找到）" }
    DateOrderEvidence {
        en: "values that fit only day-first: {day}; only month-first: {month}; either way: {both}",
        zh: "{day} 个值只能按日在前解读，{month} 个只能按月在前，{both} 个两种都可以",
    }
    WithBom { en: "with byte-order mark", zh: "带BOM" }
    CardSheet { en: "Sheet", zh: "工作表" }
    AggregatedOrders { en: "orders, aggregated by day × SKU", zh: "订单（按日×商品汇总）" }
    NeedsOrderLines {
        en: "Needs order lines: the data is aggregated by day × SKU.",
        zh: "需要订单明细：当前数据为按日×商品汇总。",
    }
    DownloadAccounting { en: "Download the row accounting (CSV)", zh: "下载行数明细（CSV）" }
    StatusQueued { en: "{file} is waiting for the file before it.", zh: "{file} 正在排队，等待前一个文件导入完成。" }
    StatusCancelled { en: "The import of {file} was cancelled.", zh: "已取消导入 {file}。" }
    ProgressText {
        en: "{done} of {total} read · {rows} rows · about {eta} left",
        zh: "已读取 {done}，共 {total} · {rows} 行 · 预计还需 {eta}",
    }
    ProgressStarting { en: "Starting…", zh: "正在开始……" }
    Cancel { en: "Cancel", zh: "取消" }
    RemoveFile { en: "Remove", zh: "移除" }
    RemoveFileLabel { en: "Remove {file} and its table", zh: "移除 {file} 及其数据" }
    CancelLabel { en: "Cancel the import of {file}", zh: "取消导入 {file}" }
    Seconds { en: "{n} s", zh: "{n} 秒" }
    Minutes { en: "{n} min", zh: "{n} 分钟" }
    CardRecognised {
        en: "{n} columns recognised for this kind (next best: {other}, {m})",
        zh: "按此类型识别出 {n} 列（其次为{other}，{m} 列）",
    }
    CardTableRows { en: "Table rows", zh: "生成的表行数" }
    CardMappingRemembered { en: "Mapping remembered from an earlier file with these columns.", zh: "已沿用此前为相同列确认的映射。" }
    CardMappingUser { en: "Mapping chosen by you.", zh: "映射为手动选择。" }
    CardDecodeErrors {
        en: "Some bytes could not be decoded in this encoding and were replaced: check names and texts, or save the file again as UTF-8.",
        zh: "部分字节无法按该编码解码，已被替换：请检查名称等文字，或将文件另存为UTF-8后重新导入。",
    }
    CardNoDates {
        en: "This report has no date column: its rows are taken as one period (the one chosen when it was exported).",
        zh: "该报表没有日期列：所有行视为同一时段（即导出时选择的时段）。",
    }
    CardWide {
        en: "One spend column per channel: reshaped to one row per period × channel ({n} channels).",
        zh: "每个渠道一列花费的宽表：已转换为“时段 × 渠道”每行一条（共 {n} 个渠道）。",
    }
    TablesInUse { en: "Data in use", zh: "当前使用的数据" }
    SourceNone { en: "none", zh: "无" }
    SourceDemo { en: "demo store", zh: "示例店铺" }
    RowsCount { en: "{n} rows", zh: "{n} 行" }
    MappingTitle { en: "Column mapping", zh: "列映射" }
    MappingHelp {
        en: "Choose the column that holds each field. The file is read again as soon as you change a choice. Sample values are the column's first five.",
        zh: "为每个字段选择对应的列。修改后文件会立即重新读取。示例值为该列最先出现的五个值。",
    }
    MappingKind { en: "Kind of table", zh: "表类型" }
    MappingNotUsed { en: "— not used —", zh: "— 不使用 —" }
    MappingRequired { en: "required", zh: "必填" }
    MappingSamples { en: "Sample values", zh: "示例值" }
    MappingDateOrder { en: "Dates like 01/03/2024", zh: "形如 01/03/2024 的日期" }
    MappingDateAuto { en: "decide from the whole column", zh: "根据整列自动判断" }
    MappingSpendColumns { en: "Spend columns, one channel each", zh: "花费列（每列一个渠道）" }
    MappingSpendHelp {
        en: "Tick every column that holds one channel's spend; the table is reshaped to one row per period and channel.",
        zh: "勾选每个代表一个渠道花费的列；表格会转换为“时段 × 渠道”每行一条。",
    }
    MappingRemember { en: "Remember this mapping for files with these columns", zh: "记住此映射，用于相同列的文件" }
    InvNoEoq {
        en: "so there is no economic lot: ordering a year's demand at a time",
        zh: "没有经济批量：按一年的需求量一次订货",
    }
    InvEoqUnbounded { en: "no limit (no holding cost)", zh: "无上限（无持有成本）" }
    BoundInvalid {
        en: "Type an amount of 0 or more, or a multiple of today's spend such as 1.5x; the value shown is the one in use.",
        zh: "请输入不小于 0 的金额，或当前花费的倍数（如 1.5x）；当前显示的是正在使用的值。",
    }
    MultipleInvalid { en: "Enter a multiple of 0 or more, such as 0.5 or 2.", zh: "请输入不小于 0 的倍数，如 0.5 或 2。" }
    MultiplesReversed {
        en: "The upper multiple must be at least the lower one.",
        zh: "上限倍数不能小于下限倍数。",
    }
    BoundAboveMax {
        en: "The lower bound cannot be above the upper bound ({max}); raise the upper bound first.",
        zh: "下限不能高于上限（{max}）；请先提高上限。",
    }
    BoundBelowMin {
        en: "The upper bound cannot be below the lower bound ({min}); lower the lower bound first.",
        zh: "上限不能低于下限（{min}）；请先降低下限。",
    }
    InputRange {
        en: "Enter a number from {lo} to {hi}; the value shown is the one in use.",
        zh: "请输入 {lo} 到 {hi} 之间的数；当前显示的是正在使用的值。",
    }
    InputAtLeast {
        en: "Enter a number of {lo} or more; the value shown is the one in use.",
        zh: "请输入不小于 {lo} 的数；当前显示的是正在使用的值。",
    }
    MappingRememberIncomplete {
        en: "Choose a column for every required field first.",
        zh: "请先为每个必填字段选择对应的列。",
    }
    MappingRemembered { en: "Remembered for files with these columns.", zh: "已记住，相同列的文件将自动使用此映射。" }
    // Accessibility (issue 9): names for screen readers.
    ReportSeeFigure { en: "See the figure", zh: "查看对应图表" }
    ChartTrafficChannelsAlt {
        en: "Bar chart of each channel's share of the visitors. The data table gives visitors, orders, conversion rate and revenue.",
        zh: "条形图：各渠道访客数占比。数据表列出访客数、订单数、转化率和成交额。",
    }
    UpdateReady { en: "A new version of Shoplab is ready.", zh: "Shoplab 的新版本已就绪。" }
    UpdateReload { en: "Reload to update", zh: "重新加载以更新" }
    Footer {
        en: "Everything is computed in this browser; nothing is uploaded. The demo store is generated from a fixed seed.",
        zh: "所有计算都在本浏览器中完成，不会上传任何数据。示例店铺由固定随机种子生成。",
    }
}

pub mod report;

use crate::engine::ingest::decode::BinaryKind;
use crate::engine::ingest::schema::{Field, TableKind};
use crate::engine::ingest::values::DateOrder;
use crate::engine::ingest::{ImportError, SkipGroup, SkipReason};

/// The name of a field.
pub fn field_name(field: Field, lang: Lang) -> &'static str {
    use Field::*;
    match (field, lang) {
        (OrderId, Lang::En) => "Order id",
        (OrderId, Lang::Zh) => "订单号",
        (PlacedAt, Lang::En) => "Order date",
        (PlacedAt, Lang::Zh) => "下单时间",
        (Quantity, Lang::En) => "Quantity",
        (Quantity, Lang::Zh) => "数量",
        (UnitPrice, Lang::En) => "Unit price",
        (UnitPrice, Lang::Zh) => "单价",
        (LineTotal, Lang::En) => "Line total",
        (LineTotal, Lang::Zh) => "金额",
        (CustomerId, Lang::En) => "Customer id",
        (CustomerId, Lang::Zh) => "客户ID",
        (Sku, Lang::En) => "SKU",
        (Sku, Lang::Zh) => "商品编码(SKU)",
        (ProductName, Lang::En) => "Product name",
        (ProductName, Lang::Zh) => "商品名称",
        (Category, Lang::En) => "Category",
        (Category, Lang::Zh) => "类目",
        (Status, Lang::En) => "Status",
        (Status, Lang::Zh) => "订单状态",
        (CancelledAt, Lang::En) => "Cancelled at",
        (CancelledAt, Lang::Zh) => "取消时间",
        (RefundedAmount, Lang::En) => "Refunded amount",
        (RefundedAmount, Lang::Zh) => "退款金额",
        (Channel, Lang::En) => "Channel",
        (Channel, Lang::Zh) => "渠道",
        (Region, Lang::En) => "Country or region",
        (Region, Lang::Zh) => "国家/地区",
        (Date, Lang::En) => "Date",
        (Date, Lang::Zh) => "日期",
        (Device, Lang::En) => "Device",
        (Device, Lang::Zh) => "终端",
        (Visitors, Lang::En) => "Visitors or sessions",
        (Visitors, Lang::Zh) => "访客数",
        (PageViews, Lang::En) => "Page views",
        (PageViews, Lang::Zh) => "浏览量",
        (ProductViews, Lang::En) => "Product page visitors",
        (ProductViews, Lang::Zh) => "商品详情页访客数",
        (AddToCart, Lang::En) => "Added to cart",
        (AddToCart, Lang::Zh) => "加购人数",
        (Checkout, Lang::En) => "Reached checkout",
        (Checkout, Lang::Zh) => "下单买家数",
        (Orders, Lang::En) => "Orders",
        (Orders, Lang::Zh) => "支付订单数",
        (PayingBuyers, Lang::En) => "Paying buyers",
        (PayingBuyers, Lang::Zh) => "支付买家数",
        (Units, Lang::En) => "Units sold",
        (Units, Lang::Zh) => "支付件数",
        (Revenue, Lang::En) => "Revenue",
        (Revenue, Lang::Zh) => "支付金额",
        (Spend, Lang::En) => "Spend",
        (Spend, Lang::Zh) => "花费",
        (Impressions, Lang::En) => "Impressions",
        (Impressions, Lang::Zh) => "展现量",
        (Clicks, Lang::En) => "Clicks",
        (Clicks, Lang::Zh) => "点击量",
        (AttributedRevenue, Lang::En) => "Attributed revenue",
        (AttributedRevenue, Lang::Zh) => "引导成交金额",
        (AttributedOrders, Lang::En) => "Attributed orders",
        (AttributedOrders, Lang::Zh) => "引导成交笔数",
        (OnHand, Lang::En) => "On hand",
        (OnHand, Lang::Zh) => "现有库存",
        (UnitCost, Lang::En) => "Unit cost",
        (UnitCost, Lang::Zh) => "成本价",
        (Price, Lang::En) => "Price",
        (Price, Lang::Zh) => "售价",
        (LeadTime, Lang::En) => "Lead time (days)",
        (LeadTime, Lang::Zh) => "交货期（天）",
        (LeadTimeSd, Lang::En) => "Lead-time spread (days)",
        (LeadTimeSd, Lang::Zh) => "交货期波动（天）",
        (OrderCost, Lang::En) => "Cost per purchase order",
        (OrderCost, Lang::Zh) => "每次订货成本",
        (HoldingRate, Lang::En) => "Holding cost rate (per year)",
        (HoldingRate, Lang::Zh) => "年持有成本率",
        (Moq, Lang::En) => "Minimum order quantity",
        (Moq, Lang::Zh) => "最小起订量",
        (ReorderPoint, Lang::En) => "Reorder point",
        (ReorderPoint, Lang::Zh) => "再订货点",
        (OrderQuantity, Lang::En) => "Order quantity",
        (OrderQuantity, Lang::Zh) => "每次订货量",
        (MaxStock, Lang::En) => "Maximum stock (order-up-to)",
        (MaxStock, Lang::Zh) => "最高库存（订货上限）",
    }
}

/// The name of a table kind.
pub fn table_kind_name(kind: TableKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (TableKind::Orders, Lang::En) => "orders",
        (TableKind::Orders, Lang::Zh) => "订单明细",
        (TableKind::Traffic, Lang::En) => "traffic",
        (TableKind::Traffic, Lang::Zh) => "流量",
        (TableKind::Marketing, Lang::En) => "marketing spend",
        (TableKind::Marketing, Lang::Zh) => "推广花费",
        (TableKind::Inventory, Lang::En) => "inventory",
        (TableKind::Inventory, Lang::Zh) => "库存",
    }
}

/// Why a row was skipped, in words.
pub fn skip_reason_name(reason: SkipReason, lang: Lang) -> &'static str {
    use SkipReason::*;
    match (reason, lang) {
        (WrongColumnCount, Lang::En) => "wrong number of columns",
        (WrongColumnCount, Lang::Zh) => "列数与表头不符",
        (DuplicateHeader, Lang::En) => "repeated header row",
        (DuplicateHeader, Lang::Zh) => "重复的表头行",
        (MissingRequired, Lang::En) => "required value missing",
        (MissingRequired, Lang::Zh) => "缺少必填值",
        (BadDate, Lang::En) => "not a date",
        (BadDate, Lang::Zh) => "日期无法识别",
        (BadNumber, Lang::En) => "not a number",
        (BadNumber, Lang::Zh) => "数字无法识别",
    }
}

/// What a skip group's rows had wrong, for the card: the values quoted (`"N/A", "--"`), or
/// for a wrong column count the rows' numbers of fields against the header's.
pub fn skip_examples(group: &SkipGroup, header_fields: usize, lang: Lang) -> String {
    if group.reason == SkipReason::WrongColumnCount {
        let counts: Vec<&str> = group.examples.iter().map(String::as_str).collect();
        if counts.is_empty() {
            return String::new();
        }
        return match lang {
            Lang::En => format!(
                "{} fields (the header has {header_fields})",
                counts.join(", ")
            ),
            Lang::Zh => format!("{} 个字段（表头有 {header_fields} 个）", counts.join("、")),
        };
    }
    match lang {
        Lang::En => group
            .examples
            .iter()
            .map(|v| format!("\"{v}\""))
            .collect::<Vec<_>>()
            .join(", "),
        Lang::Zh => group
            .examples
            .iter()
            .map(|v| format!("“{v}”"))
            .collect::<Vec<_>>()
            .join("、"),
    }
}

/// A delimiter's name.
pub fn delimiter_name(delimiter: char, lang: Lang) -> &'static str {
    match (delimiter, lang) {
        (',', Lang::En) => "comma",
        (',', Lang::Zh) => "逗号",
        ('\t', Lang::En) => "tab",
        ('\t', Lang::Zh) => "制表符",
        (';', Lang::En) => "semicolon",
        (';', Lang::Zh) => "分号",
        ('|', Lang::En) => "pipe",
        ('|', Lang::Zh) => "竖线",
        (_, Lang::En) => "other",
        (_, Lang::Zh) => "其他",
    }
}

/// How dates were read.
pub fn date_order_name(order: DateOrder, lang: Lang) -> &'static str {
    match (order, lang) {
        (DateOrder::MonthFirst, Lang::En) => "month first (3/1 is 1 March)",
        (DateOrder::MonthFirst, Lang::Zh) => "月在前（3/1 为3月1日）",
        (DateOrder::DayFirst, Lang::En) => "day first (3/1 is 3 January)",
        (DateOrder::DayFirst, Lang::Zh) => "日在前（3/1 为1月3日）",
    }
}

fn binary_kind_name(kind: BinaryKind, lang: Lang) -> &'static str {
    use BinaryKind::*;
    match (kind, lang) {
        (Png, Lang::En) => "a PNG image",
        (Png, Lang::Zh) => "PNG图片",
        (Jpeg, Lang::En) => "a JPEG image",
        (Jpeg, Lang::Zh) => "JPEG图片",
        (Gif, Lang::En) => "a GIF image",
        (Gif, Lang::Zh) => "GIF图片",
        (Pdf, Lang::En) => "a PDF document",
        (Pdf, Lang::Zh) => "PDF文档",
        (ZipOrXlsx, Lang::En) => "an Excel workbook (.xlsx) or a ZIP archive",
        (ZipOrXlsx, Lang::Zh) => "Excel工作簿（.xlsx）或ZIP压缩包",
        (OleOrXls, Lang::En) => "an Excel 97–2003 workbook (.xls)",
        (OleOrXls, Lang::Zh) => "Excel 97–2003工作簿（.xls）",
        (Gzip, Lang::En) => "a gzip-compressed file",
        (Gzip, Lang::Zh) => "gzip压缩文件",
        (Unknown, Lang::En) => "binary data",
        (Unknown, Lang::Zh) => "二进制数据",
    }
}

/// A whole-file import error as a sentence that names the file and says what to do.
pub fn import_error_message(file: &str, error: &ImportError, lang: Lang) -> String {
    let list = |fields: &[Field]| {
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        fields
            .iter()
            .map(|f| field_name(*f, lang))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match (error, lang) {
        (ImportError::Empty, Lang::En) => format!("{file} is empty. Choose the exported file itself, not a shortcut to it."),
        (ImportError::Empty, Lang::Zh) => format!("{file} 是空文件。请选择导出的文件本身。"),
        (ImportError::NotText(kind @ (BinaryKind::ZipOrXlsx | BinaryKind::OleOrXls)), Lang::En) => format!(
            "{file} looks like {} but could not be opened; it may be damaged or password-protected. Open it in Excel or WPS, choose Save As → CSV UTF-8, and drop the CSV here.",
            binary_kind_name(*kind, lang)
        ),
        (ImportError::NotText(kind @ (BinaryKind::ZipOrXlsx | BinaryKind::OleOrXls)), Lang::Zh) => format!(
            "{file} 像是{}，但无法打开，可能已损坏或设有密码。请用 Excel 或 WPS 打开，另存为“CSV UTF-8”格式，再把CSV文件拖到这里。",
            binary_kind_name(*kind, lang)
        ),
        (ImportError::NotText(kind), Lang::En) => format!(
            "{file} is {}, not a table of text. Export the data from your platform as CSV and drop that file.",
            binary_kind_name(*kind, lang)
        ),
        (ImportError::NotText(kind), Lang::Zh) => {
            format!("{file} 是{}，不是文本表格。请从平台导出CSV格式的数据后再导入。", binary_kind_name(*kind, lang))
        }
        (ImportError::HeaderOnly { .. }, Lang::En) => format!("{file} has a header row but no data rows below it."),
        (ImportError::HeaderOnly { .. }, Lang::Zh) => format!("{file} 只有表头，没有数据行。"),
        (ImportError::NeedsMapping(u), Lang::En)
            if u.mapping.used_columns().is_empty() && u.header_looks_like_data() =>
        {
            format!(
                "The first line of {file} holds data, not column names ({}), so the file probably has no header row. Export the report again with its column headers, or add a header line to the file.",
                u.headers.iter().take(8).cloned().collect::<Vec<_>>().join(", ")
            )
        }
        (ImportError::NeedsMapping(u), Lang::Zh)
            if u.mapping.used_columns().is_empty() && u.header_looks_like_data() =>
        {
            format!(
                "{file} 的第一行是数据而不是列名（{}），文件可能没有表头行。请重新导出带表头的报表，或在文件开头加上一行列名。",
                u.headers.iter().take(8).cloned().collect::<Vec<_>>().join("、")
            )
        }
        (ImportError::NeedsMapping(u), Lang::En) if u.mapping.used_columns().is_empty() => format!(
            "Shoplab did not recognise the columns of {file} (its header reads: {}). Choose below which column holds each field; the file is read again at once.",
            u.headers.iter().take(8).cloned().collect::<Vec<_>>().join(", ")
        ),
        (ImportError::NeedsMapping(u), Lang::Zh) if u.mapping.used_columns().is_empty() => format!(
            "无法识别 {file} 的列（表头为：{}）。请在下方为每个字段选择对应的列，文件会立即重新读取。",
            u.headers.iter().take(8).cloned().collect::<Vec<_>>().join("、")
        ),
        (ImportError::NeedsMapping(u), Lang::En) => format!(
            "{file} looks like a table of {} but Shoplab found no column for: {}. Choose the column that holds each of them below; the file is read again at once.",
            table_kind_name(u.kind, lang),
            list(&u.missing)
        ),
        (ImportError::NeedsMapping(u), Lang::Zh) => format!(
            "{file} 像是{}表，但没有找到这些列：{}。请在下方为它们选择对应的列，文件会立即重新读取。",
            table_kind_name(u.kind, lang),
            list(&u.missing)
        ),
        (ImportError::LineTooLong { line }, Lang::En) => format!(
            "Line {line} of {file} is longer than 64 MB, so the file is probably not a CSV or TSV table, or a quotation mark on that line is never closed. Open it in a text editor or spreadsheet to check, then export it again."
        ),
        (ImportError::LineTooLong { line }, Lang::Zh) => format!(
            "{file} 的第 {line} 行超过 64 MB，它可能不是CSV/TSV表格，或该行的引号没有闭合。请用文本编辑器或表格软件打开检查后重新导出。"
        ),
        (ImportError::NoSuchSheet { sheet, sheets }, Lang::En) => format!(
            "{file} has no sheet named \"{sheet}\"; its sheets are: {}. Choose one of them.",
            sheets.join(", ")
        ),
        (ImportError::NoSuchSheet { sheet, sheets }, Lang::Zh) => format!(
            "{file} 中没有名为“{sheet}”的工作表；其工作表为：{}。请从中选择一个。",
            sheets.join("、")
        ),
        (ImportError::Cancelled, Lang::En) => format!("The import of {file} was cancelled; nothing from it was kept."),
        (ImportError::Cancelled, Lang::Zh) => format!("已取消导入 {file}，未保留其中任何数据。"),
        (ImportError::WorkerUnavailable, Lang::En) => format!(
            "{file} was not imported: importing runs in a background worker, which did not start in this browser. Reload the page; if it happens again, use a current Chrome, Edge, Firefox or Safari."
        ),
        (ImportError::WorkerUnavailable, Lang::Zh) => format!(
            "{file} 未能导入：导入在后台线程中进行，而该线程未能在此浏览器中启动。请刷新页面；若仍出现，请使用较新版本的 Chrome、Edge、Firefox 或 Safari。"
        ),
        (ImportError::Unreadable { message }, Lang::En) => {
            format!("The browser could not read {file} ({message}). If the file was moved or is still being written, wait for it to finish and choose it again.")
        }
        (ImportError::Unreadable { message }, Lang::Zh) => {
            format!("浏览器无法读取 {file}（{message}）。如果文件已被移动或仍在写入，请等其完成后重新选择。")
        }
        (ImportError::NothingUsable(report), Lang::En) => format!(
            "None of the {} rows of {file} could be used; the reasons and line numbers are listed below.",
            report.rows_read
        ),
        (ImportError::NothingUsable(report), Lang::Zh) => {
            format!("{file} 的 {} 行数据都无法使用，原因和行号见下方。", report.rows_read)
        }
    }
}

/// Writes an integer part with thousands separators: 1234567 → "1,234,567".
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number with thousands separators and `decimals` decimals; a minus sign (−) when negative.
pub fn format_number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if value < 0.0 && text.chars().any(|c| ('1'..='9').contains(&c)) {
        "−"
    } else {
        ""
    };
    let mut out = format!("{sign}{}", group_thousands(int));
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// The symbol of a currency code, or the code and a space when it has no common symbol.
pub fn currency_symbol(code: &str) -> String {
    match code {
        "CNY" | "RMB" | "JPY" => "¥".to_owned(),
        "USD" => "$".to_owned(),
        "EUR" => "€".to_owned(),
        "GBP" => "£".to_owned(),
        "" => String::new(),
        other => format!("{other} "),
    }
}

/// Money with its currency symbol and two decimals: "¥1,234.50".
pub fn format_money(value: f64, currency: &str) -> String {
    with_currency(&format_number(value, 2), currency)
}

/// Money in the compact form of chart axes and labels ("¥4.05万", "$12.5K"), the minus sign
/// before the currency's symbol as in [`format_money`] ("−¥3,502").
pub fn format_money_compact(value: f64, currency: &str, lang: Lang) -> String {
    with_currency(&format_compact(value, lang), currency)
}

/// A formatted number with the currency's symbol after its minus sign.
fn with_currency(number: &str, currency: &str) -> String {
    match number.strip_prefix('−') {
        Some(abs) => format!("−{}{abs}", currency_symbol(currency)),
        None => format!("{}{number}", currency_symbol(currency)),
    }
}

/// Money rounded to whole units, for estimates whose cents mean nothing ("¥922,914").
pub fn format_money_whole(value: f64, currency: &str) -> String {
    with_currency(&format_number(value, 0), currency)
}

/// A short form for chart axes and bar labels: 12.3万 / 1.2亿 in Chinese, 12.3K / 1.2M in
/// English, with at least three significant digits (one decimal, two below 10 of the unit:
/// 40,463 is "4.05万", not "4万", as it is "40.5K"), trailing zeros dropped ("2M").
pub fn format_compact(value: f64, lang: Lang) -> String {
    let abs = value.abs();
    let (scaled, unit) = match lang {
        Lang::Zh if abs >= 1e8 => (value / 1e8, "亿"),
        Lang::Zh if abs >= 1e4 => (value / 1e4, "万"),
        Lang::En if abs >= 1e9 => (value / 1e9, "B"),
        Lang::En if abs >= 1e6 => (value / 1e6, "M"),
        Lang::En if abs >= 1e3 => (value / 1e3, "K"),
        _ => (value, ""),
    };
    let decimals = if unit.is_empty() {
        0
    } else if scaled.abs() < 9.995 {
        2
    } else {
        1
    };
    with_unit(scaled, decimals, unit)
}

/// `scaled` with `decimals` decimals, trailing zeros dropped ("2M", "0.5万"), and `unit`.
fn with_unit(scaled: f64, decimals: usize, unit: &str) -> String {
    let text = format_number(scaled, decimals);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    format!("{text}{unit}")
}

/// [`format_compact`] for a tick of an axis whose ticks reach `axis_max` (the largest
/// absolute tick). In Chinese every tick of an axis that reaches 1万 (or 1亿) is written in
/// that unit, as Chinese charts write their axes ("0, 0.5万, 1万, 1.5万"), instead of
/// "5,000" next to "1万"; in English each tick takes its own unit ("500, 1K, 1.5K"), as
/// English dashboards do.
pub fn format_compact_on_axis(value: f64, axis_max: f64, lang: Lang) -> String {
    let basis = axis_max.abs().max(value.abs());
    let (divisor, unit) = match lang {
        Lang::Zh if basis >= 1e8 => (1e8, "亿"),
        Lang::Zh if basis >= 1e4 => (1e4, "万"),
        _ => return format_compact(value, lang),
    };
    if value == 0.0 {
        return "0".to_owned();
    }
    let scaled = value / divisor;
    // Enough decimals for the tick (0.05万 is 500), at least those of `format_compact`.
    let decimals = if scaled.abs() < 9.995 { 2 } else { 1 };
    let decimals = (decimals..=4)
        .find(|d| {
            let f = 10f64.powi(*d);
            ((scaled * f).round() / f - scaled).abs() < 1e-9 * scaled.abs().max(1.0)
        })
        .unwrap_or(4);
    with_unit(scaled, decimals as usize, unit)
}

/// [`format_compact_on_axis`] with the currency's symbol, as [`format_money_compact`].
pub fn format_money_compact_on_axis(
    value: f64,
    axis_max: f64,
    currency: &str,
    lang: Lang,
) -> String {
    with_currency(&format_compact_on_axis(value, axis_max, lang), currency)
}

/// The language a piece of a course pack is written in, by its letters: Chinese when its
/// Chinese characters are at least a third as many as its Latin letters (a Chinese character
/// carries about a word: "打开预算分配页 (#/budget)" is Chinese, "Plan the 双十一 budget" English);
/// `None` without letters (a number, a formula of symbols), which belongs to both.
fn written_in(text: &str) -> Option<Lang> {
    let chinese = text
        .chars()
        .filter(|c| matches!(*c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF))
        .count();
    let latin = text.chars().filter(char::is_ascii_alphabetic).count();
    match (chinese, latin) {
        (0, 0) => None,
        (c, l) if 3 * c >= l => Some(Lang::Zh),
        _ => Some(Lang::En),
    }
}

/// A course pack's title in the reader's language, when its author wrote it in both as
/// "English · 中文" (the shipped packs and the convention README.md gives teachers): the half
/// in `lang`. Any other title is shown as written.
pub fn pack_title(title: &str, lang: Lang) -> &str {
    match title.split(" · ").collect::<Vec<_>>().as_slice() {
        [a, b] => match (written_in(a), written_in(b)) {
            (Some(x), Some(y)) if x != y => {
                if x == lang {
                    a.trim()
                } else {
                    b.trim()
                }
            }
            _ => title,
        },
        _ => title,
    }
}

/// A course pack's instructions as paragraphs in the reader's language: when its author wrote
/// paragraphs in both languages, those in `lang` and those without letters; else every
/// paragraph.
pub fn pack_paragraphs(text: &str, lang: Lang) -> Vec<&str> {
    let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let languages: Vec<Option<Lang>> = paragraphs.iter().map(|p| written_in(p)).collect();
    let both = languages.contains(&Some(Lang::Zh)) && languages.contains(&Some(Lang::En));
    if !both {
        return paragraphs;
    }
    paragraphs
        .into_iter()
        .zip(languages)
        .filter(|(_, l)| l.is_none_or(|l| l == lang))
        .map(|(p, _)| p)
        .collect()
}

/// A share as a percentage with one decimal: 0.1234 → "12.3%".
pub fn format_percent(share: f64) -> String {
    format!("{}%", format_number(share * 100.0, 1))
}

/// A relative change with its sign: 0.052 → "+5.2%", −0.1 → "−10.0%".
pub fn format_change(change: f64) -> String {
    let sign = if change > 0.0 { "+" } else { "" };
    format!("{sign}{}", format_percent(change))
}

/// A difference of two rates in percentage points: 0.012 → "+1.2 pp" / "+1.2个百分点".
pub fn format_points(diff: f64, lang: Lang) -> String {
    let sign = if diff > 0.0 { "+" } else { "" };
    let unit = Msg::PercentagePoints.text(lang);
    format!("{sign}{}{unit}", format_number(diff * 100.0, 1))
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A month: "2025年11月" / "Nov 2025".
pub fn format_month(month: YearMonth, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月", month.year, month.month),
        Lang::En => format!(
            "{} {}",
            MONTHS_EN[(month.month as usize - 1) % 12],
            month.year
        ),
    }
}

/// A month for a chart axis: "25年11月" / "Nov '25".
pub fn format_month_short(month: YearMonth, lang: Lang) -> String {
    let yy = month.year.rem_euclid(100);
    match lang {
        Lang::Zh => format!("{yy:02}年{}月", month.month),
        Lang::En => format!("{} '{yy:02}", MONTHS_EN[(month.month as usize - 1) % 12]),
    }
}

/// A name the data gives in both languages (the demo store's products and categories), in
/// `lang`; an imported file's is the same text twice.
pub fn local(text: &crate::engine::tables::LocalText, lang: Lang) -> &str {
    match lang {
        Lang::En => &text.en,
        Lang::Zh => &text.zh,
    }
}

/// The demo store's channels, devices and regions, written in its tables as ids
/// (`kol_seeding`, `mobile_web`, `Guangdong`), and how each language names them.
const DATA_LABELS: [(&str, &str, &str); 24] = [
    ("search", "Search", "搜索"),
    ("recommend", "Recommendations", "推荐"),
    ("live", "Live stream", "直播"),
    ("paid_ads", "Paid ads", "付费广告"),
    ("direct", "Direct", "直接访问"),
    ("search_ads", "Search ads", "搜索推广"),
    ("feed_ads", "Feed ads", "信息流广告"),
    ("live_stream", "Live-stream promotion", "直播推广"),
    ("kol_seeding", "KOL seeding", "达人种草"),
    ("affiliate", "Affiliates", "联盟推广"),
    ("sms_email", "SMS and email", "短信与邮件"),
    ("app", "App", "App"),
    ("mobile_web", "Mobile web", "手机网页"),
    ("pc", "PC", "电脑"),
    ("Guangdong", "Guangdong", "广东"),
    ("Zhejiang", "Zhejiang", "浙江"),
    ("Jiangsu", "Jiangsu", "江苏"),
    ("Shanghai", "Shanghai", "上海"),
    ("Beijing", "Beijing", "北京"),
    ("Shandong", "Shandong", "山东"),
    ("Sichuan", "Sichuan", "四川"),
    ("Hubei", "Hubei", "湖北"),
    ("Fujian", "Fujian", "福建"),
    ("Henan", "Henan", "河南"),
];

/// A channel, device or region as the page shows it: the demo store's ids in words of `lang`
/// ("kol_seeding" → "KOL seeding" / "达人种草"); any other value as the data writes it.
/// `data-testid`s and the values a user edits keep the data's own text.
pub fn data_label(raw: &str, lang: Lang) -> &str {
    DATA_LABELS
        .iter()
        .find(|(id, _, _)| *id == raw)
        .map_or(raw, |(_, en, zh)| match lang {
            Lang::En => en,
            Lang::Zh => zh,
        })
}

/// A product as a table shows it: "name (SKU)", or the SKU alone when it has no name.
pub fn product_label(name: &crate::engine::tables::LocalText, sku: &str, lang: Lang) -> String {
    let name = local(name, lang);
    if name.is_empty() {
        sku.to_owned()
    } else {
        format!("{name} ({sku})")
    }
}

/// A day: "2025年11月30日" / "30 Nov 2025".
pub fn format_date(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        Lang::En => format!(
            "{} {} {}",
            day.day(),
            MONTHS_EN[day.month0() as usize % 12],
            day.year()
        ),
    }
}

/// A date range: "2023年11月27日 – 2025年11月30日" / "27 Nov 2023 – 30 Nov 2025".
pub fn format_date_range(from: NaiveDate, to: NaiveDate, lang: Lang) -> String {
    format!("{} – {}", format_date(from, lang), format_date(to, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Every channel, device and region the demo store writes has a label in both languages
    /// (the Chinese one in Chinese characters, except the device "App"); other text passes
    /// through unchanged.
    #[test]
    fn the_demo_stores_ids_have_labels() {
        let store = crate::engine::demo::generate(crate::engine::demo::DEFAULT_SEED);
        let d = &store.dataset;
        let mut ids: Vec<String> = d.marketing.iter().map(|r| r.channel.clone()).collect();
        ids.extend(d.traffic.iter().map(|r| r.channel.clone()));
        ids.extend(d.traffic.iter().map(|r| r.device.clone()));
        ids.extend((0..d.orders.regions.len() as u32).map(|i| d.orders.regions.get(i).to_owned()));
        ids.sort();
        ids.dedup();
        assert!(ids.len() >= 20, "{ids:?}");
        for id in &ids {
            let (en, zh) = (data_label(id, Lang::En), data_label(id, Lang::Zh));
            assert!(
                DATA_LABELS.iter().any(|(k, _, _)| k == id),
                "{id} has no label"
            );
            assert!(!en.contains('_'), "{id}: {en}");
            assert!(has_cjk(zh) || id == "app", "{id}: {zh}");
        }
        assert_eq!(data_label("tv_S", Lang::Zh), "tv_S");
        assert_eq!(data_label("", Lang::En), "");
    }

    #[test]
    fn every_message_has_both_languages() {
        for msg in Msg::ALL {
            let (en, zh) = (msg.text(Lang::En), msg.text(Lang::Zh));
            assert!(
                !en.trim().is_empty() && !zh.trim().is_empty(),
                "{msg:?} empty"
            );
            // The toggle names the other language, so its English-side text is Chinese.
            if *msg != Msg::SwitchLanguage {
                assert!(has_cjk(zh), "{msg:?}: Chinese text has no Chinese: {zh}");
                assert_ne!(en, zh, "{msg:?} untranslated");
            }
            // Placeholders must match across languages.
            for placeholder in ["{n}", "{month}", "{file}", "{day}", "{both}"] {
                assert_eq!(
                    en.contains(placeholder),
                    zh.contains(placeholder),
                    "{msg:?}"
                );
            }
        }
    }

    #[test]
    fn numbers_and_money() {
        assert_eq!(format_number(1234567.891, 2), "1,234,567.89");
        assert_eq!(format_number(999.0, 0), "999");
        assert_eq!(format_number(-0.004, 2), "0.00");
        assert_eq!(format_money(-1234.5, "CNY"), "−¥1,234.50");
        assert_eq!(format_money(12.0, "SEK"), "SEK 12.00");
        assert_eq!(
            format_money(12.0, ""),
            "12.00",
            "unknown currency: no symbol"
        );
        assert_eq!(format_percent(0.1234), "12.3%");
        assert_eq!(format_change(0.052), "+5.2%");
        assert_eq!(format_change(-0.1), "−10.0%");
        assert_eq!(format_points(0.012, Lang::Zh), "+1.2个百分点");
        assert_eq!(format_points(-0.012, Lang::En), "−1.2 pp");
        assert_eq!(format_compact(123_456.0, Lang::Zh), "12.3万");
        assert_eq!(format_compact(250_000_000.0, Lang::Zh), "2.5亿");
        assert_eq!(format_compact(123_456.0, Lang::En), "123.5K");
        assert_eq!(format_compact(2_000_000.0, Lang::En), "2M");
        assert_eq!(format_compact(950.0, Lang::En), "950");
        assert_eq!(format_money_whole(922_913.81, "CNY"), "¥922,914");
        assert_eq!(format_money_whole(-0.4, "USD"), "$0");
        assert_eq!(format_money_whole(-1_500.6, "EUR"), "−€1,501");
        // Three significant digits at least, in both languages.
        assert_eq!(format_compact(40_463.2, Lang::Zh), "4.05万");
        assert_eq!(format_compact(40_463.2, Lang::En), "40.5K");
        assert_eq!(format_compact(10_400.0, Lang::Zh), "1.04万");
        assert_eq!(format_compact(15_000.0, Lang::Zh), "1.5万");
        assert_eq!(format_compact(1_234.0, Lang::En), "1.23K");
        assert_eq!(format_compact(99_960.0, Lang::Zh), "10万");
        assert_eq!(format_compact(-25_000.0, Lang::Zh), "−2.5万");
        // Money: the minus before the symbol, as in format_money (a loss read "¥−3.5K").
        assert_eq!(format_money_compact(-3_502.0, "CNY", Lang::En), "−¥3.5K");
        assert_eq!(format_money_compact(40_463.0, "CNY", Lang::Zh), "¥4.05万");
        // A pack written in both languages shows the reader's; others as written.
        let title = "Plan the Singles' Day budget · 规划双十一预算";
        assert_eq!(pack_title(title, Lang::Zh), "规划双十一预算");
        assert_eq!(pack_title(title, Lang::En), "Plan the Singles' Day budget");
        assert_eq!(
            pack_title("Week 3 · checkout", Lang::Zh),
            "Week 3 · checkout"
        );
        assert_eq!(pack_title("第三周", Lang::En), "第三周");
        let text = "Open the budget page.\n打开预算分配页。\n\nSave two scenarios.";
        assert_eq!(
            pack_paragraphs(text, Lang::En),
            ["Open the budget page.", "Save two scenarios."]
        );
        assert_eq!(pack_paragraphs(text, Lang::Zh), ["打开预算分配页。"]);
        assert_eq!(pack_paragraphs("只有中文。\n第二段。", Lang::En).len(), 2);
        // A word of the other language does not move a paragraph; a line of symbols is both.
        let mixed = "Plan the 双十一 budget.\n打开预算分配页（#/budget）。\n= 1.5 × 9,704";
        assert_eq!(
            pack_paragraphs(mixed, Lang::En),
            ["Plan the 双十一 budget.", "= 1.5 × 9,704"]
        );
        assert_eq!(
            pack_paragraphs(mixed, Lang::Zh),
            ["打开预算分配页（#/budget）。", "= 1.5 × 9,704"]
        );
        assert_eq!(
            pack_title("Plan the 双十一 budget · 规划双十一预算", Lang::En),
            "Plan the 双十一 budget"
        );
        assert_eq!(pack_title("A · B · 中文", Lang::Zh), "A · B · 中文");
        // On an axis, Chinese ticks take the unit of the axis's largest tick.
        let zh: Vec<String> = [0.0, 5_000.0, 10_000.0, 15_000.0]
            .iter()
            .map(|v| format_money_compact_on_axis(*v, 15_000.0, "CNY", Lang::Zh))
            .collect();
        assert_eq!(zh, ["¥0", "¥0.5万", "¥1万", "¥1.5万"]);
        assert_eq!(
            format_compact_on_axis(2_500.0, 12_000.0, Lang::Zh),
            "0.25万"
        );
        assert_eq!(format_compact_on_axis(500.0, 2e4, Lang::Zh), "0.05万");
        assert_eq!(format_compact_on_axis(-4_000.0, 1e4, Lang::Zh), "−0.4万");
        assert_eq!(format_compact_on_axis(5e7, 1.5e8, Lang::Zh), "0.5亿");
        assert_eq!(format_compact_on_axis(8_000.0, 9_000.0, Lang::Zh), "8,000");
        // English ticks keep their own unit.
        assert_eq!(format_compact_on_axis(500.0, 1_500.0, Lang::En), "500");
        assert_eq!(format_compact_on_axis(1_500.0, 1_500.0, Lang::En), "1.5K");
    }

    #[test]
    fn dates() {
        let m = YearMonth {
            year: 2024,
            month: 3,
        };
        assert_eq!(format_month(m, Lang::Zh), "2024年3月");
        assert_eq!(format_month(m, Lang::En), "Mar 2024");
        assert_eq!(format_month_short(m, Lang::En), "Mar '24");
        let d = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        assert_eq!(format_date(d, Lang::Zh), "2024年3月1日");
        assert_eq!(format_date(d, Lang::En), "1 Mar 2024");
    }

    #[test]
    fn language_tags() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("zh-Hant-TW"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
    }
}
