/**
 * Reading standard input. Up to the file limit (`--max-file-size`) it is read
 * whole, like a file, and checked the same way (the limit counted on the bytes
 * read, a `non-utf8` warning). A larger input is spooled to a temporary file
 * while a scanner (json-list-scanner.ts, yaml-list-scanner.ts) splits it into
 * the items of a top-level List: then the limit holds for each item and for
 * the List's own keys, never for the whole, and each item is re-read from the
 * spool by its byte range when it is linted. A larger input that is not a List
 * is refused like a file over the limit.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonListScanner } from './json-list-scanner.ts';
import type { ListItem, ListScanner, ScanError } from './list-item.ts';
import { decodeText, formatBytes } from './read-file.ts';
import type { TextFile } from './read-file.ts';
import { YamlListScanner } from './yaml-list-scanner.ts';

export interface StdinOptions {
  /** The file limit: the whole input when it is not a List, else each item. */
  readonly maxBytes: number;
  /** The option that sets the limit, for messages. */
  readonly limitFlag?: string;
  /** False: never split (the caller needs the text whole, e.g. to fix it). */
  readonly split?: boolean;
}

export type StdinInput =
  | ({ readonly kind: 'text' } & TextFile)
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'list'; readonly list: SpooledList };

/** A List read from standard input into a temporary file: its items, and where the stream stopped being valid. */
export class SpooledList {
  private fd: number | undefined;

  constructor(
    private readonly dir: string,
    file: string,
    readonly items: readonly ListItem[],
    readonly error: ScanError | undefined,
  ) {
    this.fd = openSync(file, 'r');
  }

  /** The bytes of an item, its sequence `-` read as a space. */
  bytes(item: ListItem): Buffer {
    const buf = Buffer.allocUnsafe(item.end - item.start);
    let read = 0;
    while (read < buf.length) {
      const n = readSync(this.fd!, buf, read, buf.length - read, item.start + read);
      if (n === 0) break;
      read += n;
    }
    if (item.dash !== undefined) buf[item.dash - item.start] = 0x20;
    return buf.subarray(0, read);
  }

  /** The text of an item as a document of its own: indented to its column, so its lines and columns are the stream's. */
  text(item: ListItem): TextFile {
    const decoded = decodeText(this.bytes(item));
    const pad = ' '.repeat(item.at.column);
    if (decoded.nonUtf8At === undefined) return { text: pad + decoded.text };
    return { text: pad + decoded.text, nonUtf8At: decoded.nonUtf8At + pad.length, nonUtf8Byte: decoded.nonUtf8Byte! };
  }

  /** Removes the temporary file (also done when the process exits). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    removeSpool(this.dir);
  }
}

const spools = new Set<string>();
let exitHook = false;

function removeSpool(dir: string): void {
  spools.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

function newSpool(): { dir: string; file: string; fd: number } {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-stdin-'));
  spools.add(dir);
  if (!exitHook) {
    exitHook = true;
    const removeAll = (): void => {
      for (const d of [...spools]) removeSpool(d);
    };
    process.on('exit', removeAll);
    // Interrupted (Ctrl-C, a CI timeout): the spool goes too, and the exit status is the signal's.
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      process.once(signal, () => {
        removeAll();
        process.exit(code);
      });
    }
  }
  const file = join(dir, 'stdin');
  return { dir, file, fd: openSync(file, 'w') };
}

function scannerFor(first: number, onItem: (item: ListItem) => void): ListScanner {
  return first === 0x7b ? new JsonListScanner(onItem) : new YamlListScanner(onItem);
}

/** The first byte that is not whitespace or a byte order mark, or -1. */
function firstContentByte(chunk: Uint8Array, offset: number): number {
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (offset + i < 3 && (b === 0xef || b === 0xbb || b === 0xbf)) continue;
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b;
  }
  return -1;
}

/** Reads standard input's chunks (in order) as described at the top of this module. */
export function readStdin(chunks: Iterable<Uint8Array>, opts: StdinOptions): StdinInput {
  const { maxBytes } = opts;
  const limit = `the ${formatBytes(maxBytes)} limit${opts.limitFlag ? ` (${opts.limitFlag})` : ''}`;
  const held: Uint8Array[] = [];
  const items: ListItem[] = [];
  let itemBytes = 0;
  let total = 0;
  let scanner: ListScanner | undefined;
  let pending: Uint8Array[] = [];
  let spool: { dir: string; file: string; fd: number } | undefined;
  const fail = (message: string): StdinInput => {
    if (spool) {
      closeSync(spool.fd);
      removeSpool(spool.dir);
    }
    return { kind: 'error', message };
  };
  let tooLarge: ListItem | undefined;
  const onItem = (item: ListItem): void => {
    items.push(item);
    itemBytes += item.end - item.start;
    if (item.end - item.start > maxBytes) tooLarge ??= item;
  };
  const itemTooLarge = (index: number, start: number): StdinInput =>
    fail(`item ${index} of the List on standard input (from byte ${start}) holds more than ${limit}`);
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    total += chunk.length;
    if (opts.split !== false && !scanner) {
      // The scanner is chosen by the first byte that is not whitespace.
      pending.push(chunk);
      const first = firstContentByte(chunk, total - chunk.length);
      if (first >= 0) {
        scanner = scannerFor(first, onItem);
        for (const c of pending) scanner.push(c);
        pending = [];
      }
    } else scanner?.push(chunk);
    if (total <= maxBytes) {
      held.push(chunk);
      continue;
    }
    if (opts.split === false) return fail(`standard input holds more than ${limit}; this command reads it whole`);
    if (!scanner || scanner.declined) return fail(`standard input holds more than ${limit}, and is not a List whose items could be read one by one`);
    if (tooLarge) return itemTooLarge(tooLarge.index, tooLarge.start);
    const open = scanner.openItemStart;
    if (open !== undefined && total - open > maxBytes) return itemTooLarge(items.length, open);
    const outside = total - itemBytes - (open !== undefined ? total - open : 0);
    if (outside > maxBytes) return fail(`standard input holds more than ${limit} outside the items of a List`);
    if (!spool) {
      spool = newSpool();
      for (const c of held) writeSync(spool.fd, c);
      held.length = 0;
    }
    writeSync(spool.fd, chunk);
  }
  if (!spool) return { kind: 'text', ...decodeText(Buffer.concat(held)) };
  closeSync(spool.fd);
  const result = scanner!.end();
  if (tooLarge) {
    removeSpool(spool.dir);
    return { kind: 'error', message: `item ${tooLarge.index} of the List on standard input (from byte ${tooLarge.start}) holds more than ${limit}` };
  }
  if (!result.list) {
    removeSpool(spool.dir);
    return { kind: 'error', message: `standard input is ${formatBytes(total)}, over ${limit}, and is not a List whose items could be read one by one` };
  }
  return { kind: 'list', list: new SpooledList(spool.dir, spool.file, items, result.error) };
}
