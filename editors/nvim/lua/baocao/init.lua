-- baocao-ls for Neovim: starts the language server for Vietnamese socio-economic reports
-- ("báo cáo kinh tế - xã hội") in report buffers.
--
--   require('baocao').setup({})          -- defaults below; see editors/nvim/README.md
--
-- Works on Neovim 0.7 (vim.lsp.start_client + buf_attach_client) and 0.8+ (vim.lsp.start).
local M = {}

local uv = vim.loop
local has_start = vim.lsp.start ~= nil -- 0.8+

M.defaults = {
  -- The server command. Default: $BAOCAO_LS if set, else `baocao-ls` from PATH.
  cmd = nil,
  name = 'baocao-ls',
  -- Filetypes we look at. `baocao` buffers are always reports; `text` and `markdown` buffers are
  -- reports when they look like one (see `detect`) or when `enable` is 'always'.
  filetypes = { 'baocao', 'text', 'markdown' },
  -- Files or folders marking the root of a project. Fallback: the file's folder.
  root_markers = { '.git', '.hg', '.svn' },
  -- 'auto' | 'always' | 'never': whether text/markdown files are treated as reports. Sent to the
  -- server as settings.baocao.enable too (unless `settings.enable` says otherwise).
  enable = 'auto',
  -- How text/markdown buffers are picked when enable = 'auto':
  --   'cheap'  : attach when the buffer shows a sign of a report (administrative header, `BÁO CÁO`,
  --              `Phần thứ`, UBND/HĐND vocabulary or `<!-- baocao-ls on -->`); the server then
  --              makes the final decision with its own, stricter rule.
  --   'server' : attach to every text/markdown buffer; the server decides (it answers nothing and
  --              publishes no diagnostics for files that are not reports).
  detect = 'cheap',
  -- Server settings, the `baocao` section (same shape as in VS Code), e.g.
  --   { locale = 'en', checks = { disabled = { 'heading-gap' }, severity = { ['heading-gap'] = 'info' } },
  --     inlayHints = { enabled = true }, headings = { extra = { 'Kết quả chuyển đổi số' } } }
  settings = {},
  on_attach = nil, -- function(client, bufnr)
  capabilities = nil, -- extra client capabilities (merged over Neovim's defaults)
  -- Define :BaocaoAttach, :BaocaoFixAll, :BaocaoRestart, :BaocaoInfo.
  commands = true,
}

M.config = nil
local clients_by_root = {} -- 0.7 only: root_dir -> client id
local group_name = 'baocao_ls'

-- ---------------------------------------------------------------------------------------------
-- helpers

-- Client methods: `client:request()` from 0.11 on (the dot form is deprecated there), `client.request()` before.
local colon_methods = vim.fn.has('nvim-0.11') == 1
local function call(client, method, ...)
  if colon_methods then
    return client[method](client, ...)
  end
  return client[method](...)
end
M.call = call

local islist = vim.islist or vim.tbl_islist

--- Deep merge of b over a; lists (and empty tables) from b replace, they are not merged by index.
local function deep_extend(a, b)
  local out = vim.deepcopy(a or {})
  for k, v in pairs(b or {}) do
    if type(v) == 'table' and not islist(v) and type(out[k]) == 'table' and not islist(out[k]) then
      out[k] = deep_extend(out[k], v)
    else
      out[k] = vim.deepcopy(v)
    end
  end
  return out
end

local function get_clients(filter)
  filter = filter or {}
  local all
  if vim.lsp.get_clients then
    all = vim.lsp.get_clients()
  else
    all = vim.lsp.get_active_clients()
  end
  local out = {}
  for _, c in pairs(all) do
    if c.name == M.config.name then
      if not filter.bufnr or (vim.lsp.buf_is_attached and vim.lsp.buf_is_attached(filter.bufnr, c.id)) then
        table.insert(out, c)
      end
    end
  end
  return out
end
M.get_clients = get_clients

--- The `baocao` settings table as sent to the server.
local function server_settings()
  local s = M.config.settings or {}
  if s.baocao then
    s = s.baocao
  end
  s = vim.deepcopy(s)
  if s.enable == nil then
    s.enable = M.config.enable
  end
  return { baocao = s }
end
M.server_settings = server_settings

local function path_exists(p)
  return uv.fs_stat(p) ~= nil
end

--- Root folder of a buffer: the nearest folder up from the file holding a root marker, else
--- the file's folder (else the current directory for an unnamed buffer).
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return uv.cwd()
  end
  local dir = vim.fn.fnamemodify(name, ':p:h')
  local start = dir
  while true do
    for _, m in ipairs(M.config.root_markers or {}) do
      if path_exists(dir .. '/' .. m) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return start
end

-- Signs of a report, matched literally (cheap; the server has the real rule).
local SIGNS = {
  'BÁO CÁO', 'Báo cáo', 'PHẦN THỨ', 'Phần thứ', '/BC-', 'UBND', 'HĐND', 'ỦY BAN NHÂN DÂN',
  'UỶ BAN NHÂN DÂN', 'Ủy ban nhân dân', 'Uỷ ban nhân dân', 'kinh tế - xã hội', 'kinh tế – xã hội',
  'KINH TẾ - XÃ HỘI', 'Nơi nhận', 'kế hoạch', 'chỉ tiêu',
}

--- The per-file comment `<!-- baocao-ls on -->` / `<!-- baocao-ls off -->` (the last one wins),
--- or nil. One quoted in a code span (an odd number of backticks before it on its line, one
--- after) is an example, not a comment, as for the server.
function M.file_override(bufnr)
  local found = nil
  for _, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line:find('baocao-ls', 1, true) then
      local init = 1
      while true do
        local s, e, word = line:find('<!%-%-%s*baocao%-ls%s+(%a+)%s*%-%->', init)
        if not s then
          break
        end
        local _, ticks = line:sub(1, s - 1):gsub('`', '')
        local quoted = ticks % 2 == 1 and line:find('`', e + 1, true) ~= nil
        if not quoted then
          if word == 'on' then
            found = true
          elseif word == 'off' then
            found = false
          end
        end
        init = e + 1
      end
    end
  end
  return found
end

--- Should this buffer get the server? Mirrors the server's rule: `never` wins, then the file's
--- own comment, then the `baocao` filetype or enable = 'always', then "looks like a report".
function M.is_report(bufnr)
  local cfg = M.config
  local ft = vim.bo[bufnr].filetype
  local enable = server_settings().baocao.enable
  if enable == 'never' then
    return false
  end
  local override = M.file_override(bufnr)
  if override ~= nil then
    return override
  end
  if ft == 'baocao' or enable == 'always' or cfg.detect == 'server' then
    return true
  end
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, 200, false)
  for _, line in ipairs(lines) do
    for _, sign in ipairs(SIGNS) do
      if line:find(sign, 1, true) then
        return true
      end
    end
    if line:match('^%s*%**[IVX]+[%.%-]%s') then -- a Roman-numbered field: `I. KINH TẾ`
      return true
    end
  end
  return false
