import { defineRule } from '../lib/engine/rule.ts';
import { checkRemovedGate } from './_removed-gate.ts';

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
    fixType: 'safe',
    rationale:
      'Dynamic kubelet configuration let a kubelet load its configuration from a ConfigMap through the API server, so ' +
      'whoever could edit that ConfigMap could weaken every node\'s kubelet settings at run time.\n\n' +
      'The gate was deprecated (default false) up to Kubernetes 1.25 and removed in 1.26, where a component given it no ' +
      'longer starts and Gardener rejects the Shoot. The rule fails when any kubelet (the Shoot\'s or a worker pool\'s own) ' +
      'or any control-plane component sets it to true; set only on a Shoot-level kubelet that no pool uses (each has its own ' +
      'kubelet config), it is a warning. A Shoot whose components all run 1.26 or later without the gate is not-applicable, ' +
      'as the STIG limits the check to 1.25 and older (the same rule as 242398); a gate written as false passes.',
    fix: 'Remove DynamicKubeletConfig from featureGates (or set it to false before Kubernetes 1.26).',
    snippet: 'spec:\n  kubernetes:\n    version: "1.25.16"\n    kubelet:\n      featureGates:\n        DynamicKubeletConfig: false\n',
    sources: [
      'https://gardener.cloud/docs/gardener/api-reference/core/#kubernetesconfig',
      'https://gardener.cloud/docs/gardener/api-reference/core/#kubeletconfig',
    ],
  },
  checkShoot(shoot, ctx) {
    checkRemovedGate(shoot, ctx, { gate: GATE, removedIn: REMOVED_IN, effect: ': it lets kubelet configuration be changed at run time through the API server' });
  },
});
