/**
 * The cache of the repository index (`--cache`): one file per workspace
 * root, holding each file's path, size, modification time, content hash and
 * objects. It is used only when its format, the shootlint version and the
 * configuration fingerprint match, and then only file by file (RepoIndex
 * re-reads what changed); a missing, stale, truncated or malformed cache is
 * ignored and rewritten, never trusted. Writes go to a temporary file that
 * replaces the cache in one rename, so a reader never sees half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import type { ObjectHeader, ObjectLink, RepoIndex, StoredIndex } from './repo-index.ts';
import { contentHash, keyOf, kindKey } from './repo-index.ts';
import type { Section, SectionName, TableName } from './cache-file.ts';
import { CACHE_FORMAT, CACHE_MAGIC, cacheFrame, TABLES } from './cache-file.ts';

export interface CacheKey {
  /** The shootlint version: a new version may index differently. */
  readonly version: string;
  /** Anything else the index depends on (configuration files, options), as one string. */
  readonly config: string;
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


/** Typed arrays read in the platform's byte order: the cache is written little-endian, and read only there. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const bytesOf = (buf: Buffer, s: Section, unit: number): ArrayBuffer => buf.buffer.slice(buf.byteOffset + s.at, buf.byteOffset + s.at + s.length - (s.length % unit)) as ArrayBuffer;
const u32 = (buf: Buffer, s: Section, i: number): number => (s.u32s ??= new Uint32Array(bytesOf(buf, s, 4)))[i]!;
const f64 = (buf: Buffer, s: Section, i: number): number => (s.f64s ??= new Float64Array(bytesOf(buf, s, 8)))[i]!;
const text = (buf: Buffer, s: Section, from = 0, to = s.length): string => buf.toString('utf8', s.at + from, s.at + to);

/** Offsets (n + 1 of them) into `into`: from 0, never decreasing, to its end. */
function validOffsets(buf: Buffer, offsets: Section, into: Section, n: number): boolean {
  if (offsets.length !== 4 * (n + 1) || u32(buf, offsets, 0) !== 0 || u32(buf, offsets, n) !== into.length) return false;
  for (let i = 1, prev = 0; i <= n; i++) {
    const v = u32(buf, offsets, i);
    if (v < prev) return false;
    prev = v;
  }
  return true;
}

/** Sorted keys and for key i the rows rows[start[i]] .. rows[start[i + 1] - 1]. */
class Table {
  readonly count: number;

  constructor(
    private readonly buf: Buffer,
    private readonly keysAt: Section,
    private readonly keys: Section,
    private readonly start: Section,
    private readonly rows: Section,
  ) {
    this.count = keysAt.length / 4 - 1;
  }

  /** Whether the offsets hold together and every row is one of `n`. */
  valid(n: number): boolean {
    const { buf } = this;
    if (!Number.isInteger(this.count) || this.count < 0 || this.rows.length % 4 !== 0) return false;
    if (!validOffsets(buf, this.keysAt, this.keys, this.count) || !validOffsets(buf, this.start, this.rows, this.count)) return false;
    for (let i = 0; i < this.rows.length / 4; i++) if (u32(buf, this.rows, i) >= n) return false;
    return true;
  }

  private key(i: number): string {
    return text(this.buf, this.keys, u32(this.buf, this.keysAt, i), u32(this.buf, this.keysAt, i + 1));
  }

  /** The rows of `key` (a binary search over the keys, decoding only those it compares). */
  lookup(key: string): number[] {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.key(mid);
      if (v === key) {
        const out: number[] = [];
        // start holds byte offsets into rows (4 bytes a row).
        for (let b = u32(this.buf, this.start, mid); b < u32(this.buf, this.start, mid + 1); b += 4) out.push(u32(this.buf, this.rows, b / 4));
        return out;
      }
      if (v < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return [];
  }
}

/** A cache file's rows as the index reads them (StoredIndex), read in place from the file's bytes. */
class StoredRows implements StoredIndex {
  private readonly rels: readonly string[];
  private readonly byRel = new Map<string, number>();
  private readonly tables: Record<TableName, Table>;

  constructor(
    readonly rows: number,
    readonly strings: readonly string[],
    private readonly buf: Buffer,
    private readonly sections: Record<SectionName, Section>,
    readonly trustedBefore: number,
    readonly checksum: string,
  ) {
    this.rels = rows === 0 ? [] : text(buf, sections.rel).split('\n');
    for (let i = 0; i < this.rels.length; i++) this.byRel.set(this.rels[i]!, i);
    const t = (name: TableName): Table => new Table(buf, sections[`${name}.keysAt`], sections[`${name}.keys`], sections[`${name}.start`], sections[`${name}.rows`]);
    this.tables = { named: t('named'), linking: t('linking'), ofKind: t('ofKind') };
  }

  /** Whether every section holds together (sizes, offsets, rows in range, paths inside the root). */
  valid(): boolean {
    const { buf, sections: s, rows: n } = this;
    if (this.rels.length !== n || this.byRel.size !== n) return false;
    // Relative, without `..`: a cache cannot name files outside its root.
    if (this.rels.some((r) => r === '' || r.startsWith('/') || r === '..' || r.startsWith('../') || r.endsWith('/..') || r.includes('/../'))) return false;
    if (s.size.length !== 8 * n || s.mtime.length !== 8 * n || s.hash.length !== HASH_LENGTH * n) return false;
    for (let i = 0; i < n; i++) {
      const size = f64(buf, s.size, i);
      if (!Number.isInteger(size) || size < 0 || !Number.isFinite(f64(buf, s.mtime, i))) return false;
    }
    return validOffsets(buf, s.objectsAt, s.objects, n) && TABLES.every((t) => this.tables[t].valid(n));
  }

