//! The figures of a whole document: every statement with its context (results or plan, which
//! section, which report), the lists of parts under a total, and an index of the indicators.
//! Built once per analysis from the per-line statements; the checks and the hover read it.

use rustc_hash::FxHashMap;

use rust_decimal::Decimal;

use super::compare::Written;
use super::extract::{Statement, Q};
use crate::document::LineFlags;
use crate::numbers::{Certainty, DocNumberStyle, Quantity, UnitKind, Value};
use crate::syntax::line::{LineInfo, LineKind, TitleKind};
use crate::syntax::numbering::Numbering;
use crate::syntax::structure::{SectionKind, Structure};
use crate::text::fold::fold_ascii;

/// A statement: line and index among the line's statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StmtId {
    pub line: u32,
    pub i: u32,
}

/// A figure: line and index among the line's quantities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FigId {
    pub line: u32,
    pub q: Q,
}

/// Where a statement stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// A target (plan part, `phấn đấu`) rather than a result.
    pub plan: bool,
    /// The report it belongs to (several may be pasted into one file).
    pub scope: u32,
    /// The innermost section holding it.
    pub section: Option<usize>,
}

/// A total and the parts listed under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartsList {
    pub total: FigId,
    pub total_stmt: StmtId,
    pub parts: Vec<FigId>,
    /// One part per line below the total (a clean list), rather than parts in running text.
    pub lines_below: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub stmts: Vec<StmtId>,
    pub ctx: Vec<Context>,
    pub parts_lists: Vec<PartsList>,
    /// Indicator key → statements, in document order.
    pub by_key: FxHashMap<String, Vec<usize>>,
    pub style: DocNumberStyle,
    /// The year the report was written (from its date, else its title).
    pub report_year: Option<u32>,
    /// For each line, the line that opens the list it belongs to: the nearest line above in the
    /// same section that ends with `:` and states no figure (`- Dịp tết nguyên đán:`).
    pub list_intro: Vec<Option<u32>>,
    /// The lines that hold at least one quantity, in order: the only lines a check about
    /// figures needs to read (most lines of a long file hold none).
    pub quantity_lines: Vec<u32>,
}

/// What the model needs from the analysis (kept small so it can be built before the checks).
pub struct Input<'a> {
    pub lines: &'a [std::sync::Arc<LineInfo>],
    /// The lines' [`LineFlags`] (the passes skip the lines without statements or figures).
    pub flags: &'a [u8],
    pub starts: &'a [usize],
    pub structure: &'a Structure,
    pub text: &'a (dyn Fn(usize) -> String + Sync),
    /// The line ranges of the tables, sorted: their lines state no statement of running text
    /// (the table reader reads them, [`crate::reading::table`]).
    pub tables: &'a [std::ops::Range<u32>],
}

impl Input<'_> {
    /// Is `line` a line of a table?
    fn in_table(&self, line: usize) -> bool {
        !self.tables.is_empty() && {
            let k = self.tables.partition_point(|r| r.end as usize <= line);
            self.tables.get(k).is_some_and(|r| r.start as usize <= line)
        }
    }
}

impl Figures {
    pub fn build(inp: &Input) -> Figures {
        // Independent passes: on a long report the lists are found on a second core.
        let (mut f, (parts_lists, list_intro)) = crate::par::join(
            inp.lines.len() >= 4000,
            || {
                let mut f = Figures { style: DocNumberStyle::new(), ..Default::default() };
                f.report_year = report_year(inp);
                let plan_of = plan_sections(inp.structure);
                // One walk over the lines (each is a cache miss on a long file): the document's
                // number style from every quantity, and every statement indexed.
                for (line, &fl) in inp.flags.iter().enumerate() {
                    if fl & (LineFlags::QUANTITIES | LineFlags::STATEMENTS) == 0 {
                        continue;
                    }
                    let li = &inp.lines[line];
                    if !li.quantities.is_empty() {
                        f.quantity_lines.push(line as u32);
                    }
                    for q in li.quantities.iter() {
                        f.style.add(q);
                    }
                    if inp.in_table(line) {
                        continue;
                    }
                    for (i, s) in li.statements.iter().enumerate() {
                        let id = StmtId { line: line as u32, i: i as u32 };
                        let ctx = context(inp, &plan_of, line, s);
                        if !s.key.is_empty() && s.value.is_some() {
                            // Most keys come again: look up before allocating the owned key.
                            match f.by_key.get_mut(&*s.key) {
                                Some(ids) => ids.push(f.stmts.len()),
                                None => {
                                    f.by_key.insert(s.key.to_string(), vec![f.stmts.len()]);
                                }
                            }
                        }
                        f.stmts.push(id);
                        f.ctx.push(ctx);
                    }
                }
                f
            },
            || (parts_lists(inp), list_intros(inp)),
        );
        f.parts_lists = parts_lists;
        f.list_intro = list_intro;
        f
    }

