//! The records of a dataset, each read field by field: the rules of one value are checked
//! as it is read, the rules between records at the end ([`super::finish`]).

use std::borrow::Cow;

use serde::de::{IgnoredAny, MapAccess};

use super::json::{Element, Fields, Null};
use super::{Capacity, List, Names, Reader, NO_END, UNDEFINED};
use crate::dataset::{self, Extra, Grade, LinkKind, OrganizationKind, RegionKind, Status};
use crate::dataset::{PartyIndex, DATASET_FORMAT};
use crate::name::Name;
use crate::problem::{Kind, Location, Step};
use crate::store::{FactRow, LinkRow};

/// Owns a string read from the document.
fn own(text: Option<Cow<'_, str>>) -> Option<String> {
    text.map(Cow::into_owned)
}

impl Reader<'_> {
    /// A string of a record, owned when the documents are kept and left empty (no
    /// allocation) when only the store is made.
    fn keep(&self, text: Cow<'_, str>) -> String {
        if self.kept.is_some() {
            text.into_owned()
        } else {
            String::new()
        }
    }

    /// An optional string of a record, as [`Reader::keep`].
    fn keep_opt(&self, text: Option<Cow<'_, str>>) -> Option<String> {
        text.map(|t| self.keep(t))
    }
}

impl Reader<'_> {
    /// The position of the record being read: the index on the path.
    fn index(&self) -> u32 {
        self.path
            .iter()
            .rev()
            .find_map(|s| match s {
                Step::Index(i) => Some(*i as u32),
                Step::Key(_) => None,
            })
            .unwrap_or(0)
    }

    /// The position of the top-level record being read (the first index on the path).
    fn record(&self) -> u32 {
        match self.path.get(1) {
            Some(Step::Index(i)) => *i as u32,
            _ => 0,
        }
    }

    /// `extra`: any JSON value, kept verbatim when the documents are kept.
    fn extra<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Option<Extra>, A::Error> {
        if self.kept.is_some() {
            map.next_value::<Option<Extra>>()
        } else {
            map.next_value::<IgnoredAny>().map(|_| None)
        }
    }

    /// The id of a firm or an organization at the current path: checked, numbered among
    /// the parties' names (defined at the end, firms first), and kept as [`Reader::keep`]
    /// says.
    fn party_id<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
    ) -> Result<Option<(u32, String)>, A::Error> {
        let Some(id) = self.string(map, Null::WrongType)? else {
            return Ok(None);
        };
        self.id(&id);
        let number = self.parties.intern(&id);
        Ok(Some((number, self.keep(id))))
    }

    /// The region a firm or an organization names at the current path (`null` is none
    /// when `null` allows it, a wrong type otherwise):
    /// numbered among the regions' names, resolved at the end.
    fn region_ref<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        null: Null,
    ) -> Result<Option<(u32, String)>, A::Error> {
        let Some(id) = self.string(map, null)? else {
            return Ok(None);
        };
        let number = self.regions.intern(&id);
        Ok(Some((number, self.keep(id))))
    }

    /// Defines `id` in `names` as what `at` is, at the current path (the id's); a second
    /// definition is a duplicate, reported naming the first place of `list`.
    fn define(
        &mut self,
        names: fn(&mut Self) -> &mut Names,
        id: &str,
        at: u32,
        (list, what): (&'static str, &'static str),
    ) -> u32 {
        let name = names(self).intern(id);
        match names(self).resolve(name) {
            Some(first) => {
                let steps = vec![
                    Step::from(list),
                    Step::Index(first as usize),
                    Step::from("id"),
                ];
                self.problem(Kind::Duplicate {
                    what,
                    id: id.to_string(),
                    first: Location::of(steps),
                });
            }
            None => names(self).defined[name as usize] = at,
        }
        name
    }
}

/// The top-level object of a dataset.
pub(crate) struct Document;

