import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RuleMeta } from '../../lib/engine/rule.ts';
import { stigRules } from '../../lib/engine/stig.ts';
import type { RuleResult } from '../../lib/engine/types.ts';
import { CKLB_STATUS } from '../../lib/report/cklb.ts';
import type { ComplianceReport, ReportState, ShootInfo, StateCounts } from '../../lib/report/model.ts';
import { adminFailures, buildReport, REPORT_STATES } from '../../lib/report/model.ts';
import { reportLevels } from '../../lib/report/cli.ts';
import { defaultConfig } from '../../lib/engine/defaults.ts';
import { RULES } from '../../rules/index.ts';
import { ADMIN_RULES, PROVIDER_RULES } from '../../lib/report/responsibility.ts';
import { UsageError } from '../../lib/run/usage-error.ts';
import { report } from './helpers.ts';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const FIXTURE = 'test/fixtures/report';

async function json(args: string[] = []): Promise<ComplianceReport> {
  const r = await report([FIXTURE, '-f', 'json', ...args], ROOT);
  return JSON.parse(r.stdout) as ComplianceReport;
}

test('responsibility: the guide\'s tables split V1R11 into 25 admin and 66 provider rules; V2R4 adds 2 + 1', () => {
  const v1 = stigRules('V1R11').map((r) => r.vulnId);
  const admin = v1.filter((id) => ADMIN_RULES[id]);
  const provider = v1.filter((id) => PROVIDER_RULES.has(id));
  assert.is(admin.length, 25);
  assert.is(provider.length, 66);
  assert.is(admin.length + provider.length, v1.length);
  for (const id of stigRules('V2R6').map((r) => r.vulnId)) assert.ok(Boolean(ADMIN_RULES[id]) !== PROVIDER_RULES.has(id), `exactly one owner for ${id}`);
  assert.ok(PROVIDER_RULES.has('274882'));
  assert.ok(ADMIN_RULES['274883'] && ADMIN_RULES['274884']);
});

test('V2R6: all 92 rules for each Shoot, provider rules never pass', async () => {
  const rep = await json();
  assert.is(rep.release, 'V2R6');
  assert.is(rep.rules.length, 92);
  assert.equal(rep.shoots.map((s) => s.shoot.name), ['payments', 'sandbox']);
  for (const s of rep.shoots) {
    assert.is(s.cells.length, 92);
    assert.is(REPORT_STATES.reduce((n, st) => n + s.counts[st], 0), 92);
    s.cells.forEach((c, i) => {
      const rule = rep.rules[i]!;
      if (rule.responsibility === 'service-provider') assert.is(c.state, 'provider-managed', rule.vulnId);
      else assert.is.not(c.state, 'provider-managed', rule.vulnId);
    });
  }
  const byId = (shoot: number, id: string): string => rep.shoots[shoot]!.cells[rep.rules.findIndex((r) => r.vulnId === id)]!.state;
  assert.is(byId(0, '242395'), 'pass');
  assert.is(byId(1, '242395'), 'fail');
  assert.is(byId(0, '274883'), 'manual');
  assert.is(byId(0, '274882'), 'provider-managed');
  // workloads.yaml has no Shoot; its directory has two, and its workload counts for both.
  assert.is(byId(0, '242414'), 'fail');
  assert.is(byId(1, '242414'), 'fail');
  const workload = rep.shoots[0]!.cells[rep.rules.findIndex((r) => r.vulnId === '242414')]!;
  assert.not.ok(workload.workspaceWide);
  assert.equal(workload.attribution, ['directory']);
  assert.equal(workload.items.map((e) => e.attribution), ['directory']);
  assert.ok(rep.notes.includes(`Results from ${FIXTURE}/workloads.yaml (payments, sandbox) are attributed to the Shoots in the same directory (its file has none).`), rep.notes.join('\n'));
});

test('--stig-release V1R11: 91 rules, 242386 and 242388 present, 274882-274884 absent', async () => {
  const rep = await json(['--stig-release', 'V1R11']);
  const ids = rep.rules.map((r) => r.vulnId);
  assert.is(ids.length, 91);
  assert.ok(ids.includes('242386') && ids.includes('242388'));
  for (const id of ['274882', '274883', '274884']) assert.not.ok(ids.includes(id), id);
  assert.ok(rep.rules.every((r) => r.ruleId.startsWith(`SV-${r.vulnId}r`)));
});

