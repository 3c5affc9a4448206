//! Exports the knowledge graph for other tools: the dataset JSON, NetworkX node-link JSON,
//! GraphML, Cytoscape.js JSON (and its stylesheet), a Graphviz chain map, or Neo4j import
//! files.
//!
//! The data is read into the compact [`Registry`](vrfb_chain::registry::Registry) with its
//! records, which every export reads (the bytes a `KnowledgeGraph` would give, in a
//! fraction of its memory), and the output is written as it is made.
//!
//! ```text
//! export --format json|node-link|graphml|cytoscape|cytoscape-style|dot|neo4j
//!        [--chain FILE] [--dataset FILE] [--region ID] [--as-of DATE] [--out FILE|DIR]
//!        [--links-key]
//! ```
//!
//! - Data: the built-in VRFB template and 2025 dataset unless `--chain` / `--dataset` name
//!   files. A `--dataset` alone is read against the built-in template it names (`vrfb`,
//!   `vrfb-mini` or `li-ion-storage`; a dataset of another chain needs `--chain`).
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
use std::path::Path;
use std::process::ExitCode;

use vrfb_chain::analysis::Options;
use vrfb_chain::builtin;
use vrfb_chain::export::{self, ExportOptions, Exportable, Format};
use vrfb_chain::lookup::{self, Lookup};
use vrfb_chain::registry::Registry;

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
    // The registry with its records: every export reads it, in about the file's size of
    // memory (the knowledge graph's owned dataset needs several times that).
    let registry = match builtin::load_registry_with_records(
        args.chain.as_deref().map(Path::new),
        args.dataset.as_deref().map(Path::new),
    ) {
        Ok(r) => r,
        Err(e) => return cli::report(e),
    };

    if args.style {
        return finish(args.out.as_deref(), |w| {
            let style = export::cytoscape::style();
            w.write_all(style.as_bytes())
                .and_then(|()| w.flush())
                .map_err(|e| format!("write failed: {e}"))
        });
    }

    let report = if args.format == Format::Dot || args.region.is_some() {
        let region = match args.region.as_deref() {
            Some(query) => match find_region(&registry, query) {
                Ok(id) => Some(id),
                Err(message) => {
                    eprintln!("export: {message}\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            None => Some(builtin::DEFAULT_REGION.to_string()).filter(|r| registry.has_region(r)),
        };
        let options = Options {
            as_of: args.options.as_of,
            ..Options::default()
        };
        match region.map(|r| registry.gaps(&r, &options)) {
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
        let dir = Path::new(args.out.as_deref().unwrap_or("."));
        return match export::neo4j::write_dir(&registry, &args.options, report.as_ref(), dir) {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("export: {e}");
                ExitCode::from(1)
            }
        };
    }
    finish(args.out.as_deref(), |w| {
        export::write(&registry, args.format, &args.options, report.as_ref(), w)
            .map_err(|e| e.to_string())
    })
}

/// The id of the region `query` names (an id, or a name in Chinese or English), or the
/// message that says why there is none.
fn find_region(registry: &Registry, query: &str) -> Result<String, String> {
    let Some(records) = registry.records() else {
        return Err("the registry has no records".into());
    };
    let regions: Vec<vrfb_chain::Region> = (0..records.region_count())
        .map(|i| records.region(i).into_owned())
        .collect();
    match lookup::find(&regions, query) {
        Lookup::Found(r) => Ok(r.id.clone()),
        Lookup::Ambiguous(found) => {
            let ids: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
            Err(format!("region `{query}` is ambiguous: {}", ids.join(", ")))
        }
        Lookup::NotFound => Err(format!("unknown region `{query}` (not in the dataset)")),
    }
}

/// Writes the output to `out`, or standard output, as `write` makes it (the writers
/// buffer and flush it); `write`'s error names what failed, this names where.
fn finish(out: Option<&str>, write: impl FnOnce(&mut dyn Write) -> Result<(), String>) -> ExitCode {
    let written = match out {
        Some(path) => std::fs::File::create(path)
            .map_err(|e| format!("write failed: {e}"))
            .and_then(|mut file| write(&mut file))
            .map_err(|e| format!("{path}: {e}")),
        None => write(&mut std::io::stdout().lock()).map_err(|e| format!("standard output: {e}")),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("export: {message}");
            ExitCode::from(1)
        }
    }
}
