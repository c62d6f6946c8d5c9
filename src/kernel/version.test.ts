import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareKernelVersions, formatKernelVersion, isAtLeast, parseKernelVersion } from './version.ts';

test('parses uname -r of Debian and custom kernels', () => {
  assert.deepEqual(parseKernelVersion('6.1.0-27-amd64'), { major: 6, minor: 1, patch: 0 });
  assert.deepEqual(parseKernelVersion('6.18.44-fc-v669'), { major: 6, minor: 18, patch: 44 });
  assert.deepEqual(parseKernelVersion('3.18'), { major: 3, minor: 18, patch: 0 });
});

test('compares numerically, not as text', () => {
  assert.ok(compareKernelVersions(parseKernelVersion('3.18'), parseKernelVersion('3.9')) > 0);
  assert.ok(isAtLeast(parseKernelVersion('5.10.0-30-amd64'), parseKernelVersion('3.18')));
  assert.ok(!isAtLeast(parseKernelVersion('5.10.0-30-amd64'), parseKernelVersion('5.11')));
  assert.ok(isAtLeast(parseKernelVersion('5.11'), parseKernelVersion('5.11')));
});

test('rejects text that is not a version, naming it', () => {
  assert.throws(() => parseKernelVersion('latest'), /"latest" is not a kernel version/);
});

test('formats without a zero patch level', () => {
  assert.equal(formatKernelVersion(parseKernelVersion('3.18')), '3.18');
  assert.equal(formatKernelVersion(parseKernelVersion('6.18.44')), '6.18.44');
});
