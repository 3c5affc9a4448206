//! Runs the built `vrfb-chain` binary as a user would: every subcommand's output and exit
//! code, names and suggestions, warnings, closed streams, `--help` and `--version`.
#![cfg(feature = "cli")]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_vrfb-chain");
const MINIMAL: &str = "data/minimal.dataset.json";

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs and checks the exit code, showing both streams when it is not the one expected.
#[track_caller]
fn expect(args: &[&str], code: i32) -> Output {
    let o = run(args);
    assert_eq!(
        o.status.code(),
        Some(code),
        "{args:?}\n--- stdout\n{}\n--- stderr\n{}",
        stdout(&o),
        stderr(&o)
    );
    o
}

/// Checks that standard error says `text`, showing it when it does not.
#[track_caller]
fn says(o: &Output, text: &str) {
    let err = stderr(o);
    assert!(err.contains(text), "standard error lacks {text:?}:\n{err}");
}

/// Checks that standard output (where `validate` lists problems) says `text`.
#[track_caller]
fn lists(o: &Output, text: &str) {
    let out = stdout(o);
    assert!(out.contains(text), "standard output lacks {text:?}:\n{out}");
}

/// The minimal dataset exported as a workbook or a folder of CSV files (`format`).
fn export_minimal(format: &str, out: &Path) {
    let args = [
        "export",
        "-q",
        "--dataset",
        MINIMAL,
        "--format",
        format,
        "--out",
        s(out),
    ];
    expect(&args, 0);
}

/// A file in a directory of this test process.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vrfb-chain-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

