import { isMap, isSeq } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import type { CompactFile } from './compact.ts';
import { compactGet, MAP, SEQ } from './compact.ts';
import { composeBounded, tooDeepMessage } from './nesting.ts';
import { compactTree, yamlTree } from './locate.ts';
import type { ObjectTree } from './locate.ts';
import { LineIndex } from './positions.ts';
import { jsonCompact } from './json-compact.ts';
import { quickParse } from './quick-parse.ts';
import { anyAction, templateAction } from './template.ts';
import { toValue } from './value.ts';
import type { ObjectRef, SourceFile, YamlPath } from './types.ts';
import { isRecord } from './record.ts';
import { mapGet, resolveNode } from './yaml-nodes.ts';

export interface ParseProblem {
  readonly message: string;
  readonly offset: number;
  readonly endOffset: number;
}

/** A Kubernetes object found in a source file (a document, or an item of a List). */
export interface KubeObject {
  readonly file: ParsedFile;
  readonly documentIndex: number;
  /** Path from the document root to the object (['items', 2] inside a List). */
  readonly objectPath: YamlPath;
  /** Where the object is written, whichever parser read its file (locate.ts). */
  readonly tree: ObjectTree;
  /** The object as plain data (aliases and merge keys resolved, null kept as null). */
  readonly value: Record<string, unknown>;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
}

export interface ParsedFile {
  readonly path: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly objects: KubeObject[];
  readonly problems: ParseProblem[];
  /** The source's `nonUtf8` (its bytes were not all UTF-8). */
  readonly nonUtf8?: SourceFile['nonUtf8'];
  /**
   * Set when the file is a Go template (template.ts): the offsets of its first
   * action. Such a file has no objects and no problems: it is not the manifest.
   */
  readonly template?: readonly [number, number];
  /** The source's `scope` (the render it came from). */
  readonly scope?: string;
}

function emptyFile(source: SourceFile, text: string): ParsedFile {
  const file = { path: source.path, text, lines: fileLines(text), objects: [], problems: [], ...(source.scope !== undefined ? { scope: source.scope } : {}) };
  return source.nonUtf8 ? { ...file, nonUtf8: source.nonUtf8 } : file;
}

export function objectRef(o: KubeObject): ObjectRef {
  return o.namespace === undefined
    ? { kind: o.kind, name: o.name, apiVersion: o.apiVersion }
    : { kind: o.kind, name: o.name, namespace: o.namespace, apiVersion: o.apiVersion };
}

function binaryProblem(text: string): ParseProblem | undefined {
  const nul = text.indexOf('\u0000');
  if (nul === -1) return undefined;
  return { message: 'file looks binary (it holds a NUL byte); not YAML or JSON', offset: nul, endOffset: nul };
}

/**
 * Line index of a file: a leading byte order mark (which both parsers skip)
 * is not counted in line 1's columns; offsets stay those of the file.
 */
function fileLines(text: string): LineIndex {
  return new LineIndex(text, { skipBom: true });
}

/**
 * Parses a file into its Kubernetes objects; never throws for bad input.
 * Plain block YAML is read by the quick parser (quick-parse.ts) and plain
 * JSON by json-compact.ts into the compact form; anything else by the `yaml`
 * library. Offsets are those of
 * `source.text`, a leading byte order mark included.
 */
