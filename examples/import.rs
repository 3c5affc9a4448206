//! Spreadsheets in and out: import a dataset from a workbook or a folder of CSV files, write
//! the template, write a dataset in the import layout, and write the gap report as a
//! workbook or CSV files.
//!
//! ```text
//! cargo run --example import --features sheets -- FILE_OR_FOLDER [--chain FILE] --out dataset.json
//! cargo run --example import --features sheets -- --template OUT.xlsx
//! cargo run --example import --features sheets -- [INPUT] --xlsx OUT.xlsx | --csv DIR
//! cargo run --example import --features sheets -- [INPUT] --report REGION [--report-xlsx OUT.xlsx] [--report-csv DIR] [--report-json FILE]
//! ```
//!
//! INPUT is an `.xlsx` workbook, a folder of CSV files, one CSV file named after its table,
//! or a `dataset@1` JSON file; without it, the built-in VRFB data. Exit codes: 0 success, 1
//! an input does not load (every problem on standard error, one per line, at its sheet,
//! row and column), 2 a usage error.

#[path = "common/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use vrfb_chain::{analysis, builtin, sheets, Chain, Error, KnowledgeGraph};

const USAGE: &str = "usage: import [FILE_OR_FOLDER] [--chain FILE] [--out dataset.json] [--xlsx OUT.xlsx] [--csv DIR]
              [--report REGION [--report-xlsx OUT.xlsx] [--report-csv DIR] [--report-json FILE]]
       import --template OUT.xlsx";

#[derive(Default)]
struct Args {
    input: Option<PathBuf>,
    chain: Option<PathBuf>,
    out: Option<PathBuf>,
    xlsx: Option<PathBuf>,
    csv: Option<PathBuf>,
    template: Option<PathBuf>,
    report: Option<String>,
    report_xlsx: Option<PathBuf>,
    report_csv: Option<PathBuf>,
    report_json: Option<PathBuf>,
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut args = Args::default();
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "-h" | "--help" => return Err(String::new()),
            "--chain" => args.chain = Some(value("--chain")?.into()),
            "--out" => args.out = Some(value("--out")?.into()),
            "--xlsx" => args.xlsx = Some(value("--xlsx")?.into()),
            "--csv" => args.csv = Some(value("--csv")?.into()),
            "--template" => args.template = Some(value("--template")?.into()),
            "--report" => args.report = Some(value("--report")?),
            "--report-xlsx" => args.report_xlsx = Some(value("--report-xlsx")?.into()),
            "--report-csv" => args.report_csv = Some(value("--report-csv")?.into()),
            "--report-json" => args.report_json = Some(value("--report-json")?.into()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            other if args.input.is_none() => args.input = Some(other.into()),
            other => return Err(format!("a second input {other}")),
        }
    }
    let writes =
        args.out.is_some() || args.xlsx.is_some() || args.csv.is_some() || args.report.is_some();
    if args.template.is_none() && !writes {
        return Err("say what to write: --out, --xlsx, --csv, --report or --template".into());
    }
    if args.report.is_none()
        && (args.report_xlsx.is_some() || args.report_csv.is_some() || args.report_json.is_some())
    {
        return Err("--report-xlsx, --report-csv and --report-json need --report REGION".into());
    }
    Ok(args)
}

fn fail(e: Error) -> ExitCode {
    for line in e.lines() {
        eprintln!("{line}");
    }
    ExitCode::from(1)
}

fn load(args: &Args) -> Result<KnowledgeGraph, Error> {
    let Some(input) = &args.input else {
        return builtin::load(args.chain.as_deref(), None);
    };
    if input
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"))
    {
        return builtin::load(args.chain.as_deref(), Some(input));
    }
    let chain = match &args.chain {
        Some(path) => Chain::from_path(path)?,
        None => builtin::vrfb_chain(),
    };
    sheets::import::graph_from_path(input, &chain)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|e| Error::Io {
        file: Some(path.to_path_buf()),
        action: "write",
        message: e.to_string(),
        kind: e.kind(),
    })
}

fn run(args: &Args) -> Result<(), Error> {
    if let Some(path) = &args.template {
        sheets::dataset::write_template(path)?;
        eprintln!("wrote the template {}", path.display());
        if args.input.is_none()
            && args.out.is_none()
            && args.xlsx.is_none()
            && args.csv.is_none()
            && args.report.is_none()
        {
            return Ok(());
        }
    }
    let graph = load(args)?;
    let dataset = graph.dataset();
    eprintln!(
        "read {} firms, {} organizations, {} links",
        dataset.firms.len(),
        dataset.organizations.len(),
        dataset.links.len()
    );
    if let Some(path) = &args.out {
        write(path, dataset.to_json_string().as_bytes())?;
    }
    if let Some(path) = &args.xlsx {
        sheets::dataset::write_xlsx(dataset, path)?;
    }
    if let Some(dir) = &args.csv {
        sheets::dataset::write_csv_dir(dataset, dir)?;
    }
    if let Some(region) = &args.report {
        let report = analysis::gaps(&graph, region, &analysis::Options::default())?;
        if let Some(path) = &args.report_xlsx {
            sheets::report::write_xlsx(&graph, &report, path)?;
        }
        if let Some(dir) = &args.report_csv {
            sheets::report::write_csv_dir(&graph, &report, dir)?;
        }
        if let Some(path) = &args.report_json {
            write(path, report.to_json_string().as_bytes())?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match cli::args("import", USAGE, parse_args) {
        Ok(a) => a,
        Err(code) => return code,
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}
