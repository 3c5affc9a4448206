//! `vrfb-chain`: the command line of the vrfb-chain crate, for people who do not write
//! Rust. Each subcommand is one variant of [`Command`] and one function; the work is the
//! library's, this file reads arguments and writes results.
#![forbid(unsafe_code)]

#[path = "vrfb-chain/io.rs"]
mod io;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use vrfb_chain::analysis::{self, AppliedOptions, GapReport, Options};
use vrfb_chain::builtin::{self, Checked};
use vrfb_chain::export::{self, ExportOptions, Exportable};
use vrfb_chain::lookup::{self, Lookup, Named};
use vrfb_chain::registry::Registry;
use vrfb_chain::scenario::{self, Scenario};
use vrfb_chain::sheets::layout::is_spreadsheet;
use vrfb_chain::{render, synth, Date, Grade, KnowledgeGraph, Name};

use io::{say, Failure, Sink, Spinner};

const EXIT_CODES: &str = "Exit codes:
  0  success (also when the reader of standard output goes away, as with `| head`)
  1  an input does not load or validate, or the output cannot be written
  2  a usage error: an unknown flag, a bad value, an unknown or ambiguous region";

/// The VRFB industry-chain knowledge graph: gap reports of a region's chain, checks of
/// data files, exports for other tools.
#[derive(Parser)]
#[command(name = "vrfb-chain", version, after_help = EXIT_CODES)]
struct Cli {
    /// Say nothing on standard error but errors: no warnings, no spinner.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The gap report of a region's chain (default: Leshan High-tech Zone, built-in data).
    #[command(after_help = EXIT_CODES)]
    Gaps(GapsArgs),
    /// Check data files (templates, datasets, gap reports): every problem, one per line.
    #[command(after_help = EXIT_CODES)]
    Validate(ValidateArgs),
    /// Export the knowledge graph for other tools.
    #[command(after_help = EXIT_CODES)]
    Export(ExportArgs),
    /// The region tree with ids and names, or the regions whose id or name matches QUERY.
    #[command(after_help = EXIT_CODES)]
    Regions(RegionsArgs),
    /// What would change if a scenario came true: the diff of the region's report without
    /// and with it (a firm opens, a link is signed, a firm closes).
    #[command(name = "what-if", after_help = EXIT_CODES)]
    WhatIf(WhatIfArgs),
    /// What changed between two gap reports (`gaps --format json`) of one region.
    #[command(after_help = EXIT_CODES)]
    Diff(DiffArgs),
    /// Read a dataset from a workbook (.xlsx) or a folder of CSV files, or write the template
    /// workbook to fill in.
    #[command(after_help = EXIT_CODES)]
    Import(ImportArgs),
    /// Write a synthetic dataset of any size, for benchmarks.
    #[command(after_help = EXIT_CODES)]
    Synth(SynthArgs),
}

/// The data to read: the built-in VRFB template and 2025 dataset unless files are named.
#[derive(Args)]
struct Data {
    /// A chain template file (default: the built-in template the dataset names).
    #[arg(long, value_name = "FILE")]
    chain: Option<PathBuf>,
    /// A dataset file (default: the built-in 2025 VRFB dataset): JSON, or a workbook, a CSV
    /// file or a folder of CSV files, imported as `import` does.
    #[arg(long, value_name = "FILE")]
    dataset: Option<PathBuf>,
}

/// `--min-grade`: a grade, or `none` (every fact is strong enough).
#[derive(Clone, Copy)]
struct MinGrade(Option<Grade>);

/// `--as-of`, read as the import reads a date typed as text (`2025/6/1`, `2025年6月`).
fn as_of_date(text: &str) -> Result<Date, String> {
    vrfb_chain::sheets::import::date_from_text(text)
}

/// A grade as the import reads one too: `a`, `A`, `甲`, `A级` are A; `none` or `无` is none.
fn min_grade(text: &str) -> Result<MinGrade, String> {
    let t = text.trim().trim_end_matches(['级', '类']);
    let folded = match t {
        "甲" => "A".to_string(),
        "乙" => "B".to_string(),
        "丙" => "C".to_string(),
        "无" => "none".to_string(),
        "NONE" | "None" => "none".to_string(),
        t if t.len() == 1 => t.to_ascii_uppercase(),
        t => t.to_string(),
    };
    analysis::parse_min_grade(&folded)
        .map(MinGrade)
        .map_err(|_| format!("`{text}` is no grade: use A, B, C (甲, 乙, 丙) or none"))
}

fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("`{text}` is not an integer ≥ 1")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// The report for people.
    Markdown,
    /// The `gap-report@2` document, for machines and for `diff`.
    Json,
    /// One self-contained page with the chain map (needs --out or a pipe).
    Html,
    /// A workbook, one sheet per section (needs --out FILE).
    Xlsx,
    /// The workbook's sheets as CSV files (needs --out DIR).
    Csv,
}

