//! One test per rule of the gap-analysis spec, on small hand-made cases.

use serde_json::{json, Value};
use vrfb_chain::analysis::{gaps, GapReport, Options, ProductStatus};
use vrfb_chain::{Grade, KnowledgeGraph};

/// resource: ore, alt → materials: metal (needs ore or alt), part → end: device (needs
/// metal and part), kit (needs part).
fn template() -> Value {
    json!({
        "format": "chain@1", "id": "t", "name": {"en": "Test chain"},
        "segments": [
            {"id": "resource", "name": {"en": "Resource"}},
            {"id": "materials", "name": {"en": "Materials"}},
            {"id": "end", "name": {"en": "End"}}
        ],
        "products": [
            {"id": "ore", "segment": "resource", "name": {"en": "Ore"}},
            {"id": "alt", "segment": "resource", "name": {"en": "Alternative ore"}},
            {"id": "metal", "segment": "materials", "name": {"en": "Metal"}, "inputs": [["ore", "alt"]]},
            {"id": "part", "segment": "materials", "name": {"en": "Part"}},
            {"id": "device", "segment": "end", "name": {"en": "Device"}, "inputs": ["metal", "part"]},
            {"id": "kit", "segment": "end", "name": {"en": "Kit"}, "inputs": ["part"]}
        ]
    })
}

/// Regions: c (country) → p (province) → z (zone); c → q (province); x (other country).
/// Sources a, b, c graded A, B, C. Firms and links are the test's own.
fn dataset(firms: Value, links: Value) -> Value {
    json!({
        "format": "dataset@1", "chain": "t", "as_of": "2025-11-01",
        "sources": [
            {"id": "a", "title": "A source", "grade": "A"},
            {"id": "b", "title": "B source", "grade": "B"},
            {"id": "c", "title": "C source", "grade": "C"}
        ],
        "regions": [
            {"id": "c", "kind": "country", "name": {"en": "C"}},
            {"id": "p", "kind": "province", "parent": "c", "name": {"en": "P"}},
            {"id": "z", "kind": "zone", "parent": "p", "name": {"en": "Z"}},
            {"id": "q", "kind": "province", "parent": "c", "name": {"en": "Q"}},
            {"id": "x", "kind": "country", "name": {"en": "X"}}
        ],
        "firms": firms,
        "organizations": [
            {"id": "club", "kind": "alliance", "region": "z", "name": {"en": "Club"}},
            {"id": "faraway", "kind": "research", "region": "x", "name": {"en": "Far lab"}}
        ],
        "links": links
    })
}

/// A firm in `region` with makes facts given as (product, status, source).
fn firm(id: &str, region: &str, makes: &[(&str, &str, &str)]) -> Value {
    let makes: Vec<Value> = makes
        .iter()
        .map(|(product, status, source)| {
            let mut m = json!({"product": product, "status": status});
            if !source.is_empty() {
                m["sources"] = json!([source]);
            }
            m
        })
        .collect();
    json!({"id": id, "region": region, "name": {"en": id}, "makes": makes})
}

fn supplies(from: &str, to: &str, product: &str) -> Value {
    json!({"from": from, "to": to, "kind": "supplies", "product": product})
}

fn graph(firms: Value, links: Value) -> KnowledgeGraph {
    graph_of(&template(), &dataset(firms, links))
}

fn graph_of(chain: &Value, data: &Value) -> KnowledgeGraph {
    KnowledgeGraph::from_json_slices(chain.to_string().as_bytes(), data.to_string().as_bytes())
        .unwrap_or_else(|e| panic!("test data does not load: {e}"))
}

fn report(g: &KnowledgeGraph, region: &str, options: &Options) -> GapReport {
    gaps(g, region, options).expect("known region")
}

fn status(r: &GapReport, product: &str) -> ProductStatus {
    r.status_of(product).expect("product in template")
}

