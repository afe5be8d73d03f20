//! A fraction and the percentage stated for it: `121/130 hộ, đạt 90,4%` (121/130 = 93,1%).

use super::fig::{decimals, replace_number, vi, vi_auto};
use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{agree, percent, round, Agreement, Written};
use crate::figures::model::FigId;
use crate::numbers::{Certainty, UnitKind, Value};

pub const INFO: CheckInfo = CheckInfo {
    code: "ratio-percent",
    default_severity: Severity::Error,
    summary_vi: "Tỷ lệ phần trăm không khớp với phân số đi kèm",
    summary_en: "A percentage does not match its fraction",
    example: "121/130 hộ, đạt 90,4% (121/130 = 93,1%)",
};

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    for id in &a.figures.stmts {
        let s = a.statement(*id);
        let Some((fq, pq)) = s.ratio else { continue };
        let line = id.line;
        let (ff, pf) = (FigId { line, q: fq }, FigId { line, q: pq });
        let (frac, c1) = a.figures.settled(a.quantity(ff));
        let (pct, c2) = a.figures.settled(a.quantity(pf));
        let Value::Fraction { num, den } = frac.value else { continue };
        let Some(stated) = pct.value.exact() else { continue };
        let per = if pct.unit.as_ref().is_some_and(|u| u.kind == UnitKind::PerMille) { 10 } else { 1 };
        let d = decimals(&pct);
        let nd = frac.numerals.first().map(|n| n.style.decimals as u32).unwrap_or(0);
        let dd = frac.numerals.get(1).map(|n| n.style.decimals as u32).unwrap_or(0);
        let Some((c, lo, hi)) = percent(Written::rounded(num, nd).exact_if(nd == 0), Written::rounded(den, dd).exact_if(dd == 0)) else { continue };
        let (c, lo, hi) = (c * rust_decimal::Decimal::from(per), lo * rust_decimal::Decimal::from(per), hi * rust_decimal::Decimal::from(per));
        let unsure = c1 == Certainty::Unsure || c2 == Certainty::Unsure;
        let sign = if per == 10 { "‰" } else { "%" };
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
