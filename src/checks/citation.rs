//! Citations of a standard's edition: `ISO 9001:2015` here and `ISO 9001:2025` there, or an
//! edition later than the report itself.

use std::collections::BTreeMap;

use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::extract::Mention;

pub const INFO: CheckInfo = CheckInfo {
    code: "citation-edition",
    default_severity: Severity::Error,
    summary_vi: "Trích dẫn tiêu chuẩn với phiên bản khác nhau hoặc phiên bản chưa có",
    summary_en: "A standard is cited with two editions, or with one later than the report",
    example: "ISO 9001:2015 … ISO 9001:2025 (trong báo cáo năm 2020)",
};

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    // standard → (line, range of the edition year, year), from the lexed lines.
    let mut all: BTreeMap<String, Vec<(usize, std::ops::Range<usize>, u32)>> = BTreeMap::new();
    for (line, li) in a.lines().iter().enumerate() {
        for m in &li.mentions {
            if let Mention::Edition { standard, year, range } = m {
                all.entry(standard.clone()).or_default().push((line, a.abs(line, range.clone()), *year));
            }
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
