//! The one reader of documents: one pass over the bytes, each rule of the data format
//! checked once, every problem reported with its place. Datasets here; templates in
//! [`template`] and scenarios in [`scenario`], through the same tolerant visitors
//! ([`json`]). The documents the crate writes and reads back (gap reports, report diffs)
//! are read by serde's derived readers, every problem at once through [`lenient`].
//!
//! It reads a dataset document into the compact [`Store`] that the gap analysis, the
//! registry and the knowledge graph read (ids interned once, makes facts and links as
//! small rows) and, when asked, into the owned [`Dataset`] too. A [`Dataset`] built in
//! code is checked by the same reader, on its JSON ([`check`]): there is no second
//! implementation of any rule. Only broken JSON syntax stops a read; every other problem
//! is collected, and a document with problems gives them all, sorted by place.
//!
//! Which function checks which rule of the data format:
//!
//! | rule | where |
//! |---|---|
//! | objects are objects, lists are lists, strings and numbers are of their type | [`json`]: `Reader::string`, `Reader::number`, `Reader::strings`, `ObjectSeed`, `ListSeed` |
//! | no unknown key, no key twice, required keys present | [`json::Fields`] |
//! | `format` is `dataset@1`, `chain` is an id | `records::Document` |
//! | `as_of`, `since`, `until`, `published` are dates | `Reader::date` |
//! | status, kinds and grade are the format's values | `Reader::value` |
//! | ids (of sources, regions, firms, organizations, products) are valid | `Reader::id` |
//! | tags are valid ids | `records::Firm` |
//! | names have `zh` or `en`, neither empty | `records::NameOf` |
//! | `until` after `since` | `Reader::dates_ordered` |
//! | capacities ≥ 0 with a unit | `records::CapacityOf` |
//! | a share in (0, 1] | `records::Link` |
//! | a firm has a region | `records::Firm` |
//! | products are the template's (when read with one) | `Reader::product` |
//! | the dataset names the template it is read with | `finish::top` |
//! | ids unique in their namespace (sources; regions; firms and organizations together) | `Reader::define`, `finish::parties` |
//! | regions' parents exist, are not the region itself, and form no cycle | `finish::regions` |
//! | a firm's and an organization's region exists | `finish::regions_of_parties` |
//! | sources cited exist; a fact's grade is its best source's | `finish::sources` |
//! | link ends exist, differ, and are of the kind the link's kind needs; supplies names a product; no link twice, no partnership both ways | `finish::links` |

mod finish;
pub(crate) mod json;
pub(crate) mod lenient;
pub(crate) mod locate;
mod records;
pub(crate) mod scenario;
pub(crate) mod template;

use std::borrow::Cow;

use crate::chain::Chain;
use crate::dataset::{Dataset, Firm, Grade, Link, Makes, Organization, PartyIndex, Region, Source};
use crate::date::Date;
use crate::error::{Document, Error};
use crate::hash::{Interner, Strings};
use crate::problem::{Kind, Location, Problem, Step};
pub(crate) use crate::store::{Capacity, Records, Store};
use crate::store::{FactRow, LinkRow};
use crate::validate::is_valid_id;

/// What to read a document for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options<'c> {
    /// The template the dataset is read with, for the rules that tie the two.
    pub(crate) template: Option<&'c Chain>,
    /// What to keep of the records beside the store.
    pub(crate) keep: Keep,
    /// Which rules to check.
    pub(crate) rules: Rules,
}

/// What a read keeps of the records, beside the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Nothing: the store is all the analyses need.
    Nothing,
    /// The owned [`Dataset`].
    Dataset,
    /// The compact [`Records`] in the store, for the exports.
    Records,
}

/// Which rules a read checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rules {
    /// Every rule: the document is a whole dataset.
    All,
    /// The rules of each record on its own: the records are a part of a dataset (a
    /// scenario's additions), checked whole once they are in it. `format` and `chain`
    /// may be left out.
    Records,
}

/// What a read gives: the store and, when kept, the dataset.
pub(crate) struct Read {
    pub(crate) store: Store,
    pub(crate) dataset: Option<Dataset>,
}

