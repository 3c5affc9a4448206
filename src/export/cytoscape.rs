//! Cytoscape.js elements JSON (`.cyjs`), which Cytoscape.js, Cytoscape desktop
//! (File > Import > Network from File) and NetworkX's `cytoscape_graph` read, with the
//! nodes, edges and attributes described in [the module docs](super#the-graph-of-the-graph-formats).
//!
//! ```json
//! {"directed": true, "multigraph": true,
//!  "data": {"chain": "vrfb", ...},
//!  "elements": {
//!    "nodes": [{"data": {"id": "firm:weilide", "value": "firm:weilide", "name": "...", "kind": "firm", ...}}],
//!    "edges": [{"data": {"id": "makes:0", "source": "firm:weilide", "target": "product:stack",
//!                        "key": "makes:0", "kind": "makes", ...}}]}}
//! ```
//!
//! Each node's `data` has `id`, `value` (the same id: the node NetworkX creates) and `name`
//! (the `label`: what Cytoscape shows), then the node attributes. Each edge's `data` has
//! `id` and `key` (both the edge key, unique in the export), `source` and `target`, then
//! the edge attributes: `"multigraph": true` makes NetworkX keep parallel edges apart by
//! `key`. Load it with `nx.cytoscape_graph(json.load(open("chain.cyjs")))`.

use std::io::Write;

use super::{ExportOptions, JsonObject, Model, Value};
use crate::error::Result;
use crate::graph::KnowledgeGraph;

/// Writes the Cytoscape.js elements JSON of `graph`, indented, ending with a newline.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when writing fails.
///
/// # Complexity
/// O((V + E) log (V + E)) time (sorting) and O(V + E) space.
///
/// ```
/// use vrfb_chain::export::{cytoscape, ExportOptions};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let mut out = Vec::new();
/// cytoscape::write(&graph, &ExportOptions::default(), &mut out).unwrap();
/// let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(json["multigraph"], true);
/// let nodes = json["elements"]["nodes"].as_array().unwrap();
/// let stack = nodes.iter().find(|n| n["data"]["id"] == "product:stack").unwrap();
/// assert_eq!(stack["data"]["value"], "product:stack");
/// assert_eq!(stack["data"]["name"], "电堆 (Stack)");
/// assert_eq!(stack["data"]["segment"], "stack");
/// ```
pub fn write<W: Write>(graph: &KnowledgeGraph, options: &ExportOptions, writer: W) -> Result<()> {
    let model = Model::new(graph, options);
    crate::dataset::write_pretty(writer, &Document { model: &model })
}

struct Document<'a> {
    model: &'a Model,
}

/// `{"data": {...}}`
struct Element<'a> {
    data: JsonObject<'a>,
}

impl serde::Serialize for Element<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("data", &self.data)?;
        map.end()
    }
}

fn label(attrs: &super::Attrs) -> &str {
    attrs
        .iter()
        .find_map(|(name, value)| match (name, value) {
            (&"label", Value::Str(v)) => Some(v.as_str()),
            _ => None,
        })
        .unwrap_or("")
}

impl serde::Serialize for Document<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let nodes: Vec<Element<'_>> = self
            .model
            .nodes
            .iter()
            .map(|n| Element {
                data: JsonObject {
                    lead: vec![
                        ("id", n.id.as_str()),
                        ("value", n.id.as_str()),
                        ("name", label(&n.attrs)),
                    ],
                    attrs: &n.attrs,
                },
            })
            .collect();
        let edges: Vec<Element<'_>> = self
            .model
            .edges
            .iter()
            .map(|e| Element {
                data: JsonObject {
                    lead: vec![
                        ("id", e.key.as_str()),
                        ("source", e.source.as_str()),
                        ("target", e.target.as_str()),
                        ("key", e.key.as_str()),
                    ],
                    attrs: &e.attrs,
                },
            })
            .collect();
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("directed", &true)?;
        map.serialize_entry("multigraph", &true)?;
        map.serialize_entry(
            "data",
            &JsonObject {
                lead: Vec::new(),
                attrs: &self.model.graph_attrs,
            },
        )?;
        map.serialize_entry("elements", &Elements { nodes, edges })?;
        map.end()
    }
}

struct Elements<'a> {
    nodes: Vec<Element<'a>>,
    edges: Vec<Element<'a>>,
}

impl serde::Serialize for Elements<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("nodes", &self.nodes)?;
        map.serialize_entry("edges", &self.edges)?;
        map.end()
    }
}
