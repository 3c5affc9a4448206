//! The chain template: what an industry chain is made of (segments, products, and the
//! requirements that say which products each product is made from).

use std::fmt;
use std::io::Write;

use serde::de::{self, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Result;
pub use crate::name::Name;

/// The `format` string of a chain template.
pub const CHAIN_FORMAT: &str = "chain@1";

/// A segment of the chain (钒资源开发, 关键材料, ...). Segments are ordered upstream →
/// downstream by their place in [`Chain::segments`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Segment {
    /// The segment's id.
    pub id: String,
    /// Its name.
    pub name: Name,
}

/// One requirement of a product: a single input, or a group of alternatives any one of
/// which satisfies it. In JSON a single input is a string and alternatives are an array.
///
/// ```
/// use vrfb_chain::Requirement;
/// let one: Requirement = serde_json::from_str(r#""membrane""#).unwrap();
/// let any: Requirement = serde_json::from_str(r#"["vanadium-slag", "stone-coal"]"#).unwrap();
/// assert_eq!(one.alternatives(), ["membrane"]);
/// assert_eq!(any.alternatives(), ["vanadium-slag", "stone-coal"]);
/// assert!(any.accepts("stone-coal"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Requirement {
    /// Exactly this product.
    One(String),
    /// Any one of these products (written as a JSON array; may hold one id).
    AnyOf(Vec<String>),
}

impl Requirement {
    /// The alternatives, in the order the template lists them (one for [`Requirement::One`]).
    pub fn alternatives(&self) -> &[String] {
        match self {
            Requirement::One(id) => std::slice::from_ref(id),
            Requirement::AnyOf(ids) => ids,
        }
    }

    /// Whether `product` satisfies this requirement.
    pub fn accepts(&self, product: &str) -> bool {
        self.alternatives().iter().any(|a| a == product)
    }
}

impl Serialize for Requirement {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Requirement::One(id) => s.serialize_str(id),
            Requirement::AnyOf(ids) => {
                let mut seq = s.serialize_seq(Some(ids.len()))?;
                for id in ids {
                    seq.serialize_element(id)?;
                }
                seq.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Requirement {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Requirement, D::Error> {
        struct RequirementVisitor;
        impl<'de> Visitor<'de> for RequirementVisitor {
            type Value = Requirement;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a product id or an array of alternative product ids")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Requirement, E> {
                Ok(Requirement::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Requirement, A::Error> {
                let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(2));
                while let Some(id) = seq.next_element::<String>()? {
                    ids.push(id);
                }
                Ok(Requirement::AnyOf(ids))
            }
        }
        d.deserialize_any(RequirementVisitor)
    }
}

/// A product of the chain: something a firm makes, operates or provides.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Product {
    /// The product's id.
    pub id: String,
    /// The id of the segment it belongs to.
    pub segment: String,
    /// Its name.
    pub name: Name,
    /// What the product covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its requirements: all are needed, each met by any of its alternatives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Requirement>,
}

/// A chain template (`chain@1`): the segments, upstream first, and the products with
/// their requirements.
///
/// Loading validates every rule of the spec and reports all problems at once.
///
/// ```
/// use vrfb_chain::Chain;
/// let chain = Chain::from_json_str(r#"{
///   "format": "chain@1", "id": "demo", "name": {"en": "Demo"},
///   "segments": [{"id": "up", "name": {"en": "Up"}}, {"id": "down", "name": {"en": "Down"}}],
///   "products": [
///     {"id": "ore", "segment": "up", "name": {"en": "Ore"}},
///     {"id": "metal", "segment": "down", "name": {"en": "Metal"}, "inputs": ["ore"]}
///   ]}"#).unwrap();
/// assert_eq!(chain.product("metal").unwrap().inputs.len(), 1);
/// assert_eq!(chain.segment_of("ore").unwrap().id, "up");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chain {
    /// The chain's id; a dataset's `chain` names it.
    pub id: String,
    /// Its name.
    pub name: Name,
    /// The segments, ordered upstream → downstream.
    pub segments: Vec<Segment>,
    /// The products, in display order.
    pub products: Vec<Product>,
}

#[derive(Serialize)]
struct ChainDocRef<'a> {
    format: &'static str,
    id: &'a str,
    name: &'a Name,
    segments: &'a [Segment],
    products: &'a [Product],
}

impl Serialize for Chain {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        ChainDocRef {
            format: CHAIN_FORMAT,
            id: &self.id,
            name: &self.name,
            segments: &self.segments,
            products: &self.products,
        }
        .serialize(s)
    }
}

impl Chain {
    /// Writes the template as indented JSON.
    ///
    /// # Errors
    /// [`Error::Io`](crate::Error::Io) when writing fails.
    pub fn to_writer<W: Write>(&self, writer: W) -> Result<()> {
        crate::write::pretty(writer, self)
    }

    /// The template as indented JSON text.
    pub fn to_json_string(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and the value holds only strings and arrays.
        let _ = self.to_writer(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// The product with this id.
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The segment with this id.
    pub fn segment(&self, id: &str) -> Option<&Segment> {
        self.segments.iter().find(|s| s.id == id)
    }

    /// The segment a product belongs to.
    pub fn segment_of(&self, product: &str) -> Option<&Segment> {
        self.product(product).and_then(|p| self.segment(&p.segment))
    }
}
