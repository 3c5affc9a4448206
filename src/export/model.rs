//! The graph that the graph formats write (node-link, GraphML, Cytoscape, Neo4j), made one
//! node and one edge at a time in output order: only the positions of the records are
//! sorted, and each node's or edge's attributes exist while it is written.

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::records::{Order, Records};
use super::{ExportOptions, LIST_SEPARATOR};
use crate::analysis::GapReport;
use crate::chain::Chain;
use crate::dataset::{Extra, Fact, Firm, Grade, Link, LinkKind, Makes, Organization, PartyIndex};
use crate::date::Date;
use crate::hash::FxHashMap;
use crate::name::Name;

/// The type of an attribute, as GraphML declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttrType {
    String,
    Int,
    Double,
    Boolean,
    /// A list of strings: an array in JSON, joined by [`LIST_SEPARATOR`] in GraphML.
    List,
    /// Verbatim JSON: the value in JSON, its text in GraphML.
    Json,
}

impl AttrType {
    pub(crate) fn graphml(self) -> &'static str {
        match self {
            AttrType::String | AttrType::List | AttrType::Json => "string",
            AttrType::Int => "int",
            AttrType::Double => "double",
            AttrType::Boolean => "boolean",
        }
    }
}

/// Every graph attribute, in the order they are written.
pub(crate) const GRAPH_ATTRS: &[(&str, AttrType)] = &[
    ("chain", AttrType::String),
    ("name_zh", AttrType::String),
    ("name_en", AttrType::String),
    ("as_of", AttrType::String),
    ("filtered", AttrType::Boolean),
    ("scope", AttrType::String),
];

/// Every node attribute, in the order they are written (after `id`).
pub(crate) const NODE_ATTRS: &[(&str, AttrType)] = &[
    ("kind", AttrType::String),
    ("ref", AttrType::String),
    ("label", AttrType::String),
    ("name_zh", AttrType::String),
    ("name_en", AttrType::String),
    ("order", AttrType::Int),
    ("segment", AttrType::String),
    ("description", AttrType::String),
    ("region_kind", AttrType::String),
    ("parent", AttrType::String),
    ("region", AttrType::String),
    ("tags", AttrType::List),
    ("org_kind", AttrType::String),
    ("sources", AttrType::List),
    ("extra", AttrType::Json),
    ("gap_status", AttrType::String),
];

/// Every edge attribute, in the order they are written (after `source`, `target`, `key`).
pub(crate) const EDGE_ATTRS: &[(&str, AttrType)] = &[
    ("kind", AttrType::String),
    ("product", AttrType::String),
    ("status", AttrType::String),
    ("since", AttrType::String),
    ("until", AttrType::String),
    ("share", AttrType::Double),
    ("capacity", AttrType::Double),
    ("capacity_unit", AttrType::String),
    ("grade", AttrType::String),
    ("sources", AttrType::List),
    ("note", AttrType::String),
    ("extra", AttrType::Json),
    ("requirement", AttrType::Int),
    ("alternatives", AttrType::Int),
];

/// An attribute value, borrowing from the record it describes.
#[derive(Debug, Clone)]
pub(crate) enum Value<'r> {
    Str(Cow<'r, str>),
    /// A date, written as the dataset writes it.
    Date(Date),
    Int(i64),
    Double(f64),
    Bool(bool),
    List(&'r [String]),
    Json(&'r Extra),
}

impl serde::Serialize for Value<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Value::Str(v) => s.serialize_str(v),
            Value::Date(v) => v.serialize(s),
            Value::Int(v) => s.serialize_i64(*v),
            Value::Double(v) => s.serialize_f64(*v),
            Value::Bool(v) => s.serialize_bool(*v),
            Value::List(v) => v.serialize(s),
            Value::Json(v) => v.serialize(s),
        }
    }
}

impl Value<'_> {
    /// The value as GraphML writes it (before XML escaping).
    pub(crate) fn to_text(&self) -> Cow<'_, str> {
        match self {
            Value::Str(v) => Cow::Borrowed(v),
            Value::Date(v) => Cow::Owned(v.to_string()),
            Value::Int(v) => Cow::Owned(v.to_string()),
            Value::Double(v) => {
                Cow::Owned(serde_json::to_string(v).unwrap_or_else(|_| v.to_string()))
            }
            Value::Bool(v) => Cow::Borrowed(if *v { "true" } else { "false" }),
            Value::List(v) => Cow::Owned(v.join(LIST_SEPARATOR)),
            Value::Json(v) => Cow::Borrowed(v.get()),
        }
    }
}

