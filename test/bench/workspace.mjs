// The workspace benchmarks of `npm run bench`, in a generated repository of
// N Shoots (git work tree): a pre-commit of one staged file and the language
// server on the whole workspace, each next to a baseline measured in the same
// run. Uses the bundles in dist/ (what users run).
//
//   pre-commit: `shootlint <one Shoot>` cold (no cache), with a warm --cache,
//               and with a warm --cache stat'ed on the main thread alone
//               (SHOOTLINT_EARLY_SCAN=0), against `shootlint --no-workspace
//               <one Shoot>` (no context);
//               then with a warm --cache and the staged file edited before
//               each run, and with a warm --cache and a .shootlint.yaml in the root.
//   language server: index time, first diagnostics after didOpen, edit ->
//               publishDiagnostics p50/p95 and peak RSS, against the same
//               server with no workspace folder.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (n) => `${n.toFixed(1)} ms`;

function wall(root, cwd, args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'shootlint.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
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
  const mainOnly = [];
  wall(root, dir, ['--no-config', '--cache-location', cacheDir, shoot]); // fills the cache
  for (let i = 0; i < runs; i++) {
    base.push(wall(root, dir, ['--no-config', '--no-workspace', shoot]).ms);
    cold.push(wall(root, dir, ['--no-config', shoot]).ms);
    warm.push(wall(root, dir, ['--no-config', '--cache-location', cacheDir, shoot]).ms);
    mainOnly.push(wall(root, dir, ['--no-config', '--cache-location', cacheDir, shoot], { SHOOTLINT_EARLY_SCAN: '0' }).ms);
  }
  // The staged file edited before each run (what a commit is): the cache holds its old version.
  const shootPath = join(dir, shoot);
  const original = readFileSync(shootPath, 'utf8');
  const edited = [];
  try {
    for (let i = 0; i < runs; i++) {
      writeFileSync(shootPath, `${original}# edit ${i}\n`);
      edited.push(wall(root, dir, ['--no-config', '--cache-location', cacheDir, shoot]).ms);
    }
  } finally {
    writeFileSync(shootPath, original);
  }
  // A repository with a configuration file (what a team's pre-commit has): read and validated on every run.
  const config = join(dir, '.shootlint.yaml');
  writeFileSync(config, 'strict: false\nrules:\n  no-dashboard: error\n');
  const configured = [];
  try {
    wall(root, dir, ['--cache-location', cacheDir, shoot]);
    for (let i = 0; i < runs; i++) configured.push(wall(root, dir, ['--cache-location', cacheDir, shoot]).ms);
  } finally {
    rmSync(config, { force: true });
  }
  rmSync(cacheDir, { recursive: true, force: true });
  const b = median(base);
  const c = median(cold);
  const w = median(warm);
  const wm = median(mainOnly);
  const wc = median(configured);
  const we = median(edited);
  console.log(`\nPre-commit of 1 staged Shoot in a repository of ${readdirSync(dir).length} files (medians of ${runs}):`);
  console.log(`  --no-workspace (no context)  ${ms(b).padStart(10)}`);
  // The targets, 1.5 s cold and 0.3 s warm where the run with no context took 0.14 s: 10.7× and 2.14× that run.
  console.log(`  cold (no cache)              ${ms(c).padStart(10)}   ratio ${(c / b).toFixed(2)}×   (target 1500 ms against 140 ms: 10.7×)`);
  console.log(`  warm --cache                 ${ms(w).padStart(10)}   ratio ${(w / b).toFixed(2)}×   (target 300 ms against 140 ms: 2.14×)`);
  console.log(`  warm, SHOOTLINT_EARLY_SCAN=0 ${ms(wm).padStart(10)}   ratio ${(wm / b).toFixed(2)}×   (no early stats: every file stat'ed on the main thread)`);
  console.log(`  warm --cache, file edited    ${ms(we).padStart(10)}   ratio ${(we / b).toFixed(2)}×`);
  console.log(`  warm --cache, .shootlint.yaml ${ms(wc).padStart(9)}   ratio ${(wc / b).toFixed(2)}×`);
}

function peakRssMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Edits `uri` (`versions` of them, the first `warmup` not timed) and returns the times to its publishDiagnostics. */
async function timeEdits(rpc, wait, uri, first, warmup, edits, change) {
  const times = [];
  for (let v = first; v < first + warmup + edits; v++) {
    const done = wait((p) => p.uri === uri && p.version === v);
    const t = performance.now();
    await rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change(v)] });
    const { at } = await done;
    if (v >= first + warmup) times.push(at - t);
  }
  return times;
}

/** A one-character edit of the first line matching `re`, at its first digit (or after the match). */
function editAt(text, re, replacement) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => re.test(l));
  const m = re.exec(lines[line]);
  const col = m.index + m[0].length - 1;
  return (v) => ({ range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: replacement(v) });
}

/**
 * One server: opens the Shoot while the index is built, again once it is,
 * then times edits of the Shoot and, with the Shoot still open, of its
 * audit-policy ConfigMap. `nodeArgs` go to the server's node (--cpu-prof).
 */
async function lspRun(root, folder, shootPath, configMapPath, edits, warmup, nodeArgs = []) {
  const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = await import(pathToFileURL(join(root, 'node_modules', 'vscode-jsonrpc', 'node.js')).href);
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'bin', 'shootlint-lsp.js')], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.on('exit', r));
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
  const times = await timeEdits(rpc, wait, uri, 2, warmup, edits, editAt(text, /^\s+maximum: \d/, (v) => String(2 + (v % 7))));
  // The audit-policy ConfigMap, opened beside the Shoot: each edit changes the policy's last level.
  const cmText = readFileSync(configMapPath, 'utf8');
  const cmUri = pathToFileURL(configMapPath).href;
  done = wait((p) => p.uri === cmUri && p.version === 1);
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: cmUri, languageId: 'yaml', version: 1, text: cmText } });
  await done;
  const cmTimes = await timeEdits(rpc, wait, cmUri, 2, warmup, edits, editAt(cmText, /^\s+- level: R/, (v) => (v % 2 ? 'R' : 'M')));
  const rss = peakRssMb(child.pid);
  await rpc.sendRequest('shutdown');
  await rpc.sendNotification('exit');
  await exited;
  rpc.dispose();
  return { indexMs, firstEarly, firstReady, p50: percentile(times, 50), p95: percentile(times, 95), cmP50: percentile(cmTimes, 50), cmP95: percentile(cmTimes, 95), rss };
}

/**
 * The language server on the workspace in `dir` against one with no folder,
 * `runs` times each (alternating); prints medians over the runs.
 */
export async function lspBench(root, dir, { edits = 50, warmup = 10, runs = 3, nodeArgs = [] } = {}) {
  const shootName = pickShoot(dir);
  const shootPath = join(dir, shootName);
  const configMapPath = join(dir, `auditpolicy-${shootName.slice('shoot-'.length)}`);
  const alone = [];
  const ws = [];
  for (let i = 0; i < runs; i++) {
    alone.push(await lspRun(root, undefined, shootPath, configMapPath, edits, warmup, nodeArgs));
    ws.push(await lspRun(root, dir, shootPath, configMapPath, edits, warmup, nodeArgs));
  }
  const med = (rs, k) => median(rs.map((r) => r[k]));
  console.log(`\nLanguage server, default settings, workspace of ${readdirSync(dir).length} files (${edits} edits after ${warmup} warm-up; medians of ${runs} runs):`);
  console.log('                         no workspace     workspace     ratio   target');
  const row = (name, k, target, unit = ms) => {
    const a = med(alone, k);
    const b = med(ws, k);
    console.log(`  ${name.padEnd(22)} ${unit(a).padStart(12)}  ${unit(b).padStart(12)}   ${(b / a).toFixed(2).padStart(5)}×  ${target}`);
  };
  console.log(`  index built            ${''.padStart(12)}  ${ms(med(ws, 'indexMs')).padStart(12)}`);
  row('first diag (indexing)', 'firstEarly', '');
  row('first diag (indexed)', 'firstReady', '<= 300 ms');
  row('edit Shoot p50', 'p50', '');
  row('edit Shoot p95', 'p95', '<= 15 ms');
  row('edit ConfigMap p50', 'cmP50', '');
  row('edit ConfigMap p95', 'cmP95', '<= 15 ms');
  row('peak RSS', 'rss', '<= 250 MiB', (n) => `${n.toFixed(0)} MiB`);
  return { alone, ws };
}

export function gitInit(dir) {
  spawnSync('git', ['init', '-q'], { cwd: dir });
}

