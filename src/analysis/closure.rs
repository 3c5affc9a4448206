//! Local closure (the spec's "Local closure"): which products the region can make from
//! its own inputs, and, for each end product it cannot, the missing links a complete local
//! chain for it still needs.

use std::collections::BTreeSet;

use super::input::Input;
use super::report::{Blocked, Closure};

/// The products in an order where every input comes before the products that use it
/// (petgraph's toposort over the input relation), or template order if there were a
/// cycle, which a validated template has not.
pub(super) fn input_order(requirements: &[Vec<Vec<u32>>]) -> Vec<u32> {
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
    match petgraph::algo::toposort(&g, None) {
        Ok(order) => order.into_iter().map(|n| n.index() as u32).collect(),
        Err(_) => (0..requirements.len() as u32).collect(),
    }
}

/// Whether each product is locally producible: it has a running local maker and every
/// requirement has a producible alternative.
///
/// # Complexity
/// O(P + A) time and O(P) space: products and alternatives, one pass in input order.
pub(super) fn producible(
    order: &[u32],
    requirements: &[Vec<Vec<u32>>],
    running: &[bool],
) -> Vec<bool> {
    let mut producible = vec![false; requirements.len()];
    for &p in order {
        let p = p as usize;
        producible[p] = running[p]
            && requirements[p]
                .iter()
                .all(|alternatives| alternatives.iter().any(|&a| producible[a as usize]));
    }
    producible
}

/// The blocking set of every product that is not producible (empty for those that are):
/// `{p}` when it has no running local maker, joined with, for each requirement with no
/// producible alternative, the blocking set of its alternative with the fewest blocking
/// products (ties: the first listed). Each set is computed once, inputs first.
///
/// # Complexity
/// O(P·A·B) time, B the size of the largest blocking set (at most P).
pub(super) fn blocking(
    order: &[u32],
    requirements: &[Vec<Vec<u32>>],
    running: &[bool],
    producible: &[bool],
) -> Vec<BTreeSet<u32>> {
    let mut blocking: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); requirements.len()];
    for &p in order {
        let pu = p as usize;
        if producible[pu] {
            continue;
        }
        let mut set = BTreeSet::new();
        if !running[pu] {
            set.insert(p);
        }
        for alternatives in &requirements[pu] {
            if alternatives.iter().any(|&a| producible[a as usize]) {
                continue;
            }
            // `min_by_key` keeps the first of equal keys.
            let best = alternatives
                .iter()
                .copied()
                .min_by_key(|&a| blocking[a as usize].len());
            if let Some(a) = best {
                set.extend(blocking[a as usize].iter().copied());
            }
        }
        blocking[pu] = set;
    }
    blocking
}

/// The closure section: every producible product, and each last-segment product that is
/// not producible with its blocking set, both in template order. Product positions are
/// template order, so ascending sets are template order too.
pub(super) fn section<'a, I: Input, S: From<&'a str>>(
    input: &'a I,
    producible: &[bool],
    blocking: &[BTreeSet<u32>],
) -> Closure<S> {
    let chain = input.chain();
    let id = |p: usize| S::from(chain.products[p].id.as_str());
    let last = chain.segments.len().saturating_sub(1) as u32;
    let n = chain.products.len();
    Closure {
        producible: (0..n).filter(|&p| producible[p]).map(id).collect(),
        blocked: (0..n)
            .filter(|&p| input.product_segment()[p] == last && !producible[p])
            .map(|p| Blocked {
                product: id(p),
                blocking: blocking[p].iter().map(|&b| id(b as usize)).collect(),
            })
            .collect(),
    }
}
