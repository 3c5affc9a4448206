//! A Graphviz chain map (`dot -Tsvg chain.dot > chain.svg`).
//!
//! - The segments are clusters, upstream to downstream from left to right
//!   (`rankdir=LR`); the products sit in their segment's cluster, in template order.
//! - Input edges go from each input to the product that needs it: solid for a requirement
//!   with one product, dashed for the alternatives of a requirement (any one will do).
//! - With a [`GapReport`], the map is the report's region: each product is filled by its
//!   status (missing red; single, unconfirmed or planned amber; covered green, with the
//!   status written under its name), the region's firms (each product's `local_makers`)
//!   are on a card beside the product they make (their names, or beyond three their count
//!   and the first names, so that a national map stays readable), and a legend explains
//!   the colours.
//! - Each segment is one rank, so that the segments stay columns from left to right at any
//!   scope, whatever the firms; inputs inside a segment are drawn within its column.
//!
//! The writer draws what it is given: it computes no gap itself (run
//! [`analysis::gaps`](crate::analysis::gaps) first). Labels are quoted and escaped, so any
//! name, Chinese included, is safe; a Chinese font (Noto Sans CJK, WenQuanYi) on the
//! machine that renders the map gives the best widths.

use std::collections::BTreeMap;
use std::io::Write;

use super::records::{records_of, Records};
use super::{io_result, ExportOptions, Exportable};
use crate::analysis::{GapReport, ProductEntry, ProductStatus};
use crate::chain::{Chain, Segment};
use crate::error::Result;
use crate::hash::FxHashMap;
use crate::name::Name;

/// Fill and border colours of a product status.
fn status_colours(status: ProductStatus) -> (&'static str, &'static str) {
    match status {
        ProductStatus::Covered => ("#c6efce", "#2e7d32"),
        ProductStatus::Single | ProductStatus::Unconfirmed | ProductStatus::Planned => {
            ("#ffeb9c", "#b7791f")
        }
        ProductStatus::Missing => ("#ffc7ce", "#c62828"),
    }
}

const FIRM_FILL: &str = "#dae8fc";
const FIRM_BORDER: &str = "#6c8ebf";

/// Writes the chain map of `data`, a graph or a registry read with its records, in the
/// DOT language, ending with a newline.
///
/// `report`, when given, colours the products by their status in the report's region and
/// attaches the region's firms; it should come from the same data (products and firms it
/// names that the data lacks are drawn by id). `options` is not used: the map shows the
/// template, and the report carries its own date.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when writing fails;
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a registry read without
/// its records (the cards need the firms' names).
///
/// # Complexity
/// O(P + I + M + R + F) time and O(P + I + M) space for P products, I input alternatives,
/// M local makers listed in the report, R regions and F firms (scanned once for the names
/// on the cards).
///
/// ```
/// use vrfb_chain::analysis::{gaps, Options};
/// use vrfb_chain::export::{dot, ExportOptions};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = gaps(&graph, "city-a", &Options::default()).unwrap();
/// let mut out = Vec::new();
/// dot::write(&graph, Some(&report), &ExportOptions::default(), &mut out).unwrap();
/// let map = String::from_utf8(out).unwrap();
/// assert!(map.starts_with("digraph "));
/// assert!(map.contains(r#"subgraph "cluster_segment:stack""#));
/// // stackco, in city-a, is the one local maker of stacks: amber, and attached.
/// assert!(map.contains(r##""product:stack" [label="电堆\nStack\n(single)", fillcolor="#ffeb9c""##));
/// assert!(map.contains(r#""product:stack" -> "firms:stack""#));
/// // Each segment is one column: its products share a rank.
/// assert!(map.contains(r#"{ rank=same; "product:stack"; "firms:stack"; }"#));
/// // The two alternatives of v2o5's requirement are dashed.
/// assert!(map.contains(r#""product:stone-coal" -> "product:v2o5" [style=dashed]"#));
/// ```
pub fn write<D: Exportable + ?Sized, W: Write>(
    data: &D,
    report: Option<&GapReport<D::Id<'_>>>,
    options: &ExportOptions,
    writer: W,
) -> Result<()> {
    let _ = options;
    let records = records_of(data)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 18, writer);
    io_result(write_map(&records, report, &mut out))?;
    io_result(out.flush())
}

/// The digraph: header, one cluster per segment, the input edges, and with a report the
/// firm cards and the legend.
fn write_map<S: AsRef<str>, W: Write>(
    records: &Records<'_>,
    report: Option<&GapReport<S>>,
    out: &mut W,
) -> std::io::Result<()> {
    let chain = records.chain();
    let entries: BTreeMap<&str, &ProductEntry<S>> = report
        .map(|r| r.products.iter().map(|p| (p.product.as_ref(), p)).collect())
        .unwrap_or_default();
    write_header(out, &chain.id, &map_title(records, report))?;
    for segment in &chain.segments {
        write_segment(out, chain, segment, &entries)?;
    }
    write_inputs(out, chain)?;
    if let Some(r) = report {
        write_firm_cards(records, r, out)?;
        write_legend(out)?;
    }
    writeln!(out, "}}")
}

