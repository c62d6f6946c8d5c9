// Drills of the leak check on the local target: a mount made in the root namespace by something
// else during a scenario is reported as the machine's own activity and fails nothing; a scenario
// that leaves its sandbox (its own /proc unmounted, then nsenter into PID 1's mount namespace) and
// mounts there still fails. The drill removes the mounts it made itself, by their mount points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { feature, start, token, waitForProcess } from './drill.ts';
import { cucumberBin } from '../../src/suite/run.ts';

const cucumber = (path: string) => start([process.execPath, cucumberBin(), '-p', 'verify', '--world-parameters', '{"target":"local"}', path]);
const mounted = (dir: string): boolean => readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === dir);

function unmountOurs(dir: string): void {
  if (mounted(dir)) execFileSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
}

test('a mount made outside the sandbox during a scenario is the machine\'s own activity, not a failure', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync('/tmp/drill-machine-');
  t.after(() => { unmountOurs(dir); });
  const tok = token();
  const run = cucumber(feature([`When I run "sleep ${tok.replace('1000.', '3.')}; echo ${tok}"`, 'Then it succeeds']));
  await waitForProcess(`sleep ${tok.replace('1000.', '3.')}`);
  execFileSync('mount', ['-t', 'tmpfs', 'drill-machine', dir]);
  const { code } = await run.exited;
  assert.equal(code, 0, run.output());
});

test('a scenario that mounts in the root namespace through nsenter still fails', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync('/tmp/drill-escape-');
  t.after(() => { unmountOurs(dir); });
  // The escape of issue 10: with the sandbox's own /proc unmounted, /proc is the machine's, and
  // nsenter joins a root-namespace process's mount namespace. Here PID 1's namespace files are
  // closed to nsenter (Permission denied on this computer), so it joins this test's process,
  // which runs in the same root namespace the leak check reads.
  const run = cucumber(feature([`When I run "umount -l /proc && nsenter -t ${process.pid} -m mount -t tmpfs drill-escape ${dir}"`, 'Then it succeeds']));
  const { code } = await run.exited;
  assert.equal(code, 1, run.output());
  assert.match(run.output(), /this scenario changed the local target's own mount table/);
  assert.match(run.output(), new RegExp(`\\+ .* ${dir} .* - tmpfs drill-escape`));
});
