//! Neo4j import files: node and relationship CSV files in the layout that
//! `neo4j-admin database import full` reads, an `import.sh` with that command line, and a
//! `load.cypher` (constraints and `LOAD CSV`) for a running server. The same graph as the
//! other graph exports ([the module docs](super#the-graph-of-the-graph-formats)), every
//! attribute kept, in Neo4j's naming.
//!
//! # The files
//!
//! | file | holds |
//! |---|---|
//! | `nodes-<Label>.csv` | the nodes of one label: `Segment`, `Product`, `Region`, `Firm`, `Organization`, and one `Graph` node with the graph attributes |
//! | `rels-<TYPE>-<Start>-<End>.csv` | the relationships of one type between two labels, e.g. `rels-MAKES-Firm-Product.csv`, `rels-SUPPLIES-Firm-Organization.csv` |
//! | `import.sh` | `neo4j-admin database import full` with every file, run from the directory |
//! | `load.cypher` | uniqueness constraints, then `LOAD CSV` of every file, for `cypher-shell` |
//!
//! Each node kind has its own id space (`:ID(Firm)`), so a node's `:ID` is its dataset or
//! template id (`ref`, e.g. `weilide`), and a relationship file names the id spaces of its
//! ends (`:START_ID(Firm)`, `:END_ID(Product)`). Since links join firms and organizations
//! alike, a relationship type is split by the labels of its ends: one file per type and
//! pair of labels that occur, in the order of the type list, then by labels. Labels are the
//! node kinds in CamelCase; relationship types the edge kinds in upper case (`MAKES`,
//! `SUPPLIES`, `OWNS`, `PARTNERS_WITH`, `MEMBER_OF`, `TRANSFERS_TECHNOLOGY`, `INPUT_OF`,
//! `IN_SEGMENT`, `LOCATED_IN`, `PART_OF`).
//!
//! # Columns
//!
//! Node files: `ref:ID(<Label>)`, `:LABEL`, then `id` (the other exports' node id,
//! `firm:weilide`) and the kind's attributes. Relationship files: `:START_ID(..)`,
//! `:END_ID(..)`, `:TYPE`, then `key` (the other exports' edge key, `makes:0`) and the
//! kind's attributes. Columns are typed as `neo4j-admin` reads them: `order:int`,
//! `requirement:int`, `alternatives:int`, `capacity:double`, `share:double`,
//! `filtered:boolean`, and the lists `tags:string[]`, `sources:string[]`, whose items are
//! separated by [`ARRAY_DELIMITER`] (`;`, `neo4j-admin`'s default `--array-delimiter`);
//! `extra` is its JSON text. Every file has the same columns whatever the data, so the
//! command lines do not change from one dataset to the next.
//!
//! **Absent values are empty fields**, which `neo4j-admin` and `LOAD CSV` both leave unset.
//! Fields are quoted (`"`, doubled inside) when they hold a comma, a quote, a line break or
//! surrounding spaces, or are empty strings; notes can hold line breaks, hence
//! `--multiline-fields=true` in `import.sh`. Lines end with `\n`; files are UTF-8 without
//! a byte order mark.
//!
//! ```
//! use vrfb_chain::export::{neo4j, ExportOptions};
//! let graph = vrfb_chain::builtin::minimal_graph();
//! let files = neo4j::files(&graph, &ExportOptions::default(), None);
//! let firms = files.iter().find(|f| f.name == "nodes-Firm.csv").unwrap();
//! let header = firms.contents.lines().next().unwrap();
//! assert!(header.starts_with("ref:ID(Firm),:LABEL,id,kind,"));
//! assert!(header.contains("tags:string[]"));
//! let makes = files.iter().find(|f| f.name == "rels-MAKES-Firm-Product.csv").unwrap();
//! assert!(makes.contents.starts_with(":START_ID(Firm),:END_ID(Product),:TYPE,key,"));
//! assert!(makes.contents.contains("capacity:double"));
//! assert!(files.iter().any(|f| f.name == "load.cypher"));
//! ```

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::model::{EdgeKind, NodeKind};
use super::records::records_of;
use super::{Attrs, ExportOptions, Exportable, Model, Text, Value};
use crate::analysis::GapReport;
use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;

