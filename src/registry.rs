//! A compact, read-only store of a template and a dataset, for gap analysis of national
//! registries.
//!
//! A [`KnowledgeGraph`] keeps the whole documents (every name, note, source and `extra`)
//! so that they can be queried, edited, exported and saved. At a national scale that costs
//! several times the file's size in memory. A [`Registry`] keeps only what the gap
//! analysis reads: ids, regions, and each makes fact and link as a few numbers. It reads
//! the dataset in one pass, checking every rule of the data format on the way, and never
//! holds the document's values as owned strings.
//!
//! The reports are those of [`analysis::gaps`], byte for byte: one
//! implementation of the spec runs on both stores. A document the one-pass reader does not
//! accept, because it breaks a rule or uses a form it leaves to the full loader (a `null`
//! where a field may be left out), is read again by [`KnowledgeGraph::from_json_slices`]:
//! a bad document gets exactly its errors, and a good one is never refused.
//!
//! Memory: about 1.4 times the document while it is read (the document included), then
//! about a fifth of it (28 bytes a link, 20 a makes fact, the ids once: 15 MB for the
//! 100k-firm synthetic registry of 69.5 MB). A document over 4 GB is read by the full
//! loader (positions are 32-bit).
//! From 4 MB, when the document ends with its `links` (as the generator's and the built-in
//! data do), they are read on a second thread. BENCHMARKS.md has the figures.
//!
//! ```
//! use vrfb_chain::{analysis::{gaps, Options}, builtin, registry::Registry};
//! let registry = Registry::from_json_slices(
//!     builtin::MINIMAL_CHAIN_JSON.as_bytes(),
//!     builtin::MINIMAL_DATASET_JSON.as_bytes(),
//! ).unwrap();
//! let report = registry.gaps("zone-a", &Options::default()).unwrap();
//! assert_eq!(report.upstream_gaps[0].firm, "leader");
//!
//! // The same report as the knowledge graph's, to the byte.
//! let graph = builtin::minimal_graph();
//! let full = gaps(&graph, "zone-a", &Options::default()).unwrap();
//! assert_eq!(report.to_json_string(), full.to_json_string());
//! ```

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::analysis::input::{FactRow, Input, LinkRow};
use crate::analysis::{self, GapReport, Options};
use crate::chain::Chain;
use crate::dataset::{Grade, LinkKind, OrganizationKind, RegionKind, Status, DATASET_FORMAT};
use crate::error::Document;
use crate::graph::{FirmOrder, KnowledgeGraph, PartyIndex};
use crate::hash::{FxHashMap, Interner, Strings};
use crate::read::without_bom;
use crate::validate::is_valid_id;
use crate::{Date, Result};

/// A template and a dataset, validated and reduced to what the gap analysis reads. See the
/// [module documentation](self).
#[derive(Debug, Clone)]
pub struct Registry {
    chain: Chain,
    /// The template's product ids, numbered in template order.
    product: Interner,
    product_segment: Vec<u32>,
    as_of: Option<Date>,
    /// Region ids, numbered in document order.
    regions: Interner,
    region_parent: Vec<Option<u32>>,
    firm_ids: Strings,
    firm_region: Vec<u32>,
    organization_region: Vec<Option<u32>>,
    order: FirmOrder,
    /// Where each firm's facts start in `facts`; one more at the end.
    fact_start: Vec<u32>,
    facts: Vec<FactRow>,
    /// The capacities of makes facts, by fact position.
    capacities: Vec<Capacity>,
    /// Capacity units, numbered as they come.
    units: Interner,
    links: Vec<LinkRow>,
    one_pass: bool,
}

/// The capacity of makes fact `fact`, its unit numbered in the registry's units.
#[derive(Debug, Clone, Copy)]
struct Capacity {
    fact: u32,
    value: f64,
    unit: u32,
}

impl Registry {
    /// Parses and checks a template and a dataset, and keeps what the analysis needs.
    ///
    /// # Errors
    /// Exactly those of [`KnowledgeGraph::from_json_slices`] on the same bytes: every
    /// problem of the documents, with where it is.
    ///
    /// ```
    /// use vrfb_chain::{builtin, registry::Registry};
    /// let chain = builtin::MINIMAL_CHAIN_JSON.as_bytes();
    /// let registry = Registry::from_json_slices(chain, builtin::MINIMAL_DATASET_JSON.as_bytes()).unwrap();
    /// assert_eq!(registry.firm_count(), 6);
    ///
    /// let bad = br#"{"format": "dataset@1", "chain": "vrfb-mini", "firms": [{"id": "x", "name": {"en": "X"}}]}"#;
    /// let err = Registry::from_json_slices(chain, bad).unwrap_err();
    /// assert_eq!(err.lines(), ["dataset: firms[0].region: firm `x` has no region: gap analysis is about places"]);
    /// ```
    pub fn from_json_slices(chain: &[u8], dataset: &[u8]) -> Result<Registry> {
        if let Ok(template) = Chain::from_slice(chain) {
            if let Some(registry) = read(template, without_bom(dataset), TWO_THREADS_FROM) {
                return Ok(registry);
            }
        }
        // Not on the one-pass path: the full loader says what is wrong, or, for a valid
        // document in a form the one-pass reader leaves to it, reads it.
        let graph = KnowledgeGraph::from_json_slices(chain, dataset)?;
        Ok(Registry::from_graph(&graph))
    }

    /// Reads a template file and a dataset file ([`Registry::from_json_slices`]). The
    /// files' bytes are freed before this returns. Errors name the file.
    ///
    /// # Errors
    /// As [`Registry::from_json_slices`], and [`Error::Io`](crate::Error::Io) when a file cannot be read.
    pub fn from_paths(chain: impl AsRef<Path>, dataset: impl AsRef<Path>) -> Result<Registry> {
        let (chain, dataset) = (chain.as_ref(), dataset.as_ref());
        let chain_bytes = crate::read::file(chain)?;
        let dataset_bytes = crate::read::file(dataset)?;
        Registry::from_json_slices(&chain_bytes, &dataset_bytes).map_err(|e| match e.document() {
            Some(Document::Chain) => e.in_file(chain),
            _ => e.in_file(dataset),
        })
    }

