/**
 * The compact form (compact.ts) of a JSON object, as the `yaml` library would
 * read the same text: what `kubectl get -o json` prints, and each item of a
 * JSON List on standard input. The library reads multi-line flow collections
 * about ten times slower than block YAML; this reads them at the speed of the
 * quick parser. It takes plain JSON only: one object at the root (after
 * spaces and newlines), no tab, carriage return or other control character,
 * no duplicate key, `<<` or `__proto__` key, keys within YAML's 1024-character
 * limit, nesting within the quick parser's bound. Anything else gives
 * undefined, and the library reads the text (and reports its errors).
 */
import type { CompactFile } from './compact.ts';
import { MAP, NUMBER, SCALAR, SEQ } from './compact.ts';
import { resolvePlain } from './quick-parse.ts';

const OUTSIDE = Symbol('not plain JSON');
const MAX_DEPTH = 200;
const MAX_KEY = 1024;
const NUMBER_TOKEN = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const WORD = /true|false|null/y;
/** A JSON string token without control characters (JSON.parse gives its value). */
const STRING_TOKEN = /"(?:[^"\\\u0000-\u001f\u2028\u2029]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
/** Characters outside strings that take the text out of the subset: anything but JSON's structure, space and newline. */
const UNUSUAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g;

export function jsonCompact(text: string): CompactFile | undefined {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  UNUSUAL.lastIndex = start;
  if (UNUSUAL.test(text)) return undefined;
  try {
    return new JsonReader(text).file(start);
  } catch (err) {
    if (err === OUTSIDE) return undefined;
    throw err;
  }
}

class JsonReader {
  private readonly nodes: number[] = [];
  private readonly strings: string[] = [];
  private value: unknown = null;
  private after = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  file(start: number): CompactFile {
    const i = this.skip(start);
    if (this.text.charCodeAt(i) !== 123) throw OUTSIDE;
    const root = this.node(i);
    if (this.skip(this.after) !== this.text.length) throw OUTSIDE;
    return { documents: [{ value: this.value, root }], nodes: Int32Array.from(this.nodes), strings: this.strings };
  }

  private skip(i: number): number {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10) return i;
      i++;
    }
  }

  /** The value at `i`; sets `value` and `after`. */
  private node(i: number): number {
    const c = this.text.charCodeAt(i);
    if (c === 123 || c === 91) return this.collection(i, c === 123);
    if (c === 34) {
      const end = this.stringEnd(i);
      return this.scalar(i, end, JSON.parse(this.text.slice(i, end)));
    }
    for (const re of [NUMBER_TOKEN, WORD]) {
      re.lastIndex = i;
      if (re.test(this.text)) return this.scalar(i, re.lastIndex, resolvePlain(this.text.slice(i, re.lastIndex)));
    }
    throw OUTSIDE;
  }

  private stringEnd(i: number): number {
    STRING_TOKEN.lastIndex = i;
    if (!STRING_TOKEN.test(this.text)) throw OUTSIDE;
    return STRING_TOKEN.lastIndex;
  }

  private scalar(start: number, end: number, value: unknown): number {
    const p = this.nodes.length;
    const s = typeof value === 'string' ? this.strings.push(value) - 1 : -1;
    this.nodes.push(SCALAR, start, end, typeof value === 'number' ? NUMBER : 0, s);
    this.value = value;
    this.after = end;
    return p;
  }

  private collection(open: number, isMap: boolean): number {
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    const { text } = this;
    const close = isMap ? 125 : 93;
    const entries: number[] = [];
    const obj: Record<string, unknown> = {};
    const arr: unknown[] = [];
    let j = this.skip(open + 1);
    if (text.charCodeAt(j) !== close) {
      for (;;) {
        if (isMap) {
          if (text.charCodeAt(j) !== 34) throw OUTSIDE;
          const keyEnd = this.stringEnd(j);
          if (keyEnd - j > MAX_KEY) throw OUTSIDE;
          const key = JSON.parse(text.slice(j, keyEnd)) as string;
          if (key === '<<' || key === '__proto__' || Object.hasOwn(obj, key)) throw OUTSIDE;
          const colon = this.skip(keyEnd);
          if (text.charCodeAt(colon) !== 58) throw OUTSIDE;
          const at = j;
          entries.push(this.strings.push(key) - 1, at, keyEnd, this.node(this.skip(colon + 1)));
          obj[key] = this.value;
        } else {
          entries.push(this.node(j));
          arr.push(this.value);
        }
        j = this.skip(this.after);
        const d = text.charCodeAt(j);
        if (d === close) break;
        if (d !== 44) throw OUTSIDE;
        j = this.skip(j + 1);
      }
    }
    this.depth--;
    const p = this.nodes.length;
    this.nodes.push(isMap ? MAP : SEQ, open, j + 1, isMap ? entries.length / 4 : entries.length);
    for (const x of entries) this.nodes.push(x);
    this.value = isMap ? obj : arr;
    this.after = j + 1;
    return p;
  }
}
