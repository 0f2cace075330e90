//! Property test of the import entry point (a bounded, seeded stand-in for `cargo fuzz`, so CI
//! runs it every time): random bytes and random mutations of a valid export must never panic,
//! and every import that succeeds must account for every row: read = used + skipped.

use shoplab::engine::ingest::{
    import, ImportError, ImportOptions, Imported, ImportedTable, Importer,
};
use shoplab::engine::random::Rand;

/// Valid exports of every kind, to mutate.
const VALID: [&str; 4] = [
    "\
InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,\"WHITE HANGING HEART T-LIGHT HOLDER\",6,12/1/2010 8:26,2.55,17850.0,United Kingdom
536366,22633,\"HAND WARMER, UNION JACK\",6,12/1/2010 8:28,1.85,17850,United Kingdom
C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom
536380,22961,JAM MAKING SET PRINTED,24,13/1/2010 9:41,£1.45,,France
",
    "\
日期,商品ID,商品访客数,加购人数,下单买家数,支付买家数,支付件数,支付金额
2024-03-01,1001,\"1,204\",88,40,31,35,\"¥3,480.50\"
2024/3/2,1001,998,70,--,25,27,2990
03/03/2024,1002,15,1,0,0,0,0
",
    "\
DATE,revenue,tv_S,ooh_S,facebook_I,search_clicks_P,search_S,facebook_S,events
2015-11-23,2754371.67,22358.35,0,24301284.24,0,0,7607.13,na
2015-11-30,2584276.67,28613.45,0,5527033.18,9837.24,4133.33,1141.95,na
",
    "\
SKU,Name,On hand,Unit cost,Price,Lead time,MOQ
A-1,Mug,120,2.50,9.90,14,50
B-2,\"Tea, green\",-3,1.20,4.50,,10
",
];

fn rows_of(imported: &Imported) -> usize {
    match &imported.table {
        ImportedTable::Orders { orders, .. } => orders.len(),
        ImportedTable::Traffic(rows) => rows.len(),
        ImportedTable::Marketing { rows, .. } => rows.len(),
        ImportedTable::Inventory(rows) => rows.len(),
    }
}

fn check(bytes: &[u8]) {
    let whole = import("fuzz.csv", bytes, &ImportOptions::default());
    match &whole {
        Ok(imported) => {
            let r = &imported.report;
            assert_eq!(r.rows_read, r.rows_used + r.rows_skipped, "accounting");
            assert_eq!(r.table_rows as usize, rows_of(imported));
            let grouped: u64 = r.skipped.iter().map(|g| g.count).sum();
            assert_eq!(grouped, r.rows_skipped);
            for g in &r.skipped {
                assert!(g.first_lines.len() <= 5 && g.first_lines.is_sorted());
            }
            if let ImportedTable::Orders { orders, .. } = &imported.table {
                assert_eq!(r.rows_used as usize, orders.len());
                assert!(orders
                    .iter()
                    .all(|l| l.quantity.is_finite() && l.unit_price.is_finite()));
            }
        }
        Err(ImportError::NothingUsable(r)) => assert_eq!(r.rows_read, r.rows_skipped),
        Err(_) => {}
    }
}

/// Streaming: the same bytes fed in slices of any size give exactly the same result.
fn check_slices(bytes: &[u8], rng: &mut Rand) {
    let whole = import("fuzz.csv", bytes, &ImportOptions::default());
    let mut importer = Importer::new("fuzz.csv", ImportOptions::default());
    let mut at = 0;
    while at < bytes.len() {
        let n = (1 + rng.below(64) as usize).min(bytes.len() - at);
        importer.feed(&bytes[at..at + n]);
        at += n;
    }
    assert_eq!(importer.finish(), whole, "sliced vs whole");
}

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
fn valid_exports_of_every_kind_import() {
    for (i, text) in VALID.iter().enumerate() {
        let imported = import("valid.csv", text.as_bytes(), &ImportOptions::default())
            .unwrap_or_else(|e| panic!("export {i}: {e:?}"));
        assert_eq!(
            imported.report.rows_skipped, 0,
            "export {i}: {:?}",
            imported.report.skipped
        );
    }
}

#[test]
fn mutated_exports_never_panic_and_always_account_for_every_row() {
    let mut rng = Rand::new(7);
    for round in 0..4_000 {
        let mut bytes = VALID[round % VALID.len()].as_bytes().to_vec();
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
        if round % 8 == 0 {
            check_slices(&bytes, &mut rng);
        }
    }
}
