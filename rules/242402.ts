import { auditBackendRule } from './_audit.ts';

export default auditBackendRule({
  id: '242402',
  name: 'audit-log-path',
  title: 'The Kubernetes API Server must have an audit log path set.',
  stigAsks: '`--audit-log-path` set to a secure location',
  why: 'Without an audit log path kube-apiserver writes no audit log, and the events that reconstruct who did what in the cluster are lost.',
});
