//! The gap report (`gap-report@2`) as plain values: every type serialises to exactly the
//! fields of the spec, in the spec's order, and reads back from a report file.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::dataset::Grade;
use crate::{Date, Result};

/// The `format` string of a gap report.
pub const REPORT_FORMAT: &str = "gap-report@2";

/// The status of a product in the scope, the first that holds of the five.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProductStatus {
    /// Strong local makers ≥ `min_makers`.
    Covered,
    /// 1 ≤ strong local makers < `min_makers`.
    Single,
    /// No strong local maker, at least one running.
    Unconfirmed,
    /// No running local maker, at least one `announced` or `building`.
    Planned,
    /// No local maker.
    Missing,
}

impl ProductStatus {
    /// Every status, in the spec's order (best first).
    pub const ALL: [ProductStatus; 5] = [
        ProductStatus::Covered,
        ProductStatus::Single,
        ProductStatus::Unconfirmed,
        ProductStatus::Planned,
        ProductStatus::Missing,
    ];

    /// The status as the report writes it.
    ///
    /// ```
    /// use vrfb_chain::analysis::ProductStatus;
    /// assert_eq!(ProductStatus::Unconfirmed.as_str(), "unconfirmed");
    /// ```
    pub const fn as_str(&self) -> &'static str {
        match self {
            ProductStatus::Covered => "covered",
            ProductStatus::Single => "single",
            ProductStatus::Unconfirmed => "unconfirmed",
            ProductStatus::Planned => "planned",
            ProductStatus::Missing => "missing",
        }
    }

    /// The spec's rank: `covered` 4 down to `missing` 0. A status is worse than another
    /// when its rank is lower.
    ///
    /// ```
    /// use vrfb_chain::analysis::ProductStatus;
    /// assert!(ProductStatus::Planned.rank() < ProductStatus::Single.rank());
    /// ```
    pub fn rank(&self) -> u8 {
        match self {
            ProductStatus::Covered => 4,
            ProductStatus::Single => 3,
            ProductStatus::Unconfirmed => 2,
            ProductStatus::Planned => 1,
            ProductStatus::Missing => 0,
        }
    }
}

impl fmt::Display for ProductStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ProductStatus {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ProductStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        ProductStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown product status `{text}`")))
    }
}

/// What recruiting a maker of a product would do for the chain: `fill` (补链) a product
/// that is `missing` or `planned`, `strengthen` (强链) one that is `single` or
/// `unconfirmed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// 补链: no running local maker.
    Fill,
    /// 强链: a running local maker, but too few strong ones.
    Strengthen,
}

impl Action {
    /// The action as the report writes it.
    ///
    /// ```
    /// assert_eq!(vrfb_chain::analysis::Action::Fill.as_str(), "fill");
    /// ```
    pub const fn as_str(&self) -> &'static str {
        match self {
            Action::Fill => "fill",
            Action::Strengthen => "strengthen",
        }
    }
}

/// The region analysed and how many firms are in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeInfo<S = String> {
    /// The region id.
    pub region: S,
    /// The number of firms in the region or below it.
    pub firms: usize,
}

/// The options as applied: `as_of` is the effective date (`null` when none applies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppliedOptions {
    /// The date facts were taken as valid at.
    pub as_of: Option<Date>,
    /// How many strong local makers make a product covered.
    pub min_makers: usize,
    /// The grade a fact needs to be strong; written `"none"` for `None`.
    #[serde(serialize_with = "write_grade", deserialize_with = "read_grade")]
    pub min_grade: Option<Grade>,
    /// Candidates, local suppliers and local customers listed per entry.
    pub top_candidates: usize,
}

fn write_grade<S: Serializer>(grade: &Option<Grade>, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(grade.map_or("none", |g| g.as_str()))
}

fn read_grade<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Grade>, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    super::parse_min_grade(&text).map_err(serde::de::Error::custom)
}

