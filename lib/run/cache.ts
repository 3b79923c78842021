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

const FORMAT = 2;

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

/**
 * Objects are stored as arrays, with apiVersion, kind, namespace and link
 * kinds as indexes into one string table (they repeat across files):
 * [apiVersion, kind, name, namespace or -1, links?] and links [kind, name, 0|1].
 */
function toLink(v: unknown, strings: readonly string[]): ObjectLink | undefined {
  if (!Array.isArray(v) || v.length !== 3) return undefined;
  const kind = strings[v[0] as number];
  const name: unknown = v[1];
  if (typeof kind !== 'string' || typeof name !== 'string' || (v[2] !== 0 && v[2] !== 1)) return undefined;
  return { kind, name, namespaced: v[2] === 1 };
}

function toHeader(v: unknown, strings: readonly string[]): ObjectHeader | undefined {
  if (!Array.isArray(v) || v.length < 4 || v.length > 5) return undefined;
  const apiVersion = strings[v[0] as number];
  const kind = strings[v[1] as number];
  const name: unknown = v[2];
  const namespace = v[3] === -1 ? null : strings[v[3] as number];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string' || namespace === undefined) return undefined;
  if (v.length === 4) return namespace === null ? { apiVersion, kind, name } : { apiVersion, kind, name, namespace };
  if (!Array.isArray(v[4]) || v[4].length === 0) return undefined;
  const links: ObjectLink[] = [];
  for (const l of v[4] as unknown[]) {
    const link = toLink(l, strings);
    if (!link) return undefined;
    links.push(link);
  }
  return namespace === null ? { apiVersion, kind, name, links } : { apiVersion, kind, name, namespace, links };
}

function fromHeader(o: ObjectHeader, intern: (s: string) => number): unknown[] {
  const row: unknown[] = [intern(o.apiVersion), intern(o.kind), o.name, o.namespace === undefined ? -1 : intern(o.namespace)];
  if (o.links?.length) row.push(o.links.map((l) => [intern(l.kind), l.name, l.namespaced ? 1 : 0]));
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
  if (typeof data.started !== 'number' || !Array.isArray(data.files) || !Array.isArray(data.strings)) return undefined;
  const strings = data.strings as unknown[];
  if (!strings.every((x) => typeof x === 'string')) return undefined;
  const files = new Map<string, IndexedFile>();
  const prefix = root.endsWith(sep) ? root : root + sep;
  for (const row of data.files as unknown[]) {
    if (!Array.isArray(row) || row.length !== 5) return undefined;
    const [rel, size, mtimeMs, hash, objects] = row as Row;
    if (typeof rel !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof hash !== 'string' || hash === '' || !Array.isArray(objects)) return undefined;
    const headers: ObjectHeader[] = [];
    for (const o of objects) {
      const h = toHeader(o, strings as string[]);
      if (!h) return undefined;
      headers.push(h);
    }
    // Relative, without `..`: a cache cannot name files outside its root.
    if (rel === '' || rel.startsWith('/') || rel.split('/').includes('..')) return undefined;
    const path = prefix + (sep === '/' ? rel : rel.split('/').join(sep));
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
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const intern = (x: string): number => {
    let id = ids.get(x);
    if (id === undefined) {
      id = strings.length;
      strings.push(x);
      ids.set(x, id);
    }
    return id;
  };
  for (const f of index.files()) {
    if (!f.hash) continue;
    files.push([relative(index.root, f.path).split(sep).join('/'), f.size, f.mtimeMs, f.hash, f.objects.map((o) => fromHeader(o, intern))]);
  }
  files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const text = JSON.stringify({ format: FORMAT, version: key.version, config: key.config, root: index.root, started, strings, files });
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
