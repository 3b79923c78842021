// Bundles the command line (and the language server) into dist/ so a cold
// start loads one file instead of resolving hundreds of modules.
import { readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// The lint worker of --jobs is its own entry: worker threads load dist/worker.mjs. So are the early
// stats of a warm --cache run, which bin/shootlint.js starts before it loads the CLI's bundle, and their
// worker, in CommonJS (a worker thread starts sooner without the ES module loader).
const entries = { cli: 'lib/cli/main.ts', lsp: 'lib/lsp/server.ts', worker: 'lib/run/lint-worker.ts', 'early-scan': 'lib/cli/early-scan.ts', 'scan-worker.cjs': 'lib/cli/scan-worker.ts' };
// `shootlint lsp` loads the server bundle beside the CLI's only when asked,
// so the CLI's cold start does not pay for the protocol libraries.
const lspExternal = {
  name: 'lsp-external',
  setup(b) {
    b.onResolve({ filter: /[\\/]lsp[\\/]server\.ts$/ }, () => ({ path: './lsp.mjs', external: true }));
  },
};
for (const [name, entry] of Object.entries(entries)) {
  await build({
    plugins: name === 'cli' ? [lspExternal] : [],
    entryPoints: [entry],
    outfile: name.endsWith('.cjs') ? `dist/${name}` : `dist/${name}.mjs`,
    bundle: true,
    platform: 'node',
    format: name.endsWith('.cjs') ? 'cjs' : 'esm',
    target: 'node20',
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'warning',
    // CommonJS dependencies call require(); give the ESM bundles one.
    ...(name.endsWith('.cjs') ? {} : { banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } }),
  });
}

// The precompiled schema validators (a Shoot's per Gardener version, the
// configuration's) are chunks of their own, required when a run first needs
// one: each is bundled (with the Ajv runtime helpers it requires) beside the
// bundles at the same relative path as beside its module.
const CHUNKS = 'schema-validators';
rmSync(`dist/${CHUNKS}`, { recursive: true, force: true });
for (const from of [`lib/gardener/${CHUNKS}`, `lib/config/${CHUNKS}`]) {
  for (const name of readdirSync(from).filter((n) => n.endsWith('.cjs'))) {
    await build({
      entryPoints: [`${from}/${name}`],
      outfile: `dist/${CHUNKS}/${name}`,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minifyWhitespace: true,
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
}
