//! Report diffs (`report-diff@1`): what changed between two gap reports of the same chain
//! and region — two dates, two versions of a dataset, or a dataset and a scenario of it.

use std::collections::HashSet;
use std::hash::Hash;

use serde::{Deserialize, Serialize};

use super::report::{
    Counts, ExternalDependency, GapReport, ProductStatus, SingleSource, UpstreamGap,
};
use crate::{Date, Error, Result};

/// The `format` string of a report diff.
pub const DIFF_FORMAT: &str = "report-diff@1";

/// One side of a diff: the report's date and how many firms were in scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffSide {
    /// The report's `options.as_of`.
    pub as_of: Option<Date>,
    /// The report's `scope.firms`.
    pub firms: usize,
}

/// The summary's counts and coverages, each as `[before, after]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryDiff {
    /// `covered` products.
    pub covered: [usize; 2],
    /// `single` products.
    pub single: [usize; 2],
    /// `unconfirmed` products.
    pub unconfirmed: [usize; 2],
    /// `planned` products.
    pub planned: [usize; 2],
    /// `missing` products.
    pub missing: [usize; 2],
    /// Coverage.
    pub coverage: [f64; 2],
    /// Confirmed coverage.
    pub confirmed_coverage: [f64; 2],
}

/// A product whose status changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// The product.
    pub product: String,
    /// Its status before.
    pub before: ProductStatus,
    /// Its status after.
    pub after: ProductStatus,
}

/// An upstream gap, single source or external dependency, as a diff identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GapKey {
    /// The firm in scope.
    pub firm: String,
    /// The product it makes.
    pub product: String,
    /// The requirement's alternatives.
    pub requirement: Vec<String>,
}

/// A downstream gap, as a diff identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DownstreamKey {
    /// The firm in scope.
    pub firm: String,
    /// The product it makes.
    pub product: String,
}

/// The entries of one gap list that opened (in `after` only) and closed (in `before`
/// only), each in the order of the report it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GapChanges<K> {
    /// Entries of `after` not in `before`.
    pub opened: Vec<K>,
    /// Entries of `before` not in `after`.
    pub closed: Vec<K>,
}

/// Products that became or stopped being locally producible, in template order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProducibleChanges {
    /// Producible after, not before.
    pub gained: Vec<String>,
    /// Producible before, not after.
    pub lost: Vec<String>,
}

/// Firms that became or stopped being critical, by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirmChanges {
    /// Critical after, not before.
    pub added: Vec<String>,
    /// Critical before, not after.
    pub removed: Vec<String>,
}

/// What changed between two reports (`report-diff@1`); its JSON has the fields in this
/// order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportDiff {
    /// Always [`DIFF_FORMAT`].
    pub format: String,
    /// The chain id of both reports.
    pub chain: String,
    /// The scope region of both reports.
    pub region: String,
    /// The report before.
    pub before: DiffSide,
    /// The report after.
    pub after: DiffSide,
    /// The summary, before and after.
    pub summary: SummaryDiff,
    /// The products whose status differs, in the reports' product order.
    pub products: Vec<StatusChange>,
    /// Upstream gaps opened and closed.
    pub upstream_gaps: GapChanges<GapKey>,
    /// Downstream gaps opened and closed.
    pub downstream_gaps: GapChanges<DownstreamKey>,
    /// Single sources opened and closed.
    pub single_source: GapChanges<GapKey>,
    /// External dependencies opened and closed.
    pub external_dependencies: GapChanges<GapKey>,
    /// Locally producible products gained and lost.
    pub producible: ProducibleChanges,
    /// Critical firms added and removed.
    pub critical_firms: FirmChanges,
}

