import { NON_UTF8 } from './builtin-ids.ts';
import type { KubeObject, ParsedFile } from './document.ts';
import { objectRef, parseFile } from './document.ts';
import { locateIn } from './locate.ts';
import { formatPath } from './positions.ts';
import type { AnyRule, ReportDescriptor, RuleContext } from './rule.ts';
import type { EngineConfig, RuleSetting } from './settings.ts';
import { displayName, ShootModel } from './shoot/model.ts';
import { stigRef } from './stig.ts';
import { applySuppressions } from './suppressions.ts';
import type { FileResult, Fix, LintMessage, LintOutput, RelatedLocation, RuleResult, Severity, SourceFile, Span } from './types.ts';
import { Workspace } from './workspace.ts';
import { schemaRejection } from '../fix/schema-check.ts';
import { uniqueBy } from './unique.ts';

export const SUPPORTED_SHOOT_API_VERSION = 'core.gardener.cloud/v1beta1';
/** The id of the rule whose level applies to a Go template file outside a render (rules/template.ts). */
export const TEMPLATE = 'template';

export interface LintRequest {
  readonly files: readonly SourceFile[];
  readonly config: EngineConfig;
  /** Per-file configuration (overrides by glob); defaults to `config` for every file. */
  readonly configForFile?: (filePath: string) => EngineConfig;
  readonly rules: readonly AnyRule[];
  /**
   * Keep pass and not-applicable results in `results` (default true). The
   * compliance report needs them; a plain lint run does not, and skipping them
   * saves locating every passing verdict.
   */
  readonly collectPasses?: boolean;
  /**
   * The files whose findings are wanted (default: all). The others are
   * context: their objects are seen by every rule, but nothing placed in them
   * is built (no span, no message), and they have no results.
   */
  readonly keep?: ReadonlySet<string>;
}

/** Resolves a rule's setting: configured severity and options over the rule's defaults. */
export function ruleSetting(rule: AnyRule, config: EngineConfig): RuleSetting {
  const configured = config.rules[rule.meta.id] ?? config.rules[rule.meta.name] ?? {};
  const options: Record<string, unknown> = {};
  for (const [k, o] of Object.entries(rule.meta.options ?? {})) options[k] = o.default;
  Object.assign(options, configured.options ?? {});
  return { severity: configured.severity ?? rule.meta.defaultSeverity, options };
}

interface Collected {
  readonly message?: LintMessage;
  readonly result: RuleResult;
}

/**
 * Lints a workspace. Pure: no file system, no process, no output. The CLI and
 * the language server both call this.
 */
export function lint(request: LintRequest): LintOutput {
  return lintParsed(request.files.map(parseFile), request);
}

/**
 * Lints parsed files in phases: each file's own problems (parse errors, bad
 * bytes), the Shoot models (and Shoots of an API version not checked), the
 * rules, then each file's suppressions and results.
 */
export function lintParsed(parsed: readonly ParsedFile[], request: LintRequest): LintOutput {
  const run = newRun(parsed, request);
  for (const file of parsed) fileProblems(file, run.add);
  templateFinding(run);
  const shoots = shootModels(run);
  for (const rule of request.rules) runRule(rule, shoots, run);
  return fileResults(run);
}

/** What the phases of one lint share. */
interface LintRun {
  readonly parsed: readonly ParsedFile[];
  readonly request: LintRequest;
  readonly workspace: Workspace;
  readonly configOf: (path: string) => EngineConfig;
  readonly settingOf: (rule: AnyRule, config: EngineConfig) => RuleSetting;
  readonly collectPasses: boolean;
  readonly collected: Map<ParsedFile, Collected[]>;
  readonly add: (file: ParsedFile, c: Collected) => void;
}

function newRun(parsed: readonly ParsedFile[], request: LintRequest): LintRun {
  const settings = new Map<EngineConfig, Map<AnyRule, RuleSetting>>();
  const settingOf = (rule: AnyRule, config: EngineConfig): RuleSetting => {
    let byRule = settings.get(config);
    if (!byRule) settings.set(config, (byRule = new Map()));
    let s = byRule.get(rule);
    if (!s) byRule.set(rule, (s = ruleSetting(rule, config)));
    return s;
  };
  const collected = new Map<ParsedFile, Collected[]>(parsed.map((f) => [f, []]));
  return {
    parsed,
    request,
    workspace: new Workspace(parsed),
    configOf: memoBy((path: string) => request.configForFile?.(path) ?? request.config),
    settingOf,
    collectPasses: request.collectPasses ?? true,
    collected,
    add: (file, c) => void collected.get(file)?.push(c),
  };
}

