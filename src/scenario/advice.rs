//! What to do about a scenario's problems, in words a planner can act on: a name written
//! where an id belongs gets the id, a mistyped id the nearest ones ([`lookup::nearest`]).

use serde_json::value::RawValue;

use crate::dataset::{Dataset, LinkKind};
use crate::graph::KnowledgeGraph;
use crate::lookup::{self, Lookup, Named};
use crate::name::Name;
use crate::problem::{Kind, Problem};
use crate::reader::scenario::LISTS;

/// A thing a reference may name: its id, its name and what it is (`firm`, `region`).
pub(super) struct Label {
    id: String,
    name: Name,
    what: &'static str,
}

impl Named for Label {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &Name {
        &self.name
    }
}

impl Label {
    fn of<T: Named>(item: &T, what: &'static str) -> Label {
        Label {
            id: item.id().to_string(),
            name: item.name().clone(),
            what,
        }
    }

    /// `` `id` (name) ``.
    fn shown(&self) -> String {
        let name = self.name.display();
        if name.is_empty() {
            format!("`{}`", self.id)
        } else {
            format!("`{}` ({name})", self.id)
        }
    }
}

/// The things of one kind a reference may name: those of the dataset and those the
/// scenario adds (read loosely from their text: their `id` and `name`).
pub(super) fn labels(data: &Dataset, list: &str, add: &[Vec<Box<RawValue>>; 5]) -> Vec<Label> {
    let mut out: Vec<Label> = match list {
        "regions" => data
            .regions
            .iter()
            .map(|r| Label::of(r, "region"))
            .collect(),
        "sources" => data
            .sources
            .iter()
            .map(|s| Label {
                id: s.id.clone(),
                name: Name::default(),
                what: "source",
            })
            .collect(),
        _ => {
            let firms = data.firms.iter().map(|f| Label::of(f, "firm"));
            let orgs = data
                .organizations
                .iter()
                .map(|o| Label::of(o, "organization"));
            firms.chain(orgs).collect()
        }
    };
    let lists: &[(&str, &'static str)] = match list {
        "regions" => &[("regions", "region")],
        "sources" => &[("sources", "source")],
        _ => &[("firms", "firm"), ("organizations", "organization")],
    };
    for (list, what) in lists {
        let at = LISTS.iter().position(|l| l == list).unwrap_or(0);
        out.extend(add[at].iter().filter_map(|r| added_label(r, what)));
    }
    out
}

/// The id and name of an added record, when it has an id.
fn added_label(record: &RawValue, what: &'static str) -> Option<Label> {
    let value: serde_json::Value = serde_json::from_str(record.get()).ok()?;
    let id = value.get("id")?.as_str()?.to_string();
    let part = |key: &str| value.get("name")?.get(key)?.as_str().map(str::to_string);
    let name = Name {
        zh: part("zh"),
        en: part("en"),
    };
    Some(Label { id, name, what })
}

/// What to do about a reference `query` that names no `what` (`region`, `firm or
/// organization`, `product`): write the id of the thing it is the name of, or one of the
/// nearest; `None` when nothing comes near.
pub(super) fn for_reference(query: &str, what: &str, candidates: &[Label]) -> Option<String> {
    match lookup::find(candidates, query) {
        Lookup::Found(item) if item.id != query => {
            return Some(format!(
                "`{query}` is the name of {} `{}`: write its id, `{}`",
                item.what, item.id, item.id
            ))
        }
        Lookup::Ambiguous(items) => {
            let shown: Vec<String> = items.iter().map(|i| i.shown()).collect();
            return Some(format!(
                "{} {what}s are named `{query}`: write the id of the one you mean: {}",
                items.len(),
                shown.join(", ")
            ));
        }
        _ => {}
    }
    let near = lookup::nearest(candidates, query);
    let shown: Vec<String> = near.iter().map(|i| i.shown()).collect();
    match shown.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        many => Some(format!("did you mean one of {}?", many.join(", "))),
    }
}

