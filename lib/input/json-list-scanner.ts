/**
 * Finds the items of a JSON List in a byte stream without building the
 * document (what `kubectl get ... -o json` prints): a top-level object whose
 * `items` is an array. It follows strings (escapes included) and brackets, so
 * braces inside strings do not count, and it keeps only the List's own keys
 * (`outside`, to read `kind` and `apiVersion` at the end), never an item.
 * Whether each item is valid JSON is left to the parse of the item.
 */
import type { ListItem, ListScanner, ScanError, ScanResult, StreamPosition } from './list-item.ts';
import { PositionTracker } from './stream-position.ts';

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** Keys read at the List's level, kept to decide at the end whether the stream is a List. */
const MAX_OUTSIDE = 1 << 20;

export class JsonListScanner implements ListScanner {
  private readonly pos = new PositionTracker();
  /** Open brackets, innermost last. */
  private readonly stack: number[] = [];
  private inString = false;
  private escape = false;
  private started = false;
  private done = false;
  private error: ScanError | undefined;
  private declinedFlag = false;
  /** 1 while inside the top-level `items` array (at stack depth 2). */
  private inItems = false;
  private itemsSeen = false;
  private itemsClosed = false;
  /** The item being read: its start, and whether it is a scalar (ends at a delimiter). */
  private item: { start: number; at: StreamPosition; scalar: boolean } | undefined;
  private expectItem = true;
  private nextIndex = 0;
  /** The text of the List outside `items` (its keys and the other values), `[]` standing for the items. */
  private outside: number[] = [];
  /** The key just read at depth 1 (to see `items`). */
  private key: number[] | undefined;
  private readingKey = false;
  private expectKey = false;

  constructor(private readonly onItem: (item: ListItem) => void) {}

  get outsideBytes(): number {
    return this.outside.length;
  }

  get openItemStart(): number | undefined {
    return this.item?.start;
  }

  get declined(): boolean {
    return this.declinedFlag;
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      if (this.error || this.declinedFlag) return;
      this.step(chunk[i]!);
      this.pos.advance(chunk[i]!);
    }
  }

  private fail(message: string): void {
    this.error = { message, at: this.pos.position() };
  }

  private step(b: number): void {
    const depth = this.stack.length;
    const keep = !this.inItems;
    if (this.done) {
      if (!isSpace(b)) this.fail('unexpected text after the end of the List');
      return;
    }
    if (!this.started) {
      if (isSpace(b) || (this.pos.byte < 3 && b >= 0x80)) return; // whitespace, a byte order mark
      if (b !== OPEN_OBJECT) {
        this.declinedFlag = true;
        return;
      }
      this.started = true;
      this.stack.push(OPEN_OBJECT);
      this.expectKey = true;
      this.outside.push(b);
      return;
    }
    if (this.inString) {
      if (keep) this.keepOutside(b);
      if (this.readingKey && depth === 1 && this.key && this.key.length < 64) this.key.push(b);
      if (this.escape) this.escape = false;
      else if (b === BACKSLASH) this.escape = true;
      else if (b === QUOTE) {
        this.inString = false;
        if (this.readingKey) {
          this.readingKey = false;
          this.key!.pop(); // the closing quote
        }
        if (this.item && depth === 2 && this.item.scalar) this.endItem(this.pos.byte + 1);
      }
      return;
    }
    // An item at the items' level: a value starts here.
    if (this.inItems && depth === 2 && !this.item && !isSpace(b) && b !== COMMA && b !== CLOSE_ARRAY) {
      if (!this.expectItem) return this.fail('expected "," or "]" between the items of the List');
      this.item = { start: this.pos.byte, at: this.pos.position(), scalar: b !== OPEN_OBJECT && b !== OPEN_ARRAY };
      this.expectItem = false;
    } else if (this.inItems && depth === 2 && this.item?.scalar && (isSpace(b) || b === COMMA || b === CLOSE_ARRAY)) {
      this.endItem(this.pos.byte);
    }
    if (keep) this.keepOutside(b);
    switch (b) {
      case QUOTE:
        this.inString = true;
        if (depth === 1 && this.expectKey) {
          this.readingKey = true;
          this.expectKey = false;
          this.key = [];
        }
        return;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        if (depth === 1 && b === OPEN_ARRAY && !this.itemsSeen && this.keyIs('items')) {
          this.inItems = true;
          this.itemsSeen = true;
          this.expectItem = true;
          this.outside.push(CLOSE_ARRAY);
        }
        this.stack.push(b);
        return;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY: {
        const open = this.stack[depth - 1];
        if (depth === 0 || open !== (b === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY)) {
          return this.fail(`unexpected "${String.fromCharCode(b)}"`);
        }
        this.stack.pop();
        if (this.inItems && depth === 2) {
          if (this.expectItem && this.nextIndex > 0) return this.fail('expected an item after ","');
          this.inItems = false;
          this.itemsClosed = true;
        } else if (this.inItems && depth === 3 && this.item) this.endItem(this.pos.byte + 1);
        if (depth === 1) this.done = true;
        return;
      }
      case COMMA:
        if (this.inItems && depth === 2) {
          if (this.expectItem) return this.fail('expected an item before ","');
          this.expectItem = true;
        } else if (depth === 1) this.expectKey = true;
        return;
      case COLON:
        return;
      default:
    }
  }

  private keyIs(name: string): boolean {
    return this.key !== undefined && String.fromCharCode(...this.key) === name;
  }

  private keepOutside(b: number): void {
    if (this.inItems) return;
    if (this.outside.length < MAX_OUTSIDE) this.outside.push(b);
  }

  private endItem(end: number): void {
    const item = this.item!;
    this.item = undefined;
    this.onItem({ index: this.nextIndex++, start: item.start, end, at: item.at });
  }

  end(): ScanResult {
    if (this.declinedFlag || !this.started) return { list: false };
    if (!this.error) {
      if (this.inString) this.fail('the input ends inside a string');
      else if (!this.done) this.fail(`the input ends inside the List (${this.stack.length} bracket${this.stack.length === 1 ? '' : 's'} open)`);
    }
    if (this.error) return { list: this.itemsSeen, error: this.error };
    if (!this.itemsClosed || this.outside.length >= MAX_OUTSIDE) return { list: false };
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(this.outside).toString('utf8'));
    } catch {
      return { list: false };
    }
    const v = value as { kind?: unknown; apiVersion?: unknown };
    return { list: typeof v.apiVersion === 'string' && typeof v.kind === 'string' && /List$/.test(v.kind) };
  }
}
