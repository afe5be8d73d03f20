//! Claims stated on one line: which figure is an indicator's value, its plan, its percentage of
//! plan, a fraction and its percentage, a share of a whole, a change against an earlier year, a
//! declared count, the start of a list of parts, a claim that every item met its plan.
//!
//! This is the one claim extractor; it only looks at the line (its text and the quantities the
//! number lexer found), so its result is cached per line like the rest of the lexing. Links
//! between lines (a total and the parts listed below it, a count and its items, the same
//! indicator in two places) are made in [`super::model`].
//!
//! All offsets are byte offsets relative to the line; figures are indices into the line's
//! quantities.

use std::ops::Range;

use super::clause::{clauses, indicator_name_in};
use super::lexicon::*;
use crate::numbers::{Bound, Quantity, UnitKind, Value};
use crate::text::fold::{fold, fold_ascii, FoldMode, Folded};

/// Index of a quantity in its line.
pub type Q = u32;

/// Direction of a stated change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// A change against an earlier value: `tăng 13.233 triệu đồng so với năm 2019`, `gấp 1,6 lần`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub q: Q,
    pub dir: Direction,
    /// `gấp N lần`.
    pub times: bool,
    /// The year compared with, when written (`so với năm 2019`).
    pub since: Option<u32>,
}

/// One statement: an indicator and the figures tied to it, within one clause.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Statement {
    /// The statement's text (a clause, or a part of one between commas).
    pub span: Range<u32>,
    /// The indicator's name, when the words before the value name one.
    pub name: Option<Range<u32>>,
    /// The name folded without accents, years and punctuation: the key to find other mentions.
    pub key: Box<str>,
    /// The indicator's value.
    pub value: Option<Q>,
    /// Its plan (`kế hoạch`, `chỉ tiêu`, `dự toán`, `giao`).
    pub plan: Option<Q>,
    /// A stated percentage of plan (`đạt 98,3%` with a plan, or `đạt 97% kế hoạch`).
    pub plan_percent: Option<Q>,
    /// A fraction and the percentage stated for it (`121/130, đạt 90,4%`).
    pub ratio: Option<(Q, Q)>,
    /// A share of a whole (`chiếm 74% cơ cấu kinh tế`): the percentage and the whole's key.
    pub share: Option<(Q, String)>,
    pub changes: Box<[Change]>,
    /// A declared number of items (`(07 chỉ tiêu)`, `13 chỉ tiêu … đều đạt`).
    pub count: Option<Q>,
    /// Parts follow (`trong đó`, `gồm` after the value).
    pub parts_follow: bool,
    /// Byte offset where the parts start (after `trong đó`), when they are on this line.
    pub parts_from: Option<u32>,
    /// The statement itself starts with `Trong đó` (it is a part of what was stated before).
    pub is_part: bool,
    /// `đều đạt và vượt kế hoạch`.
    pub all_met: bool,
    /// Softened by `cơ bản`, `hầu hết`….
    pub hedged: bool,
    /// A target (`phấn đấu`, `dự kiến`) rather than a result.
    pub target: bool,
    /// Other figures of the statement, in order (not the value, plan or percentages).
    pub others: Box<[Q]>,
    /// The name has the word `loại`: one category of a classification (`Loại Khá có 7,5%`).
    pub category: bool,
    /// The words before the value make it a rate reached (`tỷ lệ …`, `đạt …`), not a share.
    pub rate_like: bool,
    /// Less is better for this indicator (poor households, malnutrition, accidents…).
    pub lower_better: bool,
    /// Which measurement bases (`theo tiêu chí mới`, `giá so sánh`…) the statement or the bracket
    /// holding it names: a bit per entry of [`BASIS`].
    pub basis: u8,
    /// Years named in the statement.
    pub years: Box<[u32]>,
    /// Index of its clause and of its sentence on the line (statements split at commas share a
    /// clause; clauses split at `;` share a sentence).
    pub clause: u32,
    pub sentence: u32,
    /// When the parts after `trong đó` are in a bracket, where that bracket closes.
    pub parts_to: Option<u32>,
}

impl Statement {
    /// Every figure the statement ties: the stated results first (percentage of plan, share,
    /// fraction and its percentage), then the value, plan, count, changes and the others.
    pub fn figures(&self) -> impl Iterator<Item = Q> + '_ {
        [self.plan_percent, self.share.as_ref().map(|x| x.0), self.ratio.map(|x| x.0), self.ratio.map(|x| x.1), self.value, self.plan, self.count]
            .into_iter()
            .flatten()
            .chain(self.changes.iter().map(|c| c.q))
            .chain(self.others.iter().copied())
    }
}

/// Words that say on which basis a figure is measured: two figures on different bases (or one
/// qualified, one not) do not contradict each other.
pub const BASIS: &[&str] = &["theo tiêu chí", "theo chuẩn", "giá so sánh", "giá hiện hành", "theo phương pháp", "theo kế hoạch", "cùng kỳ"];

fn is_percent(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| matches!(u.kind, UnitKind::Percent | UnitKind::PerMille) && u.per.is_empty())
}

fn is_fraction(q: &Quantity) -> bool {
    matches!(q.value, Value::Fraction { .. })
}

/// A line and its lower-case fold, computed once: keywords are matched on the folded text of
/// original byte ranges (`lt.f.slice_of(range)`) without folding again.
struct LineText<'a> {
    line: &'a str,
    f: Folded,
}

impl LineText<'_> {
    fn folded(&self, r: Range<usize>) -> &str {
        self.f.slice_of(r.start.min(self.line.len())..r.end.min(self.line.len()))
    }
}

