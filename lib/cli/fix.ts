import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FixType, LintMessage, LintOutput, SourceFile } from '../engine/types.ts';
import { applyFix } from '../fix/apply.ts';
import { unifiedDiff } from '../fix/diff.ts';

/** Lint, fix, lint again: at most this many rounds (a fix may reveal another). */
export const MAX_FIX_PASSES = 10;

export interface FixedFile {
  readonly path: string;
  readonly before: string;
  readonly after: string;
  /** Fixes applied to this file over all passes. */
  readonly applied: number;
}

export interface FixOutcome {
  /** The inputs with their fixed texts. */
  readonly files: SourceFile[];
  /** Only files whose text changed. */
  readonly changed: FixedFile[];
  readonly passes: number;
}

/** The type of a message's machine fix (undefined: it has none). */
export function fixTypeOf(m: LintMessage): FixType | undefined {
  return m.fixOps ? (m.fixOps.safe ? 'safe' : 'review') : undefined;
}

/**
 * Applies every fix of the given types (default: safe ones), re-lints the
 * whole set (fixes can affect cross-document rules) and repeats until nothing
 * changes or MAX_FIX_PASSES. No file system.
 */
export function fixSources(
  files: readonly SourceFile[],
  lintFiles: (files: readonly SourceFile[]) => LintOutput,
  maxPasses = MAX_FIX_PASSES,
  types: readonly FixType[] = ['safe'],
): FixOutcome {
  let current = [...files];
  const applied = new Map<string, number>();
  let passes = 0;
  while (passes < maxPasses) {
    passes++;
    const byPath = new Map(lintFiles(current).files.map((r) => [r.filePath, r]));
    let changedThisPass = false;
    current = current.map((file) => {
      const fixable = (byPath.get(file.path)?.messages ?? []).filter((m) => types.includes(fixTypeOf(m)!));
      let text = file.text;
      for (const m of fixable) {
        // Fixes address nodes by path, not offset, so each applies to the text the previous left.
        const next = applyFix(text, m);
        if (next === undefined || next === text) continue;
        text = next;
        applied.set(file.path, (applied.get(file.path) ?? 0) + 1);
      }
      if (text === file.text) return file;
      changedThisPass = true;
      return { path: file.path, text };
    });
    if (!changedThisPass) break;
  }
  const before = new Map(files.map((f) => [f.path, f.text]));
  const changed = current
    .filter((f) => before.get(f.path) !== f.text)
    .map((f) => ({ path: f.path, before: before.get(f.path)!, after: f.text, applied: applied.get(f.path) ?? 0 }));
  return { files: current, changed, passes };
}

/** `--fix-dry-run`: the changes as one unified diff (a/ and b/ prefixes, as git prints them). */
export function fixDiff(changed: readonly FixedFile[]): string {
  return changed.map((c) => unifiedDiff(`a/${c.path}`, `b/${c.path}`, c.before, c.after)).join('');
}

export interface FixCliIo {
  readonly cwd: string;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

/**
 * The CLI side of `--fix` / `--fix-dry-run`. With `dryRun` it prints the diff
 * and writes nothing; otherwise it writes the files that changed (and only
 * those). Returns the fixed sources, which the CLI then lints and reports.
 */
export function runFixes(
  files: readonly SourceFile[],
  lintFiles: (files: readonly SourceFile[]) => LintOutput,
  opts: { readonly dryRun: boolean; readonly stdinPath?: string; readonly types?: readonly FixType[] },
  io: FixCliIo,
): FixOutcome {
  const outcome = fixSources(files, lintFiles, MAX_FIX_PASSES, opts.types);
  if (opts.dryRun) {
    io.stdout(fixDiff(outcome.changed));
    return outcome;
  }
  const written = outcome.changed.filter((c) => c.path !== opts.stdinPath);
  if (written.length < outcome.changed.length) io.stderr('shootlint: fixes for standard input are not written anywhere; use --fix-dry-run to see them\n');
  for (const c of written) writeFileSync(resolve(io.cwd, c.path), c.after);
  // Standard input keeps its text: what is reported is what exists.
  const stdinFile = files.find((f) => f.path === opts.stdinPath);
  return {
    ...outcome,
    files: outcome.files.map((f) => (f.path === opts.stdinPath && stdinFile ? stdinFile : f)),
    changed: written,
  };
}
