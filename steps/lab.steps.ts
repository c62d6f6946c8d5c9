import { Given, Then } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';
import { describeCapabilities } from '../src/target/capabilities.ts';

// Given a fresh lab
Given('a fresh lab', async function (this: LabWorld) {
  const sandbox = await this.lab.sandbox();
  this.log(`sandbox (init PID ${sandbox.initPid}) on ${this.machine.target.name}: ${describeCapabilities(this.machine.capabilities)}`);
});

// Then the kernel log has a line matching "apparmor=\"DENIED\" operation=\"mount\""
Then('the kernel log has a line matching {string}', async function (this: LabWorld, pattern: string) {
  const lines = await this.lab.kernelLogLines(new RegExp(pattern));
  if (lines.length === 0) throw new Error(`no line of the kernel log (dmesg) matches /${pattern}/`);
  this.attach(lines.join('\n'), 'text/plain');
});
