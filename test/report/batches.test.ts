/**
 * The report lints in batches (lib/report/judge.ts) and changes nothing a
 * reader sees: every batch size gives the report of one lint of all files, on
 * the generated corpus, the fixtures and the examples, in every format. The
 * one verdict that counts the whole workspace (242442's pass per Shoot)
 * counts every batch's objects.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempTree } from '../cli/run-cli.ts';
import { report } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

async function reportWith(cwd: string, args: string[], batchFiles?: number): Promise<string> {
  const r = await report(['--no-config', ...args], cwd, batchFiles ? { SHOOTLINT_BATCH_FILES: String(batchFiles) } : {});
  assert.ok(r.code !== 2, r.stderr);
  return `${r.code}\n${r.stdout}`;
}

function pages(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(`== ${join(d, e.name).slice(dir.length)}\n${readFileSync(join(d, e.name), 'utf8')}`);
    }
  };
  walk(dir);
  return out.join('\n');
}

test('the generated corpus: the same report in every format whatever the batch size', async () => {
  const dir = tempTree({});
  try {
    const g = spawnSync(process.execPath, [join(ROOT, 'test', 'bench', 'gen-shoots.mjs'), dir, '120', '--force', '--seed', '7'], { encoding: 'utf8' });
    assert.is(g.status, 0, g.stderr);
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    const json = await reportWith(dir, ['-f', 'json', '.']);
    // Every file holds one object: the pass of 242442 counts them all, not a batch's.
    assert.ok(json.includes(`among the ${files.length} object(s) of the workspace`), 'the workspace count of 242442');
    for (const size of [1, 7, 50]) {
      const batched = await reportWith(dir, ['-f', 'json', '.'], size);
      assert.ok(batched === json, `json, batches of ${size}`);
    }
    for (const format of ['html', 'markdown', 'cklb', 'diki']) {
      const whole = await reportWith(dir, ['-f', format, '.']);
      assert.ok((await reportWith(dir, ['-f', format, '.'], 7)) === whole, `${format}, batches of 7`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a directory of pages (summary, one page per Shoot): the same whatever the batch size', async () => {
  const dir = tempTree({});
  try {
    const g = spawnSync(process.execPath, [join(ROOT, 'test', 'bench', 'gen-shoots.mjs'), join(dir, 'shoots'), '230', '--force', '--seed', '3'], { encoding: 'utf8' });
    assert.is(g.status, 0, g.stderr);
    const whole = await reportWith(dir, ['-f', 'html', '-o', 'whole/', 'shoots']);
    const batched = await reportWith(dir, ['-f', 'html', '-o', 'batched/', 'shoots'], 20);
    assert.is(batched, whole);
    const a = pages(join(dir, 'whole'));
    assert.ok(a.includes('shoots/'), 'one page per Shoot');
    assert.ok(pages(join(dir, 'batched')) === a, 'the same pages');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the fixtures and the examples, in their workspace: the same report whatever the batch size', async () => {
  for (const args of [['test/fixtures/workspace/'], ['test/fixtures/workspace/shoot.yaml'], ['examples/', 'test/fixtures/report/'], ['--no-workspace', 'test/fixtures/report/']]) {
    const whole = await reportWith(ROOT, ['-f', 'json', ...args]);
    for (const size of [1, 3]) assert.ok((await reportWith(ROOT, ['-f', 'json', ...args], size)) === whole, `${args.join(' ')}, batches of ${size}`);
  }
});

test.run();