/// The separator of the items of an array column (`tags:string[]`, `sources:string[]`):
/// `neo4j-admin`'s default `--array-delimiter`, and [`LIST_SEPARATOR`](super::LIST_SEPARATOR).
///
/// ```
/// assert_eq!(vrfb_chain::export::neo4j::ARRAY_DELIMITER, ';');
/// ```
pub const ARRAY_DELIMITER: char = ';';

/// How many rows `load.cypher` commits at a time.
const BATCH: usize = 10_000;

/// One file of the export: its name in the directory and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// The file name, without directory (`nodes-Firm.csv`).
    pub name: String,
    /// The whole text of the file.
    pub contents: String,
}

impl File {
    /// The CSV records of the file below its header row: records, not lines, since a
    /// quoted field (a note, an `extra` kept as written) may hold line breaks.
    ///
    /// ```
    /// let f = vrfb_chain::export::neo4j::File { name: "x.csv".into(), contents: "a\n\"1\n2\"\n3\n".into() };
    /// assert_eq!(f.rows(), 2);
    /// ```
    pub fn rows(&self) -> usize {
        let mut quoted = false;
        let mut records: usize = 0;
        for c in self.contents.chars() {
            match c {
                '"' => quoted = !quoted,
                '\n' if !quoted => records += 1,
                _ => {}
            }
        }
        records.saturating_sub(1)
    }
}

/// The type of a column, as `neo4j-admin` writes it after the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Str,
    Int,
    Double,
    Bool,
    Array,
}

impl Ty {
    /// The header suffix.
    fn suffix(self) -> &'static str {
        match self {
            Ty::Str => "",
            Ty::Int => ":int",
            Ty::Double => ":double",
            Ty::Bool => ":boolean",
            Ty::Array => ":string[]",
        }
    }

    /// The `LOAD CSV` expression converting `row.<column>`.
    fn cypher(self, column: &str) -> String {
        let field = format!("row.`{column}`");
        match self {
            Ty::Str => field,
            Ty::Int => format!("toInteger({field})"),
            Ty::Double => format!("toFloat({field})"),
            Ty::Bool => format!("toBoolean({field})"),
            Ty::Array => format!("split({field}, '{ARRAY_DELIMITER}')"),
        }
    }
}

const S: Ty = Ty::Str;

/// Typed columns: name and type.
type Columns = &'static [(&'static str, Ty)];

/// A node label: the export's kind, its label, its attribute columns (after `ref`, `id`).
const NODE_LABELS: &[(&str, &str, Columns)] = &[
    (
        "segment",
        "Segment",
        &[
            ("kind", S),
            ("label", S),
            ("name_zh", S),
            ("name_en", S),
            ("order", Ty::Int),
        ],
    ),
    (
        "product",
        "Product",
        &[
            ("kind", S),
            ("label", S),
            ("name_zh", S),
            ("name_en", S),
            ("order", Ty::Int),
            ("segment", S),
            ("description", S),
            ("gap_status", S),
        ],
    ),
    (
        "region",
        "Region",
        &[
            ("kind", S),
            ("label", S),
            ("name_zh", S),
            ("name_en", S),
            ("region_kind", S),
            ("parent", S),
        ],
    ),
    (
        "firm",
        "Firm",
        &[
            ("kind", S),
            ("label", S),
            ("name_zh", S),
            ("name_en", S),
            ("region", S),
            ("tags", Ty::Array),
            ("sources", Ty::Array),
            ("extra", S),
        ],
    ),
    (
        "organization",
        "Organization",
        &[
            ("kind", S),
            ("label", S),
            ("name_zh", S),
            ("name_en", S),
            ("region", S),
            ("org_kind", S),
            ("sources", Ty::Array),
            ("extra", S),
        ],
    ),
];

/// The columns of the `Graph` node (after `ref`).
const GRAPH_COLUMNS: &[(&str, Ty)] = &[
    ("chain", S),
    ("name_zh", S),
    ("name_en", S),
    ("as_of", S),
    ("filtered", Ty::Bool),
    ("scope", S),
];

