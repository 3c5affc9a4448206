//! Exports of the knowledge graph for the tools people already use: one module per format,
//! each writing to any [`io::Write`](std::io::Write).
//!
//! | format | module | read by |
//! |---|---|---|
//! | `json` | [`json`] | this crate, your own code: the dataset itself (`dataset@1`) |
//! | `node-link` | [`node_link`] | NetworkX `node_link_graph` (3.6; `links_key` for older) |
//! | `graphml` | [`graphml`] | NetworkX `read_graphml`, igraph, Gephi, Cytoscape, yEd |
//! | `cytoscape` | [`cytoscape`] | Cytoscape.js, Cytoscape (`.cyjs`), NetworkX `cytoscape_graph` |
//! | `dot` | [`dot`] | Graphviz `dot`: a chain map, coloured by a gap report |
//! | `neo4j` | [`neo4j`] | `neo4j-admin database import full`, `LOAD CSV`, Kùzu: a directory of CSV files |
//!
//! # What every export holds
//!
//! Every firm, organization, product, segment and region, every makes fact and every link,
//! closed facts included with their `status`. With [`ExportOptions::as_of`] only the facts
//! (makes facts and links) valid at that date are kept ([`Fact::is_valid_at`]); nodes are
//! always all kept. The output is deterministic: the same bytes whatever the order of the
//! dataset's lists.
//!
//! # The graph of the graph formats
//!
//! `node-link`, `graphml` and `cytoscape` hold the same directed multigraph, with the same
//! attributes.
//!
//! **Nodes**, sorted by kind (segment, product, region, firm, organization) then id. A
//! node's `id` is its kind and its dataset or template id, `kind:ref` (`firm:weilide`,
//! `product:stack`, `segment:stack`, `region:cn`, `organization:sc-vrfb-alliance`), so that
//! a product and a segment with the same id stay apart.
//!
//! | attribute | type | on | meaning |
//! |---|---|---|---|
//! | `kind` | string | all | `segment`, `product`, `region`, `firm` or `organization` |
//! | `ref` | string | all | the id in the template or dataset |
//! | `label` | string | all | the name for people: `zh (en)`, or whichever is given |
//! | `name_zh`, `name_en` | string | all | the Chinese and English names, when given |
//! | `order` | int | segment, product | position in the template (segments upstream first) |
//! | `segment` | string | product | the product's segment id |
//! | `description` | string | product | when the template gives one |
//! | `region_kind` | string | region | `country`, `province`, `city`, ... |
//! | `parent` | string | region | the parent region's id |
//! | `region` | string | firm, organization | the region id (organizations: when known) |
//! | `tags` | list | firm | the firm's tags |
//! | `org_kind` | string | organization | `alliance`, `research`, `university`, ... |
//! | `gap_status` | string | product | with a gap report: the product's status in its region (`covered`, `single`, `unconfirmed`, `planned`, `missing`) |
//! | `sources` | list | firm, organization | source ids |
//! | `extra` | JSON | firm, organization | user-defined attributes, verbatim |
//!
//! **Edges**, sorted by kind in the order of this list, then by source and target id (links:
//! by `from`, `to`, `product`, as in [`Dataset::canonical`]). Each has a `key`, `kind:n`
//! (`makes:0`, `supplies:3`, ...), `n` counting the edges of that kind in output order: it is
//! unique in the whole export, so it also serves as the GraphML and Cytoscape edge id.
//!
//! | kind | source → target | from |
//! |---|---|---|
//! | `makes` | firm → product | each makes fact |
//! | `supplies`, `owns`, `partners_with`, `member_of`, `transfers_technology` | party → party | each link |
//! | `input_of` | input product → product | each alternative of each requirement |
//! | `in_segment` | product → segment | each product |
//! | `located_in` | firm or organization → region | each firm; organizations with a region |
//! | `part_of` | region → parent region | regions with a parent |
//!
//! | attribute | type | on | meaning |
//! |---|---|---|---|
//! | `kind` | string | all | the edge kind above |
//! | `product` | string | makes, links | the product concerned |
//! | `status` | string | makes, links | `announced`, `building`, `operating` or `closed` |
//! | `since`, `until` | string | makes, links | dates as the dataset writes them |
//! | `share` | double | owns | the equity share |
//! | `capacity`, `capacity_unit` | double, string | makes | the capacity and its unit |
//! | `grade` | string | makes, links | best evidence grade: `A`, `B`, `C` or `none` |
//! | `sources` | list | makes, links | source ids |
//! | `note` | string | makes, links | the note |
//! | `extra` | JSON | links | user-defined attributes, verbatim |
//! | `requirement` | int | input_of | position of the requirement in the product's `inputs` |
//! | `alternatives` | int | input_of | how many alternatives the requirement has (> 1: any one will do) |
//!
//! **Graph** attributes: `chain` (the template id), `name_zh`, `name_en` (the chain's
//! names), `as_of` (the export's date, or else the dataset's) and `filtered` (true when only
//! facts valid at `as_of` were kept), and with a gap report `scope` (the report's region).
//!
//! **With a gap report** ([`write()`]'s `report`), each product carries its `gap_status` in
//! the report's region and the graph its `scope`: the same figures as the DOT map's colours,
//! for a Gephi partition or a Cytoscape style ([`cytoscape::style`]).
//!
//! **Absent values are left out**, never written as `null`: a firm with no English name has
//! no `name_en` attribute. GraphML cannot say `null`, and leaving them out everywhere keeps
//! the three formats alike. Lists are JSON arrays in `node-link` and `cytoscape`; GraphML has
//! no lists, so it joins them with [`LIST_SEPARATOR`] (`;`, which no id can contain) and
//! writes `extra` as JSON text.
//!
//! ```
//! use vrfb_chain::export::{self, ExportOptions, Format};
//! let graph = vrfb_chain::builtin::minimal_graph();
//! let mut out = Vec::new();
//! export::write(&graph, Format::NodeLink, &ExportOptions::default(), None, &mut out).unwrap();
//! let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
//! assert_eq!(json["nodes"][0]["id"], "segment:application");
//! assert_eq!(json["edges"][0]["key"], "makes:0");
//! ```
//!
//! [`Fact::is_valid_at`]: crate::Fact::is_valid_at
//! [`Dataset::canonical`]: crate::Dataset::canonical

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::str::FromStr;