/// Reads a dataset document.
///
/// # Errors
/// [`Error::Json`] for broken JSON syntax, [`Error::Invalid`] with every other problem.
pub(crate) fn read(bytes: &[u8], options: Options<'_>) -> Result<Read, Error> {
    let bytes = crate::read::without_bom(bytes);
    if let Some(e) = too_large(bytes.len()) {
        return Err(e);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| not_utf8(bytes, e.valid_up_to(), Document::Dataset))?;
    let mut r = Reader::new(options, text.len());
    let mut de = serde_json::Deserializer::from_str(text);
    let top = json::Top::<records::Document>(&mut r, std::marker::PhantomData);
    serde::de::DeserializeSeed::deserialize(top, &mut de)
        .and_then(|()| de.end())
        .map_err(|e| Error::json_in(Document::Dataset, e, bytes))?;
    r.finish(text)
}

/// The largest dataset document the store can hold: its positions (in the text arenas,
/// the lists, the rows) are 32-bit, and none can exceed the document's length.
const MOST_BYTES: usize = u32::MAX as usize;

/// The error for a dataset of `len` bytes, when it is too large for the store.
fn too_large(len: usize) -> Option<Error> {
    (len > MOST_BYTES).then(|| Error::Invalid {
        file: None,
        document: Document::Dataset,
        problems: vec![Problem::at(
            Location::root(),
            Kind::Other(format!(
                "the dataset is {len} bytes, and a dataset must be under 4 GiB \
                 ({MOST_BYTES} bytes): split it into datasets of a few regions each"
            )),
        )],
    })
}

/// Reads a document other than a dataset (a template, a scenario) whose top level `E`
/// reads, with a reader of its own: what `E` gives, and the problems found on the way
/// (unsorted, without their lines and columns).
///
/// # Errors
/// [`Error::Json`] for broken JSON syntax.
pub(crate) fn read_top<E: json::Element>(
    text: &str,
    document: Document,
) -> Result<(Option<E::Out>, Vec<Problem>), Error> {
    let options = Options {
        template: None,
        keep: Keep::Dataset,
        rules: Rules::Records,
    };
    let mut r = Reader::new(options, 0);
    let mut de = serde_json::Deserializer::from_str(text);
    let out = json::top::<E, _>(&mut r, &mut de)
        .and_then(|out| de.end().map(|()| out))
        .map_err(|e| Error::json_in(document, e, text.as_bytes()))?;
    Ok((out, std::mem::take(&mut r.problems)))
}

/// The error of a document whose bytes stop being UTF-8 at `at`.
pub(crate) fn not_utf8(bytes: &[u8], at: usize, document: Document) -> Error {
    let valid = String::from_utf8_lossy(&bytes[..at]);
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Error::Json {
        file: None,
        document,
        line,
        column,
        message: not_utf8_advice(bytes).to_string(),
    }
}

/// What to do with a document that is not UTF-8 text: a workbook (a zip archive, or an
/// old `.xls` file) is imported first; any other file is saved as UTF-8.
fn not_utf8_advice(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xd0\xcf\x11\xe0") {
        "the file is a workbook (or another zip archive), not JSON text: turn a workbook into \
         a dataset first (`vrfb-chain import FILE --out dataset.json`)"
    } else {
        "the text is not UTF-8: save the file as UTF-8"
    }
}

/// Checks a dataset built in code, through the reader, on its JSON: the rules are the
/// reader's, written once.
pub(crate) fn check(dataset: &Dataset, template: Option<&Chain>) -> Result<Store, Error> {
    let bytes = serde_json::to_vec(dataset).map_err(|e| Error::json(Document::Dataset, e))?;
    let options = Options {
        template,
        keep: Keep::Nothing,
        rules: Rules::All,
    };
    read(&bytes, options).map(|read| read.store)
}

/// The names of one namespace, numbered as first seen whether defined or referred to,
/// and what each is defined as.
struct Names {
    names: Interner,
    /// What each name is defined as (a position), or [`UNDEFINED`].
    defined: Vec<u32>,
}

