/**
 * Workloads: the objects that carry a pod template, their pod specs and their
 * containers, each with the YAML path it is written at. Rules walk these
 * instead of guessing where a kind keeps its pods.
 */
import type { KubeObject } from '../engine/document.ts';
import type { YamlPath } from '../engine/types.ts';
import { isRecord } from '../engine/record.ts';

/** Where each Pod-bearing kind keeps its pod spec, from the object root. */
const POD_SPEC_PATHS: Readonly<Record<string, YamlPath>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

/** The Pod-bearing kinds (of any apiVersion). */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export const CONTAINER_GROUPS: readonly ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'];

export interface PodSpecSite {
  readonly object: KubeObject;
  readonly spec: Readonly<Record<string, unknown>>;
  /** Path of the pod spec from the object root. */
  readonly path: YamlPath;
}

export interface ContainerSite {
  readonly object: KubeObject;
  readonly group: ContainerGroup;
  readonly index: number;
  /** The container's name, or `#<index>` when it has none. */
  readonly name: string;
  readonly container: Readonly<Record<string, unknown>>;
  /** Path of the container from the object root (…spec.initContainers[0]). */
  readonly path: YamlPath;
  readonly podSpecPath: YamlPath;
}

export function isWorkload(object: KubeObject): boolean {
  return Object.hasOwn(POD_SPEC_PATHS, object.kind);
}

function at(value: unknown, path: YamlPath): unknown {
  let v = value;
  for (const seg of path) {
    if (typeof seg === 'number') v = Array.isArray(v) ? v[seg] : undefined;
    else v = isRecord(v) ? v[seg] : undefined;
  }
  return v;
}

/** The pod spec(s) of a workload; empty for other kinds or when the template has no spec. */
export function podSpecs(object: KubeObject): PodSpecSite[] {
  if (!isWorkload(object)) return [];
  const path = POD_SPEC_PATHS[object.kind]!;
  const spec = at(object.value, path);
  return isRecord(spec) ? [{ object, spec, path }] : [];
}

/** Every container, init container and ephemeral container of a workload, in that order. */
export function containers(object: KubeObject): ContainerSite[] {
  const out: ContainerSite[] = [];
  for (const pod of podSpecs(object)) {
    for (const group of CONTAINER_GROUPS) {
      const list = pod.spec[group];
      if (!Array.isArray(list)) continue;
      list.forEach((container, index) => {
        if (!isRecord(container)) return;
        const name = typeof container.name === 'string' && container.name !== '' ? container.name : `#${index}`;
        out.push({ object, group, index, name, container, path: [...pod.path, group, index], podSpecPath: pod.path });
      });
    }
  }
  return out;
}

const GROUP_NOUN: Record<ContainerGroup, string> = {
  containers: 'container',
  initContainers: 'init container',
  ephemeralContainers: 'ephemeral container',
};

/** "Deployment web" / "Pod team-a/web": how messages name a workload. */
export function describeObject(object: KubeObject): string {
  const name = object.name || '(unnamed)';
  return object.namespace ? `${object.kind} ${object.namespace}/${name}` : `${object.kind} ${name}`;
}

/** "init container setup of Deployment web". */
export function describeContainer(site: ContainerSite): string {
  return `${GROUP_NOUN[site.group]} ${site.name} of ${describeObject(site.object)}`;
}

/** An image reference split as the container runtime reads it. */
export interface ImageReference {
  /** Normalised repository: registry/path ("docker.io/library/nginx" for "nginx"). */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Parses `[registry/]path[:tag][@digest]`; undefined for values that are not a plain reference (templates, empty). */
export function parseImage(image: unknown): ImageReference | undefined {
  if (typeof image !== 'string') return undefined;
  let rest = image.trim();
  if (rest === '' || /[\s{}$<>]/.test(rest)) return undefined;
  let digest: string | undefined;
  const atSign = rest.indexOf('@');
  if (atSign !== -1) {
    digest = rest.slice(atSign + 1);
    rest = rest.slice(0, atSign);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/').filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  let registry = 'docker.io';
  const first = parts[0]!;
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first.toLowerCase();
    parts.shift();
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  return { repository: `${registry}/${parts.join('/')}`, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** "1.25", "sha256:…", "1.25@sha256:…", or "latest" for a bare repository. */
export function imageVersion(ref: ImageReference): string {
  if (ref.digest) return ref.tag ? `${ref.tag}@${ref.digest}` : ref.digest;
  return ref.tag ?? 'latest';
}

/**
 * Whether two references of one repository certainly name different images:
 * different digests, or different tags (no tag and no digest means `latest`).
 * A digest against a tag alone cannot be compared and counts as the same.
 */
export function differentVersions(a: ImageReference, b: ImageReference): boolean {
  if (a.digest && b.digest) return a.digest !== b.digest;
  if (a.digest || b.digest) {
    const [pinned, loose] = a.digest ? [a, b] : [b, a];
    return pinned.tag !== undefined && pinned.tag !== (loose.tag ?? 'latest');
  }
  return (a.tag ?? 'latest') !== (b.tag ?? 'latest');
}