/// What to analyse, and how: the data, the region and the options of the gap analysis.
#[derive(Args)]
struct Analysis {
    #[command(flatten)]
    data: Data,
    /// The region, by id or by name (zh or en) [default: cn-sc-leshan-hitech, Leshan
    /// High-tech Zone, when the dataset has it].
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// Count the facts valid at this date (YYYY, YYYY-MM or YYYY-MM-DD, or as a sheet
    /// has it: 2025/6/1, 2025年6月; default: the dataset's as_of). A year or a month stands for its first day: 2024 is 2024-01-01,
    /// so the end of 2024 is 2024-12-31.
    #[arg(long, value_name = "DATE", value_parser = as_of_date)]
    as_of: Option<Date>,
    /// Strong local makers a product needs to be covered.
    #[arg(long, value_name = "N", default_value = "2", value_parser = at_least_one,
          allow_negative_numbers = true)]
    min_makers: usize,
    /// The evidence grade a fact needs to be strong: A, B, C or none.
    #[arg(long, value_name = "GRADE", default_value = "B", value_parser = min_grade)]
    min_grade: MinGrade,
    /// Candidates, local suppliers and local customers listed per entry.
    #[arg(long, value_name = "N", default_value_t = 5)]
    top: usize,
}

impl Analysis {
    fn options(&self) -> Options {
        Options {
            as_of: self.as_of,
            min_makers: self.min_makers,
            min_grade: self.min_grade.0,
            top_candidates: self.top,
        }
    }
}

#[derive(Args)]
struct GapsArgs {
    #[command(flatten)]
    analysis: Analysis,
    /// Report on the dataset with this scenario (`scenario@1`) applied.
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    format: ReportFormat,
    /// Write there instead of standard output (a folder for csv).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct WhatIfArgs {
    #[command(flatten)]
    analysis: Analysis,
    /// The scenario (`scenario@1`): what it adds and removes.
    #[arg(long, value_name = "FILE")]
    scenario: PathBuf,
    /// The output format of the diff.
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    format: DiffFormat,
    /// Write there instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct ImportArgs {
    /// A workbook (.xlsx, .xls, .ods) or a folder of CSV files, one table per record kind.
    #[arg(value_name = "FILE_OR_FOLDER", required_unless_present = "template")]
    input: Option<PathBuf>,
    /// Import against this template (default: the built-in VRFB template).
    #[arg(long, value_name = "FILE")]
    chain: Option<PathBuf>,
    /// Write the dataset there (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write the template workbook to fill in, and nothing else.
    #[arg(long, value_name = "OUT.xlsx", conflicts_with = "input")]
    template: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ProblemFormat {
    /// One problem per line.
    Text,
    /// One JSON document listing every file and its problems.
    Json,
}

#[derive(Args)]
struct ValidateArgs {
    /// The files: templates (`chain@1`), datasets (`dataset@1`), scenarios (`scenario@1`),
    /// gap reports (`gap-report@2`) or report diffs (`report-diff@1`), told apart by their
    /// `format`.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Check datasets against this template (default: the built-in template each names).
    #[arg(long, value_name = "FILE")]
    chain: Option<PathBuf>,
    /// Check scenarios against this dataset (default: the built-in 2025 VRFB dataset).
    #[arg(long, value_name = "FILE")]
    dataset: Option<PathBuf>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = ProblemFormat::Text)]
    format: ProblemFormat,
}

/// What `export` writes: a graph format of [`export::Format`], or the dataset in the
/// spreadsheet import layout.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ExportFormat {
    Graph(export::Format),
    /// The dataset as a workbook in the import layout.
    Xlsx,
    /// The dataset as a folder of CSV files in the import layout.
    Csv,
    /// The Cytoscape.js stylesheet for the `cytoscape` export (no data).
    CytoscapeStyle,
}

fn export_format(text: &str) -> Result<ExportFormat, String> {
    match text {
        "xlsx" => Ok(ExportFormat::Xlsx),
        "csv" => Ok(ExportFormat::Csv),
        "cytoscape-style" => Ok(ExportFormat::CytoscapeStyle),
        other => other.parse().map(ExportFormat::Graph).map_err(|e: String| {
            let known = format!("{e}, cytoscape-style, xlsx or csv");
            match format_for_tool(other) {
                Some(hint) => format!("{known}; {hint}"),
                None => known,
            }
        }),
    }
}

/// The format to give for a tool or file type named instead of a format.
fn format_for_tool(text: &str) -> Option<&'static str> {
    Some(match text.to_ascii_lowercase().as_str() {
        "gephi" | "gexf" | "yed" => "Gephi and yEd open graphml: --format graphml",
        "networkx" | "nx" | "node_link" | "nodelink" => "NetworkX reads node-link",
        "graphviz" | "gv" | "svg" | "png" => "Graphviz draws dot (dot -Tsvg chain.dot > chain.svg)",
        "cypher" | "neo4j-admin" => "Neo4j imports the neo4j folder: --format neo4j",
        "excel" | "xls" | "wps" => "Excel and WPS open xlsx",
        "cytoscape.js" | "cyjs" => "Cytoscape reads cytoscape",
        _ => return None,
    })
}

#[derive(Args)]
struct ExportArgs {
    #[command(flatten)]
    data: Data,
    /// json (the dataset), node-link (NetworkX), graphml, cytoscape (Cytoscape.js),
    /// cytoscape-style (its stylesheet), dot (a Graphviz chain map), neo4j (a folder of
    /// import files), xlsx or csv (the dataset in the spreadsheet import layout; csv: a
    /// folder).
    #[arg(long, value_name = "FORMAT", value_parser = export_format)]
    format: ExportFormat,
    /// Keep only the facts valid at this date (for dot: the gap analysis' date).
    #[arg(long, value_name = "DATE", value_parser = as_of_date)]
    as_of: Option<Date>,
    /// The gap report of this region, by id or name: dot colours the map by it (default:
    /// cn-sc-leshan-hitech when the dataset has it); node-link, graphml, cytoscape and neo4j
    /// give each product its gap status.
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// node-link only: write `links` instead of `edges`, for NetworkX < 3.6.
    #[arg(long)]
    links_key: bool,
    /// Write there instead of standard output (a folder for neo4j and csv).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct RegionsArgs {
    #[command(flatten)]
    data: Data,
    /// Part of an id or a name (zh or en); without it, the whole tree.
    query: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// The `report-diff@1` document.
    Json,
    /// For people.
    Markdown,
}

