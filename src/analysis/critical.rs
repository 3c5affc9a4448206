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
use super::links::SoleSupply as Sole;
use super::report::{CriticalFirm, Downgrade, ProductStatus, SoleSupply};
use super::scope::{Names, Scope};
use super::status::MakerCounts;

/// What the section reads of the rest of the report, by position.
pub(super) struct Report<'r, S> {
    pub(super) counts: &'r [MakerCounts],
    pub(super) status: &'r [ProductStatus],
    pub(super) order: &'r [u32],
    pub(super) producible: &'r [bool],
    pub(super) names: &'r Names<S>,
    pub(super) min_makers: usize,
}

/// The critical firms section: every firm in scope with an impact, by impact (highest
/// first) then id. `supplies` are the `single_source` entries whose supplier is in scope,
/// in their order.
///
/// # Complexity
/// O(F + M + G log G + K·(P + A)) time: the firms, the local makes entries, the
/// single-source entries sorted by supplier, and one closure pass for each of the K firms
/// that are some product's last running local maker (K ≤ P, the products).
pub(super) fn section<'a, I: Input, S: From<&'a str> + Clone>(
    scope: &Scope<'a, I>,
    report: &Report<'_, S>,
    mut supplies: Vec<Sole<S>>,
) -> Vec<CriticalFirm<S>> {
    // By supplier place, each supplier's in the order of `single_source` (a stable sort).
    supplies.sort_by_key(|s| s.supplier);
    let mut supplies = supplies.into_iter().peekable();
    let names = report.names;
    let mut out = Vec::new();
    for place in 0..scope.by_id.len() as u32 {
        let mut sole = Vec::new();
        while let Some(s) = supplies.next_if(|s| s.supplier == place) {
            let (p, k) = (s.product as usize, s.requirement as usize);
            sole.push(SoleSupply {
                firm: s.supplied,
                product: names.products[p].clone(),
                requirement: names.requirements[p][k].clone(),
            });
        }
        if !scope.place_in(place) || (scope.made.of(place).is_empty() && sole.is_empty()) {
            continue;
        }
        if let Some(firm) = without(scope, report, place, sole) {
            out.push(firm);
        }
    }
    // A stable sort keeps id order among equals.
    out.sort_by_key(|c| std::cmp::Reverse(c.impact));
    out
}

/// What the report loses without the firm at `place`, when it loses anything;
/// `sole_supplier_of` are its single-source entries.
fn without<'a, I: Input, S: From<&'a str> + Clone>(
    scope: &Scope<'a, I>,
    report: &Report<'_, S>,
    place: u32,
    sole_supplier_of: Vec<SoleSupply<S>>,
) -> Option<CriticalFirm<S>> {
    let names = report.names;
    let mut downgraded = Vec::new();
    let mut last_running = Vec::new();
    for &(p, flags) in scope.made.of(place) {
        let p = p as usize;
        let mut counts = report.counts[p];
        counts.add(&flags, -1);
        let now = counts.status(report.min_makers);
        if now.rank() < report.status[p].rank() {
            downgraded.push(Downgrade {
                product: names.products[p].clone(),
                status: report.status[p],
                without: now,
            });
        }
        if flags.operating && counts.running == 0 {
            last_running.push(p);
        }
    }
    let lost_producible: Vec<S> = lost_producible(scope, report, &last_running)
        .into_iter()
        .map(|p| names.products[p].clone())
        .collect();
    let impact = downgraded.len() + lost_producible.len() + sole_supplier_of.len();
    if impact == 0 {
        return None;
    }
    Some(CriticalFirm {
        firm: S::from(scope.ids[place as usize]),
        impact,
        downgraded,
        lost_producible,
        sole_supplier_of,
    })
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
