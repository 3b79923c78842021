/**
 * Where the workspace index is cached (`--cache`, `--cache-location`), and
 * the frame of its file: apart from the cache itself (cache.ts), so the early
 * stats of a warm run (lib/cli/scan-worker.ts) find it and its paths without
 * loading the index code.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';

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
 * The cache file. A first line `shootlint-index <format> <checksum>` (the
 * checksum covers every byte after that line, so a truncated or edited file
 * is never used), a line of JSON (the key, the string table, the row count and
 * the byte length of each section), then the sections, back to back: texts
 * (paths, objects, keys) and little-endian numbers. Nothing is parsed but the
 * paths: sizes, times and offsets are read in place, a row's objects and a
 * table's keys are decoded only when a lookup reaches them.
 */
export const CACHE_MAGIC = 'shootlint-index';
export const CACHE_FORMAT = 4;
export const TABLES = ['named', 'linking', 'ofKind'] as const;
export type TableName = (typeof TABLES)[number];
/** The sections in file order: texts, f64 (8 bytes) and u32 (4 bytes) arrays. */
export const SECTIONS = [
  'rel', 'size', 'mtime', 'hash', 'objectsAt', 'objects',
  ...TABLES.flatMap((t) => [`${t}.keysAt`, `${t}.keys`, `${t}.start`, `${t}.rows`]),
] as const;
export type SectionName = (typeof SECTIONS)[number];

/** A part of the file's bytes; a numbers section is read through a typed array copied from it on first use. */
export interface Section {
  readonly at: number;
  readonly length: number;
  f64s?: Float64Array;
  u32s?: Uint32Array;
}

/**
 * The frame of a cache file: the checksum its first line gives (not checked
 * here), where the checksummed bytes begin, its header and its sections;
 * undefined when the bytes are not framed as a cache of this format. `buf`
 * holds the file's first bytes, at least its two first lines, of `size` in all.
 */
export function cacheFrame(buf: Buffer, size = buf.length): { checksum: string; body: number; head: Record<string, unknown>; sections: Record<SectionName, Section> } | undefined {
  const firstEnd = buf.indexOf(10);
  const headEnd = firstEnd < 0 ? -1 : buf.indexOf(10, firstEnd + 1);
  if (headEnd < 0) return undefined;
  const first = buf.toString('latin1', 0, firstEnd).split(' ');
  if (first.length !== 3 || first[0] !== CACHE_MAGIC || first[1] !== String(CACHE_FORMAT)) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(buf.toString('utf8', firstEnd + 1, headEnd));
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null || Array.isArray(head)) return undefined;
  const { lengths } = head as Record<string, unknown>;
  if (!Array.isArray(lengths) || lengths.length !== SECTIONS.length) return undefined;
  const sections = {} as Record<SectionName, Section>;
  let at = headEnd + 1;
  for (let i = 0; i < SECTIONS.length; i++) {
    const length: unknown = lengths[i];
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) return undefined;
    sections[SECTIONS[i]!] = { at, length };
    at += length;
  }
  if (at !== size) return undefined;
  return { checksum: first[2]!, body: firstEnd + 1, head: head as Record<string, unknown>, sections };
}

/** The absolute path of a path the cache holds (relative to `root`, with `/`). */
export function absoluteOf(root: string, rel: string): string {
  return (root.endsWith(sep) ? root : root + sep) + (sep === '/' ? rel : rel.split('/').join(sep));
}

/**
 * The paths a cache file holds, by row, with its root and checksum, read
 * without checking the checksum: what the early stats of a warm run stat
 * before the run has read the cache (which checks it, and uses these stats
 * only when its checksum is the same).
 */
export function cachedPaths(file: string): { checksum: string; root: string; rels: string[] } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    // Only the first lines and the paths section (the first) are read: a grown header is read again whole.
    let buf = readAt(fd, 0, Math.min(size, 1 << 16));
    let frame = cacheFrame(buf, size);
    if (!frame && buf.length < size) frame = cacheFrame((buf = readAt(fd, 0, size)), size);
    const root = frame?.head.root;
    if (!frame || typeof root !== 'string' || typeof frame.head.rows !== 'number') return undefined;
    const rel = frame.sections.rel;
    const rels = frame.head.rows === 0 ? [] : readAt(fd, rel.at, rel.length).toString('utf8').split('\n');
    return rels.length === frame.head.rows ? { checksum: frame.checksum, root, rels } : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let off = 0;
  while (off < length) {
    const n = readSync(fd, buf, off, length - off, position + off);
    if (n === 0) break;
    off += n;
  }
  return buf.subarray(0, off);
}
