import { defineRule } from '../lib/engine/rule.ts';
import { SSH_FIX_TEXT, SSH_SNIPPET, SSH_SOURCES, checkSshAccess } from './_ssh.ts';

export default defineRule({
  meta: {
    id: '242393',
    name: 'no-sshd-running',
    title: 'Worker nodes must not have the sshd service running.',
    category: 'nodes',
    stigIds: ['242393'],
    defaultSeverity: 'error',
    rationale:
      'An SSH daemon on a worker node is a remote entry point outside Kubernetes authentication and audit. ' +
      'Gardener keeps sshd enabled and running on every worker node unless ' +
      '`spec.provider.workersSettings.sshAccess.enabled` is `false` (the default is `true`). ' +
      'A workerless Shoot has no nodes, so the rule does not apply to it. ' +
      'The same setting decides 242394 (sshd enabled).',
    fix: SSH_FIX_TEXT,
    snippet: SSH_SNIPPET,
    sources: SSH_SOURCES,
  },
  checkShoot(shoot, ctx) {
    checkSshAccess(shoot, ctx, 'running');
  },
});