use crate::analysis::GapReport;
use crate::chain::Chain;
use crate::dataset::{Dataset, Extra, Fact, Grade};
use crate::date::Date;
use crate::error::Result;
use crate::graph::KnowledgeGraph;
use crate::name::Name;

pub mod cytoscape;
pub mod dot;
pub mod graphml;
pub mod json;
pub mod neo4j;
pub mod node_link;

/// The separator GraphML puts between the items of a list attribute (`tags`, `sources`).
/// Ids cannot contain it, so splitting on it gives the list back.
///
/// ```
/// assert_eq!(vrfb_chain::export::LIST_SEPARATOR, ";");
/// ```
pub const LIST_SEPARATOR: &str = ";";

/// What an export holds, beyond the graph itself. The default keeps every fact and writes
/// NetworkX 3.6's node-link JSON.
///
/// ```
/// use vrfb_chain::export::ExportOptions;
/// let options = ExportOptions { as_of: Some("2025-01".parse().unwrap()), ..Default::default() };
/// assert!(!options.links_key);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Keep only the facts (makes facts and links) valid at this date, by the spec's rule
    /// ([`Fact::is_valid_at`]); `None` keeps every fact, closed ones included.
    pub as_of: Option<Date>,
    /// Node-link only: write the edges under `"links"` instead of `"edges"`, the key that
    /// NetworkX before 3.6 reads by default.
    pub links_key: bool,
}

/// An export format.
///
/// ```
/// use vrfb_chain::export::Format;
/// let format: Format = "node-link".parse().unwrap();
/// assert_eq!(format, Format::NodeLink);
/// assert_eq!(format.to_string(), "node-link");
/// assert_eq!(Format::Graphml.extension(), "graphml");
/// assert!("xml".parse::<Format>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// The dataset itself, `dataset@1` JSON ([`json`]).
    Json,
    /// NetworkX node-link JSON ([`node_link`]).
    NodeLink,
    /// GraphML ([`graphml`]).
    Graphml,
    /// Cytoscape.js elements JSON ([`cytoscape`]).
    Cytoscape,
    /// A Graphviz chain map ([`dot`]).
    Dot,
    /// Neo4j import CSV files and a `load.cypher`, a directory ([`neo4j`]); not in
    /// [`Format::ALL`], since [`write()`] cannot put a directory on one stream.
    Neo4j,
}

