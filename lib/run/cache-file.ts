/**
 * Where the workspace index is cached (`--cache`, `--cache-location`): apart
 * from the cache itself, so the early listing of a warm run
 * (lib/run/scan-worker.ts) finds it without loading the index code.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The operating system's cache directory for shootlint. */
export function osCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'shootlint', 'Cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'shootlint');
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && xdg.startsWith('/')) return join(xdg, 'shootlint');
  const home = homedir();
  return home ? join(home, '.cache', 'shootlint') : join(tmpdir(), 'shootlint-cache');
}

/**
 * The cache file of a workspace root. `location` (`--cache-location`) is a
 * file, or a directory when it ends with a separator or is one; the default
 * directory is `node_modules/.cache/shootlint/` in the root when the root has
 * `node_modules`, else the operating system's cache directory.
 */
export function cacheFile(root: string, cwd: string, location?: string, env?: Readonly<Record<string, string | undefined>>): string {
  const name = `index-${createHash('sha1').update(root).digest('hex').slice(0, 16)}.json`;
  if (location !== undefined) {
    const abs = resolve(cwd, location);
    if (/[\\/]$/.test(location) || isDir(abs)) return join(abs, name);
    return abs;
  }
  const local = join(root, 'node_modules');
  return join(isDir(local) ? join(local, '.cache', 'shootlint') : osCacheDir(env), name);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
