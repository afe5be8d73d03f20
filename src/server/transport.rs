//! A guard in front of the JSON-RPC decoder.
//!
//! tower-lsp-server's framed reader stops for good after the first undecodable message (tokio's
//! `FramedRead` ends the stream after an error), so one bad message would end the session. This
//! task reads the real stdin, re-frames every message, and replaces a body that is not JSON by a
//! request to `baocao/parseError`, and a JSON body that is not a JSON-RPC message by a request to
//! `baocao/invalidRequest` (keeping its id when it has one). Those two methods answer with the
//! standard errors (-32700 and -32600), so the client gets its error and the server goes on.
//! Header blocks without a usable `Content-Length` are skipped.

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// Messages larger than this are discarded (and answered as invalid requests).
pub const MAX_MESSAGE: usize = 256 << 20;

pub const PARSE_ERROR_METHOD: &str = "baocao/parseError";
pub const INVALID_REQUEST_METHOD: &str = "baocao/invalidRequest";

/// Copy framed messages from `input` to `output`, sanitising each. Returns at end of input.
pub async fn pump<R, W>(input: R, mut output: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut r = BufReader::with_capacity(1 << 16, input);
    loop {
        // Header block: lines up to an empty line.
        let mut length: Option<usize> = None;
        let mut saw_any = false;
        loop {
            let mut line = Vec::new();
            match r.read_until(b'\n', &mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let text = String::from_utf8_lossy(&line);
            let t = text.trim();
            if t.is_empty() {
                if saw_any {
                    break;
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
            sanitise(buf)
        };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err() || output.write_all(&body).await.is_err() {
            return;
        }
        let _ = output.flush().await;
    }
}

/// The body to pass on: the original when it is a JSON-RPC message, a replacement otherwise.
pub fn sanitise(body: Vec<u8>) -> Vec<u8> {
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return replacement(PARSE_ERROR_METHOD, None);
    };
    let Some(obj) = v.as_object() else { return replacement(INVALID_REQUEST_METHOD, None) };
    let id = obj.get("id").filter(|id| id.is_string() || id.is_number() || id.is_null());
    let is_request_or_notification = obj.get("method").is_some_and(Value::is_string)
        && obj.get("params").is_none_or(|p| p.is_object() || p.is_array() || p.is_null());
    let is_response = id.is_some() && (obj.contains_key("result") || obj.contains_key("error"));
    if obj.get("jsonrpc").and_then(Value::as_str) == Some("2.0") && (is_request_or_notification || is_response) {
        if obj.get("id").is_some() && id.is_none() {
            return replacement(INVALID_REQUEST_METHOD, None);
        }
        return body;
    }
    replacement(INVALID_REQUEST_METHOD, id.cloned())
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
        assert_eq!(sanitise(ok.clone()), ok);
        let note = br#"{"jsonrpc":"2.0","method":"exit"}"#.to_vec();
        assert_eq!(sanitise(note.clone()), note);
        let resp = br#"{"jsonrpc":"2.0","id":3,"result":null}"#.to_vec();
        assert_eq!(sanitise(resp.clone()), resp);
        let bad = sanitise(b"{not json".to_vec());
        assert!(String::from_utf8(bad).unwrap().contains(PARSE_ERROR_METHOD));
        let inv = String::from_utf8(sanitise(br#"{"jsonrpc":"2.0","id":7,"foo":1}"#.to_vec())).unwrap();
        assert!(inv.contains(INVALID_REQUEST_METHOD) && inv.contains("\"id\":7"), "{inv}");
        let arr = String::from_utf8(sanitise(b"[1,2]".to_vec())).unwrap();
        assert!(arr.contains(INVALID_REQUEST_METHOD));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn reframes_and_skips_garbage_headers() {
        let input = b"garbage line\r\n\r\nContent-Length: 9\r\n\r\n{not json}Content-Type: x\r\ncontent-length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}".to_vec();
        let mut out = Vec::new();
        pump(&input[..], &mut out).await;
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s.matches("Content-Length:").count(), 2, "{s}");
        assert!(s.contains(PARSE_ERROR_METHOD));
        assert!(s.ends_with("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"));
    }
}
