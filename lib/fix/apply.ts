/**
 * Applies machine fixes (`Fix`: ops by YAML path inside an object) to source
 * text as minimal text edits, so comments, key order and formatting of
 * everything the fix does not name stay byte-identical. Pure: text in, edits
 * out; shared by the language server (code actions) and the CLI (`--fix`).
 *
 * An op that cannot be written without touching other nodes (a path through
 * an alias, a key that exists only through a merge key, a missing list item)
 * makes the whole fix unavailable rather than approximate.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, stringify } from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Fix, FixOp, YamlPath } from '../engine/types.ts';
import { composeBounded } from '../engine/nesting.ts';
import { isRecord } from '../engine/record.ts';

/** Replace `[offset, endOffset)` of the text with `text`. */
export interface TextEdit {
  readonly offset: number;
  readonly endOffset: number;
  readonly text: string;
}

/** Where a fix applies: what a LintMessage carries besides `fixOps`. */
export interface FixTarget {
  readonly documentIndex?: number;
  readonly objectPath?: YamlPath;
  readonly fixOps?: Fix;
}

/** Applies non-overlapping edits (any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.endOffset - a.endOffset);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.text + out.slice(e.endOffset);
  return out;
}

/** The smallest single edit that turns `before` into `after` (common prefix and suffix kept). */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { offset: start, endOffset: endB, text: after.slice(start, endA) };
}

/**
 * The text after applying one fix, or undefined when the fix cannot be
 * applied exactly. Ops are applied one after another (each on the text the
 * previous one left), so two ops may create siblings under a new parent.
 */
export function applyFix(text: string, target: FixTarget): string | undefined {
  const fix = target.fixOps;
  if (!fix || fix.ops.length === 0) return undefined;
  let current = text;
  for (const op of fix.ops) {
    const next = applyOp(current, target.documentIndex ?? 0, target.objectPath ?? [], op);
    if (next === undefined) return undefined;
    current = next;
  }
  return current;
}

/** The fix as one minimal edit of the original text (undefined: not applicable or nothing to change). */
export function fixEdit(text: string, target: FixTarget): TextEdit | undefined {
  const after = applyFix(text, target);
  return after === undefined ? undefined : minimalEdit(text, after);
}

/** Applies one op; verifies by re-parsing that it did exactly what it says. */
export function applyOp(text: string, documentIndex: number, objectPath: YamlPath, op: FixOp): string | undefined {
  const docs = parse(text);
  const doc = docs?.[documentIndex];
  if (!docs || !doc || doc.errors.length) return undefined;
  const root = walk(doc, objectPath);
  if (!root || !isMap(root.node)) return undefined;
  const parts = op.op === 'set' ? decompose(doc, root.node, op.path, op.value) : undefined;
  if (parts) {
    // A collection set onto a collection: only the keys and items that differ are written.
    let current = text;
    for (const part of parts) {
      const next = applyOp(current, documentIndex, objectPath, part);
      if (next === undefined) return undefined;
      current = next;
    }
    return verify(current, docs.length, documentIndex, objectPath, op) ? current : undefined;
  }
  const edit = op.op === 'set' ? setEdit(text, doc, root.node, op.path, op.value) : deleteEdit(text, root.node, op.path);
  if (edit === undefined) return undefined;
  if (edit === null) return text; // already as asked
  const after = applyEdits(text, [edit]);
  return verify(after, docs.length, documentIndex, objectPath, op) ? after : undefined;
}

/**
 * Splits `set path = collection` into smaller ops when a collection of the
 * same shape is already there: a map gets its differing keys set and its
 * extra keys deleted; a list that the new list extends gets items appended.
 */
