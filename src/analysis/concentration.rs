//! Concentration (the spec's "Concentration"): for each product with a running local
//! maker, how concentrated the local capacity is (HHI, top share) and how much of the
//! whole dataset's capacity the region holds.

use crate::dataset::Status;

use super::input::Input;
use super::report::Concentration;
use super::scope::Scope;

/// One operating valid makes fact with a capacity: its firm, value and unit.
struct Fact<'a> {
    firm: u32,
    value: f64,
    unit: &'a str,
}

/// Adds `terms` in ascending order, left to right, so that the sum does not depend on the
/// order of the dataset's lists.
fn ascending_sum(mut terms: Vec<f64>) -> f64 {
    terms.sort_by(f64::total_cmp);
    terms.into_iter().fold(0.0, |sum, t| sum + t)
}

/// The concentration section, in template order.
///
/// # Complexity
/// O(M + C log C) time and O(C) space: the makes facts, and the C facts with a capacity
/// sorted for their sums.
pub(super) fn section<'a, I: Input, S: From<&'a str>>(
    scope: &Scope<'a, I>,
) -> Vec<Concentration<S>> {
    let input = scope.input;
    let n = input.chain().products.len();
    // Operating valid facts with a capacity, per product: those of firms in scope, and all.
    let mut local: Vec<Vec<Fact<'a>>> = (0..n).map(|_| Vec::new()).collect();
    let mut all: Vec<Vec<Fact<'a>>> = (0..n).map(|_| Vec::new()).collect();
    for f in 0..input.firm_region().len() as u32 {
        input.for_each_capacity(f, |row, value, unit| {
            if row.status == Status::Operating && row.is_valid_at(scope.as_of) {
                let p = row.product as usize;
                if scope.firm_in[f as usize] {
                    local[p].push(Fact {
                        firm: f,
                        value,
                        unit,
                    });
                }
                all[p].push(Fact {
                    firm: f,
                    value,
                    unit,
                });
            }
        });
    }
    (0..n)
        .filter(|&p| scope.running(p))
        .map(|p| product(scope, p, &mut local[p], &all[p]))
        .collect()
}

/// The entry of product `p` from its local and all facts with a capacity.
fn product<'a, I: Input, S: From<&'a str>>(
    scope: &Scope<'a, I>,
    p: usize,
    local: &mut [Fact<'a>],
    all: &[Fact<'a>],
) -> Concentration<S> {
    let makers = scope.local[p].iter().filter(|(_, m)| m.operating).count();
    let mut entry = Concentration {
        product: S::from(scope.input.chain().products[p].id.as_str()),
        makers,
        unit: None,
        with_capacity: 0,
        capacity: None,
        hhi: None,
        top_share: None,
        share_of_all: None,
    };
    let Some(unit) = local.first().map(|f| f.unit) else {
        return entry;
    };
    if local.iter().any(|f| f.unit != unit) {
        return entry;
    }
    // Each maker's total, its own facts added in ascending order.
    local.sort_by_key(|f| f.firm);
    let totals: Vec<f64> = local
        .chunk_by(|a, b| a.firm == b.firm)
        .map(|facts| ascending_sum(facts.iter().map(|f| f.value).collect()))
        .collect();
    let capacity = ascending_sum(local.iter().map(|f| f.value).collect());
    entry.unit = Some(S::from(unit));
    entry.with_capacity = totals.len();
    entry.capacity = Some(capacity);
    if capacity > 0.0 {
        let shares: Vec<f64> = totals.iter().map(|t| t / capacity).collect();
        let hhi = ascending_sum(shares.iter().map(|s| (100.0 * s) * (100.0 * s)).collect());
        entry.hhi = Some(hhi.round_ties_even() as u64);
        entry.top_share = shares.iter().copied().reduce(f64::max).map(super::round4);
    }
    let of_all = ascending_sum(
        all.iter()
            .filter(|f| f.unit == unit)
            .map(|f| f.value)
            .collect(),
    );
    if of_all > 0.0 {
        entry.share_of_all = Some(super::round4(capacity / of_all));
    }
    entry
}
