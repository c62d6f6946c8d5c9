import { Then, When } from '@cucumber/cucumber';
import type { ScenarioWorld } from './support/world.ts';

// When I run "mount --bind /tmp/a /tmp/b"
When('I run {string}', async function (this: ScenarioWorld, command: string) {
  await this.scenario.run(command);
});

// When I run:
//   """
//   mkdir /tmp/a
//   mount -t tmpfs none /tmp/a
//   """
When('I run:', async function (this: ScenarioWorld, script: string) {
  await this.scenario.run(script);
});

// When I run "umount /tmp/parent/mnt" in window "other"
When('I run {string} in window {string}', async function (this: ScenarioWorld, command: string, window: string) {
  await this.scenario.runInWindow(window, command);
});

// Then it succeeds
Then('it succeeds', function (this: ScenarioWorld) {
  this.scenario.lastCommand().expectSucceeded();
});

// Then it fails
Then('it fails', function (this: ScenarioWorld) {
  this.scenario.lastCommand().expectFailed();
});

// Then the output contains "/tmp/parent/mnt"
Then('the output contains {string}', function (this: ScenarioWorld, text: string) {
  this.scenario.lastCommand().expectOutputContains(text);
});

// Then the output does not contain "/tmp/parent/mnt"
Then('the output does not contain {string}', function (this: ScenarioWorld, text: string) {
  this.scenario.lastCommand().expectOutputContains(text, false);
});

// When I run "nsenter -t PID -m mount -t tmpfs tmpfs /mnt" with PID of window "userns"
When('I run {string} with PID of window {string}', async function (this: ScenarioWorld, command: string, window: string) {
  const pid = await this.scenario.windowPid(window);
  if (!/\bPID\b/.test(command)) throw new Error(`"${command}" has no word PID to replace with the PID of window "${window}"`);
  await this.scenario.run(command.replace(/\bPID\b/g, String(pid)));
});

// Then the output is empty
Then('the output is empty', function (this: ScenarioWorld) {
  this.scenario.lastCommand().expectOutputEmpty();
});

// Then the output is not empty
Then('the output is not empty', function (this: ScenarioWorld) {
  this.scenario.lastCommand().expectOutputEmpty(false);
});

// When I run "runc run c5" tracing openat too
When('I run {string} tracing {word} too', async function (this: ScenarioWorld, command: string, syscall: string) {
  await this.scenario.run(command, { alsoTrace: [syscall] });
});

// When I run "docker run ubuntu mount -t tmpfs none /mnt" with containerd traced
When('I run {string} with {word} traced', async function (this: ScenarioWorld, command: string, service: string) {
  await this.scenario.run(command, { service });
});

// When I run "docker run -ti ubuntu bash -c 'mount -o loop /tmp/img /mnt'" in window "docker" with containerd traced, tracing newfstatat too
When('I run {string} in window {string} with {word} traced, tracing {word} too', async function (this: ScenarioWorld, command: string, window: string, service: string, syscall: string) {
  await this.scenario.runInWindow(window, command, { service, alsoTrace: [syscall] });
});