/// The minimal dataset with `edit` applied, written to a temporary file.
fn minimal_with(name: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
    let mut doc: Value =
        serde_json::from_str(vrfb_chain::builtin::MINIMAL_DATASET_JSON).expect("minimal json");
    edit(&mut doc);
    let path = temp(name);
    std::fs::write(&path, serde_json::to_string_pretty(&doc).expect("json")).expect("write");
    path
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

#[test]
fn help_lists_every_subcommand_and_the_exit_codes() {
    let out = stdout(&expect(&["--help"], 0));
    for sub in [
        "gaps", "validate", "export", "regions", "what-if", "diff", "import", "synth",
    ] {
        assert!(
            out.contains(&format!("  {sub} ")),
            "{sub} missing in:\n{out}"
        );
        let help = stdout(&expect(&[sub, "--help"], 0));
        assert!(help.contains("Exit codes:"), "{sub} --help:\n{help}");
        assert!(help.contains("2  a usage error"), "{sub} --help:\n{help}");
    }
    assert!(out.contains("1  an input does not load or validate"));
}

#[test]
fn version_is_the_crate_version() {
    let out = stdout(&expect(&["--version"], 0));
    assert_eq!(
        out.trim(),
        format!("vrfb-chain {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_end_with_2() {
    expect(&[], 2);
    expect(&["gaps", "--no-such-flag"], 2);
    expect(&["gaps", "--min-makers", "0"], 2);
    expect(&["gaps", "--min-grade", "D"], 2);
    expect(&["gaps", "--format", "pdf"], 2);
    expect(&["export"], 2);
    expect(&["export", "--format", "xml"], 2);
    expect(&["export", "--format", "json", "--links-key"], 2);
    expect(&["validate"], 2);
    // A negative count is a bad value, not an unknown flag.
    let o = expect(&["gaps", "--min-makers", "-1"], 2);
    says(&o, "`-1` is not an integer ≥ 1");
}

#[test]
fn min_grade_is_read_as_the_import_reads_grades() {
    for (given, wanted) in [
        ("a", "A"),
        ("甲", "A"),
        ("B级", "B"),
        ("丙", "C"),
        ("无", "none"),
    ] {
        let o = expect(&["gaps", "-q", "--min-grade", given, "--format", "json"], 0);
        let doc: Value = serde_json::from_slice(&o.stdout).expect("report json");
        assert_eq!(doc["options"]["min_grade"], wanted, "{given}");
    }
    let o = expect(&["gaps", "--min-grade", "D"], 2);
    says(&o, "`D` is no grade: use A, B, C (甲, 乙, 丙) or none");
}

#[test]
fn as_of_takes_a_date_as_a_sheet_has_it() {
    let json = |date: &str| {
        let o = expect(&["gaps", "--format", "json", "--as-of", date], 0);
        let report: Value = serde_json::from_str(&stdout(&o)).expect("the JSON report parses");
        report["options"]["as_of"].clone()
    };
    assert_eq!(json("2025/6/1"), "2025-06-01");
    assert_eq!(json("2025年6月"), "2025-06");
    assert_eq!(json("２０２５年６月１日"), "2025-06-01");
    // A date that is not one is refused with what is wrong: an impossible month or day,
    // a part of a year (with what to write instead), a word.
    for (date, wrong) in [
        ("2025-13", "invalid date `2025-13`: there is no such month"),
        ("2025-02-30", "there is no such day"),
        ("2025年底", "such as 2025-01 or 2025-12"),
        ("soon", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ] {
        says(&expect(&["gaps", "--as-of", date], 2), wrong);
    }
}

#[test]
fn a_report_of_a_scenario_says_it_is_a_what_if() {
    let scenario = "data/scenario-stack-leshan.json";
    let md = stdout(&expect(&["gaps", "--scenario", scenario], 0));
    let lines: Vec<&str> = md.lines().collect();
    assert!(lines[0].starts_with("# Gap report: 乐山高新区"), "{md}");
    assert!(
        lines[2].starts_with("> **What-if, not the data as it is"),
        "{md}"
    );
    assert!(
        lines[2].contains("adds 1 firm and 1 link and removes nothing"),
        "{md}"
    );
    assert!(!stdout(&expect(&["gaps"], 0)).contains("What-if"));
    // The JSON report is the report of the spec and nothing else: the note goes to
    // standard error, unless --quiet.
    let o = expect(&["gaps", "--scenario", scenario, "--format", "json"], 0);
    assert!(!stdout(&o).contains("What-if"));
    says(&o, "vrfb-chain: note: What-if");
    let o = expect(
        &["gaps", "-q", "--scenario", scenario, "--format", "json"],
        0,
    );
    assert_eq!(stderr(&o), "");
    // The page says it in both its languages, the workbook in its summary's first row.
    let page = stdout(&expect(
        &["gaps", "-q", "--scenario", scenario, "--format", "html"],
        0,
    ));
    assert!(
        page.contains(r#"<p class="note" role="note"><strong><span class="zh">假设情景，并非现状"#),
        "{page}"
    );
    assert!(page.contains("<span class=\"en\">What-if, not the data as it is"));
    let dir = temp("what-if-csv");
    expect(
        &[
            "gaps",
            "-q",
            "--scenario",
            scenario,
            "--format",
            "csv",
            "--out",
            s(&dir),
        ],
        0,
    );
    let summary = std::fs::read_to_string(dir.join("summary.csv")).expect("summary.csv");
    let second = summary.lines().nth(1).unwrap_or_default();
    assert!(
        second.starts_with("注意 (note),\"假设情景，并非现状"),
        "{summary}"
    );
}

#[test]
fn gaps_defaults_to_leshan_on_the_built_in_data() {
    let o = expect(&["gaps"], 0);
    let out = stdout(&o);
    assert!(
        out.starts_with("# Gap report: 乐山高新区 (Leshan High-tech Zone) `cn-sc-leshan-hitech`"),
        "{out}"
    );
    let json = stdout(&expect(&["gaps", "--format", "json"], 0));
    let report: Value = serde_json::from_str(&json).expect("the JSON report parses");
    assert_eq!(report["format"], "gap-report@2");
    assert_eq!(report["scope"]["region"], "cn-sc-leshan-hitech");
}

#[test]
fn a_dataset_without_the_default_region_is_told_which_regions_it_has() {
    let o = expect(&["gaps", "--dataset", MINIMAL], 2);
    let err = stderr(&o);
    assert!(err.contains("no region `cn-sc-leshan-hitech`"), "{err}");
    assert!(err.contains("--region REGION"), "{err}");
    // The minimal dataset's firms are in five regions, each listed with its names.
    assert!(err.contains("its firms are in 5 regions:"), "{err}");
    assert!(err.contains("  zone-a  甲高新区 (Zone A)"), "{err}");
    // Following the advice works.
    expect(&["gaps", "--dataset", MINIMAL, "--region", "甲高新区"], 0);
}

#[test]
fn a_region_by_id_by_chinese_and_by_english_name_gives_one_report() {
    let by_id = stdout(&expect(&["gaps", "--region", "cn-sc-leshan-hitech"], 0));
    for name in [
        "乐山高新区",
        "Leshan High-tech Zone",
        "leshan high-tech  zone",
    ] {
        assert_eq!(
            stdout(&expect(&["gaps", "--region", name], 0)),
            by_id,
            "{name}"
        );
    }
}

#[test]
fn gaps_json_is_the_library_report_with_the_options_applied() {
    let json = stdout(&expect(
        &[
            "gaps",
            "--dataset",
            MINIMAL,
            "--region",
            "甲高新区",
            "--format",
            "json",
            "--min-makers",
            "1",
            "--min-grade",
            "none",
            "--top",
            "2",
            "--as-of",
            "2025-06",
        ],
        0,
    ));
    let graph = vrfb_chain::builtin::minimal_graph();
    let options = vrfb_chain::analysis::Options {
        as_of: Some("2025-06".parse().unwrap()),
        min_makers: 1,
        min_grade: None,
        top_candidates: 2,
    };
    let report = vrfb_chain::analysis::gaps(&graph, "zone-a", &options).unwrap();
    assert_eq!(json, report.to_json_string());
}

#[test]
fn an_unknown_region_gets_suggestions() {
    let o = expect(&["gaps", "--region", "lesahn-hitech"], 2);
    let err = stderr(&o);
    assert!(err.contains("unknown region `lesahn-hitech`"), "{err}");
    assert!(err.contains("did you mean:"), "{err}");
    assert!(err.contains("cn-sc-leshan-hitech  乐山高新区"), "{err}");
    assert!(stdout(&o).is_empty());

    // Part of a name: the regions that contain it come first.
    let o = expect(&["gaps", "--dataset", MINIMAL, "--region", "city"], 2);
    let err = stderr(&o);
    assert!(err.contains("  city-a  甲市 (City A)"), "{err}");
    assert!(err.contains("  city-b  乙市 (City B)"), "{err}");

    // Nothing near: no suggestion, still a clear message.
    let o = expect(
        &["gaps", "--dataset", MINIMAL, "--region", "qqqqqqqqqqqq"],
        2,
    );
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));

    // A short Chinese name is no edit away from every short id: 四川x suggested
    // Austria (`at`), Australia and Canada after 四川省.
    let err = stderr(&expect(&["gaps", "--region", "四川x"], 2));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "vrfb-chain: unknown region `四川x` (not in the dataset)",
            "did you mean:",
            "  cn-sc  四川省 (Sichuan)"
        ],
        "{lines:#?}"
    );
    assert_eq!(lines.len(), 4, "{lines:#?}"); // and clap's last line
}

#[test]
fn a_region_is_found_by_its_chinese_name_without_its_suffix() {
    for (query, id) in [
        ("四川", "cn-sc"),
        ("乐山", "cn-sc-leshan"),
        ("乐山高新", "cn-sc-leshan-hitech"),
    ] {
        let o = expect(&["gaps", "--region", query, "--format", "json"], 0);
        let doc: Value = serde_json::from_slice(&o.stdout).expect("report json");
        assert_eq!(doc["scope"]["region"], id, "{query}");
    }
}

#[test]
fn an_ambiguous_name_lists_its_matches() {
    let path = minimal_with("ambiguous.json", |doc| {
        doc["regions"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"id": "zone-b", "kind": "zone", "name": {"en": "Zone A"}, "parent": "city-b"}));
    });
    let o = expect(&["gaps", "--dataset", s(&path), "--region", "Zone A"], 2);
    let err = stderr(&o);
    assert!(err.contains("region `Zone A` is ambiguous"), "{err}");
    assert!(err.contains("  zone-a  甲高新区 (Zone A)"), "{err}");
    assert!(err.contains("  zone-b  Zone A"), "{err}");
    // The id is never ambiguous.
    expect(&["gaps", "--dataset", s(&path), "--region", "zone-a"], 0);
}

