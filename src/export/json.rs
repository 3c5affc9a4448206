//! The dataset itself, in its native format (`dataset@1`), as your own code or this crate
//! reads it back: lossless (`extra` is kept verbatim), with every list in canonical order
//! ([`Dataset::canonical`]), so that the order of the input lists never changes the output.
//!
//! With [`ExportOptions::as_of`], only the makes facts and links valid at that date are
//! kept, and the dataset's `as_of` becomes that date.
//!
//! The records are written one at a time in canonical order (only their positions are
//! sorted), so that a registry's export needs little beside the registry.

use std::io::Write;

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::records::records_of;
use super::{ExportOptions, Exportable, Model};
use crate::dataset::{Dataset, Fact, DATASET_FORMAT};
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
    let mut d = graph.dataset().canonical();
    if let Some(date) = options.as_of {
        for firm in &mut d.firms {
            firm.makes.retain(|m| m.is_valid_at(Some(date)));
        }
        d.links.retain(|l| l.is_valid_at(Some(date)));
        d.as_of = Some(date);
    }
    d
}

/// Writes the dataset as indented `dataset@1` JSON, ending with a newline: the bytes of
/// [`dataset`]`(..).to_writer(..)`, from a graph or a registry read with its records,
/// building one record at a time.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when writing fails;
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a registry read without
/// its records.
///
/// # Complexity
/// O(n log n) time (sorting the records' positions) and O(n) space: 4 bytes a record
/// beside the data, n the size of the dataset.
///
/// ```
/// use vrfb_chain::export::{json, ExportOptions};
/// use vrfb_chain::{builtin, registry::Registry, Dataset};
/// let graph = builtin::minimal_graph();
/// let mut out = Vec::new();
/// json::write(&graph, &ExportOptions::default(), &mut out).unwrap();
/// let again = Dataset::from_slice(&out).unwrap();
/// assert_eq!(again, graph.dataset().canonical());
/// assert_eq!(again.firms.iter().find(|f| f.id == "minerco").unwrap().extra.as_ref().unwrap().get(),
///            r#"{"listed": true, "note": "kept verbatim"}"#);
///
/// // A registry read with its records writes the same bytes.
/// let registry = Registry::from_json_slices_with_records(
///     builtin::MINIMAL_CHAIN_JSON.as_bytes(),
///     builtin::MINIMAL_DATASET_JSON.as_bytes(),
/// ).unwrap();
/// let mut again = Vec::new();
/// json::write(&registry, &ExportOptions::default(), &mut again).unwrap();
/// assert_eq!(again, out);
/// ```
pub fn write<D: Exportable + ?Sized, W: Write>(
    data: &D,
    options: &ExportOptions,
    writer: W,
) -> Result<()> {
    let model = Model::new::<&str>(records_of(data)?, options, None);
    crate::write::pretty(writer, &Document(&model))
}

/// The dataset document, its lists made as they are written.
struct Document<'a, 'm>(&'a Model<'m>);

impl Serialize for Document<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let model = self.0;
        let (records, order) = (model.records(), model.order());
        // The fields of a `Dataset`'s serialized form, in its order; a registry's dataset
        // names its template's chain, as validation requires.
        let mut doc = s.serialize_struct("Dataset", 8)?;
        doc.serialize_field("format", DATASET_FORMAT)?;
        doc.serialize_field("chain", &records.chain().id)?;
        match model.filter().or(records.as_of()) {
            Some(date) => doc.serialize_field("as_of", &date)?,
            None => doc.skip_field("as_of")?,
        }
        doc.serialize_field(
            "sources",
            &List::of(&order.sources, |i| Some(records.source(i as usize))),
        )?;
        doc.serialize_field(
            "regions",
            &List::of(&order.regions, |i| Some(records.region(i as usize))),
        )?;
        doc.serialize_field("firms", &List::of(&order.firms, |i| Some(model.firm(i))))?;
        doc.serialize_field(
            "organizations",
            &List::of(&order.organizations, |i| Some(model.organization(i))),
        )?;
        doc.serialize_field(
            "links",
            &List::of(&order.links, |i| model.keeps_link(i).then(|| model.link(i))),
        )?;
        doc.end()
    }
}

/// The records at `positions` that `record` gives, each made as it is written.
struct List<'p, F> {
    positions: &'p [u32],
    record: F,
}

impl<'p, F> List<'p, F> {
    fn of(positions: &'p [u32], record: F) -> Self {
        List { positions, record }
    }
}

impl<T: Serialize, F: Fn(u32) -> Option<T>> Serialize for List<'_, F> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for &i in self.positions {
            if let Some(record) = (self.record)(i) {
                seq.serialize_element(&record)?;
            }
        }
        seq.end()
    }
}
