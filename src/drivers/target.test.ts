import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTargetName, TARGET_NAMES } from './target.ts';

test('target names parse as themselves; sandbox, the old name of local, is an alias', () => {
  for (const name of TARGET_NAMES) assert.equal(parseTargetName(name, 'test'), name);
  assert.equal(parseTargetName('sandbox', 'MOUNTLAB_TARGET'), 'local');
  assert.throws(() => parseTargetName('host', 'MOUNTLAB_TARGET'), /unknown target "host" \(from MOUNTLAB_TARGET\): choose one of local, qemu, vagrant, ssh/);
});
