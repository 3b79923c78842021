/**
 * test/run.mjs, the runner behind `npm test`: its closing line counts passed,
 * failed and skipped tests correctly (uvu's Total leaves skipped tests out), and
 * its exit code follows the failures.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = resolve(import.meta.dirname, '..');
const UVU = pathToFileURL(join(ROOT, 'node_modules', 'uvu', 'dist', 'index.mjs')).href;

/** Runs the runner on a folder of test files; returns its closing line and exit code. */
function run(files: Record<string, string>): { last: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-runner-'));
  try {
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), `import { test } from '${UVU}';\n${body}\ntest.run();\n`);
    const r = spawnSync(process.execPath, [join(ROOT, 'test', 'run.mjs'), '', dir], { cwd: ROOT, encoding: 'utf8' });
    const lines = r.stdout.trim().split('\n');
    return { last: lines[lines.length - 1] ?? '', status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('passing and skipped tests: "N passed, 0 failed, N skipped", exit 0', () => {
  const r = run({
    'a.test.ts': "test('one', () => {});\ntest('two', () => {});\ntest.skip('three', () => {});",
    'b.test.ts': "test('four', () => {});",
  });
  assert.is(r.last, '3 passed, 0 failed, 1 skipped');
  assert.is(r.status, 0);
});

test('a failing test among passing and skipped ones: counted once, exit 1', () => {
  const r = run({
    'a.test.ts': "test('one', () => {});\ntest('two', () => { throw new Error('no'); });\ntest.skip('three', () => {});",
    'b.test.ts': "test('four', () => {});",
  });
  assert.is(r.last, '2 passed, 1 failed, 1 skipped');
  assert.is(r.status, 1);
});

test('no skipped tests: no skipped count', () => {
  const r = run({ 'a.test.ts': "test('one', () => {});" });
  assert.is(r.last, '1 passed, 0 failed');
  assert.is(r.status, 0);
});

test.run();
