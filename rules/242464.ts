import { auditBackendRule } from './_audit.ts';

export default auditBackendRule({
  id: '242464',
  name: 'audit-log-retention',
  title: 'The Kubernetes API Server audit log retention must be set.',
  stigAsks: '`--audit-log-maxage` of at least 30 (days)',
  why: 'A retention period keeps audit records long enough for after-the-fact investigations and for the organisation\'s record keeping.',
});
