//! Character classes, answered from a small table for the characters of Vietnamese text (ASCII,
//! Latin-1, Latin Extended-A and -B, Latin Extended Additional) and from the standard library's
//! Unicode tables for the rest. The same answers as `char::is_alphabetic`/`is_uppercase`, which
//! search their tables for every non-ASCII character (a test compares every character).

use std::sync::LazyLock;

const ALPHA: u8 = 1;
const UPPER: u8 = 2;

/// The table's two ranges: U+0000–U+024F, then U+1E00–U+1EFF at `LATIN_END`.
const LATIN_END: u32 = 0x250;
const EXT_ADD: std::ops::RangeInclusive<u32> = 0x1E00..=0x1EFF;

static TABLE: LazyLock<Vec<u8>> = LazyLock::new(|| {
    (0..LATIN_END)
        .chain(EXT_ADD)
        .map(|u| {
            let c = char::from_u32(u).unwrap_or('\0');
            (if c.is_alphabetic() { ALPHA } else { 0 }) | (if c.is_uppercase() { UPPER } else { 0 })
        })
        .collect()
});

fn class(c: char) -> Option<u8> {
    let u = c as u32;
    let i = if u < LATIN_END {
        u
    } else if EXT_ADD.contains(&u) {
        LATIN_END + (u - EXT_ADD.start())
    } else {
        return None;
    };
    TABLE.get(i as usize).copied()
}

/// `c.is_alphabetic()`.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match class(c) {
        Some(k) => k & ALPHA != 0,
        None => c.is_alphabetic(),
    }
}

/// `c.is_uppercase()`.
#[inline]
pub fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    match class(c) {
        Some(k) => k & UPPER != 0,
        None => c.is_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_answers_as_the_standard_library_for_every_character() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "U+{u:04X}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "U+{u:04X}");
        }
        assert!(is_uppercase('Ệ') && !is_uppercase('ệ') && is_alphabetic('đ') && !is_alphabetic('×'));
    }
}
