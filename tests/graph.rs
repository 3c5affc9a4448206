//! The queries of `KnowledgeGraph` on the minimal data, and the load → save → load round
//! trip of both documents.

use serde_json::{json, Value};
use vrfb_chain::builtin::{self, MINIMAL_CHAIN_JSON, MINIMAL_DATASET_JSON};
use vrfb_chain::{
    Chain, Dataset, Date, Fact, Grade, KnowledgeGraph, LinkKind, Makes, Party, Status,
};

fn graph() -> KnowledgeGraph {
    KnowledgeGraph::new(
        Chain::from_json_str(MINIMAL_CHAIN_JSON).expect("the minimal template loads"),
        Dataset::from_json_str(MINIMAL_DATASET_JSON).expect("the minimal dataset loads"),
    )
    .expect("the minimal documents fit together")
}

fn date(text: &str) -> Date {
    text.parse()
        .unwrap_or_else(|e| panic!("`{text}` is a date: {e}"))
}

fn firm_ids(firms: &[&vrfb_chain::Firm]) -> Vec<String> {
    firms.iter().map(|f| f.id.clone()).collect()
}

// ---------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------

#[test]
fn firm_lookup() {
    let g = graph();
    let leader = g.firm("leader").expect("leader is a firm");
    assert_eq!(leader.region, "zone-a");
    assert_eq!(leader.name.en.as_deref(), Some("Example Leader"));
    assert!(leader.has_tag("chain-leader"));
    assert!(!leader.has_tag("listed"));
    // An organization is not a firm, and the other way round.
    assert!(g.firm("alliance").is_none());
    assert_eq!(
        g.organization("alliance").map(|o| o.region.as_deref()),
        Some(Some("province-a"))
    );
    assert!(g.organization("leader").is_none());
    assert!(matches!(g.party("alliance"), Some(Party::Organization(o)) if o.id == "alliance"));
    assert!(matches!(g.party("stackco"), Some(Party::Firm(f)) if f.id == "stackco"));
    assert_eq!(g.party("institute").map(|p| p.id()), Some("institute"));
    // Unknown ids, and ids of other kinds.
    assert!(g.firm("nobody").is_none());
    assert!(g.firm("").is_none());
    assert!(g.firm("zone-a").is_none());
    assert!(g.party("stack").is_none());
}

#[test]
fn product_and_segment_lookup() {
    let g = graph();
    let v2o5 = g.product("v2o5").expect("v2o5 is a product");
    assert_eq!(v2o5.segment, "resource");
    assert_eq!(
        v2o5.inputs[0].alternatives(),
        ["vanadium-slag", "stone-coal"]
    );
    assert_eq!(
        g.product("stack").map(|p| p.segment.as_str()),
        Some("stack")
    );
    assert_eq!(
        g.segment("stack").and_then(|s| s.name.en.as_deref()),
        Some("Stack manufacturing")
    );
    assert!(g.product("resource").is_none()); // a segment, not a product
    assert!(g.product("leader").is_none());
    assert!(g.segment("v2o5").is_none());
}

#[test]
fn region_and_source_lookup() {
    let g = graph();
    assert_eq!(
        g.region("zone-a").and_then(|r| r.parent.as_deref()),
        Some("city-a")
    );
    assert_eq!(g.region("country").map(|r| r.parent.is_none()), Some(true));
    assert_eq!(
        g.region("abroad").and_then(|r| r.name.en.as_deref()),
        Some("Abroad")
    );
    assert!(g.region("atlantis").is_none());
    assert!(g.region("leader").is_none());
    assert_eq!(g.source("ex-b").map(|s| s.grade), Some(Grade::B));
    assert!(g.source("ex-z").is_none());
}

