//! The rules of the chain template (datasets are checked by the reader, `crate::reader`).
//! Each check pushes a [`Problem`] with the JSON path of the offending value; nothing
//! stops at the first problem. The id and name rules are shared with the reader
//! ([`is_valid_id`], [`Name::check`]).

use std::collections::{BTreeSet, HashMap};

use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::DiGraph;

use crate::chain::{Chain, Name, Requirement};
use crate::problem::{Kind, Location, Problem, Step};

/// The longest id the spec allows.
pub const MAX_ID_LEN: usize = 64;

/// Whether `id` is a valid id: 1–64 characters from `a-z 0-9 - _ .`.
///
/// ```
/// use vrfb_chain::is_valid_id;
/// assert!(is_valid_id("cn-sc-leshan-hitech"));
/// assert!(is_valid_id("v2o5"));
/// assert!(!is_valid_id("Weilide"));
/// assert!(!is_valid_id(""));
/// assert!(!is_valid_id(&"a".repeat(65)));
/// ```
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.'))
}

/// A problem at `path`.
fn at(path: String, kind: Kind) -> Problem {
    Problem::at(Location::parse(&path), kind)
}

fn check_id(id: &str, path: impl FnOnce() -> String, p: &mut Vec<Problem>) {
    if !is_valid_id(id) {
        p.push(Problem::at(
            Location::parse(&path()),
            Kind::InvalidId(id.to_string()),
        ));
    }
}

/// Checks a name ([`Name::check`]). `path` (the name's JSON path) is built only when
/// there is a problem, so that a valid document of 100k names formats none.
pub(crate) fn check_name(name: &Name, path: impl Fn() -> String, p: &mut Vec<Problem>) {
    Name::check(name.zh.as_deref(), name.en.as_deref(), |key, kind| {
        let mut at = Location::parse(&path());
        if let Some(key) = key {
            at.steps_mut().push(Step::from(key));
        }
        p.push(Problem::at(at, kind));
    });
}

/// Records `id` as first seen at `at`; a second sighting is a duplicate, reported at
/// `path()` and naming the first place as `first_path` writes it. Paths are built only
/// for a problem.
fn check_unique<'a, V: Copy>(
    seen: &mut HashMap<&'a str, V>,
    (id, at, what): (&'a str, V, &'static str),
    path: impl Fn() -> String,
    first_path: impl Fn(V) -> String,
    p: &mut Vec<Problem>,
) {
    if let Some(&first) = seen.get(id) {
        let kind = Kind::Duplicate {
            what,
            id: id.to_string(),
            first: Location::parse(&first_path(first)),
        };
        p.push(Problem::at(Location::parse(&path()), kind));
    } else {
        seen.insert(id, at);
    }
}

/// Every rule of the template.
pub(crate) fn chain(chain: &Chain) -> Vec<Problem> {
    let mut p = Vec::new();
    check_id(&chain.id, || "id".into(), &mut p);
    check_name(&chain.name, || "name".into(), &mut p);
    if chain.segments.is_empty() {
        p.push(at("segments".into(), Kind::NoSegments));
    }
    let (segment_rank, product_index) = segments_and_products(chain, &mut p);
    let inputs = requirements(chain, &segment_rank, &product_index, &mut p);
    input_cycles(chain, &inputs, &mut p);
    p
}

/// The rank of the first segment and the position of the first product with each id.
type Ranks<'c> = HashMap<&'c str, usize>;