/// Product counts by status, and the two coverages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Products counted.
    pub products: usize,
    /// `covered` products.
    pub covered: usize,
    /// `single` products.
    pub single: usize,
    /// `unconfirmed` products.
    pub unconfirmed: usize,
    /// `planned` products.
    pub planned: usize,
    /// `missing` products.
    pub missing: usize,
    /// Products with a running local maker ÷ products, rounded to 4 decimals (0 for none).
    pub coverage: f64,
    /// Products with a strong local maker ÷ products, rounded to 4 decimals (0 for none).
    pub confirmed_coverage: f64,
}

impl Counts {
    /// The count of one status.
    ///
    /// ```
    /// # use vrfb_chain::analysis::{gaps, Options, ProductStatus};
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
    /// let s = &report.summary;
    /// let total: usize = ProductStatus::ALL.iter().map(|&st| s.of(st)).sum();
    /// assert_eq!(total, s.products);
    /// ```
    pub fn of(&self, status: ProductStatus) -> usize {
        match status {
            ProductStatus::Covered => self.covered,
            ProductStatus::Single => self.single,
            ProductStatus::Unconfirmed => self.unconfirmed,
            ProductStatus::Planned => self.planned,
            ProductStatus::Missing => self.missing,
        }
    }
}

/// The counts of one segment.
///
/// Its JSON is one object: `segment`, then the fields of [`Counts`]. It is read through
/// a private record that names every field, because serde's `flatten` would let an
/// unknown key through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "SegmentRecord<S>")]
pub struct SegmentCounts<S = String> {
    /// The segment id.
    pub segment: S,
    /// Its counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// The JSON of [`SegmentCounts`] as read: every field named, none other allowed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentRecord<S> {
    segment: S,
    products: usize,
    covered: usize,
    single: usize,
    unconfirmed: usize,
    planned: usize,
    missing: usize,
    coverage: f64,
    confirmed_coverage: f64,
}

impl<S> From<SegmentRecord<S>> for SegmentCounts<S> {
    fn from(r: SegmentRecord<S>) -> Self {
        let counts = Counts {
            products: r.products,
            covered: r.covered,
            single: r.single,
            unconfirmed: r.unconfirmed,
            planned: r.planned,
            missing: r.missing,
            coverage: r.coverage,
            confirmed_coverage: r.confirmed_coverage,
        };
        SegmentCounts {
            segment: r.segment,
            counts,
        }
    }
}

/// A product's status in the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductEntry<S = String> {
    /// The product id.
    pub product: S,
    /// Its segment id.
    pub segment: S,
    /// Its status.
    pub status: ProductStatus,
    /// The firms in scope that make it (valid fact, any status but `closed`), by id.
    pub local_makers: Vec<S>,
}

/// A requirement a local firm has neither made itself nor bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpstreamGap<S = String> {
    /// The firm in scope.
    pub firm: S,
    /// The product it makes.
    pub product: S,
    /// The requirement, as its alternatives in template order.
    pub requirement: Vec<S>,
    /// Firms in scope, other than the firm, that make an alternative: operating makers
    /// first, then the rest, each by id; at most `top_candidates`.
    pub local_suppliers: Vec<S>,
    /// How many such firms there are in all.
    pub local_supplier_count: usize,
}

/// A product of a local firm with a downstream use that the firm neither uses itself nor
/// sells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DownstreamGap<S = String> {
    /// The firm in scope.
    pub firm: S,
    /// The product it makes.
    pub product: S,
    /// Firms in scope, other than the firm, that make a product needing it: operating
    /// makers first, then the rest, each by id; at most `top_candidates`.
    pub local_customers: Vec<S>,
    /// How many such firms there are in all.
    pub local_customer_count: usize,
}

/// A requirement met by exactly one supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SingleSource<S = String> {
    /// The firm in scope.
    pub firm: S,
    /// The product it makes.
    pub product: S,
    /// The requirement.
    pub requirement: Vec<S>,
    /// The one supplier (in scope or not).
    pub supplier: S,
}