#[test]
fn graph_size_counts_every_node_and_relation() {
    let g = graph();
    let (c, d) = (g.chain(), g.dataset());
    let nodes = c.segments.len()
        + c.products.len()
        + d.regions.len()
        + d.firms.len()
        + d.organizations.len();
    let inputs: usize = c
        .products
        .iter()
        .flat_map(|p| &p.inputs)
        .map(|r| r.alternatives().len())
        .sum();
    let makes: usize = d.firms.iter().map(|f| f.makes.len()).sum();
    let parents = d.regions.iter().filter(|r| r.parent.is_some()).count();
    let org_regions = d
        .organizations
        .iter()
        .filter(|o| o.region.is_some())
        .count();
    let edges =
        c.products.len() + inputs + makes + parents + d.firms.len() + org_regions + d.links.len();
    assert_eq!(g.size(), (nodes, edges));
    // By hand: 5 + 8 + 7 + 6 + 2 nodes; 8 + 7 + 7 + 5 + 6 + 2 + 7 edges.
    assert_eq!(g.size(), (28, 42));
    assert_eq!(g.petgraph().node_count(), 28);
}

// ---------------------------------------------------------------------------------------
// Makers, suppliers, customers, links
// ---------------------------------------------------------------------------------------

#[test]
fn makers_of_a_product() {
    let g = graph();
    assert_eq!(firm_ids(&g.makers("v2o5")), ["minerco", "slagworks"]);
    assert_eq!(firm_ids(&g.makers("stack")), ["stackco"]);
    assert_eq!(firm_ids(&g.makers("vanadium-slag")), ["minerco"]);
    assert_eq!(firm_ids(&g.makers("grid-storage")), ["gridco"]);
    // A product nobody makes, an unknown product, and a segment id.
    assert!(g.makers("stone-coal").is_empty());
    assert!(g.makers("electrolyte").is_empty());
    assert!(g.makers("unobtainium").is_empty());
    assert!(g.makers("resource").is_empty());
}

#[test]
fn makers_lists_a_firm_once_even_with_several_facts() {
    let mut d = builtin::minimal_dataset();
    let mut again = d.firms[3].makes[1].clone();
    again.status = Status::Announced;
    again.since = Some(date("2026"));
    d.firms[3].makes.push(again);
    let g = KnowledgeGraph::new(builtin::minimal_chain(), d).expect("still valid");
    assert_eq!(firm_ids(&g.makers("v2o5")), ["minerco", "slagworks"]);
}