    /// The registry of a knowledge graph's documents.
    ///
    /// ```
    /// use vrfb_chain::{builtin, registry::Registry};
    /// let graph = builtin::vrfb_graph();
    /// let registry = Registry::from_graph(&graph);
    /// assert_eq!(registry.firm_count(), graph.dataset().firms.len());
    /// ```
    pub fn from_graph(graph: &KnowledgeGraph) -> Registry {
        let data = graph.dataset();
        let regions = numbered(data.regions.iter().map(|r| r.id.as_str()));
        let mut firm_ids = Strings::default();
        let mut fact_start = Vec::with_capacity(data.firms.len() + 1);
        let mut facts = Vec::with_capacity(Input::fact_count(graph));
        let mut capacities = Vec::new();
        let mut units = Interner::with_capacity(8);
        for (f, firm) in data.firms.iter().enumerate() {
            firm_ids.push(&firm.id);
            fact_start.push(facts.len() as u32);
            for (j, m) in firm.makes.iter().enumerate() {
                if let Some(c) = &m.capacity {
                    capacities.push(Capacity {
                        fact: (facts.len() + j) as u32,
                        value: c.value,
                        unit: units.intern(&c.unit),
                    });
                }
            }
            graph.for_each_fact(f as u32, |row| facts.push(row));
        }
        fact_start.push(facts.len() as u32);
        let chain = graph.chain().clone();
        let (product, product_segment) = products_of(&chain);
        Registry {
            chain,
            product,
            product_segment,
            as_of: data.as_of,
            regions,
            region_parent: graph.region_parent().to_vec(),
            firm_ids,
            firm_region: graph.firm_region().to_vec(),
            organization_region: graph.organization_region().to_vec(),
            order: graph.firm_order().clone(),
            fact_start,
            facts,
            capacities,
            units,
            links: (0..graph.link_count()).map(|i| graph.link(i)).collect(),
            one_pass: false,
        }
    }

    /// Runs the gap analysis of `region`, as [`analysis::gaps`] does on a
    /// [`KnowledgeGraph`]; the report's ids are borrowed from the registry.
    ///
    /// # Errors
    /// As [`analysis::gaps`]: an unknown region, or `min_makers` 0.
    pub fn gaps(&self, region: &str, options: &Options) -> Result<GapReport<&str>> {
        analysis::analyse(self, region, options)
    }

    /// The template.
    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    /// The dataset's `as_of`.
    pub fn as_of(&self) -> Option<Date> {
        self.as_of
    }

    /// How many firms the dataset has.
    pub fn firm_count(&self) -> usize {
        self.firm_ids.len()
    }

    /// How many organizations the dataset has.
    pub fn organization_count(&self) -> usize {
        self.organization_region.len()
    }

    /// How many links the dataset has.
    pub fn link_count(&self) -> usize {
        self.links.len()
    }

    /// Whether the dataset was read by the one-pass reader. `false` for a registry made
    /// [from a graph](Registry::from_graph), and for a valid document in a form the
    /// reader leaves to the full loader (a `null` where a field may be left out): such a
    /// document loads all the same, with the full loader's time and memory.
    ///
    /// ```
    /// use vrfb_chain::{builtin, registry::Registry};
    /// let chain = builtin::MINIMAL_CHAIN_JSON.as_bytes();
    /// let plain = br#"{"format": "dataset@1", "chain": "vrfb-mini"}"#;
    /// assert!(Registry::from_json_slices(chain, plain).unwrap().one_pass());
    /// let with_null = br#"{"format": "dataset@1", "chain": "vrfb-mini", "as_of": null}"#;
    /// assert!(!Registry::from_json_slices(chain, with_null).unwrap().one_pass());
    /// ```
    pub fn one_pass(&self) -> bool {
        self.one_pass
    }

    /// Whether the dataset has a region with this id.
    ///
    /// ```
    /// # let registry = vrfb_chain::registry::Registry::from_graph(&vrfb_chain::builtin::minimal_graph());
    /// assert!(registry.has_region("zone-a"));
    /// assert!(!registry.has_region("atlantis"));
    /// ```
    pub fn has_region(&self, id: &str) -> bool {
        self.regions.find(id).is_some()
    }
}

impl Input for Registry {
    fn chain(&self) -> &Chain {
        &self.chain
    }
    fn as_of(&self) -> Option<Date> {
        self.as_of
    }
    fn product_index(&self, id: &str) -> Option<u32> {
        self.product.find(id)
    }
    fn product_segment(&self) -> &[u32] {
        &self.product_segment
    }
    fn region_index(&self, id: &str) -> Option<u32> {
        self.regions.find(id)
    }
    fn region_id(&self, r: u32) -> &str {
        self.regions.get(r)
    }
    fn region_parent(&self) -> &[Option<u32>] {
        &self.region_parent
    }
    fn firm_id(&self, f: u32) -> &str {
        self.firm_ids.get(f)
    }
    fn firm_region(&self) -> &[u32] {
        &self.firm_region
    }
    fn organization_region(&self) -> &[Option<u32>] {
        &self.organization_region
    }
    fn firm_order(&self) -> &FirmOrder {
        &self.order
    }
    fn fact_count(&self) -> usize {
        self.facts.len()
    }
    fn for_each_fact(&self, f: u32, mut visit: impl FnMut(FactRow)) {
        let f = f as usize;
        let range = self.fact_start[f] as usize..self.fact_start[f + 1] as usize;
        for &row in &self.facts[range] {
            visit(row);
        }
    }
    fn for_each_capacity<'s>(&'s self, f: u32, mut visit: impl FnMut(FactRow, f64, &'s str)) {
        let f = f as usize;
        let (start, end) = (self.fact_start[f], self.fact_start[f + 1]);
        let first = self.capacities.partition_point(|c| c.fact < start);
        for c in self.capacities[first..].iter().take_while(|c| c.fact < end) {
            visit(self.facts[c.fact as usize], c.value, self.units.get(c.unit));
        }
    }
    fn link_count(&self) -> usize {
        self.links.len()
    }
    fn link(&self, i: usize) -> LinkRow {
        self.links[i]
    }
}

/// The template's product ids numbered in template order, and each product's segment.
fn products_of(chain: &Chain) -> (Interner, Vec<u32>) {
    let segment: FxHashMap<&str, u32> = chain
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i as u32))
        .collect();
    let product = numbered(chain.products.iter().map(|p| p.id.as_str()));
    let product_segment = chain
        .products
        .iter()
        .map(|p| segment.get(p.segment.as_str()).copied().unwrap_or(0))
        .collect();
    (product, product_segment)
}

/// Ids numbered in the order given (they are distinct: validated).
fn numbered<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> Interner {
    let mut names = Interner::with_capacity(ids.len());
    for id in ids {
        names.intern(id);
    }
    names
}

// ---------------------------------------------------------------------------------------
// The one-pass reader. It accepts a document only when it is sure the full loader would:
// anything unexpected is a "no", and the caller asks the full loader, which has the words
// for every problem. Its errors therefore carry no message.

/// Not on the one-pass path.
fn no<E: de::Error>() -> E {
    E::custom("left to the full loader")
}

/// Marks a definition in `defined`: `None` when the name is already defined.
const UNDEFINED: u32 = u32::MAX;

/// The names of one namespace (sources, regions, or firms and organizations), numbered as
/// first seen, whether defined or referred to.
struct Names {
    names: Interner,
    /// What each name is defined as: a position (a packed [`PartyIndex`] for firms and
    /// organizations), or [`UNDEFINED`].
    defined: Vec<u32>,
}

impl Names {
    fn new(capacity: usize) -> Self {
        Names {
            names: Interner::with_capacity(capacity),
            defined: Vec::with_capacity(capacity),
        }
    }

    fn intern(&mut self, name: &str) -> u32 {
        let i = self.names.intern(name);
        if i as usize == self.defined.len() {
            self.defined.push(UNDEFINED);
        }
        i
    }

