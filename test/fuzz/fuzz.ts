/**
 * Crash fuzzing (`npm run fuzz`): mutates the fixtures and examples and runs
 * the built CLI and language server on the results, checking that
 *   - the CLI exits 0, 1 or 2, and 2 only with a `shootlint:` message that is
 *     not an internal error;
 *   - nothing prints a stack trace;
 *   - json, sarif and gitlab output parses, junit is one XML document;
 *   - every run ends within a time bound and a heap bound (the children run
 *     with --max-old-space-size, so going over is a crash);
 *   - the language server answers every edit with diagnostics, stays up and
 *     exits cleanly.
 * Bounded and reproducible: --seed N (default: random, printed), --runs N
 * (CLI runs, default 300), --seconds N (stops earlier, default 300). A failing
 * input is kept in a folder (printed) with the command that failed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { mutate, random } from '../helpers/mutate.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'shootlint.js');
const LSP = join(ROOT, 'bin', 'shootlint-lsp.js');
/** Bounds of one CLI run over a few small files. */
const TIME_LIMIT_MS = 30_000;
const HEAP_LIMIT_MB = 512;
const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab'] as const;
const STACK_TRACE = /\n\s+at .+:\d+:\d+\)?\n/;

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    runs: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '300' },
    keep: { type: 'string' },
  },
});
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const runs = Number(values.runs);
const deadline = Date.now() + Number(values.seconds) * 1000;
const rnd = random(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

function inputs(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return inputs(p);
    return /\.(ya?ml|json)$/.test(name) ? [p] : [];
  });
}

const corpus: Buffer[] = [...inputs(join(ROOT, 'test', 'fixtures')), ...inputs(join(ROOT, 'examples'))].map((p) => readFileSync(p));

/** Byte-level edits the text mutations never make: invalid UTF-8, BOMs, controls, deep nesting, repetition, splicing. */
function mutateBytes(b: Buffer): Buffer {
  const at = Math.floor(rnd() * (b.length + 1));
  const insert = (x: Buffer): Buffer => Buffer.concat([b.subarray(0, at), x, b.subarray(at)]);
  switch (Math.floor(rnd() * 10)) {
    case 0:
      return insert(Buffer.from([pick([0xff, 0xfe, 0xc3, 0xe2, 0xed, 0xf0, 0x80, 0xc0])]));
    case 1:
      return insert(Buffer.from(pick(['\ufeff', '\u0000', '\r', '\t', '\u2028', '\u0085', '\u00a0', '😀', '\r\n'])));
    case 2: {
      const n = pick([10, 300, 3000, 20000]);
      return insert(Buffer.from(pick([`${'['.repeat(n)}${']'.repeat(n)}`, '['.repeat(n), `${'- '.repeat(n)}x`, `${'{a: '.repeat(n)}1${'}'.repeat(n)}`, `${'? '.repeat(n)}x`])));
    }
    case 3:
      return b.subarray(0, at);
    case 4:
      return Buffer.concat([b, b.subarray(Math.floor(rnd() * b.length))]);
    case 5:
      return Buffer.concat([b.subarray(0, at), pick(corpus).subarray(Math.floor(rnd() * 200))]);
    case 6:
      return insert(Buffer.from(pick(['&a ', '*a', '<<: *a\n', '!!binary ', '%YAML 1.1\n---\n', '...\n', '---\n', `${'k'.repeat(1022)}: v\n`, 'a:\n'])));
    case 7: {
      // An alias bomb.
      const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 9; i++) lines.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
      return insert(Buffer.from(`\n${lines.join('\n')}\n`));
    }
    default:
      return b;
  }
}

function mutated(): Buffer {
  let b: Buffer = pick(corpus);
  const edits = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < edits; i++) {
    if (rnd() < 0.7) b = Buffer.from(mutate(b.toString('utf8'), rnd));
    else b = mutateBytes(b);
  }
  return b;
}

interface Failure {
  readonly what: string;
  readonly detail: string;
  readonly files: readonly { name: string; bytes: Buffer }[];
  readonly command?: string;
}

const failures: Failure[] = [];
const work = mkdtempSync(join(tmpdir(), 'shootlint-fuzz-'));
const keep = values.keep !== undefined ? resolve(values.keep) : join(tmpdir(), `shootlint-fuzz-failures-${seed}`);

function checkOutput(format: string, stdout: string): string | undefined {
  try {
    if (format === 'json' || format === 'gitlab') JSON.parse(stdout);
    if (format === 'sarif') {
      const s = JSON.parse(stdout) as { version?: string; runs?: unknown[] };
      if (s.version !== '2.1.0' || !Array.isArray(s.runs)) return 'SARIF without version 2.1.0 or runs';
    }
  } catch (err) {
    return `${format} output does not parse: ${(err as Error).message}`;
  }
  if (format === 'junit' && !/^<\?xml [^>]*\?>\s*<testsuites[\s>][\s\S]*<\/testsuites>\s*$/.test(stdout)) return 'junit output is not one <testsuites> document';
  return undefined;
}