/// A mention that is not a quantity but can still contradict another one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mention {
    /// The level of a standard: `đạt chuẩn Quốc gia mức độ 2` → key `chuan quoc gia` (the name
    /// as written: `chuẩn Quốc gia`), level 2.
    Level { key: String, name: String, level: u32, range: Range<u32> },
    /// The edition of a standard: `ISO 9001:2015` → standard `9001`, year 2015 (range: the year).
    Edition { standard: String, year: u32, range: Range<u32> },
}

/// Statements and mentions of one line, given its lower-case fold (`fold(line,
/// FoldMode::Lower)`, shared with the number lexer).
pub fn claims(line: &str, folded: Folded, qs: &[Quantity]) -> (Vec<Statement>, Vec<Mention>) {
    let lt = LineText { line, f: folded };
    (statements_of(&lt, qs), mentions_of(&lt))
}

/// Can a line without figures state anything (`Trong đó:`, `… đều đạt và vượt kế hoạch`)? A
/// byte test before folding: short lines, `đều` in any case, or combining accents (NFD text).
pub fn may_claim_without_figures(line: &str) -> bool {
    // The text [`intro_only`] compares with its phrases: a short intro padded to any length
    // is one.
    intro_text(line).len() <= 80 || has_deu(line) || line.bytes().any(|b| b == 0xCC || b == 0xCD)
}

/// Does `line` hold `đều` in any mix of cases (`Đều`, `ĐỀU`, `đỀu`: the fold finds them all)?
fn has_deu(line: &str) -> bool {
    let b = line.as_bytes();
    // `đ`/`Đ` are C4 91 / C4 90, `ề`/`Ề` are E1 BB 81 / E1 BB 80.
    memchr::memchr_iter(0xC4, b).any(|i| {
        matches!(b.get(i + 1), Some(0x90 | 0x91))
            && b.get(i + 2..i + 4) == Some(&[0xE1, 0xBB][..])
            && matches!(b.get(i + 4), Some(0x80 | 0x81))
            && matches!(b.get(i + 5), Some(b'u' | b'U'))
    })
}

/// Extract the statements of one line.
pub fn statements(line: &str, qs: &[Quantity]) -> Vec<Statement> {
    statements_of(&LineText { line, f: fold(line, FoldMode::Lower) }, qs)
}

/// `… chuẩn Quốc gia mức độ 2`, `ISO 9001:2015`.
fn mentions_of(lt: &LineText) -> Vec<Mention> {
    let f = &lt.f.text;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = find_bytes(&f[from..], "mức độ ") {
        let at = from + p;
        from = at + "mức độ ".len();
        let digits: String = f[from..].chars().take_while(|c| c.is_ascii_digit()).collect();
        let Ok(level) = digits.parse::<u32>() else { continue };
        // The standard's name: the words from `chuẩn` to `mức độ`, within the clause.
        let head = &f[..at];
        let clause_start = head.rfind([';', '.', ',', ':', '(']).map(|i| i + 1).unwrap_or(0);
        let Some(c) = head[clause_start..].rfind("chuẩn") else { continue };
        let key = fold_ascii(head[clause_start + c..].trim());
        if key.split_whitespace().count() < 2 {
            continue;
        }
        let name_range = lt.f.range_to_original(clause_start + c..at);
        let name = lt.line[name_range].trim().to_string();
        let r = lt.f.range_to_original(from..from + digits.len());
        out.push(Mention::Level { key, name, level, range: r.start as u32..r.end as u32 });
    }
    let mut from = 0;
    while let Some(p) = find_bytes(&f[from..], "iso") {
        let at = from + p;
        from = at + 3;
        let rest = &f[at + 3..];
        let t = rest.trim_start_matches([' ', '/', '-']);
        let skip = rest.len() - t.len();
        let num: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        if num.len() < 3 || !t[num.len()..].starts_with(':') {
            continue;
        }
        let year: String = t[num.len() + 1..].chars().take_while(|c| c.is_ascii_digit()).collect();
        let (4, Ok(y)) = (year.len(), year.parse::<u32>()) else { continue };
        let ys = at + 3 + skip + num.len() + 1;
        let r = lt.f.range_to_original(ys..ys + 4);
        out.push(Mention::Edition { standard: num, year: y, range: r.start as u32..r.end as u32 });
    }
    out
}

fn statements_of(lt: &LineText, qs: &[Quantity]) -> Vec<Statement> {
    let line = lt.line;
    let mut out = Vec::new();
    if qs.is_empty() {
        // A line may still introduce parts (`Trong đó:`) or claim that everything was met.
        return intro_only(lt);
    }
    // Quantities are in order and clauses and segments too: walk them together (a 5 MB line
    // must not cost clauses × quantities).
    let mut k = 0;
    let mut sentence = 0u32;
    let mut prev_end = 0usize;
    for (ci, clause) in clauses(line).into_iter().enumerate() {
        if ci > 0 && line[prev_end.min(clause.start)..clause.start].contains(['.', '!', '?']) {
            sentence += 1;
        }
        prev_end = clause.end;
        while k < qs.len() && (qs[k].range.start as usize) < clause.start {
            k += 1;
        }
        let mut end = k;
        while end < qs.len() && (qs[end].range.end as usize) <= clause.end {
            end += 1;
        }
        let in_clause: Vec<usize> = (k..end).filter(|&i| qs[i].range.start as usize >= clause.start).collect();
        let mut j = 0;
        for seg in segments(lt, clause.clone(), qs, &in_clause) {
            while j < in_clause.len() && (qs[in_clause[j]].range.start as usize) < seg.start {
                j += 1;
            }
            let mut e = j;
            while e < in_clause.len() && (qs[in_clause[e]].range.end as usize) <= seg.end {
                e += 1;
            }
            if let Some(mut s) = statement(lt, seg, qs, &in_clause[j..e]) {
                s.clause = ci as u32;
                s.sentence = sentence;
                out.push(s);
            }
            j = e;
        }
        k = end;
    }
    out
}

