import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MountTable } from './table.ts';
import { mountTreeText } from './tree-text.ts';

// Lines as the sandbox's privatetmp experiment leaves them (kernel 6.18).
const table = MountTable.parse([
  '43 42 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
  '63 43 0:39 / /proc rw,relatime shared:21 - proc proc rw',
  '64 43 0:40 / /tmp rw,relatime shared:22 - tmpfs mountlab-sandbox rw',
  '68 64 0:40 /parent-backing /tmp/parent rw,relatime - tmpfs mountlab-sandbox rw',
  '69 68 0:40 /testmount /tmp/parent/mnt ro,relatime master:22 - tmpfs mountlab-sandbox rw',
].join('\n'));

test('draws parents and children with their propagation', () => {
  assert.equal(mountTreeText(table), [
    '/  ext4 /dev/vda  shared:1',
    '├─ /proc  proc proc  shared:21',
    '└─ /tmp  tmpfs mountlab-sandbox  shared:22',
    '   └─ /tmp/parent  tmpfs mountlab-sandbox [/parent-backing]  private',
    '      └─ /tmp/parent/mnt  tmpfs mountlab-sandbox [/testmount] ro  master:22',
  ].join('\n'));
});

test('can show only the branch around a path', () => {
  assert.equal(mountTreeText(table, '/tmp/parent'), [
    '/  ext4 /dev/vda  shared:1',
    '└─ /tmp  tmpfs mountlab-sandbox  shared:22',
    '   └─ /tmp/parent  tmpfs mountlab-sandbox [/parent-backing]  private',
    '      └─ /tmp/parent/mnt  tmpfs mountlab-sandbox [/testmount] ro  master:22',
  ].join('\n'));
});
