//! Gap analysis (`gap-report@2`): what of the chain is present in a region, what is
//! missing or fragile, which local firms lack a supplier or a customer, which missing
//! products block a complete local chain, what to recruit first, which local firms the
//! region could not afford to lose, how concentrated local production is, and which
//! outside firms could fill each gap.
//!
//! The rules are those of the gap analysis (`docs/gap-analysis.md`), to the letter; [`gaps`]
//! computes a [`GapReport`], a plain value whose JSON has exactly the report's shape and
//! order, and [`diff`] compares two reports. One file per section of the analysis:
//!
//! | section | file | reads |
//! |---|---|---|
//! | product status, summary, segments | `status.rs` | the local makers |
//! | upstream and downstream gaps, single sources, external dependencies | `links.rs` | makes facts, supplies links |
//! | local closure | `closure.rs` | running local makers, the template |
//! | candidates | `candidates.rs` | outside makers, links, regions |
//! | priorities | `priorities.rs` | the gaps, the closure, the candidates |
//! | critical firms | `critical.rs` | the statuses, the closure, the single sources |
//! | concentration | `concentration.rs` | capacities |
//! | report diff | `diff.rs` | two reports |
//! | the report's JSON | `json.rs` | the report |
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

use crate::dataset::Grade;
use crate::graph::KnowledgeGraph;
use crate::{Date, Error, Result};

mod candidates;
mod closure;
mod concentration;
mod critical;
mod diff;
pub(crate) mod input;
mod json;
mod links;
mod priorities;
mod report;
mod scope;
mod status;

pub use diff::{
    diff, DiffSide, DownstreamKey, FirmChanges, GapChanges, GapKey, ProducibleChanges, ReportDiff,
    StatusChange, SummaryDiff, DIFF_FORMAT,
};
pub use report::{
    Action, AppliedOptions, Blocked, Candidate, Closure, Concentration, Counts, CriticalFirm,
    Downgrade, DownstreamGap, ExternalDependency, GapReport, Priority, ProductCandidates,
    ProductEntry, ProductStatus, ScopeInfo, SegmentCounts, SingleSource, SoleSupply, UpstreamGap,
    REPORT_FORMAT,
};

use input::Input;
use scope::{Names, Scope};

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

/// Rounds to 4 decimals as the exact binary value dictates (ties to even), the way
/// Python's `round(x, 4)` does.
fn round4(x: f64) -> f64 {
    format!("{x:.4}").parse().unwrap_or(x)
}

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
/// (the options start at 1).
///
/// # Complexity
/// O(V + E + F log F + G·k + C log C + K·P) time and O(V + E) space, where V and E are the
/// graph's nodes and edges, F the firms (sorted once by id), G the gap entries, k =
/// `top_candidates` (each entry lists at most k firms), C the facts with a capacity, K ≤ P
/// the firms that are some product's last running local maker and P the products. Each
/// section states its own cost; no section recomputes the report per firm.
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
pub(crate) fn analyse<'a, I: Input + Sync, S: From<&'a str> + Send + Sync + Clone>(
    input: &'a I,
    region: &str,
    options: &Options,
) -> Result<GapReport<S>> {
    analyse_with(input, region, options, links::PARALLEL_FIRMS)
}

/// [`analyse`], scanning the firms' links on two threads from `parallel_from` firms.
fn analyse_with<'a, I: Input + Sync, S: From<&'a str> + Send + Sync + Clone>(
    input: &'a I,
    region: &str,
    options: &Options,
    parallel_from: usize,
) -> Result<GapReport<S>> {
    let Some(scope_region) = input.region_index(region) else {
        return Err(Error::InvalidArgument(format!("unknown region `{region}`")));
    };
    if options.min_makers == 0 {
        return Err(Error::InvalidArgument(
            "min_makers must be at least 1, got 0".to_string(),
        ));
    }
    let scope = Scope::new(input, scope_region, options);
    let counts = status::maker_counts(&scope);
    let status: Vec<ProductStatus> = counts
        .iter()
        .map(|c| c.status(options.min_makers))
        .collect();
    let (summary, segments) = status::summary(input, &counts, &status);
    let names = Names::new(input.chain());
    let mut gaps = links::find(&scope, &names, options.top_candidates, parallel_from);
    let sole_supplies = std::mem::take(&mut gaps.sole_supplies);

    let running: Vec<bool> = counts.iter().map(|c| c.running > 0).collect();
    let order = closure::input_order(&scope.requirements);
    let producible = closure::producible(&order, &scope.requirements, &running);
    let blocking = closure::blocking(&order, &scope.requirements, &running, &producible);
    let closure = closure::section(input, &producible, &blocking);
    let (candidates, candidate_counts) =
        candidates::section(&scope, &status, options.top_candidates);

    let priorities = priorities::section(
        input,
        &status,
        &priorities::Reasons {
            supplier_gaps: &gaps.supplier_gaps,
            customer_gaps: &gaps.customer_gaps,
            blocks: &blocks(input, &producible, &blocking),
            candidates: &candidate_counts,
        },
    );
    let critical_firms = critical::section(
        &scope,
        &critical::Report {
            counts: &counts,
            status: &status,
            order: &order,
            producible: &producible,
            names: &names,
            min_makers: options.min_makers,
        },
        sole_supplies,
    );
    Ok(GapReport {
        format: REPORT_FORMAT.to_string(),
        chain: S::from(input.chain().id.as_str()),
        scope: ScopeInfo {
            region: S::from(input.region_id(scope_region)),
            firms: scope.firm_count(),
        },
        options: AppliedOptions {
            as_of: scope.as_of,
            min_makers: options.min_makers,
            min_grade: options.min_grade,
            top_candidates: options.top_candidates,
        },
        summary,
        segments,
        products: status::products(&scope, &status),
        upstream_gaps: gaps.upstream_gaps,
        downstream_gaps: gaps.downstream_gaps,
        single_source: gaps.single_source,
        external_dependencies: gaps.external_dependencies,
        closure,
        candidates,
        priorities,
        critical_firms,
        concentration: concentration::section(&scope),
    })
}