const FACT_COLUMNS: &[(&str, Ty)] = &[
    ("kind", S),
    ("product", S),
    ("status", S),
    ("since", S),
    ("until", S),
    ("share", Ty::Double),
    ("grade", S),
    ("sources", Ty::Array),
    ("note", S),
    ("extra", S),
];

const KIND_ONLY: &[(&str, Ty)] = &[("kind", S)];

/// A relationship type: the export's edge kind, its type, its attribute columns (after
/// `key`), in the module docs' order of edge kinds.
const REL_TYPES: &[(&str, &str, Columns)] = &[
    (
        "makes",
        "MAKES",
        &[
            ("kind", S),
            ("product", S),
            ("status", S),
            ("since", S),
            ("until", S),
            ("capacity", Ty::Double),
            ("capacity_unit", S),
            ("grade", S),
            ("sources", Ty::Array),
            ("note", S),
        ],
    ),
    ("supplies", "SUPPLIES", FACT_COLUMNS),
    ("owns", "OWNS", FACT_COLUMNS),
    ("partners_with", "PARTNERS_WITH", FACT_COLUMNS),
    ("member_of", "MEMBER_OF", FACT_COLUMNS),
    ("transfers_technology", "TRANSFERS_TECHNOLOGY", FACT_COLUMNS),
    (
        "input_of",
        "INPUT_OF",
        &[
            ("kind", S),
            ("requirement", Ty::Int),
            ("alternatives", Ty::Int),
        ],
    ),
    ("in_segment", "IN_SEGMENT", KIND_ONLY),
    ("located_in", "LOCATED_IN", KIND_ONLY),
    ("part_of", "PART_OF", KIND_ONLY),
];

/// The label of a node kind (`firm` → `Firm`).
fn label_of(kind: NodeKind) -> &'static str {
    let kind = kind.as_str();
    NODE_LABELS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or("Node", |(_, l, _)| l)
}

/// The text of a value in a field, before quoting.
fn field_text<'v>(value: &'v Value<'_>) -> std::borrow::Cow<'v, str> {
    match value {
        Value::List(items) => items.join(&ARRAY_DELIMITER.to_string()).into(),
        other => other.to_text(),
    }
}

/// Appends a CSV field, quoted when needed; `None` is an empty, unquoted field (absent).
fn push_field(line: &mut String, text: Option<&str>) {
    let Some(text) = text else { return };
    let needs_quotes = text.is_empty()
        || text.contains([',', '"', '\n', '\r'])
        || text.starts_with(' ')
        || text.ends_with(' ');
    if needs_quotes {
        line.push('"');
        line.push_str(&text.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(text);
    }
}

/// One CSV line: the leading fields, then the named columns looked up in `attrs`.
fn csv_line(line: &mut String, lead: &[Text<'_>], columns: &[(&str, Ty)], attrs: &Attrs<'_>) {
    line.clear();
    for (i, field) in lead.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        match field {
            Text::Str(text) => push_field(line, Some(text)),
            other => push_field(line, Some(&other.to_string())),
        }
    }
    for (name, _) in columns {
        line.push(',');
        let value = attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        push_field(line, value.map(field_text).as_deref());
    }
    line.push('\n');
}

fn header(lead: &[String], columns: &[(&str, Ty)]) -> String {
    let mut names: Vec<String> = lead.to_vec();
    names.extend(columns.iter().map(|(n, t)| format!("{n}{}", t.suffix())));
    let mut line = names.join(",");
    line.push('\n');
    line
}

/// What `load.cypher` needs of one file.
struct Loaded {
    file: String,
    /// `None` for a node file, else (type, start label, end label).
    rel: Option<(&'static str, &'static str, &'static str)>,
    label: &'static str,
    columns: &'static [(&'static str, Ty)],
}

