/**
 * The CloudProfile a Shoot uses, resolved once for the effective model (the
 * default Kubernetes version) and for the rules that classify versions.
 *
 * The reference is `spec.cloudProfile.{kind,name}` or the older
 * `spec.cloudProfileName`. A CloudProfile is cluster-scoped; a
 * NamespacedCloudProfile lives in the Shoot's namespace. Precedence among
 * same-named documents is `pickReference`'s (exact namespace, then a
 * namespace-less fallback; different content is ambiguous and every candidate
 * gets a view).
 *
 * A NamespacedCloudProfile extends its parent CloudProfile: its status (when the
 * manifest comes from the cluster) holds the merged result; otherwise its own
 * versions are merged over the parent's when the parent is linted too, and a
 * version not found is only `unverifiable` when the parent is missing.
 */
import type { KubeObject } from '../document.ts';
import { compareVersions } from './kubernetes-version.ts';
import { notFound } from '../lookup-scope.ts';
import { isRecord } from '../record.ts';
import type { Settings } from '../settings.ts';
import type { YamlPath } from '../types.ts';
import type { Workspace } from '../workspace.ts';
import { fallbackNote } from '../workspace.ts';

export const CLASSIFICATIONS = ['preview', 'supported', 'deprecated', 'expired', 'unavailable'] as const;

/** One version entry of a profile, with where it is written. */
export interface VersionEntry {
  readonly version: string;
  readonly value: Record<string, unknown>;
  readonly object: KubeObject;
  readonly path: YamlPath;
}

export interface ProfileView {
  /** "CloudProfile aws" or "NamespacedCloudProfile garden-dev/custom (parent CloudProfile aws)". */
  readonly describe: string;
  readonly profile: KubeObject;
  /** The parent CloudProfile merged into a NamespacedCloudProfile's own versions. */
  readonly parent?: KubeObject;
  readonly kubernetes: readonly VersionEntry[];
  readonly images: ReadonlyMap<string, readonly VersionEntry[]>;
  /** Image names in profile order (Gardener defaults a pool's image to the first). */
  readonly imageOrder: readonly string[];
  /** False when a NamespacedCloudProfile's parent is not linted: a version not found may be the parent's. */
  readonly complete: boolean;
}

export interface CloudProfileReference {
  readonly kind: string;
  readonly name: string;
  /** Where the Shoot names it. */
  readonly at: YamlPath;
}

export type ProfileLookup =
  | { readonly state: 'unreferenced' }
  | { readonly state: 'missing'; readonly what: string; readonly at: YamlPath }
  | {
      readonly state: 'found';
      /** One view per candidate: several when the reference is ambiguous (judge with each). */
      readonly views: readonly ProfileView[];
      readonly at: YamlPath;
      /** "NamespacedCloudProfile garden-dev/custom" as the Shoot refers to it. */
      readonly what: string;
      /** A namespace-less NamespacedCloudProfile stands in for the one in the Shoot's namespace. */
      readonly fallback: boolean;
      readonly ambiguous: boolean;
    };

/** The profile a Shoot names (spec.cloudProfile, else the older spec.cloudProfileName). */
export function cloudProfileReference(spec: unknown): CloudProfileReference | undefined {
  const s = isRecord(spec) ? spec : {};
  const ref = isRecord(s.cloudProfile) ? s.cloudProfile : undefined;
  if (ref && typeof ref.name === 'string' && ref.name !== '') {
    return { kind: typeof ref.kind === 'string' ? ref.kind : 'CloudProfile', name: ref.name, at: ['spec', 'cloudProfile', 'name'] };
  }
  if (typeof s.cloudProfileName === 'string' && s.cloudProfileName !== '') return { kind: 'CloudProfile', name: s.cloudProfileName, at: ['spec', 'cloudProfileName'] };
  return undefined;
}

