/**
 * The CloudProfile a Shoot uses, as the version rules need it: Kubernetes
 * versions and machine image versions with their classification today.
 *
 * A NamespacedCloudProfile extends its parent CloudProfile: its status (when the
 * manifest comes from the cluster) holds the merged result; otherwise its own
 * versions are merged over the parent's when the parent is linted too, and a
 * version not found is only `unverifiable` when the parent is missing.
 */
import type { KubeObject } from '../lib/engine/document.ts';
import type { RuleContext } from '../lib/engine/rule.ts';
import { compareVersions } from '../lib/engine/kubernetes-version.ts';
import type { ShootModel } from '../lib/engine/shoot.ts';
import { referencedCloudProfile } from '../lib/engine/shoot.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import type { Workspace } from '../lib/engine/workspace.ts';
import { isRecord } from '../lib/engine/record.ts';

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
  readonly kubernetes: readonly VersionEntry[];
  readonly images: ReadonlyMap<string, readonly VersionEntry[]>;
  /** Image names in profile order (Gardener defaults a pool's image to the first). */
  readonly imageOrder: readonly string[];
  /** False when a NamespacedCloudProfile's parent is not linted: a version not found may be the parent's. */
  readonly complete: boolean;
}

export type ProfileLookup =
  | { readonly state: 'unreferenced' }
  | { readonly state: 'missing'; readonly what: string; readonly at: YamlPath }
  | { readonly state: 'found'; readonly view: ProfileView; readonly at: YamlPath };

