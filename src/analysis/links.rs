//! Firm link gaps (the spec's "Firm link gaps"): for each local firm and each product it
//! makes, the requirements it neither makes nor buys, those bought only from outside or
//! from one supplier, and the products it neither uses nor sells.

use crate::dataset::LinkKind;
use crate::graph::PartyIndex;

use super::input::Input;
use super::report::{DownstreamGap, ExternalDependency, SingleSource, UpstreamGap};
use super::scope::{Names, PerFirm, Scope};

/// From how many firms the gap entries are found on two threads: 20k with the `parallel`
/// feature, never without (see its comment in `Cargo.toml` for what the benchmark showed).
/// The two-thread scan is compiled and tested in both builds.
pub(super) const PARALLEL_FIRMS: usize = if cfg!(feature = "parallel") {
    20_000
} else {
    usize::MAX
};

/// A `single_source` entry whose supplier is in scope: what the critical firms section
/// reads of it.
#[derive(Debug, Clone)]
pub(super) struct SoleSupply<S> {
    /// The supplier's place in id order.
    pub(super) supplier: u32,
    /// The firm supplied (made here, where the entries are in id order, rather than looked
    /// up again in supplier order).
    pub(super) supplied: S,
    /// The product it makes.
    pub(super) product: u32,
    /// The requirement's position in the product's inputs.
    pub(super) requirement: u32,
}

/// The four lists of gap entries, and what the later sections count of them.
pub(super) struct Gaps<S> {
    pub(super) upstream_gaps: Vec<UpstreamGap<S>>,
    pub(super) downstream_gaps: Vec<DownstreamGap<S>>,
    pub(super) single_source: Vec<SingleSource<S>>,
    pub(super) external_dependencies: Vec<ExternalDependency<S>>,
    /// The `single_source` entries whose supplier is in scope, in the same order.
    pub(super) sole_supplies: Vec<SoleSupply<S>>,
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
            sole_supplies: Vec::new(),
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
        self.sole_supplies.extend(rest.sole_supplies);
        for (a, b) in self.supplier_gaps.iter_mut().zip(rest.supplier_gaps) {
            *a += b;
        }
        for (a, b) in self.customer_gaps.iter_mut().zip(rest.customer_gaps) {
            *a += b;
        }
    }
}

/// Valid `supplies` links seen from the firms in scope, per place in id order: what each
/// buys, as (product, supplier's place, whether the supplier is in scope), sorted, and what
/// each sells.
struct Trade {
    incoming: PerFirm<(u32, u32, bool)>,
    sells: PerFirm<u32>,
}

impl Trade {
    fn new<I: Input>(scope: &Scope<'_, I>) -> Trade {
        let input = scope.input;
        let rank = scope.rank;
        let mut incoming: Vec<(u32, (u32, u32, bool))> = Vec::new();
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
            let from_in = scope.firm_in[from as usize];
            if scope.firm_in[to as usize] {
                incoming.push((rank[to as usize], (product, rank[from as usize], from_in)));
            }
            if from_in {
                sells.push((rank[from as usize], product));
            }
        }
        // Repeats are harmless: suppliers are deduplicated where they are read, and
        // `sells` is only searched.
        let n = scope.by_id.len();
        Trade {
            incoming: PerFirm::from_pairs(n, &incoming),
            sells: PerFirm::from_pairs(n, &sells),
        }
    }

    /// The distinct suppliers of any of `alternatives` to the firm at `place`, as places in
    /// id order with whether each is in scope, into `suppliers`.
    fn suppliers(&self, place: u32, alternatives: &[u32], suppliers: &mut Vec<(u32, bool)>) {
        let inc = self.incoming.of(place);
        suppliers.clear();
        for &a in alternatives {
            let start = inc.partition_point(|&(q, _, _)| q < a);
            suppliers.extend(
                inc[start..]
                    .iter()
                    .take_while(|&&(q, _, _)| q == a)
                    .map(|&(_, s, is_in)| (s, is_in)),
            );
        }
        // One alternative's suppliers are in order already.
        if alternatives.len() > 1 {
            suppliers.sort_unstable();
        }
        suppliers.dedup();
    }
}

