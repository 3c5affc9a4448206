//! The bad-input corpus of spreadsheets: each case is built here (workbooks are binary),
//! and its expected problem lines are in `tests/bad_sheets/NAME.expected`. Every case gets
//! a clear error or a correct import, never a panic.
#![cfg(feature = "sheets")]

use std::path::PathBuf;

#[path = "common/sheets.rs"]
mod fuzzed;

use rust_xlsxwriter::{Formula, Workbook};
use vrfb_chain::sheets::{self, import};
use vrfb_chain::{builtin, Dataset, Error};

enum V {
    S(&'static str),
    N(f64),
    B(bool),
    F(&'static str, &'static str),
    /// A date cell: an Excel date serial formatted as `yyyy-mm-dd`, as Excel and openpyxl
    /// write one.
    D(f64),
}

/// A workbook of sheets given cell by cell, with merged ranges (sheet, first row, last row,
/// column; 0-based).
fn book(sheets: &[(&str, Vec<Vec<V>>)], merges: &[(usize, u32, u32, u16)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (s, (name, rows)) in sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    V::S("") => {}
                    V::S(t) => drop(ws.write_string(r, c, *t).unwrap()),
                    V::N(n) => drop(ws.write_number(r, c, *n).unwrap()),
                    V::B(b) => drop(ws.write_boolean(r, c, *b).unwrap()),
                    V::D(n) => drop(ws.write_number_with_format(r, c, *n, &date).unwrap()),
                    V::F(f, result) => drop(
                        ws.write_formula(r, c, Formula::new(*f).set_result(*result))
                            .unwrap(),
                    ),
                }
            }
        }
        for &(ms, first, last, col) in merges {
            if ms == s {
                let value = match &rows[first as usize][col as usize] {
                    V::S(t) => *t,
                    _ => "",
                };
                ws.merge_range(
                    first,
                    col,
                    last,
                    col,
                    value,
                    &rust_xlsxwriter::Format::new(),
                )
                .unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("vrfb-bad-sheets-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The problem lines of an import (or the error's text when it has no problems).
fn outcome(path: &std::path::Path) -> Result<Dataset, Vec<String>> {
    import::from_path(path, &builtin::minimal_chain()).map_err(|e| match &e {
        Error::Invalid { problems, .. } => problems.iter().map(|p| p.to_string()).collect(),
        other => vec![other.to_string()],
    })
}

fn expect(case: &str, file_name: &str, bytes: &[u8]) {
    let d = dir().join(case);
    std::fs::create_dir_all(&d).unwrap();
    let path = d.join(file_name);
    std::fs::write(&path, bytes).unwrap();
    let expected_file = format!(
        "{}/tests/bad_sheets/{case}.expected",
        env!("CARGO_MANIFEST_DIR")
    );
    let got = outcome(&path).expect_err(case);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&expected_file, got.join("\n") + "\n").unwrap();
    }
    let expected = std::fs::read_to_string(&expected_file)
        .unwrap_or_else(|_| panic!("missing {expected_file}: run with BLESS=1 to write it"));
    let want: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(got, want, "{case}");
}

fn minimal_book() -> Vec<u8> {
    sheets::dataset::to_xlsx(&builtin::minimal_dataset()).unwrap()
}

#[test]
fn not_a_zip() {
    expect(
        "not-a-zip",
        "firms.xlsx",
        b"id,name\nthis is CSV text saved as .xlsx\n",
    );
}

#[test]
fn truncated_workbook() {
    let full = minimal_book();
    expect("truncated", "firms.xlsx", &full[..full.len() / 2]);
}

#[test]
fn empty_workbook_file() {
    expect("empty-xlsx", "firms.xlsx", b"");
}

#[test]
fn empty_csv_file() {
    expect("empty-csv", "firms.csv", b"");
}

#[test]
fn missing_sheet() {
    let bytes = book(
        &[(
            "Sheet1",
            vec![
                vec![V::S("企业名称"), V::S("地区")],
                vec![V::S("示例"), V::S("甲市")],
            ],
        )],
        &[],
    );
    expect("missing-sheet", "firms.xlsx", &bytes);
}

#[test]
fn no_sheet_of_a_table() {
    // Neither the name nor the headers of the one sheet are a table's.
    let bytes = book(
        &[(
            "Sheet1",
            vec![
                vec![V::S("备注"), V::S("日期")],
                vec![V::S("示例"), V::S("2025")],
            ],
        )],
        &[],
    );
    expect("no-table-sheet", "notes.xlsx", &bytes);
}

#[test]
fn a_renamed_makes_sheet() {
    // The makes rows in a sheet a planner renamed: they used to be dropped without a word,
    // the import succeeding with firms that make nothing.
    let bytes = book(
        &[
            (
                "企业",
                vec![
                    vec![V::S("企业名称"), V::S("所在地区")],
                    vec![V::S("示例电堆"), V::S("甲市")],
                ],
            ),
            (
                "企业产品",
                vec![
                    vec![V::S("企业"), V::S("产品"), V::S("状态")],
                    vec![V::S("示例电堆"), V::S("电堆"), V::S("在产")],
                ],
            ),
            (
                "说明",
                vec![
                    vec![V::S("表"), V::S("说明")],
                    vec![V::S("企业"), V::S("…")],
                ],
            ),
        ],
        &[],
    );
    expect("renamed-sheet", "firms.xlsx", &bytes);
}

#[test]
fn wrong_types() {
    let bytes = book(
        &[
            (
                "regions",
                vec![
                    vec![V::S("id"), V::S("kind"), V::S("name_zh")],
                    vec![V::S("city-a"), V::S("市"), V::S("甲市")],
                ],
            ),
            (
                "firms",
                vec![
                    vec![V::S("企业名称"), V::S("所在地区")],
                    vec![V::S("示例电堆"), V::S("甲市")],
                ],
            ),
            (
                "makes",
                vec![
                    vec![
                        V::S("企业"),
                        V::S("产品"),
                        V::S("产能"),
                        V::S("单位"),
                        V::S("投产时间"),
                    ],
                    vec![
                        V::S("示例电堆"),
                        V::S("stack"),
                        V::S("lots"),
                        V::S("GWh/yr"),
                        V::B(true),
                    ],
                    vec![
                        V::S("示例电堆"),
                        V::N(42.0),
                        V::N(-1.0),
                        V::S("GWh/yr"),
                        V::S("next year"),
                    ],
                    vec![
                        V::S("示例电堆"),
                        V::S("stack"),
                        V::N(1.0),
                        V::S("GWh/yr"),
                        V::S("2025/2/29"),
                    ],
                    vec![
                        V::S("示例电堆"),
                        V::S("stack"),
                        V::N(1.0),
                        V::S("GWh/yr"),
                        V::S("2025年13月"),
                    ],
                    since_row(V::D(60.0)),
                    since_row(V::D(0.5)),
                    // Numbers in General cells: a date serial, a month and a day that are
                    // not, a number with a point, a small number.
                    since_row(V::N(45356.0)),
                    since_row(V::N(202413.0)),
                    since_row(V::N(20250229.0)),
                    since_row(V::N(2024.03)),
                    since_row(V::N(12.0)),
                    // Text after a date, and parts of a year.
                    since_row(V::S("2024-03 至 2025-06")),
                    since_row(V::S("2024.3 投产")),
                    since_row(V::S("2024年底")),
                    since_row(V::S("2024Q1")),
                    // Commas that do not separate thousands, numbers with their units.
                    capacity_row(V::S("1,5"), "t/yr"),
                    capacity_row(V::S("1.000,5"), "t/yr"),
                    capacity_row(V::S("1,50"), "t/yr"),
                    capacity_row(V::S("1 5"), "t/yr"),
                    capacity_row(V::S("300 MW"), "MW"),
                    capacity_row(V::S("3万吨"), ""),
                ],
            ),
        ],
        &[],
    );
    expect("wrong-types", "firms.xlsx", &bytes);
}

/// A makes row of the wrong-types case whose only problem is its 投产时间 (since) cell.
fn since_row(since: V) -> Vec<V> {
    vec![
        V::S("示例电堆"),
        V::S("stack"),
        V::N(1.0),
        V::S("GWh/yr"),
        since,
    ]
}

/// A makes row of the wrong-types case whose only problem is its 产能 (capacity) cell.
fn capacity_row(capacity: V, unit: &'static str) -> Vec<V> {
    vec![V::S("示例电堆"), V::S("stack"), capacity, V::S(unit)]
}

fn minimal_rows(kind: &str) -> Vec<Vec<V>> {
    // The minimal dataset's tables as leaked strings, for hand-made workbooks.
    let sheet = sheets::dataset::sheets(&builtin::minimal_dataset())
        .into_iter()
        .find(|s| s.key == kind)
        .unwrap();
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let mut rows = vec![sheet
        .headers
        .iter()
        .map(|h| V::S(leak(h.clone())))
        .collect::<Vec<_>>()];
    for row in sheet.rows {
        rows.push(
            row.into_iter()
                .map(|v| match v {
                    sheets::Value::Empty => V::S(""),
                    sheets::Value::Text(t) => V::S(leak(t)),
                    sheets::Value::Number(n) => V::N(n),
                })
                .collect(),
        );
    }
    rows
}

fn minimal_with(kind: &str, rows: Vec<Vec<V>>, merges: &[(u32, u32, u16)]) -> Vec<u8> {
    let kinds = [
        "dataset",
        "sources",
        "regions",
        "firms",
        "makes",
        "organizations",
        "links",
    ];
    let mut sheets = Vec::new();
    let mut at = 0;
    let mut rows = Some(rows);
    for (i, k) in kinds.iter().enumerate() {
        if *k == kind {
            at = i;
            sheets.push((*k, rows.take().unwrap()));
        } else {
            sheets.push((*k, minimal_rows(k)));
        }
    }
    let merges: Vec<(usize, u32, u32, u16)> =
        merges.iter().map(|&(a, b, c)| (at, a, b, c)).collect();
    book(&sheets, &merges)
}

#[test]
fn a_formula_cell_imports_its_saved_value() {
    let mut firms = minimal_rows("firms");
    // stackco's region (column E) as a formula whose saved value is city-a.
    firms[2][4] = V::F("=LOWER(\"CITY-A\")", "city-a");
    let bytes = minimal_with("firms", firms, &[]);
    let path = dir().join("formula.xlsx");
    std::fs::write(&path, bytes).unwrap();
    assert_eq!(outcome(&path).unwrap(), builtin::minimal_dataset());
}

#[test]
fn merged_cells_give_their_value_to_every_row() {
    let mut makes = minimal_rows("makes");
    // minerco makes two products: rows 5 and 6 (0-based 4 and 5); merge its firm cells.
    assert!(matches!(makes[4][0], V::S("minerco")) && matches!(makes[5][0], V::S("minerco")));
    makes[5][0] = V::S("");
    let bytes = minimal_with("makes", makes, &[(4, 5, 0)]);
    let path = dir().join("merged.xlsx");
    std::fs::write(&path, bytes).unwrap();
    assert_eq!(outcome(&path).unwrap(), builtin::minimal_dataset());
}

/// A big CSV import, generated here rather than committed: 200,000 firm rows with one
/// makes row each (a 1M-row file takes minutes in a debug build; the release bench reads
/// 100k firms).
#[test]
fn a_big_csv_imports() {
    const ROWS: usize = 200_000;
    let d = dir().join("big");
    std::fs::create_dir_all(&d).unwrap();
    let mut firms = String::from("企业编号,企业名称,所在地区\n");
    let mut makes = String::from("企业,产品,状态\n");
    for i in 0..ROWS {
        firms.push_str(&format!("f{i},企业{i},city-a\n"));
        makes.push_str(&format!("f{i},stack,在产\n"));
    }
    std::fs::write(d.join("firms.csv"), firms).unwrap();
    std::fs::write(d.join("makes.csv"), makes).unwrap();
    std::fs::write(d.join("regions.csv"), "id,kind,name_zh\ncity-a,city,甲市\n").unwrap();
    let dataset = outcome(&d).unwrap();
    assert_eq!(dataset.firms.len(), ROWS);
    assert_eq!(dataset.firms[ROWS - 1].makes[0].product, "stack");
}

/// The `sheets` fuzz target's seeds and every case of this corpus, through the target's
/// own pipeline: errors or a dataset that round-trips, never a panic.
#[test]
fn the_fuzz_targets_pipeline_on_its_seeds_and_this_corpus() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root.join("fuzz/seeds-sheets"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 3, "{seeds:?}");
    for seed in &seeds {
        let bytes = std::fs::read(seed).unwrap();
        fuzzed::exercise_sheets(&bytes);
        // Cut short, as a truncated download is.
        for cut in [
            1,
            bytes.len() / 3,
            bytes.len() / 2,
            bytes.len().saturating_sub(7),
        ] {
            fuzzed::exercise_sheets(&bytes[..cut.min(bytes.len())]);
        }
    }
}
