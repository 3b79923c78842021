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
import { keepReported, refKey } from './context.ts';
import { HeapBound } from './heap-bound.ts';
import type { ObjectHeader } from './repo-index.ts';
import { headersOf } from './repo-index.ts';

/** Items per batch: enough to amortise a lint call, few enough to keep memory flat. */
export const DEFAULT_BATCH_ITEMS = 256;
/** References are followed this deep (Shoot -> NamespacedCloudProfile -> CloudProfile), as in context.ts. */
const MAX_DEPTH = 4;
const SEP = '\u0000';

export interface BatchOutput {
  readonly output: LintOutput;
  /** The context plan of the batch (a workspace run): findings are named and filtered by the plans of all batches at the end. */
  readonly plan?: ContextPlan;
}

export interface ListLintOptions {
  /** The name standard input has in the run (`<stdin>`, `--stdin-filename`). */
  readonly path: string;
  /** Lints the sources of one batch (its items, then the items they reference), named by `itemPath`. */
  readonly lint: (files: SourceFile[]) => BatchOutput;
  /** Keep every result (pass and not-applicable too, for junit); otherwise results go only as far as naming findings needs them. */
  readonly keepResults: boolean;
  readonly batchItems?: number;
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

/** Lints the items of `list` in batches; returns standard input's findings (one file) and those of workspace files the items affect. */
export function lintSpooledList(list: SpooledList, opts: ListLintOptions): LintOutput {
  const { path } = opts;
  const items = list.items;
  const index = new ItemIndex();
  const shared = new Shared();
  let nonUtf8: LintMessage | undefined;

  // First pass: each item's identity and references.
  for (const item of items) {
    const { text } = list.text(item);
    let objects: ObjectHeader[];
    try {
      objects = headersOf(itemPath(path, item.index), text);
    } catch {
      objects = [];
    }
    index.add(item.index, objects.map((o) => shared.header(o)));
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

  const messages: LintMessage[] = [];
  const suppressed: LintMessage[] = [];
  const results: RuleResult[] = [];
  const others = new Map<string, { messages: LintMessage[]; suppressed: LintMessage[] }>();
  /** Findings that more than one batch can give (those not inside a Shoot: a referenced ConfigMap's), counted once. */
  const seen = new Set<string>();
  const once = (key: string, item: number | undefined): boolean => {
    if (item !== undefined && isShootItem(item)) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const plans: ContextPlan[] = [];
  const batchItems = opts.batchItems ?? DEFAULT_BATCH_ITEMS;
  const heap = new HeapBound();

  for (let from = 0; from < items.length; from += batchItems) {
    const batch = items.slice(from, from + batchItems).map((i) => i.index);
    const inBatch = new Set(batch);
    // The items the batch references, transitively.
    const context: number[] = [];
    const queue = batch.flatMap((i) => index.items[i]!.objects.map((object) => ({ object, depth: 0 })));
    const added = new Set<number>(batch);
    while (queue.length) {
      const { object, depth } = queue.shift()!;
      if (depth >= MAX_DEPTH) continue;
      for (const i of index.referenced(object)) {
        if (added.has(i)) continue;
        added.add(i);
        context.push(i);
        for (const o of index.items[i]!.objects) queue.push({ object: o, depth: depth + 1 });
      }
    }
    const sources: SourceFile[] = [...batch, ...context.sort((a, b) => a - b)].map((i) => {
      const t = list.text(items[i]!);
      const file = { path: itemPath(path, i), text: t.text };
      return t.nonUtf8At === undefined ? file : { ...file, nonUtf8: { offset: t.nonUtf8At, byte: t.nonUtf8Byte! } };
    });
    const { output, plan } = opts.lint(sources);
    if (plan) plans.push(plan);
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
        const mapped = mapMessage(m, item);
        if (mapped.ruleId === 'non-utf8') {
          if (!nonUtf8 || mapped.offset < nonUtf8.offset) nonUtf8 = mapped;
          continue;
        }
        if (once(messageKey(path, mapped), i)) messages.push(mapped);
      }
      for (const m of f.suppressedMessages) {
        const mapped = mapMessage(m, item);
        if (once(`s${messageKey(path, mapped)}`, i)) suppressed.push(mapped);
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
      results.push(mapped);
    }
    heap.afterBatch();
  }

  if (nonUtf8) messages.push(nonUtf8);
  if (list.error) {
    const { at, message } = list.error;
    const span = { offset: at.unit, endOffset: at.unit, line: at.line, column: at.column + 1, endLine: at.line, endColumn: at.column + 1 };
    const text = `cannot parse: ${message}; the items before it were linted`;
    messages.push({ ruleId: 'parse-error', ruleName: 'parse-error', severity: 2, message: text, state: 'parse-error', path: '', ...span });
    results.push({ ruleId: 'parse-error', state: 'parse-error', message: text, filePath: path, span });
  }
  messages.sort(compareMessages);
  suppressed.sort(compareMessages);
  const fileOf = (filePath: string, ms: LintMessage[], sup: LintMessage[]): FileResult => ({
    filePath,
    messages: ms,
    suppressedMessages: sup,
    errorCount: ms.filter((m) => m.severity === 2).length,
    warningCount: ms.filter((m) => m.severity === 1).length,
  });
  const files = [fileOf(path, messages, suppressed), ...[...others].map(([p, o]) => fileOf(p, o.messages.sort(compareMessages), o.suppressed.sort(compareMessages)))];
  if (!plans.length) return { files, results };
  const union = <T>(sets: readonly ReadonlySet<T>[]): Set<T> => new Set(sets.flatMap((s) => [...s]));
  const plan: ContextPlan = {
    files: [],
    given: new Set([path]),
    affected: union(plans.map((p) => p.affected)),
    affectedPaths: union(plans.map((p) => p.affectedPaths)),
    reported: union(plans.map((p) => p.reported)),
    added: { affected: 0, context: 0 },
  };
  const named = keepReported({ files, results }, plan);
  return opts.keepResults ? named : { files: named.files, results: [] };
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
 * The findings of a List are kept until the end of the run (the formats write
 * them in order): each is kept small, with one copy of the strings and objects
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
