import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OWNER_FILE, pidAlive, privateDir, privateFile, reapOrphans, runsDir, socketPath } from './runs.ts';

test('pidAlive: this process yes, a finished one no', async () => {
  assert.equal(pidAlive(process.pid), true);
  const child = spawn('true');
  await new Promise((r) => child.on('exit', r));
  assert.equal(pidAlive(child.pid ?? 0), false);
});

test('a socket path too long for a unix socket moves to /tmp', async () => {
  assert.equal(await socketPath('/short', 'qmp.sock'), '/short/qmp.sock');
  const long = await socketPath(`/${'d'.repeat(120)}`, 'qmp.sock');
  assert.match(long, /^\/tmp\/mountlab-.*\/qmp\.sock$/);
  rmSync(join(long, '..'), { recursive: true, force: true });
});

test('reapOrphans kills the qemu of a dead owner only when its command line names the run; kept VMs stay', async () => {
  const image = mkdtempSync(join(tmpdir(), 'runs-test-'));
  const deadOwner = spawn('true');
  await new Promise((r) => deadOwner.on('exit', r));
  const run = (name: string, qemuPid: number, keep = false): string => {
    const dir = join(runsDir(image), name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, OWNER_FILE), JSON.stringify({ ownerPid: deadOwner.pid, qemuPid, keep }));
    return dir;
  };
  // a stand-in "qemu" whose command line names its run directory, one that does not, one kept
  const orphanDir = run('1-1-a', 0);
  const fake = spawn('sh', ['-c', 'sleep 30', orphanDir], { stdio: 'ignore' });
  writeFileSync(join(orphanDir, OWNER_FILE), JSON.stringify({ ownerPid: deadOwner.pid, qemuPid: fake.pid }));
  const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
  const strangerDir = run('1-2-b', stranger.pid ?? 0);
  const keptDir = join(runsDir(image), '1-3-c');
  const kept = spawn('sh', ['-c', 'sleep 30', keptDir], { stdio: 'ignore' });
  run('1-3-c', kept.pid ?? 0, true);
  const mine = run('1-4-d', 0);
  writeFileSync(join(mine, OWNER_FILE), JSON.stringify({ ownerPid: process.pid, qemuPid: 0 }));
  try {
    const reaped = await reapOrphans(image);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(reaped.map((r) => [r.runDir, r.killedPid]).sort(), [[orphanDir, fake.pid], [strangerDir, null]]);
    assert.equal(pidAlive(fake.pid ?? 0), false);
    assert.equal(pidAlive(stranger.pid ?? 0), true, 'a process that is not that run\'s qemu is left alone');
    assert.equal(existsSync(keptDir), true);
    assert.equal(existsSync(mine), true, 'runs of this process are its own business');
  } finally {
    stranger.kill('SIGKILL');
    kept.kill('SIGKILL');
    fake.kill('SIGKILL');
    rmSync(image, { recursive: true, force: true });
  }
});

test('privateDir and privateFile: 0700 and 0600 under a umask of 0, existing directories included', async () => {
  const old = process.umask(0);
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-private-'));
  try {
    mkdirSync(join(dir, 'runs'), { mode: 0o777 });
    await privateDir(join(dir, 'runs'));
    await privateDir(join(dir, 'snapshots', 'tcg-x'));
    writeFileSync(join(dir, 'runs', 'disk.qcow2'), '', { mode: 0o666 });
    await privateFile(join(dir, 'runs', 'disk.qcow2'));
    const mode = (p: string): number => statSync(join(dir, p)).mode & 0o777;
    assert.equal(mode('runs'), 0o700);
    assert.equal(mode('snapshots'), 0o700);
    assert.equal(mode('snapshots/tcg-x'), 0o700);
    assert.equal(mode('runs/disk.qcow2'), 0o600);
  } finally {
    process.umask(old);
    rmSync(dir, { recursive: true, force: true });
  }
});
