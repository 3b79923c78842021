/**
 * The CloudProfile a Shoot uses, as the version rules need it. Resolution,
 * views and classification are the engine's (lib/engine/shoot/cloudprofile.ts),
 * resolved once per Shoot (ShootModel.cloudProfile) and shared with the
 * effective model's default version; this file adds what rules say about it:
 * unverifiable results, the ambiguity warning and the options.
 */
import type { RuleContext } from '../lib/engine/rule.ts';
import type { Classified, ProfileView } from '../lib/engine/shoot/cloudprofile.ts';
import { CLASSIFICATIONS } from '../lib/engine/shoot/cloudprofile.ts';
import { lookupHint, notFound } from '../lib/engine/lookup-scope.ts';
import type { ShootModel } from '../lib/engine/shoot/model.ts';
import { reportAmbiguous } from './_reference.ts';

export type { Classified, ProfileView, VersionEntry } from '../lib/engine/shoot/cloudprofile.ts';
export { CLASSIFICATIONS, classify, findVersion, newest } from '../lib/engine/shoot/cloudprofile.ts';

/**
 * The profile views a Shoot uses (several when the reference is ambiguous:
 * judge with each and report the worse), or undefined after reporting why its
 * versions cannot be classified (no CloudProfile named, or it is not linted).
 * `subject` is what the rule classifies ("its machine images"), `check` what
 * the profile is needed for ("the machine images' classification").
 */
export function profileOrUnverifiable(shoot: ShootModel, ctx: RuleContext<unknown>, subject: string, check: string): readonly ProfileView[] | undefined {
  const lookup = shoot.cloudProfile;
  if (lookup.state === 'unreferenced') {
    ctx.report({
      object: shoot.object,
      state: 'unverifiable',
      at: ['spec', 'cloudProfile'],
      message: `Shoot ${shoot.name} names no CloudProfile (spec.cloudProfile or spec.cloudProfileName), so ${subject} cannot be classified.`,
      hint: 'Name the CloudProfile in spec.cloudProfile (kind and name) and lint it together with the Shoot.',
    });
    return undefined;
  }
  if (lookup.state === 'missing') {
    ctx.report({
      object: shoot.object,
      state: 'unverifiable',
      at: lookup.at,
      message: ctx.settings.workspaceRoot === undefined
        ? `${lookup.what}: ${notFound(ctx.settings)}; lint it together with the Shoot to check ${check}.`
        : `${lookup.what}: ${notFound(ctx.settings)}, so ${check} cannot be checked.`,
      hint: lookupHint(ctx.settings, lookup.what),
    });
    return undefined;
  }
  if (lookup.ambiguous) {
    const profiles = [...new Set(lookup.views.map((v) => v.profile))];
    const parents = [...new Set(lookup.views.flatMap((v) => (v.parent ? [v.parent] : [])))];
    if (profiles.length > 1) reportAmbiguous(ctx, shoot.object, lookup.at, lookup.what, profiles);
    else reportAmbiguous(ctx, shoot.object, lookup.at, `CloudProfile ${parents[0]?.name ?? ''} (the parent of ${lookup.what})`, parents);
  }
  return lookup.views;
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