/// Attributes in writing order.
pub(crate) type Attrs<'r> = Vec<(&'static str, Value<'r>)>;

/// The kind of a node, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NodeKind {
    Segment,
    Product,
    Region,
    Firm,
    Organization,
}

impl NodeKind {
    /// Every kind, in output order.
    pub(crate) const ALL: [NodeKind; 5] = [
        NodeKind::Segment,
        NodeKind::Product,
        NodeKind::Region,
        NodeKind::Firm,
        NodeKind::Organization,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            NodeKind::Segment => "segment",
            NodeKind::Product => "product",
            NodeKind::Region => "region",
            NodeKind::Firm => "firm",
            NodeKind::Organization => "organization",
        }
    }

    /// The kind of a link's end.
    fn of_party(p: PartyIndex) -> NodeKind {
        match p {
            PartyIndex::Firm(_) => NodeKind::Firm,
            PartyIndex::Organization(_) => NodeKind::Organization,
        }
    }
}

/// The kind of an edge, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EdgeKind {
    Makes,
    Link(LinkKind),
    InputOf,
    InSegment,
    LocatedIn,
    PartOf,
}

impl EdgeKind {
    /// Every kind, in output order.
    pub(crate) const ALL: [EdgeKind; 10] = [
        EdgeKind::Makes,
        EdgeKind::Link(LinkKind::Supplies),
        EdgeKind::Link(LinkKind::Owns),
        EdgeKind::Link(LinkKind::PartnersWith),
        EdgeKind::Link(LinkKind::MemberOf),
        EdgeKind::Link(LinkKind::TransfersTechnology),
        EdgeKind::InputOf,
        EdgeKind::InSegment,
        EdgeKind::LocatedIn,
        EdgeKind::PartOf,
    ];

    /// The kind's name: the `kind` attribute, and the prefix of its edges' keys.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Makes => "makes",
            EdgeKind::Link(kind) => kind.as_str(),
            EdgeKind::InputOf => "input_of",
            EdgeKind::InSegment => "in_segment",
            EdgeKind::LocatedIn => "located_in",
            EdgeKind::PartOf => "part_of",
        }
    }
}

/// A node id (`kind:ref`), an edge key (`kind:n`) or a plain string, written where it is
/// needed rather than made beforehand: an export writes millions.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Text<'r> {
    Str(&'r str),
    /// The id of a node in the exports: `kind:ref`.
    Node(NodeKind, &'r str),
    /// An edge key: the edge's kind and its place among the edges of that kind.
    Key(EdgeKind, usize),
}

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Text::Str(s) => f.write_str(s),
            Text::Node(kind, id) => write!(f, "{}:{id}", kind.as_str()),
            Text::Key(kind, n) => write!(f, "{}:{n}", kind.as_str()),
        }
    }
}

impl serde::Serialize for Text<'_> {
    /// A node id or an edge key is put together on the stack and written as one string:
    /// `collect_str` would take each piece through the formatting machinery and the
    /// escaper apart, for millions of ids. An id too long for the buffer (ids have at
    /// most 64 characters, so none does) is collected.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (mut buffer, mut digits) = ([0u8; 128], itoa::Buffer::new());
        let (kind, rest) = match *self {
            Text::Str(v) => return s.serialize_str(v),
            Text::Node(kind, id) => (kind.as_str(), id),
            Text::Key(kind, n) => (kind.as_str(), digits.format(n)),
        };
        match joined(&mut buffer, kind, rest) {
            Some(text) => s.serialize_str(text),
            None => s.collect_str(self),
        }
    }
}

/// `kind:rest` written into `buffer`, when it fits.
fn joined<'b>(buffer: &'b mut [u8; 128], kind: &str, rest: &str) -> Option<&'b str> {
    let len = kind.len() + 1 + rest.len();
    if len > buffer.len() {
        return None;
    }
    buffer[..kind.len()].copy_from_slice(kind.as_bytes());
    buffer[kind.len()] = b':';
    buffer[kind.len() + 1..len].copy_from_slice(rest.as_bytes());
    // Two `str`s and an ASCII colon: UTF-8.
    std::str::from_utf8(&buffer[..len]).ok()
}

