// The mountlab box's manifest (the lab image's, copied next to the box's key by lab/image/build.sh)
// names the host key to pin and the image, as the qemu target's reports name theirs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boxManifest } from '../../src/drivers/vagrant/box.ts';

function withKeyDir(manifest: object | undefined, body: (identityFile: string, home: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-box-'));
  if (manifest !== undefined) writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return body(join(dir, 'id_ed25519'), join(dir, 'vagrant-home')).finally(() => { rmSync(dir, { recursive: true, force: true }); });
}

test('the box names its image as the qemu target does, and the host key to pin', async () => {
  await withKeyDir({ name: 'mountlab-bookworm', kernelRelease: '6.1.0-57-amd64', builtAt: '2026-12-01T13:59:02Z', hostKeySha256: 'SHA256:abc' }, async (identityFile, home) => {
    assert.deepEqual(await boxManifest(identityFile, home, 'mountlab/bookworm'), { hostKeySha256: 'SHA256:abc', description: 'mountlab-bookworm-6.1 (2026-12-01)' });
  });
});

test('a manifest without the image fields still pins the key; one without a key is refused', async () => {
  await withKeyDir({ hostKeySha256: 'SHA256:abc' }, async (identityFile, home) => {
    assert.deepEqual(await boxManifest(identityFile, home, 'mountlab/bookworm'), { hostKeySha256: 'SHA256:abc', description: null });
  });
  await withKeyDir({ name: 'mountlab-bookworm' }, async (identityFile, home) => {
    await assert.rejects(boxManifest(identityFile, home, 'mountlab/bookworm'), /no manifest\.json with hostKeySha256 .* rebuild it with lab\/image\/build\.sh/);
  });
});
