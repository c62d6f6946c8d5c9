import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandLog, type ScenarioCommand } from './scenario-command.ts';
import { LastCommand } from './last-command.ts';

function command(cmd: string, exitCode: number, stdout = ''): ScenarioCommand {
  return {
    command: cmd, where: 'sandbox', exitCode, signal: null, stdout, stderr: '', durationMs: 1,
    failed: exitCode !== 0, timedOut: false, syscalls: [],
  };
}

test('an outcome expectation marks the command checked and its failure carries the history', () => {
  const log = new CommandLog();
  log.record(command('mkdir /tmp/a', 0));
  log.record(command('rmdir /tmp', 1));
  assert.match(log.uncheckedFailure() ?? '', /`rmdir \/tmp` failed \(exit code 1\) and no step checked it/);
  assert.throws(() => { new LastCommand(log).expectSucceeded(); }, /expected `rmdir \/tmp` to succeed[\s\S]*Commands run so far:\n {2}sandbox# mkdir \/tmp\/a {4}\(exit code 0\)\n {2}sandbox# rmdir \/tmp {4}\(exit code 1\)/);
  assert.equal(log.uncheckedFailure(), undefined);
});

test('it fails passes for a failed command', () => {
  const log = new CommandLog();
  log.record(command('false', 1));
  new LastCommand(log).expectFailed();
  assert.equal(log.uncheckedFailure(), undefined);
});

test('looking at the output does not count as checking the outcome', () => {
  const log = new CommandLog();
  log.record(command('mount', 32, 'mount: only root can do that\n'));
  new LastCommand(log).expectOutputContains('only root');
  assert.throws(() => { new LastCommand(log).expectOutputContains('only root', false); }, /not to contain "only root"/);
  assert.notEqual(log.uncheckedFailure(), undefined);
});

test('with no command yet, the last command names the step to add', () => {
  assert.throws(() => new LastCommand(new CommandLog()), /no command has been run yet in this scenario/);
});
