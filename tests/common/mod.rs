//! What the fuzz target, the fuzz regressions and the property tests all run on a pair of
//! documents: everything a user can do with them. Nothing here may panic on any input.
#![allow(dead_code)]

use vrfb_chain::analysis::{gaps, Options};
use vrfb_chain::export::{self, ExportOptions, Format};
use vrfb_chain::registry::Registry;
use vrfb_chain::{builtin, render, Chain, Dataset, Grade, KnowledgeGraph};

/// Splits a fuzz input into a template and a dataset. The first byte chooses: a dataset for
/// the minimal template, a template for the minimal dataset, or both, split at the first
/// 0xFF byte (never in UTF-8 text, so never inside a valid document).
pub fn split(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let (&mode, rest) = input.split_first()?;
    Some(match mode % 3 {
        0 => (builtin::MINIMAL_CHAIN_JSON.as_bytes(), rest),
        1 => (rest, builtin::MINIMAL_DATASET_JSON.as_bytes()),
        _ => match rest.iter().position(|&b| b == 0xFF) {
            Some(at) => (&rest[..at], &rest[at + 1..]),
            None => (rest, rest),
        },
    })
}

/// Load → validate → graph → gap report of (up to 8) regions with three option sets →
/// Markdown → every export, and the round trips: save → load, and json export → load.
/// The compact [`Registry`] must agree with the graph: the same errors, or the same reports.
pub fn exercise(chain: &[u8], data: &[u8]) {
    if let Ok(c) = Chain::from_slice(chain) {
        let again = Chain::from_json_str(&c.to_json_string()).expect("a saved template loads");
        assert_eq!(again, c);
    }
    if let Ok(d) = Dataset::from_slice(data) {
        let again = Dataset::from_json_str(&d.to_json_string()).expect("a saved dataset loads");
        assert_eq!(again, d);
    }
    let registry = Registry::from_json_slices(chain, data);
    let graph = match KnowledgeGraph::from_json_slices(chain, data) {
        Ok(g) => g,
        Err(e) => {
            let lines = e.lines();
            assert!(!lines.is_empty() && lines.iter().all(|l| !l.is_empty()));
            match registry {
                Ok(_) => panic!("the registry accepted a document the graph refuses: {lines:?}"),
                Err(r) => assert_eq!(r.lines(), lines, "the registry's errors differ"),
            }
            return;
        }
    };
    let registry = registry.expect("the registry accepts what the graph accepts");
    let options = [
        Options::default(),
        Options {
            as_of: "2024-06".parse().ok(),
            min_makers: 1,
            min_grade: None,
            top_candidates: 1,
        },
        Options {
            as_of: None,
            min_makers: 3,
            min_grade: Some(Grade::A),
            top_candidates: 0,
        },
    ];
    let mut last_report = None;
    for region in graph.dataset().regions.iter().take(8) {
        for o in &options {
            let report = gaps(&graph, &region.id, o).expect("a known region");
            let _ = render::markdown(&graph, &report);
            let json = report.to_json_string();
            let compact = registry.gaps(&region.id, o).expect("a known region");
            assert_eq!(
                compact.to_json_string(),
                json,
                "the registry's report differs"
            );
            last_report = Some(report);
        }
    }
    for format in Format::ALL {
        for as_of in [None, "2025".parse().ok()] {
            let eo = ExportOptions {
                as_of,
                ..Default::default()
            };
            let mut out = Vec::new();
            export::write(&graph, format, &eo, last_report.as_ref(), &mut out)
                .expect("writing to memory");
        }
    }
    let mut out = Vec::new();
    export::json::write(&graph, &ExportOptions::default(), &mut out).expect("writing to memory");
    let reloaded = Dataset::from_slice(&out).expect("the json export loads");
    assert_eq!(reloaded, graph.dataset().canonical());
}

/// Bytes as a scenario against the minimal data: read → apply → report → diff with the
/// report without it → Markdown and JSON. Errors must have lines; nothing may panic; a
/// scenario that applies gives a report whose diff with itself is empty.
pub fn exercise_scenario(bytes: &[u8]) {
    use vrfb_chain::analysis::diff;
    use vrfb_chain::scenario::Scenario;
    let graph = builtin::minimal_graph();
    // In one round: an error exactly when the two rounds give one, and the same dataset.
    let one_round = vrfb_chain::scenario::apply_slice(&graph, bytes);
    if let Err(e) = &one_round {
        let lines = e.lines();
        assert!(
            !lines.is_empty() && lines.iter().all(|l| l.starts_with("scenario: ")),
            "{e}"
        );
    }
    let scenario = match Scenario::from_slice(bytes) {
        Ok(s) => s,
        Err(e) => {
            assert!(e.lines().iter().all(|l| l.starts_with("scenario: ")), "{e}");
            assert!(one_round.is_err(), "{e}: fine in one round");
            return;
        }
    };
    let after = match scenario.apply(&graph) {
        Ok(g) => g,
        Err(e) => {
            let lines = e.lines();
            assert!(!lines.is_empty() && lines.iter().all(|l| l.starts_with("scenario: ")));
            assert!(one_round.is_err(), "{e}: fine in one round");
            return;
        }
    };
    match &one_round {
        Ok(g) => assert_eq!(g.dataset(), after.dataset()),
        Err(e) => panic!("{e}: fine in two rounds"),
    }
    for region in after.dataset().regions.iter().take(4) {
        let Ok(report) = gaps(&after, &region.id, &Options::default()) else {
            continue;
        };
        let _ = render::markdown(&after, &report);
        assert!(diff(&report, &report).expect("same region").is_empty());
        if let Ok(before) = gaps(&graph, &region.id, &Options::default()) {
            let d = diff(&before, &report).expect("same chain and region");
            let _ = render::diff_markdown(&d);
            let _ = d.to_json_string();
        }
    }
}

/// The whole input as a gap report and as a report diff read back (`diff` and `validate`
/// read them): an error has lines, each naming the document; what reads writes back as
/// the same text, which reads to the same value.
pub fn exercise_reading_back(bytes: &[u8]) {
    use vrfb_chain::analysis::{GapReport, ReportDiff};
    let named = |e: &vrfb_chain::Error, document: &str| {
        let lines = e.lines();
        assert!(!lines.is_empty(), "{e}");
        assert!(lines.iter().all(|l| l.starts_with(document)), "{e}");
    };
    match GapReport::from_json_slice(bytes) {
        Ok(report) => {
            let text = report.to_json_string();
            let back = GapReport::from_json_slice(text.as_bytes()).expect("a report written reads");
            assert_eq!(back.to_json_string(), text);
        }
        Err(e) => named(&e, "gap report: "),
    }
    match ReportDiff::from_json_slice(bytes) {
        Ok(diff) => {
            let text = diff.to_json_string();
            let back = ReportDiff::from_json_slice(text.as_bytes()).expect("a diff written reads");
            assert_eq!(back.to_json_string(), text);
        }
        Err(e) => named(&e, "report diff: "),
    }
}
