//! The crate's one seeded random number generator: SplitMix64.

/// A small seeded random number generator: SplitMix64 (Steele, Lea and Flood, "Fast
/// splittable pseudorandom number generators", OOPSLA 2014).
///
/// Tiny, fast, with no dependency, and the same numbers for the same seed on every machine:
/// good enough for test data and benchmarks, not for anything that needs unpredictable
/// numbers. The generator of synthetic datasets ([`generate`](super::generate)) and the
/// crate's property tests draw from it.
///
/// ```
/// use vrfb_chain::synth::Rng;
/// let mut a = Rng::new(7);
/// let mut b = Rng::new(7);
/// let draws: Vec<usize> = (0..5).map(|_| a.below(10)).collect();
/// assert_eq!(draws, (0..5).map(|_| b.below(10)).collect::<Vec<_>>()); // same seed, same numbers
/// assert!(draws.iter().all(|&x| x < 10));
/// assert_ne!(Rng::new(7).next_u64(), Rng::new(8).next_u64());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng(u64);

impl Rng {
    /// A generator whose numbers are determined by `seed`.
    ///
    /// ```
    /// use vrfb_chain::synth::Rng;
    /// assert_eq!(Rng::new(1), Rng::new(1));
    /// assert_ne!(Rng::new(1), Rng::new(2));
    /// ```
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5652_4642_2d63_6861) // "VRFB-cha"
    }

    /// The next 64 random bits.
    ///
    /// ```
    /// use vrfb_chain::synth::Rng;
    /// let mut rng = Rng::new(0);
    /// let (a, b) = (rng.next_u64(), rng.next_u64());
    /// assert_ne!(a, b);
    /// ```
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`, uniform (by multiply-shift, so without the bias of `% n` for
    /// any `n` that fits 64 bits); 0 when `n` is 0.
    ///
    /// ```
    /// use vrfb_chain::synth::Rng;
    /// let mut rng = Rng::new(3);
    /// assert!((0..1000).all(|_| rng.below(6) < 6));
    /// assert_eq!(rng.below(0), 0);
    /// ```
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`, uniform (`lo <= hi`).
    ///
    /// ```
    /// use vrfb_chain::synth::Rng;
    /// let mut rng = Rng::new(3);
    /// assert!((0..1000).all(|_| (1..=12).contains(&rng.range(1, 12))));
    /// ```
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    /// True with probability `p` (never for `p <= 0`, always for `p >= 1`).
    ///
    /// ```
    /// use vrfb_chain::synth::Rng;
    /// let mut rng = Rng::new(5);
    /// let heads = (0..10_000).filter(|_| rng.chance(0.3)).count();
    /// assert!((2_800..3_200).contains(&heads), "{heads}");
    /// assert!(!rng.chance(0.0) && rng.chance(1.0));
    /// ```
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < p
    }

    /// One of `items`, uniform.
    ///
    /// # Panics
    /// When `items` is empty.
    ///
    /// ```
    /// use vrfb_chain::synth::Rng;
    /// let mut rng = Rng::new(9);
    /// assert!(["a", "b", "c"].contains(rng.pick(&["a", "b", "c"])));
    /// ```
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index into `weights`, drawn with those weights: index `i` with probability
    /// `weights[i] / sum`. When every weight is 0, the last index.
    ///
    /// # Panics
    /// When `weights` is empty.
    ///
    /// ```
    /// use vrfb_chain::synth::Rng;
    /// let mut rng = Rng::new(2);
    /// assert!((0..1000).all(|_| rng.weighted(&[0, 5, 0, 1]) % 2 == 1)); // never a weight of 0
    /// ```
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        assert!(
            !weights.is_empty(),
            "Rng::weighted needs at least one weight"
        );
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

    /// Shuffles `items` in place, every order equally likely (Fisher–Yates).
    ///
    /// ```
    /// use vrfb_chain::synth::Rng;
    /// let mut list: Vec<u32> = (0..20).collect();
    /// Rng::new(4).shuffle(&mut list);
    /// assert_ne!(list, (0..20).collect::<Vec<_>>());
    /// list.sort_unstable();
    /// assert_eq!(list, (0..20).collect::<Vec<_>>());
    /// ```
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_is_uniform_enough() {
        let mut rng = Rng::new(1);
        let mut counts = [0u32; 10];
        for _ in 0..100_000 {
            counts[rng.below(10)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_500..10_500).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn the_numbers_of_a_seed_never_change() {
        // Synthetic files and benchmark figures depend on these exact numbers.
        let mut rng = Rng::new(1);
        assert_eq!(rng.next_u64(), 0x979C_D34F_903D_9687);
        assert_eq!(rng.next_u64(), 0x6C12_4568_0911_2800);
        // SplitMix64's published first output for state 0 (after one increment).
        assert_eq!(Rng(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn weighted_follows_the_weights() {
        let mut rng = Rng::new(8);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[rng.weighted(&[1, 0, 2])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((9_000..11_000).contains(&counts[0]), "{counts:?}");
        assert_eq!(rng.weighted(&[0, 0]), 1);
    }
}
