//! The reading unit: sentences and paragraphs, not lines.
//!
//! Typed reports put a paragraph on one line, but text copied out of a PDF is hard-wrapped in
//! the middle of a sentence (`… đạt 12.480 người, tăng` / `650 người (tăng 5,5%)`). Lines are
//! joined into paragraphs when a line does not end a sentence and the next one goes on with it;
//! paragraphs are split into sentences at `.`, `!` and `?` (the rule of
//! [`crate::figures::clause::ends_sentence`]).
//!
//! A sentence is kept as the figures the number lexer found in it and the words between them,
//! folded to NFC lower case, with line breaks read as one space (the *gaps*). The readers match
//! words in the gaps and take figures by their [`FigId`], so every range they report points at
//! the original text.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::figures::clause::sentence_ends;
use crate::figures::extract::Q;
use crate::figures::model::FigId;
use crate::syntax::line::{LineInfo, LineKind};
use crate::text::fold::fold_lower;

/// The words between two figures of a sentence (or before the first, after the last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// Folded to NFC lower case; a line break inside the sentence reads as one space.
    pub text: String,
    /// Absolute byte range in the document.
    pub range: Range<usize>,
}

/// A sentence: its figures in order and the gaps around them (`gaps.len() == figs.len() + 1`
/// when it has figures; sentences without figures keep no gaps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index of its paragraph.
    pub para: u32,
    /// First and last line.
    pub first_line: u32,
    pub last_line: u32,
    /// Absolute byte range (trimmed).
    pub range: Range<usize>,
    pub figs: Vec<FigId>,
    pub gaps: Vec<Gap>,
}

impl Sentence {
    /// The words right before figure `i` (folded).
    pub fn before(&self, i: usize) -> &str {
        self.gaps.get(i).map(|g| g.text.as_str()).unwrap_or("")
    }

    /// The words right after figure `i` (folded).
    pub fn after(&self, i: usize) -> &str {
        self.gaps.get(i + 1).map(|g| g.text.as_str()).unwrap_or("")
    }

    /// Position of a figure in the sentence.
    pub fn index_of(&self, f: FigId) -> Option<usize> {
        self.figs.iter().position(|&g| g == f)
    }

    /// The folded words from the start of the sentence up to figure `i` (figures in between
    /// written as `#`).
    pub fn head_to(&self, i: usize) -> String {
        let mut s = String::new();
        for k in 0..=i.min(self.gaps.len().saturating_sub(1)) {
            if k > 0 {
                s.push('#');
            }
            s.push_str(&self.gaps[k].text);
        }
        s
    }
}

/// The sentences of a document, in order, and where each line's sentences start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Passages {
    pub sentences: Vec<Sentence>,
    /// For each line, the index of the first sentence that ends on it or after it (the
    /// sentences touching line `l` are `line_first[l]..` while `first_line <= l`).
    pub line_first: Vec<u32>,
    /// For each paragraph, its first line.
    pub para_line: Vec<u32>,
}

impl Passages {
    /// The sentence holding a figure.
    pub fn sentence_of(&self, f: FigId) -> Option<usize> {
        let start = *self.line_first.get(f.line as usize)? as usize;
        (start..self.sentences.len())
            .take_while(|&k| self.sentences[k].first_line <= f.line)
            .find(|&k| self.sentences[k].figs.contains(&f))
    }

    /// The sentences touching `line`.
    pub fn on_line(&self, line: usize) -> Range<usize> {
        let Some(&start) = self.line_first.get(line) else { return 0..0 };
        let start = start as usize;
        let mut end = start;
        while end < self.sentences.len() && self.sentences[end].first_line as usize <= line {
            end += 1;
        }
        start..end
    }
}

/// Can line `next` go on with the sentence left open at the end of line `prev`? Both are text;
/// `prev` does not end with a sentence or clause mark, and `next` starts with a small letter, a
/// digit or a bracket (a hard wrap, not a new item), or `prev` ends with a comma.
pub fn continues(prev: &LineInfo, prev_text: &str, next: &LineInfo, next_text: &str) -> bool {
    let prev_ok = matches!(prev.kind, LineKind::Text(_) | LineKind::Bullet { .. } | LineKind::Heading(_));
    let next_ok = matches!(next.kind, LineKind::Text(ref t) if t.special.is_none());
    if !prev_ok || !next_ok {
        return false;
    }
    let p = prev_text.trim_end();
    let n = next_text.trim_start();
    // Tables (pipes, tabs) are never running text.
    if p.starts_with('|') || n.starts_with('|') || p.contains('\t') || n.contains('\t') {
        return false;
    }
    let Some(last) = p.chars().next_back() else { return false };
    if matches!(last, '.' | ';' | ':' | '!' | '?') {
        return false;
    }
    let Some(first) = n.chars().next() else { return false };
    last == ',' || first.is_lowercase() || first.is_ascii_digit() || matches!(first, '(' | '%' | '‰')
}

