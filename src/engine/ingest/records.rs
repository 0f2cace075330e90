//! Splitting delimited text into records as it streams in.
//!
//! Most lines of a shop export hold no quote at all. Such a line is split where it stands:
//! one pass, eight bytes at a time, finds its end and its delimiters, and the record's fields are slices of the
//! input, with no copy. Any line with a quote (or a lone carriage
//! return) goes to `csv-core`, BurntSushi's allocation-free CSV state machine and the core of
//! the `csv` crate, which handles quoted delimiters, doubled quotes and line breaks inside
//! quotes. `csv-core` is push-based: it takes whatever bytes have arrived, keeps its state
//! between calls, and reports when a record is complete. That is what a file read in slices
//! needs: a quoted field with an embedded newline may straddle two slices, and a line without
//! its end in this slice waits for the next. [`Splitter`] hands each complete [`Row`] to a
//! callback, with the line it started on. Both paths give the same fields (tested below).

use csv_core::{ReadRecordResult, ReaderBuilder};

/// The longest record accepted. A longer one is almost always a file that is not delimited text
/// (or one whose quotes never close); stopping there keeps memory bounded.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// One record: its fields, and the 1-based line it starts on, as a text editor numbers lines.
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    /// The fields, one after the other. The splitter is fed text and splits only at ASCII
    /// bytes, so every field end is a character boundary.
    text: &'a str,
    ends: &'a [usize],
    /// Bytes between one field's end and the next one's start: 0 when the fields are stored
    /// one after the other, 1 when they are the line's own text with its delimiters.
    gap: usize,
    /// The line the record starts on.
    pub line: u64,
}

impl<'a> Row<'a> {
    /// A row from the fields' text, one after the other, and the end offset of each field.
    pub fn new(text: &'a str, ends: &'a [usize], line: u64) -> Self {
        Self {
            text,
            ends,
            gap: 0,
            line,
        }
    }

    /// A row that is a line's own text: each field ends at a delimiter (or the line's end).
    fn delimited(text: &'a str, ends: &'a [usize], line: u64) -> Self {
        Self {
            text,
            ends,
            gap: 1,
            line,
        }
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the row has no field.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`'s bytes.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        self.text(i).map(str::as_bytes)
    }

    /// Field `i` as text; `None` for a missing field.
    #[inline]
    pub fn text(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] + self.gap
        };
        self.text.get(start..end)
    }

    /// Every field as text, owned.
    pub fn to_strings(&self) -> Vec<String> {
        (0..self.len())
            .map(|i| self.text(i).unwrap_or("").to_owned())
            .collect()
    }

    /// Every field, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// A record longer than [`MAX_RECORD_BYTES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordTooLong {
    /// The line it starts on.
    pub line: u64,
}

/// Eight copies of a byte in a word.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The high bit of every byte of `x` that is zero, and no other bit. Exact (no false
/// positives from borrows), unlike the shorter `(x - 0x01..) & !x & 0x80..`: adding `0x7f`
/// to the low seven bits of a byte sets its high bit unless they are all zero, and cannot
/// carry into the next byte. (Bit Twiddling Hacks, "Determine if a word has a zero byte".)
const fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// One bit for each byte of a 16-byte block that is the delimiter, `\n`, `\r` or `"`: four
/// vector compares and a mask of the bytes' high bits (WebAssembly SIMD's `u8x16_bitmask`).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn special_bytes(b: &[u8; 16], delimiter: u8) -> u32 {
    use core::arch::wasm32::{u8x16, u8x16_bitmask, u8x16_eq, u8x16_splat, v128_or};
    let v = u8x16(
        b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
        b[14], b[15],
    );
    let hits = v128_or(
        v128_or(
            u8x16_eq(v, u8x16_splat(delimiter)),
            u8x16_eq(v, u8x16_splat(b'\n')),
        ),
        v128_or(
            u8x16_eq(v, u8x16_splat(b'\r')),
            u8x16_eq(v, u8x16_splat(b'"')),
        ),
    );
    u32::from(u8x16_bitmask(hits))
}

/// The same with SSE2, which every x86-64 processor has (`_mm_movemask_epi8` is the mask).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn special_bytes(b: &[u8; 16], delimiter: u8) -> u32 {
    use core::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi8,
    };
    let byte = |i: usize| b[i] as i8;
    // SAFETY: SSE2 is part of x86-64 itself, so these instructions exist on every processor
    // this code can run on.
    unsafe {
        let v = _mm_set_epi8(
            byte(15),
            byte(14),
            byte(13),
            byte(12),
            byte(11),
            byte(10),
            byte(9),
            byte(8),
            byte(7),
            byte(6),
            byte(5),
            byte(4),
            byte(3),
            byte(2),
            byte(1),
            byte(0),
        );
        let hits = _mm_or_si128(
            _mm_or_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(delimiter as i8)),
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8)),
            ),
            _mm_or_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8)),
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8)),
            ),
        );
        _mm_movemask_epi8(hits) as u32
    }
}

