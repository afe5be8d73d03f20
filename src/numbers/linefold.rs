//! Lower-case folding of one line with a map back to original offsets, for the lexer.
//!
//! The result is exactly [`crate::text::fold::fold`]`(line, FoldMode::Lower)` (same text, same
//! offset mapping; a property test checks it). Lines already in NFC, the common case, take a
//! fast path that lower-cases char by char instead of normalising each cluster, which is what
//! makes the lexer fast; other lines go through `fold` itself.

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized};

use crate::text::fold::{fold, FoldMode, Folded};

pub(crate) enum LineFold {
    Fast { text: String, map: Vec<u32> },
    Slow(Folded),
}

fn is_mark(c: char) -> bool {
    let u = c as u32;
    // Latin letters, punctuation and symbols, the bulk of a Vietnamese line, are never marks.
    if u < 0x300 || (0x1E00..=0x1EFF).contains(&u) || (0x2000..=0x20CF).contains(&u) || (0x2100..=0x2BFF).contains(&u) {
        return false;
    }
    (0x300..=0x36F).contains(&u) || canonical_combining_class(c) != 0
}

/// Lower case of the Vietnamese letters without a table search (`None`: ask `to_lowercase`).
pub(crate) fn fast_lower(c: char) -> Option<char> {
    let u = c as u32;
    let pair = |u: u32| char::from_u32(u | 1);
    match u {
        // à..ÿ (and ÷): already lower case.
        0xDF..=0xFF => Some(c),
        // À..Þ except ×.
        0xC0..=0xDE if u != 0xD7 => char::from_u32(u + 0x20),
        // Ā..į, Ő..ŷ, Ơ/ơ, Ư/ư: an upper-case letter is even, its lower case follows it.
        0x100..=0x12F | 0x150..=0x177 | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 => {
            if u == 0x1AF || u == 0x1B0 {
                Some(if u == 0x1AF { '\u{1B0}' } else { c })
            } else {
                pair(u)
            }
        }
        // Ạ..ỿ (Vietnamese letters with two marks): the same even/odd pairing.
        0x1EA0..=0x1EFF => pair(u),
        _ => None,
    }
}

impl LineFold {
    pub(crate) fn new(line: &str) -> LineFold {
        if line.is_ascii() {
            let text = line.to_ascii_lowercase();
            let mut map: Vec<u32> = (0..line.len() as u32).collect();
            map.push(line.len() as u32);
            return LineFold::Fast { text, map };
        }
        if is_nfc_quick(line.chars()) != IsNormalized::Yes {
            return LineFold::Slow(fold(line, FoldMode::Lower));
        }
        // Already NFC: every cluster (a char and the combining marks after it) is unchanged by
        // NFC, so folding is lower-casing; each output byte maps to its cluster's start.
        let mut text = String::with_capacity(line.len());
        let mut map: Vec<u32> = Vec::with_capacity(line.len() + 1);
        let mut cluster_start = 0u32;
        for (i, c) in line.char_indices() {
            if c.is_ascii() {
                cluster_start = i as u32;
                text.push(c.to_ascii_lowercase());
                map.push(cluster_start);
                continue;
            }
            if i == 0 || !is_mark(c) {
                cluster_start = i as u32;
            }
            let before = text.len();
            match fast_lower(c) {
                Some(l) => text.push(l),
                None => text.extend(c.to_lowercase()),
            }
            for _ in before..text.len() {
                map.push(cluster_start);
            }
        }
        map.push(line.len() as u32);
        LineFold::Fast { text, map }
    }

    pub(crate) fn text(&self) -> &str {
        match self {
            LineFold::Fast { text, .. } => text,
            LineFold::Slow(f) => &f.text,
        }
    }

    /// Original byte offset of a folded byte offset (clamped to the end).
    pub(crate) fn to_original(&self, folded: usize) -> usize {
        match self {
            LineFold::Fast { map, .. } => map[folded.min(map.len() - 1)] as usize,
            LineFold::Slow(f) => f.to_original(folded),
        }
    }

    /// Original byte range of a folded byte range (same rule as `Folded::range_to_original`).
    pub(crate) fn range_to_original(&self, r: Range<usize>) -> Range<usize> {
        match self {
            LineFold::Fast { map, .. } => {
                let last = map.len() - 1;
                let start = map[r.start.min(last)] as usize;
                let end = if r.end == 0 {
                    0
                } else {
                    let fe = r.end.min(last);
                    let prev = map[fe.saturating_sub(1)];
                    let mut i = fe;
                    while i < last && map[i] == prev {
                        i += 1;
                    }
                    map[i] as usize
                };
                start..end.max(start)
            }
            LineFold::Slow(f) => f.range_to_original(r),
        }
    }
}