#[test]
fn warnings_have_counts_and_quiet_silences_them() {
    let o = expect(
        &[
            "gaps",
            "--dataset",
            MINIMAL,
            "--region",
            "zone-a",
            "--as-of",
            "2024-06",
        ],
        0,
    );
    assert_eq!(
        stderr(&o),
        "vrfb-chain: warning: 2 facts start after the as-of date 2024-06 (that is, 2024-06-01) and do not count \
         (3 parties: alliance, leader, slagworks)\n"
    );
    let o = expect(
        &[
            "gaps",
            "--dataset",
            MINIMAL,
            "--as-of",
            "2024-06",
            "--region",
            "zone-a",
            "--quiet",
        ],
        0,
    );
    assert_eq!(stderr(&o), "");
    assert!(!stdout(&o).is_empty());

    let o = expect(
        &[
            "gaps",
            "--dataset",
            MINIMAL,
            "--region",
            "zone-a",
            "--top",
            "0",
        ],
        0,
    );
    assert!(
        stderr(&o).starts_with("vrfb-chain: warning: --top 0 hides every candidate: "),
        "{}",
        stderr(&o)
    );

    let path = minimal_with("unsourced.json", |doc| {
        doc["firms"][1]["makes"][0]["sources"] = serde_json::json!([]);
    });
    let o = expect(&["gaps", "--dataset", s(&path), "--region", "zone-a"], 0);
    says(
        &o,
        "warning: 1 makes fact cites no source and can never be strong (1 firm: stackco)",
    );
    // With the grade `none` every fact is strong enough: nothing to say.
    let o = expect(
        &[
            "gaps",
            "--dataset",
            s(&path),
            "--region",
            "zone-a",
            "--min-grade",
            "none",
        ],
        0,
    );
    assert_eq!(stderr(&o), "");
}

#[test]
fn an_input_that_does_not_load_ends_with_1_naming_the_file() {
    let o = expect(&["gaps", "--dataset", "no-such-file.json"], 1);
    says(&o, "no-such-file.json: read failed");
    let o = expect(
        &["gaps", "--dataset", "tests/bad/50-no-such-day.dataset.json"],
        1,
    );
    says(&o, "there is no such day");
}

#[test]
fn out_writes_the_file_and_nothing_to_stdout() {
    let path = temp("report.md");
    let o = expect(
        &[
            "gaps",
            "--dataset",
            MINIMAL,
            "--region",
            "zone-a",
            "--out",
            s(&path),
        ],
        0,
    );
    assert!(stdout(&o).is_empty());
    let text = std::fs::read_to_string(&path).expect("the report file");
    assert!(
        text.starts_with("# Gap report: 甲高新区 (Zone A) `zone-a`"),
        "{text}"
    );
    // The folders of --out that are missing are made; a file in the way is an input problem.
    let deep = temp("made").join("for/the/report.md");
    expect(&["gaps", "--out", s(&deep)], 0);
    assert!(deep.is_file());
    let in_a_file = path.join("report.md");
    let o = expect(&["gaps", "--out", s(&in_a_file)], 1);
    says(&o, "write failed");
}

#[test]
fn out_is_checked_for_its_format_before_the_data_is_read() {
    let file = temp("a-file");
    std::fs::write(&file, "x").expect("temp file");
    let cases: [(&[&str], &str); 5] = [
        (
            &["gaps", "--format", "xlsx", "--out", "report.csv"],
            "vrfb-chain: --out report.csv: a workbook needs a name ending in .xlsx",
        ),
        (
            &["export", "--format", "xlsx", "--out", "data.json"],
            "vrfb-chain: --out data.json: a workbook needs a name ending in .xlsx",
        ),
        (
            &["gaps", "--format", "csv", "--out", s(&file)],
            "that is a file, and --format csv writes a folder of files",
        ),
        (
            &["export", "--format", "csv", "--region", "cn"],
            "vrfb-chain: --region does not apply to --format csv, which writes the dataset itself",
        ),
        (
            &[
                "export", "--format", "xlsx", "--as-of", "2024", "--out", "d.xlsx",
            ],
            "vrfb-chain: --as-of does not apply to --format xlsx",
        ),
    ];
    for (args, wanted) in cases {
        let err = stderr(&expect(args, 2));
        assert!(err.contains(wanted), "{args:?}: {err}");
    }
    assert!(!std::path::Path::new("report.csv").exists());
    expect(&["export", "--format", "json", "--region", "cn"], 2);
}

#[test]
fn validate_reports_every_problem_and_ends_with_1() {
    let o = expect(&["validate", MINIMAL, "data/minimal.chain.json"], 0);
    assert_eq!(
        stdout(&o),
        "data/minimal.dataset.json: ok, dataset against chain `vrfb-mini`\n\
         data/minimal.chain.json: ok, chain template `vrfb-mini`\n"
    );
    let bad = "tests/bad/95-several-dataset-problems.dataset.json";
    let o = expect(&["validate", MINIMAL, bad], 1);
    let out = stdout(&o);
    let expected = std::fs::read_to_string("tests/bad/95-several-dataset-problems.expected")
        .expect("the expected problems");
    let problems: Vec<&str> = out.lines().filter(|l| l.starts_with(bad)).collect();
    assert!(problems.len() >= 2, "{out}");
    for p in &problems {
        assert!(
            expected.contains(p),
            "{p} not in the expected problems:\n{expected}"
        );
    }
    says(&o, "1 of 2 files with problems");

    let o = expect(
        &["validate", "--format", "json", MINIMAL, bad, "nope.json"],
        1,
    );
    let doc: Value = serde_json::from_slice(&o.stdout).expect("validate json");
    let files = doc["files"].as_array().expect("files");
    assert_eq!(files.len(), 3);
    assert_eq!(files[0]["valid"], true);
    assert_eq!(files[1]["valid"], false);
    assert_eq!(
        files[1]["problems"].as_array().map(Vec::len),
        Some(problems.len())
    );
    assert!(files[2]["problems"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("read failed")));
}

