//! The chain template, read by the same tolerant visitors as datasets: a value of the
//! wrong type, an unknown key, a key given twice and a required key left out are each
//! reported where they are, and the read goes on; only broken JSON syntax stops it. The
//! rules of the template's content (`crate::validate`) then run on what was read, and a
//! problem they find that a shape problem already explains (a missing or mistyped value
//! read as empty) is left out.
//!
//! | rule | where |
//! |---|---|
//! | the shape: objects, lists, strings; no unknown key, no key twice, required keys present | [`super::json`], and the readers below |
//! | a requirement is a product id or a list of product ids | `Requirements` |
//! | `format` is `chain@1` | [`chain`] |
//! | ids, names, references, segments' order, no input cycle | `crate::validate` |

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::json::{not_a, wrong_types, Element, Fields, Found, Null, Scalar, ScalarVisitor};
use super::Reader;
use crate::chain::{Chain, Product, Requirement, Segment, CHAIN_FORMAT};
use crate::error::{Document, Error};
use crate::name::Name;
use crate::problem::{self, Kind, Location, Problem, Step};

/// Reads and checks a template.
///
/// # Errors
/// [`Error::Json`] for broken JSON syntax, [`Error::Invalid`] with every other problem.
pub(crate) fn chain(bytes: &[u8]) -> Result<Chain, Error> {
    let bytes = crate::read::without_bom(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| super::not_utf8(bytes, e.valid_up_to(), Document::Chain))?;
    let (doc, mut problems) = super::read_top::<ChainDocument>(text, Document::Chain)?;
    let (format, chain) = doc.unwrap_or_default();
    if let Some(found) = format.filter(|f| f != CHAIN_FORMAT) {
        let kind = Kind::UnknownFormat {
            found,
            expected: CHAIN_FORMAT,
        };
        problems.push(Problem::at(Location::of(vec![Step::from("format")]), kind));
    }
    let rules = crate::validate::chain(&chain);
    // A name's rules are the reader's and the template's both: report them once, in the
    // template's order.
    problems.retain(|p| !rules.contains(p));
    let explained = problems.clone();
    problems.extend(rules.into_iter().filter(|p| !explains(&explained, p)));
    if problems.is_empty() {
        return Ok(chain);
    }
    name_records(&chain, &mut problems);
    super::locate::positions(text, &mut problems);
    problem::sort(&mut problems);
    Err(Error::Invalid {
        file: None,
        document: Document::Chain,
        problems,
    })
}

/// Whether one of the shape problems `shape` explains the rule problem `p`: it is at the
/// same place (a value of the wrong type, read as empty), or it is a required key left
/// out whose place `p` is.
fn explains(shape: &[Problem], p: &Problem) -> bool {
    let steps = p.location().steps();
    shape.iter().any(|s| {
        let at = s.location().steps();
        match s.kind() {
            Kind::MissingField(name) => {
                steps.len() == at.len() + 1
                    && steps.starts_with(at)
                    && matches!(&steps[at.len()], Step::Key(k) if k == name)
            }
            Kind::WrongType { .. } => steps.starts_with(at),
            _ => false,
        }
    })
}

/// Names the record of each problem inside a segment or a product by its id, as a
/// dataset's problems are (a problem of the id itself quotes it already).
fn name_records(chain: &Chain, problems: &mut [Problem]) {
    for p in problems {
        let (list, i) = match p.location().steps() {
            [_, _, Step::Key(key)] if key == "id" => continue,
            [Step::Key(list), Step::Index(i), ..] => (list.as_ref(), *i),
            _ => continue,
        };
        let id = match list {
            "segments" => chain.segments.get(i).map(|s| s.id.as_str()),
            "products" => chain.products.get(i).map(|p| p.id.as_str()),
            _ => continue,
        };
        if let Some(id) = id.filter(|id| !id.is_empty()) {
            let location = p.location().clone().in_record(id);
            *p.location_mut() = location;
        }
    }
}

/// The records of a list in their places: an element that is not an object (reported) is
/// an empty record, so that the rules' places are the document's and its own rules'
/// problems are those its wrong type explains.
fn in_place<T: Default>(records: Vec<Option<T>>) -> Vec<T> {
    records.into_iter().map(Option::unwrap_or_default).collect()
}

/// The template document: its `format` as read, and the template.
struct ChainDocument;

impl Element for ChainDocument {
    type Out = (Option<String>, Chain);
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<Self::Out, A::Error> {
        let mut fields = Fields::of(&["format", "id", "name", "segments", "products"]);
        let (mut format, mut chain) = (None, Chain::default());
        while let Some(key) = fields.next(r, &mut map)? {
            match key {
                "format" => format = owned(r.string(&mut map, Null::WrongType)?),
                "id" => chain.id = owned(r.string(&mut map, Null::WrongType)?).unwrap_or_default(),
                "name" => chain.name = super::records::name_of(r, &mut map)?,
                "segments" => chain.segments = in_place(r.collect::<SegmentOf, A>(&mut map)?),
                _ => chain.products = in_place(r.collect::<ProductOf, A>(&mut map)?),
            }
        }
        fields.require(r, &["format", "id", "name"]);
        Ok((format, chain))
    }
}

