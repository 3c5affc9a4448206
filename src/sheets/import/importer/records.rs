//! The records of each table read into the dataset, and the problems traced to their
//! cells.

use std::collections::{HashMap, HashSet};

use super::super::names::Names;
use super::super::tables::Row;
use super::super::values::{
    is_prospect, is_purchase, one_of, parse_grade, parse_link_kind, parse_org_kind,
    parse_region_kind, parse_status,
};
use super::*;
use crate::dataset::{
    Capacity, Dataset, Firm, Grade, Link, LinkKind, Makes, Organization, OrganizationKind, Region,
    RegionKind, Source, Status,
};
use crate::error::{Problem, Result};
use crate::sheets::import::derive_id;
use crate::sheets::layout::{normalize, TableKind};
use crate::{Error, KnowledgeGraph};

impl<'t> Importer<'t> {
    pub(in crate::sheets::import) fn run(&mut self) {
        self.unreadable_cells();
        self.read_dataset();
        self.read_sources();
        let regions = self.read_regions();
        let firm_names = self.read_firms(&regions);
        self.read_organizations(&regions);
        self.read_makes(&firm_names);
        let parties = self.party_names();
        self.read_links(&parties);
        self.add_builtin_regions();
    }

    fn read_dataset(&mut self) {
        let Some((t, rows)) = self.rows(TableKind::Dataset) else {
            return;
        };
        for (i, row) in rows.iter().enumerate() {
            if i > 0 {
                self.report(t, row, "chain", "the dataset table has one row");
                break;
            }
            if let Some(chain) = self.text(t, row, "chain") {
                self.dataset.chain = chain;
            }
            self.dataset.as_of = self.date(t, row, "as_of");
            self.origin("chain".into(), t, row);
            self.origin("as_of".into(), t, row);
        }
    }

    fn read_sources(&mut self) {
        let Some((t, rows)) = self.rows(TableKind::Sources) else {
            return;
        };
        for row in rows {
            let i = self.dataset.sources.len();
            let grade = match self.text(t, row, "grade") {
                None => Grade::C,
                Some(g) => parse_grade(&g).unwrap_or_else(|| {
                    self.report(t, row, "grade", format!("unknown grade {g}: use A, B or C"));
                    Grade::C
                }),
            };
            let source = Source {
                id: self.text(t, row, "id").unwrap_or_default(),
                title: self.text(t, row, "title").unwrap_or_default(),
                url: self.free_text(t, row, "url"),
                publisher: self.free_text(t, row, "publisher"),
                published: self.date(t, row, "published"),
                grade,
            };
            let title = Name::new(Some(&source.title), None);
            let names = [Some(source.id.as_str()), Some(source.title.as_str())];
            self.source_names.add(&source.id, &names, &title);
            self.origin(format!("sources[{i}]"), t, row);
            self.dataset.sources.push(source);
        }
    }

    /// Reads the regions table; returns the index of its regions' ids and names, which
    /// falls back to the template's built-in regions that the table does not define.
    fn read_regions(&mut self) -> Names {
        let (mut names, parents) = self.read_region_rows();
        names.fallback = self.builtin_region_names().map(Box::new);
        if let Some((t, rows)) = self.rows(TableKind::Regions) {
            for (i, (row, parent)) in rows.iter().zip(parents).enumerate() {
                if let Some(p) = parent {
                    let id = self.resolve(
                        &names,
                        "region",
                        t,
                        row,
                        "parent",
                        &p,
                        format!("regions[{i}].parent"),
                    );
                    self.dataset.regions[i].parent = Some(id);
                }
            }
        }
        names
    }

    /// The regions table's rows as regions (without their parents), and each row's parent
    /// as written.
    fn read_region_rows(&mut self) -> (Names, Vec<Option<String>>) {
        let mut names = Names::regions();
        let mut parents = Vec::new();
        let Some((t, rows)) = self.rows(TableKind::Regions) else {
            return (names, parents);
        };
        for row in rows {
            let i = self.dataset.regions.len();
            let kind = match self.text(t, row, "kind") {
                None => RegionKind::Other,
                Some(k) => parse_region_kind(&k).unwrap_or_else(|| {
                    self.report(
                        t,
                        row,
                        "kind",
                        format!(
                            "unknown region kind {k}: use {}",
                            one_of(RegionKind::ALL, RegionKind::as_str)
                        ),
                    );
                    RegionKind::Other
                }),
            };
            let region = Region {
                id: self.text(t, row, "id").unwrap_or_default(),
                kind,
                name: self.name(t, row),
                parent: None,
            };
            names.add(
                &region.id,
                &[region.name.zh.as_deref(), region.name.en.as_deref()],
                &region.name,
            );
            parents.push(self.text(t, row, "parent"));
            self.origin(format!("regions[{i}]"), t, row);
            self.dataset.regions.push(region);
        }
        (names, parents)
    }

