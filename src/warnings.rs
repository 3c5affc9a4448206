//! What a person reading a gap report needs to be told about the data and the options,
//! though nothing is wrong with either: facts the report does not count, and why.
//!
//! The analysis follows the spec silently: a fact that starts after the as-of date does
//! not hold, a makes fact with no source has no grade and so is never strong, `top 0`
//! lists no candidate. Each is right, and each surprises someone who just added a firm for
//! 2026 and sees nothing change. [`check`] finds them; the command line and the examples
//! print them on standard error, one line each.
//!
//! ```
//! use vrfb_chain::analysis::{gaps, Options};
//! use vrfb_chain::warnings::{check, Warning};
//! let graph = vrfb_chain::builtin::minimal_graph();
//! let options = Options { as_of: Some("2024-06".parse().unwrap()), ..Options::default() };
//! let report = gaps(&graph, "zone-a", &options).unwrap();
//! let warnings = check(&graph, &report);
//! assert_eq!(
//!     warnings[0].to_string(),
//!     "2 facts start after the as-of date 2024-06 (that is, 2024-06-01) and do not count (3 parties: alliance, leader, slagworks)"
//! );
//! ```

use std::fmt;

use crate::analysis::GapReport;
use crate::dataset::Fact;
use crate::graph::KnowledgeGraph;
use crate::Date;

/// How many ids a warning's text names before it says "and N more".
pub const NAMED_IN_TEXT: usize = 8;

/// One thing to tell the reader. Its [`Display`](fmt::Display) is one line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// Facts (makes facts and links) whose `since` is after the report's as-of date: they
    /// do not count.
    StartAfterAsOf {
        /// The report's as-of date.
        as_of: Date,
        /// How many facts.
        facts: usize,
        /// The firms and organizations of those facts, by id.
        parties: Vec<String>,
    },
    /// Makes facts that cite no source: they have no grade, so they are never strong at
    /// the report's minimum grade.
    UnsourcedMakes {
        /// How many makes facts.
        facts: usize,
        /// Their firms, by id.
        firms: Vec<String>,
    },
    /// Makes facts that are the same, word for word, as an earlier one of their firm: a
    /// row typed twice, most likely. The format allows it, and each counts: a capacity
    /// given twice is summed twice.
    RepeatedMakes {
        /// How many makes facts repeat an earlier one.
        facts: usize,
        /// Their firms, by id.
        firms: Vec<String>,
    },
    /// `top_candidates` is 0, so the report lists none of the candidates it found.
    NoCandidatesListed {
        /// How many candidates were found, over all products.
        candidates: usize,
        /// For how many products.
        products: usize,
    },
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn ids(f: &mut fmt::Formatter<'_>, ids: &[String]) -> fmt::Result {
    let shown = ids.iter().take(NAMED_IN_TEXT).map(String::as_str);
    write!(f, "{}", shown.collect::<Vec<_>>().join(", "))?;
    if ids.len() > NAMED_IN_TEXT {
        write!(f, " and {} more", ids.len() - NAMED_IN_TEXT)?;
    }
    Ok(())
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::StartAfterAsOf {
                as_of,
                facts,
                parties,
            } => {
                let verb = if *facts == 1 { "starts" } else { "start" };
                // A partial date stands for its first day (data-format.md): say which.
                let (y, m, d) = as_of.first_day();
                let day = if as_of.day().is_some() {
                    String::new()
                } else {
                    format!(" (that is, {y:04}-{m:02}-{d:02})")
                };
                write!(
                    f,
                    "{} {verb} after the as-of date {as_of}{day} and do{} not count ({}: ",
                    plural(*facts, "fact", "facts"),
                    if *facts == 1 { "es" } else { "" },
                    plural(parties.len(), "party", "parties"),
                )?;
                ids(f, parties)?;
                f.write_str(")")
            }
            Warning::UnsourcedMakes { facts, firms } => {
                write!(
                    f,
                    "{} no source and can never be strong ({}: ",
                    plural(*facts, "makes fact cites", "makes facts cite"),
                    plural(firms.len(), "firm", "firms"),
                )?;
                ids(f, firms)?;
                f.write_str(")")
            }
            Warning::RepeatedMakes { facts, firms } => {
                write!(
                    f,
                    "{} the same as an earlier one of {}, word for word, and each counts (a \
                     capacity twice): delete the copies if they are one plant ({}: ",
                    plural(*facts, "makes fact is", "makes facts are"),
                    if *facts == 1 {
                        "its firm"
                    } else {
                        "their firms"
                    },
                    plural(firms.len(), "firm", "firms"),
                )?;
                ids(f, firms)?;
                f.write_str(")")
            }
            Warning::NoCandidatesListed {
                candidates,
                products,
            } => write!(
                f,
                "--top 0 hides every candidate: {} for {} are not listed",
                plural(*candidates, "candidate", "candidates"),
                plural(*products, "product", "products"),
            ),
        }
    }
}

