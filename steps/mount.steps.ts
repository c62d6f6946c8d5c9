import { Then } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';
import { expect } from '../src/assert/matchers.ts';

// Then "/tmp/parent/mnt" is a mount point
Then('{string} is a mount point', async function (this: LabWorld, path: string) {
  expect(await this.lab.view()).toHaveMountPoint(path);
});

// Then "/tmp/parent/mnt" is not a mount point
Then('{string} is not a mount point', async function (this: LabWorld, path: string) {
  expect(await this.lab.view()).not.toHaveMountPoint(path);
});

// Then "/tmp/parent/mnt" is a mount point in window "other"
Then('{string} is a mount point in window {string}', async function (this: LabWorld, path: string, window: string) {
  expect(await this.lab.view(window)).toHaveMountPoint(path);
});

// Then "/tmp/parent/mnt" is not a mount point in window "other"
Then('{string} is not a mount point in window {string}', async function (this: LabWorld, path: string, window: string) {
  expect(await this.lab.view(window)).not.toHaveMountPoint(path);
});

// Then "/tmp/ro" is mounted read-only
Then('{string} is mounted read-only', async function (this: LabWorld, path: string) {
  expect(await this.lab.view()).toHaveMountOption(path, 'ro');
});

// Then "/tmp/ro" is mounted read-only in window "other"
Then('{string} is mounted read-only in window {string}', async function (this: LabWorld, path: string, window: string) {
  expect(await this.lab.view(window)).toHaveMountOption(path, 'ro');
});

// Then "/tmp/a" is mounted with option "nosuid"
Then('{string} is mounted with option {string}', async function (this: LabWorld, path: string, option: string) {
  expect(await this.lab.view()).toHaveMountOption(path, option);
});

// Then "/tmp/a" has filesystem type "tmpfs"
Then('{string} has filesystem type {string}', async function (this: LabWorld, path: string, fsType: string) {
  expect(await this.lab.view()).toHaveFilesystemType(path, fsType);
});

// Then "/tmp/a" has filesystem type "tmpfs" in window "other"
Then('{string} has filesystem type {string} in window {string}', async function (this: LabWorld, path: string, fsType: string, window: string) {
  expect(await this.lab.view(window)).toHaveFilesystemType(path, fsType);
});

// Then "/mnt" is mounted from "tmpfs"
Then('{string} is mounted from {string}', async function (this: LabWorld, path: string, source: string) {
  expect(await this.lab.view()).toHaveMountSource(path, source);
});

// Then "/mnt" is mounted from "tmpfs" in window "userns"
Then('{string} is mounted from {string} in window {string}', async function (this: LabWorld, path: string, source: string, window: string) {
  expect(await this.lab.view(window)).toHaveMountSource(path, source);
});
