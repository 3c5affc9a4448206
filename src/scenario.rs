//! Scenarios (`scenario@1`): a hypothetical edit of a dataset — firms and links added,
//! firms, organizations and links removed — for the question "if this firm came here, or
//! that one closed, what would change?".
//!
//! Applying a scenario removes first (a removed firm or organization takes every link from
//! or to it along; a removed link is identified by `from`, `to`, `kind` and `product`),
//! then appends the added records, then validates the result like any dataset. Every
//! problem is reported at once, with its place in the scenario where it comes from the
//! scenario (`add.firms[0].makes[0].product`, `remove.firms[1]`). The added records are
//! read by the dataset's own reader, so each rule of the data format is written once.
//!
//! ```
//! use vrfb_chain::{analysis, builtin, scenario::Scenario};
//! let graph = builtin::minimal_graph();
//! let text = r#"{"format": "scenario@1", "name": {"en": "A membrane maker opens in zone A"},
//!   "add": {"firms": [{"id": "membrane-a", "region": "zone-a", "name": {"en": "Membrane A"},
//!                      "makes": [{"product": "membrane"}]}]}}"#;
//! let scenario = Scenario::from_slice(text.as_bytes()).unwrap();
//! let after = scenario.apply(&graph).unwrap();
//! let options = analysis::Options::default();
//! let report = analysis::gaps(&after, "zone-a", &options).unwrap();
//! assert!(report.products.iter().any(|p| p.product == "membrane" && p.local_makers == ["membrane-a"]));
//! ```

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::dataset::{Dataset, Firm, Link, LinkKind, Organization, Region, Source};
use crate::error::{Document, Problem};
use crate::graph::KnowledgeGraph;
use crate::name::Name;
use crate::problem::{Kind, Location, Step};
use crate::reader;
use crate::{Error, Result};

/// The `format` string of a scenario.
pub const SCENARIO_FORMAT: &str = "scenario@1";

/// Records a scenario adds, in the dataset's own format.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Additions {
    /// Sources added.
    pub sources: Vec<Source>,
    /// Regions added.
    pub regions: Vec<Region>,
    /// Firms added.
    pub firms: Vec<Firm>,
    /// Organizations added.
    pub organizations: Vec<Organization>,
    /// Links added.
    pub links: Vec<Link>,
}

/// A link to remove, identified by its ends, kind and product.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkKey {
    /// The `from` id.
    pub from: String,
    /// The `to` id.
    pub to: String,
    /// The kind.
    pub kind: LinkKind,
    /// The product; absent when the link has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
}

impl LinkKey {
    /// The key as borrowed parts, to look links up by.
    fn parts(&self) -> (&str, &str, LinkKind, Option<&str>) {
        (&self.from, &self.to, self.kind, self.product.as_deref())
    }
}

/// The key of a link, as [`LinkKey::parts`] gives it.
fn key_of(link: &Link) -> (&str, &str, LinkKind, Option<&str>) {
    (&link.from, &link.to, link.kind, link.product.as_deref())
}

/// What a scenario removes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Removals {
    /// Firm ids: each firm goes, with its links.
    #[serde(default)]
    pub firms: Vec<String>,
    /// Organization ids: each goes, with its links.
    #[serde(default)]
    pub organizations: Vec<String>,
    /// Links.
    #[serde(default)]
    pub links: Vec<LinkKey>,
}

/// A scenario: a name, records to add and records to remove. See the
/// [module documentation](self).
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// What the scenario supposes, for people.
    pub name: Name,
    /// The records it adds.
    pub add: Additions,
    /// The records it removes.
    pub remove: Removals,
}

/// The lengths of a dataset's lists, in the order of the scenario's `add` lists
/// (sources, regions, firms, organizations, links): where the records a scenario adds
/// begin in the dataset it makes.
fn list_lengths(data: &Dataset) -> [usize; 5] {
    [
        data.sources.len(),
        data.regions.len(),
        data.firms.len(),
        data.organizations.len(),
        data.links.len(),
    ]
}

