/**
 * The linear scan for documents nested too deeply (lib/engine/nesting-scan.ts)
 * finds flow and compact nesting where YAML opens collections, never inside
 * quoted scalars, comments, block scalars or plain scalars; and a text read
 * through it gives the same CST bound as the parse of the whole text, on
 * generated YAML around the quick parser's subset with a small bound.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { boundedTokens, composeBounded, parseBounded } from '../../lib/engine/nesting.ts';
import { blankedAfter, deepCuts } from '../../lib/engine/nesting-scan.ts';
import { yamlFile } from '../helpers/yaml-arbitrary.ts';

const MAX = 256;

test('flow and compact nesting beyond the bound: one cut per document, at the collection one level too many', () => {
  const flow = `apiVersion: v1\ndata: ${'['.repeat(300)}\n`;
  assert.equal(deepCuts(flow, MAX), [{ start: 0, at: flow.indexOf('[') + MAX, end: flow.length }]);
  const top = `${'{a: '.repeat(400)}\n`;
  assert.equal(deepCuts(top, MAX), [{ start: 0, at: MAX * 4, end: top.length }]);
  const compact = `${'- '.repeat(300)}x\n`;
  assert.equal(deepCuts(compact, MAX), [{ start: 0, at: MAX * 2, end: compact.length }]);
  const first = 'a: 1\n';
  const deep = `--- !!seq &x ${'['.repeat(MAX + 1)}\n  ${']'.repeat(MAX + 1)}\n`;
  const last = '---\nb: [2]\n';
  assert.equal(deepCuts(first + deep + last, MAX), [{ start: first.length, at: first.length + deep.indexOf('[') + MAX, end: first.length + deep.length }]);
  assert.equal(deepCuts(`a: ${'['.repeat(MAX)}${']'.repeat(MAX)}\nb: ${'[['.repeat(100)}${']]'.repeat(100)}\n`, MAX), [], 'the bound itself, and closed collections');
});

test('no cut where brackets are not collections: quoted, commented, block and plain scalars', () => {
  const many = '['.repeat(600);
  const texts = [
    `a: "${many}"\n`,
    `a: '${many}''${many}'\n`,
    `a: "x\\"${many}"\n`,
    `a: 1 # ${many}\n`,
    `# ${many}\n`,
    `script: |\n  ${many}\n  ${many}\n\n  ${many}\nnext: 1\n`,
    `- >-\n   ${many}\n`,
    `--- |\n${many}\n${many}\n`,
    `a: x${many}\n`,
    `a:${many}\n`,
    `a: b ${many}\n`,
    `[${'"]", '.repeat(300)}]\n`,
    `{"a": "${many}", "b": ['${many}']}\n`,
  ];
  for (const text of texts) assert.equal(deepCuts(text, MAX), [], text.slice(0, 40));
});

test('a blanked document keeps every offset: spaces in place of its text after the cut, newlines kept', () => {
  const text = 'a\nxxxxxxxxxx\nyy\n\nz';
  assert.is(blankedAfter(text, [{ start: 0, at: 3, end: 16 }]), 'a\nxx        \n  \n\nz');
  assert.is(blankedAfter(text, [{ start: 0, at: 0, end: text.length }]), 'a\n          \n  \n\n ');
});

test('a file of 9 MB of [ is bounded without parsing it: one problem, and the document after it is read', () => {
  const text = `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(9_000_000)}\n---\nb: 1\n`;
  const bounded = boundedTokens(text);
  assert.equal(bounded.tooDeep, [text.indexOf('[') + MAX - 1]);
  const docs = bounded.tokens.filter((t) => t.type === 'document');
  assert.is(docs.length, 2);
  assert.ok(bounded.tokens.every((t) => !('source' in t) || typeof t.source !== 'string' || !t.source.includes('['.repeat(MAX + 1))), 'the parser saw no more than the prefix');
});

test('composeBounded: one document per document of the text, the deep one composed empty and named by its index', () => {
  const text = `a: 1\n---\nb: ${'['.repeat(300)}${']'.repeat(300)}\n---\nc: 3\n`;
  const { docs, tooDeep, deepDocuments } = composeBounded(text, { uniqueKeys: false });
  assert.equal(docs.map((d) => d.toJS() as unknown), [{ a: 1 }, null, { c: 3 }]);
  assert.equal(deepDocuments, [1]);
  assert.equal(tooDeep, [text.indexOf('[') + MAX - 1]);
});

test('generated YAML: the scan with a small bound gives the CST bound of the whole parse', () => {
  let cutCases = 0;
  fc.assert(
    fc.property(yamlFile, fc.integer({ min: 1, max: 3 }), ({ text }, max) => {
      if (deepCuts(text, max).length > 0) cutCases++;
      const scanned = boundedTokens(text, max);
      const whole = parseBounded(text, max);
      assert.equal(scanned.tooDeep, whole.tooDeep);
      // Documents within the bound are parsed from the same text.
      const kept = (b: typeof whole): unknown[] => b.tokens.filter((t) => t.type === 'document' && t.value !== undefined);
      assert.equal(kept(scanned), kept(whole));
    }),
    { numRuns: 2000, seed: 20261206 },
  );
  assert.ok(cutCases > 20, `${cutCases} cases cut by the scan`);
});

test.run();