#[test]
fn covered_needs_min_makers_strong_local_makers() {
    let g = graph(
        json!([
            firm("f1", "z", &[("ore", "operating", "b")]),
            firm("f2", "z", &[("ore", "operating", "a")])
        ]),
        json!([]),
    );
    let r = report(&g, "z", &Options::default());
    assert_eq!(status(&r, "ore"), ProductStatus::Covered);
    assert_eq!(r.products[0].local_makers, ["f1", "f2"]);
    let three = Options {
        min_makers: 3,
        ..Options::default()
    };
    assert_eq!(
        status(&report(&g, "z", &three), "ore"),
        ProductStatus::Single
    );
}

#[test]
fn single_is_one_strong_maker_below_min_makers() {
    let g = graph(
        json!([
            firm("f1", "z", &[("ore", "operating", "b")]),
            firm("f2", "z", &[("ore", "operating", "c")])
        ]),
        json!([]),
    );
    let r = report(&g, "z", &Options::default());
    assert_eq!(status(&r, "ore"), ProductStatus::Single);
    assert_eq!(r.summary.single, 1);
}

#[test]
fn unconfirmed_is_running_without_strong_evidence() {
    let g = graph(
        json!([
            firm("f1", "z", &[("ore", "operating", "c")]),
            firm("f2", "z", &[("alt", "operating", "")])
        ]),
        json!([]),
    );
    let r = report(&g, "z", &Options::default());
    assert_eq!(status(&r, "ore"), ProductStatus::Unconfirmed);
    assert_eq!(status(&r, "alt"), ProductStatus::Unconfirmed);
    // min_grade C makes the graded fact strong; `none` makes every fact strong.
    let c = Options {
        min_grade: Some(Grade::C),
        ..Options::default()
    };
    assert_eq!(status(&report(&g, "z", &c), "ore"), ProductStatus::Single);
    assert_eq!(
        status(&report(&g, "z", &c), "alt"),
        ProductStatus::Unconfirmed
    );
    let none = Options {
        min_grade: None,
        ..Options::default()
    };
    assert_eq!(
        status(&report(&g, "z", &none), "alt"),
        ProductStatus::Single
    );
}

#[test]
fn strength_needs_an_operating_fact_with_the_grade() {
    // A grade-A building fact and a grade-C operating fact: running, but not strong.
    let g = graph(
        json!([firm(
            "f1",
            "z",
            &[("ore", "building", "a"), ("ore", "operating", "c")]
        )]),
        json!([]),
    );
    assert_eq!(
        status(&report(&g, "z", &Options::default()), "ore"),
        ProductStatus::Unconfirmed
    );
}

#[test]
fn planned_is_announced_or_building_only() {
    let g = graph(
        json!([
            firm("f1", "z", &[("ore", "announced", "a")]),
            firm("f2", "z", &[("alt", "building", "a")])
        ]),
        json!([]),
    );
    let r = report(&g, "z", &Options::default());
    assert_eq!(status(&r, "ore"), ProductStatus::Planned);
    assert_eq!(status(&r, "alt"), ProductStatus::Planned);
    assert_eq!(r.summary.planned, 2);
    assert_eq!(r.summary.coverage, 0.0);
}

#[test]
fn missing_when_no_local_maker_closed_or_outside() {
    let g = graph(
        json!([
            firm("f1", "z", &[("ore", "closed", "a")]),
            firm("f2", "q", &[("alt", "operating", "a")])
        ]),
        json!([]),
    );
    let r = report(&g, "z", &Options::default());
    assert_eq!(status(&r, "ore"), ProductStatus::Missing);
    assert_eq!(status(&r, "alt"), ProductStatus::Missing);
    assert!(r.products[0].local_makers.is_empty());
    // From the country, the maker in q is local.
    assert_eq!(
        status(&report(&g, "c", &Options::default()), "alt"),
        ProductStatus::Single
    );
}

