//! The JSON-shape rules, as tolerant readers of values: a value of the wrong type, a key
//! the format does not have, a key given twice and a required key left out are each
//! reported where they are, and the read goes on. Only broken JSON syntax stops it.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::Reader;
use crate::problem::{Kind, Step};

/// What a value was when it was not what the format wants.
#[derive(Debug, Clone)]
pub(crate) enum Found {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Bool(bool),
    Str(String),
    Null,
    List,
    Object,
}

impl fmt::Display for Found {
    /// As serde_json writes it: ``integer `7` ``, `string "x"`, `null`, `sequence`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use de::Unexpected;
        let text = crate::problem::shorten_quoted;
        match self {
            Found::Unsigned(v) => write!(f, "{}", Unexpected::Unsigned(*v)),
            Found::Signed(v) => write!(f, "{}", Unexpected::Signed(*v)),
            Found::Float(v) => write!(f, "{}", Unexpected::Float(*v)),
            Found::Bool(v) => write!(f, "{}", Unexpected::Bool(*v)),
            Found::Str(s) => f.write_str(&text(&Unexpected::Str(s).to_string())),
            Found::Null => f.write_str("null"),
            Found::List => f.write_str("sequence"),
            Found::Object => f.write_str("map"),
        }
    }
}

/// A value read whatever its type: a string or a number as such, anything else as what
/// it was (a list or an object is skipped whole).
pub(crate) enum Scalar<'de> {
    Str(Cow<'de, str>),
    Num(f64),
    Other(Found),
}

pub(crate) struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Num(v as f64))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Num(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Num(v))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Other(Found::Bool(v)))
    }
    fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Other(Found::Null))
    }
    fn visit_none<E>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Other(Found::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other(Found::List))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other(Found::Object))
    }
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

impl Scalar<'_> {
    /// What the value is, for a wrong-type message.
    pub(crate) fn found(self) -> Found {
        match self {
            Scalar::Str(s) => Found::Str(s.into_owned()),
            Scalar::Num(v) if v.fract() == 0.0 && v.abs() < 1e15 && v >= 0.0 => {
                Found::Unsigned(v as u64)
            }
            Scalar::Num(v) if v.fract() == 0.0 && v.abs() < 1e15 => Found::Signed(v as i64),
            Scalar::Num(v) => Found::Float(v),
            Scalar::Other(found) => found,
        }
    }
}

/// Whether a field may be `null` (read as left out).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Null {
    Absent,
    WrongType,
}

impl<'c> Reader<'c> {
    /// A problem of the JSON type of the value at the current path.
    pub(crate) fn wrong_type(&mut self, found: Found, expected: &'static str) {
        self.problem(Kind::WrongType {
            found: found.to_string(),
            expected,
        });
    }

    /// The string at the current path: `None` when it is `null` and `null` is allowed,
    /// or (reported) when it is not a string.
    pub(crate) fn string<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        null: Null,
    ) -> Result<Option<Cow<'de, str>>, A::Error> {
        Ok(match map.next_value::<Scalar<'de>>()? {
            Scalar::Str(s) => Some(s),
            Scalar::Other(Found::Null) if null == Null::Absent => None,
            other => {
                self.wrong_type(other.found(), "a string");
                None
            }
        })
    }

    /// The number at the current path, as [`Reader::string`].
    pub(crate) fn number<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        null: Null,
    ) -> Result<Option<f64>, A::Error> {
        Ok(match map.next_value::<Scalar<'de>>()? {
            Scalar::Num(v) => Some(v),
            Scalar::Other(Found::Null) if null == Null::Absent => None,
            other => {
                self.wrong_type(other.found(), "a number");
                None
            }
        })
    }

    /// A list of strings at the current path; elements of the wrong type are reported
    /// and left out, and each string is given to `each` with its position.
    pub(crate) fn strings<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        each: &mut dyn FnMut(&mut Reader<'c>, usize, Cow<'de, str>),
    ) -> Result<(), A::Error> {
        map.next_value_seed(StringList { r: self, each })
    }

    /// The object at the current path, read by `E`; `None` (reported) when it is not an
    /// object.
    pub(crate) fn object<'de, E: Element, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
    ) -> Result<Option<E::Out>, A::Error> {
        map.next_value_seed(ObjectSeed::<E>(self, PhantomData))
    }

    /// The list of objects at the current path, each read by `E`, collected in place
    /// (`None` for an element that is not an object, reported).
    pub(crate) fn collect<'de, E: Element, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
    ) -> Result<Vec<Option<E::Out>>, A::Error> {
        map.next_value_seed(Collect::<E>(self, PhantomData))
    }

    /// The list of objects at the current path, each read by `E`.
    pub(crate) fn list<'de, E: Element<Out = ()>, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
    ) -> Result<(), A::Error> {
        map.next_value_seed(ListSeed::<E>(self, PhantomData))
    }
}

