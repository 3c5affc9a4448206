//! Generated chain templates of any depth and width.

use std::collections::BTreeSet;

use crate::chain::{Chain, Name, Product, Requirement, Segment};

use super::Rng;

/// Generates a valid chain template of `segments` segments (at least one) and `products`
/// products, from `seed`.
///
/// The products are spread evenly over the segments, upstream first. Each product outside
/// the first segment has one to four requirements, about 30% of them with two or three
/// alternatives; inputs come mostly from the segment just upstream, sometimes from further
/// upstream or from an earlier product of the same segment, so the input relation is
/// acyclic and never points downstream, as the format requires. Ids are `tier-01`,
/// `tier-02`, ... for segments and `t01-p001`, `t01-p002`, ... for products (tier, then
/// the product's number); the template's id is `synth-chain`.
///
/// With [`generate_for`](super::generate_for) it gives datasets of chains much deeper and
/// wider than the built-in ones: the `deep` shape of the `synth` example is
/// `generate_chain(12, 240, seed)`.
///
/// # Complexity
/// O(products) time and space.
///
/// ```
/// use vrfb_chain::{synth, Chain, KnowledgeGraph};
/// let chain = synth::generate_chain(4, 30, 1);
/// assert_eq!((chain.segments.len(), chain.products.len()), (4, 30));
/// assert_eq!(chain.products[0].id, "t01-p001");
/// assert!(chain.products.iter().skip(8).all(|p| !p.inputs.is_empty())); // past the first tier
/// // It is a valid template, and generated datasets use it.
/// let again = Chain::from_json_str(&chain.to_json_string()).unwrap();
/// assert_eq!(again, chain);
/// let dataset = synth::generate_for(&chain, 200, 1);
/// assert_eq!(dataset.chain, "synth-chain");
/// assert!(KnowledgeGraph::new(chain, dataset).is_ok());
/// ```
pub fn generate_chain(segments: usize, products: usize, seed: u64) -> Chain {
    let n_segments = segments.max(1);
    // Another stream than the dataset's of the same seed.
    let mut rng = Rng::new(seed.rotate_left(32) ^ 0x6368_6169_6e00_0000); // "chain"
    let segment_of = |i: usize| i * n_segments / products.max(1);
    // The index of the first product of each segment, and one past the last.
    let mut first = vec![products; n_segments + 1];
    for i in (0..products).rev() {
        first[segment_of(i)] = i;
    }
    for s in (0..n_segments).rev() {
        first[s] = first[s].min(first[s + 1]);
    }
    let ids: Vec<String> = (0..products)
        .map(|i| format!("t{:02}-p{:03}", segment_of(i) + 1, i + 1))
        .collect();
    let products = (0..products)
        .map(|i| {
            let s = segment_of(i);
            let inputs = if s == 0 {
                Vec::new()
            } else {
                inputs(&mut rng, &ids, i, (first[s - 1], first[s]))
            };
            Product {
                id: ids[i].clone(),
                segment: format!("tier-{:02}", s + 1),
                name: Name::new(
                    Some(&format!("第{}环节产品{}", s + 1, i + 1)),
                    Some(&format!("Tier {} product {}", s + 1, i + 1)),
                ),
                description: None,
                inputs,
            }
        })
        .collect();
    Chain {
        id: "synth-chain".into(),
        name: Name::new(Some("合成产业链"), Some("Synthetic chain")),
        segments: (1..=n_segments)
            .map(|s| Segment {
                id: format!("tier-{s:02}"),
                name: Name::new(Some(&format!("第{s}环节")), Some(&format!("Tier {s}"))),
            })
            .collect(),
        products,
    }
}

/// The requirements of product `i`, whose segment just upstream holds the products
/// `upstream.0..upstream.1` (perhaps none); every input has a smaller index than `i`.
fn inputs(rng: &mut Rng, ids: &[String], i: usize, upstream: (usize, usize)) -> Vec<Requirement> {
    let (from, to) = upstream;
    let mut used = BTreeSet::new();
    let mut requirements = Vec::new();
    for _ in 0..1 + rng.weighted(&[30, 35, 25, 10]) {
        let mut alternatives = Vec::new();
        for _ in 0..1 + rng.weighted(&[67, 22, 11]) {
            let roll = rng.below(100);
            let input = if roll < 75 && from < to {
                from + rng.below(to - from)
            } else if roll < 90 || to == i {
                rng.below(to)
            } else {
                to + rng.below(i - to) // an earlier product of the same segment
            };
            if to > 0 && used.insert(input) {
                alternatives.push(ids[input].clone());
            }
        }
        match alternatives.len() {
            0 => {}
            1 => requirements.push(Requirement::One(alternatives.remove(0))),
            _ => requirements.push(Requirement::AnyOf(alternatives)),
        }
    }
    requirements
}
