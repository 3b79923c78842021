/**
 * The repository index: every manifest under a workspace root, recorded as
 * the objects it holds (apiVersion, kind, namespace, name, and what each
 * object references), without keeping or linting the files. It answers the
 * two questions a run in context asks: which objects does a name reference
 * resolve to (`find`), and which objects reference this one (`referrers`).
 *
 * Files are read once and scanned (scan.ts); a file the scan cannot read
 * exactly is parsed with the engine. A previous index (from the cache, or the
 * language server's last state) is reused file by file when path, size and
 * modification time agree; when only the time changed, the content hash
 * decides. Skipped: `node_modules`, `.git`, files over `maxFileBytes`, and
 * what `ignored` says (the configuration's ignore patterns).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { parseFile } from '../engine/document.ts';
import { isRecord } from '../engine/record.ts';
import type { ObjectHeader, ObjectLink } from './scan.ts';
import { headerOf, scanText } from './scan.ts';

export type { ObjectHeader, ObjectLink } from './scan.ts';

import { MANIFEST, walkManifests } from './walk.ts';
import type { SharedStats } from './shared-stats.ts';
import { statOf } from './shared-stats.ts';
import { absoluteOf } from './cache-file.ts';
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface IndexedFile {
  /** Absolute path. */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** Content hash (the first 96 bits of sha1, base64); empty when the index was built without hashing. */
  readonly hash: string;
  readonly objects: readonly ObjectHeader[];
}

export interface IndexedObject {
  readonly file: IndexedFile;
  readonly object: ObjectHeader;
}

interface Referrer {
  readonly from: IndexedObject;
  readonly link: ObjectLink;
}

/** What identifies an object for references: kind, name and namespace. */
export interface ObjectKey {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string | undefined;
}

export interface BuildOptions {
  readonly root: string;
  /** True for files to leave out (absolute path); the configuration's ignore patterns. */
  readonly ignored?: (abs: string) => boolean;
  readonly maxFileBytes?: number;
  /** Record content hashes (needed to reuse entries across runs). */
  readonly hash?: boolean;
  /** An earlier index (the cache) whose entries are reused when unchanged. */
  readonly stored?: StoredIndex;
  /** The objects of files already read (the files given to the run), by absolute path: indexed without reading them again. */
  readonly known?: ReadonlyMap<string, { readonly size: number; readonly objects: readonly ObjectHeader[] }>;
  /** The root's manifests as walked beforehand (lib/run/walk.ts), instead of a walk here. */
  readonly walked?: { readonly paths: readonly string[] };
  /** The sizes and times of the stored rows' files, by row, as another thread stats them (lib/run/shared-stats.ts). */
  readonly storedStats?: SharedStats;
}

/**
 * An earlier index as the cache holds it: rows of files, turned into entries
 * only when a query needs them, and the rows holding each name, link and
 * kind. An unchanged file costs a stat; nothing of it is built unless a
 * reference leads to it.
 */
export interface StoredIndex {
  /** The number of rows. */
  readonly rows: number;
  /** The row of a path relative to the root (`/` separators). */
  row(rel: string): number | undefined;
  rel(row: number): string;
  size(row: number): number;
  mtimeMs(row: number): number;
  hash(row: number): string;
  objects(row: number): readonly ObjectHeader[];
  /** Rows holding an object of this kind and name (`kind\0name`), linking to one, or of this `apiVersion\0kind`. */
  named(key: string): readonly number[];
  linking(key: string): readonly number[];
  ofKind(key: string): readonly number[];
  /** Rows modified at or after this time (ms) are re-hashed before reuse (their time may not show a change). */
  readonly trustedBefore: number;
  /** The checksum of the cache file it was read from. */
  readonly checksum?: string;
}

export interface BuildStats {
  readonly files: number;
  readonly read: number;
  readonly reused: number;
  readonly parsed: number;
}

export function contentHash(data: Buffer | string): string {
  return createHash('sha1').update(data).digest('base64').slice(0, 16);
}

/** Cheap test before reading further: a Kubernetes object names its kind and apiVersion. */
const mayHoldObjects = (text: string): boolean => text.includes('kind') && text.includes('apiVersion');

