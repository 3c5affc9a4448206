//! The synthetic generator on other templates than the built-in VRFB one: the minimal
//! template and generated ones; and the VRFB output that the benchmark figures rest on.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use vrfb_chain::analysis::{gaps, Options};
use vrfb_chain::{builtin, synth, Chain, Dataset, KnowledgeGraph, LinkKind};

/// FNV-1a, 64 bits: a fingerprint of bytes that does not depend on the Rust release.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn text(dataset: &Dataset) -> Vec<u8> {
    let mut out = Vec::new();
    synth::write_json(dataset, &mut out).expect("writing to memory");
    out
}

/// What the dataset's firms make (not closed or closed alike), with how many firms.
fn products_made(dataset: &Dataset) -> BTreeMap<&str, usize> {
    let mut made = BTreeMap::new();
    for firm in &dataset.firms {
        let products: BTreeSet<&str> = firm.makes.iter().map(|m| m.product.as_str()).collect();
        for p in products {
            *made.entry(p).or_default() += 1;
        }
    }
    made
}

/// The share of `supplies` links whose product is an input of something the customer
/// makes: how far the links follow the template's requirements.
fn supplies_that_follow_requirements(chain: &Chain, dataset: &Dataset) -> f64 {
    let makes: BTreeMap<&str, Vec<&str>> = (dataset.firms.iter())
        .map(|f| {
            (
                f.id.as_str(),
                f.makes.iter().map(|m| m.product.as_str()).collect(),
            )
        })
        .collect();
    let supplies: Vec<_> = (dataset.links.iter())
        .filter(|l| l.kind == LinkKind::Supplies)
        .collect();
    let follow = supplies
        .iter()
        .filter(|l| {
            let product = l.product.as_deref().unwrap_or_default();
            makes.get(l.to.as_str()).is_some_and(|made| {
                made.iter()
                    .filter_map(|m| chain.product(m))
                    .any(|m| m.inputs.iter().any(|r| r.accepts(product)))
            })
        })
        .count();
    follow as f64 / supplies.len().max(1) as f64
}

#[test]
fn generate_is_the_vrfb_templates_case_and_its_output_does_not_change() {
    let dataset = synth::generate(2_000, 1);
    assert_eq!(
        dataset,
        synth::generate_for(&builtin::vrfb_chain(), 2_000, 1)
    );
    // The benchmark figures of docs/BENCHMARKS.md were measured on these files: the generator
    // must not change them (a deliberate change updates this fingerprint and the figures).
    let bytes = text(&dataset);
    assert_eq!(
        (bytes.len(), fnv1a(&bytes)),
        (1_485_117, 0xc981_d888_10bf_401f)
    );
}

#[test]
fn the_minimal_template_gives_a_dataset_of_its_products() {
    let chain = builtin::minimal_chain();
    let dataset = synth::generate_for(&chain, 2_000, 3);
    assert_eq!(dataset.chain, "vrfb-mini");
    let made = products_made(&dataset);
    let ids: BTreeSet<&str> = chain.products.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        made.keys().copied().collect::<BTreeSet<_>>(),
        ids,
        "every product, only those"
    );
    assert!(made.values().all(|&firms| firms >= 50), "{made:?}");
    // Supplies links carry the inputs the template's requirements name.
    let follow = supplies_that_follow_requirements(&chain, &dataset);
    assert!(follow > 0.8, "{follow}");
    assert!(dataset
        .links
        .iter()
        .all(|l| l.product.as_deref().is_none_or(|p| ids.contains(p))));
    // Alliances are named after the template, not after the VRFB chain.
    let alliance = (dataset.organizations.iter())
        .find(|o| o.id == "cn-vrfb-mini-alliance")
        .expect("a national alliance");
    assert_eq!(
        alliance.name.en.as_deref(),
        Some("National VRFB (minimal example) Alliance")
    );
    let graph = KnowledgeGraph::new(chain, dataset).expect("valid against its template");
    let report = gaps(&graph, "cn", &Options::default()).expect("a known region");
    assert_eq!(report.products.len(), 8);
}