/// A line's text without white space of any kind around it, bullet marks before it, or a
/// colon or full stop after it (`- Trong đó:` → `Trong đó`).
fn intro_text(line: &str) -> &str {
    line.trim().trim_start_matches(['-', '+', '*', ' ']).trim_end_matches([':', ' ', '.'])
}

/// A line without figures that matters anyway: `Trong đó:`, or `các chỉ tiêu đều đạt và vượt
/// kế hoạch`.
fn intro_only(lt: &LineText) -> Vec<Statement> {
    let line = lt.line;
    // An "all met" claim needs `đều` or `100%` (see `statement`); `100%` is a figure, so here
    // only `đều`: without it no clause is one.
    let claims: Vec<Statement> = if find_bytes(&lt.f.text, "đều").is_some() {
        clauses(line).into_iter().filter_map(|c| statement(lt, c, &[], &[])).filter(|s| s.all_met).collect()
    } else {
        Vec::new()
    };
    if !claims.is_empty() {
        return claims;
    }
    let t = intro_text(&lt.f.text);
    if t == "trong đó" || t == "gồm" || t == "bao gồm" || t == "cụ thể" || t == "cụ thể như sau" {
        let start = line.len() - line.trim_start().len();
        return vec![Statement {
            span: start as u32..line.trim_end().len() as u32,
            parts_follow: true,
            is_part: true,
            ..Default::default()
        }];
    }
    Vec::new()
}

