/**
 * API versions Kubernetes stopped serving, by kind: facts from the Kubernetes
 * "Deprecated API Migration Guide" (https://kubernetes.io/docs/reference/using-api/deprecation-guide/).
 * A manifest that uses one of them cannot be applied to a cluster of that
 * minor or newer; it is a leftover of an older installation.
 */

export interface RemovedApi {
  readonly apiVersion: string;
  readonly kind: string;
  /** First Kubernetes minor (1.<removedIn>) that no longer serves it. */
  readonly removedIn: number;
  /** What to use instead; undefined when nothing replaces it (PodSecurityPolicy). */
  readonly replacement?: string;
  /** A note for the message when the move is more than an apiVersion change. */
  readonly note?: string;
}

type Row = readonly [apiVersions: readonly string[], kinds: readonly string[], removedIn: number, replacement: string | undefined, note?: string];

const ROWS: readonly Row[] = [
  // 1.16
  [['extensions/v1beta1'], ['NetworkPolicy'], 16, 'networking.k8s.io/v1'],
  [['extensions/v1beta1'], ['PodSecurityPolicy'], 16, 'policy/v1beta1', 'policy/v1beta1 PodSecurityPolicy was itself removed in 1.25; use Pod Security Admission'],
  [['extensions/v1beta1', 'apps/v1beta2'], ['DaemonSet'], 16, 'apps/v1'],
  [['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'], ['Deployment', 'ReplicaSet'], 16, 'apps/v1'],
  [['apps/v1beta1', 'apps/v1beta2'], ['StatefulSet'], 16, 'apps/v1'],
  // 1.22
  [['admissionregistration.k8s.io/v1beta1'], ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 22, 'admissionregistration.k8s.io/v1'],
  [['apiextensions.k8s.io/v1beta1'], ['CustomResourceDefinition'], 22, 'apiextensions.k8s.io/v1'],
  [['apiregistration.k8s.io/v1beta1'], ['APIService'], 22, 'apiregistration.k8s.io/v1'],
  [['authentication.k8s.io/v1beta1'], ['TokenReview'], 22, 'authentication.k8s.io/v1'],
  [['authorization.k8s.io/v1beta1'], ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview'], 22, 'authorization.k8s.io/v1'],
  [['certificates.k8s.io/v1beta1'], ['CertificateSigningRequest'], 22, 'certificates.k8s.io/v1'],
  [['coordination.k8s.io/v1beta1'], ['Lease'], 22, 'coordination.k8s.io/v1'],
  [['extensions/v1beta1', 'networking.k8s.io/v1beta1'], ['Ingress'], 22, 'networking.k8s.io/v1'],
  [['networking.k8s.io/v1beta1'], ['IngressClass'], 22, 'networking.k8s.io/v1'],
  [['rbac.authorization.k8s.io/v1beta1'], ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], 22, 'rbac.authorization.k8s.io/v1'],
  [['scheduling.k8s.io/v1beta1'], ['PriorityClass'], 22, 'scheduling.k8s.io/v1'],
  [['storage.k8s.io/v1beta1'], ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], 22, 'storage.k8s.io/v1'],
  // 1.25
  [['batch/v1beta1'], ['CronJob'], 25, 'batch/v1'],
  [['discovery.k8s.io/v1beta1'], ['EndpointSlice'], 25, 'discovery.k8s.io/v1'],
  [['events.k8s.io/v1beta1'], ['Event'], 25, 'events.k8s.io/v1'],
  [['autoscaling/v2beta1'], ['HorizontalPodAutoscaler'], 25, 'autoscaling/v2'],
  [['policy/v1beta1'], ['PodDisruptionBudget'], 25, 'policy/v1'],
  [['policy/v1beta1'], ['PodSecurityPolicy'], 25, undefined, 'PodSecurityPolicy has no successor API; use Pod Security Admission'],
  [['node.k8s.io/v1beta1'], ['RuntimeClass'], 25, 'node.k8s.io/v1'],
  // 1.26
  [['flowcontrol.apiserver.k8s.io/v1beta1'], ['FlowSchema', 'PriorityLevelConfiguration'], 26, 'flowcontrol.apiserver.k8s.io/v1'],
  [['autoscaling/v2beta2'], ['HorizontalPodAutoscaler'], 26, 'autoscaling/v2'],
  // 1.27
  [['storage.k8s.io/v1beta1'], ['CSIStorageCapacity'], 27, 'storage.k8s.io/v1'],
  // 1.29
  [['flowcontrol.apiserver.k8s.io/v1beta2'], ['FlowSchema', 'PriorityLevelConfiguration'], 29, 'flowcontrol.apiserver.k8s.io/v1'],
  // 1.32
  [['flowcontrol.apiserver.k8s.io/v1beta3'], ['FlowSchema', 'PriorityLevelConfiguration'], 32, 'flowcontrol.apiserver.k8s.io/v1'],
];

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}\u0000${kind}`;
}

const TABLE: ReadonlyMap<string, RemovedApi> = new Map(
  ROWS.flatMap(([apiVersions, kinds, removedIn, replacement, note]) =>
    apiVersions.flatMap((apiVersion) =>
      kinds.map((kind): [string, RemovedApi] => [
        key(apiVersion, kind),
        { apiVersion, kind, removedIn, ...(replacement ? { replacement } : {}), ...(note ? { note } : {}) },
      ]),
    ),
  ),
);

/** Every removed (apiVersion, kind) pair, ordered by removal. */
export const REMOVED_APIS: readonly RemovedApi[] = [...TABLE.values()];

/** The removal of this apiVersion of this kind, if Kubernetes stopped serving it. */
export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return TABLE.get(key(apiVersion.trim(), kind));
}

/** "use apps/v1" / the note, for a message. */
export function replacementHint(api: RemovedApi): string {
  if (api.note && !api.replacement) return api.note;
  const use = api.replacement ? `use ${api.replacement}` : 'no replacement API';
  return api.note ? `${use}; ${api.note}` : use;
}
