//! Property test: after any sequence of edits, the incrementally maintained document (only the
//! touched lines relexed) equals a full reparse of the final text — lines, structure, findings;
//! and the analysis that reuses what was read of unchanged paragraphs (the reading cache,
//! warmed by an analysis after every edit) reads the same relations as one that reads all.

mod common;

use baocao_ls::analysis::{Analysis, Config};
use baocao_ls::document::Document;
use proptest::prelude::*;

/// Pieces of text that make edits interesting: line breaks of every kind, heading starts,
/// multi-byte letters, combining accents, a character outside the BMP, footnote markers.
const PIECES: &[&str] = &[
    "\n", "\r\n", "\r", "1. ", "1.1. Kinh tế\n", "Phần thứ hai\n", "B. ĐÁNH GIÁ\n", "a) ", "II- ", "ế", "e\u{301}",
    "𝟙", "⁽¹⁾", "¹ Ghi chú\n", "Nơi nhận:\n", "BÁO CÁO\n", "Số: 1/BC-UBND\n", "- ", "**", "2.3 ", "đạt 98,3%",
    "<!-- baocao-ls ignore -->", " ", "x", "",
    // Figures and the words that tie them, so that paragraphs are read and the cache reused.
    "Toàn xã có 1.240 hộ, trong đó 86 hộ nghèo, chiếm 6,94%. ", "tăng 2,63% (1,32 tạ/ha)", "Kế hoạch vốn 48 tỷ đồng. ",
    "giải ngân 30,2 tỷ đồng, đạt 62,9% kế hoạch", "nông nghiệp 31%; dịch vụ 69%", "\nTrong đó: 705 ha, 755 ha.",
];

#[derive(Debug, Clone)]
struct EditOp {
    /// Where the edit starts, as a fraction of the text length.
    at: f64,
    /// How many bytes it removes (before snapping to character boundaries).
    remove: usize,
    insert: Vec<usize>,
}

fn edit_op() -> impl Strategy<Value = EditOp> {
    (0.0..=1.0f64, prop_oneof![Just(0usize), 0..8usize, 0..400usize], proptest::collection::vec(0..PIECES.len(), 0..4))
        .prop_map(|(at, remove, insert)| EditOp { at, remove, insert })
}

fn snap(doc: &Document, mut i: usize) -> usize {
    i = i.min(doc.len());
    while !doc.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn check(base: &str, ops: &[EditOp]) {
    let mut doc = Document::new(base);
    for op in ops {
        let start = snap(&doc, (op.at * doc.len() as f64) as usize);
        let end = snap(&doc, start + op.remove).max(start);
        let text: String = op.insert.iter().map(|&k| PIECES[k]).collect();
        doc.edit(start..end, &text).expect("snapped edits are valid");
        // Analyse after every edit, as the server does: the reading cache is filled and reused.
        drop(Analysis::new(&doc, &Config::default()));
        // Splitting a character is always refused and changes nothing.
        let before = doc.text();
        if let Some(mid) = (1..doc.len()).find(|&k| !doc.is_char_boundary(k)) {
            assert!(doc.edit(mid..mid, "x").is_err());
            assert_eq!(doc.text(), before);
        }
    }
    let full = Document::new(&doc.text());
    assert_eq!(doc.lines(), full.lines(), "lines differ from a full reparse");
    assert_eq!(doc.line_starts(), full.line_starts());
    let config = Config::default();
    let (a, b) = (Analysis::new(&doc, &config), Analysis::new(&full, &config));
    assert_eq!(a.structure, b.structure, "structure differs from a full reparse");
    assert_eq!(a.findings, b.findings, "findings differ from a full reparse");
    assert_eq!(a.reading.relations, b.reading.relations, "relations read with the cache differ from a fresh reading");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn small_documents(base in proptest::collection::vec(0..PIECES.len(), 0..40), ops in proptest::collection::vec(edit_op(), 1..30)) {
        let base: String = base.into_iter().map(|k| PIECES[k]).collect();
        check(&base, &ops);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn corpus_reports(which in 0..3usize, ops in proptest::collection::vec(edit_op(), 1..40)) {
        let name = ["khe-tre-2020.txt", "huong-tra-2021.txt", "cam-giang-2021.txt"][which];
        check(&common::corpus(name), &ops);
    }
}

/// A deterministic long sequence on a 1 MB document made of the corpus, edits spread over it.
#[test]
fn one_megabyte_report_survives_many_edits() {
    let parts: Vec<String> =
        ["khe-tre-2020.txt", "huong-tra-2021.txt", "cam-giang-2021.txt"].iter().map(|n| common::corpus(n)).collect();
    let mut text = String::new();
    while text.len() < 1_000_000 {
        for p in &parts {
            text.push_str(p);
        }
    }
    let mut doc = Document::new(&text);
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for step in 0..300 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let start = snap(&doc, (seed % doc.len() as u64) as usize);
        let end = snap(&doc, start + (seed >> 40) as usize % 64).max(start);
        let piece = PIECES[(seed >> 20) as usize % PIECES.len()];
        doc.edit(start..end, piece).unwrap();
        if step % 100 == 99 {
            let full = Document::new(&doc.text());
            assert_eq!(doc.lines(), full.lines());
        }
    }
    let full = Document::new(&doc.text());
    let config = Config::default();
    let (a, b) = (Analysis::new(&doc, &config), Analysis::new(&full, &config));
    assert_eq!(a.structure, b.structure);
    assert_eq!(a.findings, b.findings);
}
