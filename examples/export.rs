//! Exports the knowledge graph for other tools: the dataset JSON, NetworkX node-link JSON,
//! GraphML, Cytoscape.js JSON (and its stylesheet), a Graphviz chain map, or Neo4j import
//! files.
//!
//! ```text
//! export --format json|node-link|graphml|cytoscape|cytoscape-style|dot|neo4j
//!        [--chain FILE] [--dataset FILE] [--region ID] [--as-of DATE] [--out FILE|DIR]
//!        [--links-key]
//! ```
//!
//! - Data: the built-in VRFB template and 2025 dataset unless `--chain` / `--dataset` name
//!   files. A `--dataset` alone is read against the built-in template it names (`vrfb`,
//!   `vrfb-mini` or `li-ion-storage`), otherwise the VRFB one.
//! - `--as-of DATE`: keep only the facts valid at that date (for `dot`: the gap analysis'
//!   date).
//! - `--region REGION` (an id or a name): the gap report of that region. `dot` colours the map by it and attaches
//!   the region's firms (default: `cn-sc-leshan-hitech` when the dataset has it, else no
//!   report); `node-link`, `graphml`, `cytoscape` and `neo4j` give each product its
//!   `gap_status` and the graph its `scope` (default: no report).
//! - `--format neo4j --out DIR`: the Neo4j import CSV files, `import.sh` and `load.cypher`
//!   in DIR (created when missing); `--out` is required.
//! - `--format cytoscape-style`: the Cytoscape.js stylesheet for the `cytoscape` export.
//! - `--links-key` (`node-link` only): write `links` instead of `edges`, for NetworkX < 3.6.
//! - `--out FILE`: write there instead of standard output.
//!
//! ```text
//! cargo run --example export -- --format dot | dot -Tsvg > leshan-chain-map.svg
//! cargo run --example export -- --format graphml --out vrfb.graphml
//! cargo run --example export -- --format neo4j --region cn-sc-leshan-hitech --out neo4j/
//! ```
//!
//! Exit codes: 0 on success; 1 when an input does not load or validate (every problem on
//! standard error, one per line, naming the file and the place in it) or the output
//! cannot be written; 2 on a usage error (unknown flag, bad value, unknown region).

#[path = "common/cli.rs"]
mod cli;

use std::io::Write;
use std::process::ExitCode;

use vrfb_chain::analysis::{self, Options};
use vrfb_chain::builtin;
use vrfb_chain::export::{self, ExportOptions, Format};
use vrfb_chain::lookup::Lookup;

const USAGE: &str =
    "usage: export --format json|node-link|graphml|cytoscape|cytoscape-style|dot|neo4j \
[--chain FILE] [--dataset FILE] [--region ID] [--as-of DATE] [--out FILE|DIR] [--links-key]";

struct Args {
    format: Format,
    /// `--format cytoscape-style`: the stylesheet, not an export.
    style: bool,
    chain: Option<String>,
    dataset: Option<String>,
    region: Option<String>,
    options: ExportOptions,
    out: Option<String>,
}

/// Parses the arguments; `Err("")` asks for the usage text (`--help`).
fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut format = None;
    let mut parsed = Args {
        format: Format::Json,
        style: false,
        chain: None,
        dataset: None,
        region: None,
        options: ExportOptions::default(),
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
            "--format" => {
                let v = value()?;
                if v == "cytoscape-style" {
                    parsed.style = true;
                    format = Some(Format::Cytoscape);
                } else {
                    format = Some(
                        v.parse()
                            .map_err(|e| format!("--format: {e}, cytoscape-style"))?,
                    );
                }
            }
            "--chain" => parsed.chain = Some(value()?),
            "--dataset" => parsed.dataset = Some(value()?),
            "--region" => parsed.region = Some(value()?),
            "--as-of" => {
                let v = value()?;
                parsed.options.as_of = Some(v.parse().map_err(|e| format!("--as-of: {e}"))?);
            }
            "--out" => parsed.out = Some(value()?),
            "--links-key" => parsed.options.links_key = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    parsed.format = format.ok_or("--format is required")?;
    if parsed.region.is_some() && (parsed.format == Format::Json || parsed.style) {
        return Err("--region does not apply to --format json or cytoscape-style".into());
    }
    if parsed.format.is_directory() && parsed.out.is_none() {
        return Err(format!(
            "--format {} writes a directory: --out DIR is required",
            parsed.format
        ));
    }
    if parsed.options.links_key && parsed.format != Format::NodeLink {
        return Err("--links-key applies to --format node-link only".into());
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args = match cli::args("export", USAGE, parse_args) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let graph = match cli::graph(args.chain.as_deref(), args.dataset.as_deref()) {
        Ok(g) => g,
        Err(code) => return code,
    };

    if args.style {
        return finish(
            Ok(export::cytoscape::style().into_bytes()),
            args.out.as_deref(),
        );
    }

    let report = if args.format == Format::Dot || args.region.is_some() {
        // A region by id or by name, as the command line takes it (`vrfb_chain::lookup`).
        let region = match args.region.as_deref().map(|r| (r, graph.find_region(r))) {
            Some((_, Lookup::Found(r))) => Some(r.id.as_str()),
            Some((r, Lookup::Ambiguous(found))) => {
                let ids: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
                eprintln!(
                    "export: region `{r}` is ambiguous: {}\n{USAGE}",
                    ids.join(", ")
                );
                return ExitCode::from(2);
            }
            Some((r, _)) => {
                eprintln!("export: unknown region `{r}` (not in the dataset)\n{USAGE}");
                return ExitCode::from(2);
            }
            None => Some(builtin::DEFAULT_REGION).filter(|r| graph.region(r).is_some()),
        };
        let options = Options {
            as_of: args.options.as_of,
            ..Options::default()
        };
        match region.map(|r| analysis::gaps(&graph, r, &options)) {
            None => None,
            Some(Ok(report)) => Some(report),
            Some(Err(e)) => {
                eprintln!("export: {e}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };

    if args.format.is_directory() {
        let dir = std::path::Path::new(args.out.as_deref().unwrap_or("."));
        return match export::neo4j::write_dir(&graph, &args.options, report.as_ref(), dir) {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("export: {e}");
                ExitCode::from(1)
            }
        };
    }

    let mut text = Vec::new();
    let written = export::write(
        &graph,
        args.format,
        &args.options,
        report.as_ref(),
        &mut text,
    )
    .map(|()| text)
    .map_err(|e| format!("{e}"));
    finish(written, args.out.as_deref())
}

/// Writes the output to `out`, or standard output.
fn finish(text: Result<Vec<u8>, String>, out: Option<&str>) -> ExitCode {
    let written = text.and_then(|text| match out {
        Some(path) => std::fs::write(path, &text).map_err(|e| format!("{path}: write failed: {e}")),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&text)
                .and_then(|_| stdout.flush())
                .map_err(|e| format!("standard output: write failed: {e}"))
        }
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("export: {message}");
            ExitCode::from(1)
        }
    }
}