#[test]
fn counts_and_coverages_per_segment_and_chain() {
    let g = graph(
        json!([
            firm(
                "f1",
                "z",
                &[("ore", "operating", "a"), ("metal", "operating", "c")]
            ),
            firm("f2", "z", &[("part", "announced", "a")])
        ]),
        json!([]),
    );
    let r = report(&g, "z", &Options::default());
    let s = &r.summary;
    assert_eq!(
        (
            s.products,
            s.covered,
            s.single,
            s.unconfirmed,
            s.planned,
            s.missing
        ),
        (6, 0, 1, 1, 1, 3)
    );
    assert_eq!(s.coverage, 0.3333); // ore and metal run: 2 / 6
    assert_eq!(s.confirmed_coverage, 0.1667); // ore is strong: 1 / 6
    let materials = &r.segments[1];
    assert_eq!(materials.segment, "materials");
    assert_eq!(materials.counts.products, 2);
    assert_eq!(materials.counts.coverage, 0.5);
    assert_eq!(materials.counts.confirmed_coverage, 0.0);
    let json: Value = serde_json::from_str(&r.to_json_string()).unwrap();
    assert_eq!(json["segments"][0]["missing"], 1);
    assert_eq!(json["summary"]["coverage"], 0.3333);
}

#[test]
fn as_of_applies_since_until_and_partial_dates() {
    let mk = |since: Option<&str>, until: Option<&str>| {
        let mut m = json!({"product": "ore", "status": "operating", "sources": ["a"]});
        if let Some(s) = since {
            m["since"] = json!(s);
        }
        if let Some(u) = until {
            m["until"] = json!(u);
        }
        json!({"id": "f", "region": "z", "name": {"en": "f"}, "makes": [m]})
    };
    let at = |since, until, as_of: Option<&str>| {
        let g = graph(json!([mk(since, until)]), json!([]));
        let options = Options {
            as_of: as_of.map(|d| d.parse().unwrap()),
            ..Options::default()
        };
        status(&report(&g, "z", &options), "ore")
    };
    use ProductStatus::{Missing, Single};
    // The dataset's as_of (2025-11-01) by default.
    assert_eq!(at(Some("2025-11"), None, None), Single); // 2025-11 = 2025-11-01 ≤ d
    assert_eq!(at(Some("2025-11-02"), None, None), Missing);
    assert_eq!(at(None, Some("2025-11"), None), Missing); // until must be later than d
    assert_eq!(at(None, Some("2025-11-02"), None), Single);
    // The option overrides it; a year stands for its first day.
    assert_eq!(at(Some("2026"), None, Some("2026-01-01")), Single);
    assert_eq!(at(Some("2026"), None, Some("2025-12-31")), Missing);
    assert_eq!(at(Some("2024"), Some("2025"), Some("2024-12-31")), Single);
    assert_eq!(at(Some("2024"), Some("2025"), Some("2025")), Missing);
}

#[test]
fn without_any_as_of_every_non_closed_fact_counts() {
    let mut data = dataset(
        json!([{"id": "f", "region": "z", "name": {"en": "f"}, "makes": [
            {"product": "ore", "since": "2090", "sources": ["a"]},
            {"product": "alt", "until": "1990", "sources": ["a"]},
            {"product": "part", "status": "closed", "sources": ["a"]}
        ]}]),
        json!([]),
    );
    data.as_object_mut().unwrap().remove("as_of");
    let g = graph_of(&template(), &data);
    let r = report(&g, "z", &Options::default());
    assert_eq!(r.options.as_of, None);
    assert_eq!(status(&r, "ore"), ProductStatus::Single);
    assert_eq!(status(&r, "alt"), ProductStatus::Single);
    assert_eq!(status(&r, "part"), ProductStatus::Missing);
    let json: Value = serde_json::from_str(&r.to_json_string()).unwrap();
    assert!(json["options"]["as_of"].is_null());
}

