import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suiteFigures } from './suite-figures.ts';

const at = (s: number): { seconds: number; nanos: number } => ({ seconds: s, nanos: 0 });
const step = (id: string, status: string, seconds: number): string =>
  JSON.stringify({ testStepFinished: { testCaseStartedId: id, testStepResult: { status, duration: { seconds, nanos: 0 } } } });

test('a whole-suite row: wall time, summed step time, scenarios by their worst step', () => {
  const ndjson = [
    JSON.stringify({ testRunStarted: { timestamp: at(100) } }),
    step('a', 'PASSED', 2), step('a', 'PASSED', 1),
    step('b', 'PASSED', 1), step('b', 'FAILED', 3),
    step('c', 'SKIPPED', 0),
    JSON.stringify({ testRunFinished: { timestamp: at(130) } }),
  ].join('\n');
  assert.equal(suiteFigures(ndjson, 'lab VM'), '| whole suite, lab VM | 30.0 s wall, 7.00 s of steps | 3 scenarios (1 failed, 1 passed, 1 skipped), from its cucumber messages (npm run bench:suite) |');
});

test('a file that is not a whole run is refused', () => {
  assert.throws(() => suiteFigures(step('a', 'PASSED', 1), 'x'), /not a whole cucumber run/);
});
