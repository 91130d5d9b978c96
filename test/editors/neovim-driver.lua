-- Drives Neovim's own LSP client, headless: waits for the diagnostics, completes with omnifunc
-- (<C-x><C-o>, then <C-y>) so that Neovim itself applies the item, then asks for a hover.
-- Written for Neovim 0.7 (Debian 12) and later. The result goes to $NVIM_RESULT as JSON.
local result = { filetype = vim.bo.filetype, diagnostics = {} }
local buf = vim.api.nvim_get_current_buf()
local keys = function(k) vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), 'n', false) end

local function finish(err)
  result.error = err
  local clients = vim.lsp.buf_get_clients(buf)
  for _, client in pairs(clients) do result.server_pid = client.rpc.pid end
  local f = assert(io.open(os.getenv('NVIM_RESULT'), 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local function find(needle)
  for row, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then return row, col - 1 end
  end
  error('not in the buffer: ' .. needle)
end

local function hover()
  local row, col = find('"timeout_hours"')
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = row - 1, character = col + 2 } }
  for _, response in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000) or {}) do
    if response.result then result.hover = response.result.contents.value end
  end
  finish(nil)
end

if not vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then return finish('no diagnostics arrived') end
for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, message = d.message }) end

-- Complete the endpoint being typed inside its quotes: `"/v1/emb|"`.
local row, col = find('/v1/emb"')
vim.api.nvim_win_set_cursor(0, { row, col + #'/v1/emb' })
vim.o.completeopt = 'menuone,noinsert'
vim.api.nvim_create_autocmd('InsertLeave', { once = true, callback = function()
  result.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
  vim.schedule(hover)
end })
local timer = vim.loop.new_timer()
local deadline = vim.loop.now() + 20000
timer:start(20, 20, vim.schedule_wrap(function()
  local items = vim.fn.complete_info({ 'items' }).items
  if #items > 0 then
    timer:stop()
    result.offered = vim.tbl_map(function(i) return i.word end, items)
    keys('<C-y><Esc>')
  elseif vim.loop.now() > deadline then
    timer:stop()
    finish('no completion was offered')
  end
end))
keys('i<C-x><C-o>')
