//! Mapping analysis results (byte offsets, sections, findings) to LSP types.

use std::collections::HashMap;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, CompletionTextEdit, Diagnostic,
    DiagnosticRelatedInformation, DiagnosticSeverity, DocumentSymbol, Documentation, FoldingRange, FoldingRangeKind,
    InlayHint, InlayHintLabel, InlayHintTooltip, InsertTextFormat, Location, MarkupContent, MarkupKind, NumberOrString,
    SymbolKind, TextEdit, Uri, WorkspaceEdit,
};

use super::convert::{self, Encoding};
use crate::checks::{Finding, Fix, Locale, Severity};
use crate::ide::completion::{Completion, CompletionKind};
use crate::tables::Tables;
use crate::syntax::structure::{SectionKind, Structure};

pub const SOURCE: &str = "baocao-ls";

/// Code action kind of "fix every certain finding in the file".
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.baocao")
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(
    rope: &Rope,
    uri: &Uri,
    f: &Finding,
    enc: Encoding,
    locale: Locale,
    related_supported: bool,
) -> Diagnostic {
    let mut message = f.message.get(locale).to_string();
    let related = if related_supported && !f.related.is_empty() {
        Some(
            f.related
                .iter()
                .map(|r| DiagnosticRelatedInformation {
                    location: Location { uri: uri.clone(), range: convert::range(rope, r.range.clone(), enc) },
                    message: r.message.get(locale).to_string(),
                })
                .collect(),
        )
    } else {
        // Clients without related information still learn where the other figures are.
        for r in &f.related {
            let p = convert::position(rope, r.range.start, enc);
            message.push_str(&format!("\n  ({}: dòng {})", r.message.get(locale), p.line + 1));
        }
        None
    };
    Diagnostic {
        range: convert::range(rope, f.range.clone(), enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: related,
        tags: None,
        data: None,
    }
}

pub fn workspace_edit(rope: &Rope, uri: &Uri, fix: &Fix, enc: Encoding) -> WorkspaceEdit {
    let edits = fix
        .edits
        .iter()
        .map(|e| TextEdit { range: convert::range(rope, e.range.clone(), enc), new_text: e.new_text.clone() })
        .collect();
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    WorkspaceEdit { changes: Some(changes), document_changes: None, change_annotations: None }
}

/// A quick fix carrying its edit. `preferred_support`: the client understands `isPreferred`.
#[allow(clippy::too_many_arguments)]
pub fn quick_fix(
    rope: &Rope,
    uri: &Uri,
    f: &Finding,
    fix: &Fix,
    diag: Diagnostic,
    enc: Encoding,
    locale: Locale,
    preferred_support: bool,
) -> CodeAction {
    CodeAction {
        title: fix.title.get(locale).to_string(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diag]),
        edit: Some(workspace_edit(rope, uri, fix, enc)),
        command: None,
        is_preferred: preferred_support.then_some(fix.certain && f.fixes.len() == 1),
        disabled: None,
        data: None,
    }
}

fn symbol_kind(k: SectionKind) -> SymbolKind {
    match k {
        SectionKind::Header => SymbolKind::FILE,
        SectionKind::Part => SymbolKind::MODULE,
        SectionKind::Group => SymbolKind::NAMESPACE,
        SectionKind::Roman => SymbolKind::PACKAGE,
        SectionKind::Numbered => SymbolKind::NUMBER,
        SectionKind::Lettered => SymbolKind::ENUM_MEMBER,
        SectionKind::Label => SymbolKind::EVENT,
        SectionKind::Unnumbered => SymbolKind::STRING,
        SectionKind::Recipients => SymbolKind::ARRAY,
        SectionKind::Signature => SymbolKind::CONSTANT,
    }
}

/// Display name of a section: LSP requires a non-empty name.
pub fn section_name(name: &str, number: &str) -> String {
    let n = name.trim();
    if !n.is_empty() {
        n.to_string()
    } else if !number.trim().is_empty() {
        number.trim().to_string()
    } else {
        "(không tên)".to_string()
    }
}

