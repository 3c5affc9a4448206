//! A scenario's document applied in one round: its shape, its records and what it does to
//! the dataset checked together, by the dataset's own reader, so that a planner sees every
//! problem of the file at once.

use serde_json::value::RawValue;

use super::{advice, scenario_error, unshift, Removals, Scenario};
use crate::dataset::Dataset;
use crate::error::Document;
use crate::graph::KnowledgeGraph;
use crate::problem::{Kind, Problem, Step};
use crate::reader::{self, scenario::LISTS};
use crate::{Error, Result};

/// Applies the scenario document `bytes` to `graph`; see [`super::apply_slice`].
pub(super) fn apply(graph: &KnowledgeGraph, bytes: &[u8]) -> Result<KnowledgeGraph> {
    let bytes = crate::read::without_bom(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| reader::not_utf8(bytes, e.valid_up_to(), Document::Scenario))?;
    let (wire, mut problems) = reader::scenario::wire(text)?;
    problems.extend(super::format_problem(wire.format.as_deref()));
    let removal = Scenario {
        name: wire.name,
        add: Default::default(),
        remove: Removals::of(wire.remove),
    };
    problems.extend(removal.check_removals(graph));
    let mut data = graph.dataset().clone();
    removal.remove_from(&mut data);
    let kept = super::list_lengths(&data);
    let doc = edited_document(&data, &wire.add)?;
    drop(data);
    let options = reader::Options {
        template: Some(graph.chain()),
        keep: reader::Keep::Dataset,
        rules: reader::Rules::All,
    };
    match reader::read(doc.as_bytes(), options) {
        Ok(read) if problems.is_empty() => {
            let dataset = read.dataset.unwrap_or_default();
            return Ok(KnowledgeGraph::build(
                graph.chain().clone(),
                dataset,
                read.store,
            ));
        }
        Ok(_) => {}
        Err(Error::Invalid {
            problems: found, ..
        }) => {
            // Placed in the scenario's text: the edited document's lines are not the
            // planner's.
            problems.extend(found.iter().map(|p| {
                let mut p = clash(p, &kept, graph).unwrap_or_else(|| unshift(p, &kept));
                let at = p.location().clone().without_position();
                *p.location_mut() = at;
                p
            }));
        }
        Err(other) => return Err(other),
    }
    reader::locate::positions(text, &mut problems);
    advice::one_line_per_reference(&mut problems);
    advice::advise(&mut problems, graph, &wire.add);
    crate::problem::sort(&mut problems);
    Err(scenario_error(problems))
}

/// An added record whose id the dataset has already (the reader says it repeats the
/// dataset's record), said in the planner's terms, or `None` for any other problem.
fn clash(p: &Problem, kept: &[usize; 5], graph: &KnowledgeGraph) -> Option<Problem> {
    let Kind::Duplicate { what, id, first } = p.kind() else {
        return None;
    };
    let [Step::Key(list), Step::Index(i), ..] = first.steps() else {
        return None;
    };
    let l = LISTS.iter().position(|name| name == list)?;
    if *i >= kept[l] {
        return None;
    }
    let data = graph.dataset();
    let (kind, name, remove) = match list.as_ref() {
        "firms" => ("firm", data.firms.get(*i).map(|f| &f.name), "firms"),
        "organizations" => (
            "organization",
            data.organizations.get(*i).map(|o| &o.name),
            "organizations",
        ),
        "regions" => ("region", data.regions.get(*i).map(|r| &r.name), ""),
        _ => (*what, None, ""),
    };
    let shown = name.map(|n| n.display()).filter(|n| !n.is_empty());
    let shown = shown.map_or(String::new(), |n| format!(" ({n})"));
    let message = format!("id `{id}` is taken: the dataset has the {kind} `{id}`{shown}");
    let mut advice = String::from("give the added record an id of its own");
    if !remove.is_empty() {
        advice.push_str(&format!(
            ", or replace the dataset's: list `{id}` under `remove.{remove}` too"
        ));
    }
    let at = unshift(p, kept).location().clone();
    Some(Problem::at(at, Kind::Other(message)).with_advice(advice))
}

/// The dataset after the removals with the added records' texts appended, as one
/// dataset document for the reader: the kept records serialized, the added ones as the
/// scenario writes them (so that their type errors, unknown and repeated keys are found
/// by the same rules as in a dataset file).
fn edited_document(data: &Dataset, add: &[Vec<Box<RawValue>>; 5]) -> Result<String> {
    let json = |e| Error::json(Document::Dataset, e);
    let mut doc = String::from("{\"format\":\"dataset@1\",\"chain\":");
    doc.push_str(&serde_json::to_string(&data.chain).map_err(json)?);
    if let Some(as_of) = data.as_of {
        doc.push_str(",\"as_of\":");
        doc.push_str(&serde_json::to_string(&as_of).map_err(json)?);
    }
    let kept = [
        serde_json::to_string(&data.sources),
        serde_json::to_string(&data.regions),
        serde_json::to_string(&data.firms),
        serde_json::to_string(&data.organizations),
        serde_json::to_string(&data.links),
    ];
    for ((name, kept), added) in LISTS.iter().zip(kept).zip(add) {
        let mut list = kept.map_err(json)?;
        if !added.is_empty() {
            // `[…]` without its `]`, then the added records.
            list.pop();
            for record in added {
                if list.len() > 1 {
                    list.push(',');
                }
                list.push_str(record.get());
            }
            list.push(']');
        }
        doc.push_str(&format!(",\"{name}\":{list}"));
    }
    doc.push('}');
    Ok(doc)
}
