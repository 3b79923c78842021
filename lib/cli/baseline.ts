/**
 * Baselines for onboarding a fleet: record today's findings, then report only
 * new ones. Findings are keyed by file, object (kind, namespace, name), rule
 * and YAML path, never by line, so unrelated edits keep the baseline valid;
 * a key found several times carries a count. The file is sorted JSON, so it
 * diffs well and is the same on every machine.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { FileResult, LintMessage } from '../engine/types.ts';
import { UsageError } from './usage-error.ts';

export const DEFAULT_BASELINE = '.shootlint-baseline.json';
/** Problems of the run itself: never recorded, always shown. */
const NOT_BASELINED = new Set(['parse-error', 'read-error', 'internal-error']);

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

export function writeBaseline(cwd: string, file: string, b: Baseline): void {
  writeFileSync(resolve(cwd, file), serializeBaseline(b));
}

/**
 * Moves findings recorded in the baseline out of `messages` into
 * `suppressedMessages` (kind `baseline`), up to each entry's count.
 */
export function applyBaseline(files: readonly FileResult[], baseline: Baseline, pathOf: (filePath: string) => string, shownPath: string): FileResult[] {
  const remaining = new Map(baseline.entries.map((e) => [keyString(e), e.count]));
  return files.map((f) => {
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
  });
}
