//! `#/report`: the operations review (运营复盘) — the period selector, the written conclusions,
//! and the sales, products, customers, traffic and marketing, and geography sections, each
//! figure with its table and downloads, and a print layout for A4.
//!
//! Every number comes from the engine's [`Report`], computed in the worker; this page formats
//! and draws it. Headline figures carry `data-testid="report-<name>"` and `data-value`.

use std::rc::Rc;

use chrono::NaiveDate;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::figure::{Cell, Figure, Table};
use super::kpi_card::{kpi_card, KPIS};
use super::report_charts as draw;
use crate::engine::ingest::schema::TableKind;
use crate::engine::kpi::{Period, YearMonth};
use crate::engine::report::channels::DemoLeftOut;
use crate::engine::report::customers::Segment;
use crate::engine::report::products::{Abc, ProductRow, Xyz};
use crate::engine::report::sales::Granularity;
use crate::engine::report::{Comparison, PeriodChoice, PeriodOptions, Report, ReportRequest};
use crate::engine::DatasetView;
use crate::i18n::report::{segment_action, segment_name, sentence_text, step_label};
use crate::i18n::{self, Lang, Msg};

/// Properties of [`ReportPage`].
#[derive(Properties, PartialEq)]
pub struct ReportProps {
    /// The loaded dataset's view.
    pub view: Rc<DatasetView>,
    /// Interface language.
    pub lang: Lang,
    /// What the review covers.
    pub request: Option<ReportRequest>,
    /// The review, once computed (`Some(None)`: the dataset has no order lines).
    pub report: Option<Option<Rc<Report>>>,
    /// The user changed what the review covers.
    pub on_request: Callback<ReportRequest>,
    /// The page is being printed (every table shown).
    pub printing: bool,
    /// The user asked to print.
    pub on_print: Callback<()>,
}

/// A number formatter for one currency and language.
#[derive(Clone)]
struct Fmt {
    currency: String,
    lang: Lang,
}

impl Fmt {
    fn money(&self, v: f64) -> String {
        i18n::format_money(v, &self.currency)
    }
    fn count(&self, v: f64) -> String {
        i18n::format_number(v, 0)
    }
    fn pct(&self, v: f64) -> String {
        i18n::format_percent(v)
    }
    fn change(&self, v: f64) -> String {
        i18n::format_change(v)
    }
    fn compact(&self, v: f64) -> String {
        i18n::format_compact(v, self.lang)
    }
}

fn period_label(request: &ReportRequest, lang: Lang) -> String {
    match request.period {
        PeriodChoice::Month(m) => i18n::format_month(m, lang),
        PeriodChoice::Quarter { year, quarter } => match lang {
            Lang::En => format!("Q{quarter} {year}"),
            Lang::Zh => format!("{year}年第{quarter}季度"),
        },
        PeriodChoice::Year(year) => match lang {
            Lang::En => year.to_string(),
            Lang::Zh => format!("{year}年"),
        },
        PeriodChoice::Custom(p) => i18n::format_date_range(p.from, p.to, lang),
    }
}

fn select_value(e: &Event) -> Option<String> {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value())
}

fn input_value(e: &Event) -> Option<String> {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|s| s.value())
}

/// A change the selector makes to the request, from the control's value.
type Edit = dyn Fn(&mut ReportRequest, &str);

