//! The LSP server: a thin layer mapping requests to the analysis.
//!
//! - [`state`] — open documents, settings, negotiated encoding; snapshots per version.
//! - [`ordered`] — document notifications applied in arrival order.
//! - [`convert`] — the one place converting byte offsets to LSP positions and back.
//! - [`proto`] — analysis results as LSP types.
//! - [`config`] — settings.

pub mod config;
pub mod convert;
pub mod ordered;
pub mod proto;
pub mod state;
pub mod transport;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use self::config::Settings;
use self::convert::Encoding;
use self::state::{ClientFlags, Snapshot, State};

pub struct Backend {
    client: Client,
    state: Arc<State>,
    /// Serialises publishing so an older version never overwrites a newer one.
    /// What was last published for each document: its version and the settings generation it
    /// was analysed under (after a settings change, the same version is published again).
    publish_lock: Arc<tokio::sync::Mutex<std::collections::HashMap<String, (i32, u64)>>>,
    /// The documents whose diagnostics are being computed (see [`Backend::schedule_diagnostics`]).
    running: Arc<std::sync::Mutex<std::collections::HashMap<String, Run>>>,
    /// Where published diagnostics are written, encoded straight to JSON (see [`publish`]);
    /// `None`: through tower-lsp's client.
    out: Option<tokio::sync::mpsc::UnboundedSender<transport::Frame>>,
}

/// Push diagnostics to the client: written straight to JSON on `out` when there is one (a
/// report with tens of thousands of findings is not first turned into a `serde_json::Value`
/// tree, as tower-lsp's client would), else through the client.
async fn publish(
    client: &Client,
    out: Option<&tokio::sync::mpsc::UnboundedSender<transport::Frame>>,
    uri: Uri,
    diagnostics: Vec<Diagnostic>,
    version: Option<i32>,
) {
    let Some(out) = out else {
        client.publish_diagnostics(uri, diagnostics, version).await;
        return;
    };
    #[derive(serde::Serialize)]
    struct Note<'a> {
        jsonrpc: &'a str,
        method: &'a str,
        params: PublishDiagnosticsParams,
    }
    let note = Note { jsonrpc: "2.0", method: "textDocument/publishDiagnostics", params: PublishDiagnosticsParams { uri, diagnostics, version } };
    if let Ok(body) = serde_json::to_vec(&note) {
        let _ = out.send(transport::Frame(vec![transport::Part::Owned(body)]));
    }
}

/// A document's diagnostics task: while it runs, edits only ask it for one more round.
#[derive(Debug, Default)]
struct Run {
    /// The document changed since the running analysis took its version: analyse again.
    again: bool,
}

/// Serve LSP over stdin/stdout until the client says `exit`.
pub fn run_stdio() {
    tune_malloc();
    // Two workers and at most two analysis threads: analyses of stale versions are skipped, and
    // every extra thread would keep its own allocator arena (memory).
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).max_blocking_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("baocao-ls: cannot start the async runtime: {e}");
            return;
        }
    };
    runtime.block_on(async {
        let state = Arc::new(State::default());
        let (errors_tx, mut errors_rx) = tokio::sync::mpsc::unbounded_channel();
        let st = state.clone();
        let (frames_tx, frames_rx) = tokio::sync::mpsc::unbounded_channel();
        let frames = frames_tx.clone();
        let (service, socket) = LspService::build(move |client| Backend {
            client,
            state: st,
            publish_lock: Default::default(),
            running: Default::default(),
            out: Some(frames),
        })
        .custom_method(transport::PARSE_ERROR_METHOD, Backend::parse_error)
        .custom_method(transport::INVALID_REQUEST_METHOD, Backend::invalid_request)
        .finish();
        // Refused edits are reported to the client's log from here.
        let client = service.inner().client.clone();
        tokio::spawn(async move {
            while let Some(e) = errors_rx.recv().await {
                client.log_message(MessageType::ERROR, format!("baocao-ls: {e}")).await;
            }
        });
        let sync = transport::Sync { state: state.clone(), errors: errors_tx };
        let service = ordered::Ordered { inner: service, state, out: Some(frames_tx) };
        // Bad messages are answered with an error instead of ending the session.
        let (reader, writer) = tokio::io::duplex(1 << 16);
        tokio::spawn(transport::pump(tokio::io::stdin(), writer, Some(sync)));
        // One writer of stdout for tower-lsp's messages and the answers written beside it.
        let (from_server, to_out) = tokio::io::duplex(1 << 16);
        let out = tokio::spawn(transport::write_out(from_server, tokio::io::stdout(), frames_rx));
        Server::new(reader, to_out, socket).serve(service).await;
        // Let the last messages out (a task still holding a sender must not keep the process).
        let _ = tokio::time::timeout(Duration::from_millis(200), out).await;
    });
    // Do not wait for blocking analysis threads still running for a document nobody wants.
    runtime.shutdown_timeout(Duration::from_millis(100));
}