/// Finds the gap entries of every firm in scope.
///
/// # Complexity
/// O(F + L log L + E·A + G·k) time, where F is the firms, L the valid supplies links, E the
/// (firm, product, requirement) triples of local firms, A the alternatives per requirement,
/// G the entries and k = `top_candidates`. The lists of local suppliers and customers, and
/// the requirements' ids, are made once per requirement and product (O(M·A) each, M the
/// local makers), never per firm, and copied into each entry. From `parallel_from` firms
/// ([`PARALLEL_FIRMS`] in a report), the firms are scanned in two halves on two threads.
pub(super) fn find<'a, I: Input + Sync, S: From<&'a str> + Send + Sync + Clone>(
    scope: &Scope<'a, I>,
    names: &Names<S>,
    top: usize,
    parallel_from: usize,
) -> Gaps<S> {
    let trade = Trade::new(scope);
    let n = scope.by_id.len();
    let scan = |places: std::ops::Range<usize>| Scan::new(scope, names, &trade, top).run(places);
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

/// The local firms an entry lists: the first `top` of them, as ids, and how many in all.
struct Listed<S> {
    firms: Vec<S>,
    count: usize,
}

/// One scan over a range of firms, with its memo of local supplier and customer lists.
struct Scan<'s, 'a, I, S> {
    scope: &'s Scope<'a, I>,
    names: &'s Names<S>,
    trade: &'s Trade,
    top: usize,
    /// Local firms making an alternative, per (product, requirement), on first use.
    supplier_lists: Vec<Vec<Option<Listed<S>>>>,
    /// Local firms making a product that uses a product, per product, on first use.
    customer_lists: Vec<Option<Listed<S>>>,
    /// The suppliers of the requirement at hand, reused from one to the next.
    suppliers: Vec<(u32, bool)>,
    gaps: Gaps<S>,
}

impl<'s, 'a, I: Input, S: From<&'a str> + Clone> Scan<'s, 'a, I, S> {
    fn new(scope: &'s Scope<'a, I>, names: &'s Names<S>, trade: &'s Trade, top: usize) -> Self {
        let n_products = scope.requirements.len();
        Scan {
            scope,
            names,
            trade,
            top,
            supplier_lists: scope
                .requirements
                .iter()
                .map(|reqs| (0..reqs.len()).map(|_| None).collect())
                .collect(),
            customer_lists: (0..n_products).map(|_| None).collect(),
            suppliers: Vec::new(),
            gaps: Gaps::new(n_products),
        }
    }

    fn run(mut self, places: std::ops::Range<usize>) -> Gaps<S> {
        let scope = self.scope;
        for place in places {
            let place = place as u32;
            if !scope.place_in(place) {
                continue;
            }
            for &(p, _) in scope.made.of(place) {
                for k in 0..scope.requirements[p as usize].len() {
                    self.upstream(place, p, k);
                }
                self.downstream(place, p);
            }
        }
        self.gaps
    }

    /// The firm at `place`, as a report value.
    fn firm(&self, place: u32) -> S {
        S::from(self.scope.ids[place as usize])
    }

    /// The rules for requirement `k` of product `p` of the firm at `place`.
    fn upstream(&mut self, place: u32, p: u32, k: usize) {
        let scope = self.scope;
        let alternatives = &scope.requirements[p as usize][k];
        if alternatives
            .iter()
            .any(|&a| scope.makes(place, a).is_some())
        {
            return;
        }
        let names = self.names;
        let mut suppliers = std::mem::take(&mut self.suppliers);
        self.trade.suppliers(place, alternatives, &mut suppliers);
        let (product, requirement) = (p as usize, &names.requirements[p as usize][k]);
        if suppliers.is_empty() {
            let top = self.top;
            let list = self.supplier_lists[product][k]
                .get_or_insert_with(|| local_firms_making(scope, alternatives, top));
            // The firm makes no alternative, so it is not in the list.
            if list.count == 0 {
                for &a in alternatives {
                    self.gaps.supplier_gaps[a as usize] += 1;
                }
            }
            let entry = UpstreamGap {
                firm: S::from(scope.ids[place as usize]),
                product: names.products[product].clone(),
                requirement: requirement.clone(),
                local_suppliers: list.firms.clone(),
                local_supplier_count: list.count,
            };
            self.gaps.upstream_gaps.push(entry);
        } else {
            self.supplied(place, p, k, &suppliers);
        }
        self.suppliers = suppliers;
    }

    /// The rules for requirement `k` of product `p` of the firm at `place`, which
    /// `suppliers` (at least one, as places, with whether each is in scope) supply.
    fn supplied(&mut self, place: u32, p: u32, k: usize, suppliers: &[(u32, bool)]) {
        let names = self.names;
        let (product, requirement) = (p as usize, &names.requirements[p as usize][k]);
        if suppliers.iter().all(|&(_, is_in)| !is_in) {
            let entry = ExternalDependency {
                firm: self.firm(place),
                product: names.products[product].clone(),
                requirement: requirement.clone(),
                suppliers: suppliers.iter().map(|&(s, _)| self.firm(s)).collect(),
            };
            self.gaps.external_dependencies.push(entry);
        }
        if let [(only, only_in)] = suppliers[..] {
            let entry = SingleSource {
                firm: self.firm(place),
                product: names.products[product].clone(),
                requirement: requirement.clone(),
                supplier: self.firm(only),
            };
            if only_in {
                self.gaps.sole_supplies.push(SoleSupply {
                    supplier: only,
                    supplied: entry.firm.clone(),
                    product: p,
                    requirement: k as u32,
                });
            }
            self.gaps.single_source.push(entry);
        }
    }

    /// The downstream rule for product `p` of the firm at `place`.
    fn downstream(&mut self, place: u32, p: u32) {
        let scope = self.scope;
        let users = &scope.users[p as usize];
        if users.is_empty() || users.iter().any(|&q| scope.makes(place, q).is_some()) {
            return;
        }
        if self.trade.sells.of(place).binary_search(&p).is_ok() {
            return;
        }
        let top = self.top;
        let list = self.customer_lists[p as usize]
            .get_or_insert_with(|| local_firms_making(scope, users, top));
        // The firm makes no product that uses `p`, so it is not in the list.
        if list.count == 0 {
            for &q in users {
                self.gaps.customer_gaps[q as usize] += 1;
            }
        }
        let entry = DownstreamGap {
            firm: S::from(scope.ids[place as usize]),
            product: self.names.products[p as usize].clone(),
            local_customers: list.firms.clone(),
            local_customer_count: list.count,
        };
        self.gaps.downstream_gaps.push(entry);
    }
}

