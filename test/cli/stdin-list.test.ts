/**
 * A List on standard input larger than the file limit is linted item by item
 * (lib/input/stdin.ts, lib/run/stdin-list.ts): the same output as the List
 * read whole, references between items resolved across batches, a truncated
 * stream reported at its end with the items before it linted, and the file
 * checks (size, UTF-8) on standard input.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { runCli, tempTree } from './run-cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'shootlint.js');
/** 1 MiB: each List below is over it (its Shoots carry a long annotation), each of its items under it. */
const LIMIT = ['--max-file-size', '1'];
const WHOLE = ['--max-file-size', '100'];
const PADDING = 'p'.repeat(4000);

const POLICIES = ['Metadata', 'RequestResponse', 'None'];

function shoot(i: number, policy = `policy-${i % POLICIES.length}`): Record<string, unknown> {
  return {
    apiVersion: 'core.gardener.cloud/v1beta1',
    kind: 'Shoot',
    metadata: { name: `shoot-${i}`, namespace: i % 7 === 0 ? 'garden-ops' : 'garden-dev', annotations: { padding: PADDING } },
    spec: {
      addons: { kubernetesDashboard: { enabled: i % 3 === 0 } },
      kubernetes: { version: i % 4 === 0 ? '1.25.16' : '1.30.1', kubeAPIServer: { auditConfig: { auditPolicy: { configMapRef: { name: policy } } } } },
    },
  };
}

function configMap(i: number, namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `policy-${i}`, namespace },
    data: { policy: `apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: ${POLICIES[i]}\n` },
  };
}

/** 300 Shoots (more than a batch) referencing audit-policy ConfigMaps listed after all of them, and the reverse. */
function items(): Record<string, unknown>[] {
  const shoots = Array.from({ length: 300 }, (_, i) => shoot(i));
  const maps = POLICIES.flatMap((_, i) => [configMap(i, 'garden-dev'), configMap(i, 'garden-ops')]);
  return [maps[0]!, ...shoots, ...maps.slice(1)];
}

