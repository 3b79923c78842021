/**
 * A whole workspace (a Shoot, its audit-policy and authentication ConfigMaps, a
 * CloudProfile, a Namespace and Deployments) gives exactly the findings its
 * markers name, of every rule; the Shoot alone gives unverifiable, never pass.
 */
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../lib/engine/defaults.ts';
import { lint } from '../lib/engine/lint.ts';
import { RULES } from '../rules/index.ts';
import { loadCase, parseMarkers } from './helpers/fixture.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DIR = join(ROOT, 'test', 'fixtures', 'workspace');

test('the workspace gives exactly the expected findings, of every rule', () => {
  const files = loadCase(DIR, ROOT);
  const expected = files
    .flatMap((f) => parseMarkers(f.path, f.text).expectations)
    .map((e) => `${e.file}:${e.line}:${e.column}-${e.endColumn} ${e.ruleId}`)
    .sort();
  const out = lint({ files, config: defaultConfig('2026-01-01'), rules: RULES });
  const actual = out.files.flatMap((f) => f.messages.map((m) => `${f.filePath}:${m.line}:${m.column}-${m.endColumn} ${m.ruleId}`)).sort();
  assert.equal(actual, expected);
  assert.ok(expected.length >= 5);
});

test('the Shoot alone: its references are unverifiable, never a pass', () => {
  const files = loadCase(DIR, ROOT).filter((f) => f.path.endsWith('shoot.yaml'));
  const out = lint({ files, config: defaultConfig('2026-01-01'), rules: RULES });
  for (const id of ['242390', '242403']) {
    const results = out.results.filter((r) => r.ruleId === id && r.object?.name === 'prod');
    assert.ok(results.length > 0, `${id} decided something`);
    assert.ok(results.every((r) => r.state === 'unverifiable'), `${id}: ${results.map((r) => r.state).join(', ')}`);
    const shown = out.files[0]!.messages.filter((m) => m.ruleId === id);
    assert.ok(shown.length > 0 && shown.every((m) => m.state === 'unverifiable' && m.severity === 1), `${id} is shown as a warning`);
    assert.match(shown[0]!.message, /not among the linted files; lint it together with the Shoot/);
  }
});

test.run();
