/**
 * Facts about Gardener releases the linter needs when a manifest leaves
 * something to Gardener's defaulting.
 */

export const GARDENER_VERSIONS = ['v1.149.3', 'v1.135.0', 'v1.100.0'] as const;
export type GardenerVersion = (typeof GARDENER_VERSIONS)[number];
export const DEFAULT_GARDENER_VERSION: GardenerVersion = 'v1.149.3';

/**
 * The newest Kubernetes minor each release supports: what Gardener picks
 * (through the CloudProfile) when a Shoot names no version and no CloudProfile
 * is in the workspace.
 */
export const NEWEST_KUBERNETES_MINOR: Record<GardenerVersion, number> = {
  'v1.149.3': 35,
  'v1.135.0': 34,
  'v1.100.0': 30,
};

/**
 * The oldest Kubernetes minor each release still creates Shoots with
 * (Gardener's "Supported Kubernetes Versions" page and its release notes that
 * drop a version: 1.24 in early 2024, up to 1.28 in August 2025). Where the
 * record is unclear the lower bound is kept, so a warning is never wrong.
 */
export const OLDEST_KUBERNETES_MINOR: Record<GardenerVersion, number> = {
  'v1.149.3': 30,
  'v1.135.0': 29,
  'v1.100.0': 25,
};

/** Accepts "1.135", "v1.135.0", "1.135.0": the known release of that minor. */
export function resolveGardenerVersion(v: string): GardenerVersion | undefined {
  const m = /^v?1\.(\d+)(?:\.\d+)?$/.exec(v.trim());
  if (!m) return undefined;
  return GARDENER_VERSIONS.find((g) => g.startsWith(`v1.${m[1]}.`));
}