#[test]
fn export_writes_every_format_as_the_library_does() {
    let graph = vrfb_chain::builtin::minimal_graph();
    for format in vrfb_chain::export::Format::ALL {
        let o = expect(
            &["export", "--dataset", MINIMAL, "--format", format.as_str()],
            0,
        );
        // No --region: the default zone is not in the minimal data, so the map has no report.
        let mut expected = Vec::new();
        vrfb_chain::export::write(&graph, format, &Default::default(), None, &mut expected)
            .unwrap();
        assert_eq!(o.stdout, expected, "{format}");
    }
    // dot with a region by name colours the map by its report.
    let o = expect(
        &[
            "export",
            "--dataset",
            MINIMAL,
            "--format",
            "dot",
            "--region",
            "Zone A",
        ],
        0,
    );
    let report = vrfb_chain::analysis::gaps(&graph, "zone-a", &Default::default()).unwrap();
    let mut expected = Vec::new();
    vrfb_chain::export::write(
        &graph,
        vrfb_chain::export::Format::Dot,
        &Default::default(),
        Some(&report),
        &mut expected,
    )
    .unwrap();
    assert_eq!(stdout(&o), String::from_utf8(expected).unwrap());
    // The stylesheet of the cytoscape export, which holds no data.
    let o = expect(&["export", "--format", "cytoscape-style"], 0);
    assert_eq!(stdout(&o), vrfb_chain::export::cytoscape::style());
    let o = expect(
        &[
            "export",
            "--format",
            "cytoscape-style",
            "--region",
            "Zone A",
        ],
        2,
    );
    says(&o, "do not apply");
}

#[test]
fn regions_prints_the_tree_or_the_matches() {
    let out = stdout(&expect(&["regions", "--dataset", MINIMAL], 0));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "abroad  Abroad  (country)",
            "country  甲国 (Country)  (country)",
            "  province-a  甲省 (Province A)  (province)",
            "    city-a  甲市 (City A)  (city)",
            "      zone-a  甲高新区 (Zone A)  (zone)",
            "  province-b  乙省 (Province B)  (province)",
            "    city-b  乙市 (City B)  (city)",
        ]
    );
    let out = stdout(&expect(&["regions", "--dataset", MINIMAL, "乙"], 0));
    assert_eq!(
        out,
        "city-b  乙市 (City B)  (city)\nprovince-b  乙省 (Province B)  (province)\n"
    );
    let out = stdout(&expect(&["regions", "leshan"], 0));
    assert!(
        out.contains("cn-sc-leshan-hitech  乐山高新区 (Leshan High-tech Zone)"),
        "{out}"
    );
    let o = expect(&["regions", "--dataset", MINIMAL, "zone-x"], 2);
    says(&o, "did you mean:\n  zone-a");
}

#[test]
fn diff_compares_two_reports() {
    let (before, after, city) = (temp("before.json"), temp("after.json"), temp("city.json"));
    let base = ["gaps", "--dataset", MINIMAL, "--format", "json"];
    let with = |extra: &[&str], out: &Path| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--out", s(out)]);
        expect(&args, 0);
    };
    with(&["--region", "zone-a"], &before);
    with(&["--region", "zone-a", "--min-makers", "3"], &after);
    with(&["--region", "city-a"], &city);
    let o = expect(&["diff", s(&before), s(&after), "--format", "json"], 0);
    let doc: Value = serde_json::from_slice(&o.stdout).expect("diff json");
    assert_eq!(doc["format"], "report-diff@1");
    assert_eq!(doc["region"], "zone-a");
    // The reports differ in an option, not in the data: said, since that is the change.
    assert_eq!(
        stderr(&o),
        "vrfb-chain: warning: the two reports were made with other options (--min-makers 2 → \
         3): what changed may come from the options, not from the data\n"
    );
    assert!(stderr(&expect(&["diff", s(&before), s(&before)], 0)).is_empty());
    // Markdown by default, as for what-if: planners read it.
    let md = expect(&["diff", s(&before), s(&after)], 0);
    let text = stdout(&md);
    // Reports of a built-in template are named from its built-in data.
    assert!(
        text.starts_with("# What changed: 甲高新区 (Zone A) `zone-a`"),
        "{text}"
    );
    let library = {
        let read = |p: &Path| vrfb_chain::analysis::GapReport::from_path(p).unwrap();
        vrfb_chain::analysis::diff(&read(&before), &read(&after)).unwrap()
    };
    let graph = vrfb_chain::builtin::minimal_graph();
    let graphs = [&graph];
    let names = vrfb_chain::render::DiffNames::of_graphs(&graphs);
    assert_eq!(
        text,
        vrfb_chain::render::diff_markdown_named(&library, &names)
    );
    // Reports of two regions do not compare: an input problem.
    let o = expect(&["diff", s(&before), s(&city)], 1);
    assert!(!stderr(&o).is_empty());
    // Files of other kinds are named as what they are, with the command that makes a report.
    let o = expect(&["diff", s(&before), MINIMAL], 1);
    let make = "diff compares two gap reports in JSON; make one with `vrfb-chain gaps --format \
                json --out REPORT.json`";
    assert_eq!(
        stderr(&o).lines().next().unwrap_or(""),
        format!("vrfb-chain: {MINIMAL}: a dataset@1 document, not a gap report: {make} (with the --dataset, --region and options of the report)")
    );
    // A report of an earlier version is a report, to make again, for `diff` and
    // `validate` alike; a report with several mistakes gets them all.
    let text = std::fs::read_to_string(&before).unwrap();
    let old = temp("old-report.json");
    std::fs::write(&old, text.replacen("gap-report@2", "gap-report@1", 1)).unwrap();
    let remake = "gap report: format: unknown format `gap-report@1`, expected `gap-report@2`; \
                  make it again from its dataset with `vrfb-chain gaps --format json`";
    let o = expect(&["diff", s(&old), s(&before)], 1);
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    says(&o, remake);
    let o = expect(&["validate", s(&old)], 1);
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    lists(&o, remake);
    let mangled = temp("mangled-report.json");
    let mangled_text = text.replacen("\"firms\":", "\"frims\":", 1).replacen(
        "\"as_of\": \"",
        "\"as_of\": 20251231, \"x\": \"",
        1,
    );
    std::fs::write(&mangled, mangled_text).unwrap();
    let o = expect(&["validate", s(&mangled)], 1);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 4, "{out}");
    for problem in [
        "scope: missing field `firms`",
        "scope: unknown field `frims`",
        "options: unknown field `x`",
        "options.as_of: invalid type: integer `20251231`",
    ] {
        assert!(out.contains(problem), "{problem:?} not in\n{out}");
    }
    let markdown = temp("report.md");
    expect(
        &[
            "gaps",
            "--dataset",
            MINIMAL,
            "--region",
            "zone-a",
            "--out",
            s(&markdown),
        ],
        0,
    );
    let o = expect(&["diff", s(&before), s(&markdown)], 1);
    says(
        &o,
        "not JSON (a Markdown, HTML or workbook report?): diff compares",
    );
}