#[derive(Args)]
struct DiffArgs {
    /// The earlier report (`gaps --format json`).
    before: PathBuf,
    /// The later report, of the same chain and region.
    after: PathBuf,
    /// The output format: Markdown for people (as `what-if`), or the `report-diff@1` JSON.
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    format: DiffFormat,
    /// Write there instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct SynthArgs {
    /// How many firms.
    #[arg(long, value_name = "N")]
    firms: usize,
    /// The seed: the same firms, seed and shape give the same bytes.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// The template the firms make products of.
    #[arg(long, value_enum, default_value_t = SynthShape::Registry)]
    shape: SynthShape,
    /// Write the template there too (indented JSON), for `--chain FILE`; needed for
    /// `--shape deep`, whose template is generated.
    #[arg(long, value_name = "FILE", required_if_eq("shape", "deep"))]
    chain_out: Option<PathBuf>,
    /// Write there instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// The shapes of `synth`: `vrfb_chain::synth::Shape`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SynthShape {
    /// A national registry of the built-in VRFB template (26 products).
    Registry,
    /// The same of a generated template of 240 products in 12 segments.
    Deep,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to standard output and end with 0; a usage error goes to
            // standard error with 2. Neither may panic on a closed stream.
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let quiet = cli.quiet;
    let done = match cli.command {
        Command::Gaps(args) => gaps(args, quiet),
        Command::Validate(args) => validate(args, quiet),
        Command::Export(args) => export(args, quiet),
        Command::Regions(args) => regions(args, quiet),
        Command::WhatIf(args) => what_if(args, quiet),
        Command::Diff(args) => diff(args, quiet),
        Command::Import(args) => import(args, quiet),
        Command::Synth(args) => synth(args, quiet),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.exit(),
    }
}

/// The graph of the files named, or of the built-in data, with a spinner while it loads.
/// A dataset that is a spreadsheet is imported, as `import` would.
fn load(data: &Data, quiet: bool) -> Result<KnowledgeGraph, Failure> {
    if let Some(sheet) = data.dataset.as_deref().filter(|p| is_spreadsheet(p)) {
        let chain = template_of_import(data.chain.as_deref())?;
        let _spinner = Spinner::start("importing", quiet);
        return vrfb_chain::sheets::import::graph_from_path(sheet, &chain)
            .map_err(|e| Failure::from_error(&e));
    }
    let _spinner = Spinner::start("reading the data", quiet);
    builtin::load(data.chain.as_deref(), data.dataset.as_deref())
        .map_err(|e| Failure::from_error(&e))
}

/// The template a spreadsheet is imported against: `--chain`, or the built-in VRFB one.
fn template_of_import(chain: Option<&Path>) -> Result<vrfb_chain::Chain, Failure> {
    match chain {
        Some(path) => vrfb_chain::Chain::from_path(path).map_err(|e| Failure::from_error(&e)),
        None => Ok(builtin::vrfb_chain()),
    }
}

/// The region `query` names, or a usage error listing the matches or suggestions.
fn region<'g>(graph: &'g KnowledgeGraph, query: &str) -> Result<&'g vrfb_chain::Region, Failure> {
    let regions = &graph.dataset().regions;
    resolve(
        "region",
        regions,
        query,
        lookup::find_region(regions, query),
    )
}

/// The built-in default region, or, when the dataset has no such region, a usage error
/// that names the regions where its firms are and how to choose one.
fn default_region(graph: &KnowledgeGraph) -> Result<&vrfb_chain::Region, Failure> {
    const SHOWN: usize = 8;
    if let Some(region) = graph.region(builtin::DEFAULT_REGION) {
        return Ok(region);
    }
    let mut lines = vec![format!(
        "the dataset has no region `{}` (Leshan High-tech Zone), the default: name the region \
         to analyse with --region REGION (an id or a name)",
        builtin::DEFAULT_REGION
    )];
    let mut ids: Vec<&str> = graph
        .dataset()
        .firms
        .iter()
        .map(|f| f.region.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if !ids.is_empty() {
        lines.push(format!("its firms are in {} regions:", ids.len()));
        let regions = ids.iter().filter_map(|id| graph.region(id));
        lines.extend(regions.take(SHOWN).map(|r| format!("  {}", describe(r))));
        if ids.len() > SHOWN {
            lines.push(format!("  and {} more", ids.len() - SHOWN));
        }
    }
    lines.push("`vrfb-chain regions` with the same --chain and --dataset lists them all".into());
    Err(Failure::Usage(lines))
}

/// The one item `query` names, as `found` says (see [`lookup::find`]); when it names
/// several, they are listed; when none, the closest ids and names are suggested.
fn resolve<'a, T: Named>(
    what: &str,
    items: &'a [T],
    query: &str,
    found: Lookup<'a, T>,
) -> Result<&'a T, Failure> {
    match found {
        Lookup::Found(item) => Ok(item),
        Lookup::Ambiguous(found) => {
            let mut lines = vec![format!(
                "{what} `{query}` is ambiguous: {} {what}s have that name; give an id:",
                found.len()
            )];
            lines.extend(found.iter().map(|i| format!("  {}", describe(*i))));
            Err(Failure::Usage(lines))
        }
        Lookup::NotFound => {
            let mut lines = vec![format!("unknown {what} `{query}` (not in the dataset)")];
            let near = lookup::nearest(items, query);
            if !near.is_empty() {
                lines.push("did you mean:".into());
                lines.extend(near.iter().map(|i| format!("  {}", describe(*i))));
            }
            Err(Failure::Usage(lines))
        }
    }
}

