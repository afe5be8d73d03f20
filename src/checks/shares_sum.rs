//! Shares of one whole: `chiếm X%` of the same whole in sibling sections, or a breakdown on one
//! line (`Loại Tốt 92,3%; Loại Khá 7,5%; Loại TB 0,2%`, `Trong đó nông nghiệp 8,5%; …`).
//! Shares of one whole cannot add up to more than 100%; a classification (`loại …`) adds up to
//! exactly 100%. A bare number among percentages in such a list has lost its `%` sign.

use rust_decimal::Decimal;

use super::fig::vi_auto;
use super::{CheckInfo, Edit, Finding, Fix, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{sum, Written};
use crate::figures::model::{written, FigId};
use crate::reading::relation::{Completeness, Rel};

pub const INFO: CheckInfo = CheckInfo {
    code: "shares-sum",
    default_severity: Severity::Warning,
    summary_vi: "Các tỷ lệ thành phần của cùng một tổng thể cộng lại khác 100%",
    summary_en: "Shares of one whole do not add up to 100%",
    example: "Loại Tốt 92,3%; Loại Khá 7,5%; Loại TB 0,5% (= 100,3%)",
};

pub const MISSING_PERCENT: CheckInfo = CheckInfo {
    code: "number-format",
    default_severity: Severity::Info,
    summary_vi: "Cách viết số khác với phần còn lại của văn bản (dấu thập phân kiểu Anh, thiếu %)",
    summary_en: "A number is written unlike the rest of the document (English decimal point, missing %)",
    example: "114.63% trong văn bản viết 52,3%; Loại giỏi 33,1; Loại khá 48,2%",
};

/// Shares of one whole (see [`crate::reading::shares`]).
pub use crate::reading::shares::ShareGroup;

impl ShareGroup {
    /// The sum of the shares, with the interval their rounding allows.
    pub fn total(&self, a: &Analysis) -> Option<(Decimal, Decimal, Decimal)> {
        total(a, &self.figs)
    }
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    for r in &a.reading.relations {
        if let Rel::Shares { shares, bare, complete } = &r.rel {
            for &b in bare {
                out.push(missing_percent(a, b));
            }
            report(a, &ShareGroup { figs: shares.clone(), bare: bare.clone(), exhaustive: *complete != Completeness::Subset }, *complete == Completeness::Said, out);
        }
    }
}

/// The group of shares a figure belongs to, if any (for the hover card).
pub fn group_of(a: &Analysis, fig: FigId) -> Option<ShareGroup> {
    a.reading.about(fig).find_map(|r| match &r.rel {
        Rel::Shares { shares, bare, complete } => Some(ShareGroup { figs: shares.clone(), bare: bare.clone(), exhaustive: *complete != Completeness::Subset }),
        _ => None,
    })
}

/// Sum of percentages with the tolerance their rounding allows.
fn total(a: &Analysis, figs: &[FigId]) -> Option<(Decimal, Decimal, Decimal)> {
    let ws: Vec<Written> = figs.iter().filter_map(|&f| written(&a.figures.settled(a.quantity(f)).0)).collect();
    if ws.len() != figs.len() {
        return None;
    }
    sum(&ws)
}

/// `said`: the shares cover the whole by what they name (every sector, every grade), so a sum
/// short of 100% is a warning rather than a note.
fn report(a: &Analysis, g: &ShareGroup, said: bool, out: &mut Vec<Finding>) {
    let (figs, exhaustive) = (&g.figs[..], g.exhaustive);
    let Some((s, lo, hi)) = total(a, figs) else { return };
    let hundred = Decimal::ONE_HUNDRED;
    let list: Vec<String> = figs.iter().map(|&f| vi_auto(a.quantity(f).value.exact().unwrap_or_default(), 3)).collect();
    // Shares written as bounds (`trên 30%`, `gần 48%`) only say so much: `gần` may be a little
    // less, and any bound leaves the sum open above.
    let bounds: Vec<crate::numbers::Bound> = figs.iter().map(|&f| a.quantity(f).bound).collect();
    let exact = bounds.iter().all(|b| *b == crate::numbers::Bound::Exact);
    // (`gần 3,5%` is at most 3,5%: it cannot make a short sum whole.)
    let can_rise = bounds.iter().any(|b| !matches!(b, crate::numbers::Bound::Exact | crate::numbers::Bound::Nearly));
    let lo = if bounds.iter().any(|b| matches!(b, crate::numbers::Bound::Nearly | crate::numbers::Bound::About)) { lo - Decimal::from(figs.len() as i64) } else { lo };
    // Each share may also have been truncated rather than rounded.
    let trunc: Decimal = figs.iter().map(|&f| Decimal::new(1, super::fig::decimals(a.quantity(f))) / Decimal::TWO).sum();
    let (sev, vi_msg, en_msg) = if lo > hundred {
        (INFO.default_severity, "vượt quá 100%", "more than 100%")
    } else if said && (exact || !can_rise) && hi + trunc < hundred {
        (INFO.default_severity, "chưa đủ 100% dù các loại đã kể đủ", "less than 100% although every category is listed")
    } else if exhaustive && hi < hundred {
        (Severity::Info, "chưa đủ 100% (thiếu một loại?)", "less than 100% (a category missing?)")
    } else {
        return;
    };
    let first = figs[0];
    let last = *figs.last().expect("non-empty");
    // On one line, the whole breakdown; across lines, the share that takes the sum over.
    let range = if first.line == last.line { a.fig_range(first).start..a.fig_range(last).end } else { a.fig_range(last) };
    let mut f = Finding::new(
        INFO.code,
        sev,
        range,
        Message::new(
            format!("Các tỷ lệ thành phần cộng lại {}% ({}), {vi_msg}.", vi_auto(s, 3), list.join(" + ")),
            format!("The shares add up to {}% ({}), {en_msg}.", vi_auto(s, 3), list.join(" + ")),
        ),
    );
    for &x in figs {
        f = f.with_related(a.fig_range(x), Message::new("Tỷ lệ thành phần", "Share"));
    }
    out.push(f);
}

fn missing_percent(a: &Analysis, f: FigId) -> Finding {
    let r = a.number_range(f);
    Finding::new(
        MISSING_PERCENT.code,
        MISSING_PERCENT.default_severity,
        r.clone(),
        Message::new(
            "Số này đứng giữa các tỷ lệ phần trăm nhưng thiếu ký hiệu %.",
            "This number stands among percentages but has no % sign.",
        ),
    )
    .with_fix(Fix {
        title: Message::new("Thêm ký hiệu %", "Add the % sign"),
        edits: vec![Edit { range: r.end..r.end, new_text: "%".into() }],
        certain: false,
    })
}

