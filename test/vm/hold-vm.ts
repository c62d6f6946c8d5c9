/**
 * Helper for qemu.test.ts: starts the lab VM, prints `qemu-pid N run-dir D` and waits, so the test
 * can signal this process and check that its qemu went with it. With `--keep`, stops with keep
 * and prints the kept message instead.
 */
import { QemuTarget } from '../../src/drivers/qemu/target.ts';

const keep = process.argv.includes('--keep');
const target = new QemuTarget({ keep, ...(process.env.MOUNTLAB_IMAGE ? { image: process.env.MOUNTLAB_IMAGE } : {}) });
await target.start();
const m = target.machine;
if (m === null) throw new Error('no machine');
if (keep) {
  await target.stop();
  console.log(`qemu-pid ${m.pid} run-dir ${m.runDir}`);
  console.log(target.keptMessage);
} else {
  console.log(`qemu-pid ${m.pid} run-dir ${m.runDir}`);
  setInterval(() => undefined, 60_000);
}
