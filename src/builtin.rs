//! The data compiled into the crate, so that examples and tests run from any directory
//! with no file argument.
//!
//! - [`vrfb_graph`]: the VRFB chain template and the sourced 2025 dataset
//!   (`data/vrfb.chain.json`, `data/vrfb-2025.dataset.json`): the default of the examples.
//! - [`li_ion_graph`]: the small lithium-ion storage chain of the same Leshan park.
//! - [`minimal_chain`] / [`minimal_dataset`]: a small fictional example
//!   (`data/minimal.*.json`) that docs and tests use; small enough to check by hand.
//!
//! The built-in documents are validated by the crate's tests, so the functions that build
//! graphs from them do not return errors.

use crate::{Chain, Dataset, KnowledgeGraph};

/// The text of `data/minimal.chain.json`.
pub const MINIMAL_CHAIN_JSON: &str = include_str!("../data/minimal.chain.json");
/// The text of `data/minimal.dataset.json`.
pub const MINIMAL_DATASET_JSON: &str = include_str!("../data/minimal.dataset.json");

fn parse<T>(what: &str, result: crate::Result<T>) -> T {
    match result {
        Ok(value) => value,
        // The built-in documents are checked by the test suite; this cannot happen in a
        // released crate.
        Err(e) => panic!("built-in {what} does not load: {e}"),
    }
}

/// The minimal example template (`data/minimal.chain.json`).
///
/// ```
/// assert_eq!(vrfb_chain::builtin::minimal_chain().id, "vrfb-mini");
/// ```
pub fn minimal_chain() -> Chain {
    parse("minimal chain", Chain::from_json_str(MINIMAL_CHAIN_JSON))
}

/// The minimal example dataset (`data/minimal.dataset.json`): six fictional firms.
///
/// ```
/// assert_eq!(vrfb_chain::builtin::minimal_dataset().firms.len(), 6);
/// ```
pub fn minimal_dataset() -> Dataset {
    parse(
        "minimal dataset",
        Dataset::from_json_str(MINIMAL_DATASET_JSON),
    )
}

/// The graph of the minimal example.
///
/// ```
/// let graph = vrfb_chain::builtin::minimal_graph();
/// assert!(graph.firm("leader").unwrap().has_tag("chain-leader"));
/// ```
pub fn minimal_graph() -> KnowledgeGraph {
    parse(
        "minimal graph",
        KnowledgeGraph::new(minimal_chain(), minimal_dataset()),
    )
}

/// The text of `data/vrfb.chain.json`: the VRFB chain template (five segments, resource to
/// application).
pub const VRFB_CHAIN_JSON: &str = include_str!("../data/vrfb.chain.json");
/// The text of `data/vrfb-2025.dataset.json`: the sourced 2025 VRFB dataset.
pub const VRFB_DATASET_JSON: &str = include_str!("../data/vrfb-2025.dataset.json");
/// The text of `data/li-ion-storage.chain.json`: the small lithium-ion storage chain.
pub const LI_ION_CHAIN_JSON: &str = include_str!("../data/li-ion-storage.chain.json");
/// The text of `data/li-ion-leshan-2025.dataset.json`: the lithium-ion firms of the
/// Leshan storage park.
pub const LI_ION_DATASET_JSON: &str = include_str!("../data/li-ion-leshan-2025.dataset.json");

/// The region the examples analyse by default: Leshan High-tech Zone (乐山高新区).
pub const DEFAULT_REGION: &str = "cn-sc-leshan-hitech";

/// The VRFB chain template (`data/vrfb.chain.json`).
///
/// ```
/// let chain = vrfb_chain::builtin::vrfb_chain();
/// let segments: Vec<&str> = chain.segments.iter().map(|s| s.id.as_str()).collect();
/// assert_eq!(segments, ["resource", "materials", "stack", "system", "application"]);
/// ```
pub fn vrfb_chain() -> Chain {
    parse("vrfb chain", Chain::from_json_str(VRFB_CHAIN_JSON))
}