function htmlCounts(html: string): Record<string, Partial<StateCounts>> {
  const out: Record<string, Partial<StateCounts>> = {};
  for (const card of html.split('<div class="card"').slice(1)) {
    const key = /data-shoot="([^"]+)"/.exec(card)![1]!;
    out[key] = {};
    for (const m of card.matchAll(/<tr data-state="([a-z-]+)">.*?data-count="(\d+)"/g)) out[key]![m[1] as ReportState] = Number(m[2]);
  }
  return out;
}

function markdownCounts(md: string): Record<string, Partial<StateCounts>> {
  const lines = md.split('\n');
  const head = lines.findIndex((l) => l.startsWith('| Shoot | file |'));
  const labels = lines[head]!.split('|').slice(3, -1).map((c) => c.trim());
  const states = labels.map((l) => REPORT_STATES.find((s) => l.endsWith(s.replace(/-/g, ' ')) || l.endsWith(s))!);
  const out: Record<string, Partial<StateCounts>> = {};
  for (let i = head + 2; lines[i]!.startsWith('|'); i++) {
    const cells = lines[i]!.split('|').slice(1, -1).map((c) => c.trim());
    const name = /\*\*(.+)\*\*/.exec(cells[0]!)![1]!;
    out[name] = {};
    states.forEach((s, j) => {
      const n = Number(cells[2 + j]);
      if (n > 0) out[name]![s] = n;
    });
  }
  return out;
}

const nonZero = (c: StateCounts): Partial<StateCounts> => Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));

test('counts agree across JSON, HTML, Markdown and the checklists', async () => {
  const rep = await json();
  const html = (await report([FIXTURE, '-f', 'html'], ROOT)).stdout;
  const md = (await report([FIXTURE, '-f', 'markdown'], ROOT)).stdout;
  const hc = htmlCounts(html);
  const mc = markdownCounts(md);
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-cklb-'));
  try {
    const r = await report([FIXTURE, '-f', 'cklb', '-o', `${dir}/`], ROOT);
    assert.is(r.code, 1);
    assert.equal(readdirSync(dir).sort(), ['garden-shop--payments.cklb', 'garden-shop--sandbox.cklb']);
    for (const s of rep.shoots) {
      assert.equal(hc[s.key], nonZero(s.counts), `HTML ${s.key}`);
      assert.equal(mc[s.shoot.name], nonZero(s.counts), `Markdown ${s.key}`);
      const ck = JSON.parse(readFileSync(join(dir, `${s.shoot.namespace}--${s.shoot.name}.cklb`), 'utf8'));
      const rules = ck.stigs[0].rules as { status: string; group_id: string }[];
      assert.is(rules.length, 92);
      assert.is(ck.stigs[0].size, 92);
      const expected: Record<string, number> = {};
      for (const st of REPORT_STATES) expected[CKLB_STATUS[st]] = (expected[CKLB_STATUS[st]] ?? 0) + s.counts[st];
      const actual: Record<string, number> = {};
      for (const x of rules) actual[x.status] = (actual[x.status] ?? 0) + 1;
      assert.equal(Object.fromEntries(Object.entries(actual).sort()), Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0).sort()));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cklb: STIG Viewer 3 shape, deterministic name-based UUIDs', async () => {
  const a = (await report([`${FIXTURE}/shoot-insecure.yaml`, '-f', 'cklb'], ROOT)).stdout;
  const b = (await report([`${FIXTURE}/shoot-insecure.yaml`, '-f', 'cklb'], ROOT, { SOURCE_DATE_EPOCH: '1800000000' })).stdout;
  assert.is(a, b);
  const ck = JSON.parse(a);
  for (const k of ['title', 'id', 'stigs', 'active', 'mode', 'has_path', 'target_data', 'cklb_version']) assert.ok(k in ck, k);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  assert.match(ck.id, uuid);
  const stig = ck.stigs[0];
  assert.is(stig.stig_id, 'Kubernetes_STIG');
  assert.is(stig.version, '2');
  assert.is(stig.release_info, 'Release: 6');
  const rule = stig.rules.find((r: { group_id: string }) => r.group_id === 'V-242395');
  assert.is(rule.status, 'open');
  assert.is(rule.rule_id_src, 'SV-242395r1137639_rule');
  assert.is(rule.rule_id, 'SV-242395r1137639');
  assert.is(rule.rule_version, 'CNTR-K8-000420');
  assert.is(rule.stig_uuid, stig.uuid);
  assert.match(rule.uuid, uuid);
  assert.match(rule.finding_details, /shoot-insecure\.yaml:\d+/);
  assert.match(rule.comments, /Fix: /);
  assert.is(new Set(stig.rules.map((r: { uuid: string }) => r.uuid)).size, stig.rules.length);
});

