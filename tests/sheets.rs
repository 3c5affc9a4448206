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
    // 6 000 firms have 1 200 sources, among them one of id `sum`, which a totals row's
    // check once took for a totals row.
    let d = synth::generate(6000, 7);
    assert!(d.sources.iter().any(|s| s.id == "sum"));
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
    let mut tables = import::read_workbook(&book, "t.xlsx").unwrap();
    // The instructions sheet is read, but is no table: neither its name nor its headers
    // are a table's, so the import passes over it.
    assert_eq!(tables.len(), 8);
    let instructions = tables.remove(0);
    assert!(vrfb_chain::sheets::layout::table_named(&instructions.name).is_none());
    assert!(vrfb_chain::sheets::layout::table_with_headers(&instructions.headers).is_none());
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
fn a_csv_file_with_a_table_s_headers_but_not_its_name_is_reported() {
    let dir = std::env::temp_dir().join(format!("vrfb-sheets-unnamed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    write(
        "企业.csv",
        "企业名称,所在地区\n示例电堆公司,乐山高新区\n".as_bytes(),
    );
    // What the firm makes, in a file named for its products: it used to be passed over
    // and the import to succeed with a firm that makes nothing.
    write(
        "产品.csv",
        "企业,产品,状态\n示例电堆公司,电堆,在建\n".as_bytes(),
    );
    // Notes and a file that is not text are passed over, as before.
    write("说明.csv", "说明,日期\n每行一家企业,2025\n".as_bytes());
    write("logo.csv", b"\xff\xfe\x00\x80");
    let d = import::from_path(&dir, &builtin::vrfb_chain());
    // Given alone, the file's headers say which table it is.
    let alone = import::from_path(dir.join("产品.csv"), &builtin::vrfb_chain());
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        problem_lines(&d.unwrap_err()),
        [
            "产品.csv: not named after a table, but its headers (企业, 产品, 状态) are those of \
          the makes (生产) table: rename the file makes.csv or 生产.csv, or delete it if it \
          holds nothing to import"
        ]
    );
    assert_eq!(
        problem_lines(&alone.unwrap_err()),
        [
            "产品.csv: cannot tell which table this is from its name; its headers (企业, 产品, \
          状态) are those of the makes (生产) table: name it makes.csv or 生产.csv"
        ]
    );
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
        ("firms.csv", "企业名称,所在地区\n示例电堆公司,乐山高薪区\n"),
        ("makes.csv", "企业,产品\n示例电堆公司,电堆\n"),
    ])
    .unwrap_err();
    assert_eq!(
        lines,
        ["firms.csv:2: 所在地区: unknown region 乐山高薪区; did you mean cn-sc-leshan-hitech (乐山高新区)?"]
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

/// The minimal template's import of a regions table ([`REGIONS`]), `firms` and `makes`.
fn import_firms_and_makes(firms: &str, makes: &str) -> Result<vrfb_chain::Dataset, Vec<String>> {
    csv_import(&[
        ("regions.csv", REGIONS),
        ("firms.csv", firms),
        ("makes.csv", makes),
    ])
}

/// Asserts that each of `wanted` starts a line of `lines`.
fn assert_lines_start(lines: &[String], wanted: &[&str]) {
    for w in wanted {
        assert!(
            lines.iter().any(|l| l.starts_with(w)),
            "no line starting {w:?} in {lines:#?}"
        );
    }
}

const REGIONS: &str =
    "id,kind,name_zh,name_en,parent\ncountry,国家,甲国,Country,\ncity-a,市,甲市,City A,甲国\n";

#[test]
fn chinese_headers_names_and_statuses_import() {
    let firms = "企业名称,英文名称,统一社会信用代码,所在地区,注册资本\n示例电堆,Example Stack Co.,,甲市,5000\n示例钒业,,91511100MA62XXXX0W,City A,\n";
    let makes = "企业,产品,状态,产能,单位,投产时间\n示例电堆,电堆,在建,1.5,GWh/yr,2025/3/1\n91511100MA62XXXX0W,Vanadium pentoxide,停产,,,2020\n";
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
    assert_eq!(d.firms[1].id, "uscc-91511100ma62xxxx0w");
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
    let lines = import_firms_and_makes(firms, makes).unwrap_err();
    let want = [
        "firms.csv:2: 来源: unknown source nosuch: a source is the id of a row of the sources table",
        "firms.csv:3: 所在地区: unknown region 丙市; did you mean city-a (甲市)?",
        "makes.csv:2: 产品: unknown product 电解液; did you mean electrolyte (钒电解液)?",
        "makes.csv:2: 产能: a capacity needs its unit (单位), such as GWh/yr",
        "makes.csv:3: 产品: unknown product stak; did you mean stack (电堆)?",
        "makes.csv:3: 状态: unknown status maybe",
        "makes.csv:3: 产能: `lots` is not a number",
        "makes.csv:4: 企业: unknown firm 无名厂",
    ];
    assert_eq!(lines.len(), want.len(), "{lines:#?}");
    assert_lines_start(&lines, &want);
}

#[test]
fn a_makes_row_of_an_unknown_firm_has_all_its_problems_reported() {
    // Before, the row's other cells were read only once its firm was found: a planner
    // fixed the firm and met the next problem of the same row.
    let firms = "企业名称,所在地区\n示例电堆,甲市\n";
    let makes = "企业,产品,状态,产能,投产时间\n无名厂,stak,maybe,-5,明年\n";
    let lines = import_firms_and_makes(firms, makes).unwrap_err();
    assert_lines_start(
        &lines,
        &[
            "makes.csv:2: 企业: unknown firm 无名厂",
            "makes.csv:2: 产品: unknown product stak; did you mean stack (电堆)?",
            "makes.csv:2: 状态: unknown status maybe: use operating (在产",
            "makes.csv:2: 投产时间: `明年` is not a date",
        ],
    );
}

#[test]
fn a_link_of_an_unknown_kind_is_one_problem_and_a_purchase_says_who_sells() {
    let firms = "企业名称,所在地区\n示例电堆,甲市\n示例钒业,甲市\n";
    // Two links of unknown kinds between the same firms: each was read as a partnership
    // and the second reported as a partnership given twice, which nobody wrote.
    let links = "从,至,关系,产品\n示例电堆,示例钒业,子公司,\n示例电堆,示例钒业,技术合作,\n示例电堆,示例钒业,采购,电堆\n";
    let lines = csv_import(&[
        ("regions.csv", REGIONS),
        ("firms.csv", firms),
        ("links.csv", links),
    ])
    .unwrap_err();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].starts_with("links.csv:2: 关系: unknown link kind 子公司: use supplies (供货)"),
        "{lines:#?}"
    );
    assert!(lines[1].starts_with("links.csv:3: 关系: unknown link kind 技术合作"));
    assert_eq!(
        lines[2],
        "links.csv:4: 关系: `采购` does not say who sells: write 供货 (supplies), with the \
         seller in 从 (from) and the buyer in 至 (to)"
    );
}

