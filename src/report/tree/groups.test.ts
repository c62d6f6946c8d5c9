import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MountTable } from '../../mountinfo/table.ts';
import { NAMESPACE_MOUNTINFO, CHROOT_MOUNTINFO } from '../../mountinfo/fixtures.ts';
import { SANDBOX_AFTER, SANDBOX_BEFORE, WINDOW_OTHER, WINDOW_SLAVE } from './fixtures.ts';
import { groupMark, legendSentence, peerGroups } from './groups.ts';
import { selectMounts } from './select.ts';

const touched = ['/tmp/t'];
const ns = (label: string, text: string) => ({ label, mounts: selectMounts(MountTable.parse(text), touched) });
const where = (placed: readonly { namespace: string; mount: { mountPoint: string } }[]) =>
  placed.map((p) => `${p.mount.mountPoint} in ${p.namespace}`);

test('a window copy that is a peer of the sandbox mount is one group across both namespaces', () => {
  const groups = peerGroups([ns('the sandbox', SANDBOX_BEFORE), ns('window "other"', WINDOW_OTHER)]);
  assert.equal(groups.length, 1);
  const [group] = groups;
  assert.ok(group !== undefined);
  assert.equal(group.mark, 'A');
  assert.deepEqual(where(group.members), [
    '/tmp/t/a in the sandbox',
    '/tmp/t/b in the sandbox',
    '/tmp/t/a in window "other"',
    '/tmp/t/b in window "other"',
  ]);
  assert.equal(
    legendSentence(group, 'the sandbox'),
    'peer group 1: /tmp/t/a, /tmp/t/b, /tmp/t/a in window "other", and /tmp/t/b in window "other"',
  );
});

test('slaves point at their master group, in another namespace too', () => {
  const groups = peerGroups([ns('the sandbox', SANDBOX_AFTER), ns('window "slave"', WINDOW_SLAVE)]);
  assert.deepEqual(groups.map((g) => [g.id, g.mark]), [[1, 'A'], [2, 'B']]);
  const [one, two] = groups;
  assert.ok(one !== undefined && two !== undefined);
  assert.deepEqual(where(one.slaves), ['/tmp/t/b in the sandbox', '/tmp/t/a in window "slave"', '/tmp/t/b in window "slave"']);
  assert.deepEqual(where(two.members), ['/tmp/t/a/new in the sandbox']);
  assert.deepEqual(where(two.slaves), ['/tmp/t/b/new in the sandbox']);
  assert.equal(legendSentence(two, 'the sandbox'), 'peer group 2: /tmp/t/a/new; slaves: /tmp/t/b/new');
});

test('a shared-and-slave mount is a member of its own group and a slave of another; a hidden master gets a mark', () => {
  const outer = MountTable.parse(NAMESPACE_MOUNTINFO);
  const groups = peerGroups([{ label: 'the sandbox', mounts: selectMounts(outer, ['/tmp/mlcap/sharedslave']) }]);
  assert.deepEqual(groups.map((g) => [g.id, where(g.members), where(g.slaves)]), [
    [2, ['/tmp/mlcap/sharedslave in the sandbox'], []],
    [1, [], ['/tmp/mlcap/sharedslave in the sandbox']],
    [4, ['/tmp/mlcap/sharedslave/sub in the sandbox'], []],
    [3, [], ['/tmp/mlcap/sharedslave/sub in the sandbox']],
  ]);
  const chroot = peerGroups([{ label: 'unit "x"', mounts: MountTable.parse(CHROOT_MOUNTINFO).entries }]);
  const receivedFrom = chroot.find((g) => g.id === 1);
  assert.ok(receivedFrom !== undefined);
  assert.equal(legendSentence(receivedFrom, 'the sandbox'), 'peer group 1: /s in unit "x"; slaves: /q in unit "x"', 'propagate_from:1 points at group 1');
});

test('marks run A…Z, AA…; colours stay with a group within a picture', () => {
  assert.deepEqual([0, 1, 25, 26, 27, 51, 52].map(groupMark), ['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  const a = peerGroups([ns('the sandbox', SANDBOX_AFTER)]);
  const b = peerGroups([ns('the sandbox', SANDBOX_AFTER), ns('window "other"', WINDOW_OTHER)]);
  assert.deepEqual(a.map((g) => g.colour), b.map((g) => g.colour));
  assert.notEqual(a[0]?.colour, a[1]?.colour);
});
