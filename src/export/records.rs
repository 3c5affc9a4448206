//! What the exports read: [`Exportable`], implemented by a [`KnowledgeGraph`] and a
//! [`Registry`] read with its records, and [`Records`], every record of either, one at a
//! time.
//!
//! A graph lends its dataset's records; a registry rebuilds each one from its compact
//! store when asked, so that an export of a national registry never holds more than one
//! record at a time beside the store. Ids, link ends and the fields the exports sort and
//! filter by come from the store's rows without building a record.

use std::borrow::Cow;

use crate::analysis::input::Input;
use crate::chain::Chain;
use crate::dataset::{Dataset, Firm, Grade, Link, Makes, Organization, PartyIndex, Region, Source};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::graph::{FirmOrder, KnowledgeGraph};
use crate::hash::{self, FxHashMap};
use crate::registry::Registry;
use crate::store::{FactRow, LinkRow, Store, Whole};

mod sealed {
    /// Only the crate's stores can be exported.
    pub trait Sealed {}
    impl Sealed for crate::graph::KnowledgeGraph {}
    impl Sealed for crate::registry::Registry {}
}

/// Something the exports can write: a [`KnowledgeGraph`], or a [`Registry`] read with its
/// records ([`Registry::from_paths_with_records`]). Every writer of [`export`](super)
/// takes either.
///
/// ```
/// use vrfb_chain::export::{self, Exportable, ExportOptions, Format};
/// use vrfb_chain::{builtin, registry::Registry};
/// let (chain, dataset) = (builtin::MINIMAL_CHAIN_JSON.as_bytes(), builtin::MINIMAL_DATASET_JSON.as_bytes());
/// let registry = Registry::from_json_slices_with_records(chain, dataset).unwrap();
/// let graph = builtin::minimal_graph();
/// let (mut from_registry, mut from_graph) = (Vec::new(), Vec::new());
/// let options = ExportOptions::default();
/// export::write(&registry, Format::Graphml, &options, None, &mut from_registry).unwrap();
/// export::write(&graph, Format::Graphml, &options, None, &mut from_graph).unwrap();
/// assert_eq!(from_registry, from_graph);
///
/// // A registry read without its records has nothing to export.
/// let bare = Registry::from_json_slices(chain, dataset).unwrap();
/// assert!(bare.records().is_none());
/// assert!(export::write(&bare, Format::Json, &options, None, Vec::new()).is_err());
/// ```
pub trait Exportable: sealed::Sealed {
    /// The ids of this data's gap reports, which the exports' `report` is: `String` for a
    /// graph's ([`analysis::gaps`](crate::analysis::gaps)), `&str` for a registry's
    /// ([`Registry::gaps`]).
    type Id<'r>: AsRef<str>;

    /// Every record, or `None` for a registry read without its records.
    fn records(&self) -> Option<Records<'_>>;
}

impl Exportable for KnowledgeGraph {
    type Id<'r> = String;

    fn records(&self) -> Option<Records<'_>> {
        Some(Records {
            chain: self.chain(),
            store: &self.store,
            firm_order: Input::firm_order(self),
            kept: Kept::Dataset(self.dataset()),
        })
    }
}

impl Exportable for Registry {
    type Id<'r> = &'r str;

    fn records(&self) -> Option<Records<'_>> {
        let whole = self.whole()?;
        Some(Records {
            chain: self.chain(),
            store: whole.store(),
            firm_order: Input::firm_order(self),
            kept: Kept::Store(whole),
        })
    }
}

/// The records of `data`, or the error that says how to read a registry with them.
pub(crate) fn records_of<D: Exportable + ?Sized>(data: &D) -> Result<Records<'_>> {
    data.records().ok_or_else(|| {
        Error::InvalidArgument(
            "the registry was read without its records, which an export needs: read it with \
             Registry::from_paths_with_records or Registry::from_json_slices_with_records"
                .into(),
        )
    })
}

