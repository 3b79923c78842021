import { rmSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runReport } from '../../lib/report/cli.ts';
import { captureRun } from '../cli/run-cli.ts';
import { fixtureCopy, MISSING, toolEnv, toolsPresent } from './tools.ts';

if (!toolsPresent && !process.env.CI) {
  console.warn(`render report test skipped: ${MISSING}`);
  test.skip('report renders');
} else {
  test('shootlint report judges each overlay as its own Shoot', async () => {
    assert.ok(toolsPresent, `${MISSING}; .ci/run fetches them`);
    const dir = fixtureCopy('gitops');
    try {
      const r = await captureRun((io) => runReport(['-f', 'markdown', '.'], io), dir, { env: { ...toolEnv(), SOURCE_DATE_EPOCH: '0' } });
      assert.is(r.code, 1, r.stderr);
      const row = (overlay: string): string => r.stdout.split('\n').find((l) => l.includes(`[\`${overlay}/kustomization.yaml:1\`]`)) ?? '';
      // Columns: fail, manual, pass, ...: the base and the clean overlay fail nothing, SSH fails two rules, the dashboard one.
      assert.match(row('base'), /\| 0 \| 6 \|/);
      assert.match(row('overlays/upgrade'), /\| 0 \| 6 \|/);
      assert.match(row('overlays/ssh'), /\| 2 \| 6 \|/);
      assert.match(row('overlays/dashboard'), /\| 1 \| 6 \|/);
      assert.not.match(r.stdout, 'enable-ssh.yaml:');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
