//! Tables that lost their lines: a table copied out of a PDF or a web page arrives as rows of
//! bare numbers (`Cộng 1.968,8 2.362,2 3.157,2 1 Chi sự nghiệp kinh tế 206,5 277,9 396,3 …`),
//! one row per line, several rows on a line, or one number per line, with a header too broken
//! to say which column is which.
//!
//! Such a table still says how its columns and rows are tied, by its own arithmetic: a column
//! that is another divided by a third (`% so KH`, `2012/2011`), a column that is the sum of
//! others (`Tổng số = Nam + Nữ`), a share column against the row that holds 100, a row that is
//! the sum of the rows under it (next to each other, or by their list markers: the `-` rows
//! under a numbered total, the `+` rows under each `-` row left out). A tie is *established* only when most rows (at least three
//! for a column, two columns for a row) obey it exactly; a cell that breaks an established tie
//! clearly is then a [`Link`] for the checks to judge, as a probable reading. Nothing is read
//! from a block where no tie is established: a run of numbers in prose is left alone.
//!
//! Only the cells that break a tie are handed on: the tie itself is the evidence, and a cell
//! that keeps it needs no judging.

use std::ops::Range;
use std::sync::Arc;

use rust_decimal::prelude::*;

use super::header::{names_a_table, normalise, year_in};
use crate::figures::compare::{agree, annual_rate, percent, Agreement, Written};
use crate::figures::model::FigId;
use crate::numbers::{Quantity, UnitKind, Value};
use crate::syntax::line::{LineInfo, LineKind};
use crate::text::fold::fold_ascii;

/// A cell that breaks a tie its table establishes elsewhere, with the figures it is tied to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// `stated = part / whole × 100` (a column over another, a share of the row holding 100).
    Ratio { part: FigId, whole: FigId, stated: FigId },
    /// `stated = (now − before) / before × 100`.
    Pct { now: FigId, before: FigId, stated: FigId },
    /// `stated = now / before × 100`: an index against the year before (`Năm trước = 100`).
    Index { now: FigId, before: FigId, stated: FigId },
    /// `total = Σ parts` (a column the sum of others, a row the sum of the rows under it).
    Sum { total: FigId, parts: Vec<FigId> },
    /// `stated = ((end / start)^(1/years) − 1) × 100`: the average yearly growth over the
    /// row's levels.
    Growth { start: FigId, end: FigId, stated: FigId, years: u32 },
    /// `stated = 100 × (Π indices / 100)^(1/n)`: the average of yearly indices (`105,96 104,29`
    /// and `BQ 105,12`, each year against the one before = 100).
    MeanIndex { indices: Vec<FigId>, stated: FigId },
}

/// A table without lines, as far as its arithmetic shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flat {
    pub lines: Range<u32>,
    pub links: Vec<Link>,
    /// Cells read as percentages (the stated figure of a ratio or a change).
    pub percent: Vec<FigId>,
}

/// A cell: its figure and its value as written.
#[derive(Debug, Clone, Copy)]
struct Num {
    fig: FigId,
    w: Written,
    decimals: u32,
    /// The value is read for sure (not an ambiguous `1.250`, unless its block settles it).
    sure: bool,
    /// An ambiguous number's reading and separator: `(true, '.')` for `1.250` read as thousands,
    /// `(false, ',')` for `1,372` read with decimals. Sure when the block writes its other
    /// numbers that way (`6,5`, `12.480,5`).
    ambiguous: Option<(bool, char)>,
    /// The separators an unambiguous number shows: (Vietnamese style, English style).
    style: (bool, bool),
}

/// A row: the numbers of one run, and the words before them.
#[derive(Debug, Clone)]
struct Row {
    label: String,
    nums: Vec<Num>,
    /// The row comes right under a block caption (`Chỉ số phát triển (Năm trước = 100) - %`):
    /// it opens a new block, the sister of the one above.
    opens: bool,
}

/// The most columns and rows a block is read with (the search is cubic in columns).
const MAX_COLS: usize = 16;
const MAX_ROWS: usize = 200;
/// The most rows a row total is looked for under (or over) it.
const MAX_SPAN: usize = 40;
/// The most lines between a table and an earlier one it is read against.
const MAX_APART: u32 = 400;

/// A figure that can be a table cell: a bare number (or a percentage), exact.
fn cell_num(line: u32, k: usize, q: &Quantity, text: &str) -> Option<Num> {
    // A capitalised "unit" after a cell is the next row's name (`103,1 Lao động nữ`).
    let named_next = |u: &crate::numbers::Unit| text.get(u.range.start as usize..).and_then(|t| t.chars().next()).is_some_and(|c| c.is_uppercase());
    if q.unit.as_ref().is_some_and(|u| u.kind != UnitKind::Percent && !named_next(u)) || q.bound != crate::numbers::Bound::Exact {
        return None;
    }
    let Value::Exact(v) = q.value else { return None };
    let decimals = q.numerals.first().map(|n| n.style.decimals as u32).unwrap_or(0);
    let ambiguous = q.ambiguity.as_ref().map(|a| (a.chosen == crate::numbers::Reading::Thousands, a.sep));
    let st = &q.style;
    let style = if q.ambiguity.is_some() { (false, false) } else { (st.decimal_sep == Some(',') || st.thousands_sep == Some('.'), st.decimal_sep == Some('.') || st.thousands_sep == Some(',')) };
    Some(Num { fig: FigId { line, q: k as u32 }, w: Written::rounded(v, decimals), decimals, sure: q.ambiguity.is_none(), ambiguous, style })
}

/// Settle the block's ambiguous numbers by the way its other numbers are written: `1.250` is
/// one thousand two hundred and fifty, and `1,372` is one and a bit, where the block writes
/// `6,5` or `12.480,5`.
fn settle(rows: &mut [Row]) {
    let vn = rows.iter().flat_map(|r| r.nums.iter()).any(|n| n.style.0);
    let en = rows.iter().flat_map(|r| r.nums.iter()).any(|n| n.style.1);
    // The separator a reading in the block's own style uses for thousands.
    let thousands_sep = match (vn, en) {
        (true, false) => '.',
        (false, true) => ',',
        _ => return,
    };
    for n in rows.iter_mut().flat_map(|r| r.nums.iter_mut()) {
        if let Some((thousands, sep)) = n.ambiguous {
            if thousands == (sep == thousands_sep) {
                n.sure = true;
            }
        }
    }
}

/// A year written alone (`2019`): a row's name in a yearbook, not a cell.
fn year_like(q: &Quantity, text: &str) -> bool {
    let r = q.number_range.start as usize..q.number_range.end as usize;
    text.get(r).is_some_and(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) && (1950..=2100).contains(&s.parse::<u32>().unwrap_or(0)))
}

/// A row's ordinal written after the numbers of the row before (`… 1.150,43 2 Chi SN …`).
fn ordinal_like(q: &Quantity, text: &str) -> bool {
    let r = q.number_range.start as usize..q.number_range.end as usize;
    text.get(r).is_some_and(|s| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
}

/// Does the text after a number open a row's name (`Chi`, `. Tổng số`, `) Lao động`)?
fn opens_name(after: &str) -> bool {
    let t = after.trim_start_matches(['.', ')']);
    t.starts_with(char::is_whitespace) && t.trim_start().chars().next().is_some_and(|c| c.is_alphabetic())
}

/// Can a line open a row: two bare numbers side by side (at most a few bytes apart), or a lone
/// number on its line? Decided from the lexed figures alone.
fn may_hold_row(li: &LineInfo) -> bool {
    let bare = |q: &Quantity| q.unit.is_none() || q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent);
    let qs = &li.quantities;
    if qs.len() == 1 {
        let q = &qs[0];
        return bare(q) && q.range.start <= li.indent + 1 && q.range.end + 2 >= li.len;
    }
    qs.windows(2).any(|w| bare(&w[0]) && (bare(&w[1]) || w[1].unit.is_some()) && w[1].range.start.saturating_sub(w[0].range.end) <= 3)
}

