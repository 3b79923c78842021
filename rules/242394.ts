import { defineRule } from '../lib/engine/rule.ts';
import { SSH_FIX_TEXT, SSH_SNIPPET, SSH_SOURCES, checkSshAccess } from './_ssh.ts';

export default defineRule({
  meta: {
    id: '242394',
    name: 'no-sshd-enabled',
    title: 'Worker nodes must not have the sshd service enabled.',
    category: 'nodes',
    stigIds: ['242394'],
    defaultSeverity: 'error',
    rationale:
      'An enabled sshd service starts again on every boot of a worker node, even after someone stopped it. ' +
      'Gardener enables sshd in systemd on every worker node unless ' +
      '`spec.provider.workersSettings.sshAccess.enabled` is `false` (the default is `true`). ' +
      'A workerless Shoot has no nodes, so the rule does not apply to it. ' +
      'The same setting decides 242393 (sshd running).',
    fix: SSH_FIX_TEXT,
    snippet: SSH_SNIPPET,
    sources: SSH_SOURCES,
  },
  checkShoot(shoot, ctx) {
    checkSshAccess(shoot, ctx, 'enabled');
  },
});
