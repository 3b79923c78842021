/**
 * Schemas of the Kubernetes types the Gardener API reference links to instead
 * of documenting. Written from the Kubernetes API, not from a copy of it: only
 * what a Shoot can hold, and open (additional properties allowed) wherever the
 * list of fields is not complete.
 */
import type { ApiField, TypeExpr } from './schemas-parse.ts';

export type JsonSchema = { [k: string]: unknown };

export interface K8sType {
  readonly description: string;
  /** A fixed schema (no fields). */
  readonly schema?: JsonSchema;
  /** Fields, when the type is an object. */
  readonly fields?: readonly ApiField[];
  /** Unknown members are allowed (the list of fields is not exhaustive). */
  readonly open?: boolean;
}

const S = (name: 'string' | 'boolean' | 'integer' | 'number'): TypeExpr => ({ kind: 'scalar', name });
const EXT = (name: string): TypeExpr => ({ kind: 'external', name });

function field(name: string, type: TypeExpr, description: string, optional = true): ApiField {
  return { name, type, optional, description, deprecated: false, embedded: false };
}

/** time.ParseDuration: "0", or a sequence of decimal numbers each with a unit (ns, us, µs, ms, s, m, h). */
export const DURATION_PATTERN = '^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$';
/** resource.Quantity: a signed decimal number with a binary (Ki..Ei), decimal (n..E) or exponent suffix. */
export const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)))?$';

const quantity: JsonSchema = {
  anyOf: [{ type: 'number' }, { type: 'string', pattern: QUANTITY_PATTERN }],
};

