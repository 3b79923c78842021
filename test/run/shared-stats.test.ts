/**
 * Stats two threads share (lib/run/shared-stats.ts): a worker takes chunks
 * from the last, this thread the rest as it asks for them, and every answer
 * is the file's own stat; a file gone is NaN; a chunk claimed by a thread that
 * never finishes is waited for once, then stat'ed here.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedStats, statFree, statOf } from '../../lib/run/shared-stats.ts';
import { tempTree } from '../cli/run-cli.ts';

function files(n: number): string[] {
  const tree: Record<string, string> = {};
  for (let i = 0; i < n; i++) tree[`f/${String(i).padStart(4, '0')}.yaml`] = `# ${'x'.repeat(i % 50)}\n`;
  const root = tempTree(tree);
  return Object.keys(tree).map((p) => join(root, p));
}

const own = (p: string): { size: number; mtimeMs: number } => ({ size: statSync(p).size, mtimeMs: statSync(p).mtimeMs });

test('a worker stats from the last chunk; this thread gets every file\'s own stat', async () => {
  const paths = files(1000);
  const s = sharedStats(paths.length);
  assert.ok(s.chunks.length >= 4, `${s.chunks.length} chunks`);
  // The worker runs statFree from the last chunk, as the early stats' worker does (shared-stats.ts through tsx).
  const module = new URL('../../lib/run/shared-stats.ts', import.meta.url).href;
  const boot = `const { workerData } = require('node:worker_threads');
    import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(module)}); })
      .then((m) => m.statFree(workerData.s, (i) => workerData.paths[i], true));`;
  const worker = new Worker(boot, { eval: true, workerData: { s, paths } });
  const exited = new Promise((r) => worker.once('exit', r));
  // This thread starts once the worker has finished a chunk.
  const last = s.chunks.length - 1;
  Atomics.wait(s.chunks, last, 0, 10_000);
  Atomics.wait(s.chunks, last, 1, 10_000);
  assert.is(Atomics.load(s.chunks, last), 2, 'the worker did the last chunk');
  const got = paths.map((_, i) => statOf(s, i, (j) => paths[j]!));
  await exited;
  assert.equal([...s.chunks].filter((c) => c !== 2), [], 'every chunk done');
  assert.equal(got, paths.map(own));
});

test('a file gone before its stat is NaN', () => {
  const paths = files(3);
  const s = sharedStats(paths.length);
  rmSync(paths[1]!);
  statFree(s, (i) => paths[i]!);
  const gone = statOf(s, 1, (i) => paths[i]!);
  assert.ok(Number.isNaN(gone.size) && Number.isNaN(gone.mtimeMs));
  assert.equal(statOf(s, 2, (i) => paths[i]!), own(paths[2]!));
});

test('a chunk claimed by a thread that never finishes is waited for once, then stat\'ed here and marked done', () => {
  const paths = files(400);
  const s = sharedStats(paths.length);
  Atomics.store(s.chunks, 1, 1); // claimed, never done
  statFree(s, (i) => paths[i]!, true);
  assert.is(Atomics.load(s.chunks, 1), 1);
  const t = performance.now();
  const i = 200; // in chunk 1 (128 files per chunk)
  assert.equal(statOf(s, i, (j) => paths[j]!, 50), own(paths[i]!));
  assert.ok(performance.now() - t >= 40, 'it waited for the claimed chunk');
  assert.is(Atomics.load(s.chunks, 1), 2, 'done: the chunk\'s other files are not waited for again');
  assert.equal(paths.map((_, j) => statOf(s, j, (k) => paths[k]!)), paths.map(own));
});

test.run();
