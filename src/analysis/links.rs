//! Firm link gaps (the spec's "Firm link gaps"): for each local firm and each product it
//! makes, the requirements it neither makes nor buys, those bought only from outside or
//! from one supplier, and the products it neither uses nor sells.

use crate::dataset::LinkKind;
use crate::graph::PartyIndex;

use super::input::Input;
use super::report::{DownstreamGap, ExternalDependency, SingleSource, UpstreamGap};
use super::scope::{PerFirm, Scope};

/// From how many firms the gap entries are found on two threads: 20k with the `parallel`
/// feature, never without (see its comment in `Cargo.toml` for what the benchmark showed).
/// The two-thread scan is compiled and tested in both builds.
pub(super) const PARALLEL_FIRMS: usize = if cfg!(feature = "parallel") {
    20_000
} else {
    usize::MAX
};

/// The four lists of gap entries, and what the later sections count of them.
pub(super) struct Gaps<S> {
    pub(super) upstream_gaps: Vec<UpstreamGap<S>>,
    pub(super) downstream_gaps: Vec<DownstreamGap<S>>,
    pub(super) single_source: Vec<SingleSource<S>>,
    pub(super) external_dependencies: Vec<ExternalDependency<S>>,
    /// The supplier of each `single_source` entry, by position.
    pub(super) sole_suppliers: Vec<u32>,
    /// Per product: upstream gaps with no local supplier whose requirement it meets.
    pub(super) supplier_gaps: Vec<usize>,
    /// Per product: downstream gaps with no local customer whose product it needs.
    pub(super) customer_gaps: Vec<usize>,
}

impl<S> Gaps<S> {
    fn new(n_products: usize) -> Gaps<S> {
        Gaps {
            upstream_gaps: Vec::new(),
            downstream_gaps: Vec::new(),
            single_source: Vec::new(),
            external_dependencies: Vec::new(),
            sole_suppliers: Vec::new(),
            supplier_gaps: vec![0; n_products],
            customer_gaps: vec![0; n_products],
        }
    }

    /// Appends the entries of the firms after these.
    fn extend(&mut self, rest: Gaps<S>) {
        self.upstream_gaps.extend(rest.upstream_gaps);
        self.downstream_gaps.extend(rest.downstream_gaps);
        self.single_source.extend(rest.single_source);
        self.external_dependencies
            .extend(rest.external_dependencies);
        self.sole_suppliers.extend(rest.sole_suppliers);
        for (a, b) in self.supplier_gaps.iter_mut().zip(rest.supplier_gaps) {
            *a += b;
        }
        for (a, b) in self.customer_gaps.iter_mut().zip(rest.customer_gaps) {
            *a += b;
        }
    }
}

/// Valid `supplies` links seen from the firms in scope, per place in id order: what each
/// buys, as (product, supplier) sorted by product then supplier id, and what each sells.
struct Trade {
    incoming: PerFirm<(u32, u32)>,
    sells: PerFirm<u32>,
}

impl Trade {
    fn new<I: Input>(scope: &Scope<'_, I>) -> Trade {
        let input = scope.input;
        let rank = scope.rank;
        let mut incoming: Vec<(u32, (u32, u32))> = Vec::new();
        let mut sells: Vec<(u32, u32)> = Vec::new();
        for i in 0..input.link_count() {
            let link = input.link(i);
            if link.kind != LinkKind::Supplies || !link.is_valid_at(scope.as_of) {
                continue;
            }
            let (PartyIndex::Firm(from), PartyIndex::Firm(to), Some(product)) =
                (link.ends().0, link.ends().1, link.product())
            else {
                continue;
            };
            if scope.firm_in[to as usize] {
                incoming.push((rank[to as usize], (product, from)));
            }
            if scope.firm_in[from as usize] {
                sells.push((rank[from as usize], product));
            }
        }
        // Repeats are harmless: suppliers are deduplicated where they are read, and
        // `sells` is only searched.
        let n = scope.by_id.len();
        Trade {
            incoming: PerFirm::from_pairs(n, incoming, |&(p, s)| (p, rank[s as usize])),
            sells: PerFirm::from_pairs(n, sells, |&p| p),
        }
    }

