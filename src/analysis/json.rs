//! The gap report's JSON, written straight from the report: the bytes of the serde
//! derive's output through [`crate::write::pretty`] (two-space indentation, the spec's
//! field order), at a fraction of the cost.
//!
//! A national report is some 64 MB of small objects. Through the derive, every field
//! goes through serde_json's map machinery and every key through its string escaping;
//! here the keys and the indentation are byte strings written as they are, and only the
//! values (ids, numbers, dates) go through serde, each with the formatter the derive's
//! output would use at that depth, so that a value is written the same whatever its type.
//! The text is made in a buffer of 64 KB and handed to the writer a buffer at a time.
//!
//! Every row type is taken apart with a pattern that names all its fields, so that a field
//! added to the report and not to this writer does not compile; the tests compare the two
//! writers' bytes.
//!
//! Complexity: O(n) time in the size of the text, O(1) space beyond the buffer.

use std::io::{self, Write};

use serde::Serialize;

use super::report::{
    AppliedOptions, Blocked, Candidate, Closure, Concentration, Counts, CriticalFirm, Downgrade,
    DownstreamGap, ExternalDependency, GapReport, Priority, ProductCandidates, ProductEntry,
    ScopeInfo, SegmentCounts, SingleSource, SoleSupply, UpstreamGap,
};

/// How much text is made before it is handed to the writer: small enough to be still in
/// the core's cache when it is copied out (a megabyte was not).
const CHUNK: usize = 1 << 16;

/// A line break and the indentation of up to 15 levels.
const BREAK: &[u8; 32] = b"\n                               ";

/// The text being written, and where it goes.
struct Json<W> {
    out: Vec<u8>,
    sink: W,
    /// How many objects and arrays are open.
    level: usize,
    /// The first error, after which nothing more is written.
    error: Option<io::Error>,
}

/// Writes an object whose fields are `key => expression writing the value`, in order.
macro_rules! object {
    ($j:ident, $($key:literal => $value:expr),+ $(,)?) => {{
        $j.open(b'{');
        let mut first = true;
        $(
            $j.key(&mut first, concat!("\"", $key, "\": ").as_bytes());
            $value;
        )+
        $j.close(b'}');
    }};
}

impl<W: Write> Json<W> {
    fn new(sink: W) -> Json<W> {
        Json {
            out: Vec::with_capacity(CHUNK + CHUNK / 8),
            sink,
            level: 0,
            error: None,
        }
    }

    /// A line break (after a comma unless `first`) and the indentation of the level.
    #[inline(always)]
    fn line(&mut self, first: bool) {
        if !first {
            self.out.push(b',');
        }
        let n = self.level * 2;
        if n < BREAK.len() {
            // A copy of constant length, cut to size, rather than a copy of `n` bytes: the
            // compiler writes the one as two stores and the other as a call.
            let end = self.out.len() + 1 + n;
            self.out.extend_from_slice(BREAK);
            self.out.truncate(end);
        } else {
            self.out.push(b'\n');
            self.out.resize(self.out.len() + n, b' ');
        }
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.level += 1;
    }

    /// Closes an object or array that has at least one entry.
    fn close(&mut self, bracket: u8) {
        self.level -= 1;
        self.line(true);
        self.out.push(bracket);
    }

    /// An object's key (a field name, which needs no escaping) with its quotes and colon.
    #[inline(always)]
    fn key(&mut self, first: &mut bool, quoted: &[u8]) {
        self.line(*first);
        *first = false;
        self.out.extend_from_slice(quoted);
    }

    /// A value, as serde writes it at this depth.
    fn value<T: Serialize + ?Sized>(&mut self, value: &T) {
        let formatter = crate::write::Indented::at(self.level);
        let mut ser = serde_json::Serializer::with_formatter(&mut self.out, formatter);
        if let Err(e) = value.serialize(&mut ser) {
            // Writing to a Vec fails only when the value cannot be written.
            self.fail(io::Error::new(io::ErrorKind::InvalidData, e.to_string()));
        }
    }

    /// An id: a value that serialises as a string, written as serde_json writes it, and
    /// when it needs no escaping (ids do not), copied as it is. Any other value is
    /// written by serde_json.
    #[inline]
    fn id<T: Serialize + ?Sized>(&mut self, id: &T) {
        if id.serialize(Plain(&mut self.out)).is_err() {
            self.value(id);
        }
    }

    /// An array of ids.
    fn ids<T: Serialize>(&mut self, items: &[T]) {
        self.list(items, |j, x| j.id(x));
    }