    /// The index of the template's built-in regions whose ids the regions table does not
    /// define (a row of the table replaces the built-in region of its id); none when the
    /// template has no built-in dataset.
    fn builtin_region_names(&self) -> Option<Names> {
        if self.builtin_regions.is_empty() {
            return None;
        }
        let defined = defined_regions(&self.dataset);
        let mut names = Names::regions();
        for r in self.builtin_regions {
            if !defined.contains(r.id.as_str()) {
                names.add(
                    &r.id,
                    &[r.name.zh.as_deref(), r.name.en.as_deref()],
                    &r.name,
                );
            }
        }
        Some(names)
    }

    /// Adds the built-in regions that firms, organizations and regions name but the regions
    /// table does not define, each with its ancestors up to one the table defines, after
    /// the table's regions, in the built-in dataset's order.
    fn add_builtin_regions(&mut self) {
        if self.builtin_regions.is_empty() {
            return;
        }
        let builtin: HashMap<&str, &Region> = self
            .builtin_regions
            .iter()
            .map(|r| (r.id.as_str(), r))
            .collect();
        let d = &self.dataset;
        let defined = defined_regions(d);
        let named = d.firms.iter().map(|f| Some(f.region.as_str()));
        let named = named
            .chain(d.organizations.iter().map(|o| o.region.as_deref()))
            .chain(d.regions.iter().map(|r| r.parent.as_deref()));
        let mut needed: HashSet<&str> = HashSet::new();
        for id in named.flatten() {
            let mut next = builtin.get(id);
            // `needed.insert` is false for a region already walked: the walk also ends on
            // a cycle.
            while let Some(r) = next.filter(|r| !defined.contains(r.id.as_str())) {
                if !needed.insert(r.id.as_str()) {
                    break;
                }
                next = r.parent.as_deref().and_then(|p| builtin.get(p));
            }
        }
        let added: Vec<Region> = self
            .builtin_regions
            .iter()
            .filter(|r| needed.contains(r.id.as_str()))
            .cloned()
            .collect();
        self.dataset.regions.extend(added);
    }

    /// Reads the firms; returns the index of their ids, names and credit codes.
    fn read_firms(&mut self, regions: &Names) -> Names {
        let mut names = Names::default();
        let Some((t, rows)) = self.rows(TableKind::Firms) else {
            return names;
        };
        for row in rows {
            let i = self.dataset.firms.len();
            let name = self.name(t, row);
            let code = self.credit_code(t, row);
            let id = self
                .text(t, row, "id")
                .unwrap_or_else(|| derive_id("firm", code.as_deref(), &name));
            let region = match self.text(t, row, "region") {
                Some(r) => self.resolve(
                    regions,
                    "region",
                    t,
                    row,
                    "region",
                    &r,
                    format!("firms[{i}].region"),
                ),
                None => String::new(),
            };
            let tags = self.list(t, row, "tags").into_iter().map(tag).collect();
            let sources = self.sources(t, row, &format!("firms[{i}]"));
            let added = code
                .iter()
                .map(|c| {
                    (
                        "credit_code".to_string(),
                        serde_json::Value::String(c.clone()),
                    )
                })
                .collect();
            let extra = self.extra(t, row, added);
            names.add(
                &id,
                &[name.zh.as_deref(), name.en.as_deref(), code.as_deref()],
                &name,
            );
            self.origin(format!("firms[{i}]"), t, row);
            self.dataset.firms.push(Firm {
                id,
                name,
                region,
                tags,
                makes: Vec::new(),
                sources,
                extra,
            });
        }
        names
    }