impl Element for Document {
    type Out = ();
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<(), A::Error> {
        const FIELDS: &[&str] = &[
            "format",
            "chain",
            "as_of",
            "sources",
            "regions",
            "firms",
            "organizations",
            "links",
        ];
        let mut fields = Fields::of(FIELDS);
        while let Some(key) = fields.next(r, &mut map)? {
            match key {
                "format" => {
                    if let Some(format) = r.string(&mut map, Null::WrongType)? {
                        if format != DATASET_FORMAT {
                            r.problem(Kind::UnknownFormat {
                                found: format.into_owned(),
                                expected: DATASET_FORMAT,
                            });
                        }
                    }
                }
                "chain" => {
                    if let Some(chain) = r.string(&mut map, Null::WrongType)? {
                        r.id(&chain);
                        r.chain = Some(chain.into_owned());
                    }
                }
                "as_of" => {
                    let text = r.string(&mut map, Null::Absent)?;
                    r.as_of = r.date(text);
                }
                "sources" => r.list::<Source, A>(&mut map)?,
                "regions" => r.list::<Region, A>(&mut map)?,
                "firms" => r.list::<Firm, A>(&mut map)?,
                "organizations" => r.list::<Organization, A>(&mut map)?,
                _ => r.list::<Link, A>(&mut map)?,
            }
        }
        if r.options.rules == super::Rules::All {
            fields.require(r, &["format", "chain"]);
        }
        Ok(())
    }
}

/// A source.
struct Source;

impl Element for Source {
    type Out = ();
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<(), A::Error> {
        const FIELDS: &[&str] = &["id", "title", "url", "publisher", "published", "grade"];
        let mut fields = Fields::of(FIELDS);
        let mut source = dataset::Source {
            id: String::new(),
            title: String::new(),
            url: None,
            publisher: None,
            published: None,
            grade: Grade::C,
        };
        let mut name = UNDEFINED;
        while let Some(key) = fields.next(r, &mut map)? {
            match key {
                "id" => {
                    if let Some(id) = r.string(&mut map, Null::WrongType)? {
                        r.id(&id);
                        let at = r.source_grade.len() as u32;
                        name = r.define(|r| &mut r.sources, &id, at, ("sources", "source"));
                        source.id = r.keep(id);
                    }
                }
                "title" => {
                    let title = r.string(&mut map, Null::WrongType)?;
                    source.title = r.keep_opt(title).unwrap_or_default();
                }
                "url" => {
                    let url = r.string(&mut map, Null::Absent)?;
                    source.url = r.keep_opt(url);
                }
                "publisher" => {
                    let publisher = r.string(&mut map, Null::Absent)?;
                    source.publisher = r.keep_opt(publisher);
                }
                "published" => {
                    let text = r.string(&mut map, Null::Absent)?;
                    source.published = r.date(text);
                }
                _ => {
                    let text = r.string(&mut map, Null::Absent)?;
                    source.grade = r.value(text).unwrap_or(Grade::C);
                }
            }
        }
        fields.require(r, &["id", "title"]);
        r.source_grade.push(source.grade);
        r.source_name.push(name);
        if let Some(kept) = &mut r.kept {
            kept.source(source);
        }
        Ok(())
    }
}

/// A bilingual name: `zh` or `en`, neither empty.
struct NameOf;

impl Element for NameOf {
    type Out = Name;
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<Name, A::Error> {
        let mut fields = Fields::of(&["zh", "en"]);
        let (mut zh, mut en) = (None, None);
        while let Some(key) = fields.next(r, &mut map)? {
            let text = r.string(&mut map, Null::Absent)?;
            *(if key == "zh" { &mut zh } else { &mut en }) = text;
        }
        Name::check(zh.as_deref(), en.as_deref(), |key, kind| match key {
            Some(key) => r.problem_below(key, kind),
            None => r.problem(kind),
        });
        // The name for people, for the reports; the parts only when the documents are kept.
        let shown = Name::shown(zh.as_deref(), en.as_deref());
        r.shown.clear();
        r.shown.push_str(&shown);
        Ok(Name {
            zh: r.keep_opt(zh),
            en: r.keep_opt(en),
        })
    }
}

/// Reads a name at the current path (a name that is not an object is reported).
pub(super) fn name_of<'de, A: MapAccess<'de>>(
    r: &mut Reader<'_>,
    map: &mut A,
) -> Result<Name, A::Error> {
    Ok(r.object::<NameOf, A>(map)?.unwrap_or_default())
}

