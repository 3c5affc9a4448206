//! Property tests: random valid documents round-trip and give order-independent reports;
//! mutated documents never make the library panic.

mod common;

use common::exercise;
use proptest::prelude::*;
use serde_json::{json, Value};
use vrfb_chain::analysis::{diff, gaps, Options};
use vrfb_chain::scenario::Scenario;
use vrfb_chain::synth::Rng;
use vrfb_chain::{builtin, render, Chain, Dataset, Grade, KnowledgeGraph};

fn date(rng: &mut Rng) -> String {
    let year = 2018 + rng.below(10);
    match rng.below(3) {
        0 => format!("{year}"),
        1 => format!("{year}-{:02}", 1 + rng.below(12)),
        _ => format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
    }
}

/// A random valid template: products in segment order, inputs only from earlier products
/// (so upstream or same segment, and acyclic), some requirements with alternatives.
fn random_chain(rng: &mut Rng) -> (Value, Vec<String>) {
    let n_segments = 1 + rng.below(4);
    let n_products = 1 + rng.below(10);
    let segments: Vec<Value> = (0..n_segments)
        .map(|s| json!({"id": format!("s{s}"), "name": {"en": format!("Segment {s}")}}))
        .collect();
    let mut segment_of: Vec<usize> = (0..n_products).map(|_| rng.below(n_segments)).collect();
    segment_of.sort_unstable();
    let ids: Vec<String> = (0..n_products).map(|p| format!("p{p}")).collect();
    let mut products = Vec::new();
    for p in 0..n_products {
        let mut inputs = Vec::new();
        let mut used = std::collections::BTreeSet::new();
        if p > 0 {
            for _ in 0..rng.below(3) {
                let k = 1 + rng.below(3);
                let mut alternatives = Vec::new();
                for _ in 0..k {
                    let a = rng.below(p);
                    if used.insert(a) {
                        alternatives.push(ids[a].clone());
                    }
                }
                match alternatives.len() {
                    0 => {}
                    1 if rng.chance(0.6) => inputs.push(json!(alternatives[0])),
                    _ => inputs.push(json!(alternatives)),
                }
            }
        }
        let mut product = json!({"id": ids[p], "segment": format!("s{}", segment_of[p]),
                                 "name": {"zh": format!("产品{p}")}});
        if !inputs.is_empty() {
            product["inputs"] = json!(inputs);
        }
        products.push(product);
    }
    let chain = json!({"format": "chain@1", "id": "rand", "name": {"en": "Random"},
                       "segments": segments, "products": products});
    (chain, ids)
}

/// A random valid dataset for a template with `products`.
fn random_dataset(rng: &mut Rng, products: &[String]) -> Value {
    let statuses = ["announced", "building", "operating", "operating", "closed"];
    let sources: Vec<Value> = ["A", "B", "C"]
        .iter()
        .enumerate()
        .map(|(i, g)| json!({"id": format!("src{i}"), "title": format!("Source {i}"), "grade": g}))
        .collect();
    let mut regions = vec![json!({"id": "r0", "kind": "country", "name": {"en": "R0"}})];
    let n_regions = 1 + rng.below(8);
    for r in 1..n_regions {
        let mut region = json!({"id": format!("r{r}"), "kind": *rng.pick(&["province", "city", "zone", "other"]),
                                "name": {"en": format!("R{r}")}});
        if rng.chance(0.85) {
            region["parent"] = json!(format!("r{}", rng.below(r)));
        }
        regions.push(region);
    }
    let n_firms = rng.below(15);
    let mut firms = Vec::new();
    for f in 0..n_firms {
        let mut makes = Vec::new();
        for _ in 0..rng.below(4) {
            let mut fact = json!({"product": rng.pick(products), "status": rng.pick(&statuses)});
            if rng.chance(0.7) {
                fact["sources"] = json!([format!("src{}", rng.below(3))]);
            }
            if rng.chance(0.3) {
                fact["since"] = json!("2020");
            }
            if rng.chance(0.2) {
                fact["until"] = json!(date(rng).replacen("20", "21", 1));
            }
            if rng.chance(0.2) {
                // Tenths are not exact in binary, so the order of a sum shows in its last
                // bits: the report must add them in one order whatever the lists' order.
                let unit = if rng.chance(0.15) { "MW/yr" } else { "t/yr" };
                fact["capacity"] = json!({"value": rng.below(1000) as f64 / 10.0, "unit": unit});
            }
            makes.push(fact);
        }
        let mut firm = json!({"id": format!("f{f:02}"), "region": format!("r{}", rng.below(n_regions)),
                              "name": {"zh": format!("企业{f}"), "en": format!("Firm {f}")}, "makes": makes});
        if rng.chance(0.2) {
            firm["tags"] = json!(["chain-leader"]);
        }
        if rng.chance(0.1) {
            firm["extra"] = json!({"rank": f, "list": [1, 2.5, "x"]});
        }
        firms.push(firm);
    }
    let organizations = vec![
        json!({"id": "org0", "kind": "alliance", "region": "r0", "name": {"en": "Alliance"}}),
        json!({"id": "org1", "kind": "research", "name": {"en": "Lab"}}),
    ];
    let mut links = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..(n_firms * 2) {
        if n_firms < 2 {
            break;
        }
        let a = format!("f{:02}", rng.below(n_firms));
        let b = format!("f{:02}", rng.below(n_firms));
        if a == b {
            continue;
        }
        let kind = *rng.pick(&[
            "supplies",
            "supplies",
            "owns",
            "partners_with",
            "member_of",
            "transfers_technology",
        ]);
        let (from, to) = match kind {
            "member_of" => (a.clone(), format!("org{}", rng.below(2))),
            "transfers_technology" if rng.chance(0.3) => ("org1".to_string(), b.clone()),
            _ => (a.clone(), b.clone()),
        };
        let product = (kind == "supplies").then(|| rng.pick(products).clone());
        let key = if kind == "partners_with" && from > to {
            (to.clone(), from.clone(), kind, product.clone())
        } else {
            (from.clone(), to.clone(), kind, product.clone())
        };
        if !seen.insert(key) {
            continue;
        }
        let mut link = json!({"from": from, "to": to, "kind": kind, "status": rng.pick(&statuses)});
        if let Some(p) = product {
            link["product"] = json!(p);
        }
        if kind == "owns" && rng.chance(0.5) {
            link["share"] = json!((1 + rng.below(100)) as f64 / 100.0);
        }
        if rng.chance(0.3) {
            link["since"] = json!(date(rng));
        }
        if rng.chance(0.6) {
            link["sources"] = json!([format!("src{}", rng.below(3))]);
        }
        links.push(link);
    }
    let mut data = json!({"format": "dataset@1", "chain": "rand", "sources": sources, "regions": regions,
                          "firms": firms, "organizations": organizations, "links": links});
    if rng.chance(0.7) {
        data["as_of"] = json!(date(rng));
    }
    data
}

