//! The main job: the gap report of a region's chain.
//!
//! ```text
//! gap_report [--chain FILE] [--dataset FILE] [--region ID] [--as-of DATE]
//!            [--min-makers N] [--min-grade A|B|C|none] [--top N]
//!            [--format markdown|json] [--out FILE]
//! ```
//!
//! With no arguments it prints the Markdown report of Leshan High-tech Zone
//! (`cn-sc-leshan-hitech`) from the built-in VRFB template and 2025 dataset:
//!
//! ```text
//! cargo run --release --example gap_report
//! ```
//!
//! Exit codes: 0 on success; 1 when an input does not load or validate (every problem on
//! standard error, one per line, naming the file and the place in it); 2 on a usage error.

#[path = "common/cli.rs"]
mod cli;

use std::io::Write;
use std::process::ExitCode;

use vrfb_chain::analysis::{self, parse_min_grade, Options};
use vrfb_chain::{builtin, render};

const USAGE: &str =
    "usage: gap_report [--chain FILE] [--dataset FILE] [--region ID] [--as-of DATE] \
[--min-makers N] [--min-grade A|B|C|none] [--top N] [--format markdown|json] [--out FILE]";

#[derive(PartialEq)]
enum Format {
    Markdown,
    Json,
}

struct Args {
    chain: Option<String>,
    dataset: Option<String>,
    region: String,
    options: Options,
    format: Format,
    out: Option<String>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        chain: None,
        dataset: None,
        region: builtin::DEFAULT_REGION.to_string(),
        options: Options::default(),
        format: Format::Markdown,
        out: None,
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
        match flag.as_str() {
            "--chain" => parsed.chain = Some(value()?),
            "--dataset" => parsed.dataset = Some(value()?),
            "--region" => parsed.region = value()?,
            "--as-of" => {
                let v = value()?;
                parsed.options.as_of = Some(v.parse().map_err(|e| format!("--as-of: {e}"))?);
            }
            "--min-makers" => {
                let v = value()?;
                parsed.options.min_makers = match v.parse::<usize>() {
                    Ok(n) if n >= 1 => n,
                    _ => return Err(format!("--min-makers: `{v}` is not an integer ≥ 1")),
                };
            }
            "--min-grade" => {
                parsed.options.min_grade =
                    parse_min_grade(&value()?).map_err(|e| format!("--min-grade: {e}"))?;
            }
            "--top" => {
                let v = value()?;
                parsed.options.top_candidates = v
                    .parse()
                    .map_err(|_| format!("--top: `{v}` is not an integer ≥ 0"))?;
            }
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
            "--out" => parsed.out = Some(value()?),
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
    let graph = match cli::graph(args.chain.as_deref(), args.dataset.as_deref()) {
        Ok(g) => g,
        Err(code) => return code,
    };
    if graph.region(&args.region).is_none() {
        eprintln!(
            "gap_report: unknown region `{}` (not in the dataset)\n{USAGE}",
            args.region
        );
        return ExitCode::from(2);
    }
    let report = match analysis::gaps(&graph, &args.region, &args.options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gap_report: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // The report goes straight to a buffered writer: a national JSON report is tens of
    // megabytes, and building it as one string first would double its memory.
    let (mut sink, name): (Box<dyn Write>, String) = match &args.out {
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
    let written = match args.format {
        Format::Markdown => sink
            .write_all(render::markdown(&graph, &report).as_bytes())
            .and_then(|_| sink.flush())
            .map_err(|e| format!("write failed: {e}")),
        // The library's error already says "write failed: …".
        Format::Json => report.to_writer(&mut sink).map_err(|e| e.to_string()),
    }
    .map_err(|e| format!("{name}: {e}"));
    // The process ends here: let the operating system take back the graph and the report
    // instead of freeing millions of strings one by one.
    std::mem::forget((graph, report));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gap_report: {message}");
            ExitCode::from(1)
        }
    }
}