/// Split the document into paragraphs and sentences.
pub fn build(a: &Analysis) -> Passages {
    let lines = a.lines();
    let n = lines.len();
    let mut out = Passages { line_first: Vec::with_capacity(n), ..Default::default() };
    let mut para: u32 = 0;
    // The sentence being built: start offset, first line, figures.
    let mut open: Option<(usize, u32, Vec<FigId>)> = None;
    let mut prev_text: Option<std::borrow::Cow<str>> = None;
    for line in 0..n {
        let li = &lines[line];
        out.line_first.push(out.sentences.len() as u32);
        if li.kind == LineKind::Blank {
            close(a, &mut out, &mut open, para, line.saturating_sub(1));
            prev_text = None;
            continue;
        }
        let text = a.line_text(line);
        let joined = match (&prev_text, line.checked_sub(1)) {
            (Some(pt), Some(pl)) => continues(&lines[pl], pt, li, &text),
            _ => false,
        };
        if !joined {
            close(a, &mut out, &mut open, para, line.saturating_sub(1));
            para = out.para_line.len() as u32;
            out.para_line.push(line as u32);
        }
        let start = a.line_start(line);
        let lead = text.len() - text.trim_start().len();
        let mut from = lead;
        let mut q = 0usize;
        let qs = &li.quantities;
        // Sentence ends on this line, then the rest of the line stays open.
        let mut cuts = sentence_ends(&text);
        if cuts.last() != Some(&text.len()) {
            cuts.push(usize::MAX);
        }
        for cut in cuts {
            let end = cut.min(text.len());
            let (s0, l0, mut figs) = open.take().unwrap_or((start + from, line as u32, Vec::new()));
            while q < qs.len() && (qs[q].range.start as usize) < end {
                figs.push(FigId { line: line as u32, q: q as Q });
                q += 1;
            }
            open = Some((s0, l0, figs));
            if cut != usize::MAX {
                close_at(a, &mut out, &mut open, para, line, Some(start + end));
            }
            from = end;
        }
        prev_text = Some(text);
    }
    close(a, &mut out, &mut open, para, n.saturating_sub(1));
    out
}

/// Finish the open sentence at the end of line `last`.
fn close(a: &Analysis, out: &mut Passages, open: &mut Option<(usize, u32, Vec<FigId>)>, para: u32, last: usize) {
    close_at(a, out, open, para, last, None)
}

/// Finish the open sentence on line `last`, at `end` or else at the end of the line.
fn close_at(a: &Analysis, out: &mut Passages, open: &mut Option<(usize, u32, Vec<FigId>)>, para: u32, last: usize, end: Option<usize>) {
    let Some((start, first_line, figs)) = open.take() else { return };
    if a.line_count() == 0 {
        return;
    }
    let last = last.min(a.line_count() - 1).max(first_line as usize);
    let end = end.unwrap_or_else(|| a.line_range(last).end).max(start);
    // Trimmed; a sentence of nothing but white space (after the last full stop of a line) is
    // dropped.
    let raw = a.slice(start..end);
    let t = raw.trim_start();
    let (start, end) = (start + raw.len() - t.len(), start + raw.len() - t.len() + t.trim_end().len());
    if figs.is_empty() && start == end {
        return;
    }
    let gaps = if figs.is_empty() { Vec::new() } else { gaps(a, start..end, &figs) };
    out.sentences.push(Sentence { para, first_line, last_line: last as u32, range: start..end, figs, gaps });
}

/// The folded words around the figures of a sentence.
fn gaps(a: &Analysis, range: Range<usize>, figs: &[FigId]) -> Vec<Gap> {
    let mut out = Vec::with_capacity(figs.len() + 1);
    let mut from = range.start;
    for (k, &f) in figs.iter().enumerate() {
        let r = a.fig_range(f);
        let to = r.start.max(from);
        out.push(gap(a, from..to));
        from = r.end.max(from);
        if k + 1 == figs.len() {
            out.push(gap(a, from..range.end.max(from)));
        }
    }
    out
}

fn gap(a: &Analysis, r: Range<usize>) -> Gap {
    let raw = a.slice(r.clone());
    let mut text = fold_lower(&raw);
    if text.contains(['\n', '\r']) {
        // A line break inside a sentence is a space (CRLF or LF, and the indentation after it).
        let mut joined = String::with_capacity(text.len());
        let mut in_break = false;
        for c in text.chars() {
            if c == '\n' || c == '\r' {
                if !in_break {
                    joined.push(' ');
                }
                in_break = true;
            } else if in_break && (c == ' ' || c == '\t') {
            } else {
                in_break = false;
                joined.push(c);
            }
        }
        text = joined;
    }
    Gap { text, range: r }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analysis, Config};

    fn sentences(text: &str) -> Vec<(String, Vec<String>, u32)> {
        let a = Analysis::from_text(text, &Config::default());
        a.reading
            .passages
            .sentences
            .iter()
            .map(|s| (a.slice(s.range.clone()).to_string(), s.gaps.iter().map(|g| g.text.clone()).collect(), s.para))
            .collect()
    }

    #[test]
    fn a_hard_wrapped_sentence_is_one_sentence() {
        let s = sentences("Dân số trung bình đạt 12.480 người, tăng\n650 người (tăng 5,5%) so với năm trước. Mật độ 420 người/km2.\n");
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0].1, vec!["dân số trung bình đạt ", ", tăng ", " (tăng ", ") so với năm trước."]);
        assert_eq!(s[0].2, s[1].2, "one paragraph");
        assert_eq!(s[1].0, "Mật độ 420 người/km2.");
    }

    #[test]
    fn bullets_and_finished_lines_start_new_paragraphs() {
        let s = sentences("Tổng thu 12 tỷ đồng:\n- thu thuế 7 tỷ đồng;\n- thu phí 5 tỷ đồng.\nNăm 2024 đạt 3 tỷ đồng\nTrường học 4 trường\n");
        let paras: Vec<u32> = s.iter().map(|x| x.2).collect();
        assert_eq!(paras, vec![0, 1, 2, 3, 4], "{s:?}");
        // CRLF and NFD text read the same way.
        let s = sentences("Thu 3.368 triệu đồng, đạt\r\n194,89% ke\u{302}\u{301} hoạch.\r\n");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].1[1], ", đạt ");
        assert_eq!(s[0].1[2], " kế hoạch.");
    }
}
