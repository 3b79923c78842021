import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../../lib/engine/defaults.ts';
import { lint } from '../../lib/engine/lint.ts';
import type { FileResult, LintMessage } from '../../lib/engine/types.ts';
import { RULES } from '../../rules/index.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'test', 'fixtures', 'suppressions');
const DASHBOARD = RULES.filter((r) => r.meta.id === '242395');

function run(name: string, today = '2026-06-01'): { file: FileResult; results: ReturnType<typeof lint>['results'] } {
  const out = lint({ files: [{ path: name, text: readFileSync(join(DIR, name), 'utf8') }], config: defaultConfig(today), rules: DASHBOARD });
  return { file: out.files[0]!, results: out.results };
}

const brief = (m: LintMessage): string => `${m.line}:${m.column} ${m.ruleId}`;

test('a suppression with a reason suppresses, keeps the justification and expiry', () => {
  const { file, results } = run('comments.yaml');
  const s = file.suppressedMessages.find((m) => m.object?.name === 'with-reason');
  assert.ok(s, 'suppressed message kept');
  assert.equal(s!.ruleId, '242395');
  assert.equal(s!.suppressions, [{ kind: 'comment', justification: 'read-only dashboard for the demo cluster', until: '2099-12-31' }]);
  assert.not.ok(file.messages.some((m) => m.ruleId === '242395' && m.object?.name === 'with-reason'));
  const r = results.find((x) => x.ruleId === '242395' && x.object?.name === 'with-reason');
  assert.is(r?.state, 'suppressed');
  assert.equal(r?.suppressions?.[0]?.justification, 'read-only dashboard for the demo cluster');
});

test('a suppression without a reason does not suppress and is reported at the directive', () => {
  const { file } = run('comments.yaml');
  assert.ok(file.messages.some((m) => m.ruleId === '242395' && m.object?.name === 'no-reason'));
  const bad = file.messages.find((m) => m.ruleId === 'invalid-suppression' && m.line === 22);
  assert.ok(bad, file.messages.map(brief).join('\n'));
  assert.match(bad!.message, /no reason/);
  assert.is(bad!.severity, 1);
  assert.is(bad!.column, 7);
});

test('an expired suppression stops working and is reported', () => {
  const { file } = run('comments.yaml');
  assert.ok(file.messages.some((m) => m.ruleId === '242395' && m.object?.name === 'expired'));
  const bad = file.messages.find((m) => m.ruleId === 'invalid-suppression' && m.line === 33);
  assert.match(bad?.message ?? '', /expired on 2020-01-31/);
  // Before its expiry it works.
  const early = run('comments.yaml', '2020-01-31').file;
  assert.ok(early.suppressedMessages.some((m) => m.object?.name === 'expired'));
});

test('a suppression naming an unknown rule is reported and suppresses nothing', () => {
  const { file } = run('comments.yaml');
  assert.ok(file.messages.some((m) => m.ruleId === '242395' && m.object?.name === 'unknown-rule'));
  const bad = file.messages.find((m) => m.ruleId === 'invalid-suppression' && m.line === 44);
  assert.match(bad?.message ?? '', /unknown rule "999999"/);
});

test('a suppression that suppresses nothing is reported as unused', () => {
  const { file } = run('comments.yaml');
  const unused = file.messages.filter((m) => m.ruleId === 'unused-suppression');
  assert.equal(unused.map(brief), ['55:7 unused-suppression']);
  assert.match(unused[0]!.message, /no 242395 finding on line 56/);
});

test('a suppression of a rule that is turned off is not reported as unused', () => {
  const text = readFileSync(join(DIR, 'comments.yaml'), 'utf8');
  const config = { ...defaultConfig('2026-06-01'), rules: { '242395': { severity: 'off' as const } } };
  const out = lint({ files: [{ path: 'c.yaml', text }], config, rules: DASHBOARD });
  assert.not.ok(out.files[0]!.messages.some((m) => m.ruleId === 'unused-suppression'));
});

test('block form covers the lines up to shootlint-enable', () => {
  const { file } = run('block.yaml');
  assert.equal(file.suppressedMessages.map((m) => m.object?.name), ['sandbox-a', 'sandbox-b']);
  assert.equal(file.messages.map((m) => `${m.ruleId} ${m.object?.name}`), ['242395 after-block']);
});

test('file form covers the whole file; a # inside a string is no directive', () => {
  const { file } = run('file-level.yaml');
  assert.equal(file.messages, []);
  assert.equal(file.suppressedMessages.map((m) => m.ruleId), ['242395']);
});

test('annotation form applies to its object only; a reason is required', () => {
  const { file, results } = run('annotation.yaml');
  const s = file.suppressedMessages.map((m) => [m.object?.name, m.suppressions]);
  assert.equal(s, [['annotated', [{ kind: 'annotation', justification: 'dashboard needed for the training; access via SSO only; see TICKET-12', until: '2099-01-01' }]]]);
  assert.equal(
    file.messages.map((m) => `${m.ruleId} ${m.object?.name}`),
    ['invalid-suppression annotated-bad', '242395 annotated-bad', '242395 not-annotated'],
  );
  const bad = file.messages[0]!;
  assert.is(bad.line, 20);
  assert.match(bad.message, /no reason/);
  assert.ok(results.some((r) => r.ruleId === 'invalid-suppression' && r.object?.name === 'annotated-bad'));
});

test('a directive above a line with a trailing comment suppresses that line', () => {
  const { file } = run('trailing-comment.yaml');
  assert.equal(file.messages.map(brief), []);
  assert.equal(file.suppressedMessages.map((m) => `${m.line} ${m.object?.name}`), ['10 trailing-comment', '25 comment-lines-between']);
});

test('placeholder reasons (TODO, FIXME, TBD, n/a, too short, empty) are invalid and suppress nothing', () => {
  const { file, results } = run('placeholders.yaml');
  const names = ['todo', 'fixme', 'tbd', 'n-a', 'too-short', 'empty', 'annotated-todo'];
  for (const name of names) {
    assert.ok(file.messages.some((m) => m.ruleId === '242395' && m.object?.name === name), `${name} still reported`);
  }
  const invalid = file.messages.filter((m) => m.ruleId === 'invalid-suppression');
  assert.is(invalid.length, names.length, invalid.map((m) => m.message).join('\n'));
  assert.match(invalid[0]!.message, /placeholder reason \("TODO"\)/);
  assert.match(invalid[4]!.message, /fewer than 3 words/);
  assert.match(invalid[5]!.message, /no reason/);
  // No placeholder is ever recorded as a justification.
  assert.equal(file.suppressedMessages.map((m) => m.object?.name), ['real-reason']);
  assert.not.ok(results.some((r) => r.suppressions?.some((s) => /todo|tbd|fixme/i.test(s.justification))));
});

test.run();
