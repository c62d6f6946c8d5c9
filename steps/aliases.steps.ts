import { Then, When } from '@cucumber/cucumber';
import type { ScenarioWorld } from './support/world.ts';
import { SANDBOX, type Place } from '../src/scenario/place.ts';
import { expectAsNoted, expectMountCount, noteMountTable } from './mount-table.steps.ts';

// Older wordings, kept so features written with them still run; write the forms above instead.
// ("in the host" needs no alias: {place} reads it as the sandbox.)

const window = (name: string): Place => ({ kind: 'window', name });

// When I note the mount table of window "c1"
When('I note the mount table of window {string}', async function (this: ScenarioWorld, name: string) {
  await noteMountTable.call(this, window(name));
});

// Then the mount table of window "c1" is as noted
Then('the mount table of window {string} is as noted', async function (this: ScenarioWorld, name: string) {
  await expectAsNoted(this, window(name), true);
});

// Then the mount table of window "c1" is not as noted
Then('the mount table of window {string} is not as noted', async function (this: ScenarioWorld, name: string) {
  await expectAsNoted(this, window(name), false);
});

// Then window "c1" shows 4 mounts at or under "/tmp/docker"
Then('window {string} shows {int} mounts at or under {string}', async function (this: ScenarioWorld, name: string, count: number, path: string) {
  await expectMountCount.call(this, count, path, window(name));
});

// Then the host shows 4 mounts at or under "/tmp/docker"
Then('the host shows {int} mounts at or under {string}', async function (this: ScenarioWorld, count: number, path: string) {
  await expectMountCount.call(this, count, path, SANDBOX);
});
