//! The rules of the data-format spec (`../shared/spec/data-format.md`), each checked on a
//! document that breaks it.
//!
//! Most rules are checked the same way: start from the valid minimal documents, change one
//! thing, load the result and compare the problems it gives, every one and in order, with
//! the expected lines (`path: message`, each problem as `Error::lines` shows it after the
//! document's name). Those checks are the rows of [`CASES`] and of two families that put
//! each bad value in several places ([`ID_PLACES`], [`DATE_PLACES`]); one test runs them all and names
//! every row that fails. A row with no lines is a change that must still load. The expected
//! lines are written out in the rows, so that a change of wording is made there and nowhere
//! else. What does not fit that shape (JSON errors with their line and column, files,
//! documents built in code, the values a valid document loads as) has a test of its own.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{json, Value};
use vrfb_chain::builtin::{MINIMAL_CHAIN_JSON, MINIMAL_DATASET_JSON};
use vrfb_chain::registry::Registry;
use vrfb_chain::{
    Chain, Dataset, Document, Error, Grade, KnowledgeGraph, LinkKind, Problem, Status,
};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// The minimal chain template as a JSON value.
fn chain() -> Value {
    serde_json::from_str(MINIMAL_CHAIN_JSON).expect("the minimal template is JSON")
}

/// The minimal dataset as a JSON value.
fn dataset() -> Value {
    serde_json::from_str(MINIMAL_DATASET_JSON).expect("the minimal dataset is JSON")
}

fn text(doc: &Value) -> String {
    serde_json::to_string_pretty(doc).expect("a Value serializes")
}

fn push(list: &mut Value, item: Value) {
    list.as_array_mut().expect("an array").push(item);
}

fn remove(object: &mut Value, key: &str) {
    object.as_object_mut().expect("an object").remove(key);
}

fn problem(path: &str, message: &str) -> Problem {
    Problem::new(path, message)
}

const ID_HINT: &str = "use 1-64 characters from a-z 0-9 - _ .";

fn invalid_id(id: &str) -> String {
    format!("invalid id `{id}`: {ID_HINT}")
}

fn invalid_tag(tag: &str) -> String {
    format!("invalid tag `{tag}`: {ID_HINT}")
}

fn invalid_date(date: &str) -> String {
    format!("invalid date `{date}`: use YYYY, YYYY-MM or YYYY-MM-DD")
}

/// What a check found wrong.
type Outcome<T> = Result<T, String>;

/// The problems of a template that must not load.
fn try_chain_problems(doc: &Value) -> Outcome<Vec<Problem>> {
    match Chain::from_json_str(&text(doc)) {
        Err(Error::Invalid {
            file: None,
            document: Document::Chain,
            problems,
        }) => Ok(problems),
        other => Err(format!(
            "expected Error::Invalid on the template, got {other:?}"
        )),
    }
}

/// The problems of a dataset that must not load on its own (the registry must refuse it
/// with the same lines).
fn try_dataset_problems(doc: &Value) -> Outcome<Vec<Problem>> {
    try_registry_refuses(&chain(), doc)?;
    match Dataset::from_json_str(&text(doc)) {
        Err(Error::Invalid {
            file: None,
            document: Document::Dataset,
            problems,
        }) => Ok(problems),
        other => Err(format!(
            "expected Error::Invalid on the dataset, got {other:?}"
        )),
    }
}

/// [`try_dataset_problems`], panicking.
#[track_caller]
fn dataset_problems(doc: &Value) -> Vec<Problem> {
    match try_dataset_problems(doc) {
        Ok(problems) => problems,
        Err(e) => panic!("{e}"),
    }
}

/// The problems of a dataset that loads on its own but does not fit its template.
fn try_graph_problems(chain: &Value, dataset: &Value) -> Outcome<Vec<Problem>> {
    try_registry_refuses(chain, dataset)?;
    let chain =
        Chain::from_json_str(&text(chain)).map_err(|e| format!("the template loads: {e}"))?;
    let dataset = Dataset::from_json_str(&text(dataset))
        .map_err(|e| format!("the dataset loads on its own: {e}"))?;
    match KnowledgeGraph::new(chain, dataset) {
        Err(Error::Invalid {
            file: None,
            document: Document::Dataset,
            problems,
        }) => Ok(problems),
        Err(other) => Err(format!(
            "expected Error::Invalid on the dataset, got {other:?}"
        )),
        Ok(_) => Err("expected Error::Invalid on the dataset, got a graph".to_string()),
    }
}

/// Loads a template that must be valid.
fn try_chain_ok(doc: &Value) -> Outcome<Chain> {
    Chain::from_json_str(&text(doc)).map_err(|e| format!("expected a valid template, got: {e}"))
}

/// [`try_chain_ok`], panicking.
#[track_caller]
fn chain_ok(doc: &Value) -> Chain {
    match try_chain_ok(doc) {
        Ok(chain) => chain,
        Err(e) => panic!("{e}"),
    }
}

/// Loads a dataset that must be valid, on its own and against the minimal template.
fn try_dataset_ok(doc: &Value) -> Outcome<Dataset> {
    let dataset = Dataset::from_json_str(&text(doc))
        .map_err(|e| format!("expected a valid dataset, got: {e}"))?;
    if let Err(e) = KnowledgeGraph::new(try_chain_ok(&chain())?, dataset.clone()) {
        return Err(format!(
            "expected the dataset to fit the minimal template, got: {e}"
        ));
    }
    if let Err(e) = Registry::from_json_slices(text(&chain()).as_bytes(), text(doc).as_bytes()) {
        return Err(format!(
            "expected the registry to accept the dataset, got: {e}"
        ));
    }
    Ok(dataset)
}

/// [`try_dataset_ok`], panicking.
#[track_caller]
fn dataset_ok(doc: &Value) -> Dataset {
    match try_dataset_ok(doc) {
        Ok(dataset) => dataset,
        Err(e) => panic!("{e}"),
    }
}

/// The compact registry refuses what the graph refuses, with the same error lines.
fn try_registry_refuses(chain: &Value, dataset: &Value) -> Outcome<()> {
    try_registry_refuses_text(&text(chain), &text(dataset))
}

/// [`try_registry_refuses`], on the documents' text.
fn try_registry_refuses_text(chain: &str, dataset: &str) -> Outcome<()> {
    let graph = KnowledgeGraph::from_json_slices(chain.as_bytes(), dataset.as_bytes());
    let registry = Registry::from_json_slices(chain.as_bytes(), dataset.as_bytes());
    match (graph, registry) {
        (Err(g), Err(r)) if r.lines() == g.lines() => Ok(()),
        (Err(g), Err(r)) => Err(format!(
            "the registry's lines {:?} are not the graph's {:?}",
            r.lines(),
            g.lines()
        )),
        (Err(g), Ok(_)) => Err(format!(
            "the registry accepted a dataset the graph refuses: {g}"
        )),
        (Ok(_), _) => Err("expected the dataset to be refused".to_string()),
    }
}

/// [`try_registry_refuses_text`], panicking.
#[track_caller]
fn registry_refuses_text(chain: &str, dataset: &str) {
    if let Err(e) = try_registry_refuses_text(chain, dataset) {
        panic!("{e}");
    }
}

/// The document, line, column and message of a JSON syntax or type error.
fn try_json_error<T: std::fmt::Debug>(
    result: vrfb_chain::Result<T>,
) -> Outcome<(Document, usize, usize, String)> {
    match result {
        Err(Error::Json {
            file: None,
            document,
            line,
            column,
            message,
        }) => Ok((document, line, column, message)),
        other => Err(format!("expected Error::Json, got {other:?}")),
    }
}

/// [`try_json_error`], panicking.
#[track_caller]
fn json_error<T: std::fmt::Debug>(
    result: vrfb_chain::Result<T>,
) -> (Document, usize, usize, String) {
    match try_json_error(result) {
        Ok(error) => error,
        Err(e) => panic!("{e}"),
    }
}

/// The 1-based line and column of the closing quote of the first `"key"` in `text`: where
/// serde_json reports an unknown field.
fn key_position(text: &str, key: &str) -> (usize, usize) {
    let quoted = format!("\"{key}\"");
    assert_eq!(text.matches(&quoted).count(), 1, "{quoted} is not unique");
    let at = text.find(&quoted).expect("the key is in the text");
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let line = text[..at].matches('\n').count() + 1;
    (line, at - line_start + quoted.len())
}

/// The 1-based line and column of the opening quote of the one `"key"` in `text`: where
/// the reader places an unknown key.
fn key_start(text: &str, key: &str) -> (usize, usize) {
    let (line, end) = key_position(text, key);
    (line, end + 1 - format!("\"{key}\"").len())
}

/// The problems of a dataset that does not load, as lines.
fn problem_lines(result: vrfb_chain::Result<Dataset>) -> Vec<String> {
    match result {
        Err(Error::Invalid { problems, .. }) => problems.iter().map(Problem::to_string).collect(),
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "vrfb-chain-validation-{}-{name}",
        std::process::id()
    ));
    std::fs::write(&path, contents).expect("write a temp file");
    path
}

// ---------------------------------------------------------------------------------------
// The table of cases, and the test that runs it
// ---------------------------------------------------------------------------------------