/// Split a clause at commas that start a new statement: after a comma, a new indicator begins
/// unless the text continues the current one (`, đạt 98,3%`, `, tăng …`, `, chiếm …`).
fn segments(lt: &LineText, clause: Range<usize>, qs: &[Quantity], in_clause: &[usize]) -> Vec<Range<usize>> {
    let line = lt.line;
    let mut cuts = vec![clause.start];
    let mut depth = 0i32;
    let text = &line[clause.clone()];
    // `next`: the first quantity not yet ending before the current position; `seg_first`: the
    // first quantity of the current segment.
    let mut next = 0;
    let mut seg_first = 0;
    // (Bytes, not chars: the marks looked for are ASCII, and no byte of a longer character is.)
    for (i, &c) in text.as_bytes().iter().enumerate() {
        let at = clause.start + i;
        match c {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = (depth - 1).max(0),
            b',' if depth == 0 => {
                while next < in_clause.len() && (qs[in_clause[next]].range.end as usize) <= at {
                    next += 1;
                }
                // Not inside a number (`52,3`): the lexer's quantities cover those.
                if next < in_clause.len() && (qs[in_clause[next]].range.start as usize) < at {
                    continue;
                }
                let left_has = next > seg_first;
                let right_has = next < in_clause.len();
                let after = lt.folded(at + 1..(at + 40).min(clause.end));
                if left_has && right_has && starts_with_word(after, MODIFIERS).is_none() {
                    cuts.push(at + 1);
                    seg_first = next;
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (k, &s) in cuts.iter().enumerate() {
        let e = if k + 1 < cuts.len() { cuts[k + 1] - 1 } else { clause.end };
        let seg = &line[s..e];
        let lead = seg.len() - seg.trim_start().len();
        let t = seg.trim();
        if !t.is_empty() {
            out.push(s + lead..s + lead + t.len());
        }
    }
    out
}

/// The key of an indicator name: folded without accents, with years, numbers, punctuation and
/// filler words removed.
pub fn indicator_key(name: &str) -> String {
    indicator_key_ascii(&fold_ascii(name))
}

/// [`indicator_key`] of a name already folded with [`fold_ascii`].
pub(crate) fn indicator_key_ascii(f: &str) -> String {
    let words: Vec<&str> = f
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        // `năm 2021` → drop `năm` when it was followed by a year; `uoc` (ước) and `dat` are
        // verbs, not part of a name.
        let next_is_gone = i + 1 == words.len();
        if matches!(*w, "uoc" | "dat" | "la" | "con")
            || (*w == "nam" && next_is_gone)
        {
            continue;
        }
        out.push(w);
    }
    while out.last().is_some_and(|w| matches!(*w, "nam" | "den" | "ngay" | "thang" | "tinh" | "tu")) {
        out.pop();
    }
    out.join(" ")
}

fn statement(lt: &LineText, seg: Range<usize>, qs: &[Quantity], idx: &[usize]) -> Option<Statement> {
    let line = lt.line;
    let seg_text = lt.folded(seg.clone());
    let mut s = Statement { span: seg.start as u32..seg.end as u32, ..Default::default() };
    s.target = TARGET_WORDS.iter().any(|h| contains_words(seg_text, h));
    // `đều đạt` about plans and indicators (`13 chỉ tiêu … đều đạt và vượt kế hoạch`), not
    // `9/9 khu dân cư đều đạt danh hiệu …`.
    // (Every phrase of ALL_MET has `đều` or `100%`: one search rules most statements out.)
    s.all_met = (find_bytes(seg_text, "đều").is_some() || find_bytes(seg_text, "100%").is_some())
        && ALL_MET.iter().any(|h| find_bytes(seg_text, h).is_some())
        && ["chỉ tiêu", "kế hoạch", "kh", "mục tiêu", "nhiệm vụ"].iter().any(|w| contains_words(seg_text, w));
    // Only an "all met" claim can be softened (`đều cơ bản hoàn thành`).
    s.hedged = s.all_met && HEDGES.iter().any(|h| contains_words(seg_text, h));
    s.is_part = starts_with_word(seg_text, PARTS_WORDS).is_some();

    let mut prev_end = seg.start;
    let mut prev: Option<usize> = None;
    let (mut changes, mut others) = (Vec::new(), Vec::new());
    for (n, &i) in idx.iter().enumerate() {
        let q = &qs[i];
        let qi = i as Q;
        let lead = lt.folded(prev_end..q.range.start as usize);
        let trail_end = idx.get(n + 1).map(|&k| qs[k].range.start as usize).unwrap_or(seg.end);
        let trail = lt.folded(q.range.end as usize..trail_end);
        let lead_t = lead.trim_end();

        // A share: `chiếm 74% cơ cấu kinh tế` (unless a fraction comes right before).
        let near_fraction = prev.is_some_and(|p| is_fraction(&qs[p])) && lead.chars().count() <= 60;
        if is_percent(q) && ends_with_word(lead_t, SHARE_WORDS).is_some() && !near_fraction {
            s.share = Some((qi, whole_key(trail)));
        } else if is_percent(q) && near_fraction && ratio_link(lead_t) && !named_rate(lead_t) {
            s.ratio = Some((prev.expect("checked") as Q, qi));
            // The fraction was taken for the value; it stays the value.
        } else if is_list_count(q) && named_list(&line[q.range.end as usize..]).is_some() {
            // (Before a change: `đạt thêm 5 tiêu chí gồm …` counts the names that follow.)
            s.count = Some(qi);
        } else if let Some(dir) = change_word(lead_t) {
            let times = trail.trim_start().starts_with("lần");
            changes.push(Change { q: qi, dir, times, since: year_after(trail) });
        } else if lead_t.ends_with("gấp") {
            changes.push(Change { q: qi, dir: Direction::Up, times: true, since: year_after(trail) });
        } else if plan_lead(lead_t) {
            // After `trong đó` and another figure, a plan is that figure's, not the total's
            // (`9/11 chỉ tiêu đạt …, trong đó tốc độ tăng trưởng chỉ đạt 10% so với chỉ tiêu là 14%`).
            let among_parts = s.parts_from.is_some_and(|f| f < q.range.start) && s.parts_to.is_none_or(|t| q.range.start < t) && prev.map(|p| p as Q) != s.value;
            if s.plan.is_none() && !among_parts {
                s.plan = Some(qi);
            } else {
                others.push(qi);
            }
        } else if is_percent(q) && plan_percent_here(if line.get(q.range.start as usize..q.number_range.start as usize).is_some_and(excess_word) { "vượt" } else { lead_t }, trail, s.value.map(|v| v as usize), idx, qs, i) {
            s.plan_percent = Some(qi);
        } else if is_list_count(q) && (in_parens(line, q, &seg) || s.all_met || seg_text.contains("đều") || line[q.range.end as usize..].trim_start().starts_with('(') || opens_items(trail)) {
            s.count = Some(qi);
        } else if s.value.is_none() && !matches!(q.unit.as_ref().map(|u| u.kind), Some(UnitKind::Age)) {
            s.value = Some(qi);
            if let Some(r) = indicator_name_in(line, seg.start..q.range.start as usize, &lt.f) {
                // One accent-free fold of the name for its key and the lower-is-better test.
                let ascii = fold_ascii(&line[r.clone()]);
                s.key = indicator_key_ascii(&ascii).into_boxed_str();
                s.lower_better = crate::figures::lexicon::lower_is_better_ascii(&ascii);
                s.name = Some(r.start as u32..r.end as u32);
            }
            // Parts follow when `trong đó`/`gồm` comes after the value in this statement.
            let base = lt.f.to_folded(q.range.end as usize);
            let after = lt.folded(q.range.end as usize..seg.end);
            // (Not when the value sat in a bracket after a name and `và` joins another subject
            // before the list: `Hà Nội (8,6 tỷ USD) và vùng kinh tế trọng điểm phía Nam gồm: …`.)
            let joined_other = |pos: usize| {
                let between = &after[..pos];
                line[..q.range.start as usize].trim_end().ends_with('(') && between.trim_start().starts_with(')') && find_word(between, "và").is_some()
            };
            if let Some(pos) = PARTS_WORDS.iter().filter_map(|w| find_word(after, w)).min().filter(|&pos| !joined_other(pos)) {
                s.parts_follow = true;
                let from = lt.f.to_original(base + pos);
                s.parts_from = Some(from as u32);
                // `(trong đó … )`: the parts end where the bracket closes.
                if line[..from].trim_end().ends_with('(') {
                    let mut depth = 1;
                    s.parts_to = line[from..]
                        .char_indices()
                        .find(|&(_, c)| {
                            match c {
                                '(' => depth += 1,
                                ')' => depth -= 1,
                                _ => {}
                            }
                            depth == 0
                        })
                        .map(|(i, _)| (from + i) as u32)
                        .or(Some(line.len() as u32));
                }
            }
        } else {
            others.push(qi);
        }
        prev = Some(i);
        prev_end = q.range.end as usize;
    }
    s.changes = changes.into_boxed_slice();
    s.others = others.into_boxed_slice();
    // An Age quantity (`dưới 5 tuổi`) is part of a name, never a value.
    if s.value.is_none() && s.plan.is_none() && s.ratio.is_none() && s.share.is_none() && s.count.is_none() && s.changes.is_empty() && s.plan_percent.is_none() {
        if s.is_part || (s.all_met) {
            return Some(s);
        }
        // `Trong đó: …` with only words.
        return None;
    }
    describe(lt, &mut s, qs);
    // A statement that starts with `Trong đó` but has a value introduces nothing itself.
    if !s.parts_follow && ends_with_word(seg_text.trim_end_matches([':', '.', ' ']), PARTS_WORDS).is_some() {
        s.parts_follow = true;
    }
    Some(s)
}

/// Facts about a statement's words that the checks need, read once here.
fn describe(lt: &LineText, s: &mut Statement, qs: &[Quantity]) {
    let line = lt.line;
    let name = s.name.as_ref().map(|r| lt.folded(r.start as usize..r.end as usize)).unwrap_or("");
    s.category = name.split(|c: char| !is_word_char(c)).any(|w| w == "loại");
    if let Some(v) = s.value {
        let lead = lt.folded(s.span.start as usize..qs[v as usize].range.start as usize);
        let has_dat = lead.split(|c: char| !is_word_char(c)).any(|w| w == "đạt");
        s.rate_like = lead.contains("tỷ lệ") || lead.contains("tỉ lệ") || (!s.category && has_dat);
    }
    // The statement's own text, or the bracket holding it.
    let (st, en) = (s.span.start as usize, s.span.end as usize);
    let before = &line[..st.min(line.len())];
    let region = match before.rfind('(') {
        Some(open) if !before[open..].contains(')') => open..line[en.min(line.len())..].find(')').map(|k| en + k).unwrap_or(line.len()),
        _ => st..en,
    };
    let text = lt.folded(region);
    // (Every basis phrase has `theo`, `giá` or `cùng`: test those first.)
    if ["theo", "giá", "cùng"].iter().any(|w| find_bytes(text, w).is_some()) {
        s.basis = BASIS.iter().enumerate().filter(|(_, b)| find_bytes(text, b).is_some()).fold(0u8, |m, (i, _)| m | (1 << i));
    }
    s.years = lt
        .folded(st..en)
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .filter(|y| (1950..=2100).contains(y))
        .collect();
}

fn find_word(hay: &str, w: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = find_bytes(&hay[from..], w) {
        let s = from + p;
        let e = s + w.len();
        let before_ok = s == 0 || !hay[..s].chars().next_back().is_some_and(is_word_char);
        let after_ok = e == hay.len() || !hay[e..].chars().next().is_some_and(is_word_char);
        if before_ok && after_ok {
            return Some(s);
        }
        from = e;
    }
    None
}

fn in_parens(line: &str, q: &Quantity, seg: &Range<usize>) -> bool {
    let before = &line[seg.start..q.range.start as usize];
    before.rfind('(').is_some_and(|p| !before[p..].contains(')'))
}

/// Does the (folded) text after a count open the list of its items with `gồm:` (`04 công
/// trình, gồm: …; …`)?
fn opens_items(trail: &str) -> bool {
    let t = trail.trim_start().trim_start_matches(',').trim_start();
    let t = t.strip_prefix("bao ").unwrap_or(t);
    t.strip_prefix("gồm").is_some_and(|r| r.trim_start().starts_with(':'))
}

/// `5 tiêu chí gồm nhà ở, thủy lợi, điện, môi trường và hệ thống chính trị`, `3 tiêu chí là giáo
/// dục, y tế và quốc phòng`: names after `gồm` / `bao gồm` / `là` (the text right after a
/// count), separated by commas, the last joined by `và`, to the end of the sentence (or a `;`).
/// Short names only (at most six words, no figures), and not an open list (`…`, `v.v.`, `như`).
/// The count read with the last `và` as a separator and without it (`văn hóa và thông tin` may
/// be one name): (fewer, more).
pub fn named_list(after: &str) -> Option<(u32, u32)> {
    let f = crate::text::fold::fold(after, crate::text::fold::FoldMode::Lower);
    let t = f.text.trim_start().trim_start_matches(',').trim_start();
    let t = ["bao gồm", "gồm", "là"].iter().find_map(|w| t.strip_prefix(w).filter(|r| r.starts_with([' ', ':'])))?;
    let list = t.trim_start().trim_start_matches(':').trim_start();
    let end = list
        .char_indices()
        .find(|&(i, c)| matches!(c, ';' | '(' | ')' | '!' | '?') || (c == '.' && !list[i + 1..].starts_with(['.', 'v'])))
        .map_or(list.len(), |(i, _)| i);
    let list = list[..end].trim();
    if list.is_empty() || list.chars().any(|c| c.is_ascii_digit()) || list.ends_with("...") || list.ends_with('…') || list.contains("v.v") || list.contains("như") {
        return None;
    }
    let items: Vec<&str> = list.split(',').map(str::trim).collect();
    // (The last may hold two names joined by `và`.)
    if items.iter().flat_map(|i| i.split(" và ")).any(|n| n.trim().is_empty() || n.split_whitespace().count() > 6) {
        return None;
    }
    let last_joined = items.last().is_some_and(|l| l.contains(" và "));
    let fewer = items.len() as u32;
    let more = fewer + u32::from(last_joined);
    // (A list has a `và` before its last name, or at least three names: `2 xã là A, B` may be a
    // clause that goes on.)
    (more >= 2 && (last_joined || fewer >= 3)).then_some((fewer, more))
}

fn is_list_count(q: &Quantity) -> bool {
    q.noun().is_some_and(|n| LIST_NOUNS.contains(&n)) && matches!(q.value, Value::Exact(_))
}

/// Do the words between a fraction and a percentage name another rate (`có tỷ lệ tiêm vắc-xin
/// … đạt`), not the fraction's (`đạt tỷ lệ`, `, tỷ lệ`)?
pub(crate) fn named_rate(gap: &str) -> bool {
    let Some(at) = gap.find("tỷ lệ").or_else(|| gap.find("tỉ lệ")) else { return false };
    let after = &gap[at + "tỷ lệ".len()..];
    after.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count() >= 2
}

pub(crate) fn ratio_link(lead: &str) -> bool {
    let t = lead.trim().trim_matches(|c: char| matches!(c, ',' | ':' | '(' | ' '));
    if t.is_empty() {
        return true;
    }
    // Words between the fraction (and its noun) and the percentage end with a link word.
    ends_with_word(t, RATIO_LINKS).is_some()
}

pub(crate) fn change_word(lead: &str) -> Option<Direction> {
    let t = lead.trim_end_matches(|c: char| c.is_whitespace() || c == ':');
    // `giảm còn 1,2%` and `tăng lên 5%` give the new level, not a change.
    if t.ends_with("còn") || t.ends_with("lên") || t.ends_with("xuống") {
        return None;
    }
    // `tăng 0,11%`, `(giảm so với cuối năm 2020 là 4 tỷ …`.
    let window: &str = {
        let start = t.char_indices().rev().nth(45).map(|(i, _)| i).unwrap_or(0);
        &t[start..]
    };
    if let Some(w) = ends_with_word(t, CHANGE_UP) {
        let _ = w;
        return Some(Direction::Up);
    }
    // `tăng 2.375 tỷ đồng (+10,7%)`: the sign in the bracket says the change again.
    if t.ends_with("(+") {
        return Some(Direction::Up);
    }
    if t.ends_with("(-") || t.ends_with("(−") {
        return Some(Direction::Down);
    }
    if ends_with_word(t, CHANGE_DOWN).is_some() {
        return Some(Direction::Down);
    }
    // `giảm so với cuối năm 2020 là`
    if window.ends_with(" là") || window.ends_with(":") {
        let before: &str = window.trim_end_matches(" là").trim_end_matches(':');
        if before.contains("so với") || before.contains("so cùng kỳ") {
            if let Some(p) = before.rfind("so với").or_else(|| before.rfind("so cùng kỳ")) {
                let w = before[..p].trim_end();
                if ends_with_word(w, CHANGE_UP).is_some() {
                    return Some(Direction::Up);
                }
                if ends_with_word(w, CHANGE_DOWN).is_some() {
                    return Some(Direction::Down);
                }
            }
        }
    }
    None
}

fn year_after(trail: &str) -> Option<u32> {
    let t = trail.trim_start();
    if !(t.starts_with("so với") || t.starts_with("so ")) {
        return None;
    }
    let head: String = t.chars().take(40).collect();
    head.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<u32>().ok())
        .find(|y| (1900..=2100).contains(y))
}

pub(crate) fn plan_lead(lead: &str) -> bool {
    let mut t = trim_tail(lead.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '=')));
    // Strip fillers (`chỉ tiêu đề ra là`, `kế hoạch từ`, `kế hoạch năm`, `kế hoạch vốn được
    // giao là`).
    for _ in 0..4 {
        match ends_with_word(t, PLAN_FILLERS) {
            Some(f) => t = trim_tail(&t[..t.len() - f.len()]),
            None => break,
        }
    }
    let Some(w) = ends_with_word(t, PLAN_WORDS) else { return false };
    // `đạt 100% kế hoạch …` is a percentage of plan handled elsewhere; here the plan word must
    // open a bracket or follow a separator or `so với` (`(kế hoạch 1.728)`, `, chỉ tiêu 570`).
    let before = t[..t.len() - w.len()].trim_end();
    before.is_empty()
        || before.ends_with('(')
        || before.ends_with(',')
        || before.ends_with(';')
        || before.ends_with("so với")
        || before.ends_with("với")
        || before.ends_with('-')
        || before.ends_with("huyện")
        || before.ends_with("tỉnh")
        || w == "giao"
}

