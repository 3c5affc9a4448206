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

#[test]
fn the_template_in_data_is_what_the_library_writes() {
    let written = sheets::dataset::template_xlsx().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/import-template.xlsx");
    let stored = std::fs::read(path).unwrap();
    assert!(
        written == stored,
        "data/import-template.xlsx is stale: run `cargo run --example import --features sheets -- --template data/import-template.xlsx`"
    );
}

#[test]
fn the_template_has_instructions_and_a_few_sample_rows_per_table() {
    let book = sheets::dataset::template_xlsx().unwrap();
    let tables = import::read_workbook(&book, "t.xlsx").unwrap();
    // The instructions sheet is not a table.
    assert_eq!(tables.len(), 7);
    // The dataset sheet: one row, the chain cell empty (the template imported against).
    assert_eq!(tables[0].rows.len(), 1);
    assert_eq!(tables[0].rows[0].cells[0], import::Cell::Empty);
    for t in &tables[1..] {
        // Two of each, but the sources: every one the sample rows cite.
        let most = if t.name.contains("sources") { 5 } else { 2 };
        assert!(
            (1..=most).contains(&t.rows.len()),
            "{}: {}",
            t.name,
            t.rows.len()
        );
    }
    let sheets = sheets::dataset::template_sheets();
    assert_eq!(sheets[0].title, "说明 (instructions)");
}

/// What a planner gets who fills in the template and keeps its sample rows: a dataset that
/// imports against the VRFB template with no problem, is a valid graph, and round-trips.
#[test]
fn the_template_as_written_imports_against_the_vrfb_template() {
    let chain = builtin::vrfb_chain();
    let book = sheets::dataset::template_xlsx().unwrap();
    let d = import::from_xlsx_bytes(&book, "template.xlsx", &chain)
        .unwrap_or_else(|e| panic!("{:#?}", problem_lines(&e)));
    assert_eq!(d.chain, "vrfb");
    let firms: Vec<&str> = d.firms.iter().map(|f| f.id.as_str()).collect();
    assert!(firms.contains(&"weilide"), "{firms:?}");
    assert!(d.firms.iter().all(|f| !f.makes.is_empty()));
    // The sample's regions, then the built-in parents they name.
    let regions: Vec<&str> = d.regions.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        regions,
        ["cn-sc", "cn-sc-leshan-hitech", "cn", "cn-sc-leshan"]
    );
    vrfb_chain::KnowledgeGraph::new(chain.clone(), d.clone()).unwrap();
    let again = sheets::dataset::to_xlsx(&d).unwrap();
    assert_eq!(
        import::from_xlsx_bytes(&again, "again.xlsx", &chain).unwrap(),
        d
    );
}

/// A CSV folder of firms.csv and makes.csv against the VRFB template (the CLI's default).
fn vrfb_csv_import(files: &[(&str, &str)]) -> Result<vrfb_chain::Dataset, Vec<String>> {
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_bytes())).collect();
    import::from_csv_files(&refs, &builtin::vrfb_chain()).map_err(|e| problem_lines(&e))
}

#[test]
fn a_builtin_region_needs_no_regions_table() {
    let dir = std::env::temp_dir().join(format!("vrfb-sheets-builtin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("firms.csv"),
        "企业名称,所在地区\n示例电堆公司,乐山高新区\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("makes.csv"),
        "企业,产品,状态\n示例电堆公司,电堆,在建\n",
    )
    .unwrap();
    let chain = builtin::vrfb_chain();
    let d = import::from_path(&dir, &chain);
    std::fs::remove_dir_all(&dir).unwrap();
    let d = d.unwrap_or_else(|e| panic!("{:#?}", problem_lines(&e)));
    assert_eq!(d.firms[0].region, "cn-sc-leshan-hitech");
    // The zone and every ancestor, in the built-in dataset's order.
    let regions: Vec<&str> = d.regions.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        regions,
        ["cn", "cn-sc", "cn-sc-leshan", "cn-sc-leshan-hitech"]
    );
    assert_eq!(d.regions[3].parent.as_deref(), Some("cn-sc-leshan"));
    let graph = vrfb_chain::KnowledgeGraph::new(chain, d).unwrap();
    assert!(graph.region("cn-sc-leshan-hitech").is_some());
}

