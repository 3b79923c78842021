// The stdin case of `npm run bench`: a List of N generated Shoots (with their
// ConfigMaps) as `kubectl get shoots -A -o json` / `-o yaml` prints it, piped
// to the built CLI's standard input, against JSON.parse of the same JSON text
// in the same run (the floor: the text and its tree held whole). Each is a
// child process; peak memory is its max RSS.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeShootList } from './shoot-list.mjs';

// Child programs print "<milliseconds> <maxRSS kB>" on standard error.
const FLOOR = `
import { readFileSync } from 'node:fs';
const t0 = performance.now();
let list;
try {
  list = JSON.parse(readFileSync(0, 'utf8'));
} catch (err) {
  // Past about 512 MiB the text does not fit in one string: the whole-document floor cannot be measured.
  process.stderr.write(\`FAILED \${err.code ?? err.message}\n\`);
  process.exit(0);
}
process.stderr.write(\`\${(performance.now() - t0).toFixed(1)} \${process.resourceUsage().maxRSS} \${list.items.length}\\n\`);
`;
const lint = (root) => `
import { main } from ${JSON.stringify(join(root, 'dist', 'cli.mjs'))};
const t0 = performance.now();
const code = await main(['--no-config', '--no-workspace', '-']);
process.stderr.write(\`\${(performance.now() - t0).toFixed(1)} \${process.resourceUsage().maxRSS} \${code}\\n\`);
`;

function child(source, input) {
  const fd = openSync(input, 'r');
  try {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', source], { stdio: [fd, 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
    const last = r.stderr.trim().split('\n').at(-1) ?? '';
    if (last.startsWith('FAILED ')) return { failed: last.slice(7) };
    const [ms, rss, extra] = last.split(/\s+/).map(Number);
    if (r.status !== 0 || !Number.isFinite(ms)) throw new Error(`child failed (${r.status}): ${r.stderr.slice(-2000)}`);
    return { ms, rssMb: rss / 1024, extra };
  } finally {
    closeSync(fd);
  }
}

/** Generates the corpus (gen), writes it as a JSON and a YAML List, and prints the figures. */
export function stdinBench(root, gen, n) {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-bench-stdin-'));
  try {
    const corpus = join(dir, 'corpus');
    const g = spawnSync(process.execPath, [gen, corpus, String(n), '--force'], { encoding: 'utf8' });
    if (g.status !== 0) throw new Error(g.stderr);
    const json = join(dir, 'list.json');
    const yaml = join(dir, 'list.yaml');
    const items = writeShootList(corpus, json);
    writeShootList(corpus, yaml, true);
    rmSync(corpus, { recursive: true, force: true });
    stdinFigures(root, json, yaml, `${n} Shoots (${items} items)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures for a JSON List and the same List in YAML. */
export function stdinFigures(root, json, yaml, what) {
  {
    const mb = (f) => (statSync(f).size / 1024 / 1024).toFixed(0);
    console.log(`\nStandard input: a List of ${what} piped to shootlint -, against JSON.parse of the JSON List`);
    console.log('input                     MB   wall ms   ratio   peak RSS');
    const floor = child(FLOOR, json);
    if (floor.failed) console.log(`JSON.parse (floor)    ${mb(json).padStart(6)}   fails: ${floor.failed} (the text does not fit in one string)`);
    else console.log(`JSON.parse (floor)    ${mb(json).padStart(6)}   ${floor.ms.toFixed(0).padStart(7)}   1.00×   ${floor.rssMb.toFixed(0).padStart(5)} MB`);
    for (const [name, file] of [['-o json', json], ['-o yaml', yaml]]) {
      const r = child(lint(root), file);
      console.log(`shootlint - (${name})  ${mb(file).padStart(6)}   ${r.ms.toFixed(0).padStart(7)}   ${floor.failed ? '    —' : `${(r.ms / floor.ms).toFixed(2).padStart(4)}×`}   ${r.rssMb.toFixed(0).padStart(5)} MB`);
    }
  }
}
