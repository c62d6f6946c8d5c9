/**
 * The qemu target for real: resumes the lab VM, runs commands in it, resets it, survives nothing
 * it should not (a killed qemu surfaces as TargetLostError plus diedReason()), and leaves no qemu
 * behind (stop(), SIGINT/SIGTERM of the Node process). Boots a VM: runs only with
 * MOUNTLAB_VM_TEST=1 (lab/image/smoke.sh sets it) and a built image (npm run lab:image).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_IMAGE, describeImage, loadImage } from '../../src/image/catalogue.ts';
import { probeCapabilities } from '../../src/machine/capabilities.ts';
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

/** What `find` returns once it is defined, looked for every 20 ms for at most 10 s. */
async function until<T>(find: () => T | undefined, what: string): Promise<T> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    const found = find();
    if (found !== undefined) return found;
  }
  throw new Error(`waited 10 s for ${what}`);
}

/** The qemu of this process other than `current`'s: the VM resumed ahead. */
function qemuBeside(current: number): number | undefined {
  return trackedQemuPids().find((pid) => pid !== current);
}

describe('the qemu target', { skip: skip ?? false }, () => {
  // on: the reset's VM resumed ahead is tested on any machine, whatever auto would choose here
  const target = new QemuTarget({ image, resumeAhead: 'on' });
  let transport: Transport;

  /** reset(), timed; what it printed. */
  async function resetSaying(what: string): Promise<string> {
    const lines: string[] = [];
    transport = await timed(what, target.reset((line) => { lines.push(line); log(line); }));
    return lines.join('\n');
  }

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

  test('the image names itself inside the VM as its manifest describes it (what an ssh target reports)', async () => {
    const probed = await probeCapabilities(transport, true);
    assert.equal(probed.image, describeImage(await loadImage(image)));
  });

  test('reset() puts the root namespace back', async () => {
    await transport.exec(['mount', '-t', 'tmpfs', 'mountlab-reset-test', '/mnt']);
    transport = await timed('reset', target.reset(log));
    const mounts = await transport.readFile('/proc/self/mountinfo');
    assert.doesNotMatch(mounts, /mountlab-reset-test/);
  });

  test('after prepareReset(), reset() switches to the VM resumed ahead: the snapshot\'s root namespace, a set clock, the old qemu gone', async () => {
    const before = target.machine;
    assert.ok(before !== null);
    await transport.exec(['mount', '-t', 'tmpfs', 'mountlab-reset-ahead-test', '/mnt']);
    // as a scenario runs meanwhile
    await target.prepareReset();
    const ahead = qemuBeside(before.pid);
    assert.ok(ahead !== undefined, 'no second qemu was resumed ahead');
    const said = await resetSaying('reset to the VM resumed ahead');
    assert.equal(target.machine?.pid, ahead);
    assert.match(said, /switched to the one resumed ahead/);
    assert.equal(pidAlive(before.pid), false);
    assert.equal(existsSync(before.runDir), false);
    assert.deepEqual(trackedQemuPids(), [ahead]);
    assert.doesNotMatch(await transport.readFile('/proc/self/mountinfo'), /mountlab-reset-ahead-test/);
    const skew = Number((await transport.exec(['date', '+%s'])).stdout) - Date.now() / 1000;
    assert.ok(Math.abs(skew) < 5, `guest clock is ${skew.toFixed(1)} s off`);
  });

  test('a VM resumed ahead that died once ready is not used: the reset says so, removes its run and resumes another', async () => {
    const current = target.machine;
    assert.ok(current !== null);
    await transport.exec(['mount', '-t', 'tmpfs', 'mountlab-reset-died-ahead-test', '/mnt']);
    await target.prepareReset();
    const ahead = qemuBeside(current.pid);
    assert.ok(ahead !== undefined, 'no second qemu was resumed ahead');
    const aheadRunDir = readlinkSync(`/proc/${String(ahead)}/cwd`); // qemu runs in its run's directory
    process.kill(ahead, 'SIGKILL');
    const said = await resetSaying('reset after the ready VM resumed ahead died');
    assert.match(said, new RegExp(`the lab VM resumed ahead could not be used \\(lab VM \\(pid ${ahead}\\) died: killed by SIGKILL`));
    const now = target.machine;
    assert.ok(now !== null && now.pid !== ahead && now.pid !== current.pid);
    assert.deepEqual(trackedQemuPids(), [now.pid]);
    assert.match(aheadRunDir, /\/runs\/\d+-\d+-[a-z0-9]+$/);
    assert.equal(existsSync(aheadRunDir), false);
    assert.doesNotMatch(await transport.readFile('/proc/self/mountinfo'), /mountlab-reset-died-ahead-test/);
  });

  test('a VM resumed ahead killed while it starts is not used: the reset says so and resumes another', async () => {
    const current = target.machine;
    assert.ok(current !== null);
    await transport.exec(['mount', '-t', 'tmpfs', 'mountlab-reset-dead-ahead-test', '/mnt']);
    void target.prepareReset();
    const ahead = await until(() => qemuBeside(current.pid), 'the VM resumed ahead to start');
    process.kill(ahead, 'SIGKILL');
    const said = await resetSaying('reset after the VM resumed ahead died');
    // killed while starting, restoring or logging in, or after: each says so with the pid
    assert.match(said, new RegExp(`the lab VM resumed ahead could not be used \\(.*\\(pid ${ahead}\\) (did not start|died)`));
    const now = target.machine;
    assert.ok(now !== null && now.pid !== ahead && now.pid !== current.pid);
    assert.deepEqual(trackedQemuPids(), [now.pid]);
    assert.doesNotMatch(await transport.readFile('/proc/self/mountinfo'), /mountlab-reset-dead-ahead-test/);
  });

  test('stop() ends a VM resumed ahead too', async () => {
    const current = target.machine;
    assert.ok(current !== null);
    void target.prepareReset();
    const ahead = await until(() => qemuBeside(current.pid), 'the VM resumed ahead to start');
    await target.stop();
    assert.equal(pidAlive(current.pid), false);
    assert.equal(pidAlive(ahead), false);
    assert.deepEqual(trackedQemuPids(), []);
    transport = await target.start(log);
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

  test('on SIGTERM with a VM resumed ahead for the next reset: both qemus go', async () => {
    const { pid, runDir, output, exit } = await holdVm(['--resume-ahead']);
    const ahead = /ahead-pid (\d+) ahead-run-dir (\S+)/.exec(output());
    assert.ok(ahead !== null, `hold-vm did not name a VM resumed ahead: ${output()}`);
    const [aheadPid, aheadRunDir] = [Number(ahead[1]), ahead[2] ?? ''];
    assert.ok(pidAlive(pid) && pidAlive(aheadPid));
    process.kill(exit.childPid, 'SIGTERM');
    assert.equal((await exit.done).signal, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(pidAlive(pid), false, `qemu ${pid} still runs after SIGTERM`);
    assert.equal(pidAlive(aheadPid), false, `the qemu resumed ahead (${aheadPid}) still runs after SIGTERM`);
    assert.equal(existsSync(join(runDir, 'disk.qcow2')), false);
    assert.equal(existsSync(join(aheadRunDir, 'disk.qcow2')), false);
  });

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