/// A node of the export.
#[derive(Debug, Clone)]
pub(crate) struct Node<'r> {
    kind: NodeKind,
    /// The id in the template or the dataset.
    pub(crate) reference: &'r str,
    pub(crate) attrs: Attrs<'r>,
}

impl<'r> Node<'r> {
    /// The export's id, `kind:ref`.
    pub(crate) fn id(&self) -> Text<'r> {
        Text::Node(self.kind, self.reference)
    }
}

/// An edge of the export.
#[derive(Debug, Clone)]
pub(crate) struct Edge<'r> {
    /// The kinds and refs of its source and target.
    pub(crate) ends: [(NodeKind, &'r str); 2],
    /// `kind:n`, `n` counting the edges of its kind in output order.
    pub(crate) key: Text<'static>,
    pub(crate) attrs: Attrs<'r>,
}

impl<'r> Edge<'r> {
    /// The source's node id.
    pub(crate) fn source(&self) -> Text<'r> {
        Text::Node(self.ends[0].0, self.ends[0].1)
    }

    /// The target's node id.
    pub(crate) fn target(&self) -> Text<'r> {
        Text::Node(self.ends[1].0, self.ends[1].1)
    }
}

/// Adds a string attribute, when there is a value.
fn push_str<'r>(attrs: &mut Attrs<'r>, name: &'static str, value: Option<&'r str>) {
    if let Some(v) = value {
        attrs.push((name, Value::Str(Cow::Borrowed(v))));
    }
}

/// Adds a list attribute, when the list is not empty.
fn push_list<'r>(attrs: &mut Attrs<'r>, name: &'static str, value: &'r [String]) {
    if !value.is_empty() {
        attrs.push((name, Value::List(value)));
    }
}

/// Adds a date attribute, when there is a date.
fn push_date(attrs: &mut Attrs<'_>, name: &'static str, value: Option<Date>) {
    if let Some(d) = value {
        attrs.push((name, Value::Date(d)));
    }
}

/// Adds the user-defined `extra`, when there is one.
fn push_extra<'r>(attrs: &mut Attrs<'r>, extra: Option<&'r Extra>) {
    if let Some(extra) = extra {
        attrs.push(("extra", Value::Json(extra)));
    }
}

/// A static string attribute.
fn text(value: &'static str) -> Value<'static> {
    Value::Str(Cow::Borrowed(value))
}

/// A fact's `status`, `since` and `until`.
fn push_validity<F: Fact>(attrs: &mut Attrs<'_>, fact: &F) {
    attrs.push(("status", text(fact.status().as_str())));
    push_date(attrs, "since", fact.since());
    push_date(attrs, "until", fact.until());
}

/// The attributes every node has: `kind`, `ref`, `label` and the names given.
fn node_attrs<'r>(kind: NodeKind, id: &'r str, name: &'r Name) -> Attrs<'r> {
    let mut attrs = Vec::with_capacity(8);
    attrs.push(("kind", text(kind.as_str())));
    attrs.push(("ref", Value::Str(Cow::Borrowed(id))));
    let label = name.display();
    let label = if label.is_empty() {
        Cow::Borrowed(id)
    } else {
        Cow::Owned(label)
    };
    attrs.push(("label", Value::Str(label)));
    push_str(&mut attrs, "name_zh", name.zh.as_deref());
    push_str(&mut attrs, "name_en", name.en.as_deref());
    attrs
}

/// A node of this kind.
fn node<'r>(kind: NodeKind, reference: &'r str, attrs: Attrs<'r>) -> Node<'r> {
    Node {
        kind,
        reference,
        attrs,
    }
}

/// The positions of `n` items sorted by their ids, ties in order.
fn sorted_by_id<'a>(n: usize, id: impl Fn(usize) -> &'a str) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..n).collect();
    positions.sort_by(|&a, &b| id(a).cmp(id(b)));
    positions
}

/// Counts the edges of one kind in output order and gives each its key; hands those whose
/// ends pass the filter to the writer.
struct Keys<'f, F> {
    kind: EdgeKind,
    n: usize,
    ends: Option<(NodeKind, NodeKind)>,
    write: &'f mut F,
}

impl<F> Keys<'_, F> {
    /// Counts an edge with these ends; its key when it is to be written.
    fn next(&mut self, ends: (NodeKind, NodeKind)) -> Option<Text<'static>> {
        let n = self.n;
        self.n += 1;
        if self.ends.is_some_and(|wanted| wanted != ends) {
            return None;
        }
        Some(Text::Key(self.kind, n))
    }
}

