//! One test per rule of the data-format spec (`../shared/spec/data-format.md`).
//!
//! Each test starts from the valid minimal documents, changes one thing, loads the result
//! and asserts the error variant, the JSON path and the exact message of every problem.

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

fn invalid_date(date: &str) -> String {
    format!("invalid date `{date}`: use YYYY, YYYY-MM or YYYY-MM-DD")
}

/// The problems of a template that must not load.
#[track_caller]
fn chain_problems(doc: &Value) -> Vec<Problem> {
    match Chain::from_json_str(&text(doc)) {
        Err(Error::Invalid {
            file: None,
            document: Document::Chain,
            problems,
        }) => problems,
        other => panic!("expected Error::Invalid on the template, got {other:?}"),
    }
}

/// The problems of a dataset that must not load on its own.
#[track_caller]
fn dataset_problems(doc: &Value) -> Vec<Problem> {
    registry_refuses(&chain(), doc);
    match Dataset::from_json_str(&text(doc)) {
        Err(Error::Invalid {
            file: None,
            document: Document::Dataset,
            problems,
        }) => problems,
        other => panic!("expected Error::Invalid on the dataset, got {other:?}"),
    }
}

/// The problems of a dataset that loads on its own but does not fit its template.
#[track_caller]
fn graph_problems(chain: &Value, dataset: &Value) -> Vec<Problem> {
    registry_refuses(chain, dataset);
    let chain = Chain::from_json_str(&text(chain)).expect("the template loads");
    let dataset = Dataset::from_json_str(&text(dataset)).expect("the dataset loads on its own");
    match KnowledgeGraph::new(chain, dataset) {
        Err(Error::Invalid {
            file: None,
            document: Document::Dataset,
            problems,
        }) => problems,
        Err(other) => panic!("expected Error::Invalid on the dataset, got {other:?}"),
        Ok(_) => panic!("expected Error::Invalid on the dataset, got a graph"),
    }
}

/// Asserts that exactly one problem was found, at `path`, saying `message`.
#[track_caller]
fn assert_one(problems: Vec<Problem>, path: &str, message: &str) {
    assert_eq!(problems, vec![problem(path, message)]);
}

/// Loads a template that must be valid.
#[track_caller]
fn chain_ok(doc: &Value) -> Chain {
    match Chain::from_json_str(&text(doc)) {
        Ok(chain) => chain,
        Err(e) => panic!("expected a valid template, got: {e}"),
    }
}

/// Loads a dataset that must be valid, on its own and against the minimal template.
#[track_caller]
fn dataset_ok(doc: &Value) -> Dataset {
    let dataset = match Dataset::from_json_str(&text(doc)) {
        Ok(dataset) => dataset,
        Err(e) => panic!("expected a valid dataset, got: {e}"),
    };
    if let Err(e) = KnowledgeGraph::new(chain_ok(&chain()), dataset.clone()) {
        panic!("expected the dataset to fit the minimal template, got: {e}");
    }
    if let Err(e) = Registry::from_json_slices(text(&chain()).as_bytes(), text(doc).as_bytes()) {
        panic!("expected the registry to accept the dataset, got: {e}");
    }
    dataset
}

/// The compact registry refuses what the graph refuses, with the same error lines.
#[track_caller]
fn registry_refuses(chain: &Value, dataset: &Value) {
    registry_refuses_text(&text(chain), &text(dataset));
}

/// [`registry_refuses`], on the documents' text.
#[track_caller]
fn registry_refuses_text(chain: &str, dataset: &str) {
    let graph = KnowledgeGraph::from_json_slices(chain.as_bytes(), dataset.as_bytes());
    let registry = Registry::from_json_slices(chain.as_bytes(), dataset.as_bytes());
    match (graph, registry) {
        (Err(g), Err(r)) => assert_eq!(r.lines(), g.lines()),
        (Err(g), Ok(_)) => panic!("the registry accepted a dataset the graph refuses: {g}"),
        (Ok(_), _) => panic!("expected the dataset to be refused"),
    }
}

/// The document, line, column and message of a JSON syntax or type error.
#[track_caller]
fn json_error<T: std::fmt::Debug>(
    result: vrfb_chain::Result<T>,
) -> (Document, usize, usize, String) {
    match result {
        Err(Error::Json {
            file: None,
            document,
            line,
            column,
            message,
        }) => (document, line, column, message),
        other => panic!("expected Error::Json, got {other:?}"),
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

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "vrfb-chain-validation-{}-{name}",
        std::process::id()
    ));
    std::fs::write(&path, contents).expect("write a temp file");
    path
}

// ---------------------------------------------------------------------------------------
// The minimal documents themselves
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

// ---------------------------------------------------------------------------------------
// Id syntax: 1-64 characters from a-z 0-9 - _ .
// ---------------------------------------------------------------------------------------

/// Ids that break the syntax: uppercase, a space, empty, 65 characters, not ASCII.
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

/// Puts `id` somewhere in a document and returns the path the problem should have.
type Place = fn(&mut Value, &str) -> &'static str;
/// Changes a document.
type Change = fn(&mut Value);
/// Sets a value somewhere in a document.
type SetValue = fn(&mut Value, &str);
/// Picks an object in a document.
type Field = fn(&mut Value) -> &mut Value;

