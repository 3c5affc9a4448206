//! The rules of the data-format spec. Each check pushes a [`Problem`] with the JSON path of
//! the offending value; nothing stops at the first problem.

use std::collections::{BTreeSet, HashMap};

use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::DiGraph;

use crate::chain::{Chain, Name, Requirement};
use crate::dataset::{Dataset, Fact, LinkKind};
use crate::error::Problem;

/// The longest id the spec allows.
pub const MAX_ID_LEN: usize = 64;

/// Whether `id` is a valid id: 1–64 characters from `a-z 0-9 - _ .`.
///
/// ```
/// use vrfb_chain::is_valid_id;
/// assert!(is_valid_id("cn-sc-leshan-hitech"));
/// assert!(is_valid_id("v2o5"));
/// assert!(!is_valid_id("Weilide"));
/// assert!(!is_valid_id(""));
/// assert!(!is_valid_id(&"a".repeat(65)));
/// ```
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.'))
}

fn check_id(id: &str, path: impl FnOnce() -> String, p: &mut Vec<Problem>) {
    if !is_valid_id(id) {
        p.push(Problem::new(
            path(),
            format!(
                "invalid id `{}`: use 1-64 characters from a-z 0-9 - _ .",
                shorten(id)
            ),
        ));
    }
}

/// Shortens a value for a message, so that a megabyte-long id does not make a megabyte-long
/// error.
fn shorten(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}…")
    }
}

fn check_name(name: &Name, path: &str, p: &mut Vec<Problem>) {
    match (&name.zh, &name.en) {
        (None, None) => p.push(Problem::new(path, "name needs `zh` or `en`")),
        (zh, en) => {
            if zh.as_deref().is_some_and(str::is_empty) {
                p.push(Problem::new(format!("{path}.zh"), "name is empty"));
            }
            if en.as_deref().is_some_and(str::is_empty) {
                p.push(Problem::new(format!("{path}.en"), "name is empty"));
            }
        }
    }
}

/// Records `id` as seen at `path`; a second sighting is a duplicate.
fn check_unique<'a>(
    seen: &mut HashMap<&'a str, String>,
    id: &'a str,
    what: &str,
    path: impl Fn() -> String,
    p: &mut Vec<Problem>,
) {
    if let Some(first) = seen.get(id) {
        p.push(Problem::new(
            path(),
            format!("duplicate {what} id `{}` (first at {first})", shorten(id)),
        ));
    } else {
        seen.insert(id, path());
    }
}

