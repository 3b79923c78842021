import { readWrittenVersion } from '../lib/engine/shoot/kubernetes-version.ts';
import { defineRule } from '../lib/engine/rule.ts';
import type { RuleContext } from '../lib/engine/rule.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import type { ClassificationOptions, ProfileView } from './_cloudprofile.ts';
import { judgeWorst } from './_reference.ts';
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
      "Part of Gardener's hardened-shoot checks (beyond the STIG). The CloudProfile classifies every Kubernetes version it offers: `preview` versions are not yet recommended for production, `deprecated` ones are on their way out and `expired` ones are force-upgraded during maintenance. A cluster on a supported version gets security fixes in time. The rule needs the Shoot's `CloudProfile` (or `NamespacedCloudProfile`, merged with its parent) among the linted files; without it the result is `unverifiable`. The classification is the one in effect on the lint date. A written version that is not a version is `unverifiable` (the schema rule reports it). A CloudProfile reference resolves as ConfigMap references do: an ambiguous one (two different profiles of that name) is judged with each, the worse verdict reported, with a warning.",
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
    const views = profileOrUnverifiable(shoot, ctx, 'its Kubernetes version', "the Kubernetes version's classification");
    if (!views) return;
    const check = (view: ProfileView, ctx: RuleContext<ClassificationOptions>, written: unknown, versionAt: YamlPath, whose: string): void => {
      if (readWrittenVersion(written).state === 'invalid') {
        ctx.report({
          object: shoot.object,
          state: 'unverifiable',
          at: versionAt,
          message: `The Kubernetes version ${JSON.stringify(written)} of ${whose} is not a Kubernetes version (the schema rule reports it), so its classification cannot be looked up.`,
          hint: 'Write the version as major.minor or major.minor.patch, e.g. "1.31" or "1.31.4".',
        });
        return;
      }
      const text = typeof written === 'string' && written.trim() !== '' ? written : typeof written === 'number' ? String(written) : undefined;
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
    judgeWorst(views, ctx, (view, ctx) => {
      check(view, ctx, shoot.kubernetes.version, versionAt, `Shoot ${shoot.name}`);
      // A pool may run its kubelet at its own version; it must be offered and classified too.
      for (const pool of shoot.pools) {
        const own = pool.version.source === 'pool' || (pool.version.source === 'invalid' && pool.version.path.length > 3);
        if (own) check(view, ctx, pool.version.text, [...pool.path, 'kubernetes', 'version'], `worker pool ${pool.name}`);
      }
    });
  },
});
