import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCommand, describeImage, imageDir, labDir, loadImage, parseManifest } from './catalogue.ts';

const manifest = {
  name: 'mountlab-trixie',
  suite: 'bookworm',
  kernelSuite: 'trixie',
  kernelRelease: '6.12.48+deb13-amd64',
  kernelPackageVersion: '6.12.48-1',
  builtAt: '2026-11-23T23:14:23Z',
  hostKeySha256: 'SHA256:+mKRItu86ZU5YnBm+XSdEvQbXxW/t6XR1Dyifm1WM3A',
  cmdline: 'root=/dev/vda rw',
  packages: { systemd: '252.39-1~deb12u2' },
};

test('an image name lives under lab/build; a path is taken as it is', () => {
  assert.equal(imageDir('mountlab-bookworm'), join(labDir(), 'build', 'mountlab-bookworm'));
  assert.equal(imageDir('/srv/images/x'), '/srv/images/x');
});

test('the manifest is checked field by field; the image is described by name, kernel series and date', async () => {
  assert.throws(() => parseManifest('{"name":"x"}', 'm.json'), /m\.json lacks suite, kernelSuite, .*packages; rebuild the image/);
  assert.throws(() => parseManifest('not json', 'm.json'), /not valid JSON/);
  const dir = mkdtempSync(join(tmpdir(), 'image-test-'));
  try {
    for (const f of ['disk.qcow2', 'vmlinuz', 'initrd', 'id_ed25519']) writeFileSync(join(dir, f), '');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const image = await loadImage(dir);
    assert.equal(describeImage(image), 'mountlab-trixie-6.12 (2026-11-23)');
    assert.match(image.id, /^[0-9a-f]{16}$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing image says how to build it', async () => {
  await assert.rejects(loadImage('/nonexistent/mountlab-bullseye'), /is not built \(missing disk\.qcow2, vmlinuz.*lab\/image\/build\.sh --kernel bullseye/);
  assert.equal(buildCommand('mountlab-bookworm'), 'npm run lab:image (lab/image/build.sh)');
});
