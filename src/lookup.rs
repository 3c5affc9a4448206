//! Finding regions and firms by what people call them: an id (`cn-sc-leshan-hitech`), a
//! Chinese name (`乐山高新区`) or an English one (`Leshan High-tech Zone`).
//!
//! A query names one thing when it is its id, or else when exactly one thing has it as its
//! Chinese or English name, compared without regard to case or surrounding and repeated
//! white space. Anything else is [`Lookup::Ambiguous`] (the things it could mean) or
//! [`Lookup::NotFound`]; [`matching`] then gives the things whose id or name contains the
//! query, which is what a person who typed part of a name wants to see.
//!
//! ```
//! use vrfb_chain::lookup::Lookup;
//! let graph = vrfb_chain::builtin::minimal_graph();
//! for query in ["zone-a", "甲高新区", "zone a"] {
//!     match graph.find_region(query) {
//!         Lookup::Found(region) => assert_eq!(region.id, "zone-a"),
//!         other => panic!("{query}: {other:?}"),
//!     }
//! }
//! assert!(matches!(graph.find_region("atlantis"), Lookup::NotFound));
//! ```

use crate::chain::Product;
use crate::dataset::{Firm, Organization, Region};
use crate::graph::KnowledgeGraph;
use crate::name::Name;

/// Something with an id and a name: a region, a firm, an organization, a product.
pub trait Named {
    /// Its id.
    fn id(&self) -> &str;
    /// Its name.
    fn name(&self) -> &Name;
}

impl Named for Region {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &Name {
        &self.name
    }
}

impl Named for Firm {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &Name {
        &self.name
    }
}

impl Named for Organization {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &Name {
        &self.name
    }
}

impl Named for Product {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &Name {
        &self.name
    }
}

/// What a query names.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup<'a, T> {
    /// Exactly one thing.
    Found(&'a T),
    /// Several things have that name; they are listed by id.
    Ambiguous(Vec<&'a T>),
    /// Nothing has that id or name.
    NotFound,
}

/// The text as names are compared: lowercase, white space trimmed and collapsed to one
/// space. (Ids are compared as they are: they are lowercase and have no spaces.)
///
/// ```
/// assert_eq!(vrfb_chain::lookup::normalize("  Leshan   High-tech ZONE "), "leshan high-tech zone");
/// ```
pub fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The texts a thing is known by: its id, then its Chinese and English names, as given.
///
/// ```
/// use vrfb_chain::lookup::labels;
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let zone = graph.region("zone-a").unwrap();
/// assert_eq!(labels(zone), ["zone-a", "甲高新区", "Zone A"]);
/// ```
pub fn labels<T: Named>(item: &T) -> Vec<&str> {
    let name = item.name();
    std::iter::once(item.id())
        .chain(name.zh.as_deref())
        .chain(name.en.as_deref())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The thing `query` names among `items`: by id first, then by name (see the
/// [module documentation](self)).
///
/// # Complexity
/// O(n · L) time for n items of names of length L; O(1) space beyond the matches.
///
/// ```
/// use vrfb_chain::lookup::{find, Lookup};
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let firms = &graph.dataset().firms;
/// assert!(matches!(find(firms, "示例链主"), Lookup::Found(f) if f.id == "leader"));
/// assert!(matches!(find(firms, "EXAMPLE MINER"), Lookup::Found(f) if f.id == "minerco"));
/// assert!(matches!(find(firms, "Example"), Lookup::NotFound));
/// ```
pub fn find<'a, T: Named>(items: &'a [T], query: &str) -> Lookup<'a, T> {
    let query = query.trim();
    if let Some(item) = items.iter().find(|i| i.id() == query) {
        return Lookup::Found(item);
    }
    let wanted = normalize(query);
    if wanted.is_empty() {
        return Lookup::NotFound;
    }
    let found: Vec<&T> = items
        .iter()
        .filter(|i| {
            let name = i.name();
            [name.zh.as_deref(), name.en.as_deref()]
                .into_iter()
                .flatten()
                .any(|n| normalize(n) == wanted)
        })
        .collect();
    by_id(found)
}

/// The administrative suffixes of Chinese region names, longest first: 省, 市, 区, 县 and
/// the rest.
pub const ADMIN_SUFFIXES: &[&str] = &[
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
];

/// A Chinese region name without its administrative suffix, if it has one and keeps two
/// characters or more.
///
/// ```
/// use vrfb_chain::lookup::without_admin_suffix;
/// assert_eq!(without_admin_suffix("四川省"), Some("四川"));
/// assert_eq!(without_admin_suffix("乐山高新区"), Some("乐山高新"));
/// assert_eq!(without_admin_suffix("市"), None);
/// assert_eq!(without_admin_suffix("Sichuan"), None);
/// ```
pub fn without_admin_suffix(name: &str) -> Option<&str> {
    ADMIN_SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .filter(|rest| rest.chars().count() >= 2)
}

/// The region `query` names: as [`find`], or else, when that finds nothing, the one region
/// whose Chinese name without its administrative suffix is the query without its own
/// (`四川` for `四川省`, `乐山` for `乐山市`); several such regions are
/// [`Lookup::Ambiguous`].
///
/// # Complexity
/// O(n · L) time for n regions of names of length L.
///
/// ```
/// use vrfb_chain::lookup::{find_region, Lookup};
/// let graph = vrfb_chain::builtin::vrfb_graph();
/// let regions = &graph.dataset().regions;
/// assert!(matches!(find_region(regions, "四川"), Lookup::Found(r) if r.id == "cn-sc"));
/// assert!(matches!(find_region(regions, "乐山"), Lookup::Found(r) if r.id == "cn-sc-leshan"));
/// assert!(matches!(find_region(regions, "乐山高新"), Lookup::Found(r) if r.id == "cn-sc-leshan-hitech"));
/// ```
pub fn find_region<'a, T: Named>(regions: &'a [T], query: &str) -> Lookup<'a, T> {
    match find(regions, query) {
        Lookup::NotFound => {}
        found => return found,
    }
    let wanted = normalize(query);
    let wanted = without_admin_suffix(&wanted).unwrap_or(&wanted);
    let found: Vec<&T> = regions
        .iter()
        .filter(|r| {
            let zh = r.name().zh.as_deref().map(normalize);
            zh.as_deref().and_then(without_admin_suffix) == Some(wanted)
        })
        .collect();
    by_id(found)
}

