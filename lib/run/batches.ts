/**
 * Linting in batches: the files of a run are linted a batch at a time, in
 * the order their results are handed on, and each batch's parsed forms are
 * dropped before the next is read, so memory stays flat however many files
 * there are. A batch is linted with the files outside it that its files share
 * a group with (below), as context: parsed again, their results dropped.
 *
 * A file's findings must not depend on which batch it lands in, so files
 * that can affect each other's findings always share a batch. The header
 * index (lib/run/repo-index.ts, a line scan; the parse only for files the
 * scan declines) tells which: an object and every object of the kind and
 * name it references (in any namespace: a superset of what the engine
 * resolves, fallbacks and ambiguities included); and, for the namespace rules
 * that ask whether any Shoot references a ConfigMap or Secret in a system
 * namespace (or in none), each Shoot and such objects of its namespace (of
 * every namespace when either has none). The workspace-wide checks (one image in two versions, removed
 * APIs judged against the workspace's Shoots) and the verdicts that count the
 * workspace's objects need the whole workspace: a run with workloads, or one
 * that collects passing verdicts (the compliance report, JUnit), is one batch.
 */
import type { LintOutput, RuleResult, SourceFile } from '../engine/types.ts';
import { isGardenOrConfig, SYSTEM_NAMESPACES } from '../../rules/_namespaces.ts';
import type { ContextPlan } from './context.ts';
import { keepReported, refKey } from './context.ts';
import type { ObjectHeader } from './repo-index.ts';
import { headersOf } from './repo-index.ts';
import { collate } from '../engine/collate.ts';

/**
 * Files per batch (a group of files that affect each other is never split).
 * Small enough that a batch's parsed forms mostly die young in a worker's
 * young generation: at 10,000 generated Shoots, batches of 200 took about a
 * fifth less CPU and a third less peak memory than batches of 1,000.
 */
export const DEFAULT_BATCH_FILES = 200;

/** Kinds whose objects only the per-object, per-Shoot and reference checks read; any other kind is a workload. */
const BATCHABLE_KINDS = new Set(['Shoot', 'ConfigMap', 'Secret', 'CloudProfile', 'NamespacedCloudProfile']);

class UnionFind {
  private readonly parent: number[] = [];

