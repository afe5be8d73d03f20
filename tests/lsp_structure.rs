//! End-to-end: the built binary over stdio, with real JSON-RPC — initialize in both encodings,
//! open a corpus report, outline, incremental edits (adding and deleting headings, a bad edit
//! that splits a character), and the diagnostics after each.

mod common;

use common::{caps, corpus, Client};
use serde_json::{json, Value};

const URI: &str = "file:///tmp/cam-giang-2021.txt";

/// Structure findings (heading and footnote codes) with their lines; figure findings on the
/// same report are tested elsewhere.
fn codes(diags: &[Value]) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = diags
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("heading-") || c.starts_with("footnote-")))
        .map(|d| (d["code"].as_str().unwrap_or("").to_string(), d["range"]["start"]["line"].as_u64().unwrap_or(0)))
        .collect();
    v.sort();
    v
}

fn names(symbols: &Value) -> Vec<String> {
    symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_string()).collect()
}

fn details(symbols: &Value) -> Vec<String> {
    symbols.as_array().unwrap().iter().map(|s| s["detail"].as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn negotiates_the_position_encoding() {
    let mut c = Client::start();
    let r = c.initialize(caps(false, false));
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(r["capabilities"]["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(c.shutdown(), 0);

    let mut c = Client::start();
    let r = c.initialize(caps(true, false));
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn outline_and_diagnostics_follow_incremental_edits() {
    let text = corpus("cam-giang-2021.txt");
    let mut c = Client::start();
    c.initialize(caps(false, false));
    c.open(URI, "plaintext", &text);
    // The corpus report has two `B.` groups in Phần thứ nhất (line 222).
    let all = c.diagnostics(URI, 1);
    let d: Vec<Value> = all.iter().filter(|d| d["code"] == "heading-duplicate").cloned().collect();
    assert_eq!(codes(&all), vec![("heading-duplicate".to_string(), 221)]);
    assert_eq!(d[0]["range"]["start"]["character"], 0);
    assert_eq!(d[0]["range"]["end"]["character"], 2);
    assert_eq!(d[0]["severity"], 1);
    assert_eq!(d[0]["source"], "baocao-ls");
    assert!(d[0]["message"].as_str().unwrap().starts_with("Trùng số thứ tự: «B.»"));
    assert_eq!(d[0]["relatedInformation"][0]["location"]["range"]["start"]["line"], 43);

    let syms = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    let top = names(&syms);
    assert_eq!(top.len(), 4, "{top:?}");
    assert!(top[0].starts_with("Kết quả thực hiện nhiệm vụ phát triển KTXH"), "{top:?}");
    assert_eq!(top[1], "Tình hình thực hiện kế hoạch phát triển kinh tế-xã hội năm 2021");
    assert_eq!(top[3], "Nơi nhận");
    assert_eq!(details(&syms)[1], "PHẦN THỨ NHẤT");
    assert_eq!(details(&syms)[2], "PHẦN THỨ HAI");
    let part1 = &syms[1]["children"];
    assert_eq!(details(part1), vec!["A.", "B.", "B."]);
    assert_eq!(details(&part1[1]["children"]), vec!["I.", "II.", "III."]);
    // Ranges cover whole sections: Phần thứ nhất runs from line 10 to line 234 (1-based).
    assert_eq!(syms[1]["range"]["start"]["line"], 9);
    assert_eq!(syms[1]["range"]["end"]["line"], 233);

    // Quick fix for the duplicate: renumber the second B. as C.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": d[0]["range"], "context": {"diagnostics": [d[0]]}}),
    );
    let fix = actions.as_array().unwrap().iter().find(|a| a["kind"] == "quickfix").expect("a quick fix");
    assert_eq!(fix["title"], "Đánh lại số thành «C.»");
    let edit = &fix["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "C.");
    c.change(URI, 2, json!([{"range": edit["range"], "text": edit["newText"]}]));
    let after = c.diagnostics(URI, 2);
    assert!(codes(&after).is_empty(), "the fix removes its diagnostic");
    assert_eq!(after.len(), all.len() - 1, "and adds none");
    let syms = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    assert_eq!(details(&syms[1]["children"]), vec!["A.", "B.", "C."]);

    // Delete the heading `2. Về xã hội:` (line 30, 1-based) and the blank line after it:
    // under A. the numbers now go 1., 3. — a gap.
    c.change(URI, 3, json!([{"range": {"start": {"line": 29, "character": 0}, "end": {"line": 31, "character": 0}}, "text": ""}]));
    let d = c.diagnostics(URI, 3);
    assert_eq!(codes(&d), vec![("heading-gap".to_string(), 37)]);
    // Put it back: no finding.
    c.change(URI, 4, json!([{"range": {"start": {"line": 29, "character": 0}, "end": {"line": 29, "character": 0}}, "text": "2. Về xã hội:\n\n"}]));
    assert!(codes(&c.diagnostics(URI, 4)).is_empty());

    // Add a new Part heading at the end, then a numbered section under it, in two edits of one
    // change batch.
    // The last line of the text (the empty one after its final line break).
    let last_line = text.split('\n').count() as u64 - 1;
    c.change(
        URI,
        5,
        json!([
            {"range": {"start": {"line": last_line, "character": 0}, "end": {"line": last_line, "character": 0}}, "text": "\nPHẦN THỨ BA\n"},
            {"range": {"start": {"line": last_line + 2, "character": 0}, "end": {"line": last_line + 2, "character": 0}}, "text": "2. Tổ chức thực hiện\n"}
        ]),
    );
    let d = c.diagnostics(URI, 5);
    assert_eq!(codes(&d), vec![("heading-missing-first".to_string(), last_line + 2)]);
    let syms = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    assert!(details(&syms).contains(&"PHẦN THỨ BA".to_string()), "{:?}", details(&syms));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn positions_are_exact_in_both_encodings() {
    // A footnote marker after Vietnamese letters: its column differs between UTF-8 and UTF-16,
    // and a character outside the BMP (two UTF-16 units) sits before it on the second line.
    let text = "Chi sửa chữa đường⁽¹⁾ 5 tỷ\r\n𝟙 Đầu tư mới³ 2 tỷ\n¹ Sửa chữa.\n";
    for (utf8, col) in [(false, 13u64), (true, 21)] {
        let mut c = Client::start();
        c.initialize(caps(utf8, false));
        let uri = "file:///tmp/pos.baocao";
        c.open(uri, "baocao", text);
        let d = c.diagnostics(uri, 1);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0]["code"], "footnote-undefined");
        assert_eq!(d[0]["range"]["start"], json!({"line": 1, "character": col}));
        assert_eq!(d[0]["range"]["end"], json!({"line": 1, "character": col + if utf8 { 2 } else { 1 }}));
        assert_eq!(c.shutdown(), 0);
    }
}

#[test]
fn a_change_that_splits_a_character_is_refused_and_the_server_keeps_serving() {
    let mut c = Client::start();
    c.initialize(caps(true, false));
    let uri = "file:///tmp/split.baocao";
    c.open(uri, "baocao", "1. Kinh tế\n3. Xã hội\n");
    assert_eq!(codes(&c.diagnostics(uri, 1)), vec![("heading-gap".to_string(), 1)]);
    // UTF-8 column 10 is inside "ế" (bytes 9..12 of line 0).
    c.change(uri, 2, json!([{"range": {"start": {"line": 0, "character": 10}, "end": {"line": 0, "character": 10}}, "text": "x"}]));
    let log = c
        .wait_for(|m| m["method"] == "window/logMessage" && m["params"]["type"] == 1)
        .expect("the refused edit is reported");
    assert!(log["params"]["message"].as_str().unwrap().contains("inside a character"), "{log}");
    // The document is unchanged and the next valid edit (same version number) applies.
    c.change(uri, 2, json!([{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 1}}, "text": "2"}]));
    assert!(c.diagnostics(uri, 2).is_empty());
    let syms = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert_eq!(names(&syms), vec!["Kinh tế", "Xã hội"]);

    // In UTF-16, a position inside a surrogate pair is refused too.
    let mut c = Client::start();
    c.initialize(caps(false, false));
    c.open(uri, "baocao", "𝟙 1. A\n");
    c.diagnostics(uri, 1);
    c.change(uri, 2, json!([{"range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 1}}, "text": "x"}]));
    assert!(c.wait_for(|m| m["method"] == "window/logMessage" && m["params"]["type"] == 1).is_some());
    assert!(c.is_alive());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn pull_diagnostics_when_the_client_asks_for_them() {
    let mut c = Client::start();
    let r = c.initialize(caps(false, true));
    assert!(r["capabilities"]["diagnosticProvider"].is_object());
    c.open(URI, "plaintext", &corpus("cam-giang-2021.txt"));
    let rep = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}}));
    assert_eq!(rep["kind"], "full");
    assert_eq!(codes(rep["items"].as_array().unwrap()), vec![("heading-duplicate".to_string(), 221)]);
    let again = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}, "previousResultId": rep["resultId"]}));
    assert_eq!(again["kind"], "unchanged");
    // Nothing is pushed to a pull client.
    assert!(c.inbox.iter().all(|m| m["method"] != "textDocument/publishDiagnostics"));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn folding_and_workspace_symbols() {
    let mut c = Client::start();
    c.initialize(caps(false, false));
    c.open(URI, "plaintext", &corpus("cam-giang-2021.txt"));
    c.diagnostics(URI, 1);
    let folds = c.request("textDocument/foldingRange", json!({"textDocument": {"uri": URI}}));
    let part1 = folds.as_array().unwrap().iter().find(|f| f["startLine"] == 9).expect("fold of Phần thứ nhất");
    assert_eq!(part1["endLine"], 233);
    let ws = c.request("workspace/symbol", json!({"query": "giao duc"}));
    let found: Vec<&str> = ws.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(found.contains(&"Giáo dục - đào tạo"), "{found:?}");
    assert!(found.contains(&"Công tác giáo dục"), "{found:?}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_readme_is_not_a_report() {
    let mut c = Client::start();
    c.initialize(caps(false, false));
    let uri = "file:///tmp/README.md";
    c.open(uri, "markdown", "# Dự án\n\n## 1. Cài đặt\n\n## 3. Chạy thử\n");
    assert!(c.diagnostics(uri, 1).is_empty());
    let syms = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert!(syms.is_null());
    // Forced on by a comment: now the gap is reported.
    c.change(uri, 2, json!([{"text": "<!-- baocao-ls on -->\n## 1. Cài đặt\n\n## 3. Chạy thử\n"}]));
    assert_eq!(codes(&c.diagnostics(uri, 2)), vec![("heading-gap".to_string(), 3)]);
    assert_eq!(c.shutdown(), 0);
}

/// No fixed delay, no piling up: a burst of keystrokes written while an analysis runs costs one
/// more analysis, of the last version, and nothing is published for the versions in between
/// once a later one is out.
#[test]
fn a_burst_of_edits_costs_at_most_two_publishes_the_last_for_the_last_version() {
    let mut c = Client::start();
    c.initialize(caps(false, false));
    let uri = "file:///tmp/big.baocao";
    let base = corpus("cam-giang-2021.txt");
    // About 1 MB: its analysis takes far longer than the burst takes to arrive.
    let text = vec![base.as_str(); (1 << 20) / base.len() + 1].join("\n");
    c.open(uri, "baocao", &text);
    c.diagnostics(uri, 1);
    for v in 2..12i64 {
        c.change(uri, v, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]));
    }
    c.diagnostics(uri, 11);
    // A request answered after the last publish: anything still queued has arrived by then.
    let _ = c.request("textDocument/foldingRange", json!({"textDocument": {"uri": uri}}));
    let published: Vec<i64> = c
        .inbox
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    // The publish for v11 was taken out of the inbox; at most one other, for an earlier version.
    assert!(published.len() <= 1, "publishes besides v11: {published:?}");
    assert!(published.iter().all(|&v| (2..11).contains(&v)), "{published:?}");
    assert_eq!(c.shutdown(), 0);
}

