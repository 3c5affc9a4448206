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

/// Lists of `T`s, one per firm in id order, kept in one flat list with each firm's start
/// rather than as 100k small lists; the analysis walks the firms in id order, so it reads
/// them front to back.
pub(super) struct PerFirm<T> {
    /// Where each firm's entries start in `entries`; one more at the end.
    start: Vec<u32>,
    entries: Vec<T>,
}

impl<T> PerFirm<T> {
    /// The entries of the firm at place `k` in id order.
    pub(super) fn of(&self, k: u32) -> &[T] {
        let k = k as usize;
        &self.entries[self.start[k] as usize..self.start[k + 1] as usize]
    }

    /// Lists from `(place, entry)` pairs in any order, each list sorted by `key`.
    pub(super) fn from_pairs<K: Ord>(n: usize, pairs: Vec<(u32, T)>, key: impl Fn(&T) -> K) -> Self
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

/// The scope and the valid facts, resolved once for every section.
pub(super) struct Scope<'a, I> {
    pub(super) input: &'a I,
    /// The date facts are valid at.
    pub(super) as_of: Option<Date>,
    /// The scope's region.
    pub(super) region: u32,
    /// Whether each firm is in scope.
    pub(super) firm_in: Vec<bool>,
    /// Whether each organization is in scope (it has a region, in scope).
    pub(super) org_in: Vec<bool>,
    /// Firm positions by id.
    pub(super) by_id: &'a [u32],
    /// The place of each firm in `by_id`.
    pub(super) rank: &'a [u32],
    /// What the firm at each place in id order makes validly, per product in product order.
    pub(super) made: PerFirm<(u32, MakerFlags)>,
    /// The local makers of each product, by id, with their flags.
    pub(super) local: Vec<Vec<(u32, MakerFlags)>>,
    /// Each product's requirements, as product positions.
    pub(super) requirements: Vec<Vec<Vec<u32>>>,
    /// The products that use each product in a requirement, by position, once each.
    pub(super) users: Vec<Vec<u32>>,
}

impl<'a, I: Input> Scope<'a, I> {
    /// Resolves the scope of `region` (a region position). O(R + F + M log M + P·A): regions,
    /// firms, makes facts, and the template's alternatives.
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
        let made = made(input, &order.by_id, as_of, options.min_grade);
        let local = local_makers(input.chain().products.len(), &order.by_id, &firm_in, &made);
        let requirements = requirements(input);
        let users = users(&requirements);
        Scope {
            input,
            as_of,
            region,
            firm_in,
            org_in,
            by_id: &order.by_id,
            rank: &order.rank,
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

/// What each firm (in id order) makes validly at `as_of`, per product, its facts for one
/// product merged.
fn made(
    input: &impl Input,
    by_id: &[u32],
    as_of: Option<Date>,
    min_grade: Option<Grade>,
) -> PerFirm<(u32, MakerFlags)> {
    let mut start = Vec::with_capacity(by_id.len() + 1);
    let mut entries: Vec<(u32, MakerFlags)> = Vec::with_capacity(input.fact_count());
    for &f in by_id {
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

/// The local makers of each product, by id.
fn local_makers(
    n_products: usize,
    by_id: &[u32],
    firm_in: &[bool],
    made: &PerFirm<(u32, MakerFlags)>,
) -> Vec<Vec<(u32, MakerFlags)>> {
    let mut local = vec![Vec::new(); n_products];
    for (k, &f) in by_id.iter().enumerate() {
        if firm_in[f as usize] {
            for &(p, flags) in made.of(k as u32) {
                local[p as usize].push((f, flags));
            }
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