  /** The row's objects as stored (the JSON text of their arrays). */
  rawObjects(row: number): string {
    const { buf, sections: s } = this;
    return text(buf, s.objects, u32(buf, s.objectsAt, row), u32(buf, s.objectsAt, row + 1));
  }

  row(rel: string): number | undefined {
    return this.byRel.get(rel);
  }

  rel(row: number): string {
    return this.rels[row]!;
  }

  size(row: number): number {
    return f64(this.buf, this.sections.size, row);
  }

  mtimeMs(row: number): number {
    return f64(this.buf, this.sections.mtime, row);
  }

  hash(row: number): string {
    return this.buf.toString('latin1', this.sections.hash.at + row * HASH_LENGTH, this.sections.hash.at + (row + 1) * HASH_LENGTH);
  }

  objects(row: number): ObjectHeader[] {
    let stored: unknown;
    try {
      stored = JSON.parse(this.rawObjects(row));
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
    return this.tables.named.lookup(key);
  }

  linking(key: string): readonly number[] {
    return this.tables.linking.lookup(key);
  }

  ofKind(key: string): readonly number[] {
    return this.tables.ofKind.lookup(key);
  }
}

const HASH_LENGTH = 16;

/**
 * Reads a cache file for `root`; undefined when it is missing, unreadable, of
 * another format or key, or altered in any way (see StoredRows).
 */
export function readCache(file: string, root: string, key: CacheKey): StoredIndex | undefined {
  let buf: Buffer;
  if (!LITTLE_ENDIAN) return undefined;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  const frame = cacheFrame(buf);
  if (!frame || frame.checksum !== contentHash(buf.subarray(frame.body))) return undefined;
  const { head, sections } = frame;
  if (head.version !== key.version || head.config !== key.config || head.root !== root) return undefined;
  const { started, rows, strings } = head;
  if (typeof started !== 'number' || typeof rows !== 'number' || !Number.isInteger(rows) || rows < 0) return undefined;
  if (!Array.isArray(strings) || !strings.every((x) => typeof x === 'string')) return undefined;
  // Two seconds of margin: some file systems keep modification times in whole seconds.
  const stored = new StoredRows(rows, strings as string[], buf, sections, started - 2000, frame.checksum);
  return stored.valid() ? stored : undefined;
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

const f64s = (values: readonly number[]): Buffer => {
  const b = Buffer.allocUnsafe(8 * values.length);
  values.forEach((v, i) => b.writeDoubleLE(v, 8 * i));
  return b;
};
const u32s = (values: readonly number[]): Buffer => {
  const b = Buffer.allocUnsafe(4 * values.length);
  values.forEach((v, i) => b.writeUInt32LE(v, 4 * i));
  return b;
};

/** Texts back to back, and their byte offsets (one more than texts). */
function packed(texts: readonly string[]): [offsets: Buffer, body: Buffer] {
  const bodies = texts.map((t) => Buffer.from(t, 'utf8'));
  const offsets = [0];
  for (const b of bodies) offsets.push(offsets.at(-1)! + b.length);
  return [u32s(offsets), Buffer.concat(bodies)];
}

/** The sections of a table: keys (sorted) with their offsets, then for each key the byte offset of its rows, and the rows. */
function tableOf(rows: readonly Row[], which: keyof Row['keys']): Buffer[] {
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
    start.push(4 * out.length);
    out.push(...byKey.get(k)!);
  }
  start.push(4 * out.length);
  return [...packed(keys), u32s(start), u32s(out)];
}

/**
 * Whether an index built over a cache is worth writing back. Writing costs
 * every row (a large repository's cache is megabytes), while a file the cache
 * does not hold, or holds with another size or time, is only read again by
 * the next run, as it was by this one: a few such files (a change being
 * committed) are cheaper to read again than to write the whole cache for.
 * Without a cache, or once they are many, it is written.
 */
export function worthWriting(index: Pick<RepoIndex, 'drift'>, cached: Pick<StoredIndex, 'rows'> | undefined): boolean {
  if (!cached) return true;
  return index.drift > REWRITE_DRIFT || index.drift * REWRITE_SHARE > cached.rows;
}

/** Files out of step with the cache beyond which it is written again: this many, or more than a 32nd of its rows. */
const REWRITE_DRIFT = 256;
const REWRITE_SHARE = 32;

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
  const sections = [
    Buffer.from(rows.map((r) => r.rel).join('\n'), 'utf8'),
    f64s(rows.map((r) => r.size)),
    f64s(rows.map((r) => r.mtime)),
    Buffer.from(rows.map((r) => r.hash).join(''), 'latin1'),
    ...packed(rows.map((r) => r.objects)),
    ...TABLES.flatMap((t) => tableOf(rows, t)),
  ];
  const head = JSON.stringify({ version: key.version, config: key.config, root: index.root, started, rows: rows.length, strings, lengths: sections.map((b) => b.length) });
  const body = Buffer.concat([Buffer.from(`${head}\n`, 'utf8'), ...sections]);
  const data = Buffer.concat([Buffer.from(`${CACHE_MAGIC} ${CACHE_FORMAT} ${contentHash(body)}\n`, 'latin1'), body]);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, file);
    return true;
  } catch {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
    return false;
  }
}
