import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStatus } from './result.ts';

const base = { exitCode: 0, signal: null, timedOut: false, durationMs: 12.4 };

test('an exit code, a signal, a timeout, a command that never started', () => {
  assert.equal(describeStatus(base), 'exit code 0');
  assert.equal(describeStatus({ ...base, exitCode: 32 }), 'exit code 32');
  assert.equal(describeStatus({ ...base, exitCode: null, signal: 'SIGTERM' }), 'killed by SIGTERM');
  assert.equal(describeStatus({ ...base, exitCode: null, signal: 'SIGKILL', timedOut: true, durationMs: 5000.3 }), 'timed out after 5000 ms');
  assert.equal(describeStatus({ ...base, exitCode: null }), 'did not start');
});
