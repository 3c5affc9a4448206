//! A fast hasher for the id maps built at load time. The standard library's SipHash
//! resists collision attacks, which an in-memory index of a document does not need, and
//! costs several times more per id; at 100k firms the id maps are a good part of load time.
//!
//! It is the FxHash of rustc and Firefox (one step per 8 bytes of key), with the step made
//! a folded multiply (the full 128-bit product, its halves xored, as in foldhash and
//! wyhash): FxHash's plain multiply lets a difference in a key's last byte reach only the
//! top bits, so ids such as `firm-1000` and `firm-1001` could collide outright.

use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FxHasher`].
pub(crate) type FxHashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// An empty map with room for `capacity` entries.
pub(crate) fn map_with_capacity<K, V>(capacity: usize) -> FxHashMap<K, V> {
    FxHashMap::with_capacity_and_hasher(capacity, Default::default())
}

/// An odd constant with well-spread bits (from rustc's FxHash).
const K: u64 = 0x517c_c1b7_2722_0a95;

/// The hasher: one folded multiply per 8 bytes of key.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        let product = u128::from(self.hash ^ word) * u128::from(K);
        self.hash = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // Zero-padded: a key and the key with NUL bytes added hash alike, which
            // ids (and `str`'s 0xff terminator, and slices' length prefix) rule out.
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Strings copied one after another into one `String`, each found by its number (the
/// order pushed). Positions are 32-bit: for documents under 4 GB.
#[derive(Debug, Clone, Default)]
pub(crate) struct Strings {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<u32>,
}

impl Strings {
    /// Room for `strings` strings before the list of ends grows.
    pub(crate) fn with_capacity(strings: usize) -> Strings {
        Strings {
            text: String::new(),
            ends: Vec::with_capacity(strings),
        }
    }

    /// Appends `s`; its number and where it starts in the text.
    pub(crate) fn push(&mut self, s: &str) -> (u32, usize) {
        let (number, start) = (self.ends.len() as u32, self.text.len());
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        (number, start)
    }

    /// String number `i`.
    #[inline]
    pub(crate) fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// How many strings there are.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }
}

/// Strings numbered in the order first seen, copied one after another into one arena and
/// found through an open-addressing table of their numbers. Against a `HashMap<String, _>`
/// it keeps no allocation per string, and a lookup compares its key with bytes in the
/// arena, which stays small enough for the cache while a national registry is read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    strings: Strings,
    /// At most half full; a slot with `number` 0 is empty.
    slots: Vec<Slot>,
}

/// A string's place in the table (12 bytes): the top 16 bits of its hash (so that a probe
/// rarely reads a string that is not the one sought), its number + 1, and where it is in
/// the arena (so that a probe reads no other list; a string of 65,535 bytes or more is
/// read through its number).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    tag: u16,
    len: u16,
    number: u32,
    start: u32,
}

impl Interner {
    /// An interner with room for `capacity` strings before it grows.
    pub(crate) fn with_capacity(capacity: usize) -> Interner {
        Interner {
            strings: Strings::with_capacity(capacity),
            slots: vec![Slot::default(); (capacity * 2).next_power_of_two().max(16)],
        }
    }

    #[inline]
    fn hash(s: &str) -> u64 {
        let mut h = FxHasher::default();
        h.write(s.as_bytes());
        h.write_usize(s.len());
        h.finish()
    }

    /// String number `i`.
    #[inline]
    pub(crate) fn get(&self, i: u32) -> &str {
        self.strings.get(i)
    }

    /// How many strings it holds.
    pub(crate) fn len(&self) -> usize {
        self.strings.len()
    }

    /// The slot of `s` (of hash `h`): where it is, or the empty slot where it would go.
    #[inline]
    fn slot(&self, s: &str, h: u64) -> usize {
        let mask = self.slots.len() - 1;
        let tag = (h >> 48) as u16;
        let mut at = h as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot.number == 0 || (slot.tag == tag && self.holds(&slot, s)) {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    /// Whether the string of `slot` is `s`.
    #[inline]
    fn holds(&self, slot: &Slot, s: &str) -> bool {
        if slot.len == u16::MAX {
            return self.get(slot.number - 1) == s;
        }
        let start = slot.start as usize;
        self.strings.text.as_bytes()[start..start + usize::from(slot.len)] == *s.as_bytes()
    }

    fn slot_of(h: u64, number: u32, start: usize, end: usize) -> Slot {
        Slot {
            tag: (h >> 48) as u16,
            len: u16::try_from(end - start).unwrap_or(u16::MAX),
            number: number + 1,
            start: start as u32,
        }
    }

    /// The number of `s`, when it has one.
    pub(crate) fn find(&self, s: &str) -> Option<u32> {
        match self.slots[self.slot(s, Self::hash(s))].number {
            0 => None,
            n => Some(n - 1),
        }
    }

    /// The number of `s`, given it if it has none yet.
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        let h = Self::hash(s);
        let at = self.slot(s, h);
        if self.slots[at].number != 0 {
            return self.slots[at].number - 1;
        }
        let (n, start) = self.strings.push(s);
        self.slots[at] = Self::slot_of(h, n, start, start + s.len());
        if self.len() * 2 > self.slots.len() {
            self.grow();
        }
        n
    }

    /// Doubles the table (hashing the strings again: it is presized, so this is rare).
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let mask = size - 1;
        let mut slots = vec![Slot::default(); size];
        for old in self.slots.iter().filter(|s| s.number != 0) {
            let h = Self::hash(self.get(old.number - 1));
            let mut at = h as usize & mask;
            while slots[at].number != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = *old;
        }
        self.slots = slots;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interner_numbers_strings_as_first_seen() {
        let mut names = Interner::with_capacity(0);
        let ids: Vec<String> = (0..5000).map(|i| format!("firm-{i}")).collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(names.intern(id), i as u32);
        }
        for (i, id) in ids.iter().enumerate().rev() {
            assert_eq!(names.intern(id), i as u32);
            assert_eq!(names.find(id), Some(i as u32));
            assert_eq!(names.get(i as u32), id);
        }
        assert_eq!(names.find("firm-5000"), None);
        assert_eq!(names.intern(""), 5000);
        assert_eq!(names.find(""), Some(5000));
        // Strings too long for a slot's length field.
        let long = "x".repeat(70_000);
        let longer = "x".repeat(70_001);
        assert_eq!(names.intern(&long), 5001);
        assert_eq!(names.intern(&longer), 5002);
        assert_eq!(names.find(&long), Some(5001));
        assert_eq!(names.find(&longer), Some(5002));
        assert_eq!(names.get(5002), longer);
    }
    use std::hash::{BuildHasher, BuildHasherDefault};

    #[test]
    fn equal_keys_hash_alike_and_near_keys_apart() {
        let build = BuildHasherDefault::<FxHasher>::default();
        assert_eq!(build.hash_one("firm-1"), build.hash_one("firm-1"));
        let hashes: std::collections::HashSet<u64> = (0..10_000)
            .map(|i| build.hash_one(format!("firm-{i}")))
            .collect();
        assert_eq!(hashes.len(), 10_000);
        // The low bits (the bucket) and the top 7 bits (hashbrown's tag) are spread.
        let mut buckets = vec![0u32; 1024];
        let mut tags = [0u32; 128];
        for i in 0..102_400 {
            let h = build.hash_one(format!("cn-sc-city-{i}"));
            buckets[(h & 1023) as usize] += 1;
            tags[(h >> 57) as usize] += 1;
        }
        assert!(
            buckets.iter().all(|&n| (50..170).contains(&n)),
            "{buckets:?}"
        );
        assert!(tags.iter().all(|&n| (600..1000).contains(&n)), "{tags:?}");
        // Keys one byte apart in length do not alias through the padding.
        assert_ne!(build.hash_one("firm-10"), build.hash_one("firm-108"));
        assert_ne!(build.hash_one(&b"ab"[..]), build.hash_one(&b"ab\0"[..]));
    }
}