/** Resolves the profile a Shoot references, merged with its parent when it is a NamespacedCloudProfile. */
/** `scope` says where the profile was looked for, in the views' descriptions (lookup-scope.ts). */
export function resolveCloudProfile(spec: unknown, shoot: KubeObject, workspace: Workspace, scope: Pick<Settings, 'workspaceRoot'>): ProfileLookup {
  const ref = cloudProfileReference(spec);
  if (!ref) return { state: 'unreferenced' };
  const namespaced = ref.kind === 'NamespacedCloudProfile';
  const what = `${ref.kind} ${namespaced && shoot.namespace ? `${shoot.namespace}/` : ''}${ref.name}`;
  const pick = workspace.resolve(ref.kind, ref.name, namespaced ? shoot.namespace : undefined, undefined, shoot);
  if (pick.chosen.length === 0) return { state: 'missing', what, at: ref.at };
  const note = fallbackNote(pick.fallback, ref.kind, ref.name, shoot.namespace, scope);
  const views = pick.chosen.flatMap((p) => profileViews(p, workspace, scope)).map((v) => (note ? { ...v, describe: `${v.describe}${note}` } : v));
  return { state: 'found', views, at: ref.at, what, fallback: pick.fallback, ambiguous: views.length > 1 };
}

function entries(object: KubeObject, list: unknown, path: YamlPath): VersionEntry[] {
  if (!Array.isArray(list)) return [];
  const out: VersionEntry[] = [];
  list.forEach((v, i) => {
    if (isRecord(v) && typeof v.version === 'string') out.push({ version: v.version, value: v, object, path: [...path, i] });
  });
  return out;
}

interface SpecLists {
  kubernetes: VersionEntry[];
  images: Map<string, VersionEntry[]>;
  order: string[];
}

function listsOf(object: KubeObject, spec: unknown, base: YamlPath): SpecLists {
  const s = isRecord(spec) ? spec : {};
  const k8s = isRecord(s.kubernetes) ? s.kubernetes : {};
  const kubernetes = entries(object, k8s.versions, [...base, 'kubernetes', 'versions']);
  const images = new Map<string, VersionEntry[]>();
  const order: string[] = [];
  if (Array.isArray(s.machineImages)) {
    s.machineImages.forEach((img, i) => {
      if (!isRecord(img) || typeof img.name !== 'string') return;
      if (!images.has(img.name)) order.push(img.name);
      images.set(img.name, [...(images.get(img.name) ?? []), ...entries(object, img.versions, [...base, 'machineImages', i, 'versions'])]);
    });
  }
  return { kubernetes, images, order };
}

/** Child entries override the parent's entry of the same version (field by field); new versions are added. */
function mergeEntries(parent: readonly VersionEntry[], child: readonly VersionEntry[]): VersionEntry[] {
  const out = parent.map((p) => {
    const c = child.find((x) => x.version === p.version);
    return c ? { ...c, value: { ...p.value, ...c.value } } : p;
  });
  for (const c of child) if (!parent.some((p) => p.version === c.version)) out.push(c);
  return out;
}

function merge(parent: SpecLists, child: SpecLists): SpecLists {
  const images = new Map(parent.images);
  const order = [...parent.order];
  for (const [name, list] of child.images) {
    if (!images.has(name)) order.push(name);
    images.set(name, mergeEntries(images.get(name) ?? [], list));
  }
  return { kubernetes: mergeEntries(parent.kubernetes, child.kubernetes), images, order };
}

function objName(o: KubeObject): string {
  return o.namespace ? `${o.namespace}/${o.name}` : o.name;
}

/** The views of one profile document: one, or one per parent candidate when its parent reference is ambiguous. */
function profileViews(profile: KubeObject, workspace: Workspace, scope: Pick<Settings, 'workspaceRoot'>): ProfileView[] {
  const own = listsOf(profile, profile.value.spec, ['spec']);
  if (profile.kind !== 'NamespacedCloudProfile') {
    return [{ describe: `CloudProfile ${profile.name}`, profile, kubernetes: own.kubernetes, images: own.images, imageOrder: own.order, complete: true }];
  }
  const status = isRecord(profile.value.status) ? profile.value.status : {};
  if (isRecord(status.cloudProfileSpec)) {
    const merged = listsOf(profile, status.cloudProfileSpec, ['status', 'cloudProfileSpec']);
    // Point at the spec's own entry where the namespaced profile writes one.
    const prefer = (list: VersionEntry[], mine: readonly VersionEntry[]): VersionEntry[] =>
      list.map((e) => mine.find((m) => m.version === e.version) ?? e);
    const images = new Map<string, VersionEntry[]>();
    for (const [name, list] of merged.images) images.set(name, prefer(list, own.images.get(name) ?? []));
    return [{
      describe: `NamespacedCloudProfile ${objName(profile)}`,
      profile,
      kubernetes: prefer(merged.kubernetes, own.kubernetes),
      images,
      imageOrder: merged.order,
      complete: true,
    }];
  }
  const spec = isRecord(profile.value.spec) ? profile.value.spec : {};
  const parentRef = isRecord(spec.parent) ? spec.parent : undefined;
  const parentName = typeof parentRef?.name === 'string' ? parentRef.name : undefined;
  const parents = parentName ? workspace.resolve('CloudProfile', parentName, undefined).chosen : [];
  if (parents.length === 0) {
    return [{
      describe: `NamespacedCloudProfile ${objName(profile)} (its parent CloudProfile ${parentName ?? '(none)'} is ${notFound(scope)})`,
      profile,
      kubernetes: own.kubernetes,
      images: own.images,
      imageOrder: own.order,
      complete: false,
    }];
  }
  return parents.map((parent) => {
    const merged = merge(listsOf(parent, parent.value.spec, ['spec']), own);
    return {
      describe: `NamespacedCloudProfile ${objName(profile)} (parent CloudProfile ${parent.name})`,
      profile,
      parent,
      kubernetes: merged.kubernetes,
      images: merged.images,
      imageOrder: merged.order,
      complete: true,
    };
  });
}

