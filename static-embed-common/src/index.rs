//! The lookup index baked into release builds.
//!
//! The macro lays keys out in an open-addressing hash table (linear probing,
//! load factor at most 1/2) and the runtime probes the same table with the
//! same hash, so a lookup costs one hash of the key and, nearly always, one
//! string comparison, whatever the number of files. Both sides call the
//! functions here, so they cannot disagree.

/// Marks an empty slot.
pub const EMPTY: u32 = u32::MAX;

/// Hashes a key: FxHash's multiply-rotate over 8-byte words. Fast on short
/// strings and good enough for a table whose keys are known up front.
pub fn key_hash(key: &str) -> u64 {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut hash = key.len() as u64;
    let mut add = |word: u64| hash = (hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    let mut chunks = key.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    add(u64::from_le_bytes(tail));
    // Fold the high bits down: slots are taken from the low bits.
    hash ^ (hash >> 29)
}

/// Builds the slot table for `keys` (distinct): each slot holds an index into
/// `keys` or [`EMPTY`].
pub fn build(keys: &[&str]) -> Vec<u32> {
    if keys.is_empty() {
        return Vec::new();
    }
    let len = (keys.len() * 2).next_power_of_two();
    let mut slots = vec![EMPTY; len];
    for (position, key) in keys.iter().enumerate() {
        let mut slot = key_hash(key) as usize & (len - 1);
        while slots[slot] != EMPTY {
            slot = (slot + 1) & (len - 1);
        }
        slots[slot] = position as u32;
    }
    slots
}

/// Finds `key` in a table made by [`build`]; `key_at` returns the key stored
/// at an index.
pub fn find<'a>(slots: &[u32], key: &str, key_at: impl Fn(usize) -> &'a str) -> Option<usize> {
    if slots.is_empty() {
        return None;
    }
    let mask = slots.len() - 1;
    let mut slot = key_hash(key) as usize & mask;
    loop {
        let position = slots[slot];
        if position == EMPTY {
            return None;
        }
        if key_at(position as usize) == key {
            return Some(position as usize);
        }
        slot = (slot + 1) & mask;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_and_nothing_else() {
        let owned: Vec<String> = (0..3000)
            .map(|i| format!("dir{}/file-{i}.css", i % 7))
            .collect();
        let keys: Vec<&str> = owned.iter().map(String::as_str).collect();
        let slots = build(&keys);
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(find(&slots, key, |p| keys[p]), Some(i));
        }
        assert_eq!(find(&slots, "dir0/file-0.cs", |p| keys[p]), None);
        assert_eq!(find(&[], "x", |p| keys[p]), None);
    }
}
