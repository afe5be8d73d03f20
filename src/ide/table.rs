//! Editor features on the rows of a table ([`crate::tables`]): the row's indicator card for a
//! hover on any of its cells, and the inlay hints of a row (the % of plan a row states none
//! of; the computed value after a cell the checks report).

use std::ops::Range;

use crate::analysis::Analysis;
use crate::checks::all_met::met;
use crate::checks::fig::{best_reading, shown, vi, vi_auto};
use crate::checks::{Locale, Severity};
use crate::figures::compare::{percent, round};
use crate::figures::model::{in_unit_of, written, FigId};
use crate::numbers::{Quantity, UnitKind};
use crate::reading::relation::Rel;
use crate::tables::{Role, Row, RowKind, Table};

use super::hover::HoverCard;
use super::inlay::InlayHint;

fn t(locale: Locale, vi: &str, en: &str) -> String {
    match locale {
        Locale::Vi => vi.to_string(),
        Locale::En => en.to_string(),
    }
}

fn is_rate(q: &Quantity) -> bool {
    q.in_percent_or_per_mille()
}

/// A cell's figure as written, with the unit its table gives it (`1.128 ha`, `96,1%`).
pub fn shown_with_unit(a: &Analysis, f: FigId) -> String {
    let s = shown(a, f);
    match &a.quantity(f).unit {
        Some(u) if !s.contains(u.name) => {
            let mut n = u.name.to_string();
            for p in u.per.iter() {
                n.push('/');
                n.push_str(p.name);
            }
            if matches!(u.kind, UnitKind::Percent | UnitKind::PerMille) {
                format!("{s}{n}")
            } else {
                format!("{s} {n}")
            }
        }
        _ => s,
    }
}

/// The row and the cell under `offset`, if it is in a table.
fn cell_at(a: &Analysis, offset: usize) -> Option<(&Table, &Row, Range<usize>)> {
    if a.tables.is_empty() || a.line_count() == 0 || offset > a.len() {
        return None;
    }
    let line = a.line_of(offset) as u32;
    let tb = a.tables.at(line)?;
    let row = &tb.rows[tb.row_at(line)?];
    let start = a.line_start(line as usize);
    let cell = row.cells.iter().flatten().find(|c| c.line == line && start + c.range.start as usize <= offset && offset <= start + c.range.end as usize)?;
    if cell.range.is_empty() {
        return None;
    }
    Some((tb, row, start + cell.range.start as usize..start + cell.range.end as usize))
}

/// The row's indicator card, for a hover on any of its cells: its figures under their
/// headers, what the checks compute from them (% of plan, change, total, shares) with the
/// status against the plan (less is better for poor households, malnutrition…), and the
/// row's findings.
pub fn hover(a: &Analysis, offset: usize, locale: Locale) -> Option<HoverCard> {
    let (tb, row, range) = cell_at(a, offset)?;
    if !matches!(row.kind, RowKind::Item | RowKind::Total) {
        return None;
    }
    let mut md = format!("**{}**", row.name.replace('*', ""));
    if let Some(u) = &row.unit {
        md.push_str(&format!(" ({})", u.name));
    }
    md.push_str(&format!("\n\n{} «{}», {} {}", t(locale, "Bảng", "Table"), tb.name.replace('*', ""), t(locale, "dòng", "line"), row.line + 1));
    let figs: Vec<(usize, FigId)> = row.cells.iter().enumerate().filter_map(|(j, c)| Some((j, c.as_ref()?.fig?))).collect();
    for &(j, f) in &figs {
        md.push_str(&format!("\n- {}: `{}`", tb.columns[j].header.replace('`', ""), shown_with_unit(a, f).replace('`', "")));
    }
    // What the checks compute from the row.
    let mut seen: Vec<*const crate::reading::relation::Relation> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    for &(_, f) in &figs {
        for r in a.reading.about(f) {
            if seen.contains(&(r as *const _)) || r.reader != "table" {
                continue;
            }
            seen.push(r as *const _);
            if let Some(stated) = r.stated() {
                // The reading that explains the stated cell best (a lower-is-better row may
                // state plan ÷ actual).
                let Some((best, c)) = best_reading(a, stated) else { continue };
                if !std::ptr::eq(best, r) {
                    continue;
                }
                let what = match &r.rel {
                    Rel::OfPlan { .. } => t(locale, "% kế hoạch", "% of plan"),
                    _ => t(locale, "So với kỳ trước", "Against the earlier period"),
                };
                let d = c.decimals;
                lines.push(format!("{what}: {} = {}{}, {} {}{}", c.formula, vi_auto(c.value, d.max(1) + 1), c.sign, t(locale, "bảng ghi", "the table says"), vi(c.stated_value, d), c.sign));
            } else {
                lines.push(crate::reading::describe(a, r));
            }
        }
    }
    for l in lines {
        md.push_str(&format!("\n\n{l}"));
    }
    // Status against the plan.
    let cols = crate::reading::table::columns(tb);
    if let (Some(af), Some(pf)) = (cols.actual.and_then(|c| row.fig(c)), cols.plan.and_then(|c| row.fig(c))) {
        let (vq, pq) = (a.figures.settled(a.quantity(af)).0, a.figures.settled(a.quantity(pf)).0);
        if let Some(ok) = met(&vq, &pq, row.lower_better) {
            let lower = if row.lower_better { t(locale, " (chỉ tiêu càng thấp càng tốt)", " (lower is better)") } else { String::new() };
            let status = if ok { t(locale, "Đạt kế hoạch", "Plan met") } else { t(locale, "Chưa đạt kế hoạch", "Plan not met") };
            md.push_str(&format!("\n\n{status}{lower}"));
        }
    }
    // The row's findings.
    let row_range = a.line_start(row.line as usize)..a.line_range(row.last_line as usize).end;
    for f in a.findings.iter().filter(|f| row_range.start <= f.range.start && f.range.start <= row_range.end) {
        let icon = match f.severity {
            Severity::Error => "**[lỗi]**",
            Severity::Warning => "**[cảnh báo]**",
            _ => "[thông tin]",
        };
        md.push_str(&format!("\n\n{icon} `{}`: {}", f.code, f.message.get(locale)));
    }
    Some(HoverCard { markdown: md, range })
}

