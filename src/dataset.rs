//! The dataset: sources, regions, firms with what they make, organizations and links.

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use serde::de;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::date::Date;
use crate::error::{Document, Error, Result};
use crate::name::Name;
use crate::object::object_only;

/// The `format` string of a dataset.
pub const DATASET_FORMAT: &str = "dataset@1";

macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as the data format writes it.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> std::result::Result<$name, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        concat!("unknown ", $what, " `{}`, expected one of: {}"),
                        crate::error::shorten(s),
                        [$($text),+].join(", ")
                    )),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<$name, D::Error> {
                let text = std::borrow::Cow::<str>::deserialize(d)?;
                text.parse().map_err(de::Error::custom)
            }
        }
    };
}

string_enum! {
    /// The state of a makes fact or a link. Default: `operating`.
    #[derive(Default, PartialOrd, Ord)]
    Status, "status" {
        /// Signed or planned (签约).
        Announced = "announced",
        /// Under construction (在建).
        Building = "building",
        /// In production or in force (投产).
        #[default]
        Operating = "operating",
        /// Ended (停产).
        Closed = "closed",
    }
}

string_enum! {
    /// The reliability grade of a source. `A` is the best; the order is `C < B < A`.
    ///
    /// A fact's evidence grade is `Option<Grade>`: `None` (no sources) ranks below `C`.
    ///
    /// ```
    /// use vrfb_chain::Grade;
    /// assert!(Grade::A > Grade::B && Grade::B > Grade::C);
    /// assert!(Some(Grade::C) > None);
    /// ```
    #[derive(Default)]
    Grade, "grade" {
        /// Government, company filing, major outlet.
        A = "A",
        /// Trade media.
        B = "B",
        /// Aggregator, forum, unverified repost (the default).
        #[default]
        C = "C",
    }
}

impl Grade {
    fn rank(self) -> u8 {
        match self {
            Grade::C => 1,
            Grade::B => 2,
            Grade::A => 3,
        }
    }
}

