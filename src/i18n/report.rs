//! The operations review's words: segment names and actions, and the written conclusions.
//! Each [`Sentence`] of the engine becomes one sentence here, in either language, with the
//! numbers it carries formatted and nothing added.

use chrono::Datelike;

use super::{
    format_change, format_date, format_money, format_month, format_number, format_percent, Lang,
};
use crate::engine::kpi::YearMonth;
use crate::engine::report::customers::Segment;
use crate::engine::report::sales::Granularity;
use crate::engine::report::summary::Sentence;
use crate::engine::report::Comparison;

/// The name of an RFM segment.
pub fn segment_name(segment: Segment, lang: Lang) -> &'static str {
    use Segment::*;
    match (segment, lang) {
        (Champions, Lang::En) => "Champions",
        (Champions, Lang::Zh) => "重要价值客户",
        (Loyal, Lang::En) => "Loyal",
        (Loyal, Lang::Zh) => "重要保持客户",
        (Potential, Lang::En) => "Potential",
        (Potential, Lang::Zh) => "重要发展客户",
        (New, Lang::En) => "New",
        (New, Lang::Zh) => "新客户",
        (AtRisk, Lang::En) => "At risk",
        (AtRisk, Lang::Zh) => "重要挽留客户",
        (Hibernating, Lang::En) => "Hibernating",
        (Hibernating, Lang::Zh) => "一般维持客户",
        (Lost, Lang::En) => "Lost",
        (Lost, Lang::Zh) => "流失客户",
    }
}

/// What to do with an RFM segment (the course material's suggestions: VIP service for high
/// value, re-activation for the dormant).
pub fn segment_action(segment: Segment, lang: Lang) -> &'static str {
    use Segment::*;
    match (segment, lang) {
        (Champions, Lang::En) => "VIP service and early access; ask for reviews and referrals.",
        (Champions, Lang::Zh) => "提供VIP专属服务和新品优先体验，邀请评价和推荐。",
        (Loyal, Lang::En) => "Membership perks and bundles to raise their spend further.",
        (Loyal, Lang::Zh) => "会员权益与组合套装，进一步提升客单价。",
        (Potential, Lang::En) => {
            "Recommend related products and a membership offer to make them regulars."
        }
        (Potential, Lang::Zh) => "推荐关联商品并引导入会，培养为常客。",
        (New, Lang::En) => {
            "A welcome series and a second-order coupon within the repurchase cycle."
        }
        (New, Lang::Zh) => "发送新客欢迎礼，在复购周期内推送第二单优惠券。",
        (AtRisk, Lang::En) => "Re-activation now: a personal message and a limited-time offer.",
        (AtRisk, Lang::Zh) => "立即挽回：一对一触达并发放限时专属优惠。",
        (Hibernating, Lang::En) => "Low-cost reminders in sales campaigns; do not over-discount.",
        (Hibernating, Lang::Zh) => "在大促期间低成本唤醒，避免过度让利。",
        (Lost, Lang::En) => "A last win-back mail; otherwise leave them out of paid campaigns.",
        (Lost, Lang::Zh) => "最后一次召回邮件/短信，之后不再投入付费营销。",
    }
}

/// A trend step's first day as text: the day, "week of …", or the month.
pub fn step_label(start: chrono::NaiveDate, granularity: Granularity, lang: Lang) -> String {
    match (granularity, lang) {
        (Granularity::Day, _) => format_date(start, lang),
        (Granularity::Week, Lang::En) => format!("the week of {}", format_date(start, lang)),
        (Granularity::Week, Lang::Zh) => format!("{}当周", format_date(start, lang)),
        (Granularity::Month, _) => format_month(
            YearMonth {
                year: start.year(),
                month: start.month(),
            },
            lang,
        ),
    }
}

fn comparison_name(comparison: Comparison, lang: Lang) -> &'static str {
    match (comparison, lang) {
        (Comparison::PreviousPeriod, Lang::En) => "the period before",
        (Comparison::PreviousPeriod, Lang::Zh) => "上期",
        (Comparison::YearEarlier, Lang::En) => "the same period a year earlier",
        (Comparison::YearEarlier, Lang::Zh) => "去年同期",
    }
}

/// Whether a change reads as none at the one decimal shown (|change| < 0.05 %).
fn unchanged(change: f64) -> bool {
    change.abs() < 0.0005
}

