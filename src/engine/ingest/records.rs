//! Splitting delimited text into records as it streams in, with `csv-core`.
//!
//! `csv-core` (BurntSushi's allocation-free CSV state machine, the core of the `csv` crate) is
//! push-based: it takes whatever bytes have arrived, keeps its state between calls, and reports
//! when a record is complete. That is what a file read in slices needs: a quoted field with an
//! embedded newline, or a multi-byte character, may straddle two slices. [`Splitter`] owns the
//! field buffer and hands each complete [`Row`] to a callback, with the line it started on.

use csv_core::{ReadRecordResult, ReaderBuilder};

/// The longest record accepted. A longer one is almost always a file that is not delimited text
/// (or one whose quotes never close); stopping there keeps memory bounded.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// One record: its fields, and the 1-based line it starts on, as a text editor numbers lines.
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    data: &'a [u8],
    /// `data` as text: the splitter is fed UTF-8 and splits only at ASCII bytes, so a record
    /// is valid UTF-8 and every field end is a character boundary. Checked once per record.
    text: &'a str,
    ends: &'a [usize],
    /// The line the record starts on.
    pub line: u64,
}

impl<'a> Row<'a> {
    /// A row from a field buffer and the end offset of each field in it.
    pub fn new(data: &'a [u8], ends: &'a [usize], line: u64) -> Self {
        Self {
            data,
            text: std::str::from_utf8(data).unwrap_or(""),
            ends,
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
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.data.get(start..end)
    }

    /// Field `i` as text; `None` for a missing field (or, were the record not UTF-8, any).
    pub fn text(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
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

/// Push-based record splitter: feed it text in pieces of any size, get complete records.
pub struct Splitter {
    core: csv_core::Reader,
    fields: Vec<u8>,
    ends: Vec<usize>,
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
            fields: vec![0; 4096],
            ends: vec![0; 64],
            out_len: 0,
            ends_len: 0,
            record_line: 1,
            in_record: false,
            finished: false,
        }
    }

    /// Feeds a piece of text; calls `on_row` for each record it completes.
    pub fn feed(&mut self, input: &[u8], on_row: impl FnMut(Row<'_>)) -> Result<(), RecordTooLong> {
        if input.is_empty() {
            return Ok(());
        }
        self.run(input, false, on_row)
    }

    /// Ends the text: completes the last record, which may have no line break.
    pub fn finish(&mut self, on_row: impl FnMut(Row<'_>)) -> Result<(), RecordTooLong> {
        self.run(&[], true, on_row)
    }

    fn run(
        &mut self,
        mut input: &[u8],
        at_end: bool,
        mut on_row: impl FnMut(Row<'_>),
    ) -> Result<(), RecordTooLong> {
        if self.finished {
            return Ok(());
        }
        loop {
            if !self.in_record {
                // Line breaks between records (the `\n` of a CRLF, blank lines) are skipped
                // here, so that the line a record starts on is known before its first byte.
                let n = input
                    .iter()
                    .take_while(|b| matches!(b, b'\n' | b'\r'))
                    .count();
                let newlines = input[..n].iter().filter(|b| **b == b'\n').count();
                self.core.set_line(self.core.line() + newlines as u64);
                input = &input[n..];
                if input.is_empty() && !at_end {
                    return Ok(());
                }
                self.record_line = self.core.line();
                self.in_record = true;
            }
            let (result, read, written, ended) = self.core.read_record(
                input,
                &mut self.fields[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            input = &input[read..];
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
                    on_row(Row::new(
                        &self.fields[..self.out_len],
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

    fn split(pieces: &[&[u8]]) -> Vec<(u64, Vec<String>)> {
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
        let whole = split(&[text.as_bytes()]);
        let expected = vec![
            (1, vec!["a".to_owned(), "b".to_owned()]),
            (2, vec!["1".to_owned(), "x\ny".to_owned()]),
            (5, vec!["2".to_owned(), "he said \"hi\"".to_owned()]),
            (6, vec!["3".to_owned(), "last".to_owned()]),
        ];
        assert_eq!(whole, expected);
        // Every split point gives the same records.
        for cut in 0..text.len() {
            let (a, b) = text.as_bytes().split_at(cut);
            assert_eq!(split(&[a, b]), expected, "cut at {cut}");
        }
        // One byte at a time.
        let bytes: Vec<&[u8]> = text.as_bytes().chunks(1).collect();
        assert_eq!(split(&bytes), expected);
    }

    #[test]
    fn crlf_and_a_final_line_break() {
        assert_eq!(
            split(&[b"a,b\r\n1,2\r\n"]),
            vec![
                (1, vec!["a".to_owned(), "b".to_owned()]),
                (2, vec!["1".to_owned(), "2".to_owned()])
            ]
        );
    }

    #[test]
    fn a_record_that_never_ends_is_refused_at_the_limit() {
        let mut s = Splitter::new(b',');
        let chunk = vec![b'x'; 1 << 20];
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
