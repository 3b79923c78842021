/**
 * Linting in batches: the files of a run are linted a batch at a time, and
 * each batch's parsed forms are dropped before the next is read, so memory
 * stays flat however many files there are.
 *
 * A file's findings must not depend on which batch it lands in, so files
 * that can affect each other's findings always share a batch. The header
 * index (lib/run/repo-index.ts, a line scan; the parse only for files the
 * scan declines) tells which: an object and every object of the kind and
 * name it references (in any namespace: a superset of what the engine
 * resolves, fallbacks and ambiguities included); and, for the namespace rules
 * that ask whether any Shoot references a ConfigMap or Secret, each Shoot
 * and the cluster objects of its namespace (of every namespace when either
 * has none). The workspace-wide checks (one image in two versions, removed
 * APIs judged against the workspace's Shoots) and the verdicts that count the
 * workspace's objects need the whole workspace: a run with workloads, or one
 * that collects passing verdicts (the compliance report, JUnit), is one batch.
 */
import type { LintOutput, SourceFile } from '../engine/types.ts';
import { isGardenOrConfig } from '../../rules/_namespaces.ts';
import type { ObjectHeader } from './repo-index.ts';
import { headersOf } from './repo-index.ts';

/** Files per batch (a group of files that affect each other is never split). */
export const DEFAULT_BATCH_FILES = 1000;

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

/**
 * The batches of `files` (their order kept within a batch; batches in the
 * order of their first file), or undefined when they must be linted together.
 */
export function planBatches(files: readonly SourceFile[], batchFiles: number, headers: (f: SourceFile) => readonly ObjectHeader[] = (f) => headersOf(f.path, f.text)): SourceFile[][] | undefined {
  const sets = new UnionFind();
  for (let i = 0; i < files.length; i++) sets.add();
  const byName = new Map<string, number>();
  const hubs = new Map<string, number>();
  const hub = (namespace: string): number => {
    let h = hubs.get(namespace);
    if (h === undefined) hubs.set(namespace, (h = sets.add()));
    return h;
  };
  // Files with a Shoot or cluster object without a namespace: it meets every namespace.
  const floating: number[] = [];
  const links: { file: number; key: string }[] = [];
  for (let i = 0; i < files.length; i++) {
    for (const o of headers(files[i]!)) {
      if (!BATCHABLE_KINDS.has(o.kind)) return undefined;
      const key = `${o.kind}\u0000${o.name}`;
      const first = byName.get(key);
      if (first === undefined) byName.set(key, i);
      else sets.union(first, i);
      for (const l of o.links ?? []) links.push({ file: i, key: `${l.kind}\u0000${l.name}` });
      if (o.kind === 'Shoot' || !isGardenOrConfig(o)) {
        if (o.namespace === undefined) floating.push(i);
        else sets.union(i, hub(o.namespace));
      }
    }
  }
  for (const { file, key } of links) {
    const target = byName.get(key);
    if (target !== undefined) sets.union(file, target);
  }
  if (floating.length) {
    const every = sets.add();
    for (const h of hubs.values()) sets.union(every, h);
    for (const i of floating) sets.union(every, i);
  }

  const groups = new Map<number, number[]>();
  for (let i = 0; i < files.length; i++) {
    const r = sets.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const batches: SourceFile[][] = [];
  let batch: number[] = [];
  const done = new Set<number>();
  for (let i = 0; i < files.length; i++) {
    const r = sets.find(i);
    if (done.has(r)) continue;
    done.add(r);
    batch.push(...groups.get(r)!);
    if (batch.length >= batchFiles) {
      batches.push(batch.sort((a, b) => a - b).map((j) => files[j]!));
      batch = [];
    }
  }
  if (batch.length) batches.push(batch.sort((a, b) => a - b).map((j) => files[j]!));
  return batches;
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
  const batches = collectPasses || files.length <= batchFiles ? undefined : planBatches(files, batchFiles);
  if (!batches || batches.length <= 1) return lint(files, collectPasses);
  const out: LintOutput = { files: [], results: [] };
  for (const batch of batches) {
    const o = lint(batch, collectPasses);
    for (const f of o.files) out.files.push(f);
    for (const r of o.results) out.results.push(r);
  }
  return out;
}
