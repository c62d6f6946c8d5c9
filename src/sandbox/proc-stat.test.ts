import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandName, foregroundProcessGroup, namespacePids } from './proc-stat.ts';

test('reads tpgid after a command name with spaces and parentheses', () => {
  const stat = '4242 (we ird) (name)) S 4200 4242 4242 34817 4250 4194560 1 0 0 0 0 0 0 0 20 0 1 0';
  assert.equal(foregroundProcessGroup(stat), 4250);
});

test('rejects a process without a controlling terminal (tpgid -1)', () => {
  const stat = '17 (sleep) S 1 17 17 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0';
  assert.throws(() => foregroundProcessGroup(stat), /no foreground process group/);
});

test('NSpid lists the PID in each namespace, outermost first', () => {
  const status = 'Name:\tbash\nTgid:\t4242\nNSpid:\t4242\t7\t1\nNStgid:\t4242\t7\t1\n';
  assert.deepEqual(namespacePids(status), [4242, 7, 1]);
});

test('the command name may hold spaces and parentheses', () => {
  assert.equal(commandName('4242 (we ird) (name)) S 4200 4242 4242 34817 4250 4194560 1 0'), 'we ird) (name)');
  assert.equal(commandName('17 (docker) S 1 17 17 0 -1 4194304'), 'docker');
  assert.throws(() => commandName('garbage'), /no command name/);
});
