//! Arbitrary bytes as spreadsheets: a CSV file (any encoding) and an `.xlsx` workbook,
//! imported against the minimal template (see `tests/common/sheets.rs`, shared with
//! `tests/bad_sheets.rs`). Nothing may panic; what imports writes back and imports again.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/sheets.rs"]
mod sheets;

fuzz_target!(|input: &[u8]| sheets::exercise_sheets(input));
