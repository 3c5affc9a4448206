//! Critical firms (the spec's "Critical firms"): the local firms the region could not
//! afford to lose, each with what the report would lose without it.
//!
//! The report without a firm f is never recomputed whole. Without f, only the products
//! that f makes can change status, and each one's new status follows from its maker counts
//! less f's flags; only a product whose last running local maker is f can change the
//! closure, which is then recomputed once for f; and f's sole supplies are read off the
//! `single_source` entries. Links matter to neither status nor closure.

use super::closure;
use super::input::Input;
use super::report::{CriticalFirm, Downgrade, ProductStatus, SingleSource, SoleSupply};
use super::scope::Scope;
use super::status::MakerCounts;

/// What the section reads of the rest of the report, by position.
pub(super) struct Report<'r, S> {
    pub(super) counts: &'r [MakerCounts],
    pub(super) status: &'r [ProductStatus],
    pub(super) order: &'r [u32],
    pub(super) producible: &'r [bool],
    pub(super) single_source: &'r [SingleSource<S>],
    /// The supplier of each `single_source` entry.
    pub(super) sole_suppliers: &'r [u32],
    pub(super) min_makers: usize,
}

/// The critical firms section: every firm in scope with an impact, by impact (highest
/// first) then id.
///
/// # Complexity
/// O(M + G log G + K·(P + A)) time: the local makes entries, the single-source entries
/// sorted by supplier, and one closure pass for each of the K firms that are some product's
/// last running local maker (K ≤ P, the products).
pub(super) fn section<'a, I: Input, S: From<&'a str> + Clone>(
    scope: &Scope<'a, I>,
    report: &Report<'_, S>,
) -> Vec<CriticalFirm<S>> {
    let mut supplies: Vec<(u32, usize)> = report
        .sole_suppliers
        .iter()
        .enumerate()
        .filter(|&(_, &s)| scope.firm_in[s as usize])
        .map(|(i, &s)| (scope.rank[s as usize], i))
        .collect();
    supplies.sort_unstable();
    let mut next = 0;
    let mut out = Vec::new();
    for (place, &f) in scope.by_id.iter().enumerate() {
        let end = next + supplies[next..].partition_point(|&(r, _)| r as usize == place);
        let sole = &supplies[next..end];
        next = end;
        if !scope.firm_in[f as usize] || (scope.made.of(place as u32).is_empty() && sole.is_empty())
        {
            continue;
        }
        let firm = without(scope, report, place as u32, f, sole);
        if firm.impact > 0 {
            out.push(firm);
        }
    }
    // A stable sort keeps id order among equals.
    out.sort_by_key(|c| std::cmp::Reverse(c.impact));
    out
}

/// What the report loses without the firm `f` at `place`; `sole` are its single-source
/// entries, as (place, entry position).
fn without<'a, I: Input, S: From<&'a str> + Clone>(
    scope: &Scope<'a, I>,
    report: &Report<'_, S>,
    place: u32,
    f: u32,
    sole: &[(u32, usize)],
) -> CriticalFirm<S> {
    let products = &scope.input.chain().products;
    let id = |p: usize| S::from(products[p].id.as_str());
    let mut downgraded = Vec::new();
    let mut last_running = Vec::new();
    for &(p, flags) in scope.made.of(place) {
        let p = p as usize;
        let mut counts = report.counts[p];
        counts.add(&flags, -1);
        let now = counts.status(report.min_makers);
        if now.rank() < report.status[p].rank() {
            downgraded.push(Downgrade {
                product: id(p),
                status: report.status[p],
                without: now,
            });
        }
        if flags.operating && counts.running == 0 {
            last_running.push(p);
        }
    }
    let lost_producible = lost_producible(scope, report, &last_running)
        .into_iter()
        .map(id)
        .collect::<Vec<S>>();
    let sole_supplier_of: Vec<SoleSupply<S>> = sole
        .iter()
        .map(|&(_, i)| {
            let entry = &report.single_source[i];
            SoleSupply {
                firm: entry.firm.clone(),
                product: entry.product.clone(),
                requirement: entry.requirement.clone(),
            }
        })
        .collect();
    CriticalFirm {
        firm: S::from(scope.input.firm_id(f)),
        impact: downgraded.len() + lost_producible.len() + sole_supplier_of.len(),
        downgraded,
        lost_producible,
        sole_supplier_of,
    }
}

/// The producible products, in template order, that are not producible when the
/// products `stopped` lose their last running local maker.
fn lost_producible<I>(
    scope: &Scope<'_, I>,
    report: &Report<'_, impl Sized>,
    stopped: &[usize],
) -> Vec<usize> {
    if stopped.iter().all(|&p| !report.producible[p]) {
        // A product that was not producible cannot make another one so: nothing changes.
        return Vec::new();
    }
    let mut running: Vec<bool> = report.counts.iter().map(|c| c.running > 0).collect();
    for &p in stopped {
        running[p] = false;
    }
    let now = closure::producible(report.order, &scope.requirements, &running);
    (0..now.len())
        .filter(|&p| report.producible[p] && !now[p])
        .collect()
}
