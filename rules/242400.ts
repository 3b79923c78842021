import type { KubernetesVersion } from '../lib/engine/shoot/kubernetes-version.ts';
import { describeVersion } from '../lib/engine/shoot/kubernetes-version.ts';
import { defineRule } from '../lib/engine/rule.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import { activeGateSites, gateStage } from '../lib/k8s/feature-gates.ts';
import { quotedNote, sitesEnablingGate, writtenFalse, writtenTrue } from './_values.ts';

interface Options {
  alphaRuntimeConfig: boolean;
  alphaFeatureGates: boolean;
}

const RUNTIME_CONFIG: YamlPath = ['spec', 'kubernetes', 'kubeAPIServer', 'runtimeConfig'];
/** Where the version comes from, when it was not written for the component. */
function assumed(v: KubernetesVersion): string {
  return v.source === 'assumed' || v.source === 'cloudprofile' ? `; ${describeVersion(v)}` : '';
}

/** Meta gates: they switch groups of gates, they are no feature of their own. */
const META_GATES = new Set(['AllAlpha', 'AllBeta']);

/** A runtimeConfig key that turns on alpha APIs: `api/alpha`, `api/all`, or a group version (or resource) whose version is alpha. */
function isAlphaRuntimeConfigKey(key: string): boolean {
  const k = key.trim();
  if (k === 'api/alpha' || k === 'api/all') return true;
  return k.split('/').slice(1).some((segment) => /^v\d+alpha\d*$/.test(segment));
}