    /// An array, each item written by `item`.
    fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        if items.is_empty() {
            self.out.extend_from_slice(b"[]");
            return;
        }
        self.open(b'[');
        for (i, x) in items.iter().enumerate() {
            self.line(i == 0);
            item(self, x);
            if self.out.len() >= CHUNK {
                self.flush();
            }
        }
        self.close(b']');
    }

    fn fail(&mut self, e: io::Error) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    /// Hands the text made so far to the writer.
    fn flush(&mut self) {
        if self.error.is_none() {
            if let Err(e) = self.sink.write_all(&self.out) {
                self.error = Some(e);
            }
        }
        self.out.clear();
    }

    /// The final line break, and the writer flushed.
    fn finish(mut self) -> io::Result<()> {
        self.out.push(b'\n');
        self.flush();
        match self.error.take() {
            Some(e) => Err(e),
            None => self.sink.flush(),
        }
    }
}

/// Writes `report` as [`crate::write::pretty`] writes its serde form, byte for byte.
pub(super) fn write<S: Serialize, W: Write>(report: &GapReport<S>, sink: W) -> io::Result<()> {
    let mut j = Json::new(sink);
    let GapReport {
        format,
        chain,
        scope,
        options,
        summary,
        segments,
        products,
        upstream_gaps,
        downstream_gaps,
        single_source,
        external_dependencies,
        closure,
        candidates,
        priorities,
        critical_firms,
        concentration,
    } = report;
    object!(j,
        "format" => j.value(format),
        "chain" => j.id(chain),
        "scope" => scope_info(&mut j, scope),
        "options" => applied_options(&mut j, options),
        "summary" => counts(&mut j, summary, None::<&S>),
        "segments" => j.list(segments, |j, s| {
            let SegmentCounts { segment, counts: c } = s;
            counts(j, c, Some(segment));
        }),
        "products" => j.list(products, product),
        "upstream_gaps" => j.list(upstream_gaps, upstream),
        "downstream_gaps" => j.list(downstream_gaps, downstream),
        "single_source" => j.list(single_source, single),
        "external_dependencies" => j.list(external_dependencies, external),
        "closure" => closure_section(&mut j, closure),
        "candidates" => j.list(candidates, product_candidates),
        "priorities" => j.list(priorities, priority),
        "critical_firms" => j.list(critical_firms, critical),
        "concentration" => j.list(concentration, concentration_entry),
    );
    j.finish()
}

fn scope_info<S: Serialize, W: Write>(j: &mut Json<W>, scope: &ScopeInfo<S>) {
    let ScopeInfo { region, firms } = scope;
    object!(j, "region" => j.id(region), "firms" => j.value(firms));
}

fn applied_options<W: Write>(j: &mut Json<W>, options: &AppliedOptions) {
    let AppliedOptions {
        as_of,
        min_makers,
        min_grade,
        top_candidates,
    } = options;
    object!(j,
        "as_of" => j.value(as_of),
        "min_makers" => j.value(min_makers),
        "min_grade" => j.id(min_grade.map_or("none", |g| g.as_str())),
        "top_candidates" => j.value(top_candidates),
    );
}

/// The summary's counts, or a segment's: its id first, then the counts (the derive's
/// `flatten`).
fn counts<S: Serialize, W: Write>(j: &mut Json<W>, counts: &Counts, segment: Option<&S>) {
    let Counts {
        products,
        covered,
        single,
        unconfirmed,
        planned,
        missing,
        coverage,
        confirmed_coverage,
    } = counts;
    j.open(b'{');
    let mut first = true;
    if let Some(segment) = segment {
        j.key(&mut first, b"\"segment\": ");
        j.id(segment);
    }
    for (key, n) in [
        (&b"\"products\": "[..], products),
        (b"\"covered\": ", covered),
        (b"\"single\": ", single),
        (b"\"unconfirmed\": ", unconfirmed),
        (b"\"planned\": ", planned),
        (b"\"missing\": ", missing),
    ] {
        j.key(&mut first, key);
        j.value(n);
    }
    j.key(&mut first, b"\"coverage\": ");
    j.value(coverage);
    j.key(&mut first, b"\"confirmed_coverage\": ");
    j.value(confirmed_coverage);
    j.close(b'}');
}

