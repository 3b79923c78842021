/**
 * Fixtures carry their expected findings inline, as YAML comments:
 *
 *   enabled: true
 *   #        ^^^^ 242395
 *     carets under the exact columns of the line above (the nearest line that
 *     is not a marker): asserts rule id, line, column and end column.
 *   # ^^^^ 242434: Kubernetes 1.25     a message substring may follow a colon.
 *   # ^^^^ 242434 warning: ...         a lint level (error, warning) may follow the id.
 *   # expect-at 12:3-9 242393          explicit line:column-endColumn (for column 1, or
 *                                      inside block scalars where comments cannot go).
 *   # result 242434 not-applicable     some result of that rule has that state.
 *   # fixture: {"strict": true}        first line: settings and rule options
 *        ({"strict", "stigRelease", "gardenerVersion", "kubernetesVersion", "rules": {id: {severity, options}}}).
 *
 * Compared: every message of the rules named by the fixture folder or by any
 * marker, as sorted (rule, line, column, endColumn) tuples. A file with no
 * markers for a rule must produce no message for it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defaultConfig } from '../../lib/engine/defaults.ts';
import { lint } from '../../lib/engine/lint.ts';
import type { EngineConfig, RuleSetting } from '../../lib/engine/settings.ts';
import type { LintMessage, LintOutput, SourceFile } from '../../lib/engine/types.ts';
import { isStigRelease } from '../../lib/engine/stig.ts';
import { resolveGardenerVersion } from '../../lib/gardener/versions.ts';
import { RULES } from '../../rules/index.ts';

export interface Expectation {
  readonly file: string;
  readonly ruleId: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
  readonly contains?: string;
  readonly severity?: 'error' | 'warning';
}

export interface ResultExpectation {
  readonly file: string;
  readonly ruleId: string;
  readonly state: string;
}

export interface FixtureSettings {
  strict?: boolean;
  stigRelease?: string;
  gardenerVersion?: string;
  kubernetesVersion?: string;
  unverifiableSeverity?: 'error' | 'warning' | 'off';
  rules?: Record<string, Partial<RuleSetting>>;
}

const CARET = /^(\s*#\s*)(\^+)\s+([\w-]+)(?:\s+(error|warning))?(?::\s*(.*\S))?\s*$/;
const EXPLICIT = /^\s*#\s*expect-at\s+(\d+):(\d+)-(\d+)\s+([\w-]+)(?:\s+(error|warning))?(?::\s*(.*\S))?\s*$/;
const RESULT = /^\s*#\s*result\s+([\w-]+)\s+([\w-]+)\s*$/;
const SETTINGS = /^\s*#\s*fixture:\s*(\{.*\})\s*$/;

export interface ParsedFixture {
  readonly expectations: Expectation[];
  readonly results: ResultExpectation[];
  readonly settings: FixtureSettings;
}

export function parseMarkers(file: string, text: string): ParsedFixture {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const expectations: Expectation[] = [];
  const results: ResultExpectation[] = [];
  let settings: FixtureSettings = {};
  let lastContentLine = 0;
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    const caret = CARET.exec(line);
    if (caret) {
      if (lastContentLine === 0) throw new Error(`${file}:${lineNo}: caret marker with no line above it`);
      const column = caret[1]!.length + 1;
      expectations.push({
        file, ruleId: caret[3]!, line: lastContentLine, column, endColumn: column + caret[2]!.length,
        ...(caret[4] ? { severity: caret[4] as 'error' | 'warning' } : {}), ...(caret[5] ? { contains: caret[5] } : {}),
      });
      return;
    }
    const explicit = EXPLICIT.exec(line);
    if (explicit) {
      expectations.push({
        file, ruleId: explicit[4]!, line: Number(explicit[1]), column: Number(explicit[2]), endColumn: Number(explicit[3]),
        ...(explicit[5] ? { severity: explicit[5] as 'error' | 'warning' } : {}), ...(explicit[6] ? { contains: explicit[6] } : {}),
      });
      return;
    }
    const result = RESULT.exec(line);
    if (result) {
      results.push({ file, ruleId: result[1]!, state: result[2]! });
      return;
    }
    const s = SETTINGS.exec(line);
    if (s) {
      settings = { ...settings, ...(JSON.parse(s[1]!) as FixtureSettings) };
      return;
    }
    lastContentLine = lineNo;
  });
  return { expectations, results, settings };
}

export function configFor(settings: FixtureSettings): EngineConfig {
  const base = defaultConfig('2026-01-01');
  const stigRelease = settings.stigRelease ?? base.settings.stigRelease;
  if (!isStigRelease(stigRelease)) throw new Error(`bad stigRelease ${stigRelease}`);
  const gardenerVersion = settings.gardenerVersion ? resolveGardenerVersion(settings.gardenerVersion) : base.settings.gardenerVersion;
  if (!gardenerVersion) throw new Error(`bad gardenerVersion ${settings.gardenerVersion}`);
  return {
    settings: {
      ...base.settings,
      strict: settings.strict ?? false,
      stigRelease,
      gardenerVersion,
      ...(settings.kubernetesVersion ? { kubernetesVersion: settings.kubernetesVersion } : {}),
      ...(settings.unverifiableSeverity ? { unverifiableSeverity: settings.unverifiableSeverity } : {}),
    },
    rules: settings.rules ?? {},
  };
}

/** A fixture case: one file, or a folder whose files form one workspace. */
export function loadCase(path: string, root: string): SourceFile[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => join(path, f))
    : [path];
  return files.map((f) => ({ path: relative(root, f), text: readFileSync(f, 'utf8') }));
}

