/**
 * `shootlint report` uses the lint command's configuration (.shootlint.yaml per
 * file with overrides, --config, --no-config, flags) and suppressions
 * (comments, annotations, baselines), and attributes workload results to the
 * Shoots beside them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Cell, ComplianceReport } from '../../lib/report/model.ts';
import type { CliRun } from './helpers.ts';
import { FIXED_TIME, report } from './helpers.ts';
import { runCli } from '../cli/run-cli.ts';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const fixture = (name: string): string => readFileSync(join(ROOT, 'test/fixtures/report', name), 'utf8');
const INSECURE = fixture('shoot-insecure.yaml');
const HARDENED = fixture('shoot-hardened.yaml');
const AUDIT = fixture('audit-policy.yaml');
const WORKLOADS = fixture('workloads.yaml');

/** A workspace in a temporary directory: path → text. */
function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-report-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function withWorkspace(files: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = workspace(files);
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function json(args: string[], cwd: string): Promise<ComplianceReport & { code: number; stderr: string }> {
  const r = await report([...args, '-f', 'json'], cwd);
  return { ...(JSON.parse(r.stdout) as ComplianceReport), code: r.code, stderr: r.stderr };
}

function cell(rep: ComplianceReport, shoot: string, vulnId: string): Cell {
  const s = rep.shoots.find((x) => x.shoot.name === shoot);
  assert.ok(s, `Shoot ${shoot}`);
  return s.cells[rep.rules.findIndex((r) => r.vulnId === vulnId)]!;
}

/** Runs the whole command line in-process, as `shootlint ...` would. */
function cli(argv: string[], cwd: string): Promise<CliRun> {
  return runCli(cwd, argv, { env: FIXED_TIME });
}

const renamed = (text: string, from: string, to: string): string => text.replace(`name: ${from}\n`, `name: ${to}\n`);

test('configuration: .shootlint.yaml per file with overrides by glob and stigRelease; --config, --no-config, --stig-release', async () => {
  await withWorkspace(
    {
      '.shootlint.yaml': "stigRelease: V1R11\noverrides:\n  - files: ['b/**']\n    rules:\n      no-dashboard: off\n",
      'a/shoot.yaml': renamed(INSECURE, 'sandbox', 'sandbox-a'),
      'b/shoot.yaml': renamed(INSECURE, 'sandbox', 'sandbox-b'),
      'config/all-off.yaml': "rules:\n  '242395': off\n",
    },
    async (dir) => {
      const rep = await json(['a', 'b'], dir);
      assert.is(rep.release, 'V1R11');
      assert.is(rep.rules.length, 91);
      assert.is(cell(rep, 'sandbox-a', '242395').state, 'fail');
      // The override turns the rule off for b/: never a pass, a manual check.
      assert.is(cell(rep, 'sandbox-b', '242395').state, 'manual');

      const none = await json(['a', 'b', '--no-config'], dir);
      assert.is(none.release, 'V2R6');
      assert.is(cell(none, 'sandbox-b', '242395').state, 'fail');

      const explicit = await json(['a', 'b', '--config', 'config/all-off.yaml'], dir);
      assert.is(explicit.release, 'V2R6');
      assert.is(cell(explicit, 'sandbox-a', '242395').state, 'manual');
      assert.is(cell(explicit, 'sandbox-b', '242395').state, 'manual');

      assert.is((await json(['a', 'b', '--stig-release', 'V2R6'], dir)).release, 'V2R6');
      assert.is(cell(await json(['a', 'b', '--disable', '242395', '--no-config'], dir), 'sandbox-a', '242395').state, 'manual');
    },
  );
});

test('configuration: files configured for different STIG releases get the working directory\'s, with a note', async () => {
  await withWorkspace(
    { 'a/.shootlint.yaml': 'stigRelease: V1R11\n', 'a/shoot.yaml': INSECURE, 'b/shoot.yaml': renamed(HARDENED, 'payments', 'other') },
    async (dir) => {
      const rep = await json(['a/shoot.yaml', 'b'], dir);
      assert.is(rep.release, 'V2R6');
      assert.ok(rep.notes.some((n) => n.includes('different STIG releases') && n.includes('V1R11')), rep.notes.join('\n'));
      assert.is((await json(['a/shoot.yaml'], dir)).release, 'V1R11');
    },
  );
});

test('configuration: severities, options, strict, gardenerVersion and ignore from the file', async () => {
  // A rule configured as a warning still decides its STIG rule: the report has no lint levels.
  await withWorkspace({ '.shootlint.yaml': "rules:\n  '242395': warning\n", 'm/shoot.yaml': INSECURE }, async (dir) => {
    const rep = await json(['m'], dir);
    assert.is(cell(rep, 'sandbox', '242395').state, 'fail');
    assert.is(cell(rep, 'sandbox', '242395').warnings, undefined);
    assert.is(rep.code, 1);
  });
  await withWorkspace(
    { 'm/shoot.yaml': HARDENED, 'm/audit.yaml': AUDIT, 'm/workloads/web.yaml': WORKLOADS },
    async (dir) => {
      const plain = await json(['m'], dir);
      assert.is(cell(plain, 'payments', '254800').state, 'pass');
      assert.is(cell(plain, 'payments', '242436').state, 'secure-by-default');
      assert.is(cell(plain, 'payments', '242414').state, 'fail');

      writeFileSync(
        join(dir, '.shootlint.yaml'),
        "strict: true\nignore: ['m/workloads/**']\nrules:\n  '254800': [error, { minimumProfile: restricted }]\n",
      );
      const configured = await json(['m'], dir);
      assert.is(cell(configured, 'payments', '254800').state, 'fail');
      assert.is(cell(configured, 'payments', '242436').state, 'fail');
      assert.match(cell(configured, 'payments', '242436').summary, /strict/);
      // The ignored workload is not linted: its rules are left to a manual review.
      assert.is(cell(configured, 'payments', '242414').state, 'manual');
    },
  );
  // gardenerVersion decides the Kubernetes version assumed for a Shoot without one.
  await withWorkspace({ 'm/shoot.yaml': HARDENED.replace('    version: "1.32.3"\n', ''), 'm/audit.yaml': AUDIT }, async (dir) => {
    const newest = cell(await json(['m'], dir), 'payments', '242390');
    assert.is(newest.state, 'pass');
    // From 1.35 the field is forbidden: the schema rule's finding, no 242390 warning; the evidence names the assumed version.
    assert.is(newest.warnings, undefined);
    assert.match(newest.summary, /Kubernetes 1\.35/);
    writeFileSync(join(dir, 'm/.shootlint.yaml'), 'gardenerVersion: v1.100.0\n');
    const older = cell(await json(['m/shoot.yaml', 'm/audit.yaml'], dir), 'payments', '242390');
    assert.is(older.state, 'pass');
    assert.is(older.warnings, undefined);
    assert.not.match(older.summary, /1\.35/);
  });
});

test('configuration: a broken .shootlint.yaml stops the report with exit 2; --config with --no-config is a usage error', async () => {
  await withWorkspace({ '.shootlint.yaml': 'rules:\n  no-such-rule: error\n', 'm/shoot.yaml': INSECURE }, async (dir) => {
    const r = await cli(['report', 'm', '-f', 'json'], dir);
    assert.is(r.code, 2);
    assert.match(r.stderr, /\.shootlint\.yaml:2:\d+: .*unknown rule "no-such-rule"/);
    assert.is(r.stdout, '');
    assert.is((await cli(['report', 'm', '--no-config', '--config', '.shootlint.yaml'], dir)).code, 2);
    assert.is((await cli(['report', 'm', '--no-config', '-f', 'json'], dir)).code, 1);
  });
});

test('configuration: --diki-config applies on top of .shootlint.yaml', async () => {
  const diki = readFileSync(join(ROOT, 'test/fixtures/report/diki-config.yaml'), 'utf8');
  await withWorkspace({ '.shootlint.yaml': 'stigRelease: V1R11\n', 'm/shoot.yaml': INSECURE, 'diki.yaml': diki }, async (dir) => {
    const rep = await json(['m', '--diki-config', 'diki.yaml'], dir);
    assert.is(rep.release, 'V1R11');
    assert.is(cell(rep, 'sandbox', '242395').state, 'suppressed');
    assert.equal(cell(rep, 'sandbox', '242395').suppressions?.[0]?.kind, 'config');
  });
});

const SUPPRESSED = INSECURE.replace(
  '      enabled: true\n',
  '      # shootlint-disable-next-line 242395 -- the dashboard stays for the demo (until 2099-12-31)\n      enabled: true\n',
).replace(
  '  name: sandbox\n  namespace: garden-shop\n',
  "  name: sandbox\n  namespace: garden-shop\n  annotations:\n    shootlint.gardener.cloud/suppress: |\n      242434: kernel defaults are managed by the node image team\n",
);
const SUPPRESSED_WORKLOAD = WORKLOADS.replace(
  '  namespace: default\n',
  '  namespace: default\n  annotations:\n    shootlint.gardener.cloud/suppress: |\n      242383, 242417: legacy namespace until the move (until 2099-06-30)\n',
);

test('suppressions: comments and annotations show as suppressed with justification and expiry in every format', async () => {
  await withWorkspace({ 'm/shoot.yaml': SUPPRESSED, 'm/workloads.yaml': SUPPRESSED_WORKLOAD }, async (dir) => {
    const rep = await json(['m'], dir);
    const dashboard = cell(rep, 'sandbox', '242395');
    assert.is(dashboard.state, 'suppressed');
    assert.equal(dashboard.suppressions, [{ kind: 'comment', justification: 'the dashboard stays for the demo', until: '2099-12-31' }]);
    assert.match(dashboard.summary, /the dashboard stays for the demo \(until 2099-12-31\)/);
    const kernel = cell(rep, 'sandbox', '242434');
    assert.is(kernel.state, 'suppressed');
    assert.equal(kernel.suppressions, [{ kind: 'annotation', justification: 'kernel defaults are managed by the node image team' }]);
    const ns = cell(rep, 'sandbox', '242383');
    assert.is(ns.state, 'suppressed');
    assert.equal(ns.suppressions?.[0]?.until, '2099-06-30');
    assert.equal(ns.attribution, ['directory']);

    const html = (await report(['m', '-f', 'html'], dir)).stdout;
    assert.match(html, /Justification: the dashboard stays for the demo \(expires 2099-12-31\) \[comment\]/);
    assert.match(html, /Justification: legacy namespace until the move \(expires 2099-06-30\) \[annotation\]/);
    const md = (await report(['m', '-f', 'markdown'], dir)).stdout;
    assert.match(md, /justification: the dashboard stays for the demo \(expires 2099-12-31\)/);
    const ck = JSON.parse((await report(['m', '-f', 'cklb'], dir)).stdout);
    const rule = ck.stigs[0].rules.find((r: { group_id: string }) => r.group_id === 'V-242395');
    assert.match(rule.comments, /Accepted \(comment\): the dashboard stays for the demo; expires 2099-12-31/);
  });
});

test('suppressions: an expired suppression no longer applies and is named in the notes', async () => {
  const expired = INSECURE.replace('      enabled: true\n', '      # shootlint-disable-next-line 242395 -- demo (until 2020-01-01)\n      enabled: true\n');
  await withWorkspace({ 'm/shoot.yaml': expired }, async (dir) => {
    const rep = await json(['m'], dir);
    assert.is(cell(rep, 'sandbox', '242395').state, 'fail');
    assert.ok(rep.notes.some((n) => /m\/shoot\.yaml:\d+: Suppression expired on 2020-01-01/.test(n)), rep.notes.join('\n'));
  });
});

test('baseline: findings recorded in the baseline are suppressed, never passes', async () => {
  await withWorkspace({ 'm/shoot.yaml': INSECURE, 'm/workloads.yaml': WORKLOADS }, async (dir) => {
    const lint = await cli(['m', '--update-baseline', '--baseline', 'baseline.json'], dir);
    assert.is(lint.code, 0, lint.stderr);
    const before = await json(['m'], dir);
    const after = await json(['m', '--baseline', 'baseline.json'], dir);
    let failing = 0;
    before.shoots[0]!.cells.forEach((c, i) => {
      if (c.state !== 'fail') return;
      failing++;
      const now = after.shoots[0]!.cells[i]!;
      assert.is(now.state, 'suppressed', before.rules[i]!.vulnId);
      assert.ok(now.items.some((e) => e.suppressions?.some((s) => s.kind === 'baseline' && s.justification === 'recorded in the baseline baseline.json')));
    });
    assert.ok(failing > 5);
    assert.is(after.code, 0);
    assert.is((await cli(['report', 'm', '--baseline', 'missing.json'], dir)).code, 2);
  });
});

test('attribution: a workload counts for the Shoots of its file, else of its directory, else of every Shoot', async () => {
  await withWorkspace(
    {
      // dir-a: a Shoot and a workload in another file of the same directory
      'dir-a/shoot.yaml': renamed(INSECURE, 'sandbox', 'a'),
      'dir-a/web.yaml': WORKLOADS,
      // dir-b: a Shoot with its workload in the same file, and a second Shoot file in the directory
      'dir-b/shoot.yaml': `${renamed(HARDENED, 'payments', 'b')}---\n${WORKLOADS.replace('name: frontend\n', 'name: shop\n')}`,
      'dir-b/other.yaml': renamed(HARDENED, 'payments', 'b2'),
      // no Shoot in this file or directory
      'apps/cron.yaml': WORKLOADS.replace('name: frontend\n', 'name: orphan\n'),
    },
    async (dir) => {
      const rep = await json(['.'], dir);
      const items = (shoot: string): string[] => cell(rep, shoot, '242414').items.map((e) => `${e.object?.name}:${e.attribution}`).sort();
      assert.equal(items('a'), ['frontend:directory', 'orphan:workspace']);
      assert.equal(items('b'), ['orphan:workspace', 'shop:file']);
      assert.equal(items('b2'), ['orphan:workspace']);
      assert.ok(cell(rep, 'b2', '242414').workspaceWide);
      assert.not.ok(cell(rep, 'b', '242414').workspaceWide);
      assert.equal(cell(rep, 'b', '242414').attribution, ['file', 'workspace']);
      assert.ok(rep.notes.some((n) => n === 'Results from apps/cron.yaml are attributed to every Shoot of the workspace (no Shoot in its file or directory).'), rep.notes.join('\n'));
      assert.ok(rep.notes.some((n) => n.startsWith('Results from dir-b/shoot.yaml (b) are attributed to the Shoots in the same file')));
      assert.ok(rep.notes.some((n) => n.startsWith('Results from dir-a/web.yaml (a) are attributed to the Shoots in the same directory')));
      const html = (await report(['.', '-f', 'html'], dir)).stdout;
      assert.match(html, /Results about other objects than the Shoot: attributed to the Shoots in the same file; attributed to every Shoot of the workspace \(no Shoot in its file or directory\)\./);
      const md = (await report(['.', '-f', 'markdown'], dir)).stdout;
      assert.match(md, /attributed to the Shoots in the same directory \(its file has none\)/);
    },
  );
});

test('shootlint report examples/: every format through the command line, exit 1 (an admin rule fails); the hardened Shoot has no workload failure', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-examples-'));
  try {
    const rep = JSON.parse((await cli(['report', 'examples/', '-f', 'json'], ROOT)).stdout) as ComplianceReport;
    assert.equal(rep.shoots.map((s) => s.shoot.name), ['hardened', 'insecure']);
    const hardened = rep.shoots[0]!;
    assert.is(hardened.counts.fail, 0);
    for (const id of ['242383', '242414', '242415', '242417', '242442']) {
      assert.is(cell(rep, 'hardened', id).state, 'manual', id);
      assert.not.equal(cell(rep, 'insecure', id).state, 'manual', id);
      assert.equal(cell(rep, 'insecure', id).attribution, ['file'], id);
    }
    for (const [format, out] of [['html', 'report.html'], ['markdown', 'report.md'], ['json', 'report.json'], ['cklb', 'garden-dev--insecure.cklb'], ['diki', 'garden-dev--insecure.diki.json']] as const) {
      const r = await cli(['report', 'examples/', '-f', format, '-o', `${dir}/${format}/`], ROOT);
      assert.is(r.code, 1, `${format}: ${r.stderr}`);
      assert.ok(readFileSync(join(dir, format, out), 'utf8').length > 1000, format);
      const stdout = await cli(['report', 'examples/', '-f', format], ROOT);
      assert.is(stdout.code, 1, format);
      assert.ok(stdout.stdout.length > 1000, format);
    }
    assert.is((await cli(['report', 'examples/hardened.yaml', '-f', 'json'], ROOT)).code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
