import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelRunEnv, MatrixUsageError, parseMatrixArgs, runMatrix } from './matrix-run.ts';

test('all three kernels by default, oldest first; everything else goes to cucumber', () => {
  assert.deepEqual(parseMatrixArgs(['--tags', '@userns', 'features/userns-mount.feature']), {
    kernels: ['bullseye', 'bookworm', 'trixie'],
    cucumberArgs: ['--tags', '@userns', 'features/userns-mount.feature'],
  });
});

test('--kernels picks and orders the kernels, in either spelling', () => {
  assert.deepEqual(parseMatrixArgs(['--kernels', 'trixie,bullseye', '--name', 'overlay']).kernels, ['trixie', 'bullseye']);
  assert.deepEqual(parseMatrixArgs(['--kernels=bookworm']), { kernels: ['bookworm'], cucumberArgs: [] });
  assert.deepEqual(parseMatrixArgs(['--kernels', ' bullseye , trixie ']).kernels, ['bullseye', 'trixie']);
});

test('--kernels refuses an unknown, a repeated or a missing kernel', () => {
  assert.throws(() => parseMatrixArgs(['--kernels', 'buster']), (e: unknown) => e instanceof MatrixUsageError && /unknown kernel buster: the lab images are bullseye, bookworm, trixie/.test(e.message));
  assert.throws(() => parseMatrixArgs(['--kernels', 'trixie,trixie']), /names trixie twice/);
  assert.throws(() => parseMatrixArgs(['--kernels']), /--kernels needs a list/);
  assert.throws(() => parseMatrixArgs(['--kernels=']), /--kernels needs a list/);
});

test('each kernel runs on the qemu target with its own image and report directory', () => {
  const env = kernelRunEnv('bullseye', { PATH: '/usr/bin', MOUNTLAB_TARGET: 'sandbox', MOUNTLAB_REPORT_DIR: 'elsewhere', MOUNTLAB_IMAGE: 'mountlab-trixie' });
  assert.equal(env.PATH, '/usr/bin');
  assert.equal(env.MOUNTLAB_TARGET, 'qemu');
  assert.equal(env.MOUNTLAB_IMAGE, 'mountlab-bullseye');
  assert.equal(env.MOUNTLAB_REPORT_DIR, 'reports/matrix/bullseye');
});

test('--matrix refuses another target and --keep before running anything', async () => {
  const args = { target: undefined, profile: undefined, keep: false, matrix: true, cucumberArgs: [] };
  await assert.rejects(runMatrix({ ...args, target: 'local' }), (e: unknown) => e instanceof MatrixUsageError && /runs on the qemu target .*not local/.test(e.message));
  await assert.rejects(runMatrix({ ...args, keep: true }), /--keep does not go with --matrix/);
  await assert.rejects(runMatrix({ ...args, cucumberArgs: ['--kernels', 'sid'] }), /unknown kernel sid/);
});