/// `id  zh (en)`.
fn describe<T: Named>(item: &T) -> String {
    let name = item.name().display();
    if name.is_empty() {
        item.id().to_string()
    } else {
        format!("{}  {name}", item.id())
    }
}

/// The graph to analyse: the data, with the scenario applied when one is given, and then
/// the note that marks its report as a what-if.
fn load_with(
    data: &Data,
    scenario: Option<&Path>,
    quiet: bool,
) -> Result<(KnowledgeGraph, Option<Name>), Failure> {
    let graph = load(data, quiet)?;
    match scenario {
        None => Ok((graph, None)),
        Some(path) => {
            let (read, after) =
                scenario::read_and_apply_path(&graph, path).map_err(|e| Failure::from_error(&e))?;
            // Its name and counts make the note.
            let file = path.display().to_string();
            let note = Name::new(
                Some(&read.what_if_note_zh(&file)),
                Some(&read.what_if_note(&file)),
            );
            Ok((after, Some(note)))
        }
    }
}

/// The region's report, with the warnings its reader needs on standard error.
fn report_of(
    graph: &KnowledgeGraph,
    analysis: &Analysis,
    quiet: bool,
) -> Result<GapReport, Failure> {
    let region = match &analysis.region {
        Some(query) => region(graph, query)?,
        None => default_region(graph)?,
    };
    report_in(graph, &region.id, analysis, quiet)
}

/// The report of the region of id `region`, with the warnings its reader needs.
fn report_in(
    graph: &KnowledgeGraph,
    region: &str,
    analysis: &Analysis,
    quiet: bool,
) -> Result<GapReport, Failure> {
    let report =
        analysis::gaps(graph, region, &analysis.options()).map_err(|e| Failure::from_error(&e))?;
    if !quiet {
        for warning in vrfb_chain::warnings::check(graph, &report) {
            say(&format!("vrfb-chain: warning: {warning}"));
        }
    }
    Ok(report)
}

fn gaps(args: GapsArgs, quiet: bool) -> Result<(), Failure> {
    check_out(args.format, args.out.as_deref())?;
    let (graph, note) = load_with(&args.analysis.data, args.scenario.as_deref(), quiet)?;
    let report = report_of(&graph, &args.analysis, quiet)?;
    if let (Some(note), ReportFormat::Json, false) = (&note, args.format, quiet) {
        say(&format!(
            "vrfb-chain: note: {}",
            note.en.as_deref().unwrap_or_default()
        ));
    }
    let written = write_report(
        &graph,
        &report,
        note.as_ref(),
        args.format,
        args.out.as_deref(),
    );
    // The process ends here: let the operating system take back the graph and the report
    // instead of freeing millions of strings one by one.
    std::mem::forget((graph, report));
    written
}

/// Whether a report in `format` can be written to `out`, checked before the data is read:
/// a page of HTML not to a terminal, a workbook to a `.xlsx` file, CSV files to a folder.
fn check_out(format: ReportFormat, out: Option<&Path>) -> Result<(), Failure> {
    match format {
        ReportFormat::Html if out.is_none() => io::not_a_terminal("html"),
        ReportFormat::Xlsx => io::workbook_out(out).map(drop),
        ReportFormat::Csv => io::folder_out(out, "csv").map(drop),
        _ => Ok(()),
    }
}

/// Writes a report in `format` to `out` (standard output when `None`, but for the
/// workbook formats, which need a path), with `note` under the title of the Markdown and
/// of the page.
fn write_report(
    graph: &KnowledgeGraph,
    report: &GapReport,
    note: Option<&Name>,
    format: ReportFormat,
    out: Option<&Path>,
) -> Result<(), Failure> {
    let sheets = || vrfb_chain::sheets::report::sheets_with_note(graph, report, note);
    match format {
        ReportFormat::Markdown => {
            let note = note.and_then(|n| n.en.as_deref());
            Sink::open(out)?
                .write_with(|w| render::write_markdown_with_note(w, graph, report, note))
        }
        ReportFormat::Json => Sink::open(out)?.write_with(|w| report.to_writer(w)),
        ReportFormat::Html => Sink::open(out)?.text(&render::html_with_note(graph, report, note)),
        ReportFormat::Xlsx => {
            let path = io::workbook_out(out)?;
            let bytes =
                vrfb_chain::sheets::write_xlsx(&sheets()).map_err(|e| Failure::from_error(&e))?;
            Sink::open(Some(path))?.write_with(|w| std::io::Write::write_all(w, &bytes))
        }
        ReportFormat::Csv => {
            let dir = io::folder_out(out, "csv")?;
            vrfb_chain::sheets::write_csv_dir(dir, &sheets()).map_err(|e| Failure::from_error(&e))
        }
    }
}

