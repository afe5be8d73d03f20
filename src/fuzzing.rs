//! Fuzzing harnesses, shared by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`) and by the
//! smoke test run in CI (`tests/fuzz_smoke.rs`), so the checks are written once.
//!
//! Each function takes arbitrary bytes, never fails on bad input, and panics only when an
//! invariant of the crate is broken (that panic is the finding):
//! - [`lex_line`]: the number lexer, the claim extractor and the line lexer on every line;
//! - [`parse`]: a whole analysis (structure, figures, findings and their fixes);
//! - [`edits`]: LSP-style edits applied to a [`Document`] exactly as the server applies them,
//!   then the incrementally maintained document against a full reparse of its final text;
//! - [`docx`]: the Word reader on a file's bytes, or on XML parts given directly.
//!
//! Not part of the public API.

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range as LspRange};

use crate::analysis::{Analysis, Config};
use crate::checks::{self, Finding};
use crate::document::Document;
use crate::figures::extract::{self, Mention, Statement};
use crate::numbers::{self, Quantity, Reading, Value};
use crate::server::convert::{self, Encoding};
use crate::syntax::line::{self, LineInfo, LineKind};
use crate::syntax::structure::Structure;

// ---------------------------------------------------------------------------------------------
// Shared helpers

/// Split `text` into lines the way the document does: CRLF, LF and a lone CR end a line.
/// The last line (possibly empty) is always returned.
pub fn split_lines(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push(&text[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                out.push(&text[start..i]);
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push(&text[start..]);
    out
}

#[track_caller]
fn check_range(what: &str, text: &str, r: &Range<usize>) {
    assert!(r.start <= r.end && r.end <= text.len(), "{what}: range {r:?} out of bounds (len {}) in {text:?}", text.len());
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what}: range {r:?} not on char boundaries in {text:?}"
    );
}

#[track_caller]
fn check_range32(what: &str, text: &str, r: &Range<u32>) {
    check_range(what, text, &(r.start as usize..r.end as usize));
}

#[track_caller]
fn inside32(what: &str, inner: &Range<u32>, outer: &Range<u32>, text: &str) {
    assert!(outer.start <= inner.start && inner.end <= outer.end, "{what}: {inner:?} not inside {outer:?} in {text:?}");
}

// ---------------------------------------------------------------------------------------------
// One line: the number lexer, the claim extractor, the line lexer

/// Lex every line of `data` (lossy UTF-8) with the number lexer, the claim extractor and the
/// line lexer, and check what they return.
pub fn lex_line(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for l in split_lines(&text) {
        check_line(l);
    }
}

/// The invariants of one line (no line break in it).
pub fn check_line(l: &str) {
    let lexed = numbers::lex_detailed(l);
    check_quantities(l, &lexed.quantities);
    for s in &lexed.skipped {
        check_range32("skipped", l, &s.range);
    }
    let (stmts, mentions) = extract::claims(l, crate::text::fold::fold(l, crate::text::fold::FoldMode::Lower), &lexed.quantities);
    check_statements(l, &lexed.quantities, &stmts);
    check_mentions(l, &mentions);
    let li = line::lex_line(l);
    check_line_info(l, &li);
    // The line lexer runs the same lexer and extractor (on the line with comments blanked out).
    if !l.contains("<!--") {
        assert_eq!(*li.quantities, *lexed.quantities, "lex_line and lex_detailed disagree on {l:?}");
        assert_eq!(*li.statements, *stmts, "lex_line and claims disagree on {l:?}");
        assert_eq!(*li.mentions, *mentions, "lex_line and claims disagree on {l:?}");
    }
}

