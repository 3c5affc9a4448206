//! What every section of the analysis reads: the firms in scope, what each firm makes
//! validly, the local makers of each product, and the template's requirements by position.

use crate::dataset::{Grade, Status};
use crate::graph::PartyIndex;
use crate::Date;

use super::input::Input;
use super::Options;

/// What one firm makes validly of one product, its facts for it merged: whether one is
/// operating, whether an operating one is strong, and the best grade of its operating ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct MakerFlags {
    pub(super) operating: bool,
    pub(super) strong: bool,
    pub(super) evidence: Option<Grade>,
}

/// Lists of `T`s, one per firm, kept in one flat list with each firm's start rather than
/// as 100k small lists. The analysis walks the firms in id order, so the lists it keeps are
/// in id order ([`PerFirm::gather`]) and read front to back.
pub(super) struct PerFirm<T> {
    /// Where each firm's entries start in `entries`; one more at the end.
    start: Vec<u32>,
    entries: Vec<T>,
}

impl<T> PerFirm<T> {
    /// The entries of list `k` (the firm at place `k` in id order, once gathered).
    pub(super) fn of(&self, k: u32) -> &[T] {
        let k = k as usize;
        &self.entries[self.start[k] as usize..self.start[k + 1] as usize]
    }

    /// The lists in the order `order` gives: list `k` of the result is list `order[k]`
    /// of these. O(n + e).
    pub(super) fn gather(&self, order: &[u32]) -> Self
    where
        T: Copy,
    {
        let mut start = Vec::with_capacity(order.len() + 1);
        let mut entries = Vec::with_capacity(self.entries.len());
        for &k in order {
            start.push(entries.len() as u32);
            entries.extend_from_slice(self.of(k));
        }
        start.push(entries.len() as u32);
        PerFirm { start, entries }
    }

    /// Lists from `(place, entry)` pairs in any order, each list sorted. O(n + e log e), e
    /// the pairs.
    pub(super) fn from_pairs(n: usize, pairs: &[(u32, T)]) -> Self
    where
        T: Copy + Default + Ord,
    {
        let mut start = vec![0u32; n + 1];
        for &(k, _) in pairs {
            start[k as usize + 1] += 1;
        }
        for k in 0..n {
            start[k + 1] += start[k];
        }
        // A counting sort by place: each entry goes to the next free slot of its list.
        let mut next = start.clone();
        let mut entries = vec![T::default(); pairs.len()];
        for &(k, entry) in pairs {
            entries[next[k as usize] as usize] = entry;
            next[k as usize] += 1;
        }
        for k in 0..n {
            entries[start[k] as usize..start[k + 1] as usize].sort_unstable();
        }
        PerFirm { start, entries }
    }
}

/// The scope and the valid facts, resolved once for every section.
pub(super) struct Scope<'a, I> {
    pub(super) input: &'a I,
    /// The date facts are valid at.
    pub(super) as_of: Option<Date>,
    /// The scope's region.
    pub(super) region: u32,
    /// Whether each firm is in scope.
    pub(super) firm_in: Vec<bool>,
    /// Whether the firm at each place in id order is in scope.
    in_place: Vec<bool>,
    /// Whether each organization is in scope (it has a region, in scope).
    pub(super) org_in: Vec<bool>,
    /// Firm positions by id: the firm at each place in id order.
    pub(super) by_id: &'a [u32],
    /// The place of each firm in `by_id`.
    pub(super) rank: &'a [u32],
    /// The id of the firm at each place: the entries are made in id order, so they read
    /// this front to back, not the store's ids in document order.
    pub(super) ids: Vec<&'a str>,
    /// What the firm at each place in id order makes validly, per product in product order.
    pub(super) made: PerFirm<(u32, MakerFlags)>,
    /// The local makers of each product, as places (so by id), with their flags.
    pub(super) local: Vec<Vec<(u32, MakerFlags)>>,
    /// Each product's requirements, as product positions.
    pub(super) requirements: Vec<Vec<Vec<u32>>>,
    /// The products that use each product in a requirement, by position, once each.
    pub(super) users: Vec<Vec<u32>>,
}