    /// Defines `name` as `what`; `None` when it is not a valid id or is defined already.
    fn define(&mut self, name: &str, what: u32) -> Option<u32> {
        if !is_valid_id(name) {
            return None;
        }
        let i = self.intern(name);
        let slot = &mut self.defined[i as usize];
        if *slot != UNDEFINED {
            return None;
        }
        *slot = what;
        Some(i)
    }

    /// What name `i` is defined as.
    fn resolve(&self, i: u32) -> Option<u32> {
        let what = self.defined[i as usize];
        (what != UNDEFINED).then_some(what)
    }
}

/// A string as read: borrowed from the document when it holds no escape.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(
                self,
                v: &'de str,
            ) -> std::result::Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Where the top-level `links` array can be read apart: the position of its key's text
/// and the byte range of the array. Only when the document ends with it (`"links": [...]`
/// then `}`), so that the rest of the document is read up to its key. The key found is
/// the last `"links"` of the document followed by `:` and `[`; the main reader checks that
/// it is the top-level key it meets (by the key's position) before it relies on the other
/// thread, and reads the links itself otherwise.
fn links_split(text: &str) -> Option<(usize, std::ops::Range<usize>)> {
    const KEY: &str = "\"links\"";
    // JSON's white space only: what is skipped here is never read by a JSON parser.
    const SPACE: [char; 4] = [' ', '\t', '\n', '\r'];
    let at = text.rfind(KEY)?;
    let after = text[at + KEY.len()..].trim_start_matches(SPACE);
    let after = after.strip_prefix(':')?.trim_start_matches(SPACE);
    if !after.starts_with('[') {
        return None;
    }
    let start = text.len() - after.len();
    // The document ends `] }`, give or take white space.
    let tail = text
        .trim_end_matches(SPACE)
        .strip_suffix('}')?
        .trim_end_matches(SPACE);
    if !tail.ends_with(']') || tail.len() <= start {
        return None;
    }
    Some((at + 1, start..tail.len()))
}

/// Reads the document's top-level object into `r`, to its end (or to the links key that
/// `r.links_key` names; see `links_split`).
fn read_top(r: &mut Reader<'_>, text: &str) -> Option<()> {
    let mut de = serde_json::Deserializer::from_str(text);
    Top(r, text).deserialize(&mut de).ok()?;
    de.end().ok()
}

/// Reads a links array on its own: its names are numbered apart, and
/// [`Reader::absorb_links`] renumbers them.
fn read_links<'c>(array: &str, chain: &'c Chain, product: Interner) -> Option<Reader<'c>> {
    // ~100 bytes per link, ~3 links per firm: sized so that the lists rarely grow (each
    // growth leaves the old table's pages touched).
    let mut r = Reader::new(chain, product, 0);
    r.links.reserve(array.len() / 100);
    r.parties = Names::new(array.len() / 300);
    let mut de = serde_json::Deserializer::from_str(array);
    List::<LinkEl>(&mut r, PhantomData)
        .deserialize(&mut de)
        .ok()?;
    de.end().ok()?;
    Some(r)
}

/// What the reader has gathered so far.
struct Reader<'c> {
    chain: &'c Chain,
    /// The template's products, numbered in template order.
    product: Interner,
    format: bool,
    chain_id: bool,
    as_of: Option<Date>,
    sources: Names,
    source_grade: Vec<Grade>,
    regions: Names,
    region_name: Vec<u32>,
    region_parent: Vec<Option<u32>>,
    parties: Names,
    firm_name: Vec<u32>,
    firm_region: Vec<u32>,
    fact_start: Vec<u32>,
    /// Makes facts.
    facts: Vec<FactRow>,
    /// The capacities of makes facts, by fact position.
    capacities: Vec<Capacity>,
    /// Capacity units.
    units: Interner,
    /// Facts whose grade waits for sources defined later in the document: the fact's
    /// position and where its sources are in `refs`.
    pending: Vec<(u32, (u32, u32))>,
    organization_region: Vec<Option<u32>>,
    /// Links, their ends still names (as `PartyIndex::Firm(name)`).
    links: Vec<LinkRow>,
    /// Source names referred to, by facts, firms, organizations and links.
    refs: Vec<u32>,
    /// Where the text of the top-level `links` key is, from the thread that reads the
    /// links, if one does.
    links_key: Option<std::sync::mpsc::Receiver<Option<usize>>>,
    /// Whether the top-level reader stopped at that key.
    links_deferred: bool,
    /// The last `from` and `to` of a link and their numbers: registries list a firm's
    /// links together, and a repeated name then costs no lookup in a table that, at a
    /// million firms, no cache holds.
    last_ends: [(String, u32); 2],
}

