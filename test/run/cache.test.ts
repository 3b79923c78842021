/**
 * The index cache (`--cache`): reused file by file when nothing changed; a
 * changed file, a changed configuration and a new shootlint version each
 * invalidate; a truncated or malformed cache is ignored without a crash.
 */
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readCache, writeCache } from '../../lib/run/cache.ts';
import { cacheFile, cachedPaths } from '../../lib/run/cache-file.ts';
import { contentHash, RepoIndex } from '../../lib/run/repo-index.ts';
import { runCli, tempTree } from '../cli/run-cli.ts';
import { auditedShoot, auditPolicy } from './manifests.ts';

const KEY = { version: '1.0.0', config: 'cfg-a' };

/** Sets a file's times an hour back, so the cache trusts them (a fresh time is re-hashed). */
function age(path: string): void {
  const t = new Date(Date.now() - 3_600_000);
  utimesSync(path, t, t);
}

function tree(): string {
  const root = tempTree({
    'shoots/prod.yaml': auditedShoot('prod', 'prod-audit-policy'),
    'policies/prod.yaml': auditPolicy('prod-audit-policy'),
  });
  age(join(root, 'shoots/prod.yaml'));
  age(join(root, 'policies/prod.yaml'));
  return root;
}

function cachedBuild(root: string, file: string, key = KEY): RepoIndex {
  const cached = readCache(file, root, key);
  const started = Date.now();
  const index = RepoIndex.build({ root, hash: true, ...(cached ? { stored: cached } : {}) });
  writeCache(file, index, key, started);
  return index;
}

test('an unchanged workspace is read from the cache; a changed file alone is read again', () => {
  const root = tree();
  const file = `${root}-cache/index.json`;
  try {
    assert.equal(cachedBuild(root, file).stats, { files: 2, read: 2, reused: 0, parsed: 0 });
    assert.equal(cachedBuild(root, file).stats, { files: 2, read: 0, reused: 2, parsed: 0 });
    const policy = join(root, 'policies/prod.yaml');
    writeFileSync(policy, auditPolicy('renamed-policy'));
    age(policy);
    const changed = cachedBuild(root, file);
    assert.equal(changed.stats, { files: 2, read: 1, reused: 1, parsed: 0 });
    assert.equal(changed.find('ConfigMap', 'renamed-policy', 'garden-dev').length, 1);
    assert.equal(changed.find('ConfigMap', 'prod-audit-policy', 'garden-dev').length, 0);
    // Same size and time, different content: only a time in the cache's own window is re-hashed, so a
    // file touched back to its old time but changed is the one case the key does not see; a changed
    // time with the same content is re-hashed and reused.
    utimesSync(policy, new Date(), new Date(Date.now() - 1_800_000));
    assert.equal(cachedBuild(root, file).stats, { files: 2, read: 1, reused: 2, parsed: 0 });
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(`${root}-cache`, { recursive: true, force: true });
  }
});

