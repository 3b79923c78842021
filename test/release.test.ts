/**
 * The release: `npm pack` builds the package, which is installed into an empty
 * temporary project (with the registry's dependencies, as a user would get them)
 * and used from there: the CLI through npx, the language server over stdio with
 * a real JSON-RPC client, the JSON Schemas under node_modules/shootlint/schemas.
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
  for (const want of ['LICENSE', 'README.md', 'package.json', 'bin/shootlint.js', 'bin/shootlint-lsp.js', 'dist/cli.mjs', 'dist/lsp.mjs', 'schemas/shoot.json', 'schemas/shootlint-config.schema.json', 'rules/242395.md']) {
    assert.ok(files.includes(want), `${want} is in the package`);
  }
  const stray = files.filter((f) => !/^(LICENSE|README\.md|package\.json|bin\/[^/]+\.js|dist\/[^/]+\.mjs|schemas\/[^/]+\.json|rules\/[^/]+\.md)$/.test(f));
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

test.run();