fn check_quantities(l: &str, qs: &[Quantity]) {
    let mut prev_end = 0u32;
    for q in qs {
        check_range32("quantity", l, &q.range);
        check_range32("quantity number", l, &q.number_range);
        assert!(q.range.start < q.range.end, "empty quantity {:?} in {l:?}", q.range);
        inside32("number_range", &q.number_range, &q.range, l);
        assert!(q.range.start >= prev_end, "quantities overlap or are out of order at {:?} in {l:?}", q.range);
        prev_end = q.range.end;
        assert!(!q.numerals.is_empty(), "a quantity without numerals at {:?} in {l:?}", q.range);
        for n in &q.numerals {
            check_range32("numeral", l, &n.range);
            inside32("numeral", &n.range, &q.number_range, l);
        }
        // What the checks and quick fixes call on every figure must not panic either.
        let _ = q.base_value();
        let _ = q.base_bounds();
        let _ = q.noun();
        let _ = q.value.bounds();
        if let Some(v) = q.value.exact() {
            let _ = numbers::format_like(v, &q.style);
        }
        if q.ambiguity.is_some() {
            for r in [Reading::Thousands, Reading::Decimal] {
                let other = q.with_reading(r);
                assert_eq!(other.range, q.range);
                if let Value::Exact(v) = other.value {
                    let _ = numbers::format_like(v, &other.style);
                }
            }
        }
    }
}

fn check_statements(l: &str, qs: &[Quantity], stmts: &[Statement]) {
    for st in stmts {
        check_range32("statement span", l, &st.span);
        if let Some(n) = &st.name {
            check_range32("statement name", l, n);
        }
        let mut figs: Vec<u32> = Vec::new();
        figs.extend([st.value, st.plan, st.plan_percent, st.count].into_iter().flatten());
        if let Some((a, b)) = st.ratio {
            figs.extend([a, b]);
        }
        if let Some((q, _)) = &st.share {
            figs.push(*q);
        }
        figs.extend(st.changes.iter().map(|c| c.q));
        figs.extend(st.others.iter().copied());
        for q in figs {
            assert!((q as usize) < qs.len(), "statement refers to figure {q} of {} in {l:?}", qs.len());
            inside32("statement figure", &qs[q as usize].range, &st.span, l);
        }
        if let Some(p) = st.parts_from {
            check_range("parts_from", l, &(p as usize..p as usize));
        }
    }
}

fn check_mentions(l: &str, mentions: &[Mention]) {
    for m in mentions {
        match m {
            Mention::Level { range, .. } | Mention::Edition { range, .. } => check_range32("mention", l, range),
        }
    }
}

fn check_line_info(l: &str, li: &LineInfo) {
    assert_eq!(li.len as usize, l.len());
    check_quantities(l, &li.quantities);
    check_statements(l, &li.quantities, &li.statements);
    check_mentions(l, &li.mentions);
    for r in &li.footnote_refs {
        check_range32("footnote ref", l, &r.range);
    }
    for d in &li.directives {
        check_range32("directive", l, &d.range);
    }
    match &li.kind {
        LineKind::Blank => {}
        LineKind::Heading(h) => {
            check_range32("heading number", l, &h.number);
            check_range32("heading span", l, &h.span);
        }
        LineKind::Bullet { text_start } => check_range("bullet text", l, &(*text_start as usize..l.len())),
        LineKind::FootnoteDef { marker, text_start, .. } => {
            check_range32("footnote marker", l, marker);
            check_range("footnote text", l, &(*text_start as usize..l.len()));
        }
        LineKind::Text(t) => check_range32("text content", l, &t.content),
    }
}

// ---------------------------------------------------------------------------------------------
// Word files

