/**
 * Baselines for onboarding a fleet: record today's findings, then report only
 * new ones. Findings are keyed by file, object (kind, namespace, name), rule
 * and YAML path, never by line, so unrelated edits keep the baseline valid;
 * a key found several times carries a count. The file is sorted JSON, so it
 * diffs well and is the same on every machine.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { NOT_BASELINED } from '../engine/builtin-ids.ts';
import type { FileResult, LintMessage } from '../engine/types.ts';
import { UsageError } from './usage-error.ts';

export const DEFAULT_BASELINE = '.shootlint-baseline.json';
/** Problems of the run itself: never recorded, always shown. */

export interface BaselineEntry {
  /** Path relative to the baseline file's directory, POSIX separators. */
  readonly file: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly ruleId: string;
  /** YAML path inside the object ("" for the file itself). */
  readonly path: string;
  readonly count: number;
}

export interface Baseline {
  readonly version: 1;
  readonly entries: readonly BaselineEntry[];
}

type Key = Omit<BaselineEntry, 'count'>;

function keyString(k: Key): string {
  return JSON.stringify([k.file, k.kind ?? '', k.namespace ?? '', k.name ?? '', k.ruleId, k.path]);
}

/** Maps a reported file path (relative to cwd) to the path stored in a baseline. */
export function baselinePathMapper(cwd: string, baselineFile: string): (filePath: string) => string {
  const dir = dirname(resolve(cwd, baselineFile));
  return (filePath) => {
    if (filePath.startsWith('<')) return filePath;
    const rel = relative(dir, resolve(cwd, filePath));
    return (isAbsolute(rel) ? rel : rel).split(sep).join('/');
  };
}

function keyOf(file: string, m: LintMessage): Key {
  return {
    file,
    ...(m.object ? { kind: m.object.kind, ...(m.object.namespace ? { namespace: m.object.namespace } : {}), name: m.object.name } : {}),
    ruleId: m.ruleId,
    path: m.path,
  };
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const fields: (keyof Key)[] = ['file', 'kind', 'namespace', 'name', 'ruleId', 'path'];
  for (const f of fields) {
    const c = (a[f] ?? '').localeCompare(b[f] ?? '', 'en', { numeric: true });
    if (c) return c;
  }
  return 0;
}

/** The baseline of the current findings (what --update-baseline writes). */
export function buildBaseline(files: readonly FileResult[], pathOf: (filePath: string) => string): Baseline {
  const counts = new Map<string, BaselineEntry>();
  for (const f of files) {
    for (const m of f.messages) {
      if (NOT_BASELINED.has(m.ruleId)) continue;
      const key = keyOf(pathOf(f.filePath), m);
      const k = keyString(key);
      const prev = counts.get(k);
      counts.set(k, { ...key, count: (prev?.count ?? 0) + 1 });
    }
  }
  return { version: 1, entries: [...counts.values()].sort(compareEntries) };
}

export function serializeBaseline(b: Baseline): string {
  const entries = [...b.entries].sort(compareEntries).map((e) => ({
    file: e.file,
    ...(e.kind !== undefined ? { kind: e.kind } : {}),
    ...(e.namespace !== undefined ? { namespace: e.namespace } : {}),
    ...(e.name !== undefined ? { name: e.name } : {}),
    ruleId: e.ruleId,
    path: e.path,
    count: e.count,
  }));
  return `${JSON.stringify({ version: 1, tool: 'shootlint', entries }, null, 2)}\n`;
}

function isEntry(v: unknown): v is BaselineEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  const optString = (k: string): boolean => e[k] === undefined || typeof e[k] === 'string';
  return typeof e.file === 'string' && typeof e.ruleId === 'string' && typeof e.path === 'string' && Number.isInteger(e.count) && (e.count as number) > 0 && optString('kind') && optString('namespace') && optString('name');
}