impl Format {
    /// Every format that writes one file, in the order of this enum.
    pub const ALL: [Format; 5] = [
        Format::Json,
        Format::NodeLink,
        Format::Graphml,
        Format::Cytoscape,
        Format::Dot,
    ];

    /// The format's name, as [`FromStr`] reads it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::NodeLink => "node-link",
            Format::Graphml => "graphml",
            Format::Cytoscape => "cytoscape",
            Format::Dot => "dot",
            Format::Neo4j => "neo4j",
        }
    }

    /// True for the formats that write a directory rather than one file ([`Format::Neo4j`]).
    ///
    /// ```
    /// use vrfb_chain::export::Format;
    /// assert!(Format::Neo4j.is_directory());
    /// assert!(!Format::ALL.iter().any(|f| f.is_directory()));
    /// ```
    pub fn is_directory(&self) -> bool {
        matches!(self, Format::Neo4j)
    }

    /// The usual file extension, without the dot.
    pub fn extension(&self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::NodeLink => "node-link.json",
            Format::Graphml => "graphml",
            Format::Cytoscape => "cyjs",
            Format::Dot => "dot",
            Format::Neo4j => "neo4j",
        }
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Format, String> {
        let every = [&Format::ALL[..], &[Format::Neo4j]].concat();
        every
            .iter()
            .copied()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = every.iter().map(|f| f.as_str()).collect();
                format!(
                    "unknown format `{s}`, expected one of: {}",
                    names.join(", ")
                )
            })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Writes `graph` in `format`. `report`, when given, colours the [`Format::Dot`] map (see
/// [`dot::write`]) and adds each product's `gap_status` and the graph's `scope` to the
/// node-link, GraphML and Cytoscape exports; the dataset JSON ignores it.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when writing fails;
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for [`Format::Neo4j`], which
/// writes a directory: use [`neo4j::write_dir`].
///
/// ```
/// use vrfb_chain::export::{self, ExportOptions, Format};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// for format in Format::ALL {
///     let mut out = Vec::new();
///     export::write(&graph, format, &ExportOptions::default(), None, &mut out).unwrap();
///     assert!(!out.is_empty());
/// }
/// ```
pub fn write<W: Write>(
    graph: &KnowledgeGraph,
    format: Format,
    options: &ExportOptions,
    report: Option<&GapReport>,
    writer: W,
) -> Result<()> {
    match format {
        Format::Json => json::write(graph, options, writer),
        Format::NodeLink => node_link::write_with_report(graph, options, report, writer),
        Format::Graphml => graphml::write_with_report(graph, options, report, writer),
        Format::Cytoscape => cytoscape::write_with_report(graph, options, report, writer),
        Format::Dot => dot::write(graph, report, options, writer),
        Format::Neo4j => Err(crate::Error::InvalidArgument(
            "the neo4j export is a directory of files: write it with export::neo4j::write_dir \
             (the export example: --format neo4j --out DIR)"
                .into(),
        )),
    }
}

/// The dataset as exported: canonical order, and with `as_of` only the facts valid then
/// (the dataset's `as_of` becoming that date).
pub(crate) fn prepared_dataset(dataset: &Dataset, as_of: Option<Date>) -> Dataset {
    let mut d = dataset.canonical();
    if let Some(date) = as_of {
        for firm in &mut d.firms {
            firm.makes.retain(|m| m.is_valid_at(Some(date)));
        }
        d.links.retain(|l| l.is_valid_at(Some(date)));
        d.as_of = Some(date);
    }
    d
}

/// Writes bytes, mapping the error.
pub(crate) fn io_result(result: std::io::Result<()>) -> Result<()> {
    result.map_err(|e| crate::Error::io("write", e))
}

// ---------------------------------------------------------------------------------------
// The graph model shared by node-link, GraphML and Cytoscape.

/// The type of an attribute, as GraphML declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttrType {
    String,
    Int,
    Double,
    Boolean,
    /// A list of strings: an array in JSON, joined by [`LIST_SEPARATOR`] in GraphML.
    List,
    /// Verbatim JSON: the value in JSON, its text in GraphML.
    Json,
}