    fn read_organizations(&mut self, regions: &Names) {
        let Some((t, rows)) = self.rows(TableKind::Organizations) else {
            return;
        };
        for row in rows {
            let i = self.dataset.organizations.len();
            let name = self.name(t, row);
            let id = self
                .text(t, row, "id")
                .unwrap_or_else(|| derive_id("org", None, &name));
            let kind = match self.text(t, row, "kind") {
                None => OrganizationKind::Other,
                Some(k) => parse_org_kind(&k).unwrap_or_else(|| {
                    self.report(
                        t,
                        row,
                        "kind",
                        format!(
                            "unknown organization kind {k}: use {}",
                            one_of(OrganizationKind::ALL, OrganizationKind::as_str)
                        ),
                    );
                    OrganizationKind::Other
                }),
            };
            let region = self.text(t, row, "region").map(|r| {
                self.resolve(
                    regions,
                    "region",
                    t,
                    row,
                    "region",
                    &r,
                    format!("organizations[{i}].region"),
                )
            });
            let sources = self.sources(t, row, &format!("organizations[{i}]"));
            let extra = self.extra(t, row, Vec::new());
            self.origin(format!("organizations[{i}]"), t, row);
            self.dataset.organizations.push(Organization {
                id,
                kind,
                name,
                region,
                sources,
                extra,
            });
        }
    }

    fn product_names(&self) -> Names {
        let mut names = Names::default();
        for p in &self.chain.products {
            names.add(
                &p.id,
                &[p.name.zh.as_deref(), p.name.en.as_deref()],
                &p.name,
            );
        }
        names
    }

    fn party_names(&self) -> Names {
        let mut names = Names::default();
        for f in &self.dataset.firms {
            let code = f
                .extra
                .as_ref()
                .and_then(|e| e.to_value().ok())
                .and_then(|v| v.get("credit_code")?.as_str().map(str::to_string));
            names.add(
                &f.id,
                &[f.name.zh.as_deref(), f.name.en.as_deref(), code.as_deref()],
                &f.name,
            );
        }
        for o in &self.dataset.organizations {
            names.add(
                &o.id,
                &[o.name.zh.as_deref(), o.name.en.as_deref()],
                &o.name,
            );
        }
        names
    }

    fn status(&mut self, t: usize, row: &'t Row) -> Status {
        match self.text(t, row, "status") {
            None => Status::Operating,
            Some(s) => parse_status(&s).unwrap_or_else(|| {
                let message = if is_prospect(&s) {
                    format!(
                        "{s} is a stage of recruiting the firm, not of its plant: a firm in \
                         talks makes nothing here yet; leave the row out and try the firm as a \
                         what-if scenario (vrfb-chain what-if), or write 签约 (announced) once \
                         it has signed"
                    )
                } else {
                    format!("unknown status {s}: use {}", self.help(t, "status"))
                };
                self.report(t, row, "status", message);
                Status::Operating
            }),
        }
    }

    /// The makes table: each row a makes fact of a firm of the firms table.
    fn read_makes(&mut self, firms: &Names) {
        let Some((t, rows)) = self.rows(TableKind::Makes) else {
            return;
        };
        let products = self.product_names();
        let index: HashMap<String, usize> = self
            .dataset
            .firms
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        for row in rows {
            // The row is read whole even when its firm is not found, so that all of its
            // problems are reported at once; it is kept only with its firm.
            let firm = self.makes_firm(t, row, firms, &index);
            let path = firm.map_or_else(String::new, |f| {
                format!("firms[{f}].makes[{}]", self.dataset.firms[f].makes.len())
            });
            let product = self.makes_product(t, row, &products, &path);
            let status = self.status(t, row);
            let since = self.date(t, row, "since");
            let until = self.date(t, row, "until");
            let capacity = self.capacity(t, row);
            let sources = self.sources(t, row, &path);
            let note = self.free_text(t, row, "note");
            let Some(f) = firm else { continue };
            self.origin(path, t, row);
            self.dataset.firms[f].makes.push(Makes {
                product,
                status,
                since,
                until,
                capacity,
                sources,
                note,
            });
        }
    }