/// An object of the format, read field by field from a JSON object.
pub(crate) trait Element {
    /// What reading one gives (a list's elements give nothing: they are stored as read).
    type Out;
    /// Reads the object; the reader's path is the object's.
    fn read<'de, A: MapAccess<'de>>(r: &mut Reader<'_>, map: A) -> Result<Self::Out, A::Error>;
}

/// Implements the visits of the JSON types a visitor does not want, as a wrong type giving
/// `Default::default()`: strings, numbers and booleans always; `null`, lists and objects
/// when listed (`unit`, `seq`, `map`). `$r` is the visitor's field holding the reader.
macro_rules! wrong_types {
    ($r:tt, $value:ty, $expected:literal, $($also:ident)*) => {
        fn visit_borrowed_str<Er: de::Error>(self, v: &'de str) -> Result<$value, Er> {
            not_a(self.$r, Scalar::Str(Cow::Borrowed(v)), $expected)
        }
        fn visit_str<Er: de::Error>(self, v: &str) -> Result<$value, Er> {
            not_a(self.$r, Scalar::Str(Cow::Owned(v.to_owned())), $expected)
        }
        fn visit_u64<Er: de::Error>(self, v: u64) -> Result<$value, Er> {
            not_a(self.$r, Scalar::Other(Found::Unsigned(v)), $expected)
        }
        fn visit_i64<Er: de::Error>(self, v: i64) -> Result<$value, Er> {
            not_a(self.$r, Scalar::Other(Found::Signed(v)), $expected)
        }
        fn visit_f64<Er: de::Error>(self, v: f64) -> Result<$value, Er> {
            not_a(self.$r, Scalar::Other(Found::Float(v)), $expected)
        }
        fn visit_bool<Er: de::Error>(self, v: bool) -> Result<$value, Er> {
            not_a(self.$r, Scalar::Other(Found::Bool(v)), $expected)
        }
        $(wrong_types!(@$also $r, $value, $expected);)*
    };
    (@unit $r:tt, $value:ty, $expected:literal) => {
        fn visit_unit<Er: de::Error>(self) -> Result<$value, Er> {
            not_a(self.$r, Scalar::Other(Found::Null), $expected)
        }
    };
    (@seq $r:tt, $value:ty, $expected:literal) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<$value, A::Error> {
            not_a(self.$r, ScalarVisitor.visit_seq(seq)?, $expected)
        }
    };
    (@map $r:tt, $value:ty, $expected:literal) => {
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$value, A::Error> {
            not_a(self.$r, ScalarVisitor.visit_map(map)?, $expected)
        }
    };
}

struct StringList<'r, 'c, 'f, 'de> {
    r: &'r mut Reader<'c>,
    each: &'f mut dyn FnMut(&mut Reader<'c>, usize, Cow<'de, str>),
}

impl<'de> DeserializeSeed<'de> for StringList<'_, '_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StringList<'_, '_, '_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of strings")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut k = 0;
        while let Some(value) = seq.next_element::<Scalar<'de>>()? {
            self.r.path.push(Step::Index(k));
            match value {
                Scalar::Str(s) => (self.each)(self.r, k, s),
                other => self.r.wrong_type(other.found(), "a string"),
            }
            self.r.path.pop();
            k += 1;
        }
        Ok(())
    }
    wrong_types!(r, (), "a list", unit map);
}

pub(crate) use wrong_types;

/// Reports a value that is not what `expected` says.
pub(crate) fn not_a<T: Default, E>(
    r: &mut Reader<'_>,
    value: Scalar<'_>,
    expected: &'static str,
) -> Result<T, E> {
    r.wrong_type(value.found(), expected);
    Ok(T::default())
}

struct ObjectSeed<'r, 'c, E>(&'r mut Reader<'c>, PhantomData<E>);

impl<'de, E: Element> DeserializeSeed<'de> for ObjectSeed<'_, '_, E> {
    type Value = Option<E::Out>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<E::Out>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, E: Element> Visitor<'de> for ObjectSeed<'_, '_, E> {
    type Value = Option<E::Out>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<E::Out>, A::Error> {
        E::read(self.0, map).map(Some)
    }
    wrong_types!(0, Option<E::Out>, "an object", unit seq);
}

struct ListSeed<'r, 'c, E>(&'r mut Reader<'c>, PhantomData<E>);

impl<'de, E: Element<Out = ()>> DeserializeSeed<'de> for ListSeed<'_, '_, E> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, E: Element<Out = ()>> Visitor<'de> for ListSeed<'_, '_, E> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            self.0.path.push(Step::Index(i));
            let more = seq
                .next_element_seed(ObjectSeed::<E>(&mut *self.0, PhantomData))?
                .is_some();
            self.0.path.pop();
            if !more {
                return Ok(());
            }
            i += 1;
        }
    }
    wrong_types!(0, (), "a list", unit map);
}