#[test]
fn synth_writes_the_library_dataset() {
    let o = expect(&["synth", "--firms", "20", "--seed", "7"], 0);
    let mut expected = Vec::new();
    vrfb_chain::synth::write_json(&vrfb_chain::synth::generate(20, 7), &mut expected).unwrap();
    assert_eq!(o.stdout, expected);
    let path = temp("synth.json");
    let o = expect(
        &["synth", "--firms", "20", "--seed", "7", "--out", s(&path)],
        0,
    );
    assert_eq!(std::fs::read(&path).unwrap(), expected);
    says(&o, "20 firms");
    // What it writes validates.
    expect(&["validate", s(&path)], 0);
}

#[test]
fn synth_deep_writes_the_library_template_and_dataset_which_load_together() {
    let (chain_path, data_path) = (temp("deep.chain.json"), temp("deep.json"));
    let args = ["synth", "--firms", "40", "--seed", "3", "--shape", "deep"];
    // The dataset is of no use without its generated template.
    let o = expect(&args, 2);
    says(&o, "--chain-out");
    let files = ["--chain-out", s(&chain_path), "--out", s(&data_path)];
    expect(&[&args[..], &files[..]].concat(), 0);
    let chain = vrfb_chain::synth::Shape::Deep.chain(3);
    let mut expected = Vec::new();
    chain.to_writer(&mut expected).unwrap();
    assert_eq!(std::fs::read(&chain_path).unwrap(), expected);
    expected.clear();
    let dataset = vrfb_chain::synth::generate_for(&chain, 40, 3);
    vrfb_chain::synth::write_json(&dataset, &mut expected).unwrap();
    assert_eq!(std::fs::read(&data_path).unwrap(), expected);
    // Without its template: one problem, that it is needed, not one per unknown product.
    for command in [&["validate"][..], &["gaps", "--dataset"]] {
        let o = expect(&[command, &[s(&data_path)]].concat(), 1);
        let said = [stdout(&o), stderr(&o)].concat();
        assert!(said.contains("not built in"), "{said}");
        assert!(!said.contains("unknown product"), "{said}");
    }
    expect(&["validate", "--chain", s(&chain_path), s(&data_path)], 0);
    let gaps = [
        "gaps",
        "--region",
        "cn",
        "--chain",
        s(&chain_path),
        "--dataset",
        s(&data_path),
    ];
    let o = expect(&gaps, 0);
    assert!(stdout(&o).contains("Of 240 products"), "{}", stdout(&o));
}

/// Standard output closed by its reader before the program writes: exit 0, nothing on
/// standard error (the examples printed "write failed: Broken pipe" and ended with 1).
#[test]
fn a_closed_stdout_ends_quietly_with_0() {
    for args in [
        &["gaps", "--region", "cn"][..],
        &["gaps", "--region", "cn", "--format", "json"][..],
        &["synth", "--firms", "20000"][..],
        &["export", "--format", "graphml"][..],
    ] {
        let mut child = Command::new(BIN)
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut err)
            .expect("read stderr");
        let status = child.wait().expect("wait");
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
    }
}

/// Runs the binary with standard error a pipe whose reader has gone, so that every write to
/// it fails with a broken pipe (and standard output too when `stdout_closed`); the exit code.
fn with_stderr_closed(args: &[&str], stdout_closed: bool) -> Option<i32> {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(if stdout_closed {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stderr.take());
    drop(child.stdout.take());
    child.wait().expect("wait").code()
}

/// A standard error whose reader has gone is no reason to panic (the examples' `eprintln!`
/// panicked and ended with 101): warnings, usage errors and input problems still end with
/// their own codes.
#[test]
fn a_closed_stderr_never_panics() {
    assert_eq!(
        with_stderr_closed(&["gaps", "--top", "0", "--as-of", "2024"], false),
        Some(0)
    );
    assert_eq!(
        with_stderr_closed(&["gaps", "--top", "0", "--as-of", "2024"], true),
        Some(0)
    );
    assert_eq!(
        with_stderr_closed(&["gaps", "--region", "atlantis"], false),
        Some(2)
    );
    assert_eq!(
        with_stderr_closed(&["gaps", "--no-such-flag"], false),
        Some(2)
    );
    assert_eq!(
        with_stderr_closed(&["validate", "nope.json"], false),
        Some(1)
    );
    assert_eq!(
        with_stderr_closed(&["synth", "--firms", "3", "--out", "/dev/null"], false),
        Some(0)
    );
    assert_eq!(with_stderr_closed(&["--help"], true), Some(0));
    assert_eq!(with_stderr_closed(&["--version"], true), Some(0));
}

/// Standard error or output closed outright (`2>&-`, `>&-`), through the shell.
#[cfg(unix)]
#[test]
fn closed_descriptors_never_panic() {
    let run_closed = |stream: &str, args: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" {args} {stream}>&-"))
            .arg(BIN)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("sh")
            .status
            .code()
    };
    assert_eq!(run_closed("2", "gaps --top 0 --as-of 2024"), Some(0));
    assert_eq!(run_closed("2", "gaps --region atlantis"), Some(2));
    assert_eq!(run_closed("1", "--help"), Some(0));
    assert_eq!(run_closed("1", "regions"), Some(0));
}