/// Every rule of the template.
pub(crate) fn chain(chain: &Chain) -> Vec<Problem> {
    let mut p = Vec::new();
    check_id(&chain.id, || "id".into(), &mut p);
    check_name(&chain.name, "name", &mut p);
    if chain.segments.is_empty() {
        p.push(Problem::new(
            "segments",
            "a template needs at least one segment",
        ));
    }
    let mut segment_at: HashMap<&str, String> = HashMap::new();
    let mut segment_rank: HashMap<&str, usize> = HashMap::new();
    for (i, s) in chain.segments.iter().enumerate() {
        check_id(&s.id, || format!("segments[{i}].id"), &mut p);
        check_unique(
            &mut segment_at,
            &s.id,
            "segment",
            || format!("segments[{i}].id"),
            &mut p,
        );
        segment_rank.entry(&s.id).or_insert(i);
        check_name(&s.name, &format!("segments[{i}].name"), &mut p);
    }
    let mut product_at: HashMap<&str, String> = HashMap::new();
    let mut product_index: HashMap<&str, usize> = HashMap::new();
    for (i, prod) in chain.products.iter().enumerate() {
        check_id(&prod.id, || format!("products[{i}].id"), &mut p);
        check_unique(
            &mut product_at,
            &prod.id,
            "product",
            || format!("products[{i}].id"),
            &mut p,
        );
        product_index.entry(&prod.id).or_insert(i);
        if !segment_rank.contains_key(prod.segment.as_str()) {
            p.push(Problem::new(
                format!("products[{i}].segment"),
                format!("unknown segment `{}`", shorten(&prod.segment)),
            ));
        }
        check_name(&prod.name, &format!("products[{i}].name"), &mut p);
    }
    let mut inputs: DiGraph<(), ()> = DiGraph::with_capacity(chain.products.len(), 0);
    for _ in &chain.products {
        inputs.add_node(());
    }
    for (i, prod) in chain.products.iter().enumerate() {
        let own_rank = segment_rank.get(prod.segment.as_str()).copied();
        for (k, req) in prod.inputs.iter().enumerate() {
            if let Requirement::AnyOf(ids) = req {
                if ids.is_empty() {
                    p.push(Problem::new(
                        format!("products[{i}].inputs[{k}]"),
                        "empty requirement: list at least one alternative",
                    ));
                }
            }
            let many = matches!(req, Requirement::AnyOf(_));
            let mut in_requirement = BTreeSet::new();
            for (a, alt) in req.alternatives().iter().enumerate() {
                let path = || {
                    if many {
                        format!("products[{i}].inputs[{k}][{a}]")
                    } else {
                        format!("products[{i}].inputs[{k}]")
                    }
                };
                if !in_requirement.insert(alt.as_str()) {
                    p.push(Problem::new(
                        path(),
                        format!("requirement repeats `{}`", shorten(alt)),
                    ));
                    continue;
                }
                if alt == &prod.id {
                    p.push(Problem::new(
                        path(),
                        format!("product `{}` lists itself as an input", shorten(alt)),
                    ));
                    continue;
                }
                let Some(&j) = product_index.get(alt.as_str()) else {
                    p.push(Problem::new(
                        path(),
                        format!("unknown product `{}`", shorten(alt)),
                    ));
                    continue;
                };
                inputs.update_edge(
                    petgraph::graph::NodeIndex::new(j),
                    petgraph::graph::NodeIndex::new(i),
                    (),
                );
                let input_segment = &chain.products[j].segment;
                if let (Some(own), Some(theirs)) =
                    (own_rank, segment_rank.get(input_segment.as_str()))
                {
                    if *theirs > own {
                        p.push(Problem::new(
                            path(),
                            format!(
                                "input `{}` is in segment `{}`, downstream of `{}`",
                                alt, input_segment, prod.segment
                            ),
                        ));
                    }
                }
            }
        }
    }
    if toposort(&inputs, None).is_err() {
        let mut cycles: Vec<Vec<usize>> = tarjan_scc(&inputs)
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let mut c: Vec<usize> = c.into_iter().map(|n| n.index()).collect();
                c.sort_unstable();
                c
            })
            .collect();
        cycles.sort();
        for cycle in cycles {
            let names: Vec<String> = cycle
                .iter()
                .map(|&i| format!("`{}`", chain.products[i].id))
                .collect();
            p.push(Problem::new(
                format!("products[{}].inputs", cycle[0]),
                format!("input cycle between products {}", names.join(", ")),
            ));
        }
    }
    p
}

fn check_dates<F: Fact>(fact: &F, path: &str, p: &mut Vec<Problem>) {
    if let (Some(since), Some(until)) = (fact.since(), fact.until()) {
        if until.cmp_day(&since).is_le() {
            p.push(Problem::new(
                format!("{path}.until"),
                format!("until {until} must come after since {since}"),
            ));
        }
    }
}

fn check_sources(
    sources: &[String],
    known: &HashMap<&str, String>,
    path: &str,
    p: &mut Vec<Problem>,
) {
    for (k, s) in sources.iter().enumerate() {
        if !known.contains_key(s.as_str()) {
            p.push(Problem::new(
                format!("{path}.sources[{k}]"),
                format!("unknown source `{}`", shorten(s)),
            ));
        }
    }
}

/// What an id of the firm-and-organization namespace names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Party {
    Firm,
    Organization,
}

/// Problems already reported while reading a document, so that validation does not report
/// their consequences again.
#[derive(Debug, Default)]
pub(crate) struct Reported {
    /// Links whose kind did not parse: their kind rules are not checked.
    pub(crate) link_kinds: BTreeSet<usize>,
    /// Firms with no `region` field.
    pub(crate) firm_regions: BTreeSet<usize>,
}

