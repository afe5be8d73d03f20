//! Findings and the checks that produce them. Each check is its own module with a stable code,
//! a default severity and its own tests; this module holds what they share.

use std::ops::Range;

use serde::Serialize;

use crate::analysis::Analysis;

pub mod all_met;
pub mod balance;
pub mod change_percent;
pub mod citation;
pub mod count_items;
pub mod cross_mention;
pub mod fig;
pub mod footnotes;
pub mod growth_rate;
pub mod heading_numbering;
pub mod number_format;
pub mod plan_percent;
pub mod ratio_percent;
pub mod shares_sum;
pub mod sum_parts;

/// How sure a finding is, and how loudly it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Certain beyond rounding.
    Error,
    /// Probable.
    Warning,
    /// Worth a look: rounding, deliberately partial lists, ambiguous formats.
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s.to_ascii_lowercase().as_str() {
            "error" | "loi" | "lỗi" => Severity::Error,
            "warning" | "warn" | "canh-bao" | "cảnh-báo" => Severity::Warning,
            "info" | "information" | "thong-tin" | "thông-tin" => Severity::Info,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }
}

/// A user-facing text in Vietnamese, with an English version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub vi: String,
    pub en: String,
}

impl Message {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Message { vi: vi.into(), en: en.into() }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Vi => &self.vi,
            Locale::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Vi,
    En,
}

impl Locale {
    pub fn parse(s: &str) -> Option<Locale> {
        match s.to_ascii_lowercase().as_str() {
            "vi" | "vi-vn" | "vn" => Some(Locale::Vi),
            "en" | "en-us" | "en-gb" => Some(Locale::En),
            _ => None,
        }
    }
}

/// Another place involved in a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub range: Range<usize>,
    pub message: Message,
}

/// One replacement of a byte range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// A fix offered for a finding. `certain` fixes may be applied all at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: Message,
    pub edits: Vec<Edit>,
    pub certain: bool,
}

/// A finding: an inconsistency or a structural problem at a byte range of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub range: Range<usize>,
    pub message: Message,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Finding {
    pub fn new(code: &'static str, severity: Severity, range: Range<usize>, message: Message) -> Self {
        Finding { code, severity, range, message, related: Vec::new(), fixes: Vec::new() }
    }

    pub fn with_related(mut self, range: Range<usize>, message: Message) -> Self {
        self.related.push(Related { range, message });
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
}

/// A check's entry in the catalogue (README lists them all; tests keep the list honest).
#[derive(Debug, Clone, Copy)]
pub struct CheckInfo {
    pub code: &'static str,
    pub default_severity: Severity,
    pub summary_vi: &'static str,
    pub summary_en: &'static str,
    /// A line that triggers it.
    pub example: &'static str,
}

/// Every check, in the order they run.
pub const CHECKS: &[&CheckInfo] = &[
    &heading_numbering::GAP,
    &heading_numbering::DUPLICATE,
    &heading_numbering::ORDER,
    &heading_numbering::MISSING_FIRST,
    &heading_numbering::PREFIX,
    &footnotes::UNDEFINED,
    &footnotes::UNUSED,
    &ratio_percent::INFO,
    &plan_percent::INFO,
    &change_percent::INFO,
    &growth_rate::INFO,
    &sum_parts::INFO,
    &shares_sum::INFO,
    &shares_sum::MISSING_PERCENT,
    &count_items::INFO,
    &all_met::INFO,
    &cross_mention::INFO,
    &citation::INFO,
    &number_format::AMBIGUOUS,
    &number_format::LOST_SLASH,
    &balance::INFO,
];

/// Look a check up by its code.
pub fn info(code: &str) -> Option<&'static CheckInfo> {
    CHECKS.iter().copied().find(|c| c.code == code)
}

/// A check's entry point: read the analysis, push findings.
pub type CheckFn = fn(&Analysis, &mut Vec<Finding>);

/// Every check's entry point, by module (the benchmark times them one by one).
pub const RUNS: [(&str, CheckFn); 14] = [
    ("heading_numbering", heading_numbering::check),
    ("footnotes", footnotes::check),
    ("ratio_percent", ratio_percent::check),
    ("plan_percent", plan_percent::check),
    ("change_percent", change_percent::check),
    ("growth_rate", growth_rate::check),
    ("sum_parts", sum_parts::check),
    ("shares_sum", shares_sum::check),
    ("count_items", count_items::check),
    ("all_met", all_met::check),
    ("cross_mention", cross_mention::check),
    ("citation", citation::check),
    ("number_format", number_format::check),
    ("balance", balance::check),
];

/// Run every check over an analysed document.
pub fn run_all(a: &Analysis) -> Vec<Finding> {
    // The checks are independent: on a long report they share the cores (a thread costs more
    // than all the checks of a short one).
    let threads = if a.line_count() < 4000 { 1 } else { crate::par::cores() };
    let found = crate::par::map(RUNS.len(), threads, |i| {
        let mut out = Vec::new();
        (RUNS[i].1)(a, &mut out);
        out
    });
    found.concat()
}

/// One fix applying every certain fix of the file (edits that overlap an earlier one are left
/// out). `None` when there is nothing certain to fix.
pub fn fix_all(findings: &[Finding]) -> Option<Fix> {
    let mut edits: Vec<Edit> = Vec::new();
    let mut n = 0;
    for f in findings {
        let Some(fix) = f.fixes.iter().find(|x| x.certain) else { continue };
        if fix.edits.iter().any(|e| edits.iter().any(|d| e.range.start < d.range.end && d.range.start < e.range.end)) {
            continue;
        }
        edits.extend(fix.edits.iter().cloned());
        n += 1;
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.range.start);
    Some(Fix {
        title: Message::new(
            format!("Sửa tất cả số liệu chắc chắn sai ({n} chỗ)"),
            format!("Fix all certain figure errors ({n})"),
        ),
        edits,
        certain: true,
    })
}