#[test]
fn upstream_gap_lists_local_suppliers_operating_first_then_by_id() {
    let g = graph(
        json!([
            firm("maker", "z", &[("metal", "operating", "a")]),
            firm("a-planned", "z", &[("ore", "announced", "a")]),
            firm("b-running", "z", &[("alt", "operating", "c")]),
            firm("c-running", "z", &[("ore", "operating", "")]),
            firm("d-closed", "z", &[("ore", "closed", "a")]),
            firm("e-far", "x", &[("ore", "operating", "a")])
        ]),
        json!([]),
    );
    let r = report(&g, "z", &Options::default());
    let gap = r
        .upstream_gaps
        .iter()
        .find(|g| g.firm == "maker")
        .expect("a gap for maker");
    assert_eq!(gap.product, "metal");
    assert_eq!(gap.requirement, ["ore", "alt"]);
    assert_eq!(gap.local_suppliers, ["b-running", "c-running", "a-planned"]);
    assert_eq!(gap.local_supplier_count, 3);
    let top1 = Options {
        top_candidates: 1,
        ..Options::default()
    };
    let r1 = report(&g, "z", &top1);
    let gap1 = r1.upstream_gaps.iter().find(|g| g.firm == "maker").unwrap();
    assert_eq!(gap1.local_suppliers, ["b-running"]);
    assert_eq!(gap1.local_supplier_count, 3);
    // No suppliers: no external dependency either (version 2 needs at least one).
    assert!(r.external_dependencies.iter().all(|e| e.firm != "maker"));
}

#[test]
fn a_requirement_met_by_the_firm_itself_is_no_gap() {
    let g = graph(
        json!([firm(
            "maker",
            "z",
            &[("metal", "operating", "a"), ("alt", "building", "")]
        )]),
        json!([]),
    );
    let r = report(&g, "z", &Options::default());
    assert!(r.upstream_gaps.is_empty());
    assert!(r.single_source.is_empty());
    assert!(r.external_dependencies.is_empty());
}

#[test]
fn supplier_rules_single_source_and_external_dependencies() {
    let firms = json!([
        firm("maker", "z", &[("device", "operating", "a")]),
        firm("in1", "z", &[("metal", "operating", "a")]),
        firm(
            "out1",
            "x",
            &[("metal", "operating", "a"), ("part", "operating", "a")]
        ),
        firm("out2", "q", &[("part", "operating", "a")])
    ]);
    // metal: one supplier outside → single source and external dependency.
    // part: two suppliers outside → external dependency only.
    let g = graph(
        firms.clone(),
        json!([
            supplies("out1", "maker", "metal"),
            supplies("out1", "maker", "part"),
            supplies("out2", "maker", "part")
        ]),
    );
    let r = report(&g, "z", &Options::default());
    let maker_ss: Vec<_> = r
        .single_source
        .iter()
        .filter(|s| s.firm == "maker")
        .collect();
    assert_eq!(maker_ss.len(), 1);
    assert_eq!(
        (
            maker_ss[0].requirement.as_slice(),
            maker_ss[0].supplier.as_str()
        ),
        (&["metal".to_string()][..], "out1")
    );
    let maker_ext: Vec<_> = r
        .external_dependencies
        .iter()
        .filter(|e| e.firm == "maker")
        .collect();
    assert_eq!(maker_ext.len(), 2);
    assert_eq!(maker_ext[0].requirement, ["metal"]);
    assert_eq!(maker_ext[0].suppliers, ["out1"]);
    assert_eq!(maker_ext[1].requirement, ["part"]);
    assert_eq!(maker_ext[1].suppliers, ["out1", "out2"]);
    assert!(r.upstream_gaps.iter().all(|g| g.firm != "maker"));

    // metal from one local supplier: single source only; part from two of which one is
    // local: no entry at all.
    let g = graph(
        json!([
            firm("maker", "z", &[("device", "operating", "a")]),
            firm(
                "in1",
                "z",
                &[("metal", "operating", "a"), ("part", "operating", "a")]
            ),
            firm("out2", "q", &[("part", "operating", "a")])
        ]),
        json!([
            supplies("in1", "maker", "metal"),
            supplies("in1", "maker", "part"),
            supplies("out2", "maker", "part")
        ]),
    );
    let r = report(&g, "z", &Options::default());
    let ss: Vec<_> = r
        .single_source
        .iter()
        .filter(|s| s.firm == "maker")
        .collect();
    assert_eq!(ss.len(), 1);
    assert_eq!(ss[0].supplier, "in1");
    assert!(r.external_dependencies.iter().all(|e| e.firm != "maker"));
}

