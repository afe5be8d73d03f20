//! Actual against plan: `515,74 tỷ đồng (chỉ tiêu 570 tỷ đồng, đạt 98,3%)` (515,74/570 = 90,5%).

use rust_decimal::Decimal;

use super::fig::{decimals, replace_number, shown, vi, written_like};
use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{agree, percent, round, Agreement};
use crate::figures::model::{in_unit_of, written, FigId, StmtId};
use crate::numbers::{Bound, Certainty, UnitKind};

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

/// The percentage of plan of statement `id`: it needs a value and a plan that is exact (not
/// `dưới 1%`, not a range) in a comparable unit.
pub fn of_plan(a: &Analysis, id: StmtId) -> Option<OfPlan> {
    let s = a.statement(id);
    let (v, p) = (s.value?, s.plan?);
    let (vf, pf) = (FigId { line: id.line, q: v }, FigId { line: id.line, q: p });
    let (vq, c1) = a.figures.settled(a.quantity(vf));
    let (pq, c2) = a.figures.settled(a.quantity(pf));
    if pq.bound != Bound::Exact {
        return None;
    }
    let (actual, plan) = (in_unit_of(&vq, &pq)?, written(&pq)?);
    let (c, mut lo, mut hi) = percent(actual, plan)?;
    // `trên 515,74 tỷ` / `khoảng …`: the actual is approximate; allow a little either way.
    if vq.bound != Bound::Exact {
        lo *= Decimal::new(99, 2);
        hi *= Decimal::new(102, 2);
    }
    Some(OfPlan { value: vf, plan: pf, percent: c, lo, hi, unsure: c1 == Certainty::Unsure || c2 == Certainty::Unsure })
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    for id in &a.figures.stmts {
        let s = a.statement(*id);
        let (Some(_), Some(_), Some(pp)) = (s.value, s.plan, s.plan_percent) else { continue };
        let ppf = FigId { line: id.line, q: pp };
        let (ppq, c3) = a.figures.settled(a.quantity(ppf));
        if ppq.unit.as_ref().is_none_or(|u| u.kind != UnitKind::Percent) {
            continue;
        }
        let Some(stated) = ppq.value.exact() else { continue };
        let Some(OfPlan { value: vf, plan: pf, percent: c, lo, hi, unsure }) = of_plan(a, *id) else { continue };
        let (vq, _) = a.figures.settled(a.quantity(vf));
        let (pq, _) = a.figures.settled(a.quantity(pf));
        let d = decimals(&ppq);
        let unsure = unsure || c3 == Certainty::Unsure;
        let (vs, ps) = (shown(a, vf), shown(a, pf));
        match agree(stated, d, c, lo, hi) {
            Agreement::Exact => {}
            Agreement::Rounding => out.push(
                Finding::new(
                    INFO.code,
                    Severity::Info,
                    a.number_range(ppf),
                    Message::new(
                        format!("{vs} / {ps} = {}%, văn bản ghi {}%: chênh lệch do làm tròn.", vi(round(c, d + 1), d + 1), vi(stated, d)),
                        format!("{vs} / {ps} = {}%, the text says {}%: a rounding difference.", vi(round(c, d + 1), d + 1), vi(stated, d)),
                    ),
                )
                .with_related(a.fig_range(vf), Message::new("Thực hiện", "Actual"))
                .with_related(a.fig_range(pf), Message::new("Kế hoạch", "Plan")),
            ),
            Agreement::Contradiction => {
                let sev = if unsure { Severity::Info } else { INFO.default_severity };
                let computed = round(c, d);
                let mut f = Finding::new(
                    INFO.code,
                    sev,
                    a.number_range(ppf),
                    Message::new(
                        format!("{vs} / {ps} = {}%, văn bản ghi {}%.", vi(computed, d), vi(stated, d)),
                        format!("{vs} / {ps} = {}%, the text says {}%.", vi(computed, d), vi(stated, d)),
                    ),
                )
                .with_related(a.fig_range(vf), Message::new("Thực hiện", "Actual"))
                .with_related(a.fig_range(pf), Message::new("Kế hoạch", "Plan"));
                if let Some(fix) = replace_number(
                    a,
                    ppf,
                    computed,
                    Message::new(format!("Sửa tỷ lệ thành {}%", vi(computed, d)), format!("Change the percentage to {}%", vi(computed, d))),
                    sev == Severity::Error,
                ) {
                    f = f.with_fix(fix);
                }
                // Or the actual figure is the wrong one: the one that gives the stated percentage.
                if let Some(plan_in_v) = in_unit_of(&pq, &vq) {
                    let other = stated * plan_in_v.value / Decimal::ONE_HUNDRED;
                    let text = written_like(&vq, other);
                    if let Some(fix) = replace_number(
                        a,
                        vf,
                        other,
                        Message::new(
                            format!("Hoặc sửa số thực hiện thành {text} (nếu tỷ lệ {}% là đúng)", vi(stated, d)),
                            format!("Or change the actual figure to {text} (if {}% is right)", vi(stated, d)),
                        ),
                        false,
                    ) {
                        f = f.with_fix(fix);
                    }
                }
                out.push(f);
            }
        }
    }
}
