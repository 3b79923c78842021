/**
 * Drives the real `pre-commit` against this repository's hook: pre-commit
 * clones a snapshot of the working tree (committed in a temporary repository,
 * so uncommitted work is tested too and a fresh clone in CI works alike),
 * installs it with npm (which runs the `prepare` bundle step), and runs it
 * on commits of an insecure and a hardened Shoot.
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

if (!available && !process.env.CI) {
  test.skip('pre-commit hook: skipped because `pre-commit` is not installed here (CI installs it; apt-get install pre-commit)');
} else {
  test('pre-commit: an insecure Shoot is blocked with its findings, a hardened one passes', () => {
    assert.ok(available, 'pre-commit must be installed in CI (.ci/run installs it)');
    const tmp = mkdtempSync(join(tmpdir(), 'shootlint-precommit-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PRE_COMMIT_HOME: join(tmp, 'cache'),
      GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.invalid',
      GIT_CONFIG_GLOBAL: join(tmp, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1',
    };
    writeFileSync(join(tmp, 'gitconfig'), '[init]\n\tdefaultBranch = main\n');
    try {
      const hookRepo = join(tmp, 'hook');
      mkdirSync(hookRepo);
      const rev = snapshot(hookRepo, env);
      const repo = join(tmp, 'fleet');
      mkdirSync(repo);
      ok(sh('git', ['init', '-q'], repo, env), 'git init');
      writeFileSync(join(repo, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: shootlint\n`);
      ok(sh('pre-commit', ['install'], repo, env), 'pre-commit install');

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
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
}

test.run();