#[test]
fn closed_or_future_supply_links_do_not_count() {
    let g = graph(
        json!([
            firm("maker", "z", &[("kit", "operating", "a")]),
            firm("out1", "x", &[("part", "operating", "a")])
        ]),
        json!([{"from": "out1", "to": "maker", "kind": "supplies", "product": "part", "status": "closed"}]),
    );
    let r = report(&g, "z", &Options::default());
    assert_eq!(r.upstream_gaps.len(), 1);
    assert!(r.single_source.is_empty());
    let g = graph(
        json!([
            firm("maker", "z", &[("kit", "operating", "a")]),
            firm("out1", "x", &[("part", "operating", "a")])
        ]),
        json!([{"from": "out1", "to": "maker", "kind": "supplies", "product": "part", "since": "2026"}]),
    );
    assert_eq!(report(&g, "z", &Options::default()).upstream_gaps.len(), 1);
}

#[test]
fn downstream_gaps_and_their_local_customers() {
    let g = graph(
        json!([
            firm("miner", "z", &[("ore", "operating", "a")]),
            firm("seller", "z", &[("alt", "operating", "a")]),
            firm("smelter", "z", &[("metal", "announced", "")]),
            firm(
                "both",
                "z",
                &[("ore", "operating", "a"), ("metal", "operating", "a")]
            ),
            firm("ender", "z", &[("device", "operating", "a")])
        ]),
        json!([supplies("seller", "ender", "alt")]),
    );
    let r = report(&g, "z", &Options::default());
    let down: Vec<(&str, &str)> = r
        .downstream_gaps
        .iter()
        .map(|d| (d.firm.as_str(), d.product.as_str()))
        .collect();
    // miner: ore is used by metal; nobody buys it. seller sells alt (to anyone: met).
    // both uses its own ore, but neither uses nor sells its metal; smelter's metal has
    // no customer either; device is the chain's end.
    assert_eq!(
        down,
        [("both", "metal"), ("miner", "ore"), ("smelter", "metal")]
    );
    let miner = &r.downstream_gaps[1];
    // Operating makers of metal first, then the announced one.
    assert_eq!(miner.local_customers, ["both", "smelter"]);
    assert_eq!(miner.local_customer_count, 2);
    let smelter = &r.downstream_gaps[2];
    assert_eq!(smelter.local_customers, ["ender"]);
    assert_eq!(r.downstream_gaps[0].local_customers, ["ender"]);
}

#[test]
fn gap_entries_are_ordered_by_firm_then_product_then_requirement() {
    let g = graph(
        json!([
            firm(
                "zed",
                "z",
                &[("device", "operating", "a"), ("metal", "operating", "a")]
            ),
            firm("abe", "z", &[("kit", "operating", "a")])
        ]),
        json!([]),
    );
    let r = report(&g, "z", &Options::default());
    let up: Vec<(&str, &str, Vec<String>)> = r
        .upstream_gaps
        .iter()
        .map(|g| (g.firm.as_str(), g.product.as_str(), g.requirement.clone()))
        .collect();
    assert_eq!(
        up,
        [
            ("abe", "kit", vec!["part".to_string()]),
            ("zed", "metal", vec!["ore".to_string(), "alt".to_string()]),
            ("zed", "device", vec!["part".to_string()]),
        ]
    );
}

