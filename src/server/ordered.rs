//! Document notifications applied in arrival order.
//!
//! tower-lsp-server may run handlers concurrently (tower-lsp#284, tower-lsp-server#36), so two
//! `didChange` handlers could touch a document out of order. This layer wraps the service and
//! applies `didOpen`/`didChange`/`didClose` synchronously in `call`, which the transport invokes
//! once per message in the order the messages were read. The handlers then only schedule
//! diagnostics; they never edit.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};

use tower::Service;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
};

use super::state::{State, SyncError};

pub struct Ordered<S> {
    pub inner: S,
    pub state: Arc<State>,
    /// Where refused edits are reported (logged by the server, never a panic).
    pub errors: tokio::sync::mpsc::UnboundedSender<SyncError>,
}

impl<S> Service<Request> for Ordered<S>
where
    S: Service<Request, Response = Option<Response>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if self.state.initialized.load(Ordering::Acquire) {
            self.apply(&req);
        }
        if req.method() == "exit" {
            // The transport stops reading at `exit` but then waits for every handler still in
            // flight, including any awaiting an answer from a client that is gone. Exit for
            // sure, after a moment for the last messages to be written.
            let code = if self.state.shutdown.load(Ordering::Acquire) { 0 } else { 1 };
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(200));
                std::process::exit(code);
            });
        }
        self.inner.call(req)
    }
}

impl<S> Ordered<S> {
    fn apply(&self, req: &Request) {
        let Some(params) = req.params() else { return };
        match req.method() {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(params.clone()) {
                    self.state.open(p);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(params.clone()) {
                    if let Err(e) = self.state.change(p) {
                        let _ = self.errors.send(e);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(params.clone()) {
                    self.state.close(p);
                }
            }
            _ => {}
        }
    }
}