/// Every file of the Neo4j export of `graph`, in a fixed order: the node files (`Graph`,
/// then the labels in the module docs' order), the relationship files, `import.sh`,
/// `load.cypher`. With `report`, each product has its `gap_status` and the `Graph` node the
/// report's `scope`. The same files as [`write_dir`] writes, held in memory: for a
/// registry, or data of any size, write them with [`write_dir`].
///
/// # Complexity
/// O((V + E) log (V + E)) time, and O(V + E) space for the files' text.
pub fn files(
    graph: &KnowledgeGraph,
    options: &ExportOptions,
    report: Option<&GapReport>,
) -> Vec<File> {
    let mut memory = Memory::default();
    // A graph always has its records, and writing to memory cannot fail.
    if let Some(records) = graph.records() {
        let model = Model::new(records, options, report);
        let _ = write_files(&model, &mut memory);
    }
    memory.files
}

/// Where the files go: memory or a directory.
trait Output {
    /// Writes the file `name` with `body`.
    fn file(
        &mut self,
        name: &str,
        body: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()>;
}

/// The files in memory.
#[derive(Default)]
struct Memory {
    files: Vec<File>,
}

impl Output for Memory {
    fn file(
        &mut self,
        name: &str,
        body: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let mut bytes = Vec::new();
        body(&mut bytes).map_err(|e| Error::io("write", e))?;
        // The export writes text only.
        let contents = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        self.files.push(File {
            name: name.to_string(),
            contents,
        });
        Ok(())
    }
}

/// The files in a directory, each written through a buffer as it is made.
struct Directory<'d> {
    dir: &'d Path,
    written: Vec<PathBuf>,
}

impl Output for Directory<'_> {
    fn file(
        &mut self,
        name: &str,
        body: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let path = self.dir.join(name);
        let mut write = || {
            let mut out = std::io::BufWriter::with_capacity(1 << 18, std::fs::File::create(&path)?);
            body(&mut out)?;
            out.flush()
        };
        write().map_err(|e| Error::io("write", e).in_file(&path))?;
        self.written.push(path);
        Ok(())
    }
}

/// Writes every file of the export to `output`, in [`files`]' order.
fn write_files(model: &Model<'_>, output: &mut dyn Output) -> Result<()> {
    let mut loaded = Vec::new();
    graph_node_file(model, output, &mut loaded)?;
    label_node_files(model, output, &mut loaded)?;
    relationship_files(model, output, &mut loaded)?;
    output.file("import.sh", &mut |w| {
        w.write_all(import_script(&loaded).as_bytes())
    })?;
    output.file("load.cypher", &mut |w| {
        w.write_all(load_cypher(&loaded).as_bytes())
    })
}

/// `nodes-Graph.csv`: the one node of the graph's attributes.
fn graph_node_file(
    model: &Model<'_>,
    output: &mut dyn Output,
    loaded: &mut Vec<Loaded>,
) -> Result<()> {
    let lead = ["ref:ID(Graph)".to_string(), ":LABEL".to_string()];
    let chain_id = &model.records().chain().id;
    output.file("nodes-Graph.csv", &mut |w| {
        let mut line = String::new();
        let fields = [Text::Str(chain_id), Text::Str("Graph")];
        csv_line(&mut line, &fields, GRAPH_COLUMNS, &model.graph_attrs());
        w.write_all(header(&lead, GRAPH_COLUMNS).as_bytes())?;
        w.write_all(line.as_bytes())
    })?;
    loaded.push(Loaded {
        file: "nodes-Graph.csv".into(),
        rel: None,
        label: "Graph",
        columns: GRAPH_COLUMNS,
    });
    Ok(())
}

/// `nodes-LABEL.csv`: one file per node label, in the module docs' order.
fn label_node_files(
    model: &Model<'_>,
    output: &mut dyn Output,
    loaded: &mut Vec<Loaded>,
) -> Result<()> {
    for &(name, label, columns) in NODE_LABELS {
        let Some(kind) = NodeKind::ALL.into_iter().find(|k| k.as_str() == name) else {
            continue;
        };
        let file = format!("nodes-{label}.csv");
        let lead = [format!("ref:ID({label})"), ":LABEL".into(), "id".into()];
        output.file(&file, &mut |w| {
            w.write_all(header(&lead, columns).as_bytes())?;
            let mut line = String::new();
            model.for_each_node(Some(kind), |n| {
                let fields = [Text::Str(n.reference), Text::Str(label), n.id()];
                csv_line(&mut line, &fields, columns, &n.attrs);
                w.write_all(line.as_bytes())
            })
        })?;
        loaded.push(Loaded {
            file,
            rel: None,
            label,
            columns,
        });
    }
    Ok(())
}

