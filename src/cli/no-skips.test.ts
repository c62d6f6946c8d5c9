import { test } from 'node:test';
import assert from 'node:assert/strict';
import { skippedScenarios } from './no-skips.ts';

const lines = (...objects: object[]): string => objects.map((o) => JSON.stringify(o)).join('\n');

function scenario(n: number, name: string, statuses: string[], attachment?: string): object[] {
  return [
    { pickle: { id: `p${n}`, name, uri: 'features/x.feature' } },
    { testCase: { id: `c${n}`, pickleId: `p${n}` } },
    { testCaseStarted: { id: `s${n}`, testCaseId: `c${n}` } },
    ...(attachment === undefined ? [] : [{ attachment: { testCaseStartedId: `s${n}`, body: attachment } }]),
    ...statuses.map((status) => ({ testStepFinished: { testCaseStartedId: `s${n}`, testStepResult: { status } } })),
  ];
}

test('a scenario a probe skipped is named with the probe\'s answer; passed and failed ones are not', () => {
  const why = 'Skipped on qemu (kernel 6.1.0): @requires-docker: no Docker daemon with an ubuntu:latest image on this target';
  const found = skippedScenarios(lines(
    ...scenario(1, 'passes', ['PASSED', 'PASSED']),
    ...scenario(2, 'docker', ['SKIPPED', 'SKIPPED'], why),
    ...scenario(3, 'fails', ['PASSED', 'FAILED', 'SKIPPED']),
  ));
  assert.deepEqual(found, [{ scenario: 'docker', uri: 'features/x.feature', reason: why }]);
});
