//! The store: a dataset reduced to what the analyses read, every reference resolved to a
//! position. The reader makes it; the registry is it with its template, and the knowledge
//! graph is built from it and keeps it. Facts and links are small rows (20 and 28 bytes):
//! a national registry has millions. Each id (of a region, firm, organization or source)
//! is held once, in an [`Interner`] numbered as the records are: the knowledge graph
//! finds its ids there, with no map of its own.

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
    /// The ids of the firms and the organizations, held once: `firm_ids.get(f)` is firm
    /// `f`'s, and [`Store::party`] finds either by id.
    pub(crate) firm_ids: PartyIds,
    /// Source ids, numbered in document order.
    pub(crate) sources: Interner,
    /// The grade of each source.
    pub(crate) source_grade: Vec<Grade>,
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
    /// The firm or organization with this id.
    pub(crate) fn party(&self, id: &str) -> Option<PartyIndex> {
        self.firm_ids.find(id)
    }

    /// The grade of the source with this id.
    pub(crate) fn grade_of_source(&self, id: &str) -> Option<Grade> {
        let s = self.sources.find(id)?;
        Some(self.source_grade[s as usize])
    }

    /// How many firms there are.
    pub(crate) fn firm_count(&self) -> usize {
        self.firm_ids.len()
    }

    /// How many organizations there are (each has a region or none).
    pub(crate) fn organization_count(&self) -> usize {
        self.organization_region.len()
    }

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

/// The ids of the firms and then of the organizations, each held once in one
/// [`Interner`]: firm `f` is number `f` and organization `o` number `firms + o`, so that
/// a firm's id is found by its position, and a firm or an organization by its id, with no
/// other copy of the ids and no other map.
#[derive(Debug, Clone, Default)]
pub(crate) struct PartyIds {
    ids: Interner,
    firms: u32,
}

impl PartyIds {
    /// The parties of `ids`, numbered the firms' ids first, then the organizations'; the
    /// first `firms` are the firms.
    pub(crate) fn new(ids: Interner, firms: usize) -> PartyIds {
        debug_assert!(firms <= ids.len());
        PartyIds {
            ids,
            firms: firms as u32,
        }
    }

    /// The id of firm `f`.
    #[inline]
    pub(crate) fn get(&self, f: u32) -> &str {
        debug_assert!(f < self.firms);
        self.ids.get(f)
    }

    /// How many firms there are.
    pub(crate) fn len(&self) -> usize {
        self.firms as usize
    }

    /// The firm or organization with this id.
    pub(crate) fn find(&self, id: &str) -> Option<PartyIndex> {
        let n = self.ids.find(id)?;
        Some(match n.checked_sub(self.firms) {
            None => PartyIndex::Firm(n),
            Some(o) => PartyIndex::Organization(o),
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_ids_find_firms_by_position_and_parties_by_id() {
        let ids = Interner::numbered(["minerco", "stackco", "alliance"].into_iter());
        let parties = PartyIds::new(ids, 2);
        assert_eq!(parties.len(), 2);
        assert_eq!([parties.get(0), parties.get(1)], ["minerco", "stackco"]);
        assert_eq!(parties.find("stackco"), Some(PartyIndex::Firm(1)));
        assert_eq!(parties.find("alliance"), Some(PartyIndex::Organization(0)));
        assert_eq!(parties.find("atlantis"), None);
    }
}
