//! What the server holds: the open documents, the settings and what was negotiated.
//!
//! Edits are applied here, synchronously and in arrival order (see [`super::ordered`]).
//! Requests never look at a document being edited: they take a [`Snapshot`], an immutable
//! analysis of one version, computed once per version and shared.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, RwLock};

use dashmap::DashMap;
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, Uri,
};

use super::config::{EnableMode, Settings};
use super::convert::{self, Encoding};
use crate::analysis::Analysis;
use crate::document::Document;

/// One open document.
#[derive(Debug)]
pub struct DocEntry {
    pub uri: Uri,
    pub language_id: String,
    pub version: i32,
    pub doc: Document,
    /// The analysis of `version`: computed once, by whoever asks first (the diagnostics task or
    /// a request); everyone else asking meanwhile waits for that computation instead of
    /// starting a second one (a 10 MB report would otherwise be analysed twice at once).
    cell: Arc<SnapshotCell>,
    /// Set when an edit was refused: the text may differ from the client's.
    pub out_of_sync: bool,
}

/// Where the analysis of one version is put once computed (`None`: the analysis failed).
type SnapshotCell = std::sync::OnceLock<Option<Arc<Snapshot>>>;

/// An immutable analysis of one version of a document.
#[derive(Debug)]
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    pub analysis: Analysis,
    /// False for a plain-text or Markdown file that is not a report: features stay silent.
    pub is_report: bool,
    /// The outline's JSON (the `documentSymbol` result), encoded once per version at the first
    /// request (see [`super::ordered`]).
    pub outline_json: std::sync::OnceLock<Arc<[u8]>>,
}

/// What the client can do, read once from `initialize`.
#[derive(Debug, Clone, Default)]
pub struct ClientFlags {
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    pub related_information: bool,
    pub configuration: bool,
    pub hierarchical_symbols: bool,
    pub markdown_hover: bool,
    pub snippets: bool,
    /// Completion items may carry Markdown documentation.
    pub completion_markdown: bool,
    pub code_action_literals: bool,
    /// The client understands `CodeAction.isPreferred`.
    pub preferred_actions: bool,
    pub inlay_hint_refresh: bool,
}

#[derive(Debug, Default)]
pub struct State {
    pub docs: DashMap<String, DocEntry>,
    pub settings: RwLock<Settings>,
    pub encoding: RwLock<Encoding>,
    pub client: RwLock<ClientFlags>,
    pub initialized: AtomicBool,
    /// `shutdown` was received (the exit code is 0 only then).
    pub shutdown: AtomicBool,
    /// Bumped at every settings change: part of the pull diagnostics' result id, so a client
    /// asking again after a change gets the new findings, not "unchanged".
    pub settings_generation: std::sync::atomic::AtomicU64,
}

/// Why a notification about a document was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncError {
    UnknownDocument(String),
    StaleVersion { uri: String, have: i32, got: i32 },
    BadRange { uri: String, reason: String },
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::UnknownDocument(u) => write!(f, "didChange for a document that is not open: {u}"),
            SyncError::StaleVersion { uri, have, got } => {
                write!(f, "ignored didChange for {uri}: version {got} is not newer than {have}")
            }
            SyncError::BadRange { uri, reason } => {
                write!(f, "refused an edit to {uri}: {reason}; the document may now be out of sync, reopen it")
            }
        }
    }
}

impl State {
    pub fn encoding(&self) -> Encoding {
        self.encoding.read().map(|e| *e).unwrap_or_default()
    }

