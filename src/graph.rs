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
}

/// Ids resolved to positions, built once with the graph.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    pub(crate) segment: FxHashMap<String, u32>,
    pub(crate) product: FxHashMap<String, u32>,
    pub(crate) region: FxHashMap<String, u32>,
    pub(crate) party: FxHashMap<String, PartyIndex>,
    pub(crate) source_grade: FxHashMap<String, Grade>,
    /// Segment position of each product.
    pub(crate) product_segment: Vec<u32>,
    /// Parent of each region.
    pub(crate) region_parent: Vec<Option<u32>>,
    /// Region of each firm.
    pub(crate) firm_region: Vec<u32>,
    /// Region of each organization, when known.
    pub(crate) organization_region: Vec<Option<u32>>,
    /// Where each firm's makes facts start in `fact_product` and `fact_grade`: firm `f`'s
    /// fact `j` is at `fact_start[f] + j` (one flat list, not a list per firm).
    pub(crate) fact_start: Vec<u32>,
    /// Product of each makes fact.
    pub(crate) fact_product: Vec<u32>,
    /// Evidence grade of each makes fact.
    pub(crate) fact_grade: Vec<Option<Grade>>,
    /// The two ends of each link.
    pub(crate) link_ends: Vec<(PartyIndex, PartyIndex)>,
    /// The product of each link, when it has one.
    pub(crate) link_product: Vec<Option<u32>>,
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
        Ok(Self::build(chain, dataset, &store))
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
        let template = Chain::from_slice(chain)?;
        let options = reader::Options {
            template: Some(&template),
            keep: true,
            rules: reader::Rules::All,
        };
        let read = reader::read(dataset, options)?;
        let data = read.dataset.unwrap_or_default();
        let graph = Self::build(template, data, &read.store);
        Ok(graph)
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
        KnowledgeGraph::from_json_slices(&chain_bytes, &dataset_bytes).map_err(|e| {
            match e.document() {
                Some(Document::Chain) => e.in_file(chain),
                _ => e.in_file(dataset),
            }
        })
    }

    /// Builds the graph of a valid pair, with the references the reader resolved in
    /// `store`. Every id resolves; nothing here can fail.
    fn build(chain: Chain, dataset: Dataset, store: &reader::Store) -> KnowledgeGraph {
        let n_nodes = chain.segments.len()
            + chain.products.len()
            + dataset.regions.len()
            + dataset.firms.len()
            + dataset.organizations.len();
        let n_facts: usize = dataset.firms.iter().map(|f| f.makes.len()).sum();
        let n_inputs: usize = chain
            .products
            .iter()
            .flat_map(|p| &p.inputs)
            .map(|r| r.alternatives().len())
            .sum();
        let n_edges = chain.products.len()
            + n_inputs
            + n_facts
            + dataset.regions.len()
            + dataset.firms.len()
            + dataset.organizations.len()
            + dataset.links.len();
        let mut graph = DiGraph::with_capacity(n_nodes, n_edges);
        let mut ix = Index {
            segment: hash::map_with_capacity(chain.segments.len()),
            product: hash::map_with_capacity(chain.products.len()),
            region: hash::map_with_capacity(dataset.regions.len()),
            party: hash::map_with_capacity(dataset.firms.len() + dataset.organizations.len()),
            source_grade: hash::map_with_capacity(dataset.sources.len()),
            product_segment: Vec::with_capacity(chain.products.len()),
            region_parent: store.region_parent.clone(),
            firm_region: store.firm_region.clone(),
            organization_region: store.organization_region.clone(),
            fact_start: Vec::with_capacity(dataset.firms.len() + 1),
            fact_product: Vec::with_capacity(n_facts),
            fact_grade: store.facts.iter().map(|f| f.grade).collect(),
            link_ends: store.links.iter().map(|l| l.ends()).collect(),
            link_product: Vec::with_capacity(dataset.links.len()),
            base: [0; 5],
            firm_order: OnceLock::new(),
        };

        let base = |g: &DiGraph<Node, Edge, u32>| g.node_count() as u32;
        ix.base[0] = base(&graph);
        for (i, s) in chain.segments.iter().enumerate() {
            graph.add_node(Node::Segment(i as u32));
            ix.segment.insert(s.id.clone(), i as u32);
        }
        ix.base[1] = base(&graph);
        for (i, p) in chain.products.iter().enumerate() {
            graph.add_node(Node::Product(i as u32));
            ix.product.insert(p.id.clone(), i as u32);
        }
        ix.base[2] = base(&graph);
        for (i, r) in dataset.regions.iter().enumerate() {
            graph.add_node(Node::Region(i as u32));
            ix.region.insert(r.id.clone(), i as u32);
        }
        ix.base[3] = base(&graph);
        for (i, f) in dataset.firms.iter().enumerate() {
            graph.add_node(Node::Firm(i as u32));
            ix.party.insert(f.id.clone(), PartyIndex::Firm(i as u32));
        }
        ix.base[4] = base(&graph);
        for (i, o) in dataset.organizations.iter().enumerate() {
            graph.add_node(Node::Organization(i as u32));
            ix.party
                .insert(o.id.clone(), PartyIndex::Organization(i as u32));
        }
        for s in &dataset.sources {
            ix.source_grade.insert(s.id.clone(), s.grade);
        }

        // Template edges.
        for (i, p) in chain.products.iter().enumerate() {
            let seg = ix.segment[p.segment.as_str()];
            ix.product_segment.push(seg);
            graph.add_edge(
                NodeIndex::new((ix.base[1] as usize) + i),
                NodeIndex::new((ix.base[0] + seg) as usize),
                Edge::InSegment,
            );
            for (k, req) in p.inputs.iter().enumerate() {
                for alt in req.alternatives() {
                    let a = ix.product[alt.as_str()];
                    graph.add_edge(
                        NodeIndex::new((ix.base[1] + a) as usize),
                        NodeIndex::new((ix.base[1] as usize) + i),
                        Edge::InputOf {
                            requirement: k as u32,
                        },
                    );
                }
            }
        }
        // Dataset edges.
        for (i, &parent) in ix.region_parent.iter().enumerate() {
            if let Some(par) = parent {
                graph.add_edge(
                    NodeIndex::new((ix.base[2] as usize) + i),
                    NodeIndex::new((ix.base[2] + par) as usize),
                    Edge::PartOf,
                );
            }
        }
        for (i, f) in dataset.firms.iter().enumerate() {
            let node = NodeIndex::new((ix.base[3] as usize) + i);
            let region = ix.firm_region[i];
            graph.add_edge(
                node,
                NodeIndex::new((ix.base[2] + region) as usize),
                Edge::LocatedIn,
            );
            ix.fact_start.push(ix.fact_product.len() as u32);
            for (j, m) in f.makes.iter().enumerate() {
                let prod = ix.product[m.product.as_str()];
                ix.fact_product.push(prod);
                graph.add_edge(
                    node,
                    NodeIndex::new((ix.base[1] + prod) as usize),
                    Edge::Makes { fact: j as u32 },
                );
            }
        }
        ix.fact_start.push(ix.fact_product.len() as u32);
        for (i, &region) in ix.organization_region.iter().enumerate() {
            if let Some(region) = region {
                graph.add_edge(
                    NodeIndex::new((ix.base[4] as usize) + i),
                    NodeIndex::new((ix.base[2] + region) as usize),
                    Edge::LocatedIn,
                );
            }
        }
        for (i, l) in dataset.links.iter().enumerate() {
            let (from, to) = ix.link_ends[i];
            ix.link_product
                .push(l.product.as_ref().map(|p| ix.product[p.as_str()]));
            graph.add_edge(ix.party_node(from), ix.party_node(to), Edge::Link(i as u32));
        }
        KnowledgeGraph {
            chain,
            dataset,
            graph,
            index: ix,
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
        match self.index.party.get(id)? {
            PartyIndex::Firm(i) => Some(&self.dataset.firms[*i as usize]),
            PartyIndex::Organization(_) => None,
        }
    }

    /// The organization with this id.
    pub fn organization(&self, id: &str) -> Option<&Organization> {
        match self.index.party.get(id)? {
            PartyIndex::Organization(i) => Some(&self.dataset.organizations[*i as usize]),
            PartyIndex::Firm(_) => None,
        }
    }

    /// The firm or organization with this id.
    pub fn party(&self, id: &str) -> Option<Party<'_>> {
        Some(self.party_at(*self.index.party.get(id)?))
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
        let i = *self.index.region.get(id)?;
        Some(&self.dataset.regions[i as usize])
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.dataset.sources.iter().find(|s| s.id == id)
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
        let Some(PartyIndex::Firm(f)) = self.index.party.get(firm).copied() else {
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
        let Some(&p) = self.index.party.get(id) else {
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
        let &r = self.index.region.get(region)?;
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
        let &r = self.index.region.get(region)?;
        let mut path: Vec<&Region> = self
            .index
            .region_chain(r)
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
        self.index.grade(fact.sources())
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
    pub(crate) fn party_node(&self, p: PartyIndex) -> NodeIndex<u32> {
        match p {
            PartyIndex::Firm(i) => NodeIndex::new((self.base[3] + i) as usize),
            PartyIndex::Organization(i) => NodeIndex::new((self.base[4] + i) as usize),
        }
    }

    /// The region and its ancestors, nearest first.
    pub(crate) fn region_chain(&self, region: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(Some(region), move |&r| self.region_parent[r as usize])
    }

    /// The firms in id order (`firms` are the dataset's), sorted on the first call: every
    /// analysis writes its firm lists in this order, and at 100k firms the sort is a good
    /// part of the analysis of a zone.
    pub(crate) fn firm_order(&self, firms: &[Firm]) -> &FirmOrder {
        self.firm_order
            .get_or_init(|| FirmOrder::of(firms.len(), |f| &firms[f].id))
    }

    /// The position of firm `firm`'s makes fact `fact` in the flat fact lists.
    pub(crate) fn fact(&self, firm: usize, fact: usize) -> usize {
        self.fact_start[firm] as usize + fact
    }

    pub(crate) fn grade(&self, sources: &[String]) -> Option<Grade> {
        sources
            .iter()
            .filter_map(|s| self.source_grade.get(s.as_str()).copied())
            .max()
    }
}