/// Reads a dataset in one pass; `None` when it is not sure the document is valid.
///
/// From `two_threads_from` bytes, the links are read on a second thread.
fn read(chain: Chain, bytes: &[u8], two_threads_from: usize) -> Option<Registry> {
    // Positions are 32-bit: a bigger document takes the full loader.
    if u32::try_from(bytes.len()).is_err() {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let (product, product_segment) = products_of(&chain);
    let product_names = product.clone();
    // Sizes guessed from the document's length (a synthetic registry has ~700 bytes per
    // firm and ~120 per link), so that the big lists rarely grow by copying.
    let guess = text.len() / 700;
    if text.len() < two_threads_from {
        let mut r = Reader::new(&chain, product_names, guess);
        read_top(&mut r, text)?;
        return r
            .finish()
            .map(|finished| Registry::of(chain, product, product_segment, finished));
    }
    // The links (a third of a registry) are read on a second thread while this one reads
    // the rest; see `links_split`. The second finds them, says where their key is (this one
    // asks when it meets a `links` key), and reads them.
    let finished = std::thread::scope(|scope| {
        let (send_key, key) = std::sync::mpsc::channel();
        let (chain_ref, product) = (&chain, product_names.clone());
        let thread = std::thread::Builder::new().spawn_scoped(scope, move || {
            let split = links_split(text);
            // The first thread may have finished without asking: nobody to tell then.
            let _ = send_key.send(split.as_ref().map(|(key, _)| *key));
            let (_, array) = split?;
            read_links(&text[array], chain_ref, product)
        });
        let Ok(thread) = thread else {
            // No second thread to be had: all on this one.
            let mut r = Reader::new(&chain, product_names, guess);
            read_top(&mut r, text)?;
            return r.finish();
        };
        let mut r = Reader::new(&chain, product_names.clone(), guess);
        r.links_key = Some(key);
        let read = read_top(&mut r, text);
        let links = thread.join().ok().flatten();
        if !r.links_deferred {
            read?;
            return r.finish();
        }
        // This reader stopped at the links key: the other thread read them, and only
        // `}` follows them (`links_split`), unless it could not read that far.
        if let Some(links) = links {
            r.absorb_links(links);
            return r.finish();
        }
        let mut r = Reader::new(&chain, product_names, guess);
        read_top(&mut r, text)?;
        r.finish()
    })?;
    Some(Registry::of(chain, product, product_segment, finished))
}

/// From what size a document's links are read on a second thread: below a few megabytes
/// the second thread's own name table costs more than it saves (measured: 2 MB, 6.0 ms
/// on one thread and 6.8 on two; 6.9 MB, 21 ms and 18).
const TWO_THREADS_FROM: usize = 4 << 20;

impl Registry {
    /// The registry of what the one-pass reader gathered.
    fn of(
        chain: Chain,
        product: Interner,
        product_segment: Vec<u32>,
        finished: Finished,
    ) -> Registry {
        let Finished {
            capacities,
            units,
            as_of,
            regions,
            region_parent,
            firm_ids,
            firm_region,
            organization_region,
            fact_start,
            facts,
            links,
        } = finished;
        let order = FirmOrder::of(firm_ids.len(), |f| firm_ids.get(f as u32));
        Registry {
            product,
            product_segment,
            as_of,
            regions,
            region_parent,
            firm_ids,
            firm_region,
            organization_region,
            order,
            fact_start,
            facts,
            capacities,
            units,
            links,
            chain,
            one_pass: true,
        }
    }
}

struct Finished {
    capacities: Vec<Capacity>,
    units: Interner,
    as_of: Option<Date>,
    regions: Interner,
    region_parent: Vec<Option<u32>>,
    firm_ids: Strings,
    firm_region: Vec<u32>,
    organization_region: Vec<Option<u32>>,
    fact_start: Vec<u32>,
    facts: Vec<FactRow>,
    links: Vec<LinkRow>,
}

impl<'c> Reader<'c> {
    /// An empty reader, its lists sized for `firms` firms.
    fn new(chain: &'c Chain, product: Interner, firms: usize) -> Self {
        Reader {
            chain,
            product,
            format: false,
            chain_id: false,
            as_of: None,
            sources: Names::new(64),
            source_grade: Vec::new(),
            regions: Names::new(64),
            region_name: Vec::new(),
            region_parent: Vec::new(),
            parties: Names::new(firms),
            firm_name: Vec::with_capacity(firms),
            firm_region: Vec::with_capacity(firms),
            fact_start: Vec::with_capacity(firms + 1),
            facts: Vec::with_capacity(firms * 5 / 2),
            capacities: Vec::new(),
            units: Interner::with_capacity(8),
            pending: Vec::new(),
            organization_region: Vec::new(),
            links: Vec::new(),
            refs: Vec::new(),
            links_key: None,
            links_deferred: false,
            last_ends: Default::default(),
        }
    }

    /// The best grade of the sources at `range` of `refs` (the last ones read), when they
    /// are all defined already, as they are when a document lists its sources first:
    /// they are then dropped from `refs`, having been checked. `None` when one is not.
    fn settle(&mut self, range: (u32, u32)) -> Option<Option<Grade>> {
        let mut best = None;
        for &s in &self.refs[range.0 as usize..range.1 as usize] {
            best = best.max(Some(self.source_grade[self.sources.resolve(s)? as usize]));
        }
        self.refs.truncate(range.0 as usize);
        Some(best)
    }

    /// The number of a link's `from` (`side` 0) or `to` (1).
    fn party_end(&mut self, side: usize, name: &str) -> u32 {
        let (last, number) = &mut self.last_ends[side];
        if last.as_str() != name || last.is_empty() {
            *number = self.parties.intern(name);
            last.clear();
            last.push_str(name);
        }
        *number
    }

    /// Takes the links read by [`read_links`], renumbering their names as this reader's.
    fn absorb_links(&mut self, other: Reader<'_>) {
        let parties: Vec<u32> = (0..other.parties.defined.len() as u32)
            .map(|i| self.parties.intern(other.parties.names.get(i)))
            .collect();
        let sources: Vec<u32> = (0..other.sources.defined.len() as u32)
            .map(|i| self.sources.intern(other.sources.names.get(i)))
            .collect();
        self.refs
            .extend(other.refs.iter().map(|&s| sources[s as usize]));
        let renumber = |p: PartyIndex| match p {
            PartyIndex::Firm(name) => PartyIndex::Firm(parties[name as usize]),
            other => other,
        };
        self.links = other.links;
        for link in &mut self.links {
            let (from, to) = link.ends();
            link.set_ends((renumber(from), renumber(to)));
        }
    }

    /// The rules that need the whole document: references, the region forest, links.
    fn finish(mut self) -> Option<Finished> {
        if !(self.format && self.chain_id) {
            return None;
        }
        // Every source referred to exists.
        for &s in &self.refs {
            self.sources.resolve(s)?;
        }
        // The best grade among a fact's sources (all known, as just checked).
        let grade_of = |range: (u32, u32)| -> Option<Grade> {
            self.refs[range.0 as usize..range.1 as usize]
                .iter()
                .filter_map(|&s| self.sources.resolve(s))
                .map(|at| self.source_grade[at as usize])
                .max()
        };

        // Regions: parents known, not themselves, no cycle.
        let mut region_parent = Vec::with_capacity(self.region_parent.len());
        for (r, parent) in self.region_parent.iter().enumerate() {
            region_parent.push(match parent {
                None => None,
                Some(name) => {
                    let p = self.regions.resolve(*name)?;
                    if p as usize == r {
                        return None;
                    }
                    Some(p)
                }
            });
        }
        // 0 unvisited, 1 on the walk, 2 done.
        let mut state = vec![0u8; region_parent.len()];
        for start in 0..region_parent.len() {
            let mut walk = Vec::new();
            let mut at = Some(start as u32);
            while let Some(i) = at {
                match state[i as usize] {
                    2 => break,
                    1 => return None,
                    _ => {
                        state[i as usize] = 1;
                        walk.push(i);
                        at = region_parent[i as usize];
                    }
                }
            }
            for w in walk {
                state[w as usize] = 2;
            }
        }
        let regions = numbered(
            self.region_name
                .iter()
                .map(|&name| self.regions.names.get(name)),
        );

        let firm_region = self
            .firm_region
            .iter()
            .map(|&name| self.regions.resolve(name))
            .collect::<Option<Vec<u32>>>()?;
        let organization_region = self
            .organization_region
            .iter()
            .map(|region| match region {
                None => Some(None),
                Some(name) => self.regions.resolve(*name).map(Some),
            })
            .collect::<Option<Vec<Option<u32>>>>()?;

        let mut facts = std::mem::take(&mut self.facts);
        for &(at, sources) in &self.pending {
            facts[at as usize].grade = grade_of(sources);
        }
        let mut fact_start = self.fact_start;
        fact_start.push(facts.len() as u32);

        // Links: ends known, kinds respected, no duplicate.
        let party = |name: u32| self.parties.resolve(name).map(PartyIndex::unpack);
        let mut links = std::mem::take(&mut self.links);
        for link in &mut links {
            let (PartyIndex::Firm(from_name), PartyIndex::Firm(to_name)) = link.ends() else {
                return None;
            };
            let (from, to) = (party(from_name)?, party(to_name)?);
            if from_name == to_name {
                return None;
            }
            let is_firm = |p: PartyIndex| matches!(p, PartyIndex::Firm(_));
            let fits = match link.kind {
                LinkKind::Supplies => is_firm(from) && is_firm(to) && link.product().is_some(),
                LinkKind::Owns | LinkKind::TransfersTechnology => is_firm(to),
                LinkKind::MemberOf => !is_firm(to),
                LinkKind::PartnersWith => true,
            };
            if !fits {
                return None;
            }
            link.set_ends((from, to));
        }
        // Each link as a number (from, to, kind, product), to find duplicates by sorting:
        // 64 bits when they fit (a national registry), else 128.
        let n_firms = self.firm_name.len() as u64;
        let parties = n_firms + self.organization_region.len() as u64;
        let code = |p: PartyIndex| match p {
            PartyIndex::Firm(f) => u64::from(f),
            PartyIndex::Organization(o) => n_firms + u64::from(o),
        };
        let product = |l: &LinkRow| l.product().map_or(0, |p| u64::from(p) + 1);
        let duplicated = if parties < 1 << 24 && (self.chain.products.len() as u64) < (1 << 13) {
            has_duplicates(&links, |l, (a, b)| {
                code(a) << 40 | code(b) << 16 | (l.kind as u64) << 13 | product(l)
            })
        } else {
            has_duplicates(&links, |l, (a, b)| {
                u128::from(code(a)) << 80
                    | u128::from(code(b)) << 40
                    | u128::from(l.kind as u8) << 32
                    | u128::from(product(l))
            })
        };
        if duplicated {
            return None;
        }

        let mut firm_ids = Strings::with_capacity(self.firm_name.len());
        for &name in &self.firm_name {
            firm_ids.push(self.parties.names.get(name));
        }
        Some(Finished {
            capacities: std::mem::take(&mut self.capacities),
            units: std::mem::take(&mut self.units),
            as_of: self.as_of,
            regions,
            region_parent,
            firm_ids,
            firm_region,
            organization_region,
            fact_start,
            facts,
            links,
        })
    }
}

/// Whether two links have the same key, or a partnership is stored both ways (the key of
/// its ends swapped is another link's). `key` numbers a link with the given ends.
fn has_duplicates<K: Ord + Copy>(
    links: &[LinkRow],
    key: impl Fn(&LinkRow, (PartyIndex, PartyIndex)) -> K,
) -> bool {
    let mut keys: Vec<K> = links.iter().map(|l| key(l, l.ends())).collect();
    keys.sort_unstable();
    keys.windows(2).any(|w| w[0] == w[1])
        || links
            .iter()
            .filter(|l| l.kind == LinkKind::PartnersWith)
            .any(|l| {
                let (from, to) = l.ends();
                keys.binary_search(&key(l, (to, from))).is_ok()
            })
}

/// The fields of one object of the format, as they are read: a field not listed, or read
/// twice, is left to the full loader.
struct Fields {
    names: &'static [&'static str],
    /// Bit `i` is set once `names[i]` has been read.
    read: u32,
}