/// The period selector: month, quarter, year or custom range, and the comparison.
fn period_selector(
    request: &ReportRequest,
    periods: &PeriodOptions,
    lang: Lang,
    on_request: &Callback<ReportRequest>,
    on_print: &Callback<()>,
) -> Html {
    let kind = match request.period {
        PeriodChoice::Month(_) => "month",
        PeriodChoice::Quarter { .. } => "quarter",
        PeriodChoice::Year(_) => "year",
        PeriodChoice::Custom(_) => "custom",
    };
    let change = |f: Rc<Edit>| {
        let (request, on_request) = (request.clone(), on_request.clone());
        move |value: String| {
            let mut next = request.clone();
            f(&mut next, &value);
            on_request.emit(next);
        }
    };
    let periods_kind = periods.clone();
    let on_kind = change(Rc::new(move |r: &mut ReportRequest, v: &str| {
        let last = periods_kind.months.first().copied().unwrap_or(YearMonth {
            year: 2024,
            month: 1,
        });
        let current = r.period.period();
        r.period = match v {
            "quarter" => PeriodChoice::Quarter {
                year: last.year,
                quarter: (last.month - 1) / 3 + 1,
            },
            "year" => PeriodChoice::Year(periods_kind.years.first().copied().unwrap_or(last.year)),
            "custom" => PeriodChoice::Custom(current),
            _ => PeriodChoice::Month(YearMonth::of(current.to.min(periods_kind.last_day))),
        };
        r.granularity = None;
    }));
    let on_value = change(Rc::new(|r: &mut ReportRequest, v: &str| {
        let parsed = match r.period {
            PeriodChoice::Month(_) => v.split_once('-').and_then(|(y, m)| {
                Some(PeriodChoice::Month(YearMonth {
                    year: y.parse().ok()?,
                    month: m.parse().ok()?,
                }))
            }),
            PeriodChoice::Quarter { .. } => v.split_once("-Q").and_then(|(y, q)| {
                Some(PeriodChoice::Quarter {
                    year: y.parse().ok()?,
                    quarter: q.parse().ok()?,
                })
            }),
            PeriodChoice::Year(_) => v.parse().ok().map(PeriodChoice::Year),
            PeriodChoice::Custom(p) => Some(PeriodChoice::Custom(p)),
        };
        if let Some(p) = parsed {
            r.period = p;
        }
    }));
    let on_from = change(Rc::new(|r: &mut ReportRequest, v: &str| {
        if let (PeriodChoice::Custom(p), Ok(d)) =
            (r.period, NaiveDate::parse_from_str(v, "%Y-%m-%d"))
        {
            r.period = PeriodChoice::Custom(Period {
                from: d,
                to: p.to.max(d),
            });
        }
    }));
    let on_to = change(Rc::new(|r: &mut ReportRequest, v: &str| {
        if let (PeriodChoice::Custom(p), Ok(d)) =
            (r.period, NaiveDate::parse_from_str(v, "%Y-%m-%d"))
        {
            r.period = PeriodChoice::Custom(Period {
                from: p.from.min(d),
                to: d,
            });
        }
    }));
    let on_comparison = change(Rc::new(|r: &mut ReportRequest, v: &str| {
        r.comparison = if v == "year" {
            Comparison::YearEarlier
        } else {
            Comparison::PreviousPeriod
        };
    }));
    let options: Vec<(String, String)> = match request.period {
        PeriodChoice::Month(_) => periods
            .months
            .iter()
            .map(|m| {
                (
                    format!("{}-{:02}", m.year, m.month),
                    i18n::format_month(*m, lang),
                )
            })
            .collect(),
        PeriodChoice::Quarter { .. } => periods
            .quarters
            .iter()
            .map(|(y, q)| {
                (
                    format!("{y}-Q{q}"),
                    period_label(
                        &ReportRequest {
                            period: PeriodChoice::Quarter {
                                year: *y,
                                quarter: *q,
                            },
                            ..request.clone()
                        },
                        lang,
                    ),
                )
            })
            .collect(),
        PeriodChoice::Year(_) => periods
            .years
            .iter()
            .map(|y| {
                (
                    y.to_string(),
                    period_label(
                        &ReportRequest {
                            period: PeriodChoice::Year(*y),
                            ..request.clone()
                        },
                        lang,
                    ),
                )
            })
            .collect(),
        PeriodChoice::Custom(_) => Vec::new(),
    };
    let current_value = match request.period {
        PeriodChoice::Month(m) => format!("{}-{:02}", m.year, m.month),
        PeriodChoice::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
        PeriodChoice::Year(y) => y.to_string(),
        PeriodChoice::Custom(_) => String::new(),
    };
    let on_print = on_print.reform(|_: MouseEvent| ());
    let kind_option = |value: &'static str, label: Msg| {
        html! {
            <option value={value} selected={kind == value}>{label.text(lang)}</option>
        }
    };
    html! {
        <form class="period-selector no-print" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <label>{Msg::ReportPeriod.text(lang)}{" "}
                <select data-testid="report-period-kind" onchange={move |e: Event| if let Some(v) = select_value(&e) { on_kind(v) }}>
                    {kind_option("month", Msg::PeriodMonth)}
                    {kind_option("quarter", Msg::PeriodQuarter)}
                    {kind_option("year", Msg::PeriodYear)}
                    {kind_option("custom", Msg::PeriodCustom)}
                </select>
            </label>
            if let PeriodChoice::Custom(p) = request.period {
                <label>{Msg::PeriodFrom.text(lang)}{" "}
                    <input type="date" data-testid="report-from" value={p.from.to_string()}
                        min={periods.first_day.to_string()} max={periods.last_day.to_string()}
                        onchange={move |e: Event| if let Some(v) = input_value(&e) { on_from(v) }} />
                </label>
                <label>{Msg::PeriodTo.text(lang)}{" "}
                    <input type="date" data-testid="report-to" value={p.to.to_string()}
                        min={periods.first_day.to_string()} max={periods.last_day.to_string()}
                        onchange={move |e: Event| if let Some(v) = input_value(&e) { on_to(v) }} />
                </label>
            } else {
                <select data-testid="report-period" aria-label={Msg::ReportPeriod.text(lang)}
                    onchange={move |e: Event| if let Some(v) = select_value(&e) { on_value(v) }}>
                    {for options.iter().map(|(value, label)| html! {
                        <option value={value.clone()} selected={*value == current_value}>{label.clone()}</option>
                    })}
                </select>
            }
            <label>{Msg::ReportCompareWith.text(lang)}{" "}
                <select data-testid="report-comparison" onchange={move |e: Event| if let Some(v) = select_value(&e) { on_comparison(v) }}>
                    <option value="previous" selected={request.comparison == Comparison::PreviousPeriod}>{Msg::ComparePrevious.text(lang)}</option>
                    <option value="year" selected={request.comparison == Comparison::YearEarlier}>{Msg::CompareYearEarlier.text(lang)}</option>
                </select>
            </label>
            <button type="button" class="button" onclick={on_print} data-testid="report-print">{Msg::PrintReport.text(lang)}</button>
        </form>
    }
}

/// A headline figure outside the KPI grid.
fn headline(testid: &str, label: Msg, value: Option<f64>, shown: String, lang: Lang) -> Html {
    html! {
        <div class="stat headline" data-testid={testid.to_owned()} data-value={value.map(|v| v.to_string()).unwrap_or_default()}>
            <dt>{label.text(lang)}</dt><dd>{shown}</dd>
        </div>
    }
}

/// A version number for redrawing: changes with the report's period and numbers, and the
/// language.
fn version_of(report: &Report, lang: Lang, salt: u64) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (salt, lang, report.period.from, report.period.to).hash(&mut h);
    report.sales.current.gmv.to_bits().hash(&mut h);
    report.sales.trend.points.len().hash(&mut h);
    h.finish()
}

fn abc_name(c: Abc) -> &'static str {
    match c {
        Abc::A => "A",
        Abc::B => "B",
        Abc::C => "C",
    }
}

fn xyz_name(c: Option<Xyz>) -> &'static str {
    match c {
        Some(Xyz::X) => "X",
        Some(Xyz::Y) => "Y",
        Some(Xyz::Z) => "Z",
        None => "–",
    }
}

/// The heading of a growth column: against the comparison period the review was asked for
/// (环比 by default, 同比 when a year earlier was chosen).
fn growth_header(comparison: Comparison, lang: Lang) -> String {
    match comparison {
        Comparison::PreviousPeriod => Msg::ColGrowthPrevious.text(lang).into(),
        Comparison::YearEarlier => Msg::ColGrowth.text(lang).into(),
    }
}

