import type { YamlPath } from '../types.ts';
import { collate } from '../collate.ts';

/** A Kubernetes version as far as defaults care: major.minor, and where it came from. */
export interface KnownKubernetesVersion {
  readonly minor: number;
  /** As written ("1.30.2", "1.30"), or the assumed "1.35". */
  readonly text: string;
  /** 'shoot' spec.kubernetes.version, 'pool' a worker pool's own, 'cloudprofile' newest in the profile, 'assumed' newest the Gardener release supports. */
  readonly source: 'shoot' | 'pool' | 'cloudprofile' | 'assumed' | 'option';
  /** For 'cloudprofile': how the profile was chosen, when that needs saying (a namespace-less fallback, an ambiguous reference). */
  readonly note?: string;
}

/**
 * A version that is written but is not a version ("abc", a template
 * expression): the schema rule reports it, and every verdict that depends on
 * the version is unverifiable (never assume the newest for a value that is
 * there but wrong).
 */
export interface InvalidKubernetesVersion {
  readonly source: 'invalid';
  /** The value as written. */
  readonly text: string;
  /** Where it is written. */
  readonly path: YamlPath;
}

export type KubernetesVersion = KnownKubernetesVersion | InvalidKubernetesVersion;

/** major.minor with an optional patch and pre-release/build suffix, optionally with a leading v ("1.31", "1.31.4", "v1.31.4-gke.1"). */
const VERSION = /^v?1\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.+-]*)?$/;

export function parseMinor(v: unknown): number | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const m = VERSION.exec(String(v).trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * How a written version reads: absent (undefined, null, "": Gardener then
 * picks one), a minor, or invalid (written, but not a Kubernetes version).
 */
export function readWrittenVersion(v: unknown): { readonly state: 'absent' } | { readonly state: 'valid'; readonly minor: number } | { readonly state: 'invalid' } {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return { state: 'absent' };
  const minor = parseMinor(v);
  return minor === undefined ? { state: 'invalid' } : { state: 'valid', minor };
}

/** "Kubernetes 1.25" plus why, for messages that depend on a default. */
export function describeVersion(v: KubernetesVersion): string {
  switch (v.source) {
    case 'invalid':
      return `Kubernetes version ${JSON.stringify(v.text)} (not a version)`;
    case 'assumed':
      return `Kubernetes 1.${v.minor} (no version set; assuming the newest the Gardener release supports)`;
    case 'cloudprofile':
      return `Kubernetes 1.${v.minor} (no version set; the newest in the CloudProfile${v.note ? `, ${v.note}` : ''})`;
    default:
      return `Kubernetes ${v.text}`;
  }
}

/** Says where a version that is not a version is written, for `unverifiable` results that depend on it. */
export function invalidVersionNote(v: InvalidKubernetesVersion): string {
  const where = v.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').slice(1);
  return `${where} is ${JSON.stringify(v.text)}, which is not a Kubernetes version (the schema rule reports it)`;
}

/** Compares dotted versions numerically ("1.30.10" > "1.30.9"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split(/[.-]/);
  const pb = b.replace(/^v/, '').split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number(pa[i] ?? 0);
    const y = Number(pb[i] ?? 0);
    if (Number.isNaN(x) || Number.isNaN(y)) {
      const c = collate(pa[i] ?? '', pb[i] ?? '');
      if (c) return c;
    } else if (x !== y) return x - y;
  }
  return 0;
}
