//! Exports of a knowledge graph or a registry for the tools people already use: one module
//! per format, each writing to any [`io::Write`](std::io::Write).
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
//! # What the exports read
//!
//! Every writer takes an [`Exportable`]: a [`KnowledgeGraph`](crate::KnowledgeGraph), or a
//! [`Registry`](crate::registry::Registry) read with its records
//! ([`Registry::from_paths_with_records`](crate::registry::Registry::from_paths_with_records)),
//! and writes the same bytes from either. Both give their records through one interface,
//! [`Records`]: a graph lends its dataset's, a registry rebuilds each one from its compact
//! store when asked. A writer sorts only the records' positions (4 bytes a record), then
//! makes each node, edge or record as it writes it and drops it, so that an export needs
//! little memory beside the data: for the registry of the 100,000-firm synthetic dataset
//! (73.9 MB), every format peaks at the registry's own read, 142 MB, where the graph route
//! needs the graph's 330 MB and more. A gap report given to a writer is one of the same
//! data ([`Exportable::Id`]: `analysis::gaps` of the graph, `Registry::gaps` of the
//! registry).
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
//!
//! // The same export of a registry read with its records, with its own gap report.
//! use vrfb_chain::{builtin, registry::Registry};
//! let registry = Registry::from_json_slices_with_records(
//!     builtin::MINIMAL_CHAIN_JSON.as_bytes(),
//!     builtin::MINIMAL_DATASET_JSON.as_bytes(),
//! ).unwrap();
//! let mut again = Vec::new();
//! export::write(&registry, Format::NodeLink, &ExportOptions::default(), None, &mut again).unwrap();
//! assert_eq!(again, out);
//! let report = registry.gaps("zone-a", &Default::default()).unwrap();
//! let mut coloured = Vec::new();
//! export::write(&registry, Format::Graphml, &ExportOptions::default(), Some(&report), &mut coloured).unwrap();
//! assert!(String::from_utf8(coloured).unwrap().contains(r#"<data key="n_gap_status">"#));
//! ```
//!
//! [`Fact::is_valid_at`]: crate::Fact::is_valid_at
//! [`Dataset::canonical`]: crate::Dataset::canonical

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use crate::analysis::GapReport;
use crate::date::Date;
use crate::error::Result;

pub mod cytoscape;
pub mod dot;
pub mod graphml;
pub mod json;
mod model;
pub mod neo4j;
pub mod node_link;
mod records;

pub(crate) use model::{Attrs, Model, Text, Value};
pub use records::{Exportable, Records};

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
    /// ([`Fact::is_valid_at`](crate::Fact::is_valid_at)); `None` keeps every fact, closed
    /// ones included.
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

/// Writes `data`, a graph or a registry read with its records, in `format`. `report`, a
/// gap report of the same data, when given, colours the [`Format::Dot`] map (see
/// [`dot::write`]) and adds each product's `gap_status` and the graph's `scope` to the
/// node-link, GraphML and Cytoscape exports; the dataset JSON ignores it.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when writing fails;
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for [`Format::Neo4j`], which
/// writes a directory (use [`neo4j::write_dir`]), and for a registry read without its
/// records.
///
/// # Complexity
/// O(n log n) time for n records (sorting their positions) and the output's size; O(n)
/// space beside the data, 4 bytes a record.
///
/// ```
/// use vrfb_chain::export::{self, ExportOptions, Format};
/// use vrfb_chain::{builtin, registry::Registry};
/// let graph = builtin::minimal_graph();
/// let registry = Registry::from_json_slices_with_records(
///     builtin::MINIMAL_CHAIN_JSON.as_bytes(),
///     builtin::MINIMAL_DATASET_JSON.as_bytes(),
/// ).unwrap();
/// for format in Format::ALL {
///     let (mut from_graph, mut from_registry) = (Vec::new(), Vec::new());
///     export::write(&graph, format, &ExportOptions::default(), None, &mut from_graph).unwrap();
///     export::write(&registry, format, &ExportOptions::default(), None, &mut from_registry).unwrap();
///     assert!(!from_graph.is_empty());
///     assert_eq!(from_graph, from_registry, "{format}");
/// }
/// let err = export::write(&graph, Format::Neo4j, &ExportOptions::default(), None, Vec::new());
/// assert!(err.unwrap_err().to_string().contains("write_dir"));
/// ```
pub fn write<D: Exportable + ?Sized, W: Write>(
    data: &D,
    format: Format,
    options: &ExportOptions,
    report: Option<&GapReport<D::Id<'_>>>,
    writer: W,
) -> Result<()> {
    match format {
        Format::Json => json::write(data, options, writer),
        Format::NodeLink => node_link::write_with_report(data, options, report, writer),
        Format::Graphml => graphml::write_with_report(data, options, report, writer),
        Format::Cytoscape => cytoscape::write_with_report(data, options, report, writer),
        Format::Dot => dot::write(data, report, options, writer),
        Format::Neo4j => Err(crate::Error::InvalidArgument(
            "the neo4j export is a directory of files: write it with export::neo4j::write_dir \
             (the export example: --format neo4j --out DIR)"
                .into(),
        )),
    }
}

/// Writes bytes, mapping the error.
pub(crate) fn io_result(result: std::io::Result<()>) -> Result<()> {
    result.map_err(|e| crate::Error::io("write", e))
}

/// Serializes attributes as a JSON object, after the leading `(name, value)` pairs.
pub(crate) struct JsonObject<'a, 'r> {
    pub(crate) lead: &'a [(&'static str, Text<'a>)],
    pub(crate) attrs: &'a Attrs<'r>,
}

impl serde::Serialize for JsonObject<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.lead.len() + self.attrs.len()))?;
        for (name, value) in self.lead {
            map.serialize_entry(name, value)?;
        }
        for (name, value) in self.attrs {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}
