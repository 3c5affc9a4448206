//! Names and ids a planner writes, looked up, and the nearest one suggested.

use std::collections::HashMap;

use crate::lookup::without_admin_suffix;
use crate::name::Name;
use crate::sheets::layout::normalize;

/// A normalized name without the company form it ends with (`股份有限公司`, `集团`,
/// `co.,ltd.`): the part that tells one firm from another.
pub(super) fn without_company_form(name: &str) -> &str {
    const FORMS: &[&str] = &[
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团公司",
        "集团",
        "公司",
        "co.,ltd.",
        "co.,ltd",
        "co.ltd.",
        "ltd.",
        "ltd",
        "inc.",
        "co.",
    ];
    let mut core = name;
    while let Some(rest) = FORMS.iter().find_map(|f| core.strip_suffix(f)) {
        core = rest.trim_end_matches([',', '.']);
    }
    core
}

pub(super) fn by_name_key(text: &str) -> String {
    normalize(text)
}

/// An index from ids and names to ids; a name shared by several records is ambiguous.
#[derive(Default)]
pub(super) struct Names {
    exact: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    /// Each record's id, the name a suggestion shows, and every name it is known by.
    entries: Vec<(String, String, Vec<String>)>,
    /// Where a name unknown here is looked up next (the template's built-in regions, for
    /// the regions of a workbook).
    pub(super) fallback: Option<Box<Names>>,
    /// For regions: each Chinese name without its administrative suffix (`四川` for
    /// `四川省`), looked up when no whole name matches.
    short: Option<HashMap<String, Vec<usize>>>,
}

impl Names {
    /// An index of regions, whose names are found without their administrative suffix
    /// too.
    pub(super) fn regions() -> Names {
        Names {
            short: Some(HashMap::new()),
            ..Names::default()
        }
    }

    pub(super) fn add(&mut self, id: &str, names: &[Option<&str>], name: &Name) {
        let i = self.entries.len();
        let shown = name
            .zh
            .clone()
            .or_else(|| name.en.clone())
            .unwrap_or_default();
        let mut keys: Vec<String> = names
            .iter()
            .flatten()
            .map(|n| by_name_key(n))
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        self.exact.entry(id.to_string()).or_insert(i);
        for k in &keys {
            self.by_name.entry(k.clone()).or_default().push(i);
        }
        if let Some(short) = &mut self.short {
            for k in keys.iter().filter_map(|k| without_admin_suffix(k)) {
                short.entry(k.to_string()).or_default().push(i);
            }
        }
        self.entries.push((id.to_string(), shown, keys));
    }

    /// The id, or Err(ids) when the name is shared, or Err(empty) when unknown here and in
    /// the fallback.
    ///
    /// A region's name is found without its administrative suffix (`四川` for `四川省`)
    /// when no whole name matches, here or in the fallback, and only one name so matches.
    pub(super) fn find(&self, text: &str) -> std::result::Result<&str, Vec<&str>> {
        match self.find_whole(text) {
            Err(many) if many.is_empty() => match self.find_short(text) {
                Some(id) => Ok(id),
                None => Err(many),
            },
            found => found,
        }
    }

    /// [`find`](Self::find) by whole names only.
    fn find_whole(&self, text: &str) -> std::result::Result<&str, Vec<&str>> {
        match self.find_here(text) {
            Err(many) if many.is_empty() => match &self.fallback {
                Some(next) => next.find_whole(text),
                None => Err(many),
            },
            found => found,
        }
    }

    /// The one region here, else in the fallback, whose name without its administrative
    /// suffix is the text (without its own).
    fn find_short(&self, text: &str) -> Option<&str> {
        let key = by_name_key(text);
        let key = without_admin_suffix(&key).unwrap_or(&key);
        match self.short.as_ref()?.get(key).map(Vec::as_slice) {
            Some([i]) => Some(&self.entries[*i].0),
            Some(_) => None,
            None => self.fallback.as_ref()?.find_short(text),
        }
    }

    /// [`find`](Self::find) among this index's own records only.
    pub(super) fn find_here(&self, text: &str) -> std::result::Result<&str, Vec<&str>> {
        if let Some(&i) = self.exact.get(text) {
            return Ok(&self.entries[i].0);
        }
        if let Some(&i) = self.exact.get(&text.to_lowercase()) {
            return Ok(&self.entries[i].0);
        }
        match self.by_name.get(&by_name_key(text)).map(Vec::as_slice) {
            Some([i]) => Ok(&self.entries[*i].0),
            Some(many) => Err(many.iter().map(|&i| self.entries[i].0.as_str()).collect()),
            None => Err(Vec::new()),
        }
    }

    /// The nearest id or name, here or in the fallback, shown as `id (name)`: the closest
    /// by Damerau-Levenshtein similarity, a name that contains the text (or is contained in
    /// it) counting as close; on a tie, this index's own record.
    pub(super) fn suggest(&self, text: &str) -> Option<String> {
        let wanted = by_name_key(text);
        let here = self.nearest(&wanted);
        let next = self.fallback.as_ref().and_then(|f| f.nearest(&wanted));
        match (here, next) {
            (Some(h), Some(n)) if n.0 > h.0 => Some(n.1),
            (Some(h), _) => Some(h.1),
            (None, n) => n.map(|n| n.1),
        }
    }

    /// The best score of [`suggest`](Self::suggest) among this index's own records, with
    /// the record shown as `id (name)`.
    pub(super) fn nearest(&self, wanted: &str) -> Option<(f64, String)> {
        let wanted_len = wanted.chars().count();
        if wanted_len == 0 {
            return None;
        }
        let mut best: Option<(f64, usize)> = None;
        let wanted_core = without_company_form(wanted);
        for (i, (id, _, names)) in self.entries.iter().enumerate() {
            // A row without an id has nothing to suggest.
            if id.is_empty() {
                continue;
            }
            let mut score: f64 = 0.0;
            for c in std::iter::once(&by_name_key(id)).chain(names) {
                // `股份有限公司` alone is no likeness: compared without the company form.
                let core = without_company_form(c);
                let (w, c) = if wanted_core.is_empty() || core.is_empty() {
                    (wanted, c.as_str())
                } else {
                    (wanted_core, core)
                };
                let mut s = strsim::normalized_damerau_levenshtein(w, c);
                // One inside the other ranks high, the closer in length the higher: 乐山
                // is 乐山市 before 乐山高新区.
                if wanted_len >= 2 && !c.is_empty() && (c.contains(w) || w.contains(c)) {
                    s = 0.8 + 0.19 * s;
                }
                score = score.max(s);
            }
            if score >= 0.5 && best.is_none_or(|(b, _)| score > b) {
                best = Some((score, i));
            }
        }
        best.map(|(score, i)| {
            let (id, shown, _) = &self.entries[i];
            if shown.is_empty() || shown == id {
                (score, id.clone())
            } else {
                (score, format!("{id} ({shown})"))
            }
        })
    }
}
