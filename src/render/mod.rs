//! People-facing renderings of analysis results. A renderer presents; it never computes a
//! gap.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::analysis::{GapReport, ProductStatus};
use crate::chain::Name;
use crate::KnowledgeGraph;

#[cfg(feature = "html")]
mod html;
#[cfg(feature = "html")]
pub use html::html;

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn named(name: &Name, id: &str) -> String {
    let display = name.display();
    if display.is_empty() {
        format!("`{id}`")
    } else {
        format!("{} `{id}`", cell(&display))
    }
}

struct Names<'g> {
    graph: &'g KnowledgeGraph,
}

impl Names<'_> {
    fn firm(&self, id: &str) -> String {
        match self.graph.firm(id) {
            Some(f) => named(&f.name, id),
            None => format!("`{id}`"),
        }
    }

    fn firms(&self, ids: &[String], total: usize) -> String {
        if ids.is_empty() {
            return "—".to_string();
        }
        let mut out: Vec<String> = ids.iter().map(|id| self.firm(id)).collect();
        if total > ids.len() {
            out.push(format!("… ({total} in all)"));
        }
        out.join(", ")
    }

    fn product(&self, id: &str) -> String {
        match self.graph.product(id) {
            Some(p) => named(&p.name, id),
            None => format!("`{id}`"),
        }
    }

    fn requirement(&self, alternatives: &[String]) -> String {
        alternatives
            .iter()
            .map(|a| self.product(a))
            .collect::<Vec<_>>()
            .join(" or ")
    }

    fn segment(&self, id: &str) -> String {
        match self.graph.segment(id) {
            Some(s) => named(&s.name, id),
            None => format!("`{id}`"),
        }
    }
}

