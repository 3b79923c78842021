/**
 * Interoperability with Gardener's compliance checker, diki
 * (github.com/gardener/diki); the mapping is documented in docs/diki.md.
 *
 * - `readDikiConfig`: reads a diki configuration (YAML, data only) and maps the
 *   rule options of its `disa-kubernetes-stig` and
 *   `security-hardened-shoot-cluster` rulesets to shootlint rule options, and
 *   its skipped rules (`skip.enabled` with a justification, which diki reports
 *   as Accepted) to whole-rule acceptances (suppressions of kind `config`).
 * - `dikiReport`: writes the report of one Shoot in the shape of diki's JSON
 *   report (report → providers → rulesets → rules → checks), so diki's
 *   `report generate` renders pre-deploy results and `report diff` compares them
 *   with a report of the running cluster.
 */
import { parse } from 'yaml';
import type { Suppression } from '../engine/types.ts';
import type { Cell, ComplianceReport, EvidenceItem, ReportState, RuleAcceptance, ShootReport } from './model.ts';
import { location } from './model.ts';
import { isRecord } from '../engine/record.ts';
import { boundedTokens, MAX_NESTING } from '../engine/nesting.ts';
import { LineIndex } from '../engine/positions.ts';

export const DISA_RULESET_ID = 'disa-kubernetes-stig';
export const DISA_RULESET_NAME = 'DISA Kubernetes Security Technical Implementation Guide';
export const HARDENED_RULESET_ID = 'security-hardened-shoot-cluster';
export const HARDENED_RULESET_NAME = 'Security Hardened Shoot Cluster';
export const DEFAULT_HARDENED_VERSION = 'v0.2.1';

/** diki's check statuses, in its order of increasing priority. */
export const DIKI_STATUSES = ['Passed', 'Skipped', 'Accepted', 'Warning', 'Failed', 'Errored', 'Not Implemented'] as const;
export type DikiStatus = (typeof DIKI_STATUSES)[number];

export const DIKI_STATUS: Readonly<Record<ReportState, DikiStatus>> = {
  pass: 'Passed',
  'secure-by-default': 'Passed',
  fail: 'Failed',
  suppressed: 'Accepted',
  unverifiable: 'Warning',
  'not-applicable': 'Skipped',
  'provider-managed': 'Skipped',
  manual: 'Not Implemented',
};

/** The rules of diki's security-hardened-shoot-cluster ruleset: the STIG rules or shootlint rules that decide them. */
export const HARDENED_RULES: readonly { readonly id: string; readonly name: string; readonly severity: 'High' | 'Medium'; readonly stig?: readonly string[]; readonly rule?: string }[] = [
  { id: '1000', name: 'Shoot clusters should enable required extensions.', severity: 'Medium', rule: 'required-extensions' },
  { id: '1001', name: 'Shoot clusters should use a supported version of Kubernetes.', severity: 'Medium', rule: 'supported-kubernetes-version' },
  { id: '1002', name: "Shoot clusters should use supported versions for their Workers' images.", severity: 'Medium', rule: 'supported-machine-image' },
  { id: '1003', name: 'Shoot clusters must have the Lakom extension configured.', severity: 'High', rule: 'lakom' },
  { id: '2000', name: 'Shoot clusters must have anonymous authentication disabled for the Kubernetes API server.', severity: 'High', stig: ['242390'] },
  { id: '2001', name: 'Shoot clusters must disable ssh access to worker nodes.', severity: 'Medium', stig: ['242393', '242394'] },
  { id: '2002', name: 'Shoot clusters must not have Alpha APIs enabled for any Kubernetes component.', severity: 'Medium', stig: ['242400'] },
  { id: '2003', name: 'Shoot clusters must enable kernel protection for Kubelets.', severity: 'High', stig: ['242434'] },
  { id: '2004', name: 'Shoot clusters must have ValidatingAdmissionWebhook admission plugin enabled.', severity: 'High', stig: ['242436'] },
  { id: '2005', name: 'Shoot clusters must not disable timeouts for Kubelet.', severity: 'Medium', stig: ['245541'] },
  { id: '2006', name: 'Shoot clusters must have static token kubeconfig disabled.', severity: 'High', stig: ['245543'] },
  { id: '2007', name: 'Shoot clusters must have a PodSecurity admission plugin configured.', severity: 'High', stig: ['254800'] },
];

