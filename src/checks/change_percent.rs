//! A change given both ways: `đạt 115.000 triệu đồng, tăng 8.021 triệu đồng (7,5%) so với năm
//! 2019` — the earlier value is 115.000 − 8.021 = 106.979, and 8.021/106.979 = 7,5%.
//!
//! Only when one statement holds the value, one absolute change in a comparable unit and one
//! percentage for that same change (`tăng 8.021 triệu đồng (7,5%)` or `…, tăng 7,5%`); the value
//! must not itself be a rate (a rate that `giảm 0,08%` most often means percentage points).
//! A probable contradiction only (warning): the percentage may have been computed on another
//! base than the value stated.

use rust_decimal::Decimal;

use super::fig::{decimals, shown, stated_percent, vi_auto, StatedPercent};
use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{percent, Written};
use crate::figures::extract::Direction;
use crate::figures::model::{in_unit_of, written, FigId, StmtId};
use crate::numbers::{Bound, Certainty, Quantity, UnitKind};

pub const INFO: CheckInfo = CheckInfo {
    code: "change-percent",
    default_severity: Severity::Warning,
    summary_vi: "Mức tăng/giảm tính theo % không khớp với mức tăng/giảm tuyệt đối",
    summary_en: "A percentage change does not match the absolute change",
    example: "đạt 115.000 triệu đồng, tăng 8.021 triệu đồng (8,5%) — 8.021/(115.000 − 8.021) = 7,5%",
};

/// A change stated both as an amount and as a percentage, and the percentage the figures give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BothWays {
    pub value: FigId,
    pub amount: FigId,
    pub stated: FigId,
    pub dir: Direction,
    /// The value, the amount in the value's unit and the stated percentage, as read.
    pub value_read: Decimal,
    pub amount_read: Decimal,
    pub stated_read: Decimal,
    /// Decimals the stated percentage is written with.
    pub decimals: u32,
    /// amount / (value ∓ amount) × 100, with its interval.
    pub computed: Decimal,
    pub lo: Decimal,
    pub hi: Decimal,
    pub unsure: bool,
}

fn is_percent(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent)
}

