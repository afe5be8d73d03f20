//! `13 chỉ tiêu … đều đạt và vượt kế hoạch` against the indicators it sums up: each one with a
//! plan is checked (lower is better for poor households, malnutrition, population growth…).

use super::fig::shown;
use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::model::{in_unit_of, FigId, StmtId};
use crate::numbers::{Bound, Quantity, Value};
use crate::syntax::structure::SectionKind;

pub const INFO: CheckInfo = CheckInfo {
    code: "all-met",
    default_severity: Severity::Warning,
    summary_vi: "Văn bản nói các chỉ tiêu đều đạt kế hoạch nhưng có chỉ tiêu chưa đạt",
    summary_en: "The text says every indicator met its plan, but one did not",
    example: "… đều đạt và vượt kế hoạch, trong khi Tỷ lệ hộ nghèo 1,5% (kế hoạch dưới 1%)",
};

/// Did a value meet its plan? `None` when the figures cannot be compared.
pub fn met(value: &Quantity, plan: &Quantity, lower_better: bool) -> Option<bool> {
    let w = in_unit_of(value, plan)?.value;
    let lower = lower_better || matches!(plan.bound, Bound::Below | Bound::AtMost);
    Some(match (&plan.value, plan.bound) {
        (Value::Range { lo, hi }, _) => {
            if lower {
                w <= *hi
            } else {
                w >= *lo
            }
        }
        (Value::Exact(p), Bound::Below) => w < *p,
        (Value::Exact(p), Bound::AtMost) => w <= *p,
        (Value::Exact(p), Bound::AtLeast) => w >= *p,
        (Value::Exact(p), Bound::Above) => w > *p,
        (Value::Exact(p), _) => {
            if lower {
                w <= *p
            } else {
                w >= *p
            }
        }
        _ => return None,
    })
}

/// The indicators an `all met` claim (statement `k` of `figures.stmts`) sums up: those with a
/// plan, in the same (plan or results) part, from the start of the outermost section below the
/// part that holds the claim to the claim's line. (statement, value, plan)
pub fn items(a: &Analysis, k: usize) -> Vec<(StmtId, FigId, FigId)> {
    let Some(&id) = a.figures.stmts.get(k) else { return Vec::new() };
    let line = id.line as usize;
    let chain = a.structure.ancestry(line);
    let Some(&top) = chain.iter().find(|&&i| !matches!(a.structure.sections[i].kind, SectionKind::Part | SectionKind::Header)) else { return Vec::new() };
    let from = a.structure.sections[top].line as usize;
    let plan_ctx = a.figures.ctx[k].plan;
    let mut items = Vec::new();
    // Statements are in line order: only those of the region are visited.
    let first = a.figures.stmts.partition_point(|s| (s.line as usize) < from);
    let last = a.figures.stmts.partition_point(|s| (s.line as usize) < line);
    for (j, other) in a.figures.stmts.iter().enumerate().take(last).skip(first) {
        if a.figures.ctx[j].plan != plan_ctx {
            continue;
        }
        let os = a.statement(*other);
        if let (Some(v), Some(p)) = (os.value, os.plan) {
            items.push((*other, FigId { line: other.line, q: v }, FigId { line: other.line, q: p }));
        }
    }
    items
}

