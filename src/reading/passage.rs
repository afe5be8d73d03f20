//! The reading unit: sentences and paragraphs, not lines.
//!
//! Typed reports put a paragraph on one line, but text copied out of a PDF is hard-wrapped in
//! the middle of a sentence (`… đạt 12.480 người, tăng` / `650 người (tăng 5,5%)`). Lines are
//! joined into paragraphs when a line does not end a sentence and the next one goes on with it
//! (the line lexer records how each line begins and ends: [`LineInfo::wrap`]); paragraphs are
//! split into sentences at `.`, `!` and `?` (the rule of
//! [`crate::figures::clause::ends_sentence`]).
//!
//! A sentence is kept as the figures the number lexer found in it and the words between them,
//! folded to NFC lower case, with line breaks read as one space (the *gaps*). The readers match
//! words in the gaps and take figures by their [`FigId`], so every range they report points at
//! the original text. Sentences are built for a window of paragraphs at a time: the readers
//! read a paragraph with the two before it ([`super::Reading::build`]).

use std::ops::Range;

use crate::analysis::Analysis;
use crate::figures::clause::sentence_ends;
use crate::figures::extract::Q;
use crate::figures::model::FigId;
use crate::syntax::line::{LineInfo, LineKind, WRAP_COMMA_END, WRAP_CONT_START, WRAP_OPEN_END, WRAP_TABLE};
use crate::text::fold::{fold, FoldMode};

/// A sentence: its figures in order and the words around them (the *gaps*: before the first
/// figure, between two, after the last), folded into one string; sentences without figures
/// keep no gaps.
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
    /// The gaps, folded to NFC lower case (a line break inside the sentence is one space),
    /// one after another.
    text: String,
    /// Where each gap is in `text`, and in the document (absolute byte ranges).
    spans: Vec<(u32, u32)>,
    ranges: Vec<Range<usize>>,
    /// How many of its figures are percentages (asked by every reader of every sentence).
    n_rates: u32,
}

impl Sentence {
    /// The words before figure `i` (folded); `gap(figs.len())` is after the last.
    pub fn gap(&self, i: usize) -> &str {
        self.spans.get(i).map(|&(s, e)| &self.text[s as usize..e as usize]).unwrap_or("")
    }

    /// Where gap `i` is in the document.
    pub fn gap_range(&self, i: usize) -> Range<usize> {
        self.ranges.get(i).cloned().unwrap_or(self.range.end..self.range.end)
    }

    /// How many gaps (figures + 1, or 0 for a sentence without figures).
    pub fn gap_count(&self) -> usize {
        self.spans.len()
    }

    /// All the words of the sentence (its gaps one after another), to rule a sentence out
    /// cheaply before reading it figure by figure.
    pub fn words(&self) -> &str {
        &self.text
    }

    /// How many of its figures are percentages.
    pub fn rates(&self) -> usize {
        self.n_rates as usize
    }

    /// Every gap's text, in order.
    pub fn gaps(&self) -> impl Iterator<Item = &str> {
        (0..self.spans.len()).map(move |i| self.gap(i))
    }

    /// The words right before figure `i` (folded).
    pub fn before(&self, i: usize) -> &str {
        self.gap(i)
    }

    /// The words right after figure `i` (folded).
    pub fn after(&self, i: usize) -> &str {
        self.gap(i + 1)
    }

    /// Position of a figure in the sentence.
    pub fn index_of(&self, f: FigId) -> Option<usize> {
        self.figs.iter().position(|&g| g == f)
    }

    /// The folded words from the start of the sentence up to figure `i` (figures in between
    /// written as `#`).
    pub fn head_to(&self, i: usize) -> String {
        let mut s = String::new();
        for k in 0..=i.min(self.spans.len().saturating_sub(1)) {
            if k > 0 {
                s.push('#');
            }
            s.push_str(self.gap(k));
        }
        s
    }
}

/// The sentences of a window of paragraphs, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Passages {
    pub sentences: Vec<Sentence>,
}

