/**
 * The Shoot validators are one chunk per Gardener version, required when a
 * run first validates against that version: the bundled command line (dist/,
 * what users run) gives the same schema findings as the modules for every
 * supported version, and loads only the chunk of the version it uses (the
 * others' too only to name the versions that have an unknown field).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REFERENCE_DIR } from '../../lib/codegen/generated.ts';
import { GARDENER_VERSIONS } from '../../lib/gardener/versions.ts';
import { VALIDATOR_FILES } from '../../lib/gardener/schema-validators.generated.js';
import { runCli } from '../cli/run-cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'shootlint-chunks-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// Gardener's example with a misspelled key and a boolean as a string; then also a field only older APIs have.
const typos = readFileSync(resolve(REFERENCE_DIR, 'gardener', 'v1.149.3', '90-shoot.yaml'), 'utf8')
  .replace('\n  purpose: evaluation', '\n  purpse: evaluation')
  .replace('      machineImageVersion: true', '      machineImageVersion: "true"');
writeFileSync(join(dir, 'typos.yaml'), typos);
writeFileSync(join(dir, 'shoot.yaml'), typos.replace('\n  kubernetes:\n', '\n  kubernetes:\n    enableStaticTokenKubeconfig: false\n'));
writeFileSync(join(dir, 'configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: garden-a\ndata: {}\n');

interface Message {
  ruleId: string;
  line: number;
  column: number;
  message: string;
}

const schemaFindings = (json: string): [number, number, string][] =>
  (JSON.parse(json) as { messages: Message[] }[]).flatMap((f) => f.messages).filter((m) => m.ruleId === 'schema').map((m) => [m.line, m.column, m.message]);

/**
 * The bundled command line in a child process: its JSON output and the
 * validator chunks it required (the module registry holds every file
 * require() loaded).
 */
function bundled(args: readonly string[]): { stdout: string; chunks: string[] } {
  const script = `
    import { createRequire } from 'node:module';
    const { main } = await import(${JSON.stringify(DIST)});
    let out = '';
    await main(${JSON.stringify(args)}, { cwd: ${JSON.stringify(dir)}, stdout: (s) => (out += s), stderr: (s) => process.stderr.write(s), readStdin: () => '', isTTY: false, env: {} });
    const chunks = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('schema-validators'));
    process.stdout.write(JSON.stringify({ out, chunks }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const { out, chunks } = JSON.parse(r.stdout) as { out: string; chunks: string[] };
  return { stdout: out, chunks: chunks.map((c) => c.slice(ROOT.length + 1).split('\\').join('/')).sort() };
}

test('every supported version has a chunk, in the sources and beside the bundle', () => {
  assert.equal(Object.keys(VALIDATOR_FILES).sort(), [...GARDENER_VERSIONS].sort());
  for (const file of Object.values(VALIDATOR_FILES)) {
    assert.ok(existsSync(join(ROOT, 'lib', 'gardener', file)), `lib/gardener/${file}`);
    assert.ok(existsSync(join(ROOT, 'dist', file)), `dist/${file} (npm run build)`);
  }
});

for (const version of GARDENER_VERSIONS) {
  test(`Gardener ${version}: the bundle gives the modules' schema findings, loading only the ${version} chunk for them`, async () => {
    const args = (file: string): string[] => ['--no-config', '--no-workspace', '--format', 'json', '--gardener-version', version, file];
    const fromModules = schemaFindings((await runCli(dir, args('shoot.yaml'))).stdout);
    assert.equal(schemaFindings(bundled(args('shoot.yaml')).stdout), fromModules);
    const messages = fromModules.map((f) => f[2]).join('\n');
    assert.match(messages, /"purpse".*did you mean "purpose"/);
    assert.match(messages, /machineImageVersion must be a boolean/);
    // The field the newest APIs dropped is unknown there (naming v1.100.0, whose chunk tells) and known to v1.100.0.
    if (version === 'v1.100.0') assert.not.match(messages, /"enableStaticTokenKubeconfig"/);
    else assert.match(messages, /Unknown field "enableStaticTokenKubeconfig".*the API of Gardener v1\.100\.0 has it/);

    const run = bundled(args('typos.yaml'));
    assert.equal(schemaFindings(run.stdout), schemaFindings((await runCli(dir, args('typos.yaml'))).stdout));
    assert.equal(schemaFindings(run.stdout).length, 2);
    assert.equal(run.chunks, [`dist/schema-validators/${version}.generated.cjs`]);
  });
}

test('a run with no Shoot loads no validator chunk', () => {
  const run = bundled(['--no-config', '--no-workspace', '--format', 'json', 'configmap.yaml']);
  assert.equal(run.chunks, []);
});

test.run();
