import { defineRule } from '../lib/engine/rule.ts';
import type { Fix, YamlPath } from '../lib/engine/types.ts';
import { validateShoot } from '../lib/gardener/schema-validate.ts';

/** Moves a misspelled key's value to the suggested key (an editor suggestion: the value is rewritten, comments inside it are lost). */
function renameFix(root: Record<string, unknown>, path: YamlPath, to: string): Fix | undefined {
  let parent: unknown = root;
  for (const p of path.slice(0, -1)) parent = (parent as Record<string | number, unknown> | undefined)?.[p];
  if (typeof parent !== 'object' || parent === null || to in parent) return undefined;
  const value = (parent as Record<string, unknown>)[String(path.at(-1))];
  return {
    title: `Rename ${String(path.at(-1))} to ${to}`,
    ops: [
      { op: 'set', path: [...path.slice(0, -1), to], value },
      { op: 'delete', path },
    ],
    safe: false,
  };
}

export default defineRule({
  meta: {
    id: 'schema',
    name: 'schema',
    title: 'A Shoot must match the Gardener API: known fields, right types, required fields set.',
    category: 'schema',
    stigIds: [],
    defaultSeverity: 'error',
    rationale:
      "Gardener drops fields it does not know, so a misspelled security setting (`enableAnonymousAuthentification`) silently has no effect and the cluster runs with the default. The rule checks each Shoot against the JSON Schema generated from the API reference of the selected Gardener version (`gardenerVersion`): unknown fields, wrong types, missing required fields, and deprecated fields (warnings).",
    fix: 'Correct the field name or value as the message says; replace deprecated fields by their successors.',
    snippet: 'apiVersion: core.gardener.cloud/v1beta1\nkind: Shoot\nmetadata:\n  name: my-shoot\nspec:\n  region: europe-central-1\n  provider:\n    type: aws\n  kubernetes:\n    kubeAPIServer:\n      enableAnonymousAuthentication: false\n',
    sources: ['https://gardener.cloud/docs/gardener/api-reference/core/#shoot'],
  },
  checkShoot(shoot, ctx) {
    const version = ctx.settings.gardenerVersion;
    const issues = validateShoot(shoot.object.value, version);
    for (const issue of issues) {
      const fix = issue.suggestion ? renameFix(shoot.object.value, issue.path, issue.suggestion) : undefined;
      ctx.report({
        object: shoot.object,
        at: issue.path,
        message: issue.message,
        ...(issue.kind === 'unknown-field' ? { key: true } : {}),
        ...(issue.kind === 'deprecated' ? { severity: 'warning' as const, deprecated: true } : {}),
        ...(fix ? { fix } : {}),
      });
    }
    if (!issues.some((i) => i.kind !== 'deprecated')) {
      ctx.report({
        object: shoot.object,
        state: 'pass',
        message: `Shoot ${shoot.name} matches the schema of Gardener ${version}.`,
        evidence: `schemas/shoot-${version}.json`,
      });
    }
  },
});