impl Passages {
    /// The sentence holding a figure.
    pub fn sentence_of(&self, f: FigId) -> Option<usize> {
        let start = self.sentences.partition_point(|s| s.last_line < f.line);
        (start..self.sentences.len()).take_while(|&k| self.sentences[k].first_line <= f.line).find(|&k| self.sentences[k].figs.contains(&f))
    }

    /// The sentences touching `line`.
    pub fn on_line(&self, line: usize) -> Range<usize> {
        let start = self.sentences.partition_point(|s| (s.last_line as usize) < line);
        let mut end = start;
        while end < self.sentences.len() && self.sentences[end].first_line as usize <= line {
            end += 1;
        }
        start..end
    }
}

/// Does line `next` go on with the sentence left open at the end of line `prev`? Both are
/// running text (`prev` may be a bullet or a heading running on); `prev` does not end with a
/// sentence or clause mark, and `next` starts with a small letter, a digit or a bracket (a
/// hard wrap, not a new item), or `prev` ends with a comma. Table rows never join.
pub fn continues(prev: &LineInfo, next: &LineInfo) -> bool {
    let prev_ok = matches!(prev.kind, LineKind::Text(_) | LineKind::Bullet { .. } | LineKind::Heading(_));
    let next_ok = matches!(next.kind, LineKind::Text(ref t) if t.special.is_none());
    prev_ok
        && next_ok
        && (prev.wrap | next.wrap) & WRAP_TABLE == 0
        && prev.wrap & WRAP_OPEN_END != 0
        && (prev.wrap & WRAP_COMMA_END != 0 || next.wrap & WRAP_CONT_START != 0)
}

/// The most items of one list read as siblings (see [`list_siblings_above`]).
const MAX_SIBLINGS: usize = 40;

/// Items of one list pasted with a blank line between each (`Dân tộc Tày: 165 người, chiếm …`,
/// blank, `Dân tộc Dao: …`): how many lines above `line`, one every other line, are short
/// one-line paragraphs with figures that begin with the same two words as it. A reader looks
/// back over them to the list's lead as if they were one paragraph.
pub fn list_siblings_above(a: &Analysis, line: usize) -> usize {
    let lines = a.lines();
    let item = |l: usize| {
        let li = &lines[l];
        matches!(li.kind, LineKind::Text(_) | LineKind::Bullet { .. }) && !li.quantities.is_empty() && li.len <= 240 && !a.tables.is_table_line(l)
    };
    let blank = |l: usize| lines[l].kind == LineKind::Blank;
    // (The shape first, the words only then: this is asked of every one-line paragraph.)
    let shaped = |l: usize| l >= 2 && blank(l - 1) && item(l - 2) && (l == 2 || blank(l - 3));
    if line >= lines.len() || !item(line) || !shaped(line) {
        return 0;
    }
    let key = |l: usize| {
        // (The line's first bytes are enough for its first two words.)
        let start = a.line_start(l);
        let t = a.slice(start..start + (lines[l].len as usize).min(64));
        let t = t.trim_start().trim_start_matches(|c: char| matches!(c, '-' | '+' | '*' | '•' | '–') || c.is_whitespace());
        let words: Vec<String> = t.split_whitespace().take(2).map(|w| fold(w.trim_end_matches([':', ',']), FoldMode::Lower).text).collect();
        (words.len() == 2 && words.iter().all(|w| w.chars().next().is_some_and(char::is_alphabetic))).then_some(words)
    };
    let Some(k) = key(line) else { return 0 };
    let mut n = 0;
    let mut l = line;
    while n < MAX_SIBLINGS && shaped(l) && key(l - 2).as_ref() == Some(&k) {
        n += 1;
        l -= 2;
    }
    n
}