impl AttrType {
    pub(crate) fn graphml(self) -> &'static str {
        match self {
            AttrType::String | AttrType::List | AttrType::Json => "string",
            AttrType::Int => "int",
            AttrType::Double => "double",
            AttrType::Boolean => "boolean",
        }
    }
}

/// Every graph attribute, in the order they are written.
pub(crate) const GRAPH_ATTRS: &[(&str, AttrType)] = &[
    ("chain", AttrType::String),
    ("name_zh", AttrType::String),
    ("name_en", AttrType::String),
    ("as_of", AttrType::String),
    ("filtered", AttrType::Boolean),
    ("scope", AttrType::String),
];

/// Every node attribute, in the order they are written (after `id`).
pub(crate) const NODE_ATTRS: &[(&str, AttrType)] = &[
    ("kind", AttrType::String),
    ("ref", AttrType::String),
    ("label", AttrType::String),
    ("name_zh", AttrType::String),
    ("name_en", AttrType::String),
    ("order", AttrType::Int),
    ("segment", AttrType::String),
    ("description", AttrType::String),
    ("region_kind", AttrType::String),
    ("parent", AttrType::String),
    ("region", AttrType::String),
    ("tags", AttrType::List),
    ("org_kind", AttrType::String),
    ("sources", AttrType::List),
    ("extra", AttrType::Json),
    ("gap_status", AttrType::String),
];

/// Every edge attribute, in the order they are written (after `source`, `target`, `key`).
pub(crate) const EDGE_ATTRS: &[(&str, AttrType)] = &[
    ("kind", AttrType::String),
    ("product", AttrType::String),
    ("status", AttrType::String),
    ("since", AttrType::String),
    ("until", AttrType::String),
    ("share", AttrType::Double),
    ("capacity", AttrType::Double),
    ("capacity_unit", AttrType::String),
    ("grade", AttrType::String),
    ("sources", AttrType::List),
    ("note", AttrType::String),
    ("extra", AttrType::Json),
    ("requirement", AttrType::Int),
    ("alternatives", AttrType::Int),
];

/// An attribute value.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Str(String),
    Int(i64),
    Double(f64),
    Bool(bool),
    List(Vec<String>),
    Json(Extra),
}

impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Value::Str(v) => s.serialize_str(v),
            Value::Int(v) => s.serialize_i64(*v),
            Value::Double(v) => s.serialize_f64(*v),
            Value::Bool(v) => s.serialize_bool(*v),
            Value::List(v) => v.serialize(s),
            Value::Json(v) => v.serialize(s),
        }
    }
}

impl Value {
    /// The value as GraphML writes it (before XML escaping).
    pub(crate) fn to_text(&self) -> String {
        match self {
            Value::Str(v) => v.clone(),
            Value::Int(v) => v.to_string(),
            Value::Double(v) => serde_json::to_string(v).unwrap_or_else(|_| v.to_string()),
            Value::Bool(v) => v.to_string(),
            Value::List(v) => v.join(LIST_SEPARATOR),
            Value::Json(v) => v.get().to_string(),
        }
    }
}

/// Attributes in writing order.
pub(crate) type Attrs = Vec<(&'static str, Value)>;

/// The kind of a node, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NodeKind {
    Segment,
    Product,
    Region,
    Firm,
    Organization,
}

impl NodeKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            NodeKind::Segment => "segment",
            NodeKind::Product => "product",
            NodeKind::Region => "region",
            NodeKind::Firm => "firm",
            NodeKind::Organization => "organization",
        }
    }
}

/// The id of a node in the exports: `kind:ref`.
pub(crate) fn node_id(kind: NodeKind, id: &str) -> String {
    format!("{}:{id}", kind.as_str())
}

