/**
 * The worker thread of the early listing (early-scan.ts): reads the
 * command line as the CLI will, and when the run is one in the context of a
 * workspace whose index cache exists (a warm `--cache` run), lists the
 * workspace's manifests (lib/run/walk.ts), posts the listing, and stats its
 * files from the last while the main thread, once it needs them, stats them
 * from the first; otherwise posts null. Nothing is written.
 */
import { existsSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import { parseCli, SUBCOMMANDS } from './args.ts';
import { cacheFile } from '../run/cache-file.ts';
import type { SharedListing } from '../run/walk.ts';
import { listShared, statFree } from '../run/walk.ts';
import { workspaceRootOf } from '../run/workspace-root.ts';

/** The listing as posted: the paths joined by NUL (one string to clone), the rest in shared memory. */
export interface PostedListing {
  readonly root: string;
  readonly paths: string;
  readonly size: Float64Array;
  readonly mtimeMs: Float64Array;
  readonly chunks: Int32Array;
  readonly started: number;
}

/** The listing a run of `argv` in `cwd` would compare with its cache; undefined when it builds no index from a cache. */
export function warmListing(argv: readonly string[], cwd: string): SharedListing | undefined {
  if ((SUBCOMMANDS as readonly string[]).includes(argv[0] ?? '')) return undefined;
  try {
    const opts = parseCli(argv);
    if (opts.help || opts.version || opts.printRules || !opts.cache || opts.noWorkspace || opts.paths.length === 0) return undefined;
    const root = workspaceRootOf(opts, cwd);
    if (!existsSync(cacheFile(root, cwd, opts.cacheLocation))) return undefined;
    return listShared(root);
  } catch {
    return undefined; // the run itself reports what is wrong with its command line
  }
}

export function posted(l: SharedListing): PostedListing {
  return { root: l.root, paths: l.paths.join('\u0000'), size: l.size, mtimeMs: l.mtimeMs, chunks: l.chunks, started: l.started };
}

if (workerData?.earlyScan === true) {
  const { port, posted: flag } = workerData as { port: MessagePort; posted: Int32Array; argv: string[]; cwd: string };
  const l = warmListing(workerData.argv as string[], workerData.cwd as string);
  port.postMessage(l ? posted(l) : null);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  if (l) statFree(l, true);
  port.close();
}
