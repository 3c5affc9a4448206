//! Spreadsheets in and out: import with located errors, round trips, the template, the
//! report workbook.
#![cfg(feature = "sheets")]

use vrfb_chain::sheets::{self, import};
use vrfb_chain::{builtin, synth};

fn minimal_chain() -> vrfb_chain::Chain {
    builtin::minimal_chain()
}

#[test]
fn minimal_round_trips_through_xlsx_and_csv() {
    let d = builtin::minimal_dataset();
    let book = sheets::dataset::to_xlsx(&d).unwrap();
    assert_eq!(
        import::from_xlsx_bytes(&book, "m.xlsx", &minimal_chain()).unwrap(),
        d
    );
    let files: Vec<(String, Vec<u8>)> = sheets::dataset::sheets(&d)
        .iter()
        .map(|s| (format!("{}.csv", s.key), sheets::csv_bytes(s).unwrap()))
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    assert_eq!(import::from_csv_files(&refs, &minimal_chain()).unwrap(), d);
}

#[test]
fn builtin_round_trips_through_xlsx() {
    let graph = builtin::vrfb_graph();
    let d = graph.dataset().clone();
    let book = sheets::dataset::to_xlsx(&d).unwrap();
    let back = import::from_xlsx_bytes(&book, "vrfb.xlsx", graph.chain()).unwrap();
    assert_eq!(back, d);
}

#[test]
fn synthetic_round_trips_through_csv() {
    let d = synth::generate(300, 7);
    let chain = builtin::vrfb_chain();
    let files: Vec<(String, Vec<u8>)> = sheets::dataset::sheets(&d)
        .iter()
        .map(|s| (format!("{}.csv", s.key), sheets::csv_bytes(s).unwrap()))
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    assert_eq!(import::from_csv_files(&refs, &chain).unwrap(), d);
}
