/**
 * Judging files in the context of their repository. Given the files of a run
 * (the staged files of a commit, a pull request's changed files, a folder),
 * `planContext` adds from the repository index:
 *
 * - the objects a given file affects: every object that references a given
 *   object (a Shoot referencing a given audit-policy ConfigMap or
 *   CloudProfile; through a NamespacedCloudProfile, the Shoots using it).
 *   They are linted and reported like given files;
 * - the context the given and affected objects need: what they reference
 *   (ConfigMaps, CloudProfiles, a NamespacedCloudProfile's parent), and for
 *   files holding other objects (workloads judged against a Shoot's
 *   Kubernetes version) the Shoots in the same folder, or the repository's
 *   only Shoot. Context is linted but not reported.
 *
 * `keepReported` then keeps what belongs to a given file or a reported
 * object: a finding in a context file is kept when a reported object owns it
 * (a given Shoot's audit policy failing inside its ConfigMap), and a finding
 * placed in one object on behalf of others names them.
 */
import { relative, resolve, sep } from 'node:path';
import type { FileResult, LintMessage, LintOutput, ObjectRef, RuleResult, SourceFile } from '../engine/types.ts';
import type { ObjectHeader, RepoIndex } from './repo-index.ts';
import { headersOf, readText } from './repo-index.ts';

/** References are followed this deep (Shoot -> NamespacedCloudProfile -> CloudProfile). */
const MAX_DEPTH = 4;
const SHOOT_API_VERSION = 'core.gardener.cloud/v1beta1';
/** Kinds that are only context for Shoots; other objects are workloads or manifests judged against a Shoot's version. */
const REFERENCED_KINDS = new Set(['Shoot', 'ConfigMap', 'Secret', 'CloudProfile', 'NamespacedCloudProfile']);

export interface ContextPlan {
  /** Every file to lint: the given ones first, then affected and context files. */
  readonly files: SourceFile[];
  /** Paths (as the run names them) of the given files: everything in them is reported. */
  readonly given: ReadonlySet<string>;
  /** Objects reported besides the given files' (`kind/namespace/name`). */
  readonly affected: ReadonlySet<string>;
  /** Paths (as the run names them) of the files holding affected objects. */
  readonly affectedPaths: ReadonlySet<string>;
  /** Every reported object: the given files' and the affected ones. */
  readonly reported: ReadonlySet<string>;
  /** Files added to the run: affected (reported) and context (not reported). */
  readonly added: { readonly affected: number; readonly context: number };
}

export interface PlanOptions {
  readonly cwd: string;
  /** Name added files by their absolute path (the language server's names) instead of relative to `cwd`. */
  readonly absolute?: boolean;
  /** Reads a file added from the index (absolute path); undefined when it cannot be read. */
  readonly read?: (abs: string) => string | undefined;
  /** The objects of a given file (default: its text scanned). */
  readonly headers?: (f: SourceFile) => readonly ObjectHeader[];
}

