import { didYouMean } from '../config/did-you-mean.ts';
import type { AnyRule } from '../engine/rule.ts';
import type { EngineConfig, RuleSetting } from '../engine/settings.ts';
import { isStigRelease, STIG_RELEASES } from '../engine/stig.ts';
import { GARDENER_VERSIONS, resolveGardenerVersion } from '../gardener/versions.ts';
import type { CliOptions } from './options.ts';
import { UsageError } from './usage-error.ts';

/** Finds a rule by id or name. */
export function findRule(rules: readonly AnyRule[], idOrName: string): AnyRule | undefined {
  return rules.find((r) => r.meta.id === idOrName || r.meta.name === idOrName);
}

/** Applies command-line flags on top of a configuration (flags win). */
export function applyCliFlags(base: EngineConfig, opts: CliOptions, rules: readonly AnyRule[]): EngineConfig {
  const unknown = [...opts.rules, ...opts.disable].filter((id) => !findRule(rules, id));
  if (unknown.length) {
    const names = rules.flatMap((r) => [r.meta.id, r.meta.name]);
    const hints = unknown.map((u) => didYouMean(u, names)).filter((h) => h !== undefined);
    const hint = unknown.length === 1 && hints.length === 1 ? `; did you mean "${hints[0]}"?` : '';
    throw new UsageError(`unknown rule ${unknown.map((u) => `"${u}"`).join(', ')}${hint}; run shootlint --print-rules for the list`);
  }
  let stigRelease = base.settings.stigRelease;
  if (opts.stigRelease !== undefined) {
    const r = opts.stigRelease.toUpperCase();
    if (!isStigRelease(r)) throw new UsageError(`--stig-release must be one of ${STIG_RELEASES.join(', ')}, got "${opts.stigRelease}"`);
    stigRelease = r;
  }
  let gardenerVersion = base.settings.gardenerVersion;
  if (opts.gardenerVersion !== undefined) {
    const g = resolveGardenerVersion(opts.gardenerVersion);
    if (!g) throw new UsageError(`--gardener-version must be one of ${GARDENER_VERSIONS.join(', ')}, got "${opts.gardenerVersion}"`);
    gardenerVersion = g;
  }
  const ruleSettings: Record<string, Partial<RuleSetting>> = { ...base.rules };
  if (opts.rules.length) {
    const only = new Set(opts.rules.map((id) => findRule(rules, id)!.meta.id));
    for (const r of rules) {
      const current = ruleSettings[r.meta.id] ?? {};
      if (!only.has(r.meta.id)) ruleSettings[r.meta.id] = { ...current, severity: 'off' };
      else if ((current.severity ?? r.meta.defaultSeverity) === 'off') ruleSettings[r.meta.id] = { ...current, severity: r.meta.stigIds.length ? 'error' : 'warning' };
    }
  }
  for (const id of opts.disable) {
    const r = findRule(rules, id)!;
    ruleSettings[r.meta.id] = { ...(ruleSettings[r.meta.id] ?? {}), severity: 'off' };
  }
  return {
    settings: {
      ...base.settings,
      strict: opts.strict || base.settings.strict,
      stigRelease,
      gardenerVersion,
      ...(opts.kubernetesVersion !== undefined ? { kubernetesVersion: opts.kubernetesVersion } : {}),
    },
    rules: ruleSettings,
  };
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
