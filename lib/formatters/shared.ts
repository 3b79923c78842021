/** Helpers the CI formatters share: stable fingerprints, paths relative to the working directory, rule facts. */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { RuleMeta } from '../engine/rule.ts';
import { stigRef } from '../engine/stig.ts';
import type { StigRelease } from '../engine/stig.ts';
import type { FileResult, LintMessage, RuleResult, StigRef } from '../engine/types.ts';
import { indentedJson } from '../run/sink.ts';
import type { Write } from '../run/sink.ts';

/** A file path relative to cwd with `/` separators; absolute when outside cwd; `<stdin>` kept. */
export function relativePath(cwd: string, filePath: string): string {
  if (filePath.startsWith('<')) return filePath;
  const abs = resolve(cwd, filePath);
  const rel = relative(cwd, abs);
  return (rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : rel).split(sep).join('/');
}

/** The parts of a finding that survive unrelated edits: rule, file, object and YAML path, never the line. */
export function fingerprintKey(file: string, m: LintMessage): string {
  const o = m.object;
  const where = o ? [o.kind, o.namespace ?? '', o.name, m.path] : [m.path, m.message];
  return JSON.stringify([m.ruleId, file, ...where]);
}

/**
 * Stable fingerprints of one file's messages (shown, then suppressed: one
 * order, so every format agrees): sha256 of fingerprintKey, with the n-th
 * repeat of one key (n > 0) told apart by its position among the repeats. A
 * key names its file, so repeats are counted file by file. Asked message by
 * message in that order (a file handed on in parts).
 */
export class Fingerprints {
  private readonly seen = new Map<string, number>();

  constructor(private readonly file: string) {}

  of(m: LintMessage): string {
    const key = fingerprintKey(this.file, m);
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    return createHash('sha256').update(n === 0 ? key : `${key}#${n}`).digest('hex');
  }
}

/** The fingerprints of a whole file's messages (see Fingerprints). */
export function fileFingerprints(file: string, f: FileResult): Map<LintMessage, string> {
  const prints = new Fingerprints(file);
  const out = new Map<LintMessage, string>();
  for (const m of [...f.messages, ...f.suppressedMessages]) out.set(m, prints.of(m));
  return out;
}

/**
 * For a format that needs a file whole: joins the parts of a file handed on
 * in several calls (FormatStream.file's `more`) and hands it to `whole`.
 */
export function joinParts(whole: (f: FileResult, results: readonly RuleResult[]) => void): (f: FileResult, results?: readonly RuleResult[], more?: boolean) => void {
  let held: { messages: LintMessage[]; suppressed: LintMessage[]; results: RuleResult[]; errors: number; warnings: number } | undefined;
  return (f, results = [], more = false) => {
    if (!held && !more) return whole(f, results);
    held ??= { messages: [], suppressed: [], results: [], errors: 0, warnings: 0 };
    for (const m of f.messages) held.messages.push(m);
    for (const m of f.suppressedMessages) held.suppressed.push(m);
    for (const r of results) held.results.push(r);
    held.errors += f.errorCount;
    held.warnings += f.warningCount;
    if (more) return;
    const { messages, suppressed, errors, warnings } = held;
    const all = held.results;
    held = undefined;
    whole({ filePath: f.filePath, messages, suppressedMessages: suppressed, errorCount: errors, warningCount: warnings }, all);
  };
}

/**
 * `JSON.stringify(items, null, 2)` written one element at a time at `indent`
 * (the indentation of the line the array opens on).
 */
export function jsonArray(write: Write, indent = ''): { item(value: unknown): void; begin(): void; end(): void } {
  let first = true;
  /** Opens an element the caller writes itself (at `indent` plus two spaces). */
  const begin = (): void => {
    write(first ? `[\n${indent}  ` : `,\n${indent}  `);
    first = false;
  };
  return {
    item: (value) => {
      begin();
      write(indentedJson(value, `${indent}  `));
    },
    begin,
    end: () => write(first ? '[]' : `\n${indent}]`),
  };
}

/** The STIG reference of a rule in the release the run used (or the newest that has it). */
export function ruleStig(meta: RuleMeta, release: StigRelease | undefined): StigRef | undefined {
  const id = meta.stigIds[0];
  if (!id) return undefined;
  return stigRef(id, release ?? 'V2R6') ?? stigRef(id, 'V1R11');
}

/** Title for findings of the engine itself (parse errors, suppression problems), which have no rule file. */
export const BUILTIN_RULES: Readonly<Record<string, string>> = {
  'parse-error': 'The file could not be parsed as YAML or JSON.',
  'read-error': 'The file could not be read.',
  'non-utf8': 'The file is not valid UTF-8; its bad bytes were read as U+FFFD.',
  'internal-error': 'A rule failed while checking this input.',
  'unsupported-api-version': 'The Shoot uses an API version shootlint does not check.',
  'invalid-suppression': 'A suppression is malformed, names an unknown rule, has no reason or has expired.',
  'unused-suppression': 'A suppression suppresses nothing.',
};
