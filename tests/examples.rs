//! Runs the examples as a user would, and checks what they print.

use std::process::Command;

/// Runs `cargo run --quiet --example <name>` in the crate and returns its standard output.
fn run_example(name: &str) -> String {
    run_example_with(name, &[])
}

/// Runs `cargo run --quiet --example <name> -- <args>` and returns its standard output.
fn run_example_with(name: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--example", name, "--"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "example {name} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    stdout
}

#[track_caller]
fn assert_line(stdout: &str, line: &str) {
    assert!(
        stdout.lines().any(|l| l == line),
        "missing line {line:?} in:\n{stdout}"
    );
}

#[test]
fn quickstart_prints_answers_about_the_minimal_data() {
    let out = run_example("quickstart");
    assert_line(
        &out,
        "chain `vrfb-mini`: 8 products; dataset: 6 firms, 7 links; graph: 28 nodes, 42 edges",
    );
    assert_line(&out, "firm `leader`: 示例链主 (Example Leader)");
    assert_line(&out, "  located in: country → province-a → city-a → zone-a");
    assert_line(&out, "  makes storage-system (operating, evidence B)");
    assert_line(&out, "  supplied with stack by stackco");
    assert_line(&out, "  link: member_of leader → alliance");
    assert_line(&out, "  minerco (operating, valid at 2025-11-01: true)");
    assert_line(&out, "  slagworks (building, valid at 2025-11-01: true)");

    // The firms of province-a, in id order, and nothing from elsewhere.
    let after = out
        .split("firms in province-a:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no `firms in province-a:` section in:\n{out}"));
    let firms: Vec<&str> = after.lines().take_while(|l| l.starts_with("  ")).collect();
    assert_eq!(
        firms,
        [
            "  leader in zone-a",
            "  slagworks in province-a",
            "  stackco in city-a"
        ]
    );
}

/// The README's excerpt of the Leshan report (its first ```text block after "The report
/// you get") is what the README's first command prints: every line of it but the `...`
/// that mark cuts is a line of the report, in the same order.
#[test]
fn the_readme_shows_the_report_that_gap_report_prints() {
    let readme = include_str!("../README.md");
    let section = readme
        .split_once("## The report you get")
        .expect("the README's report section")
        .1;
    let excerpt = section
        .split_once("```text\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .expect("the excerpt")
        .0;
    let out = run_example("gap_report");
    let mut report = out.lines();
    for line in excerpt.lines().filter(|l| *l != "...") {
        assert!(
            report.any(|l| l == line),
            "README line {line:?} is not in the report (in this order):\n{out}"
        );
    }
}

#[test]
fn a_report_of_a_scenario_says_under_its_title_that_it_is_a_what_if() {
    let out = run_example_with(
        "gap_report",
        &["--scenario", "data/scenario-stack-leshan.json"],
    );
    let third = out.lines().nth(2).unwrap_or_default();
    assert!(
        third.starts_with("> **What-if, not the data as it is: this report is of the data with the scenario data/scenario-stack-leshan.json"),
        "{out}"
    );
    assert!(!run_example("gap_report").contains("What-if"));
}
