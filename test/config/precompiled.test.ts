/**
 * The configuration validator is precompiled for the built-in rules
 * (lib/config/schema-validators/config.generated.cjs, beside the bundle in
 * dist/): it reports what a validator compiled at run time reports, another
 * registry still gets its own, and the bundled command line reads a
 * configuration without Ajv.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseConfig } from '../../lib/config/parse.ts';
import type { ParsedConfig } from '../../lib/config/parse.ts';
import { RULES } from '../../rules/index.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BAD = 'rules:\n  no-dashbaord: error\n  242395: [error, {foo: 1}]\n  242390: {severity: fatal}\nstrict: yes please\ngardenerVersion: v9\ncolour: blue\n';
const GOOD = 'strict: true\nrules:\n  242395: [warning, {}]\n  no-dashboard: off\ngardenerVersion: "1.135"\n';

const problems = (p: ParsedConfig): string[] => (p.ok ? [] : p.problems.map((x) => `${x.line}:${x.column} ${x.message}`));

test('the precompiled validator and one compiled at run time report the same problems', () => {
  // Without one rule the schema differs, so that registry is compiled at run time.
  const others = RULES.filter((r) => r.meta.id !== '242383');
  const precompiled = parseConfig(BAD, '.shootlint.yaml', RULES);
  const compiled = parseConfig(BAD, '.shootlint.yaml', others);
  assert.equal(problems(precompiled), problems(compiled));
  assert.is(problems(precompiled).length, 6, problems(precompiled).join('\n'));
  assert.equal(parseConfig(GOOD, '.shootlint.yaml', RULES), parseConfig(GOOD, '.shootlint.yaml', others));
  assert.ok(parseConfig(GOOD, '.shootlint.yaml', RULES).ok);
  // The registry decides: a rule that only one of them has.
  assert.ok(parseConfig('rules:\n  242383: off\n', '.shootlint.yaml', RULES).ok);
  assert.equal(problems(parseConfig('rules:\n  242383: off\n', '.shootlint.yaml', others)), ['2:3 unknown rule "242383"; did you mean "242393"?']);
});

test('the bundled command line validates a configuration with the precompiled chunk, loading no Ajv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-config-chunk-'));
  try {
    writeFileSync(join(dir, '.shootlint.yaml'), BAD);
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const script = `
      import { createRequire } from 'node:module';
      const { main } = await import(${JSON.stringify(join(ROOT, 'dist', 'cli.mjs'))});
      let err = '';
      const code = await main(['cm.yaml'], { cwd: ${JSON.stringify(dir)}, stdout: () => {}, stderr: (s) => (err += s), readStdin: () => '', isTTY: false, env: {} });
      const loaded = Object.keys(createRequire(import.meta.url).cache).map((k) => k.split('\\\\').join('/'));
      process.stdout.write(JSON.stringify({ code, err, loaded }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const { code, err, loaded } = JSON.parse(r.stdout) as { code: number; err: string; loaded: string[] };
    assert.is(code, 2);
    assert.match(err, /\.shootlint\.yaml:2:3: unknown rule "no-dashbaord"; did you mean "no-dashboard"\?/);
    assert.match(err, /\.shootlint\.yaml:4:22: rules\.242390\.severity must be one of off, warning, error/);
    assert.ok(loaded.some((k) => k.endsWith('dist/schema-validators/config.generated.cjs')), loaded.join('\n'));
    assert.not.ok(loaded.some((k) => k.includes('/node_modules/ajv/')), 'Ajv is not loaded');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
