/**
 * A quick parser for the plain block YAML most manifests are written in,
 * straight to the compact form (compact.ts): plain values and an Int32Array
 * node index, with no `yaml` node trees built on the way. It reads a subset
 * and gives up (returns undefined) on anything outside it, which `parseFile`
 * then reads with the `yaml` library, so results never depend on which parser
 * read a file. Plain scalars are resolved by the `yaml` library's own core
 * schema tags.
 *
 * The subset:
 * - documents separated by `---` lines; comments; no directives, no `...`;
 * - every document a block mapping (or empty);
 * - block mappings with plain or quoted keys that are strings, each key once,
 *   no merge keys; block sequences of scalars and mappings;
 * - scalars on one line: plain, single-quoted, double-quoted without escapes;
 *   literal block scalars (`|`, `|-`); flow sequences of scalars on one line;
 *   `{}`;
 * - no anchors, aliases, tags, explicit keys, folded block scalars or
 *   multi-line flow scalars, no sequence directly inside a sequence, no tabs,
 *   carriage returns or other control characters anywhere.
 */
import { isScalar, Schema } from 'yaml';
import type { ScalarTag } from 'yaml';
import type { CompactDocument, CompactFile } from './compact.ts';
import { LITERAL, MAP, NUMBER, SCALAR, SEQ } from './compact.ts';

/** Thrown (never escaping this module) when the text leaves the subset. */
const OUTSIDE = Symbol('outside the quick subset');

const MAX_DEPTH = 200;
/** YAML's limit on the length of an implicit key (up to its `:`). */
const MAX_KEY = 1024;
const EOF = -1;
const MARKER = -2;

const SPACE = 32;
const NL = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;

/** Characters the subset never holds: tab, CR and the other controls but newline, line separators, a BOM but a leading one (global, to start after it). */
const UNUSUAL_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g;

/** The core schema's implicit scalar tags (null, bool, int, float), in the library's order. */
const IMPLICIT_TAGS: readonly ScalarTag[] = new Schema({ merge: true }).tags.filter(
  (t): t is ScalarTag => t.default === true && 'test' in t && t.test instanceof RegExp,
);
const RESOLVE_OPTIONS = { intAsBigInt: false };

/** Characters a plain scalar may not start with (it would be an indicator). */
function isIndicator(c: number): boolean {
  // - ? : , [ ] { } # & * ! | > ' " % @ `
  return (
    c === 45 || c === 63 || c === 58 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 ||
    c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96
  );
}

/** Whether `c` may follow a leading `-` of a plain scalar in a flow sequence. */
function isFlowSafe(c: number): boolean {
  return !(Number.isNaN(c) || c === SPACE || c === NL || c === 44 || c === 91 || c === 93 || c === 123 || c === 125);
}

/** A plain scalar's value as the core schema resolves it. */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Only these first characters can start a null, a boolean or a number: - + . 0-9 ~ n N t T f F
  if (!(c === 45 || c === 43 || c === 46 || (c >= 48 && c <= 57) || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)) return s;
  for (const tag of IMPLICIT_TAGS) {
    if (tag.test!.test(s)) {
      let failed = false;
      const resolved = tag.resolve(s, () => { failed = true; }, RESOLVE_OPTIONS);
      const v: unknown = isScalar(resolved) ? resolved.value : resolved;
      if (failed || (typeof v === 'object' && v !== null)) throw OUTSIDE;
      return v;
    }
  }
  return s;
}

/**
 * The compact form of `text`, or undefined when the text is outside the
 * subset. A leading byte order mark is skipped, as the library skips it;
 * offsets stay those of `text`.
 */
export function quickParse(text: string): CompactFile | undefined {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  UNUSUAL_CHARACTERS.lastIndex = start;
  if (UNUSUAL_CHARACTERS.test(text)) return undefined;
  try {
    return new QuickParser(text, start).file();
  } catch (err) {
    if (err === OUTSIDE) return undefined;
    throw err;
  }
}

