/**
 * A bound on how deeply collections nest before the `yaml` library composes a
 * document. The library composes nested collections recursively and, when the
 * call stack runs out, catches the overflow and goes on composing at that
 * depth; a RegExp first compiled there (its scalar tags' tests) can take the
 * whole process down ("RegExpCompiler Allocation failed", exit 134), depending
 * on what was linted before. Its tokenizer and CST parser are iterative, so
 * measuring the depth on the CST first is safe and linear, and a document
 * deeper than the bound is reported instead of composed.
 */
import { Composer, Parser } from 'yaml';
import type { CST, Document, DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
import { blankedAfter, deepCuts } from './nesting-scan.ts';

/** Deeper than any Kubernetes object, far below what the library's recursion can take. */
export const MAX_NESTING = 256;

export interface BoundedTokens {
  /** The CST of the text; the content of a document nested too deeply is removed (it composes as empty). */
  readonly tokens: CST.Token[];
  /** Offset of the first collection beyond the bound, per document that had one (in document order). */
  readonly tooDeep: number[];
  /** The indexes (among the text's documents) of those documents. */
  readonly deepDocuments: number[];
}

export interface BoundedDocuments {
  /** The text's documents, one per document of its CST; one nested too deeply is composed empty. */
  readonly docs: Document.Parsed[];
  /** As `BoundedTokens`. */
  readonly tooDeep: number[];
  readonly deepDocuments: number[];
}

export function tooDeepMessage(): string {
  return `collections nested deeper than ${MAX_NESTING} levels; this document is not read`;
}

/**
 * The text's CST, with documents nested deeper than `MAX_NESTING` emptied
 * (see `tooDeep`). A document the linear scan finds too deep (nesting-scan.ts)
 * is parsed only up to its cut: the parse of that prefix finds the same first
 * collection beyond the bound. Should the prefix not confirm a cut, the
 * whole text is parsed.
 */
export function boundedTokens(text: string, max = MAX_NESTING): BoundedTokens {
  const cuts = deepCuts(text, max);
  if (cuts.length > 0) {
    const bounded = parseBounded(blankedAfter(text, cuts), max);
    if (cuts.every((c) => bounded.tooDeep.some((at) => at >= c.start && at <= c.at))) return bounded;
  }
  return parseBounded(text, max);
}

/** `boundedTokens` by the parse of the whole text. */
export function parseBounded(text: string, max = MAX_NESTING): BoundedTokens {
  const tokens = Array.from(new Parser().parse(text));
  const tooDeep: number[] = [];
  const deepDocuments: number[] = [];
  let documentIndex = -1;
  for (const t of tokens) {
    if (t.type !== 'document') continue;
    documentIndex++;
    if (!t.value) continue;
    const at = firstTooDeep(t.value, max);
    if (at !== undefined) {
      tooDeep.push(at);
      deepDocuments.push(documentIndex);
      delete (t as { value?: CST.Token }).value;
    }
  }
  return { tokens, tooDeep, deepDocuments };
}

/**
 * The text's documents composed from its bounded CST: what the engine, the
 * fixer and the render-source reader all parse, so that they agree on
 * document indexes and none composes a document nested too deeply.
 */
export function composeBounded(text: string, options: ParseOptions & DocumentOptions & SchemaOptions): BoundedDocuments {
  const { tokens, tooDeep, deepDocuments } = boundedTokens(text);
  return { docs: Array.from(new Composer(options).compose(tokens)) as Document.Parsed[], tooDeep, deepDocuments };
}

/** Offset of the first collection nested deeper than `max` in `root`, walked without recursion. */
function firstTooDeep(root: CST.Token, max: number): number | undefined {
  const stack: [CST.Token, number][] = [[root, 0]];
  let first: number | undefined;
  while (stack.length > 0) {
    const [t, depth] = stack.pop()!;
    if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
    if (depth >= max) {
      if (first === undefined || t.offset < first) first = t.offset;
      continue;
    }
    for (const item of t.items) {
      if ('key' in item && item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return first;
}