#[track_caller]
fn check_chain_id_place(place: Place) {
    for bad in bad_ids() {
        let mut doc = chain();
        let path = place(&mut doc, &bad);
        assert_one(chain_problems(&doc), path, &invalid_id(&bad));
    }
    for good in good_ids() {
        let mut doc = chain();
        place(&mut doc, &good);
        chain_ok(&doc);
    }
}

#[track_caller]
fn check_dataset_id_place(place: Place, message: fn(&str) -> String) {
    for bad in bad_ids() {
        let mut doc = dataset();
        let path = place(&mut doc, &bad);
        assert_one(dataset_problems(&doc), path, &message(&bad));
    }
    for good in good_ids() {
        let mut doc = dataset();
        place(&mut doc, &good);
        Dataset::from_json_str(&text(&doc)).unwrap_or_else(|e| panic!("`{good}` is valid: {e}"));
    }
}

#[test]
fn id_syntax_of_the_template_id() {
    check_chain_id_place(|doc, id| {
        doc["id"] = json!(id);
        "id"
    });
}

#[test]
fn id_syntax_of_segment_ids() {
    check_chain_id_place(|doc, id| {
        push(
            &mut doc["segments"],
            json!({"id": id, "name": {"en": "New"}}),
        );
        "segments[5].id"
    });
}

#[test]
fn id_syntax_of_product_ids() {
    check_chain_id_place(|doc, id| {
        push(
            &mut doc["products"],
            json!({"id": id, "segment": "system", "name": {"en": "New"}}),
        );
        "products[8].id"
    });
}

#[test]
fn id_syntax_of_the_dataset_chain() {
    check_dataset_id_place(
        |doc, id| {
            doc["chain"] = json!(id);
            "chain"
        },
        invalid_id,
    );
}

#[test]
fn id_syntax_of_source_ids() {
    check_dataset_id_place(
        |doc, id| {
            push(&mut doc["sources"], json!({"id": id, "title": "New"}));
            "sources[3].id"
        },
        invalid_id,
    );
}

#[test]
fn id_syntax_of_region_ids() {
    check_dataset_id_place(
        |doc, id| {
            push(
                &mut doc["regions"],
                json!({"id": id, "kind": "park", "parent": "city-b", "name": {"en": "New"}}),
            );
            "regions[7].id"
        },
        invalid_id,
    );
}

#[test]
fn id_syntax_of_firm_ids() {
    check_dataset_id_place(
        |doc, id| {
            push(
                &mut doc["firms"],
                json!({"id": id, "region": "city-b", "name": {"en": "New"}}),
            );
            "firms[6].id"
        },
        invalid_id,
    );
}

#[test]
fn id_syntax_of_organization_ids() {
    check_dataset_id_place(
        |doc, id| {
            push(
                &mut doc["organizations"],
                json!({"id": id, "kind": "platform", "name": {"en": "New"}}),
            );
            "organizations[2].id"
        },
        invalid_id,
    );
}

#[test]
fn id_syntax_of_makes_products() {
    check_dataset_id_place(
        |doc, id| {
            push(&mut doc["firms"][1]["makes"], json!({"product": id}));
            "firms[1].makes[1].product"
        },
        invalid_id,
    );
}

#[test]
fn id_syntax_of_link_products() {
    check_dataset_id_place(
        |doc, id| {
            push(
                &mut doc["links"],
                json!({"from": "membraneco", "to": "leader", "kind": "supplies", "product": id}),
            );
            "links[7].product"
        },
        invalid_id,
    );
}

#[test]
fn id_syntax_of_firm_tags() {
    check_dataset_id_place(
        |doc, id| {
            doc["firms"][1]["tags"] = json!([id]);
            "firms[1].tags[0]"
        },
        |tag| format!("invalid tag `{tag}`: {ID_HINT}"),
    );
}

#[test]
fn id_syntax_shortens_a_huge_id_in_the_message() {
    let mut doc = dataset();
    let huge = "X".repeat(10_000);
    doc["chain"] = json!(huge);
    let problems = dataset_problems(&doc);
    let shown = format!("{}…", "X".repeat(80));
    assert_one(problems, "chain", &invalid_id(&shown));
}

// ---------------------------------------------------------------------------------------
// Unknown ids
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_segment_of_a_product() {
    let mut doc = chain();
    doc["products"][0]["segment"] = json!("nowhere");
    assert_one(
        chain_problems(&doc),
        "products[0].segment",
        "unknown segment `nowhere`",
    );
}

#[test]
fn unknown_product_in_inputs() {
    let mut doc = chain();
    doc["products"][5]["inputs"] = json!(["membrane", "unobtainium"]);
    assert_one(
        chain_problems(&doc),
        "products[5].inputs[1]",
        "unknown product `unobtainium`",
    );

    let mut doc = chain();
    doc["products"][2]["inputs"] = json!([["vanadium-slag", "moon-rock"]]);
    assert_one(
        chain_problems(&doc),
        "products[2].inputs[0][1]",
        "unknown product `moon-rock`",
    );
}

