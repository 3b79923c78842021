/**
 * `npm run gen [-- <generator>...] [--check]`: writes every generated file, or
 * with --check only reports which are stale (exit 1). Generators: data, schemas, rules.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GENERATORS } from './registry.ts';
import { REPO_ROOT } from './generated.ts';

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  // Generator names are the bare words that are not the value of a --flag.
  const VALUE_FLAGS = ['--from', '--version'];
  const wanted = argv.filter((a, i) => !a.startsWith('--') && !VALUE_FLAGS.includes(argv[i - 1] ?? ''));
  const unknown = wanted.filter((w) => !(w in GENERATORS));
  if (unknown.length) {
    console.error(`shootlint gen: unknown generator ${unknown.join(', ')}; known: ${Object.keys(GENERATORS).join(', ')}`);
    return 2;
  }
  const names = wanted.length ? wanted : Object.keys(GENERATORS);
  let stale = 0;
  for (const name of names) {
    const files = await GENERATORS[name]!(argv);
    for (const f of files) {
      const abs = resolve(REPO_ROOT, f.path);
      const old = existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
      if (old === f.content) continue;
      stale++;
      if (check) console.error(`stale: ${f.path}`);
      else {
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, f.content);
        console.log(`wrote ${f.path}`);
      }
    }
  }
  return check && stale ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`shootlint gen: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