/// What a scenario changes, in words: for the reports made with it.
impl Scenario {
    /// The note that marks a report of the data with this scenario (read from `file`)
    /// applied as a what-if, with what it adds and removes, so that nobody takes the
    /// report for the region as it is ([`render::write_markdown_with_note`](crate::render::write_markdown_with_note)).
    ///
    /// ```
    /// use vrfb_chain::{scenario::Scenario, Name};
    /// let mut s = Scenario::new(Name::new(None, Some("A stack maker comes")));
    /// s.remove.firms.push("old-firm".into());
    /// assert_eq!(
    ///     s.what_if_note("stack.json"),
    ///     "What-if, not the data as it is: this report is of the data with the scenario \
    ///      stack.json, “A stack maker comes”, applied, which adds nothing and removes 1 firm."
    /// );
    /// ```
    pub fn what_if_note(&self, file: &str) -> String {
        let name = self.name.display().replace(['\n', '\r'], " ");
        let name = if name.is_empty() {
            String::new()
        } else {
            format!(", “{name}”,")
        };
        format!(
            "What-if, not the data as it is: this report is of the data with the scenario \
             {file}{name} applied, which adds {} and removes {}.",
            changes(self.add.firms.len(), self.add.links.len()),
            changes(self.remove.firms.len(), self.remove.links.len()),
        )
    }

    /// [`Scenario::what_if_note`] in Chinese, for the page's Chinese view.
    ///
    /// ```
    /// use vrfb_chain::{scenario::Scenario, Name};
    /// let mut s = Scenario::new(Name::new(Some("一家电堆企业落户"), None));
    /// s.remove.firms.push("old-firm".into());
    /// assert_eq!(
    ///     s.what_if_note_zh("stack.json"),
    ///     "假设情景，并非现状：本报告的数据应用了情景 stack.json（一家电堆企业落户），未新增企业或关联，移除 1 家企业。"
    /// );
    /// ```
    pub fn what_if_note_zh(&self, file: &str) -> String {
        let name = self
            .name
            .zh
            .as_deref()
            .or(self.name.en.as_deref())
            .unwrap_or_default();
        let name = name.replace(['\n', '\r'], " ");
        let name = if name.is_empty() {
            String::new()
        } else {
            format!("（{name}）")
        };
        let (add, remove) = (&self.add, &self.remove);
        format!(
            "假设情景，并非现状：本报告的数据应用了情景 {file}{name}，{}，{}。",
            changes_zh("新增", add.firms.len(), add.links.len()),
            changes_zh("移除", remove.firms.len(), remove.links.len()),
        )
    }
}

/// `新增 1 家企业、2 条关联`, `未新增企业或关联`.
fn changes_zh(verb: &str, firms: usize, links: usize) -> String {
    let parts: Vec<String> = [(firms, "家企业"), (links, "条关联")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    if parts.is_empty() {
        format!("未{verb}企业或关联")
    } else {
        format!("{verb} {}", parts.join("、"))
    }
}

/// `1 firm and 2 links`, `3 firms`, `nothing`.
fn changes(firms: usize, links: usize) -> String {
    let count = |n: usize, what: &str| match n {
        0 => None,
        1 => Some(format!("1 {what}")),
        n => Some(format!("{n} {what}s")),
    };
    let parts: Vec<String> = [count(firms, "firm"), count(links, "link")]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        "nothing".to_string()
    } else {
        parts.join(" and ")
    }
}

use reader::scenario::LISTS;

pub(crate) mod advice;
mod apply;

/// The problem of a `format` that is not [`SCENARIO_FORMAT`], if it is not.
fn format_problem(format: Option<&str>) -> Option<Problem> {
    let format = format.filter(|&f| f != SCENARIO_FORMAT)?;
    Some(Problem::new(
        "format",
        format!("`{format}` is not `{SCENARIO_FORMAT}`"),
    ))
}

impl Removals {
    /// The removals as read.
    fn of(wire: reader::scenario::Removals) -> Removals {
        let links = wire.links.into_iter();
        Removals {
            firms: wire.firms,
            organizations: wire.organizations,
            links: links
                .map(|(from, to, kind, product)| LinkKey {
                    from,
                    to,
                    kind,
                    product,
                })
                .collect(),
        }
    }
}