#[test]
fn unknown_region_of_a_firm() {
    let mut doc = dataset();
    doc["firms"][2]["region"] = json!("atlantis");
    assert_one(
        dataset_problems(&doc),
        "firms[2].region",
        "unknown region `atlantis`",
    );
}

#[test]
fn unknown_parent_of_a_region() {
    let mut doc = dataset();
    doc["regions"][1]["parent"] = json!("atlantis");
    assert_one(
        dataset_problems(&doc),
        "regions[1].parent",
        "unknown region `atlantis`",
    );
}

#[test]
fn unknown_region_of_an_organization() {
    let mut doc = dataset();
    doc["organizations"][1]["region"] = json!("atlantis");
    assert_one(
        dataset_problems(&doc),
        "organizations[1].region",
        "unknown region `atlantis`",
    );
    // The region of an organization is optional.
    let mut doc = dataset();
    remove(&mut doc["organizations"][1], "region");
    assert_eq!(dataset_ok(&doc).organizations[1].region, None);
}

#[test]
fn unknown_link_endpoints() {
    let mut doc = dataset();
    doc["links"][0]["from"] = json!("ghost");
    assert_one(
        dataset_problems(&doc),
        "links[0].from",
        "unknown firm or organization `ghost`",
    );

    let mut doc = dataset();
    doc["links"][4]["to"] = json!("phantom");
    assert_one(
        dataset_problems(&doc),
        "links[4].to",
        "unknown firm or organization `phantom`",
    );

    // A region id is not a firm or organization id.
    let mut doc = dataset();
    doc["links"][5]["to"] = json!("abroad");
    assert_one(
        dataset_problems(&doc),
        "links[5].to",
        "unknown firm or organization `abroad`",
    );
}

#[test]
fn unknown_sources() {
    let cases: [(Change, &str); 4] = [
        (
            |d| d["firms"][3]["sources"] = json!(["ex-a", "ex-z"]),
            "firms[3].sources[1]",
        ),
        (
            |d| d["firms"][3]["makes"][1]["sources"] = json!(["ex-z"]),
            "firms[3].makes[1].sources[0]",
        ),
        (
            |d| d["organizations"][0]["sources"] = json!(["ex-z"]),
            "organizations[0].sources[0]",
        ),
        (
            |d| d["links"][6]["sources"] = json!(["ex-b", "ex-z"]),
            "links[6].sources[1]",
        ),
    ];
    for (change, path) in cases {
        let mut doc = dataset();
        change(&mut doc);
        assert_one(dataset_problems(&doc), path, "unknown source `ex-z`");
    }
}

#[test]
fn unknown_product_of_a_makes_fact_against_the_template() {
    let mut doc = dataset();
    doc["firms"][3]["makes"][1]["product"] = json!("unobtainium");
    assert_one(
        graph_problems(&chain(), &doc),
        "firms[3].makes[1].product",
        "unknown product `unobtainium` (not in chain `vrfb-mini`)",
    );
}

#[test]
fn unknown_product_of_a_link_against_the_template() {
    let mut doc = dataset();
    doc["links"][1]["product"] = json!("unobtainium");
    assert_one(
        graph_problems(&chain(), &doc),
        "links[1].product",
        "unknown product `unobtainium` (not in chain `vrfb-mini`)",
    );
}

// ---------------------------------------------------------------------------------------
// Duplicate ids and namespaces
// ---------------------------------------------------------------------------------------

#[test]
fn duplicate_segment_ids() {
    let mut doc = chain();
    push(
        &mut doc["segments"],
        json!({"id": "stack", "name": {"en": "Again"}}),
    );
    assert_one(
        chain_problems(&doc),
        "segments[5].id",
        "duplicate segment id `stack` (first at segments[2].id)",
    );
}

