//! Parsers for the messy values of real exports (domain.md, "Messy values are normal").
//!
//! Numbers: currency symbols and codes (¥ ￥ $ € £ RMB CNY USD 元 …), thousands separators in
//! both styles (`1,234.50` and day-first locales' `1.234,50`, decided per column), percentages,
//! parentheses for negatives, and blanks, `-`, `--`, `N/A` as missing.
//! Dates: ISO with `T` or space, optional seconds, fractions and UTC offset; `2024/3/1`;
//! `3/1/2024` (month-first) and `01/03/2024` (day-first), decided per column from all its values;
//! two-digit years; `2024年3月1日`; `20240301`; Excel serial numbers; 12-hour times with AM/PM.
//! Times keep the wall-clock time as written: periods are days in the data's own time zone.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// Trims whitespace (Unicode's, which includes the ideographic space of Chinese exports), with
/// a fast exit for the usual cell that starts and ends with a visible ASCII character.
#[inline]
pub fn trim(s: &str) -> &str {
    let visible = |b: &u8| (b'!'..=b'~').contains(b);
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if visible(a) && visible(z) => s,
        (None, _) | (_, None) => s,
        _ => {
            let t = s.trim_ascii();
            match (t.as_bytes().first(), t.as_bytes().last()) {
                (Some(a), Some(z)) if a.is_ascii() && z.is_ascii() => t,
                _ => t.trim(),
            }
        }
    }
}

/// Whether a cell means "no value".
///
/// Inlined always, with the token list out of line: called for several cells of every row, it
/// was 4 % of an import in WebAssembly as a call of its own, where the fast exits below decide
/// almost every cell.
#[inline(always)]
pub fn is_missing(s: &str) -> bool {
    let s = trim(s);
    // Fast exits: most cells are numbers or names, which no missing-value token starts like.
    match s.as_bytes().first() {
        None => return true,
        Some(b) if b.is_ascii_digit() || (b.is_ascii_alphabetic() && !matches!(b, b'N' | b'n')) => {
            return false
        }
        _ => {}
    }
    // Every missing-value token is at most four bytes long: a quick exit for real values.
    s.len() <= 4 && is_missing_token(s)
}

/// Whether a short trimmed cell is one of the tokens exports write for "no value".
#[inline(never)]
fn is_missing_token(s: &str) -> bool {
    matches!(
        s,
        "" | "-"
            | "--"
            | "—"
            | "–"
            | "N/A"
            | "n/a"
            | "NA"
            | "na"
            | "null"
            | "NULL"
            | "None"
            | "nan"
            | "NaN"
            | "#N/A"
    )
}

/// How a table writes decimals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecimalStyle {
    /// `1,234.50`: comma groups thousands, point marks decimals.
    #[default]
    Point,
    /// `1.234,50`: point groups thousands, comma marks decimals (many European locales).
    Comma,
}

/// Decides the decimal style from the values given (the importer gives the number cells of
/// every number column of a table, so the style is the table's): comma-decimal when some value
/// ends in a comma and one or two digits (`12,5`, `1.234,50`) and none is written
/// point-decimal.
pub fn decimal_style<'a>(values: impl Iterator<Item = &'a str>) -> DecimalStyle {
    let (mut comma, mut point) = (false, false);
    for v in values {
        let digits: String = v
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .collect();
        let last_sep = digits.rfind([',', '.']);
        if let Some(i) = last_sep {
            let tail = digits.len() - i - 1;
            let sep = digits.as_bytes()[i];
            if (1..=2).contains(&tail) {
                if sep == b',' {
                    comma = true;
                } else {
                    point = true;
                }
            } else if tail != 3 && sep == b'.' {
                point = true;
            }
        }
    }
    if comma && !point {
        DecimalStyle::Comma
    } else {
        DecimalStyle::Point
    }
}

/// The currency a column's values are written in, from the first symbol or code found:
/// `£` → GBP, `$` → USD, `€` → EUR, `¥`/`￥`/`元`/`RMB` → CNY; `None` when values are bare numbers.
pub fn currency_of<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    const MARKS: [(&str, &str); 10] = [
        ("£", "GBP"),
        ("GBP", "GBP"),
        ("€", "EUR"),
        ("EUR", "EUR"),
        ("US$", "USD"),
        ("$", "USD"),
        ("¥", "CNY"),
        ("￥", "CNY"),
        ("元", "CNY"),
        ("RMB", "CNY"),
    ];
    values
        .flat_map(|v| MARKS.iter().filter(move |(mark, _)| v.contains(mark)))
        .map(|(_, code)| (*code).to_owned())
        .next()
}