fn percent(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

/// Writes one kind of gap as a `###` section: a table, or "None." when it is empty.
fn gap_table(
    out: &mut String,
    heading: &str,
    columns: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) {
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    let first = out.len();
    // Writing to a String cannot fail.
    let _ = writeln!(out, "### {heading}\n");
    let _ = writeln!(out, "| {} |", columns.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(columns.len()));
    let header_end = out.len();
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    if out.len() == header_end {
        out.truncate(first);
        let _ = writeln!(out, "### {heading}\n\nNone.");
    }
}

/// Renders a gap report as Markdown for people: the summary, a segment table, the
/// products with their status and local makers, the gaps, the local closure, the
/// candidates with their score parts, and a short "what to do" reading (the blocking
/// products first, then the single points). Firms, products and segments are shown by
/// name (Chinese and English) beside their id.
///
/// ```
/// use vrfb_chain::{analysis, render};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = analysis::gaps(&graph, "zone-a", &analysis::Options::default()).unwrap();
/// let text = render::markdown(&graph, &report);
/// assert!(text.starts_with("# Gap report: 甲高新区 (Zone A) `zone-a`"));
/// assert!(text.contains("| 电堆 (Stack) `stack` |"));
/// assert!(text.contains("## What to do"));
/// ```
pub fn markdown(graph: &KnowledgeGraph, report: &GapReport) -> String {
    let names = Names { graph };
    let mut out = String::new();
    let region_name = graph
        .region(&report.scope.region)
        .map(|r| named(&r.name, &r.id))
        .unwrap_or_else(|| format!("`{}`", report.scope.region));
    let chain_name = named(&graph.chain().name, &report.chain);
    let o = &report.options;
    let s = &report.summary;
    // Writing to a String cannot fail.
    let _ = writeln!(out, "# Gap report: {region_name}\n");
    let _ = writeln!(
        out,
        "Chain {chain_name}; {} firm{} in scope; facts valid at {}; a product is covered \
         with {} strong maker{} (an operating fact graded {} or better); {} candidate{} \
         listed per gap.\n",
        report.scope.firms,
        if report.scope.firms == 1 { "" } else { "s" },
        o.as_of
            .map_or("any date (no as_of)".to_string(), |d| d.to_string()),
        o.min_makers,
        if o.min_makers == 1 { "" } else { "s" },
        o.min_grade.map_or("none", |g| g.as_str()),
        o.top_candidates,
        if o.top_candidates == 1 { "" } else { "s" },
    );

    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(
        out,
        "Of {} products, {} covered, {} single, {} unconfirmed, {} planned, {} missing. \
         Coverage {} (a running local maker), confirmed coverage {} (a strong local \
         maker).\n",
        s.products,
        s.covered,
        s.single,
        s.unconfirmed,
        s.planned,
        s.missing,
        percent(s.coverage),
        percent(s.confirmed_coverage)
    );

    let _ = writeln!(out, "## Segments\n");
    let _ = writeln!(
        out,
        "| Segment | Products | Covered | Single | Unconfirmed | Planned | Missing | Coverage | Confirmed |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for seg in &report.segments {
        let c = &seg.counts;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            names.segment(&seg.segment),
            c.products,
            c.covered,
            c.single,
            c.unconfirmed,
            c.planned,
            c.missing,
            percent(c.coverage),
            percent(c.confirmed_coverage)
        );
    }

    let _ = writeln!(out, "\n## Products\n");
    let _ = writeln!(out, "| Product | Segment | Status | Local makers |");
    let _ = writeln!(out, "|---|---|---|---|");
    for p in &report.products {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} |",
            names.product(&p.product),
            p.segment,
            p.status,
            names.firms(&p.local_makers, p.local_makers.len())
        );
    }

    let _ = writeln!(out, "\n## Gaps\n");
    gap_table(
        &mut out,
        "Upstream: requirements a local firm neither makes nor buys",
        &["Firm", "Product", "Needs", "Local firms that make it"],
        report.upstream_gaps.iter().map(|g| {
            vec![
                names.firm(&g.firm),
                names.product(&g.product),
                names.requirement(&g.requirement),
                names.firms(&g.local_suppliers, g.local_supplier_count),
            ]
        }),
    );
    gap_table(
        &mut out,
        "Downstream: products a local firm neither uses nor sells",
        &["Firm", "Product", "Local firms that could buy it"],
        report.downstream_gaps.iter().map(|g| {
            vec![
                names.firm(&g.firm),
                names.product(&g.product),
                names.firms(&g.local_customers, g.local_customer_count),
            ]
        }),
    );
    gap_table(
        &mut out,
        "Single sources",
        &["Firm", "Product", "Needs", "Only supplier"],
        report.single_source.iter().map(|g| {
            vec![
                names.firm(&g.firm),
                names.product(&g.product),
                names.requirement(&g.requirement),
                names.firm(&g.supplier),
            ]
        }),
    );
    gap_table(
        &mut out,
        "External dependencies: no supplier inside the region",
        &["Firm", "Product", "Needs", "Suppliers outside"],
        report.external_dependencies.iter().map(|g| {
            vec![
                names.firm(&g.firm),
                names.product(&g.product),
                names.requirement(&g.requirement),
                names.firms(&g.suppliers, g.suppliers.len()),
            ]
        }),
    );

    let _ = writeln!(out, "\n## Local closure\n");
    let producible: Vec<String> = report
        .closure
        .producible
        .iter()
        .map(|p| names.product(p))
        .collect();
    let _ = writeln!(
        out,
        "Locally producible: {}.\n",
        if producible.is_empty() {
            "none".to_string()
        } else {
            producible.join(", ")
        }
    );
    for b in &report.closure.blocked {
        if b.blocking == [b.product.clone()] {
            let _ = writeln!(
                out,
                "- {} is blocked: no local firm runs it",
                names.product(&b.product)
            );
        } else {
            let blocking: Vec<String> = b.blocking.iter().map(|p| names.product(p)).collect();
            let _ = writeln!(
                out,
                "- {} is blocked by {}",
                names.product(&b.product),
                blocking.join(", ")
            );
        }
    }
    if report.closure.blocked.is_empty() {
        let _ = writeln!(out, "No end product is blocked.");
    }

    let _ = writeln!(out, "\n## Candidates\n");
    let _ = writeln!(
        out,
        "Outside firms with an operating fact for the product; score = 3 × links + 2 × \
         proximity + evidence.\n"
    );
    let _ = writeln!(
        out,
        "| Product | Status | Candidate | Score | Links | Proximity | Evidence |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|---:|");
    let status: BTreeMap<&str, ProductStatus> = report
        .products
        .iter()
        .map(|p| (p.product.as_str(), p.status))
        .collect();
    for c in &report.candidates {
        let st = status.get(c.product.as_str()).map_or("", |s| s.as_str());
        if c.firms.is_empty() {
            let _ = writeln!(
                out,
                "| {} | {st} | none found | | | | |",
                names.product(&c.product)
            );
        }
        for f in &c.firms {
            let _ = writeln!(
                out,
                "| {} | {st} | {} | {} | {} | {} | {} |",
                names.product(&c.product),
                names.firm(&f.firm),
                f.score,
                f.links,
                f.proximity,
                f.evidence
            );
        }
    }

    let _ = writeln!(out, "\n## What to do\n");
    let mut steps = 0;
    // Each blocking product once, in template order, with the end products it blocks.
    let position: HashMap<&str, usize> = report
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| (p.product.as_str(), i))
        .collect();
    let mut blocks: BTreeMap<usize, (&str, Vec<&str>)> = BTreeMap::new();
    for b in &report.closure.blocked {
        for p in &b.blocking {
            let entry = blocks
                .entry(position.get(p.as_str()).copied().unwrap_or(usize::MAX))
                .or_insert((p.as_str(), Vec::new()));
            if *p != b.product {
                entry.1.push(b.product.as_str());
            }
        }
    }
    let candidates: HashMap<&str, &[crate::analysis::Candidate]> = report
        .candidates
        .iter()
        .map(|c| (c.product.as_str(), c.firms.as_slice()))
        .collect();
    let candidates_of = |product: &str| -> String {
        let firms: Vec<String> = candidates
            .get(product)
            .map(|firms| firms.iter().take(3).map(|f| names.firm(&f.firm)).collect())
            .unwrap_or_default();
        if firms.is_empty() {
            "no outside maker in the data".to_string()
        } else {
            format!("approach {}", firms.join(", "))
        }
    };
    let last_segment = graph.chain().segments.last().map(|s| s.id.as_str());
    for (p, blocked) in blocks.values() {
        steps += 1;
        let is_end = graph
            .product(p)
            .is_some_and(|prod| Some(prod.segment.as_str()) == last_segment);
        let what = match (blocked.is_empty(), is_end) {
            (true, _) => "an end product of the chain".to_string(),
            (false, end) => {
                let list: Vec<String> = blocked.iter().map(|b| names.product(b)).collect();
                format!(
                    "{}it blocks {}",
                    if end { "an end product itself; " } else { "" },
                    list.join(", ")
                )
            }
        };
        let _ = writeln!(
            out,
            "{steps}. 补链 (fill the chain): no local firm runs {}, {what}; {}.",
            names.product(p),
            candidates_of(p)
        );
    }
    for p in report
        .products
        .iter()
        .filter(|p| p.status == ProductStatus::Single)
    {
        steps += 1;
        let _ = writeln!(
            out,
            "{steps}. 强链 (strengthen): {} has fewer than {} strong local maker{} (local makers: {}); {}.",
            names.product(&p.product),
            report.options.min_makers,
            if report.options.min_makers == 1 { "" } else { "s" },
            names.firms(&p.local_makers, p.local_makers.len()),
            candidates_of(&p.product)
        );
    }
    for g in &report.single_source {
        steps += 1;
        let _ = writeln!(
            out,
            "{steps}. Single point: {} gets {} from {} alone.",
            names.firm(&g.firm),
            names.requirement(&g.requirement),
            names.firm(&g.supplier)
        );
    }
    if steps == 0 {
        let _ = writeln!(
            out,
            "Nothing blocks the chain and no product rests on a single maker."
        );
    }
    out
}
