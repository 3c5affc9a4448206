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
fn vrfb_template_has_the_five_segments_of_the_seed_and_26_products() {
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
    assert_eq!(chain.products.len(), 26);
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
    assert_eq!(
        capacity("xinhongda", "v2o5"),
        Some((3000.0, "t/yr NH4VO3".to_string()))
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

/// The exact size of the VRFB data. Change these numbers, and the README's data section,
/// when you add or remove records: the doc examples assert only what stays true.
#[test]
fn vrfb_data_has_its_exact_counts() {
    let graph = vrfb();
    assert_eq!(graph.chain().products.len(), 26);
    let dataset = graph.dataset();
    assert_eq!(dataset.firms.len(), 77);
    assert_eq!(dataset.organizations.len(), 14);
    assert_eq!(dataset.regions.len(), 73);
    assert_eq!(dataset.links.len(), 65);
    assert_eq!(dataset.sources.len(), 81);
    let facts: Vec<&vrfb_chain::Makes> = dataset.firms.iter().flat_map(|f| &f.makes).collect();
    assert_eq!(facts.len(), 90);
    let count = |status: Status| facts.iter().filter(|m| m.status == status).count();
    assert_eq!(
        [
            count(Status::Operating),
            count(Status::Announced),
            count(Status::Building),
            count(Status::Closed)
        ],
        [51, 36, 2, 1]
    );
    let kinds = |kind: LinkKind| dataset.links.iter().filter(|l| l.kind == kind).count();
    assert_eq!(
        [
            kinds(LinkKind::Supplies),
            kinds(LinkKind::Owns),
            kinds(LinkKind::PartnersWith),
            kinds(LinkKind::MemberOf),
            kinds(LinkKind::TransfersTechnology)
        ],
        [15, 18, 22, 8, 2]
    );
    let grades = |grade: Grade| dataset.sources.iter().filter(|s| s.grade == grade).count();
    assert_eq!(
        [grades(Grade::A), grades(Grade::B), grades(Grade::C)],
        [15, 51, 15]
    );
    let foreign: Vec<&Firm> = dataset
        .firms
        .iter()
        .filter(|f| country(dataset, &f.region) != "cn")
        .collect();
    assert_eq!(foreign.len(), 19);
    let countries: HashSet<&str> = foreign
        .iter()
        .map(|f| country(dataset, &f.region))
        .collect();
    assert_eq!(countries.len(), 8);
    let li = li_ion();
    assert_eq!(li.dataset().firms.len(), 7);
    assert_eq!(li.dataset().links.len(), 4);
}

fn chain_product<'a>(chain: &'a Chain, id: &str) -> &'a vrfb_chain::Product {
    chain
        .products
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("product {id} missing"))
}

/// The requirements of a product, each as the list of its alternatives.
fn requirements(chain: &Chain, id: &str) -> Vec<Vec<String>> {
    chain_product(chain, id)
        .inputs
        .iter()
        .map(|r| r.alternatives().iter().map(|a| a.to_string()).collect())
        .collect()
}

