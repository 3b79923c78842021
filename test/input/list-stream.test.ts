/**
 * The List scanners against the List read whole: whatever the chunk sizes,
 * the same items, each re-read from its byte range giving the same value as
 * the parse of the whole text, at the line and column the whole text has.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, stringify } from 'yaml';
import { LineIndex } from '../../lib/engine/positions.ts';
import { JsonListScanner } from '../../lib/input/json-list-scanner.ts';
import type { ListItem, ScanResult } from '../../lib/input/list-item.ts';
import { YamlListScanner } from '../../lib/input/yaml-list-scanner.ts';

type Scanner = typeof JsonListScanner | typeof YamlListScanner;

function scan(Kind: Scanner, bytes: Buffer, cuts: readonly number[]): { items: ListItem[]; result: ScanResult } {
  const items: ListItem[] = [];
  const s = new Kind((i) => items.push(i));
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    s.push(bytes.subarray(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  s.push(bytes.subarray(from));
  return { items, result: s.end() };
}

/** An item's text as the linter reads it: its `-` as a space, indented to its column. */
function itemText(bytes: Buffer, item: ListItem): string {
  const b = Buffer.from(bytes.subarray(item.start, item.end));
  if (item.dash !== undefined) b[item.dash - item.start] = 0x20;
  return ' '.repeat(item.at.column) + b.toString('utf8');
}

// Strings that stress a byte scanner: brackets, quotes, escapes, multi-byte characters (a 4-byte one too), line breaks.
const tricky = fc.string({ unit: fc.constantFrom('a', '{', '}', '[', ']', '"', '\\', ',', ':', ' ', 'é', '€', '😀', '\n', '\t', '#', '-', "'"), maxLength: 12 });
const itemValue = fc.record({
  apiVersion: fc.constantFrom('v1', 'core.gardener.cloud/v1beta1'),
  kind: fc.constantFrom('ConfigMap', 'Shoot'),
  metadata: fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), namespace: fc.constantFrom('garden-a', 'garden-b') }),
  data: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.oneof(tricky, fc.integer(), fc.array(tricky, { maxLength: 3 }), fc.constant(null)), { maxKeys: 4 }),
});
const listOf = fc.record({
  items: fc.array(itemValue, { maxLength: 8 }),
  indent: fc.constantFrom(0, 2, 4),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  kind: fc.constantFrom('List', 'ShootList'),
});

function jsonText(l: { items: unknown[]; indent: number; crlf: boolean; bom: boolean; kind: string }): string {
  const text = JSON.stringify({ apiVersion: 'v1', items: l.items, kind: l.kind, metadata: { resourceVersion: '' } }, null, l.indent);
  return (l.bom ? '\ufeff' : '') + (l.crlf ? text.replace(/\n/g, '\r\n') : text) + '\n';
}

function yamlText(l: { items: unknown[]; crlf: boolean; bom: boolean; kind: string }): string {
  const text = stringify({ apiVersion: 'v1', items: l.items, kind: l.kind, metadata: { resourceVersion: '' } }, { indentSeq: false, lineWidth: 0 });
  return (l.bom ? '\ufeff' : '') + (l.crlf ? text.replace(/\n/g, '\r\n') : text);
}

for (const [name, Kind, textOf] of [
  ['JSON', JsonListScanner, jsonText],
  ['YAML', YamlListScanner, yamlText],
] as const) {
  test(`${name}: any chunk boundaries give the items of the List read whole, at its positions`, () => {
    fc.assert(
      fc.property(listOf, fc.array(fc.nat(), { maxLength: 12 }), (l, cutSeeds) => {
        // YAML prints no items as `items: []`, a flow sequence the scanner leaves to the whole read.
        if (name === 'YAML' && l.items.length === 0) return;
        const text = textOf(l);
        const bytes = Buffer.from(text, 'utf8');
        const cuts = cutSeeds.map((c) => c % (bytes.length + 1));
        const whole = scan(Kind, bytes, []);
        const split = scan(Kind, bytes, cuts);
        assert.equal(split, whole);
        assert.ok(whole.result.list, 'a List');
        assert.equal(whole.result.error, undefined);
        assert.is(whole.items.length, l.items.length);
        const lines = new LineIndex(text, { skipBom: true });
        const expected = (parse(text) as { items: unknown[] }).items;
        for (const item of whole.items) {
          assert.equal(parse(itemText(bytes, item)), expected[item.index]);
          const start = Buffer.from(bytes.subarray(0, item.start)).toString('utf8').length;
          assert.is(item.at.unit, start);
          const { line, column } = lines.position(start);
          assert.equal([item.at.line, item.at.column + 1], [line, column]);
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });
}

test('JSON: items: [] and a List nested in an item', () => {
  const text = '{"apiVersion":"v1","kind":"List","items":[]}';
  assert.equal(scan(JsonListScanner, Buffer.from(text), []), { items: [], result: { list: true } });
  const nested = '{"apiVersion":"v1","items":[{"apiVersion":"v1","kind":"List","items":[{"kind":"ConfigMap"}]}],"kind":"List"}';
  const { items, result } = scan(JsonListScanner, Buffer.from(nested), []);
  assert.ok(result.list);
  assert.is(items.length, 1);
  assert.is(JSON.parse(itemText(Buffer.from(nested), items[0]!)).items[0].kind, 'ConfigMap');
});

test('JSON: a truncated stream is an error at its end, the items before it found; trailing text is an error at its place', () => {
  const full = jsonText({ items: [{ a: 1 }, { b: '}' }, { c: [1, 2] }], indent: 2, crlf: false, bom: false, kind: 'List' });
  const cut = full.indexOf('"c"');
  const { items, result } = scan(JsonListScanner, Buffer.from(full.slice(0, cut)), []);
  assert.is(items.length, 2);
  assert.ok(result.list);
  assert.match(result.error!.message, /ends inside/);
  const lines = new LineIndex(full);
  assert.equal([result.error!.at.line, result.error!.at.column + 1], Object.values(lines.position(cut)));
  const trailing = scan(JsonListScanner, Buffer.from(`${full}}x`), []);
  assert.is(trailing.items.length, 3);
  assert.match(trailing.result.error!.message, /unexpected/);
  assert.is(trailing.result.error!.at.byte, Buffer.byteLength(full));
});

test('not a List: another kind, a top-level array, YAML without items; a second YAML document declines', () => {
  assert.is(scan(JsonListScanner, Buffer.from('{"apiVersion":"v1","kind":"Shoot","items":[{}]}'), []).result.list, false);
  assert.is(scan(JsonListScanner, Buffer.from('[{"kind":"List"}]'), []).result.list, false);
  assert.is(scan(YamlListScanner, Buffer.from('apiVersion: v1\nkind: ConfigMap\n'), []).result.list, false);
  assert.is(scan(YamlListScanner, Buffer.from('apiVersion: v1\nkind: List\nitems:\n- a: 1\n---\nkind: Shoot\n'), []).result.list, false);
  assert.is(scan(YamlListScanner, Buffer.from('apiVersion: v1\nkind: List\nitems: []\n'), []).result.list, false);
});

test('YAML: items indented under items:, comments and blank lines inside items, block scalars', () => {
  const text = 'apiVersion: v1\nitems:\n  - a: 1\n    # a comment\n\n    b: |\n      x\n\n      - y\n  - c: 2\nkind: List\n';
  const { items, result } = scan(YamlListScanner, Buffer.from(text), []);
  assert.ok(result.list);
  assert.equal(items.map((i) => parse(itemText(Buffer.from(text), i))), [{ a: 1, b: 'x\n\n- y\n' }, { c: 2 }]);
});

test.run();