    /// The firm a makes row names (its position in the dataset's firms), or none, the
    /// problem reported.
    fn makes_firm(
        &mut self,
        t: usize,
        row: &'t Row,
        firms: &Names,
        index: &HashMap<String, usize>,
    ) -> Option<usize> {
        let Some(firm_text) = self.text(t, row, "firm") else {
            self.report(
                t,
                row,
                "firm",
                "no firm: name the firm by id, name or credit code",
            );
            return None;
        };
        match firms.find(&firm_text) {
            Ok(id) => index.get(id).copied(),
            Err(_) => {
                let _ = self.resolve(firms, "firm", t, row, "firm", &firm_text, String::new());
                None
            }
        }
    }

    /// The product a makes row names, for the fact at `path` (empty when the row's firm
    /// is not found); empty, the problem reported, when it names none of the template.
    fn makes_product(&mut self, t: usize, row: &'t Row, products: &Names, path: &str) -> String {
        let json_path = |field: &str| {
            if path.is_empty() {
                String::new()
            } else {
                format!("{path}.{field}")
            }
        };
        match self.text(t, row, "product") {
            Some(p) => self.resolve(
                products,
                "product",
                t,
                row,
                "product",
                &p,
                json_path("product"),
            ),
            None => {
                self.report(
                    t,
                    row,
                    "product",
                    "no product: name a product of the chain template",
                );
                self.reported.insert(json_path("product"));
                String::new()
            }
        }
    }

    /// A makes row's capacity: a number ≥ 0 with its unit; one without the other is a
    /// problem (a unit beside a capacity that is not a number is reported once, at the
    /// number).
    fn capacity(&mut self, t: usize, row: &'t Row) -> Option<Capacity> {
        let value = self.number(t, row, "capacity", false);
        let unit = self.free_text(t, row, "unit");
        let in_header = self.header_unit(t, "capacity");
        match (value, unit, in_header) {
            (Some(value), Some(unit), Some(said)) if normalize(&unit) != normalize(&said) => {
                let message = format!(
                    "the unit is {unit} here, and {said} in the header of the capacity: keep \
                     one"
                );
                self.report(t, row, "unit", message);
                Some(Capacity { value, unit })
            }
            (Some(value), Some(unit), _) | (Some(value), None, Some(unit)) => {
                Some(Capacity { value, unit })
            }
            (Some(_), None, None) => {
                self.report(
                    t,
                    row,
                    "capacity",
                    "a capacity needs its unit (单位), such as GWh/yr",
                );
                None
            }
            (None, Some(_), _) if self.cell(t, row, "capacity").is_none() => {
                self.report(t, row, "unit", "a unit without a capacity (产能)");
                None
            }
            (None, _, _) => None,
        }
    }

    fn read_links(&mut self, parties: &Names) {
        let Some((t, rows)) = self.rows(TableKind::Links) else {
            return;
        };
        let products = self.product_names();
        for row in rows {
            let i = self.dataset.links.len();
            let path = format!("links[{i}]");
            let end = |s: &mut Self, key: &str| match s.text(t, row, key) {
                Some(p) => s.resolve(
                    parties,
                    "firm or organization",
                    t,
                    row,
                    key,
                    &p,
                    format!("{path}.{key}"),
                ),
                None => String::new(),
            };
            let from = end(self, "from");
            let to = end(self, "to");
            let kind = self.link_kind(t, row);
            let product = self.text(t, row, "product").map(|p| {
                self.resolve(
                    &products,
                    "product",
                    t,
                    row,
                    "product",
                    &p,
                    format!("{path}.product"),
                )
            });
            let share = self.share(t, row, &path);
            let status = self.status(t, row);
            let since = self.date(t, row, "since");
            let until = self.date(t, row, "until");
            let sources = self.sources(t, row, &path);
            let note = self.free_text(t, row, "note");
            let extra = self.extra(t, row, Vec::new());
            // A link of a kind not understood is left out, its problem reported: read as
            // any kind, it would meet the rules of that kind (a partnership twice).
            let Some(kind) = kind else { continue };
            self.origin(path, t, row);
            self.dataset.links.push(Link {
                from,
                to,
                kind,
                product,
                share,
                status,
                since,
                until,
                sources,
                note,
                extra,
            });
        }
    }