#[test]
fn closure_with_alternatives_and_blocking_products() {
    // ore runs locally, so metal is producible through it; part has no running maker.
    let g = graph(
        json!([
            firm(
                "m",
                "z",
                &[
                    ("ore", "operating", "c"),
                    ("metal", "operating", "c"),
                    ("device", "operating", "c")
                ]
            ),
            firm("p", "z", &[("part", "building", "a")])
        ]),
        json!([]),
    );
    let r = report(&g, "z", &Options::default());
    assert_eq!(r.closure.producible, ["ore", "metal"]);
    let blocked: Vec<(&str, Vec<String>)> = r
        .closure
        .blocked
        .iter()
        .map(|b| (b.product.as_str(), b.blocking.clone()))
        .collect();
    assert_eq!(
        blocked,
        [
            ("device", vec!["part".to_string()]),
            // Version 2: the blocking set reaches upstream of an end product with no local
            // maker, to the part its chain also lacks.
            ("kit", vec!["part".to_string(), "kit".to_string()])
        ]
    );
}

#[test]
fn closure_ties_take_the_first_listed_alternative() {
    // metal runs but neither ore nor alt does: each blocks with one product; ore is first.
    let g = graph(
        json!([firm(
            "m",
            "z",
            &[
                ("metal", "operating", "a"),
                ("part", "operating", "a"),
                ("device", "operating", "a")
            ]
        )]),
        json!([]),
    );
    let r = report(&g, "z", &Options::default());
    assert_eq!(r.closure.producible, ["part"]);
    assert_eq!(r.closure.blocked[0].product, "device");
    assert_eq!(r.closure.blocked[0].blocking, ["ore"]);
}

#[test]
fn closure_prefers_the_alternative_with_fewest_blocking_products() {
    // In this template the second alternative blocks with fewer products than the first.
    let chain = json!({
        "format": "chain@1", "id": "t", "name": {"en": "T"},
        "segments": [{"id": "s", "name": {"en": "S"}}],
        "products": [
            {"id": "x1", "segment": "s", "name": {"en": "x1"}},
            {"id": "x2", "segment": "s", "name": {"en": "x2"}},
            {"id": "y", "segment": "s", "name": {"en": "y"}},
            {"id": "deep", "segment": "s", "name": {"en": "deep"}, "inputs": ["x1", "x2"]},
            {"id": "top", "segment": "s", "name": {"en": "top"}, "inputs": [["deep", "y"]]}
        ]
    });
    let data = json!({
        "format": "dataset@1", "chain": "t",
        "regions": [{"id": "r", "kind": "zone", "name": {"en": "R"}}],
        "firms": [{"id": "f", "region": "r", "name": {"en": "f"},
                   "makes": [{"product": "deep"}, {"product": "top"}]}]
    });
    let g = graph_of(&chain, &data);
    let r = report(&g, "r", &Options::default());
    // Every product is in the last (only) segment; blocking lists are in template order.
    let top = r
        .closure
        .blocked
        .iter()
        .find(|b| b.product == "top")
        .unwrap();
    assert_eq!(top.blocking, ["y"]);
    let deep = r
        .closure
        .blocked
        .iter()
        .find(|b| b.product == "deep")
        .unwrap();
    assert_eq!(deep.blocking, ["x1", "x2"]);
}

#[test]
fn candidate_scores_links_proximity_and_evidence() {
    let g = graph(
        json!([
            firm("local", "z", &[("device", "operating", "a")]),
            firm("near", "q", &[("part", "operating", "b")]),
            firm(
                "far",
                "x",
                &[("part", "operating", "a"), ("part", "operating", "c")]
            ),
            firm("linked", "x", &[("part", "operating", "")]),
            firm("planner", "q", &[("part", "announced", "a")])
        ]),
        json!([
            {"from": "linked", "to": "local", "kind": "partners_with"},
            {"from": "linked", "to": "club", "kind": "member_of"},
            {"from": "local", "to": "linked", "kind": "owns", "share": 0.2},
            {"from": "linked", "to": "local", "kind": "transfers_technology"},
            {"from": "near", "to": "faraway", "kind": "member_of"}
        ]),
    );
    let r = report(&g, "z", &Options::default());
    let part = r.candidates.iter().find(|c| c.product == "part").unwrap();
    let got: Vec<(&str, u32, u32, u32, u32)> = part
        .firms
        .iter()
        .map(|c| (c.firm.as_str(), c.score, c.links, c.proximity, c.evidence))
        .collect();
    assert_eq!(
        got,
        [
            // 4 links, capped at 3: 3×3 + 0 + 0.
            ("linked", 9, 3, 0, 0),
            // Same country as the zone: proximity 1; evidence B.
            ("near", 4, 0, 1, 2),
            // Best grade of its operating facts: A.
            ("far", 3, 0, 0, 3),
        ]
    );
    // Every product that is not covered has an entry, even with no candidate.
    assert_eq!(r.candidates.len(), 6);
    assert!(r
        .candidates
        .iter()
        .find(|c| c.product == "ore")
        .unwrap()
        .firms
        .is_empty());
}

