//! `#/overview`: KPI cards of the last full month with 环比 and 同比, and the monthly GMV chart.
//!
//! Every figure comes from the engine's [`Overview`]; this page formats and draws it. Each KPI
//! element carries `data-testid` and `data-value` (the raw number) for tests and automation.

use std::rc::Rc;

use yew::prelude::*;

use super::chart::{ChartCanvas, DrawFn};
use super::kpi_card::{kpi_card, KPIS};
use crate::charts::{self, MonthlyComparison};
use crate::engine::kpi::{growth, Overview};
use crate::engine::DatasetView;
use crate::i18n::{self, Lang, Msg};

/// Properties of [`OverviewPage`].
#[derive(Properties, PartialEq)]
pub struct OverviewProps {
    /// The loaded dataset's view.
    pub view: Rc<DatasetView>,
    /// Interface language.
    pub lang: Lang,
}

/// The overview page.
#[function_component(OverviewPage)]
pub fn overview_page(props: &OverviewProps) -> Html {
    let lang = props.lang;
    let Some(overview) = props.view.overview.as_ref() else {
        return html! { <section class="page"><p class="notice">{Msg::NoOrders.text(lang)}</p></section> };
    };
    let currency = &props.view.currency;
    let month = i18n::format_month(overview.month, lang);
    let cards = KPIS.iter().filter(|spec| spec.on_overview).map(|spec| {
        kpi_card(
            spec,
            "kpi",
            &overview.current,
            overview.previous_month.as_ref(),
            Msg::Mom,
            overview.year_ago.as_ref(),
            currency,
            lang,
        )
    });
    let guests = overview.current.lines_without_customer;
    html! {
        <section class="page" aria-labelledby="overview-title">
            <h2 id="overview-title">{Msg::OverviewTitle.text(lang)}{" · "}{&month}</h2>
            <p class="lead">{Msg::OverviewLead.text(lang).replace("{month}", &month)}</p>
            <div class="kpi-grid">{for cards}</div>
            if guests > 0 {
                <p class="muted small" data-testid="guest-lines" data-value={guests.to_string()}>
                    {Msg::GuestLines.text(lang).replace("{n}", &i18n::format_number(guests as f64, 0))}
                </p>
            }
            <MonthlyGmv overview={Rc::new(overview.clone())} currency={currency.clone()} {lang} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MonthlyGmvProps {
    overview: Rc<Overview>,
    currency: String,
    lang: Lang,
}

/// The monthly GMV chart with last year's line, and its data table.
#[function_component(MonthlyGmv)]
fn monthly_gmv(props: &MonthlyGmvProps) -> Html {
    let lang = props.lang;
    let show_table = use_state(|| false);
    let points = &props.overview.monthly;
    let draw = {
        let labels: Vec<String> = points
            .iter()
            .map(|p| i18n::format_month_short(p.month, lang))
            .collect();
        let values: Vec<f64> = points.iter().map(|p| p.gmv).collect();
        let year_ago: Vec<Option<f64>> = points.iter().map(|p| p.gmv_year_ago).collect();
        let money = super::axis_money(&props.currency, lang);
        let draw: DrawFn = Rc::new(move |area: &_, scale: f64| {
            let chart = MonthlyComparison {
                title: Msg::ChartMonthlyGmv.text(lang),
                labels: &labels,
                values: &values,
                year_ago: &year_ago,
                series_names: (
                    Msg::SeriesThisYear.text(lang),
                    Msg::SeriesYearAgo.text(lang),
                ),
                format_y: &money,
                scale,
            };
            if let Err(e) = charts::draw_monthly_comparison(area, &chart) {
                gloo::console::error!(format!("chart: {e}"));
            }
        });
        draw
    };
    // Redraw when the data or the language changes.
    let version = points.iter().fold(lang as u64, |h, p| {
        h.wrapping_mul(31).wrapping_add(p.gmv.to_bits())
    });
    let toggle = {
        let show_table = show_table.clone();
        Callback::from(move |_| show_table.set(!*show_table))
    };
    let currency = &props.currency;
    html! {
        <figure class="chart-card">
            <ChartCanvas testid="chart-monthly-gmv" alt={Msg::ChartAlt.text(lang)} {version} {draw} />
            <button class="link" aria-expanded={show_table.to_string()} aria-controls="monthly-gmv-table" onclick={toggle}
                data-testid="toggle-table">
                {if *show_table { Msg::HideTable.text(lang) } else { Msg::ShowTable.text(lang) }}
            </button>
            if *show_table {
                <table id="monthly-gmv-table" data-testid="table-monthly-gmv">
                    <caption>{Msg::ChartMonthlyGmv.text(lang)}</caption>
                    <thead><tr>
                        <th scope="col">{Msg::ColMonth.text(lang)}</th>
                        <th scope="col">{Msg::ColGmv.text(lang)}</th>
                        <th scope="col">{Msg::ColGmvYearAgo.text(lang)}</th>
                        <th scope="col">{Msg::ColGrowth.text(lang)}</th>
                    </tr></thead>
                    <tbody>
                    { for points.iter().map(|p| html! {
                        <tr>
                            <th scope="row">{i18n::format_month(p.month, lang)}</th>
                            <td data-value={p.gmv.to_string()}>{i18n::format_money(p.gmv, currency)}</td>
                            <td>{p.gmv_year_ago.map_or("–".to_owned(), |v| i18n::format_money(v, currency))}</td>
                            <td>{growth(p.gmv, p.gmv_year_ago).map_or("–".to_owned(), i18n::format_change)}</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
        </figure>
    }
}
