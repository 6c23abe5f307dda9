//! A fast hasher for the maps that group an archive's figures (rows, line
//! items, tables). The standard SipHash is built to resist crafted keys
//! from an attacker; here the keys are labels and paths of the user's own
//! documents, hashed hundreds of thousands of times per command, and
//! SipHash was the largest single cost of name resolution. This is the
//! multiply-rotate hash rustc uses (FxHash), which reads eight bytes at a
//! time.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher {
    hash: u64,
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
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
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(n as u64);
    }
    fn write_u16(&mut self, n: u16) {
        self.add(n as u64);
    }
    fn write_u32(&mut self, n: u32) {
        self.add(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_alike_and_maps_work() {
        let mut map: FastMap<(&str, u32), u32> = FastMap::default();
        for (i, path) in ["a.txt", "b.txt", "a.txt", "referat-2024-08-27.txt"]
            .iter()
            .enumerate()
        {
            *map.entry((path, 1)).or_default() += i as u32;
        }
        assert_eq!(map.len(), 3);
        assert_eq!(map[&("a.txt", 1)], 2);
        let hash = |s: &str| {
            let mut h = FastHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash("Kontanthjælp"), hash("Kontanthjælp"));
        assert_ne!(hash("a"), hash("a\0"));
    }
}
