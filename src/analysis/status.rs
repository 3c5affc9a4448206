//! Product status, and the counts per segment and for the whole chain (the spec's
//! "Product status").

use super::input::Input;
use super::report::{Counts, ProductEntry, ProductStatus, SegmentCounts};
use super::scope::{MakerFlags, Scope};

/// How many local makers of a product are strong, running, and there at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct MakerCounts {
    pub(super) strong: usize,
    pub(super) running: usize,
    pub(super) makers: usize,
}

impl MakerCounts {
    /// The counts of a list of makers.
    pub(super) fn of<'m>(makers: impl IntoIterator<Item = &'m MakerFlags>) -> MakerCounts {
        let mut counts = MakerCounts::default();
        for m in makers {
            counts.add(m, 1);
        }
        counts
    }

    /// The counts without one maker (`sign` −1) or with one more (+1).
    pub(super) fn add(&mut self, m: &MakerFlags, sign: isize) {
        let step = |n: &mut usize, on: bool| {
            if on {
                *n = n.wrapping_add_signed(sign);
            }
        };
        step(&mut self.strong, m.strong);
        step(&mut self.running, m.operating);
        step(&mut self.makers, true);
    }

    /// The status these counts give: the first of the five that holds.
    pub(super) fn status(&self, min_makers: usize) -> ProductStatus {
        if self.strong >= min_makers {
            ProductStatus::Covered
        } else if self.strong >= 1 {
            ProductStatus::Single
        } else if self.running >= 1 {
            ProductStatus::Unconfirmed
        } else if self.makers >= 1 {
            ProductStatus::Planned
        } else {
            ProductStatus::Missing
        }
    }
}

/// The local maker counts of every product. O(M): the local makes entries.
pub(super) fn maker_counts<I>(scope: &Scope<'_, I>) -> Vec<MakerCounts> {
    scope
        .local
        .iter()
        .map(|makers| MakerCounts::of(makers.iter().map(|(_, m)| m)))
        .collect()
}

/// Counts the statuses and coverages of `products`.
fn count(
    counts: &[MakerCounts],
    status: &[ProductStatus],
    products: impl Iterator<Item = usize>,
) -> Counts {
    let mut c = Counts {
        products: 0,
        covered: 0,
        single: 0,
        unconfirmed: 0,
        planned: 0,
        missing: 0,
        coverage: 0.0,
        confirmed_coverage: 0.0,
    };
    let (mut running, mut strong) = (0usize, 0usize);
    for p in products {
        c.products += 1;
        match status[p] {
            ProductStatus::Covered => c.covered += 1,
            ProductStatus::Single => c.single += 1,
            ProductStatus::Unconfirmed => c.unconfirmed += 1,
            ProductStatus::Planned => c.planned += 1,
            ProductStatus::Missing => c.missing += 1,
        }
        running += usize::from(counts[p].running > 0);
        strong += usize::from(counts[p].strong > 0);
    }
    if c.products > 0 {
        c.coverage = super::round4(running as f64 / c.products as f64);
        c.confirmed_coverage = super::round4(strong as f64 / c.products as f64);
    }
    c
}

/// The summary and the per-segment counts. O(P·S): products times segments.
pub(super) fn summary<'a, I: Input, S: From<&'a str>>(
    input: &'a I,
    counts: &[MakerCounts],
    status: &[ProductStatus],
) -> (Counts, Vec<SegmentCounts<S>>) {
    let n = status.len();
    let segment_of = input.product_segment();
    let segments = input
        .chain()
        .segments
        .iter()
        .enumerate()
        .map(|(s, seg)| SegmentCounts {
            segment: S::from(&seg.id),
            counts: count(
                counts,
                status,
                (0..n).filter(|&p| segment_of[p] == s as u32),
            ),
        })
        .collect();
    (count(counts, status, 0..n), segments)
}

/// Every product's entry, in template order, with its local makers by id. O(P + M).
pub(super) fn products<'a, I: Input, S: From<&'a str>>(
    scope: &Scope<'a, I>,
    status: &[ProductStatus],
) -> Vec<ProductEntry<S>> {
    let input = scope.input;
    input
        .chain()
        .products
        .iter()
        .enumerate()
        .map(|(p, prod)| ProductEntry {
            product: S::from(&prod.id),
            segment: S::from(&prod.segment),
            status: status[p],
            local_makers: scope.local[p]
                .iter()
                .map(|&(k, _)| S::from(scope.ids[k as usize]))
                .collect(),
        })
        .collect()
}
