// Drills on the lab VM (boots one: only with MOUNTLAB_VM_TEST=1, as test/vm, which runs them in
// `npm run test:vm`): a hung command past a 2 s timeout fails its step naming the command and the
// time (over ssh the remote process group is killed); Ctrl-C, and SIGTERM to npm, during a command
// and during a window command end the run clean, with no qemu of its own left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants } from 'node:os';
import { feature, isLiveQemu, qemuUnder, start, token, type Run } from './drill.ts';

const skip = process.env.MOUNTLAB_VM_TEST !== '1' ? 'boots a VM: set MOUNTLAB_VM_TEST=1' : false;

const vmLab = (path: string, env: NodeJS.ProcessEnv = {}) => start(['npm', 'run', '--silent', 'lab', '--', '--target', 'qemu', path], env);

test('lab VM: a hung command past a 2 s timeout fails its step, naming it and the time', { skip, timeout: 20 * 60_000 }, async () => {
  const tok = token();
  const run = vmLab(feature([`When I run "sleep ${tok}"`, 'Then it succeeds']), { MOUNTLAB_COMMAND_TIMEOUT_MS: '2000' });
  const { code } = await run.exited;
  assert.equal(code, 1, run.output());
  // It names the command and how long it ran; the limit is 2 s, so never less (no upper bound:
  // timings are the bench's business, and a loaded machine ends the group later).
  const ended = new RegExp(`\`sleep ${tok.replace('.', '\\.')}\` in the sandbox did not finish: timed out after (\\d+) ms`).exec(run.output());
  assert.ok(ended !== null, run.output());
  assert.ok(Number(ended[1]) >= 2000, `timed out after ${ended[1]} ms, before the 2 s limit`);
});

/** Waits until the run's progress line (cucumber's dots) has `dots` of them: the Before hook and the steps that passed. */
async function progressDots(run: Run, dots: number): Promise<void> {
  const count = (): number => {
    const out = run.output();
    const from = out.indexOf('\nmountlab: target qemu');
    if (from < 0) return 0;
    return out.slice(from + 1).split('\n').slice(1).reduce((n, line) => n + (/^\.+/.exec(line)?.[0].length ?? 0), 0);
  };
  for (let i = 0; i < 1800 && count() < dots; i++) await new Promise((r) => setTimeout(r, 500));
  assert.ok(count() >= dots, `the run did not get ${dots} steps in:\n${run.output()}`);
}

/**
 * Interrupts a run on the lab VM once its `sleep` is running (after `passed` dots), to the
 * process group as a terminal's Ctrl-C does, or to npm alone as a CI runner does; the run must
 * say it ended clean and leave no qemu of its own.
 */
async function interruptOnVm(run: Run, passed: number, signal: NodeJS.Signals, to: 'group' | 'npm'): Promise<void> {
  await progressDots(run, passed);
  await new Promise((r) => setTimeout(r, 3000)); // the sleep is typed, then runs
  const pid = run.child.pid ?? 0;
  const ours = qemuUnder(pid);
  assert.notDeepEqual(ours, [], 'no qemu of this run was found');
  process.kill(to === 'group' ? -pid : pid, signal);
  const { code, signal: endedBy } = await run.exited;
  assert.ok(code === 128 + constants.signals[signal] || endedBy === signal, `exit ${String(code)} ${String(endedBy)}\n${run.output()}`);
  assert.match(run.output(), new RegExp(`mountlab: ${signal}: ended cleanly`));
  assert.deepEqual(ours.filter(isLiveQemu), []);
}

const midCommand = (tok: string): string[] => [`When I run "sleep ${tok}"`, 'Then it succeeds'];
const midWindow = (tok: string): string[] => ['Given a window "w" running "bash"', `When I run "sleep ${tok}" in window "w"`, 'Then it succeeds'];
const npmVmLab = (path: string): Run => start(['npm', 'run', '--silent', 'lab', '--', '--target', 'qemu', path]);

// dots before the sleep runs: the Before hook, and the window when there is one
test('lab VM: Ctrl-C during a command ends the run and its qemu', { skip, timeout: 20 * 60_000 }, async () => {
  await interruptOnVm(vmLab(feature(midCommand(token()))), 1, 'SIGINT', 'group');
});

test('lab VM: Ctrl-C during a window command ends the run and its qemu', { skip, timeout: 20 * 60_000 }, async () => {
  await interruptOnVm(vmLab(feature(midWindow(token()))), 2, 'SIGINT', 'group');
});

test('lab VM: SIGTERM to npm run lab during a command ends the run and its qemu', { skip, timeout: 20 * 60_000 }, async () => {
  await interruptOnVm(npmVmLab(feature(midCommand(token()))), 1, 'SIGTERM', 'npm');
});

test('lab VM: SIGTERM to npm run lab during a window command ends the run and its qemu', { skip, timeout: 20 * 60_000 }, async () => {
  await interruptOnVm(npmVmLab(feature(midWindow(token()))), 2, 'SIGTERM', 'npm');
});
