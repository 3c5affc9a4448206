//! The rules between records, checked once the whole document is read: the template
//! named, the namespaces, the region forest, the references and the links. Then the
//! store is assembled, or every problem is given, sorted by place.

use crate::dataset::{Dataset, Grade, LinkKind, PartyIndex};
use crate::error::{Document, Error};
use crate::hash::Interner;
use crate::problem::{self, Kind, Location, Problem, Step};
use crate::store::PartyIds;

use super::{RawLink, Read, Reader, Store, UNDEFINED};

/// A problem at the path `steps`.
fn at(steps: Vec<Step>, kind: Kind) -> Problem {
    Problem::at(Location::of(steps), kind)
}

/// The path `list[i].key` (`key` left out when empty).
fn field(list: &'static str, i: usize, key: &'static str) -> Vec<Step> {
    let mut steps = vec![Step::from(list), Step::Index(i)];
    if !key.is_empty() {
        steps.push(Step::from(key));
    }
    steps
}

impl Reader<'_> {
    /// Checks the rules between records and assembles the store, or gives every
    /// problem.
    pub(super) fn finish(mut self, text: &str) -> Result<Read, Error> {
        if self.options.rules == super::Rules::Records {
            return self.records_only();
        }
        self.top();
        let region_parent = self.regions();
        self.parties();
        let (firm_region, organization_region) = self.regions_of_parties();
        self.sources();
        let links = self.links();
        if !self.problems.is_empty() {
            let mut problems = std::mem::take(&mut self.problems);
            self.name_records(&mut problems);
            super::locate::positions(text, &mut problems);
            problem::sort(&mut problems);
            return Err(Error::Invalid {
                file: None,
                document: Document::Dataset,
                problems,
            });
        }
        Ok(self.assemble(region_parent, firm_region, organization_region, links))
    }

    /// The records of a part of a dataset, or the problems they have on their own
    /// (unsorted, without positions: their places are the caller's to map).
    fn records_only(mut self) -> Result<Read, Error> {
        if !self.problems.is_empty() {
            let mut problems = std::mem::take(&mut self.problems);
            self.name_records(&mut problems);
            return Err(Error::Invalid {
                file: None,
                document: Document::Dataset,
                problems,
            });
        }
        let n = (
            self.region_name.len(),
            self.firm_name.len(),
            self.organization_name.len(),
        );
        let links = std::mem::take(&mut self.links);
        Ok(self.assemble(vec![None; n.0], vec![0; n.1], vec![None; n.2], links))
    }

    /// The dataset names the template it is read with.
    fn top(&mut self) {
        let (Some(chain), Some(template)) = (&self.chain, self.options.template) else {
            return;
        };
        if *chain != template.id {
            let kind = Kind::ChainMismatch {
                found: chain.clone(),
                template: template.id.clone(),
            };
            self.problems.push(at(vec![Step::from("chain")], kind));
        }
    }

    /// The id of the region at position `i`, for messages.
    fn region_id(&self, i: usize) -> String {
        match self.region_name[i] {
            UNDEFINED => String::new(),
            name => self.regions.names.get(name).to_string(),
        }
    }

    /// Each region's parent: known, not the region itself, and no cycle.
    fn regions(&mut self) -> Vec<Option<u32>> {
        let mut parent = vec![None; self.region_parent.len()];
        for (i, name) in self.region_parent.iter().enumerate() {
            let Some(name) = *name else { continue };
            match self.regions.resolve(name) {
                None => {
                    let id = self.regions.names.get(name).to_string();
                    let kind = Kind::Unknown { what: "region", id };
                    self.problems.push(at(field("regions", i, "parent"), kind));
                }
                Some(p) if p as usize == i => {
                    let kind = Kind::OwnParent(self.regions.names.get(name).to_string());
                    self.problems.push(at(field("regions", i, "parent"), kind));
                }
                Some(p) => parent[i] = Some(p),
            }
        }
        for cycle in region_cycles(&parent) {
            let mut ids: Vec<String> = cycle.iter().map(|&r| self.region_id(r)).collect();
            ids.push(ids[0].clone());
            let kind = Kind::RegionCycle(ids);
            self.problems
                .push(at(field("regions", cycle[0], "parent"), kind));
        }
        parent
    }

    /// Firm and organization ids are unique together: firms are defined first, then
    /// organizations, each in document order.
    fn parties(&mut self) {
        let firms = self.firm_name.iter().map(|&n| (n, "firms"));
        let organizations = self.organization_name.iter().map(|&n| (n, "organizations"));
        let mut counts = [0usize; 2];
        let mut duplicates = Vec::new();
        for (name, list) in firms.chain(organizations).collect::<Vec<_>>() {
            let side = usize::from(list == "organizations");
            let i = counts[side];
            counts[side] += 1;
            if name == UNDEFINED {
                continue;
            }
            let here = if side == 0 {
                PartyIndex::Firm(i as u32)
            } else {
                PartyIndex::Organization(i as u32)
            };
            match self.parties.resolve(name) {
                None => self.parties.defined[name as usize] = here.pack(),
                Some(first) => duplicates.push((field(list, i, "id"), name, first)),
            }
        }
        for (steps, name, first) in duplicates {
            let first = match PartyIndex::unpack(first) {
                PartyIndex::Firm(f) => field("firms", f as usize, "id"),
                PartyIndex::Organization(o) => field("organizations", o as usize, "id"),
            };
            let kind = Kind::Duplicate {
                what: "firm or organization",
                id: self.parties.names.get(name).to_string(),
                first: Location::of(first),
            };
            self.problems.push(at(steps, kind));
        }
    }

    /// The region of each firm and organization exists.
    fn regions_of_parties(&mut self) -> (Vec<u32>, Vec<Option<u32>>) {
        let mut resolve = |list: &'static str, i: usize, name: u32| -> u32 {
            self.regions.resolve(name).unwrap_or_else(|| {
                let id = self.regions.names.get(name).to_string();
                let kind = Kind::Unknown { what: "region", id };
                self.problems.push(at(field(list, i, "region"), kind));
                UNDEFINED
            })
        };
        let names = std::mem::take(&mut self.firm_region);
        let firm_region = names
            .iter()
            .enumerate()
            // A firm without a region is reported already.
            .map(|(i, name)| name.map_or(UNDEFINED, |name| resolve("firms", i, name)))
            .collect();
        let names = std::mem::take(&mut self.organization_region);
        let organization_region = names
            .iter()
            .enumerate()
            .map(|(i, name)| name.map(|name| resolve("organizations", i, name)))
            .collect();
        (firm_region, organization_region)
    }

    /// Sources cited before they were defined: each exists, and a fact's grade is the
    /// best of its sources'.
    fn sources(&mut self) {
        for pending in std::mem::take(&mut self.pending) {
            let mut best: Option<Grade> = None;
            let (start, end) = (pending.refs.0 as usize, pending.refs.1 as usize);
            for (k, &s) in self.refs[start..end].iter().enumerate() {
                match self.sources.resolve(s) {
                    Some(position) => best = best.max(Some(self.source_grade[position as usize])),
                    None => {
                        let mut steps = field(pending.list.key(), pending.record as usize, "");
                        if let Some((j, _)) = pending.fact {
                            steps.extend([Step::from("makes"), Step::Index(j as usize)]);
                        }
                        steps.extend([Step::from("sources"), Step::Index(k)]);
                        let id = self.sources.names.get(s).to_string();
                        self.problems
                            .push(at(steps, Kind::Unknown { what: "source", id }));
                    }
                }
            }
            if let Some((_, fact)) = pending.fact {
                self.facts[fact as usize].grade = best;
            }
        }
    }

    /// Names the record each problem is in, when it has an id.
    fn name_records(&self, problems: &mut [Problem]) {
        for p in problems {
            let (list, i) = match p.location().steps() {
                // A problem of the id itself quotes it.
                [_, _, Step::Key(key)] if key == "id" => continue,
                [Step::Key(list), Step::Index(i), ..] => (list.as_ref(), *i),
                _ => continue,
            };
            let name = |names: &Vec<u32>, interner: &Interner| {
                names
                    .get(i)
                    .filter(|&&n| n != UNDEFINED)
                    .map(|&n| interner.get(n).to_string())
            };
            let id = match list {
                "sources" => name(&self.source_name, &self.sources.names),
                "regions" => name(&self.region_name, &self.regions.names),
                "firms" => name(&self.firm_name, &self.parties.names),
                "organizations" => name(&self.organization_name, &self.parties.names),
                _ => None,
            };
            if let Some(id) = id.filter(|id| !id.is_empty()) {
                let location = p.location().clone().in_record(id);
                *p.location_mut() = location;
            }
        }
    }

    /// Assembles the store (and the dataset, when kept) of a document without problems.
    fn assemble(
        mut self,
        region_parent: Vec<Option<u32>>,
        firm_region: Vec<u32>,
        organization_region: Vec<Option<u32>>,
        links: Vec<crate::store::LinkRow>,
    ) -> Read {
        // The names move into the store, numbered as the records are (as they already
        // are when each record comes before any reference to it: nothing is copied).
        let (region_name, source_name) = (&self.region_name, &self.source_name);
        let regions = self.regions.names.renumbered(region_name.iter().copied());
        let parties = self.firm_name.iter().chain(&self.organization_name);
        let parties = self.parties.names.renumbered(parties.copied());
        let firm_ids = PartyIds::new(parties, self.firm_name.len());
        let sources = self.sources.names.renumbered(source_name.iter().copied());
        self.fact_start.push(self.facts.len() as u32);
        let mut kept = self.kept.take();
        let mut records = kept.as_mut().and_then(|k| k.compact.take());
        if let Some(records) = &mut records {
            records.set_products(std::mem::take(&mut self.products));
        }
        let dataset = kept.filter(|_| records.is_none()).map(|kept| Dataset {
            chain: self.chain.clone().unwrap_or_default(),
            as_of: self.as_of,
            sources: kept.sources,
            regions: kept.regions,
            firms: kept.firms,
            organizations: kept.organizations,
            links: kept.links,
        });
        let store = Store {
            as_of: self.as_of,
            regions,
            region_parent,
            firm_ids,
            sources,
            source_grade: self.source_grade,
            firm_names: self.firm_display,
            region_names: self.region_display,
            firm_region,
            organization_region,
            fact_start: self.fact_start,
            facts: self.facts,
            capacities: self.capacities,
            units: self.units,
            links,
            records,
        };
        Read { store, dataset }
    }
}

