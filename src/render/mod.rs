//! People-facing renderings of analysis results: the Markdown gap report and report diff.
//! A renderer presents what a report holds; it never computes a gap. [`words`] holds the
//! status and action words that the HTML page and the workbook (feature `sheets`) share.

use std::borrow::Cow;
use std::collections::hash_map::{Entry, HashMap};
use std::fmt::Write as _;
use std::io::Write;

use crate::analysis::GapReport;
use crate::chain::Chain;
use crate::dataset::PartyIndex;
use crate::hash::FxHashMap;
use crate::name::Name;
use crate::KnowledgeGraph;

mod diff;
#[cfg(feature = "html")]
mod html;
pub mod words;
pub use diff::{diff_markdown, diff_markdown_named, DiffNames};
#[cfg(feature = "html")]
pub use html::{html, html_with_note};

/// Appends `text` escaped for a Markdown table cell: `|` as `\|`, a line break as a space.
/// Most names need nothing escaped, and are copied in one piece.
fn push_cell(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.bytes().position(|b| matches!(b, b'|' | b'\n' | b'\r')) {
        out.push_str(&rest[..i]);
        out.push_str(if rest.as_bytes()[i] == b'|' {
            "\\|"
        } else {
            " "
        });
        // The byte at `i` is ASCII, so `i + 1` is a character boundary.
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// Appends `` `id` ``.
fn push_code(out: &mut String, id: &str) {
    out.push('`');
    out.push_str(id);
    out.push('`');
}

/// Appends `` name `id` ``, or `` `id` `` alone when there is no name.
fn push_named(out: &mut String, display: Option<&str>, id: &str) {
    if let Some(display) = display.filter(|d| !d.is_empty()) {
        push_cell(out, display);
        out.push(' ');
    }
    push_code(out, id);
}

/// `` name `id` `` of a template name.
fn named(name: &Name, id: &str) -> String {
    let mut out = String::new();
    push_named(&mut out, Some(&name.display()), id);
    out
}

/// Appends `n` in decimal: the hot rows' counts and scores, without the formatting
/// machinery.
fn push_number(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Appends a share as a percentage with one decimal: `0.0391` is `3.9 %`.
fn push_percent(out: &mut String, x: f64) {
    // Writing to a String cannot fail.
    let _ = write!(out, "{:.1} %", x * 100.0);
}

/// Between two cells of a table row.
const SEP: &str = " | ";

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
        match self.store.party(id)? {
            PartyIndex::Firm(f) => Some(self.store.firm_names.get(f).into()),
            PartyIndex::Organization(_) => None,
        }
    }
    /// Borrowed from the store, as firms' names are.
    fn region_name(&self, id: &str) -> Option<Cow<'_, str>> {
        let r = self.store.regions.find(id)?;
        Some(self.store.region_names.get(r).into())
    }
}

/// What a report's ids are: `String` for a report of its own, `&str` for one that borrows
/// its ids from a registry.
pub trait Id: AsRef<str> + std::fmt::Display {}

impl<T: AsRef<str> + std::fmt::Display + ?Sized> Id for T {}

/// The names of a report's ids (borrowed for `'r`), from its source and its template
/// (borrowed for `'g`), written into the report as cells.
struct Names<'g, 'r, N: ?Sized> {
    source: &'g N,
    /// Each product's cell (`` name `id` ``), made once.
    products: FxHashMap<&'g str, String>,
    /// Each segment's cell.
    segments: FxHashMap<&'g str, String>,
    /// Each firm's cell, made when the report first names the firm. A report names the
    /// same firms row after row (a gap's firm on consecutive rows, a product's first local
    /// makers in every gap that needs it): a national report names 85 000 firms a million
    /// times, and the source is asked once for each, its name escaped once.
    firm_cells: Cells,
    /// Where each firm's cell is in `firm_cells`, by the firm's id in the report. The
    /// hash is fixed, so that a run's speed does not depend on a seed (nothing follows the
    /// map's order).
    firm_cell: HashMap<&'r str, CellAt, foldhash::fast::FixedState>,
}

