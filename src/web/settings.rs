//! Every page's settings in one serialisable struct: kept in local storage after each change
//! (restored on reload), written into course packs, and — one page's part — encoded in a share
//! link's hash (`#/budget?s=…`), so a link reproduces a what-if on the same dataset or on the
//! demo store.
//!
//! Settings are applied to whatever dataset is loaded: each page already falls back to its
//! defaults for what the dataset lacks (a SKU it does not sell, a channel count that differs).

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::app::{Route, State};
use super::budget::{BudgetState, SavedScenario};
use super::funnel::{FunnelLevers, FunnelState};
use super::inventory::{InventoryLevers, InventoryState};
use super::pricing::{PricingLevers, PricingState, SavedPromotion};
use crate::engine::report::ReportRequest;
use crate::engine::sim::budget::{AssumedChannel, Levers};

/// The budget page's settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BudgetSettings {
    /// The levers, when the user changed them.
    pub levers: Option<Levers>,
    /// Saved scenarios.
    pub saved: Vec<SavedScenario>,
    /// Channels typed by hand.
    pub assumed: Vec<AssumedChannel>,
    /// Every channel fitted to the shop's revenue, not to the platforms' attribution.
    pub revenue_only: bool,
}

/// The pricing page's settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PricingSettings {
    /// The levers, when the user changed them.
    pub levers: Option<PricingLevers>,
    /// Saved promotions.
    pub saved: Vec<SavedPromotion>,
}

/// Every page's settings. A missing part keeps the page's defaults.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The page to open (a pack's starting page, a link's page), as its hash (`#/budget`).
    pub page: Option<String>,
    /// What the review covers.
    pub report: Option<ReportRequest>,
    /// The budget page.
    pub budget: Option<BudgetSettings>,
    /// The pricing page.
    pub pricing: Option<PricingSettings>,
    /// The inventory page.
    pub inventory: Option<InventoryLevers>,
    /// The funnel page.
    pub funnel: Option<FunnelLevers>,
}

/// The part of the hash that carries a share link's settings.
pub const HASH_PARAM: &str = "s";

impl Settings {
    /// The settings the app holds now (levers set for an earlier dataset are not settings of
    /// this one and are left out).
    pub fn of(state: &State) -> Self {
        let version = state.dataset_version;
        fn current<T: Clone>(levers: &Option<(u64, T)>, version: u64) -> Option<(u64, T)> {
            levers.clone().filter(|(v, _)| *v == version)
        }
        let budget = BudgetSettings {
            levers: current(&state.budget.levers, version).map(|(_, l)| l),
            saved: state.budget.saved.clone(),
            assumed: state.budget.assumed.clone(),
            revenue_only: state.budget.revenue_only,
        };
        let pricing = PricingSettings {
            levers: current(&state.pricing.levers, version).map(|(_, l)| l),
            saved: state.pricing.saved.clone(),
        };
        Self {
            page: Some(state.route.hash().to_owned()),
            report: state.report_request.clone(),
            budget: (budget != BudgetSettings::default()).then_some(budget),
            pricing: (pricing != PricingSettings::default()).then_some(pricing),
            inventory: current(&state.inventory.levers, version).map(|(_, l)| l),
            funnel: current(&state.funnel.levers, version).map(|(_, l)| l),
        }
    }

    /// Only what `route`'s page uses: a share link carries one what-if, not the whole session
    /// (and no saved scenarios, which belong to the person who saved them).
    pub fn only(&self, route: Route) -> Self {
        let mut part = Settings {
            page: Some(route.hash().to_owned()),
            ..Settings::default()
        };
        match route {
            Route::Report => part.report = self.report.clone(),
            Route::Budget => {
                part.budget = self.budget.as_ref().map(|b| BudgetSettings {
                    levers: b.levers.clone(),
                    saved: Vec::new(),
                    assumed: b.assumed.clone(),
                    revenue_only: b.revenue_only,
                })
            }
            Route::Pricing => {
                part.pricing = self.pricing.as_ref().map(|p| PricingSettings {
                    levers: p.levers.clone(),
                    saved: Vec::new(),
                })
            }
            Route::Inventory => part.inventory = self.inventory.clone(),
            Route::Funnel => part.funnel = self.funnel.clone(),
            Route::Overview | Route::Data => {}
        }
        part
    }

    /// Applies the settings to `state`, the levers bound to its current dataset. Parts that are
    /// missing leave the page as it is.
    pub fn apply(self, state: &mut State) {
        let version = state.dataset_version;
        if let Some(report) = self.report {
            state.report_request = Some(report);
        }
        if let Some(b) = self.budget {
            state.budget = BudgetState {
                levers: b.levers.map(|l| (version, l)),
                saved: b.saved,
                assumed: b.assumed,
                revenue_only: b.revenue_only,
            };
        }
        if let Some(p) = self.pricing {
            state.pricing = PricingState {
                levers: p.levers.map(|l| (version, l)),
                saved: p.saved,
            };
        }
        if let Some(levers) = self.inventory {
            state.inventory = InventoryState {
                levers: Some((version, levers)),
            };
        }
        if let Some(levers) = self.funnel {
            state.funnel = FunnelState {
                levers: Some((version, levers)),
            };
        }
    }

    /// Replaces each part `other` has (a share link or a pack over the settings kept).
    pub fn overlay(&mut self, other: Settings) {
        if other.page.is_some() {
            self.page = other.page;
        }
        if other.report.is_some() {
            self.report = other.report;
        }
        if other.budget.is_some() {
            self.budget = other.budget;
        }
        if other.pricing.is_some() {
            self.pricing = other.pricing;
        }
        if other.inventory.is_some() {
            self.inventory = other.inventory;
        }
        if other.funnel.is_some() {
            self.funnel = other.funnel;
        }
    }

    /// The settings as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Settings from JSON text; `None` when it is not settings this build can read (empty text
    /// is the defaults).
    pub fn from_json(json: &str) -> Option<Self> {
        if json.trim().is_empty() {
            return Some(Self::default());
        }
        serde_json::from_str(json).ok()
    }

    /// The settings as a share link's parameter: JSON in URL-safe base64.
    pub fn to_param(&self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.to_json())
    }

    /// Settings from a share link's parameter; `None` when it is damaged.
    pub fn from_param(param: &str) -> Option<Self> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(param.trim())
            .ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// The settings a hash carries (`#/page?s=…`), if any, and whether they could be read.
pub fn from_hash(hash: &str) -> Option<Result<Settings, ()>> {
    let (_, query) = hash.split_once('?')?;
    let param = query
        .split('&')
        .find_map(|pair| pair.strip_prefix(HASH_PARAM)?.strip_prefix('='))?;
    Some(Settings::from_param(param).ok_or(()))
}
