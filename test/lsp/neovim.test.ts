/**
 * End to end with a real editor: headless neovim starts `shootlint lsp` with
 * the configuration the README documents, opens an insecure Shoot, and
 * writes the diagnostics it received to a file for this test to read.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI_FROM_SOURCE, ROOT } from './client.ts';

const nvim = spawnSync('sh', ['-c', 'command -v nvim'], { encoding: 'utf8' }).stdout.trim();

// The README's setup (vim.lsp.start, neovim 0.8+), with start_client for older releases
// such as Debian 12's 0.7; then wait for diagnostics and write them out as JSON.
const INIT_LUA = `
local out = os.getenv('SHOOTLINT_NVIM_OUT')
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'yaml', 'json' },
  callback = function(args)
    local config = { name = 'shootlint', cmd = { 'shootlint', 'lsp' }, root_dir = vim.fn.getcwd() }
    if vim.lsp.start then
      vim.lsp.start(config)
    else
      local id = vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(args.buf, id)
    end
  end,
})
vim.defer_fn(function()
  local buf = vim.api.nvim_get_current_buf()
  local ok = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local items = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(items, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      code = d.code or lsp.code, source = d.source, severity = d.severity, message = d.message,
    })
  end
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode({ ok = ok, filetype = vim.bo[buf].filetype, diagnostics = items }))
  f:close()
  vim.cmd('qa!')
end, 0)
`;

interface NvimDiagnostic {
  lnum: number;
  col: number;
  code: string;
  source: string;
  severity: number;
  message: string;
}

test('neovim receives shootlint diagnostics (rule ids and lines)', () => {
  if (!nvim) {
    if (process.env.CI) assert.unreachable('nvim is required in CI (.ci/run installs neovim)');
    console.warn('neovim test skipped: nvim not installed');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-nvim-'));
  try {
    // `shootlint` on PATH, running this checkout's source.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const args = CLI_FROM_SOURCE.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    writeFileSync(join(bin, 'shootlint'), `#!/bin/sh\nexec '${process.execPath}' ${args} "$@"\n`);
    chmodSync(join(bin, 'shootlint'), 0o755);
    const work = join(dir, 'work');
    mkdirSync(work);
    copyFileSync(join(ROOT, 'test/fixtures/lsp/insecure-shoot.yaml'), join(work, 'shoot.yaml'));
    writeFileSync(join(dir, 'init.lua'), INIT_LUA);
    const out = join(dir, 'out.json');
    const r = spawnSync(nvim, ['--headless', '-n', '-i', 'NONE', '--noplugin', '-u', join(dir, 'init.lua'), 'shoot.yaml'], {
      cwd: work,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
        SHOOTLINT_NVIM_OUT: out,
        XDG_CONFIG_HOME: join(dir, 'config'),
        XDG_DATA_HOME: join(dir, 'data'),
        XDG_STATE_HOME: join(dir, 'state'),
        XDG_CACHE_HOME: join(dir, 'cache'),
      },
    });
    let result: { ok: boolean; filetype: string; diagnostics: NvimDiagnostic[] };
    try {
      result = JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      assert.unreachable(`neovim wrote no result (status ${r.status}, signal ${r.signal})\n${r.stdout}\n${r.stderr}`);
      return;
    }
    assert.is(result.filetype, 'yaml');
    assert.ok(result.ok, 'diagnostics arrived');
    const found = result.diagnostics.map((d) => `${d.code}@${d.lnum + 1}`);
    // Line numbers as the fixture reads (1-based).
    assert.ok(found.includes('242395@10'), found.join(' '));
    assert.ok(found.includes('242400@15'), found.join(' '));
    const dash = result.diagnostics.find((d) => d.code === '242395')!;
    assert.is(dash.col, '      enabled: '.length);
    assert.is(dash.source, 'shootlint');
    assert.ok(result.diagnostics.every((d) => d.source === 'shootlint'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
