import { defineRule } from '../lib/engine/rule.ts';
import { addExtensionFix, findExtensions } from './_extensions.ts';

interface Options {
  readonly extensions: readonly string[];
}

export default defineRule<Options>({
  meta: {
    id: 'required-extensions',
    name: 'required-extensions',
    title: 'Every extension type the organisation requires is in spec.extensions and not disabled.',
    category: 'gardener',
    stigIds: [],
    defaultSeverity: 'off',
    fixType: 'review',
    rationale:
      "Part of Gardener's hardened-shoot checks (beyond the STIG). Organisations often require extensions on every cluster (audit forwarding, image signature verification, DNS or certificate services). An extension that is not listed in `spec.extensions`, or listed with `disabled: true`, is not deployed for the Shoot unless the landscape enables it for every Shoot. List the required types in the option `extensions`; with no types listed the rule decides nothing.",
    fix: 'Add each required extension type to spec.extensions, or remove `disabled: true` from it.',
    snippet: 'spec:\n  extensions:\n  - type: shoot-lakom-service\n  - type: auditing\n',
    options: {
      extensions: {
        description: 'Extension types every Shoot must enable (e.g. `["auditing", "shoot-lakom-service"]`).',
        schema: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
        default: [],
      },
    },
    sources: [
      'https://gardener.cloud/docs/gardener/api-reference/core/#extension',
      'https://github.com/gardener/diki',
    ],
  },
  checkShoot(shoot, ctx) {
    const required = Array.isArray(ctx.options.extensions) ? ctx.options.extensions.filter((t) => typeof t === 'string') : [];
    if (required.length === 0) {
      ctx.report({
        object: shoot.object,
        state: 'not-applicable',
        at: ['spec', 'extensions'],
        key: true,
        message: 'No extension types are required (option extensions is empty).',
        evidence: 'option extensions lists no types',
      });
      return;
    }
    for (const type of required) {
      const entries = findExtensions(shoot, type);
      const enabled = entries.find((e) => !e.disabled);
      if (enabled) {
        ctx.report({
          object: shoot.object,
          state: 'pass',
          at: [...enabled.path, 'type'],
          message: `Required extension ${type} is enabled.`,
          evidence: `spec.extensions[${enabled.index}].type: ${type}`,
        });
      } else if (entries[0]) {
        const at = [...entries[0].path, 'disabled'];
        ctx.report({
          object: shoot.object,
          at,
          message: `Required extension ${type} is disabled in Shoot ${shoot.name}.`,
          fix: { title: `Enable the ${type} extension`, ops: [{ op: 'delete', path: at }], safe: false },
        });
      } else {
        ctx.report({
          object: shoot.object,
          at: ['spec', 'extensions'],
          key: true,
          message: `Required extension ${type} is not in spec.extensions of Shoot ${shoot.name} (option extensions).`,
          fix: addExtensionFix(shoot, type, `Add the ${type} extension`),
        });
      }
    }
  },
});
