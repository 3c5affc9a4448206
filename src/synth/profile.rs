//! What the generator takes from a chain template: its products, segments and requirements,
//! read once into indices, and the weights and words that give a dataset its shape.

use std::collections::HashMap;

use crate::chain::Chain;

use super::words::INDUSTRY;

/// The id of the built-in VRFB template, whose products have calibrated weights and units.
const VRFB_CHAIN_ID: &str = "vrfb";

/// A template as the generator reads it, by product and segment index.
pub(super) struct Profile {
    /// The segment index of each product.
    pub(super) segment_of: Vec<usize>,
    /// The products of each segment, in template order.
    pub(super) by_segment: Vec<Vec<usize>>,
    /// For each product, its requirements, each as the indices of its alternatives.
    pub(super) requirements: Vec<Vec<Vec<usize>>>,
    /// For each product, the products next to it in the input relation (its inputs and the
    /// products it is an input of, once per requirement alternative).
    pub(super) neighbours: Vec<Vec<usize>>,
    /// How common the makers of each product are (a weight).
    pub(super) popularity: Vec<u32>,
    /// The capacity unit of each product.
    pub(super) units: Vec<&'static str>,
    /// The words of firm names by segment index: Chinese, English.
    pub(super) industry: Vec<[(&'static str, &'static str); 2]>,
    /// The alliances: their id part, the national one's names, and what follows a
    /// province's name in its alliance's names.
    pub(super) alliance: Alliance,
}

/// How the generated alliances are called.
pub(super) struct Alliance {
    /// The middle of their ids: `cn-{word}-alliance`, `cn-sc-{word}-alliance`.
    pub(super) word: String,
    /// The national alliance's names: Chinese, English.
    pub(super) national: (String, String),
    /// After a province's name: Chinese, English (with its space).
    pub(super) provincial: (String, String),
}

impl Alliance {
    /// The id of the alliance of a region.
    pub(super) fn id(&self, region: &str) -> String {
        format!("{region}-{}-alliance", self.word)
    }

    fn of(chain: &Chain) -> Alliance {
        if chain.id == VRFB_CHAIN_ID {
            return Alliance {
                word: "vrfb".into(),
                national: (
                    "全国钒液流电池产业联盟".into(),
                    "National VRFB Alliance".into(),
                ),
                provincial: ("钒电池储能产业联盟".into(), " VRFB Storage Alliance".into()),
            };
        }
        let en = chain.name.en.clone().unwrap_or_else(|| chain.id.clone());
        let zh = chain.name.zh.clone().unwrap_or_else(|| en.clone());
        // Region ids are at most 15 bytes long and ids at most 64: a long template id would
        // make alliance ids too long.
        let word = if chain.id.len() <= 32 {
            chain.id.clone()
        } else {
            "chain".into()
        };
        Alliance {
            word,
            national: (
                format!("全国{zh}产业联盟"),
                format!("National {en} Alliance"),
            ),
            provincial: (format!("{zh}产业联盟"), format!(" {en} Alliance")),
        }
    }
}

impl Profile {
    /// Reads `chain` (in O(products + requirement alternatives)).
    pub(super) fn of(chain: &Chain) -> Profile {
        let n = chain.products.len();
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(n);
        for (i, p) in chain.products.iter().enumerate() {
            index.entry(p.id.as_str()).or_insert(i);
        }
        let n_segments = chain.segments.len().max(1);
        let segment_of: Vec<usize> = chain
            .products
            .iter()
            .map(|p| {
                chain
                    .segments
                    .iter()
                    .position(|s| s.id == p.segment)
                    .unwrap_or(0)
            })
            .collect();
        let mut by_segment = vec![Vec::new(); n_segments];
        for (p, &s) in segment_of.iter().enumerate() {
            by_segment[s].push(p);
        }
        let requirements: Vec<Vec<Vec<usize>>> = chain
            .products
            .iter()
            .map(|p| {
                p.inputs
                    .iter()
                    .map(|r| {
                        let alternatives = r.alternatives().iter();
                        alternatives
                            .filter_map(|a| index.get(a.as_str()).copied())
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut neighbours = vec![Vec::new(); n];
        let mut users = vec![0u32; n];
        for (q, alternatives) in requirements.iter().enumerate() {
            for &a in alternatives.iter().flatten() {
                neighbours[q].push(a);
                neighbours[a].push(q);
                users[a] += 1;
            }
        }
        let vrfb = chain.id == VRFB_CHAIN_ID;
        let (popularity, units) = chain
            .products
            .iter()
            .zip(&users)
            .map(|(p, &users)| match vrfb_product(&p.id).filter(|_| vrfb) {
                Some(calibrated) => calibrated,
                None if vrfb => (3, "units/yr"),
                // Elsewhere the products that more products need have more makers.
                None => (1 + users.min(8), "units/yr"),
            })
            .unzip();
        let industry = (0..n_segments)
            .map(|s| INDUSTRY[s * INDUSTRY.len() / n_segments])
            .collect();
        Profile {
            segment_of,
            by_segment,
            requirements,
            neighbours,
            popularity,
            units,
            industry,
            alliance: Alliance::of(chain),
        }
    }
}

/// Per product of the VRFB template: how common its makers are, and its capacity unit.
fn vrfb_product(id: &str) -> Option<(u32, &'static str)> {
    Some(match id {
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
        _ => return None,
    })
}
