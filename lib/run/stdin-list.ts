/**
 * Lints a List read from standard input item by item (lib/input/stdin.ts
 * spools it and finds its items), in batches, so that memory stays flat
 * whatever the number of items: neither the whole text nor its tree is ever
 * built. A first pass reads each item's identity and references (kind,
 * namespace, name, the ConfigMaps and profiles a Shoot names); each batch is
 * then linted with the items its own items reference, wherever they are in
 * the List, so that cross-item references resolve as in the List read whole.
 * Every finding is mapped back to the place of standard input it is about.
 */
import type { FileResult, LintMessage, LintOutput, ObjectRef, RelatedLocation, RuleResult, SourceFile, Span } from '../engine/types.ts';
import type { ListItem } from '../input/list-item.ts';
import type { SpooledList } from '../input/stdin.ts';
import type { ContextPlan } from './context.ts';
import { keepReported, namedFor, refKey } from './context.ts';
import { resultsByFile } from './batches.ts';
import { sourceOf } from './disk-source.ts';
import { HeapBound } from './heap-bound.ts';
import type { Held } from './message-spool.ts';
import { compareHeld, MessageSpool } from './message-spool.ts';
import type { ObjectHeader } from './repo-index.ts';
import { headersOf } from './repo-index.ts';
import { collate } from '../engine/collate.ts';

/** Items per batch: enough to amortise a lint call, few enough to keep memory flat. */
export const DEFAULT_BATCH_ITEMS = 256;
/** References are followed this deep (Shoot -> NamespacedCloudProfile -> CloudProfile), as in context.ts. */
const MAX_DEPTH = 4;
const SEP = '\u0000';

export interface BatchOutput {
  readonly output: LintOutput;
  /** The context plan of the batch (a workspace run): findings are named and filtered by the plans of the batches. */
  readonly plan?: ContextPlan;
}

/** Takes a file (whole, or a part of it followed by more: FormatStream.file's `more`) with its results. */
export type Emit = (file: FileResult, results: readonly RuleResult[], more?: boolean) => void;

export interface ListLintOptions {
  /** The name standard input has in the run (`<stdin>`, `--stdin-filename`). */
  readonly path: string;
  /** Lints the sources of one batch (its items, then the items they reference), named by `itemPath`. */
  readonly lint: (files: SourceFile[]) => BatchOutput;
  /** Keep every result (pass and not-applicable too, for junit); otherwise results go only as far as naming findings needs them. */
  readonly keepResults: boolean;
  readonly batchItems?: number;
  /**
   * Takes standard input's findings in parts, in order, each as soon as no
   * later batch can add to it or come before it, then the workspace files
   * the items affect; with `after`, every file in the order of the paths.
   */
  readonly emit: Emit;
  /** Files that sort after standard input (handed on among the workspace files the items affect). */
  readonly after?: readonly { readonly file: FileResult; readonly results: readonly RuleResult[] }[];
  /** True when a workspace file the items affect may sort before standard input: its parts are then held to the end. */
  readonly othersMayPrecede?: boolean;
}

/** The name an item's text has while it is linted. */
export function itemPath(path: string, index: number): string {
  return `${path}${SEP}${index}`;
}

function itemIndexOf(filePath: string): number | undefined {
  const i = filePath.lastIndexOf(SEP);
  return i < 0 ? undefined : Number(filePath.slice(i + 1));
}

interface Indexed {
  readonly objects: readonly ObjectHeader[];
}

/** Objects by kind and name, for references between items. */
class ItemIndex {
  readonly items: Indexed[] = [];
  private readonly byName = new Map<string, number[]>();

  add(index: number, objects: readonly ObjectHeader[]): void {
    this.items[index] = { objects };
    for (const o of objects) {
      const key = `${o.kind}${SEP}${o.name}`;
      const list = this.byName.get(key);
      if (list) list.push(index);
      else this.byName.set(key, [index]);
    }
  }

  /** The items holding what `object` references (visible from its namespace, either side without one matching). */
  referenced(object: ObjectHeader): number[] {
    const out: number[] = [];
    for (const link of object.links ?? []) {
      for (const i of this.byName.get(`${link.kind}${SEP}${link.name}`) ?? []) {
        const ok = this.items[i]!.objects.some(
          (o) => o.kind === link.kind && o.name === link.name && (!link.namespaced || object.namespace === undefined || o.namespace === undefined || o.namespace === object.namespace),
        );
        if (ok) out.push(i);
      }
    }
    return out;
  }