export function refKey(o: { kind: string; name: string; namespace?: string | undefined }): string {
  return `${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

/** The name a run gives a file: relative to the working directory when inside it, with `/` separators. */
export function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' || rel.startsWith('..') ? abs : rel).split(sep).join('/');
}

export function planContext(given: readonly SourceFile[], index: RepoIndex, opts: PlanOptions): ContextPlan {
  const read = opts.read ?? readText;
  const display = (abs: string): string => (opts.absolute ? abs : displayPath(opts.cwd, abs));
  const givenAbs = new Set(given.map((f) => resolve(opts.cwd, f.path)));
  const reported = new Set<string>();
  const affected = new Set<string>();
  const affectedFiles = new Set<string>();
  const contextFiles = new Set<string>();
  const needs: { object: ObjectHeader; depth: number }[] = [];
  let workloadDirs: Set<string> | undefined;

  // The given objects, and what references them (transitively: a CloudProfile's NamespacedCloudProfiles' Shoots).
  const queue: { object: ObjectHeader; depth: number }[] = [];
  for (const f of given) {
    const abs = resolve(opts.cwd, f.path);
    for (const object of opts.headers ? opts.headers(f) : headersOf(f.path, f.text)) {
      reported.add(refKey(object));
      queue.push({ object, depth: 0 });
      needs.push({ object, depth: 0 });
      if (!REFERENCED_KINDS.has(object.kind)) (workloadDirs ??= new Set()).add(dirOf(abs));
    }
  }
  const visited = new Set<string>();
  // Queues read by position: shift() moves every element left, quadratic in a folder of thousands of files.
  for (let q = 0; q < queue.length; q++) {
    const { object, depth } = queue[q]!;
    if (depth >= MAX_DEPTH) continue;
    for (const r of index.referrers(object)) {
      const key = `${r.file.path}\u0000${refKey(r.object)}`;
      if (visited.has(key)) continue;
      visited.add(key);
      if (!givenAbs.has(r.file.path)) {
        affectedFiles.add(r.file.path);
        affected.add(refKey(r.object));
      }
      reported.add(refKey(r.object));
      queue.push({ object: r.object, depth: depth + 1 });
      needs.push({ object: r.object, depth: 0 });
    }
  }

  // What the reported objects reference, transitively.
  const followed = new Set<string>();
  for (let q = 0; q < needs.length; q++) {
    const { object, depth } = needs[q]!;
    if (depth >= MAX_DEPTH) continue;
    for (const link of object.links ?? []) {
      for (const t of index.resolve(link, object.namespace)) {
        const key = `${t.file.path}\u0000${refKey(t.object)}`;
        if (followed.has(key)) continue;
        followed.add(key);
        if (!givenAbs.has(t.file.path) && !affectedFiles.has(t.file.path)) contextFiles.add(t.file.path);
        needs.push({ object: t.object, depth: depth + 1 });
      }
    }
  }

  // Workloads are judged against the Kubernetes version of the Shoots beside them, or the only Shoot.
  if (workloadDirs) {
    const anywhere = index.pathsOfKind(SHOOT_API_VERSION, 'Shoot', undefined, 2);
    const shoots = anywhere.length === 1 ? anywhere : [...workloadDirs].flatMap((dir) => index.pathsOfKind(SHOOT_API_VERSION, 'Shoot', dir));
    for (const path of shoots) if (!givenAbs.has(path) && !affectedFiles.has(path)) contextFiles.add(path);
  }

  const files: SourceFile[] = [...given];
  const add = (abs: string): boolean => {
    const text = read(abs);
    if (text === undefined) return false;
    files.push({ path: display(abs), text });
    return true;
  };
  let nAffected = 0;
  let nContext = 0;
  for (const abs of [...affectedFiles].sort()) if (add(abs)) nAffected++;
  for (const abs of [...contextFiles].sort()) if (add(abs)) nContext++;
  const affectedPaths = new Set([...affectedFiles].map(display));
  return { files, given: new Set(given.map((f) => f.path)), affected, affectedPaths, reported, added: { affected: nAffected, context: nContext } };
}

/**
 * The plan of a run given every manifest of its workspace (lint of the
 * repository's folder): no file outside the given ones to affect or need, so
 * `planContext` would add nothing and report every given object; this needs
 * no repository index.
 */
export function planGiven(given: readonly SourceFile[], headers: (f: SourceFile) => readonly ObjectHeader[]): ContextPlan {
  const reported = new Set<string>();
  for (const f of given) for (const object of headers(f)) reported.add(refKey(object));
  return { files: [...given], given: new Set(given.map((f) => f.path)), affected: new Set(), affectedPaths: new Set(), reported, added: { affected: 0, context: 0 } };
}

function dirOf(abs: string): string {
  const i = abs.lastIndexOf(sep);
  return i < 0 ? '' : abs.slice(0, i);
}

/** Whether two references name the same object (as their `refKey`s compare, without building them in the common case). */
function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  return (a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '')) || refKey(a) === refKey(b);
}

/** The objects whose results are at one place: a rule's finding (its message) at a range of a file. */
interface Owners {
  readonly ruleId: string;
  readonly endOffset: number;
  readonly message: string;
  readonly objects: ObjectRef[];
}

/**
 * The objects each finding of `results` is placed for, by file and offset
 * (then rule, end and message): found without building a key per finding.
 */
class OwnerIndex {
  private readonly byFile = new Map<string, Map<number, Owners[]>>();

  constructor(results: readonly RuleResult[]) {
    for (const r of results) {
      if (!r.object || !r.span) continue;
      let byOffset = this.byFile.get(r.filePath);
      if (!byOffset) this.byFile.set(r.filePath, (byOffset = new Map()));
      let list = byOffset.get(r.span.offset);
      if (!list) byOffset.set(r.span.offset, (list = []));
      const at = find(list, r.ruleId, r.span.endOffset, r.message);
      if (!at) list.push({ ruleId: r.ruleId, endOffset: r.span.endOffset, message: r.message, objects: [r.object] });
      else if (!at.objects.some((o) => sameRef(o, r.object!))) at.objects.push(r.object);
    }
  }

  of(filePath: string, m: LintMessage): readonly ObjectRef[] {
    const list = this.byFile.get(filePath)?.get(m.offset);
    return (list && find(list, m.ruleId, m.endOffset, m.message)?.objects) ?? [];
  }
}

function find(list: readonly Owners[], ruleId: string, endOffset: number, message: string): Owners | undefined {
  for (const o of list) if (o.endOffset === endOffset && o.ruleId === ruleId && o.message === message) return o;
  return undefined;
}

function label(o: ObjectRef): string {
  return o.namespace ? `${o.namespace}/${o.name}` : o.name;
}

/**
 * A finding placed in one object on behalf of others (`owners`: the objects
 * whose results are at its place) names them, the reported ones first.
 */
export function namedFor(m: LintMessage, owners: readonly ObjectRef[], isReported: (o: ObjectRef) => boolean): LintMessage {
  if (!m.object || !owners.length || owners.some((o) => sameRef(o, m.object!))) return m;
  const shown = owners.filter(isReported);
  const list = shown.length ? shown : owners;
  const only = list.length === 1 ? list[0]! : undefined;
  if (only && (m.message.includes(`${only.kind} ${label(only)}`) || m.message.includes(`${only.kind} ${only.name} `))) return m;
  const names = list.slice(0, 3).map((o) => `${o.kind} ${label(o)}`);
  const more = list.length > 3 ? ` and ${list.length - 3} more` : '';
  return { ...m, message: `${m.message}${/[.!?]$/.test(m.message) ? '' : '.'} Used by ${names.join(', ')}${more}.` };
}

/**
 * The lint output of a planned run, less what is neither in a given file nor
 * owned by a reported object. A finding placed in one object on behalf of
 * others (a policy failing in a ConfigMap for the Shoots using it) names them.
 */
export function keepReported(output: LintOutput, plan: Pick<ContextPlan, 'given' | 'reported' | 'affectedPaths'>): LintOutput {
  const owners = new OwnerIndex(output.results);
  const ownedBy = (filePath: string, m: LintMessage): readonly ObjectRef[] => owners.of(filePath, m);
  const isReported = (o: ObjectRef): boolean => plan.reported.has(refKey(o));

  const named = (filePath: string, m: LintMessage): LintMessage => namedFor(m, ownedBy(filePath, m), isReported);

  const files: FileResult[] = [];
  for (const f of output.files) {
    const given = plan.given.has(f.filePath);
    const keep = (m: LintMessage): boolean => given || ownedBy(f.filePath, m).some(isReported);
    const messages = f.messages.filter(keep).map((m) => named(f.filePath, m));
    const suppressedMessages = f.suppressedMessages.filter(keep).map((m) => named(f.filePath, m));
    if (!given && !messages.length && !suppressedMessages.length && !plan.affectedPaths.has(f.filePath)) continue;
    files.push({
      filePath: f.filePath,
      messages,
      suppressedMessages,
      errorCount: messages.filter((m) => m.severity === 2).length,
      warningCount: messages.filter((m) => m.severity === 1).length,
    });
  }
  const results = output.results.filter((r: RuleResult) => plan.given.has(r.filePath) || (r.object !== undefined && isReported(r.object)));
  return { files, results };
}