export function parseFile(source: SourceFile): ParsedFile {
  return unlessTemplate(source, () => {
    const quick = quickParse(source.text) ?? (/^\ufeff?\s*\{/.test(source.text) ? jsonCompact(source.text) : undefined);
    return quick ? compactFile(source, source.text, quick) : libraryParse(source);
  });
}

/**
 * A Go template file (template.ts) is no objects and no problems, only its
 * first action; so is a file that does not parse and holds an action.
 */
function unlessTemplate(source: SourceFile, parse: () => ParsedFile): ParsedFile {
  const action = templateAction(source.text);
  if (action) return { ...emptyFile(source, source.text), template: action };
  const parsed = parse();
  const any = parsed.problems.length > 0 ? anyAction(source.text) : undefined;
  return any ? { ...emptyFile(source, source.text), template: any } : parsed;
}

/** `parseFile` by the `yaml` library alone, keeping its node trees. */
export function parseWithLibrary(source: SourceFile): ParsedFile {
  return unlessTemplate(source, () => libraryParse(source));
}

function libraryParse(source: SourceFile): ParsedFile {
  const { text } = source;
  const file = emptyFile(source, text);
  const binary = binaryProblem(text);
  if (binary) {
    file.problems.push(binary);
    return file;
  }
  let docs: Document.Parsed[];
  try {
    // Collections nested beyond a bound are reported, not composed (nesting.ts).
    const bounded = composeBounded(text, { merge: true, uniqueKeys: true });
    for (const offset of bounded.tooDeep) file.problems.push({ message: tooDeepMessage(), offset, endOffset: offset + 1 });
    docs = bounded.docs;
  } catch (err) {
    file.problems.push({ message: `cannot parse: ${(err as Error).message}`, offset: 0, endOffset: 0 });
    return file;
  }
  docs.forEach((doc, documentIndex) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors.slice(0, 5)) {
        file.problems.push({ message: firstLine(e.message), offset: e.pos[0], endOffset: e.pos[1] });
      }
      return;
    }
    let js: unknown;
    try {
      js = toValue(doc, doc.contents);
    } catch (err) {
      const [start, end] = doc.contents?.range ?? [0, 0];
      file.problems.push({ message: `cannot read document: ${firstLine((err as Error).message)}`, offset: start, endOffset: Math.min(end, start + 1) });
      return;
    }
    if (!isRecord(js) || !isMap(doc.contents)) return;
    const itemNode = (list: YAMLMap, i: number): YAMLMap | undefined => {
      const items = resolveNode(doc, mapGet(list, 'items')?.value ?? null);
      const item = isSeq(items) ? resolveNode(doc, (items.items[i] as Node | undefined) ?? null) : null;
      return isMap(item) ? item : undefined;
    };
    collect(doc.contents, js, [], itemNode, (node, value, objectPath, id) => {
      file.objects.push({ file, documentIndex, objectPath, tree: yamlTree(doc, node), value, ...id });
    });
  });
  return file;
}

/**
 * The file of a quick parse (`quickParse(source.text)`): the same
 * objects and values as the library would give, and no problems (the quick
 * parser leaves files with errors to the library).
 */
export function compactFile(source: SourceFile, text: string, compact: CompactFile): ParsedFile {
  const file = emptyFile(source, text);
  const { nodes } = compact;
  const itemNode = (list: number, i: number): number | undefined => {
    const pair = compactGet(compact, list, 'items');
    const items = pair === undefined ? -1 : nodes[pair + 3]!;
    const item = items >= 0 && nodes[items] === SEQ && i < nodes[items + 3]! ? nodes[items + 4 + i]! : -1;
    return item >= 0 && nodes[item] === MAP ? item : undefined;
  };
  compact.documents.forEach((d, documentIndex) => {
    if (d.root < 0 || !isRecord(d.value)) return;
    collect(d.root, d.value, [], itemNode, (node, value, objectPath, id) => {
      file.objects.push({ file, documentIndex, objectPath, tree: compactTree(compact, node), value, ...id });
    });
  });
  return file;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

interface Identity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
}

/**
 * The Kubernetes objects in a document's mapping `node` (itself, or the items
 * of a List), whichever parse holds it: `itemNode` gives the mapping node of
 * item i of a List's `items`.
 */
function collect<N>(
  node: N,
  value: Record<string, unknown>,
  objectPath: YamlPath,
  itemNode: (list: N, i: number) => N | undefined,
  add: (node: N, value: Record<string, unknown>, objectPath: YamlPath, id: Identity) => void,
): void {
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return;
  if (/List$/.test(kind) && Array.isArray(value.items)) {
    value.items.forEach((item, i) => {
      const n = isRecord(item) ? itemNode(node, i) : undefined;
      if (isRecord(item) && n !== undefined) collect(n, item, [...objectPath, 'items', i], itemNode, add);
    });
    return;
  }
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  add(node, value, objectPath, { apiVersion, kind, name, namespace });
}

/** The `yaml` node helpers, for code that reads its own documents (they live in yaml-nodes.ts). */
export { mapGet, mergeSources, resolveNode } from './yaml-nodes.ts';