/// The sourced 2025 VRFB dataset (`data/vrfb-2025.dataset.json`).
///
/// ```
/// let dataset = vrfb_chain::builtin::vrfb_dataset();
/// assert!(dataset.firms.iter().any(|f| f.id == "weilide"));
/// ```
pub fn vrfb_dataset() -> Dataset {
    parse("vrfb dataset", Dataset::from_json_str(VRFB_DATASET_JSON))
}

/// The graph of the VRFB template and the 2025 dataset: the default of the examples.
///
/// ```
/// let graph = vrfb_chain::builtin::vrfb_graph();
/// assert!(graph.firm("weilide").unwrap().has_tag("chain-leader"));
/// ```
pub fn vrfb_graph() -> KnowledgeGraph {
    parse(
        "vrfb graph",
        KnowledgeGraph::new(vrfb_chain(), vrfb_dataset()),
    )
}

/// The lithium-ion firms of the Leshan storage park
/// (`data/li-ion-leshan-2025.dataset.json`).
///
/// ```
/// assert_eq!(vrfb_chain::builtin::li_ion_dataset().chain, "li-ion-storage");
/// ```
pub fn li_ion_dataset() -> Dataset {
    parse(
        "li-ion dataset",
        Dataset::from_json_str(LI_ION_DATASET_JSON),
    )
}

/// The graph of the lithium-ion storage chain of the Leshan storage park.
///
/// ```
/// let graph = vrfb_chain::builtin::li_ion_graph();
/// assert_eq!(graph.chain().id, graph.dataset().chain);
/// ```
pub fn li_ion_graph() -> KnowledgeGraph {
    parse(
        "li-ion graph",
        KnowledgeGraph::new(
            parse("li-ion chain", Chain::from_json_str(LI_ION_CHAIN_JSON)),
            li_ion_dataset(),
        ),
    )
}

/// The regions of the built-in dataset of the built-in template with this id (`vrfb`,
/// `vrfb-mini`, `li-ion-storage`), in the dataset's order; none for another template. The
/// spreadsheet import looks up there the regions a workbook names but does not define.
/// Each list is read once.
///
/// ```
/// use vrfb_chain::builtin;
/// let regions = builtin::regions_of_chain("vrfb");
/// assert!(regions.iter().any(|r| r.id == builtin::DEFAULT_REGION));
/// assert!(builtin::regions_of_chain("my-chain").is_empty());
/// ```
pub fn regions_of_chain(chain_id: &str) -> &'static [crate::Region] {
    match built_in(chain_id) {
        Some(b) => b.regions.get_or_init(|| (b.dataset)().regions),
        None => &[],
    }
}

/// A built-in template, with its dataset.
struct BuiltIn {
    /// The template's id, which its dataset's `chain` names.
    id: &'static str,
    /// The template's JSON.
    chain: &'static str,
    /// The built-in dataset written for it.
    dataset: fn() -> Dataset,
    /// The dataset's regions, read when first asked for ([`regions_of_chain`]).
    regions: &'static std::sync::OnceLock<Vec<crate::Region>>,
}

/// The built-in templates, in the order the messages list them: the one list of their
/// ids.
static BUILT_INS: [BuiltIn; 3] = {
    use std::sync::OnceLock;
    static VRFB: OnceLock<Vec<crate::Region>> = OnceLock::new();
    static MINIMAL: OnceLock<Vec<crate::Region>> = OnceLock::new();
    static LI_ION: OnceLock<Vec<crate::Region>> = OnceLock::new();
    [
        BuiltIn {
            id: "vrfb",
            chain: VRFB_CHAIN_JSON,
            dataset: vrfb_dataset,
            regions: &VRFB,
        },
        BuiltIn {
            id: "vrfb-mini",
            chain: MINIMAL_CHAIN_JSON,
            dataset: minimal_dataset,
            regions: &MINIMAL,
        },
        BuiltIn {
            id: "li-ion-storage",
            chain: LI_ION_CHAIN_JSON,
            dataset: li_ion_dataset,
            regions: &LI_ION,
        },
    ]
};

