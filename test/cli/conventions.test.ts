import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useColor } from '../../lib/cli/color.ts';
import { RULES } from '../../rules/index.ts';
import { runCli, shoot, tempTree } from './run-cli.ts';

const ESC = '\x1b[';

test('colour: FORCE_COLOR turns it on without a terminal, FORCE_COLOR=0 off; flags win; NO_COLOR honoured', async () => {
  const dir = tempTree({ 's.yaml': shoot('s', true) });
  const plain = await runCli(dir, ['--no-config', 's.yaml']);
  assert.not.ok(plain.stdout.includes(ESC));
  const forced = await runCli(dir, ['--no-config', 's.yaml'], { env: { FORCE_COLOR: '1' } });
  assert.ok(forced.stdout.includes(ESC), 'FORCE_COLOR=1 colours a pipe');
  const off = await runCli(dir, ['--no-config', 's.yaml'], { env: { FORCE_COLOR: '0' } });
  assert.not.ok(off.stdout.includes(ESC));
  const flag = await runCli(dir, ['--no-config', '--no-color', 's.yaml'], { env: { FORCE_COLOR: '1' } });
  assert.not.ok(flag.stdout.includes(ESC));
  assert.is(useColor(undefined, { NO_COLOR: '1' }, true, false), false);
  assert.is(useColor(undefined, { NO_COLOR: '1', FORCE_COLOR: '2' }, false, false), true);
  assert.is(useColor(undefined, { FORCE_COLOR: '' }, true, false), true);
  assert.is(useColor(undefined, {}, true, true), false, 'never colour into an output file');
});

test('stylish: a closing line per rule with its count and documentation link, and what --fix can fix', async () => {
  const dir = tempTree({ 's.yaml': shoot('s', true), 't.yaml': shoot('t', true) });
  const r = await runCli(dir, ['--no-config', '--rule', '242395', '--rule', '242390', 's.yaml', 't.yaml']);
  assert.is(r.code, 1);
  const tail = r.stdout.slice(r.stdout.indexOf('✖'));
  assert.is(
    tail,
    '✖ 2 problems (2 errors, 0 warnings)\n' +
      '  242395 no-dashboard  2 errors  https://github.com/shootlint/shootlint/blob/main/rules/242395.md\n' +
      '  2 problems fixable with --fix\n',
  );
  // With colour, each finding's rule is a terminal hyperlink to its page.
  const colour = await runCli(dir, ['--no-config', '--color', '--rule', '242395', 's.yaml']);
  assert.ok(colour.stdout.includes('\x1b]8;;https://github.com/shootlint/shootlint/blob/main/rules/242395.md\x07242395 no-dashboard\x1b]8;;\x07'));
});

test('stylish: review fixes are counted apart from --fix', async () => {
  const dir = tempTree({ 's.yaml': shoot('s', true, '\n  provider:\n    type: aws\n    workers:\n      - name: a\n        kubernetes:\n          kubelet:\n            protectKernelDefaults: true') });
  const r = await runCli(dir, ['--no-config', '--rule', '242395', '--rule', '242393', 's.yaml']);
  assert.match(r.stdout, /\n {2}1 problem fixable with --fix; 1 more with --fix-all \(review them: they can lock people out\)\n$/);
});

test('--print-rules --format json: every rule with its STIG reference, severity, fix type and docs link', async () => {
  const r = await runCli(process.cwd(), ['--no-config', '--print-rules', '--format', 'json', '--disable', 'no-dashboard']);
  assert.is(r.code, 0, r.stderr);
  const rules = JSON.parse(r.stdout) as { id: string; name: string; stig: { cat: string; ruleId: string } | null; severity: string; fixType: string | null; docsUrl: string; options: Record<string, { default: unknown }> }[];
  assert.equal(rules.map((x) => x.id), RULES.map((x) => x.meta.id));
  const dash = rules.find((x) => x.id === '242395')!;
  assert.equal([dash.name, dash.stig?.cat, dash.severity, dash.fixType, dash.docsUrl], ['no-dashboard', 'II', 'off', 'safe', 'https://github.com/shootlint/shootlint/blob/main/rules/242395.md']);
  assert.match(dash.stig!.ruleId, /^SV-242395r\d+_rule$/);
  assert.is(rules.find((x) => x.id === '242390')!.fixType, 'review');
  assert.equal(rules.find((x) => x.id === '242390')!.options.acceptedAnonymousPaths?.default, []);
  const bad = await runCli(process.cwd(), ['--no-config', '--print-rules', '--format', 'sarif']);
  assert.is(bad.code, 2);
});

test('explain RULE prints the rule page; an unknown rule suggests the nearest', async () => {
  const r = await runCli(process.cwd(), ['explain', 'no-anonymous-auth']);
  assert.is(r.code, 0, r.stderr);
  const page = r.stdout;
  assert.ok(page.startsWith('242390 no-anonymous-auth\nThe kube-apiserver must not accept anonymous requests.\n'), page);
  assert.match(page, /^STIG: {6}V-242390 \(CNTR-K8-\d+\), CAT I \(high\); V2R6 SV-242390r\d+_rule$/m);
  assert.match(page, /^Fix type: {2}review/m);
  assert.match(page, /\nWhy\n {2}Anonymous requests/);
  assert.match(page, /\nHow to fix\n {2}Set kubeAPIServer\.enableAnonymousAuthentication to false/);
  assert.match(page, /\nOptions\n {2}acceptedAnonymousPaths \(default \[\]\): /);
  assert.match(page, /\nDocumentation: https:\/\/github\.com\/shootlint\/shootlint\/blob\/main\/rules\/242390\.md\n$/);
  const v1 = await runCli(process.cwd(), ['explain', '242390', '--stig-release', 'V1R11']);
  assert.match(v1.stdout, /CAT I \(high\); V1R11 SV-242390r\d+_rule/);
  const typo = await runCli(process.cwd(), ['explain', '242359']);
  assert.is(typo.code, 2);
  assert.match(typo.stderr, /^shootlint: unknown rule "242359"; did you mean "\d+"\?/);
  const none = await runCli(process.cwd(), ['explain']);
  assert.is(none.code, 2);
});

test('an unnamed Shoot is named as such in messages, never "Shoot  has"', async () => {
  const unnamed = shoot('x', true).replace('  name: x\n', '');
  const dir = tempTree({ 's.yaml': unnamed });
  const r = await runCli(dir, ['--no-config', '-f', 'json', 's.yaml']);
  const messages = (JSON.parse(r.stdout) as { messages: { message: string }[] }[])[0]!.messages.map((m) => m.message);
  assert.ok(messages.some((m) => m === 'The Kubernetes dashboard addon is enabled in Shoot (no metadata.name).'), messages.join('\n'));
  for (const m of messages) assert.not.match(m, /Shoot {2}|Shoot [:.,;]/);
});

test.run();