/// Finds the end of the line at the start of `bytes` and pushes the offset of each delimiter
/// in it to `ends`. Returns the line's length (without its `\n` or `\r\n`) and the offset
/// after its end; `None` when the line is not complete in `bytes` or holds a quote or a lone
/// carriage return (csv-core reads those). Eight bytes at a time: one word, compared with the
/// four bytes that matter all at once (SWAR), so ordinary text costs a few operations per
/// word. Where there are 16-byte vectors (WebAssembly built with SIMD, `.cargo/config.toml`;
/// x86-64's SSE2), sixteen at a time first ([`special_bytes`]): the browser import became about
/// 8 % faster, the native split twice as fast (ARCHITECTURE.md, "Import speed in
/// WebAssembly"). `tests/import_records.rs` and `tests/browser.rs` check both against the
/// `csv` crate.
fn plain_line(bytes: &[u8], delimiter: u8, ends: &mut Vec<usize>) -> Option<(usize, usize)> {
    plain_line_by::<true>(bytes, delimiter, ends)
}

/// [`plain_line`], with the 16-byte scan where the target has one when `VECTORS`; without it,
/// words of eight bytes only, as on targets without vectors (a test compares the two).
#[inline(always)]
fn plain_line_by<const VECTORS: bool>(
    bytes: &[u8],
    delimiter: u8,
    ends: &mut Vec<usize>,
) -> Option<(usize, usize)> {
    let classify = |i: usize, ends: &mut Vec<usize>| -> Option<Option<(usize, usize)>> {
        match bytes[i] {
            b'\n' => Some(Some((i, i + 1))),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => Some(Some((i, i + 2))),
            b'\r' | b'"' => None,
            _ => {
                ends.push(i);
                Some(None)
            }
        }
    };
    let mut at = 0;
    #[cfg(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ))]
    if VECTORS {
        let mut blocks = bytes.chunks_exact(16);
        for block in blocks.by_ref() {
            let mut found = special_bytes(block.try_into().ok()?, delimiter);
            while found != 0 {
                let i = at + found.trailing_zeros() as usize;
                if let Some(end) = classify(i, ends)? {
                    return Some(end);
                }
                found &= found - 1;
            }
            at += 16;
        }
    }
    let mut words = bytes[at..].chunks_exact(8);
    for word in words.by_ref() {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let w = u64::from_le_bytes(w);
        let mut found = zero_bytes(w ^ splat(delimiter))
            | zero_bytes(w ^ splat(b'\n'))
            | zero_bytes(w ^ splat(b'\r'))
            | zero_bytes(w ^ splat(b'"'));
        while found != 0 {
            let i = at + (found.trailing_zeros() / 8) as usize;
            if let Some(end) = classify(i, ends)? {
                return Some(end);
            }
            found &= found - 1;
        }
        at += 8;
    }
    for (i, b) in words.remainder().iter().enumerate() {
        if matches!(*b, b'\n' | b'\r' | b'"') || *b == delimiter {
            if let Some(end) = classify(at + i, ends)? {
                return Some(end);
            }
        }
    }
    None
}

/// Push-based record splitter: feed it text in pieces of any size, get complete records.
pub struct Splitter {
    core: csv_core::Reader,
    delimiter: u8,
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// The field ends of a line split without `csv-core`.
    plain_ends: Vec<usize>,

    /// Bytes and ends of the record being read, across `feed` calls.
    out_len: usize,
    ends_len: usize,
    /// The line the record being read starts on.
    record_line: u64,
    in_record: bool,
    finished: bool,
}

impl Splitter {
    /// A splitter for text delimited by `delimiter`, with `"` quoting and doubled quotes.
    pub fn new(delimiter: u8) -> Self {
        Self {
            core: ReaderBuilder::new().delimiter(delimiter).build(),
            delimiter,
            fields: vec![0; 4096],
            ends: vec![0; 64],
            plain_ends: Vec::with_capacity(64),
            out_len: 0,
            ends_len: 0,
            record_line: 1,
            in_record: false,
            finished: false,
        }
    }