/// Changes a document.
type Change = fn(&mut Value);
/// Puts a value somewhere in a document and returns the path the problem should have.
type Place = fn(&mut Value, &str) -> &'static str;
/// Sets a value somewhere in a document.
type SetValue = fn(&mut Value, &str);
/// Picks an object in a document.
type Field = fn(&mut Value) -> &mut Value;
/// The message of a problem with a value.
type Message = fn(&str) -> String;

/// Which minimal document a case changes, and how it is loaded.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Load {
    /// The template, on its own.
    Template,
    /// The dataset, on its own; the registry must give the same lines, and a valid one
    /// must also fit the minimal template and be accepted by the registry.
    Dataset,
    /// As `Dataset`, but a valid one need only load on its own (its ids may be unknown to
    /// the template).
    DatasetAlone,
    /// The dataset, valid on its own, against the minimal template (and the registry must
    /// give the same lines).
    AgainstTemplate,
}

/// A change to a minimal document and the problem lines it must give, in order; no lines
/// for a change that must still load.
struct Case {
    name: &'static str,
    load: Load,
    change: Change,
    lines: &'static [&'static str],
}

/// What a check expects of its document.
enum Expect {
    /// These problem lines, in this order.
    Lines(Vec<String>),
    /// That it loads.
    Valid,
}

/// A case with its document made: what the runner checks.
struct Check {
    name: String,
    load: Load,
    doc: Value,
    expect: Expect,
}

/// The minimal document a case of `load` changes.
fn base(load: Load) -> Value {
    match load {
        Load::Template => chain(),
        _ => dataset(),
    }
}

impl Check {
    fn new(name: String, load: Load, change: impl FnOnce(&mut Value), expect: Expect) -> Check {
        let mut doc = base(load);
        change(&mut doc);
        Check {
            name,
            load,
            doc,
            expect,
        }
    }

    /// Runs the check: what it found wrong, if anything.
    fn run(&self) -> Outcome<()> {
        let doc = &self.doc;
        let lines = match (&self.expect, self.load) {
            (Expect::Valid, Load::Template) => return try_chain_ok(doc).map(drop),
            (Expect::Valid, Load::Dataset) => return try_dataset_ok(doc).map(drop),
            (Expect::Valid, Load::DatasetAlone) => {
                return Dataset::from_json_str(&text(doc))
                    .map(drop)
                    .map_err(|e| format!("expected a valid dataset, got: {e}"))
            }
            (Expect::Valid, Load::AgainstTemplate) => {
                return Err("a case against the template expects problems".to_string())
            }
            (Expect::Lines(lines), _) => lines,
        };
        let problems = match self.load {
            Load::Template => try_chain_problems(doc)?,
            Load::Dataset | Load::DatasetAlone => try_dataset_problems(doc)?,
            Load::AgainstTemplate => try_graph_problems(&chain(), doc)?,
        };
        let got: Vec<String> = problems.iter().map(Problem::to_string).collect();
        if &got == lines {
            Ok(())
        } else {
            Err(format!(
                "expected\n      {}\n    got\n      {}",
                lines.join("\n      "),
                got.join("\n      ")
            ))
        }
    }
}

/// The case of [`CASES`] named `name`, for the tests that check more of it.
fn case(name: &str) -> &'static Case {
    CASES
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case `{name}`"))
}

/// Every check: the rows of the tables, the families expanded.
fn checks() -> Vec<Check> {
    let mut checks: Vec<Check> = CASES
        .iter()
        .map(|c| {
            let expect = if c.lines.is_empty() {
                Expect::Valid
            } else {
                Expect::Lines(c.lines.iter().map(|l| l.to_string()).collect())
            };
            Check::new(c.name.to_string(), c.load, c.change, expect)
        })
        .collect();
    checks.extend(id_checks());
    checks.extend(date_checks());
    checks
}