// ---------------------------------------------------------------------------
// Configuration

export interface DikiSettings {
  /** shootlint rule (id or name) → options to set. */
  readonly ruleOptions: Record<string, Record<string, unknown>>;
  /** shootlint rules (id or name) to turn on (checks off unless configured). */
  readonly enable: string[];
  /** Whole STIG rules accepted with a justification. */
  readonly accepted: RuleAcceptance[];
  /** Accepted rules of the hardened-shoot ruleset that no STIG rule stands for (1000-1003), by diki id. */
  readonly acceptedBeyond: Record<string, Suppression>;
  /** What the config holds that shootlint cannot use, said once each. */
  readonly warnings: string[];
  readonly disaVersion?: string;
  readonly hardenedVersion?: string;
  readonly minStatus?: DikiStatus;
  readonly metadata?: Record<string, unknown>;
}

export class DikiConfigError extends Error {
  override readonly name = 'DikiConfigError';
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

const PROFILES = ['privileged', 'baseline', 'restricted'];

/** Reads a diki configuration file's text (YAML). Throws DikiConfigError for a file that is not one. */
export function readDikiConfig(text: string): DikiSettings {
  // Collections nested beyond a bound are reported, not composed (lib/engine/nesting.ts).
  const deep = boundedTokens(text).tooDeep[0];
  if (deep !== undefined) {
    const { line, column } = new LineIndex(text).position(deep);
    throw new DikiConfigError(`collections nested deeper than ${MAX_NESTING} levels at line ${line}, column ${column}; the file is not read`);
  }
  let doc: unknown;
  try {
    doc = parse(text, { prettyErrors: false });
  } catch (err) {
    throw new DikiConfigError(`not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(doc) || !Array.isArray(doc.providers)) throw new DikiConfigError('not a diki configuration: no "providers" list');
  const s: {
    ruleOptions: Record<string, Record<string, unknown>>;
    enable: string[];
    accepted: RuleAcceptance[];
    acceptedBeyond: Record<string, Suppression>;
    warnings: string[];
    disaVersion?: string;
    hardenedVersion?: string;
    minStatus?: DikiStatus;
    metadata?: Record<string, unknown>;
  } = { ruleOptions: {}, enable: [], accepted: [], acceptedBeyond: {}, warnings: [] };
  const setOption = (rule: string, key: string, value: unknown): void => {
    s.ruleOptions[rule] = { ...(s.ruleOptions[rule] ?? {}), [key]: value };
  };
  const accept = (vulnId: string, justification: string, from: string): void => {
    if (s.accepted.some((a) => a.vulnId === vulnId)) return;
    s.accepted.push({ vulnId, suppression: { kind: 'config', justification: justification || `skipped in the diki configuration (${from})` } });
  };
  const profile = (args: Record<string, unknown>, where: string): void => {
    const p = args.minPodSecurityStandardsProfile ?? args.minPodSecurityLevel;
    if (p === undefined) return;
    if (typeof p !== 'string' || !PROFILES.includes(p)) {
      s.warnings.push(`${where}: pod security profile "${String(p)}" is not one of ${PROFILES.join(', ')}; ignored`);
      return;
    }
    setOption('254800', 'minimumProfile', p);
  };

  for (const provider of list(doc.providers).filter(isRecord)) {
    for (const ruleset of list(provider.rulesets).filter(isRecord)) {
      const rsId = String(ruleset.id ?? '');
      const version = typeof ruleset.version === 'string' ? ruleset.version : undefined;
      if (rsId !== DISA_RULESET_ID && rsId !== HARDENED_RULESET_ID) {
        s.warnings.push(`ruleset "${rsId}" of provider "${String(provider.id ?? '')}" is not one shootlint maps; ignored`);
        continue;
      }
      if (rsId === DISA_RULESET_ID && version) s.disaVersion = version;
      if (rsId === HARDENED_RULESET_ID && version) s.hardenedVersion = version;
      for (const opt of list(ruleset.ruleOptions).filter(isRecord)) {
        const ruleId = String(opt.ruleID ?? '');
        const where = `${rsId} rule ${ruleId}`;
        const skip = isRecord(opt.skip) ? opt.skip : undefined;
        const justification = typeof skip?.justification === 'string' ? skip.justification : '';
        const args = isRecord(opt.args) ? opt.args : {};
        if (rsId === DISA_RULESET_ID) {
          if (skip?.enabled === true) accept(ruleId, justification, where);
          if (ruleId === '242390') {
            const endpoints = list(args.acceptedEndpoints ?? args.allowedEndpoints)
              .filter(isRecord)
              .map((e) => e.path)
              .filter((p): p is string => typeof p === 'string' && p !== '');
            if (endpoints.length) setOption('242390', 'acceptedAnonymousPaths', endpoints);
          } else if (ruleId === '254800') {
            profile(args, where);
          } else if (Array.isArray(args.acceptedPods) && args.acceptedPods.length) {
            s.warnings.push(
              `${where}: acceptedPods select running pods by pod and namespace labels, which manifests do not carry; not mapped (suppress the workload's finding in its manifest instead)`,
            );
          }
          continue;
        }
        // security-hardened-shoot-cluster
        const known = HARDENED_RULES.find((r) => r.id === ruleId);
        if (!known) {
          s.warnings.push(`${where}: unknown rule of the ${HARDENED_RULESET_ID} ruleset; ignored`);
          continue;
        }
        if (skip?.enabled === true) {
          if (known.stig) for (const v of known.stig) accept(v, justification, where);
          else s.acceptedBeyond[ruleId] = { kind: 'config', justification: justification || `skipped in the diki configuration (${where})` };
        }
        switch (ruleId) {
          case '1000': {
            const types = list(args.extensions)
              .filter(isRecord)
              .map((e) => e.type)
              .filter((t): t is string => typeof t === 'string' && t !== '');
            if (types.length) {
              setOption('required-extensions', 'extensions', types);
              s.enable.push('required-extensions');
            }
            break;
          }
          case '1001': {
            const c = list(args.allowedClassifications).filter((x): x is string => typeof x === 'string');
            if (c.length) setOption('supported-kubernetes-version', 'allowedClassifications', c);
            s.enable.push('supported-kubernetes-version');
            break;
          }
          case '1002': {
            const images = list(args.machineImages).filter(isRecord);
            const sets = images.map((i) => list(i.allowedClassifications).filter((x): x is string => typeof x === 'string').sort().join(','));
            const union = [...new Set(sets.flatMap((x) => (x ? x.split(',') : [])))].sort();
            if (new Set(sets).size > 1) {
              s.warnings.push(`${where}: allowed classifications differ per machine image; shootlint applies one list to every image (${union.join(', ')})`);
            }
            if (union.length) setOption('supported-machine-image', 'allowedClassifications', union);
            s.enable.push('supported-machine-image');
            break;
          }
          case '1003': {
            const scopes = list(args.allowedLakomScopes).filter((x): x is string => typeof x === 'string');
            if (scopes.length) setOption('lakom', 'allowedScopes', scopes);
            s.enable.push('lakom');
            break;
          }
          case '2007':
            profile(args, where);
            break;
          default:
            break;
        }
      }
    }
  }
  const output = isRecord(doc.output) ? doc.output : undefined;
  if (typeof output?.minStatus === 'string') {
    if ((DIKI_STATUSES as readonly string[]).includes(output.minStatus)) s.minStatus = output.minStatus as DikiStatus;
    else s.warnings.push(`output.minStatus "${output.minStatus}" is not a diki status; ignored`);
  }
  if (isRecord(doc.metadata)) s.metadata = doc.metadata;
  return s;
}

