import { defineRule } from '../lib/engine/rule.ts';
import { addExtensionFix, findExtensions } from './_extensions.ts';
import { isRecord } from '../lib/engine/record.ts';

const LAKOM = 'shoot-lakom-service';
const SCOPES = ['KubeSystemManagedByGardener', 'KubeSystem', 'Cluster'] as const;
const DEFAULT_SCOPE = 'KubeSystemManagedByGardener';
/** Set by Gardener on Shoots whose extension the landscape enables (visible in `kubectl get shoot -o yaml`). */
const ENABLED_LABEL = `extensions.extensions.gardener.cloud/${LAKOM}`;

interface Options {
  readonly allowedScopes: readonly string[];
}

export default defineRule<Options>({
  meta: {
    id: 'lakom',
    name: 'lakom',
    title: 'The Lakom extension (shoot-lakom-service) verifies image signatures, with an allowed scope.',
    category: 'gardener',
    stigIds: [],
    defaultSeverity: 'off',
    fixType: 'safe',
    rationale:
      "Part of Gardener's hardened-shoot checks (beyond the STIG). Lakom is an admission controller that verifies the cosign signatures of container images and resolves tags to digests, so a tampered or substituted image of a system component is rejected. It runs when the `shoot-lakom-service` extension is enabled; its `providerConfig.scope` decides which pods are verified: `KubeSystemManagedByGardener` (Gardener-managed pods in kube-system, the default), `KubeSystem` (all of kube-system) or `Cluster` (every namespace). The rule fails when the extension is missing or disabled, or its scope is not in the option `allowedScopes`. A Shoot whose landscape enables Lakom for every Shoot passes when it carries Gardener's label `" +
      ENABLED_LABEL +
      ': "true"` (as `kubectl get shoot -o yaml` shows); otherwise list the extension explicitly so the manifest states it.',
    fix: 'Add `- type: shoot-lakom-service` to spec.extensions (not disabled), with a providerConfig scope from allowedScopes.',
    snippet:
      'spec:\n  extensions:\n  - type: shoot-lakom-service\n    providerConfig:\n      apiVersion: lakom.extensions.gardener.cloud/v1alpha1\n      kind: LakomConfig\n      scope: KubeSystemManagedByGardener\n',
    options: {
      allowedScopes: {
        description:
          'Lakom scopes that pass. `KubeSystemManagedByGardener` verifies only Gardener-managed pods in kube-system, `KubeSystem` all pods in kube-system, `Cluster` all pods.',
        schema: { type: 'array', items: { enum: [...SCOPES] }, minItems: 1, uniqueItems: true },
        default: ['KubeSystemManagedByGardener', 'Cluster'],
      },
    },
    sources: [
      'https://github.com/gardener/gardener-extension-shoot-lakom-service',
      'https://gardener.cloud/docs/gardener/api-reference/core/#extension',
      'https://github.com/gardener/diki',
    ],
  },
  checkShoot(shoot, ctx) {
    const allowed = Array.isArray(ctx.options.allowedScopes) ? ctx.options.allowedScopes : [DEFAULT_SCOPE];
    const allowedText = allowed.join(', ');
    const entries = findExtensions(shoot, LAKOM);
    const enabled = entries.find((e) => !e.disabled);
    if (!enabled) {
      if (entries[0]) {
        const at = [...entries[0].path, 'disabled'];
        ctx.report({
          object: shoot.object,
          at,
          message: `The Lakom extension (${LAKOM}) is disabled in Shoot ${shoot.name}: image signatures are not verified.`,
          fix: { title: 'Enable the Lakom extension', ops: [{ op: 'delete', path: at }], safe: false },
        });
        return;
      }
      const labels = isRecord(shoot.object.value.metadata) && isRecord(shoot.object.value.metadata.labels) ? shoot.object.value.metadata.labels : {};
      if (labels[ENABLED_LABEL] === 'true') {
        const ok = allowed.includes(DEFAULT_SCOPE);
        ctx.report({
          object: shoot.object,
          state: ok ? 'pass' : 'fail',
          at: ['metadata', 'labels', ENABLED_LABEL],
          message: ok
            ? `The Lakom extension is enabled by the landscape (label ${ENABLED_LABEL}) with its default scope ${DEFAULT_SCOPE}.`
            : `The Lakom extension is enabled by the landscape with its default scope ${DEFAULT_SCOPE}, which is not in allowedScopes (${allowedText}); list the extension in spec.extensions with an allowed scope.`,
          ...(ok ? { evidence: `label ${ENABLED_LABEL}: "true"; default scope ${DEFAULT_SCOPE}` } : {}),
        });
        return;
      }
      ctx.report({
        object: shoot.object,
        at: ['spec', 'extensions'],
        key: true,
        message: `The Lakom extension (${LAKOM}) is not in spec.extensions of Shoot ${shoot.name}: image signatures are not verified unless the landscape enables it for every Shoot.`,
        fix: addExtensionFix(shoot, LAKOM, 'Add the Lakom extension'),
      });
      return;
    }
    const config = isRecord(enabled.providerConfig) ? enabled.providerConfig : undefined;
    const written = config?.scope;
    const scopeAt = [...enabled.path, 'providerConfig', 'scope'];
    if (written !== undefined && (typeof written !== 'string' || !(SCOPES as readonly string[]).includes(written))) {
      const near = typeof written === 'string' ? SCOPES.find((s) => s.toLowerCase() === written.toLowerCase()) : undefined;
      ctx.report({
        object: shoot.object,
        at: scopeAt,
        message: `${JSON.stringify(written)} is not a Lakom scope (${SCOPES.join(', ')})${near ? `; did you mean ${near}?` : ''}`,
        ...(near && allowed.includes(near) ? { fix: { title: `Write the scope as ${near}`, ops: [{ op: 'set', path: scopeAt, value: near }], safe: true } } : {}),
      });
      return;
    }
    const scope = typeof written === 'string' ? written : DEFAULT_SCOPE;
    const how = typeof written === 'string' ? `providerConfig.scope: ${scope}` : `no providerConfig.scope; Lakom defaults to ${DEFAULT_SCOPE}`;
    if (allowed.includes(scope)) {
      ctx.report({
        object: shoot.object,
        state: 'pass',
        at: typeof written === 'string' ? scopeAt : [...enabled.path, 'type'],
        message: `The Lakom extension is enabled with scope ${scope}.`,
        evidence: how,
      });
      return;
    }
    ctx.report({
      object: shoot.object,
      at: typeof written === 'string' ? scopeAt : [...enabled.path, 'type'],
      message: `The Lakom scope ${scope} is not allowed (allowedScopes: ${allowedText})${typeof written === 'string' ? '' : `: ${how}`}.`,
    });
  },
});
