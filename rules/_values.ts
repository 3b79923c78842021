/**
 * Values as people write them. Gardener's API types these fields as booleans,
 * but templated manifests often quote them ("true"); Gardener rejects such a
 * Shoot, and the schema rule says so. The security rules read a quoted "true"
 * as what it asks for (a gate enabled, an addon on, a plugin disabled), so an
 * insecure intent is never passed because of its spelling; a quoted value is
 * never taken as the secure setting either.
 */
import type { GateSite, ShootModel } from '../lib/engine/shoot/model.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import { activeGateSites } from '../lib/k8s/feature-gates.ts';

/** `true`, or a string spelling of it ("true", "True"). */
export function writtenTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true');
}

/** `false`, or a string spelling of it ("false", "False"). */
export function writtenFalse(v: unknown): boolean {
  return v === false || (typeof v === 'string' && v.trim().toLowerCase() === 'false');
}

/** " (written as the string "true")" when the value is a quoted boolean, else "". */
export function quotedNote(v: unknown): string {
  return typeof v === 'string' ? ` (written as the string ${JSON.stringify(v)}, which Gardener rejects; read as true)` : '';
}

export interface EnablingSite {
  readonly site: GateSite;
  readonly gate: string;
  /** Path of the gate's value. */
  readonly path: YamlPath;
  readonly value: unknown;
}

/** Every active feature-gate site that sets `gate` to true (or to a quoted "true"). */
export function sitesEnablingGate(shoot: ShootModel, gate: string): EnablingSite[] {
  return activeGateSites(shoot)
    .active.filter((site) => writtenTrue(site.gates[gate]))
    .map((site) => ({ site, gate, path: [...site.path, gate], value: site.gates[gate] }));
}
