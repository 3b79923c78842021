import type { KubeObject, ParsedFile } from './document.ts';

/**
 * Every object of a run, indexed for cross-document references. A reference
 * from namespace N matches objects in N and objects with no namespace (they are
 * applied with `-n`); a reference from an object with no namespace matches any.
 */
export class Workspace {
  readonly objects: readonly KubeObject[];
  private readonly byKind = new Map<string, KubeObject[]>();

  constructor(readonly files: readonly ParsedFile[]) {
    this.objects = files.flatMap((f) => f.objects);
    for (const o of this.objects) {
      const list = this.byKind.get(o.kind);
      if (list) list.push(o);
      else this.byKind.set(o.kind, [o]);
    }
  }

  ofKind(kind: string): readonly KubeObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The objects of `kind` named `name` visible from `namespace`, in input order. */
  find(kind: string, name: string, namespace: string | undefined): KubeObject[] {
    return this.ofKind(kind).filter(
      (o) => o.name === name && (namespace === undefined || o.namespace === undefined || o.namespace === namespace),
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
