/**
 * `shootlint report` judges the given files in the context of their repository,
 * as the lint command does: a Shoot resolves its audit-policy ConfigMap from
 * the workspace, and a verdict placed in the ConfigMap's file counts for the
 * Shoot that uses it; `--no-workspace` judges the given files alone.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ComplianceReport } from '../../lib/report/model.ts';
import { tempTree } from '../cli/run-cli.ts';
import { auditedShoot, auditPolicy } from '../run/manifests.ts';
import { report } from './helpers.ts';

function repo(): string {
  const root = tempTree({
    'shoots/dev.yaml': auditedShoot('dev', 'dev-audit-policy'),
    'shoots/prod.yaml': auditedShoot('prod', 'prod-audit-policy'),
    'policies/dev.yaml': auditPolicy('dev-audit-policy', 'Metadata'),
    'policies/prod.yaml': auditPolicy('prod-audit-policy'),
  });
  const r = spawnSync('git', ['init', '-q'], { cwd: root, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return root;
}

async function auditCell(root: string, args: string[]): Promise<{ state: string; where: string[]; shoots: string[] }> {
  const r = await report(['-f', 'json', ...args], root);
  assert.is(r.stderr, '');
  const rep = JSON.parse(r.stdout) as ComplianceReport;
  const i = rep.rules.findIndex((x) => x.vulnId === '242403');
  const cell = rep.shoots[0]!.cells[i]!;
  return { state: cell.state, where: cell.items.map((e) => `${e.filePath}:${e.line ?? ''} ${e.state}`), shoots: rep.shoots.map((s) => s.shoot.name) };
}

test('report on a Shoot resolves its ConfigMap from the repository and counts the verdict placed there', async () => {
  const root = repo();
  try {
    assert.equal(await auditCell(root, ['shoots/dev.yaml']), { state: 'fail', where: ['policies/dev.yaml:13 fail'], shoots: ['dev'] });
    assert.equal(await auditCell(root, ['shoots/prod.yaml']), { state: 'pass', where: ['shoots/prod.yaml:13 pass'], shoots: ['prod'] });
    // Given together without the workspace: the same verdict, from the same place.
    assert.equal(await auditCell(root, ['--no-workspace', 'shoots/dev.yaml', 'policies/dev.yaml']), { state: 'fail', where: ['policies/dev.yaml:13 fail'], shoots: ['dev'] });
    // Alone: unverifiable, never a pass.
    const alone = await auditCell(root, ['--no-workspace', 'shoots/dev.yaml']);
    assert.is(alone.state, 'unverifiable');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