    pub fn settings(&self) -> Settings {
        self.settings.read().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn flags(&self) -> ClientFlags {
        self.client.read().map(|c| c.clone()).unwrap_or_default()
    }

    pub fn open(&self, p: DidOpenTextDocumentParams) {
        let td = p.text_document;
        self.open_text(td.uri, td.language_id, td.version, &td.text);
    }

    /// Open a document from borrowed text (the transport reads it straight from the message).
    pub fn open_text(&self, uri: Uri, language_id: String, version: i32, text: &str) {
        self.open_document(uri, language_id, version, Document::new(text));
    }

    /// Open a document already built (from text the caller owned, see
    /// [`Document::from_string`]).
    pub fn open_document(&self, uri: Uri, language_id: String, version: i32, doc: Document) {
        let key = uri.as_str().to_string();
        // A byte-order mark is not text; but positions count it, so it stays in the rope.
        self.docs.insert(key, DocEntry { uri, language_id, version, doc, cell: Arc::default(), out_of_sync: false });
    }

    pub fn close(&self, p: DidCloseTextDocumentParams) -> Option<Uri> {
        self.close_uri(&p.text_document.uri)
    }

    pub fn close_uri(&self, uri: &Uri) -> Option<Uri> {
        self.docs.remove(uri.as_str()).map(|(_, e)| e.uri)
    }

    /// Apply a didChange: all content changes in order, atomically (all or nothing).
    pub fn change(&self, p: DidChangeTextDocumentParams) -> Result<(), SyncError> {
        let changes: Vec<(Option<tower_lsp_server::ls_types::Range>, &str)> =
            p.content_changes.iter().map(|c| (c.range, c.text.as_str())).collect();
        self.change_with(&p.text_document.uri, p.text_document.version, changes)
    }

    /// Apply content changes given as (range, text), in order, atomically (all or nothing).
    pub fn change_with<'t>(
        &self,
        uri: &Uri,
        version: i32,
        changes: impl IntoIterator<Item = (Option<tower_lsp_server::ls_types::Range>, &'t str)>,
    ) -> Result<(), SyncError> {
        let key = uri.as_str().to_string();
        let enc = self.encoding();
        let mut entry = self.docs.get_mut(&key).ok_or_else(|| SyncError::UnknownDocument(key.clone()))?;
        if version <= entry.version {
            return Err(SyncError::StaleVersion { uri: key, have: entry.version, got: version });
        }
        // Work on a copy so a bad change in the middle of a batch leaves the document intact.
        let mut doc = entry.doc.clone();
        for (range, text) in changes {
            match range {
                None => doc = Document::new(text),
                Some(r) => {
                    let range = convert::offsets(doc.rope(), r, enc)
                        .map_err(|e| SyncError::BadRange { uri: key.clone(), reason: e.to_string() })?;
                    if range.start > range.end {
                        return Err(SyncError::BadRange { uri: key.clone(), reason: "the range is reversed".into() });
                    }
                    doc.edit(range, text).map_err(|e| SyncError::BadRange { uri: key.clone(), reason: e.to_string() })?;
                }
            }
        }
        entry.doc = doc;
        entry.version = version;
        entry.cell = Arc::default();
        entry.out_of_sync = false;
        Ok(())
    }

    pub fn version(&self, key: &str) -> Option<i32> {
        self.docs.get(key).map(|e| e.version)
    }

    /// The analysis of the current version of a document, if it is already computed.
    pub fn cached(&self, key: &str) -> Option<Arc<Snapshot>> {
        self.docs.get(key)?.cell.get().cloned().flatten()
    }

    /// The analysis of the current version of a document (computed at most once per version:
    /// a caller arriving while it is computed waits for it). Blocks: call it from a blocking
    /// thread unless [`State::cached`] has it.
    pub fn snapshot(&self, key: &str) -> Option<Arc<Snapshot>> {
        let (cell, doc, uri, version, language_id) = {
            let e = self.docs.get(key)?;
            if let Some(done) = e.cell.get() {
                return done.clone();
            }
            (e.cell.clone(), e.doc.clone(), e.uri.clone(), e.version, e.language_id.clone())
        };
        // Analyse outside the map's lock: edits to this document are not blocked meanwhile.
        cell.get_or_init(|| {
            let settings = self.settings();
            // A bug in a check must not take the server down: the document is then served
            // without an analysis (empty results) and the panic is reported on stderr by the hook.
            let analysis =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Analysis::new(&doc, &settings.analysis))).ok()?;
            let is_report = decide_report(&analysis, &language_id, settings.enable);
            Some(Arc::new(Snapshot { uri, version, analysis, is_report, outline_json: Default::default() }))
        })
        .clone()
    }

    /// Forget every cached analysis (after a settings change).
    pub fn invalidate(&self) {
        self.settings_generation.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        for mut e in self.docs.iter_mut() {
            e.cell = Arc::default();
        }
    }

    pub fn keys(&self) -> Vec<String> {
        self.docs.iter().map(|e| e.key().clone()).collect()
    }
}

/// Is this document a report? `baocao` files are; plain text and Markdown when the user says
/// so (setting or comment) or when the text looks like one.
pub fn decide_report(a: &Analysis, language_id: &str, mode: EnableMode) -> bool {
    if mode == EnableMode::Never {
        return false;
    }
    if let Some(on) = a.enable_override() {
        return on;
    }
    if language_id == "baocao" || mode == EnableMode::Always {
        return true;
    }
    a.looks_like_report()
}
