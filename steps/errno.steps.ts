import { Then } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';
import type { ErrnoName } from '../src/errno/table.ts';
import type { KernelVersion } from '../src/kernel/version.ts';
import { expect } from '../src/assert/matchers.ts';
import { syscallEvidence } from '../src/assert/errno.ts';
import { formatHistory } from '../src/scenario/lab-run.ts';
import { kernelBranch } from '../src/runtime/kernel-branch.ts';

// Then it fails with EBUSY
Then('it fails with {errno}', function (this: LabWorld, errno: ErrnoName) {
  const run = this.lab.lastRun;
  this.lab.markChecked(run);
  expect(run).toFailWithErrno(errno, formatHistory(this.lab.history));
});

// Then the mount syscall fails with EACCES
Then('the {word} syscall fails with {errno}', function (this: LabWorld, syscall: string, errno: ErrnoName) {
  const run = this.lab.lastRun;
  this.lab.markChecked(run);
  expect(run).toHaveSyscallOutcome(syscall, errno, formatHistory(this.lab.history));
  this.attach(syscallEvidence(run, syscall), 'text/plain');
});

// Then the rmdir syscall succeeds
Then('the {word} syscall succeeds', function (this: LabWorld, syscall: string) {
  const run = this.lab.lastRun;
  this.lab.markChecked(run);
  expect(run).toHaveSyscallOutcome(syscall, null, formatHistory(this.lab.history));
  this.attach(syscallEvidence(run, syscall), 'text/plain');
});

// Then it fails with EBUSY on kernels before 3.18 and succeeds from 3.18
Then('it fails with {errno} on kernels before {version} and succeeds from {version}', function (this: LabWorld, errno: ErrnoName, before: KernelVersion, from: KernelVersion) {
  const run = this.lab.lastRun;
  this.lab.markChecked(run);
  const branch = kernelBranch(this.machine.capabilities.kernel, this.machine.capabilities.kernelRelease, before, from, errno);
  this.attach(branch.explanation, 'text/plain');
  const history = formatHistory(this.lab.history);
  if (branch.expectSuccess) expect(run).toSucceed(history);
  else expect(run).toFailWithErrno(errno, history);
});

// Then it made at least 20 mount syscalls
Then('it made at least {int} {word} syscalls', function (this: LabWorld, least: number, syscall: string) {
  const run = this.lab.lastRun;
  const calls = run.syscalls.filter((s) => s.name === syscall);
  const failed = calls.filter((s) => s.failed).length;
  this.attach(`\`${run.command}\` made ${calls.length} ${syscall} syscalls (${failed} failed):\n${calls.map((c) => c.line).join('\n')}`, 'text/plain');
  if (calls.length < least) {
    throw new Error(`expected \`${run.command}\` to make at least ${least} ${syscall} syscalls; it made ${calls.length}.\n${formatHistory(this.lab.history)}`);
  }
});

// Then the mount syscall on "/mnt" succeeds
Then('the {word} syscall on {string} succeeds', function (this: LabWorld, syscall: string, path: string) {
  const run = this.lab.lastRun;
  this.lab.markChecked(run);
  expect(run).toHaveSyscallOutcomeOn(syscall, path, null, formatHistory(this.lab.history));
  this.attach(syscallEvidence(run, syscall, path), 'text/plain');
});

// Then the openat syscall on "/dev/loop-control" fails with ENOENT
Then('the {word} syscall on {string} fails with {errno}', function (this: LabWorld, syscall: string, path: string, errno: ErrnoName) {
  const run = this.lab.lastRun;
  this.lab.markChecked(run);
  expect(run).toHaveSyscallOutcomeOn(syscall, path, errno, formatHistory(this.lab.history));
  this.attach(syscallEvidence(run, syscall, path), 'text/plain');
});
