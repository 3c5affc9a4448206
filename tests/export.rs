//! The exports: every node and edge of the dataset in every format, well-formed output,
//! the JSON round trip, determinism, `as_of` filtering, the registry's exports (the
//! graph's bytes), and the example's exit codes.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use vrfb_chain::analysis::{gaps, Options};
use vrfb_chain::export::{self, ExportOptions, Exportable, Format};
use vrfb_chain::registry::Registry;
use vrfb_chain::{builtin, Chain, Dataset, Fact, KnowledgeGraph};

type Counts = BTreeMap<String, usize>;

/// What every graph export must hold, counted from the template and dataset themselves.
fn expected(chain: &Chain, data: &Dataset, as_of: Option<vrfb_chain::Date>) -> (Counts, Counts) {
    let keep = |f: &dyn Fn(Option<vrfb_chain::Date>) -> bool| as_of.is_none() || f(as_of);
    let mut nodes = Counts::new();
    let add = |m: &mut Counts, k: &str, n: usize| {
        if n > 0 {
            *m.entry(k.to_string()).or_default() += n;
        }
    };
    add(&mut nodes, "segment", chain.segments.len());
    add(&mut nodes, "product", chain.products.len());
    add(&mut nodes, "region", data.regions.len());
    add(&mut nodes, "firm", data.firms.len());
    add(&mut nodes, "organization", data.organizations.len());
    let mut edges = Counts::new();
    let makes = data
        .firms
        .iter()
        .flat_map(|f| &f.makes)
        .filter(|m| keep(&|d| m.is_valid_at(d)))
        .count();
    add(&mut edges, "makes", makes);
    for l in &data.links {
        if keep(&|d| l.is_valid_at(d)) {
            add(&mut edges, l.kind.as_str(), 1);
        }
    }
    let inputs: usize = chain
        .products
        .iter()
        .flat_map(|p| &p.inputs)
        .map(|r| r.alternatives().len())
        .sum();
    add(&mut edges, "input_of", inputs);
    add(&mut edges, "in_segment", chain.products.len());
    let located = data.firms.len()
        + data
            .organizations
            .iter()
            .filter(|o| o.region.is_some())
            .count();
    add(&mut edges, "located_in", located);
    let part_of = data.regions.iter().filter(|r| r.parent.is_some()).count();
    add(&mut edges, "part_of", part_of);
    (nodes, edges)
}

fn export_bytes(graph: &KnowledgeGraph, format: Format, options: &ExportOptions) -> Vec<u8> {
    let mut out = Vec::new();
    export::write(graph, format, options, None, &mut out).unwrap();
    out
}

fn count_by_kind<'a>(items: impl Iterator<Item = &'a serde_json::Value>) -> Counts {
    let mut counts = Counts::new();
    for item in items {
        let kind = item["kind"].as_str().expect("every element has a kind");
        *counts.entry(kind.to_string()).or_default() += 1;
    }
    counts
}

/// Nodes and edges by kind in a node-link document; checks ids and keys on the way.
fn node_link_counts(bytes: &[u8], edges_key: &str) -> (Counts, Counts) {
    let doc: serde_json::Value = serde_json::from_slice(bytes).expect("node-link is JSON");
    assert_eq!(doc["directed"], true);
    assert_eq!(doc["multigraph"], true);
    assert!(doc["graph"]["chain"].is_string());
    let nodes = doc["nodes"].as_array().unwrap();
    let edges = doc[edges_key].as_array().unwrap();
    let ids: std::collections::BTreeSet<&str> =
        nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), nodes.len(), "node ids are unique");
    let mut pair_keys = std::collections::BTreeSet::new();
    for e in edges {
        for end in ["source", "target"] {
            assert!(
                ids.contains(e[end].as_str().unwrap()),
                "dangling {end}: {e}"
            );
        }
        let key = format!("{} {} {}", e["source"], e["target"], e["key"]);
        assert!(pair_keys.insert(key), "duplicate key: {e}");
    }
    (count_by_kind(nodes.iter()), count_by_kind(edges.iter()))
}

fn cytoscape_counts(bytes: &[u8]) -> (Counts, Counts) {
    let doc: serde_json::Value = serde_json::from_slice(bytes).expect("cytoscape is JSON");
    assert_eq!(doc["directed"], true);
    assert_eq!(doc["multigraph"], true);
    assert!(doc["data"].is_object());
    let nodes = doc["elements"]["nodes"].as_array().unwrap();
    let edges = doc["elements"]["edges"].as_array().unwrap();
    for n in nodes {
        assert_eq!(n["data"]["id"], n["data"]["value"]);
        assert!(n["data"]["name"].as_str().is_some_and(|s| !s.is_empty()));
    }
    let mut ids = std::collections::BTreeSet::new();
    for element in nodes.iter().chain(edges) {
        assert!(
            ids.insert(element["data"]["id"].as_str().unwrap()),
            "element ids are unique"
        );
    }
    (
        count_by_kind(nodes.iter().map(|n| &n["data"])),
        count_by_kind(edges.iter().map(|e| &e["data"])),
    )
}

