-- Neovim's built-in LSP client against `threadlint lsp`: diagnostics arrive
-- with the right check ids and lines, an unsaved edit removes one, and a quick
-- fix applied from a code action removes the other.
local threadlint = os.getenv('THREADLINT')
local file = os.getenv('FIXTURE')

local function fail(message)
  io.stderr:write('FAIL: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local function say(message)
  io.stdout:write(message .. '\n')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buffer = vim.api.nvim_get_current_buf()
local on_disk = table.concat(vim.fn.readfile(file), '\n')

local client_id = vim.lsp.start_client({
  name = 'threadlint',
  cmd = { threadlint, 'lsp' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
  init_options = { debounceMs = 100 },
})
if not client_id then
  fail('the client did not start')
end
vim.lsp.buf_attach_client(buffer, client_id)

local function codes()
  local found = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
    found[diagnostic.code] = diagnostic.lnum + 1
  end
  return found
end

-- 1. Both findings, on their lines.
if not vim.wait(60000, function()
  local found = codes()
  return found['threadlint-detached-thread'] and found['threadlint-async-launch-policy']
end, 50) then
  fail('no diagnostics within 60 s: ' .. vim.inspect(vim.diagnostic.get(buffer)))
end
local found = codes()
if found['threadlint-detached-thread'] ~= 10 then
  fail('detached-thread reported on line ' .. tostring(found['threadlint-detached-thread']))
end
if found['threadlint-async-launch-policy'] ~= 14 then
  fail('async-launch-policy reported on line ' .. tostring(found['threadlint-async-launch-policy']))
end
for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
  if diagnostic.source ~= 'threadlint' then
    fail('source is ' .. tostring(diagnostic.source))
  end
end
say('diagnostics: ' .. vim.inspect(found))

-- 2. Edit without saving: join instead of detach.
vim.api.nvim_buf_set_lines(buffer, 9, 10, true, { '  worker.join();' })
if not vim.wait(60000, function()
  local now = codes()
  return now['threadlint-detached-thread'] == nil and now['threadlint-async-launch-policy'] ~= nil
end, 50) then
  fail('the edited-away finding is still reported: ' .. vim.inspect(codes()))
end
if table.concat(vim.fn.readfile(file), '\n') ~= on_disk then
  fail('the file on disk changed')
end
say('after the unsaved edit: ' .. vim.inspect(codes()))

-- 3. Apply the quick fix offered for the std::async line.
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buffer) },
  range = { start = { line = 13, character = 0 }, ['end'] = { line = 13, character = 0 } },
  context = { diagnostics = {} },
}
local responses = vim.lsp.buf_request_sync(buffer, 'textDocument/codeAction', params, 30000)
local fix
for _, response in pairs(responses or {}) do
  for _, action in ipairs(response.result or {}) do
    if action.isPreferred and action.edit then
      fix = action
    end
  end
end
if not fix then
  fail('no quick fix offered: ' .. vim.inspect(responses))
end
vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
local fixed_line = vim.api.nvim_buf_get_lines(buffer, 13, 14, true)[1]
if not fixed_line:find('std::async%(std::launch::async, compute%)') then
  fail('the quick fix did not apply: ' .. fixed_line)
end
if not vim.wait(60000, function() return #vim.diagnostic.get(buffer) == 0 end, 50) then
  fail('diagnostics remain after the quick fix: ' .. vim.inspect(codes()))
end
say('quick fix applied: ' .. fixed_line)

vim.lsp.stop_client(client_id)
say('PASS')
vim.cmd('qall!')