/// The map's title: the chain, and with a report its region and date.
fn map_title<S: AsRef<str>>(records: &Records<'_>, report: Option<&GapReport<S>>) -> String {
    let chain = records.chain();
    let mut title = chain_title(&chain.name, &chain.id);
    if let Some(r) = report {
        let id = r.scope.region.as_ref();
        let region = (0..records.region_count())
            .find(|&i| records.region_id(i) == id)
            .map(|i| one_line(&records.region(i).name))
            .unwrap_or_else(|| id.to_string());
        title.push_str(&format!(" — {region}"));
        if let Some(date) = r.options.as_of {
            title.push_str(&format!(", {date}"));
        }
    }
    title
}

/// The opening of the digraph: its graph, node and edge defaults.
fn write_header<W: Write>(out: &mut W, chain_id: &str, title: &str) -> std::io::Result<()> {
    writeln!(out, "digraph {} {{", quote(chain_id))?;
    writeln!(
        out,
        "  graph [rankdir=LR, newrank=true, compound=true, nodesep=0.2, ranksep=0.5, \
         fontname=\"sans-serif\", fontsize=16, labelloc=t, label={}];",
        quote(title)
    )?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#666666\", \
         fontname=\"sans-serif\", fontsize=11];"
    )?;
    writeln!(
        out,
        "  edge [color=\"#666666\", arrowsize=0.7, fontname=\"sans-serif\"];"
    )
}

/// One segment's cluster: its products, filled by their status, all on one rank with the
/// cards of their local firms.
fn write_segment<S, W: Write>(
    out: &mut W,
    chain: &Chain,
    segment: &Segment,
    entries: &BTreeMap<&str, &ProductEntry<S>>,
) -> std::io::Result<()> {
    writeln!(
        out,
        "  subgraph {} {{",
        quote(&format!("cluster_segment:{}", segment.id))
    )?;
    writeln!(
        out,
        "    label={}; style=\"rounded,filled\"; fillcolor=\"#f4f6f8\"; color=\"#b0b8c0\"; fontsize=13;",
        quote(&lines(&segment.name, &segment.id))
    )?;
    let products = || chain.products.iter().filter(|p| p.segment == segment.id);
    for product in products() {
        let mut label = lines(&product.name, &product.id);
        let mut attrs = String::new();
        if let Some(entry) = entries.get(product.id.as_str()) {
            let (fill, border) = status_colours(entry.status);
            label.push_str(&format!("\n({})", entry.status));
            attrs = format!(", fillcolor=\"{fill}\", color=\"{border}\", penwidth=1.5");
        }
        writeln!(
            out,
            "    {} [label={}{attrs}];",
            quote(&format!("product:{}", product.id)),
            quote(&label)
        )?;
    }
    // One rank per segment: the segments are columns, upstream to downstream, at every
    // scope, and the cards of the local firms sit in their product's column, so that
    // firms never pull a segment out of its place.
    let mut column: Vec<String> = Vec::new();
    for product in products() {
        column.push(quote(&format!("product:{}", product.id)));
        if entries
            .get(product.id.as_str())
            .is_some_and(|e| !e.local_makers.is_empty())
        {
            column.push(quote(&format!("firms:{}", product.id)));
        }
    }
    if !column.is_empty() {
        writeln!(out, "    {{ rank=same; {}; }}", column.join("; "))?;
    }
    writeln!(out, "  }}")
}

/// The input edges, input → product: dashed for the alternatives of a requirement.
fn write_inputs<W: Write>(out: &mut W, chain: &Chain) -> std::io::Result<()> {
    for product in &chain.products {
        for req in &product.inputs {
            let style = if req.alternatives().len() > 1 {
                " [style=dashed]"
            } else {
                ""
            };
            for alt in req.alternatives() {
                writeln!(
                    out,
                    "  {} -> {}{style};",
                    quote(&format!("product:{alt}")),
                    quote(&format!("product:{}", product.id))
                )?;
            }
        }
    }
    Ok(())
}

/// Firms named on a card; beyond that the card gives the count and the first names.
const CARD_FIRMS: usize = 3;

/// The firms a card names: all of them, or beyond [`CARD_FIRMS`] the first ones.
fn card_firms<S>(entry: &ProductEntry<S>) -> &[S] {
    let n = entry.local_makers.len();
    let shown = if n > CARD_FIRMS { CARD_FIRMS - 1 } else { n };
    &entry.local_makers[..shown]
}