/** Phase 1: a file's own problems: where it does not parse, and its first byte that is not UTF-8. */
function fileProblems(file: ParsedFile, add: LintRun['add']): void {
  for (const p of file.problems) {
    const span = file.lines.span(p.offset, p.endOffset);
    const message = `${p.message}`;
    add(file, {
      message: { ruleId: 'parse-error', ruleName: 'parse-error', severity: 2, message, state: 'parse-error', path: '', ...span },
      result: { ruleId: 'parse-error', state: 'parse-error', message, filePath: file.path, span },
    });
  }
  if (!file.nonUtf8) return;
  const { offset, byte } = file.nonUtf8;
  const span = file.lines.span(offset, offset + 1);
  const hex = byte.toString(16).toUpperCase().padStart(2, '0');
  const message = `the file is not valid UTF-8: byte 0x${hex} at ${span.line}:${span.column} (and any later invalid bytes) was read as U+FFFD`;
  const fix = 'Save the file as UTF-8.';
  add(file, {
    message: { ruleId: NON_UTF8, ruleName: NON_UTF8, severity: 1, message, state: 'parse-error', path: '', fix, ...span },
    result: { ruleId: NON_UTF8, state: 'parse-error', message, filePath: file.path, span },
  });
}

/** Phase 1: a Go template file outside a render is one finding of the template rule at its first action, at that rule's level. */
function templateFinding(run: LintRun): void {
  const templateRule = run.request.rules.find((r) => r.meta.id === TEMPLATE);
  if (!templateRule) return;
  for (const file of run.parsed) {
    if (!file.template) continue;
    const level = run.settingOf(templateRule, run.configOf(file.path)).severity;
    if (level === 'off') continue;
    const span = file.lines.span(file.template[0], file.template[1]);
    const message = 'This file is a Go template: it is not linted as YAML, and no chart given to this run renders it';
    const severity: Severity = level === 'error' ? 2 : 1;
    run.add(file, {
      message: { ruleId: TEMPLATE, ruleName: TEMPLATE, severity, message, state: 'fail', path: '', fix: templateRule.meta.fix, ...span },
      result: { ruleId: TEMPLATE, state: 'fail', severity, message, filePath: file.path, span },
    });
  }
}

/** Phase 2: the model of every Shoot of the checked API version; a Shoot of another version is reported as not checked. */
function shootModels(run: LintRun): Map<KubeObject, ShootModel> {
  const shoots = new Map<KubeObject, ShootModel>();
  for (const o of run.workspace.ofKind('Shoot')) {
    if (o.apiVersion === SUPPORTED_SHOOT_API_VERSION) {
      shoots.set(o, new ShootModel(o, run.workspace, run.configOf(o.file.path).settings));
      continue;
    }
    const loc = locateIn(o, ['apiVersion']);
    const span = o.file.lines.span(loc.range[0], loc.range[1]);
    const message = `Shoot ${displayName(o)} uses apiVersion ${o.apiVersion}; shootlint checks ${SUPPORTED_SHOOT_API_VERSION} only, so this Shoot was not checked`;
    run.add(o.file, {
      message: {
        ruleId: 'unsupported-api-version', ruleName: 'unsupported-api-version', severity: 1, message, state: 'unsupported-api-version',
        path: 'apiVersion', object: objectRef(o), fix: `Convert the Shoot to ${SUPPORTED_SHOOT_API_VERSION}.`, ...span,
      },
      result: { ruleId: 'unsupported-api-version', state: 'unsupported-api-version', message, filePath: o.file.path, object: objectRef(o), span },
    });
  }
  return shoots;
}

