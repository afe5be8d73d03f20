//! A total and its parts: `Tổng … A; trong đó: b; c; d`. Parts over the total are wrong; parts a
//! little under it may be a missing item (said gently); far under, a deliberately partial list.

use rust_decimal::Decimal;

use super::fig::{replace_number, shown, vi_auto, written_like};
use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{agree, sum, Agreement, Written};
use crate::figures::model::{in_unit_of, written, PartsList};
use crate::numbers::{Bound, Certainty};

pub const INFO: CheckInfo = CheckInfo {
    code: "sum-parts",
    default_severity: Severity::Error,
    summary_vi: "Các thành phần cộng lại không bằng tổng",
    summary_en: "The parts do not add up to their total",
    example: "Tổng chi 7.687 triệu đồng, trong đó: chi thường xuyên 7.409 triệu; chi đầu tư 378 triệu",
};

/// How many of a list's parts are parts: all of them, or all but the last when the list is on
/// the lines below its total, has three items or more, and the others alone make the total
/// (the last line is something else: the balance carried over after the spending items). The
/// rule the check and the hover card share.
pub fn counted(a: &Analysis, pl: &PartsList) -> usize {
    let n = pl.parts.len();
    if !pl.lines_below || n < 3 {
        return n;
    }
    let (total, _) = a.figures.settled(a.quantity(pl.total));
    let Some(t) = written(&total) else { return n };
    let parts: Option<Vec<Written>> = pl.parts.iter().map(|&p| in_unit_of(&a.figures.settled(a.quantity(p)).0, &total)).collect();
    let Some(parts) = parts else { return n };
    let agrees = |ps: &[Written]| sum(ps).is_some_and(|(s, lo, hi)| agree(t.value, t.ulp.scale(), s, lo, hi) != Agreement::Contradiction);
    if !agrees(&parts) && agrees(&parts[..n - 1]) {
        n - 1
    } else {
        n
    }
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    for pl in &a.figures.parts_lists {
        let (total, c0) = a.figures.settled(a.quantity(pl.total));
        if total.bound != Bound::Exact {
            continue;
        }
        let Some(t) = written(&total) else { continue };
        let mut parts: Vec<Written> = Vec::new();
        let mut unsure = c0 == Certainty::Unsure;
        let mut exact_bounds = true;
        for &p in &pl.parts {
            let (q, c) = a.figures.settled(a.quantity(p));
            unsure |= c == Certainty::Unsure;
            exact_bounds &= q.bound == Bound::Exact;
            let Some(w) = in_unit_of(&q, &total) else { continue };
            parts.push(w);
        }
        if parts.len() < 2 || parts.len() != pl.parts.len() {
            continue;
        }
        let Some((s, lo, hi)) = sum(&parts) else { continue };
        let d = t.ulp.scale();
        if agree(t.value, d, s, lo, hi) != Agreement::Contradiction {
            continue;
        }
        // A last line that is not a part (see `counted`).
        if counted(a, pl) < pl.parts.len() || !exact_bounds {
            continue;
        }
        let list: Vec<String> = pl.parts.iter().map(|&p| shown(a, p)).collect();
        let unit = total.unit.as_ref().map(|u| format!(" {}", u.name)).unwrap_or_default();
        let ts = shown(a, pl.total);
        let range = a.number_range(pl.total);
        let mut f = if s > t.value {
            let sev = if unsure { Severity::Info } else if pl.lines_below { INFO.default_severity } else { Severity::Warning };
            Finding::new(
                INFO.code,
                sev,
                range,
                Message::new(
                    format!("Các thành phần cộng lại {}{unit} ({}), lớn hơn tổng {ts}.", vi_auto(s, 4), list.join(" + ")),
                    format!("The parts add up to {}{unit} ({}), more than the total {ts}.", vi_auto(s, 4), list.join(" + ")),
                ),
            )
        } else if s >= t.value * Decimal::new(95, 2) {
            Finding::new(
                INFO.code,
                Severity::Info,
                range,
                Message::new(
                    format!("Các thành phần cộng lại {}{unit}, thiếu {}{unit} so với tổng {ts}: có thể thiếu một khoản.", vi_auto(s, 4), vi_auto(t.value - s, 4)),
                    format!("The parts add up to {}{unit}, {}{unit} short of the total {ts}: an item may be missing.", vi_auto(s, 4), vi_auto(t.value - s, 4)),
                ),
            )
        } else {
            continue;
        };
        for &p in &pl.parts {
            f = f.with_related(a.fig_range(p), Message::new("Thành phần", "Part"));
        }
        let text = written_like(&total, s);
        if let Some(fix) = replace_number(a, pl.total, s, Message::new(format!("Sửa tổng thành {text}"), format!("Change the total to {text}")), false) {
            f = f.with_fix(fix);
        }
        out.push(f);
    }
}
