//! Pins the facts of the curated data in `data/` that users rely on: the files load and
//! validate, the key facts of the VRFB chain are present, every fact is sourced, and the
//! lithium-ion firms of the Leshan storage park stay out of the VRFB dataset.

use std::collections::HashSet;
use std::path::PathBuf;

use vrfb_chain::{Chain, Dataset, Firm, Grade, KnowledgeGraph, LinkKind, Region, Status};

fn path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(file)
}

fn load(chain: &str, dataset: &str) -> KnowledgeGraph {
    let chain = Chain::from_path(path(chain)).unwrap_or_else(|e| panic!("{chain}: {e}"));
    let dataset = Dataset::from_path(path(dataset)).unwrap_or_else(|e| panic!("{dataset}: {e}"));
    KnowledgeGraph::new(chain, dataset).unwrap_or_else(|e| panic!("graph: {e}"))
}

fn vrfb() -> KnowledgeGraph {
    load("vrfb.chain.json", "vrfb-2025.dataset.json")
}

fn li_ion() -> KnowledgeGraph {
    load(
        "li-ion-storage.chain.json",
        "li-ion-leshan-2025.dataset.json",
    )
}

fn firm<'a>(dataset: &'a Dataset, id: &str) -> &'a Firm {
    dataset
        .firms
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("firm {id} missing"))
}

fn region<'a>(dataset: &'a Dataset, id: &str) -> &'a Region {
    dataset
        .regions
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("region {id} missing"))
}

/// The root (country) of a region.
fn country<'a>(dataset: &'a Dataset, id: &str) -> &'a str {
    let mut current = region(dataset, id);
    while let Some(parent) = &current.parent {
        current = region(dataset, parent);
    }
    &current.id
}

/// The id of the seed article (the 2025 newspaper report on Leshan High-tech Zone): the
/// only source allowed to have no URL.
const SEED: &str = "seed";

#[test]
fn vrfb_files_load_and_build_a_graph() {
    let graph = vrfb();
    assert_eq!(graph.chain().id, "vrfb");
    assert_eq!(graph.dataset().chain, "vrfb");
    assert_eq!(
        graph.dataset().as_of.map(|d| d.to_string()).as_deref(),
        Some("2025-12-31")
    );
}

#[test]
fn li_ion_files_load_and_build_a_graph() {
    let graph = li_ion();
    assert_eq!(graph.chain().id, "li-ion-storage");
    assert_eq!(graph.dataset().chain, "li-ion-storage");
}