/// Gives the problems about unknown references their advice.
pub(super) fn advise(
    problems: &mut [Problem],
    graph: &KnowledgeGraph,
    add: &[Vec<Box<RawValue>>; 5],
) {
    let data = graph.dataset();
    let mut regions = None;
    let mut parties = None;
    let mut sources = None;
    let mut products = None;
    for p in problems.iter_mut() {
        let advice = match p.kind() {
            Kind::Unknown { what, id } => {
                let (cache, list) = match *what {
                    "region" => (&mut regions, "regions"),
                    "source" => (&mut sources, "sources"),
                    _ => (&mut parties, "firms"),
                };
                let candidates = cache.get_or_insert_with(|| labels(data, list, add));
                let region = *what == "region";
                region
                    .then(|| region_name(&data.regions, id))
                    .flatten()
                    .or_else(|| for_reference(id, what, candidates))
                    .or_else(|| region.then(|| REGIONS_HINT.to_string()))
            }
            Kind::UnknownProduct { id, .. } => {
                let candidates = products.get_or_insert_with(|| {
                    let chain = graph.chain();
                    let labels = chain.products.iter().map(|p| Label::of(p, "product"));
                    labels.collect::<Vec<_>>()
                });
                for_reference(id, "product", candidates)
            }
            Kind::UnknownField { field, expected } => for_field(field, expected),
            _ => None,
        };
        if let Some(advice) = advice {
            *p = p.clone().with_advice(advice);
        }
    }
}

/// Where to look up a region's id when a scenario names none of the dataset's.
const REGIONS_HINT: &str = "`vrfb-chain regions` lists the regions with their ids \
    (with `--dataset FILE` for a dataset of your own)";

/// What to do about a key an object may not have: the key it may have that is nearest
/// (`sorces` is `sources`), or, where the object has an `extra`, to put it there.
pub(crate) fn for_field(field: &str, expected: &[&str]) -> Option<String> {
    let keys: Vec<Label> = expected
        .iter()
        .map(|key| Label {
            id: (*key).to_string(),
            name: Name::default(),
            what: "field",
        })
        .collect();
    // A key containing the one written is no typo of it (`x` is in `extra`).
    let typo = lookup::nearest(&keys, field)
        .into_iter()
        .find(|key| !key.id.contains(field) || key.id.len() <= field.len() + 2);
    match typo {
        Some(key) => Some(format!("did you mean `{}`?", key.id)),
        None if expected.contains(&"extra") => Some(format!(
            "a field of your own goes under `extra`: `\"extra\": {{\"{field}\": …}}`"
        )),
        None => None,
    }
}

/// The lists of a dataset document, each record's text kept to be read on its own.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Lists {
    regions: Vec<Box<RawValue>>,
    firms: Vec<Box<RawValue>>,
    organizations: Vec<Box<RawValue>>,
    sources: Vec<Box<RawValue>>,
    products: Vec<Box<RawValue>>,
    segments: Vec<Box<RawValue>>,
}

/// Gives the problems of a dataset or template about unknown regions, firms,
/// organizations, sources and (in a template) products and segments, and about unknown keys, their
/// advice: the id of the record a name names, or the nearest ids, from the records of the
/// `document` itself. The document is read again,
/// loosely (each record of a wrong shape left out), only when it did not load and one of
/// its problems is of these kinds: a valid document is still read once.
pub(crate) fn advise_references(problems: &mut [Problem], document: &[u8]) {
    for p in problems.iter_mut() {
        if let (Kind::UnknownField { field, expected }, None) = (p.kind(), p.advice()) {
            if let Some(advice) = for_field(field, expected) {
                *p = p.clone().with_advice(advice);
            }
        }
    }
    let unadvised = |p: &Problem| {
        let reference = matches!(
            p.kind(),
            Kind::Unknown { .. }
                | Kind::UnknownProduct { .. }
                | Kind::UnknownInput(_)
                | Kind::UnknownSegment(_)
        );
        reference && p.advice().is_none()
    };
    if !problems.iter().any(unadvised) {
        return;
    }
    let document = crate::read::without_bom(document);
    let Ok(lists) = serde_json::from_slice::<Lists>(document) else {
        return;
    };
    let loose = |list: &[Box<RawValue>], what| -> Vec<Label> {
        list.iter().filter_map(|r| added_label(r, what)).collect()
    };
    let regions = loose(&lists.regions, "region");
    let sources = loose(&lists.sources, "source");
    let products = loose(&lists.products, "product");
    let segments = loose(&lists.segments, "segment");
    let mut parties = loose(&lists.firms, "firm");
    parties.extend(loose(&lists.organizations, "organization"));
    for p in problems.iter_mut().filter(|p| unadvised(p)) {
        let advice = match p.kind() {
            Kind::Unknown { what, id } => match *what {
                "region" => region_name(&regions, id).or_else(|| for_reference(id, what, &regions)),
                "source" => for_reference(id, what, &sources),
                _ => for_reference(id, what, &parties),
            },
            Kind::UnknownProduct { id, .. } | Kind::UnknownInput(id) => {
                for_reference(id, "product", &products)
            }
            Kind::UnknownSegment(id) => for_reference(id, "segment", &segments),
            _ => None,
        };
        if let Some(advice) = advice {
            *p = p.clone().with_advice(advice);
        }
    }
}

