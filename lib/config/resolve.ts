/**
 * From a validated configuration to the engine's EngineConfig for one file:
 * the top-level settings, then every override whose globs match the file
 * (relative to the configuration file's directory), in order. Pure.
 */
import picomatch from 'picomatch';
import type { EngineConfig, RuleSetting } from '../engine/settings.ts';
import { isStigRelease } from '../engine/stig.ts';
import { resolveGardenerVersion } from '../gardener/versions.ts';
import type { ConfigData, ConfigSettings } from './parse.ts';

/** A loaded configuration: its data and where it lives (globs are relative to `dir`). */
export interface LoadedConfig {
  /** Path of the file, as shown in messages. */
  readonly path: string;
  /** Absolute directory of the file, POSIX separators. */
  readonly dir: string;
  readonly data: ConfigData;
}

/** Path of `file` relative to `dir` (both absolute, POSIX); undefined when outside it. */
export function relativeTo(dir: string, file: string): string | undefined {
  const base = dir.endsWith('/') ? dir : `${dir}/`;
  return file.startsWith(base) ? file.slice(base.length) : undefined;
}

function matcher(globs: readonly string[]): (rel: string) => boolean {
  return picomatch([...globs], { dot: true });
}

const cache = new WeakMap<readonly string[], (rel: string) => boolean>();
function matches(globs: readonly string[], rel: string | undefined): boolean {
  if (rel === undefined) return false;
  let m = cache.get(globs);
  if (!m) {
    m = matcher(globs);
    cache.set(globs, m);
  }
  return m(rel);
}

/** True when the configuration's `ignore` globs leave the file out. `file` is absolute, POSIX. */
export function isIgnored(config: LoadedConfig, file: string): boolean {
  return config.data.ignore?.length ? matches(config.data.ignore, relativeTo(config.dir, file)) : false;
}

function applySettings(base: EngineConfig, s: ConfigSettings): EngineConfig {
  const rules: Record<string, Partial<RuleSetting>> = { ...base.rules };
  for (const [id, entry] of Object.entries(s.rules ?? {})) {
    const prev = rules[id] ?? {};
    rules[id] = { ...prev, severity: entry.severity, ...(entry.options ? { options: { ...(prev.options ?? {}), ...entry.options } } : {}) };
  }
  const stig = s.stigRelease?.toUpperCase();
  const gardener = s.gardenerVersion !== undefined ? resolveGardenerVersion(s.gardenerVersion) : undefined;
  return {
    settings: {
      ...base.settings,
      ...(s.strict !== undefined ? { strict: s.strict } : {}),
      ...(stig !== undefined && isStigRelease(stig) ? { stigRelease: stig } : {}),
      ...(gardener ? { gardenerVersion: gardener } : {}),
      ...(s.kubernetesVersion !== undefined ? { kubernetesVersion: s.kubernetesVersion.replace(/^v/, '') } : {}),
      ...(s.unverifiableSeverity !== undefined ? { unverifiableSeverity: s.unverifiableSeverity } : {}),
    },
    rules,
  };
}

/** Indexes of the overrides that apply to `file` (absolute, POSIX): files with the same list share one configuration. */
export function matchingOverrides(config: LoadedConfig, file: string | undefined): number[] {
  const rel = file === undefined ? undefined : relativeTo(config.dir, file);
  return (config.data.overrides ?? []).flatMap((o, i) => (matches(o.files, rel) ? [i] : []));
}

/** The engine configuration for one file (absolute, POSIX path) under a loaded configuration. */
export function engineConfigFor(config: LoadedConfig, file: string | undefined, base: EngineConfig): EngineConfig {
  let out = applySettings(base, config.data);
  const rel = file === undefined ? undefined : relativeTo(config.dir, file);
  for (const o of config.data.overrides ?? []) if (matches(o.files, rel)) out = applySettings(out, o);
  return out;
}
