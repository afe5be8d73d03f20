-- Neovim end-to-end test of baocao-ls through the plugin in editors/nvim.
-- Run from a folder holding a copy of cam-giang-2021.txt and a README.md (run-real-clients.sh makes one):
--   BAOCAO_LS=/abs/baocao-ls nvim --headless -u NONE -i NONE -n --cmd 'set rtp^=<repo>/editors/nvim' \
--     -c 'luafile <repo>/editors/tests/nvim/e2e.lua'
-- Env: BAOCAO_LS (server), BAOCAO_E2E_TIMEOUT (seconds per step, default 30),
--      BAOCAO_E2E_PENDING (features whose checks print PENDING instead of failing).
-- Works on Neovim 0.7 (Debian bookworm) and later (also run on 0.11.4). Exit status 0 = every non-pending check passed.
local T = tonumber(os.getenv('BAOCAO_E2E_TIMEOUT') or '30') * 1000
local T_PENDING = 3000 -- how long to wait for something a pending feature should produce
local PENDING = {}
for w in (os.getenv('BAOCAO_E2E_PENDING') or ''):gmatch('%S+') do
  PENDING[w] = true
end
local REPORT = 'cam-giang-2021.txt'

-- print() in headless mode goes to the message area (stderr, no newline): write to stdout.
local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end
local passed, failed, pending = 0, 0, 0
local function check(name, ok, detail, feature)
  ok = ok and true or false
  detail = detail and (' ' .. tostring(detail)) or ''
  if vim.fn.strchars(detail) > 300 then
    detail = vim.fn.strcharpart(detail, 0, 300) .. '…'
  end
  if feature and PENDING[feature] then
    pending = pending + 1
    out(string.format('PENDING %s [%s]%s%s', name, feature,
      ok and ' (passes now: drop "' .. feature .. '" from BAOCAO_E2E_PENDING)' or ' (not there yet)', detail))
  elseif ok then
    passed = passed + 1
    out('PASS ' .. name .. detail)
  else
    failed = failed + 1
    out('FAIL ' .. name .. detail)
  end
  return ok
end
local function wait(ms, fn)
  return vim.wait(ms, function()
    local ok, v = pcall(fn)
    return ok and v
  end, 20)
end
local function timeout_for(feature)
  return (feature and PENDING[feature]) and T_PENDING or T
end

-- messages from the plugin (vim.notify) on their own lines, not glued to the next result
vim.notify = function(msg)
  out('  notify: ' .. tostring(msg))
end

local baocao
local function finish()
  out(string.format('nvim %s: %d passed, %d failed, %d pending', tostring(vim.version and
    (vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch) or '?'), passed, failed, pending))
  if baocao and baocao.config then
    for _, c in ipairs(baocao.get_clients()) do
      baocao.call(c, 'stop')
    end
    vim.wait(2000, function()
      return #baocao.get_clients() == 0
    end, 20)
  end
  vim.cmd(failed == 0 and 'qall!' or 'cquit! 1')
end