/// A line of a year and one bare number (`2018 3.105`: a yearbook's column of one indicator).
fn year_row(li: &LineInfo, text: &dyn Fn() -> String) -> bool {
    let [q] = &*li.quantities else { return false };
    let bare = q.unit.is_none() || q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent);
    if !bare || q.range.end + 2 < li.len || !(li.indent + 5..=li.indent + 8).contains(&q.range.start) {
        return false;
    }
    let t = text();
    t.get(..q.range.start as usize).is_some_and(|h| {
        let h = h.trim();
        h.len() == 4 && year_in(h).is_some()
    })
}

/// The rows of numbers in the lines not taken by other tables.
fn rows_of(lines: &[Arc<LineInfo>], text: &dyn Fn(usize) -> String, taken: &[Range<u32>]) -> Vec<(u32, Vec<Row>)> {
    // Blocks of rows: a line of prose without numbers longer than this ends a block.
    let mut blocks: Vec<(u32, Vec<Row>)> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut cur: Option<Row> = None;
    let mut label = String::new();
    let mut start = 0u32;
    let mut blanks = 0;
    // The current run began on a line holding numbers only.
    let mut cur_numeric = false;
    // A line of words with no block open, that may name the next row.
    let mut label_line: Option<usize> = None;
    // A block caption was met: the next row opens a sister block.
    let mut opens = false;
    let close = |cur: &mut Option<Row>, rows: &mut Vec<Row>| {
        if let Some(r) = cur.take() {
            // A row of one cell only under a year (`2012` / `112,35`: a yearbook's column of
            // indices): its block says the rest.
            if r.nums.len() >= 2 || r.nums.len() == 1 && year_in(&r.label).is_some() && r.label.split_whitespace().count() <= 5 {
                rows.push(r);
            }
        }
    };
    let flush = |rows: &mut Vec<Row>, blocks: &mut Vec<(u32, Vec<Row>)>, start: u32| {
        if rows.len() >= 3 {
            blocks.push((start, std::mem::take(rows)));
        } else {
            rows.clear();
        }
    };
    for (i, li) in lines.iter().enumerate() {
        let l = i as u32;
        if taken.iter().any(|r| r.contains(&l)) {
            close(&mut cur, &mut rows);
            flush(&mut rows, &mut blocks, start);
            continue;
        }
        if li.quantities.is_empty() {
            if li.kind == LineKind::Blank {
                blanks += 1;
                if blanks > 2 {
                    close(&mut cur, &mut rows);
                }
                continue;
            }
            close(&mut cur, &mut rows);
            if rows.is_empty() {
                // No block open: the line may name the next row; read it only then.
                label_line = Some(i);
                label.clear();
                blanks = 0;
                continue;
            }
            let t = text(i);
            opens |= block_caption(&t);
            // Prose or the caption of the next table ends the rows (not a heading: a row
            // name `2. Tổng giá trị gia tăng` wrapped onto a line of its own looks like one).
            if t.chars().count() > 160 || caption_like(&t) {
                flush(&mut rows, &mut blocks, start);
                label.clear();
            } else {
                label = t.trim().to_string();
            }
            blanks = 0;
            continue;
        }
        blanks = 0;
        if rows.is_empty() && cur.is_none() {
            // Most lines of a report are prose with figures in units: a line with no two bare
            // numbers side by side and not a lone number opens no row (read without its text).
            if !may_hold_row(li) && !year_row(li, &|| text(i)) {
                label_line = None;
                label.clear();
                continue;
            }
            start = l;
            if label.is_empty() {
                if let Some(k) = label_line.take() {
                    label = text(k).trim().to_string();
                }
            }
        }
        let t = super::grid::visible(&text(i));
        if block_caption(&t) {
            // (`Chỉ số phát triển (Năm trước = 100) - %`: its `100` is no cell.)
            close(&mut cur, &mut rows);
            opens = true;
            label.clear();
            continue;
        }
        // A run goes on from the line before when its row's numbers began on a line of their
        // own (one number per line), or when this line opens with two numbers or more (not
        // with a page number, nor with the next row's ordinal).
        let mut lead = 0;
        let mut p = 0usize;
        for q in li.quantities.iter() {
            if !t.get(p..q.range.start as usize).unwrap_or("x").trim().is_empty() {
                break;
            }
            lead += 1;
            p = q.range.end as usize;
        }
        let only_numbers = t.get(p..).unwrap_or("").trim().is_empty() && lead == li.quantities.len();
        if !(lead >= 2 || cur_numeric && only_numbers) {
            close(&mut cur, &mut rows);
        }
        if cur.is_none() {
            cur_numeric = only_numbers;
        }
        let mut pos = 0usize;
        for (k, q) in li.quantities.iter().enumerate() {
            let qs = (q.range.start as usize).min(t.len());
            let gap = t.get(pos..qs).unwrap_or("");
            let mut num = cell_num(l, k, q, &t);
            // A cell written with its sign (`0,121 -0,109`, `2022 -0,268`): the sign glued to the
            // number, after a space or at the line's start.
            let unsigned = gap.strip_suffix('-').or_else(|| gap.strip_suffix('−')).filter(|b| b.ends_with(char::is_whitespace) || b.is_empty() && pos == 0);
            if unsigned.is_some() {
                if let Some(n) = num.as_mut() {
                    n.w.value = -n.w.value;
                }
            }
            let gap = unsigned.unwrap_or(gap);
            let joined = gap.trim().is_empty() && cur.is_some();
            if !joined {
                let pending = cur.is_none() && !rows.is_empty() && marker(&label).is_some();
                close(&mut cur, &mut rows);
                let g = gap.trim();
                if !g.is_empty() {
                    // A row name wrapped (`- Nông, lâm, ngư` / `nghiệp Tỷ đồng 331 …`) is one name.
                    label = if pending { format!("{label} {g}") } else { g.to_string() };
                }
            }
            pos = (if q.unit.as_ref().is_some_and(|u| u.kind != UnitKind::Percent) { q.number_range.end } else { q.range.end } as usize).min(t.len());
            let Some(num) = num else {
                close(&mut cur, &mut rows);
                label.clear();
                continue;
            };
            // A year opening a run names the row.
            if cur.is_none() && year_like(q, &t) {
                label = t.get(q.number_range.start as usize..q.number_range.end as usize).unwrap_or("").to_string();
                cur = Some(Row { label: std::mem::take(&mut label), nums: Vec::new(), opens: std::mem::take(&mut opens) });
                continue;
            }
            // A small integer followed by a name is the next row's ordinal.
            let after = t.get(pos..).unwrap_or("");
            if cur.as_ref().is_some_and(|r| r.nums.len() >= 2) && ordinal_like(q, &t) && opens_name(after) {
                close(&mut cur, &mut rows);
                continue;
            }
            match cur.as_mut() {
                Some(r) => r.nums.push(num),
                None => cur = Some(Row { label: std::mem::take(&mut label), nums: vec![num], opens: std::mem::take(&mut opens) }),
            }
        }
        let rest = t.get(pos..).unwrap_or("");
        if !rest.trim().is_empty() {
            close(&mut cur, &mut rows);
            label = rest.trim().to_string();
        }
        if rows.len() >= MAX_ROWS {
            flush(&mut rows, &mut blocks, start);
        }
    }
    close(&mut cur, &mut rows);
    flush(&mut rows, &mut blocks, start);
    blocks
}