/// The built-in template with this id.
/// The built-in template with this id (`vrfb`, `vrfb-mini`, `li-ion-storage`) and its
/// built-in dataset, as a graph; none for another template. A report of such a template
/// takes the names of its ids from there (`vrfb-chain diff`).
///
/// ```
/// use vrfb_chain::builtin;
/// let graph = builtin::graph_of_chain("vrfb").unwrap();
/// assert!(graph.region(builtin::DEFAULT_REGION).is_some());
/// assert!(builtin::graph_of_chain("my-chain").is_none());
/// ```
pub fn graph_of_chain(chain_id: &str) -> Option<KnowledgeGraph> {
    let b = built_in(chain_id)?;
    let chain = Chain::from_json_str(b.chain).ok()?;
    KnowledgeGraph::new(chain, (b.dataset)()).ok()
}

fn built_in(id: &str) -> Option<&'static BuiltIn> {
    BUILT_INS.iter().find(|b| b.id == id)
}

/// The built-in template that a dataset names in its `chain` field: the minimal, the
/// lithium-ion or (for any other name, or a document that does not say) the VRFB template.
/// ([`load`] and [`check_file`] refuse a dataset of another name read without a template.)
///
/// ```
/// use vrfb_chain::builtin;
/// let text = builtin::chain_json_for(builtin::LI_ION_DATASET_JSON.as_bytes());
/// assert_eq!(text, builtin::LI_ION_CHAIN_JSON);
/// assert_eq!(builtin::chain_json_for(b"not json"), builtin::VRFB_CHAIN_JSON);
/// ```
pub fn chain_json_for(dataset: &[u8]) -> &'static str {
    chain_named(crate::read::without_bom(dataset))
        .and_then(|id| chain_json_of(&id))
        .unwrap_or(VRFB_CHAIN_JSON)
}

/// The JSON of the built-in template of this id, if there is one.
fn chain_json_of(id: &str) -> Option<&'static str> {
    built_in(id).map(|b| b.chain)
}