#[test]
fn formulas_without_values_and_error_values_are_reported_once_in_any_column() {
    use import::{Cell, Row, Table};
    let text = |s: &str| Cell::Text(s.into());
    let table = |name: &str, headers: &[&str], cells: Vec<Cell>| Table {
        name: name.into(),
        in_workbook: true,
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows: vec![Row { line: 2, cells }],
    };
    let regions = import::read_csv(REGIONS.as_bytes(), "regions.csv").unwrap();
    let firms = table(
        "企业",
        &["企业名称", "所在地区", "联系人"],
        vec![text("示例电堆"), text("甲市"), Cell::Error("#N/A".into())],
    );
    let makes = table(
        "生产",
        &["企业", "产品", "产能", "单位"],
        vec![
            text("示例电堆"),
            text("stack"),
            Cell::Formula("=B2*3".into()),
            text("MW"),
        ],
    );
    let err = import::from_tables(&[regions, firms, makes], &minimal_chain()).unwrap_err();
    let lines = problem_lines(&err);
    assert_eq!(
        lines,
        [
            "企业!C2: 联系人: the cell holds the error #N/A: put a value, or leave it empty",
            "生产!C2: 产能: the formula =B2*3 has no saved value (the file was written by a \
             program, not saved by Excel): open the workbook in Excel or WPS and save it, or \
             type the value",
        ],
        "no second problem for the capacity or its unit"
    );
    // A totals row is reported as that alone, not for the formula it sums with.
    let firms = table(
        "企业",
        &["企业名称", "所在地区"],
        vec![text("示例电堆"), text("甲市")],
    );
    let mut makes = table(
        "生产",
        &["企业", "产品", "产能", "单位"],
        vec![
            text("示例电堆"),
            text("stack"),
            Cell::Number(3.0),
            text("MW"),
        ],
    );
    makes.rows.push(Row {
        line: 3,
        cells: vec![text("合计"), Cell::Empty, Cell::Formula("=SUM(C2)".into())],
    });
    let regions = import::read_csv(REGIONS.as_bytes(), "regions.csv").unwrap();
    let err = import::from_tables(&[regions, firms, makes], &minimal_chain()).unwrap_err();
    assert_eq!(
        problem_lines(&err),
        ["生产:3: a totals row (合计): delete it; a table holds one record per row"]
    );
}

