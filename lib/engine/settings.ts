import type { GardenerVersion } from '../gardener/versions.ts';
import type { StigRelease } from './stig.ts';
import type { SeverityName } from './types.ts';

/** Settings that apply to every rule. */
export interface Settings {
  /** Fail rules whose secure value is only a default (spec 2a). */
  readonly strict: boolean;
  readonly stigRelease: StigRelease;
  readonly gardenerVersion: GardenerVersion;
  /** Kubernetes version workloads are judged against when the workspace has no single Shoot. */
  readonly kubernetesVersion?: string;
  /** Lint level of `unverifiable` results. */
  readonly unverifiableSeverity: SeverityName;
  /** Today's date (YYYY-MM-DD) for suppression expiry; injected so the engine stays pure. */
  readonly today: string;
  /**
   * The workspace root (absolute) when references are looked up in a
   * repository's index; undefined when only the linted files count. Findings
   * about a missing reference name it (lookup-scope.ts).
   */
  readonly workspaceRoot?: string;
}

export interface RuleSetting {
  /** 'off' disables; otherwise the level of a failure. */
  readonly severity: SeverityName;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Everything the engine needs to lint one file. */
export interface EngineConfig {
  readonly settings: Settings;
  /** Rule id → setting; rules not listed use their defaults. */
  readonly rules: Readonly<Record<string, Partial<RuleSetting>>>;
}