/// What the records `found` are to a lookup: none, one, or several in the order of their
/// ids.
fn by_id<T: Named>(mut found: Vec<&T>) -> Lookup<'_, T> {
    found.sort_by(|a, b| a.id().cmp(b.id()));
    match found.len() {
        0 => Lookup::NotFound,
        1 => Lookup::Found(found[0]),
        _ => Lookup::Ambiguous(found),
    }
}

/// The items whose id or name contains `query` (compared as [`normalize`] does), by id; all
/// of them for an empty query.
///
/// # Complexity
/// O(n · L) time for n items of names of length L, and O(m log m) to sort the m matches.
///
/// ```
/// use vrfb_chain::lookup::matching;
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let ids: Vec<&str> = matching(&graph.dataset().regions, "city").iter().map(|r| r.id.as_str()).collect();
/// assert_eq!(ids, ["city-a", "city-b"]);
/// let ids: Vec<&str> = matching(&graph.dataset().regions, "乙").iter().map(|r| r.id.as_str()).collect();
/// assert_eq!(ids, ["city-b", "province-b"]);
/// ```
pub fn matching<'a, T: Named>(items: &'a [T], query: &str) -> Vec<&'a T> {
    let wanted = normalize(query);
    let mut found: Vec<&T> = items
        .iter()
        .filter(|i| labels(*i).iter().any(|l| normalize(l).contains(&wanted)))
        .collect();
    found.sort_by(|a, b| a.id().cmp(b.id()));
    found
}

/// How many items [`nearest`] suggests at most.
pub const MOST_SUGGESTED: usize = 5;