/// Why a cell is not a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotANumber;

/// The exact powers of ten that fit an `f64` mantissa.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The fast path for the usual cell, `-12` or `2.55`: at most 15 digits and one point. The
/// digits make an exact integer m and the value is m / 10^k, which IEEE division rounds
/// correctly because both are exact (Clinger, "How to read floating point numbers
/// accurately", 1990) — the same `f64` as `str::parse` gives.
#[inline]
fn simple_decimal(s: &str) -> Option<f64> {
    let (negative, digits) = match s.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        bytes => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let (mut mantissa, mut scale, mut point, mut count) = (0u64, 0usize, false, 0usize);
    for b in digits {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                count += 1;
                if point {
                    scale += 1;
                }
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if count == 0 || count > 15 {
        return None;
    }
    let value = mantissa as f64 / POW10[scale];
    Some(if negative { -value } else { value })
}

/// Parses a number; `Ok(None)` for a missing value.
#[inline]
pub fn parse_number(raw: &str, style: DecimalStyle) -> Result<Option<f64>, NotANumber> {
    let s = trim(raw);
    if is_missing(s) {
        return Ok(None);
    }
    // Most cells are plain decimals: read inline, the rest out of line. In a decimal-comma
    // table a point groups thousands (`1.500` is 1500) where it stands between groups of three
    // digits; elsewhere (`2.55`, `0.250`, `1.5e3`: a column written the other way) it is the
    // decimal point it looks like.
    let style = match style {
        DecimalStyle::Comma if s.contains('.') && !points_group_thousands(s) => DecimalStyle::Point,
        style => style,
    };
    let plain = match style {
        DecimalStyle::Point => simple_decimal(s),
        DecimalStyle::Comma if s.contains('.') => None,
        DecimalStyle::Comma => simple_decimal(s),
    };
    match plain {
        Some(v) => Ok(Some(v)),
        None => parse_other_number(s, style),
    }
}

/// Whether the points of a number group thousands, as a decimal-comma locale writes them:
/// `1.500`, `-2.000.000`, `€ 1.234,50`: a first group of one to three digits not starting with
/// 0, then groups of exactly three, before any decimal comma. No exponent.
fn points_group_thousands(s: &str) -> bool {
    if s.contains(['e', 'E']) {
        return false;
    }
    let core: String = s
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        .collect();
    let whole = core.split(',').next().unwrap_or("");
    let mut groups = whole.split('.');
    let first = groups.next().unwrap_or("");
    let mut rest = groups.peekable();
    (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && rest.peek().is_some()
        && rest.all(|g| g.len() == 3)
}

/// Any number [`simple_decimal`] does not read: exponents, long mantissas, currency signs and
/// codes, thousands separators, decimal commas, parentheses, percentages, 万 and 亿.
#[inline(never)]
fn parse_other_number(s: &str, style: DecimalStyle) -> Result<Option<f64>, NotANumber> {
    // Plain numbers in any other form (exponents, long mantissas); not in a decimal-comma
    // column when they carry a point, which groups thousands there.
    if style == DecimalStyle::Point || !s.contains('.') {
        if let Ok(v) = s.parse::<f64>() {
            return if v.is_finite() {
                Ok(Some(v))
            } else {
                Err(NotANumber)
            };
        }
    }
    let mut negative = false;
    let mut percent = false;
    let mut body = String::with_capacity(s.len());
    let mut rest = s;
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        rest = inner;
    }
    for code in ["RMB", "CNY", "USD", "EUR", "GBP", "HKD", "JPY", "元"] {
        rest = rest.trim().trim_start_matches(code).trim_end_matches(code);
    }
    // Chinese platforms write large figures in 万 (10⁴) and 亿 (10⁸): `1.2万`, `3.5亿元`.
    // Written as a decimal exponent, so `1.005万` is exactly 10050 (a product would round).
    let mut exponent = "";
    for (unit, e) in [('万', "e4"), ('亿', "e8")] {
        if let Some(r) = rest.trim_end().strip_suffix(unit) {
            rest = r;
            exponent = e;
            break;
        }
    }
    for c in rest.chars() {
        match c {
            '0'..='9' => body.push(c),
            '.' | ',' => body.push(c),
            '-' | '−' if body.is_empty() => negative = !negative,
            '-' | '−' => return Err(NotANumber),
            '+' if body.is_empty() => {}
            '%' => percent = true,
            '¥' | '￥' | '$' | '€' | '£' | ' ' | '\u{a0}' | '\u{202f}' | '\'' => {}
            _ => return Err(NotANumber),
        }
    }
    let mut normalized: String = match style {
        DecimalStyle::Point => body.chars().filter(|c| *c != ',').collect(),
        DecimalStyle::Comma => body
            .chars()
            .filter(|c| *c != '.')
            .map(|c| if c == ',' { '.' } else { c })
            .collect(),
    };
    if !normalized.is_empty() {
        normalized.push_str(exponent);
    }
    let mut value: f64 = normalized.parse().map_err(|_| NotANumber)?;
    if percent {
        value /= 100.0;
    }
    if negative {
        value = -value;
    }
    Ok(Some(value))
}

/// The order of day and month in dates such as `01/03/2024`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrder {
    /// `3/1/2024` is March 1st (United States).
    #[default]
    MonthFirst,
    /// `01/03/2024` is March 1st (United Kingdom, Europe, most of the world).
    DayFirst,
}