/// The Word reader ([`crate::docx`]). When the first byte is odd, the rest is the package's
/// XML parts, separated by `0xFF` bytes (`word/document.xml`, `styles.xml`, `numbering.xml`,
/// `footnotes.xml`, read as lossy UTF-8), so the fuzzer reaches the XML readers without having
/// to write a zip; otherwise the bytes are the file. Either way: an error has a one-line message
/// in both languages; a result's blocks are in order, in bounds, on character boundaries, and
/// each ends a line; a small result is analysed ([`parse`]).
pub fn docx(data: &[u8]) {
    use crate::docx::{self, package::Parts};
    let result = match data.split_first() {
        Some((&mode, rest)) if mode % 2 == 1 => {
            let mut parts = rest.split(|&b| b == 0xFF).map(|p| String::from_utf8_lossy(p).into_owned());
            let document = parts.next().unwrap_or_default();
            let parts = Parts { document, styles: parts.next(), numbering: parts.next(), footnotes: parts.next(), endnotes: None };
            docx::from_parts(&parts)
        }
        _ => docx::convert(data),
    };
    match result {
        Err(e) => {
            for locale in [checks::Locale::Vi, checks::Locale::En] {
                let line = e.to_line(locale);
                assert!(!line.is_empty() && !line.contains(['\n', '\r']), "{e:?}: {line:?}");
            }
        }
        Ok(c) => {
            let mut end = 0;
            for b in &c.blocks {
                check_range("docx block", &c.text, &b.range);
                assert!(b.range.start >= end, "blocks out of order: {:?}", c.blocks);
                assert_eq!(c.text.as_bytes().get(b.range.end), Some(&b'\n'), "a block ends a line");
                assert_eq!(c.source_at(b.range.start), Some(b.source));
                end = b.range.end;
            }
            if c.text.len() <= 64 * 1024 {
                parse(c.text.as_bytes());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A whole document

/// Analyse `data` (lossy UTF-8) as a report and check the analysis, then apply every fix.
pub fn parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let a = Analysis::from_text(&text, &Config::default());
    check_analysis(&text, &a, true);
}

/// The invariants of an analysis of `text`: structure, figures, findings and fixes. With
/// `apply_fixes`, the text with every certain fix applied (`fix_all`) is analysed again.
pub fn check_analysis(text: &str, a: &Analysis, apply_fixes: bool) {
    assert_eq!(a.len(), text.len());
    let n = a.line_count();
    assert_eq!(n, split_lines(text).len(), "line count");
    check_structure(text, n, &a.structure);
    for (i, li) in a.lines().iter().enumerate() {
        let r = a.line_range(i);
        check_range("line", text, &r);
        assert_eq!(li.len as usize, r.len());
    }
    for id in &a.figures.stmts {
        assert!((id.line as usize) < n && (id.i as usize) < a.lines()[id.line as usize].statements.len(), "bad {id:?}");
    }
    assert_eq!(a.figures.stmts.len(), a.figures.ctx.len());
    for c in &a.figures.ctx {
        assert!(c.section.is_none_or(|s| s < a.structure.sections.len()));
    }
    for p in &a.figures.parts_lists {
        for f in std::iter::once(&p.total).chain(p.parts.iter()) {
            assert!((f.line as usize) < n && (f.q as usize) < a.lines()[f.line as usize].quantities.len(), "bad {f:?}");
        }
    }
    for stmts in a.figures.by_key.values() {
        assert!(stmts.iter().all(|&s| s < a.figures.stmts.len()));
    }
    check_tables(text, a);
    for w in a.findings.windows(2) {
        assert!((w[0].range.start, w[0].range.end) <= (w[1].range.start, w[1].range.end), "findings not sorted");
    }
    for f in &a.findings {
        check_finding(text, f);
    }
    for fix in a.findings.iter().flat_map(|f| f.fixes.iter()) {
        // In bounds, on boundaries and disjoint (checked above): the result is valid text.
        let _ = apply(text, &fix.edits);
    }
    if let Some(all) = checks::fix_all(&a.findings) {
        check_fix(text, "fix all", &all.edits);
        let fixed = apply(text, &all.edits);
        // Analysing the fixed text again must not panic (small inputs only: it doubles the cost).
        if apply_fixes && text.len() <= 4096 {
            let b = Analysis::from_text(&fixed, &Config::default());
            check_analysis(&fixed, &b, false);
        }
    }
}

/// The tables: sorted, disjoint, in bounds; every cell in its line, every cell figure a figure
/// of its line; the hover and the inlay hints of every table line answer without panicking.
fn check_tables(text: &str, a: &Analysis) {
    let n = a.line_count() as u32;
    let mut end = 0;
    for t in &a.tables.list {
        assert!(t.lines.start >= end && t.lines.start < t.lines.end && t.lines.end <= n, "bad table lines {:?}", t.lines);
        end = t.lines.end;
        for row in &t.rows {
            assert_eq!(row.cells.len(), t.columns.len());
            for c in row.cells.iter().flatten() {
                assert!(t.lines.contains(&c.line), "a cell outside its table");
                let r = a.abs(c.line as usize, c.range.clone());
                check_range("table cell", text, &r);
                assert!(r.end <= a.line_range(c.line as usize).end);
                if let Some(f) = c.fig {
                    assert!(f.line == c.line && (f.q as usize) < a.lines()[f.line as usize].quantities.len(), "bad cell figure {f:?}");
                    let _ = a.quantity(f);
                }
            }
        }
        let lines = a.line_start(t.lines.start as usize)..a.line_range(t.lines.end as usize - 1).end;
        let _ = crate::ide::inlay::inlay_hints(a, lines.clone(), crate::checks::Locale::Vi);
        for o in lines.step_by(3) {
            let _ = crate::ide::hover::hover(a, o, crate::checks::Locale::Vi);
        }
    }
}

fn check_finding(text: &str, f: &Finding) {
    check_range(f.code, text, &f.range);
    assert!(checks::info(f.code).is_some(), "unknown check code {}", f.code);
    for r in &f.related {
        check_range(f.code, text, &r.range);
    }
    for fix in &f.fixes {
        assert!(!fix.edits.is_empty(), "{}: a fix without edits", f.code);
        check_fix(text, f.code, &fix.edits);
    }
}

/// Edits in bounds, on char boundaries and not overlapping (in any order).
fn check_fix(text: &str, what: &str, edits: &[checks::Edit]) {
    let mut rs: Vec<Range<usize>> = edits.iter().map(|e| e.range.clone()).collect();
    for r in &rs {
        check_range(what, text, r);
    }
    rs.sort_by_key(|r| (r.start, r.end));
    for w in rs.windows(2) {
        assert!(w[0].end <= w[1].start, "{what}: overlapping edits {:?} and {:?} in {text:?}", w[0], w[1]);
        // Two insertions at the same place have no defined order.
        assert!(!(w[0].start == w[0].end && w[1].start == w[1].end && w[0].start == w[1].start), "{what}: two insertions at one offset");
    }
}

/// `text` with non-overlapping `edits` applied.
pub fn apply(text: &str, edits: &[checks::Edit]) -> String {
    let mut es: Vec<&checks::Edit> = edits.iter().collect();
    es.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for e in es {
        out.replace_range(e.range.clone(), &e.new_text);
    }
    out
}

fn check_structure(text: &str, n: usize, s: &Structure) {
    assert_eq!(s.line_section.len(), n, "line_section length");
    let secs = &s.sections;
    for (i, sec) in secs.iter().enumerate() {
        check_range("section range", text, &sec.range);
        check_range("section selection", text, &sec.selection);
        assert!(
            sec.range.start <= sec.selection.start && sec.selection.end <= sec.range.end,
            "section {i}: selection {:?} outside range {:?}",
            sec.selection,
            sec.range
        );
        assert!(
            (sec.line as usize) <= sec.heading_end_line as usize
                && sec.heading_end_line <= sec.last_line
                && (sec.last_line as usize) < n,
            "section {i}: lines {}..{}..{} of {n}",
            sec.line,
            sec.heading_end_line,
            sec.last_line
        );
        match sec.parent {
            Some(p) => {
                assert!(p < i, "section {i}: parent {p} after it");
                assert!(secs[p].children.contains(&i), "section {i}: not among its parent's children");
                let pr = &secs[p].range;
                assert!(
                    pr.start <= sec.range.start && sec.range.end <= pr.end,
                    "section {i} {:?} outside its parent {p} {:?}",
                    sec.range,
                    pr
                );
                assert!(secs[p].last_line >= sec.last_line && secs[p].line < sec.line);
            }
            None => assert!(s.roots.contains(&i), "section {i}: no parent and not a root"),
        }
        for &c in &sec.children {
            assert!(c > i && c < secs.len() && secs[c].parent == Some(i), "section {i}: bad child {c}");
        }
        check_siblings(secs, &sec.children);
    }
    for &r in &s.roots {
        assert!(r < secs.len() && secs[r].parent.is_none(), "bad root {r}");
    }
    check_siblings(secs, &s.roots);
    for (line, &sec) in s.line_section.iter().enumerate() {
        if let Some(k) = sec {
            let sec = &secs[k as usize];
            assert!(sec.line as usize <= line && line <= sec.last_line as usize, "line {line} outside its section");
        }
    }
}

/// Siblings in document order, not overlapping.
fn check_siblings(secs: &[crate::syntax::structure::Section], ids: &[usize]) {
    for w in ids.windows(2) {
        let (a, b) = (&secs[w[0]], &secs[w[1]]);
        assert!(w[0] < w[1], "siblings out of order");
        assert!(a.range.end <= b.range.start && a.last_line < b.line, "sibling sections {} and {} overlap", w[0], w[1]);
    }
}

// ---------------------------------------------------------------------------------------------
// LSP edits against a full reparse

/// Pieces the edits insert (chosen by index), besides raw bytes.
const PIECES: &[&str] = &[
    "\n", "\r\n", "\r", "\r\r\n", "\n\r", "e\u{301}", "\u{0}", "😀", "𝟙", "ế", "Ư", "\u{feff}", "\u{200b}", "İ", "ẞ",
    "1. ", "1.1. ", "a) ", "II. ", "B. ", "Phần thứ hai\n", "PHẦN THỨ NHẤT\n", "⁽¹⁾", "¹ Ghi chú\n", "[1]", "- ", "+ ",
    "**", "Nơi nhận:\n", "BÁO CÁO\n", "Số: 1/BC-UBND\n", "TM. ỦY BAN NHÂN DÂN\n", "đạt 98,3%", "kế hoạch 1.728 triệu đồng",
    "121/130 hộ", "trong đó ", "chiếm 74%", "(07 chỉ tiêu)", "đều đạt và vượt kế hoạch", "3.368 triệu đồng", "tăng 5%",
    "<!-- baocao-ls ignore -->", "<!--", "-->", " ", "x", ";", ". ", "", "\t",
];

/// A small cursor over the fuzzer's bytes; reads past the end give zeros.
struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bytes<'_> {
    fn done(&self) -> bool {
        self.pos >= self.data.len()
    }

    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    /// A line or column: small values most of the time, sometimes far past the end.
    fn coord(&mut self) -> u32 {
        match self.byte() {
            0xFF => u32::MAX,
            0xFE => u32::MAX / 2 + 1,
            0xFD => 1 << 16,
            b if b & 0x80 != 0 => (((b & 0x7F) as u32) << 8) | self.byte() as u32,
            b => b as u32,
        }
    }

    fn take(&mut self, n: usize) -> &[u8] {
        let start = self.pos.min(self.data.len());
        let end = (start + n).min(self.data.len());
        self.pos = start + n;
        &self.data[start..end]
    }
}

/// The byte offset of an LSP position, computed naively on a `String`: the model the server's
/// conversion ([`convert::offset`]) is checked against. Past the end of a line clamps to the
/// line end; a line past the end of the text, or a column inside a character (UTF-8) or a
/// surrogate pair (UTF-16), is an error.
pub fn reference_offset(text: &str, pos: Position, enc: Encoding) -> Option<usize> {
    let mut start = 0;
    let lines = split_lines(text);
    let l = lines.get(pos.line as usize)?;
    for prev in &lines[..pos.line as usize] {
        start += prev.len();
        // The break after `prev`.
        let b = text.as_bytes();
        start += if b[start] == b'\r' && b.get(start + 1) == Some(&b'\n') { 2 } else { 1 };
    }
    let want = pos.character as usize;
    let mut units = 0;
    for (i, c) in l.char_indices() {
        if units == want {
            return Some(start + i);
        }
        let w = match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        if want < units + w {
            return None;
        }
        units += w;
    }
    Some(start + l.len())
}

/// Apply the edits `data` describes to a document, as the server does, and check the
/// incrementally maintained state against a full reparse.
///
/// Format: the initial text up to the first `0xFF` byte (lossy UTF-8), then operations, each
/// an op byte and its arguments:
/// - op & 0x07 == 0..=4: a ranged change: start line, start column, end line, end column
///   (each `Bytes::coord`), then the new text; bit 3 picks the encoding (UTF-8 or UTF-16);
///   bit 4 ends the current `didChange` batch after this change; bits 5–7 choose the text: raw
///   (a length byte and that many bytes, lossy UTF-8) or pieces (a count byte and indices).
/// - op & 0x07 == 5: a full replacement (a change without range) with the new text.
/// - op & 0x07 == 6: end the batch; 7: also check against a full reparse now (the first 4).
pub fn edits(data: &[u8]) {
    let split = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let init = String::from_utf8_lossy(&data[..split]).into_owned();
    let mut input = Bytes { data: data.get(split + 1..).unwrap_or(&[]), pos: 0 };

    let mut doc = Document::new(&init);
    let mut shadow = init;
    // The batch being built (a didChange with several content changes) on a copy, applied
    // all-or-nothing like `State::change`.
    let mut batch: Option<(Document, String)> = None;
    let mut ops = 0;
    let mut checks_left = 4;
    while !input.done() && ops < 64 {
        ops += 1;
        let op = input.byte();
        match op & 0x07 {
            0..=4 => {
                let r = LspRange {
                    start: Position { line: input.coord(), character: input.coord() },
                    end: Position { line: input.coord(), character: input.coord() },
                };
                let enc = if op & 0x08 != 0 { Encoding::Utf8 } else { Encoding::Utf16 };
                let new_text = new_text(&mut input, op >> 5);
                let (d, s) = batch.get_or_insert_with(|| (doc.clone(), shadow.clone()));
                if !ranged_change(d, s, r, enc, &new_text) {
                    // A refused change drops the whole notification; the document is unchanged.
                    batch = None;
                    assert_eq!(doc.text(), shadow);
                    continue;
                }
                if op & 0x10 != 0 {
                    commit(&mut batch, &mut doc, &mut shadow);
                }
            }
            5 => {
                let new_text = new_text(&mut input, op >> 5);
                let (d, s) = batch.get_or_insert_with(|| (doc.clone(), shadow.clone()));
                *d = Document::new(&new_text);
                *s = new_text;
            }
            6 => commit(&mut batch, &mut doc, &mut shadow),
            _ => {
                commit(&mut batch, &mut doc, &mut shadow);
                // A full reparse costs more than the edits: a few per input.
                if checks_left > 0 {
                    checks_left -= 1;
                    assert_same_as_reparse(&doc, &shadow, false);
                }
            }
        }
    }
    commit(&mut batch, &mut doc, &mut shadow);
    assert_same_as_reparse(&doc, &shadow, true);
}

fn commit(batch: &mut Option<(Document, String)>, doc: &mut Document, shadow: &mut String) {
    if let Some((d, s)) = batch.take() {
        *doc = d;
        *shadow = s;
    }
}

fn new_text(input: &mut Bytes, mode: u8) -> String {
    if mode < 4 {
        let n = input.byte() as usize;
        String::from_utf8_lossy(input.take(n)).into_owned()
    } else {
        let n = (input.byte() % 8) as usize;
        (0..n).map(|_| PIECES[input.byte() as usize % PIECES.len()]).collect()
    }
}

/// One ranged content change, converted and applied as `State::change` does; `false` when it
/// is refused (then `doc` and `shadow` are unchanged).
fn ranged_change(doc: &mut Document, shadow: &mut String, r: LspRange, enc: Encoding, new_text: &str) -> bool {
    let converted = convert::offsets(doc.rope(), r, enc);
    // The conversion agrees with the naive model.
    let (s_ref, e_ref) = (reference_offset(shadow, r.start, enc), reference_offset(shadow, r.end, enc));
    match &converted {
        Ok(range) => assert_eq!((Some(range.start), Some(range.end)), (s_ref, e_ref), "{r:?} {enc:?} in {shadow:?}"),
        Err(e) => assert!(s_ref.is_none() || e_ref.is_none(), "{r:?} {enc:?} refused ({e}) in {shadow:?}"),
    }
    let Ok(range) = converted else { return false };
    for off in [range.start, range.end] {
        // Offsets from positions round-trip.
        let p = convert::position(doc.rope(), off, enc);
        assert_eq!(convert::offset(doc.rope(), p, enc), Ok(off), "round trip of {off} in {shadow:?}");
    }
    if range.start > range.end {
        // `State::change` refuses a reversed range before editing; `Document::edit` must too.
        let before = doc.len();
        assert!(doc.edit(range.clone(), new_text).is_err(), "a reversed range was accepted");
        assert_eq!(doc.len(), before);
        return false;
    }
    match doc.edit(range.clone(), new_text) {
        Ok(()) => {
            shadow.replace_range(range, new_text);
            true
        }
        Err(e) => panic!("an edit of a converted range {range:?} was refused: {e} in {shadow:?}"),
    }
}

/// The document equals a full reparse of its text (lines, starts, structure and findings).
fn assert_same_as_reparse(doc: &Document, shadow: &str, analyse: bool) {
    let text = doc.text();
    assert_eq!(text, shadow, "the document's text differs from the edits applied to a string");
    let full = Document::new(&text);
    assert_eq!(doc.lines(), full.lines(), "lines differ from a full reparse of {text:?}");
    assert_eq!(doc.line_starts(), full.line_starts());
    assert_rope_ok(doc.rope(), &text);
    if analyse {
        let config = Config::default();
        let (a, b) = (Analysis::new(doc, &config), Analysis::new(&full, &config));
        assert_eq!(a.structure, b.structure, "structure differs from a full reparse of {text:?}");
        assert_eq!(a.findings, b.findings, "findings differ from a full reparse of {text:?}");
        check_analysis(&text, &a, false);
    }
}

fn assert_rope_ok(rope: &Rope, text: &str) {
    assert_eq!(rope.len_bytes(), text.len());
    assert_eq!(rope.len_lines(), split_lines(text).len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_lines_like_the_rope() {
        for t in ["", "a", "a\n", "a\r\nb\rc\n\r", "\r\r\n\n"] {
            assert_eq!(split_lines(t).len(), Rope::from_str(t).len_lines(), "{t:?}");
        }
    }

    #[test]
    fn reference_offsets() {
        let t = "e\u{301}x𝟙y\r\nTỷ";
        let p = |line, character| Position { line, character };
        assert_eq!(reference_offset(t, p(0, 4), Encoding::Utf16), None);
        assert_eq!(reference_offset(t, p(0, 5), Encoding::Utf16), Some(8));
        assert_eq!(reference_offset(t, p(0, 99), Encoding::Utf16), Some(9));
        assert_eq!(reference_offset(t, p(1, 2), Encoding::Utf8), None);
        assert_eq!(reference_offset(t, p(1, 4), Encoding::Utf8), Some(15));
        assert_eq!(reference_offset(t, p(2, 0), Encoding::Utf8), None);
    }
}
