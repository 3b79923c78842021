/**
 * indentedJson (lib/run/sink.ts): every JSON document a format or the report
 * writes element by element indents each element's text the way
 * JSON.stringify(whole, null, 2) would; cut out of nested arrays, it must be
 * the same text as indenting JSON.stringify's lines one by one.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { indentedJson } from '../../lib/run/sink.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const fixture = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/results.json'), 'utf8')) as { files: unknown[]; results: unknown[] };

const byLines = (value: unknown, indent: string): string => JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);

const values: unknown[] = [
  0, -1.5, 'a string', 'two\nlines "quoted" \u2028 é 🙂', true, null, [], {}, [[]], [{}], { a: [] }, { a: {} },
  { nested: { list: [1, [2, [3, { deep: 'x' }]]], empty: [], none: {} }, text: 'line\nbreak' },
  [1, 'two', { three: [3] }],
  { date: new Date(0) },
  ...fixture.files,
  ...fixture.results.slice(0, 50),
];

test('indentedJson: the text of JSON.stringify with its lines indented, at every indent a document uses', () => {
  for (const indent of ['', '  ', '    ', '      ', '        ', ' ', '   ', '\t']) {
    for (const v of values) assert.is(indentedJson(v, indent), byLines(v, indent), `${JSON.stringify(indent)}: ${JSON.stringify(v)?.slice(0, 60)}`);
  }
});