fn what_if(args: WhatIfArgs, quiet: bool) -> Result<(), Failure> {
    let graph = load(&args.analysis.data, quiet)?;
    let (read, after) = scenario::read_and_apply_path(&graph, &args.scenario)
        .map_err(|e| Failure::from_error(&e))?;
    // The region is looked up after the scenario, which may add it: the dataset's regions
    // are all there too (a scenario removes none).
    let region = what_if_region(&after, &args)?.id.clone();
    let before = if graph.region(&region).is_some() {
        None
    } else {
        Some(with_added_regions(&graph, read, &args.scenario)?)
    };
    let before_graph = before.as_ref().unwrap_or(&graph);
    let before_report = report_in(before_graph, &region, &args.analysis, true)?;
    let report = report_in(&after, &region, &args.analysis, quiet)?;
    let changes = analysis::diff(&before_report, &report).map_err(|e| Failure::from_error(&e))?;
    // The firms a scenario adds are named in the graph after it, those it removes before.
    let graphs = [&after, &graph];
    let names = render::DiffNames::of_graphs(&graphs);
    write_diff(&changes, &names, args.format, args.out.as_deref())
}

/// The region of `what-if --region`, in the graph after the scenario; one that neither the
/// dataset nor the scenario has is a usage error that says how to list the regions.
fn what_if_region<'g>(
    after: &'g KnowledgeGraph,
    args: &WhatIfArgs,
) -> Result<&'g vrfb_chain::Region, Failure> {
    let Some(query) = &args.analysis.region else {
        return default_region(after);
    };
    region(after, query).map_err(|failure| match failure {
        Failure::Usage(mut lines) if lines.first().is_some_and(|l| l.starts_with("unknown")) => {
            lines[0] = format!(
                "unknown region `{query}`: neither the dataset nor the scenario {} has it",
                args.scenario.display()
            );
            let dataset = args.analysis.data.dataset.as_deref();
            let flag = dataset.map_or(String::new(), |d| format!(" --dataset {}", d.display()));
            lines.push(format!(
                "`vrfb-chain regions{flag}` lists the dataset's regions with their ids; a \
                 scenario adds a region under `add.regions`"
            ));
            Failure::Usage(lines)
        }
        other => other,
    })
}

/// The dataset before the scenario, with only the regions the scenario adds: the
/// "before" of a region that the scenario creates, with nothing in it yet.
fn with_added_regions(
    graph: &KnowledgeGraph,
    read: Scenario,
    path: &Path,
) -> Result<KnowledgeGraph, Failure> {
    let mut regions_only = Scenario::new(read.name);
    regions_only.add.regions = read.add.regions;
    regions_only
        .apply(graph)
        .map_err(|e| Failure::from_error(&e.with_file(path)))
}

/// Writes a diff; in Markdown each id with the name `names` gives it.
fn write_diff(
    changes: &analysis::ReportDiff,
    names: &render::DiffNames<'_>,
    format: DiffFormat,
    out: Option<&Path>,
) -> Result<(), Failure> {
    let text = match format {
        DiffFormat::Json => changes.to_json_string(),
        DiffFormat::Markdown => render::diff_markdown_named(changes, names),
    };
    Sink::open(out)?.text(&text)
}

fn import(args: ImportArgs, quiet: bool) -> Result<(), Failure> {
    if let Some(path) = &args.template {
        return vrfb_chain::sheets::dataset::write_template(path)
            .map_err(|e| Failure::from_error(&e));
    }
    let Some(input) = &args.input else {
        return Err(Failure::usage(
            "name a workbook or a folder of CSV files, or --template OUT.xlsx",
        ));
    };
    let chain = template_of_import(args.chain.as_deref())?;
    let graph = {
        let _spinner = Spinner::start("importing", quiet);
        vrfb_chain::sheets::import::graph_from_path(input, &chain)
            .map_err(|e| Failure::from_error(&e))?
    };
    Sink::open(args.out.as_deref())?.write_with(|w| graph.dataset().to_writer(w))?;
    if !quiet {
        let counts = counts(graph.dataset());
        say(&format!(
            "vrfb-chain: imported {}: {counts}",
            input.display()
        ));
    }
    Ok(())
}

/// What a dataset holds, for the planner to check against the workbook it was imported
/// from (a table that was not read shows as nothing of its kind), or to see what `synth`
/// made.
fn counts(d: &vrfb_chain::Dataset) -> String {
    let makes: usize = d.firms.iter().map(|f| f.makes.len()).sum();
    format!(
        "{} firms ({makes} makes facts), {} organizations, {} links, {} regions, {} sources",
        d.firms.len(),
        d.organizations.len(),
        d.links.len(),
        d.regions.len(),
        d.sources.len()
    )
}

