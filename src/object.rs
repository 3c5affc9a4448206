//! Documents' objects are JSON objects: serde's derived structs also accept a JSON array of
//! the fields in order (`["leader", {"en": "Leader"}, "zone-a"]` for a firm), which would
//! let a malformed document load. The types of the formats deserialize through [`object`]
//! instead, which accepts a JSON object only.

use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::Deserializer;

/// A type whose derived field-by-field deserializer is an inherent function (made with
/// `#[serde(remote = "Self")]`).
pub(crate) trait FromFields<'de>: Sized {
    fn from_fields<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: FromFields<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_fields(MapAccessDeserializer::new(map))
    }
}

/// Deserializes `T` from a JSON object, and from nothing else.
pub(crate) fn object<'de, D: Deserializer<'de>, T: FromFields<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

/// Implements `Deserialize` (object only) for a type marked `#[serde(remote = "Self")]`,
/// and `Serialize` too when asked, both forwarding to the derived inherent functions.
macro_rules! object_only {
    ($t:ty) => {
        impl<'de> $crate::object::FromFields<'de> for $t {
            fn from_fields<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$t>::deserialize(d)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::object::object(d)
            }
        }
    };
    ($t:ty, serialize) => {
        object_only!($t);

        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$t>::serialize(self, s)
            }
        }
    };
}

pub(crate) use object_only;

#[cfg(test)]
mod tests {
    use crate::Name;

    #[test]
    fn objects_load_and_arrays_do_not() {
        let name: Name = serde_json::from_str(r#"{"zh": "钒"}"#).unwrap();
        assert_eq!(name.zh.as_deref(), Some("钒"));
        let err = serde_json::from_str::<Name>(r#"["钒", "V"]"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid type: sequence, expected a JSON object at line 1 column 0"
        );
        assert_eq!(serde_json::to_string(&name).unwrap(), r#"{"zh":"钒"}"#);
    }
}