/// How a cell stands against what its tie computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Keeps,
    /// Breaks it beyond rounding, by a clear margin.
    Breaks,
    /// Neither (a rounding difference, a value not read for sure, nothing to compute).
    Open,
}

fn fit(stated: &Num, computed: Option<(Decimal, Decimal, Decimal)>) -> Fit {
    let Some((v, lo, hi)) = computed else { return Fit::Open };
    if !stated.sure {
        return Fit::Open;
    }
    match agree(stated.w.value, stated.decimals, v, lo, hi) {
        Agreement::Exact => Fit::Keeps,
        Agreement::Rounding => Fit::Open,
        Agreement::Contradiction => {
            let diff = (stated.w.value - v).abs();
            let margin = (stated.w.ulp * Decimal::from(3)).max(v.abs() * Decimal::new(5, 3));
            if diff > margin {
                Fit::Breaks
            } else {
                Fit::Open
            }
        }
    }
}

fn sum_of(ns: &[&Num]) -> Option<(Decimal, Decimal, Decimal)> {
    let ws: Vec<Written> = ns.iter().filter(|n| n.sure).map(|n| n.w).collect();
    if ws.len() != ns.len() {
        return None;
    }
    crate::figures::compare::sum(&ws)
}

/// `(now − before) / before × 100` with its bounds; a fall is negative when the cell is written
/// with its sign (`-0,268`), and compared as a size otherwise.
fn change_pct(now: Written, before: Written, signed: bool) -> Option<(Decimal, Decimal, Decimal)> {
    let diff = Written { value: now.value - before.value, ulp: now.ulp + before.ulp };
    let neg = diff.value.is_sign_negative();
    let absd = Written { value: diff.value.abs(), ulp: diff.ulp };
    percent(absd, before).map(|(v, lo, hi)| if neg && signed { (-v, -hi, -lo) } else { (v, lo, hi) })
}

/// Is a tie kept by enough cells, and broken by few enough, to be the table's?
fn established(res: &Fits) -> bool {
    let keeps = res.iter().filter(|(f, _)| *f == Fit::Keeps).count();
    let breaks = res.iter().filter(|(f, _)| *f == Fit::Breaks).count();
    keeps >= 3 && breaks * 4 <= keeps.max(4)
}

/// A column's values are all the same (a column of `100,00`): no tie is read through it.
fn constant(rows: &[&Row], c: usize) -> bool {
    let mut vs = rows.iter().map(|r| r.nums[c].w.value);
    let Some(first) = vs.next() else { return true };
    vs.all(|v| v == first)
}

/// How each row of a block fits a tie, with the link of a row that breaks it.
type Fits = Vec<(Fit, Option<Link>)>;

