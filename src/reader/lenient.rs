//! Every shape problem of a document that serde's derived readers read (a gap report, a
//! report diff), at once, where serde stops at the first.
//!
//! A valid document is parsed once, by the derived reader itself. A document it refuses
//! for a value (not for its syntax, which stops the read) is parsed again into a
//! [`Value`] and read by the derived reader through [`At`], a deserializer that knows
//! where it is: it reports each unknown key and goes on without it, and marks where the
//! read failed. That place is then left out, and the read repeated, until it succeeds or
//! nothing is left to leave out: a list's element is left out whole; a key left out that
//! its object needs fails the object, which is then left out in its turn without a second
//! problem. Each round finds one problem more, up to [`MOST_ROUNDS`] (fewer for a very
//! large document, see [`rounds_for`]); a round is linear
//! in the document.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess};
use serde::de::{IntoDeserializer, Visitor};
use serde_json::Value;

use super::locate;
use crate::error::{Document, Error};
use crate::problem::{Kind, Location, Problem, Step};

/// At most this many rounds are read, each finding one problem.
pub(crate) const MOST_ROUNDS: usize = 100;

/// What a document read here is: its kind, its `format` and where a `T` has it, and how
/// to make one of this format from one of another (the advice to a wrong `format`).
pub(crate) struct Format<T> {
    pub(crate) document: Document,
    pub(crate) format: &'static str,
    pub(crate) format_of: fn(&T) -> &str,
    pub(crate) remake: &'static str,
}

/// Reads `bytes` as a `T` of `format`: every problem at once, each at its place with its
/// line and column; only a `format` of another kind or version, which makes the rest of
/// the document another's, is reported alone, with the advice to make it again.
pub(crate) fn from_slice<T: DeserializeOwned>(
    bytes: &[u8],
    format: &Format<T>,
) -> Result<T, Error> {
    let Format {
        document,
        format,
        format_of,
        remake,
    } = *format;
    let bytes = crate::read::without_bom(bytes);
    let first = match serde_json::from_slice::<T>(bytes) {
        Ok(read) if format_of(&read) == format => return Ok(read),
        Ok(_) => None,
        Err(e) if e.is_data() => Some(e),
        Err(e) => return Err(Error::json_in(document, e, bytes)),
    };
    let text = std::str::from_utf8(bytes)
        .map_err(|e| super::not_utf8(bytes, e.valid_up_to(), document))?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| Error::json_in(document, e, bytes))?;
    let mut problems = match other_format(&value, format) {
        Some(problem) => vec![problem.with_advice(remake)],
        None => every_problem::<T>(&value, bytes.len()),
    };
    if let (true, Some(first)) = (problems.is_empty(), first) {
        // Only a key given twice, which a `Value` keeps once: serde's own message says it.
        return Err(Error::json_in(document, first, bytes));
    }
    locate::every_position(text, &mut problems);
    // In the order of the text; what the text lacks at its place, after it.
    problems.sort_by_cached_key(|p| {
        let at = p.location().position().unwrap_or((usize::MAX, usize::MAX));
        (at, p.location().steps().to_vec())
    });
    Err(Error::Invalid {
        file: None,
        document,
        problems,
    })
}

/// The problem of a top-level `format` that is a string other than `format`.
fn other_format(value: &Value, format: &'static str) -> Option<Problem> {
    let found = value.get("format")?.as_str()?;
    (found != format).then(|| {
        let kind = Kind::UnknownFormat {
            found: found.to_string(),
            expected: format,
        };
        Problem::at(Location::of(vec![Step::Key(Cow::Borrowed("format"))]), kind)
    })
}

fn key(text: &str) -> Step {
    Step::Key(Cow::Owned(text.to_string()))
}

/// What the rounds of a read share: the places left out, the unknown keys found, and
/// where the current round failed.
#[derive(Default)]
struct Round {
    left_out: std::collections::HashSet<Vec<Step>>,
    unknown: Vec<Problem>,
    seen: std::collections::HashSet<(Vec<Step>, String)>,
    failed: Option<(Vec<Step>, Kind)>,
}

impl Round {
    fn leaves_out(&self, path: &[Step]) -> bool {
        !self.left_out.is_empty() && self.left_out.contains(path)
    }

    /// Notes where a read failed: the first to note it is the deepest.
    fn note<T>(&mut self, path: &[Step], read: Result<T, Shape>) -> Result<T, Shape> {
        if let (Err(e), None) = (&read, &self.failed) {
            self.failed = Some((path.to_vec(), e.0.clone()));
        }
        read
    }

    fn unknown_key(&mut self, path: &[Step], field: &str, expected: &'static [&'static str]) {
        if self.seen.insert((path.to_vec(), field.to_string())) {
            let kind = Kind::UnknownField {
                field: field.to_string(),
                expected,
            };
            self.unknown
                .push(Problem::at(Location::of(path.to_vec()), kind));
        }
    }
}

