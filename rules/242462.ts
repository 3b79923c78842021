import { auditBackendRule } from './_audit.ts';

export default auditBackendRule({
  id: '242462',
  name: 'audit-log-max-size',
  title: 'The Kubernetes API Server must be set to audit log max size.',
  stigAsks: '`--audit-log-maxsize` of at least 100 (MB)',
  why: 'A maximum size makes kube-apiserver rotate the audit log before it fills the disk; a full disk loses audit records.',
});