#[test]
fn what_if_prints_the_diff_a_scenario_makes() {
    let scenario = "data/scenario-stack-leshan.json";
    let o = expect(
        &["what-if", "--scenario", scenario, "--format", "json", "-q"],
        0,
    );
    let doc: Value = serde_json::from_slice(&o.stdout).expect("diff json");
    assert_eq!(doc["format"], "report-diff@1");
    assert_eq!(doc["region"], "cn-sc-leshan-hitech");
    assert_eq!(
        doc["after"]["firms"].as_u64(),
        doc["before"]["firms"].as_u64().map(|n| n + 1)
    );
    // The same as the two reports compared by hand.
    let (before, after) = (temp("wi-before.json"), temp("wi-after.json"));
    expect(&["gaps", "-q", "--format", "json", "--out", s(&before)], 0);
    let with = [
        "gaps",
        "-q",
        "--format",
        "json",
        "--scenario",
        scenario,
        "--out",
        s(&after),
    ];
    expect(&with, 0);
    let by_hand = expect(&["diff", s(&before), s(&after), "--format", "json"], 0);
    assert_eq!(o.stdout, by_hand.stdout);
    let md = stdout(&expect(&["what-if", "--scenario", scenario, "-q"], 0));
    assert!(
        md.contains("- 电堆 (Stack) `stack`: missing → unconfirmed"),
        "{md}"
    );
    // A scenario with a problem: its place in the scenario, exit 1.
    let bad = temp("bad-scenario.json");
    let text = r#"{"format": "scenario@1", "name": {"en": "x"}, "remove": {"firms": ["nobody"]}}"#;
    std::fs::write(&bad, text).unwrap();
    let o = expect(&["what-if", "--scenario", s(&bad)], 1);
    says(&o, "remove.firms[0]: no firm `nobody` in the dataset");
}

/// Runs the binary with its standard output on a terminal (a pseudo-terminal opened by
/// Python's standard library, which every machine that runs the tests has), and returns
/// its exit code and standard error.
fn on_a_terminal(args: &[&str]) -> (i32, String) {
    // The terminal is read while the program writes, as a terminal is, so that a long
    // output does not fill its buffer.
    let script = "import os, subprocess, sys, threading\n\
                  main, term = os.openpty()\n\
                  def drain():\n    \
                      try:\n        \
                          while os.read(main, 65536): pass\n    \
                      except OSError: pass\n\
                  threading.Thread(target=drain, daemon=True).start()\n\
                  r = subprocess.run(sys.argv[1:], stdout=term, stderr=subprocess.PIPE)\n\
                  sys.stderr.buffer.write(r.stderr)\n\
                  sys.exit(r.returncode)\n";
    let o = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs (the tests need Python 3 for a terminal)");
    (o.status.code().unwrap_or(-1), stderr(&o))
}

