// Drives code-server (VS Code in the browser) with Debian's Chromium through playwright-core, with
// the platform .vsix of baocao-ls installed. Started by run.sh, which sets:
//   CS_URL   http://127.0.0.1:PORT/?folder=<WS>;  WS  the workspace folder (cam-giang-2021.txt, README.md)
//   SERVER_BIN  the server inside the installed extension; CS_SESSION  code-server's session id
//   VSCODE_LOGS  code-server's log folder (the extension's output channel is logged there)
//   BAOCAO_E2E_SCREENSHOT (png path), BAOCAO_E2E_TIMEOUT (s per step), BAOCAO_E2E_PENDING (features)
// Prints PASS/FAIL/PENDING lines and exits 0 when no check failed.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');

const URL_ = process.env.CS_URL;
const WS = process.env.WS;
const T = Number(process.env.BAOCAO_E2E_TIMEOUT || 30) * 1000;
const T_PENDING = 4000;
const PENDING = new Set((process.env.BAOCAO_E2E_PENDING || '').split(/\s+/).filter(Boolean));
const SHOT = process.env.BAOCAO_E2E_SCREENSHOT || path.join(__dirname, '..', 'out', 'vscode.png');
const SHOT_DIR = path.dirname(SHOT);
const REPORT = 'cam-giang-2021.txt';
const DUP_MSG = 'Trùng số thứ tự: «B.»';

let page;
let passed = 0, failed = 0, pending = 0;
function check(name, ok, detail = '', feature) {
  detail = String(detail).replace(/\s+/g, ' ').slice(0, 300);
  if (feature && PENDING.has(feature)) {
    pending++;
    console.log(`PENDING ${name} [${feature}] ${ok ? `(passes now: drop "${feature}" from BAOCAO_E2E_PENDING)` : '(not there yet)'} ${detail}`);
  } else if (ok) {
    passed++;
    console.log(`PASS ${name} ${detail}`);
  } else {
    failed++;
    console.log(`FAIL ${name} ${detail}`);
  }
  return ok;
}
const timeoutFor = (feature) => (feature && PENDING.has(feature) ? T_PENDING : T);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function poll(fn, ms = T) {
  const end = Date.now() + ms;
  let v;
  while (Date.now() < end) {
    try {
      v = await fn();
      if (v) return v;
    } catch (_) { /* not there yet */ }
    await sleep(250);
  }
  return v;
}
async function shot(file) {
  if (!page) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file }).catch((e) => console.log(`screenshot failed: ${e}`));
}

// The server ----------------------------------------------------------------------------------------
/** The extension's `baocao-ls started: …` lines, from its output channel's log files. */
function startedLines() {
  const lines = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.includes('Báo cáo KT-XH')) lines.push(...fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.includes('baocao-ls started:')));
    }
  };
  if (process.env.VSCODE_LOGS && fs.existsSync(process.env.VSCODE_LOGS)) walk(process.env.VSCODE_LOGS);
  return lines;
}
/** The baocao-ls processes of this code-server session (Linux /proc), with the binary each runs. */
function serverProcesses() {
  const out = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [, , , session] = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state ppid pgrp session
      if (session !== process.env.CS_SESSION) continue;
      const exe = fs.readlinkSync(`/proc/${pid}/exe`);
      if (path.basename(exe).startsWith('baocao-ls')) out.push({ pid: Number(pid), exe });
    } catch (_) { /* gone, or not ours */ }
  }
  return out;
}

