/**
 * Every generated file is what its generator writes now: regenerated in memory
 * (every generator in lib/codegen/registry.ts) and compared with the checkout.
 * Byte-identical output also shows the generators are deterministic.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT } from '../../lib/codegen/generated.ts';
import { GENERATORS } from '../../lib/codegen/registry.ts';

for (const [name, generate] of Object.entries(GENERATORS)) {
  test(`generator ${name}: committed files are fresh (npm run gen)`, async () => {
    const files = await generate([]);
    assert.ok(files.length > 0);
    const stale = files
      .filter((f) => {
        const abs = resolve(REPO_ROOT, f.path);
        return !existsSync(abs) || readFileSync(abs, 'utf8') !== f.content;
      })
      .map((f) => f.path);
    assert.equal(stale, [], `stale generated files: ${stale.join(', ')}; run npm run gen`);
  });
}

test('generator schemas: two runs are byte-identical', async () => {
  const a = await GENERATORS.schemas!([]);
  const b = await GENERATORS.schemas!([]);
  assert.equal(a, b);
});

test.run();
