//! What the analysis reads, whichever store holds the data: a [`KnowledgeGraph`] (the
//! full documents) or a [`Registry`](crate::registry::Registry) (compact, for national
//! registries). One implementation of the spec's rules runs on both.

use crate::chain::Chain;
use crate::dataset::{holds_at, Grade, LinkKind, Status};
use crate::graph::{FirmOrder, KnowledgeGraph, PartyIndex};
use crate::Date;

/// One makes fact: its product's position, validity fields and evidence grade.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FactRow {
    pub(crate) product: u32,
    pub(crate) status: Status,
    pub(crate) since: Option<Date>,
    pub(crate) until: Option<Date>,
    pub(crate) grade: Option<Grade>,
}

impl FactRow {
    pub(crate) fn is_valid_at(&self, date: Option<Date>) -> bool {
        holds_at(self.status, self.since, self.until, date)
    }
}

/// One link: kind, validity fields, ends and product, all resolved. 28 bytes: a
/// national registry has millions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinkRow {
    pub(crate) kind: LinkKind,
    pub(crate) status: Status,
    pub(crate) since: Option<Date>,
    pub(crate) until: Option<Date>,
    /// The ends, as [`PartyIndex::pack`] writes them.
    from: u32,
    to: u32,
    /// The product's position, or `u32::MAX` for none.
    product: u32,
}

impl LinkRow {
    pub(crate) fn new(
        kind: LinkKind,
        status: Status,
        since: Option<Date>,
        until: Option<Date>,
        ends: (PartyIndex, PartyIndex),
        product: Option<u32>,
    ) -> LinkRow {
        let mut row = LinkRow {
            kind,
            status,
            since,
            until,
            from: 0,
            to: 0,
            product: u32::MAX,
        };
        row.set_ends(ends);
        row.set_product(product);
        row
    }

    pub(crate) fn ends(&self) -> (PartyIndex, PartyIndex) {
        (PartyIndex::unpack(self.from), PartyIndex::unpack(self.to))
    }

    pub(crate) fn set_ends(&mut self, (from, to): (PartyIndex, PartyIndex)) {
        self.from = from.pack();
        self.to = to.pack();
    }

    pub(crate) fn product(&self) -> Option<u32> {
        (self.product != u32::MAX).then_some(self.product)
    }

    pub(crate) fn set_product(&mut self, product: Option<u32>) {
        self.product = product.unwrap_or(u32::MAX);
    }

    pub(crate) fn is_valid_at(&self, date: Option<Date>) -> bool {
        holds_at(self.status, self.since, self.until, date)
    }
}

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
        self.index.region.get(id).copied()
    }
    fn region_id(&self, r: u32) -> &str {
        &self.dataset().regions[r as usize].id
    }
    fn region_parent(&self) -> &[Option<u32>] {
        &self.index.region_parent
    }
    fn firm_id(&self, f: u32) -> &str {
        &self.dataset().firms[f as usize].id
    }
    fn firm_region(&self) -> &[u32] {
        &self.index.firm_region
    }
    fn organization_region(&self) -> &[Option<u32>] {
        &self.index.organization_region
    }
    fn firm_order(&self) -> &FirmOrder {
        self.index.firm_order(&self.dataset().firms)
    }
    fn fact_count(&self) -> usize {
        self.index.fact_product.len()
    }
    fn for_each_fact(&self, f: u32, mut visit: impl FnMut(FactRow)) {
        for (j, m) in self.dataset().firms[f as usize].makes.iter().enumerate() {
            visit(graph_fact(self, f, j, m));
        }
    }
    fn for_each_capacity<'s>(&'s self, f: u32, mut visit: impl FnMut(FactRow, f64, &'s str)) {
        for (j, m) in self.dataset().firms[f as usize].makes.iter().enumerate() {
            if let Some(capacity) = &m.capacity {
                visit(graph_fact(self, f, j, m), capacity.value, &capacity.unit);
            }
        }
    }
    fn link_count(&self) -> usize {
        self.dataset().links.len()
    }
    fn link(&self, i: usize) -> LinkRow {
        let link = &self.dataset().links[i];
        LinkRow::new(
            link.kind,
            link.status,
            link.since,
            link.until,
            self.index.link_ends[i],
            self.index.link_product[i],
        )
    }
}

/// The row of makes fact `j` of firm `f` of a graph.
fn graph_fact(graph: &KnowledgeGraph, f: u32, j: usize, m: &crate::Makes) -> FactRow {
    let at = graph.index.fact(f as usize, j);
    FactRow {
        product: graph.index.fact_product[at],
        status: m.status,
        since: m.since,
        until: m.until,
        grade: graph.index.fact_grade[at],
    }
}
