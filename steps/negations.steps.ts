// The negative forms `npm run proof` (src/proof/mutate.ts) needs where the suite had only the
// positive one.
import { Then } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';
import type { ProcessRef } from '../src/scenario/lab-scenario.ts';
import { expect } from '../src/assert/matchers.ts';

// Then "/tmp/locked" is not mounted read-only
Then('{string} is not mounted read-only', async function (this: LabWorld, path: string) {
  expect(await this.lab.view()).not.toHaveMountOption(path, 'ro');
});

// Then "/tmp/locked" is not mounted read-only in window "userns"
Then('{string} is not mounted read-only in window {string}', async function (this: LabWorld, path: string, window: string) {
  expect(await this.lab.view(window)).not.toHaveMountOption(path, 'ro');
});

// Then "/proc/sys" is not mounted read-only in container "mlc"
Then('{string} is not mounted read-only {process}', async function (this: LabWorld, path: string, ref: ProcessRef) {
  expect(await this.lab.processView(ref)).not.toHaveMountOption(path, 'ro');
});

// Then "/tmp/b" is not a slave of "/tmp/a"
Then('{string} is not a slave of {string}', async function (this: LabWorld, slave: string, master: string) {
  const view = await this.lab.view();
  expect(view).not.toBeSlaveOf(slave, view, master);
});

// Then "/" in window "daemon" is not a slave of "/" in the host
Then('{string} in window {string} is not a slave of {string} in the host', async function (this: LabWorld, path: string, window: string, hostPath: string) {
  expect(await this.lab.view(window)).not.toBeSlaveOf(path, await this.lab.view(), hostPath);
});

// Then the mount table is not as noted
Then('the mount table is not as noted', async function (this: LabWorld) {
  expect(await this.lab.view()).not.toMatchNotedTable(this.lab.notedView());
});

// Then the output is not empty
Then('the output is not empty', function (this: LabWorld) {
  const run = this.lab.lastRun;
  if (run.stdout + run.stderr === '') throw new Error(`expected \`${run.command}\` to print something; it printed nothing`);
});

// Then the kernel log has no line matching "apparmor=\"DENIED\""
Then('the kernel log has no line matching {string}', async function (this: LabWorld, pattern: string) {
  const lines = await this.lab.kernelLogLines(new RegExp(pattern));
  if (lines.length > 0) throw new Error(`lines of the kernel log (dmesg) match /${pattern}/:\n${lines.join('\n')}`);
});
