import { Then } from '@cucumber/cucumber';
import type { ScenarioWorld } from './support/world.ts';
import type { PropagationKind } from '../src/mountinfo/propagation.ts';
import type { Place } from '../src/scenario/place.ts';
import { expect } from '../src/assert/matchers.ts';

// Then "/tmp/shared" has propagation shared
// Then "/tmp/shared" has propagation slave in window "other"
// Then "/tmp" has propagation shared and slave in unit "privtmp"
Then('{string} has propagation {propagation}{place}', async function (this: ScenarioWorld, path: string, kind: PropagationKind, place: Place) {
  expect(await this.scenario.view(place)).toHavePropagation(path, kind);
});

// Then "/tmp/a" and "/tmp/b" are peers
Then('{string} and {string} are peers{place}', async function (this: ScenarioWorld, a: string, b: string, place: Place) {
  const view = await this.scenario.view(place);
  expect(view).toBePeerOf(a, view, b);
});

// Then "/tmp/a" and "/tmp/b" are not peers
Then('{string} and {string} are not peers{place}', async function (this: ScenarioWorld, a: string, b: string, place: Place) {
  const view = await this.scenario.view(place);
  expect(view).not.toBePeerOf(a, view, b);
});

// Then "/tmp/a" in window "other" is a peer of "/tmp/a" in the sandbox
Then('{string}{place} is a peer of {string}{place}', async function (this: ScenarioWorld, path: string, place: Place, otherPath: string, otherPlace: Place) {
  expect(await this.scenario.view(place)).toBePeerOf(path, await this.scenario.view(otherPlace), otherPath);
});

// Then "/tmp/a" in window "other" is not a peer of "/tmp/a" in the sandbox
Then('{string}{place} is not a peer of {string}{place}', async function (this: ScenarioWorld, path: string, place: Place, otherPath: string, otherPlace: Place) {
  expect(await this.scenario.view(place)).not.toBePeerOf(path, await this.scenario.view(otherPlace), otherPath);
});

// Then "/tmp/slave" is a slave of "/tmp/master"
// Then "/" in window "daemon" is a slave of "/" in the sandbox
Then('{string}{place} is a slave of {string}{place}', async function (this: ScenarioWorld, path: string, place: Place, masterPath: string, masterPlace: Place) {
  expect(await this.scenario.view(place)).toBeSlaveOf(path, await this.scenario.view(masterPlace), masterPath);
});

// Then "/" in window "daemon" is not a slave of "/" in the sandbox
Then('{string}{place} is not a slave of {string}{place}', async function (this: ScenarioWorld, path: string, place: Place, masterPath: string, masterPlace: Place) {
  expect(await this.scenario.view(place)).not.toBeSlaveOf(path, await this.scenario.view(masterPlace), masterPath);
});
