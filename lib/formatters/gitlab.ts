import type { LintMessage } from '../engine/types.ts';
import { Fingerprints, jsonArray, relativePath } from './shared.ts';
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
const gitlab: Formatter = (ctx, write) => {
  const array = jsonArray(write);
  // The fingerprints of the file being written (its repeats are counted across its parts).
  let prints: Fingerprints | undefined;
  return {
    file: (f, _results, more = false) => {
      const path = relativePath(ctx.cwd, f.filePath);
      prints ??= new Fingerprints(path);
      for (const m of f.messages) {
        array.item({
          type: 'issue',
          check_name: m.ruleId,
          description: m.ruleName && m.ruleName !== m.ruleId ? `${m.message} (${m.ruleId} ${m.ruleName})` : `${m.message} (${m.ruleId})`,
          ...(m.fix ? { content: { body: m.fix } } : {}),
          categories: ['Security'],
          severity: gitlabSeverity(m),
          fingerprint: prints.of(m),
          location: { path, lines: { begin: m.line, end: m.endLine } },
        });
      }
      if (!more) prints = undefined;
    },
    end: () => {
      array.end();
      write('\n');
    },
  };
};

export default gitlab;
