import { defineRule } from '../lib/engine/rule.ts';
import type { NamespaceOptions } from './_namespaces.ts';
import { checkNamespace, isNamespacedClusterObject, namespaceOptions } from './_namespaces.ts';

export default defineRule<NamespaceOptions>({
  meta: {
    id: '242383',
    name: 'dedicated-namespaces',
    title: 'User-managed objects must be created in dedicated namespaces, never in default, kube-system, kube-public or kube-node-lease.',
    category: 'workload',
    stigIds: ['242383'],
    defaultSeverity: 'error',
    rationale: [
      'The `default` namespace is where anything lands that names no namespace, and `kube-system`, `kube-public` and',
      '`kube-node-lease` belong to Kubernetes and Gardener. User objects placed there share policies, RBAC and quotas',
      'with system components and are easily overlooked or overwritten by Gardener reconciliation.',
      '',
      'The rule checks every namespaced object of the Shoot cluster. Gardener\'s own kinds (`*.gardener.cloud`),',
      'component configuration files and the ConfigMaps and Secrets a Shoot in the workspace references live in the',
      'garden project namespace and are not checked. Objects with no `metadata.namespace` are only checked with',
      '`checkObjectsWithoutNamespace`. Gardener\'s documented extension point `kube-system/ConfigMap/coredns-custom`',
      'is exempt by default.',
    ].join('\n'),
    fix: 'Set metadata.namespace to a dedicated namespace of your own.',
    snippet: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-settings\n  namespace: team-a\ndata:\n  mode: production\n',
    options: namespaceOptions(
      ['kube-system/ConfigMap/coredns-custom'],
      ' Default: Gardener\'s custom CoreDNS configuration, which Gardener documents as a ConfigMap in kube-system.',
    ),
    sources: ['https://gardener.cloud/docs/security-and-compliance/kubernetes-hardening/'],
  },
  checkObject(object, ctx) {
    if (!isNamespacedClusterObject(object, ctx.workspace)) return;
    checkNamespace(object, ctx, 'user-managed objects');
  },
});
