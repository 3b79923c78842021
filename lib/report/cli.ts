/**
 * `shootlint report`: the compliance report of a workspace, for every Shoot and
 * every rule of the selected STIG release, as HTML, Markdown, JSON, STIG Viewer
 * checklists or diki reports.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { parseFile } from '../engine/document.ts';
import { lintParsed } from '../engine/lint.ts';
import type { AnyRule } from '../engine/rule.ts';
import type { EngineConfig, RuleSetting } from '../engine/settings.ts';
import type { RuleResult } from '../engine/types.ts';
import { RULES } from '../../rules/index.ts';
import type { CliOptions } from '../cli/args.ts';
import { cliEngineConfig, findRule } from '../cli/engine-config.ts';
import { collectFiles } from '../cli/files.ts';
import type { CliIo } from '../cli/main.ts';
import { UsageError } from '../cli/usage-error.ts';
import pkg from '../../package.json' with { type: 'json' };
import { checklistFileName, shootChecklist } from './cklb.ts';
import type { BeyondResult, DikiSettings } from './diki.ts';
import { DikiConfigError, dikiReport, HARDENED_RULES, readDikiConfig } from './diki.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import type { ComplianceReport, ReportState, ShootInfo, ShootReport } from './model.ts';
import { adminFailures, buildReport } from './model.ts';
import { shootsOf } from './shoots.ts';

export const REPORT_FORMATS = ['html', 'markdown', 'json', 'cklb', 'diki'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_USAGE = `Usage: shootlint report [options] [paths...]

Compliance report: for every Shoot in the files and every rule of the selected
DISA Kubernetes STIG release, who answers for the rule (cluster admin or
Gardener), its state (pass, fail, not-applicable, unverifiable, suppressed,
secure-by-default, provider-managed, manual), the evidence (file:line) and the fix.

Options:
  -f, --format FORMAT         html (default), markdown, json, cklb, diki
  -o, --output FILE|DIR       Write to FILE instead of stdout. A directory (existing,
                              or ending in /) gets report.html|md|json, or for cklb
                              and diki one file per Shoot; to a file or stdout, cklb
                              and diki give one document for one Shoot and a JSON
                              array of documents for several
      --stig-release V2R6|V1R11  STIG release to report against (default V2R6)
      --diki-config FILE      Read rule options and accepted (skipped) rules from a
                              diki configuration (YAML)
      --strict                Secure defaults must be written down (auditor mode)
      --gardener-version V    Gardener release whose API and defaults apply
      --kubernetes-version V  Version workloads are judged against when no single Shoot decides it
      --stdin-filename NAME   Name to report for standard input (-)
  -h, --help                  Print this help

Exit codes: 0 no failing rule of the cluster admin, 1 at least one, 2 usage or
internal error. Set SOURCE_DATE_EPOCH for a reproducible timestamp.
`;

const SPEC = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'stig-release': { type: 'string' },
  'diki-config': { type: 'string' },
  strict: { type: 'boolean' },
  'gardener-version': { type: 'string' },
  'kubernetes-version': { type: 'string' },
  'stdin-filename': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface ReportOptions {
  readonly paths: string[];
  readonly format: ReportFormat;
  readonly output?: string;
  readonly dikiConfig?: string;
  readonly help: boolean;
  /** The options shared with lint, for the engine configuration. */
  readonly lint: CliOptions;
}

export function parseReportArgs(argv: readonly string[]): ReportOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: SPEC, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.replace(/\. To specify a positional.*$/s, '')}\nRun shootlint report --help for usage.`);
  }
  const v = parsed.values;
  const format = (v.format ?? 'html').toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown report format "${v.format}"; available: ${REPORT_FORMATS.join(', ')}`);
  }
  const lint: CliOptions = {
    paths: parsed.positionals,
    format: 'stylish',
    rules: [],
    disable: [],
    strict: v.strict ?? false,
    ...(v['stig-release'] !== undefined ? { stigRelease: v['stig-release'] } : {}),
    ...(v['gardener-version'] !== undefined ? { gardenerVersion: v['gardener-version'] } : {}),
    ...(v['kubernetes-version'] !== undefined ? { kubernetesVersion: v['kubernetes-version'] } : {}),
    quiet: false,
    version: false,
    help: false,
    printRules: false,
    ...(v['stdin-filename'] !== undefined ? { stdinFilename: v['stdin-filename'] } : {}),
    noConfig: false,
    updateBaseline: false,
    reportUnusedSuppressions: false,
    fix: false,
    fixDryRun: false,
  };
  return {
    paths: parsed.positionals,
    format: format as ReportFormat,
    ...(v.output !== undefined ? { output: v.output } : {}),
    ...(v['diki-config'] !== undefined ? { dikiConfig: v['diki-config'] } : {}),
    help: v.help ?? false,
    lint,
  };
}

