//! Saved work in one format: the course pack (课程包) an instructor hands to a class, and the
//! copy of the workspace the browser keeps so that a reload loses nothing.
//!
//! A [`Pack`] holds the demo store's seed (when the demo is loaded; the demo is generated
//! again, not stored), every imported file as its parsed table with its import report, the
//! pages' settings (JSON text the app writes and reads; the engine only carries it), and a
//! title and instructions for the class.
//!
//! Two encodings of the same struct:
//! - the **pack file** (`.shoplab`): JSON, gzip-compressed when the app writes it (a plain JSON
//!   file, as an instructor may write by hand, is read as well). JSON so that a pack can be
//!   read and checked with any tool; gzip because the columns of half a million order lines
//!   are 30 MB of digits that compress about sixfold.
//! - the **saved workspace** (IndexedDB): a magic tag, the format version and bincode: several
//!   times faster to write and read than JSON, and never seen by a person.
//!
//! Both carry [`VERSION`]. A pack from a newer Shoplab is refused with its version, never half
//! read; a damaged one (truncated, not JSON, values out of range, columns that disagree) is
//! refused with what is wrong and where, and the workspace stays as it was.

use std::io::Read;

use serde::{Deserialize, Serialize};

use super::ingest::{ImportReport, ImportedTable};

/// The `format` field every pack carries.
pub const FORMAT: &str = "shoplab-pack";

/// The pack format's version. Raise it when the layout changes, and read the older layouts
/// explicitly.
///
/// - 1: the first.
/// - 2: each skip group of an import report keeps examples of the values it skipped
///   (`SkipGroup::examples`). A version-1 pack file (JSON) reads as is, the examples empty; a
///   version-1 saved workspace (bincode, no field names) is read with the old layout of a
///   skip group (see [`reading_layout_1`]).
pub const VERSION: u32 = 2;

thread_local! {
    /// Set while a saved workspace of layout 1 is decoded.
    static LAYOUT_1: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a saved workspace of layout 1 is being decoded on this thread: the types whose
/// layout changed since read their old layout then.
pub(crate) fn reading_layout_1() -> bool {
    LAYOUT_1.with(std::cell::Cell::get)
}

/// A pack file's extension.
pub const EXTENSION: &str = "shoplab";

/// The largest pack read, once uncompressed (a browser tab's memory is the real limit; this
/// keeps a decompression bomb from reaching it).
pub const MAX_JSON_BYTES: u64 = 1 << 30;

/// What a saved workspace starts with.
const SNAPSHOT_MAGIC: &[u8; 8] = b"SHOPLABW";

/// Saved work: the data and the settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pack {
    /// Always [`FORMAT`].
    pub format: String,
    /// The layout's version, [`VERSION`] when written by this build.
    pub version: u32,
    /// The exercise's title (empty for a saved workspace).
    #[serde(default)]
    pub title: String,
    /// What the class is asked to do (plain text).
    #[serde(default)]
    pub instructions: String,
    /// The demo store's seed, when the demo is loaded.
    #[serde(default)]
    pub demo_seed: Option<u64>,
    /// The imported files, in the order they were added.
    #[serde(default)]
    pub files: Vec<PackFile>,
    /// The pages' settings, as JSON text written by the app (empty: the defaults).
    #[serde(default)]
    pub settings: String,
}

/// One imported file in a pack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackFile {
    /// The page's id for the file.
    pub id: u32,
    /// The file's name.
    pub name: String,
    /// The currency its import found, if any.
    pub currency: Option<String>,
    /// Its table, as parsed.
    pub table: ImportedTable,
    /// What its import found and did (shown again on the data page).
    pub report: ImportReport,
}

/// Why a pack or a saved workspace could not be read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PackError {
    /// The file is empty.
    Empty,
    /// The file is not a Shoplab pack (not JSON, or JSON without `"format": "shoplab-pack"`).
    NotAPack,
    /// The file ends too early (an interrupted download or copy).
    Truncated,
    /// Written by a newer Shoplab.
    Newer {
        /// The pack's version.
        version: u32,
    },
    /// A version this build does not know.
    UnknownVersion {
        /// The pack's version.
        version: u32,
    },
    /// Larger than [`MAX_JSON_BYTES`] once uncompressed.
    TooLarge,
    /// Packs are read and written by the import worker, which could not start.
    Unavailable,
    /// The browser could not read the file.
    Unreadable {
        /// The browser's reason.
        message: String,
    },
    /// The content is damaged: what is wrong and, for JSON, where.
    Damaged {
        /// What the reader found.
        detail: String,
        /// The line (1-based) in the JSON text, when known.
        line: Option<u64>,
        /// The column (1-based), when known.
        column: Option<u64>,
    },
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackError::Empty => write!(f, "empty file"),
            PackError::NotAPack => write!(f, "not a Shoplab pack"),
            PackError::Truncated => write!(f, "the file ends too early"),
            PackError::Newer { version } => {
                write!(f, "made by a newer Shoplab (version {version})")
            }
            PackError::UnknownVersion { version } => write!(f, "unknown version {version}"),
            PackError::TooLarge => write!(f, "larger than {MAX_JSON_BYTES} bytes uncompressed"),
            PackError::Unavailable => write!(f, "the import worker is not available"),
            PackError::Unreadable { message } => write!(f, "the file could not be read: {message}"),
            PackError::Damaged {
                detail,
                line,
                column,
            } => match (line, column) {
                (Some(l), Some(c)) => write!(f, "damaged at line {l}, column {c}: {detail}"),
                _ => write!(f, "damaged: {detail}"),
            },
        }
    }
}