/// The paragraphs of the document as line ranges (blank lines belong to none), with whether
/// any of their lines holds a figure. A table's line is a paragraph of its own with no figure
/// to read: tables are read by their own reader ([`crate::reading::table`]), not as sentences.
pub fn paragraphs(a: &Analysis) -> Vec<(Range<u32>, bool)> {
    let lines = a.lines();
    let mut out: Vec<(Range<u32>, bool)> = Vec::new();
    for (i, li) in lines.iter().enumerate() {
        if li.kind == LineKind::Blank {
            continue;
        }
        if a.tables.is_table_line(i) {
            out.push((i as u32..i as u32 + 1, false));
            continue;
        }
        let figs = !li.quantities.is_empty();
        match out.last_mut() {
            Some((r, f)) if r.end as usize == i && i > 0 && continues(&lines[i - 1], li) => {
                r.end += 1;
                *f |= figs;
            }
            _ => out.push((i as u32..i as u32 + 1, figs)),
        }
    }
    out
}

/// The sentences of the paragraphs `paras` (line ranges with whether they hold figures, in
/// order; `first_para` is the index the first one gets). Paragraphs without figures get no
/// sentences (no reader has anything to read there) but keep their index.
pub fn build_window(a: &Analysis, paras: &[(Range<u32>, bool)], first_para: u32) -> Passages {
    let mut out = Passages::default();
    for (k, (r, figs)) in paras.iter().enumerate() {
        if *figs {
            paragraph(a, r.clone(), first_para + k as u32, &mut out.sentences);
        }
    }
    out
}

/// Split the whole document into sentences, the paragraphs shared between `threads` threads.
pub fn build_all(a: &Analysis, paras: &[(Range<u32>, bool)], threads: usize) -> Passages {
    const CHUNK: usize = 256;
    let parts = crate::par::map(paras.len().div_ceil(CHUNK), threads, |c| {
        let from = c * CHUNK;
        build_window(a, &paras[from..(from + CHUNK).min(paras.len())], from as u32).sentences
    });
    // Moved, not cloned (`concat` would copy every sentence).
    let mut sentences = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        sentences.extend(part);
    }
    Passages { sentences }
}

/// Split the whole document into sentences (for tests and tools).
pub fn build(a: &Analysis) -> Passages {
    build_all(a, &paragraphs(a), 1)
}

/// One line of a paragraph: its text folded once, where it starts, its sentence ends.
struct LineText<'a> {
    line: usize,
    start: usize,
    /// Borrowed from the rope unless the line spans two of its chunks.
    text: std::borrow::Cow<'a, str>,
    folded: crate::text::fold::Folded,
}

/// The sentences of one paragraph.
fn paragraph(a: &Analysis, lines: Range<u32>, para: u32, out: &mut Vec<Sentence>) {
    let ls: Vec<LineText> = (lines.start as usize..lines.end as usize)
        .map(|line| {
            let text = a.line_text(line);
            let folded = fold(&text, FoldMode::Lower);
            LineText { line, start: a.line_start(line), text, folded }
        })
        .collect();
    // Sentence boundaries as (line index in `ls`, byte in the line), each sentence's figures.
    let mut start: Option<(usize, usize)> = None;
    let mut figs: Vec<FigId> = Vec::new();
    for (k, l) in ls.iter().enumerate() {
        let qs = &a.lines()[l.line].quantities;
        let lead = l.text.len() - l.text.trim_start().len();
        if start.is_none() {
            start = Some((k, lead));
        }
        let mut q = 0;
        let mut cuts = sentence_ends(&l.text);
        if cuts.last() != Some(&l.text.len()) {
            cuts.push(usize::MAX);
        }
        for cut in cuts {
            let end = cut.min(l.text.len());
            while q < qs.len() && (qs[q].range.start as usize) < end {
                figs.push(FigId { line: l.line as u32, q: q as Q });
                q += 1;
            }
            if cut != usize::MAX {
                let s0 = start.take().unwrap_or((k, 0));
                push(a, &ls, s0, (k, end), std::mem::take(&mut figs), para, out);
                start = Some((k, end));
            }
        }
    }
    if let Some(s0) = start {
        let last = ls.len() - 1;
        push(a, &ls, s0, (last, ls[last].text.len()), figs, para, out);
    }
}

