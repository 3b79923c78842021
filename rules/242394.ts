import { sshRule } from './_ssh.ts';

export default sshRule({
  id: '242394',
  name: 'no-sshd-enabled',
  title: 'Worker nodes must not have the sshd service enabled.',
  what: 'enabled',
  why: 'An enabled sshd service starts again on every boot of a worker node, even after someone stopped it.',
  gardenerDoes: 'enables sshd in systemd on every worker node',
  sibling: '242393 (sshd running)',
});