impl<'a, I: Input> Scope<'a, I> {
    /// Resolves the scope of `region` (a region position). O(R + F + M log M + P·A): regions,
    /// firms (and their ids, once each), makes facts, and the template's alternatives.
    pub(super) fn new(input: &'a I, region: u32, options: &Options) -> Scope<'a, I> {
        let as_of = options.as_of.or(input.as_of());
        let region_in = regions_below(input.region_parent(), region);
        let in_region = |r: u32| region_in[r as usize];
        let firm_in: Vec<bool> = input.firm_region().iter().map(|&r| in_region(r)).collect();
        let org_in = input
            .organization_region()
            .iter()
            .map(|r| r.is_some_and(in_region))
            .collect();
        let order = input.firm_order();
        // Read in document order, where the store keeps them, then put in id order: one
        // pass over the store instead of a jump into it per firm.
        let made = made(input, as_of, options.min_grade).gather(&order.by_id);
        let ids: Vec<&str> = (0..firm_in.len() as u32)
            .map(|f| input.firm_id(f))
            .collect();
        let ids = order.by_id.iter().map(|&f| ids[f as usize]).collect();
        let in_place: Vec<bool> = order.by_id.iter().map(|&f| firm_in[f as usize]).collect();
        let local = local_makers(input.chain().products.len(), &in_place, &made);
        let requirements = requirements(input);
        let users = users(&requirements);
        Scope {
            input,
            as_of,
            region,
            firm_in,
            in_place,
            org_in,
            by_id: &order.by_id,
            rank: &order.rank,
            ids,
            made,
            local,
            requirements,
            users,
        }
    }

    /// Whether a firm or organization is in scope.
    pub(super) fn party_in(&self, party: PartyIndex) -> bool {
        match party {
            PartyIndex::Firm(f) => self.firm_in[f as usize],
            PartyIndex::Organization(o) => self.org_in[o as usize],
        }
    }

    /// What the firm at place `k` in id order makes of product `p`.
    pub(super) fn makes(&self, k: u32, p: u32) -> Option<MakerFlags> {
        let list = self.made.of(k);
        list.binary_search_by_key(&p, |&(q, _)| q)
            .ok()
            .map(|i| list[i].1)
    }

    /// The id of firm `f` (a position in the store).
    pub(super) fn id_of(&self, f: u32) -> &'a str {
        self.ids[self.rank[f as usize] as usize]
    }

    /// Whether the firm at place `k` is in scope.
    pub(super) fn place_in(&self, k: u32) -> bool {
        self.in_place[k as usize]
    }

    /// Whether product `p` has a running local maker.
    pub(super) fn running(&self, p: usize) -> bool {
        self.local[p].iter().any(|(_, m)| m.operating)
    }

    /// The number of firms in scope.
    pub(super) fn firm_count(&self) -> usize {
        self.firm_in.iter().filter(|&&b| b).count()
    }
}

/// Whether each region is `scope` or below it. A region is when its chain of parents
/// reaches `scope`; memoised, so each region is walked once: O(R).
fn regions_below(parent: &[Option<u32>], scope: u32) -> Vec<bool> {
    let mut verdict: Vec<Option<bool>> = vec![None; parent.len()];
    verdict[scope as usize] = Some(true);
    let mut walk = Vec::new();
    for r in 0..parent.len() {
        let mut at = Some(r as u32);
        let found = loop {
            match at {
                None => break false,
                Some(a) => match verdict[a as usize] {
                    Some(v) => break v,
                    None => {
                        walk.push(a);
                        at = parent[a as usize];
                    }
                },
            }
        };
        for w in walk.drain(..) {
            verdict[w as usize] = Some(found);
        }
    }
    verdict.into_iter().map(|v| v == Some(true)).collect()
}

