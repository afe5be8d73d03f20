//! Reader: the ties the line extractor already made inside one statement, and the parts lists
//! of the document model.
//!
//! - value, plan and stated % of plan in one statement: `515,74 tỷ đồng (chỉ tiêu 570 tỷ đồng,
//!   đạt 98,3%)` (certain);
//! - a fraction and its percentage: `121/130 hộ, đạt 90,4%` (certain);
//! - a change given both ways after the value: `đạt 115.000 triệu đồng, tăng 8.021 triệu đồng
//!   (7,5%)` (probable: the percentage may have another base);
//! - a total and the parts after `trong đó` (inline, in the next sentence, or on the lines
//!   below): a subset, which must not exceed the total.

use super::relation::{ChangeForm, Completeness, Operand, Rel, Relation, Sure};
use crate::analysis::Analysis;
use crate::figures::extract::{Direction, Q};
use crate::figures::model::FigId;
use crate::numbers::{Bound, Quantity, UnitKind};

/// The ties of the whole document's statements and parts lists.
pub fn read_document(a: &Analysis) -> Vec<Relation> {
    let mut out = Vec::new();
    let out = &mut out;
    for &id in &a.figures.stmts {
        let s = a.statement(id);
        let fig = |q: Q| FigId { line: id.line, q };
        if let (Some(v), Some(p), Some(pp)) = (s.value, s.plan, s.plan_percent) {
            out.push(Relation::new(Rel::OfPlan { actual: fig(v), plan: fig(p), stated: fig(pp) }, Sure::Certain, "statements"));
        }
        if let Some((f, p)) = s.ratio {
            out.push(Relation::new(Rel::Ratio { part: Operand::Num(fig(f)), whole: Operand::Den(fig(f)), stated: fig(p) }, Sure::Certain, "statements"));
        }
        if let Some((now, amount, pct, dir)) = both_ways(a, id) {
            out.push(Relation::new(Rel::Change { form: ChangeForm::PctOfAmount { now, amount }, dir, stated: pct }, Sure::Probable, "statements"));
        }
    }
    for pl in &a.figures.parts_lists {
        // Figures with no words between them are the cells of a flattened table row, not
        // parts named in running text.
        if !pl.lines_below && pl.parts.windows(2).any(|w| !super::words::words_between(a, w[0], w[1])) {
            continue;
        }
        // A bare number over parts counted in a unit is no total of theirs.
        // (Nor is a bare number under ten: an item or section number far more often.)
        let tq = a.quantity(pl.total);
        let small_bare = tq.unit.is_none() && tq.value.exact().is_some_and(|v| v < rust_decimal::Decimal::TEN);
        if !pl.lines_below && tq.unit.is_none() && (small_bare || pl.parts.iter().all(|&p| a.quantity(p).unit.is_some())) {
            continue;
        }
        let sure = if pl.lines_below { Sure::Certain } else { Sure::Probable };
        out.push(Relation::new(Rel::Parts { total: pl.total, parts: pl.parts.clone(), complete: Completeness::Subset, lines_below: pl.lines_below }, sure, "statements"));
    }
    std::mem::take(out)
}

fn is_percent(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent)
}

/// A change given both ways in one statement: the value, exactly one absolute change in a
/// comparable unit and one percentage for that same change (`tăng 8.021 triệu đồng (7,5%)` or
/// `…, tăng 7,5%`), in the same direction. The value must not itself be a rate (a rate that
/// `giảm 0,08%` most often means percentage points). Returns (value, amount, percentage,
/// direction).
pub fn both_ways(a: &Analysis, id: crate::figures::model::StmtId) -> Option<(FigId, FigId, FigId, Direction)> {
    let s = a.statement(id);
    let line = id.line;
    let fig = |q| FigId { line, q };
    let v = s.value?;
    // Most statements state no change: ruled out before anything is settled.
    if s.changes.is_empty() {
        return None;
    }
    // (A multiple is no amount: `tăng 2 lần so với cùng kỳ`, its `lần` read as the unit.)
    let multiple = |q: &Quantity| q.unit.as_ref().is_some_and(|u| u.name == "lần");
    let amounts: Vec<_> = s.changes.iter().filter(|c| !c.times && !a.quantity(fig(c.q)).in_percent_or_per_mille() && !multiple(a.quantity(fig(c.q)))).collect();
    let [amount] = amounts[..] else { return None };
    let vq = a.quantity(fig(v));
    if vq.in_percent_or_per_mille() || vq.unit.is_none() || vq.bound != Bound::Exact {
        return None;
    }
    let mut pcts: Vec<(Q, Direction)> = s.changes.iter().filter(|c| !c.times && is_percent(a.quantity(fig(c.q)))).map(|c| (c.q, c.dir)).collect();
    // `tăng 8.021 triệu đồng (7,5%)`: the percentage in brackets right after the amount.
    let aq = a.quantity(fig(amount.q));
    // (The line's text is read only for a percentage after the amount.)
    let mut text = None;
    for &o in &s.others {
        let oq = a.quantity(fig(o));
        if !(is_percent(oq) && oq.range.start > aq.range.end) {
            continue;
        }
        let text = text.get_or_insert_with(|| a.line_text(line as usize));
        let between = text.get(aq.range.end as usize..oq.range.start as usize).unwrap_or("");
        if between.trim() == "(" {
            pcts.push((o, amount.dir));
        }
    }
    let [(p, pdir)] = pcts[..] else { return None };
    if pdir != amount.dir || aq.bound != Bound::Exact || a.quantity(fig(p)).bound != Bound::Exact {
        return None;
    }
    // The start of a move is no level now (`giảm từ 320 hộ xuống còn 245 hộ, giảm 75 hộ …`: the
    // change reader reads both levels).
    // (The words just before it: its line may be megabytes long.)
    let start = a.fig_range(fig(v)).start;
    let lead = crate::text::fold::fold_lower(&a.slice(start.saturating_sub(40).max(a.line_start(line as usize))..start));
    if super::words::move_from(&lead) {
        return None;
    }
    Some((fig(v), fig(amount.q), fig(p), amount.dir))
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analysis, Config};
    use crate::reading::relation::{ChangeForm, Rel};

    fn changes_both_ways(text: &str) -> usize {
        let a = Analysis::from_text(text, &Config::default());
        (0..a.figures.stmts.len()).filter(|&k| super::both_ways(&a, a.figures.stmts[k]).is_some()).count()
    }

    #[test]
    fn a_change_given_both_ways_and_not_a_multiple() {
        assert_eq!(changes_both_ways("Doanh thu đạt 115 tỷ đồng, tăng 15 tỷ đồng, tăng 15%.\n"), 1);
        // `tăng 2 lần` is a multiple, not an amount of change.
        assert_eq!(changes_both_ways("Khu vực FDI đạt 2,42 tỷ USD, tăng 0,2% so với tháng trước và tăng 2 lần so với cùng kỳ.\n"), 0);
        let a = Analysis::from_text("Khu vực FDI đạt 2,42 tỷ USD, tăng 0,2% so với tháng trước và tăng 2 lần so với cùng kỳ.\n", &Config::default());
        assert!(!a.reading.relations.iter().any(|r| matches!(r.rel, Rel::Change { form: ChangeForm::PctOfAmount { .. }, .. })));
    }
}
