//! The rules of the data-format spec. Each check pushes a [`Problem`] with the JSON path of
//! the offending value; nothing stops at the first problem.

use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasher;

use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::DiGraph;

use crate::chain::{Chain, Name, Requirement};
use crate::dataset::{Dataset, Fact, Grade, LinkKind};
use crate::dataset::{PartyIndex, Reported};
use crate::error::Problem;
use crate::hash::{self, FxHashMap};

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

use crate::error::shorten;

/// Checks a name. `path` (the name's JSON path) is built only when there is a problem, so
/// that a valid document of 100k names formats none.
pub(crate) fn check_name(name: &Name, path: impl Fn() -> String, p: &mut Vec<Problem>) {
    match (&name.zh, &name.en) {
        (None, None) => p.push(Problem::new(path(), "name needs `zh` or `en`")),
        (zh, en) => {
            if zh.as_deref().is_some_and(str::is_empty) {
                p.push(Problem::new(format!("{}.zh", path()), "name is empty"));
            }
            if en.as_deref().is_some_and(str::is_empty) {
                p.push(Problem::new(format!("{}.en", path()), "name is empty"));
            }
        }
    }
}

/// Records `id` as first seen at `at`; a second sighting is a duplicate, reported at
/// `path()` and naming the first place as `first_path` writes it. Paths are built only
/// for a problem.
#[allow(clippy::too_many_arguments)]
fn check_unique<'a, V: Copy, S: BuildHasher>(
    seen: &mut HashMap<&'a str, V, S>,
    id: &'a str,
    at: V,
    what: &str,
    path: impl Fn() -> String,
    first_path: impl Fn(V) -> String,
    p: &mut Vec<Problem>,
) {
    if let Some(&first) = seen.get(id) {
        p.push(Problem::new(
            path(),
            format!(
                "duplicate {what} id `{}` (first at {})",
                shorten(id),
                first_path(first)
            ),
        ));
    } else {
        seen.insert(id, at);
    }
}

/// Every rule of the template.
pub(crate) fn chain(chain: &Chain) -> Vec<Problem> {
    let mut p = Vec::new();
    check_id(&chain.id, || "id".into(), &mut p);
    check_name(&chain.name, || "name".into(), &mut p);
    if chain.segments.is_empty() {
        p.push(Problem::new(
            "segments",
            "a template needs at least one segment",
        ));
    }
    // The position of the first segment and of the first product with each id.
    let mut segment_rank: HashMap<&str, usize> = HashMap::new();
    for (i, s) in chain.segments.iter().enumerate() {
        check_id(&s.id, || format!("segments[{i}].id"), &mut p);
        check_unique(
            &mut segment_rank,
            &s.id,
            i,
            "segment",
            || format!("segments[{i}].id"),
            |first| format!("segments[{first}].id"),
            &mut p,
        );
        check_name(&s.name, || format!("segments[{i}].name"), &mut p);
    }
    let mut product_index: HashMap<&str, usize> = HashMap::new();
    for (i, prod) in chain.products.iter().enumerate() {
        check_id(&prod.id, || format!("products[{i}].id"), &mut p);
        check_unique(
            &mut product_index,
            &prod.id,
            i,
            "product",
            || format!("products[{i}].id"),
            |first| format!("products[{first}].id"),
            &mut p,
        );
        if !segment_rank.contains_key(prod.segment.as_str()) {
            p.push(Problem::new(
                format!("products[{i}].segment"),
                format!("unknown segment `{}`", shorten(&prod.segment)),
            ));
        }
        check_name(&prod.name, || format!("products[{i}].name"), &mut p);
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
                                shorten(alt),
                                shorten(input_segment),
                                shorten(&prod.segment)
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
                .map(|&i| format!("`{}`", shorten(&chain.products[i].id)))
                .collect();
            p.push(Problem::new(
                format!("products[{}].inputs", cycle[0]),
                format!("input cycle between products {}", names.join(", ")),
            ));
        }
    }
    p
}

fn check_dates<F: Fact>(fact: &F, path: impl Fn() -> String, p: &mut Vec<Problem>) {
    if let (Some(since), Some(until)) = (fact.since(), fact.until()) {
        if until.cmp_day(&since).is_le() {
            p.push(Problem::new(
                format!("{}.until", path()),
                format!("until {until} must come after since {since}"),
            ));
        }
    }
}