/// What each firm (in document order) makes validly at `as_of`, per product, its facts
/// for one product merged.
fn made(
    input: &impl Input,
    as_of: Option<Date>,
    min_grade: Option<Grade>,
) -> PerFirm<(u32, MakerFlags)> {
    let n = input.firm_region().len();
    let mut start = Vec::with_capacity(n + 1);
    let mut entries: Vec<(u32, MakerFlags)> = Vec::with_capacity(input.fact_count());
    for f in 0..n as u32 {
        let begin = entries.len();
        start.push(begin as u32);
        input.for_each_fact(f, |fact| {
            if fact.is_valid_at(as_of) {
                let operating = fact.status == Status::Operating;
                let flags = MakerFlags {
                    operating,
                    strong: operating && fact.grade >= min_grade,
                    evidence: if operating { fact.grade } else { None },
                };
                entries.push((fact.product, flags));
            }
        });
        merge_products(&mut entries, begin);
    }
    start.push(entries.len() as u32);
    PerFirm { start, entries }
}

/// Sorts `entries[begin..]` by product and merges the flags of one product into one entry.
fn merge_products(entries: &mut Vec<(u32, MakerFlags)>, begin: usize) {
    entries[begin..].sort_unstable_by_key(|&(p, _)| p);
    let mut kept = begin;
    for k in begin + 1..entries.len() {
        let (p, flags) = entries[k];
        if p == entries[kept].0 {
            let merged = &mut entries[kept].1;
            merged.operating |= flags.operating;
            merged.strong |= flags.strong;
            merged.evidence = merged.evidence.max(flags.evidence);
        } else {
            kept += 1;
            entries[kept] = (p, flags);
        }
    }
    entries.truncate((kept + 1).min(entries.len()));
}

/// The local makers of each product, as places in id order.
fn local_makers(
    n_products: usize,
    in_place: &[bool],
    made: &PerFirm<(u32, MakerFlags)>,
) -> Vec<Vec<(u32, MakerFlags)>> {
    let mut local = vec![Vec::new(); n_products];
    for (k, _) in in_place.iter().enumerate().filter(|(_, &is_in)| is_in) {
        for &(p, flags) in made.of(k as u32) {
            local[p as usize].push((k as u32, flags));
        }
    }
    local
}

/// Each product's requirements as product positions.
fn requirements(input: &impl Input) -> Vec<Vec<Vec<u32>>> {
    input
        .chain()
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
        .collect()
}

/// The products that use each product, once each, in template order.
fn users(requirements: &[Vec<Vec<u32>>]) -> Vec<Vec<u32>> {
    let mut users: Vec<Vec<u32>> = vec![Vec::new(); requirements.len()];
    for (q, reqs) in requirements.iter().enumerate() {
        for &alt in reqs.iter().flatten() {
            users[alt as usize].push(q as u32);
        }
    }
    for u in &mut users {
        u.sort_unstable();
        u.dedup();
    }
    users
}

/// The template's ids as report values, made once rather than once per entry: each
/// product's, and each requirement's alternatives in template order, as the gap entries
/// write them. O(P·A).
pub(super) struct Names<S> {
    /// Each product's id, by position.
    pub(super) products: Vec<S>,
    /// Each product's requirements, each as the ids of its alternatives.
    pub(super) requirements: Vec<Vec<Vec<S>>>,
}

impl<'a, S: From<&'a str>> Names<S> {
    /// The names of `chain`'s products and requirements.
    pub(super) fn new(chain: &'a crate::chain::Chain) -> Names<S> {
        Names {
            products: chain
                .products
                .iter()
                .map(|p| S::from(p.id.as_str()))
                .collect(),
            requirements: chain
                .products
                .iter()
                .map(|p| {
                    p.inputs
                        .iter()
                        .map(|r| r.alternatives().iter().map(|a| S::from(a)).collect())
                        .collect()
                })
                .collect(),
        }
    }
}
