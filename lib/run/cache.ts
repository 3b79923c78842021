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
import type { ObjectHeader, ObjectLink, RepoIndex, StoredIndex } from './repo-index.ts';
import { contentHash, keyOf, kindKey } from './repo-index.ts';

const FORMAT = 3;

export interface CacheKey {
  /** The shootlint version: a new version may index differently. */
  readonly version: string;
  /** Anything else the index depends on (configuration files, options), as one string. */
  readonly config: string;
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

/**
 * A cache file's rows as the index reads them (StoredIndex). The file is
 * columnar so that reading it builds almost nothing: paths one string, sizes
 * and times arrays of numbers, hashes one string, each row's objects its own
 * JSON text (parsed only when a reference leads there), and for each name,
 * link and kind key (sorted) the rows holding one.
 */
class StoredRows implements StoredIndex {
  readonly rows: number;
  private readonly rels: readonly string[];
  private readonly byRel = new Map<string, number>();

  constructor(
    readonly strings: readonly string[],
    private readonly columns: Columns,
    readonly trustedBefore: number,
  ) {
    this.rels = columns.rel === '' ? [] : columns.rel.split('\n');
    this.rows = this.rels.length;
    for (let i = 0; i < this.rels.length; i++) this.byRel.set(this.rels[i]!, i);
  }

  /** The row's objects as stored (the JSON text of their arrays). */
  rawObjects(row: number): string {
    return this.columns.objects[row]!;
  }

  row(rel: string): number | undefined {
    return this.byRel.get(rel);
  }

  rel(row: number): string {
    return this.rels[row]!;
  }

  size(row: number): number {
    return this.columns.size[row]!;
  }

  mtimeMs(row: number): number {
    return this.columns.mtime[row]!;
  }

  hash(row: number): string {
    return this.columns.hash.slice(row * HASH_LENGTH, (row + 1) * HASH_LENGTH);
  }

  objects(row: number): ObjectHeader[] {
    let stored: unknown;
    try {
      stored = JSON.parse(this.columns.objects[row]!);
    } catch {
      return [];
    }
    const headers: ObjectHeader[] = [];
    for (const o of Array.isArray(stored) ? stored : []) {
      const h = toHeader(o, this.strings);
      if (h) headers.push(h);
    }
    return headers;
  }

  named(key: string): readonly number[] {
    return lookup(this.columns.named, key);
  }

  linking(key: string): readonly number[] {
    return lookup(this.columns.linking, key);
  }

  ofKind(key: string): readonly number[] {
    return lookup(this.columns.ofKind, key);
  }
}

const HASH_LENGTH = 16;

/** Keys (sorted, one string) and for key i the rows rows[start[i]] .. rows[start[i + 1] - 1]. */
interface Table {
  readonly keys: string;
  readonly start: number[];
  readonly rows: number[];
  /** `keys` split, on first use. */
  split?: string[];
}

interface Columns {
  readonly rel: string;
  readonly size: number[];
  readonly mtime: number[];
  readonly hash: string;
  readonly objects: string[];
  readonly named: Table;
  readonly linking: Table;
  readonly ofKind: Table;
}

/** Index of `key` in the sorted `list`, or -1. */
function search(list: readonly string[], key: string): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (v === key) return mid;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function lookup(table: Table, key: string): readonly number[] {
  const keys = (table.split ??= table.keys === '' ? [] : table.keys.split('\n'));
  const i = search(keys, key);
  return i < 0 ? [] : table.rows.slice(table.start[i], table.start[i + 1]);
}

const isNumbers = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number');

function isTable(t: unknown, rows: number): t is Table {
  if (!isRecord(t) || typeof t.keys !== 'string' || !Array.isArray(t.start) || !Array.isArray(t.rows)) return false;
  const keys = t.keys === '' ? 0 : t.keys.split('\n').length;
  return isNumbers(t.start, keys + 1) && isNumbers(t.rows, t.rows.length) && t.rows.every((r) => Number.isInteger(r) && r >= 0 && r < rows);
}

function isColumns(data: Record<string, unknown>): data is Record<string, unknown> & Columns {
  const { rel, size, mtime, hash, objects } = data;
  if (typeof rel !== 'string' || typeof hash !== 'string' || !Array.isArray(objects)) return false;
  const rels = rel === '' ? [] : rel.split('\n');
  const n = rels.length;
  // Relative, without `..`: a cache cannot name files outside its root.
  if (rels.some((r) => r === '' || r.startsWith('/') || r === '..' || r.startsWith('../') || r.endsWith('/..') || r.includes('/../'))) return false;
  if (!isNumbers(size, n) || !isNumbers(mtime, n) || hash.length !== n * HASH_LENGTH || objects.length !== n) return false;
  if (!objects.every((o) => typeof o === 'string')) return false;
  return isTable(data.named, n) && isTable(data.linking, n) && isTable(data.ofKind, n);
}

/** The checksum that opens a cache file: `{"check":"<16 characters>",` then the rest of the JSON. */
const CHECK_OPEN = '{"check":"';
const CHECK_LENGTH = CHECK_OPEN.length + HASH_LENGTH + 2;

/**
 * Reads a cache file for `root`; undefined when it is missing, unreadable, of
 * another key or altered in any way (its checksum covers every byte after it,
 * so a truncated or edited file is never used).
 */
export function readCache(file: string, root: string, key: CacheKey): StoredIndex | undefined {
  let data: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    if (!text.startsWith(CHECK_OPEN) || text.slice(CHECK_LENGTH - 2, CHECK_LENGTH) !== '",') return undefined;
    if (contentHash(text.slice(CHECK_LENGTH)) !== text.slice(CHECK_OPEN.length, CHECK_LENGTH - 2)) return undefined;
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(data) || data.format !== FORMAT || data.version !== key.version || data.config !== key.config || data.root !== root) return undefined;
  if (typeof data.started !== 'number' || !Array.isArray(data.strings) || !isColumns(data)) return undefined;
  const strings = data.strings as unknown[];
  if (!strings.every((x) => typeof x === 'string')) return undefined;
  // Two seconds of margin: some file systems keep modification times in whole seconds.
  return new StoredRows(strings as string[], data, data.started - 2000);
}

