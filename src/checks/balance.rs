//! The budget balance: total revenue − total spending = the amount carried over (`chuyển sang
//! năm sau`, `kết dư`, `tồn quỹ`), when all three are stated in one section.

use rust_decimal::Decimal;

use super::fig::{shown, vi_auto};
use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{agree, difference, Agreement};
use crate::figures::model::{in_unit_of, written, FigId};
use crate::numbers::{Bound, UnitKind};

pub const INFO: CheckInfo = CheckInfo {
    code: "balance",
    default_severity: Severity::Warning,
    summary_vi: "Tổng thu − tổng chi không bằng số kết dư / chuyển sang năm sau",
    summary_en: "Total revenue − total spending does not equal the balance carried over",
    example: "Tổng thu 7.804 triệu; tổng chi 7.687 triệu; chuyển sang năm sau 100 triệu (phải là 117)",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Revenue,
    Spending,
    Carried,
}

fn role(key: &str) -> Option<Role> {
    // Every role's words contain one of these letters pairs; most keys are rejected at once.
    use crate::figures::lexicon::find_bytes;
    if !(key.starts_with("tong") || find_bytes(key, "chuyen").is_some() || find_bytes(key, "ket du").is_some() || find_bytes(key, "ton quy").is_some()) {
        return None;
    }
    if key.starts_with("tong thu") && !key.starts_with("tong thu nhap") {
        Some(Role::Revenue)
    } else if key.starts_with("tong chi") {
        Some(Role::Spending)
    } else if ["chuyen sang", "ket du", "ton quy", "chuyen nguon sang"].iter().any(|w| key.contains(w)) {
        Some(Role::Carried)
    } else {
        None
    }
}

/// A balance carried over and the revenue and spending before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub revenue: FigId,
    pub spending: FigId,
    pub carried: FigId,
    /// Revenue − spending in the carried figure's unit, with its interval, and how it agrees.
    pub difference: Decimal,
    pub lo: Decimal,
    pub hi: Decimal,
    pub agreement: Agreement,
}

/// Is a statement's key the balance carried over (`Cân đối chuyển sang năm 2022`, `kết dư`)?
pub fn is_carried(key: &str) -> bool {
    matches!(role(key), Some(Role::Carried))
}

/// Every balance carried over after a total revenue and a total spending of the same section
/// (money, exact): the one place they are tied, for the check and the hover card.
pub fn balances(a: &Analysis) -> Vec<Balance> {
    let mut out = Vec::new();
    let mut last: [Option<(usize, FigId)>; 2] = [None, None];
    // The statements with a role, found through the index of keys (a few hundred keys rather
    // than every statement of a long file), then walked in document order.
    let mut with_role: Vec<(usize, Role)> =
        a.figures.by_key.iter().filter_map(|(key, ks)| role(key).map(|r| (ks, r))).flat_map(|(ks, r)| ks.iter().map(move |&k| (k, r))).collect();
    with_role.sort_unstable_by_key(|&(k, _)| k);
    for (k, r) in with_role {
        let id = &a.figures.stmts[k];
        let s = a.statement(*id);
        let Some(v) = s.value else { continue };
        let fig = FigId { line: id.line, q: v };
        let q = a.quantity(fig);
        let money = q.unit.as_ref().is_none_or(|u| matches!(u.kind, UnitKind::Money(_)));
        if !money || q.bound != Bound::Exact {
            continue;
        }
        match r {
            Role::Revenue => last = [Some((k, fig)), None],
            Role::Spending => last[1] = Some((k, fig)),
            Role::Carried => {
                let [Some((rk, rev)), Some((sk, spe))] = last else { continue };
                let same = |x: usize| {
                    let (c, d) = (&a.figures.ctx[x], &a.figures.ctx[k]);
                    c.section == d.section && c.plan == d.plan && c.scope == d.scope
                };
                if !same(rk) || !same(sk) {
                    continue;
                }
                let (rq, sq, cq) = (a.figures.settled(a.quantity(rev)).0, a.figures.settled(a.quantity(spe)).0, a.figures.settled(q).0);
                let (Some(rw), Some(sw), Some(cw)) = (in_unit_of(&rq, &cq), in_unit_of(&sq, &cq), written(&cq)) else { continue };
                let Some((d, lo, hi)) = difference(rw, sw) else { continue };
                let agreement = agree(cw.value, cw.ulp.scale(), d, lo, hi);
                out.push(Balance { revenue: rev, spending: spe, carried: fig, difference: d, lo, hi, agreement });
            }
        }
    }
    out
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    for b in balances(a) {
        if b.agreement != Agreement::Contradiction {
            continue;
        }
        let Balance { revenue: rev, spending: spe, carried: fig, difference: d, .. } = b;
        out.push(
            Finding::new(
                INFO.code,
                INFO.default_severity,
                a.number_range(fig),
                Message::new(
                    format!("Tổng thu − tổng chi = {} − {} = {}, văn bản ghi {}.", shown(a, rev), shown(a, spe), vi_auto(d, 3), shown(a, fig)),
                    format!("Revenue − spending = {} − {} = {}, the text says {}.", shown(a, rev), shown(a, spe), vi_auto(d, 3), shown(a, fig)),
                ),
            )
            .with_related(a.fig_range(rev), Message::new("Tổng thu", "Total revenue"))
            .with_related(a.fig_range(spe), Message::new("Tổng chi", "Total spending")),
        );
    }
}
