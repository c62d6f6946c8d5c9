/**
 * The qemu target for real: resumes the lab VM, runs commands in it, resets it, survives nothing
 * it should not (a killed qemu surfaces as TargetLostError plus diedReason()), and leaves no qemu
 * behind (stop(), SIGINT/SIGTERM of the Node process). Boots a VM: runs only with
 * MOUNTLAB_VM_TEST=1 (lab/image/smoke.sh sets it) and a built image (npm run lab:image).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_IMAGE, loadImage } from '../../src/image/catalogue.ts';
import { trackedQemuPids } from '../../src/drivers/qemu/reaper.ts';
import { pidAlive } from '../../src/drivers/qemu/runs.ts';
import { QemuTarget } from '../../src/drivers/qemu/target.ts';
import { TargetLostError, type Transport } from '../../src/transport/types.ts';

const image = process.env.MOUNTLAB_IMAGE ?? DEFAULT_IMAGE;
const imageMissing = await loadImage(image).then(
  () => null,
  (err: unknown) => (err as Error).message,
);
const skip = process.env.MOUNTLAB_VM_TEST !== '1' ? 'boots a VM: set MOUNTLAB_VM_TEST=1 (lab/image/smoke.sh)' : imageMissing;
const log = (line: string): void => {
  process.stderr.write(`  # ${line}\n`);
};

function timed<T>(what: string, p: Promise<T>): Promise<T> {
  const t0 = performance.now();
  return p.finally(() => {
    log(`${what}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  });
}

describe('the qemu target', { skip: skip ?? false }, () => {
  const target = new QemuTarget({ image });
  let transport: Transport;

  before(async () => {
    transport = await timed('start (resume from the RAM snapshot, or boot once to make it)', target.start(log));
  });
  after(async () => {
    await target.stop();
  });

  test('runs commands in the lab VM: Debian kernel, systemd, AppArmor, mount namespaces', async () => {
    const uname = await transport.exec(['uname', '-r']);
    assert.equal(uname.stdout.trim(), (await loadImage(image)).manifest.kernelRelease);
    assert.equal((await transport.exec(['cat', '/proc/1/comm'])).stdout.trim(), 'systemd');
    const aa = await transport.exec(['aa-status', '--enabled']);
    assert.equal(aa.exitCode, 0, `aa-status --enabled: ${aa.stderr}`);
    assert.equal((await transport.exec(['unshare', '-m', 'true'])).exitCode, 0);
    const skew = Number((await transport.exec(['date', '+%s'])).stdout) - Date.now() / 1000;
    assert.ok(Math.abs(skew) < 5, `guest clock is ${skew.toFixed(1)} s off`);
  });

  test('reset() puts the root namespace back', async () => {
    await transport.exec(['mount', '-t', 'tmpfs', 'mountlab-reset-test', '/mnt']);
    transport = await timed('reset', target.reset(log));
    const mounts = await transport.readFile('/proc/self/mountinfo');
    assert.doesNotMatch(mounts, /mountlab-reset-test/);
  });

  test('a killed qemu surfaces as TargetLostError, and diedReason() says how it died', async () => {
    const m = target.machine;
    assert.ok(m !== null);
    const running = transport.exec(['sleep', '30']);
    await new Promise((r) => setTimeout(r, 300));
    process.kill(m.pid, 'SIGKILL');
    await assert.rejects(running, TargetLostError);
    await new Promise((r) => setTimeout(r, 200));
    assert.match(target.diedReason() ?? '', new RegExp(`^lab VM \\(pid ${m.pid}\\) died: killed by SIGKILL; last console lines:`));
    transport = await timed('start after the VM died', target.start(log));
    assert.equal((await transport.exec(['true'])).exitCode, 0);
  });

  test('stop() leaves no qemu behind', async () => {
    const m = target.machine;
    assert.ok(m !== null);
    await target.stop();
    assert.equal(pidAlive(m.pid), false);
    assert.deepEqual(trackedQemuPids(), []);
    assert.equal(existsSync(m.runDir), false);
    transport = await target.start(log);
  });
});

test('the cold-boot path (boot: cold) boots the kernel and reaches ssh', { skip: skip ?? false }, async () => {
  const cold = new QemuTarget({ image, boot: 'cold' });
  try {
    const t = await timed('cold boot to ssh', cold.start(log));
    assert.equal((await t.exec(['cat', '/proc/1/comm'])).stdout.trim(), 'systemd');
  } finally {
    await cold.stop();
  }
});

describe('the Node process ends: its qemu goes too', { skip: skip ?? false }, () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`on ${signal}`, async () => {
      const { pid, runDir, exit } = await holdVm([]);
      assert.ok(pidAlive(pid));
      process.kill(exit.childPid, signal);
      const code = await exit.done;
      assert.equal(code.signal, signal);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(pidAlive(pid), false, `qemu ${pid} still runs after ${signal}`);
      assert.equal(existsSync(join(runDir, 'disk.qcow2')), false);
    });
  }

  test('with keep, the VM stays up and the message says how to reach it', async () => {
    const { pid, output, exit } = await holdVm(['--keep']);
    await exit.done;
    try {
      assert.ok(pidAlive(pid), 'the kept qemu is gone');
      assert.match(output(), /lab VM left running \(qemu pid \d+\): reach it with: ssh -i \S+ .* -p \d+ root@127\.0\.0\.1; remove it with: kill \d+/);
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });
});

async function holdVm(args: string[]): Promise<{
  pid: number;
  runDir: string;
  output: () => string;
  exit: { childPid: number; done: Promise<{ code: number | null; signal: string | null }> };
}> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'hold-vm.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const done = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const line = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /qemu-pid (\d+) run-dir (\S+)/.exec(out);
      if (m) resolve(m);
    });
    void done.then(() => {
      reject(new Error(`hold-vm exited early: ${out}`));
    });
  });
  if (child.pid === undefined) throw new Error('no child pid');
  return {
    pid: Number(line[1]),
    runDir: line[2] ?? '',
    output: () => out,
    exit: { childPid: child.pid, done },
  };
}
