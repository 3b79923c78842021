/**
 * Locating YAML paths in source texts the render read: a file, or a block
 * scalar inside one (an inline patch in kustomization.yaml), each with the
 * offset its text starts at in the file.
 */
import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Document, Node } from 'yaml';
import { mapGet } from '../engine/document.ts';
import { locate } from '../engine/locate.ts';
import { composeBounded } from '../engine/nesting.ts';
import type { YamlPath } from '../engine/types.ts';

/** A place in a source file: its absolute path and the offsets of what to underline. */
export interface SourcePlace {
  readonly file: string;
  readonly range: readonly [number, number];
  /** The offset in the source where a block scalar's text starts, to shift a line inside it. */
  readonly blockStart?: number;
}

export interface YamlDoc {
  readonly doc: Document.Parsed;
  readonly value: unknown;
}

/**
 * The documents of a kustomization, patch or render output that parse
 * without errors. Nesting is bounded before the parse (lib/engine/nesting.ts):
 * every kustomization of a workspace is read to find the ones that use a
 * given file, so one file of millions of `[` must not cost the run.
 */
export function parseDocs(text: string): YamlDoc[] {
  try {
    const { docs, deepDocuments } = composeBounded(text, { uniqueKeys: false });
    // A document nested too deeply is composed empty: it is left out, as one with errors.
    return docs
      .filter((d, i) => d.errors.length === 0 && !deepDocuments.includes(i))
      .map((doc) => ({ doc, value: doc.toJS({ maxAliasCount: 100 }) as unknown }));
  } catch {
    return [];
  }
}

/** Where `path` is in a document: its range, whether it exists, and the node (a block scalar's content start). */
export function locatePath(d: YamlDoc, path: YamlPath): { range: readonly [number, number]; found: boolean; blockStart?: number } {
  const root = d.doc.contents;
  if (!root) return { range: [0, 0], found: false };
  const l = locate(d.doc, root, path);
  const node = nodeAt(d.doc.contents, path);
  const blockStart = isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) && node.range ? node.range[0] : undefined;
  return { range: l.range, found: l.found, ...(blockStart !== undefined ? { blockStart } : {}) };
}

export function nodeAt(root: unknown, path: YamlPath): Node | undefined {
  let n = root as Node | null | undefined;
  for (const seg of path) {
    if (typeof seg === 'number' && isSeq(n)) n = n.items[seg] as Node | undefined;
    else if (typeof seg === 'string' && isMap(n)) n = mapGet(n, seg)?.value ?? undefined;
    else return undefined;
  }
  return n ?? undefined;
}

/** True when `path` exists in plain data. */
export function hasPath(value: unknown, path: YamlPath): boolean {
  let v = value;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(v) || seg >= v.length) return false;
      v = v[seg];
    } else {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || !(seg in v)) return false;
      v = (v as Record<string, unknown>)[seg];
    }
  }
  return true;
}

export function valueAt(value: unknown, path: YamlPath): unknown {
  let v = value;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** Parses a dotted path as `formatPath` writes it: spec.provider.workers[1]["a.b"]. */
export function parsePath(text: string): YamlPath {
  const out: (string | number)[] = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([A-Za-z_$][\w$-]*)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else out.push(m[3]!);
    if (re.lastIndex >= text.length) break;
  }
  return out;
}

/**
 * A block scalar of a file (an inline patch): its text and how a line of
 * that text maps back to the file (the block's content lines start at
 * `firstLine` of the file, indented by `indent`).
 */
export interface Block {
  readonly text: string;
  readonly firstLineOffset: number;
  readonly indent: number;
}

/** The block scalar (or plain multi-line string) at `node` in `fileText`, when its lines can be mapped back. */
export function blockOf(fileText: string, node: Node | undefined): Block | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  if (node.type !== Scalar.BLOCK_LITERAL) return undefined;
  const header = fileText.indexOf('\n', node.range[0]);
  if (header === -1) return undefined;
  const first = header + 1;
  const firstLine = fileText.slice(first, fileText.indexOf('\n', first) === -1 ? undefined : fileText.indexOf('\n', first));
  const indent = firstLine.length - firstLine.trimStart().length;
  return { text: node.value, firstLineOffset: first, indent };
}

/** Maps an offset in a block's text to the file's offset. */
export function blockOffset(fileText: string, block: Block, offset: number): number {
  const before = block.text.slice(0, offset);
  const line = (before.match(/\n/g) ?? []).length;
  const column = offset - (before.lastIndexOf('\n') + 1);
  let at = block.firstLineOffset;
  for (let i = 0; i < line; i++) {
    const nl = fileText.indexOf('\n', at);
    if (nl === -1) break;
    at = nl + 1;
  }
  return at + block.indent + column;
}
