import { defineRule } from '../lib/engine/rule.ts';
import { reportInvalidVersion } from './_version.ts';
import { describeVersion } from '../lib/engine/shoot/kubernetes-version.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import { quotedNote, writtenTrue } from './_values.ts';
import { isRecord } from '../lib/engine/record.ts';

/** PodSecurityPolicy was removed in Kubernetes 1.25. */
const PSP_REMOVED_IN = 25;
const PLUGINS: YamlPath = ['spec', 'kubernetes', 'kubeAPIServer', 'admissionPlugins'];
const ALLOW_PRIVILEGED: YamlPath = ['spec', 'kubernetes', 'allowPrivilegedContainers'];

export default defineRule({
  meta: {
    id: '242437',
    name: 'pod-security-policy',
    title: 'Before Kubernetes 1.25, the PodSecurityPolicy admission plugin must stay enabled and privileged containers must not be allowed by default.',
    category: 'control-plane',
    stigIds: ['242437'],
    defaultSeverity: 'error',
    fixType: 'review',
    fixInstead:
      'Upgrade spec.kubernetes.version to 1.25 or later (and to a version the selected Gardener release supports): PodSecurityPolicy is gone there and pod security admission (254800) takes its place.',
    rationale:
      'Before Kubernetes 1.25, PodSecurityPolicy admission decided which pods may run privileged or with host access. ' +
      'Gardener enables the `PodSecurityPolicy` admission plugin on those versions; with ' +
      '`spec.kubernetes.allowPrivilegedContainers` not set to `false` (it defaults to `true`) Gardener also installs a ' +
      'privileged policy that every service account may use, which defeats the control.\n\n' +
      'Kubernetes 1.25 removed PodSecurityPolicy, so the rule does not apply there: pod security is then the job of ' +
      'PodSecurity admission (254800), and a leftover `policy/v1beta1` PodSecurityPolicy manifest is 242442\'s. A written ' +
      'Kubernetes version that is not a version leaves the rule `unverifiable`.',
    fix: 'On Kubernetes < 1.25 set spec.kubernetes.allowPrivilegedContainers to false and keep the PodSecurityPolicy admission plugin enabled; better, upgrade to 1.25+ and configure PodSecurity admission.',
    snippet: 'spec:\n  kubernetes:\n    version: "1.24.17"\n    allowPrivilegedContainers: false\n',
    sources: [
      'https://gardener.cloud/docs/gardener/api-reference/core/#kubernetes',
      'https://gardener.cloud/docs/gardener/api-reference/core/#admissionplugin',
      'https://kubernetes.io/docs/concepts/security/pod-security-policy/',
    ],
  },
  checkShoot(shoot, ctx) {
    const version = shoot.version;
    if (version.source === 'invalid') {
      reportInvalidVersion(shoot, ctx, version, `Whether Shoot ${shoot.name} needs a PodSecurityPolicy (removed in Kubernetes 1.25)`);
      return;
    }
    if (version.minor >= PSP_REMOVED_IN) {
      ctx.report({
        object: shoot.object,
        state: 'not-applicable',
        at: ['spec', 'kubernetes', 'version'],
        message: `${describeVersion(shoot.version)} has no PodSecurityPolicy (removed in 1.25); pod security admission is checked by 254800.`,
        evidence: `${describeVersion(shoot.version)}: PodSecurityPolicy was removed in 1.25`,
      });
      return;
    }
    const kubernetes: unknown = shoot.kubernetes;
    const k = isRecord(kubernetes) ? kubernetes : {};
    const apiServer = isRecord(k.kubeAPIServer) ? k.kubeAPIServer : {};
    const plugins = Array.isArray(apiServer.admissionPlugins) ? (apiServer.admissionPlugins as unknown[]) : [];
    let failed = false;

    plugins.forEach((p, i) => {
      if (!isRecord(p) || p.name !== 'PodSecurityPolicy' || !writtenTrue(p.disabled)) return;
      failed = true;
      const at = [...PLUGINS, i, 'disabled'];
      ctx.report({
        object: shoot.object,
        at,
        message: `The PodSecurityPolicy admission plugin is disabled${quotedNote(p.disabled)} on ${describeVersion(shoot.version)}, so no pod security policy is enforced.`,
        fix: { title: 'Enable the PodSecurityPolicy admission plugin', ops: [{ op: 'delete', path: at }], safe: true },
      });
    });

    const allow = k.allowPrivilegedContainers;
    if (allow !== false) {
      failed = true;
      ctx.report({
        object: shoot.object,
        at: ALLOW_PRIVILEGED,
        message:
          allow === undefined
            ? `spec.kubernetes.allowPrivilegedContainers is not set and defaults to true on ${describeVersion(shoot.version)}, so Gardener installs a privileged PodSecurityPolicy every pod may use.`
            : `spec.kubernetes.allowPrivilegedContainers is ${JSON.stringify(allow)}, so Gardener installs a privileged PodSecurityPolicy every pod may use.`,
        fix: { title: 'Disallow privileged containers', ops: [{ op: 'set', path: ALLOW_PRIVILEGED, value: false }], safe: true },
      });
    }

    if (!failed) {
      ctx.report({
        object: shoot.object,
        state: 'pass',
        at: ALLOW_PRIVILEGED,
        message: `${describeVersion(shoot.version)}: the PodSecurityPolicy admission plugin is enabled and privileged containers are not allowed by default.`,
        evidence: `spec.kubernetes.allowPrivilegedContainers: false; PodSecurityPolicy admission enabled (Gardener default before Kubernetes 1.25)`,
      });
    }
  },
});
