//! The gap report of a region as one self-contained HTML page, with the chain map.
//!
//! ```text
//! html_report [--chain FILE] [--dataset FILE] [--region ID] [--as-of DATE]
//!             [--min-makers N] [--min-grade A|B|C|none] [--top N] [--out FILE]
//! ```
//!
//! With no arguments it writes the page of Leshan High-tech Zone (`cn-sc-leshan-hitech`)
//! from the built-in VRFB template and 2025 dataset to standard output:
//!
//! ```text
//! cargo run --example html_report --features html -- --out leshan.html
//! cargo run --example html_report --features html -- --region cn-sc --out sichuan.html
//! ```
//!
//! The page needs no network: open it in any browser, mail it, put it on a USB stick.
//!
//! Exit codes: 0 on success; 1 when an input does not load or validate (every problem on
//! standard error, one per line, naming the file and the place in it) or the page cannot be
//! written; 2 on a usage error (unknown flag, bad value, unknown region).

#[path = "common/cli.rs"]
mod cli;

use std::io::Write;
use std::process::ExitCode;

use vrfb_chain::analysis;
use vrfb_chain::render;

const USAGE: &str =
    "usage: html_report [--chain FILE] [--dataset FILE] [--region ID] [--as-of DATE] \
[--min-makers N] [--min-grade A|B|C|none] [--top N] [--out FILE]";

fn parse_args(args: &[String]) -> Result<cli::AnalysisArgs, String> {
    let mut parsed = cli::AnalysisArgs::default();
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
        if !parsed.take(flag, &mut value)? {
            return Err(format!("unknown argument `{flag}`"));
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args = match cli::args("html_report", USAGE, parse_args) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let graph = match cli::graph(args.chain.as_deref(), args.dataset.as_deref()) {
        Ok(g) => g,
        Err(code) => return code,
    };
    if graph.region(&args.region).is_none() {
        eprintln!(
            "html_report: unknown region `{}` (not in the dataset)\n{USAGE}",
            args.region
        );
        return ExitCode::from(2);
    }
    let report = match analysis::gaps(&graph, &args.region, &args.options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("html_report: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let page = render::html(&graph, &report);
    let written = match &args.out {
        Some(path) => {
            std::fs::write(path, page.as_bytes()).map_err(|e| format!("{path}: write failed: {e}"))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(page.as_bytes())
                .and_then(|_| stdout.flush())
                .map_err(|e| format!("standard output: write failed: {e}"))
        }
    };
    // The process ends here: let the operating system take back the graph and the report.
    std::mem::forget((graph, report));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("html_report: {message}");
            ExitCode::from(1)
        }
    }
}
