//! The record splitter against the `csv` crate, on random text.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use shoplab::engine::ingest::records::Splitter;

/// Pieces of delimited text: quoted delimiters, doubled quotes, line breaks inside quotes, CRLF,
/// lone CR, blank lines, multi-byte characters, and long plain runs (so that lines span several
/// 8- and 16-byte blocks, with the bytes that matter at every offset of a block).
pub const ATOMS: &[&str] = &[
    "a",
    "12.5",
    "536365",
    "WHITE HANGING HEART T-LIGHT HOLDER",
    "2010-12-01 08:26",
    "",
    ",",
    ",",
    "\"",
    "\"x,y\"",
    "\"he said \"\"hi\"\"\"",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\"two\nlines\"",
    "价格说明",
    "£",
    " ",
    "\n\n",
];

/// Builds `cases` random texts from `atoms` (1 to `max_atoms` each, drawn with `seed`) and
/// asserts that the splitter, fed each text whole and then cut into random pieces of 1 to
/// `max_piece` bytes (at character boundaries), gives exactly the records the `csv` crate
/// reads from it (no header, flexible row lengths).
pub fn reads_as_the_csv_crate(
    atoms: &[&str],
    seed: u64,
    cases: usize,
    max_atoms: usize,
    max_piece: usize,
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for case in 0..cases {
        let mut text = String::new();
        for _ in 0..rng.random_range(1..max_atoms) {
            text.push_str(atoms[rng.random_range(0..atoms.len())]);
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let expected: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.map(|r| r.iter().map(str::to_owned).collect()))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("case {case}: {e}"));
        let mut cut = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let mut end = (start + rng.random_range(1..max_piece)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            cut.push(&text[start..end]);
            start = end;
        }
        for (how, pieces) in [("whole", vec![text.as_str()]), ("cut", cut)] {
            let mut got = Vec::new();
            let mut splitter = Splitter::new(b',');
            for piece in pieces {
                splitter
                    .feed(piece, |row| got.push(row.to_strings()))
                    .expect("short records");
            }
            splitter
                .finish(|row| got.push(row.to_strings()))
                .expect("short records");
            assert_eq!(got, expected, "case {case}, {how}: {text:?}");
        }
    }
}
