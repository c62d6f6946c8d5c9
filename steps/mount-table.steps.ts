import { Then, When } from '@cucumber/cucumber';
import type { ScenarioWorld } from './support/world.ts';
import { describePlace, type Place } from '../src/scenario/place.ts';
import { expect } from '../src/assert/matchers.ts';

// When I note the mount table
// When I note the mount table in window "c1"
When('I note the mount table{place}', noteMountTable);

// Then the mount table is as noted
// Then the mount table in window "c1" is as noted
Then('the mount table{place} is as noted', async function (this: ScenarioWorld, place: Place) {
  await expectAsNoted(this, place, true);
});

// Then the mount table in window "c1" is not as noted
Then('the mount table{place} is not as noted', async function (this: ScenarioWorld, place: Place) {
  await expectAsNoted(this, place, false);
});

// Then there are 4 mounts at or under "/tmp/docker"
// Then there are 4 mounts at or under "/tmp/docker" in window "c1"
Then('there are {int} mounts at or under {string}{place}', expectMountCount);

export async function noteMountTable(this: ScenarioWorld, place: Place): Promise<void> {
  const view = await this.scenario.note(place);
  this.log(`noted ${view.table.entries.length} mounts in ${describePlace(place)}`);
}

export async function expectAsNoted(world: ScenarioWorld, place: Place, asNoted: boolean): Promise<void> {
  const matcher = expect(await world.scenario.view(place));
  (asNoted ? matcher : matcher.not).toMatchNotedTable(world.scenario.notedView(place));
}

export async function expectMountCount(this: ScenarioWorld, count: number, path: string, place: Place): Promise<void> {
  expect(await this.scenario.view(place)).toHaveMountCountUnder(path, count);
}
