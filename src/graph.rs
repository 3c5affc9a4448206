//! [`KnowledgeGraph`]: a validated template and dataset, indexed as one petgraph directed
//! graph.

use std::path::Path;
use std::sync::OnceLock;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction::{Incoming, Outgoing};

use crate::chain::{Chain, Product, Segment};
use crate::dataset::{Dataset, Fact, Firm, Grade, Link, LinkKind, Organization, Region, Source};
use crate::error::{Document, Error, Result};
use crate::hash::{self, FxHashMap};
use crate::reader;
use crate::store::Store;

/// A node of the graph: a handle (an index) into the template's or the dataset's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    /// `chain.segments[i]`.
    Segment(u32),
    /// `chain.products[i]`.
    Product(u32),
    /// `dataset.regions[i]`.
    Region(u32),
    /// `dataset.firms[i]`.
    Firm(u32),
    /// `dataset.organizations[i]`.
    Organization(u32),
}

/// An edge of the graph: a typed relation, with a handle to the fact behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edge {
    /// product → segment: the product belongs to the segment.
    InSegment,
    /// input product → product: the input is an alternative of the product's requirement
    /// number `requirement`.
    InputOf {
        /// The position of the requirement in the product's `inputs`.
        requirement: u32,
    },
    /// firm → product: `firms[firm].makes[fact]`.
    Makes {
        /// The position of the fact in the firm's `makes`.
        fact: u32,
    },
    /// firm or organization → region.
    LocatedIn,
    /// region → its parent region.
    PartOf,
    /// from → to: `dataset.links[i]`.
    Link(u32),
}

/// A firm or an organization: the two share one id namespace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Party<'g> {
    /// A firm.
    Firm(&'g Firm),
    /// An organization.
    Organization(&'g Organization),
}

impl<'g> Party<'g> {
    /// Its id.
    pub fn id(&self) -> &'g str {
        match self {
            Party::Firm(f) => &f.id,
            Party::Organization(o) => &o.id,
        }
    }
}

/// A supplies link seen from one side: the product, the firm at the other end, and the
/// link itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trade<'g> {
    /// The product traded.
    pub product: &'g str,
    /// The firm at the other end (the supplier, or the customer).
    pub firm: &'g Firm,
    /// The supplies link.
    pub link: &'g Link,
}

/// The knowledge graph: a chain template and a dataset that validate together, indexed as
/// one petgraph directed graph whose nodes are segments, products, regions, firms and
/// organizations, and whose edges are the typed relations between them ([`Edge`]).
///
/// The data lives once, in the template and the dataset; nodes and edges are small handles
/// into them. The API speaks in ids.
///
/// ```
/// use vrfb_chain::KnowledgeGraph;
/// let graph = KnowledgeGraph::from_paths(
///     concat!(env!("CARGO_MANIFEST_DIR"), "/data/minimal.chain.json"),
///     concat!(env!("CARGO_MANIFEST_DIR"), "/data/minimal.dataset.json"),
/// ).unwrap();
/// let makers: Vec<&str> = graph.makers("stack").iter().map(|f| f.id.as_str()).collect();
/// assert_eq!(makers, ["stackco"]);
/// ```
#[derive(Debug, Clone)]
pub struct KnowledgeGraph {
    chain: Chain,
    dataset: Dataset,
    graph: DiGraph<Node, Edge, u32>,
    pub(crate) index: Index,
    /// The reader's store of the dataset: every reference resolved, facts and links as
    /// rows. The analysis reads it, as it reads a registry.
    pub(crate) store: Store,
}

/// The template's ids resolved to positions, and where each kind of node starts, built
/// once with the graph. The dataset's ids (regions, firms, organizations, sources) are
/// found in the store, which holds each once.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    pub(crate) segment: FxHashMap<String, u32>,
    pub(crate) product: FxHashMap<String, u32>,
    /// Segment position of each product.
    pub(crate) product_segment: Vec<u32>,
    /// First node of each kind: segments, products, regions, firms, organizations.
    base: [u32; 5],
    /// The firms in id order, sorted on first use ([`Index::firm_order`]).
    firm_order: OnceLock<FirmOrder>,
}