/// Is a quantity's bound word (the text from its start to its number) `vượt` (`vượt 10% so với
/// dự toán`: by how much a plan is exceeded)?
pub(crate) fn excess_word(bound: &str) -> bool {
    crate::text::fold::fold_lower(bound.trim()) == "vượt"
}

/// `đạt 97% kế hoạch`, or `đạt 98,3%` inside a bracket holding the plan figure, after a value
/// that is not itself a percentage.
fn plan_percent_here(lead: &str, trail: &str, value: Option<usize>, idx: &[usize], qs: &[Quantity], i: usize) -> bool {
    let linked = ends_with_word(lead, &["đạt", "bằng", "=", "đạt tỷ lệ", "đạt tỉ lệ", "thực hiện", "ước đạt", "đạt được", "vượt"]).is_some()
        || lead.trim().is_empty();
    if !linked {
        return false;
    }
    // `đạt 97% kế hoạch` (the plan word right after, not in a bracket: `đạt 98,4% (kế hoạch
    // 98%)` states a rate and its plan).
    let t = trail.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == ')');
    let plan_after = if t.starts_with('(') { None } else { starts_with_word(t, &["kế hoạch", "kh", "so với kế hoạch", "so kế hoạch", "so với dự toán", "dự toán", "chỉ tiêu", "so với chỉ tiêu", "nhiệm vụ", "so với nhiệm vụ"]) };
    if let Some(w) = plan_after {
        // `đạt 10% so với chỉ tiêu là 14%`: a rate and its plan, not a percentage of plan.
        let rest = t[t.find(w).map_or(0, |p| p + w.len())..].trim_matches(|c: char| c.is_whitespace() || c == ':' || c == '=');
        let rest = rest.strip_prefix("đề ra").unwrap_or(rest).trim_start();
        let rest = rest.strip_prefix("là").unwrap_or(rest).trim();
        let plan_follows = rest.is_empty() && idx.iter().position(|&k| k == i).and_then(|n| idx.get(n + 1)).is_some_and(|&k| is_percent(&qs[k]));
        return !plan_follows;
    }
    // Another amount in the statement (the plan, in a bracket before or after), and a value
    // that is itself an amount, not a percentage: `515,74 tỷ đồng (chỉ tiêu 570 tỷ đồng, đạt 98,3%)`.
    let Some(v) = value else { return false };
    !is_percent(&qs[v]) && idx.iter().any(|&k| k != i && k != v && !is_percent(&qs[k]))
}

