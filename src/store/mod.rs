//! The store: a dataset reduced to what the analyses read, every reference resolved to a
//! position. The reader makes it; the registry is it with its template, and the knowledge
//! graph is built from it and keeps it. Facts and links are small rows (20 and 28 bytes):
//! a national registry has millions.

mod records;

pub(crate) use records::{Records, Whole};

use crate::dataset::{holds_at, Grade, LinkKind, PartyIndex, Status};
use crate::date::Date;
use crate::hash::{Interner, Strings};

/// The dataset reduced to what the analyses read, every reference resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Store {
    pub(crate) as_of: Option<Date>,
    /// Region ids, in document order.
    pub(crate) regions: Interner,
    pub(crate) region_parent: Vec<Option<u32>>,
    pub(crate) firm_ids: Strings,
    /// Each firm's name for people (`zh (en)`), for the reports.
    pub(crate) firm_names: Strings,
    /// Each region's name for people.
    pub(crate) region_names: Strings,
    pub(crate) firm_region: Vec<u32>,
    pub(crate) organization_region: Vec<Option<u32>>,
    /// Where each firm's facts start in `facts`; one more at the end.
    pub(crate) fact_start: Vec<u32>,
    pub(crate) facts: Vec<FactRow>,
    /// The capacities of makes facts, by fact position.
    pub(crate) capacities: Vec<Capacity>,
    /// Capacity units, numbered as they come.
    pub(crate) units: Interner,
    pub(crate) links: Vec<LinkRow>,
    /// Every record, compact, when the document was read for the exports.
    pub(crate) records: Option<Records>,
}

impl Store {
    /// How many makes facts there are in all.
    pub(crate) fn fact_count(&self) -> usize {
        self.facts.len()
    }

    /// Calls `visit` on each makes fact of firm `f`, in document order.
    pub(crate) fn for_each_fact(&self, f: u32, mut visit: impl FnMut(FactRow)) {
        let f = f as usize;
        let range = self.fact_start[f] as usize..self.fact_start[f + 1] as usize;
        for &row in &self.facts[range] {
            visit(row);
        }
    }

    /// Calls `visit` on each makes fact of firm `f` that has a capacity, with its value
    /// and unit, in document order.
    pub(crate) fn for_each_capacity<'s>(
        &'s self,
        f: u32,
        mut visit: impl FnMut(FactRow, f64, &'s str),
    ) {
        let f = f as usize;
        let (start, end) = (self.fact_start[f], self.fact_start[f + 1]);
        let first = self.capacities.partition_point(|c| c.fact < start);
        for c in self.capacities[first..].iter().take_while(|c| c.fact < end) {
            visit(self.facts[c.fact as usize], c.value, self.units.get(c.unit));
        }
    }
}

/// The capacity of makes fact `fact`, its unit numbered in the store's units.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Capacity {
    pub(crate) fact: u32,
    pub(crate) value: f64,
    pub(crate) unit: u32,
}

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
