//! A deterministic synthetic dataset generator, for benchmarks and tests at national scale.
//!
//! [`generate_for`] writes a valid [`Dataset`] for any chain template with any number of
//! firms; [`generate`] is its case for the built-in VRFB template
//! ([`builtin::vrfb_chain`](crate::builtin::vrfb_chain)). Everything the generator knows of
//! a chain it reads from the template: the product ids, their segments and their
//! requirements. The VRFB template's products also have calibrated weights (how common
//! their makers are) and capacity units; in another template the products that more
//! products need have more makers. [`generate_chain`] makes templates of any depth and
//! width, for a second shape of benchmark data.
//!
//! It is seeded ([`Rng`], a SplitMix64; no outside data, no dependency), so the same
//! `(template, firms, seed)` gives the same dataset, byte for byte, on every machine. The
//! shape is meant to look like a national firm registry:
//!
//! - a region tree of countries, provinces, cities and zones (or parks), that grows with
//!   the number of firms (about one city per 250 Chinese firms); most firms are Chinese, a
//!   few are abroad;
//! - firms with Chinese and English names, tags, sources and `extra` attributes (a credit
//!   code, head count, founding year), each with one to four makes facts of mixed statuses,
//!   dates, capacities and evidence grades, usually within one segment and its neighbours;
//! - about three links per firm: `supplies` links, which favour firms that make an input
//!   of what the customer makes and that sit in the same province; memberships in
//!   alliances and platforms; ownerships; partnerships; technology transfers.
//!
//! [`write_json`] writes a dataset one record per line, the compact form that a registry
//! export would use; the `synth` example writes files with it.
//!
//! ```
//! use vrfb_chain::{builtin, synth, KnowledgeGraph};
//! let dataset = synth::generate(500, 7);
//! assert_eq!(dataset.firms.len(), 500);
//! assert!(dataset.validate().is_empty());
//! assert_eq!(dataset, synth::generate(500, 7)); // deterministic
//! assert_ne!(dataset, synth::generate(500, 8));
//! let graph = KnowledgeGraph::new(builtin::vrfb_chain(), dataset).unwrap();
//! assert!(graph.dataset().links.len() > 1000);
//!
//! // Any template: here the minimal one.
//! let small = synth::generate_for(&builtin::minimal_chain(), 300, 7);
//! assert_eq!(small.chain, "vrfb-mini");
//! assert!(KnowledgeGraph::new(builtin::minimal_chain(), small).is_ok());
//! ```

mod profile;
mod rng;
mod template;
mod words;

use std::collections::{HashMap, HashSet};
use std::io::Write;

use crate::chain::{Chain, Name};
use crate::dataset::{
    Capacity, Dataset, Extra, Firm, Grade, Link, LinkKind, Makes, Organization, OrganizationKind,
    Region, RegionKind, Source, Status, DATASET_FORMAT,
};
use crate::date::Date;
use crate::error::{Error, Result};

use profile::Profile;
pub use rng::Rng;
pub use template::generate_chain;
use words::{COUNTRIES, EVENTS, HOSTS, NOTES, PROVINCES, PUBLISHERS, SYLLABLES, ZONES};

/// The date the generated data describes.
pub const AS_OF: &str = "2025-11-01";

/// Generates a dataset of `firms` firms for the built-in VRFB template, from `seed`:
/// [`generate_for`] with [`builtin::vrfb_chain`](crate::builtin::vrfb_chain).
///
/// The dataset validates, on its own and against the template; see the
/// [module docs](self) for its shape.
///
/// # Complexity
/// O(n) expected time and space for n firms.
///
/// ```
/// use vrfb_chain::{builtin, synth};
/// let small = synth::generate(100, 1);
/// assert_eq!(small.firms.len(), 100);
/// assert_eq!(small.regions[0].id, "cn");
/// assert_eq!(small.as_of.unwrap().to_string(), synth::AS_OF);
/// assert_eq!(small, synth::generate_for(&builtin::vrfb_chain(), 100, 1));
/// ```
pub fn generate(firms: usize, seed: u64) -> Dataset {
    generate_for(&crate::builtin::vrfb_chain(), firms, seed)
}

/// Generates a dataset of `firms` firms for the template `chain`, from `seed`.
///
/// Firms make the template's products (a template without products gives firms that make
/// nothing), `supplies` links carry the inputs its requirements name, and alliances are
/// named after the chain. For a valid template the dataset is valid against it
/// ([`KnowledgeGraph::new`](crate::KnowledgeGraph::new) accepts the pair); see the
/// [module docs](self) for its shape.
///
/// # Complexity
/// O(n + p) expected time and space for n firms and a template of p products and
/// requirement alternatives.
///
/// ```
/// use vrfb_chain::{builtin, synth, KnowledgeGraph};
/// let chain = builtin::minimal_chain();
/// let dataset = synth::generate_for(&chain, 400, 3);
/// assert!(dataset.firms.iter().flat_map(|f| &f.makes).all(|m| chain.product(&m.product).is_some()));
/// assert!(dataset.organizations.iter().any(|o| o.id == "cn-vrfb-mini-alliance"));
/// let graph = KnowledgeGraph::new(chain, dataset).unwrap();
/// assert!(!graph.makers("stack").is_empty());
/// ```
pub fn generate_for(chain: &Chain, firms: usize, seed: u64) -> Dataset {
    Generator::new(chain, firms, seed).run()
}

