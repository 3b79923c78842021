/**
 * What the List scanners (json-list-scanner.ts, yaml-list-scanner.ts) find
 * in a byte stream: each item of a top-level `List`/`*List` as a byte range
 * and the place it starts, so that it can be re-read and linted as a document
 * of its own with its positions mapped back to the stream.
 */

/** A place in the stream: byte offset, UTF-16 offset (as the text read whole would index it), 1-based line and 0-based UTF-16 column. */
export interface StreamPosition {
  readonly byte: number;
  readonly unit: number;
  readonly line: number;
  readonly column: number;
}

export interface ListItem {
  /** 0-based index of the item in `items`. */
  readonly index: number;
  /** Byte range of the item's text in the stream. */
  readonly start: number;
  readonly end: number;
  /** Where `start` is: the item's text is linted with `at.column` spaces before it, so its lines and columns are those of the stream. */
  readonly at: StreamPosition;
  /** Byte offset (in the stream) of a sequence entry's `-`, read as a space (YAML items). */
  readonly dash?: number;
}

/** A problem that ends the scan: the stream is not valid past `at`. */
export interface ScanError {
  readonly message: string;
  readonly at: StreamPosition;
}

export interface ScanResult {
  /**
   * True when the stream is a top-level List whose items were found: its
   * `kind` ends in `List`, it has `apiVersion` and an `items` sequence. When the
   * stream ends early (`error`), a List whose items had begun counts as one.
   */
  readonly list: boolean;
  readonly error?: ScanError;
}

/** An incremental scanner: `push` the stream's chunks in order, then `end`. */
export interface ListScanner {
  push(chunk: Uint8Array): void;
  end(): ScanResult;
  /** Bytes read so far outside the items (the List's own keys). */
  readonly outsideBytes: number;
  /** Byte offset where the item being read began (undefined between items). */
  readonly openItemStart: number | undefined;
  /** True once the scanner knows the stream is not a List it can split (the caller reads it whole). */
  readonly declined: boolean;
}

/** UTF-16 code units a byte adds to the text: a lead byte of a 4-byte sequence gives a surrogate pair, a continuation byte nothing. */
export function unitsOf(b: number): number {
  if (b < 0x80) return 1;
  if (b < 0xc0) return 0;
  return b >= 0xf0 ? 2 : 1;
}