function dayOf(timestamp: unknown): number | undefined {
  if (typeof timestamp !== 'string' && !(timestamp instanceof Date)) return undefined;
  const t = timestamp instanceof Date ? timestamp.getTime() : Date.parse(timestamp);
  return Number.isNaN(t) ? undefined : t;
}

export interface Classified {
  readonly classification: string;
  /** How it was decided when more than the written classification did (for messages and evidence); empty otherwise. */
  readonly how: string;
}

/**
 * The classification of a version on `today` (YYYY-MM-DD, the run's date), as
 * Gardener computes it: an expiration date that has passed makes it `expired`;
 * else `lifecycle` (the last stage that has started), else `classification`;
 * with neither, `supported`.
 */
export function classify(entry: VersionEntry, today: string): Classified {
  const now = Date.parse(`${today}T00:00:00Z`);
  const v = entry.value;
  const expires = dayOf(v.expirationDate);
  if (expires !== undefined && !(now < expires)) return { classification: 'expired', how: `expirationDate ${String(v.expirationDate)} has passed` };
  if (Array.isArray(v.lifecycle) && v.lifecycle.length > 0) {
    let current: string | undefined;
    let since: unknown;
    for (const stage of v.lifecycle) {
      if (!isRecord(stage) || typeof stage.classification !== 'string') continue;
      const start = stage.startTime === undefined || stage.startTime === null ? -Infinity : dayOf(stage.startTime);
      if (start !== undefined && start <= now) {
        current = stage.classification;
        since = stage.startTime;
      }
    }
    if (current === undefined) return { classification: 'unavailable', how: 'no lifecycle stage has started yet' };
    return { classification: current, how: since ? `lifecycle stage since ${String(since)}` : 'lifecycle' };
  }
  if (typeof v.classification === 'string') return { classification: v.classification, how: '' };
  return { classification: 'supported', how: 'no classification (Gardener treats it as supported)' };
}

/** A version Gardener would pick by default: supported or deprecated on `today` (not preview, expired or unavailable). */
function usable(e: VersionEntry, today: string): boolean {
  const c = classify(e, today).classification;
  return c === 'supported' || c === 'deprecated';
}

/** The newest usable version (not preview, not expired on `today`), or undefined. */
export function newestUsable(list: readonly VersionEntry[], today: string): VersionEntry | undefined {
  return [...list].sort((a, b) => compareVersions(a.version, b.version)).filter((e) => usable(e, today)).at(-1);
}

/** Gardener's pick when the Shoot leaves a version open: the newest usable one, else the newest. */
export function newest(list: readonly VersionEntry[], today: string): VersionEntry | undefined {
  return newestUsable(list, today) ?? [...list].sort((a, b) => compareVersions(a.version, b.version)).at(-1);
}

/** The entry for a version as written; a partial Kubernetes version (`1.30`) resolves to its newest patch. */
export function findVersion(list: readonly VersionEntry[], version: string, today: string, partial: boolean): VersionEntry | undefined {
  const exact = list.find((e) => e.version === version);
  if (exact || !partial || !/^\d+\.\d+$/.test(version)) return exact;
  return newest(list.filter((e) => e.version.startsWith(`${version}.`)), today);
}
