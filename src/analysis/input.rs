//! What the analysis reads, whichever store holds the data: a [`KnowledgeGraph`] (the
//! full documents) or a [`Registry`](crate::registry::Registry) (compact, for national
//! registries). One implementation of the spec's rules runs on both.

use crate::chain::Chain;
use crate::graph::{FirmOrder, KnowledgeGraph};
pub(crate) use crate::store::{FactRow, LinkRow};
use crate::Date;

/// A validated template and dataset, by position: firms, regions and products are
/// numbered in document order, and every reference is resolved.
pub(crate) trait Input {
    /// The template.
    fn chain(&self) -> &Chain;
    /// The dataset's `as_of`.
    fn as_of(&self) -> Option<Date>;
    /// The position of a product of the template.
    fn product_index(&self, id: &str) -> Option<u32>;
    /// The segment position of each product.
    fn product_segment(&self) -> &[u32];
    /// The position of a region.
    fn region_index(&self, id: &str) -> Option<u32>;
    /// The id of region `r`.
    fn region_id(&self, r: u32) -> &str;
    /// The parent of each region.
    fn region_parent(&self) -> &[Option<u32>];
    /// The id of firm `f`.
    fn firm_id(&self, f: u32) -> &str;
    /// The region of each firm.
    fn firm_region(&self) -> &[u32];
    /// The region of each organization, when it has one.
    fn organization_region(&self) -> &[Option<u32>];
    /// The firms in id order.
    fn firm_order(&self) -> &FirmOrder;
    /// How many makes facts there are in all.
    fn fact_count(&self) -> usize;
    /// Calls `visit` on each makes fact of firm `f`, in document order.
    fn for_each_fact(&self, f: u32, visit: impl FnMut(FactRow));
    /// Calls `visit` on each makes fact of firm `f` that has a capacity, with its value
    /// and unit, in document order.
    fn for_each_capacity<'s>(&'s self, f: u32, visit: impl FnMut(FactRow, f64, &'s str));
    /// How many links there are.
    fn link_count(&self) -> usize;
    /// Link `i`.
    fn link(&self, i: usize) -> LinkRow;
}

impl Input for KnowledgeGraph {
    fn chain(&self) -> &Chain {
        KnowledgeGraph::chain(self)
    }
    fn as_of(&self) -> Option<Date> {
        self.dataset().as_of
    }
    fn product_index(&self, id: &str) -> Option<u32> {
        self.index.product.get(id).copied()
    }
    fn product_segment(&self) -> &[u32] {
        &self.index.product_segment
    }
    fn region_index(&self, id: &str) -> Option<u32> {
        self.store.regions.find(id)
    }
    fn region_id(&self, r: u32) -> &str {
        &self.dataset().regions[r as usize].id
    }
    fn region_parent(&self) -> &[Option<u32>] {
        &self.store.region_parent
    }
    fn firm_id(&self, f: u32) -> &str {
        &self.dataset().firms[f as usize].id
    }
    fn firm_region(&self) -> &[u32] {
        &self.store.firm_region
    }
    fn organization_region(&self) -> &[Option<u32>] {
        &self.store.organization_region
    }
    fn firm_order(&self) -> &FirmOrder {
        self.index.firm_order(&self.dataset().firms)
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
