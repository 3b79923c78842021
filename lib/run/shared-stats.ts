/**
 * The sizes and modification times of a list of files, stat'ed by two
 * threads together: the worker of a warm run's early stats (lib/cli/
 * scan-worker.ts) from the last chunk on, and the run's main thread as it
 * needs them. They live in shared memory; each chunk is claimed (FREE ->
 * CLAIMED) by one thread, which stats it whole and marks it DONE.
 */
import { statSync } from 'node:fs';

/** Files per chunk (a power of two). */
const CHUNK_BITS = 7;
const FREE = 0;
const CLAIMED = 1;
const DONE = 2;

export interface SharedStats {
  /** NaN where the stat failed (the file is gone). */
  readonly size: Float64Array;
  readonly mtimeMs: Float64Array;
  readonly chunks: Int32Array;
  /** When the stats began (ms since the epoch): a file changed after it may show its old time. */
  readonly started: number;
}

/** The early stats of a warm cache's files, by row, when a worker took them for this root and the cache with this checksum. */
export type EarlyStats = (root: string, checksum: string) => SharedStats | undefined;

export function sharedStats(files: number): SharedStats {
  return {
    size: new Float64Array(new SharedArrayBuffer(8 * files)),
    mtimeMs: new Float64Array(new SharedArrayBuffer(8 * files)),
    chunks: new Int32Array(new SharedArrayBuffer(4 * Math.ceil(files / (1 << CHUNK_BITS)))),
    started: Date.now(),
  };
}

function statFile(s: SharedStats, i: number, path: string): void {
  let st;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  s.size[i] = st?.size ?? NaN;
  s.mtimeMs[i] = st?.mtimeMs ?? NaN;
}

function statChunk(s: SharedStats, c: number, pathOf: (i: number) => string): void {
  const end = Math.min(s.size.length, (c + 1) << CHUNK_BITS);
  for (let i = c << CHUNK_BITS; i < end; i++) statFile(s, i, pathOf(i));
  Atomics.store(s.chunks, c, DONE);
  Atomics.notify(s.chunks, c);
}

/** Claims a free chunk and stats it; false when another thread had it. */
function claim(s: SharedStats, c: number, pathOf: (i: number) => string): boolean {
  if (Atomics.compareExchange(s.chunks, c, FREE, CLAIMED) !== FREE) return false;
  statChunk(s, c, pathOf);
  return true;
}

/** Stats every chunk no thread has claimed yet, from the first or from the last. */
export function statFree(s: SharedStats, pathOf: (i: number) => string, fromEnd = false): void {
  const count = s.chunks.length;
  for (let k = 0; k < count; k++) claim(s, fromEnd ? count - 1 - k : k, pathOf);
}

/**
 * The size and time of file `i`: as the other thread stat'ed it, else stat'ed
 * here with the rest of its chunk. A chunk the other thread holds is waited
 * for; when it is not done within `patienceMs` (the thread died), it is
 * stat'ed here and marked done (should the thread write it after all, it
 * writes the same files' stats).
 */
export function statOf(s: SharedStats, i: number, pathOf: (i: number) => string, patienceMs = 2000): { size: number; mtimeMs: number } {
  const c = i >> CHUNK_BITS;
  if (Atomics.load(s.chunks, c) !== DONE && !claim(s, c, pathOf)) {
    Atomics.wait(s.chunks, c, CLAIMED, patienceMs);
    if (Atomics.load(s.chunks, c) !== DONE) statChunk(s, c, pathOf);
  }
  return { size: s.size[i]!, mtimeMs: s.mtimeMs[i]! };
}