class QuickParser {
  private readonly text: string;
  private readonly len: number;
  private readonly nodes: number[] = [];
  private readonly strings: string[] = [];
  /** Start of the current line (after `peek`, of the next content line). */
  private pos = 0;
  /** After `peek`: offset of the first character of the content line. */
  private at = 0;
  /** The value of the node parsed last. */
  private value: unknown = null;
  private depth = 0;
  /** The end of the line of the last empty value without a comment (`a:`), or -1, and the depth of its collection. */
  private emptyEnd = -1;
  private emptyDepth = 0;

  constructor(text: string, start: number) {
    this.text = text;
    this.len = text.length;
    this.pos = start;
  }

  file(): CompactFile {
    const documents: CompactDocument[] = [];
    let opened = false; // a `---` opened a document that has no content yet
    for (;;) {
      const col = this.peek();
      if (col === EOF) break;
      if (col === MARKER) {
        if (opened) documents.push({ value: null, root: -1 });
        opened = true;
        this.restOfLineEmpty(this.pos + 3);
        continue;
      }
      const root = this.map(col, this.at);
      documents.push({ value: this.value, root });
      opened = false;
      const next = this.peek();
      if (next !== EOF && next !== MARKER) throw OUTSIDE;
    }
    if (opened) documents.push({ value: null, root: -1 });
    return { documents, nodes: Int32Array.from(this.nodes), strings: this.strings };
  }

  private lineEnd(p: number): number {
    const e = this.text.indexOf('\n', p);
    return e === -1 ? this.len : e;
  }

  /**
   * Moves to the next line with content from the start of the current line,
   * skipping blank and comment lines. Returns its indentation (`at` is where
   * the content starts), EOF, or MARKER for a `---` line.
   */
  private peek(): number {
    const { text, len } = this;
    let p = this.pos;
    for (;;) {
      if (p >= len) {
        this.pos = len;
        return EOF;
      }
      let i = p;
      while (text.charCodeAt(i) === SPACE) i++;
      if (i >= len) {
        this.pos = len;
        return EOF;
      }
      const c = text.charCodeAt(i);
      if (c === NL) {
        p = i + 1;
        continue;
      }
      if (c === HASH) {
        p = this.lineEnd(i) + 1;
        continue;
      }
      this.pos = p;
      this.at = i;
      if (i === p && (c === DASH || c === 46 /* . */) && text.startsWith(c === DASH ? '---' : '...', i) && this.isBlankOrEnd(i + 3)) {
        if (c !== DASH) throw OUTSIDE;
        return MARKER;
      }
      return i - p;
    }
  }

  private isBlankOrEnd(i: number): boolean {
    const c = this.text.charCodeAt(i);
    return i >= this.len || c === SPACE || c === NL;
  }

  /** The rest of the line from `i` holds nothing but spaces and a comment; moves to the next line. */
  private restOfLineEmpty(i: number): void {
    const { text } = this;
    const start = i;
    while (text.charCodeAt(i) === SPACE) i++;
    const c = text.charCodeAt(i);
    if (i < this.len && c !== NL) {
      if (c !== HASH || i === start) throw OUTSIDE;
      i = this.lineEnd(i);
    }
    this.pos = i + 1;
  }

  private isSeqEntry(i: number): boolean {
    return this.text.charCodeAt(i) === DASH && this.isBlankOrEnd(i + 1);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
  }

  private scalar(start: number, end: number, flags: number, value: unknown): number {
    const p = this.nodes.length;
    const s = typeof value === 'string' ? this.strings.push(value) - 1 : -1;
    this.nodes.push(SCALAR, start, end, typeof value === 'number' ? flags | NUMBER : flags, s);
    this.value = value;
    return p;
  }

  /** Ends a collection entered with `enter`: writes its node (entries: 4 numbers a pair, or 1 an item). */
  private collection(kind: number, start: number, end: number, entries: readonly number[], value: unknown): number {
    this.depth--;
    const p = this.nodes.length;
    this.nodes.push(kind, start, end, kind === MAP ? entries.length / 4 : entries.length);
    for (const x of entries) this.nodes.push(x);
    this.value = value;
    return p;
  }

