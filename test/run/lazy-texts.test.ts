/**
 * A lint run keeps no file's text from collection to its batch: files are
 * read (and their objects' headers recorded) when collected, then read again
 * when their batch is linted. What a batch lints is so the file as it is at
 * that moment: a file changed after an earlier batch was handed on is linted
 * as changed, and one deleted meanwhile is a read error of that file, not a
 * crash of the run. With `--jobs N` the worker that lints a batch reads its
 * files: the main thread sends where they are, not their texts.
 */
import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RULES } from '../../rules/index.ts';
import type { FileResult } from '../../lib/engine/types.ts';
import { detached, DiskSource, loadSources, toSent } from '../../lib/run/disk-source.ts';
import { LintPool } from '../../lib/run/pool.ts';
import { headersOf } from '../../lib/run/repo-index.ts';
import { auditedShoot } from './manifests.ts';
import { parseCli } from '../../lib/cli/args.ts';
import { collectSources, configLookup, engineConfigs } from '../../lib/run/setup.ts';
import { lintRun } from '../../lib/run/workspace.ts';
import { shoot, tempTree } from '../cli/run-cli.ts';

function corpus(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 6; i++) files[`s-${i}.yaml`] = shoot(`s-${i}`, false).replace('garden-dev', `garden-${i}`);
  return tempTree(files);
}

async function lintCorpus(root: string, noWorkspace: boolean, onFirst: () => void, workers = false): Promise<FileResult[]> {
  const opts = parseCli(['--no-config', ...(noWorkspace ? ['--no-workspace'] : []), '.']);
  const io = { cwd: root, stderr: () => {}, readStdin: () => '' };
  const engine = engineConfigs(configLookup(opts, root, RULES), opts, root, RULES);
  const { files } = collectSources(opts, io, engine, true, true);
  assert.ok(files.every((f) => f instanceof DiskSource), 'collected without their texts');
  const out: FileResult[] = [];
  await lintRun(opts, root, engine, files, false, [], (f) => {
    if (out.length === 0) onFirst();
    out.push(f);
  }, { batchFiles: 2, ...(workers ? { pool: () => new LintPool({ jobs: 2, setup: { opts, cwd: root, ...(noWorkspace ? {} : { root }) } }), window: 2 } : {}) });
  return out;
}

test('each batch reads its files when it is linted: a later file changed or deleted after the first batch is linted as it is then', async () => {
  for (const [noWorkspace, workers] of [[true, false], [false, false], [true, true], [false, true]] as const) {
    const root = corpus();
    try {
      const out = await lintCorpus(root, noWorkspace, () => {
        writeFileSync(join(root, 's-4.yaml'), shoot('s-4', true).replace('garden-dev', 'garden-4'));
        unlinkSync(join(root, 's-5.yaml'));
      }, workers);
      const ids = (path: string): string[] => out.find((f) => f.filePath === path)!.messages.map((m) => m.ruleId);
      assert.equal(out.map((f) => f.filePath), ['s-0.yaml', 's-1.yaml', 's-2.yaml', 's-3.yaml', 's-4.yaml', 's-5.yaml']);
      assert.not.ok(ids('s-3.yaml').includes('242395'), 'unchanged: the dashboard is off');
      assert.ok(ids('s-4.yaml').includes('242395'), `changed after collection: linted as it is now (${noWorkspace ? '--no-workspace' : 'workspace'}${workers ? ', workers' : ''})`);
      assert.equal(ids('s-5.yaml'), ['read-error']);
      assert.match(out.find((f) => f.filePath === 's-5.yaml')!.messages[0]!.message, /^cannot read file: no such file/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});

test('loadSources: a collected file read now, in memory; plain sources as they are', () => {
  const root = corpus();
  try {
    const d = new DiskSource('s-0.yaml', join(root, 's-0.yaml'), 1, [], 1 << 20);
    assert.not.ok(Object.values(d).some((v) => typeof v === 'string' && v.includes('kind: Shoot')), 'a DiskSource holds no text');
    const plain = { path: 'x.yaml', text: 'a: 1\n' };
    const { files, failed } = loadSources([d, plain]);
    assert.equal(files, [{ path: 's-0.yaml', text: readFileSync(join(root, 's-0.yaml'), 'utf8') }, plain]);
    assert.equal(failed, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a lint worker reads the files it is sent by path (the main thread sends no text of them); one gone is named with why', async () => {
  const root = corpus();
  const opts = parseCli(['--no-config', '--no-workspace', '.']);
  const pool = new LintPool({ jobs: 1, setup: { opts, cwd: root } });
  try {
    const d = new DiskSource('s-0.yaml', join(root, 's-0.yaml'), 1, [], 1 << 20);
    const sent = [d, new DiskSource('gone.yaml', join(root, 'gone.yaml'), 1, [], 1 << 20), { path: 'mem.yaml', text: shoot('mem', true) }].map(toSent);
    assert.equal(sent[0], { path: 's-0.yaml', abs: join(root, 's-0.yaml'), maxBytes: 1 << 20 }, 'a file on disk is sent as where it is');
    assert.equal(sent[2], { path: 'mem.yaml', text: shoot('mem', true) }, 'a text in memory is sent as it is');
    writeFileSync(join(root, 's-0.yaml'), shoot('s-0', true));
    const reply = await pool.lint(sent, false, { keep: ['s-0.yaml', 'gone.yaml', 'mem.yaml'], results: false });
    assert.equal(reply.output.files.map((f) => f.filePath), ['s-0.yaml', 'mem.yaml']);
    assert.ok(reply.output.files[0]!.messages.some((m) => m.ruleId === '242395'), 'linted as the file is when the worker reads it');
    assert.equal(reply.gone.map((g) => g.path), ['gone.yaml']);
    assert.match(reply.gone[0]!.message, /^cannot read file: no such file/);
  } finally {
    await pool.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('detached: the same headers as the scan gives, links and namespaces included', () => {
  const text = `${auditedShoot('dev', 'dev-audit-policy')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n`;
  const scanned = headersOf('x.yaml', text);
  assert.ok(scanned.some((h) => h.links?.length) && scanned.some((h) => h.namespace === undefined), 'links, and an object without a namespace');
  assert.equal(detached(scanned), scanned);
});

test.run();