/// Checks that each source id names a source, and gives the fact's evidence grade: the
/// best grade among its known sources (`None` when it has none).
fn check_sources(
    sources: &[String],
    known: &FxHashMap<&str, usize>,
    d: &Dataset,
    path: impl Fn() -> String,
    p: &mut Vec<Problem>,
) -> Option<Grade> {
    let mut best = None;
    for (k, s) in sources.iter().enumerate() {
        match known.get(s.as_str()) {
            Some(&i) => best = best.max(Some(d.sources[i].grade)),
            None => p.push(Problem::new(
                format!("{}.sources[{k}]", path()),
                format!("unknown source `{}`", shorten(s)),
            )),
        }
    }
    best
}

/// What an id of the firm-and-organization namespace names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Party {
    Firm,
    Organization,
}

impl Party {
    fn of(at: &PartyIndex) -> Party {
        match at {
            PartyIndex::Firm(_) => Party::Firm,
            PartyIndex::Organization(_) => Party::Organization,
        }
    }
}

/// Ids copied one after another into one string. The maps of validation are keyed by
/// slices of it, so that a lookup compares its key with bytes in a megabyte or two that
/// the cache holds, not with a string somewhere in the dataset's heap: at 100k firms a
/// third of validation's time went to those scattered reads.
struct IdArena {
    text: String,
    ends: Vec<usize>,
}

impl IdArena {
    fn new<'a>(ids: impl Iterator<Item = &'a str> + Clone) -> IdArena {
        let mut text = String::with_capacity(ids.clone().map(str::len).sum());
        let mut ends = Vec::with_capacity(ids.size_hint().0);
        for id in ids {
            text.push_str(id);
            ends.push(text.len());
        }
        IdArena { text, ends }
    }

    /// The `i`th id.
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

/// The references of a dataset resolved to positions while checking it, so that building
/// the graph does not look every id up a second time. Complete when there are no problems;
/// an unresolved reference holds a placeholder.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    /// The parent of each region.
    pub(crate) region_parent: Vec<Option<u32>>,
    /// The region of each firm.
    pub(crate) firm_region: Vec<u32>,
    /// The region of each organization, when it has one.
    pub(crate) organization_region: Vec<Option<u32>>,
    /// The two ends of each link.
    pub(crate) link_ends: Vec<(PartyIndex, PartyIndex)>,
    /// The evidence grade of each makes fact, firm after firm.
    pub(crate) fact_grade: Vec<Option<Grade>>,
}

/// Every rule of the dataset that does not need the template.
pub(crate) fn dataset(d: &Dataset, reported: &Reported) -> Vec<Problem> {
    dataset_resolved(d, reported).0
}