  add(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }

  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    for (let j = i; this.parent[j] !== r; ) [j, this.parent[j]] = [this.parent[j]!, r];
    return r;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** A batch: the files to lint together, and the paths whose results it hands on (the others are context). */
export interface Batch {
  readonly lint: readonly SourceFile[];
  readonly keep: ReadonlySet<string>;
}

/**
 * The batches of `files`: runs of `batchFiles` files in the order of their
 * paths, each linted with what it shares a group with (in the order of
 * `files`); undefined when all must be linted together.
 */
export function planBatches(files: readonly SourceFile[], batchFiles: number, headers: (f: SourceFile) => readonly ObjectHeader[] = (f) => headersOf(f.path, f.text)): Batch[] | undefined {
  const sets = new UnionFind();
  for (let i = 0; i < files.length; i++) sets.add();
  const byName = new Map<string, number>();
  const all: (readonly ObjectHeader[])[] = [];
  for (let i = 0; i < files.length; i++) {
    const objects = headers(files[i]!);
    all.push(objects);
    for (const o of objects) {
      if (!BATCHABLE_KINDS.has(o.kind)) return undefined;
      const key = `${o.kind}\u0000${o.name}`;
      const first = byName.get(key);
      if (first === undefined) byName.set(key, i);
      else sets.union(first, i);
    }
  }
  // References: with every object of the kind and name referenced.
  for (let i = 0; i < files.length; i++) {
    for (const o of all[i]!) {
      for (const l of o.links ?? []) {
        const target = byName.get(`${l.kind}\u0000${l.name}`);
        if (target !== undefined) sets.union(i, target);
      }
    }
  }
  // The namespace rules judge a cluster object in a system namespace (or in none) by whether a Shoot it
  // is visible to references it: such an object meets every Shoot of its namespace (of every namespace
  // when it has none), and a Shoot without a namespace meets every such object.
  const judged = new Map<string | undefined, number>();
  for (let i = 0; i < files.length; i++) {
    for (const o of all[i]!) {
      if (o.kind === 'Shoot' || isGardenOrConfig(o)) continue;
      if (o.namespace !== undefined && !SYSTEM_NAMESPACES.includes(o.namespace)) continue;
      const at = judged.get(o.namespace);
      if (at === undefined) judged.set(o.namespace, i);
      else sets.union(at, i);
    }
  }
  if (judged.size) {
    const everywhere = judged.get(undefined);
    for (let i = 0; i < files.length; i++) {
      for (const o of all[i]!) {
        if (o.kind !== 'Shoot') continue;
        if (o.namespace === undefined) for (const at of judged.values()) sets.union(i, at);
        else {
          const at = judged.get(o.namespace);
          if (at !== undefined) sets.union(i, at);
          if (everywhere !== undefined) sets.union(i, everywhere);
        }
      }
    }
  }

  const groups = new Map<number, number[]>();
  for (let i = 0; i < files.length; i++) {
    const r = sets.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  // Runs of the files in the order their results are handed on (by path), each linted with the files
  // it shares a group with; a group split across runs is linted with each, and each keeps its own files.
  const order = files.map((_, i) => i).sort((a, b) => collate(files[a]!.path, files[b]!.path) || a - b);
  const batches: Batch[] = [];
  for (let start = 0; start < order.length; start += batchFiles) {
    const run = order.slice(start, start + batchFiles);
    const lint = new Set<number>();
    for (const i of run) for (const j of groups.get(sets.find(i))!) lint.add(j);
    batches.push({ lint: [...lint].sort((a, b) => a - b).map((j) => files[j]!), keep: new Set(run.map((i) => files[i]!.path)) });
  }
  return batches;
}

/** The batches to lint `files` in: one when passing verdicts are collected, the files are few, or they hold workloads. */
export function batchesFor(files: readonly SourceFile[], collectPasses: boolean, batchFiles = DEFAULT_BATCH_FILES, headers?: (f: SourceFile) => readonly ObjectHeader[]): Batch[] {
  const whole = (): Batch[] => [{ lint: files, keep: new Set(files.map((f) => f.path)) }];
  if (collectPasses || files.length <= batchFiles) return whole();
  return planBatches(files, batchFiles, headers) ?? whole();
}

/** What of a batch's output it hands on: its own files' results. */
export function kept(batch: Pick<Batch, 'keep'>, output: LintOutput): LintOutput {
  if (output.files.every((f) => batch.keep.has(f.filePath))) return output;
  return { files: output.files.filter((f) => batch.keep.has(f.filePath)), results: output.results.filter((r) => batch.keep.has(r.filePath)) };
}

/**
 * What of a batch's output is handed on, as data a worker is sent with the
 * batch: the paths of its own files, and in a run with a context plan
 * (lib/run/context.ts), the plan's given and affected paths and reported
 * objects (`refKey`) among the batch's.
 */
export interface BatchScope {
  readonly keep: readonly string[];
  /** Hand on the decided results (false: only the files, when nothing reads the results). */
  readonly results: boolean;
  readonly plan?: { readonly given: readonly string[]; readonly affectedPaths: readonly string[]; readonly reported: readonly string[] };
}

/** The scope of `batch` in a run with `plan` (the objects of each of its files by `headers`). */
export function batchScope(batch: Batch, plan: Pick<ContextPlan, 'given' | 'affectedPaths' | 'reported'> | undefined, headers: (f: SourceFile) => readonly ObjectHeader[], results = true): BatchScope {
  const keep = [...batch.keep];
  if (!plan) return { keep, results };
  const reported = new Set<string>();
  for (const f of batch.lint) for (const o of headers(f)) if (plan.reported.has(refKey(o))) reported.add(refKey(o));
  return {
    keep,
    results,
    plan: { given: keep.filter((p) => plan.given.has(p)), affectedPaths: keep.filter((p) => plan.affectedPaths.has(p)), reported: [...reported] },
  };
}

/**
 * A batch's output as it is handed on: its own files, what of them the plan
 * reports, and the decided results when the scope wants them. Run where the
 * batch was linted, so that only this crosses from a worker.
 */
export function finishBatch(output: LintOutput, scope: BatchScope): LintOutput {
  const own = kept({ keep: new Set(scope.keep) }, output);
  const out = scope.plan
    ? keepReported(own, { given: new Set(scope.plan.given), affectedPaths: new Set(scope.plan.affectedPaths), reported: new Set(scope.plan.reported) })
    : own;
  return scope.results ? out : { files: out.files, results: [] };
}

/**
 * Lints `files` batch by batch (see the module comment) and joins the
 * outputs; each file's findings are those a lint of all files together gives.
 */
export function lintInBatches(
  files: readonly SourceFile[],
  lint: (files: readonly SourceFile[], collectPasses: boolean) => LintOutput,
  collectPasses: boolean,
  batchFiles = DEFAULT_BATCH_FILES,
): LintOutput {
  const batches = batchesFor(files, collectPasses, batchFiles);
  if (batches.length === 1) return lint(files, collectPasses);
  const out: LintOutput = { files: [], results: [] };
  for (const batch of batches) {
    const o = kept(batch, lint(batch.lint, collectPasses));
    for (const f of o.files) out.files.push(f);
    for (const r of o.results) out.results.push(r);
  }
  return out;
}

/** Results grouped by their file path (each group in the order given). */
export function resultsByFile(results: readonly RuleResult[]): Map<string, RuleResult[]> {
  const out = new Map<string, RuleResult[]>();
  for (const r of results) {
    const list = out.get(r.filePath);
    if (list) list.push(r);
    else out.set(r.filePath, [r]);
  }
  return out;
}
