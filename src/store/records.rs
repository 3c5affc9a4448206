//! Every record of a dataset, compact, for the exports: what the store's rows do not hold
//! (names, tags, sources cited, notes, shares, `extra`, the sources and the kinds of
//! regions and organizations). Strings that are a record's own sit in one arena; ids and
//! other strings that recur are kept once. [`Store::firm`] and its siblings rebuild one
//! owned record at a time from the store's rows and these, so that an export of a national
//! registry needs about the file's size in memory, against several times that for the
//! owned [`Dataset`](crate::Dataset).

use super::Store;
use crate::dataset::{
    Capacity, Extra, Firm, Link, Makes, Organization, OrganizationKind, PartyIndex, Region,
    RegionKind, Source,
};
use crate::hash::Interner;
use crate::name::Name;

/// A string of the arena; [`Span::NONE`] for a value left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// A value left out.
    const NONE: Span = Span {
        start: u32::MAX,
        end: u32::MAX,
    };
}

/// An id or another string that recurs (a tag, a source cited), numbered in
/// [`Records::refs`].
type Ref = u32;

/// Where a record's list of strings is in [`Records::lists`].
#[derive(Debug, Clone, Copy, Default)]
struct List {
    start: u32,
    end: u32,
}

/// A source: sources are few, so all of it.
#[derive(Debug, Clone)]
struct SourceRow(Source);

#[derive(Debug, Clone, Copy)]
struct RegionRow {
    kind: RegionKind,
    name: (Span, Span),
}

#[derive(Debug, Clone, Copy)]
struct MakesRow {
    sources: List,
    note: Span,
}

#[derive(Debug, Clone, Copy)]
struct FirmRow {
    name: (Span, Span),
    tags: List,
    sources: List,
    extra: Span,
}

#[derive(Debug, Clone, Copy)]
struct OrganizationRow {
    id: Ref,
    kind: OrganizationKind,
    name: (Span, Span),
    sources: List,
    extra: Span,
}

#[derive(Debug, Clone, Copy)]
struct LinkRow {
    /// The share, NaN for none (a share is in (0, 1]).
    share: f64,
    sources: List,
    note: Span,
    extra: Span,
}

/// What the store's rows do not hold of each record, in document order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Records {
    /// The text of the strings that are a record's own (names, notes, `extra`), one after
    /// another.
    text: String,
    /// The strings that recur (tags, sources cited, organization ids), each once.
    refs: Interner,
    /// The strings of the lists.
    lists: Vec<Ref>,
    /// The product ids, by the store's product numbers.
    products: Interner,
    sources: Vec<SourceRow>,
    regions: Vec<RegionRow>,
    makes: Vec<MakesRow>,
    firms: Vec<FirmRow>,
    organizations: Vec<OrganizationRow>,
    links: Vec<LinkRow>,
}

impl Records {
    /// Room for a document of `len` bytes.
    pub(crate) fn with_capacity(len: usize) -> Records {
        Records {
            text: String::with_capacity(len / 8),
            refs: Interner::with_capacity(len / 2000),
            ..Records::default()
        }
    }

    fn span(&mut self, s: &str) -> Span {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        Span {
            start,
            end: self.text.len() as u32,
        }
    }

    fn span_opt(&mut self, s: Option<&str>) -> Span {
        s.map_or(Span::NONE, |s| self.span(s))
    }

    fn name(&mut self, name: &Name) -> (Span, Span) {
        (
            self.span_opt(name.zh.as_deref()),
            self.span_opt(name.en.as_deref()),
        )
    }

    fn list(&mut self, strings: &[String]) -> List {
        let start = self.lists.len() as u32;
        for s in strings {
            let id = self.refs.intern(s);
            self.lists.push(id);
        }
        List {
            start,
            end: self.lists.len() as u32,
        }
    }

    fn extra(&mut self, extra: Option<&Extra>) -> Span {
        self.span_opt(extra.map(Extra::get))
    }

    /// Adds a source.
    pub(crate) fn push_source(&mut self, s: Source) {
        self.sources.push(SourceRow(s));
    }

    /// Adds a region.
    pub(crate) fn push_region(&mut self, r: &Region) {
        let name = self.name(&r.name);
        self.regions.push(RegionRow { kind: r.kind, name });
    }

    /// Adds a makes fact.
    pub(crate) fn push_makes(&mut self, m: &Makes) {
        let row = MakesRow {
            sources: self.list(&m.sources),
            note: self.span_opt(m.note.as_deref()),
        };
        self.makes.push(row);
    }

    /// Adds a firm.
    pub(crate) fn push_firm(&mut self, f: &Firm) {
        let row = FirmRow {
            name: self.name(&f.name),
            tags: self.list(&f.tags),
            sources: self.list(&f.sources),
            extra: self.extra(f.extra.as_ref()),
        };
        self.firms.push(row);
    }

