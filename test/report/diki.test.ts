import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ComplianceReport } from '../../lib/report/model.ts';
import { DIKI_STATUSES, readDikiConfig } from '../../lib/report/diki.ts';
import { report } from './helpers.ts';
import { runCli, tempTree } from '../cli/run-cli.ts';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const SHOOT = 'test/fixtures/report/shoot-insecure.yaml';

// Not a Kubernetes object: linting the fixture folder ignores it.
const CONFIG = 'test/fixtures/report/diki-config.yaml';

const keys = (o: object): string[] => Object.keys(o).sort();

test('diki config: options and skipped rules map to shootlint options and config suppressions', () => {
  const s = readDikiConfig(readFileSync(resolve(ROOT, CONFIG), 'utf8'));
  assert.equal(s.ruleOptions['242390'], { acceptedAnonymousPaths: ['/healthz', '/livez'] });
  assert.equal(s.ruleOptions['254800'], { minimumProfile: 'restricted' });
  assert.equal(s.ruleOptions['required-extensions'], { extensions: ['auditing'] });
  assert.ok(s.enable.includes('required-extensions'));
  const accepted = Object.fromEntries(s.accepted.map((a) => [a.vulnId, a.suppression]));
  assert.equal(accepted['242395'], { kind: 'config', justification: 'The dashboard stays on in the sandbox until the 2026 migration.' });
  // 2001 of the hardened-shoot ruleset stands for both sshd rules.
  assert.is(accepted['242393']!.justification, 'SSH is needed for node debugging in the sandbox.');
  assert.is(accepted['242394']!.justification, 'SSH is needed for node debugging in the sandbox.');
  assert.is(s.disaVersion, 'v2r5');
  assert.is(s.minStatus, 'Passed');
  assert.ok(s.warnings.some((w) => w.includes('242414') && w.includes('acceptedPods')));
});

test('diki config: an accepted rule becomes a suppression with its justification in every format', async () => {
  const r = await report([SHOOT, '-f', 'json', '--diki-config', CONFIG], ROOT);
  const rep = JSON.parse(r.stdout) as ComplianceReport;
  const cell = (id: string) => rep.shoots[0]!.cells[rep.rules.findIndex((x) => x.vulnId === id)]!;
  assert.is(cell('242395').state, 'suppressed');
  assert.equal(cell('242395').suppressions, [{ kind: 'config', justification: 'The dashboard stays on in the sandbox until the 2026 migration.' }]);
  assert.is(cell('242393').state, 'suppressed');
  assert.match(r.stderr, /acceptedPods/);
  const html = (await report([SHOOT, '-f', 'html', '--diki-config', CONFIG], ROOT)).stdout;
  assert.match(html, /The dashboard stays on in the sandbox until the 2026 migration\./);
  const ck = JSON.parse((await report([SHOOT, '-f', 'cklb', '--diki-config', CONFIG], ROOT)).stdout);
  const rule = ck.stigs[0].rules.find((x: { group_id: string }) => x.group_id === 'V-242395');
  assert.match(rule.comments, /Accepted \(config\): The dashboard stays on/);
});

test('diki format: the shape of diki\'s report (report → providers → rulesets → rules → checks)', async () => {
  const r = await report([SHOOT, '-f', 'diki', '--diki-config', CONFIG], ROOT);
  const d = JSON.parse(r.stdout);
  assert.equal(keys(d), ['dikiVersion', 'metadata', 'minStatus', 'providers', 'time']);
  assert.is(d.time, '2026-01-01T00:00:00Z');
  assert.is(d.minStatus, 'Passed');
  assert.equal(d.providers.map((p: { id: string }) => p.id), ['gardener', 'garden']);
  for (const p of d.providers) {
    assert.equal(keys(p), ['id', 'metadata', 'name', 'rulesets']);
    // diki's report diff writes into provider metadata: it must be a map of strings.
    assert.ok(Object.values(p.metadata).every((v) => typeof v === 'string'));
    assert.is(p.metadata.shootName, 'sandbox');
    for (const rs of p.rulesets) {
      assert.equal(keys(rs), ['id', 'name', 'rules', 'version']);
      for (const rule of rs.rules) {
        assert.ok(keys(rule).every((k) => ['id', 'name', 'severity', 'checks'].includes(k)), rule.id);
        assert.ok(['High', 'Medium', 'Low'].includes(rule.severity), rule.id);
        assert.ok(rule.checks.length > 0, rule.id);
        for (const c of rule.checks) {
          assert.ok(keys(c).every((k) => ['status', 'message', 'targets'].includes(k)));
          assert.ok((DIKI_STATUSES as readonly string[]).includes(c.status), c.status);
          assert.type(c.message, 'string');
          if (c.targets) assert.ok(c.targets.every((t: object) => Object.values(t).every((v) => typeof v === 'string')));
        }
      }
    }
  }
  const [gardener, garden] = d.providers;
  const disa = gardener.rulesets[0];
  assert.equal([disa.id, disa.name, disa.version], ['disa-kubernetes-stig', 'DISA Kubernetes Security Technical Implementation Guide', 'v2r5']);
  assert.is(disa.rules.length, 92);
  const rule = (id: string) => disa.rules.find((x: { id: string }) => x.id === id);
  assert.equal(rule('242395').checks, [{ status: 'Accepted', message: 'The dashboard stays on in the sandbox until the 2026 migration.' }]);
  assert.is(rule('242390').checks[0].status, 'Failed');
  assert.is(rule('242376').checks[0].status, 'Skipped');
  assert.is(rule('274883').checks[0].status, 'Not Implemented');
  const hardened = garden.rulesets[0];
  assert.equal([hardened.id, hardened.version], ['security-hardened-shoot-cluster', 'v0.2.1']);
  const h = (id: string) => hardened.rules.find((x: { id: string }) => x.id === id);
  assert.equal(h('2001').checks, [{ status: 'Accepted', message: 'SSH is needed for node debugging in the sandbox.' }]);
  assert.is(h('2000').checks[0].status, 'Failed');
});

test('diki config: a file that is not one is a usage error', async () => {
  let error: unknown;
  try {
    await report([SHOOT, '--diki-config', SHOOT], ROOT);
  } catch (err) {
    error = err;
  }
  assert.match(String(error), /not a diki configuration/);
});

test('diki config: collections nested too deeply are one error at their line, read no further', async () => {
  // 2 MB of `[`: composing it whole took seconds and hundreds of MB, or ended the process.
  const text = `providers:\n- id: managedk8s\n  args: ${'['.repeat(2_000_000)}\n`;
  assert.throws(() => readDikiConfig(text), (e: Error) => e.name === 'DikiConfigError' && /nested deeper than 256 levels at line 3, column 262; the file is not read/.test(e.message));
  const dir = tempTree({ 'diki.yaml': text, 'shoot.yaml': readFileSync(resolve(ROOT, SHOOT), 'utf8') });
  const r = await runCli(dir, ['report', 'shoot.yaml', '-f', 'json', '--diki-config', 'diki.yaml']);
  assert.is(r.code, 2);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /^shootlint: --diki-config diki\.yaml: collections nested deeper than 256 levels at line 3, column 262; the file is not read\n$/);
});

test.run();