#[test]
fn duplicate_product_ids() {
    let mut doc = chain();
    push(
        &mut doc["products"],
        json!({"id": "v2o5", "segment": "resource", "name": {"en": "Again"}}),
    );
    assert_one(
        chain_problems(&doc),
        "products[8].id",
        "duplicate product id `v2o5` (first at products[2].id)",
    );
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
fn duplicate_source_ids() {
    let mut doc = dataset();
    push(&mut doc["sources"], json!({"id": "ex-a", "title": "Again"}));
    assert_one(
        dataset_problems(&doc),
        "sources[3].id",
        "duplicate source id `ex-a` (first at sources[0].id)",
    );
}

#[test]
fn duplicate_region_ids() {
    let mut doc = dataset();
    push(
        &mut doc["regions"],
        json!({"id": "city-a", "kind": "city", "name": {"en": "Again"}}),
    );
    assert_one(
        dataset_problems(&doc),
        "regions[7].id",
        "duplicate region id `city-a` (first at regions[2].id)",
    );
}

#[test]
fn duplicate_firm_ids() {
    let mut doc = dataset();
    push(
        &mut doc["firms"],
        json!({"id": "stackco", "region": "city-b", "name": {"en": "Again"}}),
    );
    assert_one(
        dataset_problems(&doc),
        "firms[6].id",
        "duplicate firm or organization id `stackco` (first at firms[1].id)",
    );
}

#[test]
fn firm_and_organization_ids_share_one_namespace() {
    let mut doc = dataset();
    push(
        &mut doc["organizations"],
        json!({"id": "leader", "kind": "platform", "name": {"en": "Leader platform"}}),
    );
    assert_one(
        dataset_problems(&doc),
        "organizations[2].id",
        "duplicate firm or organization id `leader` (first at firms[0].id)",
    );

    let mut doc = dataset();
    push(
        &mut doc["organizations"],
        json!({"id": "alliance", "kind": "other", "name": {"en": "Again"}}),
    );
    assert_one(
        dataset_problems(&doc),
        "organizations[2].id",
        "duplicate firm or organization id `alliance` (first at organizations[0].id)",
    );
}

// ---------------------------------------------------------------------------------------
// Region forest
// ---------------------------------------------------------------------------------------

#[test]
fn region_that_is_its_own_parent() {
    let mut doc = dataset();
    doc["regions"][5]["parent"] = json!("city-b");
    assert_one(
        dataset_problems(&doc),
        "regions[5].parent",
        "region `city-b` is its own parent",
    );
}

#[test]
fn region_two_cycle() {
    let mut doc = dataset();
    // country → province-a → country
    doc["regions"][0]["parent"] = json!("province-a");
    assert_one(
        dataset_problems(&doc),
        "regions[0].parent",
        "region cycle: country → province-a → country",
    );
}

#[test]
fn region_three_cycle() {
    let mut doc = dataset();
    // country → city-a → province-a → country; zone-a hangs off the cycle.
    doc["regions"][0]["parent"] = json!("city-a");
    assert_one(
        dataset_problems(&doc),
        "regions[0].parent",
        "region cycle: country → city-a → province-a → country",
    );
}

#[test]
fn region_cycle_is_reported_at_its_first_region_in_document_order() {
    let mut doc = dataset();
    // province-b (4) → city-b (5) → province-b: the cycle starts at regions[4].
    doc["regions"][4]["parent"] = json!("city-b");
    assert_one(
        dataset_problems(&doc),
        "regions[4].parent",
        "region cycle: province-b → city-b → province-b",
    );
}

// ---------------------------------------------------------------------------------------
// Template: cycles, segment order, requirements
// ---------------------------------------------------------------------------------------

#[test]
fn template_two_cycle() {
    let mut doc = chain();
    doc["products"][0]["inputs"] = json!(["stone-coal"]);
    doc["products"][1]["inputs"] = json!(["vanadium-slag"]);
    assert_one(
        chain_problems(&doc),
        "products[0].inputs",
        "input cycle between products `vanadium-slag`, `stone-coal`",
    );
}

#[test]
fn template_three_cycle_through_an_alternative() {
    let mut doc = chain();
    // v2o5 needs vanadium-slag or stone-coal; vanadium-slag ← stone-coal ← v2o5.
    doc["products"][0]["inputs"] = json!(["stone-coal"]);
    doc["products"][1]["inputs"] = json!(["v2o5"]);
    assert_one(
        chain_problems(&doc),
        "products[0].inputs",
        "input cycle between products `vanadium-slag`, `stone-coal`, `v2o5`",
    );
}

#[test]
fn template_segment_order() {
    let mut doc = chain();
    // A resource made from a material: the input is downstream.
    doc["products"][0]["inputs"] = json!(["membrane"]);
    assert_one(
        chain_problems(&doc),
        "products[0].inputs[0]",
        "input `membrane` is in segment `materials`, downstream of `resource`",
    );
    // Same segment and upstream segments are fine (electrolyte ← v2o5 upstream).
    let mut doc = chain();
    doc["products"][4]["inputs"] = json!(["electrolyte", "v2o5"]);
    chain_ok(&doc);
}

#[test]
fn template_needs_a_segment() {
    let mut doc = chain();
    doc["segments"] = json!([]);
    doc["products"] = json!([]);
    assert_one(
        chain_problems(&doc),
        "segments",
        "a template needs at least one segment",
    );
}

#[test]
fn empty_requirement() {
    let mut doc = chain();
    doc["products"][6]["inputs"] = json!(["stack", []]);
    assert_one(
        chain_problems(&doc),
        "products[6].inputs[1]",
        "empty requirement: list at least one alternative",
    );
    // A group of one alternative is fine.
    let mut doc = chain();
    doc["products"][6]["inputs"] = json!(["stack", ["electrolyte"]]);
    chain_ok(&doc);
}

#[test]
fn repeated_alternative() {
    let mut doc = chain();
    doc["products"][2]["inputs"] = json!([["vanadium-slag", "stone-coal", "vanadium-slag"]]);
    assert_one(
        chain_problems(&doc),
        "products[2].inputs[0][2]",
        "requirement repeats `vanadium-slag`",
    );
}

#[test]
fn product_that_lists_itself() {
    let mut doc = chain();
    doc["products"][4]["inputs"] = json!(["membrane"]);
    assert_one(
        chain_problems(&doc),
        "products[4].inputs[0]",
        "product `membrane` lists itself as an input",
    );

    let mut doc = chain();
    doc["products"][2]["inputs"] = json!([["vanadium-slag", "v2o5"]]);
    assert_one(
        chain_problems(&doc),
        "products[2].inputs[0][1]",
        "product `v2o5` lists itself as an input",
    );
}

// ---------------------------------------------------------------------------------------
// Links: kinds and endpoint rules, self-links, duplicates
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_link_kind() {
    let mut doc = dataset();
    doc["links"][0]["kind"] = json!("sells");
    assert_one(
        dataset_problems(&doc),
        "links[0].kind",
        "unknown link kind `sells`, expected one of: supplies, owns, partners_with, member_of, transfers_technology",
    );
}

#[test]
fn supplies_links_go_from_firm_to_firm() {
    let mut doc = dataset();
    doc["links"][0]["to"] = json!("alliance");
    assert_one(
        dataset_problems(&doc),
        "links[0].to",
        "`alliance` is an organization: the `to` of a supplies link must be a firm",
    );

    let mut doc = dataset();
    doc["links"][0]["from"] = json!("institute");
    assert_one(
        dataset_problems(&doc),
        "links[0].from",
        "`institute` is an organization: the `from` of a supplies link must be a firm",
    );
}

#[test]
fn supplies_links_need_a_product() {
    let mut doc = dataset();
    remove(&mut doc["links"][1], "product");
    assert_one(
        dataset_problems(&doc),
        "links[1].product",
        "supplies link from `membraneco` to `stackco` needs a product",
    );
}

#[test]
fn owns_links_go_to_a_firm() {
    let mut doc = dataset();
    doc["links"][3]["to"] = json!("alliance");
    assert_one(
        dataset_problems(&doc),
        "links[3].to",
        "`alliance` is an organization: the `to` of an owns link must be a firm",
    );
    // An organization may own a firm.
    let mut doc = dataset();
    doc["links"][3]["from"] = json!("institute");
    let d = dataset_ok(&doc);
    assert_eq!(d.links[3].kind, LinkKind::Owns);
}

#[test]
fn member_of_links_go_to_an_organization() {
    let mut doc = dataset();
    doc["links"][4]["to"] = json!("gridco");
    assert_one(
        dataset_problems(&doc),
        "links[4].to",
        "`gridco` is a firm: the `to` of a member_of link must be an organization",
    );
    // An organization may be a member of another.
    let mut doc = dataset();
    doc["links"][4]["from"] = json!("institute");
    dataset_ok(&doc);
}

#[test]
fn transfers_technology_links_go_to_a_firm() {
    let mut doc = dataset();
    doc["links"][6]["to"] = json!("alliance");
    assert_one(
        dataset_problems(&doc),
        "links[6].to",
        "`alliance` is an organization: the `to` of a transfers_technology link must be a firm",
    );
    // From any firm or organization.
    let mut doc = dataset();
    doc["links"][6]["from"] = json!("leader");
    dataset_ok(&doc);
}

#[test]
fn partners_with_links_are_stored_once() {
    let mut doc = dataset();
    push(
        &mut doc["links"],
        json!({"from": "gridco", "to": "leader", "kind": "partners_with"}),
    );
    assert_one(
        dataset_problems(&doc),
        "links[7]",
        "partners_with link between `gridco` and `leader` stored twice (first at links[5]): store it once",
    );
    // Any to any: an organization may partner with an organization.
    let mut doc = dataset();
    doc["links"][5]["from"] = json!("institute");
    doc["links"][5]["to"] = json!("alliance");
    dataset_ok(&doc);
}

#[test]
fn self_links() {
    let mut doc = dataset();
    doc["links"][5]["to"] = json!("leader");
    assert_one(
        dataset_problems(&doc),
        "links[5]",
        "link from `leader` to itself",
    );
}

#[test]
fn duplicate_links() {
    let mut doc = dataset();
    // Same from, to, kind and product; another status does not make it another link.
    let mut again = doc["links"][0].clone();
    again["status"] = json!("announced");
    push(&mut doc["links"], again);
    assert_one(
        dataset_problems(&doc),
        "links[7]",
        "duplicate supplies link from `stackco` to `leader` (first at links[0])",
    );
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

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

#[test]
fn date_syntax() {
    let cases: [(SetValue, &str); 5] = [
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
    for bad in [
        "2024/03",
        "24-03",
        "2024-3",
        "2024-03-1",
        "March 2024",
        "",
        "2024-03-01T00",
    ] {
        for (change, path) in cases {
            let mut doc = dataset();
            change(&mut doc, bad);
            assert_one(dataset_problems(&doc), path, &invalid_date(bad));
        }
    }
}

#[test]
fn impossible_dates() {
    for (bad, what) in [
        ("2025-02-29", "day"),
        ("2025-04-31", "day"),
        ("2025-01-00", "day"),
        ("2023-02-29", "day"),
        ("2025-13", "month (months are 01 to 12)"),
        ("2025-00", "month (months are 01 to 12)"),
        ("2025-13-01", "month (months are 01 to 12)"),
    ] {
        let mut doc = dataset();
        doc["firms"][4]["makes"][0]["since"] = json!(bad);
        assert_one(
            dataset_problems(&doc),
            "firms[4].makes[0].since",
            &format!("invalid date `{bad}`: there is no such {what}"),
        );
    }
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
fn until_before_since() {
    let mut doc = dataset();
    doc["links"][2]["until"] = json!("2018-12-31");
    assert_one(
        dataset_problems(&doc),
        "links[2].until",
        "until 2018-12-31 must come after since 2019",
    );

    let mut doc = dataset();
    doc["firms"][4]["makes"][0]["until"] = json!("2024-06");
    assert_one(
        dataset_problems(&doc),
        "firms[4].makes[0].until",
        "until 2024-06 must come after since 2025",
    );
}

#[test]
fn until_equal_to_since() {
    let mut doc = dataset();
    doc["links"][2]["until"] = json!("2019");
    assert_one(
        dataset_problems(&doc),
        "links[2].until",
        "until 2019 must come after since 2019",
    );
}

#[test]
fn partial_dates_compare_as_their_first_day() {
    // since 2025 = 2025-01-01, so until 2025-01-01 is not later.
    let mut doc = dataset();
    doc["firms"][4]["makes"][0]["until"] = json!("2025-01-01");
    assert_one(
        dataset_problems(&doc),
        "firms[4].makes[0].until",
        "until 2025-01-01 must come after since 2025",
    );

    let mut doc = dataset();
    doc["links"][0]["since"] = json!("2024-03-01");
    doc["links"][0]["until"] = json!("2024-03");
    assert_one(
        dataset_problems(&doc),
        "links[0].until",
        "until 2024-03 must come after since 2024-03-01",
    );

    // One day later is fine.
    let mut doc = dataset();
    doc["firms"][4]["makes"][0]["until"] = json!("2025-01-02");
    dataset_ok(&doc);
}

// ---------------------------------------------------------------------------------------
// Shares, capacities
// ---------------------------------------------------------------------------------------

#[test]
fn share_out_of_range() {
    for (share, shown) in [(json!(0), "0"), (json!(1.5), "1.5"), (json!(-0.2), "-0.2")] {
        let mut doc = dataset();
        doc["links"][3]["share"] = share;
        assert_one(
            dataset_problems(&doc),
            "links[3].share",
            &format!("share must be in (0, 1], got {shown}"),
        );
    }
}

#[test]
fn share_of_one_is_fine() {
    let mut doc = dataset();
    doc["links"][3]["share"] = json!(1.0);
    assert_eq!(dataset_ok(&doc).links[3].share, Some(1.0));
}

#[test]
fn negative_capacity() {
    let mut doc = dataset();
    doc["firms"][0]["makes"][0]["capacity"]["value"] = json!(-1.0);
    assert_one(
        dataset_problems(&doc),
        "firms[0].makes[0].capacity.value",
        "capacity must be a number ≥ 0, got -1",
    );
    // Zero is a capacity.
    let mut doc = dataset();
    doc["firms"][0]["makes"][0]["capacity"]["value"] = json!(0);
    let d = dataset_ok(&doc);
    assert_eq!(
        d.firms[0].makes[0].capacity.as_ref().map(|c| c.value),
        Some(0.0)
    );
}

// ---------------------------------------------------------------------------------------
// Grades, statuses, kinds
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_grade() {
    // `none` is the grade of a fact with no sources, not a grade a source may have.
    for bad in ["D", "a", "none", "A+"] {
        let mut doc = dataset();
        doc["sources"][1]["grade"] = json!(bad);
        assert_one(
            dataset_problems(&doc),
            "sources[1].grade",
            &format!("unknown grade `{bad}`, expected one of: A, B, C"),
        );
    }
}

#[test]
fn missing_grade_defaults_to_c() {
    let mut doc = dataset();
    remove(&mut doc["sources"][0], "grade");
    assert_eq!(dataset_ok(&doc).sources[0].grade, Grade::C);
}

#[test]
fn unknown_status() {
    let expected =
        "unknown status `running`, expected one of: announced, building, operating, closed";
    let mut doc = dataset();
    doc["links"][1]["status"] = json!("running");
    assert_one(dataset_problems(&doc), "links[1].status", expected);

    let mut doc = dataset();
    doc["firms"][3]["makes"][1]["status"] = json!("running");
    assert_one(dataset_problems(&doc), "firms[3].makes[1].status", expected);
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
fn unknown_region_kind() {
    let mut doc = dataset();
    doc["regions"][1]["kind"] = json!("state");
    assert_one(
        dataset_problems(&doc),
        "regions[1].kind",
        "unknown region kind `state`, expected one of: country, province, city, district, zone, park, other",
    );
}

#[test]
fn unknown_organization_kind() {
    let mut doc = dataset();
    doc["organizations"][0]["kind"] = json!("club");
    assert_one(
        dataset_problems(&doc),
        "organizations[0].kind",
        "unknown organization kind `club`, expected one of: alliance, research, university, government, platform, other",
    );
}

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

#[test]
fn name_needs_zh_or_en() {
    let chain_places: [(Field, &str); 3] = [
        (|d| &mut d["name"], "name"),
        (|d| &mut d["segments"][3]["name"], "segments[3].name"),
        (|d| &mut d["products"][6]["name"], "products[6].name"),
    ];
    for (place, path) in chain_places {
        let mut doc = chain();
        *place(&mut doc) = json!({});
        assert_one(chain_problems(&doc), path, "name needs `zh` or `en`");
    }
    let dataset_places: [(Field, &str); 3] = [
        (|d| &mut d["regions"][6]["name"], "regions[6].name"),
        (|d| &mut d["firms"][2]["name"], "firms[2].name"),
        (
            |d| &mut d["organizations"][1]["name"],
            "organizations[1].name",
        ),
    ];
    for (place, path) in dataset_places {
        let mut doc = dataset();
        *place(&mut doc) = json!({});
        assert_one(dataset_problems(&doc), path, "name needs `zh` or `en`");
    }
}

#[test]
fn name_parts_are_not_empty() {
    let mut doc = chain();
    doc["products"][0]["name"]["en"] = json!("");
    assert_one(chain_problems(&doc), "products[0].name.en", "name is empty");

    let mut doc = dataset();
    doc["firms"][0]["name"]["zh"] = json!("");
    assert_one(dataset_problems(&doc), "firms[0].name.zh", "name is empty");

    // One part is enough.
    let mut doc = dataset();
    doc["firms"][0]["name"] = json!({"en": "Leader"});
    dataset_ok(&doc);
}

// ---------------------------------------------------------------------------------------
// Format strings
// ---------------------------------------------------------------------------------------

#[test]
fn chain_format_string() {
    for bad in ["chain@2", "dataset@1", ""] {
        let mut doc = chain();
        doc["format"] = json!(bad);
        assert_one(
            chain_problems(&doc),
            "format",
            &format!("unknown format `{bad}`, expected `chain@1`"),
        );
    }
    let mut doc = chain();
    remove(&mut doc, "format");
    let (document, _, _, message) = json_error(Chain::from_json_str(&text(&doc)));
    assert_eq!(document, Document::Chain);
    assert_eq!(message, "missing field `format`");
}

#[test]
fn dataset_format_string() {
    for bad in ["dataset@2", "chain@1", "Dataset@1"] {
        let mut doc = dataset();
        doc["format"] = json!(bad);
        assert_one(
            dataset_problems(&doc),
            "format",
            &format!("unknown format `{bad}`, expected `dataset@1`"),
        );
    }
    let mut doc = dataset();
    remove(&mut doc, "format");
    let (document, _, _, message) = json_error(Dataset::from_json_str(&text(&doc)));
    assert_eq!(document, Document::Dataset);
    assert_eq!(message, "missing field `format`");
    registry_refuses(&chain(), &doc);
}

#[test]
fn required_fields_are_json_errors() {
    let places: [(Field, &str); 15] = [
        (|d| d, "chain"),
        (|d| &mut d["sources"][0], "id"),
        (|d| &mut d["sources"][0], "title"),
        (|d| &mut d["regions"][0], "id"),
        (|d| &mut d["regions"][0], "kind"),
        (|d| &mut d["regions"][0], "name"),
        (|d| &mut d["firms"][0], "id"),
        (|d| &mut d["firms"][0], "name"),
        (|d| &mut d["firms"][0]["makes"][0], "product"),
        (|d| &mut d["firms"][0]["makes"][0]["capacity"], "value"),
        (|d| &mut d["firms"][0]["makes"][0]["capacity"], "unit"),
        (|d| &mut d["organizations"][0], "kind"),
        (|d| &mut d["links"][0], "from"),
        (|d| &mut d["links"][0], "to"),
        (|d| &mut d["links"][0], "kind"),
    ];
    for (place, key) in places {
        let mut doc = dataset();
        remove(place(&mut doc), key);
        let (document, _, _, message) = json_error(Dataset::from_json_str(&text(&doc)));
        assert_eq!(document, Document::Dataset);
        assert_eq!(message, format!("missing field `{key}`"), "{key}");
        registry_refuses(&chain(), &doc);
    }
}

// ---------------------------------------------------------------------------------------
// Unknown fields
// ---------------------------------------------------------------------------------------

#[test]
fn a_typo_is_a_json_error_with_line_and_column() {
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
    let err = Dataset::from_json_str(text).unwrap_err();
    let (document, line, column, message) = json_error::<Dataset>(Err(err));
    assert_eq!(document, Document::Dataset);
    assert_eq!((line, column), (5, 12));
    assert_eq!(
        message,
        "unknown field `regoin`, expected one of `id`, `name`, `region`, `tags`, `makes`, `sources`, `extra`"
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
        let (document, line, column, message) = json_error(Chain::from_json_str(&text));
        assert_eq!(document, Document::Chain);
        assert_eq!((line, column), key_position(&text, key), "{key}");
        assert!(
            message.starts_with(&format!("unknown field `{key}`, expected ")),
            "{message}"
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
        let (document, line, column, message) = json_error(Dataset::from_json_str(&text));
        assert_eq!(document, Document::Dataset);
        assert_eq!((line, column), key_position(&text, key), "{key}");
        assert!(
            message.starts_with(&format!("unknown field `{key}`, expected ")),
            "{message}"
        );
    }
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
// Firms need a region; the dataset names its template
// ---------------------------------------------------------------------------------------

#[test]
fn firm_with_no_region() {
    let mut doc = dataset();
    remove(&mut doc["firms"][4], "region");
    assert_one(
        dataset_problems(&doc),
        "firms[4].region",
        "firm `slagworks` has no region: gap analysis is about places",
    );
}

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
fn dataset_chain_must_match_the_template_id() {
    let mut doc = dataset();
    doc["chain"] = json!("vrfb");
    assert_one(
        graph_problems(&chain(), &doc),
        "chain",
        "dataset is written for chain `vrfb`, but the template is `vrfb-mini`",
    );
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

// ---------------------------------------------------------------------------------------
// All problems at once, in document order
// ---------------------------------------------------------------------------------------

#[test]
fn several_dataset_problems_are_reported_together_in_document_order() {
    let mut doc = dataset();
    // Made in reverse document order on purpose.
    doc["links"][3]["share"] = json!(2);
    doc["links"][0]["from"] = json!("ghost");
    doc["firms"][2]["region"] = json!("atlantis");
    doc["firms"][0]["makes"][0]["since"] = json!("soon");
    doc["regions"][2]["name"] = json!({});
    doc["sources"][1]["grade"] = json!("Z");
    doc["format"] = json!("dataset@0");
    let expected = vec![
        problem("format", "unknown format `dataset@0`, expected `dataset@1`"),
        problem(
            "sources[1].grade",
            "unknown grade `Z`, expected one of: A, B, C",
        ),
        problem("regions[2].name", "name needs `zh` or `en`"),
        problem("firms[0].makes[0].since", &invalid_date("soon")),
        problem("firms[2].region", "unknown region `atlantis`"),
        problem("links[0].from", "unknown firm or organization `ghost`"),
        problem("links[3].share", "share must be in (0, 1], got 2"),
    ];
    let err = Dataset::from_json_str(&text(&doc)).unwrap_err();
    assert_eq!(err.problems(), expected.as_slice());
    let mut display = "dataset: 7 problems".to_string();
    for p in &expected {
        display.push_str(&format!("\n  {}: {}", p.path(), p.message()));
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
    assert_eq!(
        problems,
        vec![
            problem(
                "chain",
                "dataset is written for chain `other`, but the template is `vrfb-mini`"
            ),
            problem(
                "firms[1].makes[0].product",
                "unknown product `unobtainium` (not in chain `vrfb-mini`)"
            ),
            problem(
                "links[1].product",
                "unknown product `nothing` (not in chain `vrfb-mini`)"
            ),
            problem(
                "links[4].to",
                "`gridco` is a firm: the `to` of a member_of link must be an organization"
            ),
        ]
    );
}

#[test]
fn several_template_problems_are_reported_together() {
    let mut doc = chain();
    doc["products"][6]["inputs"] = json!(["stack", "ghost"]);
    doc["products"][3]["segment"] = json!("nowhere");
    doc["segments"][1]["name"] = json!({});
    doc["id"] = json!("Bad");
    doc["format"] = json!("chain@0");
    assert_eq!(
        chain_problems(&doc),
        vec![
            problem("format", "unknown format `chain@0`, expected `chain@1`"),
            problem("id", &invalid_id("Bad")),
            problem("segments[1].name", "name needs `zh` or `en`"),
            problem("products[3].segment", "unknown segment `nowhere`"),
            problem("products[6].inputs[1]", "unknown product `ghost`"),
        ]
    );
}

#[test]
fn template_problems_come_in_document_order() {
    let mut doc = chain();
    doc["products"][0]["inputs"] = json!(["stone-coal"]);
    doc["products"][1]["inputs"] = json!(["vanadium-slag"]);
    doc["products"][2]["inputs"] = json!([["vanadium-slag", "ghost"]]);
    doc["products"][7]["segment"] = json!("nowhere");
    assert_eq!(
        chain_problems(&doc),
        vec![
            problem(
                "products[0].inputs",
                "input cycle between products `vanadium-slag`, `stone-coal`"
            ),
            problem("products[2].inputs[0][1]", "unknown product `ghost`"),
            problem("products[7].segment", "unknown segment `nowhere`"),
        ]
    );
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
    assert_eq!(
        json_error(Dataset::from_json_str(text)),
        (
            Document::Dataset,
            3,
            68,
            "invalid type: string \"half\", expected f64".to_string()
        )
    );

    let text =
        "{\"format\": \"chain@1\", \"id\": \"x\", \"name\": {\"en\": \"X\"},\n \"segments\": 5}";
    assert_eq!(
        json_error(Chain::from_json_str(text)),
        (
            Document::Chain,
            2,
            14,
            "invalid type: integer `5`, expected a sequence".to_string()
        )
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
            "invalid unicode code point".to_string()
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
            "EOF while parsing a value".to_string()
        )
    );
    assert_eq!(
        json_error(Chain::from_slice(b"")),
        (
            Document::Chain,
            1,
            0,
            "EOF while parsing a value".to_string()
        )
    );
    // Not an object at all.
    let (_, _, _, message) = json_error(Dataset::from_json_str("[]"));
    assert_eq!(message, "invalid type: sequence, expected a JSON object");
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
            "{}: dataset: 1 problem\n  firms[2].region: unknown region `atlantis`",
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
            "dataset: firms[0].region: unknown region `atlantis`".to_string(),
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
