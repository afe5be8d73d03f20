//! What the figure checks share: writing numbers in messages, and fixes that replace a stated
//! figure with the computed one in the document's own style.

use rust_decimal::Decimal;

use super::{Edit, Finding, Fix, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{agree, round, Agreement};
use crate::figures::model::FigId;
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
    Some(Fix { title, edits: vec![Edit { range, new_text }], certain })
}

/// The new text a [`replace_number`] fix would write (for titles).
pub fn written_like(q: &Quantity, value: Decimal) -> String {
    if q.style.compound.is_some() || q.numerals.len() != 1 {
        format_like(value, &q.style)
    } else {
        format_like(value, &q.numerals[0].style)
    }
}

/// A stated percentage and the value computed from its figures (`formula` shows how, e.g.
/// `121/130` or `515,74 tỷ đồng / 570 tỷ đồng`).
pub struct StatedPercent<'a> {
    pub code: &'static str,
    /// Severity of a contradiction (information when the reading of a number is unsure).
    pub severity: Severity,
    pub stated: FigId,
    pub value: Decimal,
    /// Decimals the stated figure is written with.
    pub decimals: u32,
    pub sign: &'a str,
    /// The exact computed value and the interval its inputs' rounding allows.
    pub computed: (Decimal, Decimal, Decimal),
    pub formula: String,
    pub unsure: bool,
    pub related: Vec<(std::ops::Range<usize>, Message)>,
    /// Title of the fix writing the computed value, given the value as text.
    pub fix_title: fn(&str) -> Message,
}

/// The finding for a stated percentage, if any: none when it agrees (rounded or truncated), a
/// note for a rounding difference, else the contradiction with the arithmetic and a fix.
pub fn stated_percent(a: &Analysis, p: StatedPercent) -> Option<Finding> {
    let (c, lo, hi) = p.computed;
    let (d, sign, fr, stated) = (p.decimals, p.sign, &p.formula, p.value);
    let mut f = match agree(stated, d, c, lo, hi) {
        Agreement::Exact => return None,
        Agreement::Rounding => Finding::new(
            p.code,
            Severity::Info,
            a.number_range(p.stated),
            Message::new(
                format!("{fr} = {}{sign}, văn bản ghi {}{sign}: chênh lệch do làm tròn.", vi(round(c, d + 1), d + 1), vi(stated, d)),
                format!("{fr} = {}{sign}, the text says {}{sign}: a rounding difference.", vi(round(c, d + 1), d + 1), vi(stated, d)),
            ),
        ),
        Agreement::Contradiction => {
            let sev = if p.unsure { Severity::Info } else { p.severity };
            let computed = round(c, d);
            let shown = format!("{}{sign}", vi(computed, d));
            let f = Finding::new(
                p.code,
                sev,
                a.number_range(p.stated),
                Message::new(
                    format!("{fr} = {shown}, văn bản ghi {}{sign}.", vi(stated, d)),
                    format!("{fr} = {shown}, the text says {}{sign}.", vi(stated, d)),
                ),
            );
            match replace_number(a, p.stated, computed, (p.fix_title)(&shown), sev == Severity::Error) {
                Some(fix) => f.with_fix(fix),
                None => f,
            }
        }
    };
    for (r, m) in p.related {
        f = f.with_related(r, m);
    }
    Some(f)
}