/// Every record of a graph's dataset or of a registry, by position in the document: the
/// template, the counts, the id of each record without building it, and each record, lent
/// by a graph ([`Cow::Borrowed`]) or rebuilt by a registry ([`Cow::Owned`]), exactly as
/// the [`Dataset`] holds it. Positions are in document order; a position beyond the
/// count panics, as a slice index does.
///
/// ```
/// use vrfb_chain::export::Exportable;
/// use vrfb_chain::{builtin, registry::Registry};
/// let registry = Registry::from_json_slices_with_records(
///     builtin::MINIMAL_CHAIN_JSON.as_bytes(),
///     builtin::MINIMAL_DATASET_JSON.as_bytes(),
/// ).unwrap();
/// let records = registry.records().unwrap();
/// let dataset = builtin::minimal_dataset();
/// assert_eq!(records.firm_count(), dataset.firms.len());
/// for i in 0..records.firm_count() {
///     assert_eq!(records.firm_id(i), dataset.firms[i].id);
///     assert_eq!(*records.firm(i), dataset.firms[i]);
/// }
/// assert_eq!(records.chain().id, "vrfb-mini");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Records<'a> {
    chain: &'a Chain,
    store: &'a Store,
    /// The firms in id order, which the graph and the registry keep for the analysis.
    firm_order: &'a FirmOrder,
    kept: Kept<'a>,
}

