//! Scenarios and report diffs: applying a scenario, its errors with their places, and the
//! properties the gap analysis promises about them (critical firms equal the report
//! recomputed without each firm; a report's diff with itself is empty).

use std::collections::HashMap;

mod common;

use vrfb_chain::analysis::{diff, gaps, GapReport, Options, ProductStatus};
use vrfb_chain::scenario::{LinkKey, Scenario};
use vrfb_chain::{builtin, synth, KnowledgeGraph, LinkKind, Name};

fn scenario(text: &str) -> Scenario {
    Scenario::from_slice(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

fn synthetic(firms: usize, seed: u64) -> KnowledgeGraph {
    let data = synth::generate(firms, seed);
    KnowledgeGraph::new(builtin::vrfb_graph().chain().clone(), data).unwrap()
}

/// The removal of one firm, as the spec's "report without f" supposes.
fn without(graph: &KnowledgeGraph, firm: &str) -> KnowledgeGraph {
    let mut s = Scenario::new(Name::new(None, Some("without")));
    s.remove.firms.push(firm.to_string());
    s.apply(graph).unwrap()
}

/// Checks every critical-firm entry of `report` (and every absent one) against the report
/// recomputed on the dataset without the firm.
fn check_critical_firms(graph: &KnowledgeGraph, region: &str, options: &Options) {
    let report = gaps(graph, region, options).unwrap();
    let listed: HashMap<&str, _> = report
        .critical_firms
        .iter()
        .map(|c| (c.firm.as_str(), c))
        .collect();
    let in_scope = graph.firms_in(region).unwrap();
    for firm in in_scope.iter().take(25) {
        let after = gaps(&without(graph, &firm.id), region, options).unwrap();
        let downgraded: Vec<(String, ProductStatus, ProductStatus)> = report
            .products
            .iter()
            .zip(&after.products)
            .filter(|(now, then)| then.status.rank() < now.status.rank())
            .map(|(now, then)| (now.product.clone(), now.status, then.status))
            .collect();
        let lost: Vec<&String> = report
            .closure
            .producible
            .iter()
            .filter(|p| !after.closure.producible.contains(p))
            .collect();
        let sole = report
            .single_source
            .iter()
            .filter(|s| s.supplier == firm.id)
            .count();
        match listed.get(firm.id.as_str()) {
            Some(c) => {
                let got: Vec<_> = c
                    .downgraded
                    .iter()
                    .map(|d| (d.product.clone(), d.status, d.without))
                    .collect();
                assert_eq!(
                    got, downgraded,
                    "downgraded without {} in {region}",
                    firm.id
                );
                assert_eq!(
                    c.lost_producible.iter().collect::<Vec<_>>(),
                    lost,
                    "lost without {}",
                    firm.id
                );
                assert_eq!(
                    c.sole_supplier_of.len(),
                    sole,
                    "sole supplies of {}",
                    firm.id
                );
                assert_eq!(c.impact, downgraded.len() + lost.len() + sole);
            }
            None => assert!(
                downgraded.is_empty() && lost.is_empty() && sole == 0,
                "{} is critical in {region} but not listed",
                firm.id
            ),
        }
    }
}

#[test]
fn critical_firms_equal_the_report_recomputed_without_each_firm() {
    let lenient = Options {
        min_makers: 1,
        min_grade: None,
        ..Options::default()
    };
    let minimal = builtin::minimal_graph();
    for region in ["zone-a", "city-a", "province-a", "country"] {
        check_critical_firms(&minimal, region, &Options::default());
        check_critical_firms(&minimal, region, &lenient);
    }
    let vrfb = builtin::vrfb_graph();
    for region in ["cn-sc-leshan-hitech", "cn-sc"] {
        check_critical_firms(&vrfb, region, &Options::default());
    }
    for seed in 0..4 {
        let graph = synthetic(60, seed);
        let regions: Vec<String> = graph
            .dataset()
            .regions
            .iter()
            .take(6)
            .map(|r| r.id.clone())
            .collect();
        for region in &regions {
            check_critical_firms(&graph, region, &Options::default());
            check_critical_firms(&graph, region, &lenient);
        }
    }
}

#[test]
fn a_scenario_that_changes_nothing_gives_the_same_report() {
    let graph = builtin::vrfb_graph();
    let nothing =
        scenario(r#"{"format": "scenario@1", "name": {"zh": "不变"}, "add": {}, "remove": {}}"#);
    let same = nothing.apply(&graph).unwrap();
    for region in ["cn-sc-leshan-hitech", "cn-sc", "cn"] {
        let a = gaps(&graph, region, &Options::default()).unwrap();
        let b = gaps(&same, region, &Options::default()).unwrap();
        assert_eq!(a, b, "{region}");
        assert!(diff(&a, &b).unwrap().is_empty());
    }
}

#[test]
fn removing_a_firm_takes_its_links_and_a_link_can_go_alone() {
    let graph = builtin::minimal_graph();
    let s = scenario(
        r#"{"format": "scenario@1", "name": {"en": "x"},
            "remove": {"firms": ["stackco"],
                       "links": [{"from": "leader", "to": "gridco", "kind": "partners_with"}]}}"#,
    );
    let after = s.apply(&graph).unwrap();
    let data = after.dataset();
    assert!(data.firms.iter().all(|f| f.id != "stackco"));
    assert!(data
        .links
        .iter()
        .all(|l| l.from != "stackco" && l.to != "stackco"));
    assert!(data
        .links
        .iter()
        .all(|l| !(l.from == "leader" && l.kind == LinkKind::PartnersWith)));
    assert_eq!(data.links.len(), graph.dataset().links.len() - 4);
    assert_eq!(
        s.remove.links,
        [LinkKey {
            from: "leader".into(),
            to: "gridco".into(),
            kind: LinkKind::PartnersWith,
            product: None
        }]
    );
}

#[test]
fn every_problem_of_a_scenario_is_reported_at_its_place() {
    let graph = builtin::minimal_graph();
    let text = r#"{"format": "scenario@1", "name": {"en": "a bad one"},
            "add": {"firms": [
                {"id": "leader", "region": "zone-a", "name": {"en": "Twin"}},
                {"id": "newco", "region": "atlantis", "name": {"en": "New"},
                 "makes": [{"product": "electrolite", "status": "runing"}]}],
              "links": [{"from": "newco", "to": "nobody", "kind": "supplies", "product": "stack"}]},
            "remove": {"firms": ["ghost", "alliance"], "organizations": ["leader"],
                       "links": [{"from": "leader", "to": "stackco", "kind": "supplies"}]}}"#;
    // The scenario's own problems come when it is read, with their lines.
    let err = Scenario::from_slice(text.as_bytes()).unwrap_err();
    assert_eq!(
        err.lines(),
        ["scenario: add.firms[1] `newco`: makes[0].status: unknown status `runing`, expected one of: announced, building, operating, closed"]
    );
    // Those against the dataset come when it is applied, all at once.
    let s = scenario(&text.replace("runing", "operating"));
    let err = s.apply(&graph).unwrap_err();
    let lines = err.lines();
    let expect = [
        "remove.firms[0]: no firm `ghost` in the dataset",
        "remove.firms[1]: no firm `alliance` in the dataset; it is an organization",
        "remove.organizations[0]: no organization `leader` in the dataset; it is a firm",
        "remove.links[0]: no `supplies` link from `leader` to `stackco`",
        "add.firms[0].id: duplicate firm or organization id `leader`",
        "add.firms[1] `newco`: region: unknown region `atlantis`",
        "add.firms[1] `newco`: makes[0].product: unknown product `electrolite`",
        "add.links[0].to: unknown firm or organization `nobody`",
    ];
    for want in expect {
        assert!(
            lines.iter().any(|l| l.contains(want)),
            "no line with {want:?} in {lines:#?}"
        );
    }
    assert_eq!(lines.len(), expect.len(), "{lines:#?}");
    assert!(
        lines.iter().all(|l| l.starts_with("scenario: ")),
        "{lines:#?}"
    );
}

#[test]
fn type_errors_in_added_records_point_into_the_scenario() {
    let text = "{\"format\": \"scenario@1\", \"name\": {\"en\": \"x\"},\n \"add\": {\"firms\": [\n  {\"id\": \"a\", \"name\": {\"en\": \"A\"}, \"region\": \"zone-a\",\n   \"makes\": [{\"product\": \"stack\", \"capacity\": {\"value\": \"ten\", \"unit\": \"MW\"}}]}]}}";
    let err = Scenario::from_slice(text.as_bytes()).unwrap_err();
    let message = err.to_string();
    assert_eq!(
        err.lines(),
        ["scenario: add.firms[0] `a`: makes[0].capacity.value: invalid type: string \"ten\", expected a number (line 4, column 57)"]
    );
    assert!(message.contains("\"ten\""), "{message}");
    for bad in [
        r#"{"format": "scenario@2", "name": {"en": "x"}}"#,
        r#"{"format": "scenario@1", "name": {}}"#,
        r#"{"format": "scenario@1", "name": {"en": "x"}, "ad": {}}"#,
        r#"{"format": "scenario@1"}"#,
        "not json",
        "",
    ] {
        assert!(Scenario::from_slice(bad.as_bytes()).is_err(), "{bad}");
    }
}

#[test]
fn every_problem_of_a_scenarios_top_level_is_reported_at_once() {
    let text = concat!(
        "{\"format\": 1, \"remvoe\": {},\n",
        " \"add\": {\"firms\": {}, \"links\": [{\"from\": \"a\", \"to\": \"b\", \"kind\": \"owns\", \"share\": 2}]},\n",
        " \"remove\": {\"firms\": [\"x\", 7], \"links\": [{\"from\": \"a\", \"to\": \"b\"}]}}",
    );
    let err = Scenario::from_slice(text.as_bytes()).unwrap_err();
    assert!(matches!(err, vrfb_chain::Error::Invalid { .. }), "{err:?}");
    assert_eq!(
        err.lines(),
        [
            "scenario: format: invalid type: integer `1`, expected a string (line 1, column 12)",
            "scenario: unknown field `remvoe`, expected one of `format`, `name`, `add`, `remove` (line 1, column 15)",
            "scenario: missing field `name` (line 1, column 1)",
            "scenario: add.firms: invalid type: map, expected a list (line 2, column 19)",
            "scenario: add.links[0].share: share must be in (0, 1], got 2",
            "scenario: remove.firms[1]: invalid type: integer `7`, expected a string (line 3, column 28)",
            "scenario: remove.links[0]: missing field `kind` (line 3, column 42)",
        ]
    );
}

#[test]
fn the_scenario_in_data_opens_a_stack_plant_in_leshan() {
    let graph = builtin::vrfb_graph();
    let s = Scenario::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/scenario-stack-leshan.json"
    ))
    .unwrap();
    let after = s.apply(&graph).unwrap();
    let region = builtin::DEFAULT_REGION;
    let before = gaps(&graph, region, &Options::default()).unwrap();
    let report = gaps(&after, region, &Options::default()).unwrap();
    let d = diff(&before, &report).unwrap();
    assert_eq!(d.after.firms, d.before.firms + 1);
    assert!(
        d.products
            .iter()
            .any(|c| c.product == "stack" && c.after.rank() > c.before.rank()),
        "{d:#?}"
    );
    let text = report.to_json_string();
    let back = GapReport::from_json_slice(text.as_bytes()).unwrap();
    assert_eq!(
        diff(&back, &report).unwrap(),
        diff(&report, &report).unwrap()
    );
}