/// `rels-TYPE-START-END.csv`: one file per relationship type and pair of end labels
/// that occur, each holding the edges of its ends in output order.
fn relationship_files(
    model: &Model<'_>,
    output: &mut dyn Output,
    loaded: &mut Vec<Loaded>,
) -> Result<()> {
    for &(name, rel, columns) in REL_TYPES {
        let Some(kind) = EdgeKind::ALL.into_iter().find(|k| k.as_str() == name) else {
            continue;
        };
        // By the labels' names, as the files are named.
        let mut pairs: Vec<(NodeKind, NodeKind)> = model.edge_ends(kind).into_iter().collect();
        pairs.sort_by_key(|&(start, end)| (label_of(start), label_of(end)));
        for ends in pairs {
            let (start, end) = (label_of(ends.0), label_of(ends.1));
            let file = format!("rels-{rel}-{start}-{end}.csv");
            let lead = [
                format!(":START_ID({start})"),
                format!(":END_ID({end})"),
                ":TYPE".into(),
                "key".into(),
            ];
            output.file(&file, &mut |w| {
                w.write_all(header(&lead, columns).as_bytes())?;
                let mut line = String::new();
                model.for_each_edge(kind, Some(ends), &mut |e| {
                    let [(_, a), (_, b)] = e.ends;
                    let fields = [Text::Str(a), Text::Str(b), Text::Str(rel), e.key];
                    csv_line(&mut line, &fields, columns, &e.attrs);
                    w.write_all(line.as_bytes())
                })
            })?;
            loaded.push(Loaded {
                file,
                rel: Some((rel, start, end)),
                label: rel,
                columns,
            });
        }
    }
    Ok(())
}

/// `import.sh`: the `neo4j-admin database import full` command line.
fn import_script(loaded: &[Loaded]) -> String {
    let mut s = String::from(
        "#!/bin/sh\n\
         # Bulk import into a new, stopped Neo4j 5 database (default: neo4j); run from this\n\
         # directory: sh import.sh [DATABASE] [more neo4j-admin options, e.g. --overwrite-destination]\n\
         # neo4j-admin must be on PATH (it is in the Neo4j server's bin/).\n\
         set -e\n\
         cd \"$(dirname \"$0\")\"\n\
         db=${1:-neo4j}\n\
         [ $# -gt 0 ] && shift\n\
         exec neo4j-admin database import full \"$db\" \\\n    \
         --array-delimiter=';' --multiline-fields=true \\\n",
    );
    for l in loaded {
        let flag = if l.rel.is_some() {
            "relationships"
        } else {
            "nodes"
        };
        let _ = writeln!(s, "    --{flag}={} \\", l.file);
    }
    s.push_str("    \"$@\"\n");
    s
}