/// Text written once and copied many times, in chunks that never move: a single `String`
/// would leave each of its old buffers behind as it grows (11 MB more peak memory for
/// the 100k-firm country report).
#[derive(Default)]
struct Cells {
    chunks: Vec<String>,
}

/// Where a cell is in [`Cells`].
#[derive(Clone, Copy)]
struct CellAt {
    chunk: usize,
    start: usize,
    end: usize,
}

impl Cells {
    /// The size of a chunk, unless a cell needs more.
    const CHUNK: usize = 1 << 16;

    /// Adds the cell that `write` writes, of at most `most` bytes (a longer one is kept
    /// all the same, its chunk moved).
    fn add(&mut self, most: usize, write: impl FnOnce(&mut String)) -> CellAt {
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= most);
        if !fits {
            self.chunks
                .push(String::with_capacity(most.max(Self::CHUNK)));
        }
        let chunk = self.chunks.len() - 1;
        let text = &mut self.chunks[chunk];
        let start = text.len();
        write(text);
        CellAt {
            chunk,
            start,
            end: text.len(),
        }
    }

    fn get(&self, at: CellAt) -> &str {
        &self.chunks[at.chunk][at.start..at.end]
    }
}

impl<'g, 'r, N: NameSource + ?Sized> Names<'g, 'r, N> {
    /// The names of `source`, for a report that names about `firms` firms.
    fn of(source: &'g N, firms: usize) -> Self {
        let chain = source.template();
        Names {
            source,
            products: chain
                .products
                .iter()
                .map(|p| (p.id.as_str(), named(&p.name, &p.id)))
                .collect(),
            segments: chain
                .segments
                .iter()
                .map(|s| (s.id.as_str(), named(&s.name, &s.id)))
                .collect(),
            firm_cells: Cells::default(),
            firm_cell: HashMap::with_capacity_and_hasher(firms, Default::default()),
        }
    }

    /// The firm's cell: `` name `id` ``, or `` `id` `` for a firm the source does not know.
    fn firm(&mut self, out: &mut String, id: &'r str) {
        let at = match self.firm_cell.entry(id) {
            Entry::Occupied(cell) => *cell.get(),
            Entry::Vacant(cell) => {
                let name = self.source.firm_name(id);
                let name = name.as_deref();
                // Escaping at most doubles the name (`|` is `\|`).
                let most = name.map_or(0, |n| 2 * n.len() + 1) + id.len() + 2;
                *cell.insert(self.firm_cells.add(most, |text| push_named(text, name, id)))
            }
        };
        out.push_str(self.firm_cells.get(at));
    }

    /// The firms, comma-separated, with how many there are in all when some are left
    /// out; `—` for none.
    fn firms<S: AsRef<str>>(&mut self, out: &mut String, ids: &'r [S], total: usize) {
        if ids.is_empty() {
            out.push('—');
            return;
        }
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            self.firm(out, id.as_ref());
        }
        if total > ids.len() {
            out.push_str(", … (");
            push_number(out, total as u64);
            out.push_str(" in all)");
        }
    }

    fn product(&self, out: &mut String, id: &str) {
        match self.products.get(id) {
            Some(cell) => out.push_str(cell),
            None => push_code(out, id),
        }
    }

    /// The products, joined by `separator`.
    fn product_run<S: AsRef<str>>(&self, out: &mut String, ids: &[S], separator: &str) {
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                out.push_str(separator);
            }
            self.product(out, id.as_ref());
        }
    }

    /// A requirement: its alternatives joined by "or".
    fn requirement<S: AsRef<str>>(&self, out: &mut String, alternatives: &[S]) {
        self.product_run(out, alternatives, " or ");
    }

    /// The products, comma-separated; "none" for none.
    fn product_list<S: AsRef<str>>(&self, out: &mut String, ids: &[S]) {
        if ids.is_empty() {
            out.push_str("none");
        } else {
            self.product_run(out, ids, ", ");
        }
    }

    fn segment(&self, out: &mut String, id: &str) {
        match self.segments.get(id) {
            Some(cell) => out.push_str(cell),
            None => push_code(out, id),
        }
    }
}

