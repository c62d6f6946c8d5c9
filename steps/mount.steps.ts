import { Then } from '@cucumber/cucumber';
import type { ScenarioWorld } from './support/world.ts';
import type { Place } from '../src/scenario/place.ts';
import { expect } from '../src/assert/matchers.ts';

// Then "/tmp/parent/mnt" is a mount point
// Then "/tmp/parent/mnt" is a mount point in window "other"
// Then "/srv/data" is a mount point in unit "privtmp"
Then('{string} is a mount point{place}', async function (this: ScenarioWorld, path: string, place: Place) {
  expect(await this.scenario.view(place)).toHaveMountPoint(path);
});

// Then "/tmp/parent/mnt" is not a mount point
// Then "/srv/bundle/rootfs/host_dir" is not a mount point in container "mlc"
Then('{string} is not a mount point{place}', async function (this: ScenarioWorld, path: string, place: Place) {
  expect(await this.scenario.view(place)).not.toHaveMountPoint(path);
});

// Then "/tmp/ro" is mounted read-only
// Then "/proc/sys" is mounted read-only in docker container "c1"
Then('{string} is mounted read-only{place}', async function (this: ScenarioWorld, path: string, place: Place) {
  expect(await this.scenario.view(place)).toHaveMountOption(path, 'ro');
});

// Then "/tmp/locked" is not mounted read-only in window "userns"
Then('{string} is not mounted read-only{place}', async function (this: ScenarioWorld, path: string, place: Place) {
  expect(await this.scenario.view(place)).not.toHaveMountOption(path, 'ro');
});

// Then "/tmp/a" is mounted with option "nosuid"
Then('{string} is mounted with option {string}{place}', async function (this: ScenarioWorld, path: string, option: string, place: Place) {
  expect(await this.scenario.view(place)).toHaveMountOption(path, option);
});

// Then "/tmp/a" has filesystem type "tmpfs"
// Then "/proc/acpi" has filesystem type "tmpfs" in container "mlc"
Then('{string} has filesystem type {string}{place}', async function (this: ScenarioWorld, path: string, fsType: string, place: Place) {
  expect(await this.scenario.view(place)).toHaveFilesystemType(path, fsType);
});

// Then "/mnt" is mounted from "tmpfs" in window "userns"
Then('{string} is mounted from {string}{place}', async function (this: ScenarioWorld, path: string, source: string, place: Place) {
  expect(await this.scenario.view(place)).toHaveMountSource(path, source);
});