/// A node of the export.
#[derive(Debug, Clone)]
pub(crate) struct NodeRecord {
    pub(crate) id: String,
    pub(crate) attrs: Attrs,
}

/// An edge of the export.
#[derive(Debug, Clone)]
pub(crate) struct EdgeRecord {
    pub(crate) source: String,
    pub(crate) target: String,
    pub(crate) key: String,
    pub(crate) attrs: Attrs,
}

/// The graph the graph formats write: nodes and edges in output order, with their
/// attributes.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub(crate) graph_attrs: Attrs,
    pub(crate) nodes: Vec<NodeRecord>,
    pub(crate) edges: Vec<EdgeRecord>,
}

/// Adds a string attribute, when there is a value.
fn push_str(attrs: &mut Attrs, name: &'static str, value: Option<&str>) {
    if let Some(v) = value {
        attrs.push((name, Value::Str(v.to_string())));
    }
}

/// Adds a list attribute, when the list is not empty.
fn push_list(attrs: &mut Attrs, name: &'static str, value: &[String]) {
    if !value.is_empty() {
        attrs.push((name, Value::List(value.to_vec())));
    }
}

/// Adds a date attribute, when there is a date.
fn push_date(attrs: &mut Attrs, name: &'static str, value: Option<Date>) {
    if let Some(d) = value {
        attrs.push((name, Value::Str(d.to_string())));
    }
}

/// The attributes every node has: `kind`, `ref`, `label` and the names given.
fn node_attrs(kind: NodeKind, id: &str, name: &Name) -> Attrs {
    let mut attrs = vec![
        ("kind", Value::Str(kind.as_str().to_string())),
        ("ref", Value::Str(id.to_string())),
    ];
    let label = name.display();
    attrs.push((
        "label",
        Value::Str(if label.is_empty() {
            id.to_string()
        } else {
            label
        }),
    ));
    push_str(&mut attrs, "name_zh", name.zh.as_deref());
    push_str(&mut attrs, "name_en", name.en.as_deref());
    attrs
}

/// A grade as the exports write it: `A`, `B`, `C` or `none`.
fn grade_text(grade: Option<Grade>) -> Value {
    Value::Str(grade.map_or("none", |g| g.as_str()).to_string())
}

/// Adds the user-defined `extra`, when there is one.
fn push_extra(attrs: &mut Attrs, extra: Option<&Extra>) {
    if let Some(extra) = extra {
        attrs.push(("extra", Value::Json(extra.clone())));
    }
}

/// A fact's `status`, `since` and `until`.
fn push_validity<F: Fact>(attrs: &mut Attrs, fact: &F) {
    attrs.push(("status", Value::Str(fact.status().as_str().into())));
    push_date(attrs, "since", fact.since());
    push_date(attrs, "until", fact.until());
}

/// A fact's `grade` (the best of its sources), `sources` and `note`.
fn push_evidence<F: Fact>(attrs: &mut Attrs, graph: &KnowledgeGraph, fact: &F, note: Option<&str>) {
    attrs.push(("grade", grade_text(graph.grade(fact))));
    push_list(attrs, "sources", fact.sources());
    push_str(attrs, "note", note);
}

impl Model {
    /// Builds the export's graph. Nodes: every one; edges: template edges, and the facts
    /// kept by `options`.
    #[cfg(test)]
    pub(crate) fn new(graph: &KnowledgeGraph, options: &ExportOptions) -> Model {
        Model::with_report(graph, options, None)
    }

    /// [`Model::new`], and with a report each product's `gap_status` and the graph's
    /// `scope`.
    pub(crate) fn with_report(
        graph: &KnowledgeGraph,
        options: &ExportOptions,
        report: Option<&GapReport>,
    ) -> Model {
        let chain = graph.chain();
        let data = prepared_dataset(graph.dataset(), options.as_of);
        let mut nodes = template_nodes(chain, &gap_statuses(report));
        nodes.extend(dataset_nodes(&data));
        Model {
            graph_attrs: graph_attrs(chain, &data, options, report),
            nodes: sorted_nodes(nodes),
            edges: keyed(edge_groups(graph, &data)),
        }
    }
}