export const K8S_TYPES: Readonly<Record<string, K8sType>> = {
  Duration: {
    description: 'A Go duration (metav1.Duration), e.g. "30s", "5m", "1h30m".',
    schema: { type: 'string', pattern: DURATION_PATTERN },
  },
  Time: { description: 'A timestamp (metav1.Time), RFC 3339, e.g. "2024-01-01T00:00:00Z".', schema: { type: 'string' } },
  Quantity: { description: 'A resource quantity (resource.Quantity): a number, or a string like "100m", "1Gi", "2".', schema: quantity },
  IntOrString: { description: 'An integer or a string (intstr.IntOrString), e.g. 1 or "25%".', schema: { anyOf: [{ type: 'integer' }, { type: 'string' }] } },
  RawExtension: { description: 'Any JSON value (runtime.RawExtension), usually an object with its own apiVersion and kind.', schema: {} },
  JSON: { description: 'Any JSON value (apiextensions/v1.JSON).', schema: {} },
  UID: { description: 'A UID (types.UID).', schema: { type: 'string' } },
  SecretType: { description: 'A Secret type (core/v1.SecretType).', schema: { type: 'string' } },
  ServiceExternalTrafficPolicy: { description: 'A Service external traffic policy (core/v1.ServiceExternalTrafficPolicy), e.g. "Cluster" or "Local".', schema: { type: 'string' } },
  ResourceList: {
    description: 'Resource names and quantities (core/v1.ResourceList), e.g. {cpu: "1", memory: 2Gi}.',
    schema: { type: 'object', additionalProperties: { $ref: '#/definitions/Quantity' } },
  },
  ObjectMeta: {
    description: 'Standard object metadata (meta/v1.ObjectMeta).',
    open: true,
    fields: [
      field('name', S('string'), 'Name of the object, unique within its namespace.'),
      field('generateName', S('string'), 'Prefix the server uses to generate a unique name when name is empty.'),
      field('namespace', S('string'), 'Namespace of the object (a Shoot lives in its project namespace, garden-<project>).'),
      field('uid', EXT('UID'), 'Set by the server.'),
      field('resourceVersion', S('string'), 'Set by the server.'),
      field('generation', S('integer'), 'Set by the server.'),
      field('creationTimestamp', EXT('Time'), 'Set by the server.'),
      field('deletionTimestamp', EXT('Time'), 'Set by the server.'),
      field('deletionGracePeriodSeconds', S('integer'), 'Set by the server.'),
      field('labels', { kind: 'map', values: S('string') }, 'Labels: string keys and string values.'),
      field('annotations', { kind: 'map', values: S('string') }, 'Annotations: string keys and string values.'),
      field('ownerReferences', { kind: 'array', items: { kind: 'map', values: { kind: 'external', name: 'RawExtension' } } }, 'Objects this one depends on.'),
      field('finalizers', { kind: 'array', items: S('string') }, 'Finalizers that must be removed before the object is deleted.'),
      field('managedFields', { kind: 'array', items: { kind: 'map', values: { kind: 'external', name: 'RawExtension' } } }, 'Set by the server (server-side apply).'),
    ],
  },
  LabelSelector: {
    description: 'A label query (meta/v1.LabelSelector).',
    fields: [
      field('matchLabels', { kind: 'map', values: S('string') }, 'Labels an object must carry, key and value.'),
      field('matchExpressions', { kind: 'array', items: EXT('LabelSelectorRequirement') }, 'Label requirements; all must hold.'),
    ],
  },
  LabelSelectorRequirement: {
    description: 'A label requirement (meta/v1.LabelSelectorRequirement).',
    fields: [
      field('key', S('string'), 'The label key.', false),
      field('operator', S('string'), 'In, NotIn, Exists or DoesNotExist.', false),
      field('values', { kind: 'array', items: S('string') }, 'Values for In and NotIn; empty for Exists and DoesNotExist.'),
    ],
  },
  ObjectReference: {
    description: 'A reference to an object (core/v1.ObjectReference).',
    fields: [
      field('apiVersion', S('string'), 'API version of the referent.'),
      field('kind', S('string'), 'Kind of the referent.'),
      field('name', S('string'), 'Name of the referent.'),
      field('namespace', S('string'), 'Namespace of the referent.'),
      field('uid', EXT('UID'), 'UID of the referent.'),
      field('resourceVersion', S('string'), 'Resource version of the referent.'),
      field('fieldPath', S('string'), 'A field inside the referent.'),
    ],
  },
  LocalObjectReference: {
    description: 'A reference to an object in the same namespace (core/v1.LocalObjectReference).',
    fields: [field('name', S('string'), 'Name of the referent.')],
  },
  SecretReference: {
    description: 'A reference to a Secret (core/v1.SecretReference).',
    fields: [field('name', S('string'), 'Name of the Secret.'), field('namespace', S('string'), 'Namespace of the Secret.')],
  },
  CrossVersionObjectReference: {
    description: 'A reference to an object by kind, name and API version (autoscaling/v1.CrossVersionObjectReference).',
    fields: [
      field('kind', S('string'), 'Kind of the referent.', false),
      field('name', S('string'), 'Name of the referent.', false),
      field('apiVersion', S('string'), 'API version of the referent.'),
    ],
  },
  Taint: {
    description: 'A node taint (core/v1.Taint).',
    fields: [
      field('key', S('string'), 'The taint key.', false),
      field('value', S('string'), 'The taint value.'),
      field('effect', S('string'), 'NoSchedule, PreferNoSchedule or NoExecute.', false),
      field('timeAdded', EXT('Time'), 'When the taint was added (NoExecute only).'),
    ],
  },
  Toleration: {
    description: 'A toleration (core/v1.Toleration).',
    fields: [
      field('key', S('string'), 'The taint key the toleration applies to; empty matches all keys.'),
      field('operator', S('string'), 'Exists or Equal (default Equal).'),
      field('value', S('string'), 'The taint value the toleration matches.'),
      field('effect', S('string'), 'The taint effect to match; empty matches all effects.'),
      field('tolerationSeconds', S('integer'), 'How long a NoExecute taint is tolerated.'),
    ],
  },
  Subject: {
    description: 'An RBAC subject (rbac/v1.Subject).',
    fields: [
      field('kind', S('string'), 'User, Group or ServiceAccount.', false),
      field('apiGroup', S('string'), 'API group of the subject.'),
      field('name', S('string'), 'Name of the subject.', false),
      field('namespace', S('string'), 'Namespace of a ServiceAccount subject.'),
    ],
  },
};
