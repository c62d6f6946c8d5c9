import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathsIn } from './paths.ts';

test('finds the paths in a step that runs a command', () => {
  assert.deepEqual(pathsIn(['When I run "mount --bind /tmp/a /tmp/b"']), ['/tmp/a', '/tmp/b']);
  assert.deepEqual(pathsIn(['mkdir -p /tmp/a//x/ && mount -t tmpfs sub /tmp/a/x;']), ['/tmp/a/x']);
});

test('a quoted string that is a path is one path, spaces and all', () => {
  assert.deepEqual(pathsIn(['Then "/tmp/x y" is a mount point']), ['/tmp/x y']);
  assert.deepEqual(pathsIn(["mount -t tmpfs odd '/tmp/t/x <&y'"]), ['/tmp/t/x <&y']);
  assert.deepEqual(pathsIn(['And "/tmp/a" and "/tmp/b" are peers']), ['/tmp/a', '/tmp/b']);
});

test('reads docstrings and option lists, and leaves out what touches no mount', () => {
  const docstring = 'mount --make-slave /tmp/b\ncat /proc/self/mountinfo 2>/dev/null >/tmp/out\nls /proc/1/ns';
  assert.deepEqual(pathsIn(['When I run:', docstring]), ['/tmp/b', '/tmp/out']);
  assert.deepEqual(pathsIn(['mount -t overlay o -o lowerdir=/srv/lo,upperdir=/srv/up /mnt']), ['/srv/lo', '/srv/up', '/mnt']);
  assert.deepEqual(pathsIn(['ls /tmp/a/$NAME/x /tmp/b/*.txt ./rel relative/p']), ['/tmp/a', '/tmp/b']);
});

test('each path once, in order of first mention', () => {
  assert.deepEqual(pathsIn(['"/tmp/b"', 'mount --bind /tmp/a /tmp/b/']), ['/tmp/b', '/tmp/a']);
});
