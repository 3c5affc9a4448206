//! Typed problems: where a document breaks a rule ([`Location`]) and which rule
//! ([`Kind`]), formatted only when shown.
//!
//! A location is a JSON path as its parts ([`Step`]s), the id of the record it is in when
//! that record has one, and the line and column of the value when the reader knows them.
//! Problems sort by location, section by section and index by index, without formatting
//! or parsing a path.

use std::borrow::Cow;
use std::fmt;

use crate::date::DateError;

/// One part of a JSON path: an object's key or a list's index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// The value of a key of an object.
    Key(Cow<'static, str>),
    /// The element of a list at this 0-based position.
    Index(usize),
}

impl From<&'static str> for Step {
    fn from(key: &'static str) -> Step {
        Step::Key(Cow::Borrowed(key))
    }
}

impl From<usize> for Step {
    fn from(index: usize) -> Step {
        Step::Index(index)
    }
}

/// Where a problem is: a JSON path from the document's root, the id of the record it is
/// in, and the value's line and column in the text when known.
///
/// ```
/// use vrfb_chain::problem::Location;
/// let at = Location::parse("firms[54].makes[0].product").in_record("example-felt");
/// assert_eq!(at.to_string(), "firms[54] `example-felt`: makes[0].product");
/// assert_eq!(at.path(), "firms[54].makes[0].product");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Location {
    steps: Vec<Step>,
    record: Option<Box<str>>,
    position: Option<(u32, u32)>,
}

impl Location {
    /// The root of the document.
    pub fn root() -> Location {
        Location::default()
    }

    /// A location of these steps.
    pub fn of(steps: Vec<Step>) -> Location {
        Location {
            steps,
            ..Location::default()
        }
    }

    /// The location a path such as `firms[3].makes[0].product` writes. Text that is not
    /// such a path (a sheet's cell, say) is kept whole, as one key.
    pub fn parse(path: &str) -> Location {
        Location::of(parse_steps(path).unwrap_or_else(|| {
            if path.is_empty() {
                Vec::new()
            } else {
                vec![Step::Key(Cow::Owned(path.to_string()))]
            }
        }))
    }

    /// The same location, naming the id of the record it is in.
    pub fn in_record(mut self, id: impl Into<String>) -> Location {
        self.record = Some(id.into().into_boxed_str());
        self
    }

    /// The same location without a line and column (to place it in another text).
    pub(crate) fn without_position(mut self) -> Location {
        self.position = None;
        self
    }

    /// The same location, at this 1-based line and column of the text.
    pub fn at_position(mut self, line: usize, column: usize) -> Location {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.position = Some((narrow(line), narrow(column)));
        self
    }

    /// The same location below `steps`: `add` and `firms[0].id` make `add.firms[0].id`.
    pub fn under(mut self, steps: &[Step]) -> Location {
        let mut all = steps.to_vec();
        all.append(&mut self.steps);
        self.steps = all;
        self
    }

    /// The path's parts.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The parts, to edit.
    pub(crate) fn steps_mut(&mut self) -> &mut Vec<Step> {
        &mut self.steps
    }

    /// The id of the record the location is in, when the record has one.
    pub fn record(&self) -> Option<&str> {
        self.record.as_deref()
    }

    /// The 1-based line and column of the value, when known.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.position.map(|(l, c)| (l as usize, c as usize))
    }

    /// The JSON path as text: `firms[3].makes[0].product` (`""` for the root).
    pub fn path(&self) -> String {
        let mut out = String::new();
        write_steps(&mut out, &self.steps).ok();
        out
    }

    /// The key problems sort by: the sections along the path before its first index, in
    /// the order the formats list them (a scenario's `add.firms` is in `add`, then in
    /// `firms`), then the indices along the path.
    fn sort_key(&self) -> (Vec<usize>, Vec<usize>) {
        const SECTIONS: [&str; 15] = [
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
            "add",
            "remove",
        ];
        let rank = |key: &str| {
            SECTIONS
                .iter()
                .position(|s| *s == key)
                .unwrap_or(SECTIONS.len())
        };
        let mut sections: Vec<usize> = self
            .steps
            .iter()
            .map_while(|s| match s {
                Step::Key(key) => Some(rank(key)),
                Step::Index(_) => None,
            })
            .take(2)
            .collect();
        if sections.is_empty() {
            sections.push(rank(""));
        }
        // Only a scenario's sections have sections inside them.
        if !matches!(sections[0], 13 | 14) {
            sections.truncate(1);
        }
        let indices = self
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Index(i) => Some(*i),
                Step::Key(_) => None,
            })
            .collect();
        (sections, indices)
    }
}

