import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineDomain, snapshotFailure } from '../../src/drivers/vagrant/libvirt-snapshot.ts';
import { VagrantError } from '../../src/drivers/vagrant/vagrant-cli.ts';

test('the machine domain is the UUID vagrant-libvirt wrote to .vagrant/machines/default/libvirt/id', async () => {
  const lab = await mkdtemp(join(tmpdir(), 'mountlab-vagrant-'));
  try {
    await assert.rejects(machineDomain(lab), (e: unknown) => e instanceof VagrantError && e.kind === 'not-created');
    await mkdir(join(lab, '.vagrant/machines/default/libvirt'), { recursive: true });
    await writeFile(join(lab, '.vagrant/machines/default/libvirt/id'), '9b0e6f1c-2f43-4d3e-a3f2-5d1f0c3a7e21');
    assert.equal(await machineDomain(lab), '9b0e6f1c-2f43-4d3e-a3f2-5d1f0c3a7e21');
  } finally {
    await rm(lab, { recursive: true, force: true });
  }
});

test('virsh saying the snapshot does not exist is snapshot-missing; anything else is failed', () => {
  // printed by virsh 9.0.0 (Debian 12) for snapshot-info/snapshot-revert of a name the domain lacks
  const missing = "error: Domain snapshot not found: no domain snapshot with matching name 'nosuch'\n";
  assert.equal(snapshotFailure('virsh snapshot-revert', missing).kind, 'snapshot-missing');
  const other = snapshotFailure('virsh snapshot-revert', 'error: Requested operation is not valid: domain is not running\n');
  assert.equal(other.kind, 'failed');
  assert.match(other.message, /domain is not running/);
});
