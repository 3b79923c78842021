import type { Shoot } from '../../gardener/types.generated.ts';
import { NEWEST_KUBERNETES_MINOR } from '../../gardener/versions.ts';
import type { KubeObject } from '../document.ts';
import { locateIn } from '../locate.ts';
import { isRecord } from '../record.ts';
import { setKey } from '../value.ts';
import type { ProfileLookup } from './cloudprofile.ts';
import { newestUsable, resolveCloudProfile } from './cloudprofile.ts';
import type { KnownKubernetesVersion, KubernetesVersion } from './kubernetes-version.ts';
import { compareVersions, parseMinor, readWrittenVersion } from './kubernetes-version.ts';
import type { Settings } from '../settings.ts';
import type { YamlPath } from '../types.ts';
import type { Workspace } from '../workspace.ts';

export type ShootSpec = NonNullable<Shoot['spec']>;
export type KubernetesConfig = NonNullable<ShootSpec['kubernetes']>;
export type Worker = NonNullable<NonNullable<ShootSpec['provider']>['workers']>[number];
export type KubeletConfig = NonNullable<KubernetesConfig['kubelet']>;

/** A worker pool with its effective kubelet (spec section 2). */
export interface Pool {
  readonly index: number;
  readonly name: string;
  readonly worker: Worker;
  /** spec.provider.workers[i] */
  readonly path: YamlPath;
  /** Kubelet version of the pool: its own kubernetes.version, else the Shoot's. */
  readonly version: KubernetesVersion;
  /** The pool's kubelet config if set (it replaces the Shoot's entirely), else the Shoot's. */
  readonly kubelet: KubeletConfig | undefined;
  /** Where `kubelet` is written, or undefined when neither level sets one. */
  readonly kubeletPath: YamlPath | undefined;
}

/** A component whose feature gates a rule inspects. */
export interface GateSite {
  readonly component: string;
  readonly gates: Readonly<Record<string, unknown>>;
  /** Path of the featureGates map. */
  readonly path: YamlPath;
  /** Kubernetes version the component runs. */
  readonly version: KubernetesVersion;
  /**
   * The Shoot-level kubelet when every pool has its own kubelet config: it
   * reaches no node now, but a pool added later inherits it (spec section 2).
   */
  readonly latent?: boolean;
}

/**
 * Kubernetes semantics: null means absent. The value without null members
 * and items: a part that holds no null is the part itself (shared, not
 * copied), a part that does is a new copy.
 */
export function dropNulls<T>(value: T): T {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const d = v === null ? null : dropNulls(v);
      if (out === undefined && (v === null || d !== v)) out = value.slice(0, i);
      if (out !== undefined && v !== null) out.push(d);
    }
    return (out ?? value) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const v = obj[keys[i]!];
      const d = v === null ? null : dropNulls(v);
      if (out === undefined && (v === null || d !== v)) {
        out = {};
        for (let j = 0; j < i; j++) setKey(out, keys[j]!, obj[keys[j]!]);
      }
      if (out !== undefined && v !== null) setKey(out, keys[i]!, d);
    }
    return (out ?? value) as T;
  }
  return value;
}

/**
 * `version: 1.30` unquoted is the YAML number 1.3. The API server would reject
 * the number (the schema rule says so); the admin meant "1.30", so the
 * effective model reads such a version as written.
 */
