/**
 * The render targets of a workspace from the marker files its one walk found
 * (targetsAmong) are those a walk of its own finds (findTargets): charts stop
 * the search below them, kustomization file names in their order, at most 32
 * folders deep, node_modules skipped. A walk that followed a link to a folder
 * says so, and the consumer search then walks on its own (a folder reached by
 * two paths may be kept under another path by each walk).
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KUSTOMIZATION_FILES } from '../../lib/render/kustomization.ts';
import { consumers, findTargets, targetsAmong } from '../../lib/render/index.ts';
import { RENDER_MARKERS, walk } from '../../lib/run/walk.ts';
import { tempTree } from '../cli/run-cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const K = 'resources: []\n';

function same(root: string): void {
  const fromWalk = targetsAmong(root, walk(root).markers);
  assert.equal(fromWalk, findTargets([root], '/'));
}

test('the marker names are the chart file and the kustomization files', () => {
  assert.equal([...RENDER_MARKERS].sort(), ['Chart.yaml', ...KUSTOMIZATION_FILES].sort());
});

test('a tree of charts and kustomizations: the same targets as a walk of its own', () => {
  const deep = Array.from({ length: 33 }, (_, i) => `d${i}`).join('/');
  const root = tempTree({
    'base/kustomization.yaml': K,
    'overlays/prod/kustomization.yml': K,
    'overlays/dev/Kustomization': K,
    'overlays/both/kustomization.yaml': K,
    'overlays/both/Kustomization': K,
    'charts/app/Chart.yaml': 'name: app\n',
    'charts/app/templates/kustomization.yaml': K,
    'charts/app/sub/Chart.yaml': 'name: sub\n',
    'mixed/Chart.yaml': 'name: mixed\n',
    'mixed/kustomization.yaml': K,
    'node_modules/pkg/kustomization.yaml': K,
    [`${deep.split('/').slice(0, 32).join('/')}/kustomization.yaml`]: K,
    [`${deep}/kustomization.yaml`]: K,
    'shoots/shoot.yaml': 'kind: Shoot\n',
  });
  mkdirSync(join(root, 'named/Chart.yaml'), { recursive: true }); // a folder with the name: a chart, as existsSync has it
  same(root);
  assert.not.ok(walk(root).linkedDirs);
  const targets = targetsAmong(root, walk(root).markers).map((t) => `${t.tool} ${t.file.slice(root.length + 1)}`);
  assert.ok(targets.includes('kustomize overlays/both/kustomization.yaml'), 'the first kustomization name in order');
  assert.ok(targets.includes('helm mixed/Chart.yaml'), 'a chart before a kustomization in the same folder');
  assert.ok(targets.includes('helm named/Chart.yaml'), 'a folder named Chart.yaml');
  assert.not.ok(targets.some((t) => t.includes('charts/app/templates') || t.includes('charts/app/sub')), 'nothing below a chart');
  assert.not.ok(targets.some((t) => t.includes('node_modules')));
  assert.is(targets.filter((t) => t.includes('/d31/')).length, 1, 'at 32 folders deep, not at 33');
});

test('through links to folders the consumer search walks on its own: a link out of a chart, a deep folder linked near the root', () => {
  const deep = Array.from({ length: 34 }, (_, i) => `d${i}`).join('/');
  const root = tempTree({
    'a-chart/Chart.yaml': 'name: a\n',
    'overlays/prod/kustomization.yaml': 'resources:\n- ../../shoots/prod.yaml\n',
    [`b/${deep}/kustomization.yaml`]: 'resources:\n- shoot.yaml\n',
    [`b/${deep}/shoot.yaml`]: 'kind: Shoot\n',
    'shoots/prod.yaml': 'kind: Shoot\n',
  });
  mkdirSync(join(root, 'a-chart/files'));
  // Walked first under the chart (a-chart < overlays), so the walk keeps the overlay's folder as the chart's.
  symlinkSync(join(root, 'overlays/prod'), join(root, 'a-chart/files/overlay'));
  symlinkSync(join(root, `b/${deep}`), join(root, 'z'));
  const w = walk(root);
  assert.ok(w.linkedDirs);
  const workspace = { root, walked: () => w };
  const found = (file: string): string[] => consumers([join(root, file)], [], workspace, '/').map((t) => t.dir.slice(root.length + 1));
  assert.equal(found('shoots/prod.yaml'), ['overlays/prod']);
  assert.equal(found(`z/shoot.yaml`), ['z']);
  assert.equal(consumers([join(root, 'shoots/prod.yaml')], [], workspace, '/'), consumers([join(root, 'shoots/prod.yaml')], [], { root, walked: () => ({ markers: [], linkedDirs: true }) }, '/'));
});

test('a chart at the root is the only target', () => {
  const root = tempTree({ 'Chart.yaml': 'name: top\n', 'overlay/kustomization.yaml': K });
  same(root);
  assert.is(targetsAmong(root, walk(root).markers).length, 1);
});

test('the repository\'s own fixtures: the same targets', () => {
  for (const dir of ['test/fixtures', 'examples']) same(join(ROOT, dir));
  assert.ok(targetsAmong(join(ROOT, 'test/fixtures'), walk(join(ROOT, 'test/fixtures')).markers).length > 0);
});

test.run();
