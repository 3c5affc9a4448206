//! NetworkX node-link JSON (NetworkX 3.6): a directed multigraph with the nodes, edges and
//! attributes described in [the module docs](super#the-graph-of-the-graph-formats).
//!
//! ```json
//! {"directed": true, "multigraph": true,
//!  "graph": {"chain": "vrfb", "name_zh": "全钒液流电池", "as_of": "2025-12-31", "filtered": false},
//!  "nodes": [{"id": "firm:weilide", "kind": "firm", "ref": "weilide", "label": "...", ...}],
//!  "edges": [{"source": "firm:weilide", "target": "product:stack", "key": "makes:0",
//!             "kind": "makes", "status": "operating", "grade": "A", ...}]}
//! ```
//!
//! Load it with
//! `nx.node_link_graph(json.load(open("chain.json")), edges="edges")`; with
//! [`ExportOptions::links_key`] the edges are under `"links"`, for NetworkX before 3.6
//! (`nx.node_link_graph(data)` there).
//!
//! Absent attributes are left out rather than written as `null`; lists are JSON arrays;
//! `extra` is the user's JSON, verbatim.

use std::io::Write;

use super::records::records_of;
use super::{ExportOptions, Exportable, JsonObject, Model};
use crate::analysis::GapReport;
use crate::error::Result;

/// Writes the node-link JSON of `graph`, indented, ending with a newline.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when writing fails.
///
/// # Complexity
/// O((V + E) log (V + E)) time (sorting) and O(V + E) space.
///
/// ```
/// use vrfb_chain::export::{node_link, ExportOptions};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let mut out = Vec::new();
/// node_link::write(&graph, &ExportOptions::default(), &mut out).unwrap();
/// let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(json["directed"], true);
/// assert_eq!(json["multigraph"], true);
/// let leader = json["nodes"].as_array().unwrap().iter().find(|n| n["id"] == "firm:leader").unwrap();
/// assert_eq!(leader["tags"], serde_json::json!(["chain-leader"]));
/// assert_eq!(leader["region"], "zone-a");
/// let edges = json["edges"].as_array().unwrap();
/// let owns = edges.iter().find(|e| e["kind"] == "owns").unwrap();
/// assert_eq!((owns["source"].as_str(), owns["target"].as_str()), (Some("firm:leader"), Some("firm:stackco")));
/// assert_eq!(owns["share"], 0.51);
/// ```
pub fn write<D: Exportable + ?Sized, W: Write>(
    data: &D,
    options: &ExportOptions,
    writer: W,
) -> Result<()> {
    write_with_report(data, options, None, writer)
}

/// [`write()`], and with a gap report each product's `gap_status` in the report's region and
/// the graph's `scope` (see [the module docs](super#the-graph-of-the-graph-formats)).
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when writing fails.
///
/// ```
/// use vrfb_chain::analysis::{gaps, Options};
/// use vrfb_chain::export::{node_link, ExportOptions};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
/// let mut out = Vec::new();
/// node_link::write_with_report(&graph, &ExportOptions::default(), Some(&report), &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains("gap_status") && text.contains("zone-a"));
/// ```
pub fn write_with_report<D: Exportable + ?Sized, W: Write>(
    data: &D,
    options: &ExportOptions,
    report: Option<&GapReport<D::Id<'_>>>,
    writer: W,
) -> Result<()> {
    let model = Model::new(records_of(data)?, options, report);
    let doc = Document {
        model: &model,
        edges_key: if options.links_key { "links" } else { "edges" },
    };
    crate::write::pretty(writer, &doc)
}

struct Document<'a, 'm> {
    model: &'a Model<'m>,
    edges_key: &'static str,
}

/// The nodes, each made as it is written.
struct Nodes<'a, 'm>(&'a Model<'m>);

impl serde::Serialize for Nodes<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        self.0.for_each_node(None, |n| {
            let lead = [("id", n.id())];
            seq.serialize_element(&JsonObject {
                lead: &lead,
                attrs: &n.attrs,
            })
        })?;
        seq.end()
    }
}

/// The edges, each made as it is written.
struct Edges<'a, 'm>(&'a Model<'m>);

impl serde::Serialize for Edges<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        self.0.for_each_edge_of_all(|e| {
            let lead = [
                ("source", e.source()),
                ("target", e.target()),
                ("key", e.key),
            ];
            seq.serialize_element(&JsonObject {
                lead: &lead,
                attrs: &e.attrs,
            })
        })?;
        seq.end()
    }
}

impl serde::Serialize for Document<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("directed", &true)?;
        map.serialize_entry("multigraph", &true)?;
        let graph = self.model.graph_attrs();
        map.serialize_entry(
            "graph",
            &JsonObject {
                lead: &[],
                attrs: &graph,
            },
        )?;
        map.serialize_entry("nodes", &Nodes(self.model))?;
        map.serialize_entry(self.edges_key, &Edges(self.model))?;
        map.end()
    }
}
