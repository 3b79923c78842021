/**
 * `shootlint report`: the compliance report of a workspace, for every Shoot and
 * every rule of the selected STIG release, as HTML, Markdown, JSON, STIG Viewer
 * checklists or diki reports.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ruleSetting } from '../engine/lint.ts';
import type { AnyRule } from '../engine/rule.ts';
import type { EngineConfig, RuleSetting } from '../engine/settings.ts';
import type { StigRelease } from '../engine/stig.ts';
import type { RuleResult } from '../engine/types.ts';
import { RULES } from '../../rules/index.ts';
import { findRule } from '../run/engine-config.ts';
import type { CliIo } from '../run/io.ts';
import type { CliOptions } from '../run/options.ts';
import { parseCommandLine, SHARED_SPEC, sharedOptions, WORKSPACE_SPEC, workspaceOptions } from '../run/options.ts';
import { collectSources, configLookup, engineConfigs } from '../run/setup.ts';
import { UsageError } from '../run/usage-error.ts';
import { workspaceScan } from '../run/workspace-scan.ts';
import { RENDER_SPEC, renderFlags } from '../render/options.ts';
import { runRenders } from '../render/run.ts';
import pkg from '../../package.json' with { type: 'json' };
import { checklistFileName, shootChecklist } from './cklb.ts';
import type { BeyondResult, DikiSettings } from './diki.ts';
import { DikiConfigError, dikiReport, HARDENED_RULES, readDikiConfig } from './diki.ts';
import { PAGED_ABOVE } from './html.ts';
import { writeDocument } from './output.ts';
import type { Write } from '../run/sink.ts';
import { writeFileIn, writeJsonArray, writeTo } from '../run/sink.ts';
import type { ComplianceReport, ReportState, ShootInfo, ShootReport } from './model.ts';
import { adminFailures, ReportBuilder } from './model.ts';
import { judge } from './judge.ts';

export const REPORT_FORMATS = ['html', 'markdown', 'json', 'cklb', 'diki'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_USAGE = `Usage: shootlint report [options] [paths...]

Compliance report: for every Shoot in the files and every rule of the selected
DISA Kubernetes STIG release, who answers for the rule (cluster admin or
Gardener), its state (pass, fail, not-applicable, unverifiable, suppressed,
secure-by-default, provider-managed, manual), the evidence (file:line) and the fix.

The configuration is the lint command's: the nearest .shootlint.yaml of each
file (with its overrides), or --config, and the flags below on top. Suppressed
findings (comments, annotations, --baseline) show as suppressed with their
justification.

Options:
  -f, --format FORMAT         html (default), markdown, json, cklb, diki
  -o, --output FILE|DIR       Write to FILE instead of stdout. A directory (existing,
                              or ending in /) gets report.html|md|json, or for cklb
                              and diki one file per Shoot; to a file or stdout, cklb
                              and diki give one document for one Shoot and a JSON
                              array of documents for several; above ${PAGED_ABOVE} Shoots,
                              html gives a summary page (and in a directory one
                              page per Shoot), markdown too large for a PR comment
                              its summary and failing rules
  -c, --config FILE           Use this configuration file (.shootlint.yaml or .json)
      --no-config             Do not look up a configuration file
      --stig-release V2R6|V1R11  STIG release to report against (default: the
                              configuration's, else V2R6)
      --diki-config FILE      Read rule options and accepted (skipped) rules from a
                              diki configuration (YAML), on top of the configuration
      --rule ID               Run only this rule (repeatable; id or name)
      --disable ID            Turn a rule off (repeatable; its STIG rules become manual)
      --strict                Secure defaults must be written down (auditor mode)
      --gardener-version V    Gardener release whose API and defaults apply
      --kubernetes-version V  Version workloads are judged against when no single Shoot decides it
      --baseline FILE         Show findings recorded in FILE as suppressed (baseline)
      --workspace DIR         Judge the files in the context of the manifests under DIR
                              (default: as the lint command finds it)
      --no-workspace          Judge the given files alone
      --cache, --cache-location PATH  Keep the workspace index between runs
      --stdin-filename NAME   Name to report for standard input (-)
      --kustomize-command, --helm-command, --helm-values, --helm-set  How kustomizations
                              and charts are rendered, as for the lint command
      --max-file-size MB      Skip larger files (default 10)
  -h, --help                  Print this help

Exit codes: 0 no failing rule of the cluster admin, 1 at least one, 2 usage or
internal error. Set SOURCE_DATE_EPOCH for a reproducible timestamp.
`;

const SPEC = {
  ...SHARED_SPEC,
  ...WORKSPACE_SPEC,
  ...RENDER_SPEC,
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'diki-config': { type: 'string' },
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
  const parsed = parseCommandLine(argv, SPEC, 'shootlint report');
  const v = parsed.values;
  const format = (v.format ?? 'html').toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown report format "${v.format}"; available: ${REPORT_FORMATS.join(', ')}`);
  }
  const lint: CliOptions = {
    ...sharedOptions(v, parsed.positionals),
    ...workspaceOptions(v),
    ...renderFlags(v),
    format: 'stylish',
    quiet: false,
    version: false,
    help: false,
    printRules: false,
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

/** Results about Shoots by rule, Shoot name and file (see beyondResults). */
function resultsByShoot(results: readonly RuleResult[]): Map<string, RuleResult[]> {
  const out = new Map<string, RuleResult[]>();
  for (const r of results) {
    if (r.object?.kind !== 'Shoot') continue;
    const key = JSON.stringify([r.ruleId, r.object.name, r.filePath]);
    const list = out.get(key);
    if (list) list.push(r);
    else out.set(key, [r]);
  }
  return out;
}

