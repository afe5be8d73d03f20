//! What the figure checks share: writing numbers in messages, and fixes that replace a stated
//! figure with the computed one in the document's own style.

use rust_decimal::Decimal;

use super::{Edit, Finding, Fix, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{round, Agreement};
use crate::figures::model::FigId;
use crate::reading::judge::{compute, Computed};
use crate::reading::relation::{Relation, Sure};
use crate::numbers::{format_like, NumberStyle, Quantity};

/// A number for a message, Vietnamese style (`90,5`, `1.728`), with `decimals` decimals.
pub fn vi(v: Decimal, decimals: u32) -> String {
    format_like(v, &NumberStyle::vietnamese(decimals.min(12) as u8))
}

/// A number for a message with the decimals it needs (at most `max`), trailing zeros dropped.
pub fn vi_auto(v: Decimal, max: u32) -> String {
    let r = round(v, max).normalize();
    vi(r, r.scale())
}

/// The number of decimals a quantity was written with.
pub fn decimals(q: &Quantity) -> u32 {
    q.numerals.first().map(|n| n.style.decimals as u32).unwrap_or(0)
}

/// The text of a figure as written (number and unit).
pub fn shown(a: &Analysis, f: FigId) -> String {
    a.slice(a.fig_range(f)).trim().to_string()
}

/// A fix replacing the number of figure `f` with `value`, written like the original.
pub fn replace_number(a: &Analysis, f: FigId, value: Decimal, title: Message, certain: bool) -> Option<Fix> {
    let q = a.quantity(f);
    let start = a.line_start(f.line as usize);
    let (range, style) = if q.style.compound.is_some() || q.numerals.len() != 1 {
        (q.number_range.clone(), &q.style)
    } else {
        (q.numerals[0].range.clone(), &q.numerals[0].style)
    };
    let new_text = format_like(value, style);
    let range = start + range.start as usize..start + range.end as usize;
    if a.slice(range.clone()) == new_text {
        return None;
    }
    let (range, new_text) = keep_pipe_alignment(a, f, range, new_text);
    Some(Fix { title, edits: vec![Edit { range, new_text }], certain })
}

/// In a pipe table, an edit of a cell's number rewrites the whole cell between its pipes,
/// padded so that the pipes stay where they were (a right-aligned cell keeps its right
/// padding); when the new text does not fit, only the number is replaced.
fn keep_pipe_alignment(a: &Analysis, f: FigId, range: std::ops::Range<usize>, new_text: String) -> (std::ops::Range<usize>, String) {
    let fallback = (range.clone(), new_text.clone());
    let Some((t, r, c)) = a.tables.cell_of(f) else { return fallback };
    if t.layout != crate::tables::Layout::Pipe {
        return fallback;
    }
    let Some(cell) = t.rows[r].cells.get(c).and_then(|x| x.as_ref()) else { return fallback };
    let line = a.line_text(cell.line as usize);
    let ls = a.line_start(cell.line as usize);
    let (cs, ce) = (cell.range.start as usize, cell.range.end as usize);
    if range.start < ls + cs || range.end > ls + ce {
        return fallback;
    }
    // The pipes around the cell.
    let (Some(open), Some(close)) = (line.get(..cs).and_then(|b| b.rfind('|')), line.get(ce..).and_then(|b| b.find('|')).map(|k| ce + k)) else { return fallback };
    let Some(content) = line.get(cs..ce) else { return fallback };
    let new_content = format!("{}{}{}", &content[..range.start - ls - cs], new_text, &content[range.end - ls - cs..]);
    let width = line[open + 1..close].chars().count();
    let lead = line[open + 1..cs].chars().count();
    let trail = line[ce..close].chars().count();
    let len = new_content.chars().count();
    let (l, t) = if lead > trail { (width.saturating_sub(len + trail), trail) } else { (lead, width.saturating_sub(len + lead)) };
    if l == 0 || t == 0 || l + len + t != width {
        return fallback;
    }
    (ls + open + 1..ls + close, format!("{}{new_content}{}", " ".repeat(l), " ".repeat(t)))
}

/// The new text a [`replace_number`] fix would write (for titles).
pub fn written_like(q: &Quantity, value: Decimal) -> String {
    if q.style.compound.is_some() || q.numerals.len() != 1 {
        format_like(value, &q.style)
    } else {
        format_like(value, &q.numerals[0].style)
    }
}

/// The reading of a stated figure that explains it best, and what it computes: among the
/// relations whose stated result is `f`, the one that agrees best (rounded or truncated, then
/// within the inputs' rounding), and among equals the most certain. A stated figure that one
/// reading explains gets no finding from the others: when the engine is unsure which figures a
/// percentage belongs to, an agreeing reading wins.
pub fn best_reading(a: &Analysis, f: FigId) -> Option<(&Relation, Computed)> {
    let rank = |g: Agreement| match g {
        Agreement::Exact => 0,
        Agreement::Rounding => 1,
        Agreement::Contradiction => 2,
    };
    let mut best: Option<(&Relation, Computed, (u8, Sure))> = None;
    for r in a.reading.stating(f) {
        let Some(c) = compute(a, r) else { continue };
        let key = (rank(c.agreement()), r.sure);
        if best.as_ref().is_none_or(|(_, _, k)| key < *k) {
            best = Some((r, c, key));
        }
    }
    best.map(|(r, c, _)| (r, c))
}

/// [`best_reading`] for one check's pass over the relations, each stated figure judged once
/// (a figure read by k relations costs k computations, not k²).
pub struct BestReadings<'a> {
    a: &'a Analysis,
    seen: rustc_hash::FxHashMap<FigId, Option<*const Relation>>,
}