/// The firms in id order, and each firm's place in it.
#[derive(Debug, Clone, Default)]
pub(crate) struct FirmOrder {
    /// Firm positions, by id.
    pub(crate) by_id: Vec<u32>,
    /// The place of each firm in `by_id`.
    pub(crate) rank: Vec<u32>,
}

impl FirmOrder {
    /// The order of `n` firms whose ids `id` gives.
    ///
    /// The sort compares the ids' first 16 bytes (zero-padded, big-endian, which orders
    /// them as their bytes do) and, on a tie, the whole ids: most comparisons stay in the
    /// list being sorted instead of reading two ids from the heap.
    pub(crate) fn of<'a>(n: usize, id: impl Fn(usize) -> &'a str) -> FirmOrder {
        let prefix = |id: &str| {
            let mut head = [0u8; 16];
            let n = id.len().min(16);
            head[..n].copy_from_slice(&id.as_bytes()[..n]);
            u128::from_be_bytes(head)
        };
        let mut keyed: Vec<(u128, u32)> = (0..n).map(|i| (prefix(id(i)), i as u32)).collect();
        keyed.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| id(a.1 as usize).cmp(id(b.1 as usize)))
        });
        let by_id: Vec<u32> = keyed.into_iter().map(|(_, f)| f).collect();
        let mut rank = vec![0u32; n];
        for (k, &f) in by_id.iter().enumerate() {
            rank[f as usize] = k as u32;
        }
        FirmOrder { by_id, rank }
    }
}

pub(crate) use crate::dataset::PartyIndex;

impl KnowledgeGraph {
    /// Builds the graph from a template and a dataset, after checking both against every
    /// rule of the data-format spec and the dataset against the template.
    ///
    /// # Errors
    /// [`Error::Invalid`] listing every problem: of the template when it is invalid,
    /// otherwise of the dataset (on its own and against the template).
    ///
    /// # Complexity
    /// O(n) expected time and space in the size of the two documents.
    pub fn new(chain: Chain, dataset: Dataset) -> Result<KnowledgeGraph> {
        let problems = chain.validate();
        if !problems.is_empty() {
            return Err(Error::Invalid {
                file: None,
                document: Document::Chain,
                problems,
            });
        }
        let store = reader::check(&dataset, Some(&chain))?;
        Ok(Self::build(chain, dataset, store))
    }

    /// Parses a template and a dataset from JSON bytes, checks them, and builds the graph.
    ///
    /// Unlike loading the two documents apart and calling [`KnowledgeGraph::new`], the
    /// dataset's problems on its own and against the template are reported together, and
    /// the dataset is checked once.
    ///
    /// ```
    /// use vrfb_chain::{builtin, KnowledgeGraph};
    /// let graph = KnowledgeGraph::from_json_slices(
    ///     builtin::MINIMAL_CHAIN_JSON.as_bytes(),
    ///     builtin::MINIMAL_DATASET_JSON.as_bytes(),
    /// ).unwrap();
    /// assert_eq!(graph.dataset().firms.len(), 6);
    /// let bad = builtin::MINIMAL_DATASET_JSON
    ///     .replace(r#""product": "stack""#, r#""product": "stak""#)
    ///     .replace(r#""share": 0.51"#, r#""share": 1.51"#);
    /// let err = KnowledgeGraph::from_json_slices(builtin::MINIMAL_CHAIN_JSON.as_bytes(), bad.as_bytes())
    ///     .unwrap_err();
    /// assert_eq!(err.problems().len(), 3); // two unknown products and a share, together
    /// ```
    ///
    /// # Errors
    /// [`Error::Json`] or [`Error::Invalid`] about the template when it does not load;
    /// otherwise about the dataset, with every problem it has.
    pub fn from_json_slices(chain: &[u8], dataset: &[u8]) -> Result<Self> {
        let (template, data, store) = Self::read(chain, dataset)?;
        Ok(Self::build(template, data, store))
    }