/// The built-in template that a dataset read without a template of its own is checked
/// against: [`chain_json_for`], unless the dataset names a chain that is not built in.
/// Then every product and segment of the dataset would be unknown to the VRFB template, a
/// problem each, while the one thing to do is to give the template: that is the only
/// problem reported.
fn builtin_chain_for(dataset: &[u8]) -> crate::Result<&'static str> {
    let Some(id) = chain_named(crate::read::without_bom(dataset)) else {
        return Ok(VRFB_CHAIN_JSON);
    };
    chain_json_of(&id).ok_or_else(|| crate::Error::Invalid {
        file: None,
        document: crate::Document::Dataset,
        problems: vec![crate::Problem::new(
            "chain",
            format!(
                "dataset is written for chain `{}`, which is not built in ({}): give its \
                 template file (`--chain FILE`)",
                crate::error::shorten(&id),
                BUILT_INS
                    .iter()
                    .map(|b| format!("`{}`", b.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )],
    })
}

/// The top-level `chain` string of a document, read without reading what comes after it:
/// a national dataset is tens of megabytes, and its `chain` comes second.
fn chain_named(document: &[u8]) -> Option<String> {
    top_level_string(document, "chain")
}

/// What [`check_file`] found a valid file to be.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Checked {
    /// A chain template (`chain@1`), with its id.
    Chain(String),
    /// A dataset (`dataset@1`), valid against the template of that id.
    Dataset(String),
    /// A gap report (`gap-report@2`) of that region.
    Report(String),
    /// A scenario (`scenario@1`), with its name for people, that applies to the dataset
    /// it was checked against.
    Scenario(String),
    /// A report diff (`report-diff@1`) of that region.
    ReportDiff(String),
}

/// Checks one file against every rule of the spec, whatever it holds, as its top-level
/// `format` says: a chain template, a dataset (against `chain`, or else the built-in
/// template it names, as [`load`] reads it, which must be one) or a gap report. A file whose `format` is none
/// of these is read as a dataset, whose check then says what is wrong.
///
/// ```
/// use std::path::Path;
/// use vrfb_chain::builtin::{check_file, Checked};
/// let ok = check_file(Path::new("data/minimal.dataset.json"), None).unwrap();
/// assert_eq!(ok, Checked::Dataset("vrfb-mini".into()));
/// assert_eq!(check_file(Path::new("data/minimal.chain.json"), None).unwrap(), Checked::Chain("vrfb-mini".into()));
/// let err = check_file(Path::new("tests/bad/50-no-such-day.dataset.json"), None).unwrap_err();
/// assert!(err.lines()[0].contains("there is no such day"));
/// ```
///
/// # Errors
/// Every problem of the file, as the loaders give them, naming the file.
pub fn check_file(
    path: &std::path::Path,
    chain: Option<&std::path::Path>,
) -> crate::Result<Checked> {
    check_file_with(path, chain, None)
}

/// Checks one file as [`check_file`] does, a scenario (`scenario@1`) against the dataset
/// `dataset` (and `chain`), or the built-in data as [`load`] reads them: every problem of
/// the scenario at once ([`scenario::apply_path`](crate::scenario::apply_path)). A
/// report diff (`report-diff@1`) is checked for its shape
/// ([`ReportDiff::from_json_slice`](crate::analysis::ReportDiff::from_json_slice)).
///
/// ```
/// use std::path::Path;
/// use vrfb_chain::builtin::{check_file_with, Checked};
/// let minimal = Path::new("data/minimal.dataset.json");
/// let scenario = Path::new("data/scenario-stack-leshan.json");
/// let ok = check_file_with(scenario, None, None).unwrap();
/// assert!(matches!(ok, Checked::Scenario(name) if name.contains("stack maker")));
/// // Against the minimal dataset, which has neither Leshan nor Weilide.
/// let err = check_file_with(scenario, None, Some(minimal)).unwrap_err();
/// assert!(err.lines().iter().all(|l| l.starts_with("data/scenario-stack-leshan.json: scenario: ")));
/// assert!(err.lines()[0].contains("unknown region `cn-sc-leshan-hitech`"), "{:?}", err.lines());
/// ```
///
/// # Errors
/// Every problem of the file, naming it; for a scenario, the problems of the dataset
/// (and template) it is checked against when they do not load, naming them.
pub fn check_file_with(
    path: &std::path::Path,
    chain: Option<&std::path::Path>,
    dataset: Option<&std::path::Path>,
) -> crate::Result<Checked> {
    let bytes = crate::read::file(path)?;
    let format = top_level_string(crate::read::without_bom(&bytes), "format");
    // By the kind of document, whatever its version: a `gap-report@1` is an old report,
    // which the report's reader says, not a dataset with a dozen unknown fields.
    let kind = format.as_deref().and_then(|f| f.split('@').next());
    let is = |format_of: &str| kind.is_some() && kind == format_of.split('@').next();
    match format.as_deref() {
        _ if is(crate::scenario::SCENARIO_FORMAT) => {
            let graph = load(chain, dataset)?;
            crate::scenario::apply_slice(&graph, &bytes).map_err(|e| e.in_file(path))?;
            let name = crate::scenario::Scenario::from_slice(&bytes)
                .map(|s| s.name.display())
                .unwrap_or_default();
            Ok(Checked::Scenario(name))
        }
        _ if is(crate::analysis::DIFF_FORMAT) => {
            crate::analysis::ReportDiff::from_json_slice(&bytes)
                .map(|d| Checked::ReportDiff(d.region))
                .map_err(|e| e.in_file(path))
        }
        _ if is(crate::CHAIN_FORMAT) => Chain::from_slice(&bytes)
            .map(|c| Checked::Chain(c.id))
            .map_err(|e| advised(e, &bytes, &[]).in_file(path)),
        _ if is(crate::analysis::REPORT_FORMAT) => {
            crate::analysis::GapReport::from_json_slice(&bytes)
                .map(|r| Checked::Report(r.scope.region))
                .map_err(|e| e.in_file(path))
        }
        _ => {
            let chain_bytes: std::borrow::Cow<'_, [u8]> = match chain {
                Some(c) => crate::read::file(c)?.into(),
                None => builtin_chain_for(&bytes)
                    .map_err(|e| e.in_file(path))?
                    .as_bytes()
                    .into(),
            };
            KnowledgeGraph::from_json_slices(&chain_bytes, &bytes)
                .map(|g| Checked::Dataset(g.chain().id.clone()))
                .map_err(|e| advised(e, &chain_bytes, &bytes))
                .map_err(|e| match (e.document(), chain) {
                    (Some(crate::Document::Chain), Some(c)) => e.in_file(c),
                    (Some(crate::Document::Chain), None) => e,
                    _ => e.in_file(path),
                })
        }
    }
}

