//! The three real reports scored against their labels (tests/corpus/labels/*.jsonl): every
//! error- or warning-level inconsistency must be found, and no claim labelled consistent may get
//! an error or a warning. Prints recall and the notes given on consistent claims.
//!
//! The labels are a development set: the checks are general rules, not tuned to these lines.

mod common;

use baocao_ls::analysis::{Analysis, Config};
use baocao_ls::checks::{Finding, Severity};
use serde_json::Value;

struct Label {
    doc: String,
    line: usize,
    quote: String,
    kind: String,
    verdict: String,
    severity: String,
}

fn labels(name: &str) -> Vec<Label> {
    let path = format!("{}/tests/corpus/labels/{name}.jsonl", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON label");
            Label {
                doc: v["doc"].as_str().unwrap_or_default().to_string(),
                line: v["line"].as_u64().unwrap_or(0) as usize,
                quote: v["quote"].as_str().unwrap_or_default().to_string(),
                kind: v["kind"].as_str().unwrap_or_default().to_string(),
                verdict: v["verdict"].as_str().unwrap_or_default().to_string(),
                severity: v["severity_suggestion"].as_str().unwrap_or_default().to_string(),
            }
        })
        .collect()
}

/// The codes that answer a label's kind.
fn codes_for(kind: &str) -> &'static [&'static str] {
    match kind {
        "percent_of_plan" => &["plan-percent"],
        "ratio_percent" => &["ratio-percent"],
        "heading_numbering" => &["heading-duplicate", "heading-gap", "heading-order", "heading-missing-first", "heading-prefix"],
        "cross_mention" => &["cross-mention", "citation-edition"],
        "number_format" => &["number-format", "ambiguous-number", "number-lost-slash"],
        "sum_of_parts" => &["sum-parts"],
        "shares_sum" => &["shares-sum"],
        "count_of_items" => &["count-items"],
        "all_met_claim" => &["all-met", "count-items"],
        "change_vs_previous" => &["change"],
        "balance" => &["balance"],
        _ => &[],
    }
}

/// Findings on the label's line overlapping its quote.
fn hits<'a>(a: &Analysis, findings: &'a [Finding], l: &Label) -> Vec<&'a Finding> {
    let line = l.line - 1;
    let text = a.line_text(line);
    let start = a.line_start(line);
    let (qs, qe) = match text.find(&l.quote) {
        Some(p) => (start + p, start + p + l.quote.len()),
        None => (start, start + text.len()),
    };
    findings.iter().filter(|f| f.range.start < qe.max(qs + 1) && f.range.end > qs && a.line_of(f.range.start) == line).collect()
}

#[test]
fn corpus_reports_against_their_labels() {
    let mut must_find = 0;
    let mut found = 0;
    let mut inconsistent = 0;
    let mut inconsistent_found = 0;
    let mut consistent = 0;
    let mut false_alarms = Vec::new();
    let mut notes = 0;
    let mut missed = Vec::new();
    for name in ["khe-tre-2020", "huong-tra-2021", "cam-giang-2021"] {
        let text = common::corpus(&format!("{name}.txt"));
        let a = Analysis::from_text(&text, &Config::default());
        for l in labels(name) {
            assert_eq!(l.doc, format!("{name}.txt"));
            let on_quote = hits(&a, &a.findings, &l);
            let codes = codes_for(&l.kind);
            let answered: Vec<&&Finding> = on_quote.iter().filter(|f| codes.contains(&f.code)).collect();
            match l.verdict.as_str() {
                "inconsistent" if !codes.is_empty() => {
                    inconsistent += 1;
                    if !answered.is_empty() {
                        inconsistent_found += 1;
                    }
                    if l.severity == "error" || l.severity == "warning" {
                        must_find += 1;
                        if answered.iter().any(|f| f.severity <= Severity::Warning) {
                            found += 1;
                        } else {
                            missed.push(format!("{name}:{} {} «{}»", l.line, l.kind, l.quote));
                        }
                    }
                }
                "consistent" => {
                    consistent += 1;
                    for f in &on_quote {
                        if f.severity <= Severity::Warning {
                            false_alarms.push(format!("{name}:{} {} «{}»: {} {}", l.line, l.kind, l.quote, f.code, f.message.vi));
                        } else {
                            notes += 1;
                        }
                    }
                }
                _ => {}
            }
        }
    }
    println!("error/warning inconsistencies found: {found}/{must_find}");
    println!("all inconsistencies in scope answered (any severity): {inconsistent_found}/{inconsistent}");
    println!("consistent claims: {consistent}; errors/warnings on them: {}; information notes on them: {notes}", false_alarms.len());
    for m in &missed {
        println!("  missed: {m}");
    }
    for f in &false_alarms {
        println!("  false alarm: {f}");
    }
    assert!(false_alarms.is_empty(), "labelled consistent claims got an error or a warning");
    assert!(missed.is_empty(), "error/warning-level inconsistencies were missed");
}
