/**
 * The repository carries everything it reads: no tracked file names a folder
 * beside the checkout (the tests, generators and benchmark read reference/ and
 * test/bench/), and every vendored folder has its provenance note.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = resolve(import.meta.dirname, '..');
const listed = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });

// The folder's name is built from parts so that this file does not match itself.
const NAME = ['sha', 'red'].join('');
const SIBLING = new RegExp(`\\.\\./${NAME}|'${NAME}'|"${NAME}"`);

if (listed.status !== 0 && !process.env.CI) {
  test.skip('self-contained: skipped because this is not a git checkout (git ls-files failed)');
} else {
  test('no tracked file refers to a folder outside the repository', () => {
    assert.is(listed.status, 0, `git ls-files: ${listed.stderr}`);
    const files = listed.stdout.split('\0').filter((f) => f && existsSync(join(ROOT, f)) && statSync(join(ROOT, f)).isFile());
    assert.ok(files.length > 100, `${files.length} tracked files`);
    const hits = files.flatMap((f) =>
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (SIBLING.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    assert.equal(hits, []);
  });
}

test('every folder of reference/ has a provenance note naming source, version, date and licence', () => {
  const dirs = readdirSync(join(ROOT, 'reference'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  assert.ok(dirs.length >= 4, dirs.join(', '));
  for (const d of dirs) {
    const note = join(ROOT, 'reference', d, 'README.md');
    assert.ok(existsSync(note), `reference/${d}/README.md`);
    const text = readFileSync(note, 'utf8');
    for (const word of ['Source', 'Version', 'Licence', 'Vendored']) assert.match(text, `**${word}`, `reference/${d}/README.md says ${word}`);
  }
});

test.run();