/** The objects of a manifest's text: the header scan, else JSON.parse for JSON, else the engine's parse. */
export function headersOf(path: string, text: string): ObjectHeader[] {
  if (!mayHoldObjects(text)) return [];
  const scanned = scanText(text);
  if (scanned) return scanned;
  if (/^\s*[{[]/.test(text)) {
    try {
      return jsonHeaders(JSON.parse(text));
    } catch {
      // not plain JSON: the parse decides
    }
  }
  return parseFile({ path, text }).objects.map((o) => headerOf(o.value, o.apiVersion, o.kind, o.name, o.namespace));
}

/** The objects of a JSON document, as the engine collects them (a List's items). */
function jsonHeaders(value: unknown, out: ObjectHeader[] = []): ObjectHeader[] {
  if (!isRecord(value)) return out;
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return out;
  if (/List$/.test(kind) && Array.isArray(value.items)) {
    for (const item of value.items) jsonHeaders(item, out);
    return out;
  }
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  out.push(headerOf(value, apiVersion, kind, name, namespace));
  return out;
}

/** Whether an object in `objectNs` is visible to a reference from `fromNs` (either side without a namespace matches). */
function visible(fromNs: string | undefined, objectNs: string | undefined): boolean {
  return fromNs === undefined || objectNs === undefined || fromNs === objectNs;
}

/** The key of objects of `kind` named `name` (and of links to them). */
export const keyOf = (kind: string, name: string): string => `${kind}\u0000${name}`;
/** The key of objects of an apiVersion and kind. */
export const kindKey = (apiVersion: string, kind: string): string => `${apiVersion}\u0000${kind}`;
const dirOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf(sep)));

export class RepoIndex {
  private readonly entries = new Map<string, IndexedFile>();
  /** By name, then by file: replacing a file costs its own objects, however many share a name (thousands of Shoots link CloudProfile aws). */
  private readonly byName = new Map<string, Map<string, IndexedObject[]>>();
  private readonly byLink = new Map<string, Map<string, Referrer[]>>();
  /** By apiVersion and kind, then by folder: the files holding such objects. */
  private readonly byKind = new Map<string, Map<string, Set<string>>>();
  stats: BuildStats = { files: 0, read: 0, reused: 0, parsed: 0 };
  /** Rows of the stored index that are still in force (file unchanged, not replaced): 1 per row. */
  private stored: StoredIndex | undefined;
  private inForce: Uint8Array = new Uint8Array(0);
  private storedCount = 0;
  /** Entries built from stored rows, by row (kept, so a row is built once). */
  private readonly built = new Map<number, IndexedFile>();
  private readonly prefix: string;

  constructor(readonly root: string) {
    this.prefix = root.endsWith(sep) ? root : root + sep;
  }

  /** Walks the root and indexes every manifest (see the module comment). */
  static build(opts: BuildOptions): RepoIndex {
    const index = new RepoIndex(opts.root);
    index.useStored(opts.stored);
    const counts = { read: 0, reused: 0, parsed: 0 };
    for (const abs of opts.walked?.paths ?? walkManifests(opts.root)) index.indexFile(abs, opts, counts);
    index.stats = { files: index.size, ...counts };
    return index;
  }

  /**
   * `build` in slices of about `sliceMs` milliseconds: between slices it
   * yields to the event loop (a language server keeps answering meanwhile)
   * and reports the files indexed so far.
   */
  static async buildInSlices(opts: BuildOptions, progress?: (files: number) => void, sliceMs = 8): Promise<RepoIndex> {
    const index = new RepoIndex(opts.root);
    index.useStored(opts.stored);
    const counts = { read: 0, reused: 0, parsed: 0 };
    let n = 0;
    let sliceStart = performance.now();
    let reported = 0;
    for (const abs of walkManifests(opts.root)) {
      index.indexFile(abs, opts, counts);
      if (++n % 8 === 0 && performance.now() - sliceStart >= sliceMs) {
        if (index.size - reported >= 500) {
          reported = index.size;
          progress?.(reported);
        }
        await new Promise<void>((r) => setImmediate(r));
        sliceStart = performance.now();
      }
    }
    index.stats = { files: index.size, ...counts };
    return index;
  }

  private useStored(stored: StoredIndex | undefined): void {
    this.stored = stored;
    this.inForce = new Uint8Array(stored?.rows ?? 0);
  }

  /** A path relative to the root with `/` separators; undefined outside the root. */
  private relOf(abs: string): string | undefined {
    if (!abs.startsWith(this.prefix)) return undefined;
    const rel = abs.slice(this.prefix.length);
    return sep === '/' ? rel : rel.split(sep).join('/');
  }

  private storedRow(abs: string): number | undefined {
    if (!this.stored) return undefined;
    const rel = this.relOf(abs);
    return rel === undefined ? undefined : this.stored.row(rel);
  }

  /** The entry of a stored row in force (built on first use). */
  private storedFile(row: number): IndexedFile {
    let f = this.built.get(row);
    if (!f) {
      const s = this.stored!;
      const path = absoluteOf(this.root, s.rel(row));
      f = { path, size: s.size(row), mtimeMs: s.mtimeMs(row), hash: s.hash(row), objects: s.objects(row) };
      this.built.set(row, f);
    }
    return f;
  }

  /** Stored rows in force among `rows`. */
  private *storedInForce(rows: readonly number[]): Generator<IndexedFile> {
    for (const row of rows) if (this.inForce[row] === 1) yield this.storedFile(row);
  }

