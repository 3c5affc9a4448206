//! Gap analysis (`gap-report@1`): what of the chain is present in a region, what is
//! missing or fragile, which local firms lack a supplier or a customer, which missing
//! products block a complete local chain, and which outside firms could fill each gap.
//!
//! The rules are those of the gap-analysis spec, to the letter; [`gaps`] computes a
//! [`GapReport`], a plain value whose JSON has exactly the spec's shape and order.
//!
//! ```
//! use vrfb_chain::analysis::{gaps, Options, ProductStatus};
//! let graph = vrfb_chain::builtin::minimal_graph();
//! let report = gaps(&graph, "city-a", &Options::default()).unwrap();
//! assert_eq!(report.scope.firms, 2);
//! let stack = report.products.iter().find(|p| p.product == "stack").unwrap();
//! assert_eq!(stack.status, ProductStatus::Single);
//! assert_eq!(stack.local_makers, ["stackco"]);
//! ```

use std::collections::BTreeSet;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::dataset::{Grade, LinkKind, Status};
use crate::graph::{KnowledgeGraph, PartyIndex};
use crate::{Date, Error, Result};

pub(crate) mod input;
use input::Input;

/// The `format` string of a gap report.
pub const REPORT_FORMAT: &str = "gap-report@1";

/// The options of the analysis. [`Options::default`] gives the spec's defaults.
///
/// ```
/// use vrfb_chain::analysis::Options;
/// use vrfb_chain::Grade;
/// let options = Options::default();
/// assert_eq!((options.min_makers, options.min_grade, options.top_candidates), (2, Some(Grade::B), 5));
/// assert_eq!(options.as_of, None); // the dataset's own as_of
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The date facts must be valid at. `None`: the dataset's `as_of`, and where that is
    /// absent, every fact that is not `closed`, whatever its dates.
    pub as_of: Option<Date>,
    /// How many strong local makers make a product `covered` (≥ 1).
    pub min_makers: usize,
    /// The evidence grade a fact needs to be strong; `None` is the grade `none`, which every
    /// fact reaches.
    pub min_grade: Option<Grade>,
    /// How many candidates, local suppliers and local customers are listed per entry.
    pub top_candidates: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            as_of: None,
            min_makers: 2,
            min_grade: Some(Grade::B),
            top_candidates: 5,
        }
    }
}

/// Parses a grade option as the report writes it: `A`, `B`, `C` or `none`.
///
/// ```
/// use vrfb_chain::{analysis::parse_min_grade, Grade};
/// assert_eq!(parse_min_grade("none"), Ok(None));
/// assert_eq!(parse_min_grade("A"), Ok(Some(Grade::A)));
/// assert!(parse_min_grade("D").is_err());
/// ```
///
/// # Errors
/// A message naming the value when it is none of the four.
pub fn parse_min_grade(text: &str) -> std::result::Result<Option<Grade>, String> {
    if text == "none" {
        Ok(None)
    } else {
        text.parse::<Grade>()
            .map(Some)
            .map_err(|_| format!("unknown grade `{text}`, expected one of: A, B, C, none"))
    }
}

/// The status of a product in the scope, the first that holds of the five.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProductStatus {
    /// Strong local makers ≥ `min_makers`.
    Covered,
    /// 1 ≤ strong local makers < `min_makers`.
    Single,
    /// No strong local maker, at least one running.
    Unconfirmed,
    /// No running local maker, at least one `announced` or `building`.
    Planned,
    /// No local maker.
    Missing,
}

impl ProductStatus {
    /// Every status, in the spec's order.
    pub const ALL: [ProductStatus; 5] = [
        ProductStatus::Covered,
        ProductStatus::Single,
        ProductStatus::Unconfirmed,
        ProductStatus::Planned,
        ProductStatus::Missing,
    ];

    /// The status as the report writes it.
    pub fn as_str(&self) -> &'static str {
        match self {
            ProductStatus::Covered => "covered",
            ProductStatus::Single => "single",
            ProductStatus::Unconfirmed => "unconfirmed",
            ProductStatus::Planned => "planned",
            ProductStatus::Missing => "missing",
        }
    }
}

impl fmt::Display for ProductStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ProductStatus {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The region analysed and how many firms are in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeInfo<S = String> {
    /// The region id.
    pub region: S,
    /// The number of firms in the region or below it.
    pub firms: usize,
}

/// The options as applied: `as_of` is the effective date (`null` when none applies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedOptions {
    /// The date facts were taken as valid at.
    pub as_of: Option<Date>,
    /// See [`Options::min_makers`].
    pub min_makers: usize,
    /// See [`Options::min_grade`]; written `"none"` for `None`.
    #[serde(serialize_with = "serialize_min_grade")]
    pub min_grade: Option<Grade>,
    /// See [`Options::top_candidates`].
    pub top_candidates: usize,
}

fn serialize_min_grade<S: Serializer>(
    grade: &Option<Grade>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(grade.map_or("none", |g| g.as_str()))
}

