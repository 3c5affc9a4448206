//! A deterministic synthetic dataset generator, for benchmarks and tests at national scale.
//!
//! [`generate`] writes a valid [`Dataset`] for the built-in VRFB template
//! ([`builtin::vrfb_chain`](crate::builtin::vrfb_chain)) with any number of firms. It is
//! seeded (a hand-written SplitMix64, no outside data, no dependency), so the same
//! `(firms, seed)` gives the same dataset, byte for byte, on every machine. The shape is
//! meant to look like a national firm registry:
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
//! ```

use std::collections::HashSet;
use std::io::Write;

use crate::chain::{Chain, Name};
use crate::dataset::{
    Capacity, Dataset, Extra, Firm, Grade, Link, LinkKind, Makes, Organization, OrganizationKind,
    Region, RegionKind, Source, Status, DATASET_FORMAT,
};
use crate::date::Date;
use crate::error::{Error, Result};

/// The date the generated data describes.
pub const AS_OF: &str = "2025-11-01";

/// Generates a dataset of `firms` firms for the built-in VRFB template, from `seed`.
///
/// The dataset validates, on its own and against
/// [`builtin::vrfb_chain`](crate::builtin::vrfb_chain); see the [module docs](self) for
/// its shape.
///
/// # Complexity
/// O(n) expected time and space for n firms.
///
/// ```
/// let small = vrfb_chain::synth::generate(100, 1);
/// assert_eq!(small.firms.len(), 100);
/// assert_eq!(small.regions[0].id, "cn");
/// assert_eq!(small.as_of.unwrap().to_string(), vrfb_chain::synth::AS_OF);
/// ```
pub fn generate(firms: usize, seed: u64) -> Dataset {
    Generator::new(&crate::builtin::vrfb_chain(), firms, seed).run()
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

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and good enough for test data.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5652_4642_2d63_6861) // "VRFB-cha"
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn with the given weights (not all zero).
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
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

/// Mainland provinces, in order of (made-up) weight in the VRFB industry: code, Chinese and
/// English names.
const PROVINCES: [(&str, &str, &str); 31] = [
    ("sc", "四川省", "Sichuan"),
    ("ln", "辽宁省", "Liaoning"),
    ("hn", "湖南省", "Hunan"),
    ("he", "河北省", "Hebei"),
    ("gs", "甘肃省", "Gansu"),
    ("sn", "陕西省", "Shaanxi"),
    ("hb", "湖北省", "Hubei"),
    ("js", "江苏省", "Jiangsu"),
    ("zj", "浙江省", "Zhejiang"),
    ("gd", "广东省", "Guangdong"),
    ("sd", "山东省", "Shandong"),
    ("ah", "安徽省", "Anhui"),
    ("fj", "福建省", "Fujian"),
    ("jx", "江西省", "Jiangxi"),
    ("ha", "河南省", "Henan"),
    ("sx", "山西省", "Shanxi"),
    ("nm", "内蒙古自治区", "Inner Mongolia"),
    ("jl", "吉林省", "Jilin"),
    ("hl", "黑龙江省", "Heilongjiang"),
    ("gx", "广西壮族自治区", "Guangxi"),
    ("hi", "海南省", "Hainan"),
    ("cq", "重庆市", "Chongqing"),
    ("gz", "贵州省", "Guizhou"),
    ("yn", "云南省", "Yunnan"),
    ("xz", "西藏自治区", "Tibet"),
    ("qh", "青海省", "Qinghai"),
    ("nx", "宁夏回族自治区", "Ningxia"),
    ("xj", "新疆维吾尔自治区", "Xinjiang"),
    ("bj", "北京市", "Beijing"),
    ("tj", "天津市", "Tianjin"),
    ("sh", "上海市", "Shanghai"),
];