/// Each product's status in the report's region, by product id; empty without a report.
fn gap_statuses(report: Option<&GapReport>) -> HashMap<&str, &'static str> {
    report
        .map(|r| {
            r.products
                .iter()
                .map(|p| (p.product.as_str(), p.status.as_str()))
                .collect()
        })
        .unwrap_or_default()
}

/// The graph's attributes: the chain, the date, whether facts were filtered, the scope.
fn graph_attrs(
    chain: &Chain,
    data: &Dataset,
    options: &ExportOptions,
    report: Option<&GapReport>,
) -> Attrs {
    let mut attrs: Attrs = vec![("chain", Value::Str(chain.id.clone()))];
    push_str(&mut attrs, "name_zh", chain.name.zh.as_deref());
    push_str(&mut attrs, "name_en", chain.name.en.as_deref());
    push_date(&mut attrs, "as_of", data.as_of);
    attrs.push(("filtered", Value::Bool(options.as_of.is_some())));
    if let Some(r) = report {
        attrs.push(("scope", Value::Str(r.scope.region.clone())));
    }
    attrs
}

/// The template's nodes: the segments, then the products with their gap status.
fn template_nodes(
    chain: &Chain,
    statuses: &HashMap<&str, &'static str>,
) -> Vec<(NodeKind, NodeRecord)> {
    let mut nodes = Vec::new();
    for (i, s) in chain.segments.iter().enumerate() {
        let mut attrs = node_attrs(NodeKind::Segment, &s.id, &s.name);
        attrs.push(("order", Value::Int(i as i64)));
        nodes.push(node(NodeKind::Segment, &s.id, attrs));
    }
    for (i, p) in chain.products.iter().enumerate() {
        let mut attrs = node_attrs(NodeKind::Product, &p.id, &p.name);
        attrs.push(("order", Value::Int(i as i64)));
        attrs.push(("segment", Value::Str(p.segment.clone())));
        push_str(&mut attrs, "description", p.description.as_deref());
        if let Some(status) = statuses.get(p.id.as_str()) {
            attrs.push(("gap_status", Value::Str((*status).to_string())));
        }
        nodes.push(node(NodeKind::Product, &p.id, attrs));
    }
    nodes
}

/// The dataset's nodes: the regions, the firms and the organizations.
fn dataset_nodes(data: &Dataset) -> Vec<(NodeKind, NodeRecord)> {
    let mut nodes = Vec::new();
    for r in &data.regions {
        let mut attrs = node_attrs(NodeKind::Region, &r.id, &r.name);
        attrs.push(("region_kind", Value::Str(r.kind.as_str().to_string())));
        push_str(&mut attrs, "parent", r.parent.as_deref());
        nodes.push(node(NodeKind::Region, &r.id, attrs));
    }
    for f in &data.firms {
        let mut attrs = node_attrs(NodeKind::Firm, &f.id, &f.name);
        attrs.push(("region", Value::Str(f.region.clone())));
        push_list(&mut attrs, "tags", &f.tags);
        push_list(&mut attrs, "sources", &f.sources);
        push_extra(&mut attrs, f.extra.as_ref());
        nodes.push(node(NodeKind::Firm, &f.id, attrs));
    }
    for o in &data.organizations {
        let mut attrs = node_attrs(NodeKind::Organization, &o.id, &o.name);
        push_str(&mut attrs, "region", o.region.as_deref());
        attrs.push(("org_kind", Value::Str(o.kind.as_str().to_string())));
        push_list(&mut attrs, "sources", &o.sources);
        push_extra(&mut attrs, o.extra.as_ref());
        nodes.push(node(NodeKind::Organization, &o.id, attrs));
    }
    nodes
}

/// The nodes in output order: by kind, then id.
fn sorted_nodes(mut nodes: Vec<(NodeKind, NodeRecord)>) -> Vec<NodeRecord> {
    // Sorting by the prefixed id within a kind is sorting by ref: the prefix is shared.
    nodes.sort_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| a.id.cmp(&b.id)));
    nodes.into_iter().map(|(_, n)| n).collect()
}

