/**
 * Linting in batches (lib/run/batches.ts) changes nothing a user sees: every
 * batch size gives the output of one lint of all files, on the generated
 * corpus, the fixtures and the examples; a Shoot in the first file whose
 * audit-policy ConfigMap is in the last file (and the reverse) is judged
 * against it in every layout.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SourceFile } from '../../lib/engine/types.ts';
import { planBatches } from '../../lib/run/batches.ts';
import { runCli, tempTree } from '../cli/run-cli.ts';
import { auditedShoot, auditPolicy } from './manifests.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

async function lintWith(cwd: string, args: string[], batchFiles?: number): Promise<string> {
  const r = await runCli(cwd, ['--no-config', ...args], { env: batchFiles ? { SHOOTLINT_BATCH_FILES: String(batchFiles) } : {} });
  assert.ok(r.code !== 2, r.stderr);
  return `${r.code}\n${r.stdout}`;
}

test('the generated corpus: the same json and sarif whatever the batch size', async () => {
  const dir = tempTree({});
  try {
    const g = spawnSync(process.execPath, [join(ROOT, 'test', 'bench', 'gen-shoots.mjs'), dir, '120', '--force', '--seed', '7'], { encoding: 'utf8' });
    assert.is(g.status, 0, g.stderr);
    for (const format of ['json', 'sarif']) {
      const whole = await lintWith(dir, ['-f', format, '.']);
      assert.ok(whole.split('\n')[0] === '1', 'the corpus has findings');
      for (const size of [1, 7, 50]) assert.ok((await lintWith(dir, ['-f', format, '.'], size)) === whole, `${format}, batches of ${size}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the fixtures and the examples: the same output whatever the batch size', async () => {
  for (const path of ['test/fixtures/rules', 'test/fixtures/workspace', 'examples']) {
    const whole = await lintWith(ROOT, ['-f', 'json', '--no-workspace', path]);
    for (const size of [1, 3]) assert.ok((await lintWith(ROOT, ['-f', 'json', '--no-workspace', path], size)) === whole, `${path}, batches of ${size}`);
  }
});

test('a Shoot in the first file and its ConfigMap in the last (and the reverse) meet in every batch layout', async () => {
  const fillers: Record<string, string> = {};
  // Other namespaces: the fillers land in batches of their own.
  for (let i = 0; i < 8; i++) fillers[`m-${i}.yaml`] = auditedShoot(`filler-${i}`, `filler-policy-${i}`).replace('garden-dev', `garden-${i}`);
  for (const [first, last] of [['a-shoot.yaml', 'z-policy.yaml'], ['a-policy.yaml', 'z-shoot.yaml']] as const) {
    const shootFile = first.includes('shoot') ? first : last;
    const policyFile = first.includes('policy') ? first : last;
    const root = tempTree({ ...fillers, [shootFile]: auditedShoot('dev', 'dev-audit-policy'), [policyFile]: auditPolicy('dev-audit-policy', 'Metadata') });
    try {
      const sources = Object.keys({ ...fillers, [first]: '', [last]: '' }).sort().map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
      const layout = planBatches(sources, 1)!.map((b) => b.lint.map((f) => f.path).join('+'));
      assert.equal(layout.filter((l) => l.includes('+')), [`${first}+${last}`, `${first}+${last}`], 'the Shoot and its ConfigMap meet in both their batches; each filler is alone');
      for (const mode of [['--no-workspace'], []]) {
        const whole = await lintWith(root, ['-f', 'json', ...mode, '.']);
        const files = JSON.parse(whole.slice(whole.indexOf('\n') + 1)) as { filePath: string; messages: { ruleId: string; state: string }[] }[];
        const policy = files.find((f) => f.filePath.endsWith(policyFile))!;
        assert.equal(policy.messages.map((m) => `${m.ruleId} ${m.state}`), ['242403 fail'], `${first} … ${last} ${mode.join(' ')}`);
        for (let size = 1; size <= 11; size++) assert.ok((await lintWith(root, ['-f', 'json', ...mode, '.'], size)) === whole, `${first} … ${last}, batches of ${size} ${mode.join(' ')}`);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});

test('batches: runs of files in path order, each linted with the files it shares a group with; workloads make one batch', () => {
  const file = (path: string, text: string): SourceFile => ({ path, text });
  const files = [
    file('a.yaml', auditedShoot('a', 'policy-z')),
    file('b.yaml', auditedShoot('b', 'policy-b').replace('garden-dev', 'garden-other')),
    file('c.yaml', auditPolicy('policy-b').replace('garden-dev', 'garden-other')),
    file('z.yaml', auditPolicy('policy-z')),
  ];
  const layout = (batches: ReturnType<typeof planBatches>): string[] => batches!.map((b) => `${[...b.keep].join(',')} with ${b.lint.map((f) => f.path).join(',')}`);
  assert.equal(layout(planBatches(files, 1)), ['a.yaml with a.yaml,z.yaml', 'b.yaml with b.yaml,c.yaml', 'c.yaml with b.yaml,c.yaml', 'z.yaml with a.yaml,z.yaml']);
  assert.equal(layout(planBatches(files, 2)), ['a.yaml,b.yaml with a.yaml,b.yaml,c.yaml,z.yaml', 'c.yaml,z.yaml with a.yaml,b.yaml,c.yaml,z.yaml']);
  // A ConfigMap in kube-system meets the Shoots of kube-system (the namespace rules ask whether one references it).
  const system = [file('k.yaml', auditPolicy('coredns').replace('garden-dev', 'kube-system')), file('s.yaml', auditedShoot('s', 'none').replace('garden-dev', 'kube-system'))];
  assert.equal(layout(planBatches([...files, ...system], 1)).filter((l) => l.startsWith('k') || l.startsWith('s')), ['k.yaml with k.yaml,s.yaml', 's.yaml with k.yaml,s.yaml']);
  const deployment = file('d.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: team\n');
  assert.is(planBatches([...files, deployment], 1), undefined);
});

test.run();