fn product<S: Serialize, W: Write>(j: &mut Json<W>, entry: &ProductEntry<S>) {
    let ProductEntry {
        product,
        segment,
        status,
        local_makers,
    } = entry;
    object!(j,
        "product" => j.id(product),
        "segment" => j.id(segment),
        "status" => j.id(status),
        "local_makers" => j.ids(local_makers),
    );
}

fn upstream<S: Serialize, W: Write>(j: &mut Json<W>, gap: &UpstreamGap<S>) {
    let UpstreamGap {
        firm,
        product,
        requirement,
        local_suppliers,
        local_supplier_count,
    } = gap;
    object!(j,
        "firm" => j.id(firm),
        "product" => j.id(product),
        "requirement" => j.ids(requirement),
        "local_suppliers" => j.ids(local_suppliers),
        "local_supplier_count" => j.value(local_supplier_count),
    );
}

fn downstream<S: Serialize, W: Write>(j: &mut Json<W>, gap: &DownstreamGap<S>) {
    let DownstreamGap {
        firm,
        product,
        local_customers,
        local_customer_count,
    } = gap;
    object!(j,
        "firm" => j.id(firm),
        "product" => j.id(product),
        "local_customers" => j.ids(local_customers),
        "local_customer_count" => j.value(local_customer_count),
    );
}

fn single<S: Serialize, W: Write>(j: &mut Json<W>, entry: &SingleSource<S>) {
    let SingleSource {
        firm,
        product,
        requirement,
        supplier,
    } = entry;
    object!(j,
        "firm" => j.id(firm),
        "product" => j.id(product),
        "requirement" => j.ids(requirement),
        "supplier" => j.id(supplier),
    );
}

fn external<S: Serialize, W: Write>(j: &mut Json<W>, entry: &ExternalDependency<S>) {
    let ExternalDependency {
        firm,
        product,
        requirement,
        suppliers,
    } = entry;
    object!(j,
        "firm" => j.id(firm),
        "product" => j.id(product),
        "requirement" => j.ids(requirement),
        "suppliers" => j.ids(suppliers),
    );
}

fn closure_section<S: Serialize, W: Write>(j: &mut Json<W>, closure: &Closure<S>) {
    let Closure {
        producible,
        blocked,
    } = closure;
    object!(j,
        "producible" => j.ids(producible),
        "blocked" => j.list(blocked, |j, b| {
            let Blocked { product, blocking } = b;
            object!(j, "product" => j.id(product), "blocking" => j.ids(blocking));
        }),
    );
}

fn product_candidates<S: Serialize, W: Write>(j: &mut Json<W>, entry: &ProductCandidates<S>) {
    let ProductCandidates {
        product,
        count,
        firms,
    } = entry;
    object!(j,
        "product" => j.id(product),
        "count" => j.value(count),
        "firms" => j.list(firms, candidate),
    );
}

fn candidate<S: Serialize, W: Write>(j: &mut Json<W>, candidate: &Candidate<S>) {
    let Candidate {
        firm,
        score,
        links,
        proximity,
        evidence,
    } = candidate;
    object!(j,
        "firm" => j.id(firm),
        "score" => j.value(score),
        "links" => j.value(links),
        "proximity" => j.value(proximity),
        "evidence" => j.value(evidence),
    );
}

fn priority<S: Serialize, W: Write>(j: &mut Json<W>, entry: &Priority<S>) {
    let Priority {
        product,
        status,
        action,
        impact,
        supplier_gaps,
        customer_gaps,
        blocks,
        candidates,
    } = entry;
    object!(j,
        "product" => j.id(product),
        "status" => j.id(status),
        "action" => j.id(action),
        "impact" => j.value(impact),
        "supplier_gaps" => j.value(supplier_gaps),
        "customer_gaps" => j.value(customer_gaps),
        "blocks" => j.value(blocks),
        "candidates" => j.value(candidates),
    );
}

fn critical<S: Serialize, W: Write>(j: &mut Json<W>, firm: &CriticalFirm<S>) {
    let CriticalFirm {
        firm,
        impact,
        downgraded,
        lost_producible,
        sole_supplier_of,
    } = firm;
    object!(j,
        "firm" => j.id(firm),
        "impact" => j.value(impact),
        "downgraded" => j.list(downgraded, |j, d| {
            let Downgrade { product, status, without } = d;
            object!(j,
                "product" => j.id(product),
                "status" => j.id(status),
                "without" => j.id(without),
            );
        }),
        "lost_producible" => j.ids(lost_producible),
        "sole_supplier_of" => j.list(sole_supplier_of, |j, s| {
            let SoleSupply { firm, product, requirement } = s;
            object!(j,
                "firm" => j.id(firm),
                "product" => j.id(product),
                "requirement" => j.ids(requirement),
            );
        }),
    );
}

