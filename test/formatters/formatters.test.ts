import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rulesMeta } from '../../lib/cli/main.ts';
import type { FileResult, LintMessage, RuleResult } from '../../lib/engine/types.ts';
import { escapeData, escapeProperty } from '../../lib/formatters/github.ts';
import { FORMATTER_NAMES, formatText, loadFormatter } from '../../lib/formatters/index.ts';
import { escapeXml } from '../../lib/formatters/junit.ts';
import type { FormatterContext } from '../../lib/formatters/types.ts';
import { RULES } from '../../rules/index.ts';
import { runCli } from '../cli/run-cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CWD = '/work/fleet';
const fixture = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/results.json'), 'utf8')) as { files: FileResult[]; results: RuleResult[] };
const ctx: FormatterContext = { cwd: CWD, version: '0.1.0', rulesMeta: rulesMeta(RULES), color: false };

async function format(name: string, files: readonly FileResult[] = fixture.files): Promise<string> {
  const f = await loadFormatter(name);
  assert.ok(f, name);
  return formatText(f!, files, ctx, fixture.results);
}

/** The SARIF 2.1.0 schema as Microsoft ships it (draft-04), compiled once. */
function sarifValidator(): (log: unknown) => string[] {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const AjvDraft4 = require('ajv-draft-04');
  const ajv = new (AjvDraft4.default ?? AjvDraft4)({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message: string }) => `${e.instancePath} ${e.message}`));
}
const validateSarif = sarifValidator();

const shown = fixture.files.flatMap((f) => f.messages.map((m) => ({ file: f.filePath, m })));
/** file:line:col rule, of every shown finding: what every format must carry. */
const expected = shown.map(({ file, m }) => `${file}:${m.line}:${m.column} ${m.ruleId}`).sort();

test('every CI format is registered', () => {
  for (const f of ['github', 'gitlab', 'json', 'junit', 'sarif', 'stylish']) assert.ok(FORMATTER_NAMES.includes(f), f);
});

