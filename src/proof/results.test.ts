import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusesByTag, verdict } from './results.ts';
import type { Mutant } from './mutants.ts';

const lines = (...objects: object[]): string => objects.map((o) => JSON.stringify(o)).join('\n');

function run(tag: string, n: number, ...statuses: string[]): object[] {
  return [
    { pickle: { id: `p${n}`, tags: [{ name: '@x' }, { name: tag }] } },
    { testCase: { id: `c${n}`, pickleId: `p${n}` } },
    { testCaseStarted: { id: `s${n}`, testCaseId: `c${n}` } },
    ...statuses.map((status) => ({ testStepFinished: { testCaseStartedId: `s${n}`, testStepResult: { status } } })),
    { testCaseFinished: { testCaseStartedId: `s${n}`, willBeRetried: false } },
  ];
}

const mutant = (id: number): Mutant => ({
  id, feature: 'f', scenario: 's', stepIndex: 1, step: 'it succeeds', negated: 'it fails', negatedTable: undefined, tableChange: undefined, reason: undefined, originalIndex: 0, originalTag: '@original-0-0',
});

test('each scenario gets its worst step status, read by its @original/@mutant tag', () => {
  const s = statusesByTag(lines(
    ...run('@original-0-0', 0, 'PASSED', 'PASSED'),
    ...run('@mutant-1', 1, 'PASSED', 'FAILED', 'SKIPPED'),
    ...run('@mutant-2', 2, 'PASSED', 'PASSED'),
    ...run('@mutant-3', 3, 'PASSED', 'UNDEFINED'),
  ));
  assert.deepEqual([...s], [['@original-0-0', 'PASSED'], ['@mutant-1', 'FAILED'], ['@mutant-2', 'PASSED'], ['@mutant-3', 'UNDEFINED']]);
  assert.deepEqual(verdict(mutant(1), s), { kind: 'caught' });
  assert.deepEqual(verdict(mutant(2), s), { kind: 'survived' });
  assert.equal(verdict(mutant(3), s).kind, 'cannot');
});

test('a mutant of an original that did not pass is not judged', () => {
  const s = statusesByTag(lines(...run('@original-0-0', 0, 'FAILED'), ...run('@mutant-1', 1, 'FAILED')));
  assert.deepEqual(verdict(mutant(1), s), { kind: 'not run', reason: 'the original scenario is failed' });
});

test('a failed hook (an After hook\'s leak check) judges no step: the mutant is not run, not caught', () => {
  const s = statusesByTag(lines(
    ...run('@original-0-0', 0, 'PASSED'),
    { pickle: { id: 'p1', tags: [{ name: '@mutant-1' }] } },
    { testCase: { id: 'c1', pickleId: 'p1', testSteps: [{ id: 'st1', pickleStepId: 'x' }, { id: 'h1', hookId: 'after' }] } },
    { testCaseStarted: { id: 's1', testCaseId: 'c1' } },
    { testStepFinished: { testCaseStartedId: 's1', testStepId: 'st1', testStepResult: { status: 'PASSED' } } },
    { testStepFinished: { testCaseStartedId: 's1', testStepId: 'h1', testStepResult: { status: 'FAILED' } } },
    { testCaseFinished: { testCaseStartedId: 's1', willBeRetried: false } },
  ));
  assert.deepEqual(verdict(mutant(1), s), { kind: 'not run', reason: 'a hook failed (e.g. the leak check) or the run did not finish it: its steps were not judged' });
});
