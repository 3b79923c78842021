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
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { sep } from 'node:path';
import { parseFile } from '../engine/document.ts';
import { isRecord } from '../engine/record.ts';
import type { ObjectHeader, ObjectLink } from './scan.ts';
import { headerOf, scanText } from './scan.ts';

export type { ObjectHeader, ObjectLink } from './scan.ts';

export const MANIFEST = /\.(ya?ml|json)$/i;
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);
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
  /** Entries of an earlier index to reuse when unchanged. */
  readonly previous?: ReadonlyMap<string, IndexedFile>;
  /** Entries of `previous` modified at or after this time (ms) are re-hashed before reuse (their time may not show a change). */
  readonly trustedBefore?: number;
  /** Texts already read (the files given to the run), by absolute path: indexed without reading them again. */
  readonly texts?: ReadonlyMap<string, string>;
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

const keyOf = (kind: string, name: string): string => `${kind}\u0000${name}`;
const kindKey = (apiVersion: string, kind: string): string => `${apiVersion}\u0000${kind}`;
const dirOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf(sep)));

export class RepoIndex {
  private readonly entries = new Map<string, IndexedFile>();
  /** By name, then by file: replacing a file costs its own objects, however many share a name (thousands of Shoots link CloudProfile aws). */
  private readonly byName = new Map<string, Map<string, IndexedObject[]>>();
  private readonly byLink = new Map<string, Map<string, Referrer[]>>();
  /** By apiVersion and kind, then by folder: the files holding such objects. */
  private readonly byKind = new Map<string, Map<string, Set<string>>>();
  stats: BuildStats = { files: 0, read: 0, reused: 0, parsed: 0 };

  constructor(readonly root: string) {}

  /** Walks the root and indexes every manifest (see the module comment). */
  static build(opts: BuildOptions): RepoIndex {
    const index = new RepoIndex(opts.root);
    const counts = { read: 0, reused: 0, parsed: 0 };
    for (const abs of walkManifests(opts.root)) index.indexFile(abs, opts, counts);
    index.stats = { files: index.entries.size, ...counts };
    return index;
  }

  /**
   * `build` in slices of about `sliceMs` milliseconds: between slices it
   * yields to the event loop (a language server keeps answering meanwhile)
   * and reports the files indexed so far.
   */
  static async buildInSlices(opts: BuildOptions, progress?: (files: number) => void, sliceMs = 8): Promise<RepoIndex> {
    const index = new RepoIndex(opts.root);
    const counts = { read: 0, reused: 0, parsed: 0 };
    let n = 0;
    let sliceStart = performance.now();
    let reported = 0;
    for (const abs of walkManifests(opts.root)) {
      index.indexFile(abs, opts, counts);
      if (++n % 8 === 0 && performance.now() - sliceStart >= sliceMs) {
        if (index.entries.size - reported >= 500) {
          reported = index.entries.size;
          progress?.(reported);
        }
        await new Promise<void>((r) => setImmediate(r));
        sliceStart = performance.now();
      }
    }
    index.stats = { files: index.entries.size, ...counts };
    return index;
  }

  private indexFile(abs: string, opts: Omit<BuildOptions, 'root'>, counts: { read: number; reused: number; parsed: number }): void {
    if (opts.ignored?.(abs)) return;
    const known = opts.hash ? undefined : opts.texts?.get(abs);
    if (known !== undefined) {
      this.set({ path: abs, size: Buffer.byteLength(known), mtimeMs: 0, hash: '', objects: headersOf(abs, known) });
      return;
    }
    const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const prev = opts.previous?.get(abs);
    if (prev) {
      let st: Stats | undefined;
      try {
        st = statSync(abs, { throwIfNoEntry: false });
      } catch {
        return; // unreadable: left out, as a file that cannot be read
      }
      if (!st || st.size > maxBytes) return;
      const trusted = opts.trustedBefore === undefined || prev.mtimeMs < opts.trustedBefore;
      if (prev.size === st.size && prev.mtimeMs === st.mtimeMs && trusted && (prev.hash || !opts.hash)) {
        this.set(prev);
        counts.reused++;
        return;
      }
    }
    const got = readFile(abs, maxBytes);
    if (!got) return;
    counts.read++;
    const hash = opts.hash ? contentHash(got.data) : '';
    if (prev && hash && prev.hash === hash) {
      this.set({ ...prev, size: got.size, mtimeMs: got.mtimeMs });
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
    return this.entries.size;
  }

  files(): IterableIterator<IndexedFile> {
    return this.entries.values();
  }

  file(path: string): IndexedFile | undefined {
    return this.entries.get(path);
  }

  /** Paths of the files holding an object of this apiVersion and kind, in folder `dir` or anywhere; at most `limit`, unordered. */
  pathsOfKind(apiVersion: string, kind: string, dir?: string, limit = Infinity): string[] {
    const byDir = this.byKind.get(kindKey(apiVersion, kind));
    const out: string[] = [];
    if (!byDir) return out;
    for (const paths of dir === undefined ? byDir.values() : [byDir.get(dir) ?? []]) {
      for (const p of paths) {
        if (out.length >= limit) return out;
        out.push(p);
      }
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
    for (const list of this.byName.get(keyOf(kind, name))?.values() ?? []) {
      for (const e of list) if (visible(namespace, e.object.namespace)) found.push(e);
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
    for (const list of this.byLink.get(keyOf(target.kind, target.name))?.values() ?? []) {
      for (const r of list) if (!r.link.namespaced || visible(r.from.object.namespace, target.namespace)) found.push(r.from);
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
