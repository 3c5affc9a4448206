//! A compact, read-only store of a template and a dataset, for gap analysis of national
//! registries.
//!
//! A [`KnowledgeGraph`] keeps the whole documents (every name, note, source and `extra`)
//! so that they can be queried, edited, exported and saved. At a national scale that costs
//! several times the file's size in memory. A [`Registry`] keeps only what the gap
//! analysis reads: ids, regions, and each makes fact and link as a few numbers. It reads
//! the dataset in one pass, checking every rule of the data format on the way, and never
//! holds the document's values as owned strings.
//!
//! The reports are those of [`analysis::gaps`], byte for byte: one implementation of
//! the spec runs on both stores, and both are read by the crate's one reader, which
//! checks every rule of the data format once and reports every problem of a bad
//! document with its place. A registry is the reader's store with the template.
//!
//! Memory: the document while it is read, then about a fifth of it (28 bytes a link, 20
//! a makes fact, the ids once). Positions are 32-bit: documents under 4 GB.
//! docs/BENCHMARKS.md has the figures.
//!
//! ```
//! use vrfb_chain::{analysis::{gaps, Options}, builtin, registry::Registry};
//! let registry = Registry::from_json_slices(
//!     builtin::MINIMAL_CHAIN_JSON.as_bytes(),
//!     builtin::MINIMAL_DATASET_JSON.as_bytes(),
//! ).unwrap();
//! let report = registry.gaps("zone-a", &Options::default()).unwrap();
//! assert_eq!(report.upstream_gaps[0].firm, "leader");
//!
//! // The same report as the knowledge graph's, to the byte.
//! let graph = builtin::minimal_graph();
//! let full = gaps(&graph, "zone-a", &Options::default()).unwrap();
//! assert_eq!(report.to_json_string(), full.to_json_string());
//! ```

use std::path::Path;

use crate::analysis::input::{FactRow, Input, LinkRow};
use crate::analysis::{self, GapReport, Options};
use crate::chain::Chain;
use crate::error::Document;
use crate::graph::{FirmOrder, KnowledgeGraph};
use crate::hash::{FxHashMap, Interner};
use crate::reader;
use crate::store::Store;
use crate::{Date, Result};

/// A template and a dataset, validated and reduced to what the gap analysis reads. See the
/// [module documentation](self).
#[derive(Debug, Clone)]
pub struct Registry {
    chain: Chain,
    /// The template's product ids, numbered in template order.
    product: Interner,
    product_segment: Vec<u32>,
    /// The firms in id order.
    order: FirmOrder,
    store: Store,
}

impl Registry {
    /// Parses and checks a template and a dataset, and keeps what the analysis needs.
    ///
    /// # Errors
    /// Exactly those of [`KnowledgeGraph::from_json_slices`] on the same bytes: every
    /// problem of the documents, with where it is.
    ///
    /// ```
    /// use vrfb_chain::{builtin, registry::Registry};
    /// let chain = builtin::MINIMAL_CHAIN_JSON.as_bytes();
    /// let registry = Registry::from_json_slices(chain, builtin::MINIMAL_DATASET_JSON.as_bytes()).unwrap();
    /// assert_eq!(registry.firm_count(), 6);
    ///
    /// let bad = br#"{"format": "dataset@1", "chain": "vrfb-mini", "firms": [{"id": "x", "name": {"en": "X"}}]}"#;
    /// let err = Registry::from_json_slices(chain, bad).unwrap_err();
    /// assert_eq!(err.lines(), ["dataset: firms[0] `x`: region: firm `x` has no region: gap analysis is about places"]);
    /// ```
    pub fn from_json_slices(chain: &[u8], dataset: &[u8]) -> Result<Registry> {
        Registry::read(chain, dataset, reader::Keep::Nothing)
    }

