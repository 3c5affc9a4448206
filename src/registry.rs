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
//! BENCHMARKS.md has the figures.
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
use crate::hash::{FxHashMap, Interner, Strings};
use crate::reader;
use crate::{Date, Result};

/// A template and a dataset, validated and reduced to what the gap analysis reads. See the
/// [module documentation](self).
#[derive(Debug, Clone)]
pub struct Registry {
    chain: Chain,
    /// The template's product ids, numbered in template order.
    product: Interner,
    product_segment: Vec<u32>,
    as_of: Option<Date>,
    /// Region ids, numbered in document order.
    regions: Interner,
    region_parent: Vec<Option<u32>>,
    firm_ids: Strings,
    firm_region: Vec<u32>,
    organization_region: Vec<Option<u32>>,
    order: FirmOrder,
    /// Where each firm's facts start in `facts`; one more at the end.
    fact_start: Vec<u32>,
    facts: Vec<FactRow>,
    /// The capacities of makes facts, by fact position.
    capacities: Vec<reader::Capacity>,
    /// Capacity units, numbered as they come.
    units: Interner,
    links: Vec<LinkRow>,
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
        let template = Chain::from_slice(chain)?;
        let options = reader::Options {
            template: Some(&template),
            keep: false,
            rules: reader::Rules::All,
        };
        let store = reader::read(dataset, options)?.store;
        Ok(Registry::of(template, store))
    }

    /// The registry of a template and the store the reader made of a dataset.
    fn of(chain: Chain, store: reader::Store) -> Registry {
        let (product, product_segment) = products_of(&chain);
        let order = FirmOrder::of(store.firm_ids.len(), |f| store.firm_ids.get(f as u32));
        Registry {
            chain,
            product,
            product_segment,
            as_of: store.as_of,
            regions: store.regions,
            region_parent: store.region_parent,
            firm_ids: store.firm_ids,
            firm_region: store.firm_region,
            organization_region: store.organization_region,
            order,
            fact_start: store.fact_start,
            facts: store.facts,
            capacities: store.capacities,
            units: store.units,
            links: store.links,
        }
    }

    /// Reads a template file and a dataset file ([`Registry::from_json_slices`]). The
    /// files' bytes are freed before this returns. Errors name the file.
    ///
    /// # Errors
    /// As [`Registry::from_json_slices`], and [`Error::Io`](crate::Error::Io) when a file cannot be read.
    pub fn from_paths(chain: impl AsRef<Path>, dataset: impl AsRef<Path>) -> Result<Registry> {
        let (chain, dataset) = (chain.as_ref(), dataset.as_ref());
        let chain_bytes = crate::read::file(chain)?;
        let dataset_bytes = crate::read::file(dataset)?;
        Registry::from_json_slices(&chain_bytes, &dataset_bytes).map_err(|e| match e.document() {
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
        let data = graph.dataset();
        let regions = numbered(data.regions.iter().map(|r| r.id.as_str()));
        let mut firm_ids = Strings::default();
        let mut fact_start = Vec::with_capacity(data.firms.len() + 1);
        let mut facts = Vec::with_capacity(Input::fact_count(graph));
        let mut capacities = Vec::new();
        let mut units = Interner::with_capacity(8);
        for (f, firm) in data.firms.iter().enumerate() {
            firm_ids.push(&firm.id);
            fact_start.push(facts.len() as u32);
            for (j, m) in firm.makes.iter().enumerate() {
                if let Some(c) = &m.capacity {
                    capacities.push(reader::Capacity {
                        fact: (facts.len() + j) as u32,
                        value: c.value,
                        unit: units.intern(&c.unit),
                    });
                }
            }
            graph.for_each_fact(f as u32, |row| facts.push(row));
        }
        fact_start.push(facts.len() as u32);
        let chain = graph.chain().clone();
        let (product, product_segment) = products_of(&chain);
        Registry {
            chain,
            product,
            product_segment,
            as_of: data.as_of,
            regions,
            region_parent: graph.region_parent().to_vec(),
            firm_ids,
            firm_region: graph.firm_region().to_vec(),
            organization_region: graph.organization_region().to_vec(),
            order: graph.firm_order().clone(),
            fact_start,
            facts,
            capacities,
            units,
            links: (0..graph.link_count()).map(|i| graph.link(i)).collect(),
        }
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
        self.as_of
    }

    /// How many firms the dataset has.
    pub fn firm_count(&self) -> usize {
        self.firm_ids.len()
    }

    /// How many organizations the dataset has.
    pub fn organization_count(&self) -> usize {
        self.organization_region.len()
    }

    /// How many links the dataset has.
    pub fn link_count(&self) -> usize {
        self.links.len()
    }

    /// Whether the dataset has a region with this id.
    ///
    /// ```
    /// # let registry = vrfb_chain::registry::Registry::from_graph(&vrfb_chain::builtin::minimal_graph());
    /// assert!(registry.has_region("zone-a"));
    /// assert!(!registry.has_region("atlantis"));
    /// ```
    pub fn has_region(&self, id: &str) -> bool {
        self.regions.find(id).is_some()
    }
}

impl Input for Registry {
    fn chain(&self) -> &Chain {
        &self.chain
    }
    fn as_of(&self) -> Option<Date> {
        self.as_of
    }
    fn product_index(&self, id: &str) -> Option<u32> {
        self.product.find(id)
    }
    fn product_segment(&self) -> &[u32] {
        &self.product_segment
    }
    fn region_index(&self, id: &str) -> Option<u32> {
        self.regions.find(id)
    }
    fn region_id(&self, r: u32) -> &str {
        self.regions.get(r)
    }
    fn region_parent(&self) -> &[Option<u32>] {
        &self.region_parent
    }
    fn firm_id(&self, f: u32) -> &str {
        self.firm_ids.get(f)
    }
    fn firm_region(&self) -> &[u32] {
        &self.firm_region
    }
    fn organization_region(&self) -> &[Option<u32>] {
        &self.organization_region
    }
    fn firm_order(&self) -> &FirmOrder {
        &self.order
    }
    fn fact_count(&self) -> usize {
        self.facts.len()
    }
    fn for_each_fact(&self, f: u32, mut visit: impl FnMut(FactRow)) {
        let f = f as usize;
        let range = self.fact_start[f] as usize..self.fact_start[f + 1] as usize;
        for &row in &self.facts[range] {
            visit(row);
        }
    }
    fn for_each_capacity<'s>(&'s self, f: u32, mut visit: impl FnMut(FactRow, f64, &'s str)) {
        let f = f as usize;
        let (start, end) = (self.fact_start[f], self.fact_start[f + 1]);
        let first = self.capacities.partition_point(|c| c.fact < start);
        for c in self.capacities[first..].iter().take_while(|c| c.fact < end) {
            visit(self.facts[c.fact as usize], c.value, self.units.get(c.unit));
        }
    }
    fn link_count(&self) -> usize {
        self.links.len()
    }
    fn link(&self, i: usize) -> LinkRow {
        self.links[i]
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
    let product = numbered(chain.products.iter().map(|p| p.id.as_str()));
    let product_segment = chain
        .products
        .iter()
        .map(|p| segment.get(p.segment.as_str()).copied().unwrap_or(0))
        .collect();
    (product, product_segment)
}

/// Ids numbered in the order given (they are distinct: validated).
fn numbered<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> Interner {
    let mut names = Interner::with_capacity(ids.len());
    for id in ids {
        names.intern(id);
    }
    names
}