/// Splits the leading `a/b/c` (or `a.b.c`, `a-b-c`) numeric date of a cell, if it is one whose
/// first part is not a four-digit year.
fn numeric_date_parts(s: &str) -> Option<(u32, u32, i32, &str)> {
    let s = s.trim();
    // A day or month has at most two digits before its separator; ISO dates exit here.
    if !s.bytes().take(3).any(|b| matches!(b, b'/' | b'.' | b'-')) {
        return None;
    }
    let sep = s.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let mut parts = s.splitn(3, sep);
    let a = parts.next()?;
    let b = parts.next()?;
    let rest = parts.next()?;
    if a.len() > 2 || b.len() > 2 || a.is_empty() || b.is_empty() {
        return None;
    }
    let year_len = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if year_len != 2 && year_len != 4 {
        return None;
    }
    let year: i32 = rest[..year_len].parse().ok()?;
    let year = if year_len == 2 {
        expand_two_digit_year(year)
    } else {
        year
    };
    Some((a.parse().ok()?, b.parse().ok()?, year, &rest[year_len..]))
}

/// Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (the POSIX `%y` rule).
pub fn expand_two_digit_year(yy: i32) -> i32 {
    if yy < 70 {
        2000 + yy
    } else {
        1900 + yy
    }
}

/// What the values of a date column say about its day/month order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateOrderEvidence {
    /// Values whose first part exceeds 12, so must be day-first.
    pub day_first: u64,
    /// Values whose second part exceeds 12, so must be month-first.
    pub month_first: u64,
    /// Values where both readings are possible.
    pub ambiguous: u64,
}

impl DateOrderEvidence {
    /// Adds one value's evidence.
    pub fn add(&mut self, s: &str) {
        if let DateCell::Numeric(n) = read_date(s) {
            self.add_numeric(&n);
        }
    }

    /// Adds the evidence of a date read as `a/b/year`.
    pub fn add_numeric(&mut self, n: &NumericDate) {
        match (n.a > 12, n.b > 12) {
            (true, false) => self.day_first += 1,
            (false, true) => self.month_first += 1,
            (false, false) => self.ambiguous += 1,
            (true, true) => {}
        }
    }

    /// The column's order: day-first when only day-first evidence exists, else month-first
    /// (also when every value is ambiguous, the convention of US-made exports).
    pub fn decide(&self) -> DateOrder {
        if self.day_first > 0 && self.month_first == 0 {
            DateOrder::DayFirst
        } else {
            DateOrder::MonthFirst
        }
    }
}

