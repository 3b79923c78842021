/**
 * The report's lint: the files judged in the context of their workspace
 * through the run layer (lib/run/workspace.ts `lintRun`), batch by batch, in
 * process, each file parsed once. The parse of a batch gives the report its
 * Shoots (./shoots.ts) and the lint its input; each file's results go to the
 * report model as soon as the run hands them on, where only their evidence is
 * kept (./model.ts ReportBuilder), so no batch's parsed files, messages or
 * results outlive it.
 *
 * A file's results do not depend on its batch (lib/run/batches.ts), with one
 * exception the report corrects: the per-Shoot pass of rule 242442 counts the
 * objects of the workspace, and a batch sees only its own. Those passes (one
 * per Shoot) are kept until every file is parsed and then count them all.
 */
import { parseFile } from '../engine/document.ts';
import { lintParsed } from '../engine/lint.ts';
import type { AnyRule } from '../engine/rule.ts';
import type { FileResult, LintOutput, RuleResult, SourceFile } from '../engine/types.ts';
import { INTERNAL_ERROR, INVALID_SUPPRESSION } from '../engine/builtin-ids.ts';
import { baselineApplier, baselinePathMapper, readBaseline } from '../run/baseline.ts';
import type { CliOptions } from '../run/options.ts';
import type { EngineConfigs } from '../run/setup.ts';
import { lintRun } from '../run/workspace.ts';
import type { WorkspaceScan } from '../run/workspace-scan.ts';
import type { RunRenders } from '../render/run.ts';
import type { ReportBuilder, ShootInfo } from './model.ts';
import { shootsOf } from './shoots.ts';

/** The rule whose per-Shoot pass counts the objects of the workspace. */
const REMOVED_APIS = '242442';
const countIn = (n: number): string => ` among the ${n} object(s) of the workspace`;

export interface Judged {
  /** The report's columns: every supported Shoot of the given files, in their order. */
  readonly shoots: ShootInfo[];
  /** Notes for results that are no verdict: parse errors, unsupported API versions, bad suppressions (in file order). */
  readonly problems: string[];
  /** Results about Shoots kept for `keep` (in file order). */
  readonly kept: RuleResult[];
  /** True when a rule or a batch failed (exit 2). */
  readonly internalError: boolean;
}

export interface JudgeOptions {
  readonly opts: CliOptions;
  readonly cwd: string;
  readonly engine: EngineConfigs;
  readonly rules: readonly AnyRule[];
  /** The files to report on (the given ones, rendered texts included). */
  readonly files: readonly SourceFile[];
  readonly renders: RunRenders;
  readonly builder: ReportBuilder;
  /** Files per batch (SHOOTLINT_BATCH_FILES), as for the lint command. */
  readonly batchFiles?: number;
  /** The run's workspace, shared with the render-target search (lib/run/workspace-scan.ts). */
  readonly workspace?: WorkspaceScan;
  /** Results the caller needs beyond the model (diki's checks beyond the STIG). */
  readonly keep?: (r: RuleResult) => boolean;
}

/** Results with the findings a baseline hides (moved to `suppressedMessages` with a `baseline` suppression) as `suppressed`. */
export function withBaseline(results: readonly RuleResult[], files: readonly FileResult[]): RuleResult[] {
  const baselined = new Map<string, FileResult['suppressedMessages'][number]>();
  for (const f of files) {
    for (const m of f.suppressedMessages) if (m.suppressions?.some((x) => x.kind === 'baseline')) baselined.set(messageKey(f.filePath, m), m);
  }
  if (baselined.size === 0) return [...results];
  return results.map((r) => {
    if (r.state !== 'fail' && r.state !== 'unverifiable') return r;
    const m = r.span ? baselined.get(messageKey(r.filePath, { ...r, offset: r.span.offset, endOffset: r.span.endOffset })) : undefined;
    return m ? { ...r, state: 'suppressed', suppressions: m.suppressions ?? [] } : r;
  });
}

function messageKey(filePath: string, m: { ruleId: string; path?: string; message: string; offset: number; endOffset: number }): string {
  return JSON.stringify([filePath, m.ruleId, m.path ?? '', m.message, m.offset, m.endOffset]);
}

