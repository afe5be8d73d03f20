//! The one place where byte offsets meet LSP positions, in the negotiated encoding.
//!
//! Lines are counted as LSP counts them: CR, LF and CRLF each end a line (ropey's `cr_lines`).
//! A column past the end of its line is clamped to the line end (LSP 3.17 says so); a line past
//! the end of the text, or a column inside a character (the middle of a UTF-8 sequence or of a
//! UTF-16 surrogate pair), is an error — the caller answers with an error or an empty result.
//! Every conversion is O(log n) on the rope: a 5 MB single-line document costs no more.

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind};

/// The position encoding agreed with the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// Pick UTF-8 when the client offers it, UTF-16 (the mandatory default) otherwise.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PositionError {
    /// The line does not exist.
    LinePastEnd { line: u32, lines: usize },
    /// The column points inside a character.
    InsideCharacter { line: u32, character: u32 },
}

impl std::fmt::Display for PositionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PositionError::LinePastEnd { line, lines } => {
                write!(f, "line {line} is past the end of the document ({lines} lines)")
            }
            PositionError::InsideCharacter { line, character } => {
                write!(f, "position {line}:{character} falls inside a character")
            }
        }
    }
}

impl std::error::Error for PositionError {}

/// Byte offsets of the start and the end (before the line break) of line `line`.
fn line_bounds(rope: &Rope, line: usize) -> (usize, usize) {
    let start = rope.line_to_byte(line);
    let next = if line + 1 < rope.len_lines() { rope.line_to_byte(line + 1) } else { rope.len_bytes() };
    // Strip the break: CRLF, LF or CR.
    let mut end = next;
    if end > start && rope.byte(end - 1) == b'\n' {
        end -= 1;
        if end > start && rope.byte(end - 1) == b'\r' {
            end -= 1;
        }
    } else if end > start && rope.byte(end - 1) == b'\r' {
        end -= 1;
    }
    (start, end)
}

/// The byte offset of an LSP position.
pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> Result<usize, PositionError> {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return Err(PositionError::LinePastEnd { line: pos.line, lines: rope.len_lines() });
    }
    let (start, end) = line_bounds(rope, line);
    match enc {
        Encoding::Utf8 => {
            let off = (start + pos.character as usize).min(end);
            if rope.char_to_byte(rope.byte_to_char(off)) != off {
                return Err(PositionError::InsideCharacter { line: pos.line, character: pos.character });
            }
            Ok(off)
        }
        Encoding::Utf16 => {
            let start_char = rope.byte_to_char(start);
            let end_char = rope.byte_to_char(end);
            let start_cu = rope.char_to_utf16_cu(start_char);
            let end_cu = rope.char_to_utf16_cu(end_char);
            let cu = (start_cu + pos.character as usize).min(end_cu);
            let ch = rope.utf16_cu_to_char(cu);
            if rope.char_to_utf16_cu(ch) != cu {
                return Err(PositionError::InsideCharacter { line: pos.line, character: pos.character });
            }
            Ok(rope.char_to_byte(ch))
        }
    }
}

/// The LSP position of a byte offset (clamped to the text; rounded down to a char boundary).
pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    within_chunk(rope, offset, enc).unwrap_or_else(|| position_by_tree(rope, offset, enc))
}

/// [`position`] from the one chunk of the rope that holds `offset`, when its line starts in that
/// chunk (one walk down the tree instead of three): the chunk's first line is known, the line
/// breaks before the offset are counted in the chunk (CR, LF and CRLF, as the rope counts them).
/// `None` when the line starts in an earlier chunk, or the offset is between a CR and its LF.
fn within_chunk(rope: &Rope, offset: usize, enc: Encoding) -> Option<Position> {
    let (chunk, chunk_start, _, chunk_line) = rope.chunk_at_byte(offset);
    let mut rel = offset - chunk_start;
    while !chunk.is_char_boundary(rel) {
        rel -= 1;
    }
    let b = chunk.as_bytes();
    if rel > 0 && b[rel - 1] == b'\r' && b.get(rel) == Some(&b'\n') {
        return None;
    }
    let prefix = &b[..rel];
    let last_break = memchr::memrchr2(b'\n', b'\r', prefix)?;
    let lf = memchr::memchr_iter(b'\n', prefix).count();
    // A CR is a line break of its own unless an LF follows it (a chunk never splits a CRLF).
    let lone_cr = memchr::memchr_iter(b'\r', prefix).filter(|&i| b.get(i + 1) != Some(&b'\n')).count();
    let text = &chunk[last_break + 1..rel];
    let character = match enc {
        Encoding::Utf8 => text.len(),
        Encoding::Utf16 => utf16_len(text),
    };
    Some(Position { line: (chunk_line + lf + lone_cr) as u32, character: character as u32 })
}

