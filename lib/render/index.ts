/**
 * Render-aware linting. `renderInputs` finds the kustomizations and charts
 * among a run's inputs (a folder given, or found under one), renders each
 * with the real tool and returns the rendered texts to lint, the files the
 * renders consumed (not linted on their own), the tools that were missing and
 * the renders that failed; `map` moves the findings of the rendered texts to
 * their source lines. An overlay's base that is a kustomization itself is
 * rendered on its own too.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileError } from '../engine/file-error.ts';
import type { FileResult, LintOutput, SourceFile } from '../engine/types.ts';
import { renderChart } from './helm.ts';
import type { Kustomization } from './kustomization.ts';
import { KUSTOMIZATION_FILES, kustomizationFile, readKustomization } from './kustomization.ts';
import { renderKustomization } from './kustomize.ts';
import type { Rendered } from './rendered.ts';
import { display, mapOutput } from './rendered.ts';
import { DEFAULT_RENDER_TIMEOUT_MS, helmTool, kustomizeTool } from './tools.ts';
import { parseDocs } from './yaml-source.ts';

export const RENDER_ERROR = 'render-error';

export interface RenderOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly kustomizeCommand?: string;
  readonly helmCommand?: string;
  readonly helmValues?: readonly string[];
  readonly helmSet?: readonly string[];
  readonly timeoutMs?: number;
}

export interface RenderTarget {
  readonly tool: 'kustomize' | 'helm';
  readonly dir: string;
  /** kustomization.yaml or Chart.yaml. */
  readonly file: string;
}

export interface MissingTool {
  readonly tool: 'kustomize' | 'helm';
  readonly target: RenderTarget;
  readonly message: string;
}

export interface RenderSet {
  readonly targets: readonly RenderTarget[];
  /** Rendered texts to lint, one per kustomization or chart. */
  readonly sources: readonly SourceFile[];
  readonly rendered: readonly Rendered[];
  /** Absolute paths of every file a target reads (resources, patches, components, templates, values). */
  readonly consumed: ReadonlySet<string>;
  readonly missingTools: readonly MissingTool[];
  /** Renders that failed: a `render-error` finding at the kustomization or Chart.yaml each. */
  readonly errors: readonly FileResult[];
  /** The findings of the rendered texts at their sources, merged with the rest. */
  map(output: LintOutput, resultsAtRender?: boolean): LintOutput;
}

const SKIPPED = new Set(['node_modules', '.git']);

/** The kustomizations and charts among `paths`: folders given or under them, and kustomization or Chart.yaml files given. */
export function findTargets(paths: readonly string[], cwd: string): RenderTarget[] {
  const found = new Map<string, RenderTarget>();
  const addDir = (dir: string): boolean => {
    const chart = join(dir, 'Chart.yaml');
    if (existsSync(chart)) {
      found.set(dir, { tool: 'helm', dir, file: chart });
      return true;
    }
    const k = kustomizationFile(dir);
    if (k) found.set(dir, { tool: 'kustomize', dir, file: k });
    return false;
  };
  const visited = new Set<string>();
  const walk = (dir: string, depth: number): void => {
    if (depth > 32) return;
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (visited.has(real)) return; // link loops end
    visited.add(real);
    if (addDir(dir)) return; // a chart's folders are the chart's
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    // Only folders are visited (files are not stat'ed, nor their paths built): a large repository costs one readdir per folder.
    const subdirs: string[] = [];
    for (const e of entries) {
      const link = e.isSymbolicLink();
      if ((!link && !e.isDirectory()) || SKIPPED.has(e.name)) continue;
      const p = join(dir, e.name);
      let isDir = !link;
      if (link) {
        try {
          isDir = statSync(p).isDirectory();
        } catch {
          isDir = false; // the file discovery reports it
        }
      }
      if (isDir) subdirs.push(p);
    }
    for (const p of subdirs.sort()) walk(p, depth + 1);
  };
  for (const p of paths) {
    if (p === '-') continue;
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      continue;
    }
    if (st.isDirectory()) walk(abs, 0);
    else if ((KUSTOMIZATION_FILES as readonly string[]).includes(basename(abs)) || basename(abs) === 'Chart.yaml') addDir(dirname(abs));
  }
  return [...found.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}