  /** The items `batch` references, transitively, in the order of the List. */
  context(batch: readonly number[]): number[] {
    const context: number[] = [];
    const queue = batch.flatMap((i) => this.items[i]!.objects.map((object) => ({ object, depth: 0 })));
    const added = new Set<number>(batch);
    for (let q = 0; q < queue.length; q++) {
      const { object, depth } = queue[q]!;
      if (depth >= MAX_DEPTH) continue;
      for (const i of this.referenced(object)) {
        if (added.has(i)) continue;
        added.add(i);
        context.push(i);
        for (const o of this.items[i]!.objects) queue.push({ object: o, depth: depth + 1 });
      }
    }
    return context.sort((a, b) => a - b);
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.offset - b.offset || a.endOffset - b.endOffset || compareText(a.ruleId, b.ruleId) || compareText(a.message, b.message);
}

function messageKey(filePath: string, m: { ruleId: string; offset: number; endOffset: number; message: string; path?: string | undefined }): string {
  return `${filePath}${SEP}${m.ruleId}${SEP}${m.offset}${SEP}${m.endOffset}${SEP}${m.path ?? ''}${SEP}${m.message}`;
}

function fileOf(filePath: string, messages: LintMessage[], suppressedMessages: LintMessage[]): FileResult {
  let errorCount = 0;
  let warningCount = 0;
  for (const m of messages) {
    if (m.severity === 2) errorCount++;
    else if (m.severity === 1) warningCount++;
  }
  return { filePath, messages, suppressedMessages, errorCount, warningCount };
}

/**
 * Lints the items of `list` in batches and hands on standard input's
 * findings (one file) part by part, then those of the workspace files the
 * items affect (see ListLintOptions.emit).
 *
 * An item's findings are final once the last batch that lints it (its own,
 * or one whose items reference it) is done, and standard input's findings
 * are in the order of their place: a part holds the findings before the
 * first item that is not final yet. Where a List lists what its Shoots
 * reference before them (ConfigMaps first), the findings after such an item
 * wait for the last Shoot that references it, in a temporary file
 * (lib/run/message-spool.ts). With `keepResults` (junit: its test cases
 * gather verdicts from the whole file), or when a workspace file the items
 * affect may sort before standard input, all of them wait there to the end.
 */
export function lintSpooledList(list: SpooledList, opts: ListLintOptions): void {
  const { path } = opts;
  const items = list.items;
  const index = new ItemIndex();
  const shared = new Shared();
  /** The first item that is not UTF-8: standard input's non-utf8 warning is its (at the first bad byte). */
  let firstBad: number | undefined;

  // First pass: each item's identity and references.
  for (const item of items) {
    const { text, nonUtf8At } = list.text(item);
    if (nonUtf8At !== undefined && firstBad === undefined) firstBad = item.index;
    let objects: ObjectHeader[];
    try {
      objects = headersOf(itemPath(path, item.index), text);
    } catch {
      objects = [];
    }
    index.add(item.index, objects.map((o) => shared.header(o)));
  }

  // The batches, and the last batch that lints each item.
  const batchItems = opts.batchItems ?? DEFAULT_BATCH_ITEMS;
  const batches: { own: number[]; context: number[] }[] = [];
  const lastUse = new Int32Array(items.length);
  for (let from = 0; from < items.length; from += batchItems) {
    const own = items.slice(from, from + batchItems).map((i) => i.index);
    const context = index.context(own);
    for (const i of [...own, ...context]) lastUse[i] = batches.length;
    batches.push({ own, context });
  }

  const mapSpan = <T extends Span>(s: T, item: ListItem): T => {
    const base = item.at.unit - item.at.column;
    return { ...s, offset: base + s.offset, endOffset: base + s.endOffset, line: item.at.line + s.line - 1, endLine: item.at.line + s.endLine - 1 };
  };
  const mapRelated = (r: RelatedLocation): RelatedLocation => {
    const i = itemIndexOf(r.filePath);
    return i === undefined ? r : { ...mapSpan(r, items[i]!), filePath: path, message: shared.text(r.message) };
  };
  const mapMessage = (m: LintMessage, item: ListItem): LintMessage => {
    const base = item.at.unit - item.at.column;
    const line = item.at.line - 1;
    const message = m.ruleId === 'non-utf8' ? m.message.replace(/ at \d+:\d+ /, ` at ${m.line + line}:${m.column} `) : m.message;
    return shared.message(m, message, base, line, m.relatedLocations?.map(mapRelated));
  };
  const isShootItem = (i: number): boolean => index.items[i]!.objects.some((o) => o.kind === 'Shoot');
  const baseOf = (i: number): number => items[i]!.at.unit - items[i]!.at.column;

  /** Standard input's findings not handed on yet, by item. */
  const pending = new Map<number, { messages: LintMessage[]; suppressed: LintMessage[] }>();
  const pendingOf = (i: number): { messages: LintMessage[]; suppressed: LintMessage[] } => {
    let p = pending.get(i);
    if (!p) pending.set(i, (p = { messages: [], suppressed: [] }));
    return p;
  };
  /** Results that name findings placed in one object on behalf of others, by the key of the finding, by item. */
  const owners = new Map<number, Map<string, ObjectRef[]>>();
  /** Every result of standard input in the order the batches gave them (keepResults). */
  const allResults: RuleResult[] = [];
  const others = new Map<string, { messages: LintMessage[]; suppressed: LintMessage[] }>();
  const otherResults: RuleResult[] = [];
  /** Findings that more than one batch can give (those not inside a Shoot: a referenced ConfigMap's), counted once. */
  const seen = new Set<string>();
  const once = (key: string, item: number | undefined): boolean => {
    if (item !== undefined && isShootItem(item)) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  // The union of the batches' plans so far (a workspace run).
  let planned = false;
  const affected = new Set<string>();
  const affectedPaths = new Set<string>();
  const reported = new Set<string>();
  const heap = new HeapBound();

  // Standard input's findings are held to the end (in the spool) when a workspace file may come before it,
  // and for junit (its test cases gather verdicts from the whole file).
  const hold = opts.keepResults || opts.othersMayPrecede === true;
  const emitPart = (part: FileResult): void => {
    if (part.messages.length) opts.emit(part, [], true);
  };
  /** A finding placed in one object on behalf of others names them (as keepReported does). */
  const named = (i: number, m: LintMessage): LintMessage => {
    const own = planned ? owners.get(i)?.get(messageKey(path, { ...m, path: '' })) : undefined;
    return own ? namedFor(m, own, (o) => reported.has(refKey(o))) : m;
  };
  const planOf = (): ContextPlan => ({ files: [], given: new Set([path]), affected, affectedPaths, reported, added: { affected: 0, context: 0 } });

  // Handing on in order: after each batch, the items it was the last to lint are final and their findings
  // named; those before the first item that is not final (`frontier`, the start of its line) go out with the
  // held ones before it, the others wait in the spool. Findings are ordered as found (a name is no part of it).
  const finalAt: number[][] = batches.map(() => []);
  for (let i = 0; i < items.length; i++) finalAt[lastUse[i]!]!.push(i);
  const spool = new MessageSpool();
  const suppressed: Held[] = [];
  let first = 0;
  let frontier = -1;
  const PART = 4096;
  const handOn = (ready: Held[], to: number): void => {
    ready.sort(compareHeld);
    let part: LintMessage[] = [];
    const put = (x: Held): void => {
      part.push(x[1]);
      if (part.length < PART) return;
      emitPart(fileOf(path, part, []));
      part = [];
    };
    // The ready findings merged with the held ones before `to`.
    let r = 0;
    for (const x of spool.take(to)) {
      while (r < ready.length && compareHeld(ready[r]!, x) <= 0) put(ready[r++]!);
      put(x);
    }
    while (r < ready.length) put(ready[r++]!);
    emitPart(fileOf(path, part, []));
  };
  const settle = (b: number): void => {
    while (first < items.length && lastUse[first]! <= b) first++;
    const to = hold ? -1 : first < items.length ? baseOf(first) : Infinity;
    const ready: Held[] = [];
    for (const i of finalAt[b]!) {
      const p = pending.get(i);
      if (p) {
        pending.delete(i);
        for (const m of p.messages) {
          const shown = named(i, m);
          if (m.offset < to) ready.push([m, shown]);
          else spool.add(m, shown);
        }
        for (const m of p.suppressed) suppressed.push([m, named(i, m)]);
      }
      owners.delete(i);
    }
    if (to === frontier) return;
    frontier = to;
    handOn(ready, to);
  };

  let after: { file: FileResult; results: readonly RuleResult[] }[] = [];
  try {
    for (let b = 0; b < batches.length; b++) {
      const { own, context } = batches[b]!;
      const inBatch = new Set(own);
      const sources: SourceFile[] = [...own, ...context].map((i) => sourceOf(itemPath(path, i), list.text(items[i]!)));
      const { output, plan } = opts.lint(sources);
      if (plan) {
        planned = true;
        for (const k of plan.affected) affected.add(k);
        for (const k of plan.affectedPaths) affectedPaths.add(k);
        for (const k of plan.reported) reported.add(k);
      }
      for (const f of output.files) {
        const i = itemIndexOf(f.filePath);
        if (i === undefined) {
          let o = others.get(f.filePath);
          if (!o) others.set(f.filePath, (o = { messages: [], suppressed: [] }));
          for (const m of f.messages) if (once(messageKey(f.filePath, m), undefined)) o.messages.push(m.relatedLocations ? { ...m, relatedLocations: m.relatedLocations.map(mapRelated) } : m);
          for (const m of f.suppressedMessages) if (once(`s${messageKey(f.filePath, m)}`, undefined)) o.suppressed.push(m);
          continue;
        }
        const item = items[i]!;
        for (const m of f.messages) {
          if (m.ruleId === 'non-utf8' && i !== firstBad) continue;
          const mapped = mapMessage(m, item);
          if (once(messageKey(path, mapped), i)) pendingOf(i).messages.push(mapped);
        }
        for (const m of f.suppressedMessages) {
          const mapped = mapMessage(m, item);
          if (once(`s${messageKey(path, mapped)}`, i)) pendingOf(i).suppressed.push(mapped);
        }
      }
      for (const r of output.results) {
        const i = itemIndexOf(r.filePath);
        const mapped: RuleResult = i === undefined ? r : { ...r, filePath: path, ...(r.span ? { span: mapSpan(r.span, items[i]!) } : {}) };
        if (!opts.keepResults) {
          // Naming needs the results of findings placed in one object on behalf of another (a ConfigMap's for its Shoots).
          const own = i === undefined || !r.object || index.items[i]!.objects.some((o) => refKey(o) === refKey(r.object!));
          if (!plan || (own && i !== undefined)) continue;
        }
        if (i !== undefined && !inBatch.has(i) && !once(`r${messageKey(path, { ...mapped, ...mapped.span!, path: r.object ? refKey(r.object) : '' })}`, undefined)) continue;
        if (i === undefined) otherResults.push(mapped);
        else if (opts.keepResults) allResults.push(mapped);
        if (i !== undefined && plan && mapped.object && mapped.span) {
          let byKey = owners.get(i);
          if (!byKey) owners.set(i, (byKey = new Map()));
          const key = messageKey(path, { ...mapped.span, ruleId: mapped.ruleId, message: mapped.message, path: '' });
          const list = byKey.get(key);
          if (!list) byKey.set(key, [mapped.object]);
          else if (!list.some((o) => refKey(o) === refKey(mapped.object!))) list.push(mapped.object);
        }
      }
      // The items whose last batch this was are final.
      settle(b);
      heap.afterBatch();
    }
    // Every item is final: the workspace files the items affect, named and kept as a lint of the List read
    // whole would; those before standard input (when it is held), then what is held.
    const rest: { file: FileResult; results: readonly RuleResult[] }[] = [];
    if (others.size) {
      const files = [...others].map(([p, o]) => fileOf(p, o.messages.sort(compareMessages), o.suppressed.sort(compareMessages)));
      const kept = keepReported({ files, results: otherResults }, planOf());
      const byFile = opts.keepResults ? resultsByFile(kept.results) : new Map<string, RuleResult[]>();
      for (const file of kept.files) rest.push({ file, results: byFile.get(file.filePath) ?? [] });
    }
    others.clear();
    const sorted = (xs: typeof rest): typeof rest => xs.sort((a, b) => collate(a.file.filePath, b.file.filePath));
    after = sorted([...(opts.after ?? []), ...rest]);
    if (hold) while (after.length && collate(after[0]!.file.filePath, path) < 0) opts.emit(after[0]!.file, after.shift()!.results);
    if (frontier !== Infinity) handOn([], Infinity);
  } finally {
    spool.close();
  }
  if (list.error) {
    // Where the stream stops being valid: after every item.
    const { at, message } = list.error;
    const span = { offset: at.unit, endOffset: at.unit, line: at.line, column: at.column + 1, endLine: at.line, endColumn: at.column + 1 };
    const text = `cannot parse: ${message}; the items before it were linted`;
    emitPart(fileOf(path, [{ ruleId: 'parse-error', ruleName: 'parse-error', severity: 2, message: text, state: 'parse-error', path: '', ...span }], []));
    if (opts.keepResults) allResults.push({ ruleId: 'parse-error', state: 'parse-error', message: text, filePath: path, span });
  }
  suppressed.sort(compareHeld);
  opts.emit(fileOf(path, [], suppressed.map((x) => x[1])), opts.keepResults ? allResults : []);
  for (const x of after) opts.emit(x.file, x.results);
}

/** What a run hands on (files and parts of files, in order) as one output: standard input's parts joined. */
export function collectList(run: (emit: Emit) => void): LintOutput {
  const files: FileResult[] = [];
  const results: RuleResult[] = [];
  let open: { messages: LintMessage[]; suppressed: LintMessage[] } | undefined;
  run((f, rs, more) => {
    for (const r of rs) results.push(r);
    if (!open && !more) {
      files.push(f);
      return;
    }
    open ??= { messages: [], suppressed: [] };
    for (const m of f.messages) open.messages.push(m);
    for (const m of f.suppressedMessages) open.suppressed.push(m);
    if (more) return;
    files.push(fileOf(f.filePath, open.messages, open.suppressed));
    open = undefined;
  });
  return { files, results };
}

/**
 * A copy of a string that holds nothing else: a message built from pieces,
 * or a name cut out of an item's text, would otherwise keep those alive.
 */
function flat(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

const FIX_SAFE = { title: '', ops: [], safe: true } as const;
const FIX_REVIEW = { title: '', ops: [], safe: false } as const;

/**
 * The findings of a List are kept until their item is final (the formats
 * write them in order; those that wait longer wait on disk): each is kept small, with one copy of the strings and objects
 * that many findings repeat. A machine fix is kept only as whether it is safe
 * (what the summary counts); the fixes themselves need the text whole, and a
 * List is never split to be fixed.
 */
class Shared {
  private readonly strings = new Map<string, string>();
  private readonly objects = new Map<string, ObjectRef>();

  text(s: string): string {
    let t = this.strings.get(s);
    if (t === undefined) {
      if (this.strings.size > 100_000) this.strings.clear();
      this.strings.set(s, (t = flat(s)));
    }
    return t;
  }

  object(o: ObjectRef): ObjectRef {
    const key = `${o.apiVersion ?? ''}/${refKey(o)}`;
    let r = this.objects.get(key);
    if (!r) this.objects.set(key, (r = o.namespace === undefined ? { kind: this.text(o.kind), name: flat(o.name), ...(o.apiVersion !== undefined ? { apiVersion: this.text(o.apiVersion) } : {}) } : { kind: this.text(o.kind), name: flat(o.name), namespace: this.text(o.namespace), ...(o.apiVersion !== undefined ? { apiVersion: this.text(o.apiVersion) } : {}) }));
    return r;
  }

  /** An item's identity and references, holding nothing of its text. */
  header(o: ObjectHeader): ObjectHeader {
    const links = o.links?.map((l) => ({ kind: this.text(l.kind), name: flat(l.name), namespaced: l.namespaced }));
    return {
      apiVersion: this.text(o.apiVersion),
      kind: this.text(o.kind),
      name: flat(o.name),
      ...(o.namespace !== undefined ? { namespace: this.text(o.namespace) } : {}),
      ...(links?.length ? { links } : {}),
    };
  }

  message(m: LintMessage, message: string, base: number, line: number, relatedLocations: RelatedLocation[] | undefined): LintMessage {
    const out: LintMessage = {
      ruleId: this.text(m.ruleId),
      ruleName: this.text(m.ruleName),
      severity: m.severity,
      message: flat(message),
      state: m.state,
      path: this.text(m.path),
      offset: base + m.offset,
      endOffset: base + m.endOffset,
      line: m.line + line,
      column: m.column,
      endLine: m.endLine + line,
      endColumn: m.endColumn,
      ...(m.object ? { object: this.object(m.object) } : {}),
      ...(m.stig ? { stig: m.stig } : {}),
      ...(m.fix !== undefined ? { fix: this.text(m.fix) } : {}),
      ...(m.fixOps ? { fixOps: m.fixOps.safe ? FIX_SAFE : FIX_REVIEW } : {}),
      ...(relatedLocations ? { relatedLocations } : {}),
      ...(m.suppressions ? { suppressions: m.suppressions } : {}),
      ...(m.deprecated ? { deprecated: true } : {}),
    };
    return out;
  }
}
