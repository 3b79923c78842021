/**
 * YAML embedded in a string value of an object (a ConfigMap's `config.yaml`,
 * an audit `policy`): parsed on its own, with positions mapped back to the
 * outer file so a finding can point at the exact line inside the block scalar.
 *
 * Literal block scalars (`|`, `|-`, `|+`, `|2`) keep every line as written, so
 * an inner line/column maps to the outer line below the header, shifted by the
 * block's indentation (CRLF files included). Quoted, plain and folded (`>`)
 * scalars change line structure; positions inside them fall back to the
 * scalar's own range.
 */
import { parseDocument } from 'yaml';
import type { KubeObject } from './document.ts';
import type { Located, LocateOptions } from './locate.ts';
import { compactTree, locateIn, yamlTree } from './locate.ts';
import { boundedTokens, tooDeepMessage } from './nesting.ts';
import { quickParse } from './quick-parse.ts';
import type { YamlPath } from './types.ts';
import { toValue } from './value.ts';

export type Range = readonly [number, number];

export interface EmbeddedProblem {
  readonly message: string;
  /** Outer-file offsets. */
  readonly range: Range;
}

export interface EmbeddedLocated {
  /** Outer-file offsets of what a finding should underline. */
  readonly range: Range;
  /** True when the whole inner path exists. */
  readonly found: boolean;
}

export interface EmbeddedYaml {
  /** The object holding the string, and the path of the string in it. */
  readonly object: KubeObject;
  readonly at: YamlPath;
  /** The string value (the embedded YAML text). */
  readonly text: string;
  /** The embedded document as plain data; undefined when it has errors. */
  readonly value: unknown;
  readonly problems: readonly EmbeddedProblem[];
  /** True when inner positions map line by line (a literal block scalar). */
  readonly exact: boolean;
  /** Outer offsets of the scalar (header and content). */
  readonly scalarRange: Range;
  /** Maps inner offsets [start, end) to outer offsets. */
  range(inner: Range): Range;
  /** Outer range of a path inside the embedded document (same conventions as `locate`). */
  locate(path: YamlPath, opts?: LocateOptions): EmbeddedLocated;
}

/**
 * How lines of a literal block scalar map: inner line i is outer line
 * `lineStarts[i]`, shifted by `indent`; it ends at `lineEnds[i]` (before a CR),
 * which a blank line (shorter than the indentation) never passes.
 */
interface LineMap {
  readonly lineStarts: readonly number[];
  readonly lineEnds: readonly number[];
  readonly indent: number;
}

/**
 * Parses the string at `at` inside `object` as YAML. Undefined when there is no
 * string there. Parse errors are kept in `problems`, never thrown.
 */
export function embeddedYaml(object: KubeObject, at: YamlPath): EmbeddedYaml | undefined {
  // Several Shoots may reference one ConfigMap: parse its embedded document once.
  let byPath = parsedEmbedded.get(object);
  if (!byPath) parsedEmbedded.set(object, (byPath = new Map()));
  const key = JSON.stringify(at);
  if (!byPath.has(key)) byPath.set(key, parseEmbedded(object, at));
  return byPath.get(key);
}

const parsedEmbedded = new WeakMap<KubeObject, Map<string, EmbeddedYaml | undefined>>();

function parseEmbedded(object: KubeObject, at: YamlPath): EmbeddedYaml | undefined {
  const located = locateIn(object, at);
  const scalar = located.scalar;
  if (!located.found || scalar?.string === undefined) return undefined;
  const text = scalar.string;
  const outer = object.file.text;
  const r = scalar.range;
  const scalarRange: Range = [r[0], r[1]];
  const lineMap = scalar.literal ? literalLineMap(outer, r[0], r[1], text) : undefined;

  const mapOffset = (o: number): number => {
    if (!lineMap) return o <= 0 ? scalarRange[0] : scalarRange[1];
    const { line, column } = innerPosition(text, o);
    const i = Math.min(line, lineMap.lineStarts.length - 1);
    return Math.min(lineMap.lineStarts[i]! + lineMap.indent + column, lineMap.lineEnds[i]!, scalarRange[1]);
  };
  const range = (inner: Range): Range => {
    if (!lineMap) return scalarRange;
    const start = mapOffset(inner[0]);
    return [start, Math.max(start, mapOffset(inner[1]))];
  };

  const read = readEmbedded(text, range, scalarRange);
  return {
    object,
    at,
    text,
    value: read.value,
    problems: read.problems,
    exact: lineMap !== undefined,
    scalarRange,
    range,
    locate(path, opts) {
      const l = read.locate(path, opts);
      if (!l) return { range: lineMap ? range([0, 0]) : scalarRange, found: false };
      return { range: range(l.range), found: l.found };
    },
  };
}

