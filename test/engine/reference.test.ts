/** Reference precedence (spec section 1): pickReference, whatever the input order. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pickReference } from '../../lib/engine/workspace.ts';

interface Doc {
  readonly id: string;
  readonly namespace: string | undefined;
  readonly value: Record<string, unknown>;
}

const doc = (id: string, namespace: string | undefined, level: string, labels?: Record<string, string>): Doc => ({
  id,
  namespace,
  value: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'audit-policy', ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) }, data: { level } },
});

function permutations<T>(list: readonly T[]): T[][] {
  if (list.length <= 1) return [[...list]];
  return list.flatMap((x, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [x, ...rest]));
}

const ids = (docs: readonly Doc[]): string[] => docs.map((d) => d.id).sort();

test('the exact namespace wins over a namespace-less document and other namespaces, in every order', () => {
  const docs = [doc('bare', undefined, 'RequestResponse'), doc('team', 'garden-team', 'Metadata'), doc('other', 'garden-other', 'None')];
  for (const order of permutations(docs)) {
    const pick = pickReference(order, 'garden-team');
    assert.equal(ids(pick.chosen), ['team']);
    assert.is(pick.fallback, false);
    assert.is(pick.ambiguous, false);
  }
});

test('a namespace-less document is only a fallback, and says so', () => {
  const pick = pickReference([doc('other', 'garden-other', 'None'), doc('bare', undefined, 'Metadata')], 'garden-team');
  assert.equal(ids(pick.chosen), ['bare']);
  assert.is(pick.fallback, true);
  assert.equal(pickReference([doc('other', 'garden-other', 'None')], 'garden-team').chosen, []);
});

test('two same-namespace candidates with different content are both chosen and ambiguous; the same content counts once', () => {
  const a = doc('a', 'garden-team', 'RequestResponse');
  const b = doc('b', 'garden-team', 'Metadata');
  for (const order of permutations([a, b, doc('bare', undefined, 'None')])) {
    const pick = pickReference(order, 'garden-team');
    assert.equal(ids(pick.chosen), ['a', 'b']);
    assert.is(pick.ambiguous, true);
  }
  const same = pickReference([a, doc('copy', 'garden-team', 'RequestResponse', { copy: 'true' })], 'garden-team');
  assert.is(same.chosen.length, 1);
  assert.is(same.ambiguous, false);
});

test('with no namespace to prefer (cluster-scoped kind, or a referrer without namespace) every candidate is as good', () => {
  const pick = pickReference([doc('x', 'garden-a', 'RequestResponse'), doc('y', undefined, 'Metadata')], undefined);
  assert.equal(ids(pick.chosen), ['x', 'y']);
  assert.is(pick.ambiguous, true);
  assert.is(pick.fallback, false);
});

test.run();