impl Pack {
    /// An empty pack of this version.
    pub fn new() -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            title: String::new(),
            instructions: String::new(),
            demo_seed: None,
            files: Vec::new(),
            settings: String::new(),
        }
    }
}

impl Default for Pack {
    fn default() -> Self {
        Self::new()
    }
}

/// The format and version, read before the rest so that a newer pack is refused by its version
/// rather than by the first field this build does not know.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u32>,
}

fn check_version(version: u32) -> Result<(), PackError> {
    match version {
        1..=VERSION => Ok(()),
        v if v > VERSION => Err(PackError::Newer { version: v }),
        v => Err(PackError::UnknownVersion { version: v }),
    }
}

fn json_error(e: &serde_json::Error) -> PackError {
    if e.is_eof() {
        return PackError::Truncated;
    }
    PackError::Damaged {
        detail: e.to_string(),
        line: Some(e.line() as u64),
        column: Some(e.column() as u64),
    }
}

/// The pack file: gzip-compressed JSON.
pub fn to_file(pack: &Pack) -> Vec<u8> {
    let json = serde_json::to_vec(pack).unwrap_or_default();
    // Level 1: on 30 MB of digits it compresses almost as well as the default and several
    // times faster (an export of the Online Retail pack stays under a second in the browser).
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let written = std::io::Write::write_all(&mut encoder, &json);
    match (written, encoder.finish()) {
        (Ok(()), Ok(bytes)) => bytes,
        // Writing to memory does not fail; should it, the uncompressed JSON is a valid pack.
        _ => json,
    }
}

/// Reads a pack file: gzip-compressed or plain JSON.
pub fn from_file(bytes: &[u8]) -> Result<Pack, PackError> {
    if bytes.is_empty() {
        return Err(PackError::Empty);
    }
    let inflated;
    let json: &[u8] = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        let mut decoder = flate2::read::GzDecoder::new(bytes).take(MAX_JSON_BYTES + 1);
        match decoder.read_to_end(&mut out) {
            Ok(_) if out.len() as u64 > MAX_JSON_BYTES => return Err(PackError::TooLarge),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Err(PackError::Truncated)
            }
            Err(e) => {
                return Err(PackError::Damaged {
                    detail: format!("the compressed data is damaged ({e})"),
                    line: None,
                    column: None,
                })
            }
        }
        inflated = out;
        &inflated
    } else {
        if bytes.len() as u64 > MAX_JSON_BYTES {
            return Err(PackError::TooLarge);
        }
        bytes
    };
    let text = json.trim_ascii_start();
    if !text.starts_with(b"{") {
        return Err(PackError::NotAPack);
    }
    let header: Header = serde_json::from_slice(text).map_err(|e| match json_error(&e) {
        PackError::Damaged { .. } if e.is_syntax() && e.line() == 1 && e.column() <= 2 => {
            PackError::NotAPack
        }
        other => other,
    })?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(PackError::NotAPack);
    }
    check_version(header.version.unwrap_or(0))?;
    let pack: Pack = serde_json::from_slice(text).map_err(|e| json_error(&e))?;
    Ok(pack)
}

