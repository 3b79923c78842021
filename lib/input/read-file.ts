/**
 * Reading a user's input file as text, safely: only regular files are read
 * (a FIFO would block, a device such as /dev/zero never ends, a socket cannot
 * be opened), never more than a byte limit (counted on the bytes read, not on
 * what `stat` says, which is 0 for devices and stale for a growing file), and
 * text that is not valid UTF-8 is decoded with U+FFFD replacements and says
 * where its first bad byte is. The CLI's file discovery (lint, report, fix)
 * and the configuration loader read through here.
 */
import { isUtf8 } from 'node:buffer';
import type { Stats } from 'node:fs';
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

export interface TextFile {
  readonly text: string;
  /** Offset in `text` of the first character decoded from bytes that are not UTF-8 (a U+FFFD), when there were any. */
  readonly nonUtf8At?: number;
  /** The first byte that is not UTF-8 (its value), with `nonUtf8At`. */
  readonly nonUtf8Byte?: number;
}

export type ReadResult = ({ readonly ok: true } & TextFile) | { readonly ok: false; readonly message: string };

/** A size for people: 200 bytes, 1.5 KiB, 10 MiB, 100.0 MiB. */
export function formatBytes(n: number): string {
  const MIB = 1024 * 1024;
  if (n >= MIB) return n % MIB === 0 ? `${n / MIB} MiB` : `${(n / MIB).toFixed(1)} MiB`;
  if (n >= 1024) return n % 1024 === 0 ? `${n / 1024} KiB` : `${(n / 1024).toFixed(1)} KiB`;
  return `${n} byte${n === 1 ? '' : 's'}`;
}

/** What a path that is not a regular file is, for a message; undefined for a regular file. */
export function notRegular(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'is a directory';
  if (st.isFIFO()) return 'is a named pipe (FIFO), not a regular file';
  if (st.isSocket()) return 'is a socket, not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'is a device, not a regular file';
  return 'is not a regular file';
}

function errnoReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'ENOENT':
      return 'no such file';
    case 'ENXIO':
      return 'is a socket or a device, not a regular file';
    default:
      return e.code ?? (err instanceof Error ? err.message : String(err));
  }
}

function limit(maxBytes: number, flag: string | undefined): string {
  return `the ${formatBytes(maxBytes)} limit${flag ? ` (${flag})` : ''}`;
}

/** Reads up to this size go through one buffer, reused: the text decoded from it is a copy. */
const SCRATCH_BYTES = 1 << 20;
let scratch: Buffer | undefined;

/** A buffer of `size` bytes to read into, its contents to be decoded before the next read: the scratch buffer when it fits. */
function readBuffer(size: number): Buffer {
  if (size > SCRATCH_BYTES) return Buffer.allocUnsafe(size);
  scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES);
  return scratch.subarray(0, size);
}

/**
 * Reads a regular file as text, at most `maxBytes` bytes of it; a path that
 * is not a regular file or a file over the limit is refused with a message
 * (without reading it), never blocking. `limitFlag` names the option that sets
 * the limit, for the message.
 */
export function readTextFile(path: string, maxBytes: number, limitFlag?: string): ReadResult {
  let fd: number;
  try {
    // stat first: opening a socket fails and opening a FIFO without a writer would block.
    const why = notRegular(statSync(path));
    if (why) return { ok: false, message: why };
    // O_NONBLOCK: should the path have become a FIFO since, opening it does not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { ok: false, message: errnoReason(err) };
  }
  try {
    const st = fstatSync(fd);
    const why = notRegular(st);
    if (why) return { ok: false, message: why };
    if (st.size > maxBytes) return { ok: false, message: `file is ${formatBytes(st.size)}, over ${limit(maxBytes, limitFlag)}` };
    // Read at most one byte over the limit: a file that grew since its stat is refused, not read whole.
    const buf = readBuffer(Math.min(maxBytes + 1, Math.max(st.size + 1, 65536)));
    let total = 0;
    for (;;) {
      if (total === buf.length) break;
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
    }
    if (total > maxBytes) return { ok: false, message: `file holds more than ${limit(maxBytes, limitFlag)}` };
    return { ok: true, ...decodeText(buf.subarray(0, total)) };
  } catch (err) {
    return { ok: false, message: errnoReason(err) };
  } finally {
    closeSync(fd);
  }
}

/** Bytes as UTF-8 text; invalid sequences become U+FFFD and the first one is reported. */
export function decodeText(bytes: Uint8Array): TextFile {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('utf8');
  if (isUtf8(buf)) return { text };
  const bad = firstInvalidUtf8(buf);
  // The bytes before the first bad one are valid UTF-8, so they decode to exactly the text before it.
  return { text, nonUtf8At: buf.subarray(0, bad).toString('utf8').length, nonUtf8Byte: buf[bad]! };
}

/** Index of the first byte that does not start or continue a valid UTF-8 sequence (the length when none). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i; // cut short by the end of the file
    const second = b[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const x = b[i + k]!;
      if (x < 0x80 || x > 0xbf) return i;
    }
    i += need + 1;
  }
  return n;
}