#[test]
fn a_generated_template_is_valid_and_its_datasets_use_its_products() {
    let chain = synth::generate_chain(12, 240, 1);
    assert_eq!((chain.segments.len(), chain.products.len()), (12, 240));
    assert_eq!(
        Chain::from_json_str(&chain.to_json_string()).expect("a valid template"),
        chain
    );
    assert_eq!(chain, synth::generate_chain(12, 240, 1), "deterministic");
    assert_ne!(chain, synth::generate_chain(12, 240, 2));
    // Every product past the first segment needs something; some have alternatives.
    let first_tier = chain
        .products
        .iter()
        .filter(|p| p.segment == "tier-01")
        .count();
    assert_eq!(first_tier, 20);
    assert!(chain.products[first_tier..]
        .iter()
        .all(|p| !p.inputs.is_empty()));
    let alternatives = chain.products.iter().flat_map(|p| &p.inputs);
    assert!(alternatives.filter(|r| r.alternatives().len() > 1).count() > 50);

    let dataset = synth::generate_for(&chain, 5_000, 1);
    assert_eq!(dataset.chain, "synth-chain");
    let made = products_made(&dataset);
    assert!(made.keys().all(|p| chain.product(p).is_some()));
    assert!(made.len() >= 230, "{} of 240 products made", made.len());
    let follow = supplies_that_follow_requirements(&chain, &dataset);
    assert!(follow > 0.8, "{follow}");
    let graph = KnowledgeGraph::new(chain, dataset).expect("valid against its template");
    let report = gaps(&graph, "cn", &Options::default()).expect("a known region");
    assert_eq!(report.products.len(), 240);
}

#[test]
fn generated_templates_of_every_size_are_valid() {
    // Including fewer products than segments, one segment, and no product at all.
    for (segments, products, seed) in [(1, 1, 1), (5, 3, 2), (1, 40, 3), (3, 0, 4), (0, 5, 5)] {
        let chain = synth::generate_chain(segments, products, seed);
        let text = chain.to_json_string();
        let chain = Chain::from_json_str(&text)
            .unwrap_or_else(|e| panic!("{segments}/{products}: {e}\n{text}"));
        assert_eq!(chain.products.len(), products);
        let dataset = synth::generate_for(&chain, 300, seed);
        if products == 0 {
            assert!(dataset.firms.iter().all(|f| f.makes.is_empty()));
        }
        let graph = KnowledgeGraph::new(chain, dataset);
        assert!(graph.is_ok(), "{segments}/{products}: {:?}", graph.err());
    }
}

#[test]
fn the_example_writes_the_deep_shape_and_its_template() {
    let dir = std::env::temp_dir().join(format!("vrfb-synth-deep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let (chain_path, data_path) = (dir.join("deep.chain.json"), dir.join("deep.json"));
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--example", "synth", "--"])
        .args([
            "--firms",
            "300",
            "--seed",
            "4",
            "--shape",
            "deep",
            "--chain-out",
        ])
        .arg(&chain_path)
        .arg("--out")
        .arg(&data_path)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read = |p: &std::path::Path| std::fs::read(p).expect("written");
    let graph = KnowledgeGraph::from_json_slices(&read(&chain_path), &read(&data_path))
        .expect("the pair loads");
    assert_eq!(graph.chain(), &synth::generate_chain(12, 240, 4));
    assert_eq!(graph.dataset(), &synth::generate_for(graph.chain(), 300, 4));
    std::fs::remove_dir_all(&dir).ok();

    // Without a place for the template, the deep shape is a usage error.
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--example", "synth", "--"])
        .args(["--firms", "3", "--shape", "deep"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--shape deep needs --chain-out FILE"),
        "{stderr}"
    );
}