/// A requirement whose suppliers, at least one, are all outside the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalDependency<S = String> {
    /// The firm in scope.
    pub firm: S,
    /// The product it makes.
    pub product: S,
    /// The requirement.
    pub requirement: Vec<S>,
    /// The suppliers, by id; never empty.
    pub suppliers: Vec<S>,
}

/// A last-segment product that cannot be made locally, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blocked<S = String> {
    /// The product.
    pub product: S,
    /// The products a complete local chain for it still needs, in template order.
    pub blocking: Vec<S>,
}

/// Which products the region can make from its own inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closure<S = String> {
    /// Every locally producible product, in template order.
    pub producible: Vec<S>,
    /// The last segment's products that are not locally producible.
    pub blocked: Vec<Blocked<S>>,
}

/// An outside firm that could fill a gap, with the parts of its score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate<S = String> {
    /// The firm.
    pub firm: S,
    /// 3 × links + 2 × proximity + evidence.
    pub score: u32,
    /// Links with firms or organizations in scope, either direction, up to 3.
    pub links: u32,
    /// Regions shared with the scope's path from the root.
    pub proximity: u32,
    /// Best grade of its operating facts for the product: A 3, B 2, C 1, none 0.
    pub evidence: u32,
}

/// The candidates for one product that is not `covered`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductCandidates<S = String> {
    /// The product.
    pub product: S,
    /// How many candidates there are in all.
    pub count: usize,
    /// The best candidates, by score then id; at most `top_candidates`.
    pub firms: Vec<Candidate<S>>,
}

/// What to recruit first: one product that is not covered, with the reasons counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Priority<S = String> {
    /// The product.
    pub product: S,
    /// Its status.
    pub status: ProductStatus,
    /// `fill` or `strengthen`.
    pub action: Action,
    /// `supplier_gaps` + `customer_gaps` + `blocks`.
    pub impact: usize,
    /// Upstream gaps with no local supplier whose requirement the product meets.
    pub supplier_gaps: usize,
    /// Downstream gaps with no local customer whose product it needs.
    pub customer_gaps: usize,
    /// Blocked end products whose blocking set holds it.
    pub blocks: usize,
    /// The count of its candidates.
    pub candidates: usize,
}

/// A product whose status would be worse without a firm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Downgrade<S = String> {
    /// The product.
    pub product: S,
    /// Its status now.
    pub status: ProductStatus,
    /// Its status without the firm.
    pub without: ProductStatus,
}

/// A requirement that a firm alone supplies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoleSupply<S = String> {
    /// The firm supplied.
    pub firm: S,
    /// The product it makes.
    pub product: S,
    /// The requirement.
    pub requirement: Vec<S>,
}

/// A local firm the region could not afford to lose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriticalFirm<S = String> {
    /// The firm.
    pub firm: S,
    /// The lengths of the three lists added up.
    pub impact: usize,
    /// Products whose status is worse without it, in template order.
    pub downgraded: Vec<Downgrade<S>>,
    /// Producible products that are not producible without it, in template order.
    pub lost_producible: Vec<S>,
    /// The single-source entries whose supplier it is, in their order.
    pub sole_supplier_of: Vec<SoleSupply<S>>,
}

/// How concentrated the local production of one product is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concentration<S = String> {
    /// The product.
    pub product: S,
    /// The running local makers.
    pub makers: usize,
    /// The capacity unit, when every operating local fact with a capacity shares one.
    pub unit: Option<S>,
    /// Running local makers with a capacity in `unit` (0 when `unit` is `None`).
    pub with_capacity: usize,
    /// The local capacity in `unit`.
    pub capacity: Option<f64>,
    /// The Herfindahl–Hirschman index, 0 to 10 000.
    pub hhi: Option<u64>,
    /// The largest maker's share, rounded to 4 decimals.
    pub top_share: Option<f64>,
    /// The local capacity ÷ the whole dataset's, rounded to 4 decimals.
    pub share_of_all: Option<f64>,
}

