import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelRunEnv } from './matrix.ts';

test('each kernel runs on the qemu target with its own image and report directory', () => {
  const env = kernelRunEnv('bullseye', { PATH: '/usr/bin', MOUNTLAB_TARGET: 'sandbox', MOUNTLAB_REPORT_DIR: 'elsewhere', MOUNTLAB_IMAGE: 'mountlab-trixie' });
  assert.equal(env.PATH, '/usr/bin');
  assert.equal(env.MOUNTLAB_TARGET, 'qemu');
  assert.equal(env.MOUNTLAB_IMAGE, 'mountlab-bullseye');
  assert.equal(env.MOUNTLAB_REPORT_DIR, 'reports/matrix/bullseye');
});
