import { defineRule } from '../lib/engine/rule.ts';
import { quotedNote, writtenTrue } from './_values.ts';

export default defineRule({
  meta: {
    id: '242395',
    name: 'no-dashboard',
    title: 'The Kubernetes dashboard addon must not be enabled.',
    category: 'control-plane',
    stigIds: ['242395'],
    defaultSeverity: 'error',
    fixType: 'safe',
    rationale:
      'The Kubernetes dashboard gives a web UI with the rights of its service account. Gardener installs it only when `spec.addons.kubernetesDashboard.enabled` is true; it is off by default.',
    fix: 'Set spec.addons.kubernetesDashboard.enabled to false, or remove the addon.',
    snippet: 'spec:\n  addons:\n    kubernetesDashboard:\n      enabled: false\n',
    sources: ['https://gardener.cloud/docs/gardener/api-reference/core/#kubernetesdashboard'],
  },
  checkShoot(shoot, ctx) {
    const enabled = shoot.spec.addons?.kubernetesDashboard?.enabled;
    const at = ['spec', 'addons', 'kubernetesDashboard', 'enabled'];
    if (writtenTrue(enabled)) {
      ctx.report({
        object: shoot.object,
        at,
        message: `The Kubernetes dashboard addon is enabled in Shoot ${shoot.name}${quotedNote(enabled)}.`,
        fix: { title: 'Disable the Kubernetes dashboard', ops: [{ op: 'set', path: at, value: false }], safe: true },
      });
    } else {
      ctx.report({
        object: shoot.object,
        state: 'pass',
        at,
        message: 'The Kubernetes dashboard addon is not enabled.',
        evidence: enabled === false ? 'spec.addons.kubernetesDashboard.enabled: false' : 'Gardener default: the dashboard is not installed',
      });
    }
  },
});