/// The rows of the tables an `all met` claim (statement `k`) sums up that are below their plan
/// (less is better for poor households, malnutrition…): the tables between the start of the
/// outermost section below the part holding the claim and the claim, in the same (plan or
/// results) part. (name, actual, plan)
fn table_unmet(a: &Analysis, k: usize) -> Vec<(String, FigId, FigId)> {
    let mut out = Vec::new();
    let Some(&id) = a.figures.stmts.get(k) else { return out };
    if a.tables.is_empty() {
        return out;
    }
    let line = id.line as usize;
    let chain = a.structure.ancestry(line);
    let Some(&top) = chain.iter().find(|&&i| !matches!(a.structure.sections[i].kind, SectionKind::Part | SectionKind::Header)) else { return out };
    let from = a.structure.sections[top].line;
    let plan_ctx = a.figures.ctx[k].plan;
    let plan_of = crate::figures::model::plan_sections(&a.structure);
    for t in a.tables.list.iter().filter(|t| t.lines.start >= from && (t.lines.end as usize) <= line) {
        let sec = a.structure.line_section.get(t.lines.start as usize).copied().flatten().map(|i| i as usize);
        if sec.is_some_and(|i| plan_of.get(i).copied().unwrap_or(false)) != plan_ctx {
            continue;
        }
        let cols = crate::reading::table::columns(t);
        let (Some(ac), Some(pc)) = (cols.actual, cols.plan) else { continue };
        for row in t.rows.iter().filter(|r| r.kind == crate::tables::RowKind::Item) {
            let (Some(v), Some(p)) = (row.fig(ac), row.fig(pc)) else { continue };
            let (vq, _) = a.figures.settled(a.quantity(v));
            let (pq, _) = a.figures.settled(a.quantity(p));
            if met(&vq, &pq, row.lower_better) == Some(false) {
                out.push((row.name.clone(), v, p));
            }
        }
    }
    out
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    for (k, id) in a.figures.stmts.iter().enumerate() {
        let s = a.statement(*id);
        if !s.all_met || s.hedged {
            continue;
        }
        let line = id.line as usize;
        // (A count of them, `13 chỉ tiêu`, is compared by the count-items check.)
        let items = items(a, k);
        let mut unmet = Vec::new();
        for (sid, v, p) in &items {
            let os = a.statement(*sid);
            let name = os.name.as_ref().map(|r| a.slice(a.abs(sid.line as usize, r.clone())).to_string()).unwrap_or_default();
            let (vq, _) = a.figures.settled(a.quantity(*v));
            let (pq, _) = a.figures.settled(a.quantity(*p));
            if met(&vq, &pq, os.lower_better) == Some(false) {
                unmet.push((name, *v, *p));
            }
        }
        unmet.extend(table_unmet(a, k));
        if unmet.is_empty() {
            continue;
        }
        let list: Vec<String> = unmet.iter().map(|(n, v, p)| format!("{n} {} (kế hoạch {})", shown(a, *v), shown(a, *p))).collect();
        let list_en: Vec<String> = unmet.iter().map(|(n, v, p)| format!("{n} {} (plan {})", shown(a, *v), shown(a, *p))).collect();
        let span = a.abs(line, s.span.clone());
        let mut f = Finding::new(
            INFO.code,
            INFO.default_severity,
            span,
            Message::new(
                format!("Văn bản ghi các chỉ tiêu đều đạt kế hoạch, nhưng chưa đạt: {}.", list.join("; ")),
                format!("The text says every indicator met its plan, but these did not: {}.", list_en.join("; ")),
            ),
        );
        for (_, v, _) in &unmet {
            f = f.with_related(a.fig_range(*v), Message::new("Chỉ tiêu chưa đạt", "Indicator below plan"));
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numbers::lex;

    fn q(s: &str) -> Quantity {
        lex(s).remove(0)
    }

    #[test]
    fn met_knows_bounds_and_direction() {
        assert_eq!(met(&q("52,3 triệu đồng"), &q("từ 51-55 triệu đồng"), false), Some(true));
        assert_eq!(met(&q("6,48%"), &q("6,5%"), true), Some(true));
        assert_eq!(met(&q("6,6%"), &q("6,5%"), true), Some(false));
        assert_eq!(met(&q("11%0"), &q("dưới 13%0"), false), Some(true));
        assert_eq!(met(&q("98,4%"), &q("98% trở lên"), false), Some(true));
        assert_eq!(met(&q("8%"), &q("10%"), false), Some(false));
        assert_eq!(met(&q("1,1%"), &q("dưới 13%0"), false), Some(true));
        assert_eq!(met(&q("57 người"), &q("55 người"), false), Some(true));
        assert_eq!(met(&q("57 người"), &q("55 ha"), false), None);
    }
}
