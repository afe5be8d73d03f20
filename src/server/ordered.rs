//! The exit guard around the service, and the outline's fast path.
//!
//! Document notifications are applied in arrival order by the transport (see
//! [`super::transport`]), before the service sees them. This layer makes sure the process
//! ends after `exit`: the transport stops reading at `exit` but then waits for every handler
//! still in flight, including any awaiting an answer from a client that is gone.
//!
//! It also answers `textDocument/documentSymbol` itself, once the server is initialized: the
//! result's JSON is encoded once per version and written whole to the output
//! ([`super::transport::write_out`]), where tower-lsp would turn every symbol into a
//! `serde_json::Value` at every request.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};

use tower::Service;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types::Uri;

use super::state::State;
use super::transport::{Frame, Part};

/// A boxed future, as tower-lsp's service returns (the same type as `futures`' `BoxFuture`).
type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

pub struct Ordered<S> {
    pub inner: S,
    pub state: Arc<State>,
    /// Where answers written by this layer go (`None`: every request goes to `inner`).
    pub out: Option<tokio::sync::mpsc::UnboundedSender<Frame>>,
}

impl<S> Service<Request> for Ordered<S>
where
    S: Service<Request, Response = Option<Response>, Future = BoxFuture<'static, Result<Option<Response>, <S as Service<Request>>::Error>>>,
    S::Error: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if req.method() == "exit" {
            // Exit for sure, after a moment for the last messages to be written.
            let code = if self.state.shutdown.load(Ordering::Acquire) { 0 } else { 1 };
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(200));
                std::process::exit(code);
            });
        }
        if let Some(answer) = self.outline(&req) {
            return answer;
        }
        self.inner.call(req)
    }
}

impl<S> Ordered<S> {
    /// The answer to a `documentSymbol` request, written by this layer; `None` for any other
    /// message, before `initialize` or after `shutdown` (tower-lsp answers those), or for params
    /// without a document (tower-lsp answers with its error).
    fn outline<E: Send + 'static>(&self, req: &Request) -> Option<BoxFuture<'static, Result<Option<Response>, E>>> {
        if req.method() != "textDocument/documentSymbol"
            || !self.state.initialized.load(Ordering::Acquire)
            || self.state.shutdown.load(Ordering::Acquire)
        {
            return None;
        }
        let id = serde_json::to_vec(req.id()?).ok()?;
        let uri = req.params()?.get("textDocument")?.get("uri")?;
        let uri: Uri = serde_json::from_value(uri.clone()).ok()?;
        let out = self.out.clone()?;
        let state = self.state.clone();
        Some(Box::pin(async move {
            let result = super::outline_json(&state, uri.as_str()).await;
            let parts = vec![
                Part::Owned(b"{\"jsonrpc\":\"2.0\",\"result\":".to_vec()),
                Part::Shared(result),
                Part::Owned([&b",\"id\":"[..], &id, b"}"].concat()),
            ];
            let _ = out.send(Frame(parts));
            Ok(None)
        }))
    }
}
