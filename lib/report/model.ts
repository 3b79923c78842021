/**
 * The compliance report model: for every Shoot of a workspace and every rule of
 * the selected STIG release, who answers for the rule, its state, the evidence
 * and the fix. Pure: built from lint()'s results, the rules' metadata, the STIG
 * data and the responsibility split (./responsibility.ts); every output format
 * (HTML, Markdown, JSON, STIG Viewer checklist, diki) renders this model.
 *
 * How a state is decided, per (STIG rule, Shoot):
 * - a rule the hardening guide gives the service provider → `provider-managed`
 *   (never `pass`, whatever a rule reports);
 * - a cluster-admin rule that some shootlint rule decides (its `meta.stigIds`)
 *   → the results of those rules for that Shoot, combined worst first:
 *   `fail` if any fails, else `unverifiable` if any is, else `suppressed` if any
 *   finding was suppressed, else `pass` / `secure-by-default`, else
 *   `not-applicable` (all results not applicable);
 * - a failure at warning level (`severity: 1`: a check beyond the STIG inside a
 *   STIG rule, e.g. an alpha feature gate in 242400) never decides the state: it
 *   is a note on the cell (`warnings`), and a cell with warnings only is a `pass`
 *   (the report lints every rule that is on at level error, so a warning is
 *   always such a check, never a configured level);
 * - `secure-by-default`: every `pass` result that decided the cell says in its
 *   evidence that a default decided it (DEFAULT_EVIDENCE: "Gardener default:
 *   ...", "Kubernetes 1.30 defaults ...", "(default false)"); a pass with any
 *   explicit setting is a plain `pass`;
 * - a cluster-admin rule no rule decides (or that produced no result for the
 *   Shoot, e.g. turned off) → `manual`, never `pass`;
 * - a rule accepted as a whole by configuration (a diki config's skip) turns
 *   `fail`, `unverifiable` and `manual` into `suppressed` with the justification.
 *
 * Results belong to Shoots as follows (ATTRIBUTIONS): a result about a Shoot
 * (or owned by one, like its audit-policy ConfigMap) belongs to that Shoot; a
 * result about a ConfigMap or Secret belongs to the Shoots whose spec names it;
 * a result about any other object (workloads, CloudProfiles, a ConfigMap no
 * Shoot names) belongs to the Shoots in the same file if there are any, else
 * to the Shoots in the same directory if there are any, else to every Shoot of
 * the workspace. Every such result and cell says which of these applied.
 */
import type { RuleMeta } from '../engine/rule.ts';
import type { StigRelease } from '../engine/stig.ts';
import { stigRef, stigRules } from '../engine/stig.ts';
import { posix } from 'node:path';
import type { ObjectRef, RuleResult, Severity, State, Suppression } from '../engine/types.ts';
import type { Responsibility } from './responsibility.ts';
import { ADMIN_RULES, PROVIDER_NOTES, responsibilityOf } from './responsibility.ts';
import { collate } from '../engine/collate.ts';

