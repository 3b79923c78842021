/**
 * A command's renders: what `shootlint` and `shootlint report` call around
 * their lint. The rendered texts join the sources, the files the renders
 * consumed leave them (and the workspace index), and the output's rendered
 * findings move to their sources.
 */
import { resolve } from 'node:path';
import type { FileResult, LintOutput, SourceFile } from '../engine/types.ts';
import type { RenderSet, WorkspaceWalk } from './index.ts';
import { renderInputs, unconsumed } from './index.ts';
import type { RenderFlags } from './options.ts';

export interface RunRenders {
  readonly set: RenderSet;
  /** The sources to lint: the given ones no render consumed, then the rendered texts. */
  readonly sources: SourceFile[];
  /** Wraps a configuration's `ignored` so that consumed files are no workspace context either. */
  ignored(ignored: (path: string) => boolean): (path: string) => boolean;
  /**
   * The output at the sources, with a `render-error` result per failed render;
   * `resultsAtRender` keeps the results (not the messages) at their render, for the report.
   */
  output(output: LintOutput, resultsAtRender?: boolean): LintOutput;
  /** True when a render could not run or failed (exit 2). */
  readonly failed: boolean;
}

export function runRenders(
  paths: readonly string[],
  flags: RenderFlags | undefined,
  given: readonly SourceFile[],
  io: { readonly cwd: string; readonly env: Readonly<Record<string, string | undefined>>; readonly stderr: (s: string) => void },
  workspace?: WorkspaceWalk,
): RunRenders {
  const set = renderInputs(paths, { cwd: io.cwd, env: io.env, ...(flags ?? {}), ...(workspace !== undefined ? { workspace } : {}) });
  for (const m of set.missingTools) io.stderr(`shootlint: ${m.message}\n`);
  const own = unconsumed(given, set, io.cwd);
  return {
    set,
    sources: [...own, ...set.sources],
    ignored: (ignored) => (set.consumed.size === 0 ? ignored : (p) => set.consumed.has(resolve(io.cwd, p)) || ignored(p)),
    output(output, resultsAtRender) {
      if (set.rendered.length === 0 && set.errors.length === 0) return output;
      const mapped = set.map(output, resultsAtRender);
      const files = new Map<string, FileResult>(mapped.files.map((f) => [f.filePath, f]));
      for (const e of set.errors) {
        const f = files.get(e.filePath);
        files.set(e.filePath, f ? { ...f, messages: [...e.messages, ...f.messages], errorCount: f.errorCount + e.errorCount } : e);
      }
      return { files: [...files.values()], results: mapped.results };
    },
    failed: set.missingTools.length > 0 || set.errors.length > 0,
  };
}