/// Other countries with VRFB firms: code, Chinese and English names.
const COUNTRIES: [(&str, &str, &str); 10] = [
    ("us", "美国", "United States"),
    ("de", "德国", "Germany"),
    ("jp", "日本", "Japan"),
    ("au", "澳大利亚", "Australia"),
    ("za", "南非", "South Africa"),
    ("gb", "英国", "United Kingdom"),
    ("kr", "韩国", "South Korea"),
    ("ru", "俄罗斯", "Russia"),
    ("ca", "加拿大", "Canada"),
    ("br", "巴西", "Brazil"),
];

/// Syllables of made-up place and brand names: pinyin and character.
const SYLLABLES: [(&str, &str); 48] = [
    ("an", "安"),
    ("bao", "宝"),
    ("chang", "长"),
    ("cheng", "成"),
    ("da", "大"),
    ("de", "德"),
    ("dong", "东"),
    ("feng", "丰"),
    ("fu", "富"),
    ("guang", "广"),
    ("hai", "海"),
    ("he", "和"),
    ("heng", "恒"),
    ("hong", "宏"),
    ("hua", "华"),
    ("hui", "汇"),
    ("jia", "嘉"),
    ("jiang", "江"),
    ("jin", "金"),
    ("kai", "凯"),
    ("le", "乐"),
    ("li", "立"),
    ("lian", "联"),
    ("long", "龙"),
    ("ming", "明"),
    ("nan", "南"),
    ("ning", "宁"),
    ("pan", "攀"),
    ("ping", "平"),
    ("qing", "清"),
    ("rong", "融"),
    ("rui", "瑞"),
    ("shan", "山"),
    ("sheng", "盛"),
    ("tai", "泰"),
    ("tian", "天"),
    ("tong", "通"),
    ("wei", "威"),
    ("xin", "鑫"),
    ("xing", "兴"),
    ("yang", "阳"),
    ("yuan", "源"),
    ("yun", "云"),
    ("ze", "泽"),
    ("zhi", "智"),
    ("zhong", "中"),
    ("zhou", "州"),
    ("yu", "宇"),
];

/// Zone and park suffixes: id part, Chinese and English names, kind.
const ZONES: [(&str, &str, &str, RegionKind); 6] = [
    ("hitech", "高新区", "High-tech Zone", RegionKind::Zone),
    (
        "etdz",
        "经开区",
        "Economic Development Zone",
        RegionKind::Zone,
    ),
    ("ip", "工业园区", "Industrial Park", RegionKind::Park),
    ("newarea", "新区", "New Area", RegionKind::Zone),
    ("chem", "化工园区", "Chemical Park", RegionKind::Park),
    ("port", "港区", "Port Zone", RegionKind::Zone),
];

/// Words of firm names by segment (resource, materials, stack, system, application):
/// Chinese, English.
const INDUSTRY: [[(&str, &str); 2]; 5] = [
    [("矿业", "Mining"), ("钒业", "Vanadium")],
    [("新材料", "New Materials"), ("化工", "Chemical")],
    [("能源", "Energy"), ("储能", "Energy Storage")],
    [("电气", "Electric"), ("储能", "Energy Storage")],
    [("新能源", "New Energy"), ("电力", "Power")],
];

/// Per product of the VRFB template: how common its makers are, and its capacity unit.
fn product_profile(id: &str) -> (u32, &'static str) {
    match id {
        "v-ti-magnetite" => (3, "Mt/yr"),
        "stone-coal" => (3, "Mt/yr"),
        "vanadium-slag" => (4, "kt/yr"),
        "spent-catalyst" => (2, "kt/yr"),
        "v2o5" => (6, "kt/yr"),
        "electrolyte" => (9, "m³/yr"),
        "membrane" => (4, "万m²/yr"),
        "electrode-felt" => (4, "万m²/yr"),
        "bipolar-plate" => (4, "万片/yr"),
        "frame-seal" => (4, "万套/yr"),
        "tank" => (5, "台/yr"),
        "pump-piping" => (5, "台套/yr"),
        "stack" => (8, "MW/yr"),
        "bms" => (4, "套/yr"),
        "pcs" => (5, "MW/yr"),
        "ems" => (3, "套/yr"),
        "storage-system" => (9, "MWh/yr"),
        "epc" => (7, "MWh/yr"),
        "grid-storage" => (6, "MWh"),
        "generation-storage" => (5, "MWh"),
        "user-storage" => (6, "MWh"),
        "microgrid" => (2, "MWh"),
        _ => (3, "units/yr"),
    }
}