/// The saved workspace: tag, version, bincode.
pub fn to_snapshot(pack: &Pack) -> Vec<u8> {
    // Sized first (a walk without writing): grown by doubling, the buffer of an Online Retail
    // workspace (~20 MB) was copied a dozen times, half of the snapshot's time in the browser.
    let size = bincode::serialized_size(pack).unwrap_or(0) as usize;
    let mut out = Vec::with_capacity(SNAPSHOT_MAGIC.len() + 4 + size);
    out.extend_from_slice(SNAPSHOT_MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    // Serialising to memory fails only for types bincode cannot write, which a Pack has none of.
    if bincode::serialize_into(&mut out, pack).is_err() {
        out.truncate(SNAPSHOT_MAGIC.len());
    }
    out
}

/// Reads a saved workspace.
pub fn from_snapshot(bytes: &[u8]) -> Result<Pack, PackError> {
    if bytes.is_empty() {
        return Err(PackError::Empty);
    }
    let Some(rest) = bytes.strip_prefix(SNAPSHOT_MAGIC) else {
        return Err(PackError::NotAPack);
    };
    let Some((version, body)) = rest.split_first_chunk::<4>() else {
        return Err(PackError::Truncated);
    };
    let version = u32::from_le_bytes(*version);
    check_version(version)?;
    // bincode preallocates at most a bounded number of elements per length it reads, so a
    // damaged length runs out of input instead of asking for gigabytes.
    LAYOUT_1.with(|l| l.set(version == 1));
    let read = bincode::deserialize(body);
    LAYOUT_1.with(|l| l.set(false));
    read.map_err(|e| match *e {
        bincode::ErrorKind::Io(ref io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            PackError::Truncated
        }
        other => PackError::Damaged {
            detail: other.to_string(),
            line: None,
            column: None,
        },
    })
}

/// The course packs shipped with the app, built from the demo store: their file names and
/// contents. `static/packs/` holds them as written by `cargo run --example make_packs`, and a
/// test checks the files are what this builds.
///
/// - "Plan the Singles' Day budget": the budget page with the demo store's fitted channels and
///   a November push of 1.5× today's weekly spend, to split for the most profit.
/// - "Fix the checkout step": the funnel page, with an A/B test of a one-page checkout to read
///   (4,000 carts per arm: 2,480 paid against 2,600).
pub fn example_packs() -> Vec<(&'static str, Pack)> {
    use super::sim::budget::{self, fit::FitOptions, Goal, Levers};
    let demo = super::demo::generate(super::demo::DEFAULT_SEED);
    let budget_levers = budget::model(&demo.dataset, &FitOptions::default()).map(|model| {
        let mut levers = Levers::default_for(&model, None);
        levers.goal = Goal::MaxProfit;
        levers.budget *= 1.5;
        levers.set_multiples(&model, 0.5, 3.0);
        levers
    });
    let budget_settings = serde_json::json!({
        "page": "#/budget",
        "budget": { "levers": budget_levers },
    });
    let funnel_settings = serde_json::json!({
        "page": "#/funnel",
        "funnel": {
            "arms": [
                { "visitors": 4000, "conversions": 2480 },
                { "visitors": 4000, "conversions": 2600 }
            ],
            "use_plan": false
        },
    });
    let pack = |title: &str, instructions: &str, settings: serde_json::Value| Pack {
        title: title.to_owned(),
        instructions: instructions.to_owned(),
        demo_seed: Some(super::demo::DEFAULT_SEED),
        settings: settings.to_string(),
        ..Pack::new()
    };
    vec![
        (
            "singles-day-budget.shoplab",
            pack(
                "Plan the Singles' Day budget · 规划双十一预算",
                "The shop plans to spend 1.5× its usual weekly budget in the weeks before 11.11. \
                 On the budget page: (1) check which channels' curves you can trust (R², the \
                 spend range seen); (2) find the split with the most gross profit: how much of \
                 the budget is worth spending, and how far it moves from today's split; (3) lock \
                 the channel you cannot change this month and see what that costs; (4) save two \
                 scenarios and compare them.\n\
                 店铺计划在双十一前几周投入平时 1.5 倍的周预算。在预算分配页：(1) 判断哪些渠道的\
                 响应曲线可信（R²、已观察到的花费范围）；(2) 以毛利最大为目标分配：预算中有多少\
                 值得花，与当前分配相比有何变化；(3) 锁定本月无法调整的渠道，看看代价多大；\
                 (4) 保存两个方案并对比。",
                budget_settings,
            ),
        ),
        (
            "fix-the-checkout.shoplab",
            pack(
                "Fix the checkout step · 修复结账环节",
                "On the funnel page: (1) find the step that loses the most revenue and the one \
                 furthest below the shop's best channel or month; (2) size an A/B test for a 10% \
                 lift of that step's rate — how many days at the shop's traffic?; (3) the team \
                 already ran a one-page checkout test (4,000 carts per arm, 2,480 against 2,600 \
                 paid): read it — lift, p-value, the chance that B is better — and decide.\n\
                 在转化漏斗页：(1) 找出损失收入最多的环节，以及与最佳渠道或最佳月份差距最大的环节；\
                 (2) 为该环节转化率提升 10% 设计 A/B 测试：按店铺流量需要多少天？(3) 团队已完成\
                 一页式结账测试（每组 4,000 个加购，支付 2,480 对 2,600）：解读结果——提升幅度、\
                 p 值、B 更优的概率——并做出决定。",
                funnel_settings,
            ),
        ),
    ]
}

/// A shipped pack's file: pretty-printed JSON, not compressed, so an instructor can read it
/// as an example of the format.
pub fn to_readable_file(pack: &Pack) -> Vec<u8> {
    let mut json = serde_json::to_vec_pretty(pack).unwrap_or_default();
    json.push(b'\n');
    json
}
