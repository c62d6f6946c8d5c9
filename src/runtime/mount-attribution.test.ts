import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStrace } from '../errno/strace/index.ts';
import { attributeMountChanges } from './mount-attribution.ts';

const line = (id: number, point: string, extra = 'shared:50'): string => `${id} 42 0:${id} / ${point} rw,relatime ${extra} - tmpfs tmpfs rw`;
const calls = (text: string) => parseStrace(text).calls;

test('a mount the scenario made in the root namespace is the scenario\'s; one it did not make is the machine\'s', () => {
  const diff = { added: [line(300, '/tmp/escape'), line(301, '/tmp/mmdebstrap.x/proc')], removed: [] };
  const trace = calls('7 mount("tmpfs", "/tmp/escape", "tmpfs", 0, NULL) = 0\n');
  const a = attributeMountChanges(diff, trace);
  assert.deepEqual(a.scenario.added, [line(300, '/tmp/escape')]);
  assert.deepEqual(a.machine.added, [line(301, '/tmp/mmdebstrap.x/proc')]);
});

test('failed calls and calls on other paths explain nothing', () => {
  const diff = { added: [line(300, '/tmp/x')], removed: [] };
  const trace = calls('7 mount("tmpfs", "/tmp/x", "tmpfs", 0, NULL) = -1 EPERM (Operation not permitted)\n7 mount("tmpfs", "/tmp/y", "tmpfs", 0, NULL) = 0\n');
  assert.deepEqual(attributeMountChanges(diff, trace).scenario.added, []);
});

test('a recursive bind explains mounts below its target; a plain mount there does not', () => {
  const diff = { added: [line(300, '/srv/a'), line(301, '/srv/a/sub')], removed: [] };
  assert.equal(attributeMountChanges(diff, calls('7 mount("/x", "/srv/a", NULL, MS_BIND|MS_REC, NULL) = 0\n')).scenario.added.length, 2);
  assert.deepEqual(attributeMountChanges(diff, calls('7 mount("t", "/srv/a", "tmpfs", 0, NULL) = 0\n')).scenario.added, [line(300, '/srv/a')]);
});

test('a lazy unmount explains the subtree it removed; a recursive propagation change explains modified lines only', () => {
  const removed = { added: [], removed: [line(300, '/srv/a'), line(301, '/srv/a/sub')] };
  assert.equal(attributeMountChanges(removed, calls('7 umount2("/srv/a", MNT_DETACH) = 0\n')).scenario.removed.length, 2);
  const modified = { added: [line(5, '/run', 'master:1'), line(302, '/run/new')], removed: [line(5, '/run')] };
  const a = attributeMountChanges(modified, calls('7 mount(NULL, "/", NULL, MS_REC|MS_SLAVE, NULL) = 0\n'));
  assert.deepEqual(a.scenario.added, [line(5, '/run', 'master:1')]);
  assert.deepEqual(a.machine.added, [line(302, '/run/new')]);
});

test('a target that cannot be read as an absolute path counts every change as the scenario\'s', () => {
  const diff = { added: [line(300, '/anything')], removed: [] };
  assert.equal(attributeMountChanges(diff, calls('7 move_mount(3, "", AT_FDCWD, "rel/dir", MOVE_MOUNT_F_EMPTY_PATH) = 0\n')).scenario.added.length, 1);
  assert.equal(attributeMountChanges(diff, calls('7 mount("t", "/anyth"..., "tmpfs", 0, NULL) = 0\n')).scenario.added.length, 1);
});