/// Every rule of the dataset that does not need the template.
pub(crate) fn dataset(d: &Dataset, reported: &Reported) -> Vec<Problem> {
    let mut p = Vec::new();
    check_id(&d.chain, || "chain".into(), &mut p);

    let mut source_at: HashMap<&str, String> = HashMap::with_capacity(d.sources.len());
    for (i, s) in d.sources.iter().enumerate() {
        check_id(&s.id, || format!("sources[{i}].id"), &mut p);
        check_unique(
            &mut source_at,
            &s.id,
            "source",
            || format!("sources[{i}].id"),
            &mut p,
        );
    }

    let mut region_at: HashMap<&str, String> = HashMap::with_capacity(d.regions.len());
    let mut region_index: HashMap<&str, usize> = HashMap::with_capacity(d.regions.len());
    for (i, r) in d.regions.iter().enumerate() {
        check_id(&r.id, || format!("regions[{i}].id"), &mut p);
        check_unique(
            &mut region_at,
            &r.id,
            "region",
            || format!("regions[{i}].id"),
            &mut p,
        );
        region_index.entry(&r.id).or_insert(i);
        check_name(&r.name, &format!("regions[{i}].name"), &mut p);
    }
    // Parent of each region, as an index; unknown parents and self-parents are reported
    // here and left out of the cycle search.
    let mut parent: Vec<Option<usize>> = vec![None; d.regions.len()];
    for (i, r) in d.regions.iter().enumerate() {
        if let Some(par) = &r.parent {
            match region_index.get(par.as_str()) {
                None => p.push(Problem::new(
                    format!("regions[{i}].parent"),
                    format!("unknown region `{}`", shorten(par)),
                )),
                Some(&j) if j == i => p.push(Problem::new(
                    format!("regions[{i}].parent"),
                    format!("region `{}` is its own parent", shorten(par)),
                )),
                Some(&j) => parent[i] = Some(j),
            }
        }
    }
    region_cycles(d, &parent, &mut p);

    let mut party_at: HashMap<&str, String> =
        HashMap::with_capacity(d.firms.len() + d.organizations.len());
    let mut party: HashMap<&str, Party> =
        HashMap::with_capacity(d.firms.len() + d.organizations.len());
    for (i, f) in d.firms.iter().enumerate() {
        let path = format!("firms[{i}]");
        check_id(&f.id, || format!("{path}.id"), &mut p);
        check_unique(
            &mut party_at,
            &f.id,
            "firm or organization",
            || format!("{path}.id"),
            &mut p,
        );
        party.entry(&f.id).or_insert(Party::Firm);
        check_name(&f.name, &format!("{path}.name"), &mut p);
        if !reported.firm_regions.contains(&i) && !region_at.contains_key(f.region.as_str()) {
            p.push(Problem::new(
                format!("{path}.region"),
                format!("unknown region `{}`", shorten(&f.region)),
            ));
        }
        for (k, tag) in f.tags.iter().enumerate() {
            if !is_valid_id(tag) {
                p.push(Problem::new(
                    format!("{path}.tags[{k}]"),
                    format!(
                        "invalid tag `{}`: use 1-64 characters from a-z 0-9 - _ .",
                        shorten(tag)
                    ),
                ));
            }
        }
        for (j, m) in f.makes.iter().enumerate() {
            let mpath = format!("{path}.makes[{j}]");
            check_id(&m.product, || format!("{mpath}.product"), &mut p);
            check_dates(m, &mpath, &mut p);
            if let Some(c) = &m.capacity {
                if !(c.value.is_finite() && c.value >= 0.0) {
                    p.push(Problem::new(
                        format!("{mpath}.capacity.value"),
                        format!("capacity must be a number ≥ 0, got {}", c.value),
                    ));
                }
            }
            check_sources(&m.sources, &source_at, &mpath, &mut p);
        }
        check_sources(&f.sources, &source_at, &path, &mut p);
    }
    for (i, o) in d.organizations.iter().enumerate() {
        let path = format!("organizations[{i}]");
        check_id(&o.id, || format!("{path}.id"), &mut p);
        check_unique(
            &mut party_at,
            &o.id,
            "firm or organization",
            || format!("{path}.id"),
            &mut p,
        );
        party.entry(&o.id).or_insert(Party::Organization);
        check_name(&o.name, &format!("{path}.name"), &mut p);
        if let Some(region) = &o.region {
            if !region_at.contains_key(region.as_str()) {
                p.push(Problem::new(
                    format!("{path}.region"),
                    format!("unknown region `{}`", shorten(region)),
                ));
            }
        }
        check_sources(&o.sources, &source_at, &path, &mut p);
    }

    let mut link_at: HashMap<(&str, &str, LinkKind, Option<&str>), usize> =
        HashMap::with_capacity(d.links.len());
    for (i, l) in d.links.iter().enumerate() {
        let path = format!("links[{i}]");
        let from = party.get(l.from.as_str()).copied();
        let to = party.get(l.to.as_str()).copied();
        if from.is_none() {
            p.push(Problem::new(
                format!("{path}.from"),
                format!("unknown firm or organization `{}`", shorten(&l.from)),
            ));
        }
        if to.is_none() {
            p.push(Problem::new(
                format!("{path}.to"),
                format!("unknown firm or organization `{}`", shorten(&l.to)),
            ));
        }
        if l.from == l.to {
            p.push(Problem::new(
                path.clone(),
                format!("link from `{}` to itself", shorten(&l.from)),
            ));
        }
        if let Some(product) = &l.product {
            check_id(product, || format!("{path}.product"), &mut p);
        }
        if let Some(share) = l.share {
            if !(share > 0.0 && share <= 1.0) {
                p.push(Problem::new(
                    format!("{path}.share"),
                    format!("share must be in (0, 1], got {share}"),
                ));
            }
        }
        if !reported.link_kinds.contains(&i) {
            let kind = l.kind;
            let need = |who: &str, got: Option<Party>, want: Party, side: &str| {
                (got.is_some() && got != Some(want)).then(|| {
                    Problem::new(
                        format!("{path}.{side}"),
                        format!(
                            "`{}` is {}: the `{side}` of {} {kind} link must be {}",
                            shorten(who),
                            match got {
                                Some(Party::Firm) => "a firm",
                                _ => "an organization",
                            },
                            if kind.as_str().starts_with('o') {
                                "an"
                            } else {
                                "a"
                            },
                            match want {
                                Party::Firm => "a firm",
                                Party::Organization => "an organization",
                            },
                        ),
                    )
                })
            };
            match kind {
                LinkKind::Supplies => {
                    p.extend(need(&l.from, from, Party::Firm, "from"));
                    p.extend(need(&l.to, to, Party::Firm, "to"));
                    if l.product.is_none() {
                        p.push(Problem::new(
                            format!("{path}.product"),
                            format!(
                                "supplies link from `{}` to `{}` needs a product",
                                shorten(&l.from),
                                shorten(&l.to)
                            ),
                        ));
                    }
                }
                LinkKind::Owns | LinkKind::TransfersTechnology => {
                    p.extend(need(&l.to, to, Party::Firm, "to"));
                }
                LinkKind::MemberOf => {
                    p.extend(need(&l.to, to, Party::Organization, "to"));
                }
                LinkKind::PartnersWith => {}
            }
            let key = (l.from.as_str(), l.to.as_str(), kind, l.product.as_deref());
            if let Some(first) = link_at.get(&key) {
                p.push(Problem::new(
                    path.clone(),
                    format!(
                        "duplicate {kind} link from `{}` to `{}` (first at links[{first}])",
                        shorten(&l.from),
                        shorten(&l.to)
                    ),
                ));
            } else if kind == LinkKind::PartnersWith {
                let reverse = (l.to.as_str(), l.from.as_str(), kind, l.product.as_deref());
                if let Some(first) = link_at.get(&reverse) {
                    p.push(Problem::new(
                        path.clone(),
                        format!(
                            "partners_with link between `{}` and `{}` stored twice (first at links[{first}]): store it once",
                            shorten(&l.from),
                            shorten(&l.to)
                        ),
                    ));
                } else {
                    link_at.insert(key, i);
                }
            } else {
                link_at.insert(key, i);
            }
        }
        check_dates(l, &path, &mut p);
        check_sources(&l.sources, &source_at, &path, &mut p);
    }
    p
}

