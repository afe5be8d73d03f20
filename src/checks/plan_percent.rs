//! Actual against plan: `515,74 tỷ đồng (chỉ tiêu 570 tỷ đồng, đạt 98,3%)` (515,74/570 = 90,5%).

use rust_decimal::Decimal;

use super::fig::{BestReadings, replace_number, stated_percent, vi, written_like, Judged};
use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::model::{in_unit_of, FigId, StmtId};
use crate::numbers::Certainty;
use crate::reading::relation::Rel;

pub const INFO: CheckInfo = CheckInfo {
    code: "plan-percent",
    default_severity: Severity::Error,
    summary_vi: "Tỷ lệ % kế hoạch không khớp với thực hiện ÷ kế hoạch",
    summary_en: "“% of plan” does not match actual ÷ plan",
    example: "515,74 tỷ đồng (chỉ tiêu 570 tỷ đồng, đạt 98,3%) — 515,74/570 = 90,5%",
};

/// Actual ÷ plan of one statement, computed exactly (shared by this check, the hover and the
/// inlay hints).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfPlan {
    pub value: FigId,
    pub plan: FigId,
    /// actual / plan × 100, exact.
    pub percent: Decimal,
    /// The interval the figures' precision (and a bound on the actual) allows.
    pub lo: Decimal,
    pub hi: Decimal,
    /// A figure's reading is unsure (an ambiguous `3.368`).
    pub unsure: bool,
}

/// The percentage of plan of statement `id`: it needs a value and a plan in a comparable unit
/// that is no threshold (`dưới 1%`, `từ 8% trở lên`); a plan said roughly (`khoảng 3.000 lao
/// động`, `trên 17,5 tỷ đồng`) gives the interval its bound allows, as the checks judge it.
pub fn of_plan(a: &Analysis, id: StmtId) -> Option<OfPlan> {
    let s = a.statement(id);
    let (v, p) = (s.value?, s.plan?);
    let (vf, pf) = (FigId { line: id.line, q: v }, FigId { line: id.line, q: p });
    let (vq, c1) = a.figures.settled(a.quantity(vf));
    let (pq, c2) = a.figures.settled(a.quantity(pf));
    let (c, lo, hi) = crate::reading::judge::plan_quotient(&vq, &pq)?;
    Some(OfPlan { value: vf, plan: pf, percent: c, lo, hi, unsure: c1 == Certainty::Unsure || c2 == Certainty::Unsure })
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    let mut best = BestReadings::new(a);
    for r in &a.reading.relations {
        let Rel::OfPlan { actual: vf, plan: pf, stated } = r.rel else { continue };
        let Some(computed) = best.of(r, stated) else { continue };
        let stated_value = computed.stated_value;
        let d = computed.decimals;
        let Some(mut f) = stated_percent(
            a,
            Judged {
                code: INFO.code,
                severity: INFO.default_severity,
                relation: r,
                computed,
                related: vec![
                    (a.fig_range(vf), Message::new("Thực hiện", "Actual")),
                    (a.fig_range(pf), Message::new("Kế hoạch", "Plan")),
                ],
                fix_title: |v| Message::new(format!("Sửa tỷ lệ thành {v}"), format!("Change the percentage to {v}")),
            },
        ) else {
            continue;
        };
        // Or the actual figure is the wrong one: the one that gives the stated percentage.
        let (vq, _) = a.figures.settled(a.quantity(vf));
        let (pq, _) = a.figures.settled(a.quantity(pf));
        // In a table the actual is a cell other cells of its row are computed from: only the
        // stated cell is rewritten.
        if r.reader != "table" && (f.severity != Severity::Info || !f.fixes.is_empty()) {
            if let Some(plan_in_v) = in_unit_of(&pq, &vq).filter(|p| !p.value.is_zero()) {
                // Written with the actual's decimals, it must give the stated percentage back
                // (`32` of `45` is 71,1%, not 70%: no such fix for a count).
                // (`vượt 6,3%`: the actual is 106,3% of the plan.)
                let excess = if crate::reading::judge::says_excess(a, stated) { Decimal::ONE_HUNDRED } else { Decimal::ZERO };
                let other = crate::figures::compare::round((stated_value + excess) * plan_in_v.value / Decimal::ONE_HUNDRED, super::fig::decimals(&vq));
                let back = other * Decimal::ONE_HUNDRED / plan_in_v.value - excess;
                if crate::figures::compare::agree(stated_value, d, back, back, back) != crate::figures::compare::Agreement::Exact {
                    out.push(f);
                    continue;
                }
                let text = written_like(&vq, other);
                if let Some(fix) = replace_number(
                    a,
                    vf,
                    other,
                    Message::new(
                        format!("Hoặc sửa số thực hiện thành {text} (nếu tỷ lệ {}% là đúng)", vi(stated_value, d)),
                        format!("Or change the actual figure to {text} (if {}% is right)", vi(stated_value, d)),
                    ),
                    false,
                ) {
                    f = f.with_fix(fix);
                }
            }
        }
        out.push(f);
    }
}
