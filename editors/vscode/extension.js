// Báo cáo KT-XH (baocao-ls) for VS Code: starts the baocao-ls language server over stdio for
// report files (language `baocao`) and for plain-text / Markdown files, where the server itself
// decides whether the file is a report (see README.md for the rule and the outline decision).
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, RevealOutputChannelOn } = require('vscode-languageclient/node');

const SECTION = 'baocao';
const FIX_ALL_KIND = 'source.fixAll.baocao';
const DIRECTIVE = /<!--\s*baocao-ls\s+(on|off)\s*-->/g;

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel} */
let output;
/** @type {{ command: string, source: string } | undefined} */
let startedWith;
/** The extension's folder (for the bundled server). */
let extensionPath;

// ------------------------------------------------------------------------------------------------
// settings

/** The `baocao` settings the server understands, for a resource (or the window). */
function serverSettings(scope) {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    enable: c.get('enable', 'auto'),
    locale: c.get('locale', 'vi'),
    checks: { disabled: c.get('checks.disabled', []), severity: c.get('checks.severity', {}) },
    inlayHints: { enabled: c.get('inlayHints.enabled', true) },
    headings: { extra: c.get('headings.extra', []) },
  };
}

function expand(p) {
  if (!p) return p;
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  p = p.replace(/\$\{workspaceFolder\}/g, folder ? folder.uri.fsPath : '');
  p = p.replace(/\$\{userHome\}/g, os.homedir());
  if (p === '~' || p.startsWith('~/')) p = path.join(os.homedir(), p.slice(1));
  return p;
}

/** The server inside a platform .vsix (`server/baocao-ls`, put there by package.sh), if any. */
function bundledServer() {
  if (!extensionPath) return undefined;
  const exe = path.join(extensionPath, 'server', process.platform === 'win32' ? 'baocao-ls.exe' : 'baocao-ls');
  try {
    if (!fs.statSync(exe).isFile()) return undefined;
  } catch (_) {
    return undefined;
  }
  if (process.platform !== 'win32') {
    try {
      fs.accessSync(exe, fs.constants.X_OK);
    } catch (_) {
      try { fs.chmodSync(exe, 0o755); } catch (_) { /* reported when it fails to start */ }
    }
  }
  return exe;
}

/**
 * The server binary, first found of:
 *   1. the setting `baocao.server.path` (a path, or a bare name looked up in PATH);
 *   2. the environment variable BAOCAO_LS (for development);
 *   3. the server bundled in the .vsix (what a report writer gets);
 *   4. `baocao-ls` on PATH (an extension packaged without a server).
 */
function serverCommand() {
  const configured = expand(vscode.workspace.getConfiguration(SECTION).get('server.path', ''));
  if (configured) return { command: configured, source: 'setting baocao.server.path' };
  if (process.env.BAOCAO_LS) return { command: process.env.BAOCAO_LS, source: 'BAOCAO_LS' };
  const bundled = bundledServer();
  if (bundled) return { command: bundled, source: 'bundled' };
  return { command: 'baocao-ls', source: 'PATH' };
}

// ------------------------------------------------------------------------------------------------
// report mode of a Markdown document (for the outline middleware)

/**
 * Is the comment at `index` quoted in a code span (`` `<!-- baocao-ls on -->` ``)? Then it is an
 * example, not a directive: an odd number of backticks before it on its line and one after it
 * (the server's rule, `scan_directives` in src/syntax/line.rs).
 */