/// "rose 5.2%" / "fell 3.0%" / "held steady" / "增长5.2%" / "下降3.0%" / "持平".
fn moved(change: f64, lang: Lang) -> String {
    if unchanged(change) {
        return match lang {
            Lang::En => "held steady".into(),
            Lang::Zh => "持平".into(),
        };
    }
    let size = format_percent(change.abs());
    match (change >= 0.0, lang) {
        (true, Lang::En) => format!("rose {size}"),
        (false, Lang::En) => format!("fell {size}"),
        (true, Lang::Zh) => format!("增长{size}"),
        (false, Lang::Zh) => format!("下降{size}"),
    }
}

/// One conclusion as a sentence.
pub fn sentence_text(sentence: &Sentence, lang: Lang, currency: &str) -> String {
    let money = |v: f64| format_money(v, currency);
    match (sentence, lang) {
        (Sentence::Gmv { gmv, change: Some(c), comparison }, Lang::En) if unchanged(*c) => format!(
            "GMV was {}, level with {}.",
            money(*gmv),
            comparison_name(*comparison, lang)
        ),
        (Sentence::Gmv { gmv, change: Some(c), comparison }, Lang::En) => format!(
            "GMV was {}, {} {} on {}.",
            money(*gmv),
            if *c >= 0.0 { "up" } else { "down" },
            format_percent(c.abs()),
            comparison_name(*comparison, lang)
        ),
        (Sentence::Gmv { gmv, change: Some(c), comparison }, Lang::Zh) => format!(
            "成交额为{}，较{}{}。",
            money(*gmv),
            comparison_name(*comparison, lang),
            moved(*c, lang)
        ),
        (Sentence::Gmv { gmv, change: None, .. }, Lang::En) => {
            format!("GMV was {}; the data does not reach the comparison period.", money(*gmv))
        }
        (Sentence::Gmv { gmv, change: None, .. }, Lang::Zh) => {
            format!("成交额为{}；数据未覆盖对比期，无法比较。", money(*gmv))
        }
        (Sentence::Drivers { orders_change, aov_change }, Lang::En) => format!(
            "Orders {} and average order value {}, so GMV moved mainly with {}.",
            moved(*orders_change, lang),
            moved(*aov_change, lang),
            if orders_change.abs() >= aov_change.abs() { "the number of orders" } else { "the size of orders" }
        ),
        (Sentence::Drivers { orders_change, aov_change }, Lang::Zh) => format!(
            "订单数{}，平均订单价值{}，成交额的变化主要来自{}。",
            moved(*orders_change, lang),
            moved(*aov_change, lang),
            if orders_change.abs() >= aov_change.abs() { "订单数量" } else { "订单金额" }
        ),
        (Sentence::Peak { start, granularity, gmv, times_median }, Lang::En) => format!(
            "The peak was {} with {}, {}× a typical {}.",
            step_label(*start, *granularity, lang),
            money(*gmv),
            format_number(*times_median, 1),
            match granularity {
                Granularity::Day => "day",
                Granularity::Week => "week",
                Granularity::Month => "month",
            }
        ),
        (Sentence::Peak { start, granularity, gmv, times_median }, Lang::Zh) => format!(
            "峰值出现在{}，成交额{}，是平常{}的{}倍。",
            step_label(*start, *granularity, lang),
            money(*gmv),
            match granularity {
                Granularity::Day => "单日",
                Granularity::Week => "单周",
                Granularity::Month => "单月",
            },
            format_number(*times_median, 1)
        ),
        (Sentence::TopProduct { name, share, a_skus, a_share, skus }, Lang::En) => format!(
            "The top product by GMV, {}, brought {} of the goods' GMV; {} of the {} products sold (class A) made {} of it.",
            name.en,
            format_percent(*share),
            format_number(*a_skus as f64, 0),
            format_number(*skus as f64, 0),
            format_percent(*a_share)
        ),
        (Sentence::TopProduct { name, share, a_skus, a_share, skus }, Lang::Zh) => format!(
            "成交额最高的商品“{}”贡献了商品成交额的{}；在售{}个商品中，{}个A类商品贡献了其中的{}。",
            name.zh,
            format_percent(*share),
            format_number(*skus as f64, 0),
            format_number(*a_skus as f64, 0),
            format_percent(*a_share)
        ),
        (Sentence::Categories { rising, falling }, Lang::En) => {
            let up = rising.as_ref().map(|(c, g)| format!("{} grew most ({})", c.en, format_change(*g)));
            let down = falling.as_ref().map(|(c, g)| format!("{} fell most ({})", c.en, format_change(*g)));
            let parts: Vec<String> = [up, down].into_iter().flatten().collect();
            format!("Among categories, {}.", parts.join(" and "))
        }
        (Sentence::Categories { rising, falling }, Lang::Zh) => {
            let up = rising.as_ref().map(|(c, g)| format!("“{}”增长最快（{}）", c.zh, format_change(*g)));
            let down = falling.as_ref().map(|(c, g)| format!("“{}”下滑最多（{}）", c.zh, format_change(*g)));
            let parts: Vec<String> = [up, down].into_iter().flatten().collect();
            format!("品类方面，{}。", parts.join("，"))
        }
        (Sentence::Customers { new_buyers, new_share, new_revenue_share, repurchase_rate }, Lang::En) => {
            let repurchase = repurchase_rate
                .map(|r| format!("; {} of buyers ordered more than once", format_percent(r)))
                .unwrap_or_default();
            format!(
                "{} new buyers ({} of buyers) brought {} of the buyers' GMV{repurchase}.",
                format_number(*new_buyers as f64, 0),
                format_percent(*new_share),
                format_percent(*new_revenue_share)
            )
        }
        (Sentence::Customers { new_buyers, new_share, new_revenue_share, repurchase_rate }, Lang::Zh) => {
            let repurchase = repurchase_rate
                .map(|r| format!("；复购率为{}", format_percent(r)))
                .unwrap_or_default();
            format!(
                "新客{}人（占买家{}），贡献了买家成交额的{}{repurchase}。",
                format_number(*new_buyers as f64, 0),
                format_percent(*new_share),
                format_percent(*new_revenue_share)
            )
        }
        (Sentence::AtRisk { buyers, revenue_share }, Lang::En) => format!(
            "{} valuable buyers have not ordered lately (at risk) and hold {} of revenue: worth a re-activation campaign now.",
            format_number(*buyers as f64, 0),
            format_percent(*revenue_share)
        ),
        (Sentence::AtRisk { buyers, revenue_share }, Lang::Zh) => format!(
            "{}位重要挽留客户近期未下单，其成交额占比{}，建议立即开展召回活动。",
            format_number(*buyers as f64, 0),
            format_percent(*revenue_share)
        ),
        (Sentence::Returns { return_rate, product }, Lang::En) => {
            let top = product
                .as_ref()
                .map(|(p, v)| format!("; the most returned product was {} ({})", p.en, money(*v)))
                .unwrap_or_default();
            format!("The return rate was {}{top}.", format_percent(*return_rate))
        }
        (Sentence::Returns { return_rate, product }, Lang::Zh) => {
            let top = product
                .as_ref()
                .map(|(p, v)| format!("；退款额最高的商品是“{}”（{}）", p.zh, money(*v)))
                .unwrap_or_default();
            format!("退货率为{}{top}。", format_percent(*return_rate))
        }
        (Sentence::Marketing { roas, best, worst }, Lang::En) => format!(
            "Each 1 spent on marketing brought {} of attributed revenue (ROAS); {} returned most ({}) and {} least ({}): move budget towards the former.",
            format_number(*roas, 2),
            super::data_label(&best.0, Lang::En),
            format_number(best.1, 2),
            super::data_label(&worst.0, Lang::En),
            format_number(worst.1, 2)
        ),
        (Sentence::Marketing { roas, best, worst }, Lang::Zh) => format!(
            "推广投入产出比（ROAS）为{}；“{}”最高（{}），“{}”最低（{}），建议将预算向前者倾斜。",
            format_number(*roas, 2),
            super::data_label(&best.0, Lang::Zh),
            format_number(best.1, 2),
            super::data_label(&worst.0, Lang::Zh),
            format_number(worst.1, 2)
        ),
        (Sentence::Conversion { rate, before: Some(b) }, Lang::En) => format!(
            "Conversion was {} against {} before.",
            format_percent(*rate),
            format_percent(*b)
        ),
        (Sentence::Conversion { rate, before: Some(b) }, Lang::Zh) => format!(
            "转化率为{}，对比期为{}。",
            format_percent(*rate),
            format_percent(*b)
        ),
        (Sentence::Conversion { rate, before: None }, Lang::En) => {
            format!("Conversion was {}.", format_percent(*rate))
        }
        (Sentence::Conversion { rate, before: None }, Lang::Zh) => {
            format!("转化率为{}。", format_percent(*rate))
        }
    }
}
