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

/// How long to wait after an edit before computing diagnostics, so a burst of keystrokes costs
/// one analysis. Stale work is skipped: a scheduled run whose version is no longer current
/// does nothing.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

pub struct Backend {
    client: Client,
    state: Arc<State>,
    /// Serialises publishing so an older version never overwrites a newer one.
    publish_lock: Arc<tokio::sync::Mutex<std::collections::HashMap<String, i32>>>,
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
        let (service, socket) = LspService::build(move |client| Backend {
            client,
            state: st,
            publish_lock: Default::default(),
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
        let service = ordered::Ordered { inner: service, state };
        // Bad messages are answered with an error instead of ending the session.
        let (reader, writer) = tokio::io::duplex(1 << 16);
        tokio::spawn(transport::pump(tokio::io::stdin(), writer, Some(sync)));
        Server::new(reader, tokio::io::stdout(), socket).serve(service).await;
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

    /// A snapshot of a report, or `None` (unknown document, or not a report).
    fn report(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.state.snapshot(&Self::key(uri)).filter(|s| s.is_report)
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
    fn at(&self, uri: &Uri, pos: Position) -> Option<(Arc<Snapshot>, usize)> {
        let snap = self.report(uri)?;
        let offset = convert::offset(snap.analysis.rope(), pos, self.state.encoding()).ok()?;
        Some((snap, offset))
    }

    /// Compute and push diagnostics for `uri` after `delay` (the debounce for edits, none for a
    /// document just opened), unless a newer version arrives meanwhile (then that version's own
    /// run publishes).
    fn schedule_diagnostics(&self, uri: Uri, delay: Duration) {
        if self.state.flags().pull_diagnostics {
            return;
        }
        let key = Self::key(&uri);
        let Some(version) = self.state.version(&key) else { return };
        let state = self.state.clone();
        let client = self.client.clone();
        let lock = self.publish_lock.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            if state.version(&key) != Some(version) {
                return;
            }
            let st = state.clone();
            let k = key.clone();
            let Ok(Some(snap)) = tokio::task::spawn_blocking(move || st.snapshot(&k)).await else { return };
            if snap.version != version {
                return;
            }
            let diags = diagnostics(&state, &snap);
            let mut published = lock.lock().await;
            if published.get(&key).is_some_and(|&v| v >= version) || state.version(&key) != Some(version) {
                return;
            }
            published.insert(key, version);
            client.publish_diagnostics(uri, diags, Some(version)).await;
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
                    self.schedule_diagnostics(uri, DEBOUNCE);
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
        self.schedule_diagnostics(params.text_document.uri, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.schedule_diagnostics(params.text_document.uri, DEBOUNCE);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let key = Self::key(&params.text_document.uri);
        self.publish_lock.lock().await.remove(&key);
        if !self.state.flags().pull_diagnostics {
            self.client.publish_diagnostics(params.text_document.uri, Vec::new(), None).await;
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
        let Some(snap) = self.report(&params.text_document.uri) else { return Ok(None) };
        let enc = self.state.encoding();
        let a = &snap.analysis;
        if self.state.flags().hierarchical_symbols {
            return Ok(Some(DocumentSymbolResponse::Nested(proto::document_symbols(a.rope(), &a.structure, &a.tables, enc))));
        }
        #[allow(deprecated)]
        let flat = proto::flat_symbols(&a.structure)
            .into_iter()
            .map(|(i, name, kind, parent)| SymbolInformation {
                name,
                kind,
                tags: None,
                deprecated: None,
                location: Location {
                    uri: snap.uri.clone(),
                    range: convert::range(a.rope(), a.structure.sections[i].range.clone(), enc),
                },
                container_name: parent.map(|p| a.structure.sections[p].name.clone()),
            })
            .collect();
        Ok(Some(DocumentSymbolResponse::Flat(flat)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(snap) = self.report(&params.text_document.uri) else { return Ok(None) };
        Ok(Some(proto::folding_ranges(&snap.analysis.structure)))
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        let query = crate::text::fold::fold_ascii(&params.query);
        let enc = self.state.encoding();
        let mut out = Vec::new();
        for key in self.state.keys() {
            let Some(snap) = self.state.snapshot(&key).filter(|s| s.is_report) else { continue };
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
        let items = match self.state.snapshot(&key) {
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
        let Some(snap) = self.report(&params.text_document.uri) else { return Ok(None) };
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
        let Some((snap, offset)) = self.at(&tdp.text_document.uri, tdp.position) else { return Ok(None) };
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
        let Some((snap, offset)) = self.at(&tdp.text_document.uri, tdp.position) else { return Ok(None) };
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
        let Some((snap, offset)) = self.at(&tdp.text_document.uri, tdp.position) else { return Ok(None) };
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
        let Some((snap, offset)) = self.at(&tdp.text_document.uri, tdp.position) else { return Ok(None) };
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
        let Some(snap) = self.report(&params.text_document.uri) else { return Ok(None) };
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
