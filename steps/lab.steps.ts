import { Given, Then } from '@cucumber/cucumber';
import type { ScenarioWorld } from './support/world.ts';

// Given a fresh lab
Given('a fresh lab', async function (this: ScenarioWorld) {
  const sandbox = await this.scenario.sandbox();
  this.log(this.scenario.home === 'root namespace' ? 'in the machine\'s own root namespace (@root-namespace)' : `sandbox: init PID ${sandbox.initPid}`);
});

// Then the kernel log has a line matching "apparmor=\"DENIED\" operation=\"mount\""
Then('the kernel log has a line matching {string}', async function (this: ScenarioWorld, pattern: string) {
  const lines = await this.scenario.kernelLogLines(new RegExp(pattern));
  if (lines.length === 0) throw new Error(`no line of the kernel log (dmesg) matches /${pattern}/`);
  this.attach(lines.join('\n'), 'text/plain');
});

// Then the kernel log has no line matching "apparmor=\"DENIED\""
Then('the kernel log has no line matching {string}', async function (this: ScenarioWorld, pattern: string) {
  const lines = await this.scenario.kernelLogLines(new RegExp(pattern));
  if (lines.length > 0) throw new Error(`lines of the kernel log (dmesg) match /${pattern}/:\n${lines.join('\n')}`);
});