/// `a.b[3].c` as steps; `None` when the text is not such a path.
fn parse_steps(path: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return None;
        }
        steps.push(Step::Key(Cow::Owned(key.to_string())));
        while let Some(inner) = rest.strip_prefix('[') {
            let close = inner.find(']')?;
            steps.push(Step::Index(inner[..close].parse().ok()?));
            rest = &inner[close + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(steps)
}

fn write_steps(f: &mut impl fmt::Write, steps: &[Step]) -> fmt::Result {
    for (k, step) in steps.iter().enumerate() {
        match step {
            Step::Key(key) if k == 0 => f.write_str(key)?,
            Step::Key(key) => write!(f, ".{key}")?,
            Step::Index(i) => write!(f, "[{i}]")?,
        }
    }
    Ok(())
}

impl Location {
    /// Where the record's own part of the path ends: after the first key and index
    /// (`firms[54]`, or `add.firms[2]` in a scenario).
    fn record_end(&self) -> Option<usize> {
        self.steps
            .windows(2)
            .position(|w| matches!(w, [Step::Key(_), Step::Index(_)]))
            .map(|k| k + 2)
    }
}

impl fmt::Display for Location {
    /// The path, with the record's id after the record's own part when it has one:
    /// ``firms[54] `example-felt`: makes[0].product``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.record, self.record_end()) {
            (Some(id), Some(end)) => {
                write_steps(f, &self.steps[..end])?;
                write!(f, " `{}`", shorten(id))?;
                let rest = &self.steps[end..];
                if !rest.is_empty() {
                    f.write_str(": ")?;
                    write_steps(f, rest)?;
                }
                Ok(())
            }
            _ => write_steps(f, &self.steps),
        }
    }
}

/// The longest value a message quotes whole.
const MAX_QUOTED: usize = 80;

