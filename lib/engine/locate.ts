import { isCollection, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';
import { mapGet, mergeSources, resolveNode } from './document.ts';
import type { YamlPath } from './types.ts';

export interface Located {
  /** Offsets of what a finding should underline. */
  readonly range: readonly [number, number];
  /** True when the whole path exists; false when `range` is the deepest existing ancestor. */
  readonly found: boolean;
  /** The part of the path that exists. */
  readonly foundPath: YamlPath;
  /** The node at the end of `foundPath` (aliases resolved), when there is one. */
  readonly node: Node | null;
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
 * Aliases and merge keys are followed to where the value is written.
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
  return { range, found, foundPath, node: current };

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