/** Applies a diki configuration's rule options to an engine configuration; returns what could not be applied. */
export function applyDikiSettings(config: EngineConfig, settings: DikiSettings, rules: readonly AnyRule[]): { config: EngineConfig; warnings: string[] } {
  const warnings: string[] = [];
  const ruleSettings: Record<string, Partial<RuleSetting>> = { ...config.rules };
  for (const [idOrName, options] of Object.entries(settings.ruleOptions)) {
    const rule = findRule(rules, idOrName);
    if (!rule) {
      warnings.push(`shootlint has no rule ${idOrName}; options ${Object.keys(options).join(', ')} from the diki configuration not applied`);
      continue;
    }
    const current = ruleSettings[rule.meta.id] ?? {};
    ruleSettings[rule.meta.id] = { ...current, options: { ...(current.options ?? {}), ...options } };
  }
  for (const idOrName of new Set(settings.enable)) {
    const rule = findRule(rules, idOrName);
    if (!rule) {
      warnings.push(`shootlint has no rule ${idOrName}; the diki configuration's check of it is not run`);
      continue;
    }
    const current = ruleSettings[rule.meta.id] ?? {};
    if ((current.severity ?? rule.meta.defaultSeverity) === 'off') ruleSettings[rule.meta.id] = { ...current, severity: 'warning' };
  }
  return { config: { ...config, rules: ruleSettings }, warnings };
}

function generatedAt(env: Readonly<Record<string, string | undefined>>): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().replace(/\.000Z$/, 'Z');
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** href of a source file as seen from the directory the report is written to. */
function hrefFrom(baseDir: string, cwd: string) {
  return (filePath: string, line?: number): string => {
    if (filePath.startsWith('<')) return '#';
    const rel = relative(baseDir, resolve(cwd, filePath)).split(sep).join('/');
    return `${encodeURI(rel)}${line !== undefined ? `#L${line}` : ''}`;
  };
}

/** Results of shootlint rules beyond the STIG that diki's hardened-shoot ruleset has, per Shoot. */
function beyondResults(results: readonly RuleResult[], shoot: ShootInfo, rules: readonly AnyRule[]): Map<string, BeyondResult> {
  const out = new Map<string, BeyondResult>();
  const rank: ReportState[] = ['fail', 'unverifiable', 'suppressed', 'pass', 'not-applicable'];
  for (const h of HARDENED_RULES) {
    if (!h.rule) continue;
    const rule = findRule(rules, h.rule);
    if (!rule) continue;
    const mine = results.filter(
      (r) => r.ruleId === rule.meta.id && r.object?.kind === 'Shoot' && r.object.name === shoot.name && r.filePath === shoot.filePath,
    );
    if (!mine.length) continue;
    const state = rank.find((s) => mine.some((r) => r.state === s)) ?? 'not-applicable';
    out.set(h.rule, {
      state,
      items: mine.map((r) => ({
        ruleId: r.ruleId,
        state: r.state,
        message: r.message,
        filePath: r.filePath,
        ...(r.span ? { line: r.span.line, column: r.span.column } : {}),
        ...(r.object ? { object: r.object } : {}),
        ...(r.suppressions ? { suppressions: r.suppressions } : {}),
      })),
    });
  }
  return out;
}

/** --output names a directory: it ends in a separator or is an existing directory. */
function isDirTarget(raw: string, abs: string): boolean {
  return raw.endsWith('/') || raw.endsWith(sep) || (existsSync(abs) && statSync(abs).isDirectory());
}