/// A region.
struct Region;

impl Element for Region {
    type Out = ();
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<(), A::Error> {
        let mut fields = Fields::of(&["id", "kind", "name", "parent"]);
        let mut region = dataset::Region {
            id: String::new(),
            kind: RegionKind::Other,
            name: Name::default(),
            parent: None,
        };
        let (mut name, mut parent) = (UNDEFINED, None);
        while let Some(key) = fields.next(r, &mut map)? {
            match key {
                "id" => {
                    if let Some(id) = r.string(&mut map, Null::WrongType)? {
                        r.id(&id);
                        let at = r.region_name.len() as u32;
                        name = r.define(|r| &mut r.regions, &id, at, ("regions", "region"));
                        region.id = r.keep(id);
                    }
                }
                "kind" => {
                    let text = r.string(&mut map, Null::WrongType)?;
                    region.kind = r.value(text).unwrap_or(RegionKind::Other);
                }
                "name" => region.name = name_of(r, &mut map)?,
                _ => {
                    if let Some(p) = r.string(&mut map, Null::Absent)? {
                        parent = Some(r.regions.intern(&p));
                        region.parent = Some(r.keep(p));
                    }
                }
            }
        }
        fields.require(r, &["id", "kind", "name"]);
        r.region_name.push(name);
        r.region_parent.push(parent);
        r.region_display.push(&r.shown);
        if let Some(kept) = &mut r.kept {
            kept.region(region);
        }
        Ok(())
    }
}

/// A firm, with its makes facts.
struct Firm;

impl Element for Firm {
    type Out = ();
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<(), A::Error> {
        const FIELDS: &[&str] = &["id", "name", "region", "tags", "makes", "sources", "extra"];
        let mut fields = Fields::of(FIELDS);
        let i = r.record();
        let mut firm = dataset::Firm {
            id: String::new(),
            name: Name::default(),
            region: String::new(),
            tags: Vec::new(),
            makes: Vec::new(),
            sources: Vec::new(),
            extra: None,
        };
        let (mut name, mut region) = (UNDEFINED, None);
        r.fact_start.push(r.facts.len() as u32);
        let keep = r.kept.is_some();
        while let Some(key) = fields.next(r, &mut map)? {
            match key {
                "id" => {
                    if let Some((number, id)) = r.party_id(&mut map)? {
                        (name, firm.id) = (number, id);
                    }
                }
                "name" => firm.name = name_of(r, &mut map)?,
                // Required: `null` is a wrong type, not a region left out.
                "region" => {
                    if let Some((number, id)) = r.region_ref(&mut map, Null::WrongType)? {
                        (region, firm.region) = (Some(number), id);
                    }
                }
                "tags" => {
                    let tags = &mut firm.tags;
                    r.strings(&mut map, &mut |r, _, tag| {
                        if !crate::validate::is_valid_id(&tag) {
                            r.problem(Kind::InvalidTag(tag.to_string()));
                        }
                        if keep {
                            tags.push(tag.into_owned());
                        }
                    })?;
                }
                "makes" => r.list::<MakesOf, A>(&mut map)?,
                "sources" => {
                    let refs = r.source_refs(&mut map, &mut firm.sources)?;
                    r.cite(refs, List::Firms, i, None);
                }
                _ => firm.extra = r.extra(&mut map)?,
            }
        }
        fields.require(r, &["id", "name"]);
        // A region of the wrong type is reported as such.
        if !fields.has("region") {
            let id = match name {
                UNDEFINED => String::new(),
                n => r.parties.names.get(n).to_string(),
            };
            r.problem_below("region", Kind::NoRegion(id));
        }
        r.firm_name.push(name);
        r.firm_region.push(region);
        r.firm_display.push(&r.shown);
        if let Some(kept) = &mut r.kept {
            kept.firm(firm);
        }
        Ok(())
    }
}

/// A capacity: a `value` ≥ 0 and a `unit`.
struct CapacityOf;

