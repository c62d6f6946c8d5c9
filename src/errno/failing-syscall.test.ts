import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStrace } from './strace/index.ts';
import { failingSyscall } from './failing-syscall.ts';

// In the form strace -f writes for `mkdir -p /tmp/a/b; umount /tmp/nothing` (util-linux 2.38).
const trace = `101   mkdir("/tmp", 0777)               = -1 EEXIST (File exists)
101   mkdir("/tmp/a", 0777)             = 0
101   mkdir("/tmp/a/b", 0777)           = 0
102   mkdir("/run/mount", 0755)         = -1 EEXIST (File exists)
102   umount2("/tmp/nothing", 0)        = -1 EINVAL (Invalid argument)
`;

test('the failing syscall is the last one that is not routine', () => {
  assert.equal(failingSyscall(parseStrace(trace).calls)?.errno, 'EINVAL');
});

test('routine EEXIST after the real failure does not hide it', () => {
  const later = `${trace}103   mkdir("/run/mount", 0755)         = -1 EEXIST (File exists)\n`;
  assert.equal(failingSyscall(parseStrace(later).calls)?.name, 'umount2');
});

test('when only routine failures happened, the last of them is the answer', () => {
  const onlyMkdir = '104   mkdir("/tmp/x", 0777)             = -1 EEXIST (File exists)\n';
  assert.equal(failingSyscall(parseStrace(onlyMkdir).calls)?.errno, 'EEXIST');
});

test('no failure at all gives undefined', () => {
  assert.equal(failingSyscall(parseStrace('105   rmdir("/tmp/x")                   = 0\n').calls), undefined);
});