// ---------------------------------------------------------------------------
// Report

export interface DikiCheck {
  readonly status: DikiStatus;
  readonly message: string;
  readonly targets?: Record<string, string>[];
}

export interface DikiRule {
  readonly id: string;
  readonly name: string;
  readonly severity?: 'High' | 'Medium' | 'Low';
  readonly checks: DikiCheck[];
}

export interface DikiReport {
  readonly time: string;
  readonly minStatus?: DikiStatus;
  readonly dikiVersion: string;
  readonly metadata?: Record<string, unknown>;
  readonly providers: {
    readonly id: string;
    readonly name: string;
    readonly metadata: Record<string, string>;
    readonly rulesets: { readonly id: string; readonly name: string; readonly version: string; readonly rules: DikiRule[] }[];
  }[];
}

/** Results of a shootlint rule beyond the STIG (required-extensions, lakom, ...) for one Shoot. */
export interface BeyondResult {
  readonly state: ReportState;
  readonly items: readonly EvidenceItem[];
}

export interface DikiOptions {
  readonly time: string;
  readonly settings?: DikiSettings;
  /** shootlint rule name → its result for this Shoot; absent when the rule is off or does not exist. */
  readonly beyond?: ReadonlyMap<string, BeyondResult>;
}

const SEVERITY: Readonly<Record<string, 'High' | 'Medium' | 'Low'>> = { high: 'High', medium: 'Medium', low: 'Low' };

