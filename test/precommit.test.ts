/**
 * Drives the real `pre-commit` against this repository's hook: pre-commit
 * clones a snapshot of the working tree (committed in a temporary repository,
 * so uncommitted work is tested too and a fresh clone in CI works alike),
 * installs it with npm (which runs the `prepare` bundle step), and runs it
 * on commits of an insecure and a hardened Shoot, and on commits that stage
 * part of a repository (a weakened audit policy, a Shoot edit, an unused
 * ConfigMap) to check they are judged in the context of the repository.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = resolve(import.meta.dirname, '..');
const available = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;

function sh(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.is(r.status, 0, `${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A repository whose one commit is this checkout's working tree (tracked and untracked, not ignored). */
function snapshot(into: string, env: NodeJS.ProcessEnv): string {
  const files = ok(sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT), 'git ls-files').split('\0').filter(Boolean);
  for (const f of files) {
    const src = join(ROOT, f);
    try {
      mkdirSync(dirname(join(into, f)), { recursive: true });
      copyFileSync(src, join(into, f));
    } catch {
      // deleted in the working tree but still in the index: not part of the snapshot
    }
  }
  ok(sh('git', ['init', '-q'], into, env), 'git init');
  ok(sh('git', ['add', '-A'], into, env), 'git add');
  ok(sh('git', ['commit', '-q', '--no-verify', '-m', 'snapshot'], into, env), 'git commit');
  return ok(sh('git', ['rev-parse', 'HEAD'], into, env), 'git rev-parse').trim();
}

/** A temporary folder with a pre-commit home, git identity and a snapshot of this checkout as the hook repository. */
interface Setup {
  readonly tmp: string;
  readonly env: NodeJS.ProcessEnv;
  readonly hookRepo: string;
  readonly rev: string;
}
let setup: Setup | undefined;

