//! The document model: the text in a rope, and one lexed [`LineInfo`] per line.
//!
//! An edit replaces a byte range of the rope and relexes only the lines it can have changed
//! (the touched lines and one on each side, which covers lines merged or split through a CR/LF
//! pair). Everything else is derived from the lines on demand by [`crate::analysis`].

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use ropey::{Rope, RopeSlice};

use crate::syntax::line::{lex_line, lex_line_with, LineInfo};

#[derive(Debug, Clone)]
pub struct Document {
    rope: Rope,
    lines: Vec<Arc<LineInfo>>,
    /// One [`LineFlags`] byte per line, beside `lines`: the whole-document passes read these
    /// dense bytes to skip the lines that hold nothing they look for (reading a lexed line is
    /// a cache miss on a long file; most lines hold no figure).
    flags: Vec<u8>,
    /// What was read of each paragraph at the last analysis (shared by the document's
    /// snapshots; keyed by the lines' identity, so never stale).
    reading_cache: Arc<crate::reading::Cache>,
    /// What the checks computed of the text at the last analyses ([`crate::memo::Memo`]).
    memo: Arc<crate::memo::Memo>,
}

/// The bits of a line's [`Document::flags`] byte.
pub struct LineFlags;

impl LineFlags {
    /// The line holds a quantity.
    pub const QUANTITIES: u8 = 1;
    /// The line states a statement.
    pub const STATEMENTS: u8 = 2;
    /// The line mentions the level of a standard (or another [`crate::figures::extract::Mention`]).
    pub const MENTIONS: u8 = 4;
    /// The line holds a `<!-- baocao-ls … -->` comment.
    pub const DIRECTIVES: u8 = 8;
    /// The line opens a list ([`LineInfo::list_intro`]).
    pub const LIST_INTRO: u8 = 16;

    /// The flags of a lexed line.
    pub fn of(li: &LineInfo) -> u8 {
        let mut f = 0;
        if !li.quantities.is_empty() {
            f |= LineFlags::QUANTITIES;
        }
        if !li.statements.is_empty() {
            f |= LineFlags::STATEMENTS;
        }
        if !li.mentions.is_empty() {
            f |= LineFlags::MENTIONS;
        }
        if !li.directives.is_empty() {
            f |= LineFlags::DIRECTIVES;
        }
        if li.list_intro {
            f |= LineFlags::LIST_INTRO;
        }
        f
    }
}

fn flags_of(lines: &[Arc<LineInfo>]) -> Vec<u8> {
    lines.iter().map(|li| LineFlags::of(li)).collect()
}

/// Why an edit was refused. The document is left unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The range is reversed or ends past the end of the text.
    OutOfBounds { start: usize, end: usize, len: usize },
    /// An end of the range falls inside a multi-byte character.
    NotCharBoundary { offset: usize },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::OutOfBounds { start, end, len } => {
                write!(f, "edit range {start}..{end} is outside the document (length {len})")
            }
            EditError::NotCharBoundary { offset } => {
                write!(f, "edit offset {offset} falls inside a multi-byte character")
            }
        }
    }
}

impl std::error::Error for EditError {}

/// The content of line `i` of `rope`, without its line break.
pub fn line_text(rope: &Rope, i: usize) -> Cow<'_, str> {
    slice_text(rope.line(i))
}

