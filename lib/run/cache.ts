/**
 * The cache of the repository index (`--cache`): one JSON file per workspace
 * root, holding each file's path, size, modification time, content hash and
 * objects. It is used only when its format, the shootlint version and the
 * configuration fingerprint match, and then only file by file (RepoIndex
 * re-reads what changed); a missing, stale, truncated or malformed cache is
 * ignored and rewritten, never trusted. Writes go to a temporary file that
 * replaces the cache in one rename, so a reader never sees half a file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isRecord } from '../engine/record.ts';
import type { IndexedFile, ObjectHeader, ObjectLink, RepoIndex } from './repo-index.ts';

const FORMAT = 1;

export interface CacheKey {
  /** The shootlint version: a new version may index differently. */
  readonly version: string;
  /** Anything else the index depends on (configuration files, options), as one string. */
  readonly config: string;
}

export interface LoadedCache {
  readonly files: Map<string, IndexedFile>;
  /** Entries modified at or after this time are re-hashed before reuse. */
  readonly trustedBefore: number;
}

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

type Row = [string, number, number, string, unknown[]];

function toLink(v: unknown): ObjectLink | undefined {
  if (!Array.isArray(v) || v.length !== 3) return undefined;
  const [kind, name, namespaced] = v;
  if (typeof kind !== 'string' || typeof name !== 'string' || typeof namespaced !== 'number') return undefined;
  return { kind, name, namespaced: namespaced === 1 };
}

function toHeader(v: unknown): ObjectHeader | undefined {
  if (!Array.isArray(v) || v.length < 4 || v.length > 5) return undefined;
  const [apiVersion, kind, name, namespace, links] = v;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') return undefined;
  if (namespace !== null && typeof namespace !== 'string') return undefined;
  let parsedLinks: ObjectLink[] | undefined;
  if (links !== undefined) {
    if (!Array.isArray(links)) return undefined;
    parsedLinks = [];
    for (const l of links) {
      const link = toLink(l);
      if (!link) return undefined;
      parsedLinks.push(link);
    }
  }
  return { apiVersion, kind, name, ...(namespace !== null ? { namespace } : {}), ...(parsedLinks?.length ? { links: parsedLinks } : {}) };
}

function fromHeader(o: ObjectHeader): unknown[] {
  const row: unknown[] = [o.apiVersion, o.kind, o.name, o.namespace ?? null];
  if (o.links?.length) row.push(o.links.map((l) => [l.kind, l.name, l.namespaced ? 1 : 0]));
  return row;
}

/** Reads a cache file for `root`; undefined when it is missing, unreadable, of another key or malformed in any way. */
export function readCache(file: string, root: string, key: CacheKey): LoadedCache | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(data) || data.format !== FORMAT || data.version !== key.version || data.config !== key.config || data.root !== root) return undefined;
  if (typeof data.started !== 'number' || !Array.isArray(data.files)) return undefined;
  const files = new Map<string, IndexedFile>();
  for (const row of data.files as unknown[]) {
    if (!Array.isArray(row) || row.length !== 5) return undefined;
    const [rel, size, mtimeMs, hash, objects] = row as Row;
    if (typeof rel !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof hash !== 'string' || hash === '' || !Array.isArray(objects)) return undefined;
    const headers: ObjectHeader[] = [];
    for (const o of objects) {
      const h = toHeader(o);
      if (!h) return undefined;
      headers.push(h);
    }
    const path = resolve(root, rel);
    files.set(path, { path, size, mtimeMs, hash, objects: headers });
  }
  // Two seconds of margin: some file systems keep modification times in whole seconds.
  return { files, trustedBefore: data.started - 2000 };
}

/**
 * Writes the index to the cache file (entries without a hash are left out).
 * `started` is when the walk that built the index began: a file modified
 * after it may have changed again within the same clock tick.
 */
export function writeCache(file: string, index: RepoIndex, key: CacheKey, started: number): boolean {
  const files: Row[] = [];
  for (const f of index.files()) {
    if (!f.hash) continue;
    files.push([relative(index.root, f.path).split(sep).join('/'), f.size, f.mtimeMs, f.hash, f.objects.map(fromHeader)]);
  }
  files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const text = JSON.stringify({ format: FORMAT, version: key.version, config: key.config, root: index.root, started, files });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    return true;
  } catch {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
    return false;
  }
}