impl<'a> BestReadings<'a> {
    pub fn new(a: &'a Analysis) -> Self {
        BestReadings { a, seen: Default::default() }
    }

    /// What `r` computes for its stated figure `stated`, when `r` is that figure's best reading.
    pub fn of(&mut self, r: &Relation, stated: FigId) -> Option<Computed> {
        let a = self.a;
        let best = *self.seen.entry(stated).or_insert_with(|| best_reading(a, stated).map(|(b, _)| b as *const Relation));
        if best != Some(r as *const Relation) {
            return None;
        }
        compute(a, r)
    }
}

/// The severity of a contradiction found through a reading this sure, for a check whose
/// certain findings have severity `certain`.
pub fn severity_for(sure: Sure, certain: Severity) -> Severity {
    match sure {
        Sure::Certain => certain,
        Sure::Probable => certain.max(Severity::Warning),
        Sure::Possible => Severity::Info,
    }
}

/// What a check adds to a judged figure: its code, the severity of a certain contradiction,
/// the other places to show, and the title of the fix.
pub struct Judged<'a> {
    pub code: &'static str,
    pub severity: Severity,
    pub relation: &'a Relation,
    pub computed: Computed,
    pub related: Vec<(std::ops::Range<usize>, Message)>,
    /// Title of the fix writing the computed value, given the value as text.
    pub fix_title: fn(&str) -> Message,
}

/// The finding for a stated figure judged by a relation, if any: none when it agrees (rounded or
/// truncated), a note for a rounding difference, else the contradiction with the arithmetic and
/// a fix writing the computed value (certain only for an error).
pub fn stated_percent(a: &Analysis, j: Judged) -> Option<Finding> {
    let c = &j.computed;
    let (d, sign, fr, stated) = (c.decimals, c.sign.as_str(), &c.formula, c.stated_value);
    let mut f = match c.agreement() {
        Agreement::Exact => return None,
        Agreement::Rounding => Finding::new(
            j.code,
            Severity::Info,
            a.number_range(c.stated),
            Message::new(
                format!("{fr} = {}{sign}, văn bản ghi {}{sign}: chênh lệch do làm tròn.", vi(round(c.value, d + 1), d + 1), vi(stated, d)),
                format!("{fr} = {}{sign}, the text says {}{sign}: a rounding difference.", vi(round(c.value, d + 1), d + 1), vi(stated, d)),
            ),
        ),
        Agreement::Contradiction => {
            let sev = if c.unsure { Severity::Info } else { severity_for(j.relation.sure, j.severity) };
            let computed = round(c.value, d);
            let shown = format!("{}{sign}", vi(computed, d));
            let how = if j.relation.sure == Sure::Certain {
                String::new()
            } else {
                format!(" ({})", read_words(j.relation).0)
            };
            let how_en = if j.relation.sure == Sure::Certain { String::new() } else { format!(" ({})", read_words(j.relation).1) };
            let f = Finding::new(
                j.code,
                sev,
                a.number_range(c.stated),
                Message::new(
                    format!("{fr} = {shown}, văn bản ghi {}{}{sign}{how}.", bound_words(c.stated_bound).0, vi(stated, d)),
                    format!("{fr} = {shown}, the text says {}{}{sign}{how_en}.", bound_words(c.stated_bound).1, vi(stated, d)),
                ),
            );
            match replace_number(a, c.stated, computed, (j.fix_title)(&shown), sev == Severity::Error) {
                Some(fix) => f.with_fix(fix),
                None => f,
            }
        }
    };
    for (r, m) in j.related {
        f = f.with_related(r, m);
    }
    Some(f)
}

/// The words of a stated figure's bound, for a message (`văn bản ghi trên 12%`).
fn bound_words(b: crate::numbers::Bound) -> (&'static str, &'static str) {
    use crate::numbers::Bound;
    match b {
        Bound::Above => ("trên ", "over "),
        Bound::AtLeast => ("ít nhất ", "at least "),
        Bound::Below => ("dưới ", "under "),
        Bound::AtMost => ("tối đa ", "at most "),
        Bound::Nearly => ("gần ", "nearly "),
        Bound::Exact | Bound::About => ("", ""),
    }
}

/// How a relation that is not certain was read, for a message: the cells of a table without
/// lines are tied by the rest of their table, other readings by their context.
pub fn read_words(r: &crate::reading::relation::Relation) -> (&'static str, &'static str) {
    if r.reader == crate::reading::table::FLAT_READER {
        return ("suy từ các dòng khác của bảng, nên kiểm tra lại", "inferred from the table's other rows, worth checking");
    }
    sure_words(r.sure)
}

/// How a reading that is not certain is described in a message.
pub fn sure_words(s: Sure) -> (&'static str, &'static str) {
    match s {
        Sure::Certain => ("chắc chắn", "certain"),
        Sure::Probable => ("đọc theo ngữ cảnh, nên kiểm tra lại", "read from the context, worth checking"),
        Sure::Possible => ("một cách đọc có thể", "one possible reading"),
    }
}
