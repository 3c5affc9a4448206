//! Bilingual names (`{"zh": "...", "en": "..."}`), which templates and datasets share.

use serde::{Deserialize, Serialize};

use crate::object::object_only;
use crate::problem::Kind;

/// A bilingual name: Chinese, English, or both; each non-empty.
///
/// ```
/// use vrfb_chain::Name;
/// let name = Name::new(Some("钒电解液"), Some("Vanadium electrolyte"));
/// assert_eq!(name.display(), "钒电解液 (Vanadium electrolyte)");
/// assert_eq!(Name::new(None, Some("Stack")).display(), "Stack");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct Name {
    /// The Chinese name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh: Option<String>,
    /// The English name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Name {
    /// A name from its parts.
    pub fn new(zh: Option<&str>, en: Option<&str>) -> Name {
        Name {
            zh: zh.map(str::to_string),
            en: en.map(str::to_string),
        }
    }

    /// The rule of names: `zh` or `en`, neither empty. Calls `report` for each problem
    /// with where it is below the name (`zh`, `en`, or `None` for the name itself). The
    /// template's checks and the dataset reader both use it.
    ///
    /// ```
    /// use vrfb_chain::Name;
    /// let mut found = Vec::new();
    /// Name::check(Some(""), None, |key, kind| found.push(format!("{key:?}: {kind}")));
    /// assert_eq!(found, ["Some(\"zh\"): name is empty"]);
    /// ```
    pub fn check(
        zh: Option<&str>,
        en: Option<&str>,
        mut report: impl FnMut(Option<&'static str>, Kind),
    ) {
        if zh.is_none() && en.is_none() {
            report(None, Kind::NoName);
        }
        if zh.is_some_and(str::is_empty) {
            report(Some("zh"), Kind::EmptyName);
        }
        if en.is_some_and(str::is_empty) {
            report(Some("en"), Kind::EmptyName);
        }
    }

    /// The name for people: `zh (en)`, or whichever of the two is present.
    pub fn display(&self) -> String {
        Name::shown(self.zh.as_deref(), self.en.as_deref())
    }

    /// [`Name::display`] of the parts `zh` and `en`.
    pub(crate) fn shown(zh: Option<&str>, en: Option<&str>) -> String {
        match (zh, en) {
            (Some(zh), Some(en)) if !zh.is_empty() && !en.is_empty() => format!("{zh} ({en})"),
            (Some(zh), _) if !zh.is_empty() => zh.to_string(),
            (_, Some(en)) => en.to_string(),
            _ => String::new(),
        }
    }
}

object_only!(Name, serialize);