/// The short names of the firms the cards name, by id, from one pass over the firms.
fn card_names<'r, S: AsRef<str>>(
    records: &Records<'_>,
    report: &'r GapReport<S>,
) -> FxHashMap<&'r str, String> {
    let mut names: FxHashMap<&'r str, String> = report
        .products
        .iter()
        .flat_map(|entry| {
            card_firms(entry)
                .iter()
                .map(|id| (id.as_ref(), String::new()))
        })
        .collect();
    if names.is_empty() {
        return names;
    }
    for i in 0..records.firm_count() {
        if let Some(name) = names.get_mut(records.firm_id(i)) {
            let firm = records.firm_without_makes(i);
            *name = short_name(&firm.name, &firm.id);
        }
    }
    names
}

/// One card per product with local firms, under it: the firms' names, or at large scopes
/// their count with the first names, so that the map stays readable at any size.
fn write_firm_cards<S: AsRef<str>, W: Write>(
    records: &Records<'_>,
    report: &GapReport<S>,
    out: &mut W,
) -> std::io::Result<()> {
    let names = card_names(records, report);
    for entry in &report.products {
        let n = entry.local_makers.len();
        if n == 0 {
            continue;
        }
        let name = |id: &S| {
            let id = id.as_ref();
            names
                .get(id)
                .filter(|name| !name.is_empty())
                .map_or(id, String::as_str)
                .to_string()
        };
        let mut label = String::new();
        if n > CARD_FIRMS {
            label.push_str(&format!("{n} 家企业 / {n} firms\n"));
        }
        for id in card_firms(entry) {
            label.push_str(&format!("{}\n", name(id)));
        }
        if n > CARD_FIRMS {
            label.push_str("…\n");
        }
        let product = entry.product.as_ref();
        writeln!(
            out,
            "  {} [label={}, shape=note, style=filled, fillcolor=\"{FIRM_FILL}\", color=\"{FIRM_BORDER}\", fontsize=9];",
            quote(&format!("firms:{product}")),
            quote(label.trim_end())
        )?;
        writeln!(
            out,
            "  {} -> {} [color=\"{FIRM_BORDER}\", style=dotted, arrowhead=none];",
            quote(&format!("product:{product}")),
            quote(&format!("firms:{product}"))
        )?;
    }
    Ok(())
}

/// A firm's name on one short line: Chinese, else English, else the id.
fn short_name(name: &Name, id: &str) -> String {
    name.zh
        .as_deref()
        .or(name.en.as_deref())
        .filter(|s| !s.is_empty())
        .unwrap_or(id)
        .to_string()
}

/// The legend: the status colours, the firm cards and the input edges.
fn write_legend<W: Write>(out: &mut W) -> std::io::Result<()> {
    // One node with an HTML-like table: compact, and its rows keep their order.
    let mut rows = String::new();
    for (label, status) in [
        (
            "covered: enough strong local makers",
            ProductStatus::Covered,
        ),
        ("single, unconfirmed or planned", ProductStatus::Single),
        ("missing: no local maker", ProductStatus::Missing),
    ] {
        let (fill, border) = status_colours(status);
        rows.push_str(&format!(
            "<tr><td bgcolor=\"{fill}\" color=\"{border}\" style=\"rounded\">{label}</td></tr>"
        ));
    }
    rows.push_str(&format!(
        "<tr><td bgcolor=\"{FIRM_FILL}\" color=\"{FIRM_BORDER}\" style=\"rounded\">firms in the region that make it</td></tr>"
    ));
    rows.push_str("<tr><td border=\"0\">input → product (dashed: alternatives)</td></tr>");
    writeln!(
        out,
        "  \"legend\" [shape=plaintext, style=\"\", fontsize=10, label=<<table border=\"0\" \
         cellborder=\"1\" cellspacing=\"3\" cellpadding=\"4\"><tr><td border=\"0\">图例 Legend</td></tr>{rows}</table>>];"
    )
}

/// A name on two lines, Chinese then English; the id when it has none.
fn lines(name: &Name, id: &str) -> String {
    let parts: Vec<&str> = [name.zh.as_deref(), name.en.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        id.to_string()
    } else {
        parts.join("\n")
    }
}

/// A name on one line.
fn one_line(name: &Name) -> String {
    name.display()
}

/// The chain's name on one line; its id when it has none.
fn chain_title(name: &Name, id: &str) -> String {
    let title = name.display();
    if title.is_empty() {
        id.to_string()
    } else {
        title
    }
}

/// A DOT double-quoted string: backslashes and quotes escaped, newlines as `\n`, carriage
/// returns and other control characters dropped.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quote("x\ny\r\u{7}"), r#""x\ny""#);
        assert_eq!(quote("乐山高新区"), "\"乐山高新区\"");
    }
}