/// Writes one kind of gap as a `###` section: a table with a row per item (`row` writes
/// its cells, separated by [`SEP`]), or "None." when there is none.
fn gap_table<'a, T>(
    out: &mut Out<'_>,
    heading: &str,
    columns: &[&str],
    items: &'a [T],
    mut row: impl FnMut(&mut String, &'a T),
) {
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str("### ");
    out.push_str(heading);
    out.push_str("\n\n");
    if items.is_empty() {
        out.push_str("None.\n");
        return;
    }
    out.push_str("| ");
    out.push_str(&columns.join(SEP));
    out.push_str(" |\n|");
    out.push_str(&"---|".repeat(columns.len()));
    out.push('\n');
    for item in items {
        out.push_str("| ");
        row(out, item);
        out.end_row();
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
///
/// # Complexity
/// Time and space linear in the size of the text, with one name lookup per firm: a firm
/// named again gets a copy of its first cell.
pub fn markdown<N: NameSource + ?Sized, S: Id>(source: &N, report: &GapReport<S>) -> String {
    let mut out = Out::new(None);
    sections(&mut out, source, report, None);
    out.text
}

/// Writes the Markdown gap report of [`markdown`] to `writer`, a piece at a time: the
/// report of a large region (115 MB for a national scope of 100 000 firms) is never held
/// whole. The bytes are those of [`markdown`].
///
/// ```
/// use vrfb_chain::{analysis, render};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = analysis::gaps(&graph, "zone-a", &analysis::Options::default()).unwrap();
/// let mut out = Vec::new();
/// render::write_markdown(&mut out, &graph, &report).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), render::markdown(&graph, &report));
/// ```
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when `writer` fails; nothing is written after the
/// failure.
///
/// # Complexity
/// As [`markdown`], with at most about 64 KB of the text held at a time.
pub fn write_markdown<W: Write, N: NameSource + ?Sized, S: Id>(
    mut writer: W,
    source: &N,
    report: &GapReport<S>,
) -> crate::Result<()> {
    write_markdown_with_note(&mut writer, source, report, None)
}

/// Writes the Markdown gap report of [`write_markdown`] with `note`, when there is one, as
/// a bold quoted paragraph under its title: what a reader must know before the rest, such
/// as that the report is of a what-if ([`Scenario::what_if_note`](crate::scenario::Scenario::what_if_note)).
///
/// ```
/// use vrfb_chain::{analysis, render};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = analysis::gaps(&graph, "zone-a", &analysis::Options::default()).unwrap();
/// let mut out = Vec::new();
/// render::write_markdown_with_note(&mut out, &graph, &report, Some("A what-if.")).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// let lines: Vec<&str> = text.lines().collect();
/// assert_eq!(lines[..4], ["# Gap report: 甲高新区 (Zone A) `zone-a`", "", "> **A what-if.**", ""]);
/// // The rest is the report as it is without the note.
/// let plain = render::markdown(&graph, &report);
/// assert_eq!(text.replacen("> **A what-if.**\n\n", "", 1), plain);
/// ```
///
/// # Errors
/// As [`write_markdown`].
pub fn write_markdown_with_note<W: Write, N: NameSource + ?Sized, S: Id>(
    mut writer: W,
    source: &N,
    report: &GapReport<S>,
    note: Option<&str>,
) -> crate::Result<()> {
    let mut out = Out::new(Some(&mut writer));
    sections(&mut out, source, report, note);
    out.finish().map_err(|e| crate::Error::io("write", e))
}

/// Every section of the report, in order, with `note` under the title.
fn sections<N: NameSource + ?Sized, S: Id>(
    out: &mut Out<'_>,
    source: &N,
    report: &GapReport<S>,
    note: Option<&str>,
) {
    let mut names = Names::of(source, report.scope.firms);
    header(out, source, report, note);
    priorities(out, &mut names, report);
    segments(out, &names, report);
    products(out, &mut names, report);
    gaps(out, &mut names, report);
    closure(out, &names, report);
    critical_firms(out, &mut names, report);
    concentration(out, &names, report);
    candidates(out, &mut names, report);
}

/// The text of a report as it is written: held whole for [`markdown`], handed to a writer
/// a piece at a time for [`write_markdown`]. It is a `String` to the sections; each table
/// row's end ([`Out::end_row`]) is a point where the text may be handed over.
struct Out<'w> {
    text: String,
    writer: Option<&'w mut dyn Write>,
    /// The writer's first error: nothing more is written after it.
    error: Option<std::io::Error>,
}

impl<'w> Out<'w> {
    /// Text is handed over once it holds this much.
    const PIECE: usize = 1 << 16;

    fn new(writer: Option<&'w mut dyn Write>) -> Self {
        let text = String::with_capacity(if writer.is_some() { 2 * Self::PIECE } else { 0 });
        Out {
            text,
            writer,
            error: None,
        }
    }

    /// Ends a table row (` |` and the line break), and hands the text over when there is
    /// enough of it. The row's last two characters stay (a section asks whether the text
    /// ends with a blank line).
    fn end_row(&mut self) {
        self.text.push_str(" |\n");
        if self.text.len() >= Self::PIECE {
            self.hand_over(self.text.len() - "|\n".len());
        }
    }

    /// Hands the text before byte `at` (a character boundary) over to the writer.
    fn hand_over(&mut self, at: usize) {
        let Some(writer) = self.writer.as_mut() else {
            return;
        };
        if self.error.is_none() {
            if let Err(e) = writer.write_all(&self.text.as_bytes()[..at]) {
                self.error = Some(e);
            }
        }
        self.text.drain(..at);
    }

    /// Hands over the rest, and the writer's first error.
    fn finish(mut self) -> std::io::Result<()> {
        self.hand_over(self.text.len());
        match (self.error.take(), self.writer.as_mut()) {
            (Some(e), _) => Err(e),
            (None, Some(writer)) => writer.flush(),
            (None, None) => Ok(()),
        }
    }
}

impl std::ops::Deref for Out<'_> {
    type Target = String;
    fn deref(&self) -> &String {
        &self.text
    }
}

