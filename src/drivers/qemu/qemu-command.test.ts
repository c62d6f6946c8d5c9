import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabImage } from '../../image/catalogue.ts';
import { machineSpec, qemuArgs, specKey } from './qemu-command.ts';

const image = {
  name: 'mountlab-bookworm',
  kernel: '/lab/vmlinuz',
  initrd: '/lab/initrd',
  manifest: { cmdline: 'root=/dev/vda rw console=ttyS0' },
} as unknown as LabImage;

function option(args: string[], name: string): string[] {
  return args.flatMap((a, i) => (a === name ? [args[i + 1] ?? ''] : []));
}

test('TCG emulates a qemu64 CPU, KVM passes the host CPU through as max; both with 2 vCPUs', () => {
  assert.equal(specKey(machineSpec('tcg')), 'tcg-qemu64-2cpu-1024M-q35');
  assert.equal(specKey(machineSpec('kvm', { memoryMiB: 2048 })), 'kvm-max-2cpu-2048M-q35');
});

test('the command line: direct kernel boot, virtio disk overlay, ssh forwarded from loopback only, QMP', () => {
  const args = qemuArgs(machineSpec('tcg'), image, {
    disk: '/runs/1/disk.qcow2',
    consoleLog: '/runs/1/console.log',
    qmpSocket: '/runs/1/qmp.sock',
    sshPort: 40022,
  });
  assert.deepEqual(option(args, '-kernel'), ['/lab/vmlinuz']);
  assert.deepEqual(option(args, '-append'), ['root=/dev/vda rw console=ttyS0']);
  assert.deepEqual(option(args, '-drive'), ['file=/runs/1/disk.qcow2,if=virtio,format=qcow2,cache=unsafe']);
  assert.deepEqual(option(args, '-netdev'), ['user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:40022-:22']);
  assert.deepEqual(option(args, '-qmp'), ['unix:/runs/1/qmp.sock,server=on,wait=off']);
  assert.deepEqual(option(args, '-cpu'), ['qemu64']);
  assert.deepEqual(option(args, '-incoming'), []);
});

test('paths with commas are escaped for qemu, and the snapshot file is quoted for the shell of exec:', () => {
  const args = qemuArgs(machineSpec('tcg'), image, {
    disk: '/a,b/disk.qcow2',
    consoleLog: '/a,b/console.log',
    qmpSocket: '/a,b/qmp.sock',
    sshPort: 1,
    incoming: "/snap shots/it's/ram.bin",
  });
  assert.deepEqual(option(args, '-drive'), ['file=/a,,b/disk.qcow2,if=virtio,format=qcow2,cache=unsafe']);
  assert.deepEqual(option(args, '-incoming'), [`exec:cat '/snap shots/it'\\''s/ram.bin'`]);
});

test('only the per-run paths and port differ between two runs of one spec (a snapshot needs that)', () => {
  const spec = machineSpec('tcg');
  const a = qemuArgs(spec, image, { disk: '/r1/d', consoleLog: '/r1/c', qmpSocket: '/r1/q', sshPort: 1 });
  const b = qemuArgs(spec, image, { disk: '/r2/d', consoleLog: '/r2/c', qmpSocket: '/r2/q', sshPort: 2 });
  const differ = a.filter((x, i) => x !== b[i]);
  assert.equal(differ.length, 4);
  assert.ok(differ.every((x) => x.includes('/r1/') || x.includes(':1-:22')));
});

// Only ever run under TCG outside these tests (see docs/targets.md): the KVM command line.
test('under KVM: -accel kvm and the host CPU (max); every other argument as under TCG', () => {
  const run = { disk: '/r/d', consoleLog: '/r/c', qmpSocket: '/r/q', sshPort: 1 };
  const kvm = qemuArgs(machineSpec('kvm'), image, run);
  const tcg = qemuArgs(machineSpec('tcg'), image, run);
  assert.deepEqual(option(kvm, '-accel'), ['kvm']);
  assert.deepEqual(option(kvm, '-cpu'), ['max']);
  assert.deepEqual(option(kvm, '-smp'), ['2']);
  assert.equal(kvm.length, tcg.length);
  assert.deepEqual(kvm.flatMap((x, i) => (x === tcg[i] ? [] : [[tcg[i], x]])), [['tcg', 'kvm'], ['qemu64', 'max']]);
  // a RAM snapshot saved under TCG is never resumed under KVM: the accelerator is part of its key
  assert.notEqual(specKey(machineSpec('kvm')), specKey(machineSpec('tcg')));
  assert.deepEqual(option(qemuArgs(machineSpec('kvm', { cpu: 'host' }), image, run), '-cpu'), ['host']);
});
