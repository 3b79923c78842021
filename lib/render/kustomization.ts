/**
 * What a kustomization reads and changes, from its kustomization file: its
 * resources (files and other kustomizations), components, patches
 * (strategic-merge and JSON 6902, in files or inline) and the namespace and
 * name transformers. Read to know the files a render consumes and which patch
 * last set a field; the render itself is kustomize's.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isMap, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { mapGet } from '../engine/document.ts';
import type { Block, YamlDoc } from './yaml-source.ts';
import { blockOf, parseDocs } from './yaml-source.ts';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export function kustomizationFile(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const p = join(dir, name);
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return undefined;
}

export interface PatchTarget {
  readonly kind?: string;
  readonly name?: string;
}

/** A patch: its file (a patch file, or the kustomization file for an inline one) and how to read it. */
export type Patch =
  | { readonly type: 'smp'; readonly file: string; readonly text: string; readonly docs: YamlDoc[]; readonly block?: Block; readonly target?: PatchTarget }
  | { readonly type: 'json6902'; readonly file: string; readonly text: string; readonly docs: YamlDoc[]; readonly block?: Block; readonly target?: PatchTarget };

export interface Kustomization {
  readonly dir: string;
  readonly file: string;
  readonly text: string;
  readonly doc?: YamlDoc;
  /** Resource files (absolute). */
  readonly resourceFiles: string[];
  /** Resources and components that are kustomizations themselves, in order. */
  readonly bases: Kustomization[];
  readonly components: Kustomization[];
  readonly patches: Patch[];
  /** Keys of the transformers that rewrite metadata (namespace, namePrefix, nameSuffix) present here. */
  readonly transformers: Set<string>;
  /** Every local file this kustomization (and what it includes) reads. */
  readonly consumed: Set<string>;
}

function strings(node: unknown): string[] {
  return Array.isArray(node) ? node.filter((s): s is string => typeof s === 'string') : [];
}

function targetOf(v: unknown): PatchTarget | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const t = v as Record<string, unknown>;
  return { ...(typeof t.kind === 'string' ? { kind: t.kind } : {}), ...(typeof t.name === 'string' ? { name: t.name } : {}) };
}

function isRemote(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) || ref.startsWith('git@');
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Reads the kustomization in `dir` and, recursively, its local bases and components (each read once). */
export function readKustomization(dir: string, seen = new Map<string, Kustomization>()): Kustomization | undefined {
  const abs = resolve(dir);
  const cached = seen.get(abs);
  if (cached) return cached;
  const file = kustomizationFile(abs);
  if (!file) return undefined;
  const text = readText(file) ?? '';
  const doc = parseDocs(text)[0];
  const k: Kustomization = { dir: abs, file, text, ...(doc ? { doc } : {}), resourceFiles: [], bases: [], components: [], patches: [], transformers: new Set(), consumed: new Set([file]) };
  seen.set(abs, k);
  const v = (doc?.value ?? {}) as Record<string, unknown>;
  const root = doc?.doc.contents as Node | undefined;

  const include = (ref: string, into: Kustomization[]): void => {
    if (isRemote(ref)) return;
    const p = resolve(abs, ref);
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      return;
    }
    if (isDir) {
      const sub = readKustomization(p, seen);
      if (sub) {
        into.push(sub);
        for (const c of sub.consumed) k.consumed.add(c);
      }
    } else {
      k.resourceFiles.push(p);
      k.consumed.add(p);
    }
  };
  for (const r of [...strings(v.resources), ...strings(v.bases)]) include(r, k.bases);
  for (const c of strings(v.components)) include(c, k.components);

  const inlineNode = (key: string, i: number): Node | undefined => {
    if (!isMap(root)) return undefined;
    const list = mapGet(root, key)?.value;
    const item = isSeq(list) ? (list.items[i] as Node | undefined) : undefined;
    if (isMap(item)) return mapGet(item, 'patch')?.value ?? undefined;
    return item;
  };
  const addPatch = (entry: unknown, key: string, i: number, forceType?: 'json6902'): void => {
    let patchText: string | undefined;
    let patchFile = file;
    let block: Block | undefined;
    let target: PatchTarget | undefined;
    if (typeof entry === 'string') {
      // patchesStrategicMerge: a file path, or an inline patch.
      if (entry.includes('\n')) {
        patchText = entry;
        block = blockOf(text, inlineNode(key, i));
      } else if (!isRemote(entry)) {
        patchFile = resolve(abs, entry);
        patchText = readText(patchFile);
      }
    } else if (typeof entry === 'object' && entry !== null) {
      const e = entry as Record<string, unknown>;
      target = targetOf(e.target);
      if (typeof e.path === 'string' && !isRemote(e.path)) {
        patchFile = resolve(abs, e.path);
        patchText = readText(patchFile);
      } else if (typeof e.patch === 'string') {
        patchText = e.patch;
        block = blockOf(text, inlineNode(key, i));
      }
    }
    if (patchText === undefined) return;
    if (patchFile !== file) k.consumed.add(patchFile);
    const docs = parseDocs(patchText);
    const first = docs[0]?.value;
    const type = forceType ?? (Array.isArray(first) ? 'json6902' : 'smp');
    k.patches.push({ type, file: patchFile, text: patchText, docs, ...(block ? { block } : {}), ...(target ? { target } : {}) } as Patch);
  };
  const list = (key: string): unknown[] => (Array.isArray(v[key]) ? (v[key] as unknown[]) : []);
  list('patchesStrategicMerge').forEach((e, i) => addPatch(e, 'patchesStrategicMerge', i));
  list('patches').forEach((e, i) => addPatch(e, 'patches', i));
  list('patchesJson6902').forEach((e, i) => addPatch(e, 'patchesJson6902', i, 'json6902'));
  for (const key of ['namespace', 'namePrefix', 'nameSuffix']) if (typeof v[key] === 'string') k.transformers.add(key);
  return k;
}

/** The directory a resource path of an origin annotation names, relative to the folder the build ran in. */
export function originPath(buildDir: string, path: string): string {
  return resolve(buildDir, path);
}

export { dirname };