/// The edge groups in output order, each with its kind (the prefix of its keys) and built
/// in its own output order (the dataset is canonical).
fn edge_groups(graph: &KnowledgeGraph, data: &Dataset) -> Vec<(&'static str, Vec<EdgeRecord>)> {
    let chain = graph.chain();
    let mut groups = vec![("makes", makes_edges(graph, data))];
    for kind in crate::LinkKind::ALL {
        groups.push((kind.as_str(), link_edges(graph, data, *kind)));
    }
    groups.push(("input_of", input_edges(chain)));
    groups.push(("in_segment", in_segment_edges(chain)));
    groups.push(("located_in", located_in_edges(data)));
    groups.push(("part_of", part_of_edges(data)));
    groups
}

/// The edges of every group, each keyed `kind:n` by its place in its group.
fn keyed(groups: Vec<(&'static str, Vec<EdgeRecord>)>) -> Vec<EdgeRecord> {
    let mut edges = Vec::new();
    for (kind, group) in groups {
        for (n, mut e) in group.into_iter().enumerate() {
            e.key = format!("{kind}:{n}");
            edges.push(e);
        }
    }
    edges
}

/// One `makes` edge per makes fact, firm → product.
fn makes_edges(graph: &KnowledgeGraph, data: &Dataset) -> Vec<EdgeRecord> {
    let mut makes = Vec::new();
    for f in &data.firms {
        for m in &f.makes {
            let mut attrs: Attrs = vec![
                ("kind", Value::Str("makes".into())),
                ("product", Value::Str(m.product.clone())),
            ];
            push_validity(&mut attrs, m);
            if let Some(c) = &m.capacity {
                attrs.push(("capacity", Value::Double(c.value)));
                attrs.push(("capacity_unit", Value::Str(c.unit.clone())));
            }
            push_evidence(&mut attrs, graph, m, m.note.as_deref());
            makes.push(edge(
                node_id(NodeKind::Firm, &f.id),
                node_id(NodeKind::Product, &m.product),
                attrs,
            ));
        }
    }
    makes
}

/// The node id of a link's end: a firm, else an organization.
fn party_id(graph: &KnowledgeGraph, id: &str) -> String {
    if graph.firm(id).is_some() {
        node_id(NodeKind::Firm, id)
    } else {
        node_id(NodeKind::Organization, id)
    }
}

/// One edge per link of this kind, party → party.
fn link_edges(graph: &KnowledgeGraph, data: &Dataset, kind: crate::LinkKind) -> Vec<EdgeRecord> {
    // Canonical links are sorted by (from, to, kind, product): filtering one kind keeps
    // them by (from, to, product).
    let mut edges = Vec::new();
    for l in data.links.iter().filter(|l| l.kind == kind) {
        let mut attrs: Attrs = vec![("kind", Value::Str(kind.as_str().into()))];
        push_str(&mut attrs, "product", l.product.as_deref());
        push_validity(&mut attrs, l);
        if let Some(share) = l.share {
            attrs.push(("share", Value::Double(share)));
        }
        push_evidence(&mut attrs, graph, l, l.note.as_deref());
        push_extra(&mut attrs, l.extra.as_ref());
        edges.push(edge(
            party_id(graph, &l.from),
            party_id(graph, &l.to),
            attrs,
        ));
    }
    edges
}

/// One `input_of` edge per alternative of each requirement, input → product, sorted by
/// source, target and requirement.
fn input_edges(chain: &Chain) -> Vec<EdgeRecord> {
    let mut inputs = Vec::new();
    for p in &chain.products {
        for (k, req) in p.inputs.iter().enumerate() {
            for alt in req.alternatives() {
                let attrs: Attrs = vec![
                    ("kind", Value::Str("input_of".into())),
                    ("requirement", Value::Int(k as i64)),
                    ("alternatives", Value::Int(req.alternatives().len() as i64)),
                ];
                inputs.push((
                    k,
                    edge(
                        node_id(NodeKind::Product, alt),
                        node_id(NodeKind::Product, &p.id),
                        attrs,
                    ),
                ));
            }
        }
    }
    inputs.sort_by(|(ka, a), (kb, b)| (&a.source, &a.target, ka).cmp(&(&b.source, &b.target, kb)));
    inputs.into_iter().map(|(_, e)| e).collect()
}

/// One `in_segment` edge per product, product → segment, sorted by product.
fn in_segment_edges(chain: &Chain) -> Vec<EdgeRecord> {
    let mut in_segment: Vec<EdgeRecord> = chain
        .products
        .iter()
        .map(|p| {
            kind_edge(
                node_id(NodeKind::Product, &p.id),
                node_id(NodeKind::Segment, &p.segment),
                "in_segment",
            )
        })
        .collect();
    in_segment.sort_by(|a, b| a.source.cmp(&b.source));
    in_segment
}

/// One `located_in` edge per firm, then per organization with a region.
fn located_in_edges(data: &Dataset) -> Vec<EdgeRecord> {
    let located = |source: String, region: &str| {
        kind_edge(source, node_id(NodeKind::Region, region), "located_in")
    };
    let mut located_in: Vec<EdgeRecord> = data
        .firms
        .iter()
        .map(|f| located(node_id(NodeKind::Firm, &f.id), &f.region))
        .collect();
    located_in.extend(data.organizations.iter().filter_map(|o| {
        let region = o.region.as_deref()?;
        Some(located(node_id(NodeKind::Organization, &o.id), region))
    }));
    located_in
}

/// One `part_of` edge per region with a parent, region → parent.
fn part_of_edges(data: &Dataset) -> Vec<EdgeRecord> {
    data.regions
        .iter()
        .filter_map(|r| {
            let parent = r.parent.as_deref()?;
            Some(kind_edge(
                node_id(NodeKind::Region, &r.id),
                node_id(NodeKind::Region, parent),
                "part_of",
            ))
        })
        .collect()
}

/// A node of this kind, with its kind for sorting.
fn node(kind: NodeKind, id: &str, attrs: Attrs) -> (NodeKind, NodeRecord) {
    (
        kind,
        NodeRecord {
            id: node_id(kind, id),
            attrs,
        },
    )
}

/// An edge not yet keyed.
fn edge(source: String, target: String, attrs: Attrs) -> EdgeRecord {
    EdgeRecord {
        source,
        target,
        key: String::new(),
        attrs,
    }
}

/// An edge whose only attribute is its kind.
fn kind_edge(source: String, target: String, kind: &'static str) -> EdgeRecord {
    edge(source, target, vec![("kind", Value::Str(kind.into()))])
}

/// Serializes attributes as a JSON object, after the leading `(name, value)` pairs.
pub(crate) struct JsonObject<'a> {
    pub(crate) lead: Vec<(&'static str, &'a str)>,
    pub(crate) attrs: &'a Attrs,
}