fn product_table(rows: &[ProductRow], comparison: Comparison, f: &Fmt, lang: Lang) -> Table {
    Table {
        header: vec![
            Msg::ColRank.text(lang).into(),
            Msg::ColProduct.text(lang).into(),
            Msg::ColRevenue.text(lang).into(),
            Msg::ColRevenueShare.text(lang).into(),
            Msg::ColUnits.text(lang).into(),
            growth_header(comparison, lang),
            "ABC".into(),
            "XYZ".into(),
        ],
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    Cell::number((i + 1) as f64, (i + 1).to_string()),
                    Cell::text(i18n::product_label(&p.name, &p.sku, lang)),
                    Cell::number(p.revenue, f.money(p.revenue)),
                    Cell::number(p.revenue_share, f.pct(p.revenue_share)),
                    Cell::number(p.units, f.count(p.units)),
                    Cell::maybe(p.revenue_growth, |g| f.change(g)),
                    Cell::text(abc_name(p.abc)),
                    Cell::text(xyz_name(p.xyz)),
                ]
            })
            .collect(),
    }
}

/// The review page.
#[function_component(ReportPage)]
pub fn report_page(props: &ReportProps) -> Html {
    let lang = props.lang;
    let view = &props.view;
    let (Some(periods), Some(request)) = (view.periods.as_ref(), props.request.as_ref()) else {
        return html! { <section class="page"><p class="notice">{Msg::NoOrders.text(lang)}</p></section> };
    };
    let selector = period_selector(request, periods, lang, &props.on_request, &props.on_print);
    let printing = props.printing;
    let title = period_label(request, lang);
    let report = match &props.report {
        None => {
            return html! {
                <section class="page report" aria-labelledby="report-title" aria-busy="true">
                    <h2 id="report-title">{Msg::ReportTitle.text(lang)}{" · "}{&title}</h2>
                    {selector}
                    <p class="loading" data-testid="report-loading">{Msg::ReportComputing.text(lang)}</p>
                </section>
            };
        }
        Some(None) => {
            return html! { <section class="page"><p class="notice">{Msg::NoOrders.text(lang)}</p></section> };
        }
        Some(Some(report)) => report.clone(),
    };
    let f = Fmt {
        currency: view.currency.clone(),
        lang,
    };
    let dataset_name = match lang {
        Lang::En => view.name.en.clone(),
        Lang::Zh => view.name.zh.clone(),
    };
    // The dataset's name is added by the figure (from the app's context).
    let file_stem: String = period_label(request, Lang::En);
    let covered = report.covers(report.period);
    let sales = &report.sales;

    // The written conclusions.
    let summary = html! {
        <section class="card summary" data-testid="report-summary" aria-labelledby="summary-title">
            <h3 id="summary-title">{Msg::ReportSummary.text(lang)}</h3>
            if report.summary.is_empty() {
                <p class="muted">{Msg::ReportNoSummary.text(lang)}</p>
            } else {
                <ol>
                    {for report.summary.iter().map(|s| html! {
                        <li data-figure={s.figure()}>
                            {sentence_text(s, lang, &view.currency)}{" "}
                            <a class="no-print" href={format!("#/report?figure={}", s.figure())}
                                onclick={let id = s.figure().to_owned(); Callback::from(move |e: MouseEvent| {
                                    e.prevent_default();
                                    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(&format!("[data-testid={id}]")).ok().flatten()) {
                                        el.scroll_into_view();
                                        // The focus follows, so a keyboard or screen-reader user
                                        // continues from the figure, not from the summary.
                                        if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                                            el.set_tab_index(-1);
                                            el.focus().ok();
                                        }
                                    }
                                })}><span aria-hidden="true">{"↗"}</span><span class="visually-hidden">{Msg::ReportSeeFigure.text(lang)}</span></a>
                        </li>
                    })}
                </ol>
            }
        </section>
    };

    // Sales.
    let kpis = KPIS.iter().map(|spec| {
        kpi_card(
            spec,
            "report",
            &sales.current,
            sales.previous.as_ref(),
            Msg::VsPeriodBefore,
            sales.year_earlier.as_ref(),
            &view.currency,
            lang,
        )
    });
    let trend = &sales.trend;
    let granularity_select = {
        let (request, on_request) = (request.clone(), props.on_request.clone());
        let current = trend.granularity;
        html! {
            <label class="no-print">{Msg::TrendStep.text(lang)}{" "}
                <select data-testid="report-granularity" onchange={move |e: Event| {
                    let g = match select_value(&e).as_deref() {
                        Some("day") => Granularity::Day,
                        Some("week") => Granularity::Week,
                        _ => Granularity::Month,
                    };
                    on_request.emit(ReportRequest { granularity: Some(g), ..request.clone() });
                }}>
                    <option value="day" selected={current == Granularity::Day}>{Msg::StepDay.text(lang)}</option>
                    <option value="week" selected={current == Granularity::Week}>{Msg::StepWeek.text(lang)}</option>
                    <option value="month" selected={current == Granularity::Month}>{Msg::StepMonth.text(lang)}</option>
                </select>
            </label>
        }
    };
    let trend_table = Table {
        header: vec![
            Msg::ColPeriodStart.text(lang).into(),
            Msg::ColGmv.text(lang).into(),
            Msg::KpiOrders.text(lang).into(),
            Msg::ColGmvYearAgo.text(lang).into(),
            Msg::ColPeak.text(lang).into(),
        ],
        rows: trend
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    Cell::text(step_label(p.start, trend.granularity, lang)),
                    Cell::number(p.gmv, f.money(p.gmv)),
                    Cell::number(p.orders as f64, f.count(p.orders as f64)),
                    Cell::maybe(p.gmv_year_ago, |v| f.money(v)),
                    Cell::text(if trend.peaks.contains(&i) { "▲" } else { "" }),
                ]
            })
            .collect(),
    };
    let weekday_hour = sales.weekday_hour.as_ref().map(|grid| {
        let days = weekday_names(lang);
        Table {
            header: std::iter::once(Msg::ColWeekday.text(lang).to_owned())
                .chain((0..24).map(|h| format!("{h}")))
                .collect(),
            rows: grid
                .iter()
                .enumerate()
                .map(|(d, row)| {
                    std::iter::once(Cell::text(days[d]))
                        .chain(row.iter().map(|v| Cell::number(*v, f.compact(*v))))
                        .collect()
                })
                .collect(),
        }
    });

    let sales_section = html! {
        <section class="report-section" aria-labelledby="sales-title">
            <h3 id="sales-title">{Msg::SectionSales.text(lang)}</h3>
            <div class="kpi-grid">{for kpis}</div>
            {granularity_select}
            <Figure testid="report-trend" title={Msg::ChartTrend.text(lang).to_owned()} alt={Msg::ChartTrendAlt.text(lang).to_owned()}
                drawing={draw::trend(&report, &f.currency, lang)} version={version_of(&report, lang, 1)}
                table={Rc::new(trend_table)} file_stem={file_stem.clone()} {lang} {printing} />
            if let Some(table) = weekday_hour {
                <Figure testid="report-weekday-hour" title={Msg::ChartWeekdayHour.text(lang).to_owned()} alt={Msg::ChartWeekdayHourAlt.text(lang).to_owned()}
                    drawing={draw::weekday_hour(&report, lang)} version={version_of(&report, lang, 2)}
                    table={Rc::new(table)} file_stem={file_stem.clone()} {lang} {printing} />
            }
        </section>
    };

    // Products.
    let products = &report.products;
    let categories_table = Table {
        header: vec![
            Msg::ColCategory.text(lang).into(),
            Msg::ColRevenue.text(lang).into(),
            Msg::ColRevenueShare.text(lang).into(),
            Msg::ColUnits.text(lang).into(),
            growth_header(report.request.comparison, lang),
            Msg::ColSkus.text(lang).into(),
        ],
        rows: products
            .categories
            .iter()
            .map(|c| {
                vec![
                    Cell::text(if c.category.en.is_empty() {
                        Msg::Uncategorised.text(lang).to_owned()
                    } else {
                        i18n::local(&c.category, lang).to_owned()
                    }),
                    Cell::number(c.revenue, f.money(c.revenue)),
                    Cell::number(c.revenue_share, f.pct(c.revenue_share)),
                    Cell::number(c.units, f.count(c.units)),
                    Cell::maybe(c.revenue_growth, |g| f.change(g)),
                    Cell::number(c.skus as f64, f.count(c.skus as f64)),
                ]
            })
            .collect(),
    };
    let abc_table = Table {
        header: vec![
            Msg::ColClass.text(lang).into(),
            Msg::ColSkus.text(lang).into(),
            Msg::ColSkuShare.text(lang).into(),
            Msg::ColRevenueShare.text(lang).into(),
        ],
        rows: products
            .abc
            .iter()
            .map(|c| {
                vec![
                    Cell::text(abc_name(c.class)),
                    Cell::number(c.skus as f64, f.count(c.skus as f64)),
                    Cell::number(c.sku_share, f.pct(c.sku_share)),
                    Cell::number(c.revenue_share, f.pct(c.revenue_share)),
                ]
            })
            .collect(),
    };
    let abc_xyz_table = Table {
        header: vec![
            Msg::ColClass.text(lang).into(),
            "X".into(),
            "Y".into(),
            "Z".into(),
        ],
        rows: [Abc::A, Abc::B, Abc::C]
            .iter()
            .map(|a| {
                std::iter::once(Cell::text(abc_name(*a)))
                    .chain([Xyz::X, Xyz::Y, Xyz::Z].iter().map(|x| {
                        let cell = products.abc_xyz.iter().find(|c| c.abc == *a && c.xyz == *x);
                        let (n, revenue) = cell.map_or((0, 0.0), |c| (c.skus, c.revenue));
                        Cell::number(
                            n as f64,
                            format!("{} · {}", f.count(n as f64), f.money(revenue)),
                        )
                    }))
                    .collect()
            })
            .collect(),
    };
    let slow_table = Table {
        header: vec![
            Msg::ColProduct.text(lang).into(),
            Msg::ColLastSale.text(lang).into(),
            Msg::ColDaysSince.text(lang).into(),
            Msg::ColUnitsBefore.text(lang).into(),
        ],
        rows: products
            .slow_movers
            .iter()
            .map(|s| {
                vec![
                    Cell::text(i18n::product_label(&s.name, &s.sku, lang)),
                    Cell::text(i18n::format_date(s.last_sale, lang)),
                    Cell::number(f64::from(s.days_since), f.count(f64::from(s.days_since))),
                    Cell::number(s.units_before, f.count(s.units_before)),
                ]
            })
            .collect(),
    };
    let returned_table = Table {
        header: vec![
            Msg::ColProduct.text(lang).into(),
            Msg::ColReturnsValue.text(lang).into(),
            Msg::ColReturnedUnits.text(lang).into(),
            Msg::KpiReturnRate.text(lang).into(),
        ],
        rows: products
            .top_returned
            .iter()
            .map(|r| {
                vec![
                    Cell::text(i18n::product_label(&r.name, &r.sku, lang)),
                    Cell::number(r.returns_value, f.money(r.returns_value)),
                    Cell::number(r.returned_units, f.count(r.returned_units)),
                    // Above 100 %, the period's returns include goods sold before it: the
                    // exact percentage means nothing to a reader, the raw number stays in the
                    // cell's value.
                    Cell::maybe(r.return_rate, |v| {
                        if v > 1.0 {
                            Msg::ReturnsAboveSales.text(lang).to_owned()
                        } else {
                            f.pct(v)
                        }
                    }),
                ]
            })
            .collect(),
    };
    let a_class = products.abc.iter().find(|c| c.class == Abc::A);
    // Postage, fees and adjustments are not ranked with the goods: say what was set apart.
    let charges_note = (!products.charges.skus.is_empty()).then(|| {
        let c = &products.charges;
        let mut codes = c.skus.iter().take(6).cloned().collect::<Vec<_>>().join(", ");
        if c.skus.len() > 6 {
            codes.push_str(", …");
        }
        html! {
            <p class="muted small" data-testid="report-charges" data-value={c.revenue.to_string()}>
                {Msg::ChargesSetApart.text(lang).replace("{codes}", &codes)
                    .replace("{gmv}", &f.money(c.revenue)).replace("{returns}", &f.money(c.returns_value))}
            </p>
        }
    });
    let products_section = html! {
        <section class="report-section" aria-labelledby="products-title">
            <h3 id="products-title">{Msg::SectionProducts.text(lang)}</h3>
            <dl class="stats headlines">
                {headline("report-top1-share", Msg::Top1Share, products.top1_share, products.top1_share.map_or("–".into(), |v| f.pct(v)), lang)}
                {headline("report-skus-sold", Msg::SkusSold, Some(products.skus_sold as f64), f.count(products.skus_sold as f64), lang)}
                {headline("report-a-skus", Msg::ASkus, a_class.map(|c| c.skus as f64), a_class.map_or("–".into(), |c| format!("{} · {}", f.count(c.skus as f64), f.pct(c.revenue_share))), lang)}
            </dl>
            {charges_note}
            <Figure testid="report-top-products" title={Msg::ChartTopProducts.text(lang).to_owned()} alt={Msg::ChartTopProductsAlt.text(lang).to_owned()}
                drawing={draw::top_products(&report, &f.currency, lang)} version={version_of(&report, lang, 3)}
                table={Rc::new(product_table(&products.top_by_revenue, report.request.comparison, &f, lang))} file_stem={file_stem.clone()} {lang} {printing} />
            <Figure testid="report-top-units" title={Msg::ChartTopUnits.text(lang).to_owned()} alt={Msg::ChartTopUnits.text(lang).to_owned()}
                version={0} table_first=true
                table={Rc::new(product_table(&products.top_by_units, report.request.comparison, &f, lang))} file_stem={file_stem.clone()} {lang} {printing} />
            <Figure testid="report-categories" title={Msg::ChartCategories.text(lang).to_owned()} alt={Msg::ChartCategoriesAlt.text(lang).to_owned()}
                drawing={draw::categories(&report, &f.currency, lang)} version={version_of(&report, lang, 4)}
                table={Rc::new(categories_table)} file_stem={file_stem.clone()} {lang} {printing} />
            <Figure testid="report-pareto" title={Msg::ChartPareto.text(lang).to_owned()} alt={Msg::ChartParetoAlt.text(lang).to_owned()}
                drawing={draw::pareto(&report, lang)} version={version_of(&report, lang, 5)}
                table={Rc::new(abc_table)} file_stem={file_stem.clone()} {lang} {printing} />
            if !products.abc_xyz.is_empty() {
                <Figure testid="report-abc-xyz" title={Msg::ChartAbcXyz.text(lang).to_owned()} alt={Msg::ChartAbcXyzAlt.text(lang).to_owned()}
                    drawing={draw::abc_xyz(&report, lang)} version={version_of(&report, lang, 6)}
                    table={Rc::new(abc_xyz_table)} file_stem={file_stem.clone()} {lang} {printing} />
            }
            {slow_days_select(request, &props.on_request, lang)}
            <Figure testid="report-slow-movers" title={Msg::ChartSlowMovers.text(lang).replace("{n}", &request.slow_mover_days.to_string())}
                alt={Msg::ChartSlowMovers.text(lang).replace("{n}", &request.slow_mover_days.to_string())}
                version={0} table_first=true table={Rc::new(slow_table)} file_stem={file_stem.clone()} {lang} {printing}
                empty_text={Msg::SlowMoversNone.text(lang).replace("{n}", &request.slow_mover_days.to_string())} />
            <Figure testid="report-top-returned" title={Msg::ChartTopReturned.text(lang).to_owned()} alt={Msg::ChartTopReturned.text(lang).to_owned()}
                version={0} table_first=true table={Rc::new(returned_table)} file_stem={file_stem.clone()} {lang} {printing}
                empty_text={Msg::ReturnedNone.text(lang).to_owned()} />
        </section>
    };

    // Customers.
    let c = &report.customers;
    // RFM ranks the period's buyers against each other: over less than half a year its
    // segments say little about the customer base, and the page says so.
    // The days of orders the RFM segments rest on (fewer than a year when the data is short).
    let rfm_days = (report.customers.rfm.as_of - report.customers.rfm.from).num_days() + 1;
    let customers_section = if c.needs_order_lines {
        html! {
            <section class="report-section" aria-labelledby="customers-title">
                <h3 id="customers-title">{Msg::SectionCustomers.text(lang)}</h3>
                <p class="muted" data-testid="needs-order-lines">{Msg::NeedsOrderLines.text(lang)}</p>
            </section>
        }
    } else {
        let new_returning = Table {
            header: vec![
                Msg::ColMonth.text(lang).into(),
                Msg::NewBuyers.text(lang).into(),
                Msg::ReturningBuyers.text(lang).into(),
                Msg::NewRevenue.text(lang).into(),
                Msg::ReturningRevenue.text(lang).into(),
            ],
            rows: c
                .by_month
                .iter()
                .map(|m| {
                    vec![
                        Cell::text(i18n::format_month(m.month, lang)),
                        Cell::number(m.new_buyers as f64, f.count(m.new_buyers as f64)),
                        Cell::number(
                            m.returning_buyers as f64,
                            f.count(m.returning_buyers as f64),
                        ),
                        Cell::number(m.new_revenue, f.money(m.new_revenue)),
                        Cell::number(m.returning_revenue, f.money(m.returning_revenue)),
                    ]
                })
                .collect(),
        };
        let intervals = Table {
            header: vec![
                Msg::ColDaysBetween.text(lang).into(),
                Msg::ColIntervals.text(lang).into(),
            ],
            rows: c
                .intervals
                .iter()
                .map(|b| {
                    vec![
                        Cell::text(if b.to_days == u32::MAX {
                            format!("{}+", b.from_days)
                        } else {
                            format!("{}–{}", b.from_days, b.to_days)
                        }),
                        Cell::number(b.count as f64, f.count(b.count as f64)),
                    ]
                })
                .collect(),
        };
        let rfm = Table {
            header: vec![
                Msg::ColSegment.text(lang).into(),
                Msg::ColBuyers.text(lang).into(),
                Msg::ColBuyerShare.text(lang).into(),
                Msg::ColRevenueShare.text(lang).into(),
                Msg::ColRecency.text(lang).into(),
                Msg::ColFrequency.text(lang).into(),
                Msg::ColMonetary.text(lang).into(),
                Msg::ColAction.text(lang).into(),
            ],
            rows: c
                .rfm
                .segments
                .iter()
                .map(|s| {
                    vec![
                        Cell::text(segment_name(s.segment, lang)),
                        Cell::number(s.buyers as f64, f.count(s.buyers as f64)),
                        Cell::number(s.buyer_share, f.pct(s.buyer_share)),
                        Cell::number(s.revenue_share, f.pct(s.revenue_share)),
                        Cell::number(
                            s.mean_recency_days,
                            i18n::format_number(s.mean_recency_days, 1),
                        ),
                        Cell::number(s.mean_frequency, i18n::format_number(s.mean_frequency, 2)),
                        Cell::number(s.mean_monetary, f.money(s.mean_monetary)),
                        Cell::text(segment_action(s.segment, lang)),
                    ]
                })
                .collect(),
        };
        let longest = c
            .cohorts
            .iter()
            .map(|k| k.retention.len())
            .max()
            .unwrap_or(0);
        let cohorts = Table {
            header: [
                Msg::ColCohort.text(lang).to_owned(),
                Msg::ColBuyers.text(lang).to_owned(),
            ]
            .into_iter()
            .chain((1..=longest).map(|k| format!("+{k}")))
            .collect(),
            rows: c
                .cohorts
                .iter()
                .map(|k| {
                    [
                        Cell::text(i18n::format_month(k.month, lang)),
                        Cell::number(k.buyers as f64, f.count(k.buyers as f64)),
                    ]
                    .into_iter()
                    .chain(
                        (0..longest)
                            .map(|i| Cell::maybe(k.retention.get(i).copied(), |v| f.pct(v))),
                    )
                    .collect()
                })
                .collect(),
        };
        let ltv = Table {
            header: vec![
                Msg::ColCohort.text(lang).into(),
                Msg::ColBuyers.text(lang).into(),
                Msg::ColRevenuePerBuyer.text(lang).into(),
            ],
            rows: c
                .cohorts
                .iter()
                .map(|k| {
                    vec![
                        Cell::text(i18n::format_month(k.month, lang)),
                        Cell::number(k.buyers as f64, f.count(k.buyers as f64)),
                        Cell::number(k.revenue_per_buyer, f.money(k.revenue_per_buyer)),
                    ]
                })
                .collect(),
        };
        let segment_count = |s: Segment| {
            c.rfm
                .segments
                .iter()
                .find(|r| r.segment == s)
                .map_or(0, |r| r.buyers)
        };
        html! {
            <section class="report-section" aria-labelledby="customers-title">
                <h3 id="customers-title">{Msg::SectionCustomers.text(lang)}</h3>
                <dl class="stats headlines">
                    {headline("report-new-buyers", Msg::NewBuyers, Some(c.new_buyers as f64), f.count(c.new_buyers as f64), lang)}
                    {headline("report-returning-buyers", Msg::ReturningBuyers, Some(c.returning_buyers as f64), f.count(c.returning_buyers as f64), lang)}
                    {headline("report-new-revenue", Msg::NewRevenue, Some(c.new_revenue), f.money(c.new_revenue), lang)}
                    {headline("report-median-interval", Msg::MedianInterval, c.median_interval_days,
                        c.median_interval_days.map_or("–".into(), |d| Msg::DaysN.text(lang).replace("{n}", &i18n::format_number(d, 1))), lang)}
                    {headline("report-rfm-champions", Msg::RfmChampions, Some(segment_count(Segment::Champions) as f64), f.count(segment_count(Segment::Champions) as f64), lang)}
                    {headline("report-rfm-at-risk", Msg::RfmAtRisk, Some(segment_count(Segment::AtRisk) as f64), f.count(segment_count(Segment::AtRisk) as f64), lang)}
                </dl>
                if c.lines_without_customer > 0 {
                    <p class="muted small">{Msg::GuestLines.text(lang).replace("{n}", &f.count(c.lines_without_customer as f64))}</p>
                }
                <Figure testid="report-new-returning" title={Msg::ChartNewReturning.text(lang).to_owned()} alt={Msg::ChartNewReturningAlt.text(lang).to_owned()}
                    drawing={draw::new_returning(&report, lang)} version={version_of(&report, lang, 7)}
                    table={Rc::new(new_returning)} file_stem={file_stem.clone()} {lang} {printing} />
                <Figure testid="report-intervals" title={Msg::ChartIntervals.text(lang).to_owned()} alt={Msg::ChartIntervalsAlt.text(lang).to_owned()}
                    drawing={draw::intervals(&report, lang)} version={version_of(&report, lang, 8)}
                    table={Rc::new(intervals)} file_stem={file_stem.clone()} {lang} {printing} />
                <Figure testid="report-rfm" title={Msg::ChartRfm.text(lang).to_owned()} alt={Msg::ChartRfmAlt.text(lang).to_owned()}
                    drawing={draw::rfm(&report, lang)} version={version_of(&report, lang, 9)} table_first=true
                    table={Rc::new(rfm)} file_stem={file_stem.clone()} {lang} {printing} />
                <p class="muted small" data-testid="report-rfm-window" data-value={report.customers.rfm.buyers.to_string()}
                    data-from={report.customers.rfm.from.to_string()} data-to={report.customers.rfm.as_of.to_string()}>
                    {Msg::RfmWindow.text(lang)
                        .replace("{n}", &f.count(report.customers.rfm.buyers as f64))
                        .replace("{range}", &i18n::format_date_range(report.customers.rfm.from, report.customers.rfm.as_of, lang))}
                    {" "}{Msg::RfmHelp.text(lang)}
                </p>
                if rfm_days < RFM_FULL_DAYS {
                    <p class="notice warn" data-testid="report-rfm-short" data-value={rfm_days.to_string()}>
                        {Msg::RfmShortPeriod.text(lang).replace("{n}", &rfm_days.to_string())}
                    </p>
                }
                <Figure testid="report-cohorts" title={Msg::ChartCohorts.text(lang).to_owned()} alt={Msg::ChartCohortsAlt.text(lang).to_owned()}
                    drawing={draw::cohorts(&report, lang)} version={version_of(&report, lang, 10)}
                    table={Rc::new(cohorts)} file_stem={file_stem.clone()} {lang} {printing} />
                <Figure testid="report-ltv" title={Msg::ChartLtv.text(lang).to_owned()} alt={Msg::ChartLtvAlt.text(lang).to_owned()}
                    drawing={draw::ltv(&report, &f.currency, lang)} version={version_of(&report, lang, 11)}
                    table={Rc::new(ltv)} file_stem={file_stem.clone()} {lang} {printing} />
            </section>
        }
    };

    // Traffic, marketing and geography.
    let ch = &report.channels;
    let traffic = ch.traffic.as_ref().map(|t| {
        let table = Table {
            header: vec![
                Msg::ColChannel.text(lang).into(),
                Msg::ColVisitors.text(lang).into(),
                Msg::ColVisitorShare.text(lang).into(),
                Msg::KpiOrders.text(lang).into(),
                Msg::ColConversion.text(lang).into(),
                Msg::ColRevenue.text(lang).into(),
            ],
            rows: t
                .by_channel
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(if r.channel.is_empty() { Msg::AllChannels.text(lang).to_owned() } else { i18n::data_label(&r.channel, lang).to_owned() }),
                        Cell::number(r.visitors as f64, f.count(r.visitors as f64)),
                        Cell::number(r.visitor_share, f.pct(r.visitor_share)),
                        Cell::maybe(r.orders.map(|o| o as f64), |v| f.count(v)),
                        Cell::maybe(r.conversion_rate, |v| f.pct(v)),
                        Cell::maybe(r.revenue, |v| f.money(v)),
                    ]
                })
                .collect(),
        };
        html! {
            <>
                <dl class="stats headlines">
                    {headline("report-visitors", Msg::Visitors, Some(t.visitors as f64), f.count(t.visitors as f64), lang)}
                    {headline("report-conversion-rate", Msg::ConversionRate, t.conversion_rate, t.conversion_rate.map_or("–".into(), |v| f.pct(v)), lang)}
                </dl>
                if t.undated {
                    <p class="muted small">{Msg::CardNoDates.text(lang)}</p>
                }
                if t.orders_from_order_lines {
                    <p class="muted small">{Msg::ConversionFromOrders.text(lang)}</p>
                }
                <Figure testid="report-traffic-channels" title={Msg::ChartTrafficChannels.text(lang).to_owned()} alt={Msg::ChartTrafficChannelsAlt.text(lang).to_owned()}
                    drawing={draw::traffic_channels(&report, lang)} version={version_of(&report, lang, 12)}
                    table={Rc::new(table)} file_stem={file_stem.clone()} {lang} {printing} />
            </>
        }
    });
    let marketing = ch.marketing.as_ref().map(|m| {
        let table = Table {
            header: vec![
                Msg::ColChannel.text(lang).into(),
                Msg::ColSpend.text(lang).into(),
                Msg::ColSpendShare.text(lang).into(),
                Msg::ColAttributedRevenue.text(lang).into(),
                Msg::ColAttributedShare.text(lang).into(),
                "ROAS".into(),
                "ROI".into(),
                Msg::NewBuyers.text(lang).into(),
                "CAC".into(),
                Msg::ColSpendGrowth.text(lang).into(),
            ],
            rows: m
                .channels
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(i18n::data_label(&r.channel, lang)),
                        Cell::number(r.spend, f.money(r.spend)),
                        Cell::number(r.spend_share, f.pct(r.spend_share)),
                        Cell::maybe(r.attributed_revenue, |v| f.money(v)),
                        Cell::maybe(r.revenue_share, |v| f.pct(v)),
                        Cell::maybe(r.roas, |v| i18n::format_number(v, 2)),
                        Cell::maybe(r.roi, |v| f.pct(v)),
                        Cell::maybe(r.new_buyers.map(|n| n as f64), |v| f.count(v)),
                        Cell::maybe(r.cac, |v| f.money(v)),
                        Cell::maybe(r.spend_growth, |v| f.change(v)),
                    ]
                })
                .collect(),
        };
        let margin_note = if m.margin_assumed {
            Msg::MarginAssumed.text(lang).replace("{m}", &f.pct(m.gross_margin))
        } else {
            Msg::MarginFromCosts.text(lang).replace("{m}", &f.pct(m.gross_margin))
        };
        html! {
            <>
                <dl class="stats headlines">
                    {headline("report-spend", Msg::Spend, Some(m.spend), f.money(m.spend), lang)}
                    {headline("report-roas", Msg::Roas, m.roas, m.roas.map_or("–".into(), |v| i18n::format_number(v, 2)), lang)}
                    {headline("report-roi", Msg::Roi, m.roi, m.roi.map_or("–".into(), |v| f.pct(v)), lang)}
                    {headline("report-cac", Msg::Cac, m.cac, m.cac.map_or("–".into(), |v| f.money(v)), lang)}
                </dl>
                <p class="muted small" data-testid="report-margin-note">{margin_note}{" "}{Msg::RoasRoiHelp.text(lang)}</p>
                if m.channels.iter().all(|c| c.cac.is_none()) {
                    <p class="muted small">{Msg::CacByChannelNeeds.text(lang)}</p>
                }
                <Figure testid="report-marketing-channels" title={Msg::ChartMarketingChannels.text(lang).to_owned()} alt={Msg::ChartMarketingChannelsAlt.text(lang).to_owned()}
                    drawing={draw::marketing_channels(&report, lang)} version={version_of(&report, lang, 13)}
                    table={Rc::new(table)} file_stem={file_stem.clone()} {lang} {printing} />
            </>
        }
    });
    let channels_section = html! {
        <section class="report-section" aria-labelledby="channels-title">
            <h3 id="channels-title">{Msg::SectionChannels.text(lang)}</h3>
            if ch.demo_left_out.any() {
                <p class="notice warn" data-testid="report-demo-left-out">{demo_left_out_text(&ch.demo_left_out, lang)}</p>
            } else if traffic.is_none() && marketing.is_none() {
                <p class="muted">{Msg::NoTrafficOrMarketing.text(lang)}</p>
            }
            {for traffic}
            {for marketing}
        </section>
    };
    let regions = (!ch.regions.is_empty()).then(|| {
        let table = Table {
            header: vec![
                Msg::ColRegion.text(lang).into(),
                Msg::ColRevenue.text(lang).into(),
                Msg::ColRevenueShare.text(lang).into(),
                Msg::KpiOrders.text(lang).into(),
            ],
            rows: ch
                .regions
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(if r.region.is_empty() { Msg::OtherRegions.text(lang).to_owned() } else { i18n::data_label(&r.region, lang).to_owned() }),
                        Cell::number(r.revenue, f.money(r.revenue)),
                        Cell::number(r.share, f.pct(r.share)),
                        Cell::number(r.orders as f64, f.count(r.orders as f64)),
                    ]
                })
                .collect(),
        };
        html! {
            <section class="report-section" aria-labelledby="geo-title">
                <h3 id="geo-title">{Msg::SectionGeography.text(lang)}</h3>
                <Figure testid="report-regions" title={Msg::ChartRegions.text(lang).to_owned()} alt={Msg::ChartRegionsAlt.text(lang).to_owned()}
                    drawing={draw::regions(&report, &f.currency, lang)} version={version_of(&report, lang, 14)}
                    table={Rc::new(table)} file_stem={file_stem.clone()} {lang} {printing} />
            </section>
        }
    });

    let comparison_text = match request.comparison {
        Comparison::PreviousPeriod => {
            i18n::format_date_range(report.previous.from, report.previous.to, lang)
        }
        Comparison::YearEarlier => {
            i18n::format_date_range(report.year_earlier.from, report.year_earlier.to, lang)
        }
    };
    html! {
        <section class="page report" aria-labelledby="report-title" data-testid="report"
            data-period-from={report.period.from.to_string()} data-period-to={report.period.to.to_string()}
            data-comparison={match report.request.comparison { Comparison::PreviousPeriod => "previous", Comparison::YearEarlier => "year" }}>
            <h2 id="report-title">{Msg::ReportTitle.text(lang)}{" · "}{&title}</h2>
            {selector}
            <p class="lead">
                {i18n::format_date_range(report.period.from, report.period.to, lang)}{" · "}
                {Msg::ReportComparedWith.text(lang).replace("{period}", &comparison_text)}{" · "}{dataset_name}
            </p>
            if report.data_range.0 > report.period.to || report.data_range.1 < report.period.from {
                <p class="notice warn" data-testid="report-partial">{Msg::ReportNoData.text(lang)
                    .replace("{from}", &i18n::format_date(report.data_range.0, lang))
                    .replace("{to}", &i18n::format_date(report.data_range.1, lang))}</p>
            } else if !covered {
                // Reviewed to date when the data ends inside the period (engine::report's
                // `to_date`); a period the data starts inside keeps whole comparisons.
                <p class="notice warn" data-testid="report-partial">{if report.data_range.1 < report.period.to {
                        Msg::ReportToDate
                    } else {
                        Msg::ReportPartial
                    }.text(lang)
                    .replace("{from}", &i18n::format_date(report.data_range.0.max(report.period.from), lang))
                    .replace("{to}", &i18n::format_date(report.data_range.1.min(report.period.to), lang))}</p>
            }
            {summary}
            {sales_section}
            {products_section}
            {customers_section}
            {channels_section}
            {for regions}
        </section>
    }
}