    /// A quantity read as the document reads it (an ambiguous `12,500` resolved), and how sure
    /// that reading is. Borrowed unless the reading changes it.
    pub fn settled<'q>(&self, q: &'q Quantity) -> (std::borrow::Cow<'q, Quantity>, Certainty) {
        match self.style.resolve(q) {
            Some(r) if q.ambiguity.as_ref().is_some_and(|a| a.chosen != r.reading) => {
                (std::borrow::Cow::Owned(q.with_reading(r.reading)), r.certainty)
            }
            Some(r) => (std::borrow::Cow::Borrowed(q), r.certainty),
            None => (std::borrow::Cow::Borrowed(q), Certainty::Sure),
        }
    }
}

/// The number of a quantity with its precision: counts are exact, measured amounts are known
/// to half a unit of their last digit, compound money (`58 tỷ 123 triệu`) to half a unit of
/// its smallest scale word.
pub fn written(q: &Quantity) -> Option<Written> {
    let v = q.value.exact()?;
    if let Some(c) = &q.style.compound {
        // The value is in units of the highest scale word; the last word is 10^(p0 - pn) of it.
        let (Some(&(p0, _)), Some(&(pn, _))) = (c.words.first(), c.words.last()) else { return Some(Written::exact(v)) };
        return Some(Written { value: v, ulp: Decimal::new(1, p0.saturating_sub(pn).min(20)) });
    }
    let decimals = q.numerals.first().map(|n| n.style.decimals as u32).unwrap_or(0);
    let is_count = q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Count);
    if is_count && decimals == 0 {
        return Some(Written::exact(v));
    }
    Some(Written::rounded(v, decimals))
}

/// Convert a quantity's exact value into `to`'s unit (a quantity without unit is taken to be
/// in `to`'s unit).
pub fn in_unit_of(q: &Quantity, to: &Quantity) -> Option<Written> {
    let w = written(q)?;
    match (&q.unit, &to.unit) {
        (None, _) | (_, None) => Some(w),
        (Some(a), Some(b)) if a.comparable(b) => {
            let factor = a.convert(Decimal::ONE, b)?;
            Some(Written { value: w.value.checked_mul(factor)?, ulp: w.ulp.checked_mul(factor)? })
        }
        _ => None,
    }
}

fn report_year(inp: &Input) -> Option<u32> {
    // The header's date, else the largest year in the header's title.
    let header = inp.structure.roots.iter().map(|&r| &inp.structure.sections[r]).find(|s| s.kind == SectionKind::Header)?;
    let mut best: Option<u32> = None;
    for line in header.line as usize..=header.last_line as usize {
        let t = (inp.text)(line);
        let f = fold_ascii(&t);
        let years: Vec<u32> = f
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .filter_map(|w| w.parse().ok())
            .filter(|y| (1950..=2100).contains(y))
            .collect();
        if f.contains("ngay") && f.contains("thang") && f.contains("nam") {
            if let Some(&y) = years.last() {
                return Some(y);
            }
        }
        best = best.max(years.into_iter().max());
    }
    best
}

/// For every section: is it (or a section above it) about the plan (targets) rather than the
/// results? Parts after the first, and top-level sections titled `Nhiệm vụ…`, `Phương hướng…`,
/// `Kế hoạch…`, `Mục tiêu…`, are.
/// For each section, whether it is part of a plan (targets, not results).
pub fn plan_sections(st: &Structure) -> Vec<bool> {
    let mut plan = vec![false; st.sections.len()];
    // Sections are in pre-order: a parent comes before its children.
    for (i, sec) in st.sections.iter().enumerate() {
        let plan_title = sec.title_kind == TitleKind::Plan;
        let results_title = sec.title_kind == TitleKind::Results;
        let inherited = sec.parent.is_some_and(|p| plan[p]);
        let own = match (sec.kind, &sec.numbering) {
            (SectionKind::Part, Some(Numbering::Part(n))) => (*n >= 2 && !results_title) || plan_title,
            _ if sec.parent.is_none_or(|p| st.sections[p].kind == SectionKind::Part) => plan_title,
            _ => false,
        };
        plan[i] = inherited || own;
    }
    plan
}

/// Where a statement stands: its section, its report, results or plan.
fn context(inp: &Input, plan_of: &[bool], line: usize, s: &Statement) -> Context {
    let section = inp.structure.line_section.get(line).copied().flatten().map(|i| i as usize);
    let scope = section.map(|i| inp.structure.sections[i].scope).unwrap_or(0);
    Context { plan: s.target || section.is_some_and(|i| plan_of[i]), scope, section }
}