impl PartialOrd for Grade {
    fn partial_cmp(&self, other: &Grade) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Grade {
    /// `C < B < A`.
    fn cmp(&self, other: &Grade) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

string_enum! {
    /// The kind of a link between firms and organizations.
    #[derive(PartialOrd, Ord)]
    LinkKind, "link kind" {
        /// `from` sells `product` to `to` (firm → firm).
        Supplies = "supplies",
        /// Equity holding (firm or organization → firm).
        Owns = "owns",
        /// Cooperation, framework or joint-venture agreement (undirected in meaning).
        PartnersWith = "partners_with",
        /// Membership (firm or organization → organization).
        MemberOf = "member_of",
        /// Licence, spin-off or technology transfer (any → firm).
        TransfersTechnology = "transfers_technology",
    }
}

string_enum! {
    /// The kind of a region.
    #[derive(PartialOrd, Ord)]
    RegionKind, "region kind" {
        /// A country.
        Country = "country",
        /// A province or state.
        Province = "province",
        /// A city or prefecture.
        City = "city",
        /// A district or county.
        District = "district",
        /// A development zone (高新区, 经开区).
        Zone = "zone",
        /// An industrial park.
        Park = "park",
        /// Anything else.
        Other = "other",
    }
}

string_enum! {
    /// The kind of an organization (not a firm).
    #[derive(PartialOrd, Ord)]
    OrganizationKind, "organization kind" {
        /// An industry alliance.
        Alliance = "alliance",
        /// A research institute.
        Research = "research",
        /// A university.
        University = "university",
        /// A government body.
        Government = "government",
        /// A platform.
        Platform = "platform",
        /// Anything else.
        Other = "other",
    }
}

/// User-defined attributes, any JSON value, kept verbatim (its exact text is written back
/// on save).
///
/// ```
/// use vrfb_chain::Extra;
/// let extra = Extra::from_json(r#"{"stock_code": "000629", "big": 123456789012345678901234567890}"#).unwrap();
/// assert_eq!(extra.get(), r#"{"stock_code": "000629", "big": 123456789012345678901234567890}"#);
/// assert_eq!(extra.to_value().unwrap()["stock_code"], "000629");
/// ```
#[derive(Debug, Clone)]
pub struct Extra(Box<RawValue>);

impl Extra {
    /// Extra attributes from JSON text.
    ///
    /// # Errors
    /// [`Error::Json`] when the text is not one JSON value.
    pub fn from_json(text: &str) -> Result<Extra> {
        RawValue::from_string(text.to_string())
            .map(Extra)
            .map_err(|e| Error::json_in(Document::Dataset, e, text.as_bytes()))
    }

    /// Extra attributes from a JSON value.
    pub fn from_value(value: &serde_json::Value) -> Extra {
        // A Value always serializes.
        Extra(serde_json::value::to_raw_value(value).unwrap_or_else(|_| {
            RawValue::from_string("null".to_string()).unwrap_or_else(|_| unreachable!())
        }))
    }

    /// The verbatim JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// The attributes as a JSON value. The stored text is always kept verbatim; reading it
    /// as a [`serde_json::Value`] rounds integers beyond 64 bits to `f64`.
    ///
    /// # Errors
    /// [`Error::Json`] when the text cannot be a `Value`: a number beyond `f64`'s range, or
    /// nesting deeper than 128 levels.
    ///
    /// ```
    /// use vrfb_chain::Extra;
    /// let huge = Extra::from_json(&format!("[1{}]", "0".repeat(400))).unwrap();
    /// assert!(huge.to_value().is_err());
    /// assert!(huge.get().len() > 400); // still kept verbatim
    /// ```
    pub fn to_value(&self) -> Result<serde_json::Value> {
        serde_json::from_str(self.0.get())
            .map_err(|e| Error::json_in(Document::Dataset, e, self.0.get().as_bytes()))
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Extra) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Extra, D::Error> {
        Box::<RawValue>::deserialize(d).map(Extra)
    }
}

/// Where a fact comes from, and how much to trust it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// The source's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Where to read it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Who published it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// When it was published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// Its reliability grade (default `C`).
    pub grade: Grade,
}

/// A place: a node of the region forest (country → province → city → zone ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    /// The region's id.
    pub id: String,
    /// Its kind.
    pub kind: RegionKind,
    /// Its name.
    pub name: Name,
    /// The region it is part of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// A quantity with its unit (`{"value": 1.0, "unit": "GWh/yr"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct Capacity {
    /// The value, ≥ 0.
    pub value: f64,
    /// The unit, free text.
    pub unit: String,
}

object_only!(Capacity, serialize);

/// A makes fact: the firm produces, operates or provides a product of the template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Makes {
    /// The product's id.
    pub product: String,
    /// Its status (default `operating`).
    pub status: Status,
    /// Since when it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
    /// Until when it holds (exclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// The capacity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Capacity>,
    /// Source ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// A note, e.g. on conflicting figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A firm: located in a region, making products.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Firm {
    /// The firm's id (firm and organization ids share one namespace).
    pub id: String,
    /// Its name.
    pub name: Name,
    /// The id of its region.
    pub region: String,
    /// Free lowercase tags, such as `chain-leader`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// What it makes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub makes: Vec<Makes>,
    /// Source ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// User-defined attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<Extra>,
}

impl Firm {
    /// Whether the firm carries this tag.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// An organization that is not a firm: an alliance, research institute, university,
/// government body or platform.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organization {
    /// The organization's id (shared namespace with firms).
    pub id: String,
    /// Its kind.
    pub kind: OrganizationKind,
    /// Its name.
    pub name: Name,
    /// The id of its region, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Source ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// User-defined attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<Extra>,
}

/// A typed link between two firms or organizations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// The id of the firm or organization it starts from.
    pub from: String,
    /// The id of the firm or organization it goes to.
    pub to: String,
    /// What kind of link it is.
    pub kind: LinkKind,
    /// The product concerned (required for `supplies`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// The equity share for `owns`, in (0, 1].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// Its status (default `operating`).
    pub status: Status,
    /// Since when it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
    /// Until when it holds (exclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// Source ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// A note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// User-defined attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<Extra>,
}