export default defineRule<Options>({
  meta: {
    id: '242400',
    name: 'no-alpha-apis',
    title: 'No Kubernetes component may enable all alpha features (feature gate AllAlpha).',
    category: 'control-plane',
    stigIds: ['242400'],
    defaultSeverity: 'error',
    fixType: 'safe',
    rationale:
      'Alpha features are incomplete, off by default, may change without notice and have had little security review. ' +
      'The feature gate `AllAlpha: true` turns every one of them on at once.\n\n' +
      'The rule fails when `AllAlpha` is true in the `featureGates` of kube-apiserver, kube-controller-manager, ' +
      'kube-scheduler, kube-proxy, the Shoot\'s kubelet or a worker pool\'s own kubelet (a workerless Shoot runs no kubelet ' +
      'and no kube-proxy). Set only on a Shoot-level kubelet that no pool uses (each has its own kubelet config), it is a ' +
      'warning, never a STIG failure.\n\n' +
      'Beyond the STIG, as warnings (each can be turned off by an option): `kubeAPIServer.runtimeConfig` entries that serve ' +
      'alpha APIs (`api/alpha`, `api/all` unless `api/alpha: false` is also set, which takes precedence in kube-apiserver, ' +
      'or an `…/v1alpha1` group version), and individual feature gates that are alpha ' +
      'at the component\'s Kubernetes version, set to true.',
    fix: 'Remove AllAlpha from featureGates (it defaults to false); enable individual alpha features only where needed.',
    snippet: 'spec:\n  kubernetes:\n    kubeAPIServer:\n      featureGates:\n        AllAlpha: false\n',
    options: {
      alphaRuntimeConfig: {
        description: 'Warn (beyond the STIG) when kubeAPIServer.runtimeConfig enables api/alpha, api/all or an alpha group version.',
        schema: { type: 'boolean' },
        default: true,
      },
      alphaFeatureGates: {
        description: 'Warn (beyond the STIG) when a feature gate that is alpha at the component\'s Kubernetes version is set to true.',
        schema: { type: 'boolean' },
        default: true,
      },
    },
    sources: [
      'https://gardener.cloud/docs/gardener/api-reference/core/#kubernetesconfig',
      'https://gardener.cloud/docs/gardener/api-reference/core/#kubeapiserverconfig',
    ],
  },
  checkShoot(shoot, ctx) {
    const hits = sitesEnablingGate(shoot, 'AllAlpha');
    const running = hits.filter((h) => !h.site.latent);
    for (const { site, path, value } of running) {
      const of = site.version.source === 'invalid' ? '' : ` of Kubernetes 1.${site.version.minor}`;
      ctx.report({
        object: shoot.object,
        at: path,
        message: `AllAlpha is true for ${site.component}${quotedNote(value)}: every alpha feature${of} is turned on.`,
        fix: { title: `Remove AllAlpha from the feature gates of ${site.component}`, ops: [{ op: 'delete', path }], safe: true },
      });
    }
    // Set only on a Shoot-level kubelet no pool uses: the pools decide; a warning.
    for (const { path, value } of hits.filter((h) => h.site.latent)) {
      ctx.report({
        object: shoot.object,
        at: path,
        severity: 'warning',
        message: `AllAlpha is true in spec.kubernetes.kubelet${quotedNote(value)}: no pool uses it now (each has its own kubelet config); a pool added later inherits it.`,
        fix: { title: 'Remove AllAlpha from spec.kubernetes.kubelet.featureGates', ops: [{ op: 'delete', path }], safe: true },
      });
    }
    if (running.length === 0) {
      const { active } = activeGateSites(shoot);
      const off = active.filter((s) => !s.latent && s.gates.AllAlpha === false).map((s) => s.component);
      ctx.report({
        object: shoot.object,
        state: 'pass',
        at: ['spec', 'kubernetes'],
        message: `No component of Shoot ${shoot.name} enables AllAlpha.`,
        evidence: off.length ? `AllAlpha: false for ${off.join(', ')}; default false elsewhere` : 'no component sets AllAlpha (default false)',
      });
    }

    if (ctx.options.alphaRuntimeConfig !== false) {
      const runtimeConfig = shoot.kubernetes.kubeAPIServer?.runtimeConfig as Record<string, unknown> | undefined;
      // kube-apiserver applies api/all first and api/alpha over it: with api/alpha false, api/all serves no alpha API.
      const alphaOff = runtimeConfig !== undefined && writtenFalse(runtimeConfig['api/alpha']);
      for (const [key, value] of Object.entries(runtimeConfig ?? {})) {
        if (!writtenTrue(value) || !isAlphaRuntimeConfigKey(key)) continue;
        if (key.trim() === 'api/all' && alphaOff) continue;
        const what = key === 'api/alpha' ? 'every alpha API' : key === 'api/all' ? 'every API, alpha ones included' : `the alpha API ${key}`;
        ctx.report({
          object: shoot.object,
          at: [...RUNTIME_CONFIG, key],
          severity: 'warning',
          message: `kubeAPIServer.runtimeConfig serves ${what} (beyond the STIG: alpha APIs should stay off).`,
          fix: { title: `Remove ${key} from runtimeConfig`, ops: [{ op: 'delete', path: [...RUNTIME_CONFIG, key] }], safe: false },
        });
      }
    }

    if (ctx.options.alphaFeatureGates !== false) {
      for (const site of activeGateSites(shoot).active) {
        // A gate's stage depends on the version: none to judge by when it is not a version.
        const version = site.version;
        if (version.source === 'invalid') continue;
        for (const [gate, value] of Object.entries(site.gates)) {
          if (!writtenTrue(value) || META_GATES.has(gate)) continue;
          const stage = gateStage(gate, version.minor);
          if (stage?.stage !== 'alpha') continue;
          const data = stage.exact ? '' : ` (no feature-gate data for 1.${version.minor}; judged by the nearest covered minor, 1.${stage.dataMinor})`;
          const latent = site.latent ? '; no pool uses spec.kubernetes.kubelet now (each has its own kubelet config), a pool added later inherits it' : '';
          const path = [...site.path, gate];
          ctx.report({
            object: shoot.object,
            at: path,
            severity: 'warning',
            message: `Feature gate ${gate} is alpha in Kubernetes 1.${version.minor} and enabled for ${site.component}${data}${assumed(version)}${latent} (beyond the STIG).`,
            fix: { title: `Remove ${gate} from the feature gates of ${site.component}`, ops: [{ op: 'delete', path }], safe: false },
          });
        }
      }
    }
  },
});
