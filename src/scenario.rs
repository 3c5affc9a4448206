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
use crate::problem::Step;
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
        if let Some(format) = wire.format.as_deref().filter(|&f| f != SCENARIO_FORMAT) {
            problems.push(Problem::new(
                "format",
                format!("`{format}` is not `{SCENARIO_FORMAT}`"),
            ));
        }
        let add = read_additions(bytes, &wire.add, &mut problems)?;
        if !problems.is_empty() {
            crate::problem::sort(&mut problems);
            return Err(scenario_error(problems));
        }
        let links = wire.remove.links.into_iter();
        let remove = Removals {
            firms: wire.remove.firms,
            organizations: wire.remove.organizations,
            links: links
                .map(|(from, to, kind, product)| LinkKey {
                    from,
                    to,
                    kind,
                    product,
                })
                .collect(),
        };
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
        let mut problems = self.check_removals(&data);
        self.remove_from(&mut data);
        let kept = [
            data.sources.len(),
            data.regions.len(),
            data.firms.len(),
            data.organizations.len(),
            data.links.len(),
        ];
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

    /// The removals that name nothing in `data`.
    fn check_removals(&self, data: &Dataset) -> Vec<Problem> {
        let firms: HashSet<&str> = data.firms.iter().map(|f| f.id.as_str()).collect();
        let orgs: HashSet<&str> = data.organizations.iter().map(|o| o.id.as_str()).collect();
        let mut problems = Vec::new();
        for (i, id) in self.remove.firms.iter().enumerate() {
            if !firms.contains(id.as_str()) {
                let hint = if orgs.contains(id.as_str()) {
                    "; it is an organization: remove it under `remove.organizations`"
                } else {
                    ""
                };
                let message = format!("no firm `{id}` in the dataset{hint}");
                problems.push(Problem::new(format!("remove.firms[{i}]"), message));
            }
        }
        for (i, id) in self.remove.organizations.iter().enumerate() {
            if !orgs.contains(id.as_str()) {
                let hint = if firms.contains(id.as_str()) {
                    "; it is a firm: remove it under `remove.firms`"
                } else {
                    ""
                };
                let message = format!("no organization `{id}` in the dataset{hint}");
                problems.push(Problem::new(format!("remove.organizations[{i}]"), message));
            }
        }
        let links: HashSet<_> = data.links.iter().map(key_of).collect();
        for (i, key) in self.remove.links.iter().enumerate() {
            if !links.contains(&key.parts()) {
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
                problems.push(Problem::new(format!("remove.links[{i}]"), message));
            }
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
/// record (`firms[12].region` → `add.firms[2].region` when 10 firms were kept).
fn unshift(p: &Problem, kept: &[usize; 5]) -> Problem {
    let mut p = p.clone();
    let location = p.location_mut();
    if let [Step::Key(list), Step::Index(i), ..] = location.steps() {
        if let Some(l) = LISTS.iter().position(|name| name == list) {
            if *i >= kept[l] {
                let i = *i - kept[l];
                location.steps_mut()[1] = Step::Index(i);
                *location = location.clone().under(&[Step::from("add")]);
            }
        }
    }
    p
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
