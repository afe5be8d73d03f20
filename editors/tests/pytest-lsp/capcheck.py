"""Checks that a server's messages are valid for a given client's declared capabilities.

pytest-lsp itself checks a few things (completion items, document links, progress and
workspace/configuration requests). These add what matters for baocao-ls: position encoding,
ranges inside the document, symbol/folding/code-action kinds the client declared, literal
code actions, inline edits for clients without codeAction/resolve, diagnostics fields, hover
markup, and dynamic registration. Every function returns a list of problems (empty = fine).

Values are plain JSON (camelCase dicts), as sent on the wire.

A problem starting with "note:" is a property the client did not declare but that the spec
says a client ignores (isPreferred, relatedInformation, diagnostic tags…): reported, not failed.
Everything else would break or mislead that client.
"""

from __future__ import annotations

from typing import Any, Optional

# Kinds a client supports when it declares no valueSet (the "initial version" of the protocol).
DEFAULT_SYMBOL_KINDS = set(range(1, 19))  # File .. Array
DEFAULT_COMPLETION_KINDS = set(range(1, 19))  # Text .. Reference


def cap(caps: dict, path: str, default: Any = None) -> Any:
    """caps['a']['b']… for 'a.b…', or default."""
    cur: Any = caps
    for seg in path.split("."):
        if not isinstance(cur, dict) or seg not in cur:
            return default
        cur = cur[seg]
    return cur


# --------------------------------------------------------------------------- text and positions
class Text:
    """A document's text with position conversion for an LSP position encoding."""

    def __init__(self, text: str, encoding: str):
        self.text = text
        self.encoding = encoding
        self.lines = text.split("\n")

    def unit_len(self, ch: str) -> int:
        if self.encoding == "utf-8":
            return len(ch.encode("utf-8"))
        if self.encoding == "utf-32":
            return 1
        return len(ch.encode("utf-16-le")) // 2

    def line_len(self, line: int) -> int:
        return sum(self.unit_len(c) for c in self.lines[line])

    def position(self, line: int, index: int) -> dict:
        """Position of the Python index `index` in line `line`."""
        return {"line": line, "character": sum(self.unit_len(c) for c in self.lines[line][:index])}

    def index(self, pos: dict) -> int:
        """Offset in the whole text of an LSP position (must be valid)."""
        line, col = pos["line"], pos["character"]
        off = sum(len(l) + 1 for l in self.lines[:line])
        count = 0
        for i, ch in enumerate(self.lines[line]):
            if count >= col:
                return off + i
            count += self.unit_len(ch)
        return off + len(self.lines[line])

    def check_position(self, pos: dict, where: str) -> list[str]:
        line, col = pos.get("line"), pos.get("character")
        if not isinstance(line, int) or not isinstance(col, int) or line < 0 or col < 0:
            return [f"{where}: bad position {pos}"]
        if line > len(self.lines) - 1:
            # the position just after the last line break is fine at character 0
            if line == len(self.lines) and col == 0:
                return []
            return [f"{where}: line {line} is past the end ({len(self.lines)} lines)"]
        n = self.line_len(line)
        if col > n:
            return [f"{where}: character {col} is past the end of line {line} ({n} {self.encoding} units)"]
        # inside a surrogate pair / a multi-byte character?
        count = 0
        for ch in self.lines[line]:
            if count == col:
                break
            count += self.unit_len(ch)
            if count > col:
                return [f"{where}: character {col} of line {line} splits a character ({self.encoding})"]
        return []

    def check_range(self, rng: Optional[dict], where: str) -> list[str]:
        if not isinstance(rng, dict) or "start" not in rng or "end" not in rng:
            return [f"{where}: missing range"]
        p = self.check_position(rng["start"], where + ".start") + self.check_position(rng["end"], where + ".end")
        if not p and (rng["start"]["line"], rng["start"]["character"]) > (rng["end"]["line"], rng["end"]["character"]):
            p.append(f"{where}: start after end {rng}")
        return p

    def apply(self, edits: list[dict]) -> tuple[str, list[dict]]:
        """Apply TextEdits; returns the new text and the incremental change events (in the
        order a client would send them: last edit first, so positions stay valid)."""
        text, changes = self.text, []
        for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
            t = Text(text, self.encoding)
            a, b = t.index(e["range"]["start"]), t.index(e["range"]["end"])
            text = text[:a] + e["newText"] + text[b:]
            changes.append({"range": e["range"], "text": e["newText"]})
        return text, changes


def contains(outer: dict, inner: dict) -> bool:
    k = lambda p: (p["line"], p["character"])  # noqa: E731
    return k(outer["start"]) <= k(inner["start"]) and k(inner["end"]) <= k(outer["end"])


