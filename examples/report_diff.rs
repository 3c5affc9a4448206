//! What changed between two gap reports of the same chain and region: two dates, two
//! versions of a dataset, or a dataset and a scenario of it.
//!
//! ```text
//! report_diff BEFORE.json AFTER.json [--format json|markdown]
//! ```
//!
//! Both files are `gap-report@2` documents, as `gap_report --format json` writes them:
//!
//! ```text
//! cargo run --example gap_report -- --format json --out before.json
//! cargo run --example gap_report -- --format json --scenario data/scenario-stack-leshan.json --out after.json
//! cargo run --example report_diff -- before.json after.json
//! ```
//!
//! Exit codes: 0 on success; 1 when a report does not load or the two are of different
//! chains or regions; 2 on a usage error.

#[path = "common/cli.rs"]
mod cli;

use std::io::Write;
use std::process::ExitCode;

use vrfb_chain::analysis::{diff, GapReport};
use vrfb_chain::render;

const USAGE: &str = "usage: report_diff BEFORE.json AFTER.json [--format json|markdown]";

struct Args {
    before: String,
    after: String,
    markdown: bool,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut files = Vec::new();
    let mut markdown = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--help" | "-h" => return Err(String::new()),
            "--format" => {
                markdown = match it.next().map(String::as_str) {
                    Some("json") => false,
                    Some("markdown" | "md") => true,
                    Some(other) => {
                        return Err(format!(
                            "--format: unknown format `{other}`, expected json or markdown"
                        ))
                    }
                    None => return Err("--format needs a value".to_string()),
                }
            }
            flag if flag.starts_with("--") => return Err(format!("unknown argument `{flag}`")),
            file => files.push(file.to_string()),
        }
    }
    match <[String; 2]>::try_from(files) {
        Ok([before, after]) => Ok(Args {
            before,
            after,
            markdown,
        }),
        Err(files) => Err(format!("two report files are needed, got {}", files.len())),
    }
}

fn main() -> ExitCode {
    let args = match cli::args("report_diff", USAGE, parse_args) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let loaded = GapReport::from_path(&args.before)
        .and_then(|b| GapReport::from_path(&args.after).map(|a| (b, a)));
    let (before, after) = match loaded {
        Ok(pair) => pair,
        Err(e) => return cli::report(e),
    };
    let changes = match diff(&before, &after) {
        Ok(d) => d,
        Err(e) => return cli::report(e),
    };
    let text = if args.markdown {
        // Reports of a built-in template are named from its built-in data.
        let graph = vrfb_chain::builtin::graph_of_chain(&changes.chain);
        let graphs: Vec<_> = graph.iter().collect();
        render::diff_markdown_named(&changes, &render::DiffNames::of_graphs(&graphs))
    } else {
        changes.to_json_string()
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not a failure of the diff.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("report_diff: standard output: write failed: {e}");
            ExitCode::from(1)
        }
    }
}
