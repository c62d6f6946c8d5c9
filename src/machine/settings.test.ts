import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSettings } from './settings.ts';

test('the profile\'s world parameters name the target before MOUNTLAB_TARGET; local by default', () => {
  assert.equal(runSettings({ target: 'qemu' }, { MOUNTLAB_TARGET: 'local' }).target, 'qemu');
  assert.equal(runSettings({}, { MOUNTLAB_TARGET: 'vagrant' }).target, 'vagrant');
  assert.equal(runSettings({}, {}).target, 'local');
});

test('a cucumber --parallel worker refuses the vagrant target (one VM) and takes the others', () => {
  const worker = { CUCUMBER_PARALLEL: 'true' };
  assert.throws(() => runSettings({ target: 'vagrant' }, worker), /the vagrant target has one VM .* use --target qemu --parallel N/);
  assert.throws(() => runSettings({}, { ...worker, MOUNTLAB_TARGET: 'vagrant' }), /the vagrant target has one VM/);
  assert.equal(runSettings({ target: 'qemu' }, worker).target, 'qemu');
  assert.equal(runSettings({ target: 'local' }, worker).target, 'local');
  assert.equal(runSettings({ target: 'vagrant' }, {}).target, 'vagrant');
});