  /** A block mapping whose first key starts at `at`, in column `ind`. */
  private map(ind: number, at: number): number {
    this.enter();
    const { text } = this;
    const pairs: number[] = [];
    const obj: Record<string, unknown> = {};
    let end = at;
    // Where the library measures an implicit key's length from, up to its `:`:
    // its first character, except after an empty value (`a:`) without a
    // comment, from the end of that value's line: for a key of the same
    // mapping on the next line, and for a key that ends the collection the
    // empty value was last in, across blank lines too.
    let keyFrom = at;
    for (;;) {
      // The key.
      const le = this.lineEnd(at);
      let key: string;
      let keyEnd: number;
      let i: number;
      const c = text.charCodeAt(at);
      if (c === DQUOTE || c === SQUOTE) {
        i = this.quoted(at, le);
        key = this.value as string;
        keyEnd = i;
        while (text.charCodeAt(i) === SPACE) i++;
        if (text.charCodeAt(i) !== COLON || !this.isBlankOrEnd(i + 1)) throw OUTSIDE;
      } else {
        if (isIndicator(c)) throw OUTSIDE;
        i = at;
        for (; i < le; i++) {
          const ch = text.charCodeAt(i);
          if (ch === COLON && (i + 1 === le || text.charCodeAt(i + 1) === SPACE)) break;
          // A comment, or flow indicators: not in keys of the subset.
          if ((ch === HASH && text.charCodeAt(i - 1) === SPACE) || ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) throw OUTSIDE;
        }
        if (i >= le) throw OUTSIDE;
        keyEnd = i;
        while (text.charCodeAt(keyEnd - 1) === SPACE) keyEnd--;
        const resolved = resolvePlain(text.slice(at, keyEnd));
        if (typeof resolved !== 'string') throw OUTSIDE;
        key = resolved;
      }
      if (i - keyFrom > MAX_KEY || key === '<<' || key === '__proto__' || Object.hasOwn(obj, key)) throw OUTSIDE;
      // The value.
      i++; // past the colon
      while (text.charCodeAt(i) === SPACE) i++;
      const node = this.valueAt(ind, i, le, true);
      pairs.push(this.strings.push(key) - 1, at, keyEnd, node);
      obj[key] = this.value;
      end = this.pos;
      // The next key, or the end of the mapping.
      const col = this.peek();
      if (col !== ind) {
        if (col > ind) throw OUTSIDE;
        break;
      }
      at = this.at;
      keyFrom = this.keyStart(at);
      if (this.isSeqEntry(at)) throw OUTSIDE;
    }
    return this.collection(MAP, pairs[1]!, end, pairs, obj);
  }

  /** Where the library measures the length of the key at `at` (not the first of its mapping) from; `pos` is its line's start. */
  private keyStart(at: number): number {
    const { emptyEnd, pos, text } = this;
    if (emptyEnd < 0) return at;
    if (this.emptyDepth === this.depth) return emptyEnd === pos - 1 ? emptyEnd : at;
    if (this.emptyDepth < this.depth) return at;
    for (let k = emptyEnd; k < pos; k++) {
      const c = text.charCodeAt(k);
      if (c !== NL && c !== SPACE) return at;
    }
    return emptyEnd;
  }

  /** A block sequence whose first `-` is at `at`, in column `ind`. */
  private seq(ind: number, at: number): number {
    this.enter();
    const { text } = this;
    const items: number[] = [];
    const arr: unknown[] = [];
    const start = at;
    let end = at;
    for (;;) {
      const le = this.lineEnd(at);
      let i = at + 1;
      while (text.charCodeAt(i) === SPACE) i++;
      let node: number;
      if (i < le && text.charCodeAt(i) !== HASH && this.isMapEntry(i, le)) {
        node = this.map(ind + (i - at), i);
      } else {
        if (this.isSeqEntry(i)) throw OUTSIDE;
        node = this.valueAt(ind, i, le, false);
      }
      items.push(node);
      arr.push(this.value);
      end = this.pos;
      const col = this.peek();
      if (col !== ind || !this.isSeqEntry(this.at)) {
        if (col > ind) throw OUTSIDE;
        break;
      }
      at = this.at;
    }
    return this.collection(SEQ, start, end, items, arr);
  }