function walkFiles(dir: string, out: Set<string>, depth = 0): void {
  if (depth > 32) return;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    if (SKIPPED.has(e)) continue;
    const p = join(dir, e);
    try {
      const st = statSync(p);
      if (st.isDirectory()) walkFiles(p, out, depth + 1);
      else if (st.isFile()) out.add(p);
    } catch {
      // skipped
    }
  }
}

function chartName(dir: string): string {
  let text = '';
  try {
    text = readFileSync(join(dir, 'Chart.yaml'), 'utf8');
  } catch {
    // helm reports it
  }
  const v = parseDocs(text)[0]?.value as Record<string, unknown> | undefined;
  return typeof v?.name === 'string' ? v.name : basename(dir);
}

function renderError(path: string, message: string): FileResult {
  return fileError(path, RENDER_ERROR, message, 'parse-error', 'Fix the kustomization or chart so that it renders (run the same command to see the whole message).');
}

const INSTALL = {
  kustomize: 'install kubectl (https://kubernetes.io/docs/tasks/tools/) or kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) and put it on PATH, or name it with --kustomize-command',
  helm: 'install helm (https://helm.sh/docs/intro/install/) and put it on PATH, or name it with --helm-command',
};

/**
 * Renders the kustomizations and charts among `paths` (see the module comment).
 * With `workspaceRoot`, also those under the root that consume a given file
 * (a patch or base file staged alone is judged through the overlays using it).
 */
export function renderInputs(paths: readonly string[], opts: RenderOptions & { readonly workspace?: WorkspaceWalk }): RenderSet {
  const targets = findTargets(paths, opts.cwd);
  if (opts.workspace !== undefined) targets.push(...consumers(paths, targets, opts.workspace, opts.cwd));
  return renderTargets(targets, opts);
}

/** A workspace and its walk (lib/run/workspace-scan.ts): the files that mark a chart or kustomization folder, in walk order. */
export interface WorkspaceWalk {
  readonly root: string;
  walked(): { readonly markers: readonly string[]; readonly linkedDirs: boolean };
}

/** The kustomizations and charts of the workspace (not among `known`) that read one of the given files. */
export function consumers(paths: readonly string[], known: readonly RenderTarget[], workspace: WorkspaceWalk, cwd: string): RenderTarget[] {
  // Only YAML files given can be read by a render; a root at the top of the file system (files from
  // unrelated places, /dev or /proc among them) is no repository to search.
  const files = paths.filter((p) => p !== '-' && /\.ya?ml$/i.test(p));
  if (files.length === 0 || dirname(workspace.root) === workspace.root) return [];
  // Through links to folders, one folder has two paths, and which the walk kept may not be findTargets' own.
  const walked = workspace.walked();
  const all = walked.linkedDirs ? findTargets([workspace.root], cwd) : targetsAmong(workspace.root, walked.markers);
  return consumersAmong(files, all, known, cwd);
}

/**
 * The kustomizations and charts under `root` as `findTargets([root])` finds
 * them, from the marker files of a walk of it that followed no link to a
 * folder, instead of a walk of its own: a folder with a Chart.yaml is a chart
 * (the folders below it are the chart's), else one with a kustomization file
 * is a kustomization; at most 32 folders below the root.
 */
export function targetsAmong(root: string, markers: readonly string[]): RenderTarget[] {
  const names = new Map<string, Set<string>>();
  for (const m of markers) {
    const dir = dirname(m);
    let set = names.get(dir);
    if (!set) names.set(dir, (set = new Set()));
    set.add(basename(m));
  }
  const charts = [...names].filter(([, n]) => n.has('Chart.yaml')).map(([dir]) => dir);
  const out: RenderTarget[] = [];
  for (const [dir, n] of names) {
    const rel = relative(root, dir);
    if (rel.startsWith('..') || isAbsolute(rel) || (rel !== '' && rel.split(sep).length > 32)) continue;
    if (charts.some((c) => dir.startsWith(c + sep))) continue;
    if (n.has('Chart.yaml')) out.push({ tool: 'helm', dir, file: join(dir, 'Chart.yaml') });
    else {
      const k = KUSTOMIZATION_FILES.find((f) => n.has(f));
      if (k) out.push({ tool: 'kustomize', dir, file: join(dir, k) });
    }
  }
  return out.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}

