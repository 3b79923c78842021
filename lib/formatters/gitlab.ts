import type { LintMessage } from '../engine/types.ts';
import { fingerprints, relativePath } from './shared.ts';
import type { Formatter } from './types.ts';

export type GitLabSeverity = 'blocker' | 'critical' | 'major' | 'minor' | 'info';

/** Lint level and STIG category to a Code Quality severity. */
export function gitlabSeverity(m: LintMessage): GitLabSeverity {
  if (m.state === 'invalid-suppression') return 'info';
  if (m.severity === 1) return 'minor';
  switch (m.stig?.cat) {
    case 'I':
      return 'blocker';
    case 'II':
      return 'critical';
    default:
      return 'major';
  }
}

/** GitLab Code Quality report (a JSON array of issues) for merge-request widgets. */
const gitlab: Formatter = (files, ctx) => {
  const prints = fingerprints(files, ctx.cwd);
  const issues = files.flatMap((f) => {
    const path = relativePath(ctx.cwd, f.filePath);
    return f.messages.map((m) => ({
      type: 'issue',
      check_name: m.ruleId,
      description: m.ruleName && m.ruleName !== m.ruleId ? `${m.message} (${m.ruleId} ${m.ruleName})` : `${m.message} (${m.ruleId})`,
      ...(m.fix ? { content: { body: m.fix } } : {}),
      categories: ['Security'],
      severity: gitlabSeverity(m),
      fingerprint: prints.get(m)!,
      location: { path, lines: { begin: m.line, end: m.endLine } },
    }));
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
};

export default gitlab;