  /** Whether the content at `i` (up to `le`) starts a mapping entry `key: ...`. */
  private isMapEntry(i: number, le: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) return false;
    if (c === DQUOTE || c === SQUOTE) {
      const close = text.indexOf(c === DQUOTE ? '"' : "'", i + 1);
      if (close === -1 || close >= le) return false;
      let j = close + 1;
      while (text.charCodeAt(j) === SPACE) j++;
      return text.charCodeAt(j) === COLON && this.isBlankOrEnd(j + 1);
    }
    for (let j = i; j < le; j++) {
      const ch = text.charCodeAt(j);
      if (ch === COLON && (j + 1 === le || text.charCodeAt(j + 1) === SPACE)) return true;
      if (ch === HASH && text.charCodeAt(j - 1) === SPACE) return false;
    }
    return false;
  }

  /**
   * The value of a mapping entry or sequence item whose indicator sits in
   * column `ind`; its content starts at `i` on a line ending at `le`.
   * Leaves `pos` at the start of the line after the value.
   */
  private valueAt(ind: number, i: number, le: number, inMap: boolean): number {
    const { text } = this;
    const c = text.charCodeAt(i);
    if (i >= le || c === HASH) {
      // Nothing on this line: a nested block on the next lines, or null.
      this.pos = le + 1;
      const col = this.peek();
      if (col > ind) {
        if (this.isSeqEntry(this.at)) {
          if (!inMap) throw OUTSIDE;
          return this.seq(col, this.at);
        }
        return this.map(col, this.at);
      }
      if (col === ind && inMap && this.isSeqEntry(this.at)) return this.seq(col, this.at);
      if (i >= le) {
        this.emptyEnd = le;
        this.emptyDepth = this.depth;
      }
      return this.scalar(i, i, 0, null);
    }
    let node: number;
    let after: number;
    if (c === DQUOTE || c === SQUOTE) {
      after = this.quoted(i, le);
      node = this.scalar(i, after, 0, this.value);
    } else if (c === 124 /* | */) {
      return this.literal(ind, i);
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      node = this.flow(i, le);
      after = this.after;
    } else {
      if (isIndicator(c) && !(c === DASH && !this.isBlankOrEnd(i + 1))) throw OUTSIDE;
      let j = i;
      let end = le;
      for (; j < le; j++) {
        const ch = text.charCodeAt(j);
        if (ch === COLON && (j + 1 === le || text.charCodeAt(j + 1) === SPACE)) throw OUTSIDE;
        if (ch === HASH && text.charCodeAt(j - 1) === SPACE) {
          end = j;
          break;
        }
      }
      while (text.charCodeAt(end - 1) === SPACE) end--;
      node = this.scalar(i, end, 0, resolvePlain(text.slice(i, end)));
      this.pos = le + 1;
      return node;
    }
    this.restOfLineEmpty(after);
    return node;
  }

  /** After `flow`: the offset after it. */
  private after = 0;

  /** A quoted scalar on one line starting at `i`; its value in `value`, returns the offset after it. */
  private quoted(i: number, le: number): number {
    const { text } = this;
    if (text.charCodeAt(i) === DQUOTE) {
      const close = text.indexOf('"', i + 1);
      if (close === -1 || close >= le) throw OUTSIDE;
      const s = text.slice(i + 1, close);
      if (s.includes('\\')) throw OUTSIDE;
      this.value = s;
      return close + 1;
    }
    let j = i + 1;
    let escaped = false;
    for (;;) {
      const close = text.indexOf("'", j);
      if (close === -1 || close >= le) throw OUTSIDE;
      if (text.charCodeAt(close + 1) === SQUOTE) {
        escaped = true;
        j = close + 2;
        continue;
      }
      const s = text.slice(i + 1, close);
      this.value = escaped ? s.replaceAll("''", "'") : s;
      return close + 1;
    }
  }

  /**
   * A flow collection on one line, `[` or `{` at `i`, holding scalars and
   * flow collections; sets `after`.
   */
  private flow(i: number, le: number): number {
    this.enter();
    const { text } = this;
    const isMap = text.charCodeAt(i) === 123;
    const close = isMap ? 125 : 93;
    const entries: number[] = [];
    const obj: Record<string, unknown> = {};
    const arr: unknown[] = [];
    let j = this.skipSpaces(i + 1);
    if (text.charCodeAt(j) !== close) {
      for (;;) {
        if (isMap) {
          const keyStart = j;
          const quotedKey = text.charCodeAt(j) === DQUOTE || text.charCodeAt(j) === SQUOTE;
          this.flowScalar(j, le, true);
          const key = this.value;
          const keyEnd = this.after;
          if (typeof key !== 'string' || key === '<<' || key === '__proto__' || Object.hasOwn(obj, key)) throw OUTSIDE;
          j = this.skipSpaces(keyEnd);
          // `"key":value` needs no space after the colon; a plain key does.
          if (text.charCodeAt(j) !== COLON || (!quotedKey && text.charCodeAt(j + 1) !== SPACE)) throw OUTSIDE;
          j = this.skipSpaces(j + 1);
          entries.push(this.strings.push(key) - 1, keyStart, keyEnd, this.flowItem(j, le));
          obj[key] = this.value;
        } else {
          entries.push(this.flowItem(j, le));
          arr.push(this.value);
        }
        j = this.skipSpaces(this.after);
        const d = text.charCodeAt(j);
        if (d === close) break;
        if (d !== 44 /* , */) throw OUTSIDE;
        j = this.skipSpaces(j + 1);
        if (text.charCodeAt(j) === close) throw OUTSIDE; // a trailing comma
      }
    }
    this.after = j + 1;
    return isMap ? this.collection(MAP, i, j + 1, entries, obj) : this.collection(SEQ, i, j + 1, entries, arr);
  }

  private skipSpaces(i: number): number {
    while (this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** An item of a flow collection at `i`: a flow collection or a scalar; sets `after`. */
  private flowItem(i: number, le: number): number {
    const c = this.text.charCodeAt(i);
    if (c === 91 || c === 123) return this.flow(i, le);
    return this.flowScalar(i, le, false);
  }

  /** A quoted or plain scalar inside a flow collection (a key when `key`); sets `after`. */
  private flowScalar(i: number, le: number, key: boolean): number {
    const { text } = this;
    const c = text.charCodeAt(i);
    if (i >= le) throw OUTSIDE;
    if (c === DQUOTE || c === SQUOTE) {
      this.after = this.quoted(i, le);
      return this.scalar(i, this.after, 0, this.value);
    }
    if (isIndicator(c) && !(c === DASH && isFlowSafe(text.charCodeAt(i + 1)))) throw OUTSIDE;
    let k = i;
    for (; k < le; k++) {
      const ch = text.charCodeAt(k);
      if (ch === 44 || ch === 93 || ch === 125) break;
      if (ch === 91 || ch === 123 || (ch === HASH && text.charCodeAt(k - 1) === SPACE)) throw OUTSIDE;
      if (ch === COLON) {
        const n = text.charCodeAt(k + 1);
        if (k + 1 >= le || n === 44 || n === 93 || n === 125) throw OUTSIDE;
        if (n === SPACE) {
          if (key) break;
          throw OUTSIDE;
        }
      }
    }
    if (k >= le) throw OUTSIDE;
    let end = k;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    this.after = end;
    return this.scalar(i, end, 0, resolvePlain(text.slice(i, end)));
  }

  /** A literal block scalar (`|` or `|-`) at `h`, for a node whose indicator is in column `ind`. */
  private literal(ind: number, h: number): number {
    const { text, len } = this;
    let i = h + 1;
    const strip = text.charCodeAt(i) === DASH;
    if (strip) i++;
    this.restOfLineEmpty(i);
    const lines: string[] = [];
    let contentLines = 0;
    let blockInd = -1;
    let end = this.pos;
    let p = this.pos;
    while (p < len) {
      let s = p;
      while (text.charCodeAt(s) === SPACE) s++;
      const e = this.lineEnd(s);
      if (s === e) {
        if (s > p) throw OUTSIDE; // a line of spaces: indentation rules the subset leaves to the library
        lines.push('');
      } else {
        if (blockInd === -1) {
          if (s - p <= ind) break;
          blockInd = s - p;
        } else if (s - p < blockInd) break;
        lines.push(text.slice(p + blockInd, e));
        contentLines = lines.length;
        end = Math.min(e + 1, len);
      }
      p = e + 1;
    }
    if (contentLines === 0) throw OUTSIDE;
    lines.length = contentLines;
    const value = strip ? lines.join('\n') : `${lines.join('\n')}\n`;
    this.pos = end;
    return this.scalar(h, end, LITERAL, value);
  }
}
