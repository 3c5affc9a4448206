//! GraphML, with typed `<key>` declarations, as NetworkX (`read_graphml`), igraph
//! (`Graph.Read_GraphML`), Gephi (File > Open), Cytoscape (File > Import > Network from
//! File) and yEd read it: the nodes, edges and attributes described in
//! [the module docs](super#the-graph-of-the-graph-formats).
//!
//! - One `<graph edgedefault="directed">`; node ids are the export's node ids
//!   (`firm:weilide`); edge ids are the edge keys (`makes:0`), unique in the document, so
//!   NetworkX uses them as the keys of its `MultiDiGraph` and parallel edges are kept.
//! - Every attribute is declared once, for `graph`, `node` or `edge`, with its
//!   `attr.type` (`string`, `int`, `double` or `boolean`); key ids are the attribute name
//!   prefixed by `g_`, `n_` or `e_`. All attributes are declared, used or not.
//! - Lists (`tags`, `sources`) are joined with [`LIST_SEPARATOR`](super::LIST_SEPARATOR)
//!   (`;`); `extra` is written as its JSON text. Absent values are left out.
//! - Text is escaped for XML 1.0; characters XML 1.0 cannot carry at all (control
//!   characters other than tab, newline and carriage return) become U+FFFD.

use std::io::Write;

use super::model::{EDGE_ATTRS, GRAPH_ATTRS, NODE_ATTRS};
use super::records::records_of;
use super::{io_result, Attrs, ExportOptions, Exportable, Model, Text};
use crate::analysis::GapReport;
use crate::error::Result;

const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";
const SCHEMA: &str = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd";

/// Writes the GraphML of `graph`, ending with a newline.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when writing fails.
///
/// # Complexity
/// O((V + E) log (V + E)) time (sorting) and O(V + E) space.
///
/// ```
/// use vrfb_chain::export::{graphml, ExportOptions};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let mut out = Vec::new();
/// graphml::write(&graph, &ExportOptions::default(), &mut out).unwrap();
/// let xml = String::from_utf8(out).unwrap();
/// assert!(xml.contains(r#"<key id="e_share" for="edge" attr.name="share" attr.type="double"/>"#));
/// assert!(xml.contains(r#"<node id="firm:leader">"#));
/// assert!(xml.contains(r#"<data key="n_tags">chain-leader</data>"#));
/// assert_eq!(xml.matches("<node ").count(), 28);
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
/// use vrfb_chain::export::{graphml, ExportOptions};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
/// let mut out = Vec::new();
/// graphml::write_with_report(&graph, &ExportOptions::default(), Some(&report), &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains("gap_status") && text.contains("zone-a"));
/// ```
pub fn write_with_report<D: Exportable + ?Sized, W: Write>(
    data: &D,
    options: &ExportOptions,
    report: Option<&GapReport<D::Id<'_>>>,
    writer: W,
) -> Result<()> {
    let records = records_of(data)?;
    let model = Model::new(records, options, report);
    let mut out = std::io::BufWriter::with_capacity(1 << 18, writer);
    io_result(write_model(&model, &records.chain().id, &mut out))?;
    io_result(out.flush())
}

fn write_model<W: Write>(model: &Model<'_>, graph_id: &str, out: &mut W) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{NAMESPACE} {SCHEMA}">"#
    )?;
    for (prefix, domain, table) in [
        ("g", "graph", GRAPH_ATTRS),
        ("n", "node", NODE_ATTRS),
        ("e", "edge", EDGE_ATTRS),
    ] {
        for (name, ty) in table {
            writeln!(
                out,
                r#"  <key id="{prefix}_{name}" for="{domain}" attr.name="{name}" attr.type="{}"/>"#,
                ty.graphml()
            )?;
        }
    }
    writeln!(
        out,
        r#"  <graph id="{}" edgedefault="directed">"#,
        escape(graph_id)
    )?;
    write_data(out, "g", &model.graph_attrs(), "    ")?;
    model.for_each_node(None, |n| {
        writeln!(out, r#"    <node id="{}">"#, Xml(n.id()))?;
        write_data(out, "n", &n.attrs, "      ")?;
        writeln!(out, "    </node>")
    })?;
    model.for_each_edge_of_all(|e| {
        writeln!(
            out,
            r#"    <edge id="{}" source="{}" target="{}">"#,
            Xml(e.key),
            Xml(e.source()),
            Xml(e.target())
        )?;
        write_data(out, "e", &e.attrs, "      ")?;
        writeln!(out, "    </edge>")
    })?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

fn write_data<W: Write>(
    out: &mut W,
    prefix: &str,
    attrs: &Attrs<'_>,
    indent: &str,
) -> std::io::Result<()> {
    for (name, value) in attrs {
        writeln!(
            out,
            r#"{indent}<data key="{prefix}_{name}">{}</data>"#,
            escape(&value.to_text())
        )?;
    }
    Ok(())
}

/// A node id or an edge key, escaped for XML as it is written.
struct Xml<'a>(Text<'a>);

impl std::fmt::Display for Xml<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Text::Str(s) => f.write_str(&escape(s)),
            // Kinds are plain ASCII words; only the ref can need escaping.
            Text::Node(kind, id) => write!(f, "{}:{}", kind.as_str(), escape(id)),
            key @ Text::Key(..) => write!(f, "{key}"),
        }
    }
}

/// Escapes text for XML 1.0 character data and attribute values alike: markup characters
/// and quotes become entities, tab, newline and carriage return become character
/// references (so that attribute-value normalization keeps them), and characters XML 1.0
/// forbids become U+FFFD.
pub(crate) fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    let plain = |c: char| {
        !matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}') && c >= '\u{20}'
    };
    if text.chars().all(plain) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_quotes_and_forbidden_characters() {
        assert_eq!(
            escape(r#"a<b>&"c"'d'"#),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(escape("x\ny\tz\r"), "x&#10;y&#9;z&#13;");
        assert_eq!(escape("bell\u{7}"), "bell\u{FFFD}");
        assert_eq!(escape("钒电池"), "钒电池");
    }
}