# --------------------------------------------------------------------------- per message
def check_initialize(caps: dict, result: dict) -> list[str]:
    p = []
    offered = cap(caps, "general.positionEncodings")
    enc = cap(result, "capabilities.positionEncoding")
    if enc is not None and enc != "utf-16" and enc not in (offered or []):
        p.append(f"positionEncoding {enc!r} was not offered by the client ({offered})")
    sync = cap(result, "capabilities.textDocumentSync")
    if sync is None:
        p.append("no textDocumentSync")
    return p


def check_diagnostics(caps: dict, diags: list[dict], text: Text, pushed: bool) -> list[str]:
    p = []
    # Pulled diagnostics follow the same client settings as pushed ones (the spec has no
    # separate tag/relatedInformation capabilities for textDocument/diagnostic in 3.17).
    tag_set = set(cap(caps, "textDocument.publishDiagnostics.tagSupport.valueSet", []) or [])
    for i, d in enumerate(diags):
        w = f"diagnostic[{i}] {d.get('code')}"
        p += text.check_range(d.get("range"), w)
        if d.get("severity") not in (None, 1, 2, 3, 4):
            p.append(f"{w}: severity {d.get('severity')}")
        if not isinstance(d.get("message"), str) or not d["message"]:
            p.append(f"{w}: empty message")
        for t in d.get("tags") or []:
            if t not in tag_set:
                p.append(f"note: {w}: tag {t} not in the client's tagSupport {sorted(tag_set)}")
        if d.get("codeDescription") and not cap(caps, "textDocument.publishDiagnostics.codeDescriptionSupport", False):
            p.append(f"note: {w}: codeDescription without codeDescriptionSupport")
        if d.get("relatedInformation") and not cap(caps, "textDocument.publishDiagnostics.relatedInformation", False):
            p.append(f"note: {w}: relatedInformation, which the client does not support")
        for j, ri in enumerate(d.get("relatedInformation") or []):
            if not cap(ri, "location.uri"):
                p.append(f"{w}: relatedInformation[{j}] without location")
    return p


def _check_symbol_kind(kind: Any, kinds: set, w: str) -> list[str]:
    return [] if kind in kinds else [f"{w}: symbol kind {kind} not supported by the client"]


def check_document_symbols(caps: dict, result: Optional[list], text: Text) -> list[str]:
    p: list[str] = []
    if not result:
        return p
    kinds = set(cap(caps, "textDocument.documentSymbol.symbolKind.valueSet", []) or []) or DEFAULT_SYMBOL_KINDS
    tags = set(cap(caps, "textDocument.documentSymbol.tagSupport.valueSet", []) or [])
    hierarchical = cap(caps, "textDocument.documentSymbol.hierarchicalDocumentSymbolSupport", False)
    if "selectionRange" in result[0] and not hierarchical:
        p.append("DocumentSymbol[] sent to a client without hierarchicalDocumentSymbolSupport")

    def walk(syms: list, parent: Optional[dict], path: str) -> None:
        for i, s in enumerate(syms):
            w = f"{path}[{i}] {s.get('name', '')[:30]!r}"
            if not s.get("name"):
                p.append(f"{w}: empty name")
            p.extend(_check_symbol_kind(s.get("kind"), kinds, w))
            for t in s.get("tags") or []:
                if t not in tags:
                    p.append(f"{w}: tag {t} not supported")
            if "selectionRange" in s:
                p.extend(text.check_range(s["range"], w + ".range"))
                p.extend(text.check_range(s["selectionRange"], w + ".selectionRange"))
                if not contains(s["range"], s["selectionRange"]):
                    p.append(f"{w}: selectionRange not inside range")
                if parent is not None and not contains(parent["range"], s["range"]):
                    p.append(f"{w}: range not inside its parent's")
                walk(s.get("children") or [], s, w)
            else:
                p.extend(text.check_range(cap(s, "location.range"), w + ".location"))

    walk(result, None, "symbol")
    return p


def check_folding(caps: dict, result: Optional[list], text: Text) -> list[str]:
    p: list[str] = []
    kinds = cap(caps, "textDocument.foldingRange.foldingRangeKind.valueSet")
    limit = cap(caps, "textDocument.foldingRange.rangeLimit")
    if limit is not None and result and len(result) > limit:
        p.append(f"{len(result)} folding ranges over the client's rangeLimit {limit}")
    for i, f in enumerate(result or []):
        w = f"foldingRange[{i}]"
        if not (0 <= f["startLine"] <= f["endLine"] < len(text.lines) + 1):
            p.append(f"{w}: lines {f['startLine']}..{f['endLine']} out of the document")
        if kinds is not None and f.get("kind") and f["kind"] not in kinds:
            p.append(f"{w}: kind {f['kind']} not in {kinds}")
        # collapsedText without the client's foldingRange.collapsedText is fine: the spec says
        # such a client ignores it.
    return p