fn validate(args: ValidateArgs, quiet: bool) -> Result<(), Failure> {
    let mut results = Vec::new();
    {
        let spinner = Spinner::start("checking", quiet);
        for file in &args.files {
            spinner.message(&format!("checking {}", file.display()));
            let (chain, dataset) = (args.chain.as_deref(), args.dataset.as_deref());
            let checked = if is_spreadsheet(file) {
                check_sheet(file, chain)?
            } else {
                builtin::check_file_with(file, chain, dataset)
            };
            results.push((file, checked));
        }
    }
    let bad = results.iter().filter(|(_, r)| r.is_err()).count();
    let sink = Sink::open(None)?;
    let written = match args.format {
        ProblemFormat::Text => {
            let mut text = String::new();
            for (file, result) in &results {
                match result {
                    Ok(checked) => text.push_str(&format!(
                        "{}: ok, {}\n",
                        file.display(),
                        kind(checked, &args)
                    )),
                    Err(e) => {
                        for line in e.lines() {
                            text.push_str(&line);
                            text.push('\n');
                        }
                    }
                }
            }
            sink.text(&text)
        }
        ProblemFormat::Json => sink.text(&validation_json(&results, &args)),
    };
    written?;
    if bad > 0 {
        if !quiet {
            say(&format!(
                "vrfb-chain: {bad} of {} file{} with problems",
                results.len(),
                if results.len() == 1 { "" } else { "s" }
            ));
        }
        return Err(Failure::Input(Vec::new()));
    }
    Ok(())
}

/// Checks a spreadsheet as `import` reads it: every problem at its sheet, row and column.
fn check_sheet(file: &Path, chain: Option<&Path>) -> Result<vrfb_chain::Result<Checked>, Failure> {
    let template = template_of_import(chain)?;
    let imported = vrfb_chain::sheets::import::from_path(file, &template);
    Ok(imported.map(|_| Checked::Dataset(template.id.clone())))
}

fn kind(checked: &Checked, args: &ValidateArgs) -> String {
    match checked {
        Checked::Chain(id) => format!("chain template `{id}`"),
        Checked::Dataset(chain) => format!("dataset against chain `{chain}`"),
        Checked::Report(region) => format!("gap report of region `{region}`"),
        Checked::Scenario(name) => {
            let dataset = args
                .dataset
                .as_ref()
                .map_or("the built-in dataset".into(), |d| d.display().to_string());
            format!("scenario “{name}”, which applies to {dataset}")
        }
        Checked::ReportDiff(region) => format!("report diff of region `{region}`"),
        _ => "valid".into(),
    }
}

/// One problem in `validate --format json`: where (path, record, line and column, each
/// `null` where there is none) and what.
fn problem_json(p: &vrfb_chain::Problem) -> serde_json::Value {
    let at = p.location();
    let (line, column) = at.position().unzip();
    serde_json::json!({
        "path": p.path(),
        "record": at.record(),
        "line": line,
        "column": column,
        "message": p.message(),
    })
}