/// Where the records are: a dataset, or the store's compact records.
#[derive(Debug, Clone, Copy)]
enum Kept<'a> {
    Dataset(&'a Dataset),
    Store(Whole<'a>),
}

impl<'a> Records<'a> {
    /// The template.
    pub fn chain(&self) -> &'a Chain {
        self.chain
    }

    /// The dataset's `as_of`.
    ///
    /// ```
    /// use vrfb_chain::export::Exportable;
    /// let graph = vrfb_chain::builtin::minimal_graph();
    /// assert_eq!(graph.records().unwrap().as_of(), graph.dataset().as_of);
    /// ```
    pub fn as_of(&self) -> Option<Date> {
        self.store.as_of
    }

    /// How many sources there are.
    ///
    /// ```
    /// use vrfb_chain::export::Exportable;
    /// let graph = vrfb_chain::builtin::minimal_graph();
    /// let records = graph.records().unwrap();
    /// let d = graph.dataset();
    /// assert_eq!(
    ///     [records.source_count(), records.region_count(), records.firm_count(), records.organization_count(), records.link_count()],
    ///     [d.sources.len(), d.regions.len(), d.firms.len(), d.organizations.len(), d.links.len()],
    /// );
    /// ```
    pub fn source_count(&self) -> usize {
        match self.kept {
            Kept::Dataset(d) => d.sources.len(),
            Kept::Store(w) => w.counts()[0],
        }
    }

    /// How many regions there are.
    pub fn region_count(&self) -> usize {
        self.store.regions.len()
    }

    /// How many firms there are.
    pub fn firm_count(&self) -> usize {
        self.store.firm_count()
    }

    /// How many organizations there are.
    pub fn organization_count(&self) -> usize {
        self.store.organization_count()
    }

    /// How many links there are.
    pub fn link_count(&self) -> usize {
        self.store.links.len()
    }

    /// The id of source `i`.
    ///
    /// ```
    /// use vrfb_chain::export::Exportable;
    /// let graph = vrfb_chain::builtin::minimal_graph();
    /// let records = graph.records().unwrap();
    /// let d = graph.dataset();
    /// assert_eq!(records.source_id(0), d.sources[0].id);
    /// assert_eq!(records.region_id(0), d.regions[0].id);
    /// assert_eq!(records.firm_id(0), d.firms[0].id);
    /// assert_eq!(records.organization_id(0), d.organizations[0].id);
    /// ```
    pub fn source_id(&self, i: usize) -> &'a str {
        match self.kept {
            Kept::Dataset(d) => &d.sources[i].id,
            Kept::Store(w) => w.source_id(i),
        }
    }

    /// The id of region `i`.
    pub fn region_id(&self, i: usize) -> &'a str {
        self.store.regions.get(i as u32)
    }

    /// The id of firm `i`.
    pub fn firm_id(&self, i: usize) -> &'a str {
        self.store.firm_ids.get(i as u32)
    }

    /// The id of organization `i`.
    pub fn organization_id(&self, i: usize) -> &'a str {
        match self.kept {
            Kept::Dataset(d) => &d.organizations[i].id,
            Kept::Store(w) => w.organization_id(i),
        }
    }

    /// Source `i`.
    ///
    /// ```
    /// use vrfb_chain::export::Exportable;
    /// let graph = vrfb_chain::builtin::minimal_graph();
    /// let records = graph.records().unwrap();
    /// let d = graph.dataset();
    /// assert_eq!(*records.source(0), d.sources[0]);
    /// assert_eq!(*records.region(0), d.regions[0]);
    /// assert_eq!(*records.organization(0), d.organizations[0]);
    /// assert_eq!(*records.link(0), d.links[0]);
    /// ```
    pub fn source(&self, i: usize) -> Cow<'a, Source> {
        match self.kept {
            Kept::Dataset(d) => Cow::Borrowed(&d.sources[i]),
            Kept::Store(w) => Cow::Owned(w.source(i)),
        }
    }

    /// Region `i`.
    pub fn region(&self, i: usize) -> Cow<'a, Region> {
        match self.kept {
            Kept::Dataset(d) => Cow::Borrowed(&d.regions[i]),
            Kept::Store(w) => Cow::Owned(w.region(i)),
        }
    }

    /// Firm `i`, with its makes facts.
    pub fn firm(&self, i: usize) -> Cow<'a, Firm> {
        match self.kept {
            Kept::Dataset(d) => Cow::Borrowed(&d.firms[i]),
            Kept::Store(w) => Cow::Owned(w.firm(i)),
        }
    }

    /// Organization `i`.
    pub fn organization(&self, i: usize) -> Cow<'a, Organization> {
        match self.kept {
            Kept::Dataset(d) => Cow::Borrowed(&d.organizations[i]),
            Kept::Store(w) => Cow::Owned(w.organization(i)),
        }
    }

    /// Link `i`.
    pub fn link(&self, i: usize) -> Cow<'a, Link> {
        match self.kept {
            Kept::Dataset(d) => Cow::Borrowed(&d.links[i]),
            Kept::Store(w) => Cow::Owned(w.link(i)),
        }
    }

    /// Firm `i`, its makes facts left out when that saves building them.
    pub(crate) fn firm_without_makes(&self, i: usize) -> Cow<'a, Firm> {
        match self.kept {
            Kept::Dataset(d) => Cow::Borrowed(&d.firms[i]),
            Kept::Store(w) => Cow::Owned(w.firm_without_makes(i)),
        }
    }

    /// The makes facts of firm `i`, without the rest of the firm.
    pub(crate) fn makes(&self, i: usize) -> Cow<'a, [Makes]> {
        match self.kept {
            Kept::Dataset(d) => Cow::Borrowed(&d.firms[i].makes),
            Kept::Store(w) => Cow::Owned(w.makes(i)),
        }
    }

    /// Every makes fact's row (product, validity fields, grade), firm after firm.
    pub(crate) fn facts(&self) -> &'a [FactRow] {
        &self.store.facts
    }

    /// The row of link `i`: its kind, validity fields, ends and product.
    pub(crate) fn link_row(&self, i: usize) -> LinkRow {
        self.store.links[i]
    }

    /// The id of the region of firm `i`.
    pub(crate) fn firm_region_id(&self, i: usize) -> &'a str {
        self.region_id(self.store.firm_region[i] as usize)
    }

    /// The id of the region of organization `i`, when it has one.
    pub(crate) fn organization_region_id(&self, i: usize) -> Option<&'a str> {
        self.store.organization_region[i].map(|r| self.region_id(r as usize))
    }

    /// The id of the parent of region `i`, when it has one.
    pub(crate) fn region_parent_id(&self, i: usize) -> Option<&'a str> {
        self.store.region_parent[i].map(|r| self.region_id(r as usize))
    }

    /// Each source's grade, by source id.
    pub(crate) fn source_grades(&self) -> FxHashMap<&'a str, Grade> {
        let mut grades = hash::map_with_capacity(self.source_count());
        for i in 0..self.source_count() {
            let grade = match self.kept {
                Kept::Dataset(d) => d.sources[i].grade,
                Kept::Store(w) => w.source_grade(i),
            };
            grades.insert(self.source_id(i), grade);
        }
        grades
    }

    /// The positions of every list in [`Dataset::canonical`]'s order.
    ///
    /// Firms come in the id order that the store keeps; the links are sorted by their
    /// ends' and product's ranks, which order them as their ids do, so that no id is read
    /// while they are sorted.
    pub(crate) fn canonical_order(&self) -> Order {
        let organizations = by_id(self.organization_count(), |i| self.organization_id(i));
        let links = self.links_in_order(&organizations);
        Order {
            sources: by_id(self.source_count(), |i| self.source_id(i)),
            regions: by_id(self.region_count(), |i| self.region_id(i)),
            firms: self.firm_order.by_id.clone(),
            organizations,
            links,
        }
    }

    /// The links' positions sorted by (from, to, kind, product), ties in document order.
    fn links_in_order(&self, organizations: &[u32]) -> Vec<u32> {
        let parties = self.party_ranks(organizations);
        let rank = |p: PartyIndex| match p {
            PartyIndex::Firm(f) => parties.0[f as usize],
            PartyIndex::Organization(o) => parties.1[o as usize],
        };
        // No product first, as "" sorts before any id; then the products by id.
        let chain = &self.chain.products;
        let mut product_rank = vec![0u32; chain.len()];
        for (k, p) in by_id(chain.len(), |p| &chain[p].id).into_iter().enumerate() {
            product_rank[p as usize] = k as u32 + 1;
        }
        let mut keyed: Vec<(u64, u64)> = (0..self.link_count())
            .map(|i| {
                let row = self.store.links[i];
                let (from, to) = row.ends();
                let product = row.product().map_or(0, |p| product_rank[p as usize]);
                let ends = (u64::from(rank(from)) << 32) | u64::from(rank(to));
                let rest = (u64::from(row.kind as u8) << 56) | (u64::from(product) << 32);
                (ends, rest | i as u64)
            })
            .collect();
        // The position in the key's low bits keeps ties in document order.
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, rest)| rest as u32).collect()
    }

    /// The rank of each firm and of each organization among all parties by id (firms and
    /// organizations share one namespace): a merge of the firms' and the organizations'
    /// orders.
    fn party_ranks(&self, organizations: &[u32]) -> (Vec<u32>, Vec<u32>) {
        let firms = &self.firm_order.by_id;
        let mut firm_rank = vec![0u32; firms.len()];
        let mut organization_rank = vec![0u32; organizations.len()];
        let (mut f, mut o) = (0, 0);
        for rank in 0..(firms.len() + organizations.len()) as u32 {
            let firm_first = match (firms.get(f), organizations.get(o)) {
                (Some(&a), Some(&b)) => {
                    self.firm_id(a as usize) <= self.organization_id(b as usize)
                }
                (a, _) => a.is_some(),
            };
            if firm_first {
                firm_rank[firms[f] as usize] = rank;
                f += 1;
            } else {
                organization_rank[organizations[o] as usize] = rank;
                o += 1;
            }
        }
        (firm_rank, organization_rank)
    }
}

