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

use super::records::records_of;
use super::{ExportOptions, Exportable, JsonObject, Model, Text, Value};
use crate::analysis::GapReport;
use crate::error::Result;

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
/// use vrfb_chain::export::{cytoscape, ExportOptions};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
/// let mut out = Vec::new();
/// cytoscape::write_with_report(&graph, &ExportOptions::default(), Some(&report), &mut out).unwrap();
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
    crate::write::pretty(writer, &Document { model: &model })
}

struct Document<'a, 'm> {
    model: &'a Model<'m>,
}

/// `{"data": {...}}`
struct Element<'a, 'r> {
    data: JsonObject<'a, 'r>,
}

impl serde::Serialize for Element<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("data", &self.data)?;
        map.end()
    }
}

fn label<'a>(attrs: &'a super::Attrs<'_>) -> &'a str {
    attrs
        .iter()
        .find_map(|(name, value)| match (name, value) {
            (&"label", Value::Str(v)) => Some(&**v),
            _ => None,
        })
        .unwrap_or("")
}

impl serde::Serialize for Document<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("directed", &true)?;
        map.serialize_entry("multigraph", &true)?;
        let graph = self.model.graph_attrs();
        map.serialize_entry(
            "data",
            &JsonObject {
                lead: &[],
                attrs: &graph,
            },
        )?;
        map.serialize_entry("elements", &Elements(self.model))?;
        map.end()
    }
}

/// `{"nodes": [...], "edges": [...]}`, each element made as it is written.
struct Elements<'a, 'm>(&'a Model<'m>);

impl serde::Serialize for Elements<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("nodes", &Nodes(self.0))?;
        map.serialize_entry("edges", &Edges(self.0))?;
        map.end()
    }
}

struct Nodes<'a, 'm>(&'a Model<'m>);

impl serde::Serialize for Nodes<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        self.0.for_each_node(None, |n| {
            let lead = [
                ("id", n.id()),
                ("value", n.id()),
                ("name", Text::Str(label(&n.attrs))),
            ];
            seq.serialize_element(&Element {
                data: JsonObject {
                    lead: &lead,
                    attrs: &n.attrs,
                },
            })
        })?;
        seq.end()
    }
}

struct Edges<'a, 'm>(&'a Model<'m>);

impl serde::Serialize for Edges<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        self.0.for_each_edge_of_all(|e| {
            let lead = [
                ("id", e.key),
                ("source", e.source()),
                ("target", e.target()),
                ("key", e.key),
            ];
            seq.serialize_element(&Element {
                data: JsonObject {
                    lead: &lead,
                    attrs: &e.attrs,
                },
            })
        })?;
        seq.end()
    }
}

/// A Cytoscape.js stylesheet for this export, as JSON text (an array of
/// `{"selector", "style"}` objects, ending with a newline): nodes coloured and shaped by
/// `kind`, products filled by their `gap_status` when the export has a report (the DOT
/// map's colours: `missing` red, `single`, `unconfirmed` and `planned` amber, `covered`
/// green), `makes` edges dashed unless `operating`, and every node labelled with its
/// `name`. Load it with `cytoscape({elements, style: await (await fetch("style.json")).json()})`,
/// or in Cytoscape desktop through File > Import > Styles from File (its `.json` style import).
///
/// ```
/// let style: serde_json::Value = serde_json::from_str(&vrfb_chain::export::cytoscape::style()).unwrap();
/// let rules = style.as_array().unwrap();
/// let missing = rules.iter().find(|r| r["selector"] == "node[gap_status = \"missing\"]").unwrap();
/// assert_eq!(missing["style"]["background-color"], "#ffc7ce");
/// assert!(rules.iter().any(|r| r["selector"] == "node[kind = \"firm\"]"));
/// ```
pub fn style() -> String {
    use serde_json::json;
    let mut rules = vec![
        json!({"selector": "node", "style": {
            "label": "data(name)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120,
            "text-valign": "center", "border-width": 1, "background-color": "#eeeeee",
            "border-color": "#999999"}}),
        json!({"selector": "edge", "style": {
            "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 1,
            "line-color": "#999999", "target-arrow-color": "#999999"}}),
    ];
    for (kind, shape, fill, border) in [
        ("segment", "round-rectangle", "#f5f5f5", "#616161"),
        ("product", "round-rectangle", "#ffffff", "#424242"),
        ("region", "hexagon", "#e1f5fe", "#0277bd"),
        ("firm", "ellipse", "#dae8fc", "#6c8ebf"),
        ("organization", "diamond", "#e1d5e7", "#9673a6"),
    ] {
        rules.push(
            json!({"selector": format!("node[kind = \"{kind}\"]"), "style": {
            "shape": shape, "background-color": fill, "border-color": border}}),
        );
    }
    for (status, fill, border) in [
        ("covered", "#c6efce", "#2e7d32"),
        ("single", "#ffeb9c", "#b7791f"),
        ("unconfirmed", "#ffeb9c", "#b7791f"),
        ("planned", "#ffeb9c", "#b7791f"),
        ("missing", "#ffc7ce", "#c62828"),
    ] {
        rules.push(
            json!({"selector": format!("node[gap_status = \"{status}\"]"), "style": {
            "background-color": fill, "border-color": border, "border-width": 2}}),
        );
    }
    for (kind, colour) in [
        ("makes", "#6c8ebf"),
        ("supplies", "#2e7d32"),
        ("input_of", "#616161"),
    ] {
        rules.push(
            json!({"selector": format!("edge[kind = \"{kind}\"]"), "style": {
            "line-color": colour, "target-arrow-color": colour}}),
        );
    }
    rules.push(
        json!({"selector": "edge[kind = \"makes\"][status != \"operating\"]",
        "style": {"line-style": "dashed"}}),
    );
    let mut text = serde_json::to_string_pretty(&rules).unwrap_or_default();
    text.push('\n');
    text
}