function withWrittenVersions(object: KubeObject, shoot: Shoot): Shoot {
  const written = (path: YamlPath): string | undefined => {
    const l = locateIn(object, path);
    return l.found && l.scalar?.isNumber ? object.file.text.slice(l.range[0], l.range[1]) : undefined;
  };
  // The value shares its parts with the parsed object (dropNulls): what changes is copied first, along its path.
  const numeric = (v: unknown): boolean => isRecord(v) && isRecord(v.kubernetes) && typeof v.kubernetes.version === 'number';
  const spec = isRecord(shoot.spec) ? (shoot.spec as Record<string, unknown>) : undefined;
  const provider = spec && isRecord(spec.provider) ? spec.provider : undefined;
  const workers = provider && Array.isArray(provider.workers) ? provider.workers : [];
  if (!spec || (!numeric(spec) && !workers.some(numeric))) return shoot;
  const s: Record<string, unknown> = { ...spec };
  const copy = { ...shoot, spec: s } as unknown as Shoot;
  if (numeric(spec)) {
    const k8s = { ...(spec.kubernetes as Record<string, unknown>) };
    k8s.version = written(['spec', 'kubernetes', 'version']) ?? String(k8s.version);
    s.kubernetes = k8s;
  }
  if (workers.some(numeric)) {
    s.provider = {
      ...provider,
      workers: workers.map((w, i) => {
        if (!numeric(w)) return w;
        const wk = { ...((w as Record<string, unknown>).kubernetes as Record<string, unknown>) };
        wk.version = written(['spec', 'provider', 'workers', i, 'kubernetes', 'version']) ?? String(wk.version);
        return { ...(w as Record<string, unknown>), kubernetes: wk };
      }),
    };
  }
  return copy;
}

/**
 * The effective configuration of one Shoot: what Gardener will run, with its
 * version-dependent defaults. Rules ask it instead of walking raw YAML.
 */
/** An object's name for messages: an unnamed object says so rather than leaving a gap ("Shoot  has"). */
export function displayName(object: { readonly name: string }): string {
  return object.name === '' ? '(no metadata.name)' : object.name;
}

export class ShootModel {
  readonly shoot: Shoot;
  readonly spec: ShootSpec;
  readonly kubernetes: KubernetesConfig;
  readonly version: KubernetesVersion;
  readonly pools: readonly Pool[];
  private profile: ProfileLookup | undefined;
  private sites: readonly GateSite[] | undefined;

  constructor(
    readonly object: KubeObject,
    private readonly workspace: Workspace,
    private readonly settings: Settings,
  ) {
    this.shoot = withWrittenVersions(object, dropNulls(object.value) as unknown as Shoot);
    const spec = (isRecord(this.shoot.spec) ? this.shoot.spec : {}) as ShootSpec;
    this.spec = spec;
    this.kubernetes = (isRecord(spec.kubernetes) ? spec.kubernetes : {}) as KubernetesConfig;
    this.version = shootVersion(this, settings);
    const workers = Array.isArray(this.spec.provider?.workers) ? this.spec.provider.workers : [];
    this.pools = workers.filter(isRecord).map((w, index) => this.pool(w as Worker, index));
  }

  /**
   * The CloudProfile the Shoot uses, resolved once: the default version above
   * and the rules that classify versions and images read this one lookup.
   */
  get cloudProfile(): ProfileLookup {
    return (this.profile ??= resolveCloudProfile(this.spec, this.object, this.workspace, this.settings));
  }

  /** The name as messages show it ("(no metadata.name)" for an unnamed Shoot). */
  get name(): string {
    return displayName(this.object);
  }

  get namespace(): string | undefined {
    return this.object.namespace;
  }

  /** No worker pools: no kubelets, no nodes (node rules are not-applicable). */
  get workerless(): boolean {
    return this.pools.length === 0;
  }

  private pool(worker: Worker, index: number): Pool {
    const path: YamlPath = ['spec', 'provider', 'workers', index];
    const own = isRecord(worker.kubernetes) ? worker.kubernetes : undefined;
    const written = readWrittenVersion(own?.version);
    const version: KubernetesVersion =
      written.state === 'valid'
        ? { minor: written.minor, text: String(own!.version), source: 'pool' }
        : written.state === 'invalid'
          ? { source: 'invalid', text: versionText(own!.version), path: [...path, 'kubernetes', 'version'] }
          : this.version;
    const ownKubelet = own && isRecord(own.kubelet) ? (own.kubelet as KubeletConfig) : undefined;
    const shootKubelet = isRecord(this.kubernetes.kubelet) ? this.kubernetes.kubelet : undefined;
    return {
      index,
      name: typeof worker.name === 'string' ? worker.name : `#${index}`,
      worker,
      path,
      version,
      kubelet: ownKubelet ?? shootKubelet,
      kubeletPath: ownKubelet ? [...path, 'kubernetes', 'kubelet'] : shootKubelet ? ['spec', 'kubernetes', 'kubelet'] : undefined,
    };
  }

