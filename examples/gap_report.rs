//! The main job: the gap report of a region's chain.
//!
//! ```text
//! gap_report [--chain FILE] [--dataset FILE] [--region ID] [--as-of DATE]
//!            [--min-makers N] [--min-grade A|B|C|none] [--top N]
//!            [--format markdown|json] [--scenario FILE] [--out FILE]
//! ```
//!
//! `--scenario FILE` reports on the dataset with that scenario (`scenario@1`) applied:
//! "what if this firm came here?". Compare the two reports with the `report_diff` example.
//!
//! With no arguments it prints the Markdown report of Leshan High-tech Zone
//! (`cn-sc-leshan-hitech`) from the built-in VRFB template and 2025 dataset:
//!
//! ```text
//! cargo run --release --example gap_report
//! ```
//!
//! The data is read into the compact [`Registry`](vrfb_chain::registry::Registry), which
//! keeps the ids and the names the reports show: the same report as the knowledge graph's,
//! for a national registry in a fraction of the time and memory. A scenario edits the
//! dataset, so `--scenario` loads the whole knowledge graph.
//!
//! Exit codes: 0 on success; 1 when an input does not load or validate (every problem on
//! standard error, one per line, naming the file and the place in it); 2 on a usage error.

#[path = "common/cli.rs"]
mod cli;

use std::io::Write;
use std::process::ExitCode;

use vrfb_chain::analysis;
use vrfb_chain::render;
use vrfb_chain::scenario::{self, Scenario};

const USAGE: &str =
    "usage: gap_report [--chain FILE] [--dataset FILE] [--region ID] [--as-of DATE] \
[--min-makers N] [--min-grade A|B|C|none] [--top N] [--format markdown|json] [--scenario FILE] \
[--out FILE]";

#[derive(PartialEq)]
enum Format {
    Markdown,
    Json,
}

struct Args {
    analysis: cli::AnalysisArgs,
    format: Format,
    scenario: Option<String>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        analysis: cli::AnalysisArgs::default(),
        format: Format::Markdown,
        scenario: None,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        if parsed.analysis.take(flag, &mut value)? {
            continue;
        }
        match flag.as_str() {
            "--format" => {
                parsed.format = match value()?.as_str() {
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "--format: unknown format `{other}`, expected markdown or json"
                        ))
                    }
                }
            }
            "--scenario" => parsed.scenario = Some(value()?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args = match cli::args("gap_report", USAGE, parse_args) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let (chain, dataset) = (
        args.analysis.chain.as_deref(),
        args.analysis.dataset.as_deref(),
    );
    if args.scenario.is_none() {
        return from_registry(&args, chain, dataset);
    }
    // A scenario edits the dataset: that needs the whole graph.
    let mut graph = match cli::graph(chain, dataset) {
        Ok(g) => g,
        Err(code) => return code,
    };
    let mut note = None;
    if let Some(path) = &args.scenario {
        graph = match scenario::apply_path(&graph, path) {
            Ok(after) => {
                // The file applied, so it reads: its name and counts make the note.
                note = Scenario::from_path(path).ok().map(|s| s.what_if_note(path));
                after
            }
            Err(e) => return cli::report(e),
        };
    }
    if graph.region(&args.analysis.region).is_none() {
        return unknown_region(&args.analysis.region);
    }
    let report = match analysis::gaps(&graph, &args.analysis.region, &args.analysis.options) {
        Ok(r) => r,
        Err(e) => return usage_error(e),
    };
    let code = write(&args.analysis.out, |sink| match args.format {
        // The library's errors already say "write failed: …".
        // A what-if says so under its title.
        Format::Markdown => {
            render::write_markdown_with_note(sink, &graph, &report, note.as_deref())
                .map_err(|e| e.to_string())
        }
        Format::Json => report.to_writer(sink).map_err(|e| e.to_string()),
    });
    // The process ends here: let the operating system take back the graph and the report
    // instead of freeing millions of strings one by one.
    std::mem::forget((graph, report));
    code
}

/// The report from the compact registry, which keeps the ids and the names the reports
/// show: at a national scale it needs a fraction of the graph's time and memory.
fn from_registry(args: &Args, chain: Option<&str>, dataset: Option<&str>) -> ExitCode {
    let registry = match cli::registry(chain, dataset) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if !registry.has_region(&args.analysis.region) {
        return unknown_region(&args.analysis.region);
    }
    let report = match registry.gaps(&args.analysis.region, &args.analysis.options) {
        Ok(r) => r,
        Err(e) => return usage_error(e),
    };
    let code = write(&args.analysis.out, |sink| match args.format {
        // The library's errors already say "write failed: …".
        Format::Markdown => {
            render::write_markdown(sink, &registry, &report).map_err(|e| e.to_string())
        }
        Format::Json => report.to_writer(sink).map_err(|e| e.to_string()),
    });
    std::mem::forget(report);
    std::mem::forget(registry);
    code
}

fn unknown_region(region: &str) -> ExitCode {
    eprintln!("gap_report: unknown region `{region}` (not in the dataset)\n{USAGE}");
    ExitCode::from(2)
}

fn usage_error(e: vrfb_chain::Error) -> ExitCode {
    eprintln!("gap_report: {e}\n{USAGE}");
    ExitCode::from(2)
}

/// Writes the report with `write` to `--out` or standard output: 0 when it is written, 1
/// with a message when it cannot be. The report goes straight to the writer, a piece at a
/// time: a national report is tens of megabytes (115 MB in Markdown for 100 000 firms),
/// and building it as one string first would double the memory.
fn write(
    out: &Option<String>,
    write: impl FnOnce(&mut dyn Write) -> Result<(), String>,
) -> ExitCode {
    let (mut sink, name): (Box<dyn Write>, String) = match out {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => (Box::new(file), path.clone()),
            Err(e) => {
                eprintln!("gap_report: {path}: write failed: {e}");
                return ExitCode::from(1);
            }
        },
        None => (
            Box::new(std::io::stdout().lock()),
            "standard output".to_string(),
        ),
    };
    match write(&mut sink) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gap_report: {name}: {message}");
            ExitCode::from(1)
        }
    }
}
