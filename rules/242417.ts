import { defineRule } from '../lib/engine/rule.ts';
import { isWorkload } from '../lib/k8s/workloads.ts';
import type { NamespaceOptions } from './_namespaces.ts';
import { checkNamespace, namespaceOptions } from './_namespaces.ts';
import { DEPLOYMENT_SNIPPET } from './_snippets.ts';

export default defineRule<NamespaceOptions>({
  meta: {
    id: '242417',
    name: 'pods-in-user-namespaces',
    title: 'User pods and the workloads that create them must not run in default, kube-system, kube-public or kube-node-lease.',
    category: 'workload',
    stigIds: ['242417'],
    defaultSeverity: 'error',
    rationale: [
      'Separating user functionality from system functionality keeps a compromised or misbehaving user pod away from',
      'the system components and their privileges. `kube-system`, `kube-public` and `kube-node-lease` are managed by',
      'Kubernetes and Gardener; `default` is never to be used.',
      '',
      'Checked kinds: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob and',
      'PodTemplate, of any API version. 242383 checks every other namespaced object.',
    ].join('\n'),
    fix: 'Set metadata.namespace of the workload to a dedicated namespace of your own.',
    snippet: DEPLOYMENT_SNIPPET,
    options: namespaceOptions([], ''),
    sources: ['https://gardener.cloud/docs/security-and-compliance/kubernetes-hardening/'],
  },
  checkObject(object, ctx) {
    if (!isWorkload(object)) return;
    checkNamespace(object, ctx, 'workloads');
  },
});