test('an index reused from the cache answers as one built from the files', () => {
  const root = tempTree({
    'shoots/prod.yaml': auditedShoot('prod', 'prod-audit-policy'),
    'shoots/dev.yaml': auditedShoot('dev', 'prod-audit-policy'),
    'policies/prod.yaml': auditPolicy('prod-audit-policy'),
    'policies/two.yaml': `${auditPolicy('a')}\n---\n${auditPolicy('b')}`,
  });
  for (const f of ['shoots/prod.yaml', 'shoots/dev.yaml', 'policies/prod.yaml', 'policies/two.yaml']) age(join(root, f));
  const file = `${root}-index.json`;
  try {
    const fresh = RepoIndex.build({ root, hash: true });
    cachedBuild(root, file);
    const reused = cachedBuild(root, file);
    assert.is(reused.stats.reused, 4);
    const paths = (xs: { file: { path: string } }[]): string[] => xs.map((x) => x.file.path);
    const policy = { kind: 'ConfigMap', name: 'prod-audit-policy', namespace: 'garden-dev' };
    assert.equal(paths(reused.referrers(policy)), paths(fresh.referrers(policy)));
    assert.is(reused.referrers(policy).length, 2);
    assert.equal(paths(reused.find('ConfigMap', 'b', 'garden-dev')), [join(root, 'policies/two.yaml')]);
    assert.equal(reused.find('ConfigMap', 'b', 'garden-other'), []);
    assert.equal(reused.pathsOfKind('core.gardener.cloud/v1beta1', 'Shoot', join(root, 'shoots')).sort(), fresh.pathsOfKind('core.gardener.cloud/v1beta1', 'Shoot', join(root, 'shoots')).sort());
    assert.equal([...reused.files()].map((f) => f.path).sort(), [...fresh.files()].map((f) => f.path).sort());
    // A file replaced in the index no longer answers from the cache.
    reused.setText(join(root, 'shoots/dev.yaml'), auditedShoot('dev', 'other-policy'));
    assert.equal(paths(reused.referrers(policy)), [join(root, 'shoots/prod.yaml')]);
    assert.is(reused.size, 4);
    reused.delete(join(root, 'policies/two.yaml'));
    assert.equal(reused.find('ConfigMap', 'b', 'garden-dev'), []);
    assert.is(reused.size, 3);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
});

test('a changed configuration or a new shootlint version invalidates the cache', () => {
  const root = tree();
  const file = `${root}-index.json`;
  try {
    cachedBuild(root, file);
    assert.ok(readCache(file, root, KEY));
    assert.is(readCache(file, root, { ...KEY, config: 'cfg-b' }), undefined);
    assert.is(readCache(file, root, { ...KEY, version: '1.0.1' }), undefined);
    assert.is(readCache(file, join(root, 'shoots'), KEY), undefined, 'another root');
    assert.equal(cachedBuild(root, file, { ...KEY, version: '1.0.1' }).stats.reused, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
});

test('cachedPaths: the rows\' paths, root and checksum as the cache holds them, with a header longer than its first read', () => {
  // 300 namespaces of 300 characters: a string table of about 90 KB in the header.
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) files[`cm/${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: ns-${'x'.repeat(300)}-${i}\n`;
  for (const [label, tree] of [['short header', { 'a.yaml': auditPolicy('a'), 'b/c.yaml': auditPolicy('c') }], ['long header', files]] as const) {
    const root = tempTree(tree);
    const file = `${root}-index.json`;
    try {
      cachedBuild(root, file);
      const stored = readCache(file, root, KEY)!;
      const got = cachedPaths(file)!;
      assert.ok(got, label);
      assert.is(got.root, root, label);
      assert.is(got.checksum, stored.checksum, label);
      assert.equal(got.rels, Array.from({ length: stored.rows }, (_, r) => stored.rel(r)), label);
      const full = readFileSync(file);
      if (label === 'long header') assert.ok(full.indexOf(10, full.indexOf(10) + 1) > 1 << 16, 'the header passes the first read');
      writeFileSync(file, full.subarray(0, full.length - 1));
      assert.is(cachedPaths(file), undefined, `${label}: truncated`);
    } finally {
      rmSync(file, { force: true });
    }
  }
});

/** The cache file's parts: its header (JSON) and the bytes after it. */
function parts(file: string): { head: Record<string, unknown>; body: Buffer } {
  const buf = readFileSync(file);
  const first = buf.indexOf(10);
  const second = buf.indexOf(10, first + 1);
  return { head: JSON.parse(buf.toString('utf8', first + 1, second)) as Record<string, unknown>, body: buf.subarray(second + 1) };
}

/** Writes a cache file from a header and sections with a correct checksum (a file the writer never wrote). */
function forge(file: string, head: Record<string, unknown>, body: Buffer): void {
  const rest = Buffer.concat([Buffer.from(`${JSON.stringify(head)}\n`), body]);
  writeFileSync(file, Buffer.concat([Buffer.from(`shootlint-index 4 ${contentHash(rest)}\n`), rest]));
}

test('a truncated, altered or inconsistent cache is ignored and rewritten', () => {
  const root = tree();
  const file = `${root}-index.json`;
  try {
    cachedBuild(root, file);
    const full = readFileSync(file);
    assert.ok(readCache(file, root, KEY));
    writeFileSync(file, full.subarray(0, Math.floor(full.length / 2)));
    assert.is(readCache(file, root, KEY), undefined, 'truncated');
    const flipped = Buffer.from(full);
    flipped[flipped.length - 3] ^= 1;
    writeFileSync(file, flipped);
    assert.is(readCache(file, root, KEY), undefined, 'one bit changed');
    writeFileSync(file, full);
    const { head, body } = parts(file);
    // With a checksum that matches: each part is still checked against the others.
    forge(file, head, body);
    assert.ok(readCache(file, root, KEY), 'the forged copy of a good file is good');
    forge(file, { ...head, rows: 3 }, body);
    assert.is(readCache(file, root, KEY), undefined, 'a row count the sections do not hold');
    const outOfRange = Buffer.from(body);
    outOfRange.writeUInt32LE(7, outOfRange.length - 4); // the last row number of the last table
    forge(file, head, outOfRange);
    assert.is(readCache(file, root, KEY), undefined, 'a table naming a row that does not exist');
    forge(file, { ...head, strings: [42] }, body);
    assert.is(readCache(file, root, KEY), undefined, 'a wrong type in the header');
    const rels = body.toString('utf8', 0, (head.lengths as number[])[0]);
    const outside = rels.replace('policies/prod.yaml', '../policies/p.yaml');
    assert.is(outside.length, rels.length);
    forge(file, head, Buffer.concat([Buffer.from(outside), body.subarray(rels.length)]));
    assert.is(readCache(file, root, KEY), undefined, 'a path outside the root');
    writeFileSync(file, '\u0000\u0001 not a cache');
    assert.is(readCache(file, root, KEY), undefined);
    assert.equal(cachedBuild(root, file).stats.read, 2);
    assert.ok(readCache(file, root, KEY), 'rewritten');
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
});

test('shootlint --cache: results as without it, a truncated cache file changes nothing; the config is part of the key', async () => {
  const root = tree();
  writeFileSync(join(root, '.shootlint.yaml'), 'strict: false\n');
  const location = join(root, '.cache') + '/';
  try {
    const args = ['--format', 'json', '--rule', '242403', '--cache-location', location, 'shoots/prod.yaml'];
    const plain = await runCli(root, ['--format', 'json', '--rule', '242403', 'shoots/prod.yaml']);
    const first = await runCli(root, args);
    assert.is(first.code, 0, first.stderr);
    assert.is(first.stdout, plain.stdout);
    const file = cacheFile(root, root, location);
    assert.ok(statSync(file).size > 0, 'the cache was written');
    writeFileSync(file, readFileSync(file).subarray(0, 40));
    const second = await runCli(root, args);
    assert.is(second.code, 0, second.stderr);
    assert.is(second.stdout, plain.stdout);
    assert.is(second.stderr, '');
    const before = parts(file).head;
    writeFileSync(join(root, '.shootlint.yaml'), 'strict: true\n');
    await runCli(root, args);
    assert.is.not(parts(file).head.config, before.config, 'a new configuration writes a new key');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('shootlint --cache: a few files changed since the cache are read again on every run, without rewriting it', async () => {
  // 200 unrelated ConfigMaps: a change to three files is not worth rewriting this cache (lib/run/cache.ts worthWriting).
  const fillers: Record<string, string> = {};
  for (let i = 0; i < 200; i++) fillers[`filler/cm-${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: garden-dev\n`;
  const root = tempTree({
    ...fillers,
    'shoots/prod.yaml': auditedShoot('prod', 'prod-audit-policy'),
    'shoots/dev.yaml': auditedShoot('dev', 'dev-audit-policy'),
    'policies/prod.yaml': auditPolicy('prod-audit-policy'),
  });
  for (const f of [...Object.keys(fillers), 'shoots/prod.yaml', 'shoots/dev.yaml', 'policies/prod.yaml']) age(join(root, f));
  mkdirSync(join(root, '.git')); // the workspace root
  const location = `${root}-cache/`;
  const file = cacheFile(root, root, location);
  const given = ['shoots/dev.yaml', 'shoots/prod.yaml'];
  const plain = async (): Promise<string> => (await runCli(root, ['--format', 'json', '--no-config', '--rule', '242403', ...given])).stdout;
  /** Two cached runs: each as the same run without the cache. */
  const cachedTwice = async (what: string): Promise<void> => {
    const expected = await plain();
    for (let i = 0; i < 2; i++) {
      const run = await runCli(root, ['--format', 'json', '--no-config', '--rule', '242403', '--cache-location', location, ...given]);
      assert.is(run.stderr, '');
      assert.is(run.stdout, expected, `${what}, run ${i + 1}`);
    }
  };
  const findings = (stdout: string): string[] => (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; severity: number }[] }[]).flatMap((f) => f.messages.map((m) => `${f.filePath.slice(root.length + 1)} ${m.ruleId} ${m.severity}`));
  try {
    await cachedTwice('first');
    const written = readFileSync(file);
    assert.equal(findings(await plain()), ['shoots/dev.yaml 242403 1'], 'dev: its policy is not in the repository (unverifiable)');
    // Edited in place, same size: the policy logs at Metadata now.
    const policy = join(root, 'policies/prod.yaml');
    const good = readFileSync(policy, 'utf8');
    let weak = auditPolicy('prod-audit-policy', 'Metadata');
    weak += `${'#'.repeat(good.length - weak.length - 1)}\n`;
    assert.is(weak.length, good.length);
    writeFileSync(policy, weak);
    assert.ok(findings(await plain()).includes('policies/prod.yaml 242403 2'), 'the weakened policy, reported in the ConfigMap');
    await cachedTwice('a file edited in place');
    // Added in a new folder: dev's policy is found.
    const added = join(root, 'new', 'deeper', 'dev.yaml');
    mkdirSync(dirname(added), { recursive: true });
    writeFileSync(added, auditPolicy('dev-audit-policy'));
    assert.not.ok(findings(await plain()).includes('shoots/dev.yaml 242403 1'));
    await cachedTwice('a file added in a new folder');
    // Deleted: prod's policy is gone (unverifiable).
    rmSync(policy);
    assert.ok(findings(await plain()).includes('shoots/prod.yaml 242403 1'));
    await cachedTwice('a file deleted');
    assert.ok(readFileSync(file).equals(written), 'the cache was not written again');
    // Once many files changed, it is.
    for (const f of Object.keys(fillers).slice(0, 20)) writeFileSync(join(root, f), `${readFileSync(join(root, f), 'utf8')}# changed\n`);
    await cachedTwice('many files changed');
    assert.not.ok(readFileSync(file).equals(written), 'the cache was written again');
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(`${root}-cache`, { recursive: true, force: true });
  }
});

test.run();