function refOf(shoot: ShootModel): { kind: string; name: string; at: YamlPath } | undefined {
  const spec = shoot.spec as { cloudProfile?: unknown; cloudProfileName?: unknown };
  const ref = isRecord(spec.cloudProfile) ? spec.cloudProfile : undefined;
  if (ref && typeof ref.name === 'string') {
    return { kind: typeof ref.kind === 'string' ? ref.kind : 'CloudProfile', name: ref.name, at: ['spec', 'cloudProfile', 'name'] };
  }
  if (typeof spec.cloudProfileName === 'string') return { kind: 'CloudProfile', name: spec.cloudProfileName, at: ['spec', 'cloudProfileName'] };
  return undefined;
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

/** Resolves the profile a Shoot references, merged with its parent when it is a NamespacedCloudProfile. */
function lookupProfile(shoot: ShootModel, workspace: Workspace): ProfileLookup {
  const ref = refOf(shoot);
  if (!ref) return { state: 'unreferenced' };
  const profile = referencedCloudProfile(shoot.spec, shoot.object, workspace);
  if (!profile) {
    const ns = ref.kind === 'NamespacedCloudProfile' && shoot.namespace ? `${shoot.namespace}/` : '';
    return { state: 'missing', what: `${ref.kind} ${ns}${ref.name}`, at: ref.at };
  }
  const view = profileView(profile, workspace);
  return { state: 'found', view, at: ref.at };
}

/**
 * The profile a Shoot uses, or undefined after reporting why its versions
 * cannot be classified (no CloudProfile named, or it is not linted).
 * `subject` is what the rule classifies ("its machine images"), `check` what
 * the profile is needed for ("the machine images' classification").
 */
export function profileOrUnverifiable(shoot: ShootModel, ctx: RuleContext<unknown>, subject: string, check: string): ProfileView | undefined {
  const lookup = lookupProfile(shoot, ctx.workspace);
  if (lookup.state === 'unreferenced') {
    ctx.report({
      object: shoot.object,
      state: 'unverifiable',
      at: ['spec', 'cloudProfile'],
      message: `Shoot ${shoot.name} names no CloudProfile (spec.cloudProfile or spec.cloudProfileName), so ${subject} cannot be classified.`,
    });
    return undefined;
  }
  if (lookup.state === 'missing') {
    ctx.report({
      object: shoot.object,
      state: 'unverifiable',
      at: lookup.at,
      message: `${lookup.what}: not among the linted files; lint it together with the Shoot to check ${check}.`,
    });
    return undefined;
  }
  return lookup.view;
}

function profileView(profile: KubeObject, workspace: Workspace): ProfileView {
  const own = listsOf(profile, profile.value.spec, ['spec']);
  if (profile.kind !== 'NamespacedCloudProfile') {
    return { describe: `CloudProfile ${profile.name}`, profile, kubernetes: own.kubernetes, images: own.images, imageOrder: own.order, complete: true };
  }
  const status = isRecord(profile.value.status) ? profile.value.status : {};
  if (isRecord(status.cloudProfileSpec)) {
    const merged = listsOf(profile, status.cloudProfileSpec, ['status', 'cloudProfileSpec']);
    // Point at the spec's own entry where the namespaced profile writes one.
    const prefer = (list: VersionEntry[], mine: readonly VersionEntry[]): VersionEntry[] =>
      list.map((e) => mine.find((m) => m.version === e.version) ?? e);
    const images = new Map<string, VersionEntry[]>();
    for (const [name, list] of merged.images) images.set(name, prefer(list, own.images.get(name) ?? []));
    return {
      describe: `NamespacedCloudProfile ${objName(profile)}`,
      profile,
      kubernetes: prefer(merged.kubernetes, own.kubernetes),
      images,
      imageOrder: merged.order,
      complete: true,
    };
  }
  const spec = isRecord(profile.value.spec) ? profile.value.spec : {};
  const parentRef = isRecord(spec.parent) ? spec.parent : undefined;
  const parentName = typeof parentRef?.name === 'string' ? parentRef.name : undefined;
  const parent = parentName ? workspace.find('CloudProfile', parentName, undefined)[0] : undefined;
  if (!parent) {
    return {
      describe: `NamespacedCloudProfile ${objName(profile)} (its parent CloudProfile ${parentName ?? '(none)'} is not among the linted files)`,
      profile,
      kubernetes: own.kubernetes,
      images: own.images,
      imageOrder: own.order,
      complete: false,
    };
  }
  const merged = merge(listsOf(parent, parent.value.spec, ['spec']), own);
  return {
    describe: `NamespacedCloudProfile ${objName(profile)} (parent CloudProfile ${parent.name})`,
    profile,
    kubernetes: merged.kubernetes,
    images: merged.images,
    imageOrder: merged.order,
    complete: true,
  };
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
 * The classification of a version today, as Gardener computes it: an expiration
 * date that has passed makes it `expired`; else `lifecycle` (the last stage that
 * has started), else `classification`; with neither, `supported`.
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

function usable(e: VersionEntry, today: string): boolean {
  const c = classify(e, today).classification;
  return c === 'supported' || c === 'deprecated';
}

/** Gardener's pick when the Shoot leaves a version open: the newest usable one (supported or deprecated), else the newest. */
export function newest(list: readonly VersionEntry[], today: string): VersionEntry | undefined {
  const sorted = [...list].sort((a, b) => compareVersions(a.version, b.version));
  return sorted.filter((e) => usable(e, today)).at(-1) ?? sorted.at(-1);
}

/** The entry for a version as written; a partial Kubernetes version (`1.30`) resolves to its newest patch. */
export function findVersion(list: readonly VersionEntry[], version: string, today: string, partial: boolean): VersionEntry | undefined {
  const exact = list.find((e) => e.version === version);
  if (exact || !partial || !/^\d+\.\d+$/.test(version)) return exact;
  return newest(list.filter((e) => e.version.startsWith(`${version}.`)), today);
}

/** " (how)" when `how` says more than the written classification. */
export function howSuffix(c: Classified): string {
  return c.how ? ` (${c.how})` : '';
}

export const ALLOWED_CLASSIFICATIONS_OPTION = {
  description:
    'Classifications that pass (`preview`, `supported`, `deprecated`, `expired`, `unavailable`). The classification is the one in effect on the lint date: a passed `expirationDate` means `expired`, a `lifecycle` gives the stage that has started, no classification means `supported`.',
  schema: { type: 'array', items: { enum: [...CLASSIFICATIONS] }, minItems: 1, uniqueItems: true },
  default: ['supported'],
} as const;

export interface ClassificationOptions {
  readonly allowedClassifications: readonly string[];
}

/** The classifications that pass: option allowedClassifications, else its default. */
export function allowedClassifications(options: Partial<ClassificationOptions>): readonly string[] {
  return Array.isArray(options.allowedClassifications) ? options.allowedClassifications : ALLOWED_CLASSIFICATIONS_OPTION.default;
}