#[test]
fn a_page_is_not_printed_into_a_terminal() {
    let (code, err) = on_a_terminal(&["gaps", "--format", "html"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--format html is a file to open"), "{err}");
    // Markdown is text to read there.
    let (code, err) = on_a_terminal(&["gaps", "-q"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_tool_named_for_a_format_gets_the_format_it_reads() {
    let o = expect(
        &["export", "--format", "gexf", "--out", s(&temp("x.gexf"))],
        2,
    );
    says(&o, "unknown format `gexf`");
    says(&o, "Gephi and yEd open graphml: --format graphml");
    let o = expect(&["export", "--format", "NetworkX"], 2);
    says(&o, "NetworkX reads node-link");
}

#[test]
fn a_product_the_template_lacks_gets_the_id_meant() {
    let bad = minimal_with("products.dataset.json", |d| {
        d["firms"][0]["makes"][0]["product"] = "电堆".into();
        d["firms"][1]["makes"][0]["product"] = "electrolite".into();
    });
    let o = expect(&["validate", s(&bad)], 1);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    // One line per mistake: `电堆` is not also reported as an invalid id.
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].ends_with("unknown product `电堆` (not in chain `vrfb-mini`); `电堆` is the name of product `stack`: write its id, `stack`"), "{out}");
    assert!(lines[1].contains("unknown product `electrolite`"), "{out}");
    assert!(
        lines[1].ends_with("did you mean `electrolyte` (钒电解液 (Vanadium electrolyte))?"),
        "{out}"
    );
    // A report of the file says the same.
    let o = expect(&["gaps", "--dataset", s(&bad), "--region", "zone-a"], 1);
    says(&o, "write its id, `stack`");
}

#[test]
fn a_mistyped_key_region_or_firm_gets_the_one_meant() {
    let bad = minimal_with("typos.dataset.json", |d| {
        let stackco = &mut d["firms"][1];
        let firm = stackco.as_object_mut().expect("a firm is an object");
        let sources = firm.remove("sources").expect("stackco has sources");
        firm.insert("sorces".into(), sources);
        stackco["region"] = "zone-aa".into();
        d["links"][0]["to"] = "stackko".into();
    });
    let o = expect(&["validate", s(&bad)], 1);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].contains("firms[1] `stackco`: unknown field `sorces`"),
        "{out}"
    );
    assert!(lines[0].contains("; did you mean `sources`?"), "{out}");
    assert!(
        lines[1].ends_with("unknown region `zone-aa`; did you mean `zone-a` (甲高新区 (Zone A))?"),
        "{out}"
    );
    assert!(
        lines[2].ends_with(
            "links[0].to: unknown firm or organization `stackko`; \
             did you mean `stackco` (示例电堆 (Example Stack Co.))?"
        ),
        "{out}"
    );
    // A key of one's own is no typo: it goes under `extra`.
    let own = minimal_with("own-key.dataset.json", |d| {
        d["firms"][1]["employees"] = 120.into();
    });
    let o = expect(&["validate", s(&own)], 1);
    lists(&o, "a field of your own goes under `extra`");
    assert!(!stdout(&o).contains("did you mean"), "{}", stdout(&o));
}

#[test]
fn a_template_with_a_mistyped_key_or_segment_gets_the_one_meant() {
    let mut chain: Value =
        serde_json::from_str(vrfb_chain::builtin::MINIMAL_CHAIN_JSON).expect("minimal chain");
    let top = chain.as_object_mut().expect("a template is an object");
    let name = top.remove("name").expect("the template has a name");
    top.insert("nmae".into(), name);
    chain["products"][0]["segment"] = "resourse".into();
    let path = temp("typos.chain.json");
    std::fs::write(&path, serde_json::to_string(&chain).expect("json")).expect("write");
    let o = expect(&["validate", s(&path)], 1);
    lists(&o, "unknown field `nmae`");
    lists(&o, "; did you mean `name`?");
    lists(&o, "missing field `name`");
    lists(&o, "unknown segment `resourse`; did you mean `resource`");
    // A dataset read with that template gets the same advice about the template.
    let dataset = minimal_with("with-typos-chain.dataset.json", |_| {});
    let o = expect(&["validate", "--chain", s(&path), s(&dataset)], 1);
    lists(&o, "typos.chain.json: chain template: unknown field `nmae`");
    lists(&o, "; did you mean `name`?");
    lists(&o, "unknown segment `resourse`; did you mean `resource`");
}

#[test]
fn a_workbook_or_csv_folder_is_a_dataset_to_every_command() {
    let book = temp("mine.xlsx");
    let csv = temp("mine-csv");
    export_minimal("xlsx", &book);
    export_minimal("csv", &csv);
    let chain = "data/minimal.chain.json";
    // The subcommand, then the data, then its other arguments.
    let run_on = |dataset: &str, args: &[&str]| {
        let mut all = vec![args[0], "-q", "--chain", chain, "--dataset", dataset];
        all.extend_from_slice(&args[1..]);
        stdout(&expect(&all, 0))
    };
    for args in [
        &["gaps", "--region", "zone-a", "--format", "json"][..],
        &["export", "--format", "node-link", "--region", "zone-a"][..],
        &["regions"][..],
    ] {
        let from_json = run_on(MINIMAL, args);
        assert_eq!(
            run_on(s(&book), args),
            from_json,
            "{args:?} on the workbook"
        );
        assert_eq!(
            run_on(s(&csv), args),
            from_json,
            "{args:?} on the CSV folder"
        );
    }
}

#[test]
fn validate_checks_a_spreadsheet_as_import_reads_it() {
    let book = temp("valid.xlsx");
    export_minimal("xlsx", &book);
    let chain = "data/minimal.chain.json";
    let out = stdout(&expect(&["validate", "--chain", chain, s(&book)], 0));
    assert_eq!(
        out,
        format!("{}: ok, dataset against chain `vrfb-mini`\n", s(&book))
    );
    let folder = temp("bad-csv");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("firms.csv"),
        "企业名称,所在地区\n示例电堆公司,甲高新区\n",
    )
    .unwrap();
    std::fs::write(folder.join("makes.csv"), "企业,产品\n示例电堆公司,电推\n").unwrap();
    let o = expect(&["validate", "--chain", chain, s(&folder)], 1);
    let out = stdout(&o);
    assert!(
        out.contains("makes.csv:2: 产品: unknown product 电推"),
        "{out}"
    );
}

#[test]
fn the_report_as_a_page_a_workbook_and_csv_files() {
    let html = stdout(&expect(&["gaps", "-q", "--format", "html"], 0));
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..80.min(html.len())]
    );
    let xlsx = temp("report.xlsx");
    expect(
        &[
            "gaps",
            "-q",
            "--region",
            "cn-sc",
            "--format",
            "xlsx",
            "--out",
            s(&xlsx),
        ],
        0,
    );
    assert_eq!(
        &std::fs::read(&xlsx).unwrap()[..2],
        b"PK",
        "an xlsx is a zip"
    );
    let dir = temp("report-csv");
    expect(
        &[
            "gaps",
            "-q",
            "--region",
            "cn-sc",
            "--format",
            "csv",
            "--out",
            s(&dir),
        ],
        0,
    );
    assert!(std::fs::read_dir(&dir).unwrap().count() >= 5);
    // Workbooks need a path.
    expect(&["gaps", "--format", "xlsx"], 2);
}

#[test]
fn export_and_import_round_trip_through_a_workbook() {
    let (xlsx, back) = (temp("data.xlsx"), temp("back.json"));
    expect(
        &[
            "export",
            "--dataset",
            MINIMAL,
            "--format",
            "xlsx",
            "--out",
            s(&xlsx),
        ],
        0,
    );
    let imported = expect(
        &[
            "import",
            s(&xlsx),
            "--chain",
            "data/minimal.chain.json",
            "--out",
            s(&back),
        ],
        0,
    );
    let original = vrfb_chain::builtin::minimal_dataset();
    let read = vrfb_chain::Dataset::from_path(&back).unwrap();
    assert_eq!(read.canonical(), original.canonical());
    // What was imported, to check against the workbook.
    let makes: usize = original.firms.iter().map(|f| f.makes.len()).sum();
    assert_eq!(
        stderr(&imported),
        format!(
            "vrfb-chain: imported {}: {} firms ({makes} makes facts), {} organizations, {} \
             links, {} regions, {} sources\n",
            xlsx.display(),
            original.firms.len(),
            original.organizations.len(),
            original.links.len(),
            original.regions.len(),
            original.sources.len()
        )
    );
    let template = temp("template.xlsx");
    expect(&["import", "--template", s(&template)], 0);
    assert_eq!(&std::fs::read(&template).unwrap()[..2], b"PK");
    let neo4j = temp("neo4j");
    expect(
        &[
            "export",
            "--format",
            "neo4j",
            "--region",
            "cn-sc",
            "--out",
            s(&neo4j),
        ],
        0,
    );
    assert!(neo4j.join("load.cypher").exists());
    expect(&["import"], 2);
}

