import { auditBackendRule } from './_audit.ts';

export default auditBackendRule({
  id: '242461',
  name: 'audit-log-enabled',
  title: 'Kubernetes API Server audit logs must be enabled.',
  stigAsks: 'audit logging enabled (`--audit-policy-file` with valid content, and a log to write to)',
  why: 'Audit logs record every request to the API server; without them an incident cannot be investigated and misuse goes unnoticed.',
});