/** Lints the files for the report and feeds the builder; the model is then `builder.build(order)`. */
export async function judge(o: JudgeOptions): Promise<Judged & { readonly order: (filePath: string) => number }> {
  const { opts, cwd, files, renders, builder } = o;
  const given = new Set(files.map((f) => f.path));
  const shootsByFile = new Map<string, ShootInfo[]>();
  const objectsIn = new Map<string, number>();
  const batchObjects = new WeakMap<RuleResult, number>();
  const parseOnce = (configs: EngineConfigs): EngineConfigs => ({
    ...configs,
    // Passes are always collected: the report's verdicts are its input.
    lint: (batch, _collectPasses, keep) => {
      const parsed = batch.map(parseFile);
      let objects = 0;
      for (const p of parsed) {
        objects += p.objects.length;
        objectsIn.set(p.path, p.objects.length);
        // A rendered Shoot is named by its render (the kustomization or Chart.yaml), at its first line.
        if (given.has(p.path) && !shootsByFile.has(p.path)) shootsByFile.set(p.path, shootsOf([p]).map((s) => (p.scope !== undefined ? { ...s, line: 1 } : s)));
      }
      // Files outside `keep` are the batch's context: the run hands on nothing of them, so nothing is built for them.
      const out = lintParsed(parsed, { files: batch, config: configs.config, configForFile: configs.configForFile, rules: o.rules, collectPasses: true, ...(keep ? { keep } : {}) });
      for (const r of out.results) if (r.ruleId === REMOVED_APIS && r.state === 'pass') batchObjects.set(r, objects);
      return out;
    },
    inWorkspace: (root) => parseOnce(configs.inWorkspace(root)),
  });

  const baseline = opts.baseline !== undefined ? baselineApplier(readBaseline(cwd, opts.baseline), baselinePathMapper(cwd, opts.baseline), opts.baseline) : undefined;
  const problems: { filePath: string; text: string }[] = [];
  const kept: RuleResult[] = [];
  const counted: { r: RuleResult; objects: number }[] = [];
  let internalError = false;
  // The objects of every file linted, once every file is.
  const linted: { objects?: number } = {};
  const recount = (r: RuleResult, seen: number, total: number): RuleResult =>
    seen === total || r.evidence === undefined ? r : { ...r, evidence: r.evidence.replace(countIn(seen), countIn(total)) };
  const take = (results: readonly RuleResult[]): void => {
    const verdicts: RuleResult[] = [];
    for (const r of results) {
      if (r.ruleId === INTERNAL_ERROR) internalError = true;
      if (r.state === 'parse-error' || r.state === 'unsupported-api-version' || r.ruleId === INVALID_SUPPRESSION) {
        problems.push({ filePath: r.filePath, text: `${r.filePath}${r.span ? `:${r.span.line}` : ''}: ${r.message}` });
      }
      if (o.keep?.(r)) kept.push(r);
      const objects = batchObjects.get(r);
      if (objects === undefined) verdicts.push(r);
      else if (linted.objects !== undefined) verdicts.push(recount(r, objects, linted.objects));
      else counted.push({ r, objects });
    }
    builder.addResults(verdicts);
  };

  // Renders move results to their sources once every file is linted (lib/render/run.ts).
  const rendered = renders.set.rendered.length > 0 || renders.set.errors.length > 0;
  const whole: LintOutput = { files: [], results: [] };
  const emit = (file: FileResult, results: readonly RuleResult[]): void => {
    if (rendered) {
      whole.files.push(file);
      for (const r of results) whole.results.push(r);
      return;
    }
    take(baseline ? withBaseline(results, [baseline(file)]) : results);
  };
  // Told that passes are not collected, the run plans batches; the engine above collects them.
  await lintRun(opts, cwd, parseOnce({ ...o.engine, ignored: renders.ignored(o.engine.ignored) }), files, false, [], emit, {
    ...(o.batchFiles !== undefined ? { batchFiles: o.batchFiles } : {}),
    ...(o.workspace ? { workspace: o.workspace } : {}),
  });
  // Results are taken in the order a lint of all files at once gives (the engine sorts them by
  // file, by code point, then by place): file by file in that order, each file's in its own.
  const rank = new Map([...objectsIn.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)).map((p, i) => [p, i]));
  const order = (filePath: string): number => rank.get(filePath) ?? rank.size;
  const byOrder = (a: { filePath: string }, b: { filePath: string }): number => order(a.filePath) - order(b.filePath);
  const total = (linted.objects = [...objectsIn.values()].reduce((a, b) => a + b, 0));
  builder.addResults(counted.map(({ r, objects }) => recount(r, objects, total)));
  if (rendered) {
    // The renders map the output of all files, in that order.
    whole.results.sort(byOrder);
    const mapped = renders.output(whole, true);
    const baselined = baseline ? mapped.files.map(baseline) : [];
    take(withBaseline(mapped.results, baselined));
  }

  if (!rendered) {
    problems.sort(byOrder);
    kept.sort(byOrder);
  }
  return {
    shoots: files.flatMap((f) => shootsByFile.get(f.path) ?? []),
    problems: problems.map((p) => p.text),
    kept,
    internalError,
    // Rendered results are taken in that order already.
    order: rendered ? () => 0 : order,
  };
}