    /// The template and the dataset read and checked, with the dataset's store.
    fn read(chain: &[u8], dataset: &[u8]) -> Result<(Chain, Dataset, Store)> {
        let template = Chain::from_slice(chain)?;
        let options = reader::Options {
            template: Some(&template),
            keep: crate::reader::Keep::Dataset,
            rules: reader::Rules::All,
        };
        let read = reader::read(dataset, options)?;
        let data = read.dataset.unwrap_or_default();
        Ok((template, data, read.store))
    }

    /// Loads a template and a dataset from files and builds the graph, reporting every
    /// problem of the dataset (on its own and against the template) together.
    ///
    /// # Errors
    /// As [`KnowledgeGraph::from_json_slices`], and [`Error::Io`] when a file cannot be
    /// read; every error names the file it is about.
    pub fn from_paths(chain: impl AsRef<Path>, dataset: impl AsRef<Path>) -> Result<Self> {
        let (chain, dataset) = (chain.as_ref(), dataset.as_ref());
        let chain_bytes = crate::read::file(chain)?;
        let dataset_bytes = crate::read::file(dataset)?;
        let read = KnowledgeGraph::read(&chain_bytes, &dataset_bytes);
        let (template, data, store) = read.map_err(|e| match e.document() {
            Some(Document::Chain) => e.in_file(chain),
            _ => e.in_file(dataset),
        })?;
        // The file's bytes are not needed to build the graph: freed first, they do not
        // add to the peak memory.
        drop(dataset_bytes);
        Ok(KnowledgeGraph::build(template, data, store))
    }

    /// Builds the graph of a valid pair, with the references the reader resolved in
    /// `store`. Every id resolves; nothing here can fail.
    pub(crate) fn build(chain: Chain, dataset: Dataset, store: Store) -> KnowledgeGraph {
        let n_inputs: usize = chain
            .products
            .iter()
            .flat_map(|p| &p.inputs)
            .map(|r| r.alternatives().len())
            .sum();
        let n_nodes = chain.segments.len()
            + chain.products.len()
            + dataset.regions.len()
            + dataset.firms.len()
            + dataset.organizations.len();
        let n_edges =
            chain.products.len() + n_inputs + store.facts.len() + n_nodes + dataset.links.len();
        let mut graph = DiGraph::with_capacity(n_nodes, n_edges);
        let index = Index::with_nodes(&mut graph, &chain, &dataset);
        index.add_template_edges(&mut graph, &chain);
        index.add_dataset_edges(&mut graph, &store);
        KnowledgeGraph {
            chain,
            dataset,
            graph,
            index,
            store,
        }
    }

    /// The chain template.
    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// Gives back the template and the dataset.
    pub fn into_parts(self) -> (Chain, Dataset) {
        (self.chain, self.dataset)
    }

    /// The number of nodes and edges of the graph.
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let (nodes, edges) = graph.size();
    /// assert!(nodes > 0 && edges > 0);
    /// ```
    pub fn size(&self) -> (usize, usize) {
        (self.graph.node_count(), self.graph.edge_count())
    }

    /// The underlying petgraph graph, for algorithms this crate does not offer. Node and
    /// edge weights are handles into [`KnowledgeGraph::chain`] and
    /// [`KnowledgeGraph::dataset`].
    pub fn petgraph(&self) -> &DiGraph<Node, Edge, u32> {
        &self.graph
    }

    /// The firm with this id.
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// assert_eq!(graph.firm("leader").unwrap().region, "zone-a");
    /// assert!(graph.firm("alliance").is_none()); // an organization, not a firm
    /// ```
    pub fn firm(&self, id: &str) -> Option<&Firm> {
        match self.store.party(id)? {
            PartyIndex::Firm(i) => Some(&self.dataset.firms[i as usize]),
            PartyIndex::Organization(_) => None,
        }
    }

    /// The organization with this id.
    pub fn organization(&self, id: &str) -> Option<&Organization> {
        match self.store.party(id)? {
            PartyIndex::Organization(i) => Some(&self.dataset.organizations[i as usize]),
            PartyIndex::Firm(_) => None,
        }
    }