/// Finds each cycle of the parent relation once, reported at its first region.
fn region_cycles(d: &Dataset, parent: &[Option<usize>], p: &mut Vec<Problem>) {
    // 0 = unvisited, 1 = on the current walk, 2 = done.
    let mut state = vec![0u8; parent.len()];
    let mut found: Vec<Vec<usize>> = Vec::new();
    for start in 0..parent.len() {
        let mut walk = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    let from = walk.iter().position(|&w| w == i).unwrap_or(0);
                    found.push(walk[from..].to_vec());
                    break;
                }
                _ => {
                    state[i] = 1;
                    walk.push(i);
                    at = parent[i];
                }
            }
        }
        for w in walk {
            state[w] = 2;
        }
    }
    for cycle in &mut found {
        // Start the cycle at its first region in document order, keeping its direction.
        let min = cycle
            .iter()
            .enumerate()
            .min_by_key(|(_, &r)| r)
            .map_or(0, |(k, _)| k);
        cycle.rotate_left(min);
    }
    found.sort();
    for cycle in found {
        let mut names: Vec<&str> = cycle.iter().map(|&i| d.regions[i].id.as_str()).collect();
        names.push(names[0]);
        p.push(Problem::new(
            format!("regions[{}].parent", cycle[0]),
            format!("region cycle: {}", names.join(" → ")),
        ));
    }
}

