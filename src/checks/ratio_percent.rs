//! A fraction and the percentage stated for it: `121/130 hộ, đạt 90,4%` (121/130 = 93,1%).

use rust_decimal::Decimal;

use super::fig::{decimals, replace_number, vi, vi_auto};
use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{agree, percent, round, Agreement, Written};
use crate::figures::model::{FigId, StmtId};
use crate::numbers::{Certainty, UnitKind, Value};

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
    for id in &a.figures.stmts {
        let Some(OfFraction { fraction: ff, stated: pf, num, den, computed: c, lo, hi, per_mille, unsure }) = of_fraction(a, *id) else { continue };
        let (pct, _) = a.figures.settled(a.quantity(pf));
        let Some(stated) = pct.value.exact() else { continue };
        let d = decimals(&pct);
        let sign = if per_mille { "‰" } else { "%" };
        let fr = format!("{}/{}", vi_auto(num, 3), vi_auto(den, 3));
        match agree(stated, d, c, lo, hi) {
            Agreement::Exact => {}
            Agreement::Rounding => out.push(Finding::new(
                INFO.code,
                Severity::Info,
                a.number_range(pf),
                Message::new(
                    format!("{fr} = {}{sign}, văn bản ghi {}{sign}: chênh lệch do làm tròn.", vi(round(c, d + 1), d + 1), vi(stated, d)),
                    format!("{fr} = {}{sign}, the text says {}{sign}: a rounding difference.", vi(round(c, d + 1), d + 1), vi(stated, d)),
                ),
            ).with_related(a.fig_range(ff), Message::new("Phân số", "Fraction"))),
            Agreement::Contradiction => {
                let sev = if unsure { Severity::Info } else { INFO.default_severity };
                let computed = round(c, d);
                let mut f = Finding::new(
                    INFO.code,
                    sev,
                    a.number_range(pf),
                    Message::new(
                        format!("{fr} = {}{sign}, văn bản ghi {}{sign}.", vi(computed, d), vi(stated, d)),
                        format!("{fr} = {}{sign}, the text says {}{sign}.", vi(computed, d), vi(stated, d)),
                    ),
                )
                .with_related(a.fig_range(ff), Message::new("Phân số", "Fraction"));
                if let Some(fix) = replace_number(
                    a,
                    pf,
                    computed,
                    Message::new(format!("Sửa thành {}{sign} (= {fr})", vi(computed, d)), format!("Change to {}{sign} (= {fr})", vi(computed, d))),
                    sev == Severity::Error,
                ) {
                    f = f.with_fix(fix);
                }
                out.push(f);
            }
        }
    }
}