#[test]
fn a_misspelt_builtin_region_is_suggested() {
    let lines = vrfb_csv_import(&[
        ("firms.csv", "企业名称,所在地区\n示例电堆公司,乐山高新\n"),
        ("makes.csv", "企业,产品\n示例电堆公司,电堆\n"),
    ])
    .unwrap_err();
    assert_eq!(
        lines,
        ["firms.csv:2: 所在地区: unknown region 乐山高新; did you mean cn-sc-leshan-hitech (乐山高新区)?"]
    );
}

#[test]
fn a_workbook_region_wins_over_the_builtin_one_of_its_id() {
    // The workbook's own zone, and a firm in a built-in city named by its English name.
    let firms = "企业名称,所在地区\n甲,我的高新区\n乙,cn-sc-leshan-hitech\n丙,Leshan\n";
    let d = vrfb_csv_import(&[("regions.csv", MY_ZONE), ("firms.csv", firms)])
        .unwrap_or_else(|lines| panic!("{lines:#?}"));
    let regions: Vec<&str> = d.regions.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        regions,
        ["cn-sc-leshan-hitech", "cn", "cn-sc", "cn-sc-leshan"]
    );
    assert_eq!(d.regions[0].name.zh.as_deref(), Some("我的高新区"));
    assert_eq!(d.regions[0].parent, None);
    let in_region: Vec<&str> = d.firms.iter().map(|f| f.region.as_str()).collect();
    assert_eq!(
        in_region,
        ["cn-sc-leshan-hitech", "cn-sc-leshan-hitech", "cn-sc-leshan"]
    );
    // The built-in name of a region the workbook redefines is the workbook's to give.
    let lines = vrfb_csv_import(&[
        ("regions.csv", MY_ZONE),
        ("firms.csv", "企业名称,所在地区\n甲,乐山高新区\n"),
    ])
    .unwrap_err();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("firms.csv:2: 所在地区: unknown region 乐山高新区; did you mean cn-sc-leshan-hitech (我的高新区)?"),
        "{lines:#?}"
    );
}

/// A regions table that redefines a built-in region: another name, no parent.
const MY_ZONE: &str = "id,kind,name_zh,parent\ncn-sc-leshan-hitech,zone,我的高新区,\n";

#[test]
fn a_template_without_a_builtin_dataset_has_no_builtin_regions() {
    let mut chain = builtin::vrfb_chain();
    chain.id = "my-chain".into();
    let refs: [(&str, &[u8]); 1] = [("firms.csv", "企业名称,所在地区\n甲,乐山高新区\n".as_bytes())];
    let lines = problem_lines(&import::from_csv_files(&refs, &chain).unwrap_err());
    assert_eq!(lines, ["firms.csv:2: 所在地区: unknown region 乐山高新区"]);
}

/// The problems of an import, one line each: `makes.csv:57: 产品: ...`.
fn problem_lines(e: &vrfb_chain::Error) -> Vec<String> {
    e.problems().iter().map(|p| p.to_string()).collect()
}

fn csv_import(files: &[(&str, &str)]) -> Result<vrfb_chain::Dataset, Vec<String>> {
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_bytes())).collect();
    import::from_csv_files(&refs, &minimal_chain()).map_err(|e| problem_lines(&e))
}

const REGIONS: &str =
    "id,kind,name_zh,name_en,parent\ncountry,国家,甲国,Country,\ncity-a,市,甲市,City A,甲国\n";

#[test]
fn chinese_headers_names_and_statuses_import() {
    let firms = "企业名称,英文名称,统一社会信用代码,所在地区,注册资本\n示例电堆,Example Stack Co.,,甲市,5000\n示例钒业,,91511100MA62XXXX0A,City A,\n";
    let makes = "企业,产品,状态,产能,单位,投产时间\n示例电堆,电堆,在建,1.5,GWh/yr,2025/3/1\n91511100MA62XXXX0A,Vanadium pentoxide,停产,,,2020\n";
    let d = csv_import(&[
        ("regions.csv", REGIONS),
        ("企业.csv", firms),
        ("makes.csv", makes),
    ])
    .unwrap();
    assert_eq!(d.firms[0].id, "example-stack-co");
    assert_eq!(d.firms[0].region, "city-a");
    assert_eq!(
        d.firms[0].extra.as_ref().unwrap().get(),
        r#"{"注册资本":"5000"}"#
    ); // CSV cells are text
    assert_eq!(d.firms[0].makes[0].product, "stack");
    assert_eq!(d.firms[0].makes[0].status, vrfb_chain::Status::Building);
    assert_eq!(d.firms[0].makes[0].since.unwrap().to_string(), "2025-03-01");
    assert_eq!(d.firms[0].makes[0].capacity.as_ref().unwrap().value, 1.5);
    assert_eq!(d.firms[1].id, "uscc-91511100ma62xxxx0a");
    assert_eq!(d.firms[1].makes[0].product, "v2o5");
    assert_eq!(d.firms[1].makes[0].status, vrfb_chain::Status::Closed);
    assert_eq!(d.regions[1].parent.as_deref(), Some("country"));
}

