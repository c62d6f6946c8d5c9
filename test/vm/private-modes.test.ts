/**
 * Keys kept private on the qemu target (issue 10): started under a umask of 0, the lab VM's run
 * directory is 0700, its overlay and QMP socket 0600, and the RAM snapshot 0700/0600 throughout.
 * Boots a VM: runs only with MOUNTLAB_VM_TEST=1 and a built image.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_IMAGE, loadImage } from '../../src/image/catalogue.ts';
import { QemuTarget } from '../../src/drivers/qemu/target.ts';

const image = process.env.MOUNTLAB_IMAGE ?? DEFAULT_IMAGE;
const imageMissing = await loadImage(image).then(
  () => null,
  (err: unknown) => (err as Error).message,
);
const skip = process.env.MOUNTLAB_VM_TEST !== '1' ? 'boots a VM: set MOUNTLAB_VM_TEST=1' : imageMissing;
const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);

const target = new QemuTarget({ image });
let oldUmask = 0;
before(async () => {
  if (skip !== null) return;
  oldUmask = process.umask(0);
  await target.start((line) => process.stderr.write(`  # ${line}\n`));
});
after(async () => {
  if (skip !== null) return;
  await target.stop();
  process.umask(oldUmask);
});

test('the run directory, its overlay and the QMP socket are private whatever the umask', { skip: skip ?? false }, () => {
  const vm = target.machine;
  assert.ok(vm !== null);
  assert.equal(mode(dirname(vm.runDir)), '700', 'runs/');
  assert.equal(mode(vm.runDir), '700');
  assert.equal(mode(join(vm.runDir, 'disk.qcow2')), '600', 'the overlay');
  const socket = join(vm.runDir, 'qmp.sock');
  if (existsSync(socket)) assert.equal(mode(socket), '600');
});

test('the image directory and its RAM snapshot are private (lab/image/private-files.sh check)', { skip: skip ?? false }, async () => {
  const dir = (await loadImage(image)).dir;
  const check = spawnSync('sh', [fileURLToPath(new URL('../../lab/image/private-files.sh', import.meta.url)), 'check', dir], { encoding: 'utf8' });
  assert.equal(check.stderr, '');
  assert.equal(check.status, 0);
});
