/**
 * Finds the items of a YAML List in a byte stream, line by line, without
 * parsing it (what `kubectl get ... -o yaml` prints):
 *
 *     apiVersion: v1
 *     items:
 *     - apiVersion: core.gardener.cloud/v1beta1
 *       kind: Shoot
 *       ...
 *     kind: List
 *     metadata: ...
 *
 * `items:` at column 0 opens the items; each line with the sequence's `-` at
 * the items' indentation starts an item, and the next line at column 0 that
 * is not a comment ends them. An item's text is its lines with the `-` read as
 * a space, so its lines and columns are those of the stream. Anything the
 * split cannot be sure of (a second document, a directive, `items` in flow
 * style, a line at the items' indentation that is not an entry) declines:
 * the caller reads the stream whole.
 */
import type { ListItem, ListScanner, ScanResult, StreamPosition } from './list-item.ts';
import { parse } from 'yaml';
import { PositionTracker } from './stream-position.ts';

/** The first bytes of a line are enough to classify it. */
const HEAD = 80;
/** Bytes of a line kept: enough for any line of the List's own. */
const LINE_CAP = 64 * 1024;
const MAX_OUTSIDE = 1 << 20;

type State = 'top' | 'items' | 'after';

export class YamlListScanner implements ListScanner {
  private readonly pos = new PositionTracker();
  private state: State = 'top';
  /** The current line: where it starts and its bytes (up to LINE_CAP). */
  private lineStart: StreamPosition = { byte: 0, unit: 0, line: 1, column: 0 };
  private line: number[] = [];
  private lineOverflow = false;
  /** The List's own lines (outside the items), to read `kind` and `apiVersion` at the end. */
  private outside = '';
  private outsideTooLong = false;
  private declinedFlag = false;
  private seenContent = false;
  /** Spaces before the items' `-` (from the first item). */
  private indent = -1;
  private item: { start: number; at: StreamPosition; dash: number } | undefined;
  private nextIndex = 0;

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
      if (this.declinedFlag) return;
      const b = chunk[i]!;
      if (this.line.length < LINE_CAP) this.line.push(b);
      else this.lineOverflow = true;
      this.pos.advance(b);
      if (b === 0x0a) this.endLine();
    }
  }

  /** Classifies the line that just ended; keeps it when it is the List's own. */
  private endLine(): void {
    const bytes = Buffer.from(this.line);
    let head = bytes.subarray(0, HEAD).toString('latin1');
    if (this.lineStart.byte === 0 && head.startsWith('\xef\xbb\xbf')) head = head.slice(3);
    head = head.replace(/\r?\n$/, '').replace(/\r$/, '');
    const kind = this.classify(head);
    if (kind === 'items') this.keep('items: []\n');
    else if (kind === 'outside') {
      if (this.lineOverflow) this.outsideTooLong = true;
      else this.keep(bytes.toString('utf8'));
    }
    this.line = [];
    this.lineOverflow = false;
    this.lineStart = this.pos.position();
  }

  private keep(text: string): void {
    if (this.outside.length + text.length > MAX_OUTSIDE) this.outsideTooLong = true;
    else this.outside += text;
  }

  private classify(text: string): 'outside' | 'items' | 'item' {
    const blank = /^\s*(#.*)?$/.test(text);
    if (this.state === 'items') {
      const lead = /^ */.exec(text)![0].length;
      const entry = /^( *)-( |$)/.exec(text);
      if (entry && (this.indent < 0 || entry[1]!.length === this.indent)) {
        if (this.indent < 0) this.indent = entry[1]!.length;
        this.endItem(this.lineStart.byte);
        this.item = { start: this.lineStart.byte, at: { ...this.lineStart, column: 0 }, dash: this.lineStart.byte + this.indent };
        return 'item';
      }
      if (blank || (this.indent >= 0 && lead > this.indent && this.item)) return 'item';
      if (lead === 0 && /^[^\s#-]/.test(text)) {
        // The items end: this line is the List's again.
        this.endItem(this.lineStart.byte);
        this.state = 'after';
        this.checkTop(text);
        return 'outside';
      }
      this.declinedFlag = true;
      return 'item';
    }
    if (blank) return 'outside';
    this.checkTop(text);
    if (this.state === 'top' && /^items:[ \t]*(#.*)?$/.test(text)) {
      this.state = 'items';
      return 'items';
    }
    return 'outside';
  }

  /** A line of the List's own: a key at column 0, or a deeper line of its value. */
  private checkTop(text: string): void {
    if (/^(---|\.\.\.)(\s|$)/.test(text)) {
      if (this.seenContent || text.trim() !== '---') this.declinedFlag = true;
      return;
    }
    if (text.startsWith('%') || (/^items\s*:/.test(text) && this.state !== 'top')) this.declinedFlag = true;
    this.seenContent = true;
  }

  private endItem(end: number): void {
    const item = this.item;
    if (!item) return;
    this.item = undefined;
    this.onItem({ index: this.nextIndex++, start: item.start, end, at: item.at, dash: item.dash });
  }

  end(): ScanResult {
    if (this.line.length) this.endLine();
    if (this.declinedFlag || this.state === 'top' || this.outsideTooLong) return { list: false };
    this.endItem(this.pos.byte);
    let value: unknown;
    try {
      value = parse(this.outside);
    } catch {
      return { list: false };
    }
    const v = value as { kind?: unknown; apiVersion?: unknown; items?: unknown } | null;
    return { list: v !== null && typeof v === 'object' && typeof v.apiVersion === 'string' && typeof v.kind === 'string' && /List$/.test(v.kind) && Array.isArray(v.items) };
  }
}