fn list_intros(inp: &Input) -> Vec<Option<u32>> {
    let mut out = Vec::with_capacity(inp.lines.len());
    let mut current: Option<u32> = None;
    let mut section: Option<u32> = None;
    for (line, &fl) in inp.flags.iter().enumerate() {
        let sec = inp.structure.line_section.get(line).copied().flatten();
        if sec != section {
            section = sec;
            current = None;
        }
        out.push(current);
        if fl & LineFlags::LIST_INTRO != 0 {
            current = Some(line as u32);
        }
    }
    out
}

fn comparable(a: &Quantity, b: &Quantity) -> bool {
    match (&a.unit, &b.unit) {
        (Some(x), Some(y)) => x.comparable(y),
        (None, None) => true,
        // A figure without unit next to money in đồng (`918.065.459`) counts as money; a
        // small bare number (`5 địa phương`) is no sum of money, nor a count of another noun.
        (None, Some(u)) | (Some(u), None) => {
            let bare = if a.unit.is_none() { a } else { b };
            match u.kind {
                UnitKind::Money(_) => bare.numerals.first().is_some_and(|n| n.value >= Decimal::from(1000)),
                // `06 Trộm cắp` among `03 vụ`: a count whose noun was left out.
                _ => !matches!(u.kind, UnitKind::Percent | UnitKind::PerMille),
            }
        }
    }
}

fn is_amount(q: &Quantity) -> bool {
    matches!(q.value, Value::Exact(_)) && !q.unit.as_ref().is_some_and(|u| matches!(u.kind, UnitKind::Percent | UnitKind::PerMille | UnitKind::Age | UnitKind::Period | UnitKind::Time))
}

/// Totals and their parts, in three shapes:
/// - after `trong đó`/`gồm` in the total's own statement (`147,21 tỷ đồng (trong đó … 107,9 tỷ
///   đồng, … 24,31 tỷ đồng …)`);
/// - in the statements of the next sentence when it starts with `Trong đó` (`… 87 hồ sơ. Trong
///   đó, đã giải quyết 63 hồ sơ, đang thẩm tra 20 hồ sơ, 04 hồ sơ …`);
/// - on the lines below the total (`Trong đó:` and one part a line).
fn parts_lists(inp: &Input) -> Vec<PartsList> {
    let mut out = Vec::new();
    for line in 0..inp.lines.len() {
        if inp.flags[line] & LineFlags::STATEMENTS == 0 || inp.in_table(line) {
            continue;
        }
        let li = &inp.lines[line];
        for (si, s) in li.statements.iter().enumerate() {
            let Some(v) = s.value else { continue };
            let total = &li.quantities[v as usize];
            if !is_amount(total) {
                continue;
            }
            let total_fig = FigId { line: line as u32, q: v };
            let total_stmt = StmtId { line: line as u32, i: si as u32 };
            let mut push = |parts: Vec<FigId>, lines_below: bool| out.push(PartsList { total: total_fig, total_stmt, parts, lines_below });
            if s.parts_follow {
                let inline = inline_parts(inp, line, si);
                if !inline.is_empty() {
                    push(inline, false);
                } else if si + 1 == li.statements.len() {
                    // Parts on the lines below: only from the last statement of the line.
                    if let Some(parts) = parts_below(inp, line, total) {
                        push(parts, true);
                    }
                }
            } else if let Some(parts) = next_sentence_parts(inp, line, si) {
                push(parts, false);
            } else if si + 1 == li.statements.len() && next_line_opens_parts(inp, line) {
                if let Some(parts) = parts_below(inp, line, total) {
                    push(parts, true);
                }
            }
        }
    }
    out
}

/// The parts after `trong đó` in statement `si`: up to the closing bracket when they are in
/// brackets, else to the end of the clause.
fn inline_parts(inp: &Input, line: usize, si: usize) -> Vec<FigId> {
    let li = &inp.lines[line];
    let s = &li.statements[si];
    let (Some(from), Some(v)) = (s.parts_from, s.value) else { return Vec::new() };
    let total = &li.quantities[v as usize];
    // In a bracket, to its end; else to the end of the clause (the statements split from it at
    // commas belong to the list too).
    let end = match s.parts_to {
        Some(to) => to,
        None => li.statements[si..].iter().take_while(|t| t.clause == s.clause).map(|t| t.span.end).max().unwrap_or(s.span.end),
    };
    let region = from as usize..end as usize;
    // A bracket inside the list is a part's own breakdown (`miền Bắc 12,4 triệu tấn (riêng
    // vùng đồng bằng 5,6 triệu tấn)`): its figures are no parts of this total.
    let text = (inp.text)(line);
    let depth = |at: usize| {
        let gap = text.get(region.start.min(at)..at).unwrap_or("");
        gap.matches('(').count() as i64 - gap.matches(')').count() as i64
    };
    // (The depth of the first figure is the list's own: `trong đó có (06 vụ …, 03 vụ …)`.)
    let base = li.quantities.iter().find(|q| q.range.start as usize >= region.start).map(|q| depth(q.range.start as usize)).unwrap_or(0);
    let nested = |at: usize| depth(at) > base;
    li.quantities
        .iter()
        .enumerate()
        .filter(|&(qi, q)| {
            !nested(q.range.start as usize)
                && q.range.start as usize >= region.start
                && q.range.end as usize <= region.end
                && qi != v as usize
                && is_part_figure(li, qi)
                && comparable(q, total)
        })
        .map(|(qi, _)| FigId { line: line as u32, q: qi as Q })
        .collect()
}

