//! The exit guard around the service.
//!
//! Document notifications are applied in arrival order by the transport (see
//! [`super::transport`]), before the service sees them. This layer only makes sure the process
//! ends after `exit`: the transport stops reading at `exit` but then waits for every handler
//! still in flight, including any awaiting an answer from a client that is gone.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};

use tower::Service;
use tower_lsp_server::jsonrpc::{Request, Response};

use super::state::State;

pub struct Ordered<S> {
    pub inner: S,
    pub state: Arc<State>,
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
        if req.method() == "exit" {
            // Exit for sure, after a moment for the last messages to be written.
            let code = if self.state.shutdown.load(Ordering::Acquire) { 0 } else { 1 };
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(200));
                std::process::exit(code);
            });
        }
        self.inner.call(req)
    }
}