function target(e: EvidenceItem): Record<string, string> {
  const t: Record<string, string> = {};
  if (e.object) {
    t.kind = e.object.kind;
    t.name = e.object.name;
    if (e.object.namespace) t.namespace = e.object.namespace;
  }
  t.details = location(e) + (e.path ? ` ${e.path}` : '');
  return t;
}

/** Checks of one cell: one per result (grouped by status and message, as diki groups them), or one for the whole cell. */
function checksOf(c: Cell, acceptance: Suppression | undefined): DikiCheck[] {
  if (c.state === 'suppressed' && c.suppressions?.length && c.items.every((i) => i.state !== 'suppressed')) {
    return [{ status: 'Accepted', message: c.suppressions.map((x) => x.justification).join('; ') }];
  }
  if (acceptance && c.state !== 'pass' && c.state !== 'secure-by-default' && c.state !== 'not-applicable') {
    return [{ status: 'Accepted', message: acceptance.justification }];
  }
  if (c.items.length === 0 && !c.warnings?.length) return [{ status: DIKI_STATUS[c.state], message: c.summary }];
  const grouped = new Map<string, DikiCheck & { targets: Record<string, string>[] }>();
  // Warnings only: the rule passes, with the warnings beside it.
  if (c.items.length === 0) grouped.set('', { status: DIKI_STATUS[c.state], message: c.summary, targets: [] });
  for (const e of c.items) {
    const status: DikiStatus =
      e.state === 'fail' ? 'Failed' : e.state === 'unverifiable' ? 'Warning' : e.state === 'suppressed' ? 'Accepted' : e.state === 'not-applicable' ? 'Skipped' : 'Passed';
    const message = status === 'Accepted' && e.suppressions?.length ? `${e.message} Accepted: ${e.suppressions.map((x) => x.justification).join('; ')}` : e.message;
    const key = `${status}\u0000${message}`;
    const g = grouped.get(key) ?? { status, message, targets: [] };
    g.targets.push(target(e));
    grouped.set(key, g);
  }
  for (const e of c.warnings ?? []) {
    const suppressed = e.state === 'suppressed' && e.suppressions?.length ? ` Accepted: ${e.suppressions.map((x) => x.justification).join('; ')}` : '';
    const message = `${e.message} (beyond the STIG)${suppressed}`;
    const key = `Warning\u0000${message}`;
    const g = grouped.get(key) ?? { status: 'Warning' as const, message, targets: [] };
    g.targets.push(target(e));
    grouped.set(key, g);
  }
  return [...grouped.values()].map((g) => (g.targets.length ? g : { status: g.status, message: g.message }));
}

