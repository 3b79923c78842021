/**
 * Shared logic of the audit-backend rules (242402, 242461-242465).
 *
 * Gardener runs kube-apiserver with an audit policy but writes audit events
 * nowhere a cluster admin can keep them: log path, size, backups and retention
 * are properties of an audit backend, which a Shoot gets from an audit
 * extension in `spec.extensions`. These rules therefore ask one question (is an
 * enabled audit extension configured?) and, when it is, pass with the note that
 * the STIG's file settings are delegated to that extension.
 */
import type { KubeObject } from '../lib/engine/document.ts';
import type { ReportDescriptor, Rule, RuleCategory, RuleOption } from '../lib/engine/rule.ts';
import { defineRule } from '../lib/engine/rule.ts';
import type { ShootModel } from '../lib/engine/shoot/model.ts';
import type { ShootExtension } from './_extensions.ts';
import { addExtensionFix, shootExtensions } from './_extensions.ts';

export const DEFAULT_AUDIT_EXTENSION_TYPES: readonly string[] = ['auditing'];

export interface AuditBackendOptions {
  readonly auditExtensionTypes: readonly string[];
}

export type AuditBackend =
  | { readonly state: 'configured'; readonly extension: ShootExtension }
  | { readonly state: 'disabled'; readonly extension: ShootExtension }
  | { readonly state: 'none' };

/** The first enabled audit extension, else the first disabled one, else none. */
export function auditBackend(shoot: ShootModel, types: readonly string[]): AuditBackend {
  const audit = shootExtensions(shoot).filter((e) => types.includes(e.type));
  const enabled = audit.find((e) => !e.disabled);
  if (enabled) return { state: 'configured', extension: enabled };
  const disabled = audit[0];
  if (disabled) return { state: 'disabled', extension: disabled };
  return { state: 'none' };
}

function auditTypes(options: Partial<AuditBackendOptions> | undefined): readonly string[] {
  const t = options?.auditExtensionTypes;
  return Array.isArray(t) && t.every((x) => typeof x === 'string') ? t : DEFAULT_AUDIT_EXTENSION_TYPES;
}

function quoteList(types: readonly string[]): string {
  return types.map((t) => `\`${t}\``).join(', ');
}

export const AUDIT_EXTENSION_TYPES_OPTION: RuleOption = {
  description:
    'Extension types that provide an audit backend (a Shoot passes when one of them is in `spec.extensions` and not disabled). Add the type of your landscape\'s audit extension if it is not `auditing`.',
  schema: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true },
  default: DEFAULT_AUDIT_EXTENSION_TYPES,
};

export interface AuditBackendRuleSpec {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  /** What the STIG asks of kube-apiserver, e.g. "`--audit-log-maxsize` of at least 100 (MB)". */
  readonly stigAsks: string;
  /** The first paragraph of the rationale: what the STIG setting protects. */
  readonly why: string;
}

const SOURCES: readonly string[] = [
  'https://gardener.cloud/docs/security-and-compliance/kubernetes-hardening/',
  'https://gardener.cloud/docs/gardener/api-reference/core/#extension',
  'https://gardener.cloud/docs/gardener/shoot/shoot_auditpolicy/',
];

/** Builds one audit-backend rule; all six share the check and differ in STIG id and wording. */
export function auditBackendRule(spec: AuditBackendRuleSpec): Rule<AuditBackendOptions> {
  const category: RuleCategory = 'audit';
  return defineRule<AuditBackendOptions>({
    meta: {
      id: spec.id,
      name: spec.name,
      title: spec.title,
      category,
      stigIds: [spec.id],
      defaultSeverity: 'error',
      fixType: 'review',
      rationale: `${spec.why}\n\nThe STIG asks kube-apiserver for ${spec.stigAsks}. Gardener manages kube-apiserver's flags and writes no audit log a cluster admin can keep; audit events reach a log only through an audit backend, which a Shoot gets from an audit extension in \`spec.extensions\` (the hardening guide: "It is the user's responsibility to configure an audit extension that meets the requirements of their organization"). The rule passes when such an extension is configured and not disabled, and notes that ${spec.stigAsks} is delegated to that extension; whether the extension keeps the logs as the STIG asks is outside the Shoot manifest.`,
      fix: 'Add an audit extension (by default of type `auditing`) to spec.extensions, or remove `disabled: true` from it.',
      snippet: 'spec:\n  extensions:\n  - type: auditing\n',
      options: { auditExtensionTypes: AUDIT_EXTENSION_TYPES_OPTION },
      sources: SOURCES,
    },
    checkShoot(shoot, ctx) {
      checkAuditBackend(shoot.object, shoot, auditTypes(ctx.options), spec, ctx.report);
    },
  });
}

function checkAuditBackend(
  object: KubeObject,
  shoot: ShootModel,
  types: readonly string[],
  spec: AuditBackendRuleSpec,
  report: (d: ReportDescriptor) => void,
): void {
  const backend = auditBackend(shoot, types);
  if (backend.state === 'configured') {
    report({
      object,
      state: 'pass',
      at: [...backend.extension.path, 'type'],
      message: `Audit backend configured: delegated to the ${backend.extension.type} extension.`,
      evidence: `delegated to the ${backend.extension.type} extension (the STIG asks kube-apiserver for ${spec.stigAsks})`,
    });
    return;
  }
  if (backend.state === 'disabled') {
    const at = [...backend.extension.path, 'disabled'];
    report({
      object,
      at,
      message: `The audit extension ${backend.extension.type} is disabled, so Shoot ${shoot.name} has no audit backend; the STIG asks kube-apiserver for ${spec.stigAsks}.`,
      fix: { title: `Enable the ${backend.extension.type} extension`, ops: [{ op: 'delete', path: at }], safe: false },
    });
    return;
  }
  report({
    object,
    at: ['spec', 'extensions'],
    key: true,
    message: `Shoot ${shoot.name} has no audit backend: no extension of type ${quoteList(types)} in spec.extensions (option auditExtensionTypes); the STIG asks kube-apiserver for ${spec.stigAsks}.`,
    fix: addExtensionFix(shoot, types[0] ?? 'auditing', `Add the ${types[0] ?? 'auditing'} extension`),
  });
}