fn owned(text: Option<Cow<'_, str>>) -> Option<String> {
    text.map(Cow::into_owned)
}

/// A segment.
struct SegmentOf;

impl Element for SegmentOf {
    type Out = Segment;
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<Segment, A::Error> {
        let mut fields = Fields::of(&["id", "name"]);
        let (mut id, mut name) = (None, Name::default());
        while let Some(key) = fields.next(r, &mut map)? {
            if key == "id" {
                id = owned(r.string(&mut map, Null::WrongType)?);
            } else {
                name = super::records::name_of(r, &mut map)?;
            }
        }
        fields.require(r, &["id", "name"]);
        let id = id.unwrap_or_default();
        Ok(Segment { id, name })
    }
}

/// A product.
struct ProductOf;

impl Element for ProductOf {
    type Out = Product;
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, mut map: A) -> Result<Product, A::Error> {
        const FIELDS: &[&str] = &["id", "segment", "name", "description", "inputs"];
        let mut fields = Fields::of(FIELDS);
        let mut product = Product {
            id: String::new(),
            segment: String::new(),
            name: Name::default(),
            description: None,
            inputs: Vec::new(),
        };
        while let Some(key) = fields.next(r, &mut map)? {
            let text = |r: &mut Reader<'_>, map: &mut A, null| r.string(map, null).map(owned);
            match key {
                "id" => product.id = text(r, &mut map, Null::WrongType)?.unwrap_or_default(),
                "segment" => {
                    product.segment = text(r, &mut map, Null::WrongType)?.unwrap_or_default();
                }
                "name" => product.name = super::records::name_of(r, &mut map)?,
                "description" => product.description = text(r, &mut map, Null::Absent)?,
                _ => product.inputs = map.next_value_seed(Requirements(r))?,
            }
        }
        fields.require(r, &["id", "segment", "name"]);
        Ok(product)
    }
}

/// A product's `inputs`: a list of requirements, each a product id or a list of them.
struct Requirements<'r, 'c>(&'r mut Reader<'c>);

impl<'de> DeserializeSeed<'de> for Requirements<'_, '_> {
    type Value = Vec<Requirement>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Requirement>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Requirements<'_, '_> {
    type Value = Vec<Requirement>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of requirements")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Requirement>, A::Error> {
        let mut inputs = Vec::new();
        let mut k = 0;
        loop {
            self.0.path.push(Step::Index(k));
            let next = seq.next_element_seed(OneRequirement(&mut *self.0));
            self.0.path.pop();
            match next? {
                None => return Ok(inputs),
                Some(requirement) => inputs.extend(requirement),
            }
            k += 1;
        }
    }
    wrong_types!(0, Vec<Requirement>, "a list", unit map);
}

/// One requirement: a product id, or a list of alternative product ids.
struct OneRequirement<'r, 'c>(&'r mut Reader<'c>);

const REQUIREMENT: &str = "a product id or a list of product ids";

impl<'de> DeserializeSeed<'de> for OneRequirement<'_, '_> {
    type Value = Option<Requirement>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Requirement>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for OneRequirement<'_, '_> {
    type Value = Option<Requirement>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REQUIREMENT)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Requirement>, E> {
        Ok(Some(Requirement::One(v.to_owned())))
    }
    /// A list of alternatives; one of the wrong type is reported, and the requirement
    /// is then left out (its rules would only repeat the problem).
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Requirement>, A::Error> {
        let (mut ids, mut whole) = (Vec::new(), true);
        let mut k = 0;
        while let Some(value) = seq.next_element::<Scalar<'de>>()? {
            self.0.path.push(Step::Index(k));
            match value {
                Scalar::Str(id) => ids.push(id.into_owned()),
                other => {
                    self.0.wrong_type(other.found(), "a product id");
                    whole = false;
                }
            }
            self.0.path.pop();
            k += 1;
        }
        Ok(whole.then_some(Requirement::AnyOf(ids)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<Requirement>, E> {
        Ok(self.not_one(Found::Unsigned(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<Requirement>, E> {
        Ok(self.not_one(Found::Signed(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<Requirement>, E> {
        Ok(self.not_one(Found::Float(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<Requirement>, E> {
        Ok(self.not_one(Found::Bool(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<Requirement>, E> {
        Ok(self.not_one(Found::Null))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Requirement>, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(self.not_one(Found::Object))
    }
}

impl OneRequirement<'_, '_> {
    /// Reports a requirement of the wrong type.
    fn not_one(self, found: Found) -> Option<Requirement> {
        self.0.wrong_type(found, REQUIREMENT);
        None
    }
}