/// Add the sentence from `s0` to `s1` (line index in `ls`, byte in the line), trimmed; one of
/// nothing but white space is dropped.
fn push(a: &Analysis, ls: &[LineText], s0: (usize, usize), s1: (usize, usize), figs: Vec<FigId>, para: u32, out: &mut Vec<Sentence>) {
    let abs = |(k, b): (usize, usize)| ls[k].start + b;
    // Trim: move the start over white space (and line ends), the end back.
    let (mut k0, mut b0) = s0;
    loop {
        let rest = &ls[k0].text[b0.min(ls[k0].text.len())..];
        let t = rest.trim_start();
        if !t.is_empty() || k0 >= s1.0 {
            b0 += rest.len() - t.len();
            break;
        }
        k0 += 1;
        b0 = 0;
    }
    let (mut k1, mut b1) = s1;
    loop {
        let t = ls[k1].text[..b1.min(ls[k1].text.len())].trim_end();
        if !t.is_empty() || k1 <= k0 {
            b1 = t.len();
            break;
        }
        k1 -= 1;
        b1 = ls[k1].text.len();
    }
    if (k1, b1) <= (k0, b0) && figs.is_empty() {
        return;
    }
    let range = abs((k0, b0))..abs((k1, b1)).max(abs((k0, b0)));
    let n_rates = figs.iter().filter(|&&f| a.quantity(f).in_percent_or_per_mille()).count() as u32;
    let mut sentence = Sentence { para, first_line: ls[k0].line as u32, last_line: ls[k1].line as u32, range, figs, text: String::new(), spans: Vec::new(), ranges: Vec::new(), n_rates };
    if !sentence.figs.is_empty() {
        gaps(a, ls, (k0, b0), (k1, b1), &mut sentence);
    }
    out.push(sentence);
}

/// The folded words around the figures of a sentence, sliced from each line's one fold.
fn gaps(a: &Analysis, ls: &[LineText], from: (usize, usize), to: (usize, usize), s: &mut Sentence) {
    let first = ls[0].line;
    s.spans.reserve(s.figs.len() + 1);
    s.ranges.reserve(s.figs.len() + 1);
    let mut at = from;
    for k in 0..=s.figs.len() {
        let (here, next) = match s.figs.get(k) {
            Some(&f) => {
                let q = a.quantity(f);
                let line = f.line as usize - first;
                ((line, q.range.start as usize), (line, q.range.end as usize))
            }
            None => (to.max(at), to.max(at)),
        };
        let start = s.text.len() as u32;
        gap(ls, at, here, &mut s.text);
        s.spans.push((start, s.text.len() as u32));
        s.ranges.push(ls[at.0].start + at.1..(ls[here.0].start + here.1).max(ls[at.0].start + at.1));
        at = next;
    }
}

/// Append the folded text between two places of a paragraph (line breaks as one space).
fn gap(ls: &[LineText], from: (usize, usize), to: (usize, usize), text: &mut String) {
    let begin = text.len();
    for (k, l) in ls.iter().enumerate().take(to.0 + 1).skip(from.0) {
        let s = if k == from.0 { from.1 } else { 0 };
        let e = if k == to.0 { to.1 } else { l.text.len() };
        if k > from.0 {
            // A line break inside a sentence is one space.
            if !text[begin..].ends_with(' ') {
                text.push(' ');
            }
            text.push_str(l.folded.slice_of(s..e.max(s)).trim_start());
        } else {
            text.push_str(l.folded.slice_of(s..e.max(s)));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analysis, Config};

    fn sentences(text: &str) -> Vec<(String, Vec<String>, u32)> {
        let a = Analysis::from_text(text, &Config::default());
        super::build(&a)
            .sentences
            .iter()
            .map(|s| (a.slice(s.range.clone()).to_string(), s.gaps().map(str::to_string).collect(), s.para))
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

    #[test]
    fn sentences_split_inside_a_line_and_keep_their_figures() {
        let s = sentences("Thu 12 tỷ đồng. Chi 10 tỷ đồng; kết dư 2 tỷ đồng.\n");
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0].0, "Thu 12 tỷ đồng.");
        assert_eq!(s[1].1.len(), 3);
    }
}