impl std::ops::DerefMut for Out<'_> {
    fn deref_mut(&mut self) -> &mut String {
        &mut self.text
    }
}

fn header<N: NameSource + ?Sized, S: Id>(
    out: &mut Out<'_>,
    source: &N,
    report: &GapReport<S>,
    note: Option<&str>,
) {
    let region = report.scope.region.as_ref();
    let chain_name = named(&source.template().name, report.chain.as_ref());
    let o = &report.options;
    let s = &report.summary;
    let grade = match o.min_grade {
        Some(g) => format!("an operating fact graded {} or better", g.as_str()),
        None => "an operating fact, whatever its evidence".to_string(),
    };
    out.push_str("# Gap report: ");
    push_named(out, source.region_name(region).as_deref(), region);
    // Writing to a String cannot fail.
    let _ = writeln!(out, "\n");
    if let Some(note) = note {
        let _ = writeln!(out, "> **{note}**\n");
    }
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
    let _ = write!(
        out,
        "Of {} products, {} covered, {} single, {} unconfirmed, {} planned, {} missing. \
         Coverage ",
        s.products, s.covered, s.single, s.unconfirmed, s.planned, s.missing,
    );
    push_percent(out, s.coverage);
    out.push_str(" (a running local maker), confirmed coverage ");
    push_percent(out, s.confirmed_coverage);
    out.push_str(" (a strong local maker).\n");
}

/// The candidates of a product as the report lists them, with how many there are.
fn candidate_list<'r, N: NameSource + ?Sized, S: Id>(
    out: &mut String,
    names: &mut Names<'_, 'r, N>,
    report: &'r GapReport<S>,
    product: &str,
    most: usize,
) {
    let Some(entry) = report.candidates_of(product) else {
        out.push('—');
        return;
    };
    if entry.count == 0 {
        out.push_str("no outside maker in the data");
        return;
    }
    let listed = &entry.firms[..entry.firms.len().min(most)];
    if listed.is_empty() {
        out.push_str(&plural(entry.count, "candidate", "candidates"));
        out.push_str(" (none listed)");
        return;
    }
    for (i, c) in listed.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        names.firm(out, c.firm.as_ref());
    }
    let more = entry.count - listed.len();
    if more > 0 {
        out.push_str(" and ");
        push_number(out, more as u64);
        out.push_str(" more");
    }
}

