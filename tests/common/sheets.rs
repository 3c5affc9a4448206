//! What the `sheets` fuzz target and its regression test run on bytes: as a CSV table and
//! as a workbook, imported against the minimal template. Nothing may panic; an error names
//! where it is; an import that succeeds is a valid dataset that writes back and reads again
//! to the same dataset.

use vrfb_chain::builtin;
use vrfb_chain::sheets::{self, import};

/// Bytes as the file `makes.csv`, as a table of firms, and as a workbook.
pub fn exercise_sheets(bytes: &[u8]) {
    let chain = builtin::minimal_chain();
    for name in ["makes.csv", "firms.csv"] {
        check(import::from_csv_files(&[(name, bytes)], &chain), &chain);
    }
    check(import::from_xlsx_bytes(bytes, "fuzz.xlsx", &chain), &chain);
}

fn check(result: vrfb_chain::Result<vrfb_chain::Dataset>, chain: &vrfb_chain::Chain) {
    match result {
        Err(e) => assert!(e.lines().iter().all(|l| !l.is_empty()), "{e}"),
        Ok(dataset) => {
            let book = sheets::dataset::to_xlsx(&dataset).expect("a dataset writes as a workbook");
            let again = import::from_xlsx_bytes(&book, "again.xlsx", chain)
                .expect("a written dataset imports again");
            assert_eq!(again.canonical(), dataset.canonical());
        }
    }
}