/** Phase 3: one rule on every Shoot, every other object and the workspace, each where its file's configuration turns it on; a rule that throws is an internal error. */
function runRule(rule: AnyRule, shoots: ReadonlyMap<KubeObject, ShootModel>, run: LintRun): void {
  const { configOf, settingOf, request } = run;
  const contexts = new Map<EngineConfig, RuleContext<Record<string, unknown>>>();
  const context = (config: EngineConfig): RuleContext<Record<string, unknown>> => {
    let ctx = contexts.get(config);
    if (ctx) return ctx;
    const setting = settingOf(rule, config);
    ctx = {
      options: setting.options,
      settings: config.settings,
      workspace: run.workspace,
      report: (d) => {
        if (!run.collectPasses && (d.state === 'pass' || d.state === 'not-applicable')) return;
        if (run.request.keep && !run.request.keep.has(d.object.file.path)) return;
        const fileConfig = configOf(d.object.file.path);
        const fileSetting = fileConfig === config ? setting : settingOf(rule, fileConfig);
        if (fileSetting.severity === 'off') return;
        run.add(d.object.file, toCollected(rule, d, fileSetting, fileConfig));
      },
    };
    contexts.set(config, ctx);
    return ctx;
  };
  const guarded = (what: string, object: KubeObject | undefined, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      const file = object?.file ?? run.parsed[0];
      if (!file) return;
      const message = `internal error in rule ${rule.meta.id} (${what}): ${err instanceof Error ? err.message : String(err)}`;
      const span = object ? spanOf(object, []) : file.lines.span(0, 0);
      run.add(file, {
        message: { ruleId: 'internal-error', ruleName: 'internal-error', severity: 2, message, state: 'fail', path: '', ...span },
        result: { ruleId: 'internal-error', state: 'fail', message, filePath: file.path, span },
      });
    }
  };
  if (rule.checkShoot) {
    for (const [o, model] of shoots) {
      const cfg = configOf(o.file.path);
      if (settingOf(rule, cfg).severity === 'off') continue;
      guarded(`Shoot ${displayName(o)}`, o, () => rule.checkShoot!(model, context(cfg)));
    }
  }
  if (rule.checkObject) {
    for (const o of run.workspace.objects) {
      if (shoots.has(o)) continue;
      const cfg = configOf(o.file.path);
      if (settingOf(rule, cfg).severity === 'off') continue;
      guarded(`${o.kind} ${o.name}`, o, () => rule.checkObject!(o, context(cfg)));
    }
  }
  if (rule.checkWorkspace && settingOf(rule, request.config).severity !== 'off') {
    guarded('workspace', undefined, () => rule.checkWorkspace!(context(request.config)));
  }
}

/** Phase 4: each file's findings sorted and deduplicated, its suppressions applied; the results, in order. */
function fileResults(run: LintRun): LintOutput {
  const { request, settingOf, configOf } = run;
  const files: FileResult[] = [];
  const results: RuleResult[] = [];
  const ruleIds = request.rules.flatMap((r) => [r.meta.id, r.meta.name]);
  const activeIds = memoBy((config: EngineConfig) =>
    request.rules.filter((r) => settingOf(r, config).severity !== 'off').flatMap((r) => [r.meta.id, r.meta.name]),
  );
  for (const file of run.parsed) {
    if (request.keep && !request.keep.has(file.path)) continue;
    const items = run.collected.get(file) ?? [];
    const sorted = items.map((c) => c.message).filter((m): m is LintMessage => m !== undefined).sort(compareMessages);
    const fileConfig = configOf(file.path);
    const { messages, suppressed } = applySuppressions(file, dedupe(sorted), {
      ruleIds,
      activeRuleIds: activeIds(fileConfig),
      today: fileConfig.settings.today,
    });
    const suppressedByKey = new Map(suppressed.map((m) => [messageKey(m), m]));
    for (const c of items) {
      const sup = c.message ? suppressedByKey.get(messageKey(c.message)) : undefined;
      results.push(sup ? { ...c.result, state: 'suppressed', suppressions: sup.suppressions } : c.result);
    }
    // Problems with the suppressions themselves (malformed, expired, unused) are results too.
    for (const m of messages) {
      if (m.state !== 'invalid-suppression') continue;
      const { offset, endOffset, line, column, endLine, endColumn } = m;
      results.push({
        ruleId: m.ruleId, state: m.state, message: m.message, filePath: file.path, path: m.path,
        span: { offset, endOffset, line, column, endLine, endColumn }, ...(m.object ? { object: m.object } : {}),
      });
    }
    files.push({
      filePath: file.path,
      messages,
      suppressedMessages: suppressed,
      errorCount: messages.filter((m) => m.severity === 2).length,
      warningCount: messages.filter((m) => m.severity === 1).length,
    });
  }
  results.sort(compareResults);
  return { files, results };
}