struct Collect<'r, 'c, E>(&'r mut Reader<'c>, PhantomData<E>);

impl<'de, E: Element> DeserializeSeed<'de> for Collect<'_, '_, E> {
    type Value = Vec<Option<E::Out>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, E: Element> Visitor<'de> for Collect<'_, '_, E> {
    type Value = Vec<Option<E::Out>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        loop {
            self.0.path.push(Step::Index(out.len()));
            let next = seq.next_element_seed(ObjectSeed::<E>(&mut *self.0, PhantomData));
            self.0.path.pop();
            match next? {
                None => return Ok(out),
                Some(element) => out.push(element),
            }
        }
    }
    wrong_types!(0, Vec<Option<E::Out>>, "a list", unit map);
}

/// The top-level object of a document, read by `E`: `None` (reported) when it is not an
/// object.
pub(crate) fn top<'de, E: Element, D: Deserializer<'de>>(
    r: &mut Reader<'_>,
    d: D,
) -> Result<Option<E::Out>, D::Error> {
    ObjectSeed::<E>(r, PhantomData).deserialize(d)
}

/// The top-level object of a document, read by `E`.
pub(crate) struct Top<'r, 'c, E>(pub(crate) &'r mut Reader<'c>, pub(crate) PhantomData<E>);

impl<'de, E: Element<Out = ()>> DeserializeSeed<'de> for Top<'_, '_, E> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        ObjectSeed::<E>(self.0, PhantomData)
            .deserialize(d)
            .map(drop)
    }
}

/// The keys of one object as they are read: each known key once, the others reported.
pub(crate) struct Fields {
    names: &'static [&'static str],
    /// Bit `i` is set once `names[i]` has been read.
    read: u64,
    /// Whether the current key is on the reader's path.
    entered: bool,
    /// Where the next key is looked for first: after the last one read, as documents
    /// mostly write an object's keys in one order.
    next: usize,
}

impl Fields {
    pub(crate) fn of(names: &'static [&'static str]) -> Fields {
        debug_assert!(names.len() <= 64);
        Fields {
            names,
            read: 0,
            entered: false,
            next: 0,
        }
    }

    /// The next known key read for the first time, with the reader's path at its value;
    /// `None` at the end of the object. Unknown and repeated keys are reported and their
    /// values skipped.
    pub(crate) fn next<'de, A: MapAccess<'de>>(
        &mut self,
        r: &mut Reader<'_>,
        map: &mut A,
    ) -> Result<Option<&'static str>, A::Error> {
        if std::mem::take(&mut self.entered) {
            r.path.pop();
        }
        while let Some(key) = map.next_key::<Scalar<'de>>()? {
            // JSON keys are strings.
            let Scalar::Str(key) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let Some(at) = self.find(&key) else {
                r.problem(Kind::UnknownField {
                    field: key.into_owned(),
                    expected: self.names,
                });
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let name = self.names[at];
            if self.read & (1 << at) != 0 {
                r.problem(Kind::DuplicateField(name));
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            self.read |= 1 << at;
            self.next = at + 1;
            r.path.push(Step::from(name));
            self.entered = true;
            return Ok(Some(name));
        }
        Ok(None)
    }

    /// The position of `key` among the names.
    fn find(&self, key: &str) -> Option<usize> {
        match self.names.get(self.next) {
            Some(&n) if n == key => Some(self.next),
            _ => self.names.iter().position(|&n| n == key),
        }
    }

    /// Reports each of `required` that was not read, at the object's path.
    pub(crate) fn require(&self, r: &mut Reader<'_>, required: &[&'static str]) {
        for &name in required {
            if !self.has(name) {
                r.problem(Kind::MissingField(name));
            }
        }
    }

    /// Whether `name` was read.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.names
            .iter()
            .position(|n| *n == name)
            .is_some_and(|at| self.read & (1 << at) != 0)
    }
}

/// An object read by `E`, or `null` (read as left out): `None` for `null` and for a
/// value of another type (reported).
pub(crate) struct Nullable<'r, 'c, E>(&'r mut Reader<'c>, PhantomData<E>);

impl<'r, 'c, E> Nullable<'r, 'c, E> {
    pub(crate) fn new(r: &'r mut Reader<'c>) -> Self {
        Nullable(r, PhantomData)
    }
}

impl<'de, E: Element<Out = Option<T>>, T> DeserializeSeed<'de> for Nullable<'_, '_, E> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, E: Element<Out = Option<T>>, T> Visitor<'de> for Nullable<'_, '_, E> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object or null")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        E::read(self.0, map)
    }
    fn visit_unit<E2: de::Error>(self) -> Result<Option<T>, E2> {
        Ok(None)
    }
    fn visit_none<E2: de::Error>(self) -> Result<Option<T>, E2> {
        Ok(None)
    }
    wrong_types!(0, Option<T>, "an object", seq);
}