#[test]
fn misspelled_and_repeated_headers_and_an_extra_that_contradicts_a_column_are_reported() {
    // Each used to go into the firm's extra, or nowhere, without a word: the English
    // names, the second 备注 column's values, the credit code of the column.
    let firms = "企业名称,英文名,标签：,所在地区,统一社会信用代码,备注,备注 ,扩展\n\
                 示例电堆,Example Stack,chain-leader,甲市,91511100MA62XXXX0W,a,b,\"{\"\"credit_code\"\":\"\"X\"\"}\"\n";
    let lines = csv_import(&[("regions.csv", REGIONS), ("firms.csv", firms)]).unwrap_err();
    assert_eq!(
        lines,
        [
            "firms.csv:1: 英文名: unknown column; did you mean 英文名称 (name_en)? (A column \
             of your own is kept in the record's extra: give it a header unlike the table's \
             columns)",
            "firms.csv:1: 备注: a second column named 备注: its values would be lost; give \
             one of them another header",
            "firms.csv:2: 扩展: the key credit_code is given here and by a column, with \
             another value: keep one",
        ]
    );
    // In a table with no extra, a misspelt header is one problem, which names the column.
    let makes = "企业,产品,投产时\n示例电堆,stack,2024\n";
    let firms = "企业名称,所在地区\n示例电堆,甲市\n";
    let lines = import_firms_and_makes(firms, makes).unwrap_err();
    assert_eq!(
        lines,
        [
            "makes.csv:1: 投产时: unknown column: did you mean 投产时间 (since)? The columns of \
          makes are 企业 (firm), 产品 (product), 状态 (status), 产能 (capacity), 单位 (unit), \
          投产时间 (since), 截止 (until), 来源 (sources), 备注 (note)"
        ]
    );
    // A colon after a header is no part of it: 标签： is the tags column.
    let firms = "企业名称,标签：,所在地区\n示例电堆,chain-leader,甲市\n";
    let d = csv_import(&[("regions.csv", REGIONS), ("firms.csv", firms)]).unwrap();
    assert_eq!(d.firms[0].tags, ["chain-leader"]);
}

#[test]
fn suggestions_name_a_record_with_an_id_and_look_past_the_company_form() {
    // A region row without an id was suggested as `did you mean  (园区)`; a firm that only
    // shares `股份有限公司` with another was suggested as it; 乐山 was 乐山高新区.
    let regions = "id,kind,name_zh,parent\ncn-sc-leshan-park,园区,乐山钒电池产业园,cn-sc-leshan\n,园区,五通桥园区,cn-sc-leshan\n";
    let firms = "企业名称,所在地区\n四川伟力得能源股份有限公司,乐山\n示例电堆,五通桥区\n";
    let makes = "企业,产品\n大连融科储能集团股份有限公司,电堆\n";
    let lines = vrfb_csv_import(&[
        ("regions.csv", regions),
        ("firms.csv", firms),
        ("makes.csv", makes),
    ])
    .unwrap_err();
    let line = |start: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start:?} in {lines:#?}"))
            .clone()
    };
    // 乐山 is 乐山市 without its suffix: found, not suggested.
    assert!(
        !lines.iter().any(|l| l.starts_with("firms.csv:2")),
        "{lines:#?}"
    );
    assert!(
        !line("firms.csv:3: 所在地区").contains("did you mean  ("),
        "{lines:#?}"
    );
    assert_eq!(
        line("makes.csv:2: 企业"),
        "makes.csv:2: 企业: unknown firm 大连融科储能集团股份有限公司"
    );
}

