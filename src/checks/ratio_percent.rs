//! A fraction and the percentage stated for it: `121/130 hộ, đạt 90,4%` (121/130 = 93,1%).

use rust_decimal::Decimal;

use super::fig::{best_reading, stated_percent, Judged};
use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{percent, Written};
use crate::figures::model::{FigId, StmtId};
use crate::numbers::{Certainty, UnitKind, Value};
use crate::reading::relation::Rel;

pub const INFO: CheckInfo = CheckInfo {
    code: "ratio-percent",
    default_severity: Severity::Error,
    summary_vi: "Tỷ lệ phần trăm không khớp với phân số đi kèm",
    summary_en: "A percentage does not match its fraction",
    example: "121/130 hộ, đạt 90,4% (121/130 = 93,1%)",
};

/// A fraction and its stated percentage, computed exactly (shared by this check, the hover and
/// the inlay hints).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfFraction {
    pub fraction: FigId,
    /// The stated percentage (or per mille).
    pub stated: FigId,
    pub num: Decimal,
    pub den: Decimal,
    /// num / den × 100 (× 1000 when the stated figure is in ‰), exact, and its interval.
    pub computed: Decimal,
    pub lo: Decimal,
    pub hi: Decimal,
    pub per_mille: bool,
    pub unsure: bool,
}

/// The fraction and percentage of statement `id` (`121/130, đạt 90,4%`).
pub fn of_fraction(a: &Analysis, id: StmtId) -> Option<OfFraction> {
    let (fq, pq) = a.statement(id).ratio?;
    let line = id.line;
    let (ff, pf) = (FigId { line, q: fq }, FigId { line, q: pq });
    let (frac, c1) = a.figures.settled(a.quantity(ff));
    let (pct, c2) = a.figures.settled(a.quantity(pf));
    let Value::Fraction { num, den } = frac.value else { return None };
    let per_mille = pct.unit.as_ref().is_some_and(|u| u.kind == UnitKind::PerMille);
    let per = Decimal::from(if per_mille { 10 } else { 1 });
    let nd = frac.numerals.first().map(|n| n.style.decimals as u32).unwrap_or(0);
    let dd = frac.numerals.get(1).map(|n| n.style.decimals as u32).unwrap_or(0);
    let (c, lo, hi) = percent(Written::rounded(num, nd).exact_if(nd == 0), Written::rounded(den, dd).exact_if(dd == 0))?;
    Some(OfFraction {
        fraction: ff,
        stated: pf,
        num,
        den,
        computed: c * per,
        lo: lo * per,
        hi: hi * per,
        per_mille,
        unsure: c1 == Certainty::Unsure || c2 == Certainty::Unsure,
    })
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    for r in &a.reading.relations {
        let (related, stated) = match &r.rel {
            Rel::Ratio { part, whole, stated } => {
                let mut rel = vec![(a.fig_range(part.fig()), Message::new("Phần", "Part"))];
                if whole.fig() != part.fig() {
                    rel.push((a.fig_range(whole.fig()), Message::new("Tổng thể", "Whole")));
                } else {
                    rel[0].1 = Message::new("Phân số", "Fraction");
                }
                (rel, *stated)
            }
            _ => continue,
        };
        let Some((best, computed)) = best_reading(a, stated) else { continue };
        if !std::ptr::eq(best, r) {
            continue;
        }
        out.extend(stated_percent(
            a,
            Judged {
                code: INFO.code,
                severity: INFO.default_severity,
                relation: r,
                computed,
                related,
                fix_title: |v| Message::new(format!("Sửa thành {v}"), format!("Change to {v}")),
            },
        ));
    }
}
