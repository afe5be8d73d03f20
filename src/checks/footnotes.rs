//! Footnotes: a marker in the text (`⁽¹⁾`, `¹⁰`, `[1]`, `[^1]`) with no footnote text, and a
//! footnote text (`¹² Sửa chữa …`) that no marker points to.

use std::collections::BTreeMap;

use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::syntax::line::LineKind;

pub const UNDEFINED: CheckInfo = CheckInfo {
    code: "footnote-undefined",
    default_severity: Severity::Warning,
    summary_vi: "Dấu chú thích không có nội dung chú thích tương ứng",
    summary_en: "A footnote marker has no footnote text",
    example: "Tổng chi 9,4 tỷ đồng⁽³⁾ (không có dòng ³ …)",
};

pub const UNUSED: CheckInfo = CheckInfo {
    code: "footnote-unused",
    default_severity: Severity::Warning,
    summary_vi: "Nội dung chú thích không được dẫn ở đâu trong văn bản",
    summary_en: "A footnote text is not referenced anywhere",
    example: "¹² Sửa chữa … (không có dấu ¹² trong văn bản)",
};

/// Footnote definitions and markers of the document: label → byte ranges.
pub struct Footnotes {
    pub defs: BTreeMap<u32, Vec<(usize, std::ops::Range<usize>)>>,
    pub refs: BTreeMap<u32, Vec<(usize, std::ops::Range<usize>)>>,
}

/// Collect the footnote definitions (line, marker range) and references of a document.
pub fn collect(a: &Analysis) -> Footnotes {
    let mut defs: BTreeMap<u32, Vec<(usize, std::ops::Range<usize>)>> = BTreeMap::new();
    let mut refs: BTreeMap<u32, Vec<(usize, std::ops::Range<usize>)>> = BTreeMap::new();
    for (i, li) in a.lines().iter().enumerate() {
        let start = a.line_start(i);
        if let LineKind::FootnoteDef { label, marker, .. } = &li.kind {
            defs.entry(*label).or_default().push((i, start + marker.start as usize..start + marker.end as usize));
        }
        for r in &li.footnote_refs {
            refs.entry(r.label).or_default().push((i, start + r.range.start as usize..start + r.range.end as usize));
        }
    }
    Footnotes { defs, refs }
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    let fns = collect(a);
    for (label, uses) in &fns.refs {
        if fns.defs.contains_key(label) {
            continue;
        }
        for (_, range) in uses {
            out.push(Finding::new(
                UNDEFINED.code,
                UNDEFINED.default_severity,
                range.clone(),
                Message::new(
                    format!("Chú thích số {label} không có nội dung (không tìm thấy dòng chú thích {label})."),
                    format!("Footnote {label} has no footnote text."),
                ),
            ));
        }
    }
    for (label, defs) in &fns.defs {
        if fns.refs.contains_key(label) {
            continue;
        }
        for (_, range) in defs {
            out.push(Finding::new(
                UNUSED.code,
                UNUSED.default_severity,
                range.clone(),
                Message::new(
                    format!("Chú thích số {label} không được dẫn ở đâu trong văn bản."),
                    format!("Footnote {label} is not referenced in the text."),
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analysis, Config};

    fn codes(text: &str) -> Vec<(&'static str, usize)> {
        let a = Analysis::from_text(text, &Config::default());
        a.findings.iter().map(|f| (f.code, a.line_of(f.range.start) + 1)).collect()
    }

    #[test]
    fn markers_and_texts_must_pair_up() {
        let t = "Chi sửa chữa 1,2 tỷ đồng¹ và xây mới 3 tỷ đồng⁽²⁾.\n¹ Sửa chữa đường.\n³ Không dẫn.\n";
        assert_eq!(codes(t), vec![("footnote-undefined", 1), ("footnote-unused", 3)]);
    }

    #[test]
    fn area_units_are_not_markers() {
        assert!(codes("Diện tích 120 m² và 3 km².\n").is_empty());
    }

    #[test]
    fn bracket_markers() {
        assert!(codes("Theo số liệu [1] và [^2].\n[1] Cục Thống kê.\n[^2]: Phụ lục.\n").is_empty());
    }
}