interface ReadEmbedded {
  readonly value: unknown;
  readonly problems: EmbeddedProblem[];
  /** Inner location of a path; undefined for an empty document. */
  locate(path: YamlPath, opts?: LocateOptions): Located | undefined;
}

/** The embedded text as one document: by the quick parser when it is a plain mapping, else by the library. */
function readEmbedded(text: string, range: (inner: Range) => Range, scalarRange: Range): ReadEmbedded {
  const quick = quickParse(text);
  const only = quick?.documents.length === 1 ? quick.documents[0]! : undefined;
  if (quick && only && only.root >= 0) {
    const tree = compactTree(quick, only.root);
    return { value: only.value, problems: [], locate: (path, opts) => tree.locate(path, opts) };
  }
  // Collections nested beyond a bound are reported, not composed (nesting.ts).
  const tooDeep = boundedTokens(text).tooDeep[0];
  if (tooDeep !== undefined) return { value: undefined, problems: [{ message: tooDeepMessage(), range: range([tooDeep, tooDeep + 1]) }], locate: () => undefined };
  const doc = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: false });
  const problems: EmbeddedProblem[] = doc.errors.slice(0, 5).map((e) => ({ message: e.message.split('\n')[0]!, range: range([e.pos[0], e.pos[1]]) }));
  let value: unknown;
  if (problems.length === 0) {
    try {
      value = toValue(doc, doc.contents);
    } catch (err) {
      problems.push({ message: (err as Error).message.split('\n')[0]!, range: scalarRange });
    }
  }
  const tree = doc.contents ? yamlTree(doc, doc.contents) : undefined;
  return { value, problems, locate: (path, opts) => tree?.locate(path, opts) };
}

/** Line and column (0-based, in UTF-16 units) of an offset in `text`. */
function innerPosition(text: string, offset: number): { line: number; column: number } {
  const o = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < o; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: o - lineStart };
}

/**
 * Line map of a literal block scalar spanning outer [start, end): the header
 * line (`|`, indicators, comment) is followed by one outer line per line of the
 * value, each the value line behind the block's indentation. Undefined when the
 * source does not look like that (then positions fall back to the scalar range).
 */
function literalLineMap(outer: string, start: number, end: number, value: string): LineMap | undefined {
  if (outer[start] !== '|') return undefined;
  const headerEnd = outer.indexOf('\n', start);
  if (headerEnd === -1 || headerEnd >= end) return undefined;
  const valueLines = value.split('\n');
  const lineStarts: number[] = [];
  const lineEnds: number[] = [];
  let indent: number | undefined;
  let pos = headerEnd + 1;
  for (const valueLine of valueLines) {
    if (pos > end) break;
    lineStarts.push(pos);
    const nl = outer.indexOf('\n', pos);
    const lineEnd = nl === -1 || nl > end ? end : nl;
    const outerLine = outer.slice(pos, lineEnd).replace(/\r$/, '');
    lineEnds.push(pos + outerLine.length);
    if (valueLine !== '') {
      const shift = outerLine.length - valueLine.length;
      if (shift < 0 || !outerLine.endsWith(valueLine) || outerLine.slice(0, shift).trim() !== '') return undefined;
      if (indent === undefined) indent = shift;
      else if (indent !== shift) return undefined;
    }
    pos = lineEnd + 1;
  }
  if (indent === undefined || lineStarts.length === 0) return undefined;
  return { lineStarts, lineEnds, indent };
}
