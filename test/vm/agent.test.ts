/**
 * The resident agent in the lab VM, over the ssh2 exec channel: the same command results as the
 * old path (test/sandbox/agent-equivalence.ts). Boots a VM: runs only with MOUNTLAB_VM_TEST=1
 * and a built image; take the VM lock (flock /tmp/mountlab-vm.lock).
 */
import { after, before, describe, test } from 'node:test';
import { DEFAULT_IMAGE, loadImage } from '../../src/image/catalogue.ts';
import { QemuTarget } from '../../src/drivers/qemu/target.ts';
import type { Transport } from '../../src/transport/types.ts';
import { compareAgentWithOldPath } from '../sandbox/agent-equivalence.ts';

const image = process.env.MOUNTLAB_IMAGE ?? DEFAULT_IMAGE;
const imageMissing = await loadImage(image).then(() => null, (err: unknown) => (err as Error).message);
const skip = process.env.MOUNTLAB_VM_TEST !== '1' ? 'boots a VM: set MOUNTLAB_VM_TEST=1 (lab/image/smoke.sh)' : imageMissing;

describe('the resident agent in the lab VM', { skip: skip ?? false }, () => {
  const target = new QemuTarget({ image });
  let transport: Transport;
  before(async () => { transport = await target.start(); });
  after(async () => { await target.stop(); });

  test('reports errno, exit code, signal, timeout and output exactly as the old path', async () => {
    // TCG: a plain command under strace takes about a second there; 15 s leaves room.
    await compareAgentWithOldPath(transport, 15_000);
  });
});
