import { Then } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';
import type { PropagationKind } from '../src/mountinfo/propagation.ts';
import type { ProcessRef } from '../src/scenario/lab-scenario.ts';
import { expect } from '../src/assert/matchers.ts';

// Then "/srv/data" is a mount point in unit "privtmp"
Then('{string} is a mount point {process}', async function (this: LabWorld, path: string, ref: ProcessRef) {
  expect(await this.lab.processView(ref)).toHaveMountPoint(path);
});

// Then "/srv/bundle/rootfs/host_dir" is not a mount point in container "mlc"
Then('{string} is not a mount point {process}', async function (this: LabWorld, path: string, ref: ProcessRef) {
  expect(await this.lab.processView(ref)).not.toHaveMountPoint(path);
});

// Then "/tmp" has propagation shared and slave in unit "privtmp"
Then('{string} has propagation {propagation} {process}', async function (this: LabWorld, path: string, kind: PropagationKind, ref: ProcessRef) {
  expect(await this.lab.processView(ref)).toHavePropagation(path, kind);
});

// Then "/proc/sys" is mounted read-only in container "mlc"
Then('{string} is mounted read-only {process}', async function (this: LabWorld, path: string, ref: ProcessRef) {
  expect(await this.lab.processView(ref)).toHaveMountOption(path, 'ro');
});

// Then "/proc/acpi" has filesystem type "tmpfs" in container "mlc"
Then('{string} has filesystem type {string} {process}', async function (this: LabWorld, path: string, fsType: string, ref: ProcessRef) {
  expect(await this.lab.processView(ref)).toHaveFilesystemType(path, fsType);
});

// Then "/" is mounted from "/dev/vda" in container "mlc"
Then('{string} is mounted from {string} {process}', async function (this: LabWorld, path: string, source: string, ref: ProcessRef) {
  expect(await this.lab.processView(ref)).toHaveMountSource(path, source);
});
