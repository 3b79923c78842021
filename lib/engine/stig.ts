import data from '../data/stig.generated.json' with { type: 'json' };
import type { StigRef } from './types.ts';

export const STIG_RELEASES = ['V2R6', 'V1R11'] as const;
export type StigRelease = (typeof STIG_RELEASES)[number];
export const DEFAULT_STIG_RELEASE: StigRelease = 'V2R6';

export interface StigRule {
  readonly vulnId: string;
  readonly stigId: string;
  readonly ruleIds: Readonly<Record<string, string>>;
  readonly title: string;
  readonly severity: 'high' | 'medium' | 'low';
  readonly cat: 'I' | 'II' | 'III';
  readonly releases: readonly string[];
  readonly check?: string;
  readonly fix?: string;
}

const RULES = data.rules as readonly StigRule[];
const BY_ID = new Map(RULES.map((r) => [r.vulnId, r]));

export function isStigRelease(v: string): v is StigRelease {
  return (STIG_RELEASES as readonly string[]).includes(v);
}

export function stigRule(vulnId: string): StigRule | undefined {
  return BY_ID.get(vulnId);
}

/** The rules of one release, sorted by vuln id. */
export function stigRules(release: StigRelease): StigRule[] {
  return RULES.filter((r) => r.releases.includes(release));
}

/** The STIG reference of a vuln id in a release; undefined when the release lacks it. */
export function stigRef(vulnId: string, release: StigRelease): StigRef | undefined {
  const key = `${vulnId}\u0000${release}`;
  if (!REFS.has(key)) REFS.set(key, makeRef(vulnId, release));
  return REFS.get(key);
}

const REFS = new Map<string, StigRef | undefined>();

function makeRef(vulnId: string, release: StigRelease): StigRef | undefined {
  const r = BY_ID.get(vulnId);
  if (!r || !r.releases.includes(release)) return undefined;
  const ruleId = r.ruleIds[release] ?? r.ruleIds[Object.keys(r.ruleIds).sort().at(-1)!]!;
  return { release, vulnId, ruleId, stigId: r.stigId, severity: r.severity, cat: r.cat };
}
