import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';

/** Nodes an alias may bring in, summed over a document: an alias bomb fails fast. */
export const MAX_ALIASED_NODES = 100_000;

interface Converted {
  readonly value: unknown;
  /** Nodes in the expanded value (what a consumer walking it visits). */
  readonly size: number;
}

function isMergeKey(k: unknown): boolean {
  return k === '<<' || (typeof k === 'symbol' && k.description === '<<');
}

/** Sets an own property; a `__proto__` key is data, never the object's prototype. */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * A node as plain data, as the API server reads it: scalars resolved, merge
 * keys applied (keys written in the map win over merged ones, earlier merge
 * sources over later), aliases expanded. An anchored node is converted once
 * and shared by its aliases; the expanded size still counts against
 * MAX_ALIASED_NODES, so a consumer walking the value is bounded too.
 * Throws a RangeError for alias bombs.
 */
export function toValue(doc: Document, node: unknown): unknown {
  const anchored = new Map<Node, Converted>();
  let aliased = 0;

  const convert = (n: unknown, depth: number): Converted => {
    if (depth > 500) throw new RangeError('document nests too deeply');
    if (isAlias(n)) {
      const target = n.resolve(doc);
      if (!target) return { value: null, size: 1 };
      const c = anchored.get(target) ?? convert(target, depth + 1);
      aliased += c.size;
      if (aliased > MAX_ALIASED_NODES) throw new RangeError(`aliases expand to more than ${MAX_ALIASED_NODES} nodes`);
      return c;
    }
    let out: Converted;
    if (isScalar(n)) out = { value: n.value, size: 1 };
    else if (isMap(n)) {
      const obj: Record<string, unknown> = {};
      let size = 1;
      const merges: unknown[] = [];
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const k = isScalar(item.key) ? item.key.value : item.key === null ? null : convert(item.key, depth + 1).value;
        if (isMergeKey(k)) {
          merges.push(item.value);
          continue;
        }
        const v = convert(item.value, depth + 1);
        size += v.size;
        setKey(obj, k === null || k === undefined ? '' : typeof k === 'object' ? JSON.stringify(k) : String(k), v.value);
      }
      for (const m of merges) {
        const sources = isSeq(m) ? m.items : [m];
        for (const s of sources) {
          const c = convert(s, depth + 1);
          if (typeof c.value !== 'object' || c.value === null || Array.isArray(c.value)) continue;
          for (const [k, v] of Object.entries(c.value)) if (!Object.prototype.hasOwnProperty.call(obj, k)) setKey(obj, k, v);
          size += c.size;
        }
      }
      out = { value: obj, size };
    } else if (isSeq(n)) {
      const arr: unknown[] = [];
      let size = 1;
      for (const item of n.items) {
        const v = convert(item, depth + 1);
        size += v.size;
        arr.push(v.value);
      }
      out = { value: arr, size };
    } else out = { value: n === undefined ? null : (n ?? null), size: 1 };
    if ((isScalar(n) || isMap(n) || isSeq(n)) && n.anchor) anchored.set(n, out);
    return out;
  };

  return convert(node, 0).value;
}
