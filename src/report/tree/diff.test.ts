import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MountTable } from '../../mountinfo/table.ts';
import { parseMountInfo } from '../../mountinfo/parse.ts';
import { SANDBOX_AFTER, SANDBOX_BEFORE } from './fixtures.ts';
import { diffMounts } from './diff.ts';

const before = MountTable.parse(SANDBOX_BEFORE).entries;
const after = MountTable.parse(SANDBOX_AFTER).entries;
const summary = (changes: ReturnType<typeof diffMounts>) => changes.map((c) => [c.kind, c.mount.mountPoint, ...c.details]);

test('a real step: a slave made, a mount added and propagated, a remount read-only', () => {
  assert.deepEqual(summary(diffMounts(before, after)), [
    ['changed', '/tmp/t/b', 'propagation shared:1 → master:1'],
    ['changed', '/tmp/t/x <&y', 'options −rw +ro +noexec'],
    ['added', '/tmp/t/a/new'],
    ['added', '/tmp/t/b/new'],
  ]);
});

test('the reverse step removes them, and nothing changed is nothing', () => {
  assert.deepEqual(summary(diffMounts(after, before)).filter(([kind]) => kind === 'removed'), [
    ['removed', '/tmp/t/a/new'],
    ['removed', '/tmp/t/b/new'],
  ]);
  assert.deepEqual(diffMounts(after, after), []);
});

test('a source, root or fs type change is reported; a reused mount ID on another path is a removal and an addition', () => {
  const [was] = parseMountInfo('70 62 0:40 / /tmp/s rw,relatime - tmpfs one rw\n');
  const [now] = parseMountInfo('70 62 0:41 /sub /tmp/s rw,relatime - ramfs two rw\n');
  const [moved] = parseMountInfo('70 62 0:40 / /tmp/elsewhere rw,relatime - tmpfs one rw\n');
  assert.ok(was !== undefined && now !== undefined && moved !== undefined);
  assert.deepEqual(summary(diffMounts([was], [now])), [['changed', '/tmp/s', 'source one → two', 'fs type tmpfs → ramfs', 'root / → /sub']]);
  assert.deepEqual(summary(diffMounts([was], [moved])), [['added', '/tmp/elsewhere'], ['removed', '/tmp/s']]);
});
