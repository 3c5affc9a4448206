//! People-facing renderings of analysis results: the Markdown gap report and report diff.
//! A renderer presents what a report holds; it never computes a gap.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::analysis::{Action, GapReport, ReportDiff};
use crate::chain::Chain;
use crate::dataset::PartyIndex;
use crate::name::Name;
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

/// Where the renderers look up the names of what a report's ids name: a
/// [`KnowledgeGraph`] or a [`Registry`](crate::registry::Registry), which both keep them.
/// A source that keeps the names as shown lends them ([`Cow::Borrowed`]) rather than
/// allocating a `String` a lookup: a national report looks up a million firm names.
///
/// ```
/// use vrfb_chain::render::NameSource;
/// use vrfb_chain::{builtin, registry::Registry};
/// let graph = builtin::minimal_graph();
/// let registry = Registry::from_graph(&graph);
/// assert_eq!(graph.firm_name("leader").as_deref(), Some("示例链主 (Example Leader)"));
/// assert_eq!(registry.firm_name("leader"), graph.firm_name("leader"));
/// assert_eq!(registry.firm_name("alliance"), None); // an organization, not a firm
/// assert_eq!(graph.region_name("zone-a").as_deref(), Some("甲高新区 (Zone A)"));
/// assert_eq!(registry.template().id, "vrfb-mini");
/// ```
pub trait NameSource {
    /// The template (products' and segments' names).
    fn template(&self) -> &Chain;
    /// A firm's name for people (`zh (en)`), when the firm is known.
    fn firm_name(&self, id: &str) -> Option<Cow<'_, str>>;
    /// A region's name for people, when the region is known.
    fn region_name(&self, id: &str) -> Option<Cow<'_, str>>;
}

impl NameSource for KnowledgeGraph {
    fn template(&self) -> &Chain {
        self.chain()
    }
    /// Borrowed from the store the graph keeps, which holds each firm's
    /// [`Name::display`](crate::Name::display) in dataset order.
    fn firm_name(&self, id: &str) -> Option<Cow<'_, str>> {
        match self.index.party.get(id)? {
            PartyIndex::Firm(f) => Some(self.store.firm_names.get(*f).into()),
            PartyIndex::Organization(_) => None,
        }
    }
    /// Borrowed from the store, as firms' names are.
    fn region_name(&self, id: &str) -> Option<Cow<'_, str>> {
        let r = self.index.region.get(id)?;
        Some(self.store.region_names.get(*r).into())
    }
}

/// `name `id``, or the id alone when there is no name.
fn named_text(display: Option<Cow<'_, str>>, id: &str) -> String {
    match display.filter(|d| !d.is_empty()) {
        Some(display) => format!("{} `{id}`", cell(&display)),
        None => format!("`{id}`"),
    }
}

/// What a report's ids are: `String` for a report of its own, `&str` for one that borrows
/// its ids from a registry.
pub trait Id: AsRef<str> + std::fmt::Display {}

impl<T: AsRef<str> + std::fmt::Display + ?Sized> Id for T {}

/// The names of a report's ids, from its source and its template.
struct Names<'g, N: ?Sized> {
    source: &'g N,
    products: std::collections::HashMap<&'g str, &'g Name>,
    segments: std::collections::HashMap<&'g str, &'g Name>,
}

impl<'g, N: NameSource + ?Sized> Names<'g, N> {
    fn of(source: &'g N) -> Self {
        let chain = source.template();
        Names {
            source,
            products: chain
                .products
                .iter()
                .map(|p| (p.id.as_str(), &p.name))
                .collect(),
            segments: chain
                .segments
                .iter()
                .map(|s| (s.id.as_str(), &s.name))
                .collect(),
        }
    }

    fn firm<I: AsRef<str> + ?Sized>(&self, id: &I) -> String {
        let id = id.as_ref();
        named_text(self.source.firm_name(id), id)
    }

