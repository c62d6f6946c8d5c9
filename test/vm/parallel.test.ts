// `npm run lab -- --parallel 2` on the qemu target (boots two VMs: only with MOUNTLAB_VM_TEST=1,
// in `npm run test:vm`): each cucumber worker resumes a lab VM of its own, the root-namespace
// scenario's reset starts another, both scenarios pass and none of those VMs is left running.
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
const skip = process.env.MOUNTLAB_VM_TEST !== '1' ? 'boots two VMs: set MOUNTLAB_VM_TEST=1' : imageMissing;

test('--parallel 2 on the lab VM: a lab VM per worker, a third for the root-namespace scenario\'s reset, none left after', { skip: skip ?? false, timeout: 900_000 }, () => {
  const reports = mkdtempSync(join(tmpdir(), 'mountlab-parallel-'));
  try {
    // privatetmp.feature:46 runs in a sandbox; :140 (the private-parent example) in the VM's root namespace
    const r = runLab(['--target', 'qemu', '--profile', 'ci', '--parallel', '2', 'features/privatetmp.feature:46:140'], { env: { MOUNTLAB_REPORT_DIR: reports } });
    const out = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, out);
    assert.match(out, /2 scenarios \(2 passed\)/);
    // each worker starts its VM (BeforeAll) before it is given a scenario, whichever it gets; the
    // root-namespace scenario's reset is the third start: three VMs, each on its own ssh port
    const ports = [...out.matchAll(/lab VM up \(.*? -p (\d+) /g)].map((m) => m[1] ?? '');
    assert.equal(ports.length, 3, out);
    assert.equal(new Set(ports).size, 3, `ssh ports ${ports.join(', ')}`);
    for (const port of ports) assert.deepEqual(qemuOnPort(port), [], `the VM on port ${port} is still running`);
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
});
