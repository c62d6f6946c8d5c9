import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { runLab } from './run-lab.ts';
import { SANDBOX_MARKER } from '../../src/sandbox/launch.ts';

/** PIDs of processes whose command line carries the sandbox marker (sandbox inits and their parents). */
function sandboxProcesses(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(SANDBOX_MARKER);
    } catch {
      return false; // ended while we looked
    }
  }).map(Number);
}

test('running the whole suite twice leaves the host mount table exactly as it was and no process behind', { skip: process.getuid?.() !== 0 ? 'needs root (the sandbox target does)' : false }, () => {
  const before = readFileSync('/proc/self/mountinfo', 'utf8');
  assert.deepEqual(sandboxProcesses(), [], 'a sandbox process was already running before the test');
  for (const round of [1, 2]) {
    const r = runLab(['--target', 'sandbox', '--profile', 'verify']);
    assert.equal(r.status, 0, `suite run ${round} failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /\d+ scenarios \((?:\d+ skipped, )?\d+ passed\)/);
    assert.equal(readFileSync('/proc/self/mountinfo', 'utf8'), before, `the host's mount table changed after run ${round}`);
    assert.deepEqual(sandboxProcesses(), [], `sandbox processes left after run ${round}`);
  }
});
