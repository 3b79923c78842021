// The workspace benchmarks of `npm run bench`, in a generated repository of
// N Shoots (git work tree): a pre-commit of one staged file and the language
// server on the whole workspace, each next to a baseline measured in the same
// run. Uses the bundles in dist/ (what users run).
//
//   pre-commit: `shootlint <one Shoot>` cold (no cache), with a warm --cache,
//               against `shootlint --no-workspace <one Shoot>` (no context).
//   language server: index time, first diagnostics after didOpen, edit ->
//               publishDiagnostics p50/p95 and peak RSS, against the same
//               server with no workspace folder.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (n) => `${n.toFixed(1)} ms`;

function wall(root, cwd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'shootlint.js'), ...args], { cwd, encoding: 'utf8' });
  const t = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status === null || r.status === 2) throw new Error(`shootlint ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms: t, stdout: r.stdout };
}

/** A Shoot of the corpus that has its audit-policy ConfigMap in the corpus. */
function pickShoot(dir) {
  const names = readdirSync(dir).sort();
  const policy = names.filter((n) => n.startsWith('auditpolicy-')).at(-1);
  return `shoot-${policy.slice('auditpolicy-'.length)}`;
}

export function precommitBench(root, dir, runs) {
  const shoot = pickShoot(dir);
  const cacheDir = `${dir}.cache/`;
  const base = [];
  const cold = [];
  const warm = [];
  wall(root, dir, ['--no-config', '--cache-location', cacheDir, shoot]); // fills the cache
  for (let i = 0; i < runs; i++) {
    base.push(wall(root, dir, ['--no-config', '--no-workspace', shoot]).ms);
    cold.push(wall(root, dir, ['--no-config', shoot]).ms);
    warm.push(wall(root, dir, ['--no-config', '--cache-location', cacheDir, shoot]).ms);
  }
  rmSync(cacheDir, { recursive: true, force: true });
  const b = median(base);
  const c = median(cold);
  const w = median(warm);
  console.log(`\nPre-commit of 1 staged Shoot in a repository of ${readdirSync(dir).length} files (medians of ${runs}):`);
  console.log(`  --no-workspace (no context)  ${ms(b).padStart(10)}`);
  console.log(`  cold (no cache)              ${ms(c).padStart(10)}   ratio ${(c / b).toFixed(2)}×   (target 1500 ms)`);
  console.log(`  warm --cache                 ${ms(w).padStart(10)}   ratio ${(w / b).toFixed(2)}×   (target 300 ms)`);
}

function peakRssMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function lspRun(root, folder, shootPath, edits, warmup) {
  const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = await import(pathToFileURL(join(root, 'node_modules', 'vscode-jsonrpc', 'node.js')).href);
  const child = spawn(process.execPath, [join(root, 'bin', 'shootlint-lsp.js')], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = [];
  rpc.onNotification('textDocument/publishDiagnostics', (p) => {
    const at = performance.now();
    for (const w of waiting.splice(0)) if (!w.test(p)) waiting.push(w); else w.resolve({ at, p });
  });
  let indexed;
  const ready = new Promise((r) => (indexed = r));
  rpc.onNotification('$/progress', (p) => p.value?.kind === 'end' && indexed(performance.now()));
  rpc.onRequest(() => null);
  rpc.listen();
  const wait = (test) => new Promise((resolve) => waiting.push({ test, resolve }));
  const t0 = performance.now();
  await rpc.sendRequest('initialize', {
    processId: process.pid, rootUri: null, capabilities: { window: { workDoneProgress: true }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    initializationOptions: {}, workspaceFolders: folder ? [{ uri: pathToFileURL(folder).href, name: 'bench' }] : [],
  });
  await rpc.sendNotification('initialized', {});
  const text = readFileSync(shootPath, 'utf8');
  const uri = pathToFileURL(shootPath).href;
  // Opened at once, while the index is being built.
  let t = performance.now();
  let done = wait((p) => p.uri === uri);
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 0, text } });
  const firstEarly = (await done).at - t;
  const indexMs = folder ? (await ready) - t0 : 0;
  // Opened again once the index is complete.
  await rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
  t = performance.now();
  done = wait((p) => p.uri === uri && p.version === 1);
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const firstReady = (await done).at - t;
  const lines = text.split('\n');
  const target = lines.findIndex((l) => /^\s+maximum: \d+/.test(l));
  const col = lines[target].search(/\d/);
  const times = [];
  for (let v = 2; v < 2 + warmup + edits; v++) {
    done = wait((p) => p.uri === uri && p.version === v);
    t = performance.now();
    await rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line: target, character: col }, end: { line: target, character: col + 1 } }, text: String(2 + (v % 7)) }],
    });
    const { at } = await done;
    if (v >= 2 + warmup) times.push(at - t);
  }
  const rss = peakRssMb(child.pid);
  await rpc.sendRequest('shutdown');
  await rpc.sendNotification('exit');
  rpc.dispose();
  return { indexMs, firstEarly, firstReady, p50: percentile(times, 50), p95: percentile(times, 95), rss };
}

export async function lspBench(root, dir, edits = 50, warmup = 10) {
  const shootPath = join(dir, pickShoot(dir));
  const alone = await lspRun(root, undefined, shootPath, edits, warmup);
  const ws = await lspRun(root, dir, shootPath, edits, warmup);
  console.log(`\nLanguage server, default settings, workspace of ${readdirSync(dir).length} files (${edits} edits after ${warmup} warm-up):`);
  console.log('                         no workspace     workspace     ratio   target');
  const row = (name, a, b, target) => console.log(`  ${name.padEnd(22)} ${ms(a).padStart(12)}  ${ms(b).padStart(12)}   ${(b / a).toFixed(2).padStart(5)}×  ${target}`);
  console.log(`  index built            ${''.padStart(12)}  ${ms(ws.indexMs).padStart(12)}`);
  row('first diag (indexing)', alone.firstEarly, ws.firstEarly, '');
  row('first diag (indexed)', alone.firstReady, ws.firstReady, '<= 300 ms');
  row('edit -> diag p50', alone.p50, ws.p50, '');
  row('edit -> diag p95', alone.p95, ws.p95, '<= 15 ms');
  console.log(`  peak RSS               ${`${alone.rss.toFixed(0)} MiB`.padStart(12)}  ${`${ws.rss.toFixed(0)} MiB`.padStart(12)}   ${(ws.rss / alone.rss).toFixed(2).padStart(5)}×  <= 250 MiB`);
}

export function gitInit(dir) {
  spawnSync('git', ['init', '-q'], { cwd: dir });
}