/// A document's problems with advice in words a planner can act on: for a dataset, what
/// a product id the template lacks may have meant (`电堆` is the name of `stack`;
/// `electrolite` is near `electrolyte`), which needs the template, read again only for a
/// dataset that failed; for a dataset or a template, what a mistyped region, firm,
/// organization, source, product or key may have meant, from the document's own records
/// ([`advise_references`](crate::scenario::advice::advise_references)). Suggestions of
/// near ids need the feature `suggest`.
fn advised(mut e: crate::Error, chain_bytes: &[u8], dataset_bytes: &[u8]) -> crate::Error {
    use crate::scenario::advice;
    let crate::Error::Invalid {
        document, problems, ..
    } = &mut e
    else {
        return e;
    };
    match document {
        crate::Document::Dataset => {
            // `电堆` is an invalid id too; the line that names the product says it all.
            advice::one_line_per_reference(problems);
            if let Ok(chain) = Chain::from_slice(chain_bytes) {
                advice::advise_products(problems, &chain);
            }
            advice::advise_references(problems, dataset_bytes);
        }
        crate::Document::Chain => advice::advise_references(problems, chain_bytes),
        _ => {}
    }
    e
}

/// The top-level string `key` of a JSON object, read without reading what comes after it.
fn top_level_string(document: &[u8], wanted: &str) -> Option<String> {
    use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

    struct Find<'a>(&'a mut Option<String>, &'a str);
    impl<'de> DeserializeSeed<'de> for Find<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Find<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<std::borrow::Cow<'_, str>>()? {
                if key == self.1 {
                    *self.0 = Some(map.next_value()?);
                    // Stop reading: the rest of the document is not needed.
                    return Err(A::Error::custom("found"));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let mut found = None;
    let mut de = serde_json::Deserializer::from_slice(document);
    // The error is the early stop, or a broken document: either way `found` says.
    let _ = Find(&mut found, wanted).deserialize(&mut de);
    found
}

/// Loads a graph from a template file and a dataset file, each optional: with no dataset,
/// the built-in VRFB dataset; with no template, the built-in template the dataset names
/// ([`chain_json_for`]). This is how the examples read their `--chain` and `--dataset`.
/// A dataset that names a chain that is not built in, read without a template, is one
/// problem: that the template must be given.
///
/// ```
/// use std::path::Path;
/// let graph = vrfb_chain::builtin::load(None, Some(Path::new("data/minimal.dataset.json"))).unwrap();
/// assert_eq!(graph.chain().id, "vrfb-mini");
/// let err = vrfb_chain::builtin::load(None, Some(Path::new("no-such-file.json"))).unwrap_err();
/// assert!(err.to_string().starts_with("no-such-file.json: read failed"));
/// ```
///
/// # Errors
/// As [`KnowledgeGraph::from_json_slices`], with advice for a product the template lacks
/// (the id of the product a name names, or the nearest ids; an invalid id at the same place
/// is not reported twice), and [`crate::Error::Io`] when a file cannot be read; [`crate::Error::Invalid`] when the template is not given and the dataset's chain
/// is not built in. Every error about a file names it.
pub fn load(
    chain: Option<&std::path::Path>,
    dataset: Option<&std::path::Path>,
) -> crate::Result<KnowledgeGraph> {
    load_with(chain, dataset, KnowledgeGraph::from_json_slices)
}

/// Loads a [`Registry`](crate::registry::Registry) as [`load`] loads a graph: the compact
/// store for gap analysis at a national scale. The files' bytes are freed before it returns.
///
/// ```
/// use std::path::Path;
/// let registry = vrfb_chain::builtin::load_registry(None, Some(Path::new("data/minimal.dataset.json"))).unwrap();
/// assert_eq!(registry.chain().id, "vrfb-mini");
/// ```
///
/// # Errors
/// As [`load`].
pub fn load_registry(
    chain: Option<&std::path::Path>,
    dataset: Option<&std::path::Path>,
) -> crate::Result<crate::registry::Registry> {
    load_with(chain, dataset, crate::registry::Registry::from_json_slices)
}

/// [`load_registry`], keeping every record as well
/// ([`Registry::from_json_slices_with_records`](crate::registry::Registry::from_json_slices_with_records)):
/// what the exports read, in about the file's size of memory.
///
/// ```
/// use std::path::Path;
/// let registry = vrfb_chain::builtin::load_registry_with_records(None, Some(Path::new("data/minimal.dataset.json"))).unwrap();
/// assert!(registry.has_records());
/// ```
///
/// # Errors
/// As [`load`].
pub fn load_registry_with_records(
    chain: Option<&std::path::Path>,
    dataset: Option<&std::path::Path>,
) -> crate::Result<crate::registry::Registry> {
    load_with(
        chain,
        dataset,
        crate::registry::Registry::from_json_slices_with_records,
    )
}

fn load_with<T>(
    chain: Option<&std::path::Path>,
    dataset: Option<&std::path::Path>,
    from_slices: fn(&[u8], &[u8]) -> crate::Result<T>,
) -> crate::Result<T> {
    let read = |path: &std::path::Path| crate::read::file(path);
    let dataset_bytes = match dataset {
        Some(path) => read(path)?,
        None => VRFB_DATASET_JSON.as_bytes().to_vec(),
    };
    let chain_bytes = match chain {
        Some(path) => read(path)?,
        None => match (builtin_chain_for(&dataset_bytes), dataset) {
            (Ok(json), _) => json.as_bytes().to_vec(),
            (Err(e), Some(path)) => return Err(e.in_file(path)),
            (Err(e), None) => return Err(e),
        },
    };
    from_slices(&chain_bytes, &dataset_bytes).map_err(|e| {
        let e = advised(e, &chain_bytes, &dataset_bytes);
        let file = match e.document() {
            Some(crate::Document::Chain) => chain,
            _ => dataset,
        };
        match file {
            Some(path) => e.in_file(path),
            None => e,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dataset_of_a_chain_that_is_not_built_in_needs_its_template() {
        let err = builtin_chain_for(br#"{"format": "dataset@1", "chain": "my-chain"}"#)
            .expect_err("not built in");
        assert_eq!(
            err.lines(),
            [
                "dataset: chain: dataset is written for chain `my-chain`, which is not built in \
              (`vrfb`, `vrfb-mini`, `li-ion-storage`): give its template file (`--chain FILE`)"
            ]
        );
        let minimal = builtin_chain_for(MINIMAL_DATASET_JSON.as_bytes()).expect("built in");
        assert_eq!(minimal, MINIMAL_CHAIN_JSON);
        // A dataset that names no chain, or is not JSON, is read against the VRFB template,
        // whose check says what is wrong.
        for document in [&br#"{"format": "dataset@1"}"#[..], b"not json"] {
            assert_eq!(builtin_chain_for(document).ok(), Some(VRFB_CHAIN_JSON));
        }
    }
}