    /// Feeds a piece of text; calls `on_row` for each record it completes.
    pub fn feed(&mut self, input: &str, on_row: impl FnMut(Row<'_>)) -> Result<(), RecordTooLong> {
        if input.is_empty() {
            return Ok(());
        }
        self.run(input, false, on_row)
    }

    /// Ends the text: completes the last record, which may have no line break.
    pub fn finish(&mut self, on_row: impl FnMut(Row<'_>)) -> Result<(), RecordTooLong> {
        self.run("", true, on_row)
    }

    /// Splits the line at the start of `input` where it stands when it is complete in this
    /// piece and holds no quote and no lone carriage return: its fields are then exactly the
    /// text between delimiters, as `csv-core` would give them. Returns the bytes the line takes
    /// with its line break, or `None` to leave the line to `csv-core`.
    fn split_plain_line(&mut self, input: &str, on_row: &mut impl FnMut(Row<'_>)) -> Option<usize> {
        // A delimiter that is itself a line break or a quote (the sniffer never picks one)
        // leaves every line to csv-core.
        if matches!(self.delimiter, b'\n' | b'\r' | b'"') {
            return None;
        }
        let bytes = input.as_bytes();
        let bytes = &bytes[..bytes.len().min(MAX_RECORD_BYTES)];
        self.plain_ends.clear();
        let (line_len, next) = plain_line(bytes, self.delimiter, &mut self.plain_ends)?;
        // The delimiter positions are the field ends of all but the last field.
        self.plain_ends.push(line_len);
        let text = input.get(..line_len)?;
        on_row(Row::delimited(text, &self.plain_ends, self.record_line));
        self.core.set_line(self.core.line() + 1);
        Some(next)
    }

    fn run(
        &mut self,
        text: &str,
        at_end: bool,
        mut on_row: impl FnMut(Row<'_>),
    ) -> Result<(), RecordTooLong> {
        if self.finished {
            return Ok(());
        }
        // Where the piece is read up to. csv-core may stop inside a character (when its output
        // buffer fills), so its input is bytes; the text is cut only at record starts, which
        // follow an ASCII line break and so are character boundaries.
        let mut at = 0;
        loop {
            if !self.in_record {
                // Line breaks between records (the `\n` of a CRLF, blank lines) are skipped
                // here, so that the line a record starts on is known before its first byte.
                let rest = &text.as_bytes()[at..];
                let n = rest
                    .iter()
                    .take_while(|b| matches!(b, b'\n' | b'\r'))
                    .count();
                let newlines = rest[..n].iter().filter(|b| **b == b'\n').count();
                self.core.set_line(self.core.line() + newlines as u64);
                at += n;
                if at == text.len() && !at_end {
                    return Ok(());
                }
                self.record_line = self.core.line();
                if let Some(line) = text.get(at..) {
                    if let Some(used) = self.split_plain_line(line, &mut on_row) {
                        at += used;
                        continue;
                    }
                }
                self.in_record = true;
            }
            let (result, read, written, ended) = self.core.read_record(
                &text.as_bytes()[at..],
                &mut self.fields[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            at += read;
            self.out_len += written;
            self.ends_len += ended;
            match result {
                ReadRecordResult::InputEmpty => {
                    if !at_end {
                        return Ok(());
                    }
                }
                ReadRecordResult::OutputFull => {
                    if self.fields.len() >= MAX_RECORD_BYTES {
                        self.finished = true;
                        return Err(RecordTooLong {
                            line: self.record_line,
                        });
                    }
                    let grown = (self.fields.len() * 2).min(MAX_RECORD_BYTES);
                    self.fields.resize(grown, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let grown = self.ends.len() * 2;
                    self.ends.resize(grown, 0);
                }
                ReadRecordResult::Record => {
                    // The fields are the record's text less its quotes (ASCII), so they are
                    // UTF-8; were they not, the row would read as empty fields.
                    let text = std::str::from_utf8(&self.fields[..self.out_len]).unwrap_or("");
                    on_row(Row::new(
                        text,
                        &self.ends[..self.ends_len],
                        self.record_line,
                    ));
                    self.out_len = 0;
                    self.ends_len = 0;
                    self.in_record = false;
                }
                ReadRecordResult::End => {
                    self.finished = true;
                    return Ok(());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 16-byte scan and the 8-byte one find the same line ends and delimiters in random
    /// plain text with the bytes that matter at every offset (natively the 8-byte loop alone
    /// otherwise only reads the last few bytes of a line; it is the whole scan on targets
    /// without vectors).
    #[test]
    fn the_vector_scan_and_the_word_scan_agree() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(8);
        let alphabet = b"abcXYZ019 .-,;\t|\n\r\"";
        for _ in 0..20_000 {
            let len = rng.random_range(0..80);
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if rng.random_bool(0.8) {
                        b'a' + rng.random_range(0..26)
                    } else {
                        alphabet[rng.random_range(0..alphabet.len())]
                    }
                })
                .collect();
            for delimiter in [b',', b';', b'\t', b'|'] {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let vectors = plain_line_by::<true>(&bytes, delimiter, &mut a);
                let words = plain_line_by::<false>(&bytes, delimiter, &mut b);
                assert_eq!(vectors, words, "{:?}", String::from_utf8_lossy(&bytes));
                if vectors.is_some() {
                    assert_eq!(a, b, "{:?}", String::from_utf8_lossy(&bytes));
                }
            }
        }
    }

    fn split(pieces: &[&str]) -> Vec<(u64, Vec<String>)> {
        let mut out = Vec::new();
        let mut s = Splitter::new(b',');
        for p in pieces {
            s.feed(p, |r| out.push((r.line, r.to_strings()))).unwrap();
        }
        s.finish(|r| out.push((r.line, r.to_strings()))).unwrap();
        out
    }

    #[test]
    fn records_straddling_pieces_and_lines() {
        let text = "a,b\n1,\"x\ny\"\n\n2,\"he said \"\"hi\"\"\"\n3,last";
        let whole = split(&[text]);
        let expected = vec![
            (1, vec!["a".to_owned(), "b".to_owned()]),
            (2, vec!["1".to_owned(), "x\ny".to_owned()]),
            (5, vec!["2".to_owned(), "he said \"hi\"".to_owned()]),
            (6, vec!["3".to_owned(), "last".to_owned()]),
        ];
        assert_eq!(whole, expected);
        // Every split point gives the same records.
        for cut in 0..text.len() {
            let (a, b) = text.split_at(cut);
            assert_eq!(split(&[a, b]), expected, "cut at {cut}");
        }
        // One byte at a time.
        let chars: Vec<&str> = (0..text.len()).map(|i| &text[i..i + 1]).collect();
        assert_eq!(split(&chars), expected);
    }

    #[test]
    fn crlf_and_a_final_line_break() {
        assert_eq!(
            split(&["a,b\r\n1,2\r\n"]),
            vec![
                (1, vec!["a".to_owned(), "b".to_owned()]),
                (2, vec!["1".to_owned(), "2".to_owned()])
            ]
        );
    }

    /// csv-core stops where its output buffer fills, which may be inside a character: a quoted
    /// Chinese field far longer than the buffer (4 KiB to start with), fed whole and in pieces,
    /// keeps every byte, and the records after it are read too.
    #[test]
    fn a_long_quoted_field_of_multibyte_text_is_kept_whole() {
        for shift in 0..3 {
            let long = format!("{}{}", "x".repeat(shift), "价格，说明".repeat(3000));
            let text = format!("a,b\n1,\"{long}\"\n2,after\n");
            let expected = vec![
                (1, vec!["a".to_owned(), "b".to_owned()]),
                (2, vec!["1".to_owned(), long.clone()]),
                (3, vec!["2".to_owned(), "after".to_owned()]),
            ];
            assert_eq!(split(&[&text]), expected, "shift {shift}");
            let mut pieces = Vec::new();
            let mut start = 0;
            while start < text.len() {
                let mut end = (start + 1000).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                pieces.push(&text[start..end]);
                start = end;
            }
            assert_eq!(split(&pieces), expected, "shift {shift}, in pieces");
        }
    }

    #[test]
    fn a_record_that_never_ends_is_refused_at_the_limit() {
        let mut s = Splitter::new(b',');
        let chunk = "x".repeat(1 << 20);
        let mut result = Ok(());
        for _ in 0..(MAX_RECORD_BYTES >> 20) + 2 {
            result = s.feed(&chunk, |_| {});
            if result.is_err() {
                break;
            }
        }
        assert_eq!(result, Err(RecordTooLong { line: 1 }));
    }
}