function spanOf(object: KubeObject, at: readonly (string | number)[], key = false, range?: readonly [number, number]): Span {
  const r = range ?? locateIn(object, at, { key }).range;
  return object.file.lines.span(r[0], r[1]);
}

function toCollected(rule: AnyRule, d: ReportDescriptor, setting: RuleSetting, config: EngineConfig): Collected {
  const state = d.state ?? 'fail';
  const at = d.at ?? [];
  const span = spanOf(d.object, at, d.key, d.range);
  const path = formatPath(at);
  const object = objectRef(d.object);
  const stig = stigRef(d.stigId ?? rule.meta.stigIds[0] ?? '', config.settings.stigRelease);
  const result: RuleResult = {
    ruleId: rule.meta.id, state, message: d.message, filePath: d.object.file.path, object: d.owner ? objectRef(d.owner) : object, span, path,
    ...(d.evidence ? { evidence: d.evidence } : {}),
  };
  if (state === 'pass' || state === 'not-applicable') return { result };
  const level = state === 'unverifiable' ? config.settings.unverifiableSeverity : d.severity ?? setting.severity;
  if (level === 'off') return { result };
  const severity: Severity = level === 'error' ? 2 : 1;
  const judged: RuleResult = { ...result, severity };
  const relatedLocations: RelatedLocation[] = (d.related ?? []).map((r) => ({
    filePath: r.object.file.path,
    message: r.message,
    path: formatPath(r.at ?? []),
    ...spanOf(r.object, r.at ?? [], false, r.range),
  }));
  const message: LintMessage = {
    ruleId: rule.meta.id,
    ruleName: rule.meta.name,
    severity,
    message: d.message,
    state,
    path,
    object,
    ...(stig ? { stig } : {}),
    ...machineFix(rule, d, config),
    ...(relatedLocations.length ? { relatedLocations } : {}),
    ...(d.deprecated ? { deprecated: true } : {}),
    documentIndex: d.object.documentIndex,
    objectPath: d.object.objectPath,
    ...span,
  };
  return { message, result: judged };
}

/** Each finding's own fix text: its hint, else its fix's title, else the rule's fix line. */
function fixHint(rule: AnyRule, d: ReportDescriptor): string {
  if (d.hint) return d.hint;
  if (d.fix) return /[.!?]$/.test(d.fix.title) ? d.fix.title : `${d.fix.title}.`;
  return rule.meta.fix;
}

/**
 * The message's fix hint and machine fix. The fix's type combines the rule's
 * marking with meta.fixType; a fix that the selected Gardener version's schema
 * rejects is dropped, and the hint says what to change instead.
 */
function machineFix(rule: AnyRule, d: ReportDescriptor, config: EngineConfig): { fix: string; fixOps?: Fix } {
  const fix = fixHint(rule, d);
  if (!d.fix) return { fix };
  const fixOps = rule.meta.fixType === 'review' && d.fix.safe ? { ...d.fix, safe: false } : d.fix;
  if (d.object.kind !== 'Shoot' || d.object.apiVersion !== SUPPORTED_SHOOT_API_VERSION) return { fix, fixOps };
  const version = config.settings.gardenerVersion;
  const rejected = schemaRejection(d.object.value, d.fix, version);
  if (rejected === undefined) return { fix, fixOps };
  const instead = rule.meta.fixInstead ?? 'Change the manifest by hand.';
  return { fix: `${instead} Not fixed automatically: "${d.fix.title}" would write what the API of Gardener ${version} rejects (${firstSentence(rejected)})` };
}

function firstSentence(text: string): string {
  return text.split(/(?<=\.)\s/)[0]!.replace(/\.$/, '');
}

function messageKey(m: LintMessage): string {
  return `${m.ruleId}\u0000${m.offset}\u0000${m.endOffset}\u0000${m.path}\u0000${m.message}`;
}

function dedupe(messages: LintMessage[]): LintMessage[] {
  return uniqueBy(messages, messageKey);
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.offset - b.offset || a.endOffset - b.endOffset || compareText(a.ruleId, b.ruleId) || compareText(a.message, b.message);
}

function compareResults(a: RuleResult, b: RuleResult): number {
  return (
    compareText(a.filePath, b.filePath) ||
    (a.span?.offset ?? 0) - (b.span?.offset ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

function memoBy<K, T>(fn: (key: K) => T): (key: K) => T {
  const cache = new Map<K, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = fn(key);
      cache.set(key, v);
    }
    return v;
  };
}
