/**
 * The compact form of a parsed file, as the quick parser (quick-parse.ts)
 * builds it: the documents as plain data and, instead of the `yaml` node
 * trees, one Int32Array indexing every node's kind, range, map keys (with
 * their ranges) and sequence items. It keeps far fewer objects alive than the
 * node trees, which the garbage collector pays for on large runs.
 *
 * Node layout, at offset p of `nodes`:
 *   [p] kind (SCALAR, MAP, SEQ), [p+1] range start, [p+2] range end, then
 *   SCALAR: [p+3] flags (LITERAL, NUMBER), [p+4] index of the value in `strings` (strings only) or -1;
 *   MAP:    [p+3] pair count n, then n × (key index in `strings`, key start, key end, value node or -1);
 *   SEQ:    [p+3] item count n, then n × (item node or -1).
 * Ranges are those of the `yaml` library, except the end of a block
 * collection, which `locateCompact` never reads (it points at keys).
 */

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