/// The hierarchical outline.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be set.
pub fn document_symbols(rope: &Rope, s: &Structure, tables: &Tables, enc: Encoding) -> Vec<DocumentSymbol> {
    // Each table under the innermost section holding its first line (or at the top).
    let mut under: Vec<Vec<DocumentSymbol>> = vec![Vec::new(); s.sections.len() + 1];
    for t in &tables.list {
        let (range, sel) = tables.outline_ranges(t, rope);
        let sym = DocumentSymbol {
            name: t.name.clone(),
            detail: Some("bảng".into()),
            kind: SymbolKind::STRUCT,
            tags: None,
            deprecated: None,
            range: convert::range(rope, range, enc),
            selection_range: convert::range(rope, sel, enc),
            children: None,
        };
        let k = s.line_section.get(t.lines.start as usize).copied().flatten().map(|i| i as usize).unwrap_or(s.sections.len());
        under[k].push(sym);
    }
    fn build(rope: &Rope, s: &Structure, ids: &[usize], enc: Encoding, under: &mut [Vec<DocumentSymbol>]) -> Vec<DocumentSymbol> {
        ids.iter()
            .map(|&i| {
                let sec = &s.sections[i];
                let range = convert::range(rope, sec.range.clone(), enc);
                let mut sel = convert::range(rope, sec.selection.clone(), enc);
                // The selection must lie inside the range.
                if sel.start < range.start || sel.end > range.end {
                    sel = range;
                }
                let mut children = std::mem::take(&mut under[i]);
                children.extend(build(rope, s, &sec.children, enc, under));
                children.sort_by_key(|c| (c.range.start.line, c.range.start.character));
                DocumentSymbol {
                    name: section_name(&sec.name, &sec.number_text),
                    detail: (!sec.number_text.is_empty()).then(|| sec.number_text.clone()),
                    kind: symbol_kind(sec.kind),
                    tags: None,
                    deprecated: None,
                    range,
                    selection_range: sel,
                    children: (!children.is_empty()).then_some(children),
                }
            })
            .collect()
    }
    let mut out = std::mem::take(&mut under[s.sections.len()]);
    out.extend(build(rope, s, &s.roots, enc, &mut under));
    out.sort_by_key(|c| (c.range.start.line, c.range.start.character));
    out
}

/// Flat symbols (for clients without hierarchical support, and workspace/symbol).
pub fn flat_symbols(s: &Structure) -> Vec<(usize, String, SymbolKind, Option<usize>)> {
    s.sections
        .iter()
        .enumerate()
        .map(|(i, sec)| (i, section_name(&sec.name, &sec.number_text), symbol_kind(sec.kind), sec.parent))
        .collect()
}

pub fn folding_ranges(s: &Structure) -> Vec<FoldingRange> {
    s.sections
        .iter()
        .filter(|sec| sec.last_line > sec.line)
        .map(|sec| FoldingRange {
            start_line: sec.line,
            start_character: None,
            end_line: sec.last_line,
            end_character: None,
            kind: Some(if sec.kind == SectionKind::Header { FoldingRangeKind::Imports } else { FoldingRangeKind::Region }),
            collapsed_text: Some(format!("{} {}", sec.number_text, sec.name).trim().to_string()),
        })
        .collect()
}

/// A completion as an LSP item: a `textEdit` replacing what was typed, the engine's filter text
/// and order, snippet syntax only for clients that take snippets. Kinds are in the LSP 3.0 set
/// (1–18) every client knows.
pub fn completion_item(rope: &Rope, c: &Completion, first: bool, enc: Encoding, snippets: bool, markdown: bool) -> CompletionItem {
    CompletionItem {
        label: c.label.clone(),
        kind: Some(match c.kind {
            CompletionKind::NextNumber => CompletionItemKind::VALUE,
            CompletionKind::Heading => CompletionItemKind::TEXT,
            CompletionKind::Snippet => CompletionItemKind::SNIPPET,
        }),
        detail: c.detail.clone(),
        documentation: c.documentation.clone().map(|d| {
            if markdown {
                Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: d })
            } else {
                Documentation::String(d.replace("**", "").replace('`', ""))
            }
        }),
        preselect: first.then_some(true),
        sort_text: Some(c.sort_key.clone()),
        filter_text: Some(c.filter_text.clone()),
        insert_text_format: (c.is_snippet && snippets).then_some(InsertTextFormat::SNIPPET),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: convert::range(rope, c.replace.clone(), enc),
            new_text: c.insert_text.clone(),
        })),
        ..Default::default()
    }
}

/// An inlay hint as LSP: a plain label after the text it is about, with its computation as
/// the tooltip.
pub fn inlay_hint(rope: &Rope, h: crate::ide::inlay::InlayHint, enc: Encoding) -> InlayHint {
    InlayHint {
        position: convert::position(rope, h.offset, enc),
        label: InlayHintLabel::String(h.label),
        kind: None,
        text_edits: None,
        tooltip: Some(InlayHintTooltip::String(h.tooltip)),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}
