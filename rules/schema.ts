import { describeVersion } from '../lib/engine/shoot/kubernetes-version.ts';
import { isRecord } from '../lib/engine/record.ts';
import { defineRule } from '../lib/engine/rule.ts';
import type { ShootModel } from '../lib/engine/shoot/model.ts';
import type { Fix, YamlPath } from '../lib/engine/types.ts';
import type { KnownKubernetesVersion } from '../lib/engine/shoot/kubernetes-version.ts';
import type { RuleContext } from '../lib/engine/rule.ts';
import { formatPath, validateShoot } from '../lib/gardener/schema-validate.ts';
import { OLDEST_KUBERNETES_MINOR } from '../lib/gardener/versions.ts';

/**
 * Fields Gardener's validation forbids from a Kubernetes minor on (the API
 * keeps them for older Shoots, so the generated schema accepts them). From the
 * API reference of Gardener v1.149.3 ("forbidden starting from Kubernetes ...",
 * "forbidden for clusters with Kubernetes version >= ..."); fields inside lists
 * are left out. `when` limits a field to the values that are forbidden.
 */
const FORBIDDEN_FROM: readonly { readonly path: YamlPath; readonly minor: number; readonly instead: string; readonly when?: (v: unknown) => boolean }[] = [
  {
    path: ['spec', 'kubernetes', 'kubeAPIServer', 'enableAnonymousAuthentication'],
    minor: 35,
    instead: 'configure anonymous access in the structured-authentication config (kubeAPIServer.structuredAuthentication) instead',
  },
  { path: ['spec', 'addons', 'kubernetesDashboard', 'enabled'], minor: 35, when: (v) => v === true, instead: 'deploy the dashboard yourself if you need it' },
  { path: ['spec', 'addons', 'nginxIngress', 'enabled'], minor: 35, when: (v) => v === true, instead: 'deploy an ingress controller yourself' },
  {
    path: ['spec', 'kubernetes', 'kubeAPIServer', 'watchCacheSizes', 'default'],
    minor: 35,
    instead: 'leave the default cache size to kube-apiserver, which sizes it automatically',
  },
  { path: ['spec', 'kubernetes', 'kubeScheduler', 'kubeMaxPDVols'], minor: 35, instead: 'leave the volume limit to the CSI driver' },
  {
    path: ['spec', 'kubernetes', 'kubeControllerManager', 'podEvictionTimeout'],
    minor: 33,
    instead: 'set kubeAPIServer.defaultNotReadyTolerationSeconds and defaultUnreachableTolerationSeconds instead',
  },
  { path: ['spec', 'kubernetes', 'clusterAutoscaler', 'maxEmptyBulkDelete'], minor: 33, instead: 'set clusterAutoscaler.maxScaleDownParallelism instead' },
];

function valueAt(root: unknown, path: YamlPath): unknown {
  let v = root;
  for (const p of path) v = Array.isArray(v) && typeof p === 'number' ? v[p] : isRecord(v) ? v[String(p)] : undefined;
  return v;
}

interface ForbiddenField {
  readonly path: YamlPath;
  readonly message: string;
  /** A guess (no version written) is a warning; a written or CloudProfile version decides. */
  readonly warning: boolean;
  readonly fix: Fix;
}

/**
 * Written Kubernetes versions that are not versions ("abc", a template
 * expression): the schema types them as strings, Gardener rejects them, and
 * every verdict that depends on the version is unverifiable.
 */
function invalidVersions(shoot: ShootModel): { path: YamlPath; message: string }[] {
  const seen = new Set<string>();
  const out: { path: YamlPath; message: string }[] = [];
  for (const v of [shoot.version, ...shoot.pools.map((p) => p.version)]) {
    if (v.source !== 'invalid' || seen.has(formatPath(v.path))) continue;
    seen.add(formatPath(v.path));
    // A number or another type is already a type error of the schema.
    if (typeof valueAt(shoot.object.value, v.path) !== 'string') continue;
    out.push({
      path: v.path,
      message:
        `${formatPath(v.path)} is ${JSON.stringify(v.text)}, which is not a Kubernetes version (major.minor or major.minor.patch, e.g. "1.31" or "1.31.4"); ` +
        'Gardener rejects it, and every check that depends on the version is unverifiable.',
    });
  }
  return out;
}

/** Fields set that the Shoot's Kubernetes version forbids (none when the version is not a version). */
function forbiddenFields(shoot: ShootModel): ForbiddenField[] {
  const v = shoot.version;
  if (v.source === 'invalid') return [];
  const out: ForbiddenField[] = [];
  for (const f of FORBIDDEN_FROM) {
    const value = valueAt(shoot.shoot, f.path);
    if (value === undefined || v.minor < f.minor || (f.when && !f.when(value))) continue;
    const name = String(f.path.at(-1));
    out.push({
      path: f.path,
      warning: v.source === 'assumed',
      message:
        `${formatPath(f.path)}${f.when ? `: ${JSON.stringify(value)}` : ''} is forbidden from Kubernetes 1.${f.minor}, and Gardener rejects the Shoot on ${describeVersion(v)}; ` +
        `remove it and ${f.instead}.`,
      // Removing a value that turns something on changes behaviour: offered, not applied by --fix.
      fix: { title: `Remove ${name}`, ops: [{ op: 'delete', path: f.path }], safe: value !== true },
    });
  }
  return out;
}

