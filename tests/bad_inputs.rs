//! The bad-input corpus: documents as users hand them in, in `tests/bad/`.
//!
//! Each document has one defect (a few have several). `NN-what.chain.json` is a template,
//! read with `data/minimal.dataset.json`; `NN-what.dataset.json` is a dataset, read with
//! `data/minimal.chain.json`; a template and a dataset of the same `NN-what` are read
//! together. `NN-what.expected` says what loading them must give:
//!
//! ```text
//! # What is wrong (comment lines start with `#`).
//! Invalid dataset                      <- the variant and the document, or `Ok`
//! tests/bad/NN-what.dataset.json: dataset: links[1].share: share must be in (0, 1], got 51
//! ```
//!
//! followed by the exact lines of [`Error::lines`], the file named relative to the crate:
//! what the examples print on standard error. A line ending in `*` matches every line that
//! starts with the text before it. A `# bug:` comment marks a known bug: the file then says
//! what the right behaviour is, and the document is checked by an `#[ignore]`d test of its
//! own (listed in [`KNOWN_BUGS`]) instead of by the corpus test.
//!
//! Documents too big to commit (deep nesting, megabyte ids) are built in code here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use vrfb_chain::builtin::{MINIMAL_CHAIN_JSON, MINIMAL_DATASET_JSON};
use vrfb_chain::export::{self, ExportOptions, Format};
use vrfb_chain::registry::Registry;
use vrfb_chain::{Dataset, Document, Error, Extra, KnowledgeGraph};

const MINIMAL_CHAIN: &str = "data/minimal.chain.json";
const MINIMAL_DATASET: &str = "data/minimal.dataset.json";

/// The corpus documents whose `.expected` file is marked `# bug:`; each has an ignored test.
const KNOWN_BUGS: &[&str] = &[];

// ---------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What loading a case must give.
#[derive(Debug, Clone, PartialEq)]
enum Expected {
    Ok,
    Err {
        /// `Io`, `Json` or `Invalid`.
        variant: String,
        document: Document,
        lines: Vec<String>,
    },
}

/// One corpus case: a template and a dataset (paths relative to the crate), and what they
/// must give.
#[derive(Debug, Clone)]
struct Case {
    stem: String,
    chain: String,
    dataset: String,
    expected: Expected,
    bug: bool,
}

fn parse_expected(stem: &str, text: &str) -> (Expected, bool) {
    let bug = text.lines().any(|l| l.starts_with("# bug:"));
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty());
    let head = lines
        .next()
        .unwrap_or_else(|| panic!("{stem}.expected: no `Ok` or `<Variant> <document>` line"));
    if head == "Ok" {
        assert!(lines.next().is_none(), "{stem}.expected: lines after `Ok`");
        return (Expected::Ok, bug);
    }
    let (variant, document) = head
        .split_once(' ')
        .unwrap_or_else(|| panic!("{stem}.expected: bad head line {head:?}"));
    assert!(
        ["Io", "Json", "Invalid"].contains(&variant),
        "{stem}.expected: unknown variant {variant:?}"
    );
    let document = match document {
        "chain" => Document::Chain,
        "dataset" => Document::Dataset,
        other => panic!("{stem}.expected: unknown document {other:?}"),
    };
    let lines: Vec<String> = lines.map(str::to_string).collect();
    assert!(!lines.is_empty(), "{stem}.expected: an error with no line");
    (
        Expected::Err {
            variant: variant.to_string(),
            document,
            lines,
        },
        bug,
    )
}