#[test]
fn vrfb_template_follows_a_vrfb_bill_of_materials() {
    let chain = Chain::from_path(path("vrfb.chain.json")).unwrap();
    let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // Electrolyte is a vanadium compound in acid.
    assert_eq!(
        requirements(&chain, "electrolyte"),
        [strings(&["v2o5"]), strings(&["acid"])]
    );
    // V2O5 from slag, from ore a primary producer mines, from stone coal or from spent catalyst.
    assert_eq!(
        requirements(&chain, "v2o5"),
        [strings(&[
            "vanadium-slag",
            "vanadium-ore",
            "stone-coal",
            "spent-catalyst"
        ])]
    );
    // End plates and current collectors are their own stack part.
    assert!(requirements(&chain, "stack").contains(&strings(&["end-plate-collector"])));
    // The system needs an EMS and its balance of plant besides the rest.
    for input in [
        "stack",
        "electrolyte",
        "tank",
        "pump-piping",
        "bms",
        "pcs",
        "ems",
        "balance-of-plant",
    ] {
        assert!(
            requirements(&chain, "storage-system").contains(&strings(&[input])),
            "storage-system needs {input}"
        );
    }
    // Every application needs a system and the EPC that builds the station.
    for application in [
        "grid-storage",
        "generation-storage",
        "user-storage",
        "microgrid",
    ] {
        assert_eq!(
            requirements(&chain, application),
            [strings(&["storage-system"]), strings(&["epc"])]
        );
    }
    // Every product but the end products is an input of some product.
    let last = chain.segments.last().unwrap().id.clone();
    for product in chain.products.iter().filter(|p| p.segment != last) {
        assert!(
            chain.products.iter().any(|q| q
                .inputs
                .iter()
                .any(|r| r.alternatives().contains(&product.id))),
            "{} is an input of nothing",
            product.id
        );
    }
    // Each reshaped product says where its shape comes from.
    for id in [
        "acid",
        "vanadium-ore",
        "spent-catalyst",
        "end-plate-collector",
        "ems",
        "balance-of-plant",
    ] {
        let description = chain_product(&chain, id)
            .description
            .as_deref()
            .unwrap_or("");
        assert!(description.contains("[s"), "{id} cites no source");
    }
}

#[test]
fn a_recycler_consumes_spent_catalyst_and_makes_v2o5() {
    let graph = vrfb();
    assert!(graph.makers("spent-catalyst").is_empty());
    let amg = firm(graph.dataset(), "amg-vanadium");
    let products: Vec<&str> = amg.makes.iter().map(|m| m.product.as_str()).collect();
    assert_eq!(products, ["v2o5"]);
    // Primary producers mine their own ore.
    for id in ["largo", "bushveld-minerals"] {
        assert!(firm(graph.dataset(), id)
            .makes
            .iter()
            .any(|m| m.product == "vanadium-ore" && m.status == Status::Operating));
    }
}

#[test]
fn facts_their_sources_do_not_support_are_fixed() {
    let graph = vrfb();
    let dataset = graph.dataset();
    // Kerun's 1,000,000 m²/yr is a hydrogen-context figure: no VRFB capacity.
    let kerun = firm(dataset, "kerun");
    assert!(kerun.makes.iter().all(|m| m.capacity.is_none()));
    // s35 supports neither AMG Titanium's plant nor 钒钛股份's electrolyte.
    let amg = firm(dataset, "amg-titanium");
    assert_eq!(amg.sources, ["s36"]);
    assert_eq!(amg.makes[0].status, Status::Announced);
    assert!(!amg.makes[0].note.as_deref().unwrap_or("").contains("litre"));
    let pangang = firm(dataset, "pangang-vt");
    for fact in &pangang.makes {
        assert!(!fact.sources.iter().any(|s| s == "s35"), "{}", fact.product);
    }
    // Bushveld Energy's stake in Enerox: 25.25 % indirect, no start date, no 50 %.
    let enerox = dataset
        .links
        .iter()
        .find(|l| l.from == "bushveld-energy" && l.to == "enerox")
        .unwrap();
    assert_eq!(enerox.share, Some(0.2525));
    assert!(enerox.since.is_none());
    assert!(!enerox.note.as_deref().unwrap_or("").contains("50 %"));
    // Shanghai Electric's Dechang plan is an announced system, not a stack line.
    let shanghai = firm(dataset, "shanghai-electric");
    assert!(shanghai.makes.iter().all(|m| m.product != "stack"));
    assert!(shanghai.makes.iter().any(|m| m.product == "storage-system"
        && m.status == Status::Announced
        && m.capacity
            .as_ref()
            .is_some_and(|c| c.value == 200.0 && c.unit == "MW")));
    // Pu Neng's stack design rests on its own site, not on a project report.
    let pu_neng = firm(dataset, "pu-neng");
    let stack = pu_neng.makes.iter().find(|m| m.product == "stack").unwrap();
    assert_eq!(stack.sources, ["s104"]);
    // Australian Vanadium's electrolyte facility is not said to run.
    let avl = firm(dataset, "australian-vanadium");
    assert!(avl.makes.iter().all(|m| m.status != Status::Operating));
    // 川发兴能 sits where its sources put it: 威远, not the development zone.
    assert_eq!(
        firm(dataset, "chuanfa-xingneng").region,
        "cn-sc-neijiang-weiyuan"
    );
}

