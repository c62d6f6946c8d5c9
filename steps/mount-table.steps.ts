import { Then, When } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';
import { expect } from '../src/assert/matchers.ts';

// When I note the mount table of window "c1"
When('I note the mount table of window {string}', async function (this: LabWorld, window: string) {
  const view = await this.lab.note(window);
  this.log(`noted ${view.table.entries.length} mounts in window "${window}"`);
});

// When I note the mount table
When('I note the mount table', async function (this: LabWorld) {
  const view = await this.lab.note();
  this.log(`noted ${view.table.entries.length} mounts in the host namespace`);
});

// Then the mount table of window "c1" is as noted
Then('the mount table of window {string} is as noted', async function (this: LabWorld, window: string) {
  expect(await this.lab.view(window)).toMatchNotedTable(this.lab.notedView(window));
});

// Then the mount table of window "c1" is not as noted
Then('the mount table of window {string} is not as noted', async function (this: LabWorld, window: string) {
  expect(await this.lab.view(window)).not.toMatchNotedTable(this.lab.notedView(window));
});

// Then the mount table is as noted
Then('the mount table is as noted', async function (this: LabWorld) {
  expect(await this.lab.view()).toMatchNotedTable(this.lab.notedView());
});

// Then window "c1" shows 4 mounts at or under "/tmp/docker"
Then('window {string} shows {int} mounts at or under {string}', async function (this: LabWorld, window: string, count: number, path: string) {
  expect(await this.lab.view(window)).toHaveMountCountUnder(path, count);
});

// Then the host shows 4 mounts at or under "/tmp/docker"
Then('the host shows {int} mounts at or under {string}', async function (this: LabWorld, count: number, path: string) {
  expect(await this.lab.view()).toHaveMountCountUnder(path, count);
});
