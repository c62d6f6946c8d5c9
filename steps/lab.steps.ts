import { Given } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';
import { describeCapabilities } from '../src/target/capabilities.ts';

// Given a fresh lab
Given('a fresh lab', async function (this: LabWorld) {
  const sandbox = await this.lab.sandbox();
  this.log(`sandbox (init PID ${sandbox.initPid}) on ${this.machine.target.name}: ${describeCapabilities(this.machine.capabilities)}`);
});