impl Fields {
    fn of(names: &'static [&'static str]) -> Fields {
        Fields { names, read: 0 }
    }

    /// Takes field `key`: its name as listed, for a `match` (whose `_` arm, a listed field
    /// with no arm of its own, is left to the full loader too).
    fn take<E: de::Error>(&mut self, key: &str) -> std::result::Result<&'static str, E> {
        let at = self.names.iter().position(|&n| n == key).ok_or_else(no)?;
        if self.read & (1 << at) != 0 {
            return Err(no());
        }
        self.read |= 1 << at;
        Ok(self.names[at])
    }

    /// Whether every field of `required` has been read.
    fn took(&self, required: &[&str]) -> bool {
        required.iter().all(|name| {
            self.names
                .iter()
                .position(|n| n == name)
                .is_some_and(|at| self.read & (1 << at) != 0)
        })
    }
}

fn date<E: de::Error>(text: &str) -> std::result::Result<Date, E> {
    text.parse().map_err(|_| no())
}

fn parse<T: std::str::FromStr, E: de::Error>(text: &str) -> std::result::Result<T, E> {
    text.parse().map_err(|_| no())
}

/// `until` comes after `since`.
fn dates_ordered(since: Option<Date>, until: Option<Date>) -> bool {
    match (since, until) {
        (Some(s), Some(u)) => u.cmp_day(&s).is_gt(),
        _ => true,
    }
}

/// An element of a list, read from a JSON object.
trait Element<'de> {
    fn read<A: MapAccess<'de>>(r: &mut Reader<'_>, map: A) -> std::result::Result<(), A::Error>;
}

/// A list of `E`s.
struct List<'r, 'c, E>(&'r mut Reader<'c>, PhantomData<E>);
/// One `E`.
struct Item<'r, 'c, E>(&'r mut Reader<'c>, PhantomData<E>);

impl<'de, E: Element<'de>> DeserializeSeed<'de> for List<'_, '_, E> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, E: Element<'de>> Visitor<'de> for List<'_, '_, E> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq
            .next_element_seed(Item::<E>(&mut *self.0, PhantomData))?
            .is_some()
        {}
        Ok(())
    }
}

impl<'de, E: Element<'de>> DeserializeSeed<'de> for Item<'_, '_, E> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, E: Element<'de>> Visitor<'de> for Item<'_, '_, E> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<(), A::Error> {
        E::read(self.0, map)
    }
}

/// A list of source ids: interned into `refs`; gives where they are there.
struct Refs<'r, 'c>(&'r mut Reader<'c>);

impl<'de> DeserializeSeed<'de> for Refs<'_, '_> {
    type Value = (u32, u32);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(u32, u32), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Refs<'_, '_> {
    type Value = (u32, u32);
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(u32, u32), A::Error> {
        let start = self.0.refs.len() as u32;
        while let Some(Text(s)) = seq.next_element()? {
            let i = self.0.sources.intern(&s);
            self.0.refs.push(i);
        }
        Ok((start, self.0.refs.len() as u32))
    }
}

/// A list of tags: each a valid id.
struct Tags;

impl<'de> Deserialize<'de> for Tags {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Tags, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Tags;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Tags, A::Error> {
                while let Some(Text(tag)) = seq.next_element()? {
                    if !is_valid_id(&tag) {
                        return Err(no());
                    }
                }
                Ok(Tags)
            }
        }
        d.deserialize_seq(V)
    }
}

/// A bilingual name, checked: `zh` or `en`, each a non-empty string.
struct NameChecked;

impl<'de> Deserialize<'de> for NameChecked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<NameChecked, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NameChecked;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<NameChecked, A::Error> {
                let mut fields = Fields::of(&["zh", "en"]);
                while let Some(Text(key)) = map.next_key()? {
                    fields.take(&key)?;
                    let Text(value) = map.next_value()?;
                    if value.is_empty() {
                        return Err(no());
                    }
                }
                if fields.read == 0 {
                    return Err(no());
                }
                Ok(NameChecked)
            }
        }
        d.deserialize_map(V)
    }
}

/// A capacity, checked: a finite `value` ≥ 0 and a `unit` string.
struct CapacityChecked {
    value: f64,
    unit: String,
}

