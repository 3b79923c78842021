/**
 * The manifests of a workspace on disk: the walk every index build makes, and
 * a listing of it with each file's size and modification time (what a warm
 * cache compares), which a worker thread can take while the command line
 * loads (lib/cli/early-scan.ts).
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';

export const MANIFEST = /\.(ya?ml|json)$/i;
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** The manifests under a root with their size and modification time (NaN where the stat failed), in walk order. */
export interface Listing {
  readonly root: string;
  readonly paths: readonly string[];
  readonly size: Float64Array;
  readonly mtimeMs: Float64Array;
  /** When the walk began (ms since the epoch): files changed after it may show their old time. */
  readonly started: number;
}

/**
 * The manifests under `root` in a deterministic order, skipping
 * node_modules and .git; links to directories are followed once (by real
 * path), so link loops end.
 */
export function* walkManifests(root: string): Generator<string> {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    try {
      const real = realpathSync(dir);
      if (seen.has(real)) continue;
      seen.add(real);
    } catch {
      continue;
    }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    const subdirs: string[] = [];
    for (const e of entries) {
      if (SKIPPED_DIRS.has(e.name)) continue;
      const abs = prefix + e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) subdirs.push(abs);
      else if (isFile && MANIFEST.test(e.name)) yield abs;
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

/** The listing of a workspace root, taken before the run asked for it; undefined when none was taken for that root. */
export type ListingSource = (root: string) => Listing | undefined;

/** Files per chunk of a shared listing: a chunk is stat'ed whole by the thread that claims it. */
const CHUNK = 128;
const FREE = 0;
const CLAIMED = 1;
const DONE = 2;

/**
 * A listing whose stats two threads share (a worker thread and the run's
 * main thread, lib/cli/early-scan.ts): in shared memory, by chunks that
 * each thread claims (FREE, CLAIMED, DONE) before stat'ing them.
 */
export interface SharedListing extends Listing {
  readonly chunks: Int32Array;
}

/** The manifests under `root` (walkManifests), none stat'ed yet. */
export function listShared(root: string): SharedListing {
  const started = Date.now();
  const paths = [...walkManifests(root)];
  const n = paths.length;
  return {
    root,
    paths,
    size: new Float64Array(new SharedArrayBuffer(8 * n)),
    mtimeMs: new Float64Array(new SharedArrayBuffer(8 * n)),
    chunks: new Int32Array(new SharedArrayBuffer(4 * Math.ceil(n / CHUNK))),
    started,
  };
}

function statChunk(l: SharedListing, c: number): void {
  const end = Math.min(l.paths.length, (c + 1) * CHUNK);
  for (let i = c * CHUNK; i < end; i++) {
    let st;
    try {
      st = statSync(l.paths[i]!, { throwIfNoEntry: false });
    } catch {
      st = undefined;
    }
    l.size[i] = st?.size ?? NaN;
    l.mtimeMs[i] = st?.mtimeMs ?? NaN;
  }
}

/** Stats every chunk no thread has claimed yet, from the first or from the last. */
export function statFree(l: SharedListing, fromEnd = false): void {
  const count = l.chunks.length;
  for (let k = 0; k < count; k++) {
    const c = fromEnd ? count - 1 - k : k;
    if (Atomics.compareExchange(l.chunks, c, FREE, CLAIMED) !== FREE) continue;
    statChunk(l, c);
    Atomics.store(l.chunks, c, DONE);
    Atomics.notify(l.chunks, c);
  }
}

/**
 * Stats what is left, then waits for the chunks another thread holds; a
 * chunk it has not finished within `patienceMs` (the thread died) is
 * stat'ed here.
 */
export function finishListing(l: SharedListing, patienceMs = 2000): Listing {
  statFree(l);
  for (let c = 0; c < l.chunks.length; c++) {
    if (Atomics.wait(l.chunks, c, CLAIMED, patienceMs) === 'timed-out' && Atomics.load(l.chunks, c) !== DONE) statChunk(l, c);
  }
  return l;
}

/** Walks `root` and stats each manifest found, on this thread alone. */
export function listManifests(root: string): Listing {
  return finishListing(listShared(root));
}