/// Product counts by status, and the two coverages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counts {
    /// Products counted.
    pub products: usize,
    /// `covered` products.
    pub covered: usize,
    /// `single` products.
    pub single: usize,
    /// `unconfirmed` products.
    pub unconfirmed: usize,
    /// `planned` products.
    pub planned: usize,
    /// `missing` products.
    pub missing: usize,
    /// Products with a running local maker ÷ products, rounded to 4 decimals (0 for none).
    pub coverage: f64,
    /// Products with a strong local maker ÷ products, rounded to 4 decimals (0 for none).
    pub confirmed_coverage: f64,
}

/// The counts of one segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentCounts<S = String> {
    /// The segment id.
    pub segment: S,
    /// Its counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// A product's status in the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductEntry<S = String> {
    /// The product id.
    pub product: S,
    /// Its segment id.
    pub segment: S,
    /// Its status.
    pub status: ProductStatus,
    /// The firms in scope that make it (valid fact, any status), by id.
    pub local_makers: Vec<S>,
}

/// A requirement a local firm has neither made itself nor bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpstreamGap<S = String> {
    /// The firm in scope.
    pub firm: S,
    /// The product it makes.
    pub product: S,
    /// The requirement, as its alternatives in template order.
    pub requirement: Vec<S>,
    /// Firms in scope, other than the firm, that make an alternative: operating makers
    /// first, then the rest, each by id; at most `top_candidates`.
    pub local_suppliers: Vec<S>,
    /// How many such firms there are in all.
    pub local_supplier_count: usize,
}

/// A product of a local firm with a downstream use that the firm neither uses itself nor
/// sells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DownstreamGap<S = String> {
    /// The firm in scope.
    pub firm: S,
    /// The product it makes.
    pub product: S,
    /// Firms in scope, other than the firm, that make a product needing it: operating
    /// makers first, then the rest, each by id; at most `top_candidates`.
    pub local_customers: Vec<S>,
    /// How many such firms there are in all.
    pub local_customer_count: usize,
}

/// A requirement met by exactly one supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SingleSource<S = String> {
    /// The firm in scope.
    pub firm: S,
    /// The product it makes.
    pub product: S,
    /// The requirement.
    pub requirement: Vec<S>,
    /// The one supplier (in scope or not).
    pub supplier: S,
}

/// A requirement whose suppliers are all outside the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExternalDependency<S = String> {
    /// The firm in scope.
    pub firm: S,
    /// The product it makes.
    pub product: S,
    /// The requirement.
    pub requirement: Vec<S>,
    /// The suppliers, by id.
    pub suppliers: Vec<S>,
}

/// A last-segment product that cannot be made locally, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blocked<S = String> {
    /// The product.
    pub product: S,
    /// The products whose absence blocks it, in template order.
    pub blocking: Vec<S>,
}

/// Which products the region can make from its own inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Closure<S = String> {
    /// Every locally producible product, in template order.
    pub producible: Vec<S>,
    /// The last segment's products that are not locally producible.
    pub blocked: Vec<Blocked<S>>,
}

/// An outside firm that could fill a gap, with the parts of its score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate<S = String> {
    /// The firm.
    pub firm: S,
    /// 3 × links + 2 × proximity + evidence.
    pub score: u32,
    /// Links with firms or organizations in scope, either direction, up to 3.
    pub links: u32,
    /// Regions shared with the scope's path from the root.
    pub proximity: u32,
    /// Best grade of its operating facts for the product: A 3, B 2, C 1, none 0.
    pub evidence: u32,
}

/// The candidates for one product that is not `covered`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductCandidates<S = String> {
    /// The product.
    pub product: S,
    /// The best candidates, by score then id; at most `top_candidates`.
    pub firms: Vec<Candidate<S>>,
}

/// A gap report (`gap-report@1`). Its JSON has exactly the spec's fields, in the spec's
/// order; every list is present, empty where nothing applies.
///
/// `S` is the type of its ids (the same for every entry type of the report): `String` from
/// [`gaps`], `&str` borrowed from the store from
/// [`Registry::gaps`](crate::registry::Registry::gaps), which spares a national report
/// millions of small allocations. Both write the same JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapReport<S = String> {
    /// Always `gap-report@1`.
    pub format: &'static str,
    /// The chain id.
    pub chain: S,
    /// The region analysed.
    pub scope: ScopeInfo<S>,
    /// The options as applied.
    pub options: AppliedOptions,
    /// Counts for the whole chain.
    pub summary: Counts,
    /// Counts per segment, in template order.
    pub segments: Vec<SegmentCounts<S>>,
    /// Every product, in template order.
    pub products: Vec<ProductEntry<S>>,
    /// Requirements of local firms met neither by themselves nor by a supplier.
    pub upstream_gaps: Vec<UpstreamGap<S>>,
    /// Products of local firms with a downstream use and no customer.
    pub downstream_gaps: Vec<DownstreamGap<S>>,
    /// Requirements with exactly one supplier.
    pub single_source: Vec<SingleSource<S>>,
    /// Requirements whose suppliers are all outside the scope.
    pub external_dependencies: Vec<ExternalDependency<S>>,
    /// Local closure.
    pub closure: Closure<S>,
    /// Candidates for each product that is not `covered`.
    pub candidates: Vec<ProductCandidates<S>>,
}