/// Shortens a value for a message, so that a megabyte-long id does not make a
/// megabyte-long error: at most 80 characters, then `…`.
pub(crate) fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTED) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// Shortens every quoted value (between backticks or double quotes) of a message.
pub(crate) fn shorten_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1024));
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = rest.as_bytes()[open] as char;
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        match rest.find(quote) {
            Some(close) => {
                out.push_str(&shorten(&rest[..close]));
                out.push(quote);
                rest = &rest[close + 1..];
            }
            None => {
                out.push_str(&shorten(rest));
                return out;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Which rule a document breaks, with the values the message names.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Kind {
    /// A value of the wrong JSON type: `found` as serde writes it (``integer `7` ``).
    WrongType {
        /// What the value is.
        found: String,
        /// What the format wants there.
        expected: &'static str,
    },
    /// A key the format does not have.
    UnknownField {
        /// The key.
        field: String,
        /// The keys the object may have.
        expected: &'static [&'static str],
    },
    /// A key given twice in one object.
    DuplicateField(&'static str),
    /// A required key left out.
    MissingField(&'static str),
    /// The `format` is not the document's.
    UnknownFormat {
        /// The format given.
        found: String,
        /// The format expected.
        expected: &'static str,
    },
    /// An id that breaks the id rule.
    InvalidId(String),
    /// A tag that breaks the id rule.
    InvalidTag(String),
    /// A name with neither `zh` nor `en`.
    NoName,
    /// A name's `zh` or `en` is empty.
    EmptyName,
    /// An id given twice in one namespace.
    Duplicate {
        /// The namespace: `source`, `region`, `firm or organization`, ...
        what: &'static str,
        /// The id.
        id: String,
        /// Where it is first defined.
        first: Location,
    },
    /// A reference to nothing: `what` (`region`, `source`, `firm or organization`) `id`.
    Unknown {
        /// What kind of thing the reference names.
        what: &'static str,
        /// The id referred to.
        id: String,
    },
    /// A product that is not in the template.
    UnknownProduct {
        /// The product id.
        id: String,
        /// The template's id.
        chain: String,
    },
    /// The dataset names another template.
    ChainMismatch {
        /// The template the dataset names.
        found: String,
        /// The template it is read with.
        template: String,
    },
    /// A region that is its own parent.
    OwnParent(String),
    /// Regions whose parents go round in a circle (the first repeated at the end).
    RegionCycle(Vec<String>),
    /// A firm without a region.
    NoRegion(String),
    /// An enumerated value that is not one of the format's (the message says which are).
    BadValue(String),
    /// A date that is not a date.
    BadDate(DateError),
    /// `until` not after `since`.
    DatesOrder {
        /// The start.
        since: String,
        /// The end.
        until: String,
    },
    /// A capacity below 0 or not a number.
    Capacity(f64),
    /// A share outside (0, 1].
    Share(f64),
    /// A link whose two ends are one party.
    LinkToItself(String),
    /// A link end of the wrong kind of party for the link's kind.
    WrongEnd {
        /// The party.
        id: String,
        /// Whether it is a firm (else an organization).
        is_firm: bool,
        /// `from` or `to`.
        side: &'static str,
        /// The link's kind, as the format writes it.
        kind: &'static str,
        /// Whether the end must be a firm (else an organization).
        want_firm: bool,
    },
    /// A supplies link without a product.
    NeedsProduct {
        /// The supplier.
        from: String,
        /// The customer.
        to: String,
    },
    /// A link given twice.
    DuplicateLink {
        /// The kind, as the format writes it.
        kind: &'static str,
        /// Its `from`.
        from: String,
        /// Its `to`.
        to: String,
        /// The position of the first.
        first: usize,
    },
    /// A partnership stored both ways.
    PartnersTwice {
        /// Its `from`.
        from: String,
        /// Its `to`.
        to: String,
        /// The position of the first.
        first: usize,
    },
    /// A template without segments.
    NoSegments,
    /// A product in a segment the template does not have.
    UnknownSegment(String),
    /// A requirement with no alternative.
    EmptyRequirement,
    /// A requirement that lists an alternative twice.
    RequirementRepeats(String),
    /// A product among its own inputs.
    ListsItself(String),
    /// An input that is not a product of the template.
    UnknownInput(String),
    /// An input from a segment downstream of its product's.
    InputDownstream {
        /// The input product.
        input: String,
        /// The input's segment.
        segment: String,
        /// The product's segment.
        of: String,
    },
    /// Products that are, through their inputs, inputs of themselves (sorted by place).
    InputCycle(Vec<String>),
    /// Any other rule, in words (scenarios' removals, spreadsheets).
    Other(String),
}

fn a_or_an(kind: &str) -> &'static str {
    if kind.starts_with('o') {
        "an"
    } else {
        "a"
    }
}

fn party(is_firm: bool) -> &'static str {
    if is_firm {
        "a firm"
    } else {
        "an organization"
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const ID_RULE: &str = "use 1-64 characters from a-z 0-9 - _ .";
        match self {
            Kind::WrongType { found, expected } => {
                write!(f, "invalid type: {found}, expected {expected}")
            }
            Kind::UnknownField { field, expected } => {
                write!(f, "unknown field `{}`, expected ", shorten(field))?;
                match expected {
                    [] => f.write_str("no fields"),
                    [one] => write!(f, "`{one}`"),
                    [a, b] => write!(f, "`{a}` or `{b}`"),
                    many => {
                        f.write_str("one of ")?;
                        let quoted: Vec<String> = many.iter().map(|k| format!("`{k}`")).collect();
                        f.write_str(&quoted.join(", "))
                    }
                }
            }
            Kind::DuplicateField(field) => write!(f, "duplicate field `{field}`"),
            Kind::MissingField(field) => write!(f, "missing field `{field}`"),
            Kind::UnknownFormat { found, expected } => write!(
                f,
                "unknown format `{}`, expected `{expected}`",
                shorten(found)
            ),
            Kind::InvalidId(id) => write!(f, "invalid id `{}`: {ID_RULE}", shorten(id)),
            Kind::InvalidTag(tag) => write!(f, "invalid tag `{}`: {ID_RULE}", shorten(tag)),
            Kind::NoName => f.write_str("name needs `zh` or `en`"),
            Kind::EmptyName => f.write_str("name is empty"),
            Kind::Unknown { what, id } => write!(f, "unknown {what} `{}`", shorten(id)),
            Kind::UnknownProduct { id, chain } => write!(
                f,
                "unknown product `{}` (not in chain `{chain}`)",
                shorten(id)
            ),
            Kind::ChainMismatch { found, template } => write!(
                f,
                "dataset is written for chain `{}`, but the template is `{template}`",
                shorten(found)
            ),
            Kind::OwnParent(id) => write!(f, "region `{}` is its own parent", shorten(id)),
            Kind::RegionCycle(ids) => {
                let names: Vec<String> = ids.iter().map(|id| shorten(id)).collect();
                write!(f, "region cycle: {}", names.join(" → "))
            }
            Kind::NoRegion(id) => write!(
                f,
                "firm `{}` has no region: gap analysis is about places",
                shorten(id)
            ),
            Kind::BadValue(message) => f.write_str(message),
            Kind::BadDate(error) => write!(f, "{error}"),
            Kind::DatesOrder { since, until } => {
                write!(f, "until {until} must come after since {since}")
            }
            Kind::Capacity(value) => write!(f, "capacity must be a number ≥ 0, got {value}"),
            Kind::Share(value) => write!(f, "share must be in (0, 1], got {value}"),
            Kind::LinkToItself(_) | Kind::WrongEnd { .. } | Kind::NeedsProduct { .. } => {
                self.fmt_link(f)
            }
            Kind::Duplicate { .. } | Kind::DuplicateLink { .. } | Kind::PartnersTwice { .. } => {
                let first = self.first_path().unwrap_or_default();
                f.write_str(&self.first_at(&first).unwrap_or_default())
            }
            Kind::Other(message) => f.write_str(message),
            Kind::NoSegments
            | Kind::UnknownSegment(_)
            | Kind::EmptyRequirement
            | Kind::RequirementRepeats(_)
            | Kind::ListsItself(_)
            | Kind::UnknownInput(_)
            | Kind::InputDownstream { .. }
            | Kind::InputCycle(_) => self.fmt_template(f),
        }
    }
}

impl Kind {
    /// The messages of the template's rules.
    fn fmt_template(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::NoSegments => f.write_str("a template needs at least one segment"),
            Kind::UnknownSegment(id) => write!(f, "unknown segment `{}`", shorten(id)),
            Kind::EmptyRequirement => {
                f.write_str("empty requirement: list at least one alternative")
            }
            Kind::RequirementRepeats(id) => write!(f, "requirement repeats `{}`", shorten(id)),
            Kind::ListsItself(id) => {
                write!(f, "product `{}` lists itself as an input", shorten(id))
            }
            Kind::UnknownInput(id) => write!(f, "unknown product `{}`", shorten(id)),
            Kind::InputDownstream { input, segment, of } => write!(
                f,
                "input `{}` is in segment `{}`, downstream of `{}`",
                shorten(input),
                shorten(segment),
                shorten(of)
            ),
            Kind::InputCycle(ids) => {
                f.write_str("input cycle between products ")?;
                for (i, id) in ids.iter().enumerate() {
                    let comma = if i == 0 { "" } else { ", " };
                    write!(f, "{comma}`{}`", shorten(id))?;
                }
                Ok(())
            }
            // Called for the template's rules only.
            _ => Ok(()),
        }
    }
}