    /// A link row's share: a fraction, or a percentage with `%`. A number above 1 and up
    /// to 100 is a percentage written without its `%`, most likely: reported with both
    /// ways to write it, instead of the format's "share must be in (0, 1]".
    fn share(&mut self, t: usize, row: &'t Row, path: &str) -> Option<f64> {
        let share = self.number(t, row, "share", true)?;
        if share > 1.0 && share <= 100.0 {
            let n = crate::sheets::number_text(share);
            let message = format!(
                "a share is a fraction of 1: write {n}% or {}",
                crate::sheets::number_text(share / 100.0)
            );
            self.report(t, row, "share", message);
            self.reported.insert(format!("{path}.share"));
            return None;
        }
        Some(share)
    }

    /// A link row's kind (a partnership when the cell is empty), or none, the problem
    /// reported.
    fn link_kind(&mut self, t: usize, row: &'t Row) -> Option<LinkKind> {
        let Some(k) = self.text(t, row, "kind") else {
            return Some(LinkKind::PartnersWith);
        };
        let kind = parse_link_kind(&k);
        if kind.is_none() {
            let message = if is_purchase(&k) {
                format!(
                    "`{k}` does not say who sells: write 供货 (supplies), with the seller in \
                     从 (from) and the buyer in 至 (to)"
                )
            } else {
                format!("unknown link kind {k}: use {}", self.help(t, "kind"))
            };
            self.report(t, row, "kind", message);
        }
        kind
    }

    /// The location of a validation problem's JSON path: its table, row and column.
    fn trace(&self, path: &str) -> Option<(usize, usize, usize, String)> {
        // The longest recorded prefix of the path: `firms[3].makes[0]`, `firms[3]`, ...
        let mut prefix = path;
        let origin = loop {
            if let Some(o) = self.origins.get(prefix) {
                break *o;
            }
            let cut = prefix.rfind(['.', '['])?;
            prefix = &prefix[..cut];
        };
        let rest = path[prefix.len()..].trim_start_matches('.');
        let field = rest.split(['[']).next().unwrap_or_default();
        let key = match field {
            "name" | "name.zh" => "name_zh",
            "name.en" => "name_en",
            "capacity" | "capacity.value" => "capacity",
            "capacity.unit" => "unit",
            f if f.starts_with("extra") => "extra",
            "" if prefix == "chain" || prefix == "as_of" => prefix,
            f => f,
        };
        let b = &self.tables[origin.table];
        let mut column = b.index(key);
        if column.is_none() && (key == "id" || key == "name_zh") {
            column = ["name_zh", "name_en", "credit_code"]
                .iter()
                .find_map(|k| b.index(k));
        }
        Some((
            b.order,
            origin.line,
            column.unwrap_or(usize::MAX),
            b.table.location(origin.line, column),
        ))
    }

    /// A validation message that names the first of two records by its place in the
    /// dataset (`(first at firms[2])`), with that record's place in the tables instead
    /// (`(first at 企业!A4)`): a planner cannot count to the dataset's third firm.
    fn first_at_in_place(&self, p: &crate::Problem) -> String {
        let placed = p.kind().first_path().and_then(|path| {
            let (.., location) = self.trace(&path)?;
            let place = location.split(": ").next().unwrap_or(&location);
            p.kind().first_at(place)
        });
        match (placed, p.advice()) {
            (Some(placed), Some(advice)) => format!("{placed}; {advice}"),
            (Some(placed), None) => placed,
            (None, _) => p.message(),
        }
    }

    pub(in crate::sheets::import) fn finish(mut self) -> Result<Dataset> {
        let validation =
            match KnowledgeGraph::new(self.chain.clone(), std::mem::take(&mut self.dataset)) {
                Ok(graph) => {
                    self.dataset = graph.into_parts().1;
                    Vec::new()
                }
                Err(Error::Invalid {
                    problems,
                    document: crate::Document::Dataset,
                    ..
                }) => problems,
                Err(other) => return Err(other),
            };
        for p in validation {
            let path = p.path();
            if self.reported.contains(&path) {
                continue;
            }
            let message = self.first_at_in_place(&p);
            match self.trace(&path) {
                Some((order, line, column, location)) => {
                    self.problem_at(order, line, column, Problem::new(location, message))
                }
                None => self.problem(usize::MAX, 0, p),
            }
        }
        if self.problems.is_empty() {
            return Ok(self.dataset);
        }
        self.problems.sort_by_key(|l| (l.order, l.line, l.column));
        Err(crate::sheets::invalid(
            None,
            self.problems.into_iter().map(|l| l.problem).collect(),
        ))
    }
}