interface Row {
  readonly rel: string;
  readonly size: number;
  readonly mtime: number;
  readonly hash: string;
  /** JSON text of the objects' arrays. */
  readonly objects: string;
  /** The name, link and kind keys of its objects. */
  readonly keys: { named: string[]; linking: string[]; ofKind: string[] };
}

function tableOf(rows: readonly Row[], which: keyof Row['keys']): Table {
  const byKey = new Map<string, number[]>();
  rows.forEach((r, i) => {
    for (const k of r.keys[which]) {
      const list = byKey.get(k);
      if (!list) byKey.set(k, [i]);
      else if (list.at(-1) !== i) list.push(i);
    }
  });
  const keys = [...byKey.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const start: number[] = [];
  const out: number[] = [];
  for (const k of keys) {
    start.push(out.length);
    out.push(...byKey.get(k)!);
  }
  start.push(out.length);
  return { keys: keys.join('\n'), start, rows: out };
}

/**
 * Writes the index to the cache file (entries without a hash are left out).
 * Rows the index reused from the cache are written as they were read.
 * `started` is when the walk that built the index began: a file modified
 * after it may have changed again within the same clock tick.
 */
export function writeCache(file: string, index: RepoIndex, key: CacheKey, started: number): boolean {
  const stored = index.storedRowsInForce();
  const reuse = stored?.stored instanceof StoredRows ? stored.stored : undefined;
  const strings: string[] = reuse ? [...reuse.strings] : [];
  const ids = new Map<string, number>(strings.map((x, i) => [x, i]));
  const intern = (x: string): number => {
    let id = ids.get(x);
    if (id === undefined) {
      id = strings.length;
      strings.push(x);
      ids.set(x, id);
    }
    return id;
  };
  const keysOf = (objects: readonly ObjectHeader[]): Row['keys'] => ({
    named: objects.map((o) => keyOf(o.kind, o.name)),
    linking: objects.flatMap((o) => (o.links ?? []).map((l) => keyOf(l.kind, l.name))),
    ofKind: objects.map((o) => kindKey(o.apiVersion, o.kind)),
  });
  const rows: Row[] = [];
  const add = (rel: string, size: number, mtime: number, hash: string, objects: readonly ObjectHeader[], raw?: string): void => {
    if (!/^[A-Za-z0-9+/]{16}$/.test(hash) || rel.includes('\n')) return;
    rows.push({ rel, size, mtime, hash, objects: raw ?? JSON.stringify(objects.map((o) => fromHeader(o, intern))), keys: keysOf(objects) });
  };
  for (const f of index.liveFiles()) add(relative(index.root, f.path).split(sep).join('/'), f.size, f.mtimeMs, f.hash, f.objects);
  if (stored) {
    const s = stored.stored;
    for (const row of stored.rows) add(s.rel(row), s.size(row), s.mtimeMs(row), s.hash(row), s.objects(row), reuse?.rawObjects(row));
  }
  rows.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const body = JSON.stringify({
    format: FORMAT, version: key.version, config: key.config, root: index.root, started, strings,
    rel: rows.map((r) => r.rel).join('\n'),
    size: rows.map((r) => r.size),
    mtime: rows.map((r) => r.mtime),
    hash: rows.map((r) => r.hash).join(''),
    objects: rows.map((r) => r.objects),
    named: tableOf(rows, 'named'),
    linking: tableOf(rows, 'linking'),
    ofKind: tableOf(rows, 'ofKind'),
  }).slice(1);
  const text = `${CHECK_OPEN}${contentHash(body)}",${body}`;
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
