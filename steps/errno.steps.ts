import { Then } from '@cucumber/cucumber';
import type { ScenarioWorld } from './support/world.ts';
import type { ErrnoName } from '../src/errno/table.ts';
import type { KernelVersion } from '../src/kernel/version.ts';

// Then it fails with EBUSY
Then('it fails with {errno}', function (this: ScenarioWorld, errno: ErrnoName) {
  this.scenario.lastCommand().expectErrno(errno);
});

// Then the mount syscall fails with EACCES
Then('the {word} syscall fails with {errno}', function (this: ScenarioWorld, syscall: string, errno: ErrnoName) {
  this.attach(this.scenario.lastCommand().expectSyscall(syscall, errno), 'text/plain');
});

// Then the rmdir syscall succeeds
Then('the {word} syscall succeeds', function (this: ScenarioWorld, syscall: string) {
  this.attach(this.scenario.lastCommand().expectSyscall(syscall, null), 'text/plain');
});

// Then it fails with EBUSY on kernels before 3.18 and succeeds from 3.18
Then('it fails with {errno} on kernels before {version} and succeeds from {version}', function (this: ScenarioWorld, errno: ErrnoName, before: KernelVersion, from: KernelVersion) {
  this.scenario.lastCommand().expectOnKernel(this.machine.capabilities, errno, before, from, (why) => { this.attach(why, 'text/plain'); });
});

// Then it made at least 20 mount syscalls
Then('it made at least {int} {word} syscalls', function (this: ScenarioWorld, least: number, syscall: string) {
  this.attach(this.scenario.lastCommand().expectCalls(least, syscall, 'at least'), 'text/plain');
});

// Then it made 40 mount syscalls
// An exact count, for where the kernel and the runtime make it deterministic.
Then('it made {int} {word} syscalls', function (this: ScenarioWorld, count: number, syscall: string) {
  this.attach(this.scenario.lastCommand().expectCalls(count, syscall, 'exactly'), 'text/plain');
});

// Then the mount syscall on "/mnt" succeeds
Then('the {word} syscall on {string} succeeds', function (this: ScenarioWorld, syscall: string, path: string) {
  this.attach(this.scenario.lastCommand().expectSyscall(syscall, null, path), 'text/plain');
});

// Then the openat syscall on "/dev/loop-control" fails with ENOENT
Then('the {word} syscall on {string} fails with {errno}', function (this: ScenarioWorld, syscall: string, path: string, errno: ErrnoName) {
  this.attach(this.scenario.lastCommand().expectSyscall(syscall, errno, path), 'text/plain');
});