/// One section of the analysis on its own, for `benches/scale.rs` (not an API: the report is
/// [`gaps`]). `section` is `scope` (the scope, the facts and the statuses every section
/// needs, which each of the others includes), `links` (on threads as a report would be),
/// `links-one-thread`, `links-two-threads`, `closure`, `candidates`, `critical_firms`
/// (with the links it reads) or `concentration`; the result is a count of what it found,
/// for `black_box`.
#[doc(hidden)]
pub fn bench_section(
    graph: &KnowledgeGraph,
    region: &str,
    options: &Options,
    section: &str,
) -> usize {
    let Some(r) = graph.region_index(region) else {
        return 0;
    };
    let scope = Scope::new(graph, r, options);
    let counts = status::maker_counts(&scope);
    let status: Vec<ProductStatus> = counts
        .iter()
        .map(|c| c.status(options.min_makers))
        .collect();
    let running: Vec<bool> = counts.iter().map(|c| c.running > 0).collect();
    let order = closure::input_order(&scope.requirements);
    let producible = || closure::producible(&order, &scope.requirements, &running);
    match section {
        "links" | "links-one-thread" | "links-two-threads" => {
            let parallel_from = match section {
                "links-one-thread" => usize::MAX,
                "links-two-threads" => 0,
                _ => links::PARALLEL_FIRMS,
            };
            let names = Names::<&str>::new(graph.chain());
            links::find(&scope, &names, options.top_candidates, parallel_from)
                .upstream_gaps
                .len()
        }
        "closure" => {
            let producible = producible();
            closure::blocking(&order, &scope.requirements, &running, &producible).len()
        }
        "candidates" => candidates::section::<_, &str>(&scope, &status, options.top_candidates)
            .0
            .len(),
        "critical_firms" => {
            let names = Names::<&str>::new(graph.chain());
            let gaps = links::find(
                &scope,
                &names,
                options.top_candidates,
                links::PARALLEL_FIRMS,
            );
            let report = critical::Report {
                counts: &counts,
                status: &status,
                order: &order,
                producible: &producible(),
                names: &names,
                min_makers: options.min_makers,
            };
            critical::section(&scope, &report, gaps.sole_supplies).len()
        }
        "concentration" => concentration::section::<_, &str>(&scope).len(),
        _ => status.len(),
    }
}

/// Per product: how many blocked end products hold it in their blocking set.
fn blocks(
    input: &impl Input,
    producible: &[bool],
    blocking: &[std::collections::BTreeSet<u32>],
) -> Vec<usize> {
    let last = input.chain().segments.len().saturating_sub(1) as u32;
    let mut blocks = vec![0; producible.len()];
    for (p, set) in blocking.iter().enumerate() {
        if input.product_segment()[p] == last && !producible[p] {
            for &b in set {
                blocks[b as usize] += 1;
            }
        }
    }
    blocks
}

/// The knowledge graph of a synthetic national dataset of `firms` firms on the built-in
/// template, for the analysis' tests.
#[cfg(test)]
fn synthetic_graph(firms: usize, seed: u64) -> crate::KnowledgeGraph {
    let dataset = crate::synth::generate(firms, seed);
    crate::KnowledgeGraph::new(crate::builtin::vrfb_chain(), dataset).unwrap()
}

#[cfg(test)]
mod tests {
    use super::{analyse_with, round4, synthetic_graph, Options};
    use crate::Grade;

    #[test]
    fn two_threads_find_the_entries_of_one() {
        let synthetic = synthetic_graph(400, 9);
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
