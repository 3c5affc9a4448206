//! The data compiled into the crate, so that examples and tests run from any directory
//! with no file argument.
//!
//! - [`minimal_chain`] / [`minimal_dataset`]: a small fictional example
//!   (`data/minimal.*.json`) that docs and tests use; small enough to check by hand.
//!
//! The built-in documents are validated by the crate's tests, so the functions that build
//! graphs from them do not return errors.

use crate::{Chain, Dataset, KnowledgeGraph};

/// The text of `data/minimal.chain.json`.
pub const MINIMAL_CHAIN_JSON: &str = include_str!("../data/minimal.chain.json");
/// The text of `data/minimal.dataset.json`.
pub const MINIMAL_DATASET_JSON: &str = include_str!("../data/minimal.dataset.json");

fn parse<T>(what: &str, result: crate::Result<T>) -> T {
    match result {
        Ok(value) => value,
        // The built-in documents are checked by the test suite; this cannot happen in a
        // released crate.
        Err(e) => panic!("built-in {what} does not load: {e}"),
    }
}

/// The minimal example template (`data/minimal.chain.json`).
///
/// ```
/// assert_eq!(vrfb_chain::builtin::minimal_chain().id, "vrfb-mini");
/// ```
pub fn minimal_chain() -> Chain {
    parse("minimal chain", Chain::from_json_str(MINIMAL_CHAIN_JSON))
}

/// The minimal example dataset (`data/minimal.dataset.json`): six fictional firms.
///
/// ```
/// assert_eq!(vrfb_chain::builtin::minimal_dataset().firms.len(), 6);
/// ```
pub fn minimal_dataset() -> Dataset {
    parse(
        "minimal dataset",
        Dataset::from_json_str(MINIMAL_DATASET_JSON),
    )
}

/// The graph of the minimal example.
///
/// ```
/// let graph = vrfb_chain::builtin::minimal_graph();
/// assert!(graph.firm("leader").unwrap().has_tag("chain-leader"));
/// ```
pub fn minimal_graph() -> KnowledgeGraph {
    parse(
        "minimal graph",
        KnowledgeGraph::new(minimal_chain(), minimal_dataset()),
    )
}