/// The key of a whole named after a share: `cơ cấu tổng kinh tế` → `co cau kinh te`.
pub(crate) fn whole_key(trail: &str) -> String {
    let head: String = trail.trim_start().chars().take(80).collect();
    let cut = head.find([',', ';', '(', '.']).unwrap_or(head.len());
    let k = indicator_key(&head[..cut]);
    // `tổng`, `số` and `ngành` name no other whole (`cơ cấu tổng thu nhập ngành công nghiệp` is
    // `cơ cấu thu nhập công nghiệp`).
    k.split(' ').filter(|w| !matches!(*w, "tong" | "so" | "nganh")).collect::<Vec<_>>().join(" ")
}

/// Lower and upper bound of a quantity as a number in its own unit (ranges, bounds).
pub fn bound_interval(q: &Quantity) -> Option<(rust_decimal::Decimal, rust_decimal::Decimal, Bound)> {
    let (lo, hi) = q.value.bounds()?;
    Some((lo, hi, q.bound))
}

#[cfg(test)]
mod tests {
    #[test]
    fn named_lists_after_a_count() {
        use super::named_list;
        assert_eq!(named_list(" gồm nhà ở, giao thông, điện, môi trường và hệ thống chính trị."), Some((4, 5)));
        assert_eq!(named_list(" là giáo dục, y tế và quốc phòng; còn lại …"), Some((2, 3)));
        assert_eq!(named_list(" bao gồm: Đông, Tây, Nam, Bắc"), Some((4, 4)));
        // Not a list of names: figures, an open list, a clause, a single name.
        assert_eq!(named_list(" gồm 3 xã, 2 phường và 1 thị trấn."), None);
        assert_eq!(named_list(" như giáo dục, y tế và quốc phòng."), None);
        assert_eq!(named_list(" gồm giáo dục, y tế, v.v."), None);
        assert_eq!(named_list(" là nơi sinh sống của đồng bào các dân tộc Tày, Nùng và Dao."), None);
        assert_eq!(named_list(" là giáo dục."), None);
        assert_eq!(named_list(" là A, B"), None);
    }