/// Gives the problems about products the template lacks their advice: the id of the
/// product a name names (`电堆` is `stack`), or the nearest ids. For a dataset file, whose
/// reader knows the template's ids but not what a planner may have meant by another.
pub(crate) fn advise_products(problems: &mut [Problem], chain: &crate::chain::Chain) {
    let mut products = None;
    for p in problems.iter_mut() {
        let Kind::UnknownProduct { id, .. } = p.kind() else {
            continue;
        };
        if p.advice().is_some() {
            continue;
        }
        let candidates = products.get_or_insert_with(|| {
            let labels = chain.products.iter().map(|p| Label::of(p, "product"));
            labels.collect::<Vec<_>>()
        });
        if let Some(advice) = for_reference(id, "product", candidates) {
            *p = p.clone().with_advice(advice);
        }
    }
}

/// Leaves out an invalid id where the same place names nothing either (`电堆` written
/// for `stack`): the unknown reference, with its advice, says it all, in one line.
pub(crate) fn one_line_per_reference(problems: &mut Vec<Problem>) {
    let unknown: std::collections::HashSet<Vec<crate::problem::Step>> = problems
        .iter()
        .filter(|p| matches!(p.kind(), Kind::Unknown { .. } | Kind::UnknownProduct { .. }))
        .map(|p| p.location().steps().to_vec())
        .collect();
    problems.retain(|p| {
        !matches!(p.kind(), Kind::InvalidId(_)) || !unknown.contains(p.location().steps())
    });
}

/// The region a Chinese name without its suffix names (`乐山` for `乐山市`), as the
/// command line finds it, when it is not the id itself.
fn region_name<T: Named>(regions: &[T], query: &str) -> Option<String> {
    match lookup::find_region(regions, query) {
        Lookup::Found(r) if r.id() != query => Some(format!(
            "`{query}` is the name of region `{}`: write its id, `{}`",
            r.id(),
            r.id()
        )),
        _ => None,
    }
}

/// What to do about a link removal that names no link: the products of the links of its
/// kind between its ends, when it has none or another; `None` when there are none.
pub(super) fn for_link_removal(
    data: &Dataset,
    from: &str,
    to: &str,
    kind: LinkKind,
    product: Option<&str>,
) -> Option<String> {
    let mut products: Vec<&str> = data
        .links
        .iter()
        .filter(|l| l.from == from && l.to == to && l.kind == kind)
        .filter_map(|l| l.product.as_deref())
        .collect();
    products.sort_unstable();
    products.dedup();
    let kind = kind.as_str();
    match (product, products.as_slice()) {
        (_, []) => None,
        (None, [one]) => Some(format!(
            "the dataset's `{kind}` link from `{from}` to `{to}` is of `{one}`: \
             write `\"product\": \"{one}\"` in the removal"
        )),
        (None, many) => Some(format!(
            "the dataset's `{kind}` links from `{from}` to `{to}` are of {}: write the \
             product of the one to remove (`\"product\": \"{}\"`), one removal per link",
            quoted(many),
            many[0]
        )),
        (Some(_), some) => Some(format!(
            "the dataset's `{kind}` links from `{from}` to `{to}` are of {}",
            quoted(some)
        )),
    }
}

fn quoted(ids: &[&str]) -> String {
    let q: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
    q.join(", ")
}

#[cfg(test)]
mod tests {
    use super::for_field;

    const FIRM_KEYS: &[&str] = &["id", "name", "region", "tags", "makes", "sources", "extra"];

    #[test]
    fn a_key_of_ones_own_goes_under_extra() {
        let extra = "a field of your own goes under `extra`: `\"extra\": {\"employees\": …}`";
        assert_eq!(for_field("employees", FIRM_KEYS).as_deref(), Some(extra));
        // `x` is part of `extra`, not a typo of it.
        assert!(for_field("x", FIRM_KEYS).is_some_and(|a| a.contains("goes under `extra`")));
        // An object without `extra` has nothing to offer for a key far from its own.
        assert_eq!(for_field("employees", &["from", "to", "kind"]), None);
    }

    #[cfg(feature = "suggest")]
    #[test]
    fn a_mistyped_key_gets_the_key_meant() {
        assert_eq!(
            for_field("sorces", FIRM_KEYS).as_deref(),
            Some("did you mean `sources`?")
        );
        assert_eq!(
            for_field("regoin", FIRM_KEYS).as_deref(),
            Some("did you mean `region`?")
        );
    }
}
