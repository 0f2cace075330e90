//! Text encoding and delimiter detection: the user is never asked.
//!
//! Encoding: a byte-order mark decides (UTF-8, UTF-16 LE/BE); else UTF-16 without a mark is
//! recognised by its zero bytes; else valid UTF-8 is UTF-8; else the text is GB18030, the superset
//! of GBK that Excel uses when it saves Chinese CSV. Decoding is `encoding_rs`'s (the WHATWG
//! Encoding Standard implementation used by Firefox). Files that are not text at all (images,
//! PDFs, Excel workbooks, archives) are recognised by their first bytes and refused by name.

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use serde::{Deserialize, Serialize};

/// A file that is not delimited text, recognised by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinaryKind {
    /// A PNG image.
    Png,
    /// A JPEG image.
    Jpeg,
    /// A GIF image.
    Gif,
    /// A PDF document.
    Pdf,
    /// A ZIP archive, which includes `.xlsx` workbooks.
    ZipOrXlsx,
    /// An OLE compound file, which includes `.xls` workbooks.
    OleOrXls,
    /// A gzip-compressed file.
    Gzip,
    /// Other bytes that are not text.
    Unknown,
}

/// Recognises a file that is not text; `None` when it may be text.
pub fn binary_kind(bytes: &[u8]) -> Option<BinaryKind> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let kind = if starts(b"\x89PNG") {
        BinaryKind::Png
    } else if starts(b"\xFF\xD8\xFF") {
        BinaryKind::Jpeg
    } else if starts(b"GIF8") {
        BinaryKind::Gif
    } else if starts(b"%PDF") {
        BinaryKind::Pdf
    } else if starts(b"PK\x03\x04") {
        BinaryKind::ZipOrXlsx
    } else if starts(b"\xD0\xCF\x11\xE0") {
        BinaryKind::OleOrXls
    } else if starts(b"\x1F\x8B") {
        BinaryKind::Gzip
    } else {
        return None;
    };
    Some(kind)
}

/// The text of a file and the encoding it was found in.
pub struct Decoded<'a> {
    /// The text, without a byte-order mark.
    pub text: Cow<'a, str>,
    /// The encoding's WHATWG name, e.g. `UTF-8`, `GB18030`, `UTF-16LE`.
    pub encoding: &'static str,
    /// Whether a byte-order mark was present.
    pub bom: bool,
    /// Whether some bytes could not be decoded and were replaced by U+FFFD.
    pub had_errors: bool,
}

/// Guesses UTF-16 without a byte-order mark: text in it has a zero in most high bytes.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if zero_odd * 10 > pairs * 6 && zero_even * 10 < pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 > pairs * 6 && zero_odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Decodes a file's bytes.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text,
            encoding: encoding.name(),
            bom: true,
            had_errors,
        };
    }
    // Before the UTF-8 check: ASCII text in UTF-16 is also valid UTF-8, full of NULs.
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        return Decoded {
            text,
            encoding: encoding.name(),
            bom: false,
            had_errors,
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8.name(),
            bom: false,
            had_errors: false,
        };
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding: GB18030.name(),
        bom: false,
        had_errors,
    }
}

/// The encoding of a file, detected from its first bytes (see [`StreamDecoder::detect`]).
#[derive(Clone, Copy, Debug)]
pub struct Detected {
    /// The encoding.
    pub encoding: &'static Encoding,
    /// Length of the byte-order mark to skip (0 without one).
    pub bom_len: usize,
}

/// Detects the encoding from a file's first bytes, by the rules of [`decode`]. A prefix that is
/// valid UTF-8 except for a character cut at its end counts as UTF-8.
pub fn detect(prefix: &[u8]) -> Detected {
    if let Some((encoding, bom_len)) = Encoding::for_bom(prefix) {
        return Detected { encoding, bom_len };
    }
    if let Some(encoding) = utf16_without_bom(prefix) {
        return Detected {
            encoding,
            bom_len: 0,
        };
    }
    let utf8 = match std::str::from_utf8(prefix) {
        Ok(_) => true,
        // `error_len() == None`: the prefix ends inside a character, not in an invalid byte.
        Err(e) => e.error_len().is_none(),
    };
    Detected {
        encoding: if utf8 { UTF_8 } else { GB18030 },
        bom_len: 0,
    }
}

/// Decodes a file to UTF-8 as it streams in, slice by slice; a character cut between two
/// slices is completed by the next one (`encoding_rs`'s streaming decoder).
pub struct StreamDecoder {
    detected: Detected,
    decoder: encoding_rs::Decoder,
    bom_pending: usize,
    had_errors: bool,
    /// The start of a UTF-8 character cut at the end of the previous slice.
    carry: Vec<u8>,
}

impl StreamDecoder {
    /// A decoder for the encoding detected from the file's first bytes.
    pub fn detect(prefix: &[u8]) -> Self {
        let detected = detect(prefix);
        Self {
            detected,
            decoder: detected.encoding.new_decoder_without_bom_handling(),
            bom_pending: detected.bom_len,
            had_errors: false,
            carry: Vec::new(),
        }
    }