/// Segments' and products' ids unique and valid, names given, each product in a known
/// segment.
fn segments_and_products<'c>(chain: &'c Chain, p: &mut Vec<Problem>) -> (Ranks<'c>, Ranks<'c>) {
    // The position of the first segment and of the first product with each id.
    let mut segment_rank: HashMap<&str, usize> = HashMap::new();
    for (i, s) in chain.segments.iter().enumerate() {
        check_id(&s.id, || format!("segments[{i}].id"), p);
        check_unique(
            &mut segment_rank,
            (&s.id, i, "segment"),
            || format!("segments[{i}].id"),
            |first| format!("segments[{first}].id"),
            p,
        );
        check_name(&s.name, || format!("segments[{i}].name"), p);
    }
    let mut product_index: HashMap<&str, usize> = HashMap::new();
    for (i, prod) in chain.products.iter().enumerate() {
        check_id(&prod.id, || format!("products[{i}].id"), p);
        check_unique(
            &mut product_index,
            (&prod.id, i, "product"),
            || format!("products[{i}].id"),
            |first| format!("products[{first}].id"),
            p,
        );
        if !segment_rank.contains_key(prod.segment.as_str()) {
            let kind = Kind::UnknownSegment(prod.segment.clone());
            p.push(at(format!("products[{i}].segment"), kind));
        }
        check_name(&prod.name, || format!("products[{i}].name"), p);
    }
    (segment_rank, product_index)
}

/// Each requirement lists alternatives once, not its own product, known products, none
/// downstream of it; the graph of inputs, for the cycle rule.
fn requirements(
    chain: &Chain,
    segment_rank: &Ranks<'_>,
    product_index: &Ranks<'_>,
    p: &mut Vec<Problem>,
) -> DiGraph<(), ()> {
    let mut inputs: DiGraph<(), ()> = DiGraph::with_capacity(chain.products.len(), 0);
    for _ in &chain.products {
        inputs.add_node(());
    }
    for (i, prod) in chain.products.iter().enumerate() {
        let own_rank = segment_rank.get(prod.segment.as_str()).copied();
        for (k, req) in prod.inputs.iter().enumerate() {
            if let Requirement::AnyOf(ids) = req {
                if ids.is_empty() {
                    p.push(at(
                        format!("products[{i}].inputs[{k}]"),
                        Kind::EmptyRequirement,
                    ));
                }
            }
            let many = matches!(req, Requirement::AnyOf(_));
            let mut in_requirement = BTreeSet::new();
            for (a, alt) in req.alternatives().iter().enumerate() {
                let path = || {
                    if many {
                        format!("products[{i}].inputs[{k}][{a}]")
                    } else {
                        format!("products[{i}].inputs[{k}]")
                    }
                };
                if !in_requirement.insert(alt.as_str()) {
                    p.push(at(path(), Kind::RequirementRepeats(alt.clone())));
                    continue;
                }
                if alt == &prod.id {
                    p.push(at(path(), Kind::ListsItself(alt.clone())));
                    continue;
                }
                let Some(&j) = product_index.get(alt.as_str()) else {
                    p.push(at(path(), Kind::UnknownInput(alt.clone())));
                    continue;
                };
                inputs.update_edge(
                    petgraph::graph::NodeIndex::new(j),
                    petgraph::graph::NodeIndex::new(i),
                    (),
                );
                let input_segment = &chain.products[j].segment;
                if let (Some(own), Some(theirs)) =
                    (own_rank, segment_rank.get(input_segment.as_str()))
                {
                    if *theirs > own {
                        let kind = Kind::InputDownstream {
                            input: alt.clone(),
                            segment: input_segment.clone(),
                            of: prod.segment.clone(),
                        };
                        p.push(at(path(), kind));
                    }
                }
            }
        }
    }
    inputs
}

/// No product is, through its inputs, an input of itself.
fn input_cycles(chain: &Chain, inputs: &DiGraph<(), ()>, p: &mut Vec<Problem>) {
    if toposort(inputs, None).is_err() {
        let mut cycles: Vec<Vec<usize>> = tarjan_scc(inputs)
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let mut c: Vec<usize> = c.into_iter().map(|n| n.index()).collect();
                c.sort_unstable();
                c
            })
            .collect();
        cycles.sort();
        for cycle in cycles {
            let ids = cycle.iter().map(|&i| chain.products[i].id.clone());
            let kind = Kind::InputCycle(ids.collect());
            p.push(at(format!("products[{}].inputs", cycle[0]), kind));
        }
    }
}
