import { Then, When } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';
import { expect } from '../src/assert/matchers.ts';
import { formatHistory } from '../src/scenario/lab-run.ts';
import { describeLabRun } from '../src/assert/describe-run.ts';

// When I run "mount --bind /tmp/a /tmp/b"
When('I run {string}', async function (this: LabWorld, command: string) {
  await this.lab.run(command);
});

// When I run:
//   """
//   mkdir /tmp/a
//   mount -t tmpfs none /tmp/a
//   """
When('I run:', async function (this: LabWorld, script: string) {
  await this.lab.run(script);
});

// When I run "umount /tmp/parent/mnt" in window "other"
When('I run {string} in window {string}', async function (this: LabWorld, command: string, window: string) {
  await this.lab.runInWindow(window, command);
});

// Then it succeeds
Then('it succeeds', function (this: LabWorld) {
  const run = this.lab.lastRun;
  this.lab.markChecked(run);
  expect(run).toSucceed(formatHistory(this.lab.history));
});

// Then it fails
Then('it fails', function (this: LabWorld) {
  const run = this.lab.lastRun;
  this.lab.markChecked(run);
  expect(run).not.toSucceed(formatHistory(this.lab.history));
});

// Then the output contains "/tmp/parent/mnt"
Then('the output contains {string}', function (this: LabWorld, text: string) {
  const run = this.lab.lastRun;
  const output = run.stdout + run.stderr;
  if (!output.includes(text)) throw new Error(`expected the output of \`${run.command}\` to contain ${JSON.stringify(text)}.\n${describeLabRun(run)}`);
});

// Then the output does not contain "/tmp/parent/mnt"
Then('the output does not contain {string}', function (this: LabWorld, text: string) {
  const run = this.lab.lastRun;
  const output = run.stdout + run.stderr;
  if (output.includes(text)) throw new Error(`expected the output of \`${run.command}\` not to contain ${JSON.stringify(text)}.\n${describeLabRun(run)}`);
});

// When I run "nsenter -t PID -m mount -t tmpfs tmpfs /mnt" with PID of window "userns"
When('I run {string} with PID of window {string}', async function (this: LabWorld, command: string, window: string) {
  const pid = await this.lab.windowPid(window);
  if (!/\bPID\b/.test(command)) throw new Error(`"${command}" has no word PID to replace with the PID of window "${window}"`);
  await this.lab.run(command.replace(/\bPID\b/g, String(pid)));
});

// Then the output is empty
Then('the output is empty', function (this: LabWorld) {
  const run = this.lab.lastRun;
  if (run.stdout + run.stderr !== '') throw new Error(`expected \`${run.command}\` to print nothing.\n${describeLabRun(run)}`);
});

// When I run "runc run c5" tracing openat too
When('I run {string} tracing {word} too', async function (this: LabWorld, command: string, syscall: string) {
  await this.lab.run(command, { alsoTrace: [syscall] });
});

// When I run "docker run ubuntu mount -t tmpfs none /mnt" with containerd traced
When('I run {string} with {word} traced', async function (this: LabWorld, command: string, service: string) {
  await this.lab.run(command, { service });
});

// When I run "docker run -ti ubuntu bash -c 'mount -o loop /tmp/img /mnt'" in window "docker" with containerd traced, tracing newfstatat too
When('I run {string} in window {string} with {word} traced, tracing {word} too', async function (this: LabWorld, command: string, window: string, service: string, syscall: string) {
  await this.lab.runInWindow(window, command, { service, alsoTrace: [syscall] });
});