    use super::*;
    use crate::numbers::lex;

    fn st(line: &str) -> Vec<Statement> {
        statements(line, &lex(line))
    }

    fn text(line: &str, q: Option<Q>) -> String {
        let qs = lex(line);
        q.map(|i| line[qs[i as usize].range.start as usize..qs[i as usize].range.end as usize].to_string()).unwrap_or_default()
    }

    #[test]
    fn value_plan_and_percentage_of_plan() {
        let l = "- Cơ cấu kinh tế: Giá trị sản xuất ước đạt trên 515,74 tỷ đồng (chỉ tiêu 570 tỷ đồng, đạt 98,3%). Trong đó nông nghiệp, thuỷ sản 8,5%; tiểu thủ công nghiệp 26,1%";
        let s = st(l);
        assert_eq!(text(l, s[0].value), "trên 515,74 tỷ đồng");
        assert_eq!(text(l, s[0].plan), "570 tỷ đồng");
        assert_eq!(text(l, s[0].plan_percent), "98,3%");
        assert!(s[1].is_part);
        let l = "+ Thu ngân sách trên địa bàn đơn vị hưởng là 3.368 triệu đồng, đạt 194,89% (kế hoạch 1.728 triệu đồng);";
        let s = st(l);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(text(l, s[0].value), "3.368 triệu đồng");
        assert_eq!(text(l, s[0].plan), "1.728 triệu đồng");
        assert_eq!(text(l, s[0].plan_percent), "194,89%");
        assert_eq!(&*s[0].key, "thu ngan sach tren dia ban don vi huong");
    }

    #[test]
    fn a_rate_and_its_plan() {
        let l = "- Tỷ lệ hộ gia đình đạt chuẩn văn hoá đạt 98,4% (kế hoạch 98% trở lên);";
        let s = st(l);
        assert_eq!(text(l, s[0].value), "98,4%");
        assert_eq!(text(l, s[0].plan), "98% trở lên");
        assert_eq!(s[0].plan_percent, None);
        assert_eq!(&*s[0].key, "ty le ho gia dinh chuan van hoa");
        let l = "- Tỷ lệ trẻ em SDD dưới 5 tuổi 6,48% (kế hoạch 6,5%);";
        let s = st(l);
        assert_eq!(text(l, s[0].value), "6,48%");
        assert_eq!(text(l, s[0].plan), "6,5%");
    }

    #[test]
    fn a_plan_after_trong_do_belongs_to_the_part() {
        let l = "Kết quả 9/11 chỉ tiêu đạt và vượt kế hoạch, trong đó tốc độ tăng trưởng các ngành kinh tế chỉ đạt 10% so với chỉ tiêu là 14%, nhưng trong điều kiện khó khăn.";
        let s = st(l);
        assert_eq!(text(l, s[0].value), "9/11 chỉ tiêu");
        assert_eq!(s[0].plan, None, "{s:?}");
        // `đạt 10% so với chỉ tiêu là 14%` compares a rate with its plan: 10% is no percentage
        // of plan.
        assert_eq!(s[0].plan_percent, None, "{s:?}");
        // Right after the total, in a bracket of parts or after it, the plan is the total's.
        let l = "- Tổng thu 147,21 tỷ đồng (trong đó thu thuế 107,9 tỷ đồng) (kế hoạch 150 tỷ đồng);";
        let s = st(l);
        assert_eq!(text(l, s[0].plan), "150 tỷ đồng");
    }

