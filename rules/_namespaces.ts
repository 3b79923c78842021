/**
 * Shared by 242383 (every namespaced object) and 242417 (Pod-bearing kinds):
 * user objects must not live in the namespaces Kubernetes and Gardener keep
 * for themselves.
 */
import type { KubeObject } from '../lib/engine/document.ts';
import type { RuleContext, RuleOption } from '../lib/engine/rule.ts';
import type { Workspace } from '../lib/engine/workspace.ts';
import { describeObject } from '../lib/k8s/workloads.ts';
import { isRecord } from '../lib/engine/record.ts';

export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Kinds that have no namespace: `metadata.namespace` means nothing on them. */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'DeviceClass',
  'FlowSchema',
  'IngressClass',
  'IPAddress',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectReview',
  'SelfSubjectRulesReview',
  'ServiceCIDR',
  'StorageClass',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
]);

function group(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * Documents that are not objects of the Shoot cluster: Gardener's own kinds
 * (Shoot, CloudProfile, … live in the garden project namespace) and component
 * configuration files (AuthenticationConfiguration, audit Policy, kubeconfig).
 */
export function isGardenOrConfig(o: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean {
  const g = group(o.apiVersion);
  if (g === 'gardener.cloud' || g.endsWith('.gardener.cloud')) return true;
  if (g === 'audit.k8s.io' || g === 'config.k8s.io' || g.endsWith('.config.k8s.io')) return true;
  return o.apiVersion === 'v1' && o.kind === 'Config';
}

/** `kind/name` of every object a Shoot names by reference (ConfigMaps, Secrets, resources), per Shoot. */
function shootReferences(shoot: KubeObject): Set<string> {
  const refs = new Set<string>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 20) return;
    if (Array.isArray(v)) {
      for (const item of v) visit(item, depth + 1);
      return;
    }
    if (!isRecord(v)) return;
    for (const k of Object.keys(v)) {
      const x = v[k];
      // Only keys ending in name or ref (any case) name a reference: the others are not lower-cased.
      const last = k.charCodeAt(k.length - 1) | 0x20;
      if (last === 0x65 || last === 0x66) {
        const lower = k.toLowerCase();
        if (typeof x === 'string' && lower.endsWith('configmapname')) refs.add(`ConfigMap/${x}`);
        else if (typeof x === 'string' && lower.endsWith('secretname')) refs.add(`Secret/${x}`);
        else if (isRecord(x) && typeof x.name === 'string' && lower.endsWith('configmapref')) refs.add(`ConfigMap/${x.name}`);
        else if (isRecord(x) && typeof x.name === 'string' && lower.endsWith('secretref')) refs.add(`Secret/${x.name}`);
        else if (isRecord(x) && typeof x.name === 'string' && typeof x.kind === 'string' && lower === 'resourceref') refs.add(`${x.kind}/${x.name}`);
      }
      if (x !== null && typeof x === 'object') visit(x, depth + 1);
    }
  };
  visit(shoot.value.spec, 0);
  return refs;
}

const referencedCache = new WeakMap<Workspace, Map<KubeObject, string>>();

/** ConfigMaps and Secrets a Shoot of the workspace references: garden-side objects. */
function gardenSideReferences(workspace: Workspace): Map<KubeObject, string> {
  let found = referencedCache.get(workspace);
  if (found) return found;
  found = new Map();
  for (const shoot of workspace.ofKind('Shoot')) {
    for (const ref of shootReferences(shoot)) {
      const [kind, name] = [ref.slice(0, ref.indexOf('/')), ref.slice(ref.indexOf('/') + 1)];
      for (const o of workspace.find(kind, name, shoot.namespace)) {
        if (!found.has(o)) found.set(o, `${kind} ${name} is referenced by Shoot ${shoot.namespace ? `${shoot.namespace}/` : ''}${shoot.name}`);
      }
    }
  }
  referencedCache.set(workspace, found);
  return found;
}

/** Whether an object is an object of the Shoot cluster that lives in a namespace. */
export function isNamespacedClusterObject(o: KubeObject, workspace: Workspace): boolean {
  if (CLUSTER_SCOPED_KINDS.has(o.kind) || isGardenOrConfig(o)) return false;
  return !gardenSideReferences(workspace).has(o);
}

export interface NamespaceOptions {
  readonly checkObjectsWithoutNamespace: boolean;
  readonly exemptObjects: readonly string[];
}

export function namespaceOptions(exemptDefault: readonly string[], exemptNote: string): Record<string, RuleOption> {
  return {
    checkObjectsWithoutNamespace: {
      description:
        'Also fail objects with no `metadata.namespace` (they land in the namespace of the kubectl context, `default` unless `-n` is given). Off by default because manifests are often applied with `-n`.',
      schema: { type: 'boolean' },
      default: false,
    },
    exemptObjects: {
      description: `Objects allowed in a system namespace, as \`namespace/Kind/name\`.${exemptNote}`,
      schema: { type: 'array', items: { type: 'string', pattern: '^[^/]+/[^/]+/[^/]+$' }, uniqueItems: true },
      default: exemptDefault,
    },
  };
}

function reason(namespace: string): string {
  return namespace === 'default'
    ? 'the default namespace is never to be used for user objects'
    : `${namespace} is reserved for Kubernetes and Gardener system components`;
}

/** Reports the verdict on one object's namespace. */
export function checkNamespace(object: KubeObject, ctx: RuleContext<NamespaceOptions>, what: string): void {
  const metadata = isRecord(object.value.metadata) ? object.value.metadata : undefined;
  const raw = metadata?.namespace;
  const namespace = typeof raw === 'string' && raw !== '' ? raw : undefined;
  const at = ['metadata', 'namespace'];
  const subject = describeObject(object);
  if (namespace === undefined) {
    if (ctx.options.checkObjectsWithoutNamespace) {
      ctx.report({
        object,
        at,
        message: `${subject} has no metadata.namespace, so it lands in the namespace of the kubectl context (default unless -n is given); ${what} belong in a dedicated namespace.`,
      });
    } else {
      ctx.report({
        object,
        state: 'not-applicable',
        at,
        message: `${subject} has no metadata.namespace; the namespace is chosen when it is applied.`,
        evidence: 'no metadata.namespace (option checkObjectsWithoutNamespace is off)',
      });
    }
    return;
  }
  if (!SYSTEM_NAMESPACES.includes(namespace)) {
    ctx.report({ object, state: 'pass', at, message: `${subject} is in namespace ${namespace}.`, evidence: `metadata.namespace: ${namespace}` });
    return;
  }
  const id = `${namespace}/${object.kind}/${object.name}`;
  if ((ctx.options.exemptObjects ?? []).includes(id)) {
    ctx.report({ object, state: 'pass', at, message: `${subject} is exempted in ${namespace}.`, evidence: `exempted by option exemptObjects (${id})` });
    return;
  }
  ctx.report({ object, at, message: `${subject} is in namespace ${namespace}: ${reason(namespace)}; move ${what} to a dedicated namespace.` });
}
