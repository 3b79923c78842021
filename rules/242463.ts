import { auditBackendRule } from './_audit.ts';

export default auditBackendRule({
  id: '242463',
  name: 'audit-log-max-backup',
  title: 'The Kubernetes API Server must be set to audit log maximum backup.',
  stigAsks: '`--audit-log-maxbackup` of at least 10',
  why: 'Keeping rotated audit logs preserves the history needed to investigate an incident after rotation.',
});