/// glibc gives every thread that allocates its own arena (up to 8 per core) and keeps freed
/// memory in it: with the lexing and analysis threads, a 10 MB report's peak resident memory
/// doubled from one run to the next. Two arenas are plenty for this server. And a fixed mmap
/// threshold: glibc otherwise raises it to the size of the largest block freed (the 10 MB
/// `didOpen` message), after which the analyses' large tables come from the heap and stay
/// resident once freed (10 MB report, 20 edits: peak 73-84 MB without, 72-73 MB with).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_malloc() {
    extern "C" {
        fn mallopt(param: std::os::raw::c_int, value: std::os::raw::c_int) -> std::os::raw::c_int;
    }
    const M_ARENA_MAX: std::os::raw::c_int = -8;
    const M_MMAP_THRESHOLD: std::os::raw::c_int = -3;
    // SAFETY: mallopt only sets an allocator parameter; called once, before any other thread.
    unsafe {
        mallopt(M_ARENA_MAX, 2);
        mallopt(M_MMAP_THRESHOLD, 256 << 10);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_malloc() {}

fn flags_from(caps: &ClientCapabilities) -> ClientFlags {
    let td = caps.text_document.as_ref();
    ClientFlags {
        // Pull only from clients that can be asked to pull again after a settings change
        // (Neovim 0.10+ pulls but declares no refresh support: it gets pushed diagnostics).
        pull_diagnostics: td.and_then(|t| t.diagnostic.as_ref()).is_some()
            && caps.workspace.as_ref().and_then(|w| w.diagnostics.as_ref()).and_then(|d| d.refresh_support).unwrap_or(false),
        diagnostic_refresh: caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        related_information: td
            .and_then(|t| t.publish_diagnostics.as_ref())
            .and_then(|p| p.related_information)
            .unwrap_or(false)
            || td.and_then(|t| t.diagnostic.as_ref()).and_then(|d| d.related_document_support).unwrap_or(false),
        configuration: caps.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false),
        hierarchical_symbols: td
            .and_then(|t| t.document_symbol.as_ref())
            .and_then(|d| d.hierarchical_document_symbol_support)
            .unwrap_or(false),
        markdown_hover: td
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
        snippets: td
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false),
        completion_markdown: td
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.documentation_format.as_ref())
            .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
        preferred_actions: td.and_then(|t| t.code_action.as_ref()).and_then(|c| c.is_preferred_support).unwrap_or(false),
        code_action_literals: td
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.code_action_literal_support.as_ref())
            .is_some(),
        inlay_hint_refresh: caps
            .workspace
            .as_ref()
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|h| h.refresh_support)
            .unwrap_or(false),
    }
}

impl Backend {
    fn key(uri: &Uri) -> String {
        uri.as_str().to_string()
    }

    /// The analysis of a document's latest version: the one already computed, or computed on
    /// a blocking thread (waiting for the computation under way, if any) so that the async
    /// workers go on reading messages meanwhile.
    async fn snapshot(&self, key: &str) -> Option<Arc<Snapshot>> {
        if let Some(snap) = self.state.cached(key) {
            return Some(snap);
        }
        let (st, k) = (self.state.clone(), key.to_string());
        tokio::task::spawn_blocking(move || st.snapshot(&k)).await.ok().flatten()
    }

    /// A snapshot of a report, or `None` (unknown document, or not a report).
    async fn report(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.snapshot(&Self::key(uri)).await.filter(|s| s.is_report)
    }