/// A fact that can hold or not at a date: a [`Makes`] fact or a [`Link`].
///
/// ```
/// use vrfb_chain::{Date, Fact, Makes, Status};
/// let fact = Makes {
///     product: "electrolyte".into(), status: Status::Operating,
///     since: Some("2025-03".parse().unwrap()), until: None,
///     capacity: None, sources: vec![], note: None,
/// };
/// assert!(fact.is_valid_at(Some("2025-03-01".parse().unwrap())));
/// assert!(!fact.is_valid_at(Some("2025-02-28".parse().unwrap())));
/// assert!(fact.is_valid_at(None)); // no date: every non-closed fact counts
/// ```
pub trait Fact {
    /// The fact's status.
    fn status(&self) -> Status;
    /// Since when it holds.
    fn since(&self) -> Option<Date>;
    /// Until when it holds (exclusive).
    fn until(&self) -> Option<Date>;
    /// Its source ids.
    fn sources(&self) -> &[String];

    /// The spec's validity rule: at `date`, a fact holds when `since` (if any) ≤ date,
    /// `until` (if any) > date, and its status is not `closed`. With no date, every fact
    /// that is not `closed` holds.
    fn is_valid_at(&self, date: Option<Date>) -> bool {
        holds_at(self.status(), self.since(), self.until(), date)
    }
}

/// The validity rule of [`Fact::is_valid_at`] on a fact's three fields.
pub(crate) fn holds_at(
    status: Status,
    since: Option<Date>,
    until: Option<Date>,
    date: Option<Date>,
) -> bool {
    if status == Status::Closed {
        return false;
    }
    let Some(d) = date else { return true };
    since.is_none_or(|s| s.cmp_day(&d).is_le()) && until.is_none_or(|u| u.cmp_day(&d).is_gt())
}

impl Fact for Makes {
    fn status(&self) -> Status {
        self.status
    }
    fn since(&self) -> Option<Date> {
        self.since
    }
    fn until(&self) -> Option<Date> {
        self.until
    }
    fn sources(&self) -> &[String] {
        &self.sources
    }
}

impl Fact for Link {
    fn status(&self) -> Status {
        self.status
    }
    fn since(&self) -> Option<Date> {
        self.since
    }
    fn until(&self) -> Option<Date> {
        self.until
    }
    fn sources(&self) -> &[String] {
        &self.sources
    }
}

/// A dataset (`dataset@1`): who does what, where, and how firms are linked, written
/// against the chain template named by [`Dataset::chain`].
///
/// Loading validates every rule that the document can be checked against on its own and
/// reports all problems at once; [`KnowledgeGraph::new`](crate::KnowledgeGraph::new)
/// checks it against its template.
///
/// ```
/// use vrfb_chain::Dataset;
/// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/minimal.dataset.json")).unwrap();
/// let dataset = Dataset::from_json_str(&text).unwrap();
/// let again = Dataset::from_json_str(&dataset.to_json_string()).unwrap();
/// assert_eq!(dataset, again);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    /// The id of the chain template it is written against.
    pub chain: String,
    /// The date the data describes.
    pub as_of: Option<Date>,
    /// The sources facts cite.
    pub sources: Vec<Source>,
    /// The region forest.
    pub regions: Vec<Region>,
    /// The firms.
    pub firms: Vec<Firm>,
    /// The organizations.
    pub organizations: Vec<Organization>,
    /// The links.
    pub links: Vec<Link>,
}

#[derive(Serialize)]
struct DatasetDocRef<'a> {
    format: &'static str,
    chain: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<Date>,
    sources: &'a [Source],
    regions: &'a [Region],
    firms: &'a [Firm],
    organizations: &'a [Organization],
    links: &'a [Link],
}

impl Serialize for Dataset {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        DatasetDocRef {
            format: DATASET_FORMAT,
            chain: &self.chain,
            as_of: self.as_of,
            sources: &self.sources,
            regions: &self.regions,
            firms: &self.firms,
            organizations: &self.organizations,
            links: &self.links,
        }
        .serialize(s)
    }
}

