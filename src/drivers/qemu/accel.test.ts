import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseAccel, parseAccelRequest, probeKvm } from './accel.ts';

test('MOUNTLAB_ACCEL: kvm, tcg or auto (the default)', async () => {
  assert.equal(parseAccelRequest(undefined), 'auto');
  assert.equal(parseAccelRequest(' tcg '), 'tcg');
  assert.throws(() => parseAccelRequest('hvf'), /MOUNTLAB_ACCEL must be kvm, tcg or auto, got "hvf"/);
  assert.deepEqual(await chooseAccel('tcg', { qemu: '/nonexistent', kernel: '', initrd: '' }), { accel: 'tcg', reason: 'as requested' });
});

/** A stand-in for qemu-system-x86_64: a shell script. */
function fakeQemu(dir: string, body: string): string {
  const file = join(dir, 'qemu');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

test('the KVM probe: ok when the guest prints its line, else why not (crash, hang)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'accel-test-'));
  try {
    const ok = await probeKvm({ qemu: fakeQemu(dir, 'echo "Linux version"; echo mountlab-probe-ok; sleep 5'), kernel: 'k', initrd: 'i' });
    assert.equal(ok.ok, true);
    assert.ok(ok.ms < 3000, 'a guest that answered is not waited for');
    const crash = await probeKvm({
      qemu: fakeQemu(dir, 'echo "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69" >&2; kill -ABRT $$'),
      kernel: 'k',
      initrd: 'i',
    });
    assert.equal(crash.ok, false);
    assert.match(crash.reason, /^qemu killed by SIGABRT: .*failed to set MSR/);
    const hang = await probeKvm({ qemu: fakeQemu(dir, 'exec sleep 30'), kernel: 'k', initrd: 'i', timeoutMs: 300 });
    assert.deepEqual([hang.ok, hang.reason], [false, 'a KVM guest did not boot within 0.3 s (hangs on this computer)']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The KVM branch has only run against fakes: this computer has no /dev/kvm (see docs/targets.md).
// fakeQemu stands in for qemu-system-x86_64; fakeKvmDevice for /dev/kvm (an ordinary file that
// root or its owner may open read-write, which is all chooseAccel checks before probing).

/** A fake qemu that answers --version, writes each probe's arguments to DIR/args, then BOOT. */
function fakeKvmQemu(dir: string, boot: string): string {
  return fakeQemu(dir, [
    'if [ "$1" = --version ]; then echo "QEMU emulator version 9.9.9 (fake)"; exit 0; fi',
    `printf '%s\n' "$@" > '${dir}/args'`,
    `echo run >> '${dir}/runs'`,
    boot,
  ].join('\n'));
}

function fakeKvmDevice(dir: string): string {
  const file = join(dir, 'kvm');
  writeFileSync(file, '');
  return file;
}

const runs = (dir: string): number => (existsSync(join(dir, 'runs')) ? readFileSync(join(dir, 'runs'), 'utf8').split('\n').length - 1 : 0);

test('the KVM probe\'s qemu command line: KVM, the host CPU, the lab kernel with mountlab.probe, serial on stdout', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'accel-test-'));
  try {
    const ok = await probeKvm({ qemu: fakeKvmQemu(dir, 'echo mountlab-probe-ok; sleep 5'), kernel: '/lab/vmlinuz', initrd: '/lab/initrd' });
    assert.equal(ok.ok, true);
    const args = readFileSync(join(dir, 'args'), 'utf8').trimEnd().split('\n');
    const option = (name: string): string | undefined => args[args.indexOf(name) + 1];
    assert.equal(option('-accel'), 'kvm');
    assert.equal(option('-cpu'), 'max');
    assert.equal(option('-kernel'), '/lab/vmlinuz');
    assert.equal(option('-initrd'), '/lab/initrd');
    assert.equal(option('-serial'), 'stdio');
    assert.match(option('-append') ?? '', /(^| )mountlab\.probe( |$)/);
    assert.match(option('-append') ?? '', /(^| )panic=-1( |$)/, 'a guest panic ends qemu at once');
    assert.ok(args.includes('-no-reboot') && args.includes('-nodefaults'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the KVM probe waits 8 s by default for the guest\'s line, then gives up', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'accel-test-'));
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let settled = false;
    const probe = probeKvm({ qemu: fakeQemu(dir, 'exec sleep 30'), kernel: 'k', initrd: 'i' }).finally(() => (settled = true));
    mock.timers.tick(7_999);
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, 'still waiting at 7.999 s');
    mock.timers.tick(1);
    assert.deepEqual(await probe.then((p) => [p.ok, p.reason]), [false, 'a KVM guest did not boot within 8 s (hangs on this computer)']);
  } finally {
    mock.timers.reset();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('auto with a working KVM: the probe boots, KVM is chosen with the boot time as the reason, and cached per kernel and qemu', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'accel-test-'));
  try {
    const cacheFile = join(dir, 'accel.json');
    const lines: string[] = [];
    const options = { qemu: fakeKvmQemu(dir, 'echo mountlab-probe-ok; sleep 5'), kernel: 'k', initrd: 'i', kvmDevice: fakeKvmDevice(dir), cacheFile, progress: (l: string) => lines.push(l) };
    const first = await chooseAccel('auto', options);
    assert.equal(first.accel, 'kvm');
    assert.match(first.reason, /^KVM probe booted in \d+\.\d s$/);
    assert.deepEqual(lines, ['probing KVM: booting the lab kernel under KVM…']);
    assert.deepEqual(JSON.parse(readFileSync(cacheFile, 'utf8')), { key: `${release()} 9.9.9`, ...first });
    const again = await chooseAccel('auto', options);
    assert.deepEqual(again, { accel: 'kvm', reason: `${first.reason} (cached in ${cacheFile})` });
    assert.equal(runs(dir), 1, 'the cached verdict boots no second probe');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('auto where KVM hangs or is missing: TCG, saying why; MOUNTLAB_ACCEL=kvm skips the probe', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'accel-test-'));
  try {
    const hang = await chooseAccel('auto', { qemu: fakeKvmQemu(dir, 'exec sleep 30'), kernel: 'k', initrd: 'i', kvmDevice: fakeKvmDevice(dir), cacheFile: null, timeoutMs: 300 });
    assert.deepEqual(hang, { accel: 'tcg', reason: 'KVM probe failed: a KVM guest did not boot within 0.3 s (hangs on this computer)' });
    const missing = await chooseAccel('auto', { qemu: fakeKvmQemu(dir, 'exit 1'), kernel: 'k', initrd: 'i', kvmDevice: join(dir, 'no-kvm'), cacheFile: null });
    assert.deepEqual(missing, { accel: 'tcg', reason: 'no usable /dev/kvm' });
    const asked = await chooseAccel('kvm', { qemu: fakeKvmQemu(dir, 'exit 1'), kernel: 'k', initrd: 'i', kvmDevice: join(dir, 'no-kvm'), cacheFile: null });
    assert.deepEqual(asked, { accel: 'kvm', reason: 'as requested' });
    assert.equal(runs(dir), 1, 'only the hanging probe ran qemu');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