/// Parses a time of day such as `8:26`, `21:06:21`, `09:05:03.123`, `8:26 PM`, then an optional
/// UTC offset (`+0400`, `+04:00`, `Z`, `UTC`), which is dropped: times stay as written.
fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    if s.is_empty() {
        return Some(NaiveTime::MIN);
    }
    // Fast path for the common `HH:MM` and `HH:MM:SS` with nothing after.
    let b = s.as_bytes();
    let two = |i: usize| -> Option<u32> {
        let (hi, lo) = (b.get(i)?, b.get(i + 1)?);
        (hi.is_ascii_digit() && lo.is_ascii_digit())
            .then(|| u32::from(hi - b'0') * 10 + u32::from(lo - b'0'))
    };
    match b.len() {
        5 if b[2] == b':' => return NaiveTime::from_hms_opt(two(0)?, two(3)?, 0),
        8 if b[2] == b':' && b[5] == b':' => {
            return NaiveTime::from_hms_opt(two(0)?, two(3)?, two(6)?)
        }
        _ => {}
    }
    let (clock, rest) = s.split_at(
        s.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
            .unwrap_or(s.len()),
    );
    let mut fields = clock.split(':');
    let mut hour: u32 = fields.next()?.parse().ok()?;
    let minute: u32 = fields.next()?.parse().ok()?;
    let second_text = fields.next().unwrap_or("0");
    let second: f64 = second_text.parse().ok()?;
    if fields.next().is_some() {
        return None;
    }
    let rest = rest.trim();
    let upper = rest.to_ascii_uppercase();
    let offset = if let Some(r) = upper.strip_prefix("PM") {
        if hour < 12 {
            hour += 12;
        }
        r.trim()
    } else if let Some(r) = upper.strip_prefix("AM") {
        if hour == 12 {
            hour = 0;
        }
        r.trim()
    } else {
        upper.as_str()
    };
    let offset_ok = offset.is_empty()
        || offset == "Z"
        || offset == "UTC"
        || offset == "GMT"
        || ((offset.starts_with('+') || offset.starts_with('-'))
            && offset[1..].chars().all(|c| c.is_ascii_digit() || c == ':')
            && (4..=5).contains(&offset[1..].len()));
    if !offset_ok {
        return None;
    }
    let whole = second.trunc();
    NaiveTime::from_hms_nano_opt(
        hour,
        minute,
        whole as u32,
        ((second - whole) * 1e9).round() as u32,
    )
}

/// Excel's day zero: serial 1 is 1900-01-01, with Excel's fictitious 1900-02-29 folded in by
/// counting from 1899-12-30 (valid for every serial after February 1900).
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default()
}

/// A date written `a/b/year` whose day/month order depends on the column (see [`DateOrder`]):
/// kept unresolved until the whole column has been read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumericDate {
    /// The first number.
    pub a: u8,
    /// The second number.
    pub b: u8,
    /// The (four-digit) year.
    pub year: i32,
    /// The time of day, `00:00` when none was written.
    pub time: NaiveTime,
}

impl NumericDate {
    /// The date under a day/month order; `None` when that reading is not a calendar date.
    pub fn resolve(&self, order: DateOrder) -> Option<NaiveDateTime> {
        let (month, day) = match order {
            DateOrder::MonthFirst => (self.a, self.b),
            DateOrder::DayFirst => (self.b, self.a),
        };
        NaiveDate::from_ymd_opt(self.year, u32::from(month), u32::from(day))
            .map(|d| d.and_time(self.time))
    }
}

/// A date cell read before the column's day/month order is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateCell {
    /// Empty or a missing-value token.
    Missing,
    /// A date whose reading does not depend on the order (ISO, `2024年3月1日`, `20240301`,
    /// an Excel serial number).
    Fixed(NaiveDateTime),
    /// A date such as `01/03/2024`, resolved once the column's order is decided.
    Numeric(NumericDate),
    /// Not a date.
    Invalid,
}

impl DateCell {
    /// The date as it was read, for a message: `31/2/2024` for a numeric date (the year in
    /// four digits, the separator a slash whatever it was), empty for the others.
    pub fn as_read(&self) -> String {
        match self {
            DateCell::Numeric(n) => format!("{}/{}/{}", n.a, n.b, n.year),
            DateCell::Fixed(d) => d.to_string(),
            DateCell::Missing | DateCell::Invalid => String::new(),
        }
    }

    /// The date under a day/month order.
    pub fn resolve(&self, order: DateOrder) -> Option<NaiveDateTime> {
        match self {
            DateCell::Fixed(d) => Some(*d),
            DateCell::Numeric(n) => n.resolve(order),
            DateCell::Missing | DateCell::Invalid => None,
        }
    }
}