#[test]
fn every_case_gives_its_problem_lines() {
    let checks = checks();
    let mut failures = Vec::new();
    let mut names = BTreeSet::new();
    for check in &checks {
        if !names.insert(check.name.as_str()) {
            failures.push(format!("  {}: two cases have this name", check.name));
        }
        if let Err(e) = check.run() {
            failures.push(format!("  {}: {e}", check.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        checks.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// Id syntax: 1-64 characters from a-z 0-9 - _ .
// ---------------------------------------------------------------------------------------

/// Ids that break the syntax: uppercase, a space, empty, 65 characters, not ASCII, a slash.
fn bad_ids() -> Vec<String> {
    vec![
        "Leader".to_string(),
        "two words".to_string(),
        String::new(),
        "a".repeat(65),
        "钒".to_string(),
        "a/b".to_string(),
    ]
}

/// The longest valid id, and one using every allowed punctuation character.
fn good_ids() -> Vec<String> {
    vec!["a".repeat(64), "x-1_y.z".to_string()]
}

/// Every place an id goes: the document (a valid dataset id need only load on its own), where
/// the id is put (returning the path of its problem), and the message of a bad one.
const ID_PLACES: &[(Load, Place, Message)] = &[
    (
        Load::Template,
        |d, id| {
            d["id"] = json!(id);
            "id"
        },
        invalid_id,
    ),
    (
        Load::Template,
        |d, id| {
            push(&mut d["segments"], json!({"id": id, "name": {"en": "New"}}));
            "segments[5].id"
        },
        invalid_id,
    ),
    (
        Load::Template,
        |d, id| {
            push(
                &mut d["products"],
                json!({"id": id, "segment": "system", "name": {"en": "New"}}),
            );
            "products[8].id"
        },
        invalid_id,
    ),
    (
        Load::DatasetAlone,
        |d, id| {
            d["chain"] = json!(id);
            "chain"
        },
        invalid_id,
    ),
    (
        Load::DatasetAlone,
        |d, id| {
            push(&mut d["sources"], json!({"id": id, "title": "New"}));
            "sources[3].id"
        },
        invalid_id,
    ),
    (
        Load::DatasetAlone,
        |d, id| {
            push(
                &mut d["regions"],
                json!({"id": id, "kind": "park", "parent": "city-b", "name": {"en": "New"}}),
            );
            "regions[7].id"
        },
        invalid_id,
    ),
    (
        Load::DatasetAlone,
        |d, id| {
            push(
                &mut d["firms"],
                json!({"id": id, "region": "city-b", "name": {"en": "New"}}),
            );
            "firms[6].id"
        },
        invalid_id,
    ),
    (
        Load::DatasetAlone,
        |d, id| {
            push(
                &mut d["organizations"],
                json!({"id": id, "kind": "platform", "name": {"en": "New"}}),
            );
            "organizations[2].id"
        },
        invalid_id,
    ),
    (
        Load::DatasetAlone,
        |d, id| {
            push(&mut d["firms"][1]["makes"], json!({"product": id}));
            "firms[1].makes[1].product"
        },
        invalid_id,
    ),
    (
        Load::DatasetAlone,
        |d, id| {
            push(
                &mut d["links"],
                json!({"from": "membraneco", "to": "leader", "kind": "supplies", "product": id}),
            );
            "links[7].product"
        },
        invalid_id,
    ),
    (
        Load::DatasetAlone,
        |d, id| {
            d["firms"][1]["tags"] = json!([id]);
            "firms[1].tags[0]"
        },
        invalid_tag,
    ),
];

/// Each bad id in each place gives one problem; each good one loads. A huge id is shortened
/// in its message.
/// A problem line as shown: `path: message`, with the id of the record the path is in
/// after the record's own part (``firms[1] `stackco`: makes[0].product: …``), unless
/// the problem is about that id itself, as the data format's docs say.
fn shown(doc: &Value, path: &str, message: &str) -> String {
    let record = ["sources", "regions", "firms", "organizations"]
        .iter()
        .find_map(|list| {
            let rest = path.strip_prefix(list)?.strip_prefix('[')?;
            let (index, rest) = rest.split_once(']')?;
            let id = doc[*list][index.parse::<usize>().ok()?]["id"].as_str()?;
            (rest != ".id").then(|| (format!("{list}[{index}]"), id.to_string(), rest))
        });
    match record {
        Some((head, id, "")) => format!("{head} `{id}`: {message}"),
        Some((head, id, rest)) => format!("{head} `{id}`: {}: {message}", &rest[1..]),
        None => format!("{path}: {message}"),
    }
}

fn id_checks() -> Vec<Check> {
    let mut checks = Vec::new();
    for &(load, place, message) in ID_PLACES {
        for bad in bad_ids() {
            let mut doc = base(load);
            let path = place(&mut doc, &bad);
            let expect = Expect::Lines(vec![shown(&doc, path, &message(&bad))]);
            checks.push(Check {
                name: format!("id syntax: `{bad}` at {path}"),
                load,
                doc,
                expect,
            });
        }
        for good in good_ids() {
            let mut doc = base(load);
            let path = place(&mut doc, &good);
            checks.push(Check {
                name: format!("id syntax: `{good}` at {path} is valid"),
                load,
                doc,
                expect: Expect::Valid,
            });
        }
    }
    let mut doc = dataset();
    doc["chain"] = json!("X".repeat(10_000));
    let shown = format!("{}…", "X".repeat(80));
    checks.push(Check {
        name: "id syntax: a huge id is shortened in the message".to_string(),
        load: Load::Dataset,
        doc,
        expect: Expect::Lines(vec![format!("chain: {}", invalid_id(&shown))]),
    });
    checks
}

// ---------------------------------------------------------------------------------------
// Date syntax
// ---------------------------------------------------------------------------------------

/// Every place a date goes, and its path.
const DATE_PLACES: &[(SetValue, &str)] = &[
    (|d, v| d["as_of"] = json!(v), "as_of"),
    (
        |d, v| d["sources"][0]["published"] = json!(v),
        "sources[0].published",
    ),
    (
        |d, v| d["firms"][4]["makes"][0]["since"] = json!(v),
        "firms[4].makes[0].since",
    ),
    (|d, v| d["links"][0]["since"] = json!(v), "links[0].since"),
    (|d, v| d["links"][2]["until"] = json!(v), "links[2].until"),
];

/// Dates that break the syntax.
const BAD_DATES: &[&str] = &[
    "2024/03",
    "24-03",
    "2024-3",
    "2024-03-1",
    "March 2024",
    "",
    "2024-03-01T00",
];

/// Dates of the right shape that do not exist, and what does not.
const IMPOSSIBLE_DATES: &[(&str, &str)] = &[
    ("2025-02-29", "day"),
    ("2025-04-31", "day"),
    ("2025-01-00", "day"),
    ("2023-02-29", "day"),
    ("2025-13", "month (months are 01 to 12)"),
    ("2025-00", "month (months are 01 to 12)"),
    ("2025-13-01", "month (months are 01 to 12)"),
];

/// Each bad date in each place, and each impossible one in a makes fact, gives one problem.
fn date_checks() -> Vec<Check> {
    let mut checks = Vec::new();
    for &(set, path) in DATE_PLACES {
        for &bad in BAD_DATES {
            let line = shown(&dataset(), path, &invalid_date(bad));
            let name = format!("date syntax: `{bad}` at {path}");
            let change = |d: &mut Value| set(d, bad);
            checks.push(Check::new(
                name,
                Load::Dataset,
                change,
                Expect::Lines(vec![line]),
            ));
        }
    }
    for &(bad, what) in IMPOSSIBLE_DATES {
        let path = "firms[4].makes[0].since";
        let message = format!("invalid date `{bad}`: there is no such {what}");
        let line = shown(&dataset(), path, &message);
        let name = format!("impossible date `{bad}`");
        let change = |d: &mut Value| d["firms"][4]["makes"][0]["since"] = json!(bad);
        checks.push(Check::new(
            name,
            Load::Dataset,
            change,
            Expect::Lines(vec![line]),
        ));
    }
    checks
}

// ---------------------------------------------------------------------------------------
// The cases: one change to a minimal document, and the problem lines it gives
// ---------------------------------------------------------------------------------------

/// The rules of the data format, one change each, grouped as the spec groups them. The
/// expected lines are the problems as shown (`path: message`), in document order.
const CASES: &[Case] = &[
    // Unknown ids.
    Case {
        name: "unknown segment of a product",
        load: Load::Template,
        change: |d| d["products"][0]["segment"] = json!("nowhere"),
        lines: &["products[0] `vanadium-slag`: segment: unknown segment `nowhere`"],
    },
    Case {
        name: "unknown product in inputs",
        load: Load::Template,
        change: |d| d["products"][5]["inputs"] = json!(["membrane", "unobtainium"]),
        lines: &["products[5] `stack`: inputs[1]: unknown product `unobtainium`"],
    },
    Case {
        name: "unknown product in a group of alternatives",
        load: Load::Template,
        change: |d| d["products"][2]["inputs"] = json!([["vanadium-slag", "moon-rock"]]),
        lines: &["products[2] `v2o5`: inputs[0][1]: unknown product `moon-rock`"],
    },
    Case {
        name: "unknown region of a firm",
        load: Load::Dataset,
        change: |d| d["firms"][2]["region"] = json!("atlantis"),
        lines: &[
            "firms[2] `membraneco`: region: unknown region `atlantis`",
        ],
    },
    Case {
        name: "unknown parent of a region",
        load: Load::Dataset,
        change: |d| d["regions"][1]["parent"] = json!("atlantis"),
        lines: &[
            "regions[1] `province-a`: parent: unknown region `atlantis`",
        ],
    },
    Case {
        name: "unknown region of an organization",
        load: Load::Dataset,
        change: |d| d["organizations"][1]["region"] = json!("atlantis"),
        lines: &[
            "organizations[1] `institute`: region: unknown region `atlantis`",
        ],
    },
    Case {
        name: "unknown from of a link",
        load: Load::Dataset,
        change: |d| d["links"][0]["from"] = json!("ghost"),
        lines: &["links[0].from: unknown firm or organization `ghost`"],
    },
    Case {
        name: "unknown to of a link",
        load: Load::Dataset,
        change: |d| d["links"][4]["to"] = json!("phantom"),
        lines: &["links[4].to: unknown firm or organization `phantom`"],
    },
    Case {
        name: "a region id is not a firm or organization id",
        load: Load::Dataset,
        change: |d| d["links"][5]["to"] = json!("abroad"),
        lines: &["links[5].to: unknown firm or organization `abroad`"],
    },
    Case {
        name: "unknown source of a firm",
        load: Load::Dataset,
        change: |d| d["firms"][3]["sources"] = json!(["ex-a", "ex-z"]),
        lines: &[
            "firms[3] `minerco`: sources[1]: unknown source `ex-z`",
        ],
    },
    Case {
        name: "unknown source of a makes fact",
        load: Load::Dataset,
        change: |d| d["firms"][3]["makes"][1]["sources"] = json!(["ex-z"]),
        lines: &[
            "firms[3] `minerco`: makes[1].sources[0]: unknown source `ex-z`",
        ],
    },
    Case {
        name: "unknown source of an organization",
        load: Load::Dataset,
        change: |d| d["organizations"][0]["sources"] = json!(["ex-z"]),
        lines: &[
            "organizations[0] `alliance`: sources[0]: unknown source `ex-z`",
        ],
    },
    Case {
        name: "unknown source of a link",
        load: Load::Dataset,
        change: |d| d["links"][6]["sources"] = json!(["ex-b", "ex-z"]),
        lines: &["links[6].sources[1]: unknown source `ex-z`"],
    },
    Case {
        name: "unknown product of a makes fact against the template",
        load: Load::AgainstTemplate,
        change: |d| d["firms"][3]["makes"][1]["product"] = json!("unobtainium"),
        lines: &[
            "firms[3] `minerco`: makes[1].product: unknown product `unobtainium` (not in chain `vrfb-mini`)",
        ],
    },
    Case {
        name: "unknown product of a link against the template",
        load: Load::AgainstTemplate,
        change: |d| d["links"][1]["product"] = json!("unobtainium"),
        lines: &["links[1].product: unknown product `unobtainium` (not in chain `vrfb-mini`)"],
    },
    // Duplicate ids and namespaces.
    Case {
        name: "duplicate segment ids",
        load: Load::Template,
        change: |d| push(&mut d["segments"], json!({"id": "stack", "name": {"en": "Again"}})),
        lines: &["segments[5].id: duplicate segment id `stack` (first at segments[2].id)"],
    },
    Case {
        name: "duplicate product ids",
        load: Load::Template,
        change: |d| {
            push(
                &mut d["products"],
                json!({"id": "v2o5", "segment": "resource", "name": {"en": "Again"}}),
            )
        },
        lines: &["products[8].id: duplicate product id `v2o5` (first at products[2].id)"],
    },
    Case {
        name: "duplicate source ids",
        load: Load::Dataset,
        change: |d| push(&mut d["sources"], json!({"id": "ex-a", "title": "Again"})),
        lines: &["sources[3].id: duplicate source id `ex-a` (first at sources[0].id)"],
    },
    Case {
        name: "duplicate region ids",
        load: Load::Dataset,
        change: |d| {
            push(
                &mut d["regions"],
                json!({"id": "city-a", "kind": "city", "name": {"en": "Again"}}),
            )
        },
        lines: &["regions[7].id: duplicate region id `city-a` (first at regions[2].id)"],
    },
    Case {
        name: "duplicate firm ids",
        load: Load::Dataset,
        change: |d| {
            push(
                &mut d["firms"],
                json!({"id": "stackco", "region": "city-b", "name": {"en": "Again"}}),
            )
        },
        lines: &[
            "firms[6].id: duplicate firm or organization id `stackco` (first at firms[1].id)",
        ],
    },
    Case {
        name: "an organization with a firm's id",
        load: Load::Dataset,
        change: |d| {
            push(
                &mut d["organizations"],
                json!({"id": "leader", "kind": "platform", "name": {"en": "Leader platform"}}),
            )
        },
        lines: &[
            "organizations[2].id: duplicate firm or organization id `leader` (first at firms[0].id)",
        ],
    },
    Case {
        name: "duplicate organization ids",
        load: Load::Dataset,
        change: |d| {
            push(
                &mut d["organizations"],
                json!({"id": "alliance", "kind": "other", "name": {"en": "Again"}}),
            )
        },
        lines: &["organizations[2].id: duplicate firm or organization id `alliance` (first at organizations[0].id)"],
    },
    // The region forest.
    Case {
        name: "region that is its own parent",
        load: Load::Dataset,
        change: |d| d["regions"][5]["parent"] = json!("city-b"),
        lines: &[
            "regions[5] `city-b`: parent: region `city-b` is its own parent",
        ],
    },
    Case {
        name: "region two-cycle",
        load: Load::Dataset,
        // country → province-a → country
        change: |d| d["regions"][0]["parent"] = json!("province-a"),
        lines: &[
            "regions[0] `country`: parent: region cycle: country → province-a → country",
        ],
    },
    Case {
        name: "region three-cycle",
        load: Load::Dataset,
        // country → city-a → province-a → country; zone-a hangs off the cycle.
        change: |d| d["regions"][0]["parent"] = json!("city-a"),
        lines: &[
            "regions[0] `country`: parent: region cycle: country → city-a → province-a → country",
        ],
    },
    Case {
        name: "a region cycle is reported at its first region in document order",
        load: Load::Dataset,
        // province-b (4) → city-b (5) → province-b: the cycle starts at regions[4].
        change: |d| d["regions"][4]["parent"] = json!("city-b"),
        lines: &[
            "regions[4] `province-b`: parent: region cycle: province-b → city-b → province-b",
        ],
    },
    // The template: cycles, segment order, requirements.
    Case {
        name: "template two-cycle",
        load: Load::Template,
        change: |d| {
            d["products"][0]["inputs"] = json!(["stone-coal"]);
            d["products"][1]["inputs"] = json!(["vanadium-slag"]);
        },
        lines: &["products[0] `vanadium-slag`: inputs: input cycle between products `vanadium-slag`, `stone-coal`"],
    },
    Case {
        name: "template three-cycle through an alternative",
        load: Load::Template,
        // v2o5 needs vanadium-slag or stone-coal; vanadium-slag ← stone-coal ← v2o5.
        change: |d| {
            d["products"][0]["inputs"] = json!(["stone-coal"]);
            d["products"][1]["inputs"] = json!(["v2o5"]);
        },
        lines: &["products[0] `vanadium-slag`: inputs: input cycle between products `vanadium-slag`, `stone-coal`, `v2o5`"],
    },
    Case {
        name: "an input downstream of its product",
        load: Load::Template,
        // A resource made from a material.
        change: |d| d["products"][0]["inputs"] = json!(["membrane"]),
        lines: &["products[0] `vanadium-slag`: inputs[0]: input `membrane` is in segment `materials`, downstream of `resource`"],
    },
    Case {
        name: "inputs from the same segment and upstream are fine",
        load: Load::Template,
        // electrolyte ← v2o5 upstream.
        change: |d| d["products"][4]["inputs"] = json!(["electrolyte", "v2o5"]),
        lines: &[],
    },
    Case {
        name: "a template needs a segment",
        load: Load::Template,
        change: |d| {
            d["segments"] = json!([]);
            d["products"] = json!([]);
        },
        lines: &["segments: a template needs at least one segment"],
    },
    Case {
        name: "empty requirement",
        load: Load::Template,
        change: |d| d["products"][6]["inputs"] = json!(["stack", []]),
        lines: &["products[6] `storage-system`: inputs[1]: empty requirement: list at least one alternative"],
    },
    Case {
        name: "a group of one alternative is fine",
        load: Load::Template,
        change: |d| d["products"][6]["inputs"] = json!(["stack", ["electrolyte"]]),
        lines: &[],
    },
    Case {
        name: "repeated alternative",
        load: Load::Template,
        change: |d| {
            d["products"][2]["inputs"] = json!([["vanadium-slag", "stone-coal", "vanadium-slag"]])
        },
        lines: &["products[2] `v2o5`: inputs[0][2]: requirement repeats `vanadium-slag`"],
    },
    Case {
        name: "a product that lists itself",
        load: Load::Template,
        change: |d| d["products"][4]["inputs"] = json!(["membrane"]),
        lines: &["products[4] `membrane`: inputs[0]: product `membrane` lists itself as an input"],
    },
    Case {
        name: "a product that lists itself as an alternative",
        load: Load::Template,
        change: |d| d["products"][2]["inputs"] = json!([["vanadium-slag", "v2o5"]]),
        lines: &["products[2] `v2o5`: inputs[0][1]: product `v2o5` lists itself as an input"],
    },
    // Links: kinds and endpoint rules, self-links, duplicates.
    Case {
        name: "unknown link kind",
        load: Load::Dataset,
        change: |d| d["links"][0]["kind"] = json!("sells"),
        lines: &["links[0].kind: unknown link kind `sells`, expected one of: supplies, owns, partners_with, member_of, transfers_technology"],
    },
    Case {
        name: "a supplies link to an organization",
        load: Load::Dataset,
        change: |d| d["links"][0]["to"] = json!("alliance"),
        lines: &["links[0].to: `alliance` is an organization: the `to` of a supplies link must be a firm"],
    },
    Case {
        name: "a supplies link from an organization",
        load: Load::Dataset,
        change: |d| d["links"][0]["from"] = json!("institute"),
        lines: &["links[0].from: `institute` is an organization: the `from` of a supplies link must be a firm"],
    },
    Case {
        name: "a supplies link needs a product",
        load: Load::Dataset,
        change: |d| remove(&mut d["links"][1], "product"),
        lines: &["links[1].product: supplies link from `membraneco` to `stackco` needs a product"],
    },
    Case {
        name: "an owns link to an organization",
        load: Load::Dataset,
        change: |d| d["links"][3]["to"] = json!("alliance"),
        lines: &["links[3].to: `alliance` is an organization: the `to` of an owns link must be a firm"],
    },
    Case {
        name: "a member_of link to a firm",
        load: Load::Dataset,
        change: |d| d["links"][4]["to"] = json!("gridco"),
        lines: &["links[4].to: `gridco` is a firm: the `to` of a member_of link must be an organization"],
    },
    Case {
        name: "an organization may be a member of another",
        load: Load::Dataset,
        change: |d| d["links"][4]["from"] = json!("institute"),
        lines: &[],
    },
    Case {
        name: "a transfers_technology link to an organization",
        load: Load::Dataset,
        change: |d| d["links"][6]["to"] = json!("alliance"),
        lines: &["links[6].to: `alliance` is an organization: the `to` of a transfers_technology link must be a firm"],
    },
    Case {
        name: "a transfers_technology link from any firm",
        load: Load::Dataset,
        change: |d| d["links"][6]["from"] = json!("leader"),
        lines: &[],
    },
    Case {
        name: "a partners_with link stored both ways",
        load: Load::Dataset,
        change: |d| {
            push(
                &mut d["links"],
                json!({"from": "gridco", "to": "leader", "kind": "partners_with"}),
            )
        },
        lines: &["links[7]: partners_with link between `gridco` and `leader` stored twice (first at links[5]): store it once"],
    },
    Case {
        name: "a partnership reversed, then written again the first way",
        load: Load::Dataset,
        // The third is a duplicate of the first, and only that: not also stored twice.
        change: |d| {
            let first = d["links"][5].clone();
            let reversed = json!({"from": "gridco", "to": "leader", "kind": "partners_with"});
            push(&mut d["links"], reversed);
            push(&mut d["links"], first);
        },
        lines: &[
            "links[7]: partners_with link between `gridco` and `leader` stored twice (first at links[5]): store it once",
            "links[8]: duplicate partners_with link from `leader` to `gridco` (first at links[5])",
        ],
    },
    Case {
        name: "a partners_with link between organizations",
        load: Load::Dataset,
        change: |d| {
            d["links"][5]["from"] = json!("institute");
            d["links"][5]["to"] = json!("alliance");
        },
        lines: &[],
    },
    Case {
        name: "a link to itself",
        load: Load::Dataset,
        change: |d| d["links"][5]["to"] = json!("leader"),
        lines: &["links[5]: link from `leader` to itself"],
    },
    Case {
        name: "duplicate links",
        load: Load::Dataset,
        // Same from, to, kind and product; another status does not make it another link.
        change: |d| {
            let mut again = d["links"][0].clone();
            again["status"] = json!("announced");
            push(&mut d["links"], again);
        },
        lines: &["links[7]: duplicate supplies link from `stackco` to `leader` (first at links[0])"],
    },
    // Dates (their syntax: `date_checks`).
    Case {
        name: "a link's until before its since",
        load: Load::Dataset,
        change: |d| d["links"][2]["until"] = json!("2018-12-31"),
        lines: &["links[2].until: until 2018-12-31 must come after since 2019"],
    },
    Case {
        name: "a makes fact's until before its since",
        load: Load::Dataset,
        change: |d| d["firms"][4]["makes"][0]["until"] = json!("2024-06"),
        lines: &[
            "firms[4] `slagworks`: makes[0].until: until 2024-06 must come after since 2025",
        ],
    },
    Case {
        name: "until equal to since",
        load: Load::Dataset,
        change: |d| d["links"][2]["until"] = json!("2019"),
        lines: &["links[2].until: until 2019 must come after since 2019"],
    },
    Case {
        name: "a partial since is its first day",
        load: Load::Dataset,
        // since 2025 = 2025-01-01, so until 2025-01-01 is not later.
        change: |d| d["firms"][4]["makes"][0]["until"] = json!("2025-01-01"),
        lines: &[
            "firms[4] `slagworks`: makes[0].until: until 2025-01-01 must come after since 2025",
        ],
    },
    Case {
        name: "a partial until is its first day",
        load: Load::Dataset,
        change: |d| {
            d["links"][0]["since"] = json!("2024-03-01");
            d["links"][0]["until"] = json!("2024-03");
        },
        lines: &["links[0].until: until 2024-03 must come after since 2024-03-01"],
    },
    Case {
        name: "an until one day after a partial since is fine",
        load: Load::Dataset,
        change: |d| d["firms"][4]["makes"][0]["until"] = json!("2025-01-02"),
        lines: &[],
    },
    // Shares, capacities.
    Case {
        name: "a share of zero",
        load: Load::Dataset,
        change: |d| d["links"][3]["share"] = json!(0),
        lines: &["links[3].share: share must be in (0, 1], got 0"],
    },
    Case {
        name: "a share above one",
        load: Load::Dataset,
        change: |d| d["links"][3]["share"] = json!(1.5),
        lines: &["links[3].share: share must be in (0, 1], got 1.5"],
    },
    Case {
        name: "a negative share",
        load: Load::Dataset,
        change: |d| d["links"][3]["share"] = json!(-0.2),
        lines: &["links[3].share: share must be in (0, 1], got -0.2"],
    },
    Case {
        name: "a negative capacity",
        load: Load::Dataset,
        change: |d| d["firms"][0]["makes"][0]["capacity"]["value"] = json!(-1.0),
        lines: &[
            "firms[0] `leader`: makes[0].capacity.value: capacity must be a number ≥ 0, got -1",
        ],
    },
    // Grades, statuses, kinds.
    Case {
        name: "unknown grade D",
        load: Load::Dataset,
        change: |d| d["sources"][1]["grade"] = json!("D"),
        lines: &[
            "sources[1] `ex-b`: grade: unknown grade `D`, expected one of: A, B, C",
        ],
    },
    Case {
        name: "grades are uppercase",
        load: Load::Dataset,
        change: |d| d["sources"][1]["grade"] = json!("a"),
        lines: &[
            "sources[1] `ex-b`: grade: unknown grade `a`, expected one of: A, B, C",
        ],
    },
    Case {
        // `none` is the grade of a fact with no sources, not a grade a source may have.
        name: "a source graded none",
        load: Load::Dataset,
        change: |d| d["sources"][1]["grade"] = json!("none"),
        lines: &[
            "sources[1] `ex-b`: grade: unknown grade `none`, expected one of: A, B, C",
        ],
    },
    Case {
        name: "unknown grade A+",
        load: Load::Dataset,
        change: |d| d["sources"][1]["grade"] = json!("A+"),
        lines: &[
            "sources[1] `ex-b`: grade: unknown grade `A+`, expected one of: A, B, C",
        ],
    },
    Case {
        name: "unknown status of a link",
        load: Load::Dataset,
        change: |d| d["links"][1]["status"] = json!("running"),
        lines: &["links[1].status: unknown status `running`, expected one of: announced, building, operating, closed"],
    },
    Case {
        name: "unknown status of a makes fact",
        load: Load::Dataset,
        change: |d| d["firms"][3]["makes"][1]["status"] = json!("running"),
        lines: &[
            "firms[3] `minerco`: makes[1].status: unknown status `running`, expected one of: announced, building, operating, closed",
        ],
    },
    Case {
        name: "unknown region kind",
        load: Load::Dataset,
        change: |d| d["regions"][1]["kind"] = json!("state"),
        lines: &[
            "regions[1] `province-a`: kind: unknown region kind `state`, expected one of: country, province, city, district, zone, park, other",
        ],
    },
    Case {
        name: "unknown organization kind",
        load: Load::Dataset,
        change: |d| d["organizations"][0]["kind"] = json!("club"),
        lines: &[
            "organizations[0] `alliance`: kind: unknown organization kind `club`, expected one of: alliance, research, university, government, platform, other",
        ],
    },
    // Names.
    Case {
        name: "the template's name needs zh or en",
        load: Load::Template,
        change: |d| d["name"] = json!({}),
        lines: &["name: name needs `zh` or `en`"],
    },
    Case {
        name: "a segment's name needs zh or en",
        load: Load::Template,
        change: |d| d["segments"][3]["name"] = json!({}),
        lines: &["segments[3] `system`: name: name needs `zh` or `en`"],
    },
    Case {
        name: "a product's name needs zh or en",
        load: Load::Template,
        change: |d| d["products"][6]["name"] = json!({}),
        lines: &["products[6] `storage-system`: name: name needs `zh` or `en`"],
    },
    Case {
        name: "a region's name needs zh or en",
        load: Load::Dataset,
        change: |d| d["regions"][6]["name"] = json!({}),
        lines: &[
            "regions[6] `abroad`: name: name needs `zh` or `en`",
        ],
    },
    Case {
        name: "a firm's name needs zh or en",
        load: Load::Dataset,
        change: |d| d["firms"][2]["name"] = json!({}),
        lines: &[
            "firms[2] `membraneco`: name: name needs `zh` or `en`",
        ],
    },
    Case {
        name: "an organization's name needs zh or en",
        load: Load::Dataset,
        change: |d| d["organizations"][1]["name"] = json!({}),
        lines: &[
            "organizations[1] `institute`: name: name needs `zh` or `en`",
        ],
    },
    Case {
        name: "an empty part of a product's name",
        load: Load::Template,
        change: |d| d["products"][0]["name"]["en"] = json!(""),
        lines: &["products[0] `vanadium-slag`: name.en: name is empty"],
    },
    Case {
        name: "an empty part of a firm's name",
        load: Load::Dataset,
        change: |d| d["firms"][0]["name"]["zh"] = json!(""),
        lines: &[
            "firms[0] `leader`: name.zh: name is empty",
        ],
    },
    Case {
        name: "one part of a name is enough",
        load: Load::Dataset,
        change: |d| d["firms"][0]["name"] = json!({"en": "Leader"}),
        lines: &[],
    },
    Case {
        name: "shape and content problems of a template, all at once",
        load: Load::Template,
        // A missing or mistyped value is not also reported as empty or unknown.
        change: |d| {
            d["segments"][1]["name"] = json!(5);
            d["products"][3]["inptus"] = json!([]);
            remove(&mut d["products"][4], "segment");
            d["products"][5]["inputs"][0] = json!(7);
            d["products"][6]["segment"] = json!("nowhere");
        },
        lines: &[
            "segments[1] `materials`: name: invalid type: integer `5`, expected an object (line 103, column 15)",
            "products[3] `electrolyte`: unknown field `inptus`, expected one of `id`, `segment`, `name`, `description`, `inputs` (line 41, column 7)",
            "products[4] `membrane`: missing field `segment` (line 51, column 5)",
            "products[5] `stack`: inputs[0]: invalid type: integer `7`, expected a product id or a list of product ids (line 61, column 9)",
            "products[6] `storage-system`: segment: unknown segment `nowhere`",
        ],
    },
    Case {
        name: "a product that is not an object keeps the places of the others",
        load: Load::Template,
        change: |d| {
            let products = d["products"].as_array_mut().unwrap();
            products.insert(1, json!(5));
            d["products"][4]["segment"] = json!("nowhere");
        },
        lines: &[
            "products[1]: invalid type: integer `5`, expected an object (line 17, column 5)",
            "products[4] `electrolyte`: segment: unknown segment `nowhere`",
        ],
    },
    // Format strings.
    Case {
        name: "a template with no format",
        load: Load::Template,
        change: |d| remove(d, "format"),
        lines: &["missing field `format` (line 1, column 1)"],
    },
    Case {
        name: "a template of another version",
        load: Load::Template,
        change: |d| d["format"] = json!("chain@2"),
        lines: &["format: unknown format `chain@2`, expected `chain@1`"],
    },
    Case {
        name: "a template in the dataset format",
        load: Load::Template,
        change: |d| d["format"] = json!("dataset@1"),
        lines: &["format: unknown format `dataset@1`, expected `chain@1`"],
    },
    Case {
        name: "a template with an empty format",
        load: Load::Template,
        change: |d| d["format"] = json!(""),
        lines: &["format: unknown format ``, expected `chain@1`"],
    },
    Case {
        name: "a dataset of another version",
        load: Load::Dataset,
        change: |d| d["format"] = json!("dataset@2"),
        lines: &["format: unknown format `dataset@2`, expected `dataset@1`"],
    },
    Case {
        name: "a dataset in the template format",
        load: Load::Dataset,
        change: |d| d["format"] = json!("chain@1"),
        lines: &["format: unknown format `chain@1`, expected `dataset@1`"],
    },
    Case {
        name: "formats are lowercase",
        load: Load::Dataset,
        change: |d| d["format"] = json!("Dataset@1"),
        lines: &["format: unknown format `Dataset@1`, expected `dataset@1`"],
    },
    // Firms need a region; the dataset names its template.
    Case {
        name: "a firm with no region",
        load: Load::Dataset,
        change: |d| remove(&mut d["firms"][4], "region"),
        lines: &[
            "firms[4] `slagworks`: region: firm `slagworks` has no region: gap analysis is about places",
        ],
    },
    Case {
        name: "a firm's region is not null",
        load: Load::Dataset,
        change: |d| d["firms"][4]["region"] = json!(null),
        lines: &["firms[4] `slagworks`: region: invalid type: null, expected a string (line 119, column 17)"],
    },
    Case {
        name: "a dataset for another template",
        load: Load::AgainstTemplate,
        change: |d| d["chain"] = json!("vrfb"),
        lines: &["chain: dataset is written for chain `vrfb`, but the template is `vrfb-mini`"],
    },
    // All problems at once, in document order.
    Case {
        name: "several dataset problems, in document order",
        load: Load::Dataset,
        // Made in reverse document order on purpose.
        change: |d| {
            d["links"][3]["share"] = json!(2);
            d["links"][0]["from"] = json!("ghost");
            d["firms"][2]["region"] = json!("atlantis");
            d["firms"][0]["makes"][0]["since"] = json!("soon");
            d["regions"][2]["name"] = json!({});
            d["sources"][1]["grade"] = json!("Z");
            d["format"] = json!("dataset@0");
        },
        lines: &[
            "format: unknown format `dataset@0`, expected `dataset@1`",
            "sources[1] `ex-b`: grade: unknown grade `Z`, expected one of: A, B, C",
            "regions[2] `city-a`: name: name needs `zh` or `en`",
            "firms[0] `leader`: makes[0].since: invalid date `soon`: use YYYY, YYYY-MM or YYYY-MM-DD",
            "firms[2] `membraneco`: region: unknown region `atlantis`",
            "links[0].from: unknown firm or organization `ghost`",
            "links[3].share: share must be in (0, 1], got 2",
        ],
    },
    Case {
        name: "several template problems, in document order",
        load: Load::Template,
        change: |d| {
            d["products"][6]["inputs"] = json!(["stack", "ghost"]);
            d["products"][3]["segment"] = json!("nowhere");
            d["segments"][1]["name"] = json!({});
            d["id"] = json!("Bad");
            d["format"] = json!("chain@0");
        },
        lines: &[
            "format: unknown format `chain@0`, expected `chain@1`",
            "id: invalid id `Bad`: use 1-64 characters from a-z 0-9 - _ .",
            "segments[1] `materials`: name: name needs `zh` or `en`",
            "products[3] `electrolyte`: segment: unknown segment `nowhere`",
            "products[6] `storage-system`: inputs[1]: unknown product `ghost`",
        ],
    },
    Case {
        name: "a cycle among other template problems, in document order",
        load: Load::Template,
        change: |d| {
            d["products"][0]["inputs"] = json!(["stone-coal"]);
            d["products"][1]["inputs"] = json!(["vanadium-slag"]);
            d["products"][2]["inputs"] = json!([["vanadium-slag", "ghost"]]);
            d["products"][7]["segment"] = json!("nowhere");
        },
        lines: &[
            "products[0] `vanadium-slag`: inputs: input cycle between products `vanadium-slag`, `stone-coal`",
            "products[2] `v2o5`: inputs[0][1]: unknown product `ghost`",
            "products[7] `grid-storage`: segment: unknown segment `nowhere`",
        ],
    },
    // Values of the wrong type, unknown and repeated keys, missing keys: problems like
    // any other, with their line and column, since the one reader (they stopped the read
    // as JSON errors before).
    Case {
        name: "a dataset with no chain",
        load: Load::Dataset,
        change: |d| remove(d, "chain"),
        lines: &[
            "missing field `chain` (line 1, column 1)",
        ],
    },
    Case {
        name: "a source with no id",
        load: Load::Dataset,
        change: |d| remove(&mut d["sources"][0], "id"),
        lines: &[
            "sources[0]: missing field `id` (line 308, column 5)",
            "firms[1] `stackco`: sources[0]: unknown source `ex-a`",
            "firms[1] `stackco`: makes[0].sources[0]: unknown source `ex-a`",
            "firms[3] `minerco`: sources[0]: unknown source `ex-a`",
            "firms[3] `minerco`: makes[1].sources[0]: unknown source `ex-a`",
            "firms[5] `gridco`: sources[0]: unknown source `ex-a`",
            "firms[5] `gridco`: makes[0].sources[0]: unknown source `ex-a`",
            "links[0].sources[0]: unknown source `ex-a`",
        ],
    },
    Case {
        name: "a source with no title",
        load: Load::Dataset,
        change: |d| remove(&mut d["sources"][0], "title"),
        lines: &[
            "sources[0] `ex-a`: missing field `title` (line 308, column 5)",
        ],
    },
    Case {
        name: "a region with no id",
        load: Load::Dataset,
        change: |d| remove(&mut d["regions"][0], "id"),
        lines: &[
            "regions[0]: missing field `id` (line 246, column 5)",
            "regions[1] `province-a`: parent: unknown region `country`",
            "regions[4] `province-b`: parent: unknown region `country`",
        ],
    },
    Case {
        name: "a region with no kind",
        load: Load::Dataset,
        change: |d| remove(&mut d["regions"][0], "kind"),
        lines: &[
            "regions[0] `country`: missing field `kind` (line 246, column 5)",
        ],
    },
    Case {
        name: "a region with no name",
        load: Load::Dataset,
        change: |d| remove(&mut d["regions"][0], "name"),
        lines: &[
            "regions[0] `country`: missing field `name` (line 246, column 5)",
        ],
    },
    Case {
        name: "a firm with no id",
        load: Load::Dataset,
        change: |d| remove(&mut d["firms"][0], "id"),
        lines: &[
            "firms[0]: missing field `id` (line 5, column 5)",
            "links[0].to: unknown firm or organization `leader`",
            "links[3].from: unknown firm or organization `leader`",
            "links[4].from: unknown firm or organization `leader`",
            "links[5].from: unknown firm or organization `leader`",
        ],
    },
    Case {
        name: "a firm with no name",
        load: Load::Dataset,
        change: |d| remove(&mut d["firms"][0], "name"),
        lines: &[
            "firms[0] `leader`: missing field `name` (line 5, column 5)",
        ],
    },
    Case {
        name: "a makes fact with no product",
        load: Load::Dataset,
        change: |d| remove(&mut d["firms"][0]["makes"][0], "product"),
        lines: &[
            "firms[0] `leader`: makes[0]: missing field `product` (line 8, column 9)",
        ],
    },
    Case {
        name: "a capacity with no value",
        load: Load::Dataset,
        change: |d| remove(&mut d["firms"][0]["makes"][0]["capacity"], "value"),
        lines: &[
            "firms[0] `leader`: makes[0].capacity: missing field `value` (line 9, column 23)",
        ],
    },
    Case {
        name: "a capacity with no unit",
        load: Load::Dataset,
        change: |d| remove(&mut d["firms"][0]["makes"][0]["capacity"], "unit"),
        lines: &[
            "firms[0] `leader`: makes[0].capacity: missing field `unit` (line 9, column 23)",
        ],
    },
    Case {
        name: "an organization with no kind",
        load: Load::Dataset,
        change: |d| remove(&mut d["organizations"][0], "kind"),
        lines: &[
            "organizations[0] `alliance`: missing field `kind` (line 221, column 5)",
        ],
    },
    Case {
        name: "a link with no from",
        load: Load::Dataset,
        change: |d| remove(&mut d["links"][0], "from"),
        lines: &[
            "links[0]: missing field `from` (line 147, column 5)",
        ],
    },
    Case {
        name: "a link with no to",
        load: Load::Dataset,
        change: |d| remove(&mut d["links"][0], "to"),
        lines: &[
            "links[0]: missing field `to` (line 147, column 5)",
        ],
    },
    Case {
        name: "a link with no kind",
        load: Load::Dataset,
        change: |d| remove(&mut d["links"][0], "kind"),
        lines: &[
            "links[0]: missing field `kind` (line 147, column 5)",
        ],
    },
    Case {
        name: "a dataset with no format",
        load: Load::Dataset,
        change: |d| remove(d, "format"),
        lines: &["missing field `format` (line 1, column 1)"],
    },
];

// ---------------------------------------------------------------------------------------
// The minimal documents, and what valid changes load as
// ---------------------------------------------------------------------------------------

#[test]
fn the_minimal_documents_are_valid() {
    let chain = chain_ok(&chain());
    assert_eq!(chain.id, "vrfb-mini");
    let dataset = dataset_ok(&dataset());
    assert_eq!(dataset.chain, "vrfb-mini");
    assert!(chain.validate().is_empty());
    assert!(dataset.validate().is_empty());
}

#[test]
fn segment_and_product_ids_are_separate_namespaces() {
    // The minimal template has a product `stack` in a segment `stack`.
    let chain = chain_ok(&chain());
    assert_eq!(chain.segment("stack").map(|s| s.id.as_str()), Some("stack"));
    assert_eq!(
        chain.product("stack").map(|p| p.segment.as_str()),
        Some("stack")
    );
}

#[test]
fn the_region_of_an_organization_is_optional() {
    let mut doc = dataset();
    remove(&mut doc["organizations"][1], "region");
    assert_eq!(dataset_ok(&doc).organizations[1].region, None);
}

#[test]
fn an_organization_may_own_a_firm() {
    let mut doc = dataset();
    doc["links"][3]["from"] = json!("institute");
    let d = dataset_ok(&doc);
    assert_eq!(d.links[3].kind, LinkKind::Owns);
}

#[test]
fn links_differing_in_product_or_kind_are_not_duplicates() {
    let mut doc = dataset();
    push(
        &mut doc["links"],
        json!({"from": "stackco", "to": "leader", "kind": "supplies", "product": "membrane"}),
    );
    push(
        &mut doc["links"],
        json!({"from": "leader", "to": "stackco", "kind": "partners_with"}),
    );
    assert_eq!(dataset_ok(&doc).links.len(), 9);
}

#[test]
fn leap_day_is_a_valid_date() {
    let mut doc = dataset();
    doc["firms"][4]["makes"][0]["since"] = json!("2024-02-29");
    doc["sources"][1]["published"] = json!("2000-02-29");
    let d = dataset_ok(&doc);
    let since = d.firms[4].makes[0].since.expect("a date");
    assert_eq!(
        (since.year(), since.month(), since.day()),
        (2024, Some(2), Some(29))
    );
    assert_eq!(
        d.sources[1].published.map(|p| p.to_string()).as_deref(),
        Some("2000-02-29")
    );
}

#[test]
fn share_of_one_is_fine() {
    let mut doc = dataset();
    doc["links"][3]["share"] = json!(1.0);
    assert_eq!(dataset_ok(&doc).links[3].share, Some(1.0));
}

#[test]
fn zero_is_a_capacity() {
    let mut doc = dataset();
    doc["firms"][0]["makes"][0]["capacity"]["value"] = json!(0);
    let d = dataset_ok(&doc);
    assert_eq!(
        d.firms[0].makes[0].capacity.as_ref().map(|c| c.value),
        Some(0.0)
    );
}

#[test]
fn missing_grade_defaults_to_c() {
    let mut doc = dataset();
    remove(&mut doc["sources"][0], "grade");
    assert_eq!(dataset_ok(&doc).sources[0].grade, Grade::C);
}

#[test]
fn missing_status_defaults_to_operating() {
    let mut doc = dataset();
    remove(&mut doc["firms"][4]["makes"][0], "status");
    remove(&mut doc["links"][5], "status");
    let d = dataset_ok(&doc);
    assert_eq!(d.firms[4].makes[0].status, Status::Operating);
    assert_eq!(d.links[5].status, Status::Operating);
}

#[test]
fn extra_is_any_json_on_firms_organizations_and_links() {
    let mut doc = dataset();
    doc["firms"][2]["extra"] = json!([1, "two", null]);
    doc["organizations"][0]["extra"] = json!("a string");
    doc["links"][0]["extra"] = json!({"nested": {"deep": [true]}});
    let d = dataset_ok(&doc);
    assert_eq!(
        d.firms[2].extra.as_ref().and_then(|e| e.to_value().ok()),
        Some(json!([1, "two", null]))
    );
    assert_eq!(
        d.organizations[0]
            .extra
            .as_ref()
            .and_then(|e| e.to_value().ok()),
        Some(json!("a string"))
    );
    assert_eq!(
        d.links[0].extra.as_ref().and_then(|e| e.to_value().ok()),
        Some(json!({"nested": {"deep": [true]}}))
    );
}

// ---------------------------------------------------------------------------------------
// Problems the table cannot state
// ---------------------------------------------------------------------------------------

#[test]
fn firm_with_an_empty_region() {
    let mut doc = dataset();
    doc["firms"][4]["region"] = json!("");
    let problems = dataset_problems(&doc);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path(), "firms[4].region");
    assert!(
        [
            "unknown region ``",
            "firm `slagworks` has no region: gap analysis is about places",
        ]
        .contains(&problems[0].message().as_str()),
        "{}",
        problems[0].message()
    );
    // Built in code, the same dataset must be refused, not panic.
    let mut d = vrfb_chain::builtin::minimal_dataset();
    d.firms[4].region = String::new();
    assert!(KnowledgeGraph::new(vrfb_chain::builtin::minimal_chain(), d).is_err());
}

#[test]
fn graph_validates_documents_built_in_code() {
    // A template edited in code is checked again, and reported as a template problem.
    let mut c = vrfb_chain::builtin::minimal_chain();
    c.products[1].segment = "nowhere".into();
    match KnowledgeGraph::new(c, vrfb_chain::builtin::minimal_dataset()) {
        Err(Error::Invalid {
            document: Document::Chain,
            problems,
            ..
        }) => assert_eq!(
            problems,
            vec![problem("products[1].segment", "unknown segment `nowhere`")]
        ),
        Err(other) => panic!("expected Error::Invalid on the template, got {other:?}"),
        Ok(_) => panic!("expected Error::Invalid on the template, got a graph"),
    }
    // So is a dataset.
    let mut d = vrfb_chain::builtin::minimal_dataset();
    d.links[3].share = Some(2.0);
    match KnowledgeGraph::new(vrfb_chain::builtin::minimal_chain(), d) {
        Err(Error::Invalid {
            document: Document::Dataset,
            problems,
            ..
        }) => assert_eq!(
            problems,
            vec![problem("links[3].share", "share must be in (0, 1], got 2")]
        ),
        Err(other) => panic!("expected Error::Invalid on the dataset, got {other:?}"),
        Ok(_) => panic!("expected Error::Invalid on the dataset, got a graph"),
    }
}

#[test]
fn an_error_shows_every_problem_in_its_display() {
    let case = case("several dataset problems, in document order");
    let mut doc = dataset();
    (case.change)(&mut doc);
    let err = Dataset::from_json_str(&text(&doc)).unwrap_err();
    let lines: Vec<String> = err.problems().iter().map(Problem::to_string).collect();
    assert_eq!(lines, case.lines);
    let mut display = format!("dataset: {} problems", case.lines.len());
    for line in case.lines {
        display.push_str(&format!("\n  {line}"));
    }
    assert_eq!(err.to_string(), display);
}

#[test]
fn several_problems_against_the_template_are_reported_together_in_document_order() {
    let mut doc = dataset();
    doc["links"][1]["product"] = json!("nothing");
    doc["firms"][1]["makes"][0]["product"] = json!("unobtainium");
    doc["chain"] = json!("other");
    let mut d = Dataset::from_json_str(&text(&doc)).expect("the dataset loads on its own");
    // A problem of the dataset on its own, made in code, is reported with the others.
    d.links[4].to = "gridco".into();
    let problems = match KnowledgeGraph::new(chain_ok(&chain()), d) {
        Err(Error::Invalid {
            file: None,
            document: Document::Dataset,
            problems,
        }) => problems,
        Err(other) => panic!("expected Error::Invalid on the dataset, got {other:?}"),
        Ok(_) => panic!("expected Error::Invalid on the dataset, got a graph"),
    };
    let lines: Vec<String> = problems.iter().map(Problem::to_string).collect();
    assert_eq!(
        lines,
        [
            "chain: dataset is written for chain `other`, but the template is `vrfb-mini`",
            "firms[1] `stackco`: makes[0].product: unknown product `unobtainium` (not in chain `vrfb-mini`)",
            "links[1].product: unknown product `nothing` (not in chain `vrfb-mini`)",
            "links[4].to: `gridco` is a firm: the `to` of a member_of link must be an organization",
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Unknown fields: problems with the key's line and column (JSON errors in a template)
// ---------------------------------------------------------------------------------------

#[test]
fn a_typo_is_a_problem_with_line_and_column() {
    let text = concat!(
        "{\"format\": \"dataset@1\", \"chain\": \"vrfb-mini\",\n",
        " \"regions\": [{\"id\": \"r\", \"kind\": \"city\", \"name\": {\"en\": \"R\"}}],\n",
        " \"firms\": [\n",
        "   {\"id\": \"f\", \"name\": {\"en\": \"F\"},\n",
        "    \"regoin\": \"r\"}\n",
        " ]\n",
        "}\n",
    );
    registry_refuses_text(MINIMAL_CHAIN_JSON, text);
    // The unknown key, at its place, and what it leaves out: both need the fix.
    assert_eq!(
        problem_lines(Dataset::from_json_str(text)),
        [
            "firms[0] `f`: unknown field `regoin`, expected one of `id`, `name`, `region`, `tags`, `makes`, `sources`, `extra` (line 5, column 5)",
            "firms[0] `f`: region: firm `f` has no region: gap analysis is about places",
        ]
    );
}

#[test]
fn unknown_fields_in_the_template() {
    let places: [(Field, &str); 4] = [
        (|d| d, "fromat"),
        (|d| &mut d["segments"][1], "nmae"),
        (|d| &mut d["products"][3], "inptus"),
        (|d| &mut d["products"][3]["name"], "fr"),
    ];
    for (place, key) in places {
        let mut doc = chain();
        place(&mut doc)[key] = json!("x");
        let text = text(&doc);
        let problems = match Chain::from_json_str(&text) {
            Err(Error::Invalid { problems, .. }) => problems,
            other => panic!("{key}: expected Error::Invalid, got {other:?}"),
        };
        // Only the key: the rest of the template is read, and is valid.
        assert_eq!(problems.len(), 1, "{key}: {problems:?}");
        let message = problems[0].message();
        assert!(
            message.starts_with(&format!("unknown field `{key}`, expected ")),
            "{message}"
        );
        assert_eq!(
            problems[0].location().position(),
            Some(key_start(&text, key)),
            "{key}"
        );
    }
}

#[test]
fn unknown_fields_in_the_dataset() {
    let places: [(Field, &str); 10] = [
        (|d| d, "as-of"),
        (|d| &mut d["sources"][1], "grde"),
        (|d| &mut d["regions"][2], "parnet"),
        // `extra` is allowed on firms, organizations and links only.
        (|d| &mut d["regions"][3], "extra"),
        (|d| &mut d["firms"][1], "regoin"),
        (|d| &mut d["firms"][1]["makes"][0], "capcity"),
        (|d| &mut d["firms"][0]["makes"][0]["capacity"], "units"),
        (|d| &mut d["firms"][0]["name"], "ja"),
        (|d| &mut d["organizations"][0], "knid"),
        (|d| &mut d["links"][2], "utnil"),
    ];
    for (place, key) in places {
        let mut doc = dataset();
        // Leave one `extra` in the text: the misplaced one.
        remove(&mut doc["firms"][3], "extra");
        remove(&mut doc["links"][6], "extra");
        place(&mut doc)[key] = json!("x");
        let text = text(&doc);
        registry_refuses_text(MINIMAL_CHAIN_JSON, &text);
        let problems = match Dataset::from_json_str(&text) {
            Err(Error::Invalid { problems, .. }) => problems,
            other => panic!("{key}: expected Error::Invalid, got {other:?}"),
        };
        let unknown = problems
            .iter()
            .find(|p| {
                p.message()
                    .starts_with(&format!("unknown field `{key}`, expected "))
            })
            .unwrap_or_else(|| panic!("{key}: no unknown field in {problems:?}"));
        assert_eq!(
            unknown.location().position(),
            Some(key_start(&text, key)),
            "{key}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// JSON errors, encodings, files
// ---------------------------------------------------------------------------------------

#[test]
fn json_syntax_error_has_line_and_column() {
    let text = "{\n  \"format\": \"dataset@1\",\n  \"chain\" \"vrfb-mini\"\n}\n";
    let err = Dataset::from_json_str(text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "dataset: invalid json at line 3, column 11: expected `:`"
    );
    assert_eq!(
        json_error::<Dataset>(Err(err)),
        (Document::Dataset, 3, 11, "expected `:`".to_string())
    );

    let text = "{\"format\": \"chain@1\", \"id\": \"x\",,}";
    assert_eq!(
        json_error(Chain::from_json_str(text)),
        (Document::Chain, 1, 33, "key must be a string".to_string())
    );
}

#[test]
fn json_type_error_has_line_and_column() {
    let text = concat!(
        "{\n",
        "  \"format\": \"dataset@1\", \"chain\": \"vrfb-mini\",\n",
        "  \"links\": [{\"from\": \"a\", \"to\": \"b\", \"kind\": \"owns\", \"share\": \"half\"}]\n",
        "}\n",
    );
    // In a dataset, a problem like any other, with its place; the rest is read too.
    assert_eq!(
        problem_lines(Dataset::from_json_str(text)),
        [
            "links[0].share: invalid type: string \"half\", expected a number (line 3, column 63)",
            "links[0].from: unknown firm or organization `a`",
            "links[0].to: unknown firm or organization `b`",
        ]
    );

    // In a template too.
    let text =
        "{\"format\": \"chain@1\", \"id\": \"x\", \"name\": {\"en\": \"X\"},\n \"segments\": 5}";
    let lines = match Chain::from_json_str(text) {
        Err(e @ Error::Invalid { .. }) => e.lines(),
        other => panic!("expected Error::Invalid, got {other:?}"),
    };
    assert_eq!(
        lines,
        ["chain template: segments: invalid type: integer `5`, expected a list (line 2, column 14)"]
    );
}

#[test]
fn invalid_utf8_is_a_json_error() {
    let bytes = b"{\"format\": \"dataset@1\", \"chain\": \"a\xffb\"}";
    assert_eq!(
        json_error(Dataset::from_slice(bytes)),
        (
            Document::Dataset,
            1,
            36,
            "the text is not UTF-8: save the file as UTF-8".to_string()
        )
    );
}

#[test]
fn empty_input_is_a_json_error() {
    assert_eq!(
        json_error(Dataset::from_json_str("")),
        (
            Document::Dataset,
            1,
            0,
            "the document is empty: it holds no JSON value".to_string()
        )
    );
    assert_eq!(
        json_error(Chain::from_slice(b"")),
        (
            Document::Chain,
            1,
            0,
            "the document is empty: it holds no JSON value".to_string()
        )
    );
    // Not an object at all: a problem of the document's root, with its place.
    assert_eq!(
        problem_lines(Dataset::from_json_str("[]")),
        ["invalid type: sequence, expected an object (line 1, column 1)"]
    );
}

#[test]
fn errors_from_a_file_name_the_file() {
    // Validation problems.
    let mut doc = dataset();
    doc["firms"][2]["region"] = json!("atlantis");
    let path = temp_file("invalid.dataset.json", text(&doc).as_bytes());
    let err = Dataset::from_path(&path).unwrap_err();
    std::fs::remove_file(&path).ok();
    assert_eq!(err.file(), Some(path.as_path()));
    assert!(matches!(
        err,
        Error::Invalid {
            document: Document::Dataset,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: dataset: 1 problem\n  firms[2] `membraneco`: region: unknown region `atlantis`",
            path.display()
        )
    );

    // JSON errors.
    let path = temp_file("syntax.chain.json", b"{\"format\": \"chain@1\",\n  oops}");
    let err = Chain::from_path(&path).unwrap_err();
    std::fs::remove_file(&path).ok();
    assert!(matches!(
        &err,
        Error::Json { file: Some(f), document: Document::Chain, line: 2, column: 3, .. } if f == &path
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: chain template: invalid json at line 2, column 3: key must be a string",
            path.display()
        )
    );

    // Problems against the template name the dataset file.
    let mut doc = dataset();
    doc["chain"] = json!("vrfb");
    let chain_path = temp_file("ok.chain.json", MINIMAL_CHAIN_JSON.as_bytes());
    let data_path = temp_file("other.dataset.json", text(&doc).as_bytes());
    let err = KnowledgeGraph::from_paths(&chain_path, &data_path).unwrap_err();
    std::fs::remove_file(&chain_path).ok();
    std::fs::remove_file(&data_path).ok();
    assert_eq!(err.file(), Some(data_path.as_path()));
    assert_eq!(
        err.lines(),
        vec![format!(
            "{}: dataset: chain: dataset is written for chain `vrfb`, but the template is `vrfb-mini`",
            data_path.display()
        )]
    );
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let path = std::env::temp_dir().join(format!(
        "vrfb-chain-validation-{}-does-not-exist.json",
        std::process::id()
    ));
    let err = Dataset::from_path(&path).unwrap_err();
    match &err {
        Error::Io {
            file: Some(file),
            action,
            kind,
            ..
        } => {
            assert_eq!(file, &path);
            assert_eq!(*action, "read");
            assert_eq!(*kind, std::io::ErrorKind::NotFound);
        }
        other => panic!("expected Error::Io, got {other:?}"),
    }
    assert!(err
        .to_string()
        .starts_with(&format!("{}: read failed: ", path.display())));
    assert!(matches!(
        Chain::from_path(&path),
        Err(Error::Io {
            kind: std::io::ErrorKind::NotFound,
            ..
        })
    ));
}

#[test]
fn error_lines_format() {
    let mut doc = dataset();
    doc["links"][5]["to"] = json!("leader");
    doc["firms"][0]["region"] = json!("atlantis");
    let err = Dataset::from_json_str(&text(&doc)).unwrap_err();
    assert_eq!(
        err.lines(),
        vec![
            "dataset: firms[0] `leader`: region: unknown region `atlantis`".to_string(),
            "dataset: links[5]: link from `leader` to itself".to_string(),
        ]
    );

    let mut doc = chain();
    doc["segments"] = json!([]);
    doc["products"] = json!([]);
    let err = Chain::from_json_str(&text(&doc)).unwrap_err();
    assert_eq!(
        err.lines(),
        vec!["chain template: segments: a template needs at least one segment".to_string()]
    );

    // A JSON error is one line: its display.
    let err = Dataset::from_json_str("{").unwrap_err();
    assert_eq!(err.lines(), vec![err.to_string()]);
    assert_eq!(err.problems(), &[]);

    // With a file, each line names it.
    let mut doc = dataset();
    doc["links"][5]["to"] = json!("leader");
    let path = temp_file("lines.dataset.json", text(&doc).as_bytes());
    let err = Dataset::from_path(&path).unwrap_err();
    std::fs::remove_file(&path).ok();
    assert_eq!(
        err.lines(),
        vec![format!(
            "{}: dataset: links[5]: link from `leader` to itself",
            path.display()
        )]
    );
}

#[test]
fn a_templates_problems_are_typed() {
    use vrfb_chain::problem::Kind;
    let mut doc = chain();
    doc["products"][0]["segment"] = json!("nowhere");
    doc["products"][5]["inputs"][0] = json!("ghost");
    let problems = match Chain::from_json_str(&text(&doc)) {
        Err(Error::Invalid { problems, .. }) => problems,
        other => panic!("expected Error::Invalid, got {other:?}"),
    };
    let kinds: Vec<&Kind> = problems.iter().map(Problem::kind).collect();
    assert!(
        matches!(kinds[..], [Kind::UnknownSegment(s), Kind::UnknownInput(i)] if s == "nowhere" && i == "ghost"),
        "{kinds:?}"
    );
    assert_eq!(problems[0].location().record(), Some("vanadium-slag"));
}
