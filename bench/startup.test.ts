import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstStepTimes } from './startup.ts';

const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

test('the first Gherkin step after the test run started, in epoch ms; hooks do not count', () => {
  const ndjson = [
    { meta: {} },
    { testCase: { id: 'c1', testSteps: [{ id: 'hook1', hookId: 'h' }, { id: 's1', pickleStepId: 'p1' }, { id: 's2', pickleStepId: 'p2' }] } },
    { testRunStarted: { timestamp: at(1_000_100) } },
    { testCaseStarted: { timestamp: at(1_000_400) } },
    { testStepStarted: { testStepId: 'hook1', timestamp: at(1_000_420) } },
    { testStepStarted: { testStepId: 's1', timestamp: at(1_000_450) } },
    { testStepStarted: { testStepId: 's2', timestamp: at(1_000_900) } },
  ].map((m) => JSON.stringify(m)).join('\n');
  assert.deepEqual(firstStepTimes(ndjson), { runStarted: 1_000_100, firstStep: 1_000_450 });
});

test('messages without a Gherkin step say so', () => {
  const onlyHook = [
    { testCase: { id: 'c1', testSteps: [{ id: 'hook1', hookId: 'h' }] } },
    { testRunStarted: { timestamp: at(5) } },
    { testStepStarted: { testStepId: 'hook1', timestamp: at(9) } },
  ].map((m) => JSON.stringify(m)).join('\n');
  assert.throws(() => firstStepTimes(onlyHook), /no testRunStarted followed by the start of a Gherkin step/);
});