    fn firms<S: AsRef<str>>(&self, ids: &[S], total: usize) -> String {
        if ids.is_empty() {
            return "—".to_string();
        }
        let mut out: Vec<String> = ids.iter().map(|id| self.firm(id.as_ref())).collect();
        if total > ids.len() {
            out.push(format!("… ({total} in all)"));
        }
        out.join(", ")
    }

    fn product<I: AsRef<str> + ?Sized>(&self, id: &I) -> String {
        let id = id.as_ref();
        match self.products.get(id) {
            Some(name) => named(name, id),
            None => format!("`{id}`"),
        }
    }

    fn requirement<S: AsRef<str>>(&self, alternatives: &[S]) -> String {
        alternatives
            .iter()
            .map(|a| self.product(a.as_ref()))
            .collect::<Vec<_>>()
            .join(" or ")
    }

    fn segment<I: AsRef<str> + ?Sized>(&self, id: &I) -> String {
        let id = id.as_ref();
        match self.segments.get(id) {
            Some(name) => named(name, id),
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

/// "1 firm", "2 firms".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A HHI above this is "highly concentrated" in the usual antitrust bands.
pub const HIGHLY_CONCENTRATED: u64 = 2500;

/// Renders a gap report as Markdown for people: the summary; what to recruit first (the
/// priorities, each with its reasons and its best candidates); the segments and products;
/// the gaps; the local closure; the critical firms; the concentration (a HHI above
/// [`HIGHLY_CONCENTRATED`] marked); and the candidates with their score parts. Firms,
/// products and segments are shown by name (Chinese and English) beside their id.
///
/// ```
/// use vrfb_chain::{analysis, render};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = analysis::gaps(&graph, "zone-a", &analysis::Options::default()).unwrap();
/// let text = render::markdown(&graph, &report);
/// assert!(text.starts_with("# Gap report: 甲高新区 (Zone A) `zone-a`"));
/// assert!(text.contains("| 电堆 (Stack) `stack` |"));
/// let recruit = text.find("## What to recruit first").unwrap();
/// assert!(recruit < text.find("## Products").unwrap());
/// ```
pub fn markdown<N: NameSource + ?Sized, S: Id>(source: &N, report: &GapReport<S>) -> String {
    let names = Names::of(source);
    let mut out = String::new();
    header(&mut out, source, report);
    priorities(&mut out, &names, report);
    segments(&mut out, &names, report);
    products(&mut out, &names, report);
    gaps(&mut out, &names, report);
    closure(&mut out, &names, report);
    critical_firms(&mut out, &names, report);
    concentration(&mut out, &names, report);
    candidates(&mut out, &names, report);
    out
}

fn header<N: NameSource + ?Sized, S: Id>(out: &mut String, source: &N, report: &GapReport<S>) {
    let region = report.scope.region.as_ref();
    let region_name = named_text(source.region_name(region), region);
    let chain_name = named(&source.template().name, report.chain.as_ref());
    let o = &report.options;
    let s = &report.summary;
    let grade = match o.min_grade {
        Some(g) => format!("an operating fact graded {} or better", g.as_str()),
        None => "an operating fact, whatever its evidence".to_string(),
    };
    // Writing to a String cannot fail.
    let _ = writeln!(out, "# Gap report: {region_name}\n");
    let _ = writeln!(
        out,
        "Chain {chain_name}; {} in scope; facts valid at {}; a product is covered with {} \
         ({grade}); {} listed per gap.\n",
        plural(report.scope.firms, "firm", "firms"),
        o.as_of
            .map_or("any date (no as_of)".to_string(), |d| d.to_string()),
        plural(o.min_makers, "strong maker", "strong makers"),
        plural(o.top_candidates, "candidate", "candidates"),
    );
    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(
        out,
        "Of {} products, {} covered, {} single, {} unconfirmed, {} planned, {} missing. \
         Coverage {} (a running local maker), confirmed coverage {} (a strong local \
         maker).",
        s.products,
        s.covered,
        s.single,
        s.unconfirmed,
        s.planned,
        s.missing,
        percent(s.coverage),
        percent(s.confirmed_coverage)
    );
}

/// The candidates of a product as the report lists them, with how many there are.
fn candidate_list<N: NameSource + ?Sized, S: Id>(
    names: &Names<'_, N>,
    report: &GapReport<S>,
    product: &(impl AsRef<str> + ?Sized),
    most: usize,
) -> String {
    let product = product.as_ref();
    let Some(entry) = report.candidates_of(product) else {
        return "—".to_string();
    };
    if entry.count == 0 {
        return "no outside maker in the data".to_string();
    }
    let listed: Vec<String> = entry
        .firms
        .iter()
        .take(most)
        .map(|c| names.firm(&c.firm))
        .collect();
    if listed.is_empty() {
        return format!(
            "{} (none listed)",
            plural(entry.count, "candidate", "candidates")
        );
    }
    let more = entry.count - listed.len();
    if more == 0 {
        listed.join(", ")
    } else {
        format!("{} and {more} more", listed.join(", "))
    }
}

fn priorities<N: NameSource + ?Sized, S: Id>(
    out: &mut String,
    names: &Names<'_, N>,
    report: &GapReport<S>,
) {
    let _ = writeln!(out, "\n## What to recruit first\n");
    if report.priorities.is_empty() {
        let _ = writeln!(out, "Every product is covered: nothing to recruit.");
        return;
    }
    let _ = writeln!(
        out,
        "Each product that is not covered, the most needed first: a local maker of it would \
         give local firms a supplier (supplier gaps) or a customer (customer gaps), and \
         unblock end products (blocks).\n"
    );
    let _ = writeln!(out, "| # | Product | Action | Status | Impact | Supplier gaps | Customer gaps | Blocks | Candidates |");
    let _ = writeln!(out, "|---:|---|---|---|---:|---:|---:|---:|---|");
    for (i, p) in report.priorities.iter().enumerate() {
        let action = match p.action {
            Action::Fill => "补链 fill",
            Action::Strengthen => "强链 strengthen",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {action} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            names.product(&p.product),
            p.status,
            p.impact,
            p.supplier_gaps,
            p.customer_gaps,
            p.blocks,
            candidate_list(names, report, &p.product, 3)
        );
    }
}

fn segments<N: NameSource + ?Sized, S: Id>(
    out: &mut String,
    names: &Names<'_, N>,
    report: &GapReport<S>,
) {
    let _ = writeln!(out, "\n## Segments\n");
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
}

fn products<N: NameSource + ?Sized, S: Id>(
    out: &mut String,
    names: &Names<'_, N>,
    report: &GapReport<S>,
) {
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
}

fn gaps<N: NameSource + ?Sized, S: Id>(
    out: &mut String,
    names: &Names<'_, N>,
    report: &GapReport<S>,
) {
    let _ = writeln!(out, "\n## Gaps\n");
    gap_table(
        out,
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
        out,
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
        out,
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
        out,
        "External dependencies: every supplier outside the region",
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
}

fn product_list<N: NameSource + ?Sized, S: Id>(names: &Names<'_, N>, ids: &[S]) -> String {
    if ids.is_empty() {
        return "none".to_string();
    }
    ids.iter()
        .map(|p| names.product(p))
        .collect::<Vec<_>>()
        .join(", ")
}

fn closure<N: NameSource + ?Sized, S: Id>(
    out: &mut String,
    names: &Names<'_, N>,
    report: &GapReport<S>,
) {
    let _ = writeln!(out, "\n## Local closure\n");
    let _ = writeln!(
        out,
        "Locally producible: {}.\n",
        product_list(names, &report.closure.producible)
    );
    for b in &report.closure.blocked {
        let _ = writeln!(
            out,
            "- {} is blocked; a complete local chain for it still needs {}",
            names.product(&b.product),
            product_list(names, &b.blocking)
        );
    }
    if report.closure.blocked.is_empty() {
        let _ = writeln!(out, "No end product is blocked.");
    }
}

fn critical_firms<N: NameSource + ?Sized, S: Id>(
    out: &mut String,
    names: &Names<'_, N>,
    report: &GapReport<S>,
) {
    let _ = writeln!(out, "\n## Critical firms\n");
    if report.critical_firms.is_empty() {
        let _ = writeln!(out, "No local firm is a single point of failure.");
        return;
    }
    let _ = writeln!(
        out,
        "Local firms the region could not afford to lose, and what it would lose without each.\n"
    );
    let _ = writeln!(
        out,
        "| Firm | Impact | Products downgraded | No longer producible | Sole supplier of |"
    );
    let _ = writeln!(out, "|---|---:|---|---|---|");
    for c in &report.critical_firms {
        let downgraded: Vec<String> = c
            .downgraded
            .iter()
            .map(|d| {
                format!(
                    "{} ({} → {})",
                    names.product(&d.product),
                    d.status,
                    d.without
                )
            })
            .collect();
        let sole: Vec<String> = c
            .sole_supplier_of
            .iter()
            .map(|s| {
                format!(
                    "{} for {}",
                    names.requirement(&s.requirement),
                    names.firm(&s.firm)
                )
            })
            .collect();
        let or_dash = |list: Vec<String>| {
            if list.is_empty() {
                "—".to_string()
            } else {
                list.join("; ")
            }
        };
        let lost = if c.lost_producible.is_empty() {
            "—".to_string()
        } else {
            product_list(names, &c.lost_producible)
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {lost} | {} |",
            names.firm(&c.firm),
            c.impact,
            or_dash(downgraded),
            or_dash(sole)
        );
    }
}

fn concentration<N: NameSource + ?Sized, S: Id>(
    out: &mut String,
    names: &Names<'_, N>,
    report: &GapReport<S>,
) {
    let _ = writeln!(out, "\n## Concentration\n");
    if report.concentration.is_empty() {
        let _ = writeln!(out, "No product has a running local maker.");
        return;
    }
    let _ = writeln!(
        out,
        "Local operating capacity per product; HHI (0–10 000) over the local makers with a \
         capacity, above {HIGHLY_CONCENTRATED} highly concentrated.\n"
    );
    let _ = writeln!(
        out,
        "| Product | Makers | With capacity | Capacity | HHI | Top share | Share of all |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    let or_dash = |x: Option<String>| x.unwrap_or_else(|| "—".to_string());
    for c in &report.concentration {
        let capacity = c
            .capacity
            .zip(c.unit.as_ref())
            .map(|(v, u)| format!("{v} {}", cell(u.as_ref())));
        let hhi = c.hhi.map(|h| {
            if h > HIGHLY_CONCENTRATED {
                format!("{h} (highly concentrated)")
            } else {
                h.to_string()
            }
        });
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            names.product(&c.product),
            c.makers,
            c.with_capacity,
            or_dash(capacity),
            or_dash(hhi),
            or_dash(c.top_share.map(percent)),
            or_dash(c.share_of_all.map(percent)),
        );
    }
}

fn candidates<N: NameSource + ?Sized, S: Id>(
    out: &mut String,
    names: &Names<'_, N>,
    report: &GapReport<S>,
) {
    let _ = writeln!(out, "\n## Candidates\n");
    let _ = writeln!(
        out,
        "Outside firms with an operating fact for the product; score = 3 × links + 2 × \
         proximity + evidence.\n"
    );
    let _ = writeln!(
        out,
        "| Product | Status | Candidates | Candidate | Score | Links | Proximity | Evidence |"
    );
    let _ = writeln!(out, "|---|---|---|---|---:|---:|---:|---:|");
    for c in &report.candidates {
        let status = report
            .status_of(c.product.as_ref())
            .map_or("", |s| s.as_str());
        let counted = if c.count == 0 {
            "none in the data".to_string()
        } else {
            format!(
                "{}, {} listed",
                plural(c.count, "candidate", "candidates"),
                c.firms.len()
            )
        };
        if c.firms.is_empty() {
            let _ = writeln!(
                out,
                "| {} | {status} | {counted} | | | | | |",
                names.product(&c.product)
            );
        }
        for f in &c.firms {
            let _ = writeln!(
                out,
                "| {} | {status} | {counted} | {} | {} | {} | {} | {} |",
                names.product(&c.product),
                names.firm(&f.firm),
                f.score,
                f.links,
                f.proximity,
                f.evidence
            );
        }
    }
}

/// Renders a report diff as Markdown: the summary before and after, the products whose
/// status changed, each gap list's opened and closed entries, the producible products
/// gained and lost, and the critical firms added and removed. Ids only: a diff holds no
/// names.
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
    let mut out = String::new();
    let date = |a: Option<crate::Date>| a.map_or("any date".to_string(), |d| d.to_string());
    let _ = writeln!(
        out,
        "# What changed: `{}` (chain `{}`)\n",
        d.region, d.chain
    );
    let _ = writeln!(
        out,
        "Before: {}, {}. After: {}, {}.\n",
        date(d.before.as_of),
        plural(d.before.firms, "firm", "firms"),
        date(d.after.as_of),
        plural(d.after.firms, "firm", "firms")
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
        let _ = writeln!(out, "| {name} | {} | {} |", percent(b), percent(a));
    }
    let _ = writeln!(out, "\n## Products\n");
    if d.products.is_empty() {
        let _ = writeln!(out, "No product changed status.");
    }
    for p in &d.products {
        let _ = writeln!(out, "- `{}`: {} → {}", p.product, p.before, p.after);
    }
    let key = |k: &crate::analysis::GapKey| {
        format!(
            "`{}` `{}` needs {}",
            k.firm,
            k.product,
            k.requirement
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    };
    diff_list(
        &mut out,
        "Upstream gaps",
        &d.upstream_gaps.opened,
        &d.upstream_gaps.closed,
        key,
    );
    let down = |k: &crate::analysis::DownstreamKey| format!("`{}` `{}`", k.firm, k.product);
    diff_list(
        &mut out,
        "Downstream gaps",
        &d.downstream_gaps.opened,
        &d.downstream_gaps.closed,
        down,
    );
    diff_list(
        &mut out,
        "Single sources",
        &d.single_source.opened,
        &d.single_source.closed,
        key,
    );
    diff_list(
        &mut out,
        "External dependencies",
        &d.external_dependencies.opened,
        &d.external_dependencies.closed,
        key,
    );
    let id = |p: &String| format!("`{p}`");
    diff_list(
        &mut out,
        "Locally producible",
        &d.producible.gained,
        &d.producible.lost,
        id,
    );
    diff_list(
        &mut out,
        "Critical firms",
        &d.critical_firms.added,
        &d.critical_firms.removed,
        id,
    );
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;
    use crate::registry::Registry;

    #[test]
    fn both_sources_name_every_firm_and_region_as_the_dataset_shows_it() {
        for graph in [builtin::minimal_graph(), builtin::vrfb_graph()] {
            let registry = Registry::from_graph(&graph);
            for firm in &graph.dataset().firms {
                let shown = firm.name.display();
                assert_eq!(graph.firm_name(&firm.id).as_deref(), Some(shown.as_str()));
                assert_eq!(
                    registry.firm_name(&firm.id).as_deref(),
                    Some(shown.as_str())
                );
            }
            for region in &graph.dataset().regions {
                let shown = region.name.display();
                assert_eq!(graph.region_name(&region.id).as_deref(), Some(&*shown));
                assert_eq!(registry.region_name(&region.id).as_deref(), Some(&*shown));
            }
            assert_eq!(graph.firm_name("no-such-firm"), None);
            assert_eq!(registry.region_name("no-such-region"), None);
        }
    }
}
