// Bundles the command line (and the language server) into dist/ so a cold
// start loads one file instead of resolving hundreds of modules.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// The lint worker of --jobs is its own entry: worker threads load dist/worker.mjs.
const entries = { cli: 'lib/cli/main.ts', lsp: 'lib/lsp/server.ts', worker: 'lib/run/lint-worker.ts' };
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
    outfile: `dist/${name}.mjs`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'warning',
    // CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}

// The per-version Shoot validators are chunks of their own, required by
// lib/gardener/schema-validate.ts when a run first needs that version: they
// sit beside the bundles at the same relative path as beside the module.
const CHUNKS = 'schema-validators';
rmSync(`dist/${CHUNKS}`, { recursive: true, force: true });
mkdirSync(`dist/${CHUNKS}`, { recursive: true });
for (const name of readdirSync(`lib/gardener/${CHUNKS}`)) {
  if (name.endsWith('.cjs')) copyFileSync(`lib/gardener/${CHUNKS}/${name}`, `dist/${CHUNKS}/${name}`);
}
