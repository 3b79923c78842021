/**
 * The release: `npm pack` builds the package, which is installed into an empty
 * temporary project (with the registry's dependencies, as a user would get them)
 * and used from there: the CLI through npx, the language server over stdio with
 * a real JSON-RPC client, the JSON Schemas under node_modules/shootlint/schemas.
 * The GitHub Action's step scripts run with a simulated runner environment and
 * install that tarball.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { parse } from 'yaml';
import { VALIDATOR_FILES } from '../lib/gardener/schema-validators.generated.js';
import { GARDENER_VERSIONS } from '../lib/gardener/versions.ts';

const ROOT = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- protocol and npm JSON
type Json = any;

function sh(cmd: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  // npm_config_* from an enclosing `npm test` must not leak into the user's project.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return spawnSync(cmd, args, { cwd, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 300_000 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.is(r.status, 0, `${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const tmp = mkdtempSync(join(tmpdir(), 'shootlint-release-'));
const project = join(tmp, 'project');
let files: string[] = [];

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('npm pack: the package holds the CLI, the bundle, the schemas, the rule docs, README and LICENSE, and nothing else', () => {
  const out = ok(sh(NPM, ['pack', '--json', '--pack-destination', tmp], ROOT), 'npm pack');
  const packed = (JSON.parse(out.slice(out.indexOf('['))) as Json[])[0];
  files = (packed.files as { path: string }[]).map((f) => f.path).sort();
  const chunks = [...Object.values(VALIDATOR_FILES).map((f) => `dist/${f.replace(/^\.\//, '')}`), 'dist/schema-validators/config.generated.cjs'];
  assert.is(chunks.length, GARDENER_VERSIONS.length + 1);
  for (const want of ['LICENSE', 'README.md', 'package.json', 'bin/shootlint.js', 'bin/shootlint-lsp.js', 'dist/cli.mjs', 'dist/lsp.mjs', 'dist/worker.mjs', 'dist/early-scan.mjs', 'dist/scan-worker.cjs', ...chunks, 'schemas/shoot.json', 'schemas/shootlint-config.schema.json', 'rules/242395.md']) {
    assert.ok(files.includes(want), `${want} is in the package`);
  }
  const stray = files.filter((f) => !/^(LICENSE|README\.md|package\.json|bin\/[^/]+\.js|dist\/[^/]+\.[mc]js|dist\/schema-validators\/[^/]+\.cjs|schemas\/[^/]+\.json|rules\/[^/]+\.md)$/.test(f));
  assert.equal(stray, [], 'files outside what the README promises');
  assert.ok(existsSync(join(tmp, packed.filename as string)), 'the tarball was written');
  assert.is(packed.filename, `${pkg.name}-${pkg.version}.tgz`);
});

test('installed into an empty project: npx shootlint lints an example (exit 1 with findings) and prints its version', () => {
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`);
  ok(sh(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', join(tmp, `${pkg.name}-${pkg.version}.tgz`)], project), 'npm install');
  // Only the package and its dependencies: no sources, tests or dev tools came along.
  const installed = readdirSync(join(project, 'node_modules', 'shootlint')).sort();
  assert.equal(installed, ['LICENSE', 'README.md', 'bin', 'dist', 'package.json', 'rules', 'schemas']);
  for (const dev of ['esbuild', 'tsx', 'typescript', 'eslint', 'uvu']) assert.not.ok(existsSync(join(project, 'node_modules', dev)), `${dev} is not installed`);

  copyFileSync(join(ROOT, 'examples', 'insecure.yaml'), join(project, 'insecure.yaml'));
  copyFileSync(join(ROOT, 'examples', 'hardened.yaml'), join(project, 'hardened.yaml'));
  assert.is(ok(sh(NPX, ['--no-install', 'shootlint', '--version'], project), 'shootlint --version').trim(), pkg.version);
  const bad = sh(NPX, ['--no-install', 'shootlint', '--format', 'json', 'insecure.yaml'], project);
  assert.is(bad.status, 1, bad.stderr);
  const results = JSON.parse(bad.stdout) as Json[];
  assert.is(results[0].filePath, join(project, 'insecure.yaml'));
  assert.ok(results[0].messages.some((m: Json) => m.ruleId === '242395'), 'the dashboard finding');
  const good = sh(NPX, ['--no-install', 'shootlint', 'hardened.yaml'], project);
  assert.is(good.status, 0, good.stdout + good.stderr);
});

test('installed: the JSON Schemas are in node_modules/shootlint/schemas', () => {
  const dir = join(project, 'node_modules', 'shootlint', 'schemas');
  const names = readdirSync(dir).sort();
  assert.ok(names.includes('shoot.json') && names.includes('shootlint-config.schema.json'), names.join(', '));
  for (const n of names) {
    const schema = JSON.parse(readFileSync(join(dir, n), 'utf8')) as Json;
    assert.is(schema.$schema, 'http://json-schema.org/draft-07/schema#', n);
  }
});

for (const command of [['shootlint', 'lsp'], ['shootlint-lsp']]) {
  test(`installed: \`${command.join(' ')}\` answers initialize and publishes a diagnostic over stdio`, async () => {
    const bin = join(project, 'node_modules', '.bin', command[0]!);
    const child = spawn(bin, command.slice(1), { cwd: project });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const uri = pathToFileURL(join(project, 'insecure.yaml')).href;
    const published = new Promise<Json>((resolvePublished, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}\n${stderr}`)), 30_000);
      rpc.onNotification('textDocument/publishDiagnostics', (p: Json) => {
        if (p.uri === uri && p.diagnostics.length > 0) {
          clearTimeout(timer);
          resolvePublished(p);
        }
      });
    });
    rpc.onRequest(() => null);
    rpc.listen();
    try {
      const init = (await rpc.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
        initializationOptions: { debounceMs: 0 },
        workspaceFolders: null,
      })) as Json;
      assert.ok(init.capabilities.textDocumentSync !== undefined, 'the server announces document sync');
      await rpc.sendNotification('initialized', {});
      await rpc.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(join(project, 'insecure.yaml'), 'utf8') },
      });
      const d = await published;
      assert.ok(d.diagnostics.some((x: Json) => String(x.code) === '242395'), JSON.stringify(d.diagnostics.map((x: Json) => x.code)));
      await rpc.sendRequest('shutdown');
      await rpc.sendNotification('exit');
    } finally {
      rpc.dispose();
      child.kill();
    }
  });
}

/** Runs one of the action's step scripts as the runner would: bash, the step's env, a fresh GITHUB_OUTPUT. */
function step(script: string, env: Record<string, string>): { r: SpawnSyncReturns<string>; outputs: Record<string, string> } {
  const outputFile = join(tmp, `github-output-${script}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(outputFile, '');
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|GITHUB_|RUNNER_)/i.test(k)));
  const r = spawnSync('bash', [join(ROOT, 'action', script)], {
    cwd: tmp,
    env: { ...base, NO_COLOR: '1', GITHUB_ACTIONS: 'true', GITHUB_ACTION_PATH: ROOT, GITHUB_WORKSPACE: join(tmp, 'ws'), RUNNER_TEMP: join(tmp, 'runner'), GITHUB_OUTPUT: outputFile, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { r, outputs };
}

test('action.yml: the inputs the README documents, no setup-node, every step script exists', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Json;
  for (const input of ['paths', 'working-directory', 'version', 'fail-on-warnings', 'args', 'sarif-file', 'outputs', 'upload-sarif']) {
    assert.ok(action.inputs[input], `input ${input}`);
  }
  const steps = action.runs.steps as Json[];
  assert.not.ok(steps.some((s) => String(s.uses ?? '').startsWith('actions/setup-node')), 'the caller\'s Node.js is left alone');
  assert.match(action.description, 'does not install or switch Node.js');
  const scripts = steps.map((s) => /action\/([\w-]+\.sh)/.exec(String(s.run ?? ''))?.[1]).filter(Boolean);
  assert.equal(scripts, ['install.sh', 'lint.sh']);
  for (const s of scripts) assert.ok(existsSync(join(ROOT, 'action', s!)));
});

let bin = '';
const ws = join(tmp, 'ws');

test('action install step: the tarball with production dependencies only, the runner\'s Node.js', () => {
  mkdirSync(join(ws, 'sub', 'shoots'), { recursive: true });
  const tarball = `${pkg.name}-${pkg.version}.tgz`;
  copyFileSync(join(tmp, tarball), join(ws, tarball));
  const { r, outputs } = step('install.sh', { SHOOTLINT_VERSION: tarball });
  assert.is(r.status, 0, r.stdout + r.stderr);
  bin = outputs.bin!;
  assert.is(bin, join(tmp, 'runner', 'shootlint-action', 'node_modules', 'shootlint', 'bin', 'shootlint.js'));
  assert.match(r.stdout, `\n${pkg.version}\n`);
  const modules = join(tmp, 'runner', 'shootlint-action', 'node_modules');
  assert.ok(existsSync(join(modules, 'yaml')), 'a production dependency is installed');
  for (const dev of ['esbuild', 'tsx', 'typescript', 'eslint', 'uvu']) assert.not.ok(existsSync(join(modules, dev)), `${dev} is not installed`);
  const bad = step('install.sh', { SHOOTLINT_VERSION: 'latest' });
  assert.is(bad.r.status, 2);
  assert.match(bad.r.stdout, '::error title=shootlint::version "latest": expected a version');
});

test('action lint step: one run in working-directory writes annotations (paths from the repository root), SARIF and every extra format', () => {
  copyFileSync(join(ROOT, 'examples', 'insecure.yaml'), join(ws, 'sub', 'shoots', 'insecure.yaml'));
  // Counts the runs: the step is given a bin that logs each start, then runs the real one.
  const counter = join(tmp, 'runs.log');
  const counting = join(tmp, 'counting-bin.mjs');
  writeFileSync(counting, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(counter)}, 'run\\n');\nawait import(${JSON.stringify(pathToFileURL(bin).href)});\n`);
  const { r, outputs } = step('lint.sh', {
    SHOOTLINT_BIN: counting,
    SHOOTLINT_WORKDIR: 'sub',
    SHOOTLINT_PATHS: 'shoots/*.yaml',
    SHOOTLINT_ARGS: '--stig-release V2R6',
    SHOOTLINT_ANNOTATIONS: 'true',
    SHOOTLINT_SARIF: 'reports/shootlint.sarif',
    SHOOTLINT_OUTPUTS: 'junit:reports/junit.xml\n  json:out/results.json  \n',
    SHOOTLINT_FAIL_ON_WARNINGS: 'false',
  });
  assert.is(r.status, 0, r.stderr);
  assert.is(readFileSync(counter, 'utf8'), 'run\n', 'shootlint ran once');
  assert.is(outputs['exit-code'], '1');
  assert.is(outputs['sarif-file'], join(ws, 'sub', 'reports', 'shootlint.sarif'));
  assert.match(r.stdout, /^::error file=sub\/shoots\/insecure\.yaml,line=\d+,col=\d+,/m);
  assert.not.match(r.stdout, /file=shoots\//);
  const sarif = JSON.parse(readFileSync(outputs['sarif-file']!, 'utf8')) as Json;
  const uris = new Set((sarif.runs[0].results as Json[]).map((x) => x.locations[0].physicalLocation.artifactLocation.uri));
  assert.equal([...uris], ['sub/shoots/insecure.yaml']);
  const json = JSON.parse(readFileSync(join(ws, 'sub', 'out', 'results.json'), 'utf8')) as Json[];
  assert.is(json[0].messages.length, r.stdout.trim().split('\n').filter((l) => l.startsWith('::')).length, 'the same findings in every format');
  assert.match(readFileSync(join(ws, 'sub', 'reports', 'junit.xml'), 'utf8'), /^<\?xml/);
});