fn priorities<'r, N: NameSource + ?Sized, S: Id>(
    out: &mut Out<'_>,
    names: &mut Names<'_, 'r, N>,
    report: &'r GapReport<S>,
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
        let action_words = words::action(p.action);
        let action = format!("{} {}", action_words.zh, action_words.en);
        out.push_str("| ");
        push_number(out, i as u64 + 1);
        out.push_str(SEP);
        names.product(out, p.product.as_ref());
        for text in [action.as_str(), p.status.as_str()] {
            out.push_str(SEP);
            out.push_str(text);
        }
        for n in [p.impact, p.supplier_gaps, p.customer_gaps, p.blocks] {
            out.push_str(SEP);
            push_number(out, n as u64);
        }
        out.push_str(SEP);
        candidate_list(out, names, report, p.product.as_ref(), 3);
        out.end_row();
    }
}

fn segments<N: NameSource + ?Sized, S: Id>(
    out: &mut Out<'_>,
    names: &Names<'_, '_, N>,
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
        out.push_str("| ");
        names.segment(out, seg.segment.as_ref());
        for n in [
            c.products,
            c.covered,
            c.single,
            c.unconfirmed,
            c.planned,
            c.missing,
        ] {
            out.push_str(SEP);
            push_number(out, n as u64);
        }
        for share in [c.coverage, c.confirmed_coverage] {
            out.push_str(SEP);
            push_percent(out, share);
        }
        out.end_row();
    }
}

fn products<'r, N: NameSource + ?Sized, S: Id>(
    out: &mut Out<'_>,
    names: &mut Names<'_, 'r, N>,
    report: &'r GapReport<S>,
) {
    let _ = writeln!(out, "\n## Products\n");
    let _ = writeln!(out, "| Product | Segment | Status | Local makers |");
    let _ = writeln!(out, "|---|---|---|---|");
    for p in &report.products {
        out.push_str("| ");
        names.product(out, p.product.as_ref());
        out.push_str(SEP);
        push_code(out, p.segment.as_ref());
        out.push_str(SEP);
        out.push_str(p.status.as_str());
        out.push_str(SEP);
        names.firms(out, &p.local_makers, p.local_makers.len());
        out.end_row();
    }
}

fn gaps<'r, N: NameSource + ?Sized, S: Id>(
    out: &mut Out<'_>,
    names: &mut Names<'_, 'r, N>,
    report: &'r GapReport<S>,
) {
    let _ = writeln!(out, "\n## Gaps\n");
    gap_table(
        out,
        "Upstream: requirements a local firm neither makes nor buys",
        &["Firm", "Product", "Needs", "Local firms that make it"],
        &report.upstream_gaps,
        |out, g| {
            firm_and_product(out, names, &g.firm, &g.product);
            names.requirement(out, &g.requirement);
            out.push_str(SEP);
            names.firms(out, &g.local_suppliers, g.local_supplier_count);
        },
    );
    gap_table(
        out,
        "Downstream: products a local firm neither uses nor sells",
        &["Firm", "Product", "Local firms that could buy it"],
        &report.downstream_gaps,
        |out, g| {
            firm_and_product(out, names, &g.firm, &g.product);
            names.firms(out, &g.local_customers, g.local_customer_count);
        },
    );
    gap_table(
        out,
        "Single sources",
        &["Firm", "Product", "Needs", "Only supplier"],
        &report.single_source,
        |out, g| {
            firm_and_product(out, names, &g.firm, &g.product);
            names.requirement(out, &g.requirement);
            out.push_str(SEP);
            names.firm(out, g.supplier.as_ref());
        },
    );
    gap_table(
        out,
        "External dependencies: every supplier outside the region",
        &["Firm", "Product", "Needs", "Suppliers outside"],
        &report.external_dependencies,
        |out, g| {
            firm_and_product(out, names, &g.firm, &g.product);
            names.requirement(out, &g.requirement);
            out.push_str(SEP);
            names.firms(out, &g.suppliers, g.suppliers.len());
        },
    );
}