fn trades(list: Vec<vrfb_chain::Trade<'_>>) -> Vec<(String, String)> {
    list.iter()
        .map(|t| (t.product.to_string(), t.firm.id.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn suppliers_per_product() {
    let g = graph();
    assert_eq!(
        trades(g.suppliers("stackco")),
        pairs(&[("membrane", "membraneco")])
    );
    assert_eq!(
        trades(g.suppliers("leader")),
        pairs(&[("stack", "stackco")])
    );
    // Closed links are history but still links.
    assert_eq!(
        trades(g.suppliers("slagworks")),
        pairs(&[("vanadium-slag", "minerco")])
    );
    let link = g.suppliers("slagworks")[0].link;
    assert_eq!(link.status, Status::Closed);
    assert!(g.suppliers("minerco").is_empty());
    assert!(g.suppliers("alliance").is_empty()); // an organization
    assert!(g.suppliers("nobody").is_empty());
}

#[test]
fn customers_per_product() {
    let g = graph();
    assert_eq!(
        trades(g.customers("stackco")),
        pairs(&[("stack", "leader")])
    );
    assert_eq!(
        trades(g.customers("membraneco")),
        pairs(&[("membrane", "stackco")])
    );
    assert_eq!(
        trades(g.customers("minerco")),
        pairs(&[("vanadium-slag", "slagworks")])
    );
    // owns, partners_with and member_of links are not trades.
    assert!(g.customers("leader").is_empty());
    assert!(g.customers("institute").is_empty());
    assert!(g.customers("nobody").is_empty());
}

#[test]
fn trades_are_ordered_by_product_in_template_order_then_by_firm() {
    let mut d = builtin::minimal_dataset();
    let mut add = |from: &str, to: &str, product: &str| {
        let mut link = d.links[0].clone();
        link.from = from.into();
        link.to = to.into();
        link.product = Some(product.into());
        d.links.push(link);
    };
    // stackco also buys electrolyte and v2o5 (template order: v2o5 < electrolyte < membrane).
    add("slagworks", "stackco", "electrolyte");
    add("minerco", "stackco", "electrolyte");
    add("minerco", "stackco", "v2o5");
    let g = KnowledgeGraph::new(builtin::minimal_chain(), d).expect("still valid");
    assert_eq!(
        trades(g.suppliers("stackco")),
        pairs(&[
            ("v2o5", "minerco"),
            ("electrolyte", "minerco"),
            ("electrolyte", "slagworks"),
            ("membrane", "membraneco"),
        ])
    );
    assert_eq!(
        trades(g.customers("minerco")),
        pairs(&[
            ("vanadium-slag", "slagworks"),
            ("v2o5", "stackco"),
            ("electrolyte", "stackco"),
        ])
    );
}

#[test]
fn links_of_a_firm_or_organization() {
    let g = graph();
    let kinds = |id: &str| -> Vec<(LinkKind, String, String)> {
        g.links_of(id)
            .iter()
            .map(|l| (l.kind, l.from.clone(), l.to.clone()))
            .collect()
    };
    let s = |a: &str| a.to_string();
    assert_eq!(
        kinds("leader"),
        [
            (LinkKind::Supplies, s("stackco"), s("leader")),
            (LinkKind::Owns, s("leader"), s("stackco")),
            (LinkKind::MemberOf, s("leader"), s("alliance")),
            (LinkKind::PartnersWith, s("leader"), s("gridco")),
        ]
    );
    assert_eq!(
        kinds("alliance"),
        [(LinkKind::MemberOf, s("leader"), s("alliance"))]
    );
    assert_eq!(
        kinds("membraneco"),
        [
            (LinkKind::Supplies, s("membraneco"), s("stackco")),
            (
                LinkKind::TransfersTechnology,
                s("institute"),
                s("membraneco")
            ),
        ]
    );
    assert_eq!(
        kinds("gridco"),
        [(LinkKind::PartnersWith, s("leader"), s("gridco"))]
    );
    assert!(g.links_of("nobody").is_empty());
    assert!(g.links_of("zone-a").is_empty());
}

// ---------------------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------------------

#[test]
fn firms_in_a_region_subtree() {
    let g = graph();
    let firms_in = |r: &str| g.firms_in(r).map(|f| firm_ids(&f));
    assert_eq!(
        firms_in("country").unwrap(),
        ["leader", "membraneco", "minerco", "slagworks", "stackco"]
    );
    assert_eq!(
        firms_in("province-a").unwrap(),
        ["leader", "slagworks", "stackco"]
    );
    assert_eq!(firms_in("city-a").unwrap(), ["leader", "stackco"]);
    assert_eq!(firms_in("zone-a").unwrap(), ["leader"]);
    // Organizations located in a region are not firms.
    assert_eq!(firms_in("city-b").unwrap(), ["membraneco", "minerco"]);
    assert_eq!(firms_in("province-b").unwrap(), ["membraneco", "minerco"]);
    assert_eq!(firms_in("abroad").unwrap(), ["gridco"]);
}

#[test]
fn firms_in_an_unknown_region() {
    let g = graph();
    assert!(g.firms_in("atlantis").is_none());
    assert!(g.firms_in("leader").is_none());
    assert!(g.firms_in("").is_none());
}

#[test]
fn firms_in_a_region_with_none() {
    let mut d = builtin::minimal_dataset();
    let mut park = d.regions[3].clone();
    park.id = "empty-park".into();
    park.parent = Some("zone-a".into());
    d.regions.push(park);
    let g = KnowledgeGraph::new(builtin::minimal_chain(), d).expect("still valid");
    assert_eq!(g.firms_in("empty-park").map(|f| f.len()), Some(0));
    assert_eq!(
        g.firms_in("zone-a").map(|f| firm_ids(&f)),
        Some(vec!["leader".to_string()])
    );
}

#[test]
fn region_path_from_the_root() {
    let g = graph();
    let path = |r: &str| {
        g.region_path(r)
            .map(|p| p.iter().map(|r| r.id.clone()).collect::<Vec<_>>())
    };
    assert_eq!(
        path("zone-a").unwrap(),
        ["country", "province-a", "city-a", "zone-a"]
    );
    assert_eq!(path("city-b").unwrap(), ["country", "province-b", "city-b"]);
    assert_eq!(path("country").unwrap(), ["country"]);
    assert_eq!(path("abroad").unwrap(), ["abroad"]);
    assert!(path("atlantis").is_none());
}

// ---------------------------------------------------------------------------------------
// Validity at a date, evidence grade
// ---------------------------------------------------------------------------------------

#[test]
fn validity_with_since_as_a_year() {
    let g = graph();
    // slagworks: v2o5, building, since 2025 (= 2025-01-01).
    let fact = &g.firm("slagworks").unwrap().makes[0];
    assert!(!g.is_valid_at(fact, Some(date("2024-12-31"))));
    assert!(!g.is_valid_at(fact, Some(date("2024"))));
    assert!(g.is_valid_at(fact, Some(date("2025"))));
    assert!(g.is_valid_at(fact, Some(date("2025-01-01"))));
    assert!(g.is_valid_at(fact, Some(date("2025-01"))));
    assert!(g.is_valid_at(fact, None));
}

#[test]
fn validity_with_since_as_a_month() {
    let g = graph();
    // gridco: grid-storage since 2022-10 (= 2022-10-01).
    let fact = &g.firm("gridco").unwrap().makes[0];
    assert!(!g.is_valid_at(fact, Some(date("2022"))));
    assert!(!g.is_valid_at(fact, Some(date("2022-09-30"))));
    assert!(g.is_valid_at(fact, Some(date("2022-10"))));
    assert!(g.is_valid_at(fact, Some(date("2022-10-01"))));
    // member_of since 2025-07: holds at the dataset's as_of date.
    let member = &g.links_of("alliance")[0];
    assert!(g.is_valid_at(*member, g.dataset().as_of));
    assert!(!g.is_valid_at(*member, Some(date("2025-06-30"))));
}

#[test]
fn validity_until_is_exclusive() {
    let g = graph();
    // minerco → slagworks: since 2019, until 2023-06; reopened in code to test the dates.
    let mut link = g.suppliers("slagworks")[0].link.clone();
    link.status = Status::Operating;
    assert!(!g.is_valid_at(&link, Some(date("2018-12-31"))));
    assert!(g.is_valid_at(&link, Some(date("2019"))));
    assert!(g.is_valid_at(&link, Some(date("2023-05-31"))));
    assert!(!g.is_valid_at(&link, Some(date("2023-06"))));
    assert!(!g.is_valid_at(&link, Some(date("2023-06-01"))));
    assert!(!g.is_valid_at(&link, Some(date("2024"))));
    assert!(g.is_valid_at(&link, None));
}

#[test]
fn closed_facts_never_hold() {
    let g = graph();
    let link = g.suppliers("slagworks")[0].link;
    assert_eq!(link.status, Status::Closed);
    // Inside its dates, at no date, and at any date: closed.
    assert!(!g.is_valid_at(link, Some(date("2020"))));
    assert!(!g.is_valid_at(link, None));
    assert!(!link.is_valid_at(Some(date("2021-05-05"))));
    // The other statuses hold.
    for status in [Status::Announced, Status::Building, Status::Operating] {
        let mut open = link.clone();
        open.status = status;
        assert!(g.is_valid_at(&open, Some(date("2020"))), "{status}");
    }
}

#[test]
fn evidence_grade_is_the_best_source() {
    let g = graph();
    assert_eq!(g.grade(&g.firm("leader").unwrap().makes[0]), Some(Grade::B));
    assert_eq!(
        g.grade(&g.firm("stackco").unwrap().makes[0]),
        Some(Grade::A)
    );
    let minerco = g.firm("minerco").unwrap();
    assert_eq!(g.grade(&minerco.makes[0]), Some(Grade::C));
    assert_eq!(g.grade(&minerco.makes[1]), Some(Grade::A));
    assert_eq!(g.grade(g.links_of("institute")[0]), Some(Grade::B));

    let mut mixed: Makes = minerco.makes[0].clone();
    mixed.sources = vec!["ex-c".into(), "ex-a".into(), "ex-b".into()];
    assert_eq!(g.grade(&mixed), Some(Grade::A));
    mixed.sources = vec!["ex-c".into(), "ex-b".into()];
    assert_eq!(g.grade(&mixed), Some(Grade::B));
}

#[test]
fn evidence_grade_of_a_fact_with_no_sources_is_none() {
    let g = graph();
    let mut fact = g.firm("leader").unwrap().makes[0].clone();
    fact.sources.clear();
    assert_eq!(g.grade(&fact), None);
    let mut link = g.links_of("leader")[0].clone();
    link.sources.clear();
    assert_eq!(g.grade(&link), None);
    // "none" ranks below C.
    assert!(g.grade(&fact) < Some(Grade::C));

    // Loaded from a document, too.
    let mut d = builtin::minimal_dataset();
    d.firms[2].makes[0].sources.clear();
    let g = KnowledgeGraph::new(builtin::minimal_chain(), d).expect("still valid");
    assert_eq!(g.grade(&g.firm("membraneco").unwrap().makes[0]), None);
}

// ---------------------------------------------------------------------------------------
// Round trip
// ---------------------------------------------------------------------------------------

#[test]
fn chain_round_trip() {
    let chain = Chain::from_json_str(MINIMAL_CHAIN_JSON).unwrap();
    let saved = chain.to_json_string();
    let again = Chain::from_json_str(&saved).unwrap();
    assert_eq!(chain, again);
    // Saving again gives the same text, through a writer as well.
    assert_eq!(again.to_json_string(), saved);
    let mut out = Vec::new();
    again.to_writer(&mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), saved);
    // The saved text is the same JSON value as the original document.
    let original: Value = serde_json::from_str(MINIMAL_CHAIN_JSON).unwrap();
    let written: Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(original, written);
}

#[test]
fn dataset_round_trip() {
    let dataset = Dataset::from_json_str(MINIMAL_DATASET_JSON).unwrap();
    let saved = dataset.to_json_string();
    let again = Dataset::from_json_str(&saved).unwrap();
    assert_eq!(dataset, again);
    assert_eq!(again.to_json_string(), saved);
    let mut out = Vec::new();
    again.to_writer(&mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), saved);
    // Also through a reader.
    let from_reader = Dataset::from_reader(saved.as_bytes()).unwrap();
    assert_eq!(from_reader, dataset);
}

#[test]
fn dataset_round_trip_keeps_defaults_explicit() {
    // A source with no grade and facts with no status load with their defaults, and save
    // them explicitly: the value does not change.
    let mut doc: Value = serde_json::from_str(MINIMAL_DATASET_JSON).unwrap();
    doc["sources"][2].as_object_mut().unwrap().remove("grade");
    doc["links"][1].as_object_mut().unwrap().remove("status");
    let dataset = Dataset::from_json_str(&doc.to_string()).unwrap();
    let saved = dataset.to_json_string();
    let written: Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(written["sources"][2]["grade"], "C");
    assert_eq!(written["links"][1]["status"], "operating");
    assert_eq!(Dataset::from_json_str(&saved).unwrap(), dataset);
}

#[test]
fn extra_is_kept_verbatim() {
    let dataset = Dataset::from_json_str(MINIMAL_DATASET_JSON).unwrap();
    let minerco_extra = r#"{"listed": true, "note": "kept verbatim"}"#;
    assert_eq!(
        dataset.firms[3].extra.as_ref().map(|e| e.get()),
        Some(minerco_extra)
    );
    let saved = dataset.to_json_string();
    assert!(
        saved.contains(&format!("\"extra\": {minerco_extra}")),
        "{saved}"
    );
    assert!(
        saved.contains(r#""extra": {"licence": "exclusive"}"#),
        "{saved}"
    );

    // Odd spacing, a number beyond f64, escapes and key order survive byte for byte.
    let odd = r#"{ "z" :1.50,"big": 123456789012345678901234567890 , "a":["\u00e9", null] }"#;
    let text = MINIMAL_DATASET_JSON.replacen(
        r#""extra": {"licence": "exclusive"}"#,
        &format!("\"extra\": {odd}"),
        1,
    );
    assert_ne!(text, MINIMAL_DATASET_JSON);
    let dataset = Dataset::from_json_str(&text).unwrap();
    assert_eq!(dataset.links[6].extra.as_ref().map(|e| e.get()), Some(odd));
    let saved = dataset.to_json_string();
    assert!(saved.contains(odd), "{saved}");
    let again = Dataset::from_json_str(&saved).unwrap();
    assert_eq!(again.links[6].extra.as_ref().map(|e| e.get()), Some(odd));
    assert_eq!(again, dataset);
}

/// The minimal dataset with more than one element in the inner lists.
fn richer_dataset() -> Value {
    let mut doc: Value = serde_json::from_str(MINIMAL_DATASET_JSON).unwrap();
    doc["firms"][0]["tags"] = json!(["chain-leader", "gazelle", "listed"]);
    doc["firms"][0]["sources"] = json!(["ex-a", "ex-b", "ex-c"]);
    doc["firms"][0]["makes"][0]["sources"] = json!(["ex-a", "ex-b"]);
    doc["organizations"][0]["sources"] = json!(["ex-a", "ex-b"]);
    doc["links"][0]["sources"] = json!(["ex-a", "ex-c"]);
    doc
}

fn reverse(list: &mut Value) {
    list.as_array_mut().expect("an array").reverse();
}

#[test]
fn canonical_is_order_invariant() {
    let doc = richer_dataset();
    let mut shuffled = doc.clone();
    for key in ["sources", "regions", "firms", "organizations", "links"] {
        reverse(&mut shuffled[key]);
        // And rotate, so that the order is not simply reversed.
        let list = shuffled[key].as_array_mut().unwrap();
        list.rotate_left(1);
    }
    let firms = shuffled["firms"].as_array_mut().unwrap();
    for firm in firms.iter_mut() {
        for key in ["tags", "sources", "makes"] {
            if firm.get(key).is_some() {
                reverse(&mut firm[key]);
            }
        }
        for fact in firm["makes"].as_array_mut().unwrap() {
            reverse(&mut fact["sources"]);
        }
    }
    for org in shuffled["organizations"].as_array_mut().unwrap() {
        reverse(&mut org["sources"]);
    }
    for link in shuffled["links"].as_array_mut().unwrap() {
        reverse(&mut link["sources"]);
    }

    let a = Dataset::from_json_str(&doc.to_string()).unwrap();
    let b = Dataset::from_json_str(&shuffled.to_string()).unwrap();
    assert_ne!(a, b, "the shuffle changed the order");
    assert_eq!(a.canonical(), b.canonical());
    assert_eq!(
        a.canonical().to_json_string(),
        b.canonical().to_json_string()
    );

    let c = a.canonical();
    assert_eq!(c.canonical(), c, "canonical is idempotent");
    assert!(c.validate().is_empty());
    let firm_order: Vec<&str> = c.firms.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        firm_order,
        [
            "gridco",
            "leader",
            "membraneco",
            "minerco",
            "slagworks",
            "stackco"
        ]
    );
    assert_eq!(c.firms[1].tags, ["chain-leader", "gazelle", "listed"]);
    let first_link = &c.links[0];
    assert_eq!(
        (first_link.from.as_str(), first_link.to.as_str()),
        ("institute", "membraneco")
    );
    // The canonical dataset still builds the same graph answers.
    let g = KnowledgeGraph::new(builtin::minimal_chain(), b.canonical()).unwrap();
    assert_eq!(firm_ids(&g.makers("v2o5")), ["minerco", "slagworks"]);
}