test('exit codes: 1 when a cluster-admin rule fails, 0 when none does, 2 for usage errors', async () => {
  assert.is((await report([FIXTURE, '-f', 'json'], ROOT)).code, 1);
  assert.is((await report([`${FIXTURE}/shoot-hardened.yaml`, `${FIXTURE}/audit-policy.yaml`, '-f', 'json'], ROOT)).code, 0);
  // Usage errors are thrown as UsageError, which main() turns into exit code 2.
  for (const argv of [[FIXTURE, '-f', 'pdf'], [FIXTURE, '--bogus'], ['-f', 'html'], [FIXTURE, '--stig-release', 'V9R9']]) {
    let error: unknown;
    try {
      await report(argv, ROOT);
    } catch (err) {
      error = err;
    }
    assert.instance(error, UsageError, argv.join(' '));
  }
});

// -- model, with synthetic results --------------------------------------------------------

const meta = (id: string, stigIds: string[] = [id]): RuleMeta => ({
  id, name: `r-${id}`, title: id, category: 'nodes', stigIds, defaultSeverity: 'error', rationale: '', fix: `fix ${id}`,
});
const shoot = (name: string, references: string[] = []): ShootInfo => ({ name, namespace: 'garden-x', filePath: `${name}.yaml`, line: 1, references });
const result = (ruleId: string, state: RuleResult['state'], on: ShootInfo | { kind: string; name: string; namespace?: string }, evidence?: string): RuleResult => {
  const isShoot = 'filePath' in on;
  return {
    ruleId, state, message: `${ruleId} ${state}`,
    filePath: isShoot ? on.filePath : 'objects.yaml',
    object: isShoot ? { kind: 'Shoot', name: on.name, namespace: on.namespace! } : on,
    span: { offset: 0, endOffset: 1, line: 7, column: 3, endLine: 7, endColumn: 4 },
    ...(evidence ? { evidence } : {}),
  };
};
const stateOf = (rep: ComplianceReport, s: number, id: string): string => rep.shoots[s]!.cells[rep.rules.findIndex((r) => r.vulnId === id)]!.state;

test('model: per-pool results combine worst first; defaults give secure-by-default; no decider gives manual', () => {
  const a = shoot('a');
  const b = shoot('b');
  const rep = buildReport({
    release: 'V2R6', toolVersion: 't', shoots: [a, b],
    rules: [meta('242434'), meta('245541'), meta('242400'), meta('242393', ['242393', '242394'])],
    results: [
      result('242434', 'pass', a), result('242434', 'fail', a), result('242434', 'unverifiable', a),
      result('242434', 'pass', b), result('242434', 'unverifiable', b),
      result('245541', 'pass', a, 'Kubernetes 1.30 defaults streamingConnectionIdleTimeout to 5m'),
      result('245541', 'pass', b, 'Kubernetes 1.30 defaults streamingConnectionIdleTimeout to 5m'), result('245541', 'pass', b, 'spec.kubernetes.kubelet.streamingConnectionIdleTimeout: 1h'),
      result('242400', 'pass', a, 'PodSecurity defaults enforce=baseline'),
      result('242393', 'not-applicable', a), result('242393', 'not-applicable', b),
      // a provider rule reported as pass stays provider-managed
      result('242391', 'pass', a),
    ],
  });
  assert.is(stateOf(rep, 0, '242434'), 'fail');
  assert.is(stateOf(rep, 1, '242434'), 'unverifiable');
  assert.is(stateOf(rep, 0, '245541'), 'secure-by-default');
  assert.is(stateOf(rep, 1, '245541'), 'pass');
  assert.is(stateOf(rep, 0, '242400'), 'pass');
  assert.is(stateOf(rep, 0, '242394'), 'not-applicable');
  assert.is(stateOf(rep, 0, '242390'), 'manual');
  assert.is(stateOf(rep, 0, '242391'), 'provider-managed');
  const cell = rep.shoots[0]!.cells[rep.rules.findIndex((r) => r.vulnId === '242434')]!;
  assert.is(cell.fix, 'fix 242434');
  assert.match(cell.summary, /^a\.yaml:7: /);
});