impl Element for CapacityOf {
    type Out = Option<dataset::Capacity>;
    fn read<'de, A: MapAccess<'de>>(
        r: &mut Reader<'_>,
        mut map: A,
    ) -> Result<Option<dataset::Capacity>, A::Error> {
        let mut fields = Fields::of(&["value", "unit"]);
        let (mut value, mut unit) = (None, None);
        while let Some(key) = fields.next(r, &mut map)? {
            if key == "value" {
                value = r.number(&mut map, Null::WrongType)?;
                if let Some(v) = value.filter(|v| !(v.is_finite() && *v >= 0.0)) {
                    r.problem(Kind::Capacity(v));
                }
            } else {
                unit = own(r.string(&mut map, Null::WrongType)?);
            }
        }
        fields.require(r, &["value", "unit"]);
        Ok(value
            .zip(unit)
            .map(|(value, unit)| dataset::Capacity { value, unit }))
    }
}

/// A makes fact of the firm being read.
struct MakesOf;

impl Element for MakesOf {
    type Out = ();
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<(), A::Error> {
        const FIELDS: &[&str] = &[
            "product", "status", "since", "until", "capacity", "sources", "note",
        ];
        let mut fields = Fields::of(FIELDS);
        let (firm, j, at) = (r.record(), r.index(), r.facts.len() as u32);
        let mut makes = dataset::Makes {
            product: String::new(),
            status: Status::Operating,
            since: None,
            until: None,
            capacity: None,
            sources: Vec::new(),
            note: None,
        };
        let mut row = FactRow {
            product: UNDEFINED,
            status: Status::Operating,
            since: None,
            until: None,
            grade: None,
        };
        let mut refs = None;
        while let Some(key) = fields.next(r, &mut map)? {
            match key {
                "product" => {
                    if let Some(id) = r.string(&mut map, Null::WrongType)? {
                        row.product = r.product(&id);
                        makes.product = r.keep(id);
                    }
                }
                "status" => {
                    let text = r.string(&mut map, Null::Absent)?;
                    row.status = r.value(text).unwrap_or(Status::Operating);
                }
                "since" => {
                    let text = r.string(&mut map, Null::Absent)?;
                    row.since = r.date(text);
                }
                "until" => {
                    let text = r.string(&mut map, Null::Absent)?;
                    row.until = r.date(text);
                }
                "capacity" => makes.capacity = r.capacity(&mut map, at)?,
                "sources" => refs = Some(r.source_refs(&mut map, &mut makes.sources)?),
                _ => {
                    let note = r.string(&mut map, Null::Absent)?;
                    makes.note = r.keep_opt(note);
                }
            }
        }
        fields.require(r, &["product"]);
        r.dates_ordered(row.since, row.until);
        (makes.status, makes.since, makes.until) = (row.status, row.since, row.until);
        r.facts.push(row);
        if let Some(refs) = refs {
            r.cite(refs, List::Firms, firm, Some((j, at)));
        }
        if let Some(kept) = &mut r.kept {
            kept.makes(makes);
        }
        Ok(())
    }
}

impl Reader<'_> {
    /// The capacity of makes fact `fact`, at the current path (`null` is none).
    fn capacity<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        fact: u32,
    ) -> Result<Option<dataset::Capacity>, A::Error> {
        let capacity = map.next_value_seed(super::json::Nullable::<CapacityOf>::new(self))?;
        if let Some(c) = &capacity {
            let unit = self.units.intern(&c.unit);
            self.capacities.push(Capacity {
                fact,
                value: c.value,
                unit,
            });
        }
        Ok(capacity.filter(|_| self.kept.is_some()))
    }
}

/// An organization.
struct Organization;

