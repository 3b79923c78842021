/**
 * The workspace listing (lib/run/walk.ts): the manifests of walkManifests with
 * each file's size and time, stat'ed by chunks that two threads share; a chunk
 * another thread claimed and never finished is stat'ed after the wait.
 */
import { mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { finishListing, listManifests, listShared, statFree, walkManifests } from '../../lib/run/walk.ts';
import { tempTree } from '../cli/run-cli.ts';

function workspace(files: number): string {
  const tree: Record<string, string> = { 'README.md': '# not a manifest\n', 'node_modules/x/cm.yaml': 'kind: ConfigMap\n', 'charts/c/Chart.yaml': 'name: c\n' };
  for (let i = 0; i < files; i++) tree[`shoots/${String(i).padStart(4, '0')}.yaml`] = `# ${'x'.repeat(i % 50)}\n`;
  return tempTree(tree);
}

const statsOf = (paths: readonly string[]): [number, number][] => paths.map((p) => [statSync(p).size, statSync(p).mtimeMs]);
const listed = (l: { size: Float64Array; mtimeMs: Float64Array; paths: readonly string[] }): [number, number][] => l.paths.map((_, i) => [l.size[i]!, l.mtimeMs[i]!]);

test('a listing holds the walk\'s manifests in its order, with their sizes and times', () => {
  const root = workspace(300);
  const l = listManifests(root);
  assert.equal(l.paths, [...walkManifests(root)]);
  assert.is(l.paths.length, 301, 'the shoots and the chart, not node_modules or README.md');
  assert.equal(listed(l), statsOf(l.paths));
  assert.ok(l.started <= Date.now());
});

test('a file gone between the walk and its stat is listed with NaN (left out by the index)', () => {
  const root = workspace(3);
  const l = listShared(root);
  rmSync(join(root, 'shoots/0001.yaml'));
  finishListing(l);
  const i = l.paths.indexOf(join(root, 'shoots/0001.yaml'));
  assert.ok(i >= 0);
  assert.ok(Number.isNaN(l.size[i]!) && Number.isNaN(l.mtimeMs[i]!));
  assert.equal(listed(l).filter((_, j) => j !== i), statsOf(l.paths.filter((_, j) => j !== i)));
});

test('two threads share the stats: a worker takes chunks from the last, this thread the rest', async () => {
  const root = workspace(1000);
  const l = listShared(root);
  assert.ok(l.chunks.length >= 4, `${l.chunks.length} chunks`);
  // The worker runs statFree from the last chunk, as the early listing's worker does (walk.ts through tsx).
  const walk = new URL('../../lib/run/walk.ts', import.meta.url).href;
  const boot = `const { workerData } = require('node:worker_threads');
    import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(walk)}); }).then((m) => m.statFree(workerData, true));`;
  const worker = new Worker(boot, { eval: true, workerData: { ...l } });
  const exited = new Promise((r) => worker.once('exit', r));
  // This thread starts once the worker has finished a chunk.
  Atomics.wait(l.chunks, l.chunks.length - 1, 0, 10_000);
  Atomics.wait(l.chunks, l.chunks.length - 1, 1, 10_000);
  assert.is(Atomics.load(l.chunks, l.chunks.length - 1), 2, 'the worker did the last chunk');
  finishListing(l);
  await exited;
  assert.equal([...l.chunks].filter((s) => s !== 2), [], 'every chunk done');
  assert.equal(listed(l), statsOf(l.paths));
});

test('a chunk claimed by a thread that never finishes is stat\'ed after the wait', () => {
  const root = workspace(400);
  const l = listShared(root);
  Atomics.store(l.chunks, 1, 1); // claimed, never done
  statFree(l, true);
  assert.is(Atomics.load(l.chunks, 1), 1);
  const t = performance.now();
  finishListing(l, 50);
  assert.ok(performance.now() - t >= 40, 'it waited for the claimed chunk');
  assert.equal(listed(l), statsOf(l.paths));
});

test('links to folders are followed once; a link loop ends', () => {
  const root = workspace(2);
  mkdirSync(join(root, 'more'));
  writeFileSync(join(root, 'more/cm.yaml'), 'kind: ConfigMap\n');
  symlinkSync(join(root, 'more'), join(root, 'shoots/more-link'));
  symlinkSync(root, join(root, 'more/loop'));
  const l = listManifests(root);
  assert.equal(l.paths, [...walkManifests(root)]);
  assert.is(l.paths.filter((p) => p.endsWith('cm.yaml')).length, 1);
});

test.run();
