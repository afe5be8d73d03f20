//! Fixture files with inline expectations: `tests/fixtures/*.txt` are small Vietnamese reports
//! with positive and negative cases; a line expecting a finding ends with
//! `<!-- expect: CODE SEVERITY -->` (several allowed). Every finding must be expected and every
//! expectation found — so lines without a comment prove the negative cases.
//!
//! Then every quick fix is applied: its own diagnostic must disappear and no new one appear.

use std::collections::BTreeMap;

use baocao_ls::analysis::{Analysis, Config};
use baocao_ls::checks::{Finding, CHECKS};

fn fixtures() -> Vec<(String, String)> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut v: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fixtures folder")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| (e.file_name().to_string_lossy().to_string(), std::fs::read_to_string(e.path()).expect("fixture")))
        .collect();
    v.sort();
    v
}

/// (line, code, severity) expected by the comments.
fn expected(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let mut rest = line;
        while let Some(p) = rest.find("<!-- expect:") {
            let after = &rest[p + "<!-- expect:".len()..];
            let end = after.find("-->").expect("closed expectation");
            let mut words = after[..end].split_whitespace();
            let code = words.next().expect("a code").to_string();
            let sev = words.next().expect("a severity").to_string();
            out.push((i, code, sev));
            rest = &after[end..];
        }
    }
    out.sort();
    out
}

fn actual(a: &Analysis) -> Vec<(usize, String, String)> {
    let mut v: Vec<(usize, String, String)> =
        a.findings.iter().map(|f| (a.line_of(f.range.start), f.code.to_string(), f.severity.as_str().to_string())).collect();
    v.sort();
    v
}

fn counts(a: &Analysis) -> BTreeMap<(usize, &'static str), usize> {
    let mut m = BTreeMap::new();
    for f in &a.findings {
        *m.entry((a.line_of(f.range.start), f.code)).or_insert(0) += 1;
    }
    m
}

fn apply(text: &str, f: &Finding, k: usize) -> String {
    let mut edits = f.fixes[k].edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut t = text.to_string();
    for e in edits {
        t.replace_range(e.range.clone(), &e.new_text);
    }
    t
}

#[test]
fn every_fixture_gives_exactly_its_expected_findings() {
    let mut failures = Vec::new();
    for (name, text) in fixtures() {
        let a = Analysis::from_text(&text, &Config::default());
        let (want, got) = (expected(&text), actual(&a));
        if want != got {
            let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).collect();
            let extra: Vec<String> = a
                .findings
                .iter()
                .filter(|f| !want.contains(&(a.line_of(f.range.start), f.code.to_string(), f.severity.as_str().to_string())))
                .map(|f| format!("line {} {} {}: {}", a.line_of(f.range.start) + 1, f.code, f.severity.as_str(), f.message.vi))
                .collect();
            failures.push(format!("{name}:\n  missing (0-based line): {missing:?}\n  unexpected: {extra:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_check_has_a_positive_case() {
    let all: Vec<String> = fixtures().iter().flat_map(|(_, t)| expected(t)).map(|(_, c, _)| c).collect();
    for info in CHECKS {
        assert!(all.iter().any(|c| c == info.code), "no fixture expects {}", info.code);
    }
}

/// The fixtures, the three real reports, and the reports of the shared corpus beside the
/// repository (`../shared/corpus`, when there is one) that differ from those.
fn fixtures_and_corpus() -> Vec<(String, String)> {
    let mut v = fixtures();
    for name in ["khe-tre-2020.txt", "huong-tra-2021.txt", "cam-giang-2021.txt"] {
        let path = format!("{}/tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
        v.push((name.to_string(), std::fs::read_to_string(path).expect("corpus")));
    }
    let shared = format!("{}/../shared/corpus", env!("CARGO_MANIFEST_DIR"));
    if let Ok(dir) = std::fs::read_dir(&shared) {
        let mut more: Vec<(String, String)> = dir
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .filter_map(|e| Some((format!("shared/{}", e.file_name().to_string_lossy()), std::fs::read_to_string(e.path()).ok()?)))
            .filter(|(_, text)| !v.iter().any(|(_, t)| t == text))
            .collect();
        more.sort();
        v.extend(more);
    }
    v
}

#[test]
fn every_quick_fix_removes_its_finding_and_adds_none() {
    let mut failures = Vec::new();
    let mut applied = 0;
    for (name, text) in fixtures_and_corpus() {
        let a = Analysis::from_text(&text, &Config::default());
        let before = counts(&a);
        for f in &a.findings {
            let line = a.line_of(f.range.start);
            for k in 0..f.fixes.len() {
                if f.fixes[k].edits.is_empty() {
                    failures.push(format!("{name}: fix «{}» on line {} carries no edit", f.fixes[k].title.vi, line + 1));
                    continue;
                }
                let fixed = apply(&text, f, k);
                let b = Analysis::from_text(&fixed, &Config::default());
                let after = counts(&b);
                applied += 1;
                let own_before = before.get(&(line, f.code)).copied().unwrap_or(0);
                let own_after = after.get(&(line, f.code)).copied().unwrap_or(0);
                if own_after >= own_before {
                    failures.push(format!("{name}: fix «{}» left {} on line {}", f.fixes[k].title.vi, f.code, line + 1));
                }
                for (key, n) in &after {
                    if *n > before.get(key).copied().unwrap_or(0) {
                        failures.push(format!("{name}: fix «{}» added {} on line {}", f.fixes[k].title.vi, key.1, key.0 + 1));
                    }
                }
            }
        }
    }
    println!("quick fixes applied: {applied}");
    assert!(applied > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same fixtures typed with combining accents (NFD, as some Word and PDF copies give them),
/// and with CRLF line ends, give the same findings on the same lines.
#[test]
fn fixtures_in_nfd_and_crlf_give_the_same_findings() {
    use unicode_normalization::UnicodeNormalization;
    let mut failures = Vec::new();
    for (name, text) in fixtures() {
        let want = actual(&Analysis::from_text(&text, &Config::default()));
        let nfd: String = text.nfd().collect();
        assert_ne!(nfd, text, "{name} has no accented letter to decompose");
        let crlf = text.replace('\n', "\r\n");
        for (form, t) in [("NFD", nfd), ("CRLF", crlf)] {
            let got = actual(&Analysis::from_text(&t, &Config::default()));
            if got != want {
                let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).collect();
                let extra: Vec<_> = got.iter().filter(|g| !want.contains(g)).collect();
                failures.push(format!("{name} ({form}): missing {missing:?}, extra {extra:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
