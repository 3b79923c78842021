import { defineRule } from '../lib/engine/rule.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import { quotedNote, writtenTrue } from './_values.ts';
import { isRecord } from '../lib/engine/record.ts';

const PLUGIN = 'ValidatingAdmissionWebhook';
const PLUGINS: YamlPath = ['spec', 'kubernetes', 'kubeAPIServer', 'admissionPlugins'];

export default defineRule({
  meta: {
    id: '242436',
    name: 'validating-admission-webhook',
    title: 'The kube-apiserver must keep the ValidatingAdmissionWebhook admission plugin enabled.',
    category: 'control-plane',
    stigIds: ['242436'],
    defaultSeverity: 'error',
    fixType: 'safe',
    rationale:
      'The ValidatingAdmissionWebhook admission plugin calls validating webhooks (policy engines, Gardener\'s own checks) ' +
      'before objects are stored; without it every such policy is silently skipped.\n\n' +
      'Gardener enables the plugin by default; it is off only when `kubeAPIServer.admissionPlugins` lists it with ' +
      '`disabled: true`. The STIG wants the plugin listed explicitly; with `strict: true` the default is not enough and ' +
      'the plugin must be listed (and not disabled).',
    fix: 'Remove disabled: true from the ValidatingAdmissionWebhook entry of kubeAPIServer.admissionPlugins (strict mode: list the plugin).',
    snippet: 'spec:\n  kubernetes:\n    kubeAPIServer:\n      admissionPlugins:\n      - name: ValidatingAdmissionWebhook\n',
    strictAware: true,
    sources: [
      'https://gardener.cloud/docs/gardener/api-reference/core/#kubeapiserverconfig',
      'https://gardener.cloud/docs/gardener/api-reference/core/#admissionplugin',
    ],
  },
  checkShoot(shoot, ctx) {
    const raw = shoot.kubernetes.kubeAPIServer?.admissionPlugins as unknown;
    const plugins = Array.isArray(raw) ? raw : [];
    const entries = plugins.map((p: unknown, index: number) => ({ p, index })).filter(({ p }) => isRecord(p) && p.name === PLUGIN);
    let disabled = false;
    for (const { p, index } of entries) {
      const value = (p as Record<string, unknown>).disabled;
      if (!writtenTrue(value)) continue;
      disabled = true;
      const at = [...PLUGINS, index, 'disabled'];
      ctx.report({
        object: shoot.object,
        at,
        message: `The ${PLUGIN} admission plugin is disabled in Shoot ${shoot.name}${quotedNote(value)}: validating admission webhooks are not called.`,
        fix: { title: `Enable the ${PLUGIN} admission plugin`, ops: [{ op: 'delete', path: at }], safe: true },
      });
    }
    if (disabled) return;
    if (entries.length > 0) {
      ctx.report({
        object: shoot.object,
        state: 'pass',
        at: [...PLUGINS, entries[0]!.index, 'name'],
        message: `The ${PLUGIN} admission plugin is enabled.`,
        evidence: `kubeAPIServer.admissionPlugins lists ${PLUGIN}`,
      });
    } else if (ctx.settings.strict) {
      // Adding to an existing list rewrites it (its comments are lost): offered, not applied by --fix.
      const listed = Array.isArray(raw) && plugins.length > 0;
      ctx.report({
        object: shoot.object,
        at: PLUGINS,
        message: `${PLUGIN} is not listed in kubeAPIServer.admissionPlugins, which strict mode requires; Gardener enables it by default, so the default would have passed.`,
        fix: { title: `List the ${PLUGIN} admission plugin`, ops: [{ op: 'set', path: PLUGINS, value: [...plugins, { name: PLUGIN }] }], safe: !listed },
      });
    } else {
      ctx.report({
        object: shoot.object,
        state: 'pass',
        at: PLUGINS,
        message: `The ${PLUGIN} admission plugin is enabled by default.`,
        evidence: `Gardener default: ${PLUGIN} is enabled unless listed with disabled: true`,
      });
    }
  },
});