#[test]
fn broken_scenarios_are_errors_never_panics() {
    let seed = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/d")).unwrap();
    common::exercise_scenario(&seed);
    assert!(scenario(std::str::from_utf8(&seed).unwrap())
        .apply(&builtin::minimal_graph())
        .is_ok());
    // Every cut of the seed, and every byte replaced by a character JSON gives meaning to.
    let mut tried = 0;
    for at in (0..seed.len()).step_by(7) {
        common::exercise_scenario(&seed[..at]);
        for byte in [b'"', b'}', b'1', b'x', b','] {
            let mut edited = seed.clone();
            edited[at] = byte;
            common::exercise_scenario(&edited);
            tried += 1;
        }
    }
    assert!(tried > 300, "{tried}");
}

/// `tests/bad_scenarios/many-mistakes.json`: thirteen mistakes a planner makes, each
/// reported in one round, in the order of the file, each line naming the file.
#[test]
fn every_mistake_of_a_scenario_file_is_reported_at_once_in_order() {
    let graph = builtin::vrfb_graph();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad_scenarios/many-mistakes.json");
    let err = vrfb_chain::scenario::apply_path(&graph, &path).unwrap_err();
    let lines = err.lines();
    // What every build says, and what only the `suggest` feature adds.
    let expect: [(&str, Option<&str>); 13] = [
        ("unknown field `colour`, expected one of `format`, `name`, `add`, `remove` (line 4, column 3)", None),
        ("add.firms[0].id: id `rongke` is taken: the dataset has the firm `rongke` (大连融科储能集团股份有限公司 (Rongke Power)); give the added record an id of its own, or replace the dataset's: list `rongke` under `remove.firms` too", None),
        ("add.firms[1] `leshan-felt`: region: unknown region `乐山高新区`; `乐山高新区` is the name of region `cn-sc-leshan-hitech`: write its id, `cn-sc-leshan-hitech`", None),
        ("add.firms[1] `leshan-felt`: makes[0].product: unknown product `electrode-fett` (not in chain `vrfb`)", Some("; did you mean one of `electrode-felt` (碳毡/石墨毡电极 (Carbon or graphite felt electrode)),")),
        ("add.firms[2] `leshan-membrane`: region: unknown region `cn-sc-leshan-hitec`", Some("; did you mean one of `cn-sc-leshan-hitech` (乐山高新区 (Leshan High-tech Zone)),")),
        ("add.firms[2] `leshan-membrane`: makes[0].product: unknown product `电堆` (not in chain `vrfb`); `电堆` is the name of product `stack`: write its id, `stack`", None),
        ("add.firms[2] `leshan-membrane`: makes[0].status: unknown status `runing`, expected one of: announced, building, operating, closed", None),
        ("add.firms[3] `leshan-tank`: unknown field `website`, expected one of `id`, `name`, `region`, `tags`, `makes`, `sources`, `extra`; a field of your own goes under `extra`: `\"extra\": {\"website\": …}` (line 14, column 8)", None),
        ("add.firms[3] `leshan-tank`: makes[0].capacity.value: invalid type: string \"ten\", expected a number (line 15, column 60)", None),
        ("add.links[0].from: unknown firm or organization `四川伟力得能源股份有限公司`; `四川伟力得能源股份有限公司` is the name of firm `weilide`: write its id, `weilide`", None),
        ("add.links[1].to: unknown firm or organization `weilidee`", Some("; did you mean `weilide` (四川伟力得能源股份有限公司 (Sichuan Weilide Energy))?")),
        ("remove.firms[0]: no firm `pangang-vtt` in the dataset", Some("; did you mean one of `pangang-vt` (攀钢集团钒钛资源股份有限公司(钒钛股份) (Pangang Group Vanadium Titanium & Resources)), `pangang-group`")),
        ("remove.links[0]: no `supplies` link from `pangang-vt` to `rongke` in the dataset; the dataset's `supplies` link from `pangang-vt` to `rongke` is of `v2o5`: write `\"product\": \"v2o5\"` in the removal", None),
    ];
    assert_eq!(lines.len(), expect.len(), "{lines:#?}");
    let prefix = format!("{}: scenario: ", path.display());
    for (line, (want, near)) in lines.iter().zip(expect) {
        let rest = line
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{line:?} does not name the file"));
        assert!(rest.starts_with(want), "{rest:?} is not {want:?}");
        match near {
            Some(near) if cfg!(feature = "suggest") => {
                assert!(
                    rest[want.len()..].starts_with(near),
                    "{rest:?}: no {near:?}"
                )
            }
            Some(_) => assert!(!rest.contains("did you mean"), "{rest:?} without `suggest`"),
            None => assert_eq!(rest, want),
        }
    }
    // The two rounds of `from_slice` and `apply` stop at the first: the shape problems.
    let bytes = std::fs::read(&path).unwrap();
    let first = Scenario::from_slice(&bytes).unwrap_err();
    assert!(first.lines().len() < lines.len());
}

