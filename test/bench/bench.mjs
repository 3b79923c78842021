#!/usr/bin/env node
// `npm run bench`: throughput and cold start, each as a ratio to a baseline
// measured in the same run (figures from different machines do not compare).
//
//   node test/bench/bench.mjs [--sizes 1000,10000] [--runs 3] [--cold 20] [--workspace 10000] [--lsp 1] [--stdin 100000] [--big 100000]
//   node test/bench/bench.mjs --report-only [--compare OTHER/dist] [--sizes 10000] [--runs 1]
//
// Throughput: N generated Shoots (test/bench/gen-shoots.mjs) linted by the
// bundled CLI in a child process (every core, --format json), against two
// parse-only floors: read every file and yaml.parseAllDocuments, and read every
// file and js-yaml's loadAll, each in a child process. A fleet (--big, 0 to
// skip): json and sarif of 100,000 Shoots complete, with their peak RSS. Peak memory is the
// child's max RSS. Report: `shootlint report -f html` of the same corpus, to a
// directory (summary, one page per Shoot) and to stdout (summary page), against
// the lint of that corpus in the same run (--report-only: the lint and the report
// alone; --compare DIR: also the report of the build in DIR, e.g. main's dist/,
// in the same rounds). Cold start: `shootlint
// examples/hardened.yaml` against bare `node -e 0`, medians over --cold runs.
// Workspace (workspace.mjs): in a git repository of --workspace generated
// Shoots, a pre-commit of one staged file (cold, warm cache) against the same
// file with --no-workspace, and the language server on the whole workspace
// against one with no folder (--lsp 0 skips the language server). Standard input (stdin-list.mjs): a List of
// --stdin generated Shoots piped to the CLI as JSON and as YAML, against
// JSON.parse of the JSON List (0 skips it).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stdinBench } from './stdin-list.mjs';
import { gitInit, lspBench, precommitBench } from './workspace.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const GEN = resolve(ROOT, 'test', 'bench', 'gen-shoots.mjs');
const USAGE = `usage: node test/bench/bench.mjs [--sizes 1000,10000] [--runs 3] [--cold 20] [--workspace 10000] [--lsp 1] [--stdin 100000] [--big 100000]
       node test/bench/bench.mjs --report-only [--compare OTHER/dist] [--sizes 10000] [--runs 1]
(0 skips --sizes, --workspace, --lsp, --stdin, --big; --cold 0 skips the cold start)`;
let values;
try {
  ({ values } = parseArgs({ options: { help: { type: 'boolean', short: 'h', default: false }, sizes: { type: 'string', default: '1000,10000' }, runs: { type: 'string', default: '3' }, cold: { type: 'string', default: '20' }, workspace: { type: 'string', default: '10000' }, lsp: { type: 'string', default: '1' }, stdin: { type: 'string', default: '100000' }, big: { type: 'string', default: '100000' }, 'report-only': { type: 'boolean', default: false }, compare: { type: 'string' } } }));
} catch (e) {
  console.error(`bench: ${e.message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const sizes = values.sizes.split(',').map(Number).filter((n) => n > 0);
const runs = Number(values.runs);
const coldRuns = Number(values.cold);

if (!existsSync(join(ROOT, 'dist', 'cli.mjs'))) {
  console.error('bench: dist/cli.mjs missing; run npm run build first');
  process.exit(2);
}
if (!existsSync(GEN)) {
  console.error(`bench: generator not found at ${GEN}`);
  process.exit(2);
}

// Child programs print "<milliseconds> <maxRSS kB> <count>" on stdout.
// The js-yaml floor: read every file and js-yaml's loadAll, the least any YAML linter does.
const JSYAML = `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from ${JSON.stringify(join(ROOT, 'node_modules', 'js-yaml', 'dist', 'js-yaml.mjs'))};
const dir = process.argv[1];
const t0 = performance.now();
let docs = 0;
for (const f of readdirSync(dir).sort()) loadAll(readFileSync(join(dir, f), 'utf8'), () => docs++);
console.log((performance.now() - t0).toFixed(1), process.resourceUsage().maxRSS, docs);
`;
const FLOOR = `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from ${JSON.stringify(join(ROOT, 'node_modules', 'yaml', 'dist', 'index.js'))};
const dir = process.argv[1];
const t0 = performance.now();
let docs = 0;
for (const f of readdirSync(dir).sort()) docs += parseAllDocuments(readFileSync(join(dir, f), 'utf8')).length;
console.log((performance.now() - t0).toFixed(1), process.resourceUsage().maxRSS, docs);
`;
const LINT = `
import { main } from ${JSON.stringify(join(ROOT, 'dist', 'cli.mjs'))};
const [dir, format = 'json'] = process.argv.slice(1);
const t0 = performance.now();
let bytes = 0;
let head = '';
const code = await main(['--format', format, '--no-config', dir], { cwd: process.cwd(), stdout: (s) => { bytes += s.length; if (head.length < 4000) head += s.slice(0, 4000); }, stderr: (s) => process.stderr.write(s), readStdin: () => '', isTTY: false, env: {} });
if (code === 2) {
  process.stderr.write(head.slice(0, 4000));
  process.exit(2);
}
console.log((performance.now() - t0).toFixed(1), process.resourceUsage().maxRSS, bytes);
`;

// argv: the corpus, then a directory to write to (or "-" for stdout).
const reportOf = (dist) => `
import { main } from ${JSON.stringify(join(dist, 'cli.mjs'))};
const [dir, out] = process.argv.slice(1);
const t0 = performance.now();
let bytes = 0;
const code = await main(['report', '-f', 'html', '--no-config', dir, ...(out === '-' ? [] : ['-o', out + '/'])], { cwd: process.cwd(), stdout: (s) => { bytes += s.length; }, stderr: (s) => process.stderr.write(s), readStdin: () => '', isTTY: false, env: { SOURCE_DATE_EPOCH: '0' } });
if (code === 2) process.exit(2);
console.log((performance.now() - t0).toFixed(1), process.resourceUsage().maxRSS, bytes);
`;
const REPORT = reportOf(join(ROOT, 'dist'));
const OTHER = values.compare !== undefined ? reportOf(resolve(values.compare)) : undefined;
const reportOnly = values['report-only'];

function child(source, dir, ...args) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', source, dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  const [ms, rss] = r.stdout.trim().split(/\s+/).map(Number);
  return { ms, rssMb: rss / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 1) => n.toFixed(d);

console.log(`shootlint bench — node ${process.version}, ${runs} run(s) per size, medians\n`);
if (sizes.length) console.log('Shoots   yaml floor ms   js-yaml floor ms   lint ms   Shoots/s   ratio to yaml / js-yaml   peak RSS yaml / js-yaml / lint');
const reports = [];
for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-bench-'));
  try {
    const g = spawnSync(process.execPath, [GEN, dir, String(n), '--force'], { encoding: 'utf8' });
    if (g.status !== 0) throw new Error(g.stderr);
    const floor = [];
    const jsyaml = [];
    const lint = [];
    const toDir = [];
    const toStdout = [];
    const otherDir = [];
    const otherStdout = [];
    const toDirOf = (source, into) => {
      const out = mkdtempSync(join(tmpdir(), 'shootlint-bench-report-'));
      try {
        into.push(child(source, dir, out));
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    };
    for (let i = 0; i < runs; i++) {
      if (!reportOnly) floor.push(child(FLOOR, dir));
      if (!reportOnly) jsyaml.push(child(JSYAML, dir));
      lint.push(child(LINT, dir));
      toDirOf(REPORT, toDir);
      toStdout.push(child(REPORT, dir, '-'));
      if (OTHER) {
        toDirOf(OTHER, otherDir);
        otherStdout.push(child(OTHER, dir, '-'));
      }
    }
    const f = reportOnly ? NaN : median(floor.map((x) => x.ms));
    const j = reportOnly ? NaN : median(jsyaml.map((x) => x.ms));
    const l = median(lint.map((x) => x.ms));
    const fr = Math.max(...floor.map((x) => x.rssMb));
    const jr = Math.max(...jsyaml.map((x) => x.rssMb));
    const lr = Math.max(...lint.map((x) => x.rssMb));
    // --report-only measures no floors: their columns say so instead of NaN.
    const or = (x, text) => (reportOnly ? '—' : text(x));
    console.log(`${String(n).padStart(6)}   ${or(f, fmt).padStart(13)}   ${or(j, fmt).padStart(16)}   ${fmt(l).padStart(7)}   ${fmt((n / l) * 1000, 0).padStart(8)}   ${or(l / f, (x) => `${fmt(x, 2)}×`).padStart(10)} / ${or(l / j, (x) => `${fmt(x, 2)}×`)}   ${or(fr, (x) => `${fmt(x, 0)} MB`)} / ${or(jr, (x) => `${fmt(x, 0)} MB`)} / ${fmt(lr, 0)} MB`);
    const d = median(toDir.map((x) => x.ms));
    const o = median(toStdout.map((x) => x.ms));
    reports.push({ n, l, d, dr: Math.max(...toDir.map((x) => x.rssMb)), o, or: Math.max(...toStdout.map((x) => x.rssMb)) });
    if (OTHER) {
      reports.push({
        n, l, label: `${values.compare}`,
        d: median(otherDir.map((x) => x.ms)), dr: Math.max(...otherDir.map((x) => x.rssMb)),
        o: median(otherStdout.map((x) => x.ms)), or: Math.max(...otherStdout.map((x) => x.rssMb)),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (reports.length) {
  console.log('\nReport -f html, as a ratio to the lint of the same corpus (above)');
  console.log('Shoots   lint ms   -o DIR/ ms   ratio   peak RSS   stdout ms   ratio   peak RSS');
}
for (const r of reports) {
  console.log(`${String(r.n).padStart(6)}   ${fmt(r.l).padStart(7)}   ${fmt(r.d).padStart(10)}   ${fmt(r.d / r.l, 2).padStart(4)}×   ${fmt(r.dr, 0).padStart(5)} MB   ${fmt(r.o).padStart(9)}   ${fmt(r.o / r.l, 2).padStart(4)}×   ${fmt(r.or, 0).padStart(5)} MB${r.label ? `   (${r.label})` : ''}`);
}
if (reportOnly) process.exit(0);

// A fleet: --big generated Shoots (default 100,000), json and sarif, once each: they complete, and peak RSS.
const big = Number(values.big);
if (big > 0) {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-bench-big-'));
  try {
    const g = spawnSync(process.execPath, [GEN, dir, String(big), '--force'], { encoding: 'utf8' });
    if (g.status !== 0) throw new Error(g.stderr);
    const j = child(JSYAML, dir);
    console.log(`\n${big} Shoots, one run each: js-yaml floor ${fmt(j.ms / 1000)} s, ${fmt(j.rssMb, 0)} MB`);
    for (const format of ['json', 'sarif']) {
      const l = child(LINT, dir, format);
      console.log(`  ${format.padEnd(5)}  ${fmt(l.ms / 1000)} s (${fmt(l.ms / j.ms, 2)}× js-yaml)   peak RSS ${fmt(l.rssMb, 0)} MB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function wall(args, cwd = ROOT) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status === null || r.status === 2) throw new Error(`cold start run failed: ${r.stderr}`);
  return ms;
}
if (coldRuns > 0) {
  // One Shoot in a folder of its own (its workspace is that folder), and the same
  // file inside this repository, whose workspace holds every test manifest.
  const alone = mkdtempSync(join(tmpdir(), 'shootlint-cold-'));
  copyFileSync(join(ROOT, 'examples', 'hardened.yaml'), join(alone, 'hardened.yaml'));
  // A pre-commit run of five files: five generated Shoots and ConfigMaps, given by name, in a folder of their own.
  const five = mkdtempSync(join(tmpdir(), 'shootlint-five-'));
  const g = spawnSync(process.execPath, [GEN, five, '5', '--force'], { encoding: 'utf8' });
  if (g.status !== 0) throw new Error(g.stderr);
  const fiveFiles = readdirSync(five).sort().slice(0, 5);
  const bare = [];
  const one = [];
  const inRepo = [];
  const ofFive = [];
  for (let i = 0; i < coldRuns; i++) {
    bare.push(wall(['-e', '0']));
    one.push(wall([join(ROOT, 'bin', 'shootlint.js'), '--no-config', 'hardened.yaml'], alone));
    inRepo.push(wall([join(ROOT, 'bin', 'shootlint.js'), '--no-config', 'examples/hardened.yaml']));
    ofFive.push(wall([join(ROOT, 'bin', 'shootlint.js'), '--no-config', ...fiveFiles], five));
  }
  rmSync(alone, { recursive: true, force: true });
  rmSync(five, { recursive: true, force: true });
  const b = median(bare);
  const o = median(one);
  const r = median(inRepo);
  const f = median(ofFive);
  console.log(`\nCold start (median of ${coldRuns}): node -e 0 ${fmt(b)} ms; shootlint hardened.yaml in a folder of its own ${fmt(o)} ms, ratio ${fmt(o / b, 2)}× (target 2.5×); ${fiveFiles.length} files given by name (a pre-commit run) ${fmt(f)} ms, ratio ${fmt(f / b, 2)}× (target 3×); examples/hardened.yaml in this repository (workspace of its test manifests) ${fmt(r)} ms, ratio ${fmt(r / b, 2)}×`);
}

const wsShoots = Number(values.workspace);
if (wsShoots > 0) {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-bench-repo-'));
  try {
    const g = spawnSync(process.execPath, [GEN, dir, String(wsShoots), '--force'], { encoding: 'utf8' });
    if (g.status !== 0) throw new Error(g.stderr);
    gitInit(dir);
    precommitBench(ROOT, dir, Math.max(runs, 5));
    if (values.lsp !== '0') await lspBench(ROOT, dir, { runs });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const stdinShoots = Number(values.stdin);
if (stdinShoots > 0) stdinBench(ROOT, GEN, stdinShoots);