test('model: workloads belong to the Shoots of their file, else of their directory, else to every Shoot', () => {
  const a = shoot('a');
  const b = { ...shoot('b'), filePath: 'team/b.yaml' };
  const c = { ...shoot('c'), filePath: 'team/c.yaml' };
  const at = (filePath: string, name: string): RuleResult => ({ ...result('242414', 'fail', { kind: 'Deployment', name, namespace: 'default' }), filePath });
  const rep = buildReport({
    release: 'V2R6', toolVersion: 't', shoots: [a, b, c],
    rules: [meta('242414'), meta('242415'), meta('242383')],
    results: [
      at('team/b.yaml', 'in-b'),
      at('team/apps.yaml', 'beside-b-and-c'),
      { ...at('apps/web.yaml', 'orphan'), ruleId: '242415' },
      result('242383', 'pass', a), result('242383', 'pass', b), result('242383', 'pass', c),
    ],
  });
  const cellOf = (s: number, id: string) => rep.shoots[s]!.cells[rep.rules.findIndex((r) => r.vulnId === id)]!;
  const names = (s: number, id: string): string[] => cellOf(s, id).items.map((e) => `${e.object!.name}:${e.attribution}`);
  assert.is(stateOf(rep, 0, '242414'), 'manual');
  assert.equal(names(1, '242414'), ['in-b:file', 'beside-b-and-c:directory']);
  assert.equal(names(2, '242414'), ['beside-b-and-c:directory']);
  assert.equal(cellOf(1, '242414').attribution, ['file', 'directory']);
  assert.not.ok(cellOf(1, '242414').workspaceWide);
  for (const s of [0, 1, 2]) {
    assert.equal(names(s, '242415'), ['orphan:workspace']);
    assert.ok(cellOf(s, '242415').workspaceWide);
  }
  // A Shoot's own results carry no attribution.
  assert.is(cellOf(0, '242383').attribution, undefined);
  assert.is(cellOf(0, '242383').items[0]!.attribution, undefined);
  assert.ok(rep.notes.includes('Results from apps/web.yaml are attributed to every Shoot of the workspace (no Shoot in its file or directory).'));
  assert.ok(rep.notes.includes('Results from team/b.yaml (b) are attributed to the Shoots in the same file.'));
  assert.ok(rep.notes.includes('Results from team/apps.yaml (b, c) are attributed to the Shoots in the same directory (its file has none).'));
});