/// A pull client is answered from the analysis of the latest version.
#[test]
fn pulled_diagnostics_are_those_of_the_latest_version() {
    let mut c = Client::start();
    c.initialize(caps(false, true));
    let uri = "file:///tmp/pull.baocao";
    c.open(uri, "baocao", "1. A\n2. B\n3. C\n");
    let rep = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
    assert!(rep["items"].as_array().unwrap().is_empty(), "{rep}");
    // `2.` becomes `4.`: a gap, then an order problem.
    c.change(uri, 2, json!([{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 1}}, "text": "4"}]));
    let rep = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
    let got: Vec<&str> = rep["items"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(got, ["heading-gap", "heading-order"], "{rep}");
    assert_eq!(c.shutdown(), 0);
}

/// The outline is answered from JSON encoded once per version: asked again it is the same, after
/// an edit it is the new version's; a client without hierarchical symbols gets a flat list.
#[test]
fn the_outline_asked_again_and_after_an_edit() {
    let mut c = Client::start();
    c.initialize(caps(false, false));
    let uri = "file:///tmp/outline.baocao";
    c.open(uri, "baocao", "I. KINH TẾ\n1. Nông nghiệp\n1.1. Trồng trọt\nII. XÃ HỘI\n");
    let first = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert_eq!(names(&first), ["KINH TẾ", "XÃ HỘI"]);
    assert_eq!(names(&first[0]["children"][0]["children"]), ["Trồng trọt"]);
    let again = c.request_full("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert_eq!(again["result"], first);
    assert_eq!(again["jsonrpc"], "2.0");
    c.change(uri, 2, json!([{"range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 0}}, "text": "III. AN NINH\n"}]));
    let after = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert_eq!(names(&after), ["KINH TẾ", "XÃ HỘI", "AN NINH"]);
    // Unknown document: null; no document at all: an error from the params.
    assert!(c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": "file:///nope.txt"}})).is_null());
    assert!(c.request_full("textDocument/documentSymbol", json!({})).get("error").is_some());
    assert_eq!(c.shutdown(), 0);

    let mut c = Client::start();
    let mut flat_caps = caps(false, false);
    flat_caps["textDocument"]["documentSymbol"] = json!({});
    c.initialize(flat_caps);
    c.open(uri, "baocao", "I. KINH TẾ\n1. Nông nghiệp\n");
    let flat = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert_eq!(names(&flat), ["KINH TẾ", "Nông nghiệp"]);
    assert_eq!(flat[1]["containerName"], "KINH TẾ");
    assert_eq!(c.shutdown(), 0);
}
