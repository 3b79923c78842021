import type { KubeObject, ParsedFile } from './document.ts';
import { foundIn } from './lookup-scope.ts';
import { isRecord } from './record.ts';
import type { Settings } from './settings.ts';
import { uniqueBy } from './unique.ts';

/** What reference precedence needs of a candidate object. */
export interface ReferenceCandidate {
  readonly namespace: string | undefined;
  readonly value: Record<string, unknown>;
}

/** The candidates a reference resolves to (spec section 1, precedence). */
export interface ReferencePick<T> {
  /**
   * The candidates to judge: none, one, or every equally good one when they
   * differ in content (`ambiguous`: judge with each, report the worse verdict).
   */
  readonly chosen: readonly T[];
  /**
   * True when no document is in exactly the referenced namespace and a
   * namespace-less one stands in for it (the message says so).
   */
  readonly fallback: boolean;
  /** True when several equally good candidates differ in content. */
  readonly ambiguous: boolean;
}

/** The content that decides a verdict: everything but metadata, with keys sorted. */
function contentKey(o: ReferenceCandidate): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (isRecord(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
    return v;
  };
  const { metadata: _metadata, ...content } = o.value;
  return JSON.stringify(canonical(content));
}

/** One candidate per distinct content, in input order. */
function distinct<T extends ReferenceCandidate>(list: readonly T[]): T[] {
  if (list.length < 2) return [...list];
  return uniqueBy(list, contentKey);
}

/**
 * Reference precedence, the same for ConfigMaps, CloudProfiles and
 * NamespacedCloudProfiles, whatever the input order:
 * - a document in exactly the referenced `namespace` always wins;
 * - a namespace-less document (applied with `-n`) is used only when there is
 *   no exact match, and the pick says it is a `fallback`;
 * - documents in other namespaces never match;
 * - with no namespace to prefer (`namespace` undefined: the referring object
 *   has none, or the kind is cluster-scoped), every candidate is as good as
 *   any other;
 * - equally good candidates with the same content count once; with different
 *   content the pick is `ambiguous` and holds each of them.
 * `candidates` are same-kind, same-name objects; the pick is pure.
 */
export function pickReference<T extends ReferenceCandidate>(candidates: readonly T[], namespace: string | undefined): ReferencePick<T> {
  if (namespace === undefined) {
    const chosen = distinct(candidates);
    return { chosen, fallback: false, ambiguous: chosen.length > 1 };
  }
  const exact = candidates.filter((o) => o.namespace === namespace);
  const pool = exact.length > 0 ? exact : candidates.filter((o) => o.namespace === undefined);
  const chosen = distinct(pool);
  return { chosen, fallback: exact.length === 0 && chosen.length > 0, ambiguous: chosen.length > 1 };
}

/** " (a document without namespace, used because ...)" when a namespace-less document stands in for the referenced namespace, else "". */
export function fallbackNote(fallback: boolean, kind: string, name: string, namespace: string | undefined, scope: Pick<Settings, 'workspaceRoot'>): string {
  return fallback && namespace
    ? ` (a document without namespace, used because no ${kind} ${name} in namespace ${namespace} is ${foundIn(scope)})`
    : '';
}

/**
 * Every object of a run, indexed for cross-document references. A reference
 * from namespace N matches objects in N and objects with no namespace (they are
 * applied with `-n`); a reference from an object with no namespace matches any.
 * `resolve` applies the precedence among them (`pickReference`).
 */
export class Workspace {
  readonly objects: readonly KubeObject[];
  private readonly byKind = new Map<string, KubeObject[]>();
  private readonly byKindName = new Map<string, KubeObject[]>();

  constructor(readonly files: readonly ParsedFile[]) {
    this.objects = files.flatMap((f) => f.objects);
    for (const o of this.objects) {
      push(this.byKind, o.kind, o);
      push(this.byKindName, `${o.kind}\u0000${o.name}`, o);
    }
  }

  ofKind(kind: string): readonly KubeObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The objects of `kind` named `name` visible from `namespace`, in input order (no precedence: see `resolve`). */
  find(kind: string, name: string, namespace: string | undefined): KubeObject[] {
    return (this.byKindName.get(`${kind}\u0000${name}`) ?? []).filter(
      (o) => namespace === undefined || o.namespace === undefined || o.namespace === namespace,
    );
  }

  /**
   * The objects a reference to `kind`/`name` from `namespace` resolves to, by
   * precedence (`pickReference`). `namespace` undefined: a cluster-scoped kind,
   * or a referring object without namespace.
   */
  resolve(kind: string, name: string, namespace: string | undefined, accept: (o: KubeObject) => boolean = () => true, from?: KubeObject): ReferencePick<KubeObject> {
    return pickReference(inScope((this.byKindName.get(`${kind}\u0000${name}`) ?? []).filter(accept), from), namespace);
  }

  /** The v1 ConfigMaps a reference from `namespace` (by object `from`) resolves to. */
  configMap(name: string, namespace: string | undefined, from?: KubeObject): ReferencePick<KubeObject> {
    return this.resolve('ConfigMap', name, namespace, (o) => o.apiVersion === 'v1', from);
  }

  /** Shoots of the supported API version. */
  get shoots(): readonly KubeObject[] {
    return this.ofKind('Shoot').filter((o) => o.apiVersion === 'core.gardener.cloud/v1beta1');
  }
}

/**
 * Render scope: an object of a render (a kustomization or chart) refers to
 * the objects of the same render when it has any of that name, and a file's
 * object to files' objects before rendered ones.
 */
function inScope(candidates: KubeObject[], from: KubeObject | undefined): KubeObject[] {
  if (!from || candidates.length < 2) return candidates;
  const scope = from.file.scope;
  const same = candidates.filter((o) => o.file.scope === scope);
  return same.length > 0 ? same : candidates;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
