import { defineRule } from '../lib/engine/rule.ts';
import { checkRemovedGate } from './_removed-gate.ts';

const GATE = 'DynamicAuditing';
/** First Kubernetes minor without the gate. */
const REMOVED_IN = 19;

export default defineRule({
  meta: {
    id: '242398',
    name: 'no-dynamic-auditing',
    title: 'No Kubernetes component may enable the DynamicAuditing feature gate.',
    category: 'control-plane',
    stigIds: ['242398'],
    defaultSeverity: 'error',
    fixType: 'safe',
    rationale:
      'Dynamic auditing let `AuditSink` objects in the cluster add audit backends at run time, so anyone allowed to ' +
      'create them could redirect or flood the audit trail.\n\n' +
      'The gate was removed in Kubernetes 1.19: a component given `DynamicAuditing` no longer starts and Gardener ' +
      'rejects the Shoot. The rule fails when any component (kube-apiserver, kube-controller-manager, kube-scheduler, ' +
      'kube-proxy, the Shoot\'s kubelet or a worker pool\'s own kubelet) sets it to true; set only on a Shoot-level kubelet that ' +
      'no pool uses (each has its own kubelet config), it is a warning. A Shoot whose components all run 1.19 or later and ' +
      'do not set the gate is not-applicable (the same rule as 242399); a gate written as false passes.',
    fix: 'Remove DynamicAuditing from featureGates.',
    snippet: 'spec:\n  kubernetes:\n    kubeAPIServer:\n      featureGates: {}\n',
    sources: ['https://gardener.cloud/docs/gardener/api-reference/core/#kubernetesconfig'],
  },
  checkShoot(shoot, ctx) {
    checkRemovedGate(shoot, ctx, { gate: GATE, removedIn: REMOVED_IN, effect: '' });
  },
});
