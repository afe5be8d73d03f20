//! A small LSP client for end-to-end tests: it starts the built `baocao-ls` binary and speaks
//! framed JSON-RPC over its stdin/stdout, like an editor does.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<(Instant, Value)>,
    next_id: i64,
    /// When the last message [`Client::wait_for`] returned was read off the pipe, before it was
    /// parsed (benchmarks time the server with it, not the client's JSON parsing).
    pub last_arrival: Option<Instant>,
    /// Messages from the server not yet consumed (notifications, server requests).
    pub inbox: Vec<Value>,
}

pub fn corpus(name: &str) -> String {
    let path = format!("{}/tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

impl Client {
    pub fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_baocao-ls"))
            .arg("--stdio")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start baocao-ls");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let l = line.trim_end();
                    if l.is_empty() {
                        break;
                    }
                    if let Some(v) = l.strip_prefix("Content-Length:") {
                        len = v.trim().parse::<usize>().ok();
                    }
                }
                let Some(len) = len else { return };
                let mut buf = vec![0; len];
                if r.read_exact(&mut buf).is_err() {
                    return;
                }
                let arrived = Instant::now();
                let Ok(v) = serde_json::from_slice::<Value>(&buf) else { return };
                if tx.send((arrived, v)).is_err() {
                    return;
                }
            }
        });
        Client { child, stdin, rx, next_id: 0, last_arrival: None, inbox: Vec::new() }
    }

    pub fn send_raw(&mut self, body: &[u8]) {
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        self.stdin.write_all(header.as_bytes()).expect("write header");
        self.stdin.write_all(body).expect("write body");
        self.stdin.flush().expect("flush");
    }

    pub fn send(&mut self, v: &Value) {
        self.send_raw(serde_json::to_string(v).expect("json").as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response (the whole response object).
    pub fn request_full(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .unwrap_or_else(|| panic!("no response to {method}"))
    }

    /// Send a request and return its `result` (panics on an error response).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.request_full(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// Wait for a message matching `pred`, answering server requests on the way.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.inbox.iter().position(&pred) {
            self.last_arrival = Some(Instant::now());
            return Some(self.inbox.remove(i));
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.rx.recv_timeout(left) {
                Ok((arrived, m)) => {
                    if pred(&m) {
                        self.last_arrival = Some(arrived);
                        return Some(m);
                    }
                    // Answer requests from the server (configuration, refresh) like an editor.
                    if let (Some(id), Some(method)) = (m.get("id").cloned(), m.get("method").and_then(Value::as_str)) {
                        let result = match method {
                            "workspace/configuration" => json!([null]),
                            _ => Value::Null,
                        };
                        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
                    }
                    self.inbox.push(m);
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Wait for `publishDiagnostics` for `uri` with the given version.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self
            .wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == json!(version)
            })
            .unwrap_or_else(|| panic!("no diagnostics for {uri} v{version}"));
        m["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub fn initialize(&mut self, caps: Value) -> Value {
        let r = self.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": caps}));
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, language_id: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}));
    }

    pub fn shutdown(mut self) -> i32 {
        let _ = self.request_full("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code().unwrap_or(-1);
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("server did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The server's peak resident memory (VmHWM), in kB (Linux).
    pub fn peak_memory_kb(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    pub fn is_alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Client capabilities of a typical editor: hierarchical symbols, related information, and
/// optionally UTF-8 positions or pull diagnostics.
pub fn caps(utf8: bool, pull: bool) -> Value {
    let mut c = json!({
        "textDocument": {
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
            "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "completion": {"completionItem": {"snippetSupport": true}},
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}}}
        },
        "workspace": {"configuration": true},
        "general": {"positionEncodings": if utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) }}
    });
    if pull {
        c["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
        c["workspace"]["diagnostics"] = json!({"refreshSupport": true});
    }
    c
}
