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
  const wanted = argv.filter((a) => !a.startsWith('--'));
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