#[test]
fn every_problem_at_once_at_its_file_row_and_column_with_a_suggestion() {
    // 丙市 is in neither the regions table nor the minimal template's built-in regions.
    let firms = "企业名称,所在地区,来源\n示例电堆,甲市,nosuch\n示例钒业,丙市,\n";
    let makes =
        "企业,产品,状态,产能\n示例电堆,电解液,在产,1\n示例钒业,stak,maybe,lots\n无名厂,stack,,\n";
    let lines = csv_import(&[
        ("regions.csv", REGIONS),
        ("firms.csv", firms),
        ("makes.csv", makes),
    ])
    .unwrap_err();
    let want = [
        "firms.csv:2: 来源: unknown source `nosuch`",
        "firms.csv:3: 所在地区: unknown region 丙市; did you mean city-a (甲市)?",
        "makes.csv:2: 产品: unknown product 电解液; did you mean electrolyte (钒电解液)?",
        "makes.csv:2: 产能: a capacity needs its unit (单位), such as GWh/yr",
        "makes.csv:3: 产品: unknown product stak; did you mean stack (电堆)?",
        "makes.csv:3: 状态: unknown status maybe",
        "makes.csv:3: 产能: `lots` is not a number",
        "makes.csv:4: 企业: unknown firm 无名厂",
    ];
    assert_eq!(lines.len(), want.len(), "{lines:#?}");
    for w in want {
        assert!(
            lines.iter().any(|l| l.starts_with(w)),
            "no line starting {w:?} in {lines:#?}"
        );
    }
}

#[test]
fn gbk_csv_is_read_and_bad_bytes_say_what_was_tried() {
    let (gbk, _, _) = encoding_rs_gbk("企业名称,所在地区\n示例电堆,甲市\n");
    let regions = REGIONS.as_bytes();
    let d = import::from_csv_files(
        &[("regions.csv", regions), ("firms.csv", &gbk)],
        &minimal_chain(),
    )
    .unwrap();
    assert_eq!(d.firms[0].name.zh.as_deref(), Some("示例电堆"));
    let err = import::from_csv_files(&[("firms.csv", b"a,b\n\xff\xfe\x80\n")], &minimal_chain())
        .unwrap_err();
    let line = &problem_lines(&err)[0];
    assert!(
        line.contains(
            "firms.csv: not readable text: tried UTF-8 (with or without BOM) and GBK/GB18030"
        ),
        "{line}"
    );
}

/// GBK bytes of a text, written by hand from its GB18030 encoding (the test does not
/// depend on encoding_rs directly).
fn encoding_rs_gbk(text: &str) -> (Vec<u8>, (), ()) {
    let table: &[(char, &[u8])] = &[
        ('企', b"\xc6\xf3"),
        ('业', b"\xd2\xb5"),
        ('名', b"\xc3\xfb"),
        ('称', b"\xb3\xc6"),
        ('所', b"\xcb\xf9"),
        ('在', b"\xd4\xda"),
        ('地', b"\xb5\xd8"),
        ('区', b"\xc7\xf8"),
        ('示', b"\xca\xbe"),
        ('例', b"\xc0\xfd"),
        ('电', b"\xb5\xe7"),
        ('堆', b"\xb6\xd1"),
        ('甲', b"\xbc\xd7"),
        ('市', b"\xca\xd0"),
    ];
    let mut out = Vec::new();
    for c in text.chars() {
        match table.iter().find(|(t, _)| *t == c) {
            Some((_, b)) => out.extend_from_slice(b),
            None => out.push(c as u8),
        }
    }
    (out, (), ())
}

mod properties {
    use proptest::prelude::*;
    use vrfb_chain::sheets::{self, import};
    use vrfb_chain::{builtin, synth};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// Any synthetic dataset written as a workbook imports back equal to itself.
        #[test]
        fn random_datasets_round_trip_through_xlsx(firms in 0usize..120, seed in any::<u64>()) {
            let d = synth::generate(firms, seed);
            let book = sheets::dataset::to_xlsx(&d).unwrap();
            let back = import::from_xlsx_bytes(&book, "r.xlsx", &builtin::vrfb_chain()).unwrap();
            prop_assert_eq!(back, d);
        }
    }
}

