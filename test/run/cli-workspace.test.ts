/**
 * The command line judges the given files in the context of their repository
 * (spec section 1): a Shoot resolves its ConfigMap from the whole workspace
 * root, a given ConfigMap re-judges the Shoots that reference it, objects
 * neither given nor affected are not reported, and `--no-workspace` keeps
 * the file-list behaviour.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempTree } from '../cli/run-cli.ts';
import { auditedShoot, auditPolicy } from './manifests.ts';

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; state: string; message: string; line: number; severity: number; fix?: string }[];
}

function gitRepo(files: Record<string, string>): string {
  const root = tempTree(files);
  const r = spawnSync('git', ['init', '-q'], { cwd: root, encoding: 'utf8' });
  assert.is(r.status, 0, `git init: ${r.stderr}`);
  return root;
}

async function lintJson(cwd: string, args: string[]): Promise<{ code: number; files: JsonFile[]; stderr: string }> {
  const r = await runCli(cwd, ['--format', 'json', '--rule', '242403', ...args]);
  return { code: r.code, files: r.code === 2 ? [] : (JSON.parse(r.stdout) as JsonFile[]), stderr: r.stderr };
}

const rel = (root: string, files: JsonFile[]): string[] => files.map((f) => f.filePath.slice(root.length + 1)).sort();
const findings = (files: JsonFile[]): string[] => files.flatMap((f) => f.messages.map((m) => `${f.filePath.split('/').pop()}:${m.line} ${m.ruleId} ${m.state}`)).sort();

const REPO = {
  'shoots/prod.yaml': auditedShoot('prod', 'prod-audit-policy'),
  'shoots/dev.yaml': auditedShoot('dev', 'dev-audit-policy', '\n  addons:\n    kubernetesDashboard:\n      enabled: true'),
  'policies/prod-audit-policy.yaml': auditPolicy('prod-audit-policy'),
  'policies/dev-audit-policy.yaml': auditPolicy('dev-audit-policy', 'Metadata'),
  'policies/unused.yaml': auditPolicy('unused', 'None'),
};

test('a Shoot given alone resolves its ConfigMap from the repository', async () => {
  const root = gitRepo(REPO);
  try {
    const r = await lintJson(root, ['shoots/prod.yaml']);
    assert.is(r.code, 0, JSON.stringify(r.files));
    assert.equal(findings(r.files), []);
    assert.equal(rel(root, r.files), ['shoots/prod.yaml'], 'only the given file is reported');
    // Its policy is too weak: the finding is the given Shoot's, reported where it is (in the ConfigMap).
    const dev = await lintJson(root, ['shoots/dev.yaml']);
    assert.is(dev.code, 1);
    assert.equal(findings(dev.files), ['dev-audit-policy.yaml:13 242403 fail']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--no-workspace judges the file alone: the reference is unverifiable', async () => {
  const root = gitRepo(REPO);
  try {
    const r = await lintJson(root, ['--no-workspace', 'shoots/prod.yaml']);
    assert.is(r.code, 0);
    assert.equal(findings(r.files), ['prod.yaml:13 242403 unverifiable']);
    // Only the given files count: the message says so, as before workspaces.
    const m = r.files[0]!.messages[0]!;
    assert.is(m.message, 'Cannot tell whether the audit policy of Shoot prod records every request: ConfigMap garden-dev/prod-audit-policy with key `policy`: not among the linted files; lint it together with the Shoot.');
    assert.match(m.fix!, /^Lint ConfigMap .* together with the Shoot: pass its file/);
    const both = await runCli(root, ['--workspace', '.', '--no-workspace', 'shoots/prod.yaml']);
    assert.is(both.code, 2);
    assert.match(both.stderr, /--workspace and --no-workspace exclude each other/);
    const missing = await runCli(root, ['--workspace', 'nowhere', 'shoots/prod.yaml']);
    assert.is(missing.code, 2);
    assert.match(missing.stderr, /--workspace nowhere: not a directory/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a ConfigMap outside the workspace root stays unverifiable; --workspace widens the root', async () => {
  const root = gitRepo({
    'team-a/.shootlint.yaml': 'strict: false\n',
    'team-a/shoot.yaml': auditedShoot('prod', 'prod-audit-policy'),
    'shared/prod-audit-policy.yaml': auditPolicy('prod-audit-policy', 'None'),
  });
  try {
    const r = await lintJson(root, ['team-a/shoot.yaml']);
    assert.is(r.code, 0);
    assert.equal(findings(r.files), ['shoot.yaml:13 242403 unverifiable']);
    // The reference was looked up in the workspace, not only among the given files: the message names the root.
    const m = r.files[0]!.messages[0]!;
    assert.ok(m.message.endsWith(`ConfigMap garden-dev/prod-audit-policy with key \`policy\`: not found in the workspace ${join(root, 'team-a')}.`), m.message);
    assert.not.match(m.message, /linted files|command line/);
    assert.match(m.fix!, /^Add ConfigMap .* to the workspace .*team-a \(a manifest under it that the configuration does not ignore\), or correct the reference\.$/);
    const wide = await lintJson(root, ['--workspace', '.', 'team-a/shoot.yaml']);
    assert.is(wide.code, 1);
    assert.equal(findings(wide.files), ['prod-audit-policy.yaml:10 242403 fail']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a given ConfigMap re-judges the Shoots that reference it, named in the finding', async () => {
  const root = gitRepo({ ...REPO, 'policies/prod-audit-policy.yaml': auditPolicy('prod-audit-policy', 'None') });
  try {
    const r = await runCli(root, ['policies/prod-audit-policy.yaml']);
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /policies\/prod-audit-policy\.yaml\n\s+\d+:\d+\s+error\s+Audit policy in ConfigMap garden-dev\/prod-audit-policy: .*Used by Shoot garden-dev\/prod\.\s+242403/);
    // The dev Shoot (dashboard enabled) is neither given nor affected: not reported.
    assert.not.match(r.stdout, /dev\.yaml|242395/);
    const json = await lintJson(root, ['policies/prod-audit-policy.yaml']);
    assert.equal(rel(root, json.files), ['policies/prod-audit-policy.yaml', 'shoots/prod.yaml'], 'the affected Shoot is listed');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a ConfigMap no Shoot references is judged alone and passes', async () => {
  const root = gitRepo(REPO);
  try {
    const r = await lintJson(root, ['policies/unused.yaml']);
    assert.is(r.code, 0);
    assert.equal(rel(root, r.files), ['policies/unused.yaml']);
    assert.equal(findings(r.files), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a directory keeps its meaning: everything in it is reported, with context from the root', async () => {
  const root = gitRepo(REPO);
  try {
    const r = await runCli(root, ['--format', 'json', 'shoots']);
    assert.is(r.code, 1);
    const files = JSON.parse(r.stdout) as JsonFile[];
    const ids = findings(files).map((f) => f.replace(/:\d+/, ''));
    assert.ok(ids.includes('dev.yaml 242395 fail'), ids.join('\n'));
    assert.ok(ids.includes('dev-audit-policy.yaml 242403 fail'), ids.join('\n'));
    assert.not.ok(ids.some((f) => f.includes('unverifiable')), ids.join('\n'));
    assert.not.ok(ids.some((f) => f.startsWith('unused.yaml')), 'a ConfigMap nothing given references is not reported');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a CloudProfile given re-judges the Shoots using it through a NamespacedCloudProfile', async () => {
  const root = gitRepo({
    'profiles/aws.yaml': 'apiVersion: core.gardener.cloud/v1beta1\nkind: CloudProfile\nmetadata:\n  name: aws\nspec:\n  kubernetes:\n    versions:\n    - version: 1.31.2\n      classification: deprecated\n',
    'profiles/custom.yaml': 'apiVersion: core.gardener.cloud/v1beta1\nkind: NamespacedCloudProfile\nmetadata:\n  name: custom\n  namespace: garden-dev\nspec:\n  parent:\n    kind: CloudProfile\n    name: aws\n',
    'shoots/prod.yaml': auditedShoot('prod', 'prod-audit-policy', '\n  cloudProfile:\n    kind: NamespacedCloudProfile\n    name: custom'),
    'shoots/other.yaml': auditedShoot('other', 'prod-audit-policy', '\n  cloudProfile:\n    name: gcp'),
    'policies/prod-audit-policy.yaml': auditPolicy('prod-audit-policy'),
  });
  try {
    const r = await runCli(root, ['--format', 'json', '--rule', 'supported-kubernetes-version', 'profiles/aws.yaml']);
    assert.is(r.code, 0, r.stdout + r.stderr);
    const files = JSON.parse(r.stdout) as JsonFile[];
    // The NamespacedCloudProfile and the Shoot using it are re-judged; the Shoot on another profile is not.
    assert.equal(rel(root, files), ['profiles/aws.yaml', 'profiles/custom.yaml', 'shoots/prod.yaml']);
    assert.equal(findings(files), ['prod.yaml:11 supported-kubernetes-version fail']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the workspace root is the nearest folder with .shootlint.yaml, else the git work tree, else the common folder', async () => {
  const { findWorkspaceRoot } = await import('../../lib/run/workspace-root.ts');
  const root = gitRepo({ 'a/b/shoot.yaml': 'x: 1\n', 'a/.shootlint.yaml': 'strict: false\n', 'c/d/e.yaml': 'x: 1\n' });
  try {
    assert.equal(findWorkspaceRoot(['a/b/shoot.yaml'], root), { root: join(root, 'a'), reason: 'config' });
    assert.equal(findWorkspaceRoot(['c/d/e.yaml'], root), { root, reason: 'git' });
    assert.equal(findWorkspaceRoot(['a/b/shoot.yaml', 'c/d/e.yaml'], root), { root, reason: 'git' });
    rmSync(join(root, '.git'), { recursive: true, force: true });
    assert.equal(findWorkspaceRoot(['c/d/e.yaml'], root).reason, 'common');
    assert.equal(findWorkspaceRoot(['c/d/e.yaml', 'c/d'], root).root, join(root, 'c', 'd'));
    // A device or FIFO given beside a manifest does not widen the root to `/`.
    assert.is(spawnSync('mkfifo', [join(root, 'c', 'pipe.yaml')]).status, 0);
    assert.equal(findWorkspaceRoot(['/dev/zero', 'c/pipe.yaml', 'c/d/e.yaml'], root).root, join(root, 'c', 'd'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
