-- :checkhealth baocao — is the server there, which version, are report files detected, is a
-- client attached to the report you were editing.
--
-- Neovim 0.7 has `require('health').report_*`; 0.8 adds `vim.health.report_*`; 0.9 adds
-- `vim.health.start/ok/warn/error/info` (and 0.10 deprecates the report_* forms, later removed).
local M = {}

local function reporter()
  local h = vim.health
  if h == nil or (h.start == nil and h.report_start == nil) then
    h = require('health')
  end
  return {
    start = h.start or h.report_start,
    ok = h.ok or h.report_ok,
    warn = h.warn or h.report_warn,
    error = h.error or h.report_error,
    info = h.info or h.report_info,
  }
end

--- The buffer the user was in before :checkhealth opened its own: the alternate buffer of the
--- health window, or of the previous tab page's window.
local function previous_buffer()
  local here = vim.api.nvim_get_current_buf()
  local alt = vim.fn.bufnr('#')
  if alt > 0 and alt ~= here and vim.api.nvim_buf_is_loaded(alt) then
    return alt
  end
  local ok, tab = pcall(vim.fn.tabpagenr, '#')
  if ok and tab and tab > 0 then
    local wins = vim.fn.tabpagebuflist(tab)
    local win = vim.fn.tabpagewinnr(tab)
    if type(wins) == 'table' and wins[win] and wins[win] ~= here then
      return wins[win]
    end
  end
  return nil
end

local function describe(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  return string.format('buffer %d %s (filetype %s)', bufnr, name ~= '' and vim.fn.fnamemodify(name, ':~:.') or '[No Name]',
    vim.bo[bufnr].filetype ~= '' and vim.bo[bufnr].filetype or 'none')
end

function M.check()
  local r = reporter()
  local baocao = require('baocao')

  r.start('baocao-ls: setup')
  local cfg = baocao.config
  if cfg == nil then
    r.warn("require('baocao').setup({}) has not been called: no buffer gets the server",
      { "add require('baocao').setup({}) to init.lua (or `config` of the lazy.nvim spec)" })
  else
    r.ok(string.format("setup done: enable = '%s', detect = '%s', filetypes %s", tostring(cfg.enable),
      tostring(cfg.detect), table.concat(cfg.filetypes or {}, ', ')))
  end

  r.start('baocao-ls: the server')
  local cmd = cfg and cfg.cmd
  if cmd == nil then
    local env = os.getenv('BAOCAO_LS')
    cmd = { (env and env ~= '') and env or 'baocao-ls' }
  end
  local exe = cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    r.error(string.format('%s: not found or not executable', exe), {
      'build and install it from a baocao-ls checkout: cargo install --path . (puts it in ~/.cargo/bin)',
      'put ~/.cargo/bin on PATH, or give the full path: setup({ cmd = { "/path/to/baocao-ls" } })',
    })
  else
    r.ok(string.format('binary: %s', vim.fn.exepath(exe) ~= '' and vim.fn.exepath(exe) or exe))
    local out = vim.fn.system({ exe, '--version' })
    local version = vim.trim(out or '')
    if vim.v.shell_error == 0 and version:match('^baocao%-ls ') then
      r.ok('version: ' .. version)
    else
      r.error(string.format('`%s --version` failed (exit %d): %s', exe, vim.v.shell_error, version),
        { 'is it the baocao-ls binary, built for this machine?' })
    end
  end

  r.start('baocao-ls: filetype detection')
  if vim.g.did_load_filetypes == nil then
    r.warn('filetype detection is off', { 'turn it on: `filetype plugin on` (the default, unless nvim runs with -u NONE)' })
  end
  local ftdetect = vim.api.nvim_get_runtime_file('ftdetect/baocao.vim', true)
  if #ftdetect == 0 then
    r.error('ftdetect/baocao.vim is not on runtimepath: *.baocao, *.bc.txt, *.bc.md will not be reports',
      { 'add editors/nvim of your baocao-ls checkout to runtimepath (lazy.nvim: `dir = …/editors/nvim`)' })
  else
    local has_autocmds, autocmds = pcall(vim.api.nvim_get_autocmds, { event = 'BufRead', pattern = '*.baocao' })
    if has_autocmds and #autocmds == 0 then
      r.warn('ftdetect/baocao.vim is on runtimepath but not loaded (no BufRead autocommand for *.baocao)',
        { 'it is loaded at startup with `filetype on`; a plugin manager that lazy-loads should load it on startup' })
    else
      r.ok('*.baocao, *.bc.txt, *.bc.md get filetype baocao (' .. vim.fn.fnamemodify(ftdetect[1], ':~') .. ')')
    end
  end
  r.info('plain .txt and .md files (filetype text, markdown) get the server when they look like a report')

  r.start('baocao-ls: clients')
  if cfg == nil then
    r.info('no setup, no clients')
    return
  end
  local clients = baocao.get_clients()
  if #clients == 0 then
    r.info('no baocao-ls client is running (one starts when a report is opened)')
  end
  for _, c in ipairs(clients) do
    local bufs = vim.lsp.get_buffers_by_client_id(c.id) or {}
    r.ok(string.format('client %d: root %s, %d buffer(s)', c.id, c.config.root_dir or '?', #bufs))
  end
  local buf = previous_buffer()
  if buf == nil then
    r.info('no buffer to look at: open a report, then run :checkhealth baocao from it')
    return
  end
  local attached = baocao.get_clients({ bufnr = buf })
  local ft = vim.bo[buf].filetype
  if #attached > 0 then
    r.ok(describe(buf) .. ': client ' .. attached[1].id .. ' attached')
  elseif not vim.tbl_contains(cfg.filetypes or {}, ft) then
    r.info(describe(buf) .. ': not a filetype baocao-ls looks at (' .. table.concat(cfg.filetypes or {}, ', ') .. ')')
  elseif not baocao.is_report(buf) then
    r.info(describe(buf) .. ': does not look like a report, so no client (force it: :BaocaoAttach, '
      .. 'or write <!-- baocao-ls on --> in the file, or setup({ enable = "always" }))')
  else
    r.warn(describe(buf) .. ': a report, but no client attached', {
      'see :BaocaoInfo, and the LSP log: :lua vim.cmd("edit " .. vim.lsp.get_log_path())',
    })
  end
end

return M