/// Applies the scenario document `bytes` to the dataset of `graph` in one round: every
/// problem of the document at once, of its shape (unknown keys, values of the wrong type,
/// each with its line and column), of its records, of its removals and of the dataset it
/// makes, each at its place in the scenario, with advice on what to write where it helps
/// (the id of a firm, region or product written by its name; with the feature `suggest`,
/// the nearest ids to a mistyped one, see [`lookup::nearest`](crate::lookup::nearest)).
///
/// [`Scenario::from_slice`] then [`Scenario::apply`] do the same in two rounds: the
/// problems against the dataset come only once the document reads.
///
/// # Errors
/// [`Error::Json`] for broken JSON syntax; otherwise [`Error::Invalid`] (a
/// [`Document::Scenario`] error) with every problem, sorted by place.
///
/// # Complexity
/// O(n) expected time in the size of the dataset and the scenario, as [`Scenario::apply`].
///
/// ```
/// use vrfb_chain::{builtin, scenario};
/// let graph = builtin::minimal_graph();
/// let text = r#"{"format": "scenario@1", "name": {"en": "x"},
///   "add": {"firms": [{"id": "newco", "region": "甲高新区", "name": {"en": "New"}, "colour": 1}]},
///   "remove": {"firms": ["ghost"]}}"#;
/// let err = scenario::apply_slice(&graph, text.as_bytes()).unwrap_err();
/// assert_eq!(err.lines(), [
///     "scenario: add.firms[0] `newco`: unknown field `colour`, expected one of `id`, `name`, \
///      `region`, `tags`, `makes`, `sources`, `extra`; a field of your own goes under \
///      `extra`: `\"extra\": {\"colour\": …}` (line 2, column 78)",
///     "scenario: add.firms[0] `newco`: region: unknown region `甲高新区`; `甲高新区` is the \
///      name of region `zone-a`: write its id, `zone-a`",
///     "scenario: remove.firms[0]: no firm `ghost` in the dataset",
/// ]);
/// ```
pub fn apply_slice(graph: &KnowledgeGraph, bytes: &[u8]) -> Result<KnowledgeGraph> {
    apply::apply(graph, bytes)
}

/// Reads the scenario file at `path` and applies it to the dataset of `graph` in one
/// round, as [`apply_slice`]: every error names the file.
///
/// # Errors
/// [`Error::Io`] naming the file when it cannot be read, or as [`apply_slice`], with the
/// file named.
///
/// ```
/// use vrfb_chain::{builtin, scenario};
/// let graph = builtin::vrfb_graph();
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/scenario-stack-leshan.json");
/// let after = scenario::apply_path(&graph, path).unwrap();
/// assert_eq!(after.dataset().firms.len(), graph.dataset().firms.len() + 1);
/// let err = scenario::apply_path(&graph, "no-such-scenario.json").unwrap_err();
/// assert!(err.to_string().starts_with("no-such-scenario.json: read failed"), "{err}");
/// ```
pub fn apply_path(graph: &KnowledgeGraph, path: impl AsRef<Path>) -> Result<KnowledgeGraph> {
    let path = path.as_ref();
    let bytes = crate::read::file(path)?;
    apply_slice(graph, &bytes).map_err(|e| e.with_file(path))
}

/// Reads the scenario file at `path` once and applies it as [`apply_path`] does, giving
/// the scenario read with the graph it makes: what a what-if report needs to say what it
/// assumed ([`Scenario::what_if_note`]) without reading the file a second time, when it
/// may have changed.
///
/// # Errors
/// As [`apply_path`].
///
/// ```
/// use vrfb_chain::{builtin, scenario};
/// let graph = builtin::vrfb_graph();
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/scenario-stack-leshan.json");
/// let (read, after) = scenario::read_and_apply_path(&graph, path).unwrap();
/// assert_eq!(after.dataset().firms.len(), graph.dataset().firms.len() + read.add.firms.len());
/// assert!(read.what_if_note("s.json").contains("s.json"));
/// ```
pub fn read_and_apply_path(
    graph: &KnowledgeGraph,
    path: impl AsRef<Path>,
) -> Result<(Scenario, KnowledgeGraph)> {
    let path = path.as_ref();
    let bytes = crate::read::file(path)?;
    let in_file = |e: Error| e.with_file(path);
    let after = apply_slice(graph, &bytes).map_err(in_file)?;
    // It applied, so it reads.
    let read = Scenario::from_slice(&bytes).map_err(in_file)?;
    Ok((read, after))
}

