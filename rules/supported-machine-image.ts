import { defineRule } from '../lib/engine/rule.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import type { ClassificationOptions } from './_cloudprofile.ts';
import { judgeWorst } from './_reference.ts';
import { ALLOWED_CLASSIFICATIONS_OPTION, allowedClassifications, classify, howSuffix, newest, profileOrUnverifiable } from './_cloudprofile.ts';
import { isRecord } from '../lib/engine/record.ts';

export default defineRule<ClassificationOptions>({
  meta: {
    id: 'supported-machine-image',
    name: 'supported-machine-image',
    title: "Every worker pool's machine image version has an allowed classification (default: supported) in the CloudProfile.",
    category: 'gardener',
    stigIds: [],
    defaultSeverity: 'off',
    rationale:
      "Part of Gardener's hardened-shoot checks (beyond the STIG). The node operating system gets its security fixes through new machine image versions; the CloudProfile classifies each version (`preview`, `supported`, `deprecated`, `expired`). A pool on a supported image version runs a maintained OS. The rule checks `machine.image` of every pool in `spec.provider.workers` against the Shoot's `CloudProfile` (or `NamespacedCloudProfile`, merged with its parent) among the linted files; without it the result is `unverifiable`. A pool without an image (or version) gets Gardener's default (the newest version of the first image), which is checked instead. A Shoot without workers has no machines: `not-applicable`.",
    fix: "Set each pool's machine.image.version to a version the CloudProfile classifies as supported.",
    snippet: 'spec:\n  provider:\n    workers:\n    - name: worker-a\n      machine:\n        type: m5.large\n        image:\n          name: gardenlinux\n          version: 1592.1.0\n',
    options: { allowedClassifications: ALLOWED_CLASSIFICATIONS_OPTION },
    sources: [
      'https://gardener.cloud/docs/gardener/api-reference/core/#machineimageversion',
      'https://gardener.cloud/docs/gardener/shoot-operations/shoot_versions/',
      'https://github.com/gardener/diki',
    ],
  },
  checkShoot(shoot, ctx) {
    if (shoot.workerless) {
      ctx.report({
        object: shoot.object,
        state: 'not-applicable',
        at: ['spec', 'provider'],
        message: `Shoot ${shoot.name} has no worker pools, so no machine images.`,
        evidence: 'workerless Shoot (no spec.provider.workers)',
      });
      return;
    }
    const allowed = allowedClassifications(ctx.options);
    const today = ctx.settings.today;
    const views = profileOrUnverifiable(shoot, ctx, 'its machine images', "the machine images' classification");
    if (!views) return;
    judgeWorst(views, ctx, (view, ctx) => {
      for (const pool of shoot.pools) {
        const machine: Record<string, unknown> = isRecord(pool.worker.machine) ? pool.worker.machine : {};
        const image: Record<string, unknown> = isRecord(machine.image) ? machine.image : {};
        const imageAt: YamlPath = [...pool.path, 'machine', 'image'];
        const versionAt: YamlPath = [...imageAt, 'version'];
        const writtenName = typeof image.name === 'string' ? image.name : undefined;
        const name = writtenName ?? view.imageOrder[0];
        const report = (state: 'fail' | 'unverifiable', at: YamlPath, message: string): void =>
          ctx.report({ object: shoot.object, state: state === 'fail' && !view.complete ? 'unverifiable' : state, at, message });
        if (!name) {
          report('fail', imageAt, `Worker pool ${pool.name} sets no machine image and ${view.describe} offers none.`);
          continue;
        }
        const versions = view.images.get(name);
        if (!versions) {
          report('fail', [...imageAt, 'name'], `Machine image ${name} of worker pool ${pool.name} is not offered by ${view.describe}.`);
          continue;
        }
        const writtenVersion = typeof image.version === 'string' ? image.version : typeof image.version === 'number' ? String(image.version) : undefined;
        const entry = writtenVersion && writtenName ? versions.find((v) => v.version === writtenVersion) : newest(versions, today);
        if (!entry) {
          report(
            'fail',
            writtenVersion ? versionAt : imageAt,
            writtenVersion
              ? `Machine image ${name} ${writtenVersion} of worker pool ${pool.name} is not offered by ${view.describe}.`
              : `Machine image ${name} has no versions in ${view.describe}.`,
          );
          continue;
        }
        const c = classify(entry, today);
        const what = !writtenName
          ? `Machine image ${name} ${entry.version} of worker pool ${pool.name} (no image set; Gardener picks the newest version of the first image in ${view.describe})`
          : !writtenVersion
            ? `Machine image ${name} ${entry.version} of worker pool ${pool.name} (no version set; Gardener picks the newest)`
            : `Machine image ${name} ${entry.version} of worker pool ${pool.name}`;
        if (allowed.includes(c.classification)) {
          ctx.report({
            object: shoot.object,
            state: 'pass',
            at: versionAt,
            message: `${what} is ${c.classification}.`,
            evidence: `${name} ${entry.version}: ${c.classification} in ${view.describe}${howSuffix(c)}`,
          });
          continue;
        }
        ctx.report({
          object: shoot.object,
          at: versionAt,
          message: `${what} is ${c.classification} in ${view.describe}${howSuffix(c)}; allowed: ${allowed.join(', ')}.`,
          related: [{ object: entry.object, at: entry.path, message: `${name} ${entry.version} in ${view.describe}` }],
        });
      }
    });
  },
});
