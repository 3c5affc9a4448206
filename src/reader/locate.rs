//! The line and column of the values that JSON-shape problems are about, found after the
//! read (serde gives a visitor no position): a small scanner follows each problem's path
//! through the text. It runs only when there are such problems.

use crate::problem::{Kind, Problem, Step};

/// At most this many problems are given a position: each costs a scan of the text.
const MOST: usize = 1000;

/// Gives the JSON-shape problems (wrong type, unknown, repeated or missing key) the line
/// and column of what they are about.
pub(crate) fn positions(text: &str, problems: &mut [Problem]) {
    place(text, problems, false);
}

/// Gives every problem a line and column: a key's for a key's problem, the value's at
/// its path for any other (a document read by serde's derived readers, whose every rule
/// is about a value's shape).
pub(crate) fn every_position(text: &str, problems: &mut [Problem]) {
    place(text, problems, true);
}

fn place(text: &str, problems: &mut [Problem], every: bool) {
    let mut located = 0;
    for p in problems.iter_mut() {
        if located == MOST {
            return;
        }
        let target = match p.kind() {
            Kind::WrongType { .. } => Target::Value,
            Kind::UnknownField { field, .. } => Target::Key(field.clone(), 0),
            Kind::DuplicateField(field) => Target::Key(field.to_string(), 1),
            Kind::MissingField(_) => Target::Value,
            // A note on the read as a whole (that it stopped) is at no value.
            Kind::Other(_) => continue,
            _ if every => Target::Value,
            _ => continue,
        };
        let Some(offset) = find(text.as_bytes(), p.location().steps(), &target) else {
            continue;
        };
        located += 1;
        let (line, column) = line_and_column(text, offset);
        let location = p.location().clone().at_position(line, column);
        *p.location_mut() = location;
    }
}

/// What to find at the end of a path: the value, or the `n`th (0-based) occurrence of a
/// key of the object there.
enum Target {
    Value,
    Key(String, usize),
}

/// The 1-based line and column (in characters) of byte `at`.
fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let head = &text[..at];
    let line = head.matches('\n').count() + 1;
    let start = head.rfind('\n').map_or(0, |i| i + 1);
    (line, head[start..].chars().count() + 1)
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The end of the string starting at `i` (its opening quote).
fn string_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// The end of the value starting at `i`.
fn value_end(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => string_end(b, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            j
        }
    }
}

/// The key of the string at `i..end`, unescaped.
fn key_text(b: &[u8], i: usize, end: usize) -> Option<String> {
    serde_json::from_slice(&b[i..end]).ok()
}

/// Walks the members of the object at `i`, calling `visit` with each key, where the key
/// starts and where its value starts, until `visit` says to stop.
fn members(b: &[u8], i: usize, mut visit: impl FnMut(&str, usize, usize) -> bool) -> Option<()> {
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut j = skip_space(b, i + 1);
    while b.get(j) == Some(&b'"') {
        let key_end = string_end(b, j);
        let key = key_text(b, j, key_end)?;
        let colon = skip_space(b, key_end);
        let value = skip_space(b, colon + 1);
        if visit(&key, j, value) {
            return Some(());
        }
        j = skip_space(b, value_end(b, value));
        if b.get(j) == Some(&b',') {
            j = skip_space(b, j + 1);
        }
    }
    None
}

/// The start of element `n` of the list at `i`.
fn element(b: &[u8], i: usize, n: usize) -> Option<usize> {
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let mut j = skip_space(b, i + 1);
    for _ in 0..n {
        j = skip_space(b, value_end(b, j));
        if b.get(j) != Some(&b',') {
            return None;
        }
        j = skip_space(b, j + 1);
    }
    (b.get(j) != Some(&b']')).then_some(j)
}

/// The byte offset of the target at the end of `steps`.
fn find(b: &[u8], steps: &[Step], target: &Target) -> Option<usize> {
    let mut at = skip_space(b, 0);
    for step in steps {
        at = match step {
            Step::Index(n) => element(b, at, *n)?,
            Step::Key(key) => {
                let mut found = None;
                members(b, at, |k, _, value| {
                    let hit = k == key.as_ref();
                    if hit {
                        found = Some(value);
                    }
                    hit
                });
                found?
            }
        };
    }
    match target {
        Target::Value => Some(at),
        Target::Key(key, n) => {
            let (mut seen, mut found) = (0, None);
            members(b, at, |k, start, _| {
                if k == key {
                    if seen == *n {
                        found = Some(start);
                        return true;
                    }
                    seen += 1;
                }
                false
            });
            found
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Location;

    fn position(text: &str, path: &str, kind: Kind) -> Option<(usize, usize)> {
        let mut problems = [Problem::at(Location::parse(path), kind)];
        positions(text, &mut problems);
        problems[0].location().position()
    }

    #[test]
    fn values_and_keys_are_found_along_the_path() {
        let text = "{\"a\": 1,\n \"firms\": [ {\"id\": \"x\"},\n  {\"id\": 7, \"id\": 8, \"zz\\u0041\": 0}]}";
        let wrong = || Kind::WrongType {
            found: String::new(),
            expected: "a string",
        };
        assert_eq!(position(text, "firms[1].id", wrong()), Some((3, 10)));
        assert_eq!(
            position(text, "firms[0]", Kind::MissingField("name")),
            Some((2, 13))
        );
        assert_eq!(
            position(text, "firms[1]", Kind::DuplicateField("id")),
            Some((3, 13))
        );
        let unknown = Kind::UnknownField {
            field: "zzA".into(),
            expected: &[],
        };
        assert_eq!(position(text, "firms[1]", unknown), Some((3, 22)));
        assert_eq!(position(text, "firms[2]", wrong()), None);
        assert_eq!(position(text, "b", wrong()), None);
    }
}
