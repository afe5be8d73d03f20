//! Relations read from the rows of a table ([`crate::tables`]): the same typed relations the
//! sentence readers make, so that the same checks judge them with the same arithmetic.
//!
//! - A row with an actual, a plan and a `% so KH` cell: [`Rel::OfPlan`] (for a lower-is-better
//!   row, also plan ÷ actual, which some tables write; the reading that explains the cell wins).
//! - A row with a later and an earlier level and a comparison cell: `ƯTH/CK` (`105,3`, the
//!   index) is [`ChangeForm::IndexOfLevels`], `Tăng, giảm (%)` is [`ChangeForm::PctOfLevels`]
//!   (for a row in `%`, either may be a difference in points).
//! - A total row (`Tổng số`, `Cộng`, `Toàn xã`) against the rows it sums, column by column,
//!   and a row against its sub-rows under `Trong đó` (some of its parts).
//! - A share column (`Cơ cấu (%)`, `Tỷ trọng`): its rows make 100%.
//!
//! A comparison whose header leaves its terms open (`So sánh (%)` alone, decided from the other
//! columns) is a probable reading, not a certain one.

use crate::analysis::Analysis;
use crate::figures::extract::Direction;
use crate::figures::model::FigId;
use crate::numbers::UnitKind;
use crate::tables::header::{normalise, role_of};
use crate::tables::{Role, Row, RowKind, Table};

use super::relation::{ChangeForm, Completeness, Operand, Rel, Relation, Sure};

const READER: &str = "table";
/// The reader of the tables without lines ([`crate::tables::flat`]).
pub const FLAT_READER: &str = "flat-table";

/// The columns a row's relations are read from.
#[derive(Debug, Default, Clone, Copy)]
pub struct Columns {
    pub actual: Option<usize>,
    pub plan: Option<usize>,
    pub previous: Option<usize>,
}

/// The actual column (the last one: the latest estimate), the plan of its year (or the only
/// plan, or the plan without a year), the latest earlier period.
pub fn columns(t: &Table) -> Columns {
    let actual = t.columns_with(Role::Actual).last();
    let ay = actual.and_then(|j| t.columns[j].year);
    let plans: Vec<usize> = t.columns_with(Role::Plan).collect();
    let plan = match plans.len() {
        0 => None,
        1 => Some(plans[0]),
        _ => plans
            .iter()
            .copied()
            .find(|&j| ay.is_some() && t.columns[j].year == ay)
            .or_else(|| plans.iter().copied().find(|&j| t.columns[j].year.is_none()))
            .or_else(|| plans.first().copied()),
    };
    let prevs: Vec<usize> = t.columns_with(Role::Previous).collect();
    let previous = prevs.iter().copied().max_by_key(|&j| (t.columns[j].year.unwrap_or(0), j));
    Columns { actual, plan, previous }
}

/// Is the row's unit a rate (`%`, `‰`)?
fn rate_row(a: &Analysis, row: &Row, c: Option<usize>) -> bool {
    row.unit.as_ref().is_some_and(|u| matches!(u.kind, UnitKind::Percent | UnitKind::PerMille))
        || c.and_then(|c| row.fig(c)).is_some_and(|f| a.quantity(f).in_percent_or_per_mille())
}

/// The relations of every table of the document.
pub fn read_document(a: &Analysis) -> Vec<Relation> {
    let mut out = Vec::new();
    for t in &a.tables.list {
        read_table(a, t, &mut out);
    }
    for f in &a.tables.flat {
        read_flat(a, f, &mut out);
    }
    out
}

/// The cells of a table without lines that break a tie the rest of their table keeps: probable
/// readings (the tie is read from the figures, not from a header).
fn read_flat(a: &Analysis, f: &crate::tables::flat::Flat, out: &mut Vec<Relation>) {
    use crate::tables::flat::Link;
    for l in &f.links {
        let rel = match l {
            Link::Ratio { part, whole, stated } => Rel::Ratio { part: Operand::Fig(*part), whole: Operand::Fig(*whole), stated: *stated },
            Link::Pct { now, before, stated } => {
                let down = matches!((a.quantity(*now).value.exact(), a.quantity(*before).value.exact()), (Some(n), Some(b)) if n < b);
                let dir = if down { Direction::Down } else { Direction::Up };
                Rel::Change { form: ChangeForm::PctOfLevels { now: Operand::Fig(*now), before: Operand::Fig(*before) }, dir, stated: *stated }
            }
            Link::Index { now, before, stated } => {
                let down = matches!((a.quantity(*now).value.exact(), a.quantity(*before).value.exact()), (Some(n), Some(b)) if n < b);
                let dir = if down { Direction::Down } else { Direction::Up };
                Rel::Change { form: ChangeForm::IndexOfLevels { now: Operand::Fig(*now), before: Operand::Fig(*before) }, dir, stated: *stated }
            }
            Link::Sum { total, parts } => Rel::Parts { total: *total, parts: parts.clone(), complete: Completeness::Said, lines_below: false },
            Link::MeanIndex { indices, stated } => {
                let Some((from, years)) = super::relation::GrowthFrom::yearly(indices, true) else { continue };
                Rel::Growth { from, rate: *stated, years, exact: true, down: false }
            }
            Link::Growth { start, end, stated, years } => Rel::Growth { from: super::relation::GrowthFrom::Levels { start: *start, end: *end }, rate: *stated, years: *years, exact: true, down: false },
        };
        out.push(Relation::new(rel, Sure::Probable, FLAT_READER));
    }
}