/** The shootlint rules beyond the STIG that diki's hardened-shoot ruleset has. */
function beyondRuleIds(rules: readonly AnyRule[]): Set<string> {
  const ids = new Set<string>();
  for (const h of HARDENED_RULES) {
    const rule = h.rule ? findRule(rules, h.rule) : undefined;
    if (rule) ids.add(rule.meta.id);
  }
  return ids;
}

/** Results of shootlint rules beyond the STIG that diki's hardened-shoot ruleset has, per Shoot. */
function beyondResults(byShoot: ReadonlyMap<string, readonly RuleResult[]>, shoot: ShootInfo, rules: readonly AnyRule[]): Map<string, BeyondResult> {
  const out = new Map<string, BeyondResult>();
  const rank: ReportState[] = ['fail', 'unverifiable', 'suppressed', 'pass', 'not-applicable'];
  for (const h of HARDENED_RULES) {
    if (!h.rule) continue;
    const rule = findRule(rules, h.rule);
    if (!rule) continue;
    const mine = byShoot.get(JSON.stringify([rule.meta.id, shoot.name, shoot.filePath])) ?? [];
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

/** Reads a --diki-config file; a missing or malformed one is a usage error. */
function readDikiFile(path: string, cwd: string): DikiSettings {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --diki-config ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return readDikiConfig(text);
  } catch (err) {
    if (err instanceof DikiConfigError) throw new UsageError(`--diki-config ${path}: ${err.message}`);
    throw err;
  }
}

/**
 * Every rule that is on runs at level error for the report. A compliance report
 * has no lint levels: a rule configured as a warning still decides its STIG
 * rules. This way a result at warning level is always one the rule itself marks
 * as a check beyond the STIG, which the model shows as a note, never a failure.
 */
export function reportLevels(config: EngineConfig, rules: readonly AnyRule[]): EngineConfig {
  const ruleSettings: Record<string, Partial<RuleSetting>> = { ...config.rules };
  let changed = false;
  for (const rule of rules) {
    if (ruleSetting(rule, config).severity !== 'warning') continue;
    // The entry ruleSetting reads (by id, else by name), now by id at level error.
    ruleSettings[rule.meta.id] = { ...(config.rules[rule.meta.id] ?? config.rules[rule.meta.name] ?? {}), severity: 'error' };
    changed = true;
  }
  return changed ? { ...config, rules: ruleSettings } : config;
}

/**
 * The STIG release of the report: the one every linted file is configured for
 * (--stig-release sets it for all); when the files disagree, the working
 * directory's, with a note.
 */
function reportRelease(paths: readonly string[], config: EngineConfig, configForFile: (path: string) => EngineConfig): { release: StigRelease; note?: string } {
  const byRelease = new Map<StigRelease, string[]>();
  for (const p of paths) {
    const r = configForFile(p).settings.stigRelease;
    const same = byRelease.get(r);
    if (same) same.push(p);
    else byRelease.set(r, [p]);
  }
  if (byRelease.size === 1) return { release: [...byRelease.keys()][0]! };
  const release = config.settings.stigRelease;
  if (byRelease.size === 0) return { release };
  const which = [...byRelease].map(([r, ps]) => `${r} (${ps.length} file${ps.length === 1 ? '' : 's'}, e.g. ${ps[0]})`).join(', ');
  return { release, note: `The files are configured for different STIG releases: ${which}. The report uses ${release}, the working directory's; set stigRelease in one place or pass --stig-release.` };
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

  const settings = opts.dikiConfig !== undefined ? readDikiFile(opts.dikiConfig, io.cwd) : undefined;
  let dikiWarnings: string[] | undefined;
  // The report's layer over each file's configuration: the diki configuration's rule options,
  // then every rule that is on at level error (see reportLevels).
  const layer = (config: EngineConfig): EngineConfig => {
    let c = config;
    if (settings) {
      const applied = applyDikiSettings(c, settings, RULES);
      dikiWarnings ??= [...settings.warnings, ...applied.warnings];
      c = applied.config;
    }
    return reportLevels(c, RULES);
  };
  const engine = engineConfigs(configLookup(opts.lint, io.cwd, RULES), opts.lint, io.cwd, RULES, layer);
  for (const w of dikiWarnings ?? []) io.stderr(`shootlint: diki config: ${w}\n`);

  const { files: found, collected } = collectSources(opts.lint, io, engine);
  // Kustomizations and charts are judged through their renders (lib/render).
  const workspace = opts.lint.noWorkspace ? undefined : workspaceScan(opts.lint, io.cwd);
  const renders = runRenders(opts.lint.paths, opts.lint.render, found, io, workspace);
  const files = renders.sources;
  for (const e of collected.readErrors) io.stderr(`shootlint: ${e.path}: ${e.message}\n`);
  const release = reportRelease(files.map((f) => f.path), engine.config, engine.configForFile);

  const builder = new ReportBuilder({
    release: release.release,
    rules: RULES.map((r) => r.meta),
    toolVersion: pkg.version,
    generatedAt: generatedAt(io.env),
    ...(settings ? { accepted: settings.accepted } : {}),
  });
  // As the lint command: the given files in the context of their workspace (their ConfigMaps and CloudProfiles).
  const beyond = opts.format === 'diki' ? beyondRuleIds(RULES) : undefined;
  const judged = await judge({
    opts: opts.lint,
    cwd: io.cwd,
    engine,
    rules: RULES,
    files,
    renders,
    builder,
    ...(workspace ? { workspace } : {}),
    ...(Number(io.env.SHOOTLINT_BATCH_FILES) ? { batchFiles: Number(io.env.SHOOTLINT_BATCH_FILES) } : {}),
    ...(beyond ? { keep: (r: RuleResult) => r.object?.kind === 'Shoot' && beyond.has(r.ruleId) } : {}),
  });
  const built = builder.addShoots(judged.shoots).build(judged.order);
  const report: ComplianceReport = {
    ...built,
    notes: [
      ...(release.note ? [release.note] : []),
      ...built.notes,
      ...judged.problems,
      ...collected.readErrors.map((e) => `${e.path}: ${e.message}`),
      ...renders.set.missingTools.map((m) => m.message),
      ...renders.set.errors.flatMap((f) => f.messages.map((m) => `${f.filePath}: ${m.message}`)),
    ],
  };

  const outAbs = opts.output !== undefined ? resolve(io.cwd, opts.output) : undefined;
  const toDir = opts.output !== undefined && outAbs !== undefined && isDirTarget(opts.output, outAbs);
  const href = hrefFrom(outAbs ? (toDir ? outAbs : dirname(outAbs)) : io.cwd, io.cwd);

  if (opts.format === 'cklb' || opts.format === 'diki') {
    const ext = opts.format === 'cklb' ? '.cklb' : '.diki.json';
    const time = report.generatedAt ?? generatedAt(io.env);
    const byShoot = resultsByShoot(judged.kept);
    const docOf = (s: ShootReport): unknown =>
      opts.format === 'cklb'
        ? shootChecklist(report, s)
        : dikiReport(report, s, { time, ...(settings ? { settings } : {}), beyond: beyondResults(byShoot, s.shoot, RULES) });
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
      const fill = (w: Write): void => {
        if (report.shoots.length === 1) w(JSON.stringify(docOf(report.shoots[0]!), null, 2));
        else writeJsonArray(w, report.shoots, docOf);
        w('\n');
      };
      if (outAbs !== undefined) writeFileIn(outAbs, fill);
      else writeTo(io.stdout, fill);
    }
  } else {
    writeDocument(report, opts.format, { ...(toDir ? { dir: outAbs } : outAbs !== undefined ? { file: outAbs } : {}), stdout: io.stdout, href });
  }

  if (judged.internalError || renders.failed) return 2;
  if (collected.missing.length) return 2;
  return adminFailures(report) > 0 ? 1 : 0;
}
