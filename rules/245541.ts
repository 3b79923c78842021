import { defineRule } from '../lib/engine/rule.ts';
import { formatPath } from '../lib/engine/positions.ts';
import { HOUR, MINUTE, SECOND, formatDuration, parseDuration } from '../lib/k8s/duration.ts';
import { reportInvalidVersion } from './_version.ts';
import { kubeletField, latentShootKubeletField, noKubelets, poolNamePath, poolVersionNote, shadowNote } from './_kubelet.ts';

/** First Kubernetes minor for which Gardener writes 5m into the kubelet config. */
const GARDENER_DEFAULT_FROM = 26;
/** Gardener's API accepts 30s..4h. */
const GARDENER_MIN = 30 * SECOND;
const GARDENER_MAX = 4 * HOUR;
const STIG_MINIMUM = '5m';

interface Options {
  minimum: string;
}

interface Verdict {
  readonly pass: boolean;
  readonly message: string;
  readonly safe: boolean;
  /** Beyond the STIG: a warning, not a STIG failure. */
  readonly warning?: boolean;
  /** What the fix writes, when not the minimum. */
  readonly fixValue?: string;
}

export default defineRule<Options>({
  meta: {
    id: '245541',
    name: 'kubelet-streaming-timeout',
    title: 'The kubelet of every worker pool must not disable or shorten the streaming connection idle timeout below 5m.',
    category: 'nodes',
    stigIds: ['245541'],
    defaultSeverity: 'error',
    fixType: 'safe',
    rationale:
      '`streamingConnectionIdleTimeout` closes idle `exec`, `attach` and `port-forward` streams. `0` disables the timeout, ' +
      'so an abandoned session stays open for ever. The STIG sets a minimum of `5m` and no maximum.\n\n' +
      'Each worker pool runs the kubelet config of `spec.provider.workers[].kubernetes.kubelet` if the pool sets one ' +
      '(it replaces `spec.kubernetes.kubelet` entirely), else the Shoot-level one. For Kubernetes 1.26 and later Gardener ' +
      'writes `5m` when the field is absent; before 1.26 it writes nothing and the kubelet uses its own default of `4h`. ' +
      'Both meet the minimum.\n\n' +
      'The STIG asks for the value written down in the kubelet config; with `strict: true` a default is not enough. ' +
      'Beyond the STIG, a value above `4h` is a warning: Gardener\'s API accepts 30s to 4h. ' +
      'When every pool has its own kubelet config, a value in `spec.kubernetes.kubelet` reaches no node: the pools decide the verdict, and an insecure Shoot-level value is a warning (a pool added later without its own kubelet config inherits it), never a STIG failure, also in strict mode.\n\n' +
      'A Kubernetes version that is written but is not a version leaves an unset timeout `unverifiable` unless both defaults meet the minimum (with the default minimum of 5m they do).',
    fix: 'Set streamingConnectionIdleTimeout: 5m in the kubelet config that applies to the pool (the pool\'s own kubernetes.kubelet, else spec.kubernetes.kubelet).',
    snippet: 'spec:\n  kubernetes:\n    kubelet:\n      streamingConnectionIdleTimeout: 5m\n',
    strictAware: true,
    options: {
      minimum: {
        description: 'Shortest accepted idle timeout, as a Go duration. The STIG asks for at least 5m.',
        schema: { type: 'string', pattern: '^([0-9]*(\\.[0-9]*)?(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$' },
        default: STIG_MINIMUM,
      },
    },
    sources: [
      'https://gardener.cloud/docs/gardener/api-reference/core/#kubeletconfig',
      'https://gardener.cloud/docs/gardener/api-reference/core/#workerkubernetes',
    ],
  },
  checkShoot(shoot, ctx) {
    if (noKubelets(shoot, ctx)) return;
    const configured = parseDuration(String(ctx.options.minimum ?? STIG_MINIMUM));
    const minimum = configured.ok && configured.nanoseconds > 0 ? configured.nanoseconds : 5 * MINUTE;
    const minText = formatDuration(minimum);
    for (const pool of shoot.pools) {
      const f = kubeletField(shoot, pool, 'streamingConnectionIdleTimeout');
      const where = f.level === 'pool' ? `the kubelet config of worker pool ${pool.name}` : `spec.kubernetes.kubelet (used by worker pool ${pool.name})`;
      const setTo = (value: string, safe: boolean) => ({
        title: `Set streamingConnectionIdleTimeout to ${value} for worker pool ${pool.name}`,
        ops: [{ op: 'set' as const, path: f.path, value }],
        safe,
      });
      const fixValue = minimum > 5 * MINUTE ? minText : STIG_MINIMUM;
      const related = f.shadowed ? { related: [f.shadowed] } : {};
      const pv = pool.version;

      if (!f.set && pv.source === 'invalid') {
        // The default depends on the version (5m from 1.26, the kubelet's 4h before):
        // decided only when both meet the minimum, or in strict mode.
        if (ctx.settings.strict) {
          ctx.report({
            object: shoot.object,
            at: poolNamePath(pool),
            message: `Worker pool ${pool.name} does not write down streamingConnectionIdleTimeout, which strict mode requires.${shadowNote(f, pool)}`,
            fix: setTo(fixValue, true),
            ...related,
          });
        } else if (5 * MINUTE >= minimum) {
          ctx.report({
            object: shoot.object,
            state: 'pass',
            at: poolNamePath(pool),
            message: `Worker pool ${pool.name} keeps a streaming connection idle timeout of at least 5m by default, whatever its Kubernetes version.`,
            evidence: "not set: Gardener's 5m (Kubernetes 1.26 and later) and the kubelet's 4h (before) both meet the minimum; the written Kubernetes version is not a version",
          });
        } else {
          reportInvalidVersion(shoot, ctx, pv, `Whether worker pool ${pool.name} keeps a streaming connection idle timeout of at least ${minText} (streamingConnectionIdleTimeout is not set)`);
        }
        continue;
      }

      if (!f.set && pv.source !== 'invalid') {
        const minor = pv.minor;
        const byDefault =
          minor >= GARDENER_DEFAULT_FROM
            ? { value: 5 * MINUTE, why: `Gardener default for Kubernetes 1.${minor}: streamingConnectionIdleTimeout 5m` }
            : {
                value: 4 * HOUR,
                why: `Kubernetes 1.${minor}: Gardener sets no streamingConnectionIdleTimeout before 1.26, so the kubelet's own default 4h applies`,
              };
        const meets = byDefault.value >= minimum;
        if (ctx.settings.strict || !meets) {
          ctx.report({
            object: shoot.object,
            at: poolNamePath(pool),
            message: ctx.settings.strict && meets
              ? `Worker pool ${pool.name} does not write down streamingConnectionIdleTimeout, which strict mode requires; ` +
                `the default would have passed otherwise (${byDefault.why}${poolVersionNote(pool)}).${shadowNote(f, pool)}`
              : `Worker pool ${pool.name} does not set streamingConnectionIdleTimeout, and the default ${formatDuration(byDefault.value)} is below the minimum of ${minText} ` +
                `(${byDefault.why}${poolVersionNote(pool)}).${shadowNote(f, pool)}`,
            fix: setTo(fixValue, true),
            ...related,
          });
        } else {
          ctx.report({
            object: shoot.object,
            state: 'pass',
            at: poolNamePath(pool),
            message: `Worker pool ${pool.name} keeps a streaming connection idle timeout of ${formatDuration(byDefault.value)} by default.`,
            evidence: `${byDefault.why}${poolVersionNote(pool)}`,
          });
        }
        continue;
      }

      const v = judge(f.value, where);
      if (v.pass) {
        ctx.report({
          object: shoot.object,
          state: 'pass',
          at: f.path,
          message: `Worker pool ${pool.name} closes idle streaming connections after ${String(f.value)}.`,
          evidence: `${formatPath(f.path)}: ${String(f.value)}`,
        });
      } else {
        ctx.report({
          object: shoot.object,
          at: f.path,
          message: v.message,
          fix: setTo(v.fixValue ?? fixValue, v.safe),
          ...(v.warning ? { severity: 'warning' as const } : {}),
        });
      }
    }

    // Every pool has its own kubelet: a Shoot-level value reaches no node now, so
    // the pools decide the verdict; a pool added later without its own kubelet
    // would inherit it, which is worth a warning (never a STIG failure).
    const latent = latentShootKubeletField(shoot, 'streamingConnectionIdleTimeout');
    if (latent) {
      const v = judge(latent.value, 'spec.kubernetes.kubelet');
      if (!v.pass) {
        ctx.report({
          object: shoot.object,
          at: latent.path,
          severity: 'warning',
          message: `${v.message} No pool uses it now (each has its own kubelet config); a pool added later inherits it.`,
          fix: {
            title: `Set streamingConnectionIdleTimeout to ${v.fixValue ?? STIG_MINIMUM} in spec.kubernetes.kubelet`,
            ops: [{ op: 'set', path: latent.path, value: v.fixValue ?? (minimum > 5 * MINUTE ? minText : STIG_MINIMUM) }],
            safe: v.safe,
          },
        });
      }
    }

    /** The verdict on a written value. */
    function judge(value: unknown, where: string): Verdict {
      if (value === 0) {
        return {
          pass: false,
          safe: true,
          message: `streamingConnectionIdleTimeout is 0 in ${where}: 0 disables the idle timeout of streaming connections (Gardener also expects a duration string such as "5m").`,
        };
      }
      if (typeof value !== 'string') {
        return { pass: false, safe: false, message: `streamingConnectionIdleTimeout in ${where} is ${JSON.stringify(value)}, not a duration string such as "5m"; Gardener cannot read it.` };
      }
      const d = parseDuration(value);
      if (!d.ok) {
        return { pass: false, safe: false, message: `streamingConnectionIdleTimeout in ${where} is not a Go duration (${d.error}); write e.g. "5m" or "1h30m".` };
      }
      const ns = d.nanoseconds;
      if (ns <= 0) {
        return {
          pass: false,
          safe: true,
          message: `streamingConnectionIdleTimeout is ${value} in ${where}: ${ns === 0 ? '0 disables' : 'a negative value disables'} the idle timeout of streaming connections.`,
        };
      }
      if (ns < minimum) {
        const gardener = ns < GARDENER_MIN ? ' Gardener also rejects values below 30s.' : '';
        return { pass: false, safe: true, message: `streamingConnectionIdleTimeout is ${value} in ${where}, below the minimum of ${minText}.${gardener}` };
      }
      if (ns > GARDENER_MAX) {
        return {
          pass: false,
          safe: false,
          warning: true,
          fixValue: '4h',
          message: `streamingConnectionIdleTimeout is ${value} in ${where}: it meets the STIG's minimum, but Gardener accepts at most 4h (beyond the STIG), so the Shoot would be rejected.`,
        };
      }
      return { pass: true, safe: true, message: '' };
    }
  },
});
