import { Given, Then } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';

// Given a fresh lab
Given('a fresh lab', async function (this: LabWorld) {
  const sandbox = await this.lab.sandbox();
  this.log(sandbox.initPid === 1 ? 'in the machine\'s own root namespace (@host-namespace)' : `sandbox: init PID ${sandbox.initPid}`);
});

// Then the kernel log has a line matching "apparmor=\"DENIED\" operation=\"mount\""
Then('the kernel log has a line matching {string}', async function (this: LabWorld, pattern: string) {
  const lines = await this.lab.kernelLogLines(new RegExp(pattern));
  if (lines.length === 0) throw new Error(`no line of the kernel log (dmesg) matches /${pattern}/`);
  this.attach(lines.join('\n'), 'text/plain');
});
