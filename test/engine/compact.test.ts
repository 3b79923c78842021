import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compactParse } from '../../lib/engine/compact.ts';
import { compactFile, parsedText, parseFile } from '../../lib/engine/document.ts';
import type { ParsedFile } from '../../lib/engine/document.ts';
import { defaultConfig } from '../../lib/engine/defaults.ts';
import { lintParsed } from '../../lib/engine/lint.ts';
import { locateIn } from '../../lib/engine/locate.ts';
import type { SourceFile } from '../../lib/engine/types.ts';
import { RULES } from '../../rules/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.(ya?ml|json)$/.test(name) ? [p] : [];
  });
}

/** What parse-parallel.ts does with a file: the compact form when it covers the file, else parseFile. */
function compactOrParse(source: SourceFile): ParsedFile {
  const text = parsedText(source);
  const c = compactParse(text);
  return c ? compactFile(source, text, c) : parseFile(source);
}

const sources: SourceFile[] = [...yamlFiles(join(ROOT, 'test', 'fixtures', 'rules')), ...yamlFiles(join(ROOT, 'examples'))].map((path) => ({
  path,
  text: readFileSync(path, 'utf8'),
}));

test('the compact form covers the usual files and leaves the unusual ones to parseFile', () => {
  const usual = sources.filter((s) => compactParse(parsedText(s)) !== undefined);
  assert.ok(usual.length > sources.length / 2, `${usual.length} of ${sources.length}`);
  assert.is(compactParse('a: &x 1\nb: *x\n'), undefined);
  assert.is(compactParse('a:\n  <<: {b: 1}\n'), undefined);
  assert.is(compactParse('1: a\n'), undefined);
  assert.is(compactParse('a: .inf\n'), undefined);
  assert.is(compactParse('a: [b\n'), undefined);
});

test('objects, values and locations are those of parseFile', () => {
  for (const s of sources) {
    const a = parseFile(s);
    const b = compactOrParse(s);
    assert.equal(b.problems, a.problems, s.path);
    assert.equal(b.objects.length, a.objects.length, s.path);
    a.objects.forEach((o, i) => {
      const p = b.objects[i]!;
      assert.equal([p.documentIndex, p.objectPath, p.apiVersion, p.kind, p.name, p.namespace, p.value], [o.documentIndex, o.objectPath, o.apiVersion, o.kind, o.name, o.namespace, o.value], s.path);
      const paths: (string | number)[][] = [[], ['metadata'], ['metadata', 'name'], ['spec', 'kubernetes', 'version'], ['spec', 'provider', 'workers', 0], ['spec', 'provider', 'workers', 0, 'nope'], ['data'], ['spec', 'x', 'y']];
      for (const path of paths) {
        for (const key of [false, true]) {
          const la = locateIn(o, path, { key });
          const lb = locateIn(p, path, { key });
          assert.equal([lb.range, lb.found, lb.foundPath, lb.scalar], [la.range, la.found, la.foundPath, la.scalar], `${s.path} ${path.join('.')}`);
        }
      }
    });
  }
});

test('linting the compact form gives the same output', () => {
  const config = defaultConfig('2025-06-01');
  const byFile = (parse: (s: SourceFile) => ParsedFile): unknown => sources.map((s) => lintParsed([parse(s)], { files: [], config, rules: RULES }));
  assert.equal(byFile(compactOrParse), byFile(parseFile));
  const together = (parse: (s: SourceFile) => ParsedFile): unknown => lintParsed(sources.map(parse), { files: [], config, rules: RULES });
  assert.equal(together(compactOrParse), together(parseFile));
});

test.run();
