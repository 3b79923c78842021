import { auditBackendRule } from './_audit.ts';

export default auditBackendRule({
  id: '242465',
  name: 'audit-log-path-set',
  title: 'The Kubernetes API Server audit log path must be set.',
  stigAsks: '`--audit-log-path` set to a valid path',
  why: 'The audit log path decides where audit records are written; an unset or invalid path means they are not kept.',
});
