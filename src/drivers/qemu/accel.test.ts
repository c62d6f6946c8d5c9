import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
