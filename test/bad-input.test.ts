/** The built CLI against hostile and broken input: clear messages, no stack traces, other files still linted. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'shootlint.js');
const INSECURE = readFileSync(join(ROOT, 'test', 'fixtures', 'rules', '242395', 'enabled.yaml'), 'utf8');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function shootlint(args: string[], cwd: string, input?: string): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, '--no-config', '--no-color', ...args], { cwd, encoding: 'utf8', input: input ?? '', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}

function noStack(r: Run): void {
  assert.not.match(r.stdout + r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
}

const dir = mkdtempSync(join(tmpdir(), 'shootlint-bad-'));

test('a broken file is reported with its position and the others are still linted', () => {
  const d = join(dir, 'broken');
  mkdirSync(d);
  writeFileSync(join(d, 'a-broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\ndata: [unclosed\n');
  writeFileSync(join(d, 'b-shoot.yaml'), INSECURE);
  writeFileSync(join(d, 'c-empty.yaml'), '');
  writeFileSync(join(d, 'd-binary.yaml'), Buffer.from([0x61, 0x3a, 0x00, 0xff, 0x10]));
  const r = shootlint(['-f', 'json', d], dir);
  noStack(r);
  assert.is(r.status, 1);
  const out = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[];
  const by = (name: string) => out.find((f) => f.filePath.endsWith(name))!;
  assert.is(by('a-broken.yaml').messages[0]!.ruleId, 'parse-error');
  assert.ok(by('a-broken.yaml').messages[0]!.line >= 3);
  assert.ok(by('b-shoot.yaml').messages.some((m) => m.ruleId === '242395'));
  assert.is(by('c-empty.yaml').messages.length, 0);
  assert.match(by('d-binary.yaml').messages[0]!.message, /binary/);
});

test('a file over the size limit is refused quickly with a clear message', () => {
  const d = join(dir, 'big');
  mkdirSync(d);
  const line = 'key: value value value value value value value value value value value value\n';
  writeFileSync(join(d, 'big.yaml'), line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
  writeFileSync(join(d, 'shoot.yaml'), INSECURE);
  const r = shootlint([d], dir);
  noStack(r);
  assert.is(r.status, 1);
  assert.match(r.stdout, /big\.yaml[\s\S]*MiB, over the 10 MiB limit/);
  assert.match(r.stdout, /242395/);
  assert.ok(r.ms < 20_000, `took ${r.ms} ms`);
});

test('symbolic link loops and dangling links end with a message', () => {
  const d = join(dir, 'links');
  mkdirSync(d);
  symlinkSync('.', join(d, 'self'));
  symlinkSync(join(d, 'b.yaml'), join(d, 'a.yaml'));
  symlinkSync(join(d, 'a.yaml'), join(d, 'b.yaml'));
  symlinkSync(join(d, 'nowhere.yaml'), join(d, 'dangling.yaml'));
  writeFileSync(join(d, 'shoot.yaml'), INSECURE);
  const r = shootlint([d], dir);
  noStack(r);
  assert.is(r.status, 1);
  assert.match(r.stdout, /a\.yaml[\s\S]*link/);
  assert.match(r.stdout, /dangling\.yaml[\s\S]*link/);
  assert.is(r.stdout.match(/242395/g)?.length, 1, 'the real file once, not once per loop');
});

test('an unreadable file is reported', () => {
  const d = join(dir, 'private');
  mkdirSync(d);
  chmodSync(dir, 0o755);
  chmodSync(d, 0o755);
  writeFileSync(join(d, 'secret.yaml'), INSECURE);
  chmodSync(join(d, 'secret.yaml'), 0o000);
  writeFileSync(join(d, 'shoot.yaml'), INSECURE);
  chmodSync(join(d, 'shoot.yaml'), 0o644);
  // root reads every file: run as an unprivileged user then.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const r = spawnSync(process.execPath, [BIN, '--no-config', '--no-color', d], { cwd: d, encoding: 'utf8', timeout: 60_000, ...asUser });
  noStack({ status: r.status, stdout: r.stdout, stderr: r.stderr, ms: 0 });
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stdout, /secret\.yaml\n\s+1:1\s+error\s+cannot read file: permission denied/);
  assert.match(r.stdout, /shoot\.yaml[\s\S]*242395/);
});

test('standard input with --stdin-filename, and kubectl List JSON', () => {
  const r = shootlint(['-', '--stdin-filename', 'shoots/prod.yaml'], dir, INSECURE);
  assert.is(r.status, 1);
  assert.match(r.stdout, /^shoots\/prod\.yaml$/m);
  const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 'l' }, spec: { addons: { kubernetesDashboard: { enabled: true } } } }] });
  const j = shootlint(['-f', 'json', '-'], dir, list);
  const out = JSON.parse(j.stdout) as { messages: { ruleId: string; object: { name: string } }[] }[];
  assert.ok(out[0]!.messages.some((m) => m.ruleId === '242395' && m.object.name === 'l'));
});

test('usage errors exit 2 without a stack trace', () => {
  for (const args of [['--format', 'nope', 'x.yaml'], ['--stig-release', 'V9', 'x.yaml'], ['--disable', 'no-such-rule', 'x.yaml'], []]) {
    const r = shootlint(args, dir);
    assert.is(r.status, 2, args.join(' '));
    noStack(r);
    assert.match(r.stderr, /^shootlint: /);
  }
  const missing = shootlint([join(dir, 'does-not-exist')], dir);
  assert.is(missing.status, 2);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