#[test]
fn report_workbook_has_one_sheet_per_section_with_one_row_per_entry() {
    let graph = builtin::vrfb_graph();
    let report =
        vrfb_chain::analysis::gaps(&graph, builtin::DEFAULT_REGION, &Default::default()).unwrap();
    let tables = sheets::report::sheets(&graph, &report);
    let keys: Vec<&str> = tables.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, sheets::report::SECTIONS);
    let rows = |k: &str| tables.iter().find(|s| s.key == k).unwrap().rows.len();
    assert_eq!(rows("products"), report.products.len());
    assert_eq!(rows("priorities"), report.priorities.len());
    assert_eq!(rows("upstream_gaps"), report.upstream_gaps.len());
    assert_eq!(
        rows("candidates"),
        report
            .candidates
            .iter()
            .map(|c| c.firms.len())
            .sum::<usize>()
    );
    let book = sheets::report::to_xlsx(&graph, &report).unwrap();
    assert_eq!(book, sheets::report::to_xlsx(&graph, &report).unwrap());
    // Every name column is filled from the graph.
    let products = tables.iter().find(|s| s.key == "products").unwrap();
    assert!(products.rows.iter().all(|r| r[1] != sheets::Value::Empty));
}

/// A cell of the makes rows that [`makes_book`] writes.
enum Cell {
    /// A date cell: an Excel date serial formatted as `yyyy-mm-dd` (Excel and openpyxl
    /// store 1900-02-28 as 59 and 2024-03-05 as 45356).
    Date(f64),
    /// A date serial in a built-in number format of that id: 31 is `yyyy"年"m"月"d"日"`
    /// and 57 `yyyy"年"m"月"` in a Chinese Excel, which writes them as ids alone.
    BuiltIn(f64, u8),
    /// A number in a General cell.
    Number(f64),
    /// Text.
    Text(&'static str),
}

/// A workbook of the firm 示例电堆 in 甲市 (a built-in region of the minimal template) with
/// one makes row of product stack per entry: its 产能 (capacity), 单位 (unit) and 投产时间
/// (since) cells, an empty text leaving a cell empty.
fn makes_book(rows: &[[Cell; 3]]) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let firms = wb.add_worksheet().set_name("firms").unwrap();
    firms.write_row(0, 0, ["企业名称", "所在地区"]).unwrap();
    firms.write_row(1, 0, ["示例电堆", "甲市"]).unwrap();
    let makes = wb.add_worksheet().set_name("makes").unwrap();
    makes
        .write_row(0, 0, ["企业", "产品", "产能", "单位", "投产时间"])
        .unwrap();
    for (r, cells) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        makes.write_row(r, 0, ["示例电堆", "stack"]).unwrap();
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16 + 2;
            match cell {
                Cell::Date(serial) => drop(makes.write_number_with_format(r, c, *serial, &date)),
                Cell::Number(n) => drop(makes.write_number(r, c, *n)),
                Cell::BuiltIn(serial, id) => {
                    let format = Format::new().set_num_format_index(*id);
                    drop(makes.write_number_with_format(r, c, *serial, &format));
                }
                Cell::Text("") => {}
                Cell::Text(t) => drop(makes.write_string(r, c, *t)),
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The `since` of each makes row of a workbook that imports.
fn since_of(book: &[u8]) -> Vec<String> {
    let d = import::from_xlsx_bytes(book, "since.xlsx", &minimal_chain())
        .unwrap_or_else(|e| panic!("{:#?}", problem_lines(&e)));
    let since = |m: &vrfb_chain::Makes| m.since.map(|d| d.to_string()).unwrap_or_default();
    d.firms[0].makes.iter().map(since).collect()
}

#[test]
fn date_cells_are_the_days_excel_shows_also_before_march_1900() {
    let since = |serial| [Cell::Text(""), Cell::Text(""), Cell::Date(serial)];
    let book = makes_book(&[since(59.0), since(45356.0), since(1.0), since(61.0)]);
    assert_eq!(
        since_of(&book),
        ["1900-02-28", "2024-03-05", "1900-01-01", "1900-03-01"]
    );
}

#[test]
fn date_cells_in_the_built_in_formats_of_a_chinese_excel_are_dates() {
    let since = |serial, id| [Cell::Text(""), Cell::Text(""), Cell::BuiltIn(serial, id)];
    // 2024年3月5日 (31), 2024年3月 (57), 3月5日 (58), 2024-03-05 as 14 (m/d/yy).
    let book = makes_book(&[
        since(45356.0, 31),
        since(45352.0, 57),
        since(45356.0, 58),
        since(45356.0, 14),
    ]);
    let tables = import::read_workbook(&book, "cjk.xlsx").unwrap();
    let makes = tables.iter().find(|t| t.name == "makes").unwrap();
    let cells: Vec<&import::Cell> = makes.rows.iter().map(|r| &r.cells[4]).collect();
    assert_eq!(
        cells,
        [45356.0, 45352.0, 45356.0, 45356.0]
            .map(import::Cell::Date)
            .iter()
            .collect::<Vec<_>>()
    );
    assert_eq!(
        since_of(&book),
        ["2024-03-05", "2024-03-01", "2024-03-05", "2024-03-05"]
    );
}

/// What a planner who types 2024, 202403 or 20240305 in a General cell sees is a number:
/// a year, a month and a day, not the Excel date serials they would be in a date cell.
#[test]
fn numbers_typed_as_dates_are_years_months_and_days() {
    let since = |n| [Cell::Text(""), Cell::Text(""), Cell::Number(n)];
    let book = makes_book(&[
        since(2024.0),
        since(202403.0),
        since(202412.0),
        since(20240305.0),
        since(20240229.0),
    ]);
    assert_eq!(
        since_of(&book),
        ["2024", "2024-03", "2024-12", "2024-03-05", "2024-02-29"]
    );
}

/// Dates as planners type them as text: spaces around 年 and 月 (full-width and no-break
/// ones among them), full-width digits, digits only, a time of day after the day.
#[test]
fn text_dates_with_spaces_full_width_digits_and_times() {
    let dates = [
        ("2024 年 3 月", "2024-03"),
        ("2024年 3月", "2024-03"),
        ("2024 年 3 月 5 日", "2024-03-05"),
        ("2024\u{3000}年\u{3000}3\u{3000}月", "2024-03"),
        ("\u{a0}2024-03\u{a0}", "2024-03"),
        ("２０２４年３月", "2024-03"),
        ("20240305", "2024-03-05"),
        ("2025-03-01 10:30", "2025-03-01"),
        ("2025-03-01T10:30:00", "2025-03-01"),
        ("2025/3/1 9:05:00", "2025-03-01"),
    ];
    let mut makes = String::from("企业,产品,投产时间\n");
    for (text, _) in dates {
        makes.push_str(&format!("示例电堆,stack,{text}\n"));
    }
    let d = csv_import(&[
        ("firms.csv", "企业名称,所在地区\n示例电堆,甲市\n"),
        ("makes.csv", &makes),
    ])
    .unwrap_or_else(|lines| panic!("{lines:#?}"));
    let since: Vec<String> = d.firms[0]
        .makes
        .iter()
        .map(|m| m.since.map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(since, dates.map(|(_, want)| want));
}

/// Capacities and shares written as text: thousands separators between groups of three
/// digits, full-width digits, a share in percent.
#[test]
fn numbers_written_as_text_with_thousands_separators() {
    let capacities = [
        ("1,500", 1500.0),
        ("12,345,678.5", 12_345_678.5),
        ("1 000", 1000.0),
        ("１，０００", 1000.0),
        ("５００", 500.0),
        ("1.5", 1.5),
    ];
    let mut makes = String::from("企业,产品,产能,单位\n");
    for (text, _) in capacities {
        makes.push_str(&format!("示例电堆,stack,\"{text}\",t/yr\n"));
    }
    let links =
        "从,至,关系,持股比例\n示例电堆,示例钒业,持股,５１％\n示例钒业,示例电堆,持股,33.3%\n";
    let d = csv_import(&[
        (
            "firms.csv",
            "企业名称,所在地区\n示例电堆,甲市\n示例钒业,甲市\n",
        ),
        ("makes.csv", &makes),
        ("links.csv", links),
    ])
    .unwrap_or_else(|lines| panic!("{lines:#?}"));
    let read: Vec<f64> = d.firms[0]
        .makes
        .iter()
        .map(|m| m.capacity.as_ref().unwrap().value)
        .collect();
    assert_eq!(read, capacities.map(|(_, want)| want));
    let shares: Vec<Option<f64>> = d.links.iter().map(|l| l.share).collect();
    assert_eq!(shares, [Some(0.51), Some(0.333)]);
}
