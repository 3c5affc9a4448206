//! The compact `Registry` gives the knowledge graph's reports, JSON and Markdown, byte for
//! byte, on the documents both read with the one reader. (That it refuses exactly what the graph refuses, with
//! the same errors, is checked on every invalid document of `tests/validation.rs`,
//! `tests/bad_inputs.rs` and the property and fuzz tests, through their shared helpers.)

use std::path::Path;

use vrfb_chain::analysis::{gaps, Options};
use vrfb_chain::registry::Registry;
use vrfb_chain::{builtin, render, synth, Grade, KnowledgeGraph};

fn option_sets() -> Vec<Options> {
    vec![
        Options::default(),
        Options {
            as_of: "2024-06".parse().ok(),
            min_makers: 1,
            min_grade: None,
            top_candidates: 2,
        },
        Options {
            as_of: "2030".parse().ok(),
            min_makers: 3,
            min_grade: Some(Grade::A),
            top_candidates: 0,
        },
    ]
}

/// Loads both stores from the same bytes and compares their reports for `regions` (every
/// region when empty) under every option set.
#[track_caller]
fn assert_same_reports(chain: &[u8], data: &[u8], regions: &[&str]) -> Registry {
    let graph = KnowledgeGraph::from_json_slices(chain, data).expect("the documents load");
    let registry = Registry::from_json_slices(chain, data).expect("the registry loads");
    assert_eq!(registry.firm_count(), graph.dataset().firms.len());
    assert_eq!(registry.link_count(), graph.dataset().links.len());
    assert_eq!(
        registry.organization_count(),
        graph.dataset().organizations.len()
    );
    let all: Vec<&str> = graph
        .dataset()
        .regions
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let regions = if regions.is_empty() {
        &all[..]
    } else {
        regions
    };
    for region in regions {
        for options in option_sets() {
            let expected = gaps(&graph, region, &options).expect("a known region");
            let report = registry.gaps(region, &options).expect("a known region");
            assert_eq!(
                report.to_json_string(),
                expected.to_json_string(),
                "{region} {options:?}"
            );
            // The Markdown report names firms and regions: the registry keeps the names.
            assert_eq!(
                render::markdown(&registry, &report),
                render::markdown(&graph, &expected),
                "{region} {options:?}"
            );
        }
    }
    registry
}

#[test]
fn the_built_in_data_gives_the_same_reports_for_every_region() {
    for (chain, data) in [
        (builtin::MINIMAL_CHAIN_JSON, builtin::MINIMAL_DATASET_JSON),
        (builtin::VRFB_CHAIN_JSON, builtin::VRFB_DATASET_JSON),
        (builtin::LI_ION_CHAIN_JSON, builtin::LI_ION_DATASET_JSON),
    ] {
        assert_same_reports(chain.as_bytes(), data.as_bytes(), &[]);
    }
}

#[test]
fn synthetic_registries_give_the_same_reports() {
    for seed in [1, 7, 2026] {
        let dataset = synth::generate(1500, seed);
        let mut text = Vec::new();
        synth::write_json(&dataset, &mut text).expect("writing to memory");
        // The country, the province and the zone with the most firms.
        let graph = KnowledgeGraph::from_json_slices(builtin::VRFB_CHAIN_JSON.as_bytes(), &text)
            .expect("synthetic data is valid");
        let mut count = std::collections::BTreeMap::<&str, usize>::new();
        for firm in &graph.dataset().firms {
            *count.entry(firm.region.as_str()).or_default() += 1;
        }
        let zone = count
            .iter()
            .max_by_key(|&(id, n)| (*n, std::cmp::Reverse(*id)))
            .map(|(id, _)| *id)
            .expect("firms have regions");
        let path = graph.region_path(zone).expect("a known region");
        let regions: Vec<&str> = path.iter().map(|r| r.id.as_str()).collect();
        assert!(regions.len() >= 3, "{regions:?}");
        assert_same_reports(builtin::VRFB_CHAIN_JSON.as_bytes(), &text, &regions);
    }
}

#[test]
fn the_report_does_not_depend_on_the_order_of_the_lists() {
    let dataset = synth::generate(800, 3);
    let mut reversed = dataset.clone();
    reversed.firms.reverse();
    reversed.links.reverse();
    reversed.regions.reverse();
    reversed.sources.reverse();
    reversed.organizations.reverse();
    let report = |d: &vrfb_chain::Dataset| {
        let mut text = Vec::new();
        synth::write_json(d, &mut text).expect("writing to memory");
        let registry = Registry::from_json_slices(builtin::VRFB_CHAIN_JSON.as_bytes(), &text)
            .expect("synthetic data is valid");
        registry
            .gaps("cn", &Options::default())
            .expect("cn is a region")
            .to_json_string()
    };
    assert_eq!(report(&reversed), report(&dataset));
}