/// Was the column's role decided by the rest of the table rather than by its own header, with
/// another reading open (`So sánh (%)` in a table that also has an earlier period)?
fn inferred(t: &Table, c: usize) -> bool {
    role_of(&t.columns[c].header).0 == Role::Compare && t.columns_with(Role::Previous).next().is_some()
}

fn read_table(a: &Analysis, t: &Table, out: &mut Vec<Relation>) {
    let cols = columns(t);
    let sure_of = |c: usize| if inferred(t, c) { Sure::Probable } else { Sure::Certain };
    for row in &t.rows {
        if !matches!(row.kind, RowKind::Item | RowKind::Total) {
            continue;
        }
        // % of plan.
        if let (Some(ac), Some(pc)) = (cols.actual, cols.plan) {
            if let (Some(actual), Some(plan)) = (row.fig(ac), row.fig(pc)) {
                for c in t.columns_with(Role::PlanPercent) {
                    let Some(stated) = row.fig(c) else { continue };
                    out.push(Relation::new(Rel::OfPlan { actual, plan, stated }, sure_of(c), READER));
                    if row.lower_better {
                        out.push(Relation::new(Rel::OfPlan { actual: plan, plan: actual, stated }, sure_of(c), READER));
                    }
                }
            }
        }
        // Change against the earlier period.
        if let (Some(ac), Some(bc)) = (cols.actual, cols.previous) {
            if let (Some(now), Some(before)) = (row.fig(ac), row.fig(bc)) {
                for (c, col) in t.columns.iter().enumerate() {
                    let Role::Change { index } = col.role else { continue };
                    let Some(stated) = row.fig(c) else { continue };
                    let negative = row.cells.get(c).and_then(|x| x.as_ref()).is_some_and(|x| x.negative);
                    let form = if index {
                        ChangeForm::IndexOfLevels { now: Operand::Fig(now), before: Operand::Fig(before) }
                    } else {
                        // `Tăng, giảm` without `%` may be the amount of the change: only a
                        // column that says it is in percent is read.
                        let h = normalise(&col.header);
                        if !(col.header.contains('%') || h.contains("toc do") || h.contains("ty le")) {
                            continue;
                        }
                        ChangeForm::PctOfLevels { now: Operand::Fig(now), before: Operand::Fig(before) }
                    };
                    let dir = if negative || a.quantity(stated).value.exact().is_some_and(|v| v.is_sign_negative()) { Direction::Down } else { Direction::Up };
                    out.push(Relation::new(Rel::Change { form, dir, stated }, sure_of(c), READER));
                }
            }
        }
    }
    totals(a, t, out);
    subsets(a, t, out);
    shares(a, t, out);
}

/// The columns whose cells are levels that add up (not percentages).
fn summable(t: &Table) -> Vec<usize> {
    t.columns.iter().enumerate().filter(|(_, c)| matches!(c.role, Role::Plan | Role::Actual | Role::Previous | Role::Value) && !c.unit.as_ref().is_some_and(|u| matches!(u.kind, UnitKind::Percent | UnitKind::PerMille))).map(|(j, _)| j).collect()
}