/// The text of a line's slice without its line break.
fn slice_text(slice: RopeSlice<'_>) -> Cow<'_, str> {
    let cow: Cow<str> = slice.into();
    match cow {
        Cow::Borrowed(s) => Cow::Borrowed(strip_break(s)),
        Cow::Owned(mut s) => {
            let keep = strip_break(&s).len();
            s.truncate(keep);
            Cow::Owned(s)
        }
    }
}

/// Lex every line; a large text is split between the cores (lines are independent), in chunks
/// of 512 lines handed out in turn ([`crate::par::map`]).
/// Their [`LineFlags`] come with them (made while each line is at hand).
fn lex_all(rope: &Rope) -> (Vec<Arc<LineInfo>>, Vec<u8>) {
    const CHUNK_LINES: usize = 512;
    let n = rope.len_lines();
    let threads = if rope.len_bytes() < (256 << 10) { 1 } else { crate::par::cores() };
    let chunks = crate::par::map(n.div_ceil(CHUNK_LINES), threads, |c| {
        let lines = lex_lines(rope, c * CHUNK_LINES..((c + 1) * CHUNK_LINES).min(n));
        let flags = flags_of(&lines);
        (lines, flags)
    });
    let mut out = Vec::with_capacity(n);
    let mut flags = Vec::with_capacity(n);
    for (chunk, f) in chunks {
        out.extend(chunk);
        flags.extend(f);
    }
    (out, flags)
}

/// Lex lines `range` of `rope` (one walk down the rope's tree for all of them).
fn lex_lines(rope: &Rope, range: std::ops::Range<usize>) -> Vec<Arc<LineInfo>> {
    // Each line with the one after it (a number's unit may open the next line).
    let mut it = rope.lines_at(range.start).take(range.len() + 1).peekable();
    let mut out = Vec::with_capacity(range.len());
    for _ in 0..range.len() {
        let Some(slice) = it.next() else { break };
        out.push(lex_slice(slice, it.peek().copied()));
    }
    out
}

/// How the next line starts, when the line ends with a digit (see
/// [`crate::syntax::line::lex_line_with`]).
fn next_head(text: &str, next: Option<RopeSlice<'_>>) -> Option<String> {
    if !text.trim_end().ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let n = next?;
    let c = n.len_chars().min(40);
    Some(String::from(n.slice(..c)))
}

/// Lex one line's slice, recording the length of its line break. Empty lines (a third of a
/// report) share one lexed line per kind of break instead of one allocation each.
fn lex_slice(slice: RopeSlice<'_>, next: Option<RopeSlice<'_>>) -> Arc<LineInfo> {
    static EMPTY: std::sync::LazyLock<[Arc<LineInfo>; 3]> = std::sync::LazyLock::new(|| {
        [0u8, 1, 2].map(|brk| {
            let mut li = lex_line("");
            li.brk = brk;
            Arc::new(li)
        })
    });
    let total = slice.len_bytes();
    let text = slice_text(slice);
    if text.is_empty() && total <= 2 {
        return EMPTY[total].clone();
    }
    let mut li = lex_line_with(&text, next_head(&text, next).as_deref());
    li.brk = (total - text.len()) as u8;
    Arc::new(li)
}

fn strip_break(s: &str) -> &str {
    s.strip_suffix("\r\n").or_else(|| s.strip_suffix('\n')).or_else(|| s.strip_suffix('\r')).unwrap_or(s)
}

impl Document {
    pub fn new(text: &str) -> Self {
        let rope = Rope::from_str(text);
        let (lines, flags) = lex_all(&rope);
        Document { rope, lines, flags, reading_cache: Arc::default(), memo: Arc::default() }
    }

    /// Like [`Document::new`], taking the text by value so that it is freed as soon as the rope
    /// holds it, before the lines are lexed (a lower memory peak when a large file is opened).
    pub fn from_string(text: String) -> Self {
        let rope = Rope::from_str(&text);
        drop(text);
        let (lines, flags) = lex_all(&rope);
        Document { rope, lines, flags, reading_cache: Arc::default(), memo: Arc::default() }
    }

    /// The cache of the paragraphs' readings ([`crate::reading::Cache`]).
    pub fn reading_cache(&self) -> &crate::reading::Cache {
        &self.reading_cache
    }

    /// The memo of results computed from the text ([`crate::memo::Memo`]).
    pub fn memo(&self) -> &Arc<crate::memo::Memo> {
        &self.memo
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn lines(&self) -> &[Arc<LineInfo>] {
        &self.lines
    }

    /// The [`LineFlags`] of every line.
    pub fn flags(&self) -> &[u8] {
        &self.flags
    }

    pub fn len(&self) -> usize {
        self.rope.len_bytes()
    }

    pub fn is_empty(&self) -> bool {
        self.rope.len_bytes() == 0
    }

    /// The whole text (allocates).
    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// True when `offset` is a char boundary inside (or at the end of) the text.
    pub fn is_char_boundary(&self, offset: usize) -> bool {
        offset <= self.rope.len_bytes() && self.rope.char_to_byte(self.rope.byte_to_char(offset)) == offset
    }

    /// Replace the bytes in `range` with `new_text`, relexing only the lines it touches.
    pub fn edit(&mut self, range: Range<usize>, new_text: &str) -> Result<(), EditError> {
        let len = self.rope.len_bytes();
        if range.start > range.end || range.end > len {
            return Err(EditError::OutOfBounds { start: range.start, end: range.end, len });
        }
        for offset in [range.start, range.end] {
            if !self.is_char_boundary(offset) {
                return Err(EditError::NotCharBoundary { offset });
            }
        }
        let old_n = self.rope.len_lines();
        let l0 = self.rope.byte_to_line(range.start);
        let l1 = self.rope.byte_to_line(range.end);
        let a = l0.saturating_sub(1);
        let b = (l1 + 1).min(old_n - 1);

        let c0 = self.rope.byte_to_char(range.start);
        let c1 = self.rope.byte_to_char(range.end);
        self.rope.remove(c0..c1);
        self.rope.insert(c0, new_text);

        let new_n = self.rope.len_lines();
        let new_b = b + new_n - old_n;
        let fresh: Vec<Arc<LineInfo>> =
            lex_lines(&self.rope, a..new_b + 1);
        self.flags.splice(a..=b, flags_of(&fresh));
        self.lines.splice(a..=b, fresh);
        debug_assert_eq!(self.lines.len(), new_n);
        debug_assert_eq!(self.flags.len(), new_n);
        Ok(())
    }

    /// Byte offset of the start of every line (prefix sums of the lines' lengths).
    pub fn line_starts(&self) -> Vec<usize> {
        let mut starts = Vec::with_capacity(self.lines.len());
        let mut pos = 0;
        for li in &self.lines {
            starts.push(pos);
            pos += li.len as usize + li.brk as usize;
        }
        starts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_lexed_line_per_line_of_the_rope_whatever_the_breaks() {
        let long = "Thu ngân sách 3.368 triệu đồng, đạt 98,3% kế hoạch.\r\n".repeat(3000);
        for text in ["", "a", "a\n", "a\r", "a\r\n", "\n\n", "\r\r\n\r", "x\ny\rz\r\n", long.as_str()] {
            let doc = Document::new(text);
            let rope = Rope::from_str(text);
            assert_eq!(doc.lines().len(), rope.len_lines(), "{text:.20?}");
            for (i, li) in doc.lines().iter().enumerate() {
                let slice = rope.line(i);
                assert_eq!(li.len as usize + li.brk as usize, slice.len_bytes(), "line {i} of {text:.20?}");
                let next = (i + 1 < rope.len_lines()).then(|| rope.line(i + 1));
                let mut expected = lex_line_with(&line_text(&rope, i), next_head(&line_text(&rope, i), next).as_deref());
                expected.brk = li.brk;
                assert_eq!(**li, expected, "line {i} of {text:.20?}");
            }
        }
    }

    #[test]
    fn lines_follow_edits() {
        let mut d = Document::new("1. Kinh tế\r\nThu 5 tỷ\rChi 3 tỷ\n");
        assert_eq!(d.lines().len(), 4);
        d.edit(0..0, "Phần thứ nhất\n").unwrap();
        assert_eq!(d.lines().len(), 5);
        assert_eq!(d.lines(), Document::new(&d.text()).lines());
        // Join "\r" and "\n" into one CRLF break: two lines become one.
        let cr = d.text().find('\r').unwrap();
        let cr2 = d.text()[cr + 2..].find('\r').unwrap() + cr + 2;
        d.edit(cr2 + 1..cr2 + 1, "\n").unwrap();
        assert_eq!(d.lines(), Document::new(&d.text()).lines());
        assert_eq!(d.flags(), Document::new(&d.text()).flags());
        d.edit(0..0, "Thu 5 tỷ đồng\n").unwrap();
        assert_eq!(d.flags(), Document::new(&d.text()).flags());
        assert_eq!(d.flags().len(), d.lines().len());
    }

    #[allow(clippy::reversed_empty_ranges)] // reversed ranges on purpose
    #[test]
    fn refuses_bad_ranges() {
        let mut d = Document::new("Tỷ lệ");
        assert!(matches!(d.edit(1..2, ""), Err(EditError::NotCharBoundary { offset: 2 })));
        assert!(matches!(d.edit(3..1, ""), Err(EditError::OutOfBounds { .. })));
        assert!(matches!(d.edit(0..100, ""), Err(EditError::OutOfBounds { .. })));
        assert_eq!(d.text(), "Tỷ lệ");
    }

    #[test]
    fn line_starts_match_the_rope() {
        let d = Document::new("a\r\nbb\rccc\n\nd");
        assert_eq!(d.line_starts(), vec![0, 3, 6, 10, 11]);
        let starts: Vec<usize> = (0..d.rope().len_lines()).map(|i| d.rope().line_to_byte(i)).collect();
        assert_eq!(d.line_starts(), starts);
    }
}
