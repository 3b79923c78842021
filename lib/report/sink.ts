/**
 * Where a report's text goes: pieces are written as they are made and handed
 * on in blocks of about 64 KiB, so no report is ever one giant string (a page
 * of 10,000 Shoots would not fit in one).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

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
    else write(indented(v, '  '));
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
    write(`${indent}  ${indented(value === undefined || typeof value === 'function' ? null : value, `${indent}  `)}`);
  }
  write(first ? '[]' : `\n${indent}]`);
}

function indented(value: unknown, indent: string): string {
  // JSON text has no raw newline inside a string, so every newline starts a line to indent.
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}
