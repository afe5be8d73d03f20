//! What the figure checks share: writing numbers in messages, and fixes that replace a stated
//! figure with the computed one in the document's own style.

use rust_decimal::Decimal;

use super::{Edit, Fix, Message};
use crate::analysis::Analysis;
use crate::figures::compare::round;
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