/// The ties of one block of rows of `k` numbers.
#[allow(clippy::needless_range_loop)] // columns are indices into every row, not one slice
fn read_block(rows: &[&Row], k: usize, out: &mut Flat) -> Vec<bool> {
    let mut derived = vec![false; k];
    let consts: Vec<bool> = (0..k).map(|c| constant(rows, c)).collect();
    // Column ties: (stated column, how each row fits it and the link of a row that breaks it).
    let mut col_ties: Vec<(usize, Fits)> = Vec::new();
    // The column ties that are sums (each its own claim), by index in `col_ties`.
    let mut sums: Vec<usize> = Vec::new();
    // The ties that are changes ((a − b) / b): a column a quotient explains is no change.
    let mut changes: Vec<usize> = Vec::new();
    let try_tie = |tie: &dyn Fn(&Row) -> (Fit, Option<Link>)| -> Option<Fits> {
        let res: Fits = rows.iter().map(|r| tie(r)).collect();
        established(&res).then_some(res)
    };
    for c in 0..k {
        // A column of `100,00` may be the sum of shares, never a quotient.
        for a in 0..k {
            for b in 0..k {
                if consts[c] || a == b || a == c || b == c || consts[a] || consts[b] {
                    continue;
                }
                // c = a / b × 100.
                let ratio = |c: usize, b: usize| {
                    move |r: &Row| {
                        let (n, d, s) = (&r.nums[a], &r.nums[b], &r.nums[c]);
                        if !n.sure || !d.sure {
                            return (Fit::Open, None);
                        }
                        let f = fit(s, percent(n.w, d.w));
                        (f, (f == Fit::Breaks).then_some(Link::Ratio { part: n.fig, whole: d.fig, stated: s.fig }))
                    }
                };
                // The same identity read the other way (b = a / c × 100) makes a level the
                // quotient of a level and a percentage: the computed column is the one that
                // stands to the right (`KH`, `TH`, then `% so KH`).
                if b > c && try_tie(&ratio(b, c)).is_some() {
                    continue;
                }
                if let Some(res) = try_tie(&ratio(c, b)) {
                    derived[c] = true;
                    col_ties.push((c, res));
                    continue;
                }
                // c = (a − b) / b × 100.
                let pct = |r: &Row| {
                    let (n, d, s) = (&r.nums[a], &r.nums[b], &r.nums[c]);
                    if !n.sure || !d.sure || d.w.value <= Decimal::ZERO {
                        return (Fit::Open, None);
                    }
                    let f = fit(s, change_pct(n.w, d.w, s.w.value.is_sign_negative()));
                    (f, (f == Fit::Breaks).then_some(Link::Pct { now: n.fig, before: d.fig, stated: s.fig }))
                };
                if let Some(res) = try_tie(&pct) {
                    derived[c] = true;
                    changes.push(col_ties.len());
                    col_ties.push((c, res));
                }
            }
        }
        // c = Σ a..e (columns side by side).
        for a in 0..k {
            for e in a + 2..=k {
                if (a..e).contains(&c) || (a..e).any(|j| consts[j]) {
                    continue;
                }
                let sum = |r: &Row| {
                    let parts: Vec<&Num> = r.nums[a..e].iter().collect();
                    let s = &r.nums[c];
                    let f = fit(s, sum_of(&parts));
                    (f, (f == Fit::Breaks).then(|| Link::Sum { total: s.fig, parts: parts.iter().map(|n| n.fig).collect() }))
                };
                if let Some(res) = try_tie(&sum) {
                    sums.push(col_ties.len());
                    col_ties.push((c, res));
                }
            }
        }
        // c = Σ a..e but a column that is part of the one on its left in every row (`Công
        // nghiệp và xây dựng`, then `Trong đó: Công nghiệp`): read only when no plain sum is.
        if !sums.iter().any(|&t| col_ties[t].0 == c) && k <= 10 {
            for a in 0..k {
                for e in a + 3..=k {
                    if (a..e).contains(&c) || (a..e).any(|j| consts[j]) {
                        continue;
                    }
                    for skip in a + 1..e {
                        if !rows.iter().all(|r| r.nums[skip].w.value < r.nums[skip - 1].w.value && r.nums[skip].w.value >= Decimal::ZERO) {
                            continue;
                        }
                        let sum = |r: &Row| {
                            let parts: Vec<&Num> = (a..e).filter(|&j| j != skip).map(|j| &r.nums[j]).collect();
                            let s = &r.nums[c];
                            let f = fit(s, sum_of(&parts));
                            (f, (f == Fit::Breaks).then(|| Link::Sum { total: s.fig, parts: parts.iter().map(|n| n.fig).collect() }))
                        };
                        if let Some(res) = try_tie(&sum) {
                            sums.push(col_ties.len());
                            col_ties.push((c, res));
                        }
                    }
                }
            }
        }
        if consts[c] {
            continue;
        }
        // c(year) = a(year) / a(year before) × 100: an index by year (a yearbook).
        // Or its rate of change (`Tỷ lệ tăng (%)`: `1,372`).
        for (a, rate) in (0..c).flat_map(|a| [(a, false), (a, true)]) {
            if consts[a] {
                continue;
            }
            let index = |ri: usize| {
                let (r, s) = (rows[ri], &rows[ri].nums[c]);
                let prev = ri.checked_sub(1).filter(|&p| matches!((year_in(&rows[p].label), year_in(&r.label)), (Some(y0), Some(y1)) if y1 == y0 + 1));
                let Some(p) = prev else { return (Fit::Open, None) };
                let (n, d) = (&r.nums[a], &rows[p].nums[a]);
                if !n.sure || !d.sure || d.w.value <= Decimal::ZERO {
                    return (Fit::Open, None);
                }
                if rate {
                    let f = fit(s, change_pct(n.w, d.w, s.w.value.is_sign_negative()));
                    return (f, (f == Fit::Breaks).then_some(Link::Pct { now: n.fig, before: d.fig, stated: s.fig }));
                }
                let f = fit(s, percent(n.w, d.w));
                (f, (f == Fit::Breaks).then_some(Link::Index { now: n.fig, before: d.fig, stated: s.fig }))
            };
            // (Read by row index: the row before is part of the tie.)
            let res: Fits = (0..rows.len()).map(index).collect();
            if established(&res) {
                derived[c] = true;
                if rate {
                    changes.push(col_ties.len());
                }
                col_ties.push((c, res));
            }
        }
        // c = average yearly growth from a to e (the last columns of a row over its years).
        if c + 3 >= k {
            for e in (1..c).rev().take(2) {
                for a in 0..e.saturating_sub(1) {
                    if consts[a] || consts[e] {
                        continue;
                    }
                    let years = (e - a) as u32;
                    let growth = |r: &Row| {
                        let (s0, s1, st) = (&r.nums[a], &r.nums[e], &r.nums[c]);
                        if !s0.sure || !s1.sure || s0.w.value <= Decimal::ZERO || s1.w.value <= Decimal::ZERO {
                            return (Fit::Open, None);
                        }
                        // A quick look in floating point first: the decimal root is slow.
                        let (f0, f1, fs) = (s0.w.value.to_f64().unwrap_or(0.0), s1.w.value.to_f64().unwrap_or(0.0), st.w.value.to_f64().unwrap_or(0.0));
                        let rough = ((f1 / f0).powf(1.0 / years as f64) - 1.0) * 100.0;
                        if !rough.is_finite() || (rough - fs).abs() > 5.0 + fs.abs() * 0.2 {
                            return (Fit::Breaks, Some(Link::Growth { start: s0.fig, end: s1.fig, stated: st.fig, years }));
                        }
                        let computed = percent(s1.w, s0.w).and_then(|(q, lo, hi)| {
                            let h = Decimal::ONE_HUNDRED;
                            Some((annual_rate(years, q / h)?, annual_rate(years, lo / h)?, annual_rate(years, hi / h)?))
                        });
                        let f = fit(st, computed);
                        (f, (f == Fit::Breaks).then_some(Link::Growth { start: s0.fig, end: s1.fig, stated: st.fig, years }))
                    };
                    if let Some(res) = try_tie(&growth) {
                        derived[c] = true;
                        col_ties.push((c, res));
                    }
                }
            }
        }
        // c = the average of the yearly indices right before it (`105,96 104,29 105,12`).
        for m in 2..=4usize.min(c) {
            let cols = c - m..c;
            if cols.clone().any(|j| consts[j]) {
                continue;
            }
            let mean = |r: &Row| {
                let st = &r.nums[c];
                let idx: Vec<&Num> = cols.clone().map(|j| &r.nums[j]).collect();
                let index_like = |n: &Num| n.w.value > Decimal::from(40) && n.w.value < Decimal::from(400);
                if !st.sure || !index_like(st) || idx.iter().any(|n| !n.sure || !index_like(n)) {
                    return (Fit::Open, None);
                }
                let h = Decimal::ONE_HUNDRED;
                let (mut q, mut lo, mut hi) = (Decimal::ONE, Decimal::ONE, Decimal::ONE);
                for n in &idx {
                    q *= n.w.value / h;
                    lo *= (n.w.value - n.w.ulp / Decimal::TWO) / h;
                    hi *= (n.w.value + n.w.ulp / Decimal::TWO) / h;
                }
                let root = |x: Decimal| annual_rate(m as u32, x).map(|r| r + h);
                let computed = (|| Some((root(q)?, root(lo)?, root(hi)?)))();
                let f = fit(st, computed);
                (f, (f == Fit::Breaks).then(|| Link::MeanIndex { indices: idx.iter().map(|n| n.fig).collect(), stated: st.fig }))
            };
            if let Some(res) = try_tie(&mean) {
                derived[c] = true;
                col_ties.push((c, res));
                break;
            }
        }
    }
    // c = a / a(row holding 100 in c) × 100: a share column. A tie kept by three rows is the
    // table's; one kept by two rows and broken by at most one is too when the block repeats it
    // (the same whole row, the share the same number of columns after its amount, established
    // in another pair: `DT (ha) CC (%) DT (ha) CC (%) …` over a few rows).
    let mut strong: Vec<(usize, isize)> = Vec::new();
    let mut weak: Vec<(usize, isize, usize, Fits)> = Vec::new();
    for c in 0..k {
        let whole_rows: Vec<usize> = (0..rows.len()).filter(|&w| rows[w].nums[c].w.value == Decimal::ONE_HUNDRED).collect();
        for a in 0..k {
            if a == c || consts[a] {
                continue;
            }
            for &w in whole_rows.iter().take(4) {
                let whole = rows[w].nums[a];
                let res: Fits = rows
                    .iter()
                    .map(|r| {
                        let (n, s) = (&r.nums[a], &r.nums[c]);
                        // A row holding 100 is a whole of its own (the households beside the people).
                        if n.fig == whole.fig || !n.sure || !whole.sure || s.w.value == Decimal::ONE_HUNDRED {
                            return (Fit::Open, None);
                        }
                        let f = fit(s, percent(n.w, whole.w));
                        (f, (f == Fit::Breaks).then_some(Link::Ratio { part: n.fig, whole: whole.fig, stated: s.fig }))
                    })
                    .collect();
                let offset = c as isize - a as isize;
                if established(&res) {
                    strong.push((w, offset));
                    col_ties.push((c, res));
                } else {
                    let keeps = res.iter().filter(|(f, _)| *f == Fit::Keeps).count();
                    let breaks = res.iter().filter(|(f, _)| *f == Fit::Breaks).count();
                    if keeps >= 2 && breaks <= 1 {
                        weak.push((c, offset, w, res));
                    }
                }
            }
        }
    }
    for (c, offset, w, res) in weak {
        if strong.contains(&(w, offset)) {
            col_ties.push((c, res));
        }
    }
    // A cell is wrong when it breaks every way its column is computed (a quotient, a change),
    // or any sum it is the total of (each sum is a claim of its own: the total by sex, by
    // residence).
    for c in 0..k {
        let quotient = col_ties.iter().enumerate().any(|(t, (j, _))| *j == c && !sums.contains(&t) && !changes.contains(&t));
        let derivations: Vec<&Vec<(Fit, Option<Link>)>> = col_ties.iter().enumerate().filter(|(t, (j, _))| *j == c && !sums.contains(t) && !(quotient && changes.contains(t))).map(|(_, (_, r))| r).collect();
        let totals: Vec<&Vec<(Fit, Option<Link>)>> = col_ties.iter().enumerate().filter(|(t, (j, _))| *j == c && sums.contains(t)).map(|(_, (_, r))| r).collect();
        for (ri, r) in rows.iter().enumerate() {
            let fits: Vec<&(Fit, Option<Link>)> = derivations.iter().map(|t| &t[ri]).collect();
            if !fits.is_empty() && fits.iter().all(|(f, _)| *f == Fit::Breaks) {
                out.percent.push(r.nums[c].fig);
                out.links.extend(fits.iter().filter_map(|(_, l)| l.clone()));
            }
            out.links.extend(totals.iter().filter_map(|t| t[ri].1.clone()));
        }
    }
    row_totals(rows, k, &derived, out);
    derived
}

