//! A guard in front of the JSON-RPC decoder.
//!
//! tower-lsp-server's framed reader stops for good after the first undecodable message (tokio's
//! `FramedRead` ends the stream after an error), so one bad message would end the session. This
//! task reads the real stdin, re-frames every message, and replaces a body that is not JSON by a
//! request to `baocao/parseError`, and a JSON body that is not a JSON-RPC message by a request to
//! `baocao/invalidRequest` (keeping its id when it has one). Those two methods answer with the
//! standard errors (-32700 and -32600), so the client gets its error and the server goes on.
//! Header blocks without a usable `Content-Length` are skipped.
//!
//! It is also where document notifications are applied, in the order the messages arrive:
//! `didOpen`, `didChange` and `didClose` are read here straight from the message (the document's
//! text is copied once, not three times as the generic decoder would) and applied to the
//! [`State`]; the server then receives a copy without the text, which only schedules the
//! diagnostics. tower-lsp handlers may run concurrently (tower-lsp#284), so applying edits in
//! a handler could reorder them; here they cannot be.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::ls_types::{Range, Uri};

use super::state::{State, SyncError};

/// Where the transport applies document notifications, and reports the ones it refuses.
pub struct Sync {
    pub state: Arc<State>,
    pub errors: tokio::sync::mpsc::UnboundedSender<SyncError>,
}

/// Messages larger than this are discarded (and answered as invalid requests).
pub const MAX_MESSAGE: usize = 256 << 20;

pub const PARSE_ERROR_METHOD: &str = "baocao/parseError";
pub const INVALID_REQUEST_METHOD: &str = "baocao/invalidRequest";

/// Copy framed messages from `input` to `output`, sanitising each (and applying document
/// notifications to `sync.state`). Returns at end of input.
pub async fn pump<R, W>(input: R, mut output: W, sync: Option<Sync>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut r = BufReader::with_capacity(1 << 16, input);
    loop {
        let Some(length) = read_header(&mut r).await else { return };
        let Some(len) = length else { continue };
        let body = if len > MAX_MESSAGE {
            // Drain and drop it.
            let mut left = len as u64;
            let mut sink = tokio::io::sink();
            let mut limited = (&mut r).take(left);
            match tokio::io::copy(&mut limited, &mut sink).await {
                Ok(n) => left -= n,
                Err(_) => return,
            }
            if left > 0 {
                return;
            }
            replacement(INVALID_REQUEST_METHOD, None)
        } else {
            let mut buf = vec![0u8; len];
            if r.read_exact(&mut buf).await.is_err() {
                return;
            }
            process(buf, sync.as_ref())
        };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err() || output.write_all(&body).await.is_err() {
            return;
        }
        let _ = output.flush().await;
    }
}

/// One header block (lines up to an empty line; empty lines before it are skipped): its
/// `Content-Length`, if it has a valid one. `None` at the end of the input.
async fn read_header<R: AsyncBufRead + Unpin>(r: &mut R) -> Option<Option<usize>> {
    let mut length = None;
    let mut saw_any = false;
    loop {
        let mut line = Vec::new();
        match r.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line);
        let t = text.trim();
        if t.is_empty() {
            if saw_any {
                return Some(length);
            }
            continue;
        }
        saw_any = true;
        if let Some((name, value)) = t.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
}

/// A message written to the client by the server itself, beside tower-lsp's own: its body in
/// parts (a cached part is shared, not copied).
#[derive(Debug)]
pub struct Frame(pub Vec<Part>);

/// A piece of a message's body.
#[derive(Debug)]
pub enum Part {
    Owned(Vec<u8>),
    Shared(Arc<[u8]>),
}

impl Part {
    fn bytes(&self) -> &[u8] {
        match self {
            Part::Owned(v) => v,
            Part::Shared(a) => a,
        }
    }
}