/** The targets of `all` (not among `known`) that read one of the given files. */
export function consumersAmong(paths: readonly string[], all: readonly RenderTarget[], known: readonly RenderTarget[], cwd: string): RenderTarget[] {
  const given = new Set(paths.filter((p) => p !== '-').map((p) => resolve(cwd, p)));
  if (given.size === 0) return [];
  const out: RenderTarget[] = [];
  const seen = new Map<string, Kustomization>();
  for (const t of all) {
    if (known.some((k) => k.dir === t.dir)) continue;
    if (t.tool === 'helm') {
      if ([...given].some((g) => g.startsWith(`${t.dir}/`))) out.push(t);
      continue;
    }
    const k = readKustomization(t.dir, seen);
    if (k && [...given].some((g) => k.consumed.has(g) || (g !== t.dir && k.bases.some((b) => g === b.dir)))) out.push(t);
  }
  return out;
}

export function renderTargets(given: readonly RenderTarget[], opts: RenderOptions): RenderSet {
  const seen = new Map<string, Kustomization>();
  const consumed = new Set<string>();
  const targets: RenderTarget[] = [...given];
  const models = new Map<RenderTarget, Kustomization>();
  // Every kustomization given, and the bases and components they include that are kustomizations themselves.
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    if (t.tool === 'helm') {
      walkFiles(t.dir, consumed);
      continue;
    }
    const k = readKustomization(t.dir, seen);
    if (!k) continue;
    models.set(t, k);
    for (const c of k.consumed) consumed.add(c);
    for (const b of k.bases) if (!targets.some((x) => x.dir === b.dir)) targets.push({ tool: 'kustomize', dir: b.dir, file: b.file });
  }
  targets.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
  const kustomize = targets.some((t) => t.tool === 'kustomize') ? kustomizeTool(opts.kustomizeCommand, opts.cwd, opts.env) : undefined;
  const helm = targets.some((t) => t.tool === 'helm') ? helmTool(opts.helmCommand, opts.cwd, opts.env) : undefined;
  const rendered: Rendered[] = [];
  const missingTools: MissingTool[] = [];
  const errors: FileResult[] = [];
  for (const t of targets) {
    const path = display(opts.cwd, t.file);
    const overlay = display(opts.cwd, t.dir);
    if (t.tool === 'kustomize') {
      const k = models.get(t) ?? readKustomization(t.dir, seen);
      if (!k) continue;
      if (!kustomize) {
        const named = opts.kustomizeCommand !== undefined ? `--kustomize-command ${opts.kustomizeCommand} is not an executable` : 'neither kubectl nor kustomize is on PATH';
        missingTools.push({ tool: 'kustomize', target: t, message: `cannot render ${overlay}: ${named}; ${INSTALL.kustomize}` });
        continue;
      }
      const r = renderKustomization(k, kustomize, { env: opts.env, timeoutMs });
      if (!r.run.ok) errors.push(renderError(path, `${overlay} does not render: ${r.run.error}`));
      else rendered.push({ tool: 'kustomize', dir: t.dir, path, text: r.text, docs: r.docs, overlay });
    } else {
      if (!helm) {
        const named = opts.helmCommand !== undefined ? `--helm-command ${opts.helmCommand} is not an executable` : 'helm is not on PATH';
        missingTools.push({ tool: 'helm', target: t, message: `cannot render chart ${overlay}: ${named}; ${INSTALL.helm}` });
        continue;
      }
      const r = renderChart(t.dir, chartName(t.dir), helm, { values: opts.helmValues ?? [], set: opts.helmSet ?? [], env: opts.env, timeoutMs, cwd: opts.cwd });
      if (!r.run.ok) errors.push(renderError(path, `chart ${overlay} does not render: ${r.run.error}`));
      else rendered.push({ tool: 'helm', dir: t.dir, path, text: r.text, docs: r.docs, overlay });
    }
  }
  // Values files given with --helm-values are the chart's input too.
  for (const v of opts.helmValues ?? []) if (targets.some((t) => t.tool === 'helm')) consumed.add(resolve(opts.cwd, v));
  return {
    targets,
    sources: rendered.map((r) => ({ path: r.path, text: r.text, scope: r.path })),
    rendered,
    consumed,
    missingTools,
    errors,
    map: (output, resultsAtRender) => mapOutput(output, rendered, opts.cwd, resultsAtRender),
  };
}

/** The sources a run lints on their own: those no render consumed. */
export function unconsumed<T extends { readonly path: string }>(sources: readonly T[], set: Pick<RenderSet, 'consumed'>, cwd: string): T[] {
  if (set.consumed.size === 0) return [...sources];
  return sources.filter((s) => s.path.startsWith('<') || !set.consumed.has(resolve(cwd, s.path)));
}