/// The graph of an export: the records in canonical order, the facts that `options`
/// keep, and with a report each product's status.
#[derive(Debug)]
pub(crate) struct Model<'a> {
    records: Records<'a>,
    /// Only the facts valid then are kept (`ExportOptions::as_of`).
    filter: Option<Date>,
    /// Each product's status in the report's region, by product id.
    statuses: FxHashMap<&'a str, &'static str>,
    /// The report's region.
    scope: Option<&'a str>,
    grades: FxHashMap<&'a str, Grade>,
    order: Order,
}

impl<'a> Model<'a> {
    /// The model of `records`, with `options`' facts and `report`'s statuses. Sorts the
    /// positions of the records: O(n log n) time, 4 bytes a record.
    pub(crate) fn new<S: AsRef<str>>(
        records: Records<'a>,
        options: &ExportOptions,
        report: Option<&'a GapReport<S>>,
    ) -> Model<'a> {
        let statuses = report
            .map(|r| {
                r.products
                    .iter()
                    .map(|p| (p.product.as_ref(), p.status.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        Model {
            records,
            filter: options.as_of,
            statuses,
            scope: report.map(|r| r.scope.region.as_ref()),
            grades: records.source_grades(),
            order: records.canonical_order(),
        }
    }

    /// The records.
    pub(crate) fn records(&self) -> &Records<'a> {
        &self.records
    }

    /// The date whose facts are kept, when the options give one.
    pub(crate) fn filter(&self) -> Option<Date> {
        self.filter
    }

    /// The positions of the records in canonical order.
    pub(crate) fn order(&self) -> &Order {
        &self.order
    }

    /// The graph's attributes: the chain, the date, whether facts were filtered, the scope.
    pub(crate) fn graph_attrs(&self) -> Attrs<'a> {
        let chain = self.records.chain();
        let mut attrs: Attrs<'a> = vec![("chain", Value::Str(Cow::Borrowed(&chain.id)))];
        push_str(&mut attrs, "name_zh", chain.name.zh.as_deref());
        push_str(&mut attrs, "name_en", chain.name.en.as_deref());
        push_date(&mut attrs, "as_of", self.filter.or(self.records.as_of()));
        attrs.push(("filtered", Value::Bool(self.filter.is_some())));
        push_str(&mut attrs, "scope", self.scope);
        attrs
    }

    /// Firm `i` as exported: its lists sorted, only its makes facts kept by the options.
    pub(crate) fn firm(&self, i: u32) -> Firm {
        let mut firm = self.records.firm(i as usize).into_owned();
        self.keep_makes(&mut firm.makes);
        firm.sort_lists();
        firm
    }

    /// The makes facts of firm `i` as exported: kept by the options, sorted.
    fn makes(&self, i: u32) -> Vec<Makes> {
        let mut makes = self.records.makes(i as usize).into_owned();
        self.keep_makes(&mut makes);
        crate::dataset::sort_makes(&mut makes);
        makes
    }

    fn keep_makes(&self, makes: &mut Vec<Makes>) {
        if let Some(date) = self.filter {
            makes.retain(|m| m.is_valid_at(Some(date)));
        }
    }

    /// Organization `i` as exported: its sources sorted.
    pub(crate) fn organization(&self, i: u32) -> Organization {
        let mut organization = self.records.organization(i as usize).into_owned();
        organization.sort_lists();
        organization
    }

    /// Link `i` as exported: its sources sorted.
    pub(crate) fn link(&self, i: u32) -> Link {
        let mut link = self.records.link(i as usize).into_owned();
        link.sort_lists();
        link
    }

    /// Whether link `i` is kept by the options.
    pub(crate) fn keeps_link(&self, i: u32) -> bool {
        self.filter
            .is_none_or(|date| self.records.link_row(i as usize).is_valid_at(Some(date)))
    }

    /// The best grade of the sources a fact cites: `A`, `B`, `C` or `none`.
    fn grade_text(&self, sources: &[String]) -> Value<'static> {
        let grade = sources
            .iter()
            .filter_map(|s| self.grades.get(s.as_str()).copied())
            .max();
        text(grade.map_or("none", |g| g.as_str()))
    }