#[test]
fn vrfb_template_has_the_five_segments_of_the_seed_and_22_products() {
    let chain = Chain::from_path(path("vrfb.chain.json")).unwrap();
    let segments: Vec<(&str, &str)> = chain
        .segments
        .iter()
        .map(|s| (s.id.as_str(), s.name.zh.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        segments,
        [
            ("resource", "钒资源开发"),
            ("materials", "关键材料"),
            ("stack", "电堆制造"),
            ("system", "系统集成"),
            ("application", "终端应用"),
        ]
    );
    assert_eq!(chain.products.len(), 22);
    for id in [
        "v2o5",
        "electrolyte",
        "membrane",
        "stack",
        "storage-system",
        "grid-storage",
    ] {
        assert!(
            chain.products.iter().any(|p| p.id == id),
            "product {id} missing"
        );
    }
}

#[test]
fn weilide_is_the_chain_leader_in_leshan_hitech_zone() {
    let graph = vrfb();
    let weilide = firm(graph.dataset(), "weilide");
    assert_eq!(weilide.region, "cn-sc-leshan-hitech");
    assert!(weilide.tags.iter().any(|t| t == "chain-leader"));
    assert_eq!(
        weilide.name.zh.as_deref(),
        Some("四川伟力得能源股份有限公司")
    );
    // Only what sources support: a VRFB storage system maker, sourced by the seed article.
    let system = weilide
        .makes
        .iter()
        .find(|m| m.product == "storage-system")
        .expect("weilide makes storage-system");
    assert!(system.sources.iter().any(|s| s == SEED));
}

#[test]
fn weilide_and_rongke_founded_the_2025_flow_battery_alliance() {
    let graph = vrfb();
    let links = &graph.dataset().links;
    for firm in ["weilide", "rongke"] {
        assert!(
            links.iter().any(|l| l.from == firm
                && l.to == "flow-battery-alliance"
                && l.kind == LinkKind::MemberOf),
            "{firm} is not a member of the 2025 alliance"
        );
    }
    assert!(links.iter().any(|l| l.from == "weilide"
        && l.to == "sc-vrfb-alliance"
        && l.kind == LinkKind::MemberOf));
}

#[test]
fn pangang_vt_supplies_v2o5_to_rongke() {
    let graph = vrfb();
    let link = graph
        .dataset()
        .links
        .iter()
        .find(|l| {
            l.from == "pangang-vt"
                && l.to == "rongke"
                && l.kind == LinkKind::Supplies
                && l.product.as_deref() == Some("v2o5")
        })
        .expect("pangang-vt supplies rongke with v2o5");
    assert_eq!(link.status, Status::Operating);
    assert!(link.sources.iter().any(|s| s == "s13"));
}

#[test]
fn dalian_station_is_owned_75_25_by_dalian_thermal_and_rongke() {
    let graph = vrfb();
    let station = firm(graph.dataset(), "hengliu");
    assert_eq!(station.region, "cn-ln-dalian");
    assert!(station.makes.iter().any(|m| m.product == "grid-storage"
        && m.status == Status::Operating
        && m.capacity
            .as_ref()
            .is_some_and(|c| c.value == 400.0 && c.unit == "MWh")));

    let mut owners: Vec<(&str, f64)> = graph
        .dataset()
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Owns && l.to == "hengliu")
        .map(|l| (l.from.as_str(), l.share.expect("owns link with a share")))
        .collect();
    owners.sort_by(|a, b| a.0.cmp(b.0));
    assert_eq!(owners, [("dalian-thermal", 0.75), ("rongke", 0.25)]);
}

#[test]
fn dicp_transfers_technology_to_rongke() {
    let graph = vrfb();
    assert!(graph.dataset().organizations.iter().any(|o| o.id == "dicp"));
    assert!(graph
        .dataset()
        .links
        .iter()
        .any(|l| l.from == "dicp" && l.to == "rongke" && l.kind == LinkKind::TransfersTechnology));
}

#[test]
fn key_capacities_carry_their_units() {
    let graph = vrfb();
    let capacity = |id: &str, product: &str| {
        firm(graph.dataset(), id)
            .makes
            .iter()
            .find(|m| m.product == product)
            .and_then(|m| m.capacity.clone())
            .map(|c| (c.value, c.unit))
    };
    assert_eq!(
        capacity("pangang-vt", "v2o5"),
        Some((40000.0, "t/yr V2O5-eq".to_string()))
    );
    assert_eq!(
        capacity("chuanfa-xingneng", "electrolyte"),
        Some((60000.0, "m3/yr".to_string()))
    );
    assert_eq!(
        capacity("amg-titanium", "electrolyte"),
        Some((6000.0, "m3".to_string()))
    );
    let chuanfa = firm(graph.dataset(), "chuanfa-xingneng");
    assert_eq!(
        chuanfa.makes[0].since.map(|d| d.to_string()).as_deref(),
        Some("2025-03-11")
    );
}

#[test]
fn lithium_ion_firms_are_not_in_the_vrfb_dataset() {
    let graph = vrfb();
    let li = li_ion();
    let vrfb_ids: HashSet<&str> = graph
        .dataset()
        .firms
        .iter()
        .map(|f| f.id.as_str())
        .chain(graph.dataset().organizations.iter().map(|o| o.id.as_str()))
        .collect();
    for id in ["hangda", "haichuang", "gcl"] {
        let _ = firm(li.dataset(), id);
        assert!(!vrfb_ids.contains(id), "{id} is in the VRFB dataset");
    }
    for f in &graph.dataset().firms {
        let names = [f.name.zh.as_deref(), f.name.en.as_deref()];
        for name in names.into_iter().flatten() {
            for word in ["航达", "海创", "协鑫", "Hangda", "Haichuang", "GCL"] {
                assert!(
                    !name.contains(word),
                    "{} ({name}) looks like a lithium-ion firm",
                    f.id
                );
            }
        }
    }
}

