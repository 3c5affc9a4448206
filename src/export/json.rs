//! The dataset itself, in its native format (`dataset@1`), as your own code or this crate
//! reads it back: lossless (`extra` is kept verbatim), with every list in canonical order
//! ([`Dataset::canonical`]), so that the order of the input lists never changes the output.
//!
//! With [`ExportOptions::as_of`], only the makes facts and links valid at that date are
//! kept, and the dataset's `as_of` becomes that date.

use std::io::Write;

use super::{prepared_dataset, ExportOptions};
use crate::dataset::Dataset;
use crate::error::Result;
use crate::graph::KnowledgeGraph;

/// The dataset as [`write`](fn@write) writes it: canonical, and filtered by `options.as_of`.
///
/// ```
/// use vrfb_chain::export::{json, ExportOptions};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let all = json::dataset(&graph, &ExportOptions::default());
/// assert_eq!(all, graph.dataset().canonical());
/// let options = ExportOptions { as_of: Some("2024-06-01".parse().unwrap()), ..Default::default() };
/// let then = json::dataset(&graph, &options);
/// // The closed supply link, and the member_of link that starts in 2025-07, are gone.
/// assert_eq!(then.links.len(), graph.dataset().links.len() - 2);
/// ```
pub fn dataset(graph: &KnowledgeGraph, options: &ExportOptions) -> Dataset {
    prepared_dataset(graph.dataset(), options.as_of)
}

/// Writes the dataset as indented `dataset@1` JSON, ending with a newline.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when writing fails.
///
/// # Complexity
/// O(n log n) time (sorting) and O(n) space, n the size of the dataset.
///
/// ```
/// use vrfb_chain::export::{json, ExportOptions};
/// use vrfb_chain::Dataset;
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let mut out = Vec::new();
/// json::write(&graph, &ExportOptions::default(), &mut out).unwrap();
/// let again = Dataset::from_slice(&out).unwrap();
/// assert_eq!(again, graph.dataset().canonical());
/// assert_eq!(again.firms.iter().find(|f| f.id == "minerco").unwrap().extra.as_ref().unwrap().get(),
///            r#"{"listed": true, "note": "kept verbatim"}"#);
/// ```
pub fn write<W: Write>(graph: &KnowledgeGraph, options: &ExportOptions, writer: W) -> Result<()> {
    dataset(graph, options).to_writer(writer)
}
