//! A report diff as Markdown: what changed between two reports of one region.
//!
//! A diff holds ids only. [`diff_markdown`] shows them as they are; [`diff_markdown_named`]
//! shows each with the name the data gives it (`乐山高新区 (Leshan High-tech Zone)
//! `cn-sc-leshan-hitech``), from the graphs the reports were made from or from the
//! template alone, which names the products.

use std::fmt::Write as _;

use super::{named, push_percent, SEP};
use crate::analysis::{DownstreamKey, GapKey, ReportDiff};
use crate::chain::Chain;
use crate::name::Name;
use crate::KnowledgeGraph;

/// Where the names of a diff's ids are found: the template (products) and the graphs the
/// two reports were made from (firms and regions; the first graph that has an id names
/// it). [`DiffNames::default`] knows none.
///
/// ```
/// use vrfb_chain::render::DiffNames;
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let graphs = [&graph];
/// let names = DiffNames::of_graphs(&graphs);
/// assert_eq!(names.region("zone-a"), "甲高新区 (Zone A) `zone-a`");
/// assert_eq!(names.firm("nobody"), "`nobody`");
/// ```
#[derive(Clone, Copy, Default)]
pub struct DiffNames<'a> {
    chain: Option<&'a Chain>,
    graphs: &'a [&'a KnowledgeGraph],
}

impl<'a> DiffNames<'a> {
    /// The names of a template's products.
    pub fn of_chain(chain: &'a Chain) -> DiffNames<'a> {
        DiffNames {
            chain: Some(chain),
            graphs: &[],
        }
    }

    /// The names in these graphs (before, after), their template's products among them.
    pub fn of_graphs(graphs: &'a [&'a KnowledgeGraph]) -> DiffNames<'a> {
        DiffNames {
            chain: graphs.first().map(|g| g.chain()),
            graphs,
        }
    }

    fn show(name: Option<&Name>, id: &str) -> String {
        match name {
            Some(name) if !name.display().is_empty() => named(name, id),
            _ => format!("`{id}`"),
        }
    }

    /// A product: `` name `id` ``, or `` `id` `` when the template does not name it.
    pub fn product(&self, id: &str) -> String {
        let name = self.chain.and_then(|c| c.product(id)).map(|p| &p.name);
        Self::show(name, id)
    }

    /// A firm, as [`product`](Self::product).
    pub fn firm(&self, id: &str) -> String {
        let name = self.graphs.iter().find_map(|g| g.firm(id)).map(|f| &f.name);
        Self::show(name, id)
    }

    /// A region, as [`product`](Self::product).
    pub fn region(&self, id: &str) -> String {
        let name = self
            .graphs
            .iter()
            .find_map(|g| g.region(id))
            .map(|r| &r.name);
        Self::show(name, id)
    }
}

/// Renders a report diff as Markdown: the summary before and after, the products whose
/// status changed, each gap list's opened and closed entries, the producible products
/// gained and lost, and the critical firms added and removed. Ids only: a diff holds no
/// names ([`diff_markdown_named`] adds them).
///
/// ```
/// use vrfb_chain::{analysis, render};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = analysis::gaps(&graph, "zone-a", &analysis::Options::default()).unwrap();
/// let text = render::diff_markdown(&analysis::diff(&report, &report).unwrap());
/// assert!(text.starts_with("# What changed: `zone-a`"));
/// assert!(text.contains("No product changed status."));
/// ```
pub fn diff_markdown(d: &ReportDiff) -> String {
    diff_markdown_named(d, &DiffNames::default())
}

/// [`diff_markdown`], each id shown with its name where `names` knows it.
///
/// ```
/// use vrfb_chain::{analysis, render, render::DiffNames};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let options = analysis::Options::default();
/// let report = analysis::gaps(&graph, "zone-a", &options).unwrap();
/// let d = analysis::diff(&report, &report).unwrap();
/// let text = render::diff_markdown_named(&d, &DiffNames::of_graphs(&[&graph]));
/// assert!(text.starts_with("# What changed: 甲高新区 (Zone A) `zone-a`"));
/// ```
pub fn diff_markdown_named(d: &ReportDiff, names: &DiffNames<'_>) -> String {
    let mut out = String::new();
    diff_summary(&mut out, d, names);
    diff_products(&mut out, d, names);
    diff_gaps(&mut out, d, names);
    out
}

