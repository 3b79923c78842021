/**
 * "Did you mean" for names a user types: configuration keys, rule ids and
 * names, option values, and the schema rule's suggestions of field names.
 */

/** The candidate nearest to `word` when it is near enough to be a typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...new Set(candidates)].filter((c) => c !== word);
  if (!list.length) return undefined;
  // Case alone never makes a different name: a case-insensitive match wins.
  const folded = list.find((c) => c.toLowerCase() === word.toLowerCase());
  return folded ?? nearest(word, list);
}

/** `; did you mean "x"?` or nothing. */
export function didYouMeanText(word: string, candidates: Iterable<string>): string {
  const s = didYouMean(word, candidates);
  return s === undefined ? '' : `; did you mean "${s}"?`;
}

/** Levenshtein distance, case differences counting half. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const ca = a[i - 1]!;
      const cb = b[j - 1]!;
      const cost = ca === cb ? 0 : ca.toLowerCase() === cb.toLowerCase() ? 0.5 : 1;
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + cost);
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

/** The allowed key nearest to `key`, if near enough to be a typo. */
export function nearest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const a of [...allowed].sort()) {
    const d = distance(key, a);
    if (d < bestD) {
      best = a;
      bestD = d;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
  return best !== undefined && bestD <= limit ? best : undefined;
}
