// The negative forms `npm run proof` (src/proof/mutate.ts) needs where the suite had only the
// positive one. Each reads its place the way the other steps do: the sandbox, a window, a unit or
// a container.
import { Then } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';
import type { ProcessRef } from '../src/scenario/lab-scenario.ts';
import { expect } from '../src/assert/matchers.ts';

const PLACE = String.raw`(?: in (window|unit|container|docker container) "([^"]*)")?`;

function viewAt(world: LabWorld, kind: string | undefined, name: string | undefined): ReturnType<LabWorld['lab']['view']> {
  if (kind === undefined || name === undefined) return world.lab.view();
  if (kind === 'window') return world.lab.view(name);
  return world.lab.processView({ kind: kind as ProcessRef['kind'], name });
}

// Then "/tmp/locked" is not mounted read-only in window "userns"
Then(new RegExp(String.raw`^"([^"]*)" is not mounted read-only${PLACE}$`), async function (this: LabWorld, path: string, kind?: string, name?: string) {
  expect(await viewAt(this, kind, name)).not.toHaveMountOption(path, 'ro');
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
