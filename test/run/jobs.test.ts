/**
 * `--jobs N`: batches linted on worker threads give the bytes of an
 * in-process run, whatever N and the batch size; a worker that dies is an
 * internal error of each file of its batch (exit 2), and the run ends.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempTree } from '../cli/run-cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

function corpus(shoots: number): string {
  const dir = tempTree({});
  const g = spawnSync(process.execPath, [join(ROOT, 'test', 'bench', 'gen-shoots.mjs'), dir, String(shoots), '--force', '--seed', '11'], { encoding: 'utf8' });
  assert.is(g.status, 0, g.stderr);
  return dir;
}

test('--jobs 1 and --jobs 2 give the same bytes in every format, whatever the batch size', async () => {
  const dir = corpus(80);
  try {
    for (const format of ['json', 'sarif', 'stylish', 'junit']) {
      const one = await runCli(dir, ['--no-config', '--jobs', '1', '-f', format, '.']);
      assert.is(one.code, 1, one.stderr);
      for (const batch of ['5', '33']) {
        const two = await runCli(dir, ['--no-config', '--jobs', '2', '-f', format, '.'], { env: { SHOOTLINT_BATCH_FILES: batch } });
        assert.is(two.code, one.code, two.stderr);
        assert.ok(two.stdout === one.stdout, `${format}, batches of ${batch}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the fixtures: the same bytes with --jobs 2 in batches of one file', async () => {
  const one = await runCli(ROOT, ['--no-config', '--no-workspace', '--jobs', '1', '-f', 'json', 'test/fixtures/rules', 'test/fixtures/workspace', 'examples']);
  const two = await runCli(ROOT, ['--no-config', '--no-workspace', '--jobs', '2', '-f', 'json', 'test/fixtures/rules', 'test/fixtures/workspace', 'examples'], { env: { SHOOTLINT_BATCH_FILES: '1' } });
  assert.is(two.code, one.code);
  assert.ok(two.stdout === one.stdout);
});

test('a worker that dies: an internal error for each file of its batch, exit 2, no hang', async () => {
  const dir = corpus(20);
  try {
    // A heap no worker can lint in: every worker dies on its first batch.
    const r = await runCli(dir, ['--no-config', '--jobs', '2', '-f', 'json', '.'], { env: { SHOOTLINT_BATCH_FILES: '3', SHOOTLINT_WORKER_HEAP_MB: '2' } });
    assert.is(r.code, 2, r.stderr);
    const files = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; message: string; line: number }[] }[];
    assert.ok(files.length > 0);
    for (const f of files) {
      assert.equal(f.messages.map((m) => m.ruleId), ['internal-error'], f.filePath);
      assert.match(f.messages[0]!.message, /^internal error: a lint worker (failed|exited)/);
    }
    assert.not.match(r.stdout + r.stderr, /\n\s+at /, 'no stack trace');
    const bad = await runCli(dir, ['--jobs', '0', '.']);
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /--jobs takes a whole number of at least 1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the bundle\'s workers start whatever node flags the parent runs with', () => {
  const dir = corpus(12);
  try {
    // An embedding program run as `node --input-type=module -e ...`: workers must not inherit the flag.
    const program = `import { main } from ${JSON.stringify(join(ROOT, 'dist', 'cli.mjs'))};
let out = '';
const code = await main(['--no-config', '--jobs', '2', '-f', 'json', ${JSON.stringify(dir)}], { cwd: ${JSON.stringify(dir)}, stdout: (s) => { out += s; }, stderr: (s) => process.stderr.write(s), readStdin: () => '', isTTY: false, env: { SHOOTLINT_BATCH_FILES: '2' } });
process.stdout.write(String(code) + '\\n' + out);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
    assert.is(r.stdout.split('\n')[0], '1', r.stderr);
    assert.not.match(r.stdout, /internal-error/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