test('sarif: valid SARIF 2.1.0 with rules, exact regions, related locations, suppressions and fingerprints', async () => {
  const log = JSON.parse(await format('sarif'));
  assert.equal(validateSarif(log), []);
  const run = log.runs[0];
  const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === '242395');
  assert.is(rule.helpUri, 'https://github.com/shootlint/shootlint/blob/main/rules/242395.md');
  assert.is(rule.name, 'NoDashboard');
  assert.is(rule.properties.shootlintName, 'no-dashboard');
  // Every rule has a friendly name that differs from its id (schema, parse-error, ... included).
  for (const r of run.tool.driver.rules as { id: string; name: string }[]) {
    assert.ok(r.name !== r.id && /^[A-Z][A-Za-z0-9]*$/.test(r.name), `${r.id}: ${r.name}`);
  }
  assert.ok(rule.shortDescription.text && rule.fullDescription.text);
  assert.is(rule.defaultConfiguration.level, 'error');
  assert.is(rule.properties.cat, 'II');
  assert.ok(rule.properties.tags.includes('CAT II') && rule.properties.tags.includes('stig'));
  assert.equal(rule.properties.stigIds, ['242395']);

  const results = run.results as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  const open = results.filter((r) => !r.suppressions);
  assert.equal(open.map((r) => `${decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri)}:${r.locations[0].physicalLocation.region.startLine}:${r.locations[0].physicalLocation.region.startColumn} ${r.ruleId}`).sort(), expected);
  const dash = open.find((r) => r.ruleId === '242395')!;
  assert.equal(dash.locations[0].physicalLocation, { artifactLocation: { uri: 'shoots/prod%20eu1.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, startColumn: 16, endLine: 12, endColumn: 20 } });
  assert.is(dash.level, 'error');
  assert.is(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///work/fleet/');
  assert.ok(run.tool.driver.rules[dash.ruleIndex].id === '242395');
  const audit = open.find((r) => r.ruleId === '242402')!;
  assert.equal(audit.relatedLocations, [
    { id: 1, message: { text: 'audit policy rules are here' }, physicalLocation: { artifactLocation: { uri: 'shoots/audit-policy.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 8, startColumn: 5, endLine: 11, endColumn: 1 } } },
  ]);
  const sup = results.filter((r) => r.suppressions);
  assert.is(sup.length, 1);
  assert.equal(sup[0]!.suppressions[0].kind, 'inSource');
  assert.match(sup[0]!.suppressions[0].justification, /read-only dashboard for the demo, see TICKET-12: ok'd by <security> \(until 2099-12-31\)/);
  for (const r of results) assert.match(r.partialFingerprints['shootlint/v1'], /^[0-9a-f]{64}$/);
  assert.is(new Set(results.map((r) => r.partialFingerprints['shootlint/v1'])).size, results.length);
});

function shifted(by: number): FileResult[] {
  const move = (m: LintMessage): LintMessage => ({ ...m, line: m.line + by, endLine: m.endLine + by, offset: m.offset + 40 * by, endOffset: m.endOffset + 40 * by });
  return fixture.files.map((f) => ({ ...f, messages: f.messages.map(move), suppressedMessages: f.suppressedMessages.map(move) }));
}

test('sarif and gitlab fingerprints survive moved lines and agree with each other', async () => {
  const prints = (log: string): string[] => JSON.parse(log).runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['shootlint/v1']);
  assert.equal(prints(await format('sarif', shifted(7))), prints(await format('sarif')));
  const gl = (s: string): string[] => JSON.parse(s).map((i: { fingerprint: string }) => i.fingerprint);
  assert.equal(gl(await format('gitlab', shifted(3))), gl(await format('gitlab')));
  const sarifOpen = JSON.parse(await format('sarif')).runs[0].results.filter((r: { suppressions?: unknown }) => !r.suppressions).map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['shootlint/v1']);
  assert.equal(gl(await format('gitlab')), sarifOpen);
});

test('github: one annotation per finding, properties and messages escaped', async () => {
  const text = await format('github');
  const lines = text.trimEnd().split('\n');
  assert.is(lines.length, shown.length);
  assert.equal(
    lines.map((l) => {
      const m = /^::(error|warning) file=([^,]*),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=shootlint ([\w-]+)/.exec(l)!;
      return `${decodeURIComponent(m[2]!)}:${m[3]}:${m[4]} ${m[7]}`;
    }).sort(),
    expected,
  );
  const kern = lines.find((l) => l.includes('title=shootlint 242434'))!;
  assert.is(
    kern,
    '::error file=shoots/prod eu1.yaml,line=20,col=9,endLine=24,endColumn=1,title=shootlint 242434 (protect-kernel-defaults)::' +
      'protectKernelDefaults is not set in worker pool "pool-a, b": Kubernetes 1.25 defaults it to false (100%25 of nodes, key: value)%0ASet it to true.%0AFix: Set spec.provider.workers[].kubernetes.kubelet.protectKernelDefaults to true.',
  );
  assert.is(escapeProperty('a:b,c%d\r\ne'), 'a%3Ab%2Cc%25d%0D%0Ae');
  assert.is(escapeData('a:b,c%d\r\ne'), 'a:b,c%25d%0D%0Ae');
  assert.ok(lines.every((l) => !l.includes('sandbox')), 'suppressed findings are not annotated');
  assert.ok(lines.some((l) => l.startsWith('::warning ') && l.includes('242402')));
});

test('gitlab: Code Quality issues with severity from level and CAT', async () => {
  const issues = JSON.parse(await format('gitlab')) as { check_name: string; severity: string; location: { path: string; lines: { begin: number; end: number } }; description: string; fingerprint: string }[];
  assert.equal(issues.map((i) => `${i.location.path}:${i.location.lines.begin}:${shown.find((s) => s.file === i.location.path && s.m.line === i.location.lines.begin)!.m.column} ${i.check_name}`).sort(), expected);
  const sev = Object.fromEntries(issues.map((i) => [i.check_name, i.severity]));
  assert.equal(sev, { 'parse-error': 'major', '242395': 'critical', '242434': 'blocker', '242402': 'minor', 'unused-suppression': 'info' });
  const kern = issues.find((i) => i.check_name === '242434')!;
  assert.equal(kern.location.lines, { begin: 20, end: 24 });
  assert.match(kern.description, /^protectKernelDefaults is not set/);
});

test('junit: a case per object and rule; failures with location, passes, skips; escaped XML', async () => {
  const xml = await format('junit');
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="shootlint" tests="8" failures="5" errors="0" skipped="2">/);
  const failures = [...xml.matchAll(/<testcase name="([^"]+)" classname="([^"]+)">\n\s*<failure message="[^"]*" type="(\w+)">([^<]*)<\/failure>/g)];
  assert.equal(
    failures.map((f) => `${/^([^:]+):(\d+):(\d+):/.exec(f[4]!)!.slice(1).join(':')} ${f[1]!.split(' ')[0]}`).sort(),
    expected,
  );
  assert.match(xml, /<testcase name="242414[^"]*" classname="shoots\/prod eu1.yaml:Shoot\/garden-platform\/prod-eu1"\/>/, 'a passing case from the results');
  assert.match(xml, /message="protectKernelDefaults is not set in worker pool &quot;pool-a, b&quot;: Kubernetes 1.25 defaults it to false \(100% of nodes, key: value\)&#10;Set it to true."/);
  assert.match(xml, /<skipped message="suppressed: read-only dashboard for the demo, see TICKET-12: ok&apos;d by &lt;security&gt;"\/>/);
  assert.match(xml, /<skipped message="not applicable: workerless Shoot"\/>/);
  assert.match(xml, /logs &lt;Metadata&gt; only for &quot;secrets&quot; &amp; &apos;configmaps&apos;/);
  // Nothing unescaped: every & starts an entity, no < inside attribute values.
  assert.not.match(xml, /&(?!(amp|lt|gt|quot|apos|#\d+);)/);
  assert.not.match(xml, /="[^"]*<[^"]*"/);
  assert.is(escapeXml('a\u0001b<\uD800'), 'ab&lt;');
});

test('junit: one <failure> per test case, listing every finding of the case', async () => {
  const r = await runCli(ROOT, ['--no-config', '--format', 'junit', 'examples/insecure.yaml']);
  assert.is(r.code, 1, r.stderr);
  const cases = r.stdout.split('<testcase ').slice(1).map((c) => c.slice(0, c.indexOf('</testcase>') === -1 ? c.indexOf('/>') : c.indexOf('</testcase>')));
  for (const c of cases) assert.ok((c.match(/<failure /g) ?? []).length <= 1, c);
  const schema = cases.find((c) => c.startsWith('name="schema"') && c.includes('Shoot/garden-dev/insecure'));
  assert.ok(schema, 'the schema case of the Shoot');
  assert.match(schema!, /<failure message="[^"]*\(and \d+ more findings of this rule\)" type="error">/);
  assert.ok((schema!.match(/examples\/insecure\.yaml:\d+:\d+: /g) ?? []).length >= 3, schema);
});

test('json keeps suppressed messages with their justification', async () => {
  const out = JSON.parse(await format('json')) as { filePath: string; messages: unknown[]; suppressedMessages: { suppressions: { justification: string }[] }[] }[];
  assert.is(out.flatMap((f) => f.messages).length, shown.length);
  assert.match(out[2]!.suppressedMessages[0]!.suppressions[0]!.justification, /TICKET-12/);
});

test('sarif from the real command line over the rule fixtures validates', async () => {
  for (const dir of ['test/fixtures/rules', 'test/fixtures/suppressions']) {
    const r = await runCli(ROOT, ['--no-config', '--format', 'sarif', dir]);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.equal(validateSarif(log), [], dir);
    assert.ok(log.runs[0].results.length > 0);
  }
});

test.run();
