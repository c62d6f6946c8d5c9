/**
 * The whole suite when the lab VM dies in the middle: the running step fails naming how qemu
 * died, the remaining scenarios report the target as lost, and no qemu is left behind. Boots a
 * VM: runs only with MOUNTLAB_VM_TEST=1 and a built image (npm run test:vm sets both up).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../suite/run-lab.ts';
import { isLiveQemu, qemuUnder } from '../drills/drill.ts';

const skip = process.env.MOUNTLAB_VM_TEST !== '1' ? 'boots a VM: set MOUNTLAB_VM_TEST=1' : false;

const FEATURE = `Feature: a VM that dies
  Scenario: a long command while the VM is killed
    When I run "sleep 60"
    Then it succeeds

  Scenario: the scenario after it
    When I run "true"
    Then it succeeds
`;

test('killing the lab VM mid-run fails the running step with the reason, reports the rest as lost, leaves no qemu', { skip, timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-killed-'));
  const feature = join(dir, 'dies.feature');
  writeFileSync(feature, FEATURE);
  try {
    const lab = spawn(process.execPath, ['support/lab.mjs', '--target', 'qemu', '--profile', 'verify', feature], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    lab.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    lab.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    // Wait for the VM and the first command, then kill qemu (a process the run started).
    let qemu: number[] = [];
    for (let i = 0; i < 600 && qemu.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      if (stderr.includes('target qemu: kernel')) {
        qemu = qemuUnder(lab.pid ?? -1);
      }
    }
    assert.ok(qemu.length > 0, `no qemu found under the lab process:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 3000)); // let `sleep 60` start
    for (const p of qemu) process.kill(p, 'SIGKILL');
    const code = await new Promise<number | null>((resolve) => lab.on('exit', resolve));
    assert.notEqual(code, 0);
    assert.match(stdout, /When I run "sleep 60"[\s\S]*?(lost|died)/, stdout);
    assert.match(stdout, /target lost: lab VM \(pid \d+\) died: killed by SIGKILL/);
    assert.match(stdout, /target was lost earlier in this run/);
    assert.deepEqual(qemu.filter(isLiveQemu), [], 'a qemu process is still running');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