impl<S: Serialize> GapReport<S> {
    /// The report as indented JSON text, ending with a newline.
    ///
    /// ```
    /// # use vrfb_chain::analysis::{gaps, Options};
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
    /// let json: serde_json::Value = serde_json::from_str(&report.to_json_string()).unwrap();
    /// assert_eq!(json["format"], "gap-report@1");
    /// assert_eq!(json["scope"]["region"], "zone-a");
    /// ```
    pub fn to_json_string(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and every number in a report is finite.
        let _ = crate::dataset::write_pretty(&mut out, self);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Writes the report as indented JSON.
    ///
    /// # Errors
    /// [`Error::Io`] when writing fails.
    pub fn to_writer<W: std::io::Write>(&self, writer: W) -> Result<()> {
        crate::dataset::write_pretty(writer, self)
    }
}

impl<S: AsRef<str>> GapReport<S> {
    /// The status of a product, when the template has it.
    ///
    /// ```
    /// # use vrfb_chain::analysis::{gaps, Options, ProductStatus};
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let report = gaps(&graph, "city-a", &Options::default()).unwrap();
    /// assert_eq!(report.status_of("stack"), Some(ProductStatus::Single));
    /// assert_eq!(report.status_of("unobtainium"), None);
    /// ```
    pub fn status_of(&self, product: &str) -> Option<ProductStatus> {
        self.products
            .iter()
            .find(|p| p.product.as_ref() == product)
            .map(|p| p.status)
    }
}

/// From how many firms the gap entries are found on two threads.
const PARALLEL_FIRMS: usize = 20_000;

/// The four lists of gap entries, as one scan of firms finds them.
struct Gaps<S> {
    upstream_gaps: Vec<UpstreamGap<S>>,
    downstream_gaps: Vec<DownstreamGap<S>>,
    single_source: Vec<SingleSource<S>>,
    external_dependencies: Vec<ExternalDependency<S>>,
}

impl<S> Gaps<S> {
    /// Appends the entries of the firms after these.
    fn extend(&mut self, rest: Gaps<S>) {
        self.upstream_gaps.extend(rest.upstream_gaps);
        self.downstream_gaps.extend(rest.downstream_gaps);
        self.single_source.extend(rest.single_source);
        self.external_dependencies
            .extend(rest.external_dependencies);
    }
}

/// Rounds to 4 decimals as the exact binary value dictates (ties to even), the way
/// Python's `round(x, 4)` does.
fn round4(x: f64) -> f64 {
    format!("{x:.4}").parse().unwrap_or(x)
}

fn grade_points(grade: Option<Grade>) -> u32 {
    match grade {
        Some(Grade::A) => 3,
        Some(Grade::B) => 2,
        Some(Grade::C) => 1,
        None => 0,
    }
}

/// What one firm makes validly: per product, whether a fact is operating, whether an
/// operating fact is strong, and the best evidence grade of its operating facts.
#[derive(Clone, Copy, Default)]
struct MakerFlags {
    operating: bool,
    strong: bool,
    evidence: Option<Grade>,
}

/// Lists of `T`s, one per firm in id order, kept in one flat list with each firm's start
/// rather than as 100k small lists; the analysis walks the firms in id order, so it reads
/// them front to back.
struct PerFirm<T> {
    /// Where each firm's entries start in `entries`; one more at the end.
    start: Vec<u32>,
    entries: Vec<T>,
}

impl<T> PerFirm<T> {
    /// The entries of the firm at place `k` in id order.
    fn of(&self, k: u32) -> &[T] {
        let k = k as usize;
        &self.entries[self.start[k] as usize..self.start[k + 1] as usize]
    }