/// The rounds a document of `len` bytes is read in at most: [`MOST_ROUNDS`], and fewer
/// for a document so large that they would read more than [`MOST_READ`] bytes in all
/// (ten rounds of a 41 MB national report take 3.6–5.1 s), but never fewer than 5.
fn rounds_for(len: usize) -> usize {
    (MOST_READ / len.max(1)).clamp(5, MOST_ROUNDS)
}

/// The bytes the rounds of one read read at most, in all (see [`rounds_for`]).
const MOST_READ: usize = 400 << 20;

/// The problems of `value`, a document of `len` bytes, read as a `T`, round after round
/// (see the module's docs); when the rounds run out before the read succeeds, a last
/// problem says that there may be more.
fn every_problem<T: DeserializeOwned>(value: &Value, len: usize) -> Vec<Problem> {
    let round = RefCell::new(Round::default());
    let mut problems: Vec<Problem> = Vec::new();
    let rounds = rounds_for(len);
    for n in 1..=rounds {
        let read = T::deserialize(At {
            value,
            path: Vec::new(),
            round: &round,
        });
        let mut r = round.borrow_mut();
        let failed = r.failed.take();
        let (path, kind) = match (read, failed) {
            (Ok(_), _) => break,
            (Err(_), Some(failed)) => failed,
            (Err(e), None) => (Vec::new(), e.0),
        };
        // A key left out that its object needs is no second problem.
        let below = |p: &Vec<Step>| p.len() > path.len() && p.starts_with(&path);
        if !r.left_out.iter().any(below) {
            problems.push(Problem::at(Location::of(path.clone()), kind));
        }
        if path.is_empty() {
            break;
        }
        r.left_out.insert(path);
        if n == rounds {
            let more = format!(
                "the check stopped after {} problems, and there may be more: correct \
                 these and check the document again",
                problems.len()
            );
            problems.push(Problem::at(Location::root(), Kind::Other(more)));
        }
    }
    problems.append(&mut round.into_inner().unknown);
    problems
}

/// serde's errors, typed as the problems they become.
#[derive(Debug)]
struct Shape(Kind);

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Shape {}

impl de::Error for Shape {
    fn custom<T: fmt::Display>(message: T) -> Shape {
        Shape(Kind::BadValue(message.to_string()))
    }
    fn invalid_type(found: de::Unexpected<'_>, expected: &dyn de::Expected) -> Shape {
        // A JSON null, as serde_json says it.
        let found = match found {
            de::Unexpected::Unit => de::Unexpected::Other("null"),
            other => other,
        };
        Shape(Kind::BadValue(format!(
            "invalid type: {found}, expected {expected}"
        )))
    }
    fn missing_field(field: &'static str) -> Shape {
        Shape(Kind::MissingField(field))
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Shape {
        Shape(Kind::UnknownField {
            field: field.to_string(),
            expected,
        })
    }
    fn duplicate_field(field: &'static str) -> Shape {
        Shape(Kind::DuplicateField(field))
    }
}

/// A value of the document, where it is, and the round it is read in.
struct At<'de, 'r> {
    value: &'de Value,
    path: Vec<Step>,
    round: &'r RefCell<Round>,
}

impl<'de, 'r> At<'de, 'r> {
    fn below(&self, step: Step, value: &'de Value) -> At<'de, 'r> {
        let mut path = self.path.clone();
        path.push(step);
        At {
            value,
            path,
            round: self.round,
        }
    }