impl ReportDiff {
    /// Whether nothing changed but, perhaps, the dates and firm counts.
    ///
    /// ```
    /// # use vrfb_chain::analysis::{diff, gaps, Options};
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
    /// assert!(diff(&report, &report).unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        let s = &self.summary;
        let same = |pair: [usize; 2]| pair[0] == pair[1];
        let same_f = |pair: [f64; 2]| pair[0] == pair[1];
        same(s.covered)
            && same(s.single)
            && same(s.unconfirmed)
            && same(s.planned)
            && same(s.missing)
            && same_f(s.coverage)
            && same_f(s.confirmed_coverage)
            && self.products.is_empty()
            && self.upstream_gaps.opened.is_empty()
            && self.upstream_gaps.closed.is_empty()
            && self.downstream_gaps.opened.is_empty()
            && self.downstream_gaps.closed.is_empty()
            && self.single_source.opened.is_empty()
            && self.single_source.closed.is_empty()
            && self.external_dependencies.opened.is_empty()
            && self.external_dependencies.closed.is_empty()
            && self.producible.gained.is_empty()
            && self.producible.lost.is_empty()
            && self.critical_firms.added.is_empty()
            && self.critical_firms.removed.is_empty()
    }

    /// Reads a report diff (`report-diff@1`) from its JSON, checking its shape: every
    /// field of the format there, of its type, and no other.
    ///
    /// # Errors
    /// [`Error::Json`](crate::Error::Json) (a [`Document::ReportDiff`](crate::Document::ReportDiff)
    /// error) with the line and column for broken JSON syntax; otherwise
    /// [`Error::Invalid`](crate::Error::Invalid) with every problem at once, each with its
    /// path, line and column, as [`GapReport::from_json_slice`] (a `format` other than
    /// [`DIFF_FORMAT`] alone).
    ///
    /// ```
    /// use vrfb_chain::analysis::{diff, gaps, Options, ReportDiff};
    /// let graph = vrfb_chain::builtin::minimal_graph();
    /// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
    /// let changes = diff(&report, &report).unwrap();
    /// let text = changes.to_json_string();
    /// assert_eq!(ReportDiff::from_json_slice(text.as_bytes()).unwrap(), changes);
    /// let bad = text.replacen("\"region\"", "\"regoin\"", 1);
    /// let err = ReportDiff::from_json_slice(bad.as_bytes()).unwrap_err();
    /// assert_eq!(err.lines(), [
    ///     "report diff: missing field `region` (line 1, column 1)",
    ///     "report diff: unknown field `regoin`, expected one of `format`, `chain`, `region`, \
    ///      `before`, `after`, `summary`, `products`, `upstream_gaps`, `downstream_gaps`, \
    ///      `single_source`, `external_dependencies`, `producible`, `critical_firms` (line 4, column 3)",
    /// ]);
    /// let other = text.replacen("report-diff@1", "report-diff@9", 1);
    /// let err = ReportDiff::from_json_slice(other.as_bytes()).unwrap_err();
    /// assert!(err.lines()[0].starts_with("report diff: format: unknown format `report-diff@9`"));
    /// ```
    pub fn from_json_slice(bytes: &[u8]) -> crate::Result<ReportDiff> {
        crate::reader::lenient::from_slice(
            bytes,
            &crate::reader::lenient::Format {
                document: crate::Document::ReportDiff,
                format: DIFF_FORMAT,
                format_of: |d: &ReportDiff| &d.format,
                remake: "make it again from its two reports with `vrfb-chain diff`",
            },
        )
    }

    /// Reads a report diff file, as [`ReportDiff::from_json_slice`].
    ///
    /// # Errors
    /// [`Error::Io`](crate::Error::Io) naming the file when it cannot be read, or as
    /// [`ReportDiff::from_json_slice`], with the file named.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> crate::Result<ReportDiff> {
        let path = path.as_ref();
        let bytes = crate::read::file(path)?;
        ReportDiff::from_json_slice(&bytes).map_err(|e| e.with_file(path))
    }

    /// The diff as indented JSON text, ending with a newline.
    ///
    /// ```
    /// # use vrfb_chain::analysis::{diff, gaps, Options};
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// # let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
    /// let text = diff(&report, &report).unwrap().to_json_string();
    /// assert!(text.starts_with("{\n  \"format\": \"report-diff@1\""));
    /// ```
    pub fn to_json_string(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and every number in a diff is finite.
        let _ = crate::write::pretty(&mut out, self);
        String::from_utf8(out).unwrap_or_default()
    }
}

/// The keys of the entries of `after` whose key is not among `before`'s, in `after`'s
/// order.
fn only_in<T, U, K: Hash + Eq>(
    after: &[T],
    before: &[U],
    key_after: impl Fn(&T) -> K,
    key_before: impl Fn(&U) -> K,
) -> Vec<K> {
    let known: HashSet<K> = before.iter().map(key_before).collect();
    after
        .iter()
        .map(key_after)
        .filter(|k| !known.contains(k))
        .collect()
}

fn changes<T, U, K: Hash + Eq>(
    before: &[T],
    after: &[U],
    key_before: impl Fn(&T) -> K,
    key_after: impl Fn(&U) -> K,
) -> GapChanges<K> {
    GapChanges {
        opened: only_in(after, before, &key_after, &key_before),
        closed: only_in(before, after, &key_before, &key_after),
    }
}

fn strings<S: AsRef<str>>(list: &[S]) -> Vec<String> {
    list.iter().map(|s| s.as_ref().to_string()).collect()
}

fn gap_key<S: AsRef<str>>(firm: &S, product: &S, requirement: &[S]) -> GapKey {
    GapKey {
        firm: firm.as_ref().to_string(),
        product: product.as_ref().to_string(),
        requirement: strings(requirement),
    }
}