function decompose(doc: Document, root: YAMLMap, path: YamlPath, value: unknown): FixOp[] | undefined {
  const at = walk(doc, path, root);
  if (!at || at.node === null || isAlias(at.node)) return undefined;
  const old = toJs(at.node, doc);
  if (isRecord(value) && isRecord(old) && isMap(at.node) && !hasMergeKeys(at.node)) {
    const ops: FixOp[] = [];
    for (const k of Object.keys(old)) if (!(k in value)) ops.push({ op: 'delete', path: [...path, k] });
    for (const [k, v] of Object.entries(value)) if (!deepEqual(old[k], v)) ops.push({ op: 'set', path: [...path, k], value: v });
    return ops;
  }
  if (Array.isArray(value) && Array.isArray(old) && isSeq(at.node) && old.length > 0 && old.length < value.length && old.every((v, i) => deepEqual(v, value[i]))) {
    return value.slice(old.length).map((v, i) => ({ op: 'set', path: [...path, old.length + i], value: v }));
  }
  return undefined;
}

// ---------------------------------------------------------------- parsing

function parse(text: string): Document.Parsed[] | undefined {
  try {
    // As the engine parses (nesting bounded first, lib/engine/nesting.ts), so document indexes agree and a
    // document nested too deeply is not composed: it has nothing to fix.
    return composeBounded(text, { merge: true, uniqueKeys: true }).docs;
  } catch {
    return undefined;
  }
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

function pairOf(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  for (const item of map.items) if (isPair(item) && keyOf(item) === key) return item as Pair<Node, Node | null>;
  return undefined;
}

function hasMergeKeys(map: YAMLMap): boolean {
  return map.items.some((p) => isPair(p) && (keyOf(p) === '<<' || (typeof keyOf(p) === 'symbol')));
}

interface Walked {
  /** The node at the end of the path (null: a key with no value). */
  readonly node: Node | null;
  readonly pair?: Pair<Node, Node | null>;
  readonly parent?: YAMLMap | YAMLSeq;
}

/** Follows a path without passing through aliases (an edit there would change every use). */
function walk(doc: Document, path: YamlPath, from?: Node | null): Walked | undefined {
  let node: Node | null = from === undefined ? (doc.contents as Node | null) : from;
  let pair: Pair<Node, Node | null> | undefined;
  let parent: YAMLMap | YAMLSeq | undefined;
  for (const seg of path) {
    if (isAlias(node)) return undefined;
    if (typeof seg === 'string' && isMap(node)) {
      const p = pairOf(node, seg);
      if (!p) return undefined;
      parent = node;
      pair = p;
      node = p.value;
    } else if (typeof seg === 'number' && isSeq(node)) {
      const item = node.items[seg] as Node | undefined;
      if (item === undefined) return undefined;
      parent = node;
      pair = undefined;
      node = item;
    } else return undefined;
  }
  return { node, ...(pair ? { pair } : {}), ...(parent ? { parent } : {}) };
}

function toJs(node: Node | null, doc: Document): unknown {
  if (node === null) return null;
  try {
    return node.toJS(doc, { maxAliasCount: 1000 });
  } catch {
    return undefined;
  }
}

function verify(after: string, docCount: number, documentIndex: number, objectPath: YamlPath, op: FixOp): boolean {
  const docs = parse(after);
  const doc = docs?.[documentIndex];
  if (!docs || !doc || docs.length !== docCount || docs.some((d) => d.errors.length)) return false;
  const root = walk(doc, objectPath);
  if (!root || !isMap(root.node)) return false;
  const at = walk(doc, op.path, root.node);
  if (op.op === 'delete') return at === undefined;
  return at !== undefined && deepEqual(toJs(at.node, doc), op.value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

// ---------------------------------------------------------------- layout helpers

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line break of the line `offset` is on (or the end of the text). */
function nextLineStart(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function onlySpacesBefore(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

/** The file's indentation step: the smallest positive indent of a line that holds a key. */
function indentUnit(text: string): number {
  const m = /^( +)\S/m.exec(text);
  return m ? Math.min(m[1]!.length, 8) : 2;
}

function start(node: Node): number {
  return node.range![0];
}

function valueEnd(node: Node): number {
  return node.range![1];
}

/** End of a block pair: past the line break after its value (a trailing comment on that line included). */
function blockPairEnd(text: string, pair: Pair<Node, Node | null>): number {
  const end = pair.value?.range ? valueEnd(pair.value) : pair.key.range![1];
  return nextLineStart(text, end);
}

function quotedKeys(map: YAMLMap, text: string): boolean {
  const first = map.items.find(isPair);
  if (first && isScalar(first.key) && first.key.range) return text[first.key.range[0]] === '"';
  return false;
}

function isJsonDocument(doc: Document): boolean {
  return isMap(doc.contents) && Boolean(doc.contents.flow);
}

// ---------------------------------------------------------------- rendering

interface Style {
  readonly flow: boolean;
  /** Quote keys (JSON, or a flow map whose keys are quoted). */
  readonly quote: boolean;
  readonly eol: string;
  readonly unit: number;
}

function flowText(value: unknown, quote: boolean): string {
  if (!quote) {
    const s = stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
    if (!s.includes('\n')) return s;
  }
  return JSON.stringify(value);
}

/** A key as written in this style. */
function keyText(key: string, style: Style): string {
  if (style.quote) return JSON.stringify(key);
  return stringify(key, { lineWidth: 0 }).trimEnd();
}

function isCollectionValue(v: unknown): v is object {
  return typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

/** Block YAML of `value`, each line prefixed with `indent`, ending with a line break. */
function blockLines(value: unknown, indent: string, style: Style): string {
  const body = stringify(value, { indent: style.unit, lineWidth: 0, indentSeq: true }).replace(/\n$/, '');
  return `${body.split('\n').map((l) => indent + l).join(style.eol)}${style.eol}`;
}

/** Text of `key: value` as one or more block lines at `indent`. */
function blockEntry(key: string, value: unknown, indent: string, style: Style): string {
  if (isCollectionValue(value)) return `${indent}${keyText(key, style)}:${style.eol}${blockLines(value, indent + ' '.repeat(style.unit), style)}`;
  return `${indent}${keyText(key, style)}: ${flowText(value, false)}${style.eol}`;
}

/** Nests the rest of a path around a value: ['a', 'b'], v → { a: { b: v } }. */
function nest(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>((acc, k) => ({ [k]: acc }), value);
}

// ---------------------------------------------------------------- set

/**
 * Edit for a `set` op: replace the value when the key exists, otherwise add
 * the missing keys under the deepest existing map. `null` = already set.
 */
function setEdit(text: string, doc: Document, root: YAMLMap, path: YamlPath, value: unknown): TextEdit | null | undefined {
  const style0 = { eol: eolOf(text), unit: indentUnit(text) };
  const json = isJsonDocument(doc);
  // Find the deepest existing node along the path.
  let node: Node | null = root;
  let i = 0;
  let pair: Pair<Node, Node | null> | undefined;
  for (; i < path.length; i++) {
    const seg = path[i]!;
    if (isAlias(node)) return undefined;
    if (typeof seg === 'string' && isMap(node)) {
      const p = pairOf(node, seg);
      if (!p) break;
      pair = p;
      node = p.value;
    } else if (typeof seg === 'number' && isSeq(node)) {
      const item = node.items[seg] as Node | undefined;
      if (item === undefined) {
        // One past the end: append an item.
        if (seg !== node.items.length || node.items.length === 0) return undefined;
        return appendToSeq(text, node, nest(path.slice(i + 1) as string[], value), json, style0);
      }
      pair = undefined;
      node = item;
    } else if (isScalar(node) && node.value === null && typeof seg === 'string') break;
    else return undefined;
  }
  if (i === path.length) {
    // The key exists: replace its value.
    if (deepEqual(toJs(node, doc), value)) return null;
    if (node === null || !node.range) return undefined;
    const flowCtx = json || inFlow(text, node);
    if (isCollectionValue(value)) {
      if (flowCtx || !pair) return { offset: start(node), endOffset: valueEnd(node), text: flowText(value, json) };
      // Block context: `key:` followed by the new block, replacing the old value.
      const colon = text.indexOf(':', pair.key.range![1]);
      if (colon === -1 || colon >= start(node) + (start(node) === valueEnd(node) ? 1 : 0)) return undefined;
      const indent = ' '.repeat(column(text, start(pair.key)) + style0.unit);
      const end = beforeLineBreak(text, nextLineStart(text, valueEnd(node)));
      return { offset: colon + 1, endOffset: end, text: style0.eol + withoutFinalEol(blockLines(value, indent, { ...style0, flow: false, quote: false })) };
    }
    return { offset: start(node), endOffset: valueEnd(node), text: flowText(value, json || text[start(node)] === '"') };
  }
  if (typeof path[i] !== 'string' || path.slice(i).some((s) => typeof s !== 'string')) return undefined;
  const rest = path.slice(i) as string[];
  const [first, ...deeper] = rest as [string, ...string[]];
  const inner = nest(deeper, value);
  if (isMap(node)) {
    if (hasMergeKeys(node) && deeper.length > 0) return undefined; // the parent may come from a merge source
    return node.flow ? insertIntoFlowMap(text, node, first, inner, json) : insertIntoBlockMap(text, node, first, inner, { ...style0, flow: false, quote: false });
  }
  if (isScalar(node) && node.value === null && pair) {
    // `key:` with no value: give it a block mapping.
    const colon = text.indexOf(':', pair.key.range![1]);
    if (colon === -1 || colon > start(node)) return undefined;
    const indent = ' '.repeat(column(text, start(pair.key)) + style0.unit);
    const entry = blockEntry(first, inner, indent, { ...style0, flow: false, quote: false });
    return { offset: colon + 1, endOffset: valueEnd(node), text: style0.eol + withoutFinalEol(entry) };
  }
  return undefined;
}

function eolLen(text: string, lineStartOffset: number): number {
  return text[lineStartOffset - 2] === '\r' ? 2 : 1;
}

/** `offset` moved back over the line break that ends just before it. */
function beforeLineBreak(text: string, offset: number): number {
  return offset > 0 && text[offset - 1] === '\n' ? offset - eolLen(text, offset) : offset;
}

function withoutFinalEol(s: string): string {
  return s.replace(/\r?\n$/, '');
}

/** True when a node sits inside flow collection brackets (its own line holds an unclosed `{` or `[` before it). */
function inFlow(text: string, node: Node): boolean {
  const before = text.slice(lineStart(text, start(node)), start(node));
  let depth = 0;
  for (const ch of before) {
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return depth > 0;
}

function appendToSeq(text: string, seq: YAMLSeq, value: unknown, json: boolean, style0: { eol: string; unit: number }): TextEdit | undefined {
  const items = seq.items as Node[];
  const last = items[items.length - 1]!;
  if (!last.range) return undefined;
  if (seq.flow) {
    const end = valueEnd(last);
    const multiline = text.slice(start(items[0]!), end).includes('\n') && onlySpacesBefore(text, start(items[0]!));
    const sep = multiline ? `,${style0.eol}${' '.repeat(column(text, start(items[0]!)))}` : ', ';
    return { offset: end, endOffset: end, text: `${sep}${flowText(value, json || text[start(last)] === '"')}` };
  }
  // Block list: a new `- ` item at the column of the first item's dash.
  const first = items[0]!;
  const dash = text.lastIndexOf('-', start(first) - 1);
  if (dash < lineStart(text, start(first)) || !onlySpacesBefore(text, dash)) return undefined;
  const indent = ' '.repeat(column(text, dash));
  const at = nextLineStart(text, valueEnd(last));
  const style = { ...style0, flow: false, quote: false };
  let entry: string;
  if (isCollectionValue(value) && !Array.isArray(value)) {
    // `- key: v` then the other keys under it, two columns in.
    const lines = blockLines(value, `${indent}  `, style);
    entry = `${indent}- ${lines.slice(indent.length + 2)}`;
  } else if (isCollectionValue(value)) {
    entry = `${indent}-${style.eol}${blockLines(value, `${indent}  `, style)}`;
  } else entry = `${indent}- ${flowText(value, false)}${style.eol}`;
  if (at === text.length && text.length > 0 && !text.endsWith('\n')) return { offset: at, endOffset: at, text: style.eol + withoutFinalEol(entry) };
  return { offset: at, endOffset: at, text: entry };
}

function insertIntoBlockMap(text: string, map: YAMLMap, key: string, value: unknown, style: Style): TextEdit | undefined {
  const pairs = map.items.filter(isPair) as Pair<Node, Node | null>[];
  const last = pairs[pairs.length - 1];
  const firstKey = pairs[0]?.key;
  if (!last || !firstKey?.range) return undefined;
  const indent = ' '.repeat(column(text, start(firstKey)));
  const at = blockPairEnd(text, last);
  const entry = blockEntry(key, value, indent, style);
  // At the very end of a text without a final line break, start a new line first.
  if (at === text.length && text.length > 0 && !text.endsWith('\n')) return { offset: at, endOffset: at, text: style.eol + withoutFinalEol(entry) };
  return { offset: at, endOffset: at, text: entry };
}

function insertIntoFlowMap(text: string, map: YAMLMap, key: string, value: unknown, json: boolean): TextEdit | undefined {
  const quote = json || quotedKeys(map, text);
  const entryText = `${quote ? JSON.stringify(key) : keyText(key, { flow: true, quote, eol: '\n', unit: 2 })}: ${flowText(value, quote)}`;
  const pairs = map.items.filter(isPair) as Pair<Node, Node | null>[];
  const last = pairs[pairs.length - 1];
  if (!last) {
    const open = text.indexOf('{', start(map));
    return open === -1 ? undefined : { offset: open + 1, endOffset: open + 1, text: ` ${entryText} ` };
  }
  const end = last.value?.range ? valueEnd(last.value) : last.key.range![1];
  const firstKey = pairs[0]!.key;
  const multiline = text.slice(start(map), end).includes('\n') && onlySpacesBefore(text, start(firstKey));
  if (multiline) {
    const indent = ' '.repeat(column(text, start(firstKey)));
    return { offset: end, endOffset: end, text: `,${eolOf(text)}${indent}${entryText}` };
  }
  return { offset: end, endOffset: end, text: `, ${entryText}` };
}

// ---------------------------------------------------------------- delete

/** Edit for a `delete` op; `null` when the path is already absent. */
function deleteEdit(text: string, root: YAMLMap, path: YamlPath): TextEdit | null | undefined {
  if (path.length === 0) return undefined;
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1]!;
  let parent: Node | null = root;
  for (const seg of parentPath) {
    if (isAlias(parent)) return undefined;
    if (typeof seg === 'string' && isMap(parent)) {
      const p = pairOf(parent, seg);
      if (!p) return hasMergeKeys(parent) ? undefined : null;
      parent = p.value;
    } else if (typeof seg === 'number' && isSeq(parent)) {
      const item = parent.items[seg] as Node | undefined;
      if (item === undefined) return null;
      parent = item;
    } else if (parent === null || (isScalar(parent) && parent.value === null)) return null;
    else return undefined;
  }
  if (isAlias(parent)) return undefined;
  if (typeof last === 'string' && isMap(parent)) {
    const pair = pairOf(parent, last);
    if (!pair) return hasMergeKeys(parent) ? undefined : null;
    return parent.flow ? deleteFromFlow(parent.items as Pair<Node, Node | null>[], pair) : deleteFromBlockMap(text, parent, pair);
  }
  if (typeof last === 'number' && isSeq(parent)) {
    const item = parent.items[last] as Node | undefined;
    if (item === undefined) return null;
    if (!item.range) return undefined;
    if (parent.flow) return deleteFromFlowSeq(parent, last);
    if (parent.items.length === 1) return undefined;
    const from = lineStart(text, start(item));
    if (!/^[ \t]*-[ \t]*$/.test(text.slice(from, start(item)))) return undefined;
    return { offset: from, endOffset: nextLineStart(text, valueEnd(item)), text: '' };
  }
  if (parent === null || (isScalar(parent) && parent.value === null)) return null;
  return undefined;
}

function deleteFromBlockMap(text: string, map: YAMLMap, pair: Pair<Node, Node | null>): TextEdit | undefined {
  const pairs = map.items.filter(isPair) as Pair<Node, Node | null>[];
  const idx = pairs.indexOf(pair);
  const keyStart = start(pair.key);
  const end = blockPairEnd(text, pair);
  if (pairs.length === 1) {
    // The map becomes empty: write `{}` where the pair was (`gates:` + `{}` on the key's line when it is free).
    const from = onlySpacesBefore(text, keyStart) ? lineStart(text, keyStart) : keyStart;
    const prevLineEnd = from === lineStart(text, keyStart) ? from - 1 : -1;
    if (prevLineEnd > 0) {
      const prevStart = lineStart(text, prevLineEnd);
      const prevLine = text.slice(prevStart, prevLineEnd).replace(/\r$/, '');
      if (/:[ \t]*$/.test(prevLine) && !prevLine.trimStart().startsWith('#')) {
        const colonEnd = prevStart + prevLine.length;
        return { offset: colonEnd, endOffset: beforeLineBreak(text, end), text: ' {}' };
      }
    }
    return { offset: keyStart, endOffset: beforeLineBreak(text, end), text: '{}' };
  }
  if (onlySpacesBefore(text, keyStart)) return { offset: lineStart(text, keyStart), endOffset: end, text: '' };
  // First key of a list item (`- key: v`): the next key moves up behind the dash.
  const next = pairs[idx + 1];
  if (idx === 0 && next) return { offset: keyStart, endOffset: start(next.key), text: '' };
  return undefined;
}

function deleteFromFlow(items: readonly Pair<Node, Node | null>[], pair: Pair<Node, Node | null>): TextEdit | undefined {
  const idx = items.indexOf(pair);
  const end = pair.value?.range ? valueEnd(pair.value) : pair.key.range![1];
  const next = items[idx + 1];
  if (next) return { offset: start(pair.key), endOffset: start(next.key), text: '' };
  const prev = items[idx - 1];
  if (prev) {
    const prevEnd = prev.value?.range ? valueEnd(prev.value) : prev.key.range![1];
    return { offset: prevEnd, endOffset: end, text: '' };
  }
  return { offset: start(pair.key), endOffset: end, text: '' };
}

function deleteFromFlowSeq(seq: YAMLSeq, index: number): TextEdit | undefined {
  const items = seq.items as Node[];
  const item = items[index]!;
  const next = items[index + 1];
  if (next?.range) return { offset: start(item), endOffset: start(next), text: '' };
  const prev = items[index - 1];
  if (prev?.range) return { offset: valueEnd(prev), endOffset: valueEnd(item), text: '' };
  return { offset: start(item), endOffset: valueEnd(item), text: '' };
}

// ---------------------------------------------------------------- suppression comment

/**
 * Inserts `# shootlint-disable-next-line <id> -- ` above the line holding
 * `offset`, at its indentation, with no reason: until the user types one the
 * directive is an `invalid-suppression` and suppresses nothing, so no
 * placeholder text is ever recorded as a justification.
 */
export function suppressionEdit(text: string, offset: number, ruleId: string): TextEdit {
  const { from, indent } = suppressionPoint(text, offset);
  return { offset: from, endOffset: from, text: `${indent}# shootlint-disable-next-line ${ruleId} -- ${eolOf(text)}` };
}

/**
 * The same insertion as an LSP snippet (`$1` where the reason goes): an editor
 * that supports snippet edits puts the cursor there for the user to type it.
 */
export function suppressionSnippet(text: string, offset: number, ruleId: string): { readonly offset: number; readonly snippet: string } {
  const { from, indent } = suppressionPoint(text, offset);
  const esc = (s: string): string => s.replace(/[\\$}]/g, (c) => `\\${c}`);
  return { offset: from, snippet: `${esc(indent)}# shootlint-disable-next-line ${esc(ruleId)} -- $1${eolOf(text)}` };
}

function suppressionPoint(text: string, offset: number): { from: number; indent: string } {
  const from = lineStart(text, Math.min(Math.max(0, offset), text.length));
  return { from, indent: /^[ \t]*/.exec(text.slice(from))![0] };
}