/// Reads a date with optional time, leaving `a/b/yyyy` dates unresolved.
pub fn read_date(raw: &str) -> DateCell {
    let s = trim(raw);
    if is_missing(s) {
        return DateCell::Missing;
    }
    match read_date_inner(s) {
        Some(cell) => cell,
        None => DateCell::Invalid,
    }
}

fn read_date_inner(s: &str) -> Option<DateCell> {
    let bytes = s.as_bytes();
    let fixed = |d: NaiveDateTime| Some(DateCell::Fixed(d));
    // ISO 8601 and yyyy/m/d, yyyy.m.d.
    if bytes.len() >= 8
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && matches!(bytes[4], b'-' | b'/' | b'.')
    {
        // Fast path: `yyyy-mm-dd` then nothing, or a space or `T` and `hh:mm[:ss]`.
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            bytes.get(r.clone())?.iter().try_fold(0u32, |acc, b| {
                b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
            })
        };
        if bytes.len() >= 10
            && bytes[7] == bytes[4]
            && (bytes.len() == 10 || matches!(bytes[10], b' ' | b'T'))
        {
            if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
                let date = NaiveDate::from_ymd_opt(y as i32, m, d)?;
                let time = if bytes.len() > 10 {
                    parse_time(&s[11..])?
                } else {
                    NaiveTime::MIN
                };
                return fixed(date.and_time(time));
            }
        }
        let sep = bytes[4] as char;
        let mut parts = s[5..].splitn(2, sep);
        let month: u32 = parts.next()?.parse().ok()?;
        let rest = parts.next()?;
        let day_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let day: u32 = rest[..day_len].parse().ok()?;
        let date = NaiveDate::from_ymd_opt(s[..4].parse().ok()?, month, day)?;
        let time = rest[day_len..].trim_start_matches(['T', ' ']);
        return fixed(date.and_time(parse_time(time)?));
    }
    // 2024年3月1日 12:00:00
    if let Some((y, rest)) = s.split_once('年') {
        let (m, rest) = rest.split_once('月')?;
        let (d, time) = rest.split_once('日').unwrap_or((rest, ""));
        let date = NaiveDate::from_ymd_opt(
            y.trim().parse().ok()?,
            m.trim().parse().ok()?,
            d.trim().parse().ok()?,
        )?;
        return fixed(date.and_time(parse_time(time)?));
    }
    // a/b/yyyy, a.b.yy, …: the order is decided later, from the whole column.
    if let Some((a, b, year, time)) = numeric_date_parts(s) {
        if a == 0 || b == 0 || a > 31 || b > 31 {
            return None;
        }
        let time = parse_time(time.trim_start_matches(['T', ' ', ',']))?;
        return Some(DateCell::Numeric(NumericDate {
            a: a as u8,
            b: b as u8,
            year,
            time,
        }));
    }
    // 20240301 (and 20240301 12:00)
    if bytes.len() >= 8
        && bytes[..8].iter().all(u8::is_ascii_digit)
        && (bytes.len() == 8 || bytes[8] == b' ')
    {
        let date = NaiveDate::from_ymd_opt(
            s[..4].parse().ok()?,
            s[4..6].parse().ok()?,
            s[6..8].parse().ok()?,
        )?;
        return fixed(date.and_time(parse_time(&s[8..])?));
    }
    // Excel serial day numbers (1982-09-18 … 2119-01-09 keeps ordinary integers out).
    if let Ok(serial) = s.parse::<f64>() {
        if (30_000.0..80_000.0).contains(&serial) {
            let days = serial.trunc() as i64;
            let seconds = ((serial - serial.trunc()) * 86_400.0).round() as i64;
            return fixed(
                excel_epoch().and_time(NaiveTime::MIN)
                    + Duration::days(days)
                    + Duration::seconds(seconds),
            );
        }
    }
    None
}