    /// [`Registry::from_json_slices`], keeping every record of the dataset as well, in
    /// compact form (its strings in one arena), for the exports: about the file's size
    /// in memory, against several times that for the owned [`Dataset`](crate::Dataset)
    /// of a [`KnowledgeGraph`].
    ///
    /// # Errors
    /// As [`Registry::from_json_slices`].
    ///
    /// ```
    /// use vrfb_chain::{builtin, registry::Registry};
    /// let chain = builtin::MINIMAL_CHAIN_JSON.as_bytes();
    /// let dataset = builtin::MINIMAL_DATASET_JSON.as_bytes();
    /// assert!(Registry::from_json_slices_with_records(chain, dataset).unwrap().has_records());
    /// assert!(!Registry::from_json_slices(chain, dataset).unwrap().has_records());
    /// ```
    pub fn from_json_slices_with_records(chain: &[u8], dataset: &[u8]) -> Result<Registry> {
        Registry::read(chain, dataset, reader::Keep::Records)
    }

    fn read(chain: &[u8], dataset: &[u8], keep: reader::Keep) -> Result<Registry> {
        let template = Chain::from_slice(chain)?;
        let options = reader::Options {
            template: Some(&template),
            keep,
            rules: reader::Rules::All,
        };
        let store = reader::read(dataset, options)?.store;
        Ok(Registry::of(template, store))
    }

    /// Whether the registry keeps every record ([`Registry::from_json_slices_with_records`]).
    pub fn has_records(&self) -> bool {
        self.store.records.is_some()
    }

    /// The store with its records, when they were kept.
    pub(crate) fn whole(&self) -> Option<crate::store::Whole<'_>> {
        self.store.whole()
    }

    /// The registry of a template and the store the reader made of a dataset.
    fn of(chain: Chain, store: Store) -> Registry {
        let (product, product_segment) = products_of(&chain);
        let ids = &store.firm_ids;
        let order = FirmOrder::of(ids.len(), |f| ids.get(f as u32));
        Registry {
            chain,
            product,
            product_segment,
            order,
            store,
        }
    }

    /// Reads a template file and a dataset file ([`Registry::from_json_slices`]). The
    /// files' bytes are freed before this returns. Errors name the file.
    ///
    /// # Errors
    /// As [`Registry::from_json_slices`], and [`Error::Io`](crate::Error::Io) when a file cannot be read.
    pub fn from_paths(chain: impl AsRef<Path>, dataset: impl AsRef<Path>) -> Result<Registry> {
        Registry::read_paths(chain.as_ref(), dataset.as_ref(), reader::Keep::Nothing)
    }

    /// [`Registry::from_paths`], keeping every record
    /// ([`Registry::from_json_slices_with_records`]).
    ///
    /// # Errors
    /// As [`Registry::from_paths`].
    pub fn from_paths_with_records(
        chain: impl AsRef<Path>,
        dataset: impl AsRef<Path>,
    ) -> Result<Registry> {
        Registry::read_paths(chain.as_ref(), dataset.as_ref(), reader::Keep::Records)
    }

    fn read_paths(chain: &Path, dataset: &Path, keep: reader::Keep) -> Result<Registry> {
        let chain_bytes = crate::read::file(chain)?;
        let dataset_bytes = crate::read::file(dataset)?;
        Registry::read(&chain_bytes, &dataset_bytes, keep).map_err(|e| match e.document() {
            Some(Document::Chain) => e.in_file(chain),
            _ => e.in_file(dataset),
        })
    }

    /// The registry of a knowledge graph's documents.
    ///
    /// ```
    /// use vrfb_chain::{builtin, registry::Registry};
    /// let graph = builtin::vrfb_graph();
    /// let registry = Registry::from_graph(&graph);
    /// assert_eq!(registry.firm_count(), graph.dataset().firms.len());
    /// ```
    pub fn from_graph(graph: &KnowledgeGraph) -> Registry {
        Registry::of(graph.chain().clone(), graph.store.clone())
    }

    /// Runs the gap analysis of `region`, as [`analysis::gaps`] does on a
    /// [`KnowledgeGraph`]; the report's ids are borrowed from the registry.
    ///
    /// # Errors
    /// As [`analysis::gaps`]: an unknown region, or `min_makers` 0.
    pub fn gaps(&self, region: &str, options: &Options) -> Result<GapReport<&str>> {
        analysis::analyse(self, region, options)
    }

    /// The template.
    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    /// The dataset's `as_of`.
    pub fn as_of(&self) -> Option<Date> {
        self.store.as_of
    }

    /// How many firms the dataset has.
    pub fn firm_count(&self) -> usize {
        self.store.firm_count()
    }

    /// How many organizations the dataset has.
    pub fn organization_count(&self) -> usize {
        self.store.organization_count()
    }

    /// How many links the dataset has.
    pub fn link_count(&self) -> usize {
        self.store.links.len()
    }

    /// Whether the dataset has a region with this id.
    ///
    /// ```
    /// # let registry = vrfb_chain::registry::Registry::from_graph(&vrfb_chain::builtin::minimal_graph());
    /// assert!(registry.has_region("zone-a"));
    /// assert!(!registry.has_region("atlantis"));
    /// ```
    pub fn has_region(&self, id: &str) -> bool {
        self.store.regions.find(id).is_some()
    }
}

