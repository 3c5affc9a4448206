//! A scenario's document (`scenario@1`), read by the same tolerant visitors as datasets:
//! its top level (`format`, `name`, `add`, `remove`) here, every problem with its place;
//! the records it adds are kept as their JSON text, for the dataset reader to read as a part
//! of a dataset (`crate::scenario`).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::json::{not_a, wrong_types, Element, Fields, Found, Null, Scalar, ScalarVisitor};
use super::Reader;
use crate::dataset::LinkKind;
use crate::error::{Document, Error};
use crate::name::Name;
use crate::problem::Problem;

/// The five lists of a dataset that a scenario adds to, in document order.
pub(crate) const LISTS: [&str; 5] = ["sources", "regions", "firms", "organizations", "links"];

/// A scenario as read: its `format` (when it is a string), its name, the text of each
/// record it adds (by list, in [`LISTS`] order) and what it removes.
#[derive(Default)]
pub(crate) struct Wire {
    pub(crate) format: Option<String>,
    pub(crate) name: Name,
    pub(crate) add: [Vec<Box<RawValue>>; 5],
    pub(crate) remove: Removals,
}

/// What a scenario removes, as read.
#[derive(Default)]
pub(crate) struct Removals {
    pub(crate) firms: Vec<String>,
    pub(crate) organizations: Vec<String>,
    pub(crate) links: Vec<LinkKey>,
}

/// A link to remove: its `from`, `to`, `kind` and `product`.
pub(crate) type LinkKey = (String, String, LinkKind, Option<String>);

/// Reads a scenario's top level, and gives it with the problems found (unsorted, with their
/// lines and columns).
///
/// # Errors
/// [`Error::Json`] for broken JSON syntax.
pub(crate) fn wire(text: &str) -> Result<(Wire, Vec<Problem>), Error> {
    let (wire, mut problems) = super::read_top::<ScenarioDocument>(text, Document::Scenario)?;
    super::locate::positions(text, &mut problems);
    Ok((wire.unwrap_or_default(), problems))
}

/// The document.
struct ScenarioDocument;

impl Element for ScenarioDocument {
    type Out = Wire;
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<Wire, A::Error> {
        let mut fields = Fields::of(&["format", "name", "add", "remove"]);
        let mut wire = Wire::default();
        while let Some(key) = fields.next(r, &mut map)? {
            match key {
                "format" => {
                    let format = r.string(&mut map, Null::WrongType)?;
                    wire.format = format.map(|f| f.into_owned());
                }
                "name" => wire.name = super::records::name_of(r, &mut map)?,
                "add" => wire.add = r.object::<AddOf, A>(&mut map)?.unwrap_or_default(),
                _ => wire.remove = r.object::<RemoveOf, A>(&mut map)?.unwrap_or_default(),
            }
        }
        fields.require(r, &["format", "name"]);
        Ok(wire)
    }
}

/// `add`: the records of each list, as their text.
struct AddOf;

impl Element for AddOf {
    type Out = [Vec<Box<RawValue>>; 5];
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<Self::Out, A::Error> {
        let mut fields = Fields::of(&LISTS);
        let mut add: Self::Out = Default::default();
        while let Some(key) = fields.next(r, &mut map)? {
            let at = LISTS.iter().position(|&list| list == key).unwrap_or(0);
            add[at] = map.next_value_seed(RawList(r))?;
        }
        Ok(add)
    }
}

/// A list of any JSON values, each kept as its text.
struct RawList<'r, 'c>(&'r mut Reader<'c>);

impl<'de> de::DeserializeSeed<'de> for RawList<'_, '_> {
    type Value = Vec<Box<RawValue>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RawList<'_, '_> {
    type Value = Vec<Box<RawValue>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut records = Vec::new();
        while let Some(record) = seq.next_element::<Box<RawValue>>()? {
            records.push(record);
        }
        Ok(records)
    }
    wrong_types!(0, Vec<Box<RawValue>>, "a list", unit map);
}

/// `remove`: firm and organization ids, and link keys.
struct RemoveOf;

impl Element for RemoveOf {
    type Out = Removals;
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<Removals, A::Error> {
        let mut fields = Fields::of(&["firms", "organizations", "links"]);
        let mut remove = Removals::default();
        while let Some(key) = fields.next(r, &mut map)? {
            match key {
                "firms" | "organizations" => {
                    let mut ids = Vec::new();
                    r.strings(&mut map, &mut |_, _, id| ids.push(id.into_owned()))?;
                    *(if key == "firms" {
                        &mut remove.firms
                    } else {
                        &mut remove.organizations
                    }) = ids;
                }
                _ => {
                    let links = r.collect::<LinkKeyOf, A>(&mut map)?;
                    remove.links = links.into_iter().flatten().flatten().collect();
                }
            }
        }
        Ok(remove)
    }
}

/// A link to remove: `from`, `to`, `kind` and, when it has one, `product`. `None` when a
/// required value is left out or unreadable (reported).
struct LinkKeyOf;

impl Element for LinkKeyOf {
    type Out = Option<LinkKey>;
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<Self::Out, A::Error> {
        let mut fields = Fields::of(&["from", "to", "kind", "product"]);
        let (mut from, mut to, mut kind, mut product) = (None, None, None, None);
        while let Some(key) = fields.next(r, &mut map)? {
            let null = if key == "product" {
                Null::Absent
            } else {
                Null::WrongType
            };
            let text = r.string(&mut map, null)?;
            match key {
                "from" => from = text.map(|t| t.into_owned()),
                "to" => to = text.map(|t| t.into_owned()),
                "kind" => kind = r.value::<LinkKind>(text),
                _ => product = text.map(|t| t.into_owned()),
            }
        }
        fields.require(r, &["from", "to", "kind"]);
        Ok(match (from, to, kind) {
            (Some(from), Some(to), Some(kind)) => Some((from, to, kind, product)),
            _ => None,
        })
    }
}