#[test]
fn null_for_an_optional_field_is_read_as_left_out() {
    // `null` for an optional field: valid, as if the field were left out.
    let text = builtin::MINIMAL_DATASET_JSON.replacen(
        r#""region": "zone-a","#,
        r#""region": "zone-a", "extra": null,"#,
        1,
    );
    assert_ne!(text, builtin::MINIMAL_DATASET_JSON);
    let chain = builtin::MINIMAL_CHAIN_JSON.as_bytes();
    let registry = Registry::from_json_slices(chain, text.as_bytes()).expect("valid");
    let graph = KnowledgeGraph::from_json_slices(chain, text.as_bytes()).expect("valid");
    assert_eq!(
        registry
            .gaps("zone-a", &Options::default())
            .unwrap()
            .to_json_string(),
        gaps(&graph, "zone-a", &Options::default())
            .unwrap()
            .to_json_string()
    );
}

#[test]
fn a_registry_from_a_graph_gives_the_same_reports() {
    let graph = builtin::vrfb_graph();
    let registry = Registry::from_graph(&graph);
    for region in ["cn", "cn-sc", builtin::DEFAULT_REGION] {
        for options in option_sets() {
            assert_eq!(
                registry.gaps(region, &options).unwrap().to_json_string(),
                gaps(&graph, region, &options).unwrap().to_json_string()
            );
        }
    }
}

#[test]
fn errors_name_the_file_and_unknown_regions_are_refused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chain = root.join("data/minimal.chain.json");
    let err = Registry::from_paths(&chain, root.join("no-such.dataset.json")).unwrap_err();
    assert!(err.to_string().contains("no-such.dataset.json"), "{err}");
    let bad = root.join("tests/bad/46-self-link.dataset.json");
    let err = Registry::from_paths(&chain, &bad).unwrap_err();
    let graph_err = KnowledgeGraph::from_paths(&chain, &bad).unwrap_err();
    assert_eq!(err.lines(), graph_err.lines());
    assert!(
        err.lines()[0].contains("46-self-link.dataset.json"),
        "{err}"
    );
    let registry =
        Registry::from_paths(&chain, root.join("data/minimal.dataset.json")).expect("valid");
    assert!(registry.gaps("atlantis", &Options::default()).is_err());
    let zero = Options {
        min_makers: 0,
        ..Options::default()
    };
    assert!(registry.gaps("zone-a", &zero).is_err());
}

/// The dataset's top-level fields written in the given order.
fn with_key_order(dataset: &vrfb_chain::Dataset, order: &[&str]) -> String {
    let value = serde_json::to_value(dataset).expect("a dataset is JSON");
    let fields: Vec<String> = order
        .iter()
        .filter(|key| !value[**key].is_null())
        .map(|key| format!("{:?}: {}", key, value[*key]))
        .collect();
    format!("{{{}}}", fields.join(",\n"))
}

#[test]
fn the_order_of_the_top_level_fields_does_not_matter() {
    let dataset = synth::generate(600, 11);
    let chain = builtin::VRFB_CHAIN_JSON.as_bytes();
    let mut expected = None;
    for order in [
        // Links last (read on a second thread), sources first.
        [
            "format",
            "chain",
            "as_of",
            "sources",
            "regions",
            "firms",
            "organizations",
            "links",
        ],
        // Links last, sources after the facts that cite them.
        [
            "format",
            "chain",
            "as_of",
            "regions",
            "firms",
            "organizations",
            "sources",
            "links",
        ],
        // Links first, sources last.
        [
            "links",
            "sources",
            "organizations",
            "firms",
            "regions",
            "as_of",
            "chain",
            "format",
        ],
        // Links in the middle.
        [
            "chain",
            "format",
            "firms",
            "links",
            "regions",
            "sources",
            "as_of",
            "organizations",
        ],
    ] {
        let text = with_key_order(&dataset, &order);
        let registry = assert_same_reports(chain, text.as_bytes(), &["cn"]);
        let report = registry
            .gaps("cn", &Options::default())
            .unwrap()
            .to_json_string();
        assert_eq!(expected.get_or_insert_with(|| report.clone()), &report);
    }
}

#[test]
fn a_links_key_inside_an_extra_is_an_extra_and_nothing_more() {
    // The last `"links": [` of the document is inside the last link's `extra`.
    let mut dataset = synth::generate(1000, 5);
    let last = dataset.links.last_mut().expect("links");
    last.extra =
        Some(serde_json::from_str::<vrfb_chain::Extra>(r#"{"links": [1, 2]}"#).expect("JSON"));
    let mut text = Vec::new();
    synth::write_json(&dataset, &mut text).expect("writing to memory");
    assert_same_reports(builtin::VRFB_CHAIN_JSON.as_bytes(), &text, &["cn"]);
}