fn concentration_entry<S: Serialize, W: Write>(j: &mut Json<W>, entry: &Concentration<S>) {
    let Concentration {
        product,
        makers,
        unit,
        with_capacity,
        capacity,
        hhi,
        top_share,
        share_of_all,
    } = entry;
    object!(j,
        "product" => j.id(product),
        "makers" => j.value(makers),
        "unit" => j.value(unit),
        "with_capacity" => j.value(with_capacity),
        "capacity" => j.value(capacity),
        "hhi" => j.value(hhi),
        "top_share" => j.value(top_share),
        "share_of_all" => j.value(share_of_all),
    );
}

/// Whether `text` can be written between quotes as it is: no control character, quote or
/// backslash, which serde_json escapes. Eight bytes at a time (the bit tricks of
/// "Bit Twiddling Hacks": a byte less than n, a byte equal to c).
fn is_plain(text: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let special = |x: u64| {
        let below_space = x.wrapping_sub(ONES * 0x20) & !x;
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        let zero = |y: u64| y.wrapping_sub(ONES) & !y;
        (below_space | zero(quote) | zero(backslash)) & HIGH != 0
    };
    let word = |bytes: &[u8]| {
        let mut word = [0u8; 8];
        word.copy_from_slice(bytes);
        u64::from_le_bytes(word)
    };
    if text.len() < 8 {
        return text.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\');
    }
    // Whole words, the last one overlapping the one before where the length is not a
    // multiple of 8.
    let mut chunks = text.chunks_exact(8);
    if chunks.any(|chunk| special(word(chunk))) {
        return false;
    }
    chunks.remainder().is_empty() || !special(word(&text[text.len() - 8..]))
}

/// Why [`Plain`] did not write a value: it is not a string that needs no escaping.
#[derive(Debug)]
struct NotPlain;

impl std::fmt::Display for NotPlain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a plain string")
    }
}

impl std::error::Error for NotPlain {}

impl serde::ser::Error for NotPlain {
    fn custom<T: std::fmt::Display>(_: T) -> NotPlain {
        NotPlain
    }
}

/// A serializer that writes a string needing no escaping between quotes, and refuses
/// every other value without writing anything (the caller then hands it to serde_json).
struct Plain<'o>(&'o mut Vec<u8>);

/// Methods that refuse their value.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<(), NotPlain> {
            Err(NotPlain)
        })*
    };
}

