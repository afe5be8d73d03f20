//! Citations of a standard's edition: `ISO 9001:2015` here and `ISO 9001:2025` there, or an
//! edition later than the report itself.

use std::collections::BTreeMap;

use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::text::fold::{fold, FoldMode};

pub const INFO: CheckInfo = CheckInfo {
    code: "citation-edition",
    default_severity: Severity::Error,
    summary_vi: "Trích dẫn tiêu chuẩn với phiên bản khác nhau hoặc phiên bản chưa có",
    summary_en: "A standard is cited with two editions, or with one later than the report",
    example: "ISO 9001:2015 … ISO 9001:2025 (trong báo cáo năm 2020)",
};

/// `iso 9001:2015` in folded text: (standard number, edition year, range of the year).
fn citations(folded: &str) -> Vec<(String, u32, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = folded[from..].find("iso") {
        let at = from + p;
        from = at + 3;
        let rest = &folded[at + 3..];
        let rest_t = rest.trim_start_matches([' ', '/', '-']);
        let skip = rest.len() - rest_t.len();
        let num: String = rest_t.chars().take_while(|c| c.is_ascii_digit()).collect();
        if num.len() < 3 || !rest_t[num.len()..].starts_with(':') {
            continue;
        }
        let year: String = rest_t[num.len() + 1..].chars().take_while(|c| c.is_ascii_digit()).collect();
        let Ok(y) = year.parse::<u32>() else { continue };
        if year.len() != 4 {
            continue;
        }
        let ys = at + 3 + skip + num.len() + 1;
        out.push((num, y, ys..ys + 4));
    }
    out
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    let mut all: BTreeMap<String, Vec<(usize, std::ops::Range<usize>, u32)>> = BTreeMap::new();
    for line in 0..a.line_count() {
        if a.lines()[line].quantities.is_empty() && a.lines()[line].kind == crate::syntax::line::LineKind::Blank {
            continue;
        }
        let text = a.line_text(line);
        if !text.contains(['I', 'i']) {
            continue;
        }
        let f = fold(&text, FoldMode::Lower);
        for (num, year, r) in citations(&f.text) {
            let r = f.range_to_original(r);
            let start = a.line_start(line);
            all.entry(num).or_default().push((line, start + r.start..start + r.end, year));
        }
    }
    let report_year = a.figures.report_year;
    for (num, cites) in all {
        for (k, (line, range, year)) in cites.iter().enumerate() {
            let future = report_year.is_some_and(|ry| *year > ry);
            let other = cites.iter().enumerate().find(|(j, (_, _, y))| *j != k && y != year).map(|(_, c)| c);
            if !future && other.is_none() {
                continue;
            }
            // Between two editions, report the impossible one; if neither is, the later mention.
            if !future && other.is_some_and(|(l, _, y)| report_year.is_some_and(|ry| *y > ry) || *l > *line) {
                continue;
            }
            let (vi, en) = match (future, other, report_year) {
                (true, Some((l, _, y)), Some(ry)) => (
                    format!("ISO {num}:{year} chưa được ban hành vào thời điểm báo cáo (năm {ry}); ở dòng {} ghi ISO {num}:{y}.", l + 1),
                    format!("ISO {num}:{year} did not exist when the report was written ({ry}); line {} says ISO {num}:{y}.", l + 1),
                ),
                (true, _, Some(ry)) => (
                    format!("ISO {num}:{year} chưa được ban hành vào thời điểm báo cáo (năm {ry})."),
                    format!("ISO {num}:{year} did not exist when the report was written ({ry})."),
                ),
                (_, Some((l, _, y)), _) => (
                    format!("Tiêu chuẩn ISO {num} được trích với hai phiên bản: {year} ở đây và {y} ở dòng {}.", l + 1),
                    format!("ISO {num} is cited with two editions: {year} here and {y} on line {}.", l + 1),
                ),
                _ => continue,
            };
            let sev = if future { Severity::Error } else { Severity::Warning };
            let mut f = Finding::new(INFO.code, sev, range.clone(), Message::new(vi, en));
            if let Some((_, r, y)) = other {
                f = f.with_related(r.clone(), Message::new("Phiên bản ở chỗ khác", "Edition elsewhere"));
                if future {
                    f = f.with_fix(super::Fix {
                        title: Message::new(format!("Sửa thành {y}"), format!("Change to {y}")),
                        edits: vec![super::Edit { range: range.clone(), new_text: y.to_string() }],
                        certain: false,
                    });
                }
            }
            out.push(f);
        }
    }
}