#[test]
fn a_scenario_applied_in_one_round_gives_the_graph_of_two_rounds() {
    let graph = builtin::vrfb_graph();
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/scenario-stack-leshan.json");
    let one = vrfb_chain::scenario::apply_path(&graph, &path).unwrap();
    let two = Scenario::from_path(&path).unwrap().apply(&graph).unwrap();
    assert_eq!(one.dataset(), two.dataset());
    let options = Options::default();
    let region = "cn-sc-leshan-hitech";
    assert_eq!(
        gaps(&one, region, &options).unwrap(),
        gaps(&two, region, &options).unwrap()
    );
    // A removal of a link without its product says which product to write.
    let text = r#"{"format": "scenario@1", "name": {"en": "x"},
      "remove": {"links": [{"from": "stackco", "to": "leader", "kind": "supplies"}]}}"#;
    let err =
        vrfb_chain::scenario::apply_slice(&builtin::minimal_graph(), text.as_bytes()).unwrap_err();
    assert_eq!(err.lines().len(), 1);
    assert!(
        err.lines()[0].ends_with("is of `stack`: write `\"product\": \"stack\"` in the removal"),
        "{:?}",
        err.lines()
    );
}

#[test]
fn a_repeated_id_or_link_names_its_first_in_the_scenario_or_the_dataset() {
    let graph = builtin::minimal_graph();
    let text = r#"{"format": "scenario@1", "name": {"en": "twice"},
      "add": {"firms": [{"id": "twin", "region": "zone-a", "name": {"en": "Twin"}},
                        {"id": "twin", "region": "zone-a", "name": {"en": "Twin again"}}],
              "links": [{"from": "stackco", "to": "leader", "kind": "supplies", "product": "stack"},
                        {"from": "twin", "to": "leader", "kind": "owns"},
                        {"from": "twin", "to": "leader", "kind": "owns"}]}}"#;
    let one = vrfb_chain::scenario::apply_slice(&graph, text.as_bytes()).unwrap_err();
    let two = scenario(text).apply(&graph).unwrap_err();
    let want = [
        "scenario: add.firms[1].id: duplicate firm or organization id `twin` (first at add.firms[0].id)",
        "scenario: add.links[0]: duplicate supplies link from `stackco` to `leader` (first at links[0] of the dataset)",
        "scenario: add.links[2]: duplicate owns link from `twin` to `leader` (first at add.links[1])",
    ];
    assert_eq!(one.lines(), want);
    assert_eq!(two.lines(), want);
}