    /// Lists from `(place, entry)` pairs in any order, each list sorted by `key`.
    fn from_pairs<K: Ord>(n: usize, pairs: Vec<(u32, T)>, key: impl Fn(&T) -> K) -> Self
    where
        T: Copy,
    {
        let mut start = vec![0u32; n + 1];
        for &(k, _) in &pairs {
            start[k as usize + 1] += 1;
        }
        for k in 0..n {
            start[k + 1] += start[k];
        }
        let mut next = start.clone();
        let mut slots: Vec<Option<T>> = vec![None; pairs.len()];
        for (k, entry) in pairs {
            slots[next[k as usize] as usize] = Some(entry);
            next[k as usize] += 1;
        }
        let mut entries: Vec<T> = slots.into_iter().flatten().collect();
        for k in 0..n {
            entries[start[k] as usize..start[k + 1] as usize].sort_unstable_by_key(&key);
        }
        PerFirm { start, entries }
    }
}

/// What each firm makes validly: per product, in product order, the facts of one product
/// merged.
type Made = PerFirm<(u32, MakerFlags)>;

/// Runs the gap analysis of `region` (the region and every region below it).
///
/// # Arguments
/// - `graph`: a validated knowledge graph;
/// - `region`: the id of the scope's region;
/// - `options`: see [`Options`].
///
/// # Returns
/// The [`GapReport`]; the same bytes for the same inputs, whatever the order of the
/// dataset's lists.
///
/// # Errors
/// [`Error::InvalidArgument`] when `region` is not a region of the dataset, or `min_makers` is 0
/// (the spec's options start at 1).
///
/// # Complexity
/// O(V + E + F log F + G·k) time and O(V + E) space, where V and E are the graph's nodes
/// and edges, F the firms (sorted once by id), G the gap entries and k =
/// `top_candidates` (each entry lists at most k firms). Local suppliers and customers are
/// computed once per requirement and product, never by scanning every firm for every
/// firm; the closure is one pass over the products in input order.
///
/// ```
/// use vrfb_chain::analysis::{gaps, Options};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
/// // The leader buys stacks but nobody supplies it with electrolyte.
/// assert_eq!(report.upstream_gaps[0].firm, "leader");
/// assert_eq!(report.upstream_gaps[0].requirement, ["electrolyte"]);
/// assert!(gaps(&graph, "atlantis", &Options::default()).is_err());
/// ```
pub fn gaps(graph: &KnowledgeGraph, region: &str, options: &Options) -> Result<GapReport> {
    analyse(graph, region, options)
}

/// [`gaps`] on any store of the data; the report's ids are `S`s made from the store's.
pub(crate) fn analyse<'a, I: Input + Sync, S: From<&'a str> + Send>(
    input: &'a I,
    region: &str,
    options: &Options,
) -> Result<GapReport<S>> {
    analyse_with(input, region, options, PARALLEL_FIRMS)
}

/// [`analyse`], scanning on two threads from `parallel_from` firms.
fn analyse_with<'a, I: Input + Sync, S: From<&'a str> + Send>(
    input: &'a I,
    region: &str,
    options: &Options,
    parallel_from: usize,
) -> Result<GapReport<S>> {
    let chain = input.chain();
    let Some(scope_region) = input.region_index(region) else {
        return Err(Error::InvalidArgument(format!("unknown region `{region}`")));
    };
    if options.min_makers == 0 {
        return Err(Error::InvalidArgument(
            "min_makers must be at least 1, got 0".to_string(),
        ));
    }
    let as_of = options.as_of.or(input.as_of());
    let min_makers = options.min_makers;
    let top = options.top_candidates;
    let n_products = chain.products.len();
    let n_firms = input.firm_region().len();
    let region_parent = input.region_parent();
    let id = |text: &'a str| S::from(text);

    // Regions in scope: the scope region and everything below it. A region is in scope
    // when its chain of parents reaches the scope region; memoised, so each region is
    // walked once.
    let mut region_in: Vec<Option<bool>> = vec![None; region_parent.len()];
    region_in[scope_region as usize] = Some(true);
    for r in 0..region_parent.len() {
        if region_in[r].is_some() {
            continue;
        }
        let mut walk = Vec::new();
        let mut at = Some(r as u32);
        let verdict = loop {
            match at {
                None => break false,
                Some(a) => match region_in[a as usize] {
                    Some(v) => break v,
                    None => {
                        walk.push(a);
                        at = region_parent[a as usize];
                    }
                },
            }
        };
        for w in walk {
            region_in[w as usize] = Some(verdict);
        }
    }
    let in_region = |r: u32| region_in[r as usize] == Some(true);
    let firm_in: Vec<bool> = input.firm_region().iter().map(|&r| in_region(r)).collect();
    let org_in: Vec<bool> = input
        .organization_region()
        .iter()
        .map(|r| r.is_some_and(in_region))
        .collect();
    let party_in = |p: PartyIndex| match p {
        PartyIndex::Firm(f) => firm_in[f as usize],
        PartyIndex::Organization(o) => org_in[o as usize],
    };

    // Firms by id: every list of firms below is written in this order. Sorted once per
    // graph, on the first analysis.
    let order = input.firm_order();
    let (by_id, rank) = (&order.by_id[..], &order.rank[..]);
    let firm_id = |f: u32| id(input.firm_id(f));

    // What each firm makes validly, per product (sorted by product, merged).
    let mut made = Made {
        start: Vec::with_capacity(n_firms + 1),
        entries: Vec::with_capacity(input.fact_count()),
    };
    for &f in by_id {
        let begin = made.entries.len();
        made.start.push(begin as u32);
        input.for_each_fact(f, |fact| {
            if !fact.is_valid_at(as_of) {
                return;
            }
            let operating = fact.status == Status::Operating;
            let grade = fact.grade;
            made.entries.push((
                fact.product,
                MakerFlags {
                    operating,
                    strong: operating && grade >= options.min_grade,
                    evidence: if operating { grade } else { None },
                },
            ));
        });
        made.entries[begin..].sort_unstable_by_key(|&(p, _)| p);
        // Merge the facts of one product into the first.
        let mut kept = begin;
        for k in begin + 1..made.entries.len() {
            let (p, flags) = made.entries[k];
            if p == made.entries[kept].0 {
                let merged = &mut made.entries[kept].1;
                merged.operating |= flags.operating;
                merged.strong |= flags.strong;
                merged.evidence = merged.evidence.max(flags.evidence);
            } else {
                kept += 1;
                made.entries[kept] = (p, flags);
            }
        }
        made.entries.truncate((kept + 1).min(made.entries.len()));
    }
    made.start.push(made.entries.len() as u32);
    // What the firm at place `k` in id order makes of `p`.
    let makes = |k: u32, p: u32| -> Option<MakerFlags> {
        let list = made.of(k);
        list.binary_search_by_key(&p, |&(q, _)| q)
            .ok()
            .map(|k| list[k].1)
    };

    // Local makers of each product, by id, with their flags.
    let mut local: Vec<Vec<(u32, MakerFlags)>> = vec![Vec::new(); n_products];
    for (k, &f) in by_id.iter().enumerate() {
        if firm_in[f as usize] {
            for &(p, flags) in made.of(k as u32) {
                local[p as usize].push((f, flags));
            }
        }
    }

    // Product status and counts.
    let mut status = Vec::with_capacity(n_products);
    for makers in &local {
        let strong = makers.iter().filter(|(_, m)| m.strong).count();
        let running = makers.iter().any(|(_, m)| m.operating);
        status.push(if strong >= min_makers {
            ProductStatus::Covered
        } else if strong >= 1 {
            ProductStatus::Single
        } else if running {
            ProductStatus::Unconfirmed
        } else if !makers.is_empty() {
            ProductStatus::Planned
        } else {
            ProductStatus::Missing
        });
    }
    let count = |products: &mut dyn Iterator<Item = usize>| -> Counts {
        let mut c = Counts {
            products: 0,
            covered: 0,
            single: 0,
            unconfirmed: 0,
            planned: 0,
            missing: 0,
            coverage: 0.0,
            confirmed_coverage: 0.0,
        };
        let (mut running, mut strong) = (0usize, 0usize);
        for p in products {
            c.products += 1;
            match status[p] {
                ProductStatus::Covered => c.covered += 1,
                ProductStatus::Single => c.single += 1,
                ProductStatus::Unconfirmed => c.unconfirmed += 1,
                ProductStatus::Planned => c.planned += 1,
                ProductStatus::Missing => c.missing += 1,
            }
            running += usize::from(local[p].iter().any(|(_, m)| m.operating));
            strong += usize::from(local[p].iter().any(|(_, m)| m.strong));
        }
        if c.products > 0 {
            c.coverage = round4(running as f64 / c.products as f64);
            c.confirmed_coverage = round4(strong as f64 / c.products as f64);
        }
        c
    };
    let summary = count(&mut (0..n_products));
    let segments = chain
        .segments
        .iter()
        .enumerate()
        .map(|(s, seg)| SegmentCounts {
            segment: id(&seg.id),
            counts: count(&mut (0..n_products).filter(|&p| input.product_segment()[p] == s as u32)),
        })
        .collect();
    let products = chain
        .products
        .iter()
        .enumerate()
        .map(|(p, prod)| ProductEntry {
            product: id(&prod.id),
            segment: id(&prod.segment),
            status: status[p],
            local_makers: local[p].iter().map(|&(f, _)| firm_id(f)).collect(),
        })
        .collect();

    // Requirements as product indices, and the products that use each product.
    let requirements: Vec<Vec<Vec<u32>>> = chain
        .products
        .iter()
        .map(|prod| {
            prod.inputs
                .iter()
                .map(|r| {
                    r.alternatives()
                        .iter()
                        .filter_map(|a| input.product_index(a))
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut users: Vec<Vec<u32>> = vec![Vec::new(); n_products];
    for (q, reqs) in requirements.iter().enumerate() {
        for alt in reqs.iter().flatten() {
            users[*alt as usize].push(q as u32);
        }
    }
    for u in &mut users {
        u.sort_unstable();
        u.dedup();
    }

    // Local firms that make any of `products`, operating makers first, each group by id.
    let local_firms_making = |products: &[u32]| -> Vec<u32> {
        let mut firms: Vec<(bool, u32, u32)> = Vec::new();
        for &p in products {
            for &(f, flags) in &local[p as usize] {
                firms.push((!flags.operating, rank[f as usize], f));
            }
        }
        // One entry per firm, operating if any of its facts is.
        firms.sort_unstable_by_key(|&(not_op, r, _)| (r, not_op));
        firms.dedup_by_key(|&mut (_, r, _)| r);
        firms.sort_unstable();
        firms.into_iter().map(|(_, _, f)| f).collect()
    };
    // `firms` leaving out `except`, who is in the list exactly when `except_listed`: the
    // caller knows it (a local firm is in `local_firms_making(products)` exactly when it
    // makes one of `products`), and searching a national list for it at every gap entry
    // would cost O(firms) per entry.
    let short_list = |firms: &[u32], except: u32, except_listed: bool| -> (Vec<S>, usize) {
        debug_assert_eq!(firms.contains(&except), except_listed);
        let total = firms.len() - usize::from(except_listed);
        let listed = firms
            .iter()
            .filter(|&&f| f != except)
            .take(top)
            .map(|&f| firm_id(f))
            .collect();
        (listed, total)
    };
    let alternatives_of = |p: usize, k: usize| -> Vec<S> {
        chain.products[p].inputs[k]
            .alternatives()
            .iter()
            .map(|a| id(a))
            .collect()
    };

    // Valid supplies links: incoming per firm (product, supplier) and outgoing products,
    // per firm in id order.
    let mut incoming: Vec<(u32, (u32, u32))> = Vec::new();
    let mut sells: Vec<(u32, u32)> = Vec::new();
    for i in 0..input.link_count() {
        let link = input.link(i);
        if link.kind != LinkKind::Supplies || !link.is_valid_at(as_of) {
            continue;
        }
        let (PartyIndex::Firm(from), PartyIndex::Firm(to), Some(product)) =
            (link.ends().0, link.ends().1, link.product())
        else {
            continue;
        };
        if firm_in[to as usize] {
            incoming.push((rank[to as usize], (product, from)));
        }
        if firm_in[from as usize] {
            sells.push((rank[from as usize], product));
        }
    }
    // Repeats are harmless: suppliers are deduplicated where they are read, and `sells`
    // is only searched.
    let incoming = PerFirm::from_pairs(n_firms, incoming, |&(p, s)| (p, rank[s as usize]));
    let sells = PerFirm::from_pairs(n_firms, sells, |&p| p);

    // The gap entries of the local firms at `places` in id order.
    let scan = |places: std::ops::Range<usize>| -> Gaps<S> {
        let mut upstream_gaps = Vec::new();
        let mut downstream_gaps = Vec::new();
        let mut single_source = Vec::new();
        let mut external_dependencies = Vec::new();
        // Lists of local suppliers per (product, requirement) and of local customers per
        // product, computed on first use.
        let mut supplier_lists: Vec<Vec<Option<Vec<u32>>>> = requirements
            .iter()
            .map(|reqs| vec![None; reqs.len()])
            .collect();
        let mut customer_lists: Vec<Option<Vec<u32>>> = vec![None; n_products];
        for place in places {
            let f = by_id[place];
            if !firm_in[f as usize] {
                continue;
            }
            let place = place as u32;
            for &(p, _) in made.of(place) {
                let pu = p as usize;
                for (k, alternatives) in requirements[pu].iter().enumerate() {
                    let by_itself = alternatives.iter().any(|&a| makes(place, a).is_some());
                    if by_itself {
                        continue;
                    }
                    let inc = incoming.of(place);
                    let mut suppliers: Vec<u32> = Vec::new();
                    for &a in alternatives {
                        let start = inc.partition_point(|&(q, _)| q < a);
                        suppliers.extend(
                            inc[start..]
                                .iter()
                                .take_while(|&&(q, _)| q == a)
                                .map(|&(_, s)| s),
                        );
                    }
                    suppliers.sort_unstable_by_key(|&s| rank[s as usize]);
                    suppliers.dedup();
                    if suppliers.is_empty() {
                        let list = supplier_lists[pu][k]
                            .get_or_insert_with(|| local_firms_making(alternatives));
                        // `f` makes no alternative (`by_itself` is false): it is not listed.
                        let (local_suppliers, local_supplier_count) = short_list(list, f, false);
                        upstream_gaps.push(UpstreamGap {
                            firm: firm_id(f),
                            product: id(&chain.products[pu].id),
                            requirement: alternatives_of(pu, k),
                            local_suppliers,
                            local_supplier_count,
                        });
                    }
                    // The spec's rule read to the letter: "every supplier is outside scope"
                    // also holds when there is no supplier at all.
                    if suppliers.iter().all(|&s| !firm_in[s as usize]) {
                        external_dependencies.push(ExternalDependency {
                            firm: firm_id(f),
                            product: id(&chain.products[pu].id),
                            requirement: alternatives_of(pu, k),
                            suppliers: suppliers.iter().map(|&s| firm_id(s)).collect(),
                        });
                    }
                    if let [only] = suppliers[..] {
                        single_source.push(SingleSource {
                            firm: firm_id(f),
                            product: id(&chain.products[pu].id),
                            requirement: alternatives_of(pu, k),
                            supplier: firm_id(only),
                        });
                    }
                }
                if users[pu].is_empty() {
                    continue;
                }
                let uses_itself = users[pu].iter().any(|&q| makes(place, q).is_some());
                let sells_it = sells.of(place).binary_search(&p).is_ok();
                if !uses_itself && !sells_it {
                    let list =
                        customer_lists[pu].get_or_insert_with(|| local_firms_making(&users[pu]));
                    // `f` makes no product that uses `p` (`uses_itself` is false): not listed.
                    let (local_customers, local_customer_count) = short_list(list, f, false);
                    downstream_gaps.push(DownstreamGap {
                        firm: firm_id(f),
                        product: id(&chain.products[pu].id),
                        local_customers,
                        local_customer_count,
                    });
                }
            }
        }
        Gaps {
            upstream_gaps,
            downstream_gaps,
            single_source,
            external_dependencies,
        }
    };
    // A national scope is scanned in two halves on two threads; the halves are in id
    // order, so their entries joined are in the order of one scan.
    let Gaps {
        upstream_gaps,
        downstream_gaps,
        single_source,
        external_dependencies,
    } = if by_id.len() >= parallel_from {
        let half = by_id.len() / 2;
        std::thread::scope(|threads| {
            let second =
                std::thread::Builder::new().spawn_scoped(threads, || scan(half..by_id.len()));
            let Ok(second) = second else {
                // No second thread to be had: all on this one.
                return scan(0..by_id.len());
            };
            let mut gaps = scan(0..half);
            match second.join() {
                Ok(rest) => gaps.extend(rest),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            gaps
        })
    } else {
        scan(0..by_id.len())
    };

    let closure = closure(input, &requirements, &local, id);
    let candidates = candidates(
        input,
        options,
        as_of,
        scope_region,
        &status,
        &firm_in,
        &party_in,
        &made,
        by_id,
        id,
    );

    Ok(GapReport {
        format: REPORT_FORMAT,
        chain: id(&chain.id),
        scope: ScopeInfo {
            region: id(input.region_id(scope_region)),
            firms: firm_in.iter().filter(|&&b| b).count(),
        },
        options: AppliedOptions {
            as_of,
            min_makers: options.min_makers,
            min_grade: options.min_grade,
            top_candidates: top,
        },
        summary,
        segments,
        products,
        upstream_gaps,
        downstream_gaps,
        single_source,
        external_dependencies,
        closure,
        candidates,
    })
}

/// Local closure: which products are locally producible, and what blocks the last
/// segment's products that are not.
fn closure<'a, S>(
    input: &'a impl Input,
    requirements: &[Vec<Vec<u32>>],
    local: &[Vec<(u32, MakerFlags)>],
    id: impl Fn(&'a str) -> S,
) -> Closure<S> {
    let chain = input.chain();
    let n = chain.products.len();
    let running: Vec<bool> = local
        .iter()
        .map(|makers| makers.iter().any(|(_, m)| m.operating))
        .collect();
    // Inputs come before the products that need them (the template is acyclic).
    let order = input_order(requirements);
    let mut producible = vec![false; n];
    let mut blocking: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); n];
    for &p in &order {
        let pu = p as usize;
        if !running[pu] {
            blocking[pu].insert(p);
            continue;
        }
        let mut set = BTreeSet::new();
        for alternatives in &requirements[pu] {
            if alternatives.iter().any(|&a| producible[a as usize]) {
                continue;
            }
            // The alternative with the fewest blocking products; ties: the first listed.
            let best = alternatives
                .iter()
                .copied()
                .min_by_key(|&a| blocking[a as usize].len());
            if let Some(a) = best {
                set.extend(blocking[a as usize].iter().copied());
            }
        }
        producible[pu] = set.is_empty();
        blocking[pu] = set;
    }
    let last = chain.segments.len().saturating_sub(1) as u32;
    Closure {
        producible: (0..n)
            .filter(|&p| producible[p])
            .map(|p| id(&chain.products[p].id))
            .collect(),
        blocked: (0..n)
            .filter(|&p| input.product_segment()[p] == last && !producible[p])
            .map(|p| Blocked {
                product: id(&chain.products[p].id),
                blocking: blocking[p]
                    .iter()
                    .map(|&b| id(&chain.products[b as usize].id))
                    .collect(),
            })
            .collect(),
    }
}

/// The products in an order where every input comes before the products that use it
/// (petgraph's toposort over the input relation).
fn input_order(requirements: &[Vec<Vec<u32>>]) -> Vec<u32> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let mut g: DiGraph<(), (), u32> = DiGraph::with_capacity(requirements.len(), 0);
    for _ in requirements {
        g.add_node(());
    }
    for (p, reqs) in requirements.iter().enumerate() {
        for &a in reqs.iter().flatten() {
            g.add_edge(NodeIndex::new(a as usize), NodeIndex::new(p), ());
        }
    }
    // A validated template is acyclic; the fallback keeps template order all the same.
    match petgraph::algo::toposort(&g, None) {
        Ok(order) => order.into_iter().map(|n| n.index() as u32).collect(),
        Err(_) => (0..requirements.len() as u32).collect(),
    }
}

#[allow(clippy::too_many_arguments)]
fn candidates<'a, S>(
    input: &'a impl Input,
    options: &Options,
    as_of: Option<Date>,
    scope_region: u32,
    status: &[ProductStatus],
    firm_in: &[bool],
    party_in: &dyn Fn(PartyIndex) -> bool,
    made: &Made,
    by_id: &[u32],
    id: impl Fn(&'a str) -> S,
) -> Vec<ProductCandidates<S>> {
    let chain = input.chain();
    let firm_region = input.firm_region();
    let region_parent = input.region_parent();
    let region_chain =
        |region: u32| std::iter::successors(Some(region), move |&r| region_parent[r as usize]);
    // Links with the scope, per outside firm, capped at 3.
    let mut links = vec![0u32; firm_region.len()];
    for i in 0..input.link_count() {
        let link = input.link(i);
        if !link.is_valid_at(as_of) {
            continue;
        }
        let (a, b) = link.ends();
        for (this, other) in [(a, b), (b, a)] {
            if let PartyIndex::Firm(f) = this {
                if !firm_in[f as usize] && party_in(other) {
                    links[f as usize] = (links[f as usize] + 1).min(3);
                }
            }
        }
    }
    // The scope's path from the root.
    let mut scope_path: Vec<u32> = region_chain(scope_region).collect();
    scope_path.reverse();
    let proximity_of = |region: u32| -> u32 {
        let mut path: Vec<u32> = region_chain(region).collect();
        path.reverse();
        path.iter()
            .zip(&scope_path)
            .take_while(|(a, b)| a == b)
            .count() as u32
    };
    let mut proximity_memo: Vec<Option<u32>> = vec![None; region_parent.len()];

    // Operating outside makers of each product, with their best evidence (the best grade
    // of their operating facts for it, merged with the rest of `made`).
    let mut outside: Vec<Vec<(u32, u32)>> = vec![Vec::new(); chain.products.len()];
    for (k, &f) in by_id.iter().enumerate() {
        if firm_in[f as usize] {
            continue;
        }
        for &(p, flags) in made.of(k as u32) {
            if flags.operating {
                outside[p as usize].push((f, grade_points(flags.evidence)));
            }
        }
    }

    let mut out = Vec::new();
    for (p, prod) in chain.products.iter().enumerate() {
        if status[p] == ProductStatus::Covered {
            continue;
        }
        let mut firms: Vec<Candidate<S>> = outside[p]
            .iter()
            .map(|&(f, evidence)| {
                let region = firm_region[f as usize];
                let proximity =
                    *proximity_memo[region as usize].get_or_insert_with(|| proximity_of(region));
                let links = links[f as usize];
                Candidate {
                    firm: id(input.firm_id(f)),
                    score: 3 * links + 2 * proximity + evidence,
                    links,
                    proximity,
                    evidence,
                }
            })
            .collect();
        // Candidates arrive by id; a stable sort by score keeps ties by id.
        firms.sort_by_key(|c| std::cmp::Reverse(c.score));
        firms.truncate(options.top_candidates);
        out.push(ProductCandidates {
            product: id(&prod.id),
            firms,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{analyse_with, round4, Options};
    use crate::Grade;

    #[test]
    fn two_threads_find_the_entries_of_one() {
        let mut text = Vec::new();
        crate::synth::write_json(&crate::synth::generate(400, 9), &mut text).unwrap();
        let synthetic = crate::KnowledgeGraph::from_json_slices(
            crate::builtin::VRFB_CHAIN_JSON.as_bytes(),
            &text,
        )
        .unwrap();
        let options = [
            Options::default(),
            Options {
                as_of: None,
                min_makers: 1,
                min_grade: Some(Grade::C),
                top_candidates: 1,
            },
        ];
        for graph in [crate::builtin::vrfb_graph(), synthetic] {
            for region in graph.dataset().regions.iter().take(12) {
                for o in &options {
                    let one = analyse_with::<_, String>(&graph, &region.id, o, usize::MAX).unwrap();
                    let two = analyse_with::<_, String>(&graph, &region.id, o, 0).unwrap();
                    assert_eq!(one, two, "{}", region.id);
                }
            }
        }
    }

    #[test]
    fn rounding_matches_pythons_round_to_four_places() {
        // Values from Python 3: round(k / n, 4).
        for (k, n, want) in [
            (1.0, 32.0, 0.0312),
            (3.0, 32.0, 0.0938),
            (3.0, 160.0, 0.0187),
            (7.0, 160.0, 0.0437),
            (2.0, 7.0, 0.2857),
            (4.0, 22.0, 0.1818),
            (3.0, 22.0, 0.1364),
        ] {
            assert_eq!(round4(k / n), want, "{k}/{n}");
        }
    }
}