/// The first two cells of a gap row, each followed by [`SEP`].
fn firm_and_product<'r, N: NameSource + ?Sized, S: Id>(
    out: &mut String,
    names: &mut Names<'_, 'r, N>,
    firm: &'r S,
    product: &'r S,
) {
    names.firm(out, firm.as_ref());
    out.push_str(SEP);
    names.product(out, product.as_ref());
    out.push_str(SEP);
}

fn closure<N: NameSource + ?Sized, S: Id>(
    out: &mut Out<'_>,
    names: &Names<'_, '_, N>,
    report: &GapReport<S>,
) {
    let _ = writeln!(out, "\n## Local closure\n");
    out.push_str("Locally producible: ");
    names.product_list(out, &report.closure.producible);
    out.push_str(".\n\n");
    for b in &report.closure.blocked {
        out.push_str("- ");
        names.product(out, b.product.as_ref());
        out.push_str(" is blocked; a complete local chain for it still needs ");
        names.product_list(out, &b.blocking);
        out.push('\n');
    }
    if report.closure.blocked.is_empty() {
        let _ = writeln!(out, "No end product is blocked.");
    }
}

fn critical_firms<'r, N: NameSource + ?Sized, S: Id>(
    out: &mut Out<'_>,
    names: &mut Names<'_, 'r, N>,
    report: &'r GapReport<S>,
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
        out.push_str("| ");
        names.firm(out, c.firm.as_ref());
        out.push_str(SEP);
        push_number(out, c.impact as u64);
        out.push_str(SEP);
        dash_or_each(out, &c.downgraded, |out, d| {
            names.product(out, d.product.as_ref());
            out.push_str(" (");
            out.push_str(d.status.as_str());
            out.push_str(" → ");
            out.push_str(d.without.as_str());
            out.push(')');
        });
        out.push_str(SEP);
        if c.lost_producible.is_empty() {
            out.push('—');
        } else {
            names.product_list(out, &c.lost_producible);
        }
        out.push_str(SEP);
        dash_or_each(out, &c.sole_supplier_of, |out, s| {
            names.requirement(out, &s.requirement);
            out.push_str(" for ");
            names.firm(out, s.firm.as_ref());
        });
        out.end_row();
    }
}

/// Each item written by `show`, separated by `; `, or `—` when there is none.
fn dash_or_each<'a, T>(out: &mut String, items: &'a [T], mut show: impl FnMut(&mut String, &'a T)) {
    if items.is_empty() {
        out.push('—');
    }
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        show(out, item);
    }
}

fn concentration<N: NameSource + ?Sized, S: Id>(
    out: &mut Out<'_>,
    names: &Names<'_, '_, N>,
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
    for c in &report.concentration {
        out.push_str("| ");
        names.product(out, c.product.as_ref());
        for n in [c.makers, c.with_capacity] {
            out.push_str(SEP);
            push_number(out, n as u64);
        }
        out.push_str(SEP);
        match c.capacity.zip(c.unit.as_ref()) {
            Some((value, unit)) => {
                let _ = write!(out, "{value} ");
                push_cell(out, unit.as_ref());
            }
            None => out.push('—'),
        }
        out.push_str(SEP);
        match c.hhi {
            Some(h) => {
                push_number(out, h);
                if h > HIGHLY_CONCENTRATED {
                    out.push_str(" (highly concentrated)");
                }
            }
            None => out.push('—'),
        }
        for share in [c.top_share, c.share_of_all] {
            out.push_str(SEP);
            match share {
                Some(x) => push_percent(out, x),
                None => out.push('—'),
            }
        }
        out.end_row();
    }
}