/// Marks a name not (yet) defined.
const UNDEFINED: u32 = u32::MAX;

impl Names {
    fn new(capacity: usize) -> Self {
        Names {
            names: Interner::with_capacity(capacity),
            defined: Vec::with_capacity(capacity),
        }
    }

    fn intern(&mut self, name: &str) -> u32 {
        let i = self.names.intern(name);
        if i as usize == self.defined.len() {
            self.defined.push(UNDEFINED);
        }
        i
    }

    /// What name `i` is defined as.
    fn resolve(&self, i: u32) -> Option<u32> {
        let what = self.defined[i as usize];
        (what != UNDEFINED).then_some(what)
    }
}

/// Which list a record is in, for the places of the problems found after the pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Firms,
    Organizations,
    Links,
}

impl List {
    fn key(self) -> &'static str {
        match self {
            List::Firms => "firms",
            List::Organizations => "organizations",
            List::Links => "links",
        }
    }
}

/// Source references waiting for the end of the document: the sources were not all
/// defined when they were read.
struct Pending {
    /// Where the references are in `refs`.
    refs: (u32, u32),
    /// The record that cites them.
    list: List,
    record: u32,
    /// The makes fact (its position in the firm, and in the store) that cites them.
    fact: Option<(u32, u32)>,
}

/// A link end left out or of the wrong type, in a row whose ends are still names (name
/// numbers stay below 2^31: a document under 4 GB has fewer names).
const NO_END: u32 = (1 << 31) - 1;

/// A link as read, seen from its row: its ends still names.
struct RawLink {
    row: LinkRow,
    from: u32,
    to: u32,
    /// Whether its kind was read (a bad kind leaves the kind rules unchecked).
    kind_known: bool,
}

/// What the reader has gathered so far.
pub(crate) struct Reader<'c> {
    options: Options<'c>,
    /// The place being read.
    path: Vec<Step>,
    problems: Vec<Problem>,
    chain: Option<String>,
    as_of: Option<Date>,
    /// Product ids: the template's first.
    products: Interner,
    template_products: u32,
    sources: Names,
    source_grade: Vec<Grade>,
    source_name: Vec<u32>,
    regions: Names,
    /// The name of each region, `UNDEFINED` when it has no usable id.
    region_name: Vec<u32>,
    region_parent: Vec<Option<u32>>,
    /// Firm and organization ids.
    parties: Names,
    firm_name: Vec<u32>,
    /// Each firm's region name; `None` when it has none (reported).
    firm_region: Vec<Option<u32>>,
    organization_name: Vec<u32>,
    organization_region: Vec<Option<u32>>,
    fact_start: Vec<u32>,
    facts: Vec<FactRow>,
    capacities: Vec<Capacity>,
    units: Interner,
    pending: Vec<Pending>,
    /// The links, their ends still names (`PartyIndex::Firm(name)`, [`NO_END`] for none).
    links: Vec<LinkRow>,
    /// The links whose kind did not read, in order: their kind rules are not checked.
    unknown_kinds: Vec<u32>,
    /// Source names referred to, by facts, firms, organizations and links.
    refs: Vec<u32>,
    /// The last `from` and `to` of a link and their numbers: registries list a firm's
    /// links together, and a repeated name then costs no lookup.
    last_ends: [(String, u32); 2],
    /// The names of the regions and the firms for people (`zh (en)`), in document order.
    region_display: Strings,
    firm_display: Strings,
    /// The name for people of the last name read (a buffer used again and again).
    shown: String,
    /// The documents, when kept.
    kept: Option<Kept>,
}

/// The owned records, when the reader keeps them.
#[derive(Default)]
struct Kept {
    sources: Vec<Source>,
    regions: Vec<Region>,
    firms: Vec<Firm>,
    organizations: Vec<Organization>,
    links: Vec<Link>,
    /// The makes facts of the firm being read.
    makes: Vec<Makes>,
    /// The records in compact form, instead of the owned lists.
    compact: Option<Records>,
}