impl Kind {
    /// The messages of the link rules.
    fn fmt_link(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::LinkToItself(id) => write!(f, "link from `{}` to itself", shorten(id)),
            Kind::WrongEnd {
                id,
                is_firm,
                side,
                kind,
                want_firm,
            } => write!(
                f,
                "`{}` is {}: the `{side}` of {} {kind} link must be {}",
                shorten(id),
                party(*is_firm),
                a_or_an(kind),
                party(*want_firm)
            ),
            Kind::NeedsProduct { from, to } => write!(
                f,
                "supplies link from `{}` to `{}` needs a product",
                shorten(from),
                shorten(to)
            ),
            _ => Ok(()),
        }
    }

    /// Where the first copy of a repeated id or link is, as a dataset's JSON path
    /// (`firms[2]`, `links[3]`); `None` for another kind.
    pub(crate) fn first_path(&self) -> Option<String> {
        match self {
            Kind::Duplicate { first, .. } => Some(first.path()),
            Kind::DuplicateLink { first, .. } | Kind::PartnersTwice { first, .. } => {
                Some(format!("links[{first}]"))
            }
            _ => None,
        }
    }

    /// The message of an id or a link given twice, its first copy placed at `first`
    /// (`links[3]`; a scenario says `add.links[0]` for one it adds, a sheet `企业!A4`);
    /// `None` for another kind.
    pub(crate) fn first_at(&self, first: &str) -> Option<String> {
        match self {
            Kind::Duplicate { what, id, .. } => Some(format!(
                "duplicate {what} id `{}` (first at {first})",
                shorten(id)
            )),
            Kind::DuplicateLink { kind, from, to, .. } => Some(format!(
                "duplicate {kind} link from `{}` to `{}` (first at {first})",
                shorten(from),
                shorten(to)
            )),
            Kind::PartnersTwice { from, to, .. } => Some(format!(
                "partners_with link between `{}` and `{}` stored twice (first at {first}): \
                 store it once",
                shorten(from),
                shorten(to)
            )),
            _ => None,
        }
    }
}