    /// The firm or organization with this id.
    pub fn party(&self, id: &str) -> Option<Party<'_>> {
        Some(self.party_at(self.store.party(id)?))
    }

    pub(crate) fn party_at(&self, p: PartyIndex) -> Party<'_> {
        match p {
            PartyIndex::Firm(i) => Party::Firm(&self.dataset.firms[i as usize]),
            PartyIndex::Organization(i) => {
                Party::Organization(&self.dataset.organizations[i as usize])
            }
        }
    }

    /// The product with this id.
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// assert_eq!(graph.product("stack").unwrap().segment, "stack");
    /// ```
    pub fn product(&self, id: &str) -> Option<&Product> {
        let i = *self.index.product.get(id)?;
        Some(&self.chain.products[i as usize])
    }

    /// The segment with this id.
    pub fn segment(&self, id: &str) -> Option<&Segment> {
        let i = *self.index.segment.get(id)?;
        Some(&self.chain.segments[i as usize])
    }

    /// The region with this id.
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// assert_eq!(graph.region("zone-a").unwrap().parent.as_deref(), Some("city-a"));
    /// ```
    pub fn region(&self, id: &str) -> Option<&Region> {
        let i = self.store.regions.find(id)?;
        Some(&self.dataset.regions[i as usize])
    }

    /// The source with this id.
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// use vrfb_chain::Grade;
    /// let source = graph.source("ex-b").unwrap();
    /// assert_eq!(source.grade, Grade::B);
    /// assert!(graph.source("leader").is_none()); // a firm, not a source
    /// ```
    pub fn source(&self, id: &str) -> Option<&Source> {
        let i = self.store.sources.find(id)?;
        Some(&self.dataset.sources[i as usize])
    }

    /// The firms that make a product (with a fact of any status), by id; empty for an
    /// unknown product.
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let ids: Vec<&str> = graph.makers("v2o5").iter().map(|f| f.id.as_str()).collect();
    /// assert_eq!(ids, ["minerco", "slagworks"]);
    /// ```
    ///
    /// # Complexity
    /// O(k log k) for k makes facts of the product.
    pub fn makers(&self, product: &str) -> Vec<&Firm> {
        let Some(&p) = self.index.product.get(product) else {
            return Vec::new();
        };
        let node = NodeIndex::new((self.index.base[1] + p) as usize);
        let mut firms: Vec<&Firm> = self
            .graph
            .edges_directed(node, Incoming)
            .filter_map(|e| match (e.weight(), self.graph[e.source()]) {
                (Edge::Makes { .. }, Node::Firm(f)) => Some(&self.dataset.firms[f as usize]),
                _ => None,
            })
            .collect();
        firms.sort_by(|a, b| a.id.cmp(&b.id));
        firms.dedup_by(|a, b| a.id == b.id);
        firms
    }

    fn trades(&self, firm: &str, direction: petgraph::Direction) -> Vec<Trade<'_>> {
        let Some(PartyIndex::Firm(f)) = self.store.party(firm) else {
            return Vec::new();
        };
        let node = NodeIndex::new((self.index.base[3] + f) as usize);
        let mut trades: Vec<(u32, Trade<'_>)> = self
            .graph
            .edges_directed(node, direction)
            .filter_map(|e| {
                let Edge::Link(i) = *e.weight() else {
                    return None;
                };
                let link = &self.dataset.links[i as usize];
                if link.kind != LinkKind::Supplies {
                    return None;
                }
                let other = if direction == Incoming {
                    e.source()
                } else {
                    e.target()
                };
                let Node::Firm(o) = self.graph[other] else {
                    return None;
                };
                let product = link.product.as_deref()?;
                Some((
                    self.index.product[product],
                    Trade {
                        product,
                        firm: &self.dataset.firms[o as usize],
                        link,
                    },
                ))
            })
            .collect();
        trades.sort_by(|(pa, a), (pb, b)| pa.cmp(pb).then_with(|| a.firm.id.cmp(&b.firm.id)));
        trades.into_iter().map(|(_, t)| t).collect()
    }

    /// A firm's suppliers: its incoming `supplies` links, by product in template order, then
    /// by supplier id. Empty for an unknown firm.
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let suppliers: Vec<(&str, &str)> = graph
    ///     .suppliers("stackco")
    ///     .iter()
    ///     .map(|t| (t.product, t.firm.id.as_str()))
    ///     .collect();
    /// assert_eq!(suppliers, [("membrane", "membraneco")]);
    /// ```
    pub fn suppliers(&self, firm: &str) -> Vec<Trade<'_>> {
        self.trades(firm, Incoming)
    }

    /// A firm's customers: its outgoing `supplies` links, by product in template order,
    /// then by customer id. Empty for an unknown firm.
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let customers: Vec<(&str, &str)> = graph
    ///     .customers("stackco")
    ///     .iter()
    ///     .map(|t| (t.product, t.firm.id.as_str()))
    ///     .collect();
    /// assert_eq!(customers, [("stack", "leader")]);
    /// ```
    pub fn customers(&self, firm: &str) -> Vec<Trade<'_>> {
        self.trades(firm, Outgoing)
    }

    /// Every link of a firm or organization, in either direction, in dataset order.
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let kinds: Vec<&str> = graph.links_of("leader").iter().map(|l| l.kind.as_str()).collect();
    /// assert_eq!(kinds, ["supplies", "owns", "member_of", "partners_with"]);
    /// ```
    pub fn links_of(&self, id: &str) -> Vec<&Link> {
        let Some(p) = self.store.party(id) else {
            return Vec::new();
        };
        let node = self.index.party_node(p);
        let mut links: Vec<u32> = self
            .graph
            .edges_directed(node, Outgoing)
            .chain(self.graph.edges_directed(node, Incoming))
            .filter_map(|e| match e.weight() {
                Edge::Link(i) => Some(*i),
                _ => None,
            })
            .collect();
        links.sort_unstable();
        links
            .into_iter()
            .map(|i| &self.dataset.links[i as usize])
            .collect()
    }

    /// The firms located in a region or anywhere below it, by id; `None` for an unknown
    /// region.
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let ids: Vec<&str> = graph.firms_in("city-a").unwrap().iter().map(|f| f.id.as_str()).collect();
    /// assert_eq!(ids, ["leader", "stackco"]);
    /// assert!(graph.firms_in("atlantis").is_none());
    /// ```
    ///
    /// # Complexity
    /// O(r + f log f) for the r regions and f firms of the subtree.
    pub fn firms_in(&self, region: &str) -> Option<Vec<&Firm>> {
        let r = self.store.regions.find(region)?;
        let mut stack = vec![NodeIndex::new((self.index.base[2] + r) as usize)];
        let mut firms = Vec::new();
        while let Some(node) = stack.pop() {
            for e in self.graph.edges_directed(node, Incoming) {
                match (e.weight(), self.graph[e.source()]) {
                    (Edge::PartOf, _) => stack.push(e.source()),
                    (Edge::LocatedIn, Node::Firm(f)) => firms.push(&self.dataset.firms[f as usize]),
                    _ => {}
                }
            }
        }
        firms.sort_by(|a, b| a.id.cmp(&b.id));
        Some(firms)
    }

    /// A region's path from its root down to it; `None` for an unknown region.
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let path: Vec<&str> = graph.region_path("zone-a").unwrap().iter().map(|r| r.id.as_str()).collect();
    /// assert_eq!(path, ["country", "province-a", "city-a", "zone-a"]);
    /// ```
    pub fn region_path(&self, region: &str) -> Option<Vec<&Region>> {
        let r = self.store.regions.find(region)?;
        let parent = &self.store.region_parent;
        let mut path: Vec<&Region> = std::iter::successors(Some(r), |&r| parent[r as usize])
            .map(|i| &self.dataset.regions[i as usize])
            .collect();
        path.reverse();
        Some(path)
    }

    /// A fact's evidence grade: the best grade among its sources, `None` ("none", below C)
    /// when it has no sources.
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// use vrfb_chain::Grade;
    /// let leader = graph.firm("leader").unwrap();
    /// assert_eq!(graph.grade(&leader.makes[0]), Some(Grade::B));
    /// ```
    pub fn grade<F: Fact + ?Sized>(&self, fact: &F) -> Option<Grade> {
        let grade = |s: &String| self.store.grade_of_source(s);
        fact.sources().iter().filter_map(grade).max()
    }

    /// Whether a fact holds at a date, by the spec's rule (see [`Fact::is_valid_at`]).
    ///
    /// ```
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let slag = graph.firm("slagworks").unwrap();
    /// assert!(!graph.is_valid_at(&slag.makes[0], Some("2024-06-01".parse().unwrap())));
    /// ```
    pub fn is_valid_at<F: Fact + ?Sized>(&self, fact: &F, date: Option<crate::Date>) -> bool {
        fact.is_valid_at(date)
    }
}