#[test]
fn a_record_given_twice_names_the_row_of_the_first_not_its_place_in_the_dataset() {
    let firms = "企业编号,企业名称,所在地区\nstackco,示例电堆,甲市\nmineco,示例矿业,甲市\nstackco,示例电堆二厂,甲市\n";
    let links = "从,至,关系,产品\nmineco,stackco,供货,stack\nmineco,stackco,供货,stack\n";
    let lines = csv_import(&[
        ("regions.csv", REGIONS),
        ("firms.csv", firms),
        ("links.csv", links),
    ])
    .unwrap_err();
    assert_eq!(
        lines,
        [
            "firms.csv:4: 企业编号: duplicate firm or organization id `stackco` (first at firms.csv:2)",
            "links.csv:3: duplicate supplies link from `mineco` to `stackco` (first at links.csv:2)",
        ]
    );
}

#[test]
fn a_title_row_a_totals_row_and_a_note_are_each_one_clear_problem() {
    // Each gave a cascade in the records' words: a missing column for each column, or
    // `name needs zh or en` and `unknown region ``` for the totals row.
    let titled = "乐山市钒电池企业名录,,\n企业名称,所在地区,注册资本\n示例电堆,甲市,5000\n";
    let lines = csv_import(&[("regions.csv", REGIONS), ("firms.csv", titled)]).unwrap_err();
    assert_eq!(
        lines,
        [
            "firms.csv: row 1 holds a title (乐山市钒电池企业名录), and the column names are in \
          row 2: delete the rows above the column names, so that row 1 names the columns"
        ]
    );
    // A title merged over the columns: the import gives each cell of a merged range its
    // value, so every header cell holds the title.
    let merged = "企业名录,企业名录,企业名录\n企业名称,所在地区,注册资本\n示例电堆,甲市,5000\n";
    let lines = csv_import(&[("regions.csv", REGIONS), ("firms.csv", merged)]).unwrap_err();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].starts_with("firms.csv: row 1 holds a title (企业名录)"));
    // `sum` and `total` may be ids (a 100k-firm registry has a source `sum`): only the
    // Chinese words and the capitalised English ones mark a totals row.
    let sources = "id,title\nsum,a\ntotal,b\n";
    let firms = "企业名称,所在地区,来源\n示例电堆,甲市,sum; total\n";
    let d = csv_import(&[
        ("sources.csv", sources),
        ("regions.csv", REGIONS),
        ("firms.csv", firms),
    ])
    .unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(d.sources.len(), 2);
    let firms =
        "企业名称,所在地区,注册资本\n示例电堆,甲市,5000\n合计,,5000\n注：资本单位为万元,,\n";
    let lines = csv_import(&[("regions.csv", REGIONS), ("firms.csv", firms)]).unwrap_err();
    assert_eq!(
        lines,
        [
            "firms.csv:3: a totals row (合计): delete it; a table holds one record per row",
            "firms.csv:4: a note, not a record: delete the row, or put the note in a column \
             of your own (kept in the record's extra)",
        ]
    );
}