impl serde::Serializer for Plain<'_> {
    type Ok = ();
    type Error = NotPlain;
    type SerializeSeq = serde::ser::Impossible<(), NotPlain>;
    type SerializeTuple = serde::ser::Impossible<(), NotPlain>;
    type SerializeTupleStruct = serde::ser::Impossible<(), NotPlain>;
    type SerializeTupleVariant = serde::ser::Impossible<(), NotPlain>;
    type SerializeMap = serde::ser::Impossible<(), NotPlain>;
    type SerializeStruct = serde::ser::Impossible<(), NotPlain>;
    type SerializeStructVariant = serde::ser::Impossible<(), NotPlain>;

    fn serialize_str(self, text: &str) -> Result<(), NotPlain> {
        if !is_plain(text.as_bytes()) {
            return Err(NotPlain);
        }
        self.0.push(b'"');
        self.0.extend_from_slice(text.as_bytes());
        self.0.push(b'"');
        Ok(())
    }

    refuse! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), NotPlain> {
        Err(NotPlain)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotPlain> {
        Err(NotPlain)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotPlain> {
        Err(NotPlain)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, NotPlain> {
        Err(NotPlain)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotPlain> {
        Err(NotPlain)
    }
}

#[cfg(test)]
mod tests {
    use super::is_plain;
    use crate::analysis::{gaps, GapReport, Options};
    use crate::Grade;

    /// The report as the serde derive writes it.
    fn derived<S: serde::Serialize>(report: &GapReport<S>) -> String {
        let mut out = Vec::new();
        crate::write::pretty(&mut out, report).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn written<S: serde::Serialize>(report: &GapReport<S>) -> String {
        let mut out = Vec::new();
        report.to_writer(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_strings_are_those_serde_json_writes_unescaped() {
        let escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        for len in 1..=24 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut text = vec![b'a'; len];
                    text[at] = b;
                    assert_eq!(is_plain(&text), !escaped(b), "{len} bytes, {b:#x} at {at}");
                }
            }
        }
        assert!(is_plain(b""));
        assert!(is_plain("钒电解液 (Vanadium electrolyte)".as_bytes()));
    }

    #[test]
    fn the_writer_writes_the_bytes_of_the_serde_derive() {
        let synthetic = crate::analysis::synthetic_graph(300, 4);
        let options = [
            Options::default(),
            Options {
                as_of: None,
                min_makers: 1,
                min_grade: None,
                top_candidates: 0,
            },
            Options {
                as_of: "2020-06-30".parse().ok(),
                min_makers: 3,
                min_grade: Some(Grade::A),
                top_candidates: 9,
            },
        ];
        let mut checked = 0;
        for graph in [
            crate::builtin::minimal_graph(),
            crate::builtin::vrfb_graph(),
            synthetic,
        ] {
            let registry = crate::registry::Registry::from_graph(&graph);
            for region in graph.dataset().regions.iter().take(15) {
                for o in &options {
                    let report = gaps(&graph, &region.id, o).unwrap();
                    assert_eq!(written(&report), derived(&report), "{}", region.id);
                    let borrowed = registry.gaps(&region.id, o).unwrap();
                    assert_eq!(written(&borrowed), derived(&borrowed), "{}", region.id);
                    checked += 1;
                }
            }
        }
        assert!(checked > 40);
    }

    #[test]
    fn ids_that_need_escaping_are_escaped_as_serde_json_does() {
        let graph = crate::builtin::vrfb_graph();
        let mut report = gaps(&graph, "cn-sc", &Options::default()).unwrap();
        let odd = [
            "quote\"d",
            "back\\slash",
            "tab\tand\nnewline\r\u{8}\u{c}",
            "\u{1}\u{1f}",
            "long id whose last byte is a quote\"",
            "长的中文名字 with ünïcödé and \u{7f}",
            "",
        ];
        report.chain = odd[0].to_string();
        for (i, entry) in report.products.iter_mut().enumerate() {
            entry.product = odd[i % odd.len()].to_string();
            entry
                .local_makers
                .push(odd[(i + 3) % odd.len()].to_string());
        }
        for (i, gap) in report.upstream_gaps.iter_mut().enumerate() {
            gap.firm = odd[i % odd.len()].to_string();
        }
        assert_eq!(written(&report), derived(&report));
    }

    #[test]
    fn ids_of_any_type_are_written_as_the_derive_writes_them() {
        let graph = crate::builtin::vrfb_graph();
        let text = gaps(&graph, "cn-sc", &Options::default())
            .unwrap()
            .to_json_string();
        let mut report: GapReport<serde_json::Value> = serde_json::from_str(&text).unwrap();
        report.chain = serde_json::json!({"id": "vrfb", "versions": [1, 2.5, null], "empty": {}});
        report.scope.region = serde_json::json!([]);
        report.products[0].product = serde_json::json!(42);
        report.products[1].local_makers = vec![serde_json::json!(null), serde_json::json!([["x"]])];
        assert_eq!(written(&report), derived(&report));
        // Nested at the depth of the field: the object's keys one level in.
        assert!(
            written(&report).contains("\"chain\": {\n    \"empty\": {},\n    \"id\": \"vrfb\",")
        );
    }

    #[test]
    fn an_id_that_cannot_be_written_is_an_error() {
        struct Unwritable;
        impl serde::Serialize for Unwritable {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no JSON for this id"))
            }
        }
        let graph = crate::builtin::minimal_graph();
        let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
        let report = GapReport {
            format: report.format,
            chain: Unwritable,
            scope: crate::analysis::ScopeInfo {
                region: Unwritable,
                firms: 0,
            },
            options: report.options,
            summary: report.summary,
            segments: Vec::new(),
            products: Vec::new(),
            upstream_gaps: Vec::new(),
            downstream_gaps: Vec::new(),
            single_source: Vec::new(),
            external_dependencies: Vec::new(),
            closure: crate::analysis::Closure {
                producible: Vec::new(),
                blocked: Vec::new(),
            },
            candidates: Vec::new(),
            priorities: Vec::new(),
            critical_firms: Vec::new(),
            concentration: Vec::new(),
        };
        let err = report.to_writer(Vec::new()).unwrap_err();
        assert!(err.to_string().contains("no JSON for this id"), "{err}");
    }
}