    fn note<T>(&self, read: Result<T, Shape>) -> Result<T, Shape> {
        self.round.borrow_mut().note(&self.path, read)
    }
}

impl<'de> Deserializer<'de> for At<'de, '_> {
    type Error = Shape;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Shape> {
        let read = match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                (None, None) => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visitor.visit_seq(Elements {
                at: &self,
                items: items.iter().enumerate(),
            }),
            Value::Object(map) => visitor.visit_map(Entries {
                at: &self,
                entries: map.iter(),
                fields: None,
                next: None,
            }),
        };
        self.note(read)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Shape> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Shape> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Shape> {
        let Value::Object(map) = self.value else {
            return self.deserialize_any(visitor);
        };
        let read = visitor.visit_map(Entries {
            at: &self,
            entries: map.iter(),
            fields: Some(fields),
            next: None,
        });
        self.note(read)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Shape> {
        let Value::String(s) = self.value else {
            return self.deserialize_any(visitor);
        };
        let read = visitor.visit_enum(BorrowedStrDeserializer::<Shape>::new(s));
        self.note(read)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// The elements of a list, without those left out.
struct Elements<'a, 'de, 'r> {
    at: &'a At<'de, 'r>,
    items: std::iter::Enumerate<std::slice::Iter<'de, Value>>,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de, '_> {
    type Error = Shape;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Shape> {
        for (i, value) in self.items.by_ref() {
            let at = self.at.below(Step::Index(i), value);
            if self.at.round.borrow().leaves_out(&at.path) {
                continue;
            }
            let path = at.path.clone();
            let read = seed.deserialize(at);
            return self.at.round.borrow_mut().note(&path, read).map(Some);
        }
        Ok(None)
    }
}

/// The entries of an object, without those left out; a struct's (`fields` given) without
/// the keys it does not have, each reported.
struct Entries<'a, 'de, 'r> {
    at: &'a At<'de, 'r>,
    entries: serde_json::map::Iter<'de>,
    fields: Option<&'static [&'static str]>,
    next: Option<At<'de, 'r>>,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de, '_> {
    type Error = Shape;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Shape> {
        for (name, value) in self.entries.by_ref() {
            let at = self.at.below(key(name), value);
            let mut round = self.at.round.borrow_mut();
            if round.leaves_out(&at.path) {
                continue;
            }
            if let Some(fields) = self.fields.filter(|f| !f.contains(&name.as_str())) {
                round.unknown_key(&self.at.path, name, fields);
                continue;
            }
            drop(round);
            self.next = Some(at);
            return seed
                .deserialize(name.as_str().into_deserializer())
                .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Shape> {
        let Some(at) = self.next.take() else {
            return Err(de::Error::custom("a value without its key"));
        };
        let path = at.path.clone();
        let read = seed.deserialize(at);
        self.at.round.borrow_mut().note(&path, read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        format: String,
        counts: Vec<u32>,
        inner: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        name: String,
    }

    const DOC: Format<Doc> = Format {
        document: Document::Report,
        format: "doc@1",
        format_of: |d: &Doc| &d.format,
        remake: "make it again",
    };

    fn lines(text: &str) -> Vec<String> {
        from_slice(text.as_bytes(), &DOC).map_or_else(|e| e.lines(), |_| Vec::new())
    }

    #[test]
    fn each_problem_once_in_the_order_of_the_text() {
        let text =
            r#"{"format": "doc@1", "counts": [1, "2", 3, -4], "inner": {"nmae": "x"}, "x": 1}"#;
        assert_eq!(
            lines(text),
            [
                r#"gap report: counts[1]: invalid type: string "2", expected u32 (line 1, column 35)"#,
                "gap report: counts[3]: invalid value: integer `-4`, expected u32 (line 1, column 43)",
                "gap report: inner: missing field `name` (line 1, column 57)",
                "gap report: inner: unknown field `nmae`, expected `name` (line 1, column 58)",
                "gap report: unknown field `x`, expected one of `format`, `counts`, `inner` (line 1, column 72)",
            ]
        );
    }

    #[test]
    fn another_format_is_the_one_problem() {
        assert_eq!(
            lines(r#"{"format": "doc@0", "counts": "none"}"#),
            ["gap report: format: unknown format `doc@0`, expected `doc@1`; make it again (line 1, column 12)"]
        );
    }

    #[test]
    fn a_check_that_stops_says_so() {
        let bad = vec![r#""x""#; MOST_ROUNDS + 20].join(", ");
        let lines = lines(&format!(r#"{{"format": "doc@1", "counts": [{bad}]}}"#));
        assert_eq!(lines.len(), MOST_ROUNDS + 1);
        assert!(
            lines[MOST_ROUNDS - 1].starts_with(&format!("gap report: counts[{}]", MOST_ROUNDS - 1))
        );
        assert_eq!(
            lines[MOST_ROUNDS],
            format!("gap report: the check stopped after {MOST_ROUNDS} problems, and there may be more: correct these and check the document again")
        );
        assert_eq!(rounds_for(1 << 10), MOST_ROUNDS);
        assert_eq!(rounds_for(64 << 20), 6);
        assert_eq!(rounds_for(1 << 40), 5);
    }

    #[test]
    fn a_valid_document_and_broken_syntax() {
        let read = |text: &str| from_slice(text.as_bytes(), &DOC).unwrap();
        let doc = read(r#"{"format": "doc@1", "counts": [1], "inner": null}"#);
        assert_eq!((doc.counts, doc.inner.is_none()), (vec![1], true));
        let doc = read(r#"{"format": "doc@1", "counts": [], "inner": {"name": "x"}}"#);
        assert_eq!(doc.inner.map(|i| i.name).as_deref(), Some("x"));
        let broken = from_slice(br#"{"format": "doc@1", "counts": [1,"#, &DOC).unwrap_err();
        assert!(matches!(broken, Error::Json { line: 1, .. }), "{broken}");
    }
}
