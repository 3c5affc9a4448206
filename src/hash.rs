//! The id maps and the interner built at load time, on hashbrown's table and foldhash's
//! hash, both already in the build through petgraph. The standard library's SipHash
//! resists collision attacks at several times the cost per id; foldhash hashes an id of
//! up to 16 bytes in a few folded multiplies, and each map gets its own random seed, which
//! makes collisions hard to craft in advance and makes any output that followed a map's
//! order (none may) change from run to run, where a test sees it.

use std::hash::BuildHasher;

use foldhash::fast::RandomState;
use hashbrown::hash_table::{Entry, HashTable};

/// A `HashMap` with foldhash: the standard library's map, which is hashbrown's table, so
/// that code written against `std::collections::HashMap<K, V, S>` takes it.
pub(crate) type IdMap<K, V> = std::collections::HashMap<K, V, RandomState>;

/// The former name of [`IdMap`] (the hasher was an FxHash), kept for the code that uses it.
pub(crate) type FxHashMap<K, V> = IdMap<K, V>;

/// An empty map with room for `capacity` entries.
pub(crate) fn map_with_capacity<K, V>(capacity: usize) -> FxHashMap<K, V> {
    FxHashMap::with_capacity_and_hasher(capacity, RandomState::default())
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

/// Strings numbered in the order first seen, stored once in a [`Strings`] arena and found
/// through a hashbrown table (or numbered as the caller orders them:
/// [`Interner::renumbered`]). Against a `HashMap<String, u32>` it keeps no allocation per
/// string, and each slot of the table holds the string's number and where its text is, so
/// that a lookup reads the table and the text only (on a national registry the table and
/// the arena are far larger than the processor's caches: each read is a cache miss). The
/// numbers do not depend on the hash.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    strings: Strings,
    /// Each string's slot, at the string's hash.
    table: HashTable<Slot>,
    hasher: RandomState,
}

/// A string of an [`Interner`]: its number, and where its text starts and ends in the
/// arena.
#[derive(Debug, Clone, Copy)]
struct Slot {
    number: u32,
    start: u32,
    end: u32,
}

impl Slot {
    fn text<'s>(&self, strings: &'s Strings) -> &'s str {
        &strings.text[self.start as usize..self.end as usize]
    }
}

impl Interner {
    /// The ids numbered in the order given (each once: a repeated id keeps its first
    /// number).
    pub(crate) fn numbered<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> Interner {
        let mut names = Interner::with_capacity(ids.len());
        for id in ids {
            names.intern(id);
        }
        names
    }

    /// The strings numbered `order[0]`, `order[1]`, ... numbered 0, 1, ... instead: this
    /// interner itself when those are already their numbers and it holds no other (then
    /// nothing is copied), otherwise a new one of the strings in that order. A string given
    /// twice is held twice, under both numbers (`find` gives the first), so that string
    /// number `i` is always `order[i]`'s.
    pub(crate) fn renumbered(self, order: impl Iterator<Item = u32> + Clone) -> Interner {
        let mut count = 0usize;
        let same = order.clone().all(|i| {
            count += 1;
            i as usize == count - 1
        });
        if same && count == self.len() {
            return self;
        }
        let mut out = Interner::with_capacity(order.size_hint().0);
        for i in order {
            out.push(self.get(i));
        }
        out
    }

    /// Appends `s` under the next number, even when it has one already (`find` keeps
    /// giving the first).
    fn push(&mut self, s: &str) {
        let Interner {
            strings,
            table,
            hasher,
        } = self;
        let hash = hasher.hash_one(s);
        let (number, start) = strings.push(s);
        if table.find(hash, |slot| slot.text(strings) == s).is_none() {
            let (start, end) = (start as u32, strings.text.len() as u32);
            let slot = Slot { number, start, end };
            table.insert_unique(hash, slot, |slot| hasher.hash_one(slot.text(strings)));
        }
    }