/// The positions of `n` records sorted by their ids, ties in document order.
fn by_id<'a>(n: usize, id: impl Fn(usize) -> &'a str) -> Vec<u32> {
    let mut positions: Vec<u32> = (0..n as u32).collect();
    positions.sort_by(|&a, &b| id(a as usize).cmp(id(b as usize)));
    positions
}

/// The positions of each list of the dataset in [`Dataset::canonical`]'s order: 4 bytes a
/// record.
#[derive(Debug, Clone, Default)]
pub(crate) struct Order {
    pub(crate) sources: Vec<u32>,
    pub(crate) regions: Vec<u32>,
    pub(crate) firms: Vec<u32>,
    pub(crate) organizations: Vec<u32>,
    pub(crate) links: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A registry with records and the graph of the same documents.
    fn both(chain: &str, dataset: &str) -> (Registry, KnowledgeGraph) {
        let registry =
            Registry::from_json_slices_with_records(chain.as_bytes(), dataset.as_bytes()).unwrap();
        let graph = KnowledgeGraph::from_json_slices(chain.as_bytes(), dataset.as_bytes()).unwrap();
        (registry, graph)
    }

    #[test]
    fn the_store_gives_the_ids_and_records_the_dataset_has() {
        let synthetic = crate::synth::generate(400, 3).to_json_string();
        for (chain, dataset) in [
            (
                crate::builtin::VRFB_CHAIN_JSON,
                crate::builtin::VRFB_DATASET_JSON,
            ),
            (crate::builtin::VRFB_CHAIN_JSON, synthetic.as_str()),
        ] {
            let (registry, graph) = both(chain, dataset);
            let d = graph.dataset();
            for records in [registry.records().unwrap(), graph.records().unwrap()] {
                for (i, l) in d.links.iter().enumerate() {
                    assert_eq!(*records.link(i), *l);
                }
                for (i, f) in d.firms.iter().enumerate() {
                    assert_eq!(records.firm_region_id(i), f.region);
                    assert_eq!(*records.makes(i), f.makes[..]);
                }
                for (i, o) in d.organizations.iter().enumerate() {
                    assert_eq!(records.organization_region_id(i), o.region.as_deref());
                }
                for (i, r) in d.regions.iter().enumerate() {
                    assert_eq!(records.region_parent_id(i), r.parent.as_deref());
                }
                let grades = records.source_grades();
                assert!(d.sources.iter().all(|s| grades[s.id.as_str()] == s.grade));
            }
        }
    }