/// `load.cypher`: constraints, then every file through `LOAD CSV`.
fn load_cypher(loaded: &[Loaded]) -> String {
    let mut s = String::from(
        "// Load the export into a running Neo4j 5 server with LOAD CSV. Copy the CSV files into\n\
         // the server's import directory (or set server.directories.import to this directory),\n\
         // then: cypher-shell -u neo4j -p PASSWORD -f load.cypher\n\
         // The same graph as `neo4j-admin database import full` (import.sh) gives.\n\n",
    );
    for l in loaded.iter().filter(|l| l.rel.is_none()) {
        let _ = writeln!(
            s,
            "CREATE CONSTRAINT {}_ref IF NOT EXISTS FOR (n:{}) REQUIRE n.ref IS UNIQUE;",
            l.label.to_lowercase(),
            l.label
        );
    }
    s.push('\n');
    for l in loaded {
        let mut props: Vec<String> = Vec::new();
        let url = format!("file:///{}", l.file);
        match l.rel {
            None => {
                props.push(format!("ref: row.`ref:ID({})`", l.label));
                if l.label != "Graph" {
                    props.push("id: row.id".into());
                }
                props.extend(
                    l.columns
                        .iter()
                        .map(|(n, t)| format!("{n}: {}", t.cypher(&format!("{n}{}", t.suffix())))),
                );
                let _ = writeln!(
                    s,
                    "LOAD CSV WITH HEADERS FROM '{url}' AS row\n\
                     CALL {{\n  WITH row\n  CREATE (:{} {{{}}})\n}} IN TRANSACTIONS OF {BATCH} ROWS;\n",
                    l.label,
                    props.join(", ")
                );
            }
            Some((rel, start, end)) => {
                props.push("key: row.key".into());
                props.extend(
                    l.columns
                        .iter()
                        .map(|(n, t)| format!("{n}: {}", t.cypher(&format!("{n}{}", t.suffix())))),
                );
                let _ = writeln!(
                    s,
                    "LOAD CSV WITH HEADERS FROM '{url}' AS row\n\
                     CALL {{\n  WITH row\n  MATCH (a:{start} {{ref: row.`:START_ID({start})`}}), (b:{end} {{ref: row.`:END_ID({end})`}})\n  \
                     CREATE (a)-[:{rel} {{{}}}]->(b)\n}} IN TRANSACTIONS OF {BATCH} ROWS;\n",
                    props.join(", ")
                );
            }
        }
    }
    s
}

/// Writes every file of the Neo4j export of `data`, a graph or a registry read with its
/// records, into `dir`, creating it (and its parents) when missing, replacing files of the
/// same names; returns the paths written, in [`files`]' order. Each file is written as it
/// is made, one node or relationship at a time.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when the directory cannot be created or a file cannot be
/// written, naming the path;
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a registry read without
/// its records.
///
/// # Complexity
/// O((V + E) log (V + E)) time; O(V + E) space, 4 bytes a record beside the data.
///
/// ```
/// use vrfb_chain::export::{neo4j, ExportOptions};
/// let dir = std::env::temp_dir().join(format!("vrfb-neo4j-doc-{}", std::process::id()));
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let written = neo4j::write_dir(&graph, &ExportOptions::default(), None, &dir).unwrap();
/// assert!(written.iter().any(|p| p.ends_with("nodes-Product.csv")));
/// assert!(dir.join("load.cypher").is_file());
/// let files = neo4j::files(&graph, &ExportOptions::default(), None);
/// assert_eq!(written.len(), files.len());
/// for (path, file) in written.iter().zip(&files) {
///     assert_eq!(std::fs::read_to_string(path).unwrap(), file.contents);
/// }
/// std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn write_dir<D: Exportable + ?Sized>(
    data: &D,
    options: &ExportOptions,
    report: Option<&GapReport<D::Id<'_>>>,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let model = Model::new(records_of(data)?, options, report);
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", e).in_file(dir))?;
    let mut output = Directory {
        dir,
        written: Vec::new(),
    };
    write_files(&model, &mut output)?;
    Ok(output.written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        let mut line = String::new();
        push_field(&mut line, Some("plain"));
        line.push(',');
        push_field(&mut line, Some("a, \"b\"\nc"));
        line.push(',');
        push_field(&mut line, None);
        line.push(',');
        push_field(&mut line, Some(""));
        assert_eq!(line, "plain,\"a, \"\"b\"\"\nc\",,\"\"");
    }

    #[test]
    fn every_edge_and_node_is_in_one_file() {
        let graph = crate::builtin::vrfb_graph();
        let files = files(&graph, &ExportOptions::default(), None);
        let rows = |prefix: &str| -> usize {
            files
                .iter()
                .filter(|f| f.name.starts_with(prefix))
                .map(File::rows)
                .sum()
        };
        let (nodes, edges) = graph.size();
        assert_eq!(rows("nodes-"), nodes + 1);
        assert_eq!(rows("rels-"), edges);
    }
}
