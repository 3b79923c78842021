/**
 * Kubernetes feature-gate lifecycle, from the generated data
 * (`lib/data/feature-gates.generated.json`, stage of each gate per minor).
 */
import data from '../data/feature-gates.generated.json' with { type: 'json' };
import type { GateSite, ShootModel } from '../engine/shoot/model.ts';

/** Lifecycle stage of a gate at one Kubernetes minor. */
export type GateStage = 'alpha' | 'beta' | 'ga' | 'deprecated' | 'special' | 'removed' | 'absent' | 'unknown';

export interface GateStageAt {
  readonly stage: GateStage;
  /** The gate is locked to its default (setting another value makes the component refuse to start). */
  readonly locked: boolean;
  /** The minor whose data answered: the asked minor, or the nearest covered one. */
  readonly dataMinor: number;
  /** False when the asked minor is outside the data range and `dataMinor` stood in for it. */
  readonly exact: boolean;
}

const STAGES = data.stageByVersion as Readonly<Record<string, Readonly<Record<string, string>>>>;
const KNOWN_STAGES: ReadonlySet<string> = new Set<GateStage>(['alpha', 'beta', 'ga', 'deprecated', 'special', 'removed', 'absent', 'unknown']);

function coveredMinors(): readonly number[] {
  const minors = new Set<number>();
  for (const byMinor of Object.values(STAGES)) for (const v of Object.keys(byMinor)) minors.add(Number(v.split('.')[1]));
  return [...minors].filter((m) => Number.isInteger(m)).sort((a, b) => a - b);
}

const MINORS = coveredMinors();

/** Lowest and highest Kubernetes minor the data covers (e.g. 24 and 36). */
export const GATE_DATA_RANGE: { readonly min: number; readonly max: number } = { min: MINORS[0] ?? 0, max: MINORS.at(-1) ?? 0 };

/** The covered minor nearest to `minor` (itself when covered). */
export function nearestCoveredMinor(minor: number): number {
  if (minor < GATE_DATA_RANGE.min) return GATE_DATA_RANGE.min;
  if (minor > GATE_DATA_RANGE.max) return GATE_DATA_RANGE.max;
  return minor;
}

/** True when the data knows the gate at all (in any covered minor). */
export function isKnownGate(gate: string): boolean {
  return Object.hasOwn(STAGES, gate);
}

/**
 * Stage of `gate` at Kubernetes 1.`minor`; minors outside the data use the
 * nearest covered minor (`exact: false`). Undefined for a gate the data does not know.
 */
export function gateStage(gate: string, minor: number): GateStageAt | undefined {
  if (!isKnownGate(gate)) return undefined;
  const dataMinor = nearestCoveredMinor(minor);
  const raw = STAGES[gate]?.[`1.${dataMinor}`];
  if (raw === undefined) return undefined;
  const [name = 'unknown', flag] = raw.split('/');
  const stage = (KNOWN_STAGES.has(name) ? name : 'unknown') as GateStage;
  return { stage, locked: flag === 'locked', dataMinor, exact: dataMinor === minor };
}

/** True when `gate` is an alpha feature at Kubernetes 1.`minor` (nearest covered minor outside the data). */
export function isAlphaGate(gate: string, minor: number): boolean {
  return gateStage(gate, minor)?.stage === 'alpha';
}

/** Components a workerless Shoot does not run: it has no nodes, so no kubelet and no kube-proxy. */
const NODE_COMPONENT = /^(kubelet|kube-proxy)\b/;

/**
 * The Shoot's feature-gate sites whose component runs: every site, except the
 * kubelet and kube-proxy of a workerless Shoot (returned as `idle`).
 */
export function activeGateSites(shoot: ShootModel): { readonly active: readonly GateSite[]; readonly idle: readonly GateSite[] } {
  const sites = shoot.gateSites();
  if (!shoot.workerless) return { active: sites, idle: [] };
  return { active: sites.filter((s) => !NODE_COMPONENT.test(s.component)), idle: sites.filter((s) => NODE_COMPONENT.test(s.component)) };
}