function runCli(i: number): void {
  const dir = join(work, `cli-${i}`);
  mkdirSync(dir);
  const files = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, k) => ({ name: `f${k}.${rnd() < 0.9 ? 'yaml' : 'json'}`, bytes: mutated() }));
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  const format = pick(FORMATS);
  const args = ['--no-config', '--no-color', '-f', format, ...(rnd() < 0.2 ? ['--strict'] : []), ...files.map((f) => f.name)];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: TIME_LIMIT_MS, maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  const command = `shootlint ${args.join(' ')}`;
  const fail = (what: string, detail: string): void => void failures.push({ what, detail, files, command });
  if (r.error || r.status === null) fail('did not finish', `${r.error?.message ?? `signal ${r.signal}`} after ${Math.round(ms)} ms`);
  else if (![0, 1, 2].includes(r.status)) fail(`exit code ${r.status}`, r.stderr.slice(0, 2000));
  else if (STACK_TRACE.test(`${r.stdout}\n${r.stderr}`)) fail('stack trace', `${r.stderr}\n${r.stdout}`.slice(0, 3000));
  else if (r.status === 2) fail('exit 2', r.stderr.slice(0, 2000));
  else {
    const bad = checkOutput(format, r.stdout);
    if (bad) fail('invalid output', bad);
  }
  rmSync(dir, { recursive: true, force: true });
}

/** One language server, many mutated documents opened and edited; every version must get its diagnostics. */
async function runLsp(documents: number): Promise<void> {
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, LSP], { cwd: work });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<string, (v: number | undefined) => void>();
  rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => waiting.get(p.uri)?.(p.version));
  rpc.onRequest(() => null);
  rpc.listen();
  const sent: { name: string; bytes: Buffer }[] = [];
  const fail = (what: string, detail: string): void => void failures.push({ what: `language server: ${what}`, detail: `${detail}\n${stderr.slice(0, 2000)}`, files: sent.slice(-3) });
  const diagnosed = (uri: string, version: number): Promise<void> =>
    new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no diagnostics for version ${version} within ${TIME_LIMIT_MS} ms`)), TIME_LIMIT_MS);
      waiting.set(uri, (v) => {
        if (v !== undefined && v < version) return;
        clearTimeout(timer);
        res();
      });
    });
  try {
    await rpc.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0 }, workspaceFolders: null });
    await rpc.sendNotification('initialized', {});
    for (let d = 0; d < documents && Date.now() < deadline; d++) {
      const uri = pathToFileURL(join(work, `doc-${d}.yaml`)).href;
      let text = mutated().toString('utf8');
      sent.push({ name: `doc-${d}-v1.yaml`, bytes: Buffer.from(text) });
      let got = diagnosed(uri, 1);
      await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      await got;
      for (let v = 2; v <= 4; v++) {
        // A whole-text change, or a ranged one (possibly out of range, as a confused client may send).
        if (rnd() < 0.5) {
          text = mutate(text, rnd);
          got = diagnosed(uri, v);
          sent.push({ name: `doc-${d}-v${v}.yaml`, bytes: Buffer.from(text) });
          await rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
        } else {
          const line = Math.floor(rnd() * 60);
          const range = { start: { line, character: Math.floor(rnd() * 30) }, end: { line: line + Math.floor(rnd() * 3), character: Math.floor(rnd() * 30) } };
          const insert = pick(['', 'x', ': ', '\n', '- ', '  ', '"', '[', '\ufeff', '😀', '\r\n']);
          got = diagnosed(uri, v);
          sent.push({ name: `doc-${d}-v${v}.json`, bytes: Buffer.from(JSON.stringify({ range, text: insert })) });
          await rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range, text: insert }] });
        }
        await got;
      }
      await rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    await rpc.sendRequest('shutdown');
    await rpc.sendNotification('exit');
    const code = await Promise.race([exited, new Promise<'hung'>((res) => setTimeout(() => res('hung'), 10_000))]);
    if (code !== 0) fail('exit', `exit code ${code}`);
  } catch (err) {
    fail('no answer', (err as Error).message);
    child.kill('SIGKILL');
  }
  if (STACK_TRACE.test(stderr)) fail('stack trace', stderr.slice(0, 3000));
  rpc.dispose();
}

function keepFailures(): void {
  failures.forEach((f, i) => {
    const dir = join(keep, String(i));
    mkdirSync(dir, { recursive: true });
    for (const file of f.files) writeFileSync(join(dir, file.name), file.bytes);
    writeFileSync(join(dir, 'README.txt'), `${f.what}\n${f.command ? `in this folder: ${f.command}\n` : ''}\n${f.detail}\n`);
  });
}

async function main(): Promise<void> {
  if (spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' }).status !== 0) throw new Error('build first: npm run build');
  console.log(`fuzz: seed ${seed}, up to ${runs} CLI runs and ${Math.ceil(runs / 10)} language server documents, at most ${values.seconds} s`);
  let done = 0;
  for (; done < runs && Date.now() < deadline; done++) {
    runCli(done);
    if (done % 50 === 49) console.log(`  ${done + 1} CLI runs, ${failures.length} failures`);
  }
  await runLsp(Math.ceil(runs / 10));
  rmSync(work, { recursive: true, force: true });
  if (failures.length > 0) {
    keepFailures();
    for (const f of failures.slice(0, 10)) console.log(`FAIL ${f.what}${f.command ? ` (${f.command})` : ''}\n  ${f.detail.split('\n').slice(0, 6).join('\n  ')}`);
    console.log(`\n${failures.length} failure(s) in ${done} CLI runs; inputs kept in ${relative(process.cwd(), keep) || keep}; replay with --seed ${seed}`);
    process.exitCode = 1;
    return;
  }
  console.log(`fuzz: ${done} CLI runs and the language server passed (seed ${seed})`);
}

await main();
