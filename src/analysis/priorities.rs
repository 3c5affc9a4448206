//! Priorities (the spec's "Priorities"): what to recruit first, one entry per product that
//! is not covered, with the gaps a local maker of it would close counted.

use super::input::Input;
use super::report::{Action, Priority, ProductStatus};

/// What each product that is not covered would do for the chain, counted elsewhere.
pub(super) struct Reasons<'r> {
    /// Per product: upstream gaps with no local supplier whose requirement it meets.
    pub(super) supplier_gaps: &'r [usize],
    /// Per product: downstream gaps with no local customer whose product it needs.
    pub(super) customer_gaps: &'r [usize],
    /// Per product: blocked end products whose blocking set holds it.
    pub(super) blocks: &'r [usize],
    /// Per product: its candidates in all.
    pub(super) candidates: &'r [usize],
}

/// The priorities section: sorted by impact, then supplier gaps, both highest first, then
/// template order.
///
/// # Complexity
/// O(P log P): the reasons are counted where the gaps are found.
pub(super) fn section<'a, I: Input, S: From<&'a str>>(
    input: &'a I,
    status: &[ProductStatus],
    reasons: &Reasons<'_>,
) -> Vec<Priority<S>> {
    let mut order: Vec<usize> = (0..status.len())
        .filter(|&p| status[p] != ProductStatus::Covered)
        .collect();
    let impact = |p: usize| reasons.supplier_gaps[p] + reasons.customer_gaps[p] + reasons.blocks[p];
    // A stable sort keeps template order among equals.
    order.sort_by_key(|&p| std::cmp::Reverse((impact(p), reasons.supplier_gaps[p])));
    order
        .into_iter()
        .map(|p| Priority {
            product: S::from(input.chain().products[p].id.as_str()),
            status: status[p],
            action: match status[p] {
                ProductStatus::Missing | ProductStatus::Planned => Action::Fill,
                _ => Action::Strengthen,
            },
            impact: impact(p),
            supplier_gaps: reasons.supplier_gaps[p],
            customer_gaps: reasons.customer_gaps[p],
            blocks: reasons.blocks[p],
            candidates: reasons.candidates[p],
        })
        .collect()
}
