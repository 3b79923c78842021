/** The language server over JSON-RPC: an open patch file shows the findings of the overlay that uses it. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LspClient } from '../lsp/client.ts';
import { fixtureCopy, MISSING, toolEnv, toolsPresent } from './tools.ts';

if (!toolsPresent && !process.env.CI) {
  console.warn(`render language server test skipped: ${MISSING}`);
  test.skip('language server renders');
} else {
  test('an open strategic-merge patch shows its overlay\'s findings at the patch line, not the patch read as a Shoot; re-rendered on save', async () => {
    assert.ok(toolsPresent, `${MISSING}; .ci/run fetches them`);
    const dir = fixtureCopy('gitops');
    const c = new LspClient({ PATH: toolEnv().PATH });
    try {
      await c.initialize({}, { debounceMs: 0 }, [dir]);
      const path = join(dir, 'overlays', 'ssh', 'enable-ssh.yaml');
      const uri = pathToFileURL(path).href;
      await c.open(uri, readFileSync(path, 'utf8'));
      const d = await c.waitFor((p) => p.uri === uri && p.diagnostics.length > 0, 60_000);
      const codes = d.diagnostics.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${x.code}`).sort();
      assert.equal(codes, ['10:18 242393', '10:18 242394']);
      assert.match(d.diagnostics[0].message, 'SSH access to the worker nodes is enabled');

      // Fixed on disk and saved: the overlay renders clean.
      const fixed = readFileSync(path, 'utf8').replace('enabled: true', 'enabled: false');
      writeFileSync(path, fixed);
      await c.change(uri, 2, [{ text: fixed }]);
      await c.rpc.sendNotification('textDocument/didSave', { textDocument: { uri } });
      const clean = await c.waitFor((p) => p.uri === uri && p.diagnostics.length === 0, 60_000);
      assert.equal(clean.diagnostics, []);
    } finally {
      await c.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