/// Writes a dataset as `dataset@1` JSON with one record (source, region, firm,
/// organization, link) per line: compact, yet easy to grep and diff.
///
/// # Errors
/// [`Error::Io`] when writing fails.
///
/// ```
/// let dataset = vrfb_chain::synth::generate(50, 3);
/// let mut out = Vec::new();
/// vrfb_chain::synth::write_json(&dataset, &mut out).unwrap();
/// assert_eq!(vrfb_chain::Dataset::from_slice(&out).unwrap(), dataset);
/// ```
pub fn write_json<W: Write>(dataset: &Dataset, writer: W) -> Result<()> {
    let mut w = std::io::BufWriter::with_capacity(1 << 16, writer);
    write_records(dataset, &mut w).map_err(|e| Error::io("write", e))?;
    w.flush().map_err(|e| Error::io("write", e))
}

fn write_records<W: Write>(d: &Dataset, w: &mut W) -> std::io::Result<()> {
    fn list<W: Write, T: serde::Serialize>(
        w: &mut W,
        key: &str,
        items: &[T],
        last: bool,
    ) -> std::io::Result<()> {
        write!(w, "  \"{key}\": [")?;
        for (i, item) in items.iter().enumerate() {
            w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
            serde_json::to_writer(&mut *w, item)?;
        }
        let close = if items.is_empty() { "]" } else { "\n  ]" };
        writeln!(w, "{close}{}", if last { "" } else { "," })
    }
    writeln!(w, "{{")?;
    writeln!(w, "  \"format\": \"{DATASET_FORMAT}\",")?;
    writeln!(w, "  \"chain\": {},", serde_json::to_string(&d.chain)?)?;
    if let Some(as_of) = d.as_of {
        writeln!(w, "  \"as_of\": \"{as_of}\",")?;
    }
    list(w, "sources", &d.sources, false)?;
    list(w, "regions", &d.regions, false)?;
    list(w, "firms", &d.firms, false)?;
    list(w, "organizations", &d.organizations, false)?;
    list(w, "links", &d.links, true)?;
    writeln!(w, "}}")
}

/// A number in base 36, the short unique suffix of generated ids.
fn base36(mut n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// The status of a generated link.
fn link_status(rng: &mut Rng) -> Status {
    match rng.weighted(&[8, 3, 82, 7]) {
        0 => Status::Announced,
        1 => Status::Building,
        2 => Status::Operating,
        _ => Status::Closed,
    }
}

/// Where firms can be placed: the index of a region, of its province-level ancestor and of
/// its country.
struct Place {
    region: u32,
    province: u32,
    country: u32,
}

/// What links are drawn from: who makes what, and where; the organizations by role.
struct LinkPools {
    /// For each product, its requirements, each as the indices of its alternatives.
    requirements: Vec<Vec<Vec<usize>>>,
    /// Makers of each product (not counting closed facts), and by (product, province).
    makers: Vec<Vec<u32>>,
    makers_in: HashMap<(usize, u32), Vec<u32>>,
    /// What each firm makes, sorted, without repeats.
    made: Vec<Vec<usize>>,
    alliances: Vec<u32>,
    platforms: Vec<u32>,
    labs: Vec<u32>,
    investors: Vec<u32>,
    /// The alliance of each province-level region, by region index.
    province_alliance: Vec<Option<u32>>,
}

struct Generator<'c> {
    chain: &'c Chain,
    profile: Profile,
    rng: Rng,
    n_firms: usize,
    as_of: Date,
    sources: Vec<Source>,
    regions: Vec<Region>,
    firms: Vec<Firm>,
    organizations: Vec<Organization>,
    links: Vec<Link>,
    /// Chinese places (zones and cities) with their weights, then foreign places.
    places: Vec<Place>,
    place_weights: Vec<u32>,
    foreign_places: Vec<Place>,
    /// Province-level region and country of each firm.
    firm_province: Vec<u32>,
    firm_country: Vec<u32>,
    /// The city-level name parts of each region (for firm names), by region index.
    region_words: Vec<(String, String)>,
    /// Links made so far, as (from, to, kind, product) over party indices (firms first,
    /// then organizations); partnerships are stored with the smaller index first.
    link_keys: HashSet<(u32, u32, u8, u32)>,
}