impl Kept {
    fn new(keep: Keep, len: usize) -> Option<Kept> {
        let compact = (keep == Keep::Records).then(|| Records::with_capacity(len));
        (keep != Keep::Nothing).then(|| Kept {
            compact,
            ..Kept::default()
        })
    }

    pub(crate) fn source(&mut self, s: Source) {
        match &mut self.compact {
            Some(c) => c.push_source(s),
            None => self.sources.push(s),
        }
    }

    pub(crate) fn region(&mut self, r: Region) {
        match &mut self.compact {
            Some(c) => c.push_region(&r),
            None => self.regions.push(r),
        }
    }

    pub(crate) fn makes(&mut self, m: Makes) {
        match &mut self.compact {
            Some(c) => c.push_makes(&m),
            None => self.makes.push(m),
        }
    }

    /// The firm, with the makes facts kept since the last one.
    pub(crate) fn firm(&mut self, mut f: Firm) {
        match &mut self.compact {
            Some(c) => c.push_firm(&f),
            None => {
                f.makes = std::mem::take(&mut self.makes);
                self.firms.push(f);
            }
        }
    }

    pub(crate) fn organization(&mut self, o: Organization) {
        match &mut self.compact {
            Some(c) => c.push_organization(&o),
            None => self.organizations.push(o),
        }
    }

    pub(crate) fn link(&mut self, l: Link) {
        match &mut self.compact {
            Some(c) => c.push_link(&l),
            None => self.links.push(l),
        }
    }
}

impl RawLink {
    /// Link `i` of the rows as read.
    fn of(rows: &[LinkRow], unknown_kinds: &[u32], i: usize) -> RawLink {
        let row = rows[i];
        let name = |end: PartyIndex| match end {
            PartyIndex::Firm(NO_END) | PartyIndex::Organization(_) => UNDEFINED,
            PartyIndex::Firm(name) => name,
        };
        let (from, to) = row.ends();
        RawLink {
            row,
            from: name(from),
            to: name(to),
            kind_known: unknown_kinds.binary_search(&(i as u32)).is_err(),
        }
    }
}

impl<'c> Reader<'c> {
    /// An empty reader, its lists sized for a document of `len` bytes (a synthetic
    /// registry has ~700 bytes per firm and ~120 per link).
    fn new(options: Options<'c>, len: usize) -> Self {
        let firms = len / 700;
        let template = options
            .template
            .map_or(&[][..], |chain| &chain.products[..]);
        let products = Interner::numbered(template.iter().map(|p| p.id.as_str()));
        Reader {
            options,
            path: Vec::with_capacity(8),
            problems: Vec::new(),
            chain: None,
            as_of: None,
            template_products: products.len() as u32,
            products,
            sources: Names::new(64),
            source_grade: Vec::new(),
            source_name: Vec::new(),
            regions: Names::new(64),
            region_name: Vec::new(),
            region_parent: Vec::new(),
            parties: Names::new(firms),
            firm_name: Vec::with_capacity(firms),
            firm_region: Vec::with_capacity(firms),
            organization_name: Vec::new(),
            organization_region: Vec::new(),
            fact_start: Vec::with_capacity(firms + 1),
            facts: Vec::with_capacity(firms * 5 / 2),
            capacities: Vec::new(),
            units: Interner::with_capacity(8),
            pending: Vec::new(),
            links: Vec::with_capacity(len / 300),
            unknown_kinds: Vec::new(),
            refs: Vec::new(),
            last_ends: Default::default(),
            region_display: Strings::default(),
            firm_display: Strings::with_capacity(firms),
            shown: String::new(),
            kept: Kept::new(options.keep, len),
        }
    }

    /// A problem at the current path.
    pub(crate) fn problem(&mut self, kind: Kind) {
        let at = Location::of(self.path.clone());
        self.problems.push(Problem::at(at, kind));
    }

    /// A problem at `step` below the current path.
    fn problem_below(&mut self, step: impl Into<Step>, kind: Kind) {
        self.path.push(step.into());
        self.problem(kind);
        self.path.pop();
    }