#[test]
fn li_ion_dataset_has_the_three_leshan_firms_and_no_vrfb_product() {
    let graph = li_ion();
    for id in ["hangda", "haichuang", "gcl"] {
        assert_eq!(
            firm(graph.dataset(), id).region,
            "cn-sc-leshan-hitech",
            "{id}"
        );
    }
    let vrfb_chain = Chain::from_path(path("vrfb.chain.json")).unwrap();
    for f in &graph.dataset().firms {
        for fact in &f.makes {
            assert!(graph.chain().products.iter().any(|p| p.id == fact.product));
            assert!(
                !vrfb_chain.products.iter().any(|p| p.id == fact.product),
                "{} makes {}, a VRFB product",
                f.id,
                fact.product
            );
        }
    }
}

fn assert_sourced(graph: &KnowledgeGraph) {
    let dataset = graph.dataset();
    let ids: HashSet<&str> = dataset.sources.iter().map(|s| s.id.as_str()).collect();
    let check = |what: String, sources: &[String]| {
        assert!(!sources.is_empty(), "{what} has no source");
        for s in sources {
            assert!(ids.contains(s.as_str()), "{what} cites unknown source {s}");
        }
    };
    for firm in &dataset.firms {
        check(format!("firm {}", firm.id), &firm.sources);
        for fact in &firm.makes {
            check(format!("{} makes {}", firm.id, fact.product), &fact.sources);
        }
    }
    for org in &dataset.organizations {
        check(format!("organization {}", org.id), &org.sources);
    }
    for link in &dataset.links {
        check(
            format!("link {} -> {} ({:?})", link.from, link.to, link.kind),
            &link.sources,
        );
    }
    for source in &dataset.sources {
        assert!(
            source.url.is_some() || source.id == SEED,
            "source {} has no url",
            source.id
        );
        assert!(!source.title.is_empty());
    }
    let seed = dataset
        .sources
        .iter()
        .find(|s| s.id == SEED)
        .expect("the seed article");
    assert_eq!(seed.grade, Grade::B);
}

#[test]
fn every_vrfb_fact_is_sourced() {
    assert_sourced(&vrfb());
}

#[test]
fn every_li_ion_fact_is_sourced() {
    assert_sourced(&li_ion());
}

#[test]
fn vrfb_dataset_is_big_enough_and_mixes_grades() {
    let graph = vrfb();
    let dataset = graph.dataset();
    assert!(dataset.firms.len() >= 25, "{} firms", dataset.firms.len());
    assert!(dataset.links.len() >= 25, "{} links", dataset.links.len());
    assert!(
        dataset.sources.len() >= 30,
        "{} sources",
        dataset.sources.len()
    );
    for grade in [Grade::A, Grade::B, Grade::C] {
        assert!(dataset.sources.iter().any(|s| s.grade == grade));
    }
    // Chinese and foreign firms.
    let countries: HashSet<&str> = dataset
        .firms
        .iter()
        .map(|f| country(dataset, &f.region))
        .collect();
    assert!(
        countries.contains("cn") && countries.len() >= 5,
        "{countries:?}"
    );
}

#[test]
fn region_tree_runs_from_china_to_leshan_hitech_zone() {
    for graph in [vrfb(), li_ion()] {
        let chain: Vec<(&str, Option<&str>)> =
            ["cn", "cn-sc", "cn-sc-leshan", "cn-sc-leshan-hitech"]
                .iter()
                .map(|id| {
                    let r = region(graph.dataset(), id);
                    (r.id.as_str(), r.parent.as_deref())
                })
                .collect();
        assert_eq!(
            chain,
            [
                ("cn", None),
                ("cn-sc", Some("cn")),
                ("cn-sc-leshan", Some("cn-sc")),
                ("cn-sc-leshan-hitech", Some("cn-sc-leshan")),
            ]
        );
        assert_eq!(
            region(graph.dataset(), "cn-sc-leshan-hitech")
                .kind
                .to_string(),
            "zone"
        );
    }
}