function quoted(text, index, length) {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  let lineEnd = text.indexOf('\n', index);
  if (lineEnd < 0) lineEnd = text.length;
  const before = (text.slice(lineStart, index).match(/`/g) || []).length;
  return before % 2 === 1 && text.slice(index + length, lineEnd).includes('`');
}

/** `true`/`false` when the file says `<!-- baocao-ls on|off -->` (the last one wins), else undefined. */
function fileOverride(document) {
  const text = document.getText();
  let last;
  for (const m of text.matchAll(DIRECTIVE)) if (!quoted(text, m.index, m[0].length)) last = m[1] === 'on';
  return last;
}

/** Does this Markdown document have Markdown headings (so that VS Code's Markdown outline is not empty)? */
function hasMarkdownHeadings(document) {
  const text = document.getText();
  return /^ {0,3}#{1,6}(?:[ \t]|$)/m.test(text) || /^ {0,3}\S[^\n]*\n {0,3}(?:=+|-+)[ \t]*$/m.test(text);
}

/**
 * Should our report outline be given for this document? Always for `baocao` and plain text (the
 * server answers nothing for non-reports). For Markdown, VS Code's own Markdown outline is there
 * too and VS Code would show both, as two groups: ours is only given when the user made the file
 * a report (comment or `baocao.enable: always`) or when Markdown's outline is empty anyway.
 */
function wantReportOutline(document) {
  if (document.languageId !== 'markdown') return true;
  const override = fileOverride(document);
  if (override !== undefined) return override;
  if (vscode.workspace.getConfiguration(SECTION, document.uri).get('enable') === 'always') return true;
  return !hasMarkdownHeadings(document);
}

// ------------------------------------------------------------------------------------------------
// the client

function createClient() {
  startedWith = serverCommand();
  const serverOptions = { command: startedWith.command, args: ['--stdio'], options: { env: process.env } };
  const languages = ['baocao', 'plaintext', 'markdown'];
  const clientOptions = {
    documentSelector: languages.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    // didChangeConfiguration with the `baocao` section on every change; the server may also ask
    // with workspace/configuration, which the client answers from the same settings.
    synchronize: { configurationSection: SECTION },
    initializationOptions: () => ({ baocao: serverSettings() }),
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      provideDocumentSymbols: (document, token, next) =>
        wantReportOutline(document) ? next(document, token) : [],
      provideFoldingRanges: (document, context, token, next) =>
        wantReportOutline(document) ? next(document, context, token) : [],
    },
  };
  return new LanguageClient('baocao', 'Báo cáo KT-XH', serverOptions, clientOptions);
}

async function startClient() {
  client = createClient();
  try {
    await client.start();
    const info = (client.initializeResult && client.initializeResult.serverInfo) || {};
    output.appendLine(`baocao-ls started: ${startedWith.command} (${startedWith.source}; ${info.name || '?'} ${info.version || '?'})`);
  } catch (err) {
    const msg =
      `Không khởi động được baocao-ls («${startedWith.command}», ${startedWith.source}): ${err && err.message ? err.message : err}. ` +
      (startedWith.source === 'PATH'
        ? 'Bản cài này không kèm máy chủ: cài gói .vsix dành cho hệ máy của bạn, hoặc đặt `baocao.server.path`.'
        : 'Kiểm tra `baocao.server.path`, hoặc xoá nó để dùng máy chủ đi kèm.');
    output.appendLine(msg);
    const choice = await vscode.window.showErrorMessage(msg, 'Mở cài đặt', 'Xem nhật ký');
    if (choice === 'Mở cài đặt') vscode.commands.executeCommand('workbench.action.openSettings', 'baocao.server.path');
    if (choice === 'Xem nhật ký') output.show(true);
  }
}

async function stopClient() {
  if (!client) return;
  const c = client;
  client = undefined;
  try {
    if (c.isRunning()) await c.stop(5000);
  } catch (err) {
    output.appendLine(`stop: ${err}`);
  }
}

async function restartServer() {
  await stopClient();
  await startClient();
}

// ------------------------------------------------------------------------------------------------
// commands

/** Run the server's `source.fixAll.baocao` code action on the active editor and apply it. */
async function fixAllFigures() {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const whole = doc.validateRange(new vscode.Range(0, 0, doc.lineCount, 0));
  const actions =
    (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, whole, FIX_ALL_KIND, 10)) || [];
  const ours = actions.filter((a) => a.kind && vscode.CodeActionKind.SourceFixAll.append('baocao').contains(a.kind));
  let applied = 0;
  for (const a of ours) {
    if (a.edit && (await vscode.workspace.applyEdit(a.edit))) applied++;
    if (a.command) await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments || []));
  }
  if (!ours.length) vscode.window.setStatusBarMessage('Báo cáo: không có số liệu nào cần sửa', 4000);
  return applied;
}

