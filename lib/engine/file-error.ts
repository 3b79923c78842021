/**
 * A file's result that is one error at its start and nothing else: what a
 * file that could not be read, linted or rendered reports.
 */
import type { FileResult, LintMessage, State } from './types.ts';

export function fileError(filePath: string, ruleId: string, message: string, state: State, fix?: string): FileResult {
  const m: LintMessage = {
    ruleId, ruleName: ruleId, severity: 2, message, state, path: '',
    offset: 0, endOffset: 0, line: 1, column: 1, endLine: 1, endColumn: 1,
    ...(fix !== undefined ? { fix } : {}),
  };
  return { filePath, messages: [m], suppressedMessages: [], errorCount: 1, warningCount: 0 };
}
