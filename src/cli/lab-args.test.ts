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

test('--matrix: all three kernels by default, oldest first; everything else goes to cucumber', () => {
  const a = parseLabArgs(['--matrix', '--tags', '@userns', 'features/userns-mount.feature'], {});
  assert.deepEqual(a.kernels, ['bullseye', 'bookworm', 'trixie']);
  assert.deepEqual(a.cucumberArgs, ['--tags', '@userns', 'features/userns-mount.feature']);
  assert.equal(parseLabArgs(['--tags', '@userns'], {}).kernels, undefined, 'no --matrix, no kernels');
});

test('--kernels picks and orders the kernels, in either spelling', () => {
  assert.deepEqual(parseLabArgs(['--matrix', '--kernels', 'trixie,bullseye', '--name', 'overlay'], {}).kernels, ['trixie', 'bullseye']);
  assert.deepEqual(parseLabArgs(['--kernels=bookworm', '--matrix'], {}), { target: undefined, profile: undefined, keep: false, handout: false, kernels: ['bookworm'], workshop: undefined, cucumberArgs: [] });
  assert.deepEqual(parseLabArgs(['--matrix', '--kernels', ' bullseye , trixie '], {}).kernels, ['bullseye', 'trixie']);
});

test('--kernels refuses an unknown, a repeated or a missing kernel, and goes only with --matrix', () => {
  const matrix = (...argv: string[]): unknown => parseLabArgs(['--matrix', ...argv], {});
  assert.throws(() => matrix('--kernels', 'buster'), /unknown kernel buster: the lab images are bullseye, bookworm, trixie[\s\S]*usage: npm run lab/);
  assert.throws(() => matrix('--kernels', 'trixie,trixie'), /names trixie twice/);
  assert.throws(() => matrix('--kernels'), /--kernels needs a list/);
  assert.throws(() => matrix('--kernels='), /--kernels needs a list/);
  assert.throws(() => parseLabArgs(['--kernels', 'trixie'], {}), /--kernels goes with --matrix/);
});

test('--matrix refuses another target and --keep', () => {
  assert.throws(() => parseLabArgs(['--matrix', '--target', 'sandbox'], {}), /runs on the qemu target .*not local/);
  assert.throws(() => parseLabArgs(['--matrix'], { MOUNTLAB_TARGET: 'ssh' }), /runs on the qemu target .*not ssh \(from --target or MOUNTLAB_TARGET\)/);
  assert.equal(parseLabArgs(['--matrix', '--target', 'qemu'], {}).target, 'qemu');
  assert.throws(() => parseLabArgs(['--matrix', '--keep'], {}), /--keep does not go with --matrix/);
});

test('--step and --exercise take one scenario and no cucumber-js options', () => {
  assert.deepEqual(parseLabArgs(['--step', 'features/privatetmp.feature:25', '--target', 'local'], {}).workshop, { mode: 'step', location: 'features/privatetmp.feature:25' });
  assert.deepEqual(parseLabArgs(['--exercise=features/privatetmp.feature:25'], {}).workshop, { mode: 'exercise', location: 'features/privatetmp.feature:25' });
  assert.throws(() => parseLabArgs(['--step', 'a.feature:1', '--exercise', 'a.feature:1'], {}), /take one scenario, once/);
  assert.throws(() => parseLabArgs(['--step', 'a.feature:1', '--tags', '@x'], {}), /takes no cucumber-js options/);
  assert.throws(() => parseLabArgs(['--exercise'], {}), /--exercise needs a value/);
});

test('--handout: a flag of its own, the features go to cucumber; not with --matrix', () => {
  const a = parseLabArgs(['--handout', '--target', 'local', 'features/bind-propagation.feature'], {});
  assert.equal(a.handout, true);
  assert.deepEqual(a.cucumberArgs, ['features/bind-propagation.feature']);
  assert.equal(parseLabArgs([], {}).handout, false);
  assert.throws(() => parseLabArgs(['--matrix', '--handout'], {}), /--handout does not go with --matrix/);
});

test('--parallel goes to cucumber on the local and qemu targets (a VM per worker) and is refused on vagrant (one VM)', () => {
  assert.deepEqual(parseLabArgs(['--target', 'local', '--parallel', '2'], {}).cucumberArgs, ['--parallel', '2']);
  assert.deepEqual(parseLabArgs(['--parallel=2'], { MOUNTLAB_TARGET: 'local' }).cucumberArgs, ['--parallel=2']);
  assert.deepEqual(parseLabArgs(['--parallel', '2'], {}).cucumberArgs, ['--parallel', '2']);
  assert.deepEqual(parseLabArgs(['--matrix', '--parallel', '2'], {}).cucumberArgs, ['--parallel', '2']);
  assert.throws(() => parseLabArgs(['--target', 'vagrant', '--parallel=2'], {}), /--parallel=2 runs scenarios side by side .*The vagrant target has one VM.*Use --target qemu --parallel N/s);
  assert.throws(() => parseLabArgs(['--parallel', '2'], { MOUNTLAB_TARGET: 'vagrant' }), /The vagrant target has one VM/);
  assert.throws(() => parseLabArgs(['--profile', 'vagrant', '--parallel', '2'], {}), /The vagrant target has one VM/);
});
