import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GATE_DATA_RANGE, gateStage, isAlphaGate, isKnownGate, nearestCoveredMinor } from '../../lib/k8s/feature-gates.ts';

test('the data covers 1.24 to 1.36', () => {
  assert.equal(GATE_DATA_RANGE, { min: 24, max: 36 });
});

test('stage of a gate at a minor, with the locked flag split off', () => {
  assert.equal(gateStage('APISelfSubjectReview', 26), { stage: 'alpha', locked: false, dataMinor: 26, exact: true });
  assert.equal(gateStage('APISelfSubjectReview', 27)?.stage, 'beta');
  assert.equal(gateStage('APISelfSubjectReview', 28), { stage: 'ga', locked: true, dataMinor: 28, exact: true });
  assert.equal(gateStage('APISelfSubjectReview', 25)?.stage, 'absent');
  assert.equal(gateStage('DynamicKubeletConfig', 25)?.stage, 'deprecated');
  assert.equal(gateStage('DynamicKubeletConfig', 26)?.stage, 'removed');
  assert.equal(gateStage('AllAlpha', 30)?.stage, 'special');
});

test('minors outside the data use the nearest covered minor', () => {
  assert.is(nearestCoveredMinor(20), 24);
  assert.is(nearestCoveredMinor(40), 36);
  assert.is(nearestCoveredMinor(30), 30);
  assert.equal(gateStage('DynamicKubeletConfig', 22), { stage: 'deprecated', locked: false, dataMinor: 24, exact: false });
  assert.is(gateStage('APIResponseCompression', 99)?.dataMinor, 36);
});

test('unknown gates have no stage and are not alpha', () => {
  assert.not.ok(isKnownGate('NoSuchGate'));
  assert.is(gateStage('NoSuchGate', 30), undefined);
  assert.not.ok(isAlphaGate('NoSuchGate', 30));
  assert.ok(isAlphaGate('APISelfSubjectReview', 26));
  assert.not.ok(isAlphaGate('APISelfSubjectReview', 27));
});

test.run();