impl Scenario {
    /// A scenario that adds nothing and removes nothing.
    ///
    /// ```
    /// use vrfb_chain::{builtin, scenario::Scenario, Name};
    /// let graph = builtin::minimal_graph();
    /// let same = Scenario::new(Name::new(None, Some("nothing"))).apply(&graph).unwrap();
    /// assert_eq!(same.dataset(), graph.dataset());
    /// ```
    pub fn new(name: Name) -> Scenario {
        Scenario {
            name,
            add: Additions::default(),
            remove: Removals::default(),
        }
    }

    /// Reads a scenario from its JSON.
    ///
    /// # Errors
    /// [`Error::Json`] for broken JSON syntax only; [`Error::Invalid`] for every other
    /// problem, all at once, each at its place in the scenario: values of the wrong type,
    /// unknown, repeated and missing keys (with their line and column), a wrong `format`,
    /// an empty `name`, and every problem the added records have on their own (an unknown
    /// status, a bad date). Problems that need the dataset (an
    /// unknown product, a duplicate id) come from [`Scenario::apply`].
    ///
    /// ```
    /// use vrfb_chain::scenario::Scenario;
    /// let err = Scenario::from_slice(br#"{"format": "scenario@1", "name": {"en": "x"},
    ///   "add": {"firms": [{"id": "a", "name": {"en": "A"}, "region": 7}]}}"#).unwrap_err();
    /// assert_eq!(err.lines(), [
    ///     "scenario: add.firms[0] `a`: region: invalid type: integer `7`, expected a string (line 2, column 64)",
    /// ]);
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Scenario> {
        let bytes = crate::read::without_bom(bytes);
        let text = std::str::from_utf8(bytes)
            .map_err(|e| reader::not_utf8(bytes, e.valid_up_to(), Document::Scenario))?;
        let (wire, mut problems) = reader::scenario::wire(text)?;
        problems.extend(format_problem(wire.format.as_deref()));
        let add = read_additions(bytes, &wire.add, &mut problems)?;
        if !problems.is_empty() {
            crate::problem::sort(&mut problems);
            return Err(scenario_error(problems));
        }
        let remove = Removals::of(wire.remove);
        Ok(Scenario {
            name: wire.name,
            add,
            remove,
        })
    }