  private keepStored(row: number): void {
    if (this.inForce[row] === 1) return;
    this.inForce[row] = 1;
    this.storedCount++;
  }

  private dropStored(row: number): void {
    if (this.inForce[row] !== 1) return;
    this.inForce[row] = 0;
    this.storedCount--;
  }

  private indexFile(abs: string, opts: Omit<BuildOptions, 'root'>, counts: { read: number; reused: number; parsed: number }): void {
    if (opts.ignored?.(abs)) return;
    const read = opts.hash ? undefined : opts.known?.get(abs);
    if (read !== undefined) {
      this.set({ path: abs, size: read.size, mtimeMs: 0, hash: '', objects: read.objects });
      return;
    }
    const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    // A stored row is reused as it is when size and time agree and the time is
    // older than the stored index (a newer one may hide a change within the same
    // clock tick): no read, no hash. Otherwise the file is read, and when its
    // hash is the stored one only the time is new.
    const row = this.storedRow(abs);
    const stored = this.stored;
    if (row !== undefined && stored) {
      let st: { size: number; mtimeMs: number } | undefined;
      try {
        // NaN from the shared stats: the file is gone or unreadable.
        st = opts.storedStats ? statOf(opts.storedStats, row, (r) => absoluteOf(this.root, stored.rel(r))) : statSync(abs, { throwIfNoEntry: false });
      } catch {
        return; // unreadable: left out, as a file that cannot be read
      }
      if (!st || Number.isNaN(st.size) || st.size > maxBytes) return;
      const mtimeMs = stored.mtimeMs(row);
      if (stored.size(row) === st.size && mtimeMs === st.mtimeMs && mtimeMs < stored.trustedBefore) {
        this.keepStored(row);
        counts.reused++;
        return;
      }
    }
    const got = readFile(abs, maxBytes);
    if (!got) return;
    counts.read++;
    const hash = opts.hash ? contentHash(got.data) : '';
    if (row !== undefined && stored && hash && stored.hash(row) === hash) {
      this.set({ ...this.storedFile(row), size: got.size, mtimeMs: got.mtimeMs });
      counts.reused++;
      return;
    }
    const text = got.data.toString('utf8');
    const scanned = mayHoldObjects(text) ? scanText(text) : [];
    if (!scanned) counts.parsed++;
    this.set({ path: abs, size: got.size, mtimeMs: got.mtimeMs, hash, objects: scanned ?? headersOf(abs, text) });
  }

  /** Re-reads one file from disk (created or changed), or drops it (deleted, unreadable, too large, ignored). */
  refresh(abs: string, opts: Pick<BuildOptions, 'ignored' | 'maxFileBytes'> = {}): void {
    this.delete(abs);
    if (!MANIFEST.test(abs) || opts.ignored?.(abs)) return;
    this.indexFile(abs, opts, { read: 0, reused: 0, parsed: 0 });
  }

  get size(): number {
    return this.entries.size + this.storedCount;
  }

  /** How far this index is from the stored one: its rows no longer in force, and the files read anew (changed, added, or re-hashed). */
  get drift(): number {
    return (this.stored?.rows ?? 0) - this.storedCount + this.entries.size;
  }

  *files(): Generator<IndexedFile> {
    yield* this.entries.values();
    for (let row = 0; row < this.inForce.length; row++) if (this.inForce[row] === 1) yield this.storedFile(row);
  }

  /** The stored index and its rows in force (the cache writes them as they are). */
  storedRowsInForce(): { stored: StoredIndex; rows: number[] } | undefined {
    if (!this.stored) return undefined;
    const rows: number[] = [];
    for (let row = 0; row < this.inForce.length; row++) if (this.inForce[row] === 1) rows.push(row);
    return { stored: this.stored, rows };
  }

  /** Entries read or set in this index (not reused as stored rows). */
  liveFiles(): IterableIterator<IndexedFile> {
    return this.entries.values();
  }

  file(path: string): IndexedFile | undefined {
    const live = this.entries.get(path);
    if (live) return live;
    const row = this.storedRow(path);
    return row !== undefined && this.inForce[row] === 1 ? this.storedFile(row) : undefined;
  }

  /** Paths of the files holding an object of this apiVersion and kind, in folder `dir` or anywhere; at most `limit`, unordered. */
  pathsOfKind(apiVersion: string, kind: string, dir?: string, limit = Infinity): string[] {
    const byDir = this.byKind.get(kindKey(apiVersion, kind));
    const out: string[] = [];
    for (const paths of !byDir ? [] : dir === undefined ? byDir.values() : [byDir.get(dir) ?? []]) {
      for (const p of paths) {
        if (out.length >= limit) return out;
        out.push(p);
      }
    }
    for (const f of this.storedInForce(this.stored?.ofKind(kindKey(apiVersion, kind)) ?? [])) {
      if (out.length >= limit) return out;
      if (dir === undefined || dirOf(f.path) === dir) out.push(f.path);
    }
    return out;
  }