  /**
   * True when the Shoot has worker pools and each has its own kubelet config:
   * spec.kubernetes.kubelet then reaches no node now, but a pool added later
   * without its own inherits it (spec section 2: latent values are warnings).
   */
  get shootKubeletLatent(): boolean {
    return !this.workerless && this.pools.every((p) => p.kubeletPath !== undefined && p.kubeletPath.length > 3);
  }

  /** Feature-gate maps of every control-plane component, the Shoot's kubelet and each pool's own kubelet (found once: several rules ask). */
  gateSites(): readonly GateSite[] {
    return (this.sites ??= this.findGateSites());
  }

  private findGateSites(): GateSite[] {
    const k = this.kubernetes;
    const base: YamlPath = ['spec', 'kubernetes'];
    const sites: GateSite[] = [];
    const add = (component: string, cfg: unknown, at: YamlPath, version: KubernetesVersion): void => {
      if (isRecord(cfg) && isRecord(cfg.featureGates)) sites.push({ component, gates: cfg.featureGates, path: [...at, 'featureGates'], version });
    };
    add('kube-apiserver', k.kubeAPIServer, [...base, 'kubeAPIServer'], this.version);
    add('kube-controller-manager', k.kubeControllerManager, [...base, 'kubeControllerManager'], this.version);
    add('kube-scheduler', k.kubeScheduler, [...base, 'kubeScheduler'], this.version);
    add('kube-proxy', k.kubeProxy, [...base, 'kubeProxy'], this.version);
    const shootKubelet = sites.length;
    add('kubelet', k.kubelet, [...base, 'kubelet'], this.version);
    if (sites.length > shootKubelet && this.shootKubeletLatent) sites[shootKubelet] = { ...sites[shootKubelet]!, latent: true };
    for (const p of this.pools) {
      const own = p.kubeletPath && p.kubeletPath.length > 3 ? p.kubelet : undefined;
      add(`kubelet of worker pool ${p.name}`, own, [...p.path, 'kubernetes', 'kubelet'], p.version);
    }
    return sites;
  }
}

/** A written version as text, for messages ("abc", "{{ .Values.version }}"). */
function versionText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
}

function shootVersion(model: ShootModel, settings: Settings): KubernetesVersion {
  const { kubernetes } = model;
  const written = readWrittenVersion(kubernetes.version);
  if (written.state === 'valid') return { minor: written.minor, text: String(kubernetes.version), source: 'shoot' };
  if (written.state === 'invalid') return { source: 'invalid', text: versionText(kubernetes.version), path: ['spec', 'kubernetes', 'version'] };
  const fromProfile = defaultFromCloudProfile(model.cloudProfile, settings.today);
  if (fromProfile) return fromProfile;
  const newest = NEWEST_KUBERNETES_MINOR[settings.gardenerVersion];
  return { minor: newest, text: `1.${newest}`, source: 'assumed' };
}

/**
 * Gardener's default when the Shoot names no version: the newest version of
 * its CloudProfile that is neither preview nor expired on the run's date. An
 * ambiguous reference takes the oldest of the candidates' defaults (older
 * versions have the weaker defaults, so the worse verdict) and says so.
 */
function defaultFromCloudProfile(lookup: ProfileLookup, today: string): KnownKubernetesVersion | undefined {
  if (lookup.state !== 'found') return undefined;
  const picks = lookup.views
    .map((v) => newestUsable(v.kubernetes, today)?.version)
    .filter((v): v is string => v !== undefined && parseMinor(v) !== undefined)
    .sort(compareVersions);
  const oldest = picks[0];
  if (oldest === undefined) return undefined;
  const notes = [
    ...(lookup.fallback ? [`a ${lookup.what.split(' ')[0]} without namespace`] : []),
    ...(new Set(picks).size > 1 ? [`the reference is ambiguous and the oldest candidate's newest version is used`] : []),
  ];
  return { minor: parseMinor(oldest)!, text: oldest, source: 'cloudprofile', ...(notes.length ? { note: notes.join('; ') } : {}) };
}