const PUBLISHERS: [(&str, Grade); 12] = [
    ("四川省经济和信息化厅", Grade::A),
    ("国家能源局", Grade::A),
    ("上海证券交易所公告", Grade::A),
    ("新华网", Grade::A),
    ("中国能源报", Grade::B),
    ("北极星储能网", Grade::B),
    ("高工储能", Grade::B),
    ("储能与电力市场", Grade::B),
    ("Energy Storage News", Grade::B),
    ("OFweek储能网", Grade::C),
    ("雪球 (repost)", Grade::C),
    ("百家号 (repost)", Grade::C),
];

const HOSTS: [&str; 6] = [
    "news.example-energy.cn",
    "www.example-gov.cn",
    "static.example-exchange.cn",
    "storage.example-media.com",
    "m.example-portal.cn",
    "blog.example-forum.cn",
];

const EVENTS: [(&str, &str); 5] = [
    ("签约", "signs"),
    ("开工", "breaks ground on"),
    ("投产", "starts production of"),
    ("扩产", "expands"),
    ("获评", "is recognised for"),
];

const NOTES: [&str; 4] = [
    "产能数据来自企业公告，与媒体报道存在差异",
    "capacity as announced; the trade press reports a lower figure",
    "一期工程，二期在规划中",
    "framework agreement; volumes not disclosed",
];

/// Where firms can be placed: the index of a region and of its province-level ancestor.
struct Place {
    region: u32,
    province: u32,
    country: u32,
}

struct Generator<'c> {
    chain: &'c Chain,
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
    link_keys: HashSet<(u32, u32, u8, u8)>,
}

