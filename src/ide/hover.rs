//! Hover cards (Markdown, Vietnamese or English): a footnote marker shows its text; a heading
//! shows its section's figure count and findings; a figure or an indicator shows the indicator
//! card built by the figures engine.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::checks::{Locale, Severity};
use crate::ide::navigation;

/// A hover: Markdown text and the range it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverCard {
    pub markdown: String,
    pub range: Range<usize>,
}

fn t(locale: Locale, vi: &str, en: &str) -> String {
    match locale {
        Locale::Vi => vi.to_string(),
        Locale::En => en.to_string(),
    }
}

/// The hover at `offset`, if anything there has one.
pub fn hover(a: &Analysis, offset: usize, locale: Locale) -> Option<HoverCard> {
    footnote(a, offset, locale).or_else(|| heading(a, offset, locale))
}

fn footnote(a: &Analysis, offset: usize, locale: Locale) -> Option<HoverCard> {
    let line = a.line_of(offset);
    let start = a.line_start(line);
    let li = &a.lines()[line];
    let r = li.footnote_refs.iter().find(|r| start + r.range.start as usize <= offset && offset <= start + r.range.end as usize)?;
    let range = start + r.range.start as usize..start + r.range.end as usize;
    let markdown = match navigation::footnote_text(a, offset) {
        Some((label, texts)) => {
            format!("**{} {label}**\n\n{}", t(locale, "Chú thích", "Footnote"), texts.join("\n\n"))
        }
        None => format!(
            "**{} {}**\n\n{}",
            t(locale, "Chú thích", "Footnote"),
            r.label,
            t(locale, "Không tìm thấy nội dung chú thích.", "No footnote text found.")
        ),
    };
    Some(HoverCard { markdown, range })
}

fn heading(a: &Analysis, offset: usize, locale: Locale) -> Option<HoverCard> {
    let line = a.line_of(offset);
    let sec = a.structure.sections.iter().find(|s| s.line as usize <= line && line <= s.heading_end_line as usize && s.selection.start <= offset && offset <= s.selection.end)?;
    let lines = sec.line as usize..=sec.last_line as usize;
    let figures: usize = lines.clone().map(|i| a.lines()[i].quantities.len()).sum();
    let findings: Vec<_> = a.findings.iter().filter(|f| sec.range.start <= f.range.start && f.range.start <= sec.range.end).collect();
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut md = format!("**{} {}**\n\n", sec.number_text, sec.name).replace("** ", "**");
    md.push_str(&match locale {
        Locale::Vi => format!(
            "Dòng {}–{} · {} số liệu · {} lỗi, {} cảnh báo, {} thông tin",
            sec.line + 1,
            sec.last_line + 1,
            figures,
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        ),
        Locale::En => format!(
            "Lines {}–{} · {} figures · {} errors, {} warnings, {} notes",
            sec.line + 1,
            sec.last_line + 1,
            figures,
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        ),
    });
    for f in findings.iter().take(8) {
        md.push_str(&format!("\n- {} `{}` ({} {}): {}", sev_icon(f.severity), f.code, t(locale, "dòng", "line"), a.line_of(f.range.start) + 1, f.message.get(locale)));
    }
    if findings.len() > 8 {
        md.push_str(&format!("\n- … (+{})", findings.len() - 8));
    }
    Some(HoverCard { markdown: md, range: sec.selection.clone() })
}

fn sev_icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "⛔",
        Severity::Warning => "⚠️",
        Severity::Info | Severity::Hint => "ℹ️",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Config;

    #[test]
    fn footnote_and_heading_cards() {
        let t = "1. Kinh tế\nChi 9,4 tỷ đồng⁽¹⁾.\n3. Xã hội\n¹ Sửa chữa trường học.\n";
        let a = Analysis::from_text(t, &Config::default());
        let h = hover(&a, t.find('⁽').unwrap(), Locale::Vi).unwrap();
        assert!(h.markdown.contains("Sửa chữa trường học"), "{}", h.markdown);
        let h = hover(&a, t.find("Xã hội").unwrap(), Locale::Vi).unwrap();
        assert!(h.markdown.starts_with("**3. Xã hội**"), "{}", h.markdown);
        assert!(h.markdown.contains("heading-gap"), "{}", h.markdown);
        assert!(hover(&a, t.find("Chi").unwrap(), Locale::Vi).is_none());
    }
}
