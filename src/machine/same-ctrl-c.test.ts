import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameCtrlCMs } from './registry.ts';

test('npm\'s copy of a Ctrl-C counts as the same press within 500 ms unless MOUNTLAB_SAME_CTRL_C_MS says otherwise', () => {
  assert.equal(sameCtrlCMs({}), 500);
  assert.equal(sameCtrlCMs({ MOUNTLAB_SAME_CTRL_C_MS: '' }), 500);
  assert.equal(sameCtrlCMs({ MOUNTLAB_SAME_CTRL_C_MS: '0' }), 0);
  assert.equal(sameCtrlCMs({ MOUNTLAB_SAME_CTRL_C_MS: '1200' }), 1200);
  assert.equal(sameCtrlCMs({ MOUNTLAB_SAME_CTRL_C_MS: 'soon' }), 500);
  assert.equal(sameCtrlCMs({ MOUNTLAB_SAME_CTRL_C_MS: '-5' }), 500);
});