/// The rules that tie a dataset to its template.
pub(crate) fn against(chain: &Chain, d: &Dataset) -> Vec<Problem> {
    let mut p = Vec::new();
    if d.chain != chain.id {
        p.push(Problem::new(
            "chain",
            format!(
                "dataset is written for chain `{}`, but the template is `{}`",
                shorten(&d.chain),
                chain.id
            ),
        ));
    }
    let products: BTreeSet<&str> = chain.products.iter().map(|p| p.id.as_str()).collect();
    for (i, f) in d.firms.iter().enumerate() {
        for (j, m) in f.makes.iter().enumerate() {
            if !products.contains(m.product.as_str()) {
                p.push(Problem::new(
                    format!("firms[{i}].makes[{j}].product"),
                    format!(
                        "unknown product `{}` (not in chain `{}`)",
                        shorten(&m.product),
                        chain.id
                    ),
                ));
            }
        }
    }
    for (i, l) in d.links.iter().enumerate() {
        if let Some(product) = &l.product {
            if !products.contains(product.as_str()) {
                p.push(Problem::new(
                    format!("links[{i}].product"),
                    format!(
                        "unknown product `{}` (not in chain `{}`)",
                        shorten(product),
                        chain.id
                    ),
                ));
            }
        }
    }
    p
}

/// Orders problems as the document is: by top-level section, then by the indices along
/// the path. The sort is stable, so problems of one value keep the order they were found in.
pub(crate) fn sort_problems(problems: &mut [Problem]) {
    const SECTIONS: [&str; 13] = [
        "format",
        "chain",
        "as_of",
        "id",
        "name",
        "segments",
        "products",
        "sources",
        "regions",
        "firms",
        "organizations",
        "links",
        "",
    ];
    problems.sort_by_cached_key(|pr| {
        let head = pr.path.split(['.', '[']).next().unwrap_or_default();
        let rank = SECTIONS
            .iter()
            .position(|s| *s == head)
            .unwrap_or(SECTIONS.len());
        let indices: Vec<usize> = pr
            .path
            .split('[')
            .skip(1)
            .filter_map(|s| s.split(']').next()?.parse().ok())
            .collect();
        (rank, indices)
    });
}