/// The diff's title, dates and the table of the summary's counts before and after.
fn diff_summary(out: &mut String, d: &ReportDiff, names: &DiffNames<'_>) {
    let date = |a: Option<crate::Date>| a.map_or("any date".to_string(), |d| d.to_string());
    let _ = writeln!(
        out,
        "# What changed: {} (chain `{}`)\n",
        names.region(&d.region),
        d.chain
    );
    let _ = writeln!(
        out,
        "Before: {}, {}. After: {}, {}.\n",
        date(d.before.as_of),
        super::plural(d.before.firms, "firm", "firms"),
        date(d.after.as_of),
        super::plural(d.after.firms, "firm", "firms")
    );
    let s = &d.summary;
    let _ = writeln!(out, "| | Before | After |\n|---|---:|---:|");
    for (name, [b, a]) in [
        ("Covered", s.covered),
        ("Single", s.single),
        ("Unconfirmed", s.unconfirmed),
        ("Planned", s.planned),
        ("Missing", s.missing),
    ] {
        let _ = writeln!(out, "| {name} | {b} | {a} |");
    }
    for (name, [b, a]) in [
        ("Coverage", s.coverage),
        ("Confirmed coverage", s.confirmed_coverage),
    ] {
        let _ = write!(out, "| {name} | ");
        push_percent(out, b);
        out.push_str(SEP);
        push_percent(out, a);
        out.push_str(" |\n");
    }
}

/// The products whose status changed.
fn diff_products(out: &mut String, d: &ReportDiff, names: &DiffNames<'_>) {
    let _ = writeln!(out, "\n## Products\n");
    if d.products.is_empty() {
        let _ = writeln!(out, "No product changed status.");
    }
    for p in &d.products {
        let product = names.product(&p.product);
        let _ = writeln!(out, "- {product}: {} → {}", p.before, p.after);
    }
}

/// The gaps, producible products and critical firms opened and closed.
fn diff_gaps(out: &mut String, d: &ReportDiff, names: &DiffNames<'_>) {
    let key = |k: &GapKey| {
        let needs: Vec<String> = k.requirement.iter().map(|r| names.product(r)).collect();
        let (firm, product) = (names.firm(&k.firm), names.product(&k.product));
        format!("{firm}: {product} needs {}", needs.join(" or "))
    };
    let (up, single, external) = (&d.upstream_gaps, &d.single_source, &d.external_dependencies);
    diff_list(out, "Upstream gaps", &up.opened, &up.closed, key);
    let down =
        |k: &DownstreamKey| format!("{}: {}", names.firm(&k.firm), names.product(&k.product));
    let downstream = &d.downstream_gaps;
    diff_list(
        out,
        "Downstream gaps",
        &downstream.opened,
        &downstream.closed,
        down,
    );
    diff_list(out, "Single sources", &single.opened, &single.closed, key);
    diff_list(
        out,
        "External dependencies",
        &external.opened,
        &external.closed,
        key,
    );
    let (producible, critical) = (&d.producible, &d.critical_firms);
    let product = |p: &String| names.product(p);
    diff_list(
        out,
        "Locally producible",
        &producible.gained,
        &producible.lost,
        product,
    );
    let firm = |f: &String| names.firm(f);
    diff_list(
        out,
        "Critical firms",
        &critical.added,
        &critical.removed,
        firm,
    );
}

/// One `##` section of a diff: what was added (opened, gained) and what went.
fn diff_list<T>(
    out: &mut String,
    heading: &str,
    added: &[T],
    gone: &[T],
    show: impl Fn(&T) -> String,
) {
    let _ = writeln!(out, "\n## {heading}\n");
    if added.is_empty() && gone.is_empty() {
        let _ = writeln!(out, "No change.");
    }
    for k in added {
        let _ = writeln!(out, "- \\+ {}", show(k));
    }
    for k in gone {
        let _ = writeln!(out, "- − {}", show(k));
    }
}
