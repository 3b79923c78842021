import { parseDocument } from 'yaml';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toValue } from '../../lib/engine/value.ts';

const value = (text: string): unknown => {
  const doc = parseDocument(text, { merge: true });
  return toValue(doc, doc.contents);
};

test('scalars, nulls, sequences and non-string keys read as the API server reads them', () => {
  assert.equal(value('a: 1\nb: true\nc:\nd: [x, ~]\n1: one\n'), { 1: 'one', a: 1, b: true, c: null, d: ['x', null] });
});

test('merge keys: written keys win, earlier sources win over later ones', () => {
  const v = value('x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  b: 0\n  <<: [*x, *y]\n') as Record<string, Record<string, number>>;
  assert.equal(v.z, { b: 0, a: 1, c: 2 });
});

test('a __proto__ key is data, not the prototype', () => {
  const v = value('__proto__: {polluted: true}\n') as Record<string, unknown>;
  assert.is(Object.getPrototypeOf(v), Object.prototype);
  assert.is((v as { polluted?: unknown }).polluted, undefined);
  assert.equal(Object.keys(v), ['__proto__']);
});

test('aliases expand; an alias bomb throws instead of exhausting memory', () => {
  assert.equal(value('a: &a [1, 2]\nb: *a\n'), { a: [1, 2], b: [1, 2] });
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  assert.throws(() => value(`${lines.join('\n')}\n`), /aliases expand/);
});

test.run();
