import { Then } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';
import type { PropagationKind } from '../src/mountinfo/propagation.ts';
import { expect } from '../src/assert/matchers.ts';

// Then "/srv/data" is a mount point in unit "privtmp"
Then('{string} is a mount point in unit {string}', async function (this: LabWorld, path: string, unit: string) {
  expect(await this.lab.unitView(unit)).toHaveMountPoint(path);
});

// Then "/srv/data" is not a mount point in unit "privtmp"
Then('{string} is not a mount point in unit {string}', async function (this: LabWorld, path: string, unit: string) {
  expect(await this.lab.unitView(unit)).not.toHaveMountPoint(path);
});

// Then "/tmp" has propagation shared and slave in unit "privtmp"
Then('{string} has propagation {propagation} in unit {string}', async function (this: LabWorld, path: string, kind: PropagationKind, unit: string) {
  expect(await this.lab.unitView(unit)).toHavePropagation(path, kind);
});
