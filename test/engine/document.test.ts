import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFile } from '../../lib/engine/document.ts';
import { locateIn } from '../../lib/engine/locate.ts';
import { LineIndex, formatPath } from '../../lib/engine/positions.ts';

const SHOOT = `apiVersion: core.gardener.cloud/v1beta1
kind: Shoot
metadata:
  name: a
  namespace: garden-x
spec:
  kubernetes:
`;

test('multi-document files, List items and JSON all yield objects', () => {
  const multi = parseFile({ path: 'm.yaml', text: `${SHOOT}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\njust: data\n` });
  assert.equal(multi.objects.map((o) => `${o.kind}/${o.name}`), ['Shoot/a', 'ConfigMap/c']);
  const list = parseFile({
    path: 'l.yaml',
    text: 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: core.gardener.cloud/v1beta1\n  kind: Shoot\n  metadata: {name: x}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: y}\n',
  });
  assert.equal(list.objects.map((o) => [o.name, o.objectPath]), [['x', ['items', 0]], ['y', ['items', 1]]]);
  const json = parseFile({ path: 'j.json', text: JSON.stringify({ apiVersion: 'core.gardener.cloud/v1beta1', kind: 'ShootList', items: [{ apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 'j' } }] }, null, 2) });
  assert.equal(json.objects.map((o) => o.name), ['j']);
});

test('null means absent: an empty key parses and the object survives', () => {
  const f = parseFile({ path: 's.yaml', text: SHOOT });
  assert.is(f.problems.length, 0);
  assert.equal((f.objects[0]!.value.spec as Record<string, unknown>).kubernetes, null);
});

test('parse errors carry a position and never throw', () => {
  const f = parseFile({ path: 'bad.yaml', text: 'a: b\n  c: [d\n' });
  assert.ok(f.problems.length > 0);
  assert.ok(f.problems[0]!.offset >= 0);
  const empty = parseFile({ path: 'e.yaml', text: '' });
  assert.equal([empty.objects.length, empty.problems.length], [0, 0]);
  const bin = parseFile({ path: 'b.yaml', text: 'abc\u0000def' });
  assert.match(bin.problems[0]!.message, /binary/);
});

test('an alias bomb is refused quickly', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
  const t0 = performance.now();
  const f = parseFile({ path: 'bomb.yaml', text });
  assert.ok(performance.now() - t0 < 5000);
  assert.is(f.objects.length, 0);
  assert.match(f.problems[0]!.message, /alias/i);
});

test('locate points at values, keys of collections, and the deepest ancestor of a missing path', () => {
  const text = `${SHOOT.replace('  kubernetes:\n', '')}  base: &b\n    enabled: true\n  provider:\n    <<: *b\n    workers:\n      - name: w1\n`;
  const f = parseFile({ path: 's.yaml', text });
  const o = f.objects[0]!;
  const at = (path: (string | number)[]): string => {
    const r = locateIn(o, path).range;
    return text.slice(r[0], r[1]);
  };
  assert.is(at(['metadata', 'name']), 'a');
  assert.is(at(['spec', 'provider']), 'provider');
  assert.is(at(['spec', 'provider', 'enabled']), 'true');
  assert.is(at(['spec', 'provider', 'workersSettings', 'sshAccess']), 'provider');
  assert.is(at(['spec', 'provider', 'workers', 0, 'kubernetes']), 'name');
  assert.is(locateIn(o, ['spec', 'provider', 'workersSettings']).found, false);
});

test('line index: CRLF, UTF-16 columns, path rendering', () => {
  const idx = new LineIndex('a: 1\r\nb: "😀" x\r\n');
  assert.equal(idx.position(6), { line: 2, column: 1 });
  assert.equal(idx.position(14), { line: 2, column: 9 });
  assert.is(formatPath(['spec', 'provider', 'workers', 1, 'kubernetes']), 'spec.provider.workers[1].kubernetes');
  assert.is(formatPath(['metadata', 'annotations', 'a.b/c']), 'metadata.annotations["a.b/c"]');
});

test.run();