/// The local firms that make any of `products`: how many, and the first `top` of them,
/// those with an operating fact for one of the products first, then the rest, each group
/// by id.
///
/// The products' local makers are lists by place, one entry per firm, so merging them
/// by place meets each firm once, in id order: O(M·A) for M makers of A products.
fn local_firms_making<'a, I, S: From<&'a str>>(
    scope: &Scope<'a, I>,
    products: &[u32],
    top: usize,
) -> Listed<S> {
    let lists: Vec<&[(u32, super::scope::MakerFlags)]> = products
        .iter()
        .map(|&p| &scope.local[p as usize][..])
        .collect();
    let mut heads = vec![0usize; lists.len()];
    let (mut operating, mut rest) = (Vec::new(), Vec::new());
    let mut count = 0;
    loop {
        let next = lists
            .iter()
            .zip(&heads)
            .filter_map(|(list, &h)| list.get(h).map(|&(place, _)| place))
            .min();
        let Some(place) = next else { break };
        let mut is_operating = false;
        for (list, head) in lists.iter().zip(heads.iter_mut()) {
            if let Some(&(q, flags)) = list.get(*head) {
                if q == place {
                    is_operating |= flags.operating;
                    *head += 1;
                }
            }
        }
        count += 1;
        let group = if is_operating {
            &mut operating
        } else {
            &mut rest
        };
        if group.len() < top {
            group.push(place);
        }
    }
    operating.extend(rest);
    operating.truncate(top);
    Listed {
        firms: operating
            .into_iter()
            .map(|place| S::from(scope.ids[place as usize]))
            .collect(),
        count,
    }
}
