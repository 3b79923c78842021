/**
 * The early stats of a warm `--cache` run (lib/cli/early-scan.ts, the
 * bundles in dist/ that bin/shootlint.js loads): its worker stats the cache's
 * files only when the run will read that cache, each file's stat is its own,
 * and `shootlint --cache` through bin/ reports exactly what the in-process run
 * without the early stats reports, after files were changed, added and
 * removed since the cache.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cacheFile, cachedPaths } from '../../lib/run/cache-file.ts';
import type { EarlyStats } from '../../lib/run/shared-stats.ts';
import { statOf } from '../../lib/run/shared-stats.ts';
import { walk } from '../../lib/run/walk.ts';
import { auditedShoot, auditPolicy } from '../run/manifests.ts';
import { runCli, tempTree } from './run-cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'shootlint.js');

type Start = (argv: readonly string[], cwd: string, env?: Record<string, string>) => EarlyStats | undefined;
const { startEarlyScan } = (await import(pathToFileURL(join(ROOT, 'dist', 'early-scan.mjs')).href)) as { startEarlyScan: Start };

function repo(): string {
  const files: Record<string, string> = {
    '.shootlint.yaml': 'strict: false\n',
    'shoots/prod.yaml': auditedShoot('prod', 'prod-audit-policy'),
    'shoots/dev.yaml': auditedShoot('dev', 'dev-audit-policy'),
    'policies/prod.yaml': auditPolicy('prod-audit-policy'),
    'policies/dev.yaml': auditPolicy('dev-audit-policy'),
  };
  // Enough files for the worker and the main thread to share the stats.
  for (let i = 0; i < 600; i++) files[`filler/cm-${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: garden-dev\n`;
  return tempTree(files);
}

function bin(cwd: string, argv: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the worker stats the cache\'s files only for a run that will read that cache, each as the file\'s own stat', async () => {
  const root = repo();
  const location = `${root}-cache/`;
  try {
    const argv = ['--cache-location', location, 'shoots/prod.yaml'];
    assert.is(startEarlyScan(['shoots/prod.yaml'], root), undefined, 'no cache asked for: no worker');
    assert.is(startEarlyScan(argv, root, { SHOOTLINT_EARLY_SCAN: '0' }), undefined, 'turned off');
    // Started before the cache exists (the worker finds none), asked after it is written.
    const before = startEarlyScan(argv, root)!;
    await new Promise((r) => setTimeout(r, 300));
    assert.is((await runCli(root, argv)).stderr, '');
    const cached = cachedPaths(cacheFile(root, root, location))!;
    assert.is(before(root, cached.checksum), undefined, 'no cache file when the worker looked');
    assert.is(cached.rels.length, 605);
    const stats = startEarlyScan(argv, root)!(root, cached.checksum);
    assert.ok(stats, 'stats once the cache exists');
    const paths = cached.rels.map((r) => join(root, r));
    assert.equal(paths.map((_, i) => statOf(stats, i, (j) => paths[j]!)), paths.map((p) => ({ size: statSync(p).size, mtimeMs: statSync(p).mtimeMs })));
    const once = startEarlyScan(argv, root)!;
    assert.is(once(root, 'another checksum'), undefined, 'a cache file other than the one read');
    assert.is(once(root, cached.checksum), undefined, 'taken once');
    assert.is(startEarlyScan(argv, root)!(join(root, 'shoots'), cached.checksum), undefined, 'another root');
    assert.is(startEarlyScan([...argv, '--no-workspace'], root)!(root, cached.checksum), undefined, '--no-workspace reads no cache');
    assert.is(startEarlyScan(['report', ...argv], root)!(root, cached.checksum), undefined, 'a command of its own');
    assert.is(startEarlyScan(['--cache', '--bogus-flag', 'shoots/prod.yaml'], root)!(root, cached.checksum), undefined, 'a command line the run rejects');
  } finally {
    rmSync(`${root}-cache`, { recursive: true, force: true });
  }
});

test('shootlint --cache through bin/ reports what the run without the early stats reports, after changes since the cache', async () => {
  const root = repo();
  const location = `${root}-cache/`;
  try {
    const argv = ['--format', 'json', '--cache-location', location, 'shoots/prod.yaml', 'policies/dev.yaml'];
    // An hour old: the cache trusts unchanged times (a time within its own window is re-hashed whatever the stats say).
    const old = new Date(Date.now() - 3_600_000);
    for (const f of walk(root).paths) utimesSync(f, old, old);
    const first = bin(root, argv);
    assert.is(first.stderr, '');
    assert.is(first.stdout, (await runCli(root, argv)).stdout);
    // Given files and others changed (the first run's files are old: only their stats tell what changed): the dev policy weakened (a finding at the given ConfigMap through
    // dev's Shoot); prod's policy, weakened, moved into a filler's file (not given: only its stat tells that
    // the file holds other objects now) and its old file removed; a new Shoot using the dev policy.
    writeFileSync(join(root, 'policies/dev.yaml'), auditPolicy('dev-audit-policy', 'None'));
    writeFileSync(join(root, 'filler/cm-7.yaml'), auditPolicy('prod-audit-policy', 'Metadata'));
    rmSync(join(root, 'policies/prod.yaml'));
    writeFileSync(join(root, 'shoots/qa.yaml'), auditedShoot('qa', 'dev-audit-policy'));
    const warm = bin(root, argv);
    const inProcess = await runCli(root, argv);
    assert.is(warm.stderr, '');
    assert.is(warm.stdout, inProcess.stdout);
    assert.is(warm.code, inProcess.code);
    // The changes were seen: both weakened policies where they are now, and the new Shoot that uses the dev one.
    const audit = (JSON.parse(warm.stdout) as { filePath: string; messages: { ruleId: string }[] }[])
      .filter((f) => f.messages.some((m) => m.ruleId === '242403'))
      .map((f) => f.filePath.slice(root.length + 1));
    assert.equal(audit, ['filler/cm-7.yaml', 'policies/dev.yaml']);
    assert.ok(warm.stdout.includes(join(root, 'shoots/qa.yaml')), 'the new Shoot is judged with the policy it uses');
  } finally {
    rmSync(`${root}-cache`, { recursive: true, force: true });
  }
});

test('a worker that fails to load costs the run its wait, not the run: no stats, no crash', async () => {
  const root = repo();
  const location = `${root}-cache/`;
  const dist = mkdtempSync(join(tmpdir(), 'shootlint-dist-'));
  try {
    const argv = ['--cache-location', location, 'shoots/prod.yaml'];
    assert.is((await runCli(root, argv)).stderr, '');
    copyFileSync(join(ROOT, 'dist', 'early-scan.mjs'), join(dist, 'early-scan.mjs'));
    writeFileSync(join(dist, 'scan-worker.cjs'), "throw new Error('a broken install');\n");
    const broken = (await import(pathToFileURL(join(dist, 'early-scan.mjs')).href)) as { startEarlyScan: Start };
    const stats = broken.startEarlyScan(argv, root)!;
    assert.is(stats(root, cachedPaths(cacheFile(root, root, location))!.checksum), undefined);
    // The worker's error event has been delivered by now, and handled.
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    rmSync(`${root}-cache`, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  }
});

test.run();