/// `{"files": [{"file", "valid", "kind", "problems": [{"path", "record", "line",
/// "column", "message"}]}]}`: a JSON error or an I/O error is one problem at the root.
fn validation_json(
    results: &[(&PathBuf, vrfb_chain::Result<Checked>)],
    args: &ValidateArgs,
) -> String {
    use serde_json::json;
    let files: Vec<serde_json::Value> = results
        .iter()
        .map(|(file, result)| match result {
            Ok(checked) => json!({
                "file": file.display().to_string(),
                "valid": true,
                "kind": kind(checked, args),
                "problems": [],
            }),
            Err(e) => {
                let document = e.document().map(|d| d.to_string());
                let problems: Vec<serde_json::Value> = if e.problems().is_empty() {
                    let (line, column) = match e {
                        vrfb_chain::Error::Json { line, column, .. } => (Some(line), Some(column)),
                        _ => (None, None),
                    };
                    let message = e.to_string();
                    vec![json!({"path": "", "record": null, "line": line, "column": column, "message": message})]
                } else {
                    e.problems().iter().map(problem_json).collect()
                };
                json!({
                    "file": file.display().to_string(),
                    "valid": false,
                    "document": document,
                    "problems": problems,
                })
            }
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&json!({ "files": files })).unwrap_or_default();
    text.push('\n');
    text
}

fn export(args: ExportArgs, quiet: bool) -> Result<(), Failure> {
    use export::Format;
    let graph_format = match args.format {
        ExportFormat::Graph(f) => Some(f),
        ExportFormat::Xlsx | ExportFormat::Csv | ExportFormat::CytoscapeStyle => None,
    };
    if args.links_key && graph_format != Some(Format::NodeLink) {
        return Err(Failure::usage(
            "--links-key applies to --format node-link only",
        ));
    }
    if args.format == ExportFormat::CytoscapeStyle {
        return cytoscape_style(&args);
    }
    if let Some(flag) = unused_export_flag(&args, graph_format) {
        return Err(Failure::usage(flag));
    }
    // Where it goes is checked before the data is read.
    match args.format {
        ExportFormat::Xlsx => drop(io::workbook_out(args.out.as_deref())?),
        ExportFormat::Csv => drop(io::folder_out(args.out.as_deref(), "csv")?),
        ExportFormat::Graph(Format::Neo4j) => drop(io::folder_out(args.out.as_deref(), "neo4j")?),
        _ => {}
    }
    let Some(format) = graph_format else {
        // The spreadsheets are written from the owned dataset.
        let graph = load(&args.data, quiet)?;
        return export_sheets(&graph, args.format, args.out.as_deref());
    };
    // The registry with its records: every graph export reads it, in about the file's
    // size of memory.
    let registry = registry_of(&args.data, quiet)?;
    let report = export_report(&registry, format, &args)?;
    let options = ExportOptions {
        as_of: args.as_of,
        links_key: args.links_key,
    };
    if format.is_directory() {
        let dir = io::folder_out(args.out.as_deref(), "neo4j")?;
        return export::neo4j::write_dir(&registry, &options, report.as_ref(), dir)
            .map(drop)
            .map_err(|e| Failure::from_error(&e));
    }
    Sink::open(args.out.as_deref())?
        .write_with(|w| export::write(&registry, format, &options, report.as_ref(), w))
}

/// The registry with its records of the data named: what every graph export reads. A
/// spreadsheet is imported first, and its dataset read as the JSON it would be saved as.
fn registry_of(data: &Data, quiet: bool) -> Result<Registry, Failure> {
    if data.dataset.as_deref().is_some_and(is_spreadsheet) {
        let graph = load(data, quiet)?;
        let chain = graph.chain().to_json_string();
        let dataset = graph.dataset().to_json_string();
        return Registry::from_json_slices_with_records(chain.as_bytes(), dataset.as_bytes())
            .map_err(|e| Failure::from_error(&e));
    }
    let _spinner = Spinner::start("reading the data", quiet);
    builtin::load_registry_with_records(data.chain.as_deref(), data.dataset.as_deref())
        .map_err(|e| Failure::from_error(&e))
}

/// Why `--region` or `--as-of` does not apply to an export's format, if it does not:
/// the dataset exports (json, xlsx, csv) carry no report, and the workbook and CSV files,
/// which import reads back, every fact with its dates.
fn unused_export_flag(args: &ExportArgs, graph: Option<export::Format>) -> Option<String> {
    use export::Format;
    let dataset = matches!(graph, None | Some(Format::Json));
    let name = match args.format {
        ExportFormat::Graph(f) => f.as_str(),
        ExportFormat::Xlsx => "xlsx",
        ExportFormat::Csv => "csv",
        ExportFormat::CytoscapeStyle => "cytoscape-style",
    };
    if args.region.is_some() && dataset {
        return Some(format!(
            "--region does not apply to --format {name}, which writes the dataset itself; the \
             formats that carry a region's gap statuses are node-link, graphml, cytoscape, \
             neo4j and dot (or run gaps --region)"
        ));
    }
    if args.as_of.is_some() && graph.is_none() {
        return Some(format!(
            "--as-of does not apply to --format {name}: the workbook holds every fact with its \
             dates, to edit and import back; --format json --as-of keeps the facts valid at \
             that date"
        ));
    }
    None
}

/// The report an export carries: the region's when one is named; for the chain map, the
/// Leshan zone's when the dataset has it.
fn export_report<'r>(
    registry: &'r Registry,
    format: export::Format,
    args: &ExportArgs,
) -> Result<Option<GapReport<&'r str>>, Failure> {
    let region = match &args.region {
        Some(query) => {
            let regions: Vec<vrfb_chain::Region> = registry
                .records()
                .map(|records| {
                    (0..records.region_count())
                        .map(|i| records.region(i).into_owned())
                        .collect()
                })
                .unwrap_or_default();
            let found = lookup::find_region(&regions, query);
            Some(resolve("region", &regions, query, found)?.id.clone())
        }
        None if format == export::Format::Dot => {
            Some(builtin::DEFAULT_REGION.to_string()).filter(|r| registry.has_region(r))
        }
        None => None,
    };
    let options = Options {
        as_of: args.as_of,
        ..Options::default()
    };
    region
        .map(|r| {
            registry
                .gaps(&r, &options)
                .map_err(|e| Failure::from_error(&e))
        })
        .transpose()
}

/// The dataset in the spreadsheet import layout: a workbook, or a folder of CSV files.
/// The stylesheet, which holds no data: options that choose data do not apply.
fn cytoscape_style(args: &ExportArgs) -> Result<(), Failure> {
    let data = &args.data;
    if args.region.is_some()
        || args.as_of.is_some()
        || data.chain.is_some()
        || data.dataset.is_some()
    {
        return Err(Failure::usage(
            "--format cytoscape-style is the stylesheet, the same for every dataset: \
             --region, --as-of, --chain and --dataset do not apply",
        ));
    }
    Sink::open(args.out.as_deref())?.text(&export::cytoscape::style())
}

fn export_sheets(
    graph: &KnowledgeGraph,
    format: ExportFormat,
    out: Option<&Path>,
) -> Result<(), Failure> {
    use vrfb_chain::sheets::dataset;
    let data = graph.dataset();
    let written = if format == ExportFormat::Csv {
        dataset::write_csv_dir(data, io::folder_out(out, "csv")?)
    } else {
        let path = io::workbook_out(out)?;
        let bytes = dataset::to_xlsx(data).map_err(|e| Failure::from_error(&e))?;
        return Sink::open(Some(path))?.write_with(|w| std::io::Write::write_all(w, &bytes));
    };
    written.map_err(|e| Failure::from_error(&e))
}

fn regions(args: RegionsArgs, quiet: bool) -> Result<(), Failure> {
    let graph = load(&args.data, quiet)?;
    let all = &graph.dataset().regions;
    let text = match &args.query {
        None => region_tree(all),
        Some(query) => {
            let found = lookup::matching(all, query);
            if found.is_empty() {
                let mut lines = vec![format!("no region matches `{query}`")];
                let near = lookup::nearest(all, query);
                if !near.is_empty() {
                    lines.push("did you mean:".into());
                    lines.extend(near.iter().map(|r| format!("  {}", describe(*r))));
                }
                return Err(Failure::Usage(lines));
            }
            found
                .iter()
                .map(|r| format!("{}  ({})\n", describe(*r), r.kind))
                .collect()
        }
    };
    Sink::open(None)?.text(&text)
}