  /** Adds or replaces a file's entry. */
  set(file: IndexedFile): void {
    this.delete(file.path);
    this.entries.set(file.path, file);
    for (const object of file.objects) {
      const entry: IndexedObject = { file, object };
      add(this.byName, keyOf(object.kind, object.name), file.path, entry);
      const kind = kindKey(object.apiVersion, object.kind);
      let byDir = this.byKind.get(kind);
      if (!byDir) this.byKind.set(kind, (byDir = new Map()));
      const dir = dirOf(file.path);
      let paths = byDir.get(dir);
      if (!paths) byDir.set(dir, (paths = new Set()));
      paths.add(file.path);
      for (const link of object.links ?? []) add(this.byLink, keyOf(link.kind, link.name), file.path, { from: entry, link });
    }
  }

  /** Indexes a file from its text (an open document, a file changed on disk). */
  setText(path: string, text: string, stat?: { size: number; mtimeMs: number }): IndexedFile {
    const file: IndexedFile = { path, size: stat?.size ?? Buffer.byteLength(text), mtimeMs: stat?.mtimeMs ?? 0, hash: '', objects: headersOf(path, text) };
    this.set(file);
    return file;
  }

  delete(path: string): void {
    const row = this.storedRow(path);
    if (row !== undefined) this.dropStored(row);
    const old = this.entries.get(path);
    if (!old) return;
    this.entries.delete(path);
    for (const object of old.objects) {
      remove(this.byName, keyOf(object.kind, object.name), path);
      const byDir = this.byKind.get(kindKey(object.apiVersion, object.kind));
      const paths = byDir?.get(dirOf(path));
      if (paths?.delete(path) && !paths.size) byDir!.delete(dirOf(path));
      for (const link of object.links ?? []) remove(this.byLink, keyOf(link.kind, link.name), path);
    }
  }

  /** The objects of `kind` named `name` visible from `namespace` (undefined: any), in path order. */
  find(kind: string, name: string, namespace: string | undefined): IndexedObject[] {
    const found: IndexedObject[] = [];
    const key = keyOf(kind, name);
    for (const list of this.byName.get(key)?.values() ?? []) {
      for (const e of list) if (visible(namespace, e.object.namespace)) found.push(e);
    }
    for (const file of this.storedInForce(this.stored?.named(key) ?? [])) {
      for (const object of file.objects) {
        if (object.kind === kind && object.name === name && visible(namespace, object.namespace)) found.push({ file, object });
      }
    }
    return found.sort(byPath);
  }

  /** Where a link from an object in `namespace` leads. */
  resolve(link: ObjectLink, namespace: string | undefined): IndexedObject[] {
    return this.find(link.kind, link.name, link.namespaced ? namespace : undefined);
  }

  /** The objects whose links may lead to `target`, in path order. */
  referrers(target: ObjectKey): IndexedObject[] {
    const found: IndexedObject[] = [];
    const key = keyOf(target.kind, target.name);
    for (const list of this.byLink.get(key)?.values() ?? []) {
      for (const r of list) if (!r.link.namespaced || visible(r.from.object.namespace, target.namespace)) found.push(r.from);
    }
    for (const file of this.storedInForce(this.stored?.linking(key) ?? [])) {
      for (const object of file.objects) {
        const leads = object.links?.some((l) => l.kind === target.kind && l.name === target.name && (!l.namespaced || visible(object.namespace, target.namespace)));
        if (leads) found.push({ file, object });
      }
    }
    return found.sort(byPath);
  }
}

function byPath(a: IndexedObject, b: IndexedObject): number {
  return a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0;
}

function add<V>(map: Map<string, Map<string, V[]>>, key: string, path: string, value: V): void {
  let byFile = map.get(key);
  if (!byFile) map.set(key, (byFile = new Map()));
  const list = byFile.get(path);
  if (list) list.push(value);
  else byFile.set(path, [value]);
}

function remove<V>(map: Map<string, Map<string, V[]>>, key: string, path: string): void {
  const byFile = map.get(key);
  if (!byFile) return;
  byFile.delete(path);
  if (!byFile.size) map.delete(key);
}

/** Reads a file with its size and time in one open; undefined when unreadable, not a file or too large. */
function readFile(abs: string, maxBytes: number): { data: Buffer; size: number; mtimeMs: number } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    const data = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, data, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return { data: off === st.size ? data : data.subarray(0, off), size: off, mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads a manifest's text for linting (undefined when it cannot be read). */
export function readText(abs: string): string | undefined {
  try {
    return readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}
