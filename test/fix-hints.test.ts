/**
 * Each finding carries its own fix text: its hint, else its fix's title, else
 * the rule's one-line fix. Judged on the rule fixtures, linted as the CLI does.
 */
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LintMessage } from '../lib/engine/types.ts';
import { lint } from '../lib/engine/lint.ts';
import { configFor, loadCase, parseMarkers } from './helpers/fixture.ts';
import { RULES } from '../rules/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'rules');

function messages(fixture: string, ruleId: string): LintMessage[] {
  const files = loadCase(join(FIXTURES, fixture), ROOT);
  const settings = files.map((f) => parseMarkers(f.path, f.text).settings).reduce((a, b) => ({ ...a, ...b }), {});
  const out = lint({ files, config: configFor(settings), rules: RULES, collectPasses: false });
  return out.files.flatMap((f) => f.messages).filter((m) => m.ruleId === ruleId);
}

test('242400 runtimeConfig findings say what to remove from runtimeConfig, not the AllAlpha hint', () => {
  const ms = messages('242400/runtime-config.yaml', '242400');
  const all = ms.find((m) => m.path === 'spec.kubernetes.kubeAPIServer.runtimeConfig["api/all"]');
  assert.ok(all, 'a finding for api/all');
  assert.is(all.fix, 'Remove api/all from runtimeConfig.');
  for (const m of ms) assert.not.match(m.fix ?? '', /AllAlpha/, `${m.path}: ${m.fix}`);
});

test('strict 242436 with the plugin not listed says to list it, not to remove disabled: true', () => {
  const ms = messages('242436/strict.yaml', '242436').filter((m) => m.path === 'spec.kubernetes.kubeAPIServer.admissionPlugins');
  assert.ok(ms.length >= 2, 'strict findings');
  for (const m of ms) {
    assert.not.match(m.fix ?? '', /disabled: true/, m.fix);
    assert.match(m.fix ?? '', /^List the ValidatingAdmissionWebhook admission plugin/);
  }
});

test('the unverifiable 242403 hint says to lint the ConfigMap with the Shoot', () => {
  const [m] = messages('242403/shoot-alone.yaml', '242403');
  assert.ok(m);
  assert.is(m.state, 'unverifiable');
  assert.match(m.fix ?? '', /^Lint ConfigMap garden-dev\/audit-policy \(key `policy`\) together with the Shoot/);
});

test('a finding without its own fix keeps the rule fix line', () => {
  const [m] = messages('242403/metadata-only', '242403');
  assert.ok(m);
  assert.is(m.fix, RULES.find((r) => r.meta.id === '242403')!.meta.fix);
});

test.run();
