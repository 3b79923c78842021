import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCase, runCase } from './helpers/fixture.ts';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'rules');

for (const ruleDir of readdirSync(FIXTURES).sort()) {
  for (const entry of readdirSync(join(FIXTURES, ruleDir)).sort()) {
    if (entry.startsWith('_')) continue;
    const path = join(FIXTURES, ruleDir, entry);
    test(`${ruleDir}/${entry}`, () => {
      const outcome = runCase(loadCase(path, ROOT), ruleDir);
      assert.equal(outcome.actual, outcome.expected);
      assert.equal(outcome.missingResults, []);
    });
  }
}

test.run();