impl Index {
    /// Adds a node for each segment, product, region, firm and organization, in that
    /// order, and indexes the template's ids.
    fn with_nodes(graph: &mut DiGraph<Node, Edge, u32>, chain: &Chain, data: &Dataset) -> Index {
        let mut ix = Index {
            segment: hash::map_with_capacity(chain.segments.len()),
            product: hash::map_with_capacity(chain.products.len()),
            product_segment: Vec::with_capacity(chain.products.len()),
            base: [0; 5],
            firm_order: OnceLock::new(),
        };
        let mut add = |kind: usize, n: usize, node: fn(u32) -> Node| {
            ix.base[kind] = graph.node_count() as u32;
            for i in 0..n {
                graph.add_node(node(i as u32));
            }
        };
        add(0, chain.segments.len(), Node::Segment);
        add(1, chain.products.len(), Node::Product);
        add(2, data.regions.len(), Node::Region);
        add(3, data.firms.len(), Node::Firm);
        add(4, data.organizations.len(), Node::Organization);
        let numbered = |i: usize| i as u32;
        for (i, s) in chain.segments.iter().enumerate() {
            ix.segment.insert(s.id.clone(), numbered(i));
        }
        for (i, p) in chain.products.iter().enumerate() {
            ix.product.insert(p.id.clone(), numbered(i));
            ix.product_segment.push(ix.segment[p.segment.as_str()]);
        }
        ix
    }