    /// Answer for a message that was not JSON (see [`transport`]).
    async fn parse_error(&self) -> Result<()> {
        Err(Error::parse_error())
    }

    /// Answer for a JSON value that was not a JSON-RPC message (see [`transport`]).
    async fn invalid_request(&self) -> Result<()> {
        Err(Error::invalid_request())
    }

    /// A report's snapshot and the byte offset of a position in it. Positions past the end or
    /// inside a character give `None`: the request is answered with an empty result.
    async fn at(&self, uri: &Uri, pos: Position) -> Option<(Arc<Snapshot>, usize)> {
        let snap = self.report(uri).await?;
        let offset = convert::offset(snap.analysis.rope(), pos, self.state.encoding()).ok()?;
        Some((snap, offset))
    }

    /// Compute and push the diagnostics of `uri`'s latest version, at once when nothing is being
    /// computed for it. No fixed delay: while an analysis runs, edits go on being applied to the
    /// document (by the transport) and only mark the document changed; when the analysis ends,
    /// its result is published only if its version is still the latest, and one more analysis,
    /// of the latest version, runs if the document changed meanwhile. A burst of keystrokes so
    /// costs at most two analyses, the last one of the last version.
    fn schedule_diagnostics(&self, uri: Uri) {
        if self.state.flags().pull_diagnostics {
            return;
        }
        let key = Self::key(&uri);
        {
            let Ok(mut running) = self.running.lock() else { return };
            if let Some(run) = running.get_mut(&key) {
                run.again = true;
                return;
            }
            running.insert(key.clone(), Run::default());
        }
        let state = self.state.clone();
        let client = self.client.clone();
        let lock = self.publish_lock.clone();
        let running = self.running.clone();
        let out = self.out.clone();
        tokio::spawn(async move {
            loop {
                let (st, k) = (state.clone(), key.clone());
                // The analysis and the conversion to LSP both run off the async workers.
                let done = tokio::task::spawn_blocking(move || {
                    // Read before the analysis is taken: an analysis made under newer settings
                    // may be labelled older, never the reverse.
                    let generation = st.settings_generation.load(Ordering::Acquire);
                    let snap = st.snapshot(&k)?;
                    // Stale before it is even converted: the next round publishes.
                    (st.version(&k) == Some(snap.version)).then(|| (snap.version, generation, diagnostics(&st, &snap)))
                })
                .await;
                if let Ok(Some((version, generation, diags))) = done {
                    let mut published = lock.lock().await;
                    let stale = published.get(&key).is_some_and(|&p| p >= (version, generation))
                        || state.version(&key) != Some(version);
                    if !stale {
                        published.insert(key.clone(), (version, generation));
                        publish(&client, out.as_ref(), uri.clone(), diags, Some(version)).await;
                    }
                }
                let Ok(mut runs) = running.lock() else { return };
                match runs.get_mut(&key) {
                    Some(run) if run.again => run.again = false,
                    _ => {
                        runs.remove(&key);
                        return;
                    }
                }
            }
        });
    }