export async function runReport(argv: readonly string[], io: CliIo): Promise<number> {
  const opts = parseReportArgs(argv);
  if (opts.help) {
    io.stdout(REPORT_USAGE);
    return 0;
  }
  if (opts.paths.length === 0) throw new UsageError('no paths given; try shootlint report path/to/shoots/\nRun shootlint report --help for usage.');

  let config = cliEngineConfig(opts.lint, RULES);
  let settings: DikiSettings | undefined;
  if (opts.dikiConfig !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, opts.dikiConfig), 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read --diki-config ${opts.dikiConfig}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    try {
      settings = readDikiConfig(text);
    } catch (err) {
      if (err instanceof DikiConfigError) throw new UsageError(`--diki-config ${opts.dikiConfig}: ${err.message}`);
      throw err;
    }
    const applied = applyDikiSettings(config, settings, RULES);
    config = applied.config;
    for (const w of [...settings.warnings, ...applied.warnings]) io.stderr(`shootlint: diki config: ${w}\n`);
  }

  const collected = collectFiles(opts.paths, {
    cwd: io.cwd,
    stdin: io.readStdin,
    ...(opts.lint.stdinFilename !== undefined ? { stdinFilename: opts.lint.stdinFilename } : {}),
  });
  for (const m of collected.missing) io.stderr(`shootlint: no such file or directory, or nothing matched: ${m}\n`);
  for (const e of collected.readErrors) io.stderr(`shootlint: ${e.path}: ${e.message}\n`);

  const parsed = collected.files.map(parseFile);
  const output = lintParsed(parsed, { files: collected.files, config, rules: RULES });
  const shoots = shootsOf(parsed);
  const built = buildReport({
    release: config.settings.stigRelease,
    results: output.results,
    rules: RULES.map((r) => r.meta),
    shoots,
    toolVersion: pkg.version,
    generatedAt: generatedAt(io.env),
    ...(settings ? { accepted: settings.accepted } : {}),
  });
  const problems = output.results.filter((r) => r.state === 'parse-error' || r.state === 'unsupported-api-version');
  const report: ComplianceReport = {
    ...built,
    notes: [
      ...built.notes,
      ...problems.map((p) => `${p.filePath}${p.span ? `:${p.span.line}` : ''}: ${p.message}`),
      ...collected.readErrors.map((e) => `${e.path}: ${e.message}`),
    ],
  };

  const write = (path: string, text: string): void => {
    const abs = resolve(io.cwd, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  const outAbs = opts.output !== undefined ? resolve(io.cwd, opts.output) : undefined;
  const toDir = opts.output !== undefined && outAbs !== undefined && isDirTarget(opts.output, outAbs);
  const href = hrefFrom(outAbs ? (toDir ? outAbs : dirname(outAbs)) : io.cwd, io.cwd);

  if (opts.format === 'cklb' || opts.format === 'diki') {
    const ext = opts.format === 'cklb' ? '.cklb' : '.diki.json';
    const time = report.generatedAt ?? generatedAt(io.env);
    const docOf = (s: ShootReport): unknown =>
      opts.format === 'cklb'
        ? shootChecklist(report, s)
        : dikiReport(report, s, { time, ...(settings ? { settings } : {}), beyond: beyondResults(output.results, s.shoot, RULES) });
    if (toDir && outAbs) {
      mkdirSync(outAbs, { recursive: true });
      const used = new Set<string>();
      for (const s of report.shoots) {
        let name = checklistFileName(s, ext);
        for (let n = 2; used.has(name); n++) name = checklistFileName(s, `-${n}${ext}`);
        used.add(name);
        writeFileSync(join(outAbs, name), `${JSON.stringify(docOf(s), null, 2)}\n`);
      }
      if (report.shoots.length === 0) io.stderr('shootlint: no Shoot in the files; no checklist written\n');
    } else {
      const docs = report.shoots.map(docOf);
      const text = `${JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2)}\n`;
      if (opts.output !== undefined) write(opts.output, text);
      else io.stdout(text);
    }
  } else {
    const text =
      opts.format === 'html'
        ? renderHtml(report, { href })
        : opts.format === 'markdown'
          ? renderMarkdown(report, { href })
          : `${JSON.stringify({ format: 'shootlint-compliance-report', formatVersion: 1, ...report }, null, 2)}\n`;
    const ext = { html: 'html', markdown: 'md', json: 'json' }[opts.format];
    if (toDir && outAbs) write(join(outAbs, `report.${ext}`), text);
    else if (opts.output !== undefined) write(opts.output, text);
    else io.stdout(text);
  }

  if (output.results.some((r) => r.ruleId === 'internal-error')) return 2;
  if (collected.missing.length) return 2;
  return adminFailures(report) > 0 ? 1 : 0;
}