def check_workspace_symbols(caps: dict, result: Optional[list]) -> list[str]:
    p: list[str] = []
    kinds = set(cap(caps, "workspace.symbol.symbolKind.valueSet", []) or []) or DEFAULT_SYMBOL_KINDS
    tags = set(cap(caps, "workspace.symbol.tagSupport.valueSet", []) or [])
    resolve = cap(caps, "workspace.symbol.resolveSupport.properties", []) or []
    for i, s in enumerate(result or []):
        w = f"workspaceSymbol[{i}] {s.get('name', '')[:30]!r}"
        p.extend(_check_symbol_kind(s.get("kind"), kinds, w))
        for t in s.get("tags") or []:
            if t not in tags:
                p.append(f"note: {w}: tag {t} not supported")
        loc = s.get("location") or {}
        if "uri" not in loc:
            p.append(f"{w}: no location.uri")
        elif "range" not in loc and "location.range" not in resolve:
            p.append(f"{w}: location without range, but the client cannot resolve workspace symbols")
    return p


def _kind_ok(kind: str, value_set: list[str]) -> bool:
    # code action kinds are hierarchical: `source.fixAll.baocao` is fine when `source` is known
    return any(kind == v or (v and kind.startswith(v + ".")) for v in value_set)


def workspace_edit_text_edits(caps: dict, edit: dict, uri: str, p: list[str], w: str) -> list[dict]:
    """The TextEdits for `uri` in a WorkspaceEdit; problems go to p."""
    edits: list[dict] = []
    if edit.get("documentChanges") is not None:
        if not cap(caps, "workspace.workspaceEdit.documentChanges", False):
            p.append(f"{w}: documentChanges, which the client does not support")
        for dc in edit["documentChanges"]:
            if "kind" in dc:
                ops = cap(caps, "workspace.workspaceEdit.resourceOperations", []) or []
                if dc["kind"] not in ops:
                    p.append(f"{w}: resource operation {dc['kind']} not supported")
                continue
            if cap(dc, "textDocument.uri") == uri:
                edits += dc["edits"]
    for u, es in (edit.get("changes") or {}).items():
        if u == uri:
            edits += es
    if edit.get("changeAnnotations") and not cap(caps, "workspace.workspaceEdit.changeAnnotationSupport"):
        p.append(f"{w}: changeAnnotations without client support")
    for e in edits:
        if "annotationId" in e and not cap(caps, "workspace.workspaceEdit.changeAnnotationSupport"):
            p.append(f"{w}: annotated edit without client support")
    return edits


def check_code_actions(caps: dict, result: Optional[list], text: Text, uri: str) -> list[str]:
    p: list[str] = []
    literal = cap(caps, "textDocument.codeAction.codeActionLiteralSupport")
    value_set = cap(caps, "textDocument.codeAction.codeActionLiteralSupport.codeActionKind.valueSet", []) or []
    resolve = cap(caps, "textDocument.codeAction.resolveSupport.properties", []) or []
    for i, a in enumerate(result or []):
        w = f"codeAction[{i}] {a.get('title', '')!r}"
        if isinstance(a.get("command"), str):  # a bare Command
            continue
        if not literal:
            p.append(f"{w}: CodeAction literal sent to a client without codeActionLiteralSupport")
            continue
        if a.get("kind") and not _kind_ok(a["kind"], value_set) and not (a["kind"] == "quickfix" and "" in value_set):
            p.append(f"{w}: kind {a['kind']} is not under any kind the client knows {value_set}")
        if a.get("isPreferred") is not None and not cap(caps, "textDocument.codeAction.isPreferredSupport", False):
            p.append(f"note: {w}: isPreferred without client support")
        if a.get("disabled") and not cap(caps, "textDocument.codeAction.disabledSupport", False):
            p.append(f"note: {w}: disabled without client support")
        if "edit" not in a and "command" not in a and "edit" not in resolve:
            p.append(f"{w}: no edit and the client cannot resolve one")
        if a.get("edit"):
            for j, e in enumerate(workspace_edit_text_edits(caps, a["edit"], uri, p, w)):
                p.extend(text.check_range(e.get("range"), f"{w}.edit[{j}]"))
    return p