function listJson(values: unknown[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', items: values, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`;
}

function listYaml(values: unknown[]): string {
  return stringify({ apiVersion: 'v1', items: values, kind: 'List', metadata: { resourceVersion: '' } }, { indentSeq: false, lineWidth: 0 });
}

for (const [form, text] of [
  ['JSON', listJson(items())],
  ['YAML', listYaml(items())],
] as const) {
  test(`${form} List over the limit: the output of the List read whole, in every format, with and without the workspace`, async () => {
    const dir = tempTree({ 'other/configmap.yaml': stringify(configMap(0, 'garden-x')) });
    try {
      for (const format of ['json', 'stylish', 'sarif', 'gitlab', 'github', 'junit']) {
        for (const ws of ['json', 'stylish', 'sarif'].includes(format) ? [['--no-workspace'], []] : [[]]) {
          const args = ['--no-config', '--no-color', '-f', format, ...ws, '-'];
          const whole = await runCli(dir, [...WHOLE, ...args], { stdin: text });
          // SHOOTLINT_BATCH_ITEMS: items per batch (default 256, more than half the List).
          for (const batch of format === 'json' ? [undefined, '7'] : format === 'stylish' ? [undefined, '37'] : [undefined]) {
            const streamed = await runCli(dir, [...LIMIT, ...args], { stdin: text, env: batch ? { SHOOTLINT_BATCH_ITEMS: batch } : {} });
            assert.is(streamed.stderr, whole.stderr);
            assert.is(streamed.code, whole.code);
            assert.ok(streamed.stdout === whole.stdout, `${format} ${ws.join(' ')} batches of ${batch ?? 'default'}`);
          }
        }
      }
      const json = JSON.parse((await runCli(dir, [...LIMIT, '--no-config', '-f', 'json', '--no-workspace', '-'], { stdin: text })).stdout) as {
        messages: { ruleId: string; message: string; line: number; object?: { name: string } }[];
      }[];
      const messages = json[0]!.messages;
      assert.not.ok(messages.some((m) => m.ruleId === 'read-error' || m.ruleId === 'parse-error'));
      // The policy of the first ConfigMap item is judged for the Shoots after it, and the last items for the Shoots before them.
      const policyFindings = messages.filter((m) => m.ruleId === '242403' && m.object?.name.startsWith('policy-'));
      assert.ok(policyFindings.some((m) => m.object!.name === 'policy-0'), 'a policy listed first resolves');
      assert.not.ok(messages.some((m) => /not among the linted files|cannot be found|not found/.test(m.message) && m.ruleId === '242403'), 'every reference resolves');
      assert.ok(messages.some((m) => m.ruleId === '242395' && m.object?.name === 'shoot-297'), 'an item of the last batch is linted');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a workspace file the List affects sorts before standard input: it goes first, as for the List read whole', async () => {
  // Shoots of the List use garden-dev/common: a ConfigMap of the workspace (named before "<stdin>"), judged for them.
  const values = items().map((v, i) => (v.kind === 'Shoot' && i % 2 === 0 ? shoot(i, 'common') : v));
  const dir = tempTree({ '_common/policy.yaml': stringify({ ...configMap(0, 'garden-dev'), metadata: { name: 'common', namespace: 'garden-dev' } }) });
  try {
    for (const format of ['json', 'stylish']) {
      const args = ['--no-config', '--no-color', '-f', format, '-'];
      const whole = await runCli(dir, [...WHOLE, ...args], { stdin: listJson(values) });
      const streamed = await runCli(dir, [...LIMIT, ...args], { stdin: listJson(values), env: { SHOOTLINT_BATCH_ITEMS: '50' } });
      assert.is(streamed.code, whole.code);
      assert.ok(streamed.stdout === whole.stdout, format);
      if (format === 'json') assert.equal((JSON.parse(streamed.stdout) as { filePath: string }[]).map((f) => f.filePath), [join(dir, '_common/policy.yaml'), '<stdin>']);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a truncated List: a parse error where the input ends, the items before it linted at their places', async () => {
  const text = listJson(items());
  const cut = text.indexOf('"shoot-280"');
  const before = text.slice(0, cut);
  const r = await runCli(ROOT, [...LIMIT, '--no-config', '-f', 'json', '--no-workspace', '-'], { stdin: before });
  assert.is(r.code, 1);
  const messages = (JSON.parse(r.stdout) as { messages: { ruleId: string; message: string; line: number; column: number; object?: { name: string } }[] }[])[0]!.messages;
  const parse = messages.filter((m) => m.ruleId === 'parse-error');
  assert.is(parse.length, 1);
  const lines = before.split('\n');
  assert.equal([parse[0]!.line, parse[0]!.column], [lines.length, lines.at(-1)!.length + 1]);
  assert.match(parse[0]!.message, /ends inside/);
  // shoot-0 is item 1: its dashboard finding is at the line the whole List has it on.
  const dashboard = messages.find((m) => m.ruleId === '242395' && m.object?.name === 'shoot-0');
  assert.ok(dashboard);
  const whole = JSON.parse((await runCli(ROOT, [...WHOLE, '--no-config', '-f', 'json', '--no-workspace', '-'], { stdin: text })).stdout) as typeof r extends never ? never : { messages: { ruleId: string; line: number; column: number; object?: { name: string } }[] }[];
  const expected = whole[0]!.messages.find((m) => m.ruleId === '242395' && m.object?.name === 'shoot-0')!;
  assert.equal([dashboard.line, dashboard.column], [expected.line, expected.column]);
  assert.ok(messages.some((m) => m.object?.name === 'shoot-278'));
  assert.not.ok(messages.some((m) => m.object?.name === 'shoot-280'));
});

test('standard input over the limit that is not a List, or a List item over it: a read error, nothing linted', async () => {
  const big = `${'# padding\n'.repeat(110_000)}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n`;
  const r = await runCli(ROOT, [...LIMIT, '--no-config', '--no-workspace', '-'], { stdin: big });
  assert.is(r.code, 1);
  assert.match(r.stdout, /read-error/);
  assert.match(r.stdout, /standard input holds more than the 1 MiB limit \(--max-file-size\) outside the items of a List/);
  const hugeItem = listJson([shoot(1), { ...configMap(0, 'garden-dev'), data: { policy: 'x'.repeat(1_100_000) } }, shoot(2)]);
  const h = await runCli(ROOT, [...LIMIT, '--no-config', '--no-workspace', '-'], { stdin: hugeItem });
  assert.is(h.code, 1);
  assert.match(h.stdout, /item 1 of the List on standard input \(from byte \d+\) holds more than the 1 MiB limit/);
  assert.not.match(h.stdout + h.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
});

test('--fix reads standard input whole: a List over the limit is a read error, not split (and not fixed)', async () => {
  const r = await runCli(ROOT, [...LIMIT, '--no-config', '--no-workspace', '--fix', '-'], { stdin: listJson(items()) });
  assert.match(r.stdout + r.stderr, /standard input holds more than the 1 MiB limit \(--max-file-size\); this command reads it whole/);
});

test('standard input that is not UTF-8 warns at its first bad byte, read whole or item by item, as a file does', async () => {
  const text = listJson(items());
  const at = text.indexOf('shoot-42"');
  const bytes = Buffer.concat([Buffer.from(text.slice(0, at), 'utf8'), Buffer.from([0xff]), Buffer.from(text.slice(at), 'utf8')]);
  const dir = tempTree({});
  try {
    const file = join(dir, 'list.json');
    spawnSync('sh', ['-c', `cat > ${file}`], { input: bytes });
    const args = ['--no-config', '-f', 'json', '--no-workspace'];
    const fromFile = JSON.parse((await runCli(dir, [...WHOLE, ...args, 'list.json'])).stdout) as { messages: { ruleId: string }[] }[];
    const expected = fromFile[0]!.messages.find((m) => m.ruleId === 'non-utf8');
    assert.ok(expected);
    for (const limit of [WHOLE, LIMIT]) {
      // Chunks of 1000 bytes: the bad byte and multi-byte characters fall anywhere.
      const chunks = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) => bytes.subarray(i * 1000, (i + 1) * 1000));
      const r = JSON.parse((await runCli(dir, [...limit, ...args, '-'], { stdinChunks: chunks })).stdout) as { messages: { ruleId: string }[] }[];
      assert.equal(r[0]!.messages.filter((m) => m.ruleId === 'non-utf8'), [expected]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the built CLI reads a List from a pipe item by item: the output of the List read whole', () => {
  const text = listYaml(items());
  const run = (limit: string[]): { status: number | null; stdout: string; stderr: string } =>
    spawnSync(process.execPath, [BIN, ...limit, '--no-config', '--no-color', '--no-workspace', '-f', 'json', '-'], { cwd: ROOT, encoding: 'utf8', input: text, timeout: 60_000, maxBuffer: 1 << 28 });
  const whole = run(WHOLE);
  const streamed = run(LIMIT);
  assert.is(streamed.stderr, '');
  assert.is(streamed.status, 1);
  assert.is(streamed.stdout, whole.stdout);
});

test.run();