/// The warnings for `report`, made from `graph` with the report's own options, in the
/// order of [`Warning`]'s variants; none when there is nothing to say.
///
/// The facts are those of the whole dataset, not only of the report's region: outside
/// firms are the report's candidates, so a fact they do not get counted for matters too.
///
/// # Complexity
/// O(F + L + P log P) time for F makes facts, L links and P parties named; O(P) space.
///
/// ```
/// use vrfb_chain::analysis::{gaps, Options};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
/// assert!(vrfb_chain::warnings::check(&graph, &report).is_empty());
///
/// let hidden = gaps(&graph, "zone-a", &Options { top_candidates: 0, ..Options::default() }).unwrap();
/// let warnings = vrfb_chain::warnings::check(&graph, &hidden);
/// assert!(warnings[0].to_string().starts_with("--top 0 hides every candidate: "));
/// ```
pub fn check<S>(graph: &KnowledgeGraph, report: &GapReport<S>) -> Vec<Warning> {
    let dataset = graph.dataset();
    let options = &report.options;
    let mut warnings = Vec::new();

    if let Some(as_of) = options.as_of {
        let later = |since: Option<Date>| since.is_some_and(|s| s.cmp_day(&as_of).is_gt());
        let mut facts = 0;
        let mut parties = Vec::new();
        for firm in &dataset.firms {
            let n = firm.makes.iter().filter(|m| later(m.since())).count();
            if n > 0 {
                facts += n;
                parties.push(firm.id.clone());
            }
        }
        for link in dataset.links.iter().filter(|l| later(l.since())) {
            facts += 1;
            parties.push(link.from.clone());
            parties.push(link.to.clone());
        }
        if facts > 0 {
            parties.sort();
            parties.dedup();
            warnings.push(Warning::StartAfterAsOf {
                as_of,
                facts,
                parties,
            });
        }
    }

    // With the grade `none` every fact is strong enough: nothing to say then.
    if options.min_grade.is_some() {
        let mut facts = 0;
        let mut firms = Vec::new();
        for firm in &dataset.firms {
            let n = firm.makes.iter().filter(|m| m.sources.is_empty()).count();
            if n > 0 {
                facts += n;
                firms.push(firm.id.clone());
            }
        }
        if facts > 0 {
            firms.sort();
            warnings.push(Warning::UnsourcedMakes { facts, firms });
        }
    }

    if let Some(repeated) = repeated_makes(dataset) {
        warnings.push(repeated);
    }

    if options.top_candidates == 0 {
        let found: Vec<usize> = report
            .candidates
            .iter()
            .map(|c| c.count)
            .filter(|&n| n > 0)
            .collect();
        if !found.is_empty() {
            warnings.push(Warning::NoCandidatesListed {
                candidates: found.iter().sum(),
                products: found.len(),
            });
        }
    }
    warnings
}

/// The makes facts that repeat an earlier one of their firm; none when no fact does.
/// O(k²) per firm of k makes facts (a firm makes a few products).
fn repeated_makes(dataset: &crate::Dataset) -> Option<Warning> {
    let mut facts = 0;
    let mut firms = Vec::new();
    for firm in &dataset.firms {
        let m = &firm.makes;
        let n = (1..m.len()).filter(|&j| m[..j].contains(&m[j])).count();
        if n > 0 {
            facts += n;
            firms.push(firm.id.clone());
        }
    }
    firms.sort();
    (facts > 0).then_some(Warning::RepeatedMakes { facts, firms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_fact_reads_in_the_singular() {
        let w = Warning::StartAfterAsOf {
            as_of: "2025".parse().unwrap(),
            facts: 1,
            parties: vec!["a".into()],
        };
        assert_eq!(
            w.to_string(),
            "1 fact starts after the as-of date 2025 (that is, 2025-01-01) and does not count (1 party: a)"
        );
        let many: Vec<String> = (0..10).map(|i| format!("f{i}")).collect();
        let w = Warning::UnsourcedMakes {
            facts: 12,
            firms: many,
        };
        assert_eq!(
            w.to_string(),
            "12 makes facts cite no source and can never be strong \
             (10 firms: f0, f1, f2, f3, f4, f5, f6, f7 and 2 more)"
        );
        let w = Warning::RepeatedMakes {
            facts: 2,
            firms: vec!["a".into(), "b".into()],
        };
        assert_eq!(
            w.to_string(),
            "2 makes facts are the same as an earlier one of their firms, word for word, and \
             each counts (a capacity twice): delete the copies if they are one plant (2 firms: \
             a, b)"
        );
    }
}