    /// The node of kind `kind` (as [`Index::base`] numbers them) at position `i`.
    fn node(&self, kind: usize, i: u32) -> NodeIndex<u32> {
        NodeIndex::new((self.base[kind] + i) as usize)
    }

    /// Each product in its segment; each alternative of a requirement an input of its
    /// product.
    fn add_template_edges(&self, graph: &mut DiGraph<Node, Edge, u32>, chain: &Chain) {
        for (i, p) in chain.products.iter().enumerate() {
            let product = self.node(1, i as u32);
            graph.add_edge(
                product,
                self.node(0, self.product_segment[i]),
                Edge::InSegment,
            );
            for (k, req) in p.inputs.iter().enumerate() {
                for alt in req.alternatives() {
                    let input = self.node(1, self.product[alt.as_str()]);
                    let requirement = k as u32;
                    graph.add_edge(input, product, Edge::InputOf { requirement });
                }
            }
        }
    }

    /// Regions in their parents, firms and organizations in their regions, makes facts
    /// and links, as the store resolved them.
    fn add_dataset_edges(&self, graph: &mut DiGraph<Node, Edge, u32>, store: &Store) {
        for (i, parent) in store.region_parent.iter().enumerate() {
            if let Some(parent) = *parent {
                graph.add_edge(self.node(2, i as u32), self.node(2, parent), Edge::PartOf);
            }
        }
        for (f, &region) in store.firm_region.iter().enumerate() {
            let firm = self.node(3, f as u32);
            graph.add_edge(firm, self.node(2, region), Edge::LocatedIn);
            let facts = store.fact_start[f] as usize..store.fact_start[f + 1] as usize;
            for (j, fact) in store.facts[facts].iter().enumerate() {
                let edge = Edge::Makes { fact: j as u32 };
                graph.add_edge(firm, self.node(1, fact.product), edge);
            }
        }
        for (o, region) in store.organization_region.iter().enumerate() {
            if let Some(region) = *region {
                graph.add_edge(
                    self.node(4, o as u32),
                    self.node(2, region),
                    Edge::LocatedIn,
                );
            }
        }
        for (i, link) in store.links.iter().enumerate() {
            let (from, to) = link.ends();
            let edge = Edge::Link(i as u32);
            graph.add_edge(self.party_node(from), self.party_node(to), edge);
        }
    }