    /// Adds an organization.
    pub(crate) fn push_organization(&mut self, o: &Organization) {
        let row = OrganizationRow {
            id: self.refs.intern(&o.id),
            kind: o.kind,
            name: self.name(&o.name),
            sources: self.list(&o.sources),
            extra: self.extra(o.extra.as_ref()),
        };
        self.organizations.push(row);
    }

    /// Adds a link.
    pub(crate) fn push_link(&mut self, l: &Link) {
        let row = LinkRow {
            share: l.share.unwrap_or(f64::NAN),
            sources: self.list(&l.sources),
            note: self.span_opt(l.note.as_deref()),
            extra: self.extra(l.extra.as_ref()),
        };
        self.links.push(row);
    }

    /// The product ids, numbered as the store numbers them.
    pub(crate) fn set_products(&mut self, products: Interner) {
        self.products = products;
    }

    fn str(&self, span: Span) -> &str {
        &self.text[span.start as usize..span.end as usize]
    }

    fn opt(&self, span: Span) -> Option<String> {
        (span != Span::NONE).then(|| self.str(span).to_string())
    }

    fn strings(&self, list: List) -> Vec<String> {
        let ids = &self.lists[list.start as usize..list.end as usize];
        ids.iter()
            .map(|&id| self.refs.get(id).to_string())
            .collect()
    }

    fn name_of(&self, (zh, en): (Span, Span)) -> Name {
        Name {
            zh: self.opt(zh),
            en: self.opt(en),
        }
    }

    fn extra_of(&self, span: Span) -> Option<Extra> {
        // The text was read as one JSON value, so it reads again.
        (span != Span::NONE)
            .then(|| Extra::from_json(self.str(span)).ok())
            .flatten()
    }

    /// The id of organization `o`.
    pub(crate) fn organization_id(&self, o: u32) -> &str {
        self.refs.get(self.organizations[o as usize].id)
    }
}

impl Store {
    /// The capacities of the facts from position `first` on, in order.
    fn capacities_from(
        &self,
        first: u32,
    ) -> std::iter::Peekable<std::slice::Iter<'_, super::Capacity>> {
        let at = self.capacities.partition_point(|c| c.fact < first);
        self.capacities[at..].iter().peekable()
    }

    /// The store with its records, when it was read with them.
    pub(crate) fn whole(&self) -> Option<Whole<'_>> {
        let records = self.records.as_ref()?;
        Some(Whole {
            store: self,
            records,
        })
    }
}

/// A store read with its records: every record, rebuilt one at a time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Whole<'s> {
    store: &'s Store,
    records: &'s Records,
}