/// [`position`] through the rope's tree: the line, its start, then the text between.
fn position_by_tree(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let line = rope.byte_to_line(offset);
    let start = rope.line_to_byte(line);
    // Most positions are at or near a line's start: when the line's start and the offset lie
    // in the same chunk of the rope, count on that chunk's text; otherwise through the tree.
    let (chunk, chunk_start, _, _) = rope.chunk_at_byte(start);
    let character = if offset - chunk_start <= chunk.len() {
        let mut end = offset - chunk_start;
        while !chunk.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = &chunk[(start - chunk_start).min(end)..end];
        match enc {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => utf16_len(prefix),
        }
    } else {
        let ch = rope.byte_to_char(offset);
        match enc {
            Encoding::Utf8 => rope.char_to_byte(ch) - start,
            Encoding::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(rope.byte_to_char(start)),
        }
    };
    Position { line: line as u32, character: character as u32 }
}

/// The UTF-16 length of `s`, counted on bytes (one unit per character, two for a character of
/// four bytes): a loop the compiler vectorises, unlike decoding every character.
fn utf16_len(s: &str) -> usize {
    s.bytes().map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum()
}

pub fn range(rope: &Rope, r: Range<usize>, enc: Encoding) -> tower_lsp_server::ls_types::Range {
    tower_lsp_server::ls_types::Range { start: position(rope, r.start, enc), end: position(rope, r.end, enc) }
}

pub fn offsets(rope: &Rope, r: tower_lsp_server::ls_types::Range, enc: Encoding) -> Result<Range<usize>, PositionError> {
    let s = offset(rope, r.start, enc)?;
    let e = offset(rope, r.end, enc)?;
    Ok(s..e)
}