/// A row name that ends with cells written `-` (no figure: `Ngoài công lập - - -`).
fn dashed(label: &str) -> bool {
    let t = label.trim_end();
    let dashes = t.rsplit(' ').take_while(|w| matches!(*w, "-" | "–" | "—")).count();
    dashes >= 1 && t.split_whitespace().count() > dashes
}

/// Is `name`, met again, a sub-row repeated under the next row of a yearbook (`Công lập` under
/// `Tiểu học` and again under `Trung học cơ sở`)? It is when the names since its first meeting
/// hold a name not met before it (the new parent row).
/// Rows named by years never are (`2019` met again opens the block of rates under the levels).
/// `after_repeat`: the row before was such a sub-row itself (`Ngoài công lập` after `Công lập`).
fn repeats_sub_rows(seen: &[&str], name: &str, after_repeat: bool) -> bool {
    let Some(first) = seen.iter().position(|s| *s == name) else { return false };
    // (The row just before is the new parent, met once, or the sub-row before this one.)
    let parent = after_repeat || seen.last().is_some_and(|p| seen.iter().filter(|s| *s == p).count() == 1 && *p != name);
    year_in(name).is_none() && first > 0 && parent && seen[first + 1..].iter().any(|s| !seen[..first].contains(s) && *s != name)
}

/// Do two rows of two tables name the same thing (`Chi SN khoa học và CN` and `Chi SN khoa học
/// và công nghệ`; two total rows)? Their names agree on their first three words, or one is the
/// other's start.
fn same_row(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        let f = fold_ascii(&s.to_lowercase());
        f.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
    };
    if is_total(a) && is_total(b) || is_total(a) && is_total(b.rsplit(|c: char| !c.is_alphabetic() && c != ' ').next().unwrap_or("")) {
        return true;
    }
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    let n = wa.len().min(wb.len());
    wa[..n] == wb[..n] && (n >= 3 || wa.len() == wb.len())
}

/// The rows of a later table that name, in the same order from the top, the rows of an earlier
/// one: how many of them, from the first (a total row may carry the header's last words:
/// `% so KH Cộng`).
fn aligned(later: &[Row], earlier: &[Row]) -> usize {
    let total_end = |l: &str| is_total(l) || l.split_whitespace().last().is_some_and(is_total);
    later
        .iter()
        .zip(earlier)
        .take_while(|(x, y)| {
            let (x, y) = (x.label.trim(), y.label.trim());
            (total_end(x) && total_end(y)) || same_row(x, y)
        })
        .count()
}

/// A column of a later table that is one of its columns over a column of an earlier table with
/// the same rows, × 100: the `% so KH` of a table of results whose plan is in the table before
/// (`Bảng 2.3. Dự toán giao …`, `Bảng 2.4. Kết quả thực hiện so với dự toán …`). Read only for
/// the columns the later table does not explain by itself, and only as far as the rows agree.
fn read_across(later: &[&Row], earlier: &[&Row], derived: &[bool], out: &mut Flat) {
    let (kl, ke) = (later[0].nums.len(), earlier[0].nums.len());
    let consts_l: Vec<bool> = (0..kl).map(|c| constant(later, c)).collect();
    let consts_e: Vec<bool> = (0..ke).map(|c| constant(earlier, c)).collect();
    for c in 0..kl {
        if derived[c] || consts_l[c] {
            continue;
        }
        let mut ties: Vec<Fits> = Vec::new();
        for (a, &const_a) in consts_l.iter().enumerate() {
            if a == c || const_a {
                continue;
            }
            for (p, _) in consts_e.iter().enumerate().filter(|(_, &k)| !k) {
                let res: Fits = later
                    .iter()
                    .zip(earlier)
                    .map(|(r, e)| {
                        let (n, d, s) = (&r.nums[a], &e.nums[p], &r.nums[c]);
                        if !n.sure || !d.sure {
                            return (Fit::Open, None);
                        }
                        let f = fit(s, percent(n.w, d.w));
                        (f, (f == Fit::Breaks).then_some(Link::Ratio { part: n.fig, whole: d.fig, stated: s.fig }))
                    })
                    .collect();
                if established(&res) {
                    ties.push(res);
                }
            }
        }
        one_way(later.iter().copied(), c, &ties, out);
    }
}

/// A column of a later table computed from an earlier one: only when exactly one way keeps the
/// tie (two would leave the cell's terms open), each of `rows`' cells in column `c` that breaks
/// it is a stated percentage with its link.
fn one_way<'r>(rows: impl Iterator<Item = &'r Row>, c: usize, ties: &[Fits], out: &mut Flat) {
    if let [res] = ties {
        for (r, (f, l)) in rows.zip(res) {
            if *f == Fit::Breaks {
                out.percent.push(r.nums[c].fig);
                out.links.extend(l.clone());
            }
        }
    }
}

/// Rows that are the sum of the rows under (or over) them, column by column.
fn row_totals(rows: &[&Row], k: usize, derived: &[bool], out: &mut Flat) {
    let cols: Vec<usize> = (0..k).filter(|&c| !derived[c]).collect();
    if cols.is_empty() {
        return;
    }
    let n = rows.len();
    let marks: Vec<Option<Marker>> = rows.iter().map(|r| marker(&r.label)).collect();
    // (total row, parts rows, per column fit) of the established row ties.
    let mut ties: Vec<(usize, Vec<usize>, Vec<Fit>, bool)> = Vec::new();
    for t in 0..n {
        let mut spans: Vec<Vec<usize>> = Vec::new();
        for m in 2..=MAX_SPAN {
            if t + m < n {
                spans.push((t + 1..t + 1 + m).collect());
            }
            if t >= m {
                spans.push((t - m..t).collect());
            }
        }
        let marked = children(&marks, t);
        let mut best: Option<(usize, Vec<usize>, Vec<Fit>, bool)> = None;
        for span in spans.into_iter().chain(marked.clone()) {
            let fits: Vec<Fit> = cols
                .iter()
                .map(|&c| {
                    let parts: Vec<&Num> = span.iter().map(|&r| &rows[r].nums[c]).collect();
                    if parts.iter().all(|p| p.w.value.is_zero()) {
                        return Fit::Open;
                    }
                    fit(&rows[t].nums[c], sum_of(&parts))
                })
                .collect();
            let keeps = fits.iter().filter(|f| **f == Fit::Keeps).count();
            let breaks = fits.iter().filter(|f| **f == Fit::Breaks).count();
            // A row named as a total, or the rows its list markers make its items, need one
            // column that adds up, no more breaking than one.
            let named = is_total(&rows[t].label) || marked.as_ref() == Some(&span);
            let ok = (keeps >= 2 && breaks * 2 <= keeps) || (keeps >= 1 && named && breaks <= 1 && span.len() >= 2);
            if ok && best.as_ref().is_none_or(|(bk, ..)| keeps > *bk) {
                best = Some((keeps, span, fits, named));
            }
        }
        if let Some((_, span, fits, named)) = best {
            ties.push((t, span, fits, named));
        }
    }
    for (ti, (t, span, fits, named)) in ties.iter().enumerate() {
        for (j, &c) in cols.iter().enumerate() {
            if fits[j] != Fit::Breaks {
                continue;
            }
            let total = &rows[*t].nums[c];
            let parts: Vec<&Num> = span.iter().map(|&r| &rows[r].nums[c]).collect();
            // A column of levels adds up elsewhere too (another row tie keeps it); a column of
            // rates or averages never does. Without that, only a row named as a total (or by
            // its markers) whose parts are each at most it.
            let summed = ties.iter().enumerate().any(|(o, (_, _, f, _))| o != ti && f[j] == Fit::Keeps);
            let levels = *named && !index_like(rows, c) && parts.iter().all(|p| !p.w.value.is_sign_negative() && p.w.value <= total.w.value);
            if !(summed || levels) {
                continue;
            }
            out.links.push(Link::Sum { total: total.fig, parts: parts.iter().map(|p| p.fig).collect() });
        }
    }
}