/// A small XML checker: tags balance, attributes are quoted, and text holds no raw `<`
/// or stray `&`. Returns the elements in document order as (name, attributes, text).
fn parse_xml(xml: &str) -> Vec<(String, BTreeMap<String, String>, String)> {
    fn check_text(text: &str) {
        let mut rest = text;
        while let Some(i) = rest.find('&') {
            let after = &rest[i + 1..];
            let end = after.find(';').expect("entity ends with ;");
            let entity = &after[..end];
            assert!(
                ["amp", "lt", "gt", "quot", "apos"].contains(&entity)
                    || (entity.starts_with('#') && entity[1..].parse::<u32>().is_ok()),
                "bad entity &{entity};"
            );
            rest = &after[end + 1..];
        }
        assert!(!text.contains('>') || text.is_empty() || !text.contains('<'));
    }
    let mut elements = Vec::new();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut rest = xml.trim_start();
    assert!(rest.starts_with("<?xml "), "XML declaration first");
    rest = &rest[rest.find("?>").unwrap() + 2..];
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        check_text(text);
        if let Some((_, index)) = stack.last() {
            let element: &mut (String, BTreeMap<String, String>, String) = &mut elements[*index];
            element.2.push_str(text);
        } else {
            assert!(text.trim().is_empty(), "text outside the root: {text:?}");
        }
        let close = rest[open..].find('>').expect("tag ends") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let (top, _) = stack.pop().expect("closing tag has an opening one");
            assert_eq!(top, name, "tags balance");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = tag[..name_end].to_string();
        let mut attrs = BTreeMap::new();
        let mut a = tag[name_end..].trim();
        while !a.is_empty() {
            let eq = a.find("=\"").expect("attribute is name=\"value\"");
            let key = a[..eq].trim().to_string();
            let value_end = a[eq + 2..].find('"').expect("quoted value") + eq + 2;
            let value = &a[eq + 2..value_end];
            assert!(!value.contains('<'), "no < in attribute values");
            check_text(value);
            assert!(
                attrs.insert(key, value.to_string()).is_none(),
                "attribute repeated"
            );
            a = a[value_end + 1..].trim_start();
        }
        elements.push((name.clone(), attrs, String::new()));
        if !self_closing {
            stack.push((name, elements.len() - 1));
        }
    }
    assert!(stack.is_empty(), "every element is closed");
    assert!(rest.trim().is_empty());
    elements
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#10;", "\n")
        .replace("&#9;", "\t")
        .replace("&#13;", "\r")
        .replace("&amp;", "&")
}

fn graphml_counts(bytes: &[u8]) -> (Counts, Counts) {
    let xml = std::str::from_utf8(bytes).expect("GraphML is UTF-8");
    let elements = parse_xml(xml);
    let mut keys = BTreeMap::new();
    let mut node_ids = std::collections::BTreeSet::new();
    let mut edge_ids = std::collections::BTreeSet::new();
    let (mut nodes, mut edges) = (Counts::new(), Counts::new());
    let mut current = "";
    for (name, attrs, text) in &elements {
        match name.as_str() {
            "key" => {
                assert!(
                    ["string", "int", "double", "boolean"].contains(&attrs["attr.type"].as_str())
                );
                keys.insert(attrs["id"].clone(), attrs["for"].clone());
            }
            "graph" => assert_eq!(attrs["edgedefault"], "directed"),
            "node" => {
                assert!(node_ids.insert(attrs["id"].clone()), "node ids are unique");
                current = "node";
            }
            "edge" => {
                assert!(edge_ids.insert(attrs["id"].clone()), "edge ids are unique");
                assert!(node_ids.contains(&attrs["source"]) && node_ids.contains(&attrs["target"]));
                current = "edge";
            }
            "data" => {
                let key = &attrs["key"];
                assert!(keys.contains_key(key), "data key {key} is declared");
                if key == "n_kind" {
                    assert_eq!(current, "node");
                    *nodes.entry(unescape(text)).or_default() += 1;
                } else if key == "e_kind" {
                    assert_eq!(current, "edge");
                    *edges.entry(unescape(text)).or_default() += 1;
                }
            }
            _ => {}
        }
    }
    (nodes, edges)
}

