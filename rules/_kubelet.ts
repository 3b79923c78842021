import type { Related, RuleContext } from '../lib/engine/rule.ts';
import type { Pool, ShootModel } from '../lib/engine/shoot/model.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import { isRecord } from '../lib/engine/record.ts';

/** Where a kubelet field of a pool is decided. */
export interface KubeletField {
  /** The effective value: the pool's own kubelet if it has one, else the Shoot's. */
  readonly value: unknown;
  /** Path of the field in the kubelet that applies (whether or not it is written). */
  readonly path: YamlPath;
  /** True when the field is written in the kubelet that applies. */
  readonly set: boolean;
  /** 'pool' when the pool's own kubelet applies, 'shoot' when spec.kubernetes.kubelet does. */
  readonly level: 'pool' | 'shoot';
  /**
   * The Shoot-level value when the pool's own kubelet replaces it and leaves
   * the field out: a value written there does not reach this pool.
   */
  readonly shadowed?: Related;
}

const SHOOT_KUBELET: YamlPath = ['spec', 'kubernetes', 'kubelet'];

/** A field of a typed config read as plain data, whatever shape the generated types give it. */
function fieldOf(config: unknown, field: string): unknown {
  return isRecord(config) ? config[field] : undefined;
}

export function kubeletField(shoot: ShootModel, pool: Pool, field: string): KubeletField {
  const base = pool.kubeletPath ?? SHOOT_KUBELET;
  const level = base.length > SHOOT_KUBELET.length ? 'pool' : 'shoot';
  const value = fieldOf(pool.kubelet, field);
  const set = value !== undefined;
  let shadowed: Related | undefined;
  if (!set && level === 'pool') {
    const shootValue = fieldOf(shoot.kubernetes.kubelet, field);
    if (shootValue !== undefined) {
      shadowed = {
        object: shoot.object,
        at: [...SHOOT_KUBELET, field],
        message: `${field}: ${JSON.stringify(shootValue)} here does not reach worker pool ${pool.name}: its own kubelet config replaces spec.kubernetes.kubelet`,
      };
    }
  }
  return { value, path: [...base, field], set, level, ...(shadowed ? { shadowed } : {}) };
}

/** Where a finding about a pool's defaulted setting points: the pool's name. */
export function poolNamePath(pool: Pool): YamlPath {
  return [...pool.path, 'name'];
}

/** "Kubernetes 1.25" for a default, plus where the pool's version comes from. */
export function poolVersionNote(pool: Pool): string {
  switch (pool.version.source) {
    case 'invalid':
      return '';
    case 'pool':
      return ` (the pool's own kubernetes.version ${pool.version.text})`;
    case 'assumed':
      return ' (no Kubernetes version set; assuming the newest the Gardener release supports)';
    case 'cloudprofile':
      return ' (no Kubernetes version set; assuming the newest in the CloudProfile)';
    default:
      return '';
  }
}

/** A sentence naming the replaced Shoot-level value, when there is one. */
export function shadowNote(f: KubeletField, pool: Pool): string {
  return f.shadowed
    ? ` Worker pool ${pool.name} has its own kubelet config, which replaces spec.kubernetes.kubelet entirely, so the Shoot-level ${f.path.at(-1)} does not apply.`
    : '';
}

/**
 * The Shoot-level kubelet field when it is written but no pool uses it (every
 * pool has its own kubelet config): latent, since a pool added without its own
 * kubelet would inherit it. Undefined otherwise, and for a workerless Shoot.
 */
export function latentShootKubeletField(shoot: ShootModel, field: string): { value: unknown; path: YamlPath } | undefined {
  if (shoot.workerless) return undefined;
  if (shoot.pools.some((p) => p.kubeletPath === undefined || p.kubeletPath.length === SHOOT_KUBELET.length)) return undefined;
  const value = fieldOf(shoot.kubernetes.kubelet, field);
  return value === undefined ? undefined : { value, path: [...SHOOT_KUBELET, field] };
}

/** A workerless Shoot runs no kubelet: reports the rule not applicable and returns true. */
export function noKubelets(shoot: ShootModel, ctx: RuleContext<unknown>): boolean {
  if (!shoot.workerless) return false;
  ctx.report({
    object: shoot.object,
    state: 'not-applicable',
    at: ['spec', 'provider'],
    message: `Shoot ${shoot.name} has no worker pools, so it runs no kubelet.`,
    evidence: 'workerless Shoot: no kubelets',
  });
  return true;
}