local ok_run, err_run = xpcall(function()
  -- ---------------------------------------------------------------- setup: the plugin, as a user would
  vim.cmd('filetype on') -- -u NONE: sources ftdetect/*.vim from the runtimepath (our ftdetect too)
  baocao = require('baocao')
  baocao.setup({ cmd = { os.getenv('BAOCAO_LS') or 'baocao-ls' }, settings = { locale = 'vi' } })

  -- Keep the raw LSP diagnostics as the server sent them (for codeAction context).
  local raw = {}
  local orig = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
    if result then
      raw[result.uri] = result.diagnostics
    end
    return orig(err, result, ctx, config)
  end

  -- ftdetect: *.baocao gets filetype `baocao`
  vim.cmd('edit new-report.baocao')
  check('ftdetect-baocao', vim.bo.filetype == 'baocao', 'filetype=' .. vim.bo.filetype)
  vim.cmd('bwipeout!')

  -- ---------------------------------------------------------------- a README is not a report
  vim.cmd('edit README.md')
  local readme = vim.api.nvim_get_current_buf()
  check('readme-not-attached', #baocao.get_clients({ bufnr = readme }) == 0,
    'filetype=' .. vim.bo.filetype .. ' clients=' .. #baocao.get_clients({ bufnr = readme }))

  -- ---------------------------------------------------------------- the report
  vim.cmd('edit ' .. REPORT)
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  local client
  local attached = wait(T, function()
    local cs = baocao.get_clients({ bufnr = buf })
    client = cs[1]
    return client and client.initialized
  end)
  if not check('attach', attached, 'filetype=' .. vim.bo[buf].filetype .. ' client=' .. tostring(client and client.id)) then
    error('no server: stopping here')
  end
  local enc = client.offset_encoding or 'utf-16'
  local pull = (client.server_capabilities or {}).diagnosticProvider ~= nil
  out(string.format('  offset encoding %s, diagnostics %s', enc, pull and 'pulled' or 'pushed'))
  local function tdp()
    return { textDocument = { uri = uri } }
  end
  local CAP = {
    ['textDocument/hover'] = 'hoverProvider', ['textDocument/completion'] = 'completionProvider',
    ['textDocument/foldingRange'] = 'foldingRangeProvider', ['textDocument/codeAction'] = 'codeActionProvider',
    ['textDocument/documentSymbol'] = 'documentSymbolProvider',
  }
  local function request(method, params, ms)
    local cap = CAP[method]
    if cap and not (client.server_capabilities or {})[cap] then
      return nil, 'the server has no ' .. cap
    end
    local res, err = vim.lsp.buf_request_sync(buf, method, params, ms or T)
    if err then
      return nil, err
    end
    for _, r in pairs(res or {}) do
      if r.error then
        return nil, vim.inspect(r.error)
      end
      return r.result
    end
    return nil, 'no response'
  end
  -- A position of `needle` on 0-based line `l`, in the client's offset encoding.
  local function pos_of(l, needle, delta)
    local line = vim.api.nvim_buf_get_lines(buf, l, l + 1, false)[1] or ''
    local b = line:find(needle, 1, true)
    if not b then
      return nil
    end
    b = b - 1 + (delta or 0)
    local character = b
    if enc ~= 'utf-8' then
      local u32, u16 = vim.str_utfindex(line, b)
      character = enc == 'utf-16' and u16 or u32
    end
    return { line = l, character = character }
  end
  -- The server's diagnostics, as LSP objects: as pushed (publishDiagnostics), or for a client that
  -- pulls (Neovim >= 0.10), from vim.diagnostic, which keeps the LSP diagnostic in user_data.lsp.
  local function lsp_diags()
    if raw[uri] ~= nil then
      return raw[uri]
    end
    local t = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local l = d.user_data and d.user_data.lsp
      if l and l.range then
        t[#t + 1] = l
      end
    end
    return t
  end
  local function diags(code, line)
    local t = {}
    for _, d in ipairs(lsp_diags()) do
      if (code == nil or d.code == code) and (line == nil or d.range.start.line == line) then
        t[#t + 1] = d
      end
    end
    return t
  end
  local function vim_diags_at(line)
    local msgs = {}
    for _, d in ipairs(vim.diagnostic.get(buf, { lnum = line })) do
      msgs[#msgs + 1] = d.message
    end
    return msgs
  end
  local function line_text(l)
    return vim.api.nvim_buf_get_lines(buf, l, l + 1, false)[1] or ''
  end

  -- (1) a known structure diagnostic: line 222 `B. ĐÁNH GIÁ CHUNG` repeats `B.`
  local DUP = 221
  local got = wait(T, function()
    return #diags('heading-duplicate', DUP) > 0
  end)
  local d = diags('heading-duplicate', DUP)[1]
  check('diagnostic-heading-duplicate', got and d.severity == 1 and d.source == 'baocao-ls'
    and d.message:find('Trùng số thứ tự: «B.»', 1, true) == 1 and #vim_diags_at(DUP) > 0,
    d and string.format('line %d sev %s source %s: %s', d.range.start.line + 1, tostring(d.severity),
      tostring(d.source), d.message) or ('diagnostics: ' .. #diags()))

  -- (2) outline: documentSymbol has the parts and the sections
  local syms, serr = request('textDocument/documentSymbol', tdp())
  local flat, tops = {}, {}
  local function walk(list, depth, parent)
    for _, s in ipairs(list or {}) do
      local text = s.name .. ' ' .. (s.detail or '')
      flat[#flat + 1] = { text = text, depth = depth, parent = parent }
      if depth == 0 then
        tops[#tops + 1] = text
      end
      walk(s.children, depth + 1, text)
    end
  end
  walk(syms, 0, nil)
  local function find_sym(pred)
    for _, s in ipairs(flat) do
      if pred(s) then
        return s
      end
    end
  end
  local p1 = find_sym(function(s) return s.depth == 0 and s.text:find('PHẦN THỨ NHẤT', 1, true) end)
  local p2 = find_sym(function(s) return s.depth == 0 and s.text:find('PHẦN THỨ HAI', 1, true) end)
  local function under(part, pat)
    return find_sym(function(s)
      return s.parent == (part and part.text) and (' ' .. s.text .. ' '):find(pat)
    end)
  end
  local a = under(p1, '[%s%*]A%.%s')
  local b = under(p1, '[%s%*]B%.%s')
  local roman = find_sym(function(s) return s.depth == 2 and (' ' .. s.text .. ' '):find('%sI%.%s') end)
  check('outline-parts-and-sections', p1 and p2 and a and b and roman and syms[1].range ~= nil,
    string.format('%d symbols; top level: %s%s', #flat, table.concat(tops, ' | '), serr and (' err=' .. serr) or ''))

  -- (3) folding ranges
  local folds, ferr = request('textDocument/foldingRange', tdp())
  check('folding-ranges', folds and #folds >= 10, folds and (#folds .. ' ranges') or ferr)

  -- (4) settings reach the server: switch the check off, then on again
  baocao.update_settings({ checks = { disabled = { 'heading-duplicate' } } })
  local off = wait(T, function() return #diags('heading-duplicate') == 0 end)
  baocao.update_settings({ checks = { disabled = {} } })
  local on = wait(T, function() return #diags('heading-duplicate', DUP) > 0 end)
  check('settings-forwarded', off and on, 'disabled -> ' .. tostring(off) .. ', enabled again -> ' .. tostring(on))

  -- (5) hover on a figure: plan and percentage of plan (cam-giang line 28)
  local FIG = 27
  local hp = pos_of(FIG, '515,74', 2)
  local hov, herr = request('textDocument/hover', { textDocument = { uri = uri }, position = hp }, timeout_for('hover'))
  local htext = ''
  if hov and hov.contents then
    local c = hov.contents
    if type(c) == 'string' then
      htext = c
    elseif c.value then
      htext = c.value
    else
      for _, x in ipairs(c) do
        htext = htext .. ' ' .. (type(x) == 'string' and x or x.value or '')
      end
    end
  end
  check('hover-figure-plan', htext:find('570', 1, true) and htext:find('90,5', 1, true),
    vim.inspect(htext) .. (herr and (' err=' .. herr) or ''), 'hover')

  -- (6) completion where the next heading goes: the section `1.2. Trường Tiểu học` (line 109) is
  -- written and `1.3. Trường THCS:` (line 121) not yet (its line is emptied): `1.3.` comes first.
  -- (Right under the `1.2.` heading line itself the engine offers the first child `a)` first.)
  local H12, H13 = 108, 120
  check('corpus-line-1.2', line_text(H12):find('1.2.', 1, true) == 1 and line_text(H13):find('1.3.', 1, true) == 1,
    line_text(H12) .. ' / ' .. line_text(H13))
  local h13_text = line_text(H13)
  vim.api.nvim_buf_set_lines(buf, H13, H13 + 1, false, { '' })
  local comp, cerr = request('textDocument/completion', {
    textDocument = { uri = uri }, position = { line = H13, character = 0 }, context = { triggerKind = 1 },
  }, timeout_for('completion'))
  local items = comp and (comp.items or comp) or {}
  table.sort(items, function(x, y)
    return (x.sortText or x.label) < (y.sortText or y.label)
  end)
  local first = items[1]
  local first_text = first and ((first.textEdit and first.textEdit.newText) or first.insertText or first.label) or ''
  check('completion-next-number', first and (first.label:find('1.3', 1, true) == 1 or first_text:find('1.3', 1, true) == 1),
    string.format('%d items, first: %s%s', #items, vim.inspect(first and first.label), cerr and (' err=' .. cerr) or ''),
    'completion')
  vim.api.nvim_buf_set_lines(buf, H13, H13 + 1, false, { h13_text }) -- put the heading back
  wait(T, function() return #diags('heading-duplicate', DUP) > 0 end)

  -- (7) quick fix for heading-duplicate, applied by Neovim; the diagnostic disappears
  local function quickfix(dg, title_pat)
    local acts, aerr = request('textDocument/codeAction', {
      textDocument = { uri = uri }, range = dg.range, context = { diagnostics = { dg }, only = { 'quickfix' } },
    })
    local titles, chosen = {}, nil
    for _, act in ipairs(acts or {}) do
      titles[#titles + 1] = act.title
      if not chosen and act.title and act.title:find(title_pat, 1, true) then
        chosen = act
      end
    end
    if chosen and not chosen.edit and not chosen.command then
      chosen = request('codeAction/resolve', chosen) or chosen
    end
    if chosen and chosen.edit then
      vim.lsp.util.apply_workspace_edit(chosen.edit, enc)
    end
    return chosen, table.concat(titles, ' | ') .. (aerr and (' err=' .. aerr) or '')
  end
  d = diags('heading-duplicate', DUP)[1]
  if d then
    local act, titles = quickfix(d, 'Đánh lại số thành «C.»')
    local gone = act and wait(T, function()
      return #diags('heading-duplicate', DUP) == 0 and line_text(DUP):find('C. ĐÁNH GIÁ CHUNG', 1, true) == 1
    end)
    check('quickfix-heading-duplicate', gone, 'actions: ' .. titles .. ' -> line 222: ' .. line_text(DUP))
  else
    check('quickfix-heading-duplicate', false, 'no heading-duplicate diagnostic to fix')
  end

  -- (8) figure diagnostic: 515,74 / 570 = 90,5%, not 98,3% -> plan-percent, fixed by its quick fix
  got = wait(timeout_for('plan-percent'), function() return #diags('plan-percent', FIG) > 0 end)
  local pd = diags('plan-percent', FIG)[1]
  check('diagnostic-plan-percent', got and pd.severity == 1, pd and pd.message or ('codes on line 28: ' ..
    table.concat(vim.tbl_map(function(x) return tostring(x.code) end, diags(nil, FIG)), ',')), 'plan-percent')
  if pd then
    local act, titles = quickfix(pd, '90,5')
    local gone = act and wait(T, function()
      return #diags('plan-percent', FIG) == 0 and line_text(FIG):find('đạt 90,5%', 1, true)
    end)
    check('quickfix-plan-percent', gone, 'actions: ' .. titles, 'plan-percent')
  else
    check('quickfix-plan-percent', false, 'no plan-percent diagnostic', 'plan-percent')
  end

  -- (9) :BaocaoFixAll (source.fixAll.baocao) on the original text fixes the figure
  vim.cmd('edit!') -- back to the file on disk
  wait(T, function() return #diags('heading-duplicate', DUP) > 0 end)
  wait(timeout_for('plan-percent'), function() return #diags('plan-percent', FIG) > 0 end)
  vim.cmd('BaocaoFixAll')
  local fixed = wait(timeout_for('fix-all'), function()
    return line_text(FIG):find('đạt 90,5%', 1, true) and #diags('plan-percent', FIG) == 0
  end)
  check('fix-all-figures', fixed, 'line 28: …' .. (line_text(FIG):match('%(chỉ tiêu.-%)') or '?'), 'fix-all')

  -- (10) the server decides: a README forced onto the server gets no diagnostics and no outline
  vim.cmd('buffer ' .. readme)
  vim.cmd('BaocaoAttach')
  local rclient = wait(T, function()
    local c = baocao.get_clients({ bufnr = readme })[1]
    return c and c.initialized
  end)
  local rsyms = vim.lsp.buf_request_sync(readme, 'textDocument/documentSymbol',
    { textDocument = { uri = vim.uri_from_bufnr(readme) } }, T)
  local nsyms = 0
  for _, r in pairs(rsyms or {}) do
    nsyms = nsyms + #(r.result or {})
  end
  vim.wait(1000)
  check('readme-not-a-report', rclient and nsyms == 0 and #(raw[vim.uri_from_bufnr(readme)] or {}) == 0
    and #vim.diagnostic.get(readme) == 0,
    string.format('symbols=%d diagnostics=%d', nsyms, #vim.diagnostic.get(readme)))

  -- (11) :BaocaoRestart: a new server, diagnostics come back
  vim.cmd('buffer ' .. buf)
  local old = client.id
  raw[uri] = nil
  vim.cmd('BaocaoRestart')
  local back = wait(T, function()
    local c = baocao.get_clients({ bufnr = buf })[1]
    return c and c.id ~= old and c.initialized and #diags('heading-duplicate', DUP) > 0
  end)
  check('restart-server', back, 'old client ' .. old)

  -- (12) :checkhealth baocao from the report: binary found, its version, ftdetect, client attached
  vim.cmd('silent checkhealth baocao')
  local health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  pcall(vim.cmd, 'tabclose')
  local report_line = health:match('[^\n]*' .. vim.pesc(REPORT) .. '[^\n]*') or ''
  check('checkhealth', health:find('binary: ', 1, true) and health:find('version: baocao%-ls %d')
    and health:find('get filetype baocao', 1, true) and report_line:find('client %d+ attached')
    and not health:find('ERROR', 1, true) and not health:find('WARN', 1, true),
    vim.trim(report_line) .. ' / ' .. (health:match('version: [^\n]*') or 'no version line'))
end, debug.traceback)

if not ok_run then
  if not tostring(err_run):find('no server: stopping here', 1, true) then
    check('exception', false, tostring(err_run))
  end
end
finish()