export function parseBaseline(text: string, shownPath: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${shownPath}: not a shootlint baseline (invalid JSON: ${(err as Error).message}); recreate it with --update-baseline`);
  }
  const r = raw as { version?: unknown; entries?: unknown };
  if (r?.version !== 1 || !Array.isArray(r.entries)) throw new UsageError(`${shownPath}: not a shootlint baseline (version 1 with entries); recreate it with --update-baseline`);
  const bad = r.entries.findIndex((e) => !isEntry(e));
  if (bad !== -1) throw new UsageError(`${shownPath}: entry ${bad + 1} is malformed (needs file, ruleId, path and a positive count)`);
  return { version: 1, entries: r.entries as BaselineEntry[] };
}

export function readBaseline(cwd: string, file: string): Baseline {
  const abs = resolve(cwd, file);
  if (!existsSync(abs)) throw new UsageError(`baseline ${file} not found; create it with --update-baseline`);
  return parseBaseline(readFileSync(abs, 'utf8'), file);
}

/** The baseline `--update-baseline` starts from: none when the file is missing or unreadable (it is rewritten). */
export function previousBaseline(cwd: string, file: string): Baseline | undefined {
  try {
    return readBaseline(cwd, file);
  } catch {
    return undefined;
  }
}

export function writeBaseline(cwd: string, file: string, b: Baseline): void {
  writeFileSync(resolve(cwd, file), serializeBaseline(b));
}

/** Files of the run as the baseline names them. */
function linted(files: readonly FileResult[], pathOf: (filePath: string) => string): Set<string> {
  return new Set(files.map((f) => pathOf(f.filePath)));
}

/**
 * The baseline `--update-baseline` writes: the current findings of the linted
 * files, and the entries of files this run did not lint kept as they were (a
 * run over some files does not forget the others). `pruned` counts the entries
 * of linted files whose findings are gone.
 */
export function updatedBaseline(files: readonly FileResult[], old: Baseline | undefined, pathOf: (filePath: string) => string): { baseline: Baseline; pruned: number } {
  const current = buildBaseline(files, pathOf);
  if (!old) return { baseline: current, pruned: 0 };
  const seen = linted(files, pathOf);
  const kept = old.entries.filter((e) => !seen.has(e.file));
  const now = new Set(current.entries.map(keyString));
  const pruned = old.entries.filter((e) => seen.has(e.file) && !now.has(keyString(e))).length;
  return { baseline: { version: 1, entries: [...kept, ...current.entries].sort(compareEntries) }, pruned };
}

/**
 * Entries of linted files that matched fewer findings than they record: the
 * findings were fixed (or moved), and the entry would hide a new one with the
 * same key. `count` is how many recorded findings are gone.
 */
export function staleEntries(files: readonly FileResult[], baseline: Baseline, pathOf: (filePath: string) => string): BaselineEntry[] {
  const tracker = staleTracker(baseline, pathOf);
  for (const f of files) tracker.add(f);
  return tracker.stale();
}

/** staleEntries file by file: `add` each file's result (after the baseline applied), then `stale()`. */
export function staleTracker(baseline: Baseline, pathOf: (filePath: string) => string): { add(f: FileResult): void; stale(): BaselineEntry[] } {
  const seen = new Set<string>();
  const found = new Map<string, number>();
  return {
    add: (f) => {
      const file = pathOf(f.filePath);
      seen.add(file);
      for (const m of [...f.messages, ...f.suppressedMessages.filter((x) => x.suppressions?.some((s) => s.kind === 'baseline'))]) {
        if (NOT_BASELINED.has(m.ruleId)) continue;
        const k = keyString(keyOf(file, m));
        found.set(k, (found.get(k) ?? 0) + 1);
      }
    },
    stale: () =>
      baseline.entries
        .filter((e) => seen.has(e.file))
        .map((e) => ({ ...e, count: e.count - Math.min(e.count, found.get(keyString(e)) ?? 0) }))
        .filter((e) => e.count > 0),
  };
}

/** The notice for stale entries (standard error), or '' when there are none. */
export function staleNotice(stale: readonly BaselineEntry[], shownPath: string): string {
  if (!stale.length) return '';
  const n = stale.reduce((sum, e) => sum + e.count, 0);
  const lines = stale.map((e) => `  ${e.file}: ${[e.kind, e.namespace, e.name].filter(Boolean).join('/') || '(file)'} ${e.ruleId}${e.path ? ` at ${e.path}` : ''}${e.count > 1 ? ` (${e.count})` : ''}`);
  return `shootlint: ${shownPath} records ${n} finding${n === 1 ? '' : 's'} that no longer occur${n === 1 ? 's' : ''} (fixed?); prune ${n === 1 ? 'it' : 'them'} with --update-baseline:\n${lines.join('\n')}\n`;
}

/**
 * Moves findings recorded in the baseline out of `messages` into
 * `suppressedMessages` (kind `baseline`), up to each entry's count.
 */
export function applyBaseline(files: readonly FileResult[], baseline: Baseline, pathOf: (filePath: string) => string, shownPath: string): FileResult[] {
  return files.map(baselineApplier(baseline, pathOf, shownPath));
}

/** applyBaseline file by file: each entry's count is used up across the files given in turn. */
export function baselineApplier(baseline: Baseline, pathOf: (filePath: string) => string, shownPath: string): (f: FileResult) => FileResult {
  const remaining = new Map(baseline.entries.map((e) => [keyString(e), e.count]));
  return (f) => {
    const file = pathOf(f.filePath);
    const messages: LintMessage[] = [];
    const suppressed: LintMessage[] = [];
    for (const m of f.messages) {
      const k = keyString(keyOf(file, m));
      const left = NOT_BASELINED.has(m.ruleId) ? 0 : (remaining.get(k) ?? 0);
      if (left > 0) {
        remaining.set(k, left - 1);
        suppressed.push({ ...m, suppressions: [...(m.suppressions ?? []), { kind: 'baseline', justification: `recorded in the baseline ${shownPath}` }] });
      } else {
        messages.push(m);
      }
    }
    if (suppressed.length === 0) return f;
    return {
      ...f,
      messages,
      suppressedMessages: [...f.suppressedMessages, ...suppressed],
      errorCount: messages.filter((m) => m.severity === 2).length,
      warningCount: messages.filter((m) => m.severity === 1).length,
    };
  };
}