/// The change of statement `id` given both ways, if it is one.
pub fn both_ways(a: &Analysis, id: StmtId) -> Option<BothWays> {
    let s = a.statement(id);
    let line = id.line;
    let fig = |q| FigId { line, q };
    let v = s.value?;
    // Exactly one absolute change and one percentage change, in the same direction (most
    // statements state no change: ruled out before anything is settled).
    if s.changes.is_empty() {
        return None;
    }
    let amounts: Vec<_> = s.changes.iter().filter(|c| !c.times && !a.quantity(fig(c.q)).in_percent_or_per_mille()).collect();
    let [amount] = amounts[..] else { return None };
    let (vq, c1) = a.figures.settled(a.quantity(fig(v)));
    if vq.in_percent_or_per_mille() || vq.unit.is_none() || vq.bound != Bound::Exact {
        return None;
    }
    let mut pcts: Vec<(crate::figures::extract::Q, Direction)> =
        s.changes.iter().filter(|c| !c.times && is_percent(a.quantity(fig(c.q)))).map(|c| (c.q, c.dir)).collect();
    // `tăng 8.021 triệu đồng (7,5%)`: the percentage in brackets right after the amount.
    let aq = a.quantity(fig(amount.q));
    let text = a.line_text(line as usize);
    for &o in &s.others {
        let oq = a.quantity(fig(o));
        let between = text.get(aq.range.end as usize..oq.range.start as usize).unwrap_or("");
        if is_percent(oq) && oq.range.start > aq.range.end && between.trim() == "(" {
            pcts.push((o, amount.dir));
        }
    }
    let [(p, pdir)] = pcts[..] else { return None };
    if pdir != amount.dir {
        return None;
    }
    let (aq, c2) = a.figures.settled(aq);
    let (pq, c3) = a.figures.settled(a.quantity(fig(p)));
    if aq.bound != Bound::Exact || pq.bound != Bound::Exact {
        return None;
    }
    let stated_read = pq.value.exact()?;
    let value = written(&vq)?;
    let amount_w = in_unit_of(&aq, &vq)?;
    let earlier = match amount.dir {
        Direction::Up => value.value.checked_sub(amount_w.value)?,
        Direction::Down => value.value.checked_add(amount_w.value)?,
    };
    if earlier <= Decimal::ZERO {
        return None;
    }
    let (c, lo, hi) = percent(amount_w, Written { value: earlier, ulp: value.ulp + amount_w.ulp })?;
    let unsure = [c1, c2, c3].contains(&Certainty::Unsure);
    Some(BothWays {
        value: fig(v),
        amount: fig(amount.q),
        stated: fig(p),
        dir: amount.dir,
        value_read: value.value,
        amount_read: amount_w.value,
        stated_read,
        decimals: decimals(&pq),
        computed: c,
        lo,
        hi,
        unsure,
    })
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    for id in &a.figures.stmts {
        let Some(b) = both_ways(a, *id) else { continue };
        // In the value's unit: `8,021 tỷ` against `115.000 triệu` is shown as 8.021 (triệu).
        let (v, d) = (b.value_read, b.amount_read);
        let sign = if b.dir == Direction::Up { "−" } else { "+" };
        let finding = stated_percent(
            a,
            StatedPercent {
                code: INFO.code,
                severity: INFO.default_severity,
                stated: b.stated,
                value: b.stated_read,
                decimals: b.decimals,
                sign: "%",
                computed: (b.computed, b.lo, b.hi),
                formula: format!("{}/({} {sign} {})", vi_auto(d, 3), vi_auto(v, 3), vi_auto(d, 3)),
                unsure: b.unsure,
                related: vec![
                    (a.fig_range(b.value), Message::new(format!("Giá trị: {}", shown(a, b.value)), format!("Value: {}", shown(a, b.value)))),
                    (
                        a.fig_range(b.amount),
                        Message::new(format!("Mức thay đổi: {}", shown(a, b.amount)), format!("Change: {}", shown(a, b.amount))),
                    ),
                ],
                fix_title: |v| Message::new(format!("Sửa thành {v}"), format!("Change to {v}")),
            },
        );
        out.extend(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analysis, Config};

    fn found(text: &str) -> Vec<(String, String)> {
        // A line that settles the document's number style (`.` thousands, `,` decimals).
        let text = format!("- Dân số 12.345.678 người, thu nhập 52,35 triệu đồng.\n{text}");
        let a = Analysis::from_text(&text, &Config::default());
        a.findings
            .iter()
            .filter(|f| f.code == super::INFO.code)
            .map(|f| (f.severity.as_str().to_string(), f.message.vi.clone()))
            .collect()
    }

    #[test]
    fn percentage_checked_against_the_earlier_value() {
        let f = found("- Tổng thu ngân sách đạt 115.000 triệu đồng, tăng 8.021 triệu đồng (8,5%) so với năm 2019.\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "warning");
        assert!(f[0].1.contains("8.021/(115.000 − 8.021) = 7,5%"), "{}", f[0].1);
        assert!(found("- Tổng thu ngân sách đạt 115.000 triệu đồng, tăng 8.021 triệu đồng (7,5%) so với năm 2019.\n").is_empty());
        // The arithmetic is shown in the value's unit.
        let f = found("- Tổng thu ngân sách đạt 115 tỷ đồng, tăng 8.021 triệu đồng (8,5%) so với năm 2019.\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].1.contains("8,021/(115 − 8,021) = 7,5%"), "{}", f[0].1);
        assert!(found("- Tổng thu ngân sách đạt 115.000 triệu đồng, tăng 8.021 triệu đồng, tăng 7,5% so với năm 2019.\n").is_empty());
        // Truncated instead of rounded: 7,4977… written 7,49 is fine; 7,4 is not.
        assert!(found("- Tổng chi đạt 106.979 triệu đồng, giảm 8.021 triệu đồng (giảm 6,97%).\n").is_empty());
    }

    #[test]
    fn rates_bounds_and_lone_figures_are_left_alone() {
        // A rate: `giảm 0,08%` is points.
        assert!(found("- Tỷ lệ hộ nghèo còn 1,63%, giảm 0,2 (15%).\n").is_empty());
        // No absolute change, or two of them.
        assert!(found("- Tổng thu đạt 115.000 triệu đồng, tăng 9% so với năm 2019.\n").is_empty());
        assert!(found("- Tổng thu đạt 115.000 triệu đồng, tăng 8.021 triệu đồng, tăng 500 triệu đồng (9%).\n").is_empty());
        // Approximate value.
        assert!(found("- Tổng thu đạt trên 115.000 triệu đồng, tăng 8.021 triệu đồng (9%).\n").is_empty());
        // Directions that disagree.
        assert!(found("- Tổng thu đạt 115.000 triệu đồng, tăng 8.021 triệu đồng, giảm 9%.\n").is_empty());
    }
}