impl crate::render::NameSource for Registry {
    fn template(&self) -> &Chain {
        &self.chain
    }
    /// Borrowed from the store, which keeps each firm's name as shown.
    fn firm_name(&self, id: &str) -> Option<std::borrow::Cow<'_, str>> {
        match self.store.party(id)? {
            crate::dataset::PartyIndex::Firm(f) => Some(self.store.firm_names.get(f).into()),
            crate::dataset::PartyIndex::Organization(_) => None,
        }
    }
    fn region_name(&self, id: &str) -> Option<std::borrow::Cow<'_, str>> {
        let r = self.store.regions.find(id)?;
        Some(self.store.region_names.get(r).into())
    }
}

impl Input for Registry {
    fn chain(&self) -> &Chain {
        &self.chain
    }
    fn as_of(&self) -> Option<Date> {
        self.store.as_of
    }
    fn product_index(&self, id: &str) -> Option<u32> {
        self.product.find(id)
    }
    fn product_segment(&self) -> &[u32] {
        &self.product_segment
    }
    fn region_index(&self, id: &str) -> Option<u32> {
        self.store.regions.find(id)
    }
    fn region_id(&self, r: u32) -> &str {
        self.store.regions.get(r)
    }
    fn region_parent(&self) -> &[Option<u32>] {
        &self.store.region_parent
    }
    fn firm_id(&self, f: u32) -> &str {
        self.store.firm_ids.get(f)
    }
    fn firm_region(&self) -> &[u32] {
        &self.store.firm_region
    }
    fn organization_region(&self) -> &[Option<u32>] {
        &self.store.organization_region
    }
    fn firm_order(&self) -> &FirmOrder {
        &self.order
    }
    fn fact_count(&self) -> usize {
        self.store.fact_count()
    }
    fn for_each_fact(&self, f: u32, visit: impl FnMut(FactRow)) {
        self.store.for_each_fact(f, visit);
    }
    fn for_each_capacity<'s>(&'s self, f: u32, visit: impl FnMut(FactRow, f64, &'s str)) {
        self.store.for_each_capacity(f, visit);
    }
    fn link_count(&self) -> usize {
        self.store.links.len()
    }
    fn link(&self, i: usize) -> LinkRow {
        self.store.links[i]
    }
}

/// The template's product ids numbered in template order, and each product's segment.
fn products_of(chain: &Chain) -> (Interner, Vec<u32>) {
    let segment: FxHashMap<&str, u32> = chain
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i as u32))
        .collect();
    let product = Interner::numbered(chain.products.iter().map(|p| p.id.as_str()));
    let product_segment = chain
        .products
        .iter()
        .map(|p| segment.get(p.segment.as_str()).copied().unwrap_or(0))
        .collect();
    (product, product_segment)
}
