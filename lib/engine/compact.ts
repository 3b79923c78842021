/**
 * A compact form of a parsed file for large runs: the documents as plain data
 * and, instead of the `yaml` node trees, one Int32Array indexing every node's
 * kind, range, map keys (with their ranges) and sequence items. It can be built
 * in a worker thread and sent back cheaply, and it keeps far fewer objects alive
 * than the node trees, which the garbage collector pays for.
 *
 * It covers the common case only: a file with aliases, merge keys, anchors,
 * keys that are not plain strings, numbers JSON cannot carry, parse errors or
 * anything else unusual is not compacted (`compactParse` returns undefined) and
 * goes through `parseFile`, so results never depend on the form.
 *
 * Node layout, at offset p of `nodes`:
 *   [p] kind (SCALAR, MAP, SEQ), [p+1] range start, [p+2] range end, then
 *   SCALAR: [p+3] flags (LITERAL, NUMBER), [p+4] index of the value in `strings` (strings only) or -1;
 *   MAP:    [p+3] pair count n, then n × (key index in `strings`, key start, key end, value node or -1);
 *   SEQ:    [p+3] item count n, then n × (item node or -1).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar } from 'yaml';
import type { Node } from 'yaml';
import { toValue } from './value.ts';

export const SCALAR = 0;
export const MAP = 1;
export const SEQ = 2;
/** Scalar flags. */
export const LITERAL = 1;
export const NUMBER = 2;

/** One document: its plain value and its root node (-1: not a mapping, it holds no object). */
export interface CompactDocument {
  readonly value: unknown;
  readonly root: number;
}

export interface CompactFile {
  readonly documents: readonly CompactDocument[];
  readonly nodes: Int32Array;
  readonly strings: readonly string[];
}

/** Why a file is left to `parseFile`. */
class Unusual extends Error {}

/**
 * The compact form of `text`, or undefined when the file is unusual (see the
 * module comment) and must be parsed by `parseFile`. `text` is the text as
 * `parseFile` parses it (BOM already replaced).
 */
export function compactParse(text: string): CompactFile | undefined {
  if (text.includes('\u0000')) return undefined;
  let docs;
  try {
    docs = parseAllDocuments(text, { merge: true, uniqueKeys: true, prettyErrors: false });
  } catch {
    return undefined;
  }
  if (!Array.isArray(docs)) return undefined;
  const nodes: number[] = [];
  const strings: string[] = [];
  const documents: CompactDocument[] = [];
  try {
    for (const doc of docs) {
      if (doc.errors.length > 0) return undefined;
      const contents = doc.contents;
      if (contents === null) {
        documents.push({ value: null, root: -1 });
        continue;
      }
      const value = toValue(doc, contents);
      // A document that is not a mapping holds no object: nothing of it is kept.
      documents.push(isMap(contents) ? { value, root: add(contents) } : { value: null, root: -1 });
    }
  } catch (err) {
    if (err instanceof Unusual || err instanceof RangeError) return undefined;
    throw err;
  }
  return { documents, nodes: Int32Array.from(nodes), strings };

  function add(n: unknown): number {
    if (n === null) return -1;
    if (isAlias(n)) throw new Unusual();
    const node = n as Node;
    if (node.anchor || !node.range) throw new Unusual();
    const p = nodes.length;
    if (isScalar(node)) {
      const v = node.value;
      let flags = node.type === Scalar.BLOCK_LITERAL ? LITERAL : 0;
      let s = -1;
      if (typeof v === 'number') {
        if (!Number.isFinite(v) || Object.is(v, -0)) throw new Unusual();
        flags |= NUMBER;
      } else if (typeof v === 'string') {
        s = strings.push(v) - 1;
      } else if (v !== null && typeof v !== 'boolean') throw new Unusual();
      nodes.push(SCALAR, node.range[0], node.range[1], flags, s);
    } else if (isMap(node)) {
      nodes.push(MAP, node.range[0], node.range[1], node.items.length);
      const at = nodes.length;
      for (let i = 0; i < node.items.length; i++) nodes.push(0, 0, 0, 0);
      node.items.forEach((item, i) => {
        if (!isPair(item) || !isScalar(item.key) || !item.key.range) throw new Unusual();
        const k = item.key.value;
        if (typeof k !== 'string' || k === '<<' || k === '__proto__') throw new Unusual();
        const q = at + i * 4;
        nodes[q] = strings.push(k) - 1;
        nodes[q + 1] = item.key.range[0];
        nodes[q + 2] = item.key.range[1];
        nodes[q + 3] = add(item.value ?? null);
      });
    } else if (isSeq(node)) {
      nodes.push(SEQ, node.range[0], node.range[1], node.items.length);
      const at = nodes.length;
      for (let i = 0; i < node.items.length; i++) nodes.push(0);
      node.items.forEach((item, i) => {
        nodes[at + i] = add(item ?? null);
      });
    } else throw new Unusual();
    return p;
  }
}

/** The value node of `key` in the map at `p`, its pair's offset in `nodes` as `pair`; undefined when absent. */
export function compactGet(c: CompactFile, p: number, key: string): number | undefined {
  const { nodes, strings } = c;
  const n = nodes[p + 3]!;
  for (let i = 0; i < n; i++) {
    const q = p + 4 + i * 4;
    if (strings[nodes[q]!] === key) return q;
  }
  return undefined;
}
