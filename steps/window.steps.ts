import { Given } from '@cucumber/cucumber';
import type { ScenarioWorld } from './support/world.ts';

// Given a window "other" running "unshare -m bash"
Given('a window {string} running {string}', async function (this: ScenarioWorld, name: string, command: string) {
  await this.scenario.openWindow(name, command);
});
