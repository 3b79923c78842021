import { sshRule } from './_ssh.ts';

export default sshRule({
  id: '242393',
  name: 'no-sshd-running',
  title: 'Worker nodes must not have the sshd service running.',
  what: 'running',
  why: 'An SSH daemon on a worker node is a remote entry point outside Kubernetes authentication and audit.',
  gardenerDoes: 'keeps sshd enabled and running on every worker node',
  sibling: '242394 (sshd enabled)',
});
