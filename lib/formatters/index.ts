import type { FileResult, RuleResult } from '../engine/types.ts';
import { resultsByFile } from '../run/batches.ts';
import { collect } from '../run/sink.ts';
import type { Formatter, FormatterContext } from './types.ts';

/** Formatter registry: loaded on demand, so startup pays only for the one used. */
const LOADERS: Record<string, () => Promise<{ default: Formatter }>> = {
  github: () => import('./github.ts'),
  gitlab: () => import('./gitlab.ts'),
  json: () => import('./json.ts'),
  junit: () => import('./junit.ts'),
  sarif: () => import('./sarif.ts'),
  stylish: () => import('./stylish.ts'),
};

export const FORMATTER_NAMES: readonly string[] = Object.keys(LOADERS).sort();

export async function loadFormatter(name: string): Promise<Formatter | undefined> {
  const load = LOADERS[name];
  return load ? (await load()).default : undefined;
}

/** A whole document as one string, for small runs and tests: every file with its results (by file path). */
export function formatText(formatter: Formatter, files: readonly FileResult[], ctx: FormatterContext, results: readonly RuleResult[] = []): string {
  const byFile = resultsByFile(results);
  return collect((write) => {
    const doc = formatter(ctx, write);
    for (const f of files) doc.file(f, byFile.get(f.filePath) ?? []);
    doc.end();
  });
}
