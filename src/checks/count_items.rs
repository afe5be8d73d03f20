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

/// A declared count and the items it was compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemCount {
    /// The count (`07 chỉ tiêu`) and its value.
    pub fig: FigId,
    pub declared: u32,
    /// The items found, and where (`mục được liệt kê bên dưới`).
    pub counted: u32,
    pub what: Message,
}

/// The items a declared count of statement `k` (its index in `figures.stmts`) is about, counted:
/// in the brackets after it, after `gồm:`, listed below it, or — for `13 chỉ tiêu … đều đạt` —
/// the indicators with a plan in the section it sums up. The one place counts are compared: the
/// check below and the hover card use it.
pub fn item_count(a: &Analysis, k: usize) -> Option<ItemCount> {
    let id = *a.figures.stmts.get(k)?;
    let s = a.statement(id);
    let cq = s.count?;
    let line = id.line as usize;
    let fig = FigId { line: id.line, q: cq };
    let q = a.quantity(fig);
    let declared = q.value.exact().and_then(|v| u32::try_from(v.mantissa()).ok().filter(|_| v.scale() == 0))?;
    let noun = q.noun().unwrap_or("").to_string();
    let (counted, what) = if s.all_met {
        if s.hedged {
            return None;
        }
        let n = super::all_met::items(a, k).len() as u32;
        (n, Message::new("chỉ tiêu có kế hoạch ở phần trên", "indicators with a plan above"))
    } else if let Some(n) = inline_items(a, line, q.range.end as usize) {
        (n, Message::new("mục trong ngoặc", "items in the brackets"))
    } else if let Some(n) = items_after_gom(a, line, q.range.end as usize) {
        (n, Message::new("mục được liệt kê sau «gồm:»", "items listed after “gồm:”"))
    } else if let Some((fewer, more)) = names_after(a, line, q.range.end as usize) {
        // (Either count of a list with `và` agrees: `văn hóa và thông tin` may be one item.)
        let n = if declared == fewer || declared == more { declared } else { more };
        (n, Message::new("mục được kể tên sau đó", "items named after it"))
    } else {
        (listed_items(a, line, &noun)?, Message::new("mục được liệt kê bên dưới", "items listed below"))
    };
    (counted > 0).then_some(ItemCount { fig, declared, counted, what })
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    for k in 0..a.figures.stmts.len() {
        let Some(c) = item_count(a, k) else { continue };
        if c.counted != c.declared {
            let noun = a.quantity(c.fig).noun().unwrap_or("").to_string();
            out.push(mismatch(a, c.fig, c.declared, c.counted, &noun, &c.what));
        }
    }
}

fn mismatch(a: &Analysis, fig: FigId, n: u32, k: u32, noun: &str, what: &Message) -> Finding {
    Finding::new(
        INFO.code,
        INFO.default_severity,
        a.fig_range(fig),
        Message::new(
            format!("Văn bản ghi {n} {noun} nhưng có {k} {}.", what.get(super::Locale::Vi)),
            format!("The text says {n} {noun} but there are {k} {}.", what.get(super::Locale::En)),
        ),
    )
}

/// `04 công trình, gồm: Nâng cấp …; Kè chống sạt lở …; Đường vào …; Trụ sở …. Tổ chức …`: the
/// items after `gồm:`, separated by `;`, to the end of the sentence; two or more, each short
/// enough to be a name (at most 25 words).
fn items_after_gom(a: &Analysis, line: usize, after: usize) -> Option<u32> {
    let text = a.line_text(line);
    let rest = text.get(after..)?;
    // `gồm:` right after the count, matched on the fold (precomposed or combining accents alike).
    let f = crate::text::fold::fold(rest, crate::text::fold::FoldMode::Lower);
    let t = f.text.trim_start().trim_start_matches(',').trim_start();
    let t = t.strip_prefix("bao ").unwrap_or(t);
    let t = t.strip_prefix("gồm")?.trim_start().strip_prefix(':')?;
    let list = &rest[f.to_original(f.text.len() - t.len())..];
    // To the end of the sentence: a full stop followed by a capital, or the end of the line.
    let end = list
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?') && {
                let next = list[i + 1..].trim_start();
                next.is_empty() || next.chars().next().is_some_and(crate::text::chars::is_uppercase)
            }
        })
        .map_or(list.len(), |(i, _)| i);
    let items: Vec<&str> = list[..end].split(';').map(str::trim).filter(|s| !s.is_empty()).collect();
    (items.len() >= 2 && items.iter().all(|i| i.split_whitespace().count() <= 25)).then_some(items.len() as u32)
}

/// The names listed after the count ([`crate::figures::extract::named_list`]).
fn names_after(a: &Analysis, line: usize, after: usize) -> Option<(u32, u32)> {
    let text = a.line_text(line);
    crate::figures::extract::named_list(text.get(after..)?)
}

/// `4 khu dân cư (Khu 1, Khu 2, Khu 3, Khu Kim Quan)`: the items in a bracket right after the
/// count, when they look like a list of names (short, separated by commas).
fn inline_items(a: &Analysis, line: usize, after: usize) -> Option<u32> {
    let text = a.line_text(line);
    let rest = text.get(after..)?;
    let t = rest.trim_start();
    let inner = t.strip_prefix('(')?;
    // To the closing bracket, or, when it was left out, to the end of the sentence (`4 khu dân
    // cư (Khu 1, Khu 2, Khu 3, Khu Kim Quan. Riêng Khu 3 …`).
    let sentence_end = inner
        .char_indices()
        .find(|&(i, c)| c == '.' && inner[i + 1..].trim_start().chars().next().is_none_or(crate::text::chars::is_uppercase))
        .map(|(i, _)| i);
    let close = match (inner.find(')'), sentence_end) {
        (Some(c), Some(e)) => c.min(e),
        (Some(c), None) => c,
        (None, e) => e?,
    };
    let inner = &inner[..close];
    let items: Vec<&str> = inner.split([',', ';']).map(str::trim).filter(|s| !s.is_empty()).collect();
    if items.len() < 2 || items.iter().any(|i| i.split_whitespace().count() > 8) {
        return None;
    }
    // `(trong đó …)`, `(gồm …)` brackets hold parts with figures, not names; `(12,3%)` is a
    // share with a decimal comma, not two items.
    if inner.chars().any(|c| c.is_ascii_digit()) && items.iter().any(|i| i.split_whitespace().count() > 3) {
        return None;
    }
    if items.iter().any(|i| !i.chars().any(char::is_alphabetic)) {
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