function filterMin(checks: DikiCheck[], min: DikiStatus | undefined): DikiCheck[] {
  if (!min) return checks;
  const at = DIKI_STATUSES.indexOf(min);
  return checks.filter((c) => DIKI_STATUSES.indexOf(c.status) >= at);
}

/** The diki report of one Shoot: provider `gardener` with the DISA STIG ruleset, provider `garden` with the hardened-shoot ruleset. */
export function dikiReport(report: ComplianceReport, s: ShootReport, o: DikiOptions): DikiReport {
  const settings = o.settings;
  const min = settings?.minStatus;
  const accepted = new Map((settings?.accepted ?? []).map((a) => [a.vulnId, a.suppression]));
  const cellOf = new Map(report.rules.map((r, i) => [r.vulnId, s.cells[i]!]));

  const disaRules: DikiRule[] = report.rules.map((r, i) => ({
    id: r.vulnId,
    name: r.title,
    ...(SEVERITY[r.severity] ? { severity: SEVERITY[r.severity] } : {}),
    checks: filterMin(checksOf(s.cells[i]!, accepted.get(r.vulnId)), min),
  }));

  const hardenedRules: DikiRule[] = HARDENED_RULES.map((h) => {
    let checks: DikiCheck[];
    const beyondAccepted = settings?.acceptedBeyond[h.id];
    if (h.stig) {
      checks = h.stig.flatMap((v) => {
        const c = cellOf.get(v);
        return c ? checksOf(c, accepted.get(v)) : [{ status: 'Not Implemented' as const, message: `STIG rule ${v} is not part of ${report.release}.` }];
      });
    } else if (beyondAccepted) {
      checks = [{ status: 'Accepted', message: beyondAccepted.justification }];
    } else {
      const b = o.beyond?.get(h.rule!);
      checks = b
        ? checksOf({ vulnId: h.id, state: b.state, summary: b.items[0]?.message ?? '', items: b.items, workspaceWide: false }, undefined)
        : [{ status: 'Skipped', message: `shootlint rule ${h.rule} is off (it needs configuration, e.g. this ruleset's rule options in --diki-config).` }];
    }
    const seen = new Set<string>();
    const unique = checks.filter((c) => {
      const k = `${c.status}\u0000${c.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return { id: h.id, name: h.name, severity: h.severity, checks: filterMin(unique, min) };
  });

  const shootMeta: Record<string, string> = { shootName: s.shoot.name, source: `${location(s.shoot)} (static analysis by shootlint ${report.tool.version})` };
  if (s.shoot.namespace) shootMeta.projectNamespace = s.shoot.namespace;
  return {
    time: o.time,
    ...(min ? { minStatus: min } : {}),
    dikiVersion: `shootlint-${report.tool.version}`,
    metadata: { ...(settings?.metadata ?? {}), generator: 'shootlint', stigRelease: report.release, scope: 'pre-deploy (manifests)' },
    providers: [
      {
        id: 'gardener',
        name: 'Gardener',
        metadata: { ...shootMeta },
        rulesets: [{ id: DISA_RULESET_ID, name: DISA_RULESET_NAME, version: settings?.disaVersion ?? report.release.toLowerCase(), rules: disaRules }],
      },
      {
        id: 'garden',
        name: 'Garden',
        metadata: { ...shootMeta },
        rulesets: [{ id: HARDENED_RULESET_ID, name: HARDENED_RULESET_NAME, version: settings?.hardenedVersion ?? DEFAULT_HARDENED_VERSION, rules: hardenedRules }],
      },
    ],
  };
}
