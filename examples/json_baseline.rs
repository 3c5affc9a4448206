//! The baseline of the speed target: the time serde_json needs just to check a file's JSON
//! syntax, without building anything (`serde_json::from_slice::<serde::de::IgnoredAny>`).
//!
//! ```text
//! json_baseline FILE          the syntax check: the unit of time of docs/BENCHMARKS.md
//! json_baseline --walk FILE   the floor of a reader on serde_json: every value read
//! ```
//!
//! `--walk` reads the file as text (its UTF-8 checked once) and every key, string, number
//! and literal in it as a value, through serde_json's `deserialize_any`, and keeps
//! nothing. Any reader of the data on serde_json does at least this much work: it knows
//! no field of the data format, so it is the least that checking the format's rules can
//! cost, before an id is looked up or a record stored.
//!
//! Prints the file's size and the time to read it and to check (or walk) it. Exit codes:
//! 0 when the file is one JSON value; 1 when it cannot be read or is not JSON; 2 on a
//! usage error.

use std::borrow::Cow;
use std::fmt;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (walk, path) = match &args[..] {
        [path] if path != "--walk" => (false, path),
        [flag, path] if flag == "--walk" => (true, path),
        _ => {
            eprintln!("usage: json_baseline [--walk] FILE");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("json_baseline: {path}: read failed: {e}");
            return ExitCode::from(1);
        }
    };
    let read = start.elapsed();
    let parse = Instant::now();
    let checked = if walk {
        walk_values(&bytes)
    } else {
        serde_json::from_slice::<serde::de::IgnoredAny>(&bytes)
            .map(drop)
            .map_err(|e| e.to_string())
    };
    if let Err(e) = checked {
        eprintln!("json_baseline: {path}: {e}");
        return ExitCode::from(1);
    }
    let parsed = parse.elapsed();
    println!(
        "{path}: {} bytes, read {:.1} ms, {} {:.1} ms ({:.0} MB/s)",
        bytes.len(),
        read.as_secs_f64() * 1e3,
        if walk {
            "every value read"
        } else {
            "syntax check"
        },
        parsed.as_secs_f64() * 1e3,
        bytes.len() as f64 / 1e6 / parsed.as_secs_f64()
    );
    ExitCode::SUCCESS
}

/// Reads every value of the document in `bytes`, keeping none.
fn walk_values(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    serde_json::from_str::<Walk>(text)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// A JSON value read and dropped: each string borrowed (or unescaped), each number parsed.
struct Walk;

impl<'de> Deserialize<'de> for Walk {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Walk, D::Error> {
        d.deserialize_any(WalkVisitor)
    }
}

struct WalkVisitor;

impl<'de> Visitor<'de> for WalkVisitor {
    type Value = Walk;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Walk, E> {
        black_box(s);
        Ok(Walk)
    }
    fn visit_str<E>(self, s: &str) -> Result<Walk, E> {
        black_box(s);
        Ok(Walk)
    }
    fn visit_u64<E>(self, n: u64) -> Result<Walk, E> {
        black_box(n);
        Ok(Walk)
    }
    fn visit_i64<E>(self, n: i64) -> Result<Walk, E> {
        black_box(n);
        Ok(Walk)
    }
    fn visit_f64<E>(self, n: f64) -> Result<Walk, E> {
        black_box(n);
        Ok(Walk)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Walk, E> {
        black_box(b);
        Ok(Walk)
    }
    fn visit_unit<E>(self) -> Result<Walk, E> {
        Ok(Walk)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Walk, A::Error> {
        while items.next_element::<Walk>()?.is_some() {}
        Ok(Walk)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut fields: A) -> Result<Walk, A::Error> {
        while let Some(key) = fields.next_key::<Cow<'de, str>>()? {
            black_box(&key);
            fields.next_value::<Walk>()?;
        }
        Ok(Walk)
    }
}
