import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MountTable } from './table.ts';
import type { MountInfo } from './parse.ts';
import { CHROOT_MOUNTINFO, HOST_MOUNTINFO, NAMESPACE_MOUNTINFO } from './fixtures.ts';

const host = MountTable.parse(HOST_MOUNTINFO);
const ns = MountTable.parse(NAMESPACE_MOUNTINFO);
const chroot = MountTable.parse(CHROOT_MOUNTINFO);

const idAt = (table: MountTable, path: string) => table.at(path)?.id;

function byId(table: MountTable, id: number): MountInfo {
  const m = table.byId(id);
  assert.ok(m !== undefined, `mount ${id} in the table`);
  return m;
}

test('looks mounts up by ID, parent and children', () => {
  const base = ns.byId(63);
  assert.equal(base?.mountPoint, '/tmp/mlcap');
  assert.equal(ns.parent(base)?.mountPoint, '/');
  assert.equal(ns.parent(byId(ns, 43)), undefined, 'the root mount has no listed parent');
  assert.deepEqual(ns.children(byId(ns, 78)).map((m) => m.id), [79, 80]);
  assert.deepEqual(ns.children(byId(ns, 79)), []);
  assert.equal(ns.byId(999), undefined);
  assert.equal(ns.entries.length, 41);
});

test('finds the mount at a path, whatever the characters in it', () => {
  assert.equal(idAt(ns, '/'), 43);
  assert.equal(idAt(ns, '/tmp/mlcap'), 63);
  assert.equal(idAt(ns, '/tmp/mlcap/x y'), 64);
  assert.equal(idAt(ns, '/tmp/mlcap/tab\tdir'), 66);
  assert.equal(idAt(ns, '/tmp/mlcap/a\nb'), 67);
  assert.equal(idAt(ns, '/tmp/mlcap/back\\slash'), 68);
  assert.equal(idAt(ns, '/tmp/mlcap/peer/sub'), 75);
});

test('normalises the path it is given', () => {
  assert.equal(idAt(ns, '/tmp/mlcap/x y/'), 64);
  assert.equal(idAt(ns, '//tmp///mlcap//x y//'), 64);
  assert.equal(idAt(ns, '//'), 43);
  assert.throws(() => ns.at('tmp/mlcap'), /"tmp\/mlcap" is not an absolute path/);
});

test('a directory that is not a mount point has no mount', () => {
  assert.equal(ns.at('/tmp'), undefined);
  assert.equal(ns.at('/tmp/mlcap/x y/in side'), undefined);
  assert.equal(ns.isMountPoint('/tmp'), false);
  assert.equal(ns.isMountPoint('/tmp/mlcap'), true);
});

test('returns the top of a stack of mounts on one mount point', () => {
  assert.equal(ns.at('/tmp/mlcap/stack')?.source, 'second');
  assert.equal(idAt(host, '/dev/pts'), 29);
  assert.equal(idAt(host, '/dev/shm'), 30);
  assert.equal(idAt(host, '/'), 27, 'the root mount is found though listed after its children');
});

test('a mount whose parent is covered is not visible', () => {
  assert.equal(ns.byId(79)?.mountPoint, '/tmp/mlcap/stack/inner');
  assert.equal(ns.at('/tmp/mlcap/stack/inner'), undefined);
  assert.equal(ns.isMountPoint('/tmp/mlcap/stack/inner'), false);
});

test('a mount shadowed by a later mount on a directory above it is not visible', () => {
  assert.equal(ns.at('/tmp/mlcap/shadow')?.source, 'over');
  assert.equal(ns.at('/tmp/mlcap/shadow/deep'), undefined);
});

test('after chroot, lookups start from mounts whose parents are not listed', () => {
  assert.equal(chroot.at('/'), undefined);
  assert.equal(idAt(chroot, '/q'), 67);
  assert.equal(idAt(chroot, '/usr'), 64);
  assert.equal(chroot.parent(byId(chroot, 67)), undefined);
});

test('linesAround gives the mounts on the path, above it and below it, in table order', () => {
  const ids = (path: string) => ns.linesAround(path).map((line) => Number(line.split(' ')[0]));
  assert.deepEqual(ids('/tmp/mlcap/stack/'), [43, 63, 78, 79, 80]);
  assert.deepEqual(ids('/tmp/mlcap/shadow/deep'), [43, 63, 81, 82]);
  assert.deepEqual(ids('/tmp/mlcap/shared'), [43, 63, 69, 74]);
  assert.deepEqual(ids('/tmp/mlcap/x y/in side'), [43, 63, 64]);
  assert.equal(ns.linesAround('/').length, ns.entries.length);
  assert.ok(ns.linesAround('/tmp/mlcap/x y')[2]?.includes(String.raw`/tmp/mlcap/x\040y`));
});

test('mountsAtOrUnder counts covered mounts too, at component boundaries', () => {
  const table = MountTable.parse([
    '22 1 0:21 / / rw - ext4 /dev/vda rw',
    '30 22 0:40 / /tmp rw - tmpfs t rw',
    '31 30 0:41 / /tmp/a rw - tmpfs a rw',
    '32 31 0:42 / /tmp/a rw - tmpfs a2 rw',
    '33 32 0:43 / /tmp/a/b rw - tmpfs b rw',
    '34 30 0:44 / /tmp/ab rw - tmpfs ab rw',
  ].join('\n'));
  assert.deepEqual(table.mountsAtOrUnder('/tmp/a/').map((m) => m.id), [31, 32, 33]);
});
