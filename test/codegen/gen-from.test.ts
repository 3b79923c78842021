/**
 * `npm run gen:schemas -- --from DIR`: a Gardener checkout (laid out as Gardener's
 * repository is: docs/api-reference/core.md, example/, VERSION) is read into copies
 * for reference/gardener/<version>/ and gives the schemas the vendored copies give.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REFERENCE_DIR } from '../../lib/codegen/generated.ts';
import { generateSchemas } from '../../lib/codegen/schemas.ts';

const V = 'v1.149.3';

function checkout(version: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-gardener-'));
  mkdirSync(join(dir, 'docs', 'api-reference'), { recursive: true });
  mkdirSync(join(dir, 'example'));
  copyFileSync(join(REFERENCE_DIR, 'gardener', V, 'core.md'), join(dir, 'docs', 'api-reference', 'core.md'));
  copyFileSync(join(REFERENCE_DIR, 'gardener', V, '90-shoot.yaml'), join(dir, 'example', '90-shoot.yaml'));
  writeFileSync(join(dir, 'VERSION'), `${version}\n`);
  return dir;
}

test('--from a checkout of a known release: copies and schemas equal the vendored ones', async () => {
  const dir = checkout(V);
  try {
    const viaCheckout = await generateSchemas(['--from', dir]);
    const vendored = await generateSchemas([]);
    const copies = viaCheckout.filter((f) => f.path.startsWith('reference/'));
    assert.equal(copies.map((f) => f.path).sort(), [`reference/gardener/${V}/90-shoot.yaml`, `reference/gardener/${V}/core.md`]);
    for (const c of copies) assert.is(c.content, readFileSync(join(REFERENCE_DIR, '..', c.path), 'utf8'), c.path);
    assert.equal(viaCheckout.filter((f) => !f.path.startsWith('reference/')), vendored);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--from a development checkout needs --version; with it, a new version gets its copies and its schema', async () => {
  const dir = checkout('v1.150.0-dev');
  try {
    let message = '';
    await generateSchemas(['--from', dir]).catch((e: unknown) => (message = String(e)));
    assert.match(message, /--from needs --version/);
    const files = await generateSchemas(['--from', dir, '--version', 'v1.150.0']);
    assert.equal(files.map((f) => f.path).sort(), [
      'reference/gardener/v1.150.0/90-shoot.yaml',
      'reference/gardener/v1.150.0/core.md',
      'schemas/shoot-v1.150.0.json',
    ]);
    const schema = JSON.parse(files.find((f) => f.path.startsWith('schemas/'))!.content) as { $comment: string };
    assert.match(schema.$comment, 'from reference/gardener/v1.150.0/core.md (Gardener v1.150.0)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--from a folder that is not a Gardener checkout: a clear error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-notgardener-'));
  try {
    let message = '';
    await generateSchemas(['--from', dir, '--version', 'v1.150.0']).catch((e: unknown) => (message = String(e)));
    assert.match(message, 'not a Gardener checkout (docs/api-reference/core.md not found)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
