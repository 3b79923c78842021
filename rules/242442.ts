import type { KubeObject } from '../lib/engine/document.ts';
import { parseMinor } from '../lib/engine/shoot/kubernetes-version.ts';
import { defineRule } from '../lib/engine/rule.ts';
import type { RuleContext } from '../lib/engine/rule.ts';
import { ShootModel } from '../lib/engine/shoot/model.ts';
import { removedApi, replacementHint } from '../lib/k8s/removed-apis.ts';
import type { ImageReference } from '../lib/k8s/workloads.ts';
import { containers, describeContainer, describeObject, differentVersions, imageVersion, parseImage } from '../lib/k8s/workloads.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import { DEPLOYMENT_SNIPPET } from './_snippets.ts';
import { reportInvalidVersion } from './_version.ts';

/** The Kubernetes minor workloads are judged against, and how the message explains it. */
interface Target {
  readonly minor: number;
  /** "the Shoot garden-dev/prod runs 1.30" */
  readonly why: string;
}

function shootLabel(o: KubeObject): string {
  return `${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** The Shoot's target, or why there is none (its written version is not a version). */
function shootTarget(model: ShootModel): Target | string {
  const label = shootLabel(model.object);
  const v = model.version;
  switch (v.source) {
    case 'invalid':
      return `the Shoot ${label} has the Kubernetes version ${JSON.stringify(v.text)}, which is not a version`;
    case 'cloudprofile':
      return { minor: v.minor, why: `the Shoot ${label} sets no version; the newest in its CloudProfile is ${v.text}` };
    case 'assumed':
      return { minor: v.minor, why: `the Shoot ${label} sets no version; assuming 1.${v.minor}, the newest the Gardener release supports` };
    default:
      return { minor: v.minor, why: `the Shoot ${label} runs ${v.text}` };
  }
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

/** Shoots of the same minor decide together: the target if they agree, else undefined. */
function agreed(models: readonly ShootModel[], where: string): Target | string | undefined {
  if (models.length === 1) return shootTarget(models[0]!);
  const minors = new Set(models.map((m) => (m.version.source === 'invalid' ? -1 : m.version.minor)));
  if (minors.has(-1)) return undefined;
  const [only] = [...minors];
  return minors.size === 1 && only !== undefined ? { minor: only, why: `every Shoot ${where} runs 1.${only}` } : undefined;
}

/**
 * The one Shoot of the workspace decides. With several, the Shoots kept beside
 * the manifest decide (same file, else same folder) when they agree on the
 * minor; else the configured kubernetesVersion; else several Shoots that all
 * name the same minor; else nothing (unverifiable).
 */
function resolveTarget(ctx: RuleContext<Record<string, unknown>>, models: readonly ShootModel[], object?: KubeObject): Target | string {
  if (models.length === 1) return shootTarget(models[0]!);
  if (object && models.length > 1) {
    const sameFile = models.filter((m) => m.object.file === object.file);
    const sameDir = models.filter((m) => dirOf(m.object.file.path) === dirOf(object.file.path));
    const near = (sameFile.length ? agreed(sameFile, 'in the same file') : undefined) ?? (sameDir.length ? agreed(sameDir, 'in the same folder') : undefined);
    if (near) return near;
  }
  const configured = parseMinor(ctx.settings.kubernetesVersion);
  if (configured !== undefined) {
    const why = `the configured Kubernetes version is ${ctx.settings.kubernetesVersion}`;
    return { minor: configured, why: models.length ? `${why} (the workspace has ${models.length} Shoots)` : why };
  }
  if (models.length > 1) {
    const minors = new Set(models.map((m) => (m.version.source === 'shoot' ? m.version.minor : -1)));
    const [only] = [...minors];
    if (minors.size === 1 && only !== undefined && only >= 0) return { minor: only, why: `every Shoot in the workspace runs 1.${only}` };
    return `the workspace has ${models.length} Shoots of different Kubernetes versions and no kubernetesVersion is configured`;
  }
  return 'the workspace has no Shoot and no kubernetesVersion is configured';
}

interface ImageUse {
  readonly object: KubeObject;
  readonly at: YamlPath;
  readonly ref: ImageReference;
  readonly where: string;
}

export default defineRule({
  meta: {
    id: '242442',
    name: 'remove-old-components',
    title: 'Manifests must not keep old components: no API versions the cluster no longer serves, one version per image.',
    category: 'workload',
    stigIds: ['242442'],
    defaultSeverity: 'error',
    rationale: [
      'Old components left behind after an upgrade keep their vulnerabilities. Gardener updates its own components in',
      'its system namespaces; the cluster admin answers for the workload.',
      '',
      'A manifest that still uses an API version Kubernetes removed (`extensions/v1beta1` Deployment, `batch/v1beta1`',
      'CronJob, `policy/v1beta1` PodSecurityPolicy, …) was written for an older cluster and can no longer be applied.',
      'Manifests are judged against the Kubernetes version of the Shoot in the workspace when there is exactly one.',
      'With several, the Shoots beside the manifest decide when they agree on the minor (the same file, else the',
      'same folder); else the configured `kubernetesVersion` (`--kubernetes-version`); else every Shoot, when all',
      'run the same minor; otherwise the result is unverifiable. The message says which. A Shoot whose written version is',
      'not a version gives no target: unverifiable.',
      '',
      'The STIG\'s own check looks for one image running in more than one version. Across manifests this is a',
      'warning: the same image repository used with different tags or digests in the workspace.',
    ].join('\n'),
    fix: 'Move each manifest to the API version that replaces the removed one, and run one version of each image.',
    snippet: DEPLOYMENT_SNIPPET,
    sources: ['https://kubernetes.io/docs/reference/using-api/deprecation-guide/'],
  },
  checkWorkspace(ctx) {
    const shoots = ctx.workspace.shoots;
    const models = shoots.map((o) => new ShootModel(o, ctx.workspace, ctx.settings));
    // Removed API versions, each judged against the Shoot(s) it belongs with.
    const removedObjects: { object: KubeObject; removedIn: number }[] = [];
    for (const object of ctx.workspace.objects) {
      const api = removedApi(object.apiVersion, object.kind);
      if (!api) continue;
      removedObjects.push({ object, removedIn: api.removedIn });
      const what = `${describeObject(object)} uses ${api.apiVersion}, removed in Kubernetes 1.${api.removedIn} (${replacementHint(api)})`;
      const target = resolveTarget(ctx, models, object);
      if (typeof target === 'string') {
        ctx.report({ object, state: 'unverifiable', at: ['apiVersion'], message: `${what}; ${target}, so whether the cluster still serves it is unknown.` });
      } else if (target.minor >= api.removedIn) {
        ctx.report({ object, at: ['apiVersion'], message: `${what}; ${target.why}.` });
      }
    }

    // One image repository in more than one version (beyond the STIG: a warning).
    const byRepository = new Map<string, ImageUse[]>();
    for (const object of ctx.workspace.objects) {
      for (const site of containers(object)) {
        const ref = parseImage(site.container.image);
        if (!ref) continue;
        const uses = byRepository.get(ref.repository) ?? [];
        uses.push({ object, at: [...site.path, 'image'], ref, where: describeContainer(site) });
        byRepository.set(ref.repository, uses);
      }
    }
    let imageWarnings = 0;
    for (const [repository, uses] of byRepository) {
      const first = uses[0]!;
      for (const use of uses.slice(1)) {
        if (!differentVersions(first.ref, use.ref)) continue;
        imageWarnings++;
        ctx.report({
          object: use.object,
          at: use.at,
          severity: 'warning',
          message: `Image ${repository} is used in version ${imageVersion(use.ref)} by the ${use.where} and in version ${imageVersion(first.ref)} by the ${first.where}; run one version of each image.`,
          related: [{ object: first.object, at: first.at, message: `${repository} in version ${imageVersion(first.ref)}` }],
        });
      }
    }

    // A verdict per Shoot for the compliance report.
    models.forEach((model) => {
      const version = model.version;
      if (version.source === 'invalid') {
        if (removedObjects.length > 0) {
          reportInvalidVersion(model, ctx, version, 'Whether the cluster still serves the API versions the workspace uses');
          return;
        }
        ctx.report({
          object: model.object,
          state: 'pass',
          at: ['spec', 'kubernetes', 'version'],
          message: 'No manifest in the workspace uses a removed API version.',
          evidence: `no removed API version among the ${ctx.workspace.objects.length} object(s) of the workspace, whatever the Kubernetes version`,
        });
        return;
      }
      const minor = version.minor;
      if (removedObjects.some((r) => minor >= r.removedIn)) return;
      const images = imageWarnings ? `; ${imageWarnings} image use(s) differ in version from another use of the same image (warnings)` : '';
      ctx.report({
        object: model.object,
        state: 'pass',
        at: ['spec', 'kubernetes', 'version'],
        message: `No manifest in the workspace uses an API version removed by Kubernetes 1.${minor}.`,
        evidence: `no API version removed by Kubernetes 1.${minor} among the ${ctx.workspace.objects.length} object(s) of the workspace${images}`,
      });
    });
  },
});
