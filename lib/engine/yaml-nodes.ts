/** Reading the `yaml` library's node trees: aliases followed, keys looked up, merge keys expanded. */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';

export function resolveNode(doc: Document, node: unknown): Node | null {
  let n = node;
  for (let hops = 0; isAlias(n) && hops < 100; hops++) n = n.resolve(doc) ?? null;
  return (n ?? null) as Node | null;
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

export function mapGet(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  for (const item of map.items) if (isPair(item) && keyOf(item) === key) return item as Pair<Node, Node | null>;
  return undefined;
}

function isMergeKey(k: unknown): boolean {
  return k === '<<' || (typeof k === 'symbol' && k.description === '<<');
}

/** Pairs brought in by merge keys (`<<: *base`), later sources first as YAML 1.1 says. */
export function mergeSources(doc: Document, map: YAMLMap): YAMLMap[] {
  const out: YAMLMap[] = [];
  for (const item of map.items) {
    if (!isPair(item) || !isMergeKey(keyOf(item))) continue;
    const v = resolveNode(doc, item.value);
    const sources = isSeq(v) ? v.items.map((s) => resolveNode(doc, s)) : [v];
    for (const s of sources) if (isMap(s)) out.push(s);
  }
  return out;
}
