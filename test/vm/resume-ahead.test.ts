// A suite run on the qemu target with MOUNTLAB_RESUME_AHEAD=on (boots VMs: only with
// MOUNTLAB_VM_TEST=1, in `npm run test:vm`): each root-namespace scenario, as it starts, has the
// next VM resumed beside it, its reset switches to that VM, both scenarios pass, and none of the
// VMs is left running. On two cores `auto` leaves this off, so the suite itself does not show it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLab } from '../suite/run-lab.ts';
import { qemuOnPort } from '../drills/drill.ts';
import { imageNameFrom } from '../../src/image/ensure.ts';
import { loadImage } from '../../src/image/catalogue.ts';

const imageMissing = await loadImage(imageNameFrom(process.env)).then(() => null, (e: unknown) => (e as Error).message);
const skip = process.env.MOUNTLAB_VM_TEST !== '1' ? 'boots VMs: set MOUNTLAB_VM_TEST=1' : imageMissing;

test('MOUNTLAB_RESUME_AHEAD=on: each root-namespace scenario\'s reset switches to a VM resumed while it ran; none is left after', { skip: skip ?? false, timeout: 900_000 }, () => {
  const reports = mkdtempSync(join(tmpdir(), 'mountlab-resume-ahead-'));
  try {
    // privatetmp.feature:140 and :141, the PrivateTmp= outline's two examples, run in the VM's root namespace
    const r = runLab(['--target', 'qemu', '--profile', 'ci', 'features/privatetmp.feature:140:141'], { env: { MOUNTLAB_REPORT_DIR: reports, MOUNTLAB_RESUME_AHEAD: 'on' } });
    const out = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, out);
    assert.match(out, /2 scenarios \(2 passed\)/);
    const first = [...out.matchAll(/lab VM up \(.*? -p (\d+) /g)].map((m) => m[1] ?? '');
    const switched = [...out.matchAll(/lab VM reset: switched to the one resumed ahead \(pid \d+; .*? -p (\d+) /g)].map((m) => m[1] ?? '');
    // the run's own start, then one switch per reset and no resume on the spot
    assert.equal(first.length, 1, out);
    assert.equal(switched.length, 2, out);
    assert.doesNotMatch(out, /could not be used/);
    const ports = [...first, ...switched];
    assert.equal(new Set(ports).size, 3, `ssh ports ${ports.join(', ')}`);
    for (const port of ports) assert.deepEqual(qemuOnPort(port), [], `the VM on port ${port} is still running`);
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
});
