//! Property test of the import entry point (a bounded, seeded stand-in for `cargo fuzz`, so CI
//! runs it every time): random bytes and random mutations of a valid export must never panic,
//! and every import that succeeds must account for every row: read = used + skipped.

use shoplab::engine::ingest::{import_orders, ImportError, ImportOptions};
use shoplab::engine::random::Rand;

const VALID: &str = "\
InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,\"WHITE HANGING HEART T-LIGHT HOLDER\",6,12/1/2010 8:26,2.55,17850.0,United Kingdom
536366,22633,\"HAND WARMER, UNION JACK\",6,12/1/2010 8:28,1.85,17850,United Kingdom
C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom
536380,22961,JAM MAKING SET PRINTED,24,13/1/2010 9:41,£1.45,,France
";

/// Bytes that commonly break parsers.
const SPICE: [&[u8]; 12] = [
    b"\"",
    b",",
    b"\n",
    b"\r\n",
    b"\t",
    b";",
    b"\0",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC8\xD5",
    b"\xE6\x97",
    b"1e309",
];

fn check(bytes: &[u8]) {
    match import_orders("fuzz.csv", bytes, &ImportOptions::default()) {
        Ok(imported) => {
            let r = &imported.report;
            assert_eq!(r.rows_read, r.rows_used + r.rows_skipped, "accounting");
            assert_eq!(r.rows_used as usize, imported.orders.len());
            let grouped: u64 = r.skipped.iter().map(|g| g.count).sum();
            assert_eq!(grouped, r.rows_skipped);
            assert!(imported
                .orders
                .iter()
                .all(|l| l.quantity.is_finite() && l.unit_price.is_finite()));
        }
        Err(ImportError::NothingUsable(r)) => assert_eq!(r.rows_read, r.rows_skipped),
        Err(_) => {}
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rand::new(2024);
    for _ in 0..1_500 {
        let len = rng.below(600) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
        check(&bytes);
    }
}

#[test]
fn mutated_exports_never_panic_and_always_account_for_every_row() {
    let mut rng = Rand::new(7);
    for _ in 0..3_000 {
        let mut bytes = VALID.as_bytes().to_vec();
        for _ in 0..1 + rng.below(6) {
            let at = rng.below(bytes.len() as u32 + 1) as usize;
            match rng.below(4) {
                0 => {
                    let spice = SPICE[rng.below(SPICE.len() as u32) as usize];
                    bytes.splice(at..at, spice.iter().copied());
                }
                1 if at < bytes.len() => {
                    bytes.remove(at);
                }
                2 if at < bytes.len() => bytes[at] = rng.below(256) as u8,
                _ => bytes.truncate(at),
            }
        }
        check(&bytes);
    }
}
