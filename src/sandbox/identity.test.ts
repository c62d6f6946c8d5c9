import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { formatIdentity, isRunning, localIdentity, parseIdentity, START_TIME_FUNCTION, startTimeFromStat } from './identity.ts';

test('the start time is field 22, counted past a comm with spaces and parentheses', () => {
  const stat = '4242 (a b) c)) S 1 4242 4242 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 987654 1000 10 18446744073709551615';
  assert.equal(startTimeFromStat(stat), '987654');
  assert.equal(startTimeFromStat('garbage'), undefined);
});

test('this process is running under its identity, and not under another start time', () => {
  const me = localIdentity(process.pid);
  assert.ok(me !== undefined);
  assert.equal(isRunning(me), true);
  assert.equal(isRunning({ pid: me.pid, startTime: `${me.startTime}1` }), false);
  assert.deepEqual(parseIdentity(formatIdentity(me)), me);
  assert.equal(parseIdentity('12 x'), undefined);
});

test('the shell reading of the start time agrees with node', () => {
  const me = localIdentity(process.pid);
  const shell = execFileSync('sh', ['-c', `${START_TIME_FUNCTION}\nstart_time ${process.pid}; start_time 999999999`], { encoding: 'utf8' });
  assert.equal(shell, `${me?.startTime}\n`);
});
