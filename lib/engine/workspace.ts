import type { KubeObject, ParsedFile } from './document.ts';

/**
 * Every object of a run, indexed for cross-document references. A reference
 * from namespace N matches objects in N and objects with no namespace (they are
 * applied with `-n`); a reference from an object with no namespace matches any.
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

  /** The objects of `kind` named `name` visible from `namespace`, in input order. */
  find(kind: string, name: string, namespace: string | undefined): KubeObject[] {
    return (this.byKindName.get(`${kind}\u0000${name}`) ?? []).filter(
      (o) => namespace === undefined || o.namespace === undefined || o.namespace === namespace,
    );
  }

  configMap(name: string, namespace: string | undefined): KubeObject | undefined {
    return this.find('ConfigMap', name, namespace).find((o) => o.apiVersion === 'v1');
  }

  /** Shoots of the supported API version. */
  get shoots(): readonly KubeObject[] {
    return this.ofKind('Shoot').filter((o) => o.apiVersion === 'core.gardener.cloud/v1beta1');
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
