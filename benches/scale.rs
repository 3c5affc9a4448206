//! Benchmarks at national scale, on synthetic datasets of 1k, 10k and 100k firms made by
//! [`vrfb_chain::synth`] (seed 1): loading (parse, validate, build) a knowledge graph and a
//! compact registry, the gap analysis of a zone, a province and a country on each, and
//! each export; each section of the report at the country scope (`gap-sections`), the
//! Markdown report of the country (`render`), a report diff and a scenario (`what-if`);
//! and the crate's hash maps and interner on the 100k firm ids (`hash`).
//!
//! ```text
//! cargo bench --bench scale                 # everything, about five minutes on 2 cores
//! cargo bench --bench scale -- 'gaps/'      # one group
//! VRFB_BENCH_SIZES=1000,10000 cargo bench --bench scale
//! ```
//!
//! `VRFB_BENCH_SHAPE=deep` runs the same on the `deep` shape of `examples/synth.rs`: the
//! generated template of 240 products (`synth::Shape::Deep`: `generate_chain(12, 240, 1)`)
//! instead of the built-in VRFB one.
//!
//! Throughput is in firms per second. docs/BENCHMARKS.md holds the figures.

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, Throughput,
};

use vrfb_chain::analysis::{diff, gaps, Options};
use vrfb_chain::export::{self, ExportOptions, Format};
use vrfb_chain::registry::Registry;
use vrfb_chain::scenario::Scenario;
use vrfb_chain::{builtin, render, synth, Chain, Dataset, KnowledgeGraph, RegionKind};

// The hash maps and the interner are not public: their source is compiled into this bench
// (which uses only part of it, and leaves out its tests).
#[allow(dead_code, unused_imports)]
#[path = "../src/hash.rs"]
mod hash;

const SEED: u64 = 1;

/// The sizes to run: `VRFB_BENCH_SIZES` (comma-separated firm counts), or 1k, 10k and 100k.
fn sizes() -> Vec<usize> {
    std::env::var("VRFB_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

/// Fewer, longer samples for the big sizes, so that the whole run stays within ten minutes.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, firms: usize) {
    group.throughput(Throughput::Elements(firms as u64));
    if firms >= 100_000 {
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(8));
    } else if firms >= 10_000 {
        group.sample_size(20);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(4));
    } else {
        group.sample_size(50);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(3));
    }
}

/// The template and its JSON: the built-in VRFB one, or with `VRFB_BENCH_SHAPE=deep` the
/// template of the `deep` shape of the `synth` example.
fn template() -> (Chain, Vec<u8>) {
    match std::env::var("VRFB_BENCH_SHAPE").as_deref() {
        Ok("deep") => {
            let chain = synth::Shape::Deep.chain(SEED);
            let json = chain.to_json_string().into_bytes();
            (chain, json)
        }
        _ => (
            builtin::vrfb_chain(),
            builtin::VRFB_CHAIN_JSON.as_bytes().to_vec(),
        ),
    }
}

/// The dataset file as the `synth` example writes it, and its graph.
fn fixture(chain: &Chain, firms: usize) -> (Vec<u8>, KnowledgeGraph) {
    let dataset = synth::generate_for(chain, firms, SEED);
    let mut bytes = Vec::new();
    synth::write_json(&dataset, &mut bytes).expect("writing to memory cannot fail");
    let graph = KnowledgeGraph::new(chain.clone(), dataset).expect("synthetic data is valid");
    (bytes, graph)
}

/// The three scopes: the zone with the most firms, its province, and its country.
fn scopes(dataset: &Dataset) -> [(&'static str, String); 3] {
    let mut count = std::collections::BTreeMap::<&str, usize>::new();
    for f in &dataset.firms {
        *count.entry(f.region.as_str()).or_default() += 1;
    }
    let zone = dataset
        .regions
        .iter()
        .filter(|r| r.kind == RegionKind::Zone)
        .max_by_key(|r| {
            (
                count.get(r.id.as_str()).copied().unwrap_or(0),
                std::cmp::Reverse(&r.id),
            )
        })
        .expect("the generator makes zones");
    let parent = |id: &str| {
        dataset
            .regions
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| r.parent.clone())
            .expect("zones have a city, cities a province")
    };
    let province = parent(&parent(&zone.id));
    let country = parent(&province);
    [
        ("zone", zone.id.clone()),
        ("province", province),
        ("country", country),
    ]
}