/// The one writer of the client's output: the messages tower-lsp writes to `from_server` (read
/// back frame by frame) and the [`Frame`]s sent on `frames`, each written whole, in the order
/// they are ready. Returns when both are closed or the output fails.
pub async fn write_out<R, W>(from_server: R, mut output: W, frames: tokio::sync::mpsc::UnboundedReceiver<Frame>)
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin,
{
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Frame>();
    // tower-lsp's messages, whole: reading them in a select would tear a message in two.
    let reader_tx = tx.clone();
    tokio::spawn(async move {
        let mut r = BufReader::with_capacity(1 << 16, from_server);
        loop {
            let Some(length) = read_header(&mut r).await else { return };
            let Some(len) = length else { continue };
            let mut body = vec![0u8; len];
            if r.read_exact(&mut body).await.is_err() || reader_tx.send(Frame(vec![Part::Owned(body)])).is_err() {
                return;
            }
        }
    });
    let mut frames = frames;
    tokio::spawn(async move {
        while let Some(f) = frames.recv().await {
            if tx.send(f).is_err() {
                return;
            }
        }
    });
    while let Some(Frame(parts)) = rx.recv().await {
        let len: usize = parts.iter().map(|p| p.bytes().len()).sum();
        let header = format!("Content-Length: {len}\r\n\r\n");
        if output.write_all(header.as_bytes()).await.is_err() {
            return;
        }
        for p in &parts {
            if output.write_all(p.bytes()).await.is_err() {
                return;
            }
        }
        let _ = output.flush().await;
    }
}

/// The shape of a JSON-RPC message, read without building the (possibly 10 MB) params: only
/// the small fields are kept, the rest is checked for syntax and skipped.
#[derive(serde::Deserialize)]
struct Shape {
    jsonrpc: Option<String>,
    method: Option<String>,
    #[serde(default, deserialize_with = "present")]
    id: Option<Value>,
    params: Option<ParamsShape>,
    #[serde(default, deserialize_with = "present_ignored")]
    result: Option<()>,
    #[serde(default, deserialize_with = "present_ignored")]
    error: Option<()>,
}

/// `params` may be an object, an array or null.
enum ParamsShape {
    Structured,
    Other,
}