/// Each cycle of the parent relation once, starting at its first region in document
/// order and keeping its direction, the cycles in order.
fn region_cycles(parent: &[Option<u32>]) -> Vec<Vec<usize>> {
    // 0 = unvisited, 1 = on the current walk, 2 = done.
    let mut state = vec![0u8; parent.len()];
    let mut found: Vec<Vec<usize>> = Vec::new();
    for start in 0..parent.len() {
        let mut walk = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    let from = walk.iter().position(|&w| w == i).unwrap_or(0);
                    found.push(walk[from..].to_vec());
                    break;
                }
                _ => {
                    state[i] = 1;
                    walk.push(i);
                    at = parent[i].map(|p| p as usize);
                }
            }
        }
        for w in walk {
            state[w] = 2;
        }
    }
    for cycle in &mut found {
        let min = cycle
            .iter()
            .enumerate()
            .min_by_key(|(_, &r)| r)
            .map_or(0, |(k, _)| k);
        cycle.rotate_left(min);
    }
    found.sort();
    found
}

/// The links' rules: ends known and distinct, of the kind the link's kind needs, a
/// product for `supplies`, no link twice and no partnership stored both ways.
impl Reader<'_> {
    fn links(&mut self) -> Vec<crate::store::LinkRow> {
        // Resolved in place: a national registry has millions.
        let mut rows = std::mem::take(&mut self.links);
        let unknown_kinds = std::mem::take(&mut self.unknown_kinds);
        let repeated = repeats(&rows, &unknown_kinds);
        for i in 0..rows.len() {
            let link = &RawLink::of(&rows, &unknown_kinds, i);
            let ends = [self.end(i, "from", link.from), self.end(i, "to", link.to)];
            if link.from == link.to && link.from != UNDEFINED {
                let id = self.parties.names.get(link.from).to_string();
                self.problems
                    .push(at(field("links", i, ""), Kind::LinkToItself(id)));
            }
            if link.kind_known {
                self.kinds_fit(i, link, ends);
            }
            let party = |end: Option<PartyIndex>| end.unwrap_or(PartyIndex::Firm(UNDEFINED));
            rows[i].set_ends((party(ends[0]), party(ends[1])));
        }
        self.once(&repeated);
        rows
    }

    /// The party a link end names, or `None` (reported when it has a name).
    fn end(&mut self, i: usize, side: &'static str, name: u32) -> Option<PartyIndex> {
        if name == UNDEFINED {
            return None;
        }
        let party = self.parties.resolve(name).map(PartyIndex::unpack);
        if party.is_none() {
            let id = self.parties.names.get(name).to_string();
            let kind = Kind::Unknown {
                what: "firm or organization",
                id,
            };
            self.problems.push(at(field("links", i, side), kind));
        }
        party
    }

    /// The ends are of the kinds the link's kind needs; `supplies` names a product.
    fn kinds_fit(&mut self, i: usize, link: &RawLink, ends: [Option<PartyIndex>; 2]) {
        let kind = link.row.kind;
        let (from_firm, to_firm) = match kind {
            LinkKind::Supplies => (Some(true), Some(true)),
            LinkKind::Owns | LinkKind::TransfersTechnology => (None, Some(true)),
            LinkKind::MemberOf => (None, Some(false)),
            LinkKind::PartnersWith => (None, None),
        };
        let names = [link.from, link.to];
        for (k, (side, want)) in [("from", from_firm), ("to", to_firm)]
            .into_iter()
            .enumerate()
        {
            let (Some(want_firm), Some(end)) = (want, ends[k]) else {
                continue;
            };
            let is_firm = matches!(end, PartyIndex::Firm(_));
            if is_firm != want_firm {
                let kind = Kind::WrongEnd {
                    id: self.parties.names.get(names[k]).to_string(),
                    is_firm,
                    side,
                    kind: kind.as_str(),
                    want_firm,
                };
                self.problems.push(at(field("links", i, side), kind));
            }
        }
        if kind == LinkKind::Supplies && link.row.product().is_none() {
            let kind = Kind::NeedsProduct {
                from: self.name_of(link.from),
                to: self.name_of(link.to),
            };
            self.problems.push(at(field("links", i, "product"), kind));
        }
    }

    /// A party's id by name number (`""` for none).
    fn name_of(&self, name: u32) -> String {
        match name {
            UNDEFINED => String::new(),
            n => self.parties.names.get(n).to_string(),
        }
    }

    /// No link twice (the same ends, kind and product), and no partnership both ways:
    /// reports the links [`repeats`] found, in link order.
    fn once(&mut self, repeated: &[Repeat]) {
        for r in repeated {
            let i = r.link as usize;
            let (from, to) = (self.name_of(r.ends.0), self.name_of(r.ends.1));
            let first = r.first as usize;
            let kind = if r.reversed {
                Kind::PartnersTwice { from, to, first }
            } else {
                let kind = r.kind.as_str();
                Kind::DuplicateLink {
                    kind,
                    from,
                    to,
                    first,
                }
            };
            self.problems.push(at(field("links", i, ""), kind));
        }
    }
}