/// Every case of `tests/bad/`, in name order. Every document has an expected file and every
/// expected file a document.
fn corpus() -> Vec<Case> {
    let dir = root().join("tests/bad");
    let mut stems: BTreeMap<String, (bool, bool, bool)> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("tests/bad exists") {
        let name = entry.expect("a directory entry").file_name();
        let name = name.to_string_lossy();
        if let Some(stem) = name.strip_suffix(".chain.json") {
            stems.entry(stem.to_string()).or_default().0 = true;
        } else if let Some(stem) = name.strip_suffix(".dataset.json") {
            stems.entry(stem.to_string()).or_default().1 = true;
        } else if let Some(stem) = name.strip_suffix(".expected") {
            stems.entry(stem.to_string()).or_default().2 = true;
        } else {
            panic!("unexpected file tests/bad/{name}");
        }
    }
    stems
        .into_iter()
        .map(|(stem, (chain, dataset, expected))| {
            assert!(
                chain || dataset,
                "tests/bad/{stem}.expected has no document"
            );
            assert!(expected, "tests/bad/{stem}: no {stem}.expected");
            let text = std::fs::read_to_string(dir.join(format!("{stem}.expected")))
                .expect("an expected file is UTF-8");
            let (expected, bug) = parse_expected(&stem, &text);
            Case {
                chain: if chain {
                    format!("tests/bad/{stem}.chain.json")
                } else {
                    MINIMAL_CHAIN.to_string()
                },
                dataset: if dataset {
                    format!("tests/bad/{stem}.dataset.json")
                } else {
                    MINIMAL_DATASET.to_string()
                },
                stem,
                expected,
                bug,
            }
        })
        .collect()
}

fn case(stem: &str) -> Case {
    corpus()
        .into_iter()
        .find(|c| c.stem == stem)
        .unwrap_or_else(|| panic!("no corpus case {stem}"))
}

fn variant(err: &Error) -> &'static str {
    match err {
        Error::Io { .. } => "Io",
        Error::Json { .. } => "Json",
        Error::Invalid { .. } => "Invalid",
        _ => "another variant",
    }
}

/// Whether an actual line is the expected one (`*` at the end: starts with the rest).
fn line_matches(expected: &str, actual: &str) -> bool {
    match expected.strip_suffix('*') {
        Some(prefix) => actual.starts_with(prefix),
        None => expected == actual,
    }
}

fn lines_match(expected: &[String], actual: &[String]) -> bool {
    expected.len() == actual.len() && expected.iter().zip(actual).all(|(e, a)| line_matches(e, a))
}

/// Replaces each `(from, to)` in a line (absolute paths by the names the tests use).
fn relative(line: &str, prefixes: &[(String, &str)]) -> String {
    let mut line = line.to_string();
    for (from, to) in prefixes {
        line = line.replace(from.as_str(), to);
    }
    line
}

fn root_prefix() -> Vec<(String, &'static str)> {
    vec![(format!("{}/", root().display()), "")]
}

/// Loads a case through `KnowledgeGraph::from_paths` (absolute paths) and compares with its
/// expected result; a description of the difference when they differ. The compact
/// `Registry` must give the same result: the same error lines, or a registry.
fn check(case: &Case) -> Result<(), String> {
    let (chain, dataset) = (root().join(&case.chain), root().join(&case.dataset));
    let result = KnowledgeGraph::from_paths(&chain, &dataset);
    match (&result, Registry::from_paths(&chain, &dataset)) {
        (Ok(_), Ok(_)) => {}
        (Err(graph), Err(registry)) if graph.lines() == registry.lines() => {}
        (graph, registry) => {
            return Err(format!(
                "{}: the registry gives {:?}, the graph {:?}",
                case.stem,
                registry.map(|_| ()).map_err(|e| e.lines()),
                graph.as_ref().map(|_| ()).map_err(|e| e.lines()),
            ))
        }
    }
    compare(&case.stem, result, &case.expected, &root_prefix())
}

