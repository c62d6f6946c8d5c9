import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arePeers, describePropagation, isSlaveOf, PROPAGATION_KINDS, propagationKind, type PropagationKind } from './propagation.ts';
import { MountTable } from './table.ts';
import type { MountInfo } from './parse.ts';
import { CHROOT_MOUNTINFO, NAMESPACE_MOUNTINFO, NESTED_SLAVE_LINES, NESTED_UNCHANGED_LINES } from './fixtures.ts';

const outer = MountTable.parse(NAMESPACE_MOUNTINFO);
const nestedUnchanged = MountTable.parse(NESTED_UNCHANGED_LINES);
const nestedSlave = MountTable.parse(NESTED_SLAVE_LINES);
const chroot = MountTable.parse(CHROOT_MOUNTINFO);

function at(table: MountTable, path: string): MountInfo {
  const m = table.at(path);
  assert.ok(m !== undefined, `a mount at ${path}`);
  return m;
}
const lab = (name: string) => at(outer, `/tmp/mlcap/${name}`);

test('names each propagation kind', () => {
  const expected: [string, PropagationKind][] = [
    ['shared', 'shared'],
    ['x y', 'private'],
    ['slave', 'slave'],
    ['sharedslave', 'shared and slave'],
    ['unbind', 'unbindable'],
    ['shared/sub', 'shared'],
    ['slave/sub', 'slave'],
    ['sharedslave/sub', 'shared and slave'],
    ['ub-then-slave', 'unbindable'],
    ['slave-then-ub', 'unbindable'],
  ];
  for (const [name, kind] of expected) assert.equal(propagationKind(lab(name)), kind, name);
  assert.deepEqual(new Set(expected.map(([, kind]) => kind)), new Set(PROPAGATION_KINDS));
  assert.equal(propagationKind(at(chroot, '/q')), 'slave');
});

test('peers share a peer group, within and across namespaces', () => {
  assert.ok(arePeers(lab('shared'), lab('peer')));
  assert.ok(arePeers(lab('shared/sub'), lab('peer/sub')), 'a submount propagates to a new peer group');
  assert.ok(!arePeers(lab('shared'), lab('slave')));
  assert.ok(!arePeers(lab('shared'), lab('sharedslave')), 'shared and slave has its own group');
  assert.ok(!arePeers(lab('slave'), lab('slave')), 'a slave is in no peer group');
  assert.ok(!arePeers(lab('x y'), lab('x y')));
  assert.ok(arePeers(lab('shared'), at(nestedUnchanged, '/tmp/mlcap/shared')));
  assert.ok(!arePeers(lab('shared'), at(nestedSlave, '/tmp/mlcap/shared')));
});

test('slaves receive from their master peer group', () => {
  assert.ok(isSlaveOf(lab('slave'), lab('shared')));
  assert.ok(isSlaveOf(lab('slave'), lab('peer')), 'any member of the master group');
  assert.ok(isSlaveOf(lab('sharedslave'), lab('shared')));
  assert.ok(isSlaveOf(lab('slave/sub'), lab('shared/sub')));
  assert.ok(!isSlaveOf(lab('slave/sub'), lab('sharedslave/sub')), 'group 4 is a slave of 3, not its master');
  assert.ok(!isSlaveOf(lab('shared'), lab('slave')));
  assert.ok(!isSlaveOf(lab('slave'), lab('slave')));
  assert.ok(!isSlaveOf(lab('ub-then-slave'), lab('shared')), 'unbindable drops the master');
  assert.ok(isSlaveOf(at(nestedSlave, '/tmp/mlcap/shared'), lab('shared')));
  assert.ok(isSlaveOf(at(nestedSlave, '/tmp/mlcap/sharedslave'), lab('sharedslave')));
  assert.ok(!isSlaveOf(at(nestedSlave, '/tmp/mlcap/sharedslave'), lab('shared')), 'master:1 was not kept');
});

test('propagate_from counts as receiving from that group', () => {
  assert.ok(isSlaveOf(at(chroot, '/q'), at(chroot, '/s')));
});

test('describes propagation with the kernel tags', () => {
  assert.equal(describePropagation(lab('sharedslave')), 'shared:2 master:1');
  assert.equal(describePropagation(lab('shared')), 'shared:1');
  assert.equal(describePropagation(lab('slave')), 'master:1');
  assert.equal(describePropagation(lab('unbind')), 'unbindable');
  assert.equal(describePropagation(lab('x y')), 'private');
  assert.equal(describePropagation(at(chroot, '/q')), 'master:2 propagate_from:1');
});
