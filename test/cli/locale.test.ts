/**
 * The output does not depend on the machine's locale: files are listed in
 * the same order under LANG=C.UTF-8 as under Danish or Turkish collation,
 * which order some file names differently (lib/engine/collate.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempTree } from './run-cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'shootlint.js');
const INSECURE = readFileSync(join(ROOT, 'test', 'fixtures', 'rules', '242395', 'enabled.yaml'), 'utf8');
const NAMES = ['aa-x.yaml', 'ab.yaml', 'z.yaml', 'B.yaml', '_a.yaml', 'å.yaml', 'i.yaml', 'ı.yaml', 'I.yaml'];
const LOCALES = ['C.UTF-8', 'da_DK.UTF-8', 'sv_SE.UTF-8', 'tr_TR.UTF-8'];

function withLocale(locale: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, LANG: locale, LC_ALL: locale };
  return spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
}

test('the locale changes what localeCompare gives, not the order shootlint lists files in', () => {
  const sortedIn = (locale: string): string => withLocale(locale, ['-p', `${JSON.stringify(NAMES)}.sort((a, b) => a.localeCompare(b)).join(' ')`], ROOT).stdout.trim();
  const orders = new Set(LOCALES.map(sortedIn));
  assert.ok(orders.size > 1, `these locales sort the names differently (${[...orders].join(' | ')})`);

  const files: Record<string, string> = {};
  for (const name of NAMES) files[`shoots/${name}`] = INSECURE.replace(/name: .*/, `name: s-${NAMES.indexOf(name)}`);
  const root = tempTree(files);
  try {
    const outputs = LOCALES.map((locale) => {
      const r = withLocale(locale, [BIN, '--no-config', '--no-color', '-f', 'json', 'shoots'], root);
      assert.is(r.status, 1, r.stderr);
      return (JSON.parse(r.stdout) as { filePath: string }[]).map((f) => f.filePath.split('/').pop()!);
    });
    for (let i = 1; i < LOCALES.length; i++) assert.equal(outputs[i], outputs[0], LOCALES[i]);
    assert.equal(outputs[0], [...NAMES].sort(new Intl.Collator('en').compare), 'English collation');
    const stylish = LOCALES.map((locale) => withLocale(locale, [BIN, '--no-config', '--no-color', 'shoots'], root).stdout);
    for (let i = 1; i < LOCALES.length; i++) assert.is(stylish[i], stylish[0], `stylish, ${LOCALES[i]}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