test('action lint step: warnings fail only with fail-on-warnings; annotations off gives the readable log', () => {
  const hardened = readFileSync(join(ROOT, 'examples', 'hardened.yaml'), 'utf8');
  writeFileSync(join(ws, 'sub', 'shoots', 'warn.yaml'), hardened.replace(/^spec:$/m, 'spec:\n  addons:\n    kubernetesDashboard:\n      enabled: false'));
  const env = { SHOOTLINT_BIN: bin, SHOOTLINT_WORKDIR: 'sub', SHOOTLINT_PATHS: 'shoots/warn.yaml', SHOOTLINT_SARIF: '', SHOOTLINT_ANNOTATIONS: 'false' };
  const lenient = step('lint.sh', { ...env, SHOOTLINT_FAIL_ON_WARNINGS: 'false' });
  assert.is(lenient.outputs['exit-code'], '0', lenient.r.stdout);
  assert.is(lenient.outputs['sarif-file'], '');
  // The log is coloured; read it as plain text.
  const plain = lenient.r.stdout.replace(/\x1b\[[0-9;]*m|\x1b\]8;;[^\x07\x1b]*(?:\x07|\x1b\\)/g, '');
  assert.match(plain, /warning +spec\.addons is deprecated/, plain);
  assert.not.match(lenient.r.stdout, /^::/m);
  const strict = step('lint.sh', { ...env, SHOOTLINT_FAIL_ON_WARNINGS: 'true' });
  assert.is(strict.outputs['exit-code'], '1', strict.r.stdout + strict.r.stderr);
  const missing = step('lint.sh', { ...env, SHOOTLINT_WORKDIR: 'nowhere' });
  assert.is(missing.outputs['exit-code'], '2');
  assert.match(missing.r.stdout, '::error title=shootlint::working-directory nowhere does not exist');
});

test.run();