fn check_graph_formats(graph: &KnowledgeGraph, options: &ExportOptions) {
    let want = expected(graph.chain(), graph.dataset(), options.as_of);
    let nl = export_bytes(graph, Format::NodeLink, options);
    assert_eq!(node_link_counts(&nl, "edges"), want, "node-link");
    let cy = export_bytes(graph, Format::Cytoscape, options);
    assert_eq!(cytoscape_counts(&cy), want, "cytoscape");
    let gm = export_bytes(graph, Format::Graphml, options);
    assert_eq!(graphml_counts(&gm), want, "graphml");
    let links = ExportOptions {
        links_key: true,
        ..options.clone()
    };
    let nl_links = export_bytes(graph, Format::NodeLink, &links);
    assert_eq!(
        node_link_counts(&nl_links, "links"),
        want,
        "node-link, links key"
    );
}

#[test]
fn every_graph_format_holds_every_node_and_edge_of_the_minimal_data() {
    let graph = builtin::minimal_graph();
    let (nodes, edges) = expected(graph.chain(), graph.dataset(), None);
    // Hand-checked: 5 segments, 8 products, 7 regions, 6 firms, 2 organizations; 7 makes
    // facts, 7 links (3 supplies, one of each other kind), 7 input alternatives.
    let n = |pairs: &[(&str, usize)]| -> Counts {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    assert_eq!(
        nodes,
        n(&[
            ("segment", 5),
            ("product", 8),
            ("region", 7),
            ("firm", 6),
            ("organization", 2)
        ])
    );
    assert_eq!(
        edges,
        n(&[
            ("makes", 7),
            ("supplies", 3),
            ("owns", 1),
            ("partners_with", 1),
            ("member_of", 1),
            ("transfers_technology", 1),
            ("input_of", 7),
            ("in_segment", 8),
            ("located_in", 8),
            ("part_of", 5),
        ])
    );
    check_graph_formats(&graph, &ExportOptions::default());
}

#[test]
fn every_graph_format_holds_every_node_and_edge_of_the_builtin_data() {
    check_graph_formats(&builtin::vrfb_graph(), &ExportOptions::default());
    check_graph_formats(&builtin::li_ion_graph(), &ExportOptions::default());
}

#[test]
fn as_of_keeps_only_the_facts_valid_at_that_date() {
    let graph = builtin::minimal_graph();
    let options = ExportOptions {
        as_of: Some("2024-06-01".parse().unwrap()),
        ..Default::default()
    };
    check_graph_formats(&graph, &options);
    let (nodes, edges) = expected(graph.chain(), graph.dataset(), options.as_of);
    // slagworks' v2o5 line starts in 2025; the closed supply and the 2025-07 membership go.
    assert_eq!(edges["makes"], 6);
    assert_eq!(edges["supplies"], 2);
    assert!(!edges.contains_key("member_of"));
    assert_eq!(nodes["firm"], 6, "nodes are all kept");

    let doc: serde_json::Value =
        serde_json::from_slice(&export_bytes(&graph, Format::NodeLink, &options)).unwrap();
    assert_eq!(doc["graph"]["as_of"], "2024-06-01");
    assert_eq!(doc["graph"]["filtered"], true);

    let json = Dataset::from_slice(&export_bytes(&graph, Format::Json, &options)).unwrap();
    assert_eq!(json.as_of.unwrap().to_string(), "2024-06-01");
    assert_eq!(json.links.len(), 5);
    assert!(json.links.iter().all(|l| l.is_valid_at(json.as_of)));
    assert_eq!(json.firms.iter().map(|f| f.makes.len()).sum::<usize>(), 6);

    let all = ExportOptions::default();
    let doc: serde_json::Value =
        serde_json::from_slice(&export_bytes(&graph, Format::NodeLink, &all)).unwrap();
    let closed = doc["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["status"] == "closed")
        .expect("closed facts are exported with their status");
    assert_eq!(closed["kind"], "supplies");
    assert_eq!(closed["until"], "2023-06");
    assert_eq!(doc["graph"]["filtered"], false);
}

#[test]
fn json_export_round_trips_losslessly() {
    for graph in [builtin::minimal_graph(), builtin::vrfb_graph()] {
        let out = export_bytes(&graph, Format::Json, &ExportOptions::default());
        let again = Dataset::from_slice(&out).unwrap();
        assert_eq!(again, graph.dataset().canonical());
        let graph2 = KnowledgeGraph::new(graph.chain().clone(), again).unwrap();
        assert_eq!(
            export_bytes(&graph2, Format::Json, &ExportOptions::default()),
            out,
            "load → save → load → save is stable"
        );
    }
    let graph = builtin::minimal_graph();
    let again = Dataset::from_slice(&export_bytes(
        &graph,
        Format::Json,
        &ExportOptions::default(),
    ))
    .unwrap();
    let miner = again.firms.iter().find(|f| f.id == "minerco").unwrap();
    assert_eq!(
        miner.extra.as_ref().unwrap().get(),
        r#"{"listed": true, "note": "kept verbatim"}"#
    );
}

/// A deterministic shuffle (a small LCG), so the test needs no random crate.
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = ((*seed >> 33) as usize) % (i + 1);
        items.swap(i, j);
    }
}

