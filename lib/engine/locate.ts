import { isCollection, isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import type { Document, Node } from 'yaml';
import type { CompactFile } from './compact.ts';
import { compactGet, LITERAL, MAP, NUMBER, SCALAR, SEQ } from './compact.ts';
import type { YamlPath } from './types.ts';
import { mapGet, mergeSources, resolveNode } from './yaml-nodes.ts';

/**
 * Where an object (or an embedded document) is written, whichever way its
 * text was read: the `yaml` library's nodes or the quick parser's compact
 * index. Callers locate through it and never handle either form.
 */
export interface ObjectTree {
  /** The source range of a path inside the object (see `Located`). */
  locate(path: YamlPath, opts?: LocateOptions): Located;
  /** Where the object's mapping starts. */
  readonly start: number;
}

/** The tree of a mapping `node` of a `yaml` document. */
export function yamlTree(doc: Document, node: Node): ObjectTree {
  return { locate: (path, opts) => locate(doc, node, path, opts), start: node.range?.[0] ?? 0 };
}

/** The tree of node `node` of a compact index. */
export function compactTree(file: CompactFile, node: number): ObjectTree {
  return { locate: (path, opts) => locateCompact(file, node, path, opts), start: file.nodes[node + 1]! };
}

export interface Located {
  /** Offsets of what a finding should underline. */
  readonly range: readonly [number, number];
  /** True when the whole path exists; false when `range` is the deepest existing ancestor. */
  readonly found: boolean;
  /** The part of the path that exists. */
  readonly foundPath: YamlPath;
  /** The node at the end of `foundPath` when it is a scalar (aliases resolved). */
  readonly scalar?: LocatedScalar;
}

export interface LocatedScalar {
  /** The value when it is a string. */
  readonly string: string | undefined;
  readonly isNumber: boolean;
  /** A literal block scalar (`|`). */
  readonly literal: boolean;
  readonly range: readonly [number, number];
}

export interface LocateOptions {
  /** Underline the key of the last segment instead of its value. */
  readonly key?: boolean;
}

function firstKeyRange(node: Node): readonly [number, number] | undefined {
  if (isMap(node)) {
    const first = node.items.find(isPair);
    if (first && isScalar(first.key) && first.key.range) return [first.key.range[0], first.key.range[1]];
  }
  return undefined;
}

function nodeRange(node: Node): readonly [number, number] {
  const r = node.range ?? [0, 0, 0];
  return [r[0], r[1]];
}

/**
 * Maps a path inside an object to the source range a finding points at:
 * - a scalar value: the value;
 * - a collection value (or `key: true`): its key;
 * - a missing setting: the key of the deepest existing ancestor (for a list
 *   item, its first key), so "absent means insecure default" points somewhere real.
 * Aliases and merge keys are followed to where the value is written. Objects
 * locate through their tree (`yamlTree`); this is for code holding its own
 * `yaml` document.
 */
export function locate(doc: Document, root: Node, path: YamlPath, opts: LocateOptions = {}): Located {
  let current: Node | null = resolveNode(doc, root);
  let lastKey: Node | null = null;
  let lastWritten: Node | null = root;
  const foundPath: (string | number)[] = [];
  for (const seg of path) {
    if (current === null) break;
    let nextKey: Node | null = null;
    let nextValue: Node | null | undefined;
    if (typeof seg === 'number' && isSeq(current)) {
      const item = current.items[seg] as Node | undefined;
      if (item === undefined) break;
      nextValue = item;
    } else if (typeof seg === 'string' && isMap(current)) {
      const pair = mapGet(current, seg) ?? mergeSources(doc, current).map((m) => mapGet(m, seg)).find((p) => p !== undefined);
      if (pair === undefined) break;
      nextKey = pair.key;
      nextValue = pair.value;
    } else break;
    foundPath.push(seg);
    lastKey = nextKey;
    lastWritten = nextValue ?? null;
    current = resolveNode(doc, nextValue ?? null);
  }
  const found = foundPath.length === path.length;
  const range = pick();
  if (!isScalar(current)) return { range, found, foundPath };
  const v: unknown = current.value;
  const scalar: LocatedScalar = {
    string: typeof v === 'string' ? v : undefined,
    isNumber: typeof v === 'number',
    literal: current.type === Scalar.BLOCK_LITERAL,
    range: nodeRange(current),
  };
  return { range, found, foundPath, scalar };

  function pick(): readonly [number, number] {
    const keyRange = lastKey?.range ? nodeRange(lastKey) : undefined;
    if (found && !opts.key && lastWritten !== null && !isCollection(lastWritten) && lastWritten.range) return nodeRange(lastWritten);
    if (keyRange) return keyRange;
    // A list item (or the root): point at its first key, not the whole block.
    const target = current ?? lastWritten;
    if (target) return firstKeyRange(target) ?? nodeRange(target);
    return [0, 0];
  }
}

/** `locate` inside an object. */
export function locateIn(object: { readonly tree: ObjectTree }, path: YamlPath, opts: LocateOptions = {}): Located {
  return object.tree.locate(path, opts);
}

/** `locate` over a compact index (no aliases or merge keys there, every key a string). */
function locateCompact(c: CompactFile, root: number, path: YamlPath, opts: LocateOptions = {}): Located {
  const { nodes } = c;
  let current = root;
  let lastKey = -1; // offset of the pair whose key was last followed
  let lastWritten = root;
  const foundPath: (string | number)[] = [];
  for (const seg of path) {
    if (current < 0) break;
    const kind = nodes[current];
    let nextKey = -1;
    let nextValue: number;
    if (typeof seg === 'number' && kind === SEQ) {
      if (!Number.isInteger(seg) || seg < 0 || seg >= nodes[current + 3]!) break;
      nextValue = nodes[current + 4 + seg]!;
    } else if (typeof seg === 'string' && kind === MAP) {
      const pair = compactGet(c, current, seg);
      if (pair === undefined) break;
      nextKey = pair;
      nextValue = nodes[pair + 3]!;
    } else break;
    foundPath.push(seg);
    lastKey = nextKey;
    lastWritten = nextValue;
    current = nextValue;
  }
  const found = foundPath.length === path.length;
  const range = pick();
  if (current < 0 || nodes[current] !== SCALAR) return { range, found, foundPath };
  const flags = nodes[current + 3]!;
  const s = nodes[current + 4]!;
  const scalar: LocatedScalar = {
    string: s >= 0 ? c.strings[s] : undefined,
    isNumber: (flags & NUMBER) !== 0,
    literal: (flags & LITERAL) !== 0,
    range: [nodes[current + 1]!, nodes[current + 2]!],
  };
  return { range, found, foundPath, scalar };

  function pick(): readonly [number, number] {
    if (found && !opts.key && lastWritten >= 0 && nodes[lastWritten] === SCALAR) return [nodes[lastWritten + 1]!, nodes[lastWritten + 2]!];
    if (lastKey >= 0) return [nodes[lastKey + 1]!, nodes[lastKey + 2]!];
    const target = current >= 0 ? current : lastWritten;
    if (target >= 0) {
      if (nodes[target] === MAP && nodes[target + 3]! > 0) return [nodes[target + 5]!, nodes[target + 6]!];
      return [nodes[target + 1]!, nodes[target + 2]!];
    }
    return [0, 0];
  }
}

/** Where an object's mapping starts in its file. */
export function objectStart(object: { readonly tree: ObjectTree }): number {
  return object.tree.start;
}
