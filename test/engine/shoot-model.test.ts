/**
 * The Shoot model's value (null means absent) shares what holds no null with
 * the parsed object and copies only what changes: a part with a null, and the
 * path to a Kubernetes version written as a number (read as written). The
 * parsed object itself is never changed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../../lib/engine/defaults.ts';
import { parseFile } from '../../lib/engine/document.ts';
import { dropNulls, ShootModel } from '../../lib/engine/shoot/model.ts';
import { Workspace } from '../../lib/engine/workspace.ts';

test('dropNulls: parts without null are shared, parts with one are copied without it', () => {
  const clean = { a: [1, { b: 'x' }], c: { d: true } };
  assert.ok(dropNulls(clean) === clean);
  const withNulls = { keep: { b: 1 }, gone: null, list: [1, null, { c: null, d: 2 }], deep: { e: { f: null } } };
  const out = dropNulls(withNulls);
  assert.equal(out, { keep: { b: 1 }, list: [1, { d: 2 }], deep: { e: {} } });
  assert.ok(out.keep === withNulls.keep, 'a part without null is shared');
  assert.equal(withNulls.list, [1, null, { c: null, d: 2 }], 'the input is unchanged');
  const proto = JSON.parse('{"__proto__": {"x": null}, "y": null}') as Record<string, unknown>;
  const p = dropNulls(proto);
  assert.ok(Object.getPrototypeOf(p) === Object.prototype && Object.keys(p).join() === '__proto__', '__proto__ stays data');
});

const SHOOT = `apiVersion: core.gardener.cloud/v1beta1
kind: Shoot
metadata:
  name: s
  namespace: garden-dev
spec:
  region: r
  kubernetes:
    version: 1.30
  provider:
    type: aws
    workers:
      - name: a
        kubernetes:
          version: 1.31
      - name: b
`;

test('ShootModel: a version written as a number is read as written, in a copy; the parsed object is unchanged', () => {
  const file = parseFile({ path: 's.yaml', text: SHOOT });
  const object = file.objects[0]!;
  const model = new ShootModel(object, new Workspace([file]), defaultConfig('2026-01-01').settings);
  assert.is(model.kubernetes.version, '1.30');
  assert.is(model.pools[0]!.worker.kubernetes?.version, '1.31');
  const spec = object.value.spec as { kubernetes: { version: unknown }; provider: { workers: { kubernetes?: { version: unknown } }[] } };
  assert.is(spec.kubernetes.version, 1.3);
  assert.is(spec.provider.workers[0]!.kubernetes!.version, 1.31);
  assert.ok(model.pools[1]!.worker === spec.provider.workers[1], 'a pool without a numeric version is shared');
});

test.run();