/// How a row's name is marked as an item of a list, as a rank (lower ranks hold higher ones):
/// a capital letter `A.` 0, a Roman ordinal `II.` (and `I.`, `V.`, `X.`) 1, an Arabic one `1.`
/// 2 and `1.1.` 3 (one more per level), a letter `a)` 8, then the signs `-` 10, `+` 11, `*` 12,
/// `•` 13.
type Marker = u8;

/// The list marker a row's name opens with (after any words left from the row before it
/// wrapped): a sign, or a number read by the heading-number scanner.
fn marker(label: &str) -> Option<Marker> {
    use crate::syntax::numbering::Numbering;
    let t = label.trim_start();
    let c = t.chars().next()?;
    if let Some(r) = ['-', '+', '*', '•'].iter().position(|&m| m == c || c == '–' && m == '-') {
        return t[c.len_utf8()..].starts_with(' ').then_some(10 + r as u8);
    }
    match crate::syntax::line::number_prefix(t)? {
        Numbering::Upper('I' | 'V' | 'X') | Numbering::Roman(_) => Some(1),
        Numbering::Upper(_) => Some(0),
        Numbering::Arabic { path, .. } => Some(1 + path.len().min(6) as u8),
        Numbering::Lower(_) => Some(8),
        Numbering::Part(_) | Numbering::Label { .. } | Numbering::Caps => None,
    }
}

/// The rows a row is the total of by its list markers: under `1. Đất nông nghiệp`, the `1.1.`
/// rows up to the next row that is not an item of it, skipping the rows under each of them
/// (`-`, `+`: the parts of that row).
fn children(marks: &[Option<Marker>], t: usize) -> Option<Vec<usize>> {
    let kind = (*marks.get(t + 1)?)?;
    if marks[t].is_some_and(|m| m >= kind) {
        return None;
    }
    let rows: Vec<usize> = (t + 1..marks.len()).take_while(|&r| marks[r].is_some_and(|m| m >= kind)).filter(|&r| marks[r] == Some(kind)).collect();
    (rows.len() >= 2).then_some(rows)
}

/// A column of indices or rates (every value between 30 and 300, with decimals): its cells do
/// not add up.
fn index_like(rows: &[&Row], c: usize) -> bool {
    rows.iter().all(|r| {
        let v = r.nums[c].w.value;
        v >= Decimal::from(30) && v <= Decimal::from(300)
    }) && rows.iter().any(|r| r.nums[c].decimals > 0)
}

/// The caption of a table (`Bảng 3.`, `Biểu số 02`, `Phụ lục`) or its unit line (`ĐVT:`,
/// `Đơn vị tính:`).
/// The caption of a yearbook's sister block: indices against the year before, rates of
/// growth (`Chỉ số phát triển (Năm trước = 100) - %`, `Index (Previous year = 100) - %`).
fn block_caption(t: &str) -> bool {
    // (Most lines of a block are rows: ruled out before the text is folded.)
    if !(t.contains("100") || t.trim_start().starts_with(['C', 'c'])) {
        return false;
    }
    let n = normalise(t);
    n.starts_with("chi so phat trien") || n.contains("nam truoc = 100") || n.contains("nam truoc=100") || n.contains("previous year = 100")
}

fn caption_like(t: &str) -> bool {
    let n = normalise(t);
    names_a_table(&n) || n.starts_with("dvt") || n.starts_with("don vi tinh")
}

/// A total row's name (`Cộng`, `Tổng số`, `Toàn tỉnh`).
fn is_total(label: &str) -> bool {
    let f = fold_ascii(&label.to_lowercase());
    let f = f.trim_start_matches(|c: char| !c.is_alphabetic());
    ["tong", "cong", "toan "].iter().any(|w| f.starts_with(w))
}

/// A block of indices by year (`Chỉ số phát triển (Năm trước = 100)`: `2011` / `126,00`) under
/// the block of the levels it is computed from (`2010` / `24.042`, `2011` / `30.292`): a column of
/// the later block that is a column of the earlier one in a row's year over the year before, × 100.
/// The levels may start a year earlier than the indices (the base year has no index).
fn read_index_across(later: &[&Row], earlier: &[&Row], derived: &[bool], out: &mut Flat) {
    let row_of = |y: u32| earlier.iter().find(|r| year_in(&r.label) == Some(y));
    // (later row, the earlier rows of its year and of the year before).
    let pairs: Vec<(&Row, &Row, &Row)> = later
        .iter()
        .filter_map(|r| {
            let y = year_in(&r.label)?;
            Some((*r, *row_of(y)?, *row_of(y.checked_sub(1)?)?))
        })
        .collect();
    if pairs.len() < 3 || pairs.len() * 2 < later.len() {
        return;
    }
    let (kl, ke) = (later[0].nums.len(), earlier[0].nums.len());
    let pair_rows: Vec<&Row> = pairs.iter().map(|p| p.0).collect();
    for (c, &der) in derived.iter().enumerate().take(kl) {
        if der || constant(&pair_rows, c) {
            continue;
        }
        let mut ties: Vec<Fits> = Vec::new();
        for a in 0..ke {
            // The index (`108,21`) or the rate (`Tỷ lệ tăng (%)`: `1,372`).
            for rate in [false, true] {
                let res: Fits = pairs
                    .iter()
                    .map(|(r, now, before)| {
                        let (n, d, s) = (&now.nums[a], &before.nums[a], &r.nums[c]);
                        if !n.sure || !d.sure || d.w.value <= Decimal::ZERO {
                            return (Fit::Open, None);
                        }
                        if !rate {
                            let f = fit(s, percent(n.w, d.w));
                            return (f, (f == Fit::Breaks).then_some(Link::Index { now: n.fig, before: d.fig, stated: s.fig }));
                        }
                        let f = fit(s, change_pct(n.w, d.w, s.w.value.is_sign_negative()));
                        (f, (f == Fit::Breaks).then_some(Link::Pct { now: n.fig, before: d.fig, stated: s.fig }))
                    })
                    .collect();
                if established(&res) {
                    ties.push(res);
                }
            }
        }
        one_way(pairs.iter().map(|p| p.0), c, &ties, out);
    }
}

