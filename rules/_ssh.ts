import type { Rule, RuleContext } from '../lib/engine/rule.ts';
import { defineRule } from '../lib/engine/rule.ts';
import type { ShootModel } from '../lib/engine/shoot/model.ts';
import { isRecord } from '../lib/engine/record.ts';

/** The setting 242393 and 242394 both decide. */
const SSH_ENABLED_PATH = ['spec', 'provider', 'workersSettings', 'sshAccess', 'enabled'] as const;

const SSH_SOURCES: readonly string[] = [
  'https://gardener.cloud/docs/gardener/api-reference/core/#sshaccess',
  'https://gardener.cloud/docs/gardener/api-reference/core/#workerssettings',
];

const SSH_SNIPPET = 'spec:\n  provider:\n    workersSettings:\n      sshAccess:\n        enabled: false\n';

const SSH_FIX_TEXT = 'Set spec.provider.workersSettings.sshAccess.enabled to false.';

/**
 * sshd on the worker nodes: Gardener keeps it enabled and running unless
 * `spec.provider.workersSettings.sshAccess.enabled` is explicitly false.
 * `what` is the rule's wording ("running" or "enabled").
 */
function checkSshAccess(shoot: ShootModel, ctx: RuleContext<unknown>, what: 'running' | 'enabled'): void {
  const at = [...SSH_ENABLED_PATH];
  if (shoot.workerless) {
    ctx.report({
      object: shoot.object,
      state: 'not-applicable',
      at: ['spec', 'provider'],
      message: `Shoot ${shoot.name} has no worker pools, so no worker node runs sshd.`,
      evidence: 'workerless Shoot: no worker nodes',
    });
    return;
  }
  const sshAccess: unknown = shoot.spec.provider?.workersSettings?.sshAccess;
  const enabled: unknown = isRecord(sshAccess) ? sshAccess.enabled : undefined;
  if (enabled === false) {
    ctx.report({
      object: shoot.object,
      state: 'pass',
      at,
      message: `SSH access to the worker nodes of Shoot ${shoot.name} is disabled.`,
      evidence: 'spec.provider.workersSettings.sshAccess.enabled: false',
    });
    return;
  }
  const fix = { title: 'Disable SSH access to the worker nodes', ops: [{ op: 'set' as const, path: at, value: false }], safe: true };
  const message =
    enabled === true
      ? `SSH access to the worker nodes is enabled, so sshd is ${what} on every node of Shoot ${shoot.name}.`
      : enabled === undefined
        ? `spec.provider.workersSettings.sshAccess.enabled is not set and defaults to true, so sshd is ${what} on every node of Shoot ${shoot.name}.`
        : `spec.provider.workersSettings.sshAccess.enabled is ${JSON.stringify(enabled)}, not the boolean false, so sshd stays ${what} on the nodes of Shoot ${shoot.name}.`;
  ctx.report({ object: shoot.object, at, message, fix });
}

export interface SshRuleSpec {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  /** The rule's wording of sshd's state. */
  readonly what: 'running' | 'enabled';
  /** The first sentence of the rationale: what the STIG guards against. */
  readonly why: string;
  /** What Gardener does with sshd on every worker node unless SSH access is disabled. */
  readonly gardenerDoes: string;
  /** The sibling rule the same setting decides, e.g. "242394 (sshd enabled)". */
  readonly sibling: string;
}

/** Builds 242393 or 242394: both are decided by sshAccess.enabled and differ in STIG id and wording. */
export function sshRule(spec: SshRuleSpec): Rule {
  return defineRule({
    meta: {
      id: spec.id,
      name: spec.name,
      title: spec.title,
      category: 'nodes',
      stigIds: [spec.id],
      defaultSeverity: 'error',
      fixType: 'review',
      rationale:
        `${spec.why} ` +
        `Gardener ${spec.gardenerDoes} unless ` +
        '`spec.provider.workersSettings.sshAccess.enabled` is `false` (the default is `true`). ' +
        'A workerless Shoot has no nodes, so the rule does not apply to it. ' +
        `The same setting decides ${spec.sibling}.`,
      fix: SSH_FIX_TEXT,
      snippet: SSH_SNIPPET,
      sources: SSH_SOURCES,
    },
    checkShoot(shoot, ctx) {
      checkSshAccess(shoot, ctx, spec.what);
    },
  });
}
