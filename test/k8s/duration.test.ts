import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HOUR, MILLISECOND, MINUTE, SECOND, formatDuration, parseDuration } from '../../lib/k8s/duration.ts';

function ns(text: string): number {
  const d = parseDuration(text);
  if (!d.ok) throw new Error(d.error);
  return d.nanoseconds;
}

function error(text: string): string {
  const d = parseDuration(text);
  if (d.ok) throw new Error(`"${text}" parsed as ${d.nanoseconds}ns`);
  return d.error;
}

test('single units', () => {
  assert.is(ns('5m'), 5 * MINUTE);
  assert.is(ns('300s'), 5 * MINUTE);
  assert.is(ns('4h'), 4 * HOUR);
  assert.is(ns('250ms'), 250 * MILLISECOND);
  assert.is(ns('7ns'), 7);
  assert.is(ns('3us'), 3000);
  assert.is(ns('3\u00b5s'), 3000);
  assert.is(ns('3\u03bcs'), 3000);
});

test('sequences, fractions and signs', () => {
  assert.is(ns('1h30m'), 90 * MINUTE);
  assert.is(ns('2h45m10s'), 2 * HOUR + 45 * MINUTE + 10 * SECOND);
  assert.is(ns('1.5h'), 90 * MINUTE);
  assert.is(ns('.5m'), 30 * SECOND);
  assert.is(ns('5.m'), 5 * MINUTE);
  assert.is(ns('-5m'), -5 * MINUTE);
  assert.is(ns('+5m'), 5 * MINUTE);
  assert.is(ns('4m59s'), 5 * MINUTE - SECOND);
});

test('zero', () => {
  assert.is(ns('0'), 0);
  assert.is(ns('0s'), 0);
  assert.is(ns('-0'), 0);
  assert.is(ns('0h0m'), 0);
});

test('invalid durations say why', () => {
  assert.match(error(''), 'empty');
  assert.match(error('5'), 'missing unit');
  assert.match(error('300'), 'missing unit');
  assert.match(error('5 m'), 'unknown unit');
  assert.match(error('5min'), 'unknown unit "min"');
  assert.match(error('1d'), 'unknown unit "d"');
  assert.match(error('m'), 'expected a number');
  assert.match(error('.s'), 'expected a number');
  assert.match(error(' 5m'), 'expected a number');
  assert.match(error('1.5.5s'), 'missing unit');
  assert.match(error('5m0.5'), 'missing unit');
  assert.match(error('-'), 'empty');
  assert.match(error('9999999999h'), 'out of range');
});

test('formatDuration', () => {
  assert.is(formatDuration(0), '0s');
  assert.is(formatDuration(5 * MINUTE), '5m');
  assert.is(formatDuration(90 * MINUTE), '1h30m');
  assert.is(formatDuration(4 * HOUR), '4h');
  assert.is(formatDuration(45 * SECOND), '45s');
  assert.is(formatDuration(1500 * MILLISECOND), '1.5s');
  assert.is(formatDuration(250 * MILLISECOND), '250ms');
  assert.is(formatDuration(-30 * SECOND), '-30s');
});

test.run();