fn shuffled(data: &Dataset, seed: &mut u64) -> Dataset {
    let mut d = data.clone();
    shuffle(&mut d.sources, seed);
    shuffle(&mut d.regions, seed);
    shuffle(&mut d.firms, seed);
    shuffle(&mut d.organizations, seed);
    shuffle(&mut d.links, seed);
    for f in &mut d.firms {
        shuffle(&mut f.makes, seed);
        shuffle(&mut f.tags, seed);
        shuffle(&mut f.sources, seed);
    }
    for l in &mut d.links {
        shuffle(&mut l.sources, seed);
    }
    d
}

#[test]
fn output_does_not_depend_on_the_order_of_the_input_lists() {
    for graph in [builtin::minimal_graph(), builtin::vrfb_graph()] {
        let options = ExportOptions::default();
        let report = gaps(&graph, &graph.dataset().regions[0].id, &Options::default()).unwrap();
        let reference: Vec<Vec<u8>> = Format::ALL
            .iter()
            .map(|f| {
                let mut out = Vec::new();
                export::write(&graph, *f, &options, Some(&report), &mut out).unwrap();
                out
            })
            .collect();
        let mut seed = 7;
        for _ in 0..5 {
            let data = shuffled(graph.dataset(), &mut seed);
            assert_ne!(&data, graph.dataset());
            let other = KnowledgeGraph::new(graph.chain().clone(), data).unwrap();
            let report = gaps(&other, &report.scope.region, &Options::default()).unwrap();
            for (f, want) in Format::ALL.iter().zip(&reference) {
                let mut out = Vec::new();
                export::write(&other, *f, &options, Some(&report), &mut out).unwrap();
                assert!(&out == want, "{f} changed with the input order");
            }
        }
    }
}