    #[test]
    fn two_indicators_in_one_clause() {
        let l = "- Tốc độ tăng trưởng kinh tế là 8% (chỉ tiêu là 10%), thu nhập bình quân đầu người ước đạt trên 55,1 triệu đồng/người/năm (chỉ tiêu 56 triệu đồng/người/năm)";
        let s = st(l);
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(text(l, s[0].value), "8%");
        assert_eq!(text(l, s[0].plan), "10%");
        assert_eq!(text(l, s[1].plan), "56 triệu đồng/người/năm");
        assert_eq!(&*s[1].key, "thu nhap binh quan dau nguoi");
    }

    #[test]
    fn fraction_and_percentage() {
        let l = "Kết quả: học sinh đạt thành tích xuất sắc có 371/853 em, đạt 43,5%; Tỷ lệ lên lớp đạt 99,5%";
        let s = st(l);
        assert_eq!(s[0].ratio.map(|(f, p)| (text(l, Some(f)), text(l, Some(p)))), Some(("371/853 em".into(), "43,5%".into())));
        let l = "Số hộ nghèo: 47/2.582 chiếm tỉ lệ: 1,82%";
        let s = st(l);
        assert!(s[0].ratio.is_some(), "{s:?}");
    }

    #[test]
    fn shares_and_changes() {
        let l = "Tổng thu nhập từ hoạt động thương mại dịch vụ năm 2020 ước đạt 159.917 triệu đồng, đạt 97% kế hoạch năm, tăng 13.233 triệu đồng so với năm 2019, chiếm 74% cơ cấu kinh tế.";
        let s = st(l);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(text(l, s[0].plan_percent), "97%");
        assert_eq!(s[0].changes.len(), 1);
        assert_eq!(s[0].changes[0].since, Some(2019));
        assert_eq!(s[0].share.as_ref().map(|(_, w)| w.as_str()), Some("co cau kinh te"));
        assert_eq!(&*s[0].key, "tong thu nhap tu hoat dong thuong mai dich vu");
        let l = "Dư nợ cho vay: 58 tỷ 123 triệu đồng, đạt 83,03% kế hoạch (giảm so với cuối năm 2020 là 4 tỷ 911 triệu đồng).";
        let s = st(l);
        assert_eq!(s[0].changes.len(), 1, "{s:?}");
        assert_eq!(s[0].changes[0].dir, Direction::Down);
        let l = "Tỷ lệ hộ nghèo giảm còn 1,2% (kế hoạch dưới 1,5%);";
        let s = st(l);
        assert_eq!(text(l, s[0].value), "1,2%");
        assert!(s[0].changes.is_empty());
    }

    #[test]
    fn counts_parts_and_all_met() {
        let s = st("1. Chỉ tiêu kinh tế (03 chỉ tiêu):");
        assert!(s[0].count.is_some(), "{s:?}");
        let l = "Như vậy, 13 chỉ tiêu mà Nghị quyết Đảng ủy- HĐND thị trấn đề ra đều đạt và vượt kế hoạch.";
        let s = st(l);
        assert!(s[0].all_met && s[0].count.is_some(), "{s:?}");
        let s = st("Trong đó:");
        assert!(s[0].parts_follow && s[0].is_part);
        let l = "Tính đến cuối tháng 9 năm 2020, tổng dư nợ vay là 147,21 tỷ đồng (trong đó tại Ngân hàng Nông nghiệp và PTNT 107,9 tỷ đồng, Ngân hàng chính sách xã hội 24,31 tỷ đồng)";
        let s = st(l);
        assert!(s[0].parts_follow, "{s:?}");
        assert_eq!(text(l, s[0].value), "147,21 tỷ đồng");
        assert_eq!(s[0].others.len(), 2);
        let s = st("- Tổng thu ngân sách năm 2021 là: 7.804.089.625đ đạt 93% kế hoạch.");
        assert_eq!(&*s[0].key, "tong thu ngan sach");
        assert!(s[0].plan_percent.is_some());
    }
}

#[cfg(test)]
mod prop_tests {
    use super::*;
    use crate::numbers::lex;
    use proptest::prelude::*;

    fn pieces() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "Tổng thu ", "đạt ", "(kế hoạch ", "chỉ tiêu ", "trong đó ", "gồm: ", "chiếm ", "tăng ", "giảm ", "so với năm 2019",
            "gấp ", " lần", "3.368 triệu đồng", "98,3%", "121/130 hộ", "(07 chỉ tiêu)", "đều đạt và vượt", ", ", "; ", ". ",
            ")", "(", "đ", "ế", "e\u{301}", "𝟙", ":", "=", "1,5", "12,500", "kh ", "là ", "còn ", "  ", "-", "\t",
            "1. Kinh tế: ", "Thu ngân sách 3.368 triệu đồng, đạt 194,89% (kế hoạch 1.728 triệu đồng); tỷ lệ 121/130 hộ ",
        ]);
        prop::collection::vec(words, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn statements_never_panic_and_stay_in_bounds(s in pieces()) {
            let qs = lex(&s);
            for st in statements(&s, &qs) {
                prop_assert!(st.span.start <= st.span.end && st.span.end as usize <= s.len());
                prop_assert!(s.is_char_boundary(st.span.start as usize) && s.is_char_boundary(st.span.end as usize));
                if let Some(n) = &st.name {
                    prop_assert!(s.is_char_boundary(n.start as usize) && s.is_char_boundary(n.end as usize));
                }
                for q in [st.value, st.plan, st.plan_percent, st.count].into_iter().flatten() {
                    prop_assert!((q as usize) < qs.len());
                    let r = &qs[q as usize].range;
                    prop_assert!(st.span.start <= r.start && r.end <= st.span.end, "{:?} outside {:?} in {:?}", r, st.span, s);
                }
                if let Some(p) = st.parts_from {
                    prop_assert!(s.is_char_boundary(p as usize));
                }
            }
        }
    }
}
