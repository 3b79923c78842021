import { defineRule } from '../lib/engine/rule.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import type { ClassificationOptions } from './_cloudprofile.ts';
import { ALLOWED_CLASSIFICATIONS_OPTION, allowedClassifications, classify, howSuffix, findVersion, newest, profileOrUnverifiable } from './_cloudprofile.ts';

export default defineRule<ClassificationOptions>({
  meta: {
    id: 'supported-kubernetes-version',
    name: 'supported-kubernetes-version',
    title: "The Shoot's Kubernetes version has an allowed classification (default: supported) in its CloudProfile.",
    category: 'gardener',
    stigIds: [],
    defaultSeverity: 'off',
    rationale:
      "Part of Gardener's hardened-shoot checks (beyond the STIG). The CloudProfile classifies every Kubernetes version it offers: `preview` versions are not yet recommended for production, `deprecated` ones are on their way out and `expired` ones are force-upgraded during maintenance. A cluster on a supported version gets security fixes in time. The rule needs the Shoot's `CloudProfile` (or `NamespacedCloudProfile`, merged with its parent) among the linted files; without it the result is `unverifiable`. The classification is the one in effect on the lint date.",
    fix: 'Set spec.kubernetes.version to a version the CloudProfile classifies as supported.',
    snippet: 'spec:\n  cloudProfile:\n    kind: CloudProfile\n    name: aws\n  kubernetes:\n    version: "1.31.2"\n',
    options: { allowedClassifications: ALLOWED_CLASSIFICATIONS_OPTION },
    sources: [
      'https://gardener.cloud/docs/gardener/api-reference/core/#expirableversion',
      'https://gardener.cloud/docs/gardener/shoot-operations/shoot_versions/',
      'https://github.com/gardener/diki',
    ],
  },
  checkShoot(shoot, ctx) {
    const allowed = allowedClassifications(ctx.options);
    const today = ctx.settings.today;
    const versionAt: YamlPath = ['spec', 'kubernetes', 'version'];
    const view = profileOrUnverifiable(shoot, ctx, 'its Kubernetes version', "the Kubernetes version's classification");
    if (!view) return;
    const check = (written: unknown, versionAt: YamlPath, whose: string): void => {
      const text = typeof written === 'string' ? written : typeof written === 'number' ? String(written) : undefined;
      const entry = text ? findVersion(view.kubernetes, text, today, true) : newest(view.kubernetes, today);
      if (!entry) {
        ctx.report({
          object: shoot.object,
          state: view.complete ? 'fail' : 'unverifiable',
          at: versionAt,
          message: text ? `Kubernetes ${text} of ${whose} is not offered by ${view.describe}.` : `${whose} sets no Kubernetes version and ${view.describe} offers none.`,
        });
        return;
      }
      const c = classify(entry, today);
      const resolved = !text
        ? `Kubernetes ${entry.version} of ${whose} (no version set; Gardener picks the newest in ${view.describe})`
        : entry.version !== text
          ? `Kubernetes ${text} of ${whose} (resolves to ${entry.version})`
          : `Kubernetes ${entry.version} of ${whose}`;
      if (allowed.includes(c.classification)) {
        ctx.report({
          object: shoot.object,
          state: 'pass',
          at: versionAt,
          message: `${resolved} is ${c.classification} in ${view.describe}.`,
          evidence: `${entry.version}: ${c.classification} in ${view.describe}${howSuffix(c)}`,
        });
        return;
      }
      ctx.report({
        object: shoot.object,
        at: versionAt,
        message: `${resolved} is ${c.classification} in ${view.describe}${howSuffix(c)}; allowed: ${allowed.join(', ')}.`,
        related: [{ object: entry.object, at: entry.path, message: `${entry.version} in ${view.describe}` }],
      });
    };
    check(shoot.kubernetes.version, versionAt, `Shoot ${shoot.name}`);
    // A pool may run its kubelet at its own version; it must be offered and classified too.
    for (const pool of shoot.pools) {
      if (pool.version.source !== 'pool') continue;
      check(pool.version.text, [...pool.path, 'kubernetes', 'version'], `worker pool ${pool.name}`);
    }
  },
});