impl Element for Organization {
    type Out = ();
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<(), A::Error> {
        const FIELDS: &[&str] = &["id", "kind", "name", "region", "sources", "extra"];
        let mut fields = Fields::of(FIELDS);
        let i = r.record();
        let mut organization = dataset::Organization {
            id: String::new(),
            kind: OrganizationKind::Other,
            name: Name::default(),
            region: None,
            sources: Vec::new(),
            extra: None,
        };
        let (mut name, mut region) = (UNDEFINED, None);
        while let Some(key) = fields.next(r, &mut map)? {
            match key {
                "id" => {
                    if let Some((number, id)) = r.party_id(&mut map)? {
                        (name, organization.id) = (number, id);
                    }
                }
                "kind" => {
                    let text = r.string(&mut map, Null::WrongType)?;
                    organization.kind = r.value(text).unwrap_or(OrganizationKind::Other);
                }
                "name" => organization.name = name_of(r, &mut map)?,
                "region" => {
                    if let Some((number, id)) = r.region_ref(&mut map, Null::Absent)? {
                        (region, organization.region) = (Some(number), Some(id));
                    }
                }
                "sources" => {
                    let refs = r.source_refs(&mut map, &mut organization.sources)?;
                    r.cite(refs, List::Organizations, i, None);
                }
                _ => organization.extra = r.extra(&mut map)?,
            }
        }
        fields.require(r, &["id", "kind", "name"]);
        r.organization_name.push(name);
        r.organization_region.push(region);
        if let Some(kept) = &mut r.kept {
            kept.organization(organization);
        }
        Ok(())
    }
}

/// A link.
struct Link;

impl Element for Link {
    type Out = ();
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<(), A::Error> {
        const FIELDS: &[&str] = &[
            "from", "to", "kind", "product", "share", "status", "since", "until", "sources",
            "note", "extra",
        ];
        let mut fields = Fields::of(FIELDS);
        let i = r.record();
        let mut link = dataset::Link {
            from: String::new(),
            to: String::new(),
            kind: LinkKind::PartnersWith,
            product: None,
            share: None,
            status: Status::Operating,
            since: None,
            until: None,
            sources: Vec::new(),
            note: None,
            extra: None,
        };
        let ends = (PartyIndex::Firm(0), PartyIndex::Firm(0));
        let mut row = LinkRow::new(
            LinkKind::PartnersWith,
            Status::Operating,
            None,
            None,
            ends,
            None,
        );
        let (mut from, mut to, mut kind_known) = (UNDEFINED, UNDEFINED, false);
        while let Some(key) = fields.next(r, &mut map)? {
            match key {
                "from" | "to" => {
                    if let Some(id) = r.string(&mut map, Null::WrongType)? {
                        if key == "from" {
                            from = r.party_end(0, &id);
                            link.from = r.keep(id);
                        } else {
                            to = r.party_end(1, &id);
                            link.to = r.keep(id);
                        }
                    }
                }
                "kind" => {
                    let text = r.string(&mut map, Null::WrongType)?;
                    if let Some(kind) = r.value(text) {
                        (row.kind, kind_known) = (kind, true);
                    }
                }
                "product" => {
                    if let Some(id) = r.string(&mut map, Null::Absent)? {
                        row.set_product(Some(r.product(&id)));
                        link.product = Some(r.keep(id));
                    }
                }
                "share" => {
                    link.share = r.number(&mut map, Null::Absent)?;
                    if let Some(share) = link.share.filter(|s| !(*s > 0.0 && *s <= 1.0)) {
                        r.problem(Kind::Share(share));
                    }
                }
                "status" => {
                    let text = r.string(&mut map, Null::Absent)?;
                    row.status = r.value(text).unwrap_or(Status::Operating);
                }
                "since" => {
                    let text = r.string(&mut map, Null::Absent)?;
                    row.since = r.date(text);
                }
                "until" => {
                    let text = r.string(&mut map, Null::Absent)?;
                    row.until = r.date(text);
                }
                "sources" => {
                    let refs = r.source_refs(&mut map, &mut link.sources)?;
                    r.cite(refs, List::Links, i, None);
                }
                "note" => {
                    let note = r.string(&mut map, Null::Absent)?;
                    link.note = r.keep_opt(note);
                }
                _ => link.extra = r.extra(&mut map)?,
            }
        }
        fields.require(r, &["from", "to", "kind"]);
        r.dates_ordered(row.since, row.until);
        (link.kind, link.status, link.since, link.until) =
            (row.kind, row.status, row.since, row.until);
        let end = |name: u32| PartyIndex::Firm(if name == UNDEFINED { NO_END } else { name });
        row.set_ends((end(from), end(to)));
        if !kind_known {
            r.unknown_kinds.push(r.links.len() as u32);
        }
        r.links.push(row);
        if let Some(kept) = &mut r.kept {
            kept.link(link);
        }
        Ok(())
    }
}
