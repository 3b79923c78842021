/**
 * The worker thread of a warm run's early stats (early-scan.ts): reads the
 * command line as the CLI will, and when the run is one in the context of a
 * workspace whose index cache exists (a warm `--cache` run), reads the paths
 * the cache holds (not checking it: the run does), posts shared stats for
 * them (lib/run/shared-stats.ts) and stats them from the last chunk on, while
 * the main thread loads, reads the cache and walks the workspace; otherwise
 * posts null. Nothing is written.
 */
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import { parseCli, SUBCOMMANDS } from './args.ts';
import { absoluteOf, cacheFile, cachedPaths } from '../run/cache-file.ts';
import type { SharedStats } from '../run/shared-stats.ts';
import { sharedStats, statFree } from '../run/shared-stats.ts';
import { workspaceRootOf } from '../run/workspace-root.ts';

/** What the worker posts: the stats in shared memory, for the cache of this root and checksum. */
export interface PostedStats extends SharedStats {
  readonly root: string;
  readonly checksum: string;
}

/** The cache a run of `argv` in `cwd` will read, with the absolute paths of its rows; undefined when the run reads none. */
export function warmCache(argv: readonly string[], cwd: string): { root: string; checksum: string; paths: string[] } | undefined {
  if ((SUBCOMMANDS as readonly string[]).includes(argv[0] ?? '')) return undefined;
  try {
    const opts = parseCli(argv);
    // A run that fixes changes files after these stats: it stats them itself.
    if (opts.help || opts.version || opts.printRules || opts.fix || opts.fixDryRun || !opts.cache || opts.noWorkspace || opts.paths.length === 0) return undefined;
    const root = workspaceRootOf(opts, cwd);
    const cached = cachedPaths(cacheFile(root, cwd, opts.cacheLocation));
    if (!cached || cached.root !== root) return undefined;
    return { root, checksum: cached.checksum, paths: cached.rels.map((r) => absoluteOf(root, r)) };
  } catch {
    return undefined; // the run itself reports what is wrong with its command line
  }
}

if (workerData?.earlyScan === true) {
  const { port, posted: flag } = workerData as { port: MessagePort; posted: Int32Array };
  let work: (() => void) | undefined;
  try {
    const warm = warmCache(workerData.argv as string[], workerData.cwd as string);
    const stats = warm && sharedStats(warm.paths.length);
    port.postMessage(warm && stats ? ({ root: warm.root, checksum: warm.checksum, ...stats } satisfies PostedStats) : null);
    if (warm && stats) work = () => statFree(stats, (i) => warm.paths[i]!, true);
  } finally {
    // Posted or not, the run stops waiting.
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  }
  work?.();
  port.close();
}
