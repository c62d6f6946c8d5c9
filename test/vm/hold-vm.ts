/**
 * Helper for qemu.test.ts: starts the lab VM, prints `qemu-pid N run-dir D` and waits, so the test
 * can signal this process and check that its qemu went with it. With `--keep`, stops with keep
 * and prints the kept message instead. With `--resume-ahead`, first resumes the VM a reset would
 * switch to (prepareReset) and prints `ahead-pid N ahead-run-dir D` too.
 */
import { readlinkSync } from 'node:fs';
import { trackedQemuPids } from '../../src/drivers/qemu/reaper.ts';
import { QemuTarget } from '../../src/drivers/qemu/target.ts';

const keep = process.argv.includes('--keep');
const resumeAhead = process.argv.includes('--resume-ahead');
const target = new QemuTarget({ keep, resumeAhead: resumeAhead ? 'on' : 'off', ...(process.env.MOUNTLAB_IMAGE ? { image: process.env.MOUNTLAB_IMAGE } : {}) });
await target.start();
const m = target.machine;
if (m === null) throw new Error('no machine');
if (resumeAhead) {
  await target.prepareReset();
  const ahead = trackedQemuPids().find((pid) => pid !== m.pid);
  if (ahead === undefined) throw new Error('no VM was resumed ahead');
  // qemu runs in its run's directory
  console.log(`ahead-pid ${ahead} ahead-run-dir ${readlinkSync(`/proc/${String(ahead)}/cwd`)}`);
}
if (keep) {
  await target.stop();
  console.log(`qemu-pid ${m.pid} run-dir ${m.runDir}`);
  console.log(target.keptMessage);
} else {
  console.log(`qemu-pid ${m.pid} run-dir ${m.runDir}`);
  setInterval(() => undefined, 60_000);
}
