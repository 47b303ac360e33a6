-- Neovim (0.7, Debian) as a second, non-VS Code client of the built server. It attaches to the
-- file given on the command line, waits for diagnostics, asks for a hover and writes what it got
-- to $K8S_ROUTE_OUT, one fact per line, then quits. Driven by test/lsp/neovim.test.ts.
local out = io.open(os.getenv('K8S_ROUTE_OUT'), 'w')
local function log(line) out:write(line, '\n'); out:flush() end

local diagnostics = nil
local client_id = vim.lsp.start_client({
  name = 'k8s-route',
  cmd = { os.getenv('K8S_ROUTE_NODE'), os.getenv('K8S_ROUTE_SERVER'), '--stdio' },
  root_dir = os.getenv('K8S_ROUTE_ROOT'),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(_, result)
      if result and vim.uri_to_fname(result.uri) == vim.api.nvim_buf_get_name(0) and #result.diagnostics > 0 then
        diagnostics = result.diagnostics
      end
    end,
  },
})

vim.api.nvim_create_autocmd('VimEnter', { callback = function() vim.defer_fn(function()
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'yaml'
  vim.lsp.buf_attach_client(bufnr, client_id)
  local ok = vim.wait(20000, function() return diagnostics ~= nil end, 50)
  log('diagnostics ' .. tostring(ok))
  for _, d in ipairs(diagnostics or {}) do
    log(string.format('diagnostic %d:%d %s %s', d.range.start.line, d.range.start.character, d.code, d.message))
  end
  local line = tonumber(os.getenv('K8S_ROUTE_HOVER_LINE'))
  local character = tonumber(os.getenv('K8S_ROUTE_HOVER_CHARACTER'))
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = character } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 10000)
  for _, response in pairs(responses or {}) do
    if response.result then log('hover ' .. response.result.contents.value:gsub('\n', ' ')) end
  end
  vim.lsp.stop_client(client_id)
  vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  out:close()
  vim.cmd('qa!')
end, 0) end })
