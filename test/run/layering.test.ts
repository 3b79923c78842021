/**
 * The layering of lib/ (eslint.config.js): the engine reads no files and knows
 * no process, command, run layer or format; the report and the language server
 * never import the lint command; the run layer imports no command. Each
 * deliberately wrong file of test/fixtures/layering/ is linted as if it sat at
 * its path in the repository and must fail; the real tree passes; and the
 * imports of lib/ and rules/ form no cycle.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'layering');

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) tsFiles(abs, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(abs);
  }
  return out;
}

const eslint = new ESLint({ cwd: ROOT });

const EXPECTED: Record<string, string> = {
  'lib/engine/reads-files.ts': 'no-restricted-imports',
  'lib/engine/uses-process.ts': 'no-restricted-globals',
  'lib/engine/imports-run.ts': 'no-restricted-imports',
  'lib/engine/imports-formatter.ts': 'no-restricted-imports',
  'lib/report/imports-cli.ts': 'no-restricted-imports',
  'lib/lsp/imports-cli.ts': 'no-restricted-imports',
  'lib/run/imports-report.ts': 'no-restricted-imports',
};

test('every deliberately wrong import fails the lint at its place in the tree', async () => {
  const fixtures = tsFiles(FIXTURES).map((f) => relative(FIXTURES, f).split('\\').join('/'));
  assert.equal(fixtures.sort(), Object.keys(EXPECTED).sort());
  for (const path of fixtures) {
    const [result] = await eslint.lintText(readFileSync(join(FIXTURES, path), 'utf8'), { filePath: join(ROOT, path) });
    const rules = result!.messages.map((m) => m.ruleId);
    assert.ok(rules.includes(EXPECTED[path]!), `${path}: expected ${EXPECTED[path]}, got ${JSON.stringify(result!.messages.map((m) => `${m.ruleId}: ${m.message}`))}`);
  }
});

test('the same files are clean one folder over, where the import is allowed', async () => {
  // lib/cli may import the run layer, the formatters and fs; only the place makes the fixtures wrong.
  for (const path of ['lib/engine/reads-files.ts', 'lib/engine/imports-run.ts', 'lib/engine/imports-formatter.ts']) {
    const [result] = await eslint.lintText(readFileSync(join(FIXTURES, path), 'utf8'), { filePath: join(ROOT, path.replace('lib/engine/', 'lib/cli/')) });
    assert.equal(result!.messages.filter((m) => m.ruleId?.startsWith('no-restricted')), [], path);
  }
});

test('the real tree keeps the layering', async () => {
  const results = await eslint.lintFiles(['lib', 'rules']);
  const broken = results.flatMap((r) => r.messages.filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => `${relative(ROOT, r.filePath)}:${m.line}: ${m.message}`));
  assert.equal(broken, []);
});

test('the imports of lib/ and rules/ form no cycle', () => {
  const files = [...tsFiles(join(ROOT, 'lib')), ...tsFiles(join(ROOT, 'rules'))];
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    // Static imports and re-exports (types too) and dynamic import() of a module.
    const specifiers = [
      ...[...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\sfrom\s+'(\.[^']+\.ts)'/gm)].map((m) => m[1]!),
      ...[...text.matchAll(/\bimport\(\s*'(\.[^']+\.ts)'\s*\)/g)].map((m) => m[1]!),
    ];
    const targets = specifiers.map((s) => resolve(dirname(file), s));
    edges.set(file, targets);
  }
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, stack: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...stack.slice(stack.indexOf(file)), file].map((f) => relative(ROOT, f)).join(' -> '));
      return;
    }
    state.set(file, 'open');
    for (const t of edges.get(file) ?? []) visit(t, [...stack, file]);
    state.set(file, 'done');
  };
  for (const f of files) visit(f, []);
  assert.equal(cycles, []);
});

test.run();