function hookSetup(): Setup {
  if (setup) return setup;
  const tmp = mkdtempSync(join(tmpdir(), 'shootlint-precommit-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PRE_COMMIT_HOME: join(tmp, 'cache'),
    GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.invalid',
    GIT_CONFIG_GLOBAL: join(tmp, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1',
    // Plain output to match against, whatever colour the calling environment forces (shootlint honours FORCE_COLOR).
    FORCE_COLOR: '0',
  };
  writeFileSync(join(tmp, 'gitconfig'), '[init]\n\tdefaultBranch = main\n');
  const hookRepo = join(tmp, 'hook');
  mkdirSync(hookRepo);
  const rev = snapshot(hookRepo, env);
  setup = { tmp, env, hookRepo, rev };
  return setup;
}

/** A new git repository using the hook, with pre-commit installed. */
function fleetRepo(name: string): { repo: string; env: NodeJS.ProcessEnv } {
  const { tmp, env, hookRepo, rev } = hookSetup();
  const repo = join(tmp, name);
  mkdirSync(repo);
  ok(sh('git', ['init', '-q'], repo, env), 'git init');
  writeFileSync(join(repo, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: shootlint\n`);
  ok(sh('pre-commit', ['install'], repo, env), 'pre-commit install');
  return { repo, env };
}

if (!available && !process.env.CI) {
  test.skip('pre-commit hook: skipped because `pre-commit` is not installed here (CI installs it; apt-get install pre-commit)');
} else {
  test.after(() => {
    if (setup) rmSync(setup.tmp, { recursive: true, force: true });
  });

  test('pre-commit: an insecure Shoot is blocked with its findings, a hardened one passes', () => {
    assert.ok(available, 'pre-commit must be installed in CI (.ci/run installs it)');
    const { repo, env } = fleetRepo('fleet');
    const t0 = Date.now();
    ok(sh('pre-commit', ['install-hooks'], repo, env), 'pre-commit install-hooks');
    const installSeconds = (Date.now() - t0) / 1000;

    writeFileSync(join(repo, 'shoot.yaml'), readFileSync(join(ROOT, 'examples/insecure.yaml'), 'utf8'));
    ok(sh('git', ['add', 'shoot.yaml', '.pre-commit-config.yaml'], repo, env), 'git add');
    const t1 = Date.now();
    const blocked = sh('git', ['commit', '-m', 'insecure Shoot'], repo, env);
    const runSeconds = (Date.now() - t1) / 1000;
    const out = blocked.stdout + blocked.stderr;
    assert.is.not(blocked.status, 0, `the commit went through:\n${out}`);
    assert.match(out, /shootlint/);
    assert.match(out, /shoot\.yaml/);
    assert.match(out, /242395 no-dashboard/);
    assert.match(out, /\d+ problems? \(\d+ errors?/);
    assert.is(sh('git', ['rev-parse', '--verify', '-q', 'HEAD'], repo, env).status, 1, 'nothing committed');

    writeFileSync(join(repo, 'shoot.yaml'), readFileSync(join(ROOT, 'examples/hardened.yaml'), 'utf8'));
    ok(sh('git', ['add', 'shoot.yaml'], repo, env), 'git add');
    const passed = sh('git', ['commit', '-m', 'hardened Shoot'], repo, env);
    assert.is(passed.status, 0, `the hardened Shoot was blocked:\n${passed.stdout}\n${passed.stderr}`);
    assert.match(passed.stdout + passed.stderr, /shootlint.*Passed/);
    console.log(`  pre-commit: hook install ${installSeconds.toFixed(1)} s, hook run ${runSeconds.toFixed(1)} s`);
  });

  test('pre-commit judges the staged files in the context of the repository', () => {
    assert.ok(available, 'pre-commit must be installed in CI (.ci/run installs it)');
    const { repo, env } = fleetRepo('context');
    // The hardened example, as a repository keeps it: the Shoot and its audit policy in separate files.
    const [shootText, policyText] = readFileSync(join(ROOT, 'examples/hardened.yaml'), 'utf8').split(/^---\n/m) as [string, string];
    mkdirSync(join(repo, 'shoots'));
    mkdirSync(join(repo, 'policies'));
    writeFileSync(join(repo, 'shoots/hardened.yaml'), shootText);
    writeFileSync(join(repo, 'policies/audit-policy.yaml'), policyText);
    ok(sh('git', ['add', '-A'], repo, env), 'git add');
    const first = sh('git', ['commit', '-m', 'hardened Shoot and its audit policy'], repo, env);
    assert.is(first.status, 0, `the hardened Shoot was blocked:\n${first.stdout}\n${first.stderr}`);

    // Weakening the audit policy, staged alone, is blocked: 242403 in the ConfigMap, for the Shoot using it.
    const weakened = policyText.replace(/- level: RequestResponse\s*$/m, '- level: None');
    assert.is.not(weakened, policyText);
    writeFileSync(join(repo, 'policies/audit-policy.yaml'), weakened);
    ok(sh('git', ['add', 'policies/audit-policy.yaml'], repo, env), 'git add');
    const blocked = sh('git', ['commit', '-m', 'log less'], repo, env);
    const out = blocked.stdout + blocked.stderr;
    assert.is.not(blocked.status, 0, `the weakened audit policy went through:\n${out}`);
    assert.match(out, /policies\/audit-policy\.yaml\n\s+\d+:\d+\s+error\s+Audit policy in ConfigMap garden-dev\/hardened-audit-policy: [^\n]*Used by Shoot garden-dev\/hardened\.\s+242403 audit-policy/);
    ok(sh('git', ['checkout', 'HEAD', '--', 'policies/audit-policy.yaml'], repo, env), 'git checkout');

    // A harmless edit of the Shoot alone passes, with its ConfigMap resolved from the repository.
    writeFileSync(join(repo, 'shoots/hardened.yaml'), shootText.replace('  name: hardened\n', '  name: hardened\n  labels:\n    team: platform\n'));
    ok(sh('git', ['add', 'shoots/hardened.yaml'], repo, env), 'git add');
    const verbose = sh('pre-commit', ['run', '--verbose'], repo, env);
    assert.is(verbose.status, 0, `${verbose.stdout}\n${verbose.stderr}`);
    assert.not.match(verbose.stdout, /unverifiable|not among the linted files/);
    const edit = sh('git', ['commit', '-m', 'label'], repo, env);
    assert.is(edit.status, 0, `the harmless Shoot edit was blocked:\n${edit.stdout}\n${edit.stderr}`);

    // A ConfigMap that no Shoot references is judged alone: it passes, whatever its policy.
    writeFileSync(join(repo, 'policies/spare.yaml'), weakened.replace('name: hardened-audit-policy', 'name: spare-audit-policy'));
    ok(sh('git', ['add', 'policies/spare.yaml'], repo, env), 'git add');
    const spare = sh('git', ['commit', '-m', 'spare policy'], repo, env);
    assert.is(spare.status, 0, `an unreferenced ConfigMap was blocked:\n${spare.stdout}\n${spare.stderr}`);
  });
}

test.run();