    /// Reads a scenario file.
    ///
    /// # Errors
    /// [`Error::Io`] naming the file when it cannot be read, or as
    /// [`Scenario::from_slice`], with the file named.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Scenario> {
        let path = path.as_ref();
        let bytes = crate::read::file(path)?;
        Scenario::from_slice(&bytes).map_err(|e| e.with_file(path))
    }

    /// The dataset of `graph` with this scenario applied, validated against its template.
    ///
    /// # Errors
    /// [`Error::Invalid`] (a [`Document::Scenario`] error) with every problem at once: ids
    /// to remove that the dataset does not have (`remove.firms[0]`), problems of the added
    /// records (`add.firms[0].makes[0].product`), and any rule the edited dataset breaks.
    ///
    /// # Complexity
    /// O(n) expected time in the size of the dataset and the scenario: the result is
    /// validated and indexed whole, like any dataset.
    ///
    /// ```
    /// use vrfb_chain::{builtin, scenario::Scenario};
    /// let graph = builtin::minimal_graph();
    /// let s = Scenario::from_slice(br#"{"format": "scenario@1", "name": {"en": "x"},
    ///   "remove": {"firms": ["nobody"]}}"#).unwrap();
    /// let err = s.apply(&graph).unwrap_err();
    /// assert_eq!(err.lines(), ["scenario: remove.firms[0]: no firm `nobody` in the dataset"]);
    /// ```
    pub fn apply(&self, graph: &KnowledgeGraph) -> Result<KnowledgeGraph> {
        let mut data = graph.dataset().clone();
        let mut problems = self.check_removals(graph);
        self.remove_from(&mut data);
        let kept = list_lengths(&data);
        self.append_to(&mut data);
        let checked = KnowledgeGraph::new(graph.chain().clone(), data);
        match checked {
            Ok(after) if problems.is_empty() => Ok(after),
            Ok(_) => Err(scenario_error(problems)),
            Err(Error::Invalid {
                problems: found, ..
            }) => {
                problems.extend(found.iter().map(|p| unshift(p, &kept)));
                Err(scenario_error(problems))
            }
            Err(other) => Err(other),
        }
    }

    /// The removals that name nothing in the dataset of `graph`, with advice on what to
    /// write instead.
    fn check_removals(&self, graph: &KnowledgeGraph) -> Vec<Problem> {
        let data = graph.dataset();
        let firms: HashSet<&str> = data.firms.iter().map(|f| f.id.as_str()).collect();
        let orgs: HashSet<&str> = data.organizations.iter().map(|o| o.id.as_str()).collect();
        let mut labels = None;
        let mut advise = |id: &str| {
            let candidates =
                labels.get_or_insert_with(|| advice::labels(data, "firms", &Default::default()));
            advice::for_reference(id, "firm or organization", candidates)
        };
        let mut problems = Vec::new();
        let parties = [
            ("firms", "firm", &self.remove.firms, &firms, &orgs),
            (
                "organizations",
                "organization",
                &self.remove.organizations,
                &orgs,
                &firms,
            ),
        ];
        for (list, what, ids, here, there) in parties {
            for (i, id) in ids.iter().enumerate() {
                if here.contains(id.as_str()) {
                    continue;
                }
                let mut p = Problem::new(
                    format!("remove.{list}[{i}]"),
                    format!("no {what} `{id}` in the dataset"),
                );
                let (other, list) = if what == "firm" {
                    ("an organization", "organizations")
                } else {
                    ("a firm", "firms")
                };
                let hint = if there.contains(id.as_str()) {
                    Some(format!("it is {other}: remove it under `remove.{list}`"))
                } else {
                    advise(id)
                };
                if let Some(hint) = hint {
                    p = p.with_advice(hint);
                }
                problems.push(p);
            }
        }
        let links: HashSet<_> = data.links.iter().map(key_of).collect();
        for (i, key) in self.remove.links.iter().enumerate() {
            if links.contains(&key.parts()) {
                continue;
            }
            let product = key
                .product
                .as_deref()
                .map_or(String::new(), |p| format!(" of `{p}`"));
            let message = format!(
                "no `{}` link{product} from `{}` to `{}` in the dataset",
                key.kind.as_str(),
                key.from,
                key.to
            );
            let mut p = Problem::new(format!("remove.links[{i}]"), message);
            let hint = advice::for_link_removal(
                data,
                &key.from,
                &key.to,
                key.kind,
                key.product.as_deref(),
            )
            .or_else(|| {
                let ends = [("from", &key.from), ("to", &key.to)];
                let unknown = ends
                    .iter()
                    .filter(|(_, id)| !firms.contains(id.as_str()) && !orgs.contains(id.as_str()));
                let hints: Vec<String> = unknown
                    .filter_map(|(side, id)| advise(id).map(|h| format!("`{side}`: {h}")))
                    .collect();
                (!hints.is_empty()).then(|| hints.join("; "))
            });
            if let Some(hint) = hint {
                p = p.with_advice(hint);
            }
            problems.push(p);
        }
        problems
    }

    /// Removes the firms, organizations and links named, a party's links with it. An id
    /// under the wrong kind removes nothing (`check_removals` reports it).
    fn remove_from(&self, data: &mut Dataset) {
        let firms: HashSet<&str> = self.remove.firms.iter().map(String::as_str).collect();
        let orgs: HashSet<&str> = self
            .remove
            .organizations
            .iter()
            .map(String::as_str)
            .collect();
        let removed: HashSet<_> = self.remove.links.iter().map(LinkKey::parts).collect();
        let mut gone: HashSet<String> = HashSet::new();
        data.firms
            .retain(|f| !firms.contains(f.id.as_str()) || !gone.insert(f.id.clone()));
        data.organizations
            .retain(|o| !orgs.contains(o.id.as_str()) || !gone.insert(o.id.clone()));
        data.links.retain(|l| {
            !gone.contains(&l.from) && !gone.contains(&l.to) && !removed.contains(&key_of(l))
        });
    }

    fn append_to(&self, data: &mut Dataset) {
        let add = &self.add;
        data.sources.extend(add.sources.iter().cloned());
        data.regions.extend(add.regions.iter().cloned());
        data.firms.extend(add.firms.iter().cloned());
        data.organizations.extend(add.organizations.iter().cloned());
        data.links.extend(add.links.iter().cloned());
    }
}

