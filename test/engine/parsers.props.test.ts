/**
 * Differential property test: generated YAML around the quick parser's subset
 * boundary reads the same through both parsers (objects, values, the location
 * of every path) and lints to the same findings. A failure is shrunk by
 * fast-check and printed as the smallest text found, with the seed to replay.
 *
 * 5,000 cases by default, linted (the slow part) one quick-read case in 8;
 * SHOOTLINT_PROPS_RUNS sets more cases, SHOOTLINT_PROPS_SEED another seed (or `random`) and
 * SHOOTLINT_PROPS_LINT_EVERY=1 lints every case (`npm run test:props` does all three).
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../../lib/engine/defaults.ts';
import { parseFile, parseWithLibrary } from '../../lib/engine/document.ts';
import { lintParsed } from '../../lib/engine/lint.ts';
import type { SourceFile } from '../../lib/engine/types.ts';
import { RULES } from '../../rules/index.ts';
import { quickAgreesWithLibrary } from '../helpers/same-parse.ts';
import { yamlFile } from '../helpers/yaml-arbitrary.ts';

const RUNS = Number(process.env.SHOOTLINT_PROPS_RUNS ?? 5000);
const SEED = process.env.SHOOTLINT_PROPS_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.SHOOTLINT_PROPS_SEED ?? 20261204);
const LINT_EVERY = Number(process.env.SHOOTLINT_PROPS_LINT_EVERY ?? 8);
if (process.env.SHOOTLINT_PROPS_SEED !== undefined) console.log(`property test: ${RUNS} cases, seed ${SEED}`);
const config = defaultConfig('2025-06-01');

function findings(parse: (s: SourceFile) => ReturnType<typeof parseFile>, source: SourceFile): unknown {
  return lintParsed([parse(source)], { files: [], config, rules: RULES }).files;
}

test(`generated YAML: both parsers agree on objects, locations and findings (${RUNS} cases, seed ${SEED})`, () => {
  let quick = 0;
  let cases = 0;
  fc.assert(
    fc.property(yamlFile, ({ text }) => {
      cases++;
      const source = { path: 'generated.yaml', text };
      if (!quickAgreesWithLibrary(source)) return;
      if (quick++ % LINT_EVERY !== 0) return;
      assert.equal(findings(parseFile, source), findings(parseWithLibrary, source), 'lint findings');
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: false },
  );
  // The generator straddles the boundary: a fair share of cases is read by the quick parser, the rest left to the library.
  assert.ok(quick > cases / 5 && quick < cases * 0.95, `${quick} of ${cases} read by the quick parser`);
});

test.run();