/// A gap report (`gap-report@2`). Its JSON has exactly the spec's fields, in the spec's
/// order; every list is present, empty where nothing applies.
///
/// `S` is the type of its ids (the same for every entry type of the report): `String` from
/// [`gaps`](super::gaps), `&str` borrowed from the store from
/// [`Registry::gaps`](crate::registry::Registry::gaps), which spares a national report
/// millions of small allocations. Both write the same JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GapReport<S = String> {
    /// Always [`REPORT_FORMAT`].
    pub format: String,
    /// The chain id.
    pub chain: S,
    /// The region analysed.
    pub scope: ScopeInfo<S>,
    /// The options as applied.
    pub options: AppliedOptions,
    /// Counts for the whole chain.
    pub summary: Counts,
    /// Counts per segment, in template order.
    pub segments: Vec<SegmentCounts<S>>,
    /// Every product, in template order.
    pub products: Vec<ProductEntry<S>>,
    /// Requirements of local firms met neither by themselves nor by a supplier.
    pub upstream_gaps: Vec<UpstreamGap<S>>,
    /// Products of local firms with a downstream use and no customer.
    pub downstream_gaps: Vec<DownstreamGap<S>>,
    /// Requirements with exactly one supplier.
    pub single_source: Vec<SingleSource<S>>,
    /// Requirements whose suppliers are all outside the scope.
    pub external_dependencies: Vec<ExternalDependency<S>>,
    /// Local closure.
    pub closure: Closure<S>,
    /// Candidates for each product that is not `covered`.
    pub candidates: Vec<ProductCandidates<S>>,
    /// What to recruit first.
    pub priorities: Vec<Priority<S>>,
    /// The local firms the region could not afford to lose.
    pub critical_firms: Vec<CriticalFirm<S>>,
    /// How concentrated the local production of each running product is.
    pub concentration: Vec<Concentration<S>>,
}