    pub(crate) fn party_node(&self, p: PartyIndex) -> NodeIndex<u32> {
        match p {
            PartyIndex::Firm(i) => NodeIndex::new((self.base[3] + i) as usize),
            PartyIndex::Organization(i) => NodeIndex::new((self.base[4] + i) as usize),
        }
    }

    /// The firms in id order (`firms` are the dataset's), sorted on the first call: every
    /// analysis writes its firm lists in this order, and at 100k firms the sort is a good
    /// part of the analysis of a zone.
    pub(crate) fn firm_order(&self, firms: &[Firm]) -> &FirmOrder {
        self.firm_order
            .get_or_init(|| FirmOrder::of(firms.len(), |f| &firms[f].id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;

    /// The minimal dataset with its lists in the order links, organizations, firms,
    /// regions, sources: each party, region and source is named before it is defined, so
    /// the store's ids are renumbered as the records are instead of moved as the reader
    /// numbered them.
    fn minimal_defined_last() -> KnowledgeGraph {
        let value: serde_json::Value =
            serde_json::from_str(builtin::MINIMAL_DATASET_JSON).expect("valid JSON");
        let order = "format chain as_of links organizations firms regions sources";
        let entries = order.split(' ').map(|key| {
            let json = serde_json::to_string(&value[key]).expect("a value serializes");
            format!("\"{key}\":{json}")
        });
        let text = format!("{{{}}}", entries.collect::<Vec<_>>().join(","));
        let chain = builtin::MINIMAL_CHAIN_JSON.as_bytes();
        KnowledgeGraph::from_json_slices(chain, text.as_bytes()).expect("valid data")
    }

    /// Links as their ends and kind, to compare graphs of one dataset.
    fn ends(links: Vec<&Link>) -> Vec<(String, String, LinkKind)> {
        let end = |l: &Link| (l.from.clone(), l.to.clone(), l.kind);
        links.into_iter().map(end).collect()
    }

    #[test]
    fn ids_are_found_whatever_order_the_records_come_in() {
        let (graph, usual) = (minimal_defined_last(), builtin::minimal_graph());
        let data = graph.dataset();
        assert_eq!(data.firms.len(), usual.dataset().firms.len());
        for (f, firm) in data.firms.iter().enumerate() {
            assert_eq!(graph.store.firm_ids.get(f as u32), firm.id);
            assert_eq!(graph.party(&firm.id), Some(Party::Firm(firm)));
            let same = usual.firm(&firm.id).expect("the same firms");
            for (fact, same) in firm.makes.iter().zip(&same.makes) {
                assert_eq!(graph.grade(fact), usual.grade(same));
            }
            assert_eq!(
                ends(graph.links_of(&firm.id)),
                ends(usual.links_of(&firm.id))
            );
        }
        assert_eq!(graph.store.firm_ids.len(), data.firms.len());
        for o in &data.organizations {
            assert_eq!(graph.organization(&o.id), Some(o));
            assert!(graph.firm(&o.id).is_none());
            assert_eq!(ends(graph.links_of(&o.id)), ends(usual.links_of(&o.id)));
        }
        for r in &usual.dataset().regions {
            assert_eq!(graph.region(&r.id).map(|r| &r.id), Some(&r.id));
            let ids = |g: &KnowledgeGraph| g.region_path(&r.id).map(|p| p.len());
            assert_eq!(ids(&graph), ids(&usual));
        }
        for s in &usual.dataset().sources {
            assert_eq!(graph.source(&s.id), Some(s));
        }
        assert_eq!(graph.grade(&data.firms[0].makes[0]), Some(Grade::B));
        assert!(graph.party("ex-a").is_none() && graph.source("leader").is_none());
    }
}