/// The region forest, children indented under their parents, each level by id.
fn region_tree(regions: &[vrfb_chain::Region]) -> String {
    let mut children: std::collections::BTreeMap<Option<&str>, Vec<&vrfb_chain::Region>> =
        std::collections::BTreeMap::new();
    for r in regions {
        children.entry(r.parent.as_deref()).or_default().push(r);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let mut out = String::new();
    // Depth-first with an explicit stack: a deep region tree cannot overflow it. A parent
    // is never its own descendant (the dataset is validated), so this ends.
    let mut stack: Vec<(&vrfb_chain::Region, usize)> = children
        .get(&None)
        .map(|roots| roots.iter().rev().map(|r| (*r, 0)).collect())
        .unwrap_or_default();
    while let Some((r, depth)) = stack.pop() {
        out.push_str(&format!(
            "{}{}  ({})\n",
            "  ".repeat(depth),
            describe(r),
            r.kind
        ));
        if let Some(kids) = children.get(&Some(r.id.as_str())) {
            stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
        }
    }
    out
}

fn diff(args: DiffArgs, quiet: bool) -> Result<(), Failure> {
    let (before, after) = (report_file(&args.before)?, report_file(&args.after)?);
    let changed = changed_options(&before.options, &after.options);
    if !changed.is_empty() && !quiet {
        say(&format!(
            "vrfb-chain: warning: the two reports were made with other options ({}): what \
             changed may come from the options, not from the data",
            changed.join(", ")
        ));
    }
    let changes = analysis::diff(&before, &after).map_err(|e| match e {
        // Reports of different chains or regions are inputs that do not fit together.
        vrfb_chain::Error::InvalidArgument(m) => Failure::input(m),
        other => Failure::from_error(&other),
    })?;
    // Reports of a built-in template are named from its built-in data; others show ids.
    let graph = builtin::graph_of_chain(&changes.chain);
    let graphs: Vec<&KnowledgeGraph> = graph.iter().collect();
    let names = render::DiffNames::of_graphs(&graphs);
    write_diff(&changes, &names, args.format, args.out.as_deref())
}

/// The options, but the date, that two reports were made with and differ in, each as
/// `name before → after`.
fn changed_options(before: &AppliedOptions, after: &AppliedOptions) -> Vec<String> {
    let grade = |g: Option<Grade>| g.map_or("none", |g| g.as_str());
    let mut changed = Vec::new();
    if before.min_makers != after.min_makers {
        changed.push(format!(
            "--min-makers {} → {}",
            before.min_makers, after.min_makers
        ));
    }
    if before.min_grade != after.min_grade {
        let (b, a) = (grade(before.min_grade), grade(after.min_grade));
        changed.push(format!("--min-grade {b} → {a}"));
    }
    if before.top_candidates != after.top_candidates {
        let (b, a) = (before.top_candidates, after.top_candidates);
        changed.push(format!("--top {b} → {a}"));
    }
    changed
}

/// A JSON gap report read for `diff`; a file of another kind (a Markdown or workbook
/// report, a dataset) is refused with the command that makes the report wanted.
fn report_file(path: &Path) -> Result<GapReport, Failure> {
    #[derive(serde::Deserialize)]
    struct Head {
        format: Option<String>,
    }
    let bytes = std::fs::read(path).map_err(|e| {
        let e = vrfb_chain::Error::Io {
            file: Some(path.to_path_buf()),
            action: "read",
            message: e.to_string(),
            kind: e.kind(),
        };
        Failure::from_error(&e)
    })?;
    let make = "make one with `vrfb-chain gaps --format json --out REPORT.json` (with the \
                --dataset, --region and options of the report)";
    let not_a_report = |what: &str| {
        Failure::input(format!(
            "{}: {what}: diff compares two gap reports in JSON; {make}",
            path.display()
        ))
    };
    match serde_json::from_slice::<Head>(&bytes) {
        Err(_) if !bytes.trim_ascii_start().starts_with(b"{") => {
            return Err(not_a_report(
                "not JSON (a Markdown, HTML or workbook report?)",
            ))
        }
        // A report of another version is the report reader's to explain.
        Ok(Head { format: Some(f) }) if !f.starts_with("gap-report@") => {
            return Err(not_a_report(&format!("a {f} document, not a gap report")))
        }
        _ => {}
    }
    GapReport::from_json_slice(&bytes).map_err(|e| Failure::from_error(&e.with_file(path)))
}

fn synth(args: SynthArgs, quiet: bool) -> Result<(), Failure> {
    let shape = match args.shape {
        SynthShape::Registry => synth::Shape::Registry,
        SynthShape::Deep => synth::Shape::Deep,
    };
    let chain = shape.chain(args.seed);
    let dataset = {
        let _spinner = Spinner::start("generating", quiet);
        synth::generate_for(&chain, args.firms, args.seed)
    };
    if let Some(path) = &args.chain_out {
        Sink::open(Some(path.as_path()))?.write_with(|w| chain.to_writer(w))?;
    }
    Sink::open(args.out.as_deref())?.write_with(|w| synth::write_json(&dataset, w))?;
    if let (Some(path), false) = (&args.out, quiet) {
        say(&format!(
            "vrfb-chain: {}: {}",
            path.display(),
            counts(&dataset)
        ));
    }
    Ok(())
}