/** Moves a misspelled key's value to the suggested key (an editor suggestion: the value is rewritten, comments inside it are lost). */
function renameFix(root: Record<string, unknown>, path: YamlPath, to: string): Fix | undefined {
  let parent: unknown = root;
  for (const p of path.slice(0, -1)) parent = (parent as Record<string | number, unknown> | undefined)?.[p];
  if (typeof parent !== 'object' || parent === null || to in parent) return undefined;
  const value = (parent as Record<string, unknown>)[String(path.at(-1))];
  return {
    title: `Rename ${String(path.at(-1))} to ${to}`,
    ops: [
      { op: 'set', path: [...path.slice(0, -1), to], value },
      { op: 'delete', path },
    ],
    safe: false,
  };
}

/** A warning where a written Kubernetes version is older than the selected Gardener release supports. */
function reportUnsupportedVersions(shoot: ShootModel, ctx: RuleContext<Record<string, unknown>>): void {
  const release = ctx.settings.gardenerVersion;
  const oldest = OLDEST_KUBERNETES_MINOR[release];
  const written: { version: KnownKubernetesVersion; at: YamlPath; what: string }[] = [];
  if (shoot.version.source === 'shoot') written.push({ version: shoot.version, at: ['spec', 'kubernetes', 'version'], what: `Shoot ${shoot.name}` });
  for (const p of shoot.pools) {
    if (p.version.source === 'pool') written.push({ version: p.version, at: [...p.path, 'kubernetes', 'version'], what: `worker pool ${p.name}` });
  }
  for (const w of written) {
    if (w.version.minor >= oldest) continue;
    ctx.report({
      object: shoot.object,
      at: w.at,
      severity: 'warning',
      message: `Kubernetes ${w.version.text} (${w.what}) is older than Gardener ${release} supports (1.${oldest} or later), so Gardener does not create or reconcile it.`,
      hint: `Upgrade the Kubernetes version to 1.${oldest} or later, or select the Gardener release in use (--gardener-version, gardenerVersion).`,
    });
  }
}

export default defineRule({
  meta: {
    id: 'schema',
    name: 'schema',
    title: 'A Shoot must match the Gardener API: known fields, right types, required fields set.',
    category: 'schema',
    stigIds: [],
    defaultSeverity: 'error',
    fixType: 'safe',
    rationale:
      "Gardener drops fields it does not know, so a misspelled security setting (`enableAnonymousAuthentification`) silently has no effect and the cluster runs with the default. The rule checks each Shoot against the JSON Schema generated from the API reference of the selected Gardener version (`gardenerVersion`): unknown fields, wrong types, missing required fields, and deprecated fields (warnings).\n\nA field that Gardener forbids at the Shoot's Kubernetes version (`kubeAPIServer.enableAnonymousAuthentication` or an enabled addon from 1.35, `kubeControllerManager.podEvictionTimeout` from 1.33, among others) is an error here, not a finding of the STIG rule whose setting it names (a warning when no version is written and the newest is assumed). A Kubernetes version that is written but is not a version (`\"abc\"`, a template expression) is an error, and every check that depends on the version is then `unverifiable`. `status` is owned by the server and never validated, so `kubectl get shoots -o yaml` output from a newer Gardener, or with a trimmed status, is fine. A Kubernetes version (of the Shoot or of a worker pool) older than the selected Gardener release supports is a warning: Gardener does not create or reconcile such a cluster.",
    fix: 'Correct the field name or value as the message says; replace deprecated fields by their successors.',
    snippet: 'apiVersion: core.gardener.cloud/v1beta1\nkind: Shoot\nmetadata:\n  name: my-shoot\nspec:\n  region: europe-central-1\n  provider:\n    type: aws\n  kubernetes:\n    kubeAPIServer:\n      enableAnonymousAuthentication: false\n',
    sources: ['https://gardener.cloud/docs/gardener/api-reference/core/#shoot'],
  },
  checkShoot(shoot, ctx) {
    const version = ctx.settings.gardenerVersion;
    const issues = validateShoot(shoot.object.value, version);
    const forbidden = forbiddenFields(shoot);
    const versions = invalidVersions(shoot);
    for (const v of versions) ctx.report({ object: shoot.object, at: v.path, message: v.message, hint: 'Write the Kubernetes version as major.minor or major.minor.patch (e.g. "1.31" or "1.31.4").' });
    for (const f of forbidden) {
      ctx.report({ object: shoot.object, at: f.path, key: true, message: f.message, fix: f.fix, ...(f.warning ? { severity: 'warning' as const } : {}) });
    }
    for (const issue of issues) {
      // A forbidden field (or the deprecated field holding it) is also deprecated: one finding says both.
      if (issue.kind === 'deprecated' && forbidden.some((f) => issue.path.every((p, i) => f.path[i] === p))) continue;
      const fix = issue.suggestion ? renameFix(shoot.object.value, issue.path, issue.suggestion) : undefined;
      ctx.report({
        object: shoot.object,
        at: issue.path,
        message: issue.message,
        ...(issue.kind === 'unknown-field' ? { key: true } : {}),
        ...(issue.kind === 'deprecated' ? { severity: 'warning' as const, deprecated: true } : {}),
        ...(fix ? { fix } : {}),
      });
    }
    reportUnsupportedVersions(shoot, ctx);
    if (!issues.some((i) => i.kind !== 'deprecated') && !forbidden.some((f) => !f.warning) && versions.length === 0) {
      ctx.report({
        object: shoot.object,
        state: 'pass',
        message: `Shoot ${shoot.name} matches the schema of Gardener ${version}.`,
        evidence: `schemas/shoot-${version}.json`,
      });
    }
  },
});