/// A total row against the rows it sums: the rows of the block it opens (a total first) or
/// closes (a total last), at the block's top level, not under a `Trong đó`.
fn totals(a: &Analysis, t: &Table, out: &mut Vec<Relation>) {
    let n = t.rows.len();
    let totals: Vec<usize> = (0..n).filter(|&i| t.rows[i].kind == RowKind::Total).collect();
    for (ti, &i) in totals.iter().enumerate() {
        let row = &t.rows[i];
        if rate_row(a, row, None) {
            continue;
        }
        // The block: the rows after it up to the next total, when it comes first (nothing
        // summable above it since the last total); else the rows above it.
        let prev_total = if ti > 0 { totals[ti - 1] + 1 } else { 0 };
        let items_above = t.rows[prev_total..i].iter().any(|r| r.kind == RowKind::Item);
        let block: Vec<usize> = if items_above {
            (prev_total..i).collect()
        } else {
            let next = totals.get(ti + 1).copied().unwrap_or(n);
            (i + 1..next).collect()
        };
        // Sub-rows without ordinals leave open where the `Trong đó` ends: no total is read.
        if block.iter().any(|&k| t.rows[k].in_subset && t.rows[k].ordinal.is_empty() && !t.rows[k].name.is_empty() && t.rows[k].kind == RowKind::Item) {
            continue;
        }
        let members: Vec<usize> = block.into_iter().filter(|&k| t.rows[k].kind == RowKind::Item && !t.rows[k].in_subset).collect();
        let Some(top) = members.iter().map(|&k| t.rows[k].rank).min() else { continue };
        let members: Vec<usize> = members.into_iter().filter(|&k| t.rows[k].rank == top).collect();
        if members.len() < 2 || members.iter().any(|&k| !same_unit(&t.rows[k], row)) {
            continue;
        }
        for c in summable(t) {
            let Some(total) = row.fig(c) else { continue };
            let parts: Option<Vec<FigId>> = members.iter().map(|&k| t.rows[k].fig(c)).collect();
            let Some(parts) = parts else { continue };
            out.push(Relation::new(Rel::Parts { total, parts, complete: Completeness::Said, lines_below: false }, Sure::Certain, READER));
        }
    }
}

fn same_unit(x: &Row, y: &Row) -> bool {
    match (&x.unit, &y.unit) {
        (None, _) | (_, None) => true,
        (Some(u), Some(v)) => u.comparable(v),
    }
}

/// A row and its sub-rows under `Trong đó`: some of its parts, which must not exceed it.
fn subsets(a: &Analysis, t: &Table, out: &mut Vec<Relation>) {
    let mut i = 0;
    while i < t.rows.len() {
        if !t.rows[i].in_subset {
            i += 1;
            continue;
        }
        let start = i;
        while i < t.rows.len() && t.rows[i].in_subset {
            i += 1;
        }
        // The row the sub-rows belong to: the nearest row above that is neither one of them
        // nor the `Trong đó:` line.
        let Some(parent) = t.rows[..start].iter().rposition(|r| r.kind != RowKind::PartsIntro) else { continue };
        let p = &t.rows[parent];
        if !matches!(p.kind, RowKind::Item | RowKind::Total) || rate_row(a, p, None) {
            continue;
        }
        let top = t.rows[start..i].iter().filter(|r| r.kind == RowKind::Item).map(|r| r.rank).min();
        let kids: Vec<&Row> = t.rows[start..i].iter().filter(|r| r.kind == RowKind::Item && Some(r.rank) == top && same_unit(r, p) && !rate_row(a, r, None)).collect();
        // Only sub-rows numbered as such (`-`, `+`, `a`, `1.1`): unnumbered, the rows after
        // them may be rows of their own.
        if kids.len() < 2 || kids.iter().any(|r| r.ordinal.is_empty() || r.rank <= p.rank) {
            continue;
        }
        for c in summable(t) {
            let Some(total) = p.fig(c) else { continue };
            let parts: Vec<FigId> = kids.iter().filter_map(|r| r.fig(c)).collect();
            if parts.len() < 2 {
                continue;
            }
            out.push(Relation::new(Rel::Parts { total, parts, complete: Completeness::Subset, lines_below: false }, Sure::Certain, READER));
        }
    }
}

/// A share column: the rows at its top level make 100%.
fn shares(a: &Analysis, t: &Table, out: &mut Vec<Relation>) {
    for c in t.columns_with(Role::Share) {
        let rows: Vec<&Row> = t.rows.iter().filter(|r| r.kind == RowKind::Item && !r.in_subset && r.fig(c).is_some()).collect();
        let Some(top) = rows.iter().map(|r| r.rank).min() else { continue };
        let shares: Vec<FigId> = rows.iter().filter(|r| r.rank == top).filter_map(|r| r.fig(c)).collect();
        if shares.len() < 2 || shares.iter().any(|&f| !a.quantity(f).in_percent_or_per_mille()) {
            continue;
        }
        out.push(Relation::new(Rel::Shares { shares, bare: Vec::new(), complete: Completeness::Said }, Sure::Certain, READER));
    }
}
