import { defineRule } from '../lib/engine/rule.ts';
import { activeGateSites } from '../lib/k8s/feature-gates.ts';
import { quotedNote, sitesEnablingGate } from './_values.ts';

const GATE = 'DynamicAuditing';

export default defineRule({
  meta: {
    id: '242398',
    name: 'no-dynamic-auditing',
    title: 'No Kubernetes component may enable the DynamicAuditing feature gate.',
    category: 'control-plane',
    stigIds: ['242398'],
    defaultSeverity: 'error',
    rationale:
      'Dynamic auditing let `AuditSink` objects in the cluster add audit backends at run time, so anyone allowed to ' +
      'create them could redirect or flood the audit trail.\n\n' +
      'The gate was removed in Kubernetes 1.19: a component given `DynamicAuditing` no longer starts and Gardener ' +
      'rejects the Shoot. The rule fails when any component (kube-apiserver, kube-controller-manager, kube-scheduler, ' +
      'kube-proxy, the Shoot\'s kubelet or a worker pool\'s own kubelet) sets it to true.',
    fix: 'Remove DynamicAuditing from featureGates.',
    snippet: 'spec:\n  kubernetes:\n    kubeAPIServer:\n      featureGates: {}\n',
    sources: ['https://gardener.cloud/docs/gardener/api-reference/core/#kubernetesconfig'],
  },
  checkShoot(shoot, ctx) {
    const hits = sitesEnablingGate(shoot, GATE);
    for (const { site, path, value } of hits) {
      ctx.report({
        object: shoot.object,
        at: path,
        message: `${GATE} is true for ${site.component}${quotedNote(value)}; the gate was removed in Kubernetes 1.19, so Gardener rejects it on Kubernetes 1.${site.version.minor}.`,
        fix: { title: `Remove ${GATE} from the feature gates of ${site.component}`, ops: [{ op: 'delete', path }], safe: true },
      });
    }
    if (hits.length === 0) {
      const off = activeGateSites(shoot).active.filter((s) => s.gates[GATE] === false).map((s) => s.component);
      ctx.report({
        object: shoot.object,
        state: 'pass',
        at: ['spec', 'kubernetes'],
        message: `No component of Shoot ${shoot.name} enables ${GATE}.`,
        evidence: off.length ? `${GATE}: false for ${off.join(', ')}; not set elsewhere` : `no component sets ${GATE} (removed in Kubernetes 1.19)`,
      });
    }
  },
});
