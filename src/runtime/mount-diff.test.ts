import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffMountInfo, formatMountDiff, isEmptyDiff } from './mount-diff.ts';

const root = '22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw';
const tmp = '30 22 0:40 / /tmp rw,relatime shared:9 - tmpfs tmpfs rw';

test('no change gives an empty diff', () => {
  assert.ok(isEmptyDiff(diffMountInfo(`${root}\n${tmp}\n`, `${root}\n${tmp}\n`)));
});

test('a leaked mount is reported as added, a lost one as removed', () => {
  const leaked = '31 30 0:41 / /tmp/x rw - tmpfs none rw';
  const d = diffMountInfo(`${root}\n${tmp}\n`, `${root}\n${leaked}\n`);
  assert.deepEqual(d.added, [leaked]);
  assert.deepEqual(d.removed, [tmp]);
  assert.equal(formatMountDiff(d), `- ${tmp}\n+ ${leaked}`);
});

test('a remount read-only shows as one line removed and one added', () => {
  const ro = tmp.replace('rw,relatime', 'ro,relatime');
  const d = diffMountInfo(`${root}\n${tmp}\n`, `${root}\n${ro}\n`);
  assert.deepEqual(d, { added: [ro], removed: [tmp] });
});