    /// The encoding's WHATWG name.
    pub fn encoding(&self) -> &'static str {
        self.detected.encoding.name()
    }

    /// Whether the file starts with a byte-order mark.
    pub fn bom(&self) -> bool {
        self.detected.bom_len > 0
    }

    /// Whether some bytes could not be decoded and were replaced by U+FFFD.
    pub fn had_errors(&self) -> bool {
        self.had_errors
    }

    /// Decodes the next slice; `last` for the final one. Valid UTF-8 is passed through
    /// without a copy; anything else is decoded into `out` (cleared first).
    pub fn decode<'a>(&mut self, mut input: &'a [u8], last: bool, out: &'a mut String) -> &'a str {
        if self.bom_pending > 0 {
            let skip = self.bom_pending.min(input.len());
            input = &input[skip..];
            self.bom_pending -= skip;
        }
        if self.detected.encoding == UTF_8 && self.carry.is_empty() {
            // The common case: a slice of valid UTF-8, maybe with a character cut at its end,
            // which is carried to the next slice. A slice that is valid whole is validated
            // once (it was twice: 3 % of a native import). With `from_utf8`, whose ASCII fast
            // path `utf8_chunks` lacks: validating with that instead made imports 12 % slower.
            match std::str::from_utf8(input) {
                Ok(text) => return text,
                Err(e) if e.error_len().is_none() && !last && e.valid_up_to() > 0 => {
                    let (text, rest) = input.split_at(e.valid_up_to());
                    self.carry.extend_from_slice(rest);
                    // Valid by `valid_up_to`'s contract; checked again (without `unsafe`) only
                    // when a slice ends inside a character.
                    return std::str::from_utf8(text).unwrap_or_default();
                }
                Err(_) => {}
            }
        }
        let carried = std::mem::take(&mut self.carry);
        out.clear();
        self.decode_append(&carried, false, out);
        self.decode_append(input, last, out);
        out.as_str()
    }

    /// Decodes with `encoding_rs`, appending to `out`.
    fn decode_append(&mut self, mut input: &[u8], last: bool, out: &mut String) {
        let needed = self
            .decoder
            .max_utf8_buffer_length(input.len())
            .unwrap_or(input.len().saturating_mul(3).saturating_add(16));
        out.reserve(needed);
        loop {
            let (result, read, errors) = self.decoder.decode_to_string(input, out, last);
            self.had_errors |= errors;
            input = &input[read..];
            match result {
                encoding_rs::CoderResult::InputEmpty => return,
                encoding_rs::CoderResult::OutputFull => out.reserve(out.capacity().max(64)),
            }
        }
    }
}

/// The field delimiters Shoplab recognises.
pub const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// Sniffs the delimiter from the start of the text: the candidate that splits the most of the
/// first lines into the same number (> 1) of fields, counting only outside quotes; comma on a
/// tie or when nothing splits.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (0usize, 0usize, b',');
    for delimiter in DELIMITERS {
        let counts: Vec<usize> = lines
            .iter()
            .map(|line| {
                let mut in_quotes = false;
                line.bytes()
                    .filter(|b| {
                        if *b == b'"' {
                            in_quotes = !in_quotes;
                        }
                        !in_quotes && *b == delimiter
                    })
                    .count()
            })
            .collect();
        // The most frequent non-zero count, and how many lines have it.
        let mut mode = (0usize, 0usize);
        for c in counts.iter().filter(|c| **c > 0) {
            let n = counts.iter().filter(|x| *x == c).count();
            if n > mode.1 || (n == mode.1 && *c > mode.0) {
                mode = (*c, n);
            }
        }
        if (mode.1, mode.0) > (best.0, best.1) {
            best = (mode.1, mode.0, delimiter);
        }
    }
    best.2
}

/// A delimiter's name for people.
pub fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b',' => "comma",
        b'\t' => "tab",
        b';' => "semicolon",
        b'|' => "pipe",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected() {
        let text = "日期,支付金额\n2024-03-01,1234.5\n";
        // UTF-8 with and without BOM.
        let d = decode(text.as_bytes());
        assert_eq!((d.encoding, d.bom, d.text.as_ref()), ("UTF-8", false, text));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let d = decode(&with_bom);
        assert_eq!((d.encoding, d.bom, d.text.as_ref()), ("UTF-8", true, text));
        // GBK bytes written by hand for "日期" (C8D5 C6DA), so the test does not rely on the
        // encoder it checks.
        let gbk = b"\xC8\xD5\xC6\xDA,x\n";
        let d = decode(gbk);
        assert_eq!((d.encoding, d.text.as_ref()), ("gb18030", "日期,x\n"));
        // UTF-16 LE and BE, with and without BOM.
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let le_bom = [b"\xFF\xFE".as_slice(), &le].concat();
        let d = decode(&le_bom);
        assert_eq!((d.encoding, d.text.as_ref()), ("UTF-16LE", text));
        let be_bom = [b"\xFE\xFF".as_slice(), &be].concat();
        let d = decode(&be_bom);
        assert_eq!((d.encoding, d.text.as_ref()), ("UTF-16BE", text));
        let ascii = "date\tvisitors\n2024-03-01\t12\n";
        let le: Vec<u8> = ascii.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&le).encoding, "UTF-16LE");
    }

    #[test]
    fn binaries_are_named() {
        assert_eq!(binary_kind(b"\x89PNG\r\n\x1a\n...."), Some(BinaryKind::Png));
        assert_eq!(binary_kind(b"PK\x03\x04rest"), Some(BinaryKind::ZipOrXlsx));
        assert_eq!(
            binary_kind(b"\xD0\xCF\x11\xE0\xA1\xB1"),
            Some(BinaryKind::OleOrXls)
        );
        assert_eq!(binary_kind(b"InvoiceNo,StockCode"), None);
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2,5\t3\n"), b'\t');
        assert_eq!(sniff_delimiter("a;b;c\n\"1,5\";2;3\n4;5;6\n"), b';');
        assert_eq!(sniff_delimiter("a|b\n1|2\n"), b'|');
        assert_eq!(sniff_delimiter("\"x, y\",z\n\"p, q\",r\n"), b',');
        assert_eq!(sniff_delimiter("single\ncolumn\n"), b',');
    }
}