/// The inlay hints of the table rows on lines `first..=last`.
pub fn inlay_hints(a: &Analysis, first: u32, last: u32, locale: Locale) -> Vec<InlayHint> {
    let mut out = Vec::new();
    if a.tables.is_empty() {
        return out;
    }
    // The cells reported as contradicting their figures (looked up once).
    let reported: std::collections::HashSet<(usize, usize)> = a
        .findings
        .iter()
        .filter(|x| matches!(x.code, "plan-percent" | "change-percent") && x.severity != Severity::Info)
        .map(|x| (x.range.start, x.range.end))
        .collect();
    for tb in &a.tables.list {
        if tb.lines.end <= first || tb.lines.start > last {
            continue;
        }
        let cols = crate::reading::table::columns(tb);
        for row in tb.rows.iter().filter(|r| r.line <= last && r.last_line >= first) {
            // The % of plan of a row that states none.
            if let (Some(af), Some(pf)) = (cols.actual.and_then(|c| row.fig(c)), cols.plan.and_then(|c| row.fig(c))) {
                let stated = tb.columns_with(Role::PlanPercent).any(|c| row.fig(c).is_some());
                if !stated && !row.lower_better {
                    if let Some(h) = missing_percent(a, af, pf, locale) {
                        out.push(h);
                    }
                }
            }
            // The computed value after a stated cell the checks report.
            for f in row.cells.iter().flatten().filter_map(|c| c.fig) {
                let r = a.number_range(f);
                if !reported.contains(&(r.start, r.end)) {
                    continue;
                }
                let Some((_, c)) = best_reading(a, f) else { continue };
                let d = c.decimals;
                out.push(InlayHint {
                    offset: a.fig_range(f).end,
                    label: match locale {
                        Locale::Vi => format!("tính ra {}{}", vi(round(c.value, d), d), c.sign),
                        Locale::En => format!("computed {}{}", vi(round(c.value, d), d), c.sign),
                    },
                    tooltip: match locale {
                        Locale::Vi => format!("{} = {}{}; bảng ghi {}{}", c.formula, vi_auto(c.value, 3), c.sign, vi(c.stated_value, d), c.sign),
                        Locale::En => format!("{} = {}{}; the table says {}{}", c.formula, vi_auto(c.value, 3), c.sign, vi(c.stated_value, d), c.sign),
                    },
                });
            }
        }
    }
    out
}

/// `≈ 98,1% KH` after the actual cell of a row with a plan and no stated percentage (not for
/// rates, which are compared in points).
fn missing_percent(a: &Analysis, af: FigId, pf: FigId, locale: Locale) -> Option<InlayHint> {
    let (vq, pq) = (a.figures.settled(a.quantity(af)).0, a.figures.settled(a.quantity(pf)).0);
    if is_rate(&vq) || is_rate(&pq) {
        return None;
    }
    let (c, _, _) = percent(in_unit_of(&vq, &pq)?, written(&pq)?)?;
    Some(InlayHint {
        offset: a.fig_range(af).end,
        label: match locale {
            Locale::Vi => format!("≈ {}% KH", vi(round(c, 1), 1)),
            Locale::En => format!("≈ {}% of plan", vi(round(c, 1), 1)),
        },
        tooltip: match locale {
            Locale::Vi => format!("Tỷ lệ so với kế hoạch: {} / {} = {}%", shown_with_unit(a, af), shown_with_unit(a, pf), vi_auto(c, 3)),
            Locale::En => format!("Percentage of plan: {} / {} = {}%", shown_with_unit(a, af), shown_with_unit(a, pf), vi_auto(c, 3)),
        },
    })
}