#[test]
fn every_source_a_fact_cites_is_one_of_its_firms_sources() {
    for graph in [vrfb(), li_ion()] {
        for f in &graph.dataset().firms {
            for fact in &f.makes {
                for s in &fact.sources {
                    assert!(
                        f.sources.contains(s),
                        "{} makes {} citing {s}, not in the firm's sources",
                        f.id,
                        fact.product
                    );
                }
            }
        }
    }
}

#[test]
fn seed_only_claims_say_so() {
    let graph = vrfb();
    let dataset = graph.dataset();
    let alliance = dataset
        .organizations
        .iter()
        .find(|o| o.id == "flow-battery-alliance")
        .unwrap();
    assert_eq!(alliance.sources, [SEED]);
    assert!(alliance
        .extra
        .as_ref()
        .unwrap()
        .get()
        .contains("Seed article only"));
    for link in dataset
        .links
        .iter()
        .filter(|l| l.to == "flow-battery-alliance")
    {
        assert_eq!(link.sources, [SEED]);
        assert!(link.note.as_deref().unwrap().contains("Seed article only"));
    }
}

#[test]
fn additions_from_the_facts_are_present() {
    let graph = vrfb();
    let dataset = graph.dataset();
    // Weilide's group in Leshan: ESJ (city from its name), its Xinjiang subsidiary and the
    // research institute.
    let esj = firm(dataset, "esj");
    assert_eq!(esj.region, "cn-sc-leshan");
    assert_eq!(
        esj.name.zh.as_deref(),
        Some("伟力得集团乐山晟嘉电气股份有限公司")
    );
    assert!(dataset
        .links
        .iter()
        .any(|l| l.from == "esj" && l.to == "xinjiang-shengjia" && l.kind == LinkKind::Owns));
    for org in ["leshan-esri", "spic-sw-institute"] {
        assert!(dataset.organizations.iter().any(|o| o.id == org), "{org}");
    }
    // Rongke's customers and investor.
    for customer in ["spic", "huadian", "datang", "cgn"] {
        assert!(graph
            .customers("rongke")
            .iter()
            .any(|t| t.firm.id == customer && t.product == "storage-system"));
    }
    assert!(dataset
        .links
        .iter()
        .any(|l| l.from == "legend-capital" && l.to == "rongke" && l.kind == LinkKind::Owns));
    // 中核钛白's 会理 subsidiary, wholly owned.
    let huili = dataset
        .links
        .iter()
        .find(|l| l.from == "cnnc-titanium" && l.to == "cnnc-huili")
        .unwrap();
    assert_eq!(huili.share, Some(1.0));
    for id in ["xingchen", "wuhan-nari", "amg-liva", "xinhongda"] {
        assert!(
            firm(dataset, id)
                .makes
                .iter()
                .any(|m| m.status == Status::Operating),
            "{id}"
        );
    }
    // Capacities that were only in notes.
    let capacities = |id: &str, product: &str| -> Vec<(f64, String)> {
        firm(dataset, id)
            .makes
            .iter()
            .filter(|m| m.product == product)
            .filter_map(|m| m.capacity.clone().map(|c| (c.value, c.unit)))
            .collect()
    };
    assert_eq!(
        capacities("rongke", "stack"),
        [(2000.0, "MW/yr".to_string())]
    );
    assert_eq!(
        capacities("pu-neng", "storage-system"),
        [
            (300.0, "MW/yr".to_string()),
            (200.0, "MW/yr".to_string()),
            (50.0, "MW/yr".to_string()),
            (1000.0, "MW/yr".to_string())
        ]
    );
    assert_eq!(
        capacities("invinity", "storage-system"),
        [(500.0, "MWh/yr".to_string())]
    );
    assert_eq!(
        capacities("yinfeng", "electrolyte"),
        [(100000.0, "m3/yr".to_string())]
    );
}
