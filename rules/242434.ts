import { defineRule } from '../lib/engine/rule.ts';
import { formatPath } from '../lib/engine/positions.ts';
import { reportInvalidVersion } from './_version.ts';
import { kubeletField, latentShootKubeletField, noKubelets, poolNamePath, poolVersionNote, shadowNote } from './_kubelet.ts';

/** First Kubernetes minor for which Gardener defaults protectKernelDefaults to true. */
const SECURE_DEFAULT_FROM = 26;

export default defineRule({
  meta: {
    id: '242434',
    name: 'kubelet-kernel-protection',
    title: 'The kubelet of every worker pool must protect the kernel defaults (protectKernelDefaults: true).',
    category: 'nodes',
    stigIds: ['242434'],
    defaultSeverity: 'error',
    fixType: 'safe',
    rationale:
      'With `protectKernelDefaults` the kubelet refuses to start when kernel tunables differ from what it expects, instead of ' +
      'changing them, so a node cannot silently run with weakened kernel settings.\n\n' +
      'Each worker pool runs the kubelet config of `spec.provider.workers[].kubernetes.kubelet` if the pool sets one ' +
      '(it replaces `spec.kubernetes.kubelet` entirely), else the Shoot-level one. Gardener defaults ' +
      '`protectKernelDefaults` to `true` for Kubernetes 1.26 and later and to `false` before, judged by the pool\'s kubelet version.\n\n' +
      'The STIG asks for the value written down in the kubelet config; with `strict: true` a secure default is not enough. ' +
      'When every pool has its own kubelet config, a value in `spec.kubernetes.kubelet` reaches no node: the pools decide the verdict, and an insecure Shoot-level value is a warning (a pool added later without its own kubelet config inherits it), never a STIG failure, also in strict mode.\n\n' +
      'A Kubernetes version that is written but is not a version makes a default-decided verdict `unverifiable` (strict mode still fails a value that is not written down).',
    fix: 'Set protectKernelDefaults: true in the kubelet config that applies to the pool (the pool\'s own kubernetes.kubelet, else spec.kubernetes.kubelet).',
    snippet: 'spec:\n  kubernetes:\n    kubelet:\n      protectKernelDefaults: true\n',
    strictAware: true,
    sources: [
      'https://gardener.cloud/docs/gardener/api-reference/core/#kubeletconfig',
      'https://gardener.cloud/docs/gardener/api-reference/core/#workerkubernetes',
    ],
  },
  checkShoot(shoot, ctx) {
    if (noKubelets(shoot, ctx)) return;
    for (const pool of shoot.pools) {
      const f = kubeletField(shoot, pool, 'protectKernelDefaults');
      const where = f.level === 'pool' ? `the kubelet config of worker pool ${pool.name}` : `spec.kubernetes.kubelet (used by worker pool ${pool.name})`;
      const fix = {
        title: `Set protectKernelDefaults to true for worker pool ${pool.name}`,
        ops: [{ op: 'set' as const, path: f.path, value: true }],
        safe: true,
      };
      const related = f.shadowed ? [f.shadowed] : undefined;
      const pv = pool.version;
      if (f.value === true) {
        ctx.report({
          object: shoot.object,
          state: 'pass',
          at: f.path,
          message: `Worker pool ${pool.name} protects the kernel defaults.`,
          evidence: `${formatPath(f.path)}: true`,
        });
      } else if (f.set) {
        const what = f.value === false ? 'false' : `${JSON.stringify(f.value)}, not the boolean true`;
        ctx.report({
          object: shoot.object,
          at: f.path,
          message: `protectKernelDefaults is ${what} in ${where}, so that kubelet may change kernel tunables instead of protecting them.`,
          fix,
        });
      } else if (pv.source === 'invalid') {
        if (ctx.settings.strict) {
          ctx.report({
            object: shoot.object,
            at: poolNamePath(pool),
            message: `Worker pool ${pool.name} does not write down protectKernelDefaults: true, which strict mode requires.${shadowNote(f, pool)}`,
            fix,
            ...(related ? { related } : {}),
          });
        } else {
          reportInvalidVersion(shoot, ctx, pv, `Whether worker pool ${pool.name} protects the kernel defaults (protectKernelDefaults is not set)`);
        }
      } else if (pv.minor < SECURE_DEFAULT_FROM) {
        ctx.report({
          object: shoot.object,
          at: poolNamePath(pool),
          message:
            `Worker pool ${pool.name} does not set protectKernelDefaults, and Kubernetes 1.${pv.minor} defaults protectKernelDefaults to false` +
            `${poolVersionNote(pool)}.${shadowNote(f, pool)}`,
          fix,
          ...(related ? { related } : {}),
        });
      } else if (ctx.settings.strict) {
        ctx.report({
          object: shoot.object,
          at: poolNamePath(pool),
          message:
            `Worker pool ${pool.name} does not write down protectKernelDefaults: true, which strict mode requires; ` +
            `the Gardener default for Kubernetes 1.${pv.minor} (true) would have passed otherwise${poolVersionNote(pool)}.${shadowNote(f, pool)}`,
          fix,
          ...(related ? { related } : {}),
        });
      } else {
        ctx.report({
          object: shoot.object,
          state: 'pass',
          at: poolNamePath(pool),
          message: `Worker pool ${pool.name} protects the kernel defaults by Gardener's default.`,
          evidence: `Gardener default for Kubernetes 1.${pv.minor}: protectKernelDefaults true${poolVersionNote(pool)}`,
        });
      }
    }

    // Every pool has its own kubelet: a Shoot-level false reaches no node now, so
    // the pools decide the verdict; a pool added later without its own kubelet
    // would inherit it, which is worth a warning (never a STIG failure).
    const latent = latentShootKubeletField(shoot, 'protectKernelDefaults');
    if (latent && latent.value !== true) {
      ctx.report({
        object: shoot.object,
        at: latent.path,
        severity: 'warning',
        message:
          `protectKernelDefaults is ${JSON.stringify(latent.value)} in spec.kubernetes.kubelet: no pool uses it now (each has its own kubelet config); ` +
          'a pool added later inherits it.',
        fix: { title: 'Set protectKernelDefaults to true in spec.kubernetes.kubelet', ops: [{ op: 'set', path: latent.path, value: true }], safe: true },
      });
    }
  },
});
