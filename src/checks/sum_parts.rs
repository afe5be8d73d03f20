//! A total and its parts: `Tổng … A; trong đó: b; c; d`. Parts over the total are wrong; parts a
//! little under it may be a missing item (said gently); far under, a deliberately partial list.

use rust_decimal::Decimal;

use super::fig::{read_words, replace_number, severity_for, shown, vi_auto, written_like};
use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{agree, sum, Agreement, Written};
use crate::figures::model::{in_unit_of, written, FigId, PartsList};
use crate::reading::relation::{Completeness, Rel, Sure};
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
    counted_of(a, pl.total, &pl.parts, pl.lines_below)
}

fn counted_of(a: &Analysis, total: FigId, parts: &[FigId], lines_below: bool) -> usize {
    let n = parts.len();
    if !lines_below || n < 3 {
        return n;
    }
    let (total, _) = a.figures.settled(a.quantity(total));
    let Some(t) = written(&total) else { return n };
    let parts: Option<Vec<Written>> = parts.iter().map(|&p| in_unit_of(&a.figures.settled(a.quantity(p)).0, &total)).collect();
    let Some(parts) = parts else { return n };
    let agrees = |ps: &[Written]| sum(ps).is_some_and(|(s, lo, hi)| agree(t.value, t.ulp.scale(), s, lo, hi) != Agreement::Contradiction);
    if !agrees(&parts) && agrees(&parts[..n - 1]) {
        n - 1
    } else {
        n
    }
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    // A total read with several lists (two readers, or a list and a longer one) is judged once:
    // when one list adds up, the total is explained.
    let mut judged: Vec<FigId> = Vec::new();
    for r in &a.reading.relations {
        let Rel::Parts { total: tf, parts: ref pfs, complete, lines_below } = r.rel else { continue };
        if judged.contains(&tf) {
            continue;
        }
        if a.reading.about(tf).any(|o| !std::ptr::eq(o, r) && matches!(&o.rel, Rel::Parts { total, parts, .. } if *total == tf && adds_up(a, *total, parts))) {
            continue;
        }
        let (total, c0) = a.figures.settled(a.quantity(tf));
        let Some(t) = written(&total) else { continue };
        // An approximate total (`gần 1.200 tỷ`, `hơn 250 tỷ`): the interval its bound allows.
        let Some(t_lo_hi) = approximate_interval(&total) else { continue };
        let mut parts: Vec<Written> = Vec::new();
        let mut unsure = c0 == Certainty::Unsure;
        let mut exact_bounds = true;
        // How far the parts' bound words (`trên 17,5 tỷ`, `gần 14 nghìn tỷ`) widen their sum.
        let (mut widen_lo, mut widen_hi) = (Decimal::ZERO, Decimal::ZERO);
        for &p in pfs {
            let (q, c) = a.figures.settled(a.quantity(p));
            unsure |= c == Certainty::Unsure;
            exact_bounds &= q.bound == Bound::Exact;
            let Some(w) = in_unit_of(&q, &total) else { continue };
            match q.bound {
                Bound::Above => widen_hi += w.value * Decimal::new(10, 2),
                Bound::Nearly => widen_lo += w.value * Decimal::new(5, 2),
                Bound::About => {
                    widen_lo += w.value * Decimal::new(8, 2);
                    widen_hi += w.value * Decimal::new(8, 2);
                }
                Bound::Exact => {}
                // A threshold is no part.
                _ => widen_hi += Decimal::MAX / Decimal::from(1_000_000),
            }
            parts.push(w);
        }
        if parts.is_empty() || parts.len() != pfs.len() {
            continue;
        }
        // One part named after `trong đó` is a subset: only a part clearly larger than its
        // total says something.
        let single = parts.len() == 1;
        let Some((s, lo, hi)) = sum(&parts) else { continue };
        let (lo, hi) = (lo - widen_lo, hi.saturating_add(widen_hi));
        let d = t.ulp.scale();
        let agrees = if total.bound == Bound::Exact && exact_bounds { agree(t.value, d, s, lo, hi) != Agreement::Contradiction } else { hi >= t_lo_hi.0 && lo <= t_lo_hi.1 };
        if agrees || (single && lo <= t_lo_hi.1) {
            continue;
        }

        // A total written with the wrong scale word (`5.120.400 tỷ đồng` for parts that make
        // 5.120,4 tỷ): the sum times a power of a thousand.
        let scale = [1000i64, 1_000_000].into_iter().find_map(|k| {
            let k = Decimal::from(k);
            if (s * k - t.value).abs() <= (hi - lo) * k {
                Some(("lớn hơn", "larger"))
            } else if (t.value * k - s).abs() <= (hi - lo) + t.ulp * k {
                Some(("nhỏ hơn", "smaller"))
            } else {
                None
            }
        });
        // A list far short of its total is more likely a partial list written as if complete
        // than a wrong total: below 80% of it (60% for a list complete by its words) it is
        // left alone.
        let floor = match complete {
            Completeness::Said => Decimal::new(60, 2),
            _ => Decimal::new(80, 2),
        };
        let complete = complete != Completeness::Subset;
        // A table's `Trong đó` rows name some of the parts: short of the row is no finding.
        if !complete && s < t.value && r.reader == "table" {
            continue;
        }
        if scale.is_none() && s < t.value && complete && s < t.value * floor {
            continue;
        }
        // A last line that is not a part (see `counted`).
        if counted_of(a, tf, pfs, lines_below) < pfs.len() {
            continue;
        }
        // With bound words, only a clear excess (or, for a complete list, a clear shortfall).
        if !(exact_bounds || lo > t_lo_hi.1 || (complete && hi < t_lo_hi.0)) {
            continue;
        }
        judged.push(tf);
        let list: Vec<String> = pfs.iter().map(|&p| shown(a, p)).collect();
        let unit = total.unit.as_ref().map(|u| format!(" {}", u.name)).unwrap_or_default();
        let ts = shown(a, tf);
        let range = a.number_range(tf);

        let sure_note = if r.sure == Sure::Certain { (String::new(), String::new()) } else { (format!(" ({})", read_words(r).0), format!(" ({})", read_words(r).1)) };
        let mut f = if let Some((vi_w, en_w)) = scale {
            Finding::new(
                INFO.code,
                if unsure { Severity::Info } else { severity_for(r.sure, INFO.default_severity) },
                range,
                Message::new(
                    format!("Các thành phần cộng lại {}{unit} ({}), tổng ghi {ts} {vi_w} đúng một nghìn (hoặc một triệu) lần: có thể nhầm đơn vị (nghìn, triệu, tỷ).", vi_auto(s, 4), list.join(" + ")),
                    format!("The parts add up to {}{unit} ({}); the total {ts} is exactly a thousand (or a million) times {en_w}: a scale word may be wrong.", vi_auto(s, 4), list.join(" + ")),
                ),
            )
        } else if s > t.value {
            let sev = if unsure { Severity::Info } else if single { severity_for(r.sure, INFO.default_severity).max(Severity::Warning) } else { severity_for(r.sure, INFO.default_severity) };
            let message = if single {
                Message::new(
                    format!("Thành phần {} lớn hơn tổng {ts}{}.", list[0], sure_note.0),
                    format!("The part {} is more than its total {ts}{}.", list[0], sure_note.1),
                )
            } else {
                Message::new(
                    format!("Các thành phần cộng lại {}{unit} ({}), lớn hơn tổng {ts}{}.", vi_auto(s, 4), list.join(" + "), sure_note.0),
                    format!("The parts add up to {}{unit} ({}), more than the total {ts}{}.", vi_auto(s, 4), list.join(" + "), sure_note.1),
                )
            };
            Finding::new(INFO.code, sev, range, message)
        } else if complete {
            let sev = if unsure { Severity::Info } else { severity_for(r.sure, INFO.default_severity) };
            Finding::new(
                INFO.code,
                sev,
                range,
                Message::new(
                    format!("Các thành phần cộng lại {}{unit} ({}), nhỏ hơn tổng {ts} (thiếu {}{unit}){}.", vi_auto(s, 4), list.join(" + "), vi_auto(t.value - s, 4), sure_note.0),
                    format!("The parts add up to {}{unit} ({}), less than the total {ts} ({}{unit} short){}.", vi_auto(s, 4), list.join(" + "), vi_auto(t.value - s, 4), sure_note.1),
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
        for &p in pfs {
            f = f.with_related(a.fig_range(p), Message::new("Thành phần", "Part"));
        }
        let text = written_like(&total, s);
        // A table's total that other cells of its row are computed from is not rewritten.
        let tied = r.reader == "table" && a.reading.about(tf).any(|o| !matches!(o.rel, Rel::Parts { .. }));
        if tied {
            out.push(f);
            continue;
        }
        if let Some(fix) = replace_number(a, tf, s, Message::new(format!("Sửa tổng thành {text}"), format!("Change the total to {text}")), false) {
            f = f.with_fix(fix);
        }
        out.push(f);
    }
}

/// Do these parts add up to the total (within rounding)?
fn adds_up(a: &Analysis, tf: FigId, parts: &[FigId]) -> bool {
    let (total, _) = a.figures.settled(a.quantity(tf));
    let Some(t) = written(&total) else { return false };
    let ws: Option<Vec<Written>> = parts.iter().map(|&p| in_unit_of(&a.figures.settled(a.quantity(p)).0, &total)).collect();
    ws.and_then(|w| sum(&w)).is_some_and(|(s, lo, hi)| agree(t.value, t.ulp.scale(), s, lo, hi) != Agreement::Contradiction)
}

/// The interval a total's bound word allows (`gần 1.200` is 1.140–1.200, `hơn 250` 250–275);
/// `None` for a threshold (`trên 80% trở lên`). The side the word closes is left open by half a
/// unit of the last written digit and 0,5%: writers say `gần 85,6 tỷ` of parts adding to 85,9
/// (a loose word, not a wrong figure); a total clearly passed (`gần 1.200` of 1.254) still is.
fn approximate_interval(q: &crate::numbers::Quantity) -> Option<(Decimal, Decimal)> {
    let w = crate::reading::judge::approximate(q)?;
    let v = q.value.exact()?;
    let half = written(q).map_or(Decimal::ZERO, |w| w.ulp / Decimal::TWO);
    let slack = v.abs() * Decimal::new(5, 3) + half;
    Some(match q.bound {
        Bound::Exact => (w.value - w.ulp / Decimal::TWO, w.value + w.ulp / Decimal::TWO),
        Bound::Above => (v - slack, v * Decimal::new(110, 2)),
        Bound::Nearly => (v * Decimal::new(95, 2), v + slack),
        _ => (w.value - w.ulp / Decimal::TWO, w.value + w.ulp / Decimal::TWO),
    })
}
