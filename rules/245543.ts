import { describeVersion } from '../lib/engine/shoot/kubernetes-version.ts';
import { defineRule } from '../lib/engine/rule.ts';
import { reportInvalidVersion } from './_version.ts';
import type { YamlPath } from '../lib/engine/types.ts';

/** First Kubernetes minor for which Gardener defaults enableStaticTokenKubeconfig to false. */
const SECURE_DEFAULT_FROM = 26;
/** First Kubernetes minor for which the field is locked to false. */
const LOCKED_FROM = 27;
const AT: YamlPath = ['spec', 'kubernetes', 'enableStaticTokenKubeconfig'];

export default defineRule({
  meta: {
    id: '245543',
    name: 'no-static-token-kubeconfig',
    title: 'The Shoot must not get a static token kubeconfig (kube-apiserver token authentication).',
    category: 'control-plane',
    stigIds: ['245543'],
    defaultSeverity: 'error',
    fixType: 'review',
    fixInstead:
      'Upgrade spec.kubernetes.version to 1.26 or later (and to a version the selected Gardener release supports): Gardener then creates no static token kubeconfig, and its API no longer has enableStaticTokenKubeconfig.',
    rationale:
      'A static token kubeconfig carries a long-lived bearer token that kube-apiserver accepts through a static token file ' +
      '(`--token-auth-file`), which the STIG forbids: the token cannot be rotated per user, expires never and grants ' +
      'cluster-admin to whoever holds it.\n\n' +
      'Gardener creates it when `spec.kubernetes.enableStaticTokenKubeconfig` is true. The field defaults to `true` for ' +
      'Kubernetes below 1.26 and to `false` from 1.26; from 1.27 it is locked to `false` (Gardener rejects `true`) and newer ' +
      'Gardener releases removed the field. With the field not set and a written Kubernetes version that is not a version, ' +
      'the default cannot be known and the result is `unverifiable`.',
    fix: 'Set spec.kubernetes.enableStaticTokenKubeconfig to false (from Kubernetes 1.26 simply leave it out) and use short-lived credentials.',
    snippet: 'spec:\n  kubernetes:\n    version: "1.25.16"\n    enableStaticTokenKubeconfig: false\n',
    sources: ['https://gardener.cloud/docs/gardener/api-reference/core/#kubernetes'],
  },
  checkShoot(shoot, ctx) {
    const value = (shoot.kubernetes as Record<string, unknown>).enableStaticTokenKubeconfig;
    const v = shoot.version;
    // Undefined when the written version is not a version: only what is written decides then.
    const minor = v.source === 'invalid' ? undefined : v.minor;
    const version = describeVersion(v);
    const setFalse = { title: 'Set enableStaticTokenKubeconfig to false', ops: [{ op: 'set' as const, path: AT, value: false }], safe: true };
    const remove = { title: 'Remove enableStaticTokenKubeconfig (false is the default)', ops: [{ op: 'delete' as const, path: AT }], safe: true };
    const fix = minor === undefined ? undefined : minor >= SECURE_DEFAULT_FROM ? remove : setFalse;
    if (value === true) {
      ctx.report({
        object: shoot.object,
        at: AT,
        message:
          minor !== undefined && minor >= LOCKED_FROM
            ? `enableStaticTokenKubeconfig is true, but from Kubernetes 1.27 the field is locked to false and Gardener rejects the Shoot; ${version}.`
            : `enableStaticTokenKubeconfig is true: Gardener creates a static token kubeconfig for Shoot ${shoot.name} (kube-apiserver token authentication).`,
        ...(fix ? { fix } : {}),
      });
    } else if (value === false) {
      ctx.report({ object: shoot.object, state: 'pass', at: AT, message: 'No static token kubeconfig is created.', evidence: 'spec.kubernetes.enableStaticTokenKubeconfig: false' });
    } else if (value !== undefined) {
      ctx.report({
        object: shoot.object,
        at: AT,
        message: `enableStaticTokenKubeconfig is ${JSON.stringify(value)}, not a boolean; Gardener rejects the Shoot.`,
        ...(fix ? { fix } : {}),
      });
    } else if (v.source === 'invalid') {
      reportInvalidVersion(shoot, ctx, v, `Whether Gardener creates a static token kubeconfig for Shoot ${shoot.name} (enableStaticTokenKubeconfig is not set)`);
    } else if (v.minor < SECURE_DEFAULT_FROM) {
      ctx.report({
        object: shoot.object,
        at: AT,
        message: `enableStaticTokenKubeconfig is not set, and ${version} defaults enableStaticTokenKubeconfig to true (Gardener creates a static token kubeconfig below Kubernetes 1.26).`,
        fix: setFalse,
      });
    } else {
      ctx.report({
        object: shoot.object,
        state: 'pass',
        at: AT,
        message: 'No static token kubeconfig is created.',
        evidence:
          v.minor >= LOCKED_FROM
            ? `Gardener locks enableStaticTokenKubeconfig to false from Kubernetes 1.27; ${version}`
            : `Gardener default for ${version}: enableStaticTokenKubeconfig false`,
      });
    }
  },
});