    /// The distinct suppliers of any of `alternatives` to the firm at `place`, by id.
    fn suppliers(&self, place: u32, alternatives: &[u32], rank: &[u32]) -> Vec<u32> {
        let inc = self.incoming.of(place);
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
        suppliers
    }
}

/// Finds the gap entries of every firm in scope.
///
/// # Complexity
/// O(F + L log L + E·(A + k)) time, where F is the firms, L the valid supplies links, E the
/// (firm, product, requirement) triples of local firms, A the alternatives per requirement
/// and k = `top_candidates`. The lists of local suppliers and customers are built once per
/// requirement and product (O(M log M) each, M the local makers), never per firm. From
/// `parallel_from` firms ([`PARALLEL_FIRMS`] in a report), the firms are scanned in two
/// halves on two threads.
pub(super) fn find<'a, I: Input + Sync, S: From<&'a str> + Send>(
    scope: &Scope<'a, I>,
    top: usize,
    parallel_from: usize,
) -> Gaps<S> {
    let trade = Trade::new(scope);
    let n = scope.by_id.len();
    let scan = |places: std::ops::Range<usize>| Scan::new(scope, &trade, top).run(places);
    if n < parallel_from {
        return scan(0..n);
    }
    // The halves are in id order, so their entries joined are in the order of one scan.
    let half = n / 2;
    std::thread::scope(|threads| {
        let second = std::thread::Builder::new().spawn_scoped(threads, || scan(half..n));
        let Ok(second) = second else {
            // No second thread to be had: all on this one.
            return scan(0..n);
        };
        let mut gaps = scan(0..half);
        match second.join() {
            Ok(rest) => gaps.extend(rest),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        gaps
    })
}

/// One scan over a range of firms, with its memo of local supplier and customer lists.
struct Scan<'s, 'a, I, S> {
    scope: &'s Scope<'a, I>,
    trade: &'s Trade,
    top: usize,
    /// Local firms making an alternative, per (product, requirement), on first use.
    supplier_lists: Vec<Vec<Option<Vec<u32>>>>,
    /// Local firms making a product that uses a product, per product, on first use.
    customer_lists: Vec<Option<Vec<u32>>>,
    gaps: Gaps<S>,
}

impl<'s, 'a, I: Input, S: From<&'a str>> Scan<'s, 'a, I, S> {
    fn new(scope: &'s Scope<'a, I>, trade: &'s Trade, top: usize) -> Self {
        let n_products = scope.requirements.len();
        Scan {
            scope,
            trade,
            top,
            supplier_lists: scope
                .requirements
                .iter()
                .map(|reqs| vec![None; reqs.len()])
                .collect(),
            customer_lists: vec![None; n_products],
            gaps: Gaps::new(n_products),
        }
    }

    fn run(mut self, places: std::ops::Range<usize>) -> Gaps<S> {
        for place in places {
            let f = self.scope.by_id[place];
            if !self.scope.firm_in[f as usize] {
                continue;
            }
            for &(p, _) in self.scope.made.of(place as u32) {
                for k in 0..self.scope.requirements[p as usize].len() {
                    self.upstream(place as u32, f, p, k);
                }
                self.downstream(place as u32, f, p);
            }
        }
        self.gaps
    }

    fn id(&self, text: &'a str) -> S {
        S::from(text)
    }

    fn firm(&self, f: u32) -> S {
        S::from(self.scope.input.firm_id(f))
    }

    fn product(&self, p: u32) -> S {
        S::from(self.scope.input.chain().products[p as usize].id.as_str())
    }

    fn requirement(&self, p: u32, k: usize) -> Vec<S> {
        let chain = self.scope.input.chain();
        chain.products[p as usize].inputs[k]
            .alternatives()
            .iter()
            .map(|a| self.id(a))
            .collect()
    }

    /// The rules for requirement `k` of product `p` of firm `f` (at `place`).
    fn upstream(&mut self, place: u32, f: u32, p: u32, k: usize) {
        let scope = self.scope;
        let alternatives = &scope.requirements[p as usize][k];
        if alternatives
            .iter()
            .any(|&a| scope.makes(place, a).is_some())
        {
            return;
        }
        let suppliers = self.trade.suppliers(place, alternatives, scope.rank);
        if suppliers.is_empty() {
            let list = self.supplier_lists[p as usize][k]
                .get_or_insert_with(|| local_firms_making(scope, alternatives));
            // `f` makes no alternative, so it is not in the list.
            let count = list.len();
            let listed: Vec<u32> = list.iter().copied().take(self.top).collect();
            if count == 0 {
                for &a in alternatives {
                    self.gaps.supplier_gaps[a as usize] += 1;
                }
            }
            let entry = UpstreamGap {
                firm: self.firm(f),
                product: self.product(p),
                requirement: self.requirement(p, k),
                local_suppliers: listed.into_iter().map(|s| self.firm(s)).collect(),
                local_supplier_count: count,
            };
            self.gaps.upstream_gaps.push(entry);
            return;
        }
        if suppliers.iter().all(|&s| !scope.firm_in[s as usize]) {
            let entry = ExternalDependency {
                firm: self.firm(f),
                product: self.product(p),
                requirement: self.requirement(p, k),
                suppliers: suppliers.iter().map(|&s| self.firm(s)).collect(),
            };
            self.gaps.external_dependencies.push(entry);
        }
        if let [only] = suppliers[..] {
            let entry = SingleSource {
                firm: self.firm(f),
                product: self.product(p),
                requirement: self.requirement(p, k),
                supplier: self.firm(only),
            };
            self.gaps.single_source.push(entry);
            self.gaps.sole_suppliers.push(only);
        }
    }

    /// The downstream rule for product `p` of firm `f` (at `place`).
    fn downstream(&mut self, place: u32, f: u32, p: u32) {
        let scope = self.scope;
        let users = &scope.users[p as usize];
        if users.is_empty() || users.iter().any(|&q| scope.makes(place, q).is_some()) {
            return;
        }
        if self.trade.sells.of(place).binary_search(&p).is_ok() {
            return;
        }
        let list =
            self.customer_lists[p as usize].get_or_insert_with(|| local_firms_making(scope, users));
        // `f` makes no product that uses `p`, so it is not in the list.
        let count = list.len();
        let listed: Vec<u32> = list.iter().copied().take(self.top).collect();
        if count == 0 {
            for &q in users {
                self.gaps.customer_gaps[q as usize] += 1;
            }
        }
        let entry = DownstreamGap {
            firm: self.firm(f),
            product: self.product(p),
            local_customers: listed.into_iter().map(|c| self.firm(c)).collect(),
            local_customer_count: count,
        };
        self.gaps.downstream_gaps.push(entry);
    }
}

/// The local firms that make any of `products`, those with an operating fact for one of
/// them first, then the rest, each group by id.
fn local_firms_making<I>(scope: &Scope<'_, I>, products: &[u32]) -> Vec<u32> {
    let mut firms: Vec<(bool, u32, u32)> = Vec::new();
    for &p in products {
        for &(f, flags) in &scope.local[p as usize] {
            firms.push((!flags.operating, scope.rank[f as usize], f));
        }
    }
    // One entry per firm, operating if any of its facts is.
    firms.sort_unstable_by_key(|&(not_operating, r, _)| (r, not_operating));
    firms.dedup_by_key(|&mut (_, r, _)| r);
    firms.sort_unstable();
    firms.into_iter().map(|(_, _, f)| f).collect()
}
