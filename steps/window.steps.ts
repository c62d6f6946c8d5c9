import { Given } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';

// Given a window "other" running "unshare -m bash"
Given('a window {string} running {string}', async function (this: LabWorld, name: string, command: string) {
  await this.lab.openWindow(name, command);
});