#[test]
fn hostile_text_is_escaped_in_every_format() {
    let mut data = builtin::minimal_dataset();
    let nasty = "A <b>&amp; \"quoted\" 'firm'\nline two\\ \u{7}bell";
    data.firms[0].name.en = Some(nasty.to_string());
    data.firms[0].name.zh = Some(nasty.to_string());
    data.links[0].note = Some("note with </data> and ]]> inside".to_string());
    let graph = KnowledgeGraph::new(builtin::minimal_chain(), data).unwrap();
    let options = ExportOptions::default();
    check_graph_formats(&graph, &options);
    let id = format!("firm:{}", graph.dataset().firms[0].id);

    let nl: serde_json::Value =
        serde_json::from_slice(&export_bytes(&graph, Format::NodeLink, &options)).unwrap();
    let node = nl["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id.as_str())
        .unwrap();
    assert_eq!(node["name_en"], nasty);

    let xml = String::from_utf8(export_bytes(&graph, Format::Graphml, &options)).unwrap();
    let elements = parse_xml(&xml);
    let names: Vec<String> = elements
        .iter()
        .filter(|(name, attrs, _)| name == "data" && attrs["key"] == "n_name_en")
        .map(|(_, _, text)| unescape(text))
        .collect();
    // XML 1.0 cannot carry the bell character: it becomes U+FFFD.
    assert!(names.contains(&nasty.replace('\u{7}', "\u{FFFD}")));

    let dot = String::from_utf8(export_bytes(&graph, Format::Dot, &options)).unwrap();
    assert!(dot.is_char_boundary(0));
    let report = gaps(
        &graph,
        &graph.dataset().firms[0].region,
        &Options::default(),
    )
    .unwrap();
    let mut out = Vec::new();
    export::write(&graph, Format::Dot, &options, Some(&report), &mut out).unwrap();
    let dot = String::from_utf8(out).unwrap();
    assert!(
        dot.contains(r#"A <b>&amp; \"quoted\" 'firm'\nline two\\ bell"#),
        "{dot}"
    );
}

#[test]
fn the_dot_map_has_a_cluster_per_segment_and_an_edge_per_input() {
    let graph = builtin::minimal_graph();
    let dot =
        String::from_utf8(export_bytes(&graph, Format::Dot, &ExportOptions::default())).unwrap();
    assert!(dot.starts_with("digraph \"vrfb-mini\" {") && dot.trim_end().ends_with('}'));
    assert_eq!(dot.matches("subgraph \"cluster_segment:").count(), 5);
    assert_eq!(dot.matches("-> \"product:").count(), 7);
    assert_eq!(dot.matches("[style=dashed]").count(), 2);
    assert!(!dot.contains("legend"), "no legend without a report");
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());

    let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
    let mut out = Vec::new();
    export::dot::write(&graph, Some(&report), &ExportOptions::default(), &mut out).unwrap();
    let dot = String::from_utf8(out).unwrap();
    assert!(dot.contains("\"product:storage-system\" -> \"firms:storage-system\""));
    assert!(dot.contains("\"legend\""));
    // One card per product with local makers, naming them.
    let attached = report
        .products
        .iter()
        .filter(|p| !p.local_makers.is_empty())
        .count();
    assert_eq!(dot.matches("arrowhead=none").count(), attached);
    // One rank per segment keeps the segments in columns, left to right.
    assert_eq!(dot.matches("{ rank=same;").count(), 5);
    for p in &report.products {
        let colour = match p.status.as_str() {
            "covered" => "#c6efce",
            "missing" => "#ffc7ce",
            _ => "#ffeb9c",
        };
        let line = dot
            .lines()
            .find(|l| {
                l.trim_start()
                    .starts_with(&format!("\"product:{}\" [", p.product))
            })
            .unwrap();
        assert!(
            line.contains(colour) && line.contains(p.status.as_str()),
            "{line}"
        );
    }
}

#[test]
fn the_dot_map_aggregates_firms_at_large_scopes_and_keeps_one_column_per_segment() {
    let graph = builtin::vrfb_graph();
    let report = gaps(&graph, "cn", &Options::default()).unwrap();
    let mut out = Vec::new();
    export::dot::write(&graph, Some(&report), &ExportOptions::default(), &mut out).unwrap();
    let dot = String::from_utf8(out).unwrap();
    // No node per firm: one card per product with local makers.
    assert!(!dot.contains("\"firm:"));
    for p in &report.products {
        let card = dot.lines().find(|l| {
            l.trim_start()
                .starts_with(&format!("\"firms:{}\" [", p.product))
        });
        match p.local_makers.len() {
            0 => assert!(card.is_none(), "{}", p.product),
            n if n > 3 => assert!(
                card.unwrap().contains(&format!("{n} firms")),
                "{}",
                p.product
            ),
            _ => assert!(!card.unwrap().contains(" firms"), "{}", p.product),
        }
    }
    // Each segment's products (and cards) share one rank, listed in its cluster.
    let chain = graph.chain();
    assert_eq!(dot.matches("{ rank=same;").count(), chain.segments.len());
    for segment in &chain.segments {
        let cluster = dot
            .split(&format!("subgraph \"cluster_segment:{}\"", segment.id))
            .nth(1)
            .unwrap();
        let rank = cluster.lines().find(|l| l.contains("rank=same")).unwrap();
        for p in chain.products.iter().filter(|p| p.segment == segment.id) {
            assert!(rank.contains(&format!("\"product:{}\"", p.id)), "{rank}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// The example.

/// The example's binary, built once per test run: `cargo build --example export` in the
/// profile and target directory of this test (a no-op when `cargo test` built it already,
/// and a rebuild when only this test target was built and the example is stale).
fn example_binary() -> &'static PathBuf {
    static BINARY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BINARY.get_or_init(|| {
        let exe = std::env::current_exe().unwrap();
        // target/<profile>/deps/export-<hash>
        let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
        let target_dir = profile_dir.parent().unwrap();
        let mut build = Command::new(env!("CARGO"));
        build
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["build", "--quiet", "--example", "export", "--target-dir"])
            .arg(target_dir);
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let out = build.output().expect("cargo runs");
        assert!(
            out.status.success(),
            "cargo build --example export failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let binary = profile_dir
            .join("examples")
            .join(format!("export{}", std::env::consts::EXE_SUFFIX));
        assert!(
            binary.is_file(),
            "no example binary at {}",
            binary.display()
        );
        binary
    })
}

/// Runs `examples/export.rs` with `args`, from the crate's directory.
fn run_example(args: &[&str]) -> std::process::Output {
    Command::new(example_binary())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("the example runs")
}

fn data(file: &str) -> String {
    format!("{}/data/{file}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn example_writes_each_format_and_exits_0() {
    let chain = data("minimal.chain.json");
    let dataset = data("minimal.dataset.json");
    let graph = builtin::minimal_graph();
    for format in Format::ALL {
        let out = run_example(&[
            "--format",
            format.as_str(),
            "--chain",
            &chain,
            "--dataset",
            &dataset,
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            out.stdout,
            export_bytes(&graph, format, &ExportOptions::default()),
            "{format}"
        );
    }
    // A dataset alone is read against the built-in template it names.
    let out = run_example(&[
        "--format",
        "node-link",
        "--dataset",
        &dataset,
        "--as-of",
        "2024-06-01",
        "--links-key",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let options = ExportOptions {
        as_of: Some("2024-06-01".parse().unwrap()),
        links_key: true,
    };
    assert_eq!(out.stdout, export_bytes(&graph, Format::NodeLink, &options));

    let report = gaps(&graph, "city-a", &Options::default()).unwrap();
    let mut want = Vec::new();
    export::dot::write(&graph, Some(&report), &ExportOptions::default(), &mut want).unwrap();
    let out = run_example(&[
        "--format",
        "dot",
        "--dataset",
        &dataset,
        "--region",
        "city-a",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, want);

    let target =
        std::env::temp_dir().join(format!("vrfb-export-test-{}.graphml", std::process::id()));
    let out = run_example(&[
        "--format",
        "graphml",
        "--dataset",
        &dataset,
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let written = std::fs::read(&target).unwrap();
    std::fs::remove_file(&target).unwrap();
    assert_eq!(
        written,
        export_bytes(&graph, Format::Graphml, &ExportOptions::default())
    );
}

#[test]
fn example_defaults_to_the_builtin_vrfb_data_and_the_leshan_map() {
    let graph = builtin::vrfb_graph();
    let out = run_example(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        out.stdout,
        export_bytes(&graph, Format::Json, &ExportOptions::default())
    );
    let out = run_example(&["--format", "dot"]);
    assert_eq!(out.status.code(), Some(0));
    let dot = String::from_utf8(out.stdout).unwrap();
    assert!(
        dot.contains("乐山高新区"),
        "the default map is Leshan High-tech Zone's"
    );
    assert!(dot.contains("\"legend\""));
}

#[test]
fn example_exits_2_on_usage_errors_with_a_usage_line() {
    let dataset = data("minimal.dataset.json");
    for args in [
        vec![],
        vec!["--format"],
        vec!["--format", "xml"],
        vec!["--format", "json", "--bogus"],
        vec!["--format", "json", "--as-of", "2025-13"],
        vec!["--format", "json", "--region", "zone-a"],
        vec!["--format", "graphml", "--links-key"],
        vec![
            "--format",
            "dot",
            "--dataset",
            &dataset,
            "--region",
            "atlantis",
        ],
    ] {
        let out = run_example(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("export: "), "{args:?}: {stderr}");
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with("usage: export --format")),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }
    let out = run_example(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("usage: export"));
}

#[test]
fn example_exits_1_when_an_input_does_not_load_with_every_problem_on_a_line() {
    let dir = std::env::temp_dir().join(format!("vrfb-export-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.dataset.json");
    std::fs::write(
        &bad,
        r#"{"format": "dataset@1", "chain": "vrfb-mini",
            "firms": [{"id": "x", "name": {"en": "X"}, "region": "nowhere"},
                      {"id": "y", "name": {"en": "Y"}, "region": "nowhere",
                       "makes": [{"product": "unobtainium"}]}]}"#,
    )
    .unwrap();
    let bad = bad.to_str().unwrap();
    let out = run_example(&["--format", "json", "--dataset", bad]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines.len() >= 3, "{stderr}");
    assert!(lines.iter().all(|l| l.starts_with(bad)), "{stderr}");
    assert!(
        stderr.contains("firms[1] `y`: makes[0].product"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());

    let missing = dir.join("missing.json");
    let out = run_example(&["--format", "json", "--dataset", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Rows per file name prefix of the Neo4j export.
fn neo4j_rows(files: &[export::neo4j::File], prefix: &str) -> usize {
    files
        .iter()
        .filter(|f| f.name.starts_with(prefix))
        .map(export::neo4j::File::rows)
        .sum()
}

#[test]
fn neo4j_export_holds_every_node_and_edge_in_files_per_label_and_type() {
    for graph in [builtin::minimal_graph(), builtin::vrfb_graph()] {
        let (nodes, edges) = expected(graph.chain(), graph.dataset(), None);
        let files = export::neo4j::files(&graph, &ExportOptions::default(), None);
        for (kind, n) in &nodes {
            let label = format!("{}{}", kind[..1].to_uppercase(), &kind[1..]);
            assert_eq!(
                neo4j_rows(&files, &format!("nodes-{label}.csv")),
                *n,
                "{label}"
            );
        }
        for (kind, n) in &edges {
            let prefix = format!("rels-{}-", kind.to_uppercase());
            assert_eq!(neo4j_rows(&files, &prefix), *n, "{kind}");
            for f in files.iter().filter(|f| f.name.starts_with(&prefix)) {
                let ty = kind.to_uppercase();
                assert!(
                    f.contents
                        .lines()
                        .skip(1)
                        .all(|l| l.contains(&format!(",{ty},"))),
                    "{} has rows of another type",
                    f.name
                );
            }
        }
        assert_eq!(neo4j_rows(&files, "nodes-Graph.csv"), 1);
        let script = &files
            .iter()
            .find(|f| f.name == "import.sh")
            .unwrap()
            .contents;
        let cypher = &files
            .iter()
            .find(|f| f.name == "load.cypher")
            .unwrap()
            .contents;
        for f in files.iter().filter(|f| f.name.ends_with(".csv")) {
            assert!(script.contains(&format!("={} \\", f.name)), "{}", f.name);
            assert!(
                cypher.contains(&format!("'file:///{}'", f.name)),
                "{}",
                f.name
            );
        }
    }
}

#[test]
fn neo4j_export_does_not_depend_on_the_order_of_the_input_lists() {
    let graph = builtin::vrfb_graph();
    let report = gaps(&graph, "cn-sc-leshan-hitech", &Options::default()).unwrap();
    let want = export::neo4j::files(&graph, &ExportOptions::default(), Some(&report));
    let products = &want.iter().find(|f| f.name == "nodes-Product.csv").unwrap();
    assert!(products
        .contents
        .lines()
        .next()
        .unwrap()
        .ends_with(",gap_status"));
    for p in &report.products {
        assert!(products
            .contents
            .lines()
            .any(|l| l.starts_with(&format!("{},", p.product)) && l.ends_with(p.status.as_str())));
    }
    let mut seed = 11;
    for _ in 0..3 {
        let other =
            KnowledgeGraph::new(graph.chain().clone(), shuffled(graph.dataset(), &mut seed))
                .unwrap();
        let report = gaps(&other, "cn-sc-leshan-hitech", &Options::default()).unwrap();
        assert_eq!(
            export::neo4j::files(&other, &ExportOptions::default(), Some(&report)),
            want
        );
    }
}

#[test]
fn the_neo4j_format_is_a_directory_not_a_stream() {
    let mut out = Vec::new();
    let err = export::write(
        &builtin::minimal_graph(),
        Format::Neo4j,
        &ExportOptions::default(),
        None,
        &mut out,
    )
    .unwrap_err();
    assert!(err.to_string().contains("write_dir"), "{err}");
    assert_eq!("neo4j".parse::<Format>().unwrap(), Format::Neo4j);
}

// ---------------------------------------------------------------------------------------
// The registry: every export of a registry read with its records is the graph's, to the
// byte.

/// The registry of a graph's documents, read with its records.
fn registry_of(graph: &KnowledgeGraph) -> Registry {
    Registry::from_json_slices_with_records(
        graph.chain().to_json_string().as_bytes(),
        graph.dataset().to_json_string().as_bytes(),
    )
    .unwrap()
}

/// Graphs whose exports cover every kind of record and field: the built-in data, a copy of
/// the VRFB data with every list shuffled, and a synthetic registry.
fn graphs() -> Vec<KnowledgeGraph> {
    let vrfb = builtin::vrfb_graph();
    let shuffled = shuffled(vrfb.dataset(), &mut 3);
    let synthetic = vrfb_chain::synth::generate(1500, 9);
    vec![
        builtin::minimal_graph(),
        builtin::li_ion_graph(),
        KnowledgeGraph::new(vrfb.chain().clone(), shuffled).unwrap(),
        KnowledgeGraph::new(builtin::vrfb_chain(), synthetic).unwrap(),
        vrfb,
    ]
}

#[test]
fn a_registry_with_records_exports_the_graphs_bytes_in_every_format() {
    let dates = [None, Some("2024-06-01".parse().unwrap())];
    for graph in graphs() {
        let registry = registry_of(&graph);
        let region = graph.dataset().regions[0].id.clone();
        for as_of in dates {
            let analysis = Options {
                as_of,
                ..Options::default()
            };
            let from_graph = gaps(&graph, &region, &analysis).unwrap();
            let from_registry = registry.gaps(&region, &analysis).unwrap();
            for links_key in [false, true] {
                let options = ExportOptions { as_of, links_key };
                for format in Format::ALL {
                    let (mut want, mut got) = (Vec::new(), Vec::new());
                    export::write(&graph, format, &options, None, &mut want).unwrap();
                    export::write(&registry, format, &options, None, &mut got).unwrap();
                    assert!(got == want, "{format} {options:?}: not the graph's bytes");
                    let (mut want, mut got) = (Vec::new(), Vec::new());
                    export::write(&graph, format, &options, Some(&from_graph), &mut want).unwrap();
                    export::write(&registry, format, &options, Some(&from_registry), &mut got)
                        .unwrap();
                    assert!(
                        got == want,
                        "{format} {options:?} {region}: not the graph's bytes"
                    );
                }
            }
        }
    }
}

#[test]
fn a_registrys_neo4j_directory_holds_the_graphs_files() {
    let dir = std::env::temp_dir().join(format!("vrfb-neo4j-registry-{}", std::process::id()));
    for graph in graphs() {
        let registry = registry_of(&graph);
        let region = graph.dataset().regions[0].id.clone();
        let options = ExportOptions {
            as_of: Some("2024-06-01".parse().unwrap()),
            ..Default::default()
        };
        let report = registry.gaps(&region, &Options::default()).unwrap();
        let graph_report = gaps(&graph, &region, &Options::default()).unwrap();
        let want = export::neo4j::files(&graph, &options, Some(&graph_report));
        let _ = std::fs::remove_dir_all(&dir);
        let written = export::neo4j::write_dir(&registry, &options, Some(&report), &dir).unwrap();
        let names: Vec<String> = written
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let want_names: Vec<&str> = want.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, want_names);
        for (path, file) in written.iter().zip(&want) {
            assert_eq!(
                std::fs::read_to_string(path).unwrap(),
                file.contents,
                "{}",
                file.name
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_registry_without_records_says_how_to_read_it_for_an_export() {
    let registry = Registry::from_json_slices(
        builtin::MINIMAL_CHAIN_JSON.as_bytes(),
        builtin::MINIMAL_DATASET_JSON.as_bytes(),
    )
    .unwrap();
    assert!(registry.records().is_none());
    for format in Format::ALL {
        let err = export::write(
            &registry,
            format,
            &ExportOptions::default(),
            None,
            Vec::new(),
        )
        .unwrap_err();
        assert!(
            matches!(err, vrfb_chain::Error::InvalidArgument(_)),
            "{format}: {err}"
        );
        assert!(err.to_string().contains("from_paths_with_records"), "{err}");
    }
    let dir = std::env::temp_dir().join(format!("vrfb-neo4j-bare-{}", std::process::id()));
    let err =
        export::neo4j::write_dir(&registry, &ExportOptions::default(), None, &dir).unwrap_err();
    assert!(err.to_string().contains("with_records"), "{err}");
    assert!(!dir.exists(), "nothing is written");
}

#[test]
fn the_records_of_a_registry_are_the_datasets() {
    let graph = builtin::vrfb_graph();
    let registry = registry_of(&graph);
    let records = registry.records().unwrap();
    let d = graph.dataset();
    assert_eq!(records.chain(), graph.chain());
    assert_eq!(records.as_of(), d.as_of);
    assert_eq!(records.source_count(), d.sources.len());
    for (i, s) in d.sources.iter().enumerate() {
        assert_eq!(
            (records.source_id(i), &*records.source(i)),
            (s.id.as_str(), s)
        );
    }
    for (i, r) in d.regions.iter().enumerate() {
        assert_eq!(
            (records.region_id(i), &*records.region(i)),
            (r.id.as_str(), r)
        );
    }
    for (i, f) in d.firms.iter().enumerate() {
        assert_eq!((records.firm_id(i), &*records.firm(i)), (f.id.as_str(), f));
    }
    for (i, o) in d.organizations.iter().enumerate() {
        let got = (records.organization_id(i), &*records.organization(i));
        assert_eq!(got, (o.id.as_str(), o));
    }
    assert_eq!(records.link_count(), d.links.len());
    for (i, l) in d.links.iter().enumerate() {
        assert_eq!(&*records.link(i), l);
    }
    // The graph lends its records; the registry builds them.
    let lent = graph.records().unwrap();
    assert!(matches!(lent.firm(0), std::borrow::Cow::Borrowed(_)));
    assert!(matches!(records.firm(0), std::borrow::Cow::Owned(_)));
}
