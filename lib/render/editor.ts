/**
 * Renders for the language server. An open file that a kustomization or chart
 * of its workspace folder reads (a patch, a base resource, a template, a
 * values file, the kustomization itself) shows the findings of the renders
 * that include it, at the mapped lines, instead of being linted on its own.
 * Renders run when such a file is opened or saved (never per keystroke),
 * each bounded by the render timeout; edits between saves keep the last
 * render's findings.
 */
import { basename, dirname, join, resolve } from 'node:path';
import type { LintMessage, LintOutput, SourceFile } from '../engine/types.ts';
import type { RenderOptions, RenderTarget } from './index.ts';
import { consumersAmong, findTargets, renderTargets } from './index.ts';
import { KUSTOMIZATION_FILES } from './kustomization.ts';

export interface EditorRenderOptions extends Omit<RenderOptions, 'cwd'> {
  /** Lints rendered texts with the server's configuration. */
  readonly lint: (files: readonly SourceFile[]) => LintOutput;
}

export class EditorRenders {
  /** The messages of the last render, by absolute path, for the files renders cover. */
  private readonly messages = new Map<string, LintMessage[]>();
  /** Files covered by a render of their folder (absolute), decided on open or save. */
  private readonly covered = new Set<string>();

  /** The kustomizations and charts of each workspace folder, found once and again when one is saved. */
  private readonly folderTargets = new Map<string, RenderTarget[]>();

  constructor(private readonly opts: EditorRenderOptions) {}

  /**
   * The kustomizations and charts that may read `path`: those under its
   * workspace folder; without a folder, a chart above the file or a
   * kustomization beside it.
   */
  private targetsFor(path: string, root: string | undefined): RenderTarget[] {
    if (root === undefined) {
      const near: string[] = [];
      for (let dir = dirname(path), i = 0; i < 4 && dir !== dirname(dir); dir = dirname(dir), i++) near.push(dir);
      return findTargets(near.map((d) => join(d, 'Chart.yaml')).concat(KUSTOMIZATION_FILES.map((k) => join(dirname(path), k))), '/');
    }
    let all = this.folderTargets.get(root);
    const name = basename(path);
    if (!all || name === 'Chart.yaml' || (KUSTOMIZATION_FILES as readonly string[]).includes(name)) {
      all = findTargets([root], '/');
      this.folderTargets.set(root, all);
    }
    return all;
  }

  /** True when the file belongs to a kustomization or chart: its findings come from renders. */
  covers(path: string): boolean {
    return this.covered.has(path);
  }

  /** The render findings at `path` (absolute), from the last render. */
  messagesFor(path: string): LintMessage[] {
    return this.messages.get(path) ?? [];
  }

  /**
   * Renders the kustomizations and charts under `root` that read `path` and
   * records their findings; returns the files whose findings changed. A file
   * no render reads is no longer covered.
   */
  refresh(path: string, root: string | undefined): string[] {
    const targets: RenderTarget[] = consumersAmong([path], this.targetsFor(path, root), [], '/');
    if (targets.length === 0) {
      if (!this.covered.delete(path)) return [];
      this.messages.delete(path);
      return [path];
    }
    const set = renderTargets(targets, { ...this.opts, cwd: '/' });
    const output = set.map(this.opts.lint(set.sources));
    const touched = new Set<string>([path, ...[...this.messages.keys()].filter((p) => set.consumed.has(p))]);
    for (const p of touched) this.messages.delete(p);
    for (const c of set.consumed) this.covered.add(c);
    this.covered.add(path);
    for (const f of [...output.files, ...set.errors]) {
      const abs = resolve('/', f.filePath);
      if (!set.consumed.has(abs) && abs !== path) continue;
      touched.add(abs);
      this.messages.set(abs, [...(this.messages.get(abs) ?? []), ...f.messages]);
    }
    for (const m of set.missingTools) {
      const at = resolve('/', m.target.file);
      touched.add(path);
      const message: LintMessage = {
        ruleId: 'render-error', ruleName: 'render-error', severity: 2, state: 'parse-error', path: '', message: m.message,
        offset: 0, endOffset: 0, line: 1, column: 1, endLine: 1, endColumn: 1,
      };
      this.messages.set(path, [message, ...(this.messages.get(path) ?? [])]);
      if (at !== path) this.messages.set(at, [message]);
    }
    return [...touched];
  }
}
