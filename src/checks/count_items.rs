//! Declared counts against the items listed: `Chỉ tiêu xã hội (07 chỉ tiêu):` and the items
//! below it; `4 khu dân cư (Khu 1, Khu 2, Khu 3)`; `13 chỉ tiêu … đều đạt` and the indicators
//! with a plan in the section it sums up.

use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::model::FigId;
use crate::syntax::line::LineKind;
use crate::syntax::structure::SectionKind;

pub const INFO: CheckInfo = CheckInfo {
    code: "count-items",
    default_severity: Severity::Warning,
    summary_vi: "Số lượng khai báo không khớp với số mục được liệt kê",
    summary_en: "A declared count does not match the items listed",
    example: "Chỉ tiêu xã hội (07 chỉ tiêu): … 6 gạch đầu dòng",
};

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    for id in &a.figures.stmts {
        let s = a.statement(*id);
        let Some(cq) = s.count else { continue };
        let line = id.line as usize;
        let fig = FigId { line: id.line, q: cq };
        let q = a.quantity(fig);
        let Some(n) = q.value.exact().and_then(|v| u32::try_from(v.mantissa()).ok().filter(|_| v.scale() == 0)) else { continue };
        let noun = q.noun().unwrap_or("").to_string();
        let items = if s.all_met {
            None // counted by the all-met check, which knows the indicators with a plan
        } else if let Some(k) = inline_items(a, line, q.range.end as usize) {
            Some((k, "mục trong ngoặc", "items in the brackets"))
        } else {
            listed_items(a, line, &noun).map(|k| (k, "mục được liệt kê bên dưới", "items listed below"))
        };
        let Some((k, what_vi, what_en)) = items else { continue };
        if k == 0 || k == n {
            continue;
        }
        out.push(mismatch(a, fig, n, k, &noun, what_vi, what_en));
    }
}

pub fn mismatch(a: &Analysis, fig: FigId, n: u32, k: u32, noun: &str, what_vi: &str, what_en: &str) -> Finding {
    Finding::new(
        INFO.code,
        INFO.default_severity,
        a.fig_range(fig),
        Message::new(
            format!("Văn bản ghi {n} {noun} nhưng có {k} {what_vi}."),
            format!("The text says {n} {noun} but there are {k} {what_en}."),
        ),
    )
}

/// `4 khu dân cư (Khu 1, Khu 2, Khu 3, Khu Kim Quan)`: the items in a bracket right after the
/// count, when they look like a list of names (short, separated by commas).
fn inline_items(a: &Analysis, line: usize, after: usize) -> Option<u32> {
    let text = a.line_text(line);
    let rest = text.get(after..)?;
    let t = rest.trim_start();
    let inner = t.strip_prefix('(')?;
    let close = inner.find(')')?;
    let inner = &inner[..close];
    let items: Vec<&str> = inner.split([',', ';']).map(str::trim).filter(|s| !s.is_empty()).collect();
    if items.len() < 2 || items.iter().any(|i| i.split_whitespace().count() > 8) {
        return None;
    }
    // `(trong đó …)`, `(gồm …)` brackets hold parts with figures, not names.
    if inner.chars().any(|c| c.is_ascii_digit()) && items.iter().any(|i| i.split_whitespace().count() > 3) {
        return None;
    }
    Some(items.len() as u32)
}

/// The items under a heading or a line ending with `:` that declares a count: its child
/// sections (the sum of their own declared counts when they all declare one), else the bullet
/// lines directly under it.
fn listed_items(a: &Analysis, line: usize, noun: &str) -> Option<u32> {
    let li = &a.lines()[line];
    let is_heading = matches!(li.kind, LineKind::Heading(_));
    let text = a.line_text(line);
    if !is_heading && !text.trim_end().ends_with(':') {
        return None;
    }
    if is_heading {
        let sec = a.structure.section_at_line(line).filter(|s| s.line as usize == line && s.kind != SectionKind::Header)?;
        if !sec.children.is_empty() {
            let declared: Vec<Option<u32>> = sec.children.iter().map(|&c| declared_count(a, a.structure.sections[c].line as usize, noun)).collect();
            if declared.iter().all(Option::is_some) {
                return Some(declared.into_iter().flatten().sum());
            }
            return Some(sec.children.len() as u32);
        }
        return Some(bullets(a, sec.heading_end_line as usize + 1, sec.last_line as usize + 1));
    }
    Some(bullets(a, line + 1, a.line_count()))
}

/// The count a heading line declares for `noun`.
fn declared_count(a: &Analysis, line: usize, noun: &str) -> Option<u32> {
    let li = &a.lines()[line];
    li.statements.iter().find_map(|s| {
        let q = &li.quantities[s.count? as usize];
        (q.noun() == Some(noun)).then(|| q.value.exact()).flatten().and_then(|v| u32::try_from(v.mantissa()).ok())
    })
}

/// Bullet lines from `from` until the first line that is neither blank nor a bullet.
fn bullets(a: &Analysis, from: usize, to: usize) -> u32 {
    let mut n = 0;
    for k in from..to.min(a.line_count()) {
        match a.lines()[k].kind {
            LineKind::Blank => {}
            LineKind::Bullet { .. } => n += 1,
            _ => break,
        }
    }
    n
}