    /// A fact's `grade`, `sources` and `note`.
    fn push_evidence<'r>(
        &self,
        attrs: &mut Attrs<'r>,
        sources: &'r [String],
        note: Option<&'r str>,
    ) {
        attrs.push(("grade", self.grade_text(sources)));
        push_list(attrs, "sources", sources);
        push_str(attrs, "note", note);
    }
}

// ---------------------------------------------------------------------------------------
// Nodes.

impl Model<'_> {
    /// Calls `write` on each node in output order (by kind, then id), or on those of one
    /// kind.
    pub(crate) fn for_each_node<E>(
        &self,
        only: Option<NodeKind>,
        mut write: impl FnMut(&Node<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        for kind in NodeKind::ALL {
            if only.is_some_and(|k| k != kind) {
                continue;
            }
            match kind {
                NodeKind::Segment => self.segment_nodes(&mut write)?,
                NodeKind::Product => self.product_nodes(&mut write)?,
                NodeKind::Region => self.region_nodes(&mut write)?,
                NodeKind::Firm => self.firm_nodes(&mut write)?,
                NodeKind::Organization => self.organization_nodes(&mut write)?,
            }
        }
        Ok(())
    }

    fn segment_nodes<E>(
        &self,
        write: &mut impl FnMut(&Node<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let segments = &self.records.chain().segments;
        for i in sorted_by_id(segments.len(), |i| &segments[i].id) {
            let s = &segments[i];
            let mut attrs = node_attrs(NodeKind::Segment, &s.id, &s.name);
            attrs.push(("order", Value::Int(i as i64)));
            write(&node(NodeKind::Segment, &s.id, attrs))?;
        }
        Ok(())
    }

    fn product_nodes<E>(
        &self,
        write: &mut impl FnMut(&Node<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let products = &self.records.chain().products;
        for i in sorted_by_id(products.len(), |i| &products[i].id) {
            let p = &products[i];
            let mut attrs = node_attrs(NodeKind::Product, &p.id, &p.name);
            attrs.push(("order", Value::Int(i as i64)));
            attrs.push(("segment", Value::Str(Cow::Borrowed(&p.segment))));
            push_str(&mut attrs, "description", p.description.as_deref());
            if let Some(status) = self.statuses.get(p.id.as_str()) {
                attrs.push(("gap_status", text(status)));
            }
            write(&node(NodeKind::Product, &p.id, attrs))?;
        }
        Ok(())
    }

    fn region_nodes<E>(&self, write: &mut impl FnMut(&Node<'_>) -> Result<(), E>) -> Result<(), E> {
        for &i in &self.order.regions {
            let r = self.records.region(i as usize);
            let mut attrs = node_attrs(NodeKind::Region, &r.id, &r.name);
            attrs.push(("region_kind", text(r.kind.as_str())));
            push_str(&mut attrs, "parent", r.parent.as_deref());
            write(&node(NodeKind::Region, &r.id, attrs))?;
        }
        Ok(())
    }

    fn firm_nodes<E>(&self, write: &mut impl FnMut(&Node<'_>) -> Result<(), E>) -> Result<(), E> {
        for &i in &self.order.firms {
            let mut f = self.records.firm_without_makes(i as usize).into_owned();
            f.tags.sort();
            f.sources.sort();
            let mut attrs = node_attrs(NodeKind::Firm, &f.id, &f.name);
            attrs.push(("region", Value::Str(Cow::Borrowed(&f.region))));
            push_list(&mut attrs, "tags", &f.tags);
            push_list(&mut attrs, "sources", &f.sources);
            push_extra(&mut attrs, f.extra.as_ref());
            write(&node(NodeKind::Firm, &f.id, attrs))?;
        }
        Ok(())
    }

    fn organization_nodes<E>(
        &self,
        write: &mut impl FnMut(&Node<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        for &i in &self.order.organizations {
            let o = self.organization(i);
            let mut attrs = node_attrs(NodeKind::Organization, &o.id, &o.name);
            push_str(&mut attrs, "region", o.region.as_deref());
            attrs.push(("org_kind", text(o.kind.as_str())));
            push_list(&mut attrs, "sources", &o.sources);
            push_extra(&mut attrs, o.extra.as_ref());
            write(&node(NodeKind::Organization, &o.id, attrs))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Edges.

impl Model<'_> {
    /// Calls `write` on each edge of `kind` in output order, or only on those whose
    /// (source, target) kinds are `ends`; keys count every edge of the kind either way.
    pub(crate) fn for_each_edge<E, F: FnMut(&Edge<'_>) -> Result<(), E>>(
        &self,
        kind: EdgeKind,
        ends: Option<(NodeKind, NodeKind)>,
        write: &mut F,
    ) -> Result<(), E> {
        let mut keys = Keys {
            kind,
            n: 0,
            ends,
            write,
        };
        match kind {
            EdgeKind::Makes => self.makes_edges(&mut keys),
            EdgeKind::Link(link) => self.link_edges(link, &mut keys),
            EdgeKind::InputOf => self.input_edges(&mut keys),
            EdgeKind::InSegment => self.in_segment_edges(&mut keys),
            EdgeKind::LocatedIn => self.located_in_edges(&mut keys),
            EdgeKind::PartOf => self.part_of_edges(&mut keys),
        }
    }

    /// Calls `write` on every edge, in output order.
    pub(crate) fn for_each_edge_of_all<E>(
        &self,
        mut write: impl FnMut(&Edge<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        for kind in EdgeKind::ALL {
            self.for_each_edge(kind, None, &mut write)?;
        }
        Ok(())
    }

    /// The (source, target) kinds of the edges of `kind` that the export holds, in order:
    /// read from the store's rows, building no record.
    pub(crate) fn edge_ends(&self, kind: EdgeKind) -> BTreeSet<(NodeKind, NodeKind)> {
        use NodeKind::*;
        let records = &self.records;
        let chain = records.chain();
        let mut ends = BTreeSet::new();
        let mut add = |present: bool, pair| {
            if present {
                ends.insert(pair);
            }
        };
        match kind {
            EdgeKind::Makes => add(self.has_makes(), (Firm, Product)),
            EdgeKind::Link(link) => {
                for i in 0..records.link_count() {
                    let row = records.link_row(i);
                    if row.kind == link && self.keeps_link(i as u32) {
                        let (from, to) = row.ends();
                        add(true, (NodeKind::of_party(from), NodeKind::of_party(to)));
                    }
                }
            }
            EdgeKind::InputOf => {
                let inputs = chain.products.iter().flat_map(|p| &p.inputs);
                add(
                    inputs.flat_map(|r| r.alternatives()).next().is_some(),
                    (Product, Product),
                );
            }
            EdgeKind::InSegment => add(!chain.products.is_empty(), (Product, Segment)),
            EdgeKind::LocatedIn => {
                add(records.firm_count() > 0, (Firm, Region));
                let organizations = 0..records.organization_count();
                let placed = organizations
                    .into_iter()
                    .any(|o| records.organization_region_id(o).is_some());
                add(placed, (Organization, Region));
            }
            EdgeKind::PartOf => {
                let regions = 0..records.region_count();
                let nested = regions
                    .into_iter()
                    .any(|r| records.region_parent_id(r).is_some());
                add(nested, (Region, Region));
            }
        }
        ends
    }

    /// Whether any makes fact is kept.
    fn has_makes(&self) -> bool {
        let facts = self.records.facts();
        match self.filter {
            None => !facts.is_empty(),
            Some(date) => facts.iter().any(|f| f.is_valid_at(Some(date))),
        }
    }

    /// One `makes` edge per makes fact kept, firm → product.
    fn makes_edges<E, F: FnMut(&Edge<'_>) -> Result<(), E>>(
        &self,
        keys: &mut Keys<'_, F>,
    ) -> Result<(), E> {
        for &f in &self.order.firms {
            let firm_id = self.records.firm_id(f as usize);
            for m in &self.makes(f) {
                let Some(key) = keys.next((NodeKind::Firm, NodeKind::Product)) else {
                    continue;
                };
                let mut attrs: Attrs<'_> = vec![
                    ("kind", text("makes")),
                    ("product", Value::Str(Cow::Borrowed(&m.product))),
                ];
                push_validity(&mut attrs, m);
                if let Some(c) = &m.capacity {
                    attrs.push(("capacity", Value::Double(c.value)));
                    attrs.push(("capacity_unit", Value::Str(Cow::Borrowed(&c.unit))));
                }
                self.push_evidence(&mut attrs, &m.sources, m.note.as_deref());
                let ends = [(NodeKind::Firm, firm_id), (NodeKind::Product, &*m.product)];
                (keys.write)(&edge(ends, key, attrs))?;
            }
        }
        Ok(())
    }

    /// One edge per link of this kind kept, party → party.
    fn link_edges<E, F: FnMut(&Edge<'_>) -> Result<(), E>>(
        &self,
        kind: LinkKind,
        keys: &mut Keys<'_, F>,
    ) -> Result<(), E> {
        // The links in canonical order, (from, to, kind, product): those of one kind are
        // by (from, to, product).
        for &i in &self.order.links {
            let row = self.records.link_row(i as usize);
            if row.kind != kind || !self.keeps_link(i) {
                continue;
            }
            let (from, to) = row.ends();
            let (from, to) = (NodeKind::of_party(from), NodeKind::of_party(to));
            let Some(key) = keys.next((from, to)) else {
                continue;
            };
            let l = self.link(i);
            let mut attrs: Attrs<'_> = vec![("kind", text(kind.as_str()))];
            push_str(&mut attrs, "product", l.product.as_deref());
            push_validity(&mut attrs, &l);
            if let Some(share) = l.share {
                attrs.push(("share", Value::Double(share)));
            }
            self.push_evidence(&mut attrs, &l.sources, l.note.as_deref());
            push_extra(&mut attrs, l.extra.as_ref());
            (keys.write)(&edge([(from, &l.from), (to, &l.to)], key, attrs))?;
        }
        Ok(())
    }

    /// One `input_of` edge per alternative of each requirement, input → product, sorted by
    /// input, product and requirement.
    fn input_edges<E, F: FnMut(&Edge<'_>) -> Result<(), E>>(
        &self,
        keys: &mut Keys<'_, F>,
    ) -> Result<(), E> {
        let chain: &Chain = self.records.chain();
        let mut inputs: Vec<(&str, &str, usize, usize)> = Vec::new();
        for p in &chain.products {
            for (k, req) in p.inputs.iter().enumerate() {
                let n = req.alternatives().len();
                inputs.extend(req.alternatives().iter().map(|a| (&**a, &*p.id, k, n)));
            }
        }
        inputs.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        for (input, product, k, alternatives) in inputs {
            let Some(key) = keys.next((NodeKind::Product, NodeKind::Product)) else {
                continue;
            };
            let attrs: Attrs<'_> = vec![
                ("kind", text("input_of")),
                ("requirement", Value::Int(k as i64)),
                ("alternatives", Value::Int(alternatives as i64)),
            ];
            let ends = [(NodeKind::Product, input), (NodeKind::Product, product)];
            (keys.write)(&edge(ends, key, attrs))?;
        }
        Ok(())
    }

    /// One `in_segment` edge per product, product → segment, sorted by product.
    fn in_segment_edges<E, F: FnMut(&Edge<'_>) -> Result<(), E>>(
        &self,
        keys: &mut Keys<'_, F>,
    ) -> Result<(), E> {
        let products = &self.records.chain().products;
        for i in sorted_by_id(products.len(), |i| &products[i].id) {
            let p = &products[i];
            let ends = [
                (NodeKind::Product, &*p.id),
                (NodeKind::Segment, &*p.segment),
            ];
            kind_edge(keys, ends)?;
        }
        Ok(())
    }

    /// One `located_in` edge per firm, then per organization with a region.
    fn located_in_edges<E, F: FnMut(&Edge<'_>) -> Result<(), E>>(
        &self,
        keys: &mut Keys<'_, F>,
    ) -> Result<(), E> {
        let records = &self.records;
        for &f in &self.order.firms {
            let f = f as usize;
            let ends = [
                (NodeKind::Firm, records.firm_id(f)),
                (NodeKind::Region, records.firm_region_id(f)),
            ];
            kind_edge(keys, ends)?;
        }
        for &o in &self.order.organizations {
            let o = o as usize;
            if let Some(region) = records.organization_region_id(o) {
                let ends = [
                    (NodeKind::Organization, records.organization_id(o)),
                    (NodeKind::Region, region),
                ];
                kind_edge(keys, ends)?;
            }
        }
        Ok(())
    }

    /// One `part_of` edge per region with a parent, region → parent.
    fn part_of_edges<E, F: FnMut(&Edge<'_>) -> Result<(), E>>(
        &self,
        keys: &mut Keys<'_, F>,
    ) -> Result<(), E> {
        let records = &self.records;
        for &r in &self.order.regions {
            let r = r as usize;
            if let Some(parent) = records.region_parent_id(r) {
                let ends = [
                    (NodeKind::Region, records.region_id(r)),
                    (NodeKind::Region, parent),
                ];
                kind_edge(keys, ends)?;
            }
        }
        Ok(())
    }
}

/// An edge between these ends.
fn edge<'r>(ends: [(NodeKind, &'r str); 2], key: Text<'static>, attrs: Attrs<'r>) -> Edge<'r> {
    Edge { ends, key, attrs }
}

/// Writes an edge whose only attribute is its kind, when its ends pass the filter.
fn kind_edge<E, F: FnMut(&Edge<'_>) -> Result<(), E>>(
    keys: &mut Keys<'_, F>,
    ends: [(NodeKind, &str); 2],
) -> Result<(), E> {
    let Some(key) = keys.next((ends[0].0, ends[1].0)) else {
        return Ok(());
    };
    let attrs = vec![("kind", text(keys.kind.as_str()))];
    (keys.write)(&edge(ends, key, attrs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Exportable;

    #[test]
    fn a_text_is_written_as_it_displays_escaped_as_json() {
        let long = "x".repeat(200);
        for text in [
            Text::Str("a \"quoted\" name"),
            Text::Node(NodeKind::Organization, "sc-vrfb-alliance"),
            Text::Node(NodeKind::Firm, "weilide"),
            Text::Node(NodeKind::Firm, &long),
            Text::Key(EdgeKind::Makes, 0),
            Text::Key(EdgeKind::InputOf, 1_234_567),
            Text::Key(EdgeKind::PartOf, usize::MAX),
        ] {
            let json = serde_json::to_string(&text).unwrap();
            assert_eq!(json, serde_json::to_string(&text.to_string()).unwrap());
        }
    }

    #[test]
    fn every_attribute_written_is_declared_with_its_type() {
        let graph = crate::builtin::minimal_graph();
        let model = Model::new::<String>(graph.records().unwrap(), &ExportOptions::default(), None);
        let check = |attrs: &Attrs<'_>, table: &[(&str, AttrType)]| {
            for (name, value) in attrs {
                let (_, ty) = table
                    .iter()
                    .find(|(n, _)| n == name)
                    .unwrap_or_else(|| panic!("undeclared attribute {name}"));
                let ok = matches!(
                    (value, ty),
                    (Value::Str(_) | Value::Date(_), AttrType::String)
                        | (Value::Int(_), AttrType::Int)
                        | (Value::Double(_), AttrType::Double)
                        | (Value::Bool(_), AttrType::Boolean)
                        | (Value::List(_), AttrType::List)
                        | (Value::Json(_), AttrType::Json)
                );
                assert!(ok, "attribute {name} has the wrong type");
            }
        };
        check(&model.graph_attrs(), GRAPH_ATTRS);
        let mut nodes = 0;
        model
            .for_each_node(None, |n| {
                check(&n.attrs, NODE_ATTRS);
                nodes += 1;
                Ok::<_, ()>(())
            })
            .unwrap();
        let mut edges = 0;
        model
            .for_each_edge_of_all(|e| {
                check(&e.attrs, EDGE_ATTRS);
                edges += 1;
                Ok::<_, ()>(())
            })
            .unwrap();
        assert_eq!((nodes, edges), graph.size());
    }

    #[test]
    fn keys_are_unique_and_count_each_kind_in_output_order() {
        let graph = crate::builtin::vrfb_graph();
        let model = Model::new::<String>(graph.records().unwrap(), &ExportOptions::default(), None);
        let mut keys = Vec::new();
        model
            .for_each_edge_of_all(|e| {
                keys.push(e.key.to_string());
                Ok::<_, ()>(())
            })
            .unwrap();
        assert_eq!(keys[0], "makes:0");
        assert!(keys.contains(&"supplies:0".to_string()));
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }

    #[test]
    fn the_ends_read_from_the_rows_are_those_of_the_edges() {
        let graph = crate::builtin::vrfb_graph();
        for as_of in [None, Some("2023-01-01".parse().unwrap())] {
            let options = ExportOptions {
                as_of,
                ..Default::default()
            };
            let model = Model::new::<String>(graph.records().unwrap(), &options, None);
            for kind in EdgeKind::ALL {
                let mut seen = BTreeSet::new();
                model
                    .for_each_edge(kind, None, &mut |e: &Edge<'_>| {
                        seen.insert((e.ends[0].0, e.ends[1].0));
                        Ok::<_, ()>(())
                    })
                    .unwrap();
                assert_eq!(model.edge_ends(kind), seen, "{kind:?}");
            }
        }
    }
}
