import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLabArgs } from './lab-args.ts';

test('target from the flag, the rest goes to cucumber', () => {
  const a = parseLabArgs(['--target', 'sandbox', '--tags', '@propagation', 'features/privatetmp.feature'], {});
  assert.equal(a.target, 'local'); // sandbox: the old name, an alias
  assert.deepEqual(a.cucumberArgs, ['--tags', '@propagation', 'features/privatetmp.feature']);
});

test('--target=NAME form and MOUNTLAB_TARGET fallback', () => {
  assert.equal(parseLabArgs(['--target=ssh'], {}).target, 'ssh');
  assert.equal(parseLabArgs([], { MOUNTLAB_TARGET: 'sandbox' }).target, 'local');
  assert.equal(parseLabArgs(['--target', 'local'], { MOUNTLAB_TARGET: 'ssh' }).target, 'local');
});

test('an unknown target names the valid ones', () => {
  assert.throws(() => parseLabArgs(['--target', 'kvm'], {}), /unknown target "kvm" \(from --target\): choose one of local, qemu, vagrant, ssh/);
});

test('a flag without its value is an error with the usage', () => {
  assert.throws(() => parseLabArgs(['--target'], {}), /--target needs a value[\s\S]*usage: npm run lab/);
});