// UI helpers -------------------------------------------------------------------------------------
async function quickInput(keys, text) {
  await page.keyboard.press(keys);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: T });
  await page.keyboard.type(text, { delay: 5 });
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: T });
  await sleep(300);
  await page.keyboard.press('Enter');
}
const command = (label) => quickInput('F1', label); // command palette
const openFile = (name) => quickInput('Control+P', name); // quick open
async function gotoLine(n) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: T });
  await page.keyboard.type(`:${n}`, { delay: 5 });
  await sleep(300);
  await page.keyboard.press('Enter');
  await sleep(300);
}
// Page text is compared in NFC (reports mix precomposed and combining accents).
const nfc = (s) => String(s).normalize('NFC');
const problems = async () => nfc(await page.locator('.markers-panel').innerText());
const sidebar = async () => nfc(await page.locator('.part.sidebar').innerText());
async function editorHas(text) {
  const t = await page.locator('.monaco-editor .view-lines').first().innerText();
  return nfc(t.replace(/\u00a0/g, ' ')).includes(text);
}
async function saveAndRead(name) {
  await page.keyboard.press('Control+S');
  await sleep(800);
  return fs.readFileSync(path.join(WS, name), 'utf8').split('\n');
}
/** Screen coordinates of the middle of `needle` in the visible editor text. */
async function whereIs(needle) {
  return page.evaluate((needle) => {
    for (const line of document.querySelectorAll('.monaco-editor .view-line')) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent.indexOf(needle);
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(n, i + 1);
          r.setEnd(n, i + needle.length - 1);
          const b = r.getBoundingClientRect();
          return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
        }
      }
    }
    return null;
  }, needle);
}
async function hoverText() {
  return nfc((await page.locator('.monaco-hover').allInnerTexts()).join(' ').replace(/\s+/g, ' '));
}
/** Collapse (or expand) a section of the side bar, e.g. the folder tree, to make room for the outline. */
async function setSection(label, expanded) {
  const header = page.locator('.part.sidebar .pane-header', { hasText: label }).first();
  if (!(await header.count())) return;
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
}
/** Drag the side bar's edge to make it `width` pixels wide (room for the outline's names). */
async function widenSidebar(width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const x = box.x + box.width, y = box.y + box.height / 2;
  await page.mouse.move(x - 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
  await sleep(300);
}
let lastMenu = '';
/** Pick an item of the Ctrl+. menu with the keyboard (the first item is focused when it opens). */
async function pickAction(title) {
  const widget = page.locator('.action-widget');
  try {
    await widget.waitFor({ state: 'visible', timeout: T });
  } catch (_) {
    return false;
  }
  lastMenu = nfc(await widget.innerText().catch(() => '')).replace(/\s+/g, ' ');
  for (let i = 0; i < 15; i++) {
    const focused = await widget.locator('.monaco-list-row.focused').innerText().catch(() => '');
    if (nfc(focused).includes(title)) {
      await page.keyboard.press('Enter');
      return true;
    }
    await page.keyboard.press('ArrowDown');
    await sleep(100);
  }
  await page.keyboard.press('Escape');
  return false;
}
/** Expand the outline row whose text contains `label`. */
async function expandOutline(label) {
  const row = page.locator('.part.sidebar .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: T });
  if ((await row.getAttribute('aria-expanded')) === 'false') {
    await row.locator('.monaco-tl-twistie').click();
    await sleep(300);
  }
}

// the test ---------------------------------------------------------------------------------------
setTimeout(() => { console.log('FAIL global-timeout'); process.exit(2); }, 14 * T).unref();

(async () => {
  // Markdown files for the outline check (before the workbench loads, so file search sees them)
  const report = fs.readFileSync(path.join(WS, REPORT), 'utf8');
  fs.writeFileSync(path.join(WS, 'report-with-heading.md'), `# Báo cáo năm 2021\n\n${report}`);
  fs.writeFileSync(path.join(WS, 'forced-with-heading.md'), `<!-- baocao-ls on -->\n# Báo cáo năm 2021\n\n${report}`);

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'baocao-e2e-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--lang=vi-VN'],
  });
  try {
    page = ctx.pages()[0] || (await ctx.newPage());
    await page.goto(URL_);
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: T });
    await sleep(2000); // let the workbench settle

    // (1) open the report: a plain .txt, which the server recognises as a report
    await openFile(REPORT);
    const opened = await poll(() => editorHas('BÁO CÁO'));
    check('open-report', opened);

    // (2) the diagnostic in the Problems panel
    await command('View: Focus Problems');
    const p1 = await poll(async () => { const t = await problems(); return t.includes(DUP_MSG) && t; });
    check('problems-heading-duplicate', !!p1, p1 ? p1.split('\n').find((l) => l.includes(DUP_MSG)) : await problems().catch(() => ''));

    // (2b) the diagnostics came from the server inside the .vsix: the extension says it started
    // its bundled server, and this session's baocao-ls processes run that binary (nothing else
    // was on offer: no setting, no BAOCAO_LS, no baocao-ls on PATH)
    const bundled = fs.realpathSync(process.env.SERVER_BIN || '/nonexistent');
    const started = (await poll(async () => startedLines().length && startedLines(), 5000)) || [];
    const procs = serverProcesses();
    check('bundled-server', started.length > 0 && started.every((l) => l.includes(`${bundled} (bundled;`)) &&
      procs.length > 0 && procs.every((p) => p.exe === bundled),
      `log: ${JSON.stringify(started.map((l) => l.replace(/^.*baocao-ls started: /, '')))}; processes: ${JSON.stringify(procs)}`);

    // (3) the Outline view: parts, then the sections of part one
    await command('Explorer: Focus on Outline View');
    await setSection(path.basename(WS).toUpperCase(), false); // fold the file tree: room for the outline
    await setSection('TIMELINE', false);
    await widenSidebar(470);
    const o1 = await poll(async () => { const t = await sidebar(); return t.includes('PHẦN THỨ NHẤT') && t.includes('PHẦN THỨ HAI') && t; });
    let o2 = '';
    if (o1) {
      await expandOutline('PHẦN THỨ NHẤT');
      await expandOutline('KẾT QUẢ THỰC HIỆN TRÊN CÁC LĨNH VỰC');
      o2 = await poll(async () => {
        const t = await sidebar();
        return t.includes('KẾT QUẢ THỰC HIỆN MỘT SỐ CHỈ TIÊU CHỦ YẾU') && t.includes('ĐÁNH GIÁ CHUNG') && t.includes('LĨNH VỰC KINH TẾ') && t;
      });
    }
    check('outline-parts-and-sections', !!o1 && !!o2, (o2 || o1 || (await sidebar().catch(() => ''))).split('OUTLINE').pop());

    // (4) hover on a figure (line 28: 515,74 tỷ đồng, chỉ tiêu 570, đạt 98,3% -> 90,5%)
    await page.locator('.monaco-editor .view-lines').first().click();
    await gotoLine(28);
    await sleep(500);
    const at = await poll(() => whereIs('515,74'), 5000);
    let hov = '';
    if (at) {
      await page.mouse.move(at.x - 40, at.y + 60);
      await page.mouse.move(at.x, at.y, { steps: 4 });
      hov = await poll(async () => { const t = await hoverText(); return t.includes('570') && t.includes('90,5') && t; }, timeoutFor('hover'));
    }
    if (!hov) hov = await hoverText().catch(() => '');
    check('hover-figure-plan', hov.includes('570') && hov.includes('90,5'), `at=${JSON.stringify(at)} hover=${JSON.stringify(hov)}`, 'hover');
    // the README screenshot: outline, problems, the figure's diagnostic and hover
    await shot(SHOT);
    console.log(`screenshot: ${SHOT}`);
    await page.mouse.move(5, 450);
    await page.keyboard.press('Escape');

    // (5) quick fix from the lightbulb menu (Ctrl+.) on line 222 `B. ĐÁNH GIÁ CHUNG`
    await page.locator('.monaco-editor .view-lines').first().click();
    await gotoLine(222);
    await page.keyboard.press('Control+.');
    let fixed = false;
    if (await pickAction('Đánh lại số thành «C.»')) {
      fixed = await poll(async () => !(await problems()).includes(DUP_MSG) && (await editorHas('C. ĐÁNH GIÁ CHUNG')));
    }
    if (!fixed) await shot(path.join(SHOT_DIR, 'vscode-quickfix.png'));
    check('quickfix-heading-duplicate', fixed, fixed ? 'applied from the Ctrl+. menu; gone from Problems' : `menu: ${lastMenu}`);

    // (6) a typed edit updates the Problems panel: `C.` back to `B.`
    await page.locator('.monaco-editor .view-lines').first().click();
    await gotoLine(222);
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.type('B', { delay: 20 });
    const back = await poll(async () => (await problems()).includes(DUP_MSG));
    check('typed-edit-updates-problems', back, back ? 'the duplicate is reported again' : await problems().catch(() => ''));
    const lines = await saveAndRead(REPORT);
    check('saved-edit', lines[221].startsWith('B. ĐÁNH GIÁ CHUNG'), lines[221]);

    // (7) settings reach the server: switch the check off in the workspace settings, then on again
    const wsSettings = path.join(WS, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(wsSettings), { recursive: true });
    fs.writeFileSync(wsSettings, JSON.stringify({ 'baocao.checks.disabled': ['heading-duplicate'] }));
    const off = await poll(async () => !(await problems()).includes(DUP_MSG), timeoutFor('settings-refresh'));
    fs.writeFileSync(wsSettings, '{}');
    const on = off && (await poll(async () => (await problems()).includes(DUP_MSG)));
    check('settings-forwarded', off && on, `.vscode/settings.json baocao.checks.disabled ["heading-duplicate"]: gone=${!!off}, back after removing it=${!!on}`, 'settings-refresh');
    if (!off) await poll(async () => (await problems()).includes(DUP_MSG), 2000);

    // (8) "Báo cáo: Sửa tất cả số liệu" fixes the figure (98,3% -> 90,5%)
    await command('Báo cáo: Sửa tất cả số liệu');
    await sleep(500);
    const figFixed = await poll(async () => (await saveAndRead(REPORT))[27].includes('đạt 90,5%'), timeoutFor('fix-all'));
    check('fix-all-figures', figFixed, (await saveAndRead(REPORT))[27].match(/\(chỉ tiêu[^)]*\)/), 'fix-all');

    // (9) "Báo cáo: Khởi động lại máy chủ": a new server process, diagnostics again
    const starts = () => startedLines().length;
    const before = starts();
    await command('Báo cáo: Khởi động lại máy chủ');
    const restarted = await poll(async () => starts() > before && (await problems()).includes(DUP_MSG));
    check('restart-server', restarted, `server starts logged: ${before} -> ${starts()}`);

    // (10) Markdown: a detected report with a Markdown heading keeps Markdown's outline only
    await openFile('report-with-heading.md');
    await command('Explorer: Focus on Outline View');
    const md = await poll(async () => { const t = await sidebar(); return t.includes('Báo cáo năm 2021') && t; });
    await sleep(1500);
    const mdText = (await sidebar()).split('OUTLINE').pop();
    // The Problems panel lists files as a virtualised tree: with the report's own problems
    // expanded above it, the .md group may be out of view; the panel's filter keeps that file.
    await command('View: Focus Problems');
    const filter = page.locator('.markers-panel-container .viewpane-filter input, .viewpane-filter-container input, .panel .viewpane-filter input').first();
    await filter.fill('report-with-heading').catch(() => {});
    const mdProblems = await poll(async () => { const t = await problems(); return t.includes('report-with-heading.md') && t; }, T);
    await filter.fill('').catch(() => {});
    check('markdown-outline-not-doubled', !!md && !mdText.includes('PHẦN THỨ NHẤT') && !!mdProblems,
      `outline: ${mdText.trim().slice(0, 120)}; diagnostics for the .md: ${!!mdProblems}`);
    // ... and when the user forces report mode in a file with a Markdown heading, VS Code shows
    // both providers' outlines as two groups (informational: documents the decision in README)
    await openFile('forced-with-heading.md');
    await command('Explorer: Focus on Outline View');
    await poll(async () => (await sidebar()).includes('PHẦN THỨ NHẤT'), T);
    await sleep(1000);
    console.log(`INFO forced Markdown report outline: ${(await sidebar()).split('OUTLINE').pop().replace(/\s+/g, ' ').slice(0, 300)}`);
    await shot(path.join(SHOT_DIR, 'vscode-markdown-forced.png'));
  } catch (e) {
    check('exception', false, String(e && e.stack || e).split('\n').slice(0, 3).join(' '));
    await shot(path.join(SHOT_DIR, 'vscode-failure.png'));
  } finally {
    await ctx.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(`code-server: ${passed} passed, ${failed} failed, ${pending} pending`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
})();
