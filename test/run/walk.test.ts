/**
 * The walk of a workspace (lib/run/walk.ts): the manifests in a fixed order,
 * node_modules and .git skipped, linked folders followed once, and the files
 * that mark a chart or a kustomization on the way.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { walk, walkManifests } from '../../lib/run/walk.ts';
import { tempTree } from '../cli/run-cli.ts';

test('the manifests in walk order, and the render markers among all files', () => {
  const root = tempTree({
    'README.md': '# not a manifest\n',
    'node_modules/x/cm.yaml': 'kind: ConfigMap\n',
    '.git/HEAD.yaml': 'x\n',
    'charts/c/Chart.yaml': 'name: c\n',
    'charts/c/values.yaml': 'x: 1\n',
    'k/Kustomization': 'resources: []\n',
    'k/kustomization.yml': 'resources: []\n',
    'shoots/b.yaml': 'kind: Shoot\n',
    'shoots/a.json': '{}\n',
  });
  const w = walk(root);
  assert.equal(w.paths, [...walkManifests(root)]);
  assert.equal(w.paths.map((p) => p.slice(root.length + 1)), ['charts/c/Chart.yaml', 'charts/c/values.yaml', 'k/kustomization.yml', 'shoots/a.json', 'shoots/b.yaml']);
  assert.equal(w.markers.map((p) => p.slice(root.length + 1)), ['charts/c/Chart.yaml', 'k/Kustomization', 'k/kustomization.yml']);
});

test('links to folders are followed once; a link loop ends', () => {
  const root = tempTree({ 'shoots/a.yaml': 'kind: Shoot\n' });
  mkdirSync(join(root, 'more'));
  writeFileSync(join(root, 'more/cm.yaml'), 'kind: ConfigMap\n');
  symlinkSync(join(root, 'more'), join(root, 'shoots/more-link'));
  symlinkSync(root, join(root, 'more/loop'));
  const { paths } = walk(root);
  assert.is(paths.filter((p) => p.endsWith('cm.yaml')).length, 1);
  assert.is(paths.length, 2);
});

test.run();