impl<'de> Deserialize<'de> for CapacityChecked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<CapacityChecked, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CapacityChecked;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<CapacityChecked, A::Error> {
                let mut fields = Fields::of(&["value", "unit"]);
                let mut capacity = CapacityChecked {
                    value: 0.0,
                    unit: String::new(),
                };
                while let Some(Text(key)) = map.next_key()? {
                    match fields.take(&key)? {
                        "value" => {
                            let value: f64 = map.next_value()?;
                            if !(value.is_finite() && value >= 0.0) {
                                return Err(no());
                            }
                            capacity.value = value;
                        }
                        "unit" => {
                            let Text(unit) = map.next_value()?;
                            capacity.unit = unit.into_owned();
                        }
                        _ => return Err(no()),
                    }
                }
                if !fields.took(&["value", "unit"]) {
                    return Err(no());
                }
                Ok(capacity)
            }
        }
        d.deserialize_map(V)
    }
}

/// `extra`: any JSON value but `null` (which the full loader reads as no `extra`).
fn extra<'de, A: MapAccess<'de>>(map: &mut A) -> std::result::Result<(), A::Error> {
    match map.next_value::<Option<IgnoredAny>>()? {
        Some(_) => Ok(()),
        None => Err(no()),
    }
}

/// The top-level object, and the document's text (for the position of its keys).
struct Top<'r, 'c>(&'r mut Reader<'c>, &'r str);

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a dataset object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let r = self.0;
        let mut fields = Fields::of(&[
            "format",
            "chain",
            "as_of",
            "sources",
            "regions",
            "firms",
            "organizations",
            "links",
        ]);
        while let Some(Text(key)) = map.next_key()? {
            match fields.take(&key)? {
                "format" => {
                    let Text(format) = map.next_value()?;
                    r.format = format == DATASET_FORMAT;
                }
                "chain" => {
                    let Text(chain) = map.next_value()?;
                    r.chain_id = chain == r.chain.id.as_str();
                }
                "as_of" => {
                    let Text(d) = map.next_value()?;
                    r.as_of = Some(date(&d)?);
                }
                "sources" => {
                    map.next_value_seed(List::<SourceEl>(&mut *r, PhantomData))?;
                }
                "regions" => {
                    map.next_value_seed(List::<RegionEl>(&mut *r, PhantomData))?;
                }
                "firms" => {
                    map.next_value_seed(List::<FirmEl>(&mut *r, PhantomData))?;
                }
                "organizations" => {
                    map.next_value_seed(List::<OrganizationEl>(&mut *r, PhantomData))?;
                }
                "links" => {
                    let position = match &key {
                        Cow::Borrowed(k) => Some(k.as_ptr() as usize - self.1.as_ptr() as usize),
                        Cow::Owned(_) => None,
                    };
                    let expected = r.links_key.take().and_then(|key| key.recv().ok().flatten());
                    if position.is_some() && position == expected {
                        // The other thread reads them, and nothing follows them.
                        r.links_deferred = true;
                        return Err(no());
                    }
                    map.next_value_seed(List::<LinkEl>(&mut *r, PhantomData))?;
                }
                _ => return Err(no()),
            }
        }
        Ok(())
    }
}

struct SourceEl;

impl<'de> Element<'de> for SourceEl {
    fn read<A: MapAccess<'de>>(
        r: &mut Reader<'_>,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        let mut fields = Fields::of(&["id", "title", "url", "publisher", "published", "grade"]);
        let (mut id, mut grade) = (None, Grade::C);
        while let Some(Text(key)) = map.next_key()? {
            match fields.take(&key)? {
                "id" => {
                    id = Some(map.next_value::<Text>()?.0);
                }
                "title" => {
                    let Text(_) = map.next_value()?;
                }
                "url" => {
                    let Text(_) = map.next_value()?;
                }
                "publisher" => {
                    let Text(_) = map.next_value()?;
                }
                "published" => {
                    let Text(d) = map.next_value()?;
                    date::<A::Error>(&d)?;
                }
                "grade" => {
                    let Text(g) = map.next_value()?;
                    grade = parse(&g)?;
                }
                _ => return Err(no()),
            }
        }
        let (Some(id), true) = (id, fields.took(&["id", "title"])) else {
            return Err(no());
        };
        let at = r.source_grade.len() as u32;
        r.sources.define(&id, at).ok_or_else(no)?;
        r.source_grade.push(grade);
        Ok(())
    }
}

struct RegionEl;

impl<'de> Element<'de> for RegionEl {
    fn read<A: MapAccess<'de>>(
        r: &mut Reader<'_>,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        let mut fields = Fields::of(&["id", "kind", "name", "parent"]);
        let (mut id, mut parent) = (None, None);
        while let Some(Text(key)) = map.next_key()? {
            match fields.take(&key)? {
                "id" => {
                    id = Some(map.next_value::<Text>()?.0);
                }
                "kind" => {
                    let Text(kind) = map.next_value()?;
                    parse::<RegionKind, A::Error>(&kind)?;
                }
                "name" => {
                    map.next_value::<NameChecked>()?;
                }
                "parent" => {
                    let Text(p) = map.next_value()?;
                    parent = Some(r.regions.intern(&p));
                }
                _ => return Err(no()),
            }
        }
        let (Some(id), true) = (id, fields.took(&["id", "kind", "name"])) else {
            return Err(no());
        };
        let at = r.region_name.len() as u32;
        let name = r.regions.define(&id, at).ok_or_else(no)?;
        r.region_name.push(name);
        r.region_parent.push(parent);
        Ok(())
    }
}

struct FirmEl;

impl<'de> Element<'de> for FirmEl {
    fn read<A: MapAccess<'de>>(
        r: &mut Reader<'_>,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        let mut fields = Fields::of(&["id", "name", "region", "tags", "makes", "sources", "extra"]);
        let (mut id, mut region) = (None, None);
        r.fact_start.push(r.facts.len() as u32);
        while let Some(Text(key)) = map.next_key()? {
            match fields.take(&key)? {
                "id" => {
                    id = Some(map.next_value::<Text>()?.0);
                }
                "name" => {
                    map.next_value::<NameChecked>()?;
                }
                "region" => {
                    let Text(name) = map.next_value()?;
                    region = Some(r.regions.intern(&name));
                }
                "tags" => {
                    map.next_value::<Tags>()?;
                }
                "makes" => {
                    map.next_value_seed(List::<MakesEl>(&mut *r, PhantomData))?;
                }
                "sources" => {
                    let sources = map.next_value_seed(Refs(&mut *r))?;
                    r.settle(sources);
                }
                "extra" => {
                    extra(&mut map)?;
                }
                _ => return Err(no()),
            }
        }
        let (Some(id), Some(region), true) = (id, region, fields.took(&["id", "name"])) else {
            return Err(no());
        };
        let at = PartyIndex::Firm(r.firm_name.len() as u32).pack();
        let name = r.parties.define(&id, at).ok_or_else(no)?;
        r.firm_name.push(name);
        r.firm_region.push(region);
        Ok(())
    }
}

struct MakesEl;

