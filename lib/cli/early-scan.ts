/**
 * The early stats of a warm `--cache` run: bin/shootlint.js starts them
 * before the command line's bundle loads, so a worker thread stats the files
 * the cache holds (scan-worker.ts) on another core while the main thread
 * loads, reads its configuration, the given files and the cache, and walks
 * the workspace; the index then compares the cache with these stats, and the
 * main thread stats only what the worker has not reached. Started only when
 * the arguments mention the cache (and not with SHOOTLINT_EARLY_SCAN=0); the
 * worker decides whether the run reads a cache. Any failure leaves the run to
 * stat the files itself.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { PostedStats } from './scan-worker.ts';
import type { EarlyStats } from '../run/shared-stats.ts';

/** How long a run waits for the worker's first message before it stats the files itself (a worker that failed to start). */
const PATIENCE_MS = 2000;

export function startEarlyScan(argv: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>> = process.env): EarlyStats | undefined {
  if (env.SHOOTLINT_EARLY_SCAN === '0' || !argv.some((a) => a === '--cache' || a.startsWith('--cache-location'))) return undefined;
  const { port1, port2 } = new MessageChannel();
  // Set to 1 by the worker once its message (or null) is on the port: the run waits for it without the event loop.
  const posted = new Int32Array(new SharedArrayBuffer(4));
  try {
    const worker = new Worker(new URL('./scan-worker.cjs', import.meta.url), {
      workerData: { earlyScan: true, argv: [...argv], cwd, port: port2, posted },
      transferList: [port2],
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    // Not waited for unless the run asks for the stats (a run that needs none exits at once). A worker
    // that fails leaves the run to stat the files itself: its error is not the run's.
    worker.unref();
    worker.on('error', () => {});
  } catch {
    return undefined;
  }
  let taken = false;
  return (root, checksum) => {
    if (taken) return undefined;
    taken = true;
    if (Atomics.wait(posted, 0, 0, PATIENCE_MS) === 'timed-out') return undefined;
    const m = receiveMessageOnPort(port1)?.message as PostedStats | null | undefined;
    port1.close();
    return m && m.root === root && m.checksum === checksum ? m : undefined;
  };
}