impl<'s> Whole<'s> {
    /// The store's rows.
    pub(crate) fn store(&self) -> &'s Store {
        self.store
    }

    /// The grade of source `i`.
    pub(crate) fn source_grade(&self, i: usize) -> crate::dataset::Grade {
        self.records.sources[i].0.grade
    }

    /// The id of organization `i`, without building it.
    pub(crate) fn organization_id(&self, i: usize) -> &'s str {
        self.records.organization_id(i as u32)
    }

    /// How many sources, regions, firms, organizations and links there are.
    pub(crate) fn counts(&self) -> [usize; 5] {
        let (store, records) = (self.store, self.records);
        [
            records.sources.len(),
            store.regions.len(),
            store.firm_count(),
            records.organizations.len(),
            store.links.len(),
        ]
    }

    /// Source `i`.
    pub(crate) fn source(&self, i: usize) -> Source {
        self.records.sources[i].0.clone()
    }

    /// The id of source `i`.
    pub(crate) fn source_id(&self, i: usize) -> &'s str {
        &self.records.sources[i].0.id
    }

    /// Region `i`.
    pub(crate) fn region(&self, i: usize) -> Region {
        let (store, records) = (self.store, self.records);
        let row = &records.regions[i];
        Region {
            id: store.regions.get(i as u32).to_string(),
            kind: row.kind,
            name: records.name_of(row.name),
            parent: store.region_parent[i].map(|p| store.regions.get(p).to_string()),
        }
    }

    /// The id of party `p`.
    pub(crate) fn party_id(&self, p: PartyIndex) -> &'s str {
        match p {
            PartyIndex::Firm(f) => self.store.firm_ids.get(f),
            PartyIndex::Organization(o) => self.records.organization_id(o),
        }
    }

    /// Firm `i`.
    pub(crate) fn firm(&self, i: usize) -> Firm {
        Firm {
            makes: self.makes(i),
            ..self.firm_without_makes(i)
        }
    }

    /// Firm `i` with its makes facts left out, for what needs the rest of it.
    pub(crate) fn firm_without_makes(&self, i: usize) -> Firm {
        let (store, records) = (self.store, self.records);
        let row = &records.firms[i];
        Firm {
            id: store.firm_ids.get(i as u32).to_string(),
            name: records.name_of(row.name),
            region: store.regions.get(store.firm_region[i]).to_string(),
            tags: records.strings(row.tags),
            makes: Vec::new(),
            sources: records.strings(row.sources),
            extra: records.extra_of(row.extra),
        }
    }

    /// The makes facts of firm `i`, as [`Whole::firm`] has them, without the rest of the
    /// firm.
    pub(crate) fn makes(&self, i: usize) -> Vec<Makes> {
        let (store, records) = (self.store, self.records);
        let first = store.fact_start[i] as usize;
        let facts = &store.facts[first..store.fact_start[i + 1] as usize];
        let mut capacities = store.capacities_from(first as u32);
        let mut makes = Vec::with_capacity(facts.len());
        for (j, fact) in facts.iter().enumerate() {
            let at = (first + j) as u32;
            let extra = &records.makes[at as usize];
            let capacity = capacities.next_if(|c| c.fact == at).map(|c| Capacity {
                value: c.value,
                unit: store.units.get(c.unit).to_string(),
            });
            makes.push(Makes {
                product: records.products.get(fact.product).to_string(),
                status: fact.status,
                since: fact.since,
                until: fact.until,
                capacity,
                sources: records.strings(extra.sources),
                note: records.opt(extra.note),
            });
        }
        makes
    }

    /// Organization `i`.
    pub(crate) fn organization(&self, i: usize) -> Organization {
        let (store, records) = (self.store, self.records);
        let row = &records.organizations[i];
        Organization {
            id: records.organization_id(i as u32).to_string(),
            kind: row.kind,
            name: records.name_of(row.name),
            region: store.organization_region[i].map(|r| store.regions.get(r).to_string()),
            sources: records.strings(row.sources),
            extra: records.extra_of(row.extra),
        }
    }

    /// Link `i`.
    pub(crate) fn link(&self, i: usize) -> Link {
        let (store, records) = (self.store, self.records);
        let (row, extra) = (&store.links[i], &records.links[i]);
        let (from, to) = row.ends();
        Link {
            from: self.party_id(from).to_string(),
            to: self.party_id(to).to_string(),
            kind: row.kind,
            product: row.product().map(|p| records.products.get(p).to_string()),
            share: (!extra.share.is_nan()).then_some(extra.share),
            status: row.status,
            since: row.since,
            until: row.until,
            sources: records.strings(extra.sources),
            note: records.opt(extra.note),
            extra: records.extra_of(extra.extra),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::reader::{read, Keep, Options, Rules};

    /// Reads `text` twice, keeping the dataset and then the records, and checks that the
    /// store gives every record as the dataset has it.
    fn same_records(text: &str, template: Option<&crate::Chain>) {
        let options = |keep| Options {
            template,
            keep,
            rules: Rules::All,
        };
        let d = read(text.as_bytes(), options(Keep::Dataset))
            .unwrap()
            .dataset
            .unwrap();
        let read = read(text.as_bytes(), options(Keep::Records)).unwrap();
        assert!(read.dataset.is_none());
        let store = read.store.whole().unwrap();
        let counts = [d.sources.len(), d.regions.len(), d.firms.len()];
        assert_eq!(store.counts()[..3], counts);
        assert_eq!(store.counts()[3..], [d.organizations.len(), d.links.len()]);
        for (i, s) in d.sources.iter().enumerate() {
            assert_eq!(&store.source(i), s);
            assert_eq!(store.source_id(i), s.id);
            assert_eq!(store.source_grade(i), s.grade);
        }
        for (i, r) in d.regions.iter().enumerate() {
            assert_eq!(&store.region(i), r);
        }
        for (i, f) in d.firms.iter().enumerate() {
            assert_eq!(&store.firm(i), f);
            assert_eq!(store.makes(i), f.makes);
        }
        for (i, o) in d.organizations.iter().enumerate() {
            assert_eq!(&store.organization(i), o);
            assert_eq!(store.organization_id(i), o.id);
        }
        for (i, l) in d.links.iter().enumerate() {
            assert_eq!(&store.link(i), l);
        }
    }

    #[test]
    fn the_store_gives_back_every_record_of_the_built_in_data() {
        let vrfb = crate::builtin::vrfb_chain();
        same_records(crate::builtin::VRFB_DATASET_JSON, Some(&vrfb));
        let minimal = crate::builtin::minimal_chain();
        same_records(crate::builtin::MINIMAL_DATASET_JSON, Some(&minimal));
        let d = crate::builtin::vrfb_dataset();
        assert!(d.firms.iter().any(|f| f.extra.is_some()));
        assert!(d.sources.iter().any(|s| s.url.is_some()));
        let makes = d.firms.iter().flat_map(|f| &f.makes);
        assert!(makes
            .clone()
            .any(|m| m.capacity.is_some() && m.note.is_some()));
        assert!(d
            .links
            .iter()
            .any(|l| l.share.is_some() && !l.sources.is_empty()));
    }

    #[test]
    fn the_store_gives_back_every_record_of_a_synthetic_registry() {
        let text = crate::synth::generate(300, 7).to_json_string();
        same_records(&text, None);
        let vrfb = crate::builtin::vrfb_chain();
        same_records(&text, Some(&vrfb));
    }
}