impl<'de> Element<'de> for MakesEl {
    fn read<A: MapAccess<'de>>(
        r: &mut Reader<'_>,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        let mut fields = Fields::of(&[
            "product", "status", "since", "until", "capacity", "sources", "note",
        ]);
        let mut row = FactRow {
            product: u32::MAX,
            status: Status::Operating,
            since: None,
            until: None,
            grade: None,
        };
        let mut sources = None;
        while let Some(Text(key)) = map.next_key()? {
            match fields.take(&key)? {
                "product" => {
                    let Text(p) = map.next_value()?;
                    row.product = r.product.find(&p).ok_or_else(no)?;
                }
                "status" => {
                    let Text(s) = map.next_value()?;
                    row.status = parse(&s)?;
                }
                "since" => {
                    let Text(d) = map.next_value()?;
                    row.since = Some(date(&d)?);
                }
                "until" => {
                    let Text(d) = map.next_value()?;
                    row.until = Some(date(&d)?);
                }
                "capacity" => {
                    let c = map.next_value::<CapacityChecked>()?;
                    let unit = r.units.intern(&c.unit);
                    r.capacities.push(Capacity {
                        fact: r.facts.len() as u32,
                        value: c.value,
                        unit,
                    });
                }
                "sources" => {
                    sources = Some(map.next_value_seed(Refs(&mut *r))?);
                }
                "note" => {
                    let Text(_) = map.next_value()?;
                }
                _ => return Err(no()),
            }
        }
        if !fields.took(&["product"]) || !dates_ordered(row.since, row.until) {
            return Err(no());
        }
        if let Some(sources) = sources {
            match r.settle(sources) {
                Some(grade) => row.grade = grade,
                None => r.pending.push((r.facts.len() as u32, sources)),
            }
        }
        r.facts.push(row);
        Ok(())
    }
}

struct OrganizationEl;

impl<'de> Element<'de> for OrganizationEl {
    fn read<A: MapAccess<'de>>(
        r: &mut Reader<'_>,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        let mut fields = Fields::of(&["id", "kind", "name", "region", "sources", "extra"]);
        let (mut id, mut region) = (None, None);
        while let Some(Text(key)) = map.next_key()? {
            match fields.take(&key)? {
                "id" => {
                    id = Some(map.next_value::<Text>()?.0);
                }
                "kind" => {
                    let Text(kind) = map.next_value()?;
                    parse::<OrganizationKind, A::Error>(&kind)?;
                }
                "name" => {
                    map.next_value::<NameChecked>()?;
                }
                "region" => {
                    let Text(name) = map.next_value()?;
                    region = Some(r.regions.intern(&name));
                }
                "sources" => {
                    let sources = map.next_value_seed(Refs(&mut *r))?;
                    r.settle(sources);
                }
                "extra" => {
                    extra(&mut map)?;
                }
                _ => return Err(no()),
            }
        }
        let (Some(id), true) = (id, fields.took(&["id", "kind", "name"])) else {
            return Err(no());
        };
        let at = r.organization_region.len() as u32;
        let at = PartyIndex::Organization(at).pack();
        r.parties.define(&id, at).ok_or_else(no)?;
        r.organization_region.push(region);
        Ok(())
    }
}

struct LinkEl;

