/**
 * The early listing of a warm `--cache` run: bin/shootlint.js starts it
 * before the command line's bundle loads, so a worker thread walks the
 * workspace and stats its manifests (scan-worker.ts) on another core
 * while the main thread loads, reads its configuration, the given files and
 * the cache; when the run needs the listing, the main thread stats what the
 * worker has not yet, and compares the listing with its cache. It is started
 * only when the arguments mention the cache; the worker decides whether the
 * run needs it. Any failure leaves the run to list the workspace itself.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { PostedListing } from './scan-worker.ts';
import type { ListingSource, SharedListing } from '../run/walk.ts';
import { finishListing } from '../run/walk.ts';

/** How long a run waits for the worker's listing before it lists the workspace itself (a worker that failed to start). */
const PATIENCE_MS = 2000;

export function startEarlyScan(argv: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>> = process.env): ListingSource | undefined {
  if (env.SHOOTLINT_EARLY_SCAN === '0' || !argv.some((a) => a === '--cache' || a.startsWith('--cache-location'))) return undefined;
  const { port1, port2 } = new MessageChannel();
  // Set to 1 by the worker once its listing (or null) is on the port: the run waits for it without the event loop.
  const posted = new Int32Array(new SharedArrayBuffer(4));
  try {
    const worker = new Worker(new URL('./scan-worker.cjs', import.meta.url), {
      workerData: { earlyScan: true, argv: [...argv], cwd, port: port2, posted },
      transferList: [port2],
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    // Not waited for unless the run asks for the listing (a run that needs no index exits at once).
    worker.unref();
  } catch {
    return undefined;
  }
  let taken = false;
  return (root) => {
    if (taken) return undefined;
    taken = true;
    if (Atomics.wait(posted, 0, 0, PATIENCE_MS) === 'timed-out') return undefined;
    const m = receiveMessageOnPort(port1)?.message as PostedListing | null | undefined;
    port1.close();
    return m && m.root === root ? finishListing(received(m)) : undefined;
  };
}

function received(m: PostedListing): SharedListing {
  return { root: m.root, paths: m.paths === '' ? [] : m.paths.split('\u0000'), size: m.size, mtimeMs: m.mtimeMs, chunks: m.chunks, started: m.started };
}