test('model: a failure at warning level (beyond the STIG) is a note on the cell, never a failure', () => {
  const a = shoot('a');
  const b = shoot('b');
  const c = shoot('c');
  const warn = (r: RuleResult, message: string): RuleResult => ({ ...r, severity: 1, message });
  const rep = buildReport({
    release: 'V2R6', toolVersion: 't', shoots: [a, b, c],
    rules: [meta('242400'), meta('242442'), meta('254800')],
    results: [
      // a: the STIG check passes, an alpha gate warns
      result('242400', 'pass', a, 'featureGates: AllAlpha not set'),
      warn(result('242400', 'fail', a), 'Feature gate Foo is alpha (beyond the STIG).'),
      // b: a real failure beside the warning still fails
      { ...result('242400', 'fail', b), severity: 2 },
      warn(result('242400', 'fail', b), 'Feature gate Foo is alpha (beyond the STIG).'),
      // c: warnings only (the image-version check of 242442)
      warn(result('242442', 'fail', c), 'Image x is used in version 1 and in version 2; run one version of each image.'),
      // a suppressed warning is a note too, not a suppressed rule
      result('254800', 'pass', a, 'defaults enforce=restricted'),
      { ...warn(result('254800', 'fail', a), 'Namespace x is exempted (beyond the STIG).'), state: 'suppressed', suppressions: [{ kind: 'comment', justification: 'ingress controller' }] },
      // an unverifiable result at warning level is still unverifiable
      { ...result('254800', 'unverifiable', b), severity: 1 },
    ],
  });
  const cellOf = (s: number, id: string) => rep.shoots[s]!.cells[rep.rules.findIndex((r) => r.vulnId === id)]!;
  assert.is(cellOf(0, '242400').state, 'pass');
  assert.is(cellOf(0, '242400').summary, 'featureGates: AllAlpha not set');
  assert.equal(cellOf(0, '242400').warnings!.map((w) => w.message), ['Feature gate Foo is alpha (beyond the STIG).']);
  assert.is(cellOf(0, '242400').items.length, 1);
  assert.is(cellOf(1, '242400').state, 'fail');
  assert.is(cellOf(1, '242400').warnings!.length, 1);
  assert.is(cellOf(2, '242442').state, 'pass');
  assert.match(cellOf(2, '242442').summary, /^No STIG finding; 1 warning beyond the STIG: c\.yaml:7: Image x/);
  assert.is(cellOf(0, '254800').state, 'pass');
  assert.is(cellOf(0, '254800').suppressions, undefined);
  assert.equal(cellOf(0, '254800').warnings![0]!.suppressions, [{ kind: 'comment', justification: 'ingress controller' }]);
  assert.is(cellOf(1, '254800').state, 'unverifiable');
  assert.is(rep.shoots[0]!.counts.fail, 0);
  assert.is(adminFailures(rep), 1);
});

test('the report lints every rule that is on at level error; off stays off', () => {
  const config = reportLevels(
    { settings: defaultConfig('2026-01-01').settings, rules: { 'no-dashboard': { severity: 'warning', options: {} }, '242393': { severity: 'off' } } },
    RULES,
  );
  assert.is(config.rules['242395']!.severity, 'error');
  assert.is(config.rules['242393']!.severity, 'off');
  for (const r of RULES) {
    const configured = config.rules[r.meta.id]?.severity ?? config.rules[r.meta.name]?.severity ?? r.meta.defaultSeverity;
    assert.is.not(configured, 'warning', r.meta.id);
  }
});

test('model: a ConfigMap belongs to the Shoots that name it; acceptances suppress', () => {
  const a = shoot('a', ['audit-a']);
  const b = shoot('b', ['audit-b']);
  const rep = buildReport({
    release: 'V2R6', toolVersion: 't', shoots: [a, b],
    rules: [meta('242414'), meta('242403'), meta('242395')],
    results: [
      result('242414', 'fail', { kind: 'Deployment', name: 'web', namespace: 'default' }),
      result('242403', 'fail', { kind: 'ConfigMap', name: 'audit-b', namespace: 'garden-x' }),
      result('242403', 'pass', a),
      result('242395', 'fail', a),
    ],
    accepted: [{ vulnId: '242395', suppression: { kind: 'config', justification: 'dashboard needed for the demo' } }],
  });
  // objects.yaml has no Shoot, nor has its directory: every Shoot.
  assert.is(stateOf(rep, 0, '242414'), 'fail');
  assert.is(stateOf(rep, 1, '242414'), 'fail');
  assert.is(stateOf(rep, 0, '242403'), 'pass');
  assert.is(stateOf(rep, 1, '242403'), 'fail');
  const sup = rep.shoots[0]!.cells[rep.rules.findIndex((r) => r.vulnId === '242395')]!;
  assert.is(sup.state, 'suppressed');
  assert.equal(sup.suppressions, [{ kind: 'config', justification: 'dashboard needed for the demo' }]);
});

test.run();