/// A range for a request that only narrows what is returned (inlay hints): positions past the
/// end are clamped to the end, a position inside a character moves to that character's start.
pub fn offsets_lenient(rope: &Rope, r: tower_lsp_server::ls_types::Range, enc: Encoding) -> Range<usize> {
    let one = |pos: Position| -> usize {
        let mut p = pos;
        loop {
            match offset(rope, p, enc) {
                Ok(o) => return o,
                Err(PositionError::LinePastEnd { .. }) => return rope.len_bytes(),
                Err(PositionError::InsideCharacter { .. }) if p.character > 0 => p.character -= 1,
                Err(PositionError::InsideCharacter { .. }) => return rope.line_to_byte(p.line as usize),
            }
        }
    };
    let (s, e) = (one(r.start), one(r.end));
    s.min(e)..e.max(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, failure_persistence: None, ..Default::default() })]

        /// Positions counted in one chunk agree with the tree's, at every offset of texts of
        /// many chunks with every kind of line break and characters of 1 to 4 bytes.
        #[test]
        fn positions_in_a_chunk_agree_with_the_tree(pieces in proptest::collection::vec(proptest::sample::select(vec!["a", "ệ", "e\u{301}", "𝟙", "\n", "\r\n", "\r", " ", "Thu nhập bình quân ", "\r\r\n"]), 0..1500)) {
            let text: String = pieces.concat();
            let rope = Rope::from_str(&text);
            for off in 0..=text.len() {
                for enc in [Encoding::Utf8, Encoding::Utf16] {
                    if let Some(p) = within_chunk(&rope, off, enc) {
                        proptest::prop_assert_eq!(p, position_by_tree(&rope, off, enc), "offset {} of {:?}", off, text);
                    }
                }
            }
        }
    }

    #[test]
    fn utf16_length_counted_on_bytes() {
        for s in ["", "abc", "Thu nhập bình quân", "Thu nha\u{302}\u{323}p", "𝐀 ⁽¹⁾ 😀x", "\r\n\u{feff}"] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s:?}");
        }
    }

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn vietnamese_utf16_and_utf8() {
        // "Tỷ lệ" : T(1 byte) ỷ(3 bytes, 1 cu) ' ' l ệ(3 bytes)
        let rope = Rope::from_str("Tỷ lệ\r\nhộ nghèo\n");
        assert_eq!(offset(&rope, pos(0, 2), Encoding::Utf16), Ok(4));
        assert_eq!(offset(&rope, pos(0, 4), Encoding::Utf8), Ok(4));
        assert!(offset(&rope, pos(0, 2), Encoding::Utf8).is_err());
        assert_eq!(position(&rope, 4, Encoding::Utf16), pos(0, 2));
        assert_eq!(position(&rope, 4, Encoding::Utf8), pos(0, 4));
        // Line 1 starts after CRLF.
        assert_eq!(offset(&rope, pos(1, 0), Encoding::Utf16), Ok(11));
        // Past the end of a line: clamped before the line break.
        assert_eq!(offset(&rope, pos(0, 99), Encoding::Utf16), Ok(9));
        // The empty last line exists; the one after does not.
        assert_eq!(offset(&rope, pos(2, 0), Encoding::Utf16), Ok(rope.len_bytes()));
        assert!(offset(&rope, pos(3, 0), Encoding::Utf16).is_err());
    }

    #[test]
    fn combining_accents_and_surrogates() {
        // "e\u{301}" is two chars, two UTF-16 units; "𝟙" is one char, two units (a pair).
        let rope = Rope::from_str("e\u{301}x𝟙y");
        assert_eq!(offset(&rope, pos(0, 2), Encoding::Utf16), Ok(3));
        assert_eq!(offset(&rope, pos(0, 3), Encoding::Utf16), Ok(4));
        assert!(offset(&rope, pos(0, 4), Encoding::Utf16).is_err(), "inside the surrogate pair");
        assert_eq!(offset(&rope, pos(0, 5), Encoding::Utf16), Ok(8));
        assert_eq!(position(&rope, 8, Encoding::Utf16), pos(0, 5));
    }

    #[test]
    fn lenient_ranges_clamp() {
        let rope = Rope::from_str("Tỷ lệ\nhộ\n");
        let r = |a: (u32, u32), b: (u32, u32)| offsets_lenient(&rope, tower_lsp_server::ls_types::Range { start: pos(a.0, a.1), end: pos(b.0, b.1) }, Encoding::Utf8);
        assert_eq!(r((0, 0), (99, 0)), 0..rope.len_bytes());
        assert_eq!(r((0, 2), (1, 1)), 1..11);
        assert_eq!(r((1, 0), (0, 0)), 0..10);
    }

    #[test]
    fn lone_cr_ends_a_line() {
        let rope = Rope::from_str("a\rb\r\nc");
        assert_eq!(offset(&rope, pos(1, 0), Encoding::Utf16), Ok(2));
        assert_eq!(offset(&rope, pos(2, 0), Encoding::Utf16), Ok(5));
        assert_eq!(position(&rope, 5, Encoding::Utf16), pos(2, 0));
        assert_eq!(offset(&rope, pos(1, 5), Encoding::Utf16), Ok(3));
    }

    #[test]
    fn round_trip_every_boundary() {
        let text = "Phần thứ nhất\r\n1. Thu 3.368 triệu đồng⁽¹⁾ 𝟙\rx\n\u{feff}e\u{301}\n";
        let rope = Rope::from_str(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for (i, _) in text.char_indices() {
                // Positions of line breaks map to the line end; others round-trip exactly.
                let p = position(&rope, i, enc);
                let back = offset(&rope, p, enc).unwrap();
                if !matches!(text.as_bytes()[i], b'\r' | b'\n') {
                    assert_eq!(back, i, "{enc:?} {i}");
                }
            }
        }
    }

    /// `position` at every byte offset (inside characters too) against a naive count, on short
    /// lines (counted character by character) and long ones (through the rope's tree).
    #[test]
    fn position_matches_a_naive_count_at_every_offset() {
        let long = "Tỷ lệ hộ nghèo 𝟙 e\u{301} ".repeat(40);
        let text = format!("Phần thứ nhất\r\n{long}\rx\n\u{feff}e\u{301}𝟙\n{long}\r\n");
        let rope = Rope::from_str(&text);
        let naive = |offset: usize, enc: Encoding| -> Position {
            let before = &text.as_bytes()[..offset];
            // Lines end after LF, after CRLF, or after a CR not followed by LF.
            let mut line = 0;
            let mut start = 0;
            for (i, &b) in before.iter().enumerate() {
                if b == b'\n' || (b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n')) {
                    line += 1;
                    start = i + 1;
                }
            }
            let mut end = offset;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let prefix = &text[start.min(end)..end];
            let character = match enc {
                Encoding::Utf8 => prefix.len(),
                Encoding::Utf16 => prefix.encode_utf16().count(),
            };
            pos(line, character as u32)
        };
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for i in 0..=text.len() {
                assert_eq!(position(&rope, i, enc), naive(i, enc), "{enc:?} at {i}");
            }
        }
    }
}