    /// Checks an id at the current path.
    fn id(&mut self, id: &str) {
        if !is_valid_id(id) {
            self.problem(Kind::InvalidId(id.to_string()));
        }
    }

    /// Parses a date at the current path.
    fn date(&mut self, text: Option<Cow<'_, str>>) -> Option<Date> {
        match text?.parse() {
            Ok(date) => Some(date),
            Err(e) => {
                self.problem(Kind::BadDate(e));
                None
            }
        }
    }

    /// Parses an enumerated value at the current path.
    fn value<T: std::str::FromStr<Err = String>>(
        &mut self,
        text: Option<Cow<'_, str>>,
    ) -> Option<T> {
        match text?.parse() {
            Ok(value) => Some(value),
            Err(message) => {
                self.problem(Kind::BadValue(message));
                None
            }
        }
    }

    /// The number of a product at the current path: checks its id and, with a template,
    /// that the template has it.
    fn product(&mut self, id: &str) -> u32 {
        self.id(id);
        let n = self.products.intern(id);
        if let (Some(chain), true) = (self.options.template, n >= self.template_products) {
            self.problem(Kind::UnknownProduct {
                id: id.to_string(),
                chain: chain.id.clone(),
            });
        }
        n
    }

    /// `until` must come after `since`: checked at `until`, below the current path.
    fn dates_ordered(&mut self, since: Option<Date>, until: Option<Date>) {
        if let (Some(since), Some(until)) = (since, until) {
            if until.cmp_day(&since).is_le() {
                let kind = Kind::DatesOrder {
                    since: since.to_string(),
                    until: until.to_string(),
                };
                self.problem_below("until", kind);
            }
        }
    }

    /// The source references at `refs[range]`: their best grade when they are all
    /// defined already (as when a document lists its sources first; they are then
    /// dropped from `refs`), or `None`, and they wait for the end of the document.
    fn settle(&mut self, range: (u32, u32)) -> Option<Option<Grade>> {
        let mut best = None;
        for &s in &self.refs[range.0 as usize..range.1 as usize] {
            best = best.max(Some(self.source_grade[self.sources.resolve(s)? as usize]));
        }
        self.refs.truncate(range.0 as usize);
        Some(best)
    }

    /// Settles the sources of a record, or leaves them for the end.
    fn cite(&mut self, range: (u32, u32), list: List, record: u32, fact: Option<(u32, u32)>) {
        match self.settle(range) {
            Some(grade) => {
                if let Some((_, at)) = fact {
                    self.facts[at as usize].grade = grade;
                }
            }
            None => self.pending.push(Pending {
                refs: range,
                list,
                record,
                fact,
            }),
        }
    }

    /// Interns the source names of a list at the current path; where they are in `refs`.
    fn source_refs<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        map: &mut A,
        kept: &mut Vec<String>,
    ) -> Result<(u32, u32), A::Error> {
        let start = self.refs.len() as u32;
        let keep = self.kept.is_some();
        self.strings(map, &mut |r, _, s| {
            let i = r.sources.intern(&s);
            r.refs.push(i);
            if keep {
                kept.push(s.into_owned());
            }
        })?;
        Ok((start, self.refs.len() as u32))
    }

    /// The number of a link's `from` (`side` 0) or `to` (1).
    fn party_end(&mut self, side: usize, name: &str) -> u32 {
        let (last, number) = &mut self.last_ends[side];
        if last.as_str() != name || last.is_empty() {
            *number = self.parties.intern(name);
            last.clear();
            last.push_str(name);
        }
        *number
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dataset_of_4_gib_or_more_is_refused_with_what_to_do() {
        assert!(too_large(MOST_BYTES).is_none());
        let err = too_large(MOST_BYTES + 1).expect("too large");
        let text = err.to_string();
        assert!(text.contains("4294967296 bytes"), "{text}");
        assert!(text.contains("split it"), "{text}");
        assert!(matches!(err, Error::Invalid { .. }));
    }
}
