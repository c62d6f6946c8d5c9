import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMs, median } from './stats.ts';

test('median of odd and even lists', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('durations read as a person would write them', () => {
  assert.equal(formatMs(1.234), '1.23 ms');
  assert.equal(formatMs(131.6), '132 ms');
  assert.equal(formatMs(1480), '1.48 s');
  assert.equal(formatMs(12_345), '12.3 s');
});
