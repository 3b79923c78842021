/** The stylish format with more findings in one file than a function call takes arguments (a large List on standard input). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import stylish from '../../lib/formatters/stylish.ts';
import { formatText } from '../../lib/formatters/index.ts';
import type { LintMessage } from '../../lib/engine/types.ts';

test('stylish: 300,000 findings in one file', () => {
  const m = (i: number): LintMessage => ({
    ruleId: 'schema', ruleName: 'schema', severity: 1, message: `finding ${i}`, state: 'fail', path: '',
    offset: i, endOffset: i, line: i + 1, column: 1, endLine: i + 1, endColumn: 1,
  });
  const messages = Array.from({ length: 300_000 }, (_, i) => m(i));
  const text = formatText(stylish, [{ filePath: '<stdin>', messages, suppressedMessages: [], errorCount: 0, warningCount: messages.length }], {
    cwd: '/', version: '0', rulesMeta: new Map(), color: false,
  });
  assert.match(text, /300000:1 +warning {2}finding 299999/);
  assert.match(text, /300,?000 problems/);
});

test.run();