impl<S: Serialize> GapReport<S> {
    /// The report as indented JSON text, ending with a newline.
    ///
    /// ```
    /// # use vrfb_chain::analysis::{gaps, Options};
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
    /// let json: serde_json::Value = serde_json::from_str(&report.to_json_string()).unwrap();
    /// assert_eq!(json["format"], "gap-report@2");
    /// assert_eq!(json["scope"]["region"], "zone-a");
    /// ```
    pub fn to_json_string(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and every number in a report is finite.
        let _ = self.to_writer(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Writes the report as indented JSON: its serde form (the same bytes as
    /// `serde_json`'s pretty printer with two spaces), ending with a newline, written
    /// without going through serde's map machinery for every field. O(n) in the text.
    ///
    /// # Errors
    /// [`Error::Io`](crate::Error::Io) when writing fails, or when an id of type `S`
    /// cannot be written as JSON.
    ///
    /// ```
    /// # use vrfb_chain::analysis::{gaps, Options};
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
    /// let mut out = Vec::new();
    /// report.to_writer(&mut out).unwrap();
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("{\n  \"format\": \"gap-report@2\",\n  \"chain\": \"vrfb-mini\","));
    /// assert_eq!(text, serde_json::to_string_pretty(&report).unwrap() + "\n");
    /// ```
    pub fn to_writer<W: std::io::Write>(&self, writer: W) -> Result<()> {
        super::json::write(self, writer).map_err(|e| crate::Error::io("write", e))
    }
}

impl<S: AsRef<str>> GapReport<S> {
    /// The status of a product, when the template has it.
    ///
    /// ```
    /// # use vrfb_chain::analysis::{gaps, Options, ProductStatus};
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let report = gaps(&graph, "city-a", &Options::default()).unwrap();
    /// assert_eq!(report.status_of("stack"), Some(ProductStatus::Single));
    /// assert_eq!(report.status_of("unobtainium"), None);
    /// ```
    pub fn status_of(&self, product: &str) -> Option<ProductStatus> {
        self.products
            .iter()
            .find(|p| p.product.as_ref() == product)
            .map(|p| p.status)
    }

    /// The candidates entry of a product, when it is not covered.
    ///
    /// ```
    /// # use vrfb_chain::analysis::{gaps, Options};
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
    /// let membrane = report.candidates_of("membrane").unwrap();
    /// assert_eq!(membrane.count, membrane.firms.len());
    /// ```
    pub fn candidates_of(&self, product: &str) -> Option<&ProductCandidates<S>> {
        self.candidates
            .iter()
            .find(|c| c.product.as_ref() == product)
    }
}

impl GapReport<String> {
    /// Reads a report back from its JSON (a file `gap_report --format json` wrote).
    ///
    /// # Errors
    /// [`Error::Json`](crate::Error::Json) with the line and column for broken JSON
    /// syntax; otherwise [`Error::Invalid`](crate::Error::Invalid) with every problem at
    /// once, each with its path, line and column: a value of the wrong type, a key the
    /// format does not have, one it needs left out. A report of another `format` (one of
    /// `gap-report@1`, which an earlier version wrote) gets that one problem alone.
    ///
    /// ```
    /// # use vrfb_chain::analysis::{gaps, GapReport, Options};
    /// # let graph = vrfb_chain::builtin::minimal_graph();
    /// let report = gaps(&graph, "zone-a", &Options::default()).unwrap();
    /// let text = report.to_json_string();
    /// let back = GapReport::from_json_slice(text.as_bytes()).unwrap();
    /// assert_eq!(back, report);
    /// let old = GapReport::from_json_slice(br#"{"format": "gap-report@1"}"#).unwrap_err();
    /// assert!(old.lines()[0].starts_with("gap report: format: unknown format `gap-report@1`, \
    ///     expected `gap-report@2`; make it again from its dataset with `vrfb-chain gaps --format json`"));
    /// let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    /// let scope = doc["scope"].as_object_mut().unwrap();
    /// let region = scope.remove("region").unwrap();
    /// scope.insert("regoin".into(), region);
    /// doc["summary"]["products"] = "26".into();
    /// let bad = serde_json::to_string_pretty(&doc).unwrap();
    /// let err = GapReport::from_json_slice(bad.as_bytes()).unwrap_err();
    /// let lines = err.lines();
    /// assert_eq!(lines.len(), 3, "{lines:?}");
    /// assert!(lines[0].starts_with("gap report: scope: missing field `region` (line"), "{lines:?}");
    /// assert!(lines[1].starts_with("gap report: scope: unknown field `regoin`, expected `region` or `firms` (line"), "{lines:?}");
    /// assert!(lines[2].starts_with(r#"gap report: summary.products: invalid type: string "26", expected usize (line"#), "{lines:?}");
    /// ```
    pub fn from_json_slice(bytes: &[u8]) -> Result<GapReport> {
        crate::reader::lenient::from_slice(
            bytes,
            &crate::reader::lenient::Format {
                document: crate::Document::Report,
                format: REPORT_FORMAT,
                format_of: |r: &GapReport| &r.format,
                remake: "make it again from its dataset with `vrfb-chain gaps --format json` \
                         (with the --dataset, --region and options of the report)",
            },
        )
    }

    /// Reads a report file.
    ///
    /// # Errors
    /// [`Error::Io`](crate::Error::Io) naming the file when it cannot be read, or as
    /// [`GapReport::from_json_slice`], with the file named.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<GapReport> {
        let path = path.as_ref();
        let bytes = crate::read::file(path)?;
        GapReport::from_json_slice(&bytes).map_err(|e| e.with_file(path))
    }
}