/** Write (or flip) the per-file comment `<!-- baocao-ls on|off -->` at the top of the file. */
async function setFileMode(on) {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const word = on ? 'on' : 'off';
  const edit = new vscode.WorkspaceEdit();
  let found = false;
  for (let i = 0; i < doc.lineCount; i++) {
    const line = doc.lineAt(i).text;
    for (const m of line.matchAll(DIRECTIVE)) {
      if (quoted(line, m.index, m[0].length)) continue;
      const start = new vscode.Position(i, m.index);
      edit.replace(doc.uri, new vscode.Range(start, start.translate(0, m[0].length)), `<!-- baocao-ls ${word} -->`);
      found = true;
    }
  }
  if (!found) edit.insert(doc.uri, new vscode.Position(0, 0), `<!-- baocao-ls ${word} -->\n`);
  await vscode.workspace.applyEdit(edit);
}

async function openAsReport() {
  const editor = vscode.window.activeTextEditor;
  if (editor) await vscode.languages.setTextDocumentLanguage(editor.document, 'baocao');
}

/** `baocao-ls convert FILE.docx`: the Markdown on stdout, or the server's one-line error. */
function convertDocx(file) {
  const { command } = serverCommand();
  const locale = vscode.workspace.getConfiguration(SECTION).get('locale', 'vi');
  return new Promise((resolve, reject) => {
    childProcess.execFile(
      command,
      ['convert', '--locale', locale === 'en' ? 'en' : 'vi', file],
      { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, windowsHide: true, env: process.env },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const line = String(stderr || '').trim().split(/\r?\n/)[0];
        reject(new Error(line || `${command}: ${err.message}`));
      },
    );
  });
}

/**
 * Open a Word file (.docx) as the Markdown the server makes of it (`baocao-ls convert`), in an
 * unsaved editor: the report is checked there, at the same lines as `baocao-ls check FILE.docx`,
 * and the writer can fix it and save it where they like. The file is the explorer's selection, or
 * one picked in a dialog. The server never writes; a file not on disk (a remote or virtual
 * workspace) is copied to a temporary file for it, removed afterwards.
 */
async function openDocxAsMarkdown(resource) {
  let uri = resource instanceof vscode.Uri ? resource : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { 'Word (.docx)': ['docx'] },
      openLabel: 'Mở dạng Markdown',
      title: 'Chọn tệp Word (.docx) để mở dạng Markdown',
    });
    if (!picked || !picked.length) return undefined;
    uri = picked[0];
  }
  let file = uri.fsPath;
  let temp;
  try {
    if (uri.scheme !== 'file') {
      temp = fs.mkdtempSync(path.join(os.tmpdir(), 'baocao-docx-'));
      file = path.join(temp, path.basename(uri.path) || 'bao-cao.docx');
      fs.writeFileSync(file, await vscode.workspace.fs.readFile(uri));
    }
    const text = await convertDocx(file);
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  } catch (err) {
    const msg = err && err.message ? err.message : String(err);
    output.appendLine(`convert ${uri.toString()}: ${msg}`);
    vscode.window.showErrorMessage(`Không mở được tệp Word: ${msg}`);
    return undefined;
  } finally {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------

async function activate(context) {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('Báo cáo KT-XH');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('baocao.fixAllFigures', fixAllFigures),
    vscode.commands.registerCommand('baocao.restartServer', restartServer),
    vscode.commands.registerCommand('baocao.enableForFile', () => setFileMode(true)),
    vscode.commands.registerCommand('baocao.disableForFile', () => setFileMode(false)),
    vscode.commands.registerCommand('baocao.openAsReport', openAsReport),
    vscode.commands.registerCommand('baocao.openDocxAsMarkdown', openDocxAsMarkdown),
    vscode.commands.registerCommand('baocao.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('baocao.server.path') && (!startedWith || serverCommand().command !== startedWith.command)) restartServer();
    }),
  );
  await startClient();
  return { fixAllFigures, restartServer, serverSettings, openDocxAsMarkdown };
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
