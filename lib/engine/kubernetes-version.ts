/** A Kubernetes version as far as defaults care: major.minor, and where it came from. */
export interface KubernetesVersion {
  readonly minor: number;
  /** As written ("1.30.2", "1.30"), or the assumed "1.35". */
  readonly text: string;
  /** 'shoot' spec.kubernetes.version, 'pool' a worker pool's own, 'cloudprofile' newest in the profile, 'assumed' newest the Gardener release supports. */
  readonly source: 'shoot' | 'pool' | 'cloudprofile' | 'assumed' | 'option';
}

export function parseMinor(v: unknown): number | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const m = /^v?1\.(\d+)(?:\.|$|-)/.exec(String(v).trim());
  return m ? Number(m[1]) : undefined;
}

/** "Kubernetes 1.25" plus why, for messages that depend on a default. */
export function describeVersion(v: KubernetesVersion): string {
  switch (v.source) {
    case 'assumed':
      return `Kubernetes 1.${v.minor} (no version set; assuming the newest the Gardener release supports)`;
    case 'cloudprofile':
      return `Kubernetes 1.${v.minor} (no version set; the newest in the CloudProfile)`;
    default:
      return `Kubernetes ${v.text}`;
  }
}

/** Compares dotted versions numerically ("1.30.10" > "1.30.9"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split(/[.-]/);
  const pb = b.replace(/^v/, '').split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number(pa[i] ?? 0);
    const y = Number(pb[i] ?? 0);
    if (Number.isNaN(x) || Number.isNaN(y)) {
      const c = (pa[i] ?? '').localeCompare(pb[i] ?? '');
      if (c) return c;
    } else if (x !== y) return x - y;
  }
  return 0;
}
