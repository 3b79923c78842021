/**
 * "Did you mean" for names a user types: configuration keys, rule ids and
 * names, option values. The same nearness as the schema rule's suggestions.
 */
import { nearest } from '../gardener/schema-validate.ts';

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