/// One problem of a document: where it is and which rule it breaks.
///
/// ```
/// use vrfb_chain::Problem;
/// let p = Problem::new("firms[0].region", "unknown region `atlantis`");
/// assert_eq!(p.to_string(), "firms[0].region: unknown region `atlantis`");
/// assert_eq!(p.path(), "firms[0].region");
/// ```
#[derive(Debug, Clone)]
pub struct Problem {
    location: Location,
    /// Boxed: a problem stays small in a `Result`.
    kind: Box<Kind>,
    /// What to do about it, when more can be said than the rule: "did you mean …".
    advice: Option<Box<str>>,
}

impl Problem {
    /// A problem at `path` (a JSON path, or any place in words) with `message`.
    pub fn new(path: impl AsRef<str>, message: impl Into<String>) -> Problem {
        Problem::at(Location::parse(path.as_ref()), Kind::Other(message.into()))
    }

    /// A problem of `kind` at `location`.
    pub fn at(location: Location, kind: Kind) -> Problem {
        Problem {
            location,
            kind: Box::new(kind),
            advice: None,
        }
    }

    /// The same problem with advice on what to do, shown after the rule it breaks.
    ///
    /// ```
    /// use vrfb_chain::Problem;
    /// let p = Problem::new("firms[0].region", "unknown region `zone-b`")
    ///     .with_advice("did you mean `zone-a` (甲高新区 / Zone A)?");
    /// assert_eq!(p.message(), "unknown region `zone-b`; did you mean `zone-a` (甲高新区 / Zone A)?");
    /// assert_eq!(p.advice(), Some("did you mean `zone-a` (甲高新区 / Zone A)?"));
    /// ```
    pub fn with_advice(mut self, advice: impl Into<String>) -> Problem {
        self.advice = Some(advice.into().into_boxed_str());
        self
    }

