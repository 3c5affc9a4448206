//! Arbitrary bytes, as a template and as a dataset, through load → validate → graph →
//! gap report → Markdown → every export, and the whole input as a scenario against the
//! minimal data, and as a gap report and a report diff read back (see
//! `tests/common/mod.rs`, shared with the fuzz regressions and the property tests).
//! Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/mod.rs"]
mod common;

fuzz_target!(|input: &[u8]| {
    if let Some((chain, data)) = common::split(input) {
        common::exercise(chain, data);
    }
    common::exercise_scenario(input);
    common::exercise_reading_back(input);
});