fn benches(c: &mut Criterion) {
    let (template, chain_json) = template();
    let chain = chain_json.as_slice();
    for firms in sizes() {
        let (bytes, graph) = fixture(&template, firms);

        let mut group = c.benchmark_group("load");
        configure(&mut group, firms);
        group.bench_function(BenchmarkId::from_parameter(firms), |b| {
            b.iter(|| KnowledgeGraph::from_json_slices(chain, black_box(&bytes)).expect("valid"))
        });
        group.finish();

        let mut group = c.benchmark_group("gaps");
        configure(&mut group, firms);
        for (scope, region) in scopes(graph.dataset()) {
            group.bench_function(BenchmarkId::new(scope, firms), |b| {
                b.iter(|| {
                    gaps(&graph, black_box(&region), &Options::default()).expect("known region")
                })
            });
        }
        group.finish();

        let mut group = c.benchmark_group("registry-load");
        configure(&mut group, firms);
        group.bench_function(BenchmarkId::from_parameter(firms), |b| {
            b.iter(|| Registry::from_json_slices(chain, black_box(&bytes)).expect("valid"))
        });
        group.finish();

        let registry = Registry::from_json_slices(chain, &bytes).expect("valid");
        let mut group = c.benchmark_group("registry-gaps");
        configure(&mut group, firms);
        for (scope, region) in scopes(graph.dataset()) {
            group.bench_function(BenchmarkId::new(scope, firms), |b| {
                b.iter(|| {
                    registry
                        .gaps(black_box(&region), &Options::default())
                        .expect("known region")
                })
            });
        }
        group.finish();

        let country = scopes(graph.dataset())[2].1.clone();
        // Each section of the report at the country scope (`scope` is what all share).
        let mut group = c.benchmark_group("gap-sections");
        configure(&mut group, firms);
        for section in [
            "scope",
            "links",
            "links-one-thread",
            "links-two-threads",
            "closure",
            "candidates",
            "critical_firms",
            "concentration",
        ] {
            group.bench_function(BenchmarkId::new(section, firms), |b| {
                b.iter(|| {
                    vrfb_chain::analysis::bench_section(
                        &graph,
                        black_box(&country),
                        &Options::default(),
                        section,
                    )
                })
            });
        }
        group.finish();

        let report = gaps(&graph, &country, &Options::default()).expect("known region");

        // The Markdown report of the country: from the registry, as `gap_report` renders
        // it, and from the graph, as the command line does.
        let mut group = c.benchmark_group("render");
        configure(&mut group, firms);
        let registry_report = registry
            .gaps(&country, &Options::default())
            .expect("known region");
        group.bench_function(BenchmarkId::new("markdown", firms), |b| {
            b.iter(|| render::markdown(&registry, black_box(&registry_report)))
        });
        group.bench_function(BenchmarkId::new("markdown-graph", firms), |b| {
            b.iter(|| render::markdown(&graph, black_box(&report)))
        });
        group.finish();

        // A report diff (of two dates) and a scenario that removes a tenth of the firms.
        let earlier = Options {
            as_of: "2023-01-01".parse().ok(),
            ..Options::default()
        };
        let before = gaps(&graph, &country, &earlier).expect("known region");
        let mut scenario = Scenario::new(vrfb_chain::Name::new(None, Some("a tenth closes")));
        scenario.remove.firms = graph
            .dataset()
            .firms
            .iter()
            .step_by(10)
            .map(|f| f.id.clone())
            .collect();
        let mut group = c.benchmark_group("what-if");
        configure(&mut group, firms);
        group.bench_function(BenchmarkId::new("diff", firms), |b| {
            b.iter(|| diff(black_box(&before), &report).expect("same region"))
        });
        group.bench_function(BenchmarkId::new("scenario-apply", firms), |b| {
            b.iter(|| scenario.apply(black_box(&graph)).expect("a valid scenario"))
        });
        group.finish();
        let mut group = c.benchmark_group("export");
        configure(&mut group, firms);
        for format in Format::ALL {
            let report = (format == Format::Dot).then_some(&report);
            group.bench_function(BenchmarkId::new(format.as_str(), firms), |b| {
                b.iter(|| {
                    export::write(
                        &graph,
                        format,
                        &ExportOptions::default(),
                        report,
                        std::io::sink(),
                    )
                    .expect("writing to a sink cannot fail")
                })
            });
        }
        group.finish();
    }
}

/// The interner and the id map on the firm ids of the 100k-firm dataset: interning them
/// all, then 2M lookups in a scattered order (as a links array refers to firms), and the
/// same for an `FxHashMap<&str, u32>`. Throughput is in ids (or lookups) per second.
fn hash_benches(c: &mut Criterion) {
    const LOOKUPS: usize = 2_000_000;
    let ids: Vec<String> = synth::generate(100_000, SEED)
        .firms
        .into_iter()
        .map(|f| f.id)
        .collect();
    let n = ids.len();
    // A stride coprime with n visits every id once per n lookups, far from the last.
    let order: Vec<&str> = (0..LOOKUPS)
        .map(|i| ids[(i * 7_919) % n].as_str())
        .collect();
    let mut group = c.benchmark_group("hash");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));

    group.throughput(Throughput::Elements(n as u64));
    group.bench_function(BenchmarkId::new("intern", n), |b| {
        b.iter(|| {
            let mut names = hash::Interner::with_capacity(n);
            for id in &ids {
                names.intern(black_box(id));
            }
            names.len()
        })
    });
    group.bench_function(BenchmarkId::new("map-insert", n), |b| {
        b.iter(|| {
            let mut map: hash::FxHashMap<&str, u32> = hash::map_with_capacity(n);
            for (i, id) in ids.iter().enumerate() {
                map.insert(black_box(id.as_str()), i as u32);
            }
            map.len()
        })
    });

    let mut names = hash::Interner::with_capacity(n);
    let mut map: hash::FxHashMap<&str, u32> = hash::map_with_capacity(n);
    for (i, id) in ids.iter().enumerate() {
        names.intern(id);
        map.insert(id, i as u32);
    }
    group.throughput(Throughput::Elements(LOOKUPS as u64));
    group.bench_function(BenchmarkId::new("interner-find", LOOKUPS), |b| {
        b.iter(|| {
            order
                .iter()
                .filter_map(|id| names.find(black_box(id)))
                .fold(0u32, u32::wrapping_add)
        })
    });
    group.bench_function(BenchmarkId::new("map-get", LOOKUPS), |b| {
        b.iter(|| {
            order
                .iter()
                .filter_map(|id| map.get(black_box(id)).copied())
                .fold(0u32, u32::wrapping_add)
        })
    });
    group.finish();
}

criterion_group!(scale, benches, hash_benches);
criterion_main!(scale);