/// How many days without a sale make a slow mover.
fn slow_days_select(
    request: &ReportRequest,
    on_request: &Callback<ReportRequest>,
    lang: Lang,
) -> Html {
    let (request, on_request) = (request.clone(), on_request.clone());
    let current = request.slow_mover_days;
    html! {
        <label class="no-print">{Msg::SlowMoverDays.text(lang)}{" "}
            <select data-testid="report-slow-days" onchange={move |e: Event| {
                if let Some(days) = select_value(&e).and_then(|v| v.parse().ok()) {
                    on_request.emit(ReportRequest { slow_mover_days: days, ..request.clone() });
                }
            }}>
                {for [14u32, 30, 60, 90, 180].iter().map(|d| html! {
                    <option value={d.to_string()} selected={*d == current}>{Msg::DaysN.text(lang).replace("{n}", &d.to_string())}</option>
                })}
            </select>
        </label>
    }
}

/// Days of orders from which RFM segments describe a customer base (half a year).
const RFM_FULL_DAYS: i64 = 183;

/// Monday first.
fn weekday_names(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        Lang::Zh => ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
    }
}

/// Which of the demo store's tables the review left out beside the user's orders, and how to
/// bring the user's own.
fn demo_left_out_text(left_out: &DemoLeftOut, lang: Lang) -> String {
    let tables: Vec<&str> = [
        (left_out.traffic, TableKind::Traffic),
        (left_out.marketing, TableKind::Marketing),
    ]
    .into_iter()
    .filter(|(out, _)| *out)
    .map(|(_, kind)| i18n::table_kind_name(kind, lang))
    .collect();
    let list = match lang {
        Lang::En => match tables.as_slice() {
            [.., last] if tables.len() > 1 => {
                format!("{} and {last}", tables[..tables.len() - 1].join(", "))
            }
            _ => tables.join(""),
        },
        Lang::Zh => tables.join("、"),
    };
    Msg::ReportDemoLeftOut.text(lang).replace("{tables}", &list)
}