#[test]
fn a_makes_row_typed_twice_is_warned_of_and_a_name_in_full_width_brackets_is_found() {
    // The format allows two identical makes facts (and the import reads back every
    // dataset it writes), so the copy is kept; the report's warnings say that its
    // capacity counts twice.
    let firms = "企业名称,所在地区\n示例电堆(高新),甲市\n";
    let makes = "企业,产品,产能,单位\n示例电堆（高新）,stack,100,MW/yr\n示例电堆(高新),stack,100,MW/yr\n示例电堆(高新),stack,50,MW/yr\n";
    let d = import_firms_and_makes(firms, makes).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(d.firms[0].makes.len(), 3);
    let graph = vrfb_chain::KnowledgeGraph::new(minimal_chain(), d).unwrap();
    let report = vrfb_chain::analysis::gaps(&graph, "city-a", &Default::default()).unwrap();
    let warnings: Vec<String> = vrfb_chain::warnings::check(&graph, &report)
        .iter()
        .map(|w| w.to_string())
        .collect();
    let id = &graph.dataset().firms[0].id;
    assert!(
        warnings.contains(&format!(
            "1 makes fact is the same as an earlier one of its firm, word for word, and each \
             counts (a capacity twice): delete the copies if they are one plant (1 firm: {id})"
        )),
        "{warnings:#?}"
    );
}

#[test]
fn chinese_words_for_the_chain_leader_and_the_start_date_and_a_name_given_twice() {
    let firms = "企业名称,所在地区,标签\n示例电堆,甲市,链主企业\n";
    let makes = "企业,产品,投产日期\n示例电堆,stack,2024-03\n";
    let d = import_firms_and_makes(firms, makes).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(d.firms[0].tags, ["chain-leader"]);
    assert_eq!(
        d.firms[0].makes[0].since.map(|d| d.to_string()).as_deref(),
        Some("2024-03")
    );
    // Two rows of one name and no id get one id: the advice was "use the id", naming it
    // twice.
    let firms = "企业名称,所在地区\n示例电堆,甲市\n示例电堆,甲市\n";
    let makes = "企业,产品\n示例电堆,stack\n";
    let lines = import_firms_and_makes(firms, makes).unwrap_err();
    let id = "firm-50f87a5591e1738c";
    assert!(
        lines.contains(&format!(
            "makes.csv:2: 企业: 示例电堆 is the name of 2 rows with the same id {id} (made from \
             the name): keep one row, or give each its own id"
        )),
        "{lines:#?}"
    );
}

#[test]
fn a_share_without_its_percent_sign_and_sources_split_by_spaces() {
    let sources = "id,title\ns01,a\ns04,b\n";
    let firms = "企业名称,所在地区,来源\n示例电堆,甲市,s01 s04\n示例钒业,甲市,s01/s04\n";
    let links = "从,至,关系,持股比例\n示例钒业,示例电堆,持股,51\n示例钒业,示例电堆,合作,\n";
    let lines = csv_import(&[
        ("sources.csv", sources),
        ("regions.csv", REGIONS),
        ("firms.csv", firms),
        ("links.csv", links),
    ])
    .unwrap_err();
    // Not "share must be in (0, 1], got 51"; the sources are two each, both known.
    assert_eq!(
        lines,
        ["links.csv:2: 持股比例: a share is a fraction of 1: write 51% or 0.51"]
    );
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
    // So are the names of the local suppliers, beside their ids (Sichuan's firms have
    // some).
    let report = vrfb_chain::analysis::gaps(&graph, "cn-sc", &Default::default()).unwrap();
    let tables = sheets::report::sheets(&graph, &report);
    let upstream = tables.iter().find(|s| s.key == "upstream_gaps").unwrap();
    let column = |h: &str| {
        upstream
            .headers
            .iter()
            .position(|x| x.starts_with(h))
            .unwrap()
    };
    let (ids, names) = (column("本地供应商 ("), column("本地供应商名称"));
    assert_eq!(names, ids + 1);
    for (row, gap) in upstream.rows.iter().zip(&report.upstream_gaps) {
        let want: Vec<String> = gap
            .local_suppliers
            .iter()
            .map(|f| graph.firm(f).unwrap().name.display())
            .collect();
        assert_eq!(row[names], sheets::Value::from(want.join("; ")));
    }
    assert!(report
        .upstream_gaps
        .iter()
        .any(|g| !g.local_suppliers.is_empty()));
}

