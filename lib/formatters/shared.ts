/** Helpers the CI formatters share: stable fingerprints, paths relative to the working directory, rule facts. */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { RuleMeta } from '../engine/rule.ts';
import { stigRef } from '../engine/stig.ts';
import type { StigRelease } from '../engine/stig.ts';
import type { FileResult, LintMessage, StigRef } from '../engine/types.ts';
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
 * key names its file, so repeats are counted file by file.
 */
export function fileFingerprints(file: string, f: FileResult): Map<LintMessage, string> {
  const seen = new Map<string, number>();
  const out = new Map<LintMessage, string>();
  for (const m of [...f.messages, ...f.suppressedMessages]) {
    const key = fingerprintKey(file, m);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    out.set(m, createHash('sha256').update(n === 0 ? key : `${key}#${n}`).digest('hex'));
  }
  return out;
}

/**
 * `JSON.stringify(items, null, 2)` written one element at a time at `indent`
 * (the indentation of the line the array opens on).
 */
export function jsonArray(write: Write, indent = ''): { item(value: unknown): void; end(): void } {
  let first = true;
  return {
    item: (value) => {
      write(first ? '[\n' : ',\n');
      first = false;
      write(`${indent}  ${JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}  `)}`);
    },
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
