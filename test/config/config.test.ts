import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateConfigSchema } from '../../lib/codegen/config-schema.ts';
import { parseConfig } from '../../lib/config/parse.ts';
import { engineConfigFor } from '../../lib/config/resolve.ts';
import { defaultConfig } from '../../lib/engine/defaults.ts';
import { RULES } from '../../rules/index.ts';
import { runCli, shoot, tempTree } from '../cli/run-cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FULL = readFileSync(join(ROOT, 'test/fixtures/config/full.shootlint.yaml'), 'utf8');

test('every setting and rule form parses; names become ids; overrides apply by glob', () => {
  const parsed = parseConfig(FULL, '.shootlint.yaml', RULES);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  if (!parsed.ok) return;
  assert.equal(parsed.data.rules, { '242395': { severity: 'warning' } });
  const loaded = { path: '.shootlint.yaml', dir: '/repo', data: parsed.data };
  const base = defaultConfig('2026-01-01');
  const top = engineConfigFor(loaded, '/repo/dev/a.yaml', base);
  assert.equal(top.settings, { ...base.settings, strict: true, stigRelease: 'V1R11', gardenerVersion: 'v1.135.0', kubernetesVersion: '1.30', unverifiableSeverity: 'error' });
  assert.is(top.rules['242395']?.severity, 'warning');
  assert.is(engineConfigFor(loaded, '/repo/prod/eu/a.yaml', base).rules['242395']?.severity, 'error');
  assert.is(engineConfigFor(loaded, '/repo/sandbox/a.yaml', base).rules['242395']?.severity, 'off');
  assert.is(engineConfigFor(loaded, '/elsewhere/prod/a.yaml', base).rules['242395']?.severity, 'warning');
});

test('JSON configuration is read the same way', () => {
  const parsed = parseConfig('{"rules": {"242395": ["warning", {}]}, "strict": true}', '.shootlint.json', RULES);
  assert.ok(parsed.ok);
  if (parsed.ok) assert.equal(parsed.data, { rules: { '242395': { severity: 'warning', options: {} } }, strict: true });
});

test('unknown rule, option, value and setting are errors at their line:column', () => {
  const text = 'rules:\n  no-dashbaord: error\n  242395: [error, {foo: 1}]\nstrict: yes please\nunverifiableSeverity: info\ncolour: blue\n';
  const parsed = parseConfig(text, '.shootlint.yaml', RULES);
  assert.not.ok(parsed.ok);
  if (parsed.ok) return;
  assert.equal(
    parsed.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
    [
      '2:3 unknown rule "no-dashbaord"; did you mean "no-dashboard"?',
      '3:20 unknown option "foo" for rule 242395',
      '4:9 strict must be boolean',
      '5:23 unverifiableSeverity must be one of off, warning, error',
      '6:1 unknown setting "colour"',
    ],
  );
});

test('did you mean: rule settings, options and top-level settings', () => {
  const text = 'rules:\n  "242390": [error, {acceptedAnonymousPath: [/healthz]}]\n  no-dashboard: {severity: error, option: {}}\nstirct: true\ngardenerversion: v1.135.0\n';
  const parsed = parseConfig(text, '.shootlint.yaml', RULES);
  assert.not.ok(parsed.ok);
  if (parsed.ok) return;
  assert.equal(
    parsed.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
    [
      '2:22 unknown option "acceptedAnonymousPath" for rule 242390; did you mean "acceptedAnonymousPaths"?',
      '3:35 unknown key "option" in the setting of rule no-dashboard; did you mean "options"?',
      '4:1 unknown setting "stirct"; did you mean "strict"?',
      '5:1 unknown setting "gardenerversion"; did you mean "gardenerVersion"?',
    ],
  );
});

test('CLI: did you mean for rule ids and names, options and formats', async () => {
  const dir = tempTree({ 's.yaml': shoot('s', false) });
  const rule = await runCli(dir, ['--no-config', '--disable', 'no-dashbord', 's.yaml']);
  assert.is(rule.code, 2);
  assert.is(rule.stderr, 'shootlint: unknown rule "no-dashbord"; did you mean "no-dashboard"?; run shootlint --print-rules for the list\n');
  const flag = await runCli(dir, ['--no-config', '--fomat', 'json', 's.yaml']);
  assert.is(flag.code, 2);
  assert.match(flag.stderr, /^shootlint: Unknown option '--fomat'; did you mean "--format"\?\nRun shootlint --help for usage\.\n$/);
  const format = await runCli(dir, ['--no-config', '-f', 'sarf', 's.yaml']);
  assert.is(format.code, 2);
  assert.match(format.stderr, /unknown format "sarf"; did you mean "sarif"\?/);
});

test('a bad severity in the object form is reported against that form', () => {
  const parsed = parseConfig('rules:\n  242395:\n    severity: fatal\n', '.shootlint.yaml', RULES);
  assert.not.ok(parsed.ok);
  if (!parsed.ok) assert.equal(parsed.problems.map((p) => `${p.line}:${p.column} ${p.message}`), ['3:15 rules.242395.severity must be one of off, warning, error']);
});

test('YAML custom tags are refused with their position', () => {
  const parsed = parseConfig('rules: {}\nstrict: !!js/function "function () { return true }"\n', '.shootlint.yaml', RULES);
  assert.not.ok(parsed.ok);
  if (!parsed.ok) {
    assert.is(parsed.problems.length, 1);
    assert.is(parsed.problems[0]!.line, 2);
    assert.match(parsed.problems[0]!.message, /YAML tag !!js\/function is not allowed/);
  }
});