/// Parses a date with optional time. `order` settles `a/b/yyyy` dates.
pub fn parse_datetime(raw: &str, order: DateOrder) -> Option<NaiveDateTime> {
    read_date(raw).resolve(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn numbers_from_real_exports() {
        let p = |s| parse_number(s, DecimalStyle::Point);
        assert_eq!(p("12,131"), Ok(Some(12131.0)));
        assert_eq!(p("\"$1,290.50\"".trim_matches('"')), Ok(Some(1290.5)));
        assert_eq!(p("12.02%"), Ok(Some(0.1202)));
        assert_eq!(p("¥ 59.90"), Ok(Some(59.9)));
        assert_eq!(p("￥1,234"), Ok(Some(1234.0)));
        assert_eq!(p("RMB 88"), Ok(Some(88.0)));
        assert_eq!(p("88元"), Ok(Some(88.0)));
        assert_eq!(p("(1,234.50)"), Ok(Some(-1234.5)));
        assert_eq!(p("-3"), Ok(Some(-3.0)));
        assert_eq!(p("−3.5"), Ok(Some(-3.5)));
        assert_eq!(p("€ -12.00"), Ok(Some(-12.0)));
        // 万 = 10⁴ and 亿 = 10⁸, with or without 元 after them.
        assert_eq!(p("1.5万"), Ok(Some(15_000.0)));
        assert_eq!(p("1.005万"), Ok(Some(10_050.0)), "exact, not 10049.999…");
        assert_eq!(p("¥3.25万元"), Ok(Some(32_500.0)));
        assert_eq!(p("2亿"), Ok(Some(200_000_000.0)));
        assert_eq!(p("(1.5万)"), Ok(Some(-15_000.0)));
        assert_eq!(p("万"), Err(NotANumber));
        assert_eq!(p("1万2"), Err(NotANumber));
        for missing in ["", " ", "-", "--", "N/A", "NA", "null"] {
            assert_eq!(p(missing), Ok(None), "{missing:?}");
        }
        assert_eq!(p("abc"), Err(NotANumber));
        assert_eq!(p("12-3"), Err(NotANumber));
        assert_eq!(p("inf"), Err(NotANumber));
        let c = |s| parse_number(s, DecimalStyle::Comma);
        assert_eq!(c("1.234,50"), Ok(Some(1234.5)));
        assert_eq!(c("12,5"), Ok(Some(12.5)));
        assert_eq!(c("€ 1.234"), Ok(Some(1234.0)));
        // A point groups thousands in a decimal-comma table, with or without other signs …
        assert_eq!(c("1.500"), Ok(Some(1500.0)));
        assert_eq!(c("-2.000.000"), Ok(Some(-2_000_000.0)));
        assert_eq!(c("€ 1.234,5"), Ok(Some(1234.5)));
        assert_eq!(c("1500"), Ok(Some(1500.0)));
        assert_eq!(c("0,75"), Ok(Some(0.75)));
        // … where it stands between groups of three; elsewhere it is a decimal point (a column
        // written the other way), and exponents still read.
        assert_eq!(c("2.55"), Ok(Some(2.55)));
        assert_eq!(c("-0.5"), Ok(Some(-0.5)));
        assert_eq!(c("0.250"), Ok(Some(0.25)));
        assert_eq!(c("12.3456"), Ok(Some(12.3456)));
        assert_eq!(c("1.5e3"), Ok(Some(1500.0)));
        assert_eq!(c("25%"), Ok(Some(0.25)));
    }

    #[test]
    fn the_fast_path_gives_the_same_f64_as_the_standard_parser() {
        let mut cases: Vec<String> = [
            "0",
            "-0",
            "2.55",
            "1.85",
            "27.50",
            "0.1",
            "0.3",
            "123456789012345",
            "1.00000000000001",
            "99999.99999",
            "-3.1415926535897",
            "5.",
            ".5",
            "00012.340",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every two-decimal price from 0.00 to 99.99, and some longer fractions.
        cases.extend((0..10_000).map(|c| format!("{}.{:02}", c / 100, c % 100)));
        cases.extend((1..2_000).map(|i| format!("{}.{}", i * 7919, i * 104_729)));
        for case in cases {
            let fast = simple_decimal(&case);
            if let Some(v) = fast {
                assert_eq!(
                    v.to_bits(),
                    case.parse::<f64>().unwrap().to_bits(),
                    "{case}"
                );
            }
        }
        assert_eq!(simple_decimal("1.2.3"), None);
        assert_eq!(simple_decimal("1,234"), None);
        assert_eq!(simple_decimal("-"), None);
        assert_eq!(simple_decimal("."), None);
        assert_eq!(
            simple_decimal("1234567890123456"),
            None,
            "16 digits: not exact"
        );
    }

    #[test]
    fn trimming_keeps_ideographic_spaces_out() {
        assert_eq!(trim("  12 "), "12");
        assert_eq!(trim("\u{3000}北京\u{3000}"), "北京");
        assert_eq!(trim("\u{a0}5\u{a0}"), "5");
        assert_eq!(trim(""), "");
        assert_eq!(trim("  "), "");
    }

    #[test]
    fn currency_from_symbols() {
        assert_eq!(
            currency_of(["12", "£3.50"].into_iter()).as_deref(),
            Some("GBP")
        );
        assert_eq!(
            currency_of(["￥129.00"].into_iter()).as_deref(),
            Some("CNY")
        );
        assert_eq!(
            currency_of(["$1,290.50"].into_iter()).as_deref(),
            Some("USD")
        );
        assert_eq!(currency_of(["2.55", "3"].into_iter()), None);
    }

    #[test]
    fn decimal_style_is_decided_from_the_values() {
        assert_eq!(
            decimal_style(["1.234,50", "12,5", "3"].into_iter()),
            DecimalStyle::Comma
        );
        assert_eq!(
            decimal_style(["1,234.50", "12.5"].into_iter()),
            DecimalStyle::Point
        );
        assert_eq!(
            decimal_style(["1,234", "12,131"].into_iter()),
            DecimalStyle::Point
        );
        assert_eq!(
            decimal_style(["2.55", "12,5"].into_iter()),
            DecimalStyle::Point
        );
    }

    #[test]
    fn dates_in_every_common_form() {
        let m = DateOrder::MonthFirst;
        let cases = [
            ("2010-12-01 08:26:00", "2010-12-01 08:26:00"),
            ("2010-12-01T08:26:00Z", "2010-12-01 08:26:00"),
            ("2026-04-05 21:06:21 +0400", "2026-04-05 21:06:21"),
            ("2026-04-05T21:06:21+04:00", "2026-04-05 21:06:21"),
            ("2024-03-01", "2024-03-01 00:00:00"),
            ("2024/3/1", "2024-03-01 00:00:00"),
            ("2024/3/1 9:05", "2024-03-01 09:05:00"),
            ("12/1/2010 8:26", "2010-12-01 08:26:00"),
            ("3/1/2024 8:26 PM", "2024-03-01 20:26:00"),
            ("3/1/2024 12:10 AM", "2024-03-01 00:10:00"),
            ("2024年3月1日", "2024-03-01 00:00:00"),
            ("2024年3月1日 13:45:10", "2024-03-01 13:45:10"),
            ("20240301", "2024-03-01 00:00:00"),
            ("45352", "2024-03-01 00:00:00"),
            ("45352.5", "2024-03-01 12:00:00"),
            ("03/01/19", "2019-03-01 00:00:00"),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_datetime(input, m), Some(dt(expected)), "{input}");
        }
        assert_eq!(
            parse_datetime("01/03/2024", DateOrder::DayFirst),
            Some(dt("2024-03-01 00:00:00"))
        );
        assert_eq!(
            parse_datetime("03/01/19", DateOrder::DayFirst),
            Some(dt("2019-01-03 00:00:00"))
        );
        for bad in [
            "",
            "yesterday",
            "2024-13-01",
            "31/31/2024",
            "2024-02-30",
            "12:00",
            "1234",
        ] {
            assert_eq!(parse_datetime(bad, m), None, "{bad}");
        }
    }

    #[test]
    fn date_order_is_decided_from_the_whole_column() {
        let mut e = DateOrderEvidence::default();
        for v in ["01/03/2024", "02/03/2024", "25/03/2024", "11/04/2024"] {
            e.add(v);
        }
        assert_eq!(e.decide(), DateOrder::DayFirst);
        let mut e = DateOrderEvidence::default();
        for v in ["01/03/2024", "3/25/2024"] {
            e.add(v);
        }
        assert_eq!(e.decide(), DateOrder::MonthFirst);
        let mut e = DateOrderEvidence::default();
        e.add("01/03/2024");
        assert_eq!((e.ambiguous, e.decide()), (1, DateOrder::MonthFirst));
        assert_eq!(expand_two_digit_year(69), 2069);
        assert_eq!(expand_two_digit_year(70), 1970);
    }
}
