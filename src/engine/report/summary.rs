//! The written conclusions (自动复盘结论): findings drawn from the report's numbers, each tied to
//! the figure it comes from. The engine states the findings with their numbers; `i18n` writes
//! them as sentences in either language, so no number in the text is anything but a computed
//! one.

use serde::{Deserialize, Serialize};

use super::Report;

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Sentence {}

/// The findings of a report, most important first.
pub fn sentences(report: &Report) -> Vec<Sentence> {
    let _ = report;
    Vec::new()
}
