import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envReader } from './env.ts';
import { keepFromEnv, keptMessage } from './keep.ts';

test('envReader trims, and reads blank as unset', () => {
  const get = envReader({ A: ' x ', B: '  ', C: '' });
  assert.deepEqual([get('A'), get('B'), get('C'), get('D')], ['x', undefined, undefined, undefined]);
});

test('MOUNTLAB_KEEP is 1 or true; the kept sentence names how to reach and remove the VM', () => {
  assert.deepEqual(['1', 'true', '0', 'yes', undefined].map((v) => keepFromEnv(v === undefined ? {} : { MOUNTLAB_KEEP: v })), [true, true, false, false, false]);
  assert.equal(
    keptMessage({ what: 'qemu pid 7', reach: 'ssh -p 2222 root@127.0.0.1', remove: 'kill 7', files: '/r' }),
    'lab VM left running (qemu pid 7): reach it with: ssh -p 2222 root@127.0.0.1; remove it with: kill 7 (its files: /r)',
  );
});