def check_hover(caps: dict, result: Optional[dict], text: Text) -> list[str]:
    p: list[str] = []
    if not result:
        return p
    fmts = cap(caps, "textDocument.hover.contentFormat", ["plaintext"]) or ["plaintext"]
    c = result.get("contents")
    if isinstance(c, dict) and "kind" in c and c["kind"] not in fmts:
        p.append(f"hover: {c['kind']} content for a client that takes {fmts}")
    if result.get("range"):
        p.extend(text.check_range(result["range"], "hover.range"))
    return p


def check_completion(caps: dict, result: Any, text: Text) -> list[str]:
    p: list[str] = []
    if not result:
        return p
    items = result["items"] if isinstance(result, dict) else result
    kinds = set(cap(caps, "textDocument.completion.completionItemKind.valueSet", []) or []) or DEFAULT_COMPLETION_KINDS
    defaults = cap(caps, "textDocument.completion.completionList.itemDefaults", []) or []
    if isinstance(result, dict):
        for k in (result.get("itemDefaults") or {}):
            if k not in defaults:
                p.append(f"completion: itemDefaults.{k} not supported by the client")
    tags = set(cap(caps, "textDocument.completion.completionItem.tagSupport.valueSet", []) or [])
    for i, it in enumerate(items):
        w = f"completion[{i}] {it.get('label')!r}"
        if it.get("kind") is not None and it["kind"] not in kinds:
            p.append(f"{w}: kind {it['kind']} not supported")
        if it.get("labelDetails") and not cap(caps, "textDocument.completion.completionItem.labelDetailsSupport", False):
            p.append(f"note: {w}: labelDetails without client support")
        for t in it.get("tags") or []:
            if t not in tags:
                p.append(f"note: {w}: tag {t} not supported")
        te = it.get("textEdit")
        if te:
            if "insert" in te:
                if not cap(caps, "textDocument.completion.completionItem.insertReplaceSupport", False):
                    p.append(f"{w}: InsertReplaceEdit without client support")
                p.extend(text.check_range(te["insert"], w + ".insert") + text.check_range(te["replace"], w + ".replace"))
            else:
                p.extend(text.check_range(te.get("range"), w + ".textEdit"))
        for j, e in enumerate(it.get("additionalTextEdits") or []):
            p.extend(text.check_range(e.get("range"), f"{w}.additionalTextEdits[{j}]"))
    return p


def check_inlay_hints(caps: dict, result: Optional[list], text: Text) -> list[str]:
    p: list[str] = []
    for i, h in enumerate(result or []):
        w = f"inlayHint[{i}]"
        p.extend(text.check_position(h.get("position", {}), w))
        for j, e in enumerate(h.get("textEdits") or []):
            p.extend(text.check_range(e.get("range"), f"{w}.textEdits[{j}]"))
        if not h.get("label"):
            p.append(f"{w}: empty label")
    return p


def check_registration(caps: dict, registrations: list[dict]) -> list[str]:
    """client/registerCapability requests the server sent."""
    p: list[str] = []
    where = {
        "workspace/didChangeConfiguration": "workspace.didChangeConfiguration.dynamicRegistration",
        "workspace/didChangeWatchedFiles": "workspace.didChangeWatchedFiles.dynamicRegistration",
        "workspace/symbol": "workspace.symbol.dynamicRegistration",
        "workspace/executeCommand": "workspace.executeCommand.dynamicRegistration",
    }
    for r in registrations:
        m = r.get("method", "")
        path = where.get(m)
        if path is None and m.startswith("textDocument/"):
            name = m.split("/", 1)[1]
            path = f"textDocument.{name}.dynamicRegistration"
            if name in ("didOpen", "didChange", "didClose", "willSave", "didSave"):
                path = "textDocument.synchronization.dynamicRegistration"
        if path and not cap(caps, path, False):
            p.append(f"server registered {m} dynamically, but the client has no {path}")
    return p


REFRESH = {
    "workspace/inlayHint/refresh": "workspace.inlayHint.refreshSupport",
    "workspace/diagnostic/refresh": "workspace.diagnostics.refreshSupport",
    "workspace/semanticTokens/refresh": "workspace.semanticTokens.refreshSupport",
    "workspace/codeLens/refresh": "workspace.codeLens.refreshSupport",
    "workspace/foldingRange/refresh": "workspace.foldingRange.refreshSupport",
    "workspace/inlineValue/refresh": "workspace.inlineValue.refreshSupport",
}


def check_refresh(caps: dict, methods: list[str]) -> list[str]:
    """workspace/*/refresh requests the server sent."""
    return [f"server sent {m} to a client without {REFRESH[m]}" for m in sorted(set(methods))
            if m in REFRESH and not cap(caps, REFRESH[m], False)]
