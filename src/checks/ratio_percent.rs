//! A fraction and the percentage stated for it: `121/130 hộ, đạt 90,4%` (121/130 = 93,1%).

use rust_decimal::Decimal;

use super::fig::{BestReadings, decimals, stated_percent, vi_auto, Judged};
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
    let mut best = BestReadings::new(a);
    for r in &a.reading.relations {
        if let Rel::SameWhole { pairs } = &r.rel {
            out.extend(same_whole(a, r, pairs));
            continue;
        }
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
        let Some(computed) = best.of(r, stated) else { continue };
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

/// The whole an amount and its percentage imply, as an interval: amount ÷ percentage, with the
/// amount's precision and the percentage read as rounded or truncated.
pub fn implied_whole(a: &Analysis, x: FigId, p: FigId) -> Option<(Decimal, Decimal)> {
    let xq = a.figures.settled(a.quantity(x)).0;
    let pq = a.figures.settled(a.quantity(p)).0;
    let xw = crate::reading::judge::approximate(&xq)?;
    let pv = pq.value.exact()?;
    let ulp = Decimal::new(1, decimals(&pq));
    let (plo, phi) = (pv - ulp / Decimal::TWO, pv + ulp);
    if plo <= Decimal::ZERO {
        return None;
    }
    let k = Decimal::from(if pq.unit.as_ref().is_some_and(|u| u.kind == UnitKind::PerMille) { 1000 } else { 100 });
    let half = xw.ulp / Decimal::TWO;
    Some(((xw.value - half) * k / phi, (xw.value + half) * k / plo))
}

/// Pairs that should imply one whole: the largest group that agrees, and a finding on a pair
/// outside it (when at least two agree, or on the second of a paired list of two).
fn same_whole(a: &Analysis, r: &crate::reading::relation::Relation, pairs: &[(FigId, FigId)]) -> Option<Finding> {
    // A percentage some other reading explains is left alone.
    // (Only by a reading at least as sure as this one: several weak readings of a percentage
    // agree with it by chance too often.)
    let explained = |p: FigId| a.reading.stating(p).any(|o| o.sure <= r.sure && crate::reading::judge::compute(a, o).is_some_and(|c| c.agreement() != crate::figures::compare::Agreement::Contradiction));
    let ws: Vec<(Decimal, Decimal)> = pairs.iter().map(|&(x, p)| implied_whole(a, x, p)).collect::<Option<_>>()?;
    // The largest set of intervals with a common point: try each interval's low end.
    let mut best: Vec<usize> = Vec::new();
    for &(lo, _) in &ws {
        let set: Vec<usize> = (0..ws.len()).filter(|&k| ws[k].0 <= lo && lo <= ws[k].1).collect();
        if set.len() > best.len() {
            best = set;
        }
    }
    if best.len() == ws.len() {
        return None;
    }
    let (odd, common) = if ws.len() == 2 {
        (1, ws[0])
    } else {
        if best.len() < 2 || ws.len() - best.len() != 1 {
            return None;
        }
        let odd = (0..ws.len()).find(|k| !best.contains(k))?;
        let lo = best.iter().map(|&k| ws[k].0).max()?;
        let hi = best.iter().map(|&k| ws[k].1).min()?;
        (odd, (lo, hi))
    };
    let (x, p) = pairs[odd];
    if explained(p) {
        return None;
    }
    let whole = (common.0 + common.1) / Decimal::TWO;
    if whole <= Decimal::ZERO {
        return None;
    }
    let pq = a.figures.settled(a.quantity(p)).0;
    let d = decimals(&pq);
    let xq = a.figures.settled(a.quantity(x)).0;
    let xv = xq.value.exact()?;
    let computed = crate::figures::compare::round(xv * Decimal::ONE_HUNDRED / whole, d);
    let others: Vec<String> = pairs.iter().enumerate().filter(|&(k, _)| k != odd).map(|(_, &(x, p))| format!("{} ↔ {}", super::fig::shown(a, x), super::fig::shown(a, p))).collect();
    let wtxt = vi_auto(whole, 0);
    let stated = super::fig::shown(a, p);
    let mut f = Finding::new(
        INFO.code,
        super::fig::severity_for(r.sure, INFO.default_severity),
        a.number_range(p),
        Message::new(
            format!(
                "{} ↔ {stated} cho tổng thể khoảng {}, nhưng {} cho khoảng {wtxt}: với tổng thể đó tỷ lệ là {}% ({}).",
                super::fig::shown(a, x),
                vi_auto((ws[odd].0 + ws[odd].1) / Decimal::TWO, 0),
                others.join("; "),
                super::fig::vi(computed, d),
                super::fig::read_words(r).0
            ),
            format!(
                "{} ↔ {stated} implies a whole of about {}, but {} imply about {wtxt}: with that whole the share is {}% ({}).",
                super::fig::shown(a, x),
                vi_auto((ws[odd].0 + ws[odd].1) / Decimal::TWO, 0),
                others.join("; "),
                super::fig::vi(computed, d),
                super::fig::read_words(r).1
            ),
        ),
    );
    for &(ox, op) in pairs.iter().filter(|&&(_, op)| op != p) {
        f = f.with_related(a.fig_range(op), Message::new(format!("Cùng tổng thể: {}", super::fig::shown(a, ox)), format!("Same whole: {}", super::fig::shown(a, ox))));
    }
    if let Some(fix) = super::fig::replace_number(a, p, computed, Message::new(format!("Sửa thành {}%", super::fig::vi(computed, d)), format!("Change to {}%", super::fig::vi(computed, d))), false) {
        f = f.with_fix(fix);
    }
    Some(f)
}
