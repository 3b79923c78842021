/**
 * A file of a run that is not held in memory: read (and checked) when the
 * run collects it, which records its objects' headers (the index, the
 * batches and the context plan need no more), then read again when its
 * batch is linted and dropped after. A run of 100,000 Shoots so holds the
 * texts of the batches in flight, not those of the corpus.
 */
import type { SourceFile } from '../engine/types.ts';
import { readTextFile } from '../input/read-file.ts';
import type { TextFile } from '../input/read-file.ts';
import type { ObjectHeader } from './scan.ts';

/** What a run says of a file it cannot read (found, but unreadable, too large, not a regular file). */
export function readErrorMessage(message: string): string {
  const hint = message.includes('FIFO') ? '; to lint a stream, pass - and pipe it to standard input' : '';
  return message.startsWith('file ') ? `${message}; not linted` : `cannot read file: ${message}${hint}`;
}

/** A text read for the run (a file, standard input, a List item) as the engine's source file. */
export function sourceOf(path: string, t: TextFile): SourceFile {
  return t.nonUtf8At === undefined ? { path, text: t.text } : { path, text: t.text, nonUtf8: { offset: t.nonUtf8At, byte: t.nonUtf8Byte! } };
}

/** Strings many headers share (apiVersions, kinds, namespaces, referenced names), held once. */
const shared = new Map<string, string>();

/** A copy of `s` that holds nothing of the text it was cut from (a short flat string). */
function copy(s: string): string {
  return (' ' + s).slice(1);
}

function once(s: string): string {
  let v = shared.get(s);
  if (v === undefined) {
    if (shared.size >= 100_000) shared.clear();
    shared.set((v = copy(s)), v);
  }
  return v;
}

/**
 * Headers that hold nothing of the text they were scanned from: a name the
 * scan cut out of a text is a slice that keeps the whole text alive (V8's
 * sliced strings), so each is copied; strings many headers share are held once.
 */
export function detached(headers: readonly ObjectHeader[]): readonly ObjectHeader[] {
  return headers.map((h) => {
    const out: { -readonly [K in keyof ObjectHeader]: ObjectHeader[K] } = { apiVersion: once(h.apiVersion), kind: once(h.kind), name: copy(h.name) };
    if (h.namespace !== undefined) out.namespace = once(h.namespace);
    if (h.links) out.links = h.links.map((l) => ({ kind: once(l.kind), name: once(l.name), namespaced: l.namespaced }));
    return out;
  });
}

export class DiskSource implements SourceFile {
  readonly nonUtf8?: { readonly offset: number; readonly byte: number };

  constructor(
    readonly path: string,
    /** Absolute path. */
    readonly abs: string,
    /** Bytes read when collected. */
    readonly size: number,
    /** Its objects, from the text read when collected. */
    readonly headers: readonly ObjectHeader[],
    readonly maxBytes: number,
    nonUtf8?: { readonly offset: number; readonly byte: number },
  ) {
    if (nonUtf8) this.nonUtf8 = nonUtf8;
  }

  /** The text, read from disk at each use (see `loadSources`); a file gone since it was collected throws. */
  get text(): string {
    const read = this.load();
    if (read instanceof SourceGone) throw read;
    return read.text;
  }

  /** The file as it is now, in memory; why not when it can no longer be read. */
  load(): SourceFile | SourceGone {
    const read = readTextFile(this.abs, this.maxBytes, '--max-file-size');
    if (!read.ok) return new SourceGone(this.path, readErrorMessage(read.message));
    return sourceOf(this.path, read);
  }
}

/**
 * A file a lint worker reads itself (a DiskSource as sent to a worker: its
 * name, where it is and the byte limit), so that the main thread neither
 * reads a batch's texts nor copies them to the worker.
 */
export interface SourceOnDisk {
  readonly path: string;
  readonly abs: string;
  readonly maxBytes: number;
}

/** What a worker is sent of a batch's files: a DiskSource as a SourceOnDisk, any other file (a text in memory) as it is. */
export type SentSource = SourceFile | SourceOnDisk;

export function toSent(f: SourceFile): SentSource {
  return f instanceof DiskSource ? { path: f.path, abs: f.abs, maxBytes: f.maxBytes } : f;
}

export class SourceGone extends Error {
  override readonly name = 'SourceGone';

  constructor(readonly path: string, message: string) {
    super(message);
  }
}

/**
 * The files with their texts in memory (a DiskSource read now, once): what a
 * batch lints. A file that can no longer be read is left out and named in
 * `failed` with why.
 */
export function loadSources(files: readonly SentSource[]): { files: SourceFile[]; failed: { path: string; message: string }[] } {
  if (!files.some(onDisk)) return { files: [...(files as readonly SourceFile[])], failed: [] };
  const out: SourceFile[] = [];
  const failed: { path: string; message: string }[] = [];
  for (const f of files) {
    if (!onDisk(f)) {
      out.push(f);
      continue;
    }
    const read = readTextFile(f.abs, f.maxBytes, '--max-file-size');
    if (!read.ok) failed.push({ path: f.path, message: readErrorMessage(read.message) });
    else out.push(sourceOf(f.path, read));
  }
  return { files: out, failed };
}

/** A file read from disk when its batch is linted: a DiskSource, or one as sent to a worker. */
function onDisk(f: SentSource): f is SourceOnDisk {
  return f instanceof DiskSource || !('text' in f);
}
