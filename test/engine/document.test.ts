import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFile, parseWithLibrary } from '../../lib/engine/document.ts';
import { embeddedYaml } from '../../lib/engine/embedded.ts';
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

test('a leading byte order mark: both parsers skip it, offsets stay the file\'s, line 1 counts columns after it', () => {
  const text = `\ufeff${SHOOT}`;
  for (const parse of [parseFile, parseWithLibrary]) {
    const f = parse({ path: 'bom.yaml', text });
    assert.equal(f.problems, [], parse.name);
    assert.equal(f.objects.map((o) => o.name), ['a'], parse.name);
    const r = locateIn(f.objects[0]!, ['apiVersion'], { key: true }).range;
    assert.equal(r, [1, 11], parse.name);
    assert.equal(f.lines.span(r[0], r[1]), { offset: 1, endOffset: 11, line: 1, column: 1, endLine: 1, endColumn: 11 }, parse.name);
    const name = locateIn(f.objects[0]!, ['metadata', 'name']).range;
    assert.is(f.lines.position(name[0]).column, 9);
  }
  // The library read the file with a BOM before it was read for a space, which indented line 1.
  assert.equal(parseWithLibrary({ path: 'flow.yaml', text: '\ufeff{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}}' }).objects.map((o) => o.name), ['j']);
});

test('collections nested beyond the bound are a parse problem, not composed; the bound itself is read', () => {
  const deep = (n: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: ${'['.repeat(n)}${']'.repeat(n)}\n`;
  const ok = parseFile({ path: 'ok.yaml', text: deep(255) });
  assert.equal([ok.problems, ok.objects.length], [[], 1]);
  const f = parseFile({ path: 'deep.yaml', text: `${deep(20000)}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: next}\n` });
  assert.equal(f.problems.map((p) => [p.message, f.lines.position(p.offset)]), [['collections nested deeper than 256 levels; this document is not read', { line: 4, column: 262 }]]);
  assert.equal(f.objects.map((o) => o.name), ['next']);
  const block = parseFile({ path: 'seq.yaml', text: `${'- '.repeat(300)}x\n` });
  assert.match(block.problems[0]!.message, /nested deeper than 256/);
  // And inside an embedded document.
  const cm = parseFile({ path: 'cm.yaml', text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p}\ndata:\n  policy: |\n    rules: ${'['.repeat(3000)}\n` });
  const e = embeddedYaml(cm.objects[0]!, ['data', 'policy']);
  assert.match(e!.problems[0]!.message, /nested deeper than 256/);
  assert.is(cm.lines.position(e!.problems[0]!.range[0]).line, 6);
});

test('line index: CRLF, UTF-16 columns, path rendering', () => {
  const idx = new LineIndex('a: 1\r\nb: "😀" x\r\n');
  assert.equal(idx.position(6), { line: 2, column: 1 });
  assert.equal(idx.position(14), { line: 2, column: 9 });
  assert.is(formatPath(['spec', 'provider', 'workers', 1, 'kubernetes']), 'spec.provider.workers[1].kubernetes');
  assert.is(formatPath(['metadata', 'annotations', 'a.b/c']), 'metadata.annotations["a.b/c"]');
});

test.run();