export interface CaseOutcome {
  readonly expected: string[];
  readonly actual: string[];
  readonly missingResults: string[];
  readonly output: LintOutput;
}

function tuple(file: string, ruleId: string, line: number, column: number, endColumn: number): string {
  return `${file}:${line}:${column}-${endColumn} ${ruleId}`;
}

/** Lints a case and returns expected vs actual tuples (sorted) for comparison. */
export function runCase(sources: SourceFile[], folderRuleId: string | undefined): CaseOutcome {
  const parsed = sources.map((s) => parseMarkers(s.path, s.text));
  const settings = parsed.reduce<FixtureSettings>((acc, p) => ({ ...acc, ...p.settings }), {});
  const output = lint({ files: sources, config: configFor(settings), rules: RULES });
  const expectations = parsed.flatMap((p) => p.expectations);
  const watched = new Set(expectations.map((e) => e.ruleId));
  if (folderRuleId) watched.add(folderRuleId);
  const messages: (LintMessage & { file: string })[] = output.files.flatMap((f) => f.messages.map((m) => ({ ...m, file: f.filePath })));
  const actual = messages
    .filter((m) => watched.has(m.ruleId) || watched.has(m.ruleName))
    .map((m) => {
      const exp = expectations.find((e) => e.file === m.file && e.ruleId === m.ruleId && e.line === m.line && e.column === m.column && e.endColumn === (m.endLine === m.line ? m.endColumn : e.endColumn));
      const ok = !exp?.contains || m.message.includes(exp.contains);
      const level = m.severity === 2 ? 'error' : 'warning';
      const levelOk = !exp?.severity || exp.severity === level;
      return (
        tuple(m.file, m.ruleId, m.line, m.column, m.endLine === m.line ? m.endColumn : -1) +
        (ok ? '' : ` (message "${m.message}" lacks "${exp!.contains}")`) +
        (levelOk ? '' : ` (level ${level}, expected ${exp!.severity})`)
      );
    })
    .sort();
  const expected = expectations.map((e) => tuple(e.file, e.ruleId, e.line, e.column, e.endColumn)).sort();
  const missingResults = parsed
    .flatMap((p) => p.results)
    .filter((r) => !output.results.some((x) => x.filePath === r.file && x.ruleId === r.ruleId && x.state === r.state))
    .map((r) => `${r.file}: no ${r.state} result for ${r.ruleId}`);
  return { expected, actual, missingResults, output };
}