fn random_options(rng: &mut Rng) -> Options {
    Options {
        as_of: rng.chance(0.3).then(|| date(rng).parse().unwrap()),
        min_makers: 1 + rng.below(3),
        min_grade: *rng.pick(&[Some(Grade::A), Some(Grade::B), Some(Grade::C), None]),
        top_candidates: rng.below(6),
    }
}

fn shuffle_lists(rng: &mut Rng, data: &mut Value) {
    for key in ["sources", "regions", "firms", "organizations", "links"] {
        if let Some(list) = data.get_mut(key).and_then(Value::as_array_mut) {
            rng.shuffle(list);
            for item in list.iter_mut() {
                if let Some(makes) = item.get_mut("makes").and_then(Value::as_array_mut) {
                    rng.shuffle(makes);
                }
            }
        }
    }
}

fn load(chain: &Value, data: &Value) -> KnowledgeGraph {
    KnowledgeGraph::from_json_slices(chain.to_string().as_bytes(), data.to_string().as_bytes())
        .unwrap_or_else(|e| panic!("generated documents are valid: {e}\n{data}"))
}

/// A random case of the gap analysis: a template, a dataset, its graph, options and a
/// region, drawn from one seed; `rng` goes on for what a test draws next.
struct Case {
    rng: Rng,
    chain: Value,
    data: Value,
    graph: KnowledgeGraph,
    options: Options,
    region: String,
}

impl Case {
    fn new(seed: u64) -> Case {
        let mut rng = Rng::new(seed);
        let (chain, products) = random_chain(&mut rng);
        let data = random_dataset(&mut rng, &products);
        let options = random_options(&mut rng);
        let graph = load(&chain, &data);
        let region = format!("r{}", rng.below(graph.dataset().regions.len()));
        Case {
            rng,
            chain,
            data,
            graph,
            options,
            region,
        }
    }

