/**
 * The quick parser reads a file exactly as the `yaml` library does, or leaves
 * it to the library: compared on every fixture, the examples, Gardener's own
 * example Shoot, a generated corpus and thousands of randomly edited files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { defaultConfig } from '../../lib/engine/defaults.ts';
import { parseFile, parseWithLibrary } from '../../lib/engine/document.ts';
import type { ParsedFile } from '../../lib/engine/document.ts';
import { lintParsed } from '../../lib/engine/lint.ts';
import { quickParse } from '../../lib/engine/quick-parse.ts';
import type { SourceFile } from '../../lib/engine/types.ts';
import { RULES } from '../../rules/index.ts';
import { mutate, random } from '../helpers/mutate.ts';
import { quickAgreesWithLibrary } from '../helpers/same-parse.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const GEN = resolve(ROOT, 'test', 'bench', 'gen-shoots.mjs');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.(ya?ml|json)$/.test(name) ? [p] : [];
  });
}

const read = (path: string): SourceFile => ({ path, text: readFileSync(path, 'utf8') });
const fixtures = [...yamlFiles(join(ROOT, 'test', 'fixtures')), ...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'reference'))].map(read);

test('fixtures, examples and upstream YAML: read as the library reads them, or left to it', () => {
  const quick = fixtures.filter((s) => quickAgreesWithLibrary(s) !== undefined);
  // Most are plain block YAML; the rest hold anchors, merge keys, CRLF and the like on purpose.
  assert.ok(quick.length > fixtures.length * 0.8, `${quick.length} of ${fixtures.length} read quickly`);
  assert.ok(quick.some((s) => s.path.endsWith('examples/insecure.yaml')));
});

test('a generated corpus: every file read quickly, as the library reads it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-quick-'));
  try {
    const g = spawnSync(process.execPath, [GEN, dir, '150', '--seed', '11'], { encoding: 'utf8' });
    assert.is(g.status, 0, g.stderr);
    const files = readdirSync(dir).sort().map((f) => read(join(dir, f)));
    assert.ok(files.length >= 150);
    for (const f of files) assert.ok(quickAgreesWithLibrary(f), `${f.path} left to the library`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('YAML embedded in ConfigMaps (audit policies, authentication configuration): read as the library reads it', () => {
  let embedded = 0;
  for (const f of fixtures) {
    for (const o of parseFile(f).objects) {
      if (o.kind !== 'ConfigMap' || typeof o.value.data !== 'object' || o.value.data === null) continue;
      for (const [key, text] of Object.entries(o.value.data)) {
        if (typeof text !== 'string' || !/^(apiVersion|kind):/m.test(text)) continue;
        if (quickAgreesWithLibrary({ path: `${f.path} data.${key}`, text })) embedded++;
      }
    }
  }
  assert.ok(embedded >= 10, `${embedded} embedded documents read quickly`);
});

test('randomly edited files: read as the library reads them, or left to it', () => {
  const rnd = random(20261127);
  const texts = fixtures.filter((s) => /\.ya?ml$/.test(s.path)).map((s) => s.text);
  let quick = 0;
  const runs = 4000;
  for (let i = 0; i < runs; i++) {
    let text = texts[Math.floor(rnd() * texts.length)]!;
    for (let edits = 1 + Math.floor(rnd() * 3); edits > 0; edits--) text = mutate(text, rnd);
    try {
      if (quickAgreesWithLibrary({ path: `edit-${i}.yaml`, text })) quick++;
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- edited text ---\n${text}`);
    }
  }
  // Enough edits stay inside the subset for the comparison to mean something.
  assert.ok(quick > runs / 4, `${quick} of ${runs}`);
});

test('lint output is the same whichever parser read the files', () => {
  const config = defaultConfig('2025-06-01');
  const run = (parse: (s: SourceFile) => ParsedFile): unknown => lintParsed(fixtures.map(parse), { files: [], config, rules: RULES });
  assert.equal(run(parseFile), run(parseWithLibrary));
});

test('scalars: values, quoting and ranges', () => {
  const text = [
    'a: plain text # comment',
    "b: 'it''s'",
    'c: "x: y # z"',
    'd: 1.30',
    'e: 0x1F',
    'f: ~',
    'g: True',
    'h: [x, "y", 2, {k: v}]',
    'i: {}',
    'j: |',
    '  one',
    '',
    '  two',
    '',
    'k: |-',
    '  three',
    'l:',
    'm: "1.30"',
    'n: -1',
    'o: http://example.com:80/a#b',
    '',
  ].join('\n');
  const c = quickParse(text);
  assert.ok(c);
  assert.equal(c.documents[0]!.value, {
    a: 'plain text', b: "it's", c: 'x: y # z', d: 1.3, e: 31, f: null, g: true, h: ['x', 'y', 2, { k: 'v' }], i: {},
    j: 'one\n\ntwo\n', k: 'three', l: null, m: '1.30', n: -1, o: 'http://example.com:80/a#b',
  });
  assert.ok(quickAgreesWithLibrary({ path: 'scalars.yaml', text }));
});

test('a key named constructor is data like any other', () => {
  assert.ok(quickAgreesWithLibrary({ path: 'constructor.yaml', text: 'apiVersion: v1\nkind: X\nconstructor: []\nspec: {constructor: {a: 1}}\n' }));
});

test('documents: markers, comments and empty documents count as the library counts them', () => {
  for (const text of ['# only a comment\n', '', '---\n', '# c\n---\na: 1\n---\n', 'a: 1\n---\nb: 2\n', '---\n---\nkind: X\n', 'a: 1\n--- # next\nb: 2']) {
    const c = quickParse(text);
    assert.ok(c, JSON.stringify(text));
    assert.is(c.documents.length, parseAllDocuments(text).length, JSON.stringify(text));
  }
});

test('implicit key length: the quick parser gives up exactly where the library does', () => {
  // The library measures a key from its first character, but from the end of the line of an empty
  // value (`a:`) just before it: keys of 1,020 to 1,024 characters used to differ.
  const before = ['', 'a:\n', 'a: 1\n', 'a: # c\n', 'a:   \n', 'a:\n\n', 'a:\n  b:\n', 'a:\n- \n', 'x:\n  a:\n  ', 'x:\n- a:\n  ', 'x:\n-   a:\n    ', 'x:\n- \n- ', '\ufeff', 'a:\n---\n',
    // A key that ends the collection an empty value was last in: blank lines between count too, comments do not.
    's:\n  a:\n\n', 's:\n  a:\n  \n', 's:\n  a:\n\n\n', 's:\n  - \n\n', 's:\n  a:\n# c\n', 's:\n  a:\n  # c\n', 'x:\n  s:\n    a:\n\n  ', 's:\n  a: |\n    t\n\n'];
  let quick = 0;
  for (const pre of before) {
    for (let n = 1015; n <= 1027; n++) {
      for (const q of ['', '"']) {
        const text = `${pre}${q}${'k'.repeat(n)}${q}: v\n`;
        const library = parseAllDocuments(text).every((d) => d.errors.length === 0);
        const read = quickAgreesWithLibrary({ path: `${JSON.stringify(pre)} ${n}${q}`, text });
        if (read) quick++;
        if (!library) assert.is(read, undefined, `${JSON.stringify(pre)} + key of ${n}${q ? ' (quoted)' : ''}: the library rejects it`);
      }
    }
  }
  assert.ok(quick > 100, `${quick} read quickly`);
});

test('a leading byte order mark is skipped by the quick parser as by the library', () => {
  for (const text of ['\ufeffa: 1\n', '\ufeff---\na: 1\n', '\ufeff# c\na: [x]\n', '\ufeff  a: 1\n', '\ufeff']) {
    assert.ok(quickParse(text), JSON.stringify(text));
    quickAgreesWithLibrary({ path: JSON.stringify(text), text });
  }
  // Not at the start: a character like any other, which the subset leaves out.
  assert.is(quickParse('a: 1\n---\n\ufeffb: 2\n'), undefined);
});

test('anything outside the subset is left to the library', () => {
  const outside = [
    'a: &x 1\nb: *x\n', // anchors and aliases
    'a:\n  <<: {b: 1}\n', // merge keys
    '1: a\n', // a key that is not a string
    'a: 1\na: 2\n', // a duplicate key (an error for the library)
    'a: b\n  c\n', // a multi-line plain scalar
    'a: "x\\ty"\n', // escapes
    'a: >\n  folded\n', // folded block scalar
    'a: |+\n  kept\n', // keep chomping
    'a: [b\n', // flow collection over lines
    'a: !tag b\n', // tags
    '- a\n- b\n', // a sequence as the document
    'a:\n- - b\n', // a sequence in a sequence
    'a: 1\r\nb: 2\r\n', // CRLF
    'a:\tb\n', // tabs
    '%YAML 1.2\n---\na: 1\n', // directives
    'a: 1\n...\n', // document end marker
    '? a\n: b\n', // explicit keys
    'a: b: c\n', // a mapping on the line of a key
    '__proto__: 1\n',
    `a${' '.repeat(1024)}: b\n`, // a key whose colon is over 1,024 characters from its start (an error)
    `"a"${' '.repeat(1022)}: b\n`,
  ];
  for (const text of outside) assert.is(quickParse(text), undefined, JSON.stringify(text));
});

test.run();