/// A link's key, what makes two links the same (its ends as names: equal numbers, equal
/// strings; its kind and product), with the link's position and whether the key is a
/// partnership's reversed one. 20 bytes: the keys of a national document are sorted
/// while the document is still held, at the reader's peak memory.
#[derive(Debug, Clone, Copy)]
struct Keyed {
    from: u32,
    to: u32,
    kind: u8,
    /// The key is the partnership's, reversed.
    reversed: bool,
    /// The product + 1, 0 for none.
    product: u32,
    link: u32,
}

impl Keyed {
    fn of(link: &RawLink, i: u32) -> Keyed {
        Keyed {
            from: link.from,
            to: link.to,
            kind: link.row.kind as u8,
            reversed: false,
            product: link.row.product().map_or(0, |p| p + 1),
            link: i,
        }
    }

    /// The key alone.
    fn key(&self) -> (u32, u32, u8, u32) {
        (self.from, self.to, self.kind, self.product)
    }
}

/// A link that repeats an earlier one: the same key (a duplicate), or, for a
/// partnership, the reversed key (`reversed`: stored twice).
struct Repeat {
    link: u32,
    /// Its ends, as names.
    ends: (u32, u32),
    first: u32,
    kind: LinkKind,
    reversed: bool,
}

/// The links that repeat an earlier one, in link order, found by sorting the keys once
/// (with each partnership's reversed key beside its own): in a run of equal keys the
/// first link written with that key comes first, and each later entry repeats it. A link
/// that is a duplicate is not also reported as stored twice. O(n log n) for n links.
fn repeats(rows: &[crate::store::LinkRow], unknown_kinds: &[u32]) -> Vec<Repeat> {
    // Sized exactly: the keys are a tenth of a large document, and a doubling would hold
    // the old and the new buffer at once, with the document, at the reader's peak.
    let partnerships = rows
        .iter()
        .filter(|row| row.kind == LinkKind::PartnersWith)
        .count();
    let mut keys: Vec<Keyed> = Vec::with_capacity(rows.len() + partnerships);
    for i in 0..rows.len() {
        let link = RawLink::of(rows, unknown_kinds, i);
        if !link.kind_known {
            continue;
        }
        let keyed = Keyed::of(&link, i as u32);
        keys.push(keyed);
        if link.row.kind == LinkKind::PartnersWith {
            keys.push(Keyed {
                from: keyed.to,
                to: keyed.from,
                reversed: true,
                ..keyed
            });
        }
    }
    // By key, then position, then own key before reversed.
    keys.sort_unstable_by_key(|k| (k.key(), k.link, k.reversed));
    let mut repeated = Vec::new();
    for run in keys.chunk_by(|a, b| a.key() == b.key()) {
        let Some(first) = run.iter().find(|k| !k.reversed).map(|k| k.link) else {
            continue;
        };
        for k in run.iter().filter(|k| k.link > first) {
            let (link, reversed) = (k.link, k.reversed);
            let raw = RawLink::of(rows, unknown_kinds, link as usize);
            let kind = raw.row.kind;
            repeated.push(Repeat {
                link,
                ends: (raw.from, raw.to),
                first,
                kind,
                reversed,
            });
        }
    }
    // A duplicate (own key) sorts before the same link stored twice, and hides it.
    repeated.sort_unstable_by_key(|r| (r.link, r.reversed));
    repeated.dedup_by_key(|r| r.link);
    repeated
}