#[test]
fn what_if_takes_a_region_that_only_the_scenario_adds() {
    let scenario = temp("new-park.json");
    let text = r#"{"format": "scenario@1", "name": {"en": "A new park"},
      "add": {"regions": [{"id": "cn-sc-leshan-newpark", "kind": "park", "parent": "cn-sc-leshan",
                           "name": {"zh": "乐山新园区", "en": "Leshan New Park"}}],
              "firms": [{"id": "newpark-stack", "region": "cn-sc-leshan-newpark",
                         "name": {"en": "New Park Stack"},
                         "makes": [{"product": "stack", "status": "operating"}]}]}}"#;
    std::fs::write(&scenario, text).unwrap();
    // By its Chinese name, which only the scenario gives: before, the park is empty.
    let args = [
        "what-if",
        "--scenario",
        s(&scenario),
        "--region",
        "乐山新园区",
    ];
    let o = expect(&[&args[..], &["--format", "json", "-q"]].concat(), 0);
    let doc: Value = serde_json::from_slice(&o.stdout).expect("diff json");
    assert_eq!(doc["region"], "cn-sc-leshan-newpark");
    assert_eq!(doc["before"]["firms"], 0);
    assert_eq!(doc["after"]["firms"], 1);
    assert_eq!(doc["summary"]["missing"], serde_json::json!([26, 25]));
    // A region in neither: a usage error that says how to list the regions.
    let o = expect(
        &[
            "what-if",
            "--scenario",
            s(&scenario),
            "--region",
            "atlantis",
        ],
        2,
    );
    let err = stderr(&o);
    assert!(
        err.contains("unknown region `atlantis`: neither the dataset nor the scenario"),
        "{err}"
    );
    assert!(
        err.contains("`vrfb-chain regions` lists the dataset's regions"),
        "{err}"
    );
    let o = expect(
        &[
            "what-if",
            "--scenario",
            s(&scenario),
            "--dataset",
            MINIMAL,
            "--region",
            "zone-z",
        ],
        // The scenario's firm makes a product of the built-in template, and the minimal
        // dataset is of the minimal one: the scenario does not apply.
        1,
    );
    assert!(stderr(&o).contains("add.regions[0]"), "{}", stderr(&o));
}

#[test]
fn a_scenario_with_many_mistakes_reports_them_all_naming_the_file() {
    let file = "tests/bad_scenarios/many-mistakes.json";
    for command in ["gaps", "what-if"] {
        let o = expect(&[command, "--scenario", file], 1);
        let err = stderr(&o);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 13, "{err}");
        let prefix = format!("vrfb-chain: {file}: scenario: ");
        assert!(lines.iter().all(|l| l.starts_with(&prefix)), "{err}");
        assert!(
            lines[10].ends_with(
                "did you mean `weilide` (四川伟力得能源股份有限公司 (Sichuan Weilide Energy))?"
            ),
            "{err}"
        );
    }
}

#[test]
fn validate_checks_scenarios_against_a_dataset_and_report_diffs_for_their_shape() {
    let scenario = "data/scenario-stack-leshan.json";
    let diff = temp("validate-diff.json");
    expect(
        &[
            "what-if",
            "-q",
            "--scenario",
            scenario,
            "--format",
            "json",
            "--out",
            s(&diff),
        ],
        0,
    );
    let o = expect(&["validate", scenario, s(&diff)], 0);
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!("{scenario}: ok, scenario “假设：一家电堆制造商")),
        "{out}"
    );
    assert!(
        out.contains("”, which applies to the built-in dataset\n"),
        "{out}"
    );
    assert!(
        out.ends_with(&format!(
            "{}: ok, report diff of region `cn-sc-leshan-hitech`\n",
            s(&diff)
        )),
        "{out}"
    );
    // Against another dataset: every problem at once, each naming the scenario file.
    let o = expect(&["validate", "--dataset", MINIMAL, scenario], 1);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with(&format!("{scenario}: scenario: add.firms[0] `hypothetical-stack-maker`: region: unknown region `cn-sc-leshan-hitech`")), "{out}");
    assert!(
        lines[1].starts_with(&format!(
            "{scenario}: scenario: add.links[0].to: unknown firm or organization `weilide`"
        )),
        "{out}"
    );
    // The many mistakes, all of them, as `gaps --scenario` reports them.
    let many = "tests/bad_scenarios/many-mistakes.json";
    let o = expect(&["validate", many], 1);
    assert_eq!(stdout(&o).lines().count(), 13, "{}", stdout(&o));
    assert!(stdout(&o)
        .lines()
        .all(|l| l.starts_with(&format!("{many}: scenario: "))));
    // A report diff of the wrong shape: where, and what.
    let text = std::fs::read_to_string(&diff)
        .unwrap()
        .replacen("\"region\"", "\"regoin\"", 1);
    let bad = temp("validate-bad-diff.json");
    std::fs::write(&bad, text).unwrap();
    let o = expect(&["validate", "--format", "json", s(&bad)], 1);
    let doc: Value = serde_json::from_slice(&o.stdout).expect("validate json");
    assert_eq!(doc["files"][0]["document"], "report diff");
    // Both problems, each with its line and column: the key written, the one left out.
    let problems = &doc["files"][0]["problems"];
    assert_eq!(
        problems[0]["message"], "missing field `region`",
        "{problems}"
    );
    let unknown = &problems[1];
    assert!(
        unknown["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("unknown field `regoin`")),
        "{problems}"
    );
    assert_eq!(
        (&unknown["line"], &unknown["column"]),
        (&4.into(), &3.into()),
        "{problems}"
    );
}