impl<'de> Element<'de> for LinkEl {
    fn read<A: MapAccess<'de>>(
        r: &mut Reader<'_>,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        let mut fields = Fields::of(&[
            "from", "to", "kind", "product", "share", "status", "since", "until", "sources",
            "note", "extra",
        ]);
        let mut link = LinkRow::new(
            LinkKind::PartnersWith,
            Status::Operating,
            None,
            None,
            (PartyIndex::Firm(0), PartyIndex::Firm(0)),
            None,
        );
        let (mut from, mut to) = (0, 0);
        while let Some(Text(key)) = map.next_key()? {
            match fields.take(&key)? {
                "from" => {
                    let Text(name) = map.next_value()?;
                    from = r.party_end(0, &name);
                }
                "to" => {
                    let Text(name) = map.next_value()?;
                    to = r.party_end(1, &name);
                }
                "kind" => {
                    let Text(kind) = map.next_value()?;
                    link.kind = parse(&kind)?;
                }
                "product" => {
                    let Text(p) = map.next_value()?;
                    link.set_product(Some(r.product.find(&p).ok_or_else(no)?));
                }
                "share" => {
                    let share: f64 = map.next_value()?;
                    if !(share > 0.0 && share <= 1.0) {
                        return Err(no());
                    }
                }
                "status" => {
                    let Text(s) = map.next_value()?;
                    link.status = parse(&s)?;
                }
                "since" => {
                    let Text(d) = map.next_value()?;
                    link.since = Some(date(&d)?);
                }
                "until" => {
                    let Text(d) = map.next_value()?;
                    link.until = Some(date(&d)?);
                }
                "sources" => {
                    let sources = map.next_value_seed(Refs(&mut *r))?;
                    r.settle(sources);
                }
                "note" => {
                    let Text(_) = map.next_value()?;
                }
                "extra" => {
                    extra(&mut map)?;
                }
                _ => return Err(no()),
            }
        }
        if !fields.took(&["from", "to", "kind"]) || !dates_ordered(link.since, link.until) {
            return Err(no());
        }
        link.set_ends((PartyIndex::Firm(from), PartyIndex::Firm(to)));
        r.links.push(link);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A synthetic dataset with its top-level fields in `order`.
    fn document(firms: usize, order: &[&str], edit: impl Fn(&mut crate::Dataset)) -> String {
        let mut dataset = crate::synth::generate(firms, 21);
        edit(&mut dataset);
        let value = serde_json::to_value(&dataset).unwrap();
        let fields: Vec<String> = order
            .iter()
            .filter(|key| !value[**key].is_null())
            .map(|key| format!("{key:?}: {}", value[*key]))
            .collect();
        format!("{{{}}}", fields.join(",\n"))
    }

    /// Reads `text` on one thread and on two, and checks they agree with the graph.
    fn read_both_ways(text: &str) -> bool {
        let chain = crate::builtin::vrfb_chain();
        let one = read(chain.clone(), text.as_bytes(), usize::MAX);
        let two = read(chain, text.as_bytes(), 0);
        let graph = KnowledgeGraph::from_json_slices(
            crate::builtin::VRFB_CHAIN_JSON.as_bytes(),
            text.as_bytes(),
        )
        .unwrap();
        let expected = crate::analysis::gaps(&graph, "cn", &Options::default())
            .unwrap()
            .to_json_string();
        for registry in [&one, &two] {
            let registry = registry.as_ref().expect("read in one pass");
            let report = registry.gaps("cn", &Options::default()).unwrap();
            assert_eq!(report.to_json_string(), expected);
        }
        true
    }

    #[test]
    fn the_links_thread_reads_what_one_thread_reads_whatever_the_field_order() {
        for order in [
            [
                "format",
                "chain",
                "as_of",
                "sources",
                "regions",
                "firms",
                "organizations",
                "links",
            ],
            [
                "format",
                "chain",
                "as_of",
                "regions",
                "firms",
                "organizations",
                "sources",
                "links",
            ],
            [
                "links",
                "sources",
                "organizations",
                "firms",
                "regions",
                "as_of",
                "chain",
                "format",
            ],
            // Ends with `]}` without ending with the links.
            [
                "chain",
                "format",
                "firms",
                "links",
                "regions",
                "sources",
                "as_of",
                "organizations",
            ],
        ] {
            assert!(read_both_ways(&document(300, &order, |_| {})));
        }
    }

    #[test]
    fn a_links_key_in_the_last_links_extra_does_not_mislead_the_links_thread() {
        let order = [
            "format",
            "chain",
            "sources",
            "regions",
            "firms",
            "organizations",
            "links",
        ];
        let text = document(300, &order, |d| {
            d.links.last_mut().unwrap().extra =
                Some(serde_json::from_str(r#"{"links": [1]}"#).unwrap());
        });
        assert!(text.contains(r#""links":[1]"#) || text.contains(r#""links": [1]"#));
        assert!(read_both_ways(&text));
    }

    #[test]
    fn only_json_white_space_is_skipped_around_the_links() {
        let order = [
            "format",
            "chain",
            "sources",
            "regions",
            "firms",
            "organizations",
            "links",
        ];
        let text = document(300, &order, |_| {});
        assert!(text.ends_with("]}"));
        let chain = crate::builtin::vrfb_chain();
        let valid = text.replacen("\"links\": [", "\"links\" :\r\n\t [", 1);
        let valid = format!("{} \n}}\n", &valid[..valid.len() - 1]);
        assert!(read(chain.clone(), valid.as_bytes(), 0).is_some());
        // A no-break space is not JSON white space: these are not JSON documents.
        let before_colon = text.replacen("\"links\": [", "\"links\"\u{a0}: [", 1);
        let before_brace = format!("{}\u{a0}}}", &text[..text.len() - 1]);
        let after_brace = format!("{text}\u{a0}");
        for bad in [before_colon, before_brace, after_brace] {
            assert!(read(chain.clone(), bad.as_bytes(), 0).is_none());
            assert!(read(chain.clone(), bad.as_bytes(), usize::MAX).is_none());
            let err = KnowledgeGraph::from_json_slices(
                crate::builtin::VRFB_CHAIN_JSON.as_bytes(),
                bad.as_bytes(),
            );
            assert!(err.is_err());
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Byte edits around and inside the links the second thread reads: the two-thread
        /// read accepts exactly what the one-thread read accepts, with the same report, and
        /// what either accepts the full loader accepts.
        #[test]
        fn two_threads_accept_what_one_thread_accepts(
            edits in proptest::collection::vec((0usize..4, 0usize..200, 0usize..12), 1..4)
        ) {
            static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
            let text = TEXT.get_or_init(|| {
                let order = ["format", "chain", "sources", "regions", "firms", "organizations", "links"];
                document(120, &order, |_| {})
            });
            let mut bytes = text.clone().into_bytes();
            let key = bytes.windows(8).rposition(|w| w == b"\"links\":").unwrap_or(0);
            // JSON white space most often, so that many edited documents stay valid.
            let tokens: [&[u8]; 12] = [
                b" ", b"\n", b"\t", b"\r", b"  ", "\u{a0}".as_bytes(), "\u{2003}".as_bytes(),
                b"}", b"]", b",", b"\"links\": [", b"\"",
            ];
            for (place, offset, token) in edits {
                // Near the key, in the first link, in the last link, or at the very end.
                let at = match place {
                    0 => key + offset % 16,
                    1 => key + 10 + offset,
                    2 => bytes.len().saturating_sub(1 + offset),
                    _ => bytes.len().saturating_sub(1 + offset % 3),
                };
                let at = at.min(bytes.len());
                if offset % 4 != 3 {
                    bytes.splice(at..at, tokens[token].iter().copied());
                } else if at < bytes.len() {
                    bytes.remove(at);
                }
            }
            let chain = crate::builtin::vrfb_chain();
            let one = read(chain.clone(), &bytes, usize::MAX);
            let two = read(chain, &bytes, 0);
            proptest::prop_assert_eq!(one.is_some(), two.is_some());
            if let (Some(one), Some(two)) = (one, two) {
                let graph = KnowledgeGraph::from_json_slices(
                    crate::builtin::VRFB_CHAIN_JSON.as_bytes(),
                    &bytes,
                );
                proptest::prop_assert!(graph.is_ok(), "the full loader refuses what the registry read");
                let report = |r: &Registry| r.gaps("cn", &Options::default()).unwrap().to_json_string();
                proptest::prop_assert_eq!(report(&one), report(&two));
            }
        }
    }

    #[test]
    fn links_the_second_thread_finds_invalid_are_refused() {
        let order = [
            "format",
            "chain",
            "sources",
            "regions",
            "firms",
            "organizations",
            "links",
        ];
        let text = document(300, &order, |d| {
            let first = d.links[0].clone();
            d.links.push(first); // a duplicate link
        });
        let chain = crate::builtin::vrfb_chain();
        assert!(read(chain.clone(), text.as_bytes(), 0).is_none());
        assert!(read(chain, text.as_bytes(), usize::MAX).is_none());
    }

    fn link(kind: LinkKind, from: u32, to: u32, product: Option<u32>) -> LinkRow {
        LinkRow::new(
            kind,
            Status::Operating,
            None,
            None,
            (PartyIndex::Firm(from), PartyIndex::Organization(to)),
            product,
        )
    }

    #[test]
    fn duplicates_are_found_with_either_key_width() {
        let narrow = |l: &LinkRow, (a, b): (PartyIndex, PartyIndex)| {
            let code = |p| match p {
                PartyIndex::Firm(f) => u64::from(f),
                PartyIndex::Organization(o) => 1000 + u64::from(o),
            };
            code(a) << 40 | code(b) << 16 | (l.kind as u64) << 13 | l.product().map_or(0, u64::from)
        };
        let wide = |l: &LinkRow, ends: (PartyIndex, PartyIndex)| u128::from(narrow(l, ends)) << 7;
        let distinct = [
            link(LinkKind::Supplies, 1, 2, Some(0)),
            link(LinkKind::Supplies, 1, 2, Some(1)),
            link(LinkKind::Owns, 1, 2, None),
            link(LinkKind::PartnersWith, 1, 3, None),
        ];
        assert!(!has_duplicates(&distinct, narrow));
        assert!(!has_duplicates(&distinct, wide));
        let mut twice = distinct.to_vec();
        twice.push(link(LinkKind::Owns, 1, 2, None));
        assert!(has_duplicates(&twice, narrow));
        assert!(has_duplicates(&twice, wide));
        // A partnership stored both ways.
        let mut both_ways = distinct.to_vec();
        let mut back = link(LinkKind::PartnersWith, 0, 0, None);
        back.set_ends((PartyIndex::Organization(3), PartyIndex::Firm(1)));
        both_ways.push(back);
        assert!(has_duplicates(&both_ways, narrow));
        assert!(has_duplicates(&both_ways, wide));
    }
}