/// What changed from `before` to `after`.
///
/// # Errors
/// [`Error::InvalidArgument`] when the two reports are of different chains or regions.
///
/// # Complexity
/// O(G + P + C) expected time: the gap entries, products and critical firms of both
/// reports, each hashed once.
///
/// ```
/// use vrfb_chain::analysis::{diff, gaps, Options};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let zone = gaps(&graph, "zone-a", &Options::default()).unwrap();
/// let strict = Options { min_makers: 3, ..Options::default() };
/// let stricter = gaps(&graph, "zone-a", &strict).unwrap();
/// let d = diff(&zone, &stricter).unwrap();
/// assert_eq!(d.region, "zone-a");
/// assert!(d.products.iter().all(|c| c.after.rank() <= c.before.rank()));
/// let city = gaps(&graph, "city-a", &Options::default()).unwrap();
/// assert!(diff(&zone, &city).is_err());
/// ```
pub fn diff<A: AsRef<str>, B: AsRef<str>>(
    before: &GapReport<A>,
    after: &GapReport<B>,
) -> Result<ReportDiff> {
    let (b, a) = (before, after);
    let (chain, region) = (a.chain.as_ref(), a.scope.region.as_ref());
    if b.chain.as_ref() != chain {
        return Err(Error::InvalidArgument(format!(
            "the reports are of different chains, `{}` and `{chain}`",
            b.chain.as_ref()
        )));
    }
    if b.scope.region.as_ref() != region {
        return Err(Error::InvalidArgument(format!(
            "the reports are of different regions, `{}` and `{region}`",
            b.scope.region.as_ref()
        )));
    }
    let up = |g: &UpstreamGap<A>| gap_key(&g.firm, &g.product, &g.requirement);
    let up_after = |g: &UpstreamGap<B>| gap_key(&g.firm, &g.product, &g.requirement);
    let single = |g: &SingleSource<A>| gap_key(&g.firm, &g.product, &g.requirement);
    let single_after = |g: &SingleSource<B>| gap_key(&g.firm, &g.product, &g.requirement);
    let external = |g: &ExternalDependency<A>| gap_key(&g.firm, &g.product, &g.requirement);
    let external_after = |g: &ExternalDependency<B>| gap_key(&g.firm, &g.product, &g.requirement);
    Ok(ReportDiff {
        format: DIFF_FORMAT.to_string(),
        chain: chain.to_string(),
        region: region.to_string(),
        before: side(b),
        after: side(a),
        summary: summary(&b.summary, &a.summary),
        products: status_changes(b, a),
        upstream_gaps: changes(&b.upstream_gaps, &a.upstream_gaps, up, up_after),
        downstream_gaps: changes(
            &b.downstream_gaps,
            &a.downstream_gaps,
            |g| downstream_key(&g.firm, &g.product),
            |g| downstream_key(&g.firm, &g.product),
        ),
        single_source: changes(&b.single_source, &a.single_source, single, single_after),
        external_dependencies: changes(
            &b.external_dependencies,
            &a.external_dependencies,
            external,
            external_after,
        ),
        producible: ProducibleChanges {
            gained: not_in(&a.closure.producible, &b.closure.producible),
            lost: not_in(&b.closure.producible, &a.closure.producible),
        },
        critical_firms: critical_firms(b, a),
    })
}

fn downstream_key<S: AsRef<str>>(firm: &S, product: &S) -> DownstreamKey {
    DownstreamKey {
        firm: firm.as_ref().to_string(),
        product: product.as_ref().to_string(),
    }
}

/// The ids of `list` that `other` does not hold, in `list`'s order.
fn not_in<A: AsRef<str>, B: AsRef<str>>(list: &[A], other: &[B]) -> Vec<String> {
    let other: HashSet<&str> = other.iter().map(AsRef::as_ref).collect();
    list.iter()
        .map(AsRef::as_ref)
        .filter(|id| !other.contains(id))
        .map(str::to_string)
        .collect()
}

fn side<S>(report: &GapReport<S>) -> DiffSide {
    DiffSide {
        as_of: report.options.as_of,
        firms: report.scope.firms,
    }
}

fn summary(x: &Counts, y: &Counts) -> SummaryDiff {
    SummaryDiff {
        covered: [x.covered, y.covered],
        single: [x.single, y.single],
        unconfirmed: [x.unconfirmed, y.unconfirmed],
        planned: [x.planned, y.planned],
        missing: [x.missing, y.missing],
        coverage: [x.coverage, y.coverage],
        confirmed_coverage: [x.confirmed_coverage, y.confirmed_coverage],
    }
}

/// The products of `after` whose status in `before` differs, in `after`'s order (the
/// template's); a product only one report has is left out.
fn status_changes<A: AsRef<str>, B: AsRef<str>>(
    b: &GapReport<A>,
    a: &GapReport<B>,
) -> Vec<StatusChange> {
    a.products
        .iter()
        .filter_map(|p| {
            let before = b.status_of(p.product.as_ref())?;
            (before != p.status).then(|| StatusChange {
                product: p.product.as_ref().to_string(),
                before,
                after: p.status,
            })
        })
        .collect()
}

fn critical_firms<A: AsRef<str>, B: AsRef<str>>(b: &GapReport<A>, a: &GapReport<B>) -> FirmChanges {
    let ids = |firms: Vec<&str>| -> Vec<String> {
        let mut ids: Vec<String> = firms.into_iter().map(str::to_string).collect();
        ids.sort_unstable();
        ids
    };
    let x = ids(b.critical_firms.iter().map(|c| c.firm.as_ref()).collect());
    let y = ids(a.critical_firms.iter().map(|c| c.firm.as_ref()).collect());
    FirmChanges {
        added: not_in(&y, &x),
        removed: not_in(&x, &y),
    }
}