/** How a result about an object other than a Shoot was attributed to Shoots, most specific first. */
export const ATTRIBUTIONS = ['reference', 'file', 'directory', 'workspace'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

export const ATTRIBUTION_TEXT: Readonly<Record<Attribution, string>> = {
  reference: 'attributed to the Shoots that reference the object',
  file: 'attributed to the Shoots in the same file',
  directory: 'attributed to the Shoots in the same directory (its file has none)',
  workspace: 'attributed to every Shoot of the workspace (no Shoot in its file or directory)',
};

export const REPORT_STATES = [
  'fail',
  'unverifiable',
  'manual',
  'suppressed',
  'pass',
  'secure-by-default',
  'not-applicable',
  'provider-managed',
] as const;
export type ReportState = (typeof REPORT_STATES)[number];
export type Cat = 'I' | 'II' | 'III';
export const CATS: readonly Cat[] = ['I', 'II', 'III'];

/** A Shoot of the workspace, as the report names it. */
export interface ShootInfo {
  readonly name: string;
  readonly namespace?: string;
  readonly filePath: string;
  /** 1-based line of the Shoot's document (its `kind`), for links. */
  readonly line: number;
  /** `spec.kubernetes.version` as written, if any. */
  readonly kubernetesVersion?: string;
  /** Every string value under the Shoot's `spec` (names of the ConfigMaps and Secrets it references). */
  readonly references: readonly string[];
}

/** One rule result that decided (part of) a cell. */
export interface EvidenceItem {
  readonly ruleId: string;
  readonly state: State;
  readonly message: string;
  readonly filePath: string;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
  readonly object?: ObjectRef;
  readonly evidence?: string;
  readonly suppressions?: readonly Suppression[];
  /** Lint level of a fail or unverifiable result; 1 on a fail is a check beyond the STIG (a warning). */
  readonly severity?: Severity;
  /** How the result, about an object other than the Shoot, came to count for it. */
  readonly attribution?: Attribution;
}

/** The state of one STIG rule for one Shoot. */
export interface Cell {
  readonly vulnId: string;
  readonly state: ReportState;
  /** One line: what decided the state ("Gardener default: ...", "file.yaml:12: ...", "Managed by Gardener"). */
  readonly summary: string;
  /** The results behind the state, deciding ones first. */
  readonly items: readonly EvidenceItem[];
  /** How to fix a failure (the rule's fix line), for `fail` and `unverifiable`. */
  readonly fix?: string;
  /** The suppression (justification, expiry) of a `suppressed` cell. */
  readonly suppressions?: readonly Suppression[];
  /** True when results attributed to every Shoot of the workspace alone decided the cell. */
  readonly workspaceWide: boolean;
  /** How results about other objects than the Shoot came to count for it, when any did. */
  readonly attribution?: readonly Attribution[];
  /** Failures at warning level (checks beyond the STIG): notes on the cell, never its state. */
  readonly warnings?: readonly EvidenceItem[];
}

export interface ReportRule {
  readonly vulnId: string;
  /** SV-...r..._rule of the selected release. */
  readonly ruleId: string;
  /** CNTR-K8-... */
  readonly stigId: string;
  readonly title: string;
  readonly severity: 'high' | 'medium' | 'low';
  readonly cat: Cat;
  readonly responsibility: Responsibility;
  /** The guide's "Secure By Default" column, for cluster-admin rules. */
  readonly secureByDefaultPerGuide?: boolean;
  /** Decided over the workspace's workloads (per the guide's grouping). */
  readonly workload: boolean;
  /** shootlint rules that decide this STIG rule. */
  readonly deciders: readonly string[];
  readonly check?: string;
  readonly stigFix?: string;
  readonly note?: string;
}

export type StateCounts = Record<ReportState, number>;

export interface ShootReport {
  readonly shoot: ShootInfo;
  /** Stable id: namespace/name, with the file when two Shoots share it. */
  readonly key: string;
  /** One cell per rule, in the order of `ComplianceReport.rules`. */
  readonly cells: readonly Cell[];
  readonly counts: StateCounts;
  readonly countsByCat: Readonly<Record<Cat, StateCounts>>;
}

export interface ComplianceReport {
  readonly tool: { readonly name: 'shootlint'; readonly version: string };
  readonly release: StigRelease;
  readonly generatedAt?: string;
  readonly rules: readonly ReportRule[];
  readonly shoots: readonly ShootReport[];
  /** Workspace facts the reader needs (no Shoot found, workload attribution, ...). */
  readonly notes: readonly string[];
}

/** A whole STIG rule accepted by configuration (a diki config's `skip`). */
export interface RuleAcceptance {
  readonly vulnId: string;
  readonly suppression: Suppression;
}

export interface ReportInput {
  readonly release: StigRelease;
  readonly results: readonly RuleResult[];
  /** Metadata of the rules that ran. */
  readonly rules: readonly RuleMeta[];
  readonly shoots: readonly ShootInfo[];
  readonly toolVersion: string;
  readonly generatedAt?: string;
  readonly accepted?: readonly RuleAcceptance[];
}

/**
 * Evidence that a default decided a pass, in the wording rules use: "Gardener default: ...",
 * "Kubernetes 1.30 defaults X to ...", "(default false)", "by default", "defaults to". A
 * configuration key named "defaults" (PodSecurityConfiguration) does not count.
 */
const DEFAULT_EVIDENCE = /\b(?:gardener|kubernetes(?: v?\d+(?:\.\d+)*)?|kubelet) defaults?\b|\bdefault:|\(default\b|\bby default\b|\bdefaults to\b|\bdefaulted\b/i;
const REFERENCED_KINDS = new Set(['ConfigMap', 'Secret']);

export function emptyCounts(): StateCounts {
  return Object.fromEntries(REPORT_STATES.map((s) => [s, 0])) as StateCounts;
}

export function shootKey(s: ShootInfo): string {
  return `${s.namespace ?? '-'}/${s.name}`;
}

/** Above this many Shoots a report keeps no cells: each Shoot's are made when read. */
export const CELLS_KEPT = 200;

/** What a summary reads of a cell: its state, whether it has warnings, and its fix. */
export interface CellBrief {
  readonly state: ReportState;
  readonly warned: boolean;
  readonly fix?: string;
}

function briefOf(c: Cell): CellBrief {
  return { state: c.state, warned: (c.warnings?.length ?? 0) > 0, ...(c.fix !== undefined ? { fix: c.fix } : {}) };
}

const BRIEFS = new WeakMap<ShootReport, readonly CellBrief[]>();

/** The briefs of a Shoot's cells, in the order of the rules, without making the cells of a large report. */
export function cellBriefs(s: ShootReport): readonly CellBrief[] {
  return BRIEFS.get(s) ?? s.cells.map(briefOf);
}

/**
 * A Shoot's report whose `cells` are made by `read` (an enumerable property, so
 * the JSON report and every page show them as before).
 */
function lazyShoot(shoot: ShootInfo, key: string, read: () => readonly Cell[], counts: StateCounts, countsByCat: Readonly<Record<Cat, StateCounts>>, briefs: readonly CellBrief[]): ShootReport {
  const s: Record<string, unknown> = { shoot, key };
  Object.defineProperty(s, 'cells', { get: read, enumerable: true });
  s.counts = counts;
  s.countsByCat = countsByCat;
  const report = s as unknown as ShootReport;
  BRIEFS.set(report, briefs);
  return report;
}

/** Builds the report model. Pure. */
export function buildReport(input: ReportInput): ComplianceReport {
  return new ReportBuilder(input).addShoots(input.shoots).addResults(input.results).build();
}

/** What the report is built for, apart from its Shoots and results. */
export type ReportSetup = Omit<ReportInput, 'results' | 'shoots'>;

/**
 * A result as the report keeps it: its evidence item (without attribution),
 * and the STIG vuln id it is about when the engine names one. One per result
 * of a rule that ran; the item is what every Shoot it counts for shows.
 */
interface Judged {
  readonly item: EvidenceItem;
  readonly stigId?: string;
}

/**
 * Builds the report model from Shoots and results fed in any order and in any
 * number of pieces (a run that lints in batches hands over each batch when it
 * is done). Which Shoots a result counts for depends on every Shoot of the
 * workspace, so results are attributed in `build()`. Every step is linear in
 * the number of Shoots and results: Shoots are indexed by identity, reference,
 * file and directory, and a Shoot's results by STIG rule. Of a result only its
 * evidence item is kept (no span offsets, no copy of a string seen before).
 */
export class ReportBuilder {
  private readonly shoots: ShootInfo[] = [];
  private readonly results: Judged[] = [];
  private readonly metaById: ReadonlyMap<string, RuleMeta>;
  private readonly strings = new Map<string, string>();
  private readonly objects = new Map<string, ObjectRef>();

  constructor(private readonly setup: ReportSetup) {
    this.metaById = new Map(setup.rules.map((m) => [m.id, m]));
  }

  addShoots(shoots: Iterable<ShootInfo>): this {
    for (const s of shoots) this.shoots.push(s);
    return this;
  }

  /** Keeps the results of the rules that ran; others (parse errors, ...) never count for a cell. */
  addResults(results: Iterable<RuleResult>): this {
    for (const r of results) {
      if (!this.metaById.has(r.ruleId)) continue;
      const item = evidenceItem(r, undefined, this.intern, this.object);
      const own = (r as RuleResult & { stigId?: string }).stigId;
      this.results.push(own ? { item, stigId: own } : { item });
    }
    return this;
  }

  /** One copy of each string: the same message or evidence for thousands of Shoots is kept once. */
  private readonly intern = (s: string): string => {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  };

  private readonly object = (o: ObjectRef): ObjectRef => {
    const key = JSON.stringify([o.kind, o.name, o.namespace, o.apiVersion, o.overlay]);
    const known = this.objects.get(key);
    if (known !== undefined) return known;
    this.objects.set(key, o);
    return o;
  };

  /**
   * The model. `order`, when given, ranks the files results came from: results
   * are taken file by file in that order (in the order given within a file),
   * whatever order they were added in. Above `cellsKept` Shoots no cells are kept (see CELLS_KEPT).
   */
  build(order?: (filePath: string) => number, cellsKept = CELLS_KEPT): ComplianceReport {
    if (order) {
      const rank = new Map<string, number>();
      const of = (filePath: string): number => {
        let r = rank.get(filePath);
        if (r === undefined) rank.set(filePath, (r = order(filePath)));
        return r;
      };
      this.results.sort((a, b) => of(a.item.filePath) - of(b.item.filePath));
    }
    const input = this.setup;
    const metaById = this.metaById;
    const rules = reportRules(input.release, input.rules);
    const accepted = new Map((input.accepted ?? []).map((a) => [a.vulnId, a.suppression]));
    const shootList = this.shoots;

    const keys = uniqueKeys(shootList);
    const perShoot = new Map<ShootInfo, Judged[]>(shootList.map((s) => [s, []]));
    const attributed = new Map<Judged, Attribution>();
    const owners = new Owners(shootList);
    for (const result of this.results) {
      const o = owners.of(result.item);
      if (o.attribution) attributed.set(result, o.attribution);
      for (const s of o.shoots) perShoot.get(s)!.push(result);
    }

    // One evidence item per result, shared by every Shoot it counts for; one cell per
    // service-provider rule, the same for every Shoot.
    const items = new Map<Judged, EvidenceItem>();
    const item = (r: Judged): EvidenceItem => {
      const a = attributed.get(r);
      if (a === undefined) return r.item;
      let e = items.get(r);
      if (!e) items.set(r, (e = { ...r.item, attribution: a }));
      return e;
    };
    const providerCells = new Map<string, Cell>();
    for (const rule of rules) if (rule.responsibility === 'service-provider') providerCells.set(rule.vulnId, providerCell(rule));

    // Up to CELLS_KEPT Shoots every cell is kept; above, a Shoot's cells are made when read (the
    // last Shoot read keeps them), and its counts and cell briefs are what the summaries read.
    const keep = shootList.length <= cellsKept;
    const briefs = new Map<string, CellBrief>();
    const brief = (c: Cell): CellBrief => {
      const b = briefOf(c);
      const id = `${b.state}\u0000${b.warned}\u0000${b.fix ?? ''}`;
      const known = briefs.get(id);
      if (known) return known;
      briefs.set(id, b);
      return b;
    };
    const last: { shoot?: ShootInfo; cells?: readonly Cell[] } = {};
    const shoots: ShootReport[] = shootList.map((shoot, i) => {
      const mine = perShoot.get(shoot)!;
      perShoot.delete(shoot);
      const make = (): readonly Cell[] => {
        const byVuln = byVulnId(mine, metaById);
        return rules.map((rule) => providerCells.get(rule.vulnId) ?? cellFor(rule, byVuln.get(rule.vulnId) ?? [], attributed, item, metaById, accepted.get(rule.vulnId)));
      };
      const cells = make();
      const counts = emptyCounts();
      const countsByCat = { I: emptyCounts(), II: emptyCounts(), III: emptyCounts() };
      cells.forEach((c, j) => {
        counts[c.state]++;
        countsByCat[rules[j]!.cat][c.state]++;
      });
      if (keep) {
        const kept: ShootReport = { shoot, key: keys[i]!, cells, counts, countsByCat };
        BRIEFS.set(kept, cells.map(brief));
        return kept;
      }
      const read = (): readonly Cell[] => {
        if (last.shoot !== shoot) {
          last.cells = make();
          last.shoot = shoot;
        }
        return last.cells!;
      };
      return lazyShoot(shoot, keys[i]!, read, counts, countsByCat, cells.map(brief));
    });

    const notes: string[] = [];
    if (shootList.length === 0) notes.push('No Shoot (core.gardener.cloud/v1beta1) was found in the workspace; the report has no columns.');
    else notes.push(...attributionNotes(rules, attributed, owners));
    return {
      tool: { name: 'shootlint', version: input.toolVersion },
      release: input.release,
      ...(input.generatedAt ? { generatedAt: input.generatedAt } : {}),
      rules,
      shoots,
      notes,
    };
  }
}

/** The rules of the release, with who answers for each and the shootlint rules that decide it. */
function reportRules(release: StigRelease, metas: readonly RuleMeta[]): ReportRule[] {
  const deciders = new Map<string, string[]>();
  for (const meta of metas) for (const id of meta.stigIds) push(deciders, id, meta.id);
  return stigRules(release).map((r) => {
    const ref = stigRef(r.vulnId, release)!;
    const admin = ADMIN_RULES[r.vulnId];
    const responsibility = responsibilityOf(r.vulnId) ?? 'cluster-admin';
    const note = admin?.note ?? PROVIDER_NOTES[r.vulnId];
    return {
      vulnId: r.vulnId,
      ruleId: ref.ruleId,
      stigId: r.stigId,
      title: r.title,
      severity: r.severity,
      cat: r.cat,
      responsibility,
      ...(admin ? { secureByDefaultPerGuide: admin.secureByDefault } : {}),
      workload: admin?.workload ?? false,
      deciders: deciders.get(r.vulnId) ?? [],
      ...(r.check ? { check: r.check } : {}),
      ...(r.fix ? { stigFix: r.fix } : {}),
      ...(note ? { note } : {}),
    };
  });
}

/** A Shoot's results that can decide a cell, per STIG vuln id, in their order. */
function byVulnId(results: readonly Judged[], metaById: ReadonlyMap<string, RuleMeta>): Map<string, Judged[]> {
  const out = new Map<string, Judged[]>();
  for (const r of results) {
    if (RANK[r.item.state] === undefined) continue;
    const ids = resultStigIds(r, metaById.get(r.item.ruleId)!);
    ids.forEach((id, i) => {
      if (i === 0 || !ids.slice(0, i).includes(id)) push(out, id, r);
    });
  }
  return out;
}

function uniqueKeys(shoots: readonly ShootInfo[]): string[] {
  const base = shoots.map(shootKey);
  const seen = new Map<string, number>();
  for (const k of base) seen.set(k, (seen.get(k) ?? 0) + 1);
  return base.map((k, i) => (seen.get(k)! > 1 ? `${k} (${shoots[i]!.filePath})` : k));
}

/** Identity of a Shoot as a result names it: file, namespace, name. */
function shootIdentity(filePath: string, namespace: string | undefined, name: string): string {
  return JSON.stringify([filePath, namespace ?? null, name]);
}

interface Ownership {
  readonly shoots: readonly ShootInfo[];
  /** Absent for a result about a Shoot itself. */
  readonly attribution?: Attribution;
}

/** The Shoots a result counts for (see the module comment), with the Shoots indexed by identity, reference, file and directory. */
class Owners {
  private readonly byIdentity = new Map<string, ShootInfo[]>();
  /** By namespace and name alone: a result about a Shoot placed in another file (its policy failing in its ConfigMap). */
  private readonly byName = new Map<string, ShootInfo[]>();
  private readonly byReference = new Map<string, ShootInfo[]>();
  private readonly byFile = new Map<string, ShootInfo[]>();
  private readonly byDir = new Map<string, ShootInfo[]>();

  constructor(private readonly shoots: readonly ShootInfo[]) {
    for (const s of shoots) {
      push(this.byIdentity, shootIdentity(s.filePath, s.namespace, s.name), s);
      push(this.byName, shootIdentity('', s.namespace, s.name), s);
      for (const ref of new Set(s.references)) push(this.byReference, ref, s);
      push(this.byFile, s.filePath, s);
      push(this.byDir, dirOf(s.filePath), s);
    }
  }

  of(result: Pick<EvidenceItem, 'object' | 'filePath'>): Ownership {
    const o = result.object;
    if (o?.kind === 'Shoot') return { shoots: this.byIdentity.get(shootIdentity(result.filePath, o.namespace, o.name)) ?? this.byName.get(shootIdentity('', o.namespace, o.name)) ?? [] };
    if (o && REFERENCED_KINDS.has(o.kind)) {
      const named = this.byReference.get(o.name) ?? [];
      const referencing = o.namespace === undefined ? named : named.filter((s) => s.namespace === undefined || o.namespace === s.namespace);
      if (referencing.length) return { shoots: referencing, attribution: 'reference' };
    }
    return this.around(result.filePath);
  }

  /** The Shoots a result about neither a Shoot nor a referenced object counts for: those of its file, directory or workspace. */
  around(filePath: string): { readonly shoots: readonly ShootInfo[]; readonly attribution: Attribution } {
    const inFile = this.byFile.get(filePath);
    if (inFile) return { shoots: inFile, attribution: 'file' };
    const inDir = this.byDir.get(dirOf(filePath));
    if (inDir) return { shoots: inDir, attribution: 'directory' };
    return { shoots: this.shoots, attribution: 'workspace' };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Directory of a reported path (POSIX separators, as the CLI reports paths); "." for a bare name. */
function dirOf(filePath: string): string {
  return posix.dirname(filePath.replace(/\\/g, '/'));
}

/** Up to `max` names, then how many more. */
function listed(names: readonly string[], max = 6): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** What the reader needs to know about attribution: the rule, and which files it put where. */
function attributionNotes(rules: readonly ReportRule[], attributed: ReadonlyMap<Judged, Attribution>, owners: Owners): string[] {
  const workloadRules = rules.filter((r) => r.workload).map((r) => r.vulnId);
  const notes = [
    `Results about workloads and other objects that are not Shoots (workload rules ${workloadRules.join(', ')}, among others) count for the Shoots in the same file; ` +
      'for a file without a Shoot, for the Shoots in the same directory; for a directory without a Shoot, for every Shoot of the workspace. ' +
      'Each cell says which applied. Lint each cluster\'s workloads next to its Shoot.',
  ];
  // Which Shoots a file's results go to depends on the file alone; the workspace's are not listed.
  const files = new Map<Attribution, Map<string, Set<string>>>();
  for (const [{ item: r }, a] of attributed) {
    if (a === 'reference') continue;
    let byFile = files.get(a);
    if (!byFile) files.set(a, (byFile = new Map()));
    if (byFile.has(r.filePath)) continue;
    byFile.set(r.filePath, new Set(a === 'workspace' ? [] : owners.around(r.filePath).shoots.map((s) => s.name)));
  }
  for (const a of ['file', 'directory', 'workspace'] as const) {
    const byFile = files.get(a);
    if (!byFile) continue;
    const entries = [...byFile].sort(([x], [y]) => collate(x, y));
    const text = ATTRIBUTION_TEXT[a];
    if (a === 'workspace') notes.push(`Results from ${listed(entries.map(([f]) => f))} are ${text}.`);
    else notes.push(`Results from ${listed(entries.map(([f, t]) => `${f} (${[...t].sort().join(', ')})`))} are ${text}.`);
  }
  return notes;
}

const same = <T>(x: T): T => x;

function evidenceItem(r: RuleResult, attribution: Attribution | undefined, intern: (s: string) => string = same, object: (o: ObjectRef) => ObjectRef = same): EvidenceItem {
  // Filled in place (no spread of a temporary object per field): there is one item per result.
  const e: { -readonly [K in keyof EvidenceItem]: EvidenceItem[K] } = { ruleId: r.ruleId, state: r.state, message: intern(r.message), filePath: intern(r.filePath) };
  if (r.span) {
    e.line = r.span.line;
    e.column = r.span.column;
  }
  if (r.path) e.path = intern(r.path);
  if (r.object) e.object = object(r.object);
  if (r.evidence) e.evidence = intern(r.evidence);
  if (r.suppressions?.length) e.suppressions = r.suppressions;
  if (r.severity !== undefined) e.severity = r.severity;
  if (attribution) e.attribution = attribution;
  return e;
}

/** A failure at warning level: a check beyond the STIG inside a STIG rule (suppressed or not). */
export function isWarning(r: { state: State; severity?: Severity }): boolean {
  return r.severity === 1 && (r.state === 'fail' || r.state === 'suppressed');
}

/** The sentence saying how results about other objects came to count for the cell's Shoot. */
export function attributionText(c: Pick<Cell, 'attribution'>): string | undefined {
  if (!c.attribution?.length) return undefined;
  return `Results about other objects than the Shoot: ${c.attribution.map((a) => ATTRIBUTION_TEXT[a]).join('; ')}.`;
}

/** `file:line` of an evidence item. */
export function location(e: { filePath: string; line?: number }): string {
  return e.line !== undefined ? `${e.filePath}:${e.line}` : e.filePath;
}

const RANK: Partial<Record<State, number>> = { fail: 0, unverifiable: 1, suppressed: 2, pass: 3, 'not-applicable': 4 };

/** The STIG vuln ids a result is about: its own `stigId` when the engine gives one, else all its rule's. */
function resultStigIds(r: Judged, meta: RuleMeta): readonly string[] {
  return r.stigId ? [r.stigId] : meta.stigIds;
}

/** The cell of a rule the hardening guide gives the service provider: the same for every Shoot. */
function providerCell(rule: ReportRule): Cell {
  return {
    vulnId: rule.vulnId,
    state: 'provider-managed',
    summary: rule.note ? `Managed by Gardener (service provider): ${rule.note}` : 'Managed by Gardener (service provider), per the Gardener hardening guide',
    items: [],
    workspaceWide: false,
  };
}

/** The cell of a cluster-admin rule for one Shoot, from the Shoot's results about the rule (see byVulnId). */
function cellFor(
  rule: ReportRule,
  results: readonly Judged[],
  attributed: ReadonlyMap<Judged, Attribution>,
  item: (r: Judged) => EvidenceItem,
  metaById: ReadonlyMap<string, RuleMeta>,
  acceptance: Suppression | undefined,
): Cell {
  const relevant = [...results].sort((a, b) => RANK[a.item.state]! - RANK[b.item.state]!);
  const warned = relevant.filter((r) => isWarning(r.item));
  const mine = relevant.filter((r) => !isWarning(r.item));
  const items = mine.map(item);
  const deciding = mine.length ? mine : warned;
  const workspaceWide = deciding.length > 0 && deciding.every((r) => attributed.get(r) === 'workspace');
  const kinds = ATTRIBUTIONS.filter((a) => relevant.some((r) => attributed.get(r) === a));
  const where = ({ item: r }: Judged): string => `${location(r)}: ${r.message}`;
  const extra = {
    ...(kinds.length ? { attribution: kinds } : {}),
    ...(warned.length ? { warnings: warned.map(item) } : {}),
  };
  const accept = (cell: Cell): Cell =>
    acceptance && (cell.state === 'fail' || cell.state === 'unverifiable' || cell.state === 'manual')
      ? { ...cell, state: 'suppressed', summary: `Accepted by configuration: ${acceptance.justification}`, suppressions: [acceptance] }
      : cell;

  if (mine.length === 0 && warned.length > 0) {
    const n = warned.length;
    return {
      vulnId: rule.vulnId, state: 'pass', items, workspaceWide, ...extra,
      summary: `No STIG finding; ${n} warning${n === 1 ? '' : 's'} beyond the STIG: ${where(warned[0]!)}${n > 1 ? ` (and ${n - 1} more)` : ''}`,
    };
  }
  if (mine.length === 0) {
    const summary = !rule.deciders.length
      ? 'No static check decides this rule; check it manually'
      : rule.workload
        ? `No workload linted with this Shoot (in its file or directory, or where no Shoot is) decided it (${rule.deciders.join(', ')}); review the workloads deployed to the cluster`
        : `No result from ${rule.deciders.join(', ')} for this Shoot (rule turned off?); check manually`;
    return accept({ vulnId: rule.vulnId, state: 'manual', summary, items, workspaceWide: false });
  }
  const worst = mine[0]!.item;
  const fixOf = (r: EvidenceItem): string | undefined => metaById.get(r.ruleId)?.fix;
  const base = { vulnId: rule.vulnId, items, workspaceWide, ...extra };
  switch (worst.state) {
    case 'fail':
    case 'unverifiable': {
      const n = mine.filter((r) => r.item.state === worst.state).length;
      const fix = fixOf(worst);
      return accept({
        ...base,
        state: worst.state,
        summary: n > 1 ? `${where(mine[0]!)} (and ${n - 1} more)` : where(mine[0]!),
        ...(fix ? { fix } : {}),
      });
    }
    case 'suppressed': {
      const s = worst.suppressions ?? [];
      return {
        ...base,
        state: 'suppressed',
        summary: `${where(mine[0]!)}; suppressed: ${s.map((x) => x.justification + (x.until ? ` (until ${x.until})` : '')).join('; ') || 'no justification given'}`,
        suppressions: s,
      };
    }
    case 'pass': {
      const passes = mine.filter((r) => r.item.state === 'pass').map((r) => r.item);
      const byDefault = passes.every((r) => r.evidence !== undefined && DEFAULT_EVIDENCE.test(r.evidence));
      const first = passes[0]!;
      const text = first.evidence ?? first.message;
      return {
        ...base,
        state: byDefault ? 'secure-by-default' : 'pass',
        summary: passes.length > 1 ? `${text} (${passes.length} results)` : text,
      };
    }
    default:
      return { ...base, state: 'not-applicable', summary: worst.evidence ?? worst.message };
  }
}

/** Failures of cluster-admin rules across the report: the exit code's input. */
export function adminFailures(report: ComplianceReport): number {
  let n = 0;
  for (const s of report.shoots) {
    cellBriefs(s).forEach((c, i) => {
      if (c.state === 'fail' && report.rules[i]!.responsibility === 'cluster-admin') n++;
    });
  }
  return n;
}

/** Totals over all Shoots. */
export function totalCounts(report: ComplianceReport): StateCounts {
  const t = emptyCounts();
  for (const s of report.shoots) for (const st of REPORT_STATES) t[st] += s.counts[st];
  return t;
}

export const STATE_LABEL: Readonly<Record<ReportState, string>> = {
  fail: 'fail',
  unverifiable: 'unverifiable',
  manual: 'manual',
  suppressed: 'suppressed',
  pass: 'pass',
  'secure-by-default': 'secure by default',
  'not-applicable': 'not applicable',
  'provider-managed': 'provider-managed',
};

/** Marks a cell with warnings (checks beyond the STIG); never a state of its own. */
export const WARNING_MARK = '⚠';

/** A symbol per state, so the matrix reads without colour. */
export const STATE_SYMBOL: Readonly<Record<ReportState, string>> = {
  fail: '✗',
  unverifiable: '?',
  manual: '✎',
  suppressed: '⊘',
  pass: '✓',
  'secure-by-default': '✓d',
  'not-applicable': '–',
  'provider-managed': 'P',
};

export const STATE_MEANING: Readonly<Record<ReportState, string>> = {
  fail: 'the manifests violate the rule',
  unverifiable: 'an input the check needs is missing from the workspace',
  manual: 'the cluster admin\'s rule, not decided statically: check it by hand',
  suppressed: 'a finding accepted with a justification',
  pass: 'the manifests satisfy the rule explicitly',
  'secure-by-default': 'satisfied through a Gardener or Kubernetes default; keep it unchanged',
  'not-applicable': 'the rule does not apply (e.g. no worker pools)',
  'provider-managed': 'Gardener (the service provider) answers for the rule',
};