    /// The graph of the dataset with every list shuffled.
    fn shuffled(&mut self) -> KnowledgeGraph {
        let mut shuffled = self.data.clone();
        shuffle_lists(&mut self.rng, &mut shuffled);
        load(&self.chain, &shuffled)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_valid_datasets_survive_save_and_load(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let (chain, products) = random_chain(&mut rng);
        let data = random_dataset(&mut rng, &products);
        let graph = load(&chain, &data);
        let dataset = graph.dataset();
        let again = Dataset::from_json_str(&dataset.to_json_string()).expect("saved dataset loads");
        prop_assert_eq!(&again, dataset);
        let template = Chain::from_json_str(&graph.chain().to_json_string()).expect("saved chain loads");
        prop_assert_eq!(&template, graph.chain());
    }

    #[test]
    fn reports_do_not_depend_on_the_order_of_input_lists(seed in any::<u64>()) {
        let mut case = Case::new(seed);
        let (region, options) = (case.region.clone(), case.options.clone());
        let report = gaps(&case.graph, &region, &options).expect("a known region");
        let expected = (report.to_json_string(), render::markdown(&case.graph, &report));
        let graph = case.shuffled();
        let report = gaps(&graph, &region, &options).expect("a known region");
        prop_assert_eq!((report.to_json_string(), render::markdown(&graph, &report)), expected);
    }

    #[test]
    fn a_diff_of_a_report_with_itself_is_empty_and_diffs_do_not_depend_on_order(seed in any::<u64>()) {
        let mut case = Case::new(seed);
        let (a, b) = (case.options.clone(), random_options(&mut case.rng));
        let region = case.region.clone();
        let diff_of = |graph: &KnowledgeGraph| {
            let before = gaps(graph, &region, &a).expect("a known region");
            let after = gaps(graph, &region, &b).expect("a known region");
            assert!(diff(&before, &before).expect("same region").is_empty());
            diff(&before, &after).expect("same region").to_json_string()
        };
        let expected = diff_of(&case.graph);
        prop_assert_eq!(diff_of(&case.shuffled()), expected);
    }

    #[test]
    fn critical_firms_are_the_report_without_each_firm(seed in any::<u64>()) {
        let Case { graph, options, region, .. } = Case::new(seed);
        let report = gaps(&graph, &region, &options).expect("a known region");
        for firm in graph.firms_in(&region).expect("a known region") {
            let mut without = Scenario::new(vrfb_chain::Name::new(None, Some("without")));
            without.remove.firms.push(firm.id.clone());
            let other = without.apply(&graph).expect("removing a firm keeps a dataset valid");
            let then = gaps(&other, &region, &options).expect("a known region");
            let downgraded: Vec<String> = report.products.iter().zip(&then.products)
                .filter(|(a, b)| b.status.rank() < a.status.rank())
                .map(|(a, b)| format!("{} {} {}", a.product, a.status, b.status))
                .collect();
            let listed: Vec<String> = report.critical_firms.iter()
                .find(|c| c.firm == firm.id)
                .map(|c| c.downgraded.iter().map(|d| format!("{} {} {}", d.product, d.status, d.without)).collect())
                .unwrap_or_default();
            prop_assert_eq!(listed, downgraded, "{}", firm.id);
        }
    }

    #[test]
    fn a_scenario_that_adds_and_removes_nothing_gives_the_same_report(seed in any::<u64>()) {
        let Case { graph, options, region, .. } = Case::new(seed);
        let nothing = Scenario::from_slice(br#"{"format": "scenario@1", "name": {"en": "nothing"}}"#)
            .expect("a valid scenario");
        let same = nothing.apply(&graph).expect("an empty scenario applies");
        prop_assert_eq!(
            gaps(&same, &region, &options).expect("a known region"),
            gaps(&graph, &region, &options).expect("a known region")
        );
    }

    #[test]
    fn mutated_documents_never_panic(seed in any::<u64>(), edits in 1usize..8) {
        let mut rng = Rng::new(seed);
        let chain = builtin::MINIMAL_CHAIN_JSON.as_bytes().to_vec();
        let mut data = builtin::MINIMAL_DATASET_JSON.as_bytes().to_vec();
        let target_chain = rng.chance(0.3);
        let doc = if target_chain { &mut chain.clone() } else { &mut data };
        mutate(&mut rng, doc, edits);
        let (chain_bytes, data_bytes) = if target_chain {
            (doc.clone(), builtin::MINIMAL_DATASET_JSON.as_bytes().to_vec())
        } else {
            (chain, doc.clone())
        };
        exercise(&chain_bytes, &data_bytes);
    }

    #[test]
    fn mutated_values_never_panic(seed in any::<u64>()) {
        // Structured mutations: replace one value of the document by a value of another
        // type or an edge case, which byte mutations rarely reach.
        let mut rng = Rng::new(seed);
        let mut data: Value = serde_json::from_str(builtin::MINIMAL_DATASET_JSON).unwrap();
        let replacements = [
            json!(null), json!(""), json!("Z"), json!(-1), json!(1e308), json!(0),
            json!([]), json!({}), json!("2025-02-30"), json!("x".repeat(100)), json!(["leader", "leader"]),
            json!("zone-a"), json!("leader"), json!("alliance"), json!("stack"), json!(true),
        ];
        for _ in 0..(1 + rng.below(4)) {
            let replacement = rng.pick(&replacements).clone();
            replace_random_value(&mut rng, &mut data, replacement);
        }
        exercise(builtin::MINIMAL_CHAIN_JSON.as_bytes(), data.to_string().as_bytes());
    }
}

fn mutate(rng: &mut Rng, doc: &mut Vec<u8>, edits: usize) {
    const TOKENS: [&[u8]; 10] = [
        b"{", b"}", b"[", b"]", b",", b":", b"\"", b"null", b"\xff", b"-1e999",
    ];
    for _ in 0..edits {
        if doc.is_empty() {
            doc.extend_from_slice(b"{");
        }
        let at = rng.below(doc.len());
        match rng.below(4) {
            0 => {
                doc.remove(at);
            }
            1 => doc[at] = rng.next_u64() as u8,
            2 => {
                let token = rng.pick(&TOKENS);
                doc.splice(at..at, token.iter().copied());
            }
            _ => {
                // Duplicate a slice: repeated keys and lists.
                let end = (at + 1 + rng.below(40)).min(doc.len());
                let copy = doc[at..end].to_vec();
                doc.splice(at..at, copy);
            }
        }
    }
}

fn replace_random_value(rng: &mut Rng, value: &mut Value, replacement: Value) {
    let children = match value {
        Value::Object(map) => map.len(),
        Value::Array(list) => list.len(),
        _ => 0,
    };
    if children == 0 || rng.chance(0.25) {
        *value = replacement;
        return;
    }
    let k = rng.below(children);
    match value {
        Value::Object(map) => {
            if let Some((_, child)) = map.iter_mut().nth(k) {
                replace_random_value(rng, child, replacement);
            }
        }
        Value::Array(list) => replace_random_value(rng, &mut list[k], replacement),
        _ => {}
    }
}

/// Node and edge counts per kind that every graph export must hold for a dataset.
fn expected_counts(graph: &KnowledgeGraph) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    let mut add = |kind: &str, n: usize| *counts.entry(kind.to_string()).or_insert(0) += n;
    let (chain, data) = (graph.chain(), graph.dataset());
    add("node:segment", chain.segments.len());
    add("node:product", chain.products.len());
    add("node:region", data.regions.len());
    add("node:firm", data.firms.len());
    add("node:organization", data.organizations.len());
    add("edge:in_segment", chain.products.len());
    add(
        "edge:input_of",
        chain
            .products
            .iter()
            .flat_map(|p| &p.inputs)
            .map(|r| r.alternatives().len())
            .sum(),
    );
    add("edge:makes", data.firms.iter().map(|f| f.makes.len()).sum());
    add(
        "edge:located_in",
        data.firms.len()
            + data
                .organizations
                .iter()
                .filter(|o| o.region.is_some())
                .count(),
    );
    add(
        "edge:part_of",
        data.regions.iter().filter(|r| r.parent.is_some()).count(),
    );
    for link in &data.links {
        add(&format!("edge:{}", link.kind), 1);
    }
    counts.retain(|_, n| *n > 0);
    counts
}

fn export_counts(
    text: &[u8],
    nodes: &str,
    edges: &str,
    nested: bool,
) -> std::collections::BTreeMap<String, usize> {
    let doc: Value = serde_json::from_slice(text).expect("the export is JSON");
    let root = if nested { &doc["elements"] } else { &doc };
    let mut counts = std::collections::BTreeMap::new();
    for (list, prefix) in [(nodes, "node"), (edges, "edge")] {
        for item in root[list].as_array().expect("a list") {
            let fields = if nested { &item["data"] } else { item };
            let kind = fields["kind"].as_str().expect("a kind");
            *counts.entry(format!("{prefix}:{kind}")).or_insert(0) += 1;
        }
    }
    counts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn every_export_holds_exactly_the_datasets_counts(seed in any::<u64>()) {
        use vrfb_chain::export::{self, ExportOptions, Format};
        let mut rng = Rng::new(seed);
        let (chain, products) = random_chain(&mut rng);
        let data = random_dataset(&mut rng, &products);
        let graph = load(&chain, &data);
        let expected = expected_counts(&graph);
        let write = |format| {
            let mut out = Vec::new();
            export::write(&graph, format, &ExportOptions::default(), None, &mut out).expect("in memory");
            out
        };
        prop_assert_eq!(&export_counts(&write(Format::NodeLink), "nodes", "edges", false), &expected);
        prop_assert_eq!(&export_counts(&write(Format::Cytoscape), "nodes", "edges", true), &expected);
        let graphml = String::from_utf8(write(Format::Graphml)).expect("UTF-8");
        let nodes = graphml.matches("<node ").count();
        let edges = graphml.matches("<edge ").count();
        let total = |prefix: &str| expected.iter().filter(|(k, _)| k.starts_with(prefix)).map(|(_, n)| n).sum::<usize>();
        prop_assert_eq!((nodes, edges), (total("node:"), total("edge:")));
        let reloaded = Dataset::from_slice(&write(Format::Json)).expect("the json export loads");
        prop_assert_eq!(reloaded, graph.dataset().canonical());
    }
}
