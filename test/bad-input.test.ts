/** The built CLI against hostile and broken input: clear messages, no stack traces, other files still linted. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
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
  assert.is(r.stdout.match(/242395 no-dashboard$/gm)?.length, 1, 'the real file once, not once per loop');
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

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; severity: number; line: number; column: number; message: string }[];
}

function json(r: Run): JsonFile[] {
  return JSON.parse(r.stdout) as JsonFile[];
}

test('files linted together cannot abort the run: a tab-indented file, then collections nested 20,000 deep', () => {
  const d = join(dir, 'deep');
  mkdirSync(d);
  // Linted in this order, the library used to overflow the stack composing deep.yaml and node aborted (exit 134).
  writeFileSync(join(d, 'a-broken-indent.yaml'), 'apiVersion: core.gardener.cloud/v1beta1\nkind: Shoot\nmetadata:\n\tname: x\nspec: {}\n');
  writeFileSync(join(d, 'b-deep.yaml'), `a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
  writeFileSync(join(d, 'c-deep-block.yaml'), `${'- '.repeat(20000)}x\n`);
  writeFileSync(join(d, 'd-shoot.yaml'), INSECURE);
  const r = shootlint(['-f', 'json', d], dir);
  noStack(r);
  assert.is(r.status, 1, r.stderr);
  const out = json(r);
  const by = (name: string) => out.find((f) => f.filePath.endsWith(name))!;
  assert.equal(by('a-broken-indent.yaml').messages.map((m) => [m.ruleId, m.line]), [['parse-error', 4]]);
  assert.equal(by('b-deep.yaml').messages.map((m) => [m.ruleId, m.line, m.column]), [['parse-error', 1, 259]]);
  assert.match(by('b-deep.yaml').messages[0]!.message, /nested deeper than 256 levels/);
  assert.match(by('c-deep-block.yaml').messages[0]!.message, /nested deeper than 256 levels/);
  assert.ok(by('d-shoot.yaml').messages.some((m) => m.ruleId === '242395'));
});

test('nesting that costs the parser by the level is bounded before it parses: 9 MB of [ and of - in a ConfigMap, a Shoot beside them', () => {
  const d = join(dir, 'deep-huge');
  mkdirSync(d);
  // 9 MB of [ (under the 10 MiB file limit) used to run 48 s and abort the process out of memory (4.4 GB).
  writeFileSync(join(d, 'a-flow.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: f\ndata: ${'['.repeat(9_000_000)}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\n  namespace: kube-system\n`);
  writeFileSync(join(d, 'b-compact.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x:\n${'- '.repeat(4_500_000)}x\n`);
  writeFileSync(join(d, 'c-shoot.yaml'), INSECURE);
  const r = shootlint(['-f', 'json', d], dir);
  noStack(r);
  assert.is(r.status, 1, r.stderr);
  const out = json(r);
  const by = (name: string) => out.find((f) => f.filePath.endsWith(name))!;
  // The document after it is read: its ConfigMap in kube-system is judged.
  assert.equal(by('a-flow.yaml').messages.map((m) => [m.ruleId, m.line, m.column]), [['parse-error', 5, 262], ['242383', 11, 14]]);
  assert.match(by('a-flow.yaml').messages[0]!.message, /nested deeper than 256 levels/);
  assert.equal(by('b-compact.yaml').messages.map((m) => [m.ruleId, m.line]), [['parse-error', 7]]);
  assert.ok(by('c-shoot.yaml').messages.some((m) => m.ruleId === '242395'));
});

test('a kustomization of 9 MB of [ elsewhere in the repository costs a Shoot\'s run nothing (every kustomization is read to find those that use a given file)', () => {
  const d = join(dir, 'deep-kustomization');
  mkdirSync(join(d, 'overlay'), { recursive: true });
  mkdirSync(join(d, '.git'));
  // 2 MB of it took 26 s and 1.8 GB, 9 MB aborted the run.
  writeFileSync(join(d, 'overlay', 'kustomization.yaml'), `resources: ${'['.repeat(9_000_000)}\n`);
  writeFileSync(join(d, 'shoot.yaml'), INSECURE);
  const r = shootlint(['-f', 'json', 'shoot.yaml'], d);
  noStack(r);
  assert.is(r.status, 1, r.stderr);
  assert.ok(json(r)[0]!.messages.some((m) => m.ruleId === '242395'));
});

test('only regular files are read: a FIFO, a device and a socket get a message, the other files are linted', () => {
  const d = join(dir, 'special');
  mkdirSync(d);
  writeFileSync(join(d, 'shoot.yaml'), INSECURE);
  const fifo = join(d, 'pipe.yaml');
  const made = spawnSync('mkfifo', [fifo]);
  assert.is(made.status, 0, 'mkfifo');
  const sock = join(d, 'sock.yaml');
  const server = createServer().listen(sock);
  try {
    // A FIFO without a writer used to block forever, /dev/zero to grow without end.
    const r = shootlint(['-f', 'json', fifo, '/dev/zero', sock, join(d, 'shoot.yaml')], dir);
    noStack(r);
    assert.is(r.status, 1, r.stderr);
    const out = json(r);
    const by = (name: string) => out.find((f) => f.filePath.endsWith(name))!;
    assert.match(by('pipe.yaml').messages[0]!.message, /cannot read file: is a named pipe \(FIFO\), not a regular file; to lint a stream, pass -/);
    assert.match(by('/dev/zero').messages[0]!.message, /cannot read file: is a device, not a regular file/);
    assert.match(by('sock.yaml').messages[0]!.message, /cannot read file: is a socket, not a regular file/);
    assert.ok(by('shoot.yaml').messages.some((m) => m.ruleId === '242395'));
  } finally {
    server.close();
  }
  for (const config of ['/dev/zero', fifo]) {
    const c = spawnSync(process.execPath, [BIN, '--no-color', '--config', config, join(d, 'shoot.yaml')], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.is(c.status, 2, config);
    assert.match(c.stderr, /cannot read configuration: is (a device|a named pipe \(FIFO\)), not a regular file/);
    noStack({ status: c.status, stdout: c.stdout, stderr: c.stderr, ms: 0 });
  }
});

test('the size limit counts the bytes read: a file whose size the system does not know is refused once over it', () => {
  // /proc files say 0 bytes and hold more; they used to be read whole whatever the limit.
  if (!existsSync('/proc/cpuinfo')) {
    if (process.env.CI === 'true') assert.unreachable('/proc/cpuinfo is missing in CI');
    console.log('  skipped: no /proc/cpuinfo here');
    return;
  }
  const r = shootlint(['-f', 'json', '--max-file-size', '0', '/proc/cpuinfo'], dir);
  noStack(r);
  assert.is(r.status, 1, r.stderr);
  assert.match(json(r)[0]!.messages[0]!.message, /^file holds more than the 0 bytes limit \(--max-file-size\); not linted$/);
});

test('-o creates missing parent folders; an unwritable output path is an error without a stack trace', () => {
  const d = join(dir, 'out');
  mkdirSync(d);
  writeFileSync(join(d, 'shoot.yaml'), INSECURE);
  const r = shootlint(['-f', 'json', '-o', 'some/missing/dir/out.json', 'shoot.yaml'], d);
  noStack(r);
  assert.is(r.status, 1, r.stderr);
  assert.is(r.stdout, '');
  assert.ok(json({ ...r, stdout: readFileSync(join(d, 'some', 'missing', 'dir', 'out.json'), 'utf8') })[0]!.messages.length > 0);
  const bad = shootlint(['-o', 'shoot.yaml/out.txt', 'shoot.yaml'], d);
  noStack(bad);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /^shootlint: cannot write the output file shoot\.yaml\/out\.txt: a parent is not a directory$/m);
});

test('a file that is not valid UTF-8 gets a non-utf8 warning at its first bad byte, and is linted', () => {
  const d = join(dir, 'latin1');
  mkdirSync(d);
  // "Gärten" in Latin-1 in a comment on a last line, and a second bad byte after it.
  assert.ok(INSECURE.endsWith('\n'));
  const line = INSECURE.split('\n').length;
  writeFileSync(join(d, 'shoot.yaml'), Buffer.concat([Buffer.from(`${INSECURE}# G`), Buffer.from([0xe4]), Buffer.from('rten '), Buffer.from([0xff, 0x0a])]));
  const r = shootlint(['-f', 'json', join(d, 'shoot.yaml')], dir);
  noStack(r);
  assert.is(r.status, 1, r.stderr);
  const messages = json(r)[0]!.messages;
  const bad = messages.filter((m) => m.ruleId === 'non-utf8');
  assert.equal(bad.map((m) => [m.severity, m.line, m.column]), [[1, line, 4]]);
  assert.match(bad[0]!.message, new RegExp(`byte 0xE4 at ${line}:4`));
  assert.ok(messages.some((m) => m.ruleId === '242395'), 'still linted');
  const utf8 = shootlint(['-f', 'json', '-'], dir, INSECURE.replace(/\n/, '\n# Gärten\n'));
  assert.not.ok(json(utf8)[0]!.messages.some((m) => m.ruleId === 'non-utf8'));
});

test('a file starting with a byte order mark is read as without it, positions as editors show them', () => {
  const d = join(dir, 'bom');
  mkdirSync(d);
  writeFileSync(join(d, 'shoot.yaml'), `\ufeff${INSECURE}`);
  writeFileSync(join(d, 'anchors.yaml'), `\ufeff${INSECURE.replace('kind: Shoot', 'kind: &k Shoot')}`);
  const plain = json(shootlint(['-f', 'json', '-'], dir, INSECURE))[0]!.messages.map((m) => [m.ruleId, m.line, m.column]);
  for (const name of ['shoot.yaml', 'anchors.yaml']) {
    const r = shootlint(['-f', 'json', join(d, name)], dir);
    noStack(r);
    assert.equal(json(r)[0]!.messages.map((m) => [m.ruleId, m.line, m.column]), plain, name);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