/// The tables without lines among the lines not `taken` by other tables.
pub fn find(lines: &[Arc<LineInfo>], text: &dyn Fn(usize) -> String, taken: &[Range<u32>]) -> Vec<Flat> {
    let mut out = Vec::new();
    // The blocks of the tables before (their first line, their rows), the latest last.
    let mut before: Vec<(u32, Vec<Row>)> = Vec::new();
    for (start, mut rows) in rows_of(lines, text, taken) {
        // A table writes its numbers one way: `126,00` under the levels settles `24.042` above.
        settle(&mut rows);
        let mut flat = Flat { lines: start..start, links: Vec::new(), percent: Vec::new() };
        // Runs of rows with the same number of cells.
        let mut blocks: Vec<Vec<Row>> = Vec::new();
        let mut i = 0;
        while i < rows.len() {
            let k = rows[i].nums.len();
            let mut j = i;
            // A row name met again opens the next block (the same years, the same districts);
            // in a yearbook the sub-rows repeat under each row (`Tiểu học`, `Công lập`,
            // `Ngoài công lập`, `Trung học cơ sở`, `Công lập`, …): there only the block's first
            // name met again does.
            let mut seen: Vec<&str> = Vec::new();
            let mut kept: Vec<Row> = Vec::new();
            let mut after_repeat = false;
            while j < rows.len() {
                if j > i && rows[j].opens {
                    break;
                }
                if rows[j].nums.len() != k {
                    // A row with cells written `-` (`Ngoài công lập - - - 8 12`) is left out;
                    // the block goes on under it.
                    if !kept.is_empty() && rows[j].nums.len() < k && dashed(&rows[j].label) {
                        j += 1;
                        continue;
                    }
                    break;
                }
                let l = rows[j].label.trim();
                let sub_rows = seen.first() != Some(&l) && repeats_sub_rows(&seen, l, after_repeat);
                if !l.is_empty() && seen.contains(&l) && !sub_rows {
                    break;
                }
                after_repeat = sub_rows;
                seen.push(l);
                kept.push(rows[j].clone());
                j += 1;
            }
            if kept.len() >= 3 && k <= MAX_COLS {
                blocks.push(kept);
            }
            i = j.max(i + 1);
        }
        // Sister blocks (a yearbook's levels, indices and shares, one block under the other
        // with the same row names) are one table: side by side.
        let mut joined: Vec<Vec<Row>> = Vec::new();
        for b in blocks {
            if let Some(last) = joined.last_mut() {
                // (Row for row; a bilingual yearbook names its parent rows differently in the two
                // blocks, `Number of schools (School)` over `Trường học - School`, while the
                // sub-rows agree: half the names agreeing is enough, the arithmetic decides.)
                let agree = last.iter().zip(&b).filter(|(x, y)| x.label.trim() == y.label.trim() && !x.label.trim().is_empty()).count();
                let same = last.len() == b.len() && (agree == last.len() || agree * 2 >= last.len() && agree >= 2);
                if same && last[0].nums.len() + b[0].nums.len() <= MAX_COLS {
                    for (x, y) in last.iter_mut().zip(b) {
                        x.nums.extend(y.nums);
                    }
                    continue;
                }
            }
            joined.push(b);
        }
        let mut read: Vec<Vec<Row>> = Vec::new();
        for mut owned in joined {
            settle(&mut owned);
            let k = owned[0].nums.len();
            let block: Vec<&Row> = owned.iter().collect();
            let derived = read_block(&block, k, &mut flat);
            let near = || read.iter().rev().map(|r| (start, r)).chain(before.iter().rev().map(|(l, r)| (*l, r))).filter(|(l, _)| start.saturating_sub(*l) <= MAX_APART).take(4);
            // A table whose plan is in a table before it: the nearest earlier block whose rows
            // agree with its own, from the top, three rows at least.
            for (_, e) in near() {
                let m = aligned(&owned, e);
                if m >= 3 {
                    let later: Vec<&Row> = owned[..m].iter().collect();
                    let earlier: Vec<&Row> = e[..m].iter().collect();
                    read_across(&later, &earlier, &derived, &mut flat);
                    break;
                }
            }
            // Indices by year under their levels: the nearest earlier block of years.
            if owned.iter().all(|r| year_in(&r.label).is_some()) {
                if let Some((_, e)) = near().find(|(_, e)| e.iter().all(|r| year_in(&r.label).is_some())) {
                    let earlier: Vec<&Row> = e.iter().collect();
                    read_index_across(&block, &earlier, &derived, &mut flat);
                }
            }
            read.push(owned);
        }
        before.extend(read.into_iter().map(|r| (start, r)));
        if flat.links.is_empty() {
            continue;
        }
        let last = rows.iter().flat_map(|r| r.nums.iter().map(|n| n.fig.line)).max().unwrap_or(start);
        flat.lines = start..last + 1;
        flat.percent.sort();
        flat.percent.dedup();
        out.push(flat);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn yearbook_rows_with_dashes_and_repeated_sub_rows() {
        assert!(super::dashed("Ngoài công lập - - -"));
        assert!(!super::dashed("-"));
        assert!(!super::dashed("Công nghiệp - xây dựng"));
        let seen = ["Tiểu học", "Công lập", "Trung học cơ sở"];
        assert!(super::repeats_sub_rows(&seen, "Công lập", false));
        // The first row met again opens the next block; years never repeat as sub-rows.
        assert!(!super::repeats_sub_rows(&seen, "Tiểu học", false));
        assert!(!super::repeats_sub_rows(&["2018", "2019", "2020"], "2019", false));
        // After a sub-row met again, the next one is too; not after an old row.
        let seen = ["Tiểu học", "Công lập", "Ngoài công lập", "Trung học cơ sở", "Công lập"];
        assert!(super::repeats_sub_rows(&seen, "Ngoài công lập", true));
        assert!(!super::repeats_sub_rows(&seen, "Ngoài công lập", false));
    }

    use super::*;
    use crate::analysis::Analysis;

    fn links(text: &str) -> Vec<Link> {
        let a = Analysis::from_text(text, &crate::analysis::Config::default());
        a.tables.flat.iter().flat_map(|f| f.links.clone()).collect()
    }

    #[test]
    fn a_consistent_flat_table_gives_no_link() {
        let t = "Bảng 3. Thu chi ngân sách\nChỉ tiêu KH TH %KH\nThu cân đối 1.200 1.260 105,0\nThu bổ sung 800 760 95,0\nThu khác 150 165 110,0\nVay 40 30 75,0\n";
        assert!(links(t).is_empty());
    }

    #[test]
    fn a_wrong_level_is_judged_by_its_sum_not_as_a_quotient() {
        // 5.720 is a level: read the other way round, KH = TH / %KH × 100 would make it a
        // quotient; the sum of the rows is what it breaks.
        let t = "Chỉ tiêu KH TH %KH\nTổng thu 8.350 8.745 104,7\nThu cân đối 5.200 5.720 110,0\nThu bổ sung 2.000 1.900 95,0\nThu khác 1.150 1.125 97,8\n";
        assert!(links(t).is_empty(), "{:?}", links(t));
        let wrong = t.replace("Tổng thu 8.350 8.745", "Tổng thu 8.350 9.745");
        let l = links(&wrong);
        assert!(l.iter().any(|l| matches!(l, Link::Sum { .. })), "{l:?}");
        assert!(l.iter().all(|l| !matches!(l, Link::Ratio { stated, .. } if stated.q == 0)), "{l:?}");
    }

    #[test]
    fn rows_written_on_one_line_with_their_ordinals() {
        let t = "TT Chỉ tiêu KH TH %KH\nCộng 8.350 8.745 104,7 1 Thu cân đối 5.200 5.720 110,0 2 Thu bổ sung 2.000 1.900 95,0 3 Thu khác 1.150 1.125 87,8\n";
        let l = links(t);
        assert!(matches!(l.as_slice(), [Link::Ratio { .. }]), "{l:?}");
    }

    #[test]
    fn numbers_in_prose_are_no_table() {
        let t = "Các năm 2019 2020 2021 2022 đều có lũ; các thôn 3 5 7 bị ngập.\nNăm 2023 thu 120 140 160 tỷ đồng ở ba đợt, năm 2024 là 130 150 170.\nTổng 300 200 100 và 50 40 30 rồi 20 10 5.\n";
        assert!(links(t).is_empty(), "{:?}", links(t));
    }

    #[test]
    fn a_yearbook_one_number_per_line_with_its_shares_block() {
        let mut t = String::from("Tổng số\nNam\nNữ\n");
        for (y, a, m, f) in [(2020, "48.210", "23.650", "24.560"), (2021, "48.905", "24.012", "24.893"), (2022, "49.630", "24.380", "25.250"), (2023, "50.418", "24.791", "25.627")] {
            t.push_str(&format!("{y}\n\n{a}\n\n{m}\n\n{f}\n\n"));
        }
        t.push_str("Cơ cấu (%)\n");
        for (y, m, f) in [(2020, "49,06", "50,94"), (2021, "49,10", "50,90"), (2022, "49,12", "50,88"), (2023, "49,17", "50,83")] {
            t.push_str(&format!("{y}\n\n100,00\n\n{m}\n\n{f}\n\n"));
        }
        assert!(links(&t).is_empty(), "{:?}", links(&t));
        let l = links(&t.replace("49,10", "47,10"));
        assert!(l.iter().any(|l| matches!(l, Link::Ratio { .. })) && l.iter().any(|l| matches!(l, Link::Sum { .. })), "{l:?}");
    }

    #[test]
    fn a_percent_of_plan_against_the_plan_in_the_table_before() {
        let plan = "Bảng 1. Dự toán giao\nTT Nội dung 2022 2023\nCộng 300,0 340,0\n1 Chi A 120,0 150,0\n2 Chi B 100,0 110,0\n3 Chi C 80,0 80,0\n";
        let done = "Bảng 2. Thực hiện so với dự toán\nTT Nội dung TH %DT TH %DT\nCộng 318,0 106 357,0 105\n1 Chi A 126,0 105 159,0 106\n2 Chi B 108,0 108 113,0 103\n3 Chi C 84,0 105 85,0 106\n";
        let t = format!("{plan}\n{done}");
        assert!(links(&t).is_empty(), "{:?}", links(&t));
        let l = links(&t.replace("108,0 108", "108,0 118"));
        assert!(matches!(l.as_slice(), [Link::Ratio { whole, .. }] if whole.line == 4), "{l:?}");
        // Rows that do not name the same things are not read against each other.
        let other = done.replace("Chi A", "Thu X").replace("Chi B", "Thu Y").replace("Chi C", "Thu Z").replace("Cộng", "Số hộ");
        assert!(links(&format!("{plan}\n{other}").replace("108,0 108", "108,0 118")).is_empty());
    }

    #[test]
    fn a_total_column_beside_a_column_of_which_part() {
        // Tổng số = Nông nghiệp + CN-XD + Dịch vụ; `Trong đó: Công nghiệp` (after CN-XD) is
        // part of CN-XD and stays out of the sum.
        let t = "Năm Tổng số Nông nghiệp CN-XD Trong đó CN Dịch vụ\n2019 842,5 215,0 361,0 290,5 266,5\n2020 893,5 221,0 388,0 312,2 284,5\n2021 951,2 226,8 417,5 339,0 306,9\n2022 1.010,6 230,1 453,0 368,8 327,5\n";
        assert!(links(t).is_empty(), "{:?}", links(t));
        let l = links(&t.replace("417,5 339,0", "497,5 339,0"));
        assert!(matches!(l.as_slice(), [Link::Sum { parts, .. }] if parts.len() == 3), "{l:?}");
    }

    #[test]
    fn a_wrong_ratio_cell_breaks_its_column() {
        let t = "Chỉ tiêu KH TH %KH\nThu cân đối 1.200 1.260 105,0\nThu bổ sung 800 760 95,0\nThu khác 150 165 118,0\nVay 40 30 75,0\n";
        let l = links(t);
        assert!(matches!(l.as_slice(), [Link::Ratio { .. }]), "{l:?}");
    }

    #[test]
    fn merged_rows_with_list_markers_add_up_by_level() {
        // A PDF table: several rows on one line, names wrapped, `-` rows the parts of the
        // numbered total, `+` rows the parts of the `-` row above them.
        let t = "Bảng 4. Giá trị sản xuất\nCHỈ TIÊU ĐVT 2019 2020 2021 2022 2023 BQ\n(%)\n1. Giá trị sản xuất (giá so sánh)\nTỷ đồng 1.240 1.318 1.402 1.506 1.611 6,8\n- Nông, lâm nghiệp và thủy\nsản Tỷ đồng 402 415 431 446 460 3,4 - Công nghiệp và xây\ndựng Tỷ đồng 516 553 590 641 692 7,6 + Công nghiệp Tỷ đồng 348 371 396 431 466 7,6 + Xây dựng Tỷ đồng 168 182 194 210 226 7,7 - Dịch vụ Tỷ đồng 322 350 381 419 459 9,3 2. Giá trị tăng thêm\nTỷ đồng 610 650 690\n";
        assert!(links(t).is_empty(), "{:?}", links(t));
        let l = links(&t.replace("516 553", "602 553"));
        assert!(l.iter().any(|l| matches!(l, Link::Sum { parts, total } if parts.len() == 2 && total.q == 0)), "{l:?}");
        let l = links(&t.replace("1.240 1.318", "1.447 1.318"));
        assert!(l.iter().any(|l| matches!(l, Link::Sum { parts, .. } if parts.len() == 3)), "{l:?}");
    }

    #[test]
    fn a_total_of_numbered_rows_skips_their_sub_rows() {
        // `Tổng số` = `1.` + `2.`; `1.1.` and `1.2.` are the parts of `1.`.
        let t = "Chỉ tiêu 2022 2023 2024\nTổng số 500 550 610\n1. Nhóm A 300 330 365\n1.1. Nhóm A1 180 200 225\n1.2. Nhóm A2 120 130 140\n2. Nhóm B 200 220 245\n";
        assert!(links(t).is_empty(), "{:?}", links(t));
        let l = links(&t.replace("500 550", "500 650"));
        assert!(matches!(l.as_slice(), [Link::Sum { total, parts }] if total.line == 1 && parts.iter().map(|p| p.line).collect::<Vec<_>>() == [2, 5]), "{l:?}");
        assert_eq!(marker("1.1. Nhóm"), Some(3));
        assert_eq!(marker("- Dịch vụ"), Some(10));
        assert_eq!(marker("+ Xây dựng"), Some(11));
        assert_eq!(marker("II. Văn hóa"), Some(1));
        assert_eq!(marker("a) Trồng trọt"), Some(8));
        assert_eq!(marker("-5 độ"), None);
        assert_eq!(marker("2024 số hộ"), None);
    }
}