end

local function client_config(bufnr)
  local cfg = M.config
  local root = M.root_dir(bufnr)
  local settings = server_settings()
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  if cfg.capabilities then
    capabilities = deep_extend(capabilities, cfg.capabilities)
  end
  return {
    name = cfg.name,
    cmd = cfg.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    settings = settings,
    init_options = settings,
    capabilities = capabilities,
    on_init = function(client)
      -- Neovim (0.7 at least) does not send the settings on its own: push them once. The server
      -- may also ask with workspace/configuration; Neovim answers from `settings`.
      call(client, 'notify', 'workspace/didChangeConfiguration', { settings = client.config.settings })
      return true
    end,
    on_attach = cfg.on_attach,
    on_exit = function()
      vim.schedule(function()
        for r, id in pairs(clients_by_root) do
          if vim.lsp.get_client_by_id(id) == nil or vim.lsp.client_is_stopped(id) then
            clients_by_root[r] = nil
          end
        end
      end)
    end,
  }
end

--- Start (or reuse) the server for this buffer's root and attach it. Returns the client id.
--- `force`: skip the report check (:BaocaoAttach).
function M.attach(bufnr, force)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not M.config then
    M.setup({})
  end
  if vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  if not force and not M.is_report(bufnr) then
    return nil
  end
  local conf = client_config(bufnr)
  if has_start then
    return vim.lsp.start(conf, { bufnr = bufnr })
  end
  local id = clients_by_root[conf.root_dir]
  if id == nil or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(conf)
    if not id then
      return nil
    end
    clients_by_root[conf.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Change settings at runtime (deep-merged into the `baocao` section) and tell running servers.
function M.update_settings(tbl)
  local s = M.config.settings or {}
  if s.baocao then
    s.baocao = deep_extend(s.baocao, tbl.baocao or tbl)
  else
    s = deep_extend(s, tbl.baocao or tbl)
  end
  M.config.settings = s
  local settings = server_settings()
  for _, c in ipairs(get_clients()) do
    c.config.settings = settings
    call(c, 'notify', 'workspace/didChangeConfiguration', { settings = settings })
  end
  M.refresh_diagnostics()
end

--- Ask again for pulled diagnostics (Neovim >= 0.10 pulls when the server offers it, but does
--- not declare workspace/diagnostic/refresh, so a settings change would only show after an edit).
function M.refresh_diagnostics()
  if vim.fn.has('nvim-0.10') == 0 then
    return -- 0.7-0.9: diagnostics are pushed
  end
  for _, c in ipairs(get_clients()) do
    if (c.server_capabilities or {}).diagnosticProvider then
      for _, b in ipairs(vim.lsp.get_buffers_by_client_id(c.id)) do
        local params = { textDocument = { uri = vim.uri_from_bufnr(b) } }
        -- no handler given: Neovim's own textDocument/diagnostic handler stores the result
        call(c, 'request', 'textDocument/diagnostic', params, nil, b)
      end
    end
  end
end

local function apply_action(client, action, bufnr)
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
  end
  local cmd = action.command
  if type(cmd) == 'table' then
    call(client, 'request', 'workspace/executeCommand', cmd, function() end, bufnr)
  end
end

--- Run the `source.fixAll.baocao` code action on a buffer ("Sửa tất cả số liệu") and apply it.
--- Returns the number of actions applied.
function M.fix_all(bufnr, timeout_ms)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local n = vim.api.nvim_buf_line_count(bufnr)
  local last = vim.api.nvim_buf_get_lines(bufnr, n - 1, n, false)[1] or ''
  local applied = 0
  for _, client in ipairs(get_clients({ bufnr = bufnr })) do
    -- the whole buffer: up to the end of its last line, in the client's position encoding
    local enc = client.offset_encoding or 'utf-16'
    local last_len = #last
    if enc ~= 'utf-8' then
      local u32, u16 = vim.str_utfindex(last, #last)
      last_len = enc == 'utf-16' and u16 or u32
    end
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = { start = { line = 0, character = 0 }, ['end'] = { line = n - 1, character = last_len } },
      context = { diagnostics = {}, only = { 'source.fixAll.baocao' } },
    }
    local resp = call(client, 'request_sync', 'textDocument/codeAction', params, timeout_ms or 5000, bufnr)
    for _, action in ipairs((resp and resp.result) or {}) do
      if not action.edit and not action.command and action.kind then
        local r = call(client, 'request_sync', 'codeAction/resolve', action, timeout_ms or 5000, bufnr)
        action = (r and r.result) or action
      end
      if action.kind and action.kind:find('^source%.fixAll') then
        apply_action(client, action, bufnr)
        applied = applied + 1
      end
    end
  end
  if applied == 0 then
    vim.notify('baocao-ls: không có gì cần sửa', vim.log.levels.INFO)
  end
  return applied
end

--- Stop the servers and start them again for every report buffer.
function M.restart()
  local bufs = {}
  for _, c in ipairs(get_clients()) do
    for _, b in ipairs(vim.lsp.get_buffers_by_client_id(c.id) or {}) do
      bufs[#bufs + 1] = b
    end
    call(c, 'stop')
  end
  clients_by_root = {}
  vim.wait(2000, function()
    return #get_clients() == 0
  end, 20)
  for _, b in ipairs(bufs) do
    if vim.api.nvim_buf_is_loaded(b) then
      M.attach(b)
    end
  end
end

local function define_commands()
  local cmd = vim.api.nvim_create_user_command
  cmd('BaocaoAttach', function()
    M.attach(0, true)
  end, { desc = 'baocao-ls: treat this buffer as a report' })
  cmd('BaocaoFixAll', function()
    M.fix_all(0)
  end, { desc = 'baocao-ls: Sửa tất cả số liệu (source.fixAll.baocao)' })
  cmd('BaocaoRestart', function()
    M.restart()
  end, { desc = 'baocao-ls: restart the server' })
  cmd('BaocaoInfo', function()
    local cs = get_clients()
    local lines = { 'baocao-ls: ' .. #cs .. ' client(s); cmd = ' .. table.concat(M.config.cmd, ' ') }
    for _, c in ipairs(cs) do
      lines[#lines + 1] = string.format('  id %d root %s', c.id, c.config.root_dir or '?')
    end
    vim.notify(table.concat(lines, '\n'))
  end, { desc = 'baocao-ls: show clients' })
end

function M.setup(opts)
  M.config = deep_extend(M.defaults, opts or {})
  if not M.config.cmd then
    local env = os.getenv('BAOCAO_LS')
    M.config.cmd = { (env and env ~= '') and env or 'baocao-ls' }
  elseif type(M.config.cmd) == 'string' then
    M.config.cmd = { M.config.cmd }
  end
  local group = vim.api.nvim_create_augroup(group_name, { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- A text/markdown buffer that became a report (new file typed in, comment added): check on save.
  vim.api.nvim_create_autocmd('BufWritePost', {
    group = group,
    callback = function(args)
      local ft = vim.bo[args.buf].filetype
      if vim.tbl_contains(M.config.filetypes, ft) and #get_clients({ bufnr = args.buf }) == 0 then
        M.attach(args.buf)
      end
    end,
  })
  if M.config.commands then
    define_commands()
  end
  -- Buffers already open (lazy-loaded plugin).
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(M.config.filetypes, vim.bo[b].filetype) then
      M.attach(b)
    end
  end
  return M
end

return M