/// With `BLESS=1`, rewrites the expected file of a corpus case with the lines it gives,
/// keeping its comments: for a reviewed change of the messages (`git diff tests/bad`).
fn bless(stem: &str, err: &vrfb_chain::Error, actual: &[String]) {
    if std::env::var_os("BLESS").is_none() || stem.contains('/') {
        return;
    }
    let path = root().join("tests/bad").join(format!("{stem}.expected"));
    let Ok(old) = std::fs::read_to_string(&path) else {
        return;
    };
    let mut text: String = old
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let document = match err.document() {
        Some(Document::Chain) => "chain",
        _ => "dataset",
    };
    text.push_str(&format!("{} {document}\n", variant(err)));
    for line in actual {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(&path, text).expect("the expected file is writable");
}

fn compare(
    stem: &str,
    result: vrfb_chain::Result<KnowledgeGraph>,
    expected: &Expected,
    prefixes: &[(String, &str)],
) -> Result<(), String> {
    match (result, expected) {
        (Ok(_), Expected::Ok) => Ok(()),
        (Ok(_), Expected::Err { lines, .. }) => Err(format!(
            "{stem}: loaded, expected:\n  {}",
            lines.join("\n  ")
        )),
        (Err(err), expected) => {
            let actual: Vec<String> = err.lines().iter().map(|l| relative(l, prefixes)).collect();
            let got = format!(
                "{} {:?} in {:?}:\n  {}",
                variant(&err),
                err.document(),
                err.file()
                    .map(|f| relative(&f.display().to_string(), prefixes)),
                actual.join("\n  ")
            );
            bless(stem, &err, &actual);
            let Expected::Err {
                variant: want_variant,
                document,
                lines,
            } = expected
            else {
                return Err(format!("{stem}: expected to load, got {got}"));
            };
            // Every line names the file the error is about.
            let file = err
                .file()
                .map(|f| relative(&f.display().to_string(), prefixes))
                .unwrap_or_default();
            let named =
                !file.is_empty() && actual.iter().all(|l| l.starts_with(&format!("{file}: ")));
            if variant(&err) == want_variant
                && err.document() == Some(*document)
                && named
                && lines_match(lines, &actual)
            {
                Ok(())
            } else {
                Err(format!(
                    "{stem}: expected {want_variant} {document:?}:\n  {}\ngot {got}",
                    lines.join("\n  ")
                ))
            }
        }
    }
}

#[test]
fn the_corpus_covers_enough_documents() {
    let cases = corpus();
    let documents: usize = cases
        .iter()
        .map(|c| {
            usize::from(c.chain.starts_with("tests/"))
                + usize::from(c.dataset.starts_with("tests/"))
        })
        .sum();
    assert!(documents >= 45, "only {documents} documents");
    let several = cases
        .iter()
        .filter(|c| matches!(&c.expected, Expected::Err { lines, .. } if lines.len() >= 4))
        .count();
    assert!(
        several >= 3,
        "only {several} documents with several problems"
    );
    let pairs = cases
        .iter()
        .filter(|c| c.chain.starts_with("tests/") && c.dataset.starts_with("tests/"))
        .count();
    assert!(pairs >= 3, "only {pairs} template-dataset pairs");
    // The bugs marked in the files are the ones with an ignored test.
    let marked: Vec<&str> = cases
        .iter()
        .filter(|c| c.bug)
        .map(|c| c.stem.as_str())
        .collect();
    assert_eq!(marked, KNOWN_BUGS);
}

#[test]
fn every_corpus_document_gives_exactly_its_expected_errors() {
    let cases = corpus();
    let failures: Vec<String> = cases
        .iter()
        .filter(|c| !c.bug)
        .filter_map(|c| check(c).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[track_caller]
fn assert_case(stem: &str) {
    if let Err(diff) = check(&case(stem)) {
        panic!("{diff}");
    }
}

#[test]
fn a_byte_order_mark_is_ignored() {
    assert_case("82-byte-order-mark");
}

#[test]
fn an_array_wrapping_the_dataset_is_a_type_error() {
    assert_case("83-array-not-object");
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_case("87-column-after-chinese-text");
}

#[test]
fn a_firm_written_as_an_array_is_a_type_error() {
    assert_case("88-firm-as-array");
}

#[test]
fn a_dataset_written_as_an_array_is_a_type_error() {
    assert_case("89-dataset-as-array");
}

// ---------------------------------------------------------------------------------------
// Hostile but valid: kept verbatim, written back, exported
// ---------------------------------------------------------------------------------------

/// Every export of the graph, by format.
fn exports(graph: &KnowledgeGraph) -> Vec<(Format, String)> {
    Format::ALL
        .iter()
        .map(|&format| {
            let mut out = Vec::new();
            export::write(graph, format, &ExportOptions::default(), None, &mut out)
                .unwrap_or_else(|e| panic!("export {format:?}: {e}"));
            (format, String::from_utf8(out).expect("exports are UTF-8"))
        })
        .collect()
}

/// XML text with the entities GraphML writes replaced by their characters.
fn xml_unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#9;", "\t")
        .replace("&#10;", "\n")
        .replace("&#13;", "\r")
        .replace("&amp;", "&")
}

/// The dataset saves and loads back equal, and every export but the chain map holds `text`.
#[track_caller]
fn assert_kept(graph: &KnowledgeGraph, text: &str) {
    let dataset = graph.dataset();
    let saved = dataset.to_json_string();
    assert!(saved.contains(text), "the saved dataset lost the value");
    assert_eq!(
        &Dataset::from_json_str(&saved).expect("saved data loads"),
        dataset
    );
    for (format, out) in exports(graph) {
        let out = match format {
            Format::Dot => continue,
            Format::Graphml => xml_unescape(&out),
            _ => out,
        };
        assert!(out.contains(text), "the {format:?} export lost the value");
    }
}

#[test]
fn huge_numbers_in_extra_are_kept_verbatim() {
    let case = case("86-5000-digit-integer-in-extra");
    assert_eq!(case.expected, Expected::Ok);
    let graph = KnowledgeGraph::from_paths(root().join(&case.chain), root().join(&case.dataset))
        .expect("the document is valid");
    let extra = graph.dataset().firms[0]
        .extra
        .as_ref()
        .expect("stackco has extra")
        .get();
    let digits = "1234567890".repeat(500);
    assert_eq!(
        extra,
        format!(r#"{{"big": {digits}, "tiny": 1e-400, "huge": -1e400}}"#)
    );
    assert_kept(&graph, extra);
}

#[test]
fn extra_to_value_says_why_it_cannot_read_a_huge_number_and_keeps_the_text() {
    let digits = "1234567890".repeat(500);
    let text = format!(r#"{{"code": "000629", "big": {digits}}}"#);
    let extra = Extra::from_json(&text).expect("a 5,000-digit integer is JSON");
    assert_eq!(extra.get(), text);
    let err = extra.to_value().unwrap_err();
    assert!(err.to_string().contains("number out of range"), "{err}");
    let extra = Extra::from_json(r#"{"code": "000629", "huge": 1e400}"#).expect("1e400 is JSON");
    assert!(extra.to_value().is_err());
    let fine = Extra::from_json(r#"{"code": "000629", "big": 12345678901234567890123}"#).unwrap();
    assert_eq!(fine.to_value().unwrap()["code"], "000629");
}

/// The minimal dataset with `extra` of the firm `stackco` set to `value` (JSON text).
fn with_stackco_extra(value: &str) -> String {
    let anchor = r#""makes": [{"product": "stack", "status": "operating", "sources": ["ex-a"]}],"#;
    assert_eq!(MINIMAL_DATASET_JSON.matches(anchor).count(), 1);
    MINIMAL_DATASET_JSON.replace(anchor, &format!("{anchor} \"extra\": {value},"))
}

#[test]
fn deep_nesting_in_extra_is_kept_verbatim() {
    // `extra` is any JSON and is skipped over, not parsed into values, on loading: no
    // depth limit applies and no stack is used per level.
    for value in [
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        format!("{}1{}", r#"{"a": "#.repeat(10_000), "}".repeat(10_000)),
    ] {
        let text = with_stackco_extra(&value);
        let graph =
            KnowledgeGraph::from_json_slices(MINIMAL_CHAIN_JSON.as_bytes(), text.as_bytes())
                .expect("deep extra loads");
        let firm = graph
            .dataset()
            .firms
            .iter()
            .find(|f| f.id == "stackco")
            .unwrap();
        assert_eq!(firm.extra.as_ref().unwrap().get(), value);
        assert_kept(&graph, &value);
        let registry = Registry::from_json_slices(MINIMAL_CHAIN_JSON.as_bytes(), text.as_bytes())
            .expect("deep extra loads in the registry");
        assert_eq!(registry.firm_count(), graph.dataset().firms.len());
    }
}

#[test]
fn a_megabyte_string_is_kept() {
    let name = "钒".repeat(1 << 20);
    let text = MINIMAL_DATASET_JSON.replace(r#""Example Miner""#, &format!("\"{name}\""));
    let graph = KnowledgeGraph::from_json_slices(MINIMAL_CHAIN_JSON.as_bytes(), text.as_bytes())
        .expect("a long name is fine");
    let firm = graph
        .dataset()
        .firms
        .iter()
        .find(|f| f.id == "minerco")
        .unwrap();
    assert_eq!(firm.name.en.as_deref(), Some(name.as_str()));
    assert_kept(&graph, &name);
}

// ---------------------------------------------------------------------------------------
// Generated documents: deep nesting, megabyte ids
// ---------------------------------------------------------------------------------------

/// The directory of the generated documents; each is removed once read.
fn temp_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join("vrfb-chain-bad-inputs");
        std::fs::create_dir_all(&dir).expect("create a temp dir");
        dir
    })
}

/// The path of a generated document of this test process.
fn temp_path(name: &str) -> PathBuf {
    temp_dir().join(format!("{}-{name}", std::process::id()))
}

/// Shows the generated documents as `$TMP/<name>`.
fn temp_prefix() -> Vec<(String, &'static str)> {
    vec![(temp_path("").display().to_string(), "$TMP/")]
}

/// `text` with each `(from, to)` replaced; each `from` must occur in it.
fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    let mut text = text.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "{from:?} is not in the document");
        text = text.replace(from, to);
    }
    text
}

/// A generated case: a document written to the temp dir as `$TMP/<name>`, read with the
/// minimal partner document.
struct Generated {
    name: &'static str,
    document: Document,
    text: String,
}

impl Generated {
    fn dataset(name: &'static str, edits: &[(&str, &str)]) -> Generated {
        Generated {
            name,
            document: Document::Dataset,
            text: edit(MINIMAL_DATASET_JSON, edits),
        }
    }

    fn chain(name: &'static str, edits: &[(&str, &str)]) -> Generated {
        Generated {
            name,
            document: Document::Chain,
            text: edit(MINIMAL_CHAIN_JSON, edits),
        }
    }

    /// Writes the document; the paths of the template and the dataset.
    fn write(&self) -> (PathBuf, PathBuf) {
        let path = temp_path(self.name);
        std::fs::write(&path, &self.text).expect("write a generated document");
        match self.document {
            Document::Chain => (path, root().join(MINIMAL_DATASET)),
            Document::Dataset => (root().join(MINIMAL_CHAIN), path),
            other => panic!("generated documents are templates or datasets, not {other}"),
        }
    }

    /// Writes the document, loads it with its partner, and removes it.
    /// The registry must give the same errors.
    fn load(&self) -> vrfb_chain::Result<KnowledgeGraph> {
        let (chain, dataset) = self.write();
        let result = KnowledgeGraph::from_paths(&chain, &dataset);
        let registry = Registry::from_paths(&chain, &dataset);
        self.remove();
        assert_eq!(
            registry.map(|_| ()).map_err(|e| e.lines()),
            result.as_ref().map(|_| ()).map_err(|e| e.lines()),
            "{}: the registry and the graph disagree",
            self.name
        );
        result
    }

    fn remove(&self) {
        let _ = std::fs::remove_file(temp_path(self.name));
    }

    #[track_caller]
    fn assert_gives(&self, variant: &str, lines: &[String]) {
        let expected = Expected::Err {
            variant: variant.to_string(),
            document: self.document,
            lines: lines.to_vec(),
        };
        if let Err(diff) = compare(self.name, self.load(), &expected, &temp_prefix()) {
            panic!("{diff}");
        }
    }
}

fn nested_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn deep_nesting_in_a_list_is_a_type_error_at_the_second_level() {
    let deep = nested_arrays(10_000);
    let tags = Generated::dataset(
        "deep-tags.dataset.json",
        &[(r#""tags": ["chain-leader"]"#, &format!(r#""tags": {deep}"#))],
    );
    tags.assert_gives(
        "Invalid",
        &["$TMP/deep-tags.dataset.json: dataset: firms[0] `leader`: tags[0]: invalid type: sequence, expected a string (line 21, column 15)".to_string()],
    );
    let inputs = Generated::chain(
        "deep-inputs.chain.json",
        &[(r#""inputs": ["membrane"]"#, &format!(r#""inputs": {deep}"#))],
    );
    inputs.assert_gives(
        "Invalid",
        &["$TMP/deep-inputs.chain.json: chain template: products[5] `stack`: inputs[0][0]: invalid type: sequence, expected a product id (line 21, column 18)".to_string()],
    );
}

/// A megabyte id (`a`, a valid character, repeated), and how messages show it.
fn megabyte() -> String {
    "a".repeat(1 << 20)
}

fn shown() -> String {
    format!("{}…", "a".repeat(80))
}

const ID_HINT: &str = "use 1-64 characters from a-z 0-9 - _ .";

#[test]
fn a_megabyte_id_gives_a_short_message() {
    let big = megabyte();
    let big = big.as_str();
    let s = shown();
    let invalid = format!("invalid id `{s}`: {ID_HINT}");
    let q = |id: &str| format!("\"{id}\"");
    let quoted = q(big);
    let cases: Vec<(Generated, Vec<String>)> = vec![
        (
            Generated::dataset("mb-firm-id.dataset.json", &[(r#""gridco""#, &quoted)]),
            vec![format!("firms[5].id: {invalid}")],
        ),
        (
            Generated::dataset(
                "mb-link-from.dataset.json",
                &[(r#"{"from": "institute""#, &format!(r#"{{"from": {quoted}"#))],
            ),
            vec![format!("links[6].from: unknown firm or organization `{s}`")],
        ),
        (
            Generated::dataset("mb-chain.dataset.json", &[(r#""vrfb-mini""#, &quoted)]),
            vec![
                format!("chain: {invalid}"),
                format!(
                    "chain: dataset is written for chain `{s}`, but the template is `vrfb-mini`"
                ),
            ],
        ),
        (
            Generated::dataset("mb-tag.dataset.json", &[(r#""chain-leader""#, &quoted)]),
            vec![format!("firms[0] `leader`: tags[0]: invalid tag `{s}`: {ID_HINT}")],
        ),
        (
            Generated::dataset("mb-as-of.dataset.json", &[(r#""2025-11-01""#, &quoted)]),
            vec![format!(
                "as_of: invalid date `{}`: use YYYY, YYYY-MM or YYYY-MM-DD",
                "a".repeat(40)
            )],
        ),
        (
            Generated::dataset(
                "mb-makes-product.dataset.json",
                &[(
                    r#""product": "grid-storage""#,
                    &format!(r#""product": {quoted}"#),
                )],
            ),
            vec![
                format!("firms[5] `gridco`: makes[0].product: {invalid}"),
                format!(
                    "firms[5] `gridco`: makes[0].product: unknown product `{s}` (not in chain `vrfb-mini`)"
                ),
            ],
        ),
        (
            Generated::dataset(
                "mb-parent.dataset.json",
                &[(
                    r#""parent": "province-b""#,
                    &format!(r#""parent": {quoted}"#),
                )],
            ),
            vec![format!("regions[5] `city-b`: parent: unknown region `{s}`")],
        ),
        (
            Generated::dataset(
                "mb-source.dataset.json",
                &[(
                    r#""ex-c"], "note": "ended"#,
                    &format!(r#"{quoted}], "note": "ended"#),
                )],
            ),
            vec![format!("links[2].sources[0]: unknown source `{s}`")],
        ),
        (
            Generated::chain("mb-template-id.chain.json", &[(r#""vrfb-mini""#, &quoted)]),
            vec![format!("id: {invalid}")],
        ),
        (
            Generated::chain("mb-segment-id.chain.json", &[(r#""application""#, &quoted)]),
            vec![format!("segments[4].id: {invalid}")],
        ),
        (
            Generated::chain("mb-product-id.chain.json", &[(r#""membrane""#, &quoted)]),
            vec![format!("products[4].id: {invalid}")],
        ),
        (
            Generated::chain(
                "mb-unknown-segment.chain.json",
                &[(
                    r#""segment": "application""#,
                    &format!(r#""segment": {quoted}"#),
                )],
            ),
            vec![format!("products[7] `grid-storage`: segment: unknown segment `{s}`")],
        ),
        (
            Generated::chain(
                "mb-unknown-input.chain.json",
                &[(
                    r#""inputs": ["membrane"]"#,
                    &format!(r#""inputs": [{quoted}]"#),
                )],
            ),
            vec![format!("products[5] `stack`: inputs[0]: unknown product `{s}`")],
        ),
    ];
    for (generated, problems) in cases {
        let prefix = format!("$TMP/{}: {}: ", generated.name, generated.document);
        let lines: Vec<String> = problems.iter().map(|p| format!("{prefix}{p}")).collect();
        generated.assert_gives("Invalid", &lines);
    }
}

/// Loads each generated document and asserts that it fails with short lines only.
#[track_caller]
fn assert_short_messages(cases: &[Generated]) {
    let mut long = Vec::new();
    for generated in cases {
        match generated.load() {
            Ok(_) => long.push(format!("{}: loaded", generated.name)),
            Err(err) => {
                for line in err.lines() {
                    let line = relative(&line, &temp_prefix());
                    if line.chars().count() > 400 {
                        long.push(format!(
                            "{}: a line of {} characters: {}…",
                            generated.name,
                            line.chars().count(),
                            line.chars().take(160).collect::<String>()
                        ));
                    }
                }
            }
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn megabyte_values_are_shortened_in_crate_messages() {
    let big = megabyte();
    let quoted = format!("\"{big}\"");
    assert_short_messages(&[
        Generated::dataset("mb-format.dataset.json", &[(r#""dataset@1""#, &quoted)]),
        Generated::chain("mb-format.chain.json", &[(r#""chain@1""#, &quoted)]),
        Generated::dataset("mb-status.dataset.json", &[(r#""building""#, &quoted)]),
        Generated::dataset(
            "mb-link-kind.dataset.json",
            &[(r#""transfers_technology""#, &quoted)],
        ),
        Generated::dataset(
            "mb-grade.dataset.json",
            &[(r#""grade": "A""#, &format!(r#""grade": {quoted}"#))],
        ),
        Generated::dataset(
            "mb-region-kind.dataset.json",
            &[(r#""kind": "zone""#, &format!(r#""kind": {quoted}"#))],
        ),
        Generated::dataset(
            "mb-organization-kind.dataset.json",
            &[(r#""kind": "research""#, &format!(r#""kind": {quoted}"#))],
        ),
        Generated::dataset(
            "mb-firm-without-region.dataset.json",
            &[
                (
                    r#""id": "gridco", "region": "abroad","#,
                    &format!(r#""id": {quoted},"#),
                ),
                (r#""to": "gridco""#, &format!(r#""to": {quoted}"#)),
            ],
        ),
        Generated::dataset(
            "mb-region-cycle.dataset.json",
            &[
                (
                    r#"{"id": "country", "kind": "country","#,
                    &format!(r#"{{"id": "country", "kind": "country", "parent": {quoted},"#),
                ),
                (
                    r#"{"id": "abroad", "kind": "country","#,
                    &format!(r#"{{"id": {quoted}, "kind": "country", "parent": "country","#),
                ),
                (r#""region": "abroad""#, &format!(r#""region": {quoted}"#)),
            ],
        ),
        Generated::chain(
            "mb-input-cycle.chain.json",
            &[
                (r#""membrane""#, &quoted),
                (
                    r#""name": {"zh": "离子交换膜", "en": "Ion-exchange membrane"}}"#,
                    r#""name": {"en": "Membrane"}, "inputs": ["electrolyte"]}"#,
                ),
                (
                    r#""inputs": ["v2o5"]}"#,
                    &format!(r#""inputs": ["v2o5", {quoted}]}}"#),
                ),
            ],
        ),
        Generated::chain(
            "mb-input-downstream.chain.json",
            &[
                (r#""application""#, &quoted),
                (
                    r#""name": {"zh": "离子交换膜", "en": "Ion-exchange membrane"}}"#,
                    r#""name": {"en": "Membrane"}, "inputs": ["part"]},
    {"id": "part", "segment": "SEGMENT", "name": {"en": "Part"}}"#,
                ),
                ("SEGMENT", &big),
            ],
        ),
    ]);
}

#[test]
fn megabyte_values_are_shortened_in_json_messages() {
    let quoted = format!("\"{}\"", megabyte());
    assert_short_messages(&[
        Generated::dataset(
            "mb-unknown-field.dataset.json",
            &[(r#""tags": ["chain-leader"]"#, &format!(r#"{quoted}: 1"#))],
        ),
        Generated::dataset("mb-string-for-number.dataset.json", &[("0.51", &quoted)]),
    ]);
}

// ---------------------------------------------------------------------------------------
// The examples: exit code 1, every problem on standard error
// ---------------------------------------------------------------------------------------

/// The directory of the built examples, built once (as the tests' profile).
fn examples_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // target/<profile>/deps/bad_inputs-<hash>
        let mut dir = std::env::current_exe().expect("the test binary's path");
        dir.pop();
        if dir.ends_with("deps") {
            dir.pop();
        }
        let profile = dir
            .file_name()
            .and_then(|p| p.to_str())
            .map(|p| if p == "debug" { "dev" } else { p })
            .unwrap_or("dev")
            .to_string();
        let target = dir.parent().expect("a target directory").to_path_buf();
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "--example",
                "gap_report",
                "--example",
                "export",
            ])
            .args(["--profile", &profile])
            .arg("--target-dir")
            .arg(&target)
            .current_dir(root())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cargo build --examples failed");
        dir.join("examples")
    })
}

/// Runs an example in the crate's directory: exit code, standard output, standard error.
fn run(example: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let path = examples_dir().join(format!("{example}{}", std::env::consts::EXE_SUFFIX));
    let out = Command::new(&path)
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", path.display()));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[track_caller]
fn assert_exits_1_listing(
    example: &str,
    args: &[&str],
    expected: &[String],
    prefixes: &[(String, &str)],
) {
    let (code, stdout, stderr) = run(example, args);
    assert_eq!(
        code,
        Some(1),
        "{example} {args:?}: exit code; stderr:\n{stderr}"
    );
    assert!(stdout.is_empty(), "{example} {args:?}: printed {stdout}");
    let lines: Vec<String> = stderr.lines().map(|l| relative(l, prefixes)).collect();
    assert!(
        lines_match(expected, &lines),
        "{example} {args:?}: expected on stderr:\n  {}\ngot:\n  {}",
        expected.join("\n  "),
        lines.join("\n  ")
    );
}

#[test]
fn examples_exit_1_and_list_every_problem_naming_the_file() {
    for stem in [
        "16-template-trailing-comma",
        "32-firm-without-region",
        "80-empty",
        "90-chain-id-mismatch",
        "95-several-dataset-problems",
        "96-several-template-problems",
        "97-several-against-the-template",
        "98-several-link-problems",
    ] {
        let case = case(stem);
        let Expected::Err { lines, .. } = &case.expected else {
            panic!("{stem} must fail");
        };
        let files = ["--chain", &case.chain, "--dataset", &case.dataset];
        let gap_report = [&files[..], &["--region", "country"]].concat();
        assert_exits_1_listing("gap_report", &gap_report, lines, &[]);
        for format in ["json", "graphml"] {
            let export = [&files[..], &["--format", format]].concat();
            assert_exits_1_listing("export", &export, lines, &[]);
        }
    }
}

#[test]
fn examples_keep_messages_about_a_megabyte_id_short() {
    let big = megabyte();
    let generated = Generated::dataset(
        "mb-example.dataset.json",
        &[(r#""institute""#, &format!("\"{big}\""))],
    );
    let (chain, dataset) = generated.write();
    let (chain, dataset) = (chain.display().to_string(), dataset.display().to_string());
    let prefix = "$TMP/mb-example.dataset.json: dataset: ";
    let s = shown();
    let expected = [format!(
        "{prefix}organizations[1].id: invalid id `{s}`: {ID_HINT}"
    )];
    for (example, extra) in [
        ("gap_report", ["--region", "country"]),
        ("export", ["--format", "cytoscape"]),
    ] {
        let args = [
            &["--chain", chain.as_str(), "--dataset", dataset.as_str()][..],
            &extra[..],
        ]
        .concat();
        assert_exits_1_listing(example, &args, &expected, &temp_prefix());
    }
    generated.remove();
}