impl<'c> Generator<'c> {
    fn new(chain: &'c Chain, n_firms: usize, seed: u64) -> Generator<'c> {
        Generator {
            chain,
            profile: Profile::of(chain),
            rng: Rng::new(seed),
            n_firms,
            as_of: AS_OF.parse().unwrap_or_else(|_| unreachable!()),
            sources: Vec::new(),
            regions: Vec::new(),
            firms: Vec::with_capacity(n_firms),
            organizations: Vec::new(),
            links: Vec::with_capacity(n_firms * 3 + 16),
            places: Vec::new(),
            place_weights: Vec::new(),
            foreign_places: Vec::new(),
            firm_province: Vec::with_capacity(n_firms),
            firm_country: Vec::with_capacity(n_firms),
            region_words: Vec::new(),
            link_keys: HashSet::with_capacity(n_firms * 3 + 16),
        }
    }

    fn run(mut self) -> Dataset {
        self.make_sources();
        self.make_regions();
        self.make_firms();
        self.make_organizations();
        self.make_links();
        Dataset {
            chain: self.chain.id.clone(),
            as_of: Some(self.as_of),
            sources: self.sources,
            regions: self.regions,
            firms: self.firms,
            organizations: self.organizations,
            links: self.links,
        }
    }

    /// A date between two years, written as a year, a month or a day.
    fn date(&mut self, from_year: u32, to_year: u32) -> Date {
        let year = self.rng.range(from_year, to_year) as u16;
        let month = self.rng.range(1, 12) as u8;
        let day = self.rng.range(1, 28) as u8;
        let date = match self.rng.weighted(&[40, 35, 25]) {
            0 => Date::new(year, None, None),
            1 => Date::new(year, Some(month), None),
            _ => Date::new(year, Some(month), Some(day)),
        };
        date.unwrap_or_else(|| unreachable!())
    }

    /// A date strictly after `since`: a later year.
    fn date_after(&mut self, since: Date, max_years: u32) -> Date {
        let from = u32::from(since.year()) + 1;
        self.date(from, from + max_years - 1)
    }

    /// Source ids for a fact: as many as a draw with these weights says (index 0: none),
    /// fewer when a source is drawn twice.
    fn cite(&mut self, weights: &[u32]) -> Vec<String> {
        let n = self.rng.weighted(weights);
        let mut ids: Vec<String> = Vec::with_capacity(n);
        for _ in 0..n {
            let id = &self.rng.pick(&self.sources).id;
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        ids
    }

    /// A note on a fact or link, with probability `p`.
    fn note(&mut self, p: f64) -> Option<String> {
        self.rng
            .chance(p)
            .then(|| self.rng.pick(&NOTES).to_string())
    }

    fn make_sources(&mut self) {
        let n = (self.n_firms / 5).max(40);
        self.sources.reserve(n);
        for i in 0..n {
            let source = self.source(i);
            self.sources.push(source);
        }
    }

    /// The `i`th source: a news item on a project with one of the template's products.
    fn source(&mut self, i: usize) -> Source {
        let (publisher, grade) = *self.rng.pick(&PUBLISHERS);
        let (event_zh, event_en) = *self.rng.pick(&EVENTS);
        let chain = self.chain;
        let product = match chain.products.len() {
            0 => &chain.name,
            n => &chain.products[self.rng.below(n)].name,
        };
        let (a, b) = (*self.rng.pick(&SYLLABLES), *self.rng.pick(&SYLLABLES));
        let title = if self.rng.chance(0.7) {
            let what = product.zh.as_deref().or(product.en.as_deref());
            format!("{}{}{}{}项目", a.1, b.1, event_zh, what.unwrap_or_default())
        } else {
            let what = product.en.as_deref().or(product.zh.as_deref());
            let what = what.unwrap_or_default().to_lowercase();
            format!("{}{} {event_en} {what} project", capitalize(a.0), b.0)
        };
        let published = self.date(2016, 2025);
        let url = self.rng.chance(0.8).then(|| {
            format!(
                "https://{}/{}/{:02}/{}.html",
                self.rng.pick(&HOSTS),
                published.year(),
                published.month().unwrap_or(1),
                10_000 + self.rng.below(90_000)
            )
        });
        // Grades follow the publisher most of the time.
        let grade = if self.rng.chance(0.85) {
            grade
        } else {
            *self.rng.pick(&[Grade::A, Grade::B, Grade::C])
        };
        Source {
            id: format!("s{}", base36(i)),
            title,
            url,
            publisher: self.rng.chance(0.6).then(|| publisher.to_string()),
            published: self.rng.chance(0.75).then_some(published),
            grade,
        }
    }

    fn push_region(
        &mut self,
        id: String,
        kind: RegionKind,
        name: Name,
        parent: Option<u32>,
        words: (String, String),
    ) -> u32 {
        let i = self.regions.len() as u32;
        self.regions.push(Region {
            id,
            kind,
            name,
            parent: parent.map(|p| self.regions[p as usize].id.clone()),
        });
        self.region_words.push(words);
        i
    }

    fn make_regions(&mut self) {
        let cn = self.push_region(
            "cn".into(),
            RegionKind::Country,
            Name::new(Some("中国"), Some("China")),
            None,
            (String::new(), String::new()),
        );
        self.make_provinces(cn);
        self.make_foreign_regions();
    }

    /// Provinces: more of them as the registry grows, their cities weighted by a Zipf law.
    fn make_provinces(&mut self, cn: u32) {
        let china_firms = self.n_firms as f64 * 0.9;
        let n_provinces = (self.n_firms / 1500).clamp(3, PROVINCES.len());
        let weights: Vec<f64> = (0..n_provinces)
            .map(|i| 1.0 / ((i + 1) as f64).powf(0.8))
            .collect();
        let total: f64 = weights.iter().sum();
        for (k, &(code, zh, en)) in PROVINCES.iter().take(n_provinces).enumerate() {
            let province = self.push_region(
                format!("cn-{code}"),
                RegionKind::Province,
                Name::new(Some(zh), Some(en)),
                Some(cn),
                (String::new(), String::new()),
            );
            let share = china_firms * weights[k] / total;
            let n_cities = ((share / 250.0).round() as usize).max(1);
            let place = Place {
                region: province,
                province,
                country: cn,
            };
            for c in 0..n_cities {
                self.make_city(&place, code, k, c);
            }
        }
    }

    /// The `c`th city of the `k`th province, in `province` (whose id ends with `code`),
    /// and its zones.
    fn make_city(&mut self, province: &Place, code: &str, k: usize, c: usize) {
        // A bijection of 0..48² onto syllable pairs, then a number past that.
        let s = SYLLABLES.len();
        let (a, b) = (c % s, (c / s + c % s * 7) % s);
        let (pa, ha) = SYLLABLES[a];
        let (pb, hb) = SYLLABLES[(b + k) % s];
        let lap = c / (s * s);
        let word = if lap == 0 {
            format!("{pa}{pb}")
        } else {
            format!("{pa}{pb}{lap}")
        };
        let city_zh = format!("{ha}{hb}");
        let city_en = capitalize(&word);
        let city = self.push_region(
            format!("cn-{code}-{word}"),
            RegionKind::City,
            Name::new(Some(&format!("{city_zh}市")), Some(&city_en)),
            Some(province.province),
            (city_zh.clone(), city_en.clone()),
        );
        // Firms registered at the city level, outside any zone.
        self.places.push(Place {
            region: city,
            ..*province
        });
        self.place_weights.push(3);
        let n_zones = 1 + self.rng.weighted(&[30, 35, 25, 10]);
        let first = self.rng.below(ZONES.len());
        for z in 0..n_zones {
            let (zid, zzh, zen, kind) = ZONES[(first + z) % ZONES.len()];
            let zone = self.push_region(
                format!("cn-{code}-{word}-{zid}"),
                kind,
                Name::new(
                    Some(&format!("{city_zh}{zzh}")),
                    Some(&format!("{city_en} {zen}")),
                ),
                Some(city),
                (city_zh.clone(), city_en.clone()),
            );
            self.places.push(Place {
                region: zone,
                ..*province
            });
            self.place_weights.push(if z == 0 { 5 } else { 3 });
        }
    }

    /// Other countries: states and cities, no zones.
    fn make_foreign_regions(&mut self) {
        let n_countries = (self.n_firms / 5000).clamp(2, COUNTRIES.len());
        let no_words = || (String::new(), String::new());
        for &(code, zh, en) in COUNTRIES.iter().take(n_countries) {
            let name = Name::new(Some(zh), Some(en));
            let country =
                self.push_region(code.into(), RegionKind::Country, name, None, no_words());
            let n_states = 1 + self.rng.below(3);
            for s in 1..=n_states {
                let state = self.push_region(
                    format!("{code}-state-{s}"),
                    RegionKind::Province,
                    Name::new(None, Some(&format!("{en} state {s}"))),
                    Some(country),
                    no_words(),
                );
                for c in 1..=(1 + self.rng.below(3)) {
                    let city = self.push_region(
                        format!("{code}-state-{s}-city-{c}"),
                        RegionKind::City,
                        Name::new(None, Some(&format!("{en} city {s}-{c}"))),
                        Some(state),
                        no_words(),
                    );
                    self.foreign_places.push(Place {
                        region: city,
                        province: state,
                        country,
                    });
                }
            }
        }
    }

    fn make_firms(&mut self) {
        for i in 0..self.n_firms {
            let place = if self.rng.chance(0.9) || self.foreign_places.is_empty() {
                let k = self.rng.weighted(&self.place_weights);
                &self.places[k]
            } else {
                let k = self.rng.below(self.foreign_places.len());
                &self.foreign_places[k]
            };
            let (region, province, country) = (place.region, place.province, place.country);
            self.firm_province.push(province);
            self.firm_country.push(country);
            let made = self.products_made();
            let mut makes = Vec::with_capacity(made.len());
            for &p in &made {
                let fact = self.makes_fact(p);
                makes.push(fact);
            }
            let segment = made
                .first()
                .map_or(0, |&main| self.profile.segment_of[main]);
            let firm = self.firm(i, region, country, segment, makes);
            self.firms.push(firm);
        }
    }

    /// What a firm makes: a main product (first), then neighbours in the input relation or
    /// products of the main product's segment; a product twice is an expansion.
    fn products_made(&mut self) -> Vec<usize> {
        if self.chain.products.is_empty() {
            return Vec::new();
        }
        let profile = &self.profile;
        let n_makes = 1 + self.rng.weighted(&[60, 25, 10, 5]);
        let main = self.rng.weighted(&profile.popularity);
        let same_segment = &profile.by_segment[profile.segment_of[main]];
        let mut made = vec![main];
        while made.len() < n_makes {
            let last = *made.last().unwrap_or(&main);
            let next = if self.rng.chance(0.5) && !profile.neighbours[last].is_empty() {
                *self.rng.pick(&profile.neighbours[last])
            } else {
                *self.rng.pick(same_segment)
            };
            // A repeated product is an expansion: a second fact for it.
            if made.contains(&next) && !self.rng.chance(0.1) {
                continue;
            }
            made.push(next);
        }
        made
    }

    /// A makes fact for product `p`, of a mixed status, dates, capacity and sources.
    fn makes_fact(&mut self, p: usize) -> Makes {
        let status = match self.rng.weighted(&[12, 10, 70, 8]) {
            0 => Status::Announced,
            1 => Status::Building,
            2 => Status::Operating,
            _ => Status::Closed,
        };
        let since = match status {
            Status::Announced => self.rng.chance(0.8).then(|| self.date(2023, 2026)),
            Status::Building => self.rng.chance(0.8).then(|| self.date(2022, 2025)),
            _ => self.rng.chance(0.5).then(|| self.date(2008, 2025)),
        };
        let until = match (status, since) {
            (Status::Closed, Some(s)) => Some(self.date_after(s, 6)),
            (Status::Closed, None) => Some(self.date(2015, 2025)),
            (Status::Operating, Some(s)) if self.rng.chance(0.03) => Some(self.date_after(s, 15)),
            _ => None,
        };
        let capacity = self.rng.chance(0.3).then(|| Capacity {
            value: f64::from(self.rng.range(1, 400)) * 2.5,
            unit: self.profile.units[p].to_string(),
        });
        let sources = self.cite(&[35, 55, 10]);
        let note = self.note(0.06);
        Makes {
            product: self.chain.products[p].id.clone(),
            status,
            since,
            until,
            capacity,
            sources,
            note,
        }
    }

    /// The `i`th firm, in `region` of `country`, named after its main product's `segment`.
    fn firm(
        &mut self,
        i: usize,
        region: u32,
        country: u32,
        segment: usize,
        makes: Vec<Makes>,
    ) -> Firm {
        let city_zh = self.region_words[region as usize].0.clone();
        let (a, b) = (*self.rng.pick(&SYLLABLES), *self.rng.pick(&SYLLABLES));
        let industry = *self.rng.pick(&self.profile.industry[segment]);
        let form = self.rng.weighted(&[70, 20, 10]);
        let zh = format!(
            "{city_zh}{}{}{}{}",
            a.1,
            b.1,
            industry.0,
            ["科技有限公司", "股份有限公司", "集团有限公司"][form]
        );
        let en = format!(
            "{} {} {}",
            capitalize(&format!("{}{}", a.0, b.0)),
            industry.1,
            ["Technology Co., Ltd.", "Co., Ltd.", "Group Co., Ltd."][form]
        );
        let tags = self.firm_tags();
        let extra = self.rng.chance(0.15).then(|| self.firm_extra());
        let english = self.rng.chance(0.4);
        let sources = self.cite(&[55, 43, 2]);
        Firm {
            id: format!("{}{}-{}", a.0, b.0, base36(i)),
            // Chinese firms have a Chinese name and often an English one; foreign firms
            // an English one.
            name: Name::new(
                (country == 0).then_some(zh.as_str()),
                (country != 0 || english).then_some(en.as_str()),
            ),
            region: self.regions[region as usize].id.clone(),
            tags,
            makes,
            sources,
            extra,
        }
    }

    fn firm_tags(&mut self) -> Vec<String> {
        let mut tags = Vec::new();
        for (tag, p) in [
            ("chain-leader", 0.01),
            ("listed", 0.04),
            ("high-tech", 0.3),
            ("srdi", 0.08),
            ("gazelle", 0.04),
        ] {
            if self.rng.chance(p) {
                tags.push(tag.to_string());
            }
        }
        tags
    }

    /// A firm's registry attributes: a credit code, a head count, a founding year.
    fn firm_extra(&mut self) -> Extra {
        let code: String = (0..10)
            .map(|_| char::from(b"0123456789ABCDEFGHJKLMNPQRTUWXY"[self.rng.below(31)]))
            .collect();
        let text = format!(
            r#"{{"credit_code": "91{:04}MA{code}", "employees": {}, "founded": {}}}"#,
            self.rng.below(10_000),
            5 + self.rng.below(3000),
            1985 + self.rng.below(40)
        );
        Extra::from_json(&text).unwrap_or_else(|_| unreachable!())
    }

    fn make_organizations(&mut self) {
        let n = (self.n_firms / 150).max(8);
        let provinces: Vec<u32> = self
            .regions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind == RegionKind::Province && r.id.starts_with("cn-"))
            .map(|(i, _)| i as u32)
            .collect();
        // A national alliance, and one alliance per province.
        let sources = self.cite(&[0, 1]);
        let (zh, en) = &self.profile.alliance.national;
        self.organizations.push(Organization {
            id: self.profile.alliance.id("cn"),
            kind: OrganizationKind::Alliance,
            name: Name::new(Some(zh.as_str()), Some(en.as_str())),
            region: Some("cn".into()),
            sources,
            extra: None,
        });
        for &p in &provinces {
            let region = &self.regions[p as usize];
            let zh = region.name.zh.clone().unwrap_or_default();
            let en = region.name.en.clone().unwrap_or_default();
            let (zh_suffix, en_suffix) = &self.profile.alliance.provincial;
            let name = Name::new(
                Some(&format!("{zh}{zh_suffix}")),
                Some(&format!("{en}{en_suffix}")),
            );
            let id = self.profile.alliance.id(&region.id);
            let region = Some(region.id.clone());
            let sources = self.cite(&[0, 1]);
            self.organizations.push(Organization {
                id,
                kind: OrganizationKind::Alliance,
                name,
                region,
                sources,
                extra: None,
            });
        }
        for i in 0.. {
            if self.organizations.len() >= n {
                break;
            }
            let organization = self.organization(i);
            self.organizations.push(organization);
        }
    }

    /// The `i`th organization that is not an alliance: a lab, a university, a bureau or an
    /// investment platform, in a Chinese place.
    fn organization(&mut self, i: usize) -> Organization {
        let kinds = [
            (
                OrganizationKind::Research,
                "inst",
                "研究院",
                "Research Institute",
            ),
            (OrganizationKind::University, "univ", "大学", "University"),
            (
                OrganizationKind::Government,
                "gov",
                "经济和信息化局",
                "Economy Bureau",
            ),
            (
                OrganizationKind::Platform,
                "platform",
                "产业投资平台",
                "Industry Investment Platform",
            ),
        ];
        let (kind, word, zh, en) = kinds[self.rng.weighted(&[35, 25, 15, 25])];
        let place = &self.places[self.rng.weighted(&self.place_weights)];
        let region = place.region as usize;
        let (city_zh, city_en) = self.region_words[region].clone();
        let (a, _) = *self.rng.pick(&SYLLABLES);
        let sources = self.cite(&[30, 50, 20]);
        Organization {
            id: format!("{word}-{a}-{}", base36(i)),
            kind,
            name: Name::new(
                Some(&format!("{city_zh}{zh}")),
                Some(&format!("{city_en} {en} {}", capitalize(a))),
            ),
            region: self
                .rng
                .chance(0.9)
                .then(|| self.regions[region].id.clone()),
            sources,
            extra: None,
        }
    }

    /// The id of a party: a firm's index, or the number of firms plus an organization's.
    fn party_id(&self, party: u32) -> String {
        let p = party as usize;
        match self.firms.get(p) {
            Some(firm) => firm.id.clone(),
            None => self.organizations[p - self.firms.len()].id.clone(),
        }
    }

    /// The party index of organization `o`.
    fn org(&self, o: u32) -> u32 {
        self.firms.len() as u32 + o
    }

    /// Records a link unless it repeats one or loops.
    fn add_link(
        &mut self,
        (from, to): (u32, u32),
        kind: LinkKind,
        product: Option<usize>,
        status: Status,
        share: Option<f64>,
    ) {
        if from == to {
            return;
        }
        let kind_code = LinkKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u8;
        let product_code = product.map_or(u32::MAX, |p| p as u32);
        let key = if kind == LinkKind::PartnersWith {
            (from.min(to), from.max(to), kind_code, product_code)
        } else {
            (from, to, kind_code, product_code)
        };
        if !self.link_keys.insert(key) {
            return;
        }
        let since = self.rng.chance(0.25).then(|| self.date(2012, 2025));
        let until = match (status, since) {
            (Status::Closed, Some(s)) => Some(self.date_after(s, 5)),
            (Status::Closed, None) => Some(self.date(2018, 2025)),
            _ => None,
        };
        let sources = self.cite(&[65, 33, 2]);
        let note = self.note(0.02);
        let extra = (kind == LinkKind::Supplies && self.rng.chance(0.02)).then(|| {
            let value = 1_000_000 * (1 + self.rng.below(500));
            let text = format!(r#"{{"contract_value_cny": {value}}}"#);
            Extra::from_json(&text).unwrap_or_else(|_| unreachable!())
        });
        let link = Link {
            from: self.party_id(from),
            to: self.party_id(to),
            kind,
            product: product.map(|p| self.chain.products[p].id.clone()),
            share,
            status,
            since,
            until,
            sources,
            note,
            extra,
        };
        self.links.push(link);
    }

    /// An operating link with no product and no share, as memberships and transfers are.
    fn add_plain_link(&mut self, ends: (u32, u32), kind: LinkKind) {
        self.add_link(ends, kind, None, Status::Operating, None);
    }

    fn make_links(&mut self) {
        let pools = self.link_pools();
        for (f, made) in pools.made.iter().enumerate() {
            let f = f as u32;
            self.supply_links(f, made, &pools);
            // Trading: now and then a sale of its own product to a firm that does not
            // need it as an input.
            if self.rng.chance(0.08) {
                if let Some(&p) = made.first() {
                    let to = self.rng.below(self.firms.len()) as u32;
                    let status = link_status(&mut self.rng);
                    self.add_link((f, to), LinkKind::Supplies, Some(p), status, None);
                }
            }
            self.membership_links(f, &pools);
            self.ownership_link(f, &pools);
            self.partnership_links(f, &pools);
        }
        // Organizations join the national alliance.
        for o in 1..self.organizations.len() as u32 {
            if self.rng.chance(0.5) && !pools.alliances.is_empty() {
                let ends = (self.org(o), self.org(pools.alliances[0]));
                self.add_plain_link(ends, LinkKind::MemberOf);
            }
        }
    }

    fn link_pools(&self) -> LinkPools {
        let n_products = self.chain.products.len();
        let mut makers: Vec<Vec<u32>> = vec![Vec::new(); n_products];
        let mut makers_in: HashMap<(usize, u32), Vec<u32>> = HashMap::new();
        let mut made: Vec<Vec<usize>> = Vec::with_capacity(self.firms.len());
        let index: HashMap<&str, usize> = (self.chain.products.iter().enumerate())
            .map(|(i, p)| (p.id.as_str(), i))
            .rev() // the first of duplicate ids wins, as a search would find it
            .collect();
        for (f, firm) in self.firms.iter().enumerate() {
            let mut list: Vec<usize> = (firm.makes.iter())
                .filter(|m| m.status != Status::Closed)
                .filter_map(|m| index.get(m.product.as_str()).copied())
                .collect();
            list.sort_unstable();
            list.dedup();
            for &p in &list {
                makers[p].push(f as u32);
                let key = (p, self.firm_province[f]);
                makers_in.entry(key).or_default().push(f as u32);
            }
            made.push(list);
        }
        let orgs_of = |kinds: &[OrganizationKind]| -> Vec<u32> {
            (self.organizations.iter().enumerate())
                .filter(|(_, o)| kinds.contains(&o.kind))
                .map(|(i, _)| i as u32)
                .collect()
        };
        let alliance_of = |r: &Region| {
            let id = self.profile.alliance.id(&r.id);
            let found = self.organizations.iter().position(|o| o.id == id);
            found.map(|i| i as u32)
        };
        let province_alliance = (self.regions.iter())
            .map(|r| {
                (r.kind == RegionKind::Province)
                    .then(|| alliance_of(r))
                    .flatten()
            })
            .collect();
        LinkPools {
            requirements: self.profile.requirements.clone(),
            makers,
            makers_in,
            made,
            alliances: orgs_of(&[OrganizationKind::Alliance]),
            platforms: orgs_of(&[OrganizationKind::Platform]),
            labs: orgs_of(&[OrganizationKind::Research, OrganizationKind::University]),
            investors: orgs_of(&[OrganizationKind::Government, OrganizationKind::Platform]),
            province_alliance,
        }
    }

    /// Supplies to firm `f`: for requirements of what it makes, a supplier of an
    /// alternative, nearby when possible.
    fn supply_links(&mut self, f: u32, made: &[usize], pools: &LinkPools) {
        for &p in made {
            for alternatives in &pools.requirements[p] {
                if alternatives.is_empty() || !self.rng.chance(0.62) {
                    continue;
                }
                let count = 1 + self.rng.weighted(&[70, 24, 6]);
                for _ in 0..count {
                    let a = if self.rng.chance(0.6) {
                        alternatives[0]
                    } else {
                        *self.rng.pick(alternatives)
                    };
                    let roll = self.rng.below(100);
                    let supplier = if roll < 4 {
                        Some(self.rng.below(self.firms.len()) as u32)
                    } else {
                        self.supplier(f, a, roll, pools)
                    };
                    if let Some(s) = supplier {
                        let status = link_status(&mut self.rng);
                        self.add_link((s, f), LinkKind::Supplies, Some(a), status, None);
                    }
                }
            }
        }
    }

    /// A maker of product `a` to supply firm `f`: one of its province when `roll` is below
    /// 60 and there is one, otherwise anyone's; of its country unless `roll` is 92 or
    /// more. None when four draws find nobody.
    fn supplier(&mut self, f: u32, a: usize, roll: usize, pools: &LinkPools) -> Option<u32> {
        let province = self.firm_province[f as usize];
        let country = self.firm_country[f as usize];
        let local = pools.makers_in.get(&(a, province)).filter(|_| roll < 60);
        let pool = local.unwrap_or(&pools.makers[a]);
        for _ in 0..4 {
            if pool.is_empty() {
                break;
            }
            let s = *self.rng.pick(pool);
            if roll >= 92 || self.firm_country[s as usize] == country {
                return Some(s);
            }
        }
        None
    }

    /// Memberships of firm `f`: its province's alliance, the national one, a platform.
    fn membership_links(&mut self, f: u32, pools: &LinkPools) {
        let province = self.firm_province[f as usize];
        if self.rng.chance(0.45) {
            if let Some(a) = pools.province_alliance[province as usize] {
                self.add_plain_link((f, self.org(a)), LinkKind::MemberOf);
            }
        }
        if self.rng.chance(0.08) && !pools.alliances.is_empty() {
            self.add_plain_link((f, self.org(pools.alliances[0])), LinkKind::MemberOf);
        }
        if self.rng.chance(0.05) && !pools.platforms.is_empty() {
            let o = *self.rng.pick(&pools.platforms);
            self.add_plain_link((f, self.org(o)), LinkKind::MemberOf);
        }
    }

    /// Sometimes an owner of firm `f`: a firm of its province, or a state platform.
    fn ownership_link(&mut self, f: u32, pools: &LinkPools) {
        if !self.rng.chance(0.3) {
            return;
        }
        let share = f64::from(self.rng.range(1, 100)) / 100.0;
        let owner = if self.rng.chance(0.25) && !pools.investors.is_empty() {
            let investor = *self.rng.pick(&pools.investors);
            Some(self.org(investor))
        } else {
            let q = self.rng.below(self.firms.len());
            let same_province = self.firm_province[q] == self.firm_province[f as usize];
            (same_province || self.rng.chance(0.3)).then_some(q as u32)
        };
        if let Some(owner) = owner {
            let status = if self.rng.chance(0.95) {
                Status::Operating
            } else {
                Status::Closed
            };
            self.add_link((owner, f), LinkKind::Owns, None, status, Some(share));
        }
    }

    /// Partnerships of firm `f` with firms or labs, and technology transferred to it.
    fn partnership_links(&mut self, f: u32, pools: &LinkPools) {
        if self.rng.chance(0.4) {
            let other = if self.rng.chance(0.4) && !pools.labs.is_empty() {
                let lab = *self.rng.pick(&pools.labs);
                self.org(lab)
            } else {
                self.rng.below(self.firms.len()) as u32
            };
            let status = link_status(&mut self.rng);
            self.add_link((f, other), LinkKind::PartnersWith, None, status, None);
        }
        if self.rng.chance(0.1) && !pools.labs.is_empty() {
            let lab = *self.rng.pick(&pools.labs);
            let lab = self.org(lab);
            self.add_plain_link((lab, f), LinkKind::TransfersTechnology);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;
    use crate::KnowledgeGraph;

    #[test]
    fn generated_datasets_validate_at_several_sizes_and_seeds() {
        for (firms, seed) in [(0, 1), (1, 1), (7, 2), (100, 3), (2_000, 4), (20_000, 5)] {
            let d = generate(firms, seed);
            assert_eq!(d.firms.len(), firms);
            let problems = d.validate();
            assert!(
                problems.is_empty(),
                "{firms}/{seed}: {:?}",
                &problems[..problems.len().min(5)]
            );
            let graph = KnowledgeGraph::new(builtin::vrfb_chain(), d);
            assert!(graph.is_ok(), "{firms}/{seed}: {:?}", graph.err());
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let text = |firms, seed| {
            let mut out = Vec::new();
            write_json(&generate(firms, seed), &mut out).unwrap();
            out
        };
        assert_eq!(text(3_000, 42), text(3_000, 42));
        assert_ne!(text(3_000, 42), text(3_000, 43));
    }

    #[test]
    fn the_shape_is_realistic() {
        let d = generate(10_000, 9);
        let links = d.links.len() as f64 / 10_000.0;
        assert!((2.5..3.5).contains(&links), "{links} links per firm");
        let supplies = d
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::Supplies)
            .count();
        assert!(supplies as f64 > 0.4 * d.links.len() as f64);
        for kind in LinkKind::ALL {
            assert!(d.links.iter().any(|l| l.kind == *kind), "no {kind} link");
        }
        for kind in [
            RegionKind::Country,
            RegionKind::Province,
            RegionKind::City,
            RegionKind::Zone,
        ] {
            assert!(d.regions.iter().any(|r| r.kind == kind), "no {kind} region");
        }
        assert!(d.firms.iter().all(|f| (1..=4).contains(&f.makes.len())));
        for status in Status::ALL {
            assert!(d
                .firms
                .iter()
                .flat_map(|f| &f.makes)
                .any(|m| m.status == *status));
        }
        // Most supplies links go from a maker of the product.
        let makes: HashSet<(&str, &str)> = d
            .firms
            .iter()
            .flat_map(|f| {
                f.makes
                    .iter()
                    .map(move |m| (f.id.as_str(), m.product.as_str()))
            })
            .collect();
        let from_makers = d
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::Supplies)
            .filter(|l| makes.contains(&(l.from.as_str(), l.product.as_deref().unwrap_or(""))))
            .count();
        assert!(from_makers as f64 > 0.9 * supplies as f64);
    }

    #[test]
    fn ids_have_short_base36_suffixes() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36 * 36 + 35), "10z");
    }
}
