/**
 * Where a document's text goes (a lint format, a report): pieces are written as they are made and handed
 * on in blocks of about 64 KiB, so no report is ever one giant string (a page
 * of 10,000 Shoots would not fit in one).
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** Takes the pieces of a document in order. */
export type Write = (piece: string) => void;

const BLOCK = 1 << 16;

/** Collects pieces and hands them to `flush` in blocks; `end()` hands over the rest. */
export class BlockWriter {
  private parts: string[] = [];
  private size = 0;
  /** Characters written so far. */
  length = 0;

  constructor(private readonly flush: (block: string) => void) {}

  readonly write: Write = (piece) => {
    if (piece.length === 0) return;
    this.parts.push(piece);
    this.size += piece.length;
    this.length += piece.length;
    if (this.size >= BLOCK) this.drain();
  };

  end(): void {
    this.drain();
  }

  private drain(): void {
    if (this.size === 0) return;
    const block = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.flush(block);
  }
}

/** Writes a file (creating its directory) through `fill`, block by block. */
export function writeFileIn(path: string, fill: (write: Write) => void): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  try {
    const w = new BlockWriter((block) => void writeSync(fd, block));
    fill(w.write);
    w.end();
  } finally {
    closeSync(fd);
  }
}

/** Hands a document to `out` (e.g. standard output) block by block. */
export function writeTo(out: (block: string) => void, fill: (write: Write) => void): void {
  const w = new BlockWriter(out);
  fill(w.write);
  w.end();
}

/** The whole document as one string, for small documents and tests. */
export function collect(fill: (write: Write) => void): string {
  const parts: string[] = [];
  fill((piece) => void parts.push(piece));
  return parts.join('');
}

/**
 * `JSON.stringify(value, null, 2)` written piece by piece: the properties named
 * in `streamed` (arrays, or iterables written as arrays) one element at a
 * time, the rest whole. The text is the same as JSON.stringify's.
 */
export function writeJson(write: Write, value: Readonly<Record<string, unknown>>, streamed: readonly string[] = []): void {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    write('{}');
    return;
  }
  write('{\n');
  entries.forEach(([k, v], i) => {
    write(`  ${JSON.stringify(k)}: `);
    if (streamed.includes(k) && v !== null && typeof v === 'object' && Symbol.iterator in v) writeJsonArray(write, v as Iterable<unknown>, undefined, '  ');
    else write(indentedJson(v, '  '));
    write(i < entries.length - 1 ? ',\n' : '\n');
  });
  write('}');
}

/** `JSON.stringify([...items].map(map), null, 2)`, one element at a time (each made when it is written). */
export function writeJsonArray<T>(write: Write, items: Iterable<T>, map: (item: T) => unknown = (x) => x, indent = ''): void {
  let first = true;
  for (const item of items) {
    write(first ? '[\n' : ',\n');
    first = false;
    const value = map(item);
    write(`${indent}  ${indentedJson(value === undefined || typeof value === 'function' ? null : value, `${indent}  `)}`);
  }
  write(first ? '[]' : `\n${indent}]`);
}

/**
 * `JSON.stringify(value, null, 2)` with every line after the first indented
 * by `indent`. An indent of pairs of spaces (every caller's) is the value as
 * JSON.stringify writes it nested that many arrays deep, cut out of them,
 * which spares a pass over the text to indent it.
 */
export function indentedJson(value: unknown, indent: string): string {
  const depth = indent.length / 2;
  // JSON text has no raw newline inside a string, so every newline starts a line to indent.
  if (depth === 0 || !/^(?: {2})+$/.test(indent) || value === undefined || typeof value === 'function' || typeof value === 'symbol') return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
  let wrapped = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const s = JSON.stringify(wrapped, null, 2);
  // Level i (1-based) opens with "[\n" and 2i spaces and closes with "\n", 2(i-1) spaces and "]".
  return s.slice(depth * 2 + depth * (depth + 1), s.length - (depth * 2 + depth * (depth - 1)));
}

/**
 * Text held back while the part of a document before it is not known yet (a
 * SARIF log's rule list, a JUnit document's totals): written in order, handed
 * on in order, then forgotten.
 */
export interface Spool {
  readonly write: Write;
  /** Hands everything written to `out`, in order, and frees it. */
  drain(out: Write): void;
}

/** A spool in memory: for small documents and tests. */
export function memorySpool(): Spool {
  let parts: string[] = [];
  return {
    write: (piece) => void parts.push(piece),
    drain: (out) => {
      for (const p of parts) out(p);
      parts = [];
    },
  };
}

/** The bytes a spool keeps in memory before it moves to a temporary file. */
const SPOOL_IN_MEMORY = 1 << 20;

/**
 * A spool that keeps up to 1 MiB in memory and the rest in a temporary file
 * (removed when drained, or at exit), so a document of any size is written
 * with flat memory.
 */
export function fileSpool(): Spool {
  let parts: string[] = [];
  let size = 0;
  let fd: number | undefined;
  let path: string | undefined;
  const remove = (): void => {
    if (fd !== undefined) closeSync(fd);
    if (path !== undefined) rmSync(path, { force: true });
    fd = undefined;
    path = undefined;
  };
  const spill = (): void => {
    if (fd === undefined) {
      const dir = mkdtempSync(join(tmpdir(), 'shootlint-'));
      path = join(dir, 'spool');
      fd = openSync(path, 'w+');
      const p = path;
      process.once('exit', () => rmSync(dirname(p), { recursive: true, force: true }));
    }
    writeSync(fd, parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    write: (piece) => {
      parts.push(piece);
      size += piece.length;
      if (size >= SPOOL_IN_MEMORY) spill();
    },
    drain: (out) => {
      if (fd !== undefined) {
        spill();
        const decoder = new StringDecoder('utf8');
        const buf = Buffer.allocUnsafe(BLOCK);
        for (let pos = 0; ; ) {
          const n = readSync(fd, buf, 0, BLOCK, pos);
          if (n === 0) break;
          pos += n;
          out(decoder.write(buf.subarray(0, n)));
        }
        out(decoder.end());
        const dir = dirname(path!);
        remove();
        rmSync(dir, { recursive: true, force: true });
      }
      for (const p of parts) out(p);
      parts = [];
      size = 0;
    },
  };
}