fn candidates<'r, N: NameSource + ?Sized, S: Id>(
    out: &mut Out<'_>,
    names: &mut Names<'_, 'r, N>,
    report: &'r GapReport<S>,
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
        // The first three cells, the same on each of the product's rows.
        let mut lead = String::new();
        names.product(&mut lead, c.product.as_ref());
        lead.push_str(SEP);
        lead.push_str(status);
        lead.push_str(SEP);
        if c.count == 0 {
            lead.push_str("none in the data");
        } else {
            lead.push_str(&plural(c.count, "candidate", "candidates"));
            lead.push_str(", ");
            push_number(&mut lead, c.firms.len() as u64);
            lead.push_str(" listed");
        }
        if c.firms.is_empty() {
            let _ = writeln!(out, "| {lead} | | | | | |");
        }
        for f in &c.firms {
            out.push_str("| ");
            out.push_str(&lead);
            out.push_str(SEP);
            names.firm(out, f.firm.as_ref());
            for n in [f.score, f.links, f.proximity, f.evidence] {
                out.push_str(SEP);
                push_number(out, u64::from(n));
            }
            out.end_row();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;
    use crate::registry::Registry;

    #[test]
    fn push_cell_escapes_pipes_and_line_breaks_only() {
        let mut out = String::from("| ");
        push_cell(&mut out, "a|b\nc\r\nd 钒|");
        assert_eq!(out, "| a\\|b c  d 钒\\|");
        let mut plain = String::new();
        push_cell(&mut plain, "四川伟力得 (Weilide)");
        assert_eq!(plain, "四川伟力得 (Weilide)");
    }

    #[test]
    fn push_number_writes_what_display_writes() {
        for n in [
            0,
            7,
            9,
            10,
            99,
            100,
            4_096,
            1_000_000,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut out = String::from("x");
            push_number(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

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

    #[test]
    fn a_firm_named_again_gets_the_same_cell() {
        let graph = builtin::minimal_graph();
        let mut names = Names::of(&graph, 1);
        let mut out = String::new();
        let ids = ["leader", "stranger", "leader"];
        names.firms(&mut out, &ids, 4);
        assert_eq!(
            out,
            "示例链主 (Example Leader) `leader`, `stranger`, 示例链主 (Example Leader) `leader`, … (4 in all)"
        );
        assert_eq!(names.firm_cell.len(), 2);
    }

    #[test]
    fn cells_keep_every_cell_across_chunks_and_longer_than_a_chunk() {
        let mut cells = Cells::default();
        let long = "钒|".repeat(Cells::CHUNK);
        let texts: Vec<String> = (0..20_000)
            .map(|i| {
                if i == 7_000 {
                    long.clone()
                } else {
                    format!("firm {i}")
                }
            })
            .collect();
        let places: Vec<CellAt> = texts
            .iter()
            .map(|t| cells.add(t.len(), |out| out.push_str(t)))
            .collect();
        assert!(cells.chunks.len() > 2);
        for (text, at) in texts.iter().zip(places) {
            assert_eq!(cells.get(at), text);
        }
        // A cell longer than it said is kept too.
        let at = cells.add(1, |out| out.push_str(&long));
        assert_eq!(cells.get(at), long);
    }

    #[test]
    fn names_are_escaped_in_cells_from_both_sources() {
        let dataset = builtin::MINIMAL_DATASET_JSON.replace(
            r#""zh": "示例链主", "en": "Example Leader""#,
            r#""zh": "示例|链主\n甲", "en": "Lead|er\r\nX""#,
        );
        assert_ne!(dataset, builtin::MINIMAL_DATASET_JSON);
        let chain = builtin::MINIMAL_CHAIN_JSON.as_bytes();
        let graph = KnowledgeGraph::from_json_slices(chain, dataset.as_bytes()).unwrap();
        let registry = Registry::from_json_slices(chain, dataset.as_bytes()).unwrap();
        let options = crate::analysis::Options::default();
        let report = crate::analysis::gaps(&graph, "zone-a", &options).unwrap();
        let text = markdown(&graph, &report);
        let leader = "示例\\|链主 甲 (Lead\\|er  X) `leader`";
        assert!(text.contains(&format!(
            "| {leader} | 储能系统 (Storage system) `storage-system` |"
        )));
        assert!(text.contains(&format!("| single | {leader} |")));
        let from_registry = markdown(&registry, &registry.gaps("zone-a", &options).unwrap());
        assert_eq!(from_registry, text);
    }
}
