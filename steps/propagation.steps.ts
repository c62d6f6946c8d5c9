import { Then } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';
import type { PropagationKind } from '../src/mountinfo/propagation.ts';
import { expect } from '../src/assert/matchers.ts';

// Then "/tmp/shared" has propagation shared
Then('{string} has propagation {propagation}', async function (this: LabWorld, path: string, kind: PropagationKind) {
  expect(await this.lab.view()).toHavePropagation(path, kind);
});

// Then "/tmp/shared" has propagation slave in window "other"
Then('{string} has propagation {propagation} in window {string}', async function (this: LabWorld, path: string, kind: PropagationKind, window: string) {
  expect(await this.lab.view(window)).toHavePropagation(path, kind);
});

// Then "/tmp/a" and "/tmp/b" are peers
Then('{string} and {string} are peers', async function (this: LabWorld, a: string, b: string) {
  const view = await this.lab.view();
  expect(view).toBePeerOf(a, view, b);
});

// Then "/tmp/a" and "/tmp/b" are not peers
Then('{string} and {string} are not peers', async function (this: LabWorld, a: string, b: string) {
  const view = await this.lab.view();
  expect(view).not.toBePeerOf(a, view, b);
});

// Then "/tmp/slave" is a slave of "/tmp/master"
Then('{string} is a slave of {string}', async function (this: LabWorld, slave: string, master: string) {
  const view = await this.lab.view();
  expect(view).toBeSlaveOf(slave, view, master);
});

// Then "/tmp/a" in window "other" is a peer of "/tmp/a" in the host
Then('{string} in window {string} is a peer of {string} in the host', async function (this: LabWorld, path: string, window: string, hostPath: string) {
  expect(await this.lab.view(window)).toBePeerOf(path, await this.lab.view(), hostPath);
});

// Then "/tmp/a" in window "other" is not a peer of "/tmp/a" in the host
Then('{string} in window {string} is not a peer of {string} in the host', async function (this: LabWorld, path: string, window: string, hostPath: string) {
  expect(await this.lab.view(window)).not.toBePeerOf(path, await this.lab.view(), hostPath);
});

// Then "/" in window "daemon" is a slave of "/" in the host
Then('{string} in window {string} is a slave of {string} in the host', async function (this: LabWorld, path: string, window: string, hostPath: string) {
  expect(await this.lab.view(window)).toBeSlaveOf(path, await this.lab.view(), hostPath);
});