test('a configuration nested beyond 256 levels is refused at its position, unparsed (1 MiB of [ took 4.7 s and 950 MB)', () => {
  const cases: [string, number, number][] = [
    [`rules: ${'['.repeat(1_000_000)}\n`, 1, 263],
    [`rules:\n  x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 2, 260],
  ];
  for (const [text, line, column] of cases) {
    const parsed = parseConfig(text, '.shootlint.yaml', RULES);
    assert.not.ok(parsed.ok);
    if (!parsed.ok) {
      assert.equal(parsed.problems.map((p) => [p.line, p.column, p.message]), [[line, column, 'collections nested deeper than 256 levels; the configuration is not read']]);
    }
  }
  assert.ok(parseConfig(`rules: {}\nignore: ${'['.repeat(200)}${']'.repeat(200)}\n`, '.shootlint.yaml', RULES).ok === false, 'within the bound: read, then judged by the schema');
});

test('the published schema is the one generated from the rule registry', () => {
  const [file] = generateConfigSchema();
  assert.is(readFileSync(join(ROOT, file!.path), 'utf8'), file!.content, 'schemas/shootlint-config.schema.json is stale: run npm run gen');
  const schema = JSON.parse(file!.content);
  assert.match(schema.$comment, /DO NOT EDIT/);
  for (const r of RULES) {
    assert.ok(schema.definitions.rules.properties[r.meta.id], r.meta.id);
    assert.ok(schema.definitions.rules.properties[r.meta.name], r.meta.name);
  }
});

// --- the command line ---

/** Severities of the no-dashboard findings per file of a JSON report (other rules may come and go). */
function dashboard(stdout: string): { filePath: string; severities: number[] }[] {
  const files = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; severity: number }[] }[];
  return files.map((f) => ({ filePath: f.filePath, severities: f.messages.filter((m) => m.ruleId === '242395').map((m) => m.severity) }));
}

test('CLI: the nearest configuration wins; --config overrides; --no-config skips', async () => {
  const root = tempTree({
    '.shootlint.yaml': 'rules:\n  no-dashboard: warning\n',
    'team/.shootlint.yml': 'rules:\n  "242395": "off"\n',
    'team/a.yaml': shoot('a', true),
    'b.yaml': shoot('b', true),
    'other.yaml': 'rules:\n  "242395": error\n',
  });
  const json = async (args: string[]) => {
    const r = await runCli(root, ['--format', 'json', ...args]);
    return { sev: dashboard(r.stdout).map((f) => f.severities), stderr: r.stderr };
  };
  assert.equal(await json(['b.yaml', 'team/a.yaml']), { sev: [[1], []], stderr: '' });
  assert.equal(await json(['--config', 'other.yaml', 'b.yaml', 'team/a.yaml']), { sev: [[2], [2]], stderr: '' });
  assert.equal(await json(['--no-config', 'b.yaml', 'team/a.yaml']), { sev: [[2], [2]], stderr: '' });
  // The lookup starts at the file, not at the working directory.
  const inTeam = await runCli(join(root, 'team'), ['--format', 'json', '../b.yaml']);
  assert.equal(dashboard(inTeam.stdout)[0]!.severities, [1]);
});

test('CLI: ignore globs and overrides are relative to the configuration file; flags win', async () => {
  const root = tempTree({
    '.shootlint.yaml': 'ignore: ["vendor/**"]\noverrides:\n  - files: ["sandbox/*.yaml"]\n    rules:\n      no-dashboard: "off"\n',
    'vendor/x.yaml': shoot('x', true),
    'sandbox/s.yaml': shoot('s', true),
    'prod/p.yaml': shoot('p', true),
  });
  const r = await runCli(join(root, 'prod'), ['--format', 'json', '..']);
  const files = dashboard(r.stdout).filter((f) => f.filePath.endsWith('s.yaml') || f.filePath.endsWith('p.yaml'));
  assert.equal(files.map((f) => [f.filePath.slice(root.length + 1), f.severities.length]).sort(), [['prod/p.yaml', 1], ['sandbox/s.yaml', 0]]);
  const off = await runCli(root, ['--format', 'json', '--disable', '242395', 'prod']);
  assert.equal(dashboard(off.stdout)[0]!.severities, []);
});

test('CLI: an invalid configuration stops the run with file:line:col and exit 2', async () => {
  const root = tempTree({ '.shootlint.yaml': 'rules:\n  "999999": error\n', 'a.yaml': shoot('a', false) });
  const r = await runCli(root, ['a.yaml']);
  assert.is(r.code, 2);
  assert.is(r.stderr, 'shootlint: .shootlint.yaml:2:3: unknown rule "999999"; run shootlint --print-rules for the list\n');
});

test('CLI: a JavaScript configuration is refused, given or found', async () => {
  const root = tempTree({ 'shootlint.config.js': 'export default { rules: {} }\n', 'a.yaml': shoot('a', false) });
  const given = await runCli(root, ['--config', 'shootlint.config.js', 'a.yaml']);
  assert.is(given.code, 2);
  assert.match(given.stderr, /shootlint\.config\.js:1:1: configuration is data only .* never loaded/);
  writeFileSync(join(root, '.shootlint.cjs'), 'module.exports = {}\n');
  const found = await runCli(root, ['a.yaml']);
  assert.is(found.code, 2);
  assert.match(found.stderr, /\.shootlint\.cjs:1:1: configuration is data only/);
});

test('CLI: a !!js/function tag is refused with exit 2', async () => {
  const root = tempTree({ '.shootlint.yaml': 'strict: !!js/function "function () {}"\n', 'a.yaml': shoot('a', false) });
  const r = await runCli(root, ['a.yaml']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /^shootlint: \.shootlint\.yaml:1:\d+: YAML tag !!js\/function is not allowed/);
});

test.run();