impl serde::Serialize for JsonObject<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.lead.len() + self.attrs.len()))?;
        for (name, value) in &self.lead {
            map.serialize_entry(name, value)?;
        }
        for (name, value) in self.attrs {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_attribute_written_is_declared_with_its_type() {
        let model = Model::new(&crate::builtin::minimal_graph(), &ExportOptions::default());
        let check = |attrs: &Attrs, table: &[(&str, AttrType)]| {
            for (name, value) in attrs {
                let (_, ty) = table
                    .iter()
                    .find(|(n, _)| n == name)
                    .unwrap_or_else(|| panic!("undeclared attribute {name}"));
                let ok = matches!(
                    (value, ty),
                    (Value::Str(_), AttrType::String)
                        | (Value::Int(_), AttrType::Int)
                        | (Value::Double(_), AttrType::Double)
                        | (Value::Bool(_), AttrType::Boolean)
                        | (Value::List(_), AttrType::List)
                        | (Value::Json(_), AttrType::Json)
                );
                assert!(ok, "attribute {name} has the wrong type");
            }
        };
        check(&model.graph_attrs, GRAPH_ATTRS);
        for n in &model.nodes {
            check(&n.attrs, NODE_ATTRS);
        }
        for e in &model.edges {
            check(&e.attrs, EDGE_ATTRS);
        }
    }

    #[test]
    fn keys_are_unique() {
        let model = Model::new(&crate::builtin::vrfb_graph(), &ExportOptions::default());
        let mut keys: Vec<&str> = model.edges.iter().map(|e| e.key.as_str()).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }
}
