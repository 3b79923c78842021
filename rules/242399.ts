import { describeVersion } from '../lib/engine/kubernetes-version.ts';
import { defineRule } from '../lib/engine/rule.ts';
import { activeGateSites } from '../lib/k8s/feature-gates.ts';
import { quotedNote, sitesEnablingGate } from './_values.ts';

const GATE = 'DynamicKubeletConfig';
/** First Kubernetes minor without the gate. */
const REMOVED_IN = 26;

export default defineRule({
  meta: {
    id: '242399',
    name: 'no-dynamic-kubelet-config',
    title: 'No kubelet or other Kubernetes component may enable the DynamicKubeletConfig feature gate.',
    category: 'control-plane',
    stigIds: ['242399'],
    defaultSeverity: 'error',
    rationale:
      'Dynamic kubelet configuration let a kubelet load its configuration from a ConfigMap through the API server, so ' +
      'whoever could edit that ConfigMap could weaken every node\'s kubelet settings at run time.\n\n' +
      'The gate was deprecated (default false) up to Kubernetes 1.25 and removed in 1.26, where a component given it no ' +
      'longer starts and Gardener rejects the Shoot. The rule fails when any kubelet (the Shoot\'s or a worker pool\'s own) ' +
      'or any control-plane component sets it to true; a Shoot whose components all run 1.26 or later without the gate ' +
      'is not-applicable.',
    fix: 'Remove DynamicKubeletConfig from featureGates (or set it to false before Kubernetes 1.26).',
    snippet: 'spec:\n  kubernetes:\n    version: "1.25.16"\n    kubelet:\n      featureGates:\n        DynamicKubeletConfig: false\n',
    sources: [
      'https://gardener.cloud/docs/gardener/api-reference/core/#kubernetesconfig',
      'https://gardener.cloud/docs/gardener/api-reference/core/#kubeletconfig',
    ],
  },
  checkShoot(shoot, ctx) {
    const hits = sitesEnablingGate(shoot, GATE);
    for (const { site, path, value } of hits) {
      const minor = site.version.minor;
      ctx.report({
        object: shoot.object,
        at: path,
        message:
          `${GATE} is true for ${site.component}${quotedNote(value)}: it lets kubelet configuration be changed at run time through the API server` +
          (minor >= REMOVED_IN ? `; the gate was removed in Kubernetes 1.26, so Gardener rejects it on ${describeVersion(site.version)}.` : '.'),
        fix: { title: `Remove ${GATE} from the feature gates of ${site.component}`, ops: [{ op: 'delete', path }], safe: true },
      });
    }
    if (hits.length > 0) return;
    const minors = [shoot.version.minor, ...shoot.pools.map((p) => p.version.minor)];
    const off = activeGateSites(shoot).active.filter((s) => s.gates[GATE] === false).map((s) => s.component);
    const versionNote = shoot.version.source === 'assumed' || shoot.version.source === 'cloudprofile' ? ` (${describeVersion(shoot.version)})` : '';
    if (off.length === 0 && minors.every((m) => m >= REMOVED_IN)) {
      ctx.report({
        object: shoot.object,
        state: 'not-applicable',
        at: ['spec', 'kubernetes'],
        message: `Shoot ${shoot.name} runs Kubernetes 1.${Math.min(...minors)} or later, which has no ${GATE} feature gate${versionNote}.`,
        evidence: `${GATE} was removed in Kubernetes 1.26; no component sets it${versionNote}`,
      });
      return;
    }
    ctx.report({
      object: shoot.object,
      state: 'pass',
      at: ['spec', 'kubernetes'],
      message: `No component of Shoot ${shoot.name} enables ${GATE}.`,
      evidence: off.length ? `${GATE}: false for ${off.join(', ')}; default false elsewhere` : `no component sets ${GATE} (default false)`,
    });
  },
});
