/**
 * A run given every manifest of its workspace (a lint of the repository's
 * folder) builds no repository index: nothing outside the given files can be
 * affected or needed, so its plan is the given files with every object
 * reported. These tests hold that plan to what the index would give, and the
 * command line's output with it to the output through the index.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SourceFile } from '../../lib/engine/types.ts';
import type { ContextPlan } from '../../lib/run/context.ts';
import { planContext, planGiven } from '../../lib/run/context.ts';
import { headersOf, RepoIndex } from '../../lib/run/repo-index.ts';
import type { Walked } from '../../lib/run/walk.ts';
import { walk, walkManifests } from '../../lib/run/walk.ts';
import { coversWorkspace } from '../../lib/run/workspace.ts';
import { runCli, tempTree } from '../cli/run-cli.ts';
import { auditedShoot, auditPolicy } from './manifests.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

function sourcesUnder(root: string): SourceFile[] {
  return [...walkManifests(root)].map((abs) => ({ path: relative(root, abs), text: readFileSync(abs, 'utf8') }));
}

function shape(plan: ContextPlan): Record<string, unknown> {
  const sorted = (s: ReadonlySet<string>): string[] => [...s].sort();
  return {
    files: plan.files.map((f) => f.path),
    given: sorted(plan.given),
    affected: sorted(plan.affected),
    affectedPaths: sorted(plan.affectedPaths),
    reported: sorted(plan.reported),
    added: plan.added,
  };
}

test('every manifest given: the plan without an index is the plan through the index (the fixtures, every kind of reference)', () => {
  for (const dir of ['workspace', 'rules', '']) {
    const root = join(FIXTURES, dir);
    const given = sourcesUnder(root);
    assert.ok(given.length >= (dir === 'workspace' ? 4 : 100), `${dir || 'fixtures'}: ${given.length} manifests`);
    const headers = (f: SourceFile): ReturnType<typeof headersOf> => headersOf(f.path, f.text);
    const viaIndex = planContext(given, RepoIndex.build({ root }), { cwd: root, headers });
    const plan = planGiven(given, headers);
    assert.equal(shape(plan), shape(viaIndex), dir || 'fixtures');
    assert.ok(plan.reported.size > 0);
  }
});

/** The workspace as walked now. */
const fresh = (root: string): { walked: () => Walked } => ({ walked: () => walk(root) });

test('coversWorkspace: only when no manifest under the root is left out, ignored ones aside', () => {
  const root = tempTree({ 'shoots/a.yaml': auditedShoot('a', 'a-policy'), 'policies/a.yaml': auditPolicy('a-policy'), 'README.md': '# not a manifest' });
  try {
    const all = new Set([...walkManifests(root)]);
    const none = (): boolean => false;
    assert.is(all.size, 2);
    assert.ok(coversWorkspace(fresh(root), all, none));
    writeFileSync(join(root, 'shoots', 'b.yaml'), auditedShoot('b', 'a-policy'));
    assert.not.ok(coversWorkspace(fresh(root), all, none), 'a manifest not given');
    assert.ok(coversWorkspace(fresh(root), all, (abs) => abs.endsWith('b.yaml')), 'unless it is ignored');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a folder that is its whole workspace: the same findings as through the index (--cache builds it)', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    files[`shoots/s-${i}.yaml`] = auditedShoot(`s-${i}`, `p-${i % 30}`, i % 7 === 0 ? '\n  addons:\n    kubernetesDashboard:\n      enabled: true' : '');
    if (i < 30) files[`policies/p-${i}.yaml`] = auditPolicy(`p-${i}`, i % 4 === 0 ? 'None' : 'RequestResponse');
  }
  for (const name of ['cloudprofile.yaml', 'configmaps.yaml', 'shoot.yaml', 'workloads.yaml']) files[`fixture/${name}`] = readFileSync(join(FIXTURES, 'workspace', name), 'utf8');
  const root = tempTree(files);
  try {
    const plain = await runCli(root, ['--no-config', '-f', 'json', '.']);
    const indexed = await runCli(root, ['--no-config', '-f', 'json', '--cache', '--cache-location', join(root, '.cache', 'index'), '.']);
    assert.is(plain.code, 1, plain.stderr);
    assert.is(indexed.code, plain.code, indexed.stderr);
    assert.is(plain.stdout, indexed.stdout);
    const out = JSON.parse(plain.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    assert.is(out.length, 74);
    assert.ok(out.some((f) => f.filePath.endsWith('p-0.yaml') && f.messages.some((m) => m.ruleId === '242403')), 'a weak policy is judged through its Shoots');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