impl<'c> Generator<'c> {
    fn new(chain: &'c Chain, n_firms: usize, seed: u64) -> Generator<'c> {
        Generator {
            chain,
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

    /// Source ids for a fact: `max` at most, often fewer.
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

    fn make_sources(&mut self) {
        let n = (self.n_firms / 5).max(40);
        self.sources.reserve(n);
        for i in 0..n {
            let (publisher, grade) = *self.rng.pick(&PUBLISHERS);
            let (event_zh, event_en) = *self.rng.pick(&EVENTS);
            let product = &self.rng.pick(&self.chain.products).name;
            let (a, b) = (*self.rng.pick(&SYLLABLES), *self.rng.pick(&SYLLABLES));
            let title = if self.rng.chance(0.7) {
                format!(
                    "{}{}{}{}项目",
                    a.1,
                    b.1,
                    event_zh,
                    product.zh.as_deref().unwrap_or("钒电池")
                )
            } else {
                format!(
                    "{}{} {} {} project",
                    capitalize(a.0),
                    b.0,
                    event_en,
                    product.en.as_deref().unwrap_or("VRFB").to_lowercase()
                )
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
            self.sources.push(Source {
                id: format!("s{}", base36(i)),
                title,
                url,
                publisher: self.rng.chance(0.6).then(|| publisher.to_string()),
                published: self.rng.chance(0.75).then_some(published),
                grade,
            });
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
        let n = self.n_firms;
        let china_firms = n as f64 * 0.9;
        let cn = self.push_region(
            "cn".into(),
            RegionKind::Country,
            Name::new(Some("中国"), Some("China")),
            None,
            (String::new(), String::new()),
        );
        // Provinces: more of them as the registry grows, weighted by a Zipf law.
        let n_provinces = (n / 1500).clamp(3, PROVINCES.len());
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
            for c in 0..n_cities {
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
                let city = self.push_region(
                    format!("cn-{code}-{word}"),
                    RegionKind::City,
                    Name::new(Some(&format!("{city_zh}市")), Some(&capitalize(&word))),
                    Some(province),
                    (city_zh.clone(), capitalize(&word)),
                );
                // Firms registered at the city level, outside any zone.
                self.places.push(Place {
                    region: city,
                    province,
                    country: cn,
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
                            Some(&format!("{} {zen}", capitalize(&word))),
                        ),
                        Some(city),
                        (city_zh.clone(), capitalize(&word)),
                    );
                    self.places.push(Place {
                        region: zone,
                        province,
                        country: cn,
                    });
                    self.place_weights.push(if z == 0 { 5 } else { 3 });
                }
            }
        }
        // Other countries: states and cities, no zones.
        let n_countries = (n / 5000).clamp(2, COUNTRIES.len());
        for &(code, zh, en) in COUNTRIES.iter().take(n_countries) {
            let country = self.push_region(
                code.into(),
                RegionKind::Country,
                Name::new(Some(zh), Some(en)),
                None,
                (String::new(), String::new()),
            );
            let n_states = 1 + self.rng.below(3);
            for s in 1..=n_states {
                let state = self.push_region(
                    format!("{code}-state-{s}"),
                    RegionKind::Province,
                    Name::new(None, Some(&format!("{en} state {s}"))),
                    Some(country),
                    (String::new(), String::new()),
                );
                for c in 1..=(1 + self.rng.below(3)) {
                    let city = self.push_region(
                        format!("{code}-state-{s}-city-{c}"),
                        RegionKind::City,
                        Name::new(None, Some(&format!("{en} city {s}-{c}"))),
                        Some(state),
                        (String::new(), String::new()),
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
        let products = &self.chain.products;
        let segment_of: Vec<usize> = products
            .iter()
            .map(|p| {
                self.chain
                    .segments
                    .iter()
                    .position(|s| s.id == p.segment)
                    .unwrap_or(0)
            })
            .collect();
        let popularity: Vec<u32> = products.iter().map(|p| product_profile(&p.id).0).collect();
        // Products by segment, and the neighbours of each product in the input relation.
        let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); products.len()];
        for (q, prod) in products.iter().enumerate() {
            for alt in prod.inputs.iter().flat_map(|r| r.alternatives()) {
                if let Some(a) = products.iter().position(|p| &p.id == alt) {
                    neighbours[q].push(a);
                    neighbours[a].push(q);
                }
            }
        }
        let status_weights = [12, 10, 70, 8]; // announced, building, operating, closed
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

            // What it makes: a main product, then neighbours or products of its segment.
            let n_makes = 1 + self.rng.weighted(&[60, 25, 10, 5]);
            let main = self.rng.weighted(&popularity);
            let mut made = vec![main];
            while made.len() < n_makes {
                let last = *made.last().unwrap_or(&main);
                let next = if self.rng.chance(0.5) && !neighbours[last].is_empty() {
                    *self.rng.pick(&neighbours[last])
                } else {
                    let same: Vec<usize> = (0..products.len())
                        .filter(|&p| segment_of[p] == segment_of[main])
                        .collect();
                    *self.rng.pick(&same)
                };
                // A repeated product is an expansion: a second fact for it.
                if made.contains(&next) && !self.rng.chance(0.1) {
                    continue;
                }
                made.push(next);
            }
            let mut makes = Vec::with_capacity(made.len());
            for &p in &made {
                let status = match self.rng.weighted(&status_weights) {
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
                    (Status::Operating, Some(s)) if self.rng.chance(0.03) => {
                        Some(self.date_after(s, 15))
                    }
                    _ => None,
                };
                let capacity = self.rng.chance(0.3).then(|| Capacity {
                    value: f64::from(self.rng.range(1, 400)) * 2.5,
                    unit: product_profile(&products[p].id).1.to_string(),
                });
                let sources = self.cite(&[35, 55, 10]);
                let note = self
                    .rng
                    .chance(0.06)
                    .then(|| self.rng.pick(&NOTES).to_string());
                makes.push(Makes {
                    product: products[p].id.clone(),
                    status,
                    since,
                    until,
                    capacity,
                    sources,
                    note,
                });
            }

            let city_zh = self.region_words[region as usize].0.clone();
            let (a, b) = (*self.rng.pick(&SYLLABLES), *self.rng.pick(&SYLLABLES));
            let industry = self.rng.pick(&INDUSTRY[segment_of[main].min(4)]);
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
            let extra = self.rng.chance(0.15).then(|| {
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
            });
            let english = self.rng.chance(0.4);
            let sources = self.cite(&[55, 43, 2]);
            self.firms.push(Firm {
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
            });
        }
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
        self.organizations.push(Organization {
            id: "cn-vrfb-alliance".into(),
            kind: OrganizationKind::Alliance,
            name: Name::new(
                Some("全国钒液流电池产业联盟"),
                Some("National VRFB Alliance"),
            ),
            region: Some("cn".into()),
            sources,
            extra: None,
        });
        for &p in &provinces {
            let region = &self.regions[p as usize];
            let zh = region.name.zh.clone().unwrap_or_default();
            let en = region.name.en.clone().unwrap_or_default();
            let id = format!("{}-vrfb-alliance", region.id);
            let sources = self.cite(&[0, 1]);
            self.organizations.push(Organization {
                id,
                kind: OrganizationKind::Alliance,
                name: Name::new(
                    Some(&format!("{zh}钒电池储能产业联盟")),
                    Some(&format!("{en} VRFB Storage Alliance")),
                ),
                region: Some(self.regions[p as usize].id.clone()),
                sources,
                extra: None,
            });
        }
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
        let mut i = 0;
        while self.organizations.len() < n {
            let (kind, word, zh, en) = kinds[self.rng.weighted(&[35, 25, 15, 25])];
            let place = &self.places[self.rng.weighted(&self.place_weights)];
            let region = place.region as usize;
            let (city_zh, city_en) = self.region_words[region].clone();
            let (a, _) = *self.rng.pick(&SYLLABLES);
            let sources = self.cite(&[30, 50, 20]);
            self.organizations.push(Organization {
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
            });
            i += 1;
        }
    }

    /// Records a link unless it repeats one or loops; returns whether it was added.
    #[allow(clippy::too_many_arguments)]
    fn add_link(
        &mut self,
        from: u32,
        to: u32,
        kind: LinkKind,
        product: Option<usize>,
        status: Status,
        share: Option<f64>,
    ) -> bool {
        if from == to {
            return false;
        }
        let kind_code = LinkKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u8;
        let product_code = product.map_or(u8::MAX, |p| p as u8);
        let key = if kind == LinkKind::PartnersWith {
            (from.min(to), from.max(to), kind_code, product_code)
        } else {
            (from, to, kind_code, product_code)
        };
        if !self.link_keys.insert(key) {
            return false;
        }
        let since = self.rng.chance(0.25).then(|| self.date(2012, 2025));
        let until = match (status, since) {
            (Status::Closed, Some(s)) => Some(self.date_after(s, 5)),
            (Status::Closed, None) => Some(self.date(2018, 2025)),
            _ => None,
        };
        let sources = self.cite(&[65, 33, 2]);
        let note = self
            .rng
            .chance(0.02)
            .then(|| self.rng.pick(&NOTES).to_string());
        let extra = (kind == LinkKind::Supplies && self.rng.chance(0.02)).then(|| {
            let text = format!(
                r#"{{"contract_value_cny": {}}}"#,
                1_000_000 * (1 + self.rng.below(500))
            );
            Extra::from_json(&text).unwrap_or_else(|_| unreachable!())
        });
        let party_id = |g: &Generator, p: u32| -> String {
            let p = p as usize;
            if p < g.firms.len() {
                g.firms[p].id.clone()
            } else {
                g.organizations[p - g.firms.len()].id.clone()
            }
        };
        let link = Link {
            from: party_id(self, from),
            to: party_id(self, to),
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
        true
    }

    fn make_links(&mut self) {
        let n = self.firms.len();
        let products = &self.chain.products;
        let n_products = products.len();
        let product_index = |id: &str| products.iter().position(|p| p.id == id);
        let requirements: Vec<Vec<Vec<usize>>> = products
            .iter()
            .map(|p| {
                p.inputs
                    .iter()
                    .map(|r| {
                        r.alternatives()
                            .iter()
                            .filter_map(|a| product_index(a))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        // Makers of each product: everywhere, and by province.
        let mut makers: Vec<Vec<u32>> = vec![Vec::new(); n_products];
        let mut makers_in: std::collections::HashMap<(usize, u32), Vec<u32>> =
            std::collections::HashMap::new();
        let mut made: Vec<Vec<usize>> = Vec::with_capacity(n);
        for (f, firm) in self.firms.iter().enumerate() {
            let mut list: Vec<usize> = firm
                .makes
                .iter()
                .filter(|m| m.status != Status::Closed)
                .filter_map(|m| product_index(&m.product))
                .collect();
            list.sort_unstable();
            list.dedup();
            for &p in &list {
                makers[p].push(f as u32);
                makers_in
                    .entry((p, self.firm_province[f]))
                    .or_default()
                    .push(f as u32);
            }
            made.push(list);
        }
        let n_orgs = self.organizations.len() as u32;
        let org = |o: u32| n as u32 + o;
        let orgs_of = |g: &Generator, kinds: &[OrganizationKind]| -> Vec<u32> {
            g.organizations
                .iter()
                .enumerate()
                .filter(|(_, o)| kinds.contains(&o.kind))
                .map(|(i, _)| i as u32)
                .collect()
        };
        let alliances = orgs_of(self, &[OrganizationKind::Alliance]);
        let platforms = orgs_of(self, &[OrganizationKind::Platform]);
        let labs = orgs_of(
            self,
            &[OrganizationKind::Research, OrganizationKind::University],
        );
        let investors = orgs_of(
            self,
            &[OrganizationKind::Government, OrganizationKind::Platform],
        );
        let alliance_of_province = |g: &Generator, province: u32| -> Option<u32> {
            let id = format!("{}-vrfb-alliance", g.regions[province as usize].id);
            g.organizations
                .iter()
                .position(|o| o.id == id)
                .map(|i| i as u32)
        };
        let province_alliance: Vec<Option<u32>> = (0..self.regions.len() as u32)
            .map(|r| {
                if self.regions[r as usize].kind == RegionKind::Province {
                    alliance_of_province(self, r)
                } else {
                    None
                }
            })
            .collect();
        let link_status = |rng: &mut Rng| match rng.weighted(&[8, 3, 82, 7]) {
            0 => Status::Announced,
            1 => Status::Building,
            2 => Status::Operating,
            _ => Status::Closed,
        };

        for (f, made) in made.iter().enumerate() {
            let province = self.firm_province[f];
            let country = self.firm_country[f];
            // Supplies: for requirements of what it makes, a supplier of an alternative,
            // nearby when possible.
            for &p in made {
                for alternatives in &requirements[p] {
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
                            Some(self.rng.below(n) as u32)
                        } else {
                            let local = makers_in.get(&(a, province)).filter(|_| roll < 60);
                            let pool = match local {
                                Some(list) => list,
                                None => &makers[a],
                            };
                            // Most of the rest from the same country.
                            let mut pick = None;
                            for _ in 0..4 {
                                if pool.is_empty() {
                                    break;
                                }
                                let s = *self.rng.pick(pool);
                                if roll >= 92 || self.firm_country[s as usize] == country {
                                    pick = Some(s);
                                    break;
                                }
                            }
                            pick
                        };
                        if let Some(s) = supplier {
                            let status = link_status(&mut self.rng);
                            self.add_link(s, f as u32, LinkKind::Supplies, Some(a), status, None);
                        }
                    }
                }
            }
            // Trading: now and then a sale of its own product to a firm that does not
            // need it as an input.
            if self.rng.chance(0.08) {
                if let Some(&p) = made.first() {
                    let to = self.rng.below(n) as u32;
                    let status = link_status(&mut self.rng);
                    self.add_link(f as u32, to, LinkKind::Supplies, Some(p), status, None);
                }
            }
            // Memberships: the province's alliance, the national one, a platform.
            if self.rng.chance(0.45) {
                if let Some(a) = province_alliance[province as usize] {
                    self.add_link(
                        f as u32,
                        org(a),
                        LinkKind::MemberOf,
                        None,
                        Status::Operating,
                        None,
                    );
                }
            }
            if self.rng.chance(0.08) && !alliances.is_empty() {
                self.add_link(
                    f as u32,
                    org(alliances[0]),
                    LinkKind::MemberOf,
                    None,
                    Status::Operating,
                    None,
                );
            }
            if self.rng.chance(0.05) && !platforms.is_empty() {
                let o = *self.rng.pick(&platforms);
                self.add_link(
                    f as u32,
                    org(o),
                    LinkKind::MemberOf,
                    None,
                    Status::Operating,
                    None,
                );
            }
            // Ownership: a holding in a firm of the same province, or by a state platform.
            if self.rng.chance(0.3) {
                let share = f64::from(self.rng.range(1, 100)) / 100.0;
                let owner = if self.rng.chance(0.25) && !investors.is_empty() {
                    Some(org(*self.rng.pick(&investors)))
                } else {
                    let q = self.rng.below(n);
                    (self.firm_province[q] == province || self.rng.chance(0.3)).then_some(q as u32)
                };
                if let Some(owner) = owner {
                    let status = if self.rng.chance(0.95) {
                        Status::Operating
                    } else {
                        Status::Closed
                    };
                    self.add_link(owner, f as u32, LinkKind::Owns, None, status, Some(share));
                }
            }
            // Partnerships with firms or labs.
            if self.rng.chance(0.4) {
                let other = if self.rng.chance(0.4) && !labs.is_empty() {
                    org(*self.rng.pick(&labs))
                } else {
                    self.rng.below(n) as u32
                };
                let status = link_status(&mut self.rng);
                self.add_link(f as u32, other, LinkKind::PartnersWith, None, status, None);
            }
            // Technology transfer from a lab.
            if self.rng.chance(0.1) && !labs.is_empty() {
                let lab = org(*self.rng.pick(&labs));
                self.add_link(
                    lab,
                    f as u32,
                    LinkKind::TransfersTechnology,
                    None,
                    Status::Operating,
                    None,
                );
            }
        }
        // Organizations join the national alliance.
        for o in 1..n_orgs {
            if self.rng.chance(0.5) && !alliances.is_empty() {
                self.add_link(
                    org(o),
                    org(alliances[0]),
                    LinkKind::MemberOf,
                    None,
                    Status::Operating,
                    None,
                );
            }
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
    fn the_generator_is_uniform_enough() {
        let mut rng = Rng::new(1);
        let mut counts = [0u32; 10];
        for _ in 0..100_000 {
            counts[rng.below(10)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_500..10_500).contains(&c)),
            "{counts:?}"
        );
        assert_eq!(base36(0), "0");
        assert_eq!(base36(36 * 36 + 35), "10z");
    }
}