impl<'de> serde::Deserialize<'de> for ParamsShape {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ParamsShape;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("params")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<ParamsShape, A::Error> {
                while m.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(ParamsShape::Structured)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut s: A) -> Result<ParamsShape, A::Error> {
                while s.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(ParamsShape::Structured)
            }
            fn visit_unit<E>(self) -> Result<ParamsShape, E> {
                Ok(ParamsShape::Structured)
            }
            fn visit_bool<E>(self, _: bool) -> Result<ParamsShape, E> {
                Ok(ParamsShape::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<ParamsShape, E> {
                Ok(ParamsShape::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<ParamsShape, E> {
                Ok(ParamsShape::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<ParamsShape, E> {
                Ok(ParamsShape::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<ParamsShape, E> {
                Ok(ParamsShape::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// A present field, even `null`, is `Some` (JSON-RPC distinguishes `"id": null` from no id).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    <Value as serde::Deserialize>::deserialize(d).map(Some)
}

fn present_ignored<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<()>, D::Error> {
    <serde::de::IgnoredAny as serde::Deserialize>::deserialize(d).map(|_| Some(()))
}

/// The body to pass on for one message: a replacement when it is not a JSON-RPC message;
/// otherwise the body itself, or, for a document notification applied to `sync`'s state, the
/// message without the document's text. One pass checks the message and reads its method; the
/// text of a document notification is read in a second (a 10 MB didOpen is read twice, no more).
pub fn process(body: Vec<u8>, sync: Option<&Sync>) -> Vec<u8> {
    match (check(&body), sync) {
        (Err(replacement), _) => replacement,
        (Ok(method), Some(sync)) => apply_document_notification(sync, body, method.as_deref()),
        (Ok(_), None) => body,
    }
}

/// Is `body` a JSON-RPC message? `Ok` with its method (if any) when it is, `Err` with the
/// replacement to pass on when it is not. One parse: a syntax error is a parse error, a JSON
/// value of the wrong shape an invalid request.
fn check(body: &[u8]) -> Result<Option<String>, Vec<u8>> {
    let shape = match serde_json::from_slice::<Shape>(body) {
        Ok(shape) => shape,
        // A field of the wrong type may be met before a syntax error further on: only a body
        // that is JSON throughout is an invalid request (a second pass, on this rare path only).
        Err(e) if e.is_data() && serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() => {
            return Err(replacement(INVALID_REQUEST_METHOD, None));
        }
        Err(_) => return Err(replacement(PARSE_ERROR_METHOD, None)),
    };
    let id = shape.id.as_ref().filter(|id| id.is_string() || id.is_number() || id.is_null());
    let is_request_or_notification = shape.method.is_some() && !matches!(shape.params, Some(ParamsShape::Other));
    let is_response = id.is_some() && (shape.result.is_some() || shape.error.is_some());
    if shape.jsonrpc.as_deref() == Some("2.0") && (is_request_or_notification || is_response) {
        if shape.id.is_some() && id.is_none() {
            return Err(replacement(INVALID_REQUEST_METHOD, None));
        }
        return Ok(shape.method);
    }
    Err(replacement(INVALID_REQUEST_METHOD, id.cloned()))
}

#[derive(Deserialize)]
struct Note<'a> {
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(borrow)]
    params: Option<NoteParams<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NoteParams<'a> {
    #[serde(borrow)]
    text_document: DocRef<'a>,
    #[serde(default, borrow)]
    content_changes: Vec<ChangeRef<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DocRef<'a> {
    uri: Uri,
    #[serde(default)]
    language_id: Option<String>,
    #[serde(default)]
    version: Option<i32>,
    #[serde(default, borrow)]
    text: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct ChangeRef<'a> {
    #[serde(default)]
    range: Option<Range>,
    #[serde(borrow)]
    text: Cow<'a, str>,
}

/// Apply `didOpen`/`didChange`/`didClose` (`method`, read by [`check`]) to the state; return
/// the message the server should still see (without the document's text), or the body
/// unchanged for any other message. The state only takes notifications once `initialize` has
/// been answered.
fn apply_document_notification(sync: &Sync, body: Vec<u8>, method: Option<&str>) -> Vec<u8> {
    const METHODS: [&str; 3] = ["textDocument/didOpen", "textDocument/didChange", "textDocument/didClose"];
    if !method.is_some_and(|m| METHODS.contains(&m)) || !sync.state.initialized.load(std::sync::atomic::Ordering::Acquire) {
        return body;
    }
    let Ok(note) = serde_json::from_slice::<Note>(&body) else { return body };
    let Some(p) = note.params else { return body };
    let td = p.text_document;
    let uri_json = serde_json::to_value(&td.uri).unwrap_or(Value::Null);
    match &*note.method {
        "textDocument/didOpen" => {
            let (Some(text), Some(version)) = (td.text, td.version) else { return body };
            let language_id = td.language_id.clone().unwrap_or_default();
            let uri = td.uri;
            let slimmed = slim(serde_json::json!({
                "jsonrpc": "2.0", "method": note.method,
                "params": {"textDocument": {"uri": uri_json, "languageId": language_id.clone(), "version": version, "text": ""}}
            }));
            match text {
                // The text had escapes (line breaks do): it was copied out of the message, so the
                // message can go before the document is built (a lower peak for a large file).
                Cow::Owned(text) => {
                    drop(body);
                    sync.state.open_document(uri, language_id, version, crate::document::Document::from_string(text));
                }
                Cow::Borrowed(text) => sync.state.open_text(uri, language_id, version, text),
            }
            slimmed
        }
        "textDocument/didChange" => {
            let Some(version) = td.version else { return body };
            let changes = p.content_changes.iter().map(|c| (c.range, &*c.text));
            if let Err(e) = sync.state.change_with(&td.uri, version, changes) {
                let _ = sync.errors.send(e);
            }
            slim(serde_json::json!({
                "jsonrpc": "2.0", "method": note.method,
                "params": {"textDocument": {"uri": uri_json, "version": version}, "contentChanges": []}
            }))
        }
        "textDocument/didClose" => {
            sync.state.close_uri(&td.uri);
            body
        }
        _ => body,
    }
}

fn slim(v: Value) -> Vec<u8> {
    serde_json::to_vec(&v).unwrap_or_default()
}

fn replacement(method: &str, id: Option<Value>) -> Vec<u8> {
    let id = id.unwrap_or(Value::Null);
    serde_json::to_vec(&serde_json::json!({"jsonrpc": "2.0", "id": id, "method": method})).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_bodies() {
        let ok = br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#.to_vec();
        assert_eq!(process(ok.clone(), None), ok);
        let note = br#"{"jsonrpc":"2.0","method":"exit"}"#.to_vec();
        assert_eq!(process(note.clone(), None), note);
        let resp = br#"{"jsonrpc":"2.0","id":3,"result":null}"#.to_vec();
        assert_eq!(process(resp.clone(), None), resp);
        let bad = process(b"{not json".to_vec(), None);
        assert!(String::from_utf8(bad).unwrap().contains(PARSE_ERROR_METHOD));
        let inv = String::from_utf8(process(br#"{"jsonrpc":"2.0","id":7,"foo":1}"#.to_vec(), None)).unwrap();
        assert!(inv.contains(INVALID_REQUEST_METHOD) && inv.contains("\"id\":7"), "{inv}");
        let arr = String::from_utf8(process(b"[1,2]".to_vec(), None)).unwrap();
        assert!(arr.contains(INVALID_REQUEST_METHOD));
        // A field of the wrong type, then broken JSON: a parse error, not an invalid request.
        let typed = String::from_utf8(process(br#"{"jsonrpc":5,"method":"x","params":{"#.to_vec(), None)).unwrap();
        assert!(typed.contains(PARSE_ERROR_METHOD), "{typed}");
        let typed = String::from_utf8(process(br#"{"jsonrpc":5,"method":"x"}"#.to_vec(), None)).unwrap();
        assert!(typed.contains(INVALID_REQUEST_METHOD), "{typed}");
        // Trailing bytes after the object are not JSON.
        let trailing = String::from_utf8(process(br#"{"jsonrpc":"2.0","method":"exit"} x"#.to_vec(), None)).unwrap();
        assert!(trailing.contains(PARSE_ERROR_METHOD), "{trailing}");
    }

    #[test]
    fn document_notifications_in_any_key_order_and_with_escaped_slashes() {
        // As Neovim writes them: `method` last, `/` escaped.
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let sync = Sync { state: Arc::new(State::default()), errors: tx };
        sync.state.initialized.store(true, std::sync::atomic::Ordering::Release);
        let big = "x".repeat(5000);
        let open = format!(r#"{{"params":{{"textDocument":{{"uri":"file:\/\/\/t.txt","version":0,"text":"{big}\nabc","languageId":"text"}}}},"method":"textDocument\/didOpen","jsonrpc":"2.0"}}"#);
        let slimmed = process(open.into_bytes(), Some(&sync));
        assert!(slimmed.len() < 400, "the text is taken out");
        let change = r#"{"method":"textDocument\/didChange","params":{"textDocument":{"uri":"file:\/\/\/t.txt","version":1},"contentChanges":[{"text":"Z","rangeLength":1,"range":{"start":{"character":0,"line":1},"end":{"character":1,"line":1}}}]},"jsonrpc":"2.0"}"#;
        process(change.as_bytes().to_vec(), Some(&sync));
        let e = sync.state.docs.get("file:///t.txt").expect("opened");
        assert_eq!(e.version, 1);
        assert_eq!(e.doc.rope().to_string(), format!("{big}\nZbc"));
        // Other messages pass untouched.
        let cfg = br#"{"method":"workspace\/didChangeConfiguration","params":{"settings":{}},"jsonrpc":"2.0"}"#.to_vec();
        assert_eq!(process(cfg.clone(), Some(&sync)), cfg);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn reframes_and_skips_garbage_headers() {
        let input = b"garbage line\r\n\r\nContent-Length: 9\r\n\r\n{not json}Content-Type: x\r\ncontent-length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}".to_vec();
        let mut out = Vec::new();
        pump(&input[..], &mut out, None).await;
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s.matches("Content-Length:").count(), 2, "{s}");
        assert!(s.contains(PARSE_ERROR_METHOD));
        assert!(s.ends_with("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"));
    }
}
