/**
 * `--format NAME:FILE`: one lint, several formats (the GitHub Action writes
 * annotations, SARIF and more from one run); on GitHub Actions, annotations and
 * SARIF name files from GITHUB_WORKSPACE even when shootlint runs in a subfolder.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, shoot, tempTree } from './run-cli.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- report JSON
type Json = any;

test('stdout format plus two file formats: the same findings in each, exit code of the run', async () => {
  const root = tempTree({ 'shoots/a.yaml': shoot('a', true) });
  try {
    const r = await runCli(root, ['-f', 'json', '-f', 'sarif:a.sarif', '--format', 'junit:junit.xml', 'shoots/']);
    assert.is(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as Json[];
    const ids = json[0].messages.map((m: Json) => m.ruleId).sort();
    assert.ok(ids.includes('242395'));
    const sarif = JSON.parse(readFileSync(join(root, 'a.sarif'), 'utf8')) as Json;
    assert.equal((sarif.runs[0].results as Json[]).map((x) => x.ruleId).sort(), ids);
    assert.match(readFileSync(join(root, 'junit.xml'), 'utf8'), '242395');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('only file formats: nothing on stdout', async () => {
  const root = tempTree({ 'a.yaml': shoot('a', true) });
  try {
    const r = await runCli(root, ['-f', 'sarif:out.sarif', 'a.yaml']);
    assert.is(r.code, 1);
    assert.is(r.stdout, '');
    assert.ok(existsSync(join(root, 'out.sarif')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('two formats for stdout, an empty file name or an unknown format: usage errors (exit 2), nothing written', async () => {
  const root = tempTree({ 'a.yaml': shoot('a', true) });
  try {
    const two = await runCli(root, ['-f', 'github', '-f', 'json', 'a.yaml']);
    assert.is(two.code, 2);
    assert.match(two.stderr, 'only one format goes to standard output; give the others a file (--format NAME:FILE)');
    const empty = await runCli(root, ['-f', 'sarif:', 'a.yaml']);
    assert.is(empty.code, 2);
    assert.match(empty.stderr, '--format sarif:: expected NAME or NAME:FILE');
    const unknown = await runCli(root, ['-f', 'github', '-f', 'xml:x.xml', 'a.yaml']);
    assert.is(unknown.code, 2);
    assert.match(unknown.stderr, 'unknown format "xml"');
    assert.is(unknown.stdout, '');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('GITHUB_WORKSPACE: github and sarif name files from the repository root, other formats from the working directory', async () => {
  const root = tempTree({ 'infra/shoots/a.yaml': shoot('a', true) });
  try {
    const env = { GITHUB_WORKSPACE: root };
    const r = await runCli(join(root, 'infra'), ['-f', 'github', '-f', 'sarif:a.sarif', '-f', 'stylish:log.txt', 'shoots/a.yaml'], { env });
    assert.is(r.code, 1);
    assert.match(r.stdout, /^::error file=infra\/shoots\/a\.yaml,/m);
    const sarif = JSON.parse(readFileSync(join(root, 'infra', 'a.sarif'), 'utf8')) as Json;
    assert.is(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'infra/shoots/a.yaml');
    assert.match(readFileSync(join(root, 'infra', 'log.txt'), 'utf8'), /^shoots\/a\.yaml$/m);
    const outside = await runCli(join(root, 'infra'), ['-f', 'github', 'shoots/a.yaml']);
    assert.match(outside.stdout, /^::error file=shoots\/a\.yaml,/m);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
