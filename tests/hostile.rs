//! Hostile and messy input over the protocol. Each is answered with a clear error or an empty
//! result, and the server still serves the next request.

mod common;

use common::{caps, corpus, Client};
use serde_json::{json, Value};

fn alive(c: &mut Client) {
    let r = c.request_full("workspace/symbol", json!({"query": ""}));
    assert!(r.get("result").is_some(), "server stopped answering: {r}");
}

fn pos(line: u64, character: u64) -> Value {
    json!({"line": line, "character": character})
}

#[test]
fn bad_positions_and_unknown_documents() {
    let mut c = Client::start();
    c.initialize(caps(false, false));
    let uri = "file:///tmp/h.baocao";
    c.open(uri, "baocao", "1. Kinh tế\n𝟙 Thu 5 tỷ\n");
    c.diagnostics(uri, 1);
    for p in [pos(0, 999), pos(99, 0), pos(1, 1), pos(u32::MAX as u64, u32::MAX as u64)] {
        for method in ["textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion"] {
            let mut params = json!({"textDocument": {"uri": uri}, "position": p});
            if method == "textDocument/references" {
                params["context"] = json!({"includeDeclaration": true});
            }
            let r = c.request_full(method, params);
            assert!(r.get("error").is_some() || r["result"].is_null() || r["result"].is_array() || r["result"].is_object(), "{method} {p}: {r}");
        }
        let r = c.request_full(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": p, "end": p}, "context": {"diagnostics": []}}),
        );
        assert!(r.get("error").is_some() || r["result"].is_array() || r["result"].is_null(), "{r}");
        alive(&mut c);
    }
    // Unknown and closed documents: empty results.
    for u in ["file:///nowhere.txt", "untitled:Untitled-1"] {
        let r = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": u}}));
        assert!(r.is_null(), "{r}");
        let r = c.request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": pos(0, 0)}));
        assert!(r.is_null());
    }
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    let r = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert!(r.is_null());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn out_of_order_and_stale_changes_are_ignored() {
    let mut c = Client::start();
    c.initialize(caps(false, false));
    let uri = "file:///tmp/o.baocao";
    // didChange before didOpen.
    c.change(uri, 1, json!([{"text": "1. A\n"}]));
    assert!(c.wait_for(|m| m["method"] == "window/logMessage" && m["params"]["message"].as_str().unwrap_or("").contains("not open")).is_some());
    c.open(uri, "baocao", "1. A\n3. C\n");
    assert_eq!(c.diagnostics(uri, 1).len(), 1);
    c.change(uri, 5, json!([{"text": "1. A\n2. B\n"}]));
    assert!(c.diagnostics(uri, 5).is_empty());
    // An old version is ignored: the document keeps version 5's text.
    c.change(uri, 3, json!([{"text": "1. A\n9. Z\n"}]));
    assert!(c.wait_for(|m| m["method"] == "window/logMessage" && m["params"]["message"].as_str().unwrap_or("").contains("not newer")).is_some());
    let syms = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert_eq!(syms[1]["name"], "B");
    // A reversed range and a range past the end are refused without changing the text.
    c.change(uri, 6, json!([{"range": {"start": pos(1, 3), "end": pos(0, 0)}, "text": "x"}]));
    c.change(uri, 7, json!([{"range": {"start": pos(40, 0), "end": pos(41, 0)}, "text": "x"}]));
    let syms = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert_eq!(syms[1]["name"], "B");
    alive(&mut c);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn messy_text_is_served() {
    let mut c = Client::start();
    c.initialize(caps(false, false));
    let nfd: String = unicode_nfd("Phần thứ nhất\n1. Kinh tế\n3. Xã hội\n");
    let cases: Vec<(&str, String)> = vec![
        ("nul", "1. A\0B\n3. C \u{1}\u{7}\u{1b}[31m\n".to_string()),
        ("crlf", "1. A\r\n3. C\r\n".to_string()),
        ("lone-cr", "1. A\r3. C\r".to_string()),
        ("nfd", nfd),
        ("bom", "\u{feff}1. A\n3. C\n".to_string()),
        ("u2028", "1. A\u{2028}3. C\u{c}\n".to_string()),
        ("empty", String::new()),
    ];
    for (i, (name, text)) in cases.iter().enumerate() {
        let uri = format!("file:///tmp/messy-{name}.baocao");
        c.open(&uri, "baocao", text);
        let d = c.diagnostics(&uri, 1);
        if *name != "empty" && *name != "u2028" {
            // `3.` after `1.`: one gap, at the `3.` (U+2028 is not a line break in LSP).
            assert!(d.iter().any(|x| x["code"] == "heading-gap"), "{name}: {d:?}");
        }
        let _ = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
        let _ = c.request("textDocument/foldingRange", json!({"textDocument": {"uri": uri}}));
        let _ = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": pos(0, 1)}));
        c.change(&uri, 2, json!([{"range": {"start": pos(0, 0), "end": pos(0, 0)}, "text": format!("x{i}\r")}]));
        c.diagnostics(&uri, 2);
    }
    // In UTF-16, a BOM counts one unit: the `3.` of "\u{feff}1. A\n3. C" is at line 1, col 0.
    alive(&mut c);
    assert_eq!(c.shutdown(), 0);
}

fn unicode_nfd(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().collect()
}

#[test]
fn a_five_megabyte_single_line() {
    let mut c = Client::start();
    c.initialize(caps(false, false));
    let uri = "file:///tmp/long.baocao";
    let mut line = String::from("1. Kinh tế: ");
    while line.len() < 5_000_000 {
        line.push_str("Thu ngân sách 3.368 triệu đồng, đạt 194,89% (kế hoạch 1.728 triệu đồng); tỷ lệ 121/130 hộ ");
    }
    c.open(uri, "baocao", &line);
    c.diagnostics(uri, 1);
    let end = line.encode_utf16().count() as u64;
    c.change(uri, 2, json!([{"range": {"start": pos(0, end), "end": pos(0, end)}, "text": "\n3. Xã hội\n"}]));
    let d = c.diagnostics(uri, 2);
    assert!(d.iter().any(|x| x["code"] == "heading-gap"));
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": pos(0, end - 3)}));
    let _ = r;
    alive(&mut c);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn invalid_json_and_unknown_methods() {
    let mut c = Client::start();
    c.initialize(caps(false, false));
    c.send_raw(b"{this is not json");
    let err = c.wait_for(|m| m.get("error").is_some() && m["id"].is_null()).expect("a parse error response");
    assert_eq!(err["error"]["code"], -32700);
    alive(&mut c);
    // JSON that is not a JSON-RPC message: an invalid request, answered with its id.
    c.send_raw(br#"{"jsonrpc":"2.0","id":99,"foo":1}"#);
    let err = c.wait_for(|m| m["id"] == 99 && m.get("error").is_some()).expect("an invalid request response");
    assert_eq!(err["error"]["code"], -32600);
    // A field of the wrong type, then broken JSON: still a parse error.
    c.send_raw(br#"{"jsonrpc":5,"id":100,"method":"x","params":{"#);
    let err = c.wait_for(|m| m.get("error").is_some() && m["id"].is_null()).expect("a parse error response");
    assert_eq!(err["error"]["code"], -32700);
    alive(&mut c);
    let r = c.request_full("baocao/doesNotExist", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    c.notify("$/unknownNotification", json!({}));
    c.notify("textDocument/didOpen", json!({"textDocument": 42}));
    let r = c.request_full("textDocument/hover", json!({"nonsense": true}));
    assert!(r.get("error").is_some());
    alive(&mut c);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn fifty_documents_open_and_edited_at_once() {
    let mut c = Client::start();
    c.initialize(caps(false, false));
    let texts = [corpus("khe-tre-2020.txt"), corpus("huong-tra-2021.txt"), corpus("cam-giang-2021.txt")];
    let uris: Vec<String> = (0..50).map(|i| format!("file:///tmp/many/{i}.txt")).collect();
    for (i, u) in uris.iter().enumerate() {
        c.open(u, "plaintext", &texts[i % 3]);
    }
    for round in 0..5i64 {
        for u in &uris {
            c.change(u, 2 + round, json!([{"range": {"start": pos(0, 0), "end": pos(0, 0)}, "text": "Phần thứ nhất\n"}]));
        }
    }
    for (i, u) in uris.iter().enumerate() {
        let d = c.diagnostics(u, 6);
        // Five `Phần thứ nhất` lines on top: duplicates of the part number are reported.
        assert!(d.iter().any(|x| x["code"] == "heading-duplicate"), "{i}: {d:?}");
    }
    alive(&mut c);
    assert_eq!(c.shutdown(), 0);
}