#[test]
fn candidates_are_capped_and_ties_go_by_id() {
    let g = graph(
        json!([
            firm("b", "x", &[("ore", "operating", "a")]),
            firm("a", "x", &[("ore", "operating", "a")]),
            firm("c", "x", &[("ore", "operating", "a")]),
            firm("l1", "z", &[("ore", "operating", "a")]),
            firm("l2", "z", &[("ore", "operating", "b")])
        ]),
        json!([]),
    );
    let options = Options {
        top_candidates: 2,
        ..Options::default()
    };
    let r = report(&g, "z", &options);
    // ore is covered locally: no candidate entry for it.
    assert!(r.candidates.iter().all(|c| c.product != "ore"));
    let r = report(
        &g,
        "p",
        &Options {
            top_candidates: 2,
            min_makers: 3,
            ..Options::default()
        },
    );
    let ore = r.candidates.iter().find(|c| c.product == "ore").unwrap();
    let ids: Vec<&str> = ore.firms.iter().map(|c| c.firm.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    let zero = report(
        &g,
        "p",
        &Options {
            top_candidates: 0,
            min_makers: 3,
            ..Options::default()
        },
    );
    assert!(zero.candidates.iter().all(|c| c.firms.is_empty()));
}

#[test]
fn unknown_region_and_bad_options_are_errors() {
    let g = graph(json!([]), json!([]));
    let err = gaps(&g, "nowhere", &Options::default()).unwrap_err();
    assert_eq!(err.to_string(), "unknown region `nowhere`");
    let zero = Options {
        min_makers: 0,
        ..Options::default()
    };
    let err = gaps(&g, "z", &zero).unwrap_err();
    assert_eq!(err.to_string(), "min_makers must be at least 1, got 0");
}

#[test]
fn report_json_has_the_spec_fields_in_order() {
    let g = graph(
        json!([firm("f", "z", &[("ore", "operating", "a")])]),
        json!([]),
    );
    let text = report(&g, "z", &Options::default()).to_json_string();
    let keys: Vec<String> = match serde_json::from_str::<Value>(&text).unwrap() {
        Value::Object(map) => map.keys().cloned().collect(),
        _ => panic!("not an object"),
    };
    // serde_json's map is sorted, so check the order on the text itself.
    let mut positions: Vec<usize> = [
        "\"format\"",
        "\"chain\"",
        "\"scope\"",
        "\"options\"",
        "\"summary\"",
        "\"segments\"",
        "\"products\"",
        "\"upstream_gaps\"",
        "\"downstream_gaps\"",
        "\"single_source\"",
        "\"external_dependencies\"",
        "\"closure\"",
        "\"candidates\"",
        "\"priorities\"",
        "\"critical_firms\"",
        "\"concentration\"",
    ]
    .iter()
    .map(|k| {
        text.find(&format!("\n  {k}:"))
            .unwrap_or_else(|| panic!("{k} missing"))
    })
    .collect();
    let sorted = {
        let mut p = positions.clone();
        p.sort_unstable();
        p
    };
    assert_eq!(positions, sorted);
    positions.dedup();
    assert_eq!(keys.len(), 16);
    assert!(text.contains("\"options\": {\n    \"as_of\": \"2025-11-01\",\n    \"min_makers\": 2,\n    \"min_grade\": \"B\",\n    \"top_candidates\": 5\n  }"));
}