/// The items a mistyped `query` may have meant, best first, at most [`MOST_SUGGESTED`]:
/// those whose id or name contains it ([`matching`]), then the closest by edit distance
/// (Jaro-Winkler of the [`normalize`]d texts ≥ 0.8, or a Levenshtein distance ≤ 2 that is at
/// most a third of the query's characters, so that a short query suggests nothing unlike
/// it: `四川` is two edits from `at`), ties by id.
///
/// The edit distances come from the `strsim` crate, behind the crate feature `suggest`
/// (on with `cli` and `sheets`). **Without that feature `nearest` suggests nothing**: it
/// returns an empty list, so that the library's default build needs no more crates.
///
/// # Complexity
/// O(n · L²) time for n items of names of length L, and O(m log m) to sort the m near ones.
///
/// ```
/// use vrfb_chain::lookup::nearest;
/// let graph = vrfb_chain::builtin::minimal_graph();
/// let regions = &graph.dataset().regions;
/// let ids: Vec<&str> = nearest(regions, "zone-b").iter().map(|r| r.id.as_str()).collect();
/// if cfg!(feature = "suggest") {
///     assert_eq!(ids, ["zone-a"]);
///     assert!(nearest(regions, "xy").is_empty());
/// } else {
///     assert!(ids.is_empty());
/// }
/// ```
pub fn nearest<'a, T: Named>(items: &'a [T], query: &str) -> Vec<&'a T> {
    #[cfg(feature = "suggest")]
    {
        near_by_distance(items, query)
    }
    #[cfg(not(feature = "suggest"))]
    {
        let _ = (items, query);
        Vec::new()
    }
}

#[cfg(feature = "suggest")]
fn near_by_distance<'a, T: Named>(items: &'a [T], query: &str) -> Vec<&'a T> {
    let wanted = normalize(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    let wanted_len = wanted.chars().count();
    let mut near: Vec<&T> = matching(items, query);
    near.truncate(MOST_SUGGESTED);
    let mut scored: Vec<(u32, &str, &T)> = items
        .iter()
        .filter(|i| !near.iter().any(|n| n.id() == i.id()))
        .filter_map(|i| {
            let best = labels(i)
                .iter()
                .filter_map(|l| {
                    let l = normalize(l);
                    let jw = strsim::jaro_winkler(&l, &wanted);
                    let lev = strsim::levenshtein(&l, &wanted);
                    // Two edits in a short text leave nothing of it: `四川` is two edits
                    // from `at` (Austria).
                    if (lev <= 2 && lev * 3 <= wanted_len) || jw >= 0.8 {
                        // Rank by similarity, highest first, as an integer for a total order.
                        Some(1000 - (jw * 1000.0) as u32)
                    } else {
                        None
                    }
                })
                .min()?;
            Some((best, i.id(), i))
        })
        .collect();
    scored.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let room = MOST_SUGGESTED - near.len();
    near.extend(scored.into_iter().map(|s| s.2).take(room));
    near
}

impl KnowledgeGraph {
    /// The region `query` names: its id, or its Chinese or English name, or its Chinese
    /// name without its administrative suffix ([`find_region`]).
    ///
    /// ```
    /// use vrfb_chain::lookup::Lookup;
    /// let graph = vrfb_chain::builtin::vrfb_graph();
    /// for query in ["cn-sc-leshan-hitech", "乐山高新区", "Leshan High-tech Zone"] {
    ///     assert!(matches!(graph.find_region(query), Lookup::Found(r) if r.id == "cn-sc-leshan-hitech"));
    /// }
    /// ```
    pub fn find_region(&self, query: &str) -> Lookup<'_, Region> {
        find_region(&self.dataset().regions, query)
    }

    /// The firm `query` names: its id, or its Chinese or English name.
    ///
    /// ```
    /// use vrfb_chain::lookup::Lookup;
    /// let graph = vrfb_chain::builtin::minimal_graph();
    /// assert!(matches!(graph.find_firm("Example Stack Co."), Lookup::Found(f) if f.id == "stackco"));
    /// ```
    pub fn find_firm(&self, query: &str) -> Lookup<'_, Firm> {
        find(&self.dataset().firms, query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(id: &str, zh: Option<&str>, en: Option<&str>) -> Region {
        Region {
            id: id.to_string(),
            kind: crate::RegionKind::City,
            name: Name::new(zh, en),
            parent: None,
        }
    }

    #[test]
    fn a_shared_name_is_ambiguous_and_lists_both_by_id() {
        let regions = [
            region("b-city", Some("新城"), Some("New Town")),
            region("a-city", None, Some("new  town")),
            region("c-city", Some("旧城"), None),
        ];
        match find(&regions, "New Town") {
            Lookup::Ambiguous(found) => {
                let ids: Vec<&str> = found.iter().map(|r| r.id.as_str()).collect();
                assert_eq!(ids, ["a-city", "b-city"]);
            }
            other => panic!("{other:?}"),
        }
        // An id wins over a name.
        assert!(matches!(find(&regions, " c-city "), Lookup::Found(r) if r.id == "c-city"));
        assert!(matches!(find(&regions, ""), Lookup::NotFound));
        assert_eq!(matching(&regions, "城").len(), 2);
    }
}