/// [`dataset`], and the references it resolved on the way.
pub(crate) fn dataset_resolved<'d>(
    d: &'d Dataset,
    reported: &Reported,
) -> (Vec<Problem>, Resolved) {
    let mut p = Vec::new();
    let mut resolved = Resolved {
        region_parent: Vec::with_capacity(d.regions.len()),
        firm_region: Vec::with_capacity(d.firms.len()),
        organization_region: Vec::with_capacity(d.organizations.len()),
        link_ends: Vec::with_capacity(d.links.len()),
        fact_grade: Vec::with_capacity(d.firms.iter().map(|f| f.makes.len()).sum()),
    };
    check_id(&d.chain, || "chain".into(), &mut p);

    // Each id maps to the position of its first sighting; JSON paths are built only for
    // problems.
    let source_ids = IdArena::new(d.sources.iter().map(|s| s.id.as_str()));
    let mut source_at: FxHashMap<&str, usize> = hash::map_with_capacity(d.sources.len());
    for (i, s) in d.sources.iter().enumerate() {
        check_id(&s.id, || format!("sources[{i}].id"), &mut p);
        check_unique(
            &mut source_at,
            source_ids.get(i),
            i,
            "source",
            || format!("sources[{i}].id"),
            |first| format!("sources[{first}].id"),
            &mut p,
        );
    }

    let region_ids = IdArena::new(d.regions.iter().map(|r| r.id.as_str()));
    let mut region_index: FxHashMap<&str, usize> = hash::map_with_capacity(d.regions.len());
    for (i, r) in d.regions.iter().enumerate() {
        check_id(&r.id, || format!("regions[{i}].id"), &mut p);
        check_unique(
            &mut region_index,
            region_ids.get(i),
            i,
            "region",
            || format!("regions[{i}].id"),
            |first| format!("regions[{first}].id"),
            &mut p,
        );
        check_name(&r.name, || format!("regions[{i}].name"), &mut p);
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
    resolved
        .region_parent
        .extend(parent.iter().map(|r| r.map(|r| r as u32)));

    // The first firm or organization with each id.
    let party_ids = IdArena::new(
        d.firms
            .iter()
            .map(|f| f.id.as_str())
            .chain(d.organizations.iter().map(|o| o.id.as_str())),
    );
    let mut party: FxHashMap<&str, PartyIndex> =
        hash::map_with_capacity(d.firms.len() + d.organizations.len());
    let party_path = |at: PartyIndex| match at {
        PartyIndex::Firm(i) => format!("firms[{i}].id"),
        PartyIndex::Organization(i) => format!("organizations[{i}].id"),
    };
    for (i, f) in d.firms.iter().enumerate() {
        let path = || format!("firms[{i}]");
        check_id(&f.id, || format!("{}.id", path()), &mut p);
        check_unique(
            &mut party,
            party_ids.get(i),
            PartyIndex::Firm(i as u32),
            "firm or organization",
            || format!("{}.id", path()),
            party_path,
            &mut p,
        );
        check_name(&f.name, || format!("{}.name", path()), &mut p);
        let region = region_index.get(f.region.as_str());
        resolved
            .firm_region
            .push(region.map_or(u32::MAX, |&r| r as u32));
        if !reported.firm_regions.contains(&i) && region.is_none() {
            p.push(Problem::new(
                format!("{}.region", path()),
                format!("unknown region `{}`", shorten(&f.region)),
            ));
        }
        for (k, tag) in f.tags.iter().enumerate() {
            if !is_valid_id(tag) {
                p.push(Problem::new(
                    format!("{}.tags[{k}]", path()),
                    format!(
                        "invalid tag `{}`: use 1-64 characters from a-z 0-9 - _ .",
                        shorten(tag)
                    ),
                ));
            }
        }
        for (j, m) in f.makes.iter().enumerate() {
            let mpath = || format!("firms[{i}].makes[{j}]");
            check_id(&m.product, || format!("{}.product", mpath()), &mut p);
            check_dates(m, mpath, &mut p);
            if let Some(c) = &m.capacity {
                if !(c.value.is_finite() && c.value >= 0.0) {
                    p.push(Problem::new(
                        format!("{}.capacity.value", mpath()),
                        format!("capacity must be a number ≥ 0, got {}", c.value),
                    ));
                }
            }
            let grade = check_sources(&m.sources, &source_at, d, mpath, &mut p);
            resolved.fact_grade.push(grade);
        }
        check_sources(&f.sources, &source_at, d, path, &mut p);
    }
    for (i, o) in d.organizations.iter().enumerate() {
        let path = || format!("organizations[{i}]");
        check_id(&o.id, || format!("{}.id", path()), &mut p);
        check_unique(
            &mut party,
            party_ids.get(d.firms.len() + i),
            PartyIndex::Organization(i as u32),
            "firm or organization",
            || format!("{}.id", path()),
            party_path,
            &mut p,
        );
        check_name(&o.name, || format!("{}.name", path()), &mut p);
        let region = o.region.as_ref().map(|r| region_index.get(r.as_str()));
        resolved
            .organization_region
            .push(region.map(|r| r.map_or(u32::MAX, |&r| r as u32)));
        if let Some(region) = &o.region {
            if !region_index.contains_key(region.as_str()) {
                p.push(Problem::new(
                    format!("{}.region", path()),
                    format!("unknown region `{}`", shorten(region)),
                ));
            }
        }
        check_sources(&o.sources, &source_at, d, path, &mut p);
    }

    // The duplicate rule compares (from, to, kind, product). The four are keyed as
    // numbers: an end by its position when it is a known id (each id has one) or else by
    // its place among the unknown ends, a product by its place among the products seen.
    // Equal numbers mean equal strings, and a 16-byte key makes the map of 300k links a
    // third of the size of one keyed by the strings, and its probes cheaper.
    let n_parties = (d.firms.len() + d.organizations.len()) as u32;
    let mut unknown_ends: FxHashMap<&'d str, u32> = hash::map_with_capacity(0);
    let mut products: FxHashMap<&'d str, u32> = hash::map_with_capacity(64);
    let mut link_at: FxHashMap<(u32, u32, LinkKind, u32), u32> =
        hash::map_with_capacity(d.links.len());
    for (i, l) in d.links.iter().enumerate() {
        let path = || format!("links[{i}]");
        let ends = (party.get(l.from.as_str()), party.get(l.to.as_str()));
        let mut end_code = |id: &'d str, at: Option<&PartyIndex>| match at {
            Some(PartyIndex::Firm(f)) => *f,
            Some(PartyIndex::Organization(o)) => d.firms.len() as u32 + o,
            None => {
                let next = n_parties + unknown_ends.len() as u32;
                *unknown_ends.entry(id).or_insert(next)
            }
        };
        let ends_code = (end_code(&l.from, ends.0), end_code(&l.to, ends.1));
        let unknown = PartyIndex::Firm(u32::MAX);
        resolved.link_ends.push((
            ends.0.copied().unwrap_or(unknown),
            ends.1.copied().unwrap_or(unknown),
        ));
        let (from, to) = (ends.0.map(Party::of), ends.1.map(Party::of));
        if from.is_none() {
            p.push(Problem::new(
                format!("{}.from", path()),
                format!("unknown firm or organization `{}`", shorten(&l.from)),
            ));
        }
        if to.is_none() {
            p.push(Problem::new(
                format!("{}.to", path()),
                format!("unknown firm or organization `{}`", shorten(&l.to)),
            ));
        }
        if l.from == l.to {
            p.push(Problem::new(
                path(),
                format!("link from `{}` to itself", shorten(&l.from)),
            ));
        }
        if let Some(product) = &l.product {
            check_id(product, || format!("{}.product", path()), &mut p);
        }
        if let Some(share) = l.share {
            if !(share > 0.0 && share <= 1.0) {
                p.push(Problem::new(
                    format!("{}.share", path()),
                    format!("share must be in (0, 1], got {share}"),
                ));
            }
        }
        if !reported.link_kinds.contains(&i) {
            let kind = l.kind;
            let need = |who: &str, got: Option<Party>, want: Party, side: &str| {
                (got.is_some() && got != Some(want)).then(|| {
                    Problem::new(
                        format!("{}.{side}", path()),
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
                            format!("{}.product", path()),
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
            let product = l.product.as_deref().map_or(0, |id| {
                let next = products.len() as u32 + 1;
                *products.entry(id).or_insert(next)
            });
            let key = (ends_code.0, ends_code.1, kind, product);
            if let Some(first) = link_at.get(&key) {
                p.push(Problem::new(
                    path(),
                    format!(
                        "duplicate {kind} link from `{}` to `{}` (first at links[{first}])",
                        shorten(&l.from),
                        shorten(&l.to)
                    ),
                ));
            } else if kind == LinkKind::PartnersWith {
                let reverse = (ends_code.1, ends_code.0, kind, product);
                if let Some(first) = link_at.get(&reverse) {
                    p.push(Problem::new(
                        path(),
                        format!(
                            "partners_with link between `{}` and `{}` stored twice (first at links[{first}]): store it once",
                            shorten(&l.from),
                            shorten(&l.to)
                        ),
                    ));
                } else {
                    link_at.insert(key, i as u32);
                }
            } else {
                link_at.insert(key, i as u32);
            }
        }
        check_dates(l, path, &mut p);
        check_sources(&l.sources, &source_at, d, path, &mut p);
    }
    (p, resolved)
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
        let mut names: Vec<String> = cycle.iter().map(|&i| shorten(&d.regions[i].id)).collect();
        names.push(names[0].clone());
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