    /// The advice on what to do, when there is some beyond the rule.
    pub fn advice(&self) -> Option<&str> {
        self.advice.as_deref()
    }

    /// Where the problem is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Where the problem is, to edit.
    pub(crate) fn location_mut(&mut self) -> &mut Location {
        &mut self.location
    }

    /// Which rule it breaks.
    pub fn kind(&self) -> &Kind {
        &self.kind
    }

    /// The JSON path of the offending value, from the document's root (`""` for the root).
    pub fn path(&self) -> String {
        self.location.path()
    }

    /// What is wrong, lowercase, naming the offending id or value, and the advice when
    /// there is some.
    pub fn message(&self) -> String {
        match &self.advice {
            Some(advice) => format!("{}; {advice}", self.kind),
            None => self.kind.to_string(),
        }
    }
}

impl PartialEq for Problem {
    /// The same place and the same message, whether the kind is typed or in words: a
    /// problem made with [`Problem::new`] equals the typed one that reads the same.
    fn eq(&self, other: &Problem) -> bool {
        self.location == other.location && self.message() == other.message()
    }
}

impl fmt::Display for Problem {
    /// `location: message`, and the line and column when known: one line, a line break
    /// in a value it quotes (a spreadsheet cell of two lines) written `\n`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut line = String::new();
        if !self.location.steps.is_empty() {
            line.push_str(&format!("{}: ", self.location));
        }
        line.push_str(&self.message());
        if let Some((l, column)) = self.location.position {
            line.push_str(&format!(" (line {l}, column {column})"));
        }
        if line.contains(['\n', '\r']) {
            line = line.replace("\r\n", "\\n").replace(['\n', '\r'], "\\n");
        }
        f.write_str(&line)
    }
}

/// Orders problems as the document is: by top-level section, then by the indices along
/// the path. The sort is stable, so problems of one value keep the order they were found
/// in.
pub(crate) fn sort(problems: &mut [Problem]) {
    problems.sort_by_cached_key(|p| p.location.sort_key());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_to_steps_and_back() {
        for path in [
            "",
            "chain",
            "firms[3].makes[0].product",
            "add.links[12]",
            "a.b",
        ] {
            assert_eq!(Location::parse(path).path(), path);
        }
        let at = Location::parse("firms[3].makes[0]");
        assert_eq!(
            at.steps(),
            [
                Step::from("firms"),
                Step::Index(3),
                Step::from("makes"),
                Step::Index(0)
            ]
        );
        // Not a path: kept whole.
        let cell = Location::parse("Firms sheet, row 4 [C]");
        assert_eq!(cell.steps().len(), 1);
        assert_eq!(cell.to_string(), "Firms sheet, row 4 [C]");
    }

    #[test]
    fn problems_sort_by_section_then_indices() {
        let mut problems: Vec<Problem> = ["links[0]", "firms[10].id", "firms[2].makes[1]", "chain"]
            .iter()
            .map(|p| Problem::new(p, "x"))
            .collect();
        sort(&mut problems);
        let paths: Vec<String> = problems.iter().map(Problem::path).collect();
        assert_eq!(
            paths,
            ["chain", "firms[2].makes[1]", "firms[10].id", "links[0]"]
        );
    }

    #[test]
    fn a_problem_is_one_line_whatever_it_quotes() {
        let p = Problem::new("企业!A2: 企业名称", "unknown firm 示例\n电堆\r\n二厂");
        assert_eq!(
            p.to_string(),
            "企业!A2: 企业名称: unknown firm 示例\\n电堆\\n二厂"
        );
    }

    #[test]
    fn a_record_id_and_a_position_are_shown() {
        let at = Location::parse("firms[54]")
            .in_record("x")
            .at_position(3, 9);
        let p = Problem::at(at, Kind::MissingField("name"));
        assert_eq!(
            p.to_string(),
            "firms[54] `x`: missing field `name` (line 3, column 9)"
        );
    }
}