fn scenario_error(problems: Vec<Problem>) -> Error {
    Error::Invalid {
        file: None,
        document: Document::Scenario,
        problems,
    }
}

/// A problem of the edited dataset, placed in the scenario when it is about an added
/// record (`firms[12].region` → `add.firms[2].region` when 10 firms were kept), and so is
/// the first of a repeated id or link it names.
fn unshift(p: &Problem, kept: &[usize; 5]) -> Problem {
    let at = unshift_location(p.location(), kept);
    match p.kind() {
        Kind::Duplicate { what, id, first } => {
            let first = unshift_location(first, kept);
            let kind = Kind::Duplicate {
                what,
                id: id.clone(),
                first,
            };
            Problem::at(at, kind)
        }
        Kind::DuplicateLink { first, .. } | Kind::PartnersTwice { first, .. } => {
            let message = p.kind().first_at(&link_place(*first, kept[4]));
            Problem::at(at, Kind::Other(message.unwrap_or_default()))
        }
        _ => {
            let mut p = p.clone();
            *p.location_mut() = at;
            p
        }
    }
}

/// Where link `i` of the edited dataset is: the dataset's, or the scenario's.
fn link_place(i: usize, kept: usize) -> String {
    match i.checked_sub(kept) {
        Some(added) => format!("add.links[{added}]"),
        None => format!("links[{i}] of the dataset"),
    }
}

/// [`unshift`] for a location.
fn unshift_location(location: &Location, kept: &[usize; 5]) -> Location {
    let mut location = location.clone();
    if let [Step::Key(list), Step::Index(i), ..] = location.steps() {
        if let Some(l) = LISTS.iter().position(|name| name == list) {
            if *i >= kept[l] {
                let i = *i - kept[l];
                location.steps_mut()[1] = Step::Index(i);
                location = location.under(&[Step::from("add")]);
            }
        }
    }
    location
}

/// Reads the added records with the dataset's reader, checking the rules of each record
/// on its own: their texts are put in a dataset document of their own, and the problems
/// found are placed at `add.…` in the scenario, with their line and column there.
fn read_additions(
    bytes: &[u8],
    lists: &[Vec<Box<RawValue>>; 5],
    problems: &mut Vec<Problem>,
) -> Result<Additions> {
    let mut doc = String::from("{");
    for (k, (name, records)) in LISTS.iter().zip(lists).enumerate() {
        if k > 0 {
            doc.push(',');
        }
        doc.push_str(&format!("\"{name}\":["));
        for (i, record) in records.iter().enumerate() {
            if i > 0 {
                doc.push(',');
            }
            doc.push_str(record.get());
        }
        doc.push(']');
    }
    doc.push('}');
    let options = reader::Options {
        template: None,
        keep: crate::reader::Keep::Dataset,
        rules: reader::Rules::Records,
    };
    match reader::read(doc.as_bytes(), options) {
        Ok(read) => {
            let data = read.dataset.unwrap_or_default();
            Ok(Additions {
                sources: data.sources,
                regions: data.regions,
                firms: data.firms,
                organizations: data.organizations,
                links: data.links,
            })
        }
        Err(Error::Invalid {
            problems: found, ..
        }) => {
            let mut found: Vec<Problem> = found
                .into_iter()
                .map(|mut p| {
                    let at = p.location().clone().under(&[Step::from("add")]);
                    *p.location_mut() = at;
                    p
                })
                .collect();
            let text = String::from_utf8_lossy(bytes);
            reader::locate::positions(&text, &mut found);
            problems.extend(found);
            Ok(Additions::default())
        }
        Err(other) => Err(other),
    }
}
