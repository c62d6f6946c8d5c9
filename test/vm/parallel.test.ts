// `npm run lab -- --parallel 2` on the qemu target (boots two VMs: only with MOUNTLAB_VM_TEST=1,
// in `npm run test:vm`): each cucumber worker resumes a lab VM of its own and resets only that one
// after a root-namespace scenario; both scenarios pass and no qemu is left running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLab } from '../suite/run-lab.ts';
import { imageNameFrom } from '../../src/image/ensure.ts';
import { loadImage } from '../../src/image/catalogue.ts';

const imageMissing = await loadImage(imageNameFrom(process.env)).then(() => null, (e: unknown) => (e as Error).message);
const skip = process.env.MOUNTLAB_VM_TEST !== '1' ? 'boots two VMs: set MOUNTLAB_VM_TEST=1' : imageMissing;

/** PIDs of the qemu-system processes running now. */
function qemuPids(): number[] {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number).filter((pid) => {
    try {
      return (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '').includes('qemu-system');
    } catch {
      return false; // gone meanwhile
    }
  });
}

test('--parallel 2 on the lab VM: a VM per worker, the root-namespace scenario resets only its own', { skip: skip ?? false, timeout: 900_000 }, () => {
  const before = qemuPids();
  const reports = mkdtempSync(join(tmpdir(), 'mountlab-parallel-'));
  try {
    // privatetmp.feature:46 runs in a sandbox; :140 (the private-parent example) in the VM's root namespace
    const r = runLab(['--target', 'qemu', '--profile', 'ci', '--parallel', '2', 'features/privatetmp.feature:46:140'], { env: { MOUNTLAB_REPORT_DIR: reports } });
    const out = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, out);
    assert.match(out, /2 scenarios \(2 passed\)/);
    // each worker starts its VM before its first scenario, whichever scenarios it is given;
    // the root-namespace scenario's reset is the third start
    assert.equal(out.match(/lab VM up \(/g)?.length, 3, out);
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
  assert.deepEqual(qemuPids().filter((p) => !before.includes(p)), [], 'a qemu of this run is still running');
});
