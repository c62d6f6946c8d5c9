import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAssertion, negate } from './mutate.ts';

const k618 = { major: 6, minor: 18, patch: 0 };
const k510 = { major: 5, minor: 10, patch: 0 };
const text = (s: string, kernel = k618): string => {
  const n = negate(s, kernel);
  if (n.kind !== 'negated') assert.fail(`no negation of "${s}": ${n.reason}`);
  return n.text;
};

test('mount points, peers, slaves and noted tables swap with their negative form, both ways', () => {
  assert.equal(text('"/a" is a mount point'), '"/a" is not a mount point');
  assert.equal(text('"/a" is not a mount point in window "w"'), '"/a" is a mount point in window "w"');
  assert.equal(text('"/a" and "/b" are peers'), '"/a" and "/b" are not peers');
  assert.equal(text('"/a" in window "o" is a peer of "/a" in the host'), '"/a" in window "o" is not a peer of "/a" in the host');
  assert.equal(text('"/b" is a slave of "/a"'), '"/b" is not a slave of "/a"');
  assert.equal(text('the mount table of window "c1" is as noted'), 'the mount table of window "c1" is not as noted');
  assert.equal(text('the mount table is not as noted'), 'the mount table is as noted');
  assert.equal(text('"/p" is mounted read-only in container "c"'), '"/p" is not mounted read-only in container "c"');
});

test('outcomes: succeeds and fails swap, an errno becomes another', () => {
  assert.equal(text('it succeeds'), 'it fails');
  assert.equal(text('it fails'), 'it succeeds');
  assert.equal(text('it fails with EBUSY'), 'it fails with EINVAL');
  assert.equal(text('it fails with EINVAL'), 'it fails with EPERM');
  assert.equal(text('the mount syscall fails with EPERM'), 'the mount syscall fails with EINVAL');
  assert.equal(text('the rmdir syscall succeeds'), 'the rmdir syscall fails with EPERM');
  assert.equal(text('the newfstatat syscall on "/dev/x" fails with ENOENT'), 'the newfstatat syscall on "/dev/x" fails with EINVAL');
});

test('a kernel-dependent outcome moves its boundary to the other side of the kernel judged', () => {
  const step = 'it fails with EPERM on kernels before 5.11 and succeeds from 5.11';
  assert.equal(text(step, k618), 'it fails with EPERM on kernels before 99.0 and succeeds from 99.0');
  assert.equal(text(step, k510), 'it fails with EPERM on kernels before 1.0 and succeeds from 1.0');
});

test('kinds, types, sources, output and counts change to something else', () => {
  assert.equal(text('"/a" has propagation shared and slave in unit "u"'), '"/a" has propagation private in unit "u"');
  assert.equal(text('"/a" has propagation private'), '"/a" has propagation shared');
  assert.equal(text('"/a" has filesystem type "tmpfs"'), '"/a" has filesystem type "ramfs"');
  assert.equal(text('"/" is mounted from "/dev/vda" in container "c"'), '"/" is mounted from "tmpfs" in container "c"');
  assert.equal(text('the output contains "x y"'), 'the output does not contain "x y"');
  assert.equal(text('the output is empty'), 'the output is not empty');
  assert.equal(text('window "c1" shows 4 mounts at or under "/tmp/d"'), 'window "c1" shows 5 mounts at or under "/tmp/d"');
  assert.equal(text('it made 40 mount syscalls'), 'it made 41 mount syscalls');
  assert.equal(text('it made at least 20 mount syscalls'), 'it made at least 21 mount syscalls');
});

test('a sentence without a rule is reported, and actions after a Then are not assertions', () => {
  assert.equal(negate('the moon is full', k618).kind, 'cannot');
  assert.equal(isAssertion('I run "ls"'), false);
  assert.equal(isAssertion('I note the mount table'), false);
  assert.equal(isAssertion('it succeeds'), true);
});

test('a per-kernel outcome table: the row for this kernel gets one more, the others stay', () => {
  const table = [['kernels', 'count'], ['before 6.1', '3'], ['from 6.1', '4']];
  const text = 'the mounts at or under "/x" in window "c1" number, per kernel:';
  assert.deepEqual(negate(text, k618, table), {
    kind: 'negated', text, table: [['kernels', 'count'], ['before 6.1', '3'], ['from 6.1', '5']], change: 'row "from 6.1": 4 -> 5',
  });
  const old = negate(text, k510, table);
  assert.equal(old.kind === 'negated' ? old.table?.[1]?.[1] : undefined, '4');
  assert.equal(negate(text, k618, [['kernels', 'count'], ['any', 'many']]).kind, 'cannot');
});