#[test]
fn the_critical_firms_sheet_names_products_and_statuses_in_chinese() {
    let graph = builtin::vrfb_graph();
    let report = vrfb_chain::analysis::gaps(&graph, "cn-sc", &Default::default()).unwrap();
    let tables = sheets::report::sheets(&graph, &report);
    let sheet = tables.iter().find(|s| s.key == "critical_firms").unwrap();
    assert_eq!(sheet.rows.len(), report.critical_firms.len());
    let zh = |id: &str| {
        let p = graph.product(id).unwrap();
        format!("{} ({id})", p.name.zh.as_deref().unwrap())
    };
    let mut downgrades = 0;
    for (row, firm) in sheet.rows.iter().zip(&report.critical_firms) {
        let sheets::Value::Text(cell) = &row[3] else {
            assert!(firm.downgraded.is_empty());
            continue;
        };
        for d in &firm.downgraded {
            let (now, without) = (
                vrfb_chain::render::words::status(d.status).zh,
                vrfb_chain::render::words::status(d.without).zh,
            );
            let shown = format!("{}: {now} → {without}", zh(&d.product));
            assert!(cell.contains(&shown), "{cell:?} lacks {shown:?}");
            downgrades += 1;
        }
    }
    assert!(
        downgrades > 0,
        "Sichuan's report has firms whose loss downgrades a product"
    );
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

#[test]
fn a_planners_shorthand_is_read_as_meant() {
    // 四川 for 四川省; a dash, 待定 or 无 for "not known" in a date, a number, a note and a
    // list; the unit in the capacity's header; a source by its title, under 信息来源.
    let sources = "编号,标题,网址,等级\nleshan-daily,乐山日报,-,B\n";
    let firms = "企业名称,所在地区,信息来源,统一社会信用代码\n\
                 示例电堆,四川,乐山日报,914403001922038216\n示例钒业,乐山,无,-\n";
    let makes = "企业,产品,产能（MW）,投产时间,备注,来源\n\
                 示例电堆,电堆,100,-,待定,leshan-daily\n示例钒业,钒电解液,待定,2024,—,\n";
    let d = vrfb_csv_import(&[
        ("sources.csv", sources),
        ("firms.csv", firms),
        ("makes.csv", makes),
    ])
    .unwrap_or_else(|lines| panic!("{lines:#?}"));
    assert_eq!(d.sources[0].url, None);
    let (stack, vanadium) = (&d.firms[0], &d.firms[1]);
    assert_eq!(
        (stack.region.as_str(), vanadium.region.as_str()),
        ("cn-sc", "cn-sc-leshan")
    );
    assert_eq!(stack.sources, ["leshan-daily"]);
    assert!(vanadium.sources.is_empty());
    assert_eq!(
        stack.extra.as_ref().unwrap().get(),
        r#"{"credit_code":"914403001922038216"}"#
    );
    assert!(vanadium.extra.is_none(), "{:?}", vanadium.extra);
    let m = &stack.makes[0];
    let capacity = m.capacity.as_ref().unwrap();
    assert_eq!((capacity.value, capacity.unit.as_str()), (100.0, "MW"));
    assert_eq!((m.since, m.note.as_deref()), (None, None));
    assert_eq!(m.sources, ["leshan-daily"]);
    let m = &vanadium.makes[0];
    assert_eq!((m.capacity.as_ref(), m.note.as_deref()), (None, None));
    assert_eq!(m.since.map(|d| d.to_string()).as_deref(), Some("2024"));
}

#[test]
fn what_a_planner_cannot_mean_is_refused_with_what_to_do() {
    let sources = "编号,标题,等级\nleshan-daily,乐山日报,B\n";
    let firms = "企业名称,所在地区,统一社会信用代码,来源\n\
                 甲,乐山,9.14403E+17,leshan-dialy\n乙,乐山,91440300192203821X,\n\
                 丙,乐山,440301103456789,\n丁,乐山,91440300I92203821X,\n";
    let makes = "企业,产品,状态,产能（MW）,单位\n甲,电堆,洽谈,,\n乙,电堆,在产,5,MWh\n";
    let lines = vrfb_csv_import(&[
        ("sources.csv", sources),
        ("firms.csv", firms),
        ("makes.csv", makes),
    ])
    .unwrap_err();
    assert_lines_start(
        &lines,
        &[
            "firms.csv:2: 统一社会信用代码: `9.14403E+17` is a credit code that Excel stored as a \
             number, which keeps only its first 15 digits: format the column as text (文本)",
            "firms.csv:2: 来源: unknown source leshan-dialy; did you mean leshan-daily (乐山日报)? \
             A source is the id or title of a row of the sources table (来源)",
            "firms.csv:3: 统一社会信用代码: `91440300192203821X` is not a valid credit code: with \
             these first 17 characters the 18th would be 6",
            "firms.csv:4: 统一社会信用代码: `440301103456789` has 15 characters: a credit code has \
             18; an old registration number (注册号) goes in a column of its own",
            "firms.csv:5: 统一社会信用代码: `91440300I92203821X` holds I, which no credit code has",
            "makes.csv:2: 状态: 洽谈 is a stage of recruiting the firm, not of its plant",
            "makes.csv:3: 单位: the unit is MWh here, and MW in the header of the capacity: keep one",
        ],
    );
    assert_eq!(lines.len(), 7, "{lines:#?}");
    // Without a sources table, the message says to add one.
    let lines =
        vrfb_csv_import(&[("firms.csv", "企业名称,所在地区,来源\n甲,乐山,官网\n")]).unwrap_err();
    assert_eq!(
        lines,
        [
            "firms.csv:2: 来源: unknown source 官网: a source is the id of a row of the sources \
          table (来源), which is not here: add it, with a row for each source (编号, 标题, 网址, \
          等级)"
        ]
    );
}

#[test]
fn excel_unicode_text_files_are_read() {
    // Excel's "Unicode Text" (Unicode 文本): UTF-16 with a byte-order mark, tab-separated,
    // named .txt.
    let dir = std::env::temp_dir().join(format!("vrfb-sheets-utf16-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let utf16 = |text: &str, little: bool| -> Vec<u8> {
        let units = std::iter::once(0xfeff).chain(text.encode_utf16());
        let to_bytes = |u: u16| {
            if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        };
        units.flat_map(to_bytes).collect()
    };
    let firms = "企业名称\t所在地区\r\n示例电堆公司\t乐山高新区\r\n";
    std::fs::write(dir.join("企业.txt"), utf16(firms, true)).unwrap();
    let makes = "企业\t产品\r\n示例电堆公司\t电堆\r\n";
    std::fs::write(dir.join("makes.TXT"), utf16(makes, false)).unwrap();
    let d = import::from_path(&dir, &builtin::vrfb_chain()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.firms[0].name.zh.as_deref(), Some("示例电堆公司"));
    assert_eq!(d.firms[0].region, "cn-sc-leshan-hitech");
    assert_eq!(d.firms[0].makes[0].product, "stack");
    // A file that starts as UTF-16 and is not: what to do.
    let mut broken = utf16("企业名称\n", true);
    broken.push(0xd8); // half of a UTF-16 code unit
    std::fs::write(dir.join("企业.txt"), broken).unwrap();
    let err = import::from_path(&dir, &builtin::vrfb_chain()).unwrap_err();
    assert!(err.to_string().contains("starts as UTF-16"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_csv_row_is_numbered_as_a_spreadsheet_shows_it_even_below_a_cell_of_several_lines() {
    // Row 2's note holds two line breaks, and a blank line follows: Excel shows the
    // unknown product of the last record in row 4, which is the file's line 6.
    let makes = "企业,产品,备注\n示例电堆公司,电堆,\"三行\n的\n备注\"\n\n示例电堆公司,电推,\n";
    let lines = vrfb_csv_import(&[
        ("firms.csv", "企业名称,所在地区\n示例电堆公司,乐山高新区\n"),
        ("makes.csv", makes),
    ])
    .unwrap_err();
    assert_eq!(
        lines,
        ["makes.csv:4: 产品: unknown product 电推; did you mean stack (电堆)?"]
    );
}
