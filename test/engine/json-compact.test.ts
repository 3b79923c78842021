/**
 * The JSON reader (lib/engine/json-compact.ts) reads what the `yaml` library
 * reads, value and location of every path, key or value: on the items of a
 * JSON List as kubectl prints them, on generated JSON with tricky strings and
 * numbers, and it leaves what is not plain JSON to the library.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jsonCompact } from '../../lib/engine/json-compact.ts';
import { quickAgreesWithLibrary } from '../helpers/same-parse.ts';

const shoot = {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'Shoot',
  metadata: { name: 'a', namespace: 'garden-dev', labels: { 'x/y': 'z' }, annotations: { note: 'line 1\nline "2" \\ é 😀' } },
  spec: { kubernetes: { version: '1.30.1', kubeAPIServer: { enableAnonymousAuthentication: true } }, provider: { workers: [{ name: 'w', minimum: 1, maximum: 1.5e3 }, { name: 'v', machine: null }] }, empty: {}, none: [] },
};

test('kubectl JSON (4-space indented, as an item of a List: indented to its column) reads as the library reads it', () => {
  for (const text of [JSON.stringify(shoot, null, 4), `        ${JSON.stringify(shoot, null, 4).split('\n').join('\n        ')}`, JSON.stringify(shoot), `\ufeff${JSON.stringify(shoot, null, 2)}\n`]) {
    assert.ok(jsonCompact(text), 'read');
    assert.ok(quickAgreesWithLibrary({ path: 'x.json', text }, jsonCompact));
  }
});

const scalar = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', '"', '\\', '/', '\n', 'é', '😀', ' ', ':', '#', '{', '-', '\u0001'), maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('v'), { maxKeys: 3 })),
})).v;

test('generated JSON objects: read as the library reads them, or left to it', () => {
  let read = 0;
  fc.assert(
    fc.property(fc.dictionary(fc.string({ maxLength: 6 }), value, { maxKeys: 4 }), fc.constantFrom(0, 2, 4), (obj, indent) => {
      const text = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'n' }, data: obj }, null, indent);
      if (quickAgreesWithLibrary({ path: 'x.json', text }, jsonCompact)) read++;
    }),
    { numRuns: 400, seed: 7 },
  );
  assert.ok(read > 300, `read ${read} of 400`);
});

test('not plain JSON: left to the library', () => {
  for (const text of ['{"a": 1, "a": 2}', '{"a":\t1}', '{"a": 1}\r\n', "{'a': 1}", '{"a": 1} x', '[1]', '{"<<": {}}', '{"a": 01}', '{"a": 1,}', `{"${'k'.repeat(1100)}": 1}`]) {
    assert.is(jsonCompact(text), undefined, text);
  }
});

test.run();