impl Dataset {
    /// Writes the dataset as indented JSON, lists in their current order.
    ///
    /// # Errors
    /// [`Error::Io`] when writing fails.
    pub fn to_writer<W: Write>(&self, writer: W) -> Result<()> {
        crate::write::pretty(writer, self)
    }

    /// The dataset as indented JSON text.
    pub fn to_json_string(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail; non-finite numbers cannot pass validation.
        let _ = self.to_writer(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// The same dataset with every list in a canonical order: sources, regions, firms and
    /// organizations by id; each firm's tags, sources and makes facts sorted; links by
    /// (from, to, kind, product). Exports use it so that the order of the input lists never
    /// changes the output.
    pub fn canonical(&self) -> Dataset {
        let mut d = self.clone();
        d.sources.sort_by(|a, b| a.id.cmp(&b.id));
        d.regions.sort_by(|a, b| a.id.cmp(&b.id));
        d.firms.sort_by(|a, b| a.id.cmp(&b.id));
        d.firms.iter_mut().for_each(Firm::sort_lists);
        d.organizations.sort_by(|a, b| a.id.cmp(&b.id));
        d.organizations
            .iter_mut()
            .for_each(Organization::sort_lists);
        d.links.iter_mut().for_each(Link::sort_lists);
        d.links.sort_by(|a, b| a.key().cmp(&b.key()));
        d
    }
}

impl Firm {
    /// The firm's lists in [`Dataset::canonical`]'s order: tags, sources, and the makes
    /// facts ([`sort_makes`]).
    pub(crate) fn sort_lists(&mut self) {
        self.tags.sort();
        self.sources.sort();
        sort_makes(&mut self.makes);
    }
}

/// Makes facts in [`Dataset::canonical`]'s order, each with its sources sorted.
pub(crate) fn sort_makes(makes: &mut [Makes]) {
    for m in makes.iter_mut() {
        m.sources.sort();
    }
    makes.sort_by(|a, b| {
        makes_key(a)
            .partial_cmp(&makes_key(b))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
}

impl Organization {
    /// The organization's sources in [`Dataset::canonical`]'s order.
    pub(crate) fn sort_lists(&mut self) {
        self.sources.sort();
    }
}

impl Link {
    /// The link's sources in [`Dataset::canonical`]'s order.
    pub(crate) fn sort_lists(&mut self) {
        self.sources.sort();
    }

    /// What [`Dataset::canonical`] sorts links by: (from, to, kind, product), no product
    /// sorting first.
    pub(crate) fn key(&self) -> (&str, &str, LinkKind, &str) {
        (
            &self.from,
            &self.to,
            self.kind,
            self.product.as_deref().unwrap_or(""),
        )
    }
}

fn makes_key(m: &Makes) -> (String, String, String, String, Option<f64>, String) {
    (
        m.product.clone(),
        m.status.as_str().to_string(),
        m.since.map(|d| d.to_string()).unwrap_or_default(),
        m.until.map(|d| d.to_string()).unwrap_or_default(),
        m.capacity.as_ref().map(|c| c.value),
        m.note.clone().unwrap_or_default(),
    )
}

/// A firm or organization by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PartyIndex {
    Firm(u32),
    Organization(u32),
}

impl PartyIndex {
    /// Marks an organization in a packed party.
    const ORGANIZATION: u32 = 1 << 31;

    /// The party as one number: the position, with the top bit set for an organization.
    pub(crate) fn pack(self) -> u32 {
        match self {
            PartyIndex::Firm(f) => f,
            PartyIndex::Organization(o) => o | Self::ORGANIZATION,
        }
    }

    /// The party [`PartyIndex::pack`] packed.
    pub(crate) fn unpack(p: u32) -> PartyIndex {
        if p & Self::ORGANIZATION != 0 {
            PartyIndex::Organization(p & !Self::ORGANIZATION)
        } else {
            PartyIndex::Firm(p)
        }
    }
}