    async fn refresh_all(&self) {
        self.state.invalidate();
        let flags = self.state.flags();
        if flags.pull_diagnostics {
            if flags.diagnostic_refresh {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
        } else {
            for key in self.state.keys() {
                if let Some(e) = self.state.docs.get(&key) {
                    let uri = e.uri.clone();
                    drop(e);
                    self.publish_lock.lock().await.remove(&key);
                    self.schedule_diagnostics(uri);
                }
            }
        }
        if flags.inlay_hint_refresh {
            let _ = self.client.inlay_hint_refresh().await;
        }
    }

    async fn pull_configuration(&self) {
        if !self.state.flags().configuration {
            return;
        }
        let items = vec![ConfigurationItem { scope_uri: None, section: Some("baocao".to_string()) }];
        if let Ok(values) = self.client.configuration(items).await {
            if let Some(v) = values.into_iter().next() {
                if !v.is_null() {
                    if let Ok(mut s) = self.state.settings.write() {
                        s.update(&v);
                    }
                }
            }
        }
    }
}

/// The outline of a report: hierarchical, or flat for clients that do not take a tree.
fn outline(state: &State, snap: &Snapshot) -> DocumentSymbolResponse {
    let enc = state.encoding();
    let a = &snap.analysis;
    if state.flags().hierarchical_symbols {
        return DocumentSymbolResponse::Nested(proto::document_symbols(a.rope(), &a.structure, &a.tables, enc));
    }
    #[allow(deprecated)]
    let flat = proto::flat_symbols(&a.structure)
        .into_iter()
        .map(|(i, name, kind, parent)| SymbolInformation {
            name,
            kind,
            tags: None,
            deprecated: None,
            location: Location { uri: snap.uri.clone(), range: convert::range(a.rope(), a.structure.sections[i].range.clone(), enc) },
            container_name: parent.map(|p| a.structure.sections[p].name.clone()),
        })
        .collect();
    DocumentSymbolResponse::Flat(flat)
}

/// The JSON of the `documentSymbol` result for a document (`null` when it is not an open
/// report), encoded once per version: asking again costs nothing, and the outline is written
/// straight to JSON (no `serde_json::Value` tree of every symbol, which cost more time and
/// memory than the outline itself at 10 MB).
pub(crate) async fn outline_json(state: &Arc<State>, key: &str) -> Arc<[u8]> {
    let snap = match state.cached(key) {
        Some(s) => Some(s),
        None => {
            let (st, k) = (state.clone(), key.to_string());
            tokio::task::spawn_blocking(move || st.snapshot(&k)).await.ok().flatten()
        }
    };
    let Some(snap) = snap.filter(|s| s.is_report) else { return Arc::from(&b"null"[..]) };
    if let Some(json) = snap.outline_json.get() {
        return json.clone();
    }
    let st = state.clone();
    let encoded = tokio::task::spawn_blocking(move || {
        snap.outline_json
            .get_or_init(|| Arc::from(serde_json::to_vec(&outline(&st, &snap)).unwrap_or_else(|_| b"null".to_vec())))
            .clone()
    })
    .await;
    encoded.unwrap_or_else(|_| Arc::from(&b"null"[..]))
}

/// The diagnostics of a snapshot, in the negotiated encoding and the configured language.
fn diagnostics(state: &State, snap: &Snapshot) -> Vec<Diagnostic> {
    if !snap.is_report {
        return Vec::new();
    }
    let enc = state.encoding();
    let locale = state.settings().analysis.locale;
    let related = state.flags().related_information;
    let rope = snap.analysis.rope();
    snap.analysis.findings.iter().map(|f| proto::diagnostic(rope, &snap.uri, f, enc, locale, related)).collect()
}

fn invalid_params(msg: impl std::fmt::Display) -> Error {
    Error::invalid_params(msg.to_string())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let enc = Encoding::negotiate(
            params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()),
        );
        if let Ok(mut e) = self.state.encoding.write() {
            *e = enc;
        }
        let flags = flags_from(&params.capabilities);
        let pull = flags.pull_diagnostics;
        if let Ok(mut c) = self.state.client.write() {
            *c = flags;
        }
        if let Some(opts) = &params.initialization_options {
            if let Ok(mut s) = self.state.settings.write() {
                *s = Settings::from_json(opts);
            }
        }
        self.state.initialized.store(true, Ordering::Release);
        Ok(InitializeResult {
            server_info: Some(ServerInfo { name: "baocao-ls".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            capabilities: ServerCapabilities {
                position_encoding: Some(enc.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..Default::default()
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                definition_provider: Some(OneOf::Left(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                references_provider: Some(OneOf::Left(true)),
                // `.` and `)` end a heading number (`1.`, `1.2.`, `a)`): the next number and the
                // headings of that level are offered. Not space: it would pop a list up after
                // every word of a paragraph; the list is incomplete, so typing refines it.
                completion_provider: Some(CompletionOptions {
                    resolve_provider: Some(false),
                    trigger_characters: Some(vec![".".into(), ")".into()]),
                    ..Default::default()
                }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, proto::fix_all_kind()]),
                    resolve_provider: Some(false),
                    work_done_progress_options: Default::default(),
                })),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("baocao-ls".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        work_done_progress_options: Default::default(),
                    })
                }),
                ..Default::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let before = self.state.settings();
        self.pull_configuration().await;
        // Only when the settings changed: a new generation turns every pulled result id stale,
        // and a pull that raced with this handler would be answered "full" again for nothing.
        if self.state.settings() != before {
            self.state.invalidate();
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shutdown.store(true, Ordering::Release);
        Ok(())
    }

    // Document notifications were already applied, in order, by the transport (`transport.rs`).
    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.schedule_diagnostics(params.text_document.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.schedule_diagnostics(params.text_document.uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let key = Self::key(&params.text_document.uri);
        self.publish_lock.lock().await.remove(&key);
        if !self.state.flags().pull_diagnostics {
            publish(&self.client, self.out.as_ref(), params.text_document.uri, Vec::new(), None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if !params.settings.is_null() && params.settings.get("baocao").is_some() {
            if let Ok(mut s) = self.state.settings.write() {
                s.update(&params.settings);
            }
        } else {
            self.pull_configuration().await;
        }
        self.refresh_all().await;
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        // Usually answered by `ordered` from the cached JSON; this is the path for a request
        // that reaches tower-lsp (none does once initialized).
        let Some(snap) = self.report(&params.text_document.uri).await else { return Ok(None) };
        Ok(Some(outline(&self.state, &snap)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(snap) = self.report(&params.text_document.uri).await else { return Ok(None) };
        Ok(Some(proto::folding_ranges(&snap.analysis.structure)))
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        let query = crate::text::fold::fold_ascii(&params.query);
        let enc = self.state.encoding();
        let mut out = Vec::new();
        for key in self.state.keys() {
            let Some(snap) = self.snapshot(&key).await.filter(|s| s.is_report) else { continue };
            let a = &snap.analysis;
            for (i, name, kind, parent) in proto::flat_symbols(&a.structure) {
                let hay = crate::text::fold::fold_ascii(&format!("{} {}", a.structure.sections[i].number_text, name));
                if !query.is_empty() && !query.split_whitespace().all(|w| hay.contains(w)) {
                    continue;
                }
                #[allow(deprecated)]
                out.push(SymbolInformation {
                    name,
                    kind,
                    tags: None,
                    deprecated: None,
                    location: Location {
                        uri: snap.uri.clone(),
                        range: convert::range(a.rope(), a.structure.sections[i].selection.clone(), enc),
                    },
                    container_name: parent.map(|p| a.structure.sections[p].name.clone()),
                });
                if out.len() >= 500 {
                    break;
                }
            }
        }
        Ok(Some(WorkspaceSymbolResponse::Flat(out)))
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let key = Self::key(&params.text_document.uri);
        let items = match self.snapshot(&key).await {
            Some(snap) => {
                let generation = self.state.settings_generation.load(Ordering::Acquire);
                let result_id = format!("{}.{generation}", snap.version);
                if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
                    return Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
                        RelatedUnchangedDocumentDiagnosticReport {
                            related_documents: None,
                            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
                        },
                    )));
                }
                (Some(result_id), diagnostics(&self.state, &snap))
            }
            None => (None, Vec::new()),
        };
        Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: items.0, items: items.1 },
            },
        )))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some(snap) = self.report(&params.text_document.uri).await else { return Ok(None) };
        let enc = self.state.encoding();
        let settings = self.state.settings();
        let locale = settings.analysis.locale;
        let a = &snap.analysis;
        let rope = a.rope();
        let range = convert::offsets(rope, params.range, enc).map_err(invalid_params)?;
        let related = self.state.flags().related_information;
        let preferred = self.state.flags().preferred_actions;
        let only = params.context.only.as_ref();
        let wants = |kind: &CodeActionKind| {
            only.is_none_or(|o| o.iter().any(|k| kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str()))))
        };
        let mut actions = Vec::new();
        if wants(&CodeActionKind::QUICKFIX) {
            for f in &a.findings {
                // Findings touching the requested range (an empty range at the cursor counts).
                if f.range.start > range.end || f.range.end < range.start {
                    continue;
                }
                let diag = proto::diagnostic(rope, &snap.uri, f, enc, locale, related);
                for fix in &f.fixes {
                    actions.push(CodeActionOrCommand::CodeAction(proto::quick_fix(rope, &snap.uri, f, fix, diag.clone(), enc, locale, preferred)));
                }
            }
        }
        if wants(&proto::fix_all_kind()) {
            if let Some(fix) = crate::checks::fix_all(&a.findings) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.get(locale).to_string(),
                    kind: Some(proto::fix_all_kind()),
                    diagnostics: None,
                    edit: Some(proto::workspace_edit(rope, &snap.uri, &fix, enc)),
                    command: None,
                    is_preferred: None,
                    disabled: None,
                    data: None,
                }));
            }
        }
        Ok(Some(actions))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let tdp = params.text_document_position_params;
        let Some((snap, offset)) = self.at(&tdp.text_document.uri, tdp.position).await else { return Ok(None) };
        let a = &snap.analysis;
        let locale = self.state.settings().analysis.locale;
        let Some(card) = crate::ide::hover::hover(a, offset, locale) else { return Ok(None) };
        let kind = if self.state.flags().markdown_hover { MarkupKind::Markdown } else { MarkupKind::PlainText };
        let value = if kind == MarkupKind::Markdown { card.markdown } else { card.markdown.replace("**", "").replace('`', "") };
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind, value }),
            range: Some(convert::range(a.rope(), card.range, self.state.encoding())),
        }))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let tdp = params.text_document_position_params;
        let Some((snap, offset)) = self.at(&tdp.text_document.uri, tdp.position).await else { return Ok(None) };
        let a = &snap.analysis;
        let enc = self.state.encoding();
        let locs: Vec<Location> = crate::ide::navigation::definition(a, offset)
            .into_iter()
            .map(|r| Location { uri: snap.uri.clone(), range: convert::range(a.rope(), r, enc) })
            .collect();
        Ok((!locs.is_empty()).then_some(GotoDefinitionResponse::Array(locs)))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let tdp = params.text_document_position;
        let Some((snap, offset)) = self.at(&tdp.text_document.uri, tdp.position).await else { return Ok(None) };
        let a = &snap.analysis;
        let enc = self.state.encoding();
        // A footnote marker (or text) first; else the mentions of an indicator.
        let mut ranges = crate::ide::navigation::references(a, offset, params.context.include_declaration);
        if ranges.is_empty() {
            ranges = crate::ide::navigation::indicator_references(a, offset);
        }
        let locs: Vec<Location> = ranges
            .into_iter()
            .map(|r| Location { uri: snap.uri.clone(), range: convert::range(a.rope(), r, enc) })
            .collect();
        Ok((!locs.is_empty()).then_some(locs))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let tdp = params.text_document_position;
        let Some((snap, offset)) = self.at(&tdp.text_document.uri, tdp.position).await else { return Ok(None) };
        let flags = self.state.flags();
        let opts = crate::ide::completion::CompletionOptions {
            extra_headings: self.state.settings().extra_headings,
            snippets: flags.snippets,
            today: crate::ide::completion::today_vietnam(),
        };
        let a = &snap.analysis;
        let enc = self.state.encoding();
        let items = crate::ide::completion::complete(a, offset, &opts)
            .iter()
            .enumerate()
            .map(|(i, c)| proto::completion_item(a.rope(), c, i == 0, enc, flags.snippets, flags.completion_markdown))
            .collect();
        // Incomplete: the client asks again as the user types (accent-free and partial input
        // change what fits).
        Ok(Some(CompletionResponse::List(CompletionList { is_incomplete: true, items })))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(snap) = self.report(&params.text_document.uri).await else { return Ok(None) };
        let settings = self.state.settings();
        if !settings.inlay_hints {
            return Ok(Some(Vec::new()));
        }
        let enc = self.state.encoding();
        let a = &snap.analysis;
        let range = convert::offsets_lenient(a.rope(), params.range, enc);
        let hints = crate::ide::inlay::inlay_hints(a, range, settings.analysis.locale)
            .into_iter()
            .map(|h| proto::inlay_hint(a.rope(), h, enc))
            .collect();
        Ok(Some(hints))
    }

    async fn execute_command(&self, _: ExecuteCommandParams) -> Result<Option<Value>> {
        Err(Error::method_not_found())
    }
}