    #[test]
    fn the_canonical_order_is_the_canonical_datasets() {
        let synthetic = crate::synth::generate(400, 5).to_json_string();
        for (chain, dataset) in [
            (
                crate::builtin::VRFB_CHAIN_JSON,
                crate::builtin::VRFB_DATASET_JSON,
            ),
            (crate::builtin::VRFB_CHAIN_JSON, synthetic.as_str()),
            (
                crate::builtin::MINIMAL_CHAIN_JSON,
                crate::builtin::MINIMAL_DATASET_JSON,
            ),
        ] {
            let (registry, graph) = both(chain, dataset);
            let canonical = graph.dataset().canonical();
            for records in [registry.records().unwrap(), graph.records().unwrap()] {
                let order = records.canonical_order();
                let get = |positions: &[u32], record: &dyn Fn(usize) -> String| -> Vec<String> {
                    positions.iter().map(|&i| record(i as usize)).collect()
                };
                assert_eq!(
                    get(&order.sources, &|i| records.source_id(i).into()),
                    canonical
                        .sources
                        .iter()
                        .map(|s| s.id.clone())
                        .collect::<Vec<_>>()
                );
                assert_eq!(
                    get(&order.regions, &|i| records.region_id(i).into()),
                    canonical
                        .regions
                        .iter()
                        .map(|r| r.id.clone())
                        .collect::<Vec<_>>()
                );
                assert_eq!(
                    get(&order.firms, &|i| records.firm_id(i).into()),
                    canonical
                        .firms
                        .iter()
                        .map(|f| f.id.clone())
                        .collect::<Vec<_>>()
                );
                assert_eq!(
                    get(&order.organizations, &|i| records.organization_id(i).into()),
                    canonical
                        .organizations
                        .iter()
                        .map(|o| o.id.clone())
                        .collect::<Vec<_>>()
                );
                let links: Vec<Link> = order
                    .links
                    .iter()
                    .map(|&i| {
                        let mut l = records.link(i as usize).into_owned();
                        l.sort_lists();
                        l
                    })
                    .collect();
                assert_eq!(links, canonical.links);
            }
        }
    }

    #[test]
    fn links_are_ordered_by_their_ends_ids_across_firms_and_organizations() {
        // An organization whose id sorts between the firms', and links that differ only by
        // kind or by product (none first).
        let dataset = r#"{"format": "dataset@1", "chain": "vrfb-mini",
            "regions": [{"id": "r", "kind": "city", "name": {"en": "R"}}],
            "firms": [{"id": "b", "name": {"en": "B"}, "region": "r"},
                      {"id": "d", "name": {"en": "D"}, "region": "r"}],
            "organizations": [{"id": "c", "kind": "alliance", "name": {"en": "C"}}],
            "links": [{"from": "d", "to": "b", "kind": "supplies", "product": "stack"},
                      {"from": "c", "to": "b", "kind": "owns", "share": 0.2},
                      {"from": "d", "to": "b", "kind": "supplies", "product": "membrane"},
                      {"from": "b", "to": "c", "kind": "member_of"},
                      {"from": "b", "to": "d", "kind": "owns", "share": 0.5},
                      {"from": "b", "to": "d", "kind": "partners_with"},
                      {"from": "b", "to": "d", "kind": "partners_with", "product": "stack"}]}"#;
        let (registry, graph) = both(crate::builtin::MINIMAL_CHAIN_JSON, dataset);
        for records in [registry.records().unwrap(), graph.records().unwrap()] {
            assert_eq!(records.canonical_order().links, [3, 4, 5, 6, 1, 2, 0]);
        }
    }
}