    /// An interner with room for `capacity` strings before it grows.
    pub(crate) fn with_capacity(capacity: usize) -> Interner {
        Interner {
            strings: Strings::with_capacity(capacity),
            table: HashTable::with_capacity(capacity),
            hasher: RandomState::default(),
        }
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

    /// The number of `s`, when it has one.
    pub(crate) fn find(&self, s: &str) -> Option<u32> {
        let strings = &self.strings;
        self.table
            .find(self.hasher.hash_one(s), |slot| slot.text(strings) == s)
            .map(|slot| slot.number)
    }

    /// The number of `s`, given it if it has none yet.
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        let Interner {
            strings,
            table,
            hasher,
        } = self;
        let entry = table.entry(
            hasher.hash_one(s),
            |slot| slot.text(strings) == s,
            |slot| hasher.hash_one(slot.text(strings)),
        );
        match entry {
            Entry::Occupied(slot) => slot.get().number,
            Entry::Vacant(vacant) => {
                let (number, start) = strings.push(s);
                let (start, end) = (start as u32, strings.text.len() as u32);
                vacant.insert(Slot { number, start, end });
                number
            }
        }
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
        assert_eq!(names.len(), 5000);
        assert_eq!(names.find("firm-5000"), None);
        assert_eq!(names.intern(""), 5000);
        assert_eq!(names.find(""), Some(5000));
        // Long strings, and strings that are prefixes of each other.
        let long = "x".repeat(70_000);
        let longer = "x".repeat(70_001);
        assert_eq!(names.intern(&long), 5001);
        assert_eq!(names.intern(&longer), 5002);
        assert_eq!(names.find(&long), Some(5001));
        assert_eq!(names.find(&longer), Some(5002));
        assert_eq!(names.find(&"x".repeat(69_999)), None);
        assert_eq!(names.get(5002), longer);
    }

    #[test]
    fn a_renumbered_interner_numbers_strings_in_the_order_given() {
        let names = Interner::numbered(["c", "a", "b"].into_iter());
        // Already numbered so: the same interner.
        let same = names.clone().renumbered([0, 1, 2].into_iter());
        assert_eq!([same.get(0), same.get(2)], ["c", "b"]);
        assert_eq!(same.find("b"), Some(2));
        let moved = names.clone().renumbered([1, 2, 0].into_iter());
        assert_eq!([moved.get(0), moved.get(1), moved.get(2)], ["a", "b", "c"]);
        assert_eq!(moved.find("c"), Some(2));
        assert_eq!(moved.find("a"), Some(0));
        // Fewer strings than it holds: the others are left out.
        let part = names.clone().renumbered([0, 1].into_iter());
        assert_eq!((part.len(), part.find("b")), (2, None));
        // A string given twice keeps both numbers; `find` gives the first.
        let twice = names.renumbered([2, 0, 2].into_iter());
        assert_eq!([twice.get(0), twice.get(1), twice.get(2)], ["b", "c", "b"]);
        assert_eq!((twice.len(), twice.find("b")), (3, Some(0)));
    }

    #[test]
    fn a_cloned_interner_finds_what_the_original_holds() {
        let mut names = Interner::with_capacity(2);
        for id in ["stack", "membrane", "electrolyte"] {
            names.intern(id);
        }
        let mut copy = names.clone();
        assert_eq!(copy.find("membrane"), Some(1));
        assert_eq!(copy.intern("tank"), 3);
        assert_eq!(names.find("tank"), None);
    }

    #[test]
    fn strings_are_found_by_the_order_pushed() {
        let mut strings = Strings::with_capacity(1);
        assert_eq!(strings.push("ab"), (0, 0));
        assert_eq!(strings.push(""), (1, 2));
        assert_eq!(strings.push("钒"), (2, 2));
        assert_eq!(strings.len(), 3);
        assert_eq!(
            [strings.get(0), strings.get(1), strings.get(2)],
            ["ab", "", "钒"]
        );
    }

    #[test]
    fn maps_of_one_capacity_hold_what_is_put_in() {
        let mut map: FxHashMap<&str, u32> = map_with_capacity(4);
        for (i, id) in ["a", "b", "c", "d", "e"].into_iter().enumerate() {
            assert_eq!(map.insert(id, i as u32), None);
        }
        assert_eq!(map.get("e"), Some(&4));
        assert_eq!(map.insert("a", 9), Some(0));
        assert_eq!(map.len(), 5);
    }
}