/// When the statement after `si` starts with `Trong đó`: its value and the values of the
/// statements after it, to the end of its sentence.
fn next_sentence_parts(inp: &Input, line: usize, si: usize) -> Option<Vec<FigId>> {
    let li = &inp.lines[line];
    let total = &li.quantities[li.statements[si].value? as usize];
    let next = li.statements.get(si + 1)?;
    if !next.is_part || next.value.is_none() {
        return None;
    }
    // A statement that gives a second amount of the kind (`là 72,40 tỷ đồng và đã giải ngân
    // 65,3 tỷ đồng`) pairs what was planned with what was done: which of them the parts add
    // up to is not read here.
    let paired = |t: &crate::figures::extract::Statement| {
        t.others.iter().any(|&o| {
            let q = &li.quantities[o as usize];
            is_amount(q) && comparable(q, total)
        })
    };
    if paired(&li.statements[si]) {
        return None;
    }
    let mut parts = Vec::new();
    for t in li.statements[si + 1..].iter().take_while(|t| t.sentence == next.sentence) {
        let q = &li.quantities[t.value? as usize];
        if !comparable(q, total) || !is_amount(q) || paired(t) {
            return None;
        }
        parts.push(FigId { line: line as u32, q: t.value? });
    }
    (parts.len() >= 2).then_some(parts)
}

/// Does the next non-blank line start with `Trong đó` (alone or with its first part)?
fn next_line_opens_parts(inp: &Input, line: usize) -> bool {
    (line + 1..inp.lines.len())
        .find(|&k| inp.lines[k].kind != LineKind::Blank)
        .and_then(|k| inp.lines[k].statements.first())
        .is_some_and(|s| s.is_part)
}

/// Is quantity `qi` of a line a figure that can be a part (a value or an extra amount, not a
/// plan, a percentage of plan or a change)?
fn is_part_figure(li: &LineInfo, qi: usize) -> bool {
    let q = qi as Q;
    !li.statements.iter().any(|s| {
        s.plan == Some(q) || s.plan_percent == Some(q) || s.changes.iter().any(|c| c.q == q) || s.ratio.is_some_and(|(_, p)| p == q) || s.share.as_ref().is_some_and(|(p, _)| *p == q) || s.count == Some(q)
    })
}

/// The parts listed on the lines below a total: a `Trong đó` line and/or bullets indented
/// deeper (or marked differently) than the total's line. Each line must state exactly one
/// figure comparable with the total, else the list is not clean and nothing is returned.
fn parts_below(inp: &Input, line: usize, total: &Quantity) -> Option<Vec<FigId>> {
    let n = inp.lines.len();
    let base_indent = inp.lines[line].indent;
    let base_marker = inp.lines[line].marker;
    let mut parts = Vec::new();
    let mut k = line + 1;
    let mut after_intro = false;
    while k < n {
        let li = &inp.lines[k];
        if li.kind == LineKind::Blank {
            k += 1;
            continue;
        }
        let first = li.statements.first();
        let intro = first.is_some_and(|s| s.is_part);
        let deeper = matches!(li.kind, LineKind::Bullet { .. }) && (li.indent > base_indent || li.marker != base_marker);
        if !(intro || deeper || (after_intro && matches!(li.kind, LineKind::Bullet { .. }) && parts.is_empty())) {
            break;
        }
        after_intro = intro;
        let with_values: Vec<&Statement> = li.statements.iter().filter(|s| s.value.is_some()).collect();
        match with_values.as_slice() {
            [] if intro => {}
            [s] => {
                let v = s.value.expect("filtered");
                let q = &li.quantities[v as usize];
                if !comparable(q, total) || !is_amount(q) {
                    return None;
                }
                parts.push(FigId { line: k as u32, q: v });
            }
            _ => return None,
        }
        k += 1;
    }
    (parts.len() >= 2).then_some(parts)
}
