/**
 * Rendering a kustomization and mapping its objects back to their sources.
 * The build runs on a temporary wrapper kustomization (the user's folder as
 * its only resource, `buildMetadata: [originAnnotations]`), so the user's
 * files are never modified and every object names the file it came from. A
 * field maps to the patch that last set it (strategic-merge or JSON 6902, in
 * a file or inline, from components too), else to the namespace or name
 * transformer that rewrote it, else to its line in the resource file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { YamlPath } from '../engine/types.ts';
import type { Kustomization, Patch } from './kustomization.ts';
import type { ObjectSource, RenderedDoc } from './rendered.ts';
import type { SourcePlace, YamlDoc } from './yaml-source.ts';
import { blockOffset, hasPath, locatePath, parseDocs, valueAt } from './yaml-source.ts';
import type { Tool, ToolRun } from './tools.ts';
import { runTool } from './tools.ts';

const ORIGIN = 'config.kubernetes.io/origin';

export interface KustomizeRender {
  readonly run: ToolRun;
  /** The rendered YAML with the origin annotations removed. */
  readonly text: string;
  readonly docs: RenderedDoc[];
}

export function renderKustomization(k: Kustomization, tool: Tool, opts: { env: Readonly<Record<string, string | undefined>>; timeoutMs: number }): KustomizeRender {
  const work = mkdtempSync(join(tmpdir(), 'shootlint-kustomize-'));
  try {
    const wrapper = join(work, 'wrapper');
    mkdirSync(wrapper);
    const ref = relative(wrapper, k.dir).split('\\').join('/');
    writeFileSync(join(wrapper, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${JSON.stringify(ref)}\nbuildMetadata: [originAnnotations]\n`);
    const run = runTool(tool, [wrapper], { cwd: work, env: opts.env, timeoutMs: opts.timeoutMs });
    if (!run.ok) return { run, text: '', docs: [] };
    const docs: RenderedDoc[] = [];
    const texts: string[] = [];
    for (const d of parseDocs(run.stdout)) {
      const value = d.value as Record<string, unknown> | null;
      const meta = (value?.metadata ?? {}) as Record<string, unknown>;
      const annotations = (meta.annotations ?? {}) as Record<string, unknown>;
      const origin = typeof annotations[ORIGIN] === 'string' ? (parseDocs(annotations[ORIGIN])[0]?.value as Record<string, unknown> | undefined) : undefined;
      if (value && typeof annotations[ORIGIN] === 'string') {
        delete annotations[ORIGIN];
        if (Object.keys(annotations).length === 0) delete meta.annotations;
      }
      const resource = typeof origin?.path === 'string' && origin.repo === undefined ? resolve(wrapper, origin.path) : undefined;
      const kind = typeof value?.kind === 'string' ? value.kind : '';
      const name = typeof meta.name === 'string' ? meta.name : '';
      texts.push(stringify(value, { lineWidth: 0 }));
      docs.push({ value, source: objectSource(k, resource, kind, name, value) });
    }
    return { run, text: texts.map((t) => `---\n${t}`).join(''), docs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The chain of kustomizations from `root` down to the one whose resources list `file`. */
function chainTo(root: Kustomization, file: string, seen = new Set<Kustomization>()): Kustomization[] | undefined {
  if (seen.has(root)) return undefined;
  seen.add(root);
  if (root.resourceFiles.includes(file)) return [root];
  for (const sub of [...root.bases, ...root.components]) {
    const c = chainTo(sub, file, seen);
    if (c) return [root, ...c];
  }
  return undefined;
}

function componentPatches(k: Kustomization, seen = new Set<Kustomization>()): Patch[] {
  if (seen.has(k)) return [];
  seen.add(k);
  return [...k.components.flatMap((c) => componentPatches(c, seen)), ...k.patches];
}

/** The patches applied to an object listed by the last kustomization of `chain`, in order of application. */
function patchesOf(chain: readonly Kustomization[]): Patch[] {
  const out: Patch[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    const k = chain[i]!;
    const next = chain[i + 1];
    for (const c of k.components) if (c !== next) out.push(...componentPatches(c));
    out.push(...k.patches);
  }
  return out;
}

function matchesName(rendered: string, name: string | undefined): boolean {
  return name === undefined || rendered === name || rendered.includes(name);
}

function placeIn(patch: Patch, d: YamlDoc, path: YamlPath): SourcePlace {
  const l = locatePath(d, path);
  if (!patch.block) return { file: patch.file, range: l.range, ...(l.blockStart !== undefined ? { blockStart: l.blockStart } : {}) };
  const fileText = readFileSync(patch.file, 'utf8');
  return { file: patch.file, range: [blockOffset(fileText, patch.block, l.range[0]), blockOffset(fileText, patch.block, l.range[1])] };
}

/** The path in a strategic-merge patch that sets rendered `path`: list items matched by their name. */
function smpPath(patchValue: unknown, rendered: unknown, path: YamlPath): YamlPath | undefined {
  const out: (string | number)[] = [];
  let p = patchValue;
  let r = rendered;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(p) || !Array.isArray(r)) return undefined;
      const item = r[seg] as Record<string, unknown> | undefined;
      const name = item && typeof item === 'object' ? item.name : undefined;
      const i = name !== undefined ? p.findIndex((x) => typeof x === 'object' && x !== null && (x as Record<string, unknown>).name === name) : seg;
      if (i < 0 || i >= p.length) return undefined;
      out.push(i);
      p = p[i];
      r = item;
    } else {
      if (typeof p !== 'object' || p === null || Array.isArray(p) || !(seg in p)) return undefined;
      out.push(seg);
      p = (p as Record<string, unknown>)[seg];
      r = valueAt(r, [seg]);
    }
  }
  return out;
}

function pointer(p: string, rendered: unknown): YamlPath {
  const segs = p.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out: (string | number)[] = [];
  let r = rendered;
  for (const s of segs) {
    const seg: string | number = Array.isArray(r) ? (s === '-' ? r.length - 1 : Number(s)) : s;
    out.push(seg);
    r = valueAt(r, [seg]);
  }
  return out;
}

/** Where the last patch that set `path` of the object sets it. */
function patchPlace(patches: readonly Patch[], kind: string, name: string, rendered: unknown, path: YamlPath): SourcePlace | undefined {
  for (let i = patches.length - 1; i >= 0; i--) {
    const patch = patches[i]!;
    if (patch.target && (patch.target.kind !== undefined && patch.target.kind !== kind || !matchesName(name, patch.target.name))) continue;
    if (patch.type === 'smp') {
      for (const d of patch.docs) {
        const v = d.value as Record<string, unknown> | null;
        if (!patch.target && (v?.kind !== kind || !matchesName(name, (v?.metadata as Record<string, unknown> | undefined)?.name as string | undefined))) continue;
        const at = smpPath(v, rendered, path);
        if (at) return placeIn(patch, d, at);
      }
    } else {
      const d = patch.docs[0];
      const ops = Array.isArray(d?.value) ? (d.value as Record<string, unknown>[]) : [];
      for (let j = ops.length - 1; j >= 0; j--) {
        const op = ops[j]!;
        if ((op.op !== 'add' && op.op !== 'replace') || typeof op.path !== 'string') continue;
        const p = pointer(op.path, rendered);
        if (p.length > path.length || p.some((s, k) => s !== path[k])) continue;
        const rest = path.slice(p.length);
        if (!hasPath(op.value, rest)) continue;
        return placeIn(patch, d!, [j, 'value', ...rest]);
      }
    }
  }
  return undefined;
}

function objectSource(root: Kustomization, resource: string | undefined, kind: string, name: string, rendered: unknown): ObjectSource {
  const chain = resource ? chainTo(root, resource) : undefined;
  const patches = chain ? patchesOf(chain) : [];
  let resourceDoc: YamlDoc | undefined;
  let resourceRead = false;
  const resourceDocOf = (): YamlDoc | undefined => {
    if (resourceRead || !resource) return resourceDoc;
    resourceRead = true;
    let docs: YamlDoc[] = [];
    try {
      docs = parseDocs(readFileSync(resource, 'utf8'));
    } catch {
      return undefined;
    }
    const named = (d: YamlDoc): boolean => {
      const v = d.value as Record<string, unknown> | null;
      return v?.kind === kind && matchesName(name, (v.metadata as Record<string, unknown> | undefined)?.name as string | undefined);
    };
    resourceDoc = docs.find(named) ?? (docs.length === 1 ? docs[0] : undefined);
    return resourceDoc;
  };
  return {
    fallback: { file: root.file, range: [0, 0] },
    locate(path: YamlPath): SourcePlace {
      const patched = patchPlace(patches, kind, name, rendered, path);
      if (patched) return patched;
      const field = path[0] === 'metadata' ? (path[1] === 'namespace' ? ['namespace'] : path[1] === 'name' ? ['namePrefix', 'nameSuffix'] : []) : [];
      for (const k of chain ?? [root]) {
        const key = field.find((f) => k.transformers.has(f));
        if (key && k.doc) return { file: k.file, range: locatePath(k.doc, [key]).range };
      }
      const d = resourceDocOf();
      if (d && resource) {
        const l = locatePath(d, path);
        return { file: resource, range: l.range, ...(l.blockStart !== undefined ? { blockStart: l.blockStart } : {}) };
      }
      return { file: root.file, range: [0, 0] };
    },
  };
}
