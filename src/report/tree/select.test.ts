import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MountTable } from '../../mountinfo/table.ts';
import { NAMESPACE_MOUNTINFO } from '../../mountinfo/fixtures.ts';
import { SANDBOX_BEFORE } from './fixtures.ts';
import { selectMounts } from './select.ts';

const sandbox = MountTable.parse(SANDBOX_BEFORE);
const points = (table: MountTable, touched: string[]) => selectMounts(table, touched).map((m) => m.mountPoint);

test('keeps the mounts at or under touched paths and the mounts above them, nothing else', () => {
  assert.deepEqual(points(sandbox, ['/tmp/t/a']), ['/', '/tmp', '/tmp/t/a']);
  assert.deepEqual(points(sandbox, ['/tmp/t']), ['/', '/tmp', '/tmp/t/a', '/tmp/t/b', '/tmp/t/x <&y']);
  assert.deepEqual(points(sandbox, ['/tmp/t/b/', '/tmp/t/x <&y']), ['/', '/tmp', '/tmp/t/b', '/tmp/t/x <&y']);
});

test('a touched path that is not a mount point still draws the mounts above it', () => {
  assert.deepEqual(points(sandbox, ['/tmp/t/a/deeper/file']), ['/', '/tmp', '/tmp/t/a']);
  assert.deepEqual(points(sandbox, ['/srv/nothing']), ['/']);
  assert.deepEqual(points(sandbox, []), []);
});

test('/proc, /sys and /dev are drawn only when a touched path lies in them', () => {
  assert.deepEqual(points(sandbox, ['/']), ['/', '/tmp', '/tmp/t/a', '/tmp/t/b', '/tmp/t/x <&y']);
  assert.deepEqual(points(sandbox, ['/dev/shm']), ['/', '/dev', '/dev/shm', '/dev/shm']);
  assert.deepEqual(points(sandbox, ['/sys/fs/cgroup/cpu']), ['/', '/sys', '/sys/fs/cgroup', '/sys/fs/cgroup/cpu']);
  assert.equal(points(sandbox, ['/sys']).length, 13, '/, /sys, /sys/fs/cgroup and its 10 cgroups: the learner asked for /sys');
});

test('covered and shadowed mounts under a touched path are drawn too', () => {
  const outer = MountTable.parse(NAMESPACE_MOUNTINFO);
  assert.deepEqual(points(outer, ['/tmp/mlcap/stack']), ['/', '/tmp/mlcap', '/tmp/mlcap/stack', '/tmp/mlcap/stack/inner', '/tmp/mlcap/stack']);
  assert.deepEqual(points(outer, ['/tmp/mlcap/shadow']), ['/', '/tmp/mlcap', '/tmp/mlcap/shadow/deep', '/tmp/mlcap/shadow']);
});
