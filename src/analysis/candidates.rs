//! Candidates (the spec's "Candidates"): the outside firms that make each product that is
//! not covered, scored by their links with the scope, their proximity and their evidence.

use crate::dataset::Grade;
use crate::graph::PartyIndex;

use super::input::Input;
use super::report::{Candidate, ProductCandidates, ProductStatus};
use super::scope::Scope;

fn grade_points(grade: Option<Grade>) -> u32 {
    match grade {
        Some(Grade::A) => 3,
        Some(Grade::B) => 2,
        Some(Grade::C) => 1,
        None => 0,
    }
}

/// Valid links of any kind between each outside firm and the firms and organizations in
/// scope, either direction, capped at 3. O(L).
fn links_with_scope<I: Input>(scope: &Scope<'_, I>) -> Vec<u32> {
    let input = scope.input;
    let mut links = vec![0u32; input.firm_region().len()];
    for i in 0..input.link_count() {
        let link = input.link(i);
        if !link.is_valid_at(scope.as_of) {
            continue;
        }
        let (a, b) = link.ends();
        for (this, other) in [(a, b), (b, a)] {
            if let PartyIndex::Firm(f) = this {
                if !scope.firm_in[f as usize] && scope.party_in(other) {
                    links[f as usize] = (links[f as usize] + 1).min(3);
                }
            }
        }
    }
    links
}

/// How many regions each region's path from the root shares with the scope's. O(R·D), D
/// the depth of the region forest.
fn proximity<I: Input>(scope: &Scope<'_, I>) -> Vec<u32> {
    let parent = scope.input.region_parent();
    let path = |region: u32| {
        let mut path: Vec<u32> =
            std::iter::successors(Some(region), |&r| parent[r as usize]).collect();
        path.reverse();
        path
    };
    let scope_path = path(scope.region);
    (0..parent.len() as u32)
        .map(|r| {
            path(r)
                .iter()
                .zip(&scope_path)
                .take_while(|(a, b)| a == b)
                .count() as u32
        })
        .collect()
}

/// The candidates section, one entry per product that is not covered, and the number of
/// candidates of each product in all (0 for covered ones).
///
/// # Complexity
/// O(L + R·D + M + C log C) time: links, regions, makes entries and the candidates sorted.
pub(super) fn section<'a, I: Input, S: From<&'a str>>(
    scope: &Scope<'a, I>,
    status: &[ProductStatus],
    top: usize,
) -> (Vec<ProductCandidates<S>>, Vec<usize>) {
    let input = scope.input;
    let mut counts = vec![0; status.len()];
    if status.iter().all(|&s| s == ProductStatus::Covered) {
        // Nothing to list (a national scope, often): no pass over the links.
        return (Vec::new(), counts);
    }
    let links = links_with_scope(scope);
    let proximity = proximity(scope);
    // Operating outside makers of each product, by id, with their best evidence.
    let mut outside: Vec<Vec<(u32, u32)>> = vec![Vec::new(); status.len()];
    for (k, &f) in scope.by_id.iter().enumerate() {
        if scope.firm_in[f as usize] {
            continue;
        }
        for &(p, flags) in scope.made.of(k as u32) {
            if flags.operating {
                outside[p as usize].push((f, grade_points(flags.evidence)));
            }
        }
    }
    let mut out = Vec::new();
    for (p, prod) in input.chain().products.iter().enumerate() {
        if status[p] == ProductStatus::Covered {
            continue;
        }
        // (score, links, proximity, evidence) of each candidate, built as ids only for
        // those listed: a national scope has thousands per product.
        let mut scored: Vec<(u32, [u32; 3], u32)> = outside[p]
            .iter()
            .map(|&(f, evidence)| {
                let proximity = proximity[input.firm_region()[f as usize] as usize];
                let links = links[f as usize];
                (
                    3 * links + 2 * proximity + evidence,
                    [links, proximity, evidence],
                    f,
                )
            })
            .collect();
        // Candidates arrive by id; a stable sort by score keeps ties by id.
        scored.sort_by_key(|&(score, _, _)| std::cmp::Reverse(score));
        let count = scored.len();
        counts[p] = count;
        let firms = scored
            .into_iter()
            .take(top)
            .map(|(score, [links, proximity, evidence], f)| Candidate {
                firm: S::from(scope.id_of(f)),
                score,
                links,
                proximity,
                evidence,
            })
            .collect();
        out.push(ProductCandidates {
            product: S::from(prod.id.as_str()),
            count,
            firms,
        });
    }
    (out, counts)
}
